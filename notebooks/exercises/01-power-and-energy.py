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
# # Exercises 1: power and energy (exercises)
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
from energycoop.units import Q_  # noqa: F401 (for your answers)

# %% [markdown]
# ## 1. Turgusun's capacity factor
#
# Turgusun has 24.9 MW installed and generates 79.8 million kWh in an average year. What is its capacity factor, over a year of 8,760 hours?

# %% tags=["answer"]
answer = ...  # your answer, as a pint quantity: Q_(value, "unit")

# %%
check("turgusun_capacity_factor", answer, strict)

# %% [markdown]
# ## 2. Zhanatas's full-load hours
#
# Zhanatas has 40 turbines of 2.5 MW and generates about 350 million kWh a year. How many hours at full power give that output?

# %% tags=["answer"]
answer = ...  # your answer, as a pint quantity: Q_(value, "unit")

# %%
check("zhanatas_full_load_hours", answer, strict)

# %% [markdown]
# ## 3. The coal rate behind "about 110,000 t of standard coal"
#
# The article says Zhanatas saves about 110,000 t of standard coal a year for its 350 million kWh. How many grams of coal equivalent per kWh does that imply? (In the collection's units, standard coal is `tce` and grams of it `gce`.)

# %% tags=["answer"]
answer = ...  # your answer, as a pint quantity: Q_(value, "unit")

# %%
check("zhanatas_coal_rate", answer, strict)

# %% [markdown]
# ## 4. "510 million kW"
#
# The world added 510 million kW of renewable capacity in 2023. How many GW is that?

# %% tags=["answer"]
answer = ...  # your answer, as a pint quantity: Q_(value, "unit")

# %%
check("world_additions_gw", answer, strict)

# %% [markdown]
# ## 5. The energy in the coal saved
#
# How much energy, in PJ, is in 110,000 t of standard coal (a tonne of coal equivalent is 29.3076 GJ)?

# %% tags=["answer"]
answer = ...  # your answer, as a pint quantity: Q_(value, "unit")

# %%
check("zhanatas_coal_energy", answer, strict)
