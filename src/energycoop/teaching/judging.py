"""Judging one reading of an answer against its exercise's variant (``judge_reading``), in the order
``checker``'s docstring gives: a bare number (``asked_unit``), another kind of quantity (``other_kinds``),
then the rules 3 to 8, each a function of the answer in the exercise's unit (``_Answer``)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

import pint

from energycoop.quantities.units import Q_, parse_unit, unit_label, ureg
from energycoop.teaching import bounds, precision
from energycoop.teaching.answers import Reading
from energycoop.teaching.asked_unit import NAMED_UNIT, bare_number, in_named_unit, in_unit, unit_name
from energycoop.teaching.exercise import Exercise, solved
from energycoop.teaching.other_kinds import other_kind
from energycoop.teaching.printed import shown_value
from energycoop.teaching.quantity_words import simplest

ROUNDED_INTERMEDIATES = precision.ROUNDED_INTERMEDIATES  # (0.25%: right whatever its digits)


def judge_reading(exercise: Exercise, reading: Reading, is_quantity: bool, seed: int) -> tuple[str, str]:
    """The verdict on one reading of an answer, "right" or "wrong", and its sentence, by the rules in the
    order of ``checker``'s docstring."""
    expected = solved(exercise, seed)[0]
    bare = bare_number(exercise, reading, is_quantity)
    # the question names the unit ("how many hours", "in millions"): a bare number is in it
    if bare == "named":
        return _in_named_unit_verdict(exercise, reading, is_quantity, seed)
    if bare == "missing":
        text = reading.text
        return "wrong", (
            f'Wrong: {text} has no unit. Write the unit too, e.g. "{text} {unit_label(expected.units)}", '
            "so that the unit is checked as well."
        )
    if reading.quantity.dimensionality != expected.dimensionality:
        return other_kind(exercise, reading, seed, lambda r: judge_reading(exercise, r, is_quantity, seed))
    answer = _in_exercise_unit(exercise, reading, is_quantity, seed)
    if answer is None:
        return "wrong", "Cannot read your answer: the number is outside what an answer here can be."
    for rule in (_restated, _points_for_relative, _named_mistake, _bound, _whole_count, _range, _precise):
        verdict = rule(answer)
        if verdict is not None:
            return verdict
    return _likeliest_reason(answer)


def _in_named_unit_verdict(
    exercise: Exercise, reading: Reading, is_quantity: bool, seed: int
) -> tuple[str, str]:
    """A bare number judged in the unit the question names; for a percentage, also as a fraction ("0.139" is
    a fraction, "13.9" a percentage: either reading may be meant)."""
    fraction = None
    if exercise.unit == "percent":
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


# --------------------------------------------------------------------------------------------------
# 3 to 8: an answer of the exercise's kind, in its unit


@dataclass(frozen=True)
class _Answer:
    """An answer of the exercise's kind with what the rules read: its value and the values its precision
    stands for (``low``, ``high``, ``window``) in the exercise's unit, the expected value (``target``), whether
    the answer holds it, and the answer as shown in the student's own unit."""

    exercise: Exercise
    reading: Reading
    is_quantity: bool
    seed: int
    expected: pint.Quantity
    mistaken_values: dict[str, pint.Quantity]
    target: float
    value: float
    low: float
    high: float
    window: tuple[float, float]
    holds: bool
    in_their_unit: str

    @property
    def text(self) -> str:
        return self.reading.text

    @property
    def unit(self) -> str:
        return self.exercise.unit


def _in_exercise_unit(exercise: Exercise, reading: Reading, is_quantity: bool, seed: int) -> _Answer | None:
    """The answer converted to the exercise's unit; None where its numbers are then not finite."""
    expected, mistaken_values = solved(exercise, seed)
    target = float(expected.magnitude)
    given, unit = reading.quantity, exercise.unit
    value = float(given.to(unit).magnitude)
    factor = (
        value / float(given.magnitude) if given.magnitude else float(Q_(1, given.units).to(unit).magnitude)
    )
    low, high = sorted((reading.low * factor, reading.high * factor))
    if not all(math.isfinite(x) for x in (value, low, high)):
        return None
    window = precision.window(reading, low, high, value, exercise)
    return _Answer(
        exercise,
        reading,
        is_quantity,
        seed,
        expected,
        mistaken_values,
        target,
        value,
        low,
        high,
        window,
        precision.inside(target, window),
        _shown_in_their_unit(exercise, reading, expected),
    )


def _shown_in_their_unit(exercise: Exercise, reading: Reading, expected: pint.Quantity) -> str:
    """The answer for feedback in the student's unit ("3500 MWh/MW": the answer in h), a bound shown as a true
    bound ("13.13%" for at most 13.125 %), a share in percent or points, a count with its noun."""
    given = reading.quantity
    in_their_unit = bounds.shown(
        expected
        if given.units == ureg.dimensionless or reading.percent or reading.scaled
        else simplest(expected.to(given.units), exercise.unit),
        exercise.bound,
    )
    if (reading.percent or reading.points) and not dict(expected.dimensionality):
        in_their_unit = bounds.shown(expected.to("percent"), exercise.bound)
    if exercise.percent_kind == "points":
        in_their_unit = in_their_unit.replace("%", " percentage points")
    elif exercise.count_words and not dict(expected.dimensionality) and not reading.percent:
        in_their_unit += f" {exercise.count_words[0]}"  # "5,100 farms", "0.6757 million units"
    return in_their_unit


Verdict = tuple[str, str] | None  # a rule's verdict, or None where the rule does not decide


def _restated(a: _Answer) -> Verdict:
    """3. the given restated in its own unit, where a conversion is asked."""
    given = a.reading.quantity
    for name in a.exercise.convert:
        if precision.base_unit_names(given.units) & precision.base_unit_names(parse_unit(name)):
            return "wrong", (
                f"Wrong: {a.text} is in {unit_label(given.units)}, a unit the question gives its figures in; "
                f"the question asks for the answer{in_unit(a.exercise)}: convert it."
            )
    return None


def _points_for_relative(a: _Answer) -> Verdict:
    """4. percentage points against a relative difference."""
    if a.exercise.percent_kind == "relative" and a.reading.points and a.holds:
        return "wrong", (
            f"Wrong: {a.text} is in percentage points, which measure the gap between two percentages; "
            "this asks for a relative difference, a percentage of the starting value: write it in %."
        )
    return None


def _near_mistakes(a: _Answer) -> list[tuple[float, str, float]]:
    """The named mistakes of the answer's kind that the answer can stand for (its distance to each, why, the
    mistake's value): within its precision, and nearer it than the right value where it holds that."""
    near = []
    for why, wrong_value in a.mistaken_values.items():
        if wrong_value.dimensionality != a.expected.dimensionality:
            continue
        mistaken = float(wrong_value.to(a.unit).magnitude)
        if not math.isfinite(mistaken) or math.isclose(mistaken, a.target, rel_tol=1e-9):
            continue
        if precision.inside(mistaken, a.window) and (
            not a.holds or abs(a.value - mistaken) < abs(a.value - a.target)
        ):
            near.append((abs(a.value - mistaken), why, mistaken))
    return near


def _named_mistake(a: _Answer) -> Verdict:
    """5. named mistakes, before the tolerance: the nearest, or the benefit of the doubt where the answer and a
    mistake round alike."""
    near = _near_mistakes(a)
    if not near:
        return None
    exercise, reading = a.exercise, a.reading
    other_way = exercise.bound and reading.direction and reading.direction != exercise.bound
    why = min(near)[1]
    doubt = [m for _, w, m in near if precision.rounds_alike(reading, exercise, a.low, a.high, a.target, m)]
    if doubt and not other_way:  # 5a. the answer and a mistake round alike: the benefit of the doubt
        return "right", (
            f"Right: {a.text} (the answer is {a.in_their_unit}). A common mistake gives "
            f"{shown_value(Q_(doubt[0], a.unit).to(a.expected.units), 4)}, which rounds the same: give one more "
            "digit to tell them apart."
        )
    if not a.is_quantity and why.startswith(_PINT_BBL_SLIP):  # a typed "barrels" is an oil barrel
        why += ' (in the code you worked it out with; typed here, "barrels" are 42-gallon oil barrels)'
    return "wrong", f"Wrong: {a.text} — {why}." + (
        " Also, the bound goes the other way: the figures give "
        f"{'a lower bound (at least)' if exercise.bound == 'lower' else 'an upper bound (at most)'}."
        if other_way
        else ""
    )


def _bound(a: _Answer) -> Verdict:
    """6. bounds: a value or a bound the other way where the number holds; a false or a true bound."""
    exercise, reading = a.exercise, a.reading
    if not exercise.bound:
        return None
    if a.holds and reading.direction != exercise.bound:
        return _not_the_bound(a)
    if reading.direction == exercise.bound:
        return _bound_as_written(a)
    return None


def _not_the_bound(a: _Answer) -> tuple[str, str]:
    """A number that holds the answer, written as a value or as a bound the other way."""
    exercise, reading, text = a.exercise, a.reading, a.text
    if reading.direction is None:  # suggest the bound only if it would be right
        word = "at least" if exercise.bound == "lower" else "at most"
        as_bound = judge_reading(exercise, replace(reading, direction=exercise.bound), a.is_quantity, a.seed)
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


def _bound_as_written(a: _Answer) -> Verdict:
    """A bound in the right direction: false where the figures allow past it, else one rule for every true
    bound (``bounds``); None where neither tells."""
    exercise, value, target = a.exercise, a.value, a.target
    exact = 1e-9 * abs(target)
    false = value > target + exact if exercise.bound == "lower" else value < target - exact
    if false and (a.holds or abs(value - target) <= 0.2 * abs(target)):
        return "wrong", (
            f"Wrong: {a.text} is a false bound: the figures allow "
            f"{'less' if exercise.bound == 'lower' else 'more'} than that. A bound is rounded "
            f"the safe way ({'down' if exercise.bound == 'lower' else 'up'}), never past the "
            "value the figures give."
        )
    if false or a.reading.is_range:
        return None
    return bounds.true_bound(exercise, a.reading, value, target, a.text, a.in_their_unit)


def _whole_count(a: _Answer) -> Verdict:
    """7. a count of whole things: the whole numbers either side of the answer."""
    exercise, reading, value, target = a.exercise, a.reading, a.value, a.target
    if (
        exercise.whole
        and reading.whole
        and not reading.is_range
        and math.floor(target) <= value <= math.ceil(target)
        and float(value).is_integer()
        and value > 0
    ):
        side = "whole farms cover it" if value >= target else "whole farms fall just short of it"
        return "right", (f"Right: {a.text} ({shown_value(a.expected, 3)} exactly: {value:,.0f} {side}).")
    return None


def _range(a: _Answer) -> Verdict:
    """7. a range: right where it holds the answer and is narrow enough, too rough where it is wider."""
    exercise, reading, low, high, target = a.exercise, a.reading, a.low, a.high, a.target
    if not reading.is_range:
        return None
    if exercise.whole and reading.whole and low <= target <= high and high - low <= 2.0 + 1e-9:
        return "right", f"Right: {a.text} (the answer is {a.in_their_unit})."
    allowed = 2 * precision.coarsest_half(exercise, target)
    if a.holds and high - low <= allowed * 1.000001:
        return "right", f"Right: {a.text} (the answer is {a.in_their_unit})."
    if a.holds:
        return "wrong", (
            f"Too rough: {a.text} is a range from {shown_value(Q_(low, a.unit), 3)} to "
            f"{shown_value(Q_(high, a.unit), 3)}; give one value, or a narrower range."
        )
    return None


def _precise(a: _Answer) -> Verdict:
    """7. one value that holds the answer: right, unless rougher than the exercise allows."""
    exercise, reading, value, target = a.exercise, a.reading, a.value, a.target
    if not a.holds or reading.is_range:
        return None
    sig = reading.sig
    half = (a.high - a.low) / 2
    figures = precision.figures(reading, exercise, target, a.unit)  # (None where sig is None)
    if (
        figures is not None
        and sig is not None
        and figures[0] > sig
        and precision.inside(  # "100 kb/d": zeros count as far as needed
            target, precision.window(reading, value - figures[1], value + figures[1], value, exercise)
        )
    ):
        return "right", f"Right: {a.text} (the answer is {a.in_their_unit})."
    if (
        sig is not None
        and precision.rough(exercise, sig, half, value, target)
        and not precision.inside(
            target, (value - ROUNDED_INTERMEDIATES * abs(value), value + ROUNDED_INTERMEDIATES * abs(value))
        )
    ):
        return _too_rough(a, sig)
    note = ""
    if exercise.percent_kind == "points" and not reading.points:
        note = (
            ' Careful: a gap between two percentages is in percentage points (pp); "%" alone usually '
            "means a relative difference."
        )
    return "right", f"Right: {a.text} (the answer is {a.in_their_unit}).{note}"


def _too_rough(a: _Answer, sig: int) -> tuple[str, str]:
    """An answer stated to fewer figures than the exercise needs: the values it could mean."""
    exercise, low, high, given = a.exercise, a.low, a.high, a.reading.quantity
    need = exercise.min_sig if sig < exercise.min_sig else sig + 1
    hidden = [
        why
        for why, w in a.mistaken_values.items()
        if w.dimensionality == a.expected.dimensionality
        and precision.inside(float(w.to(a.unit).magnitude), (low, high))
    ]
    return "wrong", (
        f"Too rough: {a.text} is stated to {sig} significant figure"
        f"{'s' if sig > 1 else ''}, so it could mean anything from "
        f"{shown_value(Q_(low, a.unit).to(given.units), 3)} to "
        f"{shown_value(Q_(high, a.unit).to(given.units), 3)}"
        f"{', which holds a common mistake too' if hidden else ''}. This exercise needs at least "
        f"{need} significant figures."
    )


def _likeliest_reason(a: _Answer) -> tuple[str, str]:
    """8. what is left is wrong: the likeliest reason."""
    text, value, target, low, high = a.text, a.value, a.target, a.low, a.high
    if not value and target:  # zero (or -0) is no slip by a factor or a sign: no ratio to give
        return (
            "wrong",
            f"Wrong: {text} is zero, and the answer is not; check each step and the numbers you used.",
        )
    factor = _off_by_factor(a)
    if factor is not None:
        return "wrong", f"Wrong: {text} is off by {factor}."
    if value and precision.inside(-target, a.window):
        return "wrong", (
            f"Wrong: {text} has the wrong sign: the size is right, but check which way the difference "
            "goes (the question says which is positive)."
        )
    if a.reading.sig is not None and high > low and abs(value - target) < (high - low):
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


def _off_by_factor(a: _Answer) -> str | None:
    """The factor of 1000, 100 or a million the answer is off by, in words; None if none."""
    share = not dict(a.expected.dimensionality) and (
        a.exercise.unit in ("percent", "dimensionless") or a.reading.percent
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
        for scaled in (a.target * size, a.target / size):
            if precision.inside(
                scaled, (a.window[0] - 0.005 * abs(scaled), a.window[1] + 0.005 * abs(scaled))
            ):
                return why
    return None


_BOUND_WORDS = r"false bound|true, but weaker|bound goes the other way"
_PINT_BBL_SLIP = "you wrote the barrels with pint's bbl"  # exercise 12's first mistake (exercises.toml)
