"""Tiny SVG charts: line plots (optionally log-y); their axes, ticks, frame and legend, which the
bar charts (:mod:`backprop_lib.draw.bar_charts`) share.

An explorer redraws its charts on every change in Jupyter and keeps them as templates in the
built book, so a chart must be small (a few kB) and quick to draw: these are SVG strings built
directly, with the course palette (:data:`backprop_lib.draw.style.COLORS`), ``currentColor`` text and
axes (legible in light and dark themes), and a text alternative (``aria-label``, ``<title>``,
``<desc>``) that states the data. They return the same :class:`~backprop_lib.draw.diagrams.Diagram`
object as the diagrams (``.svg``, ``.alt``, displays inline).

Every series differs by colour **and** line style (or bar outline), and the legend shows both.

Usage
-----
>>> from backprop_lib.draw import charts
>>> epochs = list(range(1, 6))
>>> charts.line_chart(
...     [charts.series("train", epochs, [1.0, 0.5, 0.3, 0.2, 0.15], kind="cost"),
...      charts.series("layer 1 |δ|", epochs, [1e-1, 1e-2, 1e-3, 1e-4, 1e-5], kind="error")],
...     logy=True, xlabel="epoch", ylabel="value", title="Training")          # doctest: +ELLIPSIS
<Diagram: Training>

``kind=`` is a key of ``style.COLORS`` ("forward", "error", "weight", "cost", "target",
"input"): the colour and default line style of that kind of quantity. Without it, series take
the course's colour cycle and a distinct dash pattern each. Non-finite points (NaN, inf, or
values <= 0 on a log axis) are skipped and break the line.
"""

from __future__ import annotations

import copy
import math

import numpy as np

from . import style as _style
from .._checks import check_numbers
from .svg import Canvas, Diagram, esc, fmt, measure, num, plain, sup

__all__ = ["Chart", "WIDE", "NARROW", "NARROW_WIDTH", "NARROW_HEIGHT", "wrap", "text_width", "draw_title",
           "series", "line_chart", "add_points", "redraw", "nice_ticks", "log_ticks", "y_axis", "resolve_style", "series_svg",
           "Axes"]

_CYCLE_KINDS = _style.CYCLE_KINDS
_DASHES = ("", "7 4", "2 3", "9 3 2 3", "4 2", "1 2")
_MPL_DASH = {"-": "", "solid": "", "--": "7 4", "dashed": "7 4", ":": "2 3", "dotted": "2 3",
             "-.": "9 3 2 3", "dashdot": "9 3 2 3"}

#: Font sizes (SVG px) and size of each width of a chart. A chart draws at ``width`` for a page's
#: column and again at :data:`NARROW_WIDTH` for a phone (text larger than the figure is wide,
#: legend under the plot), and displays as both, the page's width choosing (:class:`Chart`).
WIDE = {"tick": 10, "label": 11, "title": 13, "legend": 11, "value": 10}
NARROW = {"tick": 11, "label": 12, "title": 13, "legend": 11.5, "value": 10.5}
NARROW_WIDTH, NARROW_HEIGHT = 340, 250
#: The widest a chart grows with its legend beside it: a 1280 px page's column is about 690 px,
#: and the page keeps every figure's smallest text at 9.5 px or more.
MAX_WIDE = 640
#: Pages this wide or narrower (CSS px) show a chart's narrow variant (as the matplotlib charts:
#: :data:`backprop_lib.draw.axes.NARROW_PAGE_PX`).
NARROW_PAGE_PX = 480

_PAIR_CSS = (".bp-chart-pair>.bp-narrow{display:none}"
             f"@media (max-width:{NARROW_PAGE_PX}px){{.bp-chart-pair>.bp-wide{{display:none}}"
             ".bp-chart-pair>.bp-narrow{display:block}}")


class Chart(Diagram):
    """A chart: the :class:`~backprop_lib.draw.svg.Diagram` drawn for a page column (``.svg``,
    ``.alt``) and ``.narrow``, the same chart drawn for a phone. Displayed (Jupyter, the book) it
    is both, in a ``<div class="bp-chart-pair">`` whose few lines of CSS show the narrow one on
    pages up to :data:`NARROW_PAGE_PX` px wide and the wide one elsewhere (JupyterLab, Colab, a
    laptop, the printed book)."""

    __slots__ = ("narrow",)

    def __init__(self, wide, narrow=None):
        super().__init__(mark_chart(wide.svg), wide.alt, wide.title, wide.axes)
        self.narrow = narrow if narrow is None else Diagram(mark_chart(narrow.svg), narrow.alt, narrow.title,
                                                            narrow.axes)

    @property
    def both(self):
        """The HTML of both widths (what displays): for an explorer's figure."""
        if self.narrow is None:
            return self.svg
        return (f'<div class="bp-chart-pair"><style>{_PAIR_CSS}</style><div class="bp-wide">{self.svg}</div>'
                f'<div class="bp-narrow">{self.narrow.svg}</div></div>')

    def _repr_html_(self):
        return self.both


def mark_chart(svg):
    """``svg`` with ``data-bp-chart`` on its root: what the book's browser tests measure as a chart."""
    if svg.startswith("<svg data-bp-chart="):
        return svg
    return svg.replace("<svg ", "<svg data-bp-chart=\"\" ", 1)


def text_width(s, size):
    """The estimated width (px) of ``s`` at font ``size``, as the canvas estimates it (a marked
    number counts its nominal width, so a template does not depend on the values)."""
    return 0.58 * size * measure(str(s))


def wrap(s, size, width):
    """``s`` broken at spaces into lines no wider than ``width`` px at font ``size`` (a word longer
    than that keeps a line of its own)."""
    lines = []
    for word in str(s).split():
        if lines and text_width(lines[-1] + " " + word, size) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def draw_title(cv, title, x_mid, width, look):
    """The title, wrapped to ``width``, centred on ``x_mid``; returns the y where the plot may start."""
    if not title:
        return 8
    lines = wrap(title, look["title"], width)
    for i, line in enumerate(lines):
        cv.text(x_mid, 15 + i * 16, line, size=look["title"], weight="bold")
    return 26 + 16 * (len(lines) - 1)


def series(label, x, y, *, kind=None, color=None, dash=None, markers=False):
    """One line for :func:`line_chart`.

    ``kind``: a key of ``style.COLORS`` (its colour and line style); ``color``: any key of
    ``style.COLORS`` or an explicit colour string from the palette; ``dash``: an SVG dash
    pattern ("6 3") or a matplotlib style ("-", "--", ":", "-."); ``markers``: draw points.
    """
    return {"label": str(label), "x": x, "y": y, "kind": kind, "color": color, "dash": dash,
            "markers": bool(markers)}


def resolve_style(i, kind=None, color=None, dash=None):
    if kind is not None:
        if kind not in _style.COLORS:
            raise ValueError(f"kind must be one of {', '.join(_style.COLORS)}; got {kind!r}")
        c = _style.COLORS[kind]
        d = _MPL_DASH.get(_style.LINESTYLES.get(kind, "-"), "")
        if d == "" and i > 0:
            d = _DASHES[i % len(_DASHES)]
    else:
        c = _style.COLORS[_CYCLE_KINDS[i % len(_CYCLE_KINDS)]]
        d = _DASHES[i % len(_DASHES)]
    if color is not None:
        c = _style.COLORS.get(color, color)
    if dash is not None:
        d = _MPL_DASH.get(dash, dash)
    return c, d


def nice_ticks(lo, hi, n=5):
    """About ``n`` round tick values covering [lo, hi]."""
    lo, hi = float(lo), float(hi)
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError(f"nice_ticks needs finite bounds; got lo={lo}, hi={hi}")
    if hi < lo:
        lo, hi = hi, lo
    if hi == lo:
        span = abs(lo) if lo else 1.0
        lo, hi = lo - 0.5 * span, hi + 0.5 * span
    raw = (hi - lo) / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step + 1e-9) * step
    ticks = []
    t = start
    while t <= hi + step * 1e-9 + step:
        ticks.append(round(t, 12))
        if t >= hi - step * 1e-9:
            break
        t += step
    return ticks


def log_ticks(lo, hi):
    """Powers of ten covering [lo, hi] (lo, hi > 0); adds 2 and 5 within a single decade."""
    if not (lo > 0 and hi > 0):
        raise ValueError(f"log_ticks needs positive bounds; got lo={lo}, hi={hi}")
    e0, e1 = math.floor(math.log10(lo) + 1e-9), math.ceil(math.log10(hi) - 1e-9)
    if e1 == e0:
        e1 = e0 + 1
    ticks = [10.0 ** e for e in range(e0, e1 + 1)]
    if e1 - e0 <= 1:
        ticks = sorted(ticks + [2 * 10.0 ** e0, 5 * 10.0 ** e0])
    step = max(1, (len(ticks) - 1) // 8)  # at most ~9 labels
    return ticks[::step] if step > 1 else ticks


def _tick_label(v, log=False, powers=False):
    if log:
        e = math.log10(v)
        if abs(e - round(e)) < 1e-9:
            e = int(round(e))
            if e == 0:
                return "1"
            return f"10{sup(e)}" if (
                powers or abs(e) > 2) else fmt(v, max(0, -e))
        return fmt(v, max(0, -math.floor(e)))
    if v == 0:
        return "0"
    a = abs(v)
    if a >= 1e5 or a < 1e-3:
        return fmt(v, 1)
    s = f"{v:.6g}"
    return s.replace("-", "−")


class Axes:
    def __init__(self, x0, y0, w, h, xlim, ylim, logy):
        self.x0, self.y0, self.w, self.h = x0, y0, w, h
        self.xlo, self.xhi = xlim
        self.logy = logy
        if logy:
            self.ylo, self.yhi = math.log10(ylim[0]), math.log10(ylim[1])
        else:
            self.ylo, self.yhi = ylim
        self.yclip = (self.ylo, self.yhi)  # lines are clipped to the asked range, before widening
        if self.xhi == self.xlo:
            self.xhi = self.xlo + 1.0
        if self.yhi == self.ylo:
            self.yhi = self.ylo + 1.0

    def x_spec(self):
        """The :func:`~backprop_lib.draw.svg.format_value` spec writing a data x as a pixel."""
        return f"X:{float(self.x0)!r}:{float(self.w)!r}:{float(self.xlo)!r}:{float(self.xhi)!r}"

    def y_spec(self):
        """The spec writing a data y as a pixel (log axes take the log first), clamped."""
        return (f"Y:{float(self.y0)!r}:{float(self.h)!r}:{float(self.ylo)!r}:{float(self.yhi)!r}:"
                f"{int(bool(self.logy))}")

    def X(self, v):
        return self.x0 + (v - self.xlo) / (self.xhi - self.xlo) * self.w

    def Y(self, v):
        if self.logy:
            v = math.log10(v)
        return self.y0 + self.h - (v - self.ylo) / (self.yhi - self.ylo) * self.h


def _numbers(values, name):
    """``values`` as a flat float64 array, or a TypeError naming ``name``."""
    return check_numbers(values, name).ravel()


def _finite_pairs(x, y, logy, label="series"):
    x = _numbers(x, f"x of {label!r}")
    y = _numbers(y, f"y of {label!r}")
    if x.shape != y.shape:
        raise ValueError(f"series x and y must have the same length; got {x.size} and {y.size}")
    ok = np.isfinite(x) & np.isfinite(y)
    if logy:
        ok &= y > 0
    return x, y, ok


def series_svg(ax, x, y, good, color, dash, markers, q=None):
    """The SVG elements of one series on ``ax``: a polyline through the ``good`` points, broken
    where a point is not good, y clipped to the axes; with ``markers``, a dot on every good point.

    Shared by :func:`line_chart` and the explorers' fast redraw (:mod:`.chart_frames`), so a
    redrawn line is the line a full chart draws. ``q``: every point drawn (a value <= 0 on a log
    axis at its bottom), its y a marked number ``<q>.<i>`` (:func:`backprop_lib.draw.svg.num`),
    for a page that moves the points itself.
    """
    if q is not None:
        if not np.all(np.isfinite(y)) or tuple(ax.yclip) != (ax.ylo, ax.yhi):
            raise ValueError("marked series need every point finite and an unwidened y range "
                             "(a value <= 0 on a log axis is drawn at its bottom)")
        px = ax.x0 + (np.asarray(x, np.float64) - ax.xlo) / (ax.xhi - ax.xlo) * ax.w
        spec = ax.y_spec()
        ys = [num(v, spec, f"{q}.{i}") for i, v in enumerate(np.asarray(y, np.float64).tolist())]
        d = f' stroke-dasharray="{dash}"' if dash else ""
        parts = []
        if len(ys) > 1:
            pts = " ".join(f"{a:.1f},{b}" for a, b in zip(px.tolist(), ys))
            parts.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2"'
                         f'{d} stroke-linejoin="round"/>')
        if markers:
            parts.extend(f'<circle cx="{a:.1f}" cy="{b}" r="2.8" fill="{color}"/>' for a, b in zip(px.tolist(), ys))
        return parts
    yt = np.log10(np.where(good, y, 1.0)) if ax.logy else y
    yt = np.clip(yt, *ax.yclip)
    px = ax.x0 + (x - ax.xlo) / (ax.xhi - ax.xlo) * ax.w
    py = ax.y0 + ax.h - (yt - ax.ylo) / (ax.yhi - ax.ylo) * ax.h
    dash = f' stroke-dasharray="{dash}"' if dash else ""
    idx = np.flatnonzero(good)
    parts = []
    for run in np.split(idx, np.flatnonzero(np.diff(idx) > 1) + 1):
        if run.size > 1:
            pts = " ".join(f"{a:.1f},{b:.1f}" for a, b in zip(px[run].tolist(), py[run].tolist()))
            parts.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2"'
                         f'{dash} stroke-linejoin="round"/>')
    if markers:
        parts.extend(f'<circle cx="{a:.1f}" cy="{b:.1f}" r="2.8" fill="{color}"/>'
                     for a, b in zip(px[idx].tolist(), py[idx].tolist()))
    return parts


def _frame(cv, ax, xticks, yticks, xlabel, ylabel, xlog=False, look=WIDE):
    # Grid and ticks.
    powers = ax.logy and (ax.yhi - ax.ylo) > 3
    for t in yticks:
        yy = ax.Y(t)
        cv.line(ax.x0, yy, ax.x0 + ax.w, yy, "currentColor", 0.6, opacity=0.18)
        cv.text(ax.x0 - 5, yy + 3.5, _tick_label(t, ax.logy, powers), size=look["tick"], anchor="end")
    for t in xticks:
        xx = ax.X(t)
        cv.line(xx, ax.y0 + ax.h, xx, ax.y0 + ax.h + 4, "currentColor", 0.8)
        cv.text(xx, ax.y0 + ax.h + 16, _tick_label(t), size=look["tick"])
    cv.line(ax.x0, ax.y0 + ax.h, ax.x0 + ax.w, ax.y0 + ax.h, "currentColor", 1.0)
    cv.line(ax.x0, ax.y0, ax.x0, ax.y0 + ax.h, "currentColor", 1.0)
    if xlabel:
        cv.text(ax.x0 + ax.w / 2, ax.y0 + ax.h + 33, xlabel, size=look["label"])
    if ylabel:
        yc = ax.y0 + ax.h / 2
        half = min(text_width(ylabel, look["label"]) / 2, ax.h / 2 + ax.y0 - 4)
        cv.parts.append(
            f'<text x="0" y="0" font-size="{look["label"]}" text-anchor="middle" '
            f'transform="translate({ax.x0 - 44:.1f},{yc:.1f}) rotate(-90)">{esc(ylabel)}</text>'
        )
        cv.grow(ax.x0 - 58, yc - half, ax.x0 - 40, yc + half)


def _legend(cv, x, y, items, *, bars=False, size=11, width=None):
    """items: (label, color, dash). Drawn as a column starting at (x, y), or with ``width``, in
    rows no wider than that (items side by side where they fit)."""
    step = size + 6
    xx, yy = x, y
    for label, c, d in items:
        w = 32 + text_width(label, size) + 14
        if width is not None and xx > x and xx + w > x + width:
            xx, yy = x, yy + step
        if bars:
            cv.rect(xx, yy - 6, 22, 11, c, sw=1.4, rx=1, dash=d or None)
        else:
            cv.line(xx, yy, xx + 26, yy, c, 2.4, d or None)
        cv.text(xx + 32, yy + 4, label, size=size, anchor="start")
        if width is None:
            yy += step
        else:
            xx += w


def _legend_below(items, width, size):
    """Whether a legend of ``items`` goes under the plot: when beside it, it would widen the chart
    by more than a third of ``width``, or beyond :data:`MAX_WIDE` px."""
    beside = max(32 + text_width(label, size) for label, *_ in items) + 12
    return beside > width / 3 or width + beside > MAX_WIDE


def _check_size(width, height):
    for name, v in (("width", width), ("height", height)):
        if not isinstance(v, (int, float)) or not 80 <= v <= 4000:
            raise ValueError(f"{name} must be a number of pixels between 80 and 4000; got {v!r}")


def line_chart(
    lines,
    *,
    logy=False,
    xlabel="",
    ylabel="",
    title="",
    width=520,
    height=300,
    xlim=None,
    ylim=None,
    legend=True,
    digits=3,
    desc=None,
) -> Diagram:
    """A line plot of one or more :func:`series` (or ``(label, x, y)`` tuples): a :class:`Chart`,
    drawn ``width`` x ``height`` and again for a phone (``.narrow``).

    ``logy``: logarithmic y axis (non-positive values are skipped). ``xlim``/``ylim``: fixed
    axis ranges (fix them in an explorer so frames are comparable). ``desc``: a text
    alternative to use instead of the generated summary of each series.
    """
    _check_size(width, height)
    kw = dict(logy=logy, xlabel=xlabel, ylabel=ylabel, title=title, xlim=xlim, ylim=ylim, legend=legend,
              digits=digits, desc=desc)
    wide = _line_chart(lines, width=width, height=height, look=WIDE, **kw)
    narrow = _line_chart(lines, width=NARROW_WIDTH, height=NARROW_HEIGHT, look=NARROW, **kw)
    chart = Chart(wide, narrow)
    return chart


def _line_chart(lines, *, logy, xlabel, ylabel, title, width, height, xlim, ylim, legend, digits, desc,
                look):
    if isinstance(lines, dict) or (isinstance(lines, tuple) and len(lines) == 3
                                   and isinstance(lines[0], str)):
        lines = [lines]
    specs = []
    for i, s in enumerate(lines):
        if isinstance(s, (tuple, list)) and len(s) == 3:
            s = series(*s)
        if not isinstance(s, dict) or not {"label", "x", "y"} <= set(s):
            raise TypeError("lines must be a list of charts.series(...) or (label, x, y) tuples")
        x, y, ok = _finite_pairs(s["x"], s["y"], logy, s["label"])
        c, d = resolve_style(i, s.get("kind"), s.get("color"), s.get("dash"))
        specs.append((s["label"], x, y, ok, c, d, s.get("markers", False)))
    if not specs:
        raise ValueError("lines must contain at least one series")

    allx = np.concatenate([x[ok] for _, x, _, ok, *_ in specs] + [np.zeros(0)])
    ally = np.concatenate([y[ok] for _, _, y, ok, *_ in specs] + [np.zeros(0)])
    if xlim is None:
        xlim = (float(allx.min()), float(allx.max())) if allx.size else (0.0, 1.0)
    if ylim is None:
        if ally.size:
            ylim = (float(ally.min()), float(ally.max()))
        else:
            ylim = (0.1, 1.0) if logy else (0.0, 1.0)
        if not logy:
            yt = nice_ticks(*ylim)
            ylim = (yt[0], yt[-1])
    ylim, yticks = y_axis(ylim, logy)
    xticks = [t for t in nice_ticks(*xlim, n=6) if xlim[0] - 1e-12 <= t <= xlim[1] + 1e-12]

    cv = Canvas()
    top = draw_title(cv, title, 60 + (width - 70) / 2, width - 10, look)
    items = [(s[0], s[4], s[5]) for s in specs]
    below = legend and (look is NARROW or _legend_below(items, width, look["legend"]))
    ax = Axes(60, top, width - 70, height - (26 if title else 8) - 42, xlim, ylim, logy)
    _frame(cv, ax, xticks, yticks, xlabel, ylabel, look=look)
    desc_parts = []
    for label, x, y, ok, c, d, markers in specs:
        in_view = ok & (x >= xlim[0]) & (x <= xlim[1])
        cv.parts.extend(series_svg(ax, x, y, in_view, c, d, markers))
        if ok.any():
            yy = y[ok]
            desc_parts.append(
                f"{label}: {int(ok.sum())} points, from {plain(yy[0], digits)} to "
                f"{plain(yy[-1], digits)} (min {plain(yy.min(), digits)}, max {plain(yy.max(), digits)})"
            )
        else:
            desc_parts.append(f"{label}: no finite points")
    if below:
        _legend(cv, 8, ax.y0 + ax.h + (50 if xlabel else 34), items, size=look["legend"], width=width - 8)
    elif legend:
        _legend(cv, ax.x0 + ax.w + 12, ax.y0 + 8, items, size=look["legend"])
    head = title or "Line chart"
    if desc is None:
        desc = (f"Line chart{' with a logarithmic y axis' if logy else ''}"
                f"{', x: ' + xlabel if xlabel else ''}{', y: ' + ylabel if ylabel else ''}. "
                + "; ".join(desc_parts) + ".")
    ax.canvas, ax.head, ax.desc, ax.extra = cv, head, desc, ""
    d = cv.finish(head, desc)
    d.axes = ax
    return d


def redraw(chart, desc=None, extra=""):
    """A copy of a :func:`line_chart` with ``extra`` SVG elements drawn on top and, if given, a new
    text alternative ``desc``: the chart's frame is not drawn again (an explorer caches a chart
    and redraws only what moves). ``extra``: a string (drawn on the wide chart only; a
    :class:`Chart` then loses its phone variant) or a function of a chart's axes returning the
    string, drawn on each width."""
    ax = getattr(chart, "axes", None)
    if ax is None:
        raise TypeError("chart must be a Diagram returned by charts.line_chart")
    wide = _redraw_one(chart, desc, extra(ax) if callable(extra) else extra)
    narrow = getattr(chart, "narrow", None)
    if narrow is None or not callable(extra):
        return Chart(wide) if isinstance(chart, Chart) else wide
    return Chart(wide, _redraw_one(narrow, desc, extra(narrow.axes)))


def _redraw_one(chart, desc, extra):
    ax = chart.axes
    new = copy.copy(ax)
    new.extra = ax.extra + extra
    if desc is not None:
        new.desc = desc
    d = ax.canvas.finish(ax.head, new.desc, extra=new.extra)
    d.svg = mark_chart(d.svg)
    d.axes = new
    return d


def add_points(chart, points, *, kind="cost", radius=4.0, desc=None, q=None):
    """A copy of a :func:`line_chart` with points marked (filled circles with an outline).

    ``points``: (x, y) pairs in data coordinates (clipped to the axes). ``desc``, if given,
    replaces the text alternative's description (see :func:`redraw`: cache a chart and only add
    the moving point on each update). ``q``: a quantity
    name per point; its coordinates are then marked numbers ``<q>.x``, ``<q>.y``
    (:func:`backprop_lib.draw.svg.num`), for a page that moves the point itself.
    """
    if getattr(chart, "axes", None) is None:
        raise TypeError("chart must be a Diagram returned by charts.line_chart")
    if kind not in _style.COLORS:
        raise ValueError(f"kind must be one of {', '.join(_style.COLORS)}; got {kind!r}")
    c = _style.COLORS[kind]
    points = [(float(px), float(py)) for px, py in points]

    def marks(ax):
        out = []
        for n, (px, py) in enumerate(points):
            if not (math.isfinite(px) and math.isfinite(py)) or (ax.logy and py <= 0):
                continue
            name = None if q is None else q[n]
            X = num(px, ax.x_spec(), None if name is None else f"{name}.x")
            Y = num(py, ax.y_spec(), None if name is None else f"{name}.y")
            out.append(f'<circle cx="{X}" cy="{Y}" r="{radius}" fill="{c}" '
                       f'stroke="currentColor" stroke-width="1.2"/>')
        return "".join(out)

    return redraw(chart, desc, marks)


def y_axis(ylim, logy):
    """The y axis of a chart: ``(ylim, yticks)``, the limits widened to whole decades on a log axis
    (which needs positive limits), the nice ticks inside them on a linear one."""
    if logy:
        if not (ylim[0] > 0 and ylim[1] > 0):
            raise ValueError(f"ylim must be positive on a log axis; got {ylim}")
        yticks = log_ticks(*ylim)
        return (min(ylim[0], yticks[0]), max(ylim[1], yticks[-1])), yticks
    return ylim, [t for t in nice_ticks(*ylim) if ylim[0] - 1e-12 <= t <= ylim[1] + 1e-12]
