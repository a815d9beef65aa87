"""The inputs of the exercises and their variants: a seed changes the numbers the questions print.

Every input is an ``article.csv`` or ``reference.csv`` id. ``values(seed)`` perturbs the inputs the
questions print reproducibly (seed 0 is the article itself): each input listed in ``PERTURB`` moves by
``MIN_SHIFT`` to its ``Perturb.spread`` (always off its printed value) and is rounded to the article's own
rounding unit (``rounding_step``: "110,000 t" to 10,000 t in every variant). One input keeps one value
across all exercises of a seed; definitions (the tonne of coal equivalent, hours in a year) do not move.

A variant must also keep the rules the layers above register (``rule``; ``catalogue`` registers that no
named mistake comes within ``catalogue.MISTAKE_GAP`` of an exercise's answer): a draw that breaks one is
drawn again (``MAX_DRAWS`` at most), the same way for the same seed. Seed 0 is the article and is never
drawn again.
"""

from __future__ import annotations

import functools
import math
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pint

from energycoop.data.loaders import load_article, load_reference, quantity, rounding_interval
from energycoop.data.params import ParameterError
from energycoop.quantities.units import Q_, round_sig

MAX_SEED = 2**31 - 1
# A variant moves each input by at least this much (relative), and always off its printed value.
MIN_SHIFT = 0.03
MAX_DRAWS = 60  # draws of a seed's inputs before giving up on the rules
# What a variant must keep, registered by the layers that know the exercises: each takes a draw's inputs and
# returns None, or why the draw is refused.
RULES: list[Callable[[dict], str | None]] = []


def rule(check: Callable[[dict], str | None]) -> Callable[[dict], str | None]:
    """Register a rule every variant but seed 0 keeps (a draw that breaks it is drawn again)."""
    RULES.append(check)
    _values.cache_clear()
    return check


@dataclass(frozen=True)
class Perturb:
    """How a variant moves one input: by a factor in 1 ± ``spread`` (uniform), times the factor of the
    input it ``follows`` (so that two amounts of one thing stay in step), rounded to ``sig``
    significant figures (None: as many as the article prints) or to a whole number (``whole``); ``up``: only
    upwards (an input whose value in the data is the low end of its range)."""

    spread: float
    sig: int | None = None
    whole: bool = False
    follows: str | None = None
    up: bool = False


# Which inputs a variant may change, and by how much. Definitions (the tonne of coal equivalent, hours
# in a year) and outside reference values not printed in the article stay as they are.
PERTURB = {
    "turgusun_capacity": Perturb(0.2),
    "turgusun_annual_generation": Perturb(0.2),
    "zhanatas_turbines": Perturb(0.25, whole=True),
    "zhanatas_turbine_capacity": Perturb(0.2),
    # wide enough that a class of 30 gets many different answers (notebooks/exercises/TEACHING.md, "Variants")
    "zhanatas_annual_generation": Perturb(0.35),
    "zhanatas_coal_saved": Perturb(
        0.25, follows="zhanatas_annual_generation"
    ),  # a saving in step with the output
    "world_renewable_additions": Perturb(0.35),
    "nev_exports": Perturb(0.35),
    "nev_production_and_sales": Perturb(0.35),
    "nev_export_growth": Perturb(0.3),
    "pavlodar_capacity": Perturb(0.2),
    "atyrau_capacity": Perturb(0.35),
    # the crude's barrels a tonne: 7.32 in the data (the UN's average crude) is the low end of its range in
    # data/reference.csv, 7.9 (light Kazakh grades) the high; a variant moves it up, within that range, so that
    # exercise 12 has two inputs that move and a class of 30 gets nearly 30 answers
    "crude_bbl_per_tonne": Perturb(0.079, up=True),
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


@functools.cache
def tables():
    """The article's figures and the reference values (``data/article.csv``, ``data/reference.csv``)."""
    return load_article(), load_reference()


@functools.cache
def rounding_step(key: str) -> float:
    """The rounding unit of input ``key``, in its data unit: the article's printed rounding ('110,000' is
    rounded to 10,000 t, '350' million kWh to 10 GWh), or the last digit of a reference value as recorded.
    Every variant keeps it: a variant's '100,000 t' still stands for 95,000 to 105,000 t."""
    article, reference = tables()
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


def printed_step(key: str, value: float) -> float:
    """The rounding unit a value of input ``key`` is printed to, in its data unit: 1 for a whole count,
    the last significant figure for an input a variant rounds to significant figures (``Perturb.sig``),
    else the article's rounding (``rounding_step``). Seed 0 prints the article's figures as printed."""
    rule = PERTURB.get(key)
    if rule is not None and rule.whole:
        return 1.0
    if rule is not None and rule.sig and value:
        return 10.0 ** (math.floor(math.log10(abs(value))) - rule.sig + 1)
    return rounding_step(key)


def _round_to(x: float, step: float) -> float:
    """``x`` rounded to a whole number of ``step``s (clean decimals: 0.1 steps give one decimal)."""
    if not step:
        return x
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    return float(round(round(x / step) * step, decimals))


def printed_interval(v: dict[str, pint.Quantity], key: str) -> tuple[pint.Quantity, pint.Quantity]:
    """The interval a printed input stands for: its value ± half the article's rounding unit
    (``rounding_step``), the same in every variant."""
    half = rounding_step(key) / 2
    value = float(v[key].magnitude)
    return Q_(value - half, v[key].units), Q_(value + half, v[key].units)


def variant_seed(name: str, value) -> int:
    """A variant seed parameter: a whole number from 0 (the article's own numbers) to ``MAX_SEED``."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SEED:
        raise ParameterError(
            f"parameter {name} = {value!r} is not allowed: it must be a whole number from 0 "
            f"(the article's own numbers) to {MAX_SEED:,}"
        )
    return value


@functools.cache
def _base() -> dict[str, pint.Quantity]:
    """Every input as the data give it (seed 0)."""
    article, reference = tables()
    base = {key: quantity(article, key) for key in article.index if article.loc[key, "unit"] != "date"}
    base.update(
        {
            key: quantity(reference, key)
            for key in reference.index
            if reference.loc[key, "unit"] != "date" and key not in base
        }
    )
    return base


@functools.cache
def _values(seed: int) -> dict[str, pint.Quantity]:
    base = _base()
    if seed == 0:
        return dict(base)
    if not RULES:
        raise RuntimeError("a variant needs the exercises' rules: import energycoop.teaching.catalogue first")
    refused = []
    for draw in range(MAX_DRAWS):
        result = _draw(base, seed, draw)
        refused = [why for why in (check(result) for check in RULES) if why]
        if not refused:
            return result
    raise ParameterError(
        f"seed {seed}: no draw of its inputs in {MAX_DRAWS} keeps the variants' rules "
        f"({refused[0]}); choose another seed"
    )


def _draw(base: dict[str, pint.Quantity], seed: int, draw: int) -> dict[str, pint.Quantity]:
    """Draw ``draw`` of the inputs of variant ``seed`` (draw 0 is the seed's first, and usual, one)."""
    factors: dict[str, float] = {}
    result = dict(base)
    for key, rule in PERTURB.items():  # 'follows' names an earlier key
        rng = np.random.default_rng([seed, zlib.crc32(key.encode())] + ([draw] if draw else []))
        start = float(base[key].magnitude)
        step = 1.0 if rule.whole else rounding_step(key)
        # at least MIN_SHIFT, and at least a little over half a rounding unit: the value always moves
        least = min(rule.spread, max(MIN_SHIFT, 0.6 * step / abs(start))) if rule.spread else 0.0
        sign = 1.0 if rule.up else rng.choice([-1.0, 1.0])
        own = 1 + sign * rng.uniform(least, rule.spread) if rule.spread else 1.0
        factor = (factors[rule.follows] if rule.follows else 1.0) * own
        factors[key] = factor
        value = start * factor
        if rule.whole:
            value = max(1.0, float(round(value)))
        elif rule.sig:
            value = float(round_sig(value, rule.sig))
        else:
            value = _round_to(value, step)
        if rule.spread and value == start:  # followed back onto the printed figure: one step off it
            value = (
                _round_to(
                    start + math.copysign(step if not rule.sig else printed_step(key, start), own - 1), step
                )
                if not rule.whole
                else start + math.copysign(1.0, own - 1)
            )
        result[key] = Q_(value, base[key].units)
    return result


def values(seed: int = 0) -> dict[str, pint.Quantity]:
    """Every input of the exercises (article and reference ids) for variant ``seed`` (0: the data)."""
    return dict(_values(variant_seed("seed", seed)))
