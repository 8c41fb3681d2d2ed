"""The digits explorer: a held-out digit, the trained network's probabilities (the library's
numbers) and the error at the pixels; the slider changes the digit; in the static version the page looks the digit up."""

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
    assert html.count("<svg") == 4 and 'role="img"' in html   # the digit, its errors, the bars at two widths
    # the first choices are the misclassified digits
    assert run.predictions()[idx] != run.y_test[idx] and "WRONG" in html


def test_slider_changes_the_digit_and_static_version_is_live(ex):
    before = ex.html()
    assert ex.update(i=10) != before
    page = ex.static_html()
    assert 'data-explorer="digits"' in page and page.count('type="range"') == 1
    assert len(page) < 500_000
    with pytest.raises(ValueError, match="i"):
        ex.update(i=module.N_DIGITS)


def test_live_table_is_the_rendering_of_every_choice(ex):
    """The page's table (live_data) holds, for each of the 20 choices, the numbers the figure shows."""
    data = ex.live_data()
    assert len(data["digits"]) == module.N_DIGITS
    run = module.trained_run()
    for i in (0, 7, module.N_DIGITS - 1):
        row = data["digits"][i]
        assert row["idx"] == module.choices(run)[i] and row["label"] == run.y_test[row["idx"]]
        html = ex.update(i=i)
        assert f"label {row['label']}" in html and diagrams.fmt(row["C"], 3) in html
        assert np.isclose(sum(row["O"]), 1.0)
