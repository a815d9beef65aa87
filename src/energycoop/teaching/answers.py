"""Reading a student's answer (``read_answer``): what they typed, as a quantity with the precision it states.
The check (``checker``: ``verdict``, ``check``) compares the reading with the exercise; the words of a
unit are read by ``answer_words``, the number by ``answer_numbers``, the words before it by ``answer_text``.

What a student may type (the specification; ``tests/test_answers.py`` holds a table of examples)
------------------------------------------------------------------------------------------------
An answer is a pint quantity (``Q_(314, "gce/kWh")``), a plain Python number, or a string of at most
``MAX_LENGTH`` characters written as people write: **a number, then its unit, in words or symbols**.
A pint quantity whose unit strings different kinds together is read in the plainest unit of its kind
(``Q_(350, "GWh") / Q_(100, "MW")`` is 3,500 h, and is shown so in the feedback).

*Around the number.* Leading words that only hedge are ignored: "about", "approximately", "approx.", "just",
"around", "roughly", "nearly", "almost", "circa", "ca.", "some", "close to", "~", "≈", "=", "answer:",
"the answer is", "it is". A trailing full stop, comma, semicolon or exclamation mark is ignored
("5,100 farms."), and so are quotes around the whole answer. A sentence or a closing remark is reduced to
the answer (``answer_sentences``): "China added more than 255 GW", "grew by 13.9%", "an increase of 9.7%",
"255+ GW" (at least), "4.09 times longer", "63% (IRENA)", "3500 h ≈ 40 % of the year". Words after a
percentage or a unit that say what it is of are ignored ("62.9 % of the world's additions", "3,500 hours of
full-load operation": "of", then words only, none of them a unit or a number); any other word is not a unit
and is refused ("62.9 % bananas").

*The number.* Digits 0 to 9 only (any other digit, "²" or "١٢", is refused with a message saying
so), with an optional sign (``-``, ``+``, or the minus sign ``−``):

- thousands separated by commas ("5,100", "105,875") or by spaces, as SI writes them ("3 500",
  "105 875"; also the thin and no-break spaces and the apostrophe "3'500");
- a decimal point ("36.6") or a decimal comma ("36,6", "0,68", "1,04"): a comma followed by exactly
  three digits is a thousands separator ("3,500" is three thousand five hundred) unless the number
  starts "0," (then it is decimal); where that reading is wrong and the decimal one right ("2,638 PJ" for
  2.638 PJ), the answer is not accepted (it is ambiguous) but the feedback says so: "write 2.638 to be sure"; "1.234,5" (dots for thousands, a comma for decimals) also reads;
- a dot before exactly three digits ("3.500") is read as a decimal point (3.5), and also, as a second
  reading (``Reading.alternative``), with the dot as a thousands separator (3,500): the answer is right if
  either reading is, and the feedback says which was used;
- the trailing zeros of a whole number ("100,000", "300", "100 kb/d") may or may not be significant
  (``Reading.zeros``): they count as far as the exercise's precision needs, no further ("100,000 barrels a
  day" is right for 100,274 at three figures; "300" for 295.8 where two figures are enough);
- a power of ten: "3.2e15", "3.2E15", "3.2×10^15", "3.2 x 10^15", "3.2*10**15", "3.2×10¹⁵" (a
  superscript power only straight after 10), "10^15", with a capital "X" too ("3.22 X 10^15 J"). The power
  must lie within ±``MAX_POWER``: "1e999999999 GWh" and "3500e5000 h" cannot be read;
- ten to a decimal power, as logarithms give it: "10^3.55 MW", "10**3.552 MW", "10^(3.552) MW", "10^3,55": its
  last decimal states its precision (10^3.55 is 10^3.545 to 10^3.555, 3,508 to 3,589), and it states one
  significant figure more than its decimals. A unit's own power stays a small whole number ("m^2", never
  "MW^9");
- a word or letter for a multiple: "thousand", "thou", "thous.", "k" ("676k"), "lakh" (100,000), "mil", "million", "mn", "mln", "m" ("0.68m"),
  "billion", "bn", "trillion", "tn";
- a number in words (``number_words``, which says what each word means): "nine farms", "about ten", "forty
  percent", "thirty-seven percent", "one and a half", "two thousand", "five thousand one hundred farms",
  "three point five thousand hours", "a third" (0.33), "two thirds", "a quarter", "half", "twice" (2 times),
  "nine or ten farms". It states what its digits would: "nine" is one figure, "one and a half" is 1.5, a
  fraction is its decimal to two figures ("a third" is 0.325 to 0.335). "over half" is a bound of 0.5.

*Ranges.* "9 or 10 farms", "9-10", "9–10 farms", "9 to 10", "between 9 and 10" give an interval:
right when it holds the answer and is no wider than an answer at the exercise's least precision.

*The unit.* Words or symbols, in any case ("gce/kwh", "mw", "MWH" read as gce/kWh, MW and MWh: an
exercise here never means a milliwatt), singular or plural, with "/", "per", "a" or "each" for a
division ("barrels a day", "gce per kWh") and spaces or "*" for a product:

- energy and power: Wh, kWh, MWh, GWh, TWh, J, kJ, MJ, GJ, TJ, PJ, EJ, W, kW, MW, GW, TW, and their
  names ("kilowatt-hours", "petajoules", "Peta joules", "million kWh"); "kW h", "kW·h" and "kW hour" are
  kWh; "MWe" (megawatts of electricity) is MW; an energy per second ("373 MJ/s", "kJ/sec") is a power; the toe (tonne of oil equivalent) is read, and named as
  a mistake where standard coal is asked;
- coal equivalent, an amount of energy: tce, gce, kgce, ktce, Mtce, "t.c.e.", "g.c.e.", and the question's
  own words ("t of standard coal", "tonnes of coal equivalent", "grams of coal equivalent", "g of standard
  coal", "g coal", "sce", "106 kt of standard coal", "thousand tonnes of coal equivalent"); "t" and "g"
  alone are a mass, and named so in the feedback, and so are tonnes of (real) coal ("144,800 tonnes of coal",
  "35.9 million t of coal": a mass, like "t");
- oil: "barrel", "bbl" (both the 42-gallon oil barrel here; in a pint quantity ``bbl`` keeps pint's
  31.5-gallon meaning and the oil barrel is ``oil_bbl``), "b/d", "bpd", "kb/d", "kb/day", "kb per day",
  "kbbl/d" (thousand 42-gallon barrels a day: never pint's kilobarn or its 31.5-gallon barrel), "mb/d" (million
  barrels a day);
- money: yuan, CNY, RMB, renminbi, ¥, CN¥, 元 for the yuan; dollars, US dollars, USD, US$, U.S. dollars, $
  for the US dollar; **before the number or after it**: "$145.6 billion", "US$145.6bn", "USD 145.6 billion",
  "145.6 billion US dollars", "¥1.06 trillion", "CN¥1.06tn", "RMB 1.06 trillion", "1.06 trillion yuan". A rate
  as people write it: "7.28 yuan per dollar", "¥7.28/$", "7.28 yuan to the dollar", "7.28 RMB per 1 USD",
  "7.28 yuan a dollar", "7.28 CNY : 1 USD", "$1 = ¥7.28", "¥7.28 = $1", "1 USD = 7.28 CNY", "one dollar buys
  7.28 yuan". Any other currency
  ("HK$", "€", "£", "tenge", "₸", "rubles", "yen", "JP¥") cannot be read, and says so. The other currency of
  the two is read, and named as the mistake it is: "¥145.6 billion" where dollars are asked is "in yuan; the
  question asks for US dollars", "0.137 $/¥" for yuan per dollar "in US dollars per yuan";
- shares: "%", "percent", "per cent", "pct", "pc", "p.c."; "percentage points", "pp", "p.p.", "points" say that
  the answer is a gap in percentage points (right where the exercise asks for points, refused where
  it asks for a relative difference); a plain number is a fraction ("0.37");
- counts and ratios: the exercise's nouns, singular or plural ("farm", "farms", "wind farms",
  "Zhanatas farms", "vehicles", "units"), "times", "x" ("4.1x", "4.1 ×"), "-fold";
- "a year", "per year", "annually", "/yr", "each year", "in a year" after an energy, a mass or a time
  is the period the question already states: "106,000 tce a year" is 106,000 tce, not a power. After
  an amount where a rate is asked ("40 million barrels a year" for barrels a day), it is a division.

*No unit.* Where the question names the unit ("how many hours", "in PJ", "in millions":
``Exercise.unit_named``), a bare number is read in it, and the feedback says so ("read in h, the unit the
question names"); where that unit is percent or percentage points, a bare number is read as a fraction
or in it, whichever is right ("0.097" or "9.7" for 9.7 %); a bare number with a multiple ("3.5 thousand" for
hours, "34.4 million" for million tce) is read in the unit without its multiple, and so is one of 1,000 or more
where the unit named has a multiple of its own ("34,400,000" for million tce is tce). Where the question names no unit, a bare number
is a fraction for a share, a count for a count, and otherwise "has no unit". A name for the answer after it ("36.6 % CF") is ignored.

*Limits.* A unit strings at most ``answer_words.MAX_UNIT_WORDS`` units together, each to a power of at most
``answer_words.MAX_UNIT_POWER``: "1 EJ EJ EJ ... EJ" cannot be read, and says so.

*Verdicts* (a choice exercise, ``choices``): the verdict's words in any case and order, with or without
"the", "is" and brackets ("the bound is confirmed", "confirmed (within rounding)"); an answer that says what
the verdict is not ("not confirmed") cannot be read.

*Bounds.* "at least", "no less than", "more than", "over", "above", "≥", ">" and, after the
number, "or more" make a lower bound; "at most", "no more than", "under", "less than", "below", "up
to", "≤", "<", "or less" an upper bound. Only a bound exercise wants one (``Exercise.bound``).

How an answer is judged (the order of the rules, named mistakes before the tolerance) is the docstring of
``checker``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

import numpy as np
import pint

from energycoop.quantities.units import Q_, unit_label, ureg
from energycoop.teaching.answer_numbers import MAX_POWER, Number, digits_of, multiple_at, number_at
from energycoop.teaching.answer_sentences import plain_form
from energycoop.teaching.answer_text import TRAILING_DIRECTIONS, plain_characters, strip_lead
from energycoop.teaching.answer_words import AnswerError, read_unit, too_high_a_power
from energycoop.teaching.number_words import SPELLED_START, spelled
from energycoop.teaching.printed import shown_value
from energycoop.teaching.quantity_words import simplest
from energycoop.teaching.unit_vocabulary import MAX_UNIT_POWER

if TYPE_CHECKING:
    from energycoop.teaching.exercise import Exercise

__all__ = ["MAX_LENGTH", "MAX_POWER", "AnswerError", "Reading", "read_answer"]

MAX_LENGTH = 200  # characters in an answer string


@dataclass(frozen=True)
class Reading:
    """An answer as read: the quantity, the interval its stated precision stands for (in its own unit),
    the significant figures stated (None: a computed value, all its digits) and what its words said."""

    quantity: pint.Quantity
    low: float
    high: float
    sig: int | None
    text: str
    direction: str | None = None  # "lower" (at least), "upper" (at most) or None (a value)
    points: bool = False  # the unit said percentage points
    percent: bool = False  # the unit said percent (or %)
    is_range: bool = False
    whole: bool = False  # a whole number written without decimals or power of ten
    worded: bool = False  # a unit or noun was written after the number
    scaled: bool = False  # a word for a multiple was written ("34 million tce", "676k")
    zeros: int = 0  # trailing zeros of a whole number, which may or may not be significant ("100,000")
    alternative: Reading | None = (
        None  # "3.500 h": the same answer read with the dot as a thousands separator
    )


# --------------------------------------------------------------------------------------------------
# Reading an answer


def _quantity_reading(answer: pint.Quantity, unit: str | None = None) -> Reading:
    magnitude = answer.magnitude
    if isinstance(magnitude, np.ndarray):
        if magnitude.size != 1:
            raise AnswerError(f"the answer holds {magnitude.size} numbers; give one")
        magnitude = magnitude.item()
    if isinstance(magnitude, (bool, np.bool_)) or not isinstance(magnitude, (int, float, np.number)):
        raise AnswerError(f"the answer's number is {type(magnitude).__name__}, not a number")
    try:
        magnitude = int(magnitude) if isinstance(magnitude, (int, np.integer)) else float(magnitude)
        as_float = float(magnitude)
    except (OverflowError, ValueError):
        raise AnswerError("the answer's number is too large to be an answer here") from None
    if not math.isfinite(as_float) or (as_float and not 10**-MAX_POWER <= abs(as_float) <= 10**MAX_POWER):
        raise AnswerError(f"{as_float:g} is outside what an answer here can be")
    if too_high_a_power(answer.units):
        raise AnswerError(
            f"its unit multiplies the same unit more than {MAX_UNIT_POWER} times: write the number and "
            "one unit"
        )
    plain = simplest(Q_(as_float, answer.units), unit)  # "3.5 GWh/MW" is read and shown as 3,500 h
    units = plain.units
    scale = float(plain.magnitude) / as_float if as_float else 1.0
    label = unit_label(units)
    text = repr(magnitude) if isinstance(magnitude, int) or len(repr(magnitude)) <= 8 else None
    if text is None:  # a computed value: all its digits
        return Reading(
            plain,
            float(plain.magnitude),
            float(plain.magnitude),
            None,
            shown_value(plain, 6),
            percent=str(units) == "percent",
        )
    value, half, sig = digits_of(
        text.replace("e+", "e").split("e")[0], int(text.split("e")[1]) if "e" in text else 0
    )
    if units != answer.units:
        text, label = shown_value(plain, max(sig, 3)), ""
    low, high = sorted((float(value - half) * scale, float(value + half) * scale))
    return Reading(
        plain,
        low,
        high,
        sig,
        f"{text} {label}".strip(),
        percent=str(units) == "percent",
        whole=isinstance(magnitude, int) and units == answer.units,
    )


def read_answer(answer, exercise: Exercise) -> Reading:
    """Read a pint quantity, a number or an answer string; ``AnswerError`` saying what could not be read."""
    if isinstance(answer, pint.Quantity):
        return _quantity_reading(answer, exercise.unit)
    if isinstance(answer, (int, float, np.integer, np.floating)) and not isinstance(answer, (bool, np.bool_)):
        return _quantity_reading(Q_(answer, "dimensionless"))
    if not isinstance(answer, str):
        raise AnswerError(
            getattr(answer, "unreadable", None)
            or f'a {type(answer).__name__} is neither a number with a unit nor a string such as "3.2 PJ"'
        )
    if len(answer) > MAX_LENGTH:
        raise AnswerError(
            f"the answer is {len(answer):,} characters long; a numeric answer is a number and its unit, "
            f"at most {MAX_LENGTH} characters"
        )
    return _text_reading(" ".join(answer.split()), exercise)


def _text_reading(original: str, exercise: Exercise) -> Reading:
    """An answer string (its runs of spaces made one) read as the specification says."""
    body, direction, between = _number_and_words(_plain_text(original))
    body, currency = _currency_first(body)
    body = spelled(body, between=between)
    first = number_at(body)
    if first is None:
        raise AnswerError(f'{original[:60]!r} does not start with a number written in digits (like "3.2 PJ")')
    second, size, at, body = _second_number(body, first, currency)
    words = f" {currency} {body[at:]}" if currency else body[at:]  # "$145.6 billion" is 145.6 billion $
    rest, sign = _signed_words(words, original, exercise)
    unit = read_unit(rest, exercise)
    factor = size * unit.factor * sign
    low_d, high_d = first.value - first.half, first.value + first.half
    value_d, sig, whole = first.value, first.sig, first.whole
    if second is not None:  # a range: from one number to the other, as written
        a, b = sorted((first, second), key=lambda n: n.value)
        low_d, high_d = a.value, b.value
        value_d, sig, whole = (a.value + b.value) / 2, min(a.sig, b.sig), a.whole and b.whole
    quantity_unit = unit.unit if unit.unit is not None else ureg.dimensionless
    if unit.per_year:
        quantity_unit = _per_year(quantity_unit, exercise)
    value, low, high = _scaled(factor, value_d, low_d, high_d)
    reading = Reading(
        Q_(value, quantity_unit),
        low,
        high,
        sig,
        original,
        direction,
        unit.points,
        unit.percent,
        second is not None,
        whole and size == 1 and unit.factor == 1,
        unit.worded,
        size != 1 or unit.factor != 1,
    )
    if second is not None:
        return reading
    return _with_other_readings(reading, first, factor, quantity_unit, size == 1 and unit.factor == 1)


def _plain_text(original: str) -> str:
    """The answer without what only surrounds it: quotes, closing punctuation, a remark in brackets, a name
    for the answer before it; a rate written as an equation turned into "yuan per dollar". A currency that
    is not the question's is refused here."""
    text = plain_form(plain_characters(original).strip().strip("\"'`").strip())
    text = re.sub(r"[.,;!]+$", "", text).strip()
    # a remark in brackets at the end: "36.6 % (capacity factor)", "0.366 (36.6%)", "over 255 GW (half of 510)"
    text = re.sub(
        r"(?<=\S)\s*\((?:(?=[^()]*[\d ])[^()]*|implied|rounded|approx\.?|approximately|estimated?|roughly|"
        r"about|exact|exactly|calculated|computed)\)$",
        "",
        text,
        flags=re.IGNORECASE,
    ).strip()
    text = re.sub(r"[.,;!]+$", "", text).strip()
    foreign = _FOREIGN.search(text)
    if foreign:
        raise AnswerError(
            f"{foreign.group(0)!r} is not a currency of this question: its amounts are in yuan (yuan, "
            "CNY, RMB, ¥) and US dollars (dollars, USD, US$, $)"
        )
    rate = _EQUATION.match(text) or _EQUATION_AFTER.match(text)  # "$1 = ¥7.28", "¥7.28 = $1": yuan per dollar
    if rate:
        text = f"{rate.group('rest')} per {rate.group('one') or rate.group('unit')}"
    # a name for the answer before it: "CF = 36.6 %", "η: 39 %", "rate = 314 gce/kWh"
    return re.sub(
        rf"^[^\W\d][\w ()'-]{{0,24}}?\s*(?:=|:|≈|is)\s*(?=[-+~≈.\d]|about|approx|at |over|under|more|less|"
        rf"{CURRENCY}\s*[\d.]|{SPELLED_START})",
        "",
        text,
        flags=re.IGNORECASE,
    )


def _number_and_words(text: str) -> tuple[str, str | None, bool]:
    """The number and the words after it, without the words of a bound before or after them ("at least",
    "or more") or "between" and a times sign before them; the bound's direction, and whether "between" was
    written."""
    body, direction = strip_lead(text)
    for pattern, which in TRAILING_DIRECTIONS:
        found = re.search(rf"\s*(?:{pattern})\s*$", body, flags=re.IGNORECASE)
        if found and direction is None:
            direction, body = which, body[: found.start()]
    between = re.match(r"between\s+", body, flags=re.IGNORECASE)
    if between:
        body = body[between.end() :]
    body = re.sub(r"^(?:x|X|\*)\s*(?=\d)", "", body)  # "x4.1", "×4.1"
    return body, direction, bool(between)


def _second_number(body: str, first: Number, currency: str) -> tuple[Number | None, Decimal, int, str]:
    """The second number of a range ("9-10", "9 to 10", "$140 to $150 billion", "9 farms or 10 farms"), or
    None; the multiple written ("billion"), where the words after the numbers start, and the body (without
    the second number's repeated words)."""
    size, at = multiple_at(body, first.end)
    range_match = re.match(r"\s*(?:-|–|to|or|and)\s*", body[at:], flags=re.IGNORECASE)
    if range_match and not re.match(r"\s*/\s*[a-z]", body[at:], flags=re.IGNORECASE):
        after = at + range_match.end()
        again = _CURRENCY_FIRST.match(body, after) if currency else None  # "$140 to $150 billion"
        candidate = number_at(body, again.end() if again else after)
        if candidate is not None:
            size2, at = multiple_at(body, candidate.end)
            return candidate, max(size, size2), at, body
    # "9 farms or 10 farms": the same words after each number
    two = re.match(r"(?P<unit>\s*[^\d]*?)\s+(?:or|to|-|–)\s+", body[at:], flags=re.IGNORECASE)
    if two and two.group("unit").strip():
        candidate = number_at(body, at + two.end())
        if (
            candidate is not None
            and body[candidate.end :].strip().lower() == two.group("unit").strip().lower()
        ):
            at = at + len(two.group("unit"))
            return candidate, size, at, body[:at]
    return None, size, at, body


def _signed_words(rest: str, original: str, exercise: Exercise) -> tuple[str, int]:
    """The words after the number, without a sign said in words ("13.9 % lower", where the exercise asks
    for a difference), and that sign; a calculation is refused."""
    if re.match(r"\s*(?:/|\*|\+|÷|x\s*\d|-\s*\d)\s*[\d(.]", rest):
        raise AnswerError(
            f"{original[:60]!r} is a calculation: work it out and write the result with its unit "
            '("12.5 GWh", not "25 MW * 500 h")'
        )
    worded_sign = re.search(
        r"\s+(?:(higher|more|larger|greater|bigger|up|an?\s+increase|increase|above)|"
        r"(lower|less|smaller|down|an?\s+decrease|decrease|below))(?:\s+than.*)?$",
        rest,
        flags=re.IGNORECASE,
    )
    if worded_sign and worded_sign.start() > 0 and exercise.percent_kind:
        return rest[: worded_sign.start()], -1 if worded_sign.group(2) else 1
    return rest, 1


def _scaled(factor: Decimal, *numbers: Decimal) -> tuple[float, float, float]:
    """The numbers as read times the unit's factor, as floats; refused where too large to be an answer."""
    try:
        value, low, high = (float(x * factor) for x in numbers)
    except (OverflowError, InvalidOperation):
        raise AnswerError("the number is too large to be an answer here") from None
    if not all(math.isfinite(x) for x in (value, low, high)) or (
        value and abs(value) > 10.0 ** (MAX_POWER + 12)
    ):
        raise AnswerError("the number is outside what an answer here can be")
    return value, low, high


def _with_other_readings(
    reading: Reading, first: Number, factor: Decimal, quantity_unit, plain_unit: bool
) -> Reading:
    """A single number's reading with the trailing zeros that may count ("100,000") and, for a dot before
    three digits ("3.500": 3.5 or 3,500), the reading with the dot as a thousands separator."""
    if first.whole and first.plain.strip(
        "+-0"
    ):  # "100,000": the zeros may count (100,000 to 3 figures) or not
        reading = replace(reading, zeros=len(first.plain) - len(first.plain.rstrip("0")))
    if re.fullmatch(r"[-+]?[1-9]\d{0,2}\.\d{3}", first.plain) and not first.shift:  # "3.500": 3.5 or 3,500
        thousands = number_at(first.plain.replace(".", ""))
        assert thousands is not None  # (digits only: it reads)
        ends = sorted(float((thousands.value + d * thousands.half) * factor) for d in (-1, 1))
        other = Reading(
            Q_(float(thousands.value * factor), quantity_unit),
            ends[0],
            ends[1],
            thousands.sig,
            reading.text,
            reading.direction,
            reading.points,
            reading.percent,
            False,
            plain_unit,
            reading.worded,
            reading.scaled,
        )
        reading = replace(reading, alternative=other)
    return reading


# Money: the currencies of the question, written before or after the number ("$145.6 billion", "1.06 trillion
# yuan", "RMB 1.06 trillion"); any other currency is refused by name.
CURRENCY = r"(?:u\.?s\.?\s*\$|us\s*dollars?|usd|dollars?|\$|cn\s*¥|rmb|cny|yuan|renminbi|¥|元)"
_CURRENCY_FIRST = re.compile(rf"{CURRENCY}\s*(?=[-+]?[\d.]|[a-z])", re.IGNORECASE)
_FOREIGN = re.compile(
    r"(?<![a-z])(?:hk|au|a|ca|c|nz|s|nt|mx|jp)[$¥]|€|£|₸|₽|₹|\b(?:eur|euros?|gbp|jpy|yen|kzt|tenge|"
    r"rub|rubles?|roubles?|hkd|aud|cad|inr|rupees?)\b",
    re.IGNORECASE,
)
_EQUATION = re.compile(
    rf"^\s*(?:(?P<one>{CURRENCY})\s*(?:1|one)|(?:1|one|a)\s*(?P<unit>{CURRENCY}))\s*(?:=|is\s+worth|"
    rf"is|equals|buys|gets|to|:)\s*(?P<rest>\S.*)$",
    re.IGNORECASE,
)


_EQUATION_AFTER = re.compile(
    rf"^\s*(?P<rest>\S.*?)\s*(?:=|equals|buys|is\s+worth|:)\s*(?:(?P<one>{CURRENCY})\s*(?:1|one)|"
    rf"(?:1|one|a)\s*(?P<unit>{CURRENCY}))\s*$",
    re.IGNORECASE,
)


def _currency_first(body: str) -> tuple[str, str]:
    """A currency written before the number ("US$145.6bn", "RMB 1.06 trillion"): the body without it and the
    currency, to be read after the number; the body unchanged and "" if there is none."""
    found = _CURRENCY_FIRST.match(body)
    if not found:
        return body, ""
    rest = body[found.end() :]
    if number_at(spelled(rest)) is None:
        return body, ""
    return rest, found.group(0).strip()


def _per_year(unit, exercise: Exercise):
    """'a year' after an amount: a division where a rate is asked and the amount alone does not fit, else
    the period the question already states."""
    expected = ureg.parse_units(exercise.unit or "dimensionless")
    if (ureg.dimensionless * unit).dimensionality == expected.dimensionality:
        return unit
    if (unit / ureg.year).dimensionality == expected.dimensionality:
        return unit / ureg.year
    return unit
