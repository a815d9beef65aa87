"""Judging one reading of an answer against its exercise's variant (``judge_reading``), in the order
``checker``'s docstring gives, and the bare number read in the unit the question names."""

from __future__ import annotations

import math
import re
from dataclasses import replace

import pint

from energycoop.quantities.units import Q_, parse_unit, unit_label, ureg
from energycoop.teaching import bounds, precision, unit_slips
from energycoop.teaching.answers import Reading
from energycoop.teaching.exercise import Exercise, solved
from energycoop.teaching.money import other_currency
from energycoop.teaching.printed import shown_value
from energycoop.teaching.quantity_words import in_words, simplest

ROUNDED_INTERMEDIATES = precision.ROUNDED_INTERMEDIATES  # (0.25%: right whatever its digits)


def what_is_asked(exercise: Exercise) -> str:
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


def judge_reading(exercise: Exercise, reading: Reading, is_quantity: bool, seed: int) -> tuple[str, str]:  # noqa: C901 (to be split: listed in CONTRIBUTING)
    expected, mistaken_values = solved(exercise, seed)
    target = float(expected.magnitude)
    given = reading.quantity
    unit = exercise.unit
    what = what_is_asked(exercise)
    text = reading.text
    bare = bare_number(exercise, reading, is_quantity)
    if (
        bare == "named"
    ):  # the question names the unit ("how many hours", "in millions"): a bare number is in it
        fraction = None
        if unit == "percent":  # "0.139" is a fraction, "13.9" a percentage: either reading may be meant
            fraction = judge_reading(exercise, replace(reading, worded=True), is_quantity, seed)
            if fraction[0] == "right":
                return fraction
        named = in_named_unit(exercise, reading)
        result, sentence = judge_reading(exercise, named, is_quantity, seed)
        if fraction is not None and result != "right" and " — " in fraction[1] and " — " not in sentence:
            return fraction  # a named mistake, read as a fraction ("1.097" for a relative difference)
        if fraction is not None and result != "right" and re.search(_BOUND_WORDS, fraction[1]):
            return fraction  # a bound's verdict, read as a fraction ("at most 0.133" for 13.125 %)
        return (
            result,
            f"{sentence} ({NAMED_UNIT.format(unit_name(exercise, named))}; write the unit to be sure.)",
        )
    if bare == "missing":
        return "wrong", (
            f'Wrong: {text} has no unit. Write the unit too, e.g. "{text} {unit_label(expected.units)}", '
            "so that the unit is checked as well."
        )
    if given.dimensionality != expected.dimensionality:
        for why, mistaken in mistaken_values.items():  # a slip that gives another kind of quantity
            if mistaken.dimensionality == given.dimensionality and precision.inside(
                float(mistaken.to(given.units).magnitude),
                precision.window(reading, reading.low, reading.high, float(given.magnitude), exercise),
            ):
                return "wrong", f"Wrong: {text} is {in_words(given)} — {why}."
        number_right = False
        if (1 / Q_(1, given.units)).dimensionality == expected.dimensionality:  # the unit upside down (0 too)
            flipped = float((1 / Q_(1, given.units)).to(unit).magnitude)
            number_right = precision.inside(
                target, precision.window(reading, reading.low, reading.high, float(given.magnitude), exercise)
            ) and math.isclose(flipped, 1.0, rel_tol=1e-9)
            if number_right:
                return "wrong", (
                    f"Wrong: the number is right, but {unit_label(given.units)} is upside down: the answer "
                    f"is {what}{in_unit(exercise)}."
                )
        money = other_currency(exercise, reading, given, expected, seed)
        if money:
            return "wrong", money
        note = ""
        if given.dimensionality == ureg.parse_units("g/kWh").dimensionality and unit == "gce/kWh":
            note = (
                " Write gce (grams of coal equivalent, an amount of energy), not g (grams, a mass): "
                f'"{written_number(given)} gce/kWh" or "{written_number(given)} grams of coal equivalent per kWh".'
            )
        elif given.dimensionality == ureg.parse_units("h").dimensionality and not expected.dimensionality:
            note = (
                " An energy divided by a power is a time (hours at full power); a share or a ratio divides "
                "like by like."
            )
        elif given.dimensionality == ureg.parse_units("t").dimensionality and "tce" in unit:
            note = " Write tce (tonnes of coal equivalent, an amount of energy), not t (tonnes, a mass)."
            if unit_slips.tonnes_for_tce(
                exercise, reading, lambda r: judge_reading(exercise, r, is_quantity, seed)
            ):
                # the number is right read in tce: partial credit (TEACHING.md), and the feedback says so
                return "wrong", (
                    f"Nearly: the number is right, but the unit should be tce: {text} is {in_words(given)}; "
                    f'the answer is {what}{in_unit(exercise)}. The question\'s "tonnes of standard coal" are '
                    f"tonnes of coal equivalent: write tce, not t (tonnes, a mass) nor tonnes of coal (a mass of real coal)."
                )
        if precision.inside(
            target, precision.window(reading, reading.low, reading.high, float(given.magnitude), exercise)
        ):
            note = " Your number matches; the unit does not." + note
        what_given = in_words(given) if given.units != ureg.dimensionless else "a plain number"
        return "wrong", f"Wrong: {text} is {what_given}; the answer is {what}{in_unit(exercise)}.{note}"
    converted = given.to(unit)
    value = float(converted.magnitude)
    factor = (
        value / float(given.magnitude) if given.magnitude else float(Q_(1, given.units).to(unit).magnitude)
    )
    low, high = sorted((reading.low * factor, reading.high * factor))
    if not all(math.isfinite(x) for x in (value, low, high)):
        return "wrong", "Cannot read your answer: the number is outside what an answer here can be."
    window = precision.window(reading, low, high, value, exercise)
    in_their_unit = bounds.shown(
        expected
        if given.units == ureg.dimensionless or reading.percent or reading.scaled
        else simplest(expected.to(given.units), unit),
        exercise.bound,
    )  # "3500 MWh/MW": the answer in h; a bound shown as a true bound ("13.13%" for at most 13.125 %)
    if (reading.percent or reading.points) and not dict(expected.dimensionality):
        in_their_unit = bounds.shown(expected.to("percent"), exercise.bound)
    if exercise.percent_kind == "points":
        in_their_unit = in_their_unit.replace("%", " percentage points")
    elif exercise.count_words and not dict(expected.dimensionality) and not reading.percent:
        in_their_unit += f" {exercise.count_words[0]}"  # "5,100 farms", "0.6757 million units"
    holds = precision.inside(target, window)
    # 3. the given restated in its own unit, where a conversion is asked
    for name in exercise.convert:
        if precision.base_unit_names(given.units) & precision.base_unit_names(parse_unit(name)):
            return "wrong", (
                f"Wrong: {text} is in {unit_label(given.units)}, a unit the question gives its figures in; "
                f"the question asks for the answer{in_unit(exercise)}: convert it."
            )
    # 4. percentage points against a relative difference
    if exercise.percent_kind == "relative" and reading.points and holds:
        return "wrong", (
            f"Wrong: {text} is in percentage points, which measure the gap between two percentages; "
            "this asks for a relative difference, a percentage of the starting value: write it in %."
        )
    # 5. named mistakes, before the tolerance
    near = []  # the mistakes the answer can stand for, nearest first
    for why, wrong_value in mistaken_values.items():
        if wrong_value.dimensionality != expected.dimensionality:
            continue
        mistaken = float(wrong_value.to(unit).magnitude)
        if not math.isfinite(mistaken) or math.isclose(mistaken, target, rel_tol=1e-9):
            continue
        if precision.inside(mistaken, window) and (not holds or abs(value - mistaken) < abs(value - target)):
            near.append((abs(value - mistaken), why, mistaken))
    if near:
        other_way = exercise.bound and reading.direction and reading.direction != exercise.bound
        why = min(near)[1]
        doubt = [m for _, w, m in near if precision.rounds_alike(reading, exercise, low, high, target, m)]
        if doubt and not other_way:  # 5a. the answer and a mistake round alike: the benefit of the doubt
            return "right", (
                f"Right: {text} (the answer is {in_their_unit}). A common mistake gives "
                f"{shown_value(Q_(doubt[0], unit).to(expected.units), 4)}, which rounds the same: give one more "
                "digit to tell them apart."
            )
        if not is_quantity and why.startswith(_PINT_BBL_SLIP):  # a typed "barrels" is an oil barrel
            why += ' (in the code you worked it out with; typed here, "barrels" are 42-gallon oil barrels)'
        return "wrong", f"Wrong: {text} — {why}." + (
            " Also, the bound goes the other way: the figures give "
            f"{'a lower bound (at least)' if exercise.bound == 'lower' else 'an upper bound (at most)'}."
            if other_way
            else ""
        )
    # 6. bounds
    if exercise.bound:
        if holds and reading.direction != exercise.bound:
            if reading.direction is None:  # suggest the bound only if it would be right
                word = "at least" if exercise.bound == "lower" else "at most"
                as_bound = judge_reading(
                    exercise, replace(reading, direction=exercise.bound), is_quantity, seed
                )
                if as_bound[0] == "right":
                    return "wrong", (
                        f"Nearly: the number is right, but the answer is a bound, not a value: write, as "
                        f'text, which way it goes: "{word} {text}".'
                    )
                detail = re.sub(r"^(?:Wrong|Too rough): ", "", as_bound[1])
                return "wrong", (
                    f'Wrong: the answer is a bound, not a value ("{word} ..."), and read as a bound '
                    f"it is not right either: {detail}"
                )
            return "wrong", (
                f"Wrong: the number is right, but the bound goes the other way: {text} says the truth "
                f"is {'at least' if reading.direction == 'lower' else 'at most'} this; it is "
                f"{'at least' if exercise.bound == 'lower' else 'at most'}."
            )
        if reading.direction == exercise.bound:
            exact = 1e-9 * abs(target)
            false = value > target + exact if exercise.bound == "lower" else value < target - exact
            if false and (holds or abs(value - target) <= 0.2 * abs(target)):
                return "wrong", (
                    f"Wrong: {text} is a false bound: the figures allow "
                    f"{'less' if exercise.bound == 'lower' else 'more'} than that. A bound is rounded "
                    f"the safe way ({'down' if exercise.bound == 'lower' else 'up'}), never past the "
                    "value the figures give."
                )
            judged = (
                None
                if false or reading.is_range
                else bounds.true_bound(exercise, reading, value, target, text, in_their_unit)
            )
            if judged is not None:  # one rule for every true bound (``bounds``)
                return judged
    # 7. the tolerance, the precision and whole counts
    if (
        exercise.whole
        and reading.whole
        and not reading.is_range
        and math.floor(target) <= value <= math.ceil(target)
        and float(value).is_integer()
        and value > 0
    ):
        side = "whole farms cover it" if value >= target else "whole farms fall just short of it"
        return "right", (f"Right: {text} ({shown_value(expected, 3)} exactly: {value:,.0f} {side}).")
    if reading.is_range:
        if exercise.whole and reading.whole and low <= target <= high and high - low <= 2.0 + 1e-9:
            return "right", f"Right: {text} (the answer is {in_their_unit})."
        allowed = 2 * precision.coarsest_half(exercise, target)
        if holds and high - low <= allowed * 1.000001:
            return "right", f"Right: {text} (the answer is {in_their_unit})."
        if holds:
            return "wrong", (
                f"Too rough: {text} is a range from {shown_value(Q_(low, unit), 3)} to "
                f"{shown_value(Q_(high, unit), 3)}; give one value, or a narrower range."
            )
    if holds and not reading.is_range:
        half = (high - low) / 2
        figures = precision.figures(reading, exercise, target, unit)
        if (
            figures is not None
            and figures[0] > reading.sig
            and precision.inside(  # "100 kb/d": zeros count as far as needed
                target, precision.window(reading, value - figures[1], value + figures[1], value, exercise)
            )
        ):
            return "right", f"Right: {text} (the answer is {in_their_unit})."
        rough = reading.sig is not None and precision.rough(exercise, reading.sig, half, value, target)
        if rough and not precision.inside(
            target, (value - ROUNDED_INTERMEDIATES * abs(value), value + ROUNDED_INTERMEDIATES * abs(value))
        ):
            need = exercise.min_sig if reading.sig < exercise.min_sig else reading.sig + 1
            hidden = [
                why
                for why, w in mistaken_values.items()
                if w.dimensionality == expected.dimensionality
                and precision.inside(float(w.to(unit).magnitude), (low, high))
            ]
            return "wrong", (
                f"Too rough: {text} is stated to {reading.sig} significant figure"
                f"{'s' if reading.sig > 1 else ''}, so it could mean anything from "
                f"{shown_value(Q_(low, unit).to(given.units), 3)} to "
                f"{shown_value(Q_(high, unit).to(given.units), 3)}"
                f"{', which holds a common mistake too' if hidden else ''}. This exercise needs at least "
                f"{need} significant figures."
            )
        note = ""
        if exercise.percent_kind == "points" and not reading.points:
            note = (
                ' Careful: a gap between two percentages is in percentage points (pp); "%" alone usually '
                "means a relative difference."
            )
        return "right", f"Right: {text} (the answer is {in_their_unit}).{note}"
    # 8. what is left is wrong: the likeliest reason
    if not value and target:  # zero (or -0) is no slip by a factor or a sign: no ratio to give
        return (
            "wrong",
            f"Wrong: {text} is zero, and the answer is not; check each step and the numbers you used.",
        )
    share = not dict(expected.dimensionality) and (
        exercise.unit in ("percent", "dimensionless") or reading.percent
    )
    for size, why in (
        (1000, "a factor of 1000: check the prefixes (k, M, G)"),
        (
            100,
            "a factor of 100: a percentage and a fraction differ by 100"
            if share
            else "a factor of 100: check the decimal point and the figures you used",
        ),
        (1e6, "a factor of a million: check 'million' and the prefixes"),
    ):
        for scaled in (target * size, target / size):
            if precision.inside(scaled, (window[0] - 0.005 * abs(scaled), window[1] + 0.005 * abs(scaled))):
                return "wrong", f"Wrong: {text} is off by {why}."
    if value and precision.inside(-target, window):
        return "wrong", (
            f"Wrong: {text} has the wrong sign: the size is right, but check which way the difference "
            "goes (the question says which is positive)."
        )
    if reading.sig is not None and high > low and abs(value - target) < (high - low):
        return "wrong", (
            f"Wrong: {text} is not the answer rounded to the digits you give: it is one off "
            "in the last digit. Round to the nearest, don't cut digits off."
        )
    if not target:
        return "wrong", f"Wrong: {text} is not the answer; check each step and the numbers you used."
    ratio = value / target
    return "wrong", (
        f"Wrong: {text} is {precision.times_text(ratio)}; check each step and the numbers you used"
        f"{'' if 0.5 <= abs(ratio) <= 2 else ', and the unit'}."
    )


NAMED_UNIT = "read in {}, the unit the question names"
_BOUND_WORDS = r"false bound|true, but weaker|bound goes the other way"
_PINT_BBL_SLIP = "you wrote the barrels with pint's bbl"  # exercise 12's first mistake (exercises.toml)


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
