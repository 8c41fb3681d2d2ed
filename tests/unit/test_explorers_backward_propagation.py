"""The backward-node explorer shows dC/da, sigma'(z) and delta for the values its controls set."""

import numpy as np

from backprop_lib import activations, explorers
from backprop_lib.draw import diagrams


def test_defaults_are_the_running_example():
    ex = explorers.catalog()["backward_propagation"]()
    html = ex.html()
    # node 1 of layer 1 of the running example: z = 0.9, delta^2 = (-1.22, -0.15) (rounded)
    dCda = 0.5 * -1.22 + -0.7 * -0.15
    sp = 1 - np.tanh(0.9) ** 2
    for v in (dCda, sp, sp * dCda):
        assert diagrams.fmt(v) in html


def test_numbers_follow_the_controls():
    ex = explorers.catalog()["backward_propagation"]()
    for act in activations.NAMES:
        p = dict(d1=0.4, d2=-0.3, v1=1.2, v2=0.6, b=-0.5, x1=1.0, x2=0.5, w1=0.3, w2=-0.2,
                 activation=act)
        html = ex.update(**p)
        z = 0.3 * 1.0 - 0.2 * 0.5 - 0.5
        dCda = 1.2 * 0.4 + 0.6 * -0.3
        sp = float(activations.get(act).derivative(z))
        assert f"= {diagrams.fmt(dCda)}" in html
        assert f"σ′(z) = {diagrams.fmt(sp)}" in html
        assert f"= {diagrams.fmt(sp * dCda)}" in html


def test_saturation_shrinks_delta():
    ex = explorers.catalog()["backward_propagation"]()
    html = ex.update(b=3.0, activation="tanh")
    z = 0.4 * 0.5 - 0.6 * -1.0 + 3.0
    assert f"σ′(z) = {diagrams.fmt(1 - np.tanh(z) ** 2)}" in html
    assert 1 - np.tanh(z) ** 2 < 0.01
