"""Loading and validating the collection's data files.

Every CSV is read as text first and checked cell by cell, so that a bad file fails
with the file, the row (as numbered in a spreadsheet: the header is row 1) and the
column, before anything is computed or written.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd

from .units import Q_, parse_unit

DATA_DIR = Path(__file__).resolve().parents[2] / "data"

QUALIFIERS = {
    "exact": "printed with no qualifier (a round figure may still be rounded)",
    "approximately": "printed with 'about' or 'approximately': a rounded figure",
    "average": "an average over years, not any one year's value",
    "over": "a lower bound ('over half'): the true value is larger",
    "more than": "a lower bound ('more than 20'): the true value is larger",
    "exceeded": "a lower bound ('exceeded 9 million'): the true value is larger",
}
LOWER_BOUND_QUALIFIERS = {"over", "more than", "exceeded"}

BASES = {
    "design": "a rating or capacity: what a plant is built to do",
    "expected": "an estimate of what a plant will produce in a typical year",
    "outcome": "a reported result for a past period",
    "date": "a calendar month or day",
    "duration": "a length of time",
    "count": "a number of things",
    "claim": "a ranking or first-of-its-kind claim",
}

STATUSES = {
    "verified": "checked against the named source",
    "definition": "true by definition of the unit or calendar",
    "assumption": "a default the reader may change; low and high give its plausible range",
}


class DataError(ValueError):
    """A data file breaks its schema. The message names the file, row and column."""


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # id | text | optional_text | value | unit | optional_number | int | choice
    choices: tuple[str, ...] = ()


ARTICLE_SCHEMA = (
    Column("id", "id"),
    Column("subject", "text"),
    Column("quantity", "text"),
    Column("value_as_printed", "text"),
    Column("unit_as_printed", "optional_text"),
    Column("value", "value"),
    Column("unit", "unit"),
    Column("period", "optional_text"),
    Column("qualifier", "choice", tuple(QUALIFIERS)),
    Column("basis", "choice", tuple(BASES)),
    Column("snippet", "text"),
    Column("paragraph", "int"),
)

REFERENCE_SCHEMA = (
    Column("id", "id"),
    Column("subject", "text"),
    Column("quantity", "text"),
    Column("value", "value"),
    Column("unit", "unit"),
    Column("low", "optional_number"),
    Column("high", "optional_number"),
    Column("year", "optional_text"),
    Column("status", "choice", tuple(STATUSES)),
    Column("source_title", "text"),
    Column("source_address", "optional_text"),
    Column("note", "optional_text"),
)

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def parse_date(text: str) -> date:
    """Parse ``YYYY-MM`` (taken as the first of the month) or ``YYYY-MM-DD``."""
    if not isinstance(text, str) or not _DATE.match(text):
        raise ValueError(f"{text!r} is not a date written YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in text.split("-")]
    return date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)


def _number(text: str) -> float:
    value = float(text)  # raises ValueError on text
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


def _check_cell(column: Column, text: str, unit_text: str | None) -> None:
    """Raise ValueError with a reason if ``text`` is not allowed in ``column``."""
    if column.kind in ("id", "text", "unit", "value", "int", "choice") and not text.strip():
        raise ValueError("is empty")
    if column.kind == "id" and not _ID.match(text):
        raise ValueError("is not an id: lower-case letters, digits and underscores, starting with a letter")
    if column.kind == "unit" and text != "date":
        try:
            parse_unit(text)
        except ValueError:
            raise ValueError("is not a unit pint knows (nor 'date')") from None
    if column.kind == "value":
        if unit_text == "date":
            try:
                parse_date(text)
            except ValueError:
                raise ValueError("is not a date written YYYY-MM or YYYY-MM-DD (the row's unit is 'date')") from None
        else:
            try:
                _number(text)
            except ValueError:
                raise ValueError("is not a number (rows whose unit is 'date' take YYYY-MM)") from None
    if column.kind == "optional_number" and text.strip():
        try:
            _number(text)
        except ValueError:
            raise ValueError("is not a number") from None
    if column.kind == "int":
        if not text.isdigit():
            raise ValueError("is not a whole number")
    if column.kind == "choice" and text not in column.choices:
        raise ValueError(f"is not one of {', '.join(repr(c) for c in column.choices)}")


def read_checked_csv(path: str | Path, schema: tuple[Column, ...], has_units: bool = True) -> pd.DataFrame:
    """Read ``path`` and check every cell against ``schema``.

    Returns a DataFrame indexed by ``id``. For files with units (``has_units``), ``value``
    is a float (NaN for dates) and ``date`` holds the ISO text of date rows; numbers and
    whole numbers are typed.
    Raises ``DataError`` naming the file, row and column of the first problem.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: file not found")
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    if not rows:
        raise DataError(f"{path}: the file is empty; expected a header row")
    header, body = rows[0], rows[1:]
    names = [c.name for c in schema]
    missing = [n for n in names if n not in header]
    if missing:
        raise DataError(f"{path}: missing column(s) {', '.join(missing)}; expected columns {', '.join(names)}")
    extra = [h for h in header if h not in names]
    if extra:
        raise DataError(f"{path}: unknown column(s) {', '.join(extra)}; expected columns {', '.join(names)}")
    position = {name: header.index(name) for name in names}
    seen: dict[str, int] = {}
    records = []
    for number, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise DataError(f"{path}, row {number}: has {len(row)} cells, the header has {len(header)}")
        record = {name: row[position[name]] for name in names}
        for column in schema:
            text = record[column.name]
            try:
                _check_cell(column, text, record.get("unit"))
            except ValueError as exc:
                raise DataError(f"{path}, row {number}, column {column.name}: {text!r} {exc}") from None
        if record["id"] in seen:
            raise DataError(
                f"{path}, row {number}, column id: {record['id']!r} is a duplicate of row {seen[record['id']]}"
            )
        seen[record["id"]] = number
        records.append(record)
    for record in records:
        if has_units:
            is_date = record["unit"] == "date"
            record["date"] = record["value"] if is_date else ""
            record["value"] = math.nan if is_date else float(record["value"])
        for column in schema:
            if column.kind == "optional_number":
                record[column.name] = float(record[column.name]) if record[column.name].strip() else math.nan
            if column.kind == "int":
                record[column.name] = int(record[column.name])
    frame = pd.DataFrame.from_records(records, columns=[*names, "date"] if has_units else names)
    return frame.set_index("id")


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
            if math.isnan(row["low"]) or math.isnan(row["high"]):
                raise DataError(f"{path}, row {row_number}, column low/high: assumption {key!r} needs a low and a high")
            if not row["low"] <= row["value"] <= row["high"]:
                raise DataError(
                    f"{path}, row {row_number}, column value: {row['value']!r} of {key!r} "
                    f"is outside its range low {row['low']!r} .. high {row['high']!r}"
                )
    return frame


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


def rounding_interval(printed: str) -> tuple[float, float]:
    """The interval a printed number stands for if it was rounded at its last significant digit.

    Trailing zeros of a whole number are taken as not significant: ``'350'`` gives
    (345, 355), ``'110,000'`` gives (105,000, 115,000), ``'2.5'`` gives (2.45, 2.55).
    Raises ``ValueError`` for text that is not a number written in digits.
    """
    text = str(printed).replace(",", "").strip()
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        raise ValueError(f"{printed!r} is not a number written in digits")
    if "." in text:
        exponent = -len(text.split(".")[1])
    else:
        significant = text.rstrip("0") or "0"
        exponent = len(text) - len(significant)
    half = Decimal(5) * Decimal(10) ** (exponent - 1)
    value = Decimal(text)
    return float(value - half), float(value + half)


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
