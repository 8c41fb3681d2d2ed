"""Figures of the capstone chapter "Real handwritten digits" (matplotlib, the course palette).

Images are drawn in grey (ink dark); every panel carries a title, and curves differ by line style
and marker as well as colour.
"""

from __future__ import annotations

import numpy as np

from . import style as _style
from .axes import NARROW_WIDTH_IN, panels, two_widths

__all__ = ["digit_grid", "confusion", "gradient_norms", "accuracy_spread", "four_diagrams"]


def _fig(nrows, ncols, size, narrow=False):
    return panels(nrows, ncols, size, narrow=narrow)


def _wrap(text, width=34):
    import textwrap

    return "\n".join(textwrap.wrap(text, width))


def _image(ax, pixels, title=None, cmap="gray_r", vmin=0, vmax=16):
    ax.imshow(np.asarray(pixels, dtype=float).reshape(8, 8), cmap=cmap, vmin=vmin, vmax=vmax)
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=9)


def digit_grid(X, titles, ncols=8, title=None):
    """8x8 images (rows of X, values 0..16) with a title under each. Returns the Figure."""
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[1] != 64 or len(X) == 0:
        raise ValueError(f"X must have shape (n, 64), one image per row; got {X.shape}")
    if len(titles) != len(X):
        raise ValueError(f"titles must have one entry per image ({len(X)}); got {len(titles)}")
    return two_widths(lambda narrow: _digit_grid(X, titles, min(ncols, 4) if narrow else ncols, title, narrow))


def _digit_grid(X, titles, ncols, title, narrow):
    n = len(X)
    ncols = min(ncols, n)
    nrows = -(-n // ncols)
    w = NARROW_WIDTH_IN / ncols if narrow else 1.15
    fig, axes = _fig(nrows, ncols, (w * ncols, (w + 0.2) * nrows + 0.3), narrow)
    for i, ax in enumerate(axes.flat):
        if i < n:
            _image(ax, X[i], titles[i])
        else:
            ax.axis("off")
    if title:
        fig.suptitle(_wrap(title) if narrow else title, fontsize=11)
    return fig


def confusion(M, title="Confusion matrix of the held-out digits"):
    """The confusion matrix M[true, predicted], counts printed in every cell. Returns the Figure."""
    M = np.asarray(M)
    if M.ndim != 2 or M.shape[0] != M.shape[1]:
        raise ValueError(f"M must be a square matrix; got shape {M.shape}")
    return two_widths(lambda narrow: _confusion(M, title, narrow))


def _confusion(M, title, narrow):
    fig, axes = _fig(1, 1, (NARROW_WIDTH_IN, 3.9) if narrow else (5.2, 4.6), narrow)
    ax = axes[0, 0]
    ax.imshow(np.log1p(M), cmap="Blues")
    for i in range(M.shape[0]):
        for j in range(M.shape[1]):
            if M[i, j]:
                ax.text(j, i, str(M[i, j]), ha="center", va="center", fontsize=7 if narrow else 9,
                        color="white" if M[i, j] > M.max() / 3 else "black",
                        fontweight="bold" if i != j else "normal")
    ax.set_xticks(range(M.shape[1]))
    ax.set_yticks(range(M.shape[0]))
    ax.set_xlabel("predicted digit")
    ax.set_ylabel("true digit")
    ax.set_title(_wrap(title, 40) if narrow else title, fontsize=10)
    return fig


def gradient_norms(runs, title="Per-layer gradient norms during training"):
    """Mean ||dC/dW^k|| per epoch, one line per layer, for one or several runs. Returns the Figure."""
    runs = runs if isinstance(runs, (list, tuple)) else [runs]
    return two_widths(lambda narrow: _gradient_norms(runs, title, narrow))


def _gradient_norms(runs, title, narrow):
    fig, axes = _fig(1, 1, (NARROW_WIDTH_IN, 4.2) if narrow else (6.4, 3.4), narrow)
    ax = axes[0, 0]
    styles = ["-", "--", ":", "-."]
    markers = ["o", "s", "^", "d"]
    colors = [_style.OKABE_ITO["blue"], _style.OKABE_ITO["vermillion"], _style.OKABE_ITO["bluish_green"],
              _style.OKABE_ITO["orange"]]
    L = len(runs[0].grad_norms[0]) - 1
    for r_i, run in enumerate(runs):
        G = np.array([row[1:] for row in run.grad_norms], dtype=float)
        epochs = np.arange(1, len(G) + 1)
        for k in range(1, L + 1):
            ax.semilogy(epochs, G[:, k - 1], styles[(k - 1) % 4], marker=markers[(k - 1) % 4], markevery=5,
                        color=colors[(k - 1) % 4], alpha=1.0 if r_i == 0 else 0.35, ms=4,
                        label=f"layer {k}: ‖∂C/∂W{'¹²³⁴'[k - 1]}‖" if r_i == 0 else None)
    ax.set_xlabel("epoch")
    ax.set_ylabel("mean ‖∂C/∂Wᵏ‖ over the epoch" if narrow else "mean ‖∂C/∂Wᵏ‖ over the epoch's steps")
    ax.legend(fontsize=9)
    full = title + (f" ({len(runs)} seeds; the first drawn solid)" if len(runs) > 1 else "")
    ax.set_title(_wrap(full, 40) if narrow else full, fontsize=10)
    return fig


def accuracy_spread(runs, title="Held-out accuracy, one line per seed", bound=0.95):
    """Held-out accuracy per epoch for several runs, and the final accuracies, with a dotted line
    at ``bound``, the accuracy the chapter claims for every seed. Returns the Figure."""
    return two_widths(lambda narrow: _accuracy_spread(runs, title, bound, narrow))


def _accuracy_spread(runs, title, bound, narrow):
    if narrow:
        fig, axes = _fig(2, 1, (NARROW_WIDTH_IN, 6.0), True)
        ax, ax2 = axes[0, 0], axes[1, 0]
    else:
        fig, axes = _fig(1, 2, (9.0, 3.2))
        ax, ax2 = axes[0]
    for run in runs:
        ax.plot(np.arange(1, len(run.test_accuracy) + 1), run.test_accuracy, "-", lw=1,
                color=_style.color("forward"), alpha=0.7)
    ax.axhline(bound, color="0.4", ls=":", lw=1)
    ax.set_ylim(0.6, 1.0)
    ax.set_xlabel("epoch")
    ax.set_ylabel("held-out accuracy")
    ax.set_title(title, fontsize=10)
    final = [r.accuracy for r in runs]
    ax2.plot(range(len(final)), final, "o", color=_style.color("forward"))
    ax2.axhline(bound, color="0.4", ls=":", lw=1, label=f"{bound:.0%}".replace("%", " %"))
    ax2.set_xticks(range(len(final)), [str(r.seed) for r in runs])
    ax2.set_xlabel("seed (split, initialization and order)")
    ax2.set_ylabel("final held-out accuracy")
    ax2.set_ylim(min(0.85, bound - 0.03), 1.0)
    ax2.legend(fontsize=9)
    above = "every seed above" if min(final) >= bound else "not every seed above"
    ax2.set_title(f"After training: {above} {bound:.0%}".replace("%", " %"), fontsize=10)
    return fig


def four_diagrams(net, pixels, label, title=None):
    """The four diagrams on one real digit: forward values, the cost, the backpropagated errors
    and the gradient of the first layer's weights, drawn as images and bars. Returns the Figure."""
    from ..digits import one_hot, scale

    x = scale(np.asarray(pixels).reshape(1, 64))
    E = one_hot(np.array([label]))
    trace = net.forward(x[0])
    C, grads = net.backward(trace, E[0])
    return two_widths(lambda narrow: _four_diagrams(net, pixels, label, title, trace, C, grads, E, narrow))


def _four_diagrams(net, pixels, label, title, trace, C, grads, E, narrow):
    L = net.L
    if narrow:   # the same eight panels, two per row: forward (rows 1-2), then backward (rows 3-4)
        fig, grid = _fig(4, 2, (NARROW_WIDTH_IN, 8.6), True)
        axes = np.empty((2, 4), dtype=object)
        for i in range(8):
            axes[i // 4, i % 4] = grid[i // 2, i % 2]
    else:
        fig, axes = _fig(2, 4, (9.0, 5.0))
    blue, red = _style.color("forward"), _style.color("error")

    def layer_image(ax, v, title, cmap, sym=False):
        v = np.asarray(v, dtype=float)
        side = int(np.ceil(np.sqrt(v.size)))
        grid = np.full(side * side, np.nan)
        grid[: v.size] = v
        m = np.nanmax(np.abs(v)) or 1.0
        ax.imshow(grid.reshape(side, side), cmap=cmap, vmin=-m if sym else 0, vmax=m)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(title, fontsize=9)

    # 1. forward propagation
    _image(axes[0, 0], pixels, f"1. forward: the input a⁰ (a {label})")
    layer_image(axes[0, 1], trace.a[1], f"a¹ = ReLU(z¹), {net.sizes[1]} units", "Blues")
    layer_image(axes[0, 2], trace.a[2], f"a² = ReLU(z²), {net.sizes[2]} units", "Blues")
    ax = axes[0, 3]
    ax.bar(range(10), trace.output, color=blue, label="O = softmax(z³)")
    ax.bar(range(10), E[0], fill=False, edgecolor=_style.color("target"), hatch="//", label="E (one-hot)")
    ax.set_xticks(range(10))
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(0.0, 0.93) if narrow else None)
    ax.set_title(f"2. the cost: C = −log O_{label} = {C:.3g}", fontsize=9)
    # 3. backpropagating the cost
    ax = axes[1, 0]
    ax.bar(range(10), grads.delta[L], color=red, hatch="..")
    ax.set_xticks(range(10))
    ax.axhline(0, color="0.3", lw=0.6)
    ax.set_title("3. backward: δ³ = O − E", fontsize=9)
    layer_image(axes[1, 1], grads.delta[2], "δ² = (W³)ᵀδ³ ⊙ ReLU′(z²)", "RdBu_r", sym=True)
    layer_image(axes[1, 2], grads.delta[1], "δ¹ = (W²)ᵀδ² ⊙ ReLU′(z¹)", "RdBu_r", sym=True)
    # 4. the weight gradients: the row of dC/dW^1 of the hidden unit with the largest error
    i = int(np.argmax(np.abs(grads.delta[1])))
    layer_image(axes[1, 3], grads.W[1][i], f"4. ∂C/∂W¹ row {i + 1} = δ¹_{i + 1} · a⁰", "RdBu_r", sym=True)
    head = title or "The four diagrams on one real test digit, with the trained weights"
    fig.suptitle(_wrap(head) if narrow else head, fontsize=11)
    return fig
