"""The schema of the collection's data files: the columns of each CSV, what each cell may hold, the
quantity kinds a unit must fit, and the error a bad file raises (``DataError``). ``loaders`` reads
the files against it."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

from energycoop.quantities.units import Q_, parse_unit

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
    "from address": "read from the source's address (a date in its path), the page itself not re-found, so not "
    "re-checked",
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
        if self.minimum is not None and not (
            value > self.minimum or (value == self.minimum and self.minimum_included)
        ):
            return False
        if self.maximum is not None and not (
            value < self.maximum or (value == self.maximum and self.maximum_included)
        ):
            return False
        return not self.whole or abs(value - round(value)) <= 1e-9 * max(1.0, abs(value))


QUANTITY_KINDS = {
    k.name: k
    for k in (
        QuantityKind("power", "a power", "W, kW, MW or GW", ("W",), minimum=0, allowed="greater than 0"),
        QuantityKind(
            "energy",
            "an energy",
            "kWh, GWh, TWh, GJ, PJ, tce or toe",
            ("J",),
            minimum=0,
            allowed="greater than 0",
        ),
        QuantityKind("mass", "a mass", "t or Mt", ("kg",), minimum=0, allowed="greater than 0"),
        QuantityKind("duration", "a time", "h or year", ("s",), minimum=0, allowed="greater than 0"),
        QuantityKind(
            "date", "a calendar date", "the unit 'date' (the value written YYYY-MM or YYYY-MM-DD)", ()
        ),
        QuantityKind(
            "count",
            "a count",
            "count or million",
            ("dimensionless",),
            minimum=0,
            minimum_included=True,
            scale="count",
            whole=True,
            allowed="a whole number of things, 0 or more",
        ),
        QuantityKind(
            "rank",
            "a rank",
            "count",
            ("dimensionless",),
            minimum=1,
            minimum_included=True,
            scale="count",
            whole=True,
            allowed="a whole number, 1 (first) or more",
        ),
        QuantityKind(
            "share",
            "a share",
            "percent or dimensionless",
            ("dimensionless",),
            minimum=0,
            minimum_included=True,
            maximum=100,
            scale="percent",
            allowed="from 0 to 100 percent (0 to 1 as dimensionless)",
        ),
        QuantityKind(
            "growth_rate",
            "a growth rate",
            "percent",
            ("dimensionless",),
            minimum=-100,
            scale="percent",
            allowed="greater than -100 percent (a fall of 100% leaves nothing)",
        ),
        QuantityKind(
            "ratio",
            "a ratio of two like quantities",
            "dimensionless or gce/kWh",
            ("dimensionless",),
            minimum=0,
            allowed="greater than 0",
        ),
        QuantityKind(
            "money",
            "an amount of money",
            "CNY or USD",
            ("CNY", "USD"),
            minimum=0,
            minimum_included=True,
            allowed="0 or more",
        ),
        QuantityKind(
            "exchange_rate",
            "an exchange rate",
            "CNY/USD",
            ("CNY/USD", "USD/CNY"),
            minimum=0,
            allowed="greater than 0",
        ),
        QuantityKind(
            "energy_per_mass",
            "an energy per mass",
            "kWh/t or GJ/t",
            ("J/kg",),
            minimum=0,
            allowed="greater than 0",
        ),
        QuantityKind(
            "mass_per_energy",
            "a mass per energy",
            "t/tce or g/kWh",
            ("kg/J",),
            minimum=0,
            allowed="greater than 0",
        ),
        QuantityKind(
            "volume_per_mass",
            "a volume per mass",
            "oil_bbl/t",
            ("m**3/kg",),
            minimum=0,
            allowed="greater than 0",
        ),
    )
}

# What a unit measures, in words, for messages ("'GWh' is an energy"); first match wins.
_DIMENSION_WORDS = (
    ("W", "a power"),
    ("J", "an energy"),
    ("kg", "a mass"),
    ("s", "a time"),
    ("dimensionless", "a pure number (dimensionless)"),
    ("CNY", "an amount in yuan"),
    ("USD", "an amount in US dollars"),
    ("CNY/USD", "an exchange rate"),
    ("USD/CNY", "an exchange rate"),
    ("J/kg", "an energy per mass"),
    ("kg/J", "a mass per energy"),
    ("m**3/kg", "a volume per mass"),
    ("m", "a length"),
    ("m**2", "an area"),
    ("m**3", "a volume"),
    ("m/s", "a speed"),
    ("kg/s", "a mass per time"),
    ("J/m**3", "an energy per volume"),
    ("kg/m**3", "a density"),
    ("K", "a temperature"),
)


def unit_in_words(unit: str) -> str:
    """What ``unit`` measures, in plain words: ``'an energy'`` for ``'GWh'``."""
    dimensionality = parse_unit(unit).dimensionality
    for example, words in _DIMENSION_WORDS:
        if parse_unit(example).dimensionality == dimensionality:
            return words
    return "a unit of none of the dimensions the kinds take"


def kind_problem(kind: QuantityKind, unit: str, values: dict[str, str]) -> tuple[str, str] | None:
    """The column and the reason if a row of ``kind`` with ``unit`` and ``values`` (column -> text) is not allowed."""
    if kind.name == "date" or unit == "date":
        if kind.name != "date":
            return "kind", (
                f"{kind.name!r} does not fit the row's unit 'date': a row whose unit is 'date' takes kind "
                "'date'"
            )
        if unit != "date":
            return "unit", (f"{unit!r} is {unit_in_words(unit)}; kind 'date' takes {kind.examples}")
        for column in ("low", "high"):
            if values.get(column, "").strip():
                return (
                    column,
                    f"{values[column]!r} is not allowed: a date row (kind 'date') takes no {column}",
                )
        return None
    if parse_unit(unit).dimensionality not in kind.dimensionalities():
        hint = ""
        if "knot" in f"{parse_unit(unit):D}":
            hint = " (pint reads 'kt' as the knot; a thousand tonnes is 'kilometric_ton')"
        return "unit", (
            f"{unit!r} is {unit_in_words(unit)}{hint}; kind {kind.name!r} takes {kind.noun} "
            f"such as {kind.examples}"
        )
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
            return (
                column,
                f"{shown} is not allowed for kind {kind.name!r} ({kind.noun}): it must be {kind.allowed}",
            )
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
    Column(
        "relation",
        "optional_pattern",
        pattern=r"independent|same source|design / expectation",
        allowed="'independent', 'same source', 'design / expectation', nor empty",
    ),
    Column(
        "scope",
        "optional_pattern",
        pattern=r"[A-Z][A-Za-z]{1,11}",
        allowed="an agency's short name (IEA, IRENA, CAAM), nor empty",
    ),
    Column("quote", "optional_text"),
    Column(
        "checked",
        "optional_pattern",
        pattern=r"\d{4}-\d{2}-\d{2}",
        allowed="a date written YYYY-MM-DD, nor empty",
    ),
    Column("weak_source", "optional_text"),
    Column("note", "optional_text"),
)

ID = re.compile(r"[a-z][a-z0-9_]*")  # an id: used with fullmatch (a "$" would let a final newline through)
_DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?")
_SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_DIGITS = re.compile(r"[0-9]+")  # ASCII only: '²'.isdigit() is True


def parse_date(text: str) -> date:
    """Parse ``YYYY-MM`` (taken as the first of the month) or ``YYYY-MM-DD``."""
    if not isinstance(text, str) or not _DATE.fullmatch(text) or not text.isascii():
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


REQUIRED = (  # the kinds of column whose cells may not be empty
    "id",
    "text",
    "unit",
    "pint_unit",
    "value",
    "number",
    "int",
    "choice",
    "quantity_kind",
    "slug",
    "notebook",
    "pattern",
)


_SHAPES = {  # kind: the whole cell must match, and the reason it does not
    "id": (ID, "is not an id: lower-case letters, digits and underscores, starting with a letter"),
    "int": (_DIGITS, "is not a whole number written with the digits 0-9"),
    "optional_year": (
        re.compile(r"[0-9]{4}"),
        "is not a year written with four digits 0-9 (e.g. 2023), nor empty",
    ),
    "slug": (
        _SLUG,
        (
            "is not a slug: lower-case letters and digits in words joined by single hyphens "
            "(e.g. 'capacity-factor')"
        ),
    ),
}


def check_cell(column: Column, text: str, unit_text: str | None) -> None:
    """Raise ValueError with a reason if ``text`` is not allowed in ``column``."""
    if not text.strip():
        if column.kind in REQUIRED:
            raise ValueError("is empty; the column needs a value")
        return  # an optional column left empty
    shape = _SHAPES.get(column.kind)
    if shape and not shape[0].fullmatch(text):
        raise ValueError(shape[1])
    if column.kind in ("unit", "pint_unit") and not (column.kind == "unit" and text == "date"):
        try:
            parse_unit(text)
        except ValueError:
            also = (
                " (nor 'date')"
                if column.kind == "unit"
                else " (such as 'GWh', 'MW', 'percent' or 'dimensionless')"
            )
            raise ValueError(f"is not a unit pint knows{also}") from None
    if column.kind == "value":
        _check_value(text, unit_text)
    if column.kind in ("number", "optional_number"):
        try:
            _number(text)
        except ValueError:
            raise ValueError("is not a number (a finite number such as 350 or 1.5e6)") from None
    if column.kind in ("pattern", "optional_pattern") and not re.fullmatch(column.pattern, text):
        raise ValueError(f"is not {column.allowed}")
    if column.kind == "notebook" and text not in column.choices:
        raise ValueError(
            f"is not a notebook of notebooks/: write its name without .ipynb, one of "
            f"{', '.join(repr(c) for c in column.choices)}"
        )
    if column.kind in ("choice", "quantity_kind") and text not in column.choices:
        raise ValueError(f"is not one of {', '.join(repr(c) for c in column.choices)}")


def _check_value(text: str, unit_text: str | None) -> None:
    """A ``value`` cell: a date where the row's unit is ``date``, else a finite number."""
    if unit_text == "date":
        try:
            parse_date(text)
        except ValueError:
            raise ValueError(
                "is not a date written YYYY-MM or YYYY-MM-DD (the row's unit is 'date')"
            ) from None
    else:
        try:
            _number(text)
        except ValueError:
            raise ValueError(
                "is not a number (a finite number such as 350 or 1.5e6; rows whose unit is 'date' "
                "take YYYY-MM)"
            ) from None
