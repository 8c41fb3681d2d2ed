"""The course's diagrams, drawn as SVG from real numbers.

Every diagram is built directly as an SVG string (no matplotlib), so drawing one takes well
under a millisecond and an explorer can redraw it on every slider move. Each function returns
a :class:`Diagram`: it displays inline in Jupyter and in the built book (``_repr_html_``, an
inline ``<svg>``), and ``.svg`` is the string, ``.alt`` the text alternative.

Conventions (the same in every diagram of the course)
-----------------------------------------------------
- A node is drawn split in two: its **linear part** z on the left half and its **activated
  part** a = sigma(z) on the right half. Inputs a^0 = x are single boxes.
- Colours come from :data:`backprop_lib.draw.style.COLORS` only: ``forward`` (z, a, O), ``input``
  (x), ``weight`` (edges), ``error`` (delta, dC/da, dC/dW), ``cost`` (C), ``target`` (E).
  Colour is never the only carrier of meaning: every box has a printed symbol or header,
  negative weights are drawn **dashed**, and the edge width grows with |W|.
- Text and neutral strokes use ``currentColor``, coloured shapes are filled with a light
  tint of their colour, so the inline SVG reads in the book's light and dark themes.
- Every SVG has ``role="img"``, an ``aria-label`` and ``<title>``/``<desc>`` that say what it
  shows, with the numbers.

Usage
-----
>>> import numpy as np
>>> from backprop_lib import Network
>>> from backprop_lib.draw import diagrams
>>> net = Network([2, 3, 1], activation="tanh", seed=0)
>>> x, E = np.array([0.5, -1.0]), np.array([0.2])
>>> trace = net.forward(x)
>>> C, grads = net.backward(trace, E)
>>> d = diagrams.network_svg(net, trace)                 # the forward pass, values on the nodes
>>> d = diagrams.network_svg(net, trace, grads, target=E)  # + errors and the cost node C
>>> d = diagrams.network_svg(net, trace, grads, edge_labels="grad")  # dC/dW on the edges
>>> d = diagrams.forward_node_svg([0.5, -1.0], [0.8, 0.3], 0.1, "tanh", w_next=[1.2, -0.7])
>>> d = diagrams.backward_node_svg([0.5, -1.0], [0.8, 0.3], 0.1, "tanh",
...                                w_next=[1.2, -0.7], delta_next=[0.3, -0.1])
>>> d.svg.startswith("<svg") and "delta" in d.alt
True

In a notebook, a diagram as the last expression of a cell displays it.

Main options (all keyword-only): ``highlight=`` (what to emphasise, see each function),
``digits=`` (decimals printed), ``weight_scale=`` (the |W| drawn at full width; fix it in an
explorer so widths stay comparable while a slider moves), ``title=`` (replaces the default
title of the text alternative).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from .. import activations as _activations
from . import style as _style

__all__ = [
    "Diagram",
    "network_svg",
    "forward_node_svg",
    "backward_node_svg",
    "fmt",
]

# --------------------------------------------------------------------------------------------
# Small building blocks
# --------------------------------------------------------------------------------------------

_SUP = str.maketrans("0123456789-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺")
_SUB = str.maketrans("0123456789-+", "₀₁₂₃₄₅₆₇₈₉₋₊")
_TINT = "0.16"  # fill-opacity of the colour tints behind text (reads on white and on black)
_FONT = "system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"


def sup(v) -> str:
    """``v`` written with Unicode superscript digits (layer indices: z¹, a²)."""
    return str(v).translate(_SUP)


def sub(v) -> str:
    """``v`` written with Unicode subscript digits (unit indices: x₁, E₂)."""
    return str(v).translate(_SUB)


def fmt(v, digits: int = 2) -> str:
    """A number for printing on a diagram: fixed decimals, a true minus sign (U+2212)."""
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if v != 0 and (abs(v) >= 10 ** 5 or abs(v) < 0.5 * 10 ** (-digits)):
        s = f"{v:.{max(digits - 1, 0)}e}"
    else:
        s = f"{v:.{digits}f}"
    if s.startswith("-") and float(s.replace("e", "E")) == 0:
        s = s[1:]  # no "-0.00"
    return s.replace("-", "−")


def _plain(v, digits: int = 2) -> str:
    """A number for the text alternative (ASCII minus, screen readers say 'minus')."""
    return fmt(v, digits).replace("−", "-")


def _vec(values, digits=2, limit=8) -> str:
    vals = [float(v) for v in np.ravel(values)]
    s = ", ".join(_plain(v, digits) for v in vals[:limit])
    if len(vals) > limit:
        s += f", ... ({len(vals)} values)"
    return f"({s})"


def _esc(s) -> str:
    return (
        str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def _color(key: str) -> str:
    return _style.COLORS[key]


class Diagram:
    """An SVG picture with a text alternative.

    ``.svg`` is the SVG string, ``.alt`` the text alternative (also inside the SVG as
    ``aria-label``, ``<title>`` and ``<desc>``). Displays inline in Jupyter and myst-nb.
    """

    __slots__ = ("svg", "alt", "title", "axes")

    def __init__(self, svg: str, alt: str = "", title: str = "", axes=None):
        self.svg = svg
        self.alt = alt
        self.title = title
        self.axes = axes  # charts: the data -> pixel transform (for charts.add_points)

    def _repr_html_(self):
        return self.svg

    def _repr_svg_(self):
        return self.svg

    def __str__(self):
        return self.svg

    def __repr__(self):
        return f"<Diagram: {self.title or self.alt[:60]}>"

    def save(self, path):
        """Write the SVG to ``path`` (UTF-8)."""
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(self.svg)


class _Canvas:
    """Collects SVG elements; ``finish`` wraps them in an accessible <svg> root."""

    def __init__(self):
        self.parts: list[str] = []
        self.max_x = 0.0
        self.max_y = 0.0
        self.min_x = 0.0
        self.min_y = 0.0

    def _grow(self, x0, y0, x1, y1):
        self.min_x = min(self.min_x, x0)
        self.min_y = min(self.min_y, y0)
        self.max_x = max(self.max_x, x1)
        self.max_y = max(self.max_y, y1)

    def rect(self, x, y, w, h, color=None, *, stroke=None, sw=1.2, rx=6, tint=True, dash=None,
             extra=""):
        fill = f'fill="{color}" fill-opacity="{_TINT}"' if (color and tint) else 'fill="none"'
        st = stroke or color or "currentColor"
        d = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{rx}" {fill} '
            f'stroke="{st}" stroke-width="{sw}"{d}{extra}/>'
        )
        self._grow(x, y, x + w, y + h)

    def line(self, x0, y0, x1, y1, color="currentColor", sw=1.0, dash=None, opacity=None):
        d = f' stroke-dasharray="{dash}"' if dash else ""
        o = f' stroke-opacity="{opacity}"' if opacity is not None else ""
        self.parts.append(
            f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="{color}" '
            f'stroke-width="{sw:.2f}"{d}{o}/>'
        )

    def labelled_line(self, x0, y0, x1, y1, t, label, label_color, color, sw=1.0, dash=None,
                      opacity=None, size=10.0):
        """A line with a :meth:`pill` label at fraction ``t`` of its length; the line is
        interrupted under the label (labels need no opaque backing, which could not match
        both the light and the dark theme)."""
        dx, dy = x1 - x0, y1 - y0
        n = math.hypot(dx, dy) or 1.0
        ux, uy = dx / n, dy / n
        hw, hh = (0.6 * size * len(label) + 8) / 2, (size + 6) / 2
        s = min(hw / abs(ux) if ux else math.inf, hh / abs(uy) if uy else math.inf) + 1.5
        a, b = t * n - s, t * n + s
        if a > 0:
            self.line(x0, y0, x0 + ux * a, y0 + uy * a, color, sw, dash, opacity)
        if b < n:
            self.line(x0 + ux * b, y0 + uy * b, x1, y1, color, sw, dash, opacity)
        self.pill(x0 + t * dx, y0 + t * dy, label, label_color, size=size)

    def arrowhead(self, x0, y0, x1, y1, color="currentColor", size=7.0):
        """A filled triangle at (x1, y1) pointing along (x0, y0) -> (x1, y1)."""
        dx, dy = x1 - x0, y1 - y0
        n = math.hypot(dx, dy) or 1.0
        ux, uy = dx / n, dy / n
        bx, by = x1 - ux * size, y1 - uy * size
        px, py = -uy * size * 0.45, ux * size * 0.45
        self.parts.append(
            f'<path d="M{x1:.1f},{y1:.1f}L{bx + px:.1f},{by + py:.1f}L{bx - px:.1f},{by - py:.1f}Z" '
            f'fill="{color}"/>'
        )

    def arrow(self, x0, y0, x1, y1, color="currentColor", sw=1.2, dash=None, size=7.0):
        dx, dy = x1 - x0, y1 - y0
        n = math.hypot(dx, dy) or 1.0
        self.line(x0, y0, x1 - dx / n * size * 0.8, y1 - dy / n * size * 0.8, color, sw, dash)
        self.arrowhead(x0, y0, x1, y1, color, size)

    def text(self, x, y, s, *, size=12, anchor="middle", weight=None, color="currentColor",
             italic=False):
        w = f' font-weight="{weight}"' if weight else ""
        it = ' font-style="italic"' if italic else ""
        fill = "" if color == "currentColor" else f' fill="{color}"'
        self.parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{w}{it}{fill}>'
            f"{_esc(s)}</text>"
        )
        est = 0.58 * size * len(str(s))
        x0 = x - est / 2 if anchor == "middle" else (x - est if anchor == "end" else x)
        self._grow(x0, y - size, x0 + est, y + 3)

    def pill(self, x, y, s, color, *, size=10.5, dash=None):
        """Text centred at (x, y) on a small rounded box tinted with ``color``."""
        w = 0.6 * size * len(s) + 8
        h = size + 6
        self.rect(x - w / 2, y - h / 2, w, h, color, sw=0.8, rx=4, dash=dash)
        self.text(x, y + size * 0.36, s, size=size)

    def finish(self, title: str, desc: str, pad: float = 8.0) -> Diagram:
        x0, y0 = self.min_x - pad, self.min_y - pad
        w, h = self.max_x - x0 + pad, self.max_y - y0 + pad
        label = f"{title}. {desc}"
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x0:.0f} {y0:.0f} {w:.0f} {h:.0f}" '
            f'width="{w:.0f}" height="{h:.0f}" role="img" aria-label="{_esc(label)}" '
            f'style="max-width:100%;height:auto;color:inherit" font-family="{_FONT}" '
            f'fill="currentColor"><title>{_esc(title)}</title><desc>{_esc(desc)}</desc>'
        )
        return Diagram(head + "".join(self.parts) + "</svg>", label, title)


def _activation(activation):
    try:
        return _activations.get(activation)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"activation: {exc}") from None


def _as_vector(v, name, n=None, allow_scalar=False):
    try:
        arr = np.asarray(v, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number or a 1-D array of numbers; got {type(v).__name__}") from None
    if allow_scalar and arr.ndim == 0:
        return float(arr)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array; got shape {arr.shape}")
    if n is not None and arr.size != n:
        raise ValueError(f"{name} must have {n} entries; got {arr.size}")
    return arr


def _as_scalar(v, name):
    if isinstance(v, numbers.Real):
        return float(v)
    arr = np.asarray(v)
    if arr.size != 1:
        raise ValueError(f"{name} must be a single number; got shape {arr.shape}")
    try:
        return float(arr.reshape(()))
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a number; got {type(v).__name__}") from None


def _width(w, scale):
    """Stroke width for a weight of magnitude |w| (0.6 px .. 5.5 px)."""
    r = min(abs(float(w)) / scale, 1.5) if scale > 0 else 0.0
    return 0.6 + 3.3 * r


def _dash(w):
    return "6 4" if float(w) < 0 else None


def _weight_legend(cv, x, y, color, negative="weight < 0 (dashed); width ∝ |W|"):
    """The legend line of the edges: a solid and a dashed sample, explained in words."""
    cv.line(x, y, x + 30, y, color, 2.5)
    cv.text(x + 36, y + 4, "weight > 0", size=10, anchor="start")
    cv.line(x + 110, y, x + 140, y, color, 2.5, _dash(-1))
    cv.text(x + 146, y + 4, negative, size=10, anchor="start")


# --------------------------------------------------------------------------------------------
# Whole network
# --------------------------------------------------------------------------------------------

_LABEL_TS = (0.72, 0.6, 0.82, 0.48, 0.36, 0.26, 0.54, 0.66, 0.42, 0.3, 0.78, 0.2)
_NODE_H = 34.0
_HALF = 52.0
_ROW = 74.0
_COL = 175.0


def _first_example(arr):
    arr = np.asarray(arr, dtype=np.float64)
    return arr[0] if arr.ndim == 2 else arr


def network_svg(
    net,
    trace=None,
    grads=None,
    *,
    target=None,
    cost=None,
    edge_labels="auto",
    show_bias=True,
    show_errors=True,
    highlight=(),
    dim=False,
    weight_scale=None,
    digits=2,
    title=None,
) -> Diagram:
    """A network drawn from a real :class:`~backprop_lib.Network`, with its numbers.

    Parameters
    ----------
    net : Network
        Provides the weights ``net.W[k]``, biases ``net.b[k]``, sizes and activations.
    trace : forward trace, optional
        ``net.forward(x)``: the values z^k and a^k are printed in the node halves
        (for a batch, the first example is drawn).
    grads : gradients, optional
        ``net.backward(trace, E)[1]``: delta^k and dC/da^k are printed under the node halves
        in the error colour (``show_errors=False`` hides them).
    target : array, optional
        The expected output E. Draws the target boxes and the cost node C
        (the cost is ``cost`` if given, otherwise ``net.cost(x, E)``).
    edge_labels : "auto", "weight", "grad", "both" or None
        What to print on the edges: the weight W^k_ij, the gradient dC/dW^k_ij (needs
        ``grads``), both, or nothing. "auto" prints weights when there are at most 24 edges.
    highlight : iterable of tuples
        Parts to emphasise: ``("z", k, i)``, ``("a", k, i)``, ``("node", k, i)``,
        ``("edge", k, i, j)`` (the edge W^k_ij), ``("layer", k)``, ``("cost",)``,
        ``("target", i)``. Units are numbered from 1 (as in the maths).
    dim : bool
        Fade everything that is not highlighted.
    weight_scale : float, optional
        |W| drawn at full width (default: the largest |W| in the network).
    """
    try:
        sizes = [int(s) for s in net.sizes]
        W, b = net.W, net.b
    except AttributeError:
        raise TypeError(f"net must be a backprop_lib.Network; got {type(net).__name__}") from None
    L = len(sizes) - 1
    if edge_labels not in ("auto", "weight", "grad", "both", None):
        raise ValueError(
            f"edge_labels must be 'auto', 'weight', 'grad', 'both' or None; got {edge_labels!r}"
        )
    if edge_labels in ("grad", "both") and grads is None:
        raise ValueError("edge_labels='grad' or 'both' needs grads (from net.backward)")
    n_edges = sum(sizes[k - 1] * sizes[k] for k in range(1, L + 1))
    if edge_labels == "auto":
        edge_labels = "weight" if n_edges <= 24 else None

    hl = {tuple(h) for h in highlight}
    hl_layers = {h[1] for h in hl if h and h[0] == "layer"}

    def is_hl(kind, k=None, i=None, j=None):
        if kind in ("z", "a", "node"):
            return (kind, k, i) in hl or ("node", k, i) in hl or k in hl_layers
        if kind == "edge":
            return ("edge", k, i, j) in hl or k in hl_layers
        return (kind,) in hl or (kind, i) in hl

    def op(flag):  # opacity for dimmed parts
        return None if (not dim or flag) else 0.25

    if weight_scale is None:
        weight_scale = max([float(np.max(np.abs(W[k]))) for k in range(1, L + 1)] + [1e-12])
    weight_scale = float(weight_scale)

    z = a = dz = da = None
    if trace is not None:
        a = [_first_example(trace.a[k]) for k in range(L + 1)]
        z = [None] + [_first_example(trace.z[k]) for k in range(1, L + 1)]
    if grads is not None and show_errors:
        dz = [None] + [_first_example(grads.delta[k]) for k in range(1, L + 1)]
        da = [None] + [_first_example(grads.a[k]) for k in range(1, L + 1)]
    gW = grads.W if grads is not None else None

    cv = _Canvas()
    maxn = max(sizes)
    top = 46.0 + (14.0 if dz is not None else 0.0)
    col = _COL + (45.0 if edge_labels and max(
        sizes[k] * sizes[k - 1] for k in range(1, L + 1)) > 4 else 0.0)
    col_x = [20.0 + k * col for k in range(L + 1)]

    def row_y(k, i):  # i from 0
        off = (maxn - sizes[k]) * _ROW / 2
        return top + off + i * _ROW

    fwd, inp, wcol, err = _color("forward"), _color("input"), _color("weight"), _color("error")

    # Column headers: the symbols of the halves (colour is never the only cue).
    for k in range(L + 1):
        x = col_x[k]
        if k == 0:
            cv.text(x + _HALF / 2, 14, "x = a⁰", size=12, weight="bold")
            continue
        sk = sup(k)
        name = net.sigma[k].name if getattr(net, "sigma", None) else ""
        out = " = O" if k == L else ""
        cv.text(x + _HALF, 14, f"layer {k} ({name})", size=11)
        cv.text(x + _HALF / 2, 30, f"z{sk}", size=12, weight="bold")
        cv.text(x + 1.5 * _HALF, 30, f"a{sk}{out}", size=12, weight="bold")
        if dz is not None:
            cv.text(x + _HALF / 2, 44, f"δ{sk}", size=11, color=err, weight="bold")
            cv.text(x + 1.5 * _HALF, 44, f"∂C/∂a{sk}", size=11, color=err, weight="bold")

    # Edges first (under the nodes).
    placed = []  # label boxes placed so far: (cx, cy, w, h)
    for k in range(1, L + 1):
        Wk = np.asarray(W[k], dtype=np.float64)
        x0 = col_x[k - 1] + (_HALF if k - 1 == 0 else 2 * _HALF)
        x1 = col_x[k]
        nk = sizes[k]
        for i in range(nk):
            y1 = row_y(k, i) + _NODE_H / 2
            for j in range(sizes[k - 1]):
                y0 = row_y(k - 1, j) + _NODE_H / 2
                w = Wk[i, j]
                h = is_hl("edge", k, i + 1, j + 1)
                sw = _width(w, weight_scale) + (1.5 if h and hl else 0)
                if not edge_labels:
                    cv.line(x0, y0, x1, y1, wcol, sw, _dash(w), op(h))
                    continue
                if edge_labels == "weight":
                    lab, lc = fmt(w, digits), wcol
                elif edge_labels == "grad":
                    lab, lc = fmt(gW[k][i, j], digits), err
                else:
                    lab, lc = f"{fmt(w, digits)} | {fmt(gW[k][i, j], digits)}", wcol
                # Place the label where it overlaps no label placed before (first fit among
                # positions near the target end, where edges into one node fan apart).
                pw, ph = 0.6 * 9.5 * len(lab) + 8, 9.5 + 6
                t = None
                for cand in _LABEL_TS:
                    cx, cy = x0 + cand * (x1 - x0), y0 + cand * (y1 - y0)
                    if all(abs(cx - px) > (pw + qw) / 2 + 1 or abs(cy - py) > (ph + qh) / 2 + 1
                           for px, py, qw, qh in placed):
                        t = cand
                        break
                if t is None:
                    t = _LABEL_TS[(i * sizes[k - 1] + j) % len(_LABEL_TS)]
                placed.append((x0 + t * (x1 - x0), y0 + t * (y1 - y0), pw, ph))
                cv.labelled_line(x0, y0, x1, y1, t, lab, lc, wcol, sw, _dash(w), op(h), size=9.5)

    # Nodes.
    for k in range(L + 1):
        x = col_x[k]
        for i in range(sizes[k]):
            y = row_y(k, i)
            if k == 0:
                h = is_hl("a", 0, i + 1)
                cv.rect(x, y, _HALF, _NODE_H, inp, sw=3 if h and hl else 1.2,
                        extra=_op_attr(op(h)))
                s = fmt(a[0][i], digits) if a is not None else f"x{sub(i + 1)}"
                cv.text(x + _HALF / 2, y + _NODE_H / 2 + 4.5, s, size=12)
                continue
            hz, ha = is_hl("z", k, i + 1), is_hl("a", k, i + 1)
            cv.rect(x, y, _HALF, _NODE_H, fwd, sw=3 if hz and hl else 1.2, rx=6,
                    extra=_op_attr(op(hz)))
            cv.rect(x + _HALF, y, _HALF, _NODE_H, fwd, sw=3 if ha and hl else 1.2, rx=6,
                    extra=_op_attr(op(ha)))
            sz = fmt(z[k][i], digits) if z is not None else f"z{sup(k)}{sub(i + 1)}"
            sa = fmt(a[k][i], digits) if a is not None else f"a{sup(k)}{sub(i + 1)}"
            cv.text(x + _HALF / 2, y + _NODE_H / 2 + 4.5, sz, size=12)
            cv.text(x + 1.5 * _HALF, y + _NODE_H / 2 + 4.5, sa, size=12)
            if show_bias:
                cv.text(x + 2, y - 4, f"b {fmt(b[k][i], digits)}", size=9.5, anchor="start")
            if dz is not None:
                cv.pill(x + _HALF / 2, y + _NODE_H + 11, fmt(dz[k][i], digits), err, size=10)
                cv.pill(x + 1.5 * _HALF, y + _NODE_H + 11, fmt(da[k][i], digits), err, size=10)

    # Target and cost.
    desc_cost = ""
    if target is not None:
        E = _first_example(target).reshape(-1)
        if E.size != sizes[L]:
            raise ValueError(f"target must have {sizes[L]} entries (one per output); got {E.size}")
        if cost is None and trace is not None:
            cost = float(net.cost(trace.a[0], target))
        tcol, ccol = _color("target"), _color("cost")
        # Outputs O_i on the left of the cost node C, targets E_i on its right: no crossings.
        xo = col_x[L] + 2 * _HALF
        xc = xo + 150
        xe = xc + 70
        ys = [row_y(L, i) + _NODE_H / 2 for i in range(sizes[L])]
        yc = sum(ys) / len(ys)
        cv.text(xe + 30, 30, "E (target)", size=12, weight="bold")
        hc = is_hl("cost")
        for i, yy in enumerate(ys):
            ht = is_hl("target", None, i + 1)
            cv.rect(xe, yy - 13, 60, 26, tcol, sw=3 if ht and hl else 1.2, extra=_op_attr(op(ht)))
            cv.text(xe + 30, yy + 4, f"E{sub(i + 1)} {fmt(E[i], digits)}", size=10.5)
            cv.arrow(xe, yy, xc + 31, yc + (yy - yc) * 0.25, tcol, 1.0)
            if da is not None:
                cv.labelled_line(xo, yy, xc - 31, yc + (yy - yc) * 0.25, 0.45,
                                 f"∂C/∂O{sub(i + 1)} {fmt(da[L][i], digits)}", err,
                                 "currentColor", 1.0, size=9.5)
                cv.arrowhead(xo, yy, xc - 31, yc + (yy - yc) * 0.25)
            else:
                cv.arrow(xo, yy, xc - 31, yc + (yy - yc) * 0.25, "currentColor", 1.0)
        cv.rect(xc - 30, yc - 20, 60, 40, ccol, sw=3 if hc and hl else 1.6, rx=20,
                extra=_op_attr(op(hc)))
        cv.text(xc, yc - 3, "C", size=12, weight="bold")
        cv.text(xc, yc + 12, fmt(cost, digits + 1) if cost is not None else "?", size=11)
        lname = getattr(getattr(net, "loss", None), "name", "squared_error")
        formula = "C = Σᵢ (Oᵢ − Eᵢ)²" if lname == "squared_error" else f"C: {lname.replace('_', ' ')}"
        cv.text(xc, max(ys) + 40 if len(ys) > 1 else yc + 38, formula, size=10.5)
        desc_cost = (
            f" Target E = {_vec(E, digits)}; the cost node C compares the output with it"
            + (f": C = {_plain(cost, digits + 1)}." if cost is not None else ".")
        )

    # Legend line for the edges (width and dashes explained in words, not colour).
    _weight_legend(cv, col_x[0], cv.max_y + 18, wcol)

    # Text alternative.
    shape = "-".join(str(s) for s in sizes)
    acts = ", ".join(
        f"layer {k} {net.sigma[k].name}" for k in range(1, L + 1)
    ) if getattr(net, "sigma", None) else ""
    if title is None:
        title = f"Network {shape}" + (
            " with its forward pass" if trace is not None else "") + (
            " and backpropagated errors" if dz is not None else "")
    parts = [f"A network with layer sizes {shape} ({acts}); each node is split into its linear "
             f"part z and its activated part a."]
    if a is not None:
        parts.append(f"Input x = {_vec(a[0], digits)}.")
        for k in range(1, L + 1):
            parts.append(f"Layer {k}: z = {_vec(z[k], digits)}, a = {_vec(a[k], digits)}.")
    else:
        for k in range(1, L + 1):
            parts.append(f"Layer {k} weights W = {_vec(np.ravel(W[k]), digits)}, "
                         f"bias b = {_vec(b[k], digits)}.")
    if dz is not None:
        for k in range(L, 0, -1):
            parts.append(f"Errors of layer {k}: delta = {_vec(dz[k], digits)}, "
                         f"dC/da = {_vec(da[k], digits)}.")
    if edge_labels and n_edges <= 24:
        what = {"weight": "weights", "grad": "weight gradients dC/dW", "both": "weights and dC/dW"}[
            edge_labels]
        parts.append(f"Edges are labelled with their {what}; negative weights are dashed.")
    desc = " ".join(parts) + desc_cost
    return cv.finish(title, desc)


def _op_attr(o):
    return f' opacity="{o}"' if o is not None else ""


# --------------------------------------------------------------------------------------------
# One node, forward
# --------------------------------------------------------------------------------------------

_FORWARD_PARTS = ("inputs", "weights", "bias", "z", "activation", "a", "outputs")


def _check_highlight(highlight, allowed, name="highlight"):
    if isinstance(highlight, str):
        highlight = (highlight,)
    hl = set(highlight)
    bad = hl - set(allowed)
    if bad:
        raise ValueError(f"{name} must name parts among {', '.join(allowed)}; got {sorted(bad)}")
    return hl


def forward_node_svg(
    x,
    w,
    b,
    activation="tanh",
    *,
    w_next=None,
    k=1,
    unit=1,
    highlight=(),
    weight_scale=2.0,
    digits=2,
    show_equations=True,
    title=None,
) -> Diagram:
    """Forward propagation through one node, with the numbers.

    The inputs a^{k-1}_j (``x``) are weighted by W^k_{ij} (``w``, the node's row of W^k),
    summed with the bias b^k_i into the linear part z^k_i, which goes through the activation
    to a^k_i = sigma(z^k_i); with ``w_next`` (the node's column of W^{k+1}) the diagram also
    shows a^k_i feeding the next layer's weighted sums, each receiving W^{k+1}_{mi} a^k_i.

    ``highlight``: any of "inputs", "weights", "bias", "z", "activation", "a", "outputs".
    ``k``, ``unit``: the layer and unit index printed in the symbols.
    """
    x = _as_vector(x, "x")
    w = _as_vector(w, "w", n=x.size)
    b = _as_scalar(b, "b")
    act = _activation(activation)
    hl = _check_highlight(highlight, _FORWARD_PARTS)
    wn = None if w_next is None else _as_vector(w_next, "w_next")

    z = float(np.dot(w, x) + b)
    a = float(act(np.float64(z)))
    contrib = None if wn is None else wn * a

    fwd, inp, wcol = _color("forward"), _color("input"), _color("weight")
    cv = _Canvas()
    n = x.size
    row = 56.0
    nh = 30.0
    ymid = 40 + (n - 1) * row / 2 + nh / 2
    km, ks, i = sup(k - 1), sup(k), sub(unit)
    # Inputs.
    x_in, x_node = 10.0, 240.0
    cv.text(x_in + 34, 22, f"inputs a{km}", size=12, weight="bold")
    for j in range(n):
        y = 40 + j * row
        h = "inputs" in hl
        cv.rect(x_in, y, 68, nh, inp, sw=3 if h else 1.2)
        cv.text(x_in + 34, y + nh / 2 + 4.5, f"a{km}{sub(j + 1)} {fmt(x[j], digits)}", size=11)
        hw = "weights" in hl
        sw = _width(w[j], weight_scale) + (1.5 if hw else 0)
        cv.labelled_line(x_in + 68, y + nh / 2, x_node, ymid, 0.45,
                         f"W{ks}{i}{sub(j + 1)} {fmt(w[j], digits)}", wcol, wcol, sw, _dash(w[j]))
    # Bias from above.
    hb = "bias" in hl
    bx, by = x_node + 35, ymid - nh / 2 - 58
    cv.rect(bx - 30, by - 14, 60, 24, None, sw=3 if hb else 1.0, rx=4)
    cv.text(bx, by + 3, f"b{ks}{i} {fmt(b, digits)}", size=11)
    cv.arrow(bx, by + 10, bx, ymid - nh / 2 - 1, "currentColor", 1.0)
    # The node: z | a.
    half = 70.0
    top = ymid - nh / 2 - 6
    hgt = nh + 12
    hz, ha, hact = "z" in hl, "a" in hl, "activation" in hl
    cv.rect(x_node, top, half, hgt, fwd, sw=3 if hz else 1.4)
    cv.rect(x_node + half, top, half, hgt, fwd, sw=3 if ha else 1.4)
    cv.text(x_node + half / 2, top + 17, f"z{ks}{i} = Σ", size=11, weight="bold")
    cv.text(x_node + half / 2, top + 34, fmt(z, digits), size=12)
    cv.text(x_node + 1.5 * half, top + 17, f"a{ks}{i}", size=11, weight="bold")
    cv.text(x_node + 1.5 * half, top + 34, fmt(a, digits), size=12)
    # Activation label between halves.
    cv.text(x_node + half, top + hgt + 18, f"σ = {act.name}" + (" ◀" if hact else ""), size=11,
            weight="bold" if hact else None)
    if hact:
        cv.rect(x_node + half - 52, top + hgt + 4, 104, 20, None, sw=2, rx=4)
    desc_out = ""
    # Outputs to the next layer.
    if wn is not None:
        m = wn.size
        x_next = x_node + 2 * half + 190
        cv.text(x_next + 45, 22, f"next layer z{sup(k + 1)}", size=12, weight="bold")
        y0 = ymid - (m - 1) * row / 2 - nh / 2
        for r in range(m):
            y = y0 + r * row
            ho = "outputs" in hl
            cv.labelled_line(x_node + 2 * half, ymid, x_next, y + nh / 2, 0.5,
                             f"W{sup(k + 1)}{sub(r + 1)}{i} {fmt(wn[r], digits)}", wcol, wcol,
                             _width(wn[r], weight_scale) + (1.5 if ho else 0), _dash(wn[r]))
            cv.rect(x_next, y, 90, nh, fwd, sw=3 if ho else 1.2, dash="4 3")
            cv.text(x_next + 45, y + nh / 2 + 4.5, f"+ {fmt(contrib[r], digits)}", size=11)
        desc_out = (
            f" The output feeds the next layer's weighted sums through the weights "
            f"{_vec(wn, digits)}, adding {_vec(contrib, digits)} to their linear parts."
        )
    # Equations with the numbers.
    if show_equations:
        y = max(cv.max_y, top + hgt + 30) + 22
        terms = " + ".join(f"({fmt(w[j], digits)})({fmt(x[j], digits)})" for j in range(min(n, 4)))
        if n > 4:
            terms += " + …"
        cv.text(x_in, y, f"z{ks}{i} = Σⱼ W{ks}{i}ⱼ a{km}ⱼ + b{ks}{i} = {terms} + ({fmt(b, digits)}) "
                         f"= {fmt(z, digits)}", size=12, anchor="start")
        cv.text(x_in, y + 20, f"a{ks}{i} = σ(z{ks}{i}) = {act.name}({fmt(z, digits)}) = {fmt(a, digits)}",
                size=12, anchor="start")
    _weight_legend(cv, x_in, cv.max_y + 16, wcol)

    if title is None:
        title = f"Forward propagation through node {unit} of layer {k}"
    desc = (
        f"Inputs {_vec(x, digits)} are multiplied by the weights {_vec(w, digits)} and summed "
        f"with the bias {_plain(b, digits)} into the linear part z = {_plain(z, digits)}; the "
        f"activation {act.name} gives the activated value a = {_plain(a, digits)}.{desc_out}"
    )
    if hl:
        desc += f" Highlighted: {', '.join(p for p in _FORWARD_PARTS if p in hl)}."
    return cv.finish(title, desc)


# --------------------------------------------------------------------------------------------
# One node, backward
# --------------------------------------------------------------------------------------------

_BACKWARD_PARTS = ("inputs", "deltas_next", "weights_next", "dC_da", "sigma_prime", "delta",
                   "weight_grads")


def backward_node_svg(
    x,
    w,
    b,
    activation="tanh",
    *,
    w_next,
    delta_next,
    k=1,
    unit=1,
    highlight=(),
    show_inputs=True,
    show_weight_grads=False,
    weight_scale=2.0,
    digits=2,
    show_equations=True,
    title=None,
) -> Diagram:
    """Backward propagation through one node, with the numbers.

    The node's forward values come from its inputs ``x`` (a^{k-1}), its weights ``w`` (its row
    of W^k) and bias ``b``. Given the errors of the next layer's linear parts
    ``delta_next`` (delta^{k+1}) and the weights ``w_next`` connecting this node to them (its
    column of W^{k+1}), the diagram shows

    - dC/da^k_i = sum_m W^{k+1}_{mi} delta^{k+1}_m (the weighted errors flowing back), and
    - delta^k_i = sigma'(z^k_i) dC/da^k_i (the error of the linear part).

    ``show_inputs`` draws the inputs faintly on the left (the forward context);
    ``show_weight_grads`` labels the incoming edges with dC/dW^k_ij = delta^k_i a^{k-1}_j.
    ``highlight``: any of "inputs", "deltas_next", "weights_next", "dC_da", "sigma_prime",
    "delta", "weight_grads".
    """
    x = _as_vector(x, "x")
    w = _as_vector(w, "w", n=x.size)
    b = _as_scalar(b, "b")
    act = _activation(activation)
    wn = _as_vector(w_next, "w_next")
    dn = _as_vector(delta_next, "delta_next", n=wn.size)
    hl = _check_highlight(highlight, _BACKWARD_PARTS)

    z = float(np.dot(w, x) + b)
    a = float(act(np.float64(z)))
    dads = wn * dn
    dCda = float(np.sum(dads))
    sp = float(act.derivative(np.float64(z)))
    delta = sp * dCda
    gW = delta * x

    fwd, inp, wcol, err = _color("forward"), _color("input"), _color("weight"), _color("error")
    km, ks, kn, i = sup(k - 1), sup(k), sup(k + 1), sub(unit)
    cv = _Canvas()
    row, nh = 56.0, 30.0
    n, m = x.size, wn.size
    span = max(n, m)
    ymid = 50 + (span - 1) * row / 2 + nh / 2
    x_in = 10.0
    x_node = 200.0 if show_inputs else 10.0
    half = 74.0
    top, hgt = ymid - nh / 2 - 6, nh + 12

    if show_inputs:
        cv.text(x_in + 34, 22, f"inputs a{km}", size=12, weight="bold")
        y0 = ymid - (n - 1) * row / 2 - nh / 2
        hi = "inputs" in hl
        hg = "weight_grads" in hl
        for j in range(n):
            y = y0 + j * row
            cv.rect(x_in, y, 68, nh, inp, sw=3 if hi else 1.0,
                    extra=' opacity="0.55"' if not (hi or hg) else "")
            cv.text(x_in + 34, y + nh / 2 + 4.5, f"{fmt(x[j], digits)}", size=11)
            o = None if (hi or hg or show_weight_grads) else 0.45
            if show_weight_grads:
                cv.labelled_line(x_in + 68, y + nh / 2, x_node, ymid, 0.5,
                                 f"∂C/∂W{ks}{i}{sub(j + 1)} {fmt(gW[j], digits)}", err, wcol,
                                 _width(w[j], weight_scale), _dash(w[j]), o, size=9.5)
            else:
                cv.line(x_in + 68, y + nh / 2, x_node, ymid, wcol, _width(w[j], weight_scale),
                        _dash(w[j]), opacity=o)
    # Node halves.
    hdl, hd = "dC_da" in hl, "delta" in hl
    cv.rect(x_node, top, half, hgt, fwd, sw=1.4)
    cv.rect(x_node + half, top, half, hgt, fwd, sw=1.4)
    cv.text(x_node + half / 2, top + 17, f"z{ks}{i}", size=11, weight="bold")
    cv.text(x_node + half / 2, top + 34, fmt(z, digits), size=12)
    cv.text(x_node + 1.5 * half, top + 17, f"a{ks}{i}", size=11, weight="bold")
    cv.text(x_node + 1.5 * half, top + 34, fmt(a, digits), size=12)
    # Errors under the halves, arrows backwards.
    ey = top + hgt + 40
    cv.rect(x_node + half + 4, ey - 16, half - 8, 34, err, sw=3 if hdl else 1.2, rx=5)
    cv.text(x_node + 1.5 * half, ey - 3, f"∂C/∂a{ks}{i}", size=10, weight="bold")
    cv.text(x_node + 1.5 * half, ey + 12, fmt(dCda, digits), size=11)
    cv.rect(x_node + 4, ey - 16, half - 8, 34, err, sw=3 if hd else 1.2, rx=5)
    cv.text(x_node + half / 2, ey - 3, f"δ{ks}{i}", size=10, weight="bold")
    cv.text(x_node + half / 2, ey + 12, fmt(delta, digits), size=11)
    hs = "sigma_prime" in hl
    cv.arrow(x_node + half + 4, ey + 1, x_node + half - 4, ey + 1, err, 2.0, size=6)
    cv.pill(x_node + half, ey + 34, f"× σ′(z) = {fmt(sp, digits)}", err, size=10.5)
    if hs:
        cv.rect(x_node + half - 58, ey + 23, 116, 22, None, sw=2.5, rx=5)
    # Next layer's linear parts with their errors.
    x_next = x_node + 2 * half + 200
    cv.text(x_next + 45, 22, f"next layer δ{kn}", size=12, weight="bold")
    y0 = ymid - (m - 1) * row / 2 - nh / 2
    hdn, hwn = "deltas_next" in hl, "weights_next" in hl
    for r in range(m):
        y = y0 + r * row
        cv.labelled_line(x_node + 2 * half, ymid, x_next, y + nh / 2, 0.55,
                         f"W{kn}{sub(r + 1)}{i} {fmt(wn[r], digits)}", wcol, wcol,
                         _width(wn[r], weight_scale) + (1.5 if hwn else 0), _dash(wn[r]))
        # Backward arrow (error flowing back) drawn below the edge.
        ax0, ay0 = x_next - 18, y + nh / 2 + 14
        ax1, ay1 = x_node + 2 * half + 40, ymid + 14 + (y + nh / 2 - ymid) * 40 / (x_next - x_node - 2 * half)
        cv.arrow(ax0, ay0, ax1, ay1, err, 1.2, "3 2", size=6)
        cv.rect(x_next, y, 90, nh, fwd, sw=1.0, dash="4 3")
        cv.rect(x_next + 4, y + 4, 82, nh - 8, err, sw=3 if hdn else 1.0, rx=4)
        cv.text(x_next + 45, y + nh / 2 + 4.5, f"δ{kn}{sub(r + 1)} {fmt(dn[r], digits)}", size=11)
    if show_equations:
        y = cv.max_y + 24
        terms = " + ".join(f"({fmt(wn[r], digits)})({fmt(dn[r], digits)})" for r in range(min(m, 4)))
        if m > 4:
            terms += " + …"
        cv.text(x_in, y, f"∂C/∂a{ks}{i} = Σₘ W{kn}ₘ{i} δ{kn}ₘ = {terms} = {fmt(dCda, digits)}",
                size=12, anchor="start")
        cv.text(x_in, y + 20, f"δ{ks}{i} = σ′(z{ks}{i}) · ∂C/∂a{ks}{i} = ({fmt(sp, digits)})"
                              f"({fmt(dCda, digits)}) = {fmt(delta, digits)}", size=12, anchor="start")
        if show_weight_grads:
            cv.text(x_in, y + 40, f"∂C/∂W{ks}{i}ⱼ = δ{ks}{i} a{km}ⱼ = {_vec(gW, digits)}", size=12,
                    anchor="start")
    ly = cv.max_y + 16
    _weight_legend(cv, x_in, ly, wcol, negative="weight < 0 (dashed)")
    cv.arrow(x_in + 290, ly, x_in + 250, ly, err, 1.2, "3 2", size=6)
    cv.text(x_in + 296, ly + 4, "error flowing back", size=10, anchor="start")

    if title is None:
        title = f"Backward propagation through node {unit} of layer {k}"
    desc = (
        f"The next layer's errors delta = {_vec(dn, digits)} flow back through the weights "
        f"{_vec(wn, digits)}; their weighted sum is the error of the activated node, "
        f"dC/da = {_plain(dCda, digits)}. Multiplying by the activation's derivative at "
        f"z = {_plain(z, digits)}, sigma'(z) = {_plain(sp, digits)} ({act.name}), gives the error of "
        f"the linear part, delta = {_plain(delta, digits)}."
    )
    if show_weight_grads:
        desc += f" The incoming weights' gradients are delta times the inputs: {_vec(gW, digits)}."
    if hl:
        desc += f" Highlighted: {', '.join(p for p in _BACKWARD_PARTS if p in hl)}."
    return cv.finish(title, desc)
