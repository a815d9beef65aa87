# ---
# jupyter:
#   energycoop:
#     exercises:
#       seed: 0
#       set: 04-energy-units-and-charts
#     reads:
#     - data/article.csv
#     - data/reference.csv
#     writes: []
#   jupytext:
#     formats: ipynb,py:percent
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
# # Exercises 4: energy, units and charts (worked solutions)
#
# 8 exercises on the article's figures. Each numeric answer is one number **with its unit**: a string as you would write it, `"about 350 GWh"`, or a pint quantity, `Q_(350, "GWh")`. The precision you write is the precision you claim: `"37 %"` means 36.5 to 37.5 %, so round to the nearest, and give at least two significant figures. A share or a ratio has no unit: write it as a fraction (`"0.37"`) or a percentage (`"37 %"`); a plain number with no unit is read as a fraction, and a count (farms, times) as a plain number (`"9 farms"`). A bound is written with its direction (`"at least 255 GW"`), a verdict with its words (`"compatible"`). Run the check cell under your answer: it says right or wrong, and why. Stuck? Open the hints one at a time: the first is a nudge, the second the formula. The open questions ask for a few sentences, as text; your teacher marks them.
#
# The answers are computed from the article's figures (`data/article.csv`) and the reference values (`data/reference.csv`); the glossary in `11-units-and-pitfalls.ipynb` defines every term.

# %% [markdown] tags=["intro"]
# **Learning objectives.** After these 8 exercises (exercises 23 to 30) you can:
#
# - tell primary energy (coal burned) from electricity delivered
# - see that a saving needs the same generation, not the same capacity
# - handle prefixes and tce at the scale of a country
# - read a log scale, a symmetric log scale and a tornado chart
#
# **Prerequisites.** Read first: `09-energy-on-one-scale.ipynb`, `11-units-and-pitfalls.ipynb`, `12-uncertainty-and-sensitivity.ipynb`.
#
# **Time.** About 40 minutes working alone (1 at level 1, 6 at level 2, 1 at level 3; the time for each is under its title).

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
# ## 23. The farm's output in PJ
#
# *Skill: primary energy against electricity; level 1 (1 point); about 3 minutes.*
#
# Zhanatas makes 350 million kWh a year and is said to save 110,000 t of standard coal. How much energy does the farm deliver in a year, in PJ?

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# What the farm delivers is electricity; the coal is what a coal plant would have burned.
#
# <details><summary>Hint 2</summary>
#
# 1 kWh = 3.6 MJ; 1 PJ = 10⁹ MJ.
#
# </details></details>

# %% tags=["answer"]
answer = Q_(350, "GWh").to("PJ")
print(exercises.show_answer(answer))

# %%
check("farm_output_pj", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** 350 × 10⁶ kWh × 3.6 MJ/kWh = 1.26 × 10⁹ MJ = 1.26 PJ. The 110,000 tce (3.22 PJ) is primary energy a coal plant would have burned to make those 1.26 PJ: adding them (4.5 PJ) counts energy that was never delivered (notebook 9).

# %% [markdown] tags=["question"]
# ## 24. The coal saved for the same generation
#
# *Skill: primary energy against electricity; level 2 (2 points); about 5 minutes.*
#
# A reader says: "Zhanatas's 40 turbines of 2.5 MW replace a coal plant of the same capacity, so they save what that plant burns in a year of 8,760 hours." Zhanatas makes 350 million kWh a year, and Chinese coal plants burn 302.5 gce/kWh. How many tonnes of standard coal does the farm really save in a year?

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# The coal a wind farm saves is the coal that would have made the same kWh.
#
# <details><summary>Hint 2</summary>
#
# Coal = electricity generated × coal rate (gce/kWh); 10⁶ gce = 1 tce.
#
# </details></details>

# %% tags=["answer"]
answer = "106,000 t of standard coal"
print(exercises.show_answer(answer))

# %%
check("coal_saved_same_generation", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** The farm displaces the coal that would have made its 350 million kWh: 350 × 10⁶ kWh × 302.5 gce/kWh = 1.06 × 10¹¹ gce = 105,900 tce, close to the article's 110,000. The reader's version, 100 MW × 8,760 h = 876 million kWh → 265,000 tce, assumes a wind farm generates like a coal plant running flat out: equal capacity is not equal generation.

# %% [markdown] tags=["question"]
# ## 25. The smelter's steady power
#
# *Skill: units and prefixes; level 2 (2 points); about 5 minutes.*
#
# A smelter making 240,000 t of aluminium a year uses 13,599 kWh per tonne. What power, in MW, does it draw on average, over a year of 8,760 hours?

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# Energy in a year, then spread over every hour of the year.
#
# <details><summary>Hint 2</summary>
#
# Power = tonnes × kWh/t ÷ 8,760 h; kWh ÷ h = kW, and 1 MW = 1,000 kW.
#
# </details></details>

# %% tags=["answer"]
answer = (Q_(240_000, "t") * Q_(13_599, "kWh/t") / Q_(8760, "h")).to("MW")
print(exercises.show_answer(answer))

# %%
check("smelter_average_power", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** 240,000 t × 13,599 kWh/t = 3.26 TWh a year; ÷ 8,760 h = 373 MW, every hour. Dividing by 365 (days) instead of 8,760 (hours) gives 24 times too much.

# %% [markdown] tags=["question"]
# ## 26. Kazakhstan's electricity in standard coal
#
# *Skill: units and prefixes: tce; level 2 (2 points); about 5 minutes.*
#
# Kazakhstan generated 113.59 TWh of electricity in 2023. If all of it came from plants burning 302.5 gce/kWh, how many million tonnes of standard coal would that take?

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# Multiply the electricity by the coal per kWh, then sort out the prefixes.
#
# <details><summary>Hint 2</summary>
#
# 1 TWh = 10⁹ kWh; 10⁶ gce = 1 tce; a million tce is 10¹² gce.
#
# </details></details>

# %% tags=["answer"]
answer = "34 million tce"
print(exercises.show_answer(answer))

# %%
check("kazakhstan_in_tce", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** 113.59 TWh = 1.1359 × 10¹¹ kWh; × 302.5 gce/kWh = 3.44 × 10¹³ gce = 3.44 × 10⁷ tce = 34 million tce. A slipped prefix (TWh read as GWh) gives 34,000 tce: a factor of 1,000.

# %%
figure = exercises.chart("log_bar_length", seed)

# %% [markdown] tags=["question"]
# ## 27. Bar lengths on a log scale
#
# *Skill: reading a chart: log scale; level 2 (2 points); about 5 minutes.*
#
# The chart above shows capacities on a log-scale axis, each bar starting at 1 MW: Turgusun's 24.9 MW and the world's 2023 additions of 510 million kW among them. How many times as long as Turgusun's bar is the world's bar?

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# On a log axis, equal distances are equal factors: 1 to 10 is as long as 10 to 100.
#
# <details><summary>Hint 2</summary>
#
# Length from 1 MW = log₁₀(value in MW); compare the two lengths.
#
# </details></details>

# %% tags=["answer"]
answer = "4.1 times"
print(exercises.show_answer(answer))

# %%
check("log_bar_length", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** From 1 MW, Turgusun's bar is log₁₀ 24.9 = 1.40 factors of ten long, the world's log₁₀ 510,000 = 5.71: 5.71 ÷ 1.40 = 4.1 times as long, though the value is 20,000 times larger. On a log scale, length counts factors of ten.

# %% [markdown] tags=["question"]
# ## 28. Halfway on a log scale
#
# *Skill: reading a chart: log scale; level 2 (2 points); about 5 minutes.*
#
# On the same chart, a bar ends exactly halfway between the ends of Turgusun's bar (24.9 MW) and the world's (510 million kW). What capacity, in MW, does it show?

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# Halfway in length is halfway in log₁₀ of the values.
#
# <details><summary>Hint 2</summary>
#
# 10^((log₁₀ a + log₁₀ b) ÷ 2) = √(a × b).
#
# </details></details>

# %% tags=["answer"]
answer = "3,600 MW"
print(exercises.show_answer(answer))

# %%
check("log_midpoint", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** Halfway in length is the mean of the logs: 10^((1.40 + 5.71) ÷ 2) = √(24.9 × 510,000) = 3,564 MW, the geometric mean. The arithmetic mean, 255,000 MW, sits far to the right on a log axis.

# %%
figure = exercises.chart("symlog_bar_ratio", seed)

# %% [markdown] tags=["question"]
# ## 29. Bar lengths on a symmetric log scale
#
# *Skill: reading a chart: symmetric log scale; level 3 (3 points); about 8 minutes.*
#
# The chart above has a symmetric log axis: linear from −1 % to +1 %, and beyond that each factor of ten as long as the linear part on one side. NEV exports grew 77.6 percent; IRENA's count of the 2023 additions (473 GW) differs from the IEA's (510 million kW) by a negative percentage. How many times as long as the IRENA-against-IEA bar is the NEV-growth bar?

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# First the IRENA-against-IEA difference in percent (IRENA ÷ IEA − 1). Then where each bar ends: the sign only says which side.
#
# <details><summary>Hint 2</summary>
#
# Length = 1 + log₁₀(|x| ÷ 1 %) beyond the linear part (and |x| ÷ 1 % inside it); compare the two lengths.
#
# </details></details>

# %% tags=["answer"]
answer = "1.6"
print(exercises.show_answer(answer))

# %%
check("symlog_bar_ratio", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** IRENA against IEA: 473 ÷ 510 − 1 = −7.3 %. Beyond the linear part, a bar's length is 1 + log₁₀(|x| ÷ 1 %): 1 + log₁₀ 77.6 = 2.89 for NEV growth and 1 + log₁₀ 7.25 = 1.86 for IRENA against IEA, so 2.89 ÷ 1.86 = 1.55 times as long. The values differ 10.7 times; counting only the decades (1.89 ÷ 0.86 = 2.2) forgets the linear stretch from 0 to 1 %.

# %%
figure = exercises.chart("tornado_widest_swing", seed)

# %% [markdown] tags=["question"]
# ## 30. Reading a tornado chart
#
# *Skill: reading a chart: tornado; level 2 (2 points); about 4 minutes.*
#
# The tornado chart above moves each input of exercise 10 (Zhanatas farms to match the smelter) over its range while holding the others, and labels each bar's ends. By how many farms does the answer move across the input that matters most?

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# The input that matters most is the widest bar; in a tornado chart it is at the top.
#
# <details><summary>Hint 2</summary>
#
# Swing = the bar's right end − its left end, read from the labels.
#
# </details></details>

# %% tags=["answer"]
answer = "1.04 farms"
print(exercises.show_answer(answer))

# %%
check("tornado_widest_swing", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** The widest bar, at the top, is a farm's yearly output (from the 2020 estimate of 319 million kWh to 355 million kWh, the top of "about 350"): its labels read 9.19 and 10.23, so the answer moves by 10.23 − 9.19 = 1.04 farms. The next bar (the rounding of the smelter's 240,000 t) moves it 0.39 farms, the electricity per tonne least (0.13). Half the bar, or the sum of all bars, is not the swing.
