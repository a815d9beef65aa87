"""A static site of the executed notebooks, readable offline.

``build`` converts every committed notebook (no re-execution) with nbconvert's lab
template, minus every script from the network: MathJax 2.7 is copied from the
jupyter-server-mathjax package into ``_static/mathjax`` (its HTML-CSS output on the STIX-Web fonts,
the ones the package ships, with automatic line breaks), require.js and mermaid are left out,
figures are embedded in the pages. The pieces, each in its own module:

- ``site_index``: the index, which opens with the tally on the reader's verdict scale beside the
  findings at odds with the evidence, then the questions answered, every finding as a card, the
  notebooks and the exercise sets;
- ``site_cards``: the cards and each one's plain sentence, computed from the audit's values and
  evidence rows (``energycoop.analysis.audit``), never typed;
- ``site_nav``: the reading order, previous and next by title, notebook names made links, the
  downloads, the rerun box and the printable worksheets with their way back;
- ``site_search``: the offline search (lunr, prebuilt here, loaded by a ``<script>`` tag so that it
  works from ``file://``), formulas read as text, tools' messages left out;
- ``site_text``: sentences, TeX as text, languages (``lang``) and the abbreviations (``<abbr>``);
- ``site_figures``: computed descriptions for charts shown without one, phone sizes for wide figures.

Every page carries downloads (the executed ``.ipynb``, its derived CSV, its figures in PNG and SVG,
and the data files it reads, copied into ``files/``), a rerun box (the exact ``python -m energycoop
rerun`` command and the parameters from ``energycoop.build.rerun.declared``) and a show-code button
(code hidden by default) remembered across pages.

nbconvert is already in the collection's stack and builds the whole site in seconds;
Jupyter Book 1.x would add Sphinx and its theme for the same pages, and 2.x cannot build
offline at all.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import io
import os
import re
import shutil
import tempfile
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter
from PIL import Image

from energycoop.build.catalogue import all_notebooks, entry_of
from energycoop.build.site_cards import AUDIT_PAGE, claim_pages
from energycoop.build.site_figures import phone_figures, wide_figures
from energycoop.build.site_index import index_page
from energycoop.build.site_nav import (
    FILES,
    Page,
    downloads,
    head,
    link_notebook_names,
    neighbour,
    reading_order,
    regular_in_repository,
    rerun_box,
    top_nav,
)
from energycoop.build.site_search import GLOSSARY_PAGE, glossary_documents, search_page, sections, write_index
from energycoop.build.site_text import ABBREVIATIONS, abbreviate, mark_languages
from energycoop.build.soup import add_class, classes, text_attr
from energycoop.data.paths import (
    MARKER,
    NOTEBOOKS,
    ROOT,
    SITE,
    UnsafePath,
    claim_output_dir,
    empty_claimed_dir,
    is_claimed,
    mark,
)

__all__ = [
    "ABBREVIATIONS",
    "AUDIT_PAGE",
    "GLOSSARY_PAGE",
    "Page",
    "build",
    "describe",
    "regular_in_repository",
]

COMMAND = "python -m energycoop site"
TEMPLATES = Path(__file__).parent / "site_template"
ASSETS = TEMPLATES / "site"  # lunr.min.js (MIT, lunr.LICENSE), site.js, search.js


# MathJax 2.7 from the jupyter-server-mathjax package, found without importing it (that imports jupyter_server)
def _mathjax() -> Path:
    spec = importlib.util.find_spec("jupyter_server_mathjax")
    if spec is None or spec.origin is None:
        raise ImportError(
            "the site needs MathJax from jupyter-server-mathjax (requirements.txt): run make run"
        )
    return Path(spec.origin).parent / "static"


MATHJAX = _mathjax()
CSS = (ASSETS / "site.css").read_text(encoding="utf-8")  # the site's styles, screen and print


def _first_markdown(nb: nbformat.NotebookNode) -> str:
    return next((c.source for c in nb.cells if c.cell_type == "markdown"), "")


def _plain(markdown: str) -> str:
    """Markdown to plain text for the index: links and emphasis kept as their words, an escaped dollar sign
    (money, kept from MathJax in the notebook) as the sign itself."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"[*`]", "", text).replace("\\$", "$")
    return " ".join(text.split())


def describe(path: Path) -> Page:
    """A notebook's title (its first heading), question and main figure (the first it writes)."""
    nb = nbformat.read(path, as_version=4)
    first = _first_markdown(nb)
    title_match = re.search(r"^#\s+(.+)$", first, re.MULTILINE)
    title = _plain(title_match.group(1)) if title_match else path.stem
    question_match = re.search(r"\*\*Question\.\*\*\s*(.+?)(?:\n\n|$)", first, re.DOTALL)
    question = (
        _plain(question_match.group(1))
        if question_match
        else _plain(first.split("\n\n")[1] if "\n\n" in first else "")
    )
    entry = entry_of(path)
    figure = next(
        (ROOT / f for f in entry.writes_figures() if f.endswith(".png") and (ROOT / f).exists()), None
    )
    relative = path.relative_to(NOTEBOOKS).with_suffix(".html")
    return Page(path, relative.as_posix(), title, question, figure, entry.reads, entry.writes)


def _page_link(match: re.Match) -> str:
    if re.match(rf"(\.\./)*{FILES}/", match.group(1)):  # a download of the notebook itself
        return match.group(0)
    return f'href="{match.group(1)}.html{match.group(2) or ""}"'


def _link_pages(body: str) -> str:
    """Links to ``*.ipynb`` (with or without an anchor) point to the pages instead, except downloads."""
    return re.sub(r'href="([^"#:]+?)\.ipynb(#[^"]*)?"', _page_link, body)


def _thumbnail(figure: Path, target: Path, width: int = 480) -> None:
    with Image.open(figure) as image:
        ratio = width / image.size[0]
        image.convert("RGB").resize(
            (width, max(1, round(image.size[1] * ratio))), Image.Resampling.LANCZOS
        ).save(target, "PNG")


_DISPLAY_MATH = re.compile(r"(\$\$.+?\$\$)", re.DOTALL)


def _escaped_money(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook with each escaped dollar sign of its Markdown prose (``\\$145.6 billion``: money, not a
    formula) kept from MathJax on the page: nbconvert's Markdown drops the backslash, so the sign goes into a
    span MathJax skips (JupyterLab reads the backslash itself). Inside a display formula (``$$ ... \\$ ... $$``)
    the backslash stays: there TeX itself reads ``\\$`` as the sign."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "\\$" in cell.source:
            pieces = _DISPLAY_MATH.split(cell.source)
            cell.source = "".join(
                piece if index % 2 else piece.replace("\\$", '<span class="tex2jax_ignore">&#36;</span>')
                for index, piece in enumerate(pieces)
            )
    return nb


def _anchor_findings(soup: BeautifulSoup) -> int:
    """On notebook 10's page: each finding's anchor ``finding-N``, N its number; return how many. Its cards
    (``energycoop.analysis.report.finding_markdown``) carry theirs; a list of findings under the "What we
    found" heading (the first numbered list after it) gets them here."""
    cards = soup.select("div.finding-item[id^=finding-]")
    if cards:
        return len(cards)
    heading = soup.find(id="What-we-found")
    listing = heading.find_next("ol") if heading else None
    if listing is None:
        return 0
    start = int(text_attr(listing, "start", "1"))
    items = listing.find_all("li", recursive=False)
    for number, item in enumerate(items, start=start):
        item["id"] = f"finding-{number}"
        add_class(item, "finding-item")
    return len(items)


def _text_cells(soup: BeautifulSoup) -> int:
    """Mark each table cell that holds text (more than 20 characters) so that the stylesheet keeps it at
    least about 20 characters wide: a table too wide for the screen then scrolls inside its box instead
    of squeezing its words to a few letters a line. Return how many."""
    cells = [c for c in soup.select("main td, main th") if len(c.get_text(" ", strip=True)) > 20]
    for cell in cells:
        add_class(cell, "text-cell")
    return len(cells)


def _untab(soup: BeautifulSoup) -> int:
    """Take the cells' inputs and outputs out of the keyboard's tab order (nbconvert makes each one a tab stop,
    with no name: a reader tabbing through a page met 36 unnamed stops on page 02); ``site.js`` makes a box
    focusable again, with a name, where it scrolls sideways. Return how many."""
    outputs = soup.select(".jp-OutputArea-output[tabindex], .jp-Cell-inputWrapper[tabindex]")
    for output in outputs:
        del output["tabindex"]
    return len(outputs)


def _table_boxes(soup: BeautifulSoup) -> int:
    """Put each table of a page in its own box (``div.table-box``), the box that scrolls sideways when the table
    is wider than the screen, so that the table keeps its role for a screen reader (``site.js`` names the box
    and makes it a focusable region only while it scrolls); an empty header cell (the corner above a data
    table's index) becomes a plain cell, a header with nothing to say. Return how many tables."""
    tables = soup.select("main table")
    for table in tables:
        if table.parent is not None and "table-box" not in classes(table.parent):
            table.wrap(soup.new_tag("div", attrs={"class": "table-box"}))
        for th in table.select("th"):
            if not th.get_text(strip=True) and not th.find("img"):
                th.name = "td"
        for text in table.find_all(string=re.compile(r"[a-z0-9]_[a-z0-9]")):  # an id may break after "_"
            pieces = re.split(r"(?<=_)(?=[a-z0-9])", str(text))
            for piece in pieces[:-1]:
                text.insert_before(piece)
                text.insert_before(soup.new_tag("wbr"))
            text.replace_with(pieces[-1])
    return len(tables)


# What a tool prints about its files ("Wrote 17 rows to 02-zhanatas-wind.csv.", "Read … from data/derived/ (…)"):
# left out of a reader's page ("All checks passed." stays: it is what the Checks section found).
TOOL_LINE = re.compile(
    r"^\s*(?:Wrote \d[\d,]* rows? to \S+|Read .+ from \S+/ \(.*\)|Saved \S+\.(?:png|svg|csv))\.?\s*$"
)


def _quiet_tools(soup: BeautifulSoup) -> int:
    """Leave out of a reader's page the lines a tool prints about its files (``TOOL_LINE``), and an output left
    with nothing else; the notebook keeps them. Return how many lines."""
    dropped = 0
    for pre in soup.select("main .jp-RenderedText pre"):
        if pre.find(True) is not None:  # coloured output (an error, a warning): kept as it is
            continue
        lines = pre.get_text().splitlines()
        kept = [line for line in lines if not TOOL_LINE.match(line)]
        if len(kept) == len(lines):
            continue
        dropped += len(lines) - len(kept)
        if any(line.strip() for line in kept):
            pre.string = "\n".join(kept) + "\n"
        else:
            (pre.find_parent(class_="jp-OutputArea-child") or pre).decompose()
    return dropped


def _described_once(soup: BeautifulSoup) -> int:
    """A figure's description is its alt text and also printed under it (for a reader of the notebook without
    images): hide the printed copy from a screen reader, which reads the alt already. Return how many."""
    count = 0
    for img in soup.select("main .jp-OutputArea-output img[alt]"):
        child = img.find_parent(class_="jp-OutputArea-child")
        following = child.find_next_sibling(class_="jp-OutputArea-child") if child else None
        text = following.select_one(".jp-RenderedText pre") if following else None
        same = text is not None and " ".join(text.get_text().split()) == " ".join(
            text_attr(img, "alt").split()
        )
        if following is not None and same:
            following["aria-hidden"] = "true"
            count += 1
    return count


def _drop_repeated_summary(soup: BeautifulSoup) -> None:
    """The last cell fills in the Summary shown under the question and shows it once more; the page keeps
    the one under the question only (the cell's code stays, behind the show-code button)."""
    for cell in soup.select(".celltag_summary-source"):
        for wrapper in cell.select(".jp-Cell-outputWrapper"):
            wrapper.decompose()


def _code_only_sections(soup: BeautifulSoup) -> int:
    """Mark each heading whose section holds nothing but code without output ("Parameters"), so that with the
    code hidden no heading stands alone over nothing; return how many."""
    cells = soup.select(".jp-Cell")
    count = 0
    for index, cell in enumerate(cells):
        if "jp-MarkdownCell" not in classes(cell):
            continue
        rendered = cell.select_one(".jp-RenderedMarkdown") or cell
        children = [c for c in rendered.find_all(True, recursive=False)]
        if not children or any(c.name not in ("h1", "h2", "h3", "h4", "h5") for c in children):
            continue
        following = []
        for other in cells[index + 1 :]:
            if "jp-MarkdownCell" in classes(other):
                break
            following.append(other)
        if following and not any(o.select(".jp-OutputArea-output") for o in following):
            add_class(cell, "site-code-section")
            count += 1
    return count


def _tidy(soup: BeautifulSoup, page: Page, pages: list[Page], root: str, nb: nbformat.NotebookNode) -> None:
    """Everything the site does to a converted page before it is written."""
    mark_languages(soup, soup.select("main"))
    abbreviate(soup, soup.select(".jp-RenderedHTMLCommon"))
    _drop_repeated_summary(soup)
    _untab(soup)
    _quiet_tools(soup)
    _table_boxes(soup)
    _described_once(soup)
    _text_cells(soup)
    _code_only_sections(soup)
    link_notebook_names(soup, pages, root)
    phone_figures(soup, nb)
    wide_figures(soup)
    if page.href == AUDIT_PAGE:
        _anchor_findings(soup)


def build(out: Path = SITE, notebooks: list[Path] | None = None) -> list[Page]:
    """Build the site into ``out`` from the executed notebooks; return its pages.

    ``out`` must be new, empty, or a site this command built before (it carries the marker
    file of ``energycoop.data.paths``); only then is it emptied. Anything else is refused with
    ``UnsafePath`` before a file is touched.
    """
    out = claim_output_dir(out, COMMAND, "the site directory")
    out.mkdir(parents=True, exist_ok=True)
    lock = os.open(out, os.O_RDONLY)
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UnsafePath(f"another site build is writing {out}; wait for it to finish") from None
        return _build_and_swap(out, notebooks)
    finally:
        os.close(lock)


def _build_and_swap(out: Path, notebooks: list[Path] | None) -> list[Page]:
    """Build into a new folder inside ``out``; only when the whole site is built, delete the previous
    site's files (those its marker lists) and move the new ones in. A failed build (a data error, say)
    leaves the previous site as it was. A file is moved in with ``os.replace``, which never follows a
    link left at its place, and never through a folder that is a link (refused, before anything is
    deleted)."""
    building = Path(tempfile.mkdtemp(prefix=".energycoop-building-", dir=out))
    try:
        pages = _build(building, notebooks)
        files = sorted(
            p.relative_to(building) for p in building.rglob("*") if p.is_file() and p.name != MARKER
        )
        for name in files:
            here = out
            for part in name.parts[:-1]:
                here = here / part
                if here.is_symlink() or (here.exists() and not here.is_dir()):
                    raise UnsafePath(
                        f"{here} is in the way of the site's {name.as_posix()} (a link or a file where "
                        "the site puts a folder); remove it and build again"
                    )
            if (out / name).is_dir() and not (out / name).is_symlink():
                raise UnsafePath(
                    f"{out / name} is a folder where the site puts a file; remove it and build again"
                )
        if is_claimed(out, COMMAND):
            empty_claimed_dir(out, COMMAND)
        for name in files:
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(building / name, out / name)
        mark(out, COMMAND, files=[n.as_posix() for n in files])  # what a rebuild may delete
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return pages


def site_pages(notebooks: list[Path] | None = None) -> list[Page]:
    """The site's pages, one per notebook (every executed notebook, or ``notebooks``), in reading order: what
    ``build`` returns, without building."""
    return reading_order([describe(p) for p in (notebooks or [p for p in all_notebooks() if p.is_file()])])


def _build(out: Path, notebooks: list[Path] | None) -> list[Page]:
    static = out / "_static"
    (static / "thumbs").mkdir(parents=True, exist_ok=True)
    shutil.copytree(MATHJAX, static / "mathjax", dirs_exist_ok=True)
    (static / "site.css").write_text(CSS, encoding="utf-8")
    for asset in ("lunr.min.js", "lunr.LICENSE", "site.js", "search.js", "index.js"):
        shutil.copy2(ASSETS / asset, static / asset)
    pages = site_pages(notebooks)
    exporter = HTMLExporter(template_name="site", extra_template_basedirs=[str(TEMPLATES)])
    documents = []
    for index, page in enumerate(pages):
        depth = page.href.count("/")
        root = "../" * depth
        exporter.mathjax_url = f"{root}_static/mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
        site = {
            "root": root,
            "reads": page.reads,
            "writes": page.writes,
            "downloads": downloads(page, out, root, pages),
            "rerun": rerun_box(page),
            "previous": neighbour(root, pages[index - 1]) if index > 0 else None,
            "next": neighbour(root, pages[index + 1]) if index + 1 < len(pages) else None,
        }
        nb = nbformat.read(page.source, as_version=4)
        body, _ = exporter.from_notebook_node(
            _escaped_money(nb), resources={"site": site, "metadata": {"name": page.title}}
        )
        soup = BeautifulSoup(_link_pages(body), "html.parser")
        _tidy(soup, page, pages, root, nb)
        documents += sections(soup, page)
        target = out / page.href
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(str(soup), encoding="utf-8")
        if page.figure and regular_in_repository(page.figure):
            _thumbnail(page.figure, static / "thumbs" / page.figure.name)
    with contextlib.redirect_stdout(io.StringIO()):  # the derived tables' loader says which copy it read
        index_html, index_documents = index_page(pages, claim_pages(pages))
    write_index(index_documents + documents + glossary_documents(), static)
    (out / "search.html").write_text(
        search_page(head("Search: the energy-cooperation notebooks"), top_nav()), encoding="utf-8"
    )
    for name in ("LICENSE", "CITATION.cff", "CHANGELOG.md", "data/datapackage.json"):
        if regular_in_repository(ROOT / name):
            (out / FILES / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, out / FILES / name)
    (out / "index.html").write_text(index_html, encoding="utf-8")
    return pages
