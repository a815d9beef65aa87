"""A static site of the executed notebooks, readable offline.

``build`` converts every committed notebook (no re-execution) with nbconvert's lab
template, minus every script from the network: MathJax 2.7 is copied from the
jupyter-server-mathjax package into ``_static/mathjax``, require.js and mermaid are left
out, figures are embedded in the pages. An index page lists each notebook with its
title, its question and a thumbnail of its main figure; every page links the index and
its neighbours; links between notebooks point to the pages.

nbconvert is already in the collection's stack and builds the whole site in seconds;
Jupyter Book 1.x would add Sphinx and its theme for the same pages, and 2.x cannot build
offline at all.
"""

from __future__ import annotations

import html
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import jupyter_server_mathjax
import nbformat
from nbconvert import HTMLExporter
from PIL import Image

from .paths import NOTEBOOKS, ROOT, SITE, claim_output_dir, empty_claimed_dir, is_claimed, mark
from .runner import all_notebooks, entry_of

COMMAND = "python -m energycoop site"
TEMPLATES = Path(__file__).parent / "site_template"
MATHJAX = Path(jupyter_server_mathjax.__file__).parent / "static"
CSS = """
body { margin: 0 auto; max-width: 1100px; }
.site-nav { display: flex; gap: 1.5em; padding: 0.8em 1em; background: #f3f6f9; border-bottom: 1px solid #d0d7de;
            font-family: system-ui, sans-serif; font-size: 15px; flex-wrap: wrap; }
.site-nav a { color: #0b5394; text-decoration: none; }
.site-nav .site-home { font-weight: bold; margin-right: auto; }
.index { font-family: system-ui, sans-serif; padding: 1em 2em; line-height: 1.45; }
.index h1 { margin-bottom: 0.2em; }
.cards { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr));
         gap: 1.2em; }
.card { border: 1px solid #d0d7de; border-radius: 8px; padding: 0.8em 1em; }
.card img { width: 100%; height: auto; border: 1px solid #eee; }
.card h2 { font-size: 1.1em; margin: 0.3em 0; }
.card p { font-size: 0.92em; color: #333; }
.site-files { font-family: system-ui, sans-serif; font-size: 14px; padding: 0.4em 1em; color: #333;
              border-bottom: 1px solid #d0d7de; }
.site-files p { margin: 0.2em 0; }
"""


@dataclass
class Page:
    source: Path
    href: str  # relative to the site root
    title: str
    question: str
    figure: Path | None
    reads: tuple[str, ...] = ()  # from the notebook's declaration (energycoop.catalogue)
    writes: tuple[str, ...] = ()


def _first_markdown(nb: nbformat.NotebookNode) -> str:
    return next((c.source for c in nb.cells if c.cell_type == "markdown"), "")


def _plain(markdown: str) -> str:
    """Markdown to plain text for the index: links and emphasis kept as their words."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"[*`]", "", text)
    return " ".join(text.split())


def describe(path: Path) -> Page:
    """A notebook's title (its first heading), question and main figure (the first it writes)."""
    nb = nbformat.read(path, as_version=4)
    first = _first_markdown(nb)
    title_match = re.search(r"^#\s+(.+)$", first, re.MULTILINE)
    title = _plain(title_match.group(1)) if title_match else path.stem
    question_match = re.search(r"\*\*Question\.\*\*\s*(.+?)(?:\n\n|$)", first, re.DOTALL)
    question = _plain(question_match.group(1)) if question_match else _plain(first.split("\n\n")[1] if "\n\n" in first else "")
    entry = entry_of(path)
    figure = next((ROOT / f for f in entry.writes_figures() if f.endswith(".png") and (ROOT / f).exists()), None)
    relative = path.relative_to(NOTEBOOKS).with_suffix(".html")
    return Page(path, relative.as_posix(), title, question, figure, entry.reads, entry.writes)


def _link_pages(body: str) -> str:
    """Links to ``*.ipynb`` (with or without an anchor) point to the pages instead."""
    return re.sub(r'href="([^"#:]+?)\.ipynb(#[^"]*)?"', lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', body)


def _thumbnail(figure: Path, target: Path, width: int = 480) -> None:
    with Image.open(figure) as image:
        ratio = width / image.size[0]
        image.convert("RGB").resize((width, max(1, round(image.size[1] * ratio))), Image.LANCZOS).save(target, "PNG")


def _index(pages: list[Page]) -> str:
    cards = []
    for page in pages:
        thumb = (f'<img src="_static/thumbs/{page.figure.name}" alt="main figure of {html.escape(page.title)}">'
                 if page.figure else "")
        cards.append(f'<li class="card"><a href="{page.href}">{thumb}<h2>{html.escape(page.title)}</h2></a>'
                     f"<p>{html.escape(page.question)}</p></li>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>The energy-cooperation notebooks</title><link rel="stylesheet" href="_static/site.css"></head>
<body><main class="index">
<h1>The energy-cooperation notebooks</h1>
<p>An audit, in executed notebooks, of every number in one article: "Energy cooperation goes from strength to
strength" (China Daily, 4 July 2024). Each notebook asks one question, shows its formulas, checks its results
and plots them. Read them in order, or start anywhere.</p>
<ul class="cards">
{chr(10).join(cards)}
</ul>
</main></body></html>
"""


def _neighbour(root: str, page: Page) -> dict:
    return {"href": root + page.href, "title": page.title}


def build(out: Path = SITE, notebooks: list[Path] | None = None) -> list[Page]:
    """Build the site into ``out`` from the executed notebooks; return its pages.

    ``out`` must be new, empty, or a site this command built before (it carries the marker
    file of ``energycoop.paths``); only then is it emptied. Anything else is refused with
    ``UnsafePath`` before a file is touched.
    """
    out = claim_output_dir(out, COMMAND, "the site directory")
    if is_claimed(out, COMMAND):
        empty_claimed_dir(out, COMMAND)
    mark(out, COMMAND)
    static = out / "_static"
    (static / "thumbs").mkdir(parents=True)
    shutil.copytree(MATHJAX, static / "mathjax")
    (static / "site.css").write_text(CSS, encoding="utf-8")
    pages = [describe(p) for p in (notebooks or all_notebooks())]
    exporter = HTMLExporter(template_name="site", extra_template_basedirs=[str(TEMPLATES)])
    for index, page in enumerate(pages):
        depth = page.href.count("/")
        root = "../" * depth
        exporter.mathjax_url = f"{root}_static/mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
        site = {"root": root, "reads": page.reads, "writes": page.writes,
                "previous": _neighbour(root, pages[index - 1]) if index > 0 else None,
                "next": _neighbour(root, pages[index + 1]) if index + 1 < len(pages) else None}
        body, _ = exporter.from_notebook_node(nbformat.read(page.source, as_version=4),
                                              resources={"site": site, "metadata": {"name": page.title}})
        target = out / page.href
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_link_pages(body), encoding="utf-8")
        if page.figure:
            _thumbnail(page.figure, static / "thumbs" / page.figure.name)
    (out / "index.html").write_text(_index(pages), encoding="utf-8")
    return pages
