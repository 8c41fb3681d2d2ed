"""Interactive explorers, one submodule per chapter.

>>> from backprop_lib import explorers
>>> sorted(explorers.catalog())                          # doctest: +SKIP
['backward_node', 'forward_node', ...]
>>> ex = explorers.catalog()["forward_node"]()           # a zero-argument factory
>>> ex                                                   # doctest: +SKIP
>>> w = ex.widget                                        # the ipywidgets explorer
>>> html = ex.update(x1=1.0)                             # new HTML, for tests and benchmarks
>>> page = ex.static_html()                              # the no-kernel version

(The last expression of a notebook cell, ``ex``, displays the explorer.)

Displaying an explorer shows the live widget in Jupyter and its no-kernel HTML version in the
built book. A submodule is discovered if it defines ``EXPLORERS = {name: factory}`` or
:class:`~backprop_lib.explorers.base.Explorer` subclasses with a non-empty ``name``. Import
errors in a submodule are raised, never skipped. See :mod:`backprop_lib.explorers.base` for
how to write one.
"""

import importlib
import inspect
import pkgutil

from .base import Dropdown, Explorer, MatplotlibExplorer, Slider

__all__ = ["catalog", "Explorer", "MatplotlibExplorer", "Slider", "Dropdown"]


def _discover():
    found = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_") or info.name == "base":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")  # errors propagate
        entries = getattr(module, "EXPLORERS", None)
        if entries is None:
            entries = {
                cls.name: cls
                for _, cls in inspect.getmembers(module, inspect.isclass)
                if issubclass(cls, Explorer) and cls.__module__ == module.__name__ and cls.name
            }
        for name, factory in entries.items():
            if name in found:
                raise RuntimeError(
                    f"explorer name {name!r} is defined twice ({found[name][1]} and {module.__name__})")
            if not callable(factory):
                raise TypeError(f"{module.__name__}.EXPLORERS[{name!r}] must be a zero-argument factory")
            found[name] = (factory, module.__name__)
    return {name: f for name, (f, _) in found.items()}


def catalog():
    """{name: zero-argument factory} of every explorer in the package's submodules."""
    return _discover()
