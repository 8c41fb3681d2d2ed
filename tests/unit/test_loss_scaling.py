"""float16 facts, bfloat16 rounding, the dynamic loss scaler and mixed-precision training."""

import numpy as np
import pytest

from backprop_lib import Network, datasets, loss_scaling as P


def test_float16_facts_from_numpy():
    assert P.FLOAT16_MAX == 65504.0
    assert P.FLOAT16_SMALLEST_NORMAL == 2.0**-14
    assert P.FLOAT16_SMALLEST_SUBNORMAL == 2.0**-24
    f = P.format_facts()
    assert f["float16"]["exponent_bits"] == 5 and f["float16"]["fraction_bits"] == 10
    assert f["bfloat16"]["max"] == pytest.approx(3.3895313892515355e38)
    assert f["bfloat16"]["smallest_normal"] == f["float32"]["smallest_normal"]
    # what happens below the range: half the smallest subnormal rounds to zero (ties to even),
    # a bit more rounds up to it; above the max, inf
    assert np.float16(2.0**-25) == 0 and np.float16(2.0**-25 * 1.01) == 2.0**-24
    with np.errstate(over="ignore"):
        assert np.isinf(np.float16(65520.0)) and np.float16(65519.0) == 65504


# bit patterns worked by hand: bfloat16 = sign | 8 exponent bits | 7 fraction bits
BF16_CASES = [
    (1.0, 0x3F80),  # 0 01111111 0000000
    (-2.0, 0xC000),  # 1 10000000 0000000
    (0.15625, 0x3E20),  # 1.25 * 2^-3: 0 01111100 0100000
    (1.0 + 2**-8, 0x3F80),  # exactly halfway between 1 and 1 + 2^-7: ties to even (fraction 0)
    (1.0 + 3 * 2**-8, 0x3F82),  # halfway between 1+2^-7 (odd) and 1+2^-6 (even): up to even
    (1.0 + 2**-8 + 2**-20, 0x3F81),  # just above halfway: up
    (1.0 + 2**-9, 0x3F80),  # below halfway: down
    (3.0e38, 0x7F62),  # large but finite
    (3.4e38, 0x7F80),  # rounds above bfloat16's max: inf
    (2.0**-130, 0x0008),  # float32 subnormal kept
    (0.0, 0x0000),
    (-0.0, 0x8000),
]


@pytest.mark.parametrize("value,bits", BF16_CASES)
def test_bfloat16_rounding_against_hand_worked_bits(value, bits):
    assert int(P.bfloat16_bits(np.float32(value))) == bits
    r = np.float32(P.to_bfloat16(value))
    assert int(np.array(r).view(np.uint32)) == bits << 16


def test_bfloat16_keeps_nan_and_shapes():
    r = P.to_bfloat16(np.array([[1.0, np.nan], [np.inf, -np.inf]]))
    assert r.dtype == np.float32 and r.shape == (2, 2)
    assert np.isnan(r[0, 1]) and r[1, 0] == np.inf and r[1, 1] == -np.inf
    x = np.random.default_rng(0).normal(size=1000).astype(np.float32)
    rel = np.abs(P.to_bfloat16(x) - x) / np.abs(x)
    assert rel.max() <= 2.0**-8  # half a unit in the 8th significant bit
    with pytest.raises(TypeError, match="x"):
        P.to_bfloat16("1.0")


def test_float16_fate():
    v = np.array([0.0, 1e-9, 1e-6, 1e-3, 1e6, -1e-9])
    f = P.float16_fate(v)
    assert f.count == 5
    assert f.underflow == pytest.approx(2 / 5) and f.subnormal == pytest.approx(1 / 5)
    assert f.normal == pytest.approx(1 / 5) and f.overflow == pytest.approx(1 / 5)
    g = P.float16_fate(v, loss_scale=1024)
    assert g.underflow == 0 and g.overflow == pytest.approx(1 / 5)
    assert f.lost == pytest.approx(3 / 5)
    with pytest.raises(ValueError, match="loss_scale"):
        P.float16_fate(v, loss_scale=0)


# ----------------------------------------------------------------------- the scaler, step by step
def test_scaler_defaults_match_gradscaler():
    s = P.DynamicLossScaler()
    assert s.scale == 65536.0 and s.growth_factor == 2.0 and s.backoff_factor == 0.5
    assert s.growth_interval == 2000 and s.growth_tracker == 0


def test_scaler_step_by_step():
    s = P.DynamicLossScaler(init_scale=8.0, growth_interval=3)
    trace = []
    for found_inf in [False, False, True, False, False, False, False, True, True, False]:
        s.update(found_inf)
        trace.append((s.scale, s.growth_tracker))
    assert trace == [
        (8.0, 1),
        (8.0, 2),
        (4.0, 0),  # overflow: back off, reset the tracker
        (4.0, 1),
        (4.0, 2),
        (8.0, 0),  # third consecutive clean step: grow, reset
        (8.0, 1),
        (4.0, 0),
        (2.0, 0),
        (2.0, 1),
    ]


def test_scaler_grows_after_exactly_growth_interval_clean_steps():
    s = P.DynamicLossScaler(init_scale=1.0, growth_factor=4.0, growth_interval=2000)
    for _ in range(1999):
        s.update(False)
    assert s.scale == 1.0 and s.growth_tracker == 1999
    s.update(False)
    assert s.scale == 4.0 and s.growth_tracker == 0


def test_scaler_never_grows_to_inf_and_stays_float32():
    s = P.DynamicLossScaler(init_scale=2.0**127, growth_interval=1)
    s.update(False)
    assert s.scale == 2.0**127 and s.growth_tracker == 0
    t = P.DynamicLossScaler(init_scale=0.1, backoff_factor=0.5)
    t.update(True)
    assert t.scale == float(np.float32(np.float32(0.1) * 0.5))


@pytest.mark.parametrize(
    "kwargs,exc,word",
    [
        ({"init_scale": 0}, ValueError, "init_scale"),
        ({"init_scale": "big"}, TypeError, "init_scale"),
        ({"growth_factor": 1.0}, ValueError, "growth_factor"),
        ({"backoff_factor": 1.0}, ValueError, "backoff_factor"),
        ({"growth_interval": 0}, ValueError, "growth_interval"),
        ({"growth_interval": 2.5}, TypeError, "growth_interval"),
    ],
)
def test_scaler_bad_arguments(kwargs, exc, word):
    with pytest.raises(exc, match=word):
        P.DynamicLossScaler(**kwargs)
    with pytest.raises(TypeError, match="found_inf"):
        P.DynamicLossScaler().update("yes")


# ------------------------------------------------------------------------- passes and steps
def _toy():
    X, Y = datasets.sine(64, seed=0)
    net = Network([1, 8, 8, 1], activation="tanh", output_activation="identity", seed=0)
    return net, X, Y


def test_low_precision_backward_close_to_float64():
    net, X, Y = _toy()
    C, ref = P.reference_gradients(net, X, Y)
    C16, g16 = P.float16_backward(net, X, Y, loss_scale=256.0)
    Cb, gb = P.bfloat16_backward(net, X, Y)
    assert g16.W[1].dtype == np.float16 and gb.W[1].dtype == np.float32
    for k in range(1, net.L + 1):
        np.testing.assert_allclose(g16.W[k].astype(np.float64) / 256, ref.W[k], rtol=0.05, atol=1e-3 * np.abs(ref.W[k]).max())
        np.testing.assert_allclose(gb.W[k], ref.W[k], rtol=0.1, atol=2e-2 * np.abs(ref.W[k]).max())
        assert np.array_equal(gb.W[k], P.to_bfloat16(gb.W[k]))  # every value is a bfloat16 number
    assert abs(C16 - C) < 1e-2 * C and abs(Cb - C) < 2e-2 * C


def test_mixed_precision_step_skips_on_overflow_and_updates_master():
    net, X, Y = _toy()
    master = net.astype(np.float32)
    W1 = master.W[1].copy()
    scaler = P.DynamicLossScaler(init_scale=2.0**40)
    res = P.mixed_precision_step(master, X, Y, 0.1, scaler=scaler)
    assert res.found_inf and res.loss_scale == 2.0**40
    assert np.array_equal(master.W[1], W1)  # skipped
    assert scaler.scale == 2.0**39
    res = P.mixed_precision_step(master, X, Y, 0.1, loss_scale=1024.0)
    assert not res.found_inf and not np.array_equal(master.W[1], W1)
    assert master.W[1].dtype == np.float32


def test_cost_factor_leaves_float32_training_unchanged():
    net, X, Y = _toy()
    a = P.train(net, X, Y, mode="float32", epochs=3, batch_size=16, lr=0.05)
    K = 2.0**-20
    b = P.train(net, X, Y, mode="float32", epochs=3, batch_size=16, lr=0.05 / K, cost_factor=K)
    np.testing.assert_allclose(a.costs, b.costs, rtol=1e-6)


def test_toy_run_float16_stalls_dynamic_scaling_and_bfloat16_track():
    X, Y = datasets.sine(128, seed=0)
    net = Network([1, 16, 16, 1], activation="tanh", output_activation="identity", seed=0)
    K, lr = 2.0**-20, 0.05
    kw = dict(epochs=12, batch_size=32, lr=lr / K, cost_factor=K)
    base = P.train(net, X, Y, mode="float32", **kw)
    f16 = P.train(net, X, Y, mode="float16", **kw)
    dyn = P.train(net, X, Y, mode="float16+dynamic", scaler=P.DynamicLossScaler(growth_interval=10), **kw)
    bf = P.train(net, X, Y, mode="bfloat16", **kw)
    assert base.costs[-1] < 0.5 * base.costs[0]
    assert f16.costs[-1] == pytest.approx(f16.costs[0], rel=1e-3)  # stalled: every gradient underflowed
    assert min(f16.zero_fractions) == 1.0
    assert abs(dyn.costs[-1] - base.costs[-1]) < 0.1 * base.costs[-1]
    assert abs(bf.costs[-1] - base.costs[-1]) < 0.1 * base.costs[-1]


def test_histogram_and_sweep():
    edges, counts, zeros = P.histogram([0.0, 1.0, 0.5, 0.25, 2.0**-30])
    assert zeros == 1 and counts.sum() == 4 and edges[0] == -30
    sweep = P.loss_scale_sweep([1e-9, 1.0], [1.0, 2.0**20])
    assert sweep[1.0].underflow == 0.5 and sweep[2.0**20].overflow == 0.5


def test_bad_inputs_name_the_argument():
    net, X, Y = _toy()
    with pytest.raises(ValueError, match="mode"):
        P.train(net, X, Y, mode="float8")
    with pytest.raises(ValueError, match="epochs"):
        P.train(net, X, Y, epochs=0)
    with pytest.raises(TypeError, match="scaler"):
        P.mixed_precision_step(net, X, Y, 0.1, scaler=2.0)
    with pytest.raises(ValueError, match="lr"):
        P.mixed_precision_step(net, X, Y, -0.1)
    with pytest.raises(ValueError, match="compute"):
        P.mixed_precision_step(net, X, Y, 0.1, compute="int8")
    with pytest.raises(TypeError, match="net"):
        P.float16_backward("net", X, Y)
    with pytest.raises(ValueError, match="kind"):
        P.gradient_values(P.reference_gradients(net, X, Y)[1], kind="bias")


def test_float16_fate_thresholds_equal_numpy_cast():
    rng = np.random.default_rng(0)
    edges = [2.0**-25, np.nextafter(2.0**-25, 1), 2.0**-14 - 2.0**-25, np.nextafter(2.0**-14 - 2.0**-25, 0),
             65519.99, 65520.0, 65504.0, np.inf, 2.0**-24, 2.0**-14, np.nan]
    v = np.concatenate([2.0 ** rng.uniform(-40, 20, 20000), edges])
    v *= np.where(rng.random(v.size) < 0.5, -1, 1)
    with np.errstate(over="ignore", invalid="ignore"):
        h = np.abs(v.astype(np.float16))
    f = P.float16_fate(v)
    assert f.underflow == np.mean(h == 0)
    assert f.subnormal == np.mean((h > 0) & (h < 2.0**-14))
    assert f.overflow == np.mean(~np.isfinite(h))
    assert f.normal == np.mean(np.isfinite(h) & (h >= 2.0**-14))


from hypothesis import given, settings, strategies as st  # noqa: E402


def _bf16_reference(x32):
    """Round a float32 to bfloat16 by comparing its two neighbours in exact float64 arithmetic."""
    bits = int(np.array(x32, dtype=np.float32).view(np.uint32))
    down = bits & 0xFFFF0000
    up = down + 0x10000
    as_f = lambda b: float(np.array(b & 0xFFFFFFFF, dtype=np.uint32).view(np.float32))
    x, lo, hi = float(x32), as_f(down), as_f(up)
    if (up & 0x7F800000) == 0x7F800000 and (down & 0x7F800000) != 0x7F800000:
        hi = np.copysign(np.inf, x)  # the next bfloat16 up is inf
        # the halfway point to inf is where float32 would round (2 - 2^-8) 2^127 up
        mid = np.copysign((2 - 2.0**-8) * 2.0**127, x)
        return lo if abs(x) < abs(mid) else hi
    if abs(x - lo) < abs(hi - x):
        return lo
    if abs(x - lo) > abs(hi - x):
        return hi
    return lo if (down >> 16) % 2 == 0 else hi


@settings(max_examples=300, deadline=None)
@given(st.floats(width=32, allow_nan=False, allow_infinity=False))
def test_to_bfloat16_is_round_to_nearest_even(x):
    x32 = np.float32(x)
    got = float(P.to_bfloat16(x32))
    want = _bf16_reference(x32)
    assert got == want or (got == 0 and want == 0)


def _bfloat16_by_hand(net, x, E, S):
    """bfloat16 forward and backward written out equation by equation, every value rounded."""
    r = P.to_bfloat16
    L, sigma, loss = net.L, net.sigma, net.loss
    W = [None] + [r(w) for w in net.W[1:]]
    b = [None] + [r(v) for v in net.b[1:]]
    x = r(np.asarray(x, np.float32))
    E = np.asarray(E, np.float32)
    z, a = [None], [x]
    for k in range(1, L + 1):
        z.append(r(a[k - 1] @ W[k].T + b[k]))
        a.append(r(sigma[k](z[k])))
    scale = np.float32(S / x.shape[0])
    dC_da, delta, dW, db = [None] * (L + 1), [None] * (L + 1), [None] * (L + 1), [None] * (L + 1)
    dC_da[L] = r(loss.dC_da(z[L], a[L], E) * scale)
    delta[L] = r(loss.delta(z[L], a[L], E, sigma[L]) * scale)
    for k in range(L, 0, -1):
        dW[k], db[k] = r(delta[k].T @ a[k - 1]), r(delta[k].sum(axis=0))
        if k > 1:
            dC_da[k - 1] = r(delta[k] @ W[k])
            delta[k - 1] = r(dC_da[k - 1] * r(sigma[k - 1].derivative_from(z[k - 1], a[k - 1])))
    return dW, db, delta, dC_da


@pytest.mark.parametrize("act, loss", [("tanh", "squared_error"), ("relu", "squared_error"),
                                       ("sigmoid", "binary_cross_entropy")])
def test_bfloat16_backward_is_network_backward_with_the_rounding_hook_bit_for_bit(act, loss):
    net = Network([3, 6, 5, 2], activation=act, loss=loss, seed=4)
    rng = np.random.default_rng(2)
    X = rng.standard_normal((7, 3))
    Y = (rng.random((7, 2)) > 0.5).astype(np.float64)
    C, g = P.bfloat16_backward(net, X, Y, loss_scale=8.0)
    # the same pass through Network.backward itself, with the rounding hook
    net32 = net.astype(np.float32)
    for k in range(1, net.L + 1):
        net32.W[k], net32.b[k] = P.to_bfloat16(net32.W[k]), P.to_bfloat16(net32.b[k])
    trace = net32.forward(P.to_bfloat16(X.astype(np.float32)), rounding=P.to_bfloat16)
    C2, g2 = net32.backward(trace, Y.astype(np.float32), loss_scale=8.0, rounding=P.to_bfloat16)
    # and the equations written out by hand
    dW, db, delta, dC_da = _bfloat16_by_hand(net, X, Y, 8.0)
    assert C == C2
    for k in range(1, net.L + 1):
        for got, other, hand in ((g.W[k], g2.W[k], dW[k]), (g.b[k], g2.b[k], db[k]), (g.delta[k], g2.delta[k], delta[k])):
            assert got.dtype == np.float32
            assert np.array_equal(got, other) and np.array_equal(got, hand)
        if k < net.L:
            assert np.array_equal(g.a[k], dC_da[k]) and np.array_equal(g.a[k], g2.a[k])


def test_the_rounding_hook_is_the_only_difference_from_float32():
    net = Network([3, 6, 2], seed=1, dtype=np.float32)
    X = np.random.default_rng(0).standard_normal((5, 3)).astype(np.float32)
    Y = np.zeros((5, 2), np.float32)
    C, g = net.backward(net.forward(X), Y)
    C2, g2 = net.backward(net.forward(X, rounding=lambda v: v), Y, rounding=lambda v: v)
    assert C == C2 and all(np.array_equal(g.W[k], g2.W[k]) for k in (1, 2))
