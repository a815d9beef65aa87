# ---
# jupyter:
#   energycoop:
#     reads:
#     - data/article.csv
#     - data/reference.csv
#     writes:
#     - data/derived/12-uncertainty-and-sensitivity.csv
#     - figures/12-intervals.png
#     - figures/12-intervals.svg
#     - figures/12-tornado.png
#     - figures/12-tornado.svg
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
# # Uncertainty and sensitivity: every headline number with an interval
#
# **Question.** The headline numbers of notebooks 02 to 09 rest on rounded figures ("about 110,000 t") and on assumptions (a CO2 factor, a crude density, an aluminium intensity). How wide is each headline once that is taken into account, and which input matters most?
#
# The inputs include two figures on new energy vehicles (NEV) and the "new three" exports in yuan and dollars (notebook `08-vehicles-and-trade`).
#
# - **Before this:** `01-article-figures` (rounding), `11-units-and-pitfalls` ("rounding is not precision").

# %% tags=["summary", "nbval-ignore-output"]
# The Summary, right under the question: filled in by the last cell from the values the notebook computes.
# (Its output is checked by tests/test_summaries.py: it equals the last cell's, which nbval compares.)
from energycoop.analysis.markup import SummaryBox

summary_box = SummaryBox()

# %% [markdown]
# ## Parameters

# %% tags=["parameters"]
draws: int = 100000  # Monte Carlo draws per headline (at most 5,000,000)
seed: int = 20240704  # random seed: the same seed gives the same intervals on every run
interval_pct: float = 90.0  # width of the interval reported, % (90: the 5th to 95th percentile)
derived_dir: str = "../data/derived"  # where the derived table is written
figures_dir: str = "../figures"  # where the figures are written

# %%
from energycoop.analysis.uncertainty import MAX_DRAWS
from energycoop.build.step import Step
from energycoop.data.params import between, positive_int, whole_up_to

step = Step("12-uncertainty-and-sensitivity", globals()).parameters(
    draws=whole_up_to(MAX_DRAWS), seed=positive_int, interval_pct=between(1.0, 99.0))

# %%
import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter

from energycoop.analysis.headlines import HEADLINES, input_name, inputs, inputs_of, unexplained_bases
from energycoop.analysis.markup import summary
from energycoop.analysis.plotting import HIGHLIGHT, OKABE_ITO
from energycoop.analysis.uncertainty import interval, monte_carlo, tornado
from energycoop.data.derived import unit_suffix
from energycoop.data.loaders import load_article, load_reference
from energycoop.quantities.units import Q_, fmt, unit_label

table = step.table
tail = (100 - interval_pct) / 2
levels = (tail, 50, 100 - tail)

# %% [markdown]
# ## The uncertain inputs
#
# Two kinds, both drawn uniformly:
#
# - **Rounding** of a printed figure: "about 110,000" is anywhere from 105,000 to 115,000 (see [rounding](11-units-and-pitfalls.ipynb#rounding)).
# - **Assumptions** with a stated low and high in `reference.csv` (CO2 per tce, barrels per tonne, kWh per tonne of aluminium, the capacity factor of the world's additions, the hours in a year).
#
# Each draw takes every input independently. The hours are really either 8,760 or 8,784; drawing them uniformly in between is a simplification with a tiny effect.

# %%
ranges = inputs(load_article(), load_reference())
name_of = {name: input_name(name, ranges) for name in ranges}


def edge(r):
    """Where the base sits in its range: at the low end, at the high end, or inside (blank for an exact input)."""
    if r.low == r.high:
        return ""
    return "low end" if r.base == r.low else "high end" if r.base == r.high else "inside"


def written(x):
    """Six significant figures, written out in full (1,150,000, not 1.15e+06)."""
    return f"{float(f'{x:.6g}'):,.10g}"


pd.DataFrame([{"input": name_of[name], "low": written(r.low), "base": written(r.base), "high": written(r.high),
               "unit": unit_label(r.unit), "base sits": edge(r), "from": r.source} for name, r in ranges.items()])

# %% [markdown]
# Not every base sits in the middle of its range. A rounded figure's base is its printed value, the centre of its rounding interval; an assumption's base is the value the notebooks use, which may be one end of the range stated for it. Where it is, the draws spread to one side of the base only, and a headline's value at the base inputs can land at the edge of its interval or outside it:

# %%
at_edges = {name: r for name, r in ranges.items() if edge(r) in ("low end", "high end")}
for name, r in at_edges.items():
    print(f"{name_of[name]}: base {fmt(r.quantity('base'), sig=4)}, the {edge(r)} of "
          f"{fmt(r.quantity('low'), sig=4)} to {fmt(r.quantity('high'), sig=4)} ({r.source}).")

# %% [markdown]
# ## Monte Carlo
#
# For each headline $y = f(x_1, \dots, x_k)$, draw $N$ joint samples $x^{(i)}$ and report percentiles of $y^{(i)} = f(x^{(i)})$:
#
# $$x_j^{(i)} \sim \text{Uniform}(\text{low}_j, \text{high}_j), \qquad [\,y_{(5)},\ y_{(50)},\ y_{(95)}\,]$$
#
# Each headline is computed with the same formulas as in the notebook that derives it (02 to 08), evaluated on arrays of draws with their units.

# %%
rows = []
results = {}
for h in HEADLINES:
    h_inputs = inputs_of(h, ranges)
    values = monte_carlo(h.model, h_inputs, draws, seed, h.unit)
    base = h.model(**{name: r.quantity() for name, r in h_inputs.items()}).to(h.unit).magnitude
    p = interval(values, levels)
    low, median, high = p[f"p{levels[0]:g}"], p["p50"], p[f"p{levels[2]:g}"]
    results[h.key] = values
    for variant, value, what in (("base", base, "at the base inputs"),
                                 ("interval_low", low, f"{levels[0]:g}th percentile"), ("median", median, "median"),
                                 ("interval_high", high, f"{levels[2]:g}th percentile")):
        table.add(f"{h.key}_{variant}_{unit_suffix(h.unit)}", Q_(value, h.unit), f"{h.label}, {what}",
                  f"{h.formula} over {draws:,} draws", [r.ref for r in h_inputs.values()], unit=h.unit)
    half_width = Q_(50 * (high - low) / base, "percent")
    table.add(f"{h.key}_interval_half_width_pct", half_width, f"{h.label}: half the interval's width as % of the base value",
              "50 * (interval_high - interval_low) / base", [f"{h.key}_{v}_{unit_suffix(h.unit)}" for v in
                                                             ("interval_low", "interval_high", "base")], unit="percent")
    rows.append({"headline": h.label, "base": fmt(Q_(base, h.unit), sig=4), "low": fmt(Q_(low, h.unit), sig=4),
                 "high": fmt(Q_(high, h.unit), sig=4), "± % of base": half_width.magnitude,
                 "base in the interval": "yes" if low <= base <= high else "no: see below"})
table.add("uncertainty_interval_width_pct", Q_(interval_pct, "percent"), "width of every interval reported",
          "interval_pct", [], unit="percent")
intervals = pd.DataFrame(rows)
intervals.assign(**{"± % of base": intervals["± % of base"].map("{:.1f}".format)})

# %% [markdown]
# ### Bases outside their own interval
#
# A headline whose value at the base inputs lies outside its interval comes with the reason, stated once with the headline's definition; a test fails on one that has none:

# %%
frame = table.frame().set_index("id")
outside = []
for h in HEADLINES:
    suffix = unit_suffix(h.unit)
    base, low, high = (Q_(frame.loc[f"{h.key}_{v}_{suffix}", "value"], h.unit) for v in ("base", "interval_low", "interval_high"))
    if not low <= base <= high:
        outside.append((h, base, low, high))
        print(f"{h.label}: the base {fmt(base, sig=4)} lies {'below' if base < low else 'above'} its {interval_pct:g}% "
              f"interval, {fmt(low, sig=4)} to {fmt(high, sig=4)}. Why: {h.base_outside_interval or 'no reason stated'}.")
if not outside:
    print(f"Every headline's base lies inside its {interval_pct:g}% interval.")

# %% [markdown]
# ## Which input matters most: tornado data
#
# One at a time, each input goes to its low and its high while the others stay at base; the swing of the headline ranks the inputs:
#
# $$\text{swing}_j = \left| f(\dots, \text{high}_j, \dots) - f(\dots, \text{low}_j, \dots) \right|$$

# %%
tornados = {h.key: tornado(h.model, inputs_of(h, ranges), h.unit).assign(name=lambda t: t["input"].map(name_of))
            for h in HEADLINES}
leaders = pd.DataFrame([{"headline": h.label, "matters most": tornados[h.key]["name"].iloc[0],
                         "its swing": fmt(Q_(tornados[h.key]["swing"].iloc[0], h.unit), sig=4),
                         "next": tornados[h.key]["name"].iloc[1] if len(tornados[h.key]) > 1 else ""}
                        for h in HEADLINES])
leaders

# %% [markdown]
# ## Checks

# %%
for h in HEADLINES:
    values = results[h.key]
    assert values.shape == (draws,) and np.all(np.isfinite(values))
    ids = [f"{h.key}_{v}_{unit_suffix(h.unit)}" for v in ("interval_low", "median", "interval_high")]
    low, median, high = table.frame().set_index("id").loc[ids, "value"]
    assert low <= median <= high, h.key
    t = tornados[h.key]
    # every model is monotonic in each input, so each tornado bar brackets the base value
    assert (t[["output_at_low", "output_at_high"]].min(axis=1) <= t["base"] * (1 + 1e-12)).all(), h.key
    assert (t[["output_at_low", "output_at_high"]].max(axis=1) >= t["base"] * (1 - 1e-12)).all(), h.key
    assert (t["swing"].diff().dropna() <= 0).all()  # sorted, largest first
assert not unexplained_bases(table.frame().set_index("id")), unexplained_bases(table.frame().set_index("id"))
assert monte_carlo(HEADLINES[0].model, inputs_of(HEADLINES[0], ranges), 1000, seed, "percent")[0] == \
    monte_carlo(HEADLINES[0].model, inputs_of(HEADLINES[0], ranges), 1000, seed, "percent")[0]  # seeded: repeatable
print("All checks passed.")

# %% [markdown]
# ## Plots

# %%
fig, ax = plt.subplots(figsize=(9, 5))
order = list(range(len(HEADLINES)))[::-1]
for y, h in zip(order, HEADLINES, strict=True):
    frame = table.frame().set_index("id")
    base, low, high = (frame.loc[f"{h.key}_{v}_{unit_suffix(h.unit)}", "value"]
                       for v in ("base", "interval_low", "interval_high"))
    lo, hi = 100 * (low / base - 1), 100 * (high / base - 1)
    ax.plot([lo, hi], [y, y], color=OKABE_ITO["blue"], linewidth=6, solid_capstyle="butt")
    ax.plot(0, y, "|", color="black", markersize=14)
    low_text, high_text = fmt(Q_(low, h.unit), sig=3), fmt(Q_(high, h.unit), sig=3)
    number, _, unit = low_text.partition(" ")
    span = f"{number} to {high_text}" if unit and unit == high_text.partition(" ")[2] else f"{low_text} to {high_text}"
    ax.annotate(span, (hi, y), xytext=(6, -4),
                textcoords="offset points", fontsize=9)
ax.set_yticks(order, [h.label for h in HEADLINES], fontsize=9)
ax.axvline(0, color="black", linewidth=0.8)
ax.set_xlim(-50, 75)
ax.set_xlabel(f"{interval_pct:g}% interval, % difference from the value at base inputs (tick)")
ax.set_title("How uncertain each headline is, given rounding and assumptions")
outside_text = (f"; base outside its interval: {', '.join(h.label for h, *_ in outside)}" if outside else "")
description = (f"Interval chart: {interval_pct:g}% Monte Carlo intervals ({draws:,} draws) of {len(HEADLINES)} headlines "
               f"as % of their base values; widest: {intervals.loc[intervals['± % of base'].idxmax(), 'headline']} "
               f"(±{intervals['± % of base'].max():.0f}%){outside_text}.")
step.save_figure(fig, "12-intervals", description)

# %%
# one column of twelve narrow charts, so that on a phone the figure is shown near its drawn size, not shrunk
rows = [len(tornados[h.key]) for h in HEADLINES]  # each chart as tall as its inputs need (wrapped labels)
fig, axes = plt.subplots(len(HEADLINES), 1, figsize=(5.2, 0.55 * sum(rows) + 1.0 * len(rows)),
                         gridspec_kw={"height_ratios": [n + 1.8 for n in rows]})
for ax, h in zip(axes.flat, HEADLINES, strict=True):
    t = tornados[h.key].iloc[::-1]
    base = t["base"].iloc[0]
    for y, row in enumerate(t.itertuples()):
        # one comparable scale for every headline: the change from its base value, in percent
        lo, hi = sorted((100 * (row.output_at_low / base - 1), 100 * (row.output_at_high / base - 1)))
        ax.barh(y, hi - lo, left=lo, color=HIGHLIGHT if y == len(t) - 1 else OKABE_ITO["sky blue"])
    ax.axvline(0, color="black", linewidth=1)
    ax.set_yticks(range(len(t)), [textwrap.fill(name, 26) for name in t["name"]], fontsize=9)
    ax.set_title(textwrap.fill(f"{h.label} (base {fmt(Q_(base, h.unit), sig=3)})", 48), fontsize=10)
    ax.tick_params(axis="x", labelsize=9)
    ax.locator_params(axis="x", nbins=4)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:+,.3g}%"))
fig.suptitle(textwrap.fill("Tornado charts: the change from each headline's base when one input goes from its low to "
                           "its high (others at base; orange = the input that matters most)", 52), fontweight="bold")
fig.tight_layout(rect=(0, 0, 1, 0.975))
description = ("Twelve tornado charts, one per headline, one under the other, each as the change from the base value, "
               "in percent: bars show each input's swing from its low to its high; the top bar (orange) is the input that matters most.")
step.save_figure(fig, "12-tornado", description)

# %% [markdown]
# ## The derived table

# %%
step.write(table)

# %% tags=["summary-source"]
by_key = {h.key: h for h in HEADLINES}


def value(key, variant, sig=3):
    h = by_key[key]
    return fmt(Q_(frame.loc[f"{key}_{variant}_{unit_suffix(h.unit)}", "value"], h.unit), sig=sig)


def half_width(key):
    return fmt(Q_(frame.loc[f"{key}_interval_half_width_pct", "value"], "percent"), sig=2)


def driver(key, rank=0):
    """What moves headline ``key`` most (``rank`` 0) or next (1), in words."""
    name = tornados[key]["input"].iloc[rank]
    kind = "the rounding of the" if ranges[name].source.startswith("rounding") else "the assumed"
    return f"{kind} {input_name(name)}"


widest = max(HEADLINES, key=lambda h: frame.loc[f"{h.key}_interval_half_width_pct", "value"])
led_by_assumptions = [h for h in HEADLINES if ranges[tornados[h.key]["input"].iloc[0]].source.startswith("assumption")
                      and h is not widest]
co2_leader = (f"which also moves the CO2 avoided more than {driver('zhanatas_co2_avoided', 1)} does"
              if tornados["zhanatas_co2_avoided"]["input"].iloc[0] == tornados["zhanatas_coal_rate"]["input"].iloc[0]
              else f"while the CO2 avoided is moved most by {driver('zhanatas_co2_avoided')}")
summary_box.update(summary([
    (f"The intervals are {interval_pct:g}% Monte Carlo intervals. The Zhanatas coal rate is "
     f"{value('zhanatas_coal_rate', 'base')} ± {half_width('zhanatas_coal_rate')} ({value('zhanatas_coal_rate', 'interval_low')} "
     f"to {value('zhanatas_coal_rate', 'interval_high')}), moved most by {driver('zhanatas_coal_rate')}, {co2_leader}."),
    ("Assumptions dominate where they enter: " + "; ".join(f"{h.label} (± {half_width(h.key)}) is moved most by {driver(h.key)}"
                                                             for h in led_by_assumptions) + "."),
    (f"The most uncertain headline is {widest.label} (± {half_width(widest.key)} of its base): {driver(widest.key)} is almost "
     "everything."),
] + [f"{h.label}: the value at the base inputs, {fmt(base, sig=4)}, lies {'below' if base < low else 'above'} its own "
     f"interval ({fmt(low, sig=4)} to {fmt(high, sig=4)}), because {h.base_outside_interval}." for h, base, low, high in outside],
    next_notebook="13-scenarios", next_text="sweeps the assumptions over wide grids instead of sampling them."))
