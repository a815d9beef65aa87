"""Resolving the audit's references (``article:ID``, ``reference:ID``, ``derived:ID``, and ``A / B``,
``A * B`` of two) to intervals and nominal values, and writing a reference row's source and value for a
reader: each source credited with what it states, a qualifier ("nearly", "about") kept as the source gives
it, a value the project computes called a calculation.

A note in ``claims.csv`` names rows instead of typing numbers; ``Sources.render_note`` writes them out:

- ``{reference:ID}``: the row's value as the source states it, with its source;
- ``{words:ID}``: the row's quote, verbatim, with its source; ``{source:ID}``: the source's title only;
- ``{derived:ID}``: a derived table's value, called the project's calculation;
- ``{against:ID}``: a reference row's value and where it lies against the claim's printed interval;
- ``{compare:REF REF}``: two values and which is larger, computed;
- ``{elapsed:REF REF}``: the time from one date row to a later one, in whole years ("more than 16 years"),
  computed from both dates' spans and called a calculation;
- ``{calculation:REF op REF [op REF]}``: a chain of ``*`` and ``/`` on the rows' values, computed and
  called a calculation, with its inputs.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

import pandas as pd

from energycoop.analysis.intervals import (
    _INF,
    CALCULATION_SIG,
    SOURCE_SIG,
    Interval,
    relate,
    show_interval,
    show_number,
)
from energycoop.analysis.placeholders import EXPRESSION, PLACEHOLDER, REF
from energycoop.analysis.source_titles import without_titles  # noqa: F401 (notebook 10 imports it from here)
from energycoop.data.loaders import LOWER_BOUND_QUALIFIERS, QUANTITY_KINDS, rounding_interval
from energycoop.quantities.rounding import ratio_bounds
from energycoop.quantities.units import Q_

# Words a source puts before a number that make it no longer a plain value ("nearly 510", "over 50 percent").
QUALIFIER_WORDS = (
    "nearly",
    "almost",
    "about",
    "around",
    "roughly",
    "approximately",
    "more than",
    "over",
    "up to",
    "at least",
    "just under",
    "close to",
    "less than",
)
_QUALIFIED_NUMBER = re.compile(
    rf"\b({'|'.join(QUALIFIER_WORDS)})\s+(?:US\$|\$)?(\d(?:[\d,. ]*\d)?)", re.IGNORECASE
)


def _significant_digits(text: str) -> str:
    digits = re.sub(r"[^0-9]", "", text).lstrip("0").rstrip("0")
    return digits or "0"


def stated_qualifier(quote: str, value: float) -> str:
    """The qualifier the source's own words put before ``value`` ('nearly' in 'nearly 60% of ...'), or ''.
    The number is found in ``quote`` by its significant digits (510 matches '510', 1203000 '1,203,000')."""
    wanted = _significant_digits(f"{value:.10g}".split("e")[0])
    for match in _QUALIFIED_NUMBER.finditer(quote or ""):
        if _significant_digits(match.group(2)) == wanted:
            return match.group(1).lower()
    return ""


def _date_interval(text: str) -> Interval:
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 2:
        first = date(parts[0], parts[1], 1)
        last = date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    else:
        first = last = date(*parts)
    return Interval(first.toordinal(), last.toordinal(), "date")


def _arith(a: Interval, op: str, b: Interval) -> Interval:
    """``a op b`` for intervals of positive numbers (``op`` is ``*`` or ``/``), open ends carried."""
    if min(a.low, b.low) < 0 or (op == "/" and b.low <= 0):
        raise ValueError("interval arithmetic here takes positive intervals (and a divisor above 0)")
    unit = str((Q_(1.0, a.unit) * Q_(1.0, b.unit) if op == "*" else Q_(1.0, a.unit) / Q_(1.0, b.unit)).units)
    if op == "*":
        low, high = a.low * b.low, a.high * b.high
        low_open, high_open = a.low_open or b.low_open, a.high_open or b.high_open
    else:
        low, high = ratio_bounds((a.low, a.high), (b.low, b.high))  # b.low > 0: x / inf is 0, inf / x is inf
        low_open, high_open = a.low_open or b.high_open, a.high_open or b.low_open
    result = Interval(low, high, unit or "dimensionless", low_open, high_open)
    for preferred in (b.unit if op == "*" else None, a.unit if op == "*" else None, *_PREFERRED):
        if (
            preferred
            and Q_(1.0, preferred).dimensionality == Q_(1.0, result.unit).dimensionality
            and preferred not in ("dimensionless", "percent", "count")
        ):
            return result.to(preferred)
    return result


_PREFERRED = ("gce/kWh", "CNY/USD", "dimensionless")


class Sources:
    """Resolves ``article:ID``, ``reference:ID`` and ``derived:ID`` references (and ``A / B``,
    ``A * B`` of two) to intervals, nominal quantities, and the reference rows behind them."""

    def __init__(self, article: pd.DataFrame, reference: pd.DataFrame, derived: pd.DataFrame):
        self.tables = {"article": article, "reference": reference, "derived": derived}

    def _row(self, ref: str):
        kind, _, key = ref.partition(":")
        if kind not in self.tables or not key:
            raise ValueError(f"reference {ref!r} must be article:ID, reference:ID or derived:ID")
        if key not in self.tables[kind].index:
            raise KeyError(f"{ref!r}: no id {key!r} in the {kind} table")
        return kind, self.tables[kind].loc[key]

    def interval(self, ref: str, rounding: bool = True) -> Interval:
        """The interval ``ref`` stands for: an article figure's bound or printed rounding (or its
        value, with ``rounding`` False), a reference row's value, a derived value (a bound where
        its ``bound`` column says so), a date row's day or month."""
        kind, row = self._row(ref)
        if row["unit"] == "date":
            return _date_interval(row["date"])
        value, unit = float(row["value"]), row["unit"]
        if kind == "article":
            if row["qualifier"] in LOWER_BOUND_QUALIFIERS:
                limit = QUANTITY_KINDS[row["kind"]]
                high = _INF
                if limit.maximum is not None and limit.scale:
                    high = Q_(limit.maximum, limit.scale).to(unit).magnitude
                return Interval(value, high, unit, low_open=True)
            if rounding:
                printed = str(row["value_as_printed"]).replace(",", "")
                try:
                    low, high = rounding_interval(printed)
                except ValueError:  # a word ('four', 'first'): exact
                    return Interval.point(value, unit)
                scale = value / float(printed)
                return Interval(low * scale, high * scale, unit)
            return Interval.point(value, unit)
        if kind == "derived":
            if row["bound"] == "lower":
                return Interval(value, _INF, unit)
            if row["bound"] == "upper":
                return Interval(-_INF, value, unit)
        return Interval.point(value, unit)

    def nominal(self, ref: str) -> float:
        _, row = self._row(ref)
        return float(row["value"])

    def expression(self, text: str, rounding: bool = True) -> tuple[Interval, float | None]:
        """The interval and nominal value of ``REF`` or ``REF / REF`` or ``REF * REF``."""
        match = EXPRESSION.match(text)
        if not match:
            raise ValueError(f"{text!r} is not a reference, nor two joined by ' / ' or ' * '")
        first, op, second = match.groups()
        a = self.interval(first, rounding)
        if not op:
            nominal = None if a.unit == "date" else self.nominal(first)
            return a, nominal
        b = self.interval(second, rounding)
        result = _arith(a, op, b)
        n1, n2 = self.nominal(first), self.nominal(second)
        nominal = n1 * n2 if op == "*" else n1 / n2
        return result, nominal

    def references(self, text: str) -> list[str]:
        """The reference.csv ids behind the refs in ``text`` (derived values followed to their inputs)."""
        found: list[str] = []

        def visit(key: str, kind: str, depth: int = 0):
            if kind == "reference" and key in self.tables["reference"].index:
                if key not in found:
                    found.append(key)
            elif kind == "derived" and key in self.tables["derived"].index and depth < 10:
                for item in str(self.tables["derived"].loc[key, "inputs"]).split():
                    for table in ("reference", "derived"):
                        if item in self.tables[table].index:
                            visit(item, table, depth + 1)

        for ref in re.findall(REF, text):
            kind, _, key = ref.partition(":")
            visit(key, kind)
        return found

    def source_text(self, key: str) -> str:
        """A reference row's source for a reader: its title, address and the date its quote was checked."""
        row = self.tables["reference"].loc[key]
        address = row["source_address"] or "no address recorded"
        checked = f"checked {row['checked']}" if row.get("checked", "") else "date checked not recorded"
        return f"{row['source_title']} ({address}), {checked}"

    def value_text(self, ref: str) -> str:
        """The value a reference or derived row states, for a reader: a source's value as it states it, its
        qualifier kept ('nearly 60%', from the quote's own words), a computed value to ``CALCULATION_SIG``
        figures, a printed figure in the article's words."""
        kind, row = self._row(ref)
        if row["unit"] == "date":
            return show_interval(_date_interval(row["date"]))
        if kind == "article":
            return f"\u201c{row['value_as_printed']} {row['unit_as_printed']}\u201d".replace(
                " \u201d", "\u201d"
            )
        sig = CALCULATION_SIG if kind == "derived" else SOURCE_SIG
        number = show_number(Q_(float(row["value"]), row["unit"]), sig)
        qualifier = stated_qualifier(row["quote"], float(row["value"])) if kind == "reference" else ""
        return f"{qualifier} {number}" if qualifier else number

    def title(self, key: str) -> str:
        """A reference row's source title."""
        return self.tables["reference"].loc[key, "source_title"]

    def credit(self, key: str) -> str:
        """'<source title> gives <value>': a reference row's source credited with the value it states."""
        row = self.tables["reference"].loc[key]
        return f"{row['source_title']} gives {self.value_text('reference:' + key)}"

    def words(self, key: str) -> str:
        """A reference row's quote, verbatim, with its English where the note gives one."""
        row = self.tables["reference"].loc[key]
        english = ""
        if str(row["note"]).startswith("in English: "):
            english = " (in English, " + row["note"][len("in English: ") :].split("; ")[0] + ")"
        return f"\u201c{row['quote']}\u201d{english}" if row["quote"] else ""

    def calculation_inputs(self, text: str) -> list[str]:
        """The inputs of the calculation ``text`` names (an expression, or a derived row), for a reader:
        printed figures as printed, reference rows credited to their sources."""
        groups: dict[
            str, list[str]
        ] = {}  # who states them (a source's title, or the article) -> their values

        def visit(kind: str, key: str, depth: int = 0):
            if kind == "derived" and depth < 10:
                for item in str(self.tables["derived"].loc[key, "inputs"]).split():
                    for table in ("reference", "article", "derived"):
                        if item in self.tables[table].index:
                            visit(table, item, depth + 1)
                            break
                return
            who = "the printed" if kind == "article" else self.tables["reference"].loc[key, "source_title"]
            value = self.value_text(f"{kind}:{key}")
            values = groups.setdefault(who, [])
            if value not in values:
                values.append(value)

        for ref in re.findall(REF, text):
            kind, _, key = ref.partition(":")
            visit(kind, key)
        return [
            f"the printed {_joined(values)}" if who == "the printed" else f"{_joined(values)} from {who}"
            for who, values in groups.items()
        ]

    def _stated(self, ref: str) -> str:
        """A value with who states it: a reference row's source, 'the project's calculation', or the article."""
        kind, _, key = ref.partition(":")
        who = {
            "reference": lambda: self.title(key),
            "derived": lambda: "the project's calculation",
            "article": lambda: "the article",
        }[kind]()
        return f"{self.value_text(ref)} ({who})"

    def _quantity(self, ref: str):
        _, row = self._row(ref)
        return Q_(float(row["value"]), "dimensionless" if row["unit"] == "count" else row["unit"])

    def compare(self, first: str, second: str) -> str:
        """'A (its source), more than B (its source)': two values and how they stand, computed."""
        a, b = self._quantity(first), self._quantity(second).to(self._quantity(first).units)
        word = (
            "more than"
            if a.magnitude > b.magnitude
            else "less than"
            if a.magnitude < b.magnitude
            else "equal to"
        )
        return f"{self._stated(first)}, {word} {self._stated(second)}"

    def elapsed(self, first: str, second: str) -> str:
        """The time from the date row ``first`` to the later date row ``second``, for a reader: whole years when
        both dates' spans (a month is its first to its last day) give the same ('more than 16 years'), else the
        range in years, called the project's calculation, with the two dates and who states them."""
        start, end = self.interval(first), self.interval(second)
        if start.unit != "date" or end.unit != "date":
            raise ValueError(f"{{elapsed:{first} {second}}} takes two date rows")
        shortest, longest = (end.low - start.high) / 365.25, (end.high - start.low) / 365.25
        if shortest < 0:
            raise ValueError(f"{{elapsed:{first} {second}}}: {first} is not before {second}")
        whole = int(shortest)
        years = (
            f"more than {whole} years"
            if int(longest) == whole and whole >= 1
            else f"{show_number(Q_(shortest, 'year'), 2)} to {show_number(Q_(longest, 'year'), 2)}"
        )
        return f"{years} (the project's calculation, from {self._stated(first)} to {self._stated(second)})"

    def against(self, key: str, claimed: Interval | None) -> str:
        """A reference row's value, its source, and where it lies against the claim's printed interval."""
        if claimed is None:
            raise ValueError(f"{{against:{key}}} needs a claim with a printed interval")
        value = self.interval("reference:" + key).to(claimed.unit)
        how = relate(claimed, value)
        if how == "disjoint":
            where = (
                "below"
                if value.high < claimed.low or (value.high == claimed.low and claimed.low_open)
                else "above"
            )
        else:
            where = "inside"
        return f"{self._stated('reference:' + key)}, {where} the {show_interval(claimed)} the printed figure allows"

    def _figures(self, ref: str) -> int:
        """The significant figures of a row's value as written (5.5 has 2; an integer's trailing zeros count,
        since 250000 does not say it is rounded; a count is exact)."""
        _, row = self._row(ref)
        if row["unit"] == "count":
            return CALCULATION_SIG
        text = f"{float(row['value']):.10g}".split("e")[0].lstrip("-")
        digits = text.replace(".", "").lstrip("0")
        return max(1, len(digits)) if "." in text else max(1, len(text.lstrip("0")))

    def calculation(self, text: str) -> str:
        """A chain of ``*`` and ``/`` on the nominal values of two or three rows, computed left to right and
        shown to ``CALCULATION_SIG`` figures (a ratio of like quantities as a percentage), called the project's
        calculation, with who states its inputs."""
        tokens = text.split(" ")
        result = self._quantity(tokens[0])
        shown = [self.value_text(tokens[0])]
        for op, ref in zip(tokens[1::2], tokens[2::2], strict=False):
            result = result * self._quantity(ref) if op == "*" else result / self._quantity(ref)
            shown += ["\u00d7" if op == "*" else "/", self.value_text(ref)]
        # a product or quotient carries no more figures than its least precise measured input (a count is
        # exact), and at least two
        sig = max(2, min([CALCULATION_SIG] + [self._figures(ref) for ref in tokens[::2]]))
        if result.dimensionless:
            result = result.to("percent")
        elif result.dimensionality == Q_(1.0, "g/kWh").dimensionality:
            result = result.to("g/kWh")  # a mass per unit of electricity, in the unit readers know
        who = []
        for ref in tokens[::2]:
            kind, _, key = ref.partition(":")
            name = (
                self.title(key)
                if kind == "reference"
                else "the article"
                if kind == "article"
                else "the project's derived tables"
            )
            if name not in who:
                who.append(name)
        return (
            f"{show_number(result, sig)} (the project's calculation, {' '.join(shown)}, from {_joined(who)})"
        )

    def render_note(self, note: str, claimed: Interval | None = None) -> str:
        """``note`` with each placeholder written out (see the module's docstring): a reference row's value
        with its source, its own words, a derived value or a calculation called the project's, a computed
        comparison. ``claimed`` is the claim's printed interval, for ``{against:ID}``."""

        def one(match):
            kind, body = match.group(1), match.group(2)
            if kind == "words":
                return f"{self.words(body)} ({self.title(body)})"
            if kind == "source":
                return self.title(body)
            if kind == "reference":
                return self._stated("reference:" + body)
            if kind == "derived":
                return self._stated("derived:" + body)
            if kind == "against":
                return self.against(body, claimed)
            if kind == "compare":
                return self.compare(*body.split(" "))
            if kind == "elapsed":
                return self.elapsed(*body.split(" "))
            return self.calculation(body)

        return PLACEHOLDER.sub(one, note)


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
