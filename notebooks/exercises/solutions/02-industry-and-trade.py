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
# # Exercises 2: industry and trade (worked solutions)
#
# Four short exercises on the article's industry and trade figures. Give each answer **with its unit**, as a pint quantity, and run the check cell under it.

# %% tags=["parameters"]
strict: bool = False  # if True, a wrong or missing answer stops the notebook (for autograding with papermill)

# %%
from energycoop import params

strict = params.choice("strict", strict, [True, False])

# %%
from energycoop.exercises import check
from energycoop.units import Q_

# %% [markdown]
# ## 6. China's NEV exports in 2022
#
# NEV exports reached 1.2 million units in 2023, "a year-on-year increase of 77.6 percent". How many were exported in 2022, in millions?

# %% tags=["answer"]
answer = (Q_(1.2, "million") / (1 + 0.776)).to("million")
answer

# %%
check("nev_exports_2022", answer, strict)

# %% [markdown] tags=["solution"]
# **Worked solution.** $x_{2022} = x_{2023} / (1 + g) = 1.2 / 1.776 = 0.676$ million. Taking 77.6% off 1.2 million (0.269 million) is wrong: growth is measured on the earlier year.

# %% [markdown]
# ## 7. The smelter in Zhanatas wind farms
#
# A 240,000 t/yr aluminium smelter uses about 13,599 kWh per tonne. How many Zhanatas wind farms (350 million kWh a year each) would produce that much electricity in a year?

# %% tags=["answer"]
answer = (Q_(240000, "t") * Q_(13599, "kWh/t") / Q_(350, "GWh")).to("dimensionless")
answer

# %%
check("smelter_in_zhanatas_farms", answer, strict)

# %% [markdown] tags=["solution"]
# **Worked solution.** $240{,}000\ \text{t} \times 13{,}599\ \text{kWh/t} = 3.26\ \text{TWh}$; $3{,}264\ \text{GWh} / 350\ \text{GWh} = 9.3$ farms. (Only as a yearly total: wind cannot run a smelter that never stops.)

# %% [markdown]
# ## 8. The exchange rate inside "1.06 trillion yuan ($145.6 billion)"
#
# What exchange rate, in yuan per dollar, do the two amounts imply?

# %% tags=["answer"]
answer = (Q_(1.06, "trillion * CNY") / Q_(145.6, "billion * USD")).to("CNY/USD")
answer

# %%
check("new_three_rate", answer, strict)

# %% [markdown] tags=["solution"]
# **Worked solution.** $1{,}060 \times 10^9\ \text{CNY} / 145.6 \times 10^9\ \text{USD} = 7.28\ \text{CNY/USD}$: weaker than any 2023 fixing (the 2023 average was 7.0467).

# %% [markdown]
# ## 9. Atyrau's crude in barrels a day
#
# The refinery processes 5.5 million tonnes of crude a year. At 7.32 barrels per tonne, how many oil barrels a day is that? (In pint, an oil barrel is `oil_bbl`.)

# %% tags=["answer"]
answer = (Q_(5.5, "Mt") / Q_(365, "day") * Q_(7.32, "oil_bbl/t")).to("oil_bbl/day")
answer

# %%
check("atyrau_barrels_per_day", answer, strict)

# %% [markdown] tags=["solution"]
# **Worked solution.** $5.5 \times 10^6\ \text{t} / 365 = 15{,}068\ \text{t/day}$; $\times 7.32 = 110{,}301$ barrels a day. Pint's plain `bbl` is a 31.5-gallon barrel: using it would give a third more barrels.
