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
    digits=4,  # worked by hand or with a calculator
    template=('my_answer = ...        # a number: Var(z^k_i)'),
    quantity="Var(zᵏ)",
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
        "With n_{k−1} independent terms, the variances add: Var(z) = n_{k−1} Var(W) Var(a).",
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
    digits=4,  # worked by hand or with a calculator
    template=('my_answer = ...        # a number'),
    quantity="the factor",
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
    hints=["$\\operatorname{Var}(U[-r, r]) = r^2/3$ with $r = 1/\\sqrt{n_{k-1}}$.",
        "So Var(W) = 1/(3 n_{k−1}); multiply by n_{k−1}.",
        "`my_answer = 1 / 3`",],
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
    """The forward factor n_in Var(W) of Glorot and Bengio's compromise Var(W) = 2/(n_in + n_out)."""
    return 2.0 * n_in / (n_in + n_out)


def _pair_case(rng):
    return dict(n_in=int(rng.integers(1, 5000)), n_out=int(rng.integers(1, 5000)))


_PAIR_CASES = [
    dict(n_in=100, n_out=300),
    dict(n_in=784, n_out=256),
    dict(n_in=10, n_out=10),
    dict(n_in=1, n_out=7),
    dict(n_in=4096, n_out=1000),
]

var_w_exercise = Exercise(
    id="initialization.var_w",
    title="What the compromise does to the forward signal",
    prompt=(
        "Glorot and Bengio's compromise $\\operatorname{Var}(W^k) = 2/(n_{k-1} + n_k)$ satisfies "
        "the forward condition $n_{k-1}\\operatorname{Var}(W^k) = 1$ only when $n_{k-1} = n_k$. "
        "Write `var_w(n_in, n_out)` (with $n_{\\text{in}} = n_{k-1}$, $n_{\\text{out}} = n_k$) "
        "returning the factor $n_{k-1}\\operatorname{Var}(W^k)$ by which a layer with this "
        "initialization multiplies the variance of the forward signal (in the linear regime of "
        "tanh). Is it above or below 1 for a layer that narrows?"
    ),
    kind="function",
    random_case=_pair_case,
    reference=var_w,
    cases=_PAIR_CASES,
    template=('def var_w(n_in, n_out):\n'
              '    ...                # return n_in * Var(W), the forward factor'),
    quantity="the forward factor",
    mistakes=[
        Mistake("variance_itself", wrong=lambda n_in, n_out: 2.0 / (n_in + n_out),
                message="That is Var(Wᵏ) itself. The forward recursion multiplies the variance "
                        "by n_{k−1} Var(Wᵏ): multiply by the number of terms of the sum.",
                hint="Var(zᵏ) = n_{k−1} Var(Wᵏ) Var(aᵏ⁻¹): which factor is the layer's?"),
        Mistake("backward_factor", wrong=lambda n_in, n_out: 2.0 * n_out / (n_in + n_out),
                message="That is the BACKWARD factor n_k Var(Wᵏ). The forward sum "
                        "zᵏ_i = Σ_j Wᵏ_ij aᵏ⁻¹_j has n_{k−1} = n_in terms."),
        Mistake("exactly_one", wrong=lambda n_in, n_out: 1.0,
                message="1 holds only when n_in = n_out: the compromise averages the two "
                        "conditions, so for unequal widths neither holds exactly."),
        Mistake("inverted", wrong=lambda n_in, n_out: (n_in + n_out) / (2.0 * n_in),
                message="Upside down: put Var(Wᵏ) = 2/(n_in + n_out) into n_in · Var(Wᵏ)."),
    ],
    hints=[
        "The forward recursion: Var(zᵏ) = n_{k−1} Var(Wᵏ) Var(aᵏ⁻¹).",
        "Put the compromise Var(Wᵏ) = 2/(n_in + n_out) into the factor n_{k−1} Var(Wᵏ).",
        "`return n_in * 2 / (n_in + n_out)`",
    ],
    solution=(
        "The factor is $n_{k-1}\\operatorname{Var}(W^k) = \\frac{2 n_{k-1}}{n_{k-1} + n_k}$: "
        "exactly 1 for equal widths, above 1 (up to 2) when the layer narrows "
        "($n_k < n_{k-1}$), below 1 when it widens.\n\n```python\ndef var_w(n_in, n_out):\n"
        "    return 2 * n_in / (n_in + n_out)\n```"
    ),
)


# ---------------------------------------------------------------------------------------------
# initialization.uniform_bound (function)
# ---------------------------------------------------------------------------------------------

def uniform_bound(n_in, n_out):
    """He's variance 2/n_in as a uniform distribution: r with r^2/3 = 2/n_in, r = sqrt(6/n_in)."""
    return float(np.sqrt(6.0 / n_in))


uniform_bound_exercise = Exercise(
    id="initialization.uniform_bound",
    title="The uniform version for ReLU: how wide?",
    prompt=(
        "Glorot and Bengio's uniform initialization draws $W^k_{ij}$ from $U[-r, r]$ with the "
        "variance of their compromise. Do the same for ReLU layers: write "
        "`uniform_bound(n_in, n_out)` returning the $r$ for which $U[-r, r]$ has He's variance "
        "(the variance that keeps $\\operatorname{Var}(z^k)$ through a ReLU layer, see below if you "
        "need it: $2/n_{\\text{in}}$)."
    ),
    kind="function",
    random_case=_pair_case,
    reference=uniform_bound,
    cases=_PAIR_CASES,
    template=('def uniform_bound(n_in, n_out):\n'
              '    ...                # return r for He\'s variance'),
    quantity="the half-width r",
    mistakes=[
        Mistake("variance_itself", wrong=lambda n_in, n_out: 2.0 / n_in,
                message="That is the variance; the question asks for the half-width r of "
                        "U[−r, r] that HAS this variance. Var(U[−r, r]) = r²/3."),
        Mistake("forgot_three", wrong=lambda n_in, n_out: float(np.sqrt(2.0 / n_in)),
                message="That r would give variance r²/3, a third of what you want: the "
                        "variance of U[−r, r] is r²/3, not r², so r² = 3 · Var."),
        Mistake("glorot", wrong=lambda n_in, n_out: float(np.sqrt(6.0 / (n_in + n_out))),
                message="That is Glorot and Bengio's bound, for their tanh compromise. For ReLU "
                        "the variance to reach is He's, which counts only the n_in inputs."),
        Mistake("no_relu_factor", wrong=lambda n_in, n_out: float(np.sqrt(3.0 / n_in)),
                message="That bound gives Var(W) = 1/n_in, which forgets the factor 2 that makes "
                        "up for the half of the units ReLU switches off."),
    ],
    hints=[
        "Var(U[−r, r]) = r²/3.",
        "Set r²/3 equal to the variance you want and solve for r.",
        "`return np.sqrt(3 * 2 / n_in)`",
    ],
    solution=(
        "$\\frac{r^2}{3} = \\frac{2}{n_{k-1}} \\Rightarrow r = \\sqrt{\\frac{6}{n_{k-1}}}$ "
        "(PyTorch's `kaiming_uniform_` with its ReLU gain).\n\n```python\n"
        "def uniform_bound(n_in, n_out):\n    return np.sqrt(6 / n_in)\n```"
    ),
)


# ---------------------------------------------------------------------------------------------
# initialization.he_variance (function)
# ---------------------------------------------------------------------------------------------

def he_variance(n_in, alpha):
    """Leaky ReLU with negative slope alpha: E[a^2] = (1 + alpha^2)/2 Var(z), so
    Var(W) = 2 / ((1 + alpha^2) n_in) keeps Var(z)."""
    return 2.0 / ((1.0 + alpha ** 2) * n_in)


he_variance_exercise = Exercise(
    id="initialization.he_variance",
    title="He's variance for a leaky ReLU",
    prompt=(
        "A leaky ReLU passes negative inputs with a small slope: $a = z$ for $z > 0$ and "
        "$a = \\alpha z$ for $z \\le 0$. With $z$ symmetric about 0, redo the ReLU argument "
        "below for it: write `he_variance(n_in, alpha)` returning the "
        "$\\operatorname{Var}(W^k)$ that keeps $\\operatorname{Var}(z^k) = "
        "\\operatorname{Var}(z^{k-1})$ through a leaky-ReLU layer. (For $\\alpha = 0$ it is "
        "ReLU.)"
    ),
    kind="function",
    random_case=lambda rng: dict(n_in=int(rng.integers(1, 5000)), alpha=float(np.round(rng.uniform(0.01, 0.5), 3))),
    reference=he_variance,
    cases=[dict(n_in=100, alpha=0.1), dict(n_in=784, alpha=0.0), dict(n_in=10, alpha=0.3),
           dict(n_in=1, alpha=0.01), dict(n_in=512, alpha=0.2)],
    template=('def he_variance(n_in, alpha):\n'
              '    ...                # return Var(W) for a leaky ReLU with slope alpha'),
    quantity="Var(W)",
    mistakes=[
        Mistake("relu_only", wrong=lambda n_in, alpha: 2.0 / n_in,
                message="That is He's variance for ReLU; it ignores the slope α of the negative "
                        "side. The negative half now passes α z, whose square is α² z².",
                hint="Split E[a²] into the positive half (z²) and the negative half ((α z)²)."),
        Mistake("alpha_not_squared", wrong=lambda n_in, alpha: 2.0 / ((1.0 + alpha) * n_in),
                message="The negative half contributes E[(α z)²] = α² E[z²]: square the slope."),
        Mistake("no_half", wrong=lambda n_in, alpha: 1.0 / ((1.0 + alpha ** 2) * n_in),
                message="Each half of z carries HALF of Var(z): E[a²] = ½ (1 + α²) Var(z). The "
                        "½ is missing."),
        Mistake("inverted", wrong=lambda n_in, alpha: (1.0 + alpha ** 2) / (2.0 * n_in),
                message="Solve n_{k−1} Var(W) · ½(1 + α²) = 1 for Var(W): the factor goes to the "
                        "denominator."),
        Mistake("halved", wrong=lambda n_in, alpha: 1.0 / (2.0 * (1.0 + alpha ** 2) * n_in),
                message="Solving n_{k−1} Var(W) · ½(1 + α²) = 1 for Var(W) moves the ½ to the "
                        "other side: it becomes a factor 2, not ½."),
    ],
    hints=[
        "E[a²] = E[z²; z > 0] + α² E[z²; z ≤ 0], and each half of a symmetric z holds half of "
        "Var(z).",
        "So E[a²] = ½(1 + α²) Var(z); put it into Var(zᵏ) = n_{k−1} Var(Wᵏ) E[(aᵏ⁻¹)²].",
        "`return 2 / ((1 + alpha ** 2) * n_in)`",
    ],
    solution=(
        "$\\mathbb{E}[a^2] = \\tfrac12(1 + \\alpha^2)\\operatorname{Var}(z)$, so "
        "$\\operatorname{Var}(z^k) = n_{k-1}\\operatorname{Var}(W^k)\\,\\tfrac12(1 + \\alpha^2)"
        "\\operatorname{Var}(z^{k-1})$, and keeping it requires "
        "$\\operatorname{Var}(W^k) = \\frac{2}{(1 + \\alpha^2)\\, n_{k-1}}$ (He et al. 2015, who "
        "treat the leaky case too). For $\\alpha = 0$ it is ReLU's $2/n_{k-1}$.\n\n```python\n"
        "def he_variance(n_in, alpha):\n    return 2 / ((1 + alpha ** 2) * n_in)\n```"
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
