# ---
# jupyter:
#   energycoop:
#     reads:
#     - data/article.csv
#     - data/derived/02-zhanatas-wind.csv
#     - data/reference.csv
#     writes:
#     - data/derived/06-pavlodar-aluminium.csv
#     - figures/06-pavlodar-electricity.png
#     - figures/06-pavlodar-electricity.svg
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
# # Pavlodar aluminium smelter: how much electricity does 240,000 t a year need?
#
# **Question.** The article describes "a new electrolytic aluminum production facility in Pavlodar with an annual capacity of 240,000 tons", "the first electrolytic aluminum plant in Kazakhstan". Electrolysis makes aluminium from electricity: how much electricity does that capacity need, as a continuous load, and in Zhanatas wind farms? And how do the two claims compare with the record?
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
capacity_t: float = 240000.0  # primary aluminium capacity, tonnes a year (article)
kwh_per_t: float = 13599.0  # electricity per tonne of aluminium, kWh (reference.csv: China 2016; range 12,875 to 13,844)
hours_per_year: float = 8760.0  # hours in the year, for the average load
kazakhstan_generation_twh: float = 113.59  # Kazakhstan's electricity generation in 2023, TWh (reference.csv)
inputs_dir: str = "../data/derived"  # where to read 02-zhanatas-wind.csv from
derived_dir: str = "../data/derived"  # where the derived table is written
figures_dir: str = "../figures"  # where the figures are written

# %%
from energycoop.build.step import Step
from energycoop.data.params import between, positive_number

step = Step("06-pavlodar-aluminium", globals()).parameters(
    capacity_t=positive_number, kwh_per_t=between(10000.0, 20000.0), hours_per_year=positive_number,
    kazakhstan_generation_twh=positive_number)

# %%
import matplotlib.pyplot as plt

from energycoop.analysis.markup import summary
from energycoop.analysis.plotting import HIGHLIGHT, OKABE_ITO, WIND
from energycoop.data.derived import derived_quantity
from energycoop.data.loaders import date_of, load_article, load_reference, quantity
from energycoop.quantities import energy
from energycoop.quantities.units import Q_, fmt

table = step.table

# %% [markdown]
# ## The article's words

# %%
article = load_article()
reference = load_reference()
zhanatas = step.read("02-zhanatas-wind")
# Text from the data files is shown in a DataFrame, whose HTML display escapes it (pandas' default).
article.loc[["pavlodar_capacity", "pavlodar_first_plant"], ["value_as_printed", "unit_as_printed", "qualifier", "basis", "snippet"]]

# %% [markdown]
# ## Electricity a year
#
# $$E = m \times e_\text{Al}$$
#
# where $e_\text{Al}$ is the [electricity per tonne](11-units-and-pitfalls.ipynb#electricity-intensity) of primary aluminium (about 13,600 kWh/t in China in 2016; the world average was 13,403 kWh/t in 2015).

# %%
tonnes = Q_(capacity_t, "t")
table.add("pavlodar_capacity_t", tonnes, "aluminium capacity used (parameter capacity_t)", "capacity_t",
          ["pavlodar_capacity"], unit="t")
intensity = Q_(kwh_per_t, "kWh/t")
electricity = energy.electricity_for_output(tonnes, intensity)
table.add("pavlodar_electricity_twh", electricity, "electricity for a year at full capacity", "capacity_t * kwh_per_t",
          ["pavlodar_capacity", "aluminium_kwh_per_t"], unit="TWh")
print(f"{fmt(tonnes)} at {fmt(intensity, sig=5)} needs {fmt(electricity)} a year.")

# %%
intensities = {"China 2016": quantity(reference, "aluminium_kwh_per_t_china_2016"),
               "world 2015": quantity(reference, "aluminium_kwh_per_t_world_2015"),
               "range low": quantity(reference, "aluminium_kwh_per_t", "low"),
               "range high": quantity(reference, "aluminium_kwh_per_t", "high")}
for name, e in intensities.items():
    print(f"At {name} ({fmt(e, sig=5)}): {fmt(energy.electricity_for_output(tonnes, e))}")
world = energy.electricity_for_output(tonnes, intensities["world 2015"])
table.add("pavlodar_electricity_world_average_twh", world, "electricity at the world average intensity",
          "capacity_t * world_2015_kwh_per_t", ["pavlodar_capacity", "aluminium_kwh_per_t_world_2015"], unit="TWh")
print(f"At the world average the smelter would need {fmt(world)} a year.")

# %% [markdown]
# These figures are not all one measure. Electricity per tonne is counted either as direct current (DC) at the potlines or as alternating current (AC) drawn from the grid, which is larger by the rectifiers' losses. The Chinese figures of 2016 are AC, as their source says; the world average of 2015 and the Chinese 12,875 kWh/t in the same report, and the aluminium encyclopaedia's 13 to 15 kWh per kg, do not say which. The range above is therefore a span of published figures, not a range of one quantity, and the smelter's electricity is computed at the AC figure of China.

# %% [markdown]
# ## As a continuous load
#
# A smelter's potlines run day and night; its yearly electricity divided by the hours in the year is its [average load](11-units-and-pitfalls.ipynb#average-load):
#
# $$\bar P = \frac{E}{h_\text{year}}$$

# %%
load = energy.average_power(electricity, energy.hours(hours_per_year))
table.add("pavlodar_average_power_mw", load, "average electrical load over the year", "electricity / hours_per_year",
          ["pavlodar_electricity_twh", "hours_per_year"], unit="MW")
print(f"{fmt(electricity)} over {hours_per_year:,.0f} h is a steady {fmt(load)}, "
      f"{fmt((load / derived_quantity(zhanatas, 'zhanatas_capacity_mw')).to(''), sig=2)} times Zhanatas's installed capacity.")

# %% [markdown]
# ## In Zhanatas wind farms
#
# $$n = \frac{E_\text{smelter}}{E_\text{Zhanatas}}$$
#
# A count of annual energy only: wind comes and goes, a smelter cannot stop, so matching a year's kWh is not supplying the smelter.

# %%
zhanatas_gwh = derived_quantity(zhanatas, "zhanatas_annual_generation_gwh")
farms = (electricity / zhanatas_gwh).to("dimensionless")
table.add("pavlodar_in_zhanatas_farms_count", farms,
          "Zhanatas wind farms whose annual generation adds up to the smelter's electricity",
          "electricity / zhanatas_annual_generation_gwh", ["pavlodar_electricity_twh", "zhanatas_annual_generation_gwh"],
          unit="count")
national = Q_(kazakhstan_generation_twh, "TWh")
share = energy.share(electricity, national)
table.add("pavlodar_share_of_kazakhstan_generation_pct", share, "smelter electricity as a share of Kazakhstan's 2023 generation",
          "electricity / kazakhstan_generation", ["pavlodar_electricity_twh", "kazakhstan_generation_2023"], unit="percent")
print(f"The smelter needs the output of {farms.magnitude:.1f} Zhanatas wind farms ({fmt(zhanatas_gwh)} each), "
      f"or {fmt(share, sig=2)} of Kazakhstan's 2023 generation.")

# %% [markdown]
# ## Against the record
#
# The plant's design capacity is 250,000 t (the article says 240,000 t): so say a report of 2010, its builder and its owner in 2020, and no rerating is reported; 240,000 t was the third stage of a plan of 2004. Its first stage started in December 2007 (ITAR-TASS, January 2008). "New" and "first" are two separate claims. Kazakhstan's industry ministry called it the country's only producer of primary aluminium in July 2024, its builder calls it the only electrolytic aluminium plant since independence, and a headline of 2013 has President Nazarbayev call for a "second aluminum smelter" (the report's body speaks of a second anode plant): all fit "first" without stating it, and no earlier smelter was found, so the audit calls "first" compatible, not confirmed. "New" is a matter of wording for a plant that had been running for more than sixteen years when the article appeared; its age does not argue against "first".

# %%
design = quantity(reference, "pavlodar_design_capacity")
started = date_of(reference, "pavlodar_first_stage_start")
published = date_of(reference, "article_publication")
age_months = energy.months_between(started, published)
design_electricity = energy.electricity_for_output(design, intensity)
table.add("pavlodar_article_to_design_ratio", tonnes / design, "the article's capacity over the 250,000 t design",
          "capacity_t / 250000 t", ["pavlodar_capacity", "pavlodar_design_capacity"], unit="dimensionless")
table.add("pavlodar_design_electricity_twh", design_electricity, "electricity at the 250,000 t design capacity",
          "250000 t * kwh_per_t", ["pavlodar_design_capacity", "aluminium_kwh_per_t"], unit="TWh")
table.add("pavlodar_age_at_article_months", Q_(age_months, "month"), "months from the first stage to the article",
          "months_between(2007-12, 2024-07)", ["pavlodar_first_stage_start", "article_publication", "pavlodar_first_plant"],
          unit="month")
print(f"The article's {fmt(tonnes)} is {fmt((tonnes / design).to('percent'))} of the {fmt(design)} design capacity "
      f"({fmt(design_electricity)} a year at full design output).")
print(f"The first stage started in {started:%B %Y}: {age_months} months ({age_months / 12:.1f} years) before the article.")

# %% [markdown]
# ## Checks

# %%
assert abs((load * energy.hours(hours_per_year)).to("TWh").magnitude - electricity.magnitude) < 1e-9 * electricity.magnitude
assert abs((farms * zhanatas_gwh).to("TWh").magnitude - electricity.magnitude) < 1e-9 * electricity.magnitude
assert intensities["range low"] <= intensities["world 2015"] <= intensities["range high"]
assert 0 < share.to("").magnitude < 1
print("All checks passed.")

# %% [markdown]
# ## Plot

# %%
rows = [(f"Smelter, {capacity_t:,.0f} t at {kwh_per_t:,.0f} kWh/t", electricity.magnitude, HIGHLIGHT),
        (f"Smelter at the world average ({intensities['world 2015'].magnitude:,.0f} kWh/t)", world.magnitude, OKABE_ITO["orange"]),
        (f"Smelter at its {design.magnitude:,.0f} t design capacity", design_electricity.magnitude, OKABE_ITO["reddish purple"]),
        ("Zhanatas wind farm, a year's output", zhanatas_gwh.to("TWh").magnitude, WIND)]
fig, ax = plt.subplots(figsize=(8, 3.4))
bars = ax.barh([r[0] for r in rows], [r[1] for r in rows], color=[r[2] for r in rows])
ax.bar_label(bars, labels=[f"{r[1]:.2f} TWh" for r in rows], padding=4)
ax.set_xlim(0, max(r[1] for r in rows) * 1.25)
ax.invert_yaxis()
ax.set_xlabel("Electricity a year (TWh)")
ax.set_title(f"Pavlodar smelter needs {farms.magnitude:.1f} Zhanatas wind farms of electricity")
description = (f"Horizontal bars: the smelter needs {electricity.magnitude:.2f} TWh a year ({world.magnitude:.2f} at the "
               f"world average, {design_electricity.magnitude:.2f} at design capacity) against Zhanatas's "
               f"{zhanatas_gwh.to('TWh').magnitude:.2f} TWh.")
step.save_figure(fig, "06-pavlodar-electricity", description)

# %% [markdown]
# ## The derived table

# %%
step.write(table)
table.display()

# %% tags=["summary-source"]
summary_box.update(summary([
    (f"{fmt(tonnes)} of aluminium a year needs {fmt(electricity)} of electricity ({fmt(world)} at the world average "
    f"intensity): a steady load of {fmt(load)}, {fmt(share, sig=2)} of Kazakhstan's 2023 generation."),
    (f"That is the annual output of {fmt(farms, sig=2)} Zhanatas wind farms, though a year's kWh from wind cannot "
    "run a smelter that never stops."),
    (f"The article's capacity is {fmt((tonnes / design).to('percent'), sig=2)} of the plant's design capacity. Its "
    f"first stage started in {started:%B %Y}, {age_months} months before the article: its age does not argue against \"the first\" "
    "plant; \"new\" is a separate claim, loose for a plant of that age."),
], "07-global-renewables-2023", "turns to the world's renewable additions."))
