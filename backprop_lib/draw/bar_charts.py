"""Tiny SVG bar charts: one bar per label (:func:`bar_chart`) or grouped bars (:func:`grouped_bar_chart`).

The bar half of the course's charts: the axes, ticks, frame and legend are the line charts'
(:mod:`backprop_lib.draw.charts`), and so are the conventions (the course palette, ``currentColor``
text and axes, a text alternative that states the data, a :class:`~backprop_lib.draw.diagrams.Diagram`
returned). Groups differ by colour **and** the dash pattern of the bar outline, shown in the legend.

Usage
-----
>>> from backprop_lib.draw import bar_charts
>>> bar_charts.bar_chart(["layer 1", "layer 2"], [0.01, 0.5], kind="error", ylabel="|δ|", logy=True)
<Diagram: Bar chart>
>>> bar_charts.grouped_bar_chart(["fp32", "fp16"], {"weights": [4, 2], "activations": [8, 4]},
...                              ylabel="MB", title="Memory")
<Diagram: Memory>
"""

from __future__ import annotations

import math

import numpy as np

from . import style as _style
from .charts import (NARROW, NARROW_HEIGHT, NARROW_WIDTH, WIDE, _CYCLE_KINDS, Axes, Chart, _check_size, _frame,
                     _legend, _legend_below, _numbers, draw_title, nice_ticks, text_width, wrap, y_axis)
from .svg import TINT, Canvas, Diagram, esc, fmt, num

__all__ = ["bar_chart", "grouped_bar_chart"]

_OUTLINE_DASHES = ("", "5 3", "2 2", "8 3 2 3", "1 2", "6 2")


def _bar_axes(values_all, logy, ylim):
    vals = np.asarray(values_all, dtype=np.float64).ravel()
    good = np.isfinite(vals) & ((vals > 0) if logy else True)
    v = vals[good]
    if ylim is None:
        if logy:
            ylim = (float(v.min()) if v.size else 0.1, float(v.max()) if v.size else 1.0)
        else:
            lo = min(0.0, float(v.min()) if v.size else 0.0)
            hi = max(0.0, float(v.max()) if v.size else 1.0)
            yt = nice_ticks(lo, hi if hi > lo else lo + 1)
            ylim = (yt[0], yt[-1])
    return y_axis(ylim, logy)


def grouped_bar_chart(
    categories,
    groups,
    *,
    kinds=None,
    logy=False,
    xlabel="",
    ylabel="",
    title="",
    width=520,
    height=300,
    ylim=None,
    value_labels=True,
    digits=2,
    legend=True,
    desc=None,
    q=None,
) -> Diagram:
    """Bars for each category, one bar per group: ``groups`` = {group name: values}.

    ``kinds``: a list (one per group) of ``style.COLORS`` keys; groups also differ by the
    dash pattern of the bar outline, shown in the legend. ``value_labels`` prints each value
    above its bar. ``q``: with a fixed ``ylim`` on a linear axis, the bars' values become marked
    numbers ``<q>.<group>.<category>`` (:func:`backprop_lib.draw.svg.num`: heights, labels and
    the text alternative), for a page that sets them itself.

    Returns a :class:`~backprop_lib.draw.charts.Chart`: drawn ``width`` x ``height``, and again
    for a phone (``.narrow``: legend under the bars, long category names on two lines, value
    labels turned upright where bars are narrow).
    """
    _check_size(width, height)
    kw = dict(kinds=kinds, logy=logy, xlabel=xlabel, ylabel=ylabel, title=title, ylim=ylim,
              value_labels=value_labels, digits=digits, legend=legend, desc=desc, q=q)
    wide = _grouped_bar_chart(categories, groups, width=width, height=height, look=WIDE, **kw)
    narrow = _grouped_bar_chart(categories, groups, width=NARROW_WIDTH, height=NARROW_HEIGHT, look=NARROW, **kw)
    return Chart(wide, narrow)


def _value_label(cv, x, y, text, size, upright):
    """A bar's value at (x, y) (the baseline above the bar; ``y`` may be a marked number), turned
    to read upwards when the bar is too narrow for it."""
    ys = y if isinstance(y, str) else f"{y:.1f}"
    if upright:
        cv.parts.append(f'<text x="0" y="0" font-size="{size}" text-anchor="start" '
                        f'transform="translate({x + size * 0.35:.1f},{ys}) rotate(-90)">{text}</text>')
    else:
        cv.parts.append(f'<text x="{x:.1f}" y="{ys}" font-size="{size}" text-anchor="middle">{text}</text>')


def _grouped_bar_chart(categories, groups, *, kinds, logy, xlabel, ylabel, title, width, height, ylim,
                       value_labels, digits, legend, desc, q, look):
    categories = [str(c) for c in categories]
    if not categories:
        raise ValueError("categories must not be empty")
    if not isinstance(groups, dict) or not groups:
        raise TypeError("groups must be a non-empty dict {group name: values}")
    names = list(groups)
    data = []
    for g in names:
        v = _numbers(groups[g], f"groups[{g!r}]")
        if v.size != len(categories):
            raise ValueError(f"groups[{g!r}] must have {len(categories)} values (one per category); "
                             f"got {v.size}")
        data.append(v)
    if kinds is not None and len(kinds) != len(names):
        raise ValueError(f"kinds must have one entry per group ({len(names)}); got {len(kinds)}")
    ylim, yticks = _bar_axes(np.concatenate(data), logy, ylim)
    cv = Canvas()
    ng = len(names)
    top = draw_title(cv, title, 60 + (width - 70) / 2, width - 10, look) if title else 10
    slot = (width - 70) / len(categories)
    tick = look["tick"]
    cat_lines = [wrap(cat, tick, slot - 4) for cat in categories]
    extra = 14 * (max(len(c) for c in cat_lines) - 1)   # category names on more than one line
    bw = slot * 0.8 / ng
    vsize = look["value"]
    # (an explorer's chart, ``q``, keeps its labels level: its template may not depend on the values)
    upright = value_labels and q is None and any(text_width(fmt(v, digits), vsize) > bw + 2 for d in data for v in d
                                   if math.isfinite(v))
    room = 0
    if upright:   # room above the highest bar for its upright value
        room = max(text_width(fmt(v, digits), vsize) for d in data for v in d if math.isfinite(v)) + 4
    h = height - (26 if title else 10) - 42 - extra
    ax = Axes(60, top + room, width - 70, h, (0.0, float(len(categories))), ylim, logy)
    _frame(cv, ax, [], yticks, xlabel if not extra else "", ylabel, look=look)
    if xlabel and extra:
        cv.text(ax.x0 + ax.w / 2, ax.y0 + ax.h + 33 + extra, xlabel, size=look["label"])
    base = ylim[0] if logy else max(min(0.0, ylim[1]), ylim[0])
    styles = []
    for gi, g in enumerate(names):
        c = _style.COLORS[kinds[gi]] if kinds else _style.COLORS[_CYCLE_KINDS[gi % len(_CYCLE_KINDS)]]
        d = _OUTLINE_DASHES[gi % len(_OUTLINE_DASHES)] if ng > 1 else ""
        styles.append((g, c, d))

    def marked_label(bx, v, name, yspec):
        """A marked bar's value above it (the page writes the number and moves it with the bar)."""
        cv.text(bx + bw / 2, ax.y0 - 3 - room, "", size=vsize)  # the label's highest place
        cv.parts.pop()
        _value_label(cv, bx + bw / 2, num(v, yspec + ":-3.0", name), num(v, f"fmt:{digits}", name),
                     vsize, upright)

    for ci, cat in enumerate(categories):
        xc = ax.x0 + slot * (ci + 0.5)
        for li, line in enumerate(cat_lines[ci]):
            cv.text(xc, ax.y0 + ax.h + 16 + 14 * li, line, size=tick)
        for gi, (g, c, d) in enumerate(styles):
            v = data[gi][ci]
            bx = xc - slot * 0.4 + gi * bw
            if not math.isfinite(v) or (logy and v <= 0):
                cv.text(bx + bw / 2, ax.Y(base) - 4, "n/a", size=vsize)
                continue
            if q is not None and not logy:  # marked: the page moves the bar (values >= base)
                name = f"{q}.{gi}.{ci}"
                yspec = ax.y_spec()
                look = (f' rx="1" fill="{c}" fill-opacity="{TINT}" stroke="{c}" stroke-width="1.4"'
                        + (f' stroke-dasharray="{d}"' if d else "") + "/>")
                if ylim[0] < base:  # signed values: a bar up from the base and one down from it
                    yb = ax.Y(base)
                    up = f"{float(ax.y0)!r}:{float(yb - ax.y0)!r}:{float(base)!r}:{float(ylim[1])!r}:0"
                    down = f"{float(yb)!r}:{float(ax.y0 + ax.h - yb)!r}:{float(ylim[0])!r}:{float(base)!r}:0"
                    cv.parts.append(
                        f'<rect x="{bx + 1:.1f}" y="{num(v, "Y:" + up, name)}" width="{max(bw - 2, 1):.1f}" '
                        f'height="{num(v, f"bar:{up}:{float(base)!r}", name)}"' + look)
                    cv.parts.append(
                        f'<rect x="{bx + 1:.1f}" y="{yb:.1f}" width="{max(bw - 2, 1):.1f}" '
                        f'height="{num(v, f"bar:{down}:{float(base)!r}", name)}"' + look)
                    cv.grow(bx + 1, ax.y0, bx + bw - 1, ax.y0 + ax.h)
                    if value_labels:
                        marked_label(bx, v, name, yspec)
                    continue
                cv.parts.append(
                    f'<rect x="{bx + 1:.1f}" y="{num(v, yspec, name)}" width="{max(bw - 2, 1):.1f}" '
                    f'height="{num(v, f"bar:{yspec[2:]}:{float(base)!r}", name)}"' + look)
                cv.grow(bx + 1, ax.y0, bx + bw - 1, ax.Y(base))
                if value_labels:
                    marked_label(bx, v, name, yspec)
                continue
            vv = min(max(v, ylim[0]), ylim[1])
            y0, y1 = ax.Y(base), ax.Y(vv)
            cv.rect(bx + 1, min(y0, y1), max(bw - 2, 1), max(abs(y1 - y0), 0.5), c, sw=1.4, rx=1,
                    dash=d or None)
            if value_labels:
                if upright:
                    cv.grow(bx, min(y0, y1) - 3 - text_width(fmt(v, digits), vsize), bx + bw, min(y0, y1))
                _value_label(cv, bx + bw / 2, min(y0, y1) - 3, esc(fmt(v, digits)), vsize, upright)
    if legend and ng > 1:
        if look is NARROW or _legend_below(styles, width, look["legend"]):
            _legend(cv, 8, ax.y0 + ax.h + (50 if xlabel else 34) + extra, styles, bars=True,
                    size=look["legend"], width=width - 8)
        else:
            _legend(cv, ax.x0 + ax.w + 12, ax.y0 + 8, styles, bars=True, size=look["legend"])
    head = title or ("Bar chart" if ng == 1 else "Grouped bar chart")
    if desc is None:
        rows = []
        for gi, g in enumerate(names):
            vals = ", ".join(f"{cat} {num(data[gi][ci], f'plain:{digits}', None if q is None else f'{q}.{gi}.{ci}')}"
                             for ci, cat in enumerate(categories))
            rows.append(f"{g}: {vals}" if ng > 1 else vals)
        desc = (f"{'Bar' if ng == 1 else 'Grouped bar'} chart{' with a logarithmic y axis' if logy else ''}"
                f"{', y: ' + ylabel if ylabel else ''}. " + "; ".join(rows) + ".")
    return cv.finish(head, desc)


def bar_chart(labels, values, *, kind="forward", logy=False, xlabel="", ylabel="", title="",
              width=520, height=300, ylim=None, value_labels=True, digits=2, desc=None,
              q=None) -> Diagram:
    """One bar per label, coloured by ``kind`` (a key of ``style.COLORS``), values printed.
    ``q``: marked bar values ``<q>.0.<i>`` (see :func:`grouped_bar_chart`)."""
    if kind not in _style.COLORS:
        raise ValueError(f"kind must be one of {', '.join(_style.COLORS)}; got {kind!r}")
    values = _numbers(values, "values")
    return grouped_bar_chart(labels, {ylabel or "value": values}, kinds=[kind], logy=logy,
                             xlabel=xlabel, ylabel=ylabel, title=title, width=width, height=height,
                             ylim=ylim, value_labels=value_labels, digits=digits, legend=False,
                             desc=desc, q=q)
