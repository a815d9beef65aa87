"""The words of an answer after its number: the unit, in words or symbols (``read_unit``), and what a
quantity measures in plain words (``in_words``). ``answers`` reads the number and calls these; its
docstring is the specification of what a student may write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

import pint

from energycoop.quantities.units import parse_unit, unit_label, ureg

if TYPE_CHECKING:
    from energycoop.teaching.exercise import Exercise


class AnswerError(ValueError):
    """An answer that cannot be read; the message says what was not understood."""


MAX_UNIT_WORDS = 6  # units a unit may string together ("gce per kW h" is three)
MAX_UNIT_POWER = 3  # the largest power of a dimension in a unit (m**3)


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:37] + "..."


# Phrases first (lower case, applied in order), then single words.
_PHRASES = [
    (
        (
            r"percentage\s*points?|%\s*pts?\b|\bpct\.?\s*(?:points?|pts?)\b|percent(?:age)?\s*points?|per\s*cent(?:age)?\s*points?|%\s*points?|p\.\s?p\.?|\bpp\b|"
            r"\bppts?\b|\bpts?\b|\bpoints?\b"
        ),
        " POINTS ",
    ),
    (r"per\s*cent\b|percent(?:age)?\b|\bpct\b|\bp\.\s?c\.?(?!\w)|\bpc\b|%", " % "),
    (r"\bt\.\s?c\.\s?e\b\.?", " tce "),
    (r"\bg\.\s?c\.\s?e\b\.?", " gce "),
    (r"\b(kilo|mega|giga|tera|peta|exa)[\s-]+(?=(?:joule|watt))", r"\1"),
    (
        (
            r"\b(?:kt|kilotonnes?|kilotons?|thousand\s+(?:metric\s+)?(?:tonnes?|tons?|t))\s*(?:of\s+)?(?:standard\s+coal|"
            r"coal\s+equivalent|coal\s+eq\.?|sce|ce)\b"
        ),
        " ktce ",
    ),
    (
        r"\b(?:grams?|grammes?|g)\s*(?:of\s+)?(?:standard\s+coal|coal\s+equivalent|coal\s+eq\.?|coal|sce|ce)\b",
        " gce ",
    ),
    (r"\b(?:kilograms?|kg)\s*(?:of\s+)?(?:standard\s+coal|coal\s+equivalent|coal|sce|ce)\b", " kgce "),
    (
        (
            r"\b(?:million|mn|m)\s*(?:metric\s+)?(?:tonnes?|tons?|t)\s*(?:of\s+)?(?:standard\s+coal|coal\s+equivalent|"
            r"coal\s+eq\.?|sce|ce)\b"
        ),
        " mtce ",
    ),
    (r"\bmt\s*(?:of\s+)?(?:standard\s+coal|coal\s+equivalent|coal\s+eq\.?|sce|ce)\b", " mtce "),
    (
        (
            r"\b(?:metric\s+)?(?:tonnes?|tons?|t)\s*(?:of\s+)?(?:standard\s+coal|coal\s+equivalent|coal\s+eq\.?|sce|"
            r"ce)\b"
        ),
        " tce ",
    ),
    (r"\btsce\b", " tce "),
    (r"\bmtsce\b", " mtce "),
    (r"\bgsce\b", " gce "),
    (
        r"\bk(?:bbls?|b)\s*(?:/|per|a|each)?\s*d(?:ays?)?\b|\bkbpd\b|\bkbd\b|\bthousand\s+(?:oil\s+)?barrels?\s+(?:a|per|each)\s+day\b",
        " thousand bbl / day ",
    ),
    (
        r"\bmb/?d\b|\bmbpd\b|\bmmb/?d\b|\bm{1,2}bbls?\s*(?:/|per|a)?\s*d(?:ays?)?\b|\bmillion\s+(?:oil\s+)?barrels?\s+(?:a|per|each)\s+day\b",
        " million bbl / day ",
    ),
    (r"\bb/d\b|\bbpd\b|\bbopd\b|\bbbl/d\b", " bbl / day "),
    (r"\b(?:oil\s+)?barrels?(?:\s+of\s+(?:crude\s+)?oil|\s+of\s+crude)?\b|\bbbls?\b", " bbl "),
    (
        (
            r"\b(?:to|for|per|against|in)\s+(?:the|a|an|one|1|each|every)\s+(?=(?:u\.?s\.?\s*)?(?:dollars?\b|usd\b|\$)|"
            r"yuan\b|rmb\b|cny\b|cn\s*¥|¥)|(?:/|\bper|:)\s*(?:1|one)\s*(?=(?:u\.?s\.?\s*)?(?:dollars?\b|usd\b|\$)|yuan\b|"
            r"rmb\b|cny\b|¥)|\ba\s+(?=(?:us\s+)?dollar\b)"
        ),
        " / ",
    ),  # "7.28 yuan to the dollar", "per 1 USD"
    (r"\bu\.?s\.?\s*dollars?\b|\bu\.?s\.?\s*\$|\bdollars?\b|\$", " usd "),
    (r"\byuan\b|\brmb\b|\bcn\s*¥|¥|\brenminbi\b|元", " cny "),
    (
        r"\bper\b|\ba\s+(?=(?:day|year|hour|yr)\b)|\beach\s+(?=(?:day|year|hour)\b)|\bevery\s+(?=(?:day|year|hour)\b)",
        " / ",
    ),
    (r"\bdaily\b", " / day "),
    (r"\b(?:kilowatt|megawatt|gigawatt|terawatt|watt|petawatt)s?[-\s]?hours?\b", "KWH_WORDS"),
    (r"-?\bfold\b", " times "),
]
_SIZES = {
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}
_PREFIX_NAMES = {"kilo": "k", "mega": "M", "giga": "G", "tera": "T", "peta": "P", "exa": "E"}
_WORDS = {  # lower-case word -> pint unit (or multiple) it means here
    "wh": "Wh",
    "kwh": "kWh",
    "mwh": "MWh",
    "gwh": "GWh",
    "twh": "TWh",
    "pwh": "PWh",
    "j": "J",
    "kj": "kJ",
    "mj": "MJ",
    "gj": "GJ",
    "tj": "TJ",
    "pj": "PJ",
    "ej": "EJ",
    "w": "W",
    "kw": "kW",
    "mw": "MW",
    "gw": "GW",
    "tw": "TW",
    "h": "h",
    "hr": "h",
    "hrs": "h",
    "hour": "h",
    "hours": "h",
    "d": "day",
    "day": "day",
    "days": "day",
    "yr": "year",
    "yrs": "year",
    "year": "year",
    "years": "year",
    "t": "t",
    "tonne": "t",
    "tonnes": "t",
    "ton": "t",
    "tons": "t",
    "kt": "kilotonne",
    "mt": "Mt",
    "gt": "Gt",
    "kg": "kg",
    "g": "g",
    "gram": "g",
    "grams": "g",
    "gramme": "g",
    "grammes": "g",
    "tce": "tce",
    "gce": "gce",
    "kgce": "kilogram_of_coal_equivalent",
    "mtce": "megatonne_of_coal_equivalent",
    "ktce": "kilotonne_of_coal_equivalent",
    "gtce": "gigatonne_of_coal_equivalent",
    "bbl": "oil_bbl",
    "cny": "CNY",
    "usd": "USD",
    "thousand": "thousand",
    "million": "million",
    "millions": "million",
    "mn": "million",
    "mln": "million",
    "billion": "billion",
    "billions": "billion",
    "bn": "billion",
    "trillion": "trillion",
    "tn": "trillion",
    "%": "percent",
    "times": "count",
    "time": "count",
    "x": "count",
}
for _name, _prefix in _PREFIX_NAMES.items():
    _WORDS[f"{_name}watt"] = f"{_prefix}W"
    _WORDS[f"{_name}watts"] = f"{_prefix}W"
    _WORDS[f"{_name}joule"] = f"{_prefix}J"
    _WORDS[f"{_name}joules"] = f"{_prefix}J"
_WORDS.update({"watt": "W", "watts": "W", "joule": "J", "joules": "J"})
# Words that say what is counted, and add nothing to the unit.
_FILLER = {
    "of",
    "the",
    "a",
    "an",
    "wind",
    "zhanatas",
    "zhanatas-size",
    "zhanatas-sized",
    "sized",
    "size",
    "like",
    "new",
    "energy",
    "electric",
    "exported",
    "exports",
    "crude",
    "oil",
    "electricity",
    "capacity",
    "renewable",
    "renewables",
    "approx",
    "approximately",
    "about",
    "roughly",
    "installed",
    "added",
    "in",
    "total",
    "whole",
    "full",
    "load",
    "full-load",
    "at",
    "power",
    "on",
    "average",
    "average,",
    "generated",
    "made",
    "produced",
    "china",
    "china's",
    "world",
    "s",
    "coal",
    "standard",
    "saved",
    "all",
    "needed",
    "only",
    "aluminium",
    "aluminum",
    "smelter",
    "refined",
    "processed",
    "long",
    "as",
    "bar",
    "bars",
    "efficient",
    "efficiency",
    "equivalent",
    "factor",
    "share",
    "growth",
    "rate",
    "difference",
    "gap",
    "output",
    "generation",
    "consumption",
    "demand",
    "used",
    "exchange",
    "cf",
    "eta",
    "η",
    "operating",
    "running",
    "operation",
    "annual",
    "yearly",
    "nameplate",
    "avg",
    "avg.",
    "mean",
}
_COUNT_NOUNS = {
    "farm",
    "farms",
    "windfarm",
    "windfarms",
    "vehicle",
    "vehicles",
    "car",
    "cars",
    "unit",
    "units",
    "nev",
    "nevs",
    "ev",
    "evs",
}
_PER_SECOND = {"s", "sec", "secs"}  # a second after "/" ("MJ/s"); alone, "s" is a plural's or "'s" ending
_PER_YEAR = (
    r"\s*(?:(?:a|per|each|every|in\s+a|in\s+one|in\s+the)\s+year|annually|yearly|per\s+annum|p\.\s?a\.|"
    r"/\s*(?:yr|year|a|annum))\s*$"
)


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
    found = re.search(_PER_YEAR, text, flags=re.IGNORECASE)
    if found:
        per_year, text = True, text[: found.start()] + " "
    text = re.sub(r"\bin\s+(?:19|20)\d\d\b|\b(?:19|20)\d\d\b", " ", text)  # "in 2022"
    lowered = re.sub(r"\b([kmgtp]?w)e?\s*[*·-]?\s*h(?:ours?|rs?)?\b", r"\1h", text.lower())  # "kW h", "kW·h"
    lowered = re.sub(r"\b([kmgt]w)e\b", r"\1", lowered)
    lowered = re.sub(
        r"\s([a-z]+)\s*(?:\^|\*\*)?\s*[-−]1\b", r" / \1", lowered
    )  # "gce kWh-1", "gce kWh^-1"  # "MWe": megawatts of electricity
    for pattern, replacement in _PHRASES:
        lowered = re.sub(pattern, _kilowatt_hours if replacement == "KWH_WORDS" else replacement, lowered)
    points = "POINTS" in lowered
    lowered = lowered.replace("POINTS", " % ")
    percent = "%" in lowered and not points
    lowered = re.sub(r"(?<=\d)\s*x\s*$|^\s*x\s*$", " times ", lowered)
    tokens = re.findall(r"\*\*|\^|[/*()]|[a-z_$%¥][a-z_0-9$%'\-]*|\d+(?:\.\d+)?|\S", lowered)
    count_nouns = (
        _COUNT_NOUNS
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
        if dividing and word in _PER_SECOND:  # "MJ/s", "kJ/sec": "s" after "/" is a second, not filler
            token = word = "second"
        if word == "of" and unit is not None and _restates(tokens[index:], count_nouns):
            worded = True  # "62.9 % of the world's additions": what the percentage or unit is of
            break
        if word in _FILLER or word in count_nouns or word.rstrip("s") in count_nouns:
            worded = True
            continue
        if re.fullmatch(r"\d+(\.\d+)?", word):
            raise AnswerError(
                f"cannot read {rest.strip()!r} as a unit: a second number follows the first; write "
                "one number and its unit (a power of ten as 1e6 or 10^6)"
            )
        canonical = _WORDS.get(word)
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
        elif canonical in _SIZES and not dividing:
            factor *= _SIZES[canonical]
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
        if word in _FILLER or word in count_nouns or word.rstrip("s") in count_nouns:
            continue
        if word in _WORDS or _prefixed(word) is not None:
            return False
        try:
            parse_unit(token)
        except ValueError:
            continue
        return False
    return True


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
                return (
                    canonical
                    or {"k": "k", "m": "M", "g": "G", "t": "T", "p": "P", "e": "E"}[prefix]
                    + {"wh": "Wh", "w": "W", "j": "J", "t": "t", "tce": "tce", "gce": "gce"}[base]
                )
    return None


def example_answer(exercise: Exercise) -> str:
    """How an answer to ``exercise`` is written, in its own unit, with '...' for the number: an example
    that can never be the answer ('... PJ', '... farms', '... million', '... %')."""
    if exercise.unit == "million":
        return "... million"
    if exercise.count_words:
        return f"... {exercise.count_words[0]}"
    if exercise.percent_kind == "points":
        return "... percentage points"
    if exercise.unit in ("dimensionless", "", "percent"):
        return "... %"
    return f"... {unit_label(exercise.unit) or exercise.unit}"


# --------------------------------------------------------------------------------------------------
# Plain words for what a quantity measures


_KINDS = (
    ("GW", "a power"),
    ("GWh", "an energy"),
    ("t", "a mass"),
    ("h", "a time"),
    ("m", "a length"),
    ("m**3", "a volume"),
    ("CNY", "an amount in yuan"),
    ("USD", "an amount in US dollars"),
    ("CNY/USD", "an exchange rate in yuan per dollar"),
    ("USD/CNY", "an exchange rate in dollars per yuan"),
    ("kWh/t", "an energy per mass"),
    ("g/kWh", "a mass per energy"),
    ("oil_bbl/t", "a volume per mass"),
    ("t/oil_bbl", "a mass per volume"),
    ("oil_bbl/day", "a volume per time"),
    ("t/day", "a mass per time"),
    ("GWh/day", "a power (an energy per time)"),
    ("GWh/t", "an energy per mass"),
    ("GW*h*h", "an energy times a time"),
    ("1/h", "a frequency (something per hour)"),
    ("GW/t", "a power per mass"),
    ("t/GW", "a mass per power"),
    ("h/t", "a time per mass"),
    ("USD/t", "a price per mass"),
    ("CNY*USD", "yuan times dollars"),
    ("1/CNY", "something per yuan"),
    ("1/USD", "something per dollar"),
    ("GW*t", "a power times a mass"),
    ("GWh/year/year", "an energy per year per year"),
    ("oil_bbl", "a volume"),
    ("t/h", "a mass per time"),
    ("GWh/MW", "a time (energy per power)"),
    ("1/GW", "something per unit of power"),
    ("1/GWh", "something per unit of energy"),
    ("1/t", "something per mass"),
)


def simplest(q: pint.Quantity, unit: str | None = None) -> pint.Quantity:
    """``q`` in a unit a reader takes in at a glance, when its unit strings different kinds together
    ('3.5 GWh/MW' is 3,500 h): the exercise's ``unit`` if ``q`` is of its kind, else a plain number or the
    plainest unit of its kind (``_KINDS``); other quantities unchanged."""
    names = len(dict(q.units._units))
    if names <= 1:
        return q
    kinds = (
        ([unit] if unit and unit not in ("", "dimensionless") else [])
        + ["dimensionless"]
        + [example for example, _words in _KINDS]
    )
    for example in kinds:
        target = ureg.parse_units(example)
        if target.dimensionality == q.dimensionality:
            return q.to(target) if len(dict(target._units)) < names else q
    return q


def in_words(q) -> str:
    """What ``q`` (a quantity or unit) measures, in plain words: 'an energy', 'a mass per energy'."""
    dimensionality = q.dimensionality
    if not dict(dimensionality):
        return "a pure number (a ratio, share or count)"
    for example, words in _KINDS:
        if ureg.parse_units(example).dimensionality == dimensionality:
            return words
    written = _written_kinds(q)
    if written:
        return written
    names = {
        "[mass]": "mass",
        "[length]": "length",
        "[time]": "time",
        "[currency_cny]": "yuan",
        "[currency_usd]": "dollars",
        "[temperature]": "temperature",
        "[current]": "electric current",
        "[substance]": "amount of substance",
        "[luminosity]": "light",
    }
    powers = {1: "", 2: " squared", 3: " cubed"}
    top = [
        names.get(d, d.strip("[]")) + powers.get(p, f" to the power {p:g}")
        for d, p in dimensionality.items()
        if p > 0
    ]
    bottom = [
        names.get(d, d.strip("[]")) + powers.get(-p, f" to the power {-p:g}")
        for d, p in dimensionality.items()
        if p < 0
    ]
    return (
        "a quantity of " + (" times ".join(top) or "one") + (" per " + " per ".join(bottom) if bottom else "")
    )


_SIMPLE_KINDS = (
    ("h", "time"),
    ("GW", "power"),
    ("GWh", "energy"),
    ("t", "mass"),
    ("m", "length"),
    ("m**2", "area"),
    ("m**3", "volume"),
    ("CNY", "yuan"),
    ("USD", "dollars"),
    ("percent", "percent"),
)


def _written_kinds(q) -> str | None:
    """What ``q`` measures, built from the kinds of the units as written ('a time per power (hours per
    megawatt)' for h/MW), never from base dimensions; None if a unit is of no kind named here."""
    units = getattr(q, "units", q)
    try:
        parts = dict(units._units)
    except AttributeError:
        return None
    top, bottom = [], []
    for name, power in parts.items():
        kind = next(
            (
                words
                for example, words in _SIMPLE_KINDS
                if ureg.parse_units(example).dimensionality == ureg.parse_units(name).dimensionality
            ),
            None,
        )
        if kind is None or abs(power) > MAX_UNIT_POWER:
            return None
        kind += {1: "", 2: " squared", 3: " cubed"}[int(abs(power))] if float(power).is_integer() else ""
        (top if power > 0 else bottom).append(kind)
    if not top and not bottom:
        return None
    words = (" times ".join(top) or "one") + (" per " + " per ".join(bottom) if bottom else "")
    article = "an" if words[0] in "aeiou" else "a"
    spelled_out = (
        format(units, "D")
        .replace(" / ", " per ")
        .replace(" * ", " ")
        .replace(" ** 2", " squared")
        .replace("_", " ")
    )
    return f"{article} {words} ({spelled_out})"
