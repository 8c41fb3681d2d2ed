"""Exercises of the chapter "Forward propagation" (chapters/forward-propagation.ipynb).

Ids: forward_propagation.weighted_sum, .activation, .layer_forward, .batch_forward (the
two-layer exercise was in no chapter, and layer_forward applied twice is the same skill).
"""

import numpy as np

from .exercise import Exercise, Mistake


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


# ------------------------------------------------------------------ 1. one node's weighted sum

_W1 = np.array([0.5, -1.0, 2.0])
_A1 = np.array([0.8, 0.3, 0.4])
_B1 = -0.2

weighted_sum_exercise = Exercise(
    id="forward_propagation.weighted_sum",
    title="The linear part of one node",
    prompt=(
        "A node of layer $k$ receives the activated values $a^{k-1} = <<a_prev:latex>>$ of the "
        "previous layer through the weights $w = <<w:latex>>$ and has the bias "
        "$b = <<b>>$. Compute its linear part\n\n"
        "$$z = \\sum_j w_j a^{k-1}_j + b = w \\cdot a^{k-1} + b.$$\n\n"
        "The numbers are in `q.data` (`q.data[\"w\"]`, `q.data[\"a_prev\"]`, `q.data[\"b\"]`). "
        "The answer is one number."
    ),
    kind="value",
    digits=4,  # worked by hand or with a calculator
    quantity="z",
    data=dict(w=_W1, a_prev=_A1, b=_B1),
    template=('w_ex, a_prev_ex, b_ex = q.data["w"], q.data["a_prev"], q.data["b"]\n'
              'my_answer = ...        # one number: z'),
    reference=lambda: float(_W1 @ _A1 + _B1),
    mistakes=[
        Mistake("missing_bias", wrong=lambda: float(_W1 @ _A1),
                message="You left out the bias b. In the forward diagram the node adds its bias to "
                        "the weighted sum of its inputs: z = w · a^{k-1} + b."),
        Mistake("bias_subtracted", wrong=lambda: float(_W1 @ _A1 - _B1),
                message="You subtracted the bias. The node ADDS b to the weighted sum "
                        "(here b is negative, so adding it makes z smaller)."),
        Mistake("elementwise", wrong=lambda: _W1 * _A1,
                message="You multiplied the weights and inputs entry by entry but did not add the "
                        "products up. A node sums its weighted inputs into ONE number: use "
                        "`np.dot(w, a_prev)` or `w @ a_prev`, then add b."),
        Mistake("elementwise_plus_bias", wrong=lambda: _W1 * _A1 + _B1,
                message="You computed the products w_j a_j (and added b to each), but a node sums "
                        "its weighted inputs into ONE number: z = Σ_j w_j a_j + b."),
        Mistake("activated_sigmoid", wrong=lambda: float(_sigmoid(_W1 @ _A1 + _B1)),
                message="That is σ(z), the activated value (with the sigmoid). The question asks "
                        "for the linear part z, the value BEFORE the activation function."),
        Mistake("activated_tanh", wrong=lambda: float(np.tanh(_W1 @ _A1 + _B1)),
                message="That is tanh(z), the activated value. The question asks for the linear "
                        "part z, the value BEFORE the activation function."),
    ],
    hints=[
        "Multiply each input by the weight on its edge, add the products up, then add the bias.",
        "The weighted sum Σ_j w_j a_j is the dot product of the two vectors; then add b.",
        "In numpy: `w_ex @ a_prev_ex + b_ex` (or `np.dot(w_ex, a_prev_ex) + b_ex`).",
    ],
    solution=(
        "Each input is multiplied by the weight of its edge, the products are added, then the bias is added: $z = \\sum_j w_j a^{k-1}_j + b$ = <<answer>>.\n\n"
       
        "```python\nw_ex, a_prev_ex, b_ex = q.data[\"w\"], q.data[\"a_prev\"], q.data[\"b\"]\n"
        "my_answer = w_ex @ a_prev_ex + b_ex\n```"
    ),
)


# ------------------------------------------------------------------ 2. the activated value

_Z2 = np.array([-2.0, 0.0, 1.5])

activation_exercise = Exercise(
    id="forward_propagation.activation",
    title="The activated value",
    prompt=(
        "A layer has the linear parts $z = <<z:latex>>$ (in `q.data[\"z\"]`) and uses the "
        "sigmoid activation $\\sigma(z) = \\dfrac{1}{1 + e^{-z}}$. Compute the activated values "
        "$a = \\sigma(z)$, applied entry by entry. The answer is an array of 3 numbers."
    ),
    kind="value",
    digits=4,  # worked by hand or with a calculator
    quantity="a = σ(z)",
    data=dict(z=_Z2),
    template=('z_ex = q.data["z"]\n'
              'my_answer = ...        # an array of 3 numbers: sigma(z)'),
    reference=lambda: _sigmoid(_Z2),
    mistakes=[
        Mistake("no_activation", wrong=lambda: _Z2.copy(),
                message="That is z itself: the activation function was not applied. In the forward "
                        "diagram each node passes its linear part through σ: a = σ(z)."),
        Mistake("tanh_instead", wrong=lambda: np.tanh(_Z2),
                message="That is tanh(z). This layer uses the sigmoid σ(z) = 1 / (1 + e^{-z})."),
        Mistake("exp_sign", wrong=lambda: 1.0 / (1.0 + np.exp(_Z2)),
                message="Check the sign in the exponent: the sigmoid is 1 / (1 + e^{-z}). With "
                        "e^{+z} you computed σ(−z) = 1 − σ(z)."),
        Mistake("no_reciprocal", wrong=lambda: 1.0 + np.exp(-_Z2),
                message="You computed the denominator 1 + e^{-z} but not its reciprocal: "
                        "σ(z) = 1 / (1 + e^{-z}). Every σ(z) lies between 0 and 1."),
        Mistake("derivative", wrong=lambda: _sigmoid(_Z2) * (1 - _sigmoid(_Z2)),
                message="That is σ'(z) = σ(z)(1 − σ(z)), the derivative, which the BACKWARD pass "
                        "needs. The forward pass needs σ(z) itself."),
    ],
    hints=[
        "Apply the formula to each entry; numpy does that for you: `np.exp(-z_ex)` works on the whole array.",
        "σ(z) = 1 / (1 + e^{-z}): first e^{-z} for each entry, then 1 plus it, then one over that.",
        "`1 / (1 + np.exp(-z_ex))`",
    ],
    solution=(
        "The sigmoid is applied to each entry separately: $\\sigma(z) = 1/(1 + e^{-z})$ of <<z>> is <<answer>> (σ(0) = ½ exactly).\n\n"
       
        "```python\nz_ex = q.data[\"z\"]\nmy_answer = 1 / (1 + np.exp(-z_ex))\n```\n\n"
        "With the library: `activations.get(\"sigmoid\")(z_ex)`."
    ),
)


# ------------------------------------------------------------------ 3. one layer, as a function

def layer_forward(W, a_prev, b):
    """a^k = tanh(W^k a^{k-1} + b^k)."""
    return np.tanh(W @ a_prev + b)


def _layer_case(rng, n, n_prev):
    return dict(W=np.round(rng.normal(size=(n, n_prev)), 2), a_prev=np.round(rng.normal(size=n_prev), 2),
                b=np.round(rng.normal(size=n), 2))


_rng = np.random.default_rng(20240501)
_LAYER_CASES = [
    # square W first, so that W.T @ a_prev still runs and can be diagnosed
    dict(W=np.array([[0.5, -1.0, 0.25], [2.0, 0.1, -0.5], [-0.3, 0.8, 1.2]]),
         a_prev=np.array([0.6, -0.4, 0.9]), b=np.array([0.1, -0.2, 0.3])),
    dict(W=np.round(_rng.normal(size=(2, 3)), 2), a_prev=np.round(_rng.normal(size=3), 2),
         b=np.round(_rng.normal(size=2), 2)),
    dict(W=np.round(_rng.normal(size=(4, 2)), 2), a_prev=np.round(_rng.normal(size=2), 2),
         b=np.round(_rng.normal(size=4), 2)),
]

layer_forward_exercise = Exercise(
    id="forward_propagation.layer_forward",
    title="A whole layer forward",
    prompt=(
        "Write a function `layer_forward(W, a_prev, b)` that returns the activated values of "
        "layer $k$,\n\n$$a^k = \\tanh\\left(W^k a^{k-1} + b^k\\right),$$\n\n"
        "for one example: `W` has shape $(n_k, n_{k-1})$ (row $i$ holds the weights INTO unit $i$), "
        "`a_prev` has shape $(n_{k-1},)$ and `b` has shape $(n_k,)$. The result has shape $(n_k,)$. "
        "Your function is run on several layers of different sizes."
    ),
    kind="function",
    quantity="aᵏ",
    random_case=lambda rng: _layer_case(rng, int(rng.integers(1, 7)), int(rng.integers(1, 7))),
    reference=layer_forward,
    cases=_LAYER_CASES,
    template=('def layer_forward(W, a_prev, b):\n'
              '    ...                # return a^k, shape (n_k,)'),
    mistakes=[
        Mistake("transposed", wrong=lambda W, a_prev, b: np.tanh(W.T @ a_prev + b),
                message="You used the transpose of W. W^k_{ij} is the weight from unit j of layer "
                        "k−1 to unit i of layer k, so unit i sums row i: z^k = W^k a^{k-1} + b^k "
                        "(`W @ a_prev`, not `W.T @ a_prev`)."),
        Mistake("missing_bias", wrong=lambda W, a_prev, b: np.tanh(W @ a_prev),
                message="You left out the bias: z^k = W^k a^{k-1} + b^k, and σ is applied after "
                        "adding b^k."),
        Mistake("no_activation", wrong=lambda W, a_prev, b: W @ a_prev + b,
                message="That is the linear part z^k = W^k a^{k-1} + b^k; the layer still has to "
                        "pass it through its activation: a^k = tanh(z^k)."),
        Mistake("activation_twice", wrong=lambda W, a_prev, b: np.tanh(np.tanh(W @ a_prev + b)),
                message="You applied tanh twice. Each layer applies its activation exactly once: "
                        "a^k = tanh(z^k)."),
        Mistake("activation_before_bias", wrong=lambda W, a_prev, b: np.tanh(W @ a_prev) + b,
                message="You added the bias after the activation. The bias belongs to the linear "
                        "part: a^k = tanh(W^k a^{k-1} + b^k)."),
        Mistake("activated_inputs", wrong=lambda W, a_prev, b: W @ np.tanh(a_prev) + b,
                message="You applied tanh to the inputs a^{k-1}; they are already activated values "
                        "of the previous layer. Apply tanh to this layer's z^k = W^k a^{k-1} + b^k."),
        Mistake("sigmoid_instead", wrong=lambda W, a_prev, b: _sigmoid(W @ a_prev + b),
                message="You used the sigmoid; this layer's activation is tanh (`np.tanh`)."),
        Mistake("elementwise", wrong=lambda W, a_prev, b: np.tanh(W * a_prev + b),
                message="`W * a_prev` multiplies entry by entry (numpy broadcasting), which gives a "
                        "matrix. Unit i needs the SUM Σ_j W_ij a_j: that is the matrix-vector "
                        "product `W @ a_prev`."),
    ],
    hints=[
        "Two steps, as in the forward diagram: first the linear part z = W a_prev + b, then the activation.",
        "The linear part of all units at once is the matrix-vector product of W with a_prev, plus b.",
        "`z = W @ a_prev + b`, then `return np.tanh(z)`.",
    ],
    solution=(
        "Unit $i$ of layer $k$ sums row $i$ of $W^k$ times the previous activations, adds its "
        "bias, and applies the activation:\n\n"
        "$$z^k_i = \\sum_j W^k_{ij} a^{k-1}_j + b^k_i, \\qquad a^k_i = \\tanh(z^k_i)$$\n\n"
        "```python\ndef layer_forward(W, a_prev, b):\n    z = W @ a_prev + b      # linear part, shape (n_k,)\n"
        "    return np.tanh(z)       # activated values a^k\n```"
    ),
)


# ------------------------------------------------------------------ 4. a batch of examples

def batch_forward(W, A_prev, b):
    """a^k for a batch: rows are examples, so Z = A_prev W^T + b."""
    return np.tanh(A_prev @ W.T + b)


def _batch_case(rng):
    n, n_prev, B = (int(v) for v in rng.integers(1, 7, size=3))
    return dict(W=np.round(rng.normal(size=(n, n_prev)), 2),
                A_prev=np.round(rng.normal(size=(B + 1, n_prev)), 2), b=np.round(rng.normal(size=n), 2))


_rng = np.random.default_rng(11)
_BATCH_CASES = [
    dict(W=np.array([[0.5, -1.0, 0.25], [2.0, 0.1, -0.5], [-0.3, 0.8, 1.2]]),
         A_prev=np.round(_rng.normal(size=(4, 3)), 2), b=np.array([0.1, -0.2, 0.3])),
    dict(W=np.round(_rng.normal(size=(2, 3)), 2), A_prev=np.round(_rng.normal(size=(5, 3)), 2),
         b=np.round(_rng.normal(size=2), 2)),
    dict(W=np.round(_rng.normal(size=(3, 2)), 2), A_prev=np.round(_rng.normal(size=(1, 2)), 2),
         b=np.round(_rng.normal(size=3), 2)),
]

batch_forward_exercise = Exercise(
    id="forward_propagation.batch_forward",
    title="A layer forward for a whole batch",
    prompt=(
        "The library stores a batch of $B$ examples as ROWS: `A_prev` has shape $(B, n_{k-1})$, "
        "row $r$ being $a^{k-1}$ of example $r$. Write `batch_forward(W, A_prev, b)` that returns "
        "the activated values of layer $k$ for every example at once, shape $(B, n_k)$, with "
        "the tanh activation: row $r$ of the result is $\\tanh(W^k a^{k-1} + b^k)$ for example $r$. "
        "Use no Python loop."
    ),
    kind="function",
    quantity="Aᵏ",
    random_case=_batch_case,
    no_loop=True,
    reference=batch_forward,
    cases=_BATCH_CASES,
    template=('def batch_forward(W, A_prev, b):\n'
              '    ...                # return A^k, shape (B, n_k)'),
    mistakes=[
        Mistake("columns_layout",
                wrong=lambda W, A_prev, b: np.tanh(W @ A_prev.T + b[:, None]),
                message="Your result has one COLUMN per example. The library keeps examples as "
                        "rows, shape (B, n_k): transpose the formula, Z = A_prev W^T + b "
                        "(`A_prev @ W.T + b`)."),
        Mistake("W_not_transposed",
                wrong=lambda W, A_prev, b: np.tanh(A_prev @ W + b),
                message="With examples as rows the product is A_prev W^T, not A_prev W: row r of "
                        "A_prev W^T is (W a_r)^T, the single-example rule for each example."),
        Mistake("missing_bias", wrong=lambda W, A_prev, b: np.tanh(A_prev @ W.T),
                message="You left out the bias. `+ b` adds b^k to every row (numpy broadcasting)."),
        Mistake("no_activation", wrong=lambda W, A_prev, b: A_prev @ W.T + b,
                message="That is the linear part Z; apply the activation: tanh(Z)."),
        Mistake("mean_over_batch",
                wrong=lambda W, A_prev, b: np.tanh(A_prev @ W.T + b).mean(axis=0),
                message="You averaged over the batch. The forward pass keeps one row per example; "
                        "only the cost is averaged over the batch."),
    ],
    hints=[
        "Row r of the result should be tanh(W a_r + b). Writing vectors as rows turns W a_r into a_r W^T.",
        "Stacking the rows a_r W^T for all r gives one matrix product of A_prev with W^T; then add b to every row.",
        "`np.tanh(A_prev @ W.T + b)`",
    ],
    solution=(
        "For one example (a column vector) $z = W a + b$. Writing each example as a row and "
        "transposing gives $z^T = a^T W^T + b^T$; stacking the rows of the batch:\n\n"
        "$$Z = A_{\\text{prev}} (W^k)^T + b^k, \\qquad A^k = \\tanh(Z)$$\n\n"
        "```python\ndef batch_forward(W, A_prev, b):\n"
        "    return np.tanh(A_prev @ W.T + b)   # (B, n_k); b is added to every row\n```"
    ),
)


#: This chapter's exercises, in the order the chapter asks them.
EXERCISES = [
    weighted_sum_exercise,
    activation_exercise,
    layer_forward_exercise,
    batch_forward_exercise,
]
