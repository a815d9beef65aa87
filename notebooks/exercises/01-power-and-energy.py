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
# Seven short exercises on the article's power projects. Each numeric answer is one number **with its unit**: a pint quantity, `Q_(350, "GWh")`, or a string as you would write it, `"about 350 GWh"`. The precision you write is the precision you claim: `"37 %"` means 36.5 to 37.5 %, so round to the nearest, and give at least two significant figures. Run the check cell under your answer: it says right or wrong, and why. The open questions ask for a few sentences, as text; your teacher marks them.
#
# The answers are computed from the article's figures (`data/article.csv`) and the reference values (`data/reference.csv`); the glossary in `11-units-and-pitfalls.ipynb` defines every term.

# %% [markdown] tags=["variant"]
# **Variant: seed 0**, the article's own numbers. (Your teacher may give you a notebook with another seed and other numbers.)

# %% tags=["parameters"]
strict: bool = False  # if True, a wrong or missing answer stops the notebook (for autograding with papermill)
seed: int = 0  # the variant: 0 is the article's own numbers; another seed changes the numbers in the questions

# %%
from energycoop import exercises, params

strict = params.choice("strict", strict, [True, False])
seed = exercises.variant_seed("seed", seed)

# %%
from energycoop.exercises import checker
from energycoop.units import Q_  # noqa: F401 (for your answers)

check = checker(seed, strict)

# %% [markdown] tags=["question"]
# ## 1. Turgusun's capacity factor
#
# *Skill: capacity factor; level 2 (2 points).*
#
# Turgusun has 24.9 MW installed and generates 79.8 million kWh in an average year. What is its capacity factor, over a year of 8,760 hours?

# %% tags=["answer"]
answer = ...  # your answer: Q_(value, "unit") or a string such as "3.2 PJ"

# %%
check("turgusun_capacity_factor", answer)

# %% [markdown] tags=["question"]
# ## 2. Zhanatas's full-load hours
#
# *Skill: capacity and energy; level 2 (2 points).*
#
# Zhanatas has 40 turbines of 2.5 MW and generates about 350 million kWh a year. How many hours at full power give that output?

# %% tags=["answer"]
answer = ...  # your answer: Q_(value, "unit") or a string such as "3.2 PJ"

# %%
check("zhanatas_full_load_hours", answer)

# %% [markdown] tags=["question"]
# ## 3. The coal rate behind the coal saved
#
# *Skill: rates in coal equivalent; level 2 (2 points).*
#
# Zhanatas is said to save about 110,000 t of standard coal a year for its 350 million kWh. How many grams of coal equivalent per kWh does that imply? (In the collection's units, standard coal is `tce` and grams of it `gce`.)

# %% tags=["answer"]
answer = ...  # your answer: Q_(value, "unit") or a string such as "3.2 PJ"

# %%
check("zhanatas_coal_rate", answer)

# %% [markdown] tags=["question"]
# ## 4. "510 million kW" in GW
#
# *Skill: prefixes and large numbers; level 1 (1 point).*
#
# The world added 510 million kW of renewable capacity in 2023. How many GW is that?

# %% tags=["answer"]
answer = ...  # your answer: Q_(value, "unit") or a string such as "3.2 PJ"

# %%
check("world_additions_gw", answer)

# %% [markdown] tags=["question"]
# ## 5. The energy in the coal saved
#
# *Skill: energy units; level 1 (1 point).*
#
# How much energy, in PJ, is in 110,000 t of standard coal (a tonne of coal equivalent is 29.3076 GJ)?

# %% tags=["answer"]
answer = ...  # your answer: Q_(value, "unit") or a string such as "3.2 PJ"

# %%
check("zhanatas_coal_energy", answer)

# %% [markdown] tags=["question"]
# ## 6. The efficiency the coal saving assumes
#
# *Skill: energy balance; level 3 (3 points).*
#
# If a coal plant burned the 110,000 t of standard coal to make Zhanatas's 350 million kWh, what share of the coal's energy would end up as electricity? (Electricity out over energy in.)

# %% tags=["answer"]
answer = ...  # your answer: Q_(value, "unit") or a string such as "3.2 PJ"

# %%
check("zhanatas_implied_efficiency", answer)

# %% [markdown] tags=["question"]
# ## 7. Is the coal saving believable?
#
# *Skill: judging a claim; level 3 (open question, marked by your teacher).*
#
# Chinese coal plants burn about 302.5 gce/kWh. Using your answers to exercises 3, 5 and 6, say in two to four sentences whether "saving about 110,000 t of standard coal" fits "350 million kWh", and what the word "about" allows. Write your answer as text: `answer = """..."""`.

# %% tags=["answer"]
answer = ...  # your answer as text: answer = """..."""

# %%
check("coal_saving_claim", answer)
