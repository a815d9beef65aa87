# ---
# jupyter:
#   energycoop:
#     reads:
#     - data/article.csv
#     - data/derived/02-zhanatas-wind.csv
#     - data/reference.csv
#     writes:
#     - data/derived/03-turgusun-hydro.csv
#     - figures/03-turgusun-displaced-co2.png
#     - figures/03-turgusun-displaced-co2.svg
#     - figures/03-turgusun-timeline.png
#     - figures/03-turgusun-timeline.svg
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
# # Turgusun hydropower station: capacity factor, timeline and what it displaces
#
# **Question.** The article gives Turgusun 24.9 MW and an average 79.8 million kWh a year, first power in July 2021 and a temporary completion certificate in April 2022. How hard does the plant run, how long did commissioning take, and how much coal and CO2 would its electricity displace?
#
# - **Before this:** `02-zhanatas-wind`

# %% tags=["summary", "nbval-ignore-output"]
# The Summary, right under the question: filled in by the last cell from the values the notebook computes.
# (Its output is checked by tests/test_summaries.py: it equals the last cell's, which nbval compares.)
from energycoop.analysis.markup import SummaryBox

summary_box = SummaryBox()

# %% [markdown]
# ## Parameters

# %% tags=["parameters"]
capacity_mw: float = 24.9  # installed capacity, MW (article)
annual_gwh: float = 79.8  # electricity generated in an average year, GWh (article: 79.8 million kWh)
hours_per_year: float = 8760.0  # hours in the year for the capacity factor (8784 in a leap year)
co2_t_per_tce: float = 2.77  # t CO2 per tonne of coal equivalent burned (reference.csv: 2.64 to 2.77)
inputs_dir: str = "../data/derived"  # where to read 02-zhanatas-wind.csv from
derived_dir: str = "../data/derived"  # where the derived table is written
figures_dir: str = "../figures"  # where the figures are written

# %%
from energycoop.build.step import Step
from energycoop.data.params import positive_number

step = Step("03-turgusun-hydro", globals()).parameters(
    capacity_mw=positive_number, annual_gwh=positive_number, hours_per_year=positive_number,
    co2_t_per_tce=positive_number)

# %%
import matplotlib.dates as mdates
import matplotlib.pyplot as plt

from energycoop.analysis.markup import summary
from energycoop.analysis.plotting import COAL, HYDRO, WIND
from energycoop.data.derived import derived_quantity
from energycoop.data.loaders import date_of, load_article, load_reference, quantity
from energycoop.quantities import energy
from energycoop.quantities.units import Q_, fmt

table = step.table

# %% [markdown]
# ## The article's words
#
# "Average annual" generation is a long-run expectation for a typical water year, not one measured year.

# %%
article = load_article()
reference = load_reference()
zhanatas = step.read("02-zhanatas-wind")
ids = ["turgusun_capacity", "turgusun_annual_generation", "turgusun_first_power", "turgusun_certificate"]
# Text from the data files is shown in a DataFrame, whose HTML display escapes it (pandas' default).
article.loc[ids, ["value_as_printed", "unit_as_printed", "qualifier", "basis", "snippet"]]

# %% [markdown]
# ## Full-load hours and capacity factor
#
# $$h_\text{full} = \frac{E}{P} \qquad CF = \frac{E}{P \times h_\text{year}}$$

# %%
capacity = Q_(capacity_mw, "MW")
generation = Q_(annual_gwh, "GWh")
year = energy.hours(hours_per_year)
table.add("turgusun_capacity_mw", capacity, "installed capacity used (parameter capacity_mw)", "capacity_mw",
          ["turgusun_capacity"], unit="MW")
table.add("turgusun_annual_generation_gwh", generation, "average annual generation used (parameter annual_gwh)",
          "annual_gwh", ["turgusun_annual_generation"], unit="GWh")
flh = energy.full_load_hours(generation, capacity)
cf = energy.capacity_factor(generation, capacity, year)
table.add("turgusun_full_load_h", flh, "hours at full power that give the average annual generation",
          "annual_gwh / capacity_mw", ["turgusun_annual_generation", "turgusun_capacity"], unit="h")
table.add("turgusun_capacity_factor_pct", cf, "average annual generation as a share of capacity x hours in the year",
          "annual_gwh / (capacity_mw * hours_per_year)",
          ["turgusun_annual_generation", "turgusun_capacity", "hours_per_year"], unit="percent")
print(f"{fmt(generation)} from {fmt(capacity)} is {fmt(flh)} at full load, "
      f"a capacity factor of {fmt(cf, 'percent')}.")

# %% [markdown]
# A small run-of-river plant on a mountain river typically runs hard in the spring and summer melt and far below capacity in winter; a factor near 37% fits that pattern.

# %% [markdown]
# ## From first power to the completion certificate
#
# $$\text{months} = 12\,(y_\text{end} - y_\text{start}) + (m_\text{end} - m_\text{start})$$

# %%
first_power = date_of(article, "turgusun_first_power")
certificate = date_of(article, "turgusun_certificate")
months = energy.months_between(first_power, certificate)
table.add("turgusun_to_certificate_months", Q_(months, "month"), "months from first power to the temporary completion certificate",
          "months_between(2021-07, 2022-04)", ["turgusun_first_power", "turgusun_certificate"], unit="month")
print(f"From first power ({first_power:%B %Y}) to the temporary certificate ({certificate:%B %Y}) "
      f"took {months} months.")

# %% [markdown]
# ## Coal and CO2 the plant's electricity would displace
#
# Two ways to price the same kWh, which answer different questions:
#
# 1. **Against a coal plant**, at the coal rate implied by the Zhanatas figures ($r$ from notebook 02), then at a CO2 factor per tce: $C = E \times r$, $\ \text{CO}_2 = C \times f_{\text{CO}_2}$.
# 2. **Against Kazakhstan's 2023 grid average**, at its [carbon intensity](11-units-and-pitfalls.ipynb#carbon-intensity) $I$ (coal, gas and hydro mixed): $\text{CO}_2 = E \times I$.

# %%
zhanatas_rate = derived_quantity(zhanatas, "zhanatas_coal_rate_gce_per_kwh")
coal = energy.coal_for_electricity(generation, zhanatas_rate)
co2_coal = energy.co2_from_coal(coal, Q_(co2_t_per_tce, "t/tce"))
table.add("turgusun_coal_displaced_tce", coal, "standard coal a thermal plant would burn for the same electricity",
          "annual_gwh * zhanatas_coal_rate", ["turgusun_annual_generation", "zhanatas_coal_rate_gce_per_kwh"], unit="tce")
table.add("turgusun_co2_displaced_coal_t", co2_coal, "CO2 from that coal", "coal_displaced * co2_t_per_tce",
          ["turgusun_coal_displaced_tce", "co2_t_per_tce"], unit="t")
print(f"At Zhanatas's implied {fmt(zhanatas_rate)}, {fmt(generation)} displaces {fmt(coal)} of standard coal "
      f"and {fmt(co2_coal)} of CO2 at {co2_t_per_tce:g} t/tce.")

# %%
grid = quantity(reference, "kazakhstan_carbon_intensity_2023")
co2_grid = energy.co2_from_electricity(generation, grid)
table.add("turgusun_co2_displaced_grid_t", co2_grid, "CO2 of the same electricity at Kazakhstan's 2023 grid intensity",
          "annual_gwh * grid_intensity", ["turgusun_annual_generation", "kazakhstan_carbon_intensity_2023"], unit="t")
print(f"At Kazakhstan's 2023 grid intensity of {fmt(grid)}, the same electricity carries {fmt(co2_grid)} of CO2: "
      f"{fmt((co2_grid / co2_coal).to('percent'), sig=2)} of the coal-plant figure.")

# %% [markdown]
# Published CO2 claims for this plant disagree by a factor of more than 250 (680 t and 180,000 t a year, noted in `reference.csv`); both computations above land between them, near 66,000 to 69,000 t, which suggests neither published claim used these inputs.

# %% [markdown]
# ## Checks

# %%
assert 0 < cf.magnitude <= 1, cf
assert abs((flh / year).to("dimensionless").magnitude - cf.magnitude) < 1e-12
assert abs((coal / generation).to("gce/kWh").magnitude - zhanatas_rate.magnitude) < 1e-9 * zhanatas_rate.magnitude
assert first_power.year * 12 + first_power.month + months == certificate.year * 12 + certificate.month
print("All checks passed.")

# %% [markdown]
# ## Plots

# %%
full_operation = date_of(reference, "zhanatas_full_operation")
events = [(full_operation, "Zhanatas wind farm\nin full operation", WIND),
          (first_power, "Turgusun\nfirst power", HYDRO),
          (certificate, "Turgusun temporary\ncompletion certificate", HYDRO)]
fig, ax = plt.subplots(figsize=(8, 2.6))
ax.axhline(0, color=COAL, linewidth=1)
for offset, (when, label, colour) in zip([1, -1, 1], events, strict=True):
    ax.plot(when, 0, "o", color=colour, markersize=9)
    ax.annotate(f"{label}\n{when:%b %Y}", (when, 0), xytext=(0, 28 * offset), textcoords="offset points",
                ha="center", va="bottom" if offset > 0 else "top")
ax.annotate("", xy=(certificate, -0.25), xytext=(first_power, -0.25),
            arrowprops={"arrowstyle": "<->", "color": HYDRO})
ax.text(first_power + (certificate - first_power) / 2, -0.32, f"{months} months", ha="center", va="top", color=HYDRO)
ax.set_ylim(-1, 1)
ax.yaxis.set_visible(False)
ax.spines["left"].set_visible(False)
ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=[1, 4, 7, 10]))
ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
ax.set_title("Turgusun: from first power to the completion certificate")
description = (f"Timeline: Zhanatas in full operation {full_operation:%B %Y}; Turgusun first power {first_power:%B %Y} "
               f"and its temporary completion certificate {certificate:%B %Y}, {months} months later.")
step.save_figure(fig, "03-turgusun-timeline", description)

# %%
fig, ax = plt.subplots(figsize=(8, 3))
labels = [f"Against a coal plant\n({zhanatas_rate.magnitude:.0f} gce/kWh x {co2_t_per_tce:g} t/tce)",
          f"Against Kazakhstan's 2023 grid\n({grid.magnitude:.0f} g CO2/kWh)"]
values = [co2_coal.to("t").magnitude / 1000, co2_grid.to("t").magnitude / 1000]
bars = ax.barh(labels, values, color=[COAL, HYDRO])
ax.bar_label(bars, labels=[fmt(Q_(v, "t") * 1000) for v in values], padding=4)
ax.set_xlim(0, max(values) * 1.25)
ax.invert_yaxis()
ax.set_xlabel(f"CO2 displaced by {annual_gwh:g} GWh a year (thousand tonnes)")
ax.set_title("Turgusun: CO2 its electricity displaces, two ways")
description = (f"Horizontal bars: {annual_gwh:g} GWh a year displaces {fmt(co2_coal)} of CO2 against a coal plant "
               f"and {fmt(co2_grid)} at Kazakhstan's 2023 grid average.")
step.save_figure(fig, "03-turgusun-displaced-co2", description)

# %% [markdown]
# ## The derived table

# %%
step.write(table)
table.display()

# %% tags=["summary-source"]
summary_box.update(summary([
    (f"{fmt(generation)} from {fmt(capacity)} is {fmt(flh)} at full load, a capacity factor of "
    f"{fmt(cf, 'percent', sig=2)}: plausible for a small mountain hydro plant with a strong seasonal cycle."),
    (f"{months} months passed between first power ({first_power:%B %Y}) and the temporary completion certificate "
    f"({certificate:%B %Y})."),
    (f"Its electricity would displace about {fmt(coal)} of standard coal; the CO2 is about "
    f"{fmt(co2_coal)} against a coal plant or {fmt(co2_grid)} at Kazakhstan's 2023 grid average."),
], "04-comparing-projects", "sets the wind farm and the hydro station side by side."))
