"""Exercises of the chapter "Loss scaling for mixed-precision training" (``ch-loss-scaling``).

Choosing a loss scale from float16's limits, one update of the dynamic loss scaler (a function),
and rounding to bfloat16.
"""

import numpy as np

from .exercise import Exercise, Mistake

# ---------------------------------------------------------------------------------------------
# loss_scaling.smallest_scale (value)
# ---------------------------------------------------------------------------------------------

G_SMALL = 1e-9

smallest_scale_exercise = Exercise(
    id="loss_scaling.smallest_scale",
    title="A loss scale big enough",
    prompt=(
        "A gradient value of $g = 10^{-9}$ is lost in float16 (it rounds to 0). What is the "
        "smallest power of two $S$ such that $S g$ is a *normal* float16 number, that is at least "
        "$2^{-14}$? Give $S$ itself (not its exponent)."
    ),
    kind="value",
    digits="exact",  # a whole number, typed exactly
    template=('my_answer = ...        # the scale S'),
    quantity="S",
    reference=lambda: 2.0**16,
    rtol=1e-9,
    mistakes=[
        Mistake("subnormal_target", wrong=lambda: 2.0**6,
                message=("That lifts g just above the smallest subnormal number 2⁻²⁴: it survives, but with "
                        "only a bit or two of precision. The question asks for the smallest normal number, "
                        "2⁻¹⁴.")),
        Mistake("rounded_down", wrong=lambda: 2.0**15,
                message=("Close, but check your S against the condition: is S × 10⁻⁹ at least 2⁻¹⁴? Compute "
                        "both sides in numpy.")),
        Mistake("not_power_of_two", wrong=lambda: 2.0**-14 / G_SMALL,
                message=("That is the bound 2⁻¹⁴ / 10⁻⁹ itself. The loss scale must be a POWER OF "
                        "TWO, so that scaling and unscaling only change exponents and lose no bits: "
                        "take the first power of two at or above it.")),
        Mistake("exponent", wrong=lambda: 16.0,
                message=("That is the exponent. Give the scale S itself: 2 to the power of that exponent.")),
    ],
    hints=[
        "You need $S \\ge 2^{-14} / 10^{-9}$.",
        "2⁻¹⁴ / 10⁻⁹ is about 61035: which power of two is the first at or above it?",
        "$2^{-14} \\approx 6.1 \\times 10^{-5}$, so $S \\ge 61035$; which power of two is the "
        "first at or above that?",
    ],
    solution=(
        "$S \\ge 2^{-14}/10^{-9} \\approx 61035$, and the first power of two at or above it is "
        "$2^{16} = 65536$ (PyTorch's default initial scale, as it happens): $2^{16} \\times 10^{-9} "
        "\\approx 6.6 \\times 10^{-5} \\ge 2^{-14}$.\n\n```python\nmy_answer = 2.0**16\n```"
    ),
)


# ---------------------------------------------------------------------------------------------
# loss_scaling.largest_scale (value)
# ---------------------------------------------------------------------------------------------

largest_scale_exercise = Exercise(
    id="loss_scaling.largest_scale",
    title="A loss scale small enough",
    prompt=(
        "The largest gradient value of a network is $|g| = 3.0$. For the largest power of two "
        "$S = 2^e$ for which $S |g|$ still fits in float16 (whose largest number is 65504), give "
        "the exponent $e$."
    ),
    kind="value",
    digits="exact",  # a whole number, typed exactly
    template=('my_answer = ...        # the exponent e'),
    quantity="e",
    reference=lambda: 14.0,
    rtol=1e-9,
    mistakes=[
        Mistake("one_too_far", wrong=lambda: 15.0,
                message=("Check the condition for your e: S × 3.0 must stay at most 65504, the largest "
                        "float16 number; beyond it, it overflows to inf and the step would be skipped.")),
        Mistake("max_as_scale", wrong=lambda: 16.0,
                message=("65504 (just under 2¹⁶) is the largest float16 value; the scaled gradient S × |g|, "
                        "not S, has to stay below it.")),
        Mistake("not_power_of_two", wrong=lambda: float(np.log2(65504 / 3)),
                message="That exponent is not a whole number. Loss scales are powers of two so "
                        "that multiplying and dividing by them is exact (only the exponent bits "
                        "change): round down to a whole exponent."),
        Mistake("scale_not_exponent", wrong=lambda: 2.0**14,
                message=("That is the scale S itself; the question asks for its exponent e.")),
    ],
    hints=["You need $3 \\cdot 2^e \\le 65504$, that is $2^e \\le 21834.7$.",
        "Find the largest whole e with 2^e ≤ 65504 / 3.",
           "$2^{14} = 16384$, $2^{15} = 32768$."],
    solution=(
        "$2^e \\le 65504 / 3 \\approx 21835$; the largest power of two below is $2^{14} = 16384$ "
        "($3 \\times 16384 = 49152$ fits, $3 \\times 32768 = 98304$ would be inf), so $e = 14$."
        "\n\n```python\nmy_answer = 14\n```"
    ),
)


# ---------------------------------------------------------------------------------------------
# loss_scaling.scaler_update (function)
# ---------------------------------------------------------------------------------------------

def scaler_update(scale, growth_tracker, found_inf, growth_factor, backoff_factor, growth_interval):
    if found_inf:
        return scale * backoff_factor, 0
    growth_tracker += 1
    if growth_tracker == growth_interval:
        return scale * growth_factor, 0
    return scale, growth_tracker


def _case(scale, tracker, found_inf, interval, gf=2.0, bf=0.5):
    return dict(scale=scale, growth_tracker=tracker, found_inf=found_inf, growth_factor=gf,
                backoff_factor=bf, growth_interval=interval)


def _no_reset_on_inf(scale, growth_tracker, found_inf, growth_factor, backoff_factor, growth_interval):
    if found_inf:
        return scale * backoff_factor, growth_tracker
    return scaler_update(scale, growth_tracker, found_inf, growth_factor, backoff_factor, growth_interval)


def _swapped(scale, growth_tracker, found_inf, growth_factor, backoff_factor, growth_interval):
    return scaler_update(scale, growth_tracker, found_inf, backoff_factor, growth_factor, growth_interval)


def _late(scale, growth_tracker, found_inf, growth_factor, backoff_factor, growth_interval):
    if found_inf:
        return scale * backoff_factor, 0
    if growth_tracker == growth_interval:  # compares before counting this step
        return scale * growth_factor, 0
    return scale, growth_tracker + 1


def _no_reset_on_growth(scale, growth_tracker, found_inf, growth_factor, backoff_factor, growth_interval):
    if found_inf:
        return scale * backoff_factor, 0
    growth_tracker += 1
    if growth_tracker == growth_interval:
        return scale * growth_factor, growth_tracker
    return scale, growth_tracker


scaler_update_exercise = Exercise(
    id="loss_scaling.scaler_update",
    title="One update of the dynamic loss scaler",
    prompt=(
        "Write `scaler_update(scale, growth_tracker, found_inf, growth_factor, backoff_factor, "
        "growth_interval)` returning the new `(scale, growth_tracker)` after one step, with "
        "PyTorch GradScaler's rule: if the step's gradients held an inf or NaN, multiply the "
        "scale by `backoff_factor` and reset the tracker to 0; otherwise count the clean step, and "
        "if that makes `growth_interval` consecutive clean steps, multiply the scale by "
        "`growth_factor` and reset the tracker to 0."
    ),
    kind="function",
    quantity="the new (scale, growth_tracker)",
    random_case=lambda rng: _case(float(2.0 ** int(rng.integers(0, 20))), int(t := rng.integers(0, 5)),
                                  bool(rng.random() < 0.4), int(t + rng.integers(1, 3))),
    reference=scaler_update,
    cases=[
        _case(1024.0, 7, True, 2000),
        _case(1024.0, 1999, False, 2000),
        _case(8.0, 0, False, 3),
        _case(8.0, 0, False, 1),
        _case(2.0**16, 5, False, 2000, gf=4.0, bf=0.25),
        _case(2.0**16, 0, True, 2000, gf=4.0, bf=0.25),
    ],
    part_names=("scale", "growth_tracker"),
    mistakes=[
        Mistake("no_reset_on_inf", wrong=_no_reset_on_inf,
                message="After an overflow the scale backs off, but the count of clean steps must "
                        "also start again from 0: growth needs `growth_interval` *consecutive* "
                        "clean steps."),
        Mistake("swapped_factors", wrong=_swapped,
                message="The factors are the wrong way round: an overflow means the scale is too "
                        "big, so it must shrink (`backoff_factor`); a long run of clean steps lets "
                        "it grow (`growth_factor`)."),
        Mistake("no_reset_on_growth", wrong=_no_reset_on_growth,
                message="After the scale grows, the tracker must restart at 0, so that the next "
                        "growth again waits `growth_interval` clean steps."),
        Mistake("late_growth", wrong=_late,
                message="Count this clean step *before* comparing with `growth_interval`: the "
                        "scale grows on the `growth_interval`-th consecutive clean step, not one "
                        "step later."),
    ],
    hints=[
        "Two branches: `if found_inf:` ... `else:` ....",
        "An overflow: back off and reset the count. A clean step: count it, and grow when the count reaches the interval.",
        "In the clean branch: `growth_tracker += 1`, then `if growth_tracker == growth_interval:`.",
    ],
    solution=(
        "```python\ndef scaler_update(scale, growth_tracker, found_inf, growth_factor, "
        "backoff_factor, growth_interval):\n"
        "    if found_inf:\n        return scale * backoff_factor, 0\n"
        "    growth_tracker += 1\n    if growth_tracker == growth_interval:\n"
        "        return scale * growth_factor, 0\n    return scale, growth_tracker\n```\n\n"
        "`backprop_lib.loss_scaling.DynamicLossScaler.update` does exactly this (and keeps the scale "
        "in float32, never growing it to inf)."
    ),
    template=('def scaler_update(scale, growth_tracker, found_inf, growth_factor, backoff_factor, growth_interval):\n'
              '    ...                # return (new scale, new growth_tracker)'),
)


# ---------------------------------------------------------------------------------------------
# loss_scaling.bfloat16_round (value)
# ---------------------------------------------------------------------------------------------

X_TIES = np.array([1 + 2.0**-8, 1 + 3 * 2.0**-8])   # two ties: lower neighbour even, then odd


def _round(x, mode):
    """x (between 1 and 2) to 7 fraction bits: "even" (ties to even), "up" (half up), "down"."""
    m = (x - 1) * 128
    if mode == "down":
        m = np.floor(m)
    elif mode == "up":
        m = np.floor(m + 0.5)
    else:
        m = np.round(m)                 # numpy rounds halves to even
    return 1 + m / 128


bfloat16_round_exercise = Exercise(
    id="loss_scaling.bfloat16_round",
    title="Rounding to bfloat16: the ties",
    prompt=(
        "bfloat16 keeps 7 fraction bits: between 1 and 2 its numbers are $1 + m/128$ for "
        "$m = 0, \\dots, 127$. Round both numbers of "
        "$x = (1 + 2^{-8},\\ 1 + 3 \\cdot 2^{-8})$ = <<x>> (in `q.data[\"x\"]`) to bfloat16 with round-to-nearest, ties to "
        "even. Give the two rounded values."
    ),
    kind="value",
    digits="exact",  # a bfloat16 number: 1 + m/128, typed exactly
    data=dict(x=X_TIES),
    template=('x_ex = q.data["x"]\n'
              'my_answer = ...        # the two rounded values'),
    reference=lambda: _round(X_TIES, "even"),
    quantity="the rounded values",
    rtol=1e-12,
    atol=1e-12,
    mistakes=[
        Mistake("half_up", wrong=lambda: _round(X_TIES, "up"),
                message="You rounded the ties up (round half up, as at school). Both numbers lie "
                        "exactly halfway between two bfloat16 neighbours; IEEE rounding sends a "
                        "tie to the neighbour whose last kept bit is 0: the even m.",
                hint="For each x, find the two neighbours 1 + m/128 and 1 + (m+1)/128: which "
                     "of m, m+1 is even?"),
        Mistake("truncated", wrong=lambda: _round(X_TIES, "down"),
                message="That cuts the extra bits off (rounds toward zero). Each x lies exactly "
                        "halfway between two neighbours; a tie goes to the neighbour whose last "
                        "kept bit is 0 (the even one), which is not always the lower one.",
                hint="Look at the second number: which of its two neighbours has an even m?"),
        Mistake("unchanged", wrong=lambda: X_TIES.copy(),
                message="Both numbers need 8 fraction bits. float16, with 10, would keep them "
                        "exactly, but bfloat16 has only 7: they have to be rounded."),
    ],
    hints=[
        "Write each x as 1 + m/128 with m not a whole number: 1 + 0.5/128 and 1 + 1.5/128.",
        "Each is halfway between two neighbours, m = 0 or 1, and m = 1 or 2.",
        "Ties go to the neighbour with an even m: `1 + np.round((x_ex - 1) * 128) / 128` (numpy "
        "rounds halves to even).",
    ],
    solution=(
        "$1 + 0.5/128$ is a tie between $m = 0$ and $m = 1$: it goes to $m = 0$, that is 1. "
        "$1 + 1.5/128$ is a tie between $m = 1$ and $m = 2$: it goes to $m = 2$, "
        "$1 + 2/128$. Rounding half up would give $1 + 1/128$ for the first; truncating, "
        "$1 + 1/128$ for the second. `backprop_lib.loss_scaling.to_bfloat16(x_ex)` agrees."
        "\n\n```python\nx_ex = q.data[\"x\"]\nmy_answer = 1 + np.round((x_ex - 1) * 128) / 128\n```"
    ),
)


#: This chapter's exercises, in the order the chapter asks them.
EXERCISES = [
    smallest_scale_exercise,
    largest_scale_exercise,
    scaler_update_exercise,
    bfloat16_round_exercise,
]
