"""A quantity in plain words for a student: what it measures (``in_words``), its plainest unit
(``simplest``) and how an answer in an exercise's unit is written (``example_answer``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pint

from energycoop.quantities.units import unit_label, ureg
from energycoop.teaching.unit_vocabulary import MAX_UNIT_POWER

if TYPE_CHECKING:
    from energycoop.teaching.exercise import Exercise


def example_answer(exercise: Exercise) -> str:
    """How an answer to ``exercise`` is written, in its own unit, with '...' for the number: an example
    that can never be the answer ('... PJ', '... farms', '... million', '... %')."""
    if exercise.unit == "million":
        return "... million"
    if exercise.count_words:
        return f"... {exercise.count_words[0]}"
    if exercise.percent_kind == "points":
        return "... percentage points"
    if exercise.unit in ("dimensionless", "", "percent"):
        return "... %"
    return f"... {unit_label(exercise.unit) or exercise.unit}"


_KINDS = (
    ("GW", "a power"),
    ("GWh", "an energy"),
    ("t", "a mass"),
    ("h", "a time"),
    ("m", "a length"),
    ("m**3", "a volume"),
    ("CNY", "an amount in yuan"),
    ("USD", "an amount in US dollars"),
    ("CNY/USD", "an exchange rate in yuan per dollar"),
    ("USD/CNY", "an exchange rate in dollars per yuan"),
    ("kWh/t", "an energy per mass"),
    ("g/kWh", "a mass per energy"),
    ("oil_bbl/t", "a volume per mass"),
    ("t/oil_bbl", "a mass per volume"),
    ("oil_bbl/day", "a volume per time"),
    ("t/day", "a mass per time"),
    ("GWh/day", "a power (an energy per time)"),
    ("GWh/t", "an energy per mass"),
    ("GW*h*h", "an energy times a time"),
    ("1/h", "a frequency (something per hour)"),
    ("GW/t", "a power per mass"),
    ("t/GW", "a mass per power"),
    ("h/t", "a time per mass"),
    ("USD/t", "a price per mass"),
    ("CNY*USD", "yuan times dollars"),
    ("1/CNY", "something per yuan"),
    ("1/USD", "something per dollar"),
    ("GW*t", "a power times a mass"),
    ("GWh/year/year", "an energy per year per year"),
    ("oil_bbl", "a volume"),
    ("t/h", "a mass per time"),
    ("GWh/MW", "a time (energy per power)"),
    ("1/GW", "something per unit of power"),
    ("1/GWh", "something per unit of energy"),
    ("1/t", "something per mass"),
)


def simplest(q: pint.Quantity, unit: str | None = None) -> pint.Quantity:
    """``q`` in a unit a reader takes in at a glance, when its unit strings different kinds together
    ('3.5 GWh/MW' is 3,500 h): the exercise's ``unit`` if ``q`` is of its kind, else a plain number or the
    plainest unit of its kind (``_KINDS``); other quantities unchanged."""
    names = len(dict(q.units._units))
    if names <= 1:
        return q
    kinds = (
        ([unit] if unit and unit not in ("", "dimensionless") else [])
        + ["dimensionless"]
        + [example for example, _words in _KINDS]
    )
    for example in kinds:
        target = ureg.parse_units(example)
        if target.dimensionality == q.dimensionality:
            return q.to(target) if len(dict(target._units)) < names else q
    return q


def in_words(q) -> str:
    """What ``q`` (a quantity or unit) measures, in plain words: 'an energy', 'a mass per energy'."""
    dimensionality = q.dimensionality
    if not dict(dimensionality):
        return "a pure number (a ratio, share or count)"
    for example, words in _KINDS:
        if ureg.parse_units(example).dimensionality == dimensionality:
            return words
    written = _written_kinds(q)
    if written:
        return written
    names = {
        "[mass]": "mass",
        "[length]": "length",
        "[time]": "time",
        "[currency_cny]": "yuan",
        "[currency_usd]": "dollars",
        "[temperature]": "temperature",
        "[current]": "electric current",
        "[substance]": "amount of substance",
        "[luminosity]": "light",
    }
    powers = {1: "", 2: " squared", 3: " cubed"}
    top = [
        names.get(d, d.strip("[]")) + powers.get(p, f" to the power {p:g}")
        for d, p in dimensionality.items()
        if p > 0
    ]
    bottom = [
        names.get(d, d.strip("[]")) + powers.get(-p, f" to the power {-p:g}")
        for d, p in dimensionality.items()
        if p < 0
    ]
    return (
        "a quantity of " + (" times ".join(top) or "one") + (" per " + " per ".join(bottom) if bottom else "")
    )


_SIMPLE_KINDS = (
    ("h", "time"),
    ("GW", "power"),
    ("GWh", "energy"),
    ("t", "mass"),
    ("m", "length"),
    ("m**2", "area"),
    ("m**3", "volume"),
    ("CNY", "yuan"),
    ("USD", "dollars"),
    ("percent", "percent"),
)


def _written_kinds(q) -> str | None:
    """What ``q`` measures, built from the kinds of the units as written ('a time per power (hours per
    megawatt)' for h/MW), never from base dimensions; None if a unit is of no kind named here."""
    units = getattr(q, "units", q)
    try:
        parts = dict(units._units)
    except AttributeError:
        return None
    top: list[str] = []
    bottom: list[str] = []
    for name, power in parts.items():
        kind = next(
            (
                words
                for example, words in _SIMPLE_KINDS
                if ureg.parse_units(example).dimensionality == ureg.parse_units(name).dimensionality
            ),
            None,
        )
        if kind is None or abs(power) > MAX_UNIT_POWER:
            return None
        kind += {1: "", 2: " squared", 3: " cubed"}[int(abs(power))] if float(power).is_integer() else ""
        (top if power > 0 else bottom).append(kind)
    if not top and not bottom:
        return None
    words = (" times ".join(top) or "one") + (" per " + " per ".join(bottom) if bottom else "")
    article = "an" if words[0] in "aeiou" else "a"
    spelled_out = (
        format(units, "D")
        .replace(" / ", " per ")
        .replace(" * ", " ")
        .replace(" ** 2", " squared")
        .replace("_", " ")
    )
    return f"{article} {words} ({spelled_out})"
