# ---
# jupyter:
#   energycoop:
#     exercises:
#       seed: 0
#       set: 02-industry-and-trade
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
# Six short exercises on the article's industry and trade figures. Each numeric answer is one number **with its unit**: a pint quantity, `Q_(350, "GWh")`, or a string as you would write it, `"about 350 GWh"`. The precision you write is the precision you claim: `"37 %"` means 36.5 to 37.5 %, so round to the nearest, and give at least two significant figures. Run the check cell under your answer: it says right or wrong, and why. The open questions ask for a few sentences, as text; your teacher marks them.
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
# ## 8. China's NEV exports in 2022
#
# *Skill: growth rates; level 2 (2 points).*
#
# NEV exports reached 1.2 million units in 2023, "a year-on-year increase of 77.6 percent". How many were exported in 2022, in millions?

# %% tags=["answer"]
answer = (Q_(1.2, "million") / (1 + 0.776)).to("million")
answer

# %%
check("nev_exports_2022", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** $x_{2022} = x_{2023} / (1 + g) = 1.2 / 1.776 = 0.676$ million. Taking 77.6% off 1.2 million (0.269 million) is wrong: growth is measured on the earlier year.

# %% [markdown] tags=["question"]
# ## 9. What "over half" tells us
#
# *Skill: bounds and qualifiers; level 1 (1 point).*
#
# China contributed "over half" of the world's 510 million kW of new renewable capacity in 2023. At least how many GW did China add? (Give the bound as a number in GW.)

# %% tags=["answer"]
answer = "at least 255 GW"
answer

# %%
check("china_additions_lower_bound", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** Half of 510 GW is 255 GW, and \"over half\" makes it a lower bound: China added at least 255 GW (in fact nearer 300 GW). "Over" never gives a value, only a bound.

# %% [markdown] tags=["question"]
# ## 10. The smelter in Zhanatas wind farms
#
# *Skill: ratios of energy; level 3 (3 points).*
#
# An aluminium smelter making 240,000 t a year uses about 13,599 kWh per tonne. How many Zhanatas wind farms (350 million kWh a year each) would produce that much electricity in a year?

# %% tags=["answer"]
answer = (Q_(240000, "t") * Q_(13599, "kWh/t") / Q_(350, "GWh")).to("dimensionless")
answer

# %%
check("smelter_in_zhanatas_farms", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** $240{,}000\ \text{t} \times 13{,}599\ \text{kWh/t} = 3.26\ \text{TWh}$; $3{,}264\ \text{GWh} / 350\ \text{GWh} = 9.3$ farms. As a string, \"9 farms\" is right too: 9 stands for 8.5 to 9.5.

# %% [markdown] tags=["question"]
# ## 11. The exchange rate inside the trade figure
#
# *Skill: exchange rates; level 1 (1 point).*
#
# The "new three" exports were worth 1.06 trillion yuan (145.6 billion US dollars). What exchange rate, in yuan per dollar, do the two amounts imply?

# %% tags=["answer"]
answer = (Q_(1.06, "trillion * CNY") / Q_(145.6, "billion * USD")).to("CNY/USD")
answer

# %%
check("new_three_rate", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** $1{,}060 \times 10^9\ \text{CNY} / 145.6 \times 10^9\ \text{USD} = 7.28\ \text{CNY/USD}$: weaker than any 2023 fixing (the 2023 average was 7.0467).

# %% [markdown] tags=["question"]
# ## 12. Atyrau's crude in barrels a day
#
# *Skill: volume, mass and time; level 2 (2 points).*
#
# The refinery processes 5.5 million tonnes of crude a year. At 7.32 barrels per tonne, how many oil barrels a day is that? (In pint, an oil barrel is `oil_bbl`.)

# %% tags=["answer"]
answer = (Q_(5.5, "Mt") / Q_(365, "day") * Q_(7.32, "oil_bbl/t")).to("oil_bbl/day")
answer

# %%
check("atyrau_barrels_per_day", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** $5.5 \times 10^6\ \text{t} / 365 = 15{,}068\ \text{t/day}$; $\times 7.32 = 110{,}301$ barrels a day. Pint's plain `bbl` is a 31.5-gallon barrel: using it would give a third more barrels.

# %% [markdown] tags=["question"]
# ## 13. Could wind farms run the smelter?
#
# *Skill: physical reasoning; level 3 (open question, marked by your teacher).*
#
# Your last answers say how many Zhanatas farms make as much electricity in a year as the smelter uses. In two to four sentences, say why equal yearly totals do not mean those farms could run the smelter, and what else would be needed. Write your answer as text: `answer = """..."""`.

# %% tags=["answer"]
answer = """
A smelter draws the same power day and night: about 3.26 TWh / 8,760 h = 370 MW, all year. Wind farms
make 350 million kWh each only on average, at 40% capacity factor, and some hours they make almost
nothing, so nine farms would leave the smelter without power on calm days, and the pots would freeze.
It would also need storage or a grid connection to coal, gas or hydro plants to fill the gaps.
"""

# %%
check("smelter_on_wind", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** A good answer says that the smelter needs a steady load (about 370 MW, every hour), that wind output varies (a 40% capacity factor is an average over calm and windy hours), and that firm supply, storage or the grid would have to fill the gaps. The rubric is in `TEACHING.md`.
