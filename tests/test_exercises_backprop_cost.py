"""The backpropagating-the-cost exercises diagnose the listed mistakes, written as a learner would."""

import numpy as np
import pytest

from backprop_lib import exercises

CAT = exercises.catalog()
MINE = sorted(i for i in CAT if i.startswith("backprop_cost."))


def test_chapter_has_its_exercises():
    assert MINE == ["backprop_cost.backprop_all", "backprop_cost.backprop_layer",
                    "backprop_cost.hidden_delta"]
    assert sum(CAT[i].kind == "function" for i in MINE) == 2


@pytest.mark.parametrize("ex_id", MINE)
def test_every_declared_mistake_is_named(ex_id):
    ex = CAT[ex_id]
    assert ex.check(ex.reference()).passed
    for m in ex.mistakes:
        r = ex.check(m.wrong if ex.kind == "function" else m.wrong())
        assert not r.passed and r.mistake == m.name, (m.name, r)


def _hidden_data():
    d = CAT["backprop_cost.hidden_delta"].data
    return d["z"], d["W_next"], d["delta_next"]


def test_hidden_delta_learner_answers():
    z, W, d = _hidden_data()
    q = CAT["backprop_cost.hidden_delta"]
    tp = 1 - np.tanh(z) ** 2
    assert q.check(tp * (d @ W)).passed                       # d @ W == W.T @ d: also right
    cases = [
        (W.T @ d, "missing_sigma_prime"),
        ((1 - np.tanh(np.tanh(z)) ** 2) * (W.T @ d), "sigma_prime_of_a"),
        (-tp * (W.T @ d), "flipped_sign"),
        (tp * (W.T @ d) * 2, "generic:double"),
        (np.append(tp * (W.T @ d), 0.0), "shape"),             # wrong shape
    ]
    for answer, mistake in cases:
        r = q.check(answer)
        assert not r.passed and r.mistake == mistake, (mistake, r)


def _layer_no_transpose(W_next, delta_next, z, activation):
    return activation.derivative(z) * (W_next @ delta_next)


def _layer_no_sigma_prime(W_next, delta_next, z, activation):
    return W_next.T @ delta_next


def _layer_sigma_prime_of_a(W_next, delta_next, z, activation):
    a = activation(z)
    return activation.derivative(a) * (W_next.T @ delta_next)


def _layer_loops(W_next, delta_next, z, activation):
    n_next, n = W_next.shape
    out = np.zeros(n)
    for j in range(n):
        s = 0.0
        for i in range(n_next):
            s += W_next[i, j] * delta_next[i]
        out[j] = activation.derivative(z[j]) * s
    return out


@pytest.mark.parametrize("fn, mistake", [
    (_layer_no_transpose, "not_transposed"),
    (_layer_no_sigma_prime, "missing_sigma_prime"),
    (_layer_sigma_prime_of_a, "sigma_prime_of_a"),
    (lambda W_next, delta_next, z, activation: np.outer(W_next.T @ delta_next,
                                                         activation.derivative(z)), "shape"),
])
def test_backprop_layer_learner_functions(fn, mistake):
    r = CAT["backprop_cost.backprop_layer"].check(fn)
    assert not r.passed and r.mistake == mistake, r
    assert "test case 1 of 4" in r.message


def test_backprop_layer_accepts_explicit_loops():
    assert CAT["backprop_cost.backprop_layer"].check(_layer_loops).passed


def _all_with_none(W, z, E, activation):
    L = len(W) - 1
    d = [None] * (L + 1)
    d[L] = 2 * (activation(z[L]) - E) * activation.derivative(z[L])
    for k in range(L - 1, 0, -1):
        d[k] = activation.derivative(z[k]) * (W[k + 1].T @ d[k + 1])
    return d                                        # forgot to drop index 0


def _all_half(W, z, E, activation):
    L = len(W) - 1
    d = [None] * (L + 1)
    d[L] = (activation(z[L]) - E) * activation.derivative(z[L])
    for k in range(L - 1, 0, -1):
        d[k] = activation.derivative(z[k]) * (W[k + 1].T @ d[k + 1])
    return d[1:]


def test_backprop_all_learner_functions():
    q = CAT["backprop_cost.backprop_all"]
    r = q.check(_all_half)
    assert r.mistake == "missing_factor_2", r
    r = q.check(_all_with_none)
    assert not r.passed and r.mistake == "type" and "3 parts" in r.message, r
    assert q.check(lambda W, z, E, activation: _all_with_none(W, z, E, activation)[1:]).passed
