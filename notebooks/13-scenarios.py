# ---
# jupyter:
#   energycoop:
#     reads:
#     - data/article.csv
#     - data/derived/02-zhanatas-wind.csv
#     - data/reference.csv
#     writes:
#     - data/derived/13-scenarios.csv
#     - figures/13-co2-surface.png
#     - figures/13-co2-surface.svg
#     - figures/13-exchange-rate.png
#     - figures/13-exchange-rate.svg
#     - figures/13-smelter-surface.png
#     - figures/13-smelter-surface.svg
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
# # Scenarios: the answers over every combination of the assumptions
#
# **Question.** Notebook 12 asked how uncertain each headline is within the stated ranges. This one asks a reader's question: *what if* the wind farm's capacity factor, the coal plant it displaces, the CO2 factor, the smelter's electricity intensity or the exchange rate were different, over wide ranges and in every combination? The answers are drawn as surfaces, with the article's own point marked.
#
# - **Before this:** `12-uncertainty-and-sensitivity`.

# %% tags=["summary", "nbval-ignore-output"]
# The Summary, right under the question: filled in by the last cell from the values the notebook computes.
# (Its output is checked by tests/test_summaries.py: it equals the last cell's, which nbval compares.)
from energycoop.analysis.markup import SummaryBox

summary_box = SummaryBox()

# %% [markdown]
# ## Parameters: the ranges to sweep
#
# These are the numbers a reader most likely wants to change. Each axis runs from low to high in evenly spaced steps; every combination is one scenario.

# %% tags=["parameters"]
cf_low: float = 0.25  # Zhanatas capacity factor, lowest
cf_high: float = 0.45  # Zhanatas capacity factor, highest
cf_steps: int = 21  # Zhanatas capacity factor, number of values
coal_rate_low: float = 280.0  # coal rate of the displaced plant, gce/kWh, lowest
coal_rate_high: float = 340.0  # coal rate of the displaced plant, gce/kWh, highest
coal_rate_steps: int = 21  # coal rate, number of values
co2_low: float = 2.5  # t CO2 per tce, lowest
co2_high: float = 2.9  # t CO2 per tce, highest
co2_steps: int = 9  # CO2 factor, number of values
kwh_per_t_low: float = 12500.0  # smelter electricity per tonne of aluminium, kWh, lowest
kwh_per_t_high: float = 14500.0  # smelter electricity per tonne of aluminium, kWh, highest
kwh_per_t_steps: int = 11  # aluminium intensity, number of values
rate_low: float = 6.8  # yuan per dollar, lowest
rate_high: float = 7.4  # yuan per dollar, highest
rate_steps: int = 13  # exchange rate, number of values
co2_slice: float = 2.7  # CO2 factor at which the CO2 surface is drawn (nearest grid value)
derived_dir: str = "../data/derived"  # where the derived table is written
figures_dir: str = "../figures"  # where the figures are written
inputs_dir: str = "../data/derived"  # where to read 02-zhanatas-wind.csv from

# %%
from energycoop.analysis.scenarios import MAX_SCENARIOS
from energycoop.build.step import Step
from energycoop.data import params
from energycoop.data.params import between, fraction, positive_int, positive_number

step = Step("13-scenarios", globals()).parameters(
    lambda: params.at_most("scenarios", cf_steps * coal_rate_steps * co2_steps * kwh_per_t_steps * rate_steps,
                           MAX_SCENARIOS, "the product of the five *_steps parameters"),  # after the checks below
    cf_low=fraction, cf_high=fraction, cf_steps=positive_int,
    coal_rate_low=positive_number, coal_rate_high=positive_number, coal_rate_steps=positive_int,
    co2_low=positive_number, co2_high=positive_number, co2_steps=positive_int,
    kwh_per_t_low=positive_number, kwh_per_t_high=positive_number, kwh_per_t_steps=positive_int,
    rate_low=positive_number, rate_high=positive_number, rate_steps=positive_int,
    co2_slice=between(co2_low, co2_high))

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from energycoop.analysis.markup import summary
from energycoop.analysis.plotting import HIGHLIGHT, OKABE_ITO
from energycoop.analysis.scenarios import AXES, Axis, count, evaluate, grid
from energycoop.data.derived import derived_quantity, unit_suffix
from energycoop.data.loaders import load_article, load_reference, quantity
from energycoop.quantities.units import Q_, fmt, unit_label

table = step.table

# %% [markdown]
# ## The grid

# %%
axes = {
    "capacity_factor": Axis("capacity_factor", cf_low, cf_high, cf_steps, "dimensionless"),
    "coal_rate": Axis("coal_rate", coal_rate_low, coal_rate_high, coal_rate_steps, "gce/kWh"),
    "co2_factor": Axis("co2_factor", co2_low, co2_high, co2_steps, "t/tce"),
    "kwh_per_t": Axis("kwh_per_t", kwh_per_t_low, kwh_per_t_high, kwh_per_t_steps, "kWh/t"),
    "cny_per_usd": Axis("cny_per_usd", rate_low, rate_high, rate_steps, "CNY/USD"),
}
n = count(axes)
table.add("scenario_count", Q_(n, "count"), "scenarios in the grid",
          "cf_steps * coal_rate_steps * co2_steps * kwh_per_t_steps * rate_steps", [])
print(f"{' x '.join(str(axes[a].steps) for a in AXES)} = {n:,} scenarios.")
pd.DataFrame([{"axis": a.name, "low": a.low, "high": a.high, "steps": a.steps, "unit": unit_label(a.unit)} for a in axes.values()])

# %% [markdown]
# ## Evaluate every scenario at once
#
# $$E = P \times CF \times h, \quad \text{CO}_2 = E \times r \times f, \quad n_\text{farms} = \frac{m_\text{Al} \times e_\text{Al}}{E}, \quad \$ = \frac{\text{¥}}{\text{rate}}$$
#
# with $P$ = 100 MW (notebook 02), $h$ = 8,760 h, $m_\text{Al}$ = 240,000 t and ¥ = 1.06 trillion yuan from the article.

# %%
article = load_article()
reference = load_reference()
zhanatas = step.read("02-zhanatas-wind")
capacity = derived_quantity(zhanatas, "zhanatas_capacity_mw")
hours = quantity(reference, "hours_per_year")
smelter = quantity(article, "pavlodar_capacity")
new_three = quantity(article, "new_three_exports_cny")
g = grid(axes)
answers = evaluate(g, capacity, hours, smelter, new_three)
print(", ".join(f"{name}: {q.magnitude.size:,} values" for name, q in answers.items()))

# %% [markdown]
# ## What the whole grid says

# %%
co2 = answers["co2_avoided"].to("t").magnitude
farms = answers["pavlodar_in_zhanatas_farms"].magnitude
usd = answers["new_three_usd"].to("billion * USD").magnitude
published_co2 = quantity(reference, "zhanatas_co2_avoided").to("t").magnitude
article_usd = quantity(article, "new_three_exports_usd").to("billion * USD").magnitude
PARAMETER = {"capacity_factor": ("cf_low", "cf_high"), "coal_rate": ("coal_rate_low", "coal_rate_high"),
             "co2_factor": ("co2_low", "co2_high"), "kwh_per_t": ("kwh_per_t_low", "kwh_per_t_high"),
             "cny_per_usd": ("rate_low", "rate_high")}


def axis_ids(name):
    """The ids of the rows recording the two ends of an axis (a capacity factor in percent, like every other one)."""
    unit = "percent" if name == "capacity_factor" else axes[name].unit
    return [f"scenarios_axis_{name}_{end}_{unit_suffix(unit)}" for end in ("low", "high")]


co2_formula = "zhanatas_capacity_mw * capacity_factor * hours_per_year * coal_rate * co2_factor"
co2_inputs = ["zhanatas_capacity_mw", "hours_per_year", *axis_ids("capacity_factor"), *axis_ids("coal_rate"),
              *axis_ids("co2_factor")]
farms_formula = "pavlodar_capacity * kwh_per_t / (zhanatas_capacity_mw * capacity_factor * hours_per_year)"
farms_inputs = ["pavlodar_capacity", "zhanatas_capacity_mw", "hours_per_year", *axis_ids("capacity_factor"),
                *axis_ids("kwh_per_t")]
# id: (value, description, formula, inputs)
facts = {
    "scenarios_co2_avoided_min_t": (Q_(co2.min(), "t"), "smallest CO2 avoided in the grid",
                                    f"min over the grid of {co2_formula}", co2_inputs),
    "scenarios_co2_avoided_max_t": (Q_(co2.max(), "t"), "largest CO2 avoided in the grid",
                                    f"max over the grid of {co2_formula}", co2_inputs),
    "scenarios_co2_above_published_share_pct": (
        Q_((co2 > published_co2).mean(), "").to("percent"), "share of scenarios avoiding more CO2 than the published 289,000 t",
        f"share of the grid's scenarios where {co2_formula} > zhanatas_co2_avoided", [*co2_inputs, "zhanatas_co2_avoided"]),
    "scenarios_pavlodar_in_zhanatas_farms_min_count": (
        Q_(farms.min(), "count"), "fewest Zhanatas farms the smelter needs in the grid", f"min over the grid of {farms_formula}",
        farms_inputs),
    "scenarios_pavlodar_in_zhanatas_farms_max_count": (
        Q_(farms.max(), "count"), "most Zhanatas farms the smelter needs in the grid", f"max over the grid of {farms_formula}",
        farms_inputs),
}
rates = axes["cny_per_usd"].values()
line = usd[0, 0, 0, 0, :]  # the dollar value depends on the rate alone
if line.min() <= article_usd <= line.max():
    facts["scenarios_rate_for_article_cny_per_usd"] = (
        Q_(float(np.interp(article_usd, line[::-1], rates[::-1])), "CNY/USD"),
        "rate at which the grid turns 1.06 trillion yuan into the article's dollars",
        "the rate on the grid's rate axis where new_three_exports_cny / rate = new_three_exports_usd (interpolated)",
        ["new_three_exports_cny", "new_three_exports_usd", *axis_ids("cny_per_usd")])
facts["zhanatas_co2_avoided_published_t"] = (Q_(published_co2, "t"), "the published CO2 avoided a year, for comparison",
                                             "reference value", ["zhanatas_co2_avoided"])
facts["scenarios_new_three_usd_min_billion_usd"] = (
    Q_(line.min(), "billion * USD"), "fewest dollars the swept rates give", "new_three_exports_cny / rate_high",
    ["new_three_exports_cny", axis_ids("cny_per_usd")[1]])
facts["scenarios_new_three_usd_max_billion_usd"] = (
    Q_(line.max(), "billion * USD"), "most dollars the swept rates give", "new_three_exports_cny / rate_low",
    ["new_three_exports_cny", axis_ids("cny_per_usd")[0]])
for key, (q, what, formula, inputs) in facts.items():
    table.add(key, q, what, formula, inputs)
    print(f"{what}: {fmt(q, sig=4)}")
for name in AXES:
    unit = "percent" if name == "capacity_factor" else axes[name].unit
    for end, key, parameter in zip(("low", "high"), axis_ids(name), PARAMETER[name], strict=True):
        table.add(key, Q_(getattr(axes[name], end), axes[name].unit), f"the {end} end of the swept {name.replace('_', ' ')}",
                  parameter, [], unit=unit)

# %% [markdown]
# ## What the grid's numbers mean, and what they do not
#
# A share of scenarios is a share of *this grid*: every combination of evenly spaced values, each counted once. It is not a probability: nothing here says a capacity factor at the low end of its range is as likely as one near the article's, and the share moves with the ranges and spacing chosen. Which assumption "moves the answer most" follows from the chosen ranges in the same way: CO2 avoided is proportional to the capacity factor, the coal rate and the CO2 factor, so each moves it by the ratio of its own high to its low.

# %%
cf_values = axes["capacity_factor"].values()
upper = cf_values >= (cf_low + cf_high) / 2
upper_share = Q_((co2[upper] > published_co2).mean(), "").to("percent")
table.add("scenarios_axis_capacity_factor_mid_pct", Q_(cf_values[upper].min(), ""),
          "lowest capacity factor of the upper half of its axis",
          "the smallest capacity_factor on the grid at or above (cf_low + cf_high) / 2", axis_ids("capacity_factor"),
          unit="percent")
table.add("scenarios_co2_above_published_share_cf_upper_half_pct", upper_share,
          "share of scenarios avoiding more CO2 than published, sweeping only the upper half of the capacity factor",
          f"share of the scenarios with capacity_factor >= scenarios_axis_capacity_factor_mid where {co2_formula} > "
          "zhanatas_co2_avoided", [*co2_inputs, "scenarios_axis_capacity_factor_mid_pct", "zhanatas_co2_avoided"])


def swing(answer, name):
    """How far the grid's answer moves along one axis: the larger of its two end slices over the smaller (the same
    everywhere on the grid, the answers being products and quotients of the axes)."""
    i = AXES.index(name)
    first, last = np.take(answer, 0, axis=i), np.take(answer, -1, axis=i)
    return float(np.mean(np.maximum(first, last) / np.minimum(first, last)))


co2_swings = {name: swing(co2, name) for name in ("capacity_factor", "coal_rate", "co2_factor")}
farm_swings = {name: swing(farms, name) for name in ("capacity_factor", "kwh_per_t")}
for name, value in co2_swings.items():
    table.add(f"scenarios_co2_swing_{name}_ratio", Q_(value, ""), f"CO2 avoided at the high end of {name} over the low end",
              f"mean over the grid of CO2 avoided at {name} = {PARAMETER[name][1]} over at {PARAMETER[name][0]} "
              f"({co2_formula})", axis_ids(name))
for name, value in farm_swings.items():
    table.add(f"scenarios_pavlodar_in_zhanatas_farms_swing_{name}_ratio", Q_(value, ""),
              f"farms the smelter needs, most over fewest, along {name}",
              f"mean over the grid of the larger over the smaller of {farms_formula} at {name} = {PARAMETER[name][0]} "
              f"and {PARAMETER[name][1]}", axis_ids(name))
label = {"capacity_factor": "capacity factor", "coal_rate": "coal rate", "co2_factor": "CO2 factor", "kwh_per_t": "intensity"}
co2_leader = max(co2_swings, key=co2_swings.get)
farms_leader = max(farm_swings, key=farm_swings.get)
runner_up = sorted(co2_swings.values())[-2]
print(f"Scenarios above the published CO2: {fmt(facts['scenarios_co2_above_published_share_pct'][0])} of this grid; sweeping only the "
      f"capacity factor's upper half ({fmt(Q_(cf_values[upper].min(), '').to('percent'))} to {fmt(Q_(cf_high, '').to('percent'))}) "
      f"gives {fmt(upper_share)}: a share of a chosen grid, not a probability.")
print("CO2 avoided, high end over low end of each axis: "
      + ", ".join(f"{label[name]} {fmt(Q_(value, ''))}" for name, value in co2_swings.items())
      + f". The {label[co2_leader]} leads because its chosen range is the widest in proportion; with a range whose "
      f"high is less than {fmt(Q_(runner_up, ''))} times its low it would not.")

# %% [markdown]
# ## Checks

# %%
assert all(q.magnitude.shape == tuple(axes[a].steps for a in AXES) for q in answers.values())
assert np.all(np.isfinite(co2)) and np.all(co2 > 0)
i = tuple(s // 2 for s in co2.shape)  # one scenario, recomputed by hand
point = {a: g[a][i] for a in AXES}
by_hand = (capacity * point["capacity_factor"] * hours * point["coal_rate"] * point["co2_factor"]).to("t").magnitude
assert abs(by_hand - co2[i]) < 1e-9 * by_hand
assert np.all(np.diff(co2, axis=AXES.index("coal_rate")) > 0)  # more coal per kWh, more CO2
assert np.all(np.diff(farms, axis=AXES.index("capacity_factor")) < 0)  # windier farm, fewer farms
print("All checks passed.")

# %% [markdown]
# ## Answer surfaces

# %%
k = int(np.argmin(np.abs(axes["co2_factor"].values() - co2_slice)))
rate_values = axes["coal_rate"].values()
surface = co2[:, :, k, 0, 0] / 1000
fig, ax = plt.subplots(figsize=(8, 5.5))
filled = ax.contourf(100 * cf_values, rate_values, surface.T, levels=12, cmap="cividis")
lines = ax.contour(100 * cf_values, rate_values, surface.T, levels=[published_co2 / 1000], colors="white", linewidths=2)
ax.clabel(lines, fmt=lambda v: f"published {fmt(Q_(v * 1000, 't'))}")
fig.colorbar(filled, ax=ax, label="CO2 avoided a year (thousand tonnes)")
article_cf_pct = derived_quantity(zhanatas, "zhanatas_capacity_factor_pct").to("percent").magnitude
article_rate = derived_quantity(zhanatas, "zhanatas_coal_rate_gce_per_kwh").magnitude
ax.plot(article_cf_pct, article_rate, "o", color=HIGHLIGHT, markersize=10, markeredgecolor="white",
        label=f"article: {article_cf_pct:.0f}%, {article_rate:.0f} gce/kWh")
ax.set_xlabel("Zhanatas capacity factor (%)")
ax.set_ylabel("Coal rate of the displaced plant (gce/kWh)")
ax.set_title(f"Zhanatas CO2 avoided, at {axes['co2_factor'].values()[k]:.2f} t CO2 per tce")
ax.legend(loc="upper left")
description = (f"Filled contour map of Zhanatas's CO2 avoided (thousand tonnes a year) over capacity factor and coal "
               f"rate at {axes['co2_factor'].values()[k]:.2f} t/tce, from {fmt(Q_(surface.min() * 1000, 't'))} to "
               f"{fmt(Q_(surface.max() * 1000, 't'))}, with the published {fmt(Q_(published_co2, 't'))} contour and the "
               f"article's point.")
step.save_figure(fig, "13-co2-surface", description)

# %%
intensity_values = axes["kwh_per_t"].values()
surface = farms[:, 0, 0, :, 0]
fig, ax = plt.subplots(figsize=(8, 5.5))
filled = ax.contourf(100 * cf_values, intensity_values, surface.T, levels=12, cmap="cividis")
# lines that cross the whole map, so that their labels stand clear of its edges on a phone too
lines = ax.contour(100 * cf_values, intensity_values, surface.T, levels=[9, 11, 13], colors="white", linewidths=1.5)
ax.clabel(lines, fmt=lambda v: f"{v:.0f} farms")
fig.colorbar(filled, ax=ax, label="Zhanatas-sized wind farms to match the smelter's electricity")
ax.plot(article_cf_pct, quantity(reference, "aluminium_kwh_per_t").magnitude, "o", color=HIGHLIGHT, markersize=10,
        markeredgecolor="white", label="article and default intensity")
ax.set_xlabel("Zhanatas capacity factor (%)")
ax.set_ylabel("Smelter electricity per tonne of aluminium (kWh/t)")
ax.set_title("How many Zhanatas farms the Pavlodar smelter's electricity equals")
ax.legend(loc="upper right")
description = (f"Filled contour map: the smelter's electricity equals {surface.min():.1f} to {surface.max():.1f} Zhanatas "
               f"farms over capacity factors {100 * cf_low:.0f}-{100 * cf_high:.0f}% and "
               f"{kwh_per_t_low:,.0f}-{kwh_per_t_high:,.0f} kWh/t.")
step.save_figure(fig, "13-smelter-surface", description)

# %%
fig, ax = plt.subplots(figsize=(8, 3.5))
ax.plot(rates, line, color=OKABE_ITO["blue"], linewidth=2)
ax.axhline(article_usd, color=HIGHLIGHT, linestyle="--", label=f"article: ${article_usd:g} billion")
average = quantity(reference, "cny_per_usd_2023_average").magnitude
ax.axvline(average, color=OKABE_ITO["bluish green"], linestyle=":", label=f"2023 average: {average:.4f}")
ax.set_xlabel("Yuan per US dollar")
ax.set_ylabel("1.06 trillion yuan in billion USD")
ax.set_title("The dollar value of the 'new three' depends on the rate")
ax.legend()
description = (f"Line chart: 1.06 trillion yuan is ${line.max():.1f} billion at {rates.min():.2f} yuan per dollar and "
               f"${line.min():.1f} billion at {rates.max():.2f}, against the article's ${article_usd:g} billion.")
step.save_figure(fig, "13-exchange-rate", description)

# %% [markdown]
# ## The derived table

# %%
step.write(table)
table.display()

# %% tags=["summary-source"]
def axis_range(name, percent=False):
    a = axes[name]
    low, high = (Q_(v, a.unit).to("percent") if percent else Q_(v, a.unit) for v in (a.low, a.high))
    return f"{fmt(low)} to {fmt(high)}"


others = [name for name in co2_swings if name != co2_leader]
rate_point = facts.get("scenarios_rate_for_article_cny_per_usd")
weakest = quantity(reference, "cny_per_usd_2023_weakest")
summary_box.update(summary([
    (f"Over capacity factors of {axis_range('capacity_factor', percent=True)}, coal rates of {axis_range('coal_rate')} and CO2 "
     f"factors of {axis_range('co2_factor')}, Zhanatas avoids between {fmt(facts['scenarios_co2_avoided_min_t'][0])} and "
     f"{fmt(facts['scenarios_co2_avoided_max_t'][0])} of CO2 a year."),
    (f"{fmt(facts['scenarios_co2_above_published_share_pct'][0])} of the grid's {n:,} scenarios avoid more than the published "
     f"{fmt(Q_(published_co2, 't'))}. That is a share of a chosen grid, every combination of evenly spaced values counted once, "
     f"not a probability: sweeping only the upper half of the capacity factor "
     f"({fmt(Q_(cf_values[upper].min(), '').to('percent'))} up) gives {fmt(upper_share)}."),
    (f"The {label[co2_leader]} moves the CO2 most because of the ranges chosen for it: the answer is proportional to each "
     f"assumption, and the {label[co2_leader]}'s high is {fmt(Q_(co2_swings[co2_leader], ''))} times its low, against "
     + " and ".join(f"{fmt(Q_(co2_swings[name], ''))} for the {label[name]}" for name in others)
     + f". A {label[co2_leader]} range narrower than {fmt(Q_(runner_up, ''))} to 1 would hand the lead to another assumption."),
    (f"The smelter needs {fmt(facts['scenarios_pavlodar_in_zhanatas_farms_min_count'][0], sig=2)} to "
     f"{fmt(facts['scenarios_pavlodar_in_zhanatas_farms_max_count'][0])} "
     f"Zhanatas farms of electricity across the grid; the {label[farms_leader]} decides the count most, again by its chosen "
     f"range ({fmt(Q_(farm_swings['capacity_factor'], ''))} to 1 for the capacity factor, "
     f"{fmt(Q_(farm_swings['kwh_per_t'], ''))} to 1 for the smelter's intensity)."),
    ((f"Only a rate near {fmt(rate_point[0])} turns the article's yuan into its dollars"
      + (" (a rate weaker than every 2023 fixing; notebook `08-vehicles-and-trade`); " if rate_point[0] > weakest else "; ")
      if rate_point else "No swept rate turns the article's yuan into its dollars; ")
     + f"across the swept rates the same yuan are {fmt(facts['scenarios_new_three_usd_min_billion_usd'][0])} to "
     f"{fmt(facts['scenarios_new_three_usd_max_billion_usd'][0])}."),
], next_notebook="01-article-figures",
    next_text="starts again from the article's figures; the exercises in `notebooks/exercises/` practise these "
              "calculations, and `README.md` lists every notebook."))
