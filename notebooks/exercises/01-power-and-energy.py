# ---
# jupyter:
#   energycoop:
#     exercises:
#       seed: 0
#       set: 01-power-and-energy
#     reads:
#     - data/article.csv
#     - data/reference.csv
#     writes: []
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

# %% [markdown] tags=["title"]
# # Exercises 1: power and energy (exercises)
#
# 7 exercises on the article's figures. Each numeric answer is one number **with its unit**: a string as you would write it, `"about 350 GWh"`, or a pint quantity, `Q_(350, "GWh")`. The precision you write is the precision you claim: `"37 %"` means 36.5 to 37.5 %, so round to the nearest, and give at least two significant figures. A share or a ratio has no unit: write it as a fraction (`"0.37"`) or a percentage (`"37 %"`); a plain number with no unit is read as a fraction, and a count (farms, times) as a plain number (`"9 farms"`). A bound is written with its direction (`"at least 255 GW"`), a verdict with its words (`"compatible"`). Run the check cell under your answer: it says right or wrong, and why. Stuck? Open the hints one at a time: the first is a nudge, the second the formula. The open questions ask for a few sentences, as text; your teacher marks them.
#
# The answers are computed from the article's figures (`data/article.csv`) and the reference values (`data/reference.csv`); the glossary in `11-units-and-pitfalls.ipynb` defines every term.

# %% [markdown] tags=["intro"]
# **Learning objectives.** After these 7 exercises (exercises 1 to 7) you can:
#
# - tell power (MW) from energy (MWh) and turn one into the other with the hours of a year
# - compute a capacity factor, full-load hours and a coal rate from the article's figures
# - convert between tce, PJ and kWh, and judge whether a coal saving is believable
#
# **Prerequisites.** Read first: `02-zhanatas-wind.ipynb`, `03-turgusun-hydro.ipynb`.
#
# **Time.** About 39 minutes working alone (2 at level 1, 3 at level 2, 2 at level 3; the time for each is under its title).

# %% [markdown] tags=["variant"]
# **Variant: seed 0**, the article's own numbers. (Your teacher may give you a notebook with another seed and other numbers.)

# %% tags=["parameters"]
strict: bool = False  # if True, a wrong or missing answer stops the notebook (for autograding with papermill)
seed: int = 0  # the variant: 0 is the article's own numbers; another seed changes the numbers in the questions

# %%
from energycoop.data import params
from energycoop.teaching import exercises

strict = params.choice("strict", strict, [True, False])
seed = exercises.variant_seed("seed", seed)

# %%
from energycoop.quantities.units import Q_  # noqa: F401 (for your answers)
from energycoop.teaching.exercises import checker

check = checker(seed, strict)

# %% [markdown] tags=["question"]
# ## 1. Turgusun's capacity factor
#
# *Skill: capacity factor; level 2 (2 points); about 5 minutes.*
#
# Turgusun has 24.9 MW installed and generates 79.8 million kWh in an average year. What is its capacity factor, over a year of 8,760 hours?

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# The capacity factor compares what the plant made with what it would make running flat out all year.
#
# <details><summary>Hint 2</summary>
#
# CF = energy ÷ (capacity × hours in the year). Convert both to one energy unit (MWh) first.
#
# </details></details>

# %% tags=["answer"]
answer = ...  # your answer: Q_(value, "unit") or a string such as "12.5 GWh"

# %%
check("turgusun_capacity_factor", answer)

# %% [markdown] tags=["question"]
# ## 2. Zhanatas's full-load hours
#
# *Skill: capacity and energy; level 2 (2 points); about 5 minutes.*
#
# Zhanatas has 40 turbines of 2.5 MW and generates about 350 million kWh a year. How many hours at full power give that output?

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# First find the capacity of the whole farm, not of one turbine.
#
# <details><summary>Hint 2</summary>
#
# Full-load hours = yearly energy ÷ farm capacity (MWh ÷ MW = h). A year has 8,760 hours: your answer must be fewer.
#
# </details></details>

# %% tags=["answer"]
answer = ...  # your answer: Q_(value, "unit") or a string such as "12.5 GWh"

# %%
check("zhanatas_full_load_hours", answer)

# %% [markdown] tags=["question"]
# ## 3. The coal rate behind the coal saved
#
# *Skill: rates in coal equivalent; level 2 (2 points); about 5 minutes.*
#
# Zhanatas is said to save about 110,000 t of standard coal a year for its 350 million kWh. How many grams of coal equivalent per kWh does that imply? (In the collection's units, standard coal is `tce` and grams of it `gce`.)

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# A rate per kWh: the coal goes on top, the electricity below.
#
# <details><summary>Hint 2</summary>
#
# Coal rate = coal ÷ electricity. Turn tonnes into grams (× 10⁶) and million kWh into kWh (× 10⁶).
#
# </details></details>

# %% tags=["answer"]
answer = ...  # your answer: Q_(value, "unit") or a string such as "12.5 GWh"

# %%
check("zhanatas_coal_rate", answer)

# %% [markdown] tags=["question"]
# ## 4. "510 million kW" in wind farms
#
# *Skill: prefixes and large numbers; level 1 (1 point); about 3 minutes.*
#
# The world added 510 million kW of renewable capacity in 2023. How many wind farms the size of Zhanatas (40 turbines of 2.5 MW) is that?

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# Put both capacities in the same unit first: "million kW" and MW differ by a prefix.
#
# <details><summary>Hint 2</summary>
#
# 1 million kW = 10⁶ kW = 1,000 MW = 1 GW; farms = world additions ÷ one farm's capacity.
#
# </details></details>

# %% tags=["answer"]
answer = ...  # your answer: Q_(value, "unit") or a string such as "12.5 GWh"

# %%
check("world_additions_in_farms", answer)

# %% [markdown] tags=["question"]
# ## 5. The energy in the coal saved
#
# *Skill: energy units; level 1 (1 point); about 3 minutes.*
#
# How much energy, in PJ, is in 110,000 t of standard coal (a tonne of coal equivalent is 29.3076 GJ)?

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# "Standard coal" is already an amount of energy: multiply by the energy per tonne.
#
# <details><summary>Hint 2</summary>
#
# Energy = tonnes × GJ per tonne; 1 PJ = 10⁶ GJ.
#
# </details></details>

# %% tags=["answer"]
answer = ...  # your answer: Q_(value, "unit") or a string such as "12.5 GWh"

# %%
check("zhanatas_coal_energy", answer)

# %% [markdown] tags=["question"]
# ## 6. The efficiency the coal saving assumes
#
# *Skill: energy balance; level 3 (3 points); about 8 minutes.*
#
# If a coal plant burned the 110,000 t of standard coal to make Zhanatas's 350 million kWh, what share of the coal's energy would end up as electricity? (Electricity out over energy in.)

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# Put the electricity and the coal's energy in the same unit before you divide.
#
# <details><summary>Hint 2</summary>
#
# η = electricity ÷ (tonnes × 29.3076 GJ/t), with 1 kWh = 3.6 MJ. No machine gives more than 100 %.
#
# </details></details>

# %% tags=["answer"]
answer = ...  # your answer: Q_(value, "unit") or a string such as "12.5 GWh"

# %%
check("zhanatas_implied_efficiency", answer)

# %% [markdown] tags=["question"]
# ## 7. Is the coal saving believable?
#
# *Skill: judging a claim; level 3 (open question, marked by your teacher); about 10 minutes.*
#
# Chinese coal plants burn about 302.5 gce/kWh. Using your answers to exercises 3, 5 and 6, say in two to four sentences whether "saving about 110,000 t of standard coal" fits "350 million kWh", and what the word "about" allows. Write your answer as text: `answer = """..."""`.

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# Compare your coal rate with the Chinese plants' rate: close, or far?
#
# <details><summary>Hint 2</summary>
#
# "About 110,000" stands for 105,000 to 115,000: work out the lowest and highest coal rate the rounding allows.
#
# </details></details>

# %% tags=["answer"]
answer = ...  # your answer as text: answer = """..."""

# %%
check("coal_saving_claim", answer)
