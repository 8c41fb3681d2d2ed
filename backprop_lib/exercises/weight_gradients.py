"""Exercises of the chapter "Computing the gradient" (``ch-gradients``).

dC/dW^k_ij = delta^k_i a^{k-1}_j, i.e. dC/dW^k = delta^k (a^{k-1})^T (shape (n_k, n_{k-1}), the
shape of W^k); dC/db^k = delta^k; for a batch the mean over the examples; one step of gradient
descent W^k <- W^k - lr dC/dW^k.
"""

import numpy as np

from .exercise import Exercise, Mistake

# ---------------------------------------------------------------------------------------------
# weight_gradients.single_weight (value): the running example of the chapters
# ---------------------------------------------------------------------------------------------

A0 = np.array([0.5, -1.0])                      # x = a^0
A1 = np.array([0.7163, 0.0500, -0.5717])        # a^1
A2 = np.array([-0.1186, -0.6227])               # a^2 = O
DELTA1 = np.array([-0.2458, 0.4417, -0.7176])   # delta^1
DELTA2 = np.array([-1.2198, -0.1503])           # delta^2

single_weight_exercise = Exercise(
    id="weight_gradients.single_weight",
    title="One weight's gradient",
    prompt=(
        "In the running example (layer sizes 2, 3, 2) the forward and backward passes gave "
        "$a^0 = <<a0:latex>>$, $a^1 = <<a1:latex>>$, $a^2 = O = <<a2:latex>>$, "
        "$\\delta^1 = <<delta1:latex>>$ and $\\delta^2 = <<delta2:latex>>$ (in "
        "`q.data`: `a0`, `a1`, `a2`, `delta1`, `delta2`). Compute "
        "$\\partial C / \\partial W^2_{12}$, the gradient of the weight from unit 2 of layer 1 "
        "to unit 1 of layer 2 (units counted from 1, as in the maths)."
    ),
    kind="value",
    digits=3,  # its tolerance (rtol 0.002) accepts 3 significant digits
    gradient=True,
    quantity="∂C/∂W²₁₂",
    template=('d = q.data            # a0, a1, a2, delta1, delta2\n'
              'my_answer = ...        # a number: dC/dW^2_12'),
    reference=lambda: float(DELTA2[0] * A1[1]),
    data=dict(a0=A0, a1=A1, a2=A2, delta1=DELTA1, delta2=DELTA2),
    rtol=2e-3,
    mistakes=[
        Mistake("whole_matrix", wrong=lambda: np.outer(DELTA2, A1),
                message="That is the whole matrix ∂C/∂W² = δ² (a¹)ᵀ. The question asks for ONE "
                        "entry of it: the weight from unit 2 of layer 1 to unit 1 of layer 2.",
                hint="Which row (receiving unit) and which column (sending unit) is W²₁₂?"),
        Mistake("indices_swapped", wrong=lambda: float(DELTA2[1] * A1[0]),
                message="You swapped the indices. W^k_ij is the weight from unit j of layer k−1 "
                        "to unit i of layer k (the first index is the receiving unit), so its "
                        "gradient is δ^k_i a^{k−1}_j: here δ^2_1 times a^1_2."),
        Mistake("source_index", wrong=lambda: float(DELTA2[0] * A1[0]),
                message="You used the same index on both factors, as the source text's "
                        "A_i ∂O_i/∂c does. The activation's index must be j, the unit the weight "
                        "comes FROM: ∂C/∂W^k_ij = δ^k_i a^{k−1}_j."),
        Mistake("wrong_layer_activation", wrong=lambda: float(DELTA2[0] * A2[1]),
                message="You used a^k (the layer the weight leads into) instead of a^{k−1}. "
                        "W^2_ij multiplies a^1_j in z^2_i = Σ_j W^2_ij a^1_j + b^2_i, so "
                        "∂z^2_i/∂W^2_ij = a^1_j: the activation of the PREVIOUS layer."),
        Mistake("wrong_layer_delta", wrong=lambda: float(DELTA1[0] * A0[1]),
                message="You used layer 1's numbers. The weight W^2 belongs to layer 2: its "
                        "gradient combines δ^2 (the error of the node it feeds) with a^1 (the "
                        "activation it carries)."),
        Mistake("flipped_sign", wrong=lambda: -float(DELTA2[0] * A1[1]),
                message="The sign is flipped. ∂C/∂W^k_ij = δ^k_i a^{k−1}_j has no minus sign; "
                        "the minus belongs to the update W ← W − η ∂C/∂W, not to the gradient."),
        Mistake("zero_based", wrong=lambda: float(DELTA2[1] * A1[2]),
                message=("Off by one: the maths counts units from 1, numpy from 0. Translate both indices of "
                        "W²₁₂ to numpy's before you pick the entries of delta2 and a1.")),
    ],
    hints=[
        "The weight $W^2_{12}$ feeds the linear part $z^2_1$ and carries the activation "
        "$a^1_2$.",
        "The gradient of the weight from unit j to unit i is δ_i of the receiving unit times a_j of the sending unit.",
        "$\\partial C/\\partial W^2_{12} = \\delta^2_1 \\, a^1_2$; in numpy (counting from 0): "
        "`d[\"delta2\"][0] * d[\"a1\"][1]`.",
    ],
    solution=(
        "$W^2_{12}$ feeds unit 1 of layer 2 and carries the activation of unit 2 of layer 1, so $\\partial C / \\partial W^2_{12} = \\delta^2_1 \\, a^1_2$ ≈ <<answer>> (numpy counts from 0: `d[\"delta2\"][0] * d[\"a1\"][1]`).\n\n"
       
        "\n\n```python\nd = q.data\nmy_answer = d['delta2'][0] * d['a1'][1]\n```"
    ),
)


# ---------------------------------------------------------------------------------------------
# weight_gradients.layer_gradient (function)
# ---------------------------------------------------------------------------------------------

def weight_gradient(delta, a_prev):
    """dC/dW^k = delta^k (a^{k-1})^T, shape (n_k, n_{k-1})."""
    return np.outer(delta, a_prev)


_rng = np.random.default_rng(5)


def _r(*shape):
    return np.round(_rng.uniform(-1, 1, shape), 2)


_LAYER_CASES = [
    dict(delta=_r(3), a_prev=_r(3)),           # square first: the transposed outer still "fits"
    dict(delta=_r(2), a_prev=_r(4)),
    dict(delta=np.array([0.5]), a_prev=_r(3)),
    dict(delta=_r(4), a_prev=np.array([1.0])),
]

layer_gradient_exercise = Exercise(
    id="weight_gradients.layer_gradient",
    title="The weight gradient of a layer",
    prompt=(
        "Write `weight_gradient(delta, a_prev)` that returns the matrix "
        "$\\partial C/\\partial W^k$ with entries $\\delta^k_i a^{k-1}_j$, given "
        "$\\delta^k$ (`delta`, $n_k$ entries) and $a^{k-1}$ (`a_prev`, $n_{k-1}$ entries). It "
        "must have the shape of $W^k$, $(n_k, n_{k-1})$."
    ),
    kind="function",
    quantity="∂C/∂Wᵏ",
    random_case=lambda rng: dict(delta=np.round(rng.uniform(-1, 1, int(rng.integers(1, 7))), 2),
                                 a_prev=np.round(rng.uniform(-1, 1, int(rng.integers(1, 7))), 2)),
    gradient=True,
    template=('def weight_gradient(delta, a_prev):\n'
              '    ...                # return dC/dW^k, shaped like W^k'),
    reference=weight_gradient,
    cases=_LAYER_CASES,
    mistakes=[
        Mistake("transposed", wrong=lambda delta, a_prev: np.outer(a_prev, delta),
                message="This is the transpose: entry (j, i) holds a^{k−1}_j δ^k_i. W^k has "
                        "shape (n_k, n_{k−1}), row i for the receiving unit, so the gradient is "
                        "δ (a^{k−1})^T, np.outer(delta, a_prev), not a δ^T."),
        Mistake("elementwise", wrong=lambda delta, a_prev: delta * a_prev,
                message="You multiplied entry by entry. Every pair (i, j) is an edge with its own "
                        "weight, so the gradient is a matrix: the OUTER product δ^k (a^{k−1})^T."),
        Mistake("dot", wrong=lambda delta, a_prev: float(np.dot(delta, a_prev)),
                message="You took a dot product, which adds all the products up into one number. "
                        "Each weight W^k_ij gets its own gradient δ^k_i a^{k−1}_j: an outer "
                        "product, a matrix."),
        Mistake("flipped_sign", wrong=lambda delta, a_prev: -np.outer(delta, a_prev),
                message="The sign is flipped: the gradient is +δ^k_i a^{k−1}_j; the minus sign "
                        "belongs to the gradient-descent update, not to the gradient."),
    ],
    hints=[
        "Entry $(i, j)$ is `delta[i] * a_prev[j]`: every $\\delta$ times every activation.",
        "All the products δ_i a_j at once form the outer product of the two vectors.",
        "`np.outer(delta, a_prev)` has shape `(len(delta), len(a_prev))`.",
    ],
    solution=(
        "```python\ndef weight_gradient(delta, a_prev):\n"
        "    return np.outer(delta, a_prev)     # (n_k, n_{k-1}), like W^k\n```\n\n"
        "Equivalently `delta[:, None] * a_prev[None, :]`."
    ),
)


# ---------------------------------------------------------------------------------------------
# weight_gradients.batch_gradient (function)
# ---------------------------------------------------------------------------------------------

def batch_weight_gradient(deltas, A_prev):
    """The mean over the batch of delta_b (a^{k-1}_b)^T: deltas (B, n_k), A_prev (B, n_{k-1})."""
    return deltas.T @ A_prev / deltas.shape[0]


_BATCH_CASES = [
    dict(deltas=_r(4, 3), A_prev=_r(4, 3)),    # square layers first (transposes still fit)
    dict(deltas=_r(5, 2), A_prev=_r(5, 3)),
    dict(deltas=_r(3, 1), A_prev=_r(3, 4)),
    dict(deltas=_r(2, 3), A_prev=_r(2, 2)),
]

batch_gradient_exercise = Exercise(
    id="weight_gradients.batch_gradient",
    title="The weight gradient of a layer for a batch",
    prompt=(
        "Write `batch_weight_gradient(deltas, A_prev)` for a batch of $B$ examples stored as "
        "rows: `deltas` $(B, n_k)$ holds each example's $\\delta^k_b$ (the error of that "
        "example's own cost) and `A_prev` $(B, n_{k-1})$ its $a^{k-1}_b$. Return the gradient of "
        "the batch cost (the MEAN of the examples' costs) with respect to $W^k$, shape "
        "$(n_k, n_{k-1})$."
    ),
    kind="function",
    quantity="∂C/∂Wᵏ",
    random_case=lambda rng: dict(deltas=np.round(rng.uniform(-1, 1, (B := int(rng.integers(2, 8)), int(rng.integers(1, 6)))), 2),
                                 A_prev=np.round(rng.uniform(-1, 1, (B, int(rng.integers(1, 6)))), 2)),
    gradient=True,
    template=('def batch_weight_gradient(deltas, A_prev):\n'
              '    ...                # return the gradient of the mean cost'),
    reference=batch_weight_gradient,
    cases=_BATCH_CASES,
    batch_size=lambda case: case["deltas"].shape[0],
    mistakes=[
        Mistake("sum_over_batch", wrong=lambda deltas, A_prev: deltas.T @ A_prev,
                message="You summed the examples' gradients. The batch cost is the MEAN of the "
                        "examples' costs, so its gradient is the mean of theirs: divide by B."),
        Mistake("transposed", wrong=lambda deltas, A_prev: A_prev.T @ deltas / deltas.shape[0],
                message="This is the transpose: (a^{k−1})^T δ has shape (n_{k−1}, n_k). W^k is "
                        "(n_k, n_{k−1}), so with examples as rows the product is "
                        "deltas.T @ A_prev (and then the mean)."),
        Mistake("transposed_sum", wrong=lambda deltas, A_prev: A_prev.T @ deltas,
                message="Two slips: the product is transposed (it should be deltas.T @ A_prev, "
                        "shape (n_k, n_{k−1}) like W^k) and the examples are summed instead of "
                        "averaged (divide by B)."),
        Mistake("mean_first", wrong=lambda deltas, A_prev:
                np.outer(deltas.mean(axis=0), A_prev.mean(axis=0)),
                message="You averaged δ and a^{k−1} over the batch first and multiplied the "
                        "means. The mean of products is not the product of means: form "
                        "δ_b (a^{k−1}_b)^T for each example b, then average those matrices."),
        Mistake("first_example", wrong=lambda deltas, A_prev: np.outer(deltas[0], A_prev[0]),
                message="That is the gradient of the first example alone. The batch gradient "
                        "averages the outer products δ_b (a^{k−1}_b)^T over all B examples."),
        Mistake("flipped_sign", wrong=lambda deltas, A_prev: -deltas.T @ A_prev / deltas.shape[0],
                message="The sign is flipped: the gradient has no minus sign; the minus belongs "
                        "to the update W ← W − η ∂C/∂W."),
    ],
    hints=[
        "For one example the gradient is `np.outer(delta_b, a_b)`; the batch gradient is the "
        "mean of these $B$ matrices.",
        "Summing the outer products over the examples is one matrix product of the transposed errors with the activations.",
        "With examples as rows, $\\sum_r \\delta_r a_r^\\top$ is `deltas.T @ A_prev`; divide by "
        "$B$ = `deltas.shape[0]`.",
    ],
    solution=(
        "```python\ndef batch_weight_gradient(deltas, A_prev):\n"
        "    B = deltas.shape[0]\n"
        "    return deltas.T @ A_prev / B     # mean over b of outer(deltas[b], A_prev[b])\n```"
    ),
)


# ---------------------------------------------------------------------------------------------
# weight_gradients.sgd_step (value)
# ---------------------------------------------------------------------------------------------

W_OLD = np.array([[0.5, -0.4, 0.8],
                  [-0.7, 0.3, 0.6]])
GRAD = np.array([[-0.8737, -0.0609, 0.6973],
                 [-0.1076, -0.0075, 0.0859]])
LR = 0.1

sgd_step_exercise = Exercise(
    id="weight_gradients.sgd_step",
    title="One step of gradient descent",
    prompt=(
        "The running example's $W^2$ (`q.data['W']`) has the gradient $\\partial C/\\partial W^2$ "
        "in `q.data['grad']`. Compute the new weights after one step of gradient descent with "
        "learning rate $\\eta = <<lr>>$ (`q.data['lr']`): a $2 \\times 3$ array."
    ),
    kind="value",
    digits=4,  # worked by hand or with a calculator
    quantity="the updated weights",
    template=('d = q.data            # W, grad, lr\n'
              'my_answer = ...        # the new W^2, shape (2, 3)'),
    reference=lambda: W_OLD - LR * GRAD,
    data=dict(W=W_OLD, grad=GRAD, lr=LR),
    mistakes=[
        Mistake("flipped_sign", wrong=lambda: W_OLD + LR * GRAD,
                message="You stepped uphill: W + η ∂C/∂W increases the cost. The gradient points "
                        "in the direction of steepest increase, so descent goes against it: "
                        "W ← W − η ∂C/∂W."),
        Mistake("no_learning_rate", wrong=lambda: W_OLD - GRAD,
                message="You subtracted the whole gradient. The step is scaled by the learning "
                        "rate: W ← W − η ∂C/∂W with η = 0.1."),
        Mistake("only_step", wrong=lambda: -LR * GRAD,
                message="That is only the change −η ∂C/∂W. The new weights are the old ones plus "
                        "that change."),
        Mistake("transposed", wrong=lambda: (W_OLD.T - LR * GRAD.T),
                message="Your result is transposed: the new W^2 must keep the shape of W^2, "
                        "(n_2, n_1) = (2, 3)."),
    ],
    hints=[
        "The gradient says which way the cost goes UP; move the weights the other way.",
        "One step: new weights = old weights − learning rate × gradient.",
        "`d[\"W\"] - d[\"lr\"] * d[\"grad\"]`.",
    ],
    solution=(
        "$W^2 \\leftarrow W^2 - \\eta\\, \\partial C/\\partial W^2$:\n\n"
        "```python\nd = q.data\nmy_answer = d['W'] - d['lr'] * d['grad']\n```"
    ),
)


# ---------------------------------------------------------------------------------------------
# weight_gradients.all_layers (function)
# ---------------------------------------------------------------------------------------------

def all_weight_gradients(a, delta):
    """(dC/dW^1, ..., dC/dW^L) from the stored activations and the backpropagated errors."""
    L = len(a) - 1
    return tuple(np.outer(delta[k], a[k - 1]) for k in range(1, L + 1))


def _trace_case(sizes, seed):
    rng = np.random.default_rng(seed)
    a = [np.round(rng.uniform(-1, 1, n), 2) for n in sizes]
    delta = [None] + [np.round(rng.uniform(-1, 1, n), 2) for n in sizes[1:]]
    return dict(a=a, delta=delta)


_ALL_CASES = [
    _trace_case([3, 3, 3], 21),      # equal widths first: a^k in place of a^{k-1} still runs
    _trace_case([2, 4, 1], 22),
    _trace_case([4, 2, 3], 23),
    _trace_case([3, 2], 24),             # depth 1 and depth 4: a body written for the depth
    _trace_case([2, 3, 1, 4, 2], 25),    # shown first fails on the shown cases too
]

all_layers_exercise = Exercise(
    id="weight_gradients.all_layers",
    title="Every layer's weight gradient",
    prompt=(
        "Write `all_weight_gradients(a, delta)` that returns "
        "`[dC/dW^1, ..., dC/dW^L]` (layer 1 first). `a` is the list of activations "
        "`[a^0, a^1, ..., a^L]` (like `trace.a`) and `delta` the list of errors "
        "`[None, delta^1, ..., delta^L]` (like `grads.delta`), for one example. "
        "Your function is run on networks of several depths."
    ),
    kind="function",
    quantity="the weight gradients",
    random_case=lambda rng: _trace_case([int(n) for n in rng.integers(1, 6, size=int(rng.integers(2, 7)))],
                                       int(rng.integers(1 << 30))),
    gradient=True,
    template=('def all_weight_gradients(a, delta):\n'
              '    ...                # return [dC/dW^1, ..., dC/dW^L]'),
    reference=all_weight_gradients,
    cases=_ALL_CASES,
    mistakes=[
        Mistake("reversed_order",
                wrong=lambda a, delta: tuple(np.outer(delta[k], a[k - 1]) for k in range(len(a) - 1, 0, -1)),
                message="The gradients are right but in the backward order (layer L first). "
                        "Return them in the layers' order, dC/dW¹ first, like the list `W`."),
        Mistake("wrong_layer_activation",
                wrong=lambda a, delta: tuple(np.outer(delta[k], a[k]) for k in range(1, len(a))),
                message="You paired δ^k with a^k, the activation of the same layer. W^k carries "
                        "the PREVIOUS layer's activation into layer k (z^k = W^k a^{k−1} + b^k), "
                        "so ∂C/∂W^k = δ^k (a^{k−1})^T: use a[k - 1]."),
        Mistake("transposed",
                wrong=lambda a, delta: tuple(np.outer(a[k - 1], delta[k]) for k in range(1, len(a))),
                message="The gradients are transposed: a^{k−1} δ^T has shape (n_{k−1}, n_k), "
                        "but W^k is (n_k, n_{k−1}). Use np.outer(delta[k], a[k - 1])."),
        Mistake("wrong_layer_delta",
                wrong=lambda a, delta: tuple(np.outer(delta[k + 1] if k < len(a) - 1 else delta[k],
                                                      a[k]) for k in range(1, len(a))),
                message="The layers are shifted: the gradient of W^k needs δ^k (the error of "
                        "the layer W^k feeds) and a^{k−1} (the layer it comes from)."),
        Mistake("flipped_sign",
                wrong=lambda a, delta: tuple(-np.outer(delta[k], a[k - 1]) for k in range(1, len(a))),
                message="The sign is flipped: ∂C/∂W^k = +δ^k (a^{k−1})^T; the minus belongs to "
                        "the gradient-descent update."),
    ],
    hints=[
        "Loop over $k = 1, \\dots, L$ (`range(1, len(a))`).",
        "Layer k's gradient pairs δ^k with a^{k−1}: one outer product per layer, collected in a list.",
        "Layer $k$'s gradient is `np.outer(delta[k], a[k - 1])`: the error of layer $k$ with "
        "the activation of layer $k-1$.",
    ],
    solution=(
        "```python\ndef all_weight_gradients(a, delta):\n"
        "    L = len(a) - 1\n"
        "    return [np.outer(delta[k], a[k - 1]) for k in range(1, L + 1)]\n```"
    ),
)


#: This chapter's exercises, in the order the chapter asks them.
EXERCISES = [
    single_weight_exercise,
    layer_gradient_exercise,
    batch_gradient_exercise,
    sgd_step_exercise,
    all_layers_exercise,
]
