"""The older no-kernel version: precomputed frames of a sweep of one or a few controls.

Used only by an explorer whose figures the page cannot yet compute (``Explorer.live`` False);
the live version is :mod:`.static`.
"""

from __future__ import annotations

import hashlib
import html as _html
import itertools
import json
import math

__all__ = ["frames_html"]

NOTE = ("No-kernel version: move the slider to see precomputed frames; open this page as a "
        "notebook (Binder, Colab or JupyterLab) for every control.")

_STATIC_COUNT = 0

_JS = (
    "(function(){var r=document.getElementById('%s');if(!r||r.dataset.ready)return;"
    "r.dataset.ready='1';var d=JSON.parse(r.querySelector('script.bp-frames').textContent);"
    "var ins=r.querySelectorAll('input.bp-range');var v=r.querySelector('.bp-view');"
    "function u(){var k=0;for(var i=0;i<ins.length;i++){var j=+ins[i].value;k=k*d.n[i]+j;"
    "var t=d.labels[i][j];ins[i].setAttribute('aria-valuetext',d.names[i]+' = '+t);"
    "var o=r.querySelector('#'+ins[i].id+'-out');if(o)o.textContent=t;}"
    "v.innerHTML=d.frames[d.index[k]];}"
    "for(var i=0;i<ins.length;i++){ins[i].addEventListener('input',u);}})();"
)



def _sweep_spec(self, sweep, frames):
    if sweep is None:
        sweep = getattr(self, "main", ()) or (next(iter(self._controls)),)
    if isinstance(sweep, str):
        sweep = (sweep,)
    if isinstance(sweep, dict):
        spec = {}
        for k, vals in sweep.items():
            if k not in self._controls:
                raise ValueError(f"sweep: unknown parameter {k!r}; expected one of {', '.join(self._controls)}")
            vals = [self._controls[k].validate(v) for v in vals]
            if not vals:
                raise ValueError(f"sweep: no values for {k!r}")
            spec[k] = vals
    else:
        names = list(sweep)
        if not names:
            raise ValueError("sweep must name at least one parameter")
        per = frames if len(names) == 1 else max(2, int(round(frames ** (1 / len(names)) * 1.6)))
        spec = {}
        for k in names:
            if k not in self._controls:
                raise ValueError(f"sweep: unknown parameter {k!r}; expected one of {', '.join(self._controls)}")
            spec[k] = self._controls[k].sweep_values(per)
    total = math.prod(len(v) for v in spec.values())
    if total > 400:
        raise ValueError(f"sweep would make {total} frames; keep it at most 400 (fewer values)")
    return spec

def frames_html(self, sweep=None, frames=None) -> str:
    """A self-contained no-kernel HTML version: precomputed frames behind range sliders.

    ``sweep``: parameter name(s) to sweep (their slider values, thinned to ``frames``
    frames; default ``self.main``) or a dict {name: [values]}. Other parameters stay at
    their current values. Identical frames are stored once.
    """
    frames = frames or getattr(self, "static_frames", 41)
    spec = _sweep_spec(self, sweep, frames)
    names = list(spec)
    base = dict(self.params)
    uniq, index, seen = [], [], {}
    for combo in itertools.product(*spec.values()):
        p = dict(base)
        p.update(zip(names, combo))
        f = self.render(p)
        if f not in seen:
            seen[f] = len(uniq)
            uniq.append(f)
        index.append(seen[f])
    # Start at the current value (or the nearest swept value).
    start = []
    for k in names:
        vals = spec[k]
        cur = base[k]
        if isinstance(cur, float):
            j = min(range(len(vals)), key=lambda i: abs(vals[i] - cur))
        else:
            j = vals.index(cur) if cur in vals else 0
        start.append(j)
    k0 = 0
    for k, j in zip(names, start):
        k0 = k0 * len(spec[k]) + j
    # Deterministic ids (reproducible builds), unique on a page: content hash + a counter.
    global _STATIC_COUNT
    _STATIC_COUNT += 1
    digest = hashlib.sha1(json.dumps([index, uniq[:1]]).encode()).hexdigest()[:6]
    uid = f"bpx-{(self.name or 'explorer').replace('_', '-')}-{digest}-{_STATIC_COUNT}"
    labels = [[self._controls[k].format(v) for v in spec[k]] for k in names]
    data = {
        "n": [len(spec[k]) for k in names],
        "names": [self._controls[k].label for k in names],
        "labels": labels,
        "index": index,
        "frames": uniq,
    }
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    rows = []
    for i, k in enumerate(names):
        c = self._controls[k]
        iid = f"{uid}-{i}"
        t = labels[i][start[i]]
        rows.append(
            f'<div class="bp-control" style="display:flex;align-items:center;gap:.6em;'
            f'flex-wrap:wrap;margin:.2em 0">'
            f'<label for="{iid}" style="min-width:6em">{_html.escape(c.label)}'
            f'<span style="position:absolute;left:-9999px"> ({_html.escape(c.description)})</span></label>'
            f'<input class="bp-range" type="range" id="{iid}" min="0" max="{len(spec[k]) - 1}" '
            f'step="1" value="{start[i]}" aria-valuetext="{_html.escape(c.label)} = {_html.escape(t)}" '
            f'title="{_html.escape(c.description)}" style="width:min(100%,320px)">'
            f'<output id="{iid}-out" for="{iid}">{_html.escape(t)}</output></div>'
        )
    fixed = [f"{c.label} = {c.format(self.params[n])}" for n, c in self._controls.items()
             if n not in spec]
    note = NOTE + (f" Fixed here: {', '.join(fixed)}." if fixed else "")
    title = f'<p style="margin:.2em 0"><strong>{_html.escape(self.title)}</strong></p>' if self.title else ""
    return (
        f'<div class="bp-explorer" id="{uid}" data-explorer="{_html.escape(self.name)}" '
        f'role="group" aria-label="{_html.escape(self.title or self.name or "explorer")}" '
        f'style="border:1px solid rgba(127,127,127,.4);border-radius:6px;padding:.6em;margin:.6em 0">'
        f"{title}{''.join(rows)}"
        f'<div class="bp-view" aria-live="polite" style="overflow-x:auto">{uniq[index[k0]]}</div>'
        f'<p class="bp-note" style="font-size:.85em;opacity:.85;margin:.3em 0 0">{_html.escape(note)}</p>'
        f'<script type="application/json" class="bp-frames">{payload}</script>'
        f"<script>{_JS % uid}</script></div>"
    )

