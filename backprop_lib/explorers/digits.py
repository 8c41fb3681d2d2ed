"""Explorer of the capstone chapter "Real handwritten digits": pick a held-out digit and see the
trained network's output probabilities and the errors flowing back, down to the pixels."""

from __future__ import annotations

import functools

import numpy as np

from .. import digits as dg
from ..draw import bar_charts, style
from ..draw.svg import num
from .base import Explorer, Slider

#: How many held-out digits the explorer offers (the misclassified ones among them first).
N_DIGITS = 20


def trained_run():
    """The chapter's run (seed 0): :func:`backprop_lib.digits.train` trains it once per process
    and shares it with the chapter."""
    return dg.train(seed=0)


def choices(run):
    """Indices into the held-out set: the misclassified digits first, then the others in order."""
    wrong = np.flatnonzero(run.predictions() != run.y_test)
    rest = [i for i in range(len(run.y_test)) if i not in set(wrong)]
    return [int(i) for i in list(wrong)[: N_DIGITS // 4]] + rest[: N_DIGITS - min(len(wrong), N_DIGITS // 4)]


def _pixels_svg(g, label, q, *, signed=False, size=176):
    """An 8x8 grid of squares: grey ink for pixels, blue/vermillion (with +/−) for signed values.

    Every square is drawn (opacity 0 where there is nothing), its opacity a marked number
    ``<q>.op.<i>`` (and for signed values its colour ``<q>.fill.<i>`` and sign ``<q>.sign.<i>``),
    so one template serves every digit; ``g`` is :func:`grid_values`'s dict.
    """
    cell = size // 8
    rects = []
    for r in range(8):
        for c in range(8):
            i = 8 * r + c
            color = num(g["fill"][i], "s", f"{q}.fill.{i}") if signed else "#000000"
            rects.append(f'<rect x="{c * cell:.0f}" y="{r * cell:.0f}" width="{cell:.0f}" height="{cell:.0f}" '
                         f'fill="{color}" fill-opacity="{num(g["op"][i], "f:2", f"{q}.op.{i}")}"/>')
            if signed:
                rects.append(f'<text x="{(c + .5) * cell:.1f}" y="{(r + .62) * cell:.1f}" font-size="{cell * .5:.0f}" '
                             f'text-anchor="middle" fill="white">{num(g["sign"][i], "s", f"{q}.sign.{i}")}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" '
            f'height="{size}" role="img" aria-label="{label}" style="margin:.2em">'
            f'<rect width="{size}" height="{size}" fill="white" stroke="#999"/>' + "".join(rects) + "</svg>")


def grid_values(values, *, signed=False):
    """{"op", "fill", "sign"}: each square's opacity (|v| / max |v|; pixels: v / max |v|, at least
    0), colour (vermillion for v > 0, blue otherwise) and sign text ("+"/"−" where |v| / max |v|
    > 0.5, else "")."""
    v = np.asarray(values, dtype=float).ravel()
    m = float(np.max(np.abs(v))) or 1.0
    t = [float(x) / m for x in v]
    if not signed:
        return {"op": [max(x, 0.0) for x in t]}
    return {"op": [abs(x) for x in t],
            "fill": [style.color("error") if x > 0 else style.color("forward") for x in t],
            "sign": [("+" if x > 0 else "−") if abs(x) > 0.5 else "" for x in t]}


@functools.lru_cache(maxsize=None)
def digit_table():
    """:func:`digit_quantities` of every choice of the chapter's run (computed once: the run is
    seeded, so the table never changes); the page ships it (:meth:`DigitsExplorer.live_data`)."""
    run = trained_run()
    return tuple(digit_quantities(run, i) for i in range(N_DIGITS))


def digit_quantities(run, i):
    """The table row of choice ``i``: the digit, the trained network's answer and the errors."""
    idx = choices(run)[int(round(i))]
    pixels, label = run.X_test[idx], int(run.y_test[idx])
    trace = run.net.forward(dg.scale(pixels))
    C, grads = run.net.backward(trace, dg.one_hot(np.array([label]))[0])
    O = trace.output
    pred = int(np.argmax(O))
    return {"idx": int(idx), "label": label, "pred": pred, "verdict": "right" if pred == label else "WRONG",
            "C": float(C), "O": [float(o) for o in O],
            "norms": [float(np.linalg.norm(grads.delta[k])) for k in range(1, run.net.L + 1)],
            "pixels": [float(v) for v in np.ravel(pixels)],
            # the error that reaches the pixels, (W¹)ᵀ δ¹
            "back": [float(v) for v in np.ravel(grads.delta[1] @ run.net.W[1])]}


class DigitsExplorer(Explorer):
    """In the static book, the page looks the chosen digit up in :meth:`live_data` (a table of
    the 20 choices, from the library's seeded training) and fills the marked numbers."""

    name = "digits"
    title = "A real handwritten digit: the output probabilities and the errors flowing back"

    def controls(self):
        return [Slider("i", 0, N_DIGITS - 1, 1, 0, label="example no.", description="which held-out example (the misclassified ones first)",
                       digits=0)]

    def live_data(self):
        return {"digits": list(digit_table()),
                "colors": {"error": style.color("error"), "forward": style.color("forward")}}

    def quantities(self, p):
        """The chosen digit's row of the table (:func:`digit_quantities`): ``idx``, ``label``,
        ``pred``, ``verdict``, the cost ``C``, the probabilities ``O`` (one bar group), the error
        norms ``norms``, and the squares of the digit ``img`` and of the error at the pixels
        ``back`` (:func:`grid_values`)."""
        d = digit_table()[int(round(p["i"]))]
        return {"idx": d["idx"], "label": d["label"], "pred": d["pred"], "verdict": d["verdict"],
                "C": d["C"], "O": [d["O"]], "norms": d["norms"],
                "img": grid_values(d["pixels"]), "back": grid_values(d["back"], signed=True)}

    def draw(self, q, p):
        label = num(q["label"], "d", "label")
        img = _pixels_svg(q["img"], f'held-out digit number {num(q["idx"], "d", "idx")}, a {label}', "img")
        back = _pixels_svg(q["back"], "the error reaching each pixel, dC/dx: vermillion (+) means more "
                                      "ink there would raise the cost, blue (−) would lower it", "back",
                           signed=True)
        bars = bar_charts.bar_chart([str(k) for k in range(10)], q["O"][0], kind="forward", ylabel="probability",
                                title=(f"Output probabilities O (label {label}, predicted "
                                       f"{num(q['pred'], 'd', 'pred')}: {num(q['verdict'], 's', 'verdict')})"),
                                width=520, height=240, ylim=(0, 1), q="O").both
        norms = " · ".join(f"‖δ{'¹²³'[k]}‖ = {num(v, 'fmt:3', f'norms.{k}')}" for k, v in enumerate(q["norms"]))
        return (f'<div style="display:flex;flex-wrap:wrap;align-items:center;gap:.5em">'
                f'<figure style="margin:0">{img}<figcaption style="font-size:.85em;color:inherit">the digit (label {label})'
                f'</figcaption></figure>{bars}'
                f'<figure style="margin:0">{back}<figcaption style="font-size:.85em;color:inherit">∂C/∂x: the error at '
                f'the pixels</figcaption></figure></div>'
                f'<p style="font-size:.9em;margin:.3em 0">Cost C = −log O<sub>{label}</sub> = '
                f'{num(q["C"], "fmt:3", "C")}. The errors going back: {norms}.</p>')


EXPLORERS = {"digits": DigitsExplorer}
