"""The vanishing-gradient explorer: responds to every control, agrees with gradient_flow."""

import numpy as np
import pytest

from backprop_lib import explorers, vanishing_gradients as gf
from backprop_lib.draw import vanishing_gradients as figure
from backprop_lib.explorers import vanishing_gradients as vanishing


def test_numbers_are_those_of_gradient_profile():
    ex = vanishing.VanishingExplorer()
    q = ex.quantities(dict(depth=12.0, activation="tanh", weight_scale=1.5))
    p = gf.gradient_profile(12, "tanh", 1.5, width=vanishing.WIDTH, batch=vanishing.BATCH, seed=0)
    np.testing.assert_allclose(q["delta"], p.norms.delta[1:], rtol=1e-10)
    assert q["strip"] == figure.strip_quantities(p.status)


def test_sigmoid_deep_network_stalls_near_the_input_and_learns_near_the_output():
    ex = vanishing.VanishingExplorer()
    q = ex.quantities(dict(depth=30.0, activation="sigmoid", weight_scale=1.0))
    assert q["strip"]["1"]["glyph"] == figure.STATE_STYLE["stalled"][1]
    assert q["strip"]["30"]["glyph"] == figure.STATE_STYLE["learns"][1]
    html = ex.update(depth=30.0, activation="sigmoid", weight_scale=1.0)
    assert "stalled: layers 1–" in html  # the text alternative lists the stalled layers


def test_strip_text_alternative():
    strip = figure.strip_quantities([None, "learns", "slow", "stalled", "explodes"])
    svg = figure.layer_strip(strip)
    assert 'role="img"' in svg and "<desc>" in svg and "explodes: layers 4" in svg
    assert svg.count("<rect") == 4 and figure.STATE_STYLE["slow"][1] in svg


def test_static_version_has_every_control():
    ex = vanishing.VanishingExplorer()
    html = ex.static_html()
    assert html.count('type="range"') == 2 and 'data-param="activation"' in html
    assert 'data-explorer="vanishing_gradients"' in html
