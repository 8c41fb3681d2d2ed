"""Every explorer live in the static page: the Python half of the contract, and the JavaScript
twin (backprop_lib/explorers/js/, bundled by ``static.live_js``) tested with ``node --test`` on
fixtures from the library.

- ``render`` draws only from ``quantities(params)``: every marked number it writes is the value
  at its key path in that dict, and filling the template with the dict gives ``render(params)``;
  the template of a setting's structure does not depend on the other controls (so the page may
  reuse it);
- the static HTML keeps the contract (data-explorer, data-param controls with the slider's
  min/max/step, select options = str(value), data-figure) and has no "precomputed frames" note;
- every ``// twin:`` comment of the page script names a public name of the library that exists;
- tests/js/live.test.js: the page's number formats are Python's, and its dict equals
  ``quantities(params)`` (every key, every value to 1e-12 relative) at 200+ settings per explorer
  plus each control's extremes; its filled templates are the library's renderings.
"""

import importlib
import math
import random
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

from backprop_lib import explorers
from backprop_lib.draw import svg
from backprop_lib.explorers import static
from backprop_lib.explorers.controls import Slider

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "js"))
import make_fixtures  # noqa: E402

LIVE = list(explorers.CHAPTERS)


@pytest.mark.parametrize("explorer_id", LIVE)
def test_template_depends_only_on_the_structure_and_fills_to_the_rendering(explorer_id):
    rng = random.Random(1)
    first = explorers.get(explorer_id)
    for _ in range(6):
        params = make_fixtures.random_params(first, rng)
        ex = explorers.get(explorer_id)
        html = ex.update(**params)
        tpl, values = static.template(ex, ex.params)
        q = ex.quantities(dict(ex.params))
        for name, value in values.items():  # every marked number is the dict's value at its path
            assert _same(svg._lookup(q, name), value), f"{explorer_id}: {name} = {value} is not quantities' {svg._lookup(q, name)}"
        base = dict(first.params)
        for name in ex.structure:
            base[name] = ex.params[name]
        assert tpl == static.template(first, base)[0], f"{explorer_id}: the template moved with {params}"
        assert svg.fill(tpl, q) == html
        assert "\ue000" not in html


def _same(a, b):
    if isinstance(b, float) and math.isnan(b):
        return isinstance(a, float) and math.isnan(a)
    return a == b


def test_quantities_are_plain_json_values():
    def plain(v):
        if isinstance(v, dict):
            return all(isinstance(k, str) and plain(x) for k, x in v.items())
        if isinstance(v, list):
            return all(plain(x) for x in v)
        return v is None or isinstance(v, (str, int, float))
    for explorer_id in LIVE:
        ex = explorers.get(explorer_id)
        assert plain(ex.quantities(dict(ex.params))), explorer_id


def test_running_example_quantities_are_the_networks():
    """The running example's node-by-node quantities equal Network.forward/backward's."""
    from backprop_lib.explorers import running_example as rx
    ex = explorers.get("computing_the_cost")
    rng = random.Random(2)
    for _ in range(50):
        params = make_fixtures.random_params(ex, rng)
        q = rx.quantities(params)
        net = rx.network(params)
        trace = net.forward(np.array([params["x1"], params["x2"]]))
        C, grads = net.backward(trace, np.array([params["E1"], params["E2"]]))
        assert q["C"] == pytest.approx(C, rel=1e-12, abs=1e-15)
        for k in (1, 2):
            np.testing.assert_allclose(q["a"][k], trace.a[k], rtol=1e-12, atol=1e-15)
            np.testing.assert_allclose(q["z"][k], trace.z[k], rtol=1e-12, atol=1e-15)
            np.testing.assert_allclose(q["gW"][k], grads.W[k], rtol=1e-12, atol=1e-12)
        # delta may differ where sigma' has a kink at a z that is exactly 0 (numpy's rounding)
        if all(abs(z) > 1e-12 for k in (1, 2) for z in q["z"][k]):
            np.testing.assert_allclose(q["dz"][1], grads.delta[1], rtol=1e-12, atol=1e-15)


JS = ROOT / "backprop_lib" / "explorers" / "js"
TWIN = re.compile(r"^// twin: (\S+)$", re.M)


def _resolve(dotted):
    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for name in parts[i:]:
            obj = getattr(obj, name)
        return obj
    raise ImportError(dotted)


def test_every_twin_comment_names_a_public_name_of_the_library():
    names = [n for f in sorted(JS.glob("*.js")) for n in TWIN.findall(f.read_text(encoding="utf-8"))]
    assert len(names) >= 25
    for name in names:
        assert name.startswith("backprop_lib.") and not any(p.startswith("_") for p in name.split(".")), name
        _resolve(name)  # raises on a stale name


def test_every_explorer_has_a_chapter_module_naming_its_quantities():
    text = {f.name: f.read_text(encoding="utf-8") for f in JS.glob("*.js")}
    from backprop_lib.explorers import widget

    # every module is the page's (static.MODULES) or the Jupyter widget's (widget.FRONT_END)
    assert sorted(text) == sorted(set(static.MODULES) | set(widget.FRONT_END))
    for explorer_id in LIVE:
        ex = explorers.get(explorer_id)
        assert any(f"EXPLORERS.{explorer_id} =" in t for t in text.values()), explorer_id
        owner = type(ex).quantities.__qualname__.split(".")[0]
        module = type(ex).quantities.__module__
        twins = [n for t in text.values() for n in TWIN.findall(t)]
        assert (f"{module}.{owner}.quantities" in twins or f"{module}.quantities" in twins), explorer_id


def test_one_placeholder_system():
    for path in (ROOT / "backprop_lib").rglob("*.py"):
        assert "@@DESC@@" not in path.read_text(encoding="utf-8"), path


class _Controls(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []
        self.options = {}
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-param" in a:
            self.found.append((tag, a))
            if tag == "select":
                self._select = a["data-param"]
                self.options[self._select] = []
        if tag == "option" and self._select:
            self.options[self._select].append(a["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


@pytest.mark.parametrize("explorer_id", LIVE)
def test_static_html_keeps_the_contract(explorer_id):
    ex = explorers.get(explorer_id)
    page = ex.static_html()
    assert f'data-explorer="{explorer_id}"' in page and "data-figure" in page
    assert "precomputed" not in page
    parser = _Controls()
    parser.feed(page)
    by_name = {a["data-param"]: (tag, a) for tag, a in parser.found}
    assert set(by_name) == set(ex.params)
    for c in ex.control_list:
        tag, a = by_name[c.name]
        if isinstance(c, Slider):
            assert tag == "input" and a["type"] == "range"
            assert (float(a["min"]), float(a["max"]), float(a["step"])) == (c.min, c.max, c.step)
            assert "aria-valuetext" in a
        else:
            assert tag == "select"
            assert parser.options[c.name] == [str(v) for _, v in c.options]


def test_live_js_against_the_library_with_node(tmp_path):
    """node --test tests/js/live.test.js on fixtures the library writes now (200 random settings
    per explorer, each control's extremes; one node process for all); fails when node fails."""
    node = shutil.which("node")
    assert node, "node (>= 18) is needed for the JavaScript tests: apt-get install nodejs"
    fixtures = tmp_path / "fixtures.json"
    make_fixtures.main(fixtures, cases=200)
    result = subprocess.run([node, "--test", str(ROOT / "tests" / "js" / "live.test.js")], capture_output=True, text=True,
                            env={"BP_FIXTURES": str(fixtures), "PATH": "/usr/bin:/bin"}, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert re.search(r"^# pass [1-9]", result.stdout, re.M), result.stdout[-2000:]


def test_one_resolve_per_change(monkeypatch):
    """Explorer.html resolves the marked numbers once; the figures drawn inside keep them."""
    calls = []
    real = svg._SPEC.sub

    class Spy:
        def sub(self, repl, s):
            calls.append(len(s))
            return real(repl, s)

    monkeypatch.setattr(svg, "_SPEC", Spy())
    for explorer_id in LIVE:
        ex = explorers.get(explorer_id)
        ex.html()
        calls.clear()
        html = ex.html()
        assert len(calls) == 1 and calls[0] >= len(html), (explorer_id, calls)
