"""A static site of the executed notebooks, readable offline.

``build`` converts every committed notebook (no re-execution) with nbconvert's lab
template, minus every script from the network: MathJax 2.7 is copied from the
jupyter-server-mathjax package into ``_static/mathjax``, require.js and mermaid are left
out, figures are embedded in the pages. The index opens with the audit's tally on the
reader's verdict scale and the findings at odds with the evidence (from ``energycoop.analysis.audit``),
the questions answered, then one card per claim (linked to its item in notebook 10 and to the
notebooks that compute its numbers), then each notebook with its title, its question and a
thumbnail of its main figure; every page links the index and its neighbours; links
between notebooks point to the pages.

Every page also carries: downloads (the executed ``.ipynb``, its derived CSV, its figures
in PNG and SVG, and the data files it reads, from its catalogue declaration, copied into
``files/`` so that the links resolve inside the site); a rerun box (the exact ``python -m
energycoop rerun`` command and the parameters from ``energycoop.build.rerun.declared``, the source
of the ``params`` command); a show-code button (code hidden by default) remembered across pages; and an
``<abbr>`` with its expansion around the first use of each abbreviation of
``ABBREVIATIONS``. ``search.html`` searches every page section, each finding, the exercises and the
glossary offline: the lunr index is built here in Python and loaded by a ``<script>`` tag
with lunr.js (MIT, shipped in ``site_template/site``), so it works from ``file://``.

nbconvert is already in the collection's stack and builds the whole site in seconds;
Jupyter Book 1.x would add Sphinx and its theme for the same pages, and 2.x cannot build
offline at all.
"""

from __future__ import annotations

import fcntl
import html
import importlib.util
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup, NavigableString
from nbconvert import HTMLExporter
from PIL import Image

from energycoop.build.runner import all_notebooks, entry_of
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

COMMAND = "python -m energycoop site"
RERUN = "python -m energycoop rerun"
TEMPLATES = Path(__file__).parent / "site_template"
ASSETS = TEMPLATES / "site"  # lunr.min.js (MIT, lunr.LICENSE), site.js, search.js
FILES = "files"  # where the downloads go inside the site, under their repository paths
AUDIT_PAGE = "10-claims-audit.html"
GLOSSARY_PAGE = "11-units-and-pitfalls.html"

# Abbreviations the notebooks use, with their expansion: the first use on each page is wrapped
# in <abbr title="...">. Case-sensitive whole words (a plural "s" allowed: NEVs).
ABBREVIATIONS = {
    "IEA": "International Energy Agency",
    "IRENA": "International Renewable Energy Agency",
    "NEA": "National Energy Administration (China)",
    "CAAM": "China Association of Automobile Manufacturers",
    "NEV": "new energy vehicle",
    "SASAC": "State-owned Assets Supervision and Administration Commission of China's State Council",
    "CPIH": "China Power International Holding",
    "PBOC": "People's Bank of China",
    "CFETS": "China Foreign Exchange Trade System",
    "SAFE": "State Administration of Foreign Exchange (China)",
    "tce": "tonne of coal equivalent (29.3076 GJ)",
    "toe": "tonne of oil equivalent (41.868 GJ)",
    "gce": "gram of coal equivalent",
}
_ABBREVIATION = re.compile(r"\b(" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)) + r")(?=s?\b)")
_NO_ABBR_INSIDE = {"a", "abbr", "code", "pre", "script", "style", "title", "kbd", "samp", "svg", "math"}
# MathJax 2.7 from the jupyter-server-mathjax package, found without importing it (that imports jupyter_server)
MATHJAX = Path(importlib.util.find_spec("jupyter_server_mathjax").origin).parent / "static"
CSS = (ASSETS / "site.css").read_text(encoding="utf-8")  # the site's styles, screen and print


@dataclass
class Page:
    source: Path
    href: str  # relative to the site root
    title: str
    question: str
    figure: Path | None
    reads: tuple[str, ...] = ()  # from the notebook's declaration (energycoop.build.catalogue)
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
        image.convert("RGB").resize((width, max(1, round(image.size[1] * ratio))), Image.LANCZOS).save(target, "PNG")


def regular_in_repository(path: Path) -> bool:
    """True if ``path`` is a regular file inside the repository reached without a symbolic link: the site
    publishes nothing a link leads to (a private file outside the repository, say)."""
    path = Path(path)
    try:
        relative = path.relative_to(ROOT)
    except ValueError:
        return False
    here = ROOT
    for part in relative.parts:
        here = here / part
        if here.is_symlink():
            return False
    return path.is_file() and ROOT.resolve() in path.resolve().parents


def _href_of(root: str, path: str) -> str:
    return f"{root}{FILES}/{path}"


def _downloads(page: Page, out: Path, root: str) -> list[dict]:
    """The page's downloads, copied into ``out/files/<repository path>``: the executed notebook
    (and its paired text file), its derived table, its figures and the files it reads."""
    def item(path: str, text: str | None = None) -> dict | None:
        source = ROOT / path
        if not regular_in_repository(source):
            return None
        target = out / FILES / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            shutil.copy2(source, target)
        return {"href": _href_of(root, path), "text": text or Path(path).name, "path": path}

    notebook = page.source.relative_to(ROOT).as_posix()
    text_file = Path(notebook).with_suffix(".py").as_posix()
    table = next((w for w in page.writes if w.startswith("data/derived/")), None)
    figures = [w for w in page.writes if w.startswith("figures/")]
    groups = [
        ("The executed notebook", "the notebook", [item(notebook, f"{Path(notebook).name} (Jupyter)"),
                                                   item(text_file, f"{Path(text_file).name} (its text version)")]),
        ("Printable worksheet", "a worksheet to print", _worksheets(page, out, root)),
        ("Its derived table (CSV)", "its table", [item(table)] if table else []),
        ("Its figures (PNG and SVG)", "its figures", [item(f) for f in figures]),
        ("The data it reads", "the data it reads", [item(r) for r in page.reads]),
    ]
    # a group with nothing in it is left out (the page never lists "nothing")
    return [{"label": label, "short": short, "items": [i for i in items if i]} for label, short, items in groups]


def _worksheets(page: Page, out: Path, root: str) -> list[dict]:
    """For an exercise notebook: its worksheet (and, for a worked solution, the teacher's key) as a
    printable page written into the site beside the notebook's page."""
    from energycoop.data.paths import exercise_solutions, solution_of, student_path
    from energycoop.teaching.exercises import worksheet_html

    is_student = solution_of(page.source) is not None
    is_solution = page.source.resolve() in {s.resolve() for s in exercise_solutions()}
    if not (is_student or is_solution):
        return []
    name = f"{page.source.stem}-{'worksheet' if is_student else 'answer-key'}.html"
    target = out / Path(page.href).parent / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(_landmarked(worksheet_html(nbformat.read(page.source, as_version=4), answers=is_solution)),
                      encoding="utf-8")
    href = root + (Path(page.href).parent / name).as_posix()
    text = "worksheet to print" if is_student else f"answer key to print (for {student_path(page.source).name})"
    return [{"href": href, "text": text, "path": name}]


def _rerun_box(page: Page) -> dict:
    """The exact rerun command and the page's parameters, from ``energycoop.build.rerun.declared`` (the
    source of the ``params`` command)."""
    from energycoop.build.rerun import OUTPUT_PARAMETERS, declared

    name = entry_of(page.source).name
    command = f"{RERUN} {name}"
    parameters = [{"name": key, **spec} for key, spec in declared(page.source).items()]
    first = next((p for p in parameters if p["name"] not in OUTPUT_PARAMETERS), None)
    example = f"{command} -p {first['name']} {str(first['default']).strip(chr(34) + chr(39))}" if first else command
    return {"command": command, "example": example, "parameters": parameters}


def _abbreviate(soup: BeautifulSoup) -> int:
    """Wrap the first use of each abbreviation of ``ABBREVIATIONS`` on the page in ``<abbr title=...>``
    (in rendered Markdown and outputs, never in code, links or formulas); return how many."""
    seen: set[str] = set()
    areas = soup.select(".jp-RenderedHTMLCommon")
    for area in areas:
        for node in list(area.find_all(string=True)):
            if len(seen) == len(ABBREVIATIONS):
                return len(seen)
            if not isinstance(node, NavigableString) or type(node) is not NavigableString:
                continue  # comments, CDATA, doctype
            if any(parent.name in _NO_ABBR_INSIDE for parent in node.parents):
                continue
            text = str(node)
            if "$" in text or "\\" in text:  # TeX for MathJax: leave it whole
                continue
            pieces: list = []
            position = 0
            for match in _ABBREVIATION.finditer(text):
                short = match.group(1)
                if short in seen:
                    continue
                seen.add(short)
                pieces.append(text[position:match.start()])
                tag = soup.new_tag("abbr", title=ABBREVIATIONS[short])
                tag.string = short
                pieces.append(tag)
                position = match.end()
            if not pieces:
                continue
            pieces.append(text[position:])
            for piece in pieces:
                node.insert_before(piece if not isinstance(piece, str) else NavigableString(piece))
            node.extract()
    return len(seen)


def _escaped_money(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook with each escaped dollar sign of its Markdown (``\\$145.6 billion``: money, not a formula)
    kept from MathJax on the page: nbconvert's Markdown drops the backslash, so the sign goes into a span
    MathJax skips (JupyterLab reads the backslash itself)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "\\$" in cell.source:
            cell.source = cell.source.replace("\\$", '<span class="tex2jax_ignore">&#36;</span>')
    return nb


def _landmarked(page_html: str) -> str:
    """A printable page (a worksheet) with its content inside one ``<main>`` landmark and a language."""
    soup = BeautifulSoup(page_html, "html.parser")
    if soup.html is not None and not soup.html.get("lang"):
        soup.html["lang"] = "en"
    if soup.body is not None and soup.find("main") is None:
        main = soup.new_tag("main")
        for child in list(soup.body.children):
            main.append(child.extract())
        soup.body.append(main)
    return str(soup)


def _anchor_findings(soup: BeautifulSoup) -> int:
    """On notebook 10's page: give each finding of the list under the "What we found" heading (the first
    numbered list after it) the anchor ``finding-N``, N its number; return how many."""
    heading = soup.find(id="What-we-found")
    listing = heading.find_next("ol") if heading else None
    if listing is None:
        return 0
    start = int(listing.get("start", 1))
    items = listing.find_all("li", recursive=False)
    for number, item in enumerate(items, start=start):
        item["id"] = f"finding-{number}"
        item["class"] = item.get("class", []) + ["finding-item"]
    return len(items)


def _text_cells(soup: BeautifulSoup) -> int:
    """Mark each table cell that holds text (more than 20 characters) so that the stylesheet keeps it at
    least about 20 characters wide: a table too wide for the screen then scrolls inside its box instead
    of squeezing its words to a few letters a line. Return how many."""
    cells = [c for c in soup.select("main td, main th") if len(c.get_text(" ", strip=True)) > 20]
    for cell in cells:
        cell["class"] = cell.get("class", []) + ["text-cell"]
    return len(cells)


def _untab(soup: BeautifulSoup) -> int:
    """Take the outputs out of the keyboard's tab order (nbconvert makes each one a tab stop, with no name);
    ``site.js`` makes a box focusable again, with a name, where it scrolls sideways. Return how many."""
    outputs = soup.select(".jp-OutputArea-output[tabindex]")
    for output in outputs:
        del output["tabindex"]
    return len(outputs)


def _drop_repeated_summary(soup: BeautifulSoup) -> None:
    """The last cell fills in the Summary shown under the question and shows it once more; the page keeps
    the one under the question only (the cell's code stays, behind the show-code button)."""
    for cell in soup.select(".celltag_summary-source"):
        for wrapper in cell.select(".jp-Cell-outputWrapper"):
            wrapper.decompose()


_TEX = re.compile(r"\$\$.+?\$\$|\\\[.+?\\\]|\\\(.+?\\\)|\$[^$\n]*[\\^_{}][^$\n]*\$", re.DOTALL)


def _prose(element) -> str:
    """The words of an element as a reader reads them, for a search snippet: paragraphs, list items,
    headings and quotations, without formulas (TeX), tables or code."""
    parts = []
    for node in element.find_all(["p", "li", "h1", "h2", "h3", "h4", "blockquote", "dd", "dt"]):
        if node.find_parent(["table", "pre", "code", "li", "blockquote"]) not in (None, node) and \
                node.find_parent(["table", "pre"]) is not None:
            continue
        if node.name == "p" and node.find_parent(["li", "blockquote"]) is not None:
            continue  # read with its list item
        text = node.get_text(" ").replace("\u00b6", "")
        parts.append(_TEX.sub(" ", text))
    return " ".join(" ".join(parts).split())


def _is_sentence(line: str) -> bool:
    """A printed line that reads as a sentence (a figure's description, a result), not a table row."""
    line = line.strip()
    return len(line.split()) >= 5 and line.endswith((".", ":", ")")) and "  " not in line and "|" not in line


def _sections(soup: BeautifulSoup, page: Page) -> list[dict]:
    """The page split at its headings, as search documents: id, title, page, href (to the section),
    body (the Markdown and the outputs, without code: what is indexed) and text (its prose only, from
    which the search page cuts the snippet around the words found)."""
    sections: list[dict] = []
    current = {"anchor": "", "title": page.title, "parts": [], "prose": []}

    def close():
        text = " ".join(" ".join(current["parts"]).split())
        if text or current["anchor"]:
            sections.append({"anchor": current["anchor"], "title": current["title"], "text": text,
                             "prose": " ".join(" ".join(current["prose"]).split())})

    for cell in soup.select(".jp-Cell"):
        if "jp-MarkdownCell" in cell.get("class", []):
            rendered = cell.select_one(".jp-RenderedMarkdown") or cell
            for element in rendered.find_all(True, recursive=False):
                if element.name in ("h1", "h2", "h3", "h4") and element.get("id"):
                    close()
                    title = element.get_text(" ", strip=True).rstrip("\u00b6").strip()
                    current = {"anchor": element["id"], "title": title, "parts": [], "prose": []}
                else:
                    current["parts"].append(element.get_text(" "))
                    wrapper = BeautifulSoup("<div></div>", "html.parser").div
                    wrapper.append(BeautifulSoup(str(element), "html.parser"))
                    current["prose"].append(_prose(wrapper))
        else:
            for output in cell.select(".jp-OutputArea-output"):
                current["parts"].append(output.get_text(" ")[:4000])
                if "jp-RenderedMarkdown" in output.get("class", []):
                    current["prose"].append(_prose(output))
                elif "jp-RenderedText" in output.get("class", []):
                    current["prose"] += [line for line in output.get_text().splitlines() if _is_sentence(line)]
    close()
    documents = []
    for number, section in enumerate(sections):
        href = page.href + (f"#{section['anchor']}" if section["anchor"] else "")
        title = section["title"] if section["title"] == page.title else f"{page.title} \u2014 {section['title']}"
        documents.append({"id": f"{page.href}#{number}", "title": title, "page": page.title, "href": href,
                          "body": section["text"], "text": section["prose"][:6000]})
    return documents


def _glossary_documents() -> list[dict]:
    from energycoop.data.loaders import load_glossary

    return [{"id": f"glossary#{row['slug']}", "title": f"Glossary: {row['term']}", "page": "Glossary (notebook 11)",
             "href": f"{GLOSSARY_PAGE}#{row['slug']}", "body": f"{row['term']} {row['phrase']} {row['definition']}",
             "text": row["definition"]} for _, row in load_glossary().iterrows()]


def _search_index(documents: list[dict], static: Path) -> None:
    """The prebuilt lunr index and the documents' titles, links and prose (for the snippets), as one script."""
    from lunr import lunr

    index = lunr(ref="id", fields=[{"field_name": "title", "boost": 5}, "body"], documents=documents)
    docs = {d["id"]: {"title": d["title"], "page": d["page"], "href": d["href"], "text": d["text"]} for d in documents}
    script = (f"window.SEARCH_INDEX = {json.dumps(index.serialize(), separators=(',', ':'))};\n"
              f"window.SEARCH_DOCS = {json.dumps(docs, separators=(',', ':'), ensure_ascii=False)};\n")
    (static / "search-index.js").write_text(script, encoding="utf-8")


def _head(title: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{html.escape(title)}</title><link rel="stylesheet" href="_static/site.css"></head>
"""


def _top_nav() -> str:
    return """<a class="site-skip" href="#main">Skip to the content</a>
<nav class="site-nav" aria-label="Site">
  <a class="site-home" href="index.html">The energy-cooperation notebooks</a>
  <form class="site-search" action="search.html" method="get" role="search" aria-label="Search the site">
    <input type="search" name="q" placeholder="Search the notebooks" aria-label="Search the notebooks">
  </form>
</nav>
"""


def _search_page() -> str:
    return f"""{_head("Search: the energy-cooperation notebooks")}<body>
{_top_nav()}<main class="search" id="main">
<h1>Search the notebooks</h1>
<form id="search-form" role="search" aria-label="Search the notebooks, the findings, the exercises and the glossary">
<input id="search-query" type="search" name="q" size="40"
  aria-label="Search the notebooks, the findings, the exercises and the glossary" autofocus> <button type="submit">Search</button></form>
<p id="search-status" role="status"></p>
<ol id="search-results"></ol>
<p class="reuse">Searches every notebook page, each finding of the audit, the exercises and the glossary, on this
computer: nothing is sent anywhere. lunr.js (MIT licence, <a href="_static/lunr.LICENSE">its licence</a>) runs the search.</p>
</main>
<script src="_static/lunr.min.js"></script>
<script src="_static/search-index.js"></script>
<script src="_static/search.js"></script>
</body></html>
"""


def _claim_pages(pages: list[Page]) -> dict[str, list[Page]]:
    """For each claim of ``data/claims.csv``, the pages whose derived tables its numbers come from
    (through its own references and those of the derived claims about it)."""
    import csv

    from energycoop.data.paths import DATA

    writer: dict[str, Page] = {}
    for page in pages:
        for path in page.writes:
            if path.startswith("data/derived/") and (ROOT / path).is_file():
                with open(ROOT / path, encoding="utf-8", newline="") as handle:
                    for row in csv.DictReader(handle):
                        writer.setdefault(row["id"], page)
    with open(DATA / "claims.csv", encoding="utf-8-sig", newline="") as handle:
        claims = list(csv.DictReader(handle))
    refs: dict[str, set[str]] = {}
    for claim in claims:
        found = set(re.findall(r"derived:([a-z][a-z0-9_]*)", " ".join(claim[c] for c in ("claimed", "evidence",
                                                                                          "rounding"))))
        for key in [claim["id"], *claim["derived_from"].split()]:
            refs.setdefault(key, set()).update(found)
    result = {}
    for key, ids in refs.items():
        shown = {writer[i].href: writer[i] for i in ids if i in writer}
        result[key] = [shown[h] for h in sorted(shown)]
    return result


def _badge(verdict: str) -> str:
    """A verdict as the reader's scale shows it: the step's icon (a shape of its own) and name, the precise
    verdict as its sub-label, in the step's colour."""
    from energycoop.analysis.audit import verdict_group

    group = verdict_group(verdict)
    return (f'<span class="badge badge-{group.key}" style="color:{group.colour};background:{group.background}">'
            f'<span class="icon" aria-hidden="true">{html.escape(group.icon)}</span> {html.escape(group.label)} '
            f'<span class="sub">({html.escape(verdict)})</span></span>')


def _link(title: str, address: str) -> str:
    if re.fullmatch(r"https?://[^\s<>\"'`\\]+", address or ""):
        return f'<a href="{html.escape(address, quote=True)}">{html.escape(title)}</a>'
    return f"{html.escape(title)} (no address recorded)"


def _finding_cards(pages: list[Page]) -> tuple[str, list[dict], int]:
    """The index's findings: one card per claim (its number and anchor, the badge, the article's words,
    one plain sentence, and a disclosure with the conventions, derived checks and linked sources), in the
    order and numbering of notebook 10; the search documents of the findings; how many cards."""
    from energycoop.analysis.audit import (
        findings,
        numbered_findings,
        reason_parts,
        source_links,
        verdict_group,
    )

    result = _audit_table()
    shown = numbered_findings(result)
    claim_pages = _claim_pages(pages)
    cards, documents = [], []
    for row in shown.itertuples():
        group = verdict_group(row.verdict)
        parts = reason_parts(row.reason, row.convention)
        links = [f'<a class="finding-link" href="{AUDIT_PAGE}#finding-{row.number}">notebook 10, finding {row.number}</a>']
        links += [f'<a href="{p.href}">{html.escape(p.title)}</a>' for p in claim_pages.get(row.id, [])
                  if p.href != AUDIT_PAGE]
        details = []
        if parts["more"]:
            details.append(f"<li>{html.escape(parts['more'])}</li>")
        if row.convention:
            details.append(f"<li><strong>Convention:</strong> {html.escape(row.convention)}</li>")
        details += [f"<li><strong>{html.escape(d.split(':', 1)[0])}:</strong>{html.escape(d.split(':', 1)[1])}</li>"
                    if ":" in d else f"<li>{html.escape(d)}</li>" for d in parts["derived"]]
        sources = source_links(row.sources)
        if sources:
            evidence = "; ".join(_link(t, a) + (f" ({html.escape(checked)})" if checked else "")
                                 for t, a, checked in sources)
            if row.weak_source:
                evidence += f". Weak source: {html.escape(row.weak_source)}"
            if row.weak_only:
                evidence += ". <strong>Rests only on weak sources.</strong>"
        else:
            evidence = "none in the project"
        details.append(f"<li><strong>Evidence:</strong> {evidence}</li>")
        details.append(f"<li><strong>Shown in:</strong> {', '.join(links)}</li>")
        cards.append(
            f'<li class="finding" id="finding-{row.number}" data-group="{group.key}" style="--step:{group.colour}">\n'
            f'<p class="finding-head"><span class="finding-number">{row.number}</span> {_badge(row.verdict)}</p>\n'
            f'<p class="finding-words">\u201c{html.escape(row.words)}\u201d</p>\n'
            f'<p class="finding-sentence">{html.escape(parts["sentence"])}</p>\n'
            f"<details><summary>Conventions, derived checks and sources</summary><ul>{''.join(details)}</ul></details>\n"
            "</li>")
        documents.append({"id": f"index.html#finding-{row.number}",
                          "title": f"Finding {row.number}: \u201c{row.words}\u201d ({group.label}: {row.verdict})",
                          "page": "What we found (the index)", "href": f"index.html#finding-{row.number}",
                          "body": f"{row.words} {row.claim} {row.reason} {row.sources}",
                          "text": f"\u201c{row.words}\u201d {group.label} ({row.verdict}). {parts['sentence']}"})
    rest = len(findings(result)) - len(shown)
    note = (f'<p>{rest} further statements are not factual claims (judgements or descriptions with no number or '
            f'measurable property); <a href="{AUDIT_PAGE}#Not-quantitative">notebook 10 lists each with its reason</a>.'
            "</p>") if rest else ""
    body = f'<ol class="findings" id="findings">\n{chr(10).join(cards)}\n</ol>\n{note}'
    return body, documents, len(shown)


def _audit_table():
    from energycoop.analysis.audit import read_audit

    return read_audit()


def _tally_html() -> tuple[str, str]:
    """The tally on the reader's scale (each step with its icon, count, name, definition and precise verdicts)
    and the findings at odds with the evidence, named and linked to their cards."""
    from energycoop.analysis.audit import AT_ODDS, numbered_findings, tally

    result = _audit_table()
    items = []
    for group, count, parts in tally(result):
        detail = ", ".join(f"{n} {html.escape(v)}" for v, n in parts.items()) if len(parts) > 1 else ""
        items.append(f'<li style="color:{group.colour}" data-group="{group.key}"><span class="count">{count}</span>'
                     f'<span><span class="label"><span aria-hidden="true">{html.escape(group.icon)}</span> '
                     f'{html.escape(group.label)}</span>'
                     f'<span class="definition">{html.escape(group.definition)}</span>'
                     + (f'<span class="parts">{detail}</span>' if detail else "") + "</span></li>")
    shown = numbered_findings(result)
    from energycoop.analysis.audit import verdict_group

    odd = shown[shown["verdict"].map(lambda v: verdict_group(v).key == AT_ODDS)]
    if len(odd):
        named = "".join(f'<li><a href="#finding-{r.number}">Finding {r.number}</a>: \u201c{html.escape(r.words)}\u201d '
                        f'({html.escape(r.verdict)})</li>' for r in odd.itertuples())
        at_odds = (f'<div class="at-odds-first"><p><strong>At odds with the evidence: {len(odd)} '
                   f'finding{"s" if len(odd) != 1 else ""}</strong></p><ul>{named}</ul></div>')
    else:
        at_odds = '<p class="at-odds-first">No finding is at odds with the evidence.</p>'
    return f'<ul class="tally">{"".join(items)}</ul>', at_odds


# The questions the collection answers, each with the derived value that answers it (computed by its notebook).
ANSWERS = (
    ("What capacity factor do 40 turbines of 2.5 MW and \u201cabout 350 million kWh a year\u201d imply?",
     "02-zhanatas-wind", "zhanatas_capacity_factor_ratio", "percent", 2),
    ("How much coal per kWh does \u201cabout 110,000 t of standard coal saved\u201d assume?",
     "02-zhanatas-wind", "zhanatas_coal_rate_gce_per_kwh", None, 3),
    ("How many such wind farms would the 240,000 t aluminium smelter need?",
     "06-pavlodar-aluminium", "pavlodar_to_zhanatas_electricity_ratio", None, 2),
    ("What exchange rate turns \u201c1.06 trillion yuan\u201d into \u201c$145.6 billion\u201d?",
     "08-vehicles-and-trade", "new_three_implied_cny_per_usd", None, 3),
)


def _answers_html() -> str:
    from energycoop.analysis.audit import show_number
    from energycoop.data.derived import read_derived
    from energycoop.data.paths import DATA
    from energycoop.quantities.units import Q_

    items = []
    for question, notebook, key, unit, sig in ANSWERS:
        table = read_derived(DATA / "derived", notebook)
        value = Q_(float(table.loc[key, "value"]), table.loc[key, "unit"])
        shown = show_number(value.to(unit) if unit else value, sig=sig)
        items.append(f'<li>{html.escape(question)} <strong>{html.escape(shown)}</strong> '
                     f'(<a href="{notebook}.html">notebook {notebook[:2]}</a>)</li>')
    return f'<ul class="answers">{"".join(items)}</ul>'


def _figure_description(figure: Path) -> str:
    """The one-sentence description ``save_figure`` stored in the PNG (its alt text everywhere)."""
    with Image.open(figure) as image:
        return str(image.info.get("Description", "")).strip()


def _index(pages: list[Page]) -> tuple[str, list[dict]]:
    """The index page and its search documents (the opening, and each finding on its own)."""
    from energycoop.analysis.audit import VERDICT_SCALE

    cards = []
    for page in pages:
        alt = _figure_description(page.figure) if page.figure else ""
        thumb = (f'<img src="_static/thumbs/{page.figure.name}" alt="{html.escape(alt or "main figure of " + page.title)}">'
                 if page.figure else "")
        cards.append(f'<li class="card"><a href="{page.href}">{thumb}<h3>{html.escape(page.title)}</h3></a>'
                     f"<p>{html.escape(page.question)}</p></li>")
    findings_cards, documents, count = _finding_cards(pages)
    tally_list, at_odds = _tally_html()
    total = len(_audit_table().query("type != 'derived'"))
    filters = [f'<button type="button" data-filter="all" aria-pressed="true">all ({count})</button>']
    from energycoop.analysis.audit import numbered_findings, verdict_group

    groups = numbered_findings(_audit_table())["verdict"].map(lambda v: verdict_group(v).key).value_counts()
    filters += [f'<button type="button" data-filter="{g.key}" aria-pressed="false">'
                f'<span aria-hidden="true">{html.escape(g.icon)}</span> {html.escape(g.label)} ({groups[g.key]})</button>'
                for g in VERDICT_SCALE if groups.get(g.key, 0)]
    lede = ("An audit, in executed notebooks, of every number in one article: \u201cEnergy cooperation goes from "
            "strength to strength\u201d (China Daily, 4 July 2024), on China\u2013Kazakhstan energy projects.")
    page = f"""{_head("The energy-cooperation notebooks")}<body>
{_top_nav()}<main class="index" id="main">
<h1>The energy-cooperation notebooks</h1>
<p class="lede">{html.escape(lede)} Each notebook asks one question, shows its formulas, checks its results and
plots them; <a href="search.html">search</a> them, the findings, the exercises and the glossary.</p>
<section aria-labelledby="what-we-found">
<h2 id="what-we-found">What we found</h2>
<p>The article makes {total} claims. Each is judged against outside evidence and placed on this scale, from
confirmed to not a factual claim (<a href="{AUDIT_PAGE}#The-verdicts-and-what-they-mean">the precise verdicts and
how they are computed</a>):</p>
{tally_list}
{at_odds}
</section>
<section aria-labelledby="what-it-answers">
<h2 id="what-it-answers">What the notebooks answer</h2>
{_answers_html()}
</section>
<section aria-labelledby="every-finding">
<h2 id="every-finding">Every finding, one card per claim</h2>
<p>In the article's order, numbered as in <a href="{AUDIT_PAGE}">notebook 10, the claims audit</a>. Open a card's
details for its conventions, derived checks and sources.</p>
<div class="filters" role="group" aria-label="Show the findings of one verdict">{"".join(filters)}</div>
{findings_cards}
</section>
<section aria-labelledby="the-notebooks">
<h2 id="the-notebooks">The notebooks</h2>
<ul class="cards">
{chr(10).join(cards)}
</ul>
</section>
<p class="reuse">Code under the MIT licence; text, data and figures under CC BY 4.0 (credit "The energy-cooperation
notebooks contributors" and link the licence). The article's words are quotations for review. The
<a class="site-download" href="files/LICENSE">licence</a>, <a class="site-download" href="files/CITATION.cff">how to
cite (CITATION.cff)</a>, <a class="site-download" href="files/CHANGELOG.md">the changelog</a> and
<a class="site-download" href="files/data/datapackage.json">the data package</a>.</p>
</main>
<script src="_static/index.js"></script>
</body></html>
"""
    opening = BeautifulSoup(page, "html.parser")
    what = opening.find(id="what-we-found").find_parent("section")
    answers = opening.find(id="what-it-answers").find_parent("section")
    documents.insert(0, {"id": "index.html#0", "title": "What we found: the tally of the article's claims",
                         "page": "The index", "href": "index.html#what-we-found",
                         "body": what.get_text(" ") + " " + answers.get_text(" "),
                         "text": " ".join((what.get_text(" ") + " " + answers.get_text(" ")).split())})
    return page, documents


def _neighbour(root: str, page: Page) -> dict:
    return {"href": root + page.href, "title": page.title}


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
        files = sorted(p.relative_to(building) for p in building.rglob("*") if p.is_file() and p.name != MARKER)
        for name in files:
            here = out
            for part in name.parts[:-1]:
                here = here / part
                if here.is_symlink() or (here.exists() and not here.is_dir()):
                    raise UnsafePath(f"{here} is in the way of the site's {name.as_posix()} (a link or a file where "
                                     "the site puts a folder); remove it and build again")
            if (out / name).is_dir() and not (out / name).is_symlink():
                raise UnsafePath(f"{out / name} is a folder where the site puts a file; remove it and build again")
        if is_claimed(out, COMMAND):
            empty_claimed_dir(out, COMMAND)
        for name in files:
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            os.replace(building / name, out / name)
        mark(out, COMMAND, files=[n.as_posix() for n in files])  # what a rebuild may delete
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return pages


def _build(out: Path, notebooks: list[Path] | None) -> list[Page]:
    static = out / "_static"
    (static / "thumbs").mkdir(parents=True, exist_ok=True)
    shutil.copytree(MATHJAX, static / "mathjax", dirs_exist_ok=True)
    (static / "site.css").write_text(CSS, encoding="utf-8")
    for asset in ("lunr.min.js", "lunr.LICENSE", "site.js", "search.js", "index.js"):
        shutil.copy2(ASSETS / asset, static / asset)
    pages = [describe(p) for p in (notebooks or [p for p in all_notebooks() if p.is_file()])]
    exporter = HTMLExporter(template_name="site", extra_template_basedirs=[str(TEMPLATES)])
    documents = []
    for index, page in enumerate(pages):
        depth = page.href.count("/")
        root = "../" * depth
        exporter.mathjax_url = f"{root}_static/mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
        site = {"root": root, "reads": page.reads, "writes": page.writes,
                "downloads": _downloads(page, out, root), "rerun": _rerun_box(page),
                "previous": _neighbour(root, pages[index - 1]) if index > 0 else None,
                "next": _neighbour(root, pages[index + 1]) if index + 1 < len(pages) else None}
        body, _ = exporter.from_notebook_node(_escaped_money(nbformat.read(page.source, as_version=4)),
                                              resources={"site": site, "metadata": {"name": page.title}})
        soup = BeautifulSoup(_link_pages(body), "html.parser")
        _abbreviate(soup)
        _drop_repeated_summary(soup)
        _untab(soup)
        _text_cells(soup)
        if page.href == AUDIT_PAGE:
            _anchor_findings(soup)
        documents += _sections(soup, page)
        target = out / page.href
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(str(soup), encoding="utf-8")
        if page.figure and regular_in_repository(page.figure):
            _thumbnail(page.figure, static / "thumbs" / page.figure.name)
    index_page, index_documents = _index(pages)
    _search_index(index_documents + documents + _glossary_documents(), static)
    (out / "search.html").write_text(_search_page(), encoding="utf-8")
    for name in ("LICENSE", "CITATION.cff", "CHANGELOG.md", "data/datapackage.json"):
        if regular_in_repository(ROOT / name):
            (out / FILES / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, out / FILES / name)
    (out / "index.html").write_text(index_page, encoding="utf-8")
    return pages
