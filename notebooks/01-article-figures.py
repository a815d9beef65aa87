# ---
# jupyter:
#   energycoop:
#     reads:
#     - data/article.csv
#     writes:
#     - data/derived/01-article-figures.csv
#     - figures/01-article-figures.png
#     - figures/01-article-figures.svg
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

# %% [markdown]
# # The article's numbers: an inventory
#
# **Question.** What numbers does the article print, what kind of number is each one, and which can be taken at face value? Before recomputing anything, every figure is sorted into what it measures (a [design rating](11-units-and-pitfalls.ipynb#design-rating), an [expectation](11-units-and-pitfalls.ipynb#expectation), a past result, a date, a count) and how precisely it is stated (as printed, rounded, an average, or only a [lower bound](11-units-and-pitfalls.ipynb#lower-bound)).
#
# - **Source:** China Daily, 4 July 2024, "Energy cooperation goes from strength to strength". `data/article.csv` keeps each number with a few of the article's own words around it.

# %% tags=["summary", "nbval-ignore-output"]
# The Summary, right under the question: filled in by the last cell from the values the notebook computes.
# (Its output is checked by tests/test_summaries.py: it equals the last cell's, which nbval compares.)
from energycoop.analysis.markup import SummaryBox

summary_box = SummaryBox()

# %% [markdown]
# ## Parameters

# %% tags=["parameters"]
derived_dir: str = "../data/derived"  # where the derived table is written
figures_dir: str = "../figures"  # where the figures are written

# %%
from energycoop.build.step import Step

step = Step("01-article-figures", globals()).parameters()

# %%
import matplotlib.pyplot as plt
import pandas as pd

from energycoop.analysis.markup import summary
from energycoop.analysis.plotting import OKABE_ITO
from energycoop.data.loaders import BASES, QUALIFIERS, READINGS, load_article, reading_of, rounding_interval
from energycoop.quantities.units import Q_, fmt, unit_label

table = step.table

# %% [markdown]
# ## Every number, as printed and [normalised](11-units-and-pitfalls.ipynb#normalised-value)
#
# Each row keeps the number as the article prints it ("as printed", "printed unit") and normalised to a pint unit ("value", "unit"): "350 million kilowatt-hours" becomes 350 GWh, "510 million kW" becomes 510 GW, "1.06 trillion yuan" becomes 1.06 × 10¹² CNY (Chinese yuan).
#
# Two kinds of unit look alike and must not be mixed. A watt (W, and kW, MW for megawatt, GW for gigawatt) measures [power](11-units-and-pitfalls.ipynb#megawatt): how fast a plant can deliver energy, a rating. A watt-hour (kWh, MWh, GWh) measures [energy](11-units-and-pitfalls.ipynb#megawatt-hour): what it delivers over time. A 2.5 MW turbine running for one hour delivers 2.5 MWh; the article's "2.5 megawatts" is the first kind, its "350 million kWh a year" the second.

# %%
article = load_article()
article["reading"] = article["qualifier"].map(reading_of)
print(f"The article prints {len(article)} numbers across {article['subject'].nunique()} subjects.")
# Text from the data files is shown in a DataFrame, whose HTML display escapes it (pandas' default).
# The normalised unit in readable words ("date" rows hold a date, not a quantity).
# Headers in words; each value written out in full (a column holding 40 and 1.06 trillion would otherwise be
# shown as 4.000000e+01 and 1.060000e+12).
PRINTED = {"value_as_printed": "as printed", "unit_as_printed": "printed unit"}
article[["subject", "value_as_printed", "unit_as_printed", "value", "unit", "qualifier", "basis"]].assign(
    value=article["value"].map("{:,.10g}".format),
    unit=[u if u == "date" else unit_label(u) or "number" for u in article["unit"]]).rename(columns=PRINTED)

# %% [markdown]
# The normalised values are pint quantities: converting each back to the unit words the article used gives the printed number again.

# %%
printed_units = {"zhanatas_annual_generation": ("million kWh", 1e6, "kWh"),
                 "turgusun_annual_generation": ("million kWh", 1e6, "kWh"),
                 "world_renewable_additions": ("million kW", 1e6, "kW"),
                 "atyrau_capacity": ("million t", 1e6, "t"),
                 "new_three_exports_cny": ("trillion yuan", 1e12, "CNY"),
                 "new_three_exports_usd": ("billion USD", 1e9, "USD")}
for key, (words, scale, unit) in printed_units.items():
    back = Q_(article.loc[key, "value"], article.loc[key, "unit"]).to(unit).magnitude / scale
    assert abs(back - float(article.loc[key, "value_as_printed"])) < 1e-9, key
    print(f"{article.loc[key, 'value']:g} {article.loc[key, 'unit']} = {back:g} {words}")

# %% [markdown]
# ## How precisely each number is stated
#
# The [qualifier](11-units-and-pitfalls.ipynb#qualifier) is the article's own word in front of the number. It decides what arithmetic is allowed: a lower bound can only give bounds, a rounded figure carries its [rounding](11-units-and-pitfalls.ipynb#rounding) into every result.

# %%
pd.DataFrame({"meaning": pd.Series(QUALIFIERS), "read as": pd.Series({q: reading_of(q) for q in QUALIFIERS})})

# %%
crosstab = pd.crosstab(article["subject"], article["reading"]).reindex(columns=list(READINGS), fill_value=0)
crosstab

# %% [markdown]
# The bounds, in the article's words. "Over half" of the world's additions, production and sales that "exceeded 9 million", "more than 200 countries": any share or ratio built on them is itself a bound.

# %%
# Text from the data files is shown in a DataFrame, whose HTML display escapes it (pandas' default).
article.loc[article["reading"] == "lower bound", ["value_as_printed", "unit_as_printed", "snippet"]].rename(
    columns=PRINTED)

# %% [markdown]
# ## What each number measures
#
# A design rating (what a plant is built to do) is not an [outcome](11-units-and-pitfalls.ipynb#outcome) (what happened in a year), and "can generate" is an expectation. Only outcomes are measured; the project figures here are all ratings or expectations.

# %%
pd.DataFrame({"meaning": pd.Series(BASES), "figures": article["basis"].value_counts().reindex(list(BASES), fill_value=0)})

# %% [markdown]
# ## How much rounding hides
#
# A number printed with few significant figures stands for an interval: 350 for 345 to 355, 110,000 for 105,000 to 115,000. The relative half-width is the smallest uncertainty a careful reader should carry:
#
# $$\text{half-width} = \tfrac{1}{2} \times 10^{\,k}, \qquad \text{relative} = \frac{\text{half-width}}{\text{value}}$$
#
# where $k$ is the position of the last significant digit. Trailing zeros of a whole number are taken as not significant. Only estimates and reported results are rounded in this sense: counts, ratings, dates, bounds and numbers written as words are left out.

# %%
digits = article[article["value_as_printed"].str.fullmatch(r"[\d,.]+")
                 & article["basis"].isin(["expected", "outcome"])
                 & (article["reading"] != "lower bound")].copy()
intervals = digits["value_as_printed"].map(rounding_interval)
digits["low"] = [low for low, _ in intervals]
digits["high"] = [high for _, high in intervals]
printed = digits["value_as_printed"].str.replace(",", "").astype(float)
digits["relative_half_width_pct"] = 100 * (digits["high"] - printed) / printed
rounding = digits[["value_as_printed", "unit_as_printed", "low", "high", "relative_half_width_pct", "qualifier"]]
rounding.sort_values("relative_half_width_pct", ascending=False).assign(
    low=rounding["low"].map("{:,.10g}".format), high=rounding["high"].map("{:,.10g}".format),
    relative_half_width_pct=rounding["relative_half_width_pct"].map("{:.2f}".format)).rename(
    columns={**PRINTED, "relative_half_width_pct": "relative half-width (%)"})

# %% [markdown]
# ## Figures with nothing to calculate
#
# Every other figure feeds a calculation in notebooks 02 to 09. These do not, and why:

# %%
not_calculable = {
    "kazakhstan_major_refineries": "a count given for context ('one of the four'); it implies no quantity",
    "china_new_energy_years": "a lower bound on a duration ('more than 20 years') with no quantity attached",
    "nev_global_lead_years": "a ranking held for nine years; checking it needs other countries' sales, not in the data",
    "new_three_groups": "a definition: the 'new three' are three product groups",
    "wind_pv_export_destinations": "a lower bound on a count of destinations; no trade value is attached to it",
}
# Text from the data files is shown in a DataFrame, whose HTML display escapes it (pandas' default).
pd.DataFrame({"printed": article.loc[list(not_calculable), "value_as_printed"],
              "snippet": article.loc[list(not_calculable), "snippet"],
              "why nothing is calculated": pd.Series(not_calculable)})

# %% [markdown]
# ## Counts for the [derived table](11-units-and-pitfalls.ipynb#derived-table)

# %%
n = Q_(1, "count")
table.add("article_figures_count", len(article) * n, "numbers the article prints", "rows of article.csv", ["article.csv"])
for reading in READINGS:
    ids = article.index[article["reading"] == reading].tolist()
    key = "article_reading_" + reading.replace(" ", "_") + "_figures_count"
    table.add(key, len(ids) * n, f"figures read as {reading}", f"rows with reading '{reading}'", ids)
for basis in BASES:
    ids = article.index[article["basis"] == basis].tolist()
    table.add(f"article_basis_{basis}_figures_count", len(ids) * n, f"figures whose basis is {basis}", f"rows with basis '{basis}'", ids)
table.add("article_not_calculable_figures_count", len(not_calculable) * n, "figures with nothing to calculate (explained here)",
          "rows listed in not_calculable", list(not_calculable))
widest = rounding["relative_half_width_pct"].idxmax()
table.add("article_widest_rounding_pct", Q_(rounding.loc[widest, "relative_half_width_pct"], "percent"),
          f"largest relative rounding half-width ({widest})", "0.5 * 10**k / value", [widest])
print(f"{len(article)} figures: "
      + ", ".join(f"{int((article['reading'] == r).sum())} {r}" for r in READINGS)
      + f". The widest rounding is {widest} ({article.loc[widest, 'value_as_printed']} "
      f"{article.loc[widest, 'unit_as_printed']}): ±{rounding.loc[widest, 'relative_half_width_pct']:.1f}%.")

# %% [markdown]
# ## Checks

# %%
assert crosstab.to_numpy().sum() == len(article)
assert sum(int((article["reading"] == r).sum()) for r in READINGS) == len(article)
assert (digits["low"] < printed).all() and (printed < digits["high"]).all()
assert article.index.is_unique
print("All checks passed.")

# %% [markdown]
# ## Plot

# %%
colours = {"as printed": OKABE_ITO["blue"], "rounded": OKABE_ITO["orange"], "average": OKABE_ITO["bluish green"],
           "lower bound": OKABE_ITO["vermillion"]}
order = crosstab.sum(axis=1).sort_values().index
fig, ax = plt.subplots(figsize=(9, 5))
left = pd.Series(0, index=order)
for reading in READINGS:
    counts = crosstab.loc[order, reading]
    ax.barh(order, counts, left=left, color=colours[reading], label=reading)
    left = left + counts
ax.set_xlabel("Numbers printed in the article")
ax.xaxis.get_major_locator().set_params(integer=True)
ax.set_title("The article's numbers by subject, and how precisely each is stated")
ax.legend(title="Stated as", loc="lower right")
description = (f"Stacked horizontal bars: the article's {len(article)} numbers by subject, coloured by how they are "
               f"stated; {int((article['reading'] == 'lower bound').sum())} are only lower bounds and "
               f"{int((article['reading'] == 'rounded').sum())} are explicitly rounded.")
step.save_figure(fig, "01-article-figures", description)

# %% [markdown]
# ## The derived table

# %%
step.write(table)
table.display()

# %% tags=["summary-source"]
count = {row["id"]: int(row["value"]) for row in table.rows if row["id"].endswith("_count")}
summary_box.update(summary([
    (f"The article prints {count['article_figures_count']} numbers: capacities, energies, masses, percentages, money, "
    "dates, counts and durations."),
    (f"{count['article_reading_lower_bound_figures_count']} are only lower bounds (\"over\", \"exceeded\", "
    f"\"more than\"), {count['article_reading_rounded_figures_count']} are explicitly rounded (\"about\", "
    f"\"approximately\") and {count['article_reading_average_figures_count']} is a long-run average."),
    (f"{count['article_basis_design_figures_count']} describe ratings (\"capacity of\"), "
    f"{count['article_basis_expected_figures_count']} expectations (\"can generate\") and "
    f"{count['article_basis_outcome_figures_count']} a reported result: none of the "
    "project figures is a measured year."),
    (f"Rounding alone leaves up to ±{fmt(Q_(table.rows[-1]['value'], 'percent'), sig=2)} of uncertainty in a figure "
    "before any arithmetic."),
], "02-zhanatas-wind", "recomputes what the wind farm's figures imply."))
