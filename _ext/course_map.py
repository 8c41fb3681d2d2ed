"""The course map of each chapter: its card at the top, its further reading at the end.

Every chapter notebook opens (right after its title cell) with a markdown cell holding a
``{admonition}`` of class ``chapter-map``: core or optional, the estimated time, 3-5 learning
objectives, the prerequisites (and, where the chapter quotes it, the source text, cited). It ends
with a markdown cell labelled ``(further-<slug>)=`` with further reading. A new chapter adds both
the same way; tests/book/test_course_map.py checks every chapter of _toc.yml.

The estimated time is computed from the notebook, never typed by hand::

    python3 _ext/course_map.py            # print each chapter's estimate and whether its card agrees
    python3 _ext/course_map.py --write    # write the estimates into the cards

The estimate: the words a reader reads (markdown, and the code cells shown in the book) at
WORDS_PER_MINUTE, plus MINUTES_PER_EXERCISE per exercise that asks for a value (or ``{exercise}``),
MINUTES_PER_FUNCTION_EXERCISE per exercise that asks for a function (code to write, run and debug:
a backward pass, a training loop), MINUTES_PER_QUIZ per quick quiz and MINUTES_PER_EXPLORER per
explorer, rounded up to 5 minutes. Only the standard library is used.
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

WORDS_PER_MINUTE = 120      # technical prose with maths and code: slower than the usual 200-250
MINUTES_PER_EXERCISE = 6
MINUTES_PER_FUNCTION_EXERCISE = 12
MINUTES_PER_QUIZ = 3
MINUTES_PER_EXPLORER = 3

CARD_CLASS = "chapter-map"
TIME_LINE = re.compile(r"^\*\*Time:\*\* .*$", re.M)


def _source(cell) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


def _tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def is_card(cell) -> bool:
    return cell["cell_type"] == "markdown" and f":class: {CARD_CLASS}" in _source(cell)


def is_further_reading(cell) -> bool:
    return cell["cell_type"] == "markdown" and re.search(r"^\(further-[\w-]+\)=", _source(cell), re.M) is not None


def card_index(nb) -> int | None:
    for i, cell in enumerate(nb["cells"]):
        if is_card(cell):
            return i
    return None


def _exercise_prompt(ex_id: str) -> str:
    """The prompt of exercise ``ex_id`` (the notebook shows it with ``q.show()``)."""
    from backprop_lib import exercises

    try:
        return exercises.get(ex_id).prompt
    except KeyError:
        return ""


def _asks_for_function(ex_id: str) -> bool:
    """Whether exercise ``ex_id`` asks the learner to write a function (not a value)."""
    from backprop_lib import exercises

    try:
        return exercises.get(ex_id).kind == "function"
    except KeyError:
        return False


def chapter_stats(nb) -> dict:
    """Words a reader reads, and the chapter's exercises, quizzes and explorers."""
    words = exercises = functions = quizzes = explorers = 0
    for cell in nb["cells"]:
        src = _source(cell)
        tags = _tags(cell)
        if cell["cell_type"] == "markdown":
            if is_card(cell) or is_further_reading(cell):
                continue
            exercises += len(re.findall(r"^`{3,}\{exercise\}", src, re.M))
            text = re.sub(r"^\(.*\)=$|^:\w+:.*$|^`{3,}.*$", " ", src, flags=re.M)
            words += len(text.split())
        elif cell["cell_type"] == "code":
            for ex_id in re.findall(r'exercises\.get\("([\w.]+)"\)\s*\n\s*q\.show\(\)', src):
                exercises += 1          # its text lives in the library: count the prompt's words
                functions += _asks_for_function(ex_id)
                words += len(_exercise_prompt(ex_id).split())
            if "exercises.quiz(" in src:
                quizzes += 1
            if re.search(r"explorers\.(catalog\(\)\[|get\()", src):
                explorers += 1
            if "remove-cell" in tags or "remove-input" in tags:
                continue
            words += len(src.split())
    return {"words": words, "exercises": exercises, "function_exercises": functions, "quizzes": quizzes,
            "explorers": explorers}


def estimate_minutes(stats: dict) -> int:
    functions = stats.get("function_exercises", 0)
    minutes = (stats["words"] / WORDS_PER_MINUTE + MINUTES_PER_EXERCISE * (stats["exercises"] - functions)
               + MINUTES_PER_FUNCTION_EXERCISE * functions
               + MINUTES_PER_QUIZ * stats["quizzes"] + MINUTES_PER_EXPLORER * stats["explorers"])
    return max(5, 5 * math.ceil(minutes / 5))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def time_line(nb) -> str:
    """The card's time line, e.g. ``**Time:** about 45 min (about 2,300 words, 4 exercises, 1 quiz, 1 explorer)``."""
    s = chapter_stats(nb)
    parts = [f"about {max(100, round(s['words'], -2)):,} words"]
    for key, word in (("exercises", "exercise"), ("quizzes", "quiz"), ("explorers", "explorer")):
        if s[key]:
            parts.append(_plural(s[key], word).replace("quizs", "quizzes"))
    return f"**Time:** about {estimate_minutes(s)} min ({', '.join(parts)})"


def stated_time_line(nb) -> str | None:
    i = card_index(nb)
    if i is None:
        return None
    m = TIME_LINE.search(_source(nb["cells"][i]))
    return m.group(0) if m else None


def write_time(path: Path) -> bool:
    """Write the computed time into the card of the notebook at ``path``; True if it changed."""
    text = path.read_text()
    nb = json.loads(text)
    i = card_index(nb)
    if i is None:
        raise ValueError(f"{path}: no chapter card (a markdown cell with ':class: {CARD_CLASS}')")
    old = _source(nb["cells"][i])
    new = TIME_LINE.sub(time_line(nb), old)
    if new == old:
        return False
    nb["cells"][i]["source"] = new.splitlines(keepends=True)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    return True


def toc_chapters(root: Path = ROOT) -> list[Path]:
    """The chapter notebooks of _toc.yml, in order (read without a YAML library)."""
    files = re.findall(r"^\s*-\s*file:\s*(\S+)\s*$", (root / "_toc.yml").read_text(), re.M)
    return [root / f"{f}.ipynb" for f in files if (root / f"{f}.ipynb").exists()]


def main(argv: list[str]) -> int:
    write = "--write" in argv
    bad = 0
    for path in toc_chapters():
        nb = json.loads(path.read_text())
        want = time_line(nb)
        if write and card_index(nb) is not None:
            changed = write_time(path)
            print(f"{path.name:34s} {want}{'  (written)' if changed else ''}")
            continue
        ok = stated_time_line(nb) == want
        bad += not ok
        print(f"{path.name:34s} {want}{'' if ok else '   <- the card says: ' + str(stated_time_line(nb))}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
