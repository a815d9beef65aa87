"""Judging an answer of another kind of quantity than its exercise's (rule 2 of ``checker``'s docstring, for
``judging``): the named slip that gives that kind, a unit upside down, the other currency, tonnes for tce
(partial credit), or what kind the answer is and what the question asks."""

from __future__ import annotations

import math
from collections.abc import Callable

import pint

from energycoop.quantities.units import Q_, unit_label, ureg
from energycoop.teaching import precision, unit_slips
from energycoop.teaching.answers import Reading
from energycoop.teaching.asked_unit import in_unit, what_is_asked, written_number
from energycoop.teaching.exercise import Exercise, solved
from energycoop.teaching.money import other_currency
from energycoop.teaching.quantity_words import in_words


def other_kind(
    exercise: Exercise, reading: Reading, seed: int, judge: Callable[[Reading], tuple[str, str]]
) -> tuple[str, str]:
    """The verdict on an answer of another kind of quantity than the exercise's: the slip that gives it, a unit
    upside down, the other currency, tonnes for tce (where the number read in tce is right by ``judge``), or
    what kind it is and what the answer is."""
    expected, mistaken_values = solved(exercise, seed)
    given, text, unit = reading.quantity, reading.text, exercise.unit
    window = precision.window(reading, reading.low, reading.high, float(given.magnitude), exercise)
    slip = _slip_of_its_kind(reading, window, mistaken_values)
    if slip is not None:
        return "wrong", slip
    upside_down = _upside_down(exercise, reading, window, expected)
    if upside_down is not None:
        return "wrong", upside_down
    money = other_currency(exercise, reading, given, expected, seed)
    if money:
        return "wrong", money
    if unit_slips.tonnes_for_tce(exercise, reading, judge):
        # the number is right read in tce: partial credit (TEACHING.md), and the feedback says so
        return "wrong", (
            f"Nearly: the number is right, but the unit should be tce: {text} is {in_words(given)}; "
            f"the answer is {what_is_asked(exercise)}{in_unit(exercise)}. The question's \"tonnes of standard "
            'coal" are tonnes of coal equivalent: write tce, not t (tonnes, a mass) nor tonnes of coal (a mass '
            "of real coal)."
        )
    note = _unit_note(given, expected, unit)
    if precision.inside(float(expected.magnitude), window):
        note = " Your number matches; the unit does not." + note
    what_given = in_words(given) if given.units != ureg.dimensionless else "a plain number"
    return (
        "wrong",
        f"Wrong: {text} is {what_given}; the answer is {what_is_asked(exercise)}{in_unit(exercise)}.{note}",
    )


def _slip_of_its_kind(
    reading: Reading, window: tuple[float, float], mistaken_values: dict[str, pint.Quantity]
) -> str | None:
    """Why the answer is wrong where a named slip gives another kind of quantity, the answer's."""
    given = reading.quantity
    for why, mistaken in mistaken_values.items():
        if mistaken.dimensionality == given.dimensionality and precision.inside(
            float(mistaken.to(given.units).magnitude), window
        ):
            return f"Wrong: {reading.text} is {in_words(given)} — {why}."
    return None


def _upside_down(
    exercise: Exercise, reading: Reading, window: tuple[float, float], expected: pint.Quantity
) -> str | None:
    """Why the answer is wrong where its number is right and its unit upside down (0 too)."""
    given = reading.quantity
    if (1 / Q_(1, given.units)).dimensionality != expected.dimensionality:
        return None
    flipped = float((1 / Q_(1, given.units)).to(exercise.unit).magnitude)
    if precision.inside(float(expected.magnitude), window) and math.isclose(flipped, 1.0, rel_tol=1e-9):
        return (
            f"Wrong: the number is right, but {unit_label(given.units)} is upside down: the answer "
            f"is {what_is_asked(exercise)}{in_unit(exercise)}."
        )
    return None


def _unit_note(given: pint.Quantity, expected: pint.Quantity, unit: str) -> str:
    """What tells the kinds apart, for the usual confusions: a mass for coal equivalent, hours for a share."""
    if given.dimensionality == ureg.parse_units("g/kWh").dimensionality and unit == "gce/kWh":
        return (
            " Write gce (grams of coal equivalent, an amount of energy), not g (grams, a mass): "
            f'"{written_number(given)} gce/kWh" or "{written_number(given)} grams of coal equivalent per kWh".'
        )
    if given.dimensionality == ureg.parse_units("h").dimensionality and not expected.dimensionality:
        return (
            " An energy divided by a power is a time (hours at full power); a share or a ratio divides "
            "like by like."
        )
    if given.dimensionality == ureg.parse_units("t").dimensionality and "tce" in unit:
        return " Write tce (tonnes of coal equivalent, an amount of energy), not t (tonnes, a mass)."
    return ""
