"""Exercises of the capstone chapter "Real handwritten digits" (``ch-digits``).

The learner's own backward pass and training step for a ReLU network with a softmax output and
the cross-entropy cost, checked on real digits from ``backprop_lib/data/digits.csv.gz``.
"""

import functools

import numpy as np

from .exercise import Exercise, Mistake


@functools.lru_cache(maxsize=1)
def _digits():
    from backprop_lib import digits as dg

    X, y = dg.load()
    return dg.scale(X), dg.one_hot(y)


def _case(rng, B, start, hidden=16):
    """B real digits from row ``start`` (inputs 0..1) and small seeded weights: 64 -> hidden -> 10."""
    X, E = _digits()
    return dict(W1=np.round(rng.normal(0, np.sqrt(2 / 64), (hidden, 64)), 3),
                b1=np.round(rng.normal(0, 0.1, hidden), 3),
                W2=np.round(rng.normal(0, np.sqrt(2 / hidden), (10, hidden)), 3),
                b2=np.round(rng.normal(0, 0.1, 10), 3),
                X=X[start:start + B].copy(), E=E[start:start + B].copy())


def _shown_cases():
    rng = np.random.default_rng(7)
    return [_case(rng, B, start) for B, start in ((6, 0), (4, 100), (1, 300))]


def _random_case(rng):
    B = int(rng.integers(2, 9))
    return _case(rng, B, int(rng.integers(0, 1797 - B)), hidden=int(rng.integers(4, 21)))


def _softmax(Z):
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _backward(W1, b1, W2, b2, X, E, *, mean=True, softmax=True, skip_relu=False,
              transpose_out=False):
    B = X.shape[0]
    Z1 = X @ W1.T + b1
    A1 = np.maximum(Z1, 0)
    Z2 = A1 @ W2.T + b2
    O = _softmax(Z2) if softmax else Z2
    D2 = (O - E) / (B if mean else 1)
    dA1 = D2 @ W2
    D1 = dA1 if skip_relu else dA1 * (Z1 > 0)
    dW2, dW1 = D2.T @ A1, D1.T @ X
    if transpose_out:
        dW2, dW1 = A1.T @ D2, X.T @ D1
    return dW1, D1.sum(axis=0), dW2, D2.sum(axis=0)


def gradients(W1, b1, W2, b2, X, E):
    """(dC/dW1, dC/db1, dC/dW2, dC/db2) of the mean cross-entropy over the batch."""
    return _backward(W1, b1, W2, b2, X, E)


# ---------------------------------------------------------------------------------------------
# digits.backward (function)
# ---------------------------------------------------------------------------------------------

backward_exercise = Exercise(
    id="digits.backward",
    title="Your own backward pass, on real digits",
    prompt=(
        "A network $64 \\to 16 \\to 10$: $Z^1 = X (W^1)^\\top + b^1$, $A^1 = \\mathrm{ReLU}(Z^1)$, "
        "$Z^2 = A^1 (W^2)^\\top + b^2$, $O = \\mathrm{softmax}(Z^2)$ row by row, and the cost "
        "$C = \\frac1B \\sum_r -\\sum_i E_{ri} \\log O_{ri}$, the mean cross-entropy over a batch "
        "of $B$ digits (rows of `X`, with one-hot labels `E`). Write "
        "`gradients(W1, b1, W2, b2, X, E)` that returns the tuple "
        "`(dW1, db1, dW2, db2)` of $\\partial C/\\partial W^1$, $\\partial C/\\partial b^1$, "
        "$\\partial C/\\partial W^2$, $\\partial C/\\partial b^2$. It is checked on real digits, "
        "with batches and hidden layers of several sizes."
    ),
    kind="function",
    quantity="the gradients",
    gradient=True,
    template=("def gradients(W1, b1, W2, b2, X, E):\n"
              "    ...                # return (dW1, db1, dW2, db2)"),
    reference=gradients,
    cases=_shown_cases(),
    random_case=_random_case,
    part_names=("dC/dW1", "dC/db1", "dC/dW2", "dC/db2"),
    batch_size=lambda case: case["X"].shape[0],
    numpy_budget=(("log", "log1p", "log2", "log10", "logaddexp"), lambda case: case["X"].shape[0] + 2),
    mistakes=[
        Mistake("summed", wrong=lambda **k: _backward(**k, mean=False),
                message="You summed the examples' gradients. C is the MEAN over the batch, so "
                        "δ² = (O − E)/B: divide by B = X.shape[0].",
                hint="C is a mean over the batch: where does its 1/B go?"),
        Mistake("no_softmax", wrong=lambda **k: _backward(**k, softmax=False),
                message="δ² = O − E needs O = softmax(Z²), the probabilities, not the logits Z² "
                        "themselves: apply the softmax to each row first."),
        Mistake("no_relu_prime", wrong=lambda **k: _backward(**k, skip_relu=True),
                message="The error crossing the hidden layer must be multiplied by ReLU′(Z¹) "
                        "(1 where Z¹ > 0, else 0): δ¹ = (δ² W²) ⊙ ReLU′(Z¹)."),
        Mistake("transposed", wrong=lambda **k: _backward(**k, transpose_out=True),
                message="Your weight gradients are transposed: with examples as rows, "
                        "∂C/∂Wᵏ = (Δᵏ)ᵀ Aᵏ⁻¹, shaped like Wᵏ (rows = receiving units)."),
    ],
    hints=[
        "Forward first, keeping $Z^1$, $A^1$ and $O$. The output error is "
        "$\\delta^2 = (O - E)/B$: the softmax's Jacobian has cancelled against the "
        "cross-entropy's derivative.",
        "Backward through the hidden layer: $\\delta^1 = (\\delta^2 W^2) \\odot "
        "\\mathrm{ReLU}'(Z^1)$. Each layer's weight gradient is its error (transposed) times "
        "the activations it receives; its bias gradient sums the error over the rows.",
        "`D1 = (D2 @ W2) * (Z1 > 0)`; `return D1.T @ X, D1.sum(axis=0), D2.T @ A1, "
        "D2.sum(axis=0)`.",
    ],
    solution=(
        "```python\ndef gradients(W1, b1, W2, b2, X, E):\n"
        "    B = X.shape[0]\n"
        "    Z1 = X @ W1.T + b1;  A1 = np.maximum(Z1, 0)\n"
        "    Z2 = A1 @ W2.T + b2\n"
        "    O = np.exp(Z2 - Z2.max(axis=1, keepdims=True)); O /= O.sum(axis=1, keepdims=True)\n"
        "    D2 = (O - E) / B                      # the base case: softmax + cross-entropy\n"
        "    D1 = (D2 @ W2) * (Z1 > 0)             # backpropagating through ReLU\n"
        "    return D1.T @ X, D1.sum(axis=0), D2.T @ A1, D2.sum(axis=0)\n```"
    ),
)


# ---------------------------------------------------------------------------------------------
# digits.train_epoch (function): one epoch of mini-batch SGD, batches in the given order
# ---------------------------------------------------------------------------------------------

def _epoch(W1, b1, W2, b2, X, E, lr, batch_size, *, sign=1.0, full_batch=False, mean=True,
           drop_last=False):
    W1, b1, W2, b2 = W1.copy(), b1.copy(), W2.copy(), b2.copy()
    starts = [0] if full_batch else range(0, len(X) - (batch_size - 1 if drop_last else 0), batch_size)
    for s in starts:
        sl = slice(None) if full_batch else slice(s, s + batch_size)
        g = _backward(W1, b1, W2, b2, X[sl], E[sl], mean=mean)
        W1 -= sign * lr * g[0]
        b1 -= sign * lr * g[1]
        W2 -= sign * lr * g[2]
        b2 -= sign * lr * g[3]
    return W1, b1, W2, b2


def train_epoch(W1, b1, W2, b2, X, E, lr, batch_size):
    """One epoch of mini-batch SGD over the rows of X in order; returns the new (W1, b1, W2, b2)."""
    return _epoch(W1, b1, W2, b2, X, E, lr, batch_size)


def _epoch_cases():
    return [dict(c, lr=lr, batch_size=bs) for c, (lr, bs) in zip(_shown_cases()[:2], ((0.5, 2), (0.3, 3)))]


def _random_epoch_case(rng):
    B = int(rng.integers(3, 10))
    case = _case(rng, B, int(rng.integers(0, 1797 - B)), hidden=int(rng.integers(4, 21)))
    return dict(case, lr=float(np.round(rng.uniform(0.1, 0.8), 2)), batch_size=int(rng.integers(1, B)))


train_epoch_exercise = Exercise(
    id="digits.train_epoch",
    title="Your own training loop",
    prompt=(
        "With the network of the previous exercise, write `train_epoch(W1, b1, W2, b2, X, E, lr, "
        "batch_size)`: one epoch of mini-batch SGD that takes the rows of `X` (and `E`) in order, "
        "`batch_size` at a time (the last batch may be smaller), and after each batch updates "
        "every parameter by $\\theta \\leftarrow \\theta - \\eta\\,\\partial C/\\partial\\theta$, "
        "with $C$ the batch's mean cross-entropy and $\\eta$ = `lr`. Return the new "
        "`(W1, b1, W2, b2)`, without changing the arrays passed in. You may use your "
        "`gradients` of the previous exercise, or `q.data['gradients']`, a correct one."
    ),
    kind="function",
    quantity="the trained parameters",
    template=("def train_epoch(W1, b1, W2, b2, X, E, lr, batch_size):\n"
              "    ...                # return (W1, b1, W2, b2) after one epoch"),
    reference=train_epoch,
    cases=_epoch_cases(),
    random_case=_random_epoch_case,
    data=dict(gradients=gradients),
    part_names=("W1", "b1", "W2", "b2"),
    numpy_budget=(("log", "log1p", "log2", "log10", "logaddexp"), lambda case: case["X"].shape[0] + 2),
    mistakes=[
        Mistake("uphill", wrong=lambda **k: _epoch(**k, sign=-1.0),
                message="You stepped uphill: θ + η ∂C/∂θ raises the cost. Gradient descent "
                        "subtracts: θ ← θ − η ∂C/∂θ.",
                hint="Which way does the gradient point: up the cost or down?"),
        Mistake("full_batch", wrong=lambda **k: _epoch(**k, full_batch=True),
                message="You made one step with the whole data set. Mini-batch SGD updates after "
                        "EACH batch of batch_size rows, so an epoch makes several steps, each "
                        "from the weights the previous step left."),
        Mistake("last_batch_dropped", wrong=lambda **k: _epoch(**k, drop_last=True),
                message="Your epoch leaves out the last mini-batch when it is smaller than "
                        "batch_size (e.g. `range(len(X) // batch_size)` or `range(0, len(X) - "
                        "batch_size + 1, batch_size)`). Every row belongs to one batch: "
                        "`range(0, len(X), batch_size)`, and `X[s:s + batch_size]` simply stops "
                        "at the end.",
                hint="With 4 rows and batch_size 3, how many batches does an epoch have?"),
        Mistake("summed", wrong=lambda **k: _epoch(**k, mean=False),
                message="Your steps use the SUM of the batch's gradients; C is the batch's mean "
                        "cost, so the gradient carries 1/B."),
    ],
    hints=[
        "An epoch is a loop over the batches; each batch makes one gradient-descent step from "
        "the weights the previous step left. Work on copies, so the arrays passed in stay as "
        "they were.",
        "Copy the four arrays first (`W1 = W1.copy()` ...), then loop "
        "`for s in range(0, len(X), batch_size)` over the batches `X[s:s + batch_size]`.",
        "Inside the loop: `g = gradients(W1, b1, W2, b2, X[s:s + batch_size], "
        "E[s:s + batch_size])`, then `W1 -= lr * g[0]`, `b1 -= lr * g[1]`, `W2 -= lr * g[2]`, "
        "`b2 -= lr * g[3]`.",
    ],
    solution=(
        "```python\ndef train_epoch(W1, b1, W2, b2, X, E, lr, batch_size):\n"
        "    W1, b1, W2, b2 = W1.copy(), b1.copy(), W2.copy(), b2.copy()\n"
        "    for s in range(0, len(X), batch_size):\n"
        "        g = gradients(W1, b1, W2, b2, X[s:s + batch_size], E[s:s + batch_size])\n"
        "        W1 -= lr * g[0]; b1 -= lr * g[1]; W2 -= lr * g[2]; b2 -= lr * g[3]\n"
        "    return W1, b1, W2, b2\n\n\n"
        "def gradients(W1, b1, W2, b2, X, E):   # the previous exercise's (or q.data['gradients'])\n"
        "    Z1 = X @ W1.T + b1;  A1 = np.maximum(Z1, 0)\n"
        "    Z2 = A1 @ W2.T + b2\n"
        "    O = np.exp(Z2 - Z2.max(axis=1, keepdims=True)); O /= O.sum(axis=1, keepdims=True)\n"
        "    D2 = (O - E) / X.shape[0]\n"
        "    D1 = (D2 @ W2) * (Z1 > 0)\n"
        "    return D1.T @ X, D1.sum(axis=0), D2.T @ A1, D2.sum(axis=0)\n```"
    ),
)


#: This chapter's exercises, in the order the chapter asks them.
EXERCISES = [backward_exercise, train_epoch_exercise]
