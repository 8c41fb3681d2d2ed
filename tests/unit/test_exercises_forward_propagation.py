"""The forward-node exercises diagnose the classic slips when a learner makes them.

(tests/unit/test_exercises.py already checks every declared mistake of every exercise through its
``wrong`` function; these are learner-style answers written independently of them.)"""

import numpy as np
import pytest

from backprop_lib import exercises

CAT = exercises.catalog()
IDS = ["forward_propagation.weighted_sum", "forward_propagation.activation",
       "forward_propagation.layer_forward", "forward_propagation.batch_forward"]


@pytest.mark.parametrize("ex_id", IDS)
def test_exists_and_reference_passes(ex_id):
    ex = CAT[ex_id]
    assert ex.chapter == "forward-propagation" and ex.chapter_ids == IDS
    assert ex.check(ex.reference()).passed


def test_value_exercises_learner_slips():
    q = CAT["forward_propagation.weighted_sum"]
    w, a, b = q.data["w"], q.data["a_prev"], q.data["b"]
    assert q.check(float(np.dot(w, a) + b)).passed
    assert q.check(float(np.dot(w, a))).mistake == "missing_bias"
    assert q.check(float(np.dot(w, a) - b)).mistake == "bias_subtracted"
    q = CAT["forward_propagation.activation"]
    z = q.data["z"]
    assert q.check(1 / (1 + np.exp(-z))).passed
    assert q.check(z).mistake == "no_activation"
    assert q.check(1 / (1 + np.exp(z))).mistake == "exp_sign"


def test_layer_forward_learner_slips():
    q = CAT["forward_propagation.layer_forward"]

    def right(W, a_prev, b):
        return np.tanh(np.dot(W, a_prev) + b)

    def looped(W, a_prev, b):  # one node at a time: also right
        return np.array([np.tanh(sum(W[i, j] * a_prev[j] for j in range(len(a_prev))) + b[i])
                         for i in range(len(b))])

    def transposed(W, a_prev, b):
        return np.tanh(W.T @ a_prev + b)

    def bias_after(W, a_prev, b):
        return np.tanh(W @ a_prev) + b

    assert q.check(right).passed and q.check(looped).passed
    assert q.check(bias_after).mistake == "activation_before_bias"
    r = q.check(transposed)
    assert not r.passed and r.mistake in ("transposed", None)


def test_batch_forward_learner_slips():
    q = CAT["forward_propagation.batch_forward"]

    def right(W, A_prev, b):
        return np.tanh(A_prev @ W.T + b)

    def forgot_bias(W, A_prev, b):
        return np.tanh(A_prev @ W.T)

    assert q.check(right).passed
    assert q.check(forgot_bias).mistake == "missing_bias"
