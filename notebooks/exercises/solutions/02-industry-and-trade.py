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
# 6 exercises on the article's figures. Each numeric answer is one number **with its unit**: a string as you would write it, `"about 350 GWh"`, or a pint quantity, `Q_(350, "GWh")`. The precision you write is the precision you claim: `"37 %"` means 36.5 to 37.5 %, so round to the nearest, and give at least two significant figures. A share or a ratio has no unit: write it as a fraction (`"0.37"`) or a percentage (`"37 %"`); a plain number with no unit is read as a fraction, and a count (farms, times) as a plain number (`"9 farms"`). A bound is written with its direction (`"at least 255 GW"`), a verdict with its words (`"compatible"`). Run the check cell under your answer: it says right or wrong, and why. Stuck? Open the hints one at a time: the first is a nudge, the second the formula. The open questions ask for a few sentences, as text; your teacher marks them.
#
# The answers are computed from the article's figures (`data/article.csv`) and the reference values (`data/reference.csv`); the glossary in `11-units-and-pitfalls.ipynb` defines every term.

# %% [markdown] tags=["intro"]
# **Learning objectives.** After these 6 exercises (exercises 8 to 13) you can:
#
# - undo a year-on-year growth rate (back-calculation)
# - read a bound ("over half") as a bound
# - work with exchange rates, barrels a day and the electricity of an industry
#
# **Prerequisites.** Read first: `05-atyrau-refinery.ipynb`, `06-pavlodar-aluminium.ipynb`, `08-vehicles-and-trade.ipynb`.
#
# **Time.** About 34 minutes working alone (2 at level 1, 2 at level 2, 2 at level 3; the time for each is under its title).

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
from energycoop.quantities.units import Q_
from energycoop.teaching.exercises import checker

check = checker(seed, strict)

# %% [markdown] tags=["question"]
# ## 8. China's NEV exports in 2022
#
# *Skill: growth rates and back-calculation; level 2 (2 points); about 5 minutes.*
#
# NEV exports reached 1.2 million units in 2023, "a year-on-year increase of 77.6 percent". How many were exported in 2022, in millions?

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# Growth is measured on the earlier year: 2023 = 2022 × (1 + growth).
#
# <details><summary>Hint 2</summary>
#
# 2022 = 2023 ÷ (1 + g), with g as a fraction (77.6 percent is 0.776). Subtracting g does not undo it.
#
# </details></details>

# %% tags=["answer"]
answer = (Q_(1.2, "million") / (1 + 0.776)).to("million")
print(exercises.show_answer(answer))

# %%
check("nev_exports_2022", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** $x_{2022} = x_{2023} / (1 + g) = 1.2 / 1.776 = 0.676$ million. Taking 77.6% off 1.2 million (0.269 million) is wrong: growth is measured on the earlier year.

# %% [markdown] tags=["question"]
# ## 9. What "over half" tells us
#
# *Skill: bounds and qualifiers; level 1 (1 point); about 3 minutes.*
#
# China contributed "over half" of the world's 510 million kW of new renewable capacity in 2023. What does that say about how many GW China added? Give a bound in GW, in words ("at least ..." or "at most ...").

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# "Over" tells you which side of a number the truth is on, not where it is.
#
# <details><summary>Hint 2</summary>
#
# Half of the world's additions is one end of the range; say whether China's additions are above or below it.
#
# </details></details>

# %% tags=["answer"]
answer = "at least 255 GW"
print(exercises.show_answer(answer))

# %%
check("china_additions_lower_bound", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** Half of 510 GW is 255 GW, and \"over half\" makes it a lower bound: China added at least 255 GW (in fact nearer 300 GW). "Over" never gives a value, only a bound.

# %% [markdown] tags=["question"]
# ## 10. The smelter in Zhanatas wind farms
#
# *Skill: ratios of energy; level 3 (3 points); about 8 minutes.*
#
# An aluminium smelter making 240,000 t a year uses about 13,599 kWh per tonne. How many Zhanatas wind farms (350 million kWh a year each) would produce that much electricity in a year?

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# Two steps: first the smelter's electricity in a year, then how many farm-years that is.
#
# <details><summary>Hint 2</summary>
#
# Electricity = tonnes × kWh per tonne; farms = that ÷ one farm's yearly output (same units).
#
# </details></details>

# %% tags=["answer"]
answer = (Q_(240000, "t") * Q_(13599, "kWh/t") / Q_(350, "GWh")).to("dimensionless")
print(exercises.show_answer(answer))

# %%
check("smelter_in_zhanatas_farms", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** $240{,}000\ \text{t} \times 13{,}599\ \text{kWh/t} = 3.26\ \text{TWh}$; $3{,}264\ \text{GWh} / 350\ \text{GWh} = 9.3$ farms. As a string, \"9 farms\" is right too: 9 stands for 8.5 to 9.5.

# %% [markdown] tags=["question"]
# ## 11. The exchange rate inside the trade figure
#
# *Skill: exchange rates; level 1 (1 point); about 3 minutes.*
#
# The "new three" exports were worth 1.06 trillion yuan (145.6 billion US dollars). What exchange rate, in yuan per dollar, do the two amounts imply?

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# "Yuan per dollar" tells you what goes on top.
#
# <details><summary>Hint 2</summary>
#
# Rate = yuan ÷ dollars; a trillion is 1,000 billion.
#
# </details></details>

# %% tags=["answer"]
answer = (Q_(1.06, "trillion * CNY") / Q_(145.6, "billion * USD")).to("CNY/USD")
print(exercises.show_answer(answer))

# %%
check("new_three_rate", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** $1{,}060 \times 10^9\ \text{CNY} / 145.6 \times 10^9\ \text{USD} = 7.28\ \text{CNY/USD}$: weaker than any 2023 fixing (the 2023 average was 7.0467).

# %% [markdown] tags=["question"]
# ## 12. Atyrau's crude in barrels a day
#
# *Skill: units: barrels, mass and time; level 2 (2 points); about 5 minutes.*
#
# The refinery processes 5.5 million tonnes of crude a year. At 7.32 barrels per tonne, how many oil barrels a day is that?

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# A year's tonnes → a day's tonnes → a day's barrels.
#
# <details><summary>Hint 2</summary>
#
# Barrels a day = tonnes a year ÷ 365 × barrels per tonne. In pint, the 42-gallon oil barrel is `oil_bbl`; pint's `bbl` is another barrel.
#
# </details></details>

# %% tags=["answer"]
answer = (Q_(5.5, "Mt") / Q_(365, "day") * Q_(7.32, "oil_bbl/t")).to("oil_bbl/day")
print(exercises.show_answer(answer))

# %%
check("atyrau_barrels_per_day", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** $5.5 \times 10^6\ \text{t} / 365 = 15{,}068\ \text{t/day}$; $\times 7.32 = 110{,}301$ barrels a day. The 7.32 barrels per tonne count 42-gallon oil barrels. The usual slip is to give the right number in the other barrel, the plain US barrel of 31.5 gallons: 110,301 of those a day is a quarter less oil (82,700 oil barrels a day; notebook 11, pitfall "barrel", wrong ÷ right = 0.75). The other way round, converting to 31.5-gallon barrels and calling the result oil barrels gives 147,000, a third too many.

# %% [markdown] tags=["question"]
# ## 13. Could wind farms run the smelter?
#
# *Skill: physical reasoning; level 3 (open question, marked by your teacher); about 10 minutes.*
#
# Your last answers say how many Zhanatas farms make as much electricity in a year as the smelter uses. In two to four sentences, say why equal yearly totals do not mean those farms could run the smelter, and what else would be needed. Write your answer as text: `answer = """..."""`.

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# Think hour by hour, not year by year: does the smelter stop when the wind does?
#
# <details><summary>Hint 2</summary>
#
# Compare the smelter's steady power (energy ÷ 8,760 h) with a farm's output on a calm day.
#
# </details></details>

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
