"""How gradients flow back through a deep network: measured and bounded.

The backward recursion of the course,

    delta^k = sigma'(z^k) * (W^{k+1})^T delta^{k+1},

multiplies the error by one matrix and one diagonal of slopes per layer.  This
module (the vanishing-gradient chapter's) measures what that does to the size of
the error in a real network -- with the network's own forward and backward
passes -- and sets the measurements next to the chapter's **bound**,
||delta^k|| <= prod_{j=k}^{L-1} ( max|sigma_j'| ||W^{j+1}||_2 ) ||delta^L||
(:func:`gradient_bound`), with max|sigma'| = 1/4 for the sigmoid and 1 for tanh
and the ReLUs (:func:`sigma_prime_max`).  The variance recursions of the
initialization chapter are in :mod:`backprop_lib.initialization`.

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

import functools
from dataclasses import dataclass

import numpy as np

from ._checks import check_activation, check_int, check_network, check_positive, rng_from_seed
from .layerwise import layer_sums, per_example_errors, per_layer, shallower
from .network import Network

__all__ = [
    "sigma_prime_max",
    "spectral_norms",
    "GradientNorms",
    "gradient_norms",
    "per_example_errors",
    "per_layer",
    "layer_sums",
    "gradient_bound",
    "gradient_lower_bound",
    "decay_rate",
    "random_network",
    "random_data",
    "LEARNING_THRESHOLDS",
    "STATES",
    "GradientProfile",
    "gradient_profile",
    "depth_sweep",
    "shallower",
    "relative_updates",
    "learning_status",
]


# ---------------------------------------------------------------------------------------------
# the bound
# ---------------------------------------------------------------------------------------------

def sigma_prime_max(activation):
    """sup_z |sigma'(z)| for ``activation`` (a name or an Activation): 1/4 for the sigmoid, else 1.

    >>> sigma_prime_max("sigmoid"), sigma_prime_max("tanh"), sigma_prime_max("relu")
    (0.25, 1.0, 1.0)
    """
    return float(check_activation(activation).max_derivative)


def spectral_norms(net):
    """||W^k||_2 (the largest singular value) for k = 1..L; entry 0 is NaN."""
    check_network(net)
    out = per_layer(net.L)
    for k in range(1, net.L + 1):
        out[k] = np.linalg.norm(np.asarray(net.W[k], np.float64), 2)
    return out


def gradient_bound(net, trace=None):
    """The factor U_k with ||delta^k|| <= U_k ||delta^L|| for every example, k = 1..L.

    U_k = prod_{j=k}^{L-1} gamma_j ||W^{j+1}||_2, so U_L = 1.  gamma_j is
    sup|sigma_j'| of layer j's activation (the theorem of the chapter).  With a
    forward ``trace`` the tighter, still rigorous gamma_j = max |sigma'(z^j)| over
    the units and examples of that trace is used instead.
    """
    check_network(net)
    L = net.L
    gammas = per_layer(L)
    for j in range(1, L):
        if trace is None:
            gammas[j] = sigma_prime_max(net.sigma[j])
        else:
            if not hasattr(trace, "z") or len(trace.z) != L + 1:
                raise TypeError("trace must be the Trace returned by this network's forward(x)")
            gammas[j] = float(np.max(np.abs(np.asarray(net.sigma[j].derivative(trace.z[j]), np.float64))))
    return _bound(gammas, spectral_norms(net))


def _bound(gammas, norms):
    """U_L = 1 and U_k = U_{k+1} gamma_k ||W^{k+1}||_2, from per-layer gammas and spectral norms."""
    L = len(norms) - 1
    bound = per_layer(L)
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
    out = per_layer(L)
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
    return _norms(net, net.forward(x), E)


def _norms(net, trace, E):
    """The :class:`GradientNorms` of ``net``'s backward pass from its forward ``trace``."""
    C, grads = net.backward(trace, E)
    L = net.L
    batch = trace.a[0].shape[0] if trace.batched else 1
    per_ex = np.full((batch, L + 1), np.nan)
    per_ex[:, 1:] = np.sqrt(layer_sums(grads.delta[1:], squares=True)) * batch  # ||delta^k||, per example
    a_norm = np.sqrt(layer_sums(trace.a[:-1], squares=True))  # ||a^{k-1}||
    weight, batch_weight, delta = per_layer(L), per_layer(L), per_layer(L)
    weight[1:] = np.mean(per_ex[:, 1:] * a_norm, axis=0)  # ||delta^k (a^{k-1})^T||_F = ||delta^k|| ||a^{k-1}||
    batch_weight[1:] = np.sqrt(layer_sums([np.ravel(g) for g in grads.W[1:]], squares=True)[0])
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
    return _decay_rate(values, skip_output)


def _decay_rate(values, skip_output=True):
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
    check_activation(activation)
    sizes = [n_in] + [width] * (depth - 1) + [n_out]
    G = _normal_matrices(rng_from_seed(seed), sizes)
    return _scaled_network(G, g, activation, output_activation, dtype)


def _normal_matrices(rng, sizes):
    """G^k / sqrt(n_{k-1}) with G^k standard normal (n_k, n_{k-1}), k = 1..L, in the order drawn."""
    return [rng.standard_normal((sizes[k], sizes[k - 1])) / np.sqrt(sizes[k - 1]) for k in range(1, len(sizes))]


def _scaled_network(G, g, activation, output_activation="identity", dtype=np.float64):
    """The network with W^k = g G^k (G as :func:`_normal_matrices` draws it) and b^k = 0."""
    W = [None] + [g * Gk for Gk in G]
    b = [None] + [np.zeros(Gk.shape[0]) for Gk in G]
    return Network.from_weights(W, b, activation=activation, output_activation=output_activation,
                                loss="squared_error", dtype=dtype)


def random_data(net, batch=32, seed=0):
    """Standard normal inputs x (batch, n_0) and targets E (batch, n_L) for ``net``."""
    check_network(net)
    batch = check_int(batch, "batch", 1, 10**6)
    rng = rng_from_seed(seed)
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
    frobenius = [np.nan] + [float(np.linalg.norm(np.asarray(net.W[k], np.float64))) for k in range(1, net.L + 1)]
    return _relative(norms.batch_weight, frobenius)


def _relative(batch_weight, frobenius):
    """r_k = ||dC/dW^k||_F / ||W^k||_F per layer (inf where W^k = 0)."""
    r = per_layer(len(frobenius) - 1)
    for k in range(1, len(frobenius)):
        r[k] = batch_weight[k] / frobenius[k] if frobenius[k] > 0 else np.inf
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
    return _status(r, thresholds)


def _status(r, thresholds=LEARNING_THRESHOLDS):
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
    bound: np.ndarray            # U_k, ||delta^k|| <= U_k ||delta^L||
    bound_norm: np.ndarray       # U_k times the measured mean ||delta^L||
    rate: float                  # measured per-layer factor (decay_rate)
    bound_rate: float            # geometric mean of the per-layer bound factors gamma ||W||_2
    relative: np.ndarray         # relative update sizes r_k (relative_updates)
    status: list                 # learning_status of r_k


def gradient_profile(depth, activation, weight_scale=1.0, width=32, batch=32, seed=0):
    """Per-layer gradient norms of a fresh :func:`random_network` on :func:`random_data`, with the bound."""
    net = random_network(depth, width, activation, weight_scale, seed=seed)
    x, E = random_data(net, batch=batch, seed=seed + 1 if isinstance(seed, int) else seed)
    frobenius = [np.nan] + [float(np.linalg.norm(net.W[k])) for k in range(1, net.L + 1)]
    return _profile(net, net.forward(x), E, float(weight_scale), spectral_norms(net), frobenius)


def _profile(net, trace, E, weight_scale, spectral, frobenius):
    """The :class:`GradientProfile` of ``net`` from its forward ``trace``, given the spectral and
    Frobenius norms of its W^k."""
    norms = _norms(net, trace, E)
    L = net.L
    gammas = [np.nan] + [net.sigma[j].max_derivative for j in range(1, L)]
    bound = _bound(gammas, spectral)
    rel = _relative(norms.batch_weight, frobenius)
    if L > 1:
        factors = bound[1:L] / bound[2:L + 1]
        bound_rate = float(np.exp(np.mean(np.log(factors))))
    else:
        bound_rate = float("nan")
    return GradientProfile(
        depth=L, activation=net.activation.name, weight_scale=weight_scale, norms=norms,
        bound=bound, bound_norm=bound * norms.delta[L], rate=_decay_rate(norms.delta),
        bound_rate=bound_rate, relative=rel, status=_status(rel),
    )


def _sweep_base(width, batch, seed, n):
    """The matrices G^k (k = 1..n, at least 30), their spectral and Frobenius norms, and the data,
    exactly as :func:`random_network` and :func:`random_data` draw them for equal widths."""
    n = max(n, 30)
    return _sweep_base_cached(width, batch, seed, n) if isinstance(seed, int) else _draw_base(width, batch, seed, n)


def _draw_base(width, batch, seed, n):
    G = _normal_matrices(rng_from_seed(seed), [width] * (n + 1))
    stack = np.stack(G)
    spectral = np.linalg.svd(stack, compute_uv=False)[:, 0]
    frobenius = np.linalg.norm(stack, axis=(1, 2))
    rng = rng_from_seed(seed + 1 if isinstance(seed, int) else seed)
    x = rng.standard_normal((batch, width))
    E = rng.standard_normal((batch, width))
    return G, spectral, frobenius, x, E


_sweep_base_cached = functools.lru_cache(maxsize=16)(_draw_base)


def _deep_network(width, batch, seed, activation, g, depth):
    """The network of ``depth`` layers with W^k = g G^k (identity output) and its forward pass on
    :func:`_sweep_base`'s data."""
    G, _, _, x, _ = _sweep_base(width, batch, seed, depth)
    deep = _scaled_network(G[:depth], g, activation)
    return deep, deep.forward(x)


_deep_network_cached = functools.lru_cache(maxsize=32)(_deep_network)


def depth_sweep(activation, weight_scale=1.0, depths=range(1, 31), width=32, batch=32, seed=0):
    """:func:`gradient_profile` for several depths at once: ``{depth: GradientProfile}``.

    The networks and data are exactly those of :func:`gradient_profile` (with n_in = n_out =
    width, the depth-D network's weights are the first D matrices drawn from the seed), so one
    forward pass through the deepest network serves every depth (:func:`shallower`); each depth
    then runs the network's own backward pass.  The matrices, their singular values and the deep
    forward pass are cached across calls (for an integer seed): this is what lets the explorer
    answer a slider move within milliseconds.
    """
    depths = sorted({check_int(d, "depths", 1, 1000) for d in depths})
    if not depths:
        raise ValueError("depths must list at least one depth")
    width = check_int(width, "width", 1, 100000)
    batch = check_int(batch, "batch", 1, 10**6)
    g = check_positive(weight_scale, "weight_scale")
    act = check_activation(activation).name
    _, spectral, frobenius, _, E = _sweep_base(width, batch, seed, depths[-1])
    deep_network = _deep_network_cached if isinstance(seed, int) else _deep_network
    deep, deep_trace = deep_network(width, batch, seed, act, g, depths[-1])
    out = {}
    for D in depths:
        net, trace = shallower(deep, deep_trace, D)
        spec = np.concatenate([[np.nan], g * spectral[:D]])
        frob = np.concatenate([[np.nan], g * frobenius[:D]])
        out[D] = _profile(net, trace, E, g, spec, frob)
    return out
