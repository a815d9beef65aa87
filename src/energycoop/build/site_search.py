"""The site's offline search: every page section, each finding, the exercises and the glossary, as lunr
documents (built here in Python, loaded by a ``<script>`` tag so that it works from ``file://``).

Each document has a ``body`` (what is indexed: the Markdown and the outputs, without code) and a ``text``
(the prose a snippet is cut from). Formulas are read as text ("E/(P × h_year)"), never left as TeX or
dropped; the tools' own messages ("Wrote 14 rows to …csv.", "All checks passed.") are left out; a
section with no prose of its own (a code cell and its checks) is not a search result.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from bs4 import BeautifulSoup

from energycoop.build.site_tex import tex_as_text

GLOSSARY_PAGE = "11-units-and-pitfalls.html"
_DOLLAR = "\ue000"  # stands for a money sign kept from MathJax until the formulas are read

# What a tool prints about itself: not something a reader searches for.
CHATTER = re.compile(
    r"^\s*(?:Wrote \d[\d,]* rows? to \S+|All checks passed|Read .+ from \S+/ \(.*\)|"
    r"Saved \S+\.(?:png|svg|csv))\.?\s*$"
)


def readable(element) -> str:
    """The words of an element as they read on the page: inline elements joined as they stand (no space
    before a comma where a link was), each formula read as text, the money sign kept."""
    copy = BeautifulSoup(str(element), "html.parser")
    for span in copy.select(".tex2jax_ignore"):
        span.replace_with(span.get_text().replace("$", _DOLLAR))
    for block in copy.find_all(
        ["p", "li", "br", "h1", "h2", "h3", "h4", "td", "th", "tr", "div", "dd", "dt"]
    ):
        block.insert_after(" ")
    text = copy.get_text("").replace("\u00b6", "")
    text = tex_as_text(text).replace(_DOLLAR, "$")
    text = " ".join(text.split())
    return re.sub(r"\s+([,;:.!?)\]])", r"\1", re.sub(r"([(\[])\s+", r"\1", text))


def table_sentences(element) -> str:
    """An element's words, each table in it read row by row as a record ("id:
    pavlodar_electricity_twh; value: 3.264; unit: TWh."), so that a snippet cut from a table reads as the row
    it comes from, not as a run of cells."""
    copy = BeautifulSoup(str(element), "html.parser")
    for table in copy.select("table"):
        head = table.select_one("thead tr")  # the column names (a second row would name the index)
        headers = [readable(th) for th in head.find_all(["th", "td"])] if head else []
        records = []
        for row in table.select("tbody tr"):
            cells = [readable(c) for c in row.find_all(["th", "td"], recursive=False)]
            named = [
                f"{headers[i]}: {cell}" if i < len(headers) and headers[i] else cell
                for i, cell in enumerate(cells)
                if cell
                and not (i == 0 and not (headers[:1] and headers[0]) and cell.isdigit())  # a row number
            ]
            if named:
                records.append("; ".join(named) + ".")
        table.replace_with(BeautifulSoup(f"<p>{html.escape(' '.join(records))}</p>", "html.parser"))
    return readable(copy)


def prose(element) -> str:
    """The prose of an element, for a snippet: paragraphs, list items, headings and quotations, never a
    table, code or a tool's message."""
    parts = []
    for node in element.find_all(["p", "li", "h1", "h2", "h3", "h4", "blockquote", "dd", "dt"]):
        if node.find_parent(["table", "pre"]) is not None:
            continue
        if node.find_parent(["li", "blockquote"]) is not None:
            continue  # read with its list item or quotation
        text = readable(node)
        if text and not CHATTER.match(text):
            parts.append(text)
    return " ".join(parts)


def _is_sentence(line: str) -> bool:
    """A printed line that reads as a sentence (a figure's description, a result), not a table row nor a
    tool's message."""
    line = line.strip()
    return (
        len(line.split()) >= 5
        and line.endswith((".", ":", ")"))
        and "  " not in line
        and "|" not in line
        and not CHATTER.match(line)
    )


def sections(soup: BeautifulSoup, page) -> list[dict]:
    """The page split at its headings, as search documents: id, title, page, href (to the section), body
    (what is indexed) and text (its prose, from which the search page cuts the snippet around the words
    found). A section with no prose and no sentence in its outputs is left out."""
    found: list[dict] = []
    current = {"anchor": "", "title": page.title, "parts": [], "prose": [], "tables": []}

    def close():
        text = " ".join(" ".join(current["parts"]).split())
        words = " ".join(" ".join(current["prose"]).split())
        if not words and current["tables"]:
            words = "A table of " + "; ".join(current["tables"][:2]) + "."
        if words:
            found.append(
                {"anchor": current["anchor"], "title": current["title"], "text": text, "prose": words}
            )

    for cell in soup.select(".jp-Cell"):
        if "jp-MarkdownCell" in cell.get_attribute_list("class"):
            rendered = cell.select_one(".jp-RenderedMarkdown") or cell
            for element in rendered.find_all(True, recursive=False):
                if element.name in ("h1", "h2", "h3", "h4") and element.get("id"):
                    close()
                    title = readable(element).strip()
                    current = {
                        "anchor": element["id"],
                        "title": title,
                        "parts": [],
                        "prose": [],
                        "tables": [],
                    }
                else:
                    current["parts"].append(readable(element))
                    current["prose"].append(prose(BeautifulSoup(f"<div>{element}</div>", "html.parser").div))
        else:
            for output in cell.select(".jp-OutputArea-output"):
                lines = [line for line in output.get_text().splitlines() if not CHATTER.match(line)]
                if "jp-RenderedText" in output.get_attribute_list("class"):
                    current["parts"].append(" ".join(lines)[:4000])
                    current["prose"] += [line.strip() for line in lines if _is_sentence(line)]
                else:
                    current["parts"].append(table_sentences(output)[:4000])
                    if "jp-RenderedMarkdown" in output.get_attribute_list("class"):
                        current["prose"].append(prose(output))
                for table in output.select("table"):
                    headers = [readable(th) for th in table.select("thead th") if readable(th)]
                    if headers:
                        current["tables"].append(", ".join(headers[:6]))
    close()
    documents = []
    for number, section in enumerate(found):
        href = page.href + (f"#{section['anchor']}" if section["anchor"] else "")
        title = (
            section["title"] if section["title"] == page.title else f"{page.title} \u2014 {section['title']}"
        )
        documents.append(
            {
                "id": f"{page.href}#{number}",
                "title": title,
                "page": page.title,
                "href": href,
                "body": section["text"],
                "text": section["prose"][:6000],
            }
        )
    return documents


def glossary_documents() -> list[dict]:
    from energycoop.data.loaders import load_glossary

    return [
        {
            "id": f"glossary#{row['slug']}",
            "title": f"Glossary: {row['term']}",
            "page": "Glossary (notebook 11)",
            "href": f"{GLOSSARY_PAGE}#{row['slug']}",
            "body": f"{row['term']} {row['phrase']} {row['definition']}",
            "text": tex_as_text(row["definition"]),
        }
        for _, row in load_glossary().iterrows()
    ]


def write_index(documents: list[dict], static: Path) -> None:
    """The prebuilt lunr index and the documents' titles, links and prose (for the snippets), as one script."""
    from lunr import lunr

    def bare(text: str) -> str:  # "240,000" is found by "240000" too, "yuan($145.6" by "145.6"
        return " ".join(n.replace(",", "") for n in re.findall(r"\d+(?:,\d{3})*(?:\.\d+)?", text))

    def searchable(document: dict) -> dict:  # in the title (a finding's article words) as in the body
        return {
            **document,
            "title": f"{document['title']} {bare(document['title'])}",
            "body": f"{document['body']} {bare(document['body'])}",
        }

    def more(document: dict) -> str:  # what a snippet is cut from when the prose lacks the word found
        body = " ".join(document["body"].split())
        return body[:12000] if body and body != " ".join(document["text"].split()) else ""

    index = lunr(
        ref="id",
        fields=[{"field_name": "title", "boost": 5}, "body"],
        documents=[searchable(d) for d in documents],
    )
    docs = {
        d["id"]: {"title": d["title"], "page": d["page"], "href": d["href"], "text": d["text"]}
        | ({"more": more(d)} if more(d) else {})
        for d in documents
    }
    script = (
        f"window.SEARCH_INDEX = {json.dumps(index.serialize(), separators=(',', ':'))};\n"
        f"window.SEARCH_DOCS = {json.dumps(docs, separators=(',', ':'), ensure_ascii=False)};\n"
    )
    (static / "search-index.js").write_text(script, encoding="utf-8")


def search_page(head: str, top_nav: str) -> str:
    return f"""{head}<body>
{top_nav}<main class="search" id="main">
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
