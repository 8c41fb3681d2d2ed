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
from .diagram_parts import edge_dash, edge_width, marked, marked_plain, opacity_attr, vec, weight_legend
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

    cv = Canvas()
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
                qw = f"W.{k}.{i}.{j}"
                sw = edge_width(w, weight_scale, 1.5 if h and hl else 0.0, q=qw)
                dash = edge_dash(w, qw)
                if not edge_labels:
                    cv.line(x0, y0, x1, y1, wcol, sw, dash, op(h))
                    continue
                if edge_labels == "weight":
                    lab, lc = marked(w, qw, digits), wcol
                elif edge_labels == "grad":
                    lab, lc = marked(gW[k][i, j], f"gW.{k}.{i}.{j}", digits), err
                else:
                    lab, lc = f"{marked(w, qw, digits)} | {marked(gW[k][i, j], f'gW.{k}.{i}.{j}', digits)}", wcol
                # Place the label where it overlaps no label placed before (first fit among
                # positions near the target end, where edges into one node fan apart).
                pw, ph = 0.6 * 9.5 * measure(lab) + 8, 9.5 + 6
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
                cv.labelled_line(x0, y0, x1, y1, t, lab, lc, wcol, sw, dash, op(h), size=9.5)

    # Nodes.
    for k in range(L + 1):
        x = col_x[k]
        for i in range(sizes[k]):
            y = row_y(k, i)
            if k == 0:
                h = is_hl("a", 0, i + 1)
                cv.rect(x, y, _HALF, _NODE_H, inp, sw=3 if h and hl else 1.2,
                        extra=opacity_attr(op(h)))
                s = marked(a[0][i], f"a.0.{i}", digits) if a is not None else f"x{sub(i + 1)}"
                cv.text(x + _HALF / 2, y + _NODE_H / 2 + 4.5, s, size=12)
                continue
            hz, ha = is_hl("z", k, i + 1), is_hl("a", k, i + 1)
            cv.rect(x, y, _HALF, _NODE_H, fwd, sw=3 if hz and hl else 1.2, rx=6,
                    extra=opacity_attr(op(hz)))
            cv.rect(x + _HALF, y, _HALF, _NODE_H, fwd, sw=3 if ha and hl else 1.2, rx=6,
                    extra=opacity_attr(op(ha)))
            sz = marked(z[k][i], f"z.{k}.{i}", digits) if z is not None else f"z{sup(k)}{sub(i + 1)}"
            sa = marked(a[k][i], f"a.{k}.{i}", digits) if a is not None else f"a{sup(k)}{sub(i + 1)}"
            cv.text(x + _HALF / 2, y + _NODE_H / 2 + 4.5, sz, size=12)
            cv.text(x + 1.5 * _HALF, y + _NODE_H / 2 + 4.5, sa, size=12)
            if show_bias:
                cv.text(x + 2, y - 4, f"b {marked(b[k][i], f'b.{k}.{i}', digits)}", size=9.5, anchor="start")
            if dz is not None:
                cv.pill(x + _HALF / 2, y + _NODE_H + 11, marked(dz[k][i], f"dz.{k}.{i}", digits), err, size=10)
                cv.pill(x + 1.5 * _HALF, y + _NODE_H + 11, marked(da[k][i], f"da.{k}.{i}", digits), err,
                        size=10)

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
            cv.rect(xe, yy - 13, 60, 26, tcol, sw=3 if ht and hl else 1.2, extra=opacity_attr(op(ht)))
            cv.text(xe + 30, yy + 4, f"E{sub(i + 1)} {marked(E[i], f'E.{i}', digits)}", size=10.5)
            cv.arrow(xe, yy, xc + 31, yc + (yy - yc) * 0.25, tcol, 1.0)
            if da is not None:
                cv.labelled_line(xo, yy, xc - 31, yc + (yy - yc) * 0.25, 0.45,
                                 f"∂C/∂O{sub(i + 1)} {marked(da[L][i], f'da.{L}.{i}', digits)}", err,
                                 "currentColor", 1.0, size=9.5)
                cv.arrowhead(xo, yy, xc - 31, yc + (yy - yc) * 0.25)
            else:
                cv.arrow(xo, yy, xc - 31, yc + (yy - yc) * 0.25, "currentColor", 1.0)
        cv.rect(xc - 30, yc - 20, 60, 40, ccol, sw=3 if hc and hl else 1.6, rx=20,
                extra=opacity_attr(op(hc)))
        cv.text(xc, yc - 3, "C", size=12, weight="bold")
        cv.text(xc, yc + 12, marked(cost, "C", digits + 1) if cost is not None else "?", size=11)
        lname = getattr(getattr(net, "loss", None), "name", "squared_error")
        formula = "C = Σᵢ (Oᵢ − Eᵢ)²" if lname == "squared_error" else f"C: {lname.replace('_', ' ')}"
        cv.text(xc, max(ys) + 40 if len(ys) > 1 else yc + 38, formula, size=10.5)
        desc_cost = (
            f" Target E = {vec(E, digits, q='E')}; the cost node C compares the output with it"
            + (f": C = {marked_plain(cost, 'C', digits + 1)}." if cost is not None else ".")
        )

    # Legend line for the edges (width and dashes explained in words, not colour).
    weight_legend(cv, col_x[0], cv.max_y + 18, wcol)

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
    if edge_labels and n_edges <= 24:
        what = {"weight": "weights", "grad": "weight gradients dC/dW", "both": "weights and dC/dW"}[
            edge_labels]
        parts.append(f"Edges are labelled with their {what}; negative weights are dashed.")
    desc = " ".join(parts) + desc_cost
    return cv.finish(title, desc)
