"""A fully connected network whose code reads like the course's equations.

Notation (the notation chapter defines every symbol):

* layers k = 0, 1, ..., L with n_k units; layer 0 is the input, a^0 = x;
* W^k (n_k x n_{k-1}) and b^k (n_k) are the weights and biases into layer k;
  W^k_ij is the weight from unit j of layer k-1 to unit i of layer k;
* z^k = W^k a^{k-1} + b^k is the linear part of layer k, a^k = sigma(z^k) its
  activated output; O = a^L is the network's output and E the expected one;
* C is the cost; delta^k = dC/dz^k is the error of the linear part and
  dC/da^k the error of the activated node.

Every per-layer list is indexed by the layer number k exactly as the text writes
it.  Index 0 is the input layer; a quantity that has no input-layer value (W, b,
z, delta, ...) holds None there.  So ``net.W[2]`` *is* W^2 and the backward pass
below is the recursion

    dC/da^{k-1} = (W^k)^T delta^k,    delta^{k-1} = dC/da^{k-1} * sigma'(z^{k-1}),
    dC/dW^k = delta^k (a^{k-1})^T,    dC/db^k = delta^k.

Batches are stored one example per row, shape (B, n_k), so in code the
column-vector equation z^k = W^k a^{k-1} + b^k reads ``a[k-1] @ W[k].T + b[k]``
(the same line works for a single example of shape (n_k,)).  For a batch the
cost is the mean of the per-example costs and all gradients, delta included, are
gradients of that mean.

>>> import numpy as np
>>> from backprop_lib import Network
>>> net = Network([2, 3, 1], activation="tanh", output_activation="identity", seed=0)
>>> trace = net.forward(np.array([0.5, -1.0]))
>>> C, grads = net.backward(trace, np.array([1.0]))
>>> grads.W[1].shape == net.W[1].shape
True
"""

import math
import numbers

import numpy as np

from . import activations, initializers, losses

__all__ = ["Network", "Trace", "Gradients"]

_DTYPES = (np.float16, np.float32, np.float64)


def _check_dtype(dtype):
    try:
        dt = np.dtype(dtype)
    except TypeError:
        dt = None
    if dt is None or dt.type not in _DTYPES:
        raise ValueError(f"dtype must be one of float16, float32, float64; got {dtype!r}")
    return dt.type


def _check_sizes(sizes):
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError(
            f"sizes must be a list of layer widths [n0, n1, ..., nL]; got {type(sizes).__name__}"
        )
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(
            f"sizes must list at least two layers (input and output), e.g. [2, 3, 1]; got {sizes!r}"
        )
    for k, n in enumerate(sizes):
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral):
            raise TypeError(f"sizes[{k}] must be a positive integer; got {n!r}")
        if n <= 0:
            raise ValueError(f"sizes[{k}] must be a positive integer; got {n!r}")
    return [int(n) for n in sizes]


def _as_numeric_array(value, name):
    """``value`` as a float-able numpy array, or a TypeError/ValueError naming ``name``."""
    if isinstance(value, np.ndarray):
        arr = value
    else:
        try:
            arr = np.asarray(value)
        except (ValueError, TypeError) as err:
            raise TypeError(f"{name} must be an array of numbers; could not convert it ({err})") from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be an array of numbers; got an array of dtype {arr.dtype}")
    return arr


def _cast(arr, dtype):
    """``arr`` in ``dtype``; a value too large for it becomes inf, which _check_finite then reports."""
    with np.errstate(over="ignore"):
        return arr.astype(dtype)


def _check_finite(arr, name, dtype):
    if not np.isfinite(arr).all():
        raise ValueError(
            f"{name} must contain only finite numbers (no NaN or inf) representable in "
            f"{np.dtype(dtype).name}"
        )


class Trace:
    """What the forward pass leaves behind for the backward pass.

    ``z[k]`` and ``a[k]`` for k = 0..L; ``a[0]`` is the input x and ``z[0]`` is None.
    """

    __slots__ = ("z", "a", "batched")

    def __init__(self, z, a, batched):
        self.z = z
        self.a = a
        self.batched = batched

    @property
    def output(self):
        """O = a^L, the network's output."""
        return self.a[-1]

    @property
    def L(self):
        return len(self.a) - 1

    def __repr__(self):
        shapes = ", ".join(str(a.shape) for a in self.a)
        return f"Trace(a shapes: {shapes})"


class Gradients:
    """The results of the backward pass, per layer k (index 0 is None).

    ``W[k]`` = dC/dW^k, ``b[k]`` = dC/db^k, ``delta[k]`` = dC/dz^k (the error of the
    linear part) and ``a[k]`` = dC/da^k (the error of the activated node).
    """

    __slots__ = ("W", "b", "delta", "a")

    def __init__(self, W, b, delta, a):
        self.W = W
        self.b = b
        self.delta = delta
        self.a = a

    def __repr__(self):
        return f"Gradients(L={len(self.W) - 1})"


class Network:
    """A fully connected feed-forward network trained by backpropagation.

    Parameters
    ----------
    sizes : list of int
        [n_0, n_1, ..., n_L]: the input width, the hidden widths, the output width.
    activation : str
        sigma for the hidden layers: one of ``activations.NAMES``.
    output_activation : str or None
        sigma for the output layer; None means the hidden one (the sigmoid for
        ``binary_cross_entropy`` and the softmax for ``cross_entropy``, which require them).
        ``"softmax"`` acts on the whole output layer at once.
    loss : str
        ``"squared_error"`` (C = sum_i (O_i - E_i)^2), ``"binary_cross_entropy"`` or
        ``"cross_entropy"`` (C = -sum_i E_i log O_i, with the softmax output it requires).
    init : str
        The weight initializer, one of ``initializers.NAMES``; biases start at 0.
    seed : int, None or numpy.random.Generator
        Same seed, same network.
    dtype : float16, float32 or float64
        The precision of the weights and of every computation.
    """

    def __init__(
        self,
        sizes,
        activation="tanh",
        output_activation=None,
        loss="squared_error",
        init="xavier_uniform",
        seed=0,
        dtype=np.float64,
    ):
        self.sizes = _check_sizes(sizes)
        self.dtype = _check_dtype(dtype)
        self._set_functions(activation, output_activation, loss)
        self.init = initializers.get(init).__name__
        if isinstance(seed, np.random.Generator):
            rng = seed
        elif seed is None or (isinstance(seed, numbers.Integral) and not isinstance(seed, bool) and seed >= 0):
            rng = np.random.default_rng(seed)
        else:
            raise TypeError(f"seed must be a non-negative integer, None or a numpy Generator; got {seed!r}")
        draw = initializers.get(init)
        n = self.sizes
        self.W = [None] + [draw(n[k - 1], n[k], rng, self.dtype) for k in range(1, len(n))]
        self.b = [None] + [np.zeros(n[k], dtype=self.dtype) for k in range(1, len(n))]

    def _set_functions(self, activation, output_activation, loss):
        self.loss = losses.get(loss)
        hidden = activations.get(activation)
        if not hidden.elementwise:  # the softmax: a whole layer at once, for the output only
            raise ValueError(f"activation (of the hidden layers) must act on one number at a time, one of "
                             f"{', '.join(activations.NAMES)}; got {hidden.name!r} (use it as output_activation)")
        required = self.loss.requires_output_activation
        if output_activation is None:
            output = activations.get(required) if required else hidden
        else:
            output = activations.get(output_activation)
        if required and output.name != required:
            raise ValueError(
                f"output_activation must be {required!r} with loss {self.loss.name!r}; got {output.name!r}"
            )
        self.activation = hidden
        self.output_activation = output
        L = len(self.sizes) - 1
        #: sigma[k], the activation of layer k (None for the input layer).
        self.sigma = [None] + [hidden] * (L - 1) + [output]

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_weights(
        cls, W, b, activation="tanh", output_activation=None, loss="squared_error", dtype=np.float64
    ):
        """A network with the given weights: ``W[k]`` (n_k, n_{k-1}) and ``b[k]`` (n_k,), W[0] = b[0] = None."""
        for name, lst in (("W", W), ("b", b)):
            if isinstance(lst, np.ndarray) or not isinstance(lst, (list, tuple)):
                raise TypeError(f"{name} must be a list [None, {name}1, ..., {name}L] indexed by layer")
            if len(lst) < 2 or lst[0] is not None:
                first = f" with {name}[0] = {type(lst[0]).__name__}" if len(lst) else ""
                raise ValueError(
                    f"{name} must be a list indexed by layer number: [None, {name}1, ..., {name}L] "
                    f"(index 0 is the input layer, which has no {name}); got a list of length {len(lst)}"
                    + first
                )
        if len(W) != len(b):
            raise ValueError(f"W and b must have the same number of layers; got {len(W) - 1} and {len(b) - 1}")
        dtype = _check_dtype(dtype)
        Ws = [None]
        for k in range(1, len(W)):
            Wk = _as_numeric_array(W[k], f"W[{k}]")
            if Wk.ndim != 2 or Wk.size == 0:
                raise ValueError(
                    f"W[{k}] must be a non-empty matrix of shape (n_{k}, n_{k - 1}); got shape {Wk.shape}"
                )
            if k > 1 and Wk.shape[1] != Ws[k - 1].shape[0]:
                raise ValueError(
                    f"W[{k}] must have shape (n_{k}, {Ws[k - 1].shape[0]}) to take layer {k - 1}'s "
                    f"{Ws[k - 1].shape[0]} units; got {Wk.shape}"
                )
            Wk = _cast(Wk, dtype)
            _check_finite(Wk, f"W[{k}]", dtype)
            Ws.append(Wk)
        sizes = [Ws[1].shape[1]] + [Ws[k].shape[0] for k in range(1, len(Ws))]
        bs = [None]
        for k in range(1, len(b)):
            bk = _as_numeric_array(b[k], f"b[{k}]")
            if bk.shape != (sizes[k],):
                raise ValueError(f"b[{k}] must have shape ({sizes[k]},); got {bk.shape}")
            bk = _cast(bk, dtype)
            _check_finite(bk, f"b[{k}]", dtype)
            bs.append(bk)
        net = cls.__new__(cls)
        net.sizes = _check_sizes(sizes)
        net.dtype = dtype
        net._set_functions(activation, output_activation, loss)
        net.init = None
        net.W, net.b = Ws, bs
        return net

    def copy(self):
        """An independent copy (weights copied)."""
        return self.astype(self.dtype)

    def astype(self, dtype):
        """A copy of this network with weights (and all computations) in ``dtype``."""
        net = Network.__new__(Network)
        net.__dict__.update(self.__dict__)
        net.dtype = _check_dtype(dtype)
        net.W = [None] + [w.astype(net.dtype) for w in self.W[1:]]
        net.b = [None] + [v.astype(net.dtype) for v in self.b[1:]]
        net.sigma = list(self.sigma)
        net.sizes = list(self.sizes)
        return net

    @property
    def L(self):
        """The number of layers with weights (the input layer is layer 0)."""
        return len(self.sizes) - 1

    @property
    def n_params(self):
        """The number of weights and biases."""
        return sum(w.size + v.size for w, v in zip(self.W[1:], self.b[1:]))

    def __repr__(self):
        return (
            f"Network({self.sizes}, activation={self.activation.name!r}, "
            f"output_activation={self.output_activation.name!r}, loss={self.loss.name!r}, "
            f"dtype={np.dtype(self.dtype).name})"
        )

    # ------------------------------------------------------------------ checks
    def _check_x(self, x):
        x = _as_numeric_array(x, "x")
        n0 = self.sizes[0]
        if x.ndim not in (1, 2) or x.shape[-1] != n0:
            raise ValueError(
                f"x must have shape ({n0},) for one example or (batch, {n0}) for a batch; got shape {x.shape}"
            )
        if x.ndim == 2 and x.shape[0] == 0:
            raise ValueError(f"x must hold at least one example; got shape {x.shape}")
        if x.dtype != self.dtype:
            x = _cast(x, self.dtype)
        _check_finite(x, "x", self.dtype)
        return x

    def _check_E(self, E, output):
        E = _as_numeric_array(E, "E")
        if E.shape != output.shape:
            raise ValueError(
                f"E (the expected output) must have the shape of the output a[L], {output.shape}; got shape {E.shape}"
            )
        if E.dtype != self.dtype:
            E = _cast(E, self.dtype)
        _check_finite(E, "E", self.dtype)
        self.loss.check_target(E)
        return E

    # ------------------------------------------------------------------ the passes
    def forward(self, x):
        """Forward propagation: z^k = W^k a^{k-1} + b^k and a^k = sigma(z^k) for k = 1..L.

        ``x`` is one example (n_0,) or a batch (B, n_0). Returns a :class:`Trace`.
        """
        x = self._check_x(x)
        W, b, sigma = self.W, self.b, self.sigma
        z, a = [None], [x]
        for k in range(1, self.L + 1):
            z.append(a[k - 1] @ W[k].T + b[k])  # z^k = W^k a^{k-1} + b^k
            a.append(sigma[k](z[k]))  # a^k = sigma(z^k)
        return Trace(z, a, x.ndim == 2)

    def backward(self, trace, E, loss_scale=1.0):
        """Backpropagation: the cost C and its gradients, from a forward :class:`Trace`.

        ``E`` is the expected output, shaped like ``trace.a[L]``.  Returns ``(C, grads)``
        where C is a float (the mean over a batch) and ``grads`` a :class:`Gradients`.
        With ``loss_scale=S`` the gradients are those of S * C (C itself is not scaled).
        """
        if not isinstance(trace, Trace) or len(trace.a) != self.L + 1 or trace.a[0].shape[-1] != self.sizes[0]:
            raise TypeError("trace must be the Trace returned by this network's forward(x)")
        if (
            isinstance(loss_scale, bool)
            or not isinstance(loss_scale, numbers.Real)
            or not math.isfinite(loss_scale)
            or loss_scale <= 0
        ):
            raise ValueError(f"loss_scale must be a positive finite number; got {loss_scale!r}")
        L, W, sigma, z, a = self.L, self.W, self.sigma, trace.z, trace.a
        E = self._check_E(E, a[L])
        batch = a[0].shape[0] if trace.batched else 1

        # The base case: the cost, and the errors of the output layer (dC/da^L and delta^L).
        C = self._mean_cost(z[L], a[L], E)
        dC_da = [None] * (L + 1)
        delta = [None] * (L + 1)
        dC_da[L], delta[L] = self.loss.output_errors(z[L], a[L], E, sigma[L])
        scale = loss_scale / batch  # gradients of the (scaled) mean cost
        if scale != 1:
            dC_da[L], delta[L] = dC_da[L] * scale, delta[L] * scale

        # The recursion, from the output layer back to layer 1.
        dW, db = [None] * (L + 1), [None] * (L + 1)
        for k in range(L, 0, -1):
            if trace.batched:
                dW[k] = delta[k].T @ a[k - 1]  # dC/dW^k = delta^k (a^{k-1})^T, summed over the batch
                db[k] = delta[k].sum(axis=0)  # dC/db^k = delta^k
            else:
                dW[k] = np.multiply.outer(delta[k], a[k - 1])  # the column delta^k times the row a^{k-1}
                db[k] = delta[k].copy()
            if k > 1:
                dC_da[k - 1] = delta[k] @ W[k]  # dC/da^{k-1} = (W^k)^T delta^k
                delta[k - 1] = dC_da[k - 1] * sigma[k - 1].derivative_from(z[k - 1], a[k - 1])
        return C, Gradients(dW, db, delta, dC_da)

    # ------------------------------------------------------------------ conveniences
    def predict(self, x):
        """The output O = a^L for input ``x``."""
        return self.forward(x).output

    def cost(self, x, E):
        """The cost C of input ``x`` against the expected output ``E`` (the mean over a batch)."""
        trace = self.forward(x)
        E = self._check_E(E, trace.output)
        return self._mean_cost(trace.z[-1], trace.a[-1], E)

    def _mean_cost(self, z_L, a_L, E):
        """C, the mean of the per-example costs, computed in float64 as a Python float."""
        f64 = np.float64
        costs = self.loss.per_example(np.asarray(z_L, f64), np.asarray(a_L, f64), np.asarray(E, f64))
        if costs.ndim == 0:  # one example: its cost
            return float(costs)
        return float(costs.sum()) / costs.size

    def gradients(self, x, E):
        """Forward and backward in one call: ``(C, grads)``."""
        return self.backward(self.forward(x), E)

    def sgd_step(self, x, E, lr):
        """One step of gradient descent, W^k <- W^k - lr dC/dW^k (likewise b^k). Returns C before the step."""
        if isinstance(lr, bool) or not isinstance(lr, numbers.Real) or not math.isfinite(lr) or lr <= 0:
            raise ValueError(f"lr (the learning rate) must be a positive finite number; got {lr!r}")
        C, grads = self.backward(self.forward(x), E)
        for k in range(1, self.L + 1):
            # W^k <- W^k - lr dC/dW^k and b^k <- b^k - lr dC/db^k, in place: the gradients
            # are not returned, so they can hold lr * dC/dW^k without a temporary array.
            grads.W[k] *= lr
            grads.b[k] *= lr
            self.W[k] -= grads.W[k]
            self.b[k] -= grads.b[k]
        return C
