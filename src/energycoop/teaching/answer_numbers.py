"""The number at the start of an answer (``number_at``): its digits, separators, power of ten and a word
for a multiple after it ("34 million"), with the precision its last stated digit gives."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from energycoop.teaching.answer_words import AnswerError

MAX_POWER = 30  # the largest power of ten an answer may use (1e30)


_SEPARATED = re.compile(
    r"""
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
    | \s*(?:x|X|\*)\s*10\s*(?:\^|\*\*)\s*[-+]?\s*\d+
    )?
    """,
    re.VERBOSE,
)
# "10^3", and a power of ten to a decimal power, as a student working in logarithms writes it: "10^3.55",
# "10**3.552", "10^(3.552)", "10^3,55"
_POWER_ONLY = re.compile(
    r"(?P<sign>[-+]?)10\s*(?:\^|\*\*)\s*(?P<open>\(\s*)?(?P<exp>[-+]?\d+)(?:[.,](?P<decimals>\d+))?"
    r"(?(open)\s*\))(?![\d.,])"
)
_MULTIPLES = (  # a word or letter for a multiple, straight after the number (case-insensitive)
    (r"hundreds?", Decimal(10) ** 2),
    (r"thousands?|thous\.?|thou|k(?![a-z])", Decimal(10) ** 3),
    (r"lakhs?", Decimal(10) ** 5),
    (r"millions?|mil|mn|mln|mio|m(?![a-z/])", Decimal(10) ** 6),
    (r"billions?|bn", Decimal(10) ** 9),
    (r"trillions?|tn", Decimal(10) ** 12),
)


@dataclass(frozen=True)
class Number:
    value: Decimal
    half: Decimal
    sig: int
    end: int
    whole: bool
    plain: str = ""  # the digits as read, with a decimal point ("3.500")
    shift: int = 0  # the power of ten written after them


def digits_of(plain: str, shift: int) -> tuple[Decimal, Decimal, int]:
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
    power = int(
        re.sub(r"[^\d+-]", "", text.split("10", 1)[1] if re.search(r"10\s*(\^|\*\*)", text) else text[1:])
    )
    if abs(power) > MAX_POWER:
        raise AnswerError(
            f"the power of ten {power:,} is outside what an answer here can be (10^-{MAX_POWER} to "
            f"10^{MAX_POWER})"
        )
    return power


def _decimal_power(found: re.Match) -> Number:
    """10 to a decimal power ("10^3.55"): the value, and the values its last decimal stands for (10^3.545 to
    10^3.555, about ±1.2 %), with one significant figure more than its decimals (two decimals are about three
    figures). The power lies within ±``MAX_POWER``, like any power of ten."""
    decimals = found.group("decimals")
    power = Decimal(f"{found.group('exp')}.{decimals}")
    if abs(power) > MAX_POWER:
        raise AnswerError(
            f"the power of ten {power} is outside what an answer here can be (10^-{MAX_POWER} to "
            f"10^{MAX_POWER})"
        )
    step = Decimal(5) * Decimal(10) ** (-len(decimals) - 1)
    low, value, high = (Decimal(10) ** (power + d) for d in (-step, Decimal(0), step))
    sign = Decimal(-1) if found.group("sign") == "-" else Decimal(1)
    return Number(sign * value, (high - low) / 2, len(decimals) + 1, found.end(), False)


def number_at(body: str, at: int = 0) -> Number | None:
    """The number at position ``at`` of ``body`` (None if there is none)."""
    power_only = _POWER_ONLY.match(body, at)
    if power_only and power_only.group("decimals"):
        return _decimal_power(power_only)
    if power_only:
        power = _power("e" + power_only.group("exp"))
        value, half, sig = digits_of(power_only.group("sign") + "1", power)
        return Number(value, Decimal(0), 99, power_only.end(), False)
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
    value, half, sig = digits_of(sign + plain, shift)
    return Number(value, half, sig, match.end(), "." not in plain and not exp, sign + plain, shift)


def multiple_at(body: str, at: int) -> tuple[Decimal, int]:
    rest = body[at:]
    for pattern, size in _MULTIPLES:
        found = re.match(rf"\s*(?:{pattern})(?![a-z])", rest, flags=re.IGNORECASE)
        if found:
            after = rest[found.end() :].strip().lower()
            # "m" alone is a million only when no unit follows that would make it a prefix or metres
            if (
                found.group(0).strip().lower() == "m"
                and after
                and not re.match(
                    r"(of\s|units?|vehicles?|cars?|"
                    r"nevs?|evs?|tce|t\b|tonnes?)",
                    after,
                )
            ):
                continue
            if found.group(0).strip().lower() == "k" and after and re.match(r"(wh|w\b)", after):
                continue
            return size, at + found.end()
    return Decimal(1), at
