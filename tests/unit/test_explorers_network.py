"""The network explorable (explorers/network_explorable.py): the step walks the passes one
equation at a time, a node opens its diagrams 1 and 2, the narrow layout fits a phone, and all
of it is quantities (the page's twin: test_explorers_live.py, 200+ settings with node --test)."""

import re

import numpy as np
import pytest

from backprop_lib import explorers
from backprop_lib.draw import diagrams
from backprop_lib.explorers import network_explorable as nx
from backprop_lib.explorers import running_example as rx
from backprop_lib.explorers import static

IDS = list(nx.OPENINGS)


def test_every_opening_is_an_explorer_of_the_catalog_at_its_step_and_node():
    for explorer_id, (step, node) in nx.OPENINGS.items():
        ex = explorers.get(explorer_id)
        assert isinstance(ex, nx.NetworkExplorable)
        assert (ex.params["step"], ex.params["node"]) == (step, node)


@pytest.mark.parametrize("step", range(len(nx.STEPS)))
def test_each_step_shows_its_one_equation_and_marks_its_parts(step):
    c = nx.classes(step, "none")
    shown = [n for n in range(len(nx.STEPS)) if c[f"eq{n}"] != nx.OFF]
    assert shown == [step]
    key = nx.STEPS[step][0]
    assert c[key] == nx.NOW
    assert all(c[k] == nx.DONE for k, _ in nx.STEPS[:step])
    assert all(c[k] in (nx.TODO, nx.OFF) for k, _ in nx.STEPS[step + 1:])
    # the errors travel back: arrows right to left only while dC/da^1 = (W^2)^T delta^2 is computed
    assert (c["bk2"] == nx.NOW) == (key == "da1")
    assert (c["bC"] == nx.NOW) == (key == "da2")
    # the gradients replace the weights on the edges from their step on
    for k in (1, 2):
        assert (c[f"wl{k}"] == nx.OFF) == (c[f"g{k}"] != nx.OFF)


def test_backward_arrows_point_right_to_left():
    ex = explorers.get("backpropagating_the_cost")
    html = ex.update(step=8.0, layout="wide")
    groups = re.findall(r'<g class="bp-nx-now">(<line[^>]*/>)?<line x1="([\d.]+)"[^>]*x2="([\d.]+)"[^>]*'
                        r'stroke="#D55E00"[^>]*stroke-dasharray="4 3"/><path', html)
    assert len(groups) >= 6
    for _, x1, x2 in groups:
        assert float(x2) < float(x1)


@pytest.mark.parametrize("node", nx.NODES)
def test_a_node_opens_its_diagrams_1_and_2_with_its_numbers(node):
    ex = explorers.get("four_diagrams")
    html = ex.update(node=node)
    q = ex.quantities(ex.params)
    open_ = {k for c, k in re.findall(r'class="bp-nx-panel ([^"]*)"[^>]*aria-label="The selected (hidden|output)', html)
             if "bp-nx-off" not in c}
    expect = {"none": set(), "1": {"hidden"}, "2": {"output"}}[node[0] if node != "none" else "none"]
    assert open_ == expect
    if node != "none":
        k, i = int(node[0]), int(node[2]) - 1
        sel = q["h"] if k == 1 else q["o"]
        assert sel["z"] == pytest.approx(q["z"][k][i], rel=1e-12)
        assert sel["delta"] == pytest.approx(q["dz"][k][i], rel=1e-12, abs=1e-15)
        assert f"node {i + 1} of layer {k}" in html


def test_node_numbers_are_the_networks():
    params = dict(explorers.get("four_diagrams").params, node="1.3", w1_31=1.2, act="sigmoid")
    q = nx.quantities(params)
    net = rx.network(params)
    trace = net.forward(np.array([params["x1"], params["x2"]]))
    C, g = net.backward(trace, np.array([params["E1"], params["E2"]]))
    assert q["h"]["z"] == pytest.approx(trace.z[1][2]) and q["h"]["dCda"] == pytest.approx(g.a[1][2])
    np.testing.assert_allclose(q["h"]["gW"], g.W[1][2])
    params["node"] = "2.2"
    q = nx.quantities(params)
    assert q["o"]["dCda"] == pytest.approx(2 * (trace.a[2][1] - params["E2"]))
    np.testing.assert_allclose(q["o"]["gW"], g.W[2][1])


def test_one_template_per_layout_whatever_the_step_node_and_activation():
    ex = explorers.get("computing_the_cost")
    assert ex.structure == ("layout",)
    assert sorted(static.templates(ex)) == ["narrow", "wide"]


def test_narrow_layout_fits_a_phone_with_legible_text():
    ex = explorers.get("computing_the_cost")
    html = ex.update(layout="narrow")
    net_svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    width = float(re.search(r'width="([\d.]+)"', net_svg).group(1))
    assert width <= diagrams.NARROW_WIDTH + 20
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', net_svg)]
    assert min(sizes) >= diagrams.NARROW_TEXT
    assert ">C<" in net_svg and "E₂" in net_svg


def test_drag_targets_and_nodes_are_keyboard_reachable():
    html = explorers.get("four_diagrams").html()
    for name in ("x1", "x2", "w1_31", "w2_13", "E1", "E2"):
        tag = re.search(rf'<g [^>]*data-drag="{name}"[^>]*>', html).group(0)
        assert 'tabindex="0"' in tag and 'role="slider"' in tag and "aria-valuenow" in tag
    nodes = re.findall(r'<rect [^>]*data-node="(\d\.\d)"[^>]*tabindex="0" role="button"', html)
    assert sorted(nodes) == sorted(nx.NODES[1:])


def test_bad_step_and_node_are_rejected_with_their_names():
    ex = explorers.get("four_diagrams")
    with pytest.raises(ValueError, match="step"):
        ex.update(step=12.0)
    with pytest.raises(ValueError, match="node"):
        ex.update(node="3.1")


def test_narrow_node_diagrams_fit_a_phone_with_legible_text():
    """In the narrow layout the open node's diagrams 1 and 2 are stacked too: 320 units wide at
    most, no text under 11 units."""
    for node in ("1.2", "2.1"):
        html = explorers.get("four_diagrams").update(layout="narrow", node=node)
        svgs = re.findall(r"<svg.*?</svg>", html, re.S)
        assert len(svgs) == 5                        # the network, two panels of two diagrams
        for s in svgs:
            assert float(re.search(r'width="([\d.]+)"', s).group(1)) <= diagrams.NARROW_WIDTH + 20
            assert min(float(v) for v in re.findall(r'font-size="([\d.]+)"', s)) >= diagrams.NARROW_TEXT


def test_dC_dO_labels_appear_at_their_own_step_not_with_the_cost():
    """In the wide layout the labels ∂C/∂O on the arrows O → C are faint and their numbers hidden
    at step 5 (C), and marked at step 6 (∂C/∂O), while the arrows themselves are shown with C."""
    ex = explorers.get("computing_the_cost")
    for step, want in ((5, nx.TODO), (6, nx.NOW), (7, nx.DONE)):
        html = ex.update(layout="wide", step=float(step))
        groups = re.findall(r'<g class="([^"]*)">((?:(?!<g ).)*?∂C/∂O₁ (?:(?!<g ).)*?)</g>', html, re.S)
        svg_groups = [c for c, body in groups if "<rect" in body]
        assert svg_groups == [want], (step, svg_groups)
