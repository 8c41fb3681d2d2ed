"""Chart images out of the page: a chart's two PNGs become image files, not inline data.

A library chart displays in a notebook as an HTML ``<picture class="bp-chart">`` holding its wide
and its narrow variant as ``data:`` URIs (``backprop_lib.draw.axes.picture_bundle``), so it works
in JupyterLab and Colab with nothing beside the notebook. In the built book that would put both
images inside the page's HTML; this extension writes each one to ``_images/bp-chart-<hash>.png``
and points the ``<picture>`` at the files, so the page stays small and a reader's browser
downloads only the variant its screen shows (lazily, when scrolled near).
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

PICTURE = re.compile(r'<picture class="bp-chart">.*?</picture>', re.S)
DATA = re.compile(r'\b(src|srcset)="data:image/png;base64,([A-Za-z0-9+/=]+)"')


def externalize(body: str, outdir: Path, url_of) -> str:
    """``body`` with every data URI of a chart picture written to ``outdir/_images`` and replaced
    by ``url_of("_images/<file>")``."""
    if "bp-chart" not in body:
        return body
    images = Path(outdir) / "_images"

    def move(m):
        data = base64.b64decode(m.group(2))
        name = f"bp-chart-{hashlib.sha256(data).hexdigest()[:20]}.png"
        path = images / name
        if not path.exists():
            images.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        return f'{m.group(1)}="{url_of("_images/" + name)}"'

    return PICTURE.sub(lambda p: DATA.sub(move, p.group(0)), body)


def _on_page(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if body:
        context["body"] = externalize(body, app.outdir, lambda target: context["pathto"](target, 1))


def setup(app):
    app.connect("html-page-context", _on_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
