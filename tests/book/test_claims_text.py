"""Numbers that prose outside the notebooks states, checked (issue 12: every prose number is asserted).

* intro.md: the numpy core of backprop_lib (network, activations, losses, initializers) is
  "about N lines of code": counted without blank lines, comments and docstrings, within 25 %.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE = ["network.py", "activations.py", "losses.py", "initializers.py"]


def code_lines(path: Path) -> int:
    """Lines holding code: no blank lines, comments or docstrings."""
    source = path.read_text(encoding="utf-8")
    docstrings = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                docstrings.update(range(first.lineno, first.end_lineno + 1))
    lines = set()
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type not in skip:
            lines.update(n for n in range(tok.start[0], tok.end[0] + 1) if n not in docstrings)
    return len(lines)


def test_code_lines_counts_code_only(tmp_path):
    f = tmp_path / "m.py"
    f.write_text('"""Doc\nstring."""\n\n# comment\ndef f(x):\n    """Doc."""\n    return (x +\n            1)  # two lines\n')
    assert code_lines(f) == 3


def test_intro_states_the_size_of_the_numpy_core():
    intro = (ROOT / "intro.md").read_text(encoding="utf-8")
    stated = re.search(r"numpy core.*?about (\d+) lines of code", intro, re.S)
    assert stated, "intro.md must say how many lines of code the numpy core is"
    counted = sum(code_lines(ROOT / "backprop_lib" / name) for name in CORE)
    assert abs(counted / int(stated.group(1)) - 1) <= 0.25, (counted, stated.group(1))
