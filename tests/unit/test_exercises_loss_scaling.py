"""The loss-scaling exercises agree with numpy's float16, the library's scaler and bfloat16."""

import numpy as np

from backprop_lib import exercises, loss_scaling as precision


def test_scale_answers_against_float16():
    S = exercises.catalog()["loss_scaling.smallest_scale"].reference()
    assert np.float16(S * 1e-9) >= precision.FLOAT16_SMALLEST_NORMAL > np.float16(S / 2 * 1e-9)
    e = exercises.catalog()["loss_scaling.largest_scale"].reference()
    with np.errstate(over="ignore"):
        assert np.isfinite(np.float16(3.0 * 2**e)) and np.isinf(np.float16(3.0 * 2 ** (e + 1)))


def test_scaler_update_reference_matches_dynamic_loss_scaler():
    ex = exercises.catalog()["loss_scaling.scaler_update"]
    for case in ex.cases:
        s = precision.DynamicLossScaler(init_scale=case["scale"], growth_factor=case["growth_factor"],
                                        backoff_factor=case["backoff_factor"],
                                        growth_interval=case["growth_interval"])
        s.growth_tracker = case["growth_tracker"]
        s.update(case["found_inf"])
        assert ex.reference()(**case) == (s.scale, s.growth_tracker)


def test_bfloat16_answer():
    q = exercises.catalog()["loss_scaling.bfloat16_round"]
    assert list(q.reference()) == [float(precision.to_bfloat16(x)) for x in q.data["x"]]
