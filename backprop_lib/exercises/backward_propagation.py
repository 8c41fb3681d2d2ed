"""Exercises of the chapter "Backward propagation" (chapters/backward-propagation.ipynb).

Ids: backward_node.error_of_activated, backward_node.sigma_prime, backward_node.delta_one_node,
backward_node.backward_step.
"""

import numpy as np

from .exercise import Exercise, Mistake


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _dsigmoid(z):
    s = _sigmoid(z)
    return s * (1.0 - s)


# ------------------------------------------------------------------ 1. dC/da^k from the next layer

# Layer k has 3 units, layer k+1 has 2: W^{k+1} has shape (2, 3).
_W_NEXT = np.array([[0.5, -1.0, 2.0],
                    [1.5, 0.25, -0.5]])
_D_NEXT = np.array([0.2, -0.4])

error_of_activated_exercise = Exercise(
    id="backward_propagation.error_of_activated",
    title="The error of the activated nodes",
    prompt=(
        "Layer $k$ has 3 units and layer $k+1$ has 2. The errors of the next layer's linear parts "
        "are $\\delta^{k+1} = <<delta_next:latex>>$ and the weights between the layers are\n\n"
        "$$W^{k+1} = <<W_next:latex>>$$\n\n"
        "($W^{k+1}_{ij}$ is the weight from unit $j$ of layer $k$ to unit $i$ of layer $k+1$). "
        "Compute the errors of the activated nodes of layer $k$,\n\n"
        "$$\\frac{\\partial C}{\\partial a^k_j} = \\sum_i W^{k+1}_{ij}\\, \\delta^{k+1}_i .$$\n\n"
        "The numbers are in `q.data` (`q.data[\"W_next\"]`, `q.data[\"delta_next\"]`). The answer "
        "is an array of 3 numbers, one per unit of layer $k$."
    ),
    kind="value",
    digits=4,  # worked by hand or with a calculator
    gradient=True,
    quantity="∂C/∂aᵏ",
    data=dict(W_next=_W_NEXT, delta_next=_D_NEXT),
    template=('W_next, delta_next = q.data["W_next"], q.data["delta_next"]\n'
              'my_answer = ...        # an array of 3 numbers: dC/da^k'),
    reference=lambda: _W_NEXT.T @ _D_NEXT,
    mistakes=[
        Mistake("elementwise", wrong=lambda: _W_NEXT * _D_NEXT[:, None],
                message="You have the products W_ij δ_i for every edge, but each node of layer k "
                        "ADDS UP the weighted errors of all the edges leaving it: "
                        "∂C/∂a^k_j = Σ_i W^{k+1}_ij δ^{k+1}_i, one number per unit j."),
        Mistake("summed_rows", wrong=lambda: (_W_NEXT * _D_NEXT[:, None]).sum(axis=1),
                message="You summed over the units of layer k (along the rows), which gives one "
                        "number per unit of layer k+1. Node j of layer k collects the errors "
                        "flowing back along ITS edges: sum over i, down column j of W^{k+1}."),
        Mistake("sign", wrong=lambda: -(_W_NEXT.T @ _D_NEXT),
                message="The sign is flipped. The errors flow back with the same weights they "
                        "were multiplied by going forward: ∂C/∂a^k = (W^{k+1})^T δ^{k+1}, no minus."),
    ],
    hints=[
        "Follow the backward diagram: node j receives δ^{k+1}_i along each edge i, multiplied by "
        "that edge's weight W^{k+1}_ij, and adds them up.",
        "The sum over i of W^{k+1}_ij δ^{k+1}_i for each j is column j of W^{k+1} dotted with δ^{k+1}.",
        "That sum runs down column j of W^{k+1}: it is the matrix-vector product with the "
        "transpose, `W_next.T @ delta_next`.",
    ],
    solution=(
        "Node $j$ of layer $k$ collects $\\delta^{k+1}_i$ from each unit $i$ it feeds, weighted by $W^{k+1}_{ij}$: a sum down column $j$ of $W^{k+1}$, that is $(W^{k+1})^\\top \\delta^{k+1}$ = <<answer>>.\n\n"
       
        "```python\nW_next, delta_next = q.data[\"W_next\"], q.data[\"delta_next\"]\n"
        "my_answer = W_next.T @ delta_next\n```"
    ),
)


# ------------------------------------------------------------------ 2. sigma'(z) of the sigmoid

_Z2 = np.array([-1.0, 0.0, 2.0])

sigma_prime_exercise = Exercise(
    id="backward_propagation.sigma_prime",
    title="The slope of the activation",
    prompt=(
        "A layer with the sigmoid activation $\\sigma(z) = 1/(1 + e^{-z})$ had the linear parts "
        "$z = <<z:latex>>$ in the forward pass (in `q.data[\"z\"]`). Compute "
        "$\\sigma'(z)$ for each unit, the factor that turns $\\partial C/\\partial a$ into "
        "$\\delta$. Use $\\sigma'(z) = \\sigma(z)\\,(1 - \\sigma(z))$. The answer is an array of 3 "
        "numbers."
    ),
    kind="value",
    digits=4,  # worked by hand or with a calculator
    quantity="σ′(z)",
    data=dict(z=_Z2),
    template=('z_ex = q.data["z"]\n'
              "my_answer = ...        # an array of 3 numbers: sigma'(z)"),
    reference=lambda: _dsigmoid(_Z2),
    mistakes=[
        Mistake("sigma_prime_of_a", wrong=lambda: _dsigmoid(_sigmoid(_Z2)),
                message="You evaluated σ' at a = σ(z) instead of at z: that is σ'(σ(z)). The "
                        "formula σ(z)(1 − σ(z)) already contains σ(z); plug z into σ, not a."),
        Mistake("formula_on_z", wrong=lambda: _Z2 * (1 - _Z2),
                message="You computed z(1 − z). The shortcut is σ'(z) = a(1 − a) with the "
                        "ACTIVATED value a = σ(z), not with z itself."),
        Mistake("sigma_itself", wrong=lambda: _sigmoid(_Z2),
                message="That is σ(z), the activated value. The backward pass needs the slope "
                        "σ'(z) = σ(z)(1 − σ(z))."),
        Mistake("tanh_slope", wrong=lambda: 1 - np.tanh(_Z2) ** 2,
                message="That is the slope of tanh, 1 − tanh²(z). This layer uses the sigmoid, "
                        "whose slope is σ'(z) = σ(z)(1 − σ(z))."),
        Mistake("plus", wrong=lambda: _sigmoid(_Z2) * (1 + _sigmoid(_Z2)),
                message="Check the sign: σ'(z) = σ(z)(1 − σ(z)), with a minus."),
    ],
    hints=[
        "First compute s = σ(z) = 1 / (1 + e^{-z}) entry by entry, then s (1 − s).",
        "σ'(z) = σ(z)(1 − σ(z)): compute σ(z) once and reuse it.",
        "`s = 1 / (1 + np.exp(-z_ex))`, then `s * (1 - s)`.",
    ],
    solution=(
        "With $s = \\sigma(z)$ entry by entry, $\\sigma'(z) = s(1 - s)$ = <<answer>>; it is largest (¼) at $z = 0$.\n\n"
       
        "```python\nz_ex = q.data[\"z\"]\ns = 1 / (1 + np.exp(-z_ex))\nmy_answer = s * (1 - s)\n```\n\n"
        "With the library: `activations.get(\"sigmoid\").derivative(z_ex)`."
    ),
)


# ------------------------------------------------------------------ 3. one node's delta

_X3 = np.array([1.0, 0.5])
_W3 = np.array([0.4, -0.6])
_B3 = 0.8                     # z = 0.9: far from 0, so σ′(z), σ′(a) and 1 − z² differ clearly
                              # (at z = 1, 1 − z² was exactly 0: a placeholder 0 got its name)
_V3 = np.array([1.5, -0.5])   # weights from the node to the two next-layer units
_DN3 = np.array([0.3, -0.2])  # their errors


def _delta3():
    z = _W3 @ _X3 + _B3
    return float((1 - np.tanh(z) ** 2) * (_V3 @ _DN3))


delta_one_node_exercise = Exercise(
    id="backward_propagation.delta_one_node",
    title="One node's error, start to finish",
    prompt=(
        "A node like the one of the chapter's diagram: inputs $a^{k-1} = $ <<x>>, weights <<w>>, "
        "bias <<b>>, activation $\\tanh$. It feeds two units of layer $k+1$ through the "
        "weights <<w_next>>; their errors are $\\delta^{k+1} = $ <<delta_next>>. "
        "Compute the error of the node's linear part, $\\delta^k = \\sigma'(z^k)\\, "
        "\\partial C / \\partial a^k$. The numbers are in `q.data` (`x`, `w`, `b`, `w_next`, "
        "`delta_next`); the answer is one number."
    ),
    kind="value",
    digits=4,  # worked by hand or with a calculator
    quantity="δᵏ",
    data=dict(x=_X3, w=_W3, b=_B3, w_next=_V3, delta_next=_DN3),
    template=('x_ex, w_ex, b_ex = q.data["x"], q.data["w"], q.data["b"]\n'
              'w_next_ex, delta_next_ex = q.data["w_next"], q.data["delta_next"]\n'
              'my_answer = ...        # one number: delta^k'),
    reference=_delta3,
    mistakes=[
        Mistake("missing_sigma_prime", wrong=lambda: float(_V3 @ _DN3),
                message="That is ∂C/∂a, the error of the ACTIVATED node. To cross the activation "
                        "back to the linear part, multiply by its slope: δ = σ'(z) · ∂C/∂a."),
        Mistake("sigma_prime_of_a",
                wrong=lambda: float((1 - np.tanh(np.tanh(_W3 @ _X3 + _B3)) ** 2) * (_V3 @ _DN3)),
                message="You evaluated σ' at a = tanh(z) instead of at z. The slope belongs to the "
                        "point the forward pass went through: σ'(z) = 1 − tanh(z)²."),
        Mistake("formula_on_z",
                wrong=lambda: float((1 - (_W3 @ _X3 + _B3) ** 2) * (_V3 @ _DN3)),
                message="You used 1 − z². For tanh, σ'(z) = 1 − tanh(z)² = 1 − a²: square the "
                        "activated value a, not z."),
        Mistake("sigma_instead",
                wrong=lambda: float(np.tanh(_W3 @ _X3 + _B3) * (_V3 @ _DN3)),
                message="You multiplied by σ(z) = a, the activated value. The backward step "
                        "multiplies by the SLOPE σ'(z) = 1 − tanh(z)²."),
        Mistake("sigmoid_slope", wrong=lambda: float(_dsigmoid(_W3 @ _X3 + _B3) * (_V3 @ _DN3)),
                message="You used the sigmoid's slope σ(z)(1 − σ(z)). This node's activation is "
                        "tanh, whose slope is 1 − tanh(z)²."),
        Mistake("forward_weights", wrong=lambda: float((1 - np.tanh(_W3 @ _X3 + _B3) ** 2) * (_W3 @ _DN3)),
                message="You weighted the next layer's errors with the node's INCOMING weights. "
                        "Errors flow back along the edges they came through: the outgoing "
                        "weights w_next to layer k+1."),
    ],
    hints=[
        "Three steps, as in the diagram: z = w·x + b; ∂C/∂a = Σ_m w_next_m δ_m; δ = σ'(z) ∂C/∂a.",
        "The slope of tanh at z is 1 − tanh(z)²; evaluate it at the node's z, not at a.",
        "`z = w_ex @ x_ex + b_ex`, `dC_da = w_next_ex @ delta_next_ex`, `my_answer = (1 - np.tanh(z)**2) * dC_da`.",
    ],
    values=dict(z=float(_W3 @ _X3 + _B3), dC_da=float(_V3 @ _DN3),
                slope=float(1 - np.tanh(_W3 @ _X3 + _B3) ** 2), answer=_delta3()),
    solution=(
        "$z = w \\cdot a^{k-1} + b = $ <<z>> and $\\partial C / \\partial a = "
        "\\sum_m w_{\\text{next}, m}\\, \\delta^{k+1}_m = $ <<dC_da>>; the slope there is "
        "$\\sigma'(z) = 1 - \\tanh^2 z \\approx$ <<slope>>, so $\\delta^k \\approx$ <<answer>>.\n\n"
        "```python\nz = w_ex @ x_ex + b_ex\ndC_da = w_next_ex @ delta_next_ex\n"
        "my_answer = (1 - np.tanh(z) ** 2) * dC_da\n```"
    ),
)


# ------------------------------------------------------------------ 4. the backward step, a function

def backward_step(W_next, delta_next, z):
    """delta^k = tanh'(z^k) * (W^{k+1})^T delta^{k+1}, for one example."""
    return (1.0 - np.tanh(z) ** 2) * (W_next.T @ delta_next)


_rng = np.random.default_rng(4)


def _case(n_next, n):
    return dict(W_next=np.round(_rng.normal(size=(n_next, n)), 2),
                delta_next=np.round(_rng.normal(size=n_next), 2),
                z=np.round(_rng.normal(size=n), 2))


_STEP_CASES = [
    # square W first, so that a transposed W still runs and can be diagnosed
    dict(W_next=np.array([[0.5, -1.0, 0.25], [2.0, 0.1, -0.5], [-0.3, 0.8, 1.2]]),
         delta_next=np.array([0.3, -0.2, 0.1]), z=np.array([0.6, -1.2, 0.9])),
    _case(2, 3),
    _case(4, 2),
    _case(1, 5),
]

backward_step_exercise = Exercise(
    id="backward_propagation.backward_step",
    title="The backward step for one layer",
    prompt=(
        "Write `backward_step(W_next, delta_next, z)` that returns the errors of the linear parts "
        "of layer $k$ (tanh activation), for one example:\n\n"
        "$$\\delta^k = \\sigma'(z^k) \\odot (W^{k+1})^T \\delta^{k+1}, \\qquad "
        "\\sigma'(z) = 1 - \\tanh^2 z .$$\n\n"
        "`W_next` is $W^{k+1}$, shape $(n_{k+1}, n_k)$; `delta_next` is $\\delta^{k+1}$, shape "
        "$(n_{k+1},)$; `z` is $z^k$ from the forward pass, shape $(n_k,)$. Return shape "
        "$(n_k,)$. Your function is run on layers of several sizes."
    ),
    kind="function",
    quantity="δᵏ",
    random_case=lambda rng: dict(W_next=np.round(rng.normal(size=(s := tuple(int(v) for v in rng.integers(1, 7, size=2)))), 2),
                                 delta_next=np.round(rng.normal(size=s[0]), 2),
                                 z=np.round(rng.normal(size=s[1]), 2)),
    reference=backward_step,
    cases=_STEP_CASES,
    numpy_points=("tanh", "cosh"),      # np.tanh(z ± h): a finite-difference slope
    template=('def backward_step(W_next, delta_next, z):\n'
              '    ...                # return delta^k, shape (n_k,)'),
    mistakes=[
        Mistake("missing_sigma_prime", wrong=lambda W_next, delta_next, z: W_next.T @ delta_next,
                message="You returned (W^{k+1})^T δ^{k+1} = ∂C/∂a^k, the error of the ACTIVATED "
                        "nodes. One more step in the backward diagram: multiply by σ'(z^k) to reach "
                        "the linear parts."),
        Mistake("sigma_prime_of_a",
                wrong=lambda W_next, delta_next, z: (1 - np.tanh(np.tanh(z)) ** 2) * (W_next.T @ delta_next),
                message="You evaluated σ' at a = tanh(z) instead of at z, i.e. σ'(a) instead of "
                        "σ'(z). The derivative is taken where the forward pass was: 1 − tanh(z)²."),
        Mistake("formula_on_z",
                wrong=lambda W_next, delta_next, z: (1 - z ** 2) * (W_next.T @ delta_next),
                message="You used 1 − z². The tanh slope is 1 − tanh(z)² = 1 − a²: the shortcut "
                        "needs the activated value a = tanh(z), not z."),
        Mistake("transposed", wrong=lambda W_next, delta_next, z: (1 - np.tanh(z) ** 2) * (W_next @ delta_next),
                message="You multiplied by W^{k+1} instead of its transpose. W^{k+1}_ij connects "
                        "unit j of layer k to unit i of layer k+1, so unit j collects column j: "
                        "(W^{k+1})^T δ^{k+1} (`W_next.T @ delta_next`)."),
        Mistake("sigma_instead",
                wrong=lambda W_next, delta_next, z: np.tanh(z) * (W_next.T @ delta_next),
                message="You multiplied by tanh(z) = a, the activated value. The backward step "
                        "multiplies by the slope σ'(z) = 1 − tanh(z)²."),
        Mistake("sigmoid_slope",
                wrong=lambda W_next, delta_next, z: _dsigmoid(z) * (W_next.T @ delta_next),
                message="You used the sigmoid's slope σ(z)(1 − σ(z)). This layer's activation is "
                        "tanh, whose slope is 1 − tanh(z)²."),
        Mistake("sign", wrong=lambda W_next, delta_next, z: -(1 - np.tanh(z) ** 2) * (W_next.T @ delta_next),
                message="The sign is flipped: δ^k = σ'(z^k) ⊙ (W^{k+1})^T δ^{k+1}, no minus "
                        "(the minus belongs to the gradient-descent update, later)."),
    ],
    hints=[
        "Two steps, as in the diagram: first the error of the activated nodes, "
        "dC_da = (W^{k+1})^T δ^{k+1}; then multiply entry by entry by σ'(z).",
        "dC_da is a matrix-vector product with the transpose of W_next; σ'(z) = 1 − tanh(z)² multiplies it entry by entry.",
        "`dC_da = W_next.T @ delta_next` and `return (1 - np.tanh(z) ** 2) * dC_da`.",
    ],
    solution=(
        "Weight the next layer's errors back along the edges (a sum down each column of "
        "$W^{k+1}$), then cross the activation by multiplying with its slope at $z^k$:\n\n"
        "```python\ndef backward_step(W_next, delta_next, z):\n"
        "    dC_da = W_next.T @ delta_next        # error of the activated nodes, shape (n_k,)\n"
        "    return (1 - np.tanh(z) ** 2) * dC_da  # delta^k: error of the linear parts\n```\n\n"
        "The library's `Network.backward` does this for every layer, from the output back to "
        "layer 1."
    ),
)


#: This chapter's exercises, in the order the chapter asks them.
EXERCISES = [
    error_of_activated_exercise,
    sigma_prime_exercise,
    delta_one_node_exercise,
    backward_step_exercise,
]
