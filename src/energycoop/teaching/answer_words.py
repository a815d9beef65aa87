"""The words of an answer after its number: the unit, in words or symbols (``read_unit``; the words it
knows are ``unit_vocabulary``'s). ``answers`` reads the number and calls this; its docstring is the
specification of what a student may write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, cast

import pint
from pint.facets.plain import PlainUnit

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


def read_unit(rest: str, exercise: Exercise) -> Unit:
    """The unit written after a number, read as the specification says."""
    tokens, points, percent, per_year = _unit_tokens(rest)
    reader = _UnitReader(rest, exercise)
    reader.read(tokens)
    reader.check_complete()
    return Unit(reader.unit, reader.factor, points, percent, reader.worded, per_year)


def too_high_a_power(units: PlainUnit) -> bool:
    """Whether a unit multiplies the same unit more than ``MAX_UNIT_POWER`` times ("EJ EJ EJ EJ")."""
    # (pint types a unit's powers as any scalar, complex and numpy's too; they are real numbers)
    powers = cast("dict[str, float]", dict(units._units))
    return any(abs(power) > MAX_UNIT_POWER for power in powers.values())


def _unit_tokens(rest: str) -> tuple[list[str], bool, bool, bool]:
    """The words after the number in a normal form (lower case, phrases replaced), split into tokens, and
    whether they said percentage points, percent and 'a year'."""
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
    return tokens, points, percent, per_year


class _UnitReader:
    """The unit read so far from an answer's words (``rest``), token by token: the product of the units, the
    multiple ("million"), and whether any word was written."""

    def __init__(self, rest: str, exercise: Exercise) -> None:
        self.rest = rest
        self.exercise = exercise
        self.count_nouns = (
            COUNT_NOUNS
            | {w.lower() for noun in exercise.count_words for w in noun.split()}
            | {w.lower().rstrip("s") for noun in exercise.count_words for w in noun.split()}
        )
        self.unit: pint.Unit | None = None
        self.factor = Decimal(1)
        self.dividing = False
        self.previous: pint.Unit | None = None  # the last unit read, and whether it divided
        self.previous_divided = False
        self.worded = False
        self.units_read = 0

    def read(self, tokens: list[str]) -> None:
        index = 0
        while index < len(tokens):
            token = tokens[index]
            index += 1
            if token == "/":
                if self.dividing and self.previous is None:
                    raise AnswerError(f"cannot read {self.rest.strip()!r} as a unit: two '/' in a row")
                self.dividing = True
            elif token in ("**", "^"):
                self._raise_previous(tokens, index)
                index += 1
            elif token not in ("*", "(", ")") and not self._take_word(token, tokens[index:]):
                break

    def _raise_previous(self, tokens: list[str], index: int) -> None:
        """A power after a unit ("m^2", "m**3"): the last unit read raised to it (``tokens[index]``)."""
        if (
            index >= len(tokens)
            or not re.fullmatch(r"[1-3]", tokens[index])
            or self.previous is None
            or self.unit is None  # (never, with a previous unit: for the type checker)
            or (index + 1 < len(tokens) and tokens[index + 1] in ("**", "^"))
        ):
            raise AnswerError(
                f"cannot read {self.rest.strip()!r} as a unit: a unit may only be raised to a small "
                "whole power, once (m^2, m**3)"
            )
        extra = self.previous ** (int(tokens[index]) - 1)
        self.unit = self.unit / extra if self.previous_divided else self.unit * extra

    def _take_word(self, token: str, following: list[str]) -> bool:
        """One word of the unit; False where the words from here on only say what it is of."""
        word = token.strip("'").rstrip(".")
        if self.dividing and word in PER_SECOND:  # "MJ/s", "kJ/sec": "s" after "/" is a second, not filler
            token = word = "second"
        if word == "of" and self.unit is not None and _restates(following, self.count_nouns):
            self.worded = True  # "62.9 % of the world's additions": what the percentage or unit is of
            return False
        if word in FILLER or word in self.count_nouns or word.rstrip("s") in self.count_nouns:
            self.worded = True
            return True
        if re.fullmatch(r"\d+(\.\d+)?", word):
            raise AnswerError(
                f"cannot read {self.rest.strip()!r} as a unit: a second number follows the first; write "
                "one number and its unit (a power of ten as 1e6 or 10^6)"
            )
        parsed = self._parsed(token, word)
        if parsed is not None:
            self._multiply(parsed)
        return True

    def _parsed(self, token: str, word: str) -> pint.Unit | None:
        """The unit a word names; None for a word for a multiple ("million"), taken into the factor."""
        canonical = WORDS.get(word)
        if canonical is None:
            canonical = _prefixed(word)
        if canonical is None:
            try:
                return parse_unit(token)
            except ValueError:
                raise AnswerError(
                    f"cannot read {_short(token)!r} as a unit: write the unit as the question does, "
                    f"e.g. '{example_answer(self.exercise)}'"
                ) from None
        if canonical in SIZES and not self.dividing:
            self.factor *= SIZES[canonical]
            self.worded = True
            return None
        return parse_unit(canonical if canonical != "thousand" else "1000 * count")

    def _multiply(self, parsed: pint.Unit) -> None:
        """One more unit read: the product so far times it, or divided by it after "/" or "per"."""
        self.worded = True
        self.units_read += 1
        if self.units_read > MAX_UNIT_WORDS:
            raise AnswerError(
                f"cannot read {_short(self.rest)!r} as a unit: it strings {self.units_read} or more units "
                "together; a unit here is one or two units, as in the question "
                f"('{example_answer(self.exercise)}')"
            )
        self.previous, self.previous_divided = parsed, self.dividing
        if self.unit is None:
            self.unit = 1 / parsed if self.dividing else parsed
        else:
            self.unit = self.unit / parsed if self.dividing else self.unit * parsed
        self.dividing = False

    def check_complete(self) -> None:
        """Refuse a unit left unfinished (nothing, or no unit, after "/") or of too high a power."""
        rest, exercise = self.rest, self.exercise
        if self.dividing and re.search(r"/\s*$", rest):
            raise AnswerError(f"cannot read {rest.strip()!r} as a unit: nothing after '/'")
        if self.dividing:  # only words that are not units after the "/"
            sign = "/" if "/" in rest else "per"
            after = re.split(r"/|\bper\b", rest, flags=re.IGNORECASE)[-1].strip()
            raise AnswerError(
                f"cannot read {_short(after)!r} after '{sign}' as a unit: write the unit as the question does, "
                f"e.g. '{example_answer(exercise)}'"
            )
        if self.unit is not None and too_high_a_power(self.unit):
            raise AnswerError(
                f"cannot read {_short(rest)!r} as a unit: it multiplies the same unit "
                f"more than {MAX_UNIT_POWER} times; a unit here is one or two units, as in the question "
                f"('{example_answer(exercise)}')"
            )


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
