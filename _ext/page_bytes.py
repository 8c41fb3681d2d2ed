"""What a page downloads before the reader sees it (issue 24: first paint, largest paint, bytes).

Lighthouse's mobile audit simulates a slow 4G link (150 ms round trip, 1.6 Mbit/s) and a 4x slower
CPU. Its largest contentful paint on this book is a paragraph of the first screen (text), and its
simulation counts every request that finished before that paint, every byte of it: on the
unthrottled load it measures from, that is the whole page (30 requests, 350-400 KiB compressed on
a chapter with an explorer). Profile (benchmarks/bench_lighthouse.py --reports, forward-propagation,
cross-entropy, weight-gradients, initialization, intro): the page's HTML 36-125 KiB compressed, of
which the widgets' state and the explorers' script and data were 30-65 KiB; the stylesheet bundle
95 KiB (the only render-blocking request); the search tools and index 35 KiB; the MathJax and icon
fonts; the theme's scripts, preloaded at high priority beside the stylesheet.

Enabled in _config.yml (``local_extensions: page_bytes``), after book_fixes (which wires
page_speed.py): every page of the ``html`` and ``singlehtml`` builds passes through
:func:`transform_page` after page_speed's transformation. Nothing a reader sees changes.

1. **No widget state.** myst-nb writes the notebook's ipywidgets state (41-164 KiB, 12-34 KiB
   compressed) into the head of every page whose notebook displayed an explorer's widget. The
   book shows the explorers' no-kernel HTML instead (``nb_mime_priority_overrides``) and loads
   no widget manager (``nb_ipywidgets_js: {}``): nothing read it. Dropped while that is so.
2. **The explorers' script and data in files, loaded when an explorer goes live.** Each explorer
   carried the page script (``static.live_js``, 45 KiB, 15 KiB compressed: twice on the pages with
   two explorers) and its data and templates (JSON). The script is written once to
   ``_static/bp-live/live-<hash>.js`` (the browser caches it across pages) and every explorer's
   data to ``_static/bp-live/<hash>.js`` (explorers with the same data share the file, as
   page_speed.py did for the large ones, whose .json files these replace): a script handing the
   JSON's text to ``BPLazyExplorers.data``, so that a book opened from the disk (file://), where
   nothing can be fetched, has live explorers too. The figure the library drew, with its
   numbers, and the controls stay in the page: without JavaScript and in the PDF nothing
   changes. The lazy layer (_ext/static/bp-lazy-explorers.js) loads both when the explorer comes
   near the viewport after the page has loaded, or at once when a control is used first.
3. **Search tools on the search page only.** pydata-sphinx-theme loads Sphinx's searchtools.js,
   language_data.js and searchindex.js (35 KiB compressed, 3 requests) on every page for its
   search-as-you-type, which the book leaves off (``search_as_you_type = false``): the search box
   leads to search.html, which loads them itself. Dropped from the other pages while it is off.
4. **The theme's scripts fetched as the deferred scripts they are.** The theme preloads
   bootstrap.js and pydata-sphinx-theme.js (``<link rel="preload" as="script">``, high priority,
   beside the render-blocking stylesheet), though both are deferred at the end of the body. The
   preloads are dropped: the scripts are fetched when the parser reaches them, at low priority.
5. **The launch menu's logos** (Binder, Colab) are in a closed dropdown: ``loading="lazy"``.
6. (The stylesheet bundle without the rules that match nothing is page_speed.py's, 10.)
7. **The deferred scripts in one file; documentation_options.js in the page.** A chapter fetched
   14 small scripts (Sphinx's, the theme's, the extensions', the book's), each a request and a
   round trip on a slow network. After the build, each page's local ``defer`` and ``async``
   scripts are one deferred file, ``_static/bp-js/<hash>.js`` (:func:`bundle_scripts`; pages
   with the same scripts share it): the scripts in the order the page ran its deferred scripts
   (a deferred script from elsewhere ends the run: the later ones stay as they were), each after
   a ``;`` so that none makes the others strict; their ``data-*`` attributes on the bundle's tag
   (design-tabs.js reads its own through ``document.currentScript``). When nothing deferred
   follows it, the bundle runs its scripts one task each (``SPLIT_RUNNER``: their start-up in one
   task was a chapter's longest task on a phone). documentation_options.js (324 bytes), the one
   script that blocked the first paint, is written into the page.
(The maths is SVG, drawn with no font file: page_speed.py.)
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from page_speed import BUNDLE_DIR as CSS_BUNDLE_DIR
from page_speed import local_file

HERE = Path(__file__).resolve().parent
LIVE_DIR = "_static/bp-live"

WIDGET_STATE_TYPE = "application/vnd.jupyter.widget-state+json"
# 2. the explorers: their data holder (page_speed may have emptied it: data-src) and the page script
HOLDER = re.compile(r'<script type="application/json" class="bp-live"((?: data-[a-z]+="[^"]*")*)>((?:\{.*?)?)</script>',
                    re.S)
LIVE_JS = re.compile(r"<script>(/\* The explorers of backprop_lib, live in a static page.*?)</script>", re.S)
# 3. the search tools (page_speed.py defers them; either form)
SEARCH_TOOLS = re.compile(r'\s*<script(?: defer)? src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js|'
                          r'searchindex\.js)[^"]*"></script>')
SEARCH_OFF = "DOCUMENTATION_OPTIONS.search_as_you_type = false;"
# 4. the theme's preloads of its deferred scripts
SCRIPT_PRELOAD = re.compile(r'\s*<link rel="preload" as="script" href="[^"]*_static/scripts/'
                            r'(?:bootstrap|pydata-sphinx-theme)\.js[^"]*"\s*/?>')
# 5. the launch menu's logos
LAUNCH_LOGO = re.compile(r'<img (alt="[^"]*" src="[^"]*_static/images/logo_[a-z]+\.(?:svg|png)")>')


def _write_once(outdir: str, rel: str, text: str) -> None:
    target = Path(outdir) / rel
    if target.exists() and target.stat().st_size == len(text.encode("utf-8")):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def explorers_out_of_page(page: str, prefix: str, outdir: str) -> str:
    """2.: the page script and every explorer's data moved to files; each holder says where
    (``data-src``: the data, ``data-js``: the script). Only for pages wired to the lazy layer."""
    if "BPLazyExplorers.add(" not in page or "root.BPLazyExplorers = {" not in page:
        return page                      # explorers mounted at load (page_speed off): left as they are
    scripts = {m.group(1) for m in LIVE_JS.finditer(page)}
    if len(scripts) != 1:
        return page                      # none, or two versions of it: left as it is
    js = scripts.pop()
    js_rel = f"{LIVE_DIR}/live-{_digest(js)}.js"
    _write_once(outdir, js_rel, js)

    def holder(m):
        attrs = dict(re.findall(r'(data-[a-z]+)="([^"]*)"', m.group(1)))
        text = m.group(2)
        src = attrs.get("data-src", "")
        if not text and src.startswith(prefix) and src.endswith(".json"):   # page_speed.py moved it
            moved = Path(outdir) / src[len(prefix):]
            text = moved.read_text(encoding="utf-8") if moved.is_file() else ""
        if text:
            # the data as a script (loads from file:// too) handing over the JSON's text, "<\/" and all
            key = _digest(text)
            _write_once(outdir, f"{LIVE_DIR}/{key}.js",
                        f'BPLazyExplorers.data("{key}",{json.dumps(text, ensure_ascii=False)});\n')
            attrs["data-src"] = f"{prefix}{LIVE_DIR}/{key}.js"
        if "data-src" not in attrs:
            return m.group(0)
        attrs["data-js"] = prefix + js_rel
        return ('<script type="application/json" class="bp-live"'
                + "".join(f' {k}="{v}"' for k, v in attrs.items()) + "></script>")

    page = HOLDER.sub(holder, page)
    return LIVE_JS.sub("", page)


def drop_unused_payloads(outdir: str) -> str:
    """page_speed.py's <hash>.json files that no page of the build points to any more (2.)."""
    if not (Path(outdir) / LIVE_DIR).is_dir():
        return "no explorer data"
    return f"{drop_unlinked(Path(outdir), (LIVE_DIR, '.json'))} unused JSON files dropped"


def drop_unlinked(root: Path, *folders) -> int:
    """Delete the files of ``folders`` ((directory, suffix) pairs: explorer data, bundles of an
    earlier build) that no page of the build names any more; how many."""
    pages = [p.read_text(encoding="utf-8") for p in root.rglob("*.html")
             if "_static" not in p.relative_to(root).parts]
    gone = 0
    for directory, suffix in folders:
        folder = root / directory
        if not folder.is_dir():
            continue
        pattern = re.compile(re.escape(directory) + r"/([0-9a-f]+" + re.escape(suffix) + ")")
        named = {name for text in pages for name in pattern.findall(text)}
        for f in folder.glob("*" + suffix):
            if f.name not in named:
                f.unlink()
                gone += 1
    return gone


def transform_page(page: str, prefix: str, outdir: str | None, pagename: str = "") -> str:
    """The page with less to download before it is read (see the module's docstring)."""
    if outdir and 'class="bp-live"' in page:
        page = explorers_out_of_page(page, prefix, outdir)
    if pagename != "search" and SEARCH_OFF in page:
        page = SEARCH_TOOLS.sub("", page)
    page = SCRIPT_PRELOAD.sub("", page)
    page = LAUNCH_LOGO.sub(r'<img \1 loading="lazy">', page)
    return page


# --------------------------------------------------------------------------- Sphinx wiring


def _drop_widget_state(app, pagename, templatename, context, doctree):
    """1.: the widgets' state, while no widget manager reads it."""
    if getattr(app.config, "nb_ipywidgets_js", None):
        return
    scripts = context.get("script_files")
    if scripts:
        context["script_files"] = [js for js in scripts
                                   if (getattr(js, "attributes", None) or {}).get("type") != WIDGET_STATE_TYPE]


def _wrap_renderer(app):
    if app.builder.format != "html":
        return
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    templates = app.builder.templates
    original = templates.render

    def render(template, ctx):
        out = original(template, ctx)
        try:
            url = ctx["pathto"]("_static/x", 1)
            return transform_page(out, url[: -len("_static/x")], app.builder.outdir, ctx.get("pagename", ""))
        except Exception as exc:  # never lose a page: keep it as it was
            logger.warning(f"page_bytes: {ctx.get('pagename')}: left as is ({exc})")
            return out

    templates.render = render


# --------------------------------------------------------------------------- 7. the scripts

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>\s*</script>", re.I)
TAG_ATTR = re.compile(r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*"([^"]*)")?')
DOC_OPTIONS = re.compile(r'<script src="([^"]*_static/documentation_options\.js)(?:\?[^"]*)?"></script>')
JS_BUNDLE_DIR = "_static/bp-js"


def _tag_attrs(m) -> dict:
    return {k.lower(): v for k, v in TAG_ATTR.findall(m.group(1))}


def _bundle_members(text: str, page: Path, root: Path):
    """[(match, path, data-attributes)] of the page's scripts that go into its bundle."""
    members, data = [], {}
    for m in SCRIPT_TAG.finditer(text):
        attrs = _tag_attrs(m)
        if "src" not in attrs:
            continue
        deferred, is_async = "defer" in attrs, "async" in attrs
        if not (deferred or is_async) or "module" in attrs.get("type", ""):
            continue                      # parser-blocking scripts and modules run when they are met
        path = local_file(attrs["src"], page, root, ".js")
        extra = {k: v for k, v in attrs.items() if k not in ("src", "defer", "async")}
        own = {k: v for k, v in extra.items() if k.startswith("data-")}
        clash = any(k in data and data[k] != v for k, v in own.items())
        if path is None or len(own) != len(extra) or clash:
            if deferred and members:      # a deferred script left out: the ones after it keep their turn
                break
            continue
        data.update(own)
        members.append((m, path))
    return members, data


# The bundle's scripts each in a task of their own. Run one after the other in one task, the
# theme's, Sphinx's and the book's start-up code (and the layout it reads) was the longest task of
# a chapter's load on a phone (Lighthouse's total blocking time). When nothing deferred follows the
# bundle on the page (nothing could then run between its scripts), the bundle holds each script's
# text and runs the first at once, each next one in a task of its own (a message to itself), as
# an inline script at the top level: their globals, ``document.currentScript`` (with the bundle
# tag's ``data-*`` attributes) and strictness are what they were. A script run after the page's
# DOMContentLoaded (or load) that waits for it has its listener called at once, as if it had
# been on time (design-tabs.js waits for DOMContentLoaded without looking at readyState).
SPLIT_RUNNER = """/* The page's deferred scripts, in their order, each in a task of its own (_ext/page_bytes.py, 7.). */
(function () {
  "use strict";
  var parts = %(parts)s;
  var tag = document.currentScript, data = {}, i = 0, channel = null;
  if (tag) for (var a = 0; a < tag.attributes.length; a++) {
    if (tag.attributes[a].name.indexOf("data-") === 0) data[tag.attributes[a].name] = tag.attributes[a].value;
  }
  var domReady = document.readyState !== "loading", loaded = document.readyState === "complete";
  document.addEventListener("DOMContentLoaded", function () { domReady = true; });
  window.addEventListener("load", function () { loaded = true; });
  function late(target, add, fired, due) {
    return function (type, listener, options) {
      if (listener && fired(type)) { due.push([target, type, listener]); return; }
      return add.call(target, type, listener, options);
    };
  }
  function run(part) {
    var s = document.createElement("script"), due = [];
    for (var k in data) s.setAttribute(k, data[k]);
    s.text = part[1] + "\\n//# sourceURL=" + part[0];
    document.addEventListener = late(document, EventTarget.prototype.addEventListener, function (t) {
      return t === "DOMContentLoaded" && domReady; }, due);
    window.addEventListener = late(window, EventTarget.prototype.addEventListener, function (t) {
      return (t === "DOMContentLoaded" && domReady) || (t === "load" && loaded); }, due);
    try { document.head.appendChild(s); }
    finally { delete document.addEventListener; delete window.addEventListener; }
    due.forEach(function (d) {
      var ev = new Event(d[1]);
      try { typeof d[2] === "function" ? d[2].call(d[0], ev) : d[2].handleEvent(ev); }
      catch (e) { setTimeout(function () { throw e; }); }
    });
  }
  // <html data-bp-scripts="running"> until the last has run, then "done" (the browser tests wait for it)
  function next() {
    if (i >= parts.length) return;
    run(parts[i++]);
    document.documentElement.setAttribute("data-bp-scripts", i < parts.length ? "running" : "done");
    if (i < parts.length) {
      if (!channel) { channel = new MessageChannel(); channel.port1.onmessage = next; }
      channel.port2.postMessage(0);
    }
  }
  next();
})();
"""


def _bundle_js(members, root: Path, split: bool) -> str:
    if not split:
        return "".join(f"\n;/* {p.relative_to(root)} */\n" + p.read_text(encoding="utf-8") for _, p in members)
    parts = [[str(p.relative_to(root)), p.read_text(encoding="utf-8")] for _, p in members]
    text = json.dumps(parts, ensure_ascii=True, indent=0)
    return SPLIT_RUNNER % {"parts": text}


def _deferred_after(text: str, pos: int) -> bool:
    """Is a deferred (or async, or module) script after pos on the page?"""
    for m in SCRIPT_TAG.finditer(text, pos):
        attrs = _tag_attrs(m)
        if "src" in attrs and ("defer" in attrs or "async" in attrs or "module" in attrs.get("type", "")):
            return True
    return False


def bundle_scripts(outdir: str) -> str:
    """7.: each page's deferred scripts in one file, documentation_options.js inline."""
    root = Path(outdir).resolve()
    made, pages, before = {}, 0, 0
    for page in sorted(root.rglob("*.html")):
        if "_static" in page.relative_to(root).parts:
            continue
        text = page.read_text(encoding="utf-8")
        new = text
        m = DOC_OPTIONS.search(new)
        path = m and local_file(m.group(1), page, root, ".js")
        if path:
            body = path.read_text(encoding="utf-8")
            if "</script" not in body.lower():
                new = new[:m.start()] + f"<script>{body.strip()}</script>" + new[m.end():]
        if f"{JS_BUNDLE_DIR}/" not in new:
            members, data = _bundle_members(new, page, root)
            if len(members) >= 2:
                split = not _deferred_after(new, members[-1][0].end())
                key = (split,) + tuple(str(p) for _, p in members)
                if key not in made:
                    js = _bundle_js(members, root, split)
                    name = _digest(js) + ".js"
                    (root / JS_BUNDLE_DIR).mkdir(parents=True, exist_ok=True)
                    (root / JS_BUNDLE_DIR / name).write_text(js, encoding="utf-8")
                    made[key] = name
                prefix = "../" * (len(page.relative_to(root).parts) - 1)
                attrs = "".join(f' {k}="{v}"' for k, v in data.items())
                out, pos = [], 0
                for i, (mm, _) in enumerate(members):
                    out.append(new[pos:mm.start()])
                    if i == 0:
                        out.append(f'<script defer src="{prefix}{JS_BUNDLE_DIR}/{made[key]}"{attrs}></script>')
                    pos = mm.end()
                out.append(new[pos:])
                new = "".join(out)
                before += len(members)
                pages += 1
        if new != text:
            page.write_text(new, encoding="utf-8")
    stale = drop_unlinked(root, (JS_BUNDLE_DIR, ".js"), (CSS_BUNDLE_DIR, ".css"))
    return (f"{pages} pages: {before / max(pages, 1):.0f} scripts each in one ({len(made)} bundles"
            f"{', ' + str(stale) + ' stale ones deleted' if stale else ''})")


def _purge(app, exception):
    if exception or app.builder.format != "html":
        return
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    logger.info("page_bytes: scripts: " + bundle_scripts(app.builder.outdir))
    logger.info("page_bytes: explorer data: " + drop_unused_payloads(app.builder.outdir))


def setup(app):
    # after page_speed.py's bundle of the stylesheets (build-finished, priority 1000)
    app.connect("build-finished", _purge, priority=1001)
    # after page_speed's wrapper (registered by book_fixes, an extension loaded before this one)
    app.connect("builder-inited", _wrap_renderer, priority=600)
    # after myst-nb adds the page's scripts (html-page-context, priority 500)
    app.connect("html-page-context", _drop_widget_state, priority=950)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
