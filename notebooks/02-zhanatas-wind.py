# ---
# jupyter:
#   energycoop:
#     reads:
#     - data/article.csv
#     - data/reference.csv
#     writes:
#     - data/derived/02-zhanatas-wind.csv
#     - figures/02-zhanatas-capacity-factor.png
#     - figures/02-zhanatas-capacity-factor.svg
#     - figures/02-zhanatas-coal-rate.png
#     - figures/02-zhanatas-coal-rate.svg
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
# # Zhanatas wind farm: do the article's numbers add up?
#
# **Question.** The article says the Zhanatas wind farm has 40 turbines of 2.5 MW, can generate about 350 million kWh a year and saves about 110,000 t of standard coal. What [capacity factor](11-units-and-pitfalls.ipynb#capacity-factor), [coal rate](11-units-and-pitfalls.ipynb#coal-rate), fuel efficiency and CO2 saving do those figures imply, and are they plausible?
#
# - **Before this:** `01-article-figures` (what each number is and how it is qualified)

# %% tags=["summary", "nbval-ignore-output"]
# The Summary, right under the question: filled in by the last cell from the values the notebook computes.
# (Its output is checked by tests/test_summaries.py: it equals the last cell's, which nbval compares.)
from energycoop.analysis.markup import SummaryBox

summary_box = SummaryBox()

# %% [markdown]
# ## Parameters
#
# Every assumption is a [parameter](11-units-and-pitfalls.ipynb#parameter). The defaults are the article's figures and the collection's default assumptions in `data/reference.csv`; rerun with papermill to change them (e.g. `-p turbines 50`).

# %% tags=["parameters"]
turbines: int = 40  # number of wind turbines (article)
turbine_mw: float = 2.5  # rated capacity of each turbine, MW (article)
annual_gwh: float = 350.0  # electricity generated in a year, GWh (article: about 350 million kWh)
coal_saved_tce: float = 110000.0  # standard coal saved in a year, tonnes of coal equivalent (article: about 110,000 t)
hours_per_year: float = 8760.0  # hours in the year for the capacity factor (8784 in a leap year)
co2_t_per_tce: float = 2.77  # t CO2 per tonne of coal equivalent burned (reference.csv: 2.64 to 2.77)
derived_dir: str = "../data/derived"  # where the derived table is written
figures_dir: str = "../figures"  # where the figures are written

# %%
from energycoop.build.step import Step
from energycoop.data.params import positive_int, positive_number

step = Step("02-zhanatas-wind", globals()).parameters(
    turbines=positive_int, turbine_mw=positive_number, annual_gwh=positive_number,
    coal_saved_tce=positive_number, hours_per_year=positive_number, co2_t_per_tce=positive_number)

# %%
import matplotlib.pyplot as plt

from energycoop.analysis.markup import summary
from energycoop.analysis.plotting import COAL, HIGHLIGHT, WIND
from energycoop.data.loaders import load_article, load_reference, quantity
from energycoop.quantities import energy
from energycoop.quantities.rounding import ratio_bounds, rounding_interval
from energycoop.quantities.units import Q_, fmt

table = step.table

# %% [markdown]
# ## The article's words
#
# These are the rows of `data/article.csv` this notebook starts from. "About" and "approximately" mark rounded figures; "can generate" marks an expectation, not a measured year.

# %%
article = load_article()
reference = load_reference()
ids = ["zhanatas_turbines", "zhanatas_turbine_capacity", "zhanatas_annual_generation", "zhanatas_coal_saved"]
# Text from the data files is shown in a DataFrame, whose HTML display escapes it (pandas' default).
article.loc[ids, ["value_as_printed", "unit_as_printed", "qualifier", "basis", "snippet"]]

# %% [markdown]
# ## [Installed capacity](11-units-and-pitfalls.ipynb#installed-capacity)
#
# $$P = n_\text{turbines} \times P_\text{turbine}$$

# %%
capacity = energy.capacity_from_units(turbines, Q_(turbine_mw, "MW"))
table.add("zhanatas_capacity_mw", capacity, "installed capacity", "turbines * turbine_mw",
          ["zhanatas_turbines", "zhanatas_turbine_capacity"], unit="MW")
print(f"{turbines} turbines of {fmt(Q_(turbine_mw, 'MW'))} make {fmt(capacity)} of installed capacity.")

# %% [markdown]
# ## [Full-load hours](11-units-and-pitfalls.ipynb#full-load-hours) and capacity factor
#
# Full-load hours are the hours the farm would need at full power to produce its year's electricity; the capacity factor is the same thing as a share of the year.
#
# $$h_\text{full} = \frac{E}{P} \qquad CF = \frac{E}{P \times h_\text{year}} = \frac{h_\text{full}}{h_\text{year}}$$

# %%
generation = Q_(annual_gwh, "GWh")
year = energy.hours(hours_per_year)
table.add("zhanatas_annual_generation_gwh", generation, "annual generation used (parameter annual_gwh)",
          "annual_gwh", ["zhanatas_annual_generation"], unit="GWh")
flh = energy.full_load_hours(generation, capacity)
cf = energy.capacity_factor(generation, capacity, year)
table.add("zhanatas_full_load_h", flh, "hours at full power that give the annual generation",
          "annual_gwh / capacity", ["zhanatas_annual_generation", "zhanatas_capacity_mw"], unit="h")
table.add("zhanatas_capacity_factor_pct", cf, "annual generation as a share of capacity x hours in the year",
          "annual_gwh / (capacity * hours_per_year)",
          ["zhanatas_annual_generation", "zhanatas_capacity_mw", "hours_per_year"], unit="percent")
print(f"{fmt(generation)} from {fmt(capacity)} is {fmt(flh)} at full load, "
      f"a capacity factor of {fmt(cf, 'percent')} over {fmt(year, sig=4)}.")

# %% [markdown]
# A capacity factor near 40% is high for onshore wind but not out of reach on a windy steppe site. The same farm was announced in 2020 with about 319 GWh a year (`reference.csv`); that earlier estimate gives a lower [capacity factor](11-units-and-pitfalls.ipynb#capacity-factor):

# %%
earlier = quantity(reference, "zhanatas_expected_generation_2020")
cf_earlier = energy.capacity_factor(earlier, capacity, year)
table.add("zhanatas_capacity_factor_2020_estimate_pct", cf_earlier, "capacity factor of the 2020 estimate of 319 GWh",
          "319 GWh / (capacity * hours_per_year)",
          ["zhanatas_expected_generation_2020", "zhanatas_capacity_mw", "hours_per_year"], unit="percent")
print(f"The 2020 estimate of {fmt(earlier)} is a capacity factor of {fmt(cf_earlier, 'percent')}; "
      f"the article's figure is {fmt((generation / earlier - 1).to('percent'))} higher.")

# %% [markdown]
# ## Output per turbine
#
# $$E_\text{turbine} = \frac{E}{n_\text{turbines}}$$

# %%
per_turbine = energy.energy_per_unit(generation, turbines)
table.add("zhanatas_generation_per_turbine_gwh", per_turbine, "annual generation per turbine", "annual_gwh / turbines",
          ["zhanatas_annual_generation", "zhanatas_turbines"], unit="GWh")
print(f"Each turbine produces about {fmt(per_turbine, 'GWh')} a year.")

# %% [markdown]
# ## The coal rate implied by the coal saving
#
# "Standard coal" is a unit of energy: one [tonne of coal equivalent](11-units-and-pitfalls.ipynb#tonne-of-coal-equivalent) (tce) is 29.3076 GJ. Dividing the coal saved by the electricity generated gives the coal a thermal plant would burn per kWh, in [grams of coal equivalent](11-units-and-pitfalls.ipynb#gram-of-coal-equivalent) (gce):
#
# $$r = \frac{C_\text{saved}}{E}$$

# %%
coal = Q_(coal_saved_tce, "tce")
rate = energy.coal_rate(coal, generation)
table.add("zhanatas_coal_rate_gce_per_kwh", rate, "standard coal per kWh implied by the coal saving",
          "coal_saved_tce / annual_gwh", ["zhanatas_coal_saved", "zhanatas_annual_generation"], unit="gce/kWh")
print(f"{fmt(coal)} saved for {fmt(generation)} is {fmt(rate)}.")

# %% [markdown]
# Both inputs are rounded ("about 110,000", "approximately 350"). If 110,000 means anything from 105,000 to 115,000 and 350 anything from 345 to 355, the rate lies between these bounds:

# %%
coal_low, coal_high = rounding_interval(article.loc["zhanatas_coal_saved", "value_as_printed"])
gen_low, gen_high = rounding_interval(article.loc["zhanatas_annual_generation", "value_as_printed"])
rate_low, rate_high = ratio_bounds((Q_(coal_low, "tce"), Q_(coal_high, "tce")), (Q_(gen_low, "GWh"), Q_(gen_high, "GWh")),
                                   energy.coal_rate)
table.add("zhanatas_coal_rate_low_gce_per_kwh", rate_low, "lowest coal rate the rounded inputs allow",
          "low(coal_saved) / high(annual_gwh)", ["zhanatas_coal_saved", "zhanatas_annual_generation"], unit="gce/kWh")
table.add("zhanatas_coal_rate_high_gce_per_kwh", rate_high, "highest coal rate the rounded inputs allow",
          "high(coal_saved) / low(annual_gwh)", ["zhanatas_coal_saved", "zhanatas_annual_generation"], unit="gce/kWh")
print(f"Coal saved {coal_low:,.0f} to {coal_high:,.0f} tce and generation {gen_low:g} to {gen_high:g} GWh "
      f"give a rate from {fmt(rate_low)} to {fmt(rate_high)}.")

# %% [markdown]
# The precise published figure is 109,500 t (`reference.csv`), and this collection assumes (no source found) that Chinese thermal plants burned about 300 to 305 gce per kWh supplied in 2023; the nearest sourced figure is the NDRC's 305.5 gce/kWh for 2020 (notebook 10):

# %%
published = quantity(reference, "zhanatas_coal_saved_precise")
rate_published = energy.coal_rate(published, generation)
china_low = quantity(reference, "china_coal_rate_2023", "low")
china_high = quantity(reference, "china_coal_rate_2023", "high")
table.add("zhanatas_coal_rate_published_gce_per_kwh", rate_published, "coal rate implied by the published 109,500 t",
          "109500 tce / annual_gwh", ["zhanatas_coal_saved_precise", "zhanatas_annual_generation"], unit="gce/kWh")
print(f"With the published {fmt(published, sig=4)} the rate is {fmt(rate_published, sig=4)}; "
      f"Chinese thermal power ran at {fmt(china_low)} to {fmt(china_high)}.")
above_china = (rate / china_high - 1).to("percent")
table.add("zhanatas_coal_rate_above_china_pct", above_china, "how far the implied coal rate lies above the top of the "
          "assumed 2023 Chinese range", "rate / china_coal_rate_2023_high - 1", ["zhanatas_coal_rate_gce_per_kwh",
          "china_coal_rate_2023"], unit="percent")
overlaps = rate_low <= china_high and rate_high >= china_low
print(f"The article's rate is {fmt(above_china, sig=2)} above the top of that assumed range, but the rounded figures "
      f"allow {fmt(rate_low)} to {fmt(rate_high)}, " + (
          "which overlaps it: they do not show a plant less efficient than that assumption." if overlaps else
          "all above it: the coal saving assumes a less efficient coal plant than that assumption."))

# %% [markdown]
# ## The coal's energy, and the [efficiency it implies](11-units-and-pitfalls.ipynb#conversion-efficiency)
#
# $$Q_\text{coal} = C_\text{saved} \times 29.3076\ \text{GJ/tce} \qquad \eta = \frac{E}{Q_\text{coal}}$$

# %%
coal_pj = energy.coal_energy(coal, "PJ")
efficiency = energy.implied_efficiency(generation, coal)
table.add("zhanatas_coal_energy_pj", coal_pj, "energy content of the coal saved", "coal_saved_tce * 29.3076 GJ/tce",
          ["zhanatas_coal_saved", "tce_definition"], unit="PJ")
table.add("zhanatas_implied_efficiency_pct", efficiency, "electricity out over coal energy in, for the displaced plant",
          "annual_gwh / (coal_saved_tce * 29.3076 GJ/tce)",
          ["zhanatas_annual_generation", "zhanatas_coal_saved", "tce_definition"], unit="percent")
print(f"{fmt(coal)} holds {fmt(coal_pj)} ({fmt(coal, 'TWh')}); producing {fmt(generation)} ({fmt(generation, 'PJ')}) "
      f"from it means an efficiency of {fmt(efficiency, 'percent')}.")

# %% [markdown]
# ## CO2 avoided
#
# Burning a tonne of coal equivalent emits a [CO2 factor](11-units-and-pitfalls.ipynb#co2-factor) $f_{\text{CO}_2}$ of CO2; the coal not burned is CO2 not emitted:
#
# $$\text{CO}_2 = C_\text{saved} \times f_{\text{CO}_2}$$

# %%
factor = Q_(co2_t_per_tce, "t/tce")
co2 = energy.co2_from_coal(coal, factor)
co2_per_kwh = (co2 / generation).to("g/kWh")
table.add("zhanatas_co2_factor_t_per_tce", factor, "CO2 factor used (parameter co2_t_per_tce)", "co2_t_per_tce",
          ["co2_t_per_tce"], unit="t/tce")
table.add("zhanatas_co2_avoided_t", co2, "CO2 not emitted because the coal is not burned", "coal_saved_tce * co2_t_per_tce",
          ["zhanatas_coal_saved", "co2_t_per_tce"], unit="t")
table.add("zhanatas_avoided_co2_intensity_g_per_kwh", co2_per_kwh, "CO2 avoided per kWh of wind power", "co2_avoided / annual_gwh",
          ["zhanatas_co2_avoided_t", "zhanatas_annual_generation"], unit="g/kWh")
print(f"At {fmt(factor)}, {fmt(coal)} is {fmt(co2)} of CO2 a year: {fmt(co2_per_kwh)} avoided per kWh of wind power.")

# %% [markdown]
# The published 289,000 t of CO2 for 109,500 t of coal implies a lower factor, and per kWh it matches Kazakhstan's 2023 grid intensity:

# %%
co2_published = quantity(reference, "zhanatas_co2_avoided")
factor_published = (co2_published / published).to("t/tce")
grid = quantity(reference, "kazakhstan_carbon_intensity_2023")
table.add("zhanatas_co2_factor_published_t_per_tce", factor_published, "CO2 factor implied by the published figures",
          "289000 t / 109500 tce", ["zhanatas_co2_avoided", "zhanatas_coal_saved_precise"], unit="t/tce")
print(f"Published: {fmt(co2_published)} / {fmt(published, sig=4)} = {fmt(factor_published)}; "
      f"per kWh {fmt((co2_published / generation).to('g/kWh'))} against the grid's {fmt(grid)}.")

# %% [markdown]
# ## Checks
#
# Identities that must hold whatever the parameters.

# %%
assert 0 < cf.magnitude <= 1, cf
assert abs((flh / year).to("dimensionless").magnitude - cf.magnitude) < 1e-12
assert abs((capacity * flh).to("GWh").magnitude - annual_gwh) < 1e-9 * annual_gwh
assert abs((per_turbine * turbines).to("GWh").magnitude - annual_gwh) < 1e-9 * annual_gwh
assert abs((rate * generation).to("tce").magnitude - coal_saved_tce) < 1e-9 * coal_saved_tce
assert abs(coal_pj.to("GJ").magnitude - coal_saved_tce * 29.3076) < 1e-6 * coal_saved_tce
assert 0 < efficiency.magnitude < 1
assert rate_low <= rate <= rate_high
print("All checks passed.")

# %% [markdown]
# ## Plots

# %%
fig, ax = plt.subplots(figsize=(8, 3))
labels = [f"Article: {annual_gwh:g} GWh", f"2020 estimate: {earlier.magnitude:g} GWh"]
values = [cf.to("percent").magnitude, cf_earlier.to("percent").magnitude]
bars = ax.barh(labels, values, color=[WIND, "#BBBBBB"])
ax.bar_label(bars, labels=[f"{v:.1f}%" for v in values], padding=4)
ax.set_xlim(0, 100)
ax.set_xlabel(f"Capacity factor (% of {capacity.magnitude:g} MW running all {hours_per_year:g} h)")
ax.set_title("Zhanatas wind farm: capacity factor implied by annual generation")
ax.invert_yaxis()
description = (f"Horizontal bars: the article's {annual_gwh:g} GWh a year gives Zhanatas a capacity factor of "
               f"{values[0]:.1f}%, the 2020 estimate of {earlier.magnitude:g} GWh gives {values[1]:.1f}%.")
step.save_figure(fig, "02-zhanatas-capacity-factor", description)

# %%
fig, ax = plt.subplots(figsize=(8, 3.5))
ax.axvspan(china_low.magnitude, china_high.magnitude, color=COAL, alpha=0.15,
           label="Chinese thermal power, 2023 (assumed range)")
points = [("Article (about 110,000 t / 350 GWh)", rate.magnitude, rate_low.magnitude, rate_high.magnitude, HIGHLIGHT),
          ("Published 109,500 t / 350 GWh", rate_published.magnitude, None, None, WIND)]
for y, (_label, value, low, high, colour) in enumerate(points):
    if low is not None:
        ax.errorbar(value, y, xerr=[[value - low], [high - value]], fmt="o", color=colour, capsize=5,
                    label="range allowed by rounding")
    else:
        ax.plot(value, y, "o", color=colour)
    # the value under its dot: on a phone the row's label stands above it
    ax.annotate(f"{value:.0f}", (value, y), textcoords="offset points", xytext=(0, -9), ha="center", va="top")
ax.set_yticks(range(len(points)), [p[0] for p in points])
ax.set_ylim(-0.7, len(points) - 0.3)
ax.invert_yaxis()
ax.set_xlabel("Standard coal per kWh (gce/kWh)")
ax.set_title("Zhanatas: coal saved per kWh against Chinese coal plants")
ax.legend(loc="lower right")
description = (f"Dot plot: the article's coal saving implies {rate.magnitude:.0f} gce/kWh "
               f"(rounding allows {rate_low.magnitude:.0f} to {rate_high.magnitude:.0f}), the published figure "
               f"{rate_published.magnitude:.0f}, against a shaded 2023 Chinese range of "
               f"{china_low.magnitude:.0f} to {china_high.magnitude:.0f}.")
step.save_figure(fig, "02-zhanatas-coal-rate", description)

# %% [markdown]
# ## The derived table

# %%
step.write(table)
table.display()

# %% tags=["summary-source"]
summary_box.update(summary([
    (f"{fmt(capacity)} of turbines and {fmt(generation)} a year make {fmt(flh)} at full load, a capacity factor of "
    f"{fmt(cf, 'percent', sig=2)}: {'high for onshore wind' if cf.magnitude > 0.35 else 'ordinary for onshore wind'}, "
    f"against {fmt(cf_earlier, 'percent', sig=2)} for the farm's own 2020 estimate."),
    (f"The coal saving implies {fmt(rate)}, {fmt(above_china, sig=2)} above the top of the assumed range for Chinese "
    f"thermal plants in 2023, but the article's rounding allows {fmt(rate_low)} to {fmt(rate_high)}, " + (
        "which overlaps that range: the figures do not show a less efficient plant. " if overlaps else
        "all above that range: the coal saving assumes a less efficient plant. ")
    + f"The displaced plant would convert coal to electricity at {fmt(efficiency, 'percent', sig=2)}."),
    (f"CO2 avoided depends on the factor assumed: {fmt(co2)} at {fmt(factor)}; the published figures imply "
    f"{fmt(factor_published)}."),
], "03-turgusun-hydro", "does the same for the hydropower station."))
