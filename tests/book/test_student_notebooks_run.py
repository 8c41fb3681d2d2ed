"""Executed student notebooks reveal no answer (issue 21, "copies an instructor can grade with").

``python3 tasks.py student`` writes the student copies; each is executed top to bottom (as a
student's Run All would, with nbclient, in the fresh requirements.txt environment of the Binder
check: tests/book/conftest.py's ``student_run``, one execution for both), with probe cells
appended (``probes_for``), and then every output, in every MIME type, is searched:

* for the book's answer box and its payload (``data-payload``, ``"expected"``): in student mode
  ``q.show()`` shows the exercise's text only;
* for the reference value of each of the chapter's value exercises, in the distinctive forms
  tests/book/test_student_build.py looks for in the sources (three or more significant digits);
* for the worked solutions (a distinctive line of each).

And in a student kernel ``q.expected_value()`` and ``q.reference()`` withhold the answer, and no
hint given is the exercise's last (the answer's code in most exercises).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_student_build import EXERCISE_ID, answer_forms  # noqa: E402

from backprop_lib import exercises  # noqa: E402

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))


# Values the chapter itself states as part of what it teaches, before the exercise asks to derive
# or apply them; each is a fact of the course, not a result of the exercise's data:
TAUGHT = {
    # the chapter's table and explorer measure n·Var(W) = 1/3 for the "standard" initialization
    # (the chapter's subject); the exercise asks to derive that constant from Var(U[-r, r])
    ("initialization.standard_factor", "0.333"): "n·Var(W) = 1/3 of the standard initialization",
    # the scaler demo starts at PyTorch's default scale 2¹⁶; the exercise asks which power of two
    # a gradient of 10⁻⁹ needs, which happens to be that default
    ("loss_scaling.smallest_scale", "65536"): "PyTorch's default initial scale, in the scaler demo",
}


def exercise_ids(path: Path) -> list[str]:
    source = "\n".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"])
    return sorted(set(EXERCISE_ID.findall(source)))


def probes_for(path: Path) -> list[str]:
    """Cells appended to the student copy of chapter ``path``: each of its exercises asked for its
    expected value (must refuse), its reference and every hint (printed, then searched)."""
    ids = exercise_ids(path)
    catalog = exercises.catalog()
    probes = [f"q = exercises.get({i!r})\n"
              "try:\n    q.expected_value()\n    print('LEAK expected_value')\nexcept PermissionError:\n    pass\n"
              "print(q.reference())\n"
              f"print('HINTS', *(q.hint().text for _ in range({len(catalog[i].hints) + 1})), sep='\\n')"
              for i in ids]
    return ["from backprop_lib import exercises"] + probes if ids else []


def outputs_text(nb) -> str:
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append(out.get("text", ""))
            elif out.get("output_type") == "error":
                parts.append(f"{out.get('ename')}: {out.get('evalue')}")
            for mime, data in (out.get("data") or {}).items():
                if isinstance(data, (dict, list)):
                    data = json.dumps(data)
                if not mime.startswith("image/png"):
                    parts.append(data if isinstance(data, str) else "".join(data))
    return "\n".join(parts)


def solution_line(text: str) -> str | None:
    plain = re.sub(r"\$[^$]*\$|`[^`]*`|```.*?```", "|", text, flags=re.S).replace("\n", " ")
    runs = re.findall(r"[A-Za-z][A-Za-z ,;'-]{24,}[A-Za-z]", plain)
    return max(runs, key=len).strip() if runs else None


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_executed_student_notebook_shows_no_answer(student_run, path):
    import nbformat

    assert student_run["results"][path.name]["ok"], student_run["results"][path.name].get("error")
    nb = nbformat.read(student_run["dir"] / path.name, as_version=4)
    ids = exercise_ids(path)
    catalog = exercises.catalog()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"{path.name}: {[(e['ename'], e['evalue']) for e in errors]}"
    text = outputs_text(nb)
    found = [marker for marker in ("data-payload", '"expected"', "&quot;expected&quot;", "data-exercise",
                                   "LEAK expected_value") if marker in text]
    for ex_id in ids:
        ex = catalog[ex_id]
        if ex.kind == "value":
            # a form without a sign is not found inside "-0.1192" (another quantity's value)
            found += [f"{ex_id}: {form}" for form in sorted(answer_forms(ex.reference()))
                      if (ex_id, form) not in TAUGHT
                      and re.search(rf"(?<![\w.\-−]){re.escape(form)}(?![\w])", text)]
        line = solution_line(ex.solution_text)
        if line and line in text:
            found.append(f"{ex_id}: its solution ({line[:50]})")
        if len(ex.hints) > 1 and ex.hints[-1] in text:
            found.append(f"{ex_id}: its last hint")
    assert not found, f"{path.name}: answers in the executed student notebook: {found}"
