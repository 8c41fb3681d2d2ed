"""Interactive explorers, one submodule per chapter, named after the chapter's notebook.

>>> from backprop_lib import explorers
>>> sorted(explorers.catalog())                          # doctest: +SKIP
['backpropagating_the_cost', 'backward_propagation', ...]
>>> ex = explorers.get("forward_propagation")            # a new explorer
>>> ex                                                   # doctest: +SKIP
>>> w = ex.widget                                        # the live widget in Jupyter
>>> html = ex.update(x1=1.0)                             # new HTML, for tests and benchmarks
>>> page = ex.static_html()                              # the no-kernel version

(The last expression of a notebook cell, ``ex``, displays the explorer.)

Displaying an explorer shows the live widget in Jupyter and its no-kernel HTML version in the
built book. The table :data:`CHAPTERS` below says which module holds each chapter's explorer;
each of those modules defines ``EXPLORERS = {id: factory}``. See
:mod:`backprop_lib.explorers.explorer` for how to write one (controls, ``quantities``, ``draw``)
and the README's "explorer contract" for the page's twin in ``explorers/js/``.
"""

import importlib

from .base import Dropdown, Explorer, Slider

__all__ = ["catalog", "get", "CHAPTERS", "Explorer", "Slider", "Dropdown"]

#: explorer id -> the module (in this package) that defines it; each is named after its chapter,
#: except the landing page's "four_diagrams" (the shared :mod:`.network_explorable`, which the
#: chapters 2-6 open at their own diagram).
CHAPTERS = {
    "four_diagrams": "network_explorable",
    "forward_propagation": "forward_propagation",
    "forward_propagation_network": "forward_propagation",
    "backward_propagation": "backward_propagation",
    "backward_propagation_network": "backward_propagation",
    "computing_the_cost": "computing_the_cost",
    "backpropagating_the_cost": "backpropagating_the_cost",
    "weight_gradients": "weight_gradients",
    "cross_entropy": "cross_entropy",
    "vanishing_gradients": "vanishing_gradients",
    "initialization": "initialization",
    "training_memory": "training_memory",
    "loss_scaling": "loss_scaling",
    "autodiff": "autodiff",
    "digits": "digits",
}


def _factory(explorer_id):
    module = importlib.import_module(f"{__name__}.{CHAPTERS[explorer_id]}")  # errors propagate
    return module.EXPLORERS[explorer_id]


def catalog():
    """{id: zero-argument factory} of every explorer of the course, in chapter order."""
    return {explorer_id: _factory(explorer_id) for explorer_id in CHAPTERS}


def get(explorer_id):
    """A new explorer: ``get("forward_propagation")`` is the forward-propagation chapter's.

    An unknown id raises a KeyError that lists the known ones.
    """
    if not isinstance(explorer_id, str):
        raise TypeError(f"explorer_id must be a string, one of {', '.join(CHAPTERS)}; "
                        f"got {type(explorer_id).__name__}")
    if explorer_id not in CHAPTERS:
        raise KeyError(f"No explorer with id {explorer_id!r}. Known ids: {', '.join(CHAPTERS)}")
    return _factory(explorer_id)()
