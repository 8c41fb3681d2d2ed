"""Self-study exercises with auto-checked answers and feedback that names the mistake.

::

    from backprop_lib import exercises
    q = exercises.get("forward_propagation.weighted_sum")
    q.show()                   # the exercise (and, in the book, an answer box)
    q.check(my_answer); q.hint(); q.hint(2); q.solution(); q.reference()
    exercises.progress()       # how far you are, chapter by chapter
    exercises.quiz([...])      # quick self-check that works in the static HTML book

Each chapter's exercises live in a module named after the chapter's notebook
(``chapters/forward-propagation.ipynb`` -> ``exercises/forward_propagation.py``), which lists
them in ``EXERCISES``. :data:`CHAPTERS` is the explicit table of those modules in the book's
order; ``catalog()`` builds ``{id: Exercise}`` from it. How to write exercises: see
:mod:`backprop_lib.exercises.exercise`. Only numpy is imported here; IPython pieces lazily.

The package's files, one job each: ``exercise`` (the Exercise and its value checks),
``functions`` (checking a learner's function on many cases), ``diagnose`` (comparison and the
generic diagnoses), ``sandbox`` (time limit, placeholder detector, captured prints), ``render``
(feedback display), ``page`` (the answer box of the static book), ``progress`` (the progress
file), ``quizzes`` (multiple-choice self-checks).
"""

from __future__ import annotations

import difflib

from . import (autodiff, backpropagating_the_cost, backward_propagation, computing_the_cost,
               cross_entropy, digits, forward_propagation, initialization, loss_scaling, notation,
               training_memory, vanishing_gradients, weight_gradients)
from . import progress as _progress
from .exercise import Exercise, Mistake
from .render import CheckResult

__all__ = ["catalog", "get", "quiz", "progress", "reset_progress", "CHAPTERS", "Exercise", "Mistake", "CheckResult"]

#: The chapters' exercise modules in the book's order: (chapter notebook slug, module).
CHAPTERS = (
    ("notation", notation),
    ("forward-propagation", forward_propagation),
    ("backward-propagation", backward_propagation),
    ("computing-the-cost", computing_the_cost),
    ("backpropagating-the-cost", backpropagating_the_cost),
    ("weight-gradients", weight_gradients),
    ("cross-entropy", cross_entropy),
    ("vanishing-gradients", vanishing_gradients),
    ("initialization", initialization),
    ("training-memory", training_memory),
    ("loss-scaling", loss_scaling),
    ("autodiff", autodiff),
    ("digits", digits),
)


class Catalog(dict):
    """``{id: Exercise}``; a missing id gives a KeyError that suggests the closest ids."""

    def __missing__(self, key):
        close = difflib.get_close_matches(str(key), list(self), n=3, cutoff=0.5)
        suggestion = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
        raise KeyError(f"No exercise with id {key!r}.{suggestion} Known ids: {', '.join(sorted(self))}")


def catalog() -> Catalog:
    """Every exercise of the course, ``{id: Exercise}``, in the book's order.

    An id that does not start with its module's name, or that two modules use, is an error.
    """
    out = Catalog()
    for slug, module in CHAPTERS:
        prefix = module.__name__.rsplit(".", 1)[1]
        for ex in module.EXERCISES:
            if not isinstance(ex, Exercise):
                raise TypeError(f"{module.__name__}.EXERCISES: expected Exercise objects, got "
                                f"{type(ex).__name__}")
            if ex.id.split(".")[0] != prefix:
                raise ValueError(f"{module.__name__}.EXERCISES: id {ex.id!r} should start with "
                                 f"{prefix!r}")
            if ex.id in out:
                raise ValueError(f"exercise id {ex.id!r} is listed twice")
            ex.module = module.__name__
            ex.chapter = slug
            ex.chapter_ids = [e.id for e in module.EXERCISES]
            out[ex.id] = ex
    return out


def get(exercise_id: str) -> Exercise:
    """The exercise ``exercise_id`` (a KeyError suggests close ids)."""
    return catalog()[exercise_id]


def progress():
    """Your progress, chapter by chapter: exercises done, attempts, hints and solutions used.

    Kept in a small JSON file (see :mod:`backprop_lib.exercises.progress`) across kernel
    restarts; a missing or corrupt file starts fresh.
    """
    chapters = [(slug, [ex.id for ex in module.EXERCISES]) for slug, module in CHAPTERS
                if module.EXERCISES]
    return _progress.table(chapters)


def reset_progress() -> None:
    """Forget your progress (deletes the progress file)."""
    _progress.reset()


def quiz(questions, title: str | None = None):
    """A quick self-check quiz that works with no kernel (static HTML book) and in Jupyter.

    See :func:`backprop_lib.exercises.quizzes.quiz` for the question format.
    """
    from .quizzes import quiz as _quiz

    return _quiz(questions, title=title)
