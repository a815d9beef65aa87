"""Loading and validating the collection's data files.

Every CSV is read as text first and checked cell by cell, so that a bad file fails
with the file, the row (as numbered in a spreadsheet: the header is row 1) and the
column, before anything is computed or written.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import re
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from energycoop.data.paths import DATA
from energycoop.data.schema import (  # noqa: F401 (the schema's names are read from here too)
    ARTICLE_SCHEMA,
    BASES,
    LOWER_BOUND_QUALIFIERS,
    QUALIFIERS,
    QUANTITY_KINDS,
    REFERENCE_SCHEMA,
    STATUSES,
    Column,
    DataError,
    MissingDataFile,
    QuantityKind,
    check_cell,
    kind_problem,
    parse_date,
    unit_in_words,
)
from energycoop.quantities.rounding import rounding_interval
from energycoop.quantities.units import Q_

DATA_DIR = DATA  # the repository root is known in one place: energycoop.data.paths


def _decoded(path: Path, data: bytes) -> str:
    """``data`` as text: UTF-8, with or without the byte-order mark spreadsheet programs write.

    Raises ``DataError`` naming the row (and column, where the header could be read) of the
    first byte that is not UTF-8.
    """
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[bom : bom + exc.start].decode("utf-8")
        rows = list(csv.reader(io.StringIO(before, newline="")))
        ends_a_row = not before or before.endswith(("\n", "\r"))
        row = len(rows) + 1 if ends_a_row else len(rows)
        where = f"row {row}"
        if row > 1 and not ends_a_row and 0 < len(rows[-1]) <= len(rows[0]):
            where += f", column {rows[0][len(rows[-1]) - 1]}"
        raise DataError(
            f"{path}, {where}: byte 0x{data[bom + exc.start]:02x} (byte {bom + exc.start + 1} of the file) is not "
            "UTF-8; the file must be saved as UTF-8 text (in a spreadsheet program: 'CSV UTF-8')"
        ) from None


def _csv_rows(path: Path, text: str) -> list[list[str]]:
    """The rows of a CSV text; ``DataError`` naming the file, row and column of a cell too large for the
    csv module (or of a row it cannot read), instead of csv's bare "field larger than field limit"."""
    rows: list[list[str]] = []
    try:
        rows.extend(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        number = len(rows) + 1
        limit = csv.field_size_limit()
        try:
            csv.field_size_limit(2**31 - 1)
            whole = list(csv.reader(io.StringIO(text, newline="")))
        except csv.Error:
            whole = []
        finally:
            csv.field_size_limit(limit)
        row = whole[number - 1] if len(whole) >= number else []
        large = [i for i, cell in enumerate(row) if len(cell) > limit]
        if large:
            i = large[0]
            column = rows[0][i] if rows and i < len(rows[0]) else f"{i + 1} (counted from 1)"
            raise DataError(
                f"{path}, row {number}, column {column}: the cell holds {len(row[i]):,} characters; a "
                f"cell may hold at most {limit:,}"
            ) from None
        raise DataError(f"{path}, row {number}: not a readable CSV row ({exc})") from None
    return rows


def read_checked_csv(
    path: str | Path,
    schema: tuple[Column, ...],
    has_units: bool | None = None,
    key: str | None = "id",
    unique: tuple[str, ...] | None = None,
) -> pd.DataFrame:
    """Read ``path`` and check every cell against ``schema``.

    Returns a DataFrame indexed by ``key`` (``None``: numbered rows). For files with units
    (``has_units``; default: when the schema has a ``value`` column), ``value`` is a float
    (NaN for dates) and ``date`` holds the ISO text of date rows; numbers and whole numbers
    are typed. A ``quantity_kind`` column is checked against the row's unit and its
    ``value``, ``low`` and ``high``. The columns in ``unique`` (default: ``key``) may not
    repeat a value.
    Raises ``DataError`` naming the file, row and column of the first problem.
    """
    path = Path(path)
    if not path.is_file():
        raise MissingDataFile(f"{path}: file not found")
    text = _decoded(path, path.read_bytes())
    rows = _csv_rows(path, text)
    names = [c.name for c in schema]
    if not rows:
        raise DataError(
            f"{path}: the file is empty; expected a header row with the columns {', '.join(names)}"
        )
    header, body = rows[0], rows[1:]
    _check_header(path, header, names)
    if not body:
        raise DataError(f"{path}: has a header but no rows; expected at least one row under the header")
    has_units = any(c.kind == "value" for c in schema) if has_units is None else has_units
    unique = (key,) if unique is None and key else (unique or ())
    position = {name: header.index(name) for name in names}
    seen: dict[str, dict[str, int]] = {name: {} for name in unique}
    records: list[dict[str, Any]] = []
    for number, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise DataError(
                f"{path}, row {number}: has {len(row)} cells, the header has {len(header)}; "
                "every row needs one cell per column"
            )
        record: dict[str, Any] = {name: row[position[name]] for name in names}
        _check_record(path, number, record, schema)
        for name in unique:
            if record[name] in seen[name]:
                raise DataError(
                    f"{path}, row {number}, column {name}: {record[name]!r} is a duplicate of row "
                    f"{seen[name][record[name]]}; each {name} must be unique"
                )
            seen[name][record[name]] = number
        records.append(record)
    for record in records:
        _type_record(record, schema, has_units)
    frame = pd.DataFrame.from_records(records, columns=[*names, "date"] if has_units else names)
    return frame.set_index(key) if key else frame


def _check_header(path: Path, header: list[str], names: list[str]) -> None:
    """The header names every column of the schema once, and no other."""
    missing = [n for n in names if n not in header]
    if missing:
        raise DataError(
            f"{path}, row 1: missing column(s) {', '.join(missing)}; expected columns {', '.join(names)}"
        )
    extra = [h for h in header if h not in names]
    if extra:
        raise DataError(
            f"{path}, row 1: unknown column(s) {', '.join(extra)}; expected columns {', '.join(names)}"
        )
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        raise DataError(
            f"{path}, row 1: column(s) {', '.join(repeated)} appear more than once; "
            f"expected each of {', '.join(names)} once"
        )


def _check_record(path: Path, number: int, record: dict[str, Any], schema: tuple[Column, ...]) -> None:
    """Every cell of row ``number`` as its column allows, and a quantity kind that fits the row's unit."""
    for column in schema:
        cell = record[column.name]
        try:
            check_cell(column, cell, record.get("unit"))
        except ValueError as exc:
            raise DataError(f"{path}, row {number}, column {column.name}: {cell!r} {exc}") from None
    for column in schema:
        if column.kind == "quantity_kind":
            values: dict[str, str] = {
                name: record[name] for name in ("value", "low", "high") if name in record
            }
            problem = kind_problem(QUANTITY_KINDS[record[column.name]], record["unit"], values)
            if problem:
                raise DataError(f"{path}, row {number}, column {problem[0]}: {problem[1]}")


def _type_record(record: dict[str, Any], schema: tuple[Column, ...], has_units: bool) -> None:
    """Turn a checked row's text into numbers where its columns hold numbers (a date row's value: NaN)."""
    if has_units:
        is_date = record["unit"] == "date"
        record["date"] = record["value"] if is_date else ""
        record["value"] = math.nan if is_date else float(record["value"])
    for column in schema:
        if column.kind == "number":
            record[column.name] = float(record[column.name])
        if column.kind == "optional_number":
            record[column.name] = float(record[column.name]) if record[column.name].strip() else math.nan
        if column.kind == "int":
            record[column.name] = int(record[column.name])


def load_article(path: str | Path | None = None) -> pd.DataFrame:
    """Every number the article prints, one row each (``data/article.csv``)."""
    return read_checked_csv(path or DATA_DIR / "article.csv", ARTICLE_SCHEMA)


def load_reference(path: str | Path | None = None) -> pd.DataFrame:
    """Outside facts and default assumptions (``data/reference.csv``).

    Besides the cell checks, an assumption must carry ``low <= value <= high``.
    """
    path = path or DATA_DIR / "reference.csv"
    frame = read_checked_csv(path, REFERENCE_SCHEMA)
    for row_number, (key, row) in enumerate(frame.iterrows(), start=2):
        if row["status"] == "assumption":
            for column in ("low", "high"):
                if math.isnan(row[column]):
                    raise DataError(
                        f"{path}, row {row_number}, column {column}: assumption {key!r} needs a low and a "
                        "high (the ends of its plausible range); the cell is empty"
                    )
            if not row["low"] <= row["value"] <= row["high"]:
                raise DataError(
                    f"{path}, row {row_number}, column value: {row['value']!r} of {key!r} "
                    f"is outside its range low {row['low']!r} .. high {row['high']!r}; it must lie from low to high"
                )
    return frame


GLOSSARY_SCHEMA = (
    Column("term", "text"),
    Column("slug", "slug"),
    Column("phrase", "text"),
    Column("definition", "text"),
    Column("unit", "optional_text"),
    Column("first_notebook", "notebook"),
)


def notebook_names(directory: str | Path | None = None) -> tuple[str, ...]:
    """The names (without ``.ipynb``) of the numbered notebooks in ``directory`` (default ``notebooks/``)."""
    directory = Path(directory or DATA_DIR.parent / "notebooks")
    from energycoop.data.paths import numbered_notebooks

    return tuple(p.stem for p in numbered_notebooks(directory))


def load_glossary(path: str | Path | None = None, notebooks: str | Path | None = None) -> pd.DataFrame:
    """Every term the notebooks use (``data/glossary.csv``), one row each, numbered from 0.

    Term, slug, phrase and definition are required; a slug is lower-case words joined by
    hyphens and unique (it is an anchor in notebook 11), a term is unique, and
    ``first_notebook`` names a notebook of ``notebooks`` (default ``notebooks/``).
    The text is data: escape it (``energycoop.analysis.markup.markdown_text``) wherever it becomes Markdown or HTML.
    """
    path = path or DATA_DIR / "glossary.csv"
    schema = tuple(
        Column(c.name, c.kind, notebook_names(notebooks)) if c.kind == "notebook" else c
        for c in GLOSSARY_SCHEMA
    )
    return read_checked_csv(path, schema, key=None, unique=("term", "slug"))


def quantity(frame: pd.DataFrame, key: str, which: str = "value"):
    """The row ``key`` of a loaded table as a pint Quantity (``which`` = value, low or high)."""
    if key not in frame.index:
        raise KeyError(f"no row with id {key!r}; ids are {', '.join(frame.index)}")
    row = frame.loc[key]
    if row["unit"] == "date":
        raise ValueError(f"row {key!r} is a date ({row['date']}); use date_of()")
    return Q_(float(row[which]), row["unit"])


def date_of(frame: pd.DataFrame, key: str) -> date:
    """The row ``key`` of a loaded table as a ``datetime.date``."""
    row = frame.loc[key]
    if row["unit"] != "date":
        raise ValueError(f"row {key!r} is not a date (unit {row['unit']!r})")
    return parse_date(row["date"])


def read_codebook(path: str | Path | None = None) -> dict[str, list[str]]:
    """The codebook in ``data/README.md``: for each documented file (a ``### `name` `` heading),
    the columns listed in the table under it."""
    path = Path(path or DATA_DIR / "README.md")
    files: dict[str, list[str]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^###\s+`([^`]+)`", line)
        if heading:
            current = heading.group(1)
            files[current] = []
            continue
        cell = re.match(r"^\|\s*`([^`]+)`\s*\|", line)
        if cell and current is not None:
            files[current].append(cell.group(1))
    return files


READINGS = {
    "lower bound": "a bound, not a value: 'over', 'more than', 'exceeded'",
    "rounded": "'about' or 'approximately': a rounded value",
    "average": "a long-run average, not any one year",
    "as printed": "no qualifier; may still be rounded",
}


def reading_of(qualifier: str) -> str:
    """How to read a figure with this qualifier: one of ``READINGS``."""
    if qualifier not in QUALIFIERS:
        raise ValueError(f"qualifier {qualifier!r} is not one of {', '.join(QUALIFIERS)}")
    if qualifier in LOWER_BOUND_QUALIFIERS:
        return "lower bound"
    if qualifier == "approximately":
        return "rounded"
    if qualifier == "average":
        return "average"
    return "as printed"


def rounding_quantities(article: pd.DataFrame, key: str):
    """The rounding interval of article figure ``key`` as two quantities in its normalised unit
    ('about 110,000' metric tons: 105,000 tce and 115,000 tce)."""
    row = article.loc[key]
    low, high = rounding_interval(row["value_as_printed"])
    scale = row["value"] / float(str(row["value_as_printed"]).replace(",", ""))
    return Q_(low * scale, row["unit"]), Q_(high * scale, row["unit"])
