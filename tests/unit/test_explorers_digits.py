"""The digits explorer: a held-out digit, the trained network's probabilities (the library's
numbers) and the error at the pixels; the slider changes the digit; the static version sweeps it."""

import numpy as np
import pytest

from backprop_lib import digits, explorers
from backprop_lib.draw import diagrams
from backprop_lib.explorers import digits as module


@pytest.fixture
def ex():
    return explorers.get("digits")


def test_registered_and_titled(ex):
    assert isinstance(ex, module.DigitsExplorer) and ex.name == "digits" and ex.title


def test_numbers_are_the_trained_networks(ex):
    run = module.trained_run()
    assert run is digits.train(seed=0)
    idx = module.choices(run)[0]
    O = run.net.predict(digits.scale(run.X_test[idx]))
    C = -np.log(O[run.y_test[idx]])
    html = ex.html()
    assert f"label {run.y_test[idx]}" in html and diagrams.fmt(C, 3) in html
    assert html.count("<svg") == 3 and 'role="img"' in html
    # the first choices are the misclassified digits
    assert run.predictions()[idx] != run.y_test[idx] and "WRONG" in html


def test_slider_changes_the_digit_and_static_version_sweeps_it(ex):
    before = ex.html()
    assert ex.update(i=10) != before
    page = ex.static_html()
    assert 'data-explorer="digits"' in page and page.count('type="range"') == 1
    assert len(page) < 500_000
    with pytest.raises(ValueError, match="i"):
        ex.update(i=module.N_DIGITS)
