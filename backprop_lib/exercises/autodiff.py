"""Exercises of the chapter "From four diagrams to any graph" (``ch-autodiff``).

The local rule of a matrix product (both inputs' errors from the output's), and fan-out: a
value used twice gets the sum of the errors of its two uses.
"""

import numpy as np

from .exercise import Exercise, Mistake

# ---------------------------------------------------------------------------------------------
# autodiff.matmul_backward (function)
# ---------------------------------------------------------------------------------------------


def matmul_backward(A, B, G):
    """The errors of A and B for Y = A @ B, given G = dC/dY: (G @ B^T, A^T @ G)."""
    return G @ B.T, A.T @ G


def _draw(rng, m, n, p):
    r = lambda *shape: np.round(rng.uniform(-1, 1, shape), 2)  # noqa: E731
    return dict(A=r(m, n), B=r(n, p), G=r(m, p))


_rng = np.random.default_rng(13)
_MATMUL_CASES = [
    _draw(_rng, 3, 3, 3),          # square first: forgotten transposes still run
    _draw(_rng, 4, 2, 3),
    _draw(_rng, 1, 5, 2),
]

matmul_backward_exercise = Exercise(
    id="autodiff.matmul_backward",
    title="The local rule of a matrix product",
    prompt=(
        "A node computes $Y = A B$ (`A @ B`, $A$ of shape $(m, n)$, $B$ of shape $(n, p)$). Going "
        "backward it receives $G = \\partial C/\\partial Y$, shape $(m, p)$. Write "
        "`matmul_backward(A, B, G)` that returns the pair `(dA, dB)`: "
        "$\\partial C/\\partial A$ (shaped like $A$) and $\\partial C/\\partial B$ (shaped like "
        "$B$). Your function is run on matrices of several shapes."
    ),
    kind="function",
    quantity="the errors of A and B",
    gradient=True,
    template=("def matmul_backward(A, B, G):\n"
              "    ...                # return (dC/dA, dC/dB)"),
    reference=matmul_backward,
    cases=_MATMUL_CASES,
    random_case=lambda rng: _draw(rng, *(int(v) for v in rng.integers(1, 6, size=3))),
    part_names=("dC/dA", "dC/dB"),
    mistakes=[
        Mistake("untransposed", wrong=lambda A, B, G: (G @ B, A @ G),
                message="The transposes are missing. Y_ij = Σ_l A_il B_lj, so ∂C/∂A_il = "
                        "Σ_j G_ij B_lj: that is G Bᵀ (and likewise ∂C/∂B = Aᵀ G). The shapes "
                        "tell you: dC/dA must be shaped like A.",
                hint="Write out the shapes: which product of G and B has the shape (m, n) of A?"),
        Mistake("swapped", wrong=lambda A, B, G: (A.T @ G, G @ B.T),
                message="The two errors are swapped: dC/dA = G Bᵀ is shaped like A, and "
                        "dC/dB = Aᵀ G like B."),
        Mistake("flipped_sign", wrong=lambda A, B, G: (-(G @ B.T), -(A.T @ G)),
                message="The sign is flipped: the local rule of a product has no minus sign."),
        Mistake("forward_weights", wrong=lambda A, B, G: (G @ B.T, G.T @ A),
                message="dC/dB is transposed: Gᵀ A has shape (p, n), but B is (n, p). The "
                        "error of B is Aᵀ G."),
    ],
    hints=[
        "For one example ($m = 1$) this is the backward diagram: $\\partial C/\\partial a^{k-1} "
        "= (W^k)^\\top \\delta^k$, and the weight gradient $\\delta^k (a^{k-1})^\\top$.",
        "Check the shapes: $G B^\\top$ is $(m, p)(p, n) = (m, n)$, like $A$; $A^\\top G$ is "
        "$(n, m)(m, p) = (n, p)$, like $B$.",
        "`return G @ B.T, A.T @ G`.",
    ],
    solution=(
        "$Y_{ij} = \\sum_l A_{il} B_{lj}$, so $\\partial C/\\partial A_{il} = \\sum_j G_{ij} B_{lj}$ "
        "and $\\partial C/\\partial B_{lj} = \\sum_i A_{il} G_{ij}$:\n\n"
        "```python\ndef matmul_backward(A, B, G):\n    return G @ B.T, A.T @ G\n```"
    ),
)


# ---------------------------------------------------------------------------------------------
# autodiff.shared_weight (value): fan-out
# ---------------------------------------------------------------------------------------------

# other numbers than the chapter's worked example (x = 0.8, w = 0.5, E = 1), whose printed
# dC/dw would otherwise be this exercise's answer
X, W, E = 0.6, 0.7, 1.2


def _uses(x=X, w=W, e=E):
    """dC/dw of C = (w y - E)^2, y = tanh(w x) + x: (use 1 in u = w x, use 2 in v = w y)."""
    u = w * x
    h = np.tanh(u)
    y = h + x
    v = w * y
    dv = 2 * (v - e)
    use2 = dv * y
    dy = dv * w
    du = dy * (1 - h * h)
    use1 = du * x
    return use1, use2


def _no_skip(x=X, w=W, e=E):
    """The same, for the graph without the skip connection (y = h)."""
    h = np.tanh(w * x)
    v = w * h
    dv = 2 * (v - e)
    return dv * h + dv * w * (1 - h * h) * x


shared_weight_exercise = Exercise(
    id="autodiff.shared_weight",
    title="A weight used twice",
    prompt=(
        "The chapter's graph: $u = w x$, $h = \\tanh u$, $y = h + x$ (a skip connection), "
        "$v = w y$ and $C = (v - E)^2$, now with $x = <<x>>$, $w = <<w>>$, $E = <<E>>$ (in "
        "`q.data`; other numbers than the worked example's). The weight $w$ is used twice. "
        "Compute $\\partial C/\\partial w$ yourself, node by node."
    ),
    kind="value",
    digits=4,  # worked by hand or with a calculator
    gradient=True,
    quantity="∂C/∂w",
    template=("d = q.data            # x, w, E\n"
              "my_answer = ...        # a number: dC/dw"),
    reference=lambda: float(sum(_uses())),
    data=dict(x=X, w=W, E=E),
    mistakes=[
        Mistake("second_use_only", wrong=lambda: float(_uses()[1]),
                message="You counted only the use of w in v = w y. w is also used in u = w x: "
                        "its gradient is the SUM of the errors of both uses (fan-out).",
                hint="Where else does w appear in the graph?"),
        Mistake("first_use_only", wrong=lambda: float(_uses()[0]),
                message="You counted only the use of w in u = w x. w is also used in v = w y: "
                        "its gradient is the SUM of the errors of both uses (fan-out)."),
        Mistake("no_skip", wrong=lambda: float(_no_skip()),
                message="You left the skip connection out: y = h + x, so y's value includes x, "
                        "and the error reaching h is ∂C/∂y itself (∂y/∂h = 1)."),
        Mistake("flipped_sign", wrong=lambda: -float(sum(_uses())),
                message="The sign is flipped: ∂C/∂v = 2(v − E) is negative here (v is below E), "
                        "and every factor after it keeps its sign."),
    ],
    hints=[
        "$w$ is used twice, so its gradient is the SUM of the errors of its two uses (fan-out). "
        "Go backward node by node from $C$.",
        "$\\partial C/\\partial v = 2(v - E)$; the use in $v = wy$ gives "
        "$y\\,\\partial C/\\partial v$; the error reaching $u$ is "
        "$w\\,\\partial C/\\partial v\\,(1 - h^2)$, and the use in $u = wx$ gives $x$ times it.",
        "`x, w, E = d[\"x\"], d[\"w\"], d[\"E\"]`; `h = np.tanh(w * x)`; `y = h + x`; "
        "`dv = 2 * (w * y - E)`; `my_answer = dv * y + dv * w * (1 - h**2) * x`.",
    ],
    solution=(
        "Forward, then backward node by node; the two uses of $w$ add up: "
        "$\\partial C/\\partial w \\approx <<answer>>$.\n\n"
        "```python\nd = q.data\nx, w, E = d['x'], d['w'], d['E']\n"
        "u = w * x; h = np.tanh(u); y = h + x; v = w * y\n"
        "dv = 2 * (v - E)\nuse2 = dv * y                 # w in v = w y\n"
        "du = dv * w * (1 - h**2)      # back through y = h + x and tanh\n"
        "use1 = du * x                 # w in u = w x\nmy_answer = use1 + use2\n```"
    ),
)


#: This chapter's exercises, in the order the chapter asks them.
EXERCISES = [matmul_backward_exercise, shared_weight_exercise]
