"""The collection's headline numbers as models of their uncertain inputs.

Each headline is a function of keyword pint quantities, built from the ``energy`` and
``trade`` functions, so it evaluates one value or a million draws alike. ``inputs``
gives every headline its uncertain inputs as ``Range``s taken from the data: a rounded
article figure ranges over its rounding interval, an assumption over its low..high in
``reference.csv``.

A headline's value at the base inputs can lie outside its own Monte Carlo interval: when an
input's base value sits at the edge of its range (the assumed 7.32 barrels per tonne is the low
end of 7.32 to 7.9), the draws spread away from it. Such a headline states why in
``base_outside_interval``; ``unexplained_bases`` finds any that does not, and any reason left
standing after the base has moved back inside.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from energycoop.analysis.uncertainty import Range
from energycoop.data.derived import unit_suffix
from energycoop.data.loaders import quantity, rounding_quantities
from energycoop.quantities import energy, trade


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    unit: str
    model: Callable
    formula: str
    computed_as: str = (
        ""  # the derived id its base value is computed under in notebooks 02 to 09: <key>_<unit suffix>
    )
    base_outside_interval: str = ""  # why the value at the base inputs lies outside its interval, if it does


HEADLINES = [
    Headline(
        "zhanatas_capacity_factor",
        "Zhanatas capacity factor",
        "percent",
        lambda zhanatas_gwh, zhanatas_mw, hours: energy.capacity_factor(zhanatas_gwh, zhanatas_mw, hours),
        "zhanatas_gwh / (zhanatas_mw * hours)",
        "zhanatas_capacity_factor_pct",
    ),
    Headline(
        "zhanatas_coal_rate",
        "Zhanatas implied coal rate",
        "gce/kWh",
        lambda zhanatas_coal, zhanatas_gwh: energy.coal_rate(zhanatas_coal, zhanatas_gwh),
        "zhanatas_coal / zhanatas_gwh",
        "zhanatas_coal_rate_gce_per_kwh",
    ),
    Headline(
        "zhanatas_co2_avoided",
        "Zhanatas CO2 avoided",
        "t",
        lambda zhanatas_coal, co2_factor: energy.co2_from_coal(zhanatas_coal, co2_factor),
        "zhanatas_coal * co2_factor",
        "zhanatas_co2_avoided_t",
    ),
    Headline(
        "zhanatas_implied_efficiency",
        "Efficiency of the displaced coal plant",
        "percent",
        lambda zhanatas_gwh, zhanatas_coal: energy.implied_efficiency(zhanatas_gwh, zhanatas_coal),
        "zhanatas_gwh / zhanatas_coal",
        "zhanatas_implied_efficiency_pct",
    ),
    Headline(
        "turgusun_capacity_factor",
        "Turgusun capacity factor",
        "percent",
        lambda turgusun_gwh, turgusun_mw, hours: energy.capacity_factor(turgusun_gwh, turgusun_mw, hours),
        "turgusun_gwh / (turgusun_mw * hours)",
        "turgusun_capacity_factor_pct",
    ),
    Headline(
        "turgusun_co2_displaced_coal",
        "Turgusun CO2 displaced (coal route)",
        "t",
        lambda turgusun_gwh, zhanatas_coal, zhanatas_gwh, co2_factor: energy.co2_from_coal(
            energy.coal_for_electricity(turgusun_gwh, energy.coal_rate(zhanatas_coal, zhanatas_gwh)),
            co2_factor,
        ),
        "turgusun_gwh * zhanatas_coal / zhanatas_gwh * co2_factor",
        "turgusun_co2_displaced_coal_t",
    ),
    Headline(
        "atyrau_crude",
        "Atyrau crude, barrels a day",
        "oil_barrel/day",
        lambda atyrau_mt, bbl_per_t, days: energy.oil_barrels_per_day(atyrau_mt, bbl_per_t, days),
        "atyrau_mt / days * bbl_per_t",
        "atyrau_crude_bbl_per_day",
        base_outside_interval="the base takes the crude's barrels per tonne at its assumed value, the low end of "
        "its assumed range (the UN's factor for crude of average density; light Kazakh grades may be nearer the "
        "high end), as notebook `05-atyrau-refinery` does; the draws spread over the whole range, so nearly all "
        "of them give more barrels a day than the base",
    ),
    Headline(
        "pavlodar_electricity",
        "Pavlodar smelter electricity",
        "TWh",
        lambda pavlodar_t, kwh_per_t: energy.electricity_for_output(pavlodar_t, kwh_per_t),
        "pavlodar_t * kwh_per_t",
        "pavlodar_electricity_twh",
    ),
    Headline(
        "pavlodar_in_zhanatas_farms",
        "Smelter electricity in Zhanatas farms",
        "count",
        lambda pavlodar_t, kwh_per_t, zhanatas_gwh: (
            energy.electricity_for_output(pavlodar_t, kwh_per_t) / zhanatas_gwh
        ).to("count"),
        "pavlodar_t * kwh_per_t / zhanatas_gwh",
        "pavlodar_in_zhanatas_farms_count",
    ),
    Headline(
        "nev_exports_2022",
        "NEV exports in 2022 (back-calculated)",
        "million",
        lambda nev_exports, nev_growth: trade.back_calculate(nev_exports, nev_growth),
        "nev_exports / (1 + nev_growth)",
        "nev_exports_2022_million",
    ),
    Headline(
        "new_three_implied_rate",
        "Implied yuan per dollar",
        "CNY/USD",
        lambda new_three_cny, new_three_usd: trade.implied_rate(new_three_cny, new_three_usd),
        "new_three_cny / new_three_usd",
        "new_three_implied_rate_cny_per_usd",
    ),
    Headline(
        "world_additions_output",
        "World 2023 additions, a year of output",
        "TWh",
        lambda world_gw, world_cf, hours: energy.annual_energy(world_gw, world_cf, hours),
        "world_gw * world_cf * hours",
        "world_additions_output_pj",
    ),
]


# Each input as a reader reads it, for tables and chart labels (the models' keywords are variable names).
INPUT_NAMES = {
    "zhanatas_gwh": "Zhanatas's annual output",
    "zhanatas_coal": "coal Zhanatas saves a year",
    "zhanatas_mw": "Zhanatas's capacity",
    "hours": "hours in a year",
    "days": "days in a year",
    "co2_factor": "CO2 per tonne of coal equivalent",
    "turgusun_gwh": "Turgusun's annual output",
    "turgusun_mw": "Turgusun's capacity",
    "atyrau_mt": "Atyrau's crude a year",
    "bbl_per_t": "barrels per tonne of crude",
    "pavlodar_t": "Pavlodar's aluminium a year",
    "kwh_per_t": "electricity per tonne of aluminium",
    "nev_exports": "NEV exports, 2023",
    "nev_growth": "NEV export growth",
    "new_three_cny": '"new three" exports in yuan',
    "new_three_usd": '"new three" exports in dollars',
    "world_gw": "world's 2023 additions",
    "world_cf": "capacity factor of the additions",
}


def input_name(name: str, ranges: dict[str, Range] | None = None) -> str:
    """The readable name of input ``name``, with what its range is (``'barrels per tonne of crude
    (assumption)'``, ``"Zhanatas's annual output (rounding)"``) when ``ranges`` is given."""
    label = INPUT_NAMES.get(name, name.replace("_", " "))
    if ranges is None or name not in ranges:
        return label
    source = ranges[name].source
    kind = (
        "assumption"
        if source.startswith("assumption")
        else "rounding"
        if source.startswith("rounding")
        else ""
    )
    return f"{label} ({kind})" if kind else label


def unexplained_bases(frame: pd.DataFrame, headlines=None) -> list[str]:
    """Problems with the headlines' bases in notebook 12's derived table ``frame`` (indexed by id, with ids
    ``<key>_base_<suffix>``, ``<key>_interval_low_<suffix>`` and ``<key>_interval_high_<suffix>``): a base
    outside its interval with no stated ``base_outside_interval``, or a stated reason for a base that is
    inside (a reason left behind). An empty list when there is none."""
    problems = []
    for h in HEADLINES if headlines is None else headlines:
        suffix = unit_suffix(h.unit)
        base, low, high = (
            float(frame.loc[f"{h.key}_{variant}_{suffix}", "value"])
            for variant in ("base", "interval_low", "interval_high")
        )
        outside = not low <= base <= high
        if outside and not h.base_outside_interval.strip():
            problems.append(
                f"{h.key}: base {base:g} lies outside its interval {low:g} to {high:g}, and the headline "
                "states no reason (base_outside_interval)"
            )
        elif not outside and h.base_outside_interval.strip():
            problems.append(
                f"{h.key}: base {base:g} lies inside its interval {low:g} to {high:g}, but the headline "
                "still states a reason for it being outside"
            )
    return problems


def fixed(quantity, source: str, ref: str) -> Range:
    """An input known exactly (a count, a nameplate rating): a range of one value."""
    value = float(quantity.magnitude)
    return Range(value, value, value, str(quantity.units), source, ref)


def rounding_range(article: pd.DataFrame, key: str) -> Range:
    """The rounding interval of article figure ``key`` as a ``Range`` in its normalised unit."""
    row = article.loc[key]
    low, high = rounding_quantities(article, key)
    return Range(
        float(low.magnitude),
        float(row["value"]),
        float(high.magnitude),
        row["unit"],
        f"rounding of '{row['value_as_printed']}' ({key})",
        key,
    )


def assumption_range(reference: pd.DataFrame, key: str) -> Range:
    """The low..high of assumption ``key`` in ``reference.csv`` as a ``Range``."""
    row = reference.loc[key]
    if row["status"] != "assumption":
        raise ValueError(f"{key!r} is not an assumption (status {row['status']!r}); it has no range")
    return Range(
        float(row["low"]), float(row["value"]), float(row["high"]), row["unit"], f"assumption {key}", key
    )


def inputs(article: pd.DataFrame, reference: pd.DataFrame) -> dict[str, Range]:
    """Every input of the headlines, by the keyword the models use: a rounded figure over its
    rounding interval, an assumption over its low..high, an exact figure as a range of one value."""
    zhanatas_mw = energy.capacity_from_units(
        int(quantity(article, "zhanatas_turbines").magnitude), quantity(article, "zhanatas_turbine_capacity")
    )
    return {
        "zhanatas_gwh": rounding_range(article, "zhanatas_annual_generation"),
        "zhanatas_coal": rounding_range(article, "zhanatas_coal_saved"),
        "zhanatas_mw": fixed(
            zhanatas_mw, "40 turbines x 2.5 MW (nameplate)", "zhanatas_turbines zhanatas_turbine_capacity"
        ),
        "hours": assumption_range(reference, "hours_per_year"),
        "days": assumption_range(reference, "days_per_year"),
        "co2_factor": assumption_range(reference, "co2_t_per_tce"),
        "turgusun_gwh": rounding_range(article, "turgusun_annual_generation"),
        "turgusun_mw": rounding_range(article, "turgusun_capacity"),
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
