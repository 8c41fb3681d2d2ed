"""The base of every explorer: declared controls, one render function, two front ends.

An explorer declares its controls (sliders, dropdowns) and one pure function
``render(params) -> str`` (an HTML/SVG string, e.g. a :mod:`backprop_lib.draw.diagrams` diagram or a
:mod:`backprop_lib.draw.charts` chart). From that the base builds

- ``.widget``: the live ipywidgets explorer (the controls and an ``HTML`` output whose value is
  replaced on every change through ``observe``; nothing is rebuilt, so an update costs one
  ``render`` call, well under 5 ms for the SVG diagrams);
- ``static_html(sweep=...)``: a no-kernel version for the built book: the frames of a sweep of
  the main parameter(s) precomputed, behind labelled ``<input type="range">`` sliders with a few
  lines of inline JavaScript (no external scripts), keyboard accessible;
- ``update(**params)``: change parameters from code (tests, benchmarks) and get the new HTML.

Displaying the object gives both: the widget view (JupyterLab shows the live widget) and
``text/html`` = the static version (the built book shows that; the book's ``_config.yml`` sets
myst-nb's mime priority so that ``text/html`` wins in HTML builds).

Writing an explorer (one module per chapter under ``backprop_lib/explorers/``)
-----------------------------------------------------------------------------
>>> from backprop_lib.explorers.base import Explorer, Slider, Dropdown
>>> from backprop_lib.draw import diagrams
>>> class MyExplorer(Explorer):
...     name = "my_chapter"                  # the key in explorers.catalog()
...     title = "One node, forward"
...     main = ("x1",)                       # swept in the static book version
...     def controls(self):
...         return [Slider("x1", -2, 2, 0.1, 0.5, label="x₁", description="input 1, a⁰₁"),
...                 Dropdown("act", ["tanh", "sigmoid", "relu"], "tanh", label="σ",
...                          description="activation function")]
...     def render(self, p):
...         return diagrams.forward_node_svg([p["x1"], 1.0], [0.5, -0.3], 0.1, p["act"]).svg
>>> ex = MyExplorer()
>>> html = ex.update(x1=1.0)                 # re-render with x1 = 1.0
>>> w = ex.widget                            # the ipywidgets VBox
>>> page = ex.static_html()                  # self-contained HTML for the book

The module defines ``EXPLORERS = {"name": factory}`` and is listed in
:data:`backprop_lib.explorers.CHAPTERS`.

Plots: prefer :mod:`backprop_lib.draw.charts` (SVG, ~0.5 ms per chart, a few kB per static frame).
"""

from __future__ import annotations

import builtins
import hashlib
import html as _html
import itertools
import json
import math
import numbers

__all__ = ["Control", "Slider", "Dropdown", "Explorer"]


class Control:
    """A declared control: ``name`` (the key in ``params``), ``value`` (its start value),
    ``label`` (short, shown next to it) and ``description`` (its accessible description)."""

    kind = "control"

    def __init__(self, name, value, *, label=None, description=None):
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"name must be a Python identifier string; got {name!r}")
        self.name = name
        self.value = value
        self.label = label if label is not None else name
        self.description = description if description is not None else self.label

    def sweep_values(self, n=None):
        raise NotImplementedError

    def validate(self, value):
        return value

    def format(self, value):
        return str(value)


class Slider(Control):
    """A float slider from ``min`` to ``max`` in steps of ``step``, starting at ``value``."""

    kind = "slider"

    def __init__(self, name, min, max, step, value, *, label=None, description=None, digits=None):
        for argname, v in (("min", min), ("max", max), ("step", step), ("value", value)):
            if not isinstance(v, numbers.Real) or isinstance(v, bool) or not math.isfinite(v):
                raise TypeError(f"{argname} must be a finite number; got {v!r}")
        if not max > min:
            raise ValueError(f"max must be greater than min; got min={min}, max={max}")
        if not step > 0:
            raise ValueError(f"step must be positive; got {step}")
        if not min <= value <= max:
            raise ValueError(f"value must lie in [{min}, {max}]; got {value}")
        super().__init__(name, float(value), label=label, description=description)
        self.min, self.max, self.step = float(min), float(max), float(step)
        if digits is None:
            digits = builtins.max(0, -math.floor(math.log10(self.step) + 1e-9))
        self.digits = int(digits)

    def validate(self, value):
        if not isinstance(value, numbers.Real) or isinstance(value, bool) or not math.isfinite(value):
            raise TypeError(f"{self.name} must be a finite number; got {value!r}")
        if not self.min - 1e-12 <= value <= self.max + 1e-12:
            raise ValueError(f"{self.name} must lie in [{self.min}, {self.max}]; got {value}")
        return float(value)

    def sweep_values(self, n=None):
        count = int(round((self.max - self.min) / self.step)) + 1
        vals = [round(self.min + i * self.step, 10) for i in range(count)]
        if n is not None and count > n:
            idx = sorted({round(i * (count - 1) / (n - 1)) for i in range(n)})
            # Keep the starting value among the frames, so that the no-kernel version opens
            # exactly where the live explorer (and the text) starts.
            start = int(round((self.value - self.min) / self.step))
            if 0 <= start < count and start not in idx:
                nearest = min(idx[1:-1] or idx, key=lambda i: abs(i - start))
                idx = sorted((set(idx) - {nearest}) | {start})
            vals = [vals[i] for i in idx]
        return vals

    def format(self, value):
        return f"{value:.{self.digits}f}".replace("-", "−")

    def make_widget(self):
        import ipywidgets as w

        return w.FloatSlider(
            value=self.value, min=self.min, max=self.max, step=self.step,
            description=self.label, tooltip=self.description, readout_format=f".{self.digits}f",
            continuous_update=True, style={"description_width": "initial"},
            layout=w.Layout(width="min(100%, 420px)"),
        )


class Dropdown(Control):
    """A choice among ``options`` (values, or ``(label, value)`` pairs)."""

    kind = "dropdown"

    def __init__(self, name, options, value, *, label=None, description=None):
        opts = [o if isinstance(o, tuple) else (str(o), o) for o in options]
        if not opts:
            raise ValueError("options must not be empty")
        if value not in [v for _, v in opts]:
            raise ValueError(f"value must be one of the options {[v for _, v in opts]}; got {value!r}")
        super().__init__(name, value, label=label, description=description)
        self.options = opts

    def validate(self, value):
        if value not in [v for _, v in self.options]:
            raise ValueError(
                f"{self.name} must be one of {[v for _, v in self.options]}; got {value!r}")
        return value

    def sweep_values(self, n=None):
        return [v for _, v in self.options]

    def format(self, value):
        for lab, v in self.options:
            if v == value:
                return lab
        return str(value)

    def make_widget(self):
        import ipywidgets as w

        return w.Dropdown(options=self.options, value=self.value, description=self.label,
                          tooltip=self.description, style={"description_width": "initial"})


_STATIC_COUNT = 0

_JS = (
    "(function(){var r=document.getElementById('%s');if(!r||r.dataset.ready)return;"
    "r.dataset.ready='1';var d=JSON.parse(r.querySelector('script.bp-frames').textContent);"
    "var ins=r.querySelectorAll('input.bp-range');var v=r.querySelector('.bp-view');"
    "function u(){var k=0;for(var i=0;i<ins.length;i++){var j=+ins[i].value;k=k*d.n[i]+j;"
    "var t=d.labels[i][j];ins[i].setAttribute('aria-valuetext',d.names[i]+' = '+t);"
    "var o=r.querySelector('#'+ins[i].id+'-out');if(o)o.textContent=t;}"
    "v.innerHTML=d.frames[d.index[k]];}"
    "for(var i=0;i<ins.length;i++){ins[i].addEventListener('input',u);}})();"
)


class Explorer:
    """Base class: subclasses define ``controls()`` and ``render(params)``.

    Class attributes: ``name`` (catalog key), ``title`` (shown above the explorer),
    ``main`` (names of the parameters swept in the static version; default: the first
    control), ``static_frames`` (max frames per swept parameter), ``note`` (a sentence shown
    with the static version).
    """

    name = ""
    title = ""
    main: tuple = ()
    static_frames = 41
    note = ("No-kernel version: move the slider to see precomputed frames; open this page as a "
            "notebook (Binder, Colab or JupyterLab) for every control.")

    def __init__(self, **params):
        self._controls = {c.name: c for c in self.controls()}
        if not self._controls:
            raise ValueError(f"{type(self).__name__}.controls() must declare at least one control")
        self.params = {n: c.value for n, c in self._controls.items()}
        self._widget = None
        self._out = None
        self._ctl_widgets = {}
        self._quiet = False
        if params:
            self._set_params(params)

    # --- to override -------------------------------------------------------------------------
    def controls(self):
        """The list of :class:`Control` objects (order = display order)."""
        raise NotImplementedError

    def render(self, params) -> str:
        """The HTML/SVG string for ``params`` (a dict control name -> value). Keep it fast."""
        raise NotImplementedError

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
        """The output for the current parameters."""
        return self.render(dict(self.params))

    def update(self, **params) -> str:
        """Set parameters (by control name), refresh the widget if it exists, return the HTML."""
        self._set_params(params)
        if self._widget is not None:
            self._quiet = True
            try:
                for k in params:
                    self._ctl_widgets[k].value = self.params[k]
            finally:
                self._quiet = False
        out = self.html()
        if self._out is not None:
            self._out.value = out
        return out

    # --- the live widget -----------------------------------------------------------------------
    @property
    def widget(self):
        """The ipywidgets explorer: controls + an HTML output updated on every change."""
        if self._widget is None:
            import ipywidgets as w

            self._ctl_widgets = {n: c.make_widget() for n, c in self._controls.items()}
            self._out = w.HTML(value=self.html())
            for n, cw in self._ctl_widgets.items():
                cw.observe(self._make_handler(n), names="value")
            children = []
            if self.title:
                children.append(w.HTML(value=f"<strong>{_html.escape(self.title)}</strong>"))
            children.append(w.Box(list(self._ctl_widgets.values()),
                                  layout=w.Layout(display="flex", flex_flow="row wrap")))
            children.append(self._out)
            self._widget = w.VBox(children)
        return self._widget

    @property
    def output(self):
        """The output ``ipywidgets.HTML`` (built with the widget)."""
        self.widget
        return self._out

    def control_widget(self, name):
        """The ipywidgets control for parameter ``name`` (builds the widget if needed)."""
        self.widget
        try:
            return self._ctl_widgets[name]
        except KeyError:
            raise ValueError(f"unknown control {name!r}; expected one of {', '.join(self._controls)}") from None

    def _make_handler(self, name):
        def handler(change):
            if self._quiet:
                return
            self.params[name] = change["new"]
            self._out.value = self.html()

        return handler

    # --- the static version --------------------------------------------------------------------
    def _sweep_spec(self, sweep, frames):
        if sweep is None:
            sweep = self.main or (next(iter(self._controls)),)
        if isinstance(sweep, str):
            sweep = (sweep,)
        if isinstance(sweep, dict):
            spec = {}
            for k, vals in sweep.items():
                if k not in self._controls:
                    raise ValueError(f"sweep: unknown parameter {k!r}; expected one of {', '.join(self._controls)}")
                vals = [self._controls[k].validate(v) for v in vals]
                if not vals:
                    raise ValueError(f"sweep: no values for {k!r}")
                spec[k] = vals
        else:
            names = list(sweep)
            if not names:
                raise ValueError("sweep must name at least one parameter")
            per = frames if len(names) == 1 else max(2, int(round(frames ** (1 / len(names)) * 1.6)))
            spec = {}
            for k in names:
                if k not in self._controls:
                    raise ValueError(f"sweep: unknown parameter {k!r}; expected one of {', '.join(self._controls)}")
                spec[k] = self._controls[k].sweep_values(per)
        total = math.prod(len(v) for v in spec.values())
        if total > 400:
            raise ValueError(f"sweep would make {total} frames; keep it at most 400 (fewer values)")
        return spec

    def static_html(self, sweep=None, frames=None) -> str:
        """A self-contained no-kernel HTML version: precomputed frames behind range sliders.

        ``sweep``: parameter name(s) to sweep (their slider values, thinned to ``frames``
        frames; default ``self.main``) or a dict {name: [values]}. Other parameters stay at
        their current values. Identical frames are stored once.
        """
        frames = frames or self.static_frames
        spec = self._sweep_spec(sweep, frames)
        names = list(spec)
        base = dict(self.params)
        uniq, index, seen = [], [], {}
        for combo in itertools.product(*spec.values()):
            p = dict(base)
            p.update(zip(names, combo))
            f = self.render(p)
            if f not in seen:
                seen[f] = len(uniq)
                uniq.append(f)
            index.append(seen[f])
        # Start at the current value (or the nearest swept value).
        start = []
        for k in names:
            vals = spec[k]
            cur = base[k]
            if isinstance(cur, float):
                j = min(range(len(vals)), key=lambda i: abs(vals[i] - cur))
            else:
                j = vals.index(cur) if cur in vals else 0
            start.append(j)
        k0 = 0
        for k, j in zip(names, start):
            k0 = k0 * len(spec[k]) + j
        # Deterministic ids (reproducible builds), unique on a page: content hash + a counter.
        global _STATIC_COUNT
        _STATIC_COUNT += 1
        digest = hashlib.sha1(json.dumps([index, uniq[:1]]).encode()).hexdigest()[:6]
        uid = f"bpx-{(self.name or 'explorer').replace('_', '-')}-{digest}-{_STATIC_COUNT}"
        labels = [[self._controls[k].format(v) for v in spec[k]] for k in names]
        data = {
            "n": [len(spec[k]) for k in names],
            "names": [self._controls[k].label for k in names],
            "labels": labels,
            "index": index,
            "frames": uniq,
        }
        payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        rows = []
        for i, k in enumerate(names):
            c = self._controls[k]
            iid = f"{uid}-{i}"
            t = labels[i][start[i]]
            rows.append(
                f'<div class="bp-control" style="display:flex;align-items:center;gap:.6em;'
                f'flex-wrap:wrap;margin:.2em 0">'
                f'<label for="{iid}" style="min-width:6em">{_html.escape(c.label)}'
                f'<span style="position:absolute;left:-9999px"> ({_html.escape(c.description)})</span></label>'
                f'<input class="bp-range" type="range" id="{iid}" min="0" max="{len(spec[k]) - 1}" '
                f'step="1" value="{start[i]}" aria-valuetext="{_html.escape(c.label)} = {_html.escape(t)}" '
                f'title="{_html.escape(c.description)}" style="width:min(100%,320px)">'
                f'<output id="{iid}-out" for="{iid}">{_html.escape(t)}</output></div>'
            )
        fixed = [f"{c.label} = {c.format(self.params[n])}" for n, c in self._controls.items()
                 if n not in spec]
        note = self.note + (f" Fixed here: {', '.join(fixed)}." if fixed else "")
        title = f'<p style="margin:.2em 0"><strong>{_html.escape(self.title)}</strong></p>' if self.title else ""
        return (
            f'<div class="bp-explorer" id="{uid}" data-explorer="{_html.escape(self.name)}" '
            f'role="group" aria-label="{_html.escape(self.title or self.name or "explorer")}" '
            f'style="border:1px solid rgba(127,127,127,.4);border-radius:6px;padding:.6em;margin:.6em 0">'
            f"{title}{''.join(rows)}"
            f'<div class="bp-view" aria-live="polite" style="overflow-x:auto">{uniq[index[k0]]}</div>'
            f'<p class="bp-note" style="font-size:.85em;opacity:.85;margin:.3em 0 0">{_html.escape(note)}</p>'
            f'<script type="application/json" class="bp-frames">{payload}</script>'
            f"<script>{_JS % uid}</script></div>"
        )

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
