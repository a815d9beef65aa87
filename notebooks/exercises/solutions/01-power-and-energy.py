# ---
# jupyter:
#   energycoop:
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
# Five short exercises on the article's power projects. Each asks for one number **with its unit**, as a pint quantity: `Q_(350, "GWh")`. Run the check cell under your answer: it says right or wrong, and why.
#
# The answers are computed from the article's figures (`data/article.csv`); the glossary in `11-units-and-pitfalls.ipynb` defines every term.

# %% tags=["parameters"]
strict: bool = False  # if True, a wrong or missing answer stops the notebook (for autograding with papermill)

# %%
from energycoop import params

strict = params.choice("strict", strict, [True, False])

# %%
from energycoop.exercises import check
from energycoop.units import Q_

# %% [markdown]
# ## 1. Turgusun's capacity factor
#
# Turgusun has 24.9 MW installed and generates 79.8 million kWh in an average year. What is its capacity factor, over a year of 8,760 hours?

# %% tags=["answer"]
answer = (Q_(79.8, "GWh") / (Q_(24.9, "MW") * Q_(8760, "h"))).to("dimensionless")
answer

# %%
check("turgusun_capacity_factor", answer, strict)

# %% [markdown] tags=["solution"]
# **Worked solution.** $CF = E / (P \times 8760\ \text{h}) = 79.8\ \text{GWh} / (24.9\ \text{MW} \times 8760\ \text{h}) = 0.366$, about 37%. Without the hours, 79.8 / 24.9 = 3.2 is GWh per MW (thousands of hours), not a share.

# %% [markdown]
# ## 2. Zhanatas's full-load hours
#
# Zhanatas has 40 turbines of 2.5 MW and generates about 350 million kWh a year. How many hours at full power give that output?

# %% tags=["answer"]
answer = (Q_(350, "GWh") / (40 * Q_(2.5, "MW"))).to("h")
answer

# %%
check("zhanatas_full_load_hours", answer, strict)

# %% [markdown] tags=["solution"]
# **Worked solution.** The farm's capacity is 40 × 2.5 MW = 100 MW, so $h = E / P = 350\ \text{GWh} / 100\ \text{MW} = 3{,}500\ \text{h}$: 40% of the year's 8,760 hours.

# %% [markdown]
# ## 3. The coal rate behind "about 110,000 t of standard coal"
#
# The article says Zhanatas saves about 110,000 t of standard coal a year for its 350 million kWh. How many grams of coal equivalent per kWh does that imply? (In the collection's units, standard coal is `tce` and grams of it `gce`.)

# %% tags=["answer"]
answer = (Q_(110000, "tce") / Q_(350, "GWh")).to("gce/kWh")
answer

# %%
check("zhanatas_coal_rate", answer, strict)

# %% [markdown] tags=["solution"]
# **Worked solution.** $110{,}000\ \text{t} \times 10^6\ \text{g/t} \div 350 \times 10^6\ \text{kWh} = 314\ \text{gce/kWh}$, a little above the 300 to 305 of Chinese coal plants.

# %% [markdown]
# ## 4. "510 million kW"
#
# The world added 510 million kW of renewable capacity in 2023. How many GW is that?

# %% tags=["answer"]
answer = Q_(510e6, "kW").to("GW")
answer

# %%
check("world_additions_gw", answer, strict)

# %% [markdown] tags=["solution"]
# **Worked solution.** $510 \times 10^6\ \text{kW} = 510 \times 10^9\ \text{W} = 510\ \text{GW}$. Reading it as 510 MW is a factor of 1,000 too small.

# %% [markdown]
# ## 5. The energy in the coal saved
#
# How much energy, in PJ, is in 110,000 t of standard coal (a tonne of coal equivalent is 29.3076 GJ)?

# %% tags=["answer"]
answer = Q_(110000, "tce").to("PJ")
answer

# %%
check("zhanatas_coal_energy", answer, strict)

# %% [markdown] tags=["solution"]
# **Worked solution.** $110{,}000 \times 29.3076\ \text{GJ} = 3.22 \times 10^6\ \text{GJ} = 3.22\ \text{PJ}$. With the oil tonne (41.868 GJ) it would be 4.61 PJ: 43% too much.
