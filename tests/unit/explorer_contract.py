"""The contract every diagram explorer of chapters 3-5 keeps, written once.

A test module states its explorer's particulars as module-level names and imports this
module's tests with ``from explorer_contract import *``:

NAME     the catalogue name             CLASS    the explorer's class
NUMBERS  strings the default page shows (the running example's numbers)
MAIN     the control the no-kernel version sweeps
WIDGET_VALUE  a value for MAIN that differs from its default

All three explorers draw the same running example (the 2-3-2 network of the cost chapters),
so they share its controls, CHANGES below. The tests check that every control changes the picture, that the numbers are the library's,
and that the no-kernel version sweeps the main parameter.
"""

import re

import pytest

from backprop_lib import explorers
from backprop_lib.explorers import _running as rx

__all__ = [
    "pytest_generate_tests", "ex", "spec",
    "test_registered_as_zero_argument_factory", "test_default_numbers_are_the_running_example",
    "test_every_control_changes_the_output", "test_controls_are_inputs_weights_activation_targets",
    "test_widget_updates_in_place", "test_every_activation_renders",
    "test_extreme_settings_stay_finite", "test_static_version_sweeps_the_main_parameter",
    "test_bad_parameter_is_rejected_with_its_name",
]


# A new value for every control: the inputs, one weight per layer, the activation, the targets.
CHANGES = {"x1": -1.3, "x2": 0.7, "w1_31": 1.5, "w2_13": -1.2, "act": "sigmoid",
           "E1": -0.25, "E2": 0.9}


def pytest_generate_tests(metafunc):
    if "control" in metafunc.fixturenames:
        metafunc.parametrize("control", sorted(CHANGES))


@pytest.fixture
def ex(request):
    return explorers.catalog()[request.module.NAME]()


@pytest.fixture
def spec(request):
    return request.module


def test_registered_as_zero_argument_factory(ex, spec):
    assert isinstance(ex, spec.CLASS)
    assert ex.name == spec.NAME and ex.title


def test_default_numbers_are_the_running_example(ex, spec):
    html = ex.html()
    assert all(number in html for number in spec.NUMBERS)
    assert "<svg" in html and 'role="img"' in html


def test_every_control_changes_the_output(ex, spec, control):
    before = ex.html()
    after = ex.update(**{control: CHANGES[control]})
    assert after != before
    assert ex.params[control] == CHANGES[control]


def test_controls_are_inputs_weights_activation_targets(ex, spec):
    assert set(ex.params) == set(CHANGES)


def test_widget_updates_in_place(ex, spec):
    w = ex.widget
    out = ex.output
    before = out.value
    ex.control_widget(spec.MAIN).value = spec.WIDGET_VALUE
    assert out.value != before
    assert ex.widget is w                     # nothing rebuilt


def test_every_activation_renders(ex):
    for _, act in rx.ACTIVATIONS:
        html = ex.update(act=act)
        assert act.split("_")[0] in html


def test_extreme_settings_stay_finite(ex):
    html = ex.update(x1=2.0, x2=-2.0, w1_31=2.0, w2_13=-2.0, E1=-1.0, E2=1.0, act="identity")
    assert "NaN" not in html and "∞" not in html


def test_static_version_sweeps_the_main_parameter(ex, spec):
    assert ex.main == (spec.MAIN,)
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
