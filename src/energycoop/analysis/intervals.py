"""Intervals: what a printed figure or a piece of evidence allows, how two intervals stand to each other
(``relate``), and how an interval is shown to a reader (``show_interval``, ``show_number``).

A printed figure stands for an interval: the values its precision and qualifier allow ("about 350" is 345 to
355; "1.2 million" is 1.15 to 1.25 million; "over half" is more than 50% and at most 100%). Evidence is an
interval too: one published figure, a range of published figures, or a bound ("up to 79.8", "since July 2021").
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date

import pint

from energycoop.quantities.units import Q_, fmt

# How to read a number as an interval (a claim's claim_reading, a piece of evidence's evidence_reading).
READINGS = {
    "value": "the value with its rounding (the default)",
    "at least": "the value or more",
    "at most": "the value or less ('up to', 'since')",
    "over": "more than the value",
}

# Display precision: a source's value is shown as it states it (up to SOURCE_SIG significant figures);
# a value the project computes is shown to CALCULATION_SIG, since it is never more precise than its
# least precise printed input (two or three figures). Rounding is for display only.
SOURCE_SIG = 6
CALCULATION_SIG = 3

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


# --- Showing intervals to a reader --------------------------------------------------------------


def show_number(q: pint.Quantity, sig: int = 5) -> str:
    """``q`` for a reader in the audit's words: ``fmt`` to at most ``sig`` significant figures, no
    trailing zeros, currencies spelled out."""
    return fmt(q, sig=sig, trim=True, words=True)


def _day(ordinal: float) -> date:
    return date.fromordinal(int(ordinal))


def _show_dates(interval: Interval) -> str:
    first, last = (
        _day(interval.low) if math.isfinite(interval.low) else None,
        _day(interval.high) if math.isfinite(interval.high) else None,
    )
    if first and last:
        whole_month = first.day == 1 and last == first.replace(
            day=calendar.monthrange(first.year, first.month)[1]
        )
        if whole_month:
            return f"{first:%B %Y}"
        if first == last:
            return f"{first.day} {first:%B %Y}"
        return f"{first:%d %B %Y} to {last:%d %B %Y}"
    if last:
        return (
            f"on or before {last:%d %B %Y}"
            if last.day != calendar.monthrange(last.year, last.month)[1]
            else f"in or before {last:%B %Y}"
        )
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
