"""What backpropagation costs in memory, measured and modelled; gradient checkpointing.

The backward pass needs values the forward pass computed: dC/dW^k = delta^k (a^{k-1})^T needs
a^{k-1}, and delta^k = sigma'(z^k) * (W^{k+1})^T delta^{k+1} needs sigma'(z^k) (from z^k, or
from a^k for tanh, sigmoid and the ReLUs).  So the forward pass has to *keep* them until the
backward pass reaches their layer, and that storage grows with the batch size B times the sum of
the layer widths -- unlike the parameters, whose size does not depend on B at all.

This module has three parts:

* :func:`memory_model` -- the model: bytes of parameters, gradients, optimizer state, stored
  activations and backward-pass errors for a network and batch size, per dtype, returned as a
  :class:`MemoryBreakdown`.
* :func:`measure` / :func:`measure_training_step` -- the real allocation, measured with
  :mod:`tracemalloc` (numpy reports its array buffers to tracemalloc), to check the model.
* :func:`checkpointed_gradients` -- gradient checkpointing (Chen et al. 2016): keep only the
  activations at segment boundaries and recompute each segment's inside during the backward
  pass; :func:`checkpoint_cost` predicts its memory and its extra layer evaluations.

>>> import numpy as np
>>> from backprop_lib import Network, training_memory as memory
>>> net = Network([4, 8, 8, 2], seed=0)
>>> x = np.ones((5, 4)); E = np.zeros((5, 2))
>>> C, grads = memory.checkpointed_gradients(net, x, E, segments=2)
>>> C2, plain = net.backward(net.forward(x), E)
>>> all(np.array_equal(grads.W[k], plain.W[k]) for k in range(1, 4))
True
"""

from __future__ import annotations

import dataclasses
import functools
import tracemalloc

import numpy as np

from ._checks import check_bool, check_int, check_network, check_sizes
from .network import Gradients

__all__ = [
    "MemoryBreakdown",
    "memory_model",
    "Measurement",
    "measure",
    "measure_training_step",
    "measure_parameters",
    "checkpointed_gradients",
    "checkpoint_segments",
    "checkpoint_cost",
    "best_segments",
    "OPTIMIZERS",
    "DTYPES",
]

#: Extra values kept per parameter by common optimizers (Adam keeps two moments).
OPTIMIZERS = {"sgd": 0, "momentum": 1, "adam": 2}

#: The dtypes the model knows: bytes per value, and "mixed" = float16 compute with a float32
#: master copy of the weights (and float32 optimizer state), as in mixed-precision training.
DTYPES = ("float64", "float32", "float16", "mixed")

#: Layer-sized scratch buffers a backward step holds at its peak besides what it keeps
#: (dC/da^{k-1} and sigma'(z^{k-1}) while delta^{k-1} is being formed).
WORKSPACE_BUFFERS = 1


# ----------------------------------------------------------------------------------- helpers
def _sizes_of(net_or_sizes):
    return check_sizes(getattr(net_or_sizes, "sizes", net_or_sizes), "net (a Network or its sizes)")


def _dtype_name(dtype, net=None):
    if dtype is None:
        dtype = getattr(net, "dtype", np.float64)
    if isinstance(dtype, str) and dtype == "mixed":
        return "mixed"
    try:
        name = np.dtype(dtype).name
    except TypeError:
        name = None
    if name not in DTYPES:
        raise ValueError(f"dtype must be one of {', '.join(DTYPES)}; got {dtype!r}")
    return name


def _mib(n):
    return n / 2**20


def _sizes_text(sizes):
    """Layer widths with runs shortened: [32, 64, 64, 64, 10] -> "32, 64×3, 10" (of a
    :class:`MemoryBreakdown`, whose sizes :func:`memory_model` checked)."""
    out, i = [], 0
    while i < len(sizes):
        j = i
        while j + 1 < len(sizes) and sizes[j + 1] == sizes[i]:
            j += 1
        out.append(f"{sizes[i]}×{j - i + 1}" if j > i + 1 else ", ".join(str(v) for v in sizes[i:j + 1]))
        i = j + 1
    return "[" + ", ".join(out) + "]"


# ------------------------------------------------------------------------------ the model
@dataclasses.dataclass(frozen=True)
class MemoryBreakdown:
    """Bytes a training step needs, by kind.  All figures are in bytes.

    ``parameters``, ``gradients``, ``optimizer_state`` do not depend on the batch size;
    ``activations`` (what the forward pass keeps for the backward pass), ``errors`` (the
    delta^k and dC/da^k the backward pass keeps) and ``workspace`` (scratch) grow with it.
    """

    sizes: tuple
    batch_size: int
    dtype: str
    optimizer: str
    kept_per_unit: int
    segments: int
    parameters: int
    gradients: int
    optimizer_state: int
    activations: int
    errors: int
    workspace: int
    layer_evaluations: int

    KINDS = ("parameters", "gradients", "optimizer_state", "activations", "errors", "workspace")

    @property
    def total(self):
        """Everything: the memory a training step needs at its peak."""
        return sum(getattr(self, k) for k in self.KINDS)

    @property
    def step(self):
        """What one forward + backward allocates on top of the existing parameters (and optimizer
        state): gradients, stored activations, kept errors and scratch.  This is what
        :func:`measure_training_step` measures."""
        return self.gradients + self.activations + self.errors + self.workspace

    def as_dict(self):
        """{kind: bytes} for the six kinds, plus "total"."""
        d = {k: getattr(self, k) for k in self.KINDS}
        d["total"] = self.total
        return d

    def fractions(self):
        """{kind: share of the total}."""
        t = self.total or 1
        return {k: getattr(self, k) / t for k in self.KINDS}

    def __str__(self):
        rows = [f"memory for sizes {_sizes_text(self.sizes)}, batch {self.batch_size}, {self.dtype}, "
                f"optimizer {self.optimizer}, segments {self.segments}"]
        for k in self.KINDS:
            v = getattr(self, k)
            rows.append(f"  {k.replace('_', ' '):<16} {_mib(v):12.3f} MiB  {100 * v / (self.total or 1):5.1f} %")
        rows.append(f"  {'total':<16} {_mib(self.total):12.3f} MiB")
        return "\n".join(rows)

    def _repr_html_(self):
        td = "style='text-align:right;padding:0.15em 0.8em'"
        body = "".join(
            f"<tr><td style='padding:0.15em 0.8em'>{k.replace('_', ' ')}</td><td {td}>{_mib(getattr(self, k)):.3f}</td>"
            f"<td {td}>{100 * getattr(self, k) / (self.total or 1):.1f} %</td></tr>"
            for k in self.KINDS
        )
        return (
            "<table style='border-collapse:collapse'><caption style='caption-side:top;text-align:left'>"
            f"Memory for sizes {_sizes_text(self.sizes)}, batch {self.batch_size}, {self.dtype}, "
            f"optimizer {self.optimizer}, segments {self.segments}</caption>"
            f"<thead><tr><th style='padding:0.15em 0.8em'>kind</th><th {td}>MiB</th><th {td}>share</th></tr></thead>"
            f"<tbody>{body}<tr><th style='padding:0.15em 0.8em'>total</th><th {td}>{_mib(self.total):.3f}</th><th></th></tr>"
            "</tbody></table>"
        )


def checkpoint_segments(L, segments):
    """Split layers 1..L into ``segments`` contiguous runs, earlier runs one longer when needed.

    Returns a list of (first, last) layer numbers, e.g. ``checkpoint_segments(5, 2)`` is
    ``[(1, 3), (4, 5)]``.
    """
    L = check_int(L, "L")
    segments = check_int(segments, "segments")
    if segments > L:
        raise ValueError(f"segments must be between 1 and L = {L} (one segment per layer at most); got {segments}")
    return _split_layers(L, segments)


def _split_layers(L, segments):
    """:func:`checkpoint_segments` on checked arguments (1 <= segments <= L)."""
    base, extra = divmod(L, segments)
    out, start = [], 1
    for j in range(segments):
        n = base + (1 if j < extra else 0)
        out.append((start, start + n - 1))
        start += n
    return out


def _stored_units(sizes, segs, kept):
    # While the backward pass works on segment j, it holds that segment's z^k, a^k and the
    # checkpoints a^{first-1} of segments 2..j (segment 1 starts from the input x, which the
    # caller holds anyway).  Without checkpointing that is simply every layer's z^k and a^k.
    best, boundaries = 0, 0
    for j, (first, last) in enumerate(segs):
        if j > 0:
            boundaries += sizes[first - 1]
        best = max(best, boundaries + kept * sum(sizes[first:last + 1]))
    return best


def memory_model(net, batch_size, *, dtype=None, optimizer="sgd", kept_per_unit=2, keep_errors=True,
                 segments=1):
    """The memory a training step of ``net`` needs at batch size ``batch_size``, by kind.

    Parameters
    ----------
    net : Network or list of int
        The network (or its layer widths [n_0, ..., n_L]).
    batch_size : int
        B, the number of examples per step.
    dtype : numpy dtype, "mixed" or None
        The precision (None: the network's).  "mixed" means float16 activations and gradients with a
        float32 master copy of the weights (plus their float16 copy) and float32 optimizer state.
    optimizer : "sgd", "momentum" or "adam"
        Extra values stored per parameter: 0, 1 or 2.
    kept_per_unit : 1 or 2
        Values the forward pass keeps per unit of layers 1..L: 2 (z^k and a^k, what
        :meth:`Network.forward` keeps) or 1 (only a^k, enough when sigma'(z) can be computed from a).
    keep_errors : bool
        True: the backward pass keeps delta^k and dC/da^k of every layer (as :meth:`Network.backward`
        does, so that you can look at them); False: it frees each as soon as the next layer down has
        used it (as :func:`checkpointed_gradients` and deep-learning frameworks do).
    segments : int
        Gradient checkpointing with this many segments (1 = none): only the segment boundaries' a^k
        are kept through the forward pass, and each segment's values are recomputed in the backward
        pass.

    Returns
    -------
    MemoryBreakdown
        parameters, gradients and optimizer state (independent of B); activations, errors and
        workspace (proportional to B); and the number of layer evaluations (forward passes through
        one layer) the step costs.

    The activation term is B x (sum of the widths kept) x bytes per value x values kept per unit.
    """
    sizes = _sizes_of(net)
    B = check_int(batch_size, "batch_size")
    dt = _dtype_name(dtype, None if isinstance(net, (list, tuple)) else net)
    if not isinstance(optimizer, str) or optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {', '.join(OPTIMIZERS)}; got {optimizer!r}")
    kept = check_int(kept_per_unit, "kept_per_unit")
    if kept > 2:
        raise ValueError(f"kept_per_unit must be 1 (a^k only) or 2 (z^k and a^k); got {kept}")
    check_bool(keep_errors, "keep_errors")
    L = len(sizes) - 1
    segments = check_int(segments, "segments", 1, L)
    segs = _split_layers(L, segments)
    if segments > 1 and keep_errors:
        raise ValueError("keep_errors must be False with segments > 1: checkpointing frees the errors as it goes")

    n_params = sum(sizes[k] * sizes[k - 1] + sizes[k] for k in range(1, L + 1))
    if dt == "mixed":
        # float32 master weights + their float16 working copy; float16 gradients (unscaled into
        # the float32 update one layer at a time); float32 optimizer state: with Adam the
        # well-known 2 + 2 + 4 + 8 = 16 bytes per parameter.
        value_bytes, param_bytes, grad_bytes, state_bytes = 2, 4 + 2, 2, 4
    else:
        value_bytes = np.dtype(dt).itemsize
        param_bytes = grad_bytes = state_bytes = value_bytes

    units = sizes[1:]  # layers 1..L
    stored_units = _stored_units(sizes, segs, kept)
    errors_units = 2 * sum(units) if keep_errors else 2 * max(units)
    workspace_units = WORKSPACE_BUFFERS * max(units)
    recompute = 0 if segments == 1 else sum(last - first + 1 for first, last in segs[:-1])

    return MemoryBreakdown(
        sizes=tuple(sizes),
        batch_size=B,
        dtype=dt,
        optimizer=optimizer,
        kept_per_unit=kept,
        segments=segments,
        parameters=n_params * param_bytes,
        gradients=n_params * grad_bytes,
        optimizer_state=n_params * OPTIMIZERS[optimizer] * state_bytes,
        activations=B * stored_units * value_bytes,
        errors=B * errors_units * value_bytes,
        workspace=B * workspace_units * value_bytes,
        layer_evaluations=L + recompute,
    )


# ---------------------------------------------------------------------------- measurement
@dataclasses.dataclass(frozen=True)
class Measurement:
    """What :mod:`tracemalloc` saw while a function ran (bytes, relative to just before it)."""

    peak: int
    retained: int
    result: object = dataclasses.field(repr=False, default=None)


def measure(fn, *args, **kwargs):
    """Run ``fn(*args, **kwargs)`` under :mod:`tracemalloc`; return a :class:`Measurement`.

    ``peak`` is the largest amount allocated (and not yet freed) at any moment while ``fn`` ran;
    ``retained`` what was still allocated when it returned (held by its result).  numpy reports its
    array buffers to tracemalloc, so these count the arrays a computation creates.
    """
    if not callable(fn):
        raise TypeError(f"fn must be callable; got {type(fn).__name__}")
    was_tracing = tracemalloc.is_tracing()
    if not was_tracing:
        tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before, _ = tracemalloc.get_traced_memory()
        result = fn(*args, **kwargs)
        after, peak = tracemalloc.get_traced_memory()
    finally:
        if not was_tracing:
            tracemalloc.stop()
    return Measurement(peak=peak - before, retained=after - before, result=result)


def measure_training_step(net, x, E, *, segments=None):
    """Measured bytes of one forward + backward of ``net`` on the batch (x, E).

    With ``segments=None`` this is ``net.backward(net.forward(x), E)`` (which keeps every
    layer's errors); with an integer it is :func:`checkpointed_gradients` with that many segments.
    Returns a :class:`Measurement` whose ``result`` is ``(C, grads)``.
    """
    check_network(net)
    x = np.asarray(x, dtype=net.dtype)
    E = np.asarray(E, dtype=net.dtype)
    if segments is None:
        return measure(lambda: net.backward(net.forward(x), E))
    return measure(checkpointed_gradients, net, x, E, segments)


def measure_parameters(net):
    """Measured bytes of a copy of the network's weights and biases."""
    check_network(net)
    return measure(net.copy).retained


# --------------------------------------------------------------------------- checkpointing
def _forward_segment(net, a_prev, first, last, keep, counter):
    """Layers first..last from their input a^{first-1} (:meth:`Network.forward_step`); z^k, a^k
    go into ``keep`` if it is a dict, else each is dropped once the next layer has used it."""
    a = a_prev
    for k in range(first, last + 1):
        z, a = net.forward_step(k, a)
        counter["layer_evaluations"] += 1
        if keep is not None:
            keep[k] = (z, a)
        del z
    return a


def checkpointed_gradients(net, x, E, segments, *, keep_errors=False, stats=None):
    """C and the gradients of ``net`` on (x, E) with gradient checkpointing (Chen et al. 2016).

    The layers are split into ``segments`` contiguous segments (:func:`checkpoint_segments`).
    The forward pass keeps only a^k at the segment boundaries (the *checkpoints*) and, for the
    last segment, its z^k and a^k.  The backward pass then goes segment by segment from the top:
    it recomputes the segment's z^k and a^k from its checkpoint, backpropagates through it, and
    frees them.  Memory for stored activations falls from all L layers to the checkpoints plus one
    segment; the price is one more forward evaluation of every layer outside the last segment.
    With ``segments = 1`` nothing is recomputed.  Both passes are the network's own, one layer at
    a time: :meth:`Network.forward_step` and :meth:`Network.backward_step`.

    Returns ``(C, grads)`` equal to ``net.backward(net.forward(x), E)``: ``grads.W[k]`` and
    ``grads.b[k]`` are the same numbers.  ``grads.delta`` and ``grads.a`` are kept only with
    ``keep_errors=True`` (otherwise each is freed once used, and the lists hold None).

    ``stats``, if a dict, receives "layer_evaluations" (forward evaluations of one layer, the
    recomputation included), "recomputed" and "segments".
    """
    check_network(net)
    L = net.L
    segments = check_int(segments, "segments", 1, L)
    check_bool(keep_errors, "keep_errors")
    if stats is not None and not isinstance(stats, dict):
        raise TypeError(f"stats must be a dict or None; got {type(stats).__name__}")
    x = net.check_input(x)
    batch = x.shape[0] if x.ndim == 2 else 1
    segs = _split_layers(L, segments)
    counter = {"layer_evaluations": 0}

    # Forward: keep the checkpoints a^{first-1} of every segment, and the whole last segment.
    checkpoints = {}
    last_kept = {}
    a = x
    for j, (first, last) in enumerate(segs):
        checkpoints[first] = a
        a = _forward_segment(net, a, first, last, last_kept if j == len(segs) - 1 else None, counter)
    del a
    output_z, output_a = last_kept[L]
    E = net.check_target(E, output_a)
    C = net.mean_cost(output_z, output_a, E)
    # The gradient buffers are allocated up front, as deep-learning frameworks do.
    dW = [None] + [np.empty_like(w) for w in net.W[1:]]
    db = [None] + [np.empty_like(v) for v in net.b[1:]]
    deltas, dC_das = [None] * (L + 1), [None] * (L + 1)
    dA, delta = net.output_errors(output_z, output_a, E, 1.0 / batch)
    del output_z, output_a

    forward_count = counter["layer_evaluations"]
    for j in range(len(segs) - 1, -1, -1):
        first, last = segs[j]
        if j == len(segs) - 1:
            kept = last_kept
        else:
            kept = {}
            _forward_segment(net, checkpoints[first], first, last, kept, counter)  # recompute
            delta = net.linear_error(last, dA, *kept[last])  # now that z^{last} is back
        for k in range(last, first - 1, -1):
            if keep_errors:
                deltas[k], dC_das[k] = delta, dA
            dA = None  # dC/da^k has served: delta^k is formed
            kept.pop(k)  # z^k and a^k are no longer needed
            # z^{first-1} belongs to the segment below, not yet recomputed: delta^{first-1} waits for it
            z_prev, a_prev = kept[k - 1] if k > first else (None, checkpoints[first])
            _, _, dA, delta = net.backward_step(k, delta, z_prev, a_prev, out=(dW[k], db[k]))
            del z_prev, a_prev
        del kept
        if j > 0:
            del checkpoints[first]
    if stats is not None:
        stats["layer_evaluations"] = counter["layer_evaluations"]
        stats["recomputed"] = counter["layer_evaluations"] - forward_count
        stats["segments"] = len(segs)
    return C, Gradients(dW, db, deltas, dC_das)


def checkpoint_cost(net, batch_size, segments, *, kept_per_unit=2):
    """(bytes of stored activations, layer evaluations) of one step with ``segments`` segments.

    Both from :func:`memory_model`: the stored activations are the checkpoints plus one segment's
    values; the layer evaluations are L for the forward pass plus the recomputation (every layer
    outside the last segment once more).
    """
    m = memory_model(net, batch_size, segments=segments, keep_errors=False, kept_per_unit=kept_per_unit)
    return m.activations, m.layer_evaluations


def best_segments(net, batch_size=1, *, kept_per_unit=2):
    """The number of segments that minimises the stored activations (fewest segments on a tie).

    For L equally wide layers the stored values are about (s - 1) + kept * L / s layer widths,
    smallest near s = sqrt(kept * L): the sqrt(L) rule of Chen et al. (2016), with memory growing
    like sqrt(L) instead of L.
    """
    sizes = _sizes_of(net)
    check_int(batch_size, "batch_size")
    kept = check_int(kept_per_unit, "kept_per_unit")
    return _best_segments(tuple(sizes), kept)


@functools.lru_cache(maxsize=1024)
def _best_segments(sizes, kept):
    L = len(sizes) - 1
    costs = [_stored_units(sizes, _split_layers(L, s), kept) for s in range(1, L + 1)]
    return 1 + int(np.argmin(costs))
