"""Exercises of the vanishing-gradient chapter: references pass, learners' slips are named."""

import math

import numpy as np
import pytest

from backprop_lib import exercises

CAT = exercises.catalog()
IDS = ["vanishing_gradients.sigmoid_slope", "vanishing_gradients.one_step", "vanishing_gradients.unrolled_bound",
       "vanishing_gradients.layers_until", "vanishing_gradients.exploding"]


@pytest.mark.parametrize("ex_id", IDS)
def test_registered_and_reference_passes(ex_id):
    ex = CAT[ex_id]
    assert ex.check(ex.reference()).passed
    assert ex.solution() and ex.hint()


def test_equivalent_correct_answers_pass():
    assert CAT["vanishing_gradients.sigmoid_slope"].check(1 / 4).passed
    assert CAT["vanishing_gradients.layers_until"].check(math.ceil(6 / math.log10(4))).passed
    assert CAT["vanishing_gradients.exploding"].check(np.float64(1.5) ** 20).passed

    def delta_bound(weights, gamma):
        return float(np.prod([gamma * np.linalg.svd(W, compute_uv=False).max() for W in weights]))

    assert CAT["vanishing_gradients.unrolled_bound"].check(delta_bound).passed


@pytest.mark.parametrize("ex_id,answer,mistake", [
    ("vanishing_gradients.sigmoid_slope", 0.5, "sigma_at_zero"),
    ("vanishing_gradients.sigmoid_slope", 1.0, "tanh_slope"),
    ("vanishing_gradients.layers_until", 9, "rounded_down"),
    ("vanishing_gradients.layers_until", 20, "half"),
    ("vanishing_gradients.exploding", 1.5 ** 21, "off_by_one"),
])
def test_value_mistakes_are_named(ex_id, answer, mistake):
    r = CAT[ex_id].check(answer)
    assert not r.passed and r.mistake == mistake


def test_frobenius_instead_of_operator_norm_is_named():
    q = CAT["vanishing_gradients.one_step"]
    d = q.data
    r = q.check(0.25 * np.linalg.norm(d["W_next"]) * np.linalg.norm(d["delta_next"]))
    assert not r.passed and r.mistake == "frobenius" and "operator norm" in r.message

    def frob(weights, gamma):
        return float(np.prod([gamma * np.linalg.norm(W) for W in weights]))

    r = CAT["vanishing_gradients.unrolled_bound"].check(frob)
    assert not r.passed and r.mistake == "frobenius"
