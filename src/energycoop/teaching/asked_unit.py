"""The unit a question asks its answer in, as feedback names it (``what_is_asked``, ``in_unit``,
``unit_name``), a bare number read in that unit where the question names it (``bare_number``,
``in_named_unit``), and a number as the student wrote it (``written_number``), for ``judging`` and
``checker``."""

from __future__ import annotations

import re
from dataclasses import replace

import pint

from energycoop.quantities.units import Q_, unit_label, ureg
from energycoop.teaching.answers import Reading
from energycoop.teaching.exercise import Exercise
from energycoop.teaching.quantity_words import in_words


def what_is_asked(exercise: Exercise) -> str:
    """What the answer measures, in words: the exercise's own, or its unit's kind ("a power")."""
    return exercise.measures or in_words(ureg.parse_units(exercise.unit))


def in_unit(exercise: Exercise) -> str:
    """' in MW', or '' for a plain number."""
    label = (
        unit_label(ureg.parse_units(exercise.unit), words=True)
        if exercise.unit not in ("", "dimensionless")
        else ""
    )
    if not label:
        return ""
    return " in percent" if label == "%" else f" in {label}"


NAMED_UNIT = "read in {}, the unit the question names"


def bare_number(exercise: Exercise, reading: Reading, is_quantity: bool) -> str | None:
    """'named' for a bare number where the question names the unit (read in it), 'missing' where the unit
    must be written, None for an answer with a unit, a plain share or a count."""
    if is_quantity or reading.worded or reading.percent or reading.quantity.units != ureg.dimensionless:
        return None
    if reading.scaled and not (
        exercise.unit_named and exercise.unit not in ("million", "dimensionless", "percent")
    ):
        return None  # ("3.5 thousand" for hours, "34.4 million" for million tce are in the unit named)
    if exercise.unit_named and not (
        exercise.unit == "million" and abs(float(reading.quantity.magnitude)) >= 1000
    ):
        return "named"  # (676,000 where millions are asked is a count)
    return None if exercise.unit in ("dimensionless", "percent", "million") else "missing"


def in_named_unit(exercise: Exercise, reading: Reading) -> Reading:
    """A bare number read in the unit the question names; a number with its multiple ("34.4 million"), or of
    1,000 or more, in that unit without its multiple (34.4 million tce, where the unit is million tce)."""
    percent = exercise.unit == "percent"
    base = re.sub(r"\b(?:thousand|million|billion|trillion)\s*\*\s*", "", exercise.unit)
    counted = base != exercise.unit and abs(float(reading.quantity.magnitude)) >= 1000  # 34,400,000 (tonnes)
    unit = base if reading.scaled or counted else exercise.unit
    return replace(
        reading,
        quantity=Q_(float(reading.quantity.magnitude), unit),
        worded=True,
        scaled=exercise.unit == "million" or reading.scaled,
        alternative=None,
        percent=percent,
        points=percent and exercise.percent_kind == "points",
    )


def unit_name(exercise: Exercise, named: Reading | None = None) -> str:
    """The unit a bare number is read in, in words: the exercise's, or the one without its multiple that a number
    of 1,000 or more or with its own multiple is read in ("tce" where the question asks for million tce)."""
    if named is not None and named.quantity.units != ureg.parse_units(exercise.unit):
        return unit_label(named.quantity.units, words=True)
    if exercise.unit == "percent":
        return "percentage points" if exercise.percent_kind == "points" else "percent"
    label = unit_label(ureg.parse_units(exercise.unit), words=True)
    return "millions" if label == "million" else label


def written_number(q: pint.Quantity, places: int | None = None, comma: str = "") -> str:
    """The number of ``q`` as the student wrote it (``places`` decimals if given), for feedback's examples."""
    value = float(q.magnitude)
    return f"{value:{comma}.{places}f}" if places is not None else f"{value:{comma}.6g}"
