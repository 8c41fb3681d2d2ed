"""Fixtures for the JavaScript tests (tests/js/live.test.js): what the library computes and draws.

    python tests/js/make_fixtures.py OUT.json [CASES]

writes OUT.json and, beside it, live.bundle.js (the page script exactly as the book inlines it,
:func:`backprop_lib.explorers.static.live_js`). OUT.json holds, for every explorer, its page
payload (controls, templates, data); its ``quantities`` at CASES seeded random settings, at each
control's extremes (the others at their start values) and, when the explorer has at most
:data:`EXHAUSTIVE` settings, at every setting; and at a few of them the HTML the library
rendered. For the number formats, Python's output for many values (ties, tiny, huge, negative
zero). tests/unit/test_explorers_live.py runs it and then ``node --test tests/js``; the node test
runs it itself when BP_FIXTURES is not set.
"""

from __future__ import annotations

import itertools
import json
import math
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from backprop_lib import explorers  # noqa: E402
from backprop_lib.draw import svg  # noqa: E402
from backprop_lib.explorers import static  # noqa: E402

#: Explorers with at most this many settings are compared at every setting too.
EXHAUSTIVE = 400
#: How many of the settings also carry the library's rendered HTML (for the filled template).
RENDERED = 8


def encode(v):
    """A quantity as JSON: dicts and lists kept, numbers as they are, non-finite floats tagged
    ({"$float": "nan"}; JSON has no NaN), numpy values as Python's."""
    if isinstance(v, dict):
        return {str(k): encode(x) for k, x in v.items()}
    if hasattr(v, "tolist"):
        v = v.tolist()
    if isinstance(v, (list, tuple)):
        return [encode(x) for x in v]
    if v is None or isinstance(v, (str, bool, int)):
        return v
    v = float(v)
    return v if math.isfinite(v) else {"$float": repr(v)}


def random_params(explorer, rng):
    """A random value of every control (a slider value on its grid, any dropdown option)."""
    return {c.name: rng.choice(c.values()) for c in explorer.control_list}


def settings(explorer, cases, rng):
    """The settings to compare: ``cases`` random ones, each control's extremes, and every
    setting of a small explorer."""
    out = [random_params(explorer, rng) for _ in range(cases)]
    start = dict(explorer.params)
    for c in explorer.control_list:
        for v in (c.values()[0], c.values()[-1]):
            out.append({**start, c.name: v})
    grids = [c.values() for c in explorer.control_list]
    if math.prod(len(g) for g in grids) <= EXHAUSTIVE:
        names = [c.name for c in explorer.control_list]
        out.extend(dict(zip(names, combo)) for combo in itertools.product(*grids))
    return out


def explorer_fixture(explorer_id, cases, rng):
    ex = explorers.get(explorer_id)
    controls = {c.name: c for c in ex.control_list}
    runs, rendered = [], []
    for i, params in enumerate(settings(ex, cases, rng)):
        params = {k: controls[k].validate(v) for k, v in params.items()}
        q = ex.quantities(params)
        runs.append({"params": encode(params), "q": encode(q)})
        if i < RENDERED:
            fresh = explorers.get(explorer_id)
            rendered.append({"params": encode(params), "key": static.template_key(fresh, params),
                             "html": fresh.update(**params)})
    return {"payload": static.payload(ex), "cases": runs, "rendered": rendered}


FORMAT_SPECS = ["fmt:0", "fmt:1", "fmt:2", "fmt:3", "fmt:4", "plain:2", "plain:3", "f:0", "f:1", "f:2",
                "cf:2", "g", "width:2.0:0.0", "width:2.0:1.5", "dash",
                "X:60.0:230.0:-4.0:4.0", "Y:26.0:142.0:-1.1:1.1:0", "Y:26.0:200.0:-9.0:5.0:1"]


def format_fixture(rng):
    values = [0.0, -0.0, 0.5, -0.5, 0.125, -0.125, 0.375, 2.5, 3.5, 0.25, 1.005, 2.675, 1e-7, -3.2e-9,
              123456.0, 99999.5, 1e5, 0.0049, 0.005, 0.015, 0.045, 1.25e-5, 7.5e-6, 1.0, 10.0, 16.0,
              65504.0, 6e-8, 1234567.891]
    values += [rng.uniform(-3, 3) for _ in range(150)]
    values += [rng.choice([-1, 1]) * 10 ** rng.uniform(-12, 8) for _ in range(150)]
    values += [round(rng.uniform(-2, 2), 1) * round(rng.uniform(-2, 2), 1) for _ in range(100)]
    rows = []
    for v in values:
        for spec in FORMAT_SPECS:
            if spec.startswith("Y") and spec.endswith(":1") and v <= 0:
                continue
            rows.append([v, spec, svg.format_value(v, spec)])
    return rows


def main(out, cases=200, seed=0):
    rng = random.Random(seed)
    out = Path(out)
    bundle = out.with_name("live.bundle.js")
    bundle.write_text(static.live_js(), encoding="utf-8")
    data = {"bundle": str(bundle), "formats": format_fixture(rng),
            "explorers": {i: explorer_fixture(i, cases, rng) for i in explorers.CHAPTERS}}
    out.write_text(json.dumps(data, ensure_ascii=False, allow_nan=False))
    return data


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 200)
