"""Explorer of the chapter "From four diagrams to any graph": a small graph with a skip
connection and a shared weight, every node's value (forward) and error (backward), and the
shared weight's gradient as the sum of its two uses.

Every number is marked (:func:`backprop_lib.draw.svg.num`): in the static book,
explorers/js/autodiff.js computes the same graph forward and backward by hand."""

from __future__ import annotations

import html as _html

import numpy as np

from .. import autodiff as ad
from ..draw import bar_charts
from ..draw.svg import num
from .base import Explorer, Slider

#: The graph: h = tanh(w x), y = h + x (a skip connection), C = (w y - E)^2 (w used twice).
X, W, E = 0.8, 0.5, 1.0
#: The bar chart's y range (fixed, so the page can move the bars; longer bars are clipped).
YLIM = (-5.0, 5.0)
#: The quantity names of the nodes, in forward order (``value.<name>``, ``grad.<name>``).
NODES = ("x", "u", "h", "y", "v", "C")
#: The nodes' labels in the table, in the same order.
LABELS = ("x", "u = w x", "h = tanh(u)", "y = h + x  (skip)", "v = w y", "C = (v − E)²")


def graph(x, w, e):
    """``(nodes, w_uses)``: the graph's tensors in forward order and the two leaves for w's uses."""
    w1 = ad.Tensor(np.array(w), name="w (use 1)")
    w2 = ad.Tensor(np.array(w), name="w (use 2)")
    xt = ad.Tensor(np.array(x), name="x")
    u = w1 * xt
    h = ad.tanh(u)
    y = h + xt
    v = w2 * y
    C = ad.square(v - e)
    C.backward()
    names = [("x", xt), ("u = w x", u), ("h = tanh(u)", h), ("y = h + x  (skip)", y),
             ("v = w y", v), ("C = (v − E)²", C)]
    return names, (w1, w2)


def _row(cells, header=False):
    tag = "th" if header else "td"
    return "<tr>" + "".join(f'<{tag} style="padding:.1em .6em;text-align:{"left" if i == 0 else "right"}">'
                            f"{c}</{tag}>" for i, c in enumerate(cells)) + "</tr>"


class AutodiffExplorer(Explorer):
    name = "autodiff"
    title = "A graph with a skip connection and a shared weight: values forward, errors backward"

    def controls(self):
        return [
            Slider("w", -2.0, 2.0, 0.1, W, label="w", description="the shared weight, used twice"),
            Slider("x", -2.0, 2.0, 0.1, X, label="x", description="the input"),
            Slider("E", -2.0, 2.0, 0.1, E, label="E", description="the target"),
        ]

    def quantities(self, p):
        """The graph run by :mod:`backprop_lib.autodiff`: each node's ``value`` and error ``grad``
        (keyed by :data:`NODES`), the shared weight ``w``, its two uses' gradients ``use1``,
        ``use2`` and their sum ``total``, and the bars (one group: ∂C/∂v, ∂C/∂y, ∂C/∂u, use 1,
        use 2, ∂C/∂w)."""
        nodes, (w1, w2) = graph(p["x"], p["w"], p["E"])
        value = {q: float(t.value) for (_, t), q in zip(nodes, NODES)}
        grad = {q: float(t.grad) for (_, t), q in zip(nodes, NODES)}
        use1, use2 = float(w1.grad), float(w2.grad)
        total = use1 + use2
        return {"w": p["w"], "value": value, "grad": grad, "use1": use1, "use2": use2, "total": total,
                "bars": [[grad["v"], grad["y"], grad["u"], use1, use2, total]]}

    def draw(self, q, p):
        f = lambda v, name: num(v, "fmt:3", name)  # noqa: E731
        rows = [_row(["node", "value (forward)", "error ∂C/∂node (backward)"], header=True)]
        for label, name in zip(LABELS, NODES):
            rows.append(_row([_html.escape(label), f(q["value"][name], f"value.{name}"),
                              f(q["grad"][name], f"grad.{name}")]))
        rows.append(_row(["w, use 1 (in u = w x)", f(q["w"], "w"), f(q["use1"], "use1")]))
        rows.append(_row(["w, use 2 (in v = w y)", f(q["w"], "w"), f(q["use2"], "use2")]))
        rows.append(_row(["<strong>∂C/∂w = use 1 + use 2</strong>", "", f"<strong>{f(q['total'], 'total')}</strong>"]))
        note = ("Read the errors from the bottom up: each node multiplies the error arriving from "
                "its output by its local derivative. x feeds two nodes (u and the skip into y), "
                "so its error is the sum of both; w is used twice, so its gradient is too.")
        chart = bar_charts.bar_chart(
            ["∂C/∂v", "∂C/∂y", "∂C/∂u", "w: use 1", "w: use 2", "∂C/∂w"], q["bars"][0],
            kind="error", ylabel="error", ylim=YLIM, q="bars",
            title=("Errors flowing back; the shared weight's two uses add up "
                   f"(bars clipped at ±{YLIM[1]:g})")).both
        return chart + (f'<table role="table" aria-label="values and errors of every node" '
                f'style="border-collapse:collapse;font-family:system-ui,sans-serif;font-size:.92em">'
                + "".join(rows) + f'</table><p style="font-size:.88em;margin:.3em 0">{note}</p>')


EXPLORERS = {"autodiff": AutodiffExplorer}
