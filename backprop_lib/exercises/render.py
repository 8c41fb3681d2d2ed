"""How exercise feedback looks: the check result box, markdown text, inline maths and code.

Colours come from the course's one palette (:mod:`backprop_lib.draw.style`), each paired with a
text label ("✔ Correct", "✘ Not yet", "… Not attempted"): colour is never the only cue.
"""

from __future__ import annotations

import html
import re
from typing import Any

import numpy as np

from ..draw.style import OKABE_ITO

__all__ = ["CheckResult", "Markdown", "maths_html", "inline_html", "unicode_maths", "STATUS", "BADGE",
           "badge_colour", "fmt_value"]


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def badge_colour(hex_colour: str, contrast: float = 4.6) -> str:
    """The palette colour darkened just enough that white text on it has ``contrast`` (WCAG)."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    for step in range(101):
        f = 1 - step / 100
        shade = "#%02X%02X%02X" % (round(r * f), round(g * f), round(b * f))
        if 1.05 / (_luminance(shade) + 0.05) >= contrast:
            return shade
    return "#000000"


#: status -> (text label, palette colour of the box's border and tint)
STATUS = {
    "correct": ("✔ Correct", OKABE_ITO["bluish_green"]),
    "incorrect": ("✘ Not yet", OKABE_ITO["vermillion"]),
    "not_attempted": ("… Not attempted", OKABE_ITO["blue"]),
}
#: status -> a darker shade of the same hue for the label badge (white text, contrast >= 4.5)
BADGE = {status: badge_colour(colour) for status, (_, colour) in STATUS.items()}

_CODE_STYLE = ("color:inherit;background:rgba(127,127,127,0.18);padding:0 0.25em;"
               "border-radius:3px;font-size:0.95em")


def maths_html(text: str) -> str:
    """a^{k-1} -> a<sup>k-1</sup>, W^T -> W<sup>T</sup>, W_{ij} -> W<sub>ij</sub> (text is
    already escaped)."""
    text = re.sub(r"\^\{([^{}]*)\}", r"<sup>\1</sup>", text)
    text = re.sub(r"\^([A-Za-z0-9])", r"<sup>\1</sup>", text)
    return re.sub(r"_\{([^{}]*)\}", r"<sub>\1</sub>", text)


# plain text: Unicode super- and subscripts (the answer box's messages and CheckResult's repr)

_SUP = dict(zip("0123456789+-−=()abcdefghijklmnoprstuvwxyzTL⊤",
                "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᵀᴸᵀ"))
_SUB = dict(zip("0123456789+-−=()aehijklmnoprstuvx",
                "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))


def _script(text: str, table: dict) -> str | None:
    return "".join(table[c] for c in text) if text and all(c in table for c in text) else None


def _unicode_plain(text: str) -> str:
    def sup(m):
        return _script(m.group(1) or m.group(2), _SUP) or m.group(0)

    def sub(m):
        return _script(m.group(1) or m.group(2), _SUB) or m.group(0)

    for _ in range(2):               # W^{k+1}_ij: the superscript, then the subscript
        text = re.sub(r"(?<=[\w)\]′'|δσ])\^(?:\{([^{}]*)\}|([A-Za-z0-9⊤]))(?![A-Za-z0-9])", sup, text)
        text = re.sub(r"(?<=[\w)\]′ᵃ-ᶻᵀ⁰-⁹⁻⁺ʰ-ʸˡˢˣᴸ])_(?:\{([^{}]*)\}|([a-z0-9]{1,2}))(?![A-Za-z0-9])", sub, text)
    return text


def unicode_maths(text: str) -> str:
    """Raw ``a^{k-1}``, ``n_{k-1}``, ``W^T``, ``δ^k_i`` outside code spans and ``$...$`` maths as
    Unicode super- and subscripts (aᵏ⁻¹, nₖ₋₁, Wᵀ, δᵏᵢ); what has no Unicode form stays as typed."""
    parts = re.split(r"(`[^`]*`|\$[^$]*\$)", text)
    return "".join(p if p.startswith(("`", "$")) else _unicode_plain(p) for p in parts)


def inline_html(text: str) -> str:
    """Escape ``text`` for HTML, render `code` spans, simple super/subscripts and line breaks."""
    pieces = text.split("`")
    out = []
    for i, piece in enumerate(pieces):
        esc = html.escape(piece)
        if i % 2 == 1 and i < len(pieces) - 1:
            out.append(f'<code style="{_CODE_STYLE}">{esc}</code>')
        else:
            out.append(maths_html(esc) if i % 2 == 0 else "`" + maths_html(esc))
    return "".join(out).replace("\n", "<br>")


class CheckResult:
    """The outcome of ``Exercise.check``: ``.passed``, ``.message``, ``.status``, ``.mistake``.

    ``status`` is "correct", "incorrect" or "not_attempted"; ``mistake`` names the diagnosis
    (a declared mistake's name, or a generic one such as "generic:transposed", "shape", "type").
    ``rows`` (function exercises): one ``(case, passed, diagnosis)`` row per test case, shown as
    a results table. Shown in a notebook as a coloured box with a text label; ``bool(result)``
    is ``passed``.
    """

    def __init__(self, status: str, message: str, mistake: str | None = None,
                 exercise_id: str = "", rows: list | None = None, details: str = ""):
        self.status = status
        self.message = message
        self.mistake = mistake
        self.exercise_id = exercise_id
        self.rows = rows or []
        self.details = details

    @property
    def passed(self) -> bool:
        return self.status == "correct"

    @property
    def label(self) -> str:
        return STATUS[self.status][0]

    def __bool__(self) -> bool:
        return self.passed

    def __repr__(self) -> str:
        # plain text has no typesetting: a^{k-1}, n_{k-1} are written aᵏ⁻¹, nₖ₋₁
        text = f"{self.label}: {unicode_maths(self.message)}"
        if self.rows:
            text += "\n" + "\n".join(f"  {'✔' if ok else '✘'} {case}: {unicode_maths(why)}"
                                      for case, ok, why in self.rows)
        if self.details:
            text += "\n" + unicode_maths(self.details)
        return text

    __str__ = __repr__

    def _table_html(self) -> str:
        if not self.rows:
            return ""
        body = "".join(
            f'<tr><td style="padding:0 .6em 0 0">{html.escape(case)}</td>'
            f'<td style="padding:0 .6em 0 0">{"✔ passed" if ok else "✘ failed"}</td>'
            f"<td>{inline_html(why)}</td></tr>" for case, ok, why in self.rows)
        return ('<table class="bp-check-cases" style="margin:.3em 0;font-size:.92em;'
                'border-collapse:collapse"><thead><tr><th style="text-align:left">case</th>'
                '<th style="text-align:left">result</th><th style="text-align:left">diagnosis</th>'
                f"</tr></thead><tbody>{body}</tbody></table>")

    def _repr_html_(self) -> str:
        label, colour = STATUS[self.status]
        details = (f'<div style="opacity:.85;font-size:.92em">{inline_html(self.details)}</div>'
                   if self.details else "")
        # Tinted background + coloured border + bold text label; the text colour is inherited so
        # the box stays readable in light and dark themes.
        return (
            f'<div class="bp-check bp-check-{self.status}" role="status" '
            f'style="border-left:6px solid {colour};background:{colour}1f;'
            f'padding:0.5em 0.8em;margin:0.3em 0;border-radius:4px;color:inherit;'
            f'line-height:1.45">'
            f'<strong style="background:{BADGE[self.status]};color:#fff;padding:0.05em 0.45em;'
            f'border-radius:3px;white-space:nowrap">{html.escape(label)}</strong>'
            f'<span style="opacity:0.75"> {html.escape(self.exercise_id)}</span><br>'
            f"{inline_html(self.message)}{self._table_html()}{details}</div>"
        )


class Markdown:
    """Text shown as markdown in Jupyter and the book, and as plain text elsewhere."""

    def __init__(self, text: str):
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    __str__ = __repr__


def fmt_value(value: Any, depth: int = 0) -> str:
    """Short one-line text of a value: (0.8, 0.3, 0.4) for a vector, a matrix row by row."""
    try:
        if isinstance(value, (float, np.floating)):
            text = repr(float(value))
            text = text[:-2] if text.endswith(".0") else text
            return text if len(text) <= 12 else f"{float(value):.6g}"
        if isinstance(value, np.ndarray):
            if value.size > 12:
                return f"<array of shape {value.shape}>"
            if value.ndim == 0:
                return fmt_value(value.item())
            inner = ", ".join(fmt_value(v, depth + 1) for v in value)
            return f"({inner})" if value.ndim == 1 else f"[{inner}]"
        if isinstance(value, (list, tuple)) and depth < 2:
            inner = ", ".join(fmt_value(v, depth + 1) for v in value[:6])
            more = ", ..." if len(value) > 6 else ""
            return ("[%s%s]" if isinstance(value, list) else "(%s%s)") % (inner, more)
        if callable(value):
            return getattr(value, "__name__", None) or type(value).__name__
        text = repr(value)
        return text if len(text) <= 80 else text[:77] + "..."
    except Exception:
        return f"<{type(value).__name__}>"
