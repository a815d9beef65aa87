"""The words a unit may be written in after an answer's number (phrases, unit words, fillers, count nouns)
and the limits on a unit, for ``answer_words.read_unit``."""

from __future__ import annotations

from decimal import Decimal

MAX_UNIT_WORDS = 6  # units a unit may string together ("gce per kW h" is three)
MAX_UNIT_POWER = 3  # the largest power of a dimension in a unit (m**3)

# Phrases first (lower case, applied in order), then single words.
PHRASES = [
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
SIZES = {
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}
PREFIX_NAMES = {"kilo": "k", "mega": "M", "giga": "G", "tera": "T", "peta": "P", "exa": "E"}
WORDS = {  # lower-case word -> pint unit (or multiple) it means here
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
for _name, _prefix in PREFIX_NAMES.items():
    WORDS[f"{_name}watt"] = f"{_prefix}W"
    WORDS[f"{_name}watts"] = f"{_prefix}W"
    WORDS[f"{_name}joule"] = f"{_prefix}J"
    WORDS[f"{_name}joules"] = f"{_prefix}J"
WORDS.update({"watt": "W", "watts": "W", "joule": "J", "joules": "J"})
# Words that say what is counted, and add nothing to the unit.
FILLER = {
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
COUNT_NOUNS = {
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
PER_SECOND = {"s", "sec", "secs"}  # a second after "/" ("MJ/s"); alone, "s" is a plural's or "'s" ending
PER_YEAR = (
    r"\s*(?:(?:a|per|each|every|in\s+a|in\s+one|in\s+the)\s+year|annually|yearly|per\s+annum|p\.\s?a\.|"
    r"/\s*(?:yr|year|a|annum))\s*$"
)
