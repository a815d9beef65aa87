"""``data/datapackage.json``: a Frictionless Data Package describing every CSV in ``data/`` and
``data/derived/``, generated from the two places that already define them, so there is one source:

- the codebook, ``data/README.md``: each file's description and, for every column, its unit and
  what it means (``codebook``);
- the loaders' schemas (``energycoop.data.loaders``, ``energycoop.analysis.audit``, ``energycoop.data.derived``): each
  column's type, whether it is required, its allowed values and patterns (``field``).

The derived tables' sources are the files their notebook reads (its catalogue declaration).
``python -m energycoop.build.datapackage`` rewrites the file; ``tests/test_datapackage.py`` fails when
it is out of date and runs ``frictionless validate`` on it.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from energycoop.analysis.audit import AUDIT_COLUMNS, CLAIM_TYPES, CLAIMS_SCHEMA, RELATIONS, VERDICTS
from energycoop.build import catalogue
from energycoop.data.derived import DERIVED_SCHEMA
from energycoop.data.loaders import ARTICLE_SCHEMA, GLOSSARY_SCHEMA, REFERENCE_SCHEMA, Column, notebook_names
from energycoop.data.paths import DATA, DERIVED, NOTEBOOKS, ROOT, numbered_notebooks
from energycoop.data.schema import REQUIRED

PATH = DATA / "datapackage.json"
LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
ARTICLE = {
    "title": "Energy cooperation goes from strength to strength (China Daily, 4 July 2024)",
    "path": "http://epaper.chinadaily.com.cn/a/202407/04/WS6685fe30a3106431fe82ce19.html",
}
ID_PATTERN = "[a-z][a-z0-9_]*"
SLUG_PATTERN = "[a-z0-9]+(-[a-z0-9]+)*"


def codebook(path: Path | None = None) -> dict[str, dict]:
    """The codebook in ``data/README.md``: for each ``### `file` `` heading, its description (the
    paragraphs before its table) and its columns (name -> unit, description), in order; and, under
    ``derived/NN-topic.csv``, the one-line description of each derived table from the list."""
    text = Path(path or DATA / "README.md").read_text(encoding="utf-8")
    files: dict[str, dict] = {}
    current = None
    for line in text.splitlines():
        heading = re.match(r"^###\s+`([^`]+)`", line)
        if heading:
            current = files.setdefault(heading.group(1), {"description": [], "columns": {}})
            continue
        if line.startswith("## "):
            current = None
            continue
        bullet = re.match(r"^- `(derived/[^`]+\.csv)`:\s*(.+)$", line)
        if bullet:
            files.setdefault(bullet.group(1), {"description": [], "columns": {}})["summary"] = bullet.group(2)
            continue
        if current is None:
            continue
        row = re.match(r"^\|\s*`([^`]+)`\s*\|([^|]*)\|(.*)\|\s*$", line)
        if row:
            current["columns"][row.group(1)] = {
                "unit": row.group(2).strip(),
                "description": row.group(3).strip(),
            }
        elif not line.startswith("|") and line.strip() and not current["columns"]:
            current["description"].append(line.strip())
    return {
        name: {**info, "description": _plain(" ".join(info["description"]))} for name, info in files.items()
    }


def _plain(markdown: str) -> str:
    return " ".join(re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", markdown).replace("`", "").split())


def field(column: Column, documented: dict, key: bool = False) -> dict:
    """A Table Schema field for a loader's ``Column`` and its codebook row."""
    kind = column.kind
    types = {"number": "number", "optional_number": "number", "int": "integer", "optional_year": "year"}
    out: dict = {"name": column.name, "type": types.get(kind, "string")}
    description = _plain(documented.get("description", ""))
    unit = documented.get("unit", "")
    if unit.startswith("see"):
        description += (
            f" (unit: {_plain(unit)}, the unit column of the same row)"
            if "unit" in unit
            else f" (unit: {_plain(unit)})"
        )
    elif unit:
        out["unit"] = unit
        description += f" (unit: {unit})"
    if kind == "value":
        description += "; a number, or a date written YYYY-MM or YYYY-MM-DD in a row whose unit is 'date'"
    out["description"] = description
    constraints: dict = {}
    if kind in REQUIRED:
        constraints["required"] = True
    if kind in ("choice", "quantity_kind", "notebook"):
        constraints["enum"] = list(column.choices)
    if kind == "id":
        constraints["pattern"] = ID_PATTERN
    if kind == "slug":
        constraints["pattern"] = SLUG_PATTERN
    if kind in ("pattern", "optional_pattern"):
        constraints["pattern"] = f"(?:{column.pattern})"
    if kind == "int":
        constraints["minimum"] = 0
    if key:
        constraints["unique"] = True
    if constraints:
        out["constraints"] = constraints
    return out


# The audit table has no loader schema of its own (``energycoop.analysis.audit.read_audit`` reads it as text):
# its columns' kinds, from how ``energycoop.analysis.audit.audit`` writes them.
AUDIT_SCHEMA = tuple(
    {
        "id": Column("id", "id"),
        "type": Column("type", "choice", tuple(CLAIM_TYPES)),
        "paragraph": Column("paragraph", "int"),
        "claim": Column("claim", "text"),
        "words": Column("words", "text"),
        "relative_difference": Column("relative_difference", "optional_number"),
        "verdict": Column("verdict", "choice", tuple(VERDICTS)),
        "relation": Column("relation", "optional_pattern", pattern="|".join(re.escape(r) for r in RELATIONS)),
        "reason": Column("reason", "text"),
    }.get(name, Column(name, "optional_text"))
    for name in AUDIT_COLUMNS
)


def _schema(
    columns: tuple[Column, ...], documented: dict, key: str | None = "id", unique: tuple[str, ...] = ()
) -> dict:
    fields = [field(c, documented.get(c.name, {}), key=c.name == key or c.name in unique) for c in columns]
    schema: dict = {"fields": fields, "missingValues": [""]}
    if key:
        schema["primaryKey"] = [key]
    return schema


def _resource(path: Path, title: str, description: str, schema: dict, sources: list[dict]) -> dict:
    relative = path.relative_to(DATA).as_posix()
    name = re.sub(r"[^a-z0-9._-]", "-", relative.removesuffix(".csv").replace("/", "-").lower())
    return {
        "name": name,
        "path": relative,
        "title": title,
        "description": description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
        "sources": sources,
        "licenses": [LICENSE],
    }


def _writers() -> dict[str, catalogue.Entry]:
    entries = [catalogue.declaration(p) for p in numbered_notebooks(NOTEBOOKS)]
    return {table: e for e in entries if (table := e.writes_table())}


def package() -> dict:
    """The Data Package descriptor, as a dict."""
    book = codebook()
    glossary_schema = tuple(
        Column(c.name, c.kind, notebook_names()) if c.kind == "notebook" else c for c in GLOSSARY_SCHEMA
    )
    inputs = [
        ("article.csv", "Every number the article prints", ARTICLE_SCHEMA, "id", (), [ARTICLE]),
        (
            "reference.csv",
            "Outside facts and default assumptions",
            REFERENCE_SCHEMA,
            "id",
            (),
            [{"title": "each row names its source in source_title and source_address"}],
        ),
        ("claims.csv", "Every claim the article makes", CLAIMS_SCHEMA, "id", (), [ARTICLE]),
        (
            "glossary.csv",
            "Every term the notebooks use",
            glossary_schema,
            None,
            ("term", "slug"),
            [{"title": "the project's own definitions"}],
        ),
    ]
    resources = []
    for name, title, columns, key, unique, sources in inputs:
        documented = book[name]
        resources.append(
            _resource(
                DATA / name,
                title,
                documented["description"],
                _schema(columns, documented["columns"], key, unique),
                sources,
            )
        )
    writers = _writers()
    for path in sorted(DERIVED.glob("*.csv")):
        relative = path.relative_to(DATA).as_posix()
        entry = writers.get(f"data/{relative}")
        notebook = entry.path.relative_to(ROOT).as_posix() if entry else "a notebook of notebooks/"
        if relative == "derived/10-claims-audit.csv":
            documented = book[relative]
            schema = _schema(AUDIT_SCHEMA, documented["columns"])
            description = documented["description"]
        else:
            documented = book["derived/*.csv"]
            schema = _schema(DERIVED_SCHEMA, documented["columns"])
            description = f"{book.get(relative, {}).get('summary', '')} {documented['description']}".strip()
        sources = [{"title": f"computed by {notebook}"}]
        if entry:
            sources += [{"title": f"from {read}", "path": read.removeprefix("data/")} for read in entry.reads]
        resources.append(
            _resource(path, f"Derived table of {Path(notebook).stem}", _plain(description), schema, sources)
        )
    return {
        "profile": "data-package",
        "name": "energy-cooperation-notebooks",
        "title": "The energy-cooperation notebooks: data",
        "description": (
            "Every number in one China Daily article (4 July 2024, 'Energy cooperation goes from "
            "strength to strength'), the outside facts and assumptions it is checked against, the "
            "claims audited, the glossary, and every value the notebooks compute. Units are pint unit "
            "strings (see data/README.md, the codebook, from which this file is generated). The "
            "article's words in article.csv and claims.csv are short quotations for review."
        ),
        "version": _version(),
        "licenses": [LICENSE],
        "sources": [ARTICLE],
        "contributors": [{"title": "The energy-cooperation notebooks contributors", "role": "author"}],
        "resources": resources,
    }


def _version() -> str:
    """The package's version: ``energycoop.__version__``, its one place (pyproject.toml reads it too)."""
    from energycoop import __version__

    return __version__


def render() -> str:
    return json.dumps(package(), indent=2, ensure_ascii=False) + "\n"


def write(path: Path = PATH) -> bool:
    """Rewrite ``data/datapackage.json``; return whether it changed."""
    text = render()
    changed = not path.exists() or path.read_text(encoding="utf-8") != text
    if changed:
        path.write_text(text, encoding="utf-8")
    return changed


if __name__ == "__main__":
    print(f"{PATH.relative_to(ROOT)} {'rewritten' if write() else 'already up to date'}")
    sys.exit(0)
