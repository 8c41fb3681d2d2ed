"""Reverse-mode automatic differentiation: the four diagrams on any computational graph.

The chapter "From four diagrams to any graph" (``chapters/autodiff.ipynb``) builds this engine.
A :class:`Tensor` holds a numpy array (a matrix, not one scalar per node, so training with it
is fast enough).  Every operation on tensors computes its value (forward, as in the forward
propagation diagram) and records, in the new tensor, its inputs and its *local rule*: how to turn
the error arriving at its output, dC/d(output), into the errors of its inputs (backward, as in
the backward propagation diagram).  :meth:`Tensor.backward` then visits the graph in reverse
topological order, so that a node's error is complete (every use of it has reported) before it is
passed on, and *adds* the errors that reach a node along different uses (the fan-out of the
forward chapter).

>>> import numpy as np
>>> from backprop_lib import autodiff as ad
>>> w = ad.Tensor(np.array([2.0, -1.0]), name="w")
>>> x = ad.Tensor(np.array([0.5, 3.0]), name="x")
>>> c = ad.sum(w * x + w)          # w is used twice: its gradient adds both uses
>>> c.backward()
>>> w.grad                         # x + 1
array([1.5, 4. ])

Each tensor also counts the multiply-adds of its forward step and of its backward step
(``Tensor.flops``), so that the cost of one backward pass can be compared with the cost of a
forward pass exactly, without a stopwatch (:func:`count_flops`).

Only numpy is imported (and the library's activations), like the rest of the numpy core.
"""

from __future__ import annotations

import numpy as np

from . import activations as _activations
from ._checks import check_array, check_int, check_network
from .network import Network

__all__ = [
    "Tensor", "tensor", "matmul", "add", "mul", "sub", "neg", "sum", "mean", "square",
    "activation", "tanh", "sigmoid", "relu", "exp", "log", "softmax_cross_entropy",
    "topological_order", "network_cost", "network_gradients", "count_flops", "cost_table",
    "torch_network_gradients", "TORCH_INSTALL",
]


def _as_array(value, name):
    if isinstance(value, Tensor):
        raise TypeError(f"{name} is already a Tensor")
    arr = check_array(value, name)
    if arr.dtype.kind != "f":
        arr = arr.astype(np.float64)
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must contain only finite numbers (no NaN or inf)")
    return arr


class Tensor:
    """A value in a computational graph: an array, its error ``grad`` = dC/d(value), and how it
    was made (``op``, ``parents`` and the local rule that backpropagates through that op).

    Create leaves with ``Tensor(array, name=...)``; every operation makes a new tensor.
    ``grad`` is None until :meth:`backward` has reached the tensor.
    """

    __slots__ = ("value", "grad", "parents", "op", "name", "_backward", "flops")
    #: numpy defers to Tensor's operators: array * tensor is a Tensor, not an array of Tensors.
    __array_ufunc__ = None

    def __init__(self, value, name=None, *, _parents=(), _op="leaf", _backward=None, _flops=(0, 0)):
        self.value = value if _op != "leaf" else _as_array(value, name or "value")
        self.grad = None
        self.parents = tuple(_parents)
        self.op = _op
        self.name = name
        self._backward = _backward
        #: (multiply-adds of the forward step, multiply-adds of the backward step)
        self.flops = _flops

    # --- numpy-like conveniences ----------------------------------------------------------
    @property
    def shape(self):
        return self.value.shape

    @property
    def T(self):
        return transpose(self)

    def __repr__(self):
        label = f" {self.name!r}" if self.name else ""
        return f"Tensor{label}(op={self.op!r}, shape={self.value.shape})"

    def __add__(self, other):
        return add(self, other)

    def __radd__(self, other):
        return add(other, self)

    def __sub__(self, other):
        return sub(self, other)

    def __rsub__(self, other):
        return sub(other, self)

    def __mul__(self, other):
        return mul(self, other)

    def __rmul__(self, other):
        return mul(other, self)

    def __neg__(self):
        return neg(self)

    def __matmul__(self, other):
        return matmul(self, other)

    def __rmatmul__(self, other):
        return matmul(other, self)

    # --- the backward pass ------------------------------------------------------------------
    def backward(self, grad=None):
        """Backpropagate from this tensor: every tensor it depends on gets ``grad`` = d self/d it.

        ``self`` must be a single number (a cost) unless ``grad`` (the error arriving at it) is
        given.  Errors of earlier calls are cleared first, so calling it twice gives the same result.
        """
        if grad is None:
            if self.value.size != 1:
                raise ValueError(
                    f"backward() without grad needs a single-number tensor (a cost); this one has "
                    f"shape {self.value.shape}: pass grad, the error dC/d(this tensor)")
            grad = np.ones_like(self.value)
        else:
            grad = np.asarray(grad, dtype=self.value.dtype)
            if grad.shape != self.value.shape:
                raise ValueError(f"grad must have the tensor's shape {self.value.shape}; got {grad.shape}")
        order = topological_order(self)
        for node in order:
            node.grad = None
        self.grad = grad
        for node in reversed(order):  # outputs before inputs: a node's error is complete here
            if node._backward is not None and node.grad is not None:
                node._backward(node.grad)


def tensor(value, name=None):
    """A leaf :class:`Tensor` (a parameter or an input) holding ``value``."""
    return Tensor(value, name=name)


def _lift(x, name="operand"):
    return x if isinstance(x, Tensor) else Tensor(x, name=None)


def _accumulate(node, g):
    """Add the error g to ``node.grad``: the errors of all the node's uses add up (fan-out)."""
    if node.grad is None:
        node.grad = np.array(g, dtype=node.value.dtype, copy=True)
    else:
        node.grad = node.grad + g


def _unbroadcast(g, shape):
    """Sum g over the axes that broadcasting added or stretched, back to ``shape``."""
    while g.ndim > len(shape):
        g = g.sum(axis=0)
    for axis, n in enumerate(shape):
        if n == 1 and g.shape[axis] != 1:
            g = g.sum(axis=axis, keepdims=True)
    return g


def topological_order(root):
    """Every tensor ``root`` depends on, each after all of its parents (inputs first, root last)."""
    order, seen = [], set()
    stack = [(root, False)]
    while stack:  # an explicit stack: deep graphs do not hit Python's recursion limit
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        for p in node.parents:
            if id(p) not in seen:
                stack.append((p, False))
    return order


# --- operations: value forward, local rule backward ---------------------------------------------

def add(a, b):
    """a + b (numpy broadcasting, e.g. a batch of z plus the bias b)."""
    a, b = _lift(a), _lift(b)
    out = Tensor(a.value + b.value, _parents=(a, b), _op="+", _flops=(0, 0))

    def back(g):  # d(a+b)/da = 1: the error passes through unchanged, to both inputs
        _accumulate(a, _unbroadcast(g, a.value.shape))
        _accumulate(b, _unbroadcast(g, b.value.shape))

    out._backward = back
    return out


def sub(a, b):
    """a - b."""
    a, b = _lift(a), _lift(b)
    out = Tensor(a.value - b.value, _parents=(a, b), _op="-")

    def back(g):
        _accumulate(a, _unbroadcast(g, a.value.shape))
        _accumulate(b, _unbroadcast(-g, b.value.shape))

    out._backward = back
    return out


def neg(a):
    """-a."""
    a = _lift(a)
    out = Tensor(-a.value, _parents=(a,), _op="neg")
    out._backward = lambda g: _accumulate(a, -g)
    return out


def mul(a, b):
    """a * b, element by element (broadcasting)."""
    a, b = _lift(a), _lift(b)
    n = np.broadcast(a.value, b.value).size
    out = Tensor(a.value * b.value, _parents=(a, b), _op="*", _flops=(n, 2 * n))

    def back(g):  # d(ab)/da = b, d(ab)/db = a
        _accumulate(a, _unbroadcast(g * b.value, a.value.shape))
        _accumulate(b, _unbroadcast(g * a.value, b.value.shape))

    out._backward = back
    return out


def square(a):
    """a ** 2, element by element."""
    a = _lift(a)
    out = Tensor(a.value * a.value, _parents=(a,), _op="square", _flops=(a.value.size, a.value.size))
    out._backward = lambda g: _accumulate(a, 2 * a.value * g)
    return out


def matmul(a, b):
    """a @ b for matrices (and a vector on either side).

    Backward: dC/da = dC/dout @ b^T and dC/db = a^T @ dC/dout, the rule
    dC/da^{k-1} = (W^k)^T delta^k of the backward diagram and dC/dW^k = delta^k (a^{k-1})^T of
    the weight gradients, for a batch stored one example per row.
    """
    a, b = _lift(a), _lift(b)
    if a.value.ndim == 0 or b.value.ndim == 0:
        raise ValueError("matmul needs vectors or matrices, not single numbers; use mul (*)")
    value = a.value @ b.value
    A = a.value if a.value.ndim == 2 else a.value[None, :]
    Bm = b.value if b.value.ndim == 2 else b.value[:, None]
    macs = A.shape[0] * A.shape[1] * Bm.shape[1]
    out = Tensor(value, _parents=(a, b), _op="@", _flops=(macs, 2 * macs))

    def back(g):
        G = g.reshape(A.shape[0], Bm.shape[1])
        ga = G @ Bm.T
        gb = A.T @ G
        _accumulate(a, ga.reshape(a.value.shape))
        _accumulate(b, gb.reshape(b.value.shape))

    out._backward = back
    return out


def transpose(a):
    """a^T."""
    a = _lift(a)
    out = Tensor(a.value.T, _parents=(a,), _op="T")
    out._backward = lambda g: _accumulate(a, g.T)
    return out


def sum(a, axis=None):
    """The sum of a's entries (over ``axis``, or all of them)."""
    a = _lift(a)
    out = Tensor(np.sum(a.value, axis=axis), _parents=(a,), _op="sum", _flops=(a.value.size, 0))

    def back(g):  # every entry contributed with weight 1
        if axis is not None:
            g = np.expand_dims(g, axis)
        _accumulate(a, np.broadcast_to(g, a.value.shape))

    out._backward = back
    return out


def mean(a, axis=None):
    """The mean of a's entries (over ``axis``, or all of them)."""
    a = _lift(a)
    n = a.value.size if axis is None else a.value.shape[axis]
    out = Tensor(np.mean(a.value, axis=axis), _parents=(a,), _op="mean", _flops=(a.value.size, a.value.size))

    def back(g):
        if axis is not None:
            g = np.expand_dims(g, axis)
        _accumulate(a, np.broadcast_to(g / n, a.value.shape))

    out._backward = back
    return out


def activation(a, name):
    """sigma(a) for one of the library's element-wise activations (``activations.NAMES``).

    Backward: the error times sigma'(a), element by element: the backward diagram's node rule.
    """
    a = _lift(a)
    act = _activations.get(name)
    if not act.elementwise:
        raise ValueError(f"activation name must act on one number at a time, one of "
                         f"{', '.join(_activations.NAMES)}; got {act.name!r} (see softmax_cross_entropy)")
    value = act(a.value)
    n = a.value.size
    out = Tensor(value, _parents=(a,), _op=act.name, _flops=(n, 2 * n))
    out._backward = lambda g: _accumulate(a, g * act.derivative_from(a.value, value))
    return out


def tanh(a):
    """tanh(a)."""
    return activation(a, "tanh")


def sigmoid(a):
    """The logistic sigmoid of a."""
    return activation(a, "sigmoid")


def relu(a):
    """max(a, 0)."""
    return activation(a, "relu")


def exp(a):
    """e^a."""
    a = _lift(a)
    value = np.exp(a.value)
    out = Tensor(value, _parents=(a,), _op="exp", _flops=(a.value.size, a.value.size))
    out._backward = lambda g: _accumulate(a, g * value)
    return out


def log(a):
    """log a (a > 0)."""
    a = _lift(a)
    if np.any(a.value <= 0):
        raise ValueError("log needs positive numbers; use softmax_cross_entropy for log-probabilities")
    out = Tensor(np.log(a.value), _parents=(a,), _op="log", _flops=(a.value.size, a.value.size))
    out._backward = lambda g: _accumulate(a, g / a.value)
    return out


def softmax_cross_entropy(z, E):
    """The mean over the rows of -sum_i E_i log softmax(z)_i, from the logits z (log-sum-exp shift).

    One node for the pair, as in the core: its local rule is delta = (softmax(z) - E) / B.
    """
    z = _lift(z)
    E = np.asarray(E.value if isinstance(E, Tensor) else E, dtype=z.value.dtype)
    if E.shape != z.value.shape:
        raise ValueError(f"E must have the shape of z, {z.value.shape}; got {E.shape}")
    Z = z.value if z.value.ndim == 2 else z.value[None, :]
    Em = E if E.ndim == 2 else E[None, :]
    m = Z.max(axis=-1, keepdims=True)
    e = np.exp(Z - m)
    s = e.sum(axis=-1, keepdims=True)
    lse = (m + np.log(s))[:, 0]
    B = Z.shape[0]
    C = np.mean(Em.sum(axis=-1) * lse - (Em * Z).sum(axis=-1))
    O = e / s
    out = Tensor(np.asarray(C), _parents=(z,), _op="softmax_cross_entropy",
                 _flops=(3 * Z.size, 2 * Z.size))
    out._backward = lambda g: _accumulate(z, (g * (O - Em) / B).reshape(z.value.shape))
    return out


# --- the layered network as a graph -------------------------------------------------------------

def _network_graph(net, x, E):
    check_network(net)
    trace = net.forward(x)  # checks x (and gives the batched flag); the graph recomputes the values
    x = trace.a[0]
    E = net.check_target(E, trace.output)
    W = [None] + [Tensor(net.W[k], name=f"W{k}") for k in range(1, net.L + 1)]
    b = [None] + [Tensor(net.b[k], name=f"b{k}") for k in range(1, net.L + 1)]
    a = Tensor(x if x.ndim == 2 else x[None, :], name="x")
    Em = E if E.ndim == 2 else E[None, :]
    for k in range(1, net.L + 1):
        z = a @ W[k].T + b[k]
        sig = net.sigma[k]
        if k == net.L and net.loss.name == "cross_entropy":
            C = softmax_cross_entropy(z, Em)
            break
        a = activation(z, sig.name)
    else:
        if net.loss.name == "squared_error":
            C = mean(sum(square(a - Em), axis=1))
        elif net.loss.name == "binary_cross_entropy":
            # -E log O - (1 - E) log(1 - O), with O = sigmoid: the graph of log of the sigmoid
            C = mean(sum(neg(Em * log(a) + (1 - Em) * log(1 - a)), axis=1))
        else:
            raise ValueError(f"network_gradients supports the library's losses; got {net.loss.name!r}")
    return C, W, b


def network_cost(net, x, E):
    """``(C, W, b)``: the cost of ``net`` on ``(x, E)`` as a graph, and its weight/bias leaves."""
    return _network_graph(net, x, E)


def network_gradients(net, x, E):
    """``(C, dW, db)`` for a :class:`~backprop_lib.Network` computed by this engine.

    The network's forward pass is rebuilt from tensor operations (``a @ W.T + b``, the activation,
    the cost), then :meth:`Tensor.backward` differentiates the graph.  The lists are indexed by
    layer like ``grads.W`` and ``grads.b`` of ``Network.backward`` (index 0 is None), which they
    equal.
    """
    C, W, b = _network_graph(net, x, E)
    C.backward()
    return float(C.value), [None] + [w.grad for w in W[1:]], [None] + [v.grad for v in b[1:]]


def count_flops(root):
    """``(forward, backward)`` multiply-adds of the graph that ends in ``root``.

    Additions without a product and the bookkeeping are not counted; the matrix products
    dominate anyway.  A matrix product of (m, n) by (n, p) costs m n p forward and twice that
    backward (one product for each of its two inputs).
    """
    if not isinstance(root, Tensor):
        raise TypeError(f"root must be a Tensor; got {type(root).__name__}")
    order = topological_order(root)
    fwd = int(np.sum([t.flops[0] for t in order]))
    bwd = int(np.sum([t.flops[1] for t in order]))
    return fwd, bwd


def cost_table(widths=(2, 4, 8, 16, 32, 64), depth=3, batch=32, n_in=8, n_out=4):
    """The cost of the gradient, counted in multiply-adds, for networks of growing width.

    For each width w, a network [n_in, w, ..., w, n_out] (``depth`` hidden layers): rows of
    ``(P, forward, backward, finite_differences)`` where P is the number of weights and biases,
    ``forward`` the multiply-adds of one forward pass (with the cost), ``backward`` those of one
    backward pass, and ``finite_differences`` = 2 P forward passes (central differences).
    """
    rows = []
    depth = check_int(depth, "depth")
    batch = check_int(batch, "batch")
    for w in widths:
        w = check_int(w, "width")
        net = Network([n_in] + [w] * depth + [n_out], output_activation="softmax",
                      loss="cross_entropy", seed=0)
        x = np.zeros((batch, n_in))
        E = np.full((batch, n_out), 1.0 / n_out)
        C, _, _ = _network_graph(net, x, E)
        fwd, bwd = count_flops(C)
        rows.append((net.n_params, fwd, bwd, 2 * net.n_params * fwd))
    return rows


#: How to get PyTorch where it is missing (it is never needed by the course itself).
TORCH_INSTALL = "pip install torch==2.13.0   (CPU build; Colab has torch already)"


def torch_network_gradients(net, x, E):
    """``(C, dW, db)`` of ``net`` computed by PyTorch's autograd, for comparison (float64).

    Needs ``torch`` (imported here, never at module level); raises ImportError saying how to
    install it otherwise.
    """
    try:
        import torch
    except ImportError:
        raise ImportError(f"torch_network_gradients needs PyTorch: {TORCH_INSTALL}") from None
    check_network(net)
    trace = net.forward(x)
    E = net.check_target(E, trace.output)
    xt = torch.tensor(np.atleast_2d(trace.a[0]), dtype=torch.float64)
    Et = torch.tensor(np.atleast_2d(E), dtype=torch.float64)
    W = [None] + [torch.tensor(net.W[k], dtype=torch.float64, requires_grad=True) for k in range(1, net.L + 1)]
    b = [None] + [torch.tensor(net.b[k], dtype=torch.float64, requires_grad=True) for k in range(1, net.L + 1)]
    funcs = {"identity": lambda t: t, "sigmoid": torch.sigmoid, "tanh": torch.tanh,
             "relu": torch.relu, "leaky_relu": lambda t: torch.nn.functional.leaky_relu(
                 t, _activations.LEAKY_SLOPE)}
    a = xt
    for k in range(1, net.L + 1):
        z = a @ W[k].T + b[k]
        if k == net.L and net.loss.name == "cross_entropy":
            C = -(Et * torch.log_softmax(z, dim=1)).sum(dim=1).mean()
            break
        a = funcs[net.sigma[k].name](z)
    else:
        if net.loss.name == "squared_error":
            C = ((a - Et) ** 2).sum(dim=1).mean()
        elif net.loss.name == "binary_cross_entropy":
            C = torch.nn.functional.binary_cross_entropy_with_logits(z, Et, reduction="none").sum(dim=1).mean()
        else:
            raise ValueError(f"unsupported loss {net.loss.name!r}")
    C.backward()
    return (float(C.detach()), [None] + [w.grad.numpy() for w in W[1:]],
            [None] + [v.grad.numpy() for v in b[1:]])
