"""What a page downloads before it is read (issue 24, _ext/page_bytes.py), checked on small pages:
no build needed. (Its effect is measured by benchmarks/bench_lighthouse.py; no test asserts a score.)

* the explorers' page script and every explorer's data move to _static/bp-live/ (the same text,
  one file per distinct text), each data holder says where (data-src, data-js); the figure and
  the controls stay in the page; the lazy layer's own text is never taken for data;
* the search tools leave every page but search.html while search-as-you-type is off;
* the theme's preloads of its deferred scripts go; the launch menu's logos load lazily;
* the widgets' state goes while no widget manager is loaded.
"""

from __future__ import annotations

import json
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
    small = json.dumps({"templates": {"": "<svg><\\/svg>"}, "data": [1, 2]})
    html = page(explorer("bpx-a", small) + explorer("bpx-b", small)
                + explorer("bpx-c", None, moved="../_static/bp-live/0123456789abcdef.json"))
    out = page_bytes.transform_page(html, "../", str(tmp_path), "chapters/x")
    files = sorted(p.name for p in (tmp_path / "_static" / "bp-live").iterdir())
    js = [f for f in files if f.startswith("live-")]
    data = [f for f in files if f.endswith(".json")]
    assert len(js) == 1 and (tmp_path / "_static" / "bp-live" / js[0]).read_text() == LIVE
    assert len(data) == 1 and (tmp_path / "_static" / "bp-live" / data[0]).read_text() == small
    assert LIVE not in out                                   # the page script is no longer inline
    assert small not in out
    assert out.count(f'data-src="../_static/bp-live/{data[0]}" data-js="../_static/bp-live/{js[0]}"') == 2
    assert 'data-src="../_static/bp-live/0123456789abcdef.json" data-js="../_static/bp-live/' in out
    # what the reader sees without JavaScript stays: the controls and the library's figure
    assert out.count('<input data-param="a" value="1"><div data-figure><svg><text>1.00</text></svg></div>') == 3
    # the lazy layer inlined in the head is not taken for an explorer's data
    assert out.count("root.BPLazyExplorers = {") == 1
    assert page_bytes.transform_page(out, "../", str(tmp_path), "chapters/x") == out   # once only


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
