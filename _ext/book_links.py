"""Links made from _config.yml's ``repository: url:``, the one place the repository URL lives.

Enabled in _config.yml with ``sphinx: local_extensions: book_links: _ext``. Jupyter Book turns
``repository.url`` into the theme's ``repository_url`` (the launch, repository and issue
buttons); this extension makes MyST substitutions from it for the pages' own text:

``{{ repository_url }}``  https://github.com/<owner>/<name>
``{{ repository_name }}`` <name>
``{{ clone_commands }}``  a ```bash block: git clone, cd, venv, pip install, jupyter lab
``{{ pdf_link }}``        a link to the PDF of the whole book (``python3 tasks.py pdf`` puts
                          it beside the HTML book under this name)

so a fork that changes ``repository.url`` changes every link of the book (the Colab cells of
the notebooks and CITATION.cff are rewritten by ``python3 tasks.py launch-links``).
"""

from __future__ import annotations

PDF_NAME = "backprop-in-four-diagrams.pdf"  # tasks.py PDF_NAME


def clone_commands(url: str) -> str:
    name = url.rstrip("/").rsplit("/", 1)[-1]
    return (
        "```bash\n"
        f"git clone {url}\n"
        f"cd {name}\n"
        "python3 -m venv .venv && . .venv/bin/activate\n"
        "pip install -r requirements.txt\n"
        "jupyter lab chapters/\n"
        "```"
    )


def _substitutions(app, config):
    url = (config.html_theme_options or {}).get("repository_url", "").rstrip("/")
    if not url:
        return
    subs = dict(config.myst_substitutions or {})
    subs.setdefault("repository_url", url)
    subs.setdefault("repository_name", url.rsplit("/", 1)[-1])
    subs.setdefault("clone_commands", clone_commands(url))
    subs.setdefault("pdf_link", f'<a href="{PDF_NAME}" download>PDF of the whole book</a>')
    config.myst_substitutions = subs


def setup(app):
    app.connect("config-inited", _substitutions, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
