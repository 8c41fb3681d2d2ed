"""The backward-node exercises diagnose the classic slips when a learner makes them.

(tests/test_exercises.py already checks every declared mistake of every exercise through its
``wrong`` function; these are learner-style answers written independently of them.)"""

import numpy as np
import pytest

from backprop_lib import exercises

CAT = exercises.catalog()
IDS = ["backward_propagation.error_of_activated", "backward_propagation.sigma_prime",
       "backward_propagation.delta_one_node", "backward_propagation.backward_step"]


@pytest.mark.parametrize("ex_id", IDS)
def test_exists_and_reference_passes(ex_id):
    ex = CAT[ex_id]
    assert ex.check(ex.reference()).passed


def test_backward_step_learner_slips():
    q = CAT["backward_propagation.backward_step"]

    def right(W_next, delta_next, z):
        return (1 - np.tanh(z) ** 2) * (W_next.T @ delta_next)

    def no_sigma_prime(W_next, delta_next, z):
        return W_next.T @ delta_next

    def sigma_prime_of_a(W_next, delta_next, z):
        a = np.tanh(z)
        return (1 - np.tanh(a) ** 2) * (W_next.T @ delta_next)

    def transposed(W_next, delta_next, z):
        return (1 - np.tanh(z) ** 2) * (W_next @ delta_next)

    assert q.check(right).passed
    r = q.check(no_sigma_prime)
    assert not r.passed and r.mistake == "missing_sigma_prime"
    r = q.check(sigma_prime_of_a)
    assert not r.passed and r.mistake == "sigma_prime_of_a"
    r = q.check(transposed)
    assert not r.passed and r.mistake == "transposed"
    assert "transpose" in r.message


def test_value_exercises_learner_slips():
    q = CAT["backward_propagation.error_of_activated"]
    W, d = q.data["W_next"], q.data["delta_next"]
    assert q.check(W.T @ d).passed
    assert not q.check(W * d[:, None]).passed
    q = CAT["backward_propagation.sigma_prime"]
    z = q.data["z"]
    s = 1 / (1 + np.exp(-z))
    assert q.check(s * (1 - s)).passed
    r = q.check(z * (1 - z))
    assert r.mistake == "formula_on_z"
    q = CAT["backward_propagation.delta_one_node"]
    dd = q.data
    zz = dd["w"] @ dd["x"] + dd["b"]
    r = q.check(float(dd["w_next"] @ dd["delta_next"]))
    assert r.mistake == "missing_sigma_prime"
    assert q.check(float((1 - np.tanh(zz) ** 2) * (dd["w_next"] @ dd["delta_next"]))).passed
