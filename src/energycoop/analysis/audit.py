"""The claims audit: every claim the article makes, each judged as an interval against evidence.

A printed figure stands for an interval: the values its precision and qualifier allow
("about 350" is 345 to 355; "1.2 million" is 1.15 to 1.25 million; "over half" is more
than 50% and at most 100%). Evidence is an interval too: one published figure, a range
of published figures, or a bound ("up to 79.8", "since July 2021"). ``relate`` says how
two intervals stand to each other, and ``judge`` turns that, the evidence's relation to
the claim (``RELATIONS``) and the claim's kind into one word of ``VERDICTS``, with a
reason built from the same numbers.

A derived claim (an implied exchange rate, an implied 2022 level) is evidence about the
printed figures it comes from, named in ``derived_from``: it is judged and shown, but
counted with its parents, never as a finding of its own (``findings``).

Rules the code enforces (each has a test in ``tests/test_audit.py``):

- only independent evidence confirms: ``judge`` refuses "confirmed", "confirmed within rounding" and
  "bound confirmed" for same-side or design evidence, which reaches at most "matches its source";
- only a figure a source states confirms: evidence that is the project's calculation (``calculated``, an
  ``A / B`` of two rows or a derived value) reaches at most "compatible", and ``judge`` refuses more;
- a source's relation is decided once, from what the source is (``reference.csv``'s ``relation``); a
  claim's relation is the weakest of the rows behind its evidence, and ``claims.csv`` may not say otherwise;
- a printed figure is read only as its qualifier gives it (a capacity is not "at least");
- values of different scopes (the IEA's count and IRENA's) are never compared in one row;
- one printed figure makes one finding, and no evidence row is listed twice;
- no number is typed into a note: notes name reference rows (``{reference:ID}``) and the audit writes
  their values and sources;
- a finding without evidence says what was searched and what would settle it.
"""

from __future__ import annotations

import calendar
import math
import re
from dataclasses import dataclass
from datetime import date

import pandas as pd
import pint

from energycoop.analysis.markup import markdown_link, markdown_text
from energycoop.data.loaders import (
    DATA_DIR,
    LOWER_BOUND_QUALIFIERS,
    QUANTITY_KINDS,
    Column,
    DataError,
    load_article,
    load_reference,
    read_checked_csv,
    rounding_interval,
)
from energycoop.quantities.units import Q_, readable, round_sig

# The verdict vocabulary, defined once: notebook 10 prints it as its legend, the glossary repeats it.
VERDICTS = {
    "confirmed": "an independent source gives the figure as printed, or states the fact",
    "confirmed within rounding": "an independent source's figure lies inside the interval the printed rounding "
                                 "allows, though not at the printed value",
    "bound confirmed": "the claim is a bound ('over', 'more than', 'exceeded'), and independent evidence lies "
                       "inside it",
    "compatible": "the evidence allows the figure without pinning it: it is itself a bound or a range "
                  "(an 'up to', a 'since') that the printed interval overlaps, or it is the project's calculation "
                  "from sources' figures, which no source states (a calculation never confirms)",
    "matches its source": "the only evidence is the figure's own side (the project's developer, builder, owner or "
                          "financier, the article's publisher or a relay of their material) or a plan or design "
                          "figure: it agrees, but that is not an independent confirmation",
    "other convention": "the figure is a conversion the article made at a rate it does not state; it falls outside "
                        "what the named convention gives, so the article used another convention (named in the "
                        "reason), not a wrong number",
    "inconsistent": "the printed interval and the evidence interval have no value in common, or the evidence "
                    "contradicts the stated fact",
    "not checkable": "a number or checkable fact that no source found settles; the reason says what was searched "
                     "and what would settle it",
    "not quantitative": "a judgement or description with no number or measurable property to check",
}

# How a piece of evidence relates to the claim it is set against.
RELATIONS = {
    "independent": "another organisation measured or reported it",
    "same source": "the project's own developer, builder, owner or financier, the article's publisher, or a relay "
                   "of their material",
    "design / expectation": "a plan or an expected figure, not an outcome",
}

# The verdicts only independent evidence may reach.
CONFIRMING = ("confirmed", "confirmed within rounding", "bound confirmed")

# How the evidence for a fact stands to it (claims.csv's ``stance``).
STANCES = {
    "supports": "the evidence states the fact",
    "allows": "the evidence fits the fact without settling it (a partial or looser statement)",
    "contradicts": "the evidence states something the fact cannot be true with",
}


def weakest_relation(relations) -> str:
    """The relation a claim's evidence has when it rests on rows of these ``relations``: independent only if
    every row is; otherwise 'same source' if any row is, else 'design / expectation'."""
    relations = {r for r in relations if r}
    if not relations or relations == {"independent"}:
        return "independent"
    return "same source" if "same source" in relations else "design / expectation"


# Display precision: a source's value is shown as it states it (up to SOURCE_SIG significant figures);
# a value the project computes is shown to CALCULATION_SIG, since it is never more precise than its
# least precise printed input (two or three figures). Rounding is for display only.
SOURCE_SIG = 5
CALCULATION_SIG = 3

# What a row of claims.csv is.
CLAIM_TYPES = {
    "number": "a number the article prints, judged as an interval",
    "fact": "a checkable fact without a number (a name, a place, a rank, an attribution)",
    "derived": "a number computed from printed figures: evidence about the claims in derived_from, not a finding",
    "not quantitative": "a judgement or description; listed with the reason it cannot be checked",
}

# How to read a number as an interval (a claim's claim_reading, a piece of evidence's evidence_reading).
READINGS = {
    "value": "the value with its rounding (the default)",
    "at least": "the value or more",
    "at most": "the value or less ('up to', 'since')",
    "over": "more than the value",
}

_INF = math.inf


@dataclass(frozen=True)
class Interval:
    """The values a figure allows, from ``low`` to ``high`` in ``unit`` (a pint unit string, or
    ``'date'`` for days counted by ``date.toordinal``); an open end excludes its bound, an
    infinite end is always open."""
    low: float
    high: float
    unit: str = "dimensionless"
    low_open: bool = False
    high_open: bool = False

    def __post_init__(self):
        if math.isnan(self.low) or math.isnan(self.high) or self.low > self.high:
            raise ValueError(f"an interval needs low <= high; got {self.low!r}, {self.high!r}")
        if self.low == -_INF:
            object.__setattr__(self, "low_open", True)
        if self.high == _INF:
            object.__setattr__(self, "high_open", True)
        if self.low == self.high and (self.low_open or self.high_open):
            raise ValueError(f"an interval from {self.low!r} to itself with an open end is empty")

    @classmethod
    def point(cls, value: float, unit: str = "dimensionless") -> Interval:
        return cls(value, value, unit)

    def contains(self, x: float) -> bool:
        above = x > self.low or (x == self.low and not self.low_open)
        below = x < self.high or (x == self.high and not self.high_open)
        return above and below

    @property
    def is_point(self) -> bool:
        return self.low == self.high

    def widened(self, tolerance: float) -> Interval:
        """The interval with each finite end moved out by ``tolerance`` of its size (0.01: 1%)."""
        low = self.low - tolerance * abs(self.low) if math.isfinite(self.low) else self.low
        high = self.high + tolerance * abs(self.high) if math.isfinite(self.high) else self.high
        return Interval(low, high, self.unit, self.low_open, self.high_open)

    def read_as(self, reading: str) -> Interval:
        """The interval read as ``reading`` (one of ``READINGS``)."""
        if reading in ("", "value"):
            return self
        if reading == "at least":
            return Interval(self.low, _INF, self.unit, self.low_open)
        if reading == "over":
            return Interval(self.low, _INF, self.unit, True)
        if reading == "at most":
            return Interval(-_INF, self.high, self.unit, high_open=self.high_open)
        raise ValueError(f"reading {reading!r} is not one of {', '.join(READINGS)}")

    def to(self, unit: str) -> Interval:
        if unit == self.unit:
            return self
        if "date" in (unit, self.unit):
            raise TypeError(f"a date and a quantity ({self.unit} against {unit}) cannot be compared")
        factor = Q_(1.0, self.unit).to(unit).magnitude
        return Interval(self.low * factor, self.high * factor, unit, self.low_open, self.high_open)


# How evidence stands to a claim, both intervals: the one function every verdict comes from.
RELATIONS_OF_INTERVALS = {
    "disjoint": "no value in common (ends that touch are shared only if both are closed)",
    "within": "the evidence lies inside the claim (equal intervals included)",
    "wider": "the claim lies inside the evidence, which is wider",
    "overlap": "they share some values, and each has values the other lacks",
}


def relate(claim: Interval, evidence: Interval) -> str:
    """How ``evidence`` stands to ``claim``: one of ``RELATIONS_OF_INTERVALS``."""
    evidence = evidence.to(claim.unit)
    low, high = max(claim.low, evidence.low), min(claim.high, evidence.high)
    if low > high or (low == high and not (claim.contains(low) and evidence.contains(low))):
        return "disjoint"

    def inside(a: Interval, b: Interval) -> bool:  # a inside b
        low_ok = a.low > b.low or (a.low == b.low and (a.low_open or not b.low_open))
        high_ok = a.high < b.high or (a.high == b.high and (a.high_open or not b.high_open))
        return low_ok and high_ok

    if inside(evidence, claim):
        return "within"
    if inside(claim, evidence):
        return "wider"
    return "overlap"


@dataclass(frozen=True)
class Verdict:
    verdict: str
    reason: str
    relative_difference: float  # (claimed - evidence) / evidence at the nominal values; NaN when not a point
    relation: str  # one of RELATIONS_OF_INTERVALS, or '' when nothing was compared


def judge(claim: Interval | None, evidence: Interval | None, *, nominal: float | None = None,
          relation: str = "independent", bound: bool = False, conversion: bool = False,
          convention: str = "", tolerance: float = 0.0, kind: str = "number", stance: str = "supports",
          said: str = "", sig: int = SOURCE_SIG, evidence_nominal: float | None = None,
          calculated: bool = False) -> Verdict:
    """The verdict on a claim (``claim``, the interval the printed figure allows, around its
    ``nominal`` value) against ``evidence`` (an interval, or None when no source was found).

    ``relation`` is one of ``RELATIONS``: only "independent" evidence can confirm; same-side or design
    evidence that agrees "matches its source". ``bound`` says the claim is a bound (its interval is
    open on one side); ``conversion`` that the figure is a conversion at a rate the article does not
    state, judged under ``convention``; ``tolerance`` (0.001 is 0.1%) widens the claim's interval.
    ``kind`` is the claim's type (``CLAIM_TYPES``): a ``fact`` is judged by its evidence's ``stance``
    (``STANCES``); ``not quantitative`` has no verdict but that one. ``said`` is the sentence that
    credits the evidence's sources with what they state (default: "an independent source gives ...");
    ``sig`` the significant figures the intervals are shown to; ``evidence_nominal`` the evidence's value
    at the nominal values of its inputs, where the evidence is a calculation (for the relative difference).
    ``calculated`` says the evidence is the project's calculation from sources' figures, not a figure a source
    states: it reaches at most "compatible", never a confirming verdict.
    """
    if not (isinstance(tolerance, (int, float)) and math.isfinite(tolerance) and tolerance >= 0):
        raise ValueError(f"tolerance must be a number of at least 0; got {tolerance!r}")
    if relation and relation not in RELATIONS:
        raise ValueError(f"relation {relation!r} is not one of {', '.join(RELATIONS)}")
    if kind == "not quantitative":
        return Verdict("not quantitative", "no number or measurable property", math.nan, "")
    if evidence is None:
        return Verdict("not checkable", "no source found settles it", math.nan, "")
    result = _judge(claim, evidence, nominal=nominal, relation=relation, bound=bound, conversion=conversion,
                    convention=convention, tolerance=tolerance, kind=kind, stance=stance, said=said, sig=sig,
                    evidence_nominal=evidence_nominal, calculated=calculated)
    if result.verdict in CONFIRMING and relation != "independent":
        raise ValueError(f"{result.verdict!r} needs independent evidence; this evidence is {relation!r}")
    if result.verdict in CONFIRMING and calculated:
        raise ValueError(f"{result.verdict!r} needs a figure a source states; this evidence is a calculation")
    return result


def _judge(claim, evidence, *, nominal, relation, bound, conversion, convention, tolerance, kind, stance, said, sig,
           evidence_nominal=None, calculated=False):
    independent = relation == "independent"
    side = ("the source is the figure's own side, not an independent confirmation" if relation == "same source"
            else "the evidence is a plan or expected figure, not an outcome")
    if kind == "fact":
        if stance not in STANCES:
            raise ValueError(f"stance {stance!r} is not one of {', '.join(STANCES)}")
        said = said or f"{_relation_words(relation)} states it."
        if stance == "contradicts":
            return Verdict("inconsistent", f"{said} That contradicts the claim", math.nan, "")
        if stance == "allows":
            return Verdict("compatible", f"{said} That fits the claim without settling it", math.nan, "")
        if not independent:
            return Verdict("matches its source", f"{said} It agrees, but {side}", math.nan, "")
        return Verdict("confirmed", said.rstrip("."), math.nan, "")
    if claim is None:
        raise ValueError("a number needs its claimed interval")
    evidence = evidence.to(claim.unit)
    widened = claim.widened(tolerance) if tolerance else claim
    how = relate(widened, evidence)
    rel = math.nan
    if nominal is not None and evidence.is_point and evidence.low != 0 and claim.unit != "date":
        rel = (nominal - evidence.low) / abs(evidence.low)
    elif nominal is not None and evidence_nominal:
        rel = (nominal - evidence_nominal) / abs(evidence_nominal)
    c_text, e_text = show_interval(claim, sig), show_interval(evidence, sig)
    gap = f" ({100 * rel:+.1f}% at the printed value)" if math.isfinite(rel) and rel != 0 else ""
    said = said or f"{_relation_words(relation)[0].upper()}{_relation_words(relation)[1:]} gives {e_text}."
    head = f"{said} The printed figure allows {c_text}."
    if how == "disjoint":
        if conversion:
            return Verdict("other convention", f"{head} No value in common{gap}: the article converted at another "
                                               f"rate than {convention or 'the named convention'}", rel, how)
        return Verdict("inconsistent", f"{head} No value in common{gap}", rel, how)
    if not independent:
        return Verdict("matches its source", f"{head} They agree, but {side}", rel, how)
    if how in ("wider", "overlap"):
        return Verdict("compatible", f"{head} That allows the printed figure without pinning it", rel, how)
    if calculated:
        return Verdict("compatible", f"{head} That lies inside the printed {'bound' if bound else 'figure'}, but it "
                                     "is a calculation: no source states the figure itself", rel, how)
    if bound:
        return Verdict("bound confirmed", f"{head} That lies inside the printed bound", rel, how)
    if nominal is not None and claim.unit != "date":
        at_value = Interval.point(nominal, claim.unit).widened(tolerance)
        if at_value.low <= evidence.low and evidence.high <= at_value.high:
            return Verdict("confirmed", f"{head} That is the printed value", rel, how)
        return Verdict("confirmed within rounding", f"{head} That lies inside the printed rounding{gap}", rel, how)
    return Verdict("confirmed", f"{head} That lies inside it", rel, how)


def _relation_words(relation: str) -> str:
    return {"independent": "an independent source", "same source": "the figure's own side",
            "design / expectation": "a design or expected figure"}.get(relation, "the evidence")


# --- Showing intervals to a reader --------------------------------------------------------------

_LABELS = {"CNY / USD": "yuan per US dollar", "CNY/USD": "yuan per US dollar", "CNY": "yuan", "USD": "US dollars",
           "count": "", "dimensionless": "", "·": " ", "a": "years", "yr": "years"}


def _label(units) -> str:
    symbol = f"{units:~P}"
    if symbol in _LABELS:
        return _LABELS[symbol]
    return re.sub(r"CNY/USD|[A-Za-z_]+|·", lambda m: _LABELS.get(m.group(0), m.group(0)), symbol).strip()


def show_number(q: pint.Quantity, sig: int = 5) -> str:
    """``q`` for a reader: large counts and money in millions, billions or trillions, at most
    ``sig`` significant figures without trailing zeros, and a readable unit name."""
    q = readable(q)
    x = round_sig(float(q.magnitude), sig)
    digits = max(0, sig - 1 - math.floor(math.log10(abs(x)))) if x else 0
    number = f"{x:,.{digits}f}"
    if "." in number:
        number = number.rstrip("0").rstrip(".")
    label = _label(q.units)
    if label == "%":
        return f"{number}%"
    return f"{number} {label}".strip()


def _day(ordinal: float) -> date:
    return date.fromordinal(int(ordinal))


def _show_dates(interval: Interval) -> str:
    first, last = _day(interval.low) if math.isfinite(interval.low) else None, \
        _day(interval.high) if math.isfinite(interval.high) else None
    if first and last:
        whole_month = first.day == 1 and last == first.replace(day=calendar.monthrange(first.year, first.month)[1])
        if whole_month:
            return f"{first:%B %Y}"
        if first == last:
            return f"{first.day} {first:%B %Y}"
        return f"{first:%d %B %Y} to {last:%d %B %Y}"
    if last:
        return f"on or before {last:%d %B %Y}" if last.day != calendar.monthrange(last.year, last.month)[1] \
            else f"in or before {last:%B %Y}"
    return f"on or after {first:%d %B %Y}"


def show_interval(interval: Interval, sig: int = SOURCE_SIG) -> str:
    """An interval in words, to ``sig`` significant figures: '345 to 355 GWh', 'more than 50% (at most
    100%)', 'at most 79.8 GWh'."""
    if interval.unit == "date":
        return _show_dates(interval)

    def number(x):
        return show_number(Q_(x, interval.unit), sig)

    if interval.is_point:
        return number(interval.low)
    low, high = interval.low, interval.high
    if math.isfinite(low) and math.isfinite(high):
        lo, hi = number(low), number(high)
        unit = hi.split(" ", 1)[1] if " " in hi else ""
        if unit and lo.endswith(" " + unit):
            lo = lo[: -len(unit) - 1]
        if interval.low_open:
            return f"more than {lo} and {'less than' if interval.high_open else 'at most'} {hi}"
        return f"{lo} to {hi}"
    if math.isfinite(low):
        return f"{'more than' if interval.low_open else 'at least'} {number(low)}"
    if math.isfinite(high):
        return f"{'less than' if interval.high_open else 'at most'} {number(high)}"
    return "any value"


# --- Resolving references to intervals ----------------------------------------------------------

_REF = r"(?:article|reference|derived):[a-z][a-z0-9_]*"
_PLACEHOLDER = re.compile(r"\{(reference|derived|words):([a-z][a-z0-9_]*)\}")
_EXPRESSION = re.compile(rf"^({_REF})(?: ([*/]) ({_REF}))?$")


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
        low = a.low / b.high if b.high != _INF else 0.0
        high = a.high / b.low if math.isfinite(a.high) else _INF
        low_open, high_open = a.low_open or b.high_open, a.high_open or b.low_open
    result = Interval(low, high, unit or "dimensionless", low_open, high_open)
    for preferred in (b.unit if op == "*" else None, a.unit if op == "*" else None, *_PREFERRED):
        if preferred and Q_(1.0, preferred).dimensionality == Q_(1.0, result.unit).dimensionality \
                and preferred not in ("dimensionless", "percent", "count"):
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
        match = _EXPRESSION.match(text)
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

        for ref in re.findall(_REF, text):
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
        """The value a reference or derived row states, for a reader: a source's value as it states it,
        a computed value to ``CALCULATION_SIG`` figures."""
        kind, row = self._row(ref)
        if row["unit"] == "date":
            return show_interval(_date_interval(row["date"]))
        if kind == "article":
            return f"\u201c{row['value_as_printed']} {row['unit_as_printed']}\u201d".replace(" \u201d", "\u201d")
        sig = CALCULATION_SIG if kind == "derived" else SOURCE_SIG
        return show_number(Q_(float(row["value"]), row["unit"]), sig)

    def credit(self, key: str) -> str:
        """'<source title> gives <value>': a reference row's source credited with the value it states."""
        row = self.tables["reference"].loc[key]
        return f"{row['source_title']} gives {self.value_text('reference:' + key)}"

    def words(self, key: str) -> str:
        """A reference row's quote, verbatim, with its English where the note gives one."""
        row = self.tables["reference"].loc[key]
        english = ""
        if str(row["note"]).startswith("in English: "):
            english = " (in English, " + row["note"][len("in English: "):].split("; ")[0] + ")"
        return f"\u201c{row['quote']}\u201d{english}" if row["quote"] else ""

    def calculation_inputs(self, text: str) -> list[str]:
        """The inputs of the calculation ``text`` names (an expression, or a derived row), for a reader:
        printed figures as printed, reference rows credited to their sources."""
        groups: dict[str, list[str]] = {}  # who states them (a source's title, or the article) -> their values

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

        for ref in re.findall(_REF, text):
            kind, _, key = ref.partition(":")
            visit(kind, key)
        return [f"the printed {_joined(values)}" if who == "the printed" else f"{who}'s {_joined(values)}"
                for who, values in groups.items()]

    def render_note(self, note: str) -> str:
        """``note`` with each ``{reference:ID}`` or ``{derived:ID}`` replaced by the row's value and, for a
        reference row, its source; ``{words:ID}`` by a reference row's own words and its source."""
        def one(match):
            kind, key = match.group(1), match.group(2)
            if kind == "words":
                return f"{self.words(key)} ({self.tables['reference'].loc[key, 'source_title']})"
            if kind == "reference":
                return f"{self.value_text('reference:' + key)} ({self.tables['reference'].loc[key, 'source_title']})"
            return f"{self.value_text('derived:' + key)} (the project's calculation)"

        return _PLACEHOLDER.sub(one, note)


# --- The audit ----------------------------------------------------------------------------------

AUDIT_COLUMNS = ("id", "type", "derived_from", "paragraph", "claim", "words", "claimed", "evidence", "sources",
                 "evidence_read", "relation", "weak_source", "convention", "relative_difference", "verdict",
                 "reason")


def _is_calculation(text: str) -> bool:
    return " / " in text or " * " in text or text.startswith("derived:")


def _credit_evidence(claim, evidence: Interval, sources: Sources) -> str:
    """The sentence crediting each source behind ``claim``'s evidence with what it states."""
    refs, reading = claim["evidence"], claim["evidence_reading"]
    if claim["type"] == "fact":
        keys = [r.partition(":")[2] for r in refs.split()]
        parts = [f"{sources.tables['reference'].loc[k, 'source_title']} writes {sources.words(k)}" for k in keys]
        return "; ".join(parts) + "."
    if _is_calculation(refs):
        inputs = sources.calculation_inputs(refs)
        return (f"The project's calculation from {_joined(inputs)} gives "
                f"{show_interval(evidence, CALCULATION_SIG)}.")
    keys = [r.partition(":")[2] for r in refs.split()]
    if reading:
        parts = [f"{sources.tables['reference'].loc[k, 'source_title']} writes {sources.words(k)}" for k in keys]
        return "; ".join(parts) + f", read as {show_interval(evidence)}."
    return "; ".join(sources.credit(k) for k in keys) + "."


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _check_sources(claim, sources: Sources, article_scopes: dict) -> str:
    """The relation of ``claim``'s evidence (the weakest of its reference rows); raises ``DataError`` where
    claims.csv says another, where its rows mix scopes, or where one source's value is listed twice."""
    reference = sources.tables["reference"]
    keys = sources.references(claim["evidence"])
    computed = weakest_relation(reference.loc[k, "relation"] for k in keys)
    where = f"data/claims.csv, claim {claim['id']!r}"
    if claim["evidence"] and claim["relation"] != computed:
        raise DataError(f"{where}, column relation: says {claim['relation']!r}, but its evidence rests on "
                        f"{', '.join(keys)}, whose relation (reference.csv) makes it {computed!r}; a source's "
                        "relation is decided once, from what the source is")
    scopes = {reference.loc[k, "scope"] for k in keys} | {reference.loc[k, "scope"]
                                                        for k in sources.references(claim["claimed"])}
    for ref in re.findall(r"article:([a-z][a-z0-9_]*)", claim["claimed"]):
        scopes |= article_scopes.get(ref, set())
    scopes.discard("")
    if len(scopes) > 1:
        raise DataError(f"{where}: compares values of different scopes ({', '.join(sorted(scopes))}); values "
                        "counted by different agencies are never compared in one row")
    seen = {}
    for k in keys:
        signature = (reference.loc[k, "source_address"], reference.loc[k, "unit"], str(reference.loc[k, "value"]),
                     reference.loc[k, "date"])
        if signature[0] and signature in seen:
            raise DataError(f"{where}, column evidence: {k!r} repeats {seen[signature]!r} (the same source and "
                            "value); each evidence row counts once")
        seen[signature] = k
    return computed


def audit(claims: pd.DataFrame, sources: Sources, tolerance: float = 0.0) -> pd.DataFrame:
    """One verdict per row of ``claims`` (``data/claims.csv``), with the numbers behind it.

    The reason is built from the evidence rows and the computed intervals only: each source is
    credited with the value it states, a calculation is called one, and a note's ``{reference:ID}``
    is written out from the row. A derived row's reason is also added to each claim it is derived
    from, so that the parent's reason carries all its evidence; derived rows are never counted as
    findings.
    """
    reference = sources.tables["reference"]
    article_scopes: dict[str, set] = {}
    for _, claim in claims.iterrows():
        match = re.fullmatch(r"article:([a-z][a-z0-9_]*)", claim["claimed"])
        if match and claim["type"] == "number":
            article_scopes.setdefault(match.group(1), set()).update(
                reference.loc[k, "scope"] for k in sources.references(claim["evidence"]))
    rows = []
    for _, claim in claims.iterrows():
        kind = claim["type"]
        relation = _check_sources(claim, sources, article_scopes) if claim["evidence"] else ""
        claimed = nominal = None
        if claim["claimed"]:
            rounding = claim["rounding"]
            if rounding and rounding not in ("printed", "exact"):
                low_ref, high_ref = rounding.split()
                low, _ = sources.expression(low_ref, rounding=False)
                high, _ = sources.expression(high_ref, rounding=False)
                _, nominal = sources.expression(claim["claimed"], rounding=False)
                claimed = Interval(low.low, high.high, low.unit)
            else:
                claimed, nominal = sources.expression(claim["claimed"], rounding=rounding != "exact")
            claimed = claimed.read_as(claim["claim_reading"])
        evidence = None
        if claim["evidence"]:
            refs = claim["evidence"].split(" ")
            if kind == "fact":  # a fact's evidence is its rows' statements, judged by its stance
                evidence = Interval.point(1.0)
            elif len(refs) == 2:  # two references: the range of published figures
                low, _ = sources.expression(refs[0], rounding=False)
                high, _ = sources.expression(refs[1], rounding=False)
                low, high = (low, high) if low.low <= high.to(low.unit).low else (high, low)
                evidence = Interval(low.low, high.to(low.unit).high, low.unit)
            else:
                evidence, _ = sources.expression(claim["evidence"])
            evidence = evidence.read_as(claim["evidence_reading"])
        bound = claimed is not None and not (math.isfinite(claimed.low) and math.isfinite(claimed.high)
                                            and not claimed.low_open and not claimed.high_open)
        bound = bound and claimed.unit != "date"
        evidence_nominal = None
        if evidence is not None and claimed is not None and kind != "fact":
            evidence = evidence.to(claimed.unit)
            if _is_calculation(claim["evidence"]) and not claim["evidence"].startswith("derived:"):
                _, evidence_nominal = sources.expression(claim["evidence"], rounding=False)
                evidence_nominal = Q_(evidence_nominal, sources.expression(claim["evidence"], rounding=False)[0].unit
                                      ).to(claimed.unit).magnitude
        said = _credit_evidence(claim, evidence, sources) if evidence is not None else ""
        sig = CALCULATION_SIG if _is_calculation(claim["claimed"]) else SOURCE_SIG
        result = judge(claimed, evidence, nominal=nominal, relation=relation or "independent",
                       bound=bound, conversion=claim["conversion"] == "yes", convention=claim["convention"],
                       tolerance=tolerance, kind={"derived": "number"}.get(kind, kind),
                       stance=claim["stance"] or "supports", said=said, sig=sig, evidence_nominal=evidence_nominal,
                       calculated=kind != "fact" and _is_calculation(claim["evidence"]))
        note = sources.render_note(claim["note"])
        if result.verdict in ("not checkable", "not quantitative") and note:
            reason = note
        else:
            reason = result.reason.rstrip(".") + "." + (f" {note}" if note else "")
        keys = sources.references(claim["evidence"]) + [m.group(2) for m in _PLACEHOLDER.finditer(claim["note"])
                                                       if m.group(1) in ("reference", "words")]
        listed = list(dict.fromkeys(sources.source_text(key) for key in keys))
        if evidence is not None and claimed is not None:
            evidence = evidence.to(claimed.unit)
        rows.append({
            "id": claim["id"], "type": kind, "derived_from": claim["derived_from"], "paragraph": claim["paragraph"],
            "claim": claim["claim"], "words": claim["words"],
            "claimed": show_interval(claimed, sig) if claimed is not None else "",
            "evidence": _evidence_text(evidence, claim["evidence"], kind, sources),
            "sources": "; ".join(listed),
            "evidence_read": claim["evidence_read"], "relation": relation,
            "weak_source": claim["weak_source"], "convention": claim["convention"],
            "relative_difference": result.relative_difference, "verdict": result.verdict,
            "reason": reason.rstrip(".") + ".",
        })
    frame = pd.DataFrame(rows, columns=list(AUDIT_COLUMNS))
    # Each derived row is evidence about its parents: its reason joins theirs.
    for _, row in frame[frame["type"] == "derived"].iterrows():
        if row["evidence"]:
            text = f" A derived check, {row['claim']}: {row['reason']}"
        else:
            text = f" A derived value, {row['claim']}: {row['claimed']}, which no source found can check."
        for parent in row["derived_from"].split():
            where = frame["id"] == parent
            frame.loc[where, "reason"] = frame.loc[where, "reason"] + text
    return frame


def _evidence_text(evidence: Interval | None, refs: str, kind: str, sources: Sources) -> str:
    if evidence is None:
        return ""
    if kind == "fact":
        reference = sources.tables["reference"]
        keys = [ref.partition(":")[2] for ref in refs.split() if ref.startswith("reference:")]
        return "; ".join(f"{reference.loc[k, 'quantity']}" for k in keys)
    return show_interval(evidence, CALCULATION_SIG if _is_calculation(refs) else SOURCE_SIG)


def findings(result: pd.DataFrame) -> pd.DataFrame:
    """The findings: one row per claim that is not derived (derived rows are evidence about them),
    with ``weak_only`` True where every source behind the finding is marked weak."""
    table = result[result["type"] != "derived"].copy()
    weak_only = []
    for _, row in table.iterrows():
        children = result[(result["type"] == "derived") & result["derived_from"].str.split().apply(
            lambda ids, key=row["id"]: key in ids) & (result["sources"] != "")]
        # a finding's own evidence decides; derived checks count only where it has none of its own
        evidence_rows = [row] if row["sources"] else [child for _, child in children.iterrows()]
        weak_only.append(bool(evidence_rows) and all(bool(r["weak_source"]) for r in evidence_rows))
    table["weak_only"] = weak_only
    return table


def verdict_counts(result: pd.DataFrame) -> pd.Series:
    """How many findings (not rows: derived rows are left out) have each verdict, in ``VERDICTS`` order."""
    return findings(result)["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0)


# --- Showing the findings to a reader ------------------------------------------------------------


@dataclass(frozen=True)
class VerdictGroup:
    """One step of the reader's scale: the verdicts of ``VERDICTS`` it gathers, how it looks (a colour
    and an icon of its own shape, so that it never rests on colour alone) and what it means, in one line."""
    key: str  # the anchor and filter name on the site
    label: str
    icon: str
    colour: str  # the badge's border and icon (contrast of at least 4.5:1 on white)
    background: str
    definition: str
    verdicts: tuple[str, ...]


# The ordered scale a reader sees first (index, README, notebook 10): the precise verdict stays its sub-label.
VERDICT_SCALE = (
    VerdictGroup("confirmed", "confirmed", "\u2714", "#1a6b32", "#e4f3e8",
                 "an independent source gives the figure, or a value its printed rounding or bound allows",
                 ("confirmed", "confirmed within rounding", "bound confirmed")),
    VerdictGroup("consistent", "consistent, not independently confirmed", "\u2248", "#0b5394", "#e6eff9",
                 "the evidence allows the figure without pinning it, or only the figure's own source gives it",
                 ("compatible", "matches its source")),
    VerdictGroup("at-odds", "at odds with the evidence", "\u2716", "#b3261e", "#fde7e3",
                 "the printed figure and the evidence have no value in common: a wrong figure, or a conversion "
                 "at another rate than the one named",
                 ("inconsistent", "other convention")),
    VerdictGroup("unchecked", "cannot be checked", "?", "#5a5a5a", "#efefef",
                 "a number or checkable fact for which the project has no source",
                 ("not checkable",)),
    VerdictGroup("not-factual", "not a factual claim", "\u2013", "#5a5a5a", "#fafafa",
                 "a judgement or description with no number or measurable property to check",
                 ("not quantitative",)),
)
AT_ODDS = "at-odds"


def verdict_group(verdict: str) -> VerdictGroup:
    """The step of ``VERDICT_SCALE`` a verdict belongs to; a verdict on no step is an error naming it."""
    for group in VERDICT_SCALE:
        if verdict in group.verdicts:
            return group
    raise ValueError(f"verdict {verdict!r} is on no step of the reader's scale (energycoop.analysis.audit.VERDICT_SCALE); "
                     f"the steps hold {', '.join(v for g in VERDICT_SCALE for v in g.verdicts)}")


def tally(result: pd.DataFrame) -> list[tuple[VerdictGroup, int, dict[str, int]]]:
    """How many findings fall on each step of the scale, in its order, with the count of each precise
    verdict (only those that occur)."""
    counts = findings(result)["verdict"].value_counts()
    for verdict in counts.index:
        verdict_group(verdict)  # every verdict found is on the scale
    return [(group, int(sum(counts.get(v, 0) for v in group.verdicts)),
             {v: int(counts[v]) for v in group.verdicts if counts.get(v, 0)}) for group in VERDICT_SCALE]


def numbered_findings(result: pd.DataFrame) -> pd.DataFrame:
    """The findings shown one by one (not the statements that are not quantitative), with ``number``:
    the finding's number everywhere (notebook 10, the site's cards and their anchors, the README)."""
    table = findings(result)
    shown = table[table["verdict"] != "not quantitative"].copy()
    shown.insert(0, "number", range(1, len(shown) + 1))
    return shown


def reason_parts(reason: str, convention: str = "") -> dict:
    """A finding's reason split for a reader: ``sentence`` (the first, plain one), ``more`` (the rest of its
    own reasoning, without the convention), and ``derived`` (each derived check, in full)."""
    derived = [piece.strip() for piece in re.split(r"(?= Derived (?:check )?\()", reason)]
    own, derived = derived[0], [d for d in derived[1:] if d]
    if convention:
        own = own.replace(f". Convention: {convention}", "")
    pieces = re.split(r"(?<=[\w%)\]\u201d'])\.\s+(?=[A-Z])", own, maxsplit=1)
    sentence = pieces[0].rstrip(".") + "."
    more = pieces[1].strip() if len(pieces) > 1 else ""
    return {"sentence": sentence, "more": more, "derived": derived}


_SOURCE = re.compile(r"(.+?) \((https?://\S+?|no address recorded)\)(?:, (checked \S+|date checked not recorded))?"
                     r"(?:; |$)")


def source_links(sources: str) -> list[tuple[str, str, str]]:
    """The finding's sources (``Sources.source_text`` joined by '; ') as (title, address, checked) triples;
    the address is '' where none is recorded, ``checked`` what the source row says of its date checked."""
    return [(m.group(1), m.group(2) if m.group(2).startswith("http") else "", m.group(3) or "")
            for m in _SOURCE.finditer(sources or "")]


def _badge_markdown(verdict: str) -> str:
    group = verdict_group(verdict)
    return f"{group.icon} **{markdown_text(group.label)}** ({markdown_text(verdict)})"


def tally_markdown(result: pd.DataFrame) -> str:
    """The tally on the reader's scale, as a Markdown table: the step (icon, name), how many findings,
    the precise verdicts behind the number, and the step's definition."""
    lines = ["| | verdict | findings | of which | what it means |", "|---|---|---|---|---|"]
    for group, count, parts in tally(result):
        detail = ", ".join(f"{n} {markdown_text(v)}" for v, n in parts.items()) if len(parts) > 1 else ""
        lines.append(f"| {group.icon} | **{markdown_text(group.label)}** | {count} | {detail} | "
                     f"{markdown_text(group.definition)} |")
    return "\n".join(lines) + "\n"


def _sources_markdown(row) -> str:
    links = [(markdown_link(title, address) if address else f"{markdown_text(title)} (no address recorded)")
             + (f", {markdown_text(checked)}" if checked else "")
             for title, address, checked in source_links(row["sources"])]
    if not links:
        return "none found"
    text = "; ".join(links)
    if row["weak_source"]:
        text += f". Weak source: {markdown_text(row['weak_source'])}"
    if row["weak_only"]:
        text += ". **Rests only on weak sources.**"
    return text


def _at_odds_sentence(shown: pd.DataFrame) -> str:
    odd = shown[shown["verdict"].map(lambda v: verdict_group(v).key == AT_ODDS)]
    if odd.empty:
        return "No finding is at odds with the evidence."
    named = "; ".join(f"finding {row.number}, \u201c{markdown_text(row.words)}\u201d ({markdown_text(row.verdict)})"
                      for row in odd.itertuples())
    return f"**At odds with the evidence ({len(odd)}):** {named}."


def findings_markdown(result: pd.DataFrame, include_not_quantitative: bool = False) -> str:
    """The findings in plain words, as Markdown: the tally on the reader's scale, the findings at odds
    with the evidence named first, then one numbered item per finding (its badge, the article's words,
    the plain sentence, the rest of the reasoning, and its sources as links, with the date read). Every
    text from the data is escaped. Without ``include_not_quantitative`` the statements that are not
    quantitative are counted in a last line instead of listed."""
    table = findings(result)
    shown = numbered_findings(result)
    if include_not_quantitative:
        shown = table.copy()
        shown.insert(0, "number", range(1, len(shown) + 1))
    lines = [tally_markdown(result), _at_odds_sentence(shown), ""]
    for row in shown.itertuples():
        parts = reason_parts(row.reason, row.convention)
        more = " ".join(filter(None, [parts["more"], *parts["derived"]]))
        item = (f"{row.number}. {_badge_markdown(row.verdict)}: \u201c{markdown_text(row.words)}\u201d \u2014 "
                f"{markdown_text(parts['sentence'])}")
        lines.append(item)
        details = []
        if more:
            details.append(markdown_text(more))
        if row.convention:
            details.append(f"Convention: {markdown_text(row.convention)}.")
        details.append(f"Evidence: {_sources_markdown(row._asdict()).rstrip('.')}.")
        lines.append("    " + " ".join(details))
        lines.append("")
    rest = len(table) - len(shown)
    if rest:
        lines.append(f"{rest} further statements are not quantitative (judgements or descriptions with no number "
                     "or measurable property); notebook 10 lists each with its reason.")
    return "\n".join(lines).rstrip("\n") + "\n"


README_NOTEBOOK = "notebooks/10-claims-audit.ipynb"
KEY_FINDINGS = 5


def key_findings(result: pd.DataFrame, count: int = KEY_FINDINGS) -> pd.DataFrame:
    """The findings a newcomer reads first: those at odds with the evidence, then those only consistent
    (the evidence allows them, or only their own source gives them), in article order, ``count`` at most."""
    shown = numbered_findings(result)
    order = [AT_ODDS, "consistent"]
    rank = shown["verdict"].map(lambda v: order.index(verdict_group(v).key) if verdict_group(v).key in order
                                else len(order))
    chosen = shown[rank < len(order)].assign(rank=rank).sort_values(["rank", "number"], kind="stable")
    return chosen.head(count)


def readme_markdown(result: pd.DataFrame) -> str:
    """The README's findings block: the tally on the scale and the key findings, each linked to notebook 10
    and to its card on the site."""
    shown = numbered_findings(result)
    found = findings(result)
    lines = [f"The audit reads {len(found)} statements of the article and places each on a scale:", "", tally_markdown(result).rstrip("\n"),
             "", "Key findings (at odds first):", ""]
    for row in key_findings(result).itertuples():
        parts = reason_parts(row.reason, row.convention)
        lines.append(f"- {_badge_markdown(row.verdict)}: \u201c{markdown_text(row.words)}\u201d \u2014 "
                     f"{markdown_text(parts['sentence'])} "
                     f"([finding {row.number}]({README_NOTEBOOK}), card `#finding-{row.number}` on the site)")
    lines += ["", (f"All {len(shown)} findings, with their evidence and linked sources: [notebook 10]({README_NOTEBOOK}), "
              "or the site's index (`make site`, then open `site/index.html`), one card per claim.")]
    return "\n".join(lines) + "\n"


def read_audit(path=None) -> pd.DataFrame:
    """The audit table notebook 10 writes (``data/derived/10-claims-audit.csv``), every cell as text
    except ``relative_difference``."""
    path = path or DATA_DIR / "derived" / "10-claims-audit.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["relative_difference"] = pd.to_numeric(frame["relative_difference"], errors="coerce")
    return frame


FINDINGS_START, FINDINGS_END = "<!-- findings:start -->", "<!-- findings:end -->"


def readme_findings(text: str) -> str:
    """The text between the findings markers of a README."""
    if FINDINGS_START not in text or FINDINGS_END not in text:
        raise ValueError(f"the README has no {FINDINGS_START} ... {FINDINGS_END} section")
    return text.split(FINDINGS_START, 1)[1].split(FINDINGS_END, 1)[0].strip("\n") + "\n"


def write_readme_findings(readme=None, audit_table=None) -> bool:
    """Rewrite the findings section of ``README.md`` (between the markers) from the audit table;
    return whether it changed. ``python -c "from energycoop.analysis.audit import write_readme_findings as w; w()"``."""
    from pathlib import Path

    path = Path(readme or DATA_DIR.parent / "README.md")
    text = path.read_text(encoding="utf-8")
    readme_findings(text)  # the markers must be there
    head, rest = text.split(FINDINGS_START, 1)
    tail = rest.split(FINDINGS_END, 1)[1]
    new = f"{head}{FINDINGS_START}\n{readme_markdown(read_audit(audit_table))}{FINDINGS_END}{tail}"
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


# --- claims.csv ---------------------------------------------------------------------------------

_REF_ID = r"[a-z][a-z0-9_]*"
_ANY = rf"(article|reference|derived):{_REF_ID}"
_OUTSIDE = rf"(reference|derived):{_REF_ID}"
CLAIMS_SCHEMA = (
    Column("id", "id"),
    Column("type", "choice", tuple(CLAIM_TYPES)),
    Column("derived_from", "optional_pattern", pattern=rf"{_REF_ID}( {_REF_ID})*",
           allowed="claim ids separated by spaces, nor empty"),
    Column("paragraph", "int"),
    Column("words", "text"),
    Column("article_id", "optional_pattern", pattern=_REF_ID,
           allowed="an id (lower-case letters, digits and underscores) of article.csv, nor empty"),
    Column("claim", "text"),
    Column("claimed", "optional_pattern", pattern=rf"(article|derived):{_REF_ID}|{_ANY} [*/] {_ANY}",
           allowed="a reference written article:ID or derived:ID, or two references joined by ' / ' or ' * ', "
                   "nor empty"),
    Column("claim_reading", "optional_pattern", pattern="|".join(READINGS),
           allowed=f"one of {', '.join(repr(r) for r in READINGS)}, nor empty"),
    Column("rounding", "optional_pattern", pattern=rf"printed|exact|{_ANY} {_ANY}",
           allowed="'printed', two references 'LOW HIGH' (each article:ID, reference:ID or derived:ID), 'exact', "
                   "nor empty"),
    Column("evidence", "optional_pattern", pattern=rf"{_OUTSIDE}( {_OUTSIDE})?|{_ANY} [*/] {_ANY}",
           allowed="one or two references, each reference:ID or derived:ID, or two references joined by ' / ' or "
                   "' * ', nor empty"),
    Column("evidence_reading", "optional_pattern", pattern="|".join(READINGS),
           allowed=f"one of {', '.join(repr(r) for r in READINGS)}, nor empty"),
    Column("relation", "optional_pattern", pattern="|".join(re.escape(r) for r in RELATIONS),
           allowed=f"one of {', '.join(repr(r) for r in RELATIONS)}, nor empty"),
    Column("weak_source", "optional_text"),
    Column("convention", "optional_text"),
    Column("stance", "optional_pattern", pattern="|".join(STANCES),
           allowed=f"one of {', '.join(repr(r) for r in STANCES)}, nor empty"),
    Column("conversion", "choice", ("yes", "no")),
    Column("evidence_read", "optional_pattern", pattern=r"\d{4}-\d{2}-\d{2}|not recorded",
           allowed="a date written YYYY-MM-DD, or 'not recorded'"),
    Column("note", "optional_text"),
)


def load_claims(path=None, article: pd.DataFrame | None = None, reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """The audit's claim list (``data/claims.csv``): cells checked like every data file, every
    ``article:ID`` and ``reference:ID`` a row of its file (``derived:ID`` is resolved when the audit
    runs), and each row complete for its ``type``: a number or derived row names what is claimed, a
    derived row the claims it is evidence about, evidence comes with its relation and the date it
    was read, an assumption of the project is never evidence, and a statement that is not
    quantitative carries its reason in ``note``."""
    path = path or DATA_DIR / "claims.csv"
    frame = read_checked_csv(path, CLAIMS_SCHEMA)
    tables = {"article": article if article is not None else load_article(),
              "reference": reference if reference is not None else load_reference()}
    ids = set(frame.index)
    for number, (key, row) in enumerate(frame.iterrows(), start=2):
        def fail(column, message, number=number, key=key):
            raise DataError(f"{path}, row {number}, column {column}: {message} (claim {key!r})")

        if row["article_id"] and row["article_id"] not in tables["article"].index:
            raise DataError(f"{path}, row {number}, column article_id: {row['article_id']!r} is not an id of "
                            "article.csv")
        for column in ("claimed", "evidence", "rounding"):
            for ref in re.findall(_REF, row[column]):
                kind, _, ref_id = ref.partition(":")
                if kind in tables and ref_id not in tables[kind].index:
                    raise DataError(f"{path}, row {number}, column {column}: {ref!r} names no row of {kind}.csv "
                                    f"(claim {key!r}); it must name an id of {kind}.csv")
                if column == "evidence" and kind == "reference" and \
                        tables["reference"].loc[ref_id, "status"] == "assumption":
                    fail(column, f"{ref!r} is an assumption of the project, not evidence")
        kind = row["type"]
        if kind in ("number", "derived") and not row["claimed"]:
            fail("claimed", f"is empty; a {kind} row needs the number it claims")
        if kind in ("fact", "not quantitative") and (row["claimed"] or row["rounding"]):
            fail("claimed", f"a {kind} row claims no number; leave claimed and rounding empty")
        if kind == "not quantitative" and (row["evidence"] or not row["note"]):
            fail("note", "a statement that is not quantitative takes no evidence and needs its reason in note")
        if (kind == "derived") != bool(row["derived_from"]):
            fail("derived_from", "a derived row names the claims it is evidence about, and only a derived row does")
        for parent in row["derived_from"].split():
            if parent not in ids or frame.loc[parent, "type"] == "derived":
                fail("derived_from", f"{parent!r} is not the id of a claim that is not derived")
        if bool(row["evidence"]) != bool(row["relation"]) or bool(row["evidence"]) != bool(row["evidence_read"]):
            fail("relation", "evidence, its relation and the date it was read go together: all three or none")
        if row["conversion"] == "yes" and not row["convention"]:
            fail("convention", "a conversion names the convention its evidence uses")
        if row["claim_reading"] and "article:" in row["claimed"]:
            fail("claim_reading", f"{row['claim_reading']!r}: a printed figure is read only as its qualifier "
                                  "gives it (a capacity is not 'at least'); leave claim_reading empty")
        refs = row["evidence"].replace(" / ", " ").replace(" * ", " ").split()
        if len(refs) != len(set(refs)):
            fail("evidence", "names the same row twice; each evidence row counts once")
        if (kind == "fact") != bool(row["stance"]) and (kind != "fact" or row["evidence"]):
            fail("stance", "a fact with evidence says how the evidence stands to it (supports, allows, "
                           "contradicts), and only such a fact does")
        if kind in ("number", "fact") and not row["evidence"] and not (
                "Searched" in row["note"] and "would settle" in row["note"]):
            fail("note", "a claim without evidence says what was searched ('Searched ...') and what would "
                         "settle it ('... would settle it')")
        for column in ("note", "convention", "weak_source"):
            for placeholder in _PLACEHOLDER.finditer(row[column]):
                table, ref_id = placeholder.groups()
                if table in ("reference", "words") and ref_id not in tables["reference"].index:
                    fail(column, f"{placeholder.group(0)!r} names no row of reference.csv")
            typed = _TYPED_NUMBER.search(_PLACEHOLDER.sub("", row[column]))
            if typed:
                fail(column, f"types the number {typed.group(0)!r} by hand; name the reference row that "
                             "states it ({reference:ID}) and let the audit write its value")
    printed = frame[(frame["type"] != "derived") & (frame["article_id"] != "")]
    repeated = printed[printed["article_id"].duplicated(keep=False)]
    if not repeated.empty:
        first = repeated.index[0]
        others = ", ".join(repr(k) for k in repeated.index[repeated["article_id"] == repeated.loc[first, "article_id"]])
        raise DataError(f"{path}, column article_id: claims {others} rest on the same printed figure "
                        f"{repeated.loc[first, 'article_id']!r}; one printed figure makes one finding")
    return frame.reset_index()


# A number typed into prose: any digit, except a year (1900 to 2099) standing alone, a digit in a name
# ('Turgusun-1', 'CO2') and a function's argument in quoted code ('alert(1)').
_TYPED_NUMBER = re.compile(r"(?<![\w.,])(?<![A-Za-z]-)(?<![A-Za-z]\()(?!(?:19|20)\d\d(?![\w%]|[.,]\d))[-+]?\d(?:[\d,.]*\d)?%?")
