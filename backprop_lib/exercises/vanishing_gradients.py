"""Exercises of the chapter "The vanishing (and exploding) gradient problem" (``ch-vanishing``).

The guided sequence of the chapter: the largest slope of the sigmoid, one step of the bound
||delta^k|| <= max|sigma'| ||W^{k+1}||_2 ||delta^{k+1}||, the unrolled bound as a function, how
many layers it takes to lose six orders of magnitude, and the exploding case.
"""

import numpy as np

from .exercise import Exercise, Mistake

# ---------------------------------------------------------------------------------------------
# vanishing_gradients.sigmoid_slope (value)
# ---------------------------------------------------------------------------------------------

sigmoid_slope_exercise = Exercise(
    id="vanishing_gradients.sigmoid_slope",
    label="ex-vanishing-sigmoid-slope",   # the chapter's prose refers to it
    title="The steepest slope of the sigmoid",
    prompt=(
        "The bound needs $\\gamma = \\max_z |\\sigma'(z)|$. For the logistic sigmoid "
        "$\\sigma(z) = 1/(1 + e^{-z})$, use $\\sigma'(z) = \\sigma(z)\\,(1 - \\sigma(z))$ to find "
        "$\\gamma$. Give the number."
    ),
    kind="value",
    digits=4,  # worked by hand or with a calculator
    template=("my_answer = ...        # a number: max over z of sigma'(z)"),
    quantity="γ",
    reference=lambda: 0.25,
    mistakes=[
        Mistake("sigma_at_zero", wrong=lambda: 0.5,
                message="That is σ(0), the value of the sigmoid where it is steepest, not its "
                        "slope there. The slope is σ'(z) = σ(z)(1 − σ(z)); put σ(0) into it."),
        Mistake("tanh_slope", wrong=lambda: 1.0,
                message="That is the steepest slope of tanh (1 − tanh²(0) = 1). The sigmoid is "
                        "a squashed tanh, σ(z) = (1 + tanh(z/2))/2, and both the halving of z and "
                        "the halving of the range flatten it. Maximise s(1 − s) over s ∈ (0, 1)."),
        Mistake("zero", wrong=lambda: 0.0,
                message="σ'(z) = σ(z)(1 − σ(z)) is positive everywhere (it only tends to 0 as "
                        "|z| grows): the question asks for its MAXIMUM. Where is s(1 − s) largest?"),
    ],
    hints=[
        "Write $s = \\sigma(z) \\in (0, 1)$. Then $\\sigma'(z) = s(1-s)$, a parabola in $s$.",
        "A parabola s(1 − s) is largest halfway between its zeros s = 0 and s = 1.",
        "$s(1 - s)$ is largest at $s = 1/2$, i.e. at $z = 0$.",
    ],
    solution=(
        "With $s = \\sigma(z)$, $\\sigma'(z) = s(1 - s)$, a downward parabola in $s$ with its "
        "top at $s = 1/2$ (that is, $z = 0$): $\\gamma = \\tfrac12 \\cdot \\tfrac12 = \\tfrac14$. "
        "So every sigmoid layer can at best pass on a quarter of the error it receives, before "
        "the weights even enter.\n\n```python\nmy_answer = 0.25\n```"
    ),
)


# ---------------------------------------------------------------------------------------------
# vanishing_gradients.one_step (value)
# ---------------------------------------------------------------------------------------------

W_NEXT = np.array([[1.2, -0.5], [0.3, 0.8]])
DELTA_NEXT = np.array([0.6, -1.1])


def _one_step(norm):
    return float(0.25 * norm(W_NEXT) * np.linalg.norm(DELTA_NEXT))


one_step_exercise = Exercise(
    id="vanishing_gradients.one_step",
    title="One step of the bound",
    prompt=(
        "A sigmoid layer $k$ receives the error $\\delta^{k+1} = <<delta_next:latex>>$ through "
        "$W^{k+1} = <<W_next:latex>>$ (in `q.data`: "
        "`W_next`, `delta_next`). Without knowing $z^k$, give the best upper bound the lemma "
        "allows on $\\|\\delta^k\\|$, the Euclidean norm of $\\delta^k = \\sigma'(z^k) \\odot "
        "(W^{k+1})^\\top \\delta^{k+1}$."
    ),
    kind="value",
    digits=4,  # worked by hand or with a calculator
    template=('d = q.data            # W_next, delta_next\n'
              'my_answer = ...        # a number: the bound on ||delta^k||'),
    quantity="the bound on ‖δᵏ‖",
    reference=lambda: _one_step(lambda W: np.linalg.norm(W, 2)),
    data=dict(W_next=W_NEXT, delta_next=DELTA_NEXT),
    rtol=1e-4,
    mistakes=[
        Mistake("frobenius", wrong=lambda: _one_step(lambda W: np.linalg.norm(W)),
                message="You used the Frobenius norm of W (the root of the sum of squares of its "
                        "entries). It is also a valid bound, but not the best: the lemma uses the "
                        "operator norm ||W||₂, the largest factor by which W (or W^T) can stretch "
                        "a vector, i.e. its largest singular value: np.linalg.norm(W, 2)."),
        Mistake("no_sigma_prime", wrong=lambda: 4 * _one_step(lambda W: np.linalg.norm(W, 2)),
                message="You left out the factor max|σ'| of the sigmoid. δ^k = σ'(z^k) ⊙ "
                        "(W^{k+1})^T δ^{k+1}: the element-wise product with σ'(z^k) shrinks the "
                        "norm by at most max|σ'| (the previous exercise)."),
        Mistake("exact_product", wrong=lambda: float(0.25 * np.linalg.norm(W_NEXT.T @ DELTA_NEXT)),
                message="You computed 1/4 · ||(W^{k+1})^T δ^{k+1}|| for this particular δ^{k+1}. "
                        "That is tighter than the lemma's bound (and a fine number to know), but "
                        "the lemma bounds ||W^T v|| by ||W||₂ ||v|| for EVERY v: use the "
                        "operator norm."),
        Mistake("max_entry", wrong=lambda: _one_step(lambda W: np.max(np.abs(W))),
                message="The largest entry of W is not a norm that bounds ||W^T v||: use the "
                        "operator norm ||W||₂ (largest singular value, np.linalg.norm(W, 2))."),
    ],
    hints=[
        "Two facts: $\\|D v\\| \\le \\max_i |d_i| \\, \\|v\\|$ for a diagonal $D$, and "
        "$\\|W^\\top v\\| \\le \\|W\\|_2 \\|v\\|$ with the operator norm $\\|W\\|_2 = \\|W^\\top\\|_2$.",
        "Apply the two facts one after the other: the slopes give at most γ = ¼, the matrix at most its operator norm.",
        "`0.25 * np.linalg.norm(d[\"W_next\"], 2) * np.linalg.norm(d[\"delta_next\"])`",
    ],
    solution=(
        "$\\|\\delta^k\\| = \\|\\operatorname{diag}(\\sigma'(z^k))\\,(W^{k+1})^\\top \\delta^{k+1}\\|"
        " \\le \\tfrac14 \\, \\|W^{k+1}\\|_2 \\, \\|\\delta^{k+1}\\|$. Here $\\|W^{k+1}\\|_2 \\approx "
        "1.30$ and $\\|\\delta^{k+1}\\| \\approx 1.25$, so the bound is about $0.41$.\n\n"
        "```python\nd = q.data\nmy_answer = 0.25 * np.linalg.norm(d['W_next'], 2) * "
        "np.linalg.norm(d['delta_next'])\n```"
    ),
)


# ---------------------------------------------------------------------------------------------
# vanishing_gradients.unrolled_bound (function)
# ---------------------------------------------------------------------------------------------

def delta_bound(weights, gamma):
    """prod over the matrices of gamma * ||W||_2: ||delta^k|| <= delta_bound * ||delta^L||."""
    out = 1.0
    for W in weights:
        out *= gamma * np.linalg.norm(W, 2)
    return float(out)


_rng = np.random.default_rng(11)


def _mats(*shapes):
    return [np.round(_rng.normal(0, 0.8, s), 2) for s in shapes]


_BOUND_CASES = [
    dict(weights=_mats((3, 3), (3, 3), (3, 3)), gamma=0.25),
    dict(weights=_mats((2, 4), (3, 2)), gamma=1.0),
    dict(weights=_mats((4, 4)), gamma=0.25),
    dict(weights=_mats((3, 3), (3, 3), (3, 3), (3, 3), (2, 3)), gamma=0.5),
    dict(weights=[], gamma=0.25),
]

unrolled_bound_exercise = Exercise(
    id="vanishing_gradients.unrolled_bound",
    title="Unroll the recursion: the bound as a function",
    prompt=(
        "Write `delta_bound(weights, gamma)` returning the factor $U_k$ of the theorem, "
        "$\\|\\delta^k\\| \\le U_k \\, \\|\\delta^L\\|$, where `weights` is the list "
        "$[W^{k+1}, W^{k+2}, \\dots, W^L]$ (numpy matrices, possibly empty when $k = L$) and "
        "`gamma` $= \\max|\\sigma'|$ of the hidden layers. Return a float."
    ),
    kind="function",
    quantity="the factor U_k",
    random_case=lambda rng: dict(weights=[np.round(rng.normal(0, 0.8, (int(rng.integers(1, 5)), int(rng.integers(1, 5)))), 2)
                                          for _ in range(int(rng.integers(0, 6)))],
                                 gamma=float(rng.choice([0.25, 0.5, 1.0]))),
    reference=delta_bound,
    cases=_BOUND_CASES,
    template=('def delta_bound(weights, gamma):\n'
              '    ...                # return the product of the per-layer factors'),
    mistakes=[
        Mistake("frobenius", wrong=lambda weights, gamma: float(np.prod([gamma * np.linalg.norm(W) for W in weights])),
                message="You used the Frobenius norm. The bound is tightest with the operator norm "
                        "||W||₂ = np.linalg.norm(W, 2), the largest singular value."),
        Mistake("one_gamma_too_many",
                wrong=lambda weights, gamma: gamma * delta_bound(weights, gamma),
                message="One factor γ too many. Count: from δ^L back to δ^k the recursion "
                        "δ^j = σ'(z^j) ⊙ (W^{j+1})^T δ^{j+1} runs for j = L−1, ..., k: that is "
                        "L − k slopes and L − k matrices W^{k+1..L}. δ^L itself is the base case "
                        "and brings no σ' of a hidden layer."),
        Mistake("one_gamma_too_few",
                wrong=lambda weights, gamma: delta_bound(weights, gamma) / gamma if weights else 1.0,
                message="One factor γ too few. Each step δ^j = σ'(z^j) ⊙ (W^{j+1})^T δ^{j+1} "
                        "contributes one matrix AND one slope: as many γ's as matrices."),
        Mistake("no_gamma", wrong=lambda weights, gamma: float(np.prod([np.linalg.norm(W, 2) for W in weights])),
                message="You left out the slopes: every step multiplies by σ'(z^j) element-wise, "
                        "which the bound replaces by γ = max|σ'|. Multiply one γ per matrix."),
        Mistake("sum", wrong=lambda weights, gamma: float(sum(gamma * np.linalg.norm(W, 2) for W in weights)),
                message="You added the per-layer factors. The recursion COMPOSES the layers: "
                        "their factors multiply, which is why the bound is exponential in depth."),
    ],
    hints=[
        "Start from $B = 1$ (for $k = L$) and multiply by $\\gamma \\|W^{j}\\|_2$ for each "
        "matrix in the list.",
        "One factor γ‖W‖₂ per matrix in the list, multiplied together; an empty list gives 1.",
        "`np.linalg.norm(W, 2)` is the operator norm (largest singular value).",
    ],
    solution=(
        "Unrolling $\\delta^j = \\sigma'(z^j) \\odot (W^{j+1})^\\top \\delta^{j+1}$ from $j = L-1$ "
        "down to $k$ and bounding each step with the lemma gives "
        "$\\|\\delta^k\\| \\le \\prod_{j=k+1}^{L} \\gamma \\|W^j\\|_2 \\; \\|\\delta^L\\|$: one "
        "$\\gamma$ and one operator norm per matrix.\n\n```python\n"
        "def delta_bound(weights, gamma):\n    B = 1.0\n    for W in weights:\n"
        "        B *= gamma * np.linalg.norm(W, 2)\n    return B\n```"
    ),
)


# ---------------------------------------------------------------------------------------------
# vanishing_gradients.layers_until (value)
# ---------------------------------------------------------------------------------------------

layers_until_exercise = Exercise(
    id="vanishing_gradients.layers_until",
    title="How deep until the signal is gone?",
    prompt=(
        "A sigmoid network has weights with $\\|W^j\\|_2 \\le 1$ in every layer. By the theorem, "
        "how many layers back from the output (the smallest $d = L - k$) must we go before the "
        "bound guarantees $\\|\\delta^k\\| < 10^{-6} \\, \\|\\delta^L\\|$? Give an integer."
    ),
    kind="value",
    digits="exact",  # a whole number, typed exactly
    template=('my_answer = ...        # an integer number of layers'),
    quantity="the number of layers d",
    reference=lambda: 10,
    mistakes=[
        Mistake("not_a_whole_number", wrong=lambda: 6 / np.log10(4),
                message="d counts layers, so it is a whole number. You solved the equation "
                        "(1/4)^d = 10⁻⁶; now find the smallest WHOLE d for which the inequality "
                        "(1/4)^d < 10⁻⁶ holds.",
                hint="Try your d rounded down and rounded up in (1/4)^d < 10⁻⁶."),
        Mistake("rounded_down", wrong=lambda: 9,
                message=("Check your d in the inequality: is (1/4)^d already below 10⁻⁶? The smallest d that "
                        "satisfies it is the answer, so a solution of the equation has to be rounded in the "
                        "direction that keeps the inequality true.")),
        Mistake("half", wrong=lambda: 20,
                message="You used a factor 1/2 per layer. The sigmoid's largest slope is 1/4, "
                        "and with ||W||₂ ≤ 1 each layer multiplies the bound by at most 1/4."),
        Mistake("ln_ratio", wrong=lambda: 14,
                message="Check the logarithms: you need (1/4)^d < 10⁻⁶, i.e. d > 6 / log10(4) "
                        "(same base on top and bottom)."),
    ],
    hints=[
        "Each layer multiplies the bound by at most $\\tfrac14 \\cdot 1$; solve "
        "$(1/4)^d < 10^{-6}$ for $d$.",
        "Take logarithms: (1/4)^d < 10⁻⁶ means d · log₁₀ 4 > 6.",
        "$d > 6 / \\log_{10} 4 \\approx 9.97$.",
    ],
    solution=(
        "The bound after $d$ layers is $(\\tfrac14)^d$. $(\\tfrac14)^d < 10^{-6}$ "
        "$\\iff d > 6/\\log_{10} 4 \\approx 9.97$, so $d = 10$: ten sigmoid layers can shrink "
        "the error a million-fold, whatever the data, whenever the weights are at most "
        "norm 1.\n\n```python\nimport math\nmy_answer = math.ceil(6 / math.log10(4))\n```"
    ),
)


# ---------------------------------------------------------------------------------------------
# vanishing_gradients.exploding (value)
# ---------------------------------------------------------------------------------------------

G_EXPLODE = 1.5
L_EXPLODE = 21

exploding_exercise = Exercise(
    id="vanishing_gradients.exploding",
    title="The exploding case",
    prompt=(
        "In a network of $L = 21$ layers, every hidden unit works where $\\sigma' = 1$ (e.g. "
        "active ReLUs) and every weight matrix is $W^j = 1.5\\, Q^j$ with $Q^j$ orthogonal "
        "(so $W^j$ stretches every vector by exactly 1.5). By what factor is "
        "$\\|\\delta^1\\|$ larger than $\\|\\delta^L\\|$?"
    ),
    kind="value",
    digits=4,  # worked by hand or with a calculator
    template=('my_answer = ...        # a number: ||delta^1|| / ||delta^L||'),
    quantity="the factor",
    reference=lambda: G_EXPLODE ** (L_EXPLODE - 1),
    mistakes=[
        Mistake("off_by_one", wrong=lambda: G_EXPLODE ** L_EXPLODE,
                message="One factor too many: from δ^L back to δ^1 the error passes through "
                        "W^L, ..., W^2, which is L − 1 matrices (W^1 is never multiplied into a "
                        "δ: it only receives a gradient)."),
        Mistake("off_by_one_low", wrong=lambda: G_EXPLODE ** (L_EXPLODE - 2),
                message="One factor too few: δ^1 is reached through the L − 1 matrices "
                        "W^L, ..., W^2."),
        Mistake("sum", wrong=lambda: G_EXPLODE * (L_EXPLODE - 1),
                message="The layers compose, so their factors multiply: 1.5 per layer becomes "
                        "1.5 to the power of the number of layers."),
    ],
    hints=[
        "Here the bound is an equality: each step multiplies $\\|\\delta\\|$ by exactly 1.5.",
        "L − 1 equal factors of 1.5 multiply: a power.",
        "From $\\delta^L$ to $\\delta^1$ there are $L - 1$ steps.",
    ],
    solution=(
        "Every step $\\delta^j = \\sigma'(z^j) \\odot (W^{j+1})^\\top \\delta^{j+1}$ with "
        "$\\sigma' = 1$ and $W^{j+1} = 1.5\\,Q$ multiplies the norm by exactly $1.5$ (an orthogonal "
        "matrix keeps lengths). There are $L - 1 = 20$ steps: "
        "$1.5^{20} \\approx 3325$. Factors above 1 compound just as relentlessly as factors below "
        "1: that is the exploding gradient.\n\n```python\nmy_answer = 1.5 ** 20\n```"
    ),
)


#: This chapter's exercises, in the order the chapter asks them.
EXERCISES = [
    sigmoid_slope_exercise,
    one_step_exercise,
    unrolled_bound_exercise,
    layers_until_exercise,
    exploding_exercise,
]
