"""Costs: the base case of the backpropagation recursion.

The cost C compares the network's output O = a^L with the expected output E.
Backpropagation starts from its derivative with respect to the output layer's
linear part, delta^L = dC/dz^L; everything else follows from the single-node rule.

``squared_error``
    The source text's cost, C = sum_i (O_i - E_i)^2 for one example (no 1/2
    factor, so dC/dO_i = 2 (O_i - E_i)), and delta^L = dC/dO * sigma'(z^L).
``binary_cross_entropy``
    C = -sum_i [E_i log O_i + (1 - E_i) log(1 - O_i)] with a sigmoid output.
    It is computed from z^L as softplus(z) - E z, which stays finite however far
    the sigmoid saturates, and its delta^L simplifies to O - E.
``cross_entropy``
    C = -sum_i E_i log O_i with a softmax output O_i = e^{z_i} / sum_j e^{z_j}, for many
    classes: E holds one row of class probabilities per example (one-hot for a label).
    It is computed from z^L as logsumexp(z) - sum_i E_i z_i (with the log-sum-exp shift),
    which stays finite for any finite logits, and the softmax's Jacobian cancels:
    delta^L = O - E.

For a batch, the network takes the mean of the per-example costs; the functions
here work per example (row).
"""

import numpy as np

__all__ = ["Loss", "NAMES", "get"]


class Loss:
    """A cost function with the derivatives backpropagation starts from.

    Methods take arrays whose last axis is the output layer's units and return
    one cost per example (per row).
    """

    #: The output activation this loss requires, or None if any will do.
    requires_output_activation = None

    name = None

    def per_example(self, z, a, E):
        """The cost of each example: shape a.shape[:-1]."""
        raise NotImplementedError

    def dC_da(self, z, a, E):
        """dC/dO = dC/da^L for each example (the error of the activated output node)."""
        raise NotImplementedError

    def delta(self, z, a, E, sigma):
        """dC/dz^L = dC/da^L * sigma'(z^L): the error of the output layer's linear part."""
        return sigma.backprop(z, a, self.dC_da(z, a, E))

    def output_errors(self, z, a, E, sigma):
        """``(dC/da^L, delta^L)`` together, the base case of backpropagation.

        The same numbers as :meth:`dC_da` and :meth:`delta`, with dC/da^L computed once.
        """
        dC_da = self.dC_da(z, a, E)
        return dC_da, sigma.backprop(z, a, dC_da)

    def check_target(self, E):
        """Raise ValueError if the target values cannot be used with this loss."""

    def __repr__(self):
        return f"Loss({self.name!r})"


class SquaredError(Loss):
    r"""C = \sum_i (O_i - E_i)^2 for one example."""

    name = "squared_error"
    latex = r"C = \sum_i (O_i - E_i)^2"

    def per_example(self, z, a, E):
        d = a - E
        return (d * d).sum(axis=-1)

    def dC_da(self, z, a, E):
        return 2 * (a - E)


def _softplus(z):
    # log(1 + e^z) without overflow: max(z, 0) + log1p(e^{-|z|}).
    return np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))


class BinaryCrossEntropy(Loss):
    r"""C = -\sum_i [E_i \log O_i + (1 - E_i) \log(1 - O_i)], with O = sigmoid(z^L)."""

    name = "binary_cross_entropy"
    latex = r"C = -\sum_i \left[E_i \log O_i + (1 - E_i)\log(1 - O_i)\right]"
    requires_output_activation = "sigmoid"

    def per_example(self, z, a, E):
        # -E log s(z) - (1-E) log(1 - s(z)) = softplus(z) - E z
        return np.sum(_softplus(z) - E * z, axis=-1)

    def dC_da(self, z, a, E):
        # (O - E) / (O (1 - O)); where the sigmoid has saturated to exactly 0 or 1
        # the true value exceeds every float, so the denominator is kept >= tiny.
        denom = np.maximum(a * (1 - a), np.finfo(np.result_type(a)).tiny)
        return (a - E) / denom

    def delta(self, z, a, E, sigma):
        # sigma'(z) = O (1 - O) cancels the denominator of dC/dO: delta^L = O - E.
        return a - E

    def output_errors(self, z, a, E, sigma):
        return self.dC_da(z, a, E), self.delta(z, a, E, sigma)

    def check_target(self, E):
        if np.any(E < 0) or np.any(E > 1):
            raise ValueError(
                "E (the target) must lie in [0, 1] for binary_cross_entropy; "
                f"got values from {float(np.min(E))} to {float(np.max(E))}"
            )


def _logsumexp(z):
    # log sum_j e^{z_j} = m + log sum_j e^{z_j - m} with m = max_j z_j: no exponent above 0.
    m = np.max(z, axis=-1, keepdims=True)
    return (m + np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True)))[..., 0]


class CrossEntropy(Loss):
    r"""C = -\sum_i E_i \log O_i, with O = softmax(z^L): the cost of a many-class classifier."""

    name = "cross_entropy"
    latex = r"C = -\sum_i E_i \log O_i"
    requires_output_activation = "softmax"

    def per_example(self, z, a, E):
        # log O_i = z_i - logsumexp(z), so -sum_i E_i log O_i = sum(E) logsumexp(z) - sum_i E_i z_i.
        return np.sum(E, axis=-1) * _logsumexp(z) - np.sum(E * z, axis=-1)

    def dC_da(self, z, a, E):
        # -E_i / O_i; where the softmax has underflowed to exactly 0 the true value exceeds
        # every float, so the denominator is kept >= tiny (and E_i = 0 there gives 0).
        return -E / np.maximum(a, np.finfo(np.result_type(a)).tiny)

    def delta(self, z, a, E, sigma):
        # The softmax's Jacobian a_i ([i = j] - a_j) times -E_i / a_i, summed over i, is
        # -E_j + a_j sum_i E_i = O_j - E_j (the rows of E sum to 1).
        return a - E

    def output_errors(self, z, a, E, sigma):
        return self.dC_da(z, a, E), self.delta(z, a, E, sigma)

    def check_target(self, E):
        if E.shape[-1] < 2:
            raise ValueError(
                f"E (the target) must have at least two classes (columns) for cross_entropy; "
                f"got shape {E.shape} (for two classes with one output use binary_cross_entropy)")
        if np.any(E < 0):
            raise ValueError(
                "E (the target) must hold class probabilities for cross_entropy: no negative "
                f"entries; got a smallest entry of {float(np.min(E))}")
        sums = np.sum(np.asarray(E, np.float64), axis=-1)
        tol = max(1e-6, E.shape[-1] * float(np.finfo(np.result_type(E, np.float16)).eps))
        worst = float(np.max(np.abs(sums - 1)))
        if worst > tol:
            raise ValueError(
                "E (the target) must hold class probabilities for cross_entropy: each row must "
                f"sum to 1 (one-hot for a label); got a row summing to {float(sums.flat[np.argmax(np.abs(sums - 1))])}")


_LOSSES = {cls.name: cls() for cls in (SquaredError, BinaryCrossEntropy, CrossEntropy)}

#: The names :func:`get` accepts.
NAMES = tuple(_LOSSES)


def get(name):
    """The :class:`Loss` called ``name`` (one of :data:`NAMES`); a Loss is returned as it is."""
    if isinstance(name, Loss):
        return name
    if not isinstance(name, str):
        raise TypeError(f"loss must be a name (str), one of {', '.join(NAMES)}; got {type(name).__name__}")
    try:
        return _LOSSES[name]
    except KeyError:
        raise ValueError(f"loss must be one of {', '.join(NAMES)}; got {name!r}") from None
