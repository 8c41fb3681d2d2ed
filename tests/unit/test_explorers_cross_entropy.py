"""The cross-entropy explorer: both costs' delta^L at the chosen z^L are the chapter's numbers,
every control changes the picture, and the no-kernel version has every control live."""

import pytest

from backprop_lib import cross_entropy as ce, explorers
from backprop_lib.draw import diagrams
from backprop_lib.explorers import cross_entropy as module


@pytest.fixture
def ex():
    return explorers.get("cross_entropy")


def test_registered_and_titled(ex):
    assert isinstance(ex, module.CrossEntropyExplorer) and ex.name == "cross_entropy" and ex.title


def test_default_numbers_are_the_chapters(ex):
    html = ex.html()
    assert diagrams.fmt(ce.output_delta("squared_error", 6.0, 0.0), 4) in html   # 0.0049
    assert diagrams.fmt(ce.output_delta("binary_cross_entropy", 6.0, 0.0), 4) in html  # 0.9975
    assert "<svg" in html and 'role="img"' in html


@pytest.mark.parametrize("control, value", [("z", -3.0), ("E", 1.0)])
def test_every_control_changes_the_output(ex, control, value):
    before = ex.html()
    assert ex.update(**{control: value}) != before


def test_static_version_has_every_control_and_extremes_stay_finite(ex):
    page = ex.static_html()
    assert 'data-explorer="cross_entropy"' in page and page.count('type="range"') == 2
    for z in (-8.0, 0.0, 8.0):
        for E in (0.0, 0.5, 1.0):
            assert "NaN" not in ex.update(z=z, E=E)


def test_ratio_text():
    assert module.ratio_text(0.0049, 0.9975) == "204 times larger"
    assert module.ratio_text(0.0, 0.0) == "—" and module.ratio_text(0.1, 0.0) == "—"
