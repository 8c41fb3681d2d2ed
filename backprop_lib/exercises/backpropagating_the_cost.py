"""Exercises of the chapter "Backpropagating the cost" (``ch-backprop-cost``).

The recursion: from the cost's base case delta^L = 2 (O - E) * sigma'(z^L), the single-node
rule delta^k = sigma'(z^k) * (W^{k+1})^T delta^{k+1} applied layer by layer back to layer 1, by
hand, for a batch stored as rows, and for a whole network.
"""

import numpy as np

from .exercise import Exercise, Mistake
from .functions import act

# ---------------------------------------------------------------------------------------------
# backpropagating_the_cost.two_steps (value): the recursion by hand, from the cost back two layers
# ---------------------------------------------------------------------------------------------

Z1 = np.array([0.4, -0.8])
Z2 = np.array([1.0, -0.3])
Z3 = np.array([0.6])
E3 = np.array([0.2])
W2_TWO = np.array([[0.5, -1.0],
                   [0.8, 0.3]])
W3_TWO = np.array([[1.2, -0.7]])


def _tp(z):
    return 1.0 - np.tanh(z) ** 2


def _two_steps(factor=2.0, sign=1.0, out_prime=True, hid_prime=True, transpose=True, at_a=False,
               steps=2, sigmoid_slope=False):
    sp = (lambda z: _tp(np.tanh(z))) if at_a else _tp
    if sigmoid_slope:
        sp = lambda z: (1 / (1 + np.exp(-z))) * (1 - 1 / (1 + np.exp(-z)))  # noqa: E731
    d3 = factor * sign * (np.tanh(Z3) - E3)
    d3 = d3 * sp(Z3) if out_prime else d3
    d2 = W3_TWO.T @ d3
    d2 = d2 * sp(Z2) if hid_prime else d2
    if steps == 1:
        return d2
    d1 = (W2_TWO.T if transpose else W2_TWO) @ d2
    return d1 * sp(Z1) if hid_prime else d1


two_steps_exercise = Exercise(
    id="backpropagating_the_cost.two_steps",
    title="Two steps back from the cost",
    prompt=(
        "A $\\tanh$ network with layer sizes 2, 2, 2, 1 stored the linear parts "
        "$z^1 = <<z1:latex>>$, $z^2 = <<z2:latex>>$, $z^3 = <<z3:latex>>$ in its forward pass; the "
        "target is $E = <<E:latex>>$ and the weights are "
        "$W^2 = <<W2:latex>>$, "
        "$W^3 = <<W3:latex>>$ (all in `q.data`). Run the "
        "recursion from the squared-error cost back to layer 1: compute $\\delta^1$ (two numbers)."
    ),
    kind="value",
    digits=4,  # worked by hand or with a calculator
    gradient=True,
    quantity="the errors δ",
    factor2="The course's cost C = Σ(O − E)² has no ½ in front, so its derivative 2(O − E) has one factor 2, counted once.",
    template=('d = q.data     # d["z1"], d["z2"], d["z3"], d["E"], d["W2"], d["W3"]\n'
              'my_answer = ...        # an array of 2 numbers: delta^1'),
    reference=_two_steps,
    data=dict(z1=Z1, z2=Z2, z3=Z3, E=E3, W2=W2_TWO, W3=W3_TWO),
    mistakes=[
        Mistake("missing_factor_2", wrong=lambda: _two_steps(factor=1.0),
                message="Half the right size: the base case lacks the factor 2 of the squared "
                        "error, ∂C/∂O = 2 (O − E), and every later step carries that back."),
        Mistake("flipped_sign", wrong=lambda: _two_steps(sign=-1.0),
                message="The sign is flipped: the base case uses O − E (not E − O), and the "
                        "steps back only multiply and add, so no other minus sign enters."),
        Mistake("missing_output_sigma_prime", wrong=lambda: _two_steps(out_prime=False),
                message="The base case lacks σ'(z^3): δ^3 = 2 (O − E) ⊙ σ'(z^3), since the output "
                        "O = σ(z^3) passes through the activation."),
        Mistake("missing_hidden_sigma_prime", wrong=lambda: _two_steps(hid_prime=False),
                message="The hidden layers lack σ'(z^k): (W^{k+1})^T δ^{k+1} is ∂C/∂a^k; multiply "
                        "by σ'(z^k) at every layer to get δ^k."),
        Mistake("not_transposed", wrong=lambda: _two_steps(transpose=False),
                message="The step from layer 2 to layer 1 used W^2 instead of its transpose. The "
                        "error flows back along the weights OUT of each unit, the columns of "
                        "W^2: (W^2)^T δ^2."),
        Mistake("sigma_prime_of_a", wrong=lambda: _two_steps(at_a=True),
                message="σ' was evaluated at the activations a^k = tanh(z^k) instead of at the "
                        "linear parts z^k: the slope is 1 − tanh²(z^k)."),
        Mistake("sigmoid_slope", wrong=lambda: _two_steps(sigmoid_slope=True),
                message="You used the sigmoid's slope σ(z)(1 − σ(z)). This network's activation "
                        "is tanh, whose slope is 1 − tanh²(z)."),
        Mistake("one_step_only", wrong=lambda: _two_steps(steps=1),
                message="That is δ^2, one step short: apply the step once more, with W^2 and "
                        "z^1, to reach layer 1."),
    ],
    hints=[
        "Base case first: $O = \\tanh(z^3)$ and $\\delta^3 = 2(O - E)\\,(1 - \\tanh^2 z^3)$.",
        "Each step back multiplies by the transpose of the next layer's weights and by the slope 1 − tanh² at this layer's z.",
        "Then $\\delta^2 = (1 - \\tanh^2 z^2) \\odot (W^3)^\\top \\delta^3$ and "
        "$\\delta^1 = (1 - \\tanh^2 z^1) \\odot (W^2)^\\top \\delta^2$.",
    ],
    solution=(
        "```python\nd = q.data\ntp = lambda z: 1 - np.tanh(z) ** 2\n"
        "delta3 = 2 * (np.tanh(d['z3']) - d['E']) * tp(d['z3'])   # base case\n"
        "delta2 = tp(d['z2']) * (d['W3'].T @ delta3)               # one step\n"
        "delta1 = tp(d['z1']) * (d['W2'].T @ delta2)               # and another\n"
        "my_answer = delta1\n```"
    ),
)


# ---------------------------------------------------------------------------------------------
# backpropagating_the_cost.batch_step (function)
# ---------------------------------------------------------------------------------------------

def backprop_batch_step(W_next, Delta_next, Z, activation):
    """Delta^k = sigma'(Z^k) * (Delta^{k+1} W^{k+1}) for a batch stored as rows."""
    return activation.derivative(Z) * (Delta_next @ W_next)


_rng = np.random.default_rng(4)


def _r(*shape, lo=-1.0, hi=1.0):
    return np.round(_rng.uniform(lo, hi, shape), 2)


_BATCH_CASES = [
    # square W first, so that a transposed W still runs and can be diagnosed
    dict(W_next=_r(3, 3), Delta_next=_r(4, 3), Z=_r(4, 3, lo=-1.5, hi=1.5), activation=act("tanh")),
    dict(W_next=_r(2, 4), Delta_next=_r(3, 2), Z=_r(3, 4, lo=-2, hi=2), activation=act("sigmoid")),
    dict(W_next=_r(1, 3), Delta_next=_r(5, 1), Z=_r(5, 3), activation=act("tanh")),
    dict(W_next=_r(4, 2), Delta_next=_r(2, 4), Z=_r(2, 2), activation=act("relu")),
]


def _random_batch_case(rng):
    n_next, n, B = (int(v) for v in rng.integers(1, 7, size=3))
    return dict(W_next=np.round(rng.uniform(-1, 1, (n_next, n)), 2),
                Delta_next=np.round(rng.uniform(-1, 1, (B, n_next)), 2),
                Z=np.round(rng.uniform(-1.5, 1.5, (B, n)), 2),
                activation=act(str(rng.choice(["tanh", "sigmoid", "relu"]))))


def _B(case):
    return case["Delta_next"].shape[0]


batch_step_exercise = Exercise(
    id="backpropagating_the_cost.batch_step",
    title="One step back for a whole batch",
    prompt=(
        "Write `backprop_batch_step(W_next, Delta_next, Z, activation)` for a batch stored as "
        "rows: `Delta_next` $(B, n_{k+1})$ holds each example's $\\delta^{k+1}$ (of the batch's "
        "mean cost), `Z` $(B, n_k)$ each example's $z^k$, `W_next` is $W^{k+1}$, shape "
        "$(n_{k+1}, n_k)$. Return $\\Delta^k$, shape $(B, n_k)$, row $r$ being "
        "$\\sigma'(z^k_r) \\odot (W^{k+1})^\\top \\delta^{k+1}_r$."
    ),
    kind="function",
    quantity="Δᵏ",
    factor2="The course's cost C = Σ(O − E)² has no ½ in front, so its derivative 2(O − E) has one factor 2, counted once.",
    random_case=lambda rng: _random_batch_case(rng),
    # a loop over the entries may call it once or twice per entry; finite differences are
    # caught by WHERE they call it (at z ± h, none of the inputs)
    counted=("activation", lambda case: 2 * case["Z"].size + 3),
    template=('def backprop_batch_step(W_next, Delta_next, Z, activation):\n'
              '    ...                # return Delta^k, shape (B, n_k)'),
    reference=backprop_batch_step,
    cases=_BATCH_CASES,
    batch_size=_B,
    mistakes=[
        Mistake("transposed",
                wrong=lambda W_next, Delta_next, Z, activation:
                activation.derivative(Z) * (Delta_next @ W_next.T),
                message="With examples as rows the step is Δ^{k+1} W^{k+1}, not Δ^{k+1} (W^{k+1})^T: "
                        "transposing (W^{k+1})^T δ row by row gives δ^T W^{k+1}. (With a square W "
                        "the wrong product runs but mixes up the units; otherwise the shapes "
                        "do not fit.)"),
        Mistake("missing_sigma_prime",
                wrong=lambda W_next, Delta_next, Z, activation: Delta_next @ W_next,
                message="That is ∂C/∂A^k, the errors of the activated nodes. Multiply entry by "
                        "entry by σ'(Z^k) to get the errors of the linear parts."),
        Mistake("sigma_prime_of_a",
                wrong=lambda W_next, Delta_next, Z, activation:
                activation.derivative(activation(Z)) * (Delta_next @ W_next),
                message="σ' was evaluated at the activations σ(Z^k) instead of at Z^k: call "
                        "activation.derivative(Z)."),
        Mistake("summed_over_batch",
                wrong=lambda W_next, Delta_next, Z, activation:
                np.sum(activation.derivative(Z) * (Delta_next @ W_next), axis=0),
                message="You added up the examples. In the backward pass every example's error "
                        "travels back on its own, one row each; the batch is combined only when "
                        "the weight gradient averages over it."),
        Mistake("averaged_over_batch",
                wrong=lambda W_next, Delta_next, Z, activation:
                np.mean(activation.derivative(Z) * (Delta_next @ W_next), axis=0),
                message="You averaged over the examples. In the backward pass every example's "
                        "error travels back on its own, one row each: the result keeps shape "
                        "(B, n_k)."),
        Mistake("divided_by_B",
                wrong=lambda W_next, Delta_next, Z, activation:
                activation.derivative(Z) * (Delta_next @ W_next) / Delta_next.shape[0],
                message="You divided by B. The 1/B of the mean cost is already inside Δ^{k+1} "
                        "(it entered in the base case) and is carried back with it; dividing "
                        "again counts it twice."),
    ],
    hints=[
        "Row $r$ of the result is `activation.derivative(Z[r]) * (W_next.T @ Delta_next[r])`.",
        "With examples as rows, (W^T δ)^T = δ^T W: the product for the whole batch is Delta_next times W_next.",
        "For all rows at once: `Delta_next @ W_next` has shape $(B, n_k)$; multiply it entry by "
        "entry by `activation.derivative(Z)`.",
    ],
    solution=(
        "```python\ndef backprop_batch_step(W_next, Delta_next, Z, activation):\n"
        "    dC_dA = Delta_next @ W_next            # (B, n_{k+1}) @ (n_{k+1}, n_k)\n"
        "    return activation.derivative(Z) * dC_dA\n```\n\n"
        "Transposing $\\sigma'(z) \\odot W^\\top \\delta$ row by row gives "
        "$\\delta^\\top W \\odot \\sigma'(z)^\\top$: that is why $W$ appears without a transpose here."
    ),
)


# ---------------------------------------------------------------------------------------------
# backpropagating_the_cost.backprop_all (function)
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
    _net_case([3, 2], 14, "sigmoid"),            # depth 1 and depth 5: a body written for
    _net_case([2, 3, 2, 4, 3, 2], 15, "tanh"),   # one depth fails on the shown cases too
]

backprop_all_exercise = Exercise(
    id="backpropagating_the_cost.backprop_all",
    title="Backpropagate the whole network",
    prompt=(
        "Write `backprop_all(W, z, E, activation)` that returns every layer's error as a list "
        "`[delta^1, ..., delta^L]` (layer 1 first) for the squared-error cost. `W` and `z` are "
        "lists indexed by layer with `None` at index 0, like `net.W` and `trace.z`; the output "
        "is $O = $ `activation(z[L])` and $L$ = `len(W) - 1`. Your function is run on networks of "
        "several depths and widths. Use backpropagation (one backward sweep), not finite "
        "differences."
    ),
    kind="function",
    quantity="the errors δ",
    factor2="The course's cost C = Σ(O − E)² has no ½ in front, so its derivative 2(O − E) has one factor 2, counted once.",
    random_case=lambda rng: _net_case([int(n) for n in rng.integers(1, 6, size=int(rng.integers(2, 7)))],
                                     int(rng.integers(1 << 30)), str(rng.choice(["tanh", "sigmoid"]))),
    counted=("activation", lambda case: 2 * len(case["W"]) + 2),
    gradient=True,
    template=('def backprop_all(W, z, E, activation):\n'
              '    ...                # return [delta^1, ..., delta^L]'),
    reference=backprop_all,
    cases=_ALL_CASES,
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
        "Keep the errors in a list indexed by layer, δ[L] first; each δ[k] needs δ[k + 1].",
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
)


#: This chapter's exercises, in the order the chapter asks them.
EXERCISES = [
    two_steps_exercise,
    batch_step_exercise,
    backprop_all_exercise,
]
