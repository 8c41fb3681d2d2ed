"""Per-layer quantities of the passes, shared by the later chapters (vanishing gradients,
initialization): arrays indexed by layer, each example's own errors, and the shallower networks
of a depth sweep that share one forward pass.  Like the rest of the core it imports only numpy.
"""

import numpy as np

from .network import Trace

__all__ = ["per_layer", "layer_sums", "per_example_errors", "shallower"]


def per_layer(L):
    """A per-layer array for layers 0..L, NaN until filled."""
    return np.full(L + 1, np.nan)


def layer_sums(arrays, squares=False):
    """Each example's sum over each layer's units (of their squares with ``squares=True``).

    ``arrays`` are per-layer arrays (B, n_k), or (n_k,) for one example; the result is a float64
    array of shape (B, len(arrays)).
    """
    blocks = [np.atleast_2d(v).astype(np.float64, copy=False) for v in arrays]
    if squares:
        return np.stack([np.einsum("bi,bi->b", v, v) for v in blocks], axis=1)
    return np.stack([np.einsum("bi->b", v) for v in blocks], axis=1)


def per_example_errors(trace, grads):
    """delta^k of each example, float64 arrays (B, n_k) in a list indexed by layer (entry 0 None).

    :meth:`Network.backward` returns the gradients of the *mean* cost of a batch of B, so each
    example's own delta^k is B times its row.
    """
    batch = trace.a[0].shape[0] if trace.batched else 1
    return [None] + [np.atleast_2d(np.asarray(d, np.float64)) * batch for d in grads.delta[1:]]


def shallower(deep, deep_trace, L, output_activation="identity"):
    """The network of ``deep``'s first L layers (:meth:`Network.first_layers`) and its forward trace.

    Its layers 1..L-1 are ``deep``'s, on the same input: their z^k and a^k are ``deep_trace``'s
    own values; only layer L, with its ``output_activation``, runs its forward step.  So many
    depths share one forward pass through the deepest network.  (For L = deep.L with the same
    output activation that is ``deep`` and ``deep_trace`` themselves.)
    """
    if L == deep.L and deep.output_activation.name == output_activation:
        return deep, deep_trace
    net = deep.first_layers(L, output_activation)
    z_L, a_L = net.forward_step(L, deep_trace.a[L - 1])
    return net, Trace(deep_trace.z[:L] + [z_L], deep_trace.a[:L] + [a_L], deep_trace.batched)
