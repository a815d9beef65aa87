"""The words of an answer after its number: the unit, in words or symbols (``read_unit``; the words it
knows are ``unit_vocabulary``'s). ``answers`` reads the number and calls this; its docstring is the
specification of what a student may write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

import pint

from energycoop.quantities.units import parse_unit
from energycoop.teaching.quantity_words import example_answer
from energycoop.teaching.unit_vocabulary import (
    COUNT_NOUNS,
    FILLER,
    MAX_UNIT_POWER,
    MAX_UNIT_WORDS,
    PER_SECOND,
    PER_YEAR,
    PHRASES,
    PREFIX_NAMES,
    SIZES,
    WORDS,
)

if TYPE_CHECKING:
    from energycoop.teaching.exercise import Exercise


class AnswerError(ValueError):
    """An answer that cannot be read; the message says what was not understood."""


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "..."


@dataclass(frozen=True)
class Unit:
    unit: pint.Unit | None  # None: nothing written but filler or count nouns
    factor: Decimal
    points: bool
    percent: bool
    worded: bool
    per_year: bool


def read_unit(rest: str, exercise: Exercise) -> Unit:  # noqa: C901 (to be split: listed in CONTRIBUTING)
    """The unit written after a number, read as the specification says."""
    text = " " + rest.strip() + " "
    per_year = False
    found = re.search(PER_YEAR, text, flags=re.IGNORECASE)
    if found:
        per_year, text = True, text[: found.start()] + " "
    text = re.sub(r"\bin\s+(?:19|20)\d\d\b|\b(?:19|20)\d\d\b", " ", text)  # "in 2022"
    lowered = re.sub(r"\b([kmgtp]?w)e?\s*[*·-]?\s*h(?:ours?|rs?)?\b", r"\1h", text.lower())  # "kW h", "kW·h"
    lowered = re.sub(r"\b([kmgt]w)e\b", r"\1", lowered)
    lowered = re.sub(
        r"\s([a-z]+)\s*(?:\^|\*\*)?\s*[-−]1\b", r" / \1", lowered
    )  # "gce kWh-1", "gce kWh^-1"  # "MWe": megawatts of electricity
    for pattern, replacement in PHRASES:
        lowered = re.sub(pattern, _kilowatt_hours if replacement == "KWH_WORDS" else replacement, lowered)
    points = "POINTS" in lowered
    lowered = lowered.replace("POINTS", " % ")
    percent = "%" in lowered and not points
    lowered = re.sub(r"(?<=\d)\s*x\s*$|^\s*x\s*$", " times ", lowered)
    tokens = re.findall(r"\*\*|\^|[/*()]|[a-z_$%¥][a-z_0-9$%'\-]*|\d+(?:\.\d+)?|\S", lowered)
    count_nouns = (
        COUNT_NOUNS
        | {w.lower() for noun in exercise.count_words for w in noun.split()}
        | {w.lower().rstrip("s") for noun in exercise.count_words for w in noun.split()}
    )
    unit: pint.Unit | None = None
    factor = Decimal(1)
    dividing = False
    previous: pint.Unit | None = None
    previous_divided = False
    worded = False
    units_read = 0
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
            if (
                index >= len(tokens)
                or not re.fullmatch(r"[1-3]", tokens[index])
                or previous is None
                or (index + 1 < len(tokens) and tokens[index + 1] in ("**", "^"))
            ):
                raise AnswerError(
                    f"cannot read {rest.strip()!r} as a unit: a unit may only be raised to a small "
                    "whole power, once (m^2, m**3)"
                )
            power = int(tokens[index])
            index += 1
            extra = previous ** (power - 1)
            unit = unit / extra if previous_divided else unit * extra
            continue
        word = token.strip("'").rstrip(".")
        if dividing and word in PER_SECOND:  # "MJ/s", "kJ/sec": "s" after "/" is a second, not filler
            token = word = "second"
        if word == "of" and unit is not None and _restates(tokens[index:], count_nouns):
            worded = True  # "62.9 % of the world's additions": what the percentage or unit is of
            break
        if word in FILLER or word in count_nouns or word.rstrip("s") in count_nouns:
            worded = True
            continue
        if re.fullmatch(r"\d+(\.\d+)?", word):
            raise AnswerError(
                f"cannot read {rest.strip()!r} as a unit: a second number follows the first; write "
                "one number and its unit (a power of ten as 1e6 or 10^6)"
            )
        canonical = WORDS.get(word)
        if canonical is None:
            canonical = _prefixed(word)
        if canonical is None:
            try:
                parsed = parse_unit(token)
            except ValueError:
                raise AnswerError(
                    f"cannot read {_short(token)!r} as a unit: write the unit as the question does, "
                    f"e.g. '{example_answer(exercise)}'"
                ) from None
        elif canonical in SIZES and not dividing:
            factor *= SIZES[canonical]
            worded = True
            continue
        else:
            parsed = parse_unit(canonical if canonical != "thousand" else "1000 * count")
        worded = True
        units_read += 1
        if units_read > MAX_UNIT_WORDS:
            raise AnswerError(
                f"cannot read {_short(rest)!r} as a unit: it strings {units_read} or more units together; "
                f"a unit here is one or two units, as in the question ('{example_answer(exercise)}')"
            )
        previous, previous_divided = parsed, dividing
        if unit is None:
            unit = 1 / parsed if dividing else parsed
        else:
            unit = unit / parsed if dividing else unit * parsed
        dividing = False
    if dividing and re.search(r"/\s*$", rest):
        raise AnswerError(f"cannot read {rest.strip()!r} as a unit: nothing after '/'")
    if dividing:  # only words that are not units after the "/"
        sign = "/" if "/" in rest else "per"
        after = re.split(r"/|\bper\b", rest, flags=re.IGNORECASE)[-1].strip()
        raise AnswerError(
            f"cannot read {_short(after)!r} after '{sign}' as a unit: write the unit as the question does, "
            f"e.g. '{example_answer(exercise)}'"
        )
    if unit is not None and any(abs(p) > MAX_UNIT_POWER for p in dict(unit._units).values()):
        raise AnswerError(
            f"cannot read {_short(rest)!r} as a unit: it multiplies the same unit "
            f"more than {MAX_UNIT_POWER} times; a unit here is one or two units, as in the question "
            f"('{example_answer(exercise)}')"
        )
    return Unit(unit, factor, points, percent, worded, per_year)


def _restates(tokens: list[str], count_nouns: set[str]) -> bool:
    """Whether the words after "of" (following a percentage or a unit) only say what it is of ("of the world's
    additions", "of world additions"): words only, none of them a unit, a number or a multiple."""
    if not tokens:
        return False
    for token in tokens:
        word = token.strip("'").rstrip(".")
        if not re.fullmatch(r"[a-z][a-z'\-]*", word):
            return False
        if word in FILLER or word in count_nouns or word.rstrip("s") in count_nouns:
            continue
        if word in WORDS or _prefixed(word) is not None:
            return False
        try:
            parse_unit(token)
        except ValueError:
            continue
        return False
    return True


def _kilowatt_hours(match: re.Match) -> str:
    word = match.group(0).strip().lower()
    for name, prefix in PREFIX_NAMES.items():
        if word.startswith(name):
            return f" {prefix.lower()}wh "
    return " wh "


def _prefixed(word: str) -> str | None:
    """A prefixed unit in any case ('mwh', 'PJ', 'Gw'), for the units the exercises use."""
    for base in ("wh", "w", "j", "t", "tce", "gce"):
        for prefix in "kmgtpe":
            if word == prefix + base:
                canonical = WORDS.get(word)
                return (
                    canonical
                    or {"k": "k", "m": "M", "g": "G", "t": "T", "p": "P", "e": "E"}[prefix]
                    + {"wh": "Wh", "w": "W", "j": "J", "t": "t", "tce": "tce", "gce": "gce"}[base]
                )
    return None
