"""Fixtures for the JavaScript tests (tests/js/*.test.js): what the library computes and draws.

    python tests/js/make_fixtures.py OUT.json [CASES]

writes, for every live explorer, its page payload (controls, templates, data) and CASES random
settings with the quantities the library recorded while drawing them and the HTML it rendered;
and, for the number formats, Python's output for many values (ties, tiny, huge, negative zero).
tests/unit/test_explorers_live.py runs it and then ``node --test tests/js``.
"""

from __future__ import annotations

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
from backprop_lib.explorers.controls import Slider  # noqa: E402


def _plain_value(v):
    """numpy scalars/arrays -> JSON (floats kept exactly: JSON numbers round-trip)."""
    if isinstance(v, str):
        return v
    if hasattr(v, "tolist"):
        v = v.tolist()
    if isinstance(v, (list, tuple)):
        return [_plain_value(x) for x in v]
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v
    v = float(v)
    return v if math.isfinite(v) else repr(v)


def random_params(explorer, rng):
    """A random value of every control (a slider value on its grid, any dropdown option)."""
    out = {}
    for c in explorer.control_list:
        vals = c.values()
        out[c.name] = rng.choice(vals)
    return out


def explorer_fixture(explorer_id, cases, rng):
    ex = explorers.get(explorer_id)
    payload = static.payload(ex)
    runs = []
    for _ in range(cases):
        params = random_params(ex, rng)
        fresh = explorers.get(explorer_id)
        html = fresh.update(**params)
        _, values = static.template(fresh, fresh.params)
        runs.append({"params": {k: _plain_value(v) for k, v in fresh.params.items()},
                     "key": static.template_key(fresh, fresh.params),
                     "values": {k: _plain_value(v) for k, v in values.items()},
                     "html": html})
    return {"payload": payload, "cases": runs}


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


def main(out, cases=12, seed=0):
    rng = random.Random(seed)
    live = list(explorers.CHAPTERS)
    data = {"formats": format_fixture(rng),
            "explorers": {i: explorer_fixture(i, cases, rng) for i in live}}
    Path(out).write_text(json.dumps(data, ensure_ascii=False))
    return data


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 12)
