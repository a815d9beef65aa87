# ---
# jupyter:
#   energycoop:
#     exercises:
#       seed: 0
#       set: 03-reading-claims
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
# # Exercises 3: reading claims (worked solutions)
#
# 9 exercises on the article's figures. Each numeric answer is one number **with its unit**: a string as you would write it, `"about 350 GWh"`, or a pint quantity, `Q_(350, "GWh")`. The precision you write is the precision you claim: `"37 %"` means 36.5 to 37.5 %, so round to the nearest, and give at least two significant figures. A share or a ratio has no unit: write it as a fraction (`"0.37"`) or a percentage (`"37 %"`); a plain number with no unit is read as a fraction, and a count (farms, times) as a plain number (`"9 farms"`). A bound is written with its direction (`"at least 255 GW"`), a verdict with its words (`"compatible"`). Run the check cell under your answer: it says right or wrong, and why. Stuck? Open the hints one at a time: the first is a nudge, the second the formula. The open questions ask for a few sentences, as text; your teacher marks them.
#
# The answers are computed from the article's figures (`data/article.csv`) and the reference values (`data/reference.csv`); the glossary in `11-units-and-pitfalls.ipynb` defines every term.

# %% [markdown] tags=["intro"]
# **Learning objectives.** After these 9 exercises (exercises 14 to 22) you can:
#
# - say what a qualifier ("exceeded", "over") lets you conclude, and in which direction
# - carry the rounding of two figures into the interval of a result
# - tell a difference in percentage points from a percentage difference
# - keep one scope (one agency; additions against capacity) in a ratio
# - turn a claim and its evidence, both intervals, into a verdict
#
# **Prerequisites.** Read first: `07-global-renewables-2023.ipynb`, `10-claims-audit.ipynb`, `11-units-and-pitfalls.ipynb`, `01-power-and-energy.ipynb` (exercises 1 and 3).
#
# **Time.** About 62 minutes working alone (5 at level 2, 4 at level 3; the time for each is under its title).

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
# ## 14. What share of NEVs was exported?
#
# *Skill: bounds and qualifiers; level 2 (2 points); about 5 minutes.*
#
# China's NEV production "exceeded 9 million" in 2023 and 1.2 million units were exported. What can you say about the share of production that was exported? Give a bound as a percentage, in words ("at least ..." or "at most ...").

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# The share is exports ÷ production. Production is a floor: it could be larger; the exports figure is rounded: it could be a little larger too.
#
# <details><summary>Hint 2</summary>
#
# If the divisor can only be larger, can the share be larger or only smaller than (the most the exports can be) ÷ the production figure?
#
# </details></details>

# %% tags=["answer"]
answer = "at most 13.9 %"  # the most "1.2 million" can mean, over a production that exceeded 9 million
print(exercises.show_answer(answer))

# %%
check("nev_export_share_bound", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** "1.2 million" is rounded: it can mean up to 1.25 million. 1.25 million ÷ 9 million = 13.9 %. Production *exceeded* 9 million, so the true divisor is larger and the true share smaller: **at most** 13.9 %. A floor in the denominator and the top of the rounding in the numerator give a ceiling on the ratio (as notebook 08 computes the share). "13.9 %" alone drops the direction; "at least 13.9 %" has it the wrong way round; 1.2 ÷ 9 = 13.3 % forgets the rounding. (CAAM's 1.203 and 9.587 million make it 12.5 %.)

# %% [markdown] tags=["question"]
# ## 15. The lowest coal rate the rounding allows
#
# *Skill: rounding intervals; level 3 (3 points); about 8 minutes.*
#
# "About 110,000 t of standard coal" and "about 350 million kWh" are rounded figures. Each is rounded at the article's last digit: the coal to the nearest 10,000 t, the electricity to the nearest 10 million kWh. What is the lowest coal rate, in gce/kWh, that their rounding allows?

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# A rounded number stands for an interval: "110,000" is anything from 105,000 to 115,000.
#
# <details><summary>Hint 2</summary>
#
# A ratio is lowest with the smallest numerator and the largest denominator: rate = coal_low ÷ electricity_high.
#
# </details></details>

# %% tags=["answer"]
answer = (Q_(105_000, "tce") / Q_(355, "GWh")).to("gce/kWh")
print(exercises.show_answer(answer))

# %%
check("coal_rate_lowest", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** "About 110,000 t" is 105,000 to 115,000 t; "about 350 million kWh" is 345 to 355 million kWh (each figure's printed interval, as notebook 10 reads it). The lowest rate is the least coal over the most electricity: 105,000 t ÷ 355 million kWh = 296 gce/kWh. The highest is 115,000 ÷ 345 = 333 gce/kWh, so the article's figures allow 296 to 333 gce/kWh, not 314 exactly (notebook 12 carries such ranges into every headline).

# %% [markdown] tags=["question"]
# ## 16. Two capacity factors: the gap in points
#
# *Skill: percent against percentage points; level 2 (2 points); about 6 minutes.*
#
# Zhanatas (40 turbines of 2.5 MW) was expected in 2020 to make 319 million kWh a year; the article says 350 million kWh. By how many percentage points does the article's capacity factor differ from the 2020 one (positive if the article's is higher)?

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# Work out both capacity factors first, as percentages.
#
# <details><summary>Hint 2</summary>
#
# Percentage points = CF_article − CF_2020 (a subtraction of two percentages), with CF = energy ÷ (capacity × 8,760 h).
#
# </details></details>

# %% tags=["answer"]
answer = "3.5 percentage points"
print(exercises.show_answer(answer))

# %%
check("cf_gap_points", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** Capacity 40 × 2.5 = 100 MW; CF = 350 GWh ÷ (100 MW × 8,760 h) = 39.95 % and 319 GWh ÷ 876 GWh = 36.42 %. The gap is 39.95 − 36.42 = 3.5 percentage points. "9.7 %" is the relative difference (next exercise), a different number.

# %% [markdown] tags=["question"]
# ## 17. Two capacity factors: the relative difference
#
# *Skill: percent against percentage points; level 2 (2 points); about 4 minutes.*
#
# With the same two figures (350 million kWh in the article, 319 million kWh in 2020), by what percentage is the article's capacity factor higher or lower than the 2020 one (positive if higher)?

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# A relative difference compares the change with the starting value.
#
# <details><summary>Hint 2</summary>
#
# Relative = CF_article ÷ CF_2020 − 1. The capacity cancels: the ratio of the two outputs gives it too.
#
# </details></details>

# %% tags=["answer"]
answer = "9.7 %"
print(exercises.show_answer(answer))

# %%
check("cf_gap_relative", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** 39.95 % ÷ 36.42 % − 1 = 9.7 % (or 350 ÷ 319 − 1: the capacity cancels). The same change is +3.5 percentage points and +9.7 %: a report must say which (notebook 11, pitfall 8).

# %% [markdown] tags=["question"]
# ## 18. China's share, counted in one scope
#
# *Skill: scope: agencies, China and the world; level 2 (2 points); about 4 minutes.*
#
# IRENA counts 297.6 GW of renewable capacity added in China in 2023 and 473 GW in the world. The IEA, whose count the article prints, has the world adding 510 million kW. What share of the world's additions was China's?

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# A share needs its part and its whole counted the same way.
#
# <details><summary>Hint 2</summary>
#
# Share = China's additions ÷ the world's additions, both from the same agency.
#
# </details></details>

# %% tags=["answer"]
answer = "63 %"
print(exercises.show_answer(answer))

# %%
check("china_share_one_scope", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** Within IRENA's scope: 297.6 GW ÷ 473 GW = 62.9 %. IRENA's China over the IEA's world (297.6 ÷ 510 = 58.4 %) mixes two counts with different coverage; the article's "over half" is a bound, consistent with either.

# %% [markdown] tags=["question"]
# ## 19. Additions against capacity
#
# *Skill: scope: additions against capacity; growth rates; level 3 (3 points); about 8 minutes.*
#
# IRENA counts 3,870 GW of renewable capacity in the world at the end of 2023, of which 473 GW was added during 2023. (The IEA counts 510 million kW of additions.) By how many percent did the world's renewable capacity grow during 2023?

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# Additions are a flow during the year; capacity is a stock at a date. What was the stock at the start of 2023?
#
# <details><summary>Hint 2</summary>
#
# Start = end − additions (one agency's figures); growth = end ÷ start − 1.
#
# </details></details>

# %% tags=["answer"]
start = Q_(3870, "GW") - Q_(473, "GW")  # capacity at the start of 2023, on IRENA's count
answer = (Q_(3870, "GW") / start - 1).to("percent")
print(exercises.show_answer(answer))

# %%
check("world_capacity_growth", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** Additions are a flow, capacity a stock. The start-of-year stock is 3,870 − 473 = 3,397 GW, so growth = 3,870 ÷ 3,397 − 1 = 13.9 %. Dividing by the end-of-year stock gives 12.2 % (a share, not a growth rate); the IEA's 510 GW with IRENA's stock mixes scopes (15.2 %).

# %% [markdown] tags=["question"]
# ## 20. A verdict on the coal saving
#
# *Skill: reaching a verdict; level 3 (3 points); about 8 minutes.*
#
# The claim: Zhanatas saves "about 110,000 t of standard coal" a year for "about 350 million kWh", which implies a coal rate. The evidence, for this exercise: suppose an independent source reported that China's thermal plants burned 302.5 gce/kWh in 2023 (the collection itself only assumes such a figure, so notebook 10 cannot use it). Which verdict of the collection's vocabulary (notebook 10) does the implied coal rate get? Answer with the verdict's words, e.g. `answer = "compatible"`.

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# Turn the claim into an interval first: lowest and highest coal rate the rounding allows (exercise 15 gives the lowest).
#
# <details><summary>Hint 2</summary>
#
# Then ask: is the evidence inside the interval? At the printed value exactly? Notebook 10's legend defines each verdict.
#
# </details></details>

# %% tags=["answer"]
answer = "confirmed within rounding"
print(exercises.show_answer(answer))

# %%
check("verdict_coal_rate", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** The claim allows 296 to 333 gce/kWh (exercise 15 and its upper end), around 314 at the printed values. The evidence, 302.5 gce/kWh, is one independent number inside that interval but not at 314: **confirmed within rounding** (notebook 10's rule). Not "confirmed" (it is not the printed value), not "compatible" (the evidence is a point, not a range).

# %% [markdown] tags=["question"]
# ## 21. A verdict on "over half"
#
# *Skill: reaching a verdict; level 2 (2 points); about 4 minutes.*
#
# The claim: China contributed "over half" of the world's new renewable capacity in 2023. The evidence: IRENA counts 297.6 GW for China out of 473 GW for the world (independent). Which verdict does the claim get? Answer with the verdict's words.

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# What interval does "over half" stand for?
#
# <details><summary>Hint 2</summary>
#
# Compute IRENA's share (exercise 18) and see whether it lies in (50 %, 100 %].
#
# </details></details>

# %% tags=["answer"]
answer = "bound confirmed"
print(exercises.show_answer(answer))

# %%
check("verdict_over_half", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** "Over half" allows any share above 50 % (up to 100 %). IRENA's 297.6 ÷ 473 = 62.9 % lies inside: the bound is confirmed. It is not "confirmed": the article never said 62.9 %.

# %% [markdown] tags=["question"]
# ## 22. Audit a sentence yourself
#
# *Skill: reaching a verdict; level 3 (open question, marked by your teacher); about 15 minutes.*
#
# Choose one sentence of the article whose number no exercise has used: for example "more than 20 years" of investment in new energy, exports to "more than 200 countries and regions", nine years as the largest NEV market, or the months of Turgusun's first power and certificate. In four to eight sentences give: the claim as an interval (what its words and rounding allow); the evidence you would use, and whether it is independent; and a verdict from the collection's vocabulary, with the reason. Write your answer as text: `answer = """..."""`.

# %% [markdown] tags=["hints"]
# <details><summary>Hint 1</summary>
#
# Start with the words: is the number a value, a rounded value or a bound?
#
# <details><summary>Hint 2</summary>
#
# Name a source that is not the article or the project's owner; say what it would have to show for each verdict.
#
# </details></details>

# %% tags=["answer"]
answer = """
"More than 20 years" of investment in new energy: the claim is a bound, any period over 20 years.
Evidence would be the date China's new-energy programmes began, e.g. the 2005 Renewable Energy Law or
the first wind concessions of 2003 (independent: the law's text, not the article). From 2003 or earlier
to 2024 is more than 20 years, so the bound would be confirmed if that start date is accepted; but the
claim depends on what counts as "investment in new energy", so without a source the project holds it
is "not checkable" here.
"""

# %%
check("audit_a_sentence", answer)

# %% [markdown] tags=["solution"]
# **Worked solution.** Any sentence works if the answer (1) turns the words into an interval ("more than 20" is a bound; "200 countries and regions" a bound; a month a date interval), (2) names evidence and says whether it is independent, and (3) reaches a verdict from the vocabulary that follows from (1) and (2), saying "not checkable" when no source is at hand. Rubric in `TEACHING.md`.
