"""Every explorer live in the static page: the Python half of the contract, and the JavaScript
twin (backprop_lib/explorers/live.js) tested with ``node --test`` on fixtures from the library.

- the template of a settings' structure does not depend on the other controls (so the page may
  reuse it), and filling it with the quantities the library recorded gives ``render(params)``;
- the static HTML keeps the contract (data-explorer, data-param controls with the slider's
  min/max/step, select options = str(value), data-figure) and has no "precomputed frames" note;
- tests/js/*.test.js: live.js's number formats are Python's, and its quantities and filled
  templates are the library's, at random settings of every control.
"""

import random
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

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
        base = dict(first.params)
        for name in ex.structure:
            base[name] = ex.params[name]
        assert tpl == static.template(first, base)[0], f"{explorer_id}: the template moved with {params}"
        assert svg.fill(tpl, values) == html
        assert "\ue000" not in html


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
    """node --test tests/js, on fixtures the library writes now (fails when node fails)."""
    node = shutil.which("node")
    assert node, "node (>= 18) is needed for the JavaScript tests: apt-get install nodejs"
    fixtures = tmp_path / "fixtures.json"
    make_fixtures.main(fixtures, cases=8)
    result = subprocess.run([node, "--test", str(ROOT / "tests" / "js" / "live.test.js")], capture_output=True, text=True,
                            env={"BP_FIXTURES": str(fixtures), "PATH": "/usr/bin:/bin"}, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert re.search(r"^# pass [1-9]", result.stdout, re.M), result.stdout[-2000:]
