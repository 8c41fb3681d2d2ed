"""Exercises of the initialization chapter, including the formula answer checked numerically."""

import numpy as np
import pytest

from backprop_lib import exercises, initializers

CAT = exercises.catalog()
IDS = ["initialization.forward_variance", "initialization.standard_factor", "initialization.var_w",
       "initialization.uniform_bound", "initialization.he_variance"]


@pytest.mark.parametrize("ex_id", IDS)
def test_registered_and_reference_passes(ex_id):
    assert CAT[ex_id].check(CAT[ex_id].reference()).passed


def test_var_w_formula_equivalent_forms_pass_and_match_the_library():
    q = CAT["initialization.var_w"]
    assert q.check(lambda n_in, n_out: n_in / ((n_in + n_out) / 2)).passed

    def var_w(n_in, n_out):
        return n_in * initializers.variance("xavier_normal", n_in, n_out)

    assert q.check(var_w).passed


@pytest.mark.parametrize("wrong,mistake", [
    (lambda n_in, n_out: 2 / (n_in + n_out), "variance_itself"),
    (lambda n_in, n_out: 2 * n_out / (n_in + n_out), "backward_factor"),
    (lambda n_in, n_out: 1.0, "exactly_one"),
    (lambda n_in, n_out: (n_in + n_out) / (2 * n_in), "inverted"),
])
def test_var_w_mistakes_are_named(wrong, mistake):
    r = CAT["initialization.var_w"].check(wrong)
    assert not r.passed and r.mistake == mistake


def test_uniform_bound_and_he():
    q = CAT["initialization.uniform_bound"]
    assert q.check(lambda n_in, n_out: np.sqrt(2 / n_in)).mistake == "forgot_three"
    assert q.check(lambda n_in, n_out: np.sqrt(6 / (n_in + n_out))).mistake == "glorot"
    r = CAT["initialization.he_variance"].check(lambda n_in, alpha: 2 / n_in)
    assert not r.passed and r.mistake == "relu_only" and "α" in r.message
    r = CAT["initialization.forward_variance"].check(256 * (1 / 16) ** 2 * 0.6)
    assert r.mistake == "range_squared"
