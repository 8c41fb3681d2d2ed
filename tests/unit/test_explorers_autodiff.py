"""The autodiff explorer: values and errors of the small graph are the engine's (and the hand
computation's), every control changes the picture, and the no-kernel version has every control live."""

import numpy as np
import pytest

from backprop_lib import explorers
from backprop_lib.explorers import autodiff as module


@pytest.fixture
def ex():
    return explorers.get("autodiff")


def test_registered_and_titled(ex):
    assert isinstance(ex, module.AutodiffExplorer) and ex.name == "autodiff" and ex.title
    assert "autodiff" in explorers.catalog()


def test_numbers_are_the_hand_computation(ex):
    x, w, E = module.X, module.W, module.E
    h = np.tanh(w * x)
    y = h + x
    dv = 2 * (w * y - E)
    use2 = dv * y
    use1 = dv * w * (1 - h * h) * x
    html = ex.html()
    for value in (use1, use2, use1 + use2, (w * y - E) ** 2):
        assert f"{value:.3f}".replace("-", "−") in html
    assert "skip" in html and "use 1 + use 2" in html


@pytest.mark.parametrize("control, value", [("w", -1.3), ("x", 1.5), ("E", -0.4)])
def test_every_control_changes_the_output(ex, control, value):
    before = ex.html()
    assert ex.update(**{control: value}) != before


def test_static_version_has_every_control_and_extremes_stay_finite(ex):
    page = ex.static_html()
    assert 'data-explorer="autodiff"' in page and page.count('type="range"') == 3
    html = ex.update(w=2.0, x=-2.0, E=2.0)
    assert "NaN" not in html and "∞" not in html
    with pytest.raises(ValueError, match="w"):
        ex.update(w=5.0)
