"""Initialization: the variance of the signals forward and of the errors backward, layer by layer.

The initialization chapter follows the variance of z^k, a^k and delta^k through a fresh
network and predicts it with two recursions,

  Var(z^k) = n_{k-1} Var(W^k) E[(a^{k-1})^2]            forward, and
  Var(dC/da^k) = n_{k+1} Var(W^{k+1}) Var(delta^{k+1})   backward

(:func:`predicted_variances`), which say why Var(W) = 1/n (LeCun, Xavier/Glorot) or 2/n (He)
keeps both steady.  This module measures the variances with the network's own forward and
backward passes (:func:`variance_profile`, :func:`variance_experiment`), draws the per-layer
histograms of Glorot & Bengio (2010) (:func:`activation_histograms`,
:func:`gradient_histograms`) and trains under each initializer (:func:`training_curves`).

Per-layer arrays are indexed by the layer number k (entry 0, the input layer, NaN where it has
no value), and gradients are per example, as in :mod:`backprop_lib.vanishing_gradients`.

>>> from backprop_lib import initialization
>>> measured, linear, meanfield = initialization.variance_experiment(64, 5, "xavier_normal", "tanh")
>>> bool(abs(measured.a[4] / meanfield.a[4] - 1) < 0.2)      # the mean-field prediction of Var(a^4)
True
"""

from __future__ import annotations

import functools
import numbers
from dataclasses import dataclass

import numpy as np

from . import initializers
from .activations import LEAKY_SLOPE
from ._checks import check_activation, check_int, check_network, check_positive, check_sizes
from .layerwise import per_example_errors, per_layer, shallower
from .network import Network
from .training import train

__all__ = [
    "VarianceProfile",
    "variance_profile",
    "TheoryProfile",
    "predicted_variances",
    "variance_experiment",
    "Histograms",
    "activation_histograms",
    "gradient_histograms",
    "training_curves",
]


# ---------------------------------------------------------------------------------------------
# variances: measured
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class VarianceProfile:
    """Measured per-layer variances over all units and examples (arrays indexed by layer).

    ``z[k]``, ``a[k]``: Var(z^k), Var(a^k) (``a[0]`` is Var(x), ``z[0]`` NaN);
    ``a_sq[k]``: E[(a^k)^2]; ``delta[k]``: Var(delta^k); ``grad_a[k]``: Var(dC/da^k);
    ``grad_W[k]``: Var(dC/dW^k_ij) of the per-example gradients.
    Gradients are per example (see the module docstring).
    """

    z: np.ndarray
    a: np.ndarray
    a_sq: np.ndarray
    delta: np.ndarray
    grad_a: np.ndarray
    grad_W: np.ndarray

    @property
    def L(self):
        return len(self.a) - 1


def variance_profile(net, x, E):
    """Measure Var(z^k), Var(a^k), Var(delta^k), Var(dC/da^k), Var(dC/dW^k) of ``net`` on ``(x, E)``."""
    check_network(net)
    trace = net.forward(x)
    _, grads = net.backward(trace, E)
    return _variances(trace, grads)


def _variances(trace, grads, known=None):
    """The :class:`VarianceProfile` of a forward trace and the gradients of its backward pass.

    Each variance is over all units and examples of its layer.  Gradients are per example: B
    times those of the mean cost (see the module docstring).  ``known``: see :func:`_forward_variances`.
    """
    L = trace.L
    batch = trace.a[0].shape[0] if trace.batched else 1
    z, a, a_sq = _forward_variances(trace, known)
    delta, grad_a, grad_W = (per_layer(L) for _ in range(3))
    for k in range(1, L + 1):
        delta[k] = _variance(grads.delta[k]) * batch ** 2
        if grads.a[k] is not None:
            grad_a[k] = _variance(grads.a[k]) * batch ** 2
        # dC/dW^k_ij = delta_i a_j of each example: its mean square is the mean over examples of
        # ||delta^k||^2 ||a^{k-1}||^2 / (n_k n_{k-1}); its mean is that of dC/dW^k, the batch's.
        d, a_prev = np.atleast_2d(grads.delta[k]) * batch, np.atleast_2d(trace.a[k - 1])
        mean_sq = np.mean(np.einsum("bi,bi->b", d, d) * np.einsum("bj,bj->b", a_prev, a_prev)) / grads.W[k].size
        grad_W[k] = float(mean_sq - np.mean(grads.W[k]) ** 2)
    return VarianceProfile(z, a, a_sq, delta, grad_a, grad_W)


def _forward_variances(trace, known=None):
    """Var(z^k), Var(a^k) and E[(a^k)^2] for k = 0..L (``z[0]`` NaN).

    ``known``: these three of a deeper trace whose layers 0..L-1 are this one's (:func:`shallower`).
    """
    L = trace.L
    z, a, a_sq = (per_layer(L) for _ in range(3))
    first = 0
    if known is not None:
        first = L
        for mine, theirs in zip((z, a, a_sq), known):
            mine[:L] = theirs[:L]
    for k in range(first, L + 1):
        if k > 0:
            z[k] = _variance(trace.z[k])
        a[k], a_sq[k] = _variance(trace.a[k]), _mean_square(trace.a[k])
    return z, a, a_sq


def _variance(values):
    """The variance of all entries of ``values``, in float64: their mean, then the mean square of the deviations."""
    v = np.asarray(values, np.float64)
    deviations = (v - v.mean()).ravel()
    return float(deviations @ deviations) / v.size


def _mean_square(values):
    v = np.asarray(values, np.float64).ravel()
    return float(v @ v) / v.size


# ---------------------------------------------------------------------------------------------
# variances: predicted
# ---------------------------------------------------------------------------------------------

def _init_variance(init, n_in, n_out):
    """Var(W_ij) of initializer ``init`` for a layer n_in -> n_out (see :mod:`initializers`).
    Unchecked: its callers (:func:`variance_experiment`, the explorer's controls) checked init and widths."""
    return float(initializers.variance(init, n_in, n_out))


_GH_X, _GH_W = np.polynomial.hermite_e.hermegauss(121)
_GH_W = _GH_W / _GH_W.sum()


def _moments(act, v, mode):
    """(E[sigma(z)], E[sigma(z)^2], E[sigma'(z)^2]) for z ~ N(0, v)."""
    name = act.name
    if name in ("relu", "leaky_relu"):
        s = LEAKY_SLOPE if name == "leaky_relu" else 0.0
        mean = (1 - s) * np.sqrt(v / (2 * np.pi))
        return mean, (1 + s * s) * v / 2, (1 + s * s) / 2
    if mode == "linear":
        if name == "sigmoid":           # sigma(z) ~ 1/2 + z/4 near 0
            return 0.5, 0.25 + v / 16, 1 / 16
        return 0.0, v, 1.0               # identity, tanh ~ z near 0
    z = np.sqrt(v) * _GH_X
    f = np.asarray(act(z), np.float64)
    d = np.asarray(act.derivative(z), np.float64)
    return float(_GH_W @ f), float(_GH_W @ f ** 2), float(_GH_W @ d ** 2)


@dataclass(frozen=True)
class TheoryProfile:
    """Predicted per-layer variances (arrays indexed by layer; see :func:`predicted_variances`)."""

    z: np.ndarray
    a: np.ndarray
    delta: np.ndarray
    grad_a: np.ndarray
    grad_W: np.ndarray


def predicted_variances(sizes, var_w, activation, var_x=1.0, var_delta_out=1.0,
                        output_activation="identity", mode="linear"):
    """The variance recursions of the initialization chapter.

    Forward:  Var(z^k) = n_{k-1} Var(W^k) E[(a^{k-1})^2], with E[(a^0)^2] = ``var_x``
    (zero-mean inputs).  Backward, from Var(delta^L) = ``var_delta_out``:
    Var(dC/da^k) = n_{k+1} Var(W^{k+1}) Var(delta^{k+1}),
    Var(delta^k) = E[sigma'(z^k)^2] Var(dC/da^k), and
    Var(dC/dW^k) = Var(delta^k) E[(a^{k-1})^2].

    ``var_w`` is one number (every layer) or a per-layer list indexed by layer
    (entry 0 ignored).  ``mode="linear"`` uses the chapter's linear-regime
    approximation (tanh(z) ~ z, sigmoid(z) ~ 1/2 + z/4; ReLU is exact:
    E[relu(z)^2] = Var(z)/2); ``mode="gaussian"`` takes z^k ~ N(0, Var(z^k)) and
    computes the expectations exactly by Gauss-Hermite quadrature.
    """
    n = check_sizes(sizes)
    L = len(n) - 1
    if isinstance(var_w, numbers.Real) and not isinstance(var_w, bool):
        vw = [None] + [check_positive(var_w, "var_w", allow_zero=True)] * L
    else:
        if not hasattr(var_w, "__len__") or len(var_w) != L + 1:
            raise ValueError(f"var_w must be a number or a per-layer list of length L + 1 = {L + 1}")
        vw = [None] + [check_positive(var_w[k], f"var_w[{k}]", allow_zero=True) for k in range(1, L + 1)]
    var_x = check_positive(var_x, "var_x", allow_zero=True)
    var_delta_out = check_positive(var_delta_out, "var_delta_out", allow_zero=True)
    if mode not in ("linear", "gaussian"):
        raise ValueError(f"mode must be 'linear' or 'gaussian'; got {mode!r}")
    hidden = check_activation(activation)
    output = check_activation(output_activation, "output_activation")
    return _predicted_variances(n, vw, hidden, output, var_x, var_delta_out, mode)


def _predicted_variances(n, vw, hidden, output, var_x, var_delta_out, mode):
    """:func:`predicted_variances` on checked arguments (widths ``n``, per-layer ``vw`` with entry 0
    None, the hidden and output Activation objects)."""
    L = len(n) - 1
    acts = [None] + [hidden] * (L - 1) + [output]

    z, a, a_sq, d2 = (per_layer(L) for _ in range(4))
    a[0] = a_sq[0] = var_x
    for k in range(1, L + 1):
        z[k] = n[k - 1] * vw[k] * a_sq[k - 1]
        mean, sq, dd = _moments(acts[k], z[k], mode)
        a_sq[k] = sq
        a[k] = max(sq - mean ** 2, 0.0)
        d2[k] = dd
    delta, grad_a, grad_W = (per_layer(L) for _ in range(3))
    delta[L] = var_delta_out
    for k in range(L - 1, 0, -1):
        grad_a[k] = n[k + 1] * vw[k + 1] * delta[k + 1]
        delta[k] = d2[k] * grad_a[k]
    for k in range(1, L + 1):
        grad_W[k] = delta[k] * a_sq[k - 1]
    return TheoryProfile(z, a, delta, grad_a, grad_W)


def _deep_forward(width, max_depth, init, activation, batch, seed):
    """The deepest network (identity output), its forward trace, the noise r and the trace's
    forward variances, for :func:`variance_experiment`."""
    deep = Network([width] * (max_depth + 1), activation=activation, output_activation="identity",
                   init=init, seed=seed)
    rng = np.random.default_rng(10_000 + seed if isinstance(seed, int) else None)  # data independent of W
    x = rng.standard_normal((batch, width))
    r = rng.standard_normal((batch, width))
    trace = deep.forward(x)
    return deep, trace, r, _forward_variances(trace)


_deep_forward_cached = functools.lru_cache(maxsize=64)(_deep_forward)


def variance_experiment(width, depth, init, activation, batch=64, seed=0, max_depth=None):
    """Measured and predicted per-layer variances of a fresh network: ``(measured, linear, meanfield)``.

    A network of ``depth`` layers of ``width`` units (initializer ``init``, hidden
    ``activation``, identity output) gets standard normal inputs, and targets
    chosen as E = O - r/2 with r ~ N(0, 1), so that the output error
    delta^L = 2 (O - E) = r is noise independent of the weights, as the backward
    derivation assumes.  Returns the measured :class:`VarianceProfile` and the
    :class:`TheoryProfile` of :func:`predicted_variances` in ``"linear"`` and
    ``"gaussian"`` (mean-field) mode.

    The depth-``depth`` network is the first ``depth`` layers of the network with
    ``max_depth`` layers (default ``depth``) drawn from the same seed, so one
    cached forward pass through the deepest network serves every depth up to its
    last layer, which the depth-``depth`` network computes itself (this is how the
    explorer answers a depth change quickly); then the network's backward pass.
    """
    width = check_int(width, "width", 1, 100000)
    depth = check_int(depth, "depth", 1, 1000)
    batch = check_int(batch, "batch", 1, 10**6)
    max_depth = depth if max_depth is None else check_int(max_depth, "max_depth", depth, 1000)
    hidden = check_activation(activation)
    initializers.get(init)
    deep_forward = _deep_forward_cached if isinstance(seed, int) else _deep_forward
    deep, deep_trace, r, deep_variances = deep_forward(width, max_depth, init, activation, batch, seed)
    L = depth
    net, trace = shallower(deep, deep_trace, L)          # identity output
    _, grads = net.backward(trace, trace.output - r / 2)  # E = O - r/2, so delta^L = 2 (O - E) = r
    measured = _variances(trace, grads, deep_variances)
    sizes = [width] * (L + 1)
    vw = [None] + [_init_variance(init, width, width)] * L
    output = check_activation("identity")
    linear = _predicted_variances(sizes, vw, hidden, output, 1.0, 1.0, "linear")
    meanfield = _predicted_variances(sizes, vw, hidden, output, 1.0, 1.0, "gaussian")
    return measured, linear, meanfield


# ---------------------------------------------------------------------------------------------
# histograms (Glorot & Bengio 2010, Figs. 6 and 7)
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Histograms:
    """Per-layer normalized histograms: ``density[k]`` over ``edges`` (lists indexed by layer).

    ``layers`` lists the layers present; ``std[k]`` is the standard deviation of
    layer k's values (the spread the chapter's asserts compare).
    """

    edges: np.ndarray
    layers: list
    density: dict
    std: dict

    @property
    def centers(self):
        return 0.5 * (self.edges[1:] + self.edges[:-1])


def _check_histogram_args(bins, value_range):
    """The learner's ``bins`` and ``value_range`` (None: the values' own symmetric range)."""
    bins = check_int(bins, "bins", 2, 10000)
    if value_range is not None:
        try:
            lo, hi = (float(v) for v in value_range)
        except (TypeError, ValueError):
            lo = hi = float("nan")
        if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
            raise ValueError(f"value_range must be (low, high) with low < high; got {value_range!r}")
        value_range = (lo, hi)
    return bins, value_range


def _layer_histograms(values, bins, value_range, layers):
    """Histograms of layers ``layers`` of the per-layer arrays ``values`` (a list indexed by layer).
    Unchecked: :func:`activation_histograms` and :func:`gradient_histograms` checked bins and value_range."""
    flat = {k: np.asarray(values[k], np.float64).ravel() for k in layers}
    if value_range is None:
        hi = max(float(np.max(np.abs(v))) for v in flat.values()) or 1.0
        value_range = (-hi, hi)
    lo, hi = value_range
    edges = np.linspace(lo, hi, bins + 1)
    density, std = {}, {}
    for k, v in flat.items():
        counts, _ = np.histogram(v, bins=edges)
        density[k] = counts / max(len(v), 1)
        std[k] = float(np.std(v))
    return Histograms(edges, list(layers), density, std)


def activation_histograms(net, x, bins=60, value_range=(-1.0, 1.0), hidden_only=True):
    """Histograms of the activation values a^k per layer (Glorot & Bengio 2010, Fig. 6)."""
    check_network(net)
    bins, value_range = _check_histogram_args(bins, value_range)
    trace = net.forward(x)
    layers = list(range(1, net.L if hidden_only else net.L + 1))
    return _layer_histograms(trace.a, bins=bins, value_range=value_range, layers=layers)


def gradient_histograms(net, x, E, bins=60, value_range=None, hidden_only=True):
    """Histograms of the back-propagated gradients delta^k per layer, per example (G&B 2010, Fig. 7)."""
    check_network(net)
    bins, value_range = _check_histogram_args(bins, value_range)
    trace = net.forward(x)
    _, grads = net.backward(trace, E)
    values = per_example_errors(trace, grads)
    layers = list(range(1, net.L if hidden_only else net.L + 1))
    return _layer_histograms(values, bins=bins, value_range=value_range, layers=layers)


# ---------------------------------------------------------------------------------------------
# training under each initializer and activation
# ---------------------------------------------------------------------------------------------

def training_curves(sizes, X, Y, activations=("tanh",), inits=("standard", "xavier_uniform"),
                    epochs=20, batch_size=16, lr=0.05, seed=0, output_activation="identity",
                    loss="squared_error"):
    """Train the same architecture under each (activation, initializer) pair; per-epoch costs.

    Returns ``{(activation, init): list of per-epoch costs}``; every run starts
    from the same seed and sees the same mini-batches.
    """
    if isinstance(activations, str):
        activations = (activations,)
    if isinstance(inits, str):
        inits = (inits,)
    out = {}
    for act in activations:
        for init in inits:
            net = Network(sizes, activation=act, output_activation=output_activation, loss=loss,
                          init=init, seed=seed)
            out[(act, init)] = list(train(net, X, Y, epochs=epochs, batch_size=batch_size, lr=lr, seed=seed))
    return out
