"""How gradients flow back through a deep network: measured, bounded and predicted.

The backward recursion of the course,

    delta^k = sigma'(z^k) * (W^{k+1})^T delta^{k+1},

multiplies the error by one matrix and one diagonal of slopes per layer.  This
module measures what that does to the size of the error in a real network and
sets the measurements next to two pieces of theory:

* the **bound** of the vanishing-gradient chapter,
  ||delta^k|| <= prod_{j=k}^{L-1} ( max|sigma_j'| ||W^{j+1}||_2 ) ||delta^L||
  (:func:`gradient_bound`), with max|sigma'| = 1/4 for the sigmoid and 1 for
  tanh and the ReLUs (:func:`sigma_prime_max`);
* the **variance recursions** of the initialization chapter,
  Var(z^k) = n_{k-1} Var(W^k) E[(a^{k-1})^2] forward and
  Var(dC/da^k) = n_{k+1} Var(W^{k+1}) Var(delta^{k+1}) backward
  (:func:`predicted_variances`).

Every per-layer array is indexed by the layer number k exactly as the text
writes it: it has L + 1 entries and entry 0 (the input layer, which has no
delta or W) is NaN unless said otherwise.

Gradients of a batch are reported **per example** (the network's gradients of
the mean cost are multiplied by the batch size B), so the numbers do not change
with the batch size.

>>> import numpy as np
>>> from backprop_lib import vanishing_gradients as gf
>>> net = gf.random_network(depth=10, width=16, activation="sigmoid", weight_scale=1.0, seed=0)
>>> x, E = gf.random_data(net, batch=8, seed=0)
>>> norms = gf.gradient_norms(net, x, E)
>>> bound = gf.gradient_bound(net)
>>> bool(np.all(norms.delta_per_example[:, 1:] <= bound[1:] * norms.delta_per_example[:, -1:] + 1e-12))
True
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from . import activations as _activations
from . import initializers as _initializers
from ._checks import check_int, check_network, check_positive

__all__ = [
    "SIGMA_PRIME_MAX",
    "sigma_prime_max",
    "spectral_norms",
    "GradientNorms",
    "gradient_norms",
    "gradient_bound",
    "gradient_lower_bound",
    "decay_rate",
    "random_network",
    "random_data",
    "GradientProfile",
    "gradient_profile",
    "depth_sweep",
    "relative_updates",
    "learning_status",
    "VarianceProfile",
    "variance_profile",
    "TheoryProfile",
    "predicted_variances",
    "init_variance",
    "variance_experiment",
    "Histograms",
    "layer_histograms",
    "activation_histograms",
    "gradient_histograms",
    "training_curves",
]

#: sup_z |sigma'(z)| for each activation: the constant of the vanishing-gradient bound.
SIGMA_PRIME_MAX = {
    "identity": 1.0,
    "sigmoid": 0.25,
    "tanh": 1.0,
    "relu": 1.0,
    "leaky_relu": 1.0,
}


# ---------------------------------------------------------------------------------------------
# input checks
# ---------------------------------------------------------------------------------------------

def _check_activation(name, argname="activation"):
    """The Activation called ``name`` (or ``name`` itself if it is one); errors name ``argname``."""
    if isinstance(name, _activations.Activation):
        return name
    if not isinstance(name, str):
        raise TypeError(f"{argname} must be a name, one of {', '.join(SIGMA_PRIME_MAX)}; "
                        f"got {type(name).__name__}")
    if name not in SIGMA_PRIME_MAX:
        raise ValueError(f"{argname} must be one of {', '.join(SIGMA_PRIME_MAX)}; got {name!r}")
    return _activations.get(name)


def _seed_rng(seed, name="seed"):
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or (isinstance(seed, numbers.Integral) and not isinstance(seed, bool) and seed >= 0):
        return np.random.default_rng(seed)
    raise TypeError(f"{name} must be a non-negative integer, None or a numpy Generator; got {seed!r}")


def _nan_layers(L):
    out = np.full(L + 1, np.nan)
    return out


# ---------------------------------------------------------------------------------------------
# the bound
# ---------------------------------------------------------------------------------------------

def sigma_prime_max(activation):
    """sup_z |sigma'(z)| for ``activation`` (a name or an Activation): 1/4 for the sigmoid, else 1.

    >>> sigma_prime_max("sigmoid"), sigma_prime_max("tanh"), sigma_prime_max("relu")
    (0.25, 1.0, 1.0)
    """
    if isinstance(activation, str):
        _check_activation(activation)
        return SIGMA_PRIME_MAX[activation]
    if isinstance(activation, _activations.Activation):
        return float(activation.max_derivative)
    raise TypeError(
        f"activation must be a name, one of {', '.join(SIGMA_PRIME_MAX)}; got {type(activation).__name__}"
    )


def spectral_norms(net):
    """||W^k||_2 (the largest singular value) for k = 1..L; entry 0 is NaN."""
    check_network(net)
    out = _nan_layers(net.L)
    for k in range(1, net.L + 1):
        out[k] = np.linalg.norm(np.asarray(net.W[k], np.float64), 2)
    return out


def gradient_bound(net, trace=None):
    """The factor B_k with ||delta^k|| <= B_k ||delta^L|| for every example, k = 1..L.

    B_k = prod_{j=k}^{L-1} gamma_j ||W^{j+1}||_2, so B_L = 1.  gamma_j is
    sup|sigma_j'| of layer j's activation (the theorem of the chapter).  With a
    forward ``trace`` the tighter, still rigorous gamma_j = max |sigma'(z^j)| over
    the units and examples of that trace is used instead.
    """
    check_network(net)
    L = net.L
    norms = spectral_norms(net)
    gammas = _nan_layers(L)
    for j in range(1, L):
        if trace is None:
            gammas[j] = sigma_prime_max(net.sigma[j])
        else:
            if not hasattr(trace, "z") or len(trace.z) != L + 1:
                raise TypeError("trace must be the Trace returned by this network's forward(x)")
            gammas[j] = float(np.max(np.abs(np.asarray(net.sigma[j].derivative(trace.z[j]), np.float64))))
    bound = _nan_layers(L)
    bound[L] = 1.0
    for k in range(L - 1, 0, -1):
        bound[k] = bound[k + 1] * gammas[k] * norms[k + 1]
    return bound


def gradient_lower_bound(net, trace):
    """The factor b_k with ||delta^k|| >= b_k ||delta^L|| for every example of ``trace``.

    b_k = prod_{j=k}^{L-1} m_j s_min(W^{j+1}), where m_j = min |sigma'(z^j)| over
    the units and examples of the forward ``trace`` and s_min(W^{j+1}) is the
    smallest singular value of (W^{j+1})^T, i.e. the n_{j+1}-th singular value of
    W^{j+1} when n_j >= n_{j+1} (and 0 otherwise: a wide-to-narrow (W^{j+1})^T
    has a null space).  When these factors exceed 1 the gradients must explode:
    the theorem's second half.
    """
    check_network(net)
    L = net.L
    if not hasattr(trace, "z") or len(trace.z) != L + 1:
        raise TypeError("trace must be the Trace returned by this network's forward(x)")
    out = _nan_layers(L)
    out[L] = 1.0
    for k in range(L - 1, 0, -1):
        m = float(np.min(np.abs(np.asarray(net.sigma[k].derivative(trace.z[k]), np.float64))))
        Wn = np.asarray(net.W[k + 1], np.float64)
        n_next, n_here = Wn.shape
        smin = float(np.linalg.svd(Wn, compute_uv=False)[-1]) if n_here >= n_next else 0.0
        out[k] = out[k + 1] * m * smin
    return out


# ---------------------------------------------------------------------------------------------
# measured gradient norms
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class GradientNorms:
    """Per-layer gradient sizes of one forward/backward pass (arrays indexed by layer, entry 0 NaN).

    ``delta[k]``: the mean over examples of ||delta^k|| (per example).
    ``weight[k]``: the mean over examples of ||dC/dW^k||_F = ||delta^k|| ||a^{k-1}|| (per example).
    ``batch_weight[k]``: ||dC/dW^k||_F of the gradient of the mean cost (what a step uses).
    ``delta_per_example``: shape (B, L + 1), ||delta^k|| of each example.
    ``cost``: the (mean) cost C.
    """

    delta: np.ndarray
    weight: np.ndarray
    batch_weight: np.ndarray
    delta_per_example: np.ndarray
    cost: float

    @property
    def L(self):
        return len(self.delta) - 1


def gradient_norms(net, x, E):
    """Run ``net`` forward and backward on ``(x, E)`` and measure the per-layer gradient norms.

    Returns a :class:`GradientNorms`.  ``x``, ``E`` follow :meth:`Network.forward`
    and :meth:`Network.backward` (one example or a batch).
    """
    check_network(net)
    trace = net.forward(x)
    C, grads = net.backward(trace, E)
    L = net.L
    batch = trace.a[0].shape[0] if np.ndim(trace.a[0]) == 2 else 1
    per_ex = np.full((batch, L + 1), np.nan)
    weight = _nan_layers(L)
    batch_weight = _nan_layers(L)
    for k in range(1, L + 1):
        d = np.atleast_2d(np.asarray(grads.delta[k], np.float64)) * batch
        per_ex[:, k] = np.linalg.norm(d, axis=1)
        a_prev = np.atleast_2d(np.asarray(trace.a[k - 1], np.float64))
        weight[k] = float(np.mean(per_ex[:, k] * np.linalg.norm(a_prev, axis=1)))
        batch_weight[k] = float(np.linalg.norm(np.asarray(grads.W[k], np.float64)))
    delta = np.full(L + 1, np.nan)
    delta[1:] = per_ex[:, 1:].mean(axis=0)
    return GradientNorms(delta, weight, batch_weight, per_ex, float(C))


def decay_rate(norms, skip_output=True):
    """The measured factor r by which ||delta|| shrinks (r < 1) or grows (r > 1) per layer backwards.

    Fits log ||delta^k|| = c + (L - k) log r by least squares over the hidden
    layers k = 1..L-1 (the output layer's delta is the base case and follows its
    own rule; ``skip_output=False`` includes it).  ``norms`` is a
    :class:`GradientNorms` or a per-layer array indexed by layer.  Layers whose
    norm is 0 (dead ReLUs) are left out; NaN if fewer than two layers remain.
    """
    values = norms.delta if isinstance(norms, GradientNorms) else np.asarray(norms, np.float64)
    if values.ndim != 1 or len(values) < 2:
        raise ValueError("norms must be a GradientNorms or a 1-d per-layer array with entry 0 for the input layer")
    L = len(values) - 1
    ks = np.arange(1, L if skip_output else L + 1)
    v = values[ks]
    ok = np.isfinite(v) & (v > 0)
    if ok.sum() < 2:
        return float("nan")
    slope = np.polyfit(ks[ok], np.log(v[ok]), 1)[0]
    return float(np.exp(-slope))


# ---------------------------------------------------------------------------------------------
# deep random networks and their gradient profile
# ---------------------------------------------------------------------------------------------

def random_network(depth, width, activation, weight_scale=1.0, n_in=None, n_out=None, seed=0,
                   output_activation="identity", dtype=np.float64):
    """A network of ``depth`` layers (L = depth) of ``width`` units, W^k ~ N(0, weight_scale^2 / n_{k-1}).

    ``weight_scale`` g sets n_{k-1} Var(W^k) = g^2: g = 1 is Xavier/LeCun-like for
    equal widths, g = sqrt(2) is He.  Biases are 0.  The output layer has
    ``output_activation`` (identity by default, so delta^L = 2 (O - E)).
    """
    depth = check_int(depth, "depth", 1, 1000)
    width = check_int(width, "width", 1, 100000)
    g = check_positive(weight_scale, "weight_scale", allow_zero=False)
    n_in = width if n_in is None else check_int(n_in, "n_in")
    n_out = width if n_out is None else check_int(n_out, "n_out")
    _check_activation(activation)
    rng = _seed_rng(seed)
    sizes = [n_in] + [width] * (depth - 1) + [n_out]
    W = [None] + [rng.standard_normal((sizes[k], sizes[k - 1])) * (g / np.sqrt(sizes[k - 1]))
                  for k in range(1, depth + 1)]
    b = [None] + [np.zeros(sizes[k]) for k in range(1, depth + 1)]
    from .network import Network

    return Network.from_weights(W, b, activation=activation, output_activation=output_activation,
                                loss="squared_error", dtype=dtype)


def random_data(net, batch=32, seed=0):
    """Standard normal inputs x (batch, n_0) and targets E (batch, n_L) for ``net``."""
    check_network(net)
    batch = check_int(batch, "batch", 1, 10**6)
    rng = _seed_rng(seed)
    x = rng.standard_normal((batch, net.sizes[0]))
    E = rng.standard_normal((batch, net.sizes[-1]))
    if getattr(net.loss, "name", "") == "binary_cross_entropy":
        E = (E > 0).astype(np.float64)
    return x, E


#: The boundaries of :func:`learning_status`, on the relative update size r_k.
LEARNING_THRESHOLDS = (1e-4, 1e-2, 10.0)

#: The four states of :func:`learning_status`, slowest first.
STATES = ("stalled", "slow", "learns", "explodes")


def relative_updates(net, norms):
    """r_k = ||dC/dW^k||_F / ||W^k||_F: how big a gradient step is next to the weights it changes.

    A step with learning rate eta changes W^k by the fraction eta r_k of its size.
    ``norms`` is the :class:`GradientNorms` of ``net`` (its ``batch_weight``, the
    gradient of the mean cost that a step uses).  Indexed by layer, entry 0 NaN.
    """
    check_network(net)
    if not isinstance(norms, GradientNorms):
        raise TypeError(f"norms must be the GradientNorms of net; got {type(norms).__name__}")
    if norms.L != net.L:
        raise ValueError(f"norms must belong to net: it has {norms.L} layers, net has {net.L}")
    r = _nan_layers(net.L)
    for k in range(1, net.L + 1):
        wn = float(np.linalg.norm(np.asarray(net.W[k], np.float64)))
        r[k] = norms.batch_weight[k] / wn if wn > 0 else np.inf
    return r


def learning_status(relative, thresholds=LEARNING_THRESHOLDS):
    """Classify each layer by its relative update size r_k (see :func:`relative_updates`).

    With the usual learning rates (eta ~ 0.01 to 1): r_k < 1e-4 means a step
    changes the layer by less than a ten-thousandth of its size: "stalled";
    below 1e-2 "slow"; up to 10 "learns"; above 10 a step is many times larger
    than the weights themselves: "explodes".  Returns a list indexed by layer
    (entry 0 None).
    """
    r = np.asarray(relative, np.float64)
    if r.ndim != 1 or len(r) < 2:
        raise ValueError("relative must be a 1-d per-layer array with entry 0 for the input layer")
    if len(thresholds) != 3 or not (0 < thresholds[0] < thresholds[1] < thresholds[2]):
        raise ValueError(f"thresholds must be three increasing positive numbers; got {thresholds!r}")
    lo, mid, hi = thresholds
    out = [None]
    for k in range(1, len(r)):
        v = r[k]
        if not np.isfinite(v) or v > hi:
            out.append("explodes" if not np.isnan(v) else "stalled")
        elif v >= mid:
            out.append("learns")
        elif v >= lo:
            out.append("slow")
        else:
            out.append("stalled")
    return out


@dataclass(frozen=True)
class GradientProfile:
    """The result of :func:`gradient_profile` (per-layer arrays indexed by layer)."""

    depth: int
    activation: str
    weight_scale: float
    norms: GradientNorms
    bound: np.ndarray            # B_k, ||delta^k|| <= B_k ||delta^L||
    bound_norm: np.ndarray       # B_k times the measured mean ||delta^L||
    rate: float                  # measured per-layer factor (decay_rate)
    bound_rate: float            # geometric mean of the per-layer bound factors gamma ||W||_2
    relative: np.ndarray         # relative update sizes r_k (relative_updates)
    status: list                 # learning_status of r_k


def gradient_profile(depth, activation, weight_scale=1.0, width=32, batch=32, seed=0):
    """Per-layer gradient norms of a fresh :func:`random_network` on :func:`random_data`, with the bound."""
    net = random_network(depth, width, activation, weight_scale, seed=seed)
    x, E = random_data(net, batch=batch, seed=seed + 1 if isinstance(seed, int) else seed)
    norms = gradient_norms(net, x, E)
    bound = gradient_bound(net)
    rel = relative_updates(net, norms)
    L = net.L
    if L > 1:
        factors = bound[1:L] / bound[2:L + 1]
        bound_rate = float(np.exp(np.mean(np.log(factors))))
    else:
        bound_rate = float("nan")
    return GradientProfile(
        depth=L, activation=activation, weight_scale=float(weight_scale), norms=norms,
        bound=bound, bound_norm=bound * norms.delta[L], rate=decay_rate(norms),
        bound_rate=bound_rate, relative=rel, status=learning_status(rel),
    )


_SWEEP_CACHE = {}


def _sweep_base(width, batch, seed, n):
    """The standard-normal matrices G^k / sqrt(width) (k = 1..n), their spectral and Frobenius
    norms, and the data, as :func:`random_network` and :func:`random_data` draw them; cached."""
    key = (width, batch, seed) if isinstance(seed, int) else None
    hit = _SWEEP_CACHE.get(key) if key is not None else None
    if hit is not None and len(hit[0]) >= n:
        return hit
    n = max(n, 30)
    rng = _seed_rng(seed)
    G = [rng.standard_normal((width, width)) / np.sqrt(width) for _ in range(n)]
    stack = np.stack(G)
    sv = np.linalg.svd(stack, compute_uv=False)[:, 0]
    fr = np.linalg.norm(stack, axis=(1, 2))
    rng = _seed_rng(seed + 1 if isinstance(seed, int) else seed)
    x = rng.standard_normal((batch, width))
    E = rng.standard_normal((batch, width))
    out = (G, sv, fr, x, E)
    if key is not None:
        if len(_SWEEP_CACHE) > 16:
            _SWEEP_CACHE.clear()
        _SWEEP_CACHE[key] = out
    return out


def depth_sweep(activation, weight_scale=1.0, depths=range(1, 31), width=32, batch=32, seed=0):
    """:func:`gradient_profile` for several depths at once, fast: ``{depth: GradientProfile}``.

    The networks are exactly those of :func:`gradient_profile` (with n_in = n_out
    = width, the depth-D network's weights are the first D matrices of the deepest
    one, drawn from the same seed), so one forward pass through the deepest network
    serves every depth; each depth then needs only its own backward pass.  This is
    what the explorer uses to answer a slider move within milliseconds.
    """
    depths = sorted({check_int(d, "depths", 1, 1000) for d in depths})
    if not depths:
        raise ValueError("depths must list at least one depth")
    width = check_int(width, "width", 1, 100000)
    batch = check_int(batch, "batch", 1, 10**6)
    g = check_positive(weight_scale, "weight_scale")
    act = _check_activation(activation)
    gamma = sigma_prime_max(activation)
    Dmax = depths[-1]
    G, sv, fr, x, E = _sweep_base(width, batch, seed, Dmax)
    W = [None] + [g * Gk for Gk in G[:Dmax]]
    spec = np.concatenate([[np.nan], g * sv[:Dmax]])
    frob = np.concatenate([[np.nan], g * fr[:Dmax]])
    Z, A = [None], [x]
    for k in range(1, Dmax + 1):
        Z.append(A[k - 1] @ W[k].T)
        A.append(act(Z[k]))
    A_stack = np.stack(A)                            # (Dmax + 1, B, width): a^0 .. a^Dmax
    a_norm = np.sqrt(np.einsum("kbi,kbi->kb", A_stack, A_stack))
    slopes = [None] + [act.derivative_from(Z[k], A[k]) for k in range(1, Dmax)]
    out = {}
    for D in depths:
        deltas = np.empty((D, batch, width))         # deltas[k - 1] = delta^k, per example
        C = float(np.mean(np.sum((Z[D] - E) ** 2, axis=1)))
        delta = 2.0 * (Z[D] - E)                     # identity output: delta^L = 2 (O - E), per example
        deltas[D - 1] = delta
        for k in range(D - 1, 0, -1):
            delta = (delta @ W[k + 1]) * slopes[k]   # delta^k = sigma'(z^k) * (W^{k+1})^T delta^{k+1}
            deltas[k - 1] = delta
        per_ex = np.full((batch, D + 1), np.nan)
        per_ex[:, 1:] = np.sqrt(np.einsum("kbi,kbi->bk", deltas, deltas))
        weight, batch_weight = _nan_layers(D), _nan_layers(D)
        weight[1:] = np.mean(per_ex[:, 1:] * a_norm[:D].T, axis=0)
        gW = np.einsum("kbi,kbj->kij", deltas, A_stack[:D]) / batch
        batch_weight[1:] = np.sqrt(np.einsum("kij,kij->k", gW, gW))
        dmean = np.full(D + 1, np.nan)
        dmean[1:] = per_ex[:, 1:].mean(axis=0)
        norms = GradientNorms(dmean, weight, batch_weight, per_ex, C)
        bound = _nan_layers(D)
        bound[D] = 1.0
        for k in range(D - 1, 0, -1):
            bound[k] = bound[k + 1] * gamma * spec[k + 1]
        rel = _nan_layers(D)
        rel[1:] = batch_weight[1:] / frob[1:D + 1]
        bound_rate = float(np.exp(np.mean(np.log(gamma * spec[2:D + 1])))) if D > 1 else float("nan")
        out[D] = GradientProfile(
            depth=D, activation=act.name, weight_scale=g, norms=norms, bound=bound,
            bound_norm=bound * dmean[D], rate=decay_rate(norms), bound_rate=bound_rate,
            relative=rel, status=learning_status(rel),
        )
    return out


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
    L = net.L
    batch = trace.a[0].shape[0] if np.ndim(trace.a[0]) == 2 else 1
    z, a, a_sq, delta, grad_a, grad_W = (_nan_layers(L) for _ in range(6))
    a0 = np.asarray(trace.a[0], np.float64)
    a[0], a_sq[0] = float(np.var(a0)), float(np.mean(a0 ** 2))
    for k in range(1, L + 1):
        zk = np.asarray(trace.z[k], np.float64)
        ak = np.asarray(trace.a[k], np.float64)
        z[k], a[k], a_sq[k] = float(np.var(zk)), float(np.var(ak)), float(np.mean(ak ** 2))
        d = np.atleast_2d(np.asarray(grads.delta[k], np.float64)) * batch
        delta[k] = float(np.var(d))
        if grads.a[k] is not None:
            grad_a[k] = float(np.var(np.asarray(grads.a[k], np.float64) * batch))
        ap = np.atleast_2d(np.asarray(trace.a[k - 1], np.float64))
        # Var over examples and entries of the per-example gradient delta_i a_j:
        # mean of squares minus square of mean, without forming (B, n_k, n_{k-1}).
        m1 = (d.T @ ap) / d.shape[0]
        m2 = ((d ** 2).T @ (ap ** 2)) / d.shape[0]
        grad_W[k] = float(np.mean(m2) - np.mean(m1) ** 2)
    return VarianceProfile(z, a, a_sq, delta, grad_a, grad_W)


# ---------------------------------------------------------------------------------------------
# variances: predicted
# ---------------------------------------------------------------------------------------------

def init_variance(init, n_in, n_out):
    """Var(W_ij) of initializer ``init`` for a layer n_in -> n_out (see :mod:`initializers`)."""
    n_in = check_int(n_in, "n_in")
    n_out = check_int(n_out, "n_out")
    return float(_initializers.variance(init, n_in, n_out))


_GH_X, _GH_W = np.polynomial.hermite_e.hermegauss(121)
_GH_W = _GH_W / _GH_W.sum()


def _moments(act, v, mode):
    """(E[sigma(z)], E[sigma(z)^2], E[sigma'(z)^2]) for z ~ N(0, v)."""
    name = act.name
    if name in ("relu", "leaky_relu"):
        s = _activations.LEAKY_SLOPE if name == "leaky_relu" else 0.0
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
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__") or len(sizes) < 2:
        raise ValueError(f"sizes must be a list of at least two layer widths; got {sizes!r}")
    n = [check_int(s, f"sizes[{i}]") for i, s in enumerate(sizes)]
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
    hidden = _check_activation(activation)
    output = _check_activation(output_activation, "output_activation")
    acts = [None] + [hidden] * (L - 1) + [output]

    z, a, a_sq, d2 = (_nan_layers(L) for _ in range(4))
    a[0] = a_sq[0] = var_x
    for k in range(1, L + 1):
        z[k] = n[k - 1] * vw[k] * a_sq[k - 1]
        mean, sq, dd = _moments(acts[k], z[k], mode)
        a_sq[k] = sq
        a[k] = max(sq - mean ** 2, 0.0)
        d2[k] = dd
    delta, grad_a, grad_W = (_nan_layers(L) for _ in range(3))
    delta[L] = var_delta_out
    for k in range(L - 1, 0, -1):
        grad_a[k] = n[k + 1] * vw[k + 1] * delta[k + 1]
        delta[k] = d2[k] * grad_a[k]
    for k in range(1, L + 1):
        grad_W[k] = delta[k] * a_sq[k - 1]
    return TheoryProfile(z, a, delta, grad_a, grad_W)


_VAR_CACHE = {}


def _variance_forward(width, max_depth, init, activation, batch, seed):
    """The deepest network's weights and forward pass, and the data, for :func:`variance_experiment`."""
    key = (width, max_depth, init, activation, batch, seed) if isinstance(seed, int) else None
    hit = _VAR_CACHE.get(key) if key is not None else None
    if hit is not None:
        return hit
    from .network import Network

    net = Network([width] * (max_depth + 1), activation=activation, output_activation="identity",
                  init=init, seed=seed)
    rng = np.random.default_rng(10_000 + seed if isinstance(seed, int) else None)  # data independent of W
    x = rng.standard_normal((batch, width))
    r = rng.standard_normal((batch, width))
    act = net.sigma[1] if max_depth > 1 else _activations.get(activation)
    Z, A = [None], [x]
    for k in range(1, max_depth + 1):
        Z.append(A[k - 1] @ net.W[k].T)          # biases are 0 at initialization
        A.append(act(Z[k]))
    out = (net.W, Z, A, x, r, act)
    if key is not None:
        if len(_VAR_CACHE) > 64:
            _VAR_CACHE.clear()
        _VAR_CACHE[key] = out
    return out


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
    cached forward pass through the deepest network serves every depth (this is
    how the explorer answers a depth change quickly); the numbers are the same.
    """
    width = check_int(width, "width", 1, 100000)
    depth = check_int(depth, "depth", 1, 1000)
    batch = check_int(batch, "batch", 1, 10**6)
    max_depth = depth if max_depth is None else check_int(max_depth, "max_depth", depth, 1000)
    _check_activation(activation)
    _initializers.get(init)
    W, Z, A, x, r, act = _variance_forward(width, max_depth, init, activation, batch, seed)
    L = depth
    z, a, a_sq, delta, grad_a, grad_W = (_nan_layers(L) for _ in range(6))
    a[0], a_sq[0] = float(np.var(x)), float(np.mean(x ** 2))
    for k in range(1, L + 1):
        ak = A[k] if k < L else Z[k]                # the output layer is the identity
        z[k], a[k], a_sq[k] = float(np.var(Z[k])), float(np.var(ak)), float(np.mean(ak * ak))
    d = r                                           # delta^L = 2 (O - E) = r, per example
    grad_a[L] = float(np.var(r))                    # identity output: dC/da^L = delta^L
    for k in range(L, 0, -1):
        if k < L:
            g = d @ W[k + 1]                        # dC/da^k = (W^{k+1})^T delta^{k+1}
            grad_a[k] = float(np.var(g))
            d = g * act.derivative_from(Z[k], A[k])
        delta[k] = float(np.var(d))
        ap = A[k - 1]
        m1 = (d.T @ ap) / batch
        m2 = ((d * d).T @ (ap * ap)) / batch
        grad_W[k] = float(np.mean(m2) - np.mean(m1) ** 2)
    measured = VarianceProfile(z, a, a_sq, delta, grad_a, grad_W)
    sizes = [width] * (L + 1)
    vw = [None] + [init_variance(init, width, width)] * L
    kw = dict(var_x=1.0, var_delta_out=1.0, output_activation="identity")
    linear = predicted_variances(sizes, vw, activation, mode="linear", **kw)
    meanfield = predicted_variances(sizes, vw, activation, mode="gaussian", **kw)
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


def layer_histograms(values, bins=60, value_range=None, layers=None):
    """Histograms of per-layer arrays ``values`` (a list indexed by layer, entry 0 may be None)."""
    if not isinstance(values, (list, tuple)) or len(values) < 2:
        raise TypeError("values must be a list of per-layer arrays indexed by layer (entry 0 may be None)")
    bins = check_int(bins, "bins", 2, 10000)
    if layers is None:
        layers = [k for k in range(len(values)) if values[k] is not None]
    for k in layers:
        if not (0 <= k < len(values)) or values[k] is None:
            raise ValueError(f"layers must name layers present in values; got {k!r}")
    flat = {k: np.asarray(values[k], np.float64).ravel() for k in layers}
    if value_range is None:
        hi = max(float(np.max(np.abs(v))) for v in flat.values()) or 1.0
        value_range = (-hi, hi)
    lo, hi = value_range
    if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(f"value_range must be (low, high) with low < high; got {value_range!r}")
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
    trace = net.forward(x)
    layers = list(range(1, net.L if hidden_only else net.L + 1))
    return layer_histograms(trace.a, bins=bins, value_range=value_range, layers=layers)


def gradient_histograms(net, x, E, bins=60, value_range=None, hidden_only=True):
    """Histograms of the back-propagated gradients delta^k per layer, per example (G&B 2010, Fig. 7)."""
    check_network(net)
    trace = net.forward(x)
    _, grads = net.backward(trace, E)
    batch = trace.a[0].shape[0] if np.ndim(trace.a[0]) == 2 else 1
    values = [None] + [np.asarray(d, np.float64) * batch for d in grads.delta[1:]]
    layers = list(range(1, net.L if hidden_only else net.L + 1))
    return layer_histograms(values, bins=bins, value_range=value_range, layers=layers)


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
    from .network import Network
    from .training import train

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
