"""The weight_gradients explorer: every control changes the picture, the numbers are the library's,
and the no-kernel version sweeps its main parameter."""

import re

import pytest

from backprop_lib import explorers
from backprop_lib.explorers import weight_gradients as module

NAME = "weight_gradients"


@pytest.fixture
def ex():
    return explorers.catalog()[NAME]()


def test_registered_as_zero_argument_factory(ex):
    assert isinstance(ex, module.WeightGradientsExplorer)
    assert ex.name == NAME and ex.title


def test_default_numbers_are_the_running_example(ex):
    html = ex.html()
    assert "−0.874" in html and "0.697" in html
    assert "<svg" in html and 'role="img"' in html


CHANGES = {"x1": -1.3, "x2": 0.7, "w1_31": 1.5, "w2_13": -1.2, "act": "sigmoid",
           "E1": -0.25, "E2": 0.9}


@pytest.mark.parametrize("control", sorted(CHANGES))
def test_every_control_changes_the_output(ex, control):
    before = ex.html()
    after = ex.update(**{control: CHANGES[control]})
    assert after != before
    assert ex.params[control] == CHANGES[control]


def test_controls_are_inputs_weights_activation_targets(ex):
    assert set(ex.params) == set(CHANGES)


def test_widget_updates_in_place(ex):
    w = ex.widget
    out = ex.output
    before = out.value
    ex.control_widget("x1").value = 0.0 if "x1" != "E1" else -0.9
    assert out.value != before
    assert ex.widget is w                     # nothing rebuilt


def test_every_activation_renders(ex):
    for _, act in module.rx.ACTIVATIONS:
        html = ex.update(act=act)
        assert act.split("_")[0] in html


def test_extreme_settings_stay_finite(ex):
    html = ex.update(x1=2.0, x2=-2.0, w1_31=2.0, w2_13=-2.0, E1=-1.0, E2=1.0, act="identity")
    assert "NaN" not in html and "∞" not in html


def test_static_version_sweeps_the_main_parameter(ex):
    assert ex.main == ("x1",)
    page = ex.static_html()
    frames = re.search(r'<script type="application/json" class="bp-frames">(.*?)</script>',
                       page, re.S).group(1)
    assert frames.count("<svg") >= 10          # distinct precomputed frames
    assert 'type="range"' in page and "No-kernel version" in page


def test_bad_parameter_is_rejected_with_its_name(ex):
    with pytest.raises(ValueError, match="x1"):
        ex.update(x1=5.0)
    with pytest.raises(ValueError, match="nonsense"):
        ex.update(nonsense=1.0)


def test_static_version_starts_on_the_running_example_and_reaches_zero(ex):
    page = ex.static_html()
    assert 'value="15"' in page                 # index of 0.5 in -1.0, -0.9, ..., 1.0
    assert re.search(r'<output[^>]*>([^<]*)</output>', page).group(1) == "0.5"
    labels = re.search(r'"labels":\[\[([^\]]*)\]\]', page).group(1)
    assert '"0.0"' in labels and '"−1.0"' in labels and '"1.0"' in labels
