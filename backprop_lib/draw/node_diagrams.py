"""The node diagrams of the first two of the four diagrams: forward propagation through one node
(:func:`forward_node_svg`) and backward propagation through one node (:func:`backward_node_svg`).
The conventions are those of :mod:`backprop_lib.draw.diagrams`, which re-exports both."""

from __future__ import annotations

import numpy as np

from .. import activations as _activations
from ..node import node_backward, node_forward
from . import charts
from .svg import Canvas, Diagram, color as _color, measure, num, sub, sup
from .diagram_parts import (activation_of, as_scalar, as_vector, edge_dash, edge_width, marked, parallel,
                            marked_plain, vec, weight_legend)

__all__ = ["forward_node_svg", "backward_node_svg", "forward_node", "backward_node", "output_node", "narrow", "activation_curve",
           "curve_point", "CURVE_RANGE"]


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
    **options,
) -> Diagram:
    """Forward propagation through one node, with the numbers.

    The inputs a^{k-1}_j (``x``) are weighted by W^k_{ij} (``w``, the node's row of W^k),
    summed with the bias b^k_i into the linear part z^k_i, which goes through the activation
    to a^k_i = sigma(z^k_i); with ``w_next`` (the node's column of W^{k+1}) the diagram also
    shows a^k_i feeding the next layer's weighted sums, each receiving W^{k+1}_{mi} a^k_i.

    ``options`` (:func:`forward_node`): ``highlight`` (any of "inputs", "weights", "bias", "z",
    "activation", "a", "outputs"), ``k``, ``unit`` (the layer and unit index printed in the
    symbols), ``weight_scale``, ``digits``, ``show_equations``, ``title``.

    The Diagram carries its phone variant as ``.narrow`` (:func:`narrow`); its HTML shows the one
    that suits the screen.
    """
    x = as_vector(x, "x")
    w = as_vector(w, "w", n=x.size)
    act = activation_of(activation)
    q = node_forward(x, w, as_scalar(b, "b"), act.name)
    if w_next is not None:
        q["wn"] = [float(v) for v in as_vector(w_next, "w_next")]
        q["c"] = [v * q["a"] for v in q["wn"]]
    d = forward_node(q, act.name, **options)
    d.narrow = narrow("forward", d, q, act.name, k=options.get("k", 1), unit=options.get("unit", 1),
                      weight_scale=options.get("weight_scale", 2.0), digits=options.get("digits", 2),
                      highlight=options.get("highlight", ())).svg
    return d


def forward_node(q, activation, *, k=1, unit=1, highlight=(), weight_scale=2.0, digits=2,
                 show_equations=True, title=None, unit_sub=None, act_label=None, prefix="") -> Diagram:
    """The forward node diagram of the quantities ``q`` (:func:`backprop_lib.node.node_forward`'s
    dict, plus "wn" and "c" = wn * a for the outputs to the next layer): every number is the
    marked number of its key (``x.j``, ``w.j``, ``b``, ``z``, ``a``, ``wn.r``, ``c.r``).

    For an explorer that shows any node in one template: ``unit_sub`` (the unit index as printed
    in the symbols, default ``sub(unit)``), ``act_label`` (the activation's name as printed,
    default its name) may be marked strings, and ``prefix`` is put before every quantity key
    (``"sel."`` marks ``sel.x.0``, ...)."""
    act = activation_of(activation)
    hl = _check_highlight(highlight, _FORWARD_PARTS)
    x, w, b, z, a = q["x"], q["w"], q["b"], q["z"], q["a"]
    wn, contrib = q.get("wn"), q.get("c")
    P = prefix
    aname = act.name if act_label is None else act_label

    fwd, inp, wcol = _color("forward"), _color("input"), _color("weight")
    cv = Canvas()
    n = len(x)
    row = 56.0
    nh = 30.0
    ymid = 40 + (n - 1) * row / 2 + nh / 2
    km, ks, i = sup(k - 1), sup(k), (sub(unit) if unit_sub is None else unit_sub)
    # Inputs.
    x_in, x_node = 10.0, 240.0
    cv.text(x_in + 34, 22, f"inputs a{km}", size=12, weight="bold")
    for j in range(n):
        y = 40 + j * row
        h = "inputs" in hl
        cv.rect(x_in, y, 68, nh, inp, sw=3 if h else 1.2)
        cv.text(x_in + 34, y + nh / 2 + 4.5, f"a{km}{sub(j + 1)} {marked(x[j], f'{P}x.{j}', digits)}", size=11)
        hw = "weights" in hl
        sw = edge_width(w[j], weight_scale, 1.5 if hw else 0.0, q=f"{P}w.{j}")
        cv.labelled_line(x_in + 68, y + nh / 2, x_node, ymid, 0.45,
                         f"W{ks}{i}{sub(j + 1)} {marked(w[j], f'{P}w.{j}', digits)}", wcol, wcol, sw,
                         edge_dash(w[j], f"{P}w.{j}"))
    # Bias from above.
    hb = "bias" in hl
    bx, by = x_node + 35, ymid - nh / 2 - 58
    cv.rect(bx - 30, by - 14, 60, 24, None, sw=3 if hb else 1.0, rx=4)
    cv.text(bx, by + 3, f"b{ks}{i} {marked(b, f'{P}b', digits)}", size=11)
    cv.arrow(bx, by + 10, bx, ymid - nh / 2 - 1, "currentColor", 1.0)
    # The node: z | a.
    half = 70.0
    top = ymid - nh / 2 - 6
    hgt = nh + 12
    hz, ha, hact = "z" in hl, "a" in hl, "activation" in hl
    cv.rect(x_node, top, half, hgt, fwd, sw=3 if hz else 1.4)
    cv.rect(x_node + half, top, half, hgt, fwd, sw=3 if ha else 1.4)
    cv.text(x_node + half / 2, top + 17, f"z{ks}{i} = Σ", size=11, weight="bold")
    cv.text(x_node + half / 2, top + 34, marked(z, f"{P}z", digits), size=12)
    cv.text(x_node + 1.5 * half, top + 17, f"a{ks}{i}", size=11, weight="bold")
    cv.text(x_node + 1.5 * half, top + 34, marked(a, f"{P}a", digits), size=12)
    # Activation label between halves.
    cv.text(x_node + half, top + hgt + 18, f"σ = {aname}" + (" ◀" if hact else ""), size=11,
            weight="bold" if hact else None)
    if hact:
        cv.rect(x_node + half - 52, top + hgt + 4, 104, 20, None, sw=2, rx=4)
    desc_out = ""
    # Outputs to the next layer.
    if wn is not None:
        m = len(wn)
        x_next = x_node + 2 * half + 190
        cv.text(x_next + 45, 22, f"next layer z{sup(k + 1)}", size=12, weight="bold")
        y0 = ymid - (m - 1) * row / 2 - nh / 2
        for r in range(m):
            y = y0 + r * row
            ho = "outputs" in hl
            cv.labelled_line(x_node + 2 * half, ymid, x_next, y + nh / 2, 0.5,
                             f"W{sup(k + 1)}{sub(r + 1)}{i} {marked(wn[r], f'{P}wn.{r}', digits)}", wcol, wcol,
                             edge_width(wn[r], weight_scale, 1.5 if ho else 0.0, q=f"{P}wn.{r}"),
                             edge_dash(wn[r], f"{P}wn.{r}"))
            cv.rect(x_next, y, 90, nh, fwd, sw=3 if ho else 1.2, dash="4 3")
            cv.text(x_next + 45, y + nh / 2 + 4.5, f"+ {marked(contrib[r], f'{P}c.{r}', digits)}", size=11)
        desc_out = (
            f" The output feeds the next layer's weighted sums through the weights "
            f"{vec(wn, digits, q=f'{P}wn')}, adding {vec(contrib, digits, q=f'{P}c')} to their linear parts."
        )
    # Equations with the numbers.
    if show_equations:
        y = max(cv.max_y, top + hgt + 30) + 22
        terms = " + ".join(f"({marked(w[j], f'{P}w.{j}', digits)})({marked(x[j], f'{P}x.{j}', digits)})"
                           for j in range(min(n, 4)))
        if n > 4:
            terms += " + …"
        cv.text(x_in, y, f"z{ks}{i} = Σⱼ W{ks}{i}ⱼ a{km}ⱼ + b{ks}{i} = {terms} + ({marked(b, f'{P}b', digits)}) "
                         f"= {marked(z, f'{P}z', digits)}", size=12, anchor="start")
        cv.text(x_in, y + 20, f"a{ks}{i} = σ(z{ks}{i}) = {aname}({marked(z, f'{P}z', digits)}) = "
                              f"{marked(a, f'{P}a', digits)}", size=12, anchor="start")
    weight_legend(cv, x_in, cv.max_y + 16, wcol)

    if title is None:
        title = f"Forward propagation through node {unit} of layer {k}"
    desc = (
        f"Inputs {vec(x, digits, q=f'{P}x')} are multiplied by the weights {vec(w, digits, q=f'{P}w')} and "
        f"summed with the bias {marked_plain(b, f'{P}b', digits)} into the linear part z = {marked_plain(z, f'{P}z', digits)}; "
        f"the activation {aname} gives the activated value a = {marked_plain(a, f'{P}a', digits)}.{desc_out}"
    )
    if hl:
        desc += f" Highlighted: {', '.join(p for p in _FORWARD_PARTS if p in hl)}."
    return cv.finish(title, desc, kind="node")


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
    **options,
) -> Diagram:
    """Backward propagation through one node, with the numbers.

    The node's forward values come from its inputs ``x`` (a^{k-1}), its weights ``w`` (its row
    of W^k) and bias ``b``. Given the errors of the next layer's linear parts
    ``delta_next`` (delta^{k+1}) and the weights ``w_next`` connecting this node to them (its
    column of W^{k+1}), the diagram shows

    - dC/da^k_i = sum_m W^{k+1}_{mi} delta^{k+1}_m (the weighted errors flowing back), and
    - delta^k_i = sigma'(z^k_i) dC/da^k_i (the error of the linear part).

    ``options`` (:func:`backward_node`): ``show_inputs`` draws the inputs faintly on the left
    (the forward context); ``show_weight_grads`` labels the incoming edges with
    dC/dW^k_ij = delta^k_i a^{k-1}_j; ``highlight``: any of "inputs", "deltas_next",
    "weights_next", "dC_da", "sigma_prime", "delta", "weight_grads"; ``k``, ``unit``,
    ``weight_scale``, ``digits``, ``show_equations``, ``title``.

    The Diagram carries its phone variant as ``.narrow`` (:func:`narrow`), as
    :func:`forward_node_svg`'s does.
    """
    x = as_vector(x, "x")
    w = as_vector(w, "w", n=x.size)
    act = activation_of(activation)
    wn = as_vector(w_next, "w_next")
    dn = as_vector(delta_next, "delta_next", n=wn.size)
    q = node_backward(x, w, as_scalar(b, "b"), act.name, wn, dn)
    d = backward_node(q, act.name, **options)
    d.narrow = narrow("backward", d, q, act.name, k=options.get("k", 1), unit=options.get("unit", 1),
                      weight_scale=options.get("weight_scale", 2.0), digits=options.get("digits", 2),
                      highlight=options.get("highlight", ())).svg
    return d


def backward_node(q, activation, *, k=1, unit=1, highlight=(), show_inputs=True,
                  show_weight_grads=False, weight_scale=2.0, digits=2, show_equations=True,
                  title=None, unit_sub=None, act_label=None, prefix="") -> Diagram:
    """The backward node diagram of the quantities ``q`` (:func:`backprop_lib.node.node_backward`'s
    dict): every number is the marked number of its key (``x.j``, ``w.j``, ``z``, ``a``, ``wn.r``,
    ``dn.r``, ``dCda``, ``sp``, ``delta``, ``gW.j``). ``unit_sub``, ``act_label``, ``prefix``: as
    for :func:`forward_node`."""
    act = activation_of(activation)
    hl = _check_highlight(highlight, _BACKWARD_PARTS)
    x, w, z, a = q["x"], q["w"], q["z"], q["a"]
    wn, dn, dCda, sp, delta, gW = q["wn"], q["dn"], q["dCda"], q["sp"], q["delta"], q["gW"]
    P = prefix
    aname = act.name if act_label is None else act_label

    fwd, inp, wcol, err = _color("forward"), _color("input"), _color("weight"), _color("error")
    km, ks, kn, i = sup(k - 1), sup(k), sup(k + 1), (sub(unit) if unit_sub is None else unit_sub)
    cv = Canvas()
    row, nh = 56.0, 30.0
    n, m = len(x), len(wn)
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
            cv.text(x_in + 34, y + nh / 2 + 4.5, marked(x[j], f'{P}x.{j}', digits), size=11)
            o = None if (hi or hg or show_weight_grads) else 0.45
            if show_weight_grads:
                cv.labelled_line(x_in + 68, y + nh / 2, x_node, ymid, 0.5,
                                 f"∂C/∂W{ks}{i}{sub(j + 1)} {marked(gW[j], f'{P}gW.{j}', digits)}", err, wcol,
                                 edge_width(w[j], weight_scale, q=f"{P}w.{j}"), edge_dash(w[j], f"{P}w.{j}"), o, size=9.5)
            else:
                cv.line(x_in + 68, y + nh / 2, x_node, ymid, wcol, edge_width(w[j], weight_scale, q=f"{P}w.{j}"),
                        edge_dash(w[j], f"{P}w.{j}"), opacity=o)
    # Node halves.
    hdl, hd = "dC_da" in hl, "delta" in hl
    cv.rect(x_node, top, half, hgt, fwd, sw=1.4)
    cv.rect(x_node + half, top, half, hgt, fwd, sw=1.4)
    cv.text(x_node + half / 2, top + 17, f"z{ks}{i}", size=11, weight="bold")
    cv.text(x_node + half / 2, top + 34, marked(z, f'{P}z', digits), size=12)
    cv.text(x_node + 1.5 * half, top + 17, f"a{ks}{i}", size=11, weight="bold")
    cv.text(x_node + 1.5 * half, top + 34, marked(a, f'{P}a', digits), size=12)
    # Errors under the halves, arrows backwards.
    ey = top + hgt + 40
    cv.rect(x_node + half + 4, ey - 16, half - 8, 34, err, sw=3 if hdl else 1.2, rx=5)
    cv.text(x_node + 1.5 * half, ey - 3, f"∂C/∂a{ks}{i}", size=10, weight="bold")
    cv.text(x_node + 1.5 * half, ey + 12, marked(dCda, f'{P}dCda', digits), size=11)
    cv.rect(x_node + 4, ey - 16, half - 8, 34, err, sw=3 if hd else 1.2, rx=5)
    cv.text(x_node + half / 2, ey - 3, f"δ{ks}{i}", size=10, weight="bold")
    cv.text(x_node + half / 2, ey + 12, marked(delta, f'{P}delta', digits), size=11)
    hs = "sigma_prime" in hl
    cv.arrow(x_node + half + 4, ey + 1, x_node + half - 4, ey + 1, err, 2.0, size=6)
    cv.pill(x_node + half, ey + 34, f"× σ′(z) = {marked(sp, f'{P}sp', digits)}", err, size=10.5)
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
                         f"W{kn}{sub(r + 1)}{i} {marked(wn[r], f'{P}wn.{r}', digits)}", wcol, wcol,
                         edge_width(wn[r], weight_scale, 1.5 if hwn else 0.0, q=f"{P}wn.{r}"), edge_dash(wn[r], f"{P}wn.{r}"))
        # Backward arrow (error flowing back) drawn below the edge.
        ax0, ay0 = x_next - 18, y + nh / 2 + 14
        ax1, ay1 = x_node + 2 * half + 40, ymid + 14 + (y + nh / 2 - ymid) * 40 / (x_next - x_node - 2 * half)
        cv.arrow(ax0, ay0, ax1, ay1, err, 1.2, "3 2", size=6)
        cv.rect(x_next, y, 90, nh, fwd, sw=1.0, dash="4 3")
        cv.rect(x_next + 4, y + 4, 82, nh - 8, err, sw=3 if hdn else 1.0, rx=4)
        cv.text(x_next + 45, y + nh / 2 + 4.5, f"δ{kn}{sub(r + 1)} {marked(dn[r], f'{P}dn.{r}', digits)}", size=11)
    if show_equations:
        y = cv.max_y + 24
        terms = " + ".join(f"({marked(wn[r], f'{P}wn.{r}', digits)})({marked(dn[r], f'{P}dn.{r}', digits)})" for r in range(min(m, 4)))
        if m > 4:
            terms += " + …"
        cv.text(x_in, y, f"∂C/∂a{ks}{i} = Σₘ W{kn}ₘ{i} δ{kn}ₘ = {terms} = {marked(dCda, f'{P}dCda', digits)}",
                size=12, anchor="start")
        cv.text(x_in, y + 20, f"δ{ks}{i} = σ′(z{ks}{i}) · ∂C/∂a{ks}{i} = ({marked(sp, f'{P}sp', digits)})"
                              f"({marked(dCda, f'{P}dCda', digits)}) = {marked(delta, f'{P}delta', digits)}", size=12, anchor="start")
        if show_weight_grads:
            cv.text(x_in, y + 40, f"∂C/∂W{ks}{i}ⱼ = δ{ks}{i} a{km}ⱼ = {vec(gW, digits, q=f'{P}gW')}", size=12,
                    anchor="start")
    ly = cv.max_y + 16
    weight_legend(cv, x_in, ly, wcol, negative="weight < 0 (dashed)")
    cv.arrow(x_in + 290, ly, x_in + 250, ly, err, 1.2, "3 2", size=6)
    cv.text(x_in + 296, ly + 4, "error flowing back", size=10, anchor="start")

    if title is None:
        title = f"Backward propagation through node {unit} of layer {k}"
    desc = (
        f"The next layer's errors delta = {vec(dn, digits, q=f'{P}dn')} flow back through the weights "
        f"{vec(wn, digits, q=f'{P}wn')}; their weighted sum is the error of the activated node, "
        f"dC/da = {marked_plain(dCda, f'{P}dCda', digits)}. Multiplying by the activation's derivative at "
        f"z = {marked_plain(z, f'{P}z', digits)}, sigma'(z) = {marked_plain(sp, f'{P}sp', digits)} ({aname}), gives the error of "
        f"the linear part, delta = {marked_plain(delta, f'{P}delta', digits)}."
    )
    if show_weight_grads:
        desc += f" The incoming weights' gradients are delta times the inputs: {vec(gW, digits, q=f'{P}gW')}."
    if hl:
        desc += f" Highlighted: {', '.join(p for p in _BACKWARD_PARTS if p in hl)}."
    return cv.finish(title, desc, kind="node")


# --------------------------------------------------------------------------------------------
# An output node, backward: the base case
# --------------------------------------------------------------------------------------------


def output_node(q, activation, *, k=2, unit=1, weight_scale=2.0, digits=2, title=None,
                unit_sub=None, act_label=None, prefix="") -> Diagram:
    """Backward propagation through an output node (the base case): the cost C compares the
    node's output O = a with its target E, dC/dO = 2 (O - E) arrives from C, and
    delta = sigma'(z) dC/dO. The quantities ``q``: the node forward (``x.j``, ``w.j``, ``z``,
    ``a``) and ``e`` (its target), ``dCda``, ``sp``, ``delta``, ``gW.j`` (delta times the
    inputs). ``unit_sub``, ``act_label``, ``prefix``: as for :func:`forward_node`."""
    act = activation_of(activation)
    P = prefix
    aname = act.name if act_label is None else act_label
    x, w, z, a, e = q["x"], q["w"], q["z"], q["a"], q["e"]
    dCda, sp, delta, gW = q["dCda"], q["sp"], q["delta"], q["gW"]
    fwd, inp, wcol, err = _color("forward"), _color("input"), _color("weight"), _color("error")
    tcol, ccol = _color("target"), _color("cost")
    km, ks, i = sup(k - 1), sup(k), (sub(unit) if unit_sub is None else unit_sub)
    cv = Canvas()
    row, nh, n = 50.0, 30.0, len(x)
    ymid = 50 + (n - 1) * row / 2 + nh / 2
    x_in, x_node, half = 10.0, 190.0, 74.0
    top, hgt = ymid - nh / 2 - 6, nh + 12
    cv.text(x_in + 34, 22, f"inputs a{km}", size=12, weight="bold")
    y0 = ymid - (n - 1) * row / 2 - nh / 2
    for j in range(n):
        y = y0 + j * row
        cv.rect(x_in, y, 68, nh, inp, sw=1.0, extra=' opacity="0.55"')
        cv.text(x_in + 34, y + nh / 2 + 4.5, marked(x[j], f"{P}x.{j}", digits), size=11)
        cv.line(x_in + 68, y + nh / 2, x_node, ymid, wcol, edge_width(w[j], weight_scale, q=f"{P}w.{j}"),
                edge_dash(w[j], f"{P}w.{j}"), opacity=0.45)
    cv.rect(x_node, top, half, hgt, fwd, sw=1.4)
    cv.rect(x_node + half, top, half, hgt, fwd, sw=1.4)
    cv.text(x_node + half / 2, top + 17, f"z{ks}{i}", size=11, weight="bold")
    cv.text(x_node + half / 2, top + 34, marked(z, f"{P}z", digits), size=12)
    cv.text(x_node + 1.5 * half, top + 17, f"O{i} = a{ks}{i}", size=11, weight="bold")
    cv.text(x_node + 1.5 * half, top + 34, marked(a, f"{P}a", digits), size=12)
    # The cost node and the target on the right.
    xc = x_node + 2 * half + 130
    cv.arrow(x_node + 2 * half, ymid, xc - 31, ymid, "currentColor", 1.0)
    cv.rect(xc - 30, ymid - 20, 60, 40, ccol, sw=1.6, rx=20)
    cv.text(xc, ymid + 4, "C", size=12, weight="bold")
    cv.rect(xc - 40, ymid - 86, 80, 26, tcol, sw=1.2)
    cv.text(xc, ymid - 69, f"E{i} {marked(e, f'{P}e', digits)}", size=11)
    cv.arrow(xc, ymid - 60, xc, ymid - 21, tcol, 1.0)
    # dC/dO back from C, then delta = sigma'(z) dC/dO under the halves.
    ey = top + hgt + 40
    cv.arrow(xc - 20, ymid + 18, x_node + 2 * half - 2, ey - 2, err, 1.3, "4 3", size=7)
    cv.rect(x_node + half + 4, ey - 16, half - 8, 34, err, sw=3, rx=5)
    cv.text(x_node + 1.5 * half, ey - 3, f"∂C/∂O{i}", size=10, weight="bold")
    cv.text(x_node + 1.5 * half, ey + 12, marked(dCda, f"{P}dCda", digits), size=11)
    cv.rect(x_node + 4, ey - 16, half - 8, 34, err, sw=3, rx=5)
    cv.text(x_node + half / 2, ey - 3, f"δ{ks}{i}", size=10, weight="bold")
    cv.text(x_node + half / 2, ey + 12, marked(delta, f"{P}delta", digits), size=11)
    cv.arrow(x_node + half + 4, ey + 1, x_node + half - 4, ey + 1, err, 2.0, size=6)
    cv.pill(x_node + half, ey + 34, f"× σ′(z) = {marked(sp, f'{P}sp', digits)}", err, size=10.5)
    y = cv.max_y + 24
    cv.text(x_in, y, f"∂C/∂O{i} = 2 (O{i} − E{i}) = 2 (({marked(a, f'{P}a', digits)}) − ({marked(e, f'{P}e', digits)})) "
                     f"= {marked(dCda, f'{P}dCda', digits)}", size=12, anchor="start")
    cv.text(x_in, y + 20, f"δ{ks}{i} = σ′(z{ks}{i}) · ∂C/∂O{i} = ({marked(sp, f'{P}sp', digits)})"
                          f"({marked(dCda, f'{P}dCda', digits)}) = {marked(delta, f'{P}delta', digits)}",
            size=12, anchor="start")
    ly = cv.max_y + 16
    cv.arrow(x_in + 40, ly, x_in, ly, err, 1.2, "4 3", size=6)
    cv.text(x_in + 46, ly + 4, "error flowing back from the cost", size=10, anchor="start")
    if title is None:
        title = f"Backward propagation through output node {unit} of layer {k}: the base case"
    desc = (
        f"The output O = {marked_plain(a, f'{P}a', digits)} is compared with its target "
        f"E = {marked_plain(e, f'{P}e', digits)} by the cost; the error of the output is "
        f"dC/dO = 2 (O - E) = {marked_plain(dCda, f'{P}dCda', digits)}. Multiplying by the derivative of "
        f"the activation ({aname}) at z = {marked_plain(z, f'{P}z', digits)}, "
        f"sigma'(z) = {marked_plain(sp, f'{P}sp', digits)}, gives delta = {marked_plain(delta, f'{P}delta', digits)}."
    )
    return cv.finish(title, desc, kind="node")


# --------------------------------------------------------------------------------------------
# The activation curve beside a node
# --------------------------------------------------------------------------------------------

#: The z range of the activation curve beside a node (a point outside is drawn at its edge).
CURVE_RANGE = (-4.0, 4.0)
_Z = np.linspace(*CURVE_RANGE, 81)
_CURVES = {}


def curve_point(z, y) -> dict:
    """The point (z, y) of the curve chart: {"x": z, "y": y, "note": the end of its description,
    saying when z is off the chart}."""
    off = min(max(z, CURVE_RANGE[0]), CURVE_RANGE[1]) != z
    return {"x": z, "y": y, "note": " (off the chart, shown at its edge)." if off else "."}


def activation_curve(name, point, *, derivative=False, width=300, height=210) -> Diagram:
    """A small chart of sigma(z) (or sigma'(z)) on [-4, 4] with ``point`` (:func:`curve_point`'s
    dict, the marked numbers ``pt.x``, ``pt.y``, ``pt.note``) marked.

    The curve is drawn once per activation and kept; each call only adds the point.
    """
    act = _activations.get(name)
    sym = "σ′(z)" if derivative else "σ(z)"
    key = (act.name, derivative, width, height)
    base = _CURVES.get(key)
    if base is None:
        if derivative:
            ylim = (-0.1, 1.1)
        elif act.name in ("tanh", "sigmoid"):
            ylim = (-1.1, 1.1)
        else:
            ylim = (-4.1, 4.1)
        ys = act.derivative(_Z) if derivative else act(_Z)
        base = charts.line_chart(
            [charts.series(sym, _Z, ys, kind="error" if derivative else "forward")],
            xlim=CURVE_RANGE, ylim=ylim, xlabel="z", ylabel=sym, width=width, height=height,
            legend=False, desc="", title=f"{sym}, {act.name}",
        )
        _CURVES[key] = base
    z, y = point["x"], point["y"]
    desc = (f"The curve {sym} of {act.name} for z from -4 to 4, with the current point "
            f"z = {num(z, 'plain:2', 'pt.x')}, {sym} = {num(y, 'plain:2', 'pt.y')} marked"
            f"{num(point['note'], 's', 'pt.note')}")
    # The point is drawn at (z, y), clamped to the axes by the chart (and by the page's twin).
    return charts.add_points(base, [(z, y)], kind="cost", desc=desc, q=["pt"])


# --------------------------------------------------------------------------------------------
# The node diagrams on a phone: stacked from top to bottom
# --------------------------------------------------------------------------------------------

#: The narrow node diagrams (``layout="narrow"``): this many units wide, no text under
#: :data:`NARROW_TEXT` units, so that at 1:1 in a phone's column they are whole and legible.
NARROW_WIDTH = 320.0
NARROW_TEXT = 11.0
_TS = (0.5, 0.32, 0.68, 0.42, 0.58, 0.24, 0.76)


def _row_x(n, w, width=NARROW_WIDTH):
    gap = (width - n * w) / (n + 1)
    return [gap + j * (w + gap) for j in range(n)]


def _labelled(cv, placed, x0, y0, x1, y1, label, label_color, color, sw, dash, opacity=None):
    """An edge with its label where it overlaps no label placed before."""
    pw, ph = 0.6 * NARROW_TEXT * measure(label) + 8, NARROW_TEXT + 6
    t = _TS[0]
    for cand in _TS:
        cx, cy = x0 + cand * (x1 - x0), y0 + cand * (y1 - y0)
        if all(abs(cx - px) > (pw + qw) / 2 + 2 or abs(cy - py) > (ph + qh) / 2 + 2 for px, py, qw, qh in placed):
            t = cand
            break
    placed.append((x0 + t * (x1 - x0), y0 + t * (y1 - y0), pw, ph))
    cv.labelled_line(x0, y0, x1, y1, t, label, label_color, color, sw, dash, opacity, size=NARROW_TEXT)


def _arrow_around(cv, x0, y0, x1, y1, box, color, sw=1.2, dash="4 3", size=6):
    """An arrow (x0, y0) -> (x1, y1) interrupted where it crosses ``box`` (cx, cy, w, h: a label
    placed by :func:`_labelled`), as an edge is under its own label: no arrow over a number."""
    cx, cy, w, h = box
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - (cx - w / 2 - 2)), (dx, (cx + w / 2 + 2) - x0),
                 (-dy, y0 - (cy - h / 2 - 2)), (dy, (cy + h / 2 + 2) - y0)):
        if p == 0:
            if q < 0:
                t0, t1 = 1.0, 0.0
            continue
        r = q / p
        if p < 0:
            t0 = max(t0, r)
        else:
            t1 = min(t1, r)
    if t0 >= t1:                        # it misses the label
        cv.arrow(x0, y0, x1, y1, color, sw, dash, size=size)
        return
    at = lambda t: (x0 + t * dx, y0 + t * dy)  # noqa: E731
    if t1 < 1.0:
        if t0 > 0.0:
            cv.line(x0, y0, *at(t0), color, sw, dash)
        cv.arrow(*at(t1), x1, y1, color, sw, dash, size=size)
    elif t0 > 0.0:                      # the head would be under the label: it stops before it
        cv.arrow(x0, y0, *at(t0), color, sw, dash, size=size)


def _terms_lines(cv, x, y, head, terms, tail):
    """An equation ``head = t1 + t2 + ... tail`` on lines of at most two terms."""
    cv.text(x, y, head, size=NARROW_TEXT, anchor="start")
    for n in range(0, len(terms), 2):
        y += 17
        line = ("= " if n == 0 else "+ ") + " + ".join(terms[n:n + 2])
        cv.text(x + 10, y, line + (tail if n + 2 >= len(terms) else ""), size=NARROW_TEXT, anchor="start")
    return y


def _narrow_legend(cv, y, wcol, back=None):
    cv.line(4, y, 30, y, wcol, 2.5)
    cv.text(36, y + 4, "weight > 0", size=NARROW_TEXT, anchor="start")
    cv.line(124, y, 150, y, wcol, 2.5, edge_dash(-1))
    cv.text(156, y + 4, "weight < 0; width ∝ |W|", size=NARROW_TEXT, anchor="start")
    if back:
        cv.arrow(30, y + 20, 4, y + 20, _color("error"), 1.2, "4 3", size=6)
        cv.text(36, y + 24, back, size=NARROW_TEXT, anchor="start")


def _narrow_inputs(cv, x, w, P, km, digits, node_x, node_y, weight_scale, faint, label_of, label_color,
                   top=26.0):
    """The inputs in a row at the top, their edges down to the z half at (node_x, node_y)."""
    inp, wcol = _color("input"), _color("weight")
    n = len(x)
    bw = 86.0
    cv.text(4, 14, f"inputs a{km}", size=12, weight="bold", anchor="start")
    placed = []
    for j, bx in enumerate(_row_x(n, bw)):
        cv.rect(bx, top, bw, 28, inp, sw=1.0, extra=' opacity="0.6"' if faint else "")
        cv.text(bx + bw / 2, top + 18, f"a{km}{sub(j + 1)} {marked(x[j], f'{P}x.{j}', digits)}", size=NARROW_TEXT)
        _labelled(cv, placed, bx + bw / 2, top + 28, node_x, node_y, label_of(j), label_color, wcol,
                  edge_width(w[j], weight_scale, q=f"{P}w.{j}"), edge_dash(w[j], f"{P}w.{j}"))


def _forward_narrow(q, act, *, k, i, aname, P, weight_scale, digits, title, desc, hl=frozenset()) -> Diagram:
    x, w, b, z, a = q["x"], q["w"], q["b"], q["z"], q["a"]
    wn, contrib = q.get("wn"), q.get("c")
    fwd, wcol = _color("forward"), _color("weight")
    km, ks = sup(k - 1), sup(k)
    cv = Canvas()
    half, hgt = 66.0, 42.0
    nx_, ny = 120.0, 150.0
    _narrow_inputs(cv, x, w, P, km, digits, nx_ + half / 2, ny, weight_scale, False,
                   lambda j: f"W{ks}{i}{sub(j + 1)} {marked(w[j], f'{P}w.{j}', digits)}", wcol)
    cv.rect(4, ny + 8, 88, 26, None, sw=1.0, rx=4)
    cv.text(48, ny + 25, f"b{ks}{i} {marked(b, f'{P}b', digits)}", size=NARROW_TEXT)
    cv.arrow(92, ny + 21, nx_ - 1, ny + 21, "currentColor", 1.0)
    cv.rect(nx_, ny, half, hgt, fwd, sw=3 if "z" in hl else 1.4)
    cv.rect(nx_ + half, ny, half, hgt, fwd, sw=3 if "a" in hl else 1.4)
    cv.text(nx_ + half / 2, ny + 17, f"z{ks}{i} = Σ", size=NARROW_TEXT, weight="bold")
    cv.text(nx_ + half / 2, ny + 34, marked(z, f"{P}z", digits), size=12)
    cv.text(nx_ + 1.5 * half, ny + 17, f"a{ks}{i}", size=NARROW_TEXT, weight="bold")
    cv.text(nx_ + 1.5 * half, ny + 34, marked(a, f"{P}a", digits), size=12)
    cv.text(nx_ + half, ny + hgt + 16, f"σ = {aname}", size=NARROW_TEXT, weight="bold")
    y = ny + hgt + 30
    if wn is not None:
        yo = y + 110
        cv.text(4, yo - 8, f"next layer z{sup(k + 1)}", size=12, weight="bold", anchor="start")
        placed = []
        for r, bx in enumerate(_row_x(len(wn), 92.0)):
            _labelled(cv, placed, nx_ + 1.5 * half, y - 10, bx + 46, yo, 
                      f"W{sup(k + 1)}{sub(r + 1)}{i} {marked(wn[r], f'{P}wn.{r}', digits)}", wcol, wcol,
                      edge_width(wn[r], weight_scale, q=f"{P}wn.{r}"), edge_dash(wn[r], f"{P}wn.{r}"))
            cv.rect(bx, yo, 92, 28, fwd, sw=1.2, dash="4 3")
            cv.text(bx + 46, yo + 18, f"+ {marked(contrib[r], f'{P}c.{r}', digits)}", size=NARROW_TEXT)
        y = yo + 28
    terms = [f"({marked(w[j], f'{P}w.{j}', digits)})({marked(x[j], f'{P}x.{j}', digits)})" for j in range(len(x))]
    y = _terms_lines(cv, 4, y + 26, f"z{ks}{i} = Σⱼ W{ks}{i}ⱼ a{km}ⱼ + b{ks}{i}",
                     terms + [f"({marked(b, f'{P}b', digits)})"], f" = {marked(z, f'{P}z', digits)}")
    cv.text(4, y + 20, f"a{ks}{i} = σ(z{ks}{i}) = {aname}({marked(z, f'{P}z', digits)}) = "
                       f"{marked(a, f'{P}a', digits)}", size=NARROW_TEXT, anchor="start")
    _narrow_legend(cv, y + 40, wcol)
    return cv.finish(title, desc, kind="node")


def _error_boxes(cv, nx_, ey, half, ks, i, dlabel, P, q, digits, hl=("dC_da", "delta")):
    err = _color("error")
    cv.rect(nx_ + half + 3, ey, half - 6, 34, err, sw=3 if "dC_da" in hl else 1.2, rx=5)
    cv.text(nx_ + 1.5 * half, ey + 13, dlabel, size=NARROW_TEXT, weight="bold")
    cv.text(nx_ + 1.5 * half, ey + 28, marked(q["dCda"], f"{P}dCda", digits), size=NARROW_TEXT)
    cv.rect(nx_ + 3, ey, half - 6, 34, err, sw=3 if "delta" in hl else 1.2, rx=5)
    cv.text(nx_ + half / 2, ey + 13, f"δ{ks}{i}", size=NARROW_TEXT, weight="bold")
    cv.text(nx_ + half / 2, ey + 28, marked(q["delta"], f"{P}delta", digits), size=NARROW_TEXT)
    cv.arrow(nx_ + half + 3, ey + 17, nx_ + half - 3, ey + 17, err, 2.0, size=6)
    cv.pill(nx_ + half, ey + 48, f"× σ′(z) = {marked(q['sp'], f'{P}sp', digits)}", err, size=NARROW_TEXT)


def _node_halves(cv, nx_, ny, half, hgt, ks, i, P, z, a, digits, a_sym=None):
    fwd = _color("forward")
    cv.rect(nx_, ny, half, hgt, fwd, sw=1.4)
    cv.rect(nx_ + half, ny, half, hgt, fwd, sw=1.4)
    cv.text(nx_ + half / 2, ny + 17, f"z{ks}{i}", size=NARROW_TEXT, weight="bold")
    cv.text(nx_ + half / 2, ny + 34, marked(z, f"{P}z", digits), size=12)
    cv.text(nx_ + 1.5 * half, ny + 17, a_sym or f"a{ks}{i}", size=NARROW_TEXT, weight="bold")
    cv.text(nx_ + 1.5 * half, ny + 34, marked(a, f"{P}a", digits), size=12)


def _backward_narrow(q, act, *, k, i, aname, P, weight_scale, digits, title, desc, hl=frozenset()) -> Diagram:
    x, w, z, a = q["x"], q["w"], q["z"], q["a"]
    wn, dn, gW = q["wn"], q["dn"], q["gW"]
    fwd, wcol, err = _color("forward"), _color("weight"), _color("error")
    km, ks, kn = sup(k - 1), sup(k), sup(k + 1)
    cv = Canvas()
    half, hgt = 70.0, 42.0
    nx_, ny = NARROW_WIDTH / 2 - half, 150.0
    _narrow_inputs(cv, x, w, P, km, digits, nx_ + half / 2, ny, weight_scale, True,
                   lambda j: f"∂C/∂W{ks}{i}{sub(j + 1)} {marked(gW[j], f'{P}gW.{j}', digits)}", err)
    _node_halves(cv, nx_, ny, half, hgt, ks, i, P, z, a, digits)
    ey = ny + hgt + 14
    _error_boxes(cv, nx_, ey, half, ks, i, f"∂C/∂a{ks}{i}", P, q, digits, hl)
    yo = ey + 160
    cv.text(4, yo - 8, f"next layer δ{kn}", size=12, weight="bold", anchor="start")
    placed = []
    sx, sy = nx_ + 1.5 * half, ey + 58   # under the σ′ pill
    for r, bx in enumerate(_row_x(len(wn), 96.0)):
        _labelled(cv, placed, sx, sy, bx + 48, yo, f"W{kn}{sub(r + 1)}{i} {marked(wn[r], f'{P}wn.{r}', digits)}",
                  wcol, wcol, edge_width(wn[r], weight_scale, q=f"{P}wn.{r}"), edge_dash(wn[r], f"{P}wn.{r}"))
        ax0, ay0, ax1, ay1 = parallel(sx, sy, bx + 48, yo, 9.0, 14.0)
        _arrow_around(cv, ax1, ay1, ax0, ay0, placed[-1], err)
        cv.rect(bx, yo, 96, 28, fwd, sw=1.0, dash="4 3")
        cv.rect(bx + 4, yo + 4, 88, 20, err, sw=1.0, rx=4)
        cv.text(bx + 48, yo + 18, f"δ{kn}{sub(r + 1)} {marked(dn[r], f'{P}dn.{r}', digits)}", size=NARROW_TEXT)
    terms = [f"({marked(wn[r], f'{P}wn.{r}', digits)})({marked(dn[r], f'{P}dn.{r}', digits)})" for r in range(len(wn))]
    y = _terms_lines(cv, 4, yo + 54, f"∂C/∂a{ks}{i} = Σₘ W{kn}ₘ{i} δ{kn}ₘ", terms,
                     f" = {marked(q['dCda'], f'{P}dCda', digits)}")
    cv.text(4, y + 20, f"δ{ks}{i} = σ′(z{ks}{i}) · ∂C/∂a{ks}{i}", size=NARROW_TEXT, anchor="start")
    cv.text(14, y + 37, f"= ({marked(q['sp'], f'{P}sp', digits)})({marked(q['dCda'], f'{P}dCda', digits)}) = "
                        f"{marked(q['delta'], f'{P}delta', digits)}", size=NARROW_TEXT, anchor="start")
    gws = ", ".join(marked(g, f"{P}gW.{j}", digits) for j, g in enumerate(gW))   # true minus signs
    cv.text(4, y + 57, f"∂C/∂W{ks}{i}ⱼ = δ{ks}{i} a{km}ⱼ = ({gws})", size=NARROW_TEXT,
            anchor="start")
    _narrow_legend(cv, y + 77, wcol, "error flowing back")
    return cv.finish(title, desc, kind="node")


def _output_narrow(q, act, *, k, i, aname, P, weight_scale, digits, title, desc, hl=frozenset()) -> Diagram:
    x, w, z, a, e = q["x"], q["w"], q["z"], q["a"], q["e"]
    wcol, err, tcol, ccol = _color("weight"), _color("error"), _color("target"), _color("cost")
    km, ks = sup(k - 1), sup(k)
    cv = Canvas()
    half, hgt = 66.0, 42.0
    nx_, ny = 12.0, 150.0
    _narrow_inputs(cv, x, w, P, km, digits, nx_ + half / 2, ny, weight_scale, True,
                   lambda j: f"W{ks}{i}{sub(j + 1)} {marked(w[j], f'{P}w.{j}', digits)}", wcol)
    _node_halves(cv, nx_, ny, half, hgt, ks, i, P, z, a, digits, a_sym=f"O{i} = a{ks}{i}")
    xc, yc = nx_ + 2 * half + 92, ny + hgt / 2
    cv.arrow(nx_ + 2 * half, yc, xc - 31, yc, "currentColor", 1.0)
    cv.rect(xc - 30, yc - 20, 60, 40, ccol, sw=1.6, rx=20)
    cv.text(xc, yc + 4, "C", size=12, weight="bold")
    cv.rect(xc - 22, yc - 80, 84, 26, tcol, sw=1.2)   # right of the edges from the inputs
    cv.text(xc + 20, yc - 63, f"E{i} {marked(e, f'{P}e', digits)}", size=NARROW_TEXT)
    cv.arrow(xc + 20, yc - 54, xc + 8, yc - 21, tcol, 1.0)
    ey = ny + hgt + 14
    cv.arrow(xc - 10, yc + 20, nx_ + 2 * half - 2, ey + 14, err, 1.3, "4 3", size=7)
    _error_boxes(cv, nx_, ey, half, ks, i, f"∂C/∂O{i}", P, q, digits)
    y = ey + 84
    cv.text(4, y, f"∂C/∂O{i} = 2 (O{i} − E{i})", size=NARROW_TEXT, anchor="start")
    cv.text(14, y + 17, f"= 2 (({marked(a, f'{P}a', digits)}) − ({marked(e, f'{P}e', digits)})) = "
                        f"{marked(q['dCda'], f'{P}dCda', digits)}", size=NARROW_TEXT, anchor="start")
    cv.text(4, y + 37, f"δ{ks}{i} = σ′(z{ks}{i}) · ∂C/∂O{i}", size=NARROW_TEXT, anchor="start")
    cv.text(14, y + 54, f"= ({marked(q['sp'], f'{P}sp', digits)})({marked(q['dCda'], f'{P}dCda', digits)}) = "
                        f"{marked(q['delta'], f'{P}delta', digits)}", size=NARROW_TEXT, anchor="start")
    _narrow_legend(cv, y + 74, wcol, "error flowing back from the cost")
    return cv.finish(title, desc, kind="node")


_NARROW = {"forward": _forward_narrow, "backward": _backward_narrow, "output": _output_narrow}


def narrow(kind, wide: Diagram, q, activation, *, k, unit=1, unit_sub=None, act_label=None, prefix="",
           weight_scale=2.0, digits=2, highlight=()) -> Diagram:
    """The narrow variant (a phone's: stacked top to bottom, :data:`NARROW_WIDTH` wide, text >= 11)
    of a node diagram ``wide`` of ``kind`` "forward", "backward" or "output", drawn from the same
    quantities with the same title and text alternative. ``highlight``: the node halves ("z",
    "a") and the errors ("delta", "dC_da") are drawn thick."""
    act = activation_of(activation)
    desc = wide.alt[len(wide.title) + 2:]
    hl = {highlight} if isinstance(highlight, str) else set(highlight)
    return _NARROW[kind](q, act, k=k, i=sub(unit) if unit_sub is None else unit_sub,
                         aname=act.name if act_label is None else act_label, P=prefix,
                         weight_scale=weight_scale, digits=digits, title=wide.title, desc=desc, hl=hl)
