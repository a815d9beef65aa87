"""Judging a student's answer: ``verdict`` says right or wrong and why, ``check`` prints it (the check cell
of a notebook), ``checker`` makes the check of one notebook's variant. The answer is read first
(``answers.read_answer``, whose docstring says what a student may type).

How an answer is judged
-----------------------
**The precision you state sets the tolerance.** A number stands for every value that rounds to it at
its last stated digit: "37 %" means 36.5 to 37.5 %, "0.68 million" 0.675 to 0.685 million, "110,000"
105,000 to 115,000 (trailing zeros of a whole number are not significant, as in
``data.rounding_interval``). An answer is also right within ``ROUNDED_INTERMEDIATES`` (0.25%) of the
exact value, however many digits it gives, so that working with rounded intermediate values (29.3 GJ
for 29.3076) is not punished. A computed pint quantity carries all its digits and is held to
``Exercise.tolerance`` (0.1%). In order:

1. an answer that cannot be read says what was not understood ("cannot read");
2. a different kind of quantity is named ("an energy; the answer is a power in MW"), and a unit
   upside down;
3. where a conversion is asked, the given restated in its own unit is refused (``Exercise.convert``:
   "350 GWh" for the farm's output in PJ);
4. percentage points for a relative difference are refused, and a percentage given for a gap in
   points is accepted with a warning (``Exercise.percent_kind``), and so are points for a share ("36.6 pp"
   for a capacity factor: the number is the share; the note says pp is for a gap);
5. **named mistakes come before the tolerance**: an answer nearer a named mistake than the right
   value, and within its own precision of that mistake, gets the mistake's explanation (the article's
   own "110,000 t" where the exercise asks how far the computed value is from it); but where the right value
   and the mistake's both round to the answer at its own precision, and that precision is enough for the
   exercise, the student gets the benefit of the doubt: right, with a note asking for one more digit ("11 %"
   for 11.48 % where the mistake gives 10.65 %; ``precision.rounds_alike``);
6. a bound must go the right way and be true: "at least 260 GW" where the figures only allow 255 GW
   is a false bound; a true bound is right when it is the exact bound rounded the safe way at its own last
   digit ("at most 17.3 %" for 17.222 %, "over 250 GW" for 255), no further than the exercise's precision
   can give away (``bounds.reach``: 10 % for two figures, in every variant); a weaker one is
   "true, but weaker" (the rule, and how a bound is shown, are ``bounds``'s docstring);
7. the answer must hold the right value at its stated precision, and be no rougher than the exercise
   allows (``Exercise.min_sig`` significant figures, ``Exercise.coarsest`` relative half-width); a
   count of whole things (``Exercise.whole``) accepts the whole numbers either side ("9 farms" or "10
   farms" for 9.3);
8. what is left is wrong, with the likeliest reason: a factor of 1,000, 100 or a million, one off in
   the last digit, or how many percent it is from the answer; and a wrong answer that is right in another
   variant (the article's own figures, or the seeds ``verdict`` is given) says "matches the answer of
   variant K".

A bare number where the question names the unit is judged in that unit (``Exercise.unit_named``); a named
mistake may be another kind of quantity than the answer (energy ÷ power, a time, for a capacity factor),
and is tried on answers of its kind. The graded mode (``check(graded=True)``) prints the answer as read
(``as_read``), with what the reader assumed, and never right or wrong.

Feedback never shows pint's internal names: units go through ``units.unit_label``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import replace

import pint

from energycoop.quantities.units import Q_, parse_unit, unit_label, ureg
from energycoop.teaching import bounds, precision, unit_slips
from energycoop.teaching.answers import AnswerError, Reading, read_answer
from energycoop.teaching.catalogue import EXERCISES
from energycoop.teaching.choices import verdict_on_choice
from energycoop.teaching.exercise import Exercise, solved
from energycoop.teaching.money import other_currency
from energycoop.teaching.printed import shown_value
from energycoop.teaching.quantity_words import example_answer, in_words, simplest
from energycoop.teaching.variants import values

ROUNDED_INTERMEDIATES = precision.ROUNDED_INTERMEDIATES  # (0.25%: right whatever its digits)
NOT_ANSWERED = "Not answered yet: replace ... with your answer"


class WrongAnswer(AssertionError):
    """Raised by ``check`` in strict mode (for autograding) when an answer is not right."""


def _what(exercise: Exercise) -> str:
    return exercise.measures or in_words(ureg.parse_units(exercise.unit))


def _in_unit(exercise: Exercise) -> str:
    """' in MW', or '' for a plain number."""
    label = (
        unit_label(ureg.parse_units(exercise.unit), words=True)
        if exercise.unit not in ("", "dimensionless")
        else ""
    )
    if not label:
        return ""
    return " in percent" if label == "%" else f" in {label}"


def _example(exercise: Exercise) -> str:
    """How an answer to ``exercise`` is written, for a student who has not answered."""
    if exercise.open:
        return 'answer = """your explanation"""'
    if exercise.is_choice:
        return 'answer = "compatible" (a verdict\'s words)'
    return f'answer = "{example_answer(exercise)}"'


def _open_answer(answer) -> tuple[str, str]:
    """An open question's answer: text is the teacher's to mark (a short one with a nudge, never a zero)."""
    if not isinstance(answer, str):
        return "wrong", 'Wrong: this question wants sentences, as text: answer = """...""".'
    words = len(answer.split())
    if words < 12:
        return "to mark", (
            f"Written: {words} word{'s' if words != 1 else ''}, short: two to four sentences "
            "explain more. Your teacher marks this one (rubric in TEACHING.md)."
        )
    return "to mark", f"Written: {words} words. Your teacher marks this one (rubric in TEACHING.md)."


def verdict(key: str, answer, seed: int = 0, others: tuple[int, ...] | None = None) -> tuple[str, str]:
    """Whether ``answer`` to exercise ``key`` (variant ``seed``) is ``"right"``, ``"wrong"``,
    ``"not answered"`` or, for an open question, ``"to mark"``, and a sentence saying why. A wrong answer
    that is right in another variant (``others``: default the article's own figures, seed 0) says so. A
    sentence ends once: a reason that ends in "?" or "." is not given a second full stop (``_ended``)."""
    result, sentence = _verdict(key, answer, seed, others)
    return result, _ended(sentence)


_DOUBLED = re.compile(r"(?<=[?!])\.(?=[\s)]|$)|(?<=[^.]\.)\.(?=[^.]|$)")


def _ended(sentence: str) -> str:
    """``sentence`` with the full stops that follow a "?", "!" or "." of the reason put in it removed
    ("... or not?." is "... or not?"), never an ellipsis ("replace ... with")."""
    return _DOUBLED.sub("", sentence)


def _verdict(key: str, answer, seed: int, others: tuple[int, ...] | None) -> tuple[str, str]:
    if key not in EXERCISES:
        raise KeyError(f"no exercise {key!r}; exercises are {', '.join(EXERCISES)}")
    exercise = EXERCISES[key]
    if answer is None or answer is Ellipsis or (isinstance(answer, str) and not answer.strip()):
        return "not answered", f"{NOT_ANSWERED}, e.g. {_example(exercise)}."
    if exercise.open:
        return _open_answer(answer)
    if exercise.is_choice:
        return verdict_on_choice(exercise, answer, seed)
    try:
        reading = read_answer(answer, exercise)
    except AnswerError as exc:
        return "wrong", f"Cannot read your answer: {exc}."
    is_quantity = isinstance(answer, pint.Quantity)
    try:
        result, sentence = _judge(exercise, reading, is_quantity, seed)
        if result != "right" and reading.alternative is not None:
            other, other_sentence = _judge(exercise, reading.alternative, is_quantity, seed)
            if other == "right":
                return other, (
                    f"{other_sentence} (Read with the dot as a thousands separator, "
                    f"{shown_value(reading.alternative.quantity, reading.alternative.sig)}; "
                    "a dot before three digits can also be a decimal point: write "
                    f"{_number_of(reading.alternative.quantity, 0)} or "
                    f"{_number_of(reading.alternative.quantity, 0, ',')}.)"
                )
        comma = _COMMA_THOUSANDS.search(reading.text) if result == "wrong" else None
        if comma and len(_COMMA_THOUSANDS.findall(reading.text)) == 1:
            written = f"{comma.group(1)}.{comma.group(2)}"
            decimal = reading.text[: comma.start()] + written + reading.text[comma.end() :]
            try:
                as_decimal = _judge(exercise, read_answer(decimal, exercise), is_quantity, seed)[0]
            except AnswerError:
                as_decimal = "wrong"
            if as_decimal == "right":  # ambiguous: not accepted, but the comma is named as the cause
                return "wrong", (
                    f"Wrong: read with the comma as a thousands separator, {reading.text} is off by a factor of "
                    f"1000: check the prefixes (k, M, G). But if {comma.group(0)} means {written} (a decimal "
                    f"comma), that is right: write {written} to be sure."
                )
        if result == "wrong" and _GENERIC.search(sentence):  # no more telling reason was found
            for k in _right_in(exercise, reading, is_quantity, seed, (0,) if others is None else others, 1):
                variant = "the article's own figures (variant 0)" if k == 0 else f"variant {k}"
                return "wrong", (
                    f"Wrong: {reading.text} matches the answer of {variant}, not of this "
                    f"notebook's variant ({seed}): work it out with the figures printed here."
                )
    except (ArithmeticError, pint.errors.PintError):
        return "wrong", (
            "Cannot read your answer: working with its number and unit overflowed; write the number "
            f'and one unit, e.g. "{example_answer(exercise)}".'
        )
    if result == "right" and reading.points and exercise.percent_kind is None:
        sentence += (
            _POINTS_FOR_A_SHARE  # the number is the share; the word is for a gap (as "%" in exercise 16)
        )
    return result, sentence


def _right_in(
    exercise: Exercise,
    reading: Reading,
    is_quantity: bool,
    seed: int,
    others,
    most: int | None = None,
    least_sig: int = 0,
) -> list[int]:
    """The variants among ``others`` (not ``seed`` itself) in which the answer is right, at most ``most`` of
    them; none for an answer stated to fewer than ``least_sig`` significant figures."""
    if reading.sig is not None and reading.sig + reading.zeros < least_sig:
        return []
    found = []
    for k in dict.fromkeys(others):
        try:
            right = k != seed and _judge(exercise, reading, is_quantity, k)[0] == "right"
        except ValueError:  # a seed no variant can be drawn for (``variants.values``): it matches nothing
            right = False
        if right:
            found.append(k)
            if most is not None and len(found) >= most:
                break
    return found


# An answer taken for another variant's (``matched_variants``) states at least this many significant figures:
# "9 farms" is right in many variants by chance, "9.305 farms" in few.
MATCH_SIG = 3


def matched_variants(key: str, answer, seed: int, others: tuple[int, ...]) -> list[int]:
    """The variants among ``others`` whose answer ``answer`` is, where it is wrong for its own variant ``seed``
    with no more telling reason than a distance (a named mistake is its own explanation), for the teacher (a
    copied answer, or one worked with another variant's figures); [] for a right, unread or rough answer
    (fewer than ``MATCH_SIG`` significant figures), a verdict or an open answer."""
    exercise = EXERCISES.get(key)
    if exercise is None or exercise.open or exercise.is_choice or answer is None or answer is Ellipsis:
        return []
    try:
        reading = read_answer(answer, exercise)
        is_quantity = isinstance(answer, pint.Quantity)
        result, sentence = _judge(exercise, reading, is_quantity, seed)
        if result != "wrong" or not _GENERIC.search(sentence):
            return []
        return _right_in(exercise, reading, is_quantity, seed, others, least_sig=MATCH_SIG)
    except (AnswerError, ArithmeticError, pint.errors.PintError):
        return []


def _judge(exercise: Exercise, reading: Reading, is_quantity: bool, seed: int) -> tuple[str, str]:  # noqa: C901 (to be split: listed in CONTRIBUTING)
    expected, mistaken_values = solved(exercise, seed)
    target = float(expected.magnitude)
    given = reading.quantity
    unit = exercise.unit
    what = _what(exercise)
    text = reading.text
    bare = _bare(exercise, reading, is_quantity)
    if (
        bare == "named"
    ):  # the question names the unit ("how many hours", "in millions"): a bare number is in it
        fraction = None
        if unit == "percent":  # "0.139" is a fraction, "13.9" a percentage: either reading may be meant
            fraction = _judge(exercise, replace(reading, worded=True), is_quantity, seed)
            if fraction[0] == "right":
                return fraction
        named = _in_named_unit(exercise, reading)
        result, sentence = _judge(exercise, named, is_quantity, seed)
        if fraction is not None and result != "right" and " — " in fraction[1] and " — " not in sentence:
            return fraction  # a named mistake, read as a fraction ("1.097" for a relative difference)
        if fraction is not None and result != "right" and re.search(_BOUND_WORDS, fraction[1]):
            return fraction  # a bound's verdict, read as a fraction ("at most 0.133" for 13.125 %)
        return (
            result,
            f"{sentence} ({_NAMED_UNIT.format(_unit_name(exercise, named))}; write the unit to be sure.)",
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
        if (1 / given).dimensionality == expected.dimensionality:
            flipped = float((1 / Q_(1, given.units)).to(unit).magnitude)
            number_right = precision.inside(
                target, precision.window(reading, reading.low, reading.high, float(given.magnitude), exercise)
            ) and math.isclose(flipped, 1.0, rel_tol=1e-9)
            if number_right:
                return "wrong", (
                    f"Wrong: the number is right, but {unit_label(given.units)} is upside down: the answer "
                    f"is {what}{_in_unit(exercise)}."
                )
        money = other_currency(exercise, reading, given, expected, seed)
        if money:
            return "wrong", money
        note = ""
        if given.dimensionality == ureg.parse_units("g/kWh").dimensionality and unit == "gce/kWh":
            note = (
                " Write gce (grams of coal equivalent, an amount of energy), not g (grams, a mass): "
                f'"{_number_of(given)} gce/kWh" or "{_number_of(given)} grams of coal equivalent per kWh".'
            )
        elif given.dimensionality == ureg.parse_units("h").dimensionality and not expected.dimensionality:
            note = (
                " An energy divided by a power is a time (hours at full power); a share or a ratio divides "
                "like by like."
            )
        elif given.dimensionality == ureg.parse_units("t").dimensionality and "tce" in unit:
            note = " Write tce (tonnes of coal equivalent, an amount of energy), not t (tonnes, a mass)."
            if unit_slips.tonnes_for_tce(exercise, reading, lambda r: _judge(exercise, r, is_quantity, seed)):
                # the number is right read in tce: partial credit (TEACHING.md), and the feedback says so
                return "wrong", (
                    f"Nearly: the number is right, but the unit should be tce: {text} is {in_words(given)}; "
                    f'the answer is {what}{_in_unit(exercise)}. The question\'s "tonnes of standard coal" are '
                    f"tonnes of coal equivalent: write tce, not t (tonnes, a mass) nor tonnes of coal (a mass of real coal)."
                )
        if precision.inside(
            target, precision.window(reading, reading.low, reading.high, float(given.magnitude), exercise)
        ):
            note = " Your number matches; the unit does not." + note
        what_given = in_words(given) if given.units != ureg.dimensionless else "a plain number"
        return "wrong", f"Wrong: {text} is {what_given}; the answer is {what}{_in_unit(exercise)}.{note}"
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
                f"the question asks for the answer{_in_unit(exercise)}: convert it."
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
                as_bound = _judge(exercise, replace(reading, direction=exercise.bound), is_quantity, seed)
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


_NAMED_UNIT = "read in {}, the unit the question names"
# "2,638": a comma before exactly three digits, read as a thousands separator, may be a decimal comma
_COMMA_THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3}),(\d{3})(?![\d.,])")
_POINTS_FOR_A_SHARE = (
    " Careful: percentage points (pp) measure the gap between two percentages; a share is written in %."
)
_BOUND_WORDS = r"false bound|true, but weaker|bound goes the other way"
_PINT_BBL_SLIP = "you wrote the barrels with pint's bbl"  # exercise 12's first mistake (exercises.toml)
# The wrong answers with no more telling reason than a distance (rule 8, a weaker bound, too rough): those
# that match another variant's answer say so instead.
_GENERIC = re.compile(
    r"off by a factor|has the wrong sign|one off in the last digit|% from the answer;|"
    r"times the answer|is not the answer;|is true, but weaker|Too rough"
)


def _bare(exercise: Exercise, reading: Reading, is_quantity: bool) -> str | None:
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


def _in_named_unit(exercise: Exercise, reading: Reading) -> Reading:
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


def _unit_name(exercise: Exercise, named: Reading | None = None) -> str:
    """The unit a bare number is read in, in words: the exercise's, or the one without its multiple that a number
    of 1,000 or more or with its own multiple is read in ("tce" where the question asks for million tce)."""
    if named is not None and named.quantity.units != ureg.parse_units(exercise.unit):
        return unit_label(named.quantity.units, words=True)
    if exercise.unit == "percent":
        return "percentage points" if exercise.percent_kind == "points" else "percent"
    label = unit_label(ureg.parse_units(exercise.unit), words=True)
    return "millions" if label == "million" else label


def as_read(key: str, answer, seed: int = 0) -> str:
    """The answer as the check reads it, for the graded mode's echo: its value in readable units and what the
    reader assumed ('3,500 h, read in h, the unit the question names'), or why it cannot be read; never
    whether it is right."""
    exercise = EXERCISES[key]
    if (
        exercise.open
        or exercise.is_choice
        or not isinstance(answer, (str, int, float, pint.Quantity))
        or isinstance(answer, bool)
    ):
        return _recorded(key, answer)
    try:
        reading = read_answer(answer, exercise)
        return _as_read(exercise, key, answer, reading)
    except AnswerError as exc:
        return f"cannot read it: {exc}"
    except (ArithmeticError, pint.errors.PintError):
        return (
            f"{_recorded(key, answer)}, which cannot be worked with: write the number and one unit, e.g. "
            f'"{example_answer(exercise)}"'
        )


def _as_read(exercise: Exercise, key: str, answer, reading: Reading) -> str:
    notes = []
    bare = _bare(exercise, reading, isinstance(answer, pint.Quantity))
    if bare == "named":
        if exercise.unit == "percent":
            notes.append(f"or as a fraction, {shown_value(reading.quantity.to('percent'), reading.sig or 6)}")
        reading = _in_named_unit(exercise, reading)
        notes.append(_NAMED_UNIT.format(_unit_name(exercise, reading)) + ": write the unit to be sure")
    elif bare == "missing":
        notes.append(f'it has no unit: write the unit too, e.g. "{example_answer(exercise)}"')
    if reading.alternative is not None:
        notes.append(
            f"a dot before three digits is read as a decimal point: for "
            f"{shown_value(reading.alternative.quantity, reading.alternative.sig)} write "
            f"{reading.alternative.quantity.magnitude:.0f} or "
            f"{reading.alternative.quantity.magnitude:,.0f}"
        )
    q = reading.quantity
    if (reading.percent or reading.points) and not dict(q.dimensionality):
        q = q.to("percent")
    expected = ureg.parse_units(exercise.unit or "dimensionless")
    if (
        bare is None and q.dimensionality != expected.dimensionality
    ):  # a misreading is never recorded silently
        notes.append(
            f"that is {in_words(q)}; the question asks for {_what(exercise)}{_in_unit(exercise)}: check "
            "the unit"
        )
    sig = reading.sig or 6
    if reading.is_range:
        shown = (
            f"from {shown_value(Q_(reading.low, q.units), sig)} to "
            f"{shown_value(Q_(reading.high, q.units), sig)}"
        )
    else:
        shown = shown_value(q, sig)
    if reading.points:
        shown = shown.replace("%", " percentage points")
    if exercise.count_words and not dict(q.dimensionality) and not reading.percent:
        shown += f" {exercise.count_words[0]}"
    if reading.direction:
        shown = ("at least " if reading.direction == "lower" else "at most ") + shown
    given = "" if isinstance(answer, pint.Quantity) else f"{_recorded(key, answer)}, "
    return f"{given}read as {shown}" + "".join(f" ({note})" for note in notes)


GRADED_NOTE = "Recorded for your teacher (graded work: no right or wrong until it is marked)"


def check(key: str, answer, strict: bool = False, seed: int = 0, graded: bool = False) -> str:
    """Print whether ``answer`` to exercise ``key`` is right, and why (``verdict`` returns the same as a
    value), and return the result. With ``strict``, a wrong or missing answer raises ``WrongAnswer``
    (an open answer counts once written). With ``graded``, nothing says right or wrong: the answer is
    only recorded (it says whether it could be read, so that a slip of format can be fixed), and the
    result returned is ``"recorded"``."""
    result, sentence = verdict(key, answer, seed)
    if graded:
        if result == "not answered":
            print(sentence)
            return result
        unreadable = sentence.startswith("Cannot read")
        print(f"{sentence}" if unreadable else f"{GRADED_NOTE}: {as_read(key, answer, seed)}.")
        return "unreadable" if unreadable else "recorded"
    print(sentence)
    if strict and result not in ("right", "to mark"):
        raise WrongAnswer(f"exercise {key}: {sentence}")
    return result


def _number_of(q: pint.Quantity, places: int | None = None, comma: str = "") -> str:
    """The number of ``q`` as the student wrote it (``places`` decimals if given), for feedback's examples."""
    value = float(q.magnitude)
    return f"{value:{comma}.{places}f}" if places is not None else f"{value:{comma}.6g}"


def _recorded(key: str, answer) -> str:
    if isinstance(answer, str):
        text = " ".join(answer.split())
        return repr(text if len(text) <= 80 else text[:77] + "...")
    if isinstance(answer, pint.Quantity):
        try:
            return shown_value(answer, 6)
        except (TypeError, ValueError):
            return "your answer"
    return repr(answer)[:80]


def checker(seed: int = 0, strict: bool = False, graded: bool = False) -> Callable[[str, object], str]:
    """``check`` for one notebook's variant and mode: ``check = checker(seed, strict, graded)``, then
    ``check("turgusun_capacity_factor", answer)``. Loads the variant's inputs at once, so that a problem with
    the data shows here rather than in the first check."""
    values(seed)

    def check_answer(key: str, answer) -> str:
        return check(key, answer, strict, seed, graded)

    return check_answer
