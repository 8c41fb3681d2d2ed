"""A cached chart frame plus freshly drawn lines: a line chart redrawn in a fraction of a millisecond.

The explorers of the vanishing-gradient and initialization chapters redraw the same axes with
new data on every slider move. :func:`lines_on` takes a frame built once by
:func:`backprop_lib.draw.charts.line_chart` (fixed ``xlim``/``ylim``, the series declared with no
data so that the legend is right, ``desc="@@DESC@@"``) and adds the polylines of the new data,
with the same styles, and the text alternative describing them.
"""

from __future__ import annotations


import numpy as np

from ..draw import charts
from ..draw.diagrams import Diagram, _esc, _plain

__all__ = ["frame", "lines_on"]

_FRAMES = {}


def frame(key, series_specs, **chart_kw):
    """The cached empty chart for ``key``: ``series_specs`` are ``charts.series`` kwargs without data."""
    base = _FRAMES.get(key)
    if base is None:
        empty = [charts.series(s["label"], [np.nan, np.nan], [np.nan, np.nan],
                               **{k: v for k, v in s.items() if k != "label"}) for s in series_specs]
        base = charts.line_chart(empty, desc="@@DESC@@", **chart_kw)
        styles = []
        for i, s in enumerate(series_specs):
            styles.append(charts._resolve_style(i, s.get("kind"), s.get("color"), s.get("dash")))
        base = (base, styles, [bool(s.get("markers")) for s in series_specs],
                [s["label"] for s in series_specs])
        _FRAMES[key] = base
    return base


def lines_on(base, data, *, summary=""):
    """``base`` from :func:`frame` with one line per ``(x, y)`` pair in ``data`` (same order)."""
    chart, styles, markers, labels = base
    ax = chart.axes
    parts, desc = [], []
    for (x, y), (c, d), mk, label in zip(data, styles, markers, labels):
        x = np.asarray(x, dtype=np.float64)
        y = np.asarray(y, dtype=np.float64)
        ok = np.isfinite(x) & np.isfinite(y)
        if ax.logy:
            ok &= y > 0
        if not ok.any():
            desc.append(f"{label}: no finite points")
            continue
        parts.extend(charts._series_svg(ax, x, y, ok, c, d, mk))
        v = y[ok]
        desc.append(f"{label}: {v.size} points, from {_plain(v[0], 3)} to {_plain(v[-1], 3)}")
    text = (summary + " " if summary else "") + "; ".join(desc) + "."
    svg = chart.svg.replace("@@DESC@@", _esc(text))
    svg = svg[: -len("</svg>")] + "".join(parts) + "</svg>"
    return Diagram(svg, chart.alt.replace("@@DESC@@", text), chart.title, ax)
