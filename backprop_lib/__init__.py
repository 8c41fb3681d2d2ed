"""backprop_lib: the library of the course "Backpropagation in Four Diagrams".

The numpy core (imports nothing but numpy):

* :mod:`~backprop_lib.network`: :class:`Network`, forward and backward passes
* :mod:`~backprop_lib.activations`, :mod:`~backprop_lib.losses`,
  :mod:`~backprop_lib.initializers`: the pieces a network is made of
* :mod:`~backprop_lib.gradcheck`: backpropagation checked against finite differences
* :mod:`~backprop_lib.training`, :mod:`~backprop_lib.datasets`: SGD and toy data

One module per later chapter, on the core (they call the network's one forward and one
backward pass, or its single steps :meth:`Network.forward_step` and :meth:`Network.backward_step`):
:mod:`~backprop_lib.vanishing_gradients`, :mod:`~backprop_lib.initialization`,
:mod:`~backprop_lib.training_memory`, :mod:`~backprop_lib.loss_scaling`.

On top of it (imported on demand), each with one module per chapter named after the chapter's
notebook: :mod:`~backprop_lib.draw` (the palette, the SVG diagrams and charts, each chapter's
figures), :mod:`~backprop_lib.explorers` (interactive widgets, ``explorers.get(id)``) and
:mod:`~backprop_lib.exercises` (checked exercises, ``exercises.get(id)``).
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
