"""Low-precision training: the float16 format, loss scaling, and bfloat16.

Mixed-precision training (Micikevicius et al. 2018) runs the forward and backward passes in
IEEE half precision (float16) and keeps a float32 *master* copy of the weights that the updates
are applied to.  float16 has only 5 exponent bits: its largest value is 65504, its smallest
normal number 2^-14 and its smallest subnormal 2^-24; anything smaller in magnitude rounds to 0.
Backpropagated gradients are often that small, so they vanish.  Loss scaling multiplies the cost
by S before the backward pass (every gradient is linear in C, so all of them are multiplied by S
too), which lifts them into float16's range; the float32 unscale divides S out again.  Too large
an S overflows to inf instead, which :class:`DynamicLossScaler` detects, skipping the step and
halving S.

bfloat16 keeps float32's 8 exponent bits (and so its range) with only 7 fraction bits; numpy has
no bfloat16, so :func:`to_bfloat16` simulates it by rounding float32 values to their top 16 bits.

>>> from backprop_lib import loss_scaling as precision
>>> precision.FLOAT16_MAX, precision.FLOAT16_SMALLEST_NORMAL == 2**-14
(65504.0, True)
>>> float(precision.to_bfloat16(1.0 + 2**-8))   # halfway between two bfloat16 numbers: to even
1.0
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np

from ._checks import check_array, check_bool, check_int, check_network, check_positive
from .training import train as _sgd

__all__ = [
    "FLOAT16_MAX",
    "FLOAT16_SMALLEST_NORMAL",
    "FLOAT16_SMALLEST_SUBNORMAL",
    "BFLOAT16_MAX",
    "BFLOAT16_SMALLEST_NORMAL",
    "format_facts",
    "to_bfloat16",
    "bfloat16_bits",
    "float16_fate",
    "Fate",
    "DynamicLossScaler",
    "reference_gradients",
    "gradient_values",
    "float16_backward",
    "bfloat16_backward",
    "StepResult",
    "mixed_precision_step",
    "TrainingRun",
    "train",
    "MODES",
    "loss_scale_sweep",
    "histogram",
]

_F16 = np.finfo(np.float16)
#: The largest finite float16 number, 65504 = (2 - 2^-10) 2^15.
FLOAT16_MAX = float(_F16.max)
#: The smallest positive normal float16 number, 2^-14 (about 6.1e-5).
FLOAT16_SMALLEST_NORMAL = float(_F16.smallest_normal)
#: The smallest positive subnormal float16 number, 2^-24 (about 6.0e-8); half of it rounds to 0.
FLOAT16_SMALLEST_SUBNORMAL = float(_F16.smallest_subnormal)
#: The largest finite bfloat16 number, (2 - 2^-7) 2^127.
BFLOAT16_MAX = float((2 - 2.0**-7) * 2.0**127)
#: The smallest positive normal bfloat16 number, 2^-126 (float32's).
BFLOAT16_SMALLEST_NORMAL = 2.0**-126


def format_facts():
    """The facts of float16, bfloat16 and float32 as {name: {property: value}}.

    float16 and float32 come from :func:`numpy.finfo`; bfloat16 (which numpy lacks) has float32's
    exponent and 7 fraction bits.
    """
    out = {}
    for name, dt in (("float16", np.float16), ("float32", np.float32)):
        fi = np.finfo(dt)
        out[name] = {
            "bits": fi.bits,
            "exponent_bits": fi.iexp,
            "fraction_bits": fi.nmant,
            "max": float(fi.max),
            "smallest_normal": float(fi.smallest_normal),
            "smallest_subnormal": float(fi.smallest_subnormal),
            "eps": float(fi.eps),
        }
    out["bfloat16"] = {
        "bits": 16,
        "exponent_bits": 8,
        "fraction_bits": 7,
        "max": BFLOAT16_MAX,
        "smallest_normal": BFLOAT16_SMALLEST_NORMAL,
        "smallest_subnormal": 2.0**-133,
        "eps": 2.0**-7,
    }
    return out


# --------------------------------------------------------------------------------- bfloat16
def to_bfloat16(x):
    """``x`` rounded to bfloat16, returned as float32 (whose low 16 bits are then zero).

    A bfloat16 number is the top 16 bits of a float32: sign, 8 exponent bits, 7 fraction bits.
    Rounding is to nearest, ties to even, on those 16 bits: add 0x7FFF plus the lowest kept bit
    to the float32 bit pattern, then clear the low 16 bits.  Values too large round to inf; NaN
    stays NaN.
    """
    return _bfloat16(check_array(x, "x"))


def _bfloat16(arr):
    """:func:`to_bfloat16` without the check: the ``rounding`` hook of the passes, on every value."""
    f = np.array(arr, dtype=np.float32, copy=True)
    bits = f.view(np.uint32)
    nan = np.isnan(f)
    with np.errstate(over="ignore"):
        lsb = (bits >> np.uint32(16)) & np.uint32(1)
        rounded = (bits + np.uint32(0x7FFF) + lsb) & np.uint32(0xFFFF0000)
    rounded = np.where(nan, bits | np.uint32(0x00400000), rounded).astype(np.uint32)  # keep NaN quiet
    out = rounded.view(np.float32)
    return out if out.ndim else np.float32(out[()])


def bfloat16_bits(x):
    """The 16-bit bfloat16 patterns of ``x`` (after :func:`to_bfloat16`), as uint16."""
    r = np.asarray(to_bfloat16(x), dtype=np.float32)
    out = (r.view(np.uint32) >> np.uint32(16)).astype(np.uint16)
    return out if out.ndim else np.uint16(out[()])


# ------------------------------------------------------------------------ float16's range
@dataclasses.dataclass(frozen=True)
class Fate:
    """What casting values to float16 does to them, as fractions of the nonzero values.

    ``underflow``: became 0; ``subnormal``: kept but with fewer significant bits (below 2^-14);
    ``normal``: fine; ``overflow``: became inf (or was already non-finite).  ``count`` is the number of
    nonzero values classified.
    """

    underflow: float
    subnormal: float
    normal: float
    overflow: float
    count: int

    @property
    def lost(self):
        """The fraction lost: underflowed to zero or overflowed to inf."""
        return self.underflow + self.overflow


def float16_fate(values, loss_scale=1.0):
    """Classify ``loss_scale * values`` by what float16 does to them (a :class:`Fate`).

    Zeros in ``values`` are left out (they lose nothing).  Computed in float64, then cast.
    """
    v = check_array(values, "values").astype(np.float64).ravel()
    S = check_positive(loss_scale, "loss_scale")
    v = v[v != 0] * S
    n = v.size
    if n == 0:
        return Fate(0.0, 0.0, 0.0, 0.0, 0)
    # Thresholds of round-to-nearest-even into float16 (what ``v.astype(np.float16)`` does, but
    # without its slow software conversion): |v| <= 2^-25 rounds to 0 (the tie goes to even, 0);
    # below 2^-14 - 2^-25 it stays subnormal; from 65520 = 65504 + half a step on it is inf.
    a = np.abs(v)
    over = int(np.count_nonzero(~(a < _F16_OVERFLOW_FROM)))  # NaN counts as overflow too
    under = int(np.count_nonzero(a <= _F16_ZERO_UP_TO))
    sub = int(np.count_nonzero((a > _F16_ZERO_UP_TO) & (a < _F16_NORMAL_FROM)))
    return Fate(under / n, sub / n, (n - over - under - sub) / n, over / n, n)


_F16_ZERO_UP_TO = 2.0**-25
_F16_NORMAL_FROM = 2.0**-14 - 2.0**-25
_F16_OVERFLOW_FROM = 65520.0


# --------------------------------------------------------------------------- the scaler
class DynamicLossScaler:
    """Dynamic loss scaling with the semantics of PyTorch's ``torch.amp.GradScaler``.

    ``scale`` starts at ``init_scale``.  After each step call ``update(found_inf)``:

    * if the step's gradients held an inf or NaN (``found_inf`` true), the step is skipped, the
      scale is multiplied by ``backoff_factor`` and the count of clean steps is reset to 0;
    * otherwise the count of consecutive clean steps goes up by one, and when it reaches
      ``growth_interval`` the scale is multiplied by ``growth_factor`` and the count restarts at 0
      (the scale is never grown to inf).

    The scale is kept in float32, as GradScaler's is.
    """

    def __init__(self, init_scale=2.0**16, growth_factor=2.0, backoff_factor=0.5, growth_interval=2000):
        self.init_scale = check_positive(init_scale, "init_scale")
        growth_factor = check_positive(growth_factor, "growth_factor")
        if growth_factor <= 1.0:
            raise ValueError(f"growth_factor must be > 1; got {growth_factor!r}")
        backoff_factor = check_positive(backoff_factor, "backoff_factor")
        if backoff_factor >= 1.0:
            raise ValueError(f"backoff_factor must be between 0 and 1 (exclusive); got {backoff_factor!r}")
        growth_interval = check_int(growth_interval, "growth_interval")
        self.growth_factor = growth_factor
        self.backoff_factor = backoff_factor
        self.growth_interval = int(growth_interval)
        self._scale = np.float32(self.init_scale)
        #: Consecutive clean (unskipped) steps since the last change of scale.
        self.growth_tracker = 0

    @property
    def scale(self):
        """The current loss scale S (a Python float)."""
        return float(self._scale)

    def update(self, found_inf):
        """Adjust the scale after a step; ``found_inf``: did the gradients hold inf/NaN?

        Returns the new scale.
        """
        if check_bool(found_inf, "found_inf"):
            self._scale = np.float32(self._scale * self.backoff_factor)
            self.growth_tracker = 0
        else:
            successful = self.growth_tracker + 1
            if successful == self.growth_interval:
                with np.errstate(over="ignore"):
                    new = np.float32(self._scale * self.growth_factor)
                if np.isfinite(new):
                    self._scale = new
                self.growth_tracker = 0
            else:
                self.growth_tracker = successful
        return self.scale

    def state_dict(self):
        """The scaler's state as a dict (the keys GradScaler uses)."""
        return {
            "scale": self.scale,
            "growth_factor": self.growth_factor,
            "backoff_factor": self.backoff_factor,
            "growth_interval": self.growth_interval,
            "_growth_tracker": self.growth_tracker,
        }

    def __repr__(self):
        return (
            f"DynamicLossScaler(scale={self.scale:g}, growth_tracker={self.growth_tracker}, "
            f"growth_interval={self.growth_interval})"
        )


# ----------------------------------------------------------------------- gradient values
def reference_gradients(net, x, E):
    """(C, grads) of ``net`` computed in float64: the values low precision is measured against."""
    check_network(net)
    ref = net.astype(np.float64)
    return ref.backward(ref.forward(np.asarray(x, dtype=np.float64)), np.asarray(E, dtype=np.float64))


def gradient_values(grads, kind="all"):
    """The gradient values of a backward pass as one flat float64 array.

    ``kind``: "delta" (the errors delta^k of every layer and example -- the activation gradients
    of Micikevicius et al.'s histogram), "weights" (dC/dW^k and dC/db^k), or "all" (both).
    """
    if kind not in ("delta", "weights", "all"):
        raise ValueError(f"kind must be 'delta', 'weights' or 'all'; got {kind!r}")
    if not hasattr(grads, "W") or not hasattr(grads, "delta"):
        raise TypeError(f"grads must be the Gradients of a backward pass; got {type(grads).__name__}")
    parts = []
    if kind in ("delta", "all"):
        parts += [np.asarray(d, np.float64).ravel() for d in grads.delta[1:] if d is not None]
    if kind in ("weights", "all"):
        parts += [np.asarray(g, np.float64).ravel() for g in grads.W[1:] + grads.b[1:]]
    return np.concatenate(parts) if parts else np.zeros(0)


def float16_backward(master, x, E, loss_scale=1.0):
    """One forward + backward pass in float16 with the cost scaled by ``loss_scale``.

    The master network (any dtype) is cast to float16 (:meth:`Network.astype`), the batch too; the
    gradients of S*C come back in float16.  Returns ``(C, grads16)``.
    """
    return _float16_backward(check_network(master), x, E, check_positive(loss_scale, "loss_scale"))


def _float16_backward(master, x, E, S):
    half = master.astype(np.float16)
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        x16 = np.asarray(x, dtype=np.float64).astype(np.float16)
        E16 = np.asarray(E, dtype=np.float64).astype(np.float16)
        trace = half.forward(x16)
        return half.backward(trace, E16, loss_scale=S)


def bfloat16_backward(master, x, E, loss_scale=1.0):
    """One forward + backward pass in simulated bfloat16, with the cost scaled by ``loss_scale``.

    The weights, the inputs and every value the passes produce (z^k, a^k, delta^k, dC/da^k,
    sigma'(z^k), dC/dW^k, dC/db^k) are rounded to bfloat16 with :func:`to_bfloat16` -- the
    ``rounding`` hook of :meth:`Network.forward` and :meth:`Network.backward` -- while the
    arithmetic in between runs in float32, as on hardware that multiplies bfloat16 numbers and
    accumulates in float32.  Returns ``(C, grads)`` with float32 arrays holding bfloat16 values.
    """
    return _bfloat16_backward(check_network(master), x, E, check_positive(loss_scale, "loss_scale"))


def _bfloat16_backward(master, x, E, S):
    net = master.astype(np.float32)
    for k in range(1, net.L + 1):
        net.W[k], net.b[k] = _bfloat16(net.W[k]), _bfloat16(net.b[k])
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        trace = net.forward(_bfloat16(np.asarray(x, dtype=np.float32)), rounding=_bfloat16)
        return net.backward(trace, np.asarray(E, dtype=np.float32), loss_scale=S, rounding=_bfloat16)


# ------------------------------------------------------------------------- training steps
@dataclasses.dataclass(frozen=True)
class StepResult:
    """One training step: the cost (before the step), whether an inf/NaN was found (and the step
    skipped), the loss scale used, and ``zero_fraction``, the fraction of weight-gradient entries
    that came out exactly zero."""

    cost: float
    found_inf: bool
    loss_scale: float
    zero_fraction: float


#: The precisions :func:`train` knows.
MODES = ("float32", "float16", "float16+static", "float16+dynamic", "bfloat16")


def mixed_precision_step(master, x, E, lr, *, loss_scale=1.0, scaler=None, compute="float16", cost_factor=1.0):
    """One mixed-precision SGD step on the float32 (or float64) ``master`` network, in place.

    1. forward and backward in ``compute`` precision ("float16", "bfloat16" or "float32") with the
       cost scaled by S (``scaler.scale`` if a :class:`DynamicLossScaler` is given, else
       ``loss_scale``);
    2. the gradients are cast to float32 and divided by S (unscaled);
    3. if any is inf or NaN the step is skipped, otherwise W^k <- W^k - lr dC/dW^k (likewise b^k)
       is applied to the master weights;
    4. the scaler, if any, is updated with whether an inf/NaN was found.

    ``cost_factor`` K makes the task's cost K*C instead of C (its gradients K times smaller); it is
    part of the task, not of the scaling, so it is not divided out.  Returns a :class:`StepResult`.
    """
    check_network(master)
    lr = check_positive(lr, "lr")
    _check_scaler(scaler)
    if compute not in ("float16", "bfloat16", "float32"):
        raise ValueError(f"compute must be 'float16', 'bfloat16' or 'float32'; got {compute!r}")
    loss_scale = check_positive(loss_scale, "loss_scale")
    return _step(master, x, E, lr, loss_scale, scaler, compute, check_positive(cost_factor, "cost_factor"))


def _check_scaler(scaler):
    if scaler is not None and not isinstance(scaler, DynamicLossScaler):
        raise TypeError(f"scaler must be a DynamicLossScaler or None; got {type(scaler).__name__}")


def _step(master, x, E, lr, loss_scale, scaler, compute, K):
    """:func:`mixed_precision_step` on checked arguments (``lr`` a float)."""
    S = scaler.scale if scaler is not None else loss_scale
    if compute == "float16":
        C, g = _float16_backward(master, x, E, S * K)
    elif compute == "bfloat16":
        C, g = _bfloat16_backward(master, x, E, S * K)
    else:
        net32 = master.astype(np.float32)
        C, g = net32.backward(net32.forward(np.asarray(x, np.float32)), np.asarray(E, np.float32), loss_scale=S * K)
    inv = np.float32(1.0 / S)
    with np.errstate(over="ignore", invalid="ignore"):
        gW = [None] + [w.astype(np.float32) * inv for w in g.W[1:]]
        gb = [None] + [v.astype(np.float32) * inv for v in g.b[1:]]
    found_inf = not all(np.isfinite(v).all() for v in gW[1:] + gb[1:])
    total = sum(w.size for w in gW[1:])
    zeros = sum(int(np.count_nonzero(w == 0)) for w in gW[1:])
    if not found_inf:
        for k in range(1, master.L + 1):
            master.W[k] -= (lr * gW[k]).astype(master.dtype)
            master.b[k] -= (lr * gb[k]).astype(master.dtype)
    if scaler is not None:
        scaler.update(bool(found_inf))
    return StepResult(cost=float(C) * K, found_inf=bool(found_inf), loss_scale=float(S), zero_fraction=zeros / total)


def small_gradient_task(n=256, cost_factor=2.0**-20, seed=0):
    """A task that a network really learns, with the small gradients of a large model.

    Returns ``(net, X, Y, K)``: the sine task (``n`` points) and a [1, 16, 16, 1] tanh network with
    a linear output, which plain SGD fits well, and the cost factor K (default 2^-20).  Trained on
    K*C (``train(..., cost_factor=K, lr=lr / K)``), as if the cost were a mean over about a
    million outputs, its gradients are K times smaller; in exact arithmetic the steps are those of
    C with learning rate ``lr``.  Kept separate from :func:`train` so the chapter's comparison of
    the precisions is one call per precision.
    """
    from .datasets import sine
    from .network import Network

    X, Y = sine(n, seed=seed)
    net = Network([1, 16, 16, 1], activation="tanh", output_activation="identity", seed=seed)
    return net, X, Y, check_positive(cost_factor, "cost_factor")


@dataclasses.dataclass
class TrainingRun:
    """The record of :func:`train`: per-epoch float32 cost of the master weights on all the data,
    per-step loss scales, skipped steps and fractions of zero weight-gradient entries."""

    mode: str
    costs: list
    scales: list
    skipped: int
    zero_fractions: list
    net: object = dataclasses.field(repr=False, default=None)


def train(net, X, Y, *, mode="float16+dynamic", epochs=10, batch_size=32, lr=0.1, seed=0, loss_scale=1.0,
          scaler=None, cost_factor=1.0):
    """Train a float32 master copy of ``net`` with SGD in the given precision ``mode``.

    ``cost_factor`` K trains on the cost K*C (see :func:`mixed_precision_step`); the recorded costs
    are of C.  ``mode`` is one of :data:`MODES`: "float32" (the baseline), "float16" (no loss scaling),
    "float16+static" (loss scale ``loss_scale``), "float16+dynamic" (a :class:`DynamicLossScaler`,
    ``scaler`` or a default one), "bfloat16" (simulated, no scaling).  ``net`` is not changed.
    The cost recorded after every epoch (and before the first) is the float32 master network's
    cost on all of (X, Y).  Returns a :class:`TrainingRun` whose ``net`` is the trained master.
    """
    check_network(net)
    lr = check_positive(lr, "lr")
    cost_factor = check_positive(cost_factor, "cost_factor")
    _check_scaler(scaler)
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}; got {mode!r}")
    X = np.asarray(X, dtype=np.float32)
    Y = np.asarray(Y, dtype=np.float32)
    if X.ndim != 2 or Y.ndim != 2 or X.shape[0] != Y.shape[0]:
        raise ValueError(f"X and Y must be 2-d arrays with one example per row; got shapes {X.shape}, {Y.shape}")
    master = net.astype(np.float32)
    if mode == "float16+dynamic" and scaler is None:
        scaler = DynamicLossScaler()
    compute = {"float32": "float32", "bfloat16": "bfloat16"}.get(mode, "float16")
    S = check_positive(loss_scale, "loss_scale") if mode == "float16+static" else 1.0
    use_scaler = scaler if mode == "float16+dynamic" else None
    costs = [master.cost(X, Y)]
    scales, zeros = [], []
    skipped = 0

    def step(master, xb, yb, lr):  # the library's training loop, with a mixed-precision step
        nonlocal skipped
        res = _step(master, xb, yb, lr, S, use_scaler, compute, cost_factor)
        scales.append(res.loss_scale)
        zeros.append(res.zero_fraction)
        skipped += res.found_inf
        return res.cost

    _sgd(master, X, Y, epochs, batch_size, lr, seed=seed, step=step, after_epoch=lambda _: costs.append(master.cost(X, Y)))
    return TrainingRun(mode=mode, costs=costs, scales=scales, skipped=int(skipped), zero_fractions=zeros, net=master)


# --------------------------------------------------------------------- sweeps and histograms
def loss_scale_sweep(values, scales):
    """{S: :class:`Fate`} for each loss scale S in ``scales``, of the float64 gradient ``values``."""
    return {float(S): float16_fate(values, S) for S in scales}


def histogram(values, *, bins=None, loss_scale=1.0):
    """Counts of |loss_scale * values| in powers-of-two bins, for a Micikevicius-style histogram.

    Returns ``(edges_log2, counts, zero_count)``: bin edges as exponents of 2 (default: one bin per
    power of two from the smallest to the largest nonzero magnitude), the counts, and how many
    values were exactly zero (left out of the bins).
    """
    v = np.abs(check_array(values, "values").astype(np.float64).ravel()) * check_positive(loss_scale, "loss_scale")
    zero = int(np.count_nonzero(v == 0))
    v = v[v > 0]
    logs = np.log2(v) if v.size else np.zeros(0)
    if bins is None:
        lo = math.floor(logs.min()) if v.size else -30
        hi = math.ceil(logs.max()) if v.size else 20
        bins = np.arange(lo, max(hi, lo + 1) + 1)
    counts, edges = np.histogram(logs, bins=bins)
    return edges, counts, zero
