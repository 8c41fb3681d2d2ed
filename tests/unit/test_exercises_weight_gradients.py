"""The weight-gradient exercises diagnose the listed mistakes, written as a learner would."""

import numpy as np
import pytest

from backprop_lib import exercises

CAT = exercises.catalog()
MINE = sorted(i for i in CAT if i.startswith("weight_gradients."))


def test_chapter_has_its_exercises():
    assert MINE == ["weight_gradients.all_layers", "weight_gradients.batch_gradient",
                    "weight_gradients.layer_gradient", "weight_gradients.sgd_step",
                    "weight_gradients.single_weight"]
    assert sum(CAT[i].kind == "function" for i in MINE) == 3


def test_single_weight_learner_answers():
    q = CAT["weight_gradients.single_weight"]
    d = q.data
    assert q.check(d["delta2"][0] * d["a1"][1]).passed
    assert q.check(-1.2198 * 0.05).passed                       # by hand, rounded
    cases = [
        (d["delta2"][0] * d["a2"][1], "wrong_layer_activation"),   # a^k for a^{k-1}
        (d["delta2"][1] * d["a1"][0], "indices_swapped"),
        (d["delta2"][0] * d["a1"][0], "source_index"),             # the source text's A_i
        (-d["delta2"][0] * d["a1"][1], "flipped_sign"),
        (np.outer(d["delta2"], d["a1"]), "whole_matrix"),          # the whole matrix
    ]
    for answer, mistake in cases:
        r = q.check(answer)
        assert not r.passed and r.mistake == mistake, (mistake, r)


@pytest.mark.parametrize("fn, mistake", [
    (lambda delta, a_prev: np.outer(a_prev, delta), "transposed"),          # a delta^T
    (lambda delta, a_prev: a_prev[:, None] * delta[None, :], "transposed"),
    (lambda delta, a_prev: delta * a_prev, "elementwise"),
    (lambda delta, a_prev: delta @ a_prev, "dot"),
    (lambda delta, a_prev: np.outer(delta, a_prev).ravel(), "shape"),
])
def test_layer_gradient_learner_functions(fn, mistake):
    r = CAT["weight_gradients.layer_gradient"].check(fn)
    assert not r.passed and r.mistake == mistake, r


def test_layer_gradient_accepts_broadcasting():
    q = CAT["weight_gradients.layer_gradient"]
    assert q.check(lambda delta, a_prev: delta[:, None] * a_prev[None, :]).passed


@pytest.mark.parametrize("fn, mistake", [
    (lambda deltas, A_prev: deltas.T @ A_prev, "sum_over_batch"),
    (lambda deltas, A_prev: sum(np.outer(d, a) for d, a in zip(deltas, A_prev)), "sum_over_batch"),
    (lambda deltas, A_prev: A_prev.T @ deltas / len(deltas), "transposed"),
    (lambda deltas, A_prev: np.outer(deltas.mean(0), A_prev.mean(0)), "mean_first"),
    (lambda deltas, A_prev: np.outer(deltas[0], A_prev[0]), "first_example"),
    (lambda deltas, A_prev: deltas.T @ A_prev / A_prev.shape[1], "generic:factor"),
])
def test_batch_gradient_learner_functions(fn, mistake):
    r = CAT["weight_gradients.batch_gradient"].check(fn)
    assert not r.passed and r.mistake == mistake, r


def test_batch_gradient_accepts_mean_of_outer_products():
    q = CAT["weight_gradients.batch_gradient"]
    assert q.check(lambda deltas, A_prev: np.mean(
        [np.outer(d, a) for d, a in zip(deltas, A_prev)], axis=0)).passed


def test_all_layers_learner_functions():
    q = CAT["weight_gradients.all_layers"]
    r = q.check(lambda a, delta: [np.outer(delta[k], a[k]) for k in range(1, len(a))])
    assert r.mistake == "wrong_layer_activation", r
    r = q.check(lambda a, delta: [np.outer(a[k - 1], delta[k]) for k in range(1, len(a))])
    assert r.mistake == "transposed", r


def test_sgd_step_learner_answers():
    q = CAT["weight_gradients.sgd_step"]
    d = q.data
    assert q.check(d["W"] - d["lr"] * d["grad"]).passed
    assert q.check(d["W"] + d["lr"] * d["grad"]).mistake == "flipped_sign"
    assert q.check(d["W"] - d["grad"]).mistake == "no_learning_rate"
    assert q.check(d["W"].T - d["lr"] * d["grad"].T).mistake == "transposed"
