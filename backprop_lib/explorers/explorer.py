"""The :class:`Explorer` base: declared controls, its numbers ``quantities(params)``, a ``draw``
of them, and its front ends.

An explorer declares its controls (:mod:`.controls`), one pure function
``quantities(params) -> dict`` (every number the figure shows, computed once: plain floats,
ints, strings, lists and dicts) and ``draw(q, params) -> str`` (the HTML/SVG string drawn with
:mod:`backprop_lib.draw` from ``q`` alone; ``params`` only for the layout).
``render(params)`` is ``draw(quantities(params), params)``. From that:

- ``.widget``: the live explorer in Jupyter (:mod:`.widget`, an anywidget): the static book's
  controls and figure template in the page, the numbers of each change from the kernel's
  ``quantities`` (one message; only the changed numbers are written);
- ``static_html()``: the no-kernel version for the built book, every control live in the page
  (:mod:`.static`: the figure as a template whose numbers the page's JavaScript fills in);
- ``update(**params)``: change parameters from code (tests, benchmarks) and get the new HTML.

Displaying the object gives both: the widget view (JupyterLab shows the live widget) and
``text/html`` = the static version (the built book shows that; the book's ``_config.yml`` sets
myst-nb's mime priority so that ``text/html`` wins in HTML builds).

Writing an explorer (one module per chapter under ``backprop_lib/explorers/``)
-----------------------------------------------------------------------------
>>> from backprop_lib.explorers import Explorer, Slider, Dropdown
>>> from backprop_lib import node
>>> from backprop_lib.draw import node_diagrams
>>> class MyExplorer(Explorer):
...     name = "forward_propagation"         # its id in explorers.catalog()
...     title = "One node, forward"
...     structure = ("act",)                 # controls that change the figure's layout
...     def controls(self):
...         return [Slider("x1", -2, 2, 0.1, 0.5, label="x₁", description="input 1, a⁰₁"),
...                 Dropdown("act", ["tanh", "sigmoid", "relu"], "tanh", label="σ",
...                          description="activation function")]
...     def quantities(self, p):
...         return node.node_forward([p["x1"], 1.0], [0.5, -0.3], 0.1, p["act"])
...     def draw(self, q, p):
...         return node_diagrams.forward_node(q, p["act"]).svg
>>> ex = MyExplorer()
>>> html = ex.update(x1=1.0)                 # re-render with x1 = 1.0
>>> w = ex.widget                            # the live widget (anywidget)

The contract with the page (:mod:`.static`): every number ``draw`` writes that depends on the
controls is a marked number (:func:`backprop_lib.draw.svg.num`) whose name is a key path of
``q`` (``"x.0"`` is ``q["x"][0]``), and the page script's ``EXPLORERS[name]`` (its chapter module
in explorers/js/) returns the same dict; tests/unit/test_explorers_live.py checks both for every
explorer, the dicts at 200+ settings.
The module defines ``EXPLORERS = {"name": factory}`` and is listed in
:data:`backprop_lib.explorers.CHAPTERS`.
"""

from __future__ import annotations

from ..draw import svg

__all__ = ["Explorer"]


class Explorer:
    """Base class: subclasses define ``controls()``, ``quantities(params)`` and ``draw(q, params)``.

    Class attributes: ``name`` (catalog key), ``title`` (shown above the explorer),
    ``structure`` (below).
    """

    name = ""
    title = ""
    #: Controls whose values change the figure's layout, not only its numbers: the static book
    #: stores one template per combination of their values (see :mod:`.static`).
    structure: tuple = ()
    #: Show the figure first, then its toolbar and the controls in a compact strip (a phone sees
    #: the figure at once, not a column of sliders): :func:`.static.root_html`.
    figure_first: bool = False

    def __init__(self, **params):
        self._controls = {c.name: c for c in self.controls()}
        if not self._controls:
            raise ValueError(f"{type(self).__name__}.controls() must declare at least one control")
        self.params = {n: c.value for n, c in self._controls.items()}
        self._widget = None
        if params:
            self._set_params(params)

    # --- to override -------------------------------------------------------------------------
    def controls(self):
        """The list of :class:`Control` objects (order = display order)."""
        raise NotImplementedError

    def quantities(self, params) -> dict:
        """Every number the figure shows for ``params`` (a dict control name -> value): the one
        place they are computed. JSON-like values only (floats, ints, strings, None, lists,
        dicts with string keys); the page's twin returns the same dict."""
        raise NotImplementedError

    def draw(self, q, params) -> str:
        """The HTML/SVG string of the quantities ``q``; ``params`` may choose the layout only."""
        raise NotImplementedError

    @property
    def draws_its_quantities(self) -> bool:
        """Whether its figure is ``draw(quantities(params))`` with marked numbers (the contract),
        so that a front end can fill the library's template with the quantities alone."""
        cls = type(self)
        return cls.quantities is not Explorer.quantities and cls.render is Explorer.render

    def toolbar_html(self) -> str:
        """Buttons shown under the figure (``figure_first``), which only move controls; none by
        default."""
        return ""

    def render(self, params) -> str:
        """The HTML/SVG string for ``params``: ``draw(quantities(params), params)``."""
        return self.draw(self.quantities(params), params)

    # --- parameters ----------------------------------------------------------------------------
    @property
    def control_list(self):
        return list(self._controls.values())

    def _set_params(self, params):
        for k, v in params.items():
            if k not in self._controls:
                raise ValueError(
                    f"unknown parameter {k!r} for explorer {self.name or type(self).__name__}; "
                    f"expected one of {', '.join(self._controls)}")
            self.params[k] = self._controls[k].validate(v)

    def html(self) -> str:
        """The output for the current parameters (its marked numbers resolved once)."""
        with svg.deferred():
            out = self.render(dict(self.params))
        return svg.resolve(out)

    def live_data(self) -> dict:
        """What the page's JavaScript needs besides the controls (e.g. the seeded random
        matrices of an experiment); JSON-serialisable. Default: nothing."""
        return {}

    def static_html(self) -> str:
        """The no-kernel version for the built book: every control live (see :mod:`.static`)."""
        from . import static

        return static.live_html(self)

    def update(self, **params) -> str:
        """Set parameters (by control name), refresh the widget if it exists, return the HTML."""
        self._set_params(params)
        if self._widget is not None:
            self._widget.refresh()
        return self.html()

    # --- the live widget -----------------------------------------------------------------------
    @property
    def widget(self):
        """The live explorer in Jupyter (:class:`.widget.ExplorerWidget`, an anywidget): the
        static book's controls and figure, the numbers from the kernel's ``quantities``."""
        if self._widget is None:
            from .widget import ExplorerWidget

            self._widget = ExplorerWidget(self)
        return self._widget

    @property
    def output(self):
        """The live widget, whose ``value`` is the figure's HTML as shown (built if needed)."""
        return self.widget

    def control_widget(self, name):
        """Control ``name`` of the live widget (:class:`.widget.ControlHandle`): its ``value``,
        set as the page sets it (builds the widget if needed)."""
        return self.widget.control(name)

    # --- display -------------------------------------------------------------------------------
    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {}
        try:
            wb = self.widget._repr_mimebundle_()
        except Exception:  # no ipywidgets front end at all: the static version still shows
            wb = None
        if isinstance(wb, tuple):
            wb = wb[0]
        if wb:
            bundle.update(wb)
        bundle["text/html"] = self.static_html()
        bundle["text/plain"] = f"<{type(self).__name__} explorer {self.name!r}: {self.title}>"
        return bundle

    def __repr__(self):
        return f"<{type(self).__name__} explorer {self.name!r}>"
