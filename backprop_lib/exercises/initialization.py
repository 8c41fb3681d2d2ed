"""Exercises of the chapter "Xavier (Glorot) and He initialization" (``ch-init``).

The forward variance recursion Var(z^k) = n_{k-1} Var(W^k) E[(a^{k-1})^2], the factor 1/3 of
the "standard" initialization, Glorot & Bengio's compromise Var(W) = 2/(n_in + n_out) as a
formula the learner writes, its uniform bound sqrt(6/(n_in + n_out)), and He's 2/n_in.
"""

import numpy as np

from .exercise import Exercise, Mistake

# ---------------------------------------------------------------------------------------------
# initialization.forward_variance (value)
# ---------------------------------------------------------------------------------------------

N_PREV = 256
VAR_A = 0.6

forward_variance_exercise = Exercise(
    id="initialization.forward_variance",
    title="One step of the forward variance recursion",
    prompt=(
        "Layer $k-1$ has $n_{k-1} = 256$ units whose activations have zero mean and "
        "$\\operatorname{Var}(a^{k-1}_j) = 0.6$. The weights $W^k_{ij}$ are drawn independently "
        "from $U[-1/16, 1/16]$ (the \"standard\" initialization, $1/\\sqrt{256} = 1/16$), and "
        "$b^k = 0$. What is $\\operatorname{Var}(z^k_i)$?"
    ),
    kind="value",
    reference=lambda: N_PREV * (1 / 16) ** 2 / 3 * VAR_A,
    rtol=1e-4,
    mistakes=[
        Mistake("forgot_n", wrong=lambda: (1 / 16) ** 2 / 3 * VAR_A,
                message="z^k_i = Σ_j W^k_ij a^{k−1}_j adds n_{k−1} independent terms, and "
                        "variances of independent terms add: multiply by n_{k−1}."),
        Mistake("range_squared", wrong=lambda: N_PREV * (1 / 16) ** 2 * VAR_A,
                message="The variance of U[−r, r] is r²/3, not r²: the uniform distribution "
                        "puts much of its mass near 0. ∫ w² dw/(2r) over [−r, r] = r²/3."),
        Mistake("std_not_var", wrong=lambda: N_PREV * (1 / 16) / np.sqrt(3) * VAR_A,
                message="You used the standard deviation of W, not its variance. For independent "
                        "zero-mean W and a, Var(W a) = Var(W) · Var(a)."),
        Mistake("added_var", wrong=lambda: N_PREV * (1 / 16) ** 2 / 3 + VAR_A,
                message="Variances of a PRODUCT of independent zero-mean factors multiply: "
                        "Var(W a) = Var(W) Var(a); only the n_{k−1} terms of the sum add."),
    ],
    hints=[
        "For independent zero-mean $W$ and $a$: $\\operatorname{Var}(W a) = "
        "\\operatorname{Var}(W)\\operatorname{Var}(a)$, and the $n_{k-1}$ terms of the sum add.",
        "$\\operatorname{Var}(U[-r, r]) = r^2/3$.",
    ],
    solution=(
        "$\\operatorname{Var}(z^k_i) = n_{k-1} \\operatorname{Var}(W^k)\\operatorname{Var}(a^{k-1})"
        " = 256 \\cdot \\frac{(1/16)^2}{3} \\cdot 0.6 = \\frac{0.6}{3} = 0.2$. The variance drops "
        "to a third in one layer: that is the standard initialization's flaw.\n\n```python\n"
        "my_answer = 256 * (1/16)**2 / 3 * 0.6\n```"
    ),
)


# ---------------------------------------------------------------------------------------------
# initialization.standard_factor (value)
# ---------------------------------------------------------------------------------------------

standard_factor_exercise = Exercise(
    id="initialization.standard_factor",
    title="The factor per layer of the standard initialization",
    prompt=(
        "With the standard initialization $W^k_{ij} \\sim U[-1/\\sqrt{n_{k-1}}, 1/\\sqrt{n_{k-1}}]$ "
        "and tanh units in their linear regime, each layer multiplies the variance of the "
        "forward signal by $n_{k-1} \\operatorname{Var}(W^k)$. What is that factor (a number, "
        "independent of $n_{k-1}$)?"
    ),
    kind="value",
    reference=lambda: 1 / 3,
    rtol=1e-4,
    mistakes=[
        Mistake("one", wrong=lambda: 1.0,
                message="That would hold if Var(W) were 1/n_{k−1}; but U[−r, r] has variance r²/3, "
                        "so with r = 1/√n_{k−1} the variance is 1/(3 n_{k−1})."),
        Mistake("std", wrong=lambda: 1 / np.sqrt(3),
                message="That is the factor for the standard deviation (the spread), not for the "
                        "variance. The question asks for n_{k−1} Var(W)."),
    ],
    hints=["$\\operatorname{Var}(U[-r, r]) = r^2/3$ with $r = 1/\\sqrt{n_{k-1}}$."],
    solution=(
        "$n_{k-1}\\operatorname{Var}(W^k) = n_{k-1} \\cdot \\frac{1}{3 n_{k-1}} = \\frac13$: the "
        "variance shrinks threefold per layer, forward and (by the same argument) backward.\n\n"
        "```python\nmy_answer = 1/3\n```"
    ),
)


# ---------------------------------------------------------------------------------------------
# initialization.var_w (function: the formula)
# ---------------------------------------------------------------------------------------------

def var_w(n_in, n_out):
    """Glorot & Bengio's compromise: Var(W) = 2 / (n_in + n_out)."""
    return 2.0 / (n_in + n_out)


_PAIR_CASES = [
    dict(n_in=100, n_out=300),
    dict(n_in=784, n_out=256),
    dict(n_in=10, n_out=10),
    dict(n_in=1, n_out=7),
    dict(n_in=4096, n_out=1000),
]

var_w_exercise = Exercise(
    id="initialization.var_w",
    title="Glorot and Bengio's compromise, as a formula",
    prompt=(
        "Keeping the forward variance needs $n_{k-1}\\operatorname{Var}(W^k) = 1$; keeping the "
        "backward one needs $n_k \\operatorname{Var}(W^k) = 1$. Both hold only when "
        "$n_{k-1} = n_k$. Write `var_w(n_in, n_out)` (with $n_{\\text{in}} = n_{k-1}$, "
        "$n_{\\text{out}} = n_k$) returning the variance of Glorot and Bengio's compromise: "
        "the one that satisfies the two conditions *on average* (average their left-hand "
        "sides and set the average to 1)."
    ),
    kind="function",
    reference=var_w,
    cases=_PAIR_CASES,
    template="def var_w(n_in, n_out):\n    ...",
    mistakes=[
        Mistake("forward_only", wrong=lambda n_in, n_out: 1.0 / n_in,
                message="1/n_in keeps only the FORWARD variance (n_{k−1} Var(W) = 1, LeCun's "
                        "choice). The compromise also respects the backward condition "
                        "n_k Var(W) = 1: average the two constraints."),
        Mistake("backward_only", wrong=lambda n_in, n_out: 1.0 / n_out,
                message="1/n_out keeps only the BACKWARD variance (n_k Var(W) = 1). The "
                        "compromise also respects the forward condition n_{k−1} Var(W) = 1."),
        Mistake("forgot_two", wrong=lambda n_in, n_out: 1.0 / (n_in + n_out),
                message="Average the two conditions: ((n_in + n_out)/2) · Var(W) = 1. Dividing by "
                        "the SUM instead of the average halves the variance."),
        Mistake("he", wrong=lambda n_in, n_out: 2.0 / n_in,
                message="2/n_in is He's variance for ReLU (the 2 there makes up for ReLU zeroing "
                        "half its inputs). For tanh, Glorot and Bengio average the forward and "
                        "backward conditions."),
        Mistake("uniform_bound", wrong=lambda n_in, n_out: float(np.sqrt(6.0 / (n_in + n_out))),
                message="That is the half-width r of the uniform distribution U[−r, r] with the "
                        "right variance, not the variance itself (Var = r²/3)."),
        Mistake("product", wrong=lambda n_in, n_out: 2.0 / (n_in * n_out),
                message="Average the two conditions n_in Var(W) = 1 and n_out Var(W) = 1: "
                        "(n_in + n_out)/2 · Var(W) = 1. The product n_in n_out has the wrong "
                        "units (it would make the variance of z shrink with the width)."),
    ],
    hints=[
        "Average the two conditions: $\\frac{n_{k-1} + n_k}{2} \\operatorname{Var}(W^k) = 1$.",
        "`return 2 / (n_in + n_out)`",
    ],
    solution=(
        "Forward: $n_{k-1}\\operatorname{Var}(W) = 1$; backward: $n_k \\operatorname{Var}(W) = 1$. "
        "Averaging, $\\frac{n_{k-1} + n_k}{2}\\operatorname{Var}(W) = 1$, so "
        "$\\operatorname{Var}(W) = \\frac{2}{n_{k-1} + n_k}$ (Glorot & Bengio 2010, eq. 12). For "
        "equal widths it satisfies both exactly.\n\n```python\ndef var_w(n_in, n_out):\n"
        "    return 2 / (n_in + n_out)\n```"
    ),
)


# ---------------------------------------------------------------------------------------------
# initialization.uniform_bound (function)
# ---------------------------------------------------------------------------------------------

def uniform_bound(n_in, n_out):
    """r with Var(U[-r, r]) = r^2/3 = 2/(n_in + n_out): r = sqrt(6/(n_in + n_out))."""
    return float(np.sqrt(6.0 / (n_in + n_out)))


uniform_bound_exercise = Exercise(
    id="initialization.uniform_bound",
    title="The uniform version: how wide?",
    prompt=(
        "Glorot and Bengio draw $W^k_{ij}$ from $U[-r, r]$. Write `uniform_bound(n_in, n_out)` "
        "returning the $r$ that gives the compromise variance $2/(n_{\\text{in}} + "
        "n_{\\text{out}})$."
    ),
    kind="function",
    reference=uniform_bound,
    cases=_PAIR_CASES,
    template="def uniform_bound(n_in, n_out):\n    ...",
    mistakes=[
        Mistake("variance_itself", wrong=lambda n_in, n_out: 2.0 / (n_in + n_out),
                message="That is the variance; the question asks for the half-width r of "
                        "U[−r, r] that HAS this variance. Var(U[−r, r]) = r²/3."),
        Mistake("forgot_three", wrong=lambda n_in, n_out: float(np.sqrt(2.0 / (n_in + n_out))),
                message="That r would give variance r²/3 = 2/(3(n_in + n_out)), a third too "
                        "small: the variance of U[−r, r] is r²/3, not r², so r² = 3 · Var."),
        Mistake("std", wrong=lambda n_in, n_out: float(np.sqrt(2.0 / (n_in + n_out)) / np.sqrt(3)),
                message="Solve r²/3 = Var for r: r = √(3 Var), not √Var/√3."),
    ],
    hints=[
        "$\\operatorname{Var}(U[-r, r]) = r^2/3$; set it equal to $2/(n_{\\text{in}} + "
        "n_{\\text{out}})$ and solve for $r$.",
    ],
    solution=(
        "$\\frac{r^2}{3} = \\frac{2}{n_{k-1} + n_k} \\Rightarrow r = \\sqrt{\\frac{6}{n_{k-1} + "
        "n_k}}$, the \"normalized initialization\" of Glorot & Bengio (2010).\n\n```python\n"
        "def uniform_bound(n_in, n_out):\n    return np.sqrt(6 / (n_in + n_out))\n```"
    ),
)


# ---------------------------------------------------------------------------------------------
# initialization.he_variance (function)
# ---------------------------------------------------------------------------------------------

def he_variance(n_in, n_out):
    """He et al. (2015): Var(W) = 2 / n_in keeps Var(z) through ReLU layers."""
    return 2.0 / n_in


he_variance_exercise = Exercise(
    id="initialization.he_variance",
    title="He's variance for ReLU",
    prompt=(
        "For ReLU, $a = \\max(0, z)$ with $z$ symmetric about 0 gives "
        "$\\mathbb{E}[a^2] = \\tfrac12 \\operatorname{Var}(z)$. Using the forward recursion "
        "$\\operatorname{Var}(z^k) = n_{k-1}\\operatorname{Var}(W^k)\\,\\mathbb{E}[(a^{k-1})^2]$, "
        "write `he_variance(n_in, n_out)` returning the $\\operatorname{Var}(W^k)$ that keeps "
        "$\\operatorname{Var}(z^k) = \\operatorname{Var}(z^{k-1})$ (you may not need both "
        "arguments)."
    ),
    kind="function",
    reference=he_variance,
    cases=_PAIR_CASES,
    template="def he_variance(n_in, n_out):\n    ...",
    mistakes=[
        Mistake("no_half", wrong=lambda n_in, n_out: 1.0 / n_in,
                message="1/n_in forgets that ReLU zeroes the negative half of z: E[a²] is only "
                        "half of Var(z), so the weights must make up a factor 2."),
        Mistake("xavier", wrong=lambda n_in, n_out: 2.0 / (n_in + n_out),
                message="That is Glorot and Bengio's compromise for tanh. For ReLU the forward "
                        "condition is n_{k−1} Var(W) · ½ = 1."),
        Mistake("quarter", wrong=lambda n_in, n_out: 4.0 / n_in,
                message="ReLU halves the second moment once per layer, so the weights need a "
                        "factor 2, not 4: n_{k−1} Var(W) · ½ = 1."),
        Mistake("fan_out", wrong=lambda n_in, n_out: 2.0 / n_out,
                message="The forward condition counts the n_{k−1} = n_in terms of the sum "
                        "z^k_i = Σ_j W^k_ij a^{k−1}_j (He et al. also give a backward version "
                        "with n_out, but here we keep the forward variance)."),
    ],
    hints=[
        "Set $\\operatorname{Var}(z^k) = n_{k-1}\\operatorname{Var}(W)\\cdot\\tfrac12 "
        "\\operatorname{Var}(z^{k-1})$ equal to $\\operatorname{Var}(z^{k-1})$.",
    ],
    solution=(
        "$\\operatorname{Var}(z^k) = n_{k-1}\\operatorname{Var}(W^k) \\cdot \\tfrac12 "
        "\\operatorname{Var}(z^{k-1})$, so keeping it requires $\\operatorname{Var}(W^k) = "
        "2/n_{k-1}$ (He et al. 2015). The 2 makes up for the half of the units that ReLU "
        "switches off.\n\n```python\ndef he_variance(n_in, n_out):\n    return 2 / n_in\n```"
    ),
)


#: This chapter's exercises, in the order the chapter asks them.
EXERCISES = [
    forward_variance_exercise,
    standard_factor_exercise,
    var_w_exercise,
    uniform_bound_exercise,
    he_variance_exercise,
]
