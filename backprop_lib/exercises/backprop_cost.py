"""Exercises of the chapter "Backpropagating the cost" (``ch-backprop-cost``).

The single-node rule for a whole layer, delta^k = sigma'(z^k) * (W^{k+1})^T delta^{k+1}, and the
recursion from the cost's base case delta^L = 2 (O - E) * sigma'(z^L) back to layer 1.
"""

import numpy as np

from backprop_lib.exercises.core import Exercise, Mistake, register
from backprop_lib.exercises.cost import act

# ---------------------------------------------------------------------------------------------
# backprop_cost.hidden_delta (value)
# ---------------------------------------------------------------------------------------------

Z_K = np.array([0.5, -1.0])
W_NEXT = np.array([[1.0, -0.5],
                   [0.3, 0.8],
                   [-0.6, 0.2]])
DELTA_NEXT = np.array([0.2, -0.4, 0.1])


def _tanh_prime(z):
    return 1.0 - np.tanh(z) ** 2


register(Exercise(
    id="backprop_cost.hidden_delta",
    title="A hidden layer's error, by hand",
    prompt=(
        "A layer of two $\\tanh$ units with linear parts $z^k = (0.5, -1.0)$ feeds three units of "
        "the next layer through $W^{k+1}$ (shape (3, 2)), whose errors are "
        "$\\delta^{k+1} = (0.2, -0.4, 0.1)$ (`q.data['z']`, `q.data['W_next']`, "
        "`q.data['delta_next']`). Compute $\\delta^k$ (two numbers)."
    ),
    kind="value",
    reference=lambda: _tanh_prime(Z_K) * (W_NEXT.T @ DELTA_NEXT),
    data=dict(z=Z_K, W_next=W_NEXT, delta_next=DELTA_NEXT),
    mistakes=[
        Mistake("missing_sigma_prime", wrong=lambda: W_NEXT.T @ DELTA_NEXT,
                message="That is ∂C/∂a^k, the error of the activated nodes. The error of the "
                        "linear part needs one more factor: multiply entry by entry by σ'(z^k) "
                        "(the last step of the backward-node diagram)."),
        Mistake("sigma_prime_of_a", wrong=lambda: _tanh_prime(np.tanh(Z_K)) * (W_NEXT.T @ DELTA_NEXT),
                message="You evaluated σ' at the activation a^k = tanh(z^k) instead of at the "
                        "linear part z^k. For tanh, σ'(z) = 1 − tanh²(z) = 1 − a², which is not "
                        "σ'(a)."),
        Mistake("sigma_not_prime", wrong=lambda: np.tanh(Z_K) * (W_NEXT.T @ DELTA_NEXT),
                message="You multiplied by σ(z^k) = tanh(z^k), the activation itself. The chain "
                        "rule needs its derivative σ'(z^k) = 1 − tanh²(z^k)."),
        Mistake("flipped_sign", wrong=lambda: -_tanh_prime(Z_K) * (W_NEXT.T @ DELTA_NEXT),
                message="The sign is flipped. Backpropagation only multiplies and adds the errors "
                        "δ^{k+1} with the weights and σ'; no minus sign enters here."),
        Mistake("summed_rows", wrong=lambda: _tanh_prime(Z_K) * np.sum(W_NEXT.T @ DELTA_NEXT),
                message="You added up the weighted errors of both units into one number. Each "
                        "unit j gets its own sum Σ_i W^{k+1}_ij δ^{k+1}_i: one entry per unit "
                        "of layer k, i.e. (W^{k+1})^T δ^{k+1}."),
    ],
    hints=[
        "First weight the errors: unit $j$ of layer $k$ collects $\\sum_i W^{k+1}_{ij} "
        "\\delta^{k+1}_i$, a sum down column $j$ of $W^{k+1}$, i.e. `W_next.T @ delta_next`.",
        "Then multiply entry by entry by $\\tanh'(z^k) = 1 - \\tanh^2(z^k)$.",
    ],
    solution=(
        "$\\partial C/\\partial a^k = (W^{k+1})^\\top \\delta^{k+1} = (0.02, -0.40)$, "
        "$\\tanh'(z^k) \\approx (0.7864, 0.4200)$, so $\\delta^k \\approx (0.0157, -0.1680)$.\n\n"
        "```python\nd = q.data\n"
        "my_answer = (1 - np.tanh(d['z']) ** 2) * (d['W_next'].T @ d['delta_next'])\n```"
    ),
))


# ---------------------------------------------------------------------------------------------
# backprop_cost.backprop_layer (function)
# ---------------------------------------------------------------------------------------------

def backprop_layer(W_next, delta_next, z, activation):
    """delta^k = sigma'(z^k) * (W^{k+1})^T delta^{k+1}."""
    return activation.derivative(z) * (W_next.T @ delta_next)


_rng = np.random.default_rng(4)


def _r(*shape, lo=-1.0, hi=1.0):
    return np.round(_rng.uniform(lo, hi, shape), 2)


_LAYER_CASES = [
    # square W first, so that forgetting the transpose still runs and can be diagnosed
    dict(W_next=_r(3, 3), delta_next=_r(3), z=np.array([0.4, -1.3, 0.9]), activation=act("tanh")),
    dict(W_next=_r(2, 4), delta_next=_r(2), z=_r(4, lo=-2, hi=2), activation=act("sigmoid")),
    dict(W_next=_r(1, 3), delta_next=np.array([0.7]), z=np.array([0.5, -0.5, 1.5]),
         activation=act("tanh")),
    dict(W_next=_r(4, 2), delta_next=_r(4), z=np.array([0.8, -0.3]), activation=act("relu")),
]

register(Exercise(
    id="backprop_cost.backprop_layer",
    title="Backpropagate one layer",
    prompt=(
        "Write `backprop_layer(W_next, delta_next, z, activation)` returning "
        "$\\delta^k = \\sigma'(z^k) \\odot (W^{k+1})^\\top \\delta^{k+1}$. `W_next` has shape "
        "$(n_{k+1}, n_k)$, `delta_next` has $n_{k+1}$ entries, `z` has $n_k$, and "
        "`activation.derivative(z)` is $\\sigma'(z)$."
    ),
    kind="function",
    reference=backprop_layer,
    cases=_LAYER_CASES,
    mistakes=[
        Mistake("not_transposed",
                wrong=lambda W_next, delta_next, z, activation:
                activation.derivative(z) * (W_next @ delta_next),
                message="You multiplied by W^{k+1} instead of its transpose. Row i of W^{k+1} "
                        "holds the weights INTO unit i of layer k+1; going backwards, unit j of "
                        "layer k collects the errors along the weights OUT of it, column j: "
                        "(W^{k+1})^T δ^{k+1}. (With a square W the product runs but mixes up the "
                        "units; otherwise the shapes do not fit.)"),
        Mistake("missing_sigma_prime",
                wrong=lambda W_next, delta_next, z, activation: W_next.T @ delta_next,
                message="That is ∂C/∂a^k, the error of the activated nodes. Multiply entry by "
                        "entry by σ'(z^k) to get δ^k, the error of the linear parts."),
        Mistake("sigma_prime_of_a",
                wrong=lambda W_next, delta_next, z, activation:
                activation.derivative(activation(z)) * (W_next.T @ delta_next),
                message="You evaluated σ' at the activation a^k = σ(z^k) instead of at z^k. "
                        "Call activation.derivative(z) on the linear part."),
        Mistake("sigma_not_prime",
                wrong=lambda W_next, delta_next, z, activation:
                activation(z) * (W_next.T @ delta_next),
                message="You multiplied by σ(z^k), the activation itself. The chain rule needs "
                        "its derivative: activation.derivative(z)."),
        Mistake("flipped_sign",
                wrong=lambda W_next, delta_next, z, activation:
                -activation.derivative(z) * (W_next.T @ delta_next),
                message="The sign is flipped: the backward step only multiplies and adds, "
                        "δ^k = σ'(z^k) ⊙ (W^{k+1})^T δ^{k+1}, with no minus sign."),
    ],
    hints=[
        "Check the shapes: `W_next.T` is $(n_k, n_{k+1})$, so `W_next.T @ delta_next` has one "
        "entry per unit of layer $k$.",
        "Multiply that entry by entry (`*`, not `@`) by `activation.derivative(z)`.",
    ],
    solution=(
        "```python\ndef backprop_layer(W_next, delta_next, z, activation):\n"
        "    dC_da = W_next.T @ delta_next          # weight the errors (sum down columns)\n"
        "    return activation.derivative(z) * dC_da  # times sigma'(z^k)\n```"
    ),
))


# ---------------------------------------------------------------------------------------------
# backprop_cost.backprop_all (function)
# ---------------------------------------------------------------------------------------------

def backprop_all(W, z, E, activation):
    """[delta^1, ..., delta^L] for the squared-error cost, output O = activation(z[L])."""
    L = len(W) - 1
    delta = [None] * (L + 1)
    delta[L] = 2 * (activation(z[L]) - E) * activation.derivative(z[L])
    for k in range(L - 1, 0, -1):
        delta[k] = activation.derivative(z[k]) * (W[k + 1].T @ delta[k + 1])
    return tuple(delta[1:])


def _variant(factor=2.0, sign=1.0, transpose=False, out_prime=True, hid_prime=True, at_a=False):
    """A wrong version of backprop_all (for the declared mistakes)."""
    def wrong(W, z, E, activation):
        def sp(v):
            return activation.derivative(activation(v) if at_a else v)
        L = len(W) - 1
        delta = [None] * (L + 1)
        d = factor * sign * (activation(z[L]) - E)
        delta[L] = d * sp(z[L]) if out_prime else d
        for k in range(L - 1, 0, -1):
            Wk = W[k + 1] if transpose else W[k + 1].T
            dk = Wk @ delta[k + 1]
            delta[k] = sp(z[k]) * dk if hid_prime else dk
        return tuple(delta[1:])
    return wrong


def _net_case(sizes, seed, activation):
    rng = np.random.default_rng(seed)
    W = [None] + [np.round(rng.uniform(-1, 1, (sizes[k], sizes[k - 1])), 2)
                  for k in range(1, len(sizes))]
    z = [None] + [np.round(rng.uniform(-1.5, 1.5, sizes[k]), 2) for k in range(1, len(sizes))]
    E = np.round(rng.uniform(-0.5, 0.5, sizes[-1]), 2)
    return dict(W=W, z=z, E=E, activation=act(activation))


_ALL_CASES = [
    _net_case([2, 3, 3, 3], 11, "tanh"),     # square layers: a missing transpose still runs
    _net_case([3, 4, 2, 1], 12, "sigmoid"),
    _net_case([2, 2, 5, 2], 13, "tanh"),
]

register(Exercise(
    id="backprop_cost.backprop_all",
    title="Backpropagate the whole network",
    prompt=(
        "Write `backprop_all(W, z, E, activation)` that returns every layer's error as a list "
        "`[delta^1, ..., delta^L]` (layer 1 first) for the squared-error cost. `W` and `z` are "
        "lists indexed by layer with `None` at index 0, like `net.W` and `trace.z`; the output "
        "is $O = $ `activation(z[L])` and $L$ = `len(W) - 1`. The test networks have $L = 3$."
    ),
    kind="function",
    reference=backprop_all,
    cases=_ALL_CASES,
    part_names=("delta^1", "delta^2", "delta^3"),
    mistakes=[
        Mistake("missing_factor_2", wrong=_variant(factor=1.0),
                message="Every δ is half the right size: the base case lacks the factor 2 of the "
                        "squared error, ∂C/∂O = 2 (O − E), and it is carried back to every layer."),
        Mistake("flipped_sign", wrong=_variant(sign=-1.0),
                message="Every δ has the wrong sign: the base case must use O − E, not E − O; "
                        "the sign then travels back through every layer."),
        Mistake("missing_output_sigma_prime", wrong=_variant(out_prime=False),
                message="The base case lacks σ'(z^L): δ^L = 2 (O − E) ⊙ σ'(z^L), because O "
                        "depends on z^L through the output activation. 2 (O − E) alone is "
                        "∂C/∂O."),
        Mistake("missing_hidden_sigma_prime", wrong=_variant(hid_prime=False),
                message="The hidden layers lack the factor σ'(z^k): (W^{k+1})^T δ^{k+1} is "
                        "∂C/∂a^k, the error of the activated nodes; multiply by σ'(z^k) to get δ^k."),
        Mistake("missing_all_sigma_prime", wrong=_variant(out_prime=False, hid_prime=False),
                message="No σ' anywhere: every layer, the output included, needs the factor "
                        "σ'(z^k) to turn the error of the activated node into the error δ^k of "
                        "the linear part."),
        Mistake("sigma_prime_of_a", wrong=_variant(at_a=True),
                message="σ' is evaluated at the activations a^k = σ(z^k) instead of at the "
                        "linear parts z^k: use activation.derivative(z[k])."),
        Mistake("not_transposed", wrong=_variant(transpose=True),
                message="The step uses W^{k+1} instead of its transpose: the error flows back "
                        "along the weights OUT of each unit, the columns of W^{k+1}, so it is "
                        "(W^{k+1})^T δ^{k+1}."),
    ],
    hints=[
        "Start at the output: $\\delta^L = 2(O - E) \\odot \\sigma'(z^L)$ with $O$ = "
        "`activation(z[L])`.",
        "Then loop `for k in range(L - 1, 0, -1)` and apply the one-layer step with `W[k + 1]` "
        "and `z[k]`; return `delta[1:]` if you kept a `None` at index 0.",
    ],
    solution=(
        "```python\ndef backprop_all(W, z, E, activation):\n"
        "    L = len(W) - 1\n"
        "    delta = [None] * (L + 1)\n"
        "    delta[L] = 2 * (activation(z[L]) - E) * activation.derivative(z[L])   # base case\n"
        "    for k in range(L - 1, 0, -1):                                          # the step\n"
        "        delta[k] = activation.derivative(z[k]) * (W[k + 1].T @ delta[k + 1])\n"
        "    return delta[1:]\n```"
    ),
))
