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
from energycoop import params
from energycoop.scenarios import MAX_SCENARIOS

cf_low = params.fraction("cf_low", cf_low)
cf_high = params.fraction("cf_high", cf_high)
cf_steps = params.positive_int("cf_steps", cf_steps)
coal_rate_low = params.positive_number("coal_rate_low", coal_rate_low)
coal_rate_high = params.positive_number("coal_rate_high", coal_rate_high)
coal_rate_steps = params.positive_int("coal_rate_steps", coal_rate_steps)
co2_low = params.positive_number("co2_low", co2_low)
co2_high = params.positive_number("co2_high", co2_high)
co2_steps = params.positive_int("co2_steps", co2_steps)
kwh_per_t_low = params.positive_number("kwh_per_t_low", kwh_per_t_low)
kwh_per_t_high = params.positive_number("kwh_per_t_high", kwh_per_t_high)
kwh_per_t_steps = params.positive_int("kwh_per_t_steps", kwh_per_t_steps)
rate_low = params.positive_number("rate_low", rate_low)
rate_high = params.positive_number("rate_high", rate_high)
rate_steps = params.positive_int("rate_steps", rate_steps)
params.at_most("scenarios", cf_steps * coal_rate_steps * co2_steps * kwh_per_t_steps * rate_steps,
               MAX_SCENARIOS, "the product of the five *_steps parameters")
co2_slice = params.number_between("co2_slice", co2_slice, co2_low, co2_high)
derived_dir = params.directory("derived_dir", derived_dir)
figures_dir = params.directory("figures_dir", figures_dir)
inputs_dir = params.input_directory("inputs_dir", inputs_dir)

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from energycoop.data import load_article, load_reference, quantity
from energycoop.derived import DerivedTable, derived_quantity, read_derived
from energycoop.plotting import HIGHLIGHT, OKABE_ITO, save_figure, use_style
from energycoop.scenarios import AXES, Axis, count, evaluate, grid
from energycoop.units import Q_, fmt, unit_label

use_style()
table = DerivedTable("13-scenarios")

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
table.add("scenario_count", Q_(n, "count"), "scenarios in the grid", "product of the axes' steps", [])
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
zhanatas = read_derived(inputs_dir, "02-zhanatas-wind")
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
farms = answers["smelter_in_farms"].magnitude
usd = answers["new_three_usd"].to("billion * USD").magnitude
published_co2 = quantity(reference, "zhanatas_co2_avoided").to("t").magnitude
article_usd = quantity(article, "new_three_exports_usd").to("billion * USD").magnitude
facts = {
    "co2_avoided_min_t": (Q_(co2.min(), "t"), "smallest CO2 avoided in the grid"),
    "co2_avoided_max_t": (Q_(co2.max(), "t"), "largest CO2 avoided in the grid"),
    "co2_above_published_share_pct": (Q_((co2 > published_co2).mean(), "").to("percent"),
                                  "share of scenarios avoiding more CO2 than the published 289,000 t"),
    "smelter_in_farms_min_ratio": (Q_(farms.min(), ""), "fewest Zhanatas farms the smelter needs in the grid"),
    "smelter_in_farms_max_ratio": (Q_(farms.max(), ""), "most Zhanatas farms the smelter needs in the grid"),
}
rates = axes["cny_per_usd"].values()
line = usd[0, 0, 0, 0, :]  # the dollar value depends on the rate alone
if line.min() <= article_usd <= line.max():
    facts["rate_for_article_cny_per_usd"] = (Q_(float(np.interp(article_usd, line[::-1], rates[::-1])), "CNY/USD"),
                                     "rate at which the grid turns 1.06 trillion yuan into the article's dollars")
for key, (q, what) in facts.items():
    table.add(f"scenarios_{key}", q, what, "over all scenarios", [])
    print(f"{what}: {fmt(q, sig=4)}")

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
cf_values, rate_values = axes["capacity_factor"].values(), axes["coal_rate"].values()
surface = co2[:, :, k, 0, 0] / 1000
fig, ax = plt.subplots(figsize=(8, 5.5))
filled = ax.contourf(100 * cf_values, rate_values, surface.T, levels=12, cmap="cividis")
lines = ax.contour(100 * cf_values, rate_values, surface.T, levels=[published_co2 / 1000], colors="white", linewidths=2)
ax.clabel(lines, fmt=lambda v: f"published {fmt(Q_(v * 1000, 't'))}")
fig.colorbar(filled, ax=ax, label="CO2 avoided a year (thousand tonnes)")
article_cf = derived_quantity(zhanatas, "zhanatas_capacity_factor_ratio").magnitude
article_rate = derived_quantity(zhanatas, "zhanatas_coal_rate_gce_per_kwh").magnitude
ax.plot(100 * article_cf, article_rate, "o", color=HIGHLIGHT, markersize=10, markeredgecolor="white",
        label=f"article: {100 * article_cf:.0f}%, {article_rate:.0f} gce/kWh")
ax.set_xlabel("Zhanatas capacity factor (%)")
ax.set_ylabel("Coal rate of the displaced plant (gce/kWh)")
ax.set_title(f"Zhanatas CO2 avoided, at {axes['co2_factor'].values()[k]:.2f} t CO2 per tce")
ax.legend(loc="upper left")
description = (f"Filled contour map of Zhanatas's CO2 avoided (thousand tonnes a year) over capacity factor and coal "
               f"rate at {axes['co2_factor'].values()[k]:.2f} t/tce, from {fmt(Q_(surface.min() * 1000, 't'))} to "
               f"{fmt(Q_(surface.max() * 1000, 't'))}, with the published {fmt(Q_(published_co2, 't'))} contour and the "
               f"article's point.")
save_figure(fig, "13-co2-surface", figures_dir, description)
print(description)

# %%
intensity_values = axes["kwh_per_t"].values()
surface = farms[:, 0, 0, :, 0]
fig, ax = plt.subplots(figsize=(8, 5.5))
filled = ax.contourf(100 * cf_values, intensity_values, surface.T, levels=12, cmap="cividis")
lines = ax.contour(100 * cf_values, intensity_values, surface.T, levels=[8, 10, 12], colors="white", linewidths=1.5)
ax.clabel(lines, fmt=lambda v: f"{v:.0f} farms")
fig.colorbar(filled, ax=ax, label="Zhanatas-sized wind farms to match the smelter's electricity")
ax.plot(100 * article_cf, quantity(reference, "aluminium_kwh_per_t").magnitude, "o", color=HIGHLIGHT, markersize=10,
        markeredgecolor="white", label="article and default intensity")
ax.set_xlabel("Zhanatas capacity factor (%)")
ax.set_ylabel("Smelter electricity per tonne of aluminium (kWh/t)")
ax.set_title("How many Zhanatas farms the Pavlodar smelter's electricity equals")
ax.legend(loc="upper right")
description = (f"Filled contour map: the smelter's electricity equals {surface.min():.1f} to {surface.max():.1f} Zhanatas "
               f"farms over capacity factors {100 * cf_low:.0f}-{100 * cf_high:.0f}% and "
               f"{kwh_per_t_low:,.0f}-{kwh_per_t_high:,.0f} kWh/t.")
save_figure(fig, "13-smelter-surface", figures_dir, description)
print(description)

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
save_figure(fig, "13-exchange-rate", figures_dir, description)
print(description)

# %% [markdown]
# ## The derived table

# %%
path = table.write(derived_dir)
print(f"Wrote {len(table.rows)} rows to {path.name}.")
table.display()

# %% [markdown]
# ## Summary
#
# - Over capacity factors of 25-45%, coal rates of 280-340 gce/kWh and CO2 factors of 2.5-2.9 t/tce, Zhanatas avoids between about 150,000 and 390,000 t of CO2 a year; 28% of the scenarios avoid more than the published 289,000 t, and the capacity factor moves the answer most.
# - The smelter needs 7.6 to 15.9 Zhanatas farms of electricity across the grid: the wind farm's capacity factor decides the count more than the smelter's intensity does.
# - Only a rate near 7.28 yuan per dollar turns 1.06 trillion yuan into $145.6 billion; across the swept rates the same yuan are $143 to $156 billion.
#
# **Next:** the exercises in `notebooks/exercises/` practise these calculations.
