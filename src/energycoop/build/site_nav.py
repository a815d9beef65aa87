"""Getting around the site: the reading order of the pages, the links to the previous and the next page
(by title), the notebook names in the prose made into links, each page's downloads and rerun box, and the
printable worksheets with their way back to the site."""

from __future__ import annotations

import html
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup

from energycoop.build.catalogue import entry_of
from energycoop.data.paths import ROOT

RERUN = "python -m energycoop rerun"
FILES = "files"  # where the downloads go inside the site, under their repository paths


@dataclass
class Page:
    source: Path
    href: str  # relative to the site root
    title: str
    question: str
    figure: Path | None
    reads: tuple[str, ...] = ()  # from the notebook's declaration (energycoop.build.catalogue)
    writes: tuple[str, ...] = ()


def reading_order(pages: list[Page]) -> list[Page]:
    """The numbered notebooks in order, then each exercise set: its exercises, then its worked solutions
    (a reader meets the questions before their answers)."""

    def key(page: Page):
        parts = Path(page.href).parts
        if parts[0] != "exercises":
            return (0, page.href, 0)
        return (1, parts[-1], 1 if "solutions" in parts else 0)

    return sorted(pages, key=key)


def neighbour(root: str, page: Page) -> dict:
    return {"href": root + page.href, "title": page.title}


def link_notebook_names(soup: BeautifulSoup, pages: list[Page], root: str) -> int:
    """Each notebook named in the prose as code (`01-article-figures`, `02-zhanatas-wind.ipynb`) becomes a
    link to its page, labelled with its title; return how many."""
    by_name: dict[str, Page] = {}
    for page in pages:
        stem = Path(page.href).with_suffix("").as_posix()
        for name in (stem, f"{stem}.ipynb", Path(stem).name, f"{Path(stem).name}.ipynb"):
            by_name.setdefault(name, page)
    count = 0
    for code in soup.select("main .jp-RenderedHTMLCommon code"):
        named = by_name.get(code.get_text().strip())
        if named is None or code.find_parent("pre") is not None:
            continue
        if code.find_parent("a") is not None:  # already a link: it keeps its address, and reads as the title
            code.replace_with(named.title)
        else:
            link = soup.new_tag("a", href=root + named.href)
            link.string = named.title
            code.replace_with(link)
        count += 1
    return count


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


def downloads(page: Page, out: Path, root: str, pages: list[Page]) -> list[dict]:
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
        return {"href": f"{root}{FILES}/{path}", "text": text or Path(path).name, "path": path}

    notebook = page.source.relative_to(ROOT).as_posix()
    text_file = Path(notebook).with_suffix(".py").as_posix()
    table = next((w for w in page.writes if w.startswith("data/derived/")), None)
    figures = [w for w in page.writes if w.startswith("figures/")]
    groups: list[tuple[str, str, list]] = [
        (
            "The executed notebook",
            "the notebook",
            [
                item(notebook, f"{Path(notebook).name} (Jupyter)"),
                item(text_file, f"{Path(text_file).name} (its text version)"),
            ],
        ),
        ("Printable worksheet", "a worksheet to print", worksheets(page, out, root, pages)),
        ("Its derived table (CSV)", "its table", [item(table)] if table else []),
        ("Its figures (PNG and SVG)", "its figures", [item(f) for f in figures]),
        ("The data it reads", "the data it reads", [item(r) for r in page.reads]),
    ]
    # a group with nothing in it is left out (the page never lists "nothing")
    return [
        {"label": label, "short": short, "items": [i for i in items if i]} for label, short, items in groups
    ]


def worksheets(page: Page, out: Path, root: str, pages: list[Page]) -> list[dict]:
    """For an exercise notebook: its worksheet (and, for a worked solution, the teacher's key) as a
    printable page written into the site beside the notebook's page."""
    from energycoop.data.paths import exercise_solutions, solution_of, student_path
    from energycoop.teaching.worksheets import worksheet_html

    is_student = solution_of(page.source) is not None
    is_solution = page.source.resolve() in {s.resolve() for s in exercise_solutions()}
    if not (is_student or is_solution):
        return []
    name = f"{page.source.stem}-{'worksheet' if is_student else 'answer-key'}.html"
    target = out / Path(page.href).parent / name
    target.parent.mkdir(parents=True, exist_ok=True)
    sheet = worksheet_html(nbformat.read(page.source, as_version=4), answers=is_solution)
    back = {"href": Path(page.href).name, "title": page.title, "root": "../" * page.href.count("/")}
    target.write_text(landmarked(sheet, back), encoding="utf-8")
    href = root + (Path(page.href).parent / name).as_posix()
    text = (
        "worksheet to print" if is_student else f"answer key to print (for {student_path(page.source).name})"
    )
    return [{"href": href, "text": text, "path": name}]


_SHEET_NAV = (
    "<style>.sheet-nav{font-family:system-ui,sans-serif;font-size:14px;padding:0.5em 0;"
    "border-bottom:1px solid #d0d7de;margin-bottom:1em}.sheet-nav a{color:#0b5394;margin-right:1.5em}"
    "@media print{.sheet-nav{display:none}}</style>"
)


def landmarked(page_html: str, back: dict | None = None) -> str:
    """A printable page (a worksheet) with its content inside one ``<main>`` landmark, a language, and (with
    ``back``) a navigation bar to its notebook's page and the index, which is not printed."""
    soup = BeautifulSoup(page_html, "html.parser")
    if soup.html is not None and not soup.html.get("lang"):
        soup.html["lang"] = "en"
    if soup.body is not None and soup.find("main") is None:
        main = soup.new_tag("main", id="main")
        for child in list(soup.body.children):
            main.append(child.extract())
        soup.body.append(main)
    if back and soup.body is not None:
        nav = BeautifulSoup(
            f'<nav class="sheet-nav site-nav" aria-label="Site"><a href="{html.escape(back["root"])}index.html">The '
            f'energy-cooperation notebooks</a><a href="{html.escape(back["href"])}">Back to the notebook: '
            f"{html.escape(back['title'])}</a></nav>",
            "html.parser",
        )
        soup.body.insert(0, nav)
        if soup.head is not None:
            soup.head.append(BeautifulSoup(_SHEET_NAV, "html.parser"))
    return str(soup)


def rerun_box(page: Page) -> dict:
    """The exact rerun command and the page's parameters, from ``energycoop.build.rerun.declared`` (the
    source of the ``params`` command)."""
    from energycoop.build.rerun import OUTPUT_PARAMETERS, declared

    name = entry_of(page.source).name
    command = f"{RERUN} {name}"
    parameters = [{"name": key, **spec} for key, spec in declared(page.source).items()]
    first = next((p for p in parameters if p["name"] not in OUTPUT_PARAMETERS), None)
    example = (
        f"{command} -p {first['name']} {str(first['default']).strip(chr(34) + chr(39))}" if first else command
    )
    return {"command": command, "example": example, "parameters": parameters}


def head(title: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{html.escape(title)}</title><link rel="stylesheet" href="_static/site.css"></head>
"""


def top_nav() -> str:
    return """<a class="site-skip" href="#main">Skip to the content</a>
<nav class="site-nav" aria-label="Site">
  <a class="site-home" href="index.html">The energy-cooperation notebooks</a>
  <form class="site-search" action="search.html" method="get" role="search" aria-label="Search the site">
    <input type="search" name="q" placeholder="Search the notebooks" aria-label="Search the notebooks">
  </form>
</nav>
"""
