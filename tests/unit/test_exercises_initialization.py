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
    assert q.check(lambda n_in, n_out: 1 / ((n_in + n_out) / 2)).passed

    def var_w(n_in, n_out):
        return initializers.variance("xavier_normal", n_in, n_out)

    assert q.check(var_w).passed


@pytest.mark.parametrize("wrong,mistake", [
    (lambda n_in, n_out: 1 / n_in, "forward_only"),
    (lambda n_in, n_out: 1 / n_out, "backward_only"),
    (lambda n_in, n_out: 1 / (n_in + n_out), "forgot_two"),
    (lambda n_in, n_out: 2 / n_in, "he"),
    (lambda n_in, n_out: np.sqrt(6 / (n_in + n_out)), "uniform_bound"),
])
def test_var_w_mistakes_are_named(wrong, mistake):
    r = CAT["initialization.var_w"].check(wrong)
    assert not r.passed and r.mistake == mistake


def test_uniform_bound_and_he():
    assert CAT["initialization.uniform_bound"].check(lambda n_in, n_out: np.sqrt(2 / (n_in + n_out))).mistake == "forgot_three"
    r = CAT["initialization.he_variance"].check(lambda n_in, n_out: 1 / n_in)
    assert not r.passed and r.mistake == "no_half" and "half" in r.message
    r = CAT["initialization.forward_variance"].check(256 * (1 / 16) ** 2 * 0.6)
    assert r.mistake == "range_squared"
