"""Tests of backprop_lib.draw.diagrams: valid accessible SVG, the right numbers, styles, bad input."""

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest

from backprop_lib import Network
from backprop_lib.draw import diagrams, svg, style

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def small():
    net = Network([2, 3, 1], activation="tanh", seed=0)
    x, E = np.array([0.5, -1.0]), np.array([0.2])
    trace = net.forward(x)
    C, grads = net.backward(trace, E)
    return net, x, E, trace, C, grads


def parse(d):
    assert isinstance(d, diagrams.Diagram)
    root = ET.fromstring(d.svg)  # well-formed XML
    assert root.tag == SVG_NS + "svg"
    assert root.get("role") == "img"
    assert root.get("aria-label")
    assert root.find(SVG_NS + "title").text
    assert root.find(SVG_NS + "desc").text
    return root


def colours_used(svg):
    return {c.upper() for c in re.findall(r'(?:fill|stroke)="(#[0-9A-Fa-f]{6})"', svg)}


def test_network_forward_values_printed(small):
    net, x, E, trace, C, grads = small
    d = diagrams.network_svg(net, trace)
    root = parse(d)
    texts = " ".join(t.text or "" for t in root.iter(SVG_NS + "text"))
    for k in range(1, net.L + 1):
        for v in trace.z[k]:
            assert diagrams.fmt(v) in texts
        for v in trace.a[k]:
            assert diagrams.fmt(v) in texts
    for v in net.W[1].ravel():
        assert diagrams.fmt(v) in texts  # weights on the edges (few edges: labelled)
    # the alternative text carries the numbers too
    assert svg.plain(trace.a[2][0]) in d.alt


def test_network_only_palette_colours(small):
    net, x, E, trace, C, grads = small
    d = diagrams.network_svg(net, trace, grads, target=E, edge_labels="both")
    palette = {c.upper() for c in style.COLORS.values()}
    assert colours_used(d.svg) <= palette
    assert "currentColor" in d.svg


def test_negative_weights_dashed_and_widths_by_magnitude():
    W = [None, np.array([[1.0, -1.0], [0.1, 0.0]])]
    b = [None, np.zeros(2)]
    net = Network.from_weights(W, b, activation="identity")
    d = diagrams.network_svg(net, weight_scale=1.0)
    root = parse(d)
    green = style.COLORS["weight"]
    lines = [l for l in root.iter(SVG_NS + "line") if l.get("stroke") == green]
    dashed = [l for l in lines if l.get("stroke-dasharray")]
    assert dashed, "the negative weight must be drawn dashed"
    widths = sorted({float(l.get("stroke-width")) for l in lines})
    assert len(widths) >= 3  # |W| = 0, 0.1, 1 give different widths


def test_errors_and_cost(small):
    net, x, E, trace, C, grads = small
    d = diagrams.network_svg(net, trace, grads, target=E)
    parse(d)
    for k in range(1, net.L + 1):
        for v in grads.delta[k]:
            assert diagrams.fmt(v) in d.svg
    assert diagrams.fmt(C, 3) in d.svg
    assert style.COLORS["error"] in d.svg and style.COLORS["cost"] in d.svg
    assert style.COLORS["target"] in d.svg
    assert "cost" in d.alt and "delta" in d.alt
    assert svg.plain(C, 3) in d.alt


def test_grad_edge_labels(small):
    net, x, E, trace, C, grads = small
    d = diagrams.network_svg(net, trace, grads, edge_labels="grad")
    for v in grads.W[2].ravel():
        assert diagrams.fmt(v) in d.svg
    with pytest.raises(ValueError, match="edge_labels"):
        diagrams.network_svg(net, trace, edge_labels="grad")
    with pytest.raises(ValueError, match="edge_labels"):
        diagrams.network_svg(net, trace, edge_labels="weights!")


def test_batch_trace_draws_first_example():
    net = Network([2, 2, 1], seed=1)
    X = np.array([[0.1, 0.2], [0.3, -0.4]])
    trace = net.forward(X)
    d = diagrams.network_svg(net, trace)
    assert diagrams.fmt(trace.a[1][0, 0]) in d.svg


def test_highlight_and_dim(small):
    net, x, E, trace, C, grads = small
    plain = diagrams.network_svg(net, trace)
    hl = diagrams.network_svg(net, trace, highlight=[("z", 1, 2), ("edge", 1, 2, 1)], dim=True)
    assert hl.svg != plain.svg
    assert 'opacity="0.25"' in hl.svg


def test_bad_network_input(small):
    net, x, E, trace, C, grads = small
    with pytest.raises(TypeError, match="net"):
        diagrams.network_svg("not a network")
    with pytest.raises(ValueError, match="target"):
        diagrams.network_svg(net, trace, target=[0.1, 0.2])


def test_forward_node_numbers():
    x, w, b = np.array([1.0, 0.5]), np.array([0.4, -0.6]), 0.1
    d = diagrams.forward_node_svg(x, w, b, "tanh", w_next=[1.5, -0.5])
    parse(d)
    z = float(w @ x + b)
    a = np.tanh(z)
    assert f"= {diagrams.fmt(z)}" in d.svg and diagrams.fmt(a) in d.svg
    assert diagrams.fmt(1.5 * a) in d.svg  # contribution to the next layer
    assert svg.plain(z) in d.alt and "tanh" in d.alt
    assert colours_used(d.svg) <= {c.upper() for c in style.COLORS.values()}


@pytest.mark.parametrize("act", ["identity", "sigmoid", "tanh", "relu", "leaky_relu"])
def test_forward_node_every_activation(act):
    d = diagrams.forward_node_svg([0.3, -0.2, 0.7], [1.0, 2.0, -1.0], -0.5, act, highlight="z")
    parse(d)
    assert act in d.alt and "Highlighted: z" in d.alt


def test_backward_node_numbers():
    x, w, b = np.array([1.0, 0.5]), np.array([0.4, -0.6]), 0.1
    v, dn = np.array([1.5, -0.5]), np.array([0.3, -0.2])
    d = diagrams.backward_node_svg(x, w, b, "sigmoid", w_next=v, delta_next=dn,
                                   show_weight_grads=True, highlight=["delta"])
    parse(d)
    z = float(w @ x + b)
    s = 1 / (1 + np.exp(-z))
    dCda = float(v @ dn)
    delta = s * (1 - s) * dCda
    for val in (dCda, delta, s * (1 - s)):
        assert diagrams.fmt(val) in d.svg
    for g in delta * x:
        assert diagrams.fmt(g) in d.svg
    assert svg.plain(delta) in d.alt


def test_node_bad_input():
    with pytest.raises(ValueError, match="w"):
        diagrams.forward_node_svg([1, 2], [1, 2, 3], 0.0)
    with pytest.raises(ValueError, match="activation"):
        diagrams.forward_node_svg([1, 2], [1, 2], 0.0, "swish")
    with pytest.raises(TypeError, match="activation"):
        diagrams.forward_node_svg([1, 2], [1, 2], 0.0, 3)
    with pytest.raises(ValueError, match="highlight"):
        diagrams.forward_node_svg([1, 2], [1, 2], 0.0, highlight=["nope"])
    with pytest.raises(ValueError, match="b"):
        diagrams.forward_node_svg([1, 2], [1, 2], [0.0, 1.0])
    with pytest.raises(TypeError, match="x"):
        diagrams.forward_node_svg("ab", [1, 2], 0.0)
    with pytest.raises(ValueError, match="delta_next"):
        diagrams.backward_node_svg([1], [1], 0.0, w_next=[1, 2], delta_next=[1, 2, 3])


def test_fmt():
    assert diagrams.fmt(-0.5) == "−0.50"
    assert diagrams.fmt(-0.0001) == "−1.0e−04"
    assert diagrams.fmt(-0.001, 1) == "−1e−03"
    assert diagrams.fmt(0.0) == "0.00"
    assert diagrams.fmt(float("nan")) == "NaN"
    assert diagrams.fmt(float("-inf")) == "−∞"


def test_non_finite_values_do_not_break_svg():
    d = diagrams.forward_node_svg([np.inf, 1.0], [1.0, 1.0], 0.0, "tanh")
    parse(d)


def test_repr_html_is_inline_svg(small):
    net, x, E, trace, C, grads = small
    d = diagrams.network_svg(net, trace, layout="wide")
    assert d._repr_html_().startswith("<svg") and d._repr_svg_() == d.svg
    assert "<script" not in d.svg


def test_network_has_a_narrow_variant_for_phones(small):
    """By default the HTML holds the wide figure and a narrow one (layers stacked top to bottom,
    every text >= 11 units, 320 units wide: whole at 1:1 in a phone's column), a media query
    choosing."""
    net, x, E, trace, C, grads = small
    d = diagrams.network_svg(net, trace, grads, target=E, backward_arrows=True)
    html = d._repr_html_()
    assert d.svg in html and d.narrow in html and "@media (max-width:480px)" in html
    root = parse(diagrams.Diagram(d.narrow))
    assert float(root.get("width")) <= diagrams.NARROW_WIDTH + 20
    sizes = [float(t.get("font-size")) for t in root.iter(SVG_NS + "text")]
    assert min(sizes) >= diagrams.NARROW_TEXT
    texts = " ".join(t.text or "" for t in root.iter(SVG_NS + "text"))
    assert "C" in texts and diagrams.fmt(E[0]) in texts and diagrams.fmt(C, 3) in texts
    wide = parse(d)
    assert float(wide.get("width")) > float(root.get("width"))


def test_usage_examples_in_docstrings_run():
    import doctest

    from backprop_lib import explorers
    from backprop_lib.draw import bar_charts, charts
    from backprop_lib.explorers import backward_propagation as backward_node, base, forward_propagation as forward_node

    for module in (diagrams, charts, bar_charts, explorers, base, forward_node, backward_node):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, module.__name__


def test_node_diagrams_have_a_narrow_variant_for_phones():
    """Diagrams 1 and 2 as the chapters draw them: the HTML holds a narrow variant too (stacked,
    320 units wide, text >= 11), with the same numbers and text alternative."""
    f = diagrams.forward_node_svg([0.5, -1.0], [0.4, -0.6], 0.1, "tanh", w_next=[0.5, -0.7], highlight=["z", "a"])
    b = diagrams.backward_node_svg([0.5, -1.0], [0.4, -0.6], 0.1, "tanh", w_next=[0.5, -0.7],
                                   delta_next=[-1.22, -0.15], highlight=["dC_da", "delta"])
    for d in (f, b):
        assert d.narrow and d.narrow in d._repr_html_() and d.svg in d._repr_html_()
        wide, root = parse(d), parse(diagrams.Diagram(d.narrow))
        assert root.get("aria-label") == wide.get("aria-label")
        assert float(root.get("width")) <= 340
        assert min(float(t.get("font-size")) for t in root.iter(SVG_NS + "text")) >= 11
        assert 'stroke-width="3"' in d.narrow          # the highlight is kept


def test_network_and_node_diagrams_say_what_they_are():
    """The book's every-page test measures a network diagram by its marker (11 px text on a
    phone): every <svg> a network or node diagram draws carries it, the narrow variant too."""
    import re

    import numpy as np

    from backprop_lib import Network
    from backprop_lib.draw import diagrams

    net = Network.from_weights([None, np.array([[0.4, -0.6], [0.7, 0.2]]), np.array([[0.5, -0.4]])],
                               [None, np.zeros(2), np.zeros(1)], activation="tanh", loss="squared_error")
    trace = net.forward(np.array([0.5, -1.0]))
    html = diagrams.network_svg(net, trace, target=np.array([0.2]))._repr_html_()
    roots = re.findall(r"<svg\b[^>]*>", html)
    assert len(roots) >= 2 and all('data-bp-diagram="network"' in r for r in roots)
    node = diagrams.forward_node_svg(np.array([0.5, -1.0]), np.array([0.4, -0.6]), 0.1, "tanh")._repr_html_()
    roots = re.findall(r"<svg\b[^>]*>", node)
    assert roots and all('data-bp-diagram="node"' in r for r in roots)
