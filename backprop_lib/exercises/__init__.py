"""Self-study exercises with auto-checked answers and feedback that names the mistake.

::

    from backprop_lib import exercises
    q = exercises.catalog()["forward_propagation.weighted_sum"]
    q.check(my_answer); q.hint(); q.hint(2); q.solution(); q.reference()
    exercises.quiz([...])      # quick self-check that works in the static HTML book

Each chapter's exercises live in a submodule named after the chapter's notebook
(``chapters/forward-propagation.ipynb`` -> ``exercises/forward_propagation.py``), and their ids
start with that name. :data:`CHAPTERS` lists those modules in the book's order; ``catalog()``
imports each and returns all their exercises.
How to write exercises: see the docstring of :mod:`backprop_lib.exercises.core`.
Only numpy is imported here; IPython display pieces are imported lazily.
"""

from __future__ import annotations

import difflib
import importlib

from .core import CheckResult, Exercise, Mistake, register, registry

__all__ = ["catalog", "get", "quiz", "CHAPTERS", "Exercise", "Mistake", "CheckResult", "register"]

#: The chapter modules of this package, in the book's order; an exercise's id starts with its module.
CHAPTERS = (
    "notation",
    "forward_propagation",
    "backward_propagation",
    "computing_the_cost",
    "backpropagating_the_cost",
    "weight_gradients",
    "cross_entropy",
    "vanishing_gradients",
    "initialization",
    "training_memory",
    "loss_scaling",
    "autodiff",
    "digits",
)


class Catalog(dict):
    """``{id: Exercise}``; a missing id gives a KeyError that suggests the closest ids."""

    def __missing__(self, key):
        close = difflib.get_close_matches(str(key), list(self), n=3, cutoff=0.5)
        suggestion = f" Did you mean {', '.join(map(repr, close))}?" if close else ""
        raise KeyError(f"No exercise with id {key!r}.{suggestion} Known ids: {', '.join(sorted(self))}")


def catalog() -> Catalog:
    """Every exercise of the course, ``{id: Exercise}``, in chapter-module then definition order.

    Imports each chapter module of :data:`CHAPTERS`; an error in one is raised, never hidden.
    """
    for name in CHAPTERS:
        importlib.import_module(f"{__name__}.{name}")
    return Catalog(registry())


def get(exercise_id: str) -> Exercise:
    """``catalog()[exercise_id]``."""
    return catalog()[exercise_id]


def quiz(questions, title: str | None = None):
    """A quick self-check quiz that works with no kernel (static HTML book) and in Jupyter.

    See :func:`backprop_lib.exercises.quizzes.quiz` for the question format.
    """
    from .quizzes import quiz as _quiz

    return _quiz(questions, title=title)
