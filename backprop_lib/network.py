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

This is the library's only forward and only backward recursion: one layer of each is
:meth:`Network.forward_step` and :meth:`Network.backward_step`, and the later chapters'
modules (low precision, checkpointing, depth sweeps) call them or the whole passes.

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
import operator

import numpy as np

from . import activations, initializers, losses
from ._checks import check_array, check_int, check_positive, check_sizes, rng_from_seed

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


def _split(flat, shapes):
    """Consecutive views of the 1-d array ``flat``, one of each shape."""
    views, i = [], 0
    for shape in shapes:
        n = math.prod(shape)
        views.append(flat[i:i + n].reshape(shape))
        i += n
    return tuple(views)


def _cast(arr, dtype):
    """``arr`` in ``dtype``; a value too large for it becomes inf, which _check_finite then reports."""
    with np.errstate(over="ignore"):
        return arr.astype(dtype)


def _check_finite(arr, name, dtype):
    if not np.logical_and.reduce(np.isfinite(arr), axis=None):  # .all() without its Python wrapper
        raise ValueError(f"{name} must contain only finite numbers (no NaN or inf) representable in "
                         f"{np.dtype(dtype).name}")


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

    def __init__(self, sizes, activation="tanh", output_activation=None, loss="squared_error",
                 init="xavier_uniform", seed=0, dtype=np.float64):
        self.sizes = check_sizes(sizes)
        self.dtype = _check_dtype(dtype)
        self._set_functions(activation, output_activation, loss)
        self.init = initializers.get(init).__name__
        rng, draw, n = rng_from_seed(seed), initializers.get(init), self.sizes
        self._set_parameters([draw(n[k - 1], n[k], rng, self.dtype) for k in range(1, len(n))],
                             [np.zeros(n[k], dtype=self.dtype) for k in range(1, len(n))])

    def _set_parameters(self, Ws, bs):
        """``self.W`` and ``self.b`` from W^1..W^L and b^1..b^L, copied into one flat array.

        Each W[k] and b[k] is a view of that array (W^1, b^1, W^2, b^2, ... in order), so
        :meth:`sgd_step` updates every weight and bias with two operations on it, from a gradient
        array laid out alike (made by its first call); the layers' arrays stay what the text
        calls W^k and b^k.
        """
        arrays = [arr for pair in zip(Ws, bs) for arr in pair]
        shapes = [arr.shape for arr in arrays]
        theta = np.empty(sum(arr.size for arr in arrays), dtype=self.dtype)
        views = _split(theta, shapes)
        for view, arr in zip(views, arrays):
            view[...] = arr
        self.W, self.b = [None, *views[0::2]], [None, *views[1::2]]
        self._theta = [theta, views, None]

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
            Wk = check_array(W[k], f"W[{k}]")
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
            bk = check_array(b[k], f"b[{k}]")
            if bk.shape != (sizes[k],):
                raise ValueError(f"b[{k}] must have shape ({sizes[k]},); got {bk.shape}")
            bk = _cast(bk, dtype)
            _check_finite(bk, f"b[{k}]", dtype)
            bs.append(bk)
        net = cls.__new__(cls)
        net.sizes = check_sizes(sizes)
        net.dtype = dtype
        net._set_functions(activation, output_activation, loss)
        net.init = None
        net._set_parameters(Ws[1:], bs[1:])
        return net

    def copy(self):
        """An independent copy (weights copied)."""
        return self.astype(self.dtype)

    def astype(self, dtype):
        """A copy of this network with weights (and all computations) in ``dtype``."""
        net = Network.__new__(Network)
        net.__dict__.update(self.__dict__)
        net.dtype = _check_dtype(dtype)
        net._set_parameters([w.astype(net.dtype) for w in self.W[1:]], [v.astype(net.dtype) for v in self.b[1:]])
        net.sigma = list(self.sigma)
        net.sizes = list(self.sizes)
        return net

    def first_layers(self, L, output_activation="identity"):
        """The network of this one's layers 0..L, with ``output_activation`` on layer L (None: as
        :class:`Network` takes it, the hidden activation unless the loss requires another).

        It *shares* this network's weight arrays W^1..W^L, b^1..b^L (no copy: the depth sweeps of
        the later chapters run many depths of one deep network); use :meth:`copy` to own them.
        """
        L = check_int(L, "L", 1, self.L)
        net = Network.__new__(Network)
        net.sizes = self.sizes[:L + 1]
        net.dtype = self.dtype
        net._set_functions(self.activation, output_activation, self.loss)
        net.init = self.init
        net.W, net.b = self.W[:L + 1], self.b[:L + 1]
        theta = self._flat_parameters()
        if theta is not None:  # layers 1..L are the start of the flat array
            views = self._theta[1][:2 * L]
            net._theta = [theta[:sum(v.size for v in views)], views, None]
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
    def check_input(self, x):
        """``x`` as an array in this network's dtype, if it is one example (n_0,) or a batch (B, n_0)."""
        x = check_array(x, "x")
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

    def check_target(self, E, output):
        """``E`` as an array in this network's dtype, if it fits the ``output`` a^L and the loss."""
        E = check_array(E, "E")
        if E.shape != output.shape:
            raise ValueError(
                f"E (the expected output) must have the shape of the output a[L], {output.shape}; got shape {E.shape}"
            )
        if E.dtype != self.dtype:
            E = _cast(E, self.dtype)
        _check_finite(E, "E", self.dtype)
        self.loss.check_target(E)
        return E

    def _bad_layer(self, k):
        raise ValueError(f"k must be a layer with weights, 1 <= k <= L = {self.L}; got {k!r}")

    # ------------------------------------------------------------------ the passes
    # ``rounding``: None (exact in self.dtype), or a function applied to every value a pass
    # computes, to simulate a number format numpy lacks (loss_scaling.to_bfloat16 for bfloat16).
    def forward(self, x, rounding=None):
        """Forward propagation: z^k = W^k a^{k-1} + b^k and a^k = sigma(z^k) for k = 1..L.

        ``x`` is one example (n_0,) or a batch (B, n_0). Returns a :class:`Trace`.
        """
        x = self.check_input(x)
        z, a = [None], [x]
        for k in range(1, len(self.sizes)):
            z_k, a_k = self.forward_step(k, a[k - 1], rounding)
            z.append(z_k)
            a.append(a_k)
        return Trace(z, a, x.ndim == 2)

    def forward_step(self, k, a_prev, rounding=None):
        """Layer k of forward propagation, from a^{k-1}: returns ``(z^k, a^k)``."""
        if not 0 < k < len(self.sizes):
            self._bad_layer(k)
        z = a_prev @ self.W[k].T + self.b[k]  # z^k = W^k a^{k-1} + b^k
        if rounding is None:
            return z, self.sigma[k](z)  # a^k = sigma(z^k)
        z = rounding(z)
        return z, rounding(self.sigma[k](z))

    def backward(self, trace, E, loss_scale=1.0, rounding=None, out=None):
        """Backpropagation: the cost C and its gradients, from a forward :class:`Trace`.

        ``E`` is the expected output, shaped like ``trace.a[L]``.  Returns ``(C, grads)``
        where C is a float (the mean over a batch) and ``grads`` a :class:`Gradients`.
        With ``loss_scale=S`` the gradients are those of S * C (C itself is not scaled).
        ``out[k] = (dW, db)`` receives the weight and bias gradients of layer k.
        """
        L = len(self.sizes) - 1
        if not isinstance(trace, Trace) or len(trace.a) != L + 1 or trace.a[0].shape[-1] != self.sizes[0]:
            raise TypeError("trace must be the Trace returned by this network's forward(x)")
        z, a = trace.z, trace.a
        check_positive(loss_scale, "loss_scale")
        E = self.check_target(E, a[L])
        batch = a[0].shape[0] if trace.batched else 1

        # The base case: the cost, and the errors of the output layer (dC/da^L and delta^L).
        C = self.mean_cost(z[L], a[L], E)
        dC_da = [None] * (L + 1)
        delta = [None] * (L + 1)
        dC_da[L], delta[L] = self.output_errors(z[L], a[L], E, loss_scale / batch, rounding)

        # The recursion, from the output layer back to layer 1.
        dW, db = [None] * (L + 1), [None] * (L + 1)
        for k in range(L, 0, -1):
            dW[k], db[k], dC_da[k - 1], delta[k - 1] = self.backward_step(k, delta[k], z[k - 1], a[k - 1], rounding,
                                                                          out and out[k])
        return C, Gradients(dW, db, delta, dC_da)

    def output_errors(self, z_L, a_L, E, scale=1.0, rounding=None):
        """The base case of backpropagation: ``(dC/da^L, delta^L)``, times ``scale``.

        ``scale`` is 1/B for the mean cost of a batch of B, times the loss scale S.
        """
        dC_da, delta = self.loss.output_errors(z_L, a_L, E, self.sigma[-1])
        if scale != 1:
            dC_da, delta = dC_da * scale, delta * scale
        if rounding is None:
            return dC_da, delta
        return rounding(dC_da), rounding(delta)

    def backward_step(self, k, delta, z_prev, a_prev, rounding=None, out=None):
        """Step k of backpropagation, from delta^k and the forward values z^{k-1}, a^{k-1}.

        Returns ``(dC/dW^k, dC/db^k, dC/da^{k-1}, delta^{k-1})``.  For k = 1 the last two are
        None (the input layer passes no error on); with ``z_prev=None`` delta^{k-1} is None,
        to be formed by :meth:`linear_error` once z^{k-1} is at hand (checkpointing recomputes
        it).  ``out=(dW, db)`` writes the weight and bias gradients into those arrays.
        """
        if not 0 < k < len(self.sizes):
            self._bad_layer(k)
        dW_out, db_out = out or (None, None)
        if delta.ndim == 2:  # a batch, one example per row: the per-example gradients are summed
            dW = np.matmul(delta.T, a_prev, out=dW_out)  # dC/dW^k = delta^k (a^{k-1})^T
            db = delta.sum(axis=0, out=db_out)  # dC/db^k = delta^k
        else:  # one example: the column delta^k times the row a^{k-1}
            dW = np.multiply.outer(delta, a_prev, out=dW_out)
            db = delta.copy() if db_out is None else np.positive(delta, out=db_out)  # a copy of delta^k
        dC_da = None if k == 1 else delta @ self.W[k]  # dC/da^{k-1} = (W^k)^T delta^k
        if rounding is not None:
            dW, db = rounding(dW), rounding(db)
            dC_da = None if k == 1 else rounding(dC_da)
        if k == 1 or z_prev is None:
            return dW, db, dC_da, None
        return dW, db, dC_da, self.linear_error(k - 1, dC_da, z_prev, a_prev, rounding)

    def linear_error(self, k, dC_da, z, a, rounding=None):
        """delta^k = dC/da^k * sigma'(z^k), the error of layer k's linear part (``a`` = a^k saves work)."""
        if rounding is None:
            return dC_da * self.sigma[k].derivative_from(z, a)
        return rounding(dC_da * rounding(self.sigma[k].derivative_from(z, a)))

    # ------------------------------------------------------------------ conveniences
    def predict(self, x):
        """The output O = a^L for input ``x``."""
        return self.forward(x).output

    def cost(self, x, E):
        """The cost C of input ``x`` against the expected output ``E`` (the mean over a batch)."""
        trace = self.forward(x)
        E = self.check_target(E, trace.output)
        return self.mean_cost(trace.z[-1], trace.a[-1], E)

    def mean_cost(self, z_L, a_L, E):
        """C, the mean of the per-example costs, computed in float64 as a Python float."""
        f64 = np.float64
        costs = self.loss.per_example(np.asarray(z_L, f64), np.asarray(a_L, f64), np.asarray(E, f64))
        if costs.ndim == 0:  # one example: its cost
            return float(costs)
        return float(costs.sum()) / costs.size

    def gradients(self, x, E):
        """Forward and backward in one call: ``(C, grads)``."""
        return self.backward(self.forward(x), E)

    def _flat_parameters(self):
        """The flat array under W^1, b^1, ..., W^L, b^L, or None if a layer's array was replaced."""
        theta, views, _ = self.__dict__.get("_theta", (None, (), None))
        layers = [arr for pair in zip(self.W[1:], self.b[1:]) for arr in pair]
        if len(layers) != len(views) or not all(map(operator.is_, layers, views)):
            return None
        if views[0].base is not (theta if theta.base is None else theta.base):  # a deep copy or unpickled
            return None
        return theta

    def sgd_step(self, x, E, lr, observe=None):
        """One step of gradient descent, W^k <- W^k - lr dC/dW^k (likewise b^k). Returns C before the step.

        ``observe``, if given, is called with the step's :class:`Gradients` before the update.
        """
        check_positive(lr, "lr (the learning rate)")
        theta = self._flat_parameters()
        if theta is not None:
            # The gradients land in one flat array laid out like the parameters, so the update
            # theta <- theta - lr dC/dtheta is every layer's W^k <- W^k - lr dC/dW^k at once.
            if self._theta[2] is None:
                grad = np.empty_like(theta)
                g = _split(grad, [v.shape for v in self._theta[1]])
                self._theta[2] = grad, [None, *zip(g[0::2], g[1::2])]
            grad, out = self._theta[2]
            C, grads = self.backward(self.forward(x), E, out=out)
            if observe is not None:
                observe(grads)
            grad *= lr
            theta -= grad
            return C
        C, grads = self.backward(self.forward(x), E)
        if observe is not None:
            observe(grads)
        for k in range(1, len(self.sizes)):
            # W^k <- W^k - lr dC/dW^k and b^k <- b^k - lr dC/db^k, in place: the gradients
            # are not returned, so they can hold lr * dC/dW^k without a temporary array.
            grads.W[k] *= lr
            grads.b[k] *= lr
            self.W[k] -= grads.W[k]
            self.b[k] -= grads.b[k]
        return C
