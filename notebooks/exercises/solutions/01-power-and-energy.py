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
# # Exercises 1: power and energy (worked solutions)
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
from energycoop.units import Q_

check = checker(seed, strict)

# %% [markdown] tags=["question"]
# ## 1. Turgusun's capacity factor
#
# *Skill: capacity factor; level 2 (2 points).*
#
# Turgusun has 24.9 MW installed and generates 79.8 million kWh in an average year. What is its capacity factor, over a year of 8,760 hours?

# %% tags=["answer"]
answer = (Q_(79.8, "GWh") / (Q_(24.9, "MW") * Q_(8760, "h"))).to("percent")
answer

# %%
check("turgusun_capacity_factor", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** $CF = E / (P \times 8760\ \text{h}) = 79.8\ \text{GWh} / (24.9\ \text{MW} \times 8760\ \text{h}) = 0.366$, about 37%. Without the hours, 79.8 / 24.9 = 3.2 is GWh per MW (thousands of hours), not a share.

# %% [markdown] tags=["question"]
# ## 2. Zhanatas's full-load hours
#
# *Skill: capacity and energy; level 2 (2 points).*
#
# Zhanatas has 40 turbines of 2.5 MW and generates about 350 million kWh a year. How many hours at full power give that output?

# %% tags=["answer"]
answer = (Q_(350, "GWh") / (40 * Q_(2.5, "MW"))).to("h")
answer

# %%
check("zhanatas_full_load_hours", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** The farm's capacity is 40 × 2.5 MW = 100 MW, so $h = E / P = 350\ \text{GWh} / 100\ \text{MW} = 3{,}500\ \text{h}$: 40% of the year's 8,760 hours.

# %% [markdown] tags=["question"]
# ## 3. The coal rate behind the coal saved
#
# *Skill: rates in coal equivalent; level 2 (2 points).*
#
# Zhanatas is said to save about 110,000 t of standard coal a year for its 350 million kWh. How many grams of coal equivalent per kWh does that imply? (In the collection's units, standard coal is `tce` and grams of it `gce`.)

# %% tags=["answer"]
answer = (Q_(110000, "tce") / Q_(350, "GWh")).to("gce/kWh")
answer

# %%
check("zhanatas_coal_rate", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** $110{,}000\ \text{t} \times 10^6\ \text{g/t} \div 350 \times 10^6\ \text{kWh} = 314\ \text{gce/kWh}$, a little above the 300 to 305 of Chinese coal plants. Written as a string, "314 gce/kWh" is right; "314 g/kWh" is not: g is a mass, gce an amount of energy.

# %% [markdown] tags=["question"]
# ## 4. "510 million kW" in GW
#
# *Skill: prefixes and large numbers; level 1 (1 point).*
#
# The world added 510 million kW of renewable capacity in 2023. How many GW is that?

# %% tags=["answer"]
answer = "510 GW"
answer

# %%
check("world_additions_gw", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** $510 \times 10^6\ \text{kW} = 510 \times 10^9\ \text{W} = 510\ \text{GW}$. Reading it as 510 MW is a factor of 1,000 too small.

# %% [markdown] tags=["question"]
# ## 5. The energy in the coal saved
#
# *Skill: energy units; level 1 (1 point).*
#
# How much energy, in PJ, is in 110,000 t of standard coal (a tonne of coal equivalent is 29.3076 GJ)?

# %% tags=["answer"]
answer = Q_(110000, "tce").to("PJ")
answer

# %%
check("zhanatas_coal_energy", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** $110{,}000 \times 29.3076\ \text{GJ} = 3.22 \times 10^6\ \text{GJ} = 3.22\ \text{PJ}$. With the oil tonne (41.868 GJ) it would be 4.61 PJ: 43% too much.

# %% [markdown] tags=["question"]
# ## 6. The efficiency the coal saving assumes
#
# *Skill: energy balance; level 3 (3 points).*
#
# If a coal plant burned the 110,000 t of standard coal to make Zhanatas's 350 million kWh, what share of the coal's energy would end up as electricity? (Electricity out over energy in.)

# %% tags=["answer"]
answer = (Q_(350, "GWh") / Q_(110000, "tce")).to("percent")
answer

# %%
check("zhanatas_implied_efficiency", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** $350\ \text{GWh} = 1.26\ \text{PJ}$ and $110{,}000\ \text{tce} = 3.22\ \text{PJ}$, so $\eta = 1.26 / 3.22 = 39\%$: a typical modern coal plant. It is the coal rate turned over: $1\ \text{kWh} / 314\ \text{gce} = 3.6\ \text{MJ} / 9.2\ \text{MJ}$.

# %% [markdown] tags=["question"]
# ## 7. Is the coal saving believable?
#
# *Skill: judging a claim; level 3 (open question, marked by your teacher).*
#
# Chinese coal plants burn about 302.5 gce/kWh. Using your answers to exercises 3, 5 and 6, say in two to four sentences whether "saving about 110,000 t of standard coal" fits "350 million kWh", and what the word "about" allows. Write your answer as text: `answer = """..."""`.

# %% tags=["answer"]
answer = """
110,000 t of standard coal for 350 million kWh is 314 gce/kWh, an efficiency of 39%. Chinese coal plants
burn 300 to 305 gce/kWh, so the claim assumes a slightly less efficient plant than the average: it fits.
"About" 110,000 t covers 105,000 to 115,000 t, and "about" 350 million kWh 345 to 355 million kWh, so
the rate could be anywhere from about 296 to 333 gce/kWh, which includes the Chinese average.
"""

# %%
check("coal_saving_claim", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** A good answer computes the coal rate (314 gce/kWh) or the efficiency (39%), compares it with Chinese plants (300 to 305 gce/kWh, about 40%), concludes that the claim is consistent (slightly generous), and uses the rounding of both "about" figures (296 to 333 gce/kWh). The rubric is in `TEACHING.md`.
