"""Activation functions sigma and their derivatives sigma'.

A node's output is a^k = sigma(z^k), applied element by element to its linear
part z^k.  The one exception is the softmax (:class:`Softmax`, for the output layer only):
it acts on the whole layer at once, a^L_i = e^{z^L_i} / sum_j e^{z^L_j}, so each of its
outputs depends on every z^L_j and it has a Jacobian, not one derivative per unit.  Backpropagation needs the derivative sigma'(z^k) at the values the
forward pass produced, so every activation here comes as a pair: the function
and its derivative.

Each activation also knows how to get sigma'(z) from the *stored* output
a = sigma(z), which is cheaper: the sigmoid's derivative is a (1 - a), tanh's is
1 - a^2, and the ReLUs only need the sign.  The network uses that fast path
during the backward pass; :meth:`Activation.derivative` is the plain maths.

All functions are written to stay finite and warning-free for any finite input,
however large: the sigmoid is computed as (1 + tanh(z/2)) / 2, which never
evaluates exp of a large number.

>>> from backprop_lib import activations
>>> act = activations.get("sigmoid")
>>> float(act(0.0)), float(act.derivative(0.0))
(0.5, 0.25)
"""

import numpy as np

__all__ = ["Activation", "Softmax", "NAMES", "OUTPUT_NAMES", "get", "LEAKY_SLOPE"]

#: The slope of leaky ReLU for negative inputs.
LEAKY_SLOPE = 0.01


class Activation:
    """A scalar activation function sigma, applied element-wise, with sigma'.

    Parameters
    ----------
    name : str
        The name used by :func:`get` and :class:`~backprop_lib.Network`.
    function : callable z -> sigma(z)
    derivative : callable z -> sigma'(z)
    derivative_from : callable (z, a) -> sigma'(z), given a = sigma(z)
        A cheaper way to the same numbers, reusing the stored output a.
    max_derivative : float
        sup_z |sigma'(z)|, the constant in the vanishing-gradient bound.
    """

    #: True: sigma acts on one number at a time (every activation but the softmax).
    elementwise = True

    def __init__(self, name, function, derivative, derivative_from, max_derivative, latex):
        self.name = name
        self._function = function
        self._derivative = derivative
        self._derivative_from = derivative_from
        self.max_derivative = max_derivative
        self.latex = latex

    def __call__(self, z):
        """sigma(z), element-wise."""
        return self._function(np.asarray(z))

    def derivative(self, z):
        """sigma'(z), element-wise."""
        return self._derivative(np.asarray(z))

    def derivative_from(self, z, a):
        """sigma'(z), computed from the stored output a = sigma(z) where that is cheaper."""
        return self._derivative_from(z, a)

    def backprop(self, z, a, dC_da):
        """dC/dz from dC/da = sigma(z): ``dC_da * sigma'(z)`` for an element-wise activation."""
        return dC_da * self.derivative_from(z, a)

    def __repr__(self):
        return f"Activation({self.name!r})"


class _Identity(Activation):
    """sigma(z) = z, so sigma'(z) = 1 and dC/dz = dC/da times 1: the same numbers as the general
    rule, without building an array of ones."""

    def backprop(self, z, a, dC_da):
        return dC_da * np.result_type(a).type(1)


def _softmax(z):
    # e^{z_i} / sum_j e^{z_j} = e^{z_i - m} / sum_j e^{z_j - m} with m = max_j z_j (the
    # log-sum-exp shift): every exponent is <= 0, so nothing overflows, and the largest is e^0 = 1,
    # so the sum is >= 1 and never 0.
    z = np.asarray(z)
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(np.float64)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


class Softmax(Activation):
    """The softmax, a_i = e^{z_i} / sum_j e^{z_j} over the last axis (the units of a layer).

    Not element-wise: a_i depends on every z_j, with da_i/dz_j = a_i ([i = j] - a_j).  So it has
    no ``derivative`` (one number per unit); :meth:`jacobian` gives the matrix and
    :meth:`backprop` multiplies an error dC/da by it, dC/dz_j = a_j (dC/da_j - sum_i a_i dC/da_i).
    Use it as the output activation (``Network(..., output_activation="softmax")``), with
    ``loss="cross_entropy"``, where the Jacobian cancels and delta^L = O - E.
    """

    elementwise = False

    def __init__(self):
        # max_derivative: the Jacobian diag(a) - a a^T has spectral norm at most 1/2.
        super().__init__("softmax", _softmax, None, None, 0.5,
                         r"\sigma(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}")

    def _not_elementwise(self, *args):
        raise ValueError(
            "the softmax does not act on one number at a time: each output a_i depends on every "
            "z_j, so it has a Jacobian (Softmax.jacobian), not a derivative per unit; backpropagate "
            "through it with Softmax.backprop(z, a, dC_da)")

    derivative = _not_elementwise
    derivative_from = _not_elementwise

    def jacobian(self, z):
        """da_i/dz_j = a_i ([i = j] - a_j): shape (..., n, n)."""
        a = self(z)
        return a[..., :, None] * (np.eye(a.shape[-1], dtype=a.dtype) - a[..., None, :])

    def backprop(self, z, a, dC_da):
        """dC/dz = J^T dC/da, row by row: dC/dz_j = a_j (dC/da_j - sum_i a_i dC/da_i)."""
        return a * (dC_da - np.sum(a * dC_da, axis=-1, keepdims=True))


def _sigmoid(z):
    # (1 + tanh(z/2)) / 2 equals 1 / (1 + exp(-z)) but never overflows.
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _identity(z):
    return z.copy() if isinstance(z, np.ndarray) else z


def _ones_like(z):
    return np.ones_like(z)


def _relu(z):
    # max(z, 0) against an array of zeros: numpy vectorizes array-array maximum,
    # and runs several times slower against the scalar 0.
    return np.maximum(z, np.zeros_like(z))


def _leaky_relu(z):
    # max(z, 0.01 z) is z for z > 0 and 0.01 z for z < 0 (because 0.01 < 1).
    return np.maximum(z, LEAKY_SLOPE * z)


def _step(z):
    return (z > 0).astype(np.result_type(z, np.float16), copy=False)


def _leaky_step(z):
    return np.where(z > 0, 1.0, LEAKY_SLOPE).astype(np.result_type(z, np.float16), copy=False)


_ACTIVATIONS = {
    "identity": _Identity(
        "identity", _identity, _ones_like, lambda z, a: np.ones_like(a), 1.0, r"\sigma(z) = z"
    ),
    "sigmoid": Activation(
        "sigmoid",
        _sigmoid,
        lambda z: _sigmoid(z) * (1.0 - _sigmoid(z)),
        lambda z, a: a * (1 - a),
        0.25,
        r"\sigma(z) = \frac{1}{1 + e^{-z}}",
    ),
    "tanh": Activation(
        "tanh",
        np.tanh,
        lambda z: 1.0 - np.tanh(z) ** 2,
        lambda z, a: 1 - a * a,
        1.0,
        r"\sigma(z) = \tanh z",
    ),
    "relu": Activation(
        "relu", _relu, _step, lambda z, a: _step(a), 1.0, r"\sigma(z) = \max(0, z)"
    ),
    "leaky_relu": Activation(
        "leaky_relu",
        _leaky_relu,
        _leaky_step,
        lambda z, a: _leaky_step(a),
        1.0,
        r"\sigma(z) = \max(0.01 z, z)",
    ),
}

#: The element-wise activations (any layer).
NAMES = tuple(_ACTIVATIONS)

_ACTIVATIONS["softmax"] = Softmax()

#: Every name :func:`get` accepts: the element-wise ones and the softmax (output layer only).
OUTPUT_NAMES = tuple(_ACTIVATIONS)


def get(name):
    """The :class:`Activation` called ``name`` (one of :data:`OUTPUT_NAMES`).

    An :class:`Activation` passed in is returned as it is.
    """
    if isinstance(name, Activation):
        return name
    if not isinstance(name, str):
        raise TypeError(
            f"activation must be a name (str), one of {', '.join(OUTPUT_NAMES)}; got {type(name).__name__}"
        )
    try:
        return _ACTIVATIONS[name]
    except KeyError:
        raise ValueError(
            f"activation must be one of {', '.join(OUTPUT_NAMES)}; got {name!r}"
        ) from None
