"""Fast on a phone (issue 24): what the theme and the extensions emit, lighter, nothing lost.

Enabled by _ext/book_fixes.py (no _config.yml entry of its own). Every page of the ``html`` and
``singlehtml`` builds passes through :func:`transform_page` after its template is rendered:

1. **Maths typeset at build time.** The TeX that the page's MathJax found (``\\(...\\)``,
   ``\\[...\\]``, ``$$...$$`` in the body's text, outside script, style, pre, code, textarea and
   svg) is typeset by the same MathJax (3.2.2, npm ``mathjax-full``, pinned in
   _ext/mathjax/package-lock.json) run in Node (_ext/mathjax/prerender.js): SVG (the TeX fonts'
   glyphs, each defined once in a hidden ``<svg id="MJX-SVG-global-cache">`` at the start of the
   body, drawn in the text's colour) with its assistive MathML, the page's stylesheet in
   ``<style id="MJX-SVG-styles">``. The 259 KiB MathJax script and its typesetting on the
   reader's main thread are gone, and so are MathJax's woff fonts and the style and layout of
   CHTML's one box per character (``MATH_OUTPUT = "chtml"`` still gives CHTML, its fonts in
   ``_static/mathjax/woff-v2``). In its place a small inline script keeps ``window.MathJax``'s
   ``startup.promise`` and ``typesetPromise`` (book-screens.js, the quizzes and the PDF use them):
   only if TeX is still left in the page (a quiz's feedback written by its script) does it load
   the real MathJax from the CDN, as the page did before, and typeset it.
   Without Node (or ``npm ci`` failing) the build keeps the browser's MathJax, as before.
2. **Icons without fontawesome.js.** The theme loads Font Awesome twice: its CSS (with the
   webfonts, used by the admonitions' icons anyway) and fontawesome.js (530 KiB compressed),
   which swaps each ``<i class="fa-...">`` for an inline SVG. The script is dropped; the same icons
   are drawn by the CSS and the webfonts (``aria-hidden`` as the script made them), and the
   webfonts (295 KiB) are cut to the glyphs the book uses (:func:`subset_icon_fonts`, ~6 KiB).
3. **Scripts deferred.** Sphinx's search index (95 KiB) and its tools, and the head's scripts
   that wait for ``DOMContentLoaded`` anyway (doctools, copybutton, togglebutton, ...), blocked
   the first paint; they are ``defer``-red, in the same order (deferred scripts run before
   ``DOMContentLoaded``).
4. **Explorers made live when needed.** The page's figure (drawn by the library) is there from
   the start; it is made live (BPLive.mount: its data read, its quantities computed) when it comes
   near the viewport or is touched, not at load: _ext/static/bp-lazy-explorers.js (see there).
   An explorer's data and templates (JSON) over ``EXTERNAL_PAYLOAD`` bytes (1.1 MB on
   vanishing-gradients) are written to ``_static/bp-live/<hash>.json`` and fetched only then.
5. **A chapter's cells drawn when near the screen** (``content-visibility: auto`` on each notebook
   cell, with a height before it is drawn taller than any cell: _ext/static/book-screens.css). On
   the sections, with a guessed height, it was left out (see there).
6. **Charts fetched when scrolled near.** The matplotlib PNGs (``_images/``, up to 180 KiB each,
   315 KiB of initialization's 689 KiB) get ``loading="lazy"`` with their width and height (no
   shift as they arrive); not in ``singlehtml``, which the PDF is printed from.
7. **The theme's scroll check in idle time, without layout thrashing** (:func:`patch_theme_js`).
8. **One stylesheet.** After the build, each page's 15 render-blocking stylesheets are one file in
   ``_static/bp-css/`` (:func:`bundle_stylesheets`), and the subset icon font is preloaded.
9. **The assistive MathML laid out when near the viewport** (``content-visibility: auto``; see there).
10. **The stylesheet without the rules of classes the book never uses** (567 -> 159 KiB, 95 -> 29
   KiB compressed; :func:`unused_rules_dropped`).
11. **The colour mode set once, in the head** (no restyle of the whole page when the theme's script
   sets it; see there).
The stand-in for MathJax (1.) walks the page's text at load only if the build left TeX in it.
"""

from __future__ import annotations

import hashlib
import html as _html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
MATHJAX_DIR = HERE / "mathjax"
PRERENDER_JS = MATHJAX_DIR / "prerender.js"
FONTS_SRC = MATHJAX_DIR / "node_modules" / "mathjax-full" / "es5" / "output" / "chtml" / "fonts" / "woff-v2"
FONTS_REL = "_static/mathjax/woff-v2"
EXTERNAL_PAYLOAD = 64 * 1024
SCALE = 1.273   # what the page's MathJax measured for the theme's font (see prerender.js)
# "svg": each formula one <svg> of the TeX fonts' glyphs (defined once a page, drawn in the text's
# colour), "chtml": MathJax's HTML+CSS, every character a box of its own, with its woff fonts.
# SVG made the pages' style and layout at load much cheaper (issue 24, see prerender.js).
MATH_OUTPUT = os.environ.get("BP_MATH_OUTPUT", "svg")
MATHJAX_CDN = "https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"

# --------------------------------------------------------------------------- Node MathJax


class MathJaxNode:
    """prerender.js in Node, one process per page (autoloaded TeX packages stay per page)."""

    def __init__(self):
        self.failed = None
        self.ready = False

    @staticmethod
    def install() -> str | None:
        """npm ci in _ext/mathjax the first time; None when ready, else why not."""
        if shutil.which("node") is None:
            return "node not found"
        if (MATHJAX_DIR / "node_modules" / "mathjax-full" / "package.json").exists():
            return None
        if shutil.which("npm") is None:
            return "npm not found"
        proc = subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                              cwd=MATHJAX_DIR, capture_output=True, text=True)
        if proc.returncode != 0:
            return "npm ci in _ext/mathjax failed: " + proc.stderr[-500:]
        return None

    def typeset(self, items: list[dict], font_url: str, config: dict) -> dict:
        if not self.ready and not self.failed:
            self.failed = self.install()
            self.ready = not self.failed
        if self.failed:
            raise RuntimeError(self.failed)
        request = {"items": items, "fontURL": font_url, "scale": SCALE, "config": config,
                   "output": MATH_OUTPUT}
        proc = subprocess.run(["node", str(PRERENDER_JS)], cwd=MATHJAX_DIR, input=json.dumps(request),
                              capture_output=True, text=True, encoding="utf-8", timeout=600)
        if proc.returncode != 0:
            raise RuntimeError("prerender.js failed: " + proc.stderr[-1000:])
        return json.loads(proc.stdout)

    def close(self):
        pass


NODE = MathJaxNode()

# --------------------------------------------------------------------------- finding the TeX

# raw-text elements and the elements MathJax skips (skipHtmlTags), plus svg
_SKIP = re.compile(r"<(script|style|textarea|pre|code|noscript|svg|annotation|annotation-xml)\b[^>]*>.*?</\1\s*>",
                   re.S | re.I)
_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
# MathJax's delimiters on these pages: inline \( \) (its default), display $$ $$ and \[ \]
_DELIMS = re.compile(r"\\\((?P<i>.+?)\\\)|\\\[(?P<d>.+?)\\\]|\$\$(?P<dd>.+?)\$\$", re.S)


def _math_in_text(text: str):
    """[(start, end, tex, display)] in a text node's (unescaped) text."""
    out = []
    for m in _DELIMS.finditer(text):
        if m.group("i") is not None:
            out.append((m.start(), m.end(), m.group("i"), False))
        else:
            out.append((m.start(), m.end(), m.group("d") if m.group("d") is not None else m.group("dd"), True))
    return out


def typeset_body(body: str, font_url: str, config: dict | None = None):
    """(body with its TeX typeset, the page's MathJax stylesheet, [tex that MathJax flagged]).
    With SVG output the glyphs' definitions (MathJax's global font cache, one hidden <svg>) open
    the body, before any formula that draws them."""
    pieces = []          # ('raw', html) | ('text', unescaped, [(s, e, tex, display)])
    pos = 0
    items = []

    def add_text(chunk):
        for seg_start, seg in _split_tags(chunk):
            if seg[0] == "raw":
                pieces.append(seg)
                continue
            raw = seg[1]
            text = _html.unescape(raw)
            found = _math_in_text(text) if ("\\" in text or "$$" in text) else []
            if not found:
                pieces.append(("raw", raw))
            else:
                pieces.append(("text", text, found))
                items.extend({"tex": tex, "display": disp} for _, _, tex, disp in found)

    for m in _SKIP.finditer(body):
        add_text(body[pos:m.start()])
        pieces.append(("raw", m.group(0)))
        pos = m.end()
    add_text(body[pos:])
    if not items:
        return body, "", []
    reply = NODE.typeset(items, font_url, config or {})
    rendered = iter(reply["html"])
    out = []
    for p in pieces:
        if p[0] == "raw":
            out.append(p[1])
            continue
        _, text, found = p
        last = 0
        for s, e, _, _ in found:
            out.append(_html.escape(text[last:s], quote=False))
            out.append(next(rendered))
            last = e
        out.append(_html.escape(text[last:], quote=False))
    errors = [items[i]["tex"] for i in reply.get("errors", [])]
    out = "".join(out)
    cache = reply.get("cache")
    if cache:
        opened = out.find(">") + 1 if out.startswith("<body") else 0
        out = out[:opened] + cache + out[opened:]
    return out, reply["css"], errors


def _split_tags(chunk: str):
    pos = 0
    for m in _TAG.finditer(chunk):
        if m.start() > pos:
            yield pos, ("text", chunk[pos:m.start()])
        yield m.start(), ("raw", m.group(0))
        pos = m.end()
    if pos < len(chunk):
        yield pos, ("text", chunk[pos:])


# --------------------------------------------------------------------------- the page

MATHJAX_SCRIPT = re.compile(r'<script[^>]*src="' + re.escape(MATHJAX_CDN) + r'"[^>]*>\s*</script>')
FONTAWESOME_SCRIPT = re.compile(r'<script[^>]*src="[^"]*_static/scripts/fontawesome\.js[^"]*"[^>]*>\s*</script>\s*')
# Scripts in the head that only act once the document is parsed (DOMContentLoaded): deferred,
# in the same order. documentation_options.js stays (the head's inline scripts extend it);
# bp-exercises*.js are deferred where they are added (_ext/exercise_progress.py).
DEFERRABLE = ("doctools.js", "sphinx_highlight.js", "clipboard.min.js", "copybutton.js",
              "sphinx-book-theme.js", "togglebutton.js", "design-tabs.js")
HEAD_SCRIPT = re.compile(r'<script((?: data-[a-z-]+="[^"]*")*) src="([^"]+)"></script>')
SEARCH_SCRIPTS = re.compile(r'<script src="([^"]*(?:searchtools\.js|language_data\.js|searchindex\.js)[^"]*)"></script>')
ICON = re.compile(r'<(i|span) class="((?:[^"]*\s)?fa[bsr]?(?:-[a-z0-9-]+)?(?:\s[^"]*)?)"(?![^>]*aria-hidden)')
PAYLOAD = re.compile(r'<script type="application/json" class="bp-live">(.*?)</script>', re.S)
MOUNT = re.compile(r"<script>BPLive\.mount\(document\.getElementById\('([^']+)'\)\);</script>")

# window.MathJax for a page whose maths is typeset: the API the page's scripts use, and the real
# MathJax (loaded from where the page loaded it before) only if TeX is left to typeset.
SHIM_JS = r"""<script>(function(){var config=window.MathJax||{},src=%(src)s,loading=null;
function left(el){var w=document.createTreeWalker(el,NodeFilter.SHOW_TEXT,{acceptNode:function(n){var p=n.parentElement;return p&&p.closest("mjx-container,script,style,textarea,pre,code,svg")?2:1}});
for(var n=w.nextNode();n;n=w.nextNode())if(/\\\(|\\\[|\$\$/.test(n.nodeValue))return true;return false}
function load(){if(!loading)loading=new Promise(function(ok){window.MathJax=config;var s=document.createElement("script");s.src=src;s.defer=true;
s.onload=function(){window.MathJax.startup.promise.then(ok,ok)};s.onerror=function(){ok()};document.head.appendChild(s)});return loading}
var shim=window.MathJax={bpPrerendered:true,startup:{promise:Promise.resolve()},
typesetPromise:function(els){els=els||[document.body];if(!els.some(left))return Promise.resolve();
return load().then(function(){return window.MathJax.typesetPromise?window.MathJax.typesetPromise(els):null})},
typeset:function(els){shim.typesetPromise(els)}};
if(%(scan)s)document.addEventListener("DOMContentLoaded",function(){if(left(document.body))load()});})();</script>"""

# 5. (Tried and left out: content-visibility: auto on the sections below the first screen skips
# their layout at load, but a section taller than its guessed height, laid out on demand when axe
# reads its text's size, spills over the sections below: axe then measured links against another
# box's background, and the accessibility audit failed. The cells have it instead, with a height
# before they are drawn that no cell exceeds: _ext/static/book-screens.css.)
# 9. The assistive MathML laid out when near the viewport. Half of a chapter's 5,000-12,000
# elements are the MathML beside each formula (what screen readers read: kept, unchanged, in the
# page and its accessibility tree), clipped to nothing on screen, and its style and layout were done
# for the whole page at load. content-visibility: auto on it (a non-text box for the eye: never on
# paragraphs, so axe still finds each text's real background) skips it until it comes near.
# (Tried and left out: the same on the display equations' CHTML, with the size MathJax computed
# as contain-intrinsic-size, exact to a pixel: a reader scrolling sees them, but whole-page
# screenshots (Playwright's, Lighthouse's) leave the skipped ones blank, and paint containment
# clips a glyph's overhang; there are only 0-10 display equations a page.)
MATH_LAZY_CSS = "mjx-assistive-mml{content-visibility:auto;contain-intrinsic-size:auto 1px}\n"
LAZY_IMAGES_CSS = '<style id="bp-lazy-images">.bd-article img[loading=lazy]{height:auto}</style>'
# 6. The charts (matplotlib PNGs in _images/, up to 180 KiB each) are fetched when scrolled near
# (loading="lazy"), not during the page's load, with their size in the markup (width, height:
# the space they take is kept while they load, nothing moves).
IMAGE = re.compile(r'<img ((?:(?!loading=)[^>])*?)src="([^"]*_images/[^"]+\.png)"((?:(?!loading=)[^>])*?)\s*(/?)>')


# 11. The colour mode set once. The theme's head script wrote the stored mode and theme, or "" on
# a first visit; its script then called its setMode with that "" (invalid: "Got invalid theme
# mode" in the console, reset to "auto") and set data-mode="auto" and data-theme="light" (or
# "dark"): on the root, so every element of the page was styled again (8,000 elements, 75 ms on
# a laptop, 4x that on a phone, one long task). The head now sets what setMode will: the stored
# mode if valid, else "auto", and the theme it resolves to (the system's for "auto"); setMode then
# writes the same values and nothing is restyled. Nothing a reader sees changes (the first paint
# has the right theme already).
THEME_MODE_HEAD = ('document.documentElement.dataset.mode = localStorage.getItem("mode") || "";\n'
                   '    document.documentElement.dataset.theme = localStorage.getItem("theme") || "";')
THEME_MODE_RESOLVED = ('var bpMode = localStorage.getItem("mode");\n'
                       '    if (["light", "dark", "auto"].indexOf(bpMode) < 0) bpMode = "auto";\n'
                       '    document.documentElement.dataset.mode = bpMode;\n'
                       '    document.documentElement.dataset.theme = bpMode !== "auto" ? bpMode :\n'
                       '      window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";')


def transform_page(page: str, static_prefix: str, outdir: str | None = None, log=None, image_file=None,
                   lazy_images: bool = True) -> str:
    """The rendered page, lighter (see the module's docstring). ``static_prefix`` is the relative
    path from the page to the build's root (``""`` or ``"../"``); ``image_file(name)``: the source
    of ``_images/<name>`` (Sphinx copies the images after writing the pages), else the build's;
    ``lazy_images`` False for the page the PDF is printed from (every chart there at once)."""
    # 11. the colour mode resolved in the head, as the theme's script will
    page = page.replace(THEME_MODE_HEAD, THEME_MODE_RESOLVED, 1)
    # 2. fontawesome.js; the icons' markup as the script left it for screen readers
    page = FONTAWESOME_SCRIPT.sub("", page)
    page = ICON.sub(lambda m: f'<{m.group(1)} class="{m.group(2)}" aria-hidden="true"', page)
    # 3. search scripts, and the head's scripts that wait for the document anyway
    page = SEARCH_SCRIPTS.sub(r'<script defer src="\1"></script>', page)
    start = page.find("<body")
    if start > 0:
        def defer(m):
            name = m.group(2).split("?")[0].rsplit("/", 1)[-1]
            return f'<script{m.group(1)} defer src="{m.group(2)}"></script>' if name in DEFERRABLE else m.group(0)
        page = HEAD_SCRIPT.sub(defer, page[:start]) + page[start:]
    # 6. the charts fetched when scrolled near
    if outdir and "_images/" in page and lazy_images:
        page = _lazy_images(page, static_prefix, outdir, image_file)
        if 'loading="lazy"' in page and 'id="bp-lazy-images"' not in page:
            page = page.replace("</head>", LAZY_IMAGES_CSS + "\n</head>", 1)
    # 4. large explorer payloads
    if outdir and "class=\"bp-live\"" in page:
        page = _externalise_payloads(page, static_prefix, outdir)
    # 1. maths
    if MATHJAX_SCRIPT.search(page):
        start = page.find("<body")
        try:
            body, css, errors = typeset_body(page[start:], static_prefix + FONTS_REL, _page_config(page[:start]))
        except RuntimeError as exc:
            if log:
                log(f"maths left to the browser's MathJax: {exc}")
            return page
        if errors and log:
            log("MathJax could not parse: " + "; ".join(e[:80] for e in errors[:5]))
        head = page[:start]
        # every TeX the page's MathJax would have found at load is typeset: no need to walk the
        # page's text at load to look for more (book-screens.js, the quizzes ask typesetPromise)
        left = _tex_left(body)
        head = MATHJAX_SCRIPT.sub(lambda m: SHIM_JS % {"src": json.dumps(MATHJAX_CDN),
                                                       "scan": "true" if left else "false"}, head, count=1)
        if css:
            # MathJax sizes every character's box itself (padding), so its text can show in the
            # fallback font until MathJax's font arrives without moving anything: the page's text
            # (maths included) paints at once instead of waiting for the fonts (font-display: block)
            css = re.sub(r"(@font-face[^{]*\{)", r"\1\n  font-display: swap;", css)
            css += MATH_LAZY_CSS
            head = head.replace("</head>", f'<style id="MJX-{MATH_OUTPUT.upper()}-styles">\n{css}</style>\n</head>', 1)
        page = head + body
    return page


def _png_size(path: Path):
    try:
        with open(path, "rb") as f:
            head = f.read(24)
    except OSError:
        return None
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def _lazy_images(page: str, prefix: str, outdir: str, image_file=None) -> str:
    def lazy(m):
        src = m.group(2)
        rel = src[len(prefix):] if prefix and src.startswith(prefix) else src
        path = Path(outdir) / rel
        if image_file is not None and not path.exists():
            path = image_file(rel.split("/")[-1]) or path
        size = _png_size(path)
        if size is None or re.search(r"\b(width|height)=", m.group(1) + m.group(3)):
            dims = ""
        else:
            dims = f' width="{size[0]}" height="{size[1]}"'
        return f'<img {m.group(1)}src="{src}"{m.group(3)}{dims} loading="lazy" decoding="async" {m.group(4)}>'.replace(" >", ">")

    return IMAGE.sub(lazy, page)


def _tex_left(body: str) -> bool:
    """Is TeX left in the body's text where the page's MathJax would look for it?"""
    text = _SKIP.sub("", body)
    return any(_math_in_text(_html.unescape(chunk)) for _, (kind, chunk) in _split_tags(text) if kind == "text")


def _page_config(head: str) -> dict:
    """The page's MathJax options (Sphinx writes them as window.MathJax = {...})."""
    m = re.search(r"<script>window\.MathJax = (\{.*?\})</script>", head)
    try:
        return json.loads(m.group(1)) if m else {}
    except ValueError:
        return {}


def _externalise_payloads(page: str, prefix: str, outdir: str) -> str:
    moved = set()

    def payload(m):
        text = m.group(1)
        if len(text) < EXTERNAL_PAYLOAD:
            return m.group(0)
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
        rel = f"_static/bp-live/{digest}.json"
        target = Path(outdir) / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        # the page escaped "</" inside its script; JSON reads "<\/" as "</" too
        target.write_text(text, encoding="utf-8")
        moved.add(m.start())
        return (f'<script type="application/json" class="bp-live" data-src="{prefix}{rel}"></script>')

    page = PAYLOAD.sub(payload, page)
    # every explorer of the page becomes live through the lazy layer (near the viewport or
    # touched), its data in the page or not: nothing is computed at load for an explorer far down
    page, mounts = MOUNT.subn(
        lambda m: f"<script>BPLazyExplorers.add(document.getElementById('{m.group(1)}'));</script>", page)
    if not mounts or "root.BPLazyExplorers = {" in page:
        return page
    lazy = (HERE / "static" / "bp-lazy-explorers.js").read_text(encoding="utf-8")
    return page.replace("</head>", f"<script>{lazy}</script>\n</head>", 1)


# --------------------------------------------------------------------------- Sphinx wiring


def _static_prefix(ctx) -> str:
    url = ctx["pathto"]("_static/x", 1)
    return url[: -len("_static/x")]


def _wrap_renderer(app):
    if app.builder.format != "html":
        return
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    templates = app.builder.templates
    original = templates.render

    def image_file(name):
        for src, dest in getattr(app.builder, "images", {}).items():
            if dest == name:
                return Path(app.srcdir) / src
        return None

    def render(template, ctx):
        out = original(template, ctx)
        try:
            return transform_page(out, _static_prefix(ctx), app.builder.outdir, image_file=image_file,
                                  lazy_images=app.builder.name != "singlehtml",
                                  log=lambda msg: logger.info(f"page_speed: {ctx.get('pagename')}: {msg}"))
        except Exception as exc:  # never lose a page: keep it as the theme made it
            logger.warning(f"page_speed: {ctx.get('pagename')}: left as is ({exc})")
            return out

    templates.render = render


# --------------------------------------------------------------------------- icon fonts

FA_CSS = "_static/styles/pydata-sphinx-theme.css"
FA_FONTS = {  # family, weight -> the theme's webfont
    ("Font Awesome 6 Free", 900): "fa-solid-900",
    ("Font Awesome 6 Free", 400): "fa-regular-400",
    ("Font Awesome 6 Brands", 400): "fa-brands-400",
}
FA_SUBSET_CSS = "_static/bp-icons.css"


def subset_icon_fonts(outdir: str) -> str:
    """Font Awesome's webfonts (153 + 115 + 25 KiB) cut down to the glyphs the book uses.

    Used = every ``fa-<name>`` class in the built pages and their scripts (mapped to its code point by
    the theme's CSS), every icon the theme's CSS draws itself (``content:"..."`` and its
    ``--pst-icon-*`` variables outside the icon table). The subsets (WOFF, fontTools) are declared
    in _static/bp-icons.css, loaded after the theme's CSS, so that they replace the full fonts
    (same family, weight and style: the later @font-face wins). Returns what was done."""
    out = Path(outdir)
    css_path = out / FA_CSS
    target = out / FA_SUBSET_CSS
    if not css_path.exists():
        return "no theme CSS"
    try:
        from fontTools import subset as ft_subset
        from fontTools.ttLib import TTFont
    except ImportError:
        target.write_text("/* fontTools not installed: the theme's full icon fonts are used */\n")
        return "fontTools not installed"
    css = css_path.read_text(encoding="utf-8")
    value = r'"(\\[0-9a-fA-F]{1,6}|[^"\\])"'      # "\f09b" or the character itself

    def code(v):
        return int(v[1:], 16) if v.startswith("\\") else ord(v)

    table, used = {}, set()
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        values = [code(v) for v in re.findall(r"(?:content|--pst-icon-[a-z-]+):" + value, body)]
        if not values:
            continue
        parts = [p.strip() for p in selector.split(",")]
        names = [re.fullmatch(r"\.(fa-[a-z0-9-]+):(?:before|after)", p) for p in parts]
        if all(names):                       # the icon table: .fa-<name>:before{content:"..."}
            for n in names:
                table[n.group(1)] = values[0]
        else:                                # icons the theme's CSS draws itself
            used.update(values)
    used = {c for c in used if 0xE000 <= c <= 0xF8FF or c > 0xFFFF}
    for f in list(out.rglob("*.html")) + list(out.rglob("*.js")):
        if f.name in ("fontawesome.js", "searchindex.js") or {"bp-live", "vendor"} & set(f.parts):
            continue
        text = f.read_text(encoding="utf-8", errors="ignore")
        for name in set(re.findall(r"fa-[a-z0-9-]+", text)):
            if name in table:
                used.add(table[name])
    faces = []
    webfonts = out / "_static" / "vendor" / "fontawesome" / "webfonts"
    dest = out / "_static" / "bp-icons"
    dest.mkdir(parents=True, exist_ok=True)
    sizes = []
    for (family, weight), stem in FA_FONTS.items():
        src = webfonts / f"{stem}.ttf"
        if not src.exists():
            continue
        font = TTFont(str(src))
        cmap = font.getBestCmap()
        codes = sorted(c for c in used if c in cmap)
        if not codes:
            continue
        opts = ft_subset.Options()
        opts.flavor = "woff"
        opts.layout_features = ["*"]
        sub = ft_subset.Subsetter(opts)
        sub.populate(unicodes=codes)
        sub.subset(font)
        font.flavor = "woff"
        digest = hashlib.sha1(bytes(str(codes), "ascii")).hexdigest()[:8]
        name = f"{stem}-{digest}.woff"
        font.save(str(dest / name))
        sizes.append(f"{stem} {len(codes)} glyphs {(dest / name).stat().st_size // 1024} KiB")
        faces.append(f'@font-face{{font-display:block;font-family:"{family}";font-style:normal;'
                     f'font-weight:{weight};src:url(bp-icons/{name}) format("woff")}}')
    target.write_text("/* Font Awesome's webfonts, cut to the icons the book uses (_ext/page_speed.py) */\n"
                      + "\n".join(faces) + "\n", encoding="utf-8")
    return "; ".join(sizes)


# 7. The theme's check of which code blocks and outputs scroll (a tab stop for those that do) read
# the size of one block, then set its tab stop, then read the next: each write after a read laid
# the page out again (layout thrashing, seen in the trace). And with the chapter's cells skipped
# until near the screen (5.), each read lays out a skipped cell at load.
# Patched: the theme hands its list to book-screens.js' bpTabStops, which does the same check a
# few boxes at a time in idle time; without it (another page), every size read first, then the
# tab stops written, only where they change.
THEME_JS = "_static/scripts/pydata-sphinx-theme.js"
THEME_SCROLL_CHECK = ".forEach(e=>{e.tabIndex=e.scrollWidth>e.clientWidth||e.scrollHeight>e.clientHeight?0:-1})"
THEME_SCROLL_CHECK_LAZY = (".forEach((e,i,l)=>{i||(window.bpTabStops?window.bpTabStops(l):"
                           "Array.from(l).map(e=>[e,e.scrollWidth>e.clientWidth||"
                           "e.scrollHeight>e.clientHeight?\"0\":\"-1\"]).forEach(([e,v])=>{"
                           "e.getAttribute(\"tabindex\")!==v&&e.setAttribute(\"tabindex\",v)}))})")


def patch_theme_js(outdir: str) -> str:
    path = Path(outdir) / THEME_JS
    if not path.exists():
        return "no theme script"
    text = path.read_text(encoding="utf-8")
    if THEME_SCROLL_CHECK_LAZY in text:
        return "already patched"
    if text.count(THEME_SCROLL_CHECK) != 1:
        return "the theme's scroll check not found: left as is"
    path.write_text(text.replace(THEME_SCROLL_CHECK, THEME_SCROLL_CHECK_LAZY), encoding="utf-8")
    return "scroll check patched"


# 8. The stylesheets in one file. The theme and the extensions link 15 stylesheets in the head,
# each render-blocking: on a phone's slow network every one is a request before the first paint.
# After the build (the files are in _static then) each page's local stylesheets are concatenated,
# in their order, into one _static/bp-css/<hash>.css (pages with the same list share it; their
# url()s rewritten to stay right from there, theme.css' @import of basic.css inlined), linked
# where the first one was. A stylesheet with a media attribute or outside the build stays as it was. The subset icon font and
# the subset icon font (font-display: block: the header's icons wait for it) is preloaded.
LINK = re.compile(r"<link\b[^>]*>", re.I)
ATTR = re.compile(r'([a-zA-Z-]+)="([^"]*)"')
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
BUNDLE_DIR = "_static/bp-css"


def local_file(href: str, page: Path, root: Path, suffix: str):
    """The build's file a page's ``href``/``src`` names, if it is one with ``suffix`` (not a URL,
    not outside the build); else None."""
    if re.match(r"^[a-z]+:|^//", href):
        return None
    path = (page.parent / href.split("?")[0].split("#")[0]).resolve()
    try:
        path.relative_to(root)
    except ValueError:
        return None
    return path if path.is_file() and path.suffix == suffix else None


IMPORT = re.compile(r"""@import\s+(?:url\(\s*)?(['"])([^'"]+)\1\s*\)?\s*;""")


def _css_rebased(path: Path, bundle_dir: Path, seen=()) -> str:
    """The stylesheet's text for the bundle: its url()s relative to the bundle, its @imports of
    local stylesheets (theme.css imports basic.css) replaced by their text."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'^\ufeff?@charset "[^"]*";\s*', "", text)
    imported = []

    def inline(m):
        target = (path.parent / m.group(2)).resolve()
        if target in seen or not target.is_file():
            raise ValueError(f"@import of {m.group(2)} in {path.name}")
        imported.append(_css_rebased(target, bundle_dir, seen + (path,)))
        return ""

    text = IMPORT.sub(inline, text)
    if "@import" in text:
        raise ValueError(f"an @import left in {path.name}")

    def rebase(m):
        url = m.group(2)
        if re.match(r"^(?:[a-z]+:|/|#)", url):
            return m.group(0)
        target = (path.parent / url.split("?")[0].split("#")[0])
        tail = url[len(url.split("?")[0].split("#")[0]):]
        rel = os.path.relpath(target, bundle_dir).replace(os.sep, "/")
        return f'url("{rel}{tail}")'

    return "\n".join(imported + [CSS_URL.sub(rebase, text)])


def bundle_stylesheets(outdir: str) -> str:
    """Every page's local stylesheets in one file (see 8.). Returns what was done."""
    root = Path(outdir).resolve()
    bundle_dir = root / BUNDLE_DIR
    made, texts, pages, before = {}, {}, 0, 0
    used, trimmed = None, []
    for page in sorted(root.rglob("*.html")):
        if "_static" in page.relative_to(root).parts:
            continue
        text = page.read_text(encoding="utf-8")
        head_end = text.find("</head>")
        if head_end < 0 or f"{BUNDLE_DIR}/" in text[:head_end]:
            continue
        head = text[:head_end]
        links = []
        for m in LINK.finditer(head):
            attrs = dict(ATTR.findall(m.group(0)))
            if attrs.get("rel") != "stylesheet" or "media" in attrs or "href" not in attrs:
                continue
            path = local_file(attrs["href"], page, root, ".css")
            if path is None:
                continue
            if path not in texts:
                try:
                    texts[path] = _css_rebased(path, bundle_dir)
                except ValueError:
                    texts[path] = None
            if texts[path] is not None:
                links.append((m, path))
        if len(links) < 2:
            continue
        key = tuple(str(p) for _, p in links)
        if key not in made:
            css = "\n".join(f"/* {p.relative_to(root)} */\n" + texts[p] for _, p in links)
            if used is None:
                used = _used_tokens(root)
            full = len(css)
            css = unused_rules_dropped(css, used)
            trimmed.append(f"{full // 1024} -> {len(css) // 1024} KiB")
            name = hashlib.sha1(css.encode("utf-8")).hexdigest()[:16] + ".css"
            bundle_dir.mkdir(parents=True, exist_ok=True)
            (bundle_dir / name).write_text(css, encoding="utf-8")
            made[key] = name
        prefix = "../" * (len(page.relative_to(root).parts) - 1)
        out, pos = [], 0
        for i, (m, _) in enumerate(links):
            out.append(head[pos:m.start()])
            if i == 0:
                out.append(f'<link rel="stylesheet" type="text/css" href="{prefix}{BUNDLE_DIR}/{made[key]}" />')
                out.append(_preloads(root, prefix))
            pos = m.end()
        out.append(head[pos:])
        before += len(links)
        pages += 1
        page.write_text("".join(out) + text[head_end:], encoding="utf-8")
    return (f"{pages} pages: {before / max(pages, 1):.0f} stylesheets each in one ({len(made)} bundles: "
            f"{', '.join(trimmed)} without the rules for classes the book never uses)")


# 10. The rules of classes the book never uses dropped from the bundle. The theme, Bootstrap,
# sphinx-design and Font Awesome bring ~7,000 rules (567 KiB, 95 KiB compressed, render-blocking:
# parsed before the first paint, and matched against every element); most select classes that no
# page has. A selector is dropped only if a class it needs (outside any parentheses: :not(.x)
# matches where .x is absent) is found nowhere in the build: no page's text (markup, inline
# scripts), no script, no JSON (the explorers' templates). A script that adds a class by name
# (Bootstrap's "show", the theme's) names it, so its rules stay. An escaped class is judged by its
# name (``.sd-col-md-\31 2`` is sd-col-md-12); a selector still needing an escape is kept, and so
# is every at-rule but @media/@supports (their rules filtered the same way). Classes that
# scripts from outside the build add (the Jupyter widget manager and thebe from their CDNs, the
# browser's MathJax for a quiz's feedback) are kept by their prefixes.
TOKEN = re.compile(r"[A-Za-z0-9_-]+")
OUTSIDE_PREFIXES = ("jp-", "jupyter", "widget", "lm-", "p-", "thebe", "cm-", "CodeMirror", "mjx", "MathJax",
                    "output")
SELECTOR_CLASS = re.compile(r"\.(-?[A-Za-z_][A-Za-z0-9_-]*)")


SKIP_WORDS = ("searchindex.js", "fontawesome.js")


class UsedWords:
    """Every word of the build's pages, scripts, explorer data and SVG: a class named nowhere here
    is set by nothing. A script's ``"bs-" + name`` counts as every class that starts with "bs-"
    (likewise a word that starts with "-" for the ends). Not the search index (the text's words)
    nor fontawesome.js (every icon's name), which the pages no longer load."""

    def __init__(self, words):
        self.words = set(words)
        self.starts = tuple(sorted(w for w in self.words if w.endswith("-") and len(w.strip("-")) >= 2))
        self.ends = tuple(sorted(w for w in self.words if w.startswith("-") and len(w.strip("-")) >= 2))

    def __contains__(self, cls: str) -> bool:
        return cls in self.words or cls.startswith(self.starts) or cls.endswith(self.ends)


def _used_tokens(root: Path) -> UsedWords:
    used = set()
    for f in root.rglob("*"):
        if f.suffix in (".html", ".js", ".json", ".svg") and f.name not in SKIP_WORDS and f.is_file():
            used.update(TOKEN.findall(f.read_text(encoding="utf-8", errors="ignore")))
    return UsedWords(used)


def _top_level(text: str):
    """(index, character) of ``text`` outside quotes, parentheses and brackets (and not one of
    their own marks): where a selector list's commas and a selector's own classes are."""
    depth, quote = 0, None
    for i, ch in enumerate(text):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif depth == 0:
            yield i, ch


def _split_selectors(prelude: str) -> list:
    out, start = [], 0
    for i, ch in _top_level(prelude):
        if ch == ",":
            out.append(prelude[start:i])
            start = i + 1
    out.append(prelude[start:])
    return [s.strip() for s in out]


def _selector_used(selector: str, used: set) -> bool:
    if "\\" in selector:
        return True
    outside = "".join(ch for _, ch in _top_level(selector))
    return all(c in used or c.startswith(OUTSIDE_PREFIXES) for c in SELECTOR_CLASS.findall(outside))


def unused_rules_dropped(css: str, used: set) -> str:
    """``css`` without the selectors (and rules) that need a class not in ``used`` (see 10.).
    Unchanged if tinycss2 (a dependency of nbconvert) is not there."""
    try:
        import tinycss2
    except ImportError:
        return css

    def walk(nodes):
        out = []
        for node in nodes:
            if node.type == "qualified-rule":
                prelude = tinycss2.serialize(node.prelude).strip()
                kept = [s for s in _split_selectors(prelude) if _selector_used(s, used)]
                if kept:
                    out.append(",".join(kept) + "{" + tinycss2.serialize(node.content) + "}")
            elif node.type == "at-rule" and node.lower_at_keyword in ("media", "supports") and node.content is not None:
                inner = walk(tinycss2.parse_rule_list(node.content))
                if inner:
                    out.append("@" + node.at_keyword + tinycss2.serialize(node.prelude) + "{" + "".join(inner) + "}")
            elif node.type in ("at-rule", "qualified-rule"):
                out.append(tinycss2.serialize([node]))
            elif node.type == "error":
                raise ValueError(f"CSS not understood: {node.message}")
        return out

    try:
        return "\n".join(walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)))
    except ValueError:
        return css


def _preloads(root: Path, prefix: str) -> str:
    out = []
    for f in sorted((root / "_static" / "bp-icons").glob("fa-solid-900-*.woff")):
        out.append(f'<link rel="preload" href="{prefix}_static/bp-icons/{f.name}" as="font" type="font/woff" crossorigin />')
    return "\n".join([""] + out) if out else ""


def copy_math_fonts(root: Path) -> None:
    """MathJax's woff fonts into the build, for CHTML maths (SVG maths uses no font file)."""
    if FONTS_SRC.is_dir() and MATH_OUTPUT == "chtml":
        dest = root / FONTS_REL
        dest.mkdir(parents=True, exist_ok=True)
        for f in FONTS_SRC.iterdir():
            shutil.copy2(f, dest / f.name)


def _finish(app, exception):
    NODE.close()
    if exception or app.builder.format != "html":
        return
    from sphinx.util import logging

    logging.getLogger(__name__).info("page_speed: icon fonts: " + subset_icon_fonts(app.builder.outdir))
    logging.getLogger(__name__).info("page_speed: theme script: " + patch_theme_js(app.builder.outdir))
    copy_math_fonts(Path(app.builder.outdir))


def _bundle(app, exception):
    if exception or app.builder.format != "html":
        return
    from sphinx.util import logging

    logging.getLogger(__name__).info("page_speed: stylesheets: " + bundle_stylesheets(app.builder.outdir))


def setup(app):
    app.connect("builder-inited", _wrap_renderer)
    app.connect("build-finished", _finish)
    # after every other build-finished handler: pydata-sphinx-theme rewrites pygments.css (its
    # light and dark highlighting) then, and the bundle must have the final text
    app.connect("build-finished", _bundle, priority=1000)
    app.add_css_file("bp-icons.css", priority=901)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}


def main(argv=None) -> int:
    """Apply the transformation to an already built book (to measure without rebuilding):
    python _ext/page_speed.py _build/html"""
    import sys

    root = Path((argv or sys.argv[1:])[0]).resolve()
    for f in sorted(root.rglob("*.html")):
        if "_static" in f.parts:
            continue
        depth = len(f.relative_to(root).parts) - 1
        f.write_text(transform_page(f.read_text(encoding="utf-8"), "../" * depth, str(root),
                                    log=lambda m, f=f: print(f"{f.name}: {m}")), encoding="utf-8")
    copy_math_fonts(root)
    print("icon fonts:", subset_icon_fonts(str(root)))
    print("theme script:", patch_theme_js(str(root)))
    print("stylesheets:", bundle_stylesheets(str(root)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
