"""The SVG toolkit every figure of the course is drawn with (public: diagrams, charts and the
explorers use it).

- :func:`fmt`, :func:`plain`, :func:`sup`, :func:`sub`, :func:`esc`: numbers and indices as text;
- :class:`Diagram`: an SVG string with its text alternative (displays inline in Jupyter);
- :class:`Canvas`: collects SVG elements and wraps them in an accessible ``<svg>`` root;
- :func:`num` and :func:`recording`: **marked numbers**, the link between a figure drawn here
  and the page that keeps it live without a kernel (see below).

Marked numbers
--------------
A figure that an explorer redraws in the static book writes every number that depends on the
explorer's settings through ``num(value, spec, q)``: ``q`` names the quantity (``"z"``,
``"x.0"``: entry 0 of ``x``), ``spec`` says how it is written (:func:`format_value`). Normally
``num`` returns the formatted value and nothing else changes. While :func:`recording` is on,
``num`` returns a placeholder ``\\ue000q\\ue001spec\\ue002`` instead and records ``q -> value``:
the figure becomes a *template* whose dependent parts (numbers in text, stroke widths, dash
patterns, coordinates) are marked. The page's JavaScript (``explorers/js/``) computes the
quantities with the same equations and writes them into the marked places with the same
formats; it never draws anything itself.

Geometry never depends on how long a number's text is: :meth:`Canvas.text` and the label boxes
measure a number as :func:`nominal_width` characters, so the template and the figure agree for
every value.
"""

from __future__ import annotations

import math
import re

from . import style as _style

__all__ = ["Diagram", "Canvas", "fmt", "plain", "sup", "sub", "esc", "num", "recording",
           "format_value", "measure", "nominal_width", "resolve", "deferred", "fill", "MARK", "FONT", "TINT",
           "narrow_pair", "NARROW_CSS"]

SUP = str.maketrans("0123456789-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺")
SUB = str.maketrans("0123456789-+", "₀₁₂₃₄₅₆₇₈₉₋₊")
TINT = "0.16"  # fill-opacity of the colour tints behind text (reads on white and on black)
FONT = "system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif"


def sup(v) -> str:
    """``v`` written with Unicode superscript digits (layer indices: z¹, a², 10⁻³)."""
    return str(v).translate(SUP)


def sub(v) -> str:
    """``v`` written with Unicode subscript digits (unit indices: x₁, E₂)."""
    return str(v).translate(SUB)


def fmt(v, digits: int = 2) -> str:
    """A number for printing on a figure: fixed decimals, a true minus sign (U+2212); very large
    or very small numbers in exponent form."""
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if v != 0 and (abs(v) >= 10 ** 5 or abs(v) < 0.5 * 10 ** (-digits)):
        s = f"{v:.{max(digits - 1, 0)}e}"
    else:
        s = f"{v:.{digits}f}"
    if s.startswith("-") and float(s.replace("e", "E")) == 0:
        s = s[1:]  # no "-0.00"
    return s.replace("-", "−")


def plain(v, digits: int = 2) -> str:
    """A number for a text alternative (ASCII minus: screen readers say 'minus')."""
    return fmt(v, digits).replace("−", "-")


def esc(s) -> str:
    """``s`` escaped for SVG/HTML text and attribute values."""
    return (
        str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


# --------------------------------------------------------------------------------------------
# Marked numbers
# --------------------------------------------------------------------------------------------

#: The three characters (Unicode private use) that delimit a placeholder: open, separator, close.
MARK = ("\ue000", "\ue001", "\ue002")
_PLACEHOLDER = re.compile("\ue000([^\ue001\ue002]*)\ue001([^\ue002]*)\ue002")
_SPEC = re.compile("\ue001[^\ue002]*\ue002")
_recorded: list = []  # a stack of dicts while recording


def width_of(v, scale):
    """Stroke width for a weight of magnitude |v| drawn with full width at ``scale`` (0.6 .. 5.5)."""
    r = min(abs(float(v)) / scale, 1.5) if scale > 0 else 0.0
    return 0.6 + 3.3 * r


def format_value(v, spec: str) -> str:
    """``v`` written as ``spec`` says (the JavaScript twin is ``format`` in explorers/js/format.js):

    ``fmt:D`` :func:`fmt` with D decimals; ``plain:D`` :func:`plain`; ``f:D`` Python's
    ``f"{v:.Df}"``; ``cf:D`` the same with thousands separators; ``g`` ``f"{v:g}"``; ``d`` an
    integer; ``s`` a string as it is; ``width:S[:E]`` a weight's stroke width (scale S, plus E);
    ``dash`` ``"6 4"`` for a negative weight, ``"none"`` otherwise; ``X:x0:w:lo:hi`` and
    ``Y:y0:h:lo:hi:log[:off]`` a data value as a pixel coordinate on a chart axis (clamped to
    [lo, hi]; ``log`` 1 for a log axis; plus ``off`` pixels), written with one decimal;
    ``bar:y0:h:lo:hi:log:base`` the height of a bar from ``base`` to the value (at least 0.5).
    """
    kind, _, rest = spec.partition(":")
    args = rest.split(":") if rest else []
    if kind == "fmt":
        return fmt(v, int(args[0]))
    if kind == "plain":
        return plain(v, int(args[0]))
    if kind == "f":
        return f"{float(v):.{int(args[0])}f}"
    if kind == "cf":
        return f"{float(v):,.{int(args[0])}f}"
    if kind == "g":
        return f"{float(v):g}"
    if kind == "d":
        return str(int(v))
    if kind == "s":
        return str(v)
    if kind == "width":
        extra = float(args[1]) if len(args) > 1 else 0.0
        return f"{width_of(v, float(args[0])) + extra:.2f}"
    if kind == "dash":
        return "6 4" if float(v) < 0 else "none"
    if kind == "X":
        x0, w, lo, hi = (float(a) for a in args)
        v = min(max(float(v), lo), hi)
        return f"{x0 + (v - lo) / (hi - lo) * w:.1f}"
    if kind in ("Y", "bar"):
        y0, h, lo, hi, log = (float(a) for a in args[:5])
        v = float(v)
        if log:  # a value <= 0 sits at the bottom of a log axis
            v = math.log10(v) if v > 0 else -math.inf
        v = min(max(v, lo), hi)
        y = y0 + h - (v - lo) / (hi - lo) * h
        if kind == "bar":  # the height of a bar from the base value args[5] up to v
            return f"{max(abs(y - (y0 + h - (float(args[5]) - lo) / (hi - lo) * h)), 0.5):.1f}"
        if len(args) > 5:  # an offset in pixels
            y = y + float(args[5])
        return f"{y:.1f}"
    raise ValueError(f"unknown number format {spec!r}")


def nominal_width(spec: str) -> int:
    """How many characters a marked number counts for when text is measured."""
    kind, _, rest = spec.partition(":")
    if kind in ("fmt", "plain", "f", "cf"):
        return int(rest.split(":")[0]) + 3
    return 4


def num(value, spec: str = "fmt:2", q: str | None = None) -> str:
    """``value`` written as ``spec``; with a quantity name ``q``, a marked number (see the module
    docstring): its formatted value between markers, or while :func:`recording`, a placeholder."""
    if q is None:
        return format_value(value, spec)
    if _recorded:
        _recorded[-1][q] = value
        return f"\ue000{q}\ue001{spec}\ue002"
    return f"\ue000{format_value(value, spec)}\ue001{spec}\ue002"


class recording:
    """``with recording() as values:`` figures drawn inside are templates; ``values`` collects
    {quantity name: value} of every marked number drawn."""

    def __enter__(self):
        _recorded.append({})
        return _recorded[-1]

    def __exit__(self, *exc):
        _recorded.pop()
        return False


def is_recording() -> bool:
    return bool(_recorded)


_deferred: list = []  # non-empty while marked numbers are kept for one final resolve


class deferred:
    """``with deferred():`` figures drawn inside keep their marked numbers (:func:`resolve`
    returns its argument as it is); the caller resolves the whole output once
    (:meth:`backprop_lib.explorers.Explorer.html`: one ``resolve`` per change)."""

    def __enter__(self):
        _deferred.append(True)
        return self

    def __exit__(self, *exc):
        _deferred.pop()
        return False


def measure(s: str) -> int:
    """The length of ``s`` in characters, each marked number counting :func:`nominal_width`."""
    if "\ue000" not in s:
        return len(s)
    total, pos = 0, 0
    for m in _PLACEHOLDER.finditer(s):
        total += m.start() - pos + nominal_width(m.group(2))
        pos = m.end()
    return total + len(s) - pos


def resolve(s: str) -> str:
    """``s`` with its marked numbers written out (placeholders, while recording, are kept)."""
    if _recorded or _deferred or "\ue000" not in s:
        return s
    return _SPEC.sub("", s).replace("\ue000", "")  # keep each mark's value: drop its spec and opener


def _lookup(values, name):
    if name in values:
        return values[name]
    head, _, rest = name.rpartition(".")
    seq = _lookup(values, head)
    return seq[rest] if isinstance(seq, dict) else seq[int(rest)]


def fill(template: str, values) -> str:
    """A template's placeholders replaced by ``values`` (flat ``{"x.0": ..}`` or nested
    ``{"x": [..], "pt": {"x": ..}}``, an explorer's quantities), formatted by their spec: what the page does, in Python (for tests)."""
    return _PLACEHOLDER.sub(lambda m: esc(format_value(_lookup(values, m.group(1)), m.group(2))),
                            template)


# --------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------


class Diagram:
    """An SVG picture with a text alternative.

    ``.svg`` is the SVG string, ``.alt`` the text alternative (also inside the SVG as
    ``aria-label``, ``<title>`` and ``<desc>``). Displays inline in Jupyter and myst-nb.
    """

    __slots__ = ("svg", "alt", "title", "axes", "narrow")

    def __init__(self, svg: str, alt: str = "", title: str = "", axes=None, narrow=None):
        self.svg = svg
        self.alt = alt
        self.title = title
        self.axes = axes  # charts: the data -> pixel transform (for charts.add_points)
        self.narrow = narrow  # a narrow variant's SVG (a phone's), shown at 480 px and below

    def _repr_html_(self):
        if not self.narrow:
            return self.svg
        return narrow_pair(self.svg, self.narrow)

    def _repr_svg_(self):
        return self.svg

    def __str__(self):
        return self.svg

    def __repr__(self):
        return f"<Diagram: {self.title or self.alt[:60]}>"

    def save(self, path):
        """Write the SVG to ``path`` (UTF-8)."""
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(self.svg)


#: The CSS that shows one of a figure's two variants (:func:`narrow_pair`): the narrow one at
#: 480 CSS px and below (a phone), the wide one above.
NARROW_CSS = ("<style>.bp-narrow-fig{display:none}@media (max-width:480px){"
              ".bp-wide-fig{display:none}.bp-narrow-fig{display:block}}</style>")


def narrow_pair(wide: str, narrow: str) -> str:
    """HTML showing ``wide`` on a wide screen and ``narrow`` at 480 CSS px and below."""
    return (f'<div class="bp-fig-pair">{NARROW_CSS}<div class="bp-wide-fig">{wide}</div>'
            f'<div class="bp-narrow-fig">{narrow}</div></div>')


def _n(v, spec):
    """A coordinate or width: a number written with ``spec``, or a marked string as it is."""
    return v if isinstance(v, str) else format(v, spec)


class Canvas:
    """Collects SVG elements; :meth:`finish` wraps them in an accessible ``<svg>`` root.

    Stroke widths and dash patterns may be marked numbers (strings from :func:`num`)."""

    def __init__(self):
        self.parts: list[str] = []
        self.max_x = 0.0
        self.max_y = 0.0
        self.min_x = 0.0
        self.min_y = 0.0

    def grow(self, x0, y0, x1, y1):
        """Make the picture's bounding box include the rectangle (x0, y0)-(x1, y1)."""
        self.min_x = min(self.min_x, x0)
        self.min_y = min(self.min_y, y0)
        self.max_x = max(self.max_x, x1)
        self.max_y = max(self.max_y, y1)

    def rect(self, x, y, w, h, color=None, *, stroke=None, sw=1.2, rx=6, tint=True, dash=None,
             extra=""):
        fill_ = f'fill="{color}" fill-opacity="{TINT}"' if (color and tint) else 'fill="none"'
        st = stroke or color or "currentColor"
        d = f' stroke-dasharray="{dash}"' if dash else ""
        self.parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{rx}" {fill_} '
            f'stroke="{st}" stroke-width="{_n(sw, "")}"{d}{extra}/>'
        )
        self.grow(x, y, x + w, y + h)

    def line(self, x0, y0, x1, y1, color="currentColor", sw=1.0, dash=None, opacity=None):
        d = f' stroke-dasharray="{dash}"' if dash else ""
        o = f' stroke-opacity="{opacity}"' if opacity is not None else ""
        self.parts.append(
            f'<line x1="{x0:.1f}" y1="{y0:.1f}" x2="{x1:.1f}" y2="{y1:.1f}" stroke="{color}" '
            f'stroke-width="{_n(sw, ".2f")}"{d}{o}/>'
        )

    def labelled_line(self, x0, y0, x1, y1, t, label, label_color, color, sw=1.0, dash=None,
                      opacity=None, size=10.0, pill=True):
        """A line with a :meth:`pill` label at fraction ``t`` of its length; the line is
        interrupted under the label (labels need no opaque backing, which could not match
        both the light and the dark theme). ``pill=False`` leaves the gap empty, for a caller
        that draws the label itself (in another group, shown at another time)."""
        dx, dy = x1 - x0, y1 - y0
        n = math.hypot(dx, dy) or 1.0
        ux, uy = dx / n, dy / n
        hw, hh = (0.6 * size * measure(label) + 8) / 2, (size + 6) / 2
        s = min(hw / abs(ux) if ux else math.inf, hh / abs(uy) if uy else math.inf) + 1.5
        a, b = t * n - s, t * n + s
        if a > 0:
            self.line(x0, y0, x0 + ux * a, y0 + uy * a, color, sw, dash, opacity)
        if b < n:
            self.line(x0 + ux * b, y0 + uy * b, x1, y1, color, sw, dash, opacity)
        if pill:
            self.pill(x0 + t * dx, y0 + t * dy, label, label_color, size=size)

    def arrowhead(self, x0, y0, x1, y1, color="currentColor", size=7.0):
        """A filled triangle at (x1, y1) pointing along (x0, y0) -> (x1, y1)."""
        dx, dy = x1 - x0, y1 - y0
        n = math.hypot(dx, dy) or 1.0
        ux, uy = dx / n, dy / n
        bx, by = x1 - ux * size, y1 - uy * size
        px, py = -uy * size * 0.45, ux * size * 0.45
        self.parts.append(
            f'<path d="M{x1:.1f},{y1:.1f}L{bx + px:.1f},{by + py:.1f}L{bx - px:.1f},{by - py:.1f}Z" '
            f'fill="{color}"/>'
        )

    def arrow(self, x0, y0, x1, y1, color="currentColor", sw=1.2, dash=None, size=7.0):
        dx, dy = x1 - x0, y1 - y0
        n = math.hypot(dx, dy) or 1.0
        self.line(x0, y0, x1 - dx / n * size * 0.8, y1 - dy / n * size * 0.8, color, sw, dash)
        self.arrowhead(x0, y0, x1, y1, color, size)

    def text(self, x, y, s, *, size=12, anchor="middle", weight=None, color="currentColor",
             italic=False):
        w = f' font-weight="{weight}"' if weight else ""
        it = ' font-style="italic"' if italic else ""
        fill_ = "" if color == "currentColor" else f' fill="{color}"'
        self.parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{w}{it}{fill_}>'
            f"{esc(s)}</text>"
        )
        est = 0.58 * size * measure(str(s))
        x0 = x - est / 2 if anchor == "middle" else (x - est if anchor == "end" else x)
        self.grow(x0, y - size, x0 + est, y + 3)

    def pill(self, x, y, s, color, *, size=10.5, dash=None):
        """Text centred at (x, y) on a small rounded box tinted with ``color``."""
        w = 0.6 * size * measure(s) + 8
        h = size + 6
        self.rect(x - w / 2, y - h / 2, w, h, color, sw=0.8, rx=4, dash=dash)
        self.text(x, y + size * 0.36, s, size=size)

    def finish(self, title: str, desc: str, pad: float = 8.0, extra: str = "", kind: str = "") -> Diagram:
        """The ``<svg>`` of the parts drawn so far (plus ``extra`` elements on top), titled and
        described; the canvas itself is unchanged, so it can be finished again (a chart redrawn
        with new points and a new description). ``kind`` ("network", "node") is written as
        ``data-bp-diagram``: what the book's browser tests measure as that kind of diagram."""
        x0, y0 = self.min_x - pad, self.min_y - pad
        w, h = self.max_x - x0 + pad, self.max_y - y0 + pad
        label = f"{title}. {desc}"
        marker = f' data-bp-diagram="{kind}"' if kind else ""
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg"{marker} '
            f'viewBox="{x0:.0f} {y0:.0f} {w:.0f} {h:.0f}" '
            f'width="{w:.0f}" height="{h:.0f}" role="img" aria-label="{esc(label)}" '
            f'style="max-width:100%;height:auto;color:inherit" font-family="{FONT}" '
            f'fill="currentColor"><title>{esc(title)}</title><desc>{esc(desc)}</desc>'
        )
        return Diagram(resolve(head + "".join(self.parts) + extra + "</svg>"), resolve(label), resolve(title))


def color(kind: str) -> str:
    """The palette colour of a kind of quantity (see :mod:`backprop_lib.draw.style`)."""
    return _style.color(kind)
