"""The learner's progress in a notebook, kept in a small JSON file across kernel restarts.

Per exercise: attempts, passed, hints and solutions used. The file is
``$BACKPROP_PROGRESS`` if set, else ``~/.backprop_lib/progress.json``; it is written atomically
(a temporary file, then ``os.replace``). A missing or corrupt file never breaks anything: the
progress starts fresh and says so. ``exercises.progress()`` shows the same table per chapter
as the book's intro page.
"""

from __future__ import annotations

import html
import json
import os
import tempfile
from pathlib import Path

__all__ = ["record", "load", "reset", "progress_path", "Progress"]

_VERSION = 1
_notice: list[str] = []        # why the file was not read (shown once by the table)
_disabled = {"value": False}    # True while the course's own tests run (see tests/conftest.py)


def disabled() -> bool:
    """True while progress is not kept (the course's own tests)."""
    return _disabled["value"]


def progress_path() -> Path:
    env = os.environ.get("BACKPROP_PROGRESS")
    return Path(env) if env else Path.home() / ".backprop_lib" / "progress.json"


def load() -> dict:
    """``{exercise id: {"attempts", "passed", "hints", "solutions"}}``; {} if missing or corrupt."""
    path = progress_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as err:
        _notice.append(f"Could not read {path} ({type(err).__name__}); starting fresh.")
        return {}
    try:
        data = json.loads(text)
        entries = data["exercises"]
        if not isinstance(entries, dict):
            raise ValueError("not a table")
        clean = {}
        for ex_id, e in entries.items():
            clean[str(ex_id)] = {k: (bool(e.get(k)) if k == "passed" else int(e.get(k, 0)))
                                 for k in ("attempts", "passed", "hints", "solutions")}
        return clean
    except Exception:
        _notice.append(f"The progress file {path} was unreadable (corrupt?); starting fresh.")
        return {}


def _save(entries: dict) -> None:
    path = progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".progress-", suffix=".json", dir=str(path.parent))
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"version": _VERSION, "exercises": entries}, f, indent=1, sort_keys=True)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def record(exercise_id: str, attempt=False, passed=None, hint=False, solution=False) -> None:
    """Count an attempt (and whether it passed), a hint or a solution; never raises."""
    if _disabled["value"]:
        return
    try:
        entries = load()
        e = entries.setdefault(exercise_id, {"attempts": 0, "passed": False, "hints": 0, "solutions": 0})
        e["attempts"] += int(bool(attempt))
        e["passed"] = bool(e["passed"] or passed)
        e["hints"] += int(bool(hint))
        e["solutions"] += int(bool(solution))
        _save(entries)
    except Exception:
        pass


def reset() -> None:
    """Forget all progress (deletes the file)."""
    try:
        progress_path().unlink()
    except FileNotFoundError:
        pass


class Progress:
    """The progress table: one row per chapter (done of total, attempts, hints, solutions)."""

    def __init__(self, chapters: list[tuple[str, list[str]]], entries: dict, notice: str = ""):
        self.rows = []
        for chapter, ids in chapters:
            es = [entries.get(i, {}) for i in ids]
            self.rows.append(dict(
                chapter=chapter, total=len(ids), done=sum(bool(e.get("passed")) for e in es),
                attempts=sum(e.get("attempts", 0) for e in es),
                hints=sum(e.get("hints", 0) for e in es),
                solutions=sum(e.get("solutions", 0) for e in es)))
        self.notice = notice

    def __repr__(self) -> str:
        lines = [self.notice] if self.notice else []
        lines.append(f"{'chapter':28} {'done':>10} {'attempts':>9} {'hints':>6} {'solutions':>9}")
        for r in self.rows:
            done = f"{r['done']} of {r['total']}"
            lines.append(f"{r['chapter']:28} {done:>10} {r['attempts']:>9} {r['hints']:>6} "
                         f"{r['solutions']:>9}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = "".join(f"<th style='text-align:left;padding-right:1em'>{h}</th>" for h in
                       ("chapter", "exercises done", "attempts", "hints", "solutions"))
        body = "".join(
            f"<tr><td>{html.escape(r['chapter'])}</td><td>{r['done']} of {r['total']} exercises done</td>"
            f"<td>{r['attempts']}</td><td>{r['hints']}</td><td>{r['solutions']}</td></tr>"
            for r in self.rows)
        notice = f"<p><em>{html.escape(self.notice)}</em></p>" if self.notice else ""
        return f'{notice}<table class="bp-progress"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def table(chapters: list[tuple[str, list[str]]]) -> Progress:
    _notice.clear()
    entries = load()
    return Progress(chapters, entries, " ".join(dict.fromkeys(_notice)))
