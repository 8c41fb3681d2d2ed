"""The landing page's picture of the four diagrams, drawn by the library at build time.

``{four-diagrams}`` (a MyST directive, used in intro.md) emits the four diagrams of the course,
each the library's own SVG of the running example (2-3-2 tanh network, x = (0.5, -1), E = (0.5, -0.5),
the numbers of the chapters), in a grid of two columns on a wide screen and one on a phone, each
linked to its chapter. The figures are inline SVG, so book-screens.js keeps their text legible.
Registered by book_fixes.py.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import Directive

# (number, title, chapter page relative to the root page, what it shows)
PANELS = [
    (1, "Forward propagation through one node", "chapters/forward-propagation.html",
     "a weighted sum, then the activation"),
    (2, "Backward propagation through one node", "chapters/backward-propagation.html",
     "the next layer's errors weighted back, times σ′(z)"),
    (3, "Computing the cost", "chapters/computing-the-cost.html",
     "the cost node: the base case δᴸ = 2(O − E) ⊙ σ′(zᴸ)"),
    (4, "Backpropagating the cost", "chapters/backpropagating-the-cost.html",
     "the single-node step, layer by layer back to the input"),
]


def four_svgs() -> list[str]:
    import numpy as np

    from backprop_lib import Network
    from backprop_lib.draw import diagrams

    W1 = np.array([[0.4, -0.6], [0.7, 0.2], [-0.3, 0.5]])
    b1 = np.array([0.1, -0.1, 0.0])
    W2 = np.array([[0.5, -0.4, 0.8], [-0.7, 0.3, 0.6]])
    b2 = np.array([0.0, 0.1])
    x = np.array([0.5, -1.0])
    E = np.array([0.5, -0.5])
    net = Network.from_weights([None, W1, W2], [None, b1, b2], activation="tanh",
                               loss="squared_error")
    trace = net.forward(x)
    _, grads = net.backward(trace, E)
    return [
        diagrams.forward_node_svg(x, W1[0], b1[0], "tanh", w_next=W2[:, 0], highlight=["z", "a"]),
        diagrams.backward_node_svg(x, W1[0], b1[0], "tanh", w_next=W2[:, 0],
                                   delta_next=grads.delta[2], highlight=["dC_da", "delta"]),
        diagrams.network_svg(net, trace, grads, target=E, highlight=[("layer", 2), ("cost",)]),
        diagrams.network_svg(net, trace, grads, target=E, highlight=[("layer", 1)]),
    ]


def _svg_text(obj) -> str:
    for attr in ("_repr_svg_", "_repr_html_"):
        if hasattr(obj, attr):
            out = getattr(obj, attr)()
            if out:
                return out
    if hasattr(obj, "data"):
        return obj.data
    return str(obj)


class FourDiagrams(Directive):
    has_content = False

    def run(self):
        parts = ['<div class="bp-four-diagrams" role="group" aria-label="The four diagrams of the course">']
        for (n, title, href, what), svg in zip(PANELS, four_svgs()):
            parts.append(
                f'<figure class="bp-four-panel"><figcaption><a href="{href}"><strong>{n}. {title}</strong></a>'
                f'<br><span>{what}</span></figcaption>{_svg_text(svg)}</figure>')
        parts.append("</div>")
        return [nodes.raw("", "\n".join(parts), format="html")]


def setup(app):
    app.add_directive("four-diagrams", FourDiagrams)
