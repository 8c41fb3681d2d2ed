"""The published book shows the autodiff chapter's PyTorch comparison: the publish workflow installs
torch (pinned) into the book's environment before building, and no requirements file asks for it."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_publish_installs_pinned_torch_before_the_book_build():
    steps = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text())["jobs"]["build"]["steps"]
    runs = [s.get("run", "") for s in steps]
    torch = next(i for i, r in enumerate(runs) if "pip install" in r and "torch==2.13.0" in r)
    book = next(i for i, r in enumerate(runs) if "tasks.py book" in r)
    assert torch < book and ".venv/bin/python" in runs[torch]


def test_torch_is_in_no_requirements_file():
    for name in ("requirements.txt", "requirements-dev.txt", "pyproject.toml"):
        assert "torch" not in (ROOT / name).read_text().lower(), name


def test_the_chapter_states_what_it_compares_and_installs_where_missing():
    import json

    nb = json.loads((ROOT / "chapters" / "autodiff.ipynb").read_text())
    md = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    assert "float64" in md and "Network.backward" in md and "torch_network_gradients" in code
    assert "TORCH_INSTALL" in code
