"""Exercises of the chapter "Computing the cost" (``ch-cost``).

The cost node closes the forward pass and opens the backward one: C = sum_i (O_i - E_i)^2,
dC/dO = 2 (O - E), and the base case of the recursion delta^L = 2 (O - E) * sigma'(z^L).
For a batch the cost is the mean over the examples.
"""

import numpy as np

from .exercise import Exercise, Mistake
from .functions import act

# ---------------------------------------------------------------------------------------------
# Shared data (also printed in the chapter's exercise cells through ``q.data``)
# ---------------------------------------------------------------------------------------------

O = np.array([0.8, -0.2, 0.1])
E = np.array([1.0, 0.0, -0.3])


# ---------------------------------------------------------------------------------------------
# computing_the_cost.squared_error
# ---------------------------------------------------------------------------------------------

squared_error_exercise = Exercise(
    id="computing_the_cost.squared_error",
    title="The cost of one example",
    prompt=(
        "A network outputs $O = <<O:latex>>$ for an example whose expected output is "
        "$E = <<E:latex>>$ (`q.data['O']`, `q.data['E']`). Compute the squared-error cost "
        "$C = \\sum_i (O_i - E_i)^2$ (one number)."
    ),
    kind="value",
    digits=4,  # worked by hand or with a calculator
    quantity="the cost C",
    factor2="The course's cost C = Σ(O − E)² has no ½ in front, so its derivative 2(O − E) has one factor 2, counted once.",
    template=('O_ex, E_ex = q.data["O"], q.data["E"]\n'
              'my_answer = ...        # a number: the cost C'),
    reference=lambda: float(np.sum((O - E) ** 2)),
    data=dict(O=O, E=E),
    mistakes=[
        Mistake("half_convention", wrong=lambda: 0.5 * float(np.sum((O - E) ** 2)),
                message="That is half the course's cost: you used the convention "
                        "½ Σ (O_i − E_i)². The source text's cost, which this course keeps, has "
                        "no ½ in front: C = Σ_i (O_i − E_i)²."),
        Mistake("mean_over_outputs", wrong=lambda: float(np.mean((O - E) ** 2)),
                message="You divided by the number of outputs (a mean). For one example the "
                        "cost is the plain SUM of the squared differences over the outputs; only "
                        "a batch of several examples is averaged."),
        Mistake("not_squared", wrong=lambda: float(np.sum(O - E)),
                message="You added up the differences O_i − E_i without squaring them, so "
                        "errors of opposite sign cancel. Square each difference first, then add."),
        Mistake("absolute", wrong=lambda: float(np.sum(np.abs(O - E))),
                message="You added up the absolute differences |O_i − E_i|. The squared error "
                        "squares each difference: (O_i − E_i)²."),
        Mistake("root", wrong=lambda: float(np.sqrt(np.sum((O - E) ** 2))),
                message="You took the square root of the sum (the distance between O and E). "
                        "The cost is the sum of squares itself, without the root."),
        Mistake("negative", wrong=lambda: -float(np.sum((O - E) ** 2)),
                message="A sum of squares is never negative; check the sign."),
    ],
    hints=[
        "Work out the three differences $O_i - E_i$ first.",
        "Square each difference, then add the squares: C = Σ_i (O_i − E_i)².",
        "Square each difference and add the three squares: `np.sum((O_ex - E_ex) ** 2)`.",
    ],
    solution=(
        "The differences $O_i - E_i$, squared and added: $C = \\sum_i (O_i - E_i)^2$ = <<answer>>.\n\n"
       
        "```python\nO_ex, E_ex = q.data['O'], q.data['E']\nmy_answer = np.sum((O_ex - E_ex) ** 2)\n```"
    ),
)


# ---------------------------------------------------------------------------------------------
# computing_the_cost.output_gradient
# ---------------------------------------------------------------------------------------------

output_gradient_exercise = Exercise(
    id="computing_the_cost.output_gradient",
    title="The error of the output",
    prompt=(
        "For the same example, $O = <<O:latex>>$ and $E = <<E:latex>>$, compute the "
        "vector $\\partial C / \\partial O$ (three numbers), the error of the activated output "
        "nodes, for $C = \\sum_i (O_i - E_i)^2$."
    ),
    kind="value",
    digits=4,  # worked by hand or with a calculator
    gradient=True,
    quantity="∂C/∂O",
    factor2="The course's cost C = Σ(O − E)² has no ½ in front, so its derivative 2(O − E) has one factor 2, counted once.",
    template=('O_ex, E_ex = q.data["O"], q.data["E"]\n'
              'my_answer = ...        # an array of 3 numbers: dC/dO'),
    reference=lambda: 2 * (O - E),
    data=dict(O=O, E=E),
    mistakes=[
        Mistake("missing_factor_2", wrong=lambda: O - E,
                message="A factor 2 is missing. The derivative of the square (O_i − E_i)² is "
                        "2 (O_i − E_i): the course's cost has no ½ in front to cancel the 2."),
        Mistake("flipped_sign", wrong=lambda: 2 * (E - O),
                message="The sign is flipped: you computed 2 (E − O). Differentiate "
                        "(O_i − E_i)² with respect to O_i: the inner derivative is +1, so the "
                        "result is 2 (O_i − E_i). An output that is too high has a positive error."),
        Mistake("flipped_sign_missing_2", wrong=lambda: E - O,
                message="Two slips: the sign is flipped (E − O instead of O − E) and the factor 2 "
                        "of the square is missing."),
        Mistake("squared", wrong=lambda: (O - E) ** 2,
                message="These are the terms of the cost, (O_i − E_i)², not their derivatives. "
                        "Differentiate each term with respect to its O_i."),
        Mistake("summed", wrong=lambda: float(np.sum(2 * (O - E))),
                message="You added up the errors into one number. ∂C/∂O has one entry per "
                        "output: each O_i gets its own error 2 (O_i − E_i)."),
    ],
    hints=[
        "Only one term of the sum contains $O_i$: differentiate $(O_i - E_i)^2$ with respect to "
        "$O_i$.",
        "So ∂C/∂O_i = 2(O_i − E_i) for every i: one vector expression.",
        "The chain rule on a square gives $2 (O_i - E_i)$ times the inner derivative, which is 1.",
    ],
    solution=(
        "Only the term $(O_i - E_i)^2$ depends on $O_i$, so $\\partial C / \\partial O_i = 2 (O_i - E_i)$: the vector <<answer>>.\n\n"
       
        "```python\nmy_answer = 2 * (q.data['O'] - q.data['E'])\n```"
    ),
)


# ---------------------------------------------------------------------------------------------
# computing_the_cost.output_delta (function)
# ---------------------------------------------------------------------------------------------

def output_delta(zL, E, activation):
    """delta^L = dC/dz^L = 2 (O - E) * sigma'(z^L) for the squared-error cost."""
    O = activation(zL)
    return 2 * (O - E) * activation.derivative(zL)


_DELTA_CASES = [
    dict(zL=np.array([0.5, -1.2, 2.0]), E=np.array([1.0, 0.0, -0.5]), activation=act("tanh")),
    dict(zL=np.array([0.3, -2.0]), E=np.array([0.0, 1.0]), activation=act("sigmoid")),
    dict(zL=np.array([1.5]), E=np.array([0.2]), activation=act("tanh")),
    dict(zL=np.array([-0.7, 0.4, 1.1, 0.0]), E=np.array([0.5, 0.5, 0.0, 1.0]),
         activation=act("sigmoid")),
]

output_delta_exercise = Exercise(
    id="computing_the_cost.output_delta",
    title="Write the base case",
    prompt=(
        "Write `output_delta(zL, E, activation)` that returns "
        "$\\delta^L = \\partial C/\\partial z^L = 2 (O - E) \\odot \\sigma'(z^L)$ for the "
        "squared-error cost, given the output layer's linear part `zL` (a 1-D array), the "
        "expected output `E` and the output activation (`activation(z)` is $\\sigma(z)$, "
        "`activation.derivative(z)` is $\\sigma'(z)$)."
    ),
    kind="function",
    quantity="δᴸ",
    factor2="The course's cost C = Σ(O − E)² has no ½ in front, so its derivative 2(O − E) has one factor 2, counted once.",
    random_case=lambda rng: dict(zL=np.round(rng.normal(size=(n := int(rng.integers(1, 7)))), 2),
                                 E=np.round(rng.uniform(-1, 1, n), 2),
                                 activation=act(str(rng.choice(["tanh", "sigmoid"])))),
    # a loop over the entries may call it once or twice per entry; finite differences are
    # caught by WHERE they call it (at z ± h, none of the inputs)
    counted=("activation", lambda case: 2 * case["zL"].size + 3),
    template=('def output_delta(zL, E, activation):\n'
              '    ...                # return delta^L, an array shaped like zL'),
    reference=output_delta,
    cases=_DELTA_CASES,
    mistakes=[
        Mistake("forgot_activation",
                wrong=lambda zL, E, activation: 2 * (zL - E) * activation.derivative(zL),
                message="You compared the linear part z^L with E. The cost compares the OUTPUT "
                        "O = σ(z^L) with E: apply the activation first, O = activation(zL)."),
        Mistake("missing_sigma_prime",
                wrong=lambda zL, E, activation: 2 * (activation(zL) - E),
                message="That is ∂C/∂O, the error of the activated node. To get the error of the "
                        "linear part, δ^L = ∂C/∂z^L, multiply by σ'(z^L): O depends on z^L "
                        "through the activation (the last step in the cost diagram)."),
        Mistake("sigma_prime_of_a",
                wrong=lambda zL, E, activation: 2 * (activation(zL) - E)
                * activation.derivative(activation(zL)),
                message="You evaluated σ' at the output O = σ(z^L) instead of at the linear part "
                        "z^L. The chain rule needs ∂O/∂z^L = σ'(z^L): call "
                        "activation.derivative(zL)."),
        Mistake("missing_factor_2",
                wrong=lambda zL, E, activation: (activation(zL) - E) * activation.derivative(zL),
                message="A factor 2 is missing: ∂C/∂O = 2 (O − E) for C = Σ (O_i − E_i)², "
                        "which has no ½ to cancel it."),
        Mistake("flipped_sign",
                wrong=lambda zL, E, activation: 2 * (E - activation(zL)) * activation.derivative(zL),
                message="The sign is flipped: use O − E, not E − O. An output that is too high "
                        "must get a positive error, so that gradient descent lowers it."),
    ],
    hints=[
        "First the output: `O = activation(zL)`. Then the error of the activated node, "
        "$\\partial C/\\partial O = 2(O - E)$.",
        "δ^L = ∂C/∂O ⊙ σ'(z^L): two arrays of the same shape, multiplied entry by entry.",
        "Multiply entry by entry by $\\sigma'(z^L)$ = `activation.derivative(zL)` (at `zL`, not "
        "at `O`).",
    ],
    solution=(
        "```python\ndef output_delta(zL, E, activation):\n"
        "    O = activation(zL)\n"
        "    return 2 * (O - E) * activation.derivative(zL)\n```\n\n"
        "The derivative is taken at the linear part `zL`, not at the output `O`."
    ),
)


# ---------------------------------------------------------------------------------------------
# computing_the_cost.batch_cost (function)
# ---------------------------------------------------------------------------------------------

def batch_cost(O, E):
    """The course's batch cost: the mean over examples (rows) of the summed squared error."""
    return float(np.mean(np.sum((O - E) ** 2, axis=1)))


_rng = np.random.default_rng(3)
_BATCH_CASES = [
    dict(O=np.round(_rng.uniform(-1, 1, (4, 3)), 2), E=np.round(_rng.uniform(-1, 1, (4, 3)), 2)),
    dict(O=np.round(_rng.uniform(-1, 1, (2, 5)), 2), E=np.round(_rng.uniform(-1, 1, (2, 5)), 2)),
    dict(O=np.array([[0.3, -0.4]]), E=np.array([[0.0, 0.1]])),
    dict(O=np.round(_rng.uniform(0, 1, (6, 1)), 2), E=np.array([[0.], [1.], [1.], [0.], [1.], [0.]])),
]

batch_cost_exercise = Exercise(
    id="computing_the_cost.batch_cost",
    title="The cost of a batch",
    prompt=(
        "Write `batch_cost(O, E)` that returns the course's cost of a batch as one number. `O` "
        "and `E` have shape $(B, n_L)$, one row per example; the cost is "
        "$C = \\frac{1}{B} \\sum_r \\sum_i (O_{ri} - E_{ri})^2$."
    ),
    kind="function",
    quantity="the batch cost",
    factor2="The course's cost C = Σ(O − E)² has no ½ in front, so its derivative 2(O − E) has one factor 2, counted once.",
    random_case=lambda rng: dict(O=np.round(rng.uniform(-1, 1, (s := (int(rng.integers(2, 9)), int(rng.integers(1, 6))))), 2),
                                 E=np.round(rng.uniform(-1, 1, s), 2)),
    template=('def batch_cost(O, E):\n'
              '    ...                # return one number: the batch cost'),
    reference=batch_cost,
    cases=_BATCH_CASES,
    batch_size=lambda case: case["O"].shape[0],
    mistakes=[
        Mistake("divided_by_B_minus_1",
                wrong=lambda O, E: float(np.sum((O - E) ** 2) / (O.shape[0] - 1)),
                message="You divided by B − 1, as for an unbiased sample variance. The batch cost "
                        "is the plain MEAN of the examples' costs: divide by B."),
        Mistake("sum_over_batch", wrong=lambda O, E: float(np.sum((O - E) ** 2)),
                message="You summed over the examples of the batch. The course's batch cost is "
                        "the MEAN over the examples (divide the sum by B), so that it does not "
                        "grow with the batch size."),
        Mistake("mean_over_everything", wrong=lambda O, E: float(np.mean((O - E) ** 2)),
                message="You took the mean over every entry, which also divides by the number "
                        "of outputs n_L. Sum over the outputs of each example (axis 1) and "
                        "average only over the examples (axis 0)."),
        Mistake("per_example", wrong=lambda O, E: np.sum((O - E) ** 2, axis=1),
                message="These are the costs of the single examples, one per row. The batch cost "
                        "is one number: their mean."),
        Mistake("half_convention", wrong=lambda O, E: 0.5 * float(np.mean(np.sum((O - E) ** 2,
                                                                                  axis=1))),
                message="That is half the course's cost: the squared error here has no ½ in "
                        "front, C = Σ_i (O_i − E_i)² per example."),
        Mistake("axes_swapped", wrong=lambda O, E: float(np.mean(np.sum((O - E) ** 2, axis=0))),
                message="The axes are swapped: you summed over the examples (axis 0) and "
                        "averaged over the outputs (axis 1). Rows are examples: sum each row's "
                        "squared errors (axis 1), then average over the rows (axis 0)."),
        Mistake("per_output", wrong=lambda O, E: np.mean((O - E) ** 2, axis=0),
                message="You averaged over the examples but kept one number per output. Add the "
                        "outputs' squared errors too: the cost is a single number."),
    ],
    hints=[
        "First the cost of each example: the sum over its outputs, `np.sum(..., axis=1)`.",
        "Each row is one example: square the differences, sum each row, then average the row sums.",
        "Then the mean of those $B$ numbers.",
    ],
    solution=(
        "```python\ndef batch_cost(O, E):\n"
        "    per_example = np.sum((O - E) ** 2, axis=1)   # one cost per row\n"
        "    return np.mean(per_example)                  # mean over the batch\n```"
    ),
)


#: This chapter's exercises, in the order the chapter asks them.
EXERCISES = [
    squared_error_exercise,
    output_gradient_exercise,
    output_delta_exercise,
    batch_cost_exercise,
]
