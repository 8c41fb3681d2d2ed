"""Exercises of the chapter "The cross-entropy cost" (``ch-cross-entropy``).

The cost of a softmax classifier from its logits, and its output error delta^L = (O - E)/B for a
batch, with the mistakes the chapter warns about diagnosed: a log of the wrong thing, the
softmax's other outputs forgotten, the 1/B.
"""

import numpy as np

from .exercise import Exercise, Mistake


def _softmax(Z):
    e = np.exp(Z - Z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


# ---------------------------------------------------------------------------------------------
# cross_entropy.cost (value)
# ---------------------------------------------------------------------------------------------

Z = np.array([[2.0, 0.5, -1.0],
              [0.2, 1.5, 0.3],
              [-0.5, 0.0, 2.5],
              [1.0, 3.0, 0.0]])
LABELS = np.array([0, 1, 2, 0])          # the last example is confidently wrong
E = np.eye(3)[LABELS]
_O = _softmax(Z)
_B = len(Z)
_P_LABEL = _O[np.arange(_B), LABELS]

cost_exercise = Exercise(
    id="cross_entropy.cost",
    title="The cost of a softmax classifier",
    prompt=(
        "A classifier with three classes gives the logits $z^L$ of 4 examples in the rows of "
        "$Z = <<Z:latex>>$ (`q.data['Z']`); the examples' labels are $<<labels:latex>>$ "
        "(`q.data['labels']`, classes counted from 0; one-hot rows in `q.data['E']`). With "
        "$O = \\mathrm{softmax}(z^L)$ row by row, compute the batch's cost: the MEAN over the "
        "examples of $-\\sum_i E_i \\log O_i$."
    ),
    kind="value",
    digits=4,  # worked by hand or with a calculator
    quantity="the mean cross-entropy",
    template=("d = q.data            # Z, labels, E\n"
              "my_answer = ...        # a number: the mean cross-entropy"),
    reference=lambda: float(np.mean(-np.log(_P_LABEL))),
    data=dict(Z=Z, labels=LABELS, E=E),
    mistakes=[
        Mistake("summed", wrong=lambda: float(np.sum(-np.log(_P_LABEL))),
                message="You summed the examples' costs. The batch cost is their MEAN: divide by "
                        "the number of examples, B = 4.",
                hint="How many examples are in the batch, and what does the mean do with them?"),
        Mistake("log_of_max", wrong=lambda: float(np.mean(-np.log(_O.max(axis=1)))),
                message="You took the log of the LARGEST probability of each example. The cost "
                        "takes the log of the probability given to the RIGHT class, O at the "
                        "label (E picks it out), whether or not it is the largest."),
        Mistake("no_softmax",
                wrong=lambda: float(np.mean(-np.log(1 / (1 + np.exp(-Z[np.arange(_B), LABELS]))))),
                message="You turned the label's logit into a probability on its own (a sigmoid). "
                        "The softmax divides by the sum over ALL classes: O_i = e^(z_i) / Σ_j e^(z_j), "
                        "so the other logits matter too."),
        Mistake("log10", wrong=lambda: float(np.mean(-np.log10(_P_LABEL))),
                message="You used the base-10 logarithm (`np.log10`). The cross-entropy uses the "
                        "natural logarithm, `np.log` (base e): its derivative is what makes "
                        "δᴸ = O − E."),
        Mistake("log_of_complement", wrong=lambda: float(np.mean(-np.log(1 - _P_LABEL))),
                message="That is −log(1 − O) at the label: the log of the probability of NOT "
                        "being the right class. The cost is −log O at the label."),
        Mistake("logit_not_probability", wrong=lambda: float(np.mean(-Z[np.arange(_B), LABELS])),
                message="You took −z at the label, the logit itself, not −log O. The logits are "
                        "not probabilities: first the softmax, then the log of the label's "
                        "probability."),
    ],
    hints=[
        "Turn each row of logits into probabilities with the softmax, take the probability each "
        "example gives to its own label, and average $-\\log$ of those.",
        "Row by row: `P = np.exp(d[\"Z\"] - d[\"Z\"].max(axis=1, keepdims=True))`, then "
        "`P = P / P.sum(axis=1, keepdims=True)`; the label's probabilities are "
        "`P[np.arange(4), d[\"labels\"]]`.",
        "The whole computation: "
        "`P = np.exp(d[\"Z\"] - d[\"Z\"].max(axis=1, keepdims=True))`, "
        "`P = P / P.sum(axis=1, keepdims=True)`, "
        "`my_answer = np.mean(-np.log(P[np.arange(4), d[\"labels\"]]))`.",
    ],
    solution=(
        "The softmax of each row, the probability of the label, $-\\log$ of it, and the mean over "
        "the 4 examples: $C \\approx <<answer>>$.\n\n"
        "```python\nd = q.data\nP = np.exp(d['Z'] - d['Z'].max(axis=1, keepdims=True))\n"
        "P = P / P.sum(axis=1, keepdims=True)\n"
        "my_answer = np.mean(-np.log(P[np.arange(len(P)), d['labels']]))\n```\n\n"
        "The last example is confidently wrong (its label's logit is 1.0, another is 3.0), and it "
        "contributes most of the cost."
    ),
)


# ---------------------------------------------------------------------------------------------
# cross_entropy.output_delta (function)
# ---------------------------------------------------------------------------------------------

def output_delta(Z, E):
    """delta^L of the mean cross-entropy of a softmax output: (softmax(Z) - E) / B."""
    return (_softmax(Z) - E) / Z.shape[0]


def _draw(rng, B, n):
    Zc = np.round(rng.uniform(-2, 2, (B, n)), 2)
    Ec = np.eye(n)[rng.integers(0, n, B)]
    return dict(Z=Zc, E=Ec)


_rng = np.random.default_rng(21)
_CASES = [_draw(_rng, 4, 3), _draw(_rng, 2, 5), _draw(_rng, 6, 2), _draw(_rng, 1, 4)]

output_delta_exercise = Exercise(
    id="cross_entropy.output_delta",
    title="The output error of a softmax classifier",
    prompt=(
        "Write `output_delta(Z, E)`: the rows of `Z` $(B, n)$ are the logits $z^L$ of $B$ "
        "examples, the rows of `E` their one-hot targets. Return $\\delta^L = \\partial C/\\partial "
        "z^L$, shape $(B, n)$, for the batch cost $C$ = the MEAN over the examples of "
        "$-\\sum_i E_i \\log O_i$, with $O = \\mathrm{softmax}(z^L)$ row by row. Your function is "
        "run on batches and class counts of several sizes."
    ),
    kind="function",
    quantity="δᴸ",
    gradient=True,
    template=("def output_delta(Z, E):\n"
              "    ...                # return delta^L, shape (B, n)"),
    reference=output_delta,
    cases=_CASES,
    random_case=lambda rng: _draw(rng, int(rng.integers(2, 9)), int(rng.integers(2, 7))),
    batch_size=lambda case: case["Z"].shape[0],
    numpy_budget=(("log", "log1p", "log2", "log10", "logaddexp"), lambda case: case["Z"].shape[0] + 2),
    mistakes=[
        Mistake("diagonal_only", wrong=lambda Z, E: (-E * (1 - _softmax(Z))) / Z.shape[0],
                message="You used only the diagonal of the softmax's Jacobian, as if O_i depended "
                        "on z_i alone. Each O_j depends on every z_i "
                        "(∂O_j/∂z_i = O_j([i = j] − O_i)); summing over all outputs gives O − E.",
                hint="Does O₂ change when z₁ changes? Follow every path from z_i to the cost."),
        Mistake("no_softmax", wrong=lambda Z, E: (Z - E) / Z.shape[0],
                message="δᴸ = (O − E)/B uses the probabilities O = softmax(z), not the logits z "
                        "themselves."),
        Mistake("summed", wrong=lambda Z, E: _softmax(Z) - E,
                message="These are the examples' own errors. The batch cost is the MEAN, so each "
                        "row carries a factor 1/B."),
        Mistake("flipped_sign", wrong=lambda Z, E: (E - _softmax(Z)) / Z.shape[0],
                message="The sign is flipped: δᴸ = (O − E)/B is positive where the network gives "
                        "too much probability, negative at the label it under-rates."),
    ],
    hints=[
        "The softmax's Jacobian cancels against the derivative of $-\\sum_i E_i \\log O_i$: "
        "per example, $\\delta^L = O - E$.",
        "First the probabilities, row by row: subtract each row's maximum, exponentiate, divide "
        "by the row's sum; then the difference with `E`, and the $\\frac1B$ of the mean.",
        "`O = np.exp(Z - Z.max(axis=1, keepdims=True)); O /= O.sum(axis=1, keepdims=True)`, then "
        "`return (O - E) / Z.shape[0]`.",
    ],
    solution=(
        "Per example $\\partial C_b/\\partial z^L = O - E$; the mean over the batch divides by "
        "$B$.\n\n"
        "```python\ndef output_delta(Z, E):\n"
        "    O = np.exp(Z - Z.max(axis=1, keepdims=True))\n"
        "    O /= O.sum(axis=1, keepdims=True)\n"
        "    return (O - E) / Z.shape[0]\n```"
    ),
)


#: This chapter's exercises, in the order the chapter asks them.
EXERCISES = [cost_exercise, output_delta_exercise]
