"""backprop_lib: the library of the course "Backpropagation in Four Diagrams".

The numpy core (imports nothing but numpy):

* :mod:`~backprop_lib.network`: :class:`Network`, forward and backward passes
* :mod:`~backprop_lib.activations`, :mod:`~backprop_lib.losses`,
  :mod:`~backprop_lib.initializers`: the pieces a network is made of
* :mod:`~backprop_lib.gradcheck`: backpropagation checked against finite differences
* :mod:`~backprop_lib.training`, :mod:`~backprop_lib.datasets`: SGD and toy data

On top of it (imported on demand): :mod:`~backprop_lib.style` (the palette),
diagrams, charts, explorers (interactive widgets) and exercises.
"""

from . import activations, datasets, gradcheck, initializers, losses, training
from .network import Gradients, Network, Trace

__version__ = "0.2.0"

__all__ = [
    "Network",
    "Trace",
    "Gradients",
    "activations",
    "losses",
    "initializers",
    "gradcheck",
    "training",
    "datasets",
]
