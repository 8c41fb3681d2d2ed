"""Layout pieces the explorers' outputs share: figures side by side, and the numbers panel
(a line per quantity, each with a coloured swatch and a text label: colour is never alone)."""

from __future__ import annotations

import html as _html

import numpy as np

from . import style
from .svg import num

__all__ = ["row", "panel_row", "panel", "vec", "mat"]


def row(*svgs):
    """Figures side by side, wrapping on a narrow screen."""
    return ('<div style="display:flex;flex-wrap:wrap;align-items:flex-start;gap:12px">'
            + "".join(f"<div>{s}</div>" for s in svgs) + "</div>")


def panel_row(kind, label, value_html):
    """One line of the numbers panel: a coloured swatch + text label (colour is not alone)."""
    color = style.COLORS[kind]
    return (f'<div style="margin:.15em 0"><span aria-hidden="true" style="display:inline-block;'
            f'width:.8em;height:.8em;border-radius:2px;background:{color};margin-right:.4em">'
            f'</span><span>{label}</span> {value_html}</div>')


def panel(lines, caption):
    """The numbers panel under a figure: ``lines`` from :func:`panel_row`."""
    return (f'<div class="bp-numbers" role="note" aria-label="{_html.escape(caption)}" '
            f'style="font-family:system-ui,sans-serif;font-size:.92em;line-height:1.5;'
            f'margin:.3em 0 0 .2em;color:inherit">' + "".join(lines) + "</div>")


def vec(v, q, digits=3):
    """A vector as "(0.123, −0.456)", entry i the marked number ``q.i``."""
    return "(" + ", ".join(num(x, f"fmt:{digits}", f"{q}.{i}") for i, x in enumerate(np.ravel(v))) + ")"


def mat(M, q, digits=3):
    """A small matrix as an HTML table (rows = receiving units i, columns = sending units j),
    entry (i, j) the marked number ``q.i.j``."""
    rows = "".join(
        "<tr>" + "".join(f'<td style="padding:0 .5em;text-align:right">{num(x, f"fmt:{digits}", f"{q}.{i}.{j}")}</td>'
                         for j, x in enumerate(r)) + "</tr>"
        for i, r in enumerate(np.atleast_2d(M)))
    return (f'<table style="display:inline-table;vertical-align:middle;border-left:1.5px solid;'
            f'border-right:1.5px solid;border-collapse:separate;margin:0 .2em">{rows}</table>')
