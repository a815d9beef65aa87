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
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from energycoop.data.paths import DATA
from energycoop.quantities.units import Q_, parse_unit

DATA_DIR = DATA  # the repository root is known in one place: energycoop.data.paths

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


class MissingDataFile(DataError, FileNotFoundError):
    """A data file (or a derived table) does not exist; the message names it and what writes it."""


# ---------------------------------------------------------------------------------------------
# Kinds of quantity. Every row of article.csv and reference.csv declares in its ``kind`` column
# what its value measures. The kind fixes the unit's dimension (a power takes MW, never GWh) and
# the values allowed (a power is greater than 0, a share lies from 0 to 100 percent).


@dataclass(frozen=True)
class QuantityKind:
    """A kind of quantity: the dimensions its unit may have and the values it allows
    (``minimum`` and ``maximum``, each included or not, in ``scale`` if given)."""
    name: str
    noun: str  # "a power": what a value of this kind is, in words
    examples: str  # units the kind takes, in words ("MW or GW")
    dimensions: tuple[str, ...]  # units whose dimensionality the kind takes (any one of them)
    minimum: float | None = None
    maximum: float | None = None
    minimum_included: bool = False
    maximum_included: bool = True
    scale: str | None = None  # the unit the range is stated in (None: any unit of the kind)
    whole: bool = False  # a whole number of ``scale``
    allowed: str = ""  # the range in words

    def dimensionalities(self):
        return tuple(parse_unit(u).dimensionality for u in self.dimensions)

    def admits(self, value: float) -> bool:
        """Whether ``value`` (in ``scale``, or any unit of the kind) is in the kind's range."""
        if self.minimum is not None and not (value > self.minimum or (value == self.minimum and self.minimum_included)):
            return False
        if self.maximum is not None and not (value < self.maximum or (value == self.maximum and self.maximum_included)):
            return False
        return not self.whole or abs(value - round(value)) <= 1e-9 * max(1.0, abs(value))


QUANTITY_KINDS = {k.name: k for k in (
    QuantityKind("power", "a power", "W, kW, MW or GW", ("W",), minimum=0, allowed="greater than 0"),
    QuantityKind("energy", "an energy", "kWh, GWh, TWh, GJ, PJ, tce or toe", ("J",), minimum=0,
                 allowed="greater than 0"),
    QuantityKind("mass", "a mass", "t or Mt", ("kg",), minimum=0, allowed="greater than 0"),
    QuantityKind("duration", "a time", "h or year", ("s",), minimum=0, allowed="greater than 0"),
    QuantityKind("date", "a calendar date", "the unit 'date' (the value written YYYY-MM or YYYY-MM-DD)", ()),
    QuantityKind("count", "a count", "count or million", ("dimensionless",), minimum=0, minimum_included=True,
                 scale="count", whole=True, allowed="a whole number of things, 0 or more"),
    QuantityKind("rank", "a rank", "count", ("dimensionless",), minimum=1, minimum_included=True, scale="count",
                 whole=True, allowed="a whole number, 1 (first) or more"),
    QuantityKind("share", "a share", "percent or dimensionless", ("dimensionless",), minimum=0,
                 minimum_included=True, maximum=100, scale="percent",
                 allowed="from 0 to 100 percent (0 to 1 as dimensionless)"),
    QuantityKind("growth_rate", "a growth rate", "percent", ("dimensionless",), minimum=-100, scale="percent",
                 allowed="greater than -100 percent (a fall of 100% leaves nothing)"),
    QuantityKind("ratio", "a ratio of two like quantities", "dimensionless or gce/kWh", ("dimensionless",),
                 minimum=0, allowed="greater than 0"),
    QuantityKind("money", "an amount of money", "CNY or USD", ("CNY", "USD"), minimum=0, minimum_included=True,
                 allowed="0 or more"),
    QuantityKind("exchange_rate", "an exchange rate", "CNY/USD", ("CNY/USD", "USD/CNY"), minimum=0,
                 allowed="greater than 0"),
    QuantityKind("energy_per_mass", "an energy per mass", "kWh/t or GJ/t", ("J/kg",), minimum=0,
                 allowed="greater than 0"),
    QuantityKind("mass_per_energy", "a mass per energy", "t/tce or g/kWh", ("kg/J",), minimum=0,
                 allowed="greater than 0"),
    QuantityKind("volume_per_mass", "a volume per mass", "oil_bbl/t", ("m**3/kg",), minimum=0,
                 allowed="greater than 0"),
)}

# What a unit measures, in words, for messages ("'GWh' is an energy"); first match wins.
_DIMENSION_WORDS = (
    ("W", "a power"), ("J", "an energy"), ("kg", "a mass"), ("s", "a time"),
    ("dimensionless", "a pure number (dimensionless)"), ("CNY", "an amount in yuan"),
    ("USD", "an amount in US dollars"), ("CNY/USD", "an exchange rate"), ("USD/CNY", "an exchange rate"),
    ("J/kg", "an energy per mass"), ("kg/J", "a mass per energy"), ("m**3/kg", "a volume per mass"),
    ("m", "a length"), ("m**2", "an area"), ("m**3", "a volume"), ("m/s", "a speed"), ("kg/s", "a mass per time"),
    ("J/m**3", "an energy per volume"), ("kg/m**3", "a density"), ("K", "a temperature"),
)


def unit_in_words(unit: str) -> str:
    """What ``unit`` measures, in plain words: ``'an energy'`` for ``'GWh'``."""
    dimensionality = parse_unit(unit).dimensionality
    for example, words in _DIMENSION_WORDS:
        if parse_unit(example).dimensionality == dimensionality:
            return words
    return "a unit of none of the dimensions the kinds take"


def _kind_problem(kind: QuantityKind, unit: str, values: dict[str, str]) -> tuple[str, str] | None:
    """The column and the reason if a row of ``kind`` with ``unit`` and ``values`` (column -> text) is not allowed."""
    if kind.name == "date" or unit == "date":
        if kind.name != "date":
            return "kind", (f"{kind.name!r} does not fit the row's unit 'date': a row whose unit is 'date' takes kind "
                            "'date'")
        if unit != "date":
            return "unit", (f"{unit!r} is {unit_in_words(unit)}; kind 'date' takes {kind.examples}")
        for column in ("low", "high"):
            if values.get(column, "").strip():
                return column, f"{values[column]!r} is not allowed: a date row (kind 'date') takes no {column}"
        return None
    if parse_unit(unit).dimensionality not in kind.dimensionalities():
        hint = ""
        if "knot" in f"{parse_unit(unit):D}":
            hint = " (pint reads 'kt' as the knot; a thousand tonnes is 'kilometric_ton')"
        return "unit", (f"{unit!r} is {unit_in_words(unit)}{hint}; kind {kind.name!r} takes {kind.noun} "
                        f"such as {kind.examples}")
    for column, text in values.items():
        if not text.strip():
            continue
        value = float(text)
        shown = f"{text} {unit}"
        if kind.scale:
            value = Q_(value, unit).to(kind.scale).magnitude
            if parse_unit(unit) != parse_unit(kind.scale):
                shown += f" (= {value:g} {kind.scale})"
        if not kind.admits(value):
            return column, f"{shown} is not allowed for kind {kind.name!r} ({kind.noun}): it must be {kind.allowed}"
    return None


@dataclass(frozen=True)
class Column:
    """A column of a data file and what its cells may hold.

    ``kind`` is the check: ``id``, ``text``, ``optional_text``, ``value`` (a number, or a
    date where the row's unit is ``date``), ``number``, ``optional_number``, ``unit`` (pint
    unit or ``date``), ``pint_unit`` (pint unit), ``int``, ``optional_year``, ``choice``
    (one of ``choices``), ``quantity_kind`` (a name of ``QUANTITY_KINDS``, checked against
    the row's unit and numbers), ``slug``, ``notebook`` (a notebook name, one of ``choices``),
    ``pattern`` / ``optional_pattern`` (matching ``pattern``, described by ``allowed``).
    """
    name: str
    kind: str
    choices: tuple[str, ...] = ()
    pattern: str = ""
    allowed: str = ""


ARTICLE_SCHEMA = (
    Column("id", "id"),
    Column("subject", "text"),
    Column("quantity", "text"),
    Column("value_as_printed", "text"),
    Column("unit_as_printed", "optional_text"),
    Column("value", "value"),
    Column("unit", "unit"),
    Column("kind", "quantity_kind", tuple(QUANTITY_KINDS)),
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
    Column("kind", "quantity_kind", tuple(QUANTITY_KINDS)),
    Column("low", "optional_number"),
    Column("high", "optional_number"),
    Column("year", "optional_year"),
    Column("status", "choice", tuple(STATUSES)),
    Column("source_title", "text"),
    Column("source_address", "optional_text"),
    Column("relation", "optional_pattern", pattern=r"independent|same source|design / expectation",
           allowed="'independent', 'same source', 'design / expectation', nor empty"),
    Column("scope", "optional_pattern", pattern=r"[A-Z][A-Za-z]{1,11}",
           allowed="an agency's short name (IEA, IRENA, CAAM), nor empty"),
    Column("quote", "optional_text"),
    Column("checked", "optional_pattern", pattern=r"\d{4}-\d{2}-\d{2}", allowed="a date written YYYY-MM-DD, nor empty"),
    Column("note", "optional_text"),
)

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DIGITS = re.compile(r"^[0-9]+$")  # ASCII only: '²'.isdigit() is True


def parse_date(text: str) -> date:
    """Parse ``YYYY-MM`` (taken as the first of the month) or ``YYYY-MM-DD``."""
    if not isinstance(text, str) or not _DATE.match(text) or not text.isascii():
        raise ValueError(f"{text!r} is not a date written YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in text.split("-")]
    return date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)


_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")


def _number(text: str) -> float:
    if not text.isascii() or not _DECIMAL.fullmatch(text):
        raise ValueError("not a number written with the digits 0-9 (such as 350, 2.5, -0.3 or 1.06e12)")
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    return value


_REQUIRED = ("id", "text", "unit", "pint_unit", "value", "number", "int", "choice", "quantity_kind", "slug",
             "notebook", "pattern")


def _check_cell(column: Column, text: str, unit_text: str | None) -> None:
    """Raise ValueError with a reason if ``text`` is not allowed in ``column``."""
    if column.kind in _REQUIRED and not text.strip():
        raise ValueError("is empty; the column needs a value")
    if column.kind == "id" and not _ID.match(text):
        raise ValueError("is not an id: lower-case letters, digits and underscores, starting with a letter")
    if column.kind in ("unit", "pint_unit") and not (column.kind == "unit" and text == "date"):
        try:
            parse_unit(text)
        except ValueError:
            also = " (nor 'date')" if column.kind == "unit" else " (such as 'GWh', 'MW', 'percent' or 'dimensionless')"
            raise ValueError(f"is not a unit pint knows{also}") from None
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
                raise ValueError("is not a number (a finite number such as 350 or 1.5e6; rows whose unit is 'date' "
                                 "take YYYY-MM)") from None
    if column.kind == "number" or (column.kind == "optional_number" and text.strip()):
        try:
            _number(text)
        except ValueError:
            raise ValueError("is not a number (a finite number such as 350 or 1.5e6)") from None
    if column.kind == "int" and not _DIGITS.match(text):
        raise ValueError("is not a whole number written with the digits 0-9")
    if column.kind == "optional_year" and text.strip() and not re.fullmatch(r"[0-9]{4}", text):
        raise ValueError("is not a year written with four digits 0-9 (e.g. 2023), nor empty")
    if column.kind == "slug" and not _SLUG.match(text):
        raise ValueError("is not a slug: lower-case letters and digits in words joined by single hyphens "
                         "(e.g. 'capacity-factor')")
    if column.kind == "notebook" and text not in column.choices:
        raise ValueError(f"is not a notebook of notebooks/: write its name without .ipynb, one of "
                         f"{', '.join(repr(c) for c in column.choices)}")
    if column.kind in ("pattern", "optional_pattern") and text.strip() and not re.fullmatch(column.pattern, text):
        raise ValueError(f"is not {column.allowed}")
    if column.kind in ("choice", "quantity_kind") and text not in column.choices:
        raise ValueError(f"is not one of {', '.join(repr(c) for c in column.choices)}")


def _decoded(path: Path, data: bytes) -> str:
    """``data`` as text: UTF-8, with or without the byte-order mark spreadsheet programs write.

    Raises ``DataError`` naming the row (and column, where the header could be read) of the
    first byte that is not UTF-8.
    """
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[bom:bom + exc.start].decode("utf-8")
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
            raise DataError(f"{path}, row {number}, column {column}: the cell holds {len(row[i]):,} characters; a "
                            f"cell may hold at most {limit:,}") from None
        raise DataError(f"{path}, row {number}: not a readable CSV row ({exc})") from None
    return rows


def read_checked_csv(path: str | Path, schema: tuple[Column, ...], has_units: bool | None = None,
                     key: str | None = "id", unique: tuple[str, ...] | None = None) -> pd.DataFrame:
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
        raise DataError(f"{path}: the file is empty; expected a header row with the columns {', '.join(names)}")
    header, body = rows[0], rows[1:]
    missing = [n for n in names if n not in header]
    if missing:
        raise DataError(f"{path}, row 1: missing column(s) {', '.join(missing)}; expected columns {', '.join(names)}")
    extra = [h for h in header if h not in names]
    if extra:
        raise DataError(f"{path}, row 1: unknown column(s) {', '.join(extra)}; expected columns {', '.join(names)}")
    repeated = sorted({h for h in header if header.count(h) > 1})
    if repeated:
        raise DataError(f"{path}, row 1: column(s) {', '.join(repeated)} appear more than once; "
                        f"expected each of {', '.join(names)} once")
    if not body:
        raise DataError(f"{path}: has a header but no rows; expected at least one row under the header")
    has_units = any(c.kind == "value" for c in schema) if has_units is None else has_units
    unique = (key,) if unique is None and key else (unique or ())
    position = {name: header.index(name) for name in names}
    seen: dict[str, dict[str, int]] = {name: {} for name in unique}
    records: list[dict[str, Any]] = []
    for number, row in enumerate(body, start=2):
        if len(row) != len(header):
            raise DataError(f"{path}, row {number}: has {len(row)} cells, the header has {len(header)}; "
                            "every row needs one cell per column")
        record: dict[str, Any] = {name: row[position[name]] for name in names}
        for column in schema:
            cell = record[column.name]
            try:
                _check_cell(column, cell, record.get("unit"))
            except ValueError as exc:
                raise DataError(f"{path}, row {number}, column {column.name}: {cell!r} {exc}") from None
        for column in schema:
            if column.kind == "quantity_kind":
                values: dict[str, str] = {name: record[name] for name in ("value", "low", "high") if name in record}
                problem = _kind_problem(QUANTITY_KINDS[record[column.name]], record["unit"], values)
                if problem:
                    raise DataError(f"{path}, row {number}, column {problem[0]}: {problem[1]}")
        for name in unique:
            if record[name] in seen[name]:
                raise DataError(f"{path}, row {number}, column {name}: {record[name]!r} is a duplicate of row "
                                f"{seen[name][record[name]]}; each {name} must be unique")
            seen[name][record[name]] = number
        records.append(record)
    for record in records:
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
    frame = pd.DataFrame.from_records(records, columns=[*names, "date"] if has_units else names)
    return frame.set_index(key) if key else frame


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
                    raise DataError(f"{path}, row {row_number}, column {column}: assumption {key!r} needs a low and a "
                                    "high (the ends of its plausible range); the cell is empty")
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
    schema = tuple(Column(c.name, c.kind, notebook_names(notebooks)) if c.kind == "notebook" else c
                   for c in GLOSSARY_SCHEMA)
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
