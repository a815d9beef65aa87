"""Exercises drawn from the article: their inputs, expected answers, the check, the student version,
per-student variants and printable worksheets.

Each exercise names the data it uses (``data/article.csv`` and ``data/reference.csv`` ids) and computes
its expected answer from them with the library's own functions, never typed in. ``check`` compares a
student's answer with it and says, in plain words, right or wrong and why: a different kind of quantity
("this is a mass per energy; the answer is an energy ratio in gce/kWh"), a factor of a thousand (a
prefix), of a hundred (percent against fraction), or a named mistake such as undoing growth by
subtraction.

How an answer is read
---------------------
An answer is a pint quantity (``Q_(314, "gce/kWh")``) or a string as one would write it
(``"314 gce/kWh"``, ``"about 37 %"``, ``"0.68 million"``, ``"7.3 CNY/USD"``, ``"9 farms"``,
``"110,000 barrels a day"``). Words such as "about" are ignored; in a string, "barrel" and "bbl" mean
the 42-gallon oil barrel (``oil_bbl``), as they do in oil statistics (a pint quantity keeps pint's own
meaning: ``bbl`` there is 31.5 gallons).

**The precision you state sets the tolerance.** A number stands for every value that rounds to it at
its last stated digit: "37 %" means 36.5 to 37.5 %, "0.68 million" 0.675 to 0.685 million, "110,000"
105,000 to 115,000 (trailing zeros of a whole number are not significant, as in
``data.rounding_interval``). The answer is right when the expected value lies in that interval (widened
only by ``Exercise.tolerance``, 0.1% by default, for constants such as 8,760 against 8,766 hours). So
"about 37 %" is right for 36.6 %, "37.9 %" is wrong for 37.1 %, and "36 %" is wrong for 36.6 %: it is
right only after rounding the wrong way (or cutting digits off). A number stated with fewer than
``Exercise.min_sig`` significant figures (two, for most exercises) is too rough to be right: "40 %"
could mean anything from 35 to 45 %. A computed pint quantity carries all its digits and is held to
the 0.1% floor.

Variants
--------
``values(seed)`` perturbs the article's inputs reproducibly (seed 0 is the article itself): each input
moves by up to its ``Perturb.spread`` and is rounded to as many significant figures as the article
prints. One input keeps one value across all exercises of a seed. ``student_version(solution, seed)``
writes those numbers into the questions, records the seed in the notebook's metadata
(``energycoop.exercises``) and visibly, and the expected answers follow from the same inputs.

The student notebooks are generated from the solution notebooks: a code cell tagged ``answer`` keeps
only a placeholder, a markdown cell tagged ``solution`` is dropped, a markdown cell tagged ``question``
is the exercise's question rendered for the seed, and outputs are cleared (``make run`` then executes
the result).
"""

from __future__ import annotations

import copy
import functools
import html
import math
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import nbformat
import numpy as np
import pint

from . import energy, trade
from .data import load_article, load_reference
from .data import quantity as _quantity
from .params import ParameterError
from .units import Q_, show, ureg

# --------------------------------------------------------------------------------------------------
# Inputs and variants


@dataclass(frozen=True)
class Perturb:
    """How a variant moves one input: by a factor in 1 ± ``spread`` (uniform), times the factor of the
    input it ``follows`` (so that two amounts of one thing stay in step), rounded to ``sig``
    significant figures (None: as many as the article prints) or to a whole number (``whole``)."""

    spread: float
    sig: int | None = None
    whole: bool = False
    follows: str | None = None


# Which inputs a variant may change, and by how much. Definitions (the tonne of coal equivalent, hours
# in a year) and outside reference values not printed in the article stay as they are.
PERTURB = {
    "turgusun_capacity": Perturb(0.2),
    "turgusun_annual_generation": Perturb(0.2),
    "zhanatas_turbines": Perturb(0.25, whole=True),
    "zhanatas_turbine_capacity": Perturb(0.2),
    "zhanatas_annual_generation": Perturb(0.2),
    "zhanatas_coal_saved": Perturb(0.2),
    "world_renewable_additions": Perturb(0.2),
    "nev_exports": Perturb(0.25),
    "nev_export_growth": Perturb(0.3),
    "pavlodar_capacity": Perturb(0.2),
    "atyrau_capacity": Perturb(0.2),
    "new_three_exports_cny": Perturb(0.2),
    "new_three_exports_usd": Perturb(0.03, sig=4, follows="new_three_exports_cny"),
}

# How an input is written in a question: (unit to show it in, the words after the number).
SHOWN = {
    "turgusun_capacity": ("MW", "MW"),
    "turgusun_annual_generation": ("GWh", "million kWh"),
    "zhanatas_turbines": ("dimensionless", ""),
    "zhanatas_turbine_capacity": ("MW", "MW"),
    "zhanatas_annual_generation": ("GWh", "million kWh"),
    "zhanatas_coal_saved": ("tce", "t of standard coal"),
    "world_renewable_additions": ("GW", "million kW"),
    "china_share_of_world_additions": ("percent", "%"),
    "nev_exports": ("million", "million units"),
    "nev_export_growth": ("percent", "percent"),
    "pavlodar_capacity": ("t", "t"),
    "aluminium_kwh_per_t": ("kWh/t", "kWh per tonne"),
    "new_three_exports_cny": ("trillion * CNY", "trillion yuan"),
    "new_three_exports_usd": ("billion * USD", "billion US dollars"),
    "atyrau_capacity": ("Mt", "million tonnes"),
    "crude_bbl_per_tonne": ("oil_bbl/t", "barrels per tonne"),
    "tce_definition": ("GJ", "GJ"),
    "china_coal_rate_2023": ("gce/kWh", "gce/kWh"),
}

MAX_SEED = 2**31 - 1


@functools.cache
def _tables():
    return load_article(), load_reference()


def _printed_sig(key: str) -> int:
    """Significant figures of article figure ``key`` as printed ('79.8': 3; '110,000': 2)."""
    article = _tables()[0]
    text = str(article.loc[key, "value_as_printed"]).replace(",", "") if key in article.index else ""
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        return 3
    digits = text.replace(".", "").lstrip("0")
    return len(digits if "." in text else digits.rstrip("0")) or 1


def _round_sig(x: float, sig: int) -> float:
    if x == 0:
        return 0.0
    return float(round(x, sig - 1 - math.floor(math.log10(abs(x)))))


def variant_seed(name: str, value) -> int:
    """A variant seed parameter: a whole number from 0 (the article's own numbers) to ``MAX_SEED``."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SEED:
        raise ParameterError(f"parameter {name} = {value!r} is not allowed: it must be a whole number from 0 "
                             f"(the article's own numbers) to {MAX_SEED:,}")
    return value


@functools.cache
def _values(seed: int) -> dict[str, pint.Quantity]:
    article, reference = _tables()
    base = {key: _quantity(article, key) for key in article.index if article.loc[key, "unit"] != "date"}
    base.update({key: _quantity(reference, key) for key in reference.index
                 if reference.loc[key, "unit"] != "date" and key not in base})
    if seed == 0:
        return base
    factors: dict[str, float] = {}
    result = dict(base)
    for key, rule in PERTURB.items():  # 'follows' names an earlier key
        rng = np.random.default_rng([seed, zlib.crc32(key.encode())])
        factor = (factors[rule.follows] if rule.follows else 1.0) * (1 + rng.uniform(-rule.spread, rule.spread))
        factors[key] = factor
        value = float(base[key].magnitude) * factor
        value = max(1.0, float(round(value))) if rule.whole else _round_sig(value, rule.sig or _printed_sig(key))
        result[key] = Q_(value, base[key].units)
    return result


def values(seed: int = 0) -> dict[str, pint.Quantity]:
    """Every input of the exercises (article and reference ids) for variant ``seed`` (0: the data)."""
    return dict(_values(variant_seed("seed", seed)))


def shown(key: str, value: pint.Quantity) -> str:
    """An input as a question prints it: '79.8 million kWh', '110,000 t of standard coal', '40'."""
    unit, words = SHOWN.get(key, (None, None))
    q = value.to(unit) if unit else value
    number = f"{float(q.magnitude):,.6g}"
    if words is None:
        return show(q)
    return f"{number}%" if words == "%" else f"{number} {words}".strip()


# --------------------------------------------------------------------------------------------------
# The exercises


@dataclass(frozen=True)
class Exercise:
    key: str
    title: str
    question: str  # markdown; {id} stands for an input as ``shown`` prints it
    skill: str
    level: int  # 1: one step; 2: two steps or a conversion to choose; 3: several steps or a judgement
    unit: str  # the unit the answer is compared in ("" for open answers)
    solve: Callable[[dict], pint.Quantity] | None = None  # None: an open answer, marked by the teacher
    measures: str | None = None  # what the answer is, in words, if not the unit's kind ("an energy ratio")
    tolerance: float = 0.001  # relative floor of the tolerance
    min_sig: int = 2  # fewest significant figures a stated answer may have
    coarsest: float = 1.0  # largest half-width of a stated answer's interval, relative to it ("10": ± 50%)
    count_words: tuple[str, ...] = ()  # nouns allowed after a plain number ("farms")
    mistakes: dict[str, Callable[[dict], pint.Quantity]] = field(default_factory=dict)  # explanation -> wrong value
    rubric_points: int = 0  # an open answer's points, marked with the rubric in TEACHING.md

    @property
    def open(self) -> bool:
        return self.solve is None

    @property
    def points(self) -> int:
        return self.rubric_points if self.open else self.level

    def inputs(self) -> list[str]:
        return re.findall(r"\{(\w+)\}", self.question)

    def prompt(self, seed: int = 0) -> str:
        """The question with the inputs of variant ``seed``."""
        v = values(seed)
        return re.sub(r"\{(\w+)\}", lambda m: shown(m.group(1), v[m.group(1)]), self.question)

    def expected(self, seed: int = 0) -> pint.Quantity:
        if self.open:
            raise ValueError(f"exercise {self.key} is an open question: it has no single expected value")
        return self.solve(values(seed)).to(self.unit)


def _zhanatas_capacity(v):
    return energy.capacity_from_units(int(v["zhanatas_turbines"].magnitude), v["zhanatas_turbine_capacity"])


def _barrels_per_day(v):
    return (v["atyrau_capacity"] / Q_(365, "day") * v["crude_bbl_per_tonne"]).to("oil_bbl/day")


YEAR = Q_(8760, "h")

EXERCISE_LIST = [
    # Notebook 1: power and energy
    Exercise("turgusun_capacity_factor", "Turgusun's capacity factor",
             "Turgusun has {turgusun_capacity} installed and generates {turgusun_annual_generation} in an average "
             "year. What is its capacity factor, over a year of 8,760 hours?",
             "capacity factor", 2, "dimensionless", measures="a share (a fraction or a percentage)",
             solve=lambda v: energy.capacity_factor(v["turgusun_annual_generation"], v["turgusun_capacity"], YEAR),
             mistakes={"you divided energy by capacity without the hours of the year":
                       lambda v: Q_((v["turgusun_annual_generation"] / v["turgusun_capacity"]).to("GWh/MW").magnitude,
                                    "")}),
    Exercise("zhanatas_full_load_hours", "Zhanatas's full-load hours",
             "Zhanatas has {zhanatas_turbines} turbines of {zhanatas_turbine_capacity} and generates about "
             "{zhanatas_annual_generation} a year. How many hours at full power give that output?",
             "capacity and energy", 2, "h",
             solve=lambda v: energy.full_load_hours(v["zhanatas_annual_generation"], _zhanatas_capacity(v)),
             mistakes={"you divided by one turbine's capacity instead of the whole farm's":
                       lambda v: energy.full_load_hours(v["zhanatas_annual_generation"],
                                                        v["zhanatas_turbine_capacity"])}),
    Exercise("zhanatas_coal_rate", "The coal rate behind the coal saved",
             "Zhanatas is said to save about {zhanatas_coal_saved} a year for its {zhanatas_annual_generation}. "
             "How many grams of coal equivalent per kWh does that imply? (In the collection's units, standard coal "
             "is `tce` and grams of it `gce`.)",
             "rates in coal equivalent", 2, "gce/kWh",
             measures="an energy ratio (coal energy per kWh of electricity)",
             solve=lambda v: energy.coal_rate(v["zhanatas_coal_saved"], v["zhanatas_annual_generation"]),
             mistakes={"you divided electricity by coal: the rate is coal per kWh":
                       lambda v: Q_(1 / energy.coal_rate(v["zhanatas_coal_saved"], v["zhanatas_annual_generation"])
                                    .to("gce/kWh").magnitude, "gce/kWh")}),
    Exercise("world_additions_gw", "\"{world_renewable_additions}\" in GW",
             "The world added {world_renewable_additions} of renewable capacity in 2023. How many GW is that?",
             "prefixes and large numbers", 1, "GW", solve=lambda v: v["world_renewable_additions"]),
    Exercise("zhanatas_coal_energy", "The energy in the coal saved",
             "How much energy, in PJ, is in {zhanatas_coal_saved} (a tonne of coal equivalent is "
             "{tce_definition})?",
             "energy units", 1, "PJ",
             solve=lambda v: energy.coal_energy(v["zhanatas_coal_saved"], "PJ"),
             mistakes={"you used the tonne of oil equivalent (41.868 GJ); standard coal is 29.3076 GJ per tonne":
                       lambda v: Q_(v["zhanatas_coal_saved"].magnitude, "toe")}),
    Exercise("zhanatas_implied_efficiency", "The efficiency the coal saving assumes",
             "If a coal plant burned the {zhanatas_coal_saved} to make Zhanatas's {zhanatas_annual_generation}, "
             "what share of the coal's energy would end up as electricity? (Electricity out over energy in.)",
             "energy balance", 3, "dimensionless", measures="a share (a fraction or a percentage)",
             solve=lambda v: energy.implied_efficiency(v["zhanatas_annual_generation"],
                                                       energy.coal_energy(v["zhanatas_coal_saved"], "GWh")),
             mistakes={"you divided the coal's energy by the electricity: efficiency is out over in":
                       lambda v: (energy.coal_energy(v["zhanatas_coal_saved"], "GWh")
                                  / v["zhanatas_annual_generation"]).to("dimensionless"),
                       "you used the tonne of oil equivalent (41.868 GJ) for standard coal":
                       lambda v: (v["zhanatas_annual_generation"]
                                  / Q_(v["zhanatas_coal_saved"].magnitude, "toe")).to("dimensionless")}),
    Exercise("coal_saving_claim", "Is the coal saving believable?",
             "Chinese coal plants burn about {china_coal_rate_2023}. Using your answers to exercises 3, 5 and 6, "
             "say in two to four sentences whether \"saving about "
             "{zhanatas_coal_saved}\" fits \"{zhanatas_annual_generation}\", and what the word \"about\" allows. "
             "Write your answer as text: `answer = \"\"\"...\"\"\"`.",
             "judging a claim", 3, "", rubric_points=3),
    # Notebook 2: industry and trade
    Exercise("nev_exports_2022", "China's NEV exports in 2022",
             "NEV exports reached {nev_exports} in 2023, \"a year-on-year increase of {nev_export_growth}\". "
             "How many were exported in 2022, in millions?",
             "growth rates", 2, "million", measures="a number of vehicles", count_words=("units", "vehicles", "cars"),
             solve=lambda v: trade.back_calculate(v["nev_exports"], v["nev_export_growth"]),
             mistakes={"you subtracted the growth; undo growth by dividing by (1 + g)":
                       lambda v: v["nev_exports"] * (1 - v["nev_export_growth"].to("").magnitude)}),
    Exercise("china_additions_lower_bound", "What \"over half\" tells us",
             "China contributed \"over half\" of the world's {world_renewable_additions} of new renewable capacity "
             "in 2023. At least how many GW did China add? (Give the bound as a number in GW.)",
             "bounds and qualifiers", 1, "GW",
             solve=lambda v: (v["world_renewable_additions"] * v["china_share_of_world_additions"]).to("GW")),
    Exercise("smelter_in_zhanatas_farms", "The smelter in Zhanatas wind farms",
             "An aluminium smelter making {pavlodar_capacity} a year uses about {aluminium_kwh_per_t}. How many Zhanatas "
             "wind farms ({zhanatas_annual_generation} a year each) would produce that much electricity in a year?",
             "ratios of energy", 3, "dimensionless", measures="a number of wind farms",
             min_sig=1, coarsest=0.06, count_words=("farms", "wind farms", "zhanatas farms"),
             solve=lambda v: (v["pavlodar_capacity"] * v["aluminium_kwh_per_t"]
                              / v["zhanatas_annual_generation"]).to("dimensionless"),
             mistakes={"you divided the farm's output by the smelter's use: the question is smelter over farm":
                       lambda v: (v["zhanatas_annual_generation"]
                                  / (v["pavlodar_capacity"] * v["aluminium_kwh_per_t"])).to("dimensionless")}),
    Exercise("new_three_rate", "The exchange rate inside the trade figure",
             "The \"new three\" exports were worth {new_three_exports_cny} ({new_three_exports_usd}). What exchange "
             "rate, in yuan per dollar, do the two amounts imply?",
             "exchange rates", 1, "CNY/USD", measures="an exchange rate",
             solve=lambda v: trade.implied_rate(v["new_three_exports_cny"], v["new_three_exports_usd"]),
             mistakes={"you divided dollars by yuan: the rate is yuan per dollar":
                       lambda v: Q_(1 / trade.implied_rate(v["new_three_exports_cny"], v["new_three_exports_usd"])
                                    .to("CNY/USD").magnitude, "CNY/USD")}),
    Exercise("atyrau_barrels_per_day", "Atyrau's crude in barrels a day",
             "The refinery processes {atyrau_capacity} of crude a year. At {crude_bbl_per_tonne}, how many oil "
             "barrels a day is that? (In pint, an oil barrel is `oil_bbl`.)",
             "volume, mass and time", 2, "oil_bbl/day", measures="a volume per time (barrels a day)",
             solve=_barrels_per_day,
             mistakes={"you used pint's bbl (31.5 gallons) with barrels per tonne that count 42-gallon oil "
                       "barrels: write oil_bbl":
                       lambda v: _barrels_per_day(v) * 31.5 / 42,
                       "you divided by the tonnes per barrel instead of multiplying by the barrels per tonne":
                       lambda v: _barrels_per_day(v) / v["crude_bbl_per_tonne"].magnitude ** 2}),
    Exercise("smelter_on_wind", "Could wind farms run the smelter?",
             "Your last answers say how many Zhanatas farms make as much electricity in a year as the smelter uses. "
             "In two to four sentences, say why equal yearly totals do not mean those farms could run the smelter, "
             "and what else would be needed. Write your answer as text: `answer = \"\"\"...\"\"\"`.",
             "physical reasoning", 3, "", rubric_points=3),
]
EXERCISES = {e.key: e for e in EXERCISE_LIST}

# The two exercise notebooks and their exercises, in order (the check cells follow this).
SETS = {
    "01-power-and-energy": [e.key for e in EXERCISE_LIST[:7]],
    "02-industry-and-trade": [e.key for e in EXERCISE_LIST[7:]],
}


def number_of(key: str) -> int:
    """An exercise's number, counted across both notebooks (1 to 14)."""
    return [e.key for e in EXERCISE_LIST].index(key) + 1


# --------------------------------------------------------------------------------------------------
# Reading answers


class AnswerError(ValueError):
    """An answer string that cannot be read; the message says what was not understood."""


_HEDGES = r"^(?:about|approximately|approx\.?|around|roughly|nearly|almost|some|circa|ca\.|c\.|~|≈|at least)\s*"
_NUMBER = re.compile(r"^([-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?(?:[eE][-+]?\d+)?|[-+]?\.\d+(?:[eE][-+]?\d+)?)")
_WORD_UNITS = [  # (pattern, replacement), applied in order to the text after the number, lower-cased
    (r"\bper ?cent\b|%", " percent "),
    (r"\bbarrels?\b|\bbbl\b", " oil_bbl "),
    (r"\bb/d\b|\bbpd\b", " oil_bbl/day "),
    (r"\byuan\b|\brmb\b|¥", " CNY "),
    (r"\bus ?dollars?\b|\bdollars?\b|us\$|\$", " USD "),
    (r"\bcny\b", " CNY "),
    (r"\busd\b", " USD "),
    (r"\bgrams?\b", " g "),
    (r"\bhours?\b|\bhrs?\b", " h "),
    (r"\btonnes?\b|\bmetric tons?\b|\btons?\b", " t "),
    (r"\bper\b", "/"),
    (r"\ba day\b|\beach day\b|\bdaily\b", "/day"),
]
_PER_YEAR = r"\s*(?:a year|per year|each year|annually|/\s*yr|/\s*year|/\s*a)\s*$"


@dataclass(frozen=True)
class Reading:
    """An answer as read: the quantity, and the interval its stated precision stands for (in its own
    unit), and the significant figures stated (None: a computed value, all digits)."""

    quantity: pint.Quantity
    low: float
    high: float
    sig: int | None
    text: str


def _stated(text: str) -> tuple[Decimal, Decimal, int]:
    """A number as written: its value, half a unit of its last stated digit, its significant figures.
    Trailing zeros of a whole number are not significant ('110,000': 2 figures, ± 5,000)."""
    plain = text.replace(",", "").lstrip("+")
    mantissa, _, exponent = plain.lower().partition("e")
    mantissa = mantissa.lstrip("-")
    try:
        value = Decimal(plain)
    except InvalidOperation:
        raise AnswerError(f"{text!r} is not a number") from None
    shift = int(exponent) if exponent else 0
    if "." in mantissa:
        whole, decimals = mantissa.split(".")
        places = -len(decimals)
        digits = (whole + decimals).lstrip("0")
    else:
        stripped = mantissa.rstrip("0")
        places = len(mantissa) - len(stripped) if stripped else 0
        digits = stripped.lstrip("0")
    sig = max(1, len(digits))
    half = Decimal(5) * Decimal(10) ** (places + shift - 1)
    return value, half, sig


def _unit_from_words(rest: str, exercise: Exercise) -> tuple[pint.Unit | None, float]:
    """The unit written after a number (None: a plain number) and a factor for words like 'thousand'."""
    text = rest.strip()
    factor = 1.0
    per_year = bool(re.search(_PER_YEAR, text, flags=re.IGNORECASE))
    text = re.sub(_PER_YEAR, "", text, flags=re.IGNORECASE).strip()
    lowered = text.lower()
    counted = False
    for noun in sorted(exercise.count_words, key=len, reverse=True):
        if lowered == noun or lowered.endswith(" " + noun):
            lowered = lowered[: len(lowered) - len(noun)].strip()
            text, counted = text[: len(lowered)], True
            break
    if lowered.startswith("thousand"):
        factor, text = 1e3, text[len("thousand"):].strip()
        if counted and not text:
            return ureg.count, factor
    if not text:
        unit = ureg.count if counted else None
    else:
        replaced = text
        for pattern, replacement in _WORD_UNITS:
            replaced = re.sub(pattern, replacement, replaced, flags=re.IGNORECASE)
        replaced = re.sub(r"\s*/\s*", "/", replaced.strip())
        replaced = re.sub(r"\s+", " * ", replaced)
        try:
            unit = ureg.parse_units(replaced)
        except Exception:  # noqa: BLE001 (pint raises many kinds; all mean the same to a reader)
            raise AnswerError(f"cannot read {rest.strip()!r} as a unit: write it as in the questions, "
                              f"e.g. '{exercise.unit or 'GWh'}'") from None
    if per_year:
        expected_time = dict(ureg.parse_units(exercise.unit or "dimensionless").dimensionality).get("[time]", 0)
        if expected_time < 0:  # a rate over time is asked for: "a year" is part of the unit (365 days)
            unit = (unit or ureg.dimensionless) / ureg.day
            factor /= 365
    return unit, factor


def read_answer(answer, exercise: Exercise) -> Reading:
    """Read a pint quantity or an answer string; ``AnswerError`` saying what could not be read."""
    if isinstance(answer, pint.Quantity):
        magnitude = answer.magnitude
        if isinstance(magnitude, np.ndarray):
            if magnitude.size != 1:
                raise AnswerError(f"the answer holds {magnitude.size} numbers; give one")
            magnitude = magnitude.item()
        if isinstance(magnitude, (bool, np.bool_)) or not isinstance(magnitude, (int, float, np.number)):
            raise AnswerError(f"the answer's number is {magnitude!r}, not a number")
        magnitude = int(magnitude) if isinstance(magnitude, (int, np.integer)) else float(magnitude)
        if isinstance(magnitude, float) and not math.isfinite(magnitude):
            raise AnswerError(f"{magnitude} is not a finite number")
        text = repr(magnitude) if isinstance(magnitude, int) or len(repr(magnitude)) <= 8 else None
        if text is None:  # a computed value: all its digits
            return Reading(Q_(magnitude, answer.units), magnitude, magnitude, None, f"{magnitude:g} {answer.units:~P}")
        value, half, sig = _stated(text)
        return Reading(Q_(magnitude, answer.units), float(value - half), float(value + half), sig,
                       f"{text} {answer.units:~P}".strip())
    if isinstance(answer, (int, float)) and not isinstance(answer, bool):
        return read_answer(Q_(answer, "dimensionless"), exercise)
    if not isinstance(answer, str):
        raise AnswerError(f"{answer!r} is neither a number with a unit nor a string such as \"3.2 PJ\"")
    text = answer.strip()
    body = re.sub(_HEDGES, "", text, flags=re.IGNORECASE)
    match = _NUMBER.match(body)
    if not match:
        raise AnswerError(f"{answer!r} does not start with a number written in digits (like \"3.2 PJ\")")
    value, half, sig = _stated(match.group(1))
    unit, factor = _unit_from_words(body[match.end():], exercise)
    unit = unit or ureg.dimensionless
    return Reading(Q_(float(value) * factor, unit), float(value - half) * factor, float(value + half) * factor,
                   sig, text)


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


def _what(exercise: Exercise) -> str:
    return exercise.measures or in_words(ureg.parse_units(exercise.unit))


# --------------------------------------------------------------------------------------------------
# The check


NOT_ANSWERED = "Not answered yet: replace ... with your answer"


def _in(value: float, low: float, high: float, slack: float) -> bool:
    return low - slack <= value <= high + slack


def verdict(key: str, answer, seed: int = 0) -> tuple[str, str]:
    """Whether ``answer`` to exercise ``key`` (variant ``seed``) is ``"right"``, ``"wrong"``,
    ``"not answered"`` or, for an open question, ``"to mark"``, and a sentence saying why."""
    if key not in EXERCISES:
        raise KeyError(f"no exercise {key!r}; exercises are {', '.join(EXERCISES)}")
    exercise = EXERCISES[key]
    if answer is None or answer is Ellipsis or (isinstance(answer, str) and not answer.strip()):
        if exercise.open:
            example = "answer = \"\"\"your explanation\"\"\""
        elif exercise.unit == "dimensionless":
            example = "answer = \"...\" with a plain number or a percentage"
        else:
            example = f"answer = \"... {exercise.unit}\" or Q_(..., \"{exercise.unit}\")"
        return "not answered", f"{NOT_ANSWERED}, e.g. {example}."
    if exercise.open:
        if not isinstance(answer, str):
            return "wrong", "Wrong: this question wants sentences, as text: answer = \"\"\"...\"\"\"."
        words = len(answer.split())
        if words < 12:
            return "wrong", f"Too short: {words} words. Explain in two to four sentences."
        return "to mark", f"Written: {words} words. Your teacher marks this one (rubric in TEACHING.md)."
    expected = exercise.expected(seed)
    target = float(expected.magnitude)
    try:
        reading = read_answer(answer, exercise)
    except AnswerError as exc:
        return "wrong", f"Cannot read your answer: {exc}."
    given = reading.quantity
    unit = exercise.unit
    unitless = not isinstance(answer, pint.Quantity) and given.units == ureg.dimensionless
    if unitless and unit != "dimensionless":
        return "wrong", (f"Wrong: {reading.text} has no unit. Write the unit too, e.g. \"{reading.text} {unit}\", "
                         "so that the unit is checked as well.")
    if given.dimensionality != expected.dimensionality:
        number_right = _in(target, reading.low, reading.high, exercise.tolerance * abs(target))
        if (1 / given).dimensionality == expected.dimensionality and number_right:
            return "wrong", (f"Wrong: the number is right, but {given.units:~P} is upside down: the answer is "
                             f"{_what(exercise)} in {unit}.")
        note = " Your number matches; the unit does not." if number_right else ""
        if "g/kWh" in reading.text.replace(" ", "") and unit == "gce/kWh":
            note += " Write gce (grams of coal equivalent, an amount of energy), not g (grams, a mass)."
        return "wrong", f"Wrong: {reading.text} is {in_words(given)}; the answer is {_what(exercise)} in {unit}.{note}"
    converted = given.to(unit)
    factor = float(converted.magnitude) / float(given.magnitude) if given.magnitude else 1.0
    low, high = sorted((reading.low * factor, reading.high * factor))
    value = float(converted.magnitude)
    # A computed value is held to the tolerance; a stated one to its own precision (and rounding error only).
    slack = (exercise.tolerance if reading.sig is None else 1e-9) * abs(target)
    shown_value = show(given) if isinstance(answer, pint.Quantity) else reading.text
    in_their_unit = show(expected) if given.units == ureg.dimensionless else show(expected.to(given.units))
    if _in(target, low, high, slack):
        rough = reading.sig is not None and (reading.sig < exercise.min_sig
                                             or (high - low) / 2 > exercise.coarsest * abs(value))
        if rough:
            return "wrong", (f"Too rough: {reading.text} is stated to {reading.sig} significant figure, so it could "
                             f"mean anything from {show(Q_(low, unit).to(given.units))} to "
                             f"{show(Q_(high, unit).to(given.units))}. "
                             + (f"Give at least {exercise.min_sig} significant figures."
                                if reading.sig < exercise.min_sig else "Give one more figure."))
        return "right", f"Right: {shown_value} (the answer is {in_their_unit})."
    v = values(seed)
    for why, wrong in exercise.mistakes.items():
        mistaken = float(wrong(v).to(unit).magnitude)
        if _in(mistaken, low, high, exercise.tolerance * abs(mistaken)):
            return "wrong", f"Wrong: {shown_value} — {why}."
    for size, why in ((1000, "a factor of 1000: check the prefixes (k, M, G)"),
                      (100, "a factor of 100: a percentage and a fraction differ by 100"),
                      (1e6, "a factor of a million: check 'million' and the prefixes")):
        for scaled in (target * size, target / size):
            if _in(scaled, low, high, abs(scaled) * max(exercise.tolerance, 0.005)):
                return "wrong", f"Wrong: {shown_value} is off by {why}."
    if reading.sig is not None and high > low and abs(value - target) < (high - low):
        return "wrong", (f"Wrong: {reading.text} is not the answer rounded to the digits you give: it is one off "
                         "in the last digit. Round to the nearest, don't cut digits off.")
    ratio = value / target if target else math.inf
    return "wrong", (f"Wrong: {shown_value} is {100 * (ratio - 1):+.1f}% from the answer; "
                     "check each step and the numbers you used.")


class WrongAnswer(AssertionError):
    """Raised by ``check`` in strict mode (for autograding) when an answer is not right."""


def check(key: str, answer, strict: bool = False, seed: int = 0) -> str:
    """Print whether ``answer`` to exercise ``key`` is right, and why (``verdict`` returns the same as a
    value), and return the result. With ``strict``, a wrong or missing answer raises ``WrongAnswer``
    (an open answer counts once written)."""
    result, sentence = verdict(key, answer, seed)
    print(sentence)
    if strict and result not in ("right", "to mark"):
        raise WrongAnswer(f"exercise {key}: {sentence}")
    return result


def checker(seed: int = 0, strict: bool = False) -> Callable[[str, object], str]:
    """``check`` for one notebook's variant and mode: ``check = checker(seed, strict)``, then
    ``check("turgusun_capacity_factor", answer)``. Loads the variant's inputs at once, so that a problem with
    the data shows here rather than in the first check."""
    values(seed)

    def check_answer(key: str, answer) -> str:
        return check(key, answer, strict, seed)

    return check_answer


# --------------------------------------------------------------------------------------------------
# Student notebooks and variants


PLACEHOLDER = "answer = ...  # your answer: Q_(value, \"unit\") or a string such as \"3.2 PJ\""
OPEN_PLACEHOLDER = "answer = ...  # your answer as text: answer = \"\"\"...\"\"\""
CHECK_CALL = re.compile(r"""check\(\s*["'](\w+)["']""")
SEED_LINE = re.compile(r"^seed: int = (\d+)(.*)$", re.MULTILINE)


def checked_keys(nb: nbformat.NotebookNode) -> list[tuple[int, str]]:
    """(cell index, exercise key) of every check cell of a notebook, in order."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            found += [(index, key) for key in CHECK_CALL.findall(cell.source)]
    return found


def exercise_block(nb: nbformat.NotebookNode) -> dict:
    """The notebook's ``energycoop.exercises`` metadata: ``{"set": name, "seed": n}`` ({} if none)."""
    block = nb.metadata.get("energycoop", {}).get("exercises", {})
    return block if isinstance(block, dict) else {}


def variant_markdown(seed: int) -> str:
    if seed == 0:
        return ("**Variant: seed 0**, the article's own numbers. (Your teacher may give you a notebook with "
                "another seed and other numbers.)")
    return (f"**Variant: seed {seed}.** The numbers in these questions are not the article's: they were changed "
            f"for you (seed {seed}), and the checks expect answers for these numbers. Do not change `seed` below.")


def _key_after(nb, index: int) -> str | None:
    for cell in nb.cells[index:]:
        if cell.cell_type == "code":
            found = CHECK_CALL.findall(cell.source)
            if found:
                return found[0]
    return None


def question_markdown(key: str, seed: int = 0) -> str:
    """The markdown of an exercise's question cell: its number, title and question for ``seed``."""
    exercise = EXERCISES[key]
    title = re.sub(r"\{(\w+)\}", lambda m: shown(m.group(1), values(seed)[m.group(1)]), exercise.title)
    kind = "open question, marked by your teacher" if exercise.open else f"{exercise.points} point" + \
        ("s" if exercise.points > 1 else "")
    return (f"## {number_of(key)}. {title}\n\n*Skill: {exercise.skill}; level {exercise.level} ({kind}).*\n\n"
            f"{exercise.prompt(seed)}")


def student_version(solution: nbformat.NotebookNode, seed: int = 0) -> nbformat.NotebookNode:
    """The student notebook for a solution notebook and variant ``seed``: ``answer`` cells emptied to a
    placeholder, ``solution`` markdown dropped, questions and the variant note written for the seed, the
    seed set in the parameters cell and recorded in the metadata, outputs and execution counts cleared."""
    variant_seed("seed", seed)
    nb = copy.deepcopy(solution)
    cells = []
    for index, cell in enumerate(nb.cells):
        tags = cell.metadata.get("tags", [])
        if "solution" in tags:
            continue
        if cell.cell_type == "markdown":
            if "question" in tags:
                key = _key_after(nb, index)
                if key:
                    cell.source = question_markdown(key, seed)
            if "variant" in tags:
                cell.source = variant_markdown(seed)
            if "title" in tags:
                cell.source = cell.source.replace("(worked solutions)", "(exercises)")
        if cell.cell_type == "code":
            if "answer" in tags:
                key = _key_after(nb, index)
                cell.source = OPEN_PLACEHOLDER if key and EXERCISES[key].open else PLACEHOLDER
            if "parameters" in tags:
                cell.source = SEED_LINE.sub(lambda m: f"seed: int = {seed}{m.group(2)}", cell.source)
            # The solutions use Q_ in their answers; a student's notebook imports it for theirs.
            cell.source = "\n".join(line + "  # noqa: F401 (for your answers)" if line == "from energycoop.units import Q_"
                                    else line for line in cell.source.split("\n"))
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    nb.cells = cells
    block = nb.metadata.setdefault("energycoop", {}).setdefault("exercises", {})
    block["seed"] = seed
    return nb


# --------------------------------------------------------------------------------------------------
# Printable worksheets


WORKSHEET_CSS = """
body { font-family: Georgia, "Times New Roman", serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.45; color: #111; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
.meta { color: #444; font-size: .95rem; }
.exercise { border: 1px solid #999; border-radius: 4px; padding: .6rem 1rem 1rem; margin: 1rem 0; }
.exercise h2 { font-size: 1.15rem; margin: .2rem 0; }
.skill { font-style: italic; color: #444; font-size: .9rem; margin: 0; }
.working { border-bottom: 1px dotted #888; height: 2rem; }
.blank { display: inline-block; border-bottom: 1px solid #111; min-width: 9rem; }
.key { background: #eef5ee; padding: .3rem .5rem; margin-top: .5rem; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: .9em; }
@media print {
  @page { size: A4; margin: 18mm 16mm; }
  body { margin: 0; max-width: none; font-size: 11pt; }
  .exercise { page-break-inside: avoid; break-inside: avoid; }
  .noprint { display: none; }
  a { color: inherit; text-decoration: none; }
}
"""


def _inline_markdown(text: str) -> str:
    """Questions use only `code`, **bold** and *italic*; escape everything else."""
    out = html.escape(text, quote=False)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"(?<![*\w])\*([^*]+)\*(?!\w)", r"<em>\1</em>", out)


def worksheet_html(notebook: nbformat.NotebookNode, answers: bool = False) -> str:
    """A printable HTML worksheet (one self-contained page, with a print stylesheet) for an exercise
    notebook (a solution or a student notebook, any variant): title, seed, and each exercise's question
    with room for the working and the answer. With ``answers``, a teacher's key under each."""
    block = exercise_block(notebook)
    seed = int(block.get("seed", 0))
    keys = [key for _, key in checked_keys(notebook)]
    if not keys:
        raise ValueError("this notebook has no check cells: it is not one of the exercise notebooks")
    title_cell = next((c for c in notebook.cells if c.cell_type == "markdown" and c.source.startswith("# ")), None)
    title = title_cell.source.splitlines()[0][2:].replace("(worked solutions)", "(exercises)") if title_cell \
        else "Exercises"
    title = title.replace("(exercises)", "(worksheet)")
    parts = [f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{html.escape(title)}</title>",
             f"<style>{WORKSHEET_CSS}</style></head><body>",
             f"<h1>{html.escape(title)}</h1>",
             f"<p class=\"meta\">{_inline_markdown(variant_markdown(seed))}</p>",
             "<p class=\"meta\">Name: <span class=\"blank\"></span> &nbsp; Class: <span class=\"blank\"></span></p>",
             ("<p class=\"meta\">Give every answer with its unit, and the precision you trust: \"about 37 %\" "
             "means 36.5 to 37.5 %.</p>")]
    for key in keys:
        exercise = EXERCISES[key]
        number_and_title, _, rest = question_markdown(key, seed).partition("\n\n")
        skill, _, question = rest.partition("\n\n")
        question = re.sub(r"\s*Write your answer as text: `[^`]*`\.", "", question)  # on paper: the lines below
        lines = 8 if exercise.open else 4
        parts.append(f"<section class=\"exercise\" id=\"{key}\"><h2>{html.escape(number_and_title[3:])}</h2>"
                     f"<p class=\"skill\">{_inline_markdown(skill.strip('*'))}</p><p>{_inline_markdown(question)}</p>"
                     + "<div class=\"working\"></div>" * lines
                     + ("" if exercise.open else
                        "<p>Answer: <span class=\"blank\"></span> Unit: <span class=\"blank\"></span></p>"))
        if answers:
            key_text = "Marked with the rubric in TEACHING.md." if exercise.open else \
                f"Answer: {show(exercise.expected(seed))}."
            parts.append(f"<p class=\"key\">{html.escape(key_text)}</p>")
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


# --------------------------------------------------------------------------------------------------
# A variant for one student


VARIANT_COMMAND = "exercises"


def write_variant(seed: int, out) -> list:
    """Write the student notebooks of variant ``seed`` and their printable worksheets into ``out`` (a
    new or empty directory, or one this command made before: ``energycoop.paths.claim_output_dir``).
    Raises ``UnsafePath`` before anything is written."""
    from .paths import claim_output_dir, empty_claimed_dir, is_claimed, mark
    from .runner import exercise_solutions

    variant_seed("seed", seed)
    target = claim_output_dir(out, VARIANT_COMMAND, "the variant's output directory")
    notebooks = [(s, student_version(nbformat.read(s, as_version=4), seed)) for s in exercise_solutions()]
    if is_claimed(target, VARIANT_COMMAND):
        empty_claimed_dir(target, VARIANT_COMMAND)
    mark(target, VARIANT_COMMAND)
    written = []
    for solution, nb in notebooks:
        path = target / solution.name
        nbformat.write(nb, path)
        sheet = target / f"{solution.stem}-worksheet.html"
        sheet.write_text(worksheet_html(nb), encoding="utf-8")
        written += [path, sheet]
    return written
