# ---
# jupyter:
#   energycoop:
#     reads:
#     - data/article.csv
#     - data/derived/02-zhanatas-wind.csv
#     - data/glossary.csv
#     - data/reference.csv
#     writes:
#     - data/derived/11-units-and-pitfalls.csv
#     - figures/11-pitfalls.png
#     - figures/11-pitfalls.svg
#   jupytext:
#     notebook_metadata_filter: energycoop
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Units and pitfalls: reading energy statistics with the article's own numbers
#
# **Question.** What are the common mistakes in reading numbers like the article's, and how far off does each one land? Every pitfall here is computed twice, the wrong way and the right way, with the article's figures, so the size of each mistake is a number, not a warning.
#
# The [glossary](#glossary) at the end defines every term the collection uses; the other notebooks link to it where a term first appears.
#
# - **Before this:** any of notebooks 01 to 10; this one stands alone.

# %% tags=["summary", "nbval-ignore-output"]
# The Summary, right under the question: filled in by the last cell from the values the notebook computes.
# (Its output is checked by tests/test_summaries.py: it equals the last cell's, which nbval compares.)
from energycoop.analysis.markup import SummaryBox

summary_box = SummaryBox()

# %% [markdown]
# ## Parameters

# %% tags=["parameters"]
inputs_dir: str = "../data/derived"  # where to read 02-zhanatas-wind.csv from
derived_dir: str = "../data/derived"  # where the derived table is written
figures_dir: str = "../figures"  # where the figures are written

# %%
from energycoop.build.step import Step

step = Step("11-units-and-pitfalls", globals()).parameters()

# %%
import math
import textwrap

import matplotlib.pyplot as plt
import pandas as pd
import pint

from energycoop.analysis.markup import Document, markdown_text, summary
from energycoop.analysis.plotting import HIGHLIGHT, OKABE_ITO
from energycoop.data.derived import derived_quantity, unit_suffix
from energycoop.data.loaders import load_article, load_glossary, load_reference, quantity
from energycoop.quantities import energy, trade
from energycoop.quantities import pitfalls as mistake
from energycoop.quantities.units import Q_, fmt, unit_label

table = step.table
article = load_article()
reference = load_reference()
zhanatas = step.read("02-zhanatas-wind")
pitfalls = []
results = {}  # key: (wrong, right, wrong / right)


def compare(key, title, wrong, right, unit, formulas, inputs):
    """Record a pitfall's wrong and right results (in ``unit``), each with its formula (``formulas``: wrong, right) and
    the ids it is computed from (``inputs``: wrong, right), and print them side by side."""
    wrong, right = wrong.to(unit), right.to(unit)
    table.add(f"pitfall_{key}_wrong_{unit_suffix(unit)}", wrong, f"{title}: the wrong result", formulas[0], inputs[0],
              unit=unit)
    table.add(f"pitfall_{key}_right_{unit_suffix(unit)}", right, f"{title}: the right result", formulas[1], inputs[1],
              unit=unit)
    factor = (wrong / right).to("dimensionless").magnitude
    table.add(f"pitfall_{key}_wrong_over_right_ratio", Q_(factor, ""), f"{title}: the wrong result over the right one",
              "wrong / right", [f"pitfall_{key}_wrong_{unit_suffix(unit)}", f"pitfall_{key}_right_{unit_suffix(unit)}"],
              unit="dimensionless")
    results[key] = (wrong, right, factor)
    pitfalls.append({"pitfall": title, "wrong": fmt(wrong, sig=4), "right": fmt(right, sig=4), "wrong / right": factor})
    print(f"Wrong: {fmt(wrong, sig=4)}\nRight: {fmt(right, sig=4)}\nThe mistake is off by a factor of {factor:,.4g}.")


# %% [markdown]
# ## 1. Power is not energy
#
# A [megawatt (MW)](#megawatt) is a rate: how fast energy flows. A [megawatt-hour (MWh)](#megawatt-hour) is an amount: a MW for an hour. "40 turbines of 2.5 MW" is power; "350 million kWh a year" is energy. Reading the capacity as if it were the year's output:

# %%
capacity = derived_quantity(zhanatas, "zhanatas_capacity_mw")
generation = quantity(article, "zhanatas_annual_generation")
wrong = Q_(capacity.magnitude, "MWh")  # "100 MW, so 100 MWh a year"
compare("power_energy", "capacity read as a year's energy", wrong, generation, "MWh",
        ("zhanatas_capacity_mw read as MWh", "zhanatas_annual_generation in MWh"),
        (["zhanatas_capacity_mw"], ["zhanatas_annual_generation"]))

# %% [markdown]
# pint refuses the mix-up outright:

# %%
try:
    capacity + generation
    refused = False
except pint.DimensionalityError:
    refused = True
print(f"pint refuses to add {fmt(capacity)} (a power) to {fmt(generation)} (an energy): refused = {refused}.")

# %% [markdown]
# ## 2. "Million kW" is GW
#
# $$510 \times 10^6\ \text{kW} = 510 \times 10^9\ \text{W} = 510\ \text{GW} = 510{,}000\ \text{MW}$$
#
# Reading "510 million kW" as 510 MW loses a factor of a thousand:

# %%
additions = quantity(article, "world_renewable_additions")
compare("million_kw", "510 million kW read as 510 MW", Q_(510, "MW"), additions, "GW",
        ("the number of world_renewable_additions in million kW, read as MW", "world_renewable_additions in GW"),
        (["world_renewable_additions"], ["world_renewable_additions"]))

# %% [markdown]
# ## 3. A capacity factor needs the hours of the year
#
# $$CF = \frac{E}{P \times h_\text{year}}$$
#
# Dividing energy by capacity gives hours (3,500 h), not a share; with the units stripped, "350 GWh / 100 MW = 3.5" looks like 350%:

# %%
hours = energy.full_load_hours(generation, capacity)
year_h = quantity(reference, "hours_per_year")
cf = energy.capacity_factor(generation, capacity, year_h)
print(f"E / P = {fmt(hours, sig=4)} (hours, not a share)")
compare("capacity_factor", "energy over capacity read as a capacity factor", mistake.capacity_factor_without_hours(generation, capacity),
        cf, "percent",
        ("zhanatas_annual_generation in GWh / zhanatas_capacity_mw in MW, units dropped, read as a share",
         "zhanatas_annual_generation / (zhanatas_capacity_mw * hours_per_year)"),
        (["zhanatas_annual_generation", "zhanatas_capacity_mw"],
         ["zhanatas_annual_generation", "zhanatas_capacity_mw", "hours_per_year"]))

# %% [markdown]
# Which year matters a little too: pint's `year` is 365.25 days (8,766 h), a leap year has 8,784 h, the collection uses 8,760 h unless told otherwise:

# %%
leap_year_h = quantity(reference, "hours_per_year", "high")
for label, year in [("the collection's year", year_h), ("pint's year", Q_(1, "year")), ("leap year", leap_year_h)]:
    print(f"{label:>12}: {fmt(year.to('h'), sig=4)}, capacity factor {fmt(energy.capacity_factor(generation, capacity, year).to('percent'), sig=4)}")

# %% [markdown]
# ## 4. Coal equivalent is not oil equivalent
#
# A tonne of coal equivalent (tce) is 29.3076 GJ; a tonne of oil equivalent (toe) is 41.868 GJ. Treating the 110,000 t of standard coal as oil equivalent overstates its energy by 43%:

# %%
coal = quantity(article, "zhanatas_coal_saved")
compare("tce_toe", "tonnes of coal equivalent read as oil equivalent", mistake.coal_read_as_oil(coal), coal, "PJ",
        ("zhanatas_coal_saved read as toe: tonnes * 41.868 GJ/toe", "zhanatas_coal_saved * 29.3076 GJ/tce"),
        (["zhanatas_coal_saved", "toe_definition"], ["zhanatas_coal_saved", "tce_definition"]))

# %% [markdown]
# ## 5. Primary energy and electricity do not add up
#
# The coal Zhanatas saves and the electricity it makes describe the same service: the coal is what a thermal plant would have burned to make that electricity. Adding them counts Zhanatas more than three times:

# %%
coal_pj = derived_quantity(zhanatas, "zhanatas_coal_energy_pj")
compare("primary_electricity", "coal saved added to electricity made",
        mistake.fuel_added_to_electricity(generation, coal_pj), generation, "PJ",
        ("zhanatas_annual_generation + zhanatas_coal_energy_pj", "zhanatas_annual_generation in PJ"),
        (["zhanatas_annual_generation", "zhanatas_coal_energy_pj"], ["zhanatas_annual_generation"]))

# %% [markdown]
# ## 6. A bound is not a value
#
# "Over half" makes China's share of the world's additions *more than* one half, not one half. Quoting the bound as the share drops the "more than". The evidence for the share must come from one [scope](#scope): China's additions and the world's as the same agency counts them (here the International Renewable Energy Agency's, IRENA's), never IRENA's China over the world total of the International Energy Agency (IEA), the mistake notebook `07-global-renewables-2023` warns against:

# %%
share = trade.Bounded.from_qualifier(quantity(article, "china_share_of_world_additions"),
                                     article.loc["china_share_of_world_additions", "qualifier"])
irena_china = quantity(reference, "irena_china_additions_2023")
irena_world = quantity(reference, "irena_additions_2023")
irena_share = energy.share(irena_china, irena_world)
print(f"Wrong: China's share was {fmt(share.quantity, sig=2)}.\nRight: China's share was {share.describe()}{fmt(share.quantity, sig=2)}; "
      f"within IRENA's scope, {fmt(irena_china, sig=4)} of {fmt(irena_world)} = {fmt(irena_share)}.")
compare("bound", "'over half' quoted as a value, against IRENA's share within its own scope", share.quantity, irena_share,
        "percent", ("china_share_of_world_additions ('over half') quoted as the share itself",
                    "irena_china_additions_2023 / irena_additions_2023"),
        (["china_share_of_world_additions"], ["irena_china_additions_2023", "irena_additions_2023"]))

# %% [markdown]
# ## 7. Rounding is not precision
#
# "About 110,000 t" over "approximately 350 million kWh" printed to seven figures suggests a precision the inputs do not have. Each rounded input carries a range:

# %%
rate = derived_quantity(zhanatas, "zhanatas_coal_rate_gce_per_kwh")
low = derived_quantity(zhanatas, "zhanatas_coal_rate_low_gce_per_kwh")
high = derived_quantity(zhanatas, "zhanatas_coal_rate_high_gce_per_kwh")
implied_half_width = 0.5e-4 / rate.magnitude * 100  # the half-width that 314.2857 claims, in %
real_half_width = (high - low).magnitude / 2 / rate.magnitude * 100
print(f"Wrong: {rate.magnitude:.4f} gce/kWh (claims ±{implied_half_width:.1e}%).")
print(f"Right: about {fmt(rate, sig=2)}, between {fmt(low, sig=3)} and {fmt(high, sig=3)} (±{real_half_width:.0f}%).")
compare("rounding", "the precision a seven-figure result claims, against what rounding allows",
        Q_(implied_half_width, "percent"), Q_(real_half_width, "percent"), "percent",
        ("0.00005 gce/kWh (half the last printed digit of 314.2857) / zhanatas_coal_rate_gce_per_kwh",
         "(zhanatas_coal_rate_high_gce_per_kwh - zhanatas_coal_rate_low_gce_per_kwh) / 2 / zhanatas_coal_rate_gce_per_kwh"),
        (["zhanatas_coal_rate_gce_per_kwh"],
         ["zhanatas_coal_rate_low_gce_per_kwh", "zhanatas_coal_rate_high_gce_per_kwh", "zhanatas_coal_rate_gce_per_kwh"]))

# %% [markdown]
# ## 8. Percent is not [percentage points](#percentage-point)
#
# Zhanatas's capacity factor on the article's figure and on the 2020 estimate: the gap between them in percentage points and the relative difference are two different numbers.
#
# $$\Delta_\text{pp} = CF_1 - CF_2 \qquad \Delta_\% = \frac{CF_1}{CF_2} - 1$$

# %%
cf_2020 = derived_quantity(zhanatas, "zhanatas_capacity_factor_2020_estimate_pct")
points = (cf - cf_2020).to("percent")
relative = (cf / cf_2020 - 1).to("percent")
print(f"Zhanatas's capacity factor is {fmt(cf.to('percent'))} on the article's figure and {fmt(cf_2020.to('percent'))} on the "
      f"2020 estimate. The gap is {points.magnitude:.1f} percentage points, but the article's figure is "
      f"{relative.magnitude:.1f}% higher.")
compare("percentage_points", "a percentage-point gap quoted as a percentage change", points, relative, "percent",
        ("zhanatas_capacity_factor_pct - zhanatas_capacity_factor_2020_estimate_pct (percentage points)",
         "zhanatas_capacity_factor_pct / zhanatas_capacity_factor_2020_estimate_pct - 1"),
        (["zhanatas_capacity_factor_pct", "zhanatas_capacity_factor_2020_estimate_pct"],
         ["zhanatas_capacity_factor_pct", "zhanatas_capacity_factor_2020_estimate_pct"]))

# %% [markdown]
# ## 9. Year-on-year growth does not undo by subtraction
#
# $$x_{2022} = \frac{x_{2023}}{1 + g} \ne x_{2023}\,(1 - g)$$

# %%
exports = quantity(article, "nev_exports")
growth = quantity(article, "nev_export_growth")
compare("growth_inverse", "growth undone by subtracting it", mistake.growth_subtracted(exports, growth),
        trade.back_calculate(exports, growth), "million",
        ("nev_exports * (1 - nev_export_growth)", "nev_exports / (1 + nev_export_growth)"),
        (["nev_exports", "nev_export_growth"], ["nev_exports", "nev_export_growth"]))

# %% [markdown]
# ## 10. A currency conversion has a date and a rate
#
# "1.06 trillion yuan (\$145.6 billion)": the article's dollars come from a rate weaker than any 2023 fixing, evidently one of its own time (mid-2024; notebook `08-vehicles-and-trade`). That is not wrong, but a [nominal conversion](#nominal-conversion) is only as good as the rate and date named with it: the mistake is the reader's, taking those dollars as 2023's.

# %%
cny = quantity(article, "new_three_exports_cny")
usd = quantity(article, "new_three_exports_usd")
average = quantity(reference, "cny_per_usd_2023_average")
print(f"{fmt(cny)} = {fmt(usd, sig=4)} implies {fmt(trade.implied_rate(cny, usd).to('CNY/USD'))}; at the 2023 average of "
      f"{fmt(average, sig=5)} the same yuan are {fmt(trade.convert_at_rate(cny, average).to('billion * USD'), sig=4)}.")
compare("exchange_rate", "dollars converted at a mid-2024 rate read as 2023's", usd,
        trade.convert_at_rate(cny, average), "billion * USD",
        ("new_three_exports_usd (the article's conversion, at a rate of mid-2024)",
         "new_three_exports_cny / cny_per_usd_2023_average"),
        (["new_three_exports_usd"], ["new_three_exports_cny", "cny_per_usd_2023_average"]))

# %% [markdown]
# ## 11. Unit symbols that mean something else
#
# In pint, `kt` is the knot (a speed), not a kilotonne, and `bbl` is the US barrel of 31.5 gallons, not the 42-gallon oil barrel. A units library only protects the units you write correctly:

# %%
try:
    Q_(15, "kt/day").to("t/day")
    refused = False
except pint.DimensionalityError:
    refused = True
print(f'pint reads "kt" as the knot, so 15 of them a day is a change of speed, and it refuses to give that in '
      f"tonnes a day: refused = {refused}.")
atyrau = energy.oil_barrels_per_day(quantity(article, "atyrau_capacity"), quantity(reference, "crude_bbl_per_tonne"),
                                    quantity(reference, "days_per_year"))
barrels = mistake.oil_barrels_as_pint_bbl(atyrau)
compare("barrel", "crude barrels counted as pint's 31.5-gallon bbl", barrels, atyrau, "m**3/day",
        ("atyrau_capacity / days_per_year * crude_bbl_per_tonne, in barrels of 31.5 gallons",
         "atyrau_capacity / days_per_year * crude_bbl_per_tonne, in oil barrels of 42 gallons"),
        (["atyrau_capacity", "crude_bbl_per_tonne", "days_per_year"], ["atyrau_capacity", "crude_bbl_per_tonne", "days_per_year"]))

# %% [markdown]
# ## How far off each mistake lands

# %%
overview = pd.DataFrame(pitfalls)
overview.assign(**{"wrong / right": overview["wrong / right"].map("{:,.4g}".format)})

# %% [markdown]
# ## Checks

# %%
assert len(pitfalls) == 11
assert all(p["wrong / right"] > 0 for p in pitfalls)
assert abs((cf * year_h).to("h").magnitude - hours.magnitude) < 1e-9 * hours.magnitude
assert abs(trade.grow(trade.back_calculate(exports, growth), growth).magnitude - exports.magnitude) < 1e-6
print("All checks passed.")

# %% [markdown]
# ## Plot

# %%
order = overview.assign(log=lambda f: f["wrong / right"].map(lambda x: abs(math.log10(x)))).sort_values("log")
fig, ax = plt.subplots(figsize=(6.5, 6.5))  # narrow, with wrapped labels: near its drawn size on a phone
colours = [HIGHLIGHT if f > 1 else OKABE_ITO["blue"] for f in order["wrong / right"]]
factors = order["wrong / right"]
bars = ax.barh([textwrap.fill(p, 30) for p in order["pitfall"]], (factors - 1).abs(), left=factors.clip(upper=1), color=colours)  # from 1 to the factor
ax.set_xscale("log")
ax.axvline(1, color="black", linewidth=1)
ax.bar_label(bars, labels=[f"× {f:,.3g}" for f in order["wrong / right"]], padding=4, fontsize=9)
ax.set_xlim(1e-8, 1e5)
ax.set_xlabel(textwrap.fill("Wrong result ÷ right result (log scale; bars run from 1 = no error; right of 1 = too "
                            "large)", 60))
ax.set_title(textwrap.fill("How far off each reading mistake lands, on the article's numbers", 45))
ax.tick_params(axis="y", labelsize=9)
description = (f"Log-scale bars of wrong ÷ right for {len(order)} reading mistakes, from "
               f"{order['pitfall'].iloc[0]} (× {order['wrong / right'].iloc[0]:.3g}) to "
               f"{order['pitfall'].iloc[-1]} (× {order['wrong / right'].iloc[-1]:.3g}).")
step.save_figure(fig, "11-pitfalls", description)

# %% [markdown]
# ## The derived table

# %%
step.write(table)

# %% [markdown]
# <a id="glossary"></a>
# ## Glossary
#
# Every term the collection uses, from `data/glossary.csv`. The notebook named beside each term is where it first appears (and links here).

# %%
# The glossary's text is data: markdown_text escapes HTML and Markdown in every cell, so it shows as written.
glossary = load_glossary()


def _unit(text: str) -> str:
    """A glossary unit as a reader reads it: each unit through unit_label ('oil_bbl' is 'barrels')."""
    if text == "dimensionless":
        return "none (a ratio)"
    def label(part: str) -> str:
        try:
            return unit_label(part)
        except ValueError:  # not a unit pint reads: the data's words, shown as written (escaped below)
            return part

    return " or ".join(label(part) for part in text.split(" or "))


Document("\n".join(
    ["| term | meaning | unit | first in |", "|---|---|---|---|"]
    + [f'| <a id="{markdown_text(row.slug)}"></a>**{markdown_text(row.term)}** | {markdown_text(row.definition)} | '
       f'{markdown_text(_unit(row.unit))} | <code>{markdown_text(row.first_notebook)}</code> |'
       for row in glossary.itertuples()]))

# %% tags=["summary-source"]
def wrong_right(key, sig=3):
    wrong, right, factor = results[key]
    return f"{fmt(wrong, sig=sig)} for {fmt(right, sig=sig)}, ×{fmt(Q_(factor, ''), sig=3)}"


summary_box.update(summary([
    (f"Power read as energy gives {wrong_right('power_energy')}, and \"million kW\" read as MW gives "
     f"{wrong_right('million_kw')}: mistakes of a thousand times or more, and pint refuses the first outright."),
    (f"Quiet mistakes are the dangerous ones: tonnes of coal equivalent read as oil equivalent ({wrong_right('tce_toe')}), "
     f"coal and electricity added together ({wrong_right('primary_electricity')}), a growth rate undone by subtraction "
     f"({wrong_right('growth_inverse')}), dollars at another date's rate read as 2023's ({wrong_right('exchange_rate', 4)})."),
    (f"Bounds, rounding and percentage points change what a sentence may claim: \"over half\" is more than "
     f"{fmt(results['bound'][0], sig=2)}, and within IRENA's scope China's share is {fmt(results['bound'][1])}; a seven-figure "
     f"coal rate claims ±{fmt(results['rounding'][0], sig=2)} where rounding allows ±{fmt(results['rounding'][1], sig=2)}; "
     f"Zhanatas's two capacity factors are {points.magnitude:.1f} percentage points apart, {relative.magnitude:.1f}% in "
     "relative terms."),
], next_notebook="12-uncertainty-and-sensitivity", next_text="turns the rounding and the assumptions into intervals."))
