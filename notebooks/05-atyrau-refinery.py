# ---
# jupyter:
#   energycoop:
#     reads:
#     - data/article.csv
#     - data/reference.csv
#     writes:
#     - data/derived/05-atyrau-refinery.csv
#     - figures/05-atyrau-capacity.png
#     - figures/05-atyrau-capacity.svg
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
# # Atyrau refinery: 5.5 million tonnes of crude a year, in every unit
#
# **Question.** The article gives the Atyrau refinery "a processing capacity of 5.5 million tons of crude oil per year". What is that per day, in barrels, and as energy, and what do other sources say the capacity is?
#
# - **Before this:** `01-article-figures`

# %% tags=["summary", "nbval-ignore-output"]
# The Summary, right under the question: filled in by the last cell from the values the notebook computes.
# (Its output is checked by tests/test_summaries.py: it equals the last cell's, which nbval compares.)
from energycoop.analysis.markup import SummaryBox

summary_box = SummaryBox()

# %% [markdown]
# ## Parameters

# %% tags=["parameters"]
capacity_mt: float = 5.5  # crude processing capacity, million tonnes a year (article)
bbl_per_t: float = 7.32  # barrels per tonne of crude (reference.csv: 7.32 UN average to 7.9 for light Kazakh grades)
gj_per_t: float = 41.868  # energy per tonne of crude, GJ (default 1 tonne of oil equivalent)
days_per_year: float = 365.0  # days of operation counted in a year
derived_dir: str = "../data/derived"  # where the derived table is written
figures_dir: str = "../figures"  # where the figures are written

# %%
from energycoop.build.step import Step
from energycoop.data.params import between, positive_number

step = Step("05-atyrau-refinery", globals()).parameters(
    capacity_mt=positive_number, bbl_per_t=between(5.0, 9.0), gj_per_t=between(35.0, 48.0),
    days_per_year=between(1.0, 366.0))

# %%
import matplotlib.pyplot as plt

from energycoop.analysis.markup import summary
from energycoop.analysis.plotting import HIGHLIGHT, OKABE_ITO
from energycoop.data.loaders import load_article, load_reference, quantity
from energycoop.quantities import energy
from energycoop.quantities.units import Q_, fmt

table = step.table

# %% [markdown]
# ## The article's words

# %%
article = load_article()
reference = load_reference()
# Text from the data files is shown in a DataFrame, whose HTML display escapes it (pandas' default).
article.loc[["atyrau_capacity", "kazakhstan_major_refineries"], ["value_as_printed", "unit_as_printed", "qualifier", "basis", "snippet"]]

# %% [markdown]
# ## Per day
#
# "kt" is ambiguous: to an energy statistician it is a thousand tonnes, to a sailor (and to a unit library) a knot, a speed. Here a thousand tonnes is always written out as kilotonnes, so that a unit check cannot take one for the other.
#
# $$\dot m_\text{day} = \frac{\dot m_\text{year}}{d_\text{year}}$$

# %%
annual = Q_(capacity_mt, "Mt")
table.add("atyrau_capacity_mt", annual, "crude processing capacity used (parameter capacity_mt)", "capacity_mt",
          ["atyrau_capacity"], unit="Mt")
year = Q_(days_per_year, "day")
per_day = energy.per_day(annual, year).to("kilotonne/day")
table.add("atyrau_crude_kt_per_day", per_day, "crude processed per day at capacity", "capacity_mt / days_per_year",
          ["atyrau_capacity"], unit="kilotonne/day")
print(f"{fmt(annual, sig=2)} a year over {days_per_year:g} days is {fmt(per_day)}.")

# %% [markdown]
# ## In barrels a day
#
# A barrel is a volume and a tonne a mass, so tonnes become barrels only through the crude's density: the barrels per tonne (the parameter of this notebook) are that assumption, 7.32 for crude of average gravity, up to about 7.9 for the light crude of western Kazakhstan.
#
# Which barrel matters too: the plain US barrel of other liquids holds 31.5 gallons (119 L); the [oil barrel](11-units-and-pitfalls.ipynb#oil-barrel) holds 42 gallons (159 L). Every barrel here is an oil barrel.
#
# $$\dot V = \dot m \times \frac{\text{bbl}}{\text{t}}$$

# %%
barrels_per_tonne = Q_(bbl_per_t, "oil_bbl/t")
bbl_per_day = energy.oil_barrels_per_day(annual, barrels_per_tonne, year)
table.add("atyrau_crude_bbl_per_day", bbl_per_day, "crude processed per day at capacity, in barrels",
          "capacity_mt / days_per_year * bbl_per_t", ["atyrau_capacity", "crude_bbl_per_tonne"], unit="oil_bbl/day")
low = quantity(reference, "crude_bbl_per_tonne", "low")
high = quantity(reference, "crude_bbl_per_tonne", "high")
bbl_low, bbl_high = (energy.oil_barrels_per_day(annual, density, year) for density in (low, high))
table.add("atyrau_crude_low_density_bbl_per_day", bbl_low, "barrels a day at the low density assumption", "capacity / days * 7.32",
          ["atyrau_capacity", "crude_bbl_per_tonne"], unit="oil_bbl/day")
table.add("atyrau_crude_high_density_bbl_per_day", bbl_high, "barrels a day at the high density assumption", "capacity / days * 7.9",
          ["atyrau_capacity", "crude_bbl_per_tonne"], unit="oil_bbl/day")
print(f"At {fmt(barrels_per_tonne)}, that is {fmt(bbl_per_day)}; "
      f"the density range {low.magnitude:g} to {high.magnitude:g} bbl/t gives {fmt(bbl_low)} to {fmt(bbl_high)}. "
      f"(An oil barrel is {fmt(Q_(1, 'oil_bbl'), 'L', sig=4)}; the plain US barrel of other liquids is {fmt(Q_(1, 'bbl'), 'L', sig=4)}.)")

# %% [markdown]
# ## As energy
#
# Crude oil is [primary energy](11-units-and-pitfalls.ipynb#primary-energy). Taking a tonne of crude as one [tonne of oil equivalent](11-units-and-pitfalls.ipynb#tonne-of-oil-equivalent) (41.868 GJ):
#
# $$Q = \dot m_\text{year} \times e, \qquad e = 41.868\ \text{GJ/t}$$

# %%
crude_energy = (annual * Q_(gj_per_t, "GJ/t")).to("PJ")
table.add("atyrau_energy_pj", crude_energy, "energy content of a year's crude at capacity", "capacity_mt * gj_per_t",
          ["atyrau_capacity", "toe_definition"], unit="PJ")
table.add("atyrau_energy_twh", crude_energy, "the same energy in TWh", "capacity_mt * gj_per_t", ["atyrau_energy_pj"], unit="TWh")
table.add("atyrau_energy_mtoe", crude_energy, "the same energy in million tonnes of oil equivalent", "capacity_mt * gj_per_t",
          ["atyrau_energy_pj"], unit="Mtoe")
print(f"{fmt(annual)} of crude at {gj_per_t:g} GJ/t holds {fmt(crude_energy)} = {fmt(crude_energy, 'TWh')} = {fmt(crude_energy, 'Mtoe')} a year.")

# %% [markdown]
# ## What other sources say
#
# No source from before the article states 5.5 Mt. After it, in February 2026, Kazakhstan's energy minister gave 5.5 Mt as the capacity from which the refinery's expansion to 6.7 Mt starts (Sputnik, relayed by news.mail.ru), and the refinery processed 5.47 Mt of crude in 2025 (itek.ru). The 4.9 Mt of a 2017 report is one of the [design figures](11-units-and-pitfalls.ipynb#design-capacity): what the modernised refinery was "designed to produce", which the project reads as products out, not crude in, so it is not compared with a crude capacity. What the refinery really processed is a measure of crude in: 2.895 Mt in the first half of 2023, as its director-general told Kazinform. Scaled to a full year by days, that half-year is a [run rate](11-units-and-pitfalls.ipynb#run-rate):
#
# $$\text{run rate} = m_\text{H1} \times \frac{365}{181}$$

# %%
h1 = quantity(reference, "atyrau_throughput_h1_2023")
h1_days = Q_(181, "day")  # 1 January to 30 June 2023
run_rate = energy.annualise(h1, h1_days, year).to("Mt")
design_49 = quantity(reference, "atyrau_capacity_earlier")
table.add("atyrau_h1_2023_run_rate_mt", run_rate, "first-half 2023 throughput scaled to a year", "h1_2023 * days_per_year / 181 d",
          ["atyrau_throughput_h1_2023"], unit="Mt")
table.add("atyrau_run_rate_to_article_ratio", run_rate / annual, "2023 run rate over the article's capacity",
          "run_rate / capacity_mt", ["atyrau_h1_2023_run_rate_mt", "atyrau_capacity"], unit="dimensionless")
print(f"First half of 2023: {fmt(h1, sig=4)} in 181 days, a run rate of {fmt(run_rate)} a year: "
      f"{fmt((run_rate / annual).to('percent'))} of the article's {fmt(annual)}.")
print(f"A run rate is what the plant processed, not its nameplate: a refinery can run above or below its "
      f"nameplate, and fuel production stopped for planned works on {reference.loc['atyrau_shutdown_2023', 'date']} "
      f"(Sputnik Kazakhstan), so the half-year cannot simply be doubled. The run rate of {fmt(run_rate)} neither "
      f"confirms nor contradicts the article's {fmt(annual)}. The {fmt(design_49)} figure describes product output and "
      f"is not compared.")

# %% [markdown]
# ## Checks

# %%
assert abs((per_day * year).to("Mt").magnitude - capacity_mt) < 1e-9 * capacity_mt
assert abs((bbl_per_day / per_day).to("oil_bbl/t").magnitude - bbl_per_t) < 1e-9 * bbl_per_t
assert abs(crude_energy.to("Mtoe").magnitude - capacity_mt * (Q_(gj_per_t, "GJ") / Q_(1, "toe")).to("").magnitude) < 1e-9 * capacity_mt
assert bbl_low <= bbl_high
print("All checks passed.")

# %% [markdown]
# ## Plot

# %%
rows = [("Article (2024), capacity", annual.magnitude, HIGHLIGHT),
        ("First half of 2023, as a yearly run rate", run_rate.magnitude, OKABE_ITO["bluish green"]),
        ("Designed to produce, 2017 (read as products)", design_49.magnitude, "#BBBBBB")]
fig, ax = plt.subplots(figsize=(8, 3.2))
bars = ax.barh([r[0] for r in rows], [r[1] for r in rows], color=[r[2] for r in rows])
ax.bar_label(bars, labels=[f"{r[1]:.2f} Mt" for r in rows], padding=4)
ax.set_xlim(0, max(r[1] for r in rows) * 1.25)
ax.invert_yaxis()
ax.set_xlabel("Crude oil, million tonnes a year")
ax.set_title("Atyrau refinery: the article's 5.5 Mt against other figures")
description = (f"Horizontal bars: the article's {annual.magnitude:g} Mt a year against a first-half 2023 run rate of "
               f"{run_rate.magnitude:.2f} Mt and the {design_49.magnitude:g} Mt a 2017 report says the refinery was designed to produce.")
step.save_figure(fig, "05-atyrau-capacity", description)

# %% [markdown]
# ## The derived table

# %%
step.write(table)
table.display()

# %% tags=["summary-source"]
summary_box.update(summary([
    (f"{fmt(annual, sig=2)} of crude a year is {fmt(per_day)}, {fmt(bbl_per_day)} at the default density "
    f"(up to {fmt(bbl_high)} for light crude), and {fmt(crude_energy)} ({fmt(crude_energy, 'TWh')}, "
    f"{fmt(crude_energy, 'Mtoe', sig=2)}) of primary energy a year."),
    (f"No source from before the article states {fmt(annual, sig=2)}; after it, Kazakhstan's energy minister gave that "
    "figure (the owner state's side). The crude processed in the first half of 2023 is a run rate of "
    f"{fmt(run_rate)} a year, {fmt(run_rate / annual, sig=3)} times the article's figure, but a run rate is not a "
    "nameplate, and a planned shutdown in October 2023 means the half-year cannot be doubled: it neither confirms nor "
    "contradicts the capacity. The 2017 figure is what the refinery was \"designed to produce\", which the project reads "
    "as product output, not crude intake."),
], "06-pavlodar-aluminium", "asks an electricity question rather than a fuel one."))
