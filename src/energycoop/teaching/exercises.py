"""Exercises drawn from the article: their inputs, expected answers, the check, the student version,
per-student variants and printable worksheets.

Each exercise names the data it uses (``data/article.csv`` and ``data/reference.csv`` ids) and computes
its expected answer from them with the library's own functions, never typed in. ``check`` compares a
student's answer with it and says, in plain words, right or wrong and why: a different kind of quantity
("this is a mass per energy; the answer is an energy ratio in gce/kWh"), a factor of a thousand (a
prefix), of a hundred (percent against fraction), or a named mistake such as undoing growth by
subtraction.

How an answer is read and judged
--------------------------------
``energycoop.teaching.answers`` reads and judges answers; its docstring is the specification of what a student may
type (a decimal comma, SI spacing, powers of ten, ranges, the question's own words, any case) and of the
order of the rules (named mistakes before the tolerance, restated givens, bounds, precision). Its names
(``verdict``, ``check``, ``checker``, ``read_answer``, ``AnswerError``, ``WrongAnswer``) are importable from
here too. A **bound** exercise (``Exercise.bound``) wants its direction in words; a **choice** exercise
(``Exercise.choose``) one of its options in words (a verdict of ``audit.VERDICTS``), computed for the variant
by ``audit.judge``.

Every exercise has a level (1 to 3; level 3 is multi-step), a time estimate (``minutes``) and at least two
``hints``, a nudge and then the formula, shown one inside the other (``hints_markdown``) so that they open
one at a time. Each notebook opens with ``intro_markdown``: learning objectives, prerequisites and time.

Variants
--------
``values(seed)`` perturbs the inputs the questions print reproducibly (seed 0 is the article itself): each
input moves by ``MIN_SHIFT`` to its ``Perturb.spread`` (always off its printed value) and is rounded to the
article's own rounding unit (``rounding_step``: "110,000 t" to 10,000 t in every variant). One input keeps one value across all exercises of a seed. ``student_version(solution, seed)``
writes those numbers into the questions, records the seed in the notebook's metadata
(``energycoop.teaching.exercises``) and visibly, and the expected answers follow from the same inputs.

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
from typing import TYPE_CHECKING

import numpy as np
import pint

from energycoop.analysis import audit
from energycoop.analysis.uncertainty import Range, tornado
from energycoop.data.loaders import (
    load_article,
    load_reference,
    quantity,
    rounding_interval,
    rounding_quantities,
)
from energycoop.data.loaders import quantity as _quantity
from energycoop.data.params import ParameterError
from energycoop.quantities import energy, trade
from energycoop.quantities.units import Q_, show

if TYPE_CHECKING:  # nbformat is imported where a notebook is written: a student's kernel need not load it
    import nbformat

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
    # Reference values the questions print: changed too, so that every numeric exercise differs across seeds.
    "zhanatas_expected_generation_2020": Perturb(0.15, follows="zhanatas_annual_generation"),
    "china_coal_rate_2023": Perturb(0.12),
    "kazakhstan_generation_2023": Perturb(0.2),
    "aluminium_kwh_per_t": Perturb(0.1),
    "aluminium_kwh_per_t_world_2015": Perturb(0.0, follows="aluminium_kwh_per_t"),
    "irena_additions_2023": Perturb(0.04, follows="world_renewable_additions"),  # stays below the IEA count
    "irena_china_additions_2023": Perturb(0.3, follows="irena_additions_2023"),
    "irena_capacity_2023": Perturb(0.2),
    "zhanatas_coal_saved_precise": Perturb(0.0, follows="zhanatas_coal_saved"),
}
# A variant moves each input by at least this much (relative), and always off its printed value.
MIN_SHIFT = 0.03

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
    "hours_per_year": ("h", "hours"),
    "nev_production_and_sales": ("million", "million"),
    "zhanatas_expected_generation_2020": ("GWh", "million kWh"),
    "irena_china_additions_2023": ("GW", "GW"),
    "irena_additions_2023": ("GW", "GW"),
    "irena_capacity_2023": ("GW", "GW"),
    "kazakhstan_generation_2023": ("TWh", "TWh"),
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


@functools.cache
def rounding_step(key: str) -> float:
    """The rounding unit of input ``key``, in its data unit: the article's printed rounding ('110,000' is
    rounded to 10,000 t, '350' million kWh to 10 GWh), or the last digit of a reference value as recorded.
    Every variant keeps it: a variant's '100,000 t' still stands for 95,000 to 105,000 t."""
    article, reference = _tables()
    if key in article.index:
        text = str(article.loc[key, "value_as_printed"]).replace(",", "")
        value = float(article.loc[key, "value"])
        if re.fullmatch(r"\d+(\.\d+)?", text) and float(text):
            low, high = rounding_interval(text)
            return (high - low) / float(text) * value
    table = article if key in article.index else reference
    value = float(table.loc[key, "value"])
    if not value:
        return 0.0
    low, high = rounding_interval(f"{abs(value):.12g}")
    return high - low


def _round_to(x: float, step: float) -> float:
    """``x`` rounded to a whole number of ``step``s (clean decimals: 0.1 steps give one decimal)."""
    if not step:
        return x
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    return float(round(round(x / step) * step, decimals))


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
        start = float(base[key].magnitude)
        step = 1.0 if rule.whole else rounding_step(key)
        # at least MIN_SHIFT, and at least a little over half a rounding unit: the value always moves
        least = min(rule.spread, max(MIN_SHIFT, 0.6 * step / abs(start))) if rule.spread else 0.0
        own = 1 + rng.choice([-1.0, 1.0]) * rng.uniform(least, rule.spread) if rule.spread else 1.0
        factor = (factors[rule.follows] if rule.follows else 1.0) * own
        factors[key] = factor
        value = start * factor
        if rule.whole:
            value = max(1.0, float(round(value)))
        elif rule.sig:
            value = _round_sig(value, rule.sig)
        else:
            value = _round_to(value, step)
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


def _number_text(key: str, x: float) -> str:
    unit = SHOWN.get(key, (None, None))[0]
    q = Q_(x, values(0)[key].units)
    return f"{float((q.to(unit) if unit else q).magnitude):,.6g}"


def render(text: str, seed: int = 0) -> str:
    """A question, title, hint or worked step for variant ``seed``: ``{id}`` is input ``id`` as ``shown``
    prints it; ``{id:low}``, ``{id:high}`` and ``{id:step}`` the ends of the interval its rounding stands
    for and its rounding unit (numbers only); ``{id:fraction}`` a percentage as a fraction ('0.776');
    ``{id:number}`` the number alone."""
    v = values(seed)

    def one(match: re.Match) -> str:
        key, part = match.group(1), match.group(2)
        if part is None:
            return shown(key, v[key])
        if part in ("low", "high"):
            low, high = _printed_interval(v, key)
            return _number_text(key, float((low if part == "low" else high).magnitude))
        if part == "step":
            return _number_text(key, rounding_step(key))
        if part == "number":
            return _number_text(key, float(v[key].magnitude))
        if part == "fraction":
            return f"{float(v[key].to('dimensionless').magnitude):.6g}"
        raise ValueError(f"unknown part {part!r} in {{{key}:{part}}}")

    return re.sub(r"\{(\w+)(?::(\w+))?\}", one, text)


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
    minutes: int = 5  # a time estimate for a student working alone
    hints: tuple[str, ...] = ()  # revealed one at a time: a nudge first, then the formula; never the answer
    bound: str | None = None  # "lower" or "upper": the answer is a bound and must say which ("at least 255 GW")
    choose: Callable[[dict], str] | None = None  # a choice among ``options`` (a verdict), computed from the inputs
    options: tuple[str, ...] = ()
    wrong_choices: dict[str, str] = field(default_factory=dict)  # a wrong option -> why it is wrong
    chart: Callable[[dict], object] | None = None  # draws the chart the question is about (a matplotlib figure)
    convert: tuple[str, ...] = ()  # units the question gives its figures in: an answer in them is refused
    percent_kind: str | None = None  # "points" (a gap in percentage points) or "relative" (a relative difference)
    whole: bool = False  # a count of whole things: the whole numbers either side of the value are right
    working: tuple[str, ...] = ()  # the worked solution's steps, {id} an input and {=name} a computed value

    @property
    def open(self) -> bool:
        return self.solve is None and self.choose is None

    @property
    def is_choice(self) -> bool:
        return self.choose is not None

    @property
    def multi_step(self) -> bool:
        """Level 3: several steps, or a judgement built on several results."""
        return self.level == 3

    @property
    def points(self) -> int:
        return self.rubric_points if self.open else self.level

    def inputs(self) -> list[str]:
        return list(dict.fromkeys(re.findall(r"\{(\w+)(?::\w+)?\}", self.question)))

    def prompt(self, seed: int = 0) -> str:
        """The question with the inputs of variant ``seed``."""
        return render(self.question, seed)

    def expected(self, seed: int = 0) -> pint.Quantity | str:
        if self.open:
            raise ValueError(f"exercise {self.key} is an open question: it has no single expected value")
        if self.is_choice:
            return self.choose(values(seed))
        return self.solve(values(seed)).to(self.unit)

    def hint_texts(self, seed: int = 0) -> list[str]:
        """The hints with the inputs of variant ``seed``."""
        return [render(h, seed) for h in self.hints]


def _zhanatas_capacity(v):
    return energy.capacity_from_units(int(v["zhanatas_turbines"].magnitude), v["zhanatas_turbine_capacity"])


def _barrels_per_day(v):
    return energy.oil_barrels_per_day(v["atyrau_capacity"], v["crude_bbl_per_tonne"], v["days_per_year"])


def _year(v):
    return v["hours_per_year"]

def _printed_interval(v, key) -> tuple[pint.Quantity, pint.Quantity]:
    """The interval a printed input stands for: its value ± half the article's rounding unit
    (``rounding_step``), the same in every variant."""
    half = rounding_step(key) / 2
    value = float(v[key].magnitude)
    return Q_(value - half, v[key].units), Q_(value + half, v[key].units)


def _coal_rate_interval(v) -> tuple[pint.Quantity, pint.Quantity]:
    coal_low, coal_high = _printed_interval(v, "zhanatas_coal_saved")
    generation_low, generation_high = _printed_interval(v, "zhanatas_annual_generation")
    return (energy.coal_rate(coal_low, generation_high).to("gce/kWh"),
            energy.coal_rate(coal_high, generation_low).to("gce/kWh"))


def _coal_verdict(v) -> str:
    low, high = _coal_rate_interval(v)
    nominal = energy.coal_rate(v["zhanatas_coal_saved"], v["zhanatas_annual_generation"]).to("gce/kWh")
    evidence = v["china_coal_rate_2023"].to("gce/kWh").magnitude
    return audit.judge(audit.Interval(low.magnitude, high.magnitude, "gce/kWh"), audit.Interval.point(evidence, "gce/kWh"),
                       nominal=nominal.magnitude).verdict


def _irena_share(v):
    return energy.share(v["irena_china_additions_2023"], v["irena_additions_2023"])


def _over_half_verdict(v) -> str:
    claimed = v["china_share_of_world_additions"].to("percent").magnitude
    whole = Q_(1, "dimensionless").to("percent").magnitude  # a share is at most the whole
    claim = audit.Interval(claimed, whole, "percent", low_open=True)
    evidence = _irena_share(v).magnitude
    return audit.judge(claim, audit.Interval.point(evidence, "percent"), nominal=claimed, bound=True).verdict


def _nev_export_share(v):
    """At most: exports at the top of what their printed rounding allows ("1.2 million" can be 1.25
    million), over a production that only "exceeded" its figure."""
    production = trade.Bounded.from_qualifier(v["nev_production_and_sales"],
                                              _tables()[0].loc["nev_production_and_sales", "qualifier"])
    article = _tables()[0]
    top = rounding_quantities(article, "nev_exports")[1] - quantity(article, "nev_exports")
    half = Q_(float(top.magnitude), top.units)  # a plain number, as every expected answer is
    return trade.ratio(trade.Bounded(v["nev_exports"] + half), production)


def _zhanatas_cf(v, generation):
    return energy.capacity_factor(generation, _zhanatas_capacity(v), _year(v))


def _cf_gap_points(v):
    return (_zhanatas_cf(v, v["zhanatas_annual_generation"])
            - _zhanatas_cf(v, v["zhanatas_expected_generation_2020"])).to("percent")


def _cf_gap_relative(v):
    return trade.growth_between(_zhanatas_cf(v, v["zhanatas_expected_generation_2020"]),
                                _zhanatas_cf(v, v["zhanatas_annual_generation"]))


def _irena_growth(v, additions):
    start = v["irena_capacity_2023"] - additions
    return trade.growth_between(start, v["irena_capacity_2023"])


def _smelter_electricity(v):
    return energy.electricity_for_output(v["pavlodar_capacity"], v["aluminium_kwh_per_t"])


# Charts the chart exercises are about: each exercise draws its own from the variant's inputs.
LOG_START = Q_(1, "MW")  # where the log-scale bars start
SYMLOG_LINEAR = Q_(1, "percent")  # the symmetric log axis is linear from -1% to +1%


def _log_bars(v) -> dict[str, pint.Quantity]:
    return {"Turgusun hydropower": v["turgusun_capacity"].to("MW"),
            "Zhanatas wind farm": _zhanatas_capacity(v).to("MW"),
            "Kazakhstan's wind (2024)": v["kazakhstan_wind_capacity_2024"].to("MW"),
            "World additions 2023": v["world_renewable_additions"].to("MW")}


def _decades(q: pint.Quantity) -> float:
    """A bar's length on the log-scale chart, in factors of ten from ``LOG_START``."""
    return math.log10((q / LOG_START).to("dimensionless").magnitude)


def _log_chart(v):
    import matplotlib.pyplot as plt

    from energycoop.analysis.plotting import OKABE_ITO, use_style

    use_style()
    bars = _log_bars(v)
    fig, ax = plt.subplots(figsize=(7, 2.8))
    ax.barh(list(bars), [q.magnitude - LOG_START.magnitude for q in bars.values()], left=LOG_START.magnitude,
            color=OKABE_ITO["blue"])
    ax.set_xscale("log")
    ax.set_xlim(LOG_START.magnitude, 1e7)
    ax.set_xlabel("Capacity, MW (log scale; bars start at 1 MW)")
    ax.set_title("Four capacities on one log-scale axis")
    fig.tight_layout()
    return fig


def _symlog_bars(v) -> dict[str, pint.Quantity]:
    """Differences between figures, in percent, of both signs (the symmetric log chart)."""
    return {"NEV export growth 2023": v["nev_export_growth"].to("percent"),
            "'New three' export growth 2023": v["new_three_growth_2023"].to("percent"),
            "Coal saved: published against the article's": trade.growth_between(v["zhanatas_coal_saved"],
                                                                                v["zhanatas_coal_saved_precise"]),
            "Yuan per dollar: 2023 average against weakest fixing": trade.growth_between(
                v["cny_per_usd_2023_weakest"], v["cny_per_usd_2023_average"]),
            "2023 additions: IRENA's count against the IEA's": trade.growth_between(v["world_renewable_additions"],
                                                                                   v["irena_additions_2023"])}


def symlog_position(q: pint.Quantity) -> float:
    """Where a value sits on the symmetric log axis, in lengths of one factor of ten from zero (linear within
    ``SYMLOG_LINEAR``, each side of the linear part as long as one factor of ten)."""
    x = (q / SYMLOG_LINEAR).to("dimensionless").magnitude
    return x if abs(x) <= 1 else math.copysign(1 + math.log10(abs(x)), x)


def _symlog_chart(v):
    import matplotlib.pyplot as plt

    from energycoop.analysis.plotting import HIGHLIGHT, OKABE_ITO, use_style

    use_style()
    bars = _symlog_bars(v)
    fig, ax = plt.subplots(figsize=(7, 3))
    magnitudes = [q.magnitude for q in bars.values()]
    ax.barh(list(bars), magnitudes, color=[OKABE_ITO["blue"] if m > 0 else HIGHLIGHT for m in magnitudes])
    ax.set_xscale("symlog", linthresh=SYMLOG_LINEAR.magnitude, linscale=0.9)  # linscale 0.9: one side = one decade
    ax.axvline(0, color="black", linewidth=1)
    ax.set_xlim(-300, 300)
    ax.set_xlabel("Difference, % (symmetric log scale: linear from -1% to +1%)")
    ax.set_title("Five differences on a symmetric log axis")
    fig.tight_layout()
    return fig


def _smelter_ranges(v) -> dict:
    capacity_low, capacity_high = _printed_interval(v, "pavlodar_capacity")
    generation_low, generation_high = _printed_interval(v, "zhanatas_annual_generation")
    earlier = v["zhanatas_expected_generation_2020"].to("GWh").magnitude
    intensities = [v[k].to("kWh/t").magnitude for k in ("aluminium_kwh_per_t_world_2015", "aluminium_kwh_per_t")]
    base_intensity = v["aluminium_kwh_per_t"].to("kWh/t").magnitude
    return {"capacity": Range(capacity_low.to("t").magnitude, v["pavlodar_capacity"].to("t").magnitude,
                              capacity_high.to("t").magnitude, "t", "the rounding of the printed capacity"),
            "intensity": Range(min(intensities), base_intensity, max(intensities), "kWh/t",
                               "world (IAI 2015) to China (2016) electricity per tonne"),
            "generation": Range(min(earlier, generation_low.to("GWh").magnitude),
                                v["zhanatas_annual_generation"].to("GWh").magnitude,
                                max(earlier, generation_high.to("GWh").magnitude), "GWh",
                                "the 2020 estimate to the rounding of the printed output")}


TORNADO_NAMES = {"capacity": "smelter's output (t a year)", "intensity": "electricity per tonne of aluminium",
                 "generation": "a farm's yearly output"}


def _smelter_farms_model(capacity, intensity, generation):
    return (energy.electricity_for_output(capacity, intensity) / generation).to("dimensionless")


def smelter_tornado(seed: int = 0):
    """The tornado table of the smelter-in-farms result for variant ``seed`` (``uncertainty.tornado``)."""
    return tornado(_smelter_farms_model, _smelter_ranges(values(seed)), "dimensionless")


def _tornado_chart(v):
    import matplotlib.pyplot as plt

    from energycoop.analysis.plotting import OKABE_ITO, use_style

    use_style()
    table = tornado(_smelter_farms_model, _smelter_ranges(v), "dimensionless").iloc[::-1]
    fig, ax = plt.subplots(figsize=(7, 2.6))
    low = table[["output_at_low", "output_at_high"]].min(axis=1)
    high = table[["output_at_low", "output_at_high"]].max(axis=1)
    names = [TORNADO_NAMES[n] for n in table["input"]]
    ax.barh(names, high - low, left=low, color=OKABE_ITO["sky blue"])
    for y, (a, b) in enumerate(zip(low, high, strict=True)):
        ax.annotate(f"{a:.2f}", (a, y), xytext=(-4, 0), textcoords="offset points", ha="right", va="center", fontsize=8)
        ax.annotate(f"{b:.2f}", (b, y), xytext=(4, 0), textcoords="offset points", ha="left", va="center", fontsize=8)
    base = float(table["base"].iloc[0])
    ax.axvline(base, color="black", linewidth=1)
    ax.set_xlim(low.min() - 0.15 * (high.max() - low.min()), high.max() + 0.15 * (high.max() - low.min()))
    ax.set_xlabel(f"Zhanatas farms to match the smelter (base {base:.2f}; each input over its range, others held)")
    ax.set_title("Tornado chart: which input moves the answer most")
    fig.tight_layout()
    return fig


def _tornado_swings(v) -> list[float]:
    return list(tornado(_smelter_farms_model, _smelter_ranges(v), "dimensionless")["swing"])


OPEN_TEXT = "Write your answer as text: `answer = \"\"\"...\"\"\"`."

EXERCISE_LIST = [
    # Notebook 1: power and energy
    Exercise("turgusun_capacity_factor", "Turgusun's capacity factor",
             "Turgusun has {turgusun_capacity} installed and generates {turgusun_annual_generation} in an average "
             "year. What is its capacity factor, over a year of {hours_per_year}?",
             "capacity factor", 2, "dimensionless", measures="a share (a fraction or a percentage)",
             solve=lambda v: energy.capacity_factor(v["turgusun_annual_generation"], v["turgusun_capacity"], _year(v)),
             mistakes={"you divided energy by capacity without the hours of the year":
                       lambda v: Q_((v["turgusun_annual_generation"] / v["turgusun_capacity"]).to("GWh/MW").magnitude,
                                    "")},
             minutes=5,
             hints=(("The capacity factor compares what the plant made with what it would make running flat out all "
                    "year."),
                    "CF = energy ÷ (capacity × hours in the year). Convert both to one energy unit (MWh) first.")),
    Exercise("zhanatas_full_load_hours", "Zhanatas's full-load hours",
             "Zhanatas has {zhanatas_turbines} turbines of {zhanatas_turbine_capacity} and generates about "
             "{zhanatas_annual_generation} a year. How many hours at full power give that output?",
             "capacity and energy", 2, "h",
             solve=lambda v: energy.full_load_hours(v["zhanatas_annual_generation"], _zhanatas_capacity(v)),
             mistakes={"you divided by one turbine's capacity instead of the whole farm's":
                       lambda v: energy.full_load_hours(v["zhanatas_annual_generation"],
                                                        v["zhanatas_turbine_capacity"])},
             minutes=5,
             hints=("First find the capacity of the whole farm, not of one turbine.",
                    ("Full-load hours = yearly energy ÷ farm capacity (MWh ÷ MW = h). A year has 8,760 hours: "
                    "your answer must be fewer."))),
    Exercise("zhanatas_coal_rate", "The coal rate behind the coal saved",
             "Zhanatas is said to save about {zhanatas_coal_saved} a year for its {zhanatas_annual_generation}. "
             "How many grams of coal equivalent per kWh does that imply? (In the collection's units, standard coal "
             "is `tce` and grams of it `gce`.)",
             "rates in coal equivalent", 2, "gce/kWh",
             measures="an energy ratio (coal energy per kWh of electricity)",
             solve=lambda v: energy.coal_rate(v["zhanatas_coal_saved"], v["zhanatas_annual_generation"]),
             mistakes={"you divided electricity by coal: the rate is coal per kWh":
                       lambda v: Q_(1 / energy.coal_rate(v["zhanatas_coal_saved"], v["zhanatas_annual_generation"])
                                    .to("gce/kWh").magnitude, "gce/kWh")},
             minutes=5,
             hints=("A rate per kWh: the coal goes on top, the electricity below.",
                    "Coal rate = coal ÷ electricity. Turn tonnes into grams (× 10⁶) and million kWh into kWh (× 10⁶).")),
    Exercise("world_additions_in_farms", "\"{world_renewable_additions}\" in wind farms",
             "The world added {world_renewable_additions} of renewable capacity in 2023. How many wind farms the size "
             "of Zhanatas ({zhanatas_turbines} turbines of {zhanatas_turbine_capacity}) is that?",
             "prefixes and large numbers", 1, "dimensionless", measures="a number of wind farms",
             count_words=("farms", "wind farms", "zhanatas farms"),
             solve=lambda v: (v["world_renewable_additions"] / _zhanatas_capacity(v)).to("dimensionless"),
             minutes=3,
             hints=("Put both capacities in the same unit first: \"million kW\" and MW differ by a prefix.",
                    "1 million kW = 10⁶ kW = 1,000 MW = 1 GW; farms = world additions ÷ one farm's capacity.")),
    Exercise("zhanatas_coal_energy", "The energy in the coal saved",
             "How much energy, in PJ, is in {zhanatas_coal_saved} (a tonne of coal equivalent is "
             "{tce_definition})?",
             "energy units", 1, "PJ",
             solve=lambda v: energy.coal_energy(v["zhanatas_coal_saved"], "PJ"),
             mistakes={"you used the tonne of oil equivalent (41.868 GJ); standard coal is 29.3076 GJ per tonne":
                       lambda v: Q_(v["zhanatas_coal_saved"].magnitude, "toe")},
             minutes=3, convert=("tce",),
             hints=("\"Standard coal\" is already an amount of energy: multiply by the energy per tonne.",
                    "Energy = tonnes × GJ per tonne; 1 PJ = 10⁶ GJ.")),
    Exercise("zhanatas_implied_efficiency", "The efficiency the coal saving assumes",
             "If a coal plant burned the {zhanatas_coal_saved} to make Zhanatas's {zhanatas_annual_generation}, "
             "what share of the coal's energy would end up as electricity? (Electricity out over energy in.)",
             "energy balance", 3, "dimensionless", measures="a share (a fraction or a percentage)",
             solve=lambda v: energy.implied_efficiency(v["zhanatas_annual_generation"],
                                                       energy.coal_energy(v["zhanatas_coal_saved"], "GWh")),
             mistakes={"you divided the coal's energy by the electricity: efficiency is out over in":
                       lambda v: (energy.coal_energy(v["zhanatas_coal_saved"], "GWh")
                                  / v["zhanatas_annual_generation"]).to("dimensionless"),
                       "you used the tonne of oil equivalent (41.868 GJ); standard coal is 29.3076 GJ per tonne":
                       lambda v: (v["zhanatas_annual_generation"]
                                  / Q_(v["zhanatas_coal_saved"].magnitude, "toe")).to("dimensionless")},
             minutes=8,
             hints=("Put the electricity and the coal's energy in the same unit before you divide.",
                    "η = electricity ÷ (tonnes × 29.3076 GJ/t), with 1 kWh = 3.6 MJ. No machine gives more than 100 %.")),
    Exercise("coal_saving_claim", "Is the coal saving believable?",
             "Chinese coal plants burn about {china_coal_rate_2023}. Using your answers to exercises 3, 5 and 6, "
             "say in two to four sentences whether \"saving about "
             "{zhanatas_coal_saved}\" fits \"{zhanatas_annual_generation}\", and what the word \"about\" allows. "
             + OPEN_TEXT,
             "judging a claim", 3, "", rubric_points=3, minutes=10,
             hints=("Compare your coal rate with the Chinese plants' rate: close, or far?",
                    ("\"About {zhanatas_coal_saved:number}\" stands for {zhanatas_coal_saved:low} to "
                     "{zhanatas_coal_saved:high}: work out the lowest and highest coal rate the rounding allows."))),
    # Notebook 2: industry and trade
    Exercise("nev_exports_2022", "China's NEV exports in 2022",
             "NEV exports reached {nev_exports} in 2023, \"a year-on-year increase of {nev_export_growth}\". "
             "How many were exported in 2022, in millions?",
             "growth rates and back-calculation", 2, "million", measures="a number of vehicles",
             count_words=("units", "vehicles", "cars"),
             solve=lambda v: trade.back_calculate(v["nev_exports"], v["nev_export_growth"]),
             mistakes={"you subtracted the growth; undo growth by dividing by (1 + g)":
                       lambda v: v["nev_exports"] * (1 - v["nev_export_growth"].to("").magnitude)},
             minutes=5,
             hints=("Growth is measured on the earlier year: 2023 = 2022 × (1 + growth).",
                    ("2022 = 2023 ÷ (1 + g), with g as a fraction ({nev_export_growth} is {nev_export_growth:fraction}). "
                     "Subtracting g does not undo it."))),
    Exercise("china_additions_lower_bound", "What \"over half\" tells us",
             "China contributed \"over half\" of the world's {world_renewable_additions} of new renewable capacity "
             "in 2023. What does that say about how many GW China added? Give a bound in GW, in words "
             "(\"at least ...\" or \"at most ...\").",
             "bounds and qualifiers", 1, "GW", bound="lower",
             solve=lambda v: (v["world_renewable_additions"] * v["china_share_of_world_additions"]).to("GW"),
             mistakes={"you used the whole world's additions, not China's part":
                       lambda v: v["world_renewable_additions"]},
             minutes=3,
             hints=("\"Over\" tells you which side of a number the truth is on, not where it is.",
                    ("Half of the world's additions is one end of the range; say whether China's additions are "
                    "above or below it."))),
    Exercise("smelter_in_zhanatas_farms", "The smelter in Zhanatas wind farms",
             "An aluminium smelter making {pavlodar_capacity} a year uses about {aluminium_kwh_per_t}. How many Zhanatas "
             "wind farms ({zhanatas_annual_generation} a year each) would produce that much electricity in a year?",
             "ratios of energy", 3, "dimensionless", measures="a number of wind farms",
             min_sig=1, coarsest=0.06, count_words=("farms", "wind farms", "zhanatas farms"), whole=True,
             solve=lambda v: (_smelter_electricity(v) / v["zhanatas_annual_generation"]).to("dimensionless"),
             mistakes={"you divided the farm's output by the smelter's use: the question is smelter over farm":
                       lambda v: (v["zhanatas_annual_generation"] / _smelter_electricity(v)).to("dimensionless")},
             minutes=8,
             hints=("Two steps: first the smelter's electricity in a year, then how many farm-years that is.",
                    "Electricity = tonnes × kWh per tonne; farms = that ÷ one farm's yearly output (same units).")),
    Exercise("new_three_rate", "The exchange rate inside the trade figure",
             "The \"new three\" exports were worth {new_three_exports_cny} ({new_three_exports_usd}). What exchange "
             "rate, in yuan per dollar, do the two amounts imply?",
             "exchange rates", 1, "CNY/USD", measures="an exchange rate",
             solve=lambda v: trade.implied_rate(v["new_three_exports_cny"], v["new_three_exports_usd"]),
             mistakes={"you divided dollars by yuan: the rate is yuan per dollar":
                       lambda v: Q_(1 / trade.implied_rate(v["new_three_exports_cny"], v["new_three_exports_usd"])
                                    .to("CNY/USD").magnitude, "CNY/USD")},
             minutes=3,
             hints=("\"Yuan per dollar\" tells you what goes on top.",
                    "Rate = yuan ÷ dollars; a trillion is 1,000 billion.")),
    Exercise("atyrau_barrels_per_day", "Atyrau's crude in barrels a day",
             "The refinery processes {atyrau_capacity} of crude a year. At {crude_bbl_per_tonne}, how many oil "
             "barrels a day is that?",
             "units: barrels, mass and time", 2, "oil_bbl/day", measures="a volume per time (barrels a day)",
             solve=_barrels_per_day,
             mistakes={"you wrote the barrels with pint's bbl, a US barrel of 31.5 gallons, so your answer claims a "
                       "quarter less oil than the refinery runs (the pitfall of notebook 11); the barrels per tonne "
                       "count 42-gallon oil barrels: write oil_bbl":
                       lambda v: Q_(_barrels_per_day(v).magnitude, "bbl/day"),
                       "you converted to pint's bbl (31.5 gallons) and called them barrels: oil barrels hold "
                       "42 gallons, so that count is a third too high":
                       lambda v: Q_(_barrels_per_day(v).to("bbl/day").magnitude, "oil_bbl/day"),
                       "you divided by the tonnes per barrel instead of multiplying by the barrels per tonne":
                       lambda v: _barrels_per_day(v) / v["crude_bbl_per_tonne"].magnitude ** 2},
             minutes=5,
             hints=("A year's tonnes → a day's tonnes → a day's barrels.",
                    ("Barrels a day = tonnes a year ÷ 365 × barrels per tonne. In pint, the 42-gallon oil barrel is "
                    "`oil_bbl`; pint's `bbl` is another barrel."))),
    Exercise("smelter_on_wind", "Could wind farms run the smelter?",
             "Your last answers say how many Zhanatas farms make as much electricity in a year as the smelter uses. "
             "In two to four sentences, say why equal yearly totals do not mean those farms could run the smelter, "
             "and what else would be needed. " + OPEN_TEXT,
             "physical reasoning", 3, "", rubric_points=3, minutes=10,
             hints=("Think hour by hour, not year by year: does the smelter stop when the wind does?",
                    "Compare the smelter's steady power (energy ÷ 8,760 h) with a farm's output on a calm day.")),
    # Notebook 3: reading claims
    Exercise("nev_export_share_bound", "What share of NEVs was exported?",
             "China's NEV production \"exceeded {nev_production_and_sales}\" in 2023 and {nev_exports} were "
             "exported. What can you say about the share of production that was exported? Give a bound as a "
             "percentage, in words (\"at least ...\" or \"at most ...\").",
             "bounds and qualifiers", 2, "percent", measures="a share (a percentage)", bound="upper",
             solve=lambda v: _nev_export_share(v).quantity.to("percent"),
             mistakes={"you divided production by exports: the share is exports over production":
                       lambda v: (1 / _nev_export_share(v).quantity).to("percent"),
                       "you divided the printed exports; a rounded figure can be up to half a unit larger":
                       lambda v: (v["nev_exports"] / v["nev_production_and_sales"]).to("percent")},
             minutes=5,
             hints=(("The share is exports ÷ production. Production is a floor: it could be larger; the exports "
                    "figure is rounded: it could be a little larger too."),
                    ("If the divisor can only be larger, can the share be larger or only smaller than "
                    "(the most the exports can be) ÷ the production figure?"))),
    Exercise("coal_rate_lowest", "The lowest coal rate the rounding allows",
             "\"About {zhanatas_coal_saved}\" and \"about {zhanatas_annual_generation}\" are rounded figures. "
             "Each is rounded at the article's last digit: the coal to the nearest {zhanatas_coal_saved:step} t, "
             "the electricity to the nearest {zhanatas_annual_generation:step} million kWh. "
             "What is the lowest coal rate, in gce/kWh, that their rounding allows?",
             "rounding intervals", 3, "gce/kWh", measures="an energy ratio (coal energy per kWh of electricity)",
             solve=lambda v: _coal_rate_interval(v)[0],
             mistakes={"that is the rate at the printed values; the lowest rate takes the least coal and the most "
                       "electricity the rounding allows":
                       lambda v: energy.coal_rate(v["zhanatas_coal_saved"], v["zhanatas_annual_generation"]),
                       "that is the highest rate the rounding allows (most coal over least electricity)":
                       lambda v: _coal_rate_interval(v)[1],
                       "you took the least coal over the least electricity: for the lowest ratio, the denominator "
                       "must be at its largest":
                       lambda v: energy.coal_rate(_printed_interval(v, "zhanatas_coal_saved")[0],
                                                  _printed_interval(v, "zhanatas_annual_generation")[0])},
             minutes=8,
             hints=(("A rounded number stands for an interval: \"{zhanatas_coal_saved:number}\" is anything from "
                     "{zhanatas_coal_saved:low} to {zhanatas_coal_saved:high}."),
                    ("A ratio is lowest with the smallest numerator and the largest denominator: "
                    "rate = coal_low ÷ electricity_high."))),
    Exercise("cf_gap_points", "Two capacity factors: the gap in points",
             "Zhanatas ({zhanatas_turbines} turbines of {zhanatas_turbine_capacity}) was expected in 2020 to make "
             "{zhanatas_expected_generation_2020} a year; the article says {zhanatas_annual_generation}. By how "
             "many percentage points does the article's capacity factor differ from the 2020 one (positive if "
             "the article's is higher)?",
             "percent against percentage points", 2, "percent", measures="a difference in percentage points",
             solve=_cf_gap_points, percent_kind="points",
             mistakes={"that is the relative difference (how many percent higher); a gap in percentage points "
                       "is one percentage minus the other":
                       _cf_gap_relative},
             minutes=6,
             hints=("Work out both capacity factors first, as percentages.",
                    ("Percentage points = CF_article − CF_2020 (a subtraction of two percentages), with "
                    "CF = energy ÷ (capacity × 8,760 h)."))),
    Exercise("cf_gap_relative", "Two capacity factors: the relative difference",
             "With the same two figures ({zhanatas_annual_generation} in the article, "
             "{zhanatas_expected_generation_2020} in 2020), by what percentage is the article's capacity factor "
             "higher or lower than the 2020 one (positive if higher)?",
             "percent against percentage points", 2, "percent", measures="a relative difference (a percentage)",
             solve=_cf_gap_relative, percent_kind="relative",
             mistakes={"that is the gap in percentage points; the relative difference divides by the 2020 value":
                       _cf_gap_points},
             minutes=4,
             hints=("A relative difference compares the change with the starting value.",
                    ("Relative = CF_article ÷ CF_2020 − 1. The capacity cancels: the ratio of the two outputs gives "
                    "it too."))),
    Exercise("china_share_one_scope", "China's share, counted in one scope",
             "IRENA counts {irena_china_additions_2023} of renewable capacity added in China in 2023 and "
             "{irena_additions_2023} in the world. The IEA, whose count the article prints, has the world adding "
             "{world_renewable_additions}. What share of the world's additions was China's?",
             "scope: agencies, China and the world", 2, "percent", measures="a share (a percentage)",
             solve=_irena_share,
             mistakes={"you divided IRENA's China by the IEA's world: the two agencies count differently; keep one "
                       "scope (IRENA's, the only one with both figures)":
                       lambda v: energy.share(v["irena_china_additions_2023"], v["world_renewable_additions"]),
                       "that is the article's \"over half\", a bound, not a count":
                       lambda v: v["china_share_of_world_additions"]},
             minutes=4,
             hints=("A share needs its part and its whole counted the same way.",
                    "Share = China's additions ÷ the world's additions, both from the same agency.")),
    Exercise("world_capacity_growth", "Additions against capacity",
             "IRENA counts {irena_capacity_2023} of renewable capacity in the world at the end of 2023, of which "
             "{irena_additions_2023} was added during 2023. (The IEA counts {world_renewable_additions} of "
             "additions.) By how many percent did the world's renewable capacity grow during 2023?",
             "scope: additions against capacity; growth rates", 3, "percent", measures="a growth rate (a percentage)",
             solve=lambda v: _irena_growth(v, v["irena_additions_2023"]), percent_kind="relative",
             mistakes={"you divided the additions by the end-of-year capacity: growth is measured on the capacity "
                       "at the start of the year (end minus additions)":
                       lambda v: energy.share(v["irena_additions_2023"], v["irena_capacity_2023"]),
                       "you mixed the IEA's additions with IRENA's capacity: keep one agency's scope":
                       lambda v: _irena_growth(v, v["world_renewable_additions"]),
                       "you mixed the IEA's additions with IRENA's capacity and divided by the end-of-year capacity":
                       lambda v: energy.share(v["world_renewable_additions"], v["irena_capacity_2023"])},
             minutes=8,
             hints=(("Additions are a flow during the year; capacity is a stock at a date. What was the stock at the "
                    "start of 2023?"),
                    "Start = end − additions (one agency's figures); growth = end ÷ start − 1.")),
    Exercise("verdict_coal_rate", "A verdict on the coal saving",
             "The claim: Zhanatas saves \"about {zhanatas_coal_saved}\" a year for \"about "
             "{zhanatas_annual_generation}\", which implies a coal rate. The evidence, for this exercise: suppose an "
             "independent source reported that China's thermal plants burned {china_coal_rate_2023} in 2023 (the "
             "collection itself only assumes such a figure, so notebook 10 cannot use it). Which verdict of the collection's "
             "vocabulary (notebook 10) does the implied coal rate get? Answer with the verdict's words, e.g. "
             "`answer = \"compatible\"`.",
             "reaching a verdict", 3, "", choose=_coal_verdict, options=tuple(audit.VERDICTS),
             wrong_choices={"confirmed": "the evidence is inside the interval the rounding allows, but not at the "
                                         "printed value: that is not \"confirmed\"",
                            "compatible": "\"compatible\" is for evidence that is itself a range or a bound; this "
                                          "evidence is one number",
                            "inconsistent": "check the interval: with the rounding of both figures, does the "
                                            "evidence fall inside it or not?",
                            "bound confirmed": "neither figure is a bound (\"about\" is rounding, not \"over\")",
                            "matches its source": "the evidence is independent of the article"},
             minutes=8,
             hints=(("Turn the claim into an interval first: lowest and highest coal rate the rounding allows "
                    "(exercise 15 gives the lowest)."),
                    ("Then ask: is the evidence inside the interval? At the printed value exactly? Notebook 10's "
                    "legend defines each verdict."))),
    Exercise("verdict_over_half", "A verdict on \"over half\"",
             "The claim: China contributed \"over half\" of the world's new renewable capacity in 2023. The "
             "evidence: IRENA counts {irena_china_additions_2023} for China out of {irena_additions_2023} for the "
             "world (independent). Which verdict does the claim get? Answer with the verdict's words.",
             "reaching a verdict", 2, "", choose=_over_half_verdict, options=tuple(audit.VERDICTS),
             wrong_choices={"confirmed": "the claim is a bound (\"over\"), not a value: a bound is never "
                                         "\"confirmed\" as a value",
                            "confirmed within rounding": "\"over half\" is a bound, not a rounded value",
                            "inconsistent": "is IRENA's share more than half, or not?",
                            "compatible": "the evidence is one number, not a range"},
             minutes=4,
             hints=("What interval does \"over half\" stand for?",
                    "Compute IRENA's share (exercise 18) and see whether it lies in (50 %, 100 %].")),
    Exercise("audit_a_sentence", "Audit a sentence yourself",
             "Choose one sentence of the article whose number no exercise has used: for example \"more than 20 "
             "years\" of investment in new energy, exports to \"more than 200 countries and regions\", nine years "
             "as the largest NEV market, or the months of Turgusun's first power and certificate. In four to "
             "eight sentences give: the claim as an interval (what its words and rounding allow); the evidence "
             "you would use, and whether it is independent; and a verdict from the collection's vocabulary, with "
             "the reason. " + OPEN_TEXT,
             "reaching a verdict", 3, "", rubric_points=4, minutes=15,
             hints=("Start with the words: is the number a value, a rounded value or a bound?",
                    ("Name a source that is not the article or the project's owner; say what it would have to show "
                    "for each verdict."))),
    # Notebook 4: energy, units and charts
    Exercise("farm_output_pj", "The farm's output in PJ",
             "Zhanatas makes {zhanatas_annual_generation} a year and is said to save {zhanatas_coal_saved}. How "
             "much energy does the farm deliver in a year, in PJ?",
             "primary energy against electricity", 1, "PJ",
             solve=lambda v: v["zhanatas_annual_generation"].to("PJ"), convert=("Wh",),
             mistakes={"that is the energy in the coal saved (primary energy), not the electricity the farm delivers":
                       lambda v: energy.coal_energy(v["zhanatas_coal_saved"], "PJ"),
                       "you added the coal saved to the electricity made: the coal is energy not used, not energy "
                       "delivered":
                       lambda v: energy.coal_energy(v["zhanatas_coal_saved"], "PJ")
                       + v["zhanatas_annual_generation"].to("PJ")},
             minutes=3,
             hints=("What the farm delivers is electricity; the coal is what a coal plant would have burned.",
                    "1 kWh = 3.6 MJ; 1 PJ = 10⁹ MJ.")),
    Exercise("coal_saved_same_generation", "The coal saved for the same generation",
             "A reader says: \"Zhanatas's {zhanatas_turbines} turbines of {zhanatas_turbine_capacity} replace a coal "
             "plant of the same capacity, so they save what that plant burns in a year of {hours_per_year}.\" "
             "Zhanatas makes {zhanatas_annual_generation} a year, and Chinese coal plants burn {china_coal_rate_2023}. "
             "How many tonnes of standard coal does the farm really save in a year?",
             "primary energy against electricity", 2, "tce", measures="an amount of coal equivalent (an energy)",
             solve=lambda v: energy.coal_for_electricity(v["zhanatas_annual_generation"], v["china_coal_rate_2023"])
             .to("tce"), convert=("Wh",), coarsest=0.02,
             mistakes={"that is the article's own figure; the question asks what the farm saves at the Chinese plants' "
                       "rate, which is not the same number":
                       lambda v: v["zhanatas_coal_saved"],
                       "you used the farm's capacity running all year: a saving needs the same generation, not the "
                       "same capacity":
                       lambda v: energy.coal_for_electricity(energy.annual_energy(_zhanatas_capacity(v), 1, _year(v)),
                                                             v["china_coal_rate_2023"])},
             minutes=5,
             hints=("The coal a wind farm saves is the coal that would have made the same kWh.",
                    "Coal = electricity generated × coal rate (gce/kWh); 10⁶ gce = 1 tce.")),
    Exercise("smelter_average_power", "The smelter's steady power",
             "A smelter making {pavlodar_capacity} of aluminium a year uses {aluminium_kwh_per_t}. What power, in MW, "
             "does it draw on average, over a year of {hours_per_year}?",
             "units and prefixes", 2, "MW",
             solve=lambda v: energy.average_power(_smelter_electricity(v), _year(v)),
             mistakes={"you divided by the days of the year, not the hours":
                       lambda v: Q_(energy.average_power(_smelter_electricity(v), _year(v)).magnitude
                                    * (_year(v) / v["days_per_year"]).to("h/day").magnitude, "MW")},
             minutes=5,
             hints=("Energy in a year, then spread over every hour of the year.",
                    "Power = tonnes × kWh/t ÷ 8,760 h; kWh ÷ h = kW, and 1 MW = 1,000 kW.")),
    Exercise("kazakhstan_in_tce", "Kazakhstan's electricity in standard coal",
             "Kazakhstan generated {kazakhstan_generation_2023} of electricity in 2023. If all of it came from plants "
             "burning {china_coal_rate_2023}, how many million tonnes of standard coal would that take?",
             "units and prefixes: tce", 2, "million * tce", measures="an amount of coal equivalent (an energy)",
             solve=lambda v: energy.coal_for_electricity(v["kazakhstan_generation_2023"], v["china_coal_rate_2023"]),
             convert=("Wh",),
             minutes=5,
             hints=("Multiply the electricity by the coal per kWh, then sort out the prefixes.",
                    "1 TWh = 10⁹ kWh; 10⁶ gce = 1 tce; a million tce is 10¹² gce.")),
    Exercise("log_bar_length", "Bar lengths on a log scale",
             "The chart above shows capacities on a log-scale axis, each bar starting at 1 MW: Turgusun's "
             "{turgusun_capacity} and the world's 2023 additions of {world_renewable_additions} among them. How "
             "many times as long as Turgusun's bar is the world's bar?",
             "reading a chart: log scale", 2, "dimensionless", measures="a ratio of lengths",
             count_words=("times",),
             solve=lambda v: Q_(_decades(v["world_renewable_additions"]) / _decades(v["turgusun_capacity"]), ""),
             mistakes={"that is the ratio of the values; on a log scale a bar's length counts factors of ten":
                       lambda v: (v["world_renewable_additions"] / v["turgusun_capacity"]).to("dimensionless")},
             chart=_log_chart, minutes=5,
             hints=("On a log axis, equal distances are equal factors: 1 to 10 is as long as 10 to 100.",
                    "Length from 1 MW = log₁₀(value in MW); compare the two lengths.")),
    Exercise("log_midpoint", "Halfway on a log scale",
             "On the same chart, a bar ends exactly halfway between the ends of Turgusun's bar "
             "({turgusun_capacity}) and the world's ({world_renewable_additions}). What capacity, in MW, does it "
             "show?",
             "reading a chart: log scale", 2, "MW",
             solve=lambda v: (v["turgusun_capacity"] * v["world_renewable_additions"]) ** 0.5,
             mistakes={"that is halfway on a linear axis (the arithmetic mean); halfway on a log axis is the "
                       "geometric mean":
                       lambda v: (v["turgusun_capacity"] + v["world_renewable_additions"]) / 2},
             minutes=5,
             hints=("Halfway in length is halfway in log₁₀ of the values.",
                    "10^((log₁₀ a + log₁₀ b) ÷ 2) = √(a × b).")),
    Exercise("symlog_bar_ratio", "Bar lengths on a symmetric log scale",
             "The chart above has a symmetric log axis: linear from −1 % to +1 %, and beyond that each factor of ten "
             "as long as the linear part on one side. NEV exports grew {nev_export_growth}; IRENA's count of the "
             "2023 additions ({irena_additions_2023}) differs from the IEA's ({world_renewable_additions}) by a "
             "negative percentage. How many times as long as the IRENA-against-IEA bar is the NEV-growth bar?",
             "reading a chart: symmetric log scale", 3, "dimensionless", measures="a ratio of lengths",
             count_words=("times",),
             solve=lambda v: Q_(abs(symlog_position(v["nev_export_growth"])
                                    / symlog_position(_symlog_bars(v)["2023 additions: IRENA's count against the IEA's"])),
                                ""),
             mistakes={"that is the ratio of the values; on this axis length counts factors of ten beyond the "
                       "linear part":
                       lambda v: Q_(abs((v["nev_export_growth"] / _symlog_bars(v)[
                           "2023 additions: IRENA's count against the IEA's"]).to("").magnitude), ""),
                       "you counted the factors of ten but left out the linear part from 0 to 1 %, which is one "
                       "length on each side":
                       lambda v: Q_(abs(math.log10(v["nev_export_growth"].to("percent").magnitude)
                                        / math.log10(abs(_symlog_bars(v)["2023 additions: IRENA's count against "
                                                                         "the IEA's"].to("percent").magnitude))), "")},
             chart=_symlog_chart, minutes=8,
             hints=(("First the IRENA-against-IEA difference in percent (IRENA ÷ IEA − 1). Then where each bar ends: "
                    "the sign only says which side."),
                    ("Length = 1 + log₁₀(|x| ÷ 1 %) beyond the linear part (and |x| ÷ 1 % inside it); compare the "
                    "two lengths."))),
    Exercise("tornado_widest_swing", "Reading a tornado chart",
             "The tornado chart above moves each input of exercise 10 (Zhanatas farms to match the smelter) over its "
             "range while holding the others, and labels each bar's ends. By how many farms does the answer move "
             "across the input that matters most?",
             "reading a chart: tornado", 2, "dimensionless", measures="a number of wind farms",
             count_words=("farms", "wind farms"),
             solve=lambda v: Q_(_tornado_swings(v)[0], ""),
             mistakes={"that is not the widest bar: a tornado chart puts the input that matters most on top":
                       lambda v: Q_(_tornado_swings(v)[1], ""),
                       "that is only one side of the bar (from the base line to one end); the swing is end to end":
                       lambda v: Q_(_tornado_swings(v)[0] / 2, ""),
                       "you added the bars up: each bar moves one input with the others held":
                       lambda v: Q_(sum(_tornado_swings(v)), "")},
             chart=_tornado_chart, minutes=4,
             hints=("The input that matters most is the widest bar; in a tornado chart it is at the top.",
                    "Swing = the bar's right end − its left end, read from the labels.")),
]
EXERCISES = {e.key: e for e in EXERCISE_LIST}

# The exercise notebooks and their exercises, in order (the check cells follow this).
SETS = {
    "01-power-and-energy": [e.key for e in EXERCISE_LIST[:7]],
    "02-industry-and-trade": [e.key for e in EXERCISE_LIST[7:13]],
    "03-reading-claims": [e.key for e in EXERCISE_LIST[13:22]],
    "04-energy-units-and-charts": [e.key for e in EXERCISE_LIST[22:]],
}

# What each notebook teaches and what to read first (the notebook's intro cell, ``intro_markdown``).
SET_INFO = {
    "01-power-and-energy": {
        "objectives": ["tell power (MW) from energy (MWh) and turn one into the other with the hours of a year",
                       "compute a capacity factor, full-load hours and a coal rate from the article's figures",
                       "convert between tce, PJ and kWh, and judge whether a coal saving is believable"],
        "prerequisites": ["02-zhanatas-wind.ipynb", "03-turgusun-hydro.ipynb"],
    },
    "02-industry-and-trade": {
        "objectives": ["undo a year-on-year growth rate (back-calculation)",
                       "read a bound (\"over half\") as a bound",
                       "work with exchange rates, barrels a day and the electricity of an industry"],
        "prerequisites": ["05-atyrau-refinery.ipynb", "06-pavlodar-aluminium.ipynb", "08-vehicles-and-trade.ipynb"],
    },
    "03-reading-claims": {
        "objectives": ["say what a qualifier (\"exceeded\", \"over\") lets you conclude, and in which direction",
                       "carry the rounding of two figures into the interval of a result",
                       "tell a difference in percentage points from a percentage difference",
                       "keep one scope (one agency; additions against capacity) in a ratio",
                       "turn a claim and its evidence, both intervals, into a verdict"],
        "prerequisites": ["07-global-renewables-2023.ipynb", "10-claims-audit.ipynb", "11-units-and-pitfalls.ipynb",
                          "01-power-and-energy.ipynb (exercises 1 and 3)"],
    },
    "04-energy-units-and-charts": {
        "objectives": ["tell primary energy (coal burned) from electricity delivered",
                       "see that a saving needs the same generation, not the same capacity",
                       "handle prefixes and tce at the scale of a country",
                       "read a log scale, a symmetric log scale and a tornado chart"],
        "prerequisites": ["09-energy-on-one-scale.ipynb", "11-units-and-pitfalls.ipynb",
                          "12-uncertainty-and-sensitivity.ipynb"],
    },
}


def intro_markdown(set_name: str) -> str:
    """A notebook's opening cell: learning objectives, prerequisites and the time it takes."""
    info = SET_INFO[set_name]
    keys = SETS[set_name]
    minutes = sum(EXERCISES[k].minutes for k in keys)
    numbers = f"exercises {number_of(keys[0])} to {number_of(keys[-1])}"
    counts = {n: sum(EXERCISES[k].level == n for k in keys) for n in (1, 2, 3)}
    levels = ", ".join(f"{c} at level {n}" for n, c in counts.items() if c)
    objectives = "\n".join(f"- {o}" for o in info["objectives"])
    prerequisites = ", ".join(re.sub(r"^(\S+\.ipynb)", r"`\1`", p) for p in info["prerequisites"])
    return (f"**Learning objectives.** After these {len(keys)} exercises ({numbers}) you can:\n\n{objectives}\n\n"
            f"**Prerequisites.** Read first: {prerequisites}.\n\n"
            f"**Time.** About {minutes} minutes working alone ({levels}; the time for each is under its title).")


def hints_markdown(key: str, seed: int = 0) -> str:
    """The hints of an exercise, each revealed by a click and the second inside the first (so one at a time)."""
    texts = EXERCISES[key].hint_texts(seed)
    inner = ""
    for number in range(len(texts), 0, -1):
        inner = (f"<details><summary>Hint {number}</summary>\n\n{texts[number - 1]}\n\n{inner}</details>"
                 if inner else f"<details><summary>Hint {number}</summary>\n\n{texts[number - 1]}\n\n</details>")
    return inner


def number_of(key: str) -> int:
    """An exercise's number, counted across all the notebooks."""
    return [e.key for e in EXERCISE_LIST].index(key) + 1


# --------------------------------------------------------------------------------------------------
# Reading and checking answers: ``answers`` (kept importable from here under the same names)


from energycoop.teaching.answers import (
    NOT_ANSWERED,
    AnswerError,
    Reading,
    WrongAnswer,
    check,
    checker,
    in_words,
    read_answer,
    show_answer,
    shown_value,
    verdict,
)

__all__ = ["NOT_ANSWERED", "AnswerError", "Reading", "WrongAnswer", "check", "checker", "in_words", "read_answer",
           "show_answer", "shown_value", "verdict"]


# --------------------------------------------------------------------------------------------------
# Student notebooks and variants


PLACEHOLDER = "answer = ...  # your answer: Q_(value, \"unit\") or a string such as \"12.5 GWh\""
OPEN_PLACEHOLDER = "answer = ...  # your answer as text: answer = \"\"\"...\"\"\""
CHOICE_PLACEHOLDER = "answer = ...  # your answer: a verdict's words as text, such as answer = \"not checkable\""


def placeholder(key: str | None) -> str:
    exercise = EXERCISES.get(key) if key else None
    if exercise and exercise.open:
        return OPEN_PLACEHOLDER
    return CHOICE_PLACEHOLDER if exercise and exercise.is_choice else PLACEHOLDER


def chart(key: str, seed: int = 0):
    """Draw the chart exercise ``key`` asks about, for variant ``seed`` (a matplotlib figure)."""
    exercise = EXERCISES[key]
    if exercise.chart is None:
        raise ValueError(f"exercise {key} has no chart")
    return exercise.chart(values(seed))
CHECK_CALL = re.compile(r"""check\(\s*["'](\w+)["']""")
SEED_LINE = re.compile(r"^seed: int = (\d+)(.*)$", re.MULTILINE)
CHECKER_LINE = re.compile(r"^check = checker\(seed, strict\)$", re.MULTILINE)


def checked_keys(nb: nbformat.NotebookNode) -> list[tuple[int, str]]:
    """(cell index, exercise key) of every check cell of a notebook, in order."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            found += [(index, key) for key in CHECK_CALL.findall(cell.source)]
    return found


def exercise_block(nb: nbformat.NotebookNode) -> dict:
    """The notebook's ``energycoop.teaching.exercises`` metadata: ``{"set": name, "seed": n}`` ({} if none)."""
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
    title = render(exercise.title, seed)
    kind = "open question, marked by your teacher" if exercise.open else f"{exercise.points} point" + \
        ("s" if exercise.points > 1 else "")
    return (f"## {number_of(key)}. {title}\n\n*Skill: {exercise.skill}; level {exercise.level} ({kind}); "
            f"about {exercise.minutes} minutes.*\n\n{exercise.prompt(seed)}")


def student_version(solution: nbformat.NotebookNode, seed: int = 0, graded: bool = False) -> nbformat.NotebookNode:
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
            if "question" in tags or "hints" in tags:
                key = _key_after(nb, index)
                if key:
                    cell.source = question_markdown(key, seed) if "question" in tags else hints_markdown(key, seed)
            if "intro" in tags:
                cell.source = intro_markdown(exercise_block(nb).get("set", ""))
            if "variant" in tags:
                cell.source = variant_markdown(seed)
            if "title" in tags:
                cell.source = cell.source.replace("(worked solutions)", "(exercises)")
        if cell.cell_type == "code":
            if "answer" in tags:
                key = _key_after(nb, index)
                cell.source = placeholder(key)
            if "parameters" in tags:
                cell.source = SEED_LINE.sub(lambda m: f"seed: int = {seed}{m.group(2)}", cell.source)
            if graded:  # graded work: the checks record answers and say nothing of right or wrong
                cell.source = CHECKER_LINE.sub("check = checker(seed, strict, graded=True)  # graded work: answers are "
                                               "only recorded", cell.source)
            # The solutions use Q_ in their answers; a student's notebook imports it for theirs.
            cell.source = "\n".join(line + "  # noqa: F401 (for your answers)" if line == "from energycoop.quantities.units import Q_"
                                    else line for line in cell.source.split("\n"))
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    nb.cells = cells
    block = nb.metadata.setdefault("energycoop", {}).setdefault("exercises", {})
    block["seed"] = seed
    if graded:
        block["graded"] = True
    return nb


# --------------------------------------------------------------------------------------------------
# Answer keys


def key_answer(key: str, seed: int = 0) -> str:
    """The answer an answer key writes for exercise ``key`` in variant ``seed``, as a student would type it
    (four significant figures; a bound rounded the safe way, with its direction; a verdict's words)."""
    exercise = EXERCISES[key]
    if exercise.open:
        return ("The teacher marks this answer with the rubric in TEACHING.md; the worked solution lists what "
                "earns each point.")
    expected = exercise.expected(seed)
    if exercise.is_choice:
        return expected
    q = expected
    if q.dimensionless and str(exercise.unit) in ("dimensionless", "percent") and exercise.measures and \
            ("share" in exercise.measures or "percent" in exercise.measures or "difference" in exercise.measures
             or "growth" in exercise.measures):
        q = q.to("percent")
    magnitude = float(q.magnitude)
    digits = 4 - 1 - math.floor(math.log10(abs(magnitude))) if magnitude else 0
    scale = 10.0 ** digits
    if exercise.bound == "lower":
        magnitude = math.floor(magnitude * scale) / scale
    elif exercise.bound == "upper":
        magnitude = math.ceil(magnitude * scale) / scale
    else:
        magnitude = round(magnitude, digits)
    places = max(0, digits)
    number = f"{magnitude:,.{places}f}"
    label = show_answer(Q_(1, q.units)).split(" ", 1)[1] if " " in show_answer(Q_(1, q.units)) else \
        ("%" if str(q.units) in ("%", "percent") else "")
    if str(exercise.unit) == "million":
        label = "million"
    words = exercise.count_words[0] if exercise.count_words else ""
    text = f"{number}{label}" if label == "%" else f"{number} {label or words}".strip()
    if exercise.percent_kind == "points":
        text = f"{number} percentage points"
    if exercise.bound:
        text = ("at least " if exercise.bound == "lower" else "at most ") + text
    return text


def worked_markdown(key: str, seed: int = 0) -> str:
    """A worked solution for variant ``seed``: the figures it uses, the method, the result and what to accept,
    with this variant's numbers only."""
    exercise = EXERCISES[key]
    v = values(seed)
    figures = ", ".join(shown(k, v[k]) for k in exercise.inputs()) or "the chart above"
    method = render(exercise.hints[-1], seed)
    lines = [f"**Worked solution (seed {seed}).** Figures: {figures}.", "", f"Method: {method}", ""]
    if exercise.open:
        lines.append(f"Marked with the rubric for exercise {number_of(key)} in TEACHING.md "
                     f"({exercise.rubric_points} points).")
        return "\n".join(lines)
    answer = key_answer(key, seed)
    if exercise.is_choice:
        from energycoop.analysis import audit

        lines.append(f"Verdict: **{answer}** ({audit.VERDICTS.get(answer, '')}).")
    else:
        expected = exercise.expected(seed)
        lines.append(f"Result: **{answer}** (unrounded {shown_value(expected, 6)}).")
        accept = f"Accept answers that round to it at {exercise.min_sig} or more significant figures"
        if exercise.coarsest < 1:
            accept += f", no rougher than ±{exercise.coarsest:.0%}"
        if exercise.whole:
            accept += ", and the whole numbers either side"
        if exercise.bound:
            accept = "Accept the bound with its direction, rounded the safe way"
        lines += ["", accept + "; the unit must be written (any unit of the same kind)."]
    if exercise.mistakes:
        lines += ["", "Common mistakes: " + "; ".join(
            f"{show_answer(wrong(v).to(exercise.unit)) if exercise.unit else ''} ({why})"
            for why, wrong in exercise.mistakes.items()) + "."]
    return "\n".join(lines)


def key_version(solution: nbformat.NotebookNode, seed: int = 0) -> nbformat.NotebookNode:
    """The answer key notebook of variant ``seed``: the student notebook with every answer cell filled with
    the variant's answer (``key_answer``) and a worked solution for the variant under each check."""
    import nbformat

    nb = student_version(solution, seed)
    cells = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and "title" in cell.metadata.get("tags", []):
            cell.source = cell.source.replace("(exercises)", f"(answer key, seed {seed})")
        if cell.cell_type == "code" and "answer" in cell.metadata.get("tags", []):
            key = _key_after(nb, index)
            cell.source = f"answer = {key_answer(key, seed)!r}\nprint(answer)"
        cells.append(cell)
        if cell.cell_type == "code" and CHECK_CALL.findall(cell.source):
            key = CHECK_CALL.findall(cell.source)[0]
            cells.append(nbformat.v4.new_markdown_cell(worked_markdown(key, seed), metadata={"tags": ["solution"]}))
    nb.cells = cells
    nb.metadata["energycoop"]["exercises"]["key"] = True
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
figure { margin: .5rem 0; } figure svg { max-width: 100%; height: auto; }
.key { background: #eef5ee; padding: .3rem .5rem; margin-top: .5rem; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: .9em; }
@media print {
  @page { size: A4; margin: 18mm 16mm; }
  body { margin: 0; max-width: none; font-size: 11pt; }
  .exercise { page-break-inside: avoid; break-inside: avoid; }
  figure svg { max-height: 7cm; }
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


@functools.lru_cache(maxsize=64)
def _chart_svg(key: str, seed: int) -> str:
    """The exercise's chart as inline SVG (no script, no external file); drawn once per key and seed (a
    worksheet and its answer key show the same chart)."""
    import io

    import matplotlib.pyplot as plt

    fig = chart(key, seed)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg"):]


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
    title = title.replace("(exercises)", "(answer key)" if answers else "(worksheet)")
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
        question = re.sub(r"\s*Answer with the verdict's words(, e\.g\. `[^`]*`)?\.", "", question)
        lines = 8 if exercise.open else 4
        figure = f"<figure>{_chart_svg(key, seed)}</figure>" if exercise.chart else ""
        if exercise.open:
            blank = ""
        elif exercise.is_choice:
            blank = ("<p>Verdict (circle one): " + " · ".join(html.escape(o) for o in exercise.options) + "</p>")
        else:
            blank = "<p>Answer: <span class=\"blank\"></span> Unit: <span class=\"blank\"></span></p>"
        parts.append(f"<section class=\"exercise\" id=\"{key}\"><h2>{html.escape(number_and_title[3:])}</h2>"
                     f"<p class=\"skill\">{_inline_markdown(skill.strip('*'))}</p>{figure}"
                     f"<p>{_inline_markdown(question)}</p>"
                     + "<div class=\"working\"></div>" * lines + blank)
        if answers:
            worked = "<br>".join(_inline_markdown(line) for line in worked_markdown(key, seed).split("\n") if line)
            parts.append(f"<div class=\"key\">{worked}</div>")
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


# --------------------------------------------------------------------------------------------------
# A variant for one student


VARIANT_COMMAND = "exercises"
MANIFEST = ".energycoop-exercises.json"  # what this command wrote, with each file's hash
STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def _hash(path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _variant_files(seed: int, graded: bool) -> list[tuple[str, str]]:
    """(file name, text) of one variant: the student notebooks and worksheets, and under ``key/`` the answer
    key notebooks and worksheets."""
    import nbformat

    from energycoop.data.paths import exercise_solutions

    files = []
    for source in exercise_solutions():
        solution = nbformat.read(source, as_version=4)
        student = student_version(solution, seed, graded)
        files.append((source.name, nbformat.writes(student)))
        files.append((f"{source.stem}-worksheet.html", worksheet_html(student)))
        key = key_version(solution, seed)
        files.append((f"key/{source.stem}-key.ipynb", nbformat.writes(key)))
        files.append((f"key/{source.stem}-key.html", worksheet_html(student, answers=True)))
    return files


def _write_claimed(out, files: list[tuple[str, str]]) -> list:
    """Write ``files`` (relative name, text) into ``out``, a new or empty directory or one this command made
    (``energycoop.data.paths.claim_output_dir``). A file is replaced or removed only if this command wrote it and
    it is unchanged since (its hash in ``MANIFEST``): a student's notebook saved over one of them, or any file
    the command did not make, stops the command before anything is written (``UnsafePath`` names it)."""
    import json

    from energycoop.data.paths import UnsafePath, claim_output_dir, is_claimed, mark

    target = claim_output_dir(out, VARIANT_COMMAND, "the exercises' output directory")
    manifest = {}
    if is_claimed(target, VARIANT_COMMAND) and (target / MANIFEST).is_file():
        try:
            manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8")).get("files", {})
        except (OSError, ValueError, AttributeError):
            manifest = {}
    names = {name for name, _ in files}
    for name in sorted(names | set(manifest)):
        path = target / name
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise UnsafePath(f"{path} is not a plain file; nothing was written")
        if path.exists() and (name not in manifest or _hash(path) != manifest[name]):
            raise UnsafePath(f"{path} was not written by `{VARIANT_COMMAND}` or was changed since (a student's "
                             "filled notebook?); it is not replaced: move it away or choose another --out. "
                             "Nothing was written")
    for name in set(manifest) - names:  # files of an earlier run that this run does not write
        if (target / name).is_file():
            (target / name).unlink()
    written = []
    hashes = {}
    for name, text in files:
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        hashes[name] = _hash(path)
        written.append(path)
    mark(target, VARIANT_COMMAND, sorted(names | {MANIFEST}))
    (target / MANIFEST).write_text(json.dumps({"written_by": VARIANT_COMMAND, "files": hashes}, indent=1) + "\n",
                                   encoding="utf-8")
    return written


def write_variant(seed: int, out, graded: bool = False) -> list:
    """Write the student notebooks of variant ``seed``, their printable worksheets, and the answer key (a key
    notebook and a key worksheet per notebook, under ``key/``) into ``out``. With ``graded``, the notebooks'
    checks only record answers. Raises ``UnsafePath`` before anything is written (``_write_claimed``)."""
    variant_seed("seed", seed)
    return _write_claimed(out, _variant_files(seed, graded))


def read_roster(path) -> list[tuple[str, int]]:
    """A class list: a CSV file with a header naming a student column (``student``, ``id``, ``student_id``
    or ``name``) and a ``seed`` column, one row per student. Returns (student id, seed) in order; raises
    ``ParameterError`` naming the file, row, column, value and what is allowed."""
    import csv
    from pathlib import Path

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ParameterError(f"class list {path}: cannot be read as a UTF-8 text file ({exc})") from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ParameterError(f"class list {path}: empty; write a header 'student,seed' and one row per student")
    delimiter = max(",;\t", key=lambda d: lines[0].count(d))
    rows = list(csv.reader(lines, delimiter=delimiter))
    header = [h.strip().lower() for h in rows[0]]
    student_col = next((i for i, h in enumerate(header) if h in ("student", "id", "student_id", "student id", "name")),
                       None)
    seed_col = next((i for i, h in enumerate(header) if h == "seed"), None)
    if student_col is None or seed_col is None:
        raise ParameterError(f"class list {path}, row 1: the header {rows[0]!r} must name a 'student' column and a "
                             "'seed' column")
    result, seen, seeds = [], set(), {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        student = row[student_col].strip() if student_col < len(row) else ""
        seed_text = row[seed_col].strip() if seed_col < len(row) else ""
        if not STUDENT_ID.fullmatch(student):
            raise ParameterError(f"class list {path}, row {number}, column {rows[0][student_col]!r}: {student!r} is not "
                                 "allowed: a student id is 1 to 64 letters, digits, '.', '_' or '-', starting with a "
                                 "letter or digit (it names the student's folder)")
        if student.lower() in seen:
            raise ParameterError(f"class list {path}, row {number}, column {rows[0][student_col]!r}: {student!r} "
                                 "appears twice; each student once")
        if not seed_text.isdigit() or not 1 <= int(seed_text) <= MAX_SEED:
            raise ParameterError(f"class list {path}, row {number}, column {rows[0][seed_col]!r}: {seed_text!r} is not "
                                 f"allowed: a seed is a whole number from 1 to {MAX_SEED:,} (0 is the article's own "
                                 "numbers, the committed notebooks)")
        seen.add(student.lower())
        seeds.setdefault(int(seed_text), []).append(student)
        result.append((student, int(seed_text)))
    if not result:
        raise ParameterError(f"class list {path}: no student rows under the header")
    return result


def write_class(roster, out, graded: bool = False) -> tuple[list, list[str]]:
    """One variant and one answer key per student of a class list (``read_roster``): ``students/ID/`` holds
    the student's notebooks and worksheets (to hand out), ``keys/ID/`` the key notebooks and key worksheets
    (for the teacher), and ``class.csv`` the student, seed and folders. Returns the files written and warnings
    (two students sharing a seed)."""
    import csv
    import io

    students = read_roster(roster)
    files: list[tuple[str, str]] = []
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow(["student", "seed", "notebooks", "key"])
    by_seed: dict[int, list[tuple[str, str]]] = {}
    for student, seed in students:
        if seed not in by_seed:
            by_seed[seed] = _variant_files(seed, graded)
        for name, text in by_seed[seed]:
            folder = "keys" if name.startswith("key/") else "students"
            files.append((f"{folder}/{student}/{name.removeprefix('key/')}", text))
        writer.writerow([student, seed, f"students/{student}/", f"keys/{student}/"])
    files.append(("class.csv", table.getvalue()))
    shared = {}
    for student, seed in students:
        shared.setdefault(seed, []).append(student)
    warnings = [f"students {', '.join(names)} share seed {seed}: their numbers are the same"
                for seed, names in shared.items() if len(names) > 1]
    return _write_claimed(out, files), warnings
