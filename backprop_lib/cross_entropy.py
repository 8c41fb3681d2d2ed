"""The chapter "The cross-entropy cost": why a saturated output learns slowly with the squared
error, and how the cross-entropy cures it.

With a sigmoid output and C = sum_i (O_i - E_i)^2 the base case of backpropagation is
delta^L = 2 (O - E) * sigma'(z^L): when the output is confidently wrong, sigma'(z^L) is tiny and so
is every gradient.  With the (binary) cross-entropy, delta^L = O - E: the sigma' has cancelled,
and the error is largest when the output is most wrong.  The same holds for a softmax output with
the cross-entropy of many classes.

>>> from backprop_lib import cross_entropy as ce
>>> r = ce.recovery("binary_cross_entropy", seed=0)
>>> r["steps"] < ce.recovery("squared_error", seed=0)["steps"]
True
"""

from __future__ import annotations

import numpy as np

from . import activations
from ._checks import check_int
from .network import Network

__all__ = ["output_delta", "recovery", "LOSSES"]

#: The two costs the chapter compares, with a sigmoid output.
LOSSES = ("squared_error", "binary_cross_entropy")

_SIGMOID = activations.get("sigmoid")


def output_delta(loss, z, E):
    """delta^L = dC/dz^L of one sigmoid output unit at linear part z with target E.

    ``"squared_error"``: 2 (sigma(z) - E) sigma'(z); ``"binary_cross_entropy"``: sigma(z) - E.
    """
    z = np.asarray(z, dtype=np.float64)
    O = _SIGMOID(z)
    if loss == "squared_error":
        return 2 * (O - E) * O * (1 - O)
    if loss == "binary_cross_entropy":
        return O - E
    raise ValueError(f"loss must be one of {', '.join(LOSSES)}; got {loss!r}")


def recovery(loss, seed=0, z_wrong=6.0, lr=0.5, max_steps=2000, sizes=(3, 5, 1)):
    """Train a network whose output starts confidently wrong, until its answer turns right.

    A seeded random network ``sizes`` (tanh hidden layers, sigmoid output) and one seeded input x
    with a target E of 0 or 1; the output bias is then set so that z^L = +-``z_wrong``, on the
    wrong side (O is about 0.9975 for E = 0 at z_wrong = 6).  Plain gradient descent on that one
    example with learning rate ``lr`` until O is on the target's side of 0.5.

    Returns a dict: ``steps`` (how many steps it took; ``max_steps`` + 1 if it never did),
    ``outputs`` (O after each step, starting with the initial one), ``delta0`` (delta^L at the
    start) and ``E``.
    """
    if loss not in LOSSES:
        raise ValueError(f"loss must be one of {', '.join(LOSSES)}; got {loss!r}")
    seed = check_int(seed, "seed", 0)
    max_steps = check_int(max_steps, "max_steps")
    rng = np.random.default_rng(seed)
    net = Network(list(sizes), activation="tanh", output_activation="sigmoid", loss=loss, seed=seed)
    x = rng.uniform(-1, 1, sizes[0])
    E = np.array([float(rng.integers(0, 2))])
    z = net.forward(x).z[-1]
    wrong = -z_wrong if E[0] == 1 else z_wrong
    net.b[-1] += wrong - z  # now z^L = +-z_wrong, on the wrong side
    trace = net.forward(x)
    _, grads = net.backward(trace, E)
    outputs = [float(trace.output[0])]
    steps = max_steps + 1
    for step in range(1, max_steps + 1):
        net.sgd_step(x, E, lr)
        O = float(net.predict(x)[0])
        outputs.append(O)
        if (O > 0.5) == (E[0] == 1):
            steps = step
            break
    return {"steps": steps, "outputs": outputs, "delta0": float(grads.delta[-1][0]), "E": float(E[0])}
