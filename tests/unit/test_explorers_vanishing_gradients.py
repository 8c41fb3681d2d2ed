"""The vanishing-gradient explorer: responds to every control, agrees with gradient_flow."""

import numpy as np
import pytest

from backprop_lib import explorers, vanishing_gradients as gf
from backprop_lib.explorers import vanishing_gradients as vanishing


def test_in_catalog_and_every_control_changes_the_output():
    ex = explorers.catalog()["vanishing_gradients"]()
    base = ex.html()
    assert ex.update(depth=10.0) != base
    assert ex.update(activation="tanh") != ex.update(activation="relu")
    assert ex.update(weight_scale=2.0) != ex.update(weight_scale=0.5)


def test_numbers_are_those_of_gradient_profile():
    ex = vanishing.VanishingExplorer()
    p = ex.profile(dict(depth=12.0, activation="tanh", weight_scale=1.5))
    q = gf.gradient_profile(12, "tanh", 1.5, width=vanishing.WIDTH, batch=vanishing.BATCH, seed=0)
    np.testing.assert_allclose(p.norms.delta[1:], q.norms.delta[1:], rtol=1e-10)
    assert p.status == q.status


def test_sigmoid_deep_network_stalls_near_the_input_and_learns_near_the_output():
    ex = vanishing.VanishingExplorer()
    p = ex.profile(dict(depth=30.0, activation="sigmoid", weight_scale=1.0))
    assert p.status[1] == "stalled" and p.status[30] == "learns"
    html = ex.update(depth=30.0, activation="sigmoid", weight_scale=1.0)
    assert "stalled: layers 1–" in html  # the text alternative lists the stalled layers


def test_strip_text_alternative_and_bad_input():
    svg = vanishing.layer_strip([None, "learns", "slow", "stalled", "explodes"], [np.nan, 1, 1e-3, 1e-6, 100])
    assert 'role="img"' in svg and "<desc>" in svg and "explodes: layers 4" in svg
    with pytest.raises(ValueError, match="status"):
        vanishing.layer_strip([None], [np.nan])


def test_static_version_has_all_frames():
    ex = vanishing.VanishingExplorer()
    html = ex.static_html()
    assert html.count('type="range"') == 3
    assert 'data-explorer="vanishing_gradients"' in html
