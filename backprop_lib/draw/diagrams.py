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

import numpy as np

from .svg import Canvas, Diagram, color as _color, fmt, measure, sub, sup
from .diagram_parts import edge_dash, edge_width, marked, marked_plain, opacity_attr, parallel, vec, weight_legend
from .node_diagrams import backward_node_svg, forward_node_svg

__all__ = [
    "Diagram",
    "network_svg",
    "forward_node_svg",
    "backward_node_svg",
    "fmt",
]

# --------------------------------------------------------------------------------------------
# Whole network
# --------------------------------------------------------------------------------------------

_LABEL_TS = (0.72, 0.6, 0.82, 0.48, 0.36, 0.26, 0.54, 0.66, 0.42, 0.3, 0.78, 0.2)
#: Where the narrow layout tries an edge label first (edges run top to bottom, labels nearer
#: the middle, where the edges into one node have not yet converged).
_LABEL_TS_NARROW = (0.5, 0.34, 0.66, 0.42, 0.58, 0.26, 0.74, 0.2, 0.8)
_NODE_H = 34.0
_HALF = 52.0
_ROW = 74.0
_COL = 175.0

#: The narrow layout (a phone, 480 CSS px and below): layers stacked top to bottom in a figure
#: :data:`NARROW_WIDTH` units wide, every text at least :data:`NARROW_TEXT` units, so that the
#: whole figure, cost and targets included, fits a 320 px column at 1:1 with text >= 11 px.
NARROW_WIDTH = 320.0
NARROW_TEXT = 11.0
_N_HALF = 46.0
_N_NODE_H = 40.0
_N_INPUT_W = 64.0
LAYOUTS = ("wide", "narrow")


def _first_example(arr):
    arr = np.asarray(arr, dtype=np.float64)
    return arr[0] if arr.ndim == 2 else arr


def _no_attrs(part, *index):
    return ""


class _Geometry:
    """Where the parts of a network diagram go, in one of :data:`LAYOUTS`: the box of each unit
    (inputs: one box; layers 1..L: the z half and the a half side by side), the ends of each
    edge, and the places of the cost, targets and headers."""

    def __init__(self, sizes, layout, edge_labels, errors):
        self.sizes, self.layout, self.errors = sizes, layout, errors
        L = len(sizes) - 1
        self.L = L
        if layout == "wide":
            self.half, self.node_h, self.input_w = _HALF, _NODE_H, _HALF
            maxn = max(sizes)
            self.top = 46.0 + (14.0 if errors else 0.0)
            col = _COL + (45.0 if edge_labels and max(
                sizes[k] * sizes[k - 1] for k in range(1, L + 1)) > 4 else 0.0)
            self.col_x = [20.0 + k * col for k in range(L + 1)]
            self._x = lambda k, i: self.col_x[k]
            self._y = lambda k, i: self.top + (maxn - sizes[k]) * _ROW / 2 + i * _ROW
            self.text, self.label_text, self.pill_text = 12, 9.5, 10
        else:
            self.half, self.node_h, self.input_w = _N_HALF, _N_NODE_H, _N_INPUT_W
            # a row per layer: the boxes, the error pills under them, then the edges down
            self.row = 170.0 + (10.0 if errors else 0.0)
            self.top = 24.0
            width = max(NARROW_WIDTH, max(n * 2 * _N_HALF + (n + 1) * 10 for n in sizes))
            self.width = width

            def x(k, i):
                w = self.input_w if k == 0 else 2 * self.half
                n = sizes[k]
                gap = (width - n * w) / (n + 1)
                return gap + i * (w + gap)
            self._x = x
            self._y = lambda k, i: self.top + k * self.row
            self.text, self.label_text, self.pill_text = 12, NARROW_TEXT, NARROW_TEXT

    def box(self, k, i):
        """(x, y) of the top left corner of unit i (from 0) of layer k."""
        return self._x(k, i), self._y(k, i)

    def edge(self, k, i, j):
        """The ends (x0, y0, x1, y1) of the edge W^k_ij, from unit j of layer k-1 to unit i of k."""
        xs, ys = self.box(k - 1, j)
        xt, yt = self.box(k, i)
        if self.layout == "wide":
            x0 = xs + (self.input_w if k - 1 == 0 else 2 * self.half)
            return x0, ys + self.node_h / 2, xt, yt + self.node_h / 2
        cx = xs + (self.input_w / 2 if k - 1 == 0 else 1.5 * self.half)
        below = 0.0 if k - 1 == 0 or not self.errors else 22.0
        return cx, ys + self.node_h + below + 2, xt + self.half / 2, yt - 16

    def output_end(self, i):
        """Where the arrow from output i leaves towards the cost node."""
        x, y = self.box(self.L, i)
        if self.layout == "wide":
            return x + 2 * self.half, y + self.node_h / 2
        return x + 1.5 * self.half, y + self.node_h + (22.0 if self.errors else 0.0) + 2


def _back_arrow(cv, x0, y0, x1, y1, offset, colour):
    """Diagram 4's dashed arrow beside the edge (x0, y0) -> (x1, y1), pointing back along it."""
    bx0, by0, bx1, by1 = parallel(x0, y0, x1, y1, offset, 4.0)
    cv.arrow(bx1, by1, bx0, by0, colour, 1.3, "4 3", size=7)


def _cost_box(cv, xc, yc, value_dy, colour, strong, opacity, value):
    """The cost node C at (xc, yc): its box (thick when highlighted), its name and its value."""
    cv.rect(xc - 30, yc - 20, 60, 40, colour, sw=3 if strong else 1.6, rx=20, extra=opacity_attr(opacity))
    cv.text(xc, yc - 3, "C", size=12, weight="bold")
    cv.text(xc, yc + value_dy, value, size=11)


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
    layout="both",
    backward_arrows=False,
    attrs=None,
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
    edge_labels : "auto", "weight", "grad", "both", "swap" or None
        What to print on the edges: the weight W^k_ij, the gradient dC/dW^k_ij (needs
        ``grads``), both, or nothing. "auto" prints weights when there are at most 24 edges;
        "swap" draws the weight and the gradient in the same place, for an explorer that shows
        one or the other (``attrs`` parts "wlabel" and "glabel").
    highlight : iterable of tuples
        Parts to emphasise: ``("z", k, i)``, ``("a", k, i)``, ``("node", k, i)``,
        ``("edge", k, i, j)`` (the edge W^k_ij), ``("layer", k)``, ``("cost",)``,
        ``("target", i)``. Units are numbered from 1 (as in the maths).
    dim : bool
        Fade everything that is not highlighted.
    weight_scale : float, optional
        |W| drawn at full width (default: the largest |W| in the network).
    layout : "wide", "narrow" or "both"
        "wide": layers from left to right, the cost on the right; "narrow" (for a phone): layers
        stacked from top to bottom, the cost and the targets under the outputs, every text at
        least 11 units in a figure 320 units wide. "both" (the default): the returned Diagram
        is the wide one and carries the narrow one as ``.narrow``; its HTML shows the one that
        suits the screen (a CSS media query at 480 px).
    backward_arrows : bool
        With ``grads``: arrows pointing backwards (error colour, dashed) beside every edge and
        from the cost node back to the outputs: the errors travel from C to layer 1.
    attrs : callable, optional
        ``attrs(part, k, i, j)`` -> extra attributes (a string such as ``' class="..."'``) of the
        SVG group of each part: "input" (k = 0, i), "node" (k, i), "z", "a", "bias", "delta",
        "da", "sp" (k, i: the arrow delta <- dC/da under the node), "edge", "wlabel", "glabel"
        (k, i, j), "back" (k, i, j: the backward arrow beside the edge W^k_ij), "cost", "dO" (i:
        the arrow from output i to C), "dOlabel" (i: its label ∂C/∂O_i, wide layout), "backC" (i: from C back to output i), "target" (i),
        and "hit" (k, i): an invisible rectangle over the node, drawn when its attributes are not
        empty (a target for clicks and the keyboard). Units from 1. An explorer uses it to show, hide and mark parts with marked strings.
    """
    if layout not in ("wide", "narrow", "both"):
        raise ValueError(f"layout must be 'wide', 'narrow' or 'both'; got {layout!r}")
    if layout == "both":
        kw = dict(target=target, cost=cost, edge_labels=edge_labels, show_bias=show_bias,
                  show_errors=show_errors, highlight=highlight, dim=dim, weight_scale=weight_scale,
                  digits=digits, title=title, backward_arrows=backward_arrows, attrs=attrs)
        wide = network_svg(net, trace, grads, layout="wide", **kw)
        wide.narrow = network_svg(net, trace, grads, layout="narrow", **kw).svg
        return wide
    try:
        sizes = [int(s) for s in net.sizes]
        W, b = net.W, net.b
    except AttributeError:
        raise TypeError(f"net must be a backprop_lib.Network; got {type(net).__name__}") from None
    L = len(sizes) - 1
    if edge_labels not in ("auto", "weight", "grad", "both", "swap", None):
        raise ValueError(
            f"edge_labels must be 'auto', 'weight', 'grad', 'both', 'swap' or None; got {edge_labels!r}"
        )
    if edge_labels in ("grad", "both", "swap") and grads is None:
        raise ValueError("edge_labels='grad', 'both' or 'swap' needs grads (from net.backward)")
    n_edges = sum(sizes[k - 1] * sizes[k] for k in range(1, L + 1))
    if edge_labels == "auto":
        edge_labels = "weight" if n_edges <= 24 else None
    attrs = attrs or _no_attrs

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

    cv = Canvas()
    g = _Geometry(sizes, layout, edge_labels, dz is not None)
    narrow = layout == "narrow"
    H, NH = g.half, g.node_h

    def group(part, *index):
        cv.parts.append(f"<g{attrs(part, *index)}>")

    def end():
        cv.parts.append("</g>")

    fwd, inp, wcol, err = _color("forward"), _color("input"), _color("weight"), _color("error")

    # Headers: the symbols of the halves (colour is never the only cue).
    if not narrow:
        for k in range(L + 1):
            x = g.col_x[k]
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
    ts = _LABEL_TS_NARROW if narrow else _LABEL_TS
    ls = g.label_text
    for k in range(1, L + 1):
        Wk = np.asarray(W[k], dtype=np.float64)
        for i in range(sizes[k]):
            for j in range(sizes[k - 1]):
                x0, y0, x1, y1 = g.edge(k, i, j)
                w = Wk[i, j]
                h = is_hl("edge", k, i + 1, j + 1)
                qw = f"W.{k}.{i}.{j}"
                sw = edge_width(w, weight_scale, 1.5 if h and hl else 0.0, q=qw)
                dash = edge_dash(w, qw)
                group("edge", k, i + 1, j + 1)
                if not edge_labels:
                    cv.line(x0, y0, x1, y1, wcol, sw, dash, op(h))
                    end()
                    continue
                if edge_labels in ("weight", "swap"):
                    lab, lc = marked(w, qw, digits), wcol
                elif edge_labels == "grad":
                    lab, lc = marked(gW[k][i, j], f"gW.{k}.{i}.{j}", digits), err
                else:
                    lab, lc = f"{marked(w, qw, digits)} | {marked(gW[k][i, j], f'gW.{k}.{i}.{j}', digits)}", wcol
                # Place the label where it overlaps no label placed before (first fit among
                # positions near the target end, where edges into one node fan apart).
                pw, ph = 0.6 * ls * measure(lab) + 8, ls + 6
                t = None
                for cand in ts:
                    cx, cy = x0 + cand * (x1 - x0), y0 + cand * (y1 - y0)
                    if all(abs(cx - px) > (pw + qw_) / 2 + 1 or abs(cy - py) > (ph + qh) / 2 + 1
                           for px, py, qw_, qh in placed):
                        t = cand
                        break
                if t is None:
                    t = ts[(i * sizes[k - 1] + j) % len(ts)]
                placed.append((x0 + t * (x1 - x0), y0 + t * (y1 - y0), pw, ph))
                if edge_labels != "swap":
                    cv.labelled_line(x0, y0, x1, y1, t, lab, lc, wcol, sw, dash, op(h), size=ls)
                else:  # the line, and two labels in one place: the weight and its gradient
                    parts = cv.parts
                    cv.parts = []
                    cv.labelled_line(x0, y0, x1, y1, t, lab, lc, wcol, sw, dash, op(h), size=ls)
                    *line, prect, ptext = cv.parts
                    cv.parts = parts + line
                    group("wlabel", k, i + 1, j + 1)
                    cv.parts += [prect, ptext]
                    end()
                    group("glabel", k, i + 1, j + 1)
                    cv.pill(x0 + t * (x1 - x0), y0 + t * (y1 - y0),
                            marked(gW[k][i, j], f"gW.{k}.{i}.{j}", digits), err, size=ls)
                    end()
                end()

    # Backward arrows beside the edges: the errors of layer k travel back to layer k - 1.
    if backward_arrows and dz is not None:
        for k in range(L, 1, -1):
            for i in range(sizes[k]):
                for j in range(sizes[k - 1]):
                    x0, y0, x1, y1 = g.edge(k, i, j)
                    bx0, by0, bx1, by1 = parallel(x0, y0, x1, y1, 7.0, 12.0)
                    group("back", k, i + 1, j + 1)
                    cv.arrow(bx1, by1, bx0, by0, err, 1.3, "4 3", size=7)
                    end()

    # Nodes.
    for k in range(L + 1):
        for i in range(sizes[k]):
            x, y = g.box(k, i)
            if k == 0:
                h = is_hl("a", 0, i + 1)
                group("input", 0, i + 1)
                cv.rect(x, y, g.input_w, NH, inp, sw=3 if h and hl else 1.2,
                        extra=opacity_attr(op(h)))
                s = marked(a[0][i], f"a.0.{i}", digits) if a is not None else f"x{sub(i + 1)}"
                if narrow:
                    cv.text(x + g.input_w / 2, y + 15, f"x{sub(i + 1)} = a⁰{sub(i + 1)}", size=11, weight="bold")
                    cv.text(x + g.input_w / 2, y + 32, s if a is not None else "", size=12)
                else:
                    cv.text(x + g.input_w / 2, y + NH / 2 + 4.5, s, size=12)
                end()
                continue
            hz, ha = is_hl("z", k, i + 1), is_hl("a", k, i + 1)
            sz = marked(z[k][i], f"z.{k}.{i}", digits) if z is not None else f"z{sup(k)}{sub(i + 1)}"
            sa = marked(a[k][i], f"a.{k}.{i}", digits) if a is not None else f"a{sup(k)}{sub(i + 1)}"
            group("node", k, i + 1)
            group("z", k, i + 1)
            cv.rect(x, y, H, NH, fwd, sw=3 if hz and hl else 1.2, rx=6, extra=opacity_attr(op(hz)))
            if narrow:
                cv.text(x + H / 2, y + 15, f"z{sup(k)}{sub(i + 1)}", size=11, weight="bold")
                cv.text(x + H / 2, y + 32, sz if z is not None else "", size=12)
            else:
                cv.text(x + H / 2, y + NH / 2 + 4.5, sz, size=12)
            end()
            group("a", k, i + 1)
            cv.rect(x + H, y, H, NH, fwd, sw=3 if ha and hl else 1.2, rx=6, extra=opacity_attr(op(ha)))
            if narrow:
                sym = f"O{sub(i + 1)}" if k == L else f"a{sup(k)}{sub(i + 1)}"
                cv.text(x + 1.5 * H, y + 15, sym, size=11, weight="bold")
                cv.text(x + 1.5 * H, y + 32, sa if a is not None else "", size=12)
            else:
                cv.text(x + 1.5 * H, y + NH / 2 + 4.5, sa, size=12)
            end()
            hit = attrs("hit", k, i + 1)
            if hit:  # a target over the whole node for the pointer and the keyboard (no text)
                cv.parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{2 * H:.1f}" height="{NH:.1f}" '
                                f'rx="6" fill="transparent"{hit}/>')
            end()
            if show_bias:
                group("bias", k, i + 1)
                bs = f"b {marked(b[k][i], f'b.{k}.{i}', digits)}"
                if narrow:
                    cv.text(x + 2 * H, y - 4, bs, size=NARROW_TEXT, anchor="end")
                else:
                    cv.text(x + 2, y - 4, bs, size=9.5, anchor="start")
                end()
            if dz is not None:
                py = y + NH + 11
                group("delta", k, i + 1)
                cv.pill(x + H / 2, py, marked(dz[k][i], f"dz.{k}.{i}", digits), err, size=g.pill_text)
                end()
                group("da", k, i + 1)
                cv.pill(x + 1.5 * H, py, marked(da[k][i], f"da.{k}.{i}", digits), err, size=g.pill_text)
                end()
                if backward_arrows:
                    group("sp", k, i + 1)
                    ay = py + g.pill_text / 2 + 8
                    cv.arrow(x + 1.5 * H - 6, ay, x + H / 2 + 6, ay, err, 1.3, size=6)
                    end()

    # Target and cost.
    desc_cost = ""
    if target is not None:
        E = _first_example(target).reshape(-1)
        if E.size != sizes[L]:
            raise ValueError(f"target must have {sizes[L]} entries (one per output); got {E.size}")
        if cost is None and trace is not None:
            cost = float(net.cost(trace.a[0], target))
        tcol, ccol = _color("target"), _color("cost")
        ends = [g.output_end(i) for i in range(sizes[L])]
        hc = is_hl("cost")
        lname = getattr(getattr(net, "loss", None), "name", "squared_error")
        formula = "C = Σᵢ (Oᵢ − Eᵢ)²" if lname == "squared_error" else f"C: {lname.replace('_', ' ')}"
        cost_text = marked(cost, "C", digits + 1) if cost is not None else "?"
        if not narrow:
            # Outputs O_i on the left of the cost node C, targets E_i on its right: no crossings.
            xo = ends[0][0]
            xc = xo + 150
            xe = xc + 70
            ys = [yy for _, yy in ends]
            yc = sum(ys) / len(ys)
            cv.text(xe + 30, 30, "E (target)", size=12, weight="bold")
            for i, yy in enumerate(ys):
                ht = is_hl("target", None, i + 1)
                group("target", i + 1)
                cv.rect(xe, yy - 13, 60, 26, tcol, sw=3 if ht and hl else 1.2, extra=opacity_attr(op(ht)))
                cv.text(xe + 30, yy + 4, f"E{sub(i + 1)} {marked(E[i], f'E.{i}', digits)}",
                        size=10.5)
                cv.arrow(xe, yy, xc + 31, yc + (yy - yc) * 0.25, tcol, 1.0)
                end()
                group("dO", i + 1)
                if da is not None:
                    x1, y1 = xc - 31, yc + (yy - yc) * 0.25
                    label = f"∂C/∂O{sub(i + 1)} {marked(da[L][i], f'da.{L}.{i}', digits)}"
                    cv.labelled_line(xo, yy, x1, y1, 0.45, label, err, "currentColor", 1.0, size=9.5,
                                     pill=False)
                    cv.arrowhead(xo, yy, x1, y1)
                    end()
                    group("dOlabel", i + 1)     # computed one step after C: its own group
                    cv.pill(xo + 0.45 * (x1 - xo), yy + 0.45 * (y1 - yy), label, err, size=9.5)
                else:
                    cv.arrow(xo, yy, xc - 31, yc + (yy - yc) * 0.25, "currentColor", 1.0)
                end()
                if backward_arrows and da is not None:
                    group("backC", i + 1)
                    _back_arrow(cv, xo, yy, xc - 31, yc + (yy - yc) * 0.25, 9.0, err)
                    end()
            group("cost")
            _cost_box(cv, xc, yc, 12, ccol, hc and hl, op(hc), cost_text)
            cv.text(xc, max(ys) + 40 if len(ys) > 1 else yc + 38, formula, size=10.5)
            end()
        else:
            # Outputs above the cost node C, targets under it.
            yo = max(yy for _, yy in ends)
            xc, yc = g.width / 2, yo + 62
            for i, (xx, yy) in enumerate(ends):
                group("dO", i + 1)
                cv.arrow(xx, yy, xc + (xx - xc) * 0.3, yc - 21, "currentColor", 1.0)
                end()
                if backward_arrows and da is not None:
                    group("backC", i + 1)
                    _back_arrow(cv, xx, yy, xc + (xx - xc) * 0.3, yc - 21, 8.0, err)
                    end()
            group("cost")
            _cost_box(cv, xc, yc, 13, ccol, hc and hl, op(hc), cost_text)
            cv.text(xc + 38, yc + 4, formula, size=NARROW_TEXT, anchor="start")
            end()
            ye = yc + 56
            n = sizes[L]
            tw, gap = 92.0, 14.0
            x0 = xc - (n * tw + (n - 1) * gap) / 2
            for i in range(n):
                ht = is_hl("target", None, i + 1)
                xe = x0 + i * (tw + gap)
                group("target", i + 1)
                cv.arrow(xe + tw / 2, ye, xc + (xe + tw / 2 - xc) * 0.3, yc + 21, tcol, 1.0)
                cv.rect(xe, ye, tw, 26, tcol, sw=3 if ht and hl else 1.2, extra=opacity_attr(op(ht)))
                cv.text(xe + tw / 2, ye + 17, f"E{sub(i + 1)} {marked(E[i], f'E.{i}', digits)}",
                        size=NARROW_TEXT)
                end()
            cv.text(x0 - 6, ye + 17, "E", size=12, weight="bold", anchor="end")
        desc_cost = (
            f" Target E = {vec(E, digits, q='E')}; the cost node C compares the output with it"
            + (f": C = {marked_plain(cost, 'C', digits + 1)}." if cost is not None else ".")
        )

    # Legend line for the edges (width and dashes explained in words, not colour).
    if narrow:
        ly = cv.max_y + 18
        cv.line(0, ly, 30, ly, wcol, 2.5)
        cv.text(36, ly + 4, "weight > 0", size=NARROW_TEXT, anchor="start")
        cv.line(120, ly, 150, ly, wcol, 2.5, edge_dash(-1))
        cv.text(156, ly + 4, "weight < 0", size=NARROW_TEXT, anchor="start")
        cv.text(0, ly + 22, "width ∝ |W|" + ("; under a node: δ | ∂C/∂a" if dz is not None else ""),
                size=NARROW_TEXT, anchor="start", color=err if dz is not None else "currentColor")
    else:
        weight_legend(cv, g.col_x[0], cv.max_y + 18, wcol)

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
    if narrow:
        parts.append("Layers are stacked from the input at the top to the cost at the bottom.")
    if a is not None:
        parts.append(f"Input x = {vec(a[0], digits, q='a.0')}.")
        for k in range(1, L + 1):
            parts.append(f"Layer {k}: z = {vec(z[k], digits, q=f'z.{k}')}, "
                         f"a = {vec(a[k], digits, q=f'a.{k}')}.")
    else:
        for k in range(1, L + 1):
            parts.append(f"Layer {k} weights W = {vec(np.ravel(W[k]), digits)}, "
                         f"bias b = {vec(b[k], digits)}.")
    if dz is not None:
        for k in range(L, 0, -1):
            parts.append(f"Errors of layer {k}: delta = {vec(dz[k], digits, q=f'dz.{k}')}, "
                         f"dC/da = {vec(da[k], digits, q=f'da.{k}')}.")
        if backward_arrows:
            parts.append("Dashed arrows pointing backwards carry the errors from the cost to layer 1.")
    if edge_labels and n_edges <= 24:
        what = {"weight": "weights", "grad": "weight gradients dC/dW", "both": "weights and dC/dW",
                "swap": "weights or their gradients dC/dW"}[edge_labels]
        parts.append(f"Edges are labelled with their {what}; negative weights are dashed.")
    desc = " ".join(parts) + desc_cost
    return cv.finish(title, desc, kind="network")
