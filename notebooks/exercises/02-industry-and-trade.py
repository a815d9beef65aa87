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
# # Exercises 2: industry and trade (exercises)
#
# Four short exercises on the article's industry and trade figures. Give each answer **with its unit**, as a pint quantity, and run the check cell under it.

# %% tags=["parameters"]
strict: bool = False  # if True, a wrong or missing answer stops the notebook (for autograding with papermill)

# %%
from energycoop import params

strict = params.choice("strict", strict, [True, False])

# %%
from energycoop.exercises import check
from energycoop.units import Q_  # noqa: F401 (for your answers)

# %% [markdown]
# ## 6. China's NEV exports in 2022
#
# NEV exports reached 1.2 million units in 2023, "a year-on-year increase of 77.6 percent". How many were exported in 2022, in millions?

# %% tags=["answer"]
answer = ...  # your answer, as a pint quantity: Q_(value, "unit")

# %%
check("nev_exports_2022", answer, strict)

# %% [markdown]
# ## 7. The smelter in Zhanatas wind farms
#
# A 240,000 t/yr aluminium smelter uses about 13,599 kWh per tonne. How many Zhanatas wind farms (350 million kWh a year each) would produce that much electricity in a year?

# %% tags=["answer"]
answer = ...  # your answer, as a pint quantity: Q_(value, "unit")

# %%
check("smelter_in_zhanatas_farms", answer, strict)

# %% [markdown]
# ## 8. The exchange rate inside "1.06 trillion yuan ($145.6 billion)"
#
# What exchange rate, in yuan per dollar, do the two amounts imply?

# %% tags=["answer"]
answer = ...  # your answer, as a pint quantity: Q_(value, "unit")

# %%
check("new_three_rate", answer, strict)

# %% [markdown]
# ## 9. Atyrau's crude in barrels a day
#
# The refinery processes 5.5 million tonnes of crude a year. At 7.32 barrels per tonne, how many oil barrels a day is that? (In pint, an oil barrel is `oil_bbl`.)

# %% tags=["answer"]
answer = ...  # your answer, as a pint quantity: Q_(value, "unit")

# %%
check("atyrau_barrels_per_day", answer, strict)
