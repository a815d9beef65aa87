"""A static site of the executed notebooks, readable offline.

``build`` converts every committed notebook (no re-execution) with nbconvert's lab
template, minus every script from the network: MathJax 2.7 is copied from the
jupyter-server-mathjax package into ``_static/mathjax``, require.js and mermaid are left
out, figures are embedded in the pages. The index opens with the audit's findings (from
``energycoop.audit``, each linked to its row in notebook 10's findings table and to the
notebooks that compute its numbers), then lists each notebook with its title, its question
and a thumbnail of its main figure; every page links the index and its neighbours; links
between notebooks point to the pages.

Every page also carries: downloads (the executed ``.ipynb``, its derived CSV, its figures
in PNG and SVG, and the data files it reads, from its catalogue declaration, copied into
``files/`` so that the links resolve inside the site); a rerun box (the exact ``python -m
energycoop rerun`` command and the parameters from ``energycoop.rerun.declared``, the source
of the ``params`` command); a show / hide code button remembered across pages; and an
``<abbr>`` with its expansion around the first use of each abbreviation of
``ABBREVIATIONS``. ``search.html`` searches every page section, the exercises and the
glossary offline: the lunr index is built here in Python and loaded by a ``<script>`` tag
with lunr.js (MIT, shipped in ``site_template/site``), so it works from ``file://``.

nbconvert is already in the collection's stack and builds the whole site in seconds;
Jupyter Book 1.x would add Sphinx and its theme for the same pages, and 2.x cannot build
offline at all.
"""

from __future__ import annotations

import fcntl
import html
import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import jupyter_server_mathjax
import nbformat
from bs4 import BeautifulSoup, NavigableString
from nbconvert import HTMLExporter
from PIL import Image

from .paths import (
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
from .runner import all_notebooks, entry_of

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
.site-files h2 { font-size: 1em; margin: 0.3em 0; }
.site-files ul { margin: 0.2em 0; padding-left: 1.2em; }
.site-rerun summary { cursor: pointer; margin: 0.4em 0; }
.site-parameters { border-collapse: collapse; margin: 0.4em 0; }
.site-parameters th, .site-parameters td { border: 1px solid #d0d7de; padding: 0.2em 0.5em; text-align: left;
                                           vertical-align: top; }
.site-search input { font-size: 14px; padding: 0.15em 0.4em; width: 14em; }
.site-code-toggle { font-size: 14px; cursor: pointer; }
html.hide-code .jp-CodeCell .jp-Cell-inputWrapper { display: none; }
html.hide-code .jp-CodeCell .jp-OutputPrompt { visibility: hidden; }
abbr[title] { text-decoration: underline dotted; cursor: help; }
.findings { border-collapse: collapse; font-size: 0.9em; margin: 0.8em 0 1.5em; }
.findings th, .findings td { border: 1px solid #d0d7de; padding: 0.35em 0.5em; text-align: left; vertical-align: top;
                             overflow-wrap: anywhere; }
.findings td:nth-child(4) { min-width: 16em; }
.findings th { background: #f3f6f9; }
.findings .verdict { font-weight: bold; min-width: 7em; overflow-wrap: normal; }
.search { font-family: system-ui, sans-serif; padding: 1em 2em; line-height: 1.45; }
.search ol li { margin-bottom: 0.8em; }
.search .search-page { color: #555; font-size: 0.85em; margin-left: 0.6em; }
.search p { margin: 0.1em 0; font-size: 0.9em; color: #333; }
.reuse { font-size: 0.9em; color: #333; border-top: 1px solid #d0d7de; margin-top: 2em; padding-top: 0.5em; }
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


def _href_of(root: str, path: str) -> str:
    return f"{root}{FILES}/{path}"


def _downloads(page: Page, out: Path, root: str) -> list[dict]:
    """The page's downloads, copied into ``out/files/<repository path>``: the executed notebook
    (and its paired text file), its derived table, its figures and the files it reads."""
    def item(path: str, text: str | None = None) -> dict | None:
        source = ROOT / path
        if not source.is_file():
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
        ("The executed notebook", [item(notebook, f"{Path(notebook).name} (Jupyter)"),
                                   item(text_file, f"{Path(text_file).name} (its text version)")]),
        ("Printable worksheet", _worksheets(page, out, root)),
        ("Its derived table (CSV)", [item(table)] if table else []),
        ("Its figures (PNG and SVG)", [item(f) for f in figures]),
        ("The data it reads", [item(r) for r in page.reads]),
    ]
    return [{"label": label, "items": [i for i in items if i]} for label, items in groups]


def _worksheets(page: Page, out: Path, root: str) -> list[dict]:
    """For an exercise notebook: its worksheet (and, for a worked solution, the teacher's key) as a
    printable page written into the site beside the notebook's page."""
    from .exercises import worksheet_html
    from .runner import exercise_solutions, solution_of, student_path

    is_student = solution_of(page.source) is not None
    is_solution = page.source.resolve() in {s.resolve() for s in exercise_solutions()}
    if not (is_student or is_solution):
        return []
    name = f"{page.source.stem}-{'worksheet' if is_student else 'answer-key'}.html"
    target = out / Path(page.href).parent / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(worksheet_html(nbformat.read(page.source, as_version=4), answers=is_solution), encoding="utf-8")
    href = root + (Path(page.href).parent / name).as_posix()
    text = "worksheet to print" if is_student else f"answer key to print (for {student_path(page.source).name})"
    return [{"href": href, "text": text, "path": name}]


def _rerun_box(page: Page) -> dict:
    """The exact rerun command and the page's parameters, from ``energycoop.rerun.declared`` (the
    source of the ``params`` command)."""
    from .rerun import OUTPUT_PARAMETERS, declared

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


def _anchor_findings(soup: BeautifulSoup) -> int:
    """On notebook 10's page: give each row of the findings table (the first table after the
    "What we found" heading) the anchor ``finding-N``; return how many."""
    heading = soup.find(id="What-we-found")
    table = heading.find_next("table") if heading else None
    if table is None:
        return 0
    count = 0
    for row in table.select("tbody tr"):
        cell = row.find("td")
        if cell and cell.get_text(strip=True).isdigit():
            row["id"] = f"finding-{cell.get_text(strip=True)}"
            count += 1
    return count


def _sections(soup: BeautifulSoup, page: Page) -> list[dict]:
    """The page split at its headings, as search documents: id, title, page, href (to the section),
    text (the Markdown and the outputs, without code)."""
    sections: list[dict] = []
    current = {"anchor": "", "title": page.title, "parts": []}

    def close():
        text = " ".join(" ".join(current["parts"]).split())
        if text or current["anchor"]:
            sections.append({"anchor": current["anchor"], "title": current["title"], "text": text})

    for cell in soup.select(".jp-Cell"):
        if "jp-MarkdownCell" in cell.get("class", []):
            rendered = cell.select_one(".jp-RenderedMarkdown") or cell
            for element in rendered.find_all(True, recursive=False):
                if element.name in ("h1", "h2", "h3", "h4") and element.get("id"):
                    close()
                    title = element.get_text(" ", strip=True).rstrip("\u00b6").strip()
                    current = {"anchor": element["id"], "title": title, "parts": []}
                else:
                    current["parts"].append(element.get_text(" "))
        else:
            for output in cell.select(".jp-OutputArea-output"):
                current["parts"].append(output.get_text(" ")[:4000])
    close()
    documents = []
    for number, section in enumerate(sections):
        href = page.href + (f"#{section['anchor']}" if section["anchor"] else "")
        title = section["title"] if section["title"] == page.title else f"{page.title} \u2014 {section['title']}"
        documents.append({"id": f"{page.href}#{number}", "title": title, "page": page.title, "href": href,
                          "body": section["text"], "text": section["text"][:240]})
    return documents


def _glossary_documents() -> list[dict]:
    from .data import load_glossary

    return [{"id": f"glossary#{row['slug']}", "title": f"Glossary: {row['term']}", "page": "Glossary (notebook 11)",
             "href": f"{GLOSSARY_PAGE}#{row['slug']}", "body": f"{row['term']} {row['phrase']} {row['definition']}",
             "text": row["definition"]} for _, row in load_glossary().iterrows()]


def _search_index(documents: list[dict], static: Path) -> None:
    """The prebuilt lunr index and the documents' titles, links and snippets, as one script."""
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
    return """<nav class="site-nav">
  <a class="site-home" href="index.html">The energy-cooperation notebooks</a>
  <form class="site-search" action="search.html" method="get" role="search">
    <input type="search" name="q" placeholder="Search the notebooks" aria-label="Search the notebooks">
  </form>
</nav>
"""


def _search_page() -> str:
    return f"""{_head("Search: the energy-cooperation notebooks")}<body>
{_top_nav()}<main class="search">
<h1>Search the notebooks</h1>
<form id="search-form" role="search"><input id="search-query" type="search" name="q" size="40"
  aria-label="Search the notebooks, the exercises and the glossary" autofocus> <button type="submit">Search</button></form>
<p id="search-status"></p>
<ol id="search-results"></ol>
<p class="reuse">Searches every notebook page, the exercises and the glossary, on this computer: nothing is sent anywhere.
lunr.js (MIT licence, <a href="_static/lunr.LICENSE">its licence</a>) runs the search.</p>
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

    from .paths import DATA

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


def _findings_html(pages: list[Page]) -> tuple[str, int]:
    """The findings table of the index, from the audit's derived table (``energycoop.audit``): one row
    per finding, in the order and numbering of notebook 10's and the README's findings table."""
    from .audit import findings, read_audit

    table = findings(read_audit())
    shown = table[table["verdict"] != "not quantitative"]
    claim_pages = _claim_pages(pages)
    rows = []
    for number, (_, row) in enumerate(shown.iterrows(), start=1):
        links = [f'<a class="finding-link" href="{AUDIT_PAGE}#finding-{number}">notebook 10, finding {number}</a>']
        links += [f'<a href="{p.href}">{html.escape(p.title)}</a>' for p in claim_pages.get(row["id"], [])
                  if p.href != AUDIT_PAGE]
        evidence = html.escape(row["sources"]) if row["sources"] else "none in the project"
        if row["weak_source"]:
            evidence += f". Weak source: {html.escape(row['weak_source'])}"
        rows.append(f'<tr id="finding-{number}"><td>{number}</td><td class="verdict">{html.escape(row["verdict"])}</td>'
                    f"<td>\u201c{html.escape(row['words'])}\u201d</td><td>{html.escape(row['reason'])}</td>"
                    f"<td>{evidence}</td><td>{'<br>'.join(links)}</td></tr>")
    rest = len(table) - len(shown)
    note = (f'<p>{rest} further statements are not quantitative (judgements or descriptions with no number or '
            f'measurable property); <a href="{AUDIT_PAGE}#Not-quantitative">notebook 10 lists each with its reason</a>.'
            "</p>") if rest else ""
    body = f"""<table class="findings">
<thead><tr><th>#</th><th>verdict</th><th>the article's words</th><th>what we found</th>
<th>evidence (source, address)</th><th>shown in</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
{note}"""
    return body, len(shown)


def _index(pages: list[Page]) -> str:
    cards = []
    for page in pages:
        thumb = (f'<img src="_static/thumbs/{page.figure.name}" alt="main figure of {html.escape(page.title)}">'
                 if page.figure else "")
        cards.append(f'<li class="card"><a href="{page.href}">{thumb}<h2>{html.escape(page.title)}</h2></a>'
                     f"<p>{html.escape(page.question)}</p></li>")
    findings_table, _ = _findings_html(pages)
    return f"""{_head("The energy-cooperation notebooks")}<body>
{_top_nav()}<main class="index">
<h1>The energy-cooperation notebooks</h1>
<p>An audit, in executed notebooks, of every number in one article: "Energy cooperation goes from strength to
strength" (China Daily, 4 July 2024). Each notebook asks one question, shows its formulas, checks its results
and plots them. Read them in order, or start anywhere; <a href="search.html">search</a> them, the exercises and
the glossary.</p>
<h2 id="what-we-found">What we found</h2>
<p>Each of the article's claims, with the audit's verdict in plain words (<a href="{AUDIT_PAGE}#The-verdicts-and-what-they-mean">what
the verdicts mean</a>), linked to its row in <a href="{AUDIT_PAGE}">the claims audit</a> and to the notebooks that
compute its numbers.</p>
{findings_table}
<h2 id="the-notebooks">The notebooks</h2>
<ul class="cards">
{chr(10).join(cards)}
</ul>
<p class="reuse">Code under the MIT licence; text, data and figures under CC BY 4.0 (credit "The energy-cooperation
notebooks contributors" and link the licence). The article's words are quotations for review. The
<a class="site-download" href="files/LICENSE">licence</a>, <a class="site-download" href="files/CITATION.cff">how to
cite (CITATION.cff)</a>, <a class="site-download" href="files/CHANGELOG.md">the changelog</a> and
<a class="site-download" href="files/data/datapackage.json">the data package</a>.</p>
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
    out.mkdir(parents=True, exist_ok=True)
    lock = os.open(out, os.O_RDONLY)
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UnsafePath(f"another site build is writing {out}; wait for it to finish") from None
        return _build(out, notebooks)
    finally:
        os.close(lock)


def _build(out: Path, notebooks: list[Path] | None) -> list[Page]:
    if is_claimed(out, COMMAND):
        empty_claimed_dir(out, COMMAND)
    mark(out, COMMAND)
    static = out / "_static"
    (static / "thumbs").mkdir(parents=True, exist_ok=True)
    shutil.copytree(MATHJAX, static / "mathjax", dirs_exist_ok=True)
    (static / "site.css").write_text(CSS, encoding="utf-8")
    for asset in ("lunr.min.js", "lunr.LICENSE", "site.js", "search.js"):
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
        body, _ = exporter.from_notebook_node(nbformat.read(page.source, as_version=4),
                                              resources={"site": site, "metadata": {"name": page.title}})
        soup = BeautifulSoup(_link_pages(body), "html.parser")
        _abbreviate(soup)
        if page.href == AUDIT_PAGE:
            _anchor_findings(soup)
        documents += _sections(soup, page)
        target = out / page.href
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(str(soup), encoding="utf-8")
        if page.figure:
            _thumbnail(page.figure, static / "thumbs" / page.figure.name)
    _search_index(documents + _glossary_documents(), static)
    (out / "search.html").write_text(_search_page(), encoding="utf-8")
    for name in ("LICENSE", "CITATION.cff", "CHANGELOG.md", "data/datapackage.json"):
        if (ROOT / name).is_file():
            (out / FILES / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, out / FILES / name)
    (out / "index.html").write_text(_index(pages), encoding="utf-8")
    mark(out, COMMAND, files=[p.relative_to(out).as_posix() for p in out.rglob("*")
                              if p.is_file() and p.name != MARKER])  # what a rebuild may delete
    return pages
