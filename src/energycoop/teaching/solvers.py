"""The expected answers of the exercises, computed from the variant's inputs with the collection's own
formulas (``quantities.energy``, ``quantities.trade``), never typed in.

Each solver takes the inputs of a variant (``variants.values(seed)``, a dict of article and reference ids)
and is registered by its name (``@solver``); the exercises file names it (``solver = "..."``). A chooser
(``@chooser``) returns a verdict's words instead, computed with the audit's own rule (``audit.judge``).
The chart exercises' solvers are in ``charts``, beside the charts they read.
"""

from __future__ import annotations

import pint

from energycoop.analysis import audit
from energycoop.data.loaders import quantity, rounding_quantities
from energycoop.quantities import energy, trade
from energycoop.quantities.rounding import ratio_bounds
from energycoop.quantities.units import Q_
from energycoop.teaching.registry import chooser, solver
from energycoop.teaching.variants import printed_interval, tables

# --------------------------------------------------------------------------------------------------
# Quantities several exercises use


def zhanatas_capacity(v):
    return energy.capacity_from_units(int(v["zhanatas_turbines"].magnitude), v["zhanatas_turbine_capacity"])


def barrels_per_day(v):
    return energy.oil_barrels_per_day(v["atyrau_capacity"], v["crude_bbl_per_tonne"], v["days_per_year"])


def year(v):
    return v["hours_per_year"]


def coal_rate_interval(v) -> tuple[pint.Quantity, pint.Quantity]:
    """The lowest and highest coal rate the rounding of the coal saved and of the output allow."""
    return ratio_bounds(
        printed_interval(v, "zhanatas_coal_saved"),
        printed_interval(v, "zhanatas_annual_generation"),
        energy.coal_rate,
    )


def irena_share(v):
    return energy.share(v["irena_china_additions_2023"], v["irena_additions_2023"])


def nev_export_share(v) -> trade.Bounded:
    """At most: exports at the top of what their printed rounding allows ("1.2 million" can be 1.25
    million), over a production that only "exceeded" its figure."""
    article = tables()[0]
    production = trade.Bounded.from_qualifier(
        v["nev_production_and_sales"], article.loc["nev_production_and_sales", "qualifier"]
    )
    top = rounding_quantities(article, "nev_exports")[1] - quantity(article, "nev_exports")
    half = Q_(float(top.magnitude), top.units)  # a plain number, as every expected answer is
    return trade.ratio(trade.Bounded(v["nev_exports"] + half), production)


def zhanatas_cf(v, generation):
    return energy.capacity_factor(generation, zhanatas_capacity(v), year(v))


def irena_growth(v, additions):
    start = v["irena_capacity_2023"] - additions
    return trade.growth_between(start, v["irena_capacity_2023"])


def smelter_electricity(v):
    return energy.electricity_for_output(v["pavlodar_capacity"], v["aluminium_kwh_per_t"])


# --------------------------------------------------------------------------------------------------
# Notebook 1: power and energy


@solver
def turgusun_capacity_factor(v):
    return energy.capacity_factor(v["turgusun_annual_generation"], v["turgusun_capacity"], year(v))


@solver
def zhanatas_full_load_hours(v):
    return energy.full_load_hours(v["zhanatas_annual_generation"], zhanatas_capacity(v))


@solver
def zhanatas_coal_rate(v):
    return energy.coal_rate(v["zhanatas_coal_saved"], v["zhanatas_annual_generation"])


@solver
def world_additions_in_farms(v):
    return (v["world_renewable_additions"] / zhanatas_capacity(v)).to("dimensionless")


@solver
def zhanatas_coal_energy(v):
    return energy.coal_energy(v["zhanatas_coal_saved"], "PJ")


@solver
def zhanatas_implied_efficiency(v):
    return energy.implied_efficiency(
        v["zhanatas_annual_generation"], energy.coal_energy(v["zhanatas_coal_saved"], "GWh")
    )


# --------------------------------------------------------------------------------------------------
# Notebook 2: industry and trade


@solver
def nev_exports_2022(v):
    return trade.back_calculate(v["nev_exports"], v["nev_export_growth"])


@solver
def china_additions_lower_bound(v):
    return (v["world_renewable_additions"] * v["china_share_of_world_additions"]).to("GW")


@solver
def smelter_in_zhanatas_farms(v):
    return (smelter_electricity(v) / v["zhanatas_annual_generation"]).to("dimensionless")


@solver
def new_three_rate(v):
    return trade.implied_rate(v["new_three_exports_cny"], v["new_three_exports_usd"])


@solver
def atyrau_barrels_per_day(v):
    return barrels_per_day(v)


# --------------------------------------------------------------------------------------------------
# Notebook 3: reading claims


@solver
def nev_export_share_bound(v):
    return nev_export_share(v).quantity.to("percent")


@solver
def coal_rate_lowest(v):
    return coal_rate_interval(v)[0]


@solver
def cf_gap_points(v):
    return (
        zhanatas_cf(v, v["zhanatas_annual_generation"])
        - zhanatas_cf(v, v["zhanatas_expected_generation_2020"])
    ).to("percent")


@solver
def cf_gap_relative(v):
    return trade.growth_between(
        zhanatas_cf(v, v["zhanatas_expected_generation_2020"]),
        zhanatas_cf(v, v["zhanatas_annual_generation"]),
    )


@solver
def china_share_one_scope(v):
    return irena_share(v)


@solver
def world_capacity_growth(v):
    return irena_growth(v, v["irena_additions_2023"])


@chooser
def coal_rate_verdict(v) -> str:
    """The verdict on the coal rate the coal saving implies, against the Chinese plants' rate (an assumption of this collection, no source)."""
    low, high = coal_rate_interval(v)
    nominal = energy.coal_rate(v["zhanatas_coal_saved"], v["zhanatas_annual_generation"]).to("gce/kWh")
    assumed = v["china_coal_rate_2023"].to("gce/kWh").magnitude
    return audit.judge(
        audit.Interval(low.magnitude, high.magnitude, "gce/kWh"),
        audit.Interval.point(assumed, "gce/kWh"),
        nominal=nominal.magnitude,
    ).verdict


@chooser
def over_half_verdict(v) -> str:
    """The verdict on "over half" of the world's additions, against IRENA's share."""
    claimed = v["china_share_of_world_additions"].to("percent").magnitude
    whole = Q_(1, "dimensionless").to("percent").magnitude  # a share is at most the whole
    claim = audit.Interval(claimed, whole, "percent", low_open=True)
    evidence = irena_share(v).magnitude
    return audit.judge(claim, audit.Interval.point(evidence, "percent"), nominal=claimed, bound=True).verdict


# --------------------------------------------------------------------------------------------------
# Notebook 4: energy, units and charts (the chart exercises' solvers are in ``charts``)


@solver
def farm_output_pj(v):
    return v["zhanatas_annual_generation"].to("PJ")


@solver
def coal_saved_same_generation(v):
    return energy.coal_for_electricity(v["zhanatas_annual_generation"], v["china_coal_rate_2023"]).to("tce")


@solver
def smelter_average_power(v):
    return energy.average_power(smelter_electricity(v), year(v))


@solver
def kazakhstan_in_tce(v):
    return energy.coal_for_electricity(v["kazakhstan_generation_2023"], v["china_coal_rate_2023"])


@solver
def log_midpoint(v):
    return (v["turgusun_capacity"] * v["world_renewable_additions"]) ** 0.5


# The options of a choice: the collection's verdicts (notebook 10's legend).
CHOICE_OPTIONS = tuple(audit.VERDICTS)
