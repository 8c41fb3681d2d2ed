"""Matplotlib figures for the course: what a trained network learned, and how training went.

Drawing only: the arguments are the library's own results (a trained ``Network``, the data it
was trained on, :func:`backprop_lib.training.train`'s costs, a gradient check), checked where
they were made, not again here.

Every function draws with the course palette (:mod:`backprop_lib.draw.style`), applies
``style.use()`` first, and returns the matplotlib object it drew on, so a notebook cell can
show it as is. Colour is never the only carrier of meaning: classes also differ by marker, the
decision boundary is a labelled contour line, and curves carry labels and line styles.

>>> from backprop_lib import Network, datasets, training
>>> from backprop_lib.draw import weight_gradients as plots
>>> X, Y = datasets.circles(200, noise=0.1, seed=0)            # doctest: +SKIP
>>> net = Network([2, 8, 1], activation="tanh", output_activation="sigmoid", seed=0)  # doctest: +SKIP
>>> costs = training.train(net, X, Y, epochs=100, batch_size=16, lr=0.5)  # doctest: +SKIP
>>> fig = plots.training_summary(net, X, Y, costs)              # doctest: +SKIP
"""

from __future__ import annotations

import numpy as np

from .axes import NARROW_WIDTH_IN, axes_for, new_figure, two_widths

__all__ = [
    "decision_regions",
    "loss_curve",
    "gradient_comparison",
    "training_summary",
    "region_cmap",
]


def _data(X, Y):
    """The points as an (n, 2) array and their labels as an (n,) array."""
    X = np.asarray(X, dtype=float)
    return X, np.asarray(Y, dtype=float).reshape(X.shape[0])


def _flat(g):
    """A gradient (an array, or a list of arrays with None entries) as one flat array."""
    parts = g if isinstance(g, (list, tuple)) else [g]
    return np.concatenate([np.asarray(p, dtype=float).ravel() for p in parts if p is not None])


# ---------------------------------------------------------------------------------------------
# Colours
# ---------------------------------------------------------------------------------------------

def _colors():
    from . import style
    return style.COLORS


def region_cmap():
    """The diverging colour map of the decision-region plots.

    It runs from the palette's "forward" blue (the low class) through white to its "cost"
    orange (the high class): two Okabe-Ito colours that stay distinct for colour-blind readers.
    """
    from matplotlib.colors import LinearSegmentedColormap
    c = _colors()
    return LinearSegmentedColormap.from_list("backprop_regions",
                                             [c["forward"], "#ffffff", c["cost"]])


# ---------------------------------------------------------------------------------------------
# Plots
# ---------------------------------------------------------------------------------------------

def decision_regions(net, X, Y, *, ax=None, resolution=150, margin=0.25, threshold=None,
                     title=None):
    """Draw what ``net`` learned on a 2-D, two-class data set.

    The background shades the network's output over the plane (blue = low, orange = high),
    a solid black contour marks the decision boundary ``output == threshold``, and the data
    points are drawn on top: the low class as blue circles, the high class as orange triangles.

    Parameters
    ----------
    net : Network with 2 inputs and 1 output.
    X : array (n, 2), the points; Y : array (n,) or (n, 1), their class labels (two values).
    resolution : int >= 10, grid points per axis.
    margin : float >= 0, padding around the data, as a fraction of its extent.
    threshold : the output value that separates the classes; default: the midpoint of the two
        label values (0.5 for labels 0/1, 0 for labels -1/+1).

    Returns the Axes.
    """
    X, Y = _data(X, Y)
    lo_label, hi_label = float(Y.min()), float(Y.max())
    if threshold is None:
        threshold = 0.5 * (lo_label + hi_label)

    fig, ax = axes_for(ax, (4.6, 4.2))
    c = _colors()

    lo, hi = X.min(axis=0), X.max(axis=0)
    pad = margin * np.maximum(hi - lo, 1e-9)
    g0 = np.linspace(lo[0] - pad[0], hi[0] + pad[0], int(resolution))
    g1 = np.linspace(lo[1] - pad[1], hi[1] + pad[1], int(resolution))
    G0, G1 = np.meshgrid(g0, g1)
    grid = np.column_stack([G0.ravel(), G1.ravel()]).astype(getattr(net, "dtype", float))
    out = np.asarray(net.predict(grid), dtype=float).reshape(G0.shape)

    # Shade relative to the label range so the colour says "how sure" in label units.
    span = max(hi_label - lo_label, 1e-12)
    vmin, vmax = lo_label, hi_label
    if span <= 1e-12:
        vmin, vmax = lo_label - 1.0, hi_label + 1.0
    ax.pcolormesh(G0, G1, out, cmap=region_cmap(), vmin=vmin, vmax=vmax, shading="auto",
                  alpha=0.55, rasterized=True)
    if out.min() < threshold < out.max():
        cs = ax.contour(G0, G1, out, levels=[threshold], colors="black", linewidths=1.6)
        ax.clabel(cs, fmt={threshold: "boundary"}, fontsize=9)

    low = Y < threshold
    ax.scatter(X[low, 0], X[low, 1], s=18, marker="o", color=c["forward"], edgecolor="white",
               linewidth=0.5, label=f"class {lo_label:g} (circles)")
    ax.scatter(X[~low, 0], X[~low, 1], s=22, marker="^", color=c["cost"], edgecolor="black",
               linewidth=0.4, label=f"class {hi_label:g} (triangles)")
    ax.set_xlim(g0[0], g0[-1])
    ax.set_ylim(g1[0], g1[-1])
    ax.set_aspect("equal")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.legend(loc="upper right", fontsize=9, frameon=True, framealpha=0.9)
    ax.set_title(title if title is not None else "What the network learned")
    return ax


def loss_curve(costs, *, ax=None, log=True, label="training cost", title=None):
    """Plot one cost per epoch (the list :func:`backprop_lib.training.train` returns).

    The cost is drawn in the palette's "cost" colour, on a log scale when ``log`` is true and
    the costs span more than a factor of 10 (a falling cost spans orders of magnitude). Non-finite costs (a diverged run) are left out of the
    line and marked with an "x" on the lower edge. Returns the Axes.
    """
    costs = np.asarray(costs, dtype=float).ravel()
    fig, ax = axes_for(ax, (4.6, 3.2))
    from . import style
    c = _colors()
    epochs = np.arange(1, costs.size + 1)
    finite = np.isfinite(costs)
    ls = getattr(style, "LINESTYLES", {}).get("cost", "-")
    ax.plot(epochs[finite], costs[finite], color=c["cost"], linestyle=ls, linewidth=1.8,
            label=label)
    pos = costs[finite]
    if log and pos.size and np.all(pos > 0) and pos.max() / pos.min() > 10:
        from matplotlib.ticker import NullFormatter
        ax.set_yscale("log")              # a falling cost spans decades: show them evenly
        ax.yaxis.set_minor_formatter(NullFormatter())
    if not finite.all():
        ax.plot(epochs[~finite], np.zeros(int((~finite).sum())), "x", color="black",
                transform=ax.get_xaxis_transform(), clip_on=False,
                label="non-finite cost (diverged)")
    ax.set_xlabel("epoch")
    ax.set_ylabel("cost $C$ (mean over the data)")
    ax.set_title(title if title is not None else "Cost during training")
    ax.legend(loc="upper right", fontsize=9)
    return ax


def gradient_comparison(backprop, numerical=None, *, ax=None, title=None):
    """Scatter backpropagated gradients against numerical ones, with the line y = x.

    Either ``backprop`` is the result of :func:`backprop_lib.gradcheck.check_gradients` (its
    per-entry comparisons are plotted; ``numerical`` stays None), or ``backprop`` and
    ``numerical`` are matching arrays, or matching lists of arrays (e.g. one per layer; ``None``
    entries such as index 0 are skipped). Points on the diagonal agree. Returns the Axes.
    """
    rows = getattr(backprop, "rows", None)
    if rows is not None:
        entries = [r for r in rows if str(r[0]).startswith(("W[", "b["))] or list(rows)
        backprop = np.array([r[1] for r in entries], dtype=float)
        numerical = np.array([r[2] for r in entries], dtype=float)
    bp, nu = _flat(backprop), _flat(numerical)
    if ax is not None:
        return _gradient_comparison(bp, nu, ax, title)
    return two_widths(lambda narrow: _gradient_comparison(
        bp, nu, axes_for(None, (NARROW_WIDTH_IN, 3.6), narrow=narrow)[1], title).figure).axes[0]


def _gradient_comparison(bp, nu, ax, title):
    c = _colors()
    lim = float(np.max(np.abs(np.concatenate([bp, nu])))) if bp.size else 1.0
    lim = 1.1 * lim if lim > 0 else 1.0
    ax.plot([-lim, lim], [-lim, lim], color="0.5", linestyle="--", linewidth=1,
            label="agreement ($y = x$)")
    ax.scatter(nu, bp, s=24, marker="o", color=c["error"], edgecolor="black", linewidth=0.4,
               label="one weight or bias", zorder=3)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_xlabel("numerical gradient (finite differences)")
    ax.set_ylabel("backpropagated gradient")
    ax.set_title(title if title is not None else "Backprop vs numerical gradients")
    ax.legend(loc="upper left", fontsize=9)
    return ax


def training_summary(net, X, Y, costs, *, title=None):
    """One figure, two panels: the decision regions (left) and the cost curve (right).

    Returns the Figure.
    """
    return two_widths(lambda narrow: _training_summary(net, X, Y, costs, title, narrow))


def _training_summary(net, X, Y, costs, title, narrow):
    if narrow:   # the regions above the cost curve
        fig, (ax0, ax1) = new_figure((NARROW_WIDTH_IN, 7.4), narrow=True, nrows=2, ncols=1,
                                     gridspec_kw={"height_ratios": [1.25, 1.0]})
    else:
        fig, (ax0, ax1) = new_figure((9.0, 4.0), nrows=1, ncols=2, gridspec_kw={"width_ratios": [1.0, 1.05]})
    decision_regions(net, X, Y, ax=ax0)
    loss_curve(costs, ax=ax1)
    if title:
        if narrow:
            import textwrap

            title = "\n".join(textwrap.wrap(title, 34))
        fig.suptitle(title)
    return fig
