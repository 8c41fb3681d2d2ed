"""The memory model against tracemalloc, and gradient checkpointing against the plain backward pass."""

import math

import numpy as np
import pytest

from backprop_lib import Network, training_memory as memory


def _batch(sizes, B, dtype=np.float64, seed=0, binary=False):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(B, sizes[0])).astype(dtype)
    if binary:
        E = (rng.random((B, sizes[-1])) > 0.5).astype(dtype)
    else:
        E = rng.normal(size=(B, sizes[-1])).astype(dtype)
    return x, E


ARCHS = [
    ([4, 8, 8, 2], "tanh", "squared_error"),
    ([3, 5, 6, 7, 4, 5, 2], "relu", "binary_cross_entropy"),
    ([2, 3, 1], "sigmoid", "squared_error"),
    ([5] + [6] * 9 + [3], "leaky_relu", "squared_error"),
    ([2, 4, 4, 4, 1], "identity", "squared_error"),
]


@pytest.mark.parametrize("sizes,act,loss", ARCHS)
def test_checkpointed_gradients_equal_plain_backward_for_every_segment_count(sizes, act, loss):
    net = Network(sizes, activation=act, loss=loss, seed=1)
    x, E = _batch(sizes, 7, binary=loss == "binary_cross_entropy")
    C0, g0 = net.backward(net.forward(x), E)
    for s in range(1, net.L + 1):
        C, g = memory.checkpointed_gradients(net, x, E, s, keep_errors=True)
        assert C == C0
        for k in range(1, net.L + 1):
            for name in ("W", "b", "delta", "a"):
                np.testing.assert_array_equal(getattr(g, name)[k], getattr(g0, name)[k], err_msg=f"{name}[{k}] s={s}")


def test_checkpointed_gradients_single_example_and_float32():
    net = Network([3, 5, 5, 5, 2], seed=2, dtype=np.float32)
    x, E = _batch([3, 5, 5, 5, 2], 1, dtype=np.float32)
    C0, g0 = net.backward(net.forward(x[0]), E[0])
    C, g = memory.checkpointed_gradients(net, x[0], E[0], 2)
    assert C == C0
    for k in range(1, net.L + 1):
        assert g.W[k].dtype == np.float32
        np.testing.assert_array_equal(g.W[k], g0.W[k])
        np.testing.assert_array_equal(g.b[k], g0.b[k])
    assert g.delta[1] is None and g.a[1] is None  # freed unless keep_errors=True


def test_recompute_count_as_predicted():
    net = Network([4] + [8] * 12 + [2], seed=0)
    x, E = _batch(net.sizes, 5)
    for s in range(1, net.L + 1):
        stats = {}
        memory.checkpointed_gradients(net, x, E, s, stats=stats)
        segs = memory.checkpoint_segments(net.L, s)
        last = segs[-1][1] - segs[-1][0] + 1
        assert stats["recomputed"] == (0 if s == 1 else net.L - last)
        assert stats["layer_evaluations"] == memory.memory_model(net, 5, segments=s, keep_errors=False).layer_evaluations
    assert memory.memory_model(net, 5, segments=4, keep_errors=False).layer_evaluations == 13 + 10  # 13 layers as 4+3+3+3


def test_checkpoint_segments():
    assert memory.checkpoint_segments(5, 2) == [(1, 3), (4, 5)]
    assert memory.checkpoint_segments(4, 4) == [(1, 1), (2, 2), (3, 3), (4, 4)]
    assert memory.checkpoint_segments(7, 1) == [(1, 7)]
    with pytest.raises(ValueError, match="segments"):
        memory.checkpoint_segments(3, 4)


def test_memory_model_terms_by_hand():
    m = memory.memory_model([10, 20, 30], 4, dtype=np.float32, optimizer="adam")
    n_params = 10 * 20 + 20 + 20 * 30 + 30
    assert m.parameters == n_params * 4 == m.gradients
    assert m.optimizer_state == 2 * n_params * 4
    assert m.activations == 4 * (20 + 30) * 2 * 4  # batch x sum of widths x kept (z, a) x bytes
    assert m.errors == 4 * (20 + 30) * 2 * 4
    assert m.total == sum(m.as_dict()[k] for k in m.KINDS)
    assert abs(sum(m.fractions().values()) - 1) < 1e-12
    assert "activations" in str(m) and "<table" in m._repr_html_() and "</table>" in m._repr_html_()
    assert "sizes [32, 64×3, 10]," in str(memory.memory_model([32, 64, 64, 64, 10], 1))
    assert memory._sizes_text([1, 2, 2]) == "[1, 2, 2]"
    half = memory.memory_model([10, 20, 30], 4, dtype=np.float16)
    assert half.activations * 2 == m.activations
    mixed = memory.memory_model([10, 20, 30], 4, dtype="mixed", optimizer="adam")
    assert mixed.parameters == n_params * 6 and mixed.activations == half.activations
    assert mixed.parameters + mixed.gradients + mixed.optimizer_state == 16 * n_params
    one = memory.memory_model([10, 20, 30], 4, dtype=np.float32, kept_per_unit=1)
    assert one.activations * 2 == m.activations


def test_memory_grows_linearly_with_batch_and_depth():
    a = [memory.memory_model([16] + [64] * 4 + [1], B).activations for B in (32, 64, 128)]
    assert a[1] == 2 * a[0] and a[2] == 4 * a[0]
    p = [memory.memory_model([16] + [64] * 4 + [1], B).parameters for B in (32, 128)]
    assert p[0] == p[1]
    d = [memory.memory_model([64] * (L + 1), 32).activations for L in (2, 4, 8)]
    assert d[1] == 2 * d[0] and d[2] == 4 * d[0]


# Widths of 64 and below keep numpy's matrix products single-threaded and fast on a busy machine.
CONFIGS = [
    ([32] + [64] * 8 + [10], 128, np.float64),
    ([16, 48, 48, 48, 1], 500, np.float64),
    ([32] + [64] * 12 + [10], 64, np.float32),
]


@pytest.mark.parametrize("sizes,B,dtype", CONFIGS)
def test_model_agrees_with_tracemalloc_within_10_percent(sizes, B, dtype):
    net = Network(sizes, seed=0, dtype=dtype)
    x, E = _batch(sizes, B, dtype)
    measured = memory.measure_training_step(net, x, E)
    model = memory.memory_model(net, B)
    assert abs(measured.peak - model.step) <= 0.10 * model.step
    assert abs(memory.measure_parameters(net) - model.parameters) <= 0.10 * model.parameters
    for s in (1, 2, 3, net.L):
        m = memory.measure_training_step(net, x, E, segments=s)
        pred = memory.memory_model(net, B, segments=s, keep_errors=False)
        assert abs(m.peak - pred.step) <= 0.10 * pred.step, (s, m.peak, pred.step)


def test_checkpointing_measured_memory_falls():
    net = Network([32] + [64] * 16 + [10], seed=0, dtype=np.float32)
    x, E = _batch(net.sizes, 64, np.float32)
    peaks = [memory.measure_training_step(net, x, E, segments=s).peak for s in (1, 2, 4)]
    assert peaks[0] > peaks[1] > peaks[2]
    assert peaks[2] < 0.6 * peaks[0]


def test_sqrt_rule():
    mems = {}
    for L in (4, 16, 64):
        sizes = [32] * (L + 1)
        s = memory.best_segments(sizes)
        assert math.sqrt(L) <= s + 1 and s <= math.sqrt(2 * L) + 1
        mems[L] = memory.checkpoint_cost(sizes, 1, s)[0]
    # 16x the depth: ~4x the stored activations (sqrt), not 16x
    assert 3 <= mems[64] / mems[4] <= 5.5


def test_measure():
    m = memory.measure(np.zeros, 1000)
    assert m.retained >= 8000 and m.peak >= 8000 and m.result.shape == (1000,)
    with pytest.raises(TypeError, match="fn"):
        memory.measure(3)


@pytest.mark.parametrize(
    "call,exc,word",
    [
        (lambda net, x, E: memory.checkpointed_gradients(net, x, E, 0), ValueError, "segments"),
        (lambda net, x, E: memory.checkpointed_gradients(net, x, E, 9), ValueError, "segments"),
        (lambda net, x, E: memory.checkpointed_gradients(net, x, E, 1.5), TypeError, "segments"),
        (lambda net, x, E: memory.checkpointed_gradients(net, x, E, True), TypeError, "segments"),
        (lambda net, x, E: memory.checkpointed_gradients("net", x, E, 1), TypeError, "net"),
        (lambda net, x, E: memory.checkpointed_gradients(net, x[:, :2], E, 1), ValueError, "x"),
        (lambda net, x, E: memory.checkpointed_gradients(net, x, E[:, :1], 1), ValueError, "E"),
        (lambda net, x, E: memory.checkpointed_gradients(net, x, E, 1, stats=[]), TypeError, "stats"),
        (lambda net, x, E: memory.memory_model(net, 0), ValueError, "batch_size"),
        (lambda net, x, E: memory.memory_model(net, 2.0), TypeError, "batch_size"),
        (lambda net, x, E: memory.memory_model(net, 2, dtype="int8"), ValueError, "dtype"),
        (lambda net, x, E: memory.memory_model(net, 2, optimizer="lion"), ValueError, "optimizer"),
        (lambda net, x, E: memory.memory_model(net, 2, kept_per_unit=3), ValueError, "kept_per_unit"),
        (lambda net, x, E: memory.memory_model(net, 2, segments=2), ValueError, "keep_errors"),
        (lambda net, x, E: memory.memory_model("abc", 2), TypeError, "net"),
        (lambda net, x, E: memory.memory_model([3], 2), ValueError, "net"),
        (lambda net, x, E: memory.memory_model([3, -1], 2), ValueError, "sizes"),
        (lambda net, x, E: memory.memory_model([3, 0, 2], 2), ValueError, r"sizes\[1\]"),
        (lambda net, x, E: memory.memory_model(net, 2, segments=0, keep_errors=False), ValueError, "segments"),
        (lambda net, x, E: memory.memory_model(net, 2, segments=4, keep_errors=False), ValueError, "segments"),
        (lambda net, x, E: memory.memory_model(net, 2, segments=2.0, keep_errors=False), TypeError, "segments"),
    ],
)
def test_bad_inputs_name_the_argument(call, exc, word):
    net = Network([4, 6, 6, 3], seed=0)
    x, E = _batch(net.sizes, 3)
    with pytest.raises(exc, match=word):
        call(net, x, E)


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=40, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 6), min_size=2, max_size=7),
    act=st.sampled_from(["tanh", "sigmoid", "relu", "leaky_relu", "identity"]),
    batch=st.integers(1, 5),
    data=st.data(),
)
def test_checkpointed_gradients_equal_plain_backward_property(sizes, act, batch, data):
    net = Network(sizes, activation=act, seed=3)
    segments = data.draw(st.integers(1, net.L))
    x, E = _batch(sizes, batch, seed=4)
    C0, g0 = net.backward(net.forward(x), E)
    C, g = memory.checkpointed_gradients(net, x, E, segments, keep_errors=True)
    assert C == C0
    for k in range(1, net.L + 1):
        for name in ("W", "b", "delta", "a"):
            np.testing.assert_array_equal(getattr(g, name)[k], getattr(g0, name)[k])
