# ---
# jupyter:
#   energycoop:
#     reads:
#     - data/derived/02-zhanatas-wind.csv
#     - data/derived/03-turgusun-hydro.csv
#     writes:
#     - data/derived/04-comparing-projects.csv
#     - figures/04-share-of-kazakhstan.png
#     - figures/04-share-of-kazakhstan.svg
#     - figures/04-wind-vs-hydro.png
#     - figures/04-wind-vs-hydro.svg
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
# # Wind against hydro: Zhanatas and Turgusun side by side
#
# **Question.** How do the article's two power projects compare in size, output and how hard they run, and what are they together against Kazakhstan's whole electricity supply?
#
# - **Before this:** `02-zhanatas-wind`, `03-turgusun-hydro`

# %% tags=["summary", "nbval-ignore-output"]
# The Summary, right under the question: filled in by the last cell from the values the notebook computes.
# (Its output is checked by tests/test_summaries.py: it equals the last cell's, which nbval compares.)
from energycoop.analysis.markup import SummaryBox

summary_box = SummaryBox()

# %% [markdown]
# ## Parameters

# %% tags=["parameters"]
kazakhstan_generation_twh: float = 113.59  # Kazakhstan's electricity generation in 2023, TWh (reference.csv, Our World in Data)
inputs_dir: str = "../data/derived"  # where to read 02-zhanatas-wind.csv and 03-turgusun-hydro.csv from
derived_dir: str = "../data/derived"  # where the derived table is written
figures_dir: str = "../figures"  # where the figures are written

# %%
from energycoop.build.step import Step
from energycoop.data.params import positive_number

step = Step("04-comparing-projects", globals()).parameters(kazakhstan_generation_twh=positive_number)

# %%
import matplotlib.pyplot as plt

from energycoop.analysis.markup import summary
from energycoop.analysis.plotting import HYDRO, WIND
from energycoop.data.derived import derived_quantity
from energycoop.quantities import energy
from energycoop.quantities.units import Q_, fmt

table = step.table

# %% [markdown]
# ## Load what notebooks 02 and 03 derived
#
# Nothing is recomputed here from the article: the values come from the two derived tables, so a rerun of 02 or 03 with other assumptions flows through.

# %%
wind, hydro = step.read("02-zhanatas-wind", "03-turgusun-hydro")
projects = {
    "Zhanatas (wind)": {
        "capacity": derived_quantity(wind, "zhanatas_capacity_mw"),
        "generation": derived_quantity(wind, "zhanatas_annual_generation_gwh"),
        "capacity_factor": derived_quantity(wind, "zhanatas_capacity_factor_pct"),
        "full_load_hours": derived_quantity(wind, "zhanatas_full_load_h"),
    },
    "Turgusun (hydro)": {
        "capacity": derived_quantity(hydro, "turgusun_capacity_mw"),
        "generation": derived_quantity(hydro, "turgusun_annual_generation_gwh"),
        "capacity_factor": derived_quantity(hydro, "turgusun_capacity_factor_pct"),
        "full_load_hours": derived_quantity(hydro, "turgusun_full_load_h"),
    },
}
for name, p in projects.items():
    print(f"{name}: {fmt(p['capacity'])}, {fmt(p['generation'])} a year, capacity factor "
          f"{fmt(p['capacity_factor'], 'percent')}, {fmt(p['full_load_hours'])} at full load.")

# %% [markdown]
# ## Energy per MW is full-load hours in other units
#
# $$\frac{E}{P}\ \left[\frac{\text{GWh}}{\text{MW}}\right] = h_\text{full}\ [\text{h}] \div 1000$$
#
# The same number, so the comparison below shows it once, as full-load hours.

# %%
Z, T = projects["Zhanatas (wind)"], projects["Turgusun (hydro)"]
for name, p in projects.items():
    per_mw = (p["generation"] / p["capacity"]).to("GWh/MW")
    key = "zhanatas_gwh_per_mw" if name.startswith("Zhanatas") else "turgusun_gwh_per_mw"
    table.add(key, per_mw, f"annual generation per MW of capacity, {name}", "generation / capacity",
              [key.split("_")[0] + "_annual_generation_gwh", key.split("_")[0] + "_capacity_mw"], unit="GWh/MW")
    assert abs(per_mw.to("h").magnitude - p["full_load_hours"].to("h").magnitude) < 1e-9 * per_mw.to("h").magnitude
    print(f"{name}: {fmt(per_mw)} = {fmt(per_mw, 'h')}.")

# %% [markdown]
# ## Ratios
#
# $$\text{ratio} = \frac{x_\text{Zhanatas}}{x_\text{Turgusun}}$$

# %%
capacity_ratio = (Z["capacity"] / T["capacity"]).to("dimensionless")
generation_ratio = (Z["generation"] / T["generation"]).to("dimensionless")
cf_ratio = (Z["capacity_factor"] / T["capacity_factor"]).to("dimensionless")
table.add("zhanatas_to_turgusun_capacity_ratio", capacity_ratio, "Zhanatas capacity over Turgusun capacity",
          "zhanatas_capacity_mw / turgusun_capacity_mw", ["zhanatas_capacity_mw", "turgusun_capacity_mw"],
          unit="dimensionless")
table.add("zhanatas_to_turgusun_generation_ratio", generation_ratio, "Zhanatas generation over Turgusun generation",
          "zhanatas_annual_generation_gwh / turgusun_annual_generation_gwh",
          ["zhanatas_annual_generation_gwh", "turgusun_annual_generation_gwh"], unit="dimensionless")
table.add("zhanatas_to_turgusun_capacity_factor_ratio", cf_ratio, "Zhanatas capacity factor over Turgusun's",
          "zhanatas_capacity_factor_pct / turgusun_capacity_factor",
          ["zhanatas_capacity_factor_pct", "turgusun_capacity_factor_pct"], unit="dimensionless")
print(f"Zhanatas has {capacity_ratio.magnitude:.2f} times Turgusun's capacity and produces "
      f"{generation_ratio.magnitude:.2f} times its electricity: the wind farm runs {cf_ratio.magnitude:.2f} times "
      f"as hard per MW.")

# %% [markdown]
# ## Together, against Kazakhstan's electricity
#
# $$s = \frac{E_\text{Zhanatas} + E_\text{Turgusun}}{E_\text{Kazakhstan, 2023}}$$

# %%
national = Q_(kazakhstan_generation_twh, "TWh")
combined = Z["generation"] + T["generation"]
share = energy.share(combined, national)
table.add("combined_generation_gwh", combined, "Zhanatas plus Turgusun annual generation",
          "zhanatas_annual_generation_gwh + turgusun_annual_generation_gwh",
          ["zhanatas_annual_generation_gwh", "turgusun_annual_generation_gwh"], unit="GWh")
for key, name in (("zhanatas", "Zhanatas (wind)"), ("turgusun", "Turgusun (hydro)")):
    table.add(f"{key}_share_of_kazakhstan_generation_pct", energy.share(projects[name]["generation"], national),
              f"{name} as a share of Kazakhstan's 2023 generation", f"{key}_annual_generation_gwh / kazakhstan_generation",
              [f"{key}_annual_generation_gwh", "kazakhstan_generation_2023"], unit="percent")
table.add("combined_share_of_kazakhstan_generation_pct", share, "both projects as a share of Kazakhstan's 2023 generation",
          "combined_generation_gwh / kazakhstan_generation", ["combined_generation_gwh", "kazakhstan_generation_2023"],
          unit="percent")
print(f"Together they produce {fmt(combined)} a year: {fmt(share, sig=2)} of Kazakhstan's {fmt(national, sig=5)} in 2023, "
      f"about 1 kWh in {1 / share.to('dimensionless').magnitude:,.0f}.")

# %% [markdown]
# ## Checks

# %%
assert abs(generation_ratio.magnitude - capacity_ratio.magnitude * cf_ratio.magnitude) < 1e-9 * generation_ratio.magnitude
for p in projects.values():
    assert 0 < p["capacity_factor"].to("").magnitude <= 1
assert 0 < share.to("dimensionless").magnitude < 1
print("All checks passed.")

# %% [markdown]
# ## Plots

# %%
panels = [("capacity", "MW", "Installed capacity (MW)"),
          ("generation", "GWh", "Annual generation (GWh)"),
          ("capacity_factor", "percent", "Capacity factor (%)"),
          ("full_load_hours", "h", "Full-load hours (h a year)")]
names = list(projects)
fig, axes = plt.subplots(2, 2, figsize=(9, 6))
for ax, (key, unit, label) in zip(axes.flat, panels, strict=True):
    values = [projects[n][key].to(unit).magnitude for n in names]
    bars = ax.bar(names, values, color=[WIND, HYDRO])
    ax.bar_label(bars, labels=[f"{v:,.1f}" if v < 100 else f"{v:,.0f}" for v in values], padding=2)
    ax.set_title(label, fontsize=10)
    ax.set_ylim(0, max(values) * 1.2)
    ax.tick_params(axis="x", labelsize=9)
fig.suptitle("Zhanatas wind farm against Turgusun hydropower station", fontweight="bold")
fig.tight_layout(rect=(0, 0, 1, 0.95))  # room for the title above the panels
description = (f"Four bar charts: Zhanatas has {capacity_ratio.magnitude:.1f} times Turgusun's capacity and "
               f"{generation_ratio.magnitude:.1f} times its generation; capacity factors "
               f"{Z['capacity_factor'].to('percent').magnitude:.0f}% against {T['capacity_factor'].to('percent').magnitude:.0f}%.")
step.save_figure(fig, "04-wind-vs-hydro", description)

# %%
fig, ax = plt.subplots(figsize=(8, 2.4))
left = 0.0
for name, colour in zip(names, [WIND, HYDRO], strict=True):
    width = energy.share(projects[name]["generation"], national).magnitude
    ax.barh([0], [width], left=left, color=colour, label=f"{name}: {width:.2f}%")
    left += width
ax.set_xlim(0, 1)
ax.set_yticks([])
ax.set_xlabel(f"Share of Kazakhstan's 2023 electricity generation ({kazakhstan_generation_twh:g} TWh), % (axis ends at 1%)")
ax.set_title("Zhanatas and Turgusun together: a fraction of one percent")
ax.legend(loc="upper right")
description = (f"Stacked bar on a 0-1% axis: Zhanatas and Turgusun together are {share.magnitude:.2f}% of "
               f"Kazakhstan's 2023 generation of {kazakhstan_generation_twh:g} TWh.")
step.save_figure(fig, "04-share-of-kazakhstan", description)

# %% [markdown]
# ## The derived table

# %%
step.write(table)
table.display()

# %% tags=["summary-source"]
summary_box.update(summary([
    (f"Zhanatas has {fmt(capacity_ratio, sig=2)} times Turgusun's capacity but produces {fmt(generation_ratio, sig=2)} "
    f"times its electricity: the wind farm's capacity factor is {fmt(cf_ratio)} times the hydro station's."),
    "GWh per MW and full-load hours are one number in two units.",
    f"Together the two projects supply {fmt(share, sig=2)} of Kazakhstan's 2023 electricity.",
], "05-atyrau-refinery", "turns from electricity to the refinery's crude oil."))
