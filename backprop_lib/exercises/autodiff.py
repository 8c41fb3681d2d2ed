"""Exercises of the chapter "From four diagrams to any graph" (``ch-autodiff``).

The local rule of a matrix product (both inputs' errors from the output's), and fan-out: a
value used twice gets the sum of the errors of its two uses.
"""

import numpy as np

from backprop_lib.exercises.core import Exercise, Mistake, register


# ---------------------------------------------------------------------------------------------
# autodiff.matmul_backward (function)
# ---------------------------------------------------------------------------------------------

def matmul_backward(A, B, G):
    """The errors of A and B for Y = A @ B, given G = dC/dY: (G @ B^T, A^T @ G)."""
    return G @ B.T, A.T @ G


_rng = np.random.default_rng(13)


def _r(*shape):
    return np.round(_rng.uniform(-1, 1, shape), 2)


_MATMUL_CASES = [
    dict(A=_r(3, 3), B=_r(3, 3), G=_r(3, 3)),   # square first: transposes still run
    dict(A=_r(4, 2), B=_r(2, 3), G=_r(4, 3)),
    dict(A=_r(1, 5), B=_r(5, 2), G=_r(1, 2)),
]

register(Exercise(
    id="autodiff.matmul_backward",
    title="The local rule of a matrix product",
    prompt=(
        "A node computes $Y = A B$ (`A @ B`, $A$ of shape $(m, n)$, $B$ of shape $(n, p)$). Going "
        "backward it receives $G = \\partial C/\\partial Y$, shape $(m, p)$. Write "
        "`matmul_backward(A, B, G)` that returns the pair `(dA, dB)`: "
        "$\\partial C/\\partial A$ (shaped like $A$) and $\\partial C/\\partial B$ (shaped like $B$)."
    ),
    kind="function",
    template="def matmul_backward(A, B, G):\n    ...                # return (dC/dA, dC/dB)",
    reference=matmul_backward,
    cases=_MATMUL_CASES,
    part_names=("dC/dA", "dC/dB"),
    mistakes=[
        Mistake("untransposed", wrong=lambda A, B, G: (G @ B, A @ G),
                message="The transposes are missing. Y_ij = Σ_l A_il B_lj, so ∂C/∂A_il = "
                        "Σ_j G_ij B_lj: that is G Bᵀ (and likewise ∂C/∂B = Aᵀ G). The shapes "
                        "tell you: dC/dA must be shaped like A."),
        Mistake("swapped", wrong=lambda A, B, G: (A.T @ G, G @ B.T),
                message="The two errors are swapped: dC/dA = G Bᵀ is shaped like A, and "
                        "dC/dB = Aᵀ G like B."),
        Mistake("flipped_sign", wrong=lambda A, B, G: (-(G @ B.T), -(A.T @ G)),
                message="The sign is flipped: the local rule of a product has no minus sign."),
    ],
    hints=[
        "For one example ($m = 1$) this is the backward diagram: $\\partial C/\\partial a^{k-1} "
        "= (W^k)^\\top \\delta^k$, and the weight gradient $\\delta^k (a^{k-1})^\\top$.",
        "Check the shapes: $G B^\\top$ is $(m, p)(p, n) = (m, n)$, like $A$; $A^\\top G$ is "
        "$(n, m)(m, p) = (n, p)$, like $B$.",
    ],
    solution=(
        "$Y_{ij} = \\sum_l A_{il} B_{lj}$, so $\\partial C/\\partial A_{il} = \\sum_j G_{ij} B_{lj}$ "
        "and $\\partial C/\\partial B_{lj} = \\sum_i A_{il} G_{ij}$:\n\n"
        "```python\ndef matmul_backward(A, B, G):\n    return G @ B.T, A.T @ G\n```"
    ),
))


# ---------------------------------------------------------------------------------------------
# autodiff.shared_weight (value): fan-out
# ---------------------------------------------------------------------------------------------

X, W, E = 0.8, 0.5, 1.0


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


register(Exercise(
    id="autodiff.shared_weight",
    title="A weight used twice",
    prompt=(
        "The chapter's graph: $u = w x$, $h = \\tanh u$, $y = h + x$ (a skip connection), "
        "$v = w y$ and $C = (v - E)^2$, with $x = 0.8$, $w = 0.5$, $E = 1$ (in `q.data`). The "
        "weight $w$ is used twice. Compute $\\partial C/\\partial w$."
    ),
    kind="value",
    template="d = q.data            # x, w, E\nmy_answer = ...        # a number: dC/dw",
    reference=lambda: float(sum(_uses())),
    data=dict(x=X, w=W, E=E),
    mistakes=[
        Mistake("second_use_only", wrong=lambda: float(_uses()[1]),
                message="You counted only the use of w in v = w y. w is also used in u = w x: "
                        "its gradient is the SUM of the errors of both uses (fan-out)."),
        Mistake("first_use_only", wrong=lambda: float(_uses()[0]),
                message="You counted only the use of w in u = w x. w is also used in v = w y: "
                        "its gradient is the SUM of the errors of both uses (fan-out)."),
        Mistake("no_skip", wrong=lambda: float(_no_skip()),
                message="You left the skip connection out of the chain: y = h + x depends on x "
                        "but its derivative with respect to h is 1, so the error reaching h is "
                        "∂C/∂y itself; and y's value includes x."),
    ],
    hints=[
        "Go backward node by node: $\\partial C/\\partial v = 2(v - E)$, then "
        "$\\partial C/\\partial y = w\\,\\partial C/\\partial v$, "
        "$\\partial C/\\partial u = (1 - h^2)\\,\\partial C/\\partial y$.",
        "Use 2 gives $y\\,\\partial C/\\partial v$, use 1 gives $x\\,\\partial C/\\partial u$; add them.",
    ],
    solution=(
        "```python\nx, w, E = 0.8, 0.5, 1.0\nu = w * x; h = np.tanh(u); y = h + x; v = w * y\n"
        "dv = 2 * (v - E)\nuse2 = dv * y                 # w in v = w y\n"
        "du = dv * w * (1 - h**2)      # back through y = h + x and tanh\n"
        "use1 = du * x                 # w in u = w x\nmy_answer = use1 + use2\n```"
    ),
))


def _no_skip(x=X, w=W, e=E):
    # the graph without the skip: y = h
    h = np.tanh(w * x)
    v = w * h
    dv = 2 * (v - e)
    return dv * h + dv * w * (1 - h * h) * x
