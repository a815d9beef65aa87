# ---
# jupyter:
#   energycoop:
#     reads:
#     - data/derived/02-zhanatas-wind.csv
#     - data/derived/03-turgusun-hydro.csv
#     - data/derived/05-atyrau-refinery.csv
#     - data/derived/06-pavlodar-aluminium.csv
#     - data/derived/07-global-renewables-2023.csv
#     writes:
#     - data/derived/09-energy-on-one-scale.csv
#     - figures/09-energy-on-one-scale.png
#     - figures/09-energy-on-one-scale.svg
#     - figures/09-power-on-one-scale.png
#     - figures/09-power-on-one-scale.svg
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
# # Every energy figure of the article on one scale
#
# **Question.** The article's energy figures come in million kWh, tonnes of standard coal, tonnes of crude, tonnes of aluminium and million kW. Converted to one unit, how do they compare, and which of them can be compared at all?
#
# The one unit is a petajoule (PJ, 10¹⁵ joules) by default, or a terawatt-hour (TWh) or a million tonnes of oil equivalent (Mtoe); a capacity factor (CF) is a year's output over what the capacity would give running flat out all year.
#
# - **Before this:** notebooks `02` to `07`, whose derived tables this one reads.

# %% tags=["summary", "nbval-ignore-output"]
# The Summary, right under the question: filled in by the last cell from the values the notebook computes.
# (Its output is checked by tests/test_summaries.py: it equals the last cell's, which nbval compares.)
from energycoop.analysis.markup import SummaryBox

summary_box = SummaryBox()

# %% [markdown]
# ## Parameters

# %% tags=["parameters"]
unit: str = "PJ"  # the one energy unit for every quantity: PJ, TWh or Mtoe
world_additions_capacity_factor: float = 0.2  # capacity factor for a year of output from the 2023 additions (reference.csv: 0.12 to 0.3, an assumption)
kazakhstan_generation_twh: float = 113.59  # Kazakhstan's electricity generation in 2023, TWh (reference.csv)
kazakhstan_wind_mw: float = 1409.55  # Kazakhstan's installed wind capacity, MW (reference.csv, 2024)
hours_per_year: float = 8760.0  # hours in the year, for average power
inputs_dir: str = "../data/derived"  # where to read the other notebooks' derived tables from
derived_dir: str = "../data/derived"  # where the derived table is written
figures_dir: str = "../figures"  # where the figures are written

# %%
from energycoop.build.step import Step
from energycoop.data.params import fraction, one_of, positive_number

step = Step("09-energy-on-one-scale", globals()).parameters(
    unit=one_of("PJ", "TWh", "Mtoe"), world_additions_capacity_factor=fraction,
    kazakhstan_generation_twh=positive_number, kazakhstan_wind_mw=positive_number,
    hours_per_year=positive_number)

# %%
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from energycoop.analysis.markup import summary
from energycoop.analysis.plotting import COAL, OKABE_ITO
from energycoop.data.derived import derived_quantity
from energycoop.quantities import energy
from energycoop.quantities.units import Q_, fmt

table = step.table
year = energy.hours(hours_per_year)

# %% [markdown]
# ## Two kinds of energy
#
# - **[Electricity](11-units-and-pitfalls.ipynb#electricity)** is what a power plant delivers or a smelter consumes.
# - **Primary energy** is the energy in a fuel before it is burned: coal, crude oil.
#
# A coal plant turns roughly 35 to 40% of its coal's energy into electricity, so 1 PJ of electricity stands for about 2.5 PJ of coal. Converting both to PJ puts them on one axis, but adding or subtracting them mixes two different things.

# %% [markdown]
# ## Collect the quantities
#
# Each comes from the derived table of the notebook that computed it (or from a parameter), and pint converts it:
#
# $$E\,[\text{unit}] = E\,[\text{GWh, tce, PJ, TWh}] \times \text{conversion known to pint}$$

# %%
upstream = ["02-zhanatas-wind", "03-turgusun-hydro", "05-atyrau-refinery", "06-pavlodar-aluminium",
            "07-global-renewables-2023"]
d = dict(zip(upstream, step.read(*upstream), strict=True))
additions = derived_quantity(d["07-global-renewables-2023"], "iea_world_additions_gw")
world_output = energy.annual_energy(additions, world_additions_capacity_factor, year).to("TWh")
# (id in PJ, label, kind, quantity, where it comes from, formula): a quantity its own table already holds in PJ keeps
# its one id there and gets no second row here
quantities = [
    ("zhanatas_annual_generation_pj", "Zhanatas wind farm, a year's output", "electricity",
     derived_quantity(d["02-zhanatas-wind"], "zhanatas_annual_generation_gwh"), "zhanatas_annual_generation_gwh", ""),
    ("turgusun_annual_generation_pj", "Turgusun hydro, an average year's output", "electricity",
     derived_quantity(d["03-turgusun-hydro"], "turgusun_annual_generation_gwh"), "turgusun_annual_generation_gwh", ""),
    ("zhanatas_coal_energy_pj", "Coal Zhanatas saves a year", "primary",
     derived_quantity(d["02-zhanatas-wind"], "zhanatas_coal_energy_pj"), "zhanatas_coal_energy_pj", ""),
    ("turgusun_coal_displaced_pj", "Coal Turgusun displaces a year", "primary",
     derived_quantity(d["03-turgusun-hydro"], "turgusun_coal_displaced_tce"), "turgusun_coal_displaced_tce",
     "turgusun_coal_displaced_tce * 29.3076 GJ/tce, in PJ"),
    ("pavlodar_electricity_pj", "Pavlodar smelter's electricity a year", "electricity",
     derived_quantity(d["06-pavlodar-aluminium"], "pavlodar_electricity_twh"), "pavlodar_electricity_twh", ""),
    ("atyrau_energy_pj", "Atyrau refinery's crude a year", "primary",
     derived_quantity(d["05-atyrau-refinery"], "atyrau_energy_pj"), "atyrau_energy_pj", ""),
    ("kazakhstan_generation_2023_pj", "Kazakhstan's electricity generation, 2023", "electricity",
     Q_(kazakhstan_generation_twh, "TWh"), "kazakhstan_generation_2023", "kazakhstan_generation_twh in PJ"),
    ("world_additions_output_pj", f"World 2023 additions, a year at CF {world_additions_capacity_factor:g}", "electricity",
     world_output, "iea_world_additions_gw world_additions_capacity_factor hours_per_year",
     "iea_world_additions_gw * world_additions_capacity_factor * hours_per_year, in PJ"),
]
rows = []
for key, label, kind, q, source, formula in quantities:
    converted = q.to(unit)
    if key != source:
        table.add(key, q, f"{label} ({kind})", formula or f"{source} in PJ", source.split(), unit="PJ")
    rows.append({"quantity": label, "kind": kind, "as computed": fmt(q, sig=4), f"in {unit}": converted.magnitude})
energy_of = {key: (q, source) for key, _, _, q, source, _ in quantities}
table.add("world_additions_capacity_factor_pct", Q_(world_additions_capacity_factor, ""),
          "capacity factor assumed for a year of output from the world's 2023 additions", "world_additions_capacity_factor",
          ["world_additions_capacity_factor"], unit="percent")
smallest, largest = (sorted(quantities, key=lambda r: r[3].to(unit).magnitude)[i] for i in (0, -1))
span = (largest[3] / smallest[3]).to("dimensionless")
table.add("one_scale_energy_span_ratio", span, "largest energy on the scale over the smallest",
          f"{largest[0]} / {smallest[0]}", [largest[0], smallest[0]], unit="dimensionless")
energies = pd.DataFrame(rows).sort_values(f"in {unit}").reset_index(drop=True)
energies.assign(**{f"in {unit}": [fmt(Q_(v, unit), sig=4) for v in energies[f"in {unit}"]]})

# %% [markdown]
# The world's additions are capacity (GW), not energy; as a year of output they need a capacity factor, here an assumption of this collection (mostly solar, some wind):
#
# $$E_\text{world} = A \times h_\text{year} \times CF$$

# %%
print(f"{fmt(additions)} × {hours_per_year:,.0f} h × {world_additions_capacity_factor:g} = {fmt(world_output)} "
      f"= {fmt(world_output, unit)} a year.")

# %% [markdown]
# ## Why not add them
#
# Zhanatas's electricity and the coal it saves describe the same kWh twice: once as output, once as the fuel a coal plant would have burned for it. Their ratio is one over the coal plant's efficiency:

# %%
zhanatas_electricity = energy_of["zhanatas_annual_generation_pj"][0].to(unit)
zhanatas_coal = energy_of["zhanatas_coal_energy_pj"][0].to(unit)
ratio = (zhanatas_coal / zhanatas_electricity).to("dimensionless")
table.add("zhanatas_primary_to_electricity_ratio", ratio, "coal energy saved over electricity generated, Zhanatas",
          "zhanatas_coal_energy / zhanatas_annual_generation", ["zhanatas_coal_energy_pj", "zhanatas_annual_generation_gwh"],
          unit="dimensionless")
print(f"{fmt(zhanatas_coal)} of coal for {fmt(zhanatas_electricity)} of electricity: a ratio of {ratio.magnitude:.2f}, "
      f"so summing them would count Zhanatas {1 + ratio.magnitude:.2f} times over.")

# %% [markdown]
# ## Power: capacity against average load
#
# Power has its own scale. A capacity (MW) is what a plant can deliver at most; an average load is a year's energy over the hours in the year. Only the second is comparable with a consumer like the smelter.
#
# $$\bar P = \frac{E}{h_\text{year}}$$

# %%
# (id in MW, label, kind, power, where it comes from): as for the energies, no second row for a power its own table holds
powers = [
    ("zhanatas_capacity_mw", "Zhanatas, capacity", "capacity",
     derived_quantity(d["02-zhanatas-wind"], "zhanatas_capacity_mw"), "zhanatas_capacity_mw"),
    ("turgusun_capacity_mw", "Turgusun, capacity", "capacity",
     derived_quantity(d["03-turgusun-hydro"], "turgusun_capacity_mw"), "turgusun_capacity_mw"),
    ("kazakhstan_wind_capacity_2024_mw", "Kazakhstan's wind fleet, capacity (2024)", "capacity",
     Q_(kazakhstan_wind_mw, "MW"), "kazakhstan_wind_capacity_2024"),
    ("iea_world_additions_mw", "World 2023 additions, capacity", "capacity", additions, "iea_world_additions_gw"),
]
for key, label, energy_key in [("zhanatas_average_power_mw", "Zhanatas, average output", "zhanatas_annual_generation_pj"),
                               ("turgusun_average_power_mw", "Turgusun, average output", "turgusun_annual_generation_pj"),
                               ("pavlodar_average_power_mw", "Pavlodar smelter, average load", "pavlodar_electricity_pj"),
                               ("atyrau_crude_average_power_mw", "Atyrau crude, as average thermal power", "atyrau_energy_pj"),
                               ("kazakhstan_average_power_2023_mw", "Kazakhstan's generation, average (2023)",
                                "kazakhstan_generation_2023_pj")]:
    q, source = energy_of[energy_key]
    powers.append((key, label, "average", energy.average_power(q, year), source))
in_06 = {"pavlodar_average_power_mw"}  # computed the same way by notebook 06, whose table holds it
for key, label, kind, p, source in powers:
    if key == source or key in in_06:
        continue
    if kind == "average":
        table.add(key, p.to("MW"), f"{label}, MW", f"{source.split()[0]} / hours_per_year, in MW",
                  [*source.split(), "hours_per_year"], unit="MW")
    else:
        table.add(key, p.to("MW"), f"{label}, MW", f"{source} in MW", source.split(), unit="MW")
print("\n".join(f"{r[1]}: {fmt(r[3].to('MW'), sig=3)}" for r in sorted(powers, key=lambda r: r[3].to("MW").magnitude)))
power_of = {key: p for key, _, _, p, _ in powers}
smelter_over_capacity = (power_of["pavlodar_average_power_mw"] / power_of["zhanatas_capacity_mw"]).to("dimensionless")
smelter_over_average = (power_of["pavlodar_average_power_mw"] / power_of["zhanatas_average_power_mw"]).to("dimensionless")
table.add("pavlodar_average_power_to_zhanatas_capacity_ratio", smelter_over_capacity,
          "the smelter's average load over Zhanatas's capacity", "pavlodar_average_power_mw / zhanatas_capacity_mw",
          ["pavlodar_average_power_mw", "zhanatas_capacity_mw"], unit="dimensionless")
print(f"The smelter's average load is {fmt(smelter_over_capacity, sig=2)} times Zhanatas's capacity and "
      f"{fmt(smelter_over_average, sig=2)} times its average output.")

# %% [markdown]
# ## Checks

# %%
for _, _, _, q, _, _ in quantities:
    assert q.dimensionality == Q_(1, "J").dimensionality
efficiency = derived_quantity(d["02-zhanatas-wind"], "zhanatas_implied_efficiency_pct").to("").magnitude
assert abs(ratio.magnitude * efficiency - 1) < 1e-9  # coal over electricity is one over the efficiency
farms = derived_quantity(d["06-pavlodar-aluminium"], "pavlodar_in_zhanatas_farms_count").magnitude
assert abs(smelter_over_average.magnitude - farms) < 1e-9 * farms  # average loads in the ratio of the energies
assert abs(power_of["pavlodar_average_power_mw"].to("MW").magnitude
           - derived_quantity(d["06-pavlodar-aluminium"], "pavlodar_average_power_mw").magnitude) < 1e-9
assert {kind for _, _, kind, _, _, _ in quantities} == {"electricity", "primary"}
for _, _, _kind, p, _ in powers:
    assert p.dimensionality == Q_(1, "W").dimensionality
print("All checks passed.")

# %% [markdown]
# ## Plots

# %%
colours = {"electricity": OKABE_ITO["blue"], "primary": OKABE_ITO["orange"]}
order = sorted(quantities, key=lambda r: r[3].to(unit).magnitude)
fig, ax = plt.subplots(figsize=(9, 4.8))
for y, (_, _label, kind, q, _, _) in enumerate(order):
    value = q.to(unit).magnitude
    ax.hlines(y, 1e-3, value, color=colours[kind], linewidth=2)
    ax.plot(value, y, "o", color=colours[kind], markersize=9)
    ax.annotate(fmt(q.to(unit)), (value, y), xytext=(8, -4), textcoords="offset points")
ax.set_yticks(range(len(order)), [r[1] for r in order])
ax.set_xscale("log")
ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}"))
ax.set_xlim(min(r[3].to(unit).magnitude for r in order) / 3, max(r[3].to(unit).magnitude for r in order) * 30)
ax.set_xlabel(f"Energy a year ({unit}, log scale: each gridline is 10 times the last)")
ax.set_title("The article's energy figures on one scale")
ax.legend(handles=[Line2D([], [], color=c, marker="o", linewidth=2, label=f"{k} energy" if k == "primary" else k)
                   for k, c in colours.items()], loc="lower right")
ax.grid(axis="x", which="major", alpha=0.3)
description = (f"Log-scale dot chart in {unit} a year: from Turgusun's "
               f"{fmt(order[0][3].to(unit))} of electricity to the world's 2023 additions at "
               f"{fmt(world_output.to(unit))}; primary energy (coal, crude) in orange, electricity in blue.")
step.save_figure(fig, "09-energy-on-one-scale", description)

# %%
markers = {"capacity": ("s", "white"), "average": ("o", None)}
order = sorted(powers, key=lambda r: r[3].to("MW").magnitude)
fig, ax = plt.subplots(figsize=(9, 4.8))
for y, (_, _label, kind, p, _) in enumerate(order):
    value = p.to("MW").magnitude
    marker, face = markers[kind]
    ax.hlines(y, 1, value, color=COAL, linewidth=1, alpha=0.4)
    ax.plot(value, y, marker, color=OKABE_ITO["bluish green"], markerfacecolor=face, markersize=9, markeredgewidth=2)
    ax.annotate(fmt(p.to("MW")), (value, y), xytext=(8, -4), textcoords="offset points")
ax.set_yticks(range(len(order)), [r[1] for r in order])
ax.set_xscale("log")
ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}"))
ax.set_xlim(3, max(r[3].to("MW").magnitude for r in order) * 10)
ax.set_xlabel("Power (MW, log scale)")
ax.set_title("Capacity and average load, on one scale")
ax.legend(handles=[Line2D([], [], color=OKABE_ITO["bluish green"], marker=m, markerfacecolor=f, linestyle="none",
                          markersize=9, markeredgewidth=2, label=label) for (m, f), label in
                   zip(markers.values(), ["capacity: the most it can deliver", "average: a year's energy / hours"],
                       strict=True)],
          loc="lower right")
ax.grid(axis="x", which="major", alpha=0.3)
description = ("Log-scale dot chart in MW: capacities (hollow squares) and average loads (filled dots), from Turgusun's "
               f"average output of {fmt(order[0][3].to('MW'))} to the world's 2023 additions of "
               f"{additions.to('MW').magnitude:,.0f} MW.")
step.save_figure(fig, "09-power-on-one-scale", description)

# %% [markdown]
# ## The derived table

# %%
step.write(table)
table.display()

# %% tags=["summary-source"]
e = {key: q for key, (q, _) in energy_of.items()}
summary_box.update(summary([
    (f"On one axis, the article's figures span a factor of {fmt(span)}: Turgusun's {fmt(e['turgusun_annual_generation_pj'], unit)} of "
     f"electricity a year, Zhanatas's {fmt(e['zhanatas_annual_generation_pj'], unit)}, the smelter's {fmt(e['pavlodar_electricity_pj'], unit)}, "
     f"the refinery's {fmt(e['atyrau_energy_pj'], unit)} of crude, Kazakhstan's {fmt(e['kazakhstan_generation_2023_pj'], unit)} of "
     f"generation, and {fmt(world_output, unit)} if the world's 2023 additions ran a year at a capacity factor of "
     f"{world_additions_capacity_factor:g}."),
    (f"Coal and crude are primary energy; the rest is electricity. A kWh of electricity and a kWh of coal are not the same "
     f"thing: Zhanatas's coal saving is {fmt(ratio, sig=2)} times its electricity, because the coal plant it displaces loses "
     "most of its fuel as heat."),
    (f"In power, the smelter's steady {fmt(power_of['pavlodar_average_power_mw'].to('MW'))} is {fmt(smelter_over_capacity, sig=2)} times "
     f"Zhanatas's {fmt(power_of['zhanatas_capacity_mw'].to('MW'))} of capacity and {fmt(smelter_over_average, sig=2)} times its "
     f"{fmt(power_of['zhanatas_average_power_mw'].to('MW'))} average output."),
], next_notebook="10-claims-audit", next_text="sets every claim of the article against its evidence."))
