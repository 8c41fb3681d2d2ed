"""Explorer of the capstone chapter "Real handwritten digits": pick a held-out digit and see the
trained network's output probabilities and the errors flowing back, down to the pixels."""

from __future__ import annotations

import numpy as np

from .. import digits as dg
from ..draw import charts, diagrams, style
from .base import Explorer, Slider

_RUN = {}

#: How many held-out digits the explorer offers (the misclassified ones among them first).
N_DIGITS = 20


def trained_run():
    """The chapter's run (seed 0), trained once per process."""
    if "run" not in _RUN:
        _RUN["run"] = dg.train(seed=0)
    return _RUN["run"]


def choices(run):
    """Indices into the held-out set: the misclassified digits first, then the others in order."""
    wrong = np.flatnonzero(run.predictions() != run.y_test)
    rest = [i for i in range(len(run.y_test)) if i not in set(wrong)]
    return [int(i) for i in list(wrong)[: N_DIGITS // 4]] + rest[: N_DIGITS - min(len(wrong), N_DIGITS // 4)]


def _pixels_svg(values, label, *, signed=False, size=176):
    """An 8x8 grid of squares: grey ink for pixels, blue/vermillion (with +/−) for signed values."""
    v = np.asarray(values, dtype=float).reshape(8, 8)
    m = float(np.max(np.abs(v))) or 1.0
    cell = size // 8
    rects = []
    for r in range(8):
        for c in range(8):
            t = v[r, c] / m
            if signed:
                color = style.color("error") if t > 0 else style.color("forward")
                opacity = abs(t)
            else:
                color, opacity = "#000000", max(t, 0.0)
            if opacity >= 0.005:
                rects.append(f'<rect x="{c * cell:.0f}" y="{r * cell:.0f}" width="{cell:.0f}" height="{cell:.0f}" '
                             f'fill="{color}" fill-opacity="{opacity:.2f}"/>')
            if signed and abs(t) > 0.5:
                rects.append(f'<text x="{(c + .5) * cell:.1f}" y="{(r + .62) * cell:.1f}" font-size="{cell * .5:.0f}" '
                             f'text-anchor="middle" fill="white">{"+" if t > 0 else "−"}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" '
            f'height="{size}" role="img" aria-label="{label}" style="margin:.2em">'
            f'<rect width="{size}" height="{size}" fill="white" stroke="#999"/>' + "".join(rects) + "</svg>")


class DigitsExplorer(Explorer):
    name = "digits"
    title = "A real handwritten digit: the output probabilities and the errors flowing back"
    main = ("i",)
    static_frames = N_DIGITS
    note = ("No-kernel version: move the slider to pick one of 20 held-out digits (the first few "
            "are the ones the network gets wrong); open this page as a notebook for every control.")

    def controls(self):
        return [Slider("i", 0, N_DIGITS - 1, 1, 0, label="digit", description="which held-out digit",
                       digits=0)]

    def render(self, p):
        run = trained_run()
        idx = choices(run)[int(round(p["i"]))]
        pixels, label = run.X_test[idx], int(run.y_test[idx])
        x = dg.scale(pixels)
        trace = run.net.forward(x)
        C, grads = run.net.backward(trace, dg.one_hot(np.array([label]))[0])
        O = trace.output
        pred = int(np.argmax(O))
        dC_dx = grads.delta[1] @ run.net.W[1]  # the error that reaches the pixels, (W¹)ᵀ δ¹
        verdict = "right" if pred == label else "WRONG"
        img = _pixels_svg(pixels, f"held-out digit number {idx}, a {label}")
        back = _pixels_svg(dC_dx, "the error reaching each pixel, dC/dx: vermillion (+) means more "
                                  "ink there would raise the cost, blue (−) would lower it", signed=True)
        bars = charts.bar_chart([str(d) for d in range(10)], list(O), kind="forward", ylabel="probability",
                                title=f"Output probabilities O (label {label}, predicted {pred}: {verdict})",
                                width=420, height=240, ylim=(0, 1)).svg
        norms = " · ".join(f"‖δ{'¹²³'[k - 1]}‖ = {diagrams.fmt(np.linalg.norm(grads.delta[k]), 3)}"
                           for k in range(1, run.net.L + 1))
        return (f'<div style="display:flex;flex-wrap:wrap;align-items:center;gap:.5em">'
                f'<figure style="margin:0">{img}<figcaption style="font-size:.85em;color:inherit">the digit (label {label})'
                f'</figcaption></figure>{bars}'
                f'<figure style="margin:0">{back}<figcaption style="font-size:.85em;color:inherit">∂C/∂x: the error at '
                f'the pixels</figcaption></figure></div>'
                f'<p style="font-size:.9em;margin:.3em 0">Cost C = −log O<sub>{label}</sub> = '
                f'{diagrams.fmt(C, 3)}. The errors going back: {norms}.</p>')


EXPLORERS = {"digits": DigitsExplorer}
