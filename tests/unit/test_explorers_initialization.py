"""The initialization explorer: responds to every control; measured variances follow the theory."""

import numpy as np

from backprop_lib import explorers
from backprop_lib.explorers import initialization as ini


def test_in_catalog_and_every_control_changes_the_output():
    ex = explorers.catalog()["initialization"]()
    base = ex.html()
    assert ex.update(width=32) != base
    assert ex.update(depth=5.0) != ex.update(depth=15.0)
    assert ex.update(initializer="he_normal") != ex.update(initializer="standard")
    assert ex.update(activation="relu") != ex.update(activation="tanh")


def test_output_error_is_the_chosen_noise():
    meas, lin, mf = ini.compute(64, 6, "xavier_uniform", "tanh")
    assert abs(meas.delta[6] - 1.0) < 0.1          # delta^L = r ~ N(0, 1)


def test_he_keeps_relu_variance_and_standard_shrinks_tanh_as_predicted():
    meas, lin, _ = ini.compute(128, 10, "he_normal", "relu")
    ratio = meas.z[9] / meas.z[1]
    assert 0.5 < ratio < 2.0                          # about constant (theory: exactly 1)
    meas, lin, mf = ini.compute(128, 10, "standard", "tanh")
    per_layer = (meas.z[9] / meas.z[2]) ** (1 / 7)
    assert abs(per_layer - 1 / 3) < 0.05              # theory: 1/3 per layer
    np.testing.assert_allclose(meas.a[1:10], mf.a[1:10], rtol=0.3)


def test_static_version():
    html = ini.InitializationExplorer().static_html()
    assert html.count('type="range"') == 3 and 'data-explorer="initialization"' in html
