"""Exercises for the notation page: shapes, parameter counts, and indexing by layer number."""

import numpy as np

from .exercise import Exercise, Mistake

SIZES = (4, 6, 3)  # n_0, n_1, n_2


weight_shape_exercise = Exercise(
    id="notation.weight_shape",
    title="The shape of a weight matrix",
    prompt=(
        "A network has layer widths $(n_0, n_1, n_2) = $ <<sizes>> (`q.data['sizes']`). "
        "Give the shape of $W^2$ as a pair `(rows, columns)`."
    ),
    kind="value",
    digits="exact",  # a whole number, typed exactly
    quantity="the shape of W²",
    reference=lambda: np.array([SIZES[2], SIZES[1]]),
    data=dict(sizes=SIZES),
    mistakes=[
        Mistake(
            "columns_first",
            wrong=lambda: np.array([SIZES[1], SIZES[2]]),
            message=(
                "You gave (n_{k-1}, n_k). In z^k = W^k a^{k-1} + b^k the matrix multiplies "
                "a^{k-1}, so its number of columns must match layer k-1, and it produces one "
                "row per unit of layer k."
            ),
        ),
        Mistake(
            "wrong_layer",
            wrong=lambda: np.array([SIZES[1], SIZES[0]]),
            message=(
                "That is the shape of W^1, the weights into layer 1. W^k carries the values "
                "from layer k-1 into layer k: here from layer 1 into layer 2."
            ),
        ),
    ],
    hints=[
        "W^k appears in z^k = W^k a^{k-1} + b^k: what length does a^{k-1} have, and z^k?",
        "So Wᵏ must take a vector of length n_{k-1} and return one of length n_k: which of those is the number of columns?",
        "A matrix of shape (r, c) takes a vector of length c and returns one of length r.",
    ],
    solution=(
        "$W^2$ takes $a^1$ (length $n_1 = 6$) to $z^2$ (length $n_2 = 3$), so it has shape "
        "$(n_2, n_1) = (3, 6)$; in code `net.W[2].shape == (3, 6)`."
    ),
    template=('my_answer = ...        # (rows, columns)'),
)


parameter_count_exercise = Exercise(
    id="notation.parameter_count",
    title="How many parameters?",
    prompt=(
        "How many weights and biases does the network with widths <<sizes>> have in all "
        "(`q.data['sizes']`)?"
    ),
    kind="value",
    digits="exact",  # a whole number, typed exactly
    quantity="the number of parameters",
    reference=lambda: float(sum(SIZES[k] * SIZES[k - 1] + SIZES[k] for k in range(1, len(SIZES)))),
    data=dict(sizes=SIZES),
    mistakes=[
        Mistake(
            "no_biases",
            wrong=lambda: float(sum(SIZES[k] * SIZES[k - 1] for k in range(1, len(SIZES)))),
            message="You counted the weights W^k but not the biases b^k: every unit after the input has one.",
        ),
        Mistake(
            "input_biases",
            wrong=lambda: float(sum(SIZES[k] * SIZES[k - 1] for k in range(1, len(SIZES))) + sum(SIZES)),
            message=(
                "You gave the input layer biases too. Layer 0 is the input x itself: it has no "
                "b^0 (in code, net.b[0] is None)."
            ),
        ),
    ],
    hints=[
        "Count layer by layer: W^k has n_k × n_{k-1} entries and b^k has n_k.",
        "Layer 1 has n₁ × n₀ weights and n₁ biases; layer 2 has n₂ × n₁ weights and n₂ biases.",
        "Only layers 1 and 2 have weights and biases.",
    ],
    solution=(
        "$W^1$: $6 \\times 4 = 24$, $b^1$: $6$, $W^2$: $3 \\times 6 = 18$, $b^2$: $3$; in all "
        "$24 + 6 + 18 + 3 = 51$ (`Network([4, 6, 3]).n_params`)."
    ),
    template=('my_answer = ...        # a whole number'),
)


def _linear_part(W, b, a, k):
    return W[k] @ a[k - 1] + b[k]


def _case(seed, sizes, k):
    k = min(k, len(sizes) - 1) if k else int(np.random.default_rng(seed).integers(1, len(sizes)))
    rng = np.random.default_rng(seed)
    W = [None] + [rng.normal(size=(sizes[j], sizes[j - 1])).round(2) for j in range(1, len(sizes))]
    b = [None] + [rng.normal(size=sizes[j]).round(2) for j in range(1, len(sizes))]
    a = [rng.normal(size=n).round(2) for n in sizes]
    return dict(W=W, b=b, a=a, k=k)


linear_part_exercise = Exercise(
    id="notation.linear_part",
    title="Code that reads like the maths",
    prompt=(
        "The lists `W`, `b` and `a` are indexed by layer number, as in the library "
        "(`W[0]` and `b[0]` are `None`; `a[0]` is the input). Write `linear_part(W, b, a, k)` "
        "returning $z^k = W^k a^{k-1} + b^k$ for one example."
    ),
    kind="function",
    quantity="zᵏ",
    random_case=lambda rng: _case(int(rng.integers(1 << 30)), tuple(int(n) for n in rng.integers(1, 6, size=int(rng.integers(3, 6)))), 1),
    reference=_linear_part,
    cases=[  # the first case is square, so every mistake below runs and can be recognised
        _case(1, (3, 3, 3), 2),
        _case(2, (2, 4, 3), 1),
        _case(3, (4, 5, 2, 3), 3),
    ],
    mistakes=[
        Mistake(
            "wrong_layer_activation",
            wrong=lambda W, b, a, k: W[k] @ a[k] + b[k],
            message=(
                "You used a^k where the equation has a^{k-1}: layer k's linear part is computed "
                "from the previous layer's outputs (the inputs of the forward diagram)."
            ),
        ),
        Mistake(
            "transposed",
            wrong=lambda W, b, a, k: W[k].T @ a[k - 1] + b[k],
            message=(
                "You multiplied by (W^k)^T. W^k already has shape (n_k, n_{k-1}), so W^k a^{k-1} "
                "is `W[k] @ a[k-1]`; the transpose belongs to the backward pass."
            ),
        ),
        Mistake(
            "weights_of_previous_layer",
            wrong=lambda W, b, a, k: W[k - 1] @ a[k - 1] + b[k],
            message=(
                "You used W^{k-1}, the weights into layer k-1. The superscript of W names the "
                "layer the weights lead INTO: z^k uses W^k, which is `W[k]`."
            ),
        ),
        Mistake(
            "missing_bias",
            wrong=lambda W, b, a, k: W[k] @ a[k - 1],
            message="You left out the bias b^k, which is added after the weighted sum.",
        ),
    ],
    hints=[
        "Translate symbol by symbol: W^k is `W[k]`, a^{k-1} is `a[k-1]`, b^k is `b[k]`.",
        "z^k = W^k a^{k-1} + b^k is one matrix-vector product and one addition.",
        "The matrix product in numpy is `@`.",
    ],
    solution=(
        "```python\ndef linear_part(W, b, a, k):\n    return W[k] @ a[k - 1] + b[k]\n```\n"
        "Because the lists are indexed by layer number, the code is the equation."
    ),
    template=('def linear_part(W, b, a, k):\n'
              '    ...                # return z^k'),
)


#: This chapter's exercises, in the order the chapter asks them.
EXERCISES = [
    weight_shape_exercise,
    parameter_count_exercise,
    linear_part_exercise,
]
