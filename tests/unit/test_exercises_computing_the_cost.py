"""The cost chapter's exercises diagnose the mistakes the course lists, written as a learner would."""

import numpy as np
import pytest

from backprop_lib import exercises

CAT = exercises.catalog()
MINE = sorted(i for i in CAT if i.startswith("computing_the_cost."))


def test_chapter_has_its_exercises():
    assert MINE == ["computing_the_cost.batch_cost", "computing_the_cost.output_delta", "computing_the_cost.output_gradient",
                    "computing_the_cost.squared_error"]
    assert any(CAT[i].kind == "function" for i in MINE)


O, E = np.array([0.8, -0.2, 0.1]), np.array([1.0, 0.0, -0.3])


@pytest.mark.parametrize("answer, mistake", [
    (0.5 * np.sum((O - E) ** 2), "half_convention"),        # the 1/2 convention
    (np.mean((O - E) ** 2), "mean_over_outputs"),
    (np.sum(O - E), "not_squared"),
    (np.linalg.norm(O - E), "root"),
    ([0.04, 0.04, 0.16], "shape"),                          # wrong shape: the terms, not the sum
])
def test_squared_error_learner_answers(answer, mistake):
    r = CAT["computing_the_cost.squared_error"].check(answer)
    assert not r.passed and r.mistake == mistake, r
    assert "0.24" not in r.message                          # never gives the answer away


@pytest.mark.parametrize("answer, mistake", [
    (O - E, "missing_factor_2"),
    (2 * (E - O), "flipped_sign"),
    ([2 * (O - E)], "shape"),
    (np.sum(2 * (O - E)), "summed"),
])
def test_output_gradient_learner_answers(answer, mistake):
    r = CAT["computing_the_cost.output_gradient"].check(answer)
    assert not r.passed and r.mistake == mistake, r


def _delta_no_sigma_prime(zL, E, activation):
    O = activation(zL)
    return 2 * (O - E)


def _delta_sigma_prime_of_a(zL, E, activation):
    O = activation(zL)
    return 2 * (O - E) * activation.derivative(O)


def _delta_no_2(zL, E, activation):
    return (activation(zL) - E) * activation.derivative(zL)


def _delta_sign(zL, E, activation):
    return 2 * (E - activation(zL)) * activation.derivative(zL)


def _delta_sum(zL, E, activation):
    return np.sum(2 * (activation(zL) - E) * activation.derivative(zL))


def _delta_ok_loop(zL, E, activation):
    out = np.zeros_like(zL)
    for i in range(len(zL)):
        out[i] = 2 * (activation(zL[i]) - E[i]) * activation.derivative(zL[i])
    return out


@pytest.mark.parametrize("fn, mistake", [
    (_delta_no_sigma_prime, "missing_sigma_prime"),
    (_delta_sigma_prime_of_a, "sigma_prime_of_a"),
    (_delta_no_2, "missing_factor_2"),
    (_delta_sign, "flipped_sign"),
    (_delta_sum, "shape"),
])
def test_output_delta_learner_functions(fn, mistake):
    r = CAT["computing_the_cost.output_delta"].check(fn)
    assert not r.passed and r.mistake == mistake, r
    assert "test case 1" in r.message and "activation=tanh" in r.message


def test_output_delta_accepts_a_correct_loop():
    assert CAT["computing_the_cost.output_delta"].check(_delta_ok_loop).passed


@pytest.mark.parametrize("fn, mistake", [
    (lambda O, E: np.sum((O - E) ** 2), "sum_over_batch"),
    (lambda O, E: np.mean((O - E) ** 2), "mean_over_everything"),
    (lambda O, E: np.sum((O - E) ** 2, axis=1), "per_example"),
    (lambda O, E: np.sum((O - E) ** 2, axis=0).mean(), "axes_swapped"),
])
def test_batch_cost_learner_functions(fn, mistake):
    r = CAT["computing_the_cost.batch_cost"].check(fn)
    assert not r.passed and r.mistake == mistake, r


def test_batch_cost_sum_over_batch_message_says_mean():
    r = CAT["computing_the_cost.batch_cost"].check(lambda O, E: np.sum((O - E) ** 2))
    assert "MEAN" in r.message
