"""The three explorers of the running example (computing the cost, backpropagating the cost,
weight gradients), one table: every control changes the picture, the numbers are the library's.

All three are the network explorable (explorers/network_explorable.py) opened at their own step,
so they share its controls, CHANGES below. (That the page computes the same numbers:
test_explorers_live.py; the step, node and layout: test_explorers_network.py.)
"""

from types import SimpleNamespace

import pytest

from backprop_lib import explorers
from backprop_lib.explorers import running_example as rx
from backprop_lib.explorers import backpropagating_the_cost, computing_the_cost, weight_gradients


# A new value for every control: the inputs, one weight per layer, the activation, the targets.
CHANGES = {"x1": -1.3, "x2": 0.7, "w1_31": 1.5, "w2_13": -1.2, "act": "sigmoid",
           "E1": -0.25, "E2": 0.9, "step": 3.0, "node": "1.2", "layout": "narrow"}


#: explorer id -> its class, numbers its default page shows, and a control with another value
#: to set through the widget.
TABLE = {
    "computing_the_cost": dict(CLASS=computing_the_cost.CostExplorer,
                               NUMBERS=("0.3977", "(−1.220, −0.150)"), MAIN="E1", WIDGET_VALUE=-0.9),
    "backpropagating_the_cost": dict(CLASS=backpropagating_the_cost.BackpropCostExplorer,
                                     NUMBERS=("(−0.505, 0.443, −1.066)", "(−0.246, 0.442, −0.718)"),
                                     MAIN="w2_13", WIDGET_VALUE=0.0),
    "weight_gradients": dict(CLASS=weight_gradients.WeightGradientsExplorer,
                             NUMBERS=("−0.874", "0.697"), MAIN="x1", WIDGET_VALUE=0.0),
}


@pytest.fixture(params=sorted(TABLE))
def name(request):
    return request.param


@pytest.fixture
def ex(name):
    return explorers.catalog()[name]()


@pytest.fixture
def spec(name):
    return SimpleNamespace(NAME=name, **TABLE[name])


@pytest.fixture(params=sorted(CHANGES))
def control(request):
    return request.param


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


def test_controls_are_step_node_inputs_weights_activation_targets_layout(ex, spec):
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


def test_bad_parameter_is_rejected_with_its_name(ex):
    with pytest.raises(ValueError, match="x1"):
        ex.update(x1=5.0)
    with pytest.raises(ValueError, match="nonsense"):
        ex.update(nonsense=1.0)
