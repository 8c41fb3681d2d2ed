"""The course's one palette and plot style.

Every diagram and plot colours a quantity the same way, so a reader learns the
code once: forward values are blue, errors are vermillion, weights are green,
the cost is orange and the target is purple.  The colours are from the
Okabe-Ito palette, which stays distinguishable with the common forms of colour
blindness; and colour never carries meaning alone: each quantity also has a line
style (and diagrams print labels), so a grey-scale print still reads.

This module imports nothing at import time; matplotlib is loaded
by :func:`use` when a plot needs it.
"""

__all__ = ["COLORS", "LINESTYLES", "LABELS", "OKABE_ITO", "CYCLE_KINDS", "CYCLE", "use", "legend_svg",
           "color"]

#: The eight Okabe-Ito colours (Okabe & Ito 2008, "Color Universal Design").
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}

#: The colour of each kind of quantity.
COLORS = {
    "forward": OKABE_ITO["blue"],  # x, z^k, a^k, O: values of the forward pass
    "input": OKABE_ITO["sky_blue"],  # a^0 = x
    "error": OKABE_ITO["vermillion"],  # delta^k, dC/da^k, dC/dW^k: the backward pass
    "weight": OKABE_ITO["bluish_green"],  # W^k, b^k (negative weights are drawn dashed)
    "cost": OKABE_ITO["orange"],  # C
    "target": OKABE_ITO["reddish_purple"],  # E, the expected output
}

#: The order in which series without a kind take their colours (charts, matplotlib plots).
CYCLE_KINDS = ("forward", "error", "weight", "cost", "target", "input")

#: The colour cycle: the colours of :data:`CYCLE_KINDS`, then black and yellow.
CYCLE = [COLORS[k] for k in CYCLE_KINDS] + [OKABE_ITO["black"], OKABE_ITO["yellow"]]

#: A matplotlib line style for each kind of quantity, so colour is never the only cue.
LINESTYLES = {
    "forward": "-",
    "input": "-",
    "error": "--",
    "weight": "-.",
    "cost": "-",
    "target": ":",
}

#: What each colour stands for, in the notation of the course (LaTeX and plain text).
LABELS = {
    "forward": (r"$x,\ z^k,\ a^k,\ O$", "forward values x, zᵏ, aᵏ, O"),
    "input": (r"$a^0 = x$", "the input x = a⁰"),
    "error": (
        r"$\delta^k,\ \partial C/\partial a^k,\ \partial C/\partial W^k$",
        "errors δᵏ, ∂C/∂aᵏ and gradients ∂C/∂Wᵏ",
    ),
    "weight": (r"$W^k,\ b^k$", "weights Wᵏ and biases bᵏ (negative: dashed)"),
    "cost": (r"$C$", "the cost C"),
    "target": (r"$E$", "the expected output E"),
}


def color(kind):
    """The colour of a kind of quantity (a key of :data:`COLORS`)."""
    try:
        return COLORS[kind]
    except KeyError:
        raise ValueError(f"kind must be one of {', '.join(COLORS)}; got {kind!r}") from None


def use():
    """Apply the course's matplotlib style: Okabe-Ito colour cycle, white figures, clean axes.

    Figures get a white background so they stay legible in the book's dark theme.
    """
    import matplotlib as mpl
    from cycler import cycler

    mpl.rcParams.update(
        {
            "axes.prop_cycle": cycler(color=CYCLE),
            "figure.facecolor": "white",
            "axes.facecolor": "white",
            "savefig.facecolor": "white",
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "font.size": 11,
            "axes.titlesize": 12,
            "legend.frameon": False,
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "svg.fonttype": "none",
        }
    )


def legend_svg(kinds=None, width=560):
    """An SVG colour legend (swatch, line style and label for each kind), for the notation page."""
    from html import escape

    kinds = list(COLORS) if kinds is None else list(kinds)
    for k in kinds:
        color(k)
    dash = {"-": "", "--": ' stroke-dasharray="8 4"', "-.": ' stroke-dasharray="8 3 2 3"', ":": ' stroke-dasharray="2 3"'}
    row = 28
    height = row * len(kinds) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="legend-title">',
        '<title id="legend-title">Colour legend: '
        + escape("; ".join(f"{LABELS[k][1]}: {k} colour {COLORS[k]}" for k in kinds))
        + "</title>",
    ]
    for i, k in enumerate(kinds):
        y = 8 + i * row + row / 2
        parts.append(f'<rect x="4" y="{y - 9}" width="18" height="18" rx="3" fill="{COLORS[k]}"/>')
        parts.append(
            f'<line x1="32" y1="{y}" x2="92" y2="{y}" stroke="{COLORS[k]}" stroke-width="3"{dash[LINESTYLES[k]]}/>'
        )
        parts.append(
            f'<text x="104" y="{y + 5}" font-family="sans-serif" font-size="15" fill="currentColor">'
            f'<tspan font-weight="bold">{escape(k)}</tspan>: {escape(LABELS[k][1])}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)
