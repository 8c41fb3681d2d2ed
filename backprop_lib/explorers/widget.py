"""An explorer live in Jupyter (JupyterLab, Notebook 7, Colab, VS Code): one anywidget.

Its front end (explorers/js/widget.js, with format.js) shows the static book's HTML contract
(:mod:`.static`): a root with ``data-explorer``, the controls as ``<input type="range">`` and
``<select>`` with ``data-param``, the figure in ``[data-figure]``; so whatever the page does with
an explorer's root and controls works here too. What differs from the book is where the numbers
come from: a control's change sends the controls' values to the kernel (the synced ``params``),
and the kernel answers with the library's ``quantities(params)`` (``q``), plus, when a structure
control changed, the library's template for the new structure (``key``, ``template``: what
:func:`.static.template` draws, kept per key). The page writes each marked number into its place
with Python's formats (format.js) and touches only the places whose text changed; the figure is
then what ``render(params)`` returns (``svg.fill(template, q)``, tests/unit/test_explorers_live.py).

Per change the kernel computes the quantities only (no drawing: the template of a structure is
drawn once) and sends them in one message (no echo of the controls' values); the page neither
replaces nor re-parses the figure unless its structure changed (issue 25: a slider move shown
within a frame).

An explorer that overrides ``render`` without ``quantities`` (a figure with no marked numbers)
still works: its whole figure is sent as the template of each change.
"""

from __future__ import annotations

import collections
import functools
import hashlib
import html as _html
import json
import math
from pathlib import Path

import anywidget
import traitlets

from ..draw import svg
from . import static

__all__ = ["ExplorerWidget", "ControlHandle", "front_end_js", "jsonable"]

_JS = Path(__file__).with_name("js")
#: the front end's modules, in order: Python's number formats, then the widget's view
FRONT_END = ("format.js", "template.js", "controls.js", "core.js", "network_explorable.js", "widget.js")
#: what the page script's modules expect to find (static.py's prelude): the explorers' own page
#: interactions (``INTERACTIONS[id](root, spec)``: click a node, drag a number, play the steps),
#: which only move the controls, so that in Jupyter too the kernel draws what they choose
_PRELUDE = "var EXPLORERS = {};\nvar INTERACTIONS = {};\n"
#: how many settings' quantities a widget keeps (a slider swept back and forth meets them again)
SEEN = 256


@functools.lru_cache(maxsize=None)
def front_end_js() -> str:
    """The anywidget module: :data:`FRONT_END` after :data:`_PRELUDE` (an ES module:
    ``export default {render}``)."""
    return _PRELUDE + "".join(f"/* ---- {n} */\n" + (_JS / n).read_text(encoding="utf-8") for n in FRONT_END)


def _special(v: float):
    return {"__float__": "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")}


def _walk(v):
    if isinstance(v, float):
        return v if math.isfinite(v) else _special(v)
    if isinstance(v, dict):
        return {k: _walk(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_walk(x) for x in v]
    return v


def jsonable(q: dict) -> dict:
    """``q`` as JSON can carry it: NaN and the infinities become ``{"__float__": "nan" | "inf" |
    "-inf"}`` (widget.js turns them back); ``q`` itself when it has none (the usual case)."""
    try:
        json.dumps(q, allow_nan=False)
    except ValueError:
        return _walk(q)
    return q


def shell_html(explorer) -> str:
    """The root, title, controls (and toolbar) of the static version (:func:`.static.root_html`),
    the figure empty (the front end fills it); ``__BPW__`` stands for the view's own id prefix."""
    rows = "".join(static._control_html(c, explorer.params[c.name], f"__BPW__-{i}")
                   for i, c in enumerate(explorer.control_list))
    return static.root_html(explorer, rows, "")


class ExplorerWidget(anywidget.AnyWidget):
    """The live explorer: ``params`` (the controls' values, set by the page or by
    :meth:`Explorer.update`), ``q`` (the quantities), ``key`` and ``template`` (the figure's
    template for the current structure); ``value`` is the figure's HTML as shown."""

    _esm = front_end_js()
    spec = traitlets.Dict().tag(sync=True)
    shell = traitlets.Unicode().tag(sync=True)
    # the page's own values are not echoed back to it (one message per change, the kernel's answer)
    params = traitlets.Dict().tag(sync=True, echo_update=False)
    key = traitlets.Unicode().tag(sync=True)
    template = traitlets.Unicode().tag(sync=True)
    q = traitlets.Dict().tag(sync=True)

    def __init__(self, explorer):
        self._explorer = explorer
        self._templates: dict[str, str] = {}
        self._marked = explorer.draws_its_quantities
        self._q = {}
        self._seen = collections.OrderedDict()   # params -> (q, its JSON form): the last few
        if self._marked:    # every structure's template drawn now, not on a slider's first move to it
            self._templates.update(static.templates(explorer))
        figure = self._figure()
        spec = {"id": explorer.name, "controls": [static._control_spec(c) for c in explorer.control_list]}
        super().__init__(spec=spec, shell=shell_html(explorer), params=dict(explorer.params), **figure)
        self.observe(self._on_params, names="params")

    def _figure(self) -> dict:
        """{key, template, q} for the explorer's current params."""
        ex = self._explorer
        p = dict(ex.params)
        if not self._marked:
            html = ex.html()
            self._q = {}
            return {"key": "html:" + hashlib.sha1(html.encode()).hexdigest()[:16], "template": html, "q": {}}
        key = static.template_key(ex, p)
        seen = tuple(sorted(p.items()))
        if seen in self._seen:                   # quantities is a pure function of params
            self._seen.move_to_end(seen)
        else:
            q = ex.quantities(p)
            self._seen[seen] = (q, jsonable(q))
            if len(self._seen) > SEEN:
                self._seen.popitem(last=False)
        q, sent = self._seen[seen]
        template = self._templates.get(key)
        if template is None:
            template = self._templates[key] = static.template(ex, p)[0]
        self._q = q
        return {"key": key, "template": template, "q": sent}

    def _on_params(self, change):
        ex = self._explorer
        new = change["new"]
        changed = {k: v for k, v in new.items() if k not in ex.params or ex.params[k] != v}
        try:
            ex._set_params(changed)
        except (TypeError, ValueError):
            with self.hold_sync():               # the page's controls back to the valid values
                self.set_trait("params", dict(ex.params))
            raise
        self.refresh()

    def refresh(self):
        """Send the figure for the explorer's params (one message: q, and key and template when
        the structure changed; nothing when nothing changed)."""
        fig = self._figure()
        with self.hold_sync():                   # one message
            if dict(self.params) != self._explorer.params:
                self.params = dict(self._explorer.params)
            if fig["key"] != self.key:
                self.template = fig["template"]
                self.key = fig["key"]
            self.q = fig["q"]

    @property
    def value(self) -> str:
        """The figure's HTML as the page shows it: the template filled with the quantities."""
        return svg.fill(self.template, self._q) if self._marked else self.template

    def control(self, name) -> "ControlHandle":
        if name not in self._explorer.params:
            raise ValueError(f"unknown control {name!r}; expected one of {', '.join(self._explorer.params)}")
        return ControlHandle(self, name)


class ControlHandle:
    """One control of a live explorer, as the page's control is: setting ``value`` does what the
    page does on a change (the new ``params`` reach the kernel, which sends the figure)."""

    def __init__(self, widget: ExplorerWidget, name: str):
        self._widget = widget
        self.name = name
        c = {c.name: c for c in widget._explorer.control_list}[name]
        self.description = c.label
        self.control = c

    @property
    def value(self):
        return self._widget._explorer.params[self.name]

    @value.setter
    def value(self, v):
        w = self._widget
        with w.hold_sync():                      # params and the figure in one message
            w.params = {**w.params, self.name: v}

    def __repr__(self):
        return f"<control {self.name!r} of explorer {self._widget._explorer.name!r} = {self.value!r}>"
