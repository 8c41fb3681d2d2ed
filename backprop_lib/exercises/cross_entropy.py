"""Exercises of the chapter "The cross-entropy cost" (``ch-cross-entropy``).

The cost of a softmax classifier from its logits, and its output error delta^L = (O - E)/B for a
batch, with the mistakes the chapter warns about diagnosed: a log of the wrong thing, the
softmax's other outputs forgotten, the 1/B.
"""

import numpy as np

from backprop_lib.exercises.core import Exercise, Mistake, register


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

register(Exercise(
    id="cross_entropy.cost",
    title="The cost of a softmax classifier",
    prompt=(
        "A classifier with three classes gives the logits $z^L$ in the rows of `q.data['Z']` "
        "(4 examples), and the labels are `q.data['labels']` (one-hot rows in `q.data['E']`). "
        "With $O = \\mathrm{softmax}(z^L)$ row by row, compute the batch's cost: the MEAN over "
        "the examples of $-\\sum_i E_i \\log O_i$."
    ),
    kind="value",
    template="d = q.data            # Z, labels, E\nmy_answer = ...        # a number: the mean cross-entropy",
    reference=lambda: float(np.mean(-np.log(_O[np.arange(_B), LABELS]))),
    data=dict(Z=Z, labels=LABELS, E=E),
    mistakes=[
        Mistake("summed", wrong=lambda: float(np.sum(-np.log(_O[np.arange(_B), LABELS]))),
                message="You summed the examples' costs. The batch cost is their MEAN: divide by "
                        "the number of examples, B = 4."),
        Mistake("log_of_max", wrong=lambda: float(np.mean(-np.log(_O.max(axis=1)))),
                message="You took the log of the LARGEST probability of each example. The cost "
                        "takes the log of the probability given to the RIGHT class, O at the "
                        "label (E picks it out), whether or not it is the largest."),
        Mistake("no_softmax", wrong=lambda: float(np.mean(-np.log(1 / (1 + np.exp(-Z[np.arange(_B), LABELS]))))),
                message="You turned the label's logit into a probability on its own (a sigmoid). "
                        "The softmax divides by the sum over ALL classes: O_i = e^{z_i} / Σ_j e^{z_j}, "
                        "so the other logits matter too."),
        Mistake("log_of_complement", wrong=lambda: float(np.mean(-np.log(1 - _O[np.arange(_B), LABELS]))),
                message="That is −log(1 − O) at the label: the log of the probability of NOT "
                        "being the right class. The cost is −log O at the label."),
    ],
    hints=[
        "Compute O with the softmax of each row (subtract the row's maximum first), then pick "
        "`O[np.arange(4), labels]`.",
        "The cost is `np.mean(-np.log(O[np.arange(4), labels]))`.",
    ],
    solution=(
        "```python\nd = q.data\nZ = d['Z']\nO = np.exp(Z - Z.max(axis=1, keepdims=True))\n"
        "O /= O.sum(axis=1, keepdims=True)\n"
        "my_answer = np.mean(-np.log(O[np.arange(len(Z)), d['labels']]))\n```\n\n"
        "The last example is confidently wrong (its label's logit is 1.0, another is 3.0), and it "
        "contributes most of the cost."
    ),
))


# ---------------------------------------------------------------------------------------------
# cross_entropy.output_delta (function)
# ---------------------------------------------------------------------------------------------

def output_delta(Z, E):
    """delta^L of the mean cross-entropy of a softmax output: (softmax(Z) - E) / B."""
    return (_softmax(Z) - E) / Z.shape[0]


_rng = np.random.default_rng(21)


def _case(B, n):
    Zc = np.round(_rng.uniform(-2, 2, (B, n)), 2)
    Ec = np.eye(n)[_rng.integers(0, n, B)]
    return dict(Z=Zc, E=Ec)


_CASES = [_case(4, 3), _case(2, 5), _case(6, 2), _case(1, 4)]

register(Exercise(
    id="cross_entropy.output_delta",
    title="The output error of a softmax classifier",
    prompt=(
        "Write `output_delta(Z, E)`: the rows of `Z` $(B, n)$ are the logits $z^L$ of $B$ "
        "examples, the rows of `E` their one-hot targets. Return $\\delta^L = \\partial C/\\partial "
        "z^L$, shape $(B, n)$, for the batch cost $C$ = the MEAN over the examples of "
        "$-\\sum_i E_i \\log O_i$, with $O = \\mathrm{softmax}(z^L)$ row by row."
    ),
    kind="function",
    template="def output_delta(Z, E):\n    ...                # return delta^L, shape (B, n)",
    reference=output_delta,
    cases=_CASES,
    batch_size=lambda case: case["Z"].shape[0],
    mistakes=[
        Mistake("diagonal_only", wrong=lambda Z, E: (-E * (1 - _softmax(Z))) / Z.shape[0],
                message="You used only the diagonal of the softmax's Jacobian, as if O_i depended "
                        "on z_i alone: ∂C/∂O_i · O_i(1 − O_i). Each O_j depends on every z_i "
                        "(∂O_j/∂z_i = O_j([i = j] − O_i)); summing over all outputs gives O − E."),
        Mistake("no_softmax", wrong=lambda Z, E: (Z - E) / Z.shape[0],
                message="δᴸ = O − E uses the probabilities O = softmax(z), not the logits z "
                        "themselves."),
        Mistake("summed", wrong=lambda Z, E: _softmax(Z) - E,
                message="These are the examples' own errors. The batch cost is the MEAN, so each "
                        "row carries a factor 1/B."),
    ],
    hints=[
        "The softmax's Jacobian cancels against the derivative of −Σ E log O: δᴸ = O − E per "
        "example.",
        "`O = np.exp(Z - Z.max(axis=1, keepdims=True)); O /= O.sum(axis=1, keepdims=True)`, then "
        "`(O - E) / Z.shape[0]`.",
    ],
    solution=(
        "```python\ndef output_delta(Z, E):\n"
        "    O = np.exp(Z - Z.max(axis=1, keepdims=True))\n"
        "    O /= O.sum(axis=1, keepdims=True)\n"
        "    return (O - E) / Z.shape[0]\n```"
    ),
))
