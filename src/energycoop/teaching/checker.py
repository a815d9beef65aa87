"""Judging a student's answer: ``verdict`` says right or wrong and why, ``check`` prints it (the check cell
of a notebook), ``checker`` makes the check of one notebook's variant. The answer is read first
(``answers.read_answer``, whose docstring says what a student may type).

How an answer is judged
-----------------------
**The precision you state sets the tolerance.** A number stands for every value that rounds to it at
its last stated digit: "37 %" means 36.5 to 37.5 %, "0.68 million" 0.675 to 0.685 million, "110,000"
105,000 to 115,000 (trailing zeros of a whole number are not significant, as in
``data.rounding_interval``). An answer is also right within ``precision.ROUNDED_INTERMEDIATES`` (0.25%) of the
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

import re
from collections.abc import Callable

import pint

from energycoop.quantities.units import Q_, ureg
from energycoop.teaching.answer_channel import ANSWER_CHARACTERS, TOO_LARGE
from energycoop.teaching.answers import AnswerError, Reading, read_answer
from energycoop.teaching.asked_unit import (
    NAMED_UNIT,
    bare_number,
    in_named_unit,
    in_unit,
    unit_name,
    what_is_asked,
    written_number,
)
from energycoop.teaching.catalogue import EXERCISES
from energycoop.teaching.choices import verdict_on_choice
from energycoop.teaching.exercise import Exercise
from energycoop.teaching.judging import judge_reading
from energycoop.teaching.printed import shown_value
from energycoop.teaching.quantity_words import example_answer, in_words
from energycoop.teaching.variants import values

NOT_ANSWERED = "Not answered yet: replace ... with your answer"


class WrongAnswer(AssertionError):
    """Raised by ``check`` in strict mode (for autograding) when an answer is not right."""


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


def _shown_alternative(alternative: Reading) -> str:
    """The second reading of a dot before three digits ("3.500" as 3,500), at the figures it states."""
    assert alternative.sig is not None  # (read from written digits: never a computed value)
    return shown_value(alternative.quantity, alternative.sig)


def _ended(sentence: str) -> str:
    """``sentence`` with the full stops that follow a "?", "!" or "." of the reason put in it removed
    ("... or not?." is "... or not?"), never an ellipsis ("replace ... with")."""
    return _DOUBLED.sub("", sentence)


def _no_answer(exercise: Exercise, answer) -> tuple[str, str] | None:
    """The verdict on an answer there is none of, whatever the exercise: nothing written, or an answer too
    large to hand over to the grader (the runner handed over ``TOO_LARGE`` instead); None otherwise."""
    if answer is None or answer is Ellipsis or (isinstance(answer, str) and not answer.strip()):
        return "not answered", f"{NOT_ANSWERED}, e.g. {_example(exercise)}."
    if getattr(answer, "text", None) == TOO_LARGE:
        return "wrong", (
            f"Cannot read your answer: it is too large to hand over to the grader (at most "
            f"{ANSWER_CHARACTERS:,} characters of text); shorten it"
        )
    return None


def _verdict(key: str, answer, seed: int, others: tuple[int, ...] | None) -> tuple[str, str]:
    if key not in EXERCISES:
        raise KeyError(f"no exercise {key!r}; exercises are {', '.join(EXERCISES)}")
    exercise = EXERCISES[key]
    missing = _no_answer(exercise, answer)
    if missing is not None:
        return missing
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
        result, sentence = judge_reading(exercise, reading, is_quantity, seed)
        if result != "right" and reading.alternative is not None:
            other, other_sentence = judge_reading(exercise, reading.alternative, is_quantity, seed)
            if other == "right":
                return other, (
                    f"{other_sentence} (Read with the dot as a thousands separator, "
                    f"{_shown_alternative(reading.alternative)}; "
                    "a dot before three digits can also be a decimal point: write "
                    f"{written_number(reading.alternative.quantity, 0)} or "
                    f"{written_number(reading.alternative.quantity, 0, ',')}.)"
                )
        comma = _COMMA_THOUSANDS.search(reading.text) if result == "wrong" else None
        if comma and len(_COMMA_THOUSANDS.findall(reading.text)) == 1:
            written = f"{comma.group(1)}.{comma.group(2)}"
            decimal = reading.text[: comma.start()] + written + reading.text[comma.end() :]
            try:
                as_decimal = judge_reading(exercise, read_answer(decimal, exercise), is_quantity, seed)[0]
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
            right = k != seed and judge_reading(exercise, reading, is_quantity, k)[0] == "right"
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
        result, sentence = judge_reading(exercise, reading, is_quantity, seed)
        if result != "wrong" or not _GENERIC.search(sentence):
            return []
        return _right_in(exercise, reading, is_quantity, seed, others, least_sig=MATCH_SIG)
    except (AnswerError, ArithmeticError, pint.errors.PintError):
        return []


# "2,638": a comma before exactly three digits, read as a thousands separator, may be a decimal comma
_COMMA_THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3}),(\d{3})(?![\d.,])")
_POINTS_FOR_A_SHARE = (
    " Careful: percentage points (pp) measure the gap between two percentages; a share is written in %."
)
# The wrong answers with no more telling reason than a distance (rule 8, a weaker bound, too rough): those
# that match another variant's answer say so instead.
_GENERIC = re.compile(
    r"off by a factor|has the wrong sign|one off in the last digit|% from the answer;|"
    r"times the answer|is not the answer;|is true, but weaker|Too rough"
)


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
    bare = bare_number(exercise, reading, isinstance(answer, pint.Quantity))
    if bare == "named":
        if exercise.unit == "percent":
            notes.append(f"or as a fraction, {shown_value(reading.quantity.to('percent'), reading.sig or 6)}")
        reading = in_named_unit(exercise, reading)
        notes.append(NAMED_UNIT.format(unit_name(exercise, reading)) + ": write the unit to be sure")
    elif bare == "missing":
        notes.append(f'it has no unit: write the unit too, e.g. "{example_answer(exercise)}"')
    if reading.alternative is not None:
        notes.append(
            f"a dot before three digits is read as a decimal point: for "
            f"{_shown_alternative(reading.alternative)} write "
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
            f"that is {in_words(q)}; the question asks for {what_is_asked(exercise)}{in_unit(exercise)}: check "
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
