"""Exercises of the chapter "What backpropagation costs in memory" (``ch-memory``).

How many bytes the forward pass keeps for the backward pass, the same as a function of the layer
widths, and the compute price of gradient checkpointing counted in layer evaluations.
"""

from .exercise import Exercise, Mistake

# another network than the chapter's example (784, 512, 512, 10 at B = 64), whose printed memory
# model would otherwise state this exercise's answer
SIZES = [784, 256, 128, 10]
BATCH = 32
BYTES = 4  # float32


def _kept(sizes, batch, nbytes, values_per_unit=2, include_input=False):
    units = sum(sizes) if include_input else sum(sizes[1:])
    return batch * units * values_per_unit * nbytes


def _params(sizes, nbytes):
    return sum(sizes[k] * sizes[k - 1] + sizes[k] for k in range(1, len(sizes))) * nbytes


# ---------------------------------------------------------------------------------------------
# training_memory.activation_bytes (value)
# ---------------------------------------------------------------------------------------------

_KEPT_TEX = f"{_kept(SIZES, BATCH, BYTES):,}".replace(",", "{,}")   # 100{,}864 in the solution's maths

activation_bytes_exercise = Exercise(
    id="training_memory.activation_bytes",
    title="Bytes kept by the forward pass",
    prompt=(
        "A network with layer widths $n = <<sizes:latex>>$ runs a batch of $B = <<batch_size>>$ examples "
        "in float32 (<<bytes_per_value>> bytes per value). Like `Network.forward`, the forward pass keeps $z^k$ and "
        "$a^k$ of every layer $k = 1, \\dots, L$ for the backward pass (the input $x = a^0$ is held "
        "by the caller anyway and is not counted). How many bytes does it keep? (In `q.data`: "
        "`sizes`, `batch_size`, `bytes_per_value`.)"
    ),
    kind="value",
    digits="exact",  # a whole number, typed exactly
    template=('my_answer = ...        # a number of bytes'),
    quantity="the number of bytes",
    reference=lambda: _kept(SIZES, BATCH, BYTES),
    data=dict(sizes=list(SIZES), batch_size=BATCH, bytes_per_value=BYTES),
    rtol=1e-9,
    mistakes=[
        Mistake("with_input", wrong=lambda: _kept(SIZES, BATCH, BYTES, include_input=True),
                message=("You counted the input layer too. a⁰ = x is the batch itself, which the caller "
                        "already holds, and layer 0 has no linear part z⁰: count layers 1, …, L only.")),
        Mistake("one_value", wrong=lambda: _kept(SIZES, BATCH, BYTES, values_per_unit=1),
                message=("That counts one value per unit. The forward pass keeps two arrays per layer: the "
                        "linear part zᵏ (for σ′(zᵏ) in δᵏ) and the activated output aᵏ (for ∂C/∂Wᵏ⁺¹ = δᵏ⁺¹ "
                        "(aᵏ)ᵀ).")),
        Mistake("float64", wrong=lambda: _kept(SIZES, BATCH, 8),
                message="You used 8 bytes per value, the size of a float64. float32 values take "
                        "4 bytes."),
        Mistake("no_batch", wrong=lambda: _kept(SIZES, 1, BYTES),
                message=("That is for one example. Each of the B examples of the batch has its own zᵏ and aᵏ "
                        "(one row each of a (B, n_k) array), so multiply by the batch size.")),
        Mistake("parameters", wrong=lambda: _params(SIZES, BYTES),
                message="That is the size of the weights and biases, which does not depend on the "
                        "batch at all. The question asks for the stored activations: batch size × "
                        "sum of the widths × values kept per unit × bytes per value."),
    ],
    hints=[
        "Each layer $k \\ge 1$ leaves two arrays of shape $(B, n_k)$ behind: $z^k$ and $a^k$.",
        "Layers 1, 2, 3 have n_k units; each unit keeps two values per example.",
        "Add up $2 B n_k$ values over $k = 1, 2, 3$ and multiply by 4 bytes.",
    ],
    solution=(
        f"Layers 1 to 3 have ${' + '.join(map(str, SIZES[1:]))} = {sum(SIZES[1:])}$ units; each keeps "
        f"$z^k$ and $a^k$ for each of the {BATCH} examples, at {BYTES} bytes per value: "
        f"${BATCH} \\times {sum(SIZES[1:])} \\times 2 \\times {BYTES} = "
        f"{_KEPT_TEX}$ bytes, about {_kept(SIZES, BATCH, BYTES) / 2**20:.1f} MiB."
        f"\n\n```python\nmy_answer = {BATCH} * ({' + '.join(map(str, SIZES[1:]))}) * 2 * {BYTES}\n```"
    ),
)


# ---------------------------------------------------------------------------------------------
# training_memory.activation_bytes_function (function)
# ---------------------------------------------------------------------------------------------

def activation_bytes(sizes, batch_size, bytes_per_value):
    return batch_size * 2 * sum(sizes[1:]) * bytes_per_value


activation_bytes_function_exercise = Exercise(
    id="training_memory.activation_bytes_function",
    title="The activation term of the memory model",
    prompt=(
        "Write `activation_bytes(sizes, batch_size, bytes_per_value)` that returns the bytes the "
        "forward pass keeps for the backward pass: $z^k$ and $a^k$ for every layer "
        "$k = 1, \\dots, L$ and every example of the batch (not the input $a^0$). `sizes` is the "
        "list $[n_0, n_1, \\dots, n_L]$."
    ),
    kind="function",
    quantity="the number of bytes",
    random_case=lambda rng: dict(sizes=[int(n) for n in rng.integers(1, 100, size=int(rng.integers(2, 8)))],
                                 batch_size=int(rng.integers(2, 129)), bytes_per_value=int(rng.choice([2, 4, 8]))),
    reference=activation_bytes,
    cases=[
        dict(sizes=[3, 5, 4, 2], batch_size=10, bytes_per_value=4),
        dict(sizes=[784, 512, 512, 10], batch_size=64, bytes_per_value=4),
        dict(sizes=[2, 1], batch_size=1, bytes_per_value=8),
        dict(sizes=[16] + [64] * 10 + [1], batch_size=256, bytes_per_value=2),
    ],
    mistakes=[
        Mistake("with_input", wrong=lambda sizes, batch_size, bytes_per_value:
                batch_size * 2 * sum(sizes) * bytes_per_value,
                message=("Your function counts the input layer n₀ too. Layer 0 is the input x = a⁰, held by "
                        "the caller, with no linear part: sum `sizes[1:]`.")),
        Mistake("one_value", wrong=lambda sizes, batch_size, bytes_per_value:
                batch_size * sum(sizes[1:]) * bytes_per_value,
                message=("Your function keeps one value per unit. The backward pass needs both zᵏ (for "
                        "σ′(zᵏ)) and aᵏ (for the next layer's weight gradient): two values per unit.")),
        Mistake("no_batch", wrong=lambda sizes, batch_size, bytes_per_value:
                2 * sum(sizes[1:]) * bytes_per_value,
                message=("Your function leaves out the batch size: every example keeps its own zᵏ and aᵏ.")),
        Mistake("parameters", wrong=lambda sizes, batch_size, bytes_per_value:
                _params(sizes, bytes_per_value),
                message="Your function returns the size of the weights and biases. The stored "
                        "activations are per example and per unit, not per weight."),
    ],
    hints=[
        "`sum(sizes[1:])` is the number of units in layers $1, \\dots, L$.",
        "Values kept = 2 × batch size × units in layers 1 to L; bytes = values × bytes per value.",
        "Multiply by the batch size, by 2 (for $z^k$ and $a^k$) and by the bytes per value.",
    ],
    solution=(
        "```python\ndef activation_bytes(sizes, batch_size, bytes_per_value):\n"
        "    return batch_size * 2 * sum(sizes[1:]) * bytes_per_value\n```\n\n"
        "This is `backprop_lib.training_memory.memory_model(sizes, batch_size).activations` for "
        "`kept_per_unit=2` and no checkpointing."
    ),
    template=('def activation_bytes(sizes, batch_size, bytes_per_value):\n'
              '    ...                # return the number of bytes'),
)


# ---------------------------------------------------------------------------------------------
# training_memory.checkpoint_evaluations (value)
# ---------------------------------------------------------------------------------------------

checkpoint_evaluations_exercise = Exercise(
    id="training_memory.checkpoint_evaluations",
    title="The compute price of checkpointing",
    prompt=(
        "A network of $L = 16$ layers is trained with gradient checkpointing in 4 segments of 4 "
        "layers. The forward pass keeps only the segment boundaries (and the whole last "
        "segment); the backward pass recomputes each other segment from its checkpoint. How many "
        "forward evaluations of one layer ($z^k = W^k a^{k-1} + b^k$, $a^k = \\sigma(z^k)$) does "
        "one training step make in total, the first forward pass included?"
    ),
    kind="value",
    digits="exact",  # a whole number, typed exactly
    template=('my_answer = ...        # a number of layer evaluations'),
    quantity="the number of layer evaluations",
    reference=lambda: 16 + 12,
    rtol=1e-9,
    mistakes=[
        Mistake("recompute_last_too", wrong=lambda: 32,
                message=("You recomputed the last segment as well. Its zᵏ and aᵏ are still there at the end "
                        "of the forward pass, because the backward pass starts with it: only the other "
                        "segments need recomputing.")),
        Mistake("no_recompute", wrong=lambda: 16,
                message=("That is the count without checkpointing. The backward pass needs zᵏ and aᵏ of every "
                        "layer, and checkpointing threw most of them away: they have to be computed again "
                        "from the checkpoints.")),
        Mistake("only_recompute", wrong=lambda: 12,
                message="That is only the recomputation. Add the first forward pass through all "
                        "16 layers."),
        Mistake("one_segment", wrong=lambda: 20,
                message="You recomputed only one segment. Every segment except the last one has "
                        "to be recomputed once during the backward pass."),
    ],
    hints=[
        "Count the first forward pass: 16 layer evaluations.",
        "Every segment but the last is recomputed once: add its layers to the first pass.",
        "Which segments does the backward pass have to recompute? Not the one it starts with.",
    ],
    solution=(
        "The forward pass evaluates all 16 layers. The backward pass starts with the last segment, "
        "whose values are still in memory, then recomputes segments 3, 2 and 1 from their "
        "checkpoints: $3 \\times 4 = 12$ more. In total $16 + 12 = 28$ evaluations, 1.75 forward "
        "passes, for activation memory of 3 checkpoints plus one segment instead of 16 layers."
        "\n\n```python\nmy_answer = 16 + 3 * 4\n```"
    ),
)


#: This chapter's exercises, in the order the chapter asks them.
EXERCISES = [
    activation_bytes_exercise,
    activation_bytes_function_exercise,
    checkpoint_evaluations_exercise,
]
