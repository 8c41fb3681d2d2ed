"""The backpropagating-the-cost exercises diagnose the listed mistakes, written as a learner would."""

import numpy as np
import pytest

from backprop_lib import exercises

CAT = exercises.catalog()
MINE = sorted(i for i in CAT if i.startswith("backpropagating_the_cost."))


def test_chapter_has_its_exercises():
    assert MINE == ["backpropagating_the_cost.backprop_all", "backpropagating_the_cost.batch_step",
                    "backpropagating_the_cost.two_steps"]
    assert sum(CAT[i].kind == "function" for i in MINE) == 2


def _two_steps(d, *, factor=2.0, prime=lambda z: 1 - np.tanh(z) ** 2, out_prime=True,
               transpose=True, steps=2):
    d3 = factor * (np.tanh(d["z3"]) - d["E"]) * (prime(d["z3"]) if out_prime else 1.0)
    d2 = prime(d["z2"]) * (d["W3"].T @ d3)
    if steps == 1:
        return d2
    W2 = d["W2"].T if transpose else d["W2"]
    return prime(d["z1"]) * (W2 @ d2)


def test_two_steps_learner_answers():
    q = CAT["backpropagating_the_cost.two_steps"]
    d = q.data
    assert q.check(_two_steps(d)).passed
    sig_of_a = lambda z: 1 - np.tanh(np.tanh(z)) ** 2                     # noqa: E731
    cases = [
        (_two_steps(d, factor=1.0), "missing_factor_2"),
        (_two_steps(d, out_prime=False), "missing_output_sigma_prime"),
        (_two_steps(d, transpose=False), "not_transposed"),
        (_two_steps(d, prime=sig_of_a), "sigma_prime_of_a"),
        (_two_steps(d, steps=1), "one_step_only"),
        (-_two_steps(d), "flipped_sign"),
        (np.append(_two_steps(d), 0.0), "shape"),
    ]
    for answer, mistake in cases:
        r = q.check(answer)
        assert not r.passed and r.mistake == mistake, (mistake, r)


def _step_loop(W_next, Delta_next, Z, activation):
    out = np.zeros_like(Z)
    for b in range(Z.shape[0]):
        out[b] = activation.derivative(Z[b]) * (W_next.T @ Delta_next[b])
    return out


@pytest.mark.parametrize("fn, mistake", [
    (lambda W_next, Delta_next, Z, activation:
     activation.derivative(Z) * (Delta_next @ W_next.T), "transposed"),
    (lambda W_next, Delta_next, Z, activation: Delta_next @ W_next, "missing_sigma_prime"),
    (lambda W_next, Delta_next, Z, activation:
     activation.derivative(activation(Z)) * (Delta_next @ W_next), "sigma_prime_of_a"),
    (lambda W_next, Delta_next, Z, activation:
     (activation.derivative(Z) * (Delta_next @ W_next)).sum(axis=0), "summed_over_batch"),
    (lambda W_next, Delta_next, Z, activation:
     activation.derivative(Z) * (Delta_next @ W_next) / len(Z), "divided_by_B"),
    (lambda W_next, Delta_next, Z, activation:
     (activation.derivative(Z) * (Delta_next @ W_next)).T, "generic:transposed"),
])
def test_batch_step_learner_functions(fn, mistake):
    r = CAT["backpropagating_the_cost.batch_step"].check(fn)
    assert not r.passed and r.mistake == mistake, r
    assert "test case 1 of " in r.message


def test_batch_step_accepts_a_loop_over_examples():
    assert CAT["backpropagating_the_cost.batch_step"].check(_step_loop).passed


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
    q = CAT["backpropagating_the_cost.backprop_all"]
    r = q.check(_all_half)
    assert r.mistake == "missing_factor_2", r
    r = q.check(_all_with_none)
    assert not r.passed and r.mistake == "type" and "3 parts" in r.message, r
    assert q.check(lambda W, z, E, activation: _all_with_none(W, z, E, activation)[1:]).passed
