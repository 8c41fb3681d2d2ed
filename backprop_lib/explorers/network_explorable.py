"""The four diagrams as one explorable figure, on the course's running 2-3-2 example.

One figure at two zoom levels: the whole network (diagrams 3 and 4) and, for a selected node,
its forward and backward diagrams (1 and 2), every number live. Controls (all ``data-param``
controls of the explorer contract, :mod:`.static`):

- ``step`` walks the passes one equation at a time (:data:`STEPS`): the input, z¹, a¹, z², a²,
  the cost, ∂C/∂O, δ², ∂C/∂a¹ (arrows pointing backwards carry δ² to layer 1), δ¹, then the
  weight gradients ∂C/∂W² and ∂C/∂W¹ on the edges. The step's equation is shown under the figure
  with its numbers; what is not computed yet is faint and its numbers hidden.
- ``node`` opens a node's diagrams 1 and 2 under the network (a hidden node: forward and backward
  through it; an output node: forward, and the base case from the cost).
- the running example's values (:mod:`.running_example`): inputs, two weights, the activation,
  the targets;
- ``layout``: "wide" (layers left to right) or "narrow" (stacked, for a phone); the page sets it
  from its width.

Everything the figure shows for any combination of controls is in ``quantities(params)``,
including which parts are shown and marked (the strings of ``q["cls"]``, written into the class
attributes of the figure's groups): one template per layout, whatever the step and node; the
page's twin (explorers/js/network_explorable.js) returns the same dict, and its interactions
(click a node, drag a number, arrow keys, play) only move the controls.

The chapters open it at their own diagram (:data:`OPENINGS`): ``explorers.get(id)``.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from ..draw import diagrams, node_diagrams
from ..draw.layout import mat, panel_row, vec
from ..draw.svg import num, sub
from ..node import node_backward, node_forward
from . import running_example as rx
from .base import Dropdown, Explorer, Slider

__all__ = ["NetworkExplorable", "STEPS", "NODES", "OPENINGS", "quantities"]

#: The steps of the passes: (key of the parts it computes, what it computes).
STEPS = (
    ("x", "the input a⁰ = x"),
    ("z1", "z¹ = W¹ a⁰ + b¹"),
    ("a1", "a¹ = σ(z¹)"),
    ("z2", "z² = W² a¹ + b²"),
    ("a2", "O = a² = σ(z²)"),
    ("C", "the cost C"),
    ("da2", "∂C/∂O = 2 (O − E)"),
    ("d2", "δ² = σ′(z²) ⊙ ∂C/∂O"),
    ("da1", "∂C/∂a¹ = (W²)ᵀ δ²"),
    ("d1", "δ¹ = σ′(z¹) ⊙ ∂C/∂a¹"),
    ("g2", "∂C/∂W² = δ² (a¹)ᵀ"),
    ("g1", "∂C/∂W¹ = δ¹ (a⁰)ᵀ"),
)
_INDEX = {key: n for n, (key, _) in enumerate(STEPS)}
#: The selectable nodes: "none" or "k.i" (layer k, unit i, from 1).
NODES = ("none", "1.1", "1.2", "1.3", "2.1", "2.2")
#: The controls whose numbers the figure lets the reader drag (a part of the figure -> control).
DRAG = {("input", 0, 1): "x1", ("input", 0, 2): "x2", ("wlabel", 1, 3, 1): "w1_31",
        ("wlabel", 2, 1, 3): "w2_13", ("target", 1): "E1", ("target", 2): "E2"}
#: Where each page opens the explorable: explorer id -> (step, node).
OPENINGS = {
    "four_diagrams": (9, "1.1"),
    "forward_propagation_network": (2, "1.1"),
    "backward_propagation_network": (9, "1.1"),
    "computing_the_cost": (7, "2.1"),
    "backpropagating_the_cost": (9, "none"),
    "weight_gradients": (11, "none"),
}

DONE, NOW, TODO, OFF, SEL = "bp-nx-done", "bp-nx-now", "bp-nx-todo", "bp-nx-off", "bp-nx-sel"


def _state(key, s):
    n = _INDEX[key]
    return DONE if n < s else NOW if n == s else TODO


def classes(step, node) -> dict:
    """The class of every group of parts of the figure at ``step`` with ``node`` selected: done
    (shown), now (shown and marked: this step computes it), todo (faint, numbers hidden), off
    (not drawn); the selected node; the step's equation; the open node panel."""
    s = int(step)
    c = {key: _state(key, s) for key, _ in STEPS}
    for k in (1, 2):
        c[f"W{k}"] = NOW if s == _INDEX[f"z{k}"] else DONE          # edges and biases
        c[f"wl{k}"] = OFF if s >= _INDEX[f"g{k}"] else ""          # weight labels ...
        c[f"g{k}"] = OFF if s < _INDEX[f"g{k}"] else c[f"g{k}"]    # ... give way to dC/dW
        c[f"sp{k}"] = NOW if s == _INDEX[f"d{k}"] else OFF         # delta <- dC/da, times sigma'
    c["bk2"] = NOW if s == _INDEX["da1"] else OFF                   # delta^2 carried back to layer 1
    c["bC"] = NOW if s == _INDEX["da2"] else OFF                    # dC/dO from the cost
    c["E"] = NOW if s in (_INDEX["C"], _INDEX["da2"]) else DONE
    for k, n in ((1, 3), (2, 2)):
        for i in range(1, n + 1):
            c[f"n{k}_{i}"] = SEL if node == f"{k}.{i}" else ""
    for n in range(len(STEPS)):
        c[f"eq{n}"] = "" if n == s else OFF
    c["ph"] = "" if node.startswith("1.") else OFF
    c["po"] = "" if node.startswith("2.") else OFF
    return c


def quantities(params) -> dict:
    """The running example's numbers (:func:`.running_example.quantities`), the activation's name
    ``act``, the classes ``cls`` (:func:`classes`), and the numbers of the node panels: ``h``
    for the selected hidden node (its forward and backward, :func:`backprop_lib.node.node_backward`,
    and ``c`` = what it sends to layer 2) and ``o`` for the selected output node (forward, its
    target ``e``, ``dCda`` = 2 (O - E), ``sp``, ``delta``, ``gW``); each with its unit index ``u``
    and the index as a subscript ``us`` (unit 1 when the selection is elsewhere)."""
    q = rx.quantities(params)
    act, node = params["act"], params["node"]
    q["act"] = act
    q["cls"] = classes(params["step"], node)
    j = int(node[2]) - 1 if node.startswith("1.") else 0
    h = node_backward(q["a"][0], q["W"][1][j], q["b"][1][j], act, [row[j] for row in q["W"][2]],
                      q["dz"][2])
    h["c"] = [v * h["a"] for v in h["wn"]]
    h["u"], h["us"] = str(j + 1), sub(j + 1)
    i = int(node[2]) - 1 if node.startswith("2.") else 0
    o = node_forward(q["a"][1], q["W"][2][i], q["b"][2][i], act)
    o.update(e=q["E"][i], dCda=q["da"][2][i], sp=q["sp"][2][i], delta=q["dz"][2][i],
             gW=list(q["gW"][2][i]), u=str(i + 1), us=sub(i + 1))
    q["h"], q["o"] = h, o
    return q


_CSS = (
    "<style>.bp-nx .bp-nx-todo{opacity:.3}.bp-nx .bp-nx-todo text{visibility:hidden}"
    ".bp-nx .bp-nx-off{display:none!important}"
    ".bp-nx .bp-nx-now rect{stroke-width:3.2px}"
    ".bp-nx .bp-nx-sel rect{stroke-width:3.2px;stroke-dasharray:5 2}"
    ".bp-nx [data-node],.bp-nx [data-drag]{cursor:pointer}"
    ".bp-nx [data-drag]{touch-action:none;cursor:ns-resize}"
    ".bp-nx [data-node]:focus-visible,.bp-nx [data-drag]:focus-visible{outline:2px solid;outline-offset:2px}"
    ".bp-nx svg g{transition:opacity .35s}"
    "@media (prefers-reduced-motion:reduce){.bp-nx svg g{transition:none}}"
    ".bp-nx .bp-nx-eq{font-size:1.02em;padding:.25em .4em;border-left:4px solid #D55E00;margin:.3em 0}"
    ".bp-nx .bp-nx-panel{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}"
    ".bp-nx .bp-nx-panel>div{min-width:0;max-width:100%}"
    # the controls after the figure, a compact strip: label, slider and value on one line
    ".bp-explorer .bp-strip .bp-control{flex-direction:row!important;align-items:center!important;"
    "flex-wrap:nowrap!important;gap:.4em!important}"
    ".bp-explorer .bp-strip .bp-control label{min-width:3.2em!important}"
    ".bp-explorer .bp-strip .bp-control input[type=range]{flex:1 1 auto;min-width:0;width:auto!important}"
    ".bp-explorer .bp-strip .bp-control output{min-width:2.6em;text-align:right}"
    "</style>"
)


def _network(q, params):
    """The network diagram of ``q`` in the layout of ``params``, its groups carrying the classes
    of ``q["cls"]`` (marked strings) and the hooks of the page's interactions."""
    arr = lambda vs: [None if v is None else np.asarray(v, dtype=np.float64) for v in vs]  # noqa: E731
    W = arr(q["W"])
    act = SimpleNamespace(name=num(q["act"], "s", "act"))
    net = SimpleNamespace(sizes=[2, 3, 2], W=W, b=arr(q["b"]), sigma=[None, act, act])
    trace = SimpleNamespace(a=arr(q["a"]), z=arr(q["z"]))
    grads = SimpleNamespace(delta=arr(q["dz"]), a=arr(q["da"]), W=arr(q["gW"]))

    def cls(key):
        return num(q["cls"][key], "s", f"cls.{key}")

    def attrs(part, *ix):
        k = ix[0] if ix else None
        out = {
            "input": lambda: cls("x"), "z": lambda: cls(f"z{k}"), "a": lambda: cls(f"a{k}"),
            "bias": lambda: cls(f"W{k}"), "edge": lambda: cls(f"W{k}"), "wlabel": lambda: cls(f"wl{k}"),
            "glabel": lambda: cls(f"g{k}"), "delta": lambda: cls(f"d{k}"), "da": lambda: cls(f"da{k}"),
            "sp": lambda: cls(f"sp{k}"), "back": lambda: cls(f"bk{k}"), "cost": lambda: cls("C"),
            "dO": lambda: cls("C"), "dOlabel": lambda: cls("da2"),
            "backC": lambda: cls("bC"), "target": lambda: cls("E"),
            "node": lambda: cls(f"n{k}_{ix[1]}"), "hit": lambda: None,
        }[part]()
        if part == "hit":
            return (f' data-node="{k}.{ix[1]}" tabindex="0" role="button" '
                    f'aria-label="node {ix[1]} of layer {k}: open its diagrams 1 and 2"')
        extra = ""
        if (part, *ix) in DRAG:
            name = DRAG[(part, *ix)]
            qn = {"x1": "a.0.0", "x2": "a.0.1", "w1_31": "W.1.2.0", "w2_13": "W.2.0.2",
                  "E1": "E.0", "E2": "E.1"}[name]
            lo, hi = (-1, 1) if name.startswith("E") else (-2, 2)
            extra = (f' data-drag="{name}" tabindex="0" role="slider" aria-valuemin="{lo}" '
                     f'aria-valuemax="{hi}" aria-valuenow="{num(_value(q, qn), "g", qn)}" '
                     f'aria-label="{_DRAG_LABEL[name]}: drag, or arrow keys"')
        return f' class="{out}"{extra}'

    d = diagrams.network_svg(
        net, trace, grads, target=np.asarray(q["E"]), cost=q["C"], weight_scale=rx.WEIGHT_SCALE,
        digits=rx.DIGITS, edge_labels="swap", backward_arrows=True, attrs=attrs,
        layout=params["layout"], title="The running example, step by step through the passes")
    # interactive parts inside: a group, not an image with presentational children
    return d.svg.replace('role="img"', 'role="group"', 1)


_DRAG_LABEL = {"x1": "input x₁", "x2": "input x₂", "w1_31": "weight W¹₃₁", "w2_13": "weight W²₁₃",
               "E1": "target E₁", "E2": "target E₂"}


def _value(q, path):
    v = q
    for p in path.split("."):
        v = v[int(p)] if isinstance(v, list) else v[p]
    return v


def _equations(q):
    L = 2
    rows = [
        ("input", "a⁰ = x =", vec(q["a"][0], "a.0")),
        ("forward", "z¹ = W¹ a⁰ + b¹ =", vec(q["z"][1], "z.1")),
        ("forward", f"a¹ = σ(z¹) ({num(q['act'], 's', 'act')}) =", vec(q["a"][1], "a.1")),
        ("forward", "z² = W² a¹ + b² =", vec(q["z"][2], "z.2")),
        ("forward", "O = a² = σ(z²) =", vec(q["a"][L], "a.2")),
        ("cost", "C = Σᵢ (Oᵢ − Eᵢ)² =",
         " + ".join(num(t, "fmt:3", f"terms.{i}") for i, t in enumerate(q["terms"]))
         + f" = <b>{num(q['C'], 'fmt:4', 'C')}</b>"),
        ("error", "∂C/∂O = 2 (O − E) = 2 (" + vec(q["a"][L], "a.2") + " − " + vec(q["E"], "E") + ") =",
         vec(q["da"][L], "da.2")),
        ("error", "δ² = σ′(z²) ⊙ ∂C/∂O =", vec(q["sp"][2], "sp.2") + " ⊙ " + vec(q["da"][2], "da.2")
         + " = <b>" + vec(q["dz"][2], "dz.2") + "</b>"),
        ("error", "∂C/∂a¹ = (W²)ᵀ δ² (arrows backwards) =", vec(q["da"][1], "da.1")),
        ("error", "δ¹ = σ′(z¹) ⊙ ∂C/∂a¹ =", vec(q["sp"][1], "sp.1") + " ⊙ " + vec(q["da"][1], "da.1")
         + " = <b>" + vec(q["dz"][1], "dz.1") + "</b>"),
        ("error", "∂C/∂W² = δ² (a¹)ᵀ (on the edges) =", mat(q["gW"][2], "gW.2")),
        ("error", "∂C/∂W¹ = δ¹ (a⁰)ᵀ (on the edges) =", mat(q["gW"][1], "gW.1")),
    ]
    out = []
    for n, (kind, label, value) in enumerate(rows):
        head = f"Step {n} of {len(STEPS) - 1}: "
        out.append(f'<div class="bp-nx-eq {num(q["cls"][f"eq{n}"], "s", f"cls.eq{n}")}">'
                   + panel_row(kind, head + label, value) + "</div>")
    return ('<div class="bp-numbers" role="status" aria-live="polite" aria-label="The equation of '
            'this step, with its numbers" style="font-family:system-ui,sans-serif;line-height:1.5">'
            + "".join(out) + "</div>")


def _node_panels(q, layout):
    actl = num(q["act"], "s", "act")
    h, o = q["h"], q["o"]
    hu, hus = num(h["u"], "s", "h.u"), num(h["us"], "s", "h.us")
    ou, ous = num(o["u"], "s", "o.u"), num(o["us"], "s", "o.us")
    common = dict(act_label=actl, weight_scale=rx.WEIGHT_SCALE)
    hidden = dict(k=1, unit=hu, unit_sub=hus, prefix="h.", **common)
    output = dict(k=2, unit=ou, unit_sub=ous, prefix="o.", **common)
    f1 = node_diagrams.forward_node(h, q["act"], **hidden)
    b1 = node_diagrams.backward_node(h, q["act"], show_weight_grads=True, **hidden)
    f2 = node_diagrams.forward_node(o, q["act"], **output)
    b2 = node_diagrams.output_node(o, q["act"], **output)
    if layout == "narrow":  # stacked from top to bottom: whole and legible in a phone's column
        f1 = node_diagrams.narrow("forward", f1, h, q["act"], **hidden)
        b1 = node_diagrams.narrow("backward", b1, h, q["act"], **hidden)
        f2 = node_diagrams.narrow("forward", f2, o, q["act"], **output)
        b2 = node_diagrams.narrow("output", b2, o, q["act"], **output)
    f1, b1, f2, b2 = f1.svg, b1.svg, f2.svg, b2.svg

    def panel(key, what, fwd, bwd):
        return (f'<div class="bp-nx-panel {num(q["cls"][key], "s", f"cls.{key}")}" role="group" '
                f'aria-label="{what}">'
                f'<div><p style="margin:.3em 0"><strong>Diagram 1</strong>: forward through the node</p>{fwd}</div>'
                f'<div><p style="margin:.3em 0"><strong>Diagram 2</strong>: backward through the node</p>{bwd}</div></div>')

    return (panel("ph", "The selected hidden node's diagrams 1 and 2", f1, b1)
            + panel("po", "The selected output node's diagrams 1 and 2", f2, b2))


class NetworkExplorable(Explorer):
    """The running example as one explorable figure: step through the passes, open any node.

    Subclasses set ``name``, ``title`` and where they open (:data:`OPENINGS`)."""

    name = "four_diagrams"
    title = "The four diagrams in one figure: step through the passes, open any node"
    structure = ("layout",)
    figure_first = True

    def controls(self):
        step, node = OPENINGS.get(self.name, (0, "none"))
        return [
            Slider("step", 0, len(STEPS) - 1, 1, step, label="step",
                   description="step of the passes: forward, cost, backward, gradients"),
            Dropdown("node", [("none", "none")] + [(f"layer {n[0]}, unit {n[2]}", n) for n in NODES[1:]],
                     node, label="node", description="node whose diagrams 1 and 2 are open"),
        ] + rx.controls() + [
            Dropdown("layout", [("wide", "wide"), ("narrow (phone)", "narrow")], "wide", label="layout",
                     description="layout of the network: set from the page's width"),
        ]

    def quantities(self, params):
        return quantities(params)

    def draw(self, q, params):
        return (f'<div class="bp-nx">{_CSS}{_network(q, params)}{_equations(q)}'
                f"{_node_panels(q, params['layout'])}</div>")

    def live_data(self):
        return {"W1": rx.W1.tolist(), "B1": rx.B1.tolist(), "W2": rx.W2.tolist(), "B2": rx.B2.tolist(),
                "steps": len(STEPS)}

    def toolbar_html(self) -> str:
        """The page's play strip (the static book only: it moves the ``step`` control)."""
        return (
            '<div class="bp-nx-toolbar" style="display:flex;flex-wrap:wrap;gap:.4em;align-items:center;'
            'margin:.3em 0">'
            '<button type="button" data-action="prev" aria-label="previous step">◀ step</button>'
            '<button type="button" data-action="play" aria-pressed="false">▶ play</button>'
            '<button type="button" data-action="next" aria-label="next step">step ▶</button>'
            '<label>speed <select data-action="speed" aria-label="speed of play">'
            '<option value="2000">slow (2 s a step)</option>'
            '<option value="1200" selected>normal (1.2 s a step)</option>'
            '<option value="600">fast (0.6 s a step)</option></select></label>'
            '<span style="font-size:.85em;opacity:.85">Click a node to open it; drag x, E or the '
            'weights W¹₃₁, W²₁₃ on the figure.</span></div>')


class FourDiagramsExplorer(NetworkExplorable):
    """The landing page's: the four diagrams at once (a hidden node open, step δ¹)."""


EXPLORERS = {"four_diagrams": FourDiagramsExplorer}
