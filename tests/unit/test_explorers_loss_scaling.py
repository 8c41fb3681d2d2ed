"""The loss-scaling explorer: underflow falls and overflow rises with the loss scale."""

import re

from backprop_lib import explorers, loss_scaling as precision
from backprop_lib.explorers.loss_scaling import gradient_values_for_depth


def _fractions(html):
    u, o = re.search(r"underflow ([\d\.]+) %, overflow ([\d\.]+) %", html).groups()
    return float(u), float(o)


def test_scale_trades_underflow_for_overflow():
    ex = explorers.catalog()["loss_scaling"]()
    u0, o0 = _fractions(ex.update(depth=17, log2_scale=0))
    u16, o16 = _fractions(ex.update(log2_scale=16))
    u36, o36 = _fractions(ex.update(log2_scale=36))
    assert u0 > 10 and o0 == 0  # deep sigmoid network: many gradients below 2^-24
    assert u16 < u0 / 5
    assert o36 > 10 and u36 < u0


def test_underflow_grows_with_depth_and_matches_precision():
    ex = explorers.catalog()["loss_scaling"]()
    us = [_fractions(ex.update(depth=d, log2_scale=0))[0] for d in (2, 8, 14, 20)]
    assert us == sorted(us) and us[-1] > us[0]
    f = precision.float16_fate(gradient_values_for_depth(20), 1.0)
    assert abs(100 * f.underflow - us[-1]) < 0.05
