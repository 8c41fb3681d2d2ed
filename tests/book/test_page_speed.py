"""The page transformation that makes the book fast on a phone (issue 24, _ext/page_speed.py),
checked on small pages: no build needed. (Its effect is measured by benchmarks/bench_lighthouse.py;
no test asserts a score.)

* the TeX the page's MathJax would typeset (``\\(..\\)``, ``\\[..\\]``, ``$$..$$`` in the body's text)
  is typeset by MathJax in Node, and nothing else is touched: not script, style, pre, code,
  textarea or svg, not the head, not the text around the maths (HTML entities included);
* the typeset maths is MathJax's SVG with its assistive MathML: every glyph it draws defined once,
  before the first formula, in the text's colour, and no font file; the page gets its stylesheet, and
  the CDN script becomes the small ``window.MathJax`` stand-in (CHTML, the other output, still works);
* fontawesome.js is dropped, the icons are aria-hidden, search and DOMContentLoaded scripts are
  deferred in order (documentation_options.js and bp-exercises*.js stay as they were);
* a large explorer payload moves to _static/bp-live/<hash>.json (the same text), small ones stay;
* the assistive MathML is skipped off screen (content-visibility; still in the page);
* the pages' local stylesheets are one file, in their order, their url()s still right.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "_ext"))
import page_speed  # noqa: E402

HAVE_NODE = shutil.which("node") is not None and page_speed.MathJaxNode.install() is None

PAGE = """<!DOCTYPE html><html><head>
<script>window.MathJax = {"options": {"processHtmlClass": "tex2jax_process|mathjax_process|math|output_area"}}</script>
<script defer="defer" src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"></script>
<script defer src="../_static/scripts/fontawesome.js?digest=1"></script>
<script src="../_static/documentation_options.js?v=1"></script>
<script src="../_static/doctools.js?v=2"></script>
<script src="../_static/bp-exercises.js?v=3"></script>
<script data-sd-tabs-storage-prefix="x-" src="../_static/design-tabs.js?v=4"></script>
<script src="../_static/searchtools.js"></script>
<title>\\(not maths: head\\)</title>
</head><body>
<i class="fa-solid fa-sun"></i><span class="fa-brands fa-github" aria-hidden="true"></span>
<p>Inline <span class="math notranslate nohighlight">\\(a &lt; b\\)</span> &amp; text &lt;kept&gt;.</p>
<div class="math notranslate nohighlight" id="eq1">
<span class="eqno">(1)</span>\\[\\frac{\\partial C}{\\partial z}\\]</div>
<p>A quiz says $$x^2$$ too.</p>
<pre>\\(code, left alone\\)</pre><code>\\[also\\]</code>
<script>var s = "\\\\(in a script\\\\)";</script>
<svg viewBox="0 0 1 1"><text>\\(svg text\\)</text></svg>
<textarea>\\(typed\\)</textarea>
</body></html>"""


def test_finds_the_tex_mathjax_finds_and_nothing_else(monkeypatch):
    seen = []

    def fake(items, font_url, config):
        seen.extend(items)
        assert font_url == "../" + page_speed.FONTS_REL
        assert config == {"options": {"processHtmlClass": "tex2jax_process|mathjax_process|math|output_area"}}
        return {"html": [f"<mjx-container>{i}</mjx-container>" for i in range(len(items))], "css": "mjx{}",
                "errors": []}

    monkeypatch.setattr(page_speed.NODE, "typeset", fake)
    out = page_speed.transform_page(PAGE, "../")
    assert seen == [{"tex": "a < b", "display": False},
                    {"tex": "\\frac{\\partial C}{\\partial z}", "display": True},
                    {"tex": "x^2", "display": True}]
    assert '<span class="math notranslate nohighlight"><mjx-container>0</mjx-container></span>' in out
    assert '<span class="eqno">(1)</span><mjx-container>1</mjx-container></div>' in out
    assert "A quiz says <mjx-container>2</mjx-container> too." in out
    assert "&amp; text &lt;kept&gt;." in out
    for untouched in ("<pre>\\(code, left alone\\)</pre>", "<code>\\[also\\]</code>",
                      '"\\\\(in a script\\\\)"', "<text>\\(svg text\\)</text>",
                      "<textarea>\\(typed\\)</textarea>", "<title>\\(not maths: head\\)</title>"):
        assert untouched in out
    assert (f'<style id="MJX-{page_speed.MATH_OUTPUT.upper()}-styles">\nmjx{{}}' + page_speed.MATH_LAZY_CSS
            + '</style>') in out
    assert 'src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"></script>' not in out
    assert "bpPrerendered:true" in out and "typesetPromise" in out
    # every TeX of the page is typeset: the stand-in does not walk the page's text at load
    assert 'if(false)document.addEventListener("DOMContentLoaded"' in out


def test_tex_left_for_the_browser_is_looked_for_at_load():
    assert page_speed._tex_left('<body><p>a \\(x\\) b</p></body>')
    assert page_speed._tex_left("<body><p>$$x$$</p></body>")
    assert not page_speed._tex_left("<body><pre>\\(x\\)</pre><p>$x$ and <mjx-container>x</mjx-container></p></body>")


def test_scripts_and_icons(monkeypatch):
    monkeypatch.setattr(page_speed.NODE, "typeset", lambda items, f, c: {
        "html": ["<mjx-container></mjx-container>"] * len(items), "css": "", "errors": []})
    out = page_speed.transform_page(PAGE, "../")
    assert "fontawesome.js" not in out
    assert '<i class="fa-solid fa-sun" aria-hidden="true">' in out
    assert out.count('aria-hidden="true"') == 2            # the span had it already: not doubled
    assert '<script src="../_static/documentation_options.js?v=1"></script>' in out
    assert '<script src="../_static/bp-exercises.js?v=3"></script>' in out
    assert '<script defer src="../_static/doctools.js?v=2"></script>' in out
    assert '<script data-sd-tabs-storage-prefix="x-" defer src="../_static/design-tabs.js?v=4"></script>' in out
    assert '<script defer src="../_static/searchtools.js"></script>' in out
    order = [out.index(s) for s in ("documentation_options", "doctools", "bp-exercises", "design-tabs", "searchtools")]
    assert order == sorted(order)


def test_large_explorer_payload_moves_out(tmp_path):
    # as explorers/static.py writes it: "</" escaped as "<\/" inside the script element
    big = json.dumps({"id": "x", "templates": {"a": "<svg></svg>" * 20000}}).replace("</", "<\\/")
    small = json.dumps({"id": "y"})
    page = ("<html><head></head><body>"
            f'<div class="bp-explorer" id="bpx-a"><script type="application/json" class="bp-live">{big}</script>'
            "<script>BPLive.mount(document.getElementById('bpx-a'));</script></div>"
            f'<div class="bp-explorer" id="bpx-b"><script type="application/json" class="bp-live">{small}</script>'
            "<script>BPLive.mount(document.getElementById('bpx-b'));</script></div></body></html>")
    out = page_speed.transform_page(page, "../", str(tmp_path))
    files = list((tmp_path / "_static" / "bp-live").glob("*.json"))
    assert len(files) == 1 and files[0].read_text() == big
    assert json.loads(files[0].read_text())["templates"]["a"].startswith("<svg></svg>")
    assert f'class="bp-live" data-src="../_static/bp-live/{files[0].name}"></script>' in out
    assert small in out                                     # small payloads stay in the page
    assert "BPLive.mount(document" not in out               # no explorer computes at load
    assert "BPLazyExplorers.add(document.getElementById('bpx-a'))" in out
    assert "BPLazyExplorers.add(document.getElementById('bpx-b'))" in out
    assert out.index("root.BPLazyExplorers = {") < out.index("<body")   # the lazy layer, inlined in the head


def _typeset_by_node(monkeypatch, output: str) -> str:
    """PAGE typeset by MathJax in Node with ``output``, and what either output keeps: the three
    formulas, each with the MathML screen readers read, laid out when near (9.)."""
    monkeypatch.setattr(page_speed, "MATH_OUTPUT", output)
    out = page_speed.transform_page(PAGE, "../")
    assert out.count(f'<mjx-container class="MathJax" jax="{output.upper()}"') == 3
    assert out.count("<mjx-assistive-mml") == 3                 # screen readers read the MathML
    assert "<mi>a</mi><mo>&lt;</mo><mi>b</mi>" in out
    assert "mjx-assistive-mml{content-visibility:auto" in out
    return out


@pytest.mark.skipif(not HAVE_NODE, reason="node or the npm package mathjax-full is not available")
def test_real_mathjax_output_svg(monkeypatch):
    out = _typeset_by_node(monkeypatch, "svg")
    assert out.count('aria-hidden="true" ') + out.count('aria-hidden="true">') >= 3   # the drawing is not read
    # the glyphs: defined once, in the hidden cache that opens the body, before any formula
    body = out[out.index("<body"):]
    cache_at = body.index('<svg style="display: none;" id="MJX-SVG-global-cache">')
    assert cache_at == body.index(">") + 1 and cache_at < body.index("<mjx-container")
    defined = re.findall(r'<path id="([^"]+)"', body)
    used = set(re.findall(r'xlink:href="#([^"]+)"', body))
    assert len(defined) == len(set(defined)) and used == set(defined)
    assert 'fill="currentColor"' in out                          # the text's colour: the dark theme
    assert "@font-face" not in out and "woff" not in out        # no font file to fetch
    assert '<g data-mml-node="merror"' not in out
    assert '<g data-mml-node="mi"' not in out                   # naming-only groups removed


@pytest.mark.skipif(not HAVE_NODE, reason="node or the npm package mathjax-full is not available")
def test_real_mathjax_output_chtml(monkeypatch):
    out = _typeset_by_node(monkeypatch, "chtml")
    assert "font-size: 127.3%" in out                        # the scale the page's MathJax measured
    assert "@font-face" in out and "../_static/mathjax/woff-v2/MathJax_Zero.woff" in out
    assert "<mjx-merror" not in out


def test_stylesheets_in_one_file(tmp_path):
    static = tmp_path / "_static"
    (static / "styles").mkdir(parents=True)
    (static / "basic.css").write_text("div.basic{}\n")
    (static / "styles" / "theme.css").write_text('@import "../basic.css";\n.t{background:url(../img/a.png)}\n')
    (static / "a.css").write_text("@charset \"utf-8\";\n.a{background:url('data:image/svg+xml,x')}\n")
    (static / "print.css").write_text(".p{}\n")
    (tmp_path / "chapters").mkdir()
    links = ('<link href="../_static/styles/theme.css?digest=1" rel="stylesheet" />\n'
             '<link rel="stylesheet" type="text/css" href="../_static/a.css?v=2" />\n'
             '<link rel="stylesheet" href="../_static/print.css" media="print" />\n'
             '<link rel="stylesheet" href="https://example.org/x.css" />\n')
    page = tmp_path / "chapters" / "c.html"
    page.write_text(f'<html><head>\n{links}<title>x</title></head><body class="basic t"></body></html>')
    (tmp_path / "intro.html").write_text(f"<html><head>\n{links.replace('../', '')}</head><body></body></html>")
    (static / "page.js").write_text('el.classList.add("a")')          # a class a script adds
    assert page_speed.bundle_stylesheets(str(tmp_path)).startswith("2 pages: 2 stylesheets each in one (1 bundles")
    out = page.read_text()
    bundles = list((static / "bp-css").glob("*.css"))
    assert len(bundles) == 1
    css = bundles[0].read_text()
    # in the links' order, the @import inlined, url()s right from the bundle's folder
    assert css.index("div.basic{}") < css.index(".t{") < css.index(".a{")
    assert 'url("../img/a.png")' in css and 'url("data:image/svg+xml,x")' in css   # (re-quoted)
    assert "@import" not in css and "@charset" not in css
    assert f'href="../_static/bp-css/{bundles[0].name}"' in out and "theme.css" not in out and "a.css" not in out
    assert 'print.css" media="print"' in out and "https://example.org/x.css" in out
    assert f'href="_static/bp-css/{bundles[0].name}"' in (tmp_path / "intro.html").read_text()
    assert page_speed.bundle_stylesheets(str(tmp_path)).startswith("0 pages")   # once only


def test_rules_of_classes_never_used_are_dropped():
    css = """@font-face{font-family:X;src:url(x.woff)}
:root{--c:red}
.used,.unused{color:red}
.unused .used{color:blue}
.used:not(.unused)>p::before{content:"{,}"}
div:is(.unused,.used){margin:0}
a[title=".unused"]{margin:1px}
.unused{color:green}
@media (max-width:600px){.unused{x:1}.used{y:2}}
@media print{.unused{x:1}}
@keyframes k{from{opacity:0}to{opacity:1}}
.jp-OutputArea,.widget-button{color:red}
.sd-col-md-\\31 2{z:1}
[data-theme=dark] .used{color:white}"""
    out = page_speed.unused_rules_dropped(css, {"used", "p", "sd-col-md-12"})
    for kept in ("@font-face{font-family:X;src:url(x.woff)}", ":root{--c:red}", ".used{color:red}",
                 '.used:not(.unused)>p::before{content:"{,}"}', "div:is(.unused,.used){margin:0}",
                 'a[title=".unused"]{margin:1px}', "@media (max-width:600px){.used{y:2}}",
                 "@keyframes k{from{opacity:0}to{opacity:1}}",
                 ".jp-OutputArea,.widget-button{color:red}",     # added by the widget manager (CDN)
                 ".sd-col-md-12{z:1}",                           # an escaped class: by its name
                 "[data-theme=dark] .used{color:white}"):
        assert kept in out, kept
    for dropped in (".unused .used", ".unused{color:green}", "x:1", "@media print"):
        assert dropped not in out, dropped


def test_used_words_count_a_class_a_script_builds_from_a_start(tmp_path):
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "x.js").write_text('tip.className = "bs-" + name; el.classList.add("show");')
    (tmp_path / "_static" / "fontawesome.js").write_text('"fa-unused-icon"')   # not loaded: no words
    (tmp_path / "searchindex.js").write_text('"unused-word"')                  # the text's words
    used = page_speed._used_tokens(tmp_path)
    assert "show" in used and "bs-tooltip-top" in used
    assert "fa-unused-icon" not in used and "unused-word" not in used and "tooltip" not in used
    out = page_speed.unused_rules_dropped(".bs-tooltip-top .show{top:0}.fa-unused-icon:before{x:1}", used)
    assert ".bs-tooltip-top .show{top:0}" in out and "fa-unused-icon" not in out


def test_theme_scroll_check_patched_once(tmp_path):
    js = tmp_path / page_speed.THEME_JS
    js.parent.mkdir(parents=True)
    js.write_text('I(){document.querySelectorAll(["pre"].join(", "))' + page_speed.THEME_SCROLL_CHECK + "}")
    assert page_speed.patch_theme_js(str(tmp_path)) == "scroll check patched"
    text = js.read_text()
    assert page_speed.THEME_SCROLL_CHECK not in text
    # book-screens.js' idle-time pass when it is on the page, the reads-then-writes one if not
    assert "window.bpTabStops?window.bpTabStops(l):Array.from(l).map(" in text
    assert page_speed.patch_theme_js(str(tmp_path)) == "already patched"
    js.write_text("something else")
    assert "left as is" in page_speed.patch_theme_js(str(tmp_path))


def test_charts_fetched_when_near(tmp_path):
    png = tmp_path / "_images" / "c.png"
    png.parent.mkdir()
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x03\xe8\x00\x00\x01\x2c" + b"\x00" * 20)
    page = '<html><head></head><body><img alt="a chart" src="../_images/c.png" /><img src="../_static/logo.png"></body></html>'
    out = page_speed.transform_page(page, "../", str(tmp_path))
    assert '<img alt="a chart" src="../_images/c.png" width="1000" height="300" loading="lazy" decoding="async" />' in out
    assert '<img src="../_static/logo.png">' in out
    assert out.count('id="bp-lazy-images"') == 1 and out.index('id="bp-lazy-images"') < out.index("</head>")
    assert 'loading="lazy"' not in page_speed.transform_page(page, "../", str(tmp_path), lazy_images=False)


def test_colour_mode_resolved_in_the_head():
    # the theme's head script, as pydata-sphinx-theme writes it
    page = ('<html><head><script data-cfasync="false">\n    ' + page_speed.THEME_MODE_HEAD
            + "\n  </script></head><body></body></html>")
    out = page_speed.transform_page(page, "")
    assert page_speed.THEME_MODE_HEAD not in out and page_speed.THEME_MODE_RESOLVED in out
    # the values the theme's setMode writes at load: a stored valid mode, else "auto"; the theme
    # it resolves to (the system's for "auto")
    assert '["light", "dark", "auto"].indexOf(bpMode) < 0) bpMode = "auto"' in out
    assert 'matchMedia("(prefers-color-scheme: dark)")' in out
