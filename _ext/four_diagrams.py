"""The landing page's four diagrams: one live figure, drawn by the library at build time.

``{four-diagrams}`` (a MyST directive, used in intro.md) emits the network explorable of the
course (:mod:`backprop_lib.explorers.network_explorable`, id "four_diagrams") on the running
example (2-3-2 tanh network, x = (0.5, -1), E = (0.5, -0.5), the numbers of the chapters): the
network (diagrams 3 and 4) with a step control that walks the passes, and a hidden node's
diagrams 1 and 2 open under it; any node opens with a click. Live in the page like every
explorer (no kernel), in the narrow layout on a phone. Under it, a link to each diagram's
chapter. Registered by book_fixes.py.
"""

from __future__ import annotations

import html

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


def explorable_html() -> str:
    """The live figure: the network explorable's no-kernel HTML."""
    from backprop_lib import explorers

    return explorers.get("four_diagrams").static_html()


class FourDiagrams(Directive):
    has_content = False

    def run(self):
        links = " · ".join(f'<a href="{href}">{n}. {html.escape(title)}</a>' for n, title, href, _ in PANELS)
        out = (f'<div class="bp-four-live full-width" role="group" aria-label="The four diagrams of the course, '
               f'in one live figure">{explorable_html()}'
               f'<p class="bp-four-links" style="margin:.3em 0 1em;font-size:.92em">Each diagram has its '
               f'chapter: {links}</p></div>')
        return [nodes.raw("", out, format="html")]


def setup(app):
    app.add_directive("four-diagrams", FourDiagrams)
