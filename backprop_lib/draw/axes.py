"""The matplotlib helpers the chapters' figure modules share.

A styled figure of panels (:func:`panels`), a new or given Axes (:func:`axes_for`), the ``ax=``
and the ``{...}`` argument checks, and the style of the i-th series (:func:`SERIES_STYLES`):
colour, dash and marker all differ, so colour never carries meaning alone.

Every chart has two widths (:func:`two_widths`): the figure a chapter returns, sized for a page
column, and a narrow variant for a phone (panels stacked, :data:`NARROW_WIDTH_IN` wide, so its
text stays at least 9 CSS px in a 360 px column). A :class:`ChartFigure` displays as a
``<picture>`` of both (:func:`picture_bundle`), chosen by the page's width.
"""

from __future__ import annotations

from . import style

__all__ = ["SERIES_STYLES", "panels", "axes_for", "check_ax", "check_mapping", "new_figure", "two_widths",
           "picture_bundle", "figure_alt", "smallest_text_pt", "NARROW_PAGE_PX", "NARROW_WIDTH_IN",
           "MIN_TEXT_PT"]

_DASHES = ["-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 1))]
_MARKERS = ["o", "s", "^", "v", "D", "P"]
_CYCLE = style.CYCLE[:6]  # the palette's one colour cycle (its first six colours)


def SERIES_STYLES(i):
    """(colour, line style, marker) of the i-th series: colour, dash and marker all differ."""
    return _CYCLE[i % len(_CYCLE)], _DASHES[i % len(_DASHES)], _MARKERS[i % len(_MARKERS)]


def panels(nrows, ncols, size, *, narrow=False):
    """A course-styled figure with an nrows x ncols grid of Axes: ``(fig, axes)``, axes 2-d
    (a :class:`ChartFigure`, or with ``narrow`` a figure for a phone: see :func:`new_figure`)."""
    return new_figure(size, narrow=narrow, nrows=nrows, ncols=ncols, squeeze=False)


def axes_for(ax, figsize, *, narrow=False):
    """``(fig, ax)``: the given Axes and its figure, or a new course-styled figure of ``figsize``."""
    style.use()
    if ax is not None:
        return ax.figure, ax
    return new_figure(figsize, narrow=narrow)


def check_ax(ax, name="ax"):
    """``ax`` if it is a matplotlib Axes or None."""
    if ax is None:
        return None
    from matplotlib.axes import Axes

    if not isinstance(ax, Axes):
        raise TypeError(f"{name} must be a matplotlib Axes or None; got {type(ax).__name__}")
    return ax


def check_mapping(obj, name, what):
    """``obj`` if it is a non-empty dict; ``what`` describes its keys and values for the message."""
    if not isinstance(obj, dict) or not obj:
        raise TypeError(f"{name} must be a non-empty dict of {what}")
    return obj


# ---------------------------------------------------------------------------------------------
# Two widths: the figure as drawn for a page column, and again for a phone
# ---------------------------------------------------------------------------------------------

#: Pages this wide or narrower (CSS px) show a chart's narrow variant.
NARROW_PAGE_PX = 480
#: Width of a narrow variant (inches; at 100 CSS px per inch it fills a 360 px phone column, so a
#: point of text is about 1.4 CSS px there).
NARROW_WIDTH_IN = 3.6
#: Text of a chart is never smaller than this (points), in either variant.
MIN_TEXT_PT = 9.0
_CSS_DPI = 100        # CSS px per inch of a figure, as the notebooks have always shown them
_NARROW_DPI = 200     # the narrow PNG is drawn at twice its CSS size: sharp on a phone's screen


def _figure_class():
    from matplotlib.figure import Figure

    global ChartFigure
    if ChartFigure is None:
        class _ChartFigure(Figure):
            """A course chart: a matplotlib Figure that also draws itself for a phone.

            Displayed in IPython it gives the wide PNG (``image/png``: what a PDF or an old
            front end shows) and an HTML ``<picture>`` that shows the narrow variant (panels
            stacked, text larger) where the page is at most :data:`NARROW_PAGE_PX` wide, the
            wide one elsewhere (JupyterLab, Colab, a laptop, the printed book)."""

            bp_narrow = None      # a function drawing the narrow variant (a new Figure)

            def _repr_mimebundle_(self, include=None, exclude=None):
                return picture_bundle(self)

        _ChartFigure.__name__ = _ChartFigure.__qualname__ = "ChartFigure"
        ChartFigure = _ChartFigure
    return ChartFigure


ChartFigure = None  # the Figure subclass, made on first use (importing this module imports no matplotlib)


def new_figure(size, *, narrow=False, **subplots_kw):
    """A course-styled figure of ``size`` inches: ``(fig, axes)``; ``subplots_kw`` go to
    ``Figure.subplots`` (``nrows``, ``ncols``, ``squeeze``, ``gridspec_kw``...).

    The wide figure is a pyplot figure of class :class:`ChartFigure` (shown at the end of a
    cell as ever); a ``narrow`` one is not registered with pyplot (it is drawn only on display).
    """
    style.use()
    if narrow:
        from matplotlib.figure import Figure

        fig = Figure(figsize=size, layout="constrained")
    else:
        import matplotlib.pyplot as plt

        fig = plt.figure(figsize=size, layout="constrained", FigureClass=_figure_class())
    return fig, fig.subplots(**subplots_kw)


def two_widths(draw):
    """``draw(narrow)`` -> Figure, called now with ``narrow=False`` (the Figure returned) and, when
    the figure is displayed, with ``narrow=True`` for its phone variant."""
    fig = draw(False)
    fig.bp_narrow = lambda: draw(True)
    return fig


def smallest_text_pt(fig):
    """The smallest font size (points) of the text a drawn figure shows."""
    from matplotlib.text import Text

    sizes = [t.get_fontsize() for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip() and t.figure is fig]
    return min(sizes) if sizes else None


def figure_alt(fig):
    """A text alternative made of what the figure says: its title and each panel's title, axes
    and legend entries."""
    import re

    def clean(s):
        s = re.sub(r"\\(mathrm|mathbf|operatorname)\{([^}]*)\}", r"\2", s or "")
        s = s.replace("$", "").replace("\\,", " ").replace("\\ ", " ").replace("\\|", "‖")
        s = re.sub(r"\\(delta)", "δ", s)
        s = re.sub(r"\\(sqrt)\{([^}]*)\}", r"√\2", s)
        s = s.replace("\\", "").replace("{", "").replace("}", "")
        s = re.sub(r"\^([0-9kLl2])", lambda m: "⁰¹²³⁴⁵⁶⁷⁸⁹ᵏᴸˡ²"["0123456789kLl2".index(m.group(1))], s)
        s = re.sub(r"_([0-9k])", lambda m: "₀₁₂₃₄₅₆₇₈₉ₖ"["0123456789k".index(m.group(1))], s)
        return " ".join(s.split())

    head = clean(fig._suptitle.get_text()) if getattr(fig, "_suptitle", None) else ""
    parts = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        bits = [clean(ax.get_title())]
        if ax.get_xlabel():
            bits.append(f"x: {clean(ax.get_xlabel())}")
        if ax.get_ylabel():
            bits.append(f"y: {clean(ax.get_ylabel())}{' (log scale)' if ax.get_yscale() == 'log' else ''}")
        leg = ax.get_legend()
        if leg is not None:
            bits.append("legend: " + ", ".join(clean(t.get_text()) for t in leg.get_texts()))
        parts.append("; ".join(b for b in bits if b))
    for leg in fig.legends:
        parts.append("legend: " + ", ".join(clean(t.get_text()) for t in leg.get_texts()))
    text = "Chart" + (f": {head}" if head else "") + ". " + " | ".join(p for p in parts if p)
    return text.strip()


def _png(fig, dpi):
    import base64
    import io

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, bbox_inches="tight", facecolor="white")
    data = buf.getvalue()
    w, h = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return base64.b64encode(data).decode("ascii"), w, h


def variant(fig, dpi):
    """``(base64 PNG, CSS width, CSS height, smallest text in CSS px at that size)`` of ``fig``."""
    b64, w, h = _png(fig, dpi)
    scale = _CSS_DPI / dpi
    pt = smallest_text_pt(fig)
    text_px = round(pt * _CSS_DPI / 72, 2) if pt else 0
    return b64, round(w * scale), round(h * scale), text_px


def picture_bundle(fig):
    """IPython's mime bundle of a :class:`ChartFigure`: ``image/png`` (the wide figure) and
    ``text/html``, a ``<picture>`` of both widths (the narrow one on pages up to
    :data:`NARROW_PAGE_PX` px) with a text alternative. The book's build moves both PNGs out of
    the page into image files (``_ext/chart_images.py``), so a reader downloads one of them."""
    from html import escape

    wide = variant(fig, _CSS_DPI)
    alt = escape(figure_alt(fig), quote=True)
    source = ""
    if fig.bp_narrow is not None:
        small = fig.bp_narrow()
        n = variant(small, _NARROW_DPI)
        source = (f'<source media="(max-width: {NARROW_PAGE_PX}px)" srcset="data:image/png;base64,{n[0]}" '
                  f'width="{n[1]}" height="{n[2]}" data-bp-text-px="{n[3]}">')
    html = (f'<picture class="bp-chart">{source}<img src="data:image/png;base64,{wide[0]}" alt="{alt}" '
            f'width="{wide[1]}" height="{wide[2]}" data-bp-text-px="{wide[3]}" loading="lazy" '
            f'decoding="async" style="max-width:100%;height:auto"></picture>')
    return {"image/png": wide[0], "text/html": html}, {"image/png": {"width": wide[1], "height": wide[2]}}
