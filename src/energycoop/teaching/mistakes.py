"""The named mistakes: the value a common slip gives, so that the check can name the slip.

Each takes the variant's inputs and returns the wrong value (a pint quantity the check converts to the
exercise's unit); it is registered by its name (``@mistake``), and an exercise lists the mistakes it
recognises in the exercises file, each with the sentence a student reads (``[[exercise.mistake]]``:
``name`` and ``says``). The check tries them before the tolerance (``checker``).
"""

from __future__ import annotations

import math

from energycoop.quantities import energy, pitfalls
from energycoop.quantities.units import Q_
from energycoop.teaching import solvers
from energycoop.teaching.charts import IRENA_AGAINST_IEA, symlog_bars, tornado_swings
from energycoop.teaching.registry import mistake
from energycoop.teaching.solvers import (
    barrels_per_day,
    coal_rate_interval,
    irena_growth,
    nev_export_share,
    smelter_electricity,
    year,
    zhanatas_capacity,
)
from energycoop.teaching.variants import printed_interval

# --------------------------------------------------------------------------------------------------
# Power, energy and coal


@mistake
def energy_over_capacity(v):
    """Energy ÷ capacity, without the hours of the year (GWh per MW, read as a share)."""
    return pitfalls.capacity_factor_without_hours(v["turgusun_annual_generation"], v["turgusun_capacity"])


@mistake
def energy_over_power_hours(v):
    """Energy ÷ capacity kept as a time: the full-load hours, not the capacity factor."""
    return energy.full_load_hours(v["turgusun_annual_generation"], v["turgusun_capacity"])


@mistake
def one_turbine_hours(v):
    return energy.full_load_hours(v["zhanatas_annual_generation"], v["zhanatas_turbine_capacity"])


@mistake
def electricity_over_coal(v):
    """kWh per gce, the coal rate upside down (its unit says so)."""
    return Q_(1 / solvers.zhanatas_coal_rate(v).to("gce/kWh").magnitude, "kWh/gce")


@mistake
def electricity_over_coal_in_the_asked_unit(v):
    """The number of kWh per gce written with the unit asked for."""
    return Q_(electricity_over_coal(v).magnitude, "gce/kWh")


@mistake
def coal_as_toe(v):
    """The coal saved read as tonnes of oil equivalent (41.868 GJ) instead of coal equivalent."""
    return pitfalls.coal_read_as_oil(v["zhanatas_coal_saved"])


@mistake
def fuel_over_electricity(v):
    return (energy.coal_energy(v["zhanatas_coal_saved"], "GWh") / v["zhanatas_annual_generation"]).to(
        "dimensionless"
    )


@mistake
def efficiency_with_toe(v):
    return (v["zhanatas_annual_generation"] / coal_as_toe(v)).to("dimensionless")


@mistake
def coal_energy_as_output(v):
    return energy.coal_energy(v["zhanatas_coal_saved"], "PJ")


@mistake
def coal_added_to_output(v):
    return pitfalls.fuel_added_to_electricity(
        v["zhanatas_annual_generation"].to("PJ"), energy.coal_energy(v["zhanatas_coal_saved"], "PJ")
    )


@mistake
def article_coal_figure(v):
    return v["zhanatas_coal_saved"]


@mistake
def same_capacity_all_year(v):
    return energy.coal_for_electricity(
        energy.annual_energy(zhanatas_capacity(v), 1, year(v)), v["china_coal_rate_2023"]
    )


@mistake
def divided_by_days(v):
    power = solvers.smelter_average_power(v)
    return Q_(power.magnitude * (year(v) / v["days_per_year"]).to("h/day").magnitude, "MW")


# --------------------------------------------------------------------------------------------------
# Growth, bounds, rates and barrels


@mistake
def growth_subtracted(v):
    return pitfalls.growth_subtracted(v["nev_exports"], v["nev_export_growth"])


@mistake
def whole_world_additions(v):
    return v["world_renewable_additions"]


@mistake
def farm_over_smelter(v):
    return (v["zhanatas_annual_generation"] / smelter_electricity(v)).to("dimensionless")


@mistake
def dollars_over_yuan(v):
    return Q_(1 / solvers.new_three_rate(v).to("CNY/USD").magnitude, "CNY/USD")


@mistake
def oil_barrels_written_as_pint_bbl(v):
    return pitfalls.oil_barrels_as_pint_bbl(barrels_per_day(v))


@mistake
def converted_to_pint_bbl(v):
    return Q_(barrels_per_day(v).to("bbl/day").magnitude, "oil_bbl/day")


@mistake
def tonnes_per_barrel(v):
    return barrels_per_day(v) / v["crude_bbl_per_tonne"].magnitude ** 2


@mistake
def production_over_exports(v):
    return (1 / nev_export_share(v).quantity).to("percent")


@mistake
def printed_exports_share(v):
    return (v["nev_exports"] / v["nev_production_and_sales"]).to("percent")


# --------------------------------------------------------------------------------------------------
# Rounding intervals, percentage points and scope


@mistake
def rate_at_printed_values(v):
    return solvers.zhanatas_coal_rate(v)


@mistake
def highest_rate(v):
    return coal_rate_interval(v)[1]


@mistake
def low_over_low(v):
    return energy.coal_rate(
        printed_interval(v, "zhanatas_coal_saved")[0], printed_interval(v, "zhanatas_annual_generation")[0]
    )


@mistake
def ratio_not_minus_one(v):
    """CF_article ÷ CF_2020 without subtracting 1."""
    return (
        solvers.zhanatas_cf(v, v["zhanatas_annual_generation"])
        / solvers.zhanatas_cf(v, v["zhanatas_expected_generation_2020"])
    ).to("percent")


@mistake
def kazakhstan_in_toe(v):
    """The right number of million tonnes, labelled oil equivalent."""
    return Q_(solvers.kazakhstan_in_tce(v).to("million * tce").magnitude, "million * toe")


@mistake
def relative_for_points(v):
    return solvers.cf_gap_relative(v)


@mistake
def points_for_relative(v):
    return solvers.cf_gap_points(v)


@mistake
def mixed_agencies_share(v):
    return energy.share(v["irena_china_additions_2023"], v["world_renewable_additions"])


@mistake
def over_half_as_share(v):
    return v["china_share_of_world_additions"]


@mistake
def additions_over_end_capacity(v):
    return energy.share(v["irena_additions_2023"], v["irena_capacity_2023"])


@mistake
def mixed_agencies_growth(v):
    return irena_growth(v, v["world_renewable_additions"])


@mistake
def mixed_agencies_over_end_capacity(v):
    return energy.share(v["world_renewable_additions"], v["irena_capacity_2023"])


# --------------------------------------------------------------------------------------------------
# Reading charts


@mistake
def ratio_of_values_log(v):
    return (v["world_renewable_additions"] / v["turgusun_capacity"]).to("dimensionless")


@mistake
def arithmetic_mean(v):
    return (v["turgusun_capacity"] + v["world_renewable_additions"]) / 2


@mistake
def ratio_of_values_symlog(v):
    return Q_(abs((v["nev_export_growth"] / symlog_bars(v)[IRENA_AGAINST_IEA]).to("").magnitude), "")


@mistake
def symlog_without_linear_part(v):
    return Q_(
        abs(
            math.log10(v["nev_export_growth"].to("percent").magnitude)
            / math.log10(abs(symlog_bars(v)[IRENA_AGAINST_IEA].to("percent").magnitude))
        ),
        "",
    )


@mistake
def second_widest_bar(v):
    return Q_(tornado_swings(v)[1], "")


@mistake
def half_a_bar(v):
    return Q_(tornado_swings(v)[0] / 2, "")


@mistake
def bars_added_up(v):
    return Q_(sum(tornado_swings(v)), "")
