"""What a page downloads before it is read (issue 24, _ext/page_bytes.py), checked on small pages:
no build needed. (Its effect is measured by benchmarks/bench_lighthouse.py; no test asserts a score.)

* the explorers' page script and every explorer's data move to _static/bp-live/ (the same text,
  one file per distinct text; the data as a script handing over the JSON's text), each data
  holder says where (data-src, data-js); the figure and the controls stay in the page; the lazy
  layer's own text is never taken for data; page_speed.py's JSON files no page names go;
* the search tools leave every page but search.html while search-as-you-type is off;
* the theme's preloads of its deferred scripts go; the launch menu's logos load lazily;
* the widgets' state goes while no widget manager is loaded;
* a page's deferred scripts are one file, in their order; documentation_options.js is inline;
  with nothing deferred after it, the file runs them one task each (their order and behaviour in
  Chromium: tests/browser/test_browser_scripts.py); an earlier build's bundles no page names go.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "_ext"))
import page_bytes  # noqa: E402

LAZY = (ROOT / "_ext" / "static" / "bp-lazy-explorers.js").read_text(encoding="utf-8")
LIVE = "/* The explorers of backprop_lib, live in a static page (no kernel, no server) */ var BPLive = {};"


def explorer(uid, data, moved=None):
    holder = (f'<script type="application/json" class="bp-live" data-src="{moved}"></script>' if moved else
              f'<script type="application/json" class="bp-live">{data}</script>')
    return (f'<div class="bp-explorer" id="{uid}" data-explorer="x"><input data-param="a" value="1">'
            f'<div data-figure><svg><text>1.00</text></svg></div>{holder}<script>{LIVE}</script>'
            f"<script>BPLazyExplorers.add(document.getElementById('{uid}'));</script></div>")


def page(body, head=""):
    return (f"<html><head><script>{LAZY}</script>{head}</head><body>{body}"
            "<script>DOCUMENTATION_OPTIONS.search_as_you_type = false;</script></body></html>")


def test_explorers_script_and_data_move_out(tmp_path):
    small = json.dumps({"templates": {"": "<svg><\\/svg>"}, "data": [1, "\u00b2"]}, ensure_ascii=False)
    moved = tmp_path / "_static" / "bp-live" / "0123456789abcdef.json"     # as page_speed.py moves a large one
    moved.parent.mkdir(parents=True)
    moved.write_text('{"templates": {}, "big": true}')
    html = page(explorer("bpx-a", small) + explorer("bpx-b", small)
                + explorer("bpx-c", None, moved="../_static/bp-live/0123456789abcdef.json"))
    out = page_bytes.transform_page(html, "../", str(tmp_path), "chapters/x")
    folder = tmp_path / "_static" / "bp-live"
    (js,) = folder.glob("live-*.js")
    assert js.read_text() == LIVE and LIVE not in out          # the page script is no longer inline
    data = {f.stem: f.read_text() for f in folder.glob("*.js") if f != js}
    assert len(data) == 2 and small not in out
    # each data file hands the JSON's text over, as it was in the page ("<\/" included)
    texts = {}
    for key, body in data.items():
        m = re.fullmatch(r'BPLazyExplorers\.data\("([0-9a-f]{16})",(.*)\);\n', body, re.S)
        assert m and m.group(1) == key
        texts[key] = json.loads(m.group(2))
        assert out.count(f'data-src="../_static/bp-live/{key}.js" data-js="../_static/bp-live/{js.name}"') \
            == (2 if texts[key] == small else 1)
    assert sorted(texts.values()) == sorted([small, moved.read_text()])
    # what the reader sees without JavaScript stays: the controls and the library's figure
    assert out.count('<input data-param="a" value="1"><div data-figure><svg><text>1.00</text></svg></div>') == 3
    # the lazy layer inlined in the head is not taken for an explorer's data
    assert out.count("root.BPLazyExplorers = {") == 1
    assert page_bytes.transform_page(out, "../", str(tmp_path), "chapters/x") == out   # once only
    (tmp_path / "p.html").write_text(out)
    assert page_bytes.drop_unused_payloads(str(tmp_path)) == "1 unused JSON files dropped"
    assert not moved.exists()


def test_explorers_left_alone_without_the_lazy_layer(tmp_path):
    html = "<html><head></head><body>" + explorer("bpx-a", "{}").replace("BPLazyExplorers.add", "BPLive.mount") + "</body></html>"
    assert page_bytes.transform_page(html, "", str(tmp_path), "intro") == html


SEARCH = ('<script defer src="../_static/searchtools.js"></script>\n'
          '<script src="../_static/language_data.js"></script>\n<script defer src="../searchindex.js"></script>')
PRELOADS = ('\n<link rel="preload" as="script" href="../_static/scripts/bootstrap.js?digest=1" />'
            '\n<link rel="preload" as="script" href="../_static/scripts/pydata-sphinx-theme.js?digest=1" />'
            '\n<link rel="preload" href="../_static/bp-icons/fa-solid-900-1.woff" as="font" type="font/woff" crossorigin />')


def test_search_tools_preloads_and_logos(tmp_path):
    html = page('<img alt="Colab logo" src="../_static/images/logo_colab.png"><img alt="a chart" src="../_images/c.png">',
                head=SEARCH + PRELOADS)
    out = page_bytes.transform_page(html, "../", str(tmp_path), "chapters/x")
    for gone in ("searchtools.js", "language_data.js", "searchindex.js", "scripts/bootstrap.js", "pydata-sphinx-theme.js"):
        assert gone not in out
    assert 'as="font"' in out                                 # the icon font's preload stays
    assert '<img alt="Colab logo" src="../_static/images/logo_colab.png" loading="lazy">' in out
    assert '<img alt="a chart" src="../_images/c.png">' in out
    # the search page keeps its tools; so does every page when search-as-you-type is on
    assert SEARCH in page_bytes.transform_page(html, "", str(tmp_path), "search")
    assert SEARCH in page_bytes.transform_page(html.replace("= false;", "= true;"), "../", str(tmp_path), "x")


def test_widget_state_dropped_while_no_manager_reads_it():
    state = SimpleNamespace(filename=None, attributes={"type": page_bytes.WIDGET_STATE_TYPE, "body": "{}"})
    other = SimpleNamespace(filename="_static/x.js", attributes={"defer": "defer"})
    for manager, kept in (({}, [other]), ({"https://cdn/embed-amd.js": {}}, [state, other])):
        app = SimpleNamespace(config=SimpleNamespace(nb_ipywidgets_js=manager))
        context = {"script_files": [state, other]}
        page_bytes._drop_widget_state(app, "chapters/x", "page.html", context, None)
        assert context["script_files"] == kept


def test_deferred_scripts_in_one_file(tmp_path):
    static = tmp_path / "_static"
    static.mkdir()
    for name, text in (("documentation_options.js", "const DOCUMENTATION_OPTIONS = {VERSION: '1'};"),
                       ("a.js", '"use strict";\nconst A = 1;'), ("b.js", "var B = A + 1;"),
                       ("tabs.js", "var P = document.currentScript.getAttribute('data-prefix');"),
                       ("c.js", "var C = 3;"), ("d.js", "var D = 4;")):
        (static / name).write_text(text)
    head = ('<script src="../_static/documentation_options.js?v=1"></script>\n'
            '<script defer src="../_static/a.js?v=1"></script>\n<script>let inline = 1;</script>\n'
            '<script async="async" src="../_static/b.js?v=2"></script>\n'
            '<script data-prefix="x-" defer src="../_static/tabs.js"></script>\n')
    body = ('<script defer src="https://cdn.example.org/other.js"></script>\n'
            '<script defer src="../_static/c.js"></script>\n<script src="../_static/d.js"></script>')
    (tmp_path / "chapters").mkdir()
    page = tmp_path / "chapters" / "p.html"
    page.write_text(f"<html><head>\n{head}</head><body>{body}</body></html>")
    assert page_bytes.bundle_scripts(str(tmp_path)) == "1 pages: 3 scripts each in one (1 bundles)"
    out = page.read_text()
    (bundle,) = (static / "bp-js").glob("*.js")
    js = bundle.read_text()
    # in their order, none first (a leading "use strict" would make them all strict)
    assert js.startswith("\n;/* _static/a.js */\n") and js.index("const A") < js.index("var B") < js.index("var P")
    assert f'<script defer src="../_static/bp-js/{bundle.name}" data-prefix="x-"></script>' in out
    assert "_static/a.js" not in out and "_static/b.js" not in out and "_static/tabs.js" not in out
    # a deferred script from elsewhere keeps its turn: the ones after it are not moved before it
    assert '<script defer src="https://cdn.example.org/other.js"></script>\n<script defer src="../_static/c.js"></script>' in out
    assert '<script src="../_static/d.js"></script>' in out           # parser-blocking: as it was
    assert "<script>let inline = 1;</script>" in out
    assert "<script>const DOCUMENTATION_OPTIONS = {VERSION: '1'};</script>" in out
    assert "documentation_options.js" not in out
    assert page_bytes.bundle_scripts(str(tmp_path)).startswith("0 pages")


def test_bundle_split_into_tasks_when_nothing_deferred_follows(tmp_path):
    static = tmp_path / "_static"
    static.mkdir()
    (static / "a.js").write_text("const A = 1;")
    (static / "b.js").write_text('var B = "</script>" + A;')
    page = tmp_path / "p.html"
    page.write_text('<html><head><script defer src="_static/a.js"></script>'
                    '<script defer src="_static/b.js"></script></head><body></body></html>')
    stale = static / "bp-js" / "0123456789abcdef.js"          # an earlier build's bundle
    stale.parent.mkdir()
    stale.write_text("old")
    assert page_bytes.bundle_scripts(str(tmp_path)).endswith("(1 bundles, 1 stale ones deleted)")
    (bundle,) = (static / "bp-js").glob("*.js")
    js = bundle.read_text()
    assert js.startswith("/* The page's deferred scripts, in their order, each in a task of its own")
    parts = json.loads(js[js.index("var parts = ") + len("var parts = "):js.index(";\n  var tag")])
    assert parts == [["_static/a.js", "const A = 1;"], ["_static/b.js", 'var B = "</script>" + A;']]
    assert f'<script defer src="_static/bp-js/{bundle.name}"></script>' in page.read_text()
