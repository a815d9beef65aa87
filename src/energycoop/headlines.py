"""The collection's headline numbers as models of their uncertain inputs.

Each headline is a function of keyword pint quantities, built from the ``energy`` and
``trade`` functions, so it evaluates one value or a million draws alike. ``inputs``
gives every headline its uncertain inputs as ``Range``s taken from the data: a rounded
article figure ranges over its rounding interval, an assumption over its low..high in
``reference.csv``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from . import energy, trade
from .data import rounding_quantities
from .uncertainty import Range
from .units import Q_


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    unit: str
    model: Callable
    formula: str


def _zhanatas_capacity(turbines=40, turbine_mw=2.5):
    return energy.capacity_from_units(turbines, Q_(turbine_mw, "MW"))


HEADLINES = [
    Headline("zhanatas_capacity_factor", "Zhanatas capacity factor", "percent",
             lambda zhanatas_gwh, hours: energy.capacity_factor(zhanatas_gwh, _zhanatas_capacity(), hours),
             "zhanatas_gwh / (100 MW * hours)"),
    Headline("zhanatas_coal_rate", "Zhanatas implied coal rate", "gce/kWh",
             lambda zhanatas_coal, zhanatas_gwh: energy.coal_rate(zhanatas_coal, zhanatas_gwh),
             "zhanatas_coal / zhanatas_gwh"),
    Headline("zhanatas_co2_avoided", "Zhanatas CO2 avoided", "t",
             lambda zhanatas_coal, co2_factor: energy.co2_from_coal(zhanatas_coal, co2_factor),
             "zhanatas_coal * co2_factor"),
    Headline("zhanatas_implied_efficiency", "Efficiency of the displaced coal plant", "percent",
             lambda zhanatas_gwh, zhanatas_coal: energy.implied_efficiency(zhanatas_gwh, zhanatas_coal),
             "zhanatas_gwh / zhanatas_coal"),
    Headline("turgusun_capacity_factor", "Turgusun capacity factor", "percent",
             lambda turgusun_gwh, hours: energy.capacity_factor(turgusun_gwh, Q_(24.9, "MW"), hours),
             "turgusun_gwh / (24.9 MW * hours)"),
    Headline("turgusun_co2_displaced", "Turgusun CO2 displaced (coal route)", "t",
             lambda turgusun_gwh, zhanatas_coal, zhanatas_gwh, co2_factor: energy.co2_from_coal(
                 energy.coal_for_electricity(turgusun_gwh, energy.coal_rate(zhanatas_coal, zhanatas_gwh)), co2_factor),
             "turgusun_gwh * zhanatas_coal / zhanatas_gwh * co2_factor"),
    Headline("atyrau_bbl_per_day", "Atyrau crude, barrels a day", "oil_bbl/day",
             lambda atyrau_mt, bbl_per_t: (atyrau_mt / Q_(365, "day") * bbl_per_t).to("oil_bbl/day"),
             "atyrau_mt / 365 d * bbl_per_t"),
    Headline("pavlodar_electricity", "Pavlodar smelter electricity", "TWh",
             lambda pavlodar_t, kwh_per_t: (pavlodar_t * kwh_per_t).to("TWh"),
             "pavlodar_t * kwh_per_t"),
    Headline("pavlodar_in_zhanatas_farms", "Smelter electricity in Zhanatas farms", "dimensionless",
             lambda pavlodar_t, kwh_per_t, zhanatas_gwh: (pavlodar_t * kwh_per_t / zhanatas_gwh).to("dimensionless"),
             "pavlodar_t * kwh_per_t / zhanatas_gwh"),
    Headline("nev_exports_2022", "NEV exports in 2022 (back-calculated)", "million",
             lambda nev_exports, nev_growth: trade.back_calculate(nev_exports, nev_growth),
             "nev_exports / (1 + nev_growth)"),
    Headline("new_three_implied_rate", "Implied yuan per dollar", "CNY/USD",
             lambda new_three_cny, new_three_usd: trade.implied_rate(new_three_cny, new_three_usd),
             "new_three_cny / new_three_usd"),
    Headline("world_additions_output", "World 2023 additions, a year of output", "TWh",
             lambda world_gw, world_cf, hours: (world_gw * hours * world_cf).to("TWh"),
             "world_gw * hours * world_cf"),
]


def rounding_range(article: pd.DataFrame, key: str) -> Range:
    """The rounding interval of article figure ``key`` as a ``Range`` in its normalised unit."""
    row = article.loc[key]
    low, high = rounding_quantities(article, key)
    return Range(float(low.magnitude), float(row["value"]), float(high.magnitude), row["unit"],
                 f"rounding of '{row['value_as_printed']}' ({key})", key)


def assumption_range(reference: pd.DataFrame, key: str) -> Range:
    """The low..high of assumption ``key`` in ``reference.csv`` as a ``Range``."""
    row = reference.loc[key]
    if row["status"] != "assumption":
        raise ValueError(f"{key!r} is not an assumption (status {row['status']!r}); it has no range")
    return Range(float(row["low"]), float(row["value"]), float(row["high"]), row["unit"], f"assumption {key}", key)


def inputs(article: pd.DataFrame, reference: pd.DataFrame) -> dict[str, Range]:
    """Every uncertain input of the headlines, by the keyword the models use."""
    return {
        "zhanatas_gwh": rounding_range(article, "zhanatas_annual_generation"),
        "zhanatas_coal": rounding_range(article, "zhanatas_coal_saved"),
        "hours": assumption_range(reference, "hours_per_year"),
        "co2_factor": assumption_range(reference, "co2_t_per_tce"),
        "turgusun_gwh": rounding_range(article, "turgusun_annual_generation"),
        "atyrau_mt": rounding_range(article, "atyrau_capacity"),
        "bbl_per_t": assumption_range(reference, "crude_bbl_per_tonne"),
        "pavlodar_t": rounding_range(article, "pavlodar_capacity"),
        "kwh_per_t": assumption_range(reference, "aluminium_kwh_per_t"),
        "nev_exports": rounding_range(article, "nev_exports"),
        "nev_growth": rounding_range(article, "nev_export_growth"),
        "new_three_cny": rounding_range(article, "new_three_exports_cny"),
        "new_three_usd": rounding_range(article, "new_three_exports_usd"),
        "world_gw": rounding_range(article, "world_renewable_additions"),
        "world_cf": assumption_range(reference, "world_additions_capacity_factor"),
    }


def inputs_of(headline: Headline, ranges: dict[str, Range]) -> dict[str, Range]:
    """The ranges ``headline.model`` takes, by its argument names."""
    names = headline.model.__code__.co_varnames[: headline.model.__code__.co_argcount]
    return {name: ranges[name] for name in names}
