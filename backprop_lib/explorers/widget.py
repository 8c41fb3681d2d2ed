"""An explorer live in Jupyter (JupyterLab, Notebook 7, Colab, VS Code): one anywidget.

Its front end (explorers/js/widget.js, after the static book's modules) shows the static book's
HTML contract (:mod:`.static`): a root with ``data-explorer``, the controls as ``<input
type="range">`` and ``<select>`` with ``data-param``, the figure in ``[data-figure]``; so whatever
the page does with an explorer's root and controls works here too.

Where the numbers come from (issue 25: a key press shown within one frame; a round trip through
the Jupyter server alone takes 13-50 ms):

* **In the page, at once.** An explorer of the library has a JavaScript twin of its
  ``quantities`` (explorers/js/<chapter>.js, the static book's, proven equal by
  tests/unit/test_explorers_live.py). The widget sends it, once, what it needs (``twin_data``:
  the explorer's :meth:`~.Explorer.live_data` and the templates of every structure, as the static
  page has them; deflated JSON, a binary buffer) when a view asks for it (so a kernel with no
  front end, e.g. nbval's, never computes it; made in a thread, as the initialization explorer's
  table of 1216 experiments takes 10-40 s: until it is in, the kernel draws). The page computes
  the figure's numbers in the control's input event and writes them into the template
  (template.js ``apply``), as the static page does.
* **From the kernel, then.** The control's change still goes to the kernel (the synced
  ``params``: ``explorer.params`` follows the page), which answers with Python's
  ``quantities(params)`` (``q``), the params they are for (``at``) and, when the structure changed,
  the template (``key``, ``template``). The page writes them when they are for the settings it
  shows (a no-op when the twin agreed, as it does); an answer overtaken by a newer key press is
  left out. The root's ``data-kernel`` says ``pending`` until Python's numbers are in, then
  ``confirmed``.
* **Kernel only** (``twin`` False): an explorer without a twin in the page, or whose
  ``quantities``, ``render``, ``draw``, ``live_data`` or ``controls`` a learner has replaced in
  Python (a subclass, a changed class, an instance attribute: :func:`has_twin`), shows the
  kernel's numbers only. The kernel checks again at each change and after each cell run, and tells
  the page.

Per change the kernel computes the quantities only (no drawing: the template of a structure is
drawn once) and sends them in one message (no echo of the controls' values); the page neither
replaces nor re-parses the figure unless its structure changed.

An explorer that overrides ``render`` without ``quantities`` (a figure with no marked numbers)
still works, kernel only: its whole figure is sent as the template of each change.
"""

from __future__ import annotations

import collections
import functools
import hashlib
import json
import math
import re
import threading
import weakref
import zlib
from pathlib import Path

import anywidget
import traitlets

from ..draw import svg
from . import static

__all__ = ["ExplorerWidget", "ControlHandle", "front_end_js", "jsonable", "has_twin", "twin_bytes"]

_JS = Path(__file__).with_name("js")
#: the front end's modules, in order: the static book's page script without its page wiring
#: (Python's number formats, templates, controls, the core equations and every chapter's twin of
#: its explorer's ``quantities``), then the widget's view
FRONT_END = tuple(m for m in static.MODULES if m != "page.js") + ("widget.js",)
#: what the page script's modules expect to find (static.py's prelude): the twins register in
#: ``EXPLORERS[id]``, the explorers' own page interactions (click a node, drag a number, play the
#: steps) in ``INTERACTIONS[id](root, spec)``; the interactions only move the controls
_PRELUDE = "var EXPLORERS = {};\nvar INTERACTIONS = {};\n"
#: how many settings' quantities a widget keeps (a slider swept back and forth meets them again)
SEEN = 256
#: what a learner may replace in Python that the page's twin would not know about
TWIN_NAMES = ("quantities", "render", "draw", "live_data", "controls")


@functools.lru_cache(maxsize=None)
def front_end_js() -> str:
    """The anywidget module: :data:`FRONT_END` after :data:`_PRELUDE` (an ES module:
    ``export default {render}``)."""
    return _PRELUDE + "".join(f"/* ---- {n} */\n" + (_JS / n).read_text(encoding="utf-8") for n in FRONT_END)


@functools.lru_cache(maxsize=None)
def _twins() -> frozenset:
    """The explorer ids with a twin in the front end (``EXPLORERS.<id> =``)."""
    return frozenset(re.findall(r"^EXPLORERS\.(\w+) =", front_end_js(), re.M))


def has_twin(explorer) -> bool:
    """Whether the page may compute ``explorer``'s numbers with its JavaScript twin: the explorer
    draws its quantities into the library's template, the front end has a twin for its id, and
    nothing the twin mirrors (:data:`TWIN_NAMES`) was replaced outside the library (by a subclass,
    on the class, or on the instance). Otherwise the widget shows the kernel's numbers only."""
    if not explorer.draws_its_quantities or explorer.name not in _twins():
        return False
    cls = type(explorer)
    if not cls.__module__.startswith("backprop_lib.explorers."):
        return False
    if any(name in vars(explorer) for name in TWIN_NAMES):
        return False
    for name in TWIN_NAMES:
        f = getattr(cls, name, None)
        module = getattr(f, "__module__", None) or getattr(getattr(f, "fget", None), "__module__", "")
        if not module.startswith("backprop_lib."):
            return False
    return True


def twin_bytes(explorer, templates: dict) -> bytes:
    """What the page's twin needs, sent once (the ``twin_data`` trait): JSON ``{"data":
    live_data(), "templates": {key: template}}``, deflated (zlib; the templates of a structure
    differ by a few numbers: vanishing_gradients' 29 shrink from 850 KB to under 50 KB)."""
    text = json.dumps({"data": explorer.live_data(), "templates": templates},
                      ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return zlib.compress(text.encode("utf-8"), 6)


# the live widgets of this kernel, checked again after each cell run (a learner may replace an
# explorer's quantities in a later cell)
_LIVE: "weakref.WeakSet[ExplorerWidget]" = weakref.WeakSet()
_HOOKED = False


def _after_cell(*_):
    for w in list(_LIVE):
        w._check_twin()


def _hook():
    global _HOOKED
    if _HOOKED:
        return
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - ipywidgets brings IPython
        return
    ip = get_ipython()
    if ip is not None:
        ip.events.register("post_run_cell", _after_cell)
        _HOOKED = True


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
    :meth:`Explorer.update`), ``q`` (Python's quantities) and ``at`` (the params they are for),
    ``key`` and ``template`` (the figure's template for the current structure), ``twin`` (whether
    the page computes the numbers too, :func:`has_twin`) and ``twin_data`` (what it needs, sent
    once; empty when kernel only); ``value`` is the figure's HTML as shown."""

    _esm = front_end_js()
    spec = traitlets.Dict().tag(sync=True)
    shell = traitlets.Unicode().tag(sync=True)
    # the page's own values are not echoed back to it (one message per change, the kernel's answer)
    params = traitlets.Dict().tag(sync=True, echo_update=False)
    key = traitlets.Unicode().tag(sync=True)
    template = traitlets.Unicode().tag(sync=True)
    q = traitlets.Dict().tag(sync=True)
    at = traitlets.Dict().tag(sync=True)
    twin = traitlets.Bool(False).tag(sync=True)
    twin_data = traitlets.Bytes(b"").tag(sync=True)

    def __init__(self, explorer):
        self._explorer = explorer
        self._templates: dict[str, str] = {}
        self._marked = explorer.draws_its_quantities
        self._q = {}
        self._seen = collections.OrderedDict()   # params -> (q, its JSON form): the last few
        if self._marked:    # every structure's template drawn now, not on a slider's first move to it
            self._templates.update(static.templates(explorer))
        twin = has_twin(explorer)
        figure = self._figure()
        spec = {"id": explorer.name, "structure": list(explorer.structure),
                "controls": [static._control_spec(c) for c in explorer.control_list]}
        super().__init__(spec=spec, shell=shell_html(explorer), params=dict(explorer.params),
                         at=dict(explorer.params), twin=twin,
                         **figure)
        self.observe(self._on_params, names="params")
        self.on_msg(self._on_msg)
        self._twin_lock = threading.Lock()
        self._twin_started = False
        _LIVE.add(self)
        _hook()

    def _on_msg(self, _widget, content, _buffers):
        """A view asks for the twin's data (``{"twin": "please"}``): made once, in a thread."""
        if isinstance(content, dict) and content.get("twin") == "please":
            self.start_twin()

    def start_twin(self, wait=False):
        """Make ``twin_data`` (once) in a thread; ``wait``: until it is set."""
        with self._twin_lock:
            if self._twin_started or not self.twin:
                return
            self._twin_started = True
            thread = self._twin_thread = threading.Thread(target=self.make_twin, daemon=True,
                                                          name=f"twin-{self._explorer.name}")
            thread.start()
        if wait:
            thread.join()

    def make_twin(self):
        """``twin_data`` for the explorer (:func:`twin_bytes`), unless it lost its twin meanwhile."""
        data = twin_bytes(self._explorer, self._templates)
        if self.twin and has_twin(self._explorer):
            self.twin_data = data

    def _check_twin(self):
        """Kernel only from now on if the learner replaced what the twin mirrors (the page is
        told; the quantities kept so far are Python's no longer)."""
        if self.twin and not has_twin(self._explorer):
            self.refresh()

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
                self.at = dict(ex.params)
            raise
        self.refresh()

    def refresh(self):
        """Send the figure for the explorer's params (one message: q and at, and key and template
        when the structure changed; nothing when nothing changed)."""
        lost = self.twin and not has_twin(self._explorer)
        if lost:
            self._seen.clear()
        fig = self._figure()
        with self.hold_sync():                   # one message
            if lost:
                self.twin = False
            if dict(self.params) != self._explorer.params:
                self.params = dict(self._explorer.params)
            if fig["key"] != self.key:
                self.template = fig["template"]
                self.key = fig["key"]
            self.q = fig["q"]
            self.at = dict(self._explorer.params)

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
