"""Cached chart frames with freshly drawn lines: a line chart redrawn in a fraction of a millisecond.

The explorers of the vanishing-gradient and initialization chapters redraw the same axes with
new data on every change. :func:`frame` builds the empty chart once per key (fixed ``xlim`` and
``ylim``, the series declared without data so that the legend is right); :func:`lines_on` adds
the polylines of the new data with the same styles, and the text alternative describing them
(:func:`backprop_lib.draw.charts.redraw`).
"""

from __future__ import annotations

import numpy as np

from . import charts
from .svg import num, plain

__all__ = ["frame", "lines_on"]

_FRAMES = {}


def frame(key, series_specs, **chart_kw):
    """The cached empty chart for ``key``: ``series_specs`` are ``charts.series`` kwargs without data."""
    base = _FRAMES.get(key)
    if base is None:
        empty = [charts.series(s["label"], [np.nan, np.nan], [np.nan, np.nan],
                               **{k: v for k, v in s.items() if k != "label"}) for s in series_specs]
        chart = charts.line_chart(empty, desc="", **chart_kw)
        styles = [charts.resolve_style(i, s.get("kind"), s.get("color"), s.get("dash"))
                  for i, s in enumerate(series_specs)]
        base = (chart, styles, [bool(s.get("markers")) for s in series_specs],
                [s["label"] for s in series_specs])
        _FRAMES[key] = base
    return base


def lines_on(base, data, *, summary="", q=None):
    """``base`` from :func:`frame` with one line per ``(x, y)`` pair in ``data`` (same order).

    ``q``: a quantity name per line; its y values become marked numbers ``<name>.<i>``, for a
    page that moves the points (then every y must be finite and positive on a log axis)."""
    chart, styles, markers, labels = base
    desc = []

    def lines(ax, record=False):
        parts = []
        for n, ((x, y), (c, d), mk, label) in enumerate(zip(data, styles, markers, labels)):
            if q is not None:
                y = np.asarray(y, dtype=np.float64)
                parts.extend(charts.series_svg(ax, x, y, np.ones(y.size, bool), c, d, mk, q=q[n]))
                if record:
                    last = y.size - 1
                    desc.append(f"{label}: {y.size} points, from {num(y[0], 'plain:3', f'{q[n]}.0')} to "
                                f"{num(y[last], 'plain:3', f'{q[n]}.{last}')}")
                continue
            x = np.asarray(x, dtype=np.float64)
            y = np.asarray(y, dtype=np.float64)
            ok = np.isfinite(x) & np.isfinite(y)
            if ax.logy:
                ok &= y > 0
            if not ok.any():
                if record:
                    desc.append(f"{label}: no finite points")
                continue
            parts.extend(charts.series_svg(ax, x, y, ok, c, d, mk))
            if record:
                v = y[ok]
                desc.append(f"{label}: {v.size} points, from {plain(v[0], 3)} to {plain(v[-1], 3)}")
        return "".join(parts)

    lines(chart.axes, record=True)   # the text alternative first: it names what the lines show
    text = (summary + " " if summary else "") + "; ".join(desc) + "."
    return charts.redraw(chart, text, lines)
