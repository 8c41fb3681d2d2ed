"""The forward-node explorer shows the right numbers for the values its controls set."""

import numpy as np

from backprop_lib import activations, explorers
from backprop_lib.draw import diagrams


def test_defaults_are_the_running_example():
    ex = explorers.catalog()["forward_propagation"]()
    p = ex.params
    assert (p["x1"], p["x2"], p["w1"], p["w2"], p["b"]) == (0.5, -1.0, 0.4, -0.6, 0.1)
    html = ex.html()
    assert "= 0.90" in html and "0.72" in html  # z = 0.9, a = tanh(0.9)


def test_numbers_follow_the_controls():
    ex = explorers.catalog()["forward_propagation"]()
    for act in activations.NAMES:
        html = ex.update(x1=1.5, x2=-0.5, w1=-1.0, w2=0.8, b=0.3, activation=act)
        z = -1.0 * 1.5 + 0.8 * -0.5 + 0.3
        a = float(activations.get(act)(z))
        assert f"= {diagrams.fmt(z)}" in html
        assert f"{act}({diagrams.fmt(z)}) = {diagrams.fmt(a)}" in html
        for wn in (0.5, -0.7):  # contributions to the next layer
            assert diagrams.fmt(wn * a) in html


def test_static_version_sweeps_the_first_input():
    ex = explorers.catalog()["forward_propagation"]()
    html = ex.static_html()
    assert "a⁰₁" in html and html.count("<svg") >= 2
