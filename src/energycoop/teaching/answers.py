"""Reading and judging a student's answer: the reader (``read_answer``) and the check (``verdict``,
``check``, ``checker``). The exercises themselves (questions, inputs, expected values, named mistakes)
live in ``exercises``; this module only reads what a student typed and compares it with them.

What a student may type (the specification; ``tests/test_answers.py`` holds a table of examples)
------------------------------------------------------------------------------------------------
An answer is a pint quantity (``Q_(314, "gce/kWh")``), a plain Python number, or a string of at most
``MAX_LENGTH`` characters written as people write: **a number, then its unit, in words or symbols**.

*Around the number.* Leading words that only hedge are ignored: "about", "approximately", "approx.",
"around", "roughly", "nearly", "almost", "circa", "ca.", "some", "close to", "~", "≈", "=", "answer:",
"the answer is", "it is". A trailing full stop, comma, semicolon or exclamation mark is ignored
("5,100 farms."), and so are quotes around the whole answer.

*The number.* Digits 0 to 9 only (any other digit, "²" or "١٢", is refused with a message saying
so), with an optional sign (``-``, ``+``, or the minus sign ``−``):

- thousands separated by commas ("5,100", "105,875") or by spaces, as SI writes them ("3 500",
  "105 875"; also the thin and no-break spaces and the apostrophe "3'500");
- a decimal point ("36.6") or a decimal comma ("36,6", "0,68", "1,04"): a comma followed by exactly
  three digits is a thousands separator ("3,500" is three thousand five hundred) unless the number
  starts "0," (then it is decimal); "1.234,5" (dots for thousands, a comma for decimals) also reads;
- a power of ten: "3.2e15", "3.2E15", "3.2×10^15", "3.2 x 10^15", "3.2*10**15", "3.2×10¹⁵" (a
  superscript power only straight after 10), "10^15". The power must lie within ±``MAX_POWER``:
  "1e999999999 GWh" and "3500e5000 h" cannot be read;
- a word or letter for a multiple: "thousand", "k" ("676k"), "million", "mn", "mln", "m" ("0.68m"),
  "billion", "bn", "trillion", "tn".

*Ranges.* "9 or 10 farms", "9-10", "9–10 farms", "9 to 10", "between 9 and 10" give an interval:
right when it holds the answer and is no wider than an answer at the exercise's least precision.

*The unit.* Words or symbols, in any case ("gce/kwh", "mw", "MWH" read as gce/kWh, MW and MWh: an
exercise here never means a milliwatt), singular or plural, with "/", "per", "a" or "each" for a
division ("barrels a day", "gce per kWh") and spaces or "*" for a product:

- energy and power: Wh, kWh, MWh, GWh, TWh, J, kJ, MJ, GJ, TJ, PJ, EJ, W, kW, MW, GW, TW, and their
  names ("kilowatt-hours", "petajoules", "million kWh");
- coal equivalent, an amount of energy: tce, gce, kgce, Mtce, and the question's own words ("t of
  standard coal", "tonnes of coal equivalent", "grams of coal equivalent", "g of standard coal", "g
  coal", "sce"); "t" and "g" alone are a mass, and named so in the feedback;
- oil: "barrel", "bbl" (both the 42-gallon oil barrel here; in a pint quantity ``bbl`` keeps pint's
  31.5-gallon meaning and the oil barrel is ``oil_bbl``), "b/d", "bpd", "kb/d" (thousand barrels a
  day), "mb/d" (million barrels a day);
- money: yuan, CNY, RMB, ¥, dollars, USD, US$, $;
- shares: "%", "percent", "per cent", "pct"; "percentage points", "pp", "p.p.", "points" say that
  the answer is a gap in percentage points (right where the exercise asks for points, refused where
  it asks for a relative difference); a plain number is a fraction ("0.37");
- counts and ratios: the exercise's nouns, singular or plural ("farm", "farms", "wind farms",
  "Zhanatas farms", "vehicles", "units"), "times", "x" ("4.1x", "4.1 ×"), "-fold";
- "a year", "per year", "annually", "/yr", "each year", "in a year" after an energy, a mass or a time
  is the period the question already states: "106,000 tce a year" is 106,000 tce, not a power. After
  an amount where a rate is asked ("40 million barrels a year" for barrels a day), it is a division.

*Bounds.* "at least", "no less than", "more than", "over", "above", "≥", ">" and, after the
number, "or more" make a lower bound; "at most", "no more than", "under", "less than", "below", "up
to", "≤", "<", "or less" an upper bound. Only a bound exercise wants one (``Exercise.bound``).

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
   points is accepted with a warning (``Exercise.percent_kind``);
5. **named mistakes come before the tolerance**: an answer nearer a named mistake than the right
   value, and within its own precision of that mistake, gets the mistake's explanation (the article's
   own "110,000 t" where the exercise asks how far the computed value is from it);
6. a bound must go the right way and be true: "at least 260 GW" where the figures only allow 255 GW
   is a false bound; a weaker true bound at the stated precision is accepted;
7. the answer must hold the right value at its stated precision, and be no rougher than the exercise
   allows (``Exercise.min_sig`` significant figures, ``Exercise.coarsest`` relative half-width); a
   count of whole things (``Exercise.whole``) accepts the whole numbers either side ("9 farms" or "10
   farms" for 9.3);
8. what is left is wrong, with the likeliest reason: a factor of 1,000, 100 or a million, one off in
   the last digit, or how many percent it is from the answer.

Feedback never shows pint's internal names: units go through ``units.unit_label``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

import numpy as np
import pint

from energycoop.quantities.units import Q_, fmt, parse_unit, unit_label, ureg

if TYPE_CHECKING:
    from energycoop.teaching.exercises import Exercise

MAX_LENGTH = 200  # characters in an answer string
MAX_POWER = 30  # the largest power of ten an answer may use (1e30)
ROUNDED_INTERMEDIATES = 0.0025  # an answer this close (relative) to the exact value is right, whatever its digits
NOT_ANSWERED = "Not answered yet: replace ... with your answer"


class AnswerError(ValueError):
    """An answer that cannot be read; the message says what was not understood."""


class WrongAnswer(AssertionError):
    """Raised by ``check`` in strict mode (for autograding) when an answer is not right."""


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


# --------------------------------------------------------------------------------------------------
# Characters


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SPACES = "\u00a0\u202f\u2009\u2007\u2002\u2003\u2004\u2005\u2006\u200a"


def _characters(text: str) -> str:
    """Typographic characters turned into the plain ones the reader knows; other digits refused."""
    text = re.sub(r"10([⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+)", lambda m: "10^" + m.group(1).translate(_SUPERSCRIPTS), text)
    for ch in text:
        if ch not in "0123456789" and (ch.isdigit() or ch.isnumeric()):
            name = unicodedata.name(ch, "a character").lower()
            raise AnswerError(f"{ch!r} ({name}) is not one of the digits 0 to 9: write numbers with 0-9, "
                              "and a power of ten as 10^6 or 1e6")
    for space in _SPACES:
        text = text.replace(space, " ")
    return (text.replace("\u2212", "-").replace("\u2013", "–").replace("\u2014", "–").replace("×", " x ")
            .replace("·", " * ").replace("⋅", " * ").replace("’", "'").replace("‘", "'")
            .replace("“", '"').replace("”", '"').replace("µ", "u"))


# --------------------------------------------------------------------------------------------------
# Words around the number


_LEAD = (r"(?:the\s+)?answer\s*(?:is|=|:)|it\s*(?:is|'s)|that\s*(?:is|'s)|about|approximately|approx\.?|"
         r"around|roughly|nearly|almost|circa|ca\.|c\.|some|close\s+to|just\s+about|[~≈=:]")
_DIRECTIONS = (
    ((r"at\s+least|not\s+less\s+than|no\s+less\s+than|no\s+fewer\s+than|not\s+fewer\s+than|more\s+than|over|"
      r"above|greater\s+than|upwards\s+of|in\s+excess\s+of|a\s+minimum\s+of|minimum(?:\s+of)?|min\.?|>=|≥|>"), "lower"),
    ((r"at\s+most|not\s+more\s+than|no\s+more\s+than|not\s+over|under|less\s+than|fewer\s+than|below|up\s+to|"
      r"a\s+maximum\s+of|maximum(?:\s+of)?|max\.?|<=|≤|<"), "upper"),
)
_TRAILING_DIRECTIONS = (
    (r"or\s+(?:more|above|over|higher|greater)|at\s+least|minimum|at\s+the\s+least", "lower"),
    (r"or\s+(?:less|fewer|below|under|lower)|at\s+most|maximum|at\s+the\s+most", "upper"),
)


def _strip_lead(body: str) -> tuple[str, str | None]:
    direction = None
    for _ in range(6):  # "about", then "at least", then "about" again...
        before = body
        body = re.sub(rf"^(?:{_LEAD})(?![a-z])\s*", "", body, flags=re.IGNORECASE)
        if direction is None:
            for pattern, which in _DIRECTIONS:
                if re.match(rf"^(?:{pattern})(?![a-z])", body, flags=re.IGNORECASE):
                    direction = which
                    body = re.sub(rf"^(?:{pattern})(?![a-z])\s*", "", body, flags=re.IGNORECASE)
                    break
        if body == before:
            break
    return body, direction


# --------------------------------------------------------------------------------------------------
# The number


_SEPARATED = re.compile(r"""
    (?P<sign>[-+]?)\s*
    (?:
      (?P<eu>\d{1,3}(?:\.\d{3})+,\d+)                      # 1.234,5
    | (?P<eudots>\d{1,3}(?:\.\d{3}){2,})(?![\d.,])         # 1.234.567
    | (?P<zero>0,\d+)                                      # 0,68
    | (?P<commas>\d{1,3}(?:,\d{3})+(?:\.\d+)?)(?![\d,])     # 105,875 or 5,100.5
    | (?P<spaces>\d{1,3}(?:[ ']\d{3})+(?:[.,]\d+)?)(?![\d])  # 3 500 or 105 875,5
    | (?P<comma>\d+,\d+)(?![\d,])                          # 36,6
    | (?P<plain>\d+(?:\.\d*)?|\.\d+)                       # 3500, 36.6, .5
    )
    (?P<exp>
      [eE][-+]?\d+
    | \s*(?:x|\*)\s*10\s*(?:\^|\*\*)\s*[-+]?\s*\d+
    )?
    """, re.VERBOSE)
_POWER_ONLY = re.compile(r"(?P<sign>[-+]?)10\s*(?:\^|\*\*)\s*(?P<exp>[-+]?\d+)")
_MULTIPLES = (  # a word or letter for a multiple, straight after the number (case-insensitive)
    (r"thousands?|k(?![a-z])", Decimal(10) ** 3),
    (r"millions?|mn|mln|mio|m(?![a-z/])", Decimal(10) ** 6),
    (r"billions?|bn", Decimal(10) ** 9),
    (r"trillions?|tn", Decimal(10) ** 12),
)


@dataclass(frozen=True)
class _Number:
    value: Decimal
    half: Decimal
    sig: int
    end: int
    whole: bool


def _digits_of(plain: str, shift: int) -> tuple[Decimal, Decimal, int]:
    """Value, half a unit of the last stated digit and significant figures of a plain number."""
    mantissa = plain.lstrip("+-")
    if "." in mantissa:
        whole, decimals = mantissa.split(".")
        places = -len(decimals)
        digits = (whole + decimals).lstrip("0")
    else:
        stripped = mantissa.rstrip("0")
        places = len(mantissa) - len(stripped) if stripped else 0
        digits = stripped.lstrip("0")
    try:
        value = Decimal(plain) * Decimal(10) ** shift
    except InvalidOperation:
        raise AnswerError(f"{plain!r} is not a number") from None
    return value, Decimal(5) * Decimal(10) ** (places + shift - 1), max(1, len(digits))


def _power(text: str) -> int:
    power = int(re.sub(r"[^\d+-]", "", text.split("10", 1)[1] if re.search(r"10\s*(\^|\*\*)", text)
                       else text[1:]))
    if abs(power) > MAX_POWER:
        raise AnswerError(f"the power of ten {power:,} is outside what an answer here can be (10^-{MAX_POWER} to "
                          f"10^{MAX_POWER})")
    return power


def _number(body: str, at: int = 0) -> _Number | None:
    """The number at position ``at`` of ``body`` (None if there is none)."""
    power_only = _POWER_ONLY.match(body, at)
    if power_only:
        power = _power("e" + power_only.group("exp"))
        value, half, sig = _digits_of(power_only.group("sign") + "1", power)
        return _Number(value, Decimal(0), 99, power_only.end(), False)
    match = _SEPARATED.match(body, at)
    if not match or not match.group(0).strip("+- "):
        return None
    sign = "-" if match.group("sign") == "-" else ""
    if match.group("eu"):
        plain = match.group("eu").replace(".", "").replace(",", ".")
    elif match.group("eudots"):
        plain = match.group("eudots").replace(".", "")
    elif match.group("zero"):
        plain = match.group("zero").replace(",", ".")
    elif match.group("commas"):
        plain = match.group("commas").replace(",", "")
    elif match.group("spaces"):
        plain = re.sub(r"[ ']", "", match.group("spaces")).replace(",", ".")
    elif match.group("comma"):
        plain = match.group("comma").replace(",", ".")
    else:
        plain = match.group("plain")
    plain = plain.removesuffix(".")
    if plain.startswith("."):
        plain = "0" + plain
    exp = match.group("exp")
    shift = _power(exp.strip()) if exp else 0
    value, half, sig = _digits_of(sign + plain, shift)
    return _Number(value, half, sig, match.end(), "." not in plain and not exp)


def _multiple(body: str, at: int) -> tuple[Decimal, int]:
    rest = body[at:]
    for pattern, size in _MULTIPLES:
        found = re.match(rf"\s*(?:{pattern})(?![a-z])", rest, flags=re.IGNORECASE)
        if found:
            after = rest[found.end():].strip().lower()
            # "m" alone is a million only when no unit follows that would make it a prefix or metres
            if found.group(0).strip().lower() == "m" and after and not re.match(r"(of\s|units?|vehicles?|cars?|"
                                                                                r"nevs?|evs?|tce|t\b|tonnes?)", after):
                continue
            if found.group(0).strip().lower() == "k" and after and re.match(r"(wh|w\b)", after):
                continue
            return size, at + found.end()
    return Decimal(1), at


# --------------------------------------------------------------------------------------------------
# The unit


# Phrases first (lower case, applied in order), then single words.
_PHRASES = [
    ((r"percentage\s*points?|percent(?:age)?\s*points?|per\s*cent(?:age)?\s*points?|%\s*points?|p\.\s?p\.?|\bpp\b|"
      r"\bppts?\b|\bpts?\b|\bpoints?\b"), " POINTS "),
    (r"per\s*cent\b|percent(?:age)?\b|\bpct\b|%", " % "),
    (r"\b(?:grams?|g)\s*(?:of\s+)?(?:standard\s+coal|coal\s+equivalent|coal\s+eq\.?|coal|sce|ce)\b", " gce "),
    (r"\b(?:kilograms?|kg)\s*(?:of\s+)?(?:standard\s+coal|coal\s+equivalent|coal|sce|ce)\b", " kgce "),
    ((r"\b(?:million|mn|m)\s*(?:metric\s+)?(?:tonnes?|tons?|t)\s*(?:of\s+)?(?:standard\s+coal|coal\s+equivalent|"
      r"coal\s+eq\.?|coal|sce|ce)\b"), " mtce "),
    (r"\bmt\s*(?:of\s+)?(?:standard\s+coal|coal\s+equivalent|coal\s+eq\.?|coal|sce|ce)\b", " mtce "),
    ((r"\b(?:metric\s+)?(?:tonnes?|tons?|t)\s*(?:of\s+)?(?:standard\s+coal|coal\s+equivalent|coal\s+eq\.?|coal|sce|"
      r"ce)\b"), " tce "),
    (r"\btsce\b", " tce "), (r"\bmtsce\b", " mtce "), (r"\bgsce\b", " gce "),
    (r"\bkb/?d\b|\bkbpd\b|\bkbd\b|\bthousand\s+(?:oil\s+)?barrels?\s+(?:a|per|each)\s+day\b", " thousand bbl / day "),
    (r"\bmb/?d\b|\bmbpd\b|\bmmb/?d\b|\bmillion\s+(?:oil\s+)?barrels?\s+(?:a|per|each)\s+day\b", " million bbl / day "),
    (r"\bb/d\b|\bbpd\b|\bbopd\b|\bbbl/d\b", " bbl / day "),
    (r"\b(?:oil\s+)?barrels?(?:\s+of\s+(?:crude\s+)?oil|\s+of\s+crude)?\b|\bbbls?\b", " bbl "),
    (r"\bus\s*dollars?\b|\bus\$|\bdollars?\b|\$", " usd "),
    (r"\byuan\b|\brmb\b|¥|\brenminbi\b", " cny "),
    (r"\bper\b|\ba\s+(?=(?:day|year|hour|yr)\b)|\beach\s+(?=(?:day|year|hour)\b)|\bevery\s+(?=(?:day|year|hour)\b)",
     " / "),
    (r"\bdaily\b", " / day "),
    (r"\b(?:kilowatt|megawatt|gigawatt|terawatt|watt|petawatt)s?[-\s]?hours?\b", "KWH_WORDS"),
    (r"-?\bfold\b", " times "),
]
_SIZES = {"thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6, "billion": Decimal(10) ** 9,
          "trillion": Decimal(10) ** 12}
_PREFIX_NAMES = {"kilo": "k", "mega": "M", "giga": "G", "tera": "T", "peta": "P", "exa": "E"}
_WORDS = {  # lower-case word -> pint unit (or multiple) it means here
    "wh": "Wh", "kwh": "kWh", "mwh": "MWh", "gwh": "GWh", "twh": "TWh", "pwh": "PWh",
    "j": "J", "kj": "kJ", "mj": "MJ", "gj": "GJ", "tj": "TJ", "pj": "PJ", "ej": "EJ",
    "w": "W", "kw": "kW", "mw": "MW", "gw": "GW", "tw": "TW",
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h", "d": "day", "day": "day", "days": "day",
    "yr": "year", "yrs": "year", "year": "year", "years": "year",
    "t": "t", "tonne": "t", "tonnes": "t", "ton": "t", "tons": "t", "kt": "kilotonne", "mt": "Mt", "gt": "Gt",
    "kg": "kg", "g": "g", "gram": "g", "grams": "g",
    "tce": "tce", "gce": "gce", "kgce": "kilogram_of_coal_equivalent", "mtce": "megatonne_of_coal_equivalent",
    "ktce": "kilotonne_of_coal_equivalent", "gtce": "gigatonne_of_coal_equivalent",
    "bbl": "oil_bbl", "cny": "CNY", "usd": "USD",
    "thousand": "thousand", "million": "million", "millions": "million", "mn": "million", "mln": "million",
    "billion": "billion", "billions": "billion", "bn": "billion", "trillion": "trillion", "tn": "trillion",
    "%": "percent", "times": "count", "time": "count", "x": "count",
}
for _name, _prefix in _PREFIX_NAMES.items():
    _WORDS[f"{_name}watt"] = f"{_prefix}W"
    _WORDS[f"{_name}watts"] = f"{_prefix}W"
    _WORDS[f"{_name}joule"] = f"{_prefix}J"
    _WORDS[f"{_name}joules"] = f"{_prefix}J"
_WORDS.update({"watt": "W", "watts": "W", "joule": "J", "joules": "J"})
# Words that say what is counted, and add nothing to the unit.
_FILLER = {"of", "the", "wind", "zhanatas", "zhanatas-size", "zhanatas-sized", "sized", "size", "like", "new",
           "energy", "electric", "exported", "exports", "crude", "oil", "electricity", "capacity", "renewable",
           "renewables", "approx", "approximately", "about", "roughly", "installed", "added", "in", "total",
           "whole", "full", "load", "full-load", "at", "power", "on", "average", "average,", "generated", "made",
           "produced", "china", "china's", "world", "s", "coal", "standard", "saved", "all", "needed", "only",
           "aluminium", "aluminum", "smelter", "refined", "processed", "long", "as", "bar", "bars", "efficient",
           "efficiency", "equivalent", "factor", "share", "growth", "rate", "difference", "gap", "output",
           "generation", "consumption", "demand", "used", "exchange"}
_COUNT_NOUNS = {"farm", "farms", "windfarm", "windfarms", "vehicle", "vehicles", "car", "cars", "unit", "units",
                "nev", "nevs", "ev", "evs"}
_PER_YEAR = (r"\s*(?:(?:a|per|each|every|in\s+a|in\s+one|in\s+the)\s+year|annually|yearly|per\s+annum|p\.\s?a\.|"
             r"/\s*(?:yr|year|a|annum))\s*$")


@dataclass(frozen=True)
class _Unit:
    unit: pint.Unit | None  # None: nothing written but filler or count nouns
    factor: Decimal
    points: bool
    percent: bool
    worded: bool
    per_year: bool


def _unit(rest: str, exercise: Exercise) -> _Unit:
    """The unit written after a number, read as the specification says."""
    text = " " + rest.strip() + " "
    per_year = False
    found = re.search(_PER_YEAR, text, flags=re.IGNORECASE)
    if found:
        per_year, text = True, text[:found.start()] + " "
    text = re.sub(r"\bin\s+(?:19|20)\d\d\b|\b(?:19|20)\d\d\b", " ", text)  # "in 2022"
    lowered = re.sub(r"\b([kmgtp]?w)\s*[*·-]\s*h\b", r"\1h", text.lower())
    for pattern, replacement in _PHRASES:
        lowered = re.sub(pattern, _kilowatt_hours if replacement == "KWH_WORDS" else replacement, lowered)
    points = "POINTS" in lowered
    lowered = lowered.replace("POINTS", " % ")
    percent = "%" in lowered and not points
    lowered = re.sub(r"(?<=\d)\s*x\s*$|^\s*x\s*$", " times ", lowered)
    tokens = re.findall(r"\*\*|\^|[/*()]|[a-z_$%¥][a-z_0-9$%'\-]*|\d+(?:\.\d+)?|\S", lowered)
    count_nouns = _COUNT_NOUNS | {w.lower() for noun in exercise.count_words for w in noun.split()} | \
        {w.lower().rstrip("s") for noun in exercise.count_words for w in noun.split()}
    unit: pint.Unit | None = None
    factor = Decimal(1)
    dividing = False
    previous: pint.Unit | None = None
    previous_divided = False
    worded = False
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token in ("/",):
            if dividing and previous is None:
                raise AnswerError(f"cannot read {rest.strip()!r} as a unit: two '/' in a row")
            dividing = True
            continue
        if token in ("*", "(", ")"):
            continue
        if token in ("**", "^"):
            if index >= len(tokens) or not re.fullmatch(r"[1-3]", tokens[index]) or previous is None \
                    or (index + 1 < len(tokens) and tokens[index + 1] in ("**", "^")):
                raise AnswerError(f"cannot read {rest.strip()!r} as a unit: a unit may only be raised to a small "
                                  "whole power, once (m^2, m**3)")
            power = int(tokens[index])
            index += 1
            extra = previous ** (power - 1)
            unit = unit / extra if previous_divided else unit * extra
            continue
        word = token.strip("'").rstrip(".")
        if word in _FILLER or word in count_nouns or word.rstrip("s") in count_nouns:
            worded = True
            continue
        if re.fullmatch(r"\d+(\.\d+)?", word):
            raise AnswerError(f"cannot read {rest.strip()!r} as a unit: a second number follows the first; write "
                              "one number and its unit (a power of ten as 1e6 or 10^6)")
        canonical = _WORDS.get(word)
        if canonical is None:
            canonical = _prefixed(word)
        if canonical is None:
            try:
                parsed = parse_unit(token)
            except ValueError:
                raise AnswerError(f"cannot read {token!r} as a unit: write the unit as in the questions, e.g. "
                                  f"'{_example_unit(exercise)}'") from None
        elif canonical in _SIZES and not dividing:
            factor *= _SIZES[canonical]
            worded = True
            continue
        else:
            parsed = parse_unit(canonical if canonical != "thousand" else "1000 * count")
        worded = True
        previous, previous_divided = parsed, dividing
        if unit is None:
            unit = 1 / parsed if dividing else parsed
        else:
            unit = unit / parsed if dividing else unit * parsed
        dividing = False
    if dividing:
        raise AnswerError(f"cannot read {rest.strip()!r} as a unit: nothing after '/'")
    return _Unit(unit, factor, points, percent, worded, per_year)


def _kilowatt_hours(match: re.Match) -> str:
    word = match.group(0).strip().lower()
    for name, prefix in _PREFIX_NAMES.items():
        if word.startswith(name):
            return f" {prefix.lower()}wh "
    return " wh "


def _prefixed(word: str) -> str | None:
    """A prefixed unit in any case ('mwh', 'PJ', 'Gw'), for the units the exercises use."""
    for base in ("wh", "w", "j", "t", "tce", "gce"):
        for prefix in "kmgtpe":
            if word == prefix + base:
                canonical = _WORDS.get(word)
                return canonical or {"k": "k", "m": "M", "g": "G", "t": "T", "p": "P", "e": "E"}[prefix] + \
                    {"wh": "Wh", "w": "W", "j": "J", "t": "t", "tce": "tce", "gce": "gce"}[base]
    return None


def _example_unit(exercise: Exercise) -> str:
    if exercise.count_words:
        return f"9 {exercise.count_words[0]}"
    if exercise.unit in ("dimensionless", ""):
        return "0.37 or 37 %"
    return unit_label(exercise.unit) or exercise.unit


# --------------------------------------------------------------------------------------------------
# Reading an answer


def _quantity_reading(answer: pint.Quantity) -> Reading:
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
    if not math.isfinite(as_float) or (as_float and not 10 ** -MAX_POWER <= abs(as_float) <= 10 ** MAX_POWER):
        raise AnswerError(f"{as_float:g} is outside what an answer here can be")
    units = answer.units
    label = _label(units)
    text = repr(magnitude) if isinstance(magnitude, int) or len(repr(magnitude)) <= 8 else None
    if text is None:  # a computed value: all its digits
        return Reading(Q_(as_float, units), as_float, as_float, None, shown_value(Q_(as_float, units), 6),
                       percent=str(units) == "percent")
    value, half, sig = _digits_of(text.replace("e+", "e").split("e")[0],
                                  int(text.split("e")[1]) if "e" in text else 0)
    return Reading(Q_(as_float, units), float(value - half), float(value + half), sig, f"{text} {label}".strip(),
                   percent=str(units) == "percent", whole=isinstance(magnitude, int))


def read_answer(answer, exercise: Exercise) -> Reading:
    """Read a pint quantity, a number or an answer string; ``AnswerError`` saying what could not be read."""
    if isinstance(answer, pint.Quantity):
        return _quantity_reading(answer)
    if isinstance(answer, (int, float, np.integer, np.floating)) and not isinstance(answer, (bool, np.bool_)):
        return _quantity_reading(Q_(answer, "dimensionless"))
    if not isinstance(answer, str):
        raise AnswerError(f"a {type(answer).__name__} is neither a number with a unit nor a string such as \"3.2 PJ\"")
    if len(answer) > MAX_LENGTH:
        raise AnswerError(f"the answer is {len(answer):,} characters long; a numeric answer is a number and its unit, "
                          f"at most {MAX_LENGTH} characters")
    original = " ".join(answer.split())
    text = _characters(original).strip().strip("\"'`").strip()
    text = re.sub(r"[.,;!]+$", "", text).strip()
    # a remark in brackets at the end: "36.6 % (capacity factor)", "0.366 (36.6%)", "over 255 GW (half of 510)"
    text = re.sub(r"(?<=\S)\s*\((?=[^()]*[\d ])[^()]*\)$", "", text).strip()
    text = re.sub(r"[.,;!]+$", "", text).strip()
    # a name for the answer before it: "CF = 36.6 %", "η: 39 %", "rate = 314 gce/kWh"
    text = re.sub(r"^[^\W\d][\w ()'-]{0,24}?\s*(?:=|:|≈|is)\s*(?=[-+~≈.\d]|about|approx|at |over|under|more|less)", "",
                  text, flags=re.IGNORECASE)
    body, direction = _strip_lead(text)
    for pattern, which in _TRAILING_DIRECTIONS:
        found = re.search(rf"\s*(?:{pattern})\s*$", body, flags=re.IGNORECASE)
        if found and direction is None:
            direction, body = which, body[:found.start()]
    between = re.match(r"between\s+", body, flags=re.IGNORECASE)
    if between:
        body = body[between.end():]
    body = re.sub(r"^(?:x|\*)\s*(?=\d)", "", body)  # "x4.1", "×4.1"
    first = _number(body)
    if first is None:
        raise AnswerError(f"{original[:60]!r} does not start with a number written in digits (like \"3.2 PJ\")")
    size, at = _multiple(body, first.end)
    second = None
    range_match = re.match(r"\s*(?:-|–|to|or|and)\s*", body[at:], flags=re.IGNORECASE)
    if range_match and not re.match(r"\s*/\s*[a-z]", body[at:], flags=re.IGNORECASE):
        candidate = _number(body, at + range_match.end())
        if candidate is not None:
            second = candidate
            size2, at = _multiple(body, candidate.end)
            size = max(size, size2)
    if second is None:  # "9 farms or 10 farms": the same words after each number
        two = re.match(r"(?P<unit>\s*[^\d]*?)\s+(?:or|to|-|–)\s+", body[at:], flags=re.IGNORECASE)
        if two and two.group("unit").strip():
            candidate = _number(body, at + two.end())
            if candidate is not None and body[candidate.end:].strip().lower() == two.group("unit").strip().lower():
                second = candidate
                at = at + len(two.group("unit"))
                body = body[:at]
    rest = body[at:]
    if re.match(r"\s*(?:/|\*|\+|÷|x\s*\d|-\s*\d)\s*[\d(.]", rest):
        raise AnswerError(f"{original[:60]!r} is a calculation: work it out and write the result with its unit "
                          "(\"12.5 GWh\", not \"25 MW * 500 h\")")
    sign = 1
    worded_sign = re.search(r"\s+(?:(higher|more|larger|greater|bigger|up|an?\s+increase|increase|above)|"
                            r"(lower|less|smaller|down|an?\s+decrease|decrease|below))(?:\s+than.*)?$", rest,
                            flags=re.IGNORECASE)
    if worded_sign and worded_sign.start() > 0 and exercise.percent_kind:
        sign, rest = (-1 if worded_sign.group(2) else 1), rest[:worded_sign.start()]
    unit = _unit(rest, exercise)
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
    try:
        value, low, high = (float(x * factor) for x in (value_d, low_d, high_d))
    except (OverflowError, InvalidOperation):
        raise AnswerError("the number is too large to be an answer here") from None
    if not all(math.isfinite(x) for x in (value, low, high)) or (value and abs(value) > 10.0 ** (MAX_POWER + 12)):
        raise AnswerError("the number is outside what an answer here can be")
    return Reading(Q_(value, quantity_unit), low, high, sig, original, direction, unit.points, unit.percent,
                   second is not None, whole and size == 1 and unit.factor == 1, unit.worded,
                   size != 1 or unit.factor != 1)


def _per_year(unit, exercise: Exercise):
    """'a year' after an amount: a division where a rate is asked and the amount alone does not fit, else
    the period the question already states."""
    expected = ureg.parse_units(exercise.unit or "dimensionless")
    if (ureg.dimensionless * unit).dimensionality == expected.dimensionality:
        return unit
    if (unit / ureg.year).dimensionality == expected.dimensionality:
        return unit / ureg.year
    return unit


# --------------------------------------------------------------------------------------------------
# Plain words for what a quantity measures


_KINDS = (
    ("GW", "a power"), ("GWh", "an energy"), ("t", "a mass"), ("h", "a time"), ("m", "a length"),
    ("m**3", "a volume"), ("CNY", "an amount in yuan"), ("USD", "an amount in US dollars"),
    ("CNY/USD", "an exchange rate in yuan per dollar"), ("USD/CNY", "an exchange rate in dollars per yuan"),
    ("kWh/t", "an energy per mass"), ("g/kWh", "a mass per energy"), ("oil_bbl/t", "a volume per mass"),
    ("t/oil_bbl", "a mass per volume"), ("oil_bbl/day", "a volume per time"), ("t/day", "a mass per time"),
    ("GWh/day", "a power (an energy per time)"), ("GWh/t", "an energy per mass"), ("GW*h*h", "an energy times a time"),
    ("1/h", "a frequency (something per hour)"), ("GW/t", "a power per mass"), ("t/GW", "a mass per power"),
    ("h/t", "a time per mass"), ("USD/t", "a price per mass"), ("CNY*USD", "yuan times dollars"),
    ("1/CNY", "something per yuan"), ("1/USD", "something per dollar"), ("GW*t", "a power times a mass"),
    ("GWh/year/year", "an energy per year per year"), ("oil_bbl", "a volume"), ("t/h", "a mass per time"),
    ("GWh/MW", "a time (energy per power)"), ("1/GW", "something per unit of power"),
    ("1/GWh", "something per unit of energy"), ("1/t", "something per mass"),
)


def in_words(q) -> str:
    """What ``q`` (a quantity or unit) measures, in plain words: 'an energy', 'a mass per energy'."""
    dimensionality = q.dimensionality
    if not dict(dimensionality):
        return "a pure number (a ratio, share or count)"
    for example, words in _KINDS:
        if ureg.parse_units(example).dimensionality == dimensionality:
            return words
    names = {"[mass]": "mass", "[length]": "length", "[time]": "time", "[currency_cny]": "yuan",
             "[currency_usd]": "dollars", "[temperature]": "temperature", "[current]": "electric current",
             "[substance]": "amount of substance", "[luminosity]": "light"}
    powers = {1: "", 2: " squared", 3: " cubed"}
    top = [names.get(d, d.strip("[]")) + powers.get(p, f" to the power {p:g}") for d, p in dimensionality.items()
           if p > 0]
    bottom = [names.get(d, d.strip("[]")) + powers.get(-p, f" to the power {-p:g}") for d, p in dimensionality.items()
              if p < 0]
    return "a quantity of " + (" times ".join(top) or "one") + (" per " + " per ".join(bottom) if bottom else "")


def _label(units) -> str:
    """A unit as readers see it ('' for a plain number, '%', 'million tce', 'barrels/day')."""
    if units == ureg.dimensionless:
        return ""
    return unit_label(units).replace("·", " ")


def _what(exercise: Exercise) -> str:
    return exercise.measures or in_words(ureg.parse_units(exercise.unit))


def _in_unit(exercise: Exercise) -> str:
    """' in MW', or '' for a plain number."""
    label = _label(ureg.parse_units(exercise.unit)) if exercise.unit not in ("", "dimensionless") else ""
    if not label:
        return ""
    return " in percent" if label == "%" else f" in {label}"


def shown_value(q: pint.Quantity, sig: int = 4) -> str:
    """A value for feedback: readable units, dimensionless ratios as plain numbers, counts of millions in
    millions ('0.6757 million', '36.58%', '3,500 h')."""
    long = f"{q.units:D}"
    if q.dimensionless and long not in ("percent", "million", "count", "dimensionless") \
            and "coal_equivalent" not in long:
        q = q.to("dimensionless")
    magnitude = abs(float(q.magnitude))
    if magnitude and (magnitude >= 1e9 or magnitude < 1e-3) and long != "million":
        mantissa, _, power = f"{float(q.magnitude):.{sig - 1}e}".partition("e")
        label = _label(q.units)
        return f"{mantissa}×10^{int(power)}" + (f" {label}" if label and label != "%" else label)
    if long == "million":
        return fmt(q, "million", sig)
    return fmt(q, sig=sig)


# --------------------------------------------------------------------------------------------------
# The check


def _window(reading: Reading, low: float, high: float, value: float, exercise: Exercise) -> tuple[float, float]:
    """The values an answer stands for, in the exercise's unit: its precision, or the tolerance for rounded
    intermediate values, whichever is wider (a computed quantity: ``Exercise.tolerance``)."""
    if reading.sig is None:
        slack = exercise.tolerance * abs(value)
        return value - slack, value + slack
    slack = ROUNDED_INTERMEDIATES * abs(value)
    return min(low, value - slack), max(high, value + slack)


def _inside(x: float, window: tuple[float, float]) -> bool:
    return window[0] - 1e-12 * abs(x) <= x <= window[1] + 1e-12 * abs(x)


def verdict(key: str, answer, seed: int = 0) -> tuple[str, str]:
    """Whether ``answer`` to exercise ``key`` (variant ``seed``) is ``"right"``, ``"wrong"``,
    ``"not answered"`` or, for an open question, ``"to mark"``, and a sentence saying why."""
    from energycoop.teaching.exercises import EXERCISES

    if key not in EXERCISES:
        raise KeyError(f"no exercise {key!r}; exercises are {', '.join(EXERCISES)}")
    exercise = EXERCISES[key]
    if answer is None or answer is Ellipsis or (isinstance(answer, str) and not answer.strip()):
        if exercise.open:
            example = "answer = \"\"\"your explanation\"\"\""
        elif exercise.is_choice:
            example = "answer = \"compatible\" (a verdict's words)"
        elif exercise.unit == "dimensionless":
            example = "answer = \"...\" with a plain number or a percentage"
        else:
            label = _label(ureg.parse_units(exercise.unit))
            example = f"answer = \"... {label}\""
        return "not answered", f"{NOT_ANSWERED}, e.g. {example}."
    if exercise.open:
        if not isinstance(answer, str):
            return "wrong", "Wrong: this question wants sentences, as text: answer = \"\"\"...\"\"\"."
        words = len(answer.split())
        if words < 12:
            return "wrong", f"Too short: {words} words. Explain in two to four sentences."
        return "to mark", f"Written: {words} words. Your teacher marks this one (rubric in TEACHING.md)."
    if exercise.is_choice:
        return _verdict_on_choice(exercise, answer, seed)
    try:
        reading = read_answer(answer, exercise)
    except AnswerError as exc:
        return "wrong", f"Cannot read your answer: {exc}."
    return _judge(exercise, reading, isinstance(answer, pint.Quantity), seed)


def _judge(exercise: Exercise, reading: Reading, is_quantity: bool, seed: int) -> tuple[str, str]:
    from energycoop.teaching.exercises import values

    expected = exercise.expected(seed)
    target = float(expected.magnitude)
    given = reading.quantity
    unit = exercise.unit
    what = _what(exercise)
    text = reading.text
    plain_number = given.units == ureg.dimensionless and not reading.percent
    if unit == "million" and plain_number and not reading.scaled and not is_quantity \
            and abs(float(given.magnitude)) < 1000:  # the question asks "in millions"
        reading = Reading(Q_(float(given.magnitude), "million"), reading.low, reading.high, reading.sig, text,
                          reading.direction, is_range=reading.is_range, whole=reading.whole, worded=True, scaled=True)
        given = reading.quantity
    if not is_quantity and plain_number and unit not in ("dimensionless", "percent", "million") \
            and not reading.worded:
        return "wrong", (f"Wrong: {text} has no unit. Write the unit too, e.g. \"{text} {_label(expected.units)}\", "
                         "so that the unit is checked as well.")
    if given.dimensionality != expected.dimensionality:
        scale = float(Q_(1, given.units).to_base_units().magnitude)
        number_right = False
        if (1 / given).dimensionality == expected.dimensionality:
            flipped = float((1 / Q_(1, given.units)).to(unit).magnitude)
            number_right = _inside(target, _window(reading, reading.low, reading.high, float(given.magnitude),
                                                   exercise)) and math.isclose(flipped, 1.0, rel_tol=1e-9)
            if number_right:
                return "wrong", (f"Wrong: the number is right, but {_label(given.units)} is upside down: the answer "
                                 f"is {what}{_in_unit(exercise)}.")
        del scale
        note = ""
        if given.dimensionality == ureg.parse_units("g/kWh").dimensionality and unit == "gce/kWh":
            note = (" Write gce (grams of coal equivalent, an amount of energy), not g (grams, a mass): "
                    "\"314 gce/kWh\" or \"314 grams of coal equivalent per kWh\".")
        elif given.dimensionality == ureg.parse_units("t").dimensionality and "tce" in unit:
            note = " Write tce (tonnes of coal equivalent, an amount of energy), not t (tonnes, a mass)."
        if _inside(target, _window(reading, reading.low, reading.high, float(given.magnitude), exercise)):
            note = " Your number matches; the unit does not." + note
        what_given = in_words(given) if given.units != ureg.dimensionless else "a plain number"
        return "wrong", f"Wrong: {text} is {what_given}; the answer is {what}{_in_unit(exercise)}.{note}"
    converted = given.to(unit)
    value = float(converted.magnitude)
    factor = value / float(given.magnitude) if given.magnitude else float(Q_(1, given.units).to(unit).magnitude)
    low, high = sorted((reading.low * factor, reading.high * factor))
    if not all(math.isfinite(x) for x in (value, low, high)):
        return "wrong", "Cannot read your answer: the number is outside what an answer here can be."
    window = _window(reading, low, high, value, exercise)
    in_their_unit = shown_value(expected) if given.units == ureg.dimensionless or reading.percent or reading.scaled \
        else shown_value(expected.to(given.units))
    if reading.percent or reading.points:
        in_their_unit = shown_value(expected.to("percent"))
    holds = _inside(target, window)
    # 3. the given restated in its own unit, where a conversion is asked
    for name in exercise.convert:
        if _base_unit_names(given.units) & _base_unit_names(parse_unit(name)):
            return "wrong", (f"Wrong: {text} is in {_label(given.units)}, a unit the question gives its figures in; "
                             f"the question asks for the answer{_in_unit(exercise)}: convert it.")
    # 4. percentage points against a relative difference
    if exercise.percent_kind == "relative" and reading.points and holds:
        return "wrong", (f"Wrong: {text} is in percentage points, which measure the gap between two percentages; "
                         "this asks for a relative difference, a percentage of the starting value: write it in %.")
    # 5. named mistakes, before the tolerance
    v = values(seed)
    for why, wrong in exercise.mistakes.items():
        mistaken = float(wrong(v).to(unit).magnitude)
        if not math.isfinite(mistaken) or math.isclose(mistaken, target, rel_tol=0.005):
            continue
        if _inside(mistaken, window) and (not holds or abs(value - mistaken) < abs(value - target)):
            return "wrong", f"Wrong: {text} — {why}."
    # 6. bounds
    if exercise.bound:
        if holds and reading.direction != exercise.bound:
            if reading.direction is None:
                return "wrong", (f"Nearly: the number is right, but the answer is a bound, not a value: write, as text, "
                                 f"which way it goes: \"at least {text}\" or \"at most {text}\".")
            return "wrong", (f"Wrong: the number is right, but the bound goes the other way: {text} says the truth "
                             f"is {'at least' if reading.direction == 'lower' else 'at most'} this; it is "
                             f"{'at least' if exercise.bound == 'lower' else 'at most'}.")
        if reading.direction == exercise.bound:
            exact = 1e-9 * abs(target)
            false = value > target + exact if exercise.bound == "lower" else value < target - exact
            if false and (holds or abs(value - target) <= 0.2 * abs(target)):
                return "wrong", (f"Wrong: {text} is a false bound: the figures allow "
                                 f"{'less' if exercise.bound == 'lower' else 'more'} than that. A bound is rounded "
                                 f"the safe way ({'down' if exercise.bound == 'lower' else 'up'}), never past the "
                                 "value the figures give.")
            if not holds and not false and abs(value - target) <= 0.3 * abs(target):
                return "wrong", (f"Wrong: {text} is true, but weaker than the figures give: "
                                 f"{100 * abs(value / target - 1):.0f}% from the tightest bound. Work it out from "
                                 "the figures rather than rounding far.")
    # 7. the tolerance, the precision and whole counts
    if exercise.whole and reading.whole and not reading.is_range and math.floor(target) <= value <= math.ceil(target) \
            and float(value).is_integer() and value > 0:
        side = "whole farms cover it" if value >= target else "whole farms fall just short of it"
        return "right", (f"Right: {text} ({shown_value(expected, 3)} exactly: {value:,.0f} {side}).")
    if reading.is_range:
        if exercise.whole and reading.whole and low <= target <= high and high - low <= 2.0 + 1e-9:
            return "right", f"Right: {text} (the answer is {in_their_unit})."
        allowed = 2 * _coarsest_half(exercise, target)
        if holds and high - low <= allowed * 1.000001:
            return "right", f"Right: {text} (the answer is {in_their_unit})."
        if holds:
            return "wrong", (f"Too rough: {text} is a range from {shown_value(Q_(low, unit), 3)} to "
                             f"{shown_value(Q_(high, unit), 3)}; give one value, or a narrower range.")
    if holds and not reading.is_range:
        half = (high - low) / 2
        rough = reading.sig is not None and (reading.sig < exercise.min_sig or half > exercise.coarsest * abs(value)
                                             or half > _coarsest_half(exercise, target) * 1.000001)
        if rough and not _inside(target, (value - ROUNDED_INTERMEDIATES * abs(value),
                                          value + ROUNDED_INTERMEDIATES * abs(value))):
            need = exercise.min_sig if reading.sig < exercise.min_sig else reading.sig + 1
            return "wrong", (f"Too rough: {text} is stated to {reading.sig} significant figure"
                             f"{'s' if reading.sig > 1 else ''}, so it could mean anything from "
                             f"{shown_value(Q_(low, unit).to(given.units), 3)} to "
                             f"{shown_value(Q_(high, unit).to(given.units), 3)}. Give at least {need} significant "
                             "figures.")
        note = ""
        if exercise.percent_kind == "points" and not reading.points:
            note = (" Careful: a gap between two percentages is in percentage points (pp); \"%\" alone usually "
                    "means a relative difference.")
        return "right", f"Right: {text} (the answer is {in_their_unit}).{note}"
    # 8. what is left is wrong: the likeliest reason
    for size, why in ((1000, "a factor of 1000: check the prefixes (k, M, G)"),
                      (100, "a factor of 100: a percentage and a fraction differ by 100"),
                      (1e6, "a factor of a million: check 'million' and the prefixes")):
        for scaled in (target * size, target / size):
            if _inside(scaled, (window[0] - 0.005 * abs(scaled), window[1] + 0.005 * abs(scaled))):
                return "wrong", f"Wrong: {text} is off by {why}."
    if value and _inside(-target, window):
        return "wrong", (f"Wrong: {text} has the wrong sign: the size is right, but check which way the difference "
                         "goes (the question says which is positive).")
    if reading.sig is not None and high > low and abs(value - target) < (high - low):
        return "wrong", (f"Wrong: {text} is not the answer rounded to the digits you give: it is one off "
                         "in the last digit. Round to the nearest, don't cut digits off.")
    if not target:
        return "wrong", f"Wrong: {text} is not the answer; check each step and the numbers you used."
    ratio = value / target
    return "wrong", (f"Wrong: {text} is {100 * (ratio - 1):+.1f}% from the answer; "
                     "check each step and the numbers you used.")


def _coarsest_half(exercise: Exercise, target: float) -> float:
    """Half the width of the roughest answer the exercise accepts near ``target`` (its least precision)."""
    if not target:
        return math.inf
    exponent = math.floor(math.log10(abs(target))) - exercise.min_sig + 1
    return max(0.5 * 10 ** exponent, 0.0) if exercise.coarsest >= 1 else \
        min(0.5 * 10 ** exponent, exercise.coarsest * abs(target))


def _base_unit_names(units) -> set[str]:
    names = set()
    for name in dict(units._units):
        try:
            _prefix, base, _suffix = ureg.parse_unit_name(name)[0]
        except (IndexError, ValueError):
            base = name
        names.add(base)
    return names - {"million", "billion", "trillion", "thousand", "count"}


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[\"'“”‘’.!,;:`]", " ", text).lower().replace("-", " ").split())


def _verdict_on_choice(exercise: Exercise, answer, seed: int) -> tuple[str, str]:
    """A choice among ``exercise.options`` (a verdict's words), right or wrong, and why."""
    from energycoop.analysis import audit

    options = {_normal(o): o for o in exercise.options}
    listed = "; ".join(f'"{o}"' for o in exercise.options)
    if not isinstance(answer, str):
        return "wrong", "Cannot read your answer: write one of the verdicts as text, e.g. answer = \"compatible\"."
    if len(answer) > MAX_LENGTH:
        return "wrong", f"Cannot read your answer: a verdict is a few words, not {len(answer):,} characters."
    given = _normal(answer)
    given = re.sub(r"^(?:the\s+)?(?:verdict|answer)\s+(?:is\s+)?", "", given)
    given = re.sub(r"^(?:it\s+is|it s)\s+", "", given)
    if given not in options:
        found = [o for o in options if re.search(rf"\b{re.escape(o)}\b", given)]
        longest = max(found, key=len) if found else None
        if longest and all(longest == o or o in longest for o in found):
            given = longest
        else:
            return "wrong", f"Cannot read your answer: {answer.strip()[:60]!r} is not one of the verdicts ({listed})."
    expected = exercise.expected(seed)
    if options[given] == expected:
        return "right", f"Right: {expected} ({audit.VERDICTS.get(expected, '')})."
    why = exercise.wrong_choices.get(options[given], "compare your reasoning with each verdict's definition in "
                                                     "notebook 10's legend")
    return "wrong", f"Wrong: not \"{options[given]}\": {why}."


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
        print(f"{sentence}" if unreadable else f"{GRADED_NOTE}: {_recorded(key, answer)}.")
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
    from energycoop.teaching.exercises import values

    values(seed)

    def check_answer(key: str, answer) -> str:
        return check(key, answer, strict, seed, graded)

    return check_answer


def show_answer(answer) -> str:
    """An answer as a worked solution prints it: readable units, never pint's repr ('36.58%', '3,500 h')."""
    if isinstance(answer, str):
        return answer
    if isinstance(answer, pint.Quantity):
        return shown_value(answer, 4)
    return repr(answer)
