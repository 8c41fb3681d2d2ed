"""The no-kernel version of an explorer for the built book: every control live in the page.

How it works (one renderer: the library draws, the page only fills in numbers)

1. The explorer's ``render(params)`` writes every number that depends on the controls as a
   marked number (:func:`backprop_lib.draw.svg.num`): a quantity name (``"z"``, ``"W.1.2.0"``)
   and a format (``"fmt:2"``, ``"width:2.0:0.0"``, ``"dash"``, ``"X:…"``).
2. Drawn while :func:`~backprop_lib.draw.svg.recording`, the same ``render`` gives a
   **template**: the figure with a placeholder in each marked place. One template is stored per
   combination of the explorer's ``structure`` controls (those that change the layout, e.g. the
   activation dropdown that changes the curve drawn); the other controls change numbers only.
3. The page's script (:func:`live_js`, the modules of explorers/js/, inlined once per page)
   reads the controls, computes the explorer's ``quantities`` (its ``EXPLORERS[id]``), picks the
   template for the current structure, and writes each quantity into its places with the same
   format. It never draws anything itself.

The HTML contract (for tests and for anyone embedding an explorer): the root has
``data-explorer="<id>"``; each control is an ``<input type="range">`` (the slider's min, max and
step) or a ``<select>`` (option values = Python's ``str`` of each value) with
``data-param="<name>"``, reacting to ``input`` and ``change``; the element with ``data-figure``
holds, after any change, what ``render(params)`` returns for the current settings.
"""

from __future__ import annotations

import functools
import hashlib
import html as _html
import itertools
import json
from pathlib import Path

from ..draw import svg
from .controls import Dropdown, Slider

__all__ = ["live_html", "root_html", "templates", "template_key", "payload", "live_js"]

_COUNT = 0
_HIDDEN = "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap"


#: The page script's modules (explorers/js/), in the order they are concatenated: Python's number
#: formats, the core equations, one module per chapter (each adds ``EXPLORERS[id]``, the twin of
#: its explorer's ``quantities``), and the page wiring.
MODULES = ("format.js", "template.js", "controls.js", "core.js", "forward_propagation.js", "backward_propagation.js",
           "network_explorable.js", "cross_entropy.js", "vanishing_gradients.js", "initialization.js",
           "training_memory.js", "loss_scaling.js", "autodiff.js", "digits.js", "page.js")

_PRELUDE = """/* The explorers of backprop_lib, live in a static page (no kernel, no server): the modules of
   backprop_lib/explorers/js/ in one closure. Each EXPLORERS[id](params, data) returns the same
   dict as the explorer's Python quantities(params); page.js writes it into the library's
   template. */
(function (root) {
'use strict';
if (root.BPLive) return;
var EXPLORERS = {};
var INTERACTIONS = {};   // id -> function (root, spec): an explorer's own page interactions
"""
_EPILOGUE = """if (typeof module !== 'undefined' && module.exports) module.exports = BPLive;
else root.BPLive = BPLive;
})(typeof window !== 'undefined' ? window : globalThis);
"""


@functools.lru_cache(maxsize=None)
def live_js() -> str:
    """The page script as it is inlined into the page: the modules of explorers/js/ concatenated
    (:data:`MODULES`) in one closure that defines ``BPLive`` (``module.exports`` under node)."""
    folder = Path(__file__).with_name("js")
    body = "".join(f"/* ---- {name} */\n" + (folder / name).read_text(encoding="utf-8") for name in MODULES)
    return _PRELUDE + body + _EPILOGUE


def template_key(explorer, params) -> str:
    """The key of the template for ``params``: the structure controls' values, as the page
    writes them (``Control.key``), joined by ``|``."""
    controls = {c.name: c for c in explorer.control_list}
    return "|".join(controls[n].key(params[n]) for n in explorer.structure)


def template(explorer, params):
    """(template, {quantity: value}) of ``render(params)``, drawn while recording."""
    with svg.recording() as values:
        tpl = explorer.render(dict(params))
    return tpl, dict(values)


def templates(explorer) -> dict:
    """{key: template} for every combination of the structure controls' values (the other
    controls at their current values)."""
    controls = {c.name: c for c in explorer.control_list}
    names = list(explorer.structure)
    out = {}
    for combo in itertools.product(*(controls[n].values() for n in names)):
        params = dict(explorer.params)
        params.update(zip(names, combo))
        out[template_key(explorer, params)] = template(explorer, params)[0]
    return out


def _control_spec(c):
    if isinstance(c, Slider):
        return {"name": c.name, "kind": "slider", "label": c.label, "digits": c.digits}
    return {"name": c.name, "kind": "dropdown", "label": c.label,
            "options": [[str(v), v] for _, v in c.options]}


def payload(explorer) -> dict:
    """Everything the page needs for ``explorer``: controls, structure, templates, data. Not its
    id, which the root element carries (``data-explorer``): explorers that share their templates
    (the network explorable, opened at another step on six pages) have the same payload, one file
    the browser caches once when the book moves it out of the page."""
    return {
        "controls": [_control_spec(c) for c in explorer.control_list],
        "structure": list(explorer.structure),
        "templates": templates(explorer),
        "data": explorer.live_data(),
    }


def _control_html(c, value, iid):
    label = (f'<label for="{iid}" style="min-width:6em">{_html.escape(c.label)}'
             f'<span style="{_HIDDEN}"> ({_html.escape(c.description)})</span></label>')
    if isinstance(c, Slider):
        text = c.format(value)
        field = (f'<input type="range" id="{iid}" data-param="{c.name}" min="{c.min:g}" '
                 f'max="{c.max:g}" step="{c.step:g}" value="{value:g}" '
                 f'aria-valuetext="{_html.escape(c.label)} = {_html.escape(text)}" '
                 f'title="{_html.escape(c.description)}" style="width:min(100%,320px)">'
                 f'<output id="{iid}-out" for="{iid}" aria-hidden="true">{_html.escape(text)}</output>')
    elif isinstance(c, Dropdown):
        opts = "".join(
            f'<option value="{_html.escape(str(v))}"{" selected" if v == value else ""}>'
            f"{_html.escape(lab)}</option>" for lab, v in c.options)
        field = (f'<select id="{iid}" data-param="{c.name}" title="{_html.escape(c.description)}">'
                 f"{opts}</select>")
    else:  # pragma: no cover - every control is one of the two
        raise TypeError(f"unknown control {c!r}")
    return (f'<div class="bp-control" style="display:flex;align-items:center;gap:.6em;'
            f'flex-wrap:wrap;margin:.2em 0">{label}{field}</div>')


def live_html(explorer) -> str:
    """The explorer as self-contained HTML: its controls, its figure (drawn by the library for
    the current settings), the data and templates as JSON, and the page script."""
    global _COUNT
    _COUNT += 1
    data = payload(explorer)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = text.replace("</", "<\\/")
    digest = hashlib.sha1(text.encode()).hexdigest()[:6]
    uid = f"bpx-{explorer.name.replace('_', '-')}-{digest}-{_COUNT}"
    rows = "".join(_control_html(c, explorer.params[c.name], f"{uid}-{i}")
                   for i, c in enumerate(explorer.control_list))
    return (
        root_html(explorer, rows, explorer.html(), uid)[:-len("</div>")]
        + f'<script type="application/json" class="bp-live">{text}</script>'
        f"<script>{live_js()}</script>"
        f"<script>BPLive.mount(document.getElementById('{uid}'));</script></div>"
    )


def root_html(explorer, rows, figure, uid=None) -> str:
    """The explorer's root element (``data-explorer``): its title, its controls ``rows`` and its
    ``figure`` (the ``[data-figure]`` box's content), in the explorer's order: the controls above
    the figure, or, for an explorer with ``figure_first``, the figure first, then its toolbar and
    the controls in a compact strip. The static page and the Jupyter widget both show this."""
    title = (f'<p style="margin:.2em 0"><strong>{_html.escape(explorer.title)}</strong></p>'
             if explorer.title else "")
    figure = f'<div class="bp-view" data-figure style="overflow-x:auto">{figure}</div>'
    if explorer.figure_first:
        body = (f'{title}{figure}{explorer.toolbar_html()}<div class="bp-strip" style="display:grid;'
                f'grid-template-columns:repeat(auto-fill,minmax(min(100%,17rem),1fr));column-gap:1em">'
                f"{rows}</div>")
    else:
        body = f"{title}{rows}{figure}"
    ident = f' id="{uid}"' if uid else ""
    return (f'<div class="bp-explorer"{ident} data-explorer="{_html.escape(explorer.name)}" '
            f'role="group" aria-label="{_html.escape(explorer.title or explorer.name)}" '
            f'style="border:1px solid rgba(127,127,127,.4);border-radius:6px;padding:.6em;margin:.6em 0">'
            f"{body}</div>")
