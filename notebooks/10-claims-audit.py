# ---
# jupyter:
#   energycoop:
#     reads:
#     - data/article.csv
#     - data/claims.csv
#     - data/derived/02-zhanatas-wind.csv
#     - data/derived/03-turgusun-hydro.csv
#     - data/derived/04-comparing-projects.csv
#     - data/derived/05-atyrau-refinery.csv
#     - data/derived/06-pavlodar-aluminium.csv
#     - data/derived/07-global-renewables-2023.csv
#     - data/derived/08-vehicles-and-trade.csv
#     - data/reference.csv
#     writes:
#     - data/derived/10-claims-audit.csv
#     - figures/10-claims-audit.png
#     - figures/10-claims-audit.svg
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
# # The claims audit: every checkable claim, with a verdict
#
# **Question.** Claim by claim, does the article's number agree with the outside evidence, and if not, is the gap rounding, a bound, or a real difference?
#
# Each [verdict](11-units-and-pitfalls.ipynb#verdict) is computed, never typed: a claim is compared with its evidence at a relative [tolerance](11-units-and-pitfalls.ipynb#tolerance) (a parameter), then against the rounding the printed figure allows, and a figure printed as "over" or "exceeded" is judged as a bound. Change the tolerance and the verdicts follow.
#
# - **Before this:** notebooks 02 to 08 compute the derived values the audit reads.

# %% [markdown]
# ## Parameters

# %% tags=["parameters"]
tolerance_pct: float = 0.1  # largest relative difference still called consistent, % (0.1: agree to about three figures)
inputs_dir: str = "../data/derived"  # where to read the derived tables of notebooks 02 to 08 from
derived_dir: str = "../data/derived"  # where the audit table is written
figures_dir: str = "../figures"  # where the figure is written

# %%
from energycoop import params

tolerance_pct = params.number_between("tolerance_pct", tolerance_pct, 0.0, 100.0)
inputs_dir = params.input_directory("inputs_dir", inputs_dir)
derived_dir = params.directory("derived_dir", derived_dir)
figures_dir = params.directory("figures_dir", figures_dir)

# %%
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter

from energycoop.audit import VERDICTS, Sources, audit, load_claims
from energycoop.data import load_article, load_reference
from energycoop.derived import read_all_derived
from energycoop.plotting import OKABE_ITO, save_figure, use_style

use_style()

# %% [markdown]
# ## The verdicts and what they mean
#
# With $c$ the claim, $e$ the evidence and $t$ the tolerance:
#
# $$\text{consistent if } \frac{|c - e|}{|e|} \le t; \quad \text{consistent-if-rounded if } e \in [c_\text{low}, c_\text{high}]; \quad \text{bound-only if } c \text{ is a lower bound and } e \ge c$$

# %%
pd.DataFrame({"meaning": pd.Series(VERDICTS)})

# %% [markdown]
# ## Load the claims and everything they refer to
#
# `data/claims.csv` says, for each claim, which article figure it is (`article_id`), where the claimed number comes from (`article:`, `derived:`) and where its evidence comes from (`reference:`, `derived:`). The derived values are read from the tables the other notebooks wrote.

# %%
article = load_article()
reference = load_reference()
claims = load_claims(article=article)
derived = read_all_derived(inputs_dir, ["02-zhanatas-wind", "03-turgusun-hydro", "04-comparing-projects",
                                        "05-atyrau-refinery", "06-pavlodar-aluminium", "07-global-renewables-2023",
                                        "08-vehicles-and-trade"])
print(f"{len(claims)} claims, {int((claims['evidence'] != '').sum())} with outside evidence; "
      f"{len(derived)} derived values available.")

# %% [markdown]
# ## The audit

# %%
result = audit(claims, Sources(article, reference, derived), tolerance=tolerance_pct / 100)
result[["claim", "claimed", "evidence", "evidence_label", "verdict"]]

# %% [markdown]
# The reasons, in full:

# %%
for _, row in result.iterrows():
    print(f"{row['id']} ({row['verdict']}): {row['reason']}")

# %%
counts = result["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0)
checkable = int((result["verdict"] != "not checkable").sum())
print(f"{len(result)} claims: " + ", ".join(f"{n} {v}" for v, n in counts.items()) + f"; {checkable} checkable.")

# %% [markdown]
# ## Checks

# %%
assert set(result["verdict"]) <= set(VERDICTS)
assert checkable >= 15
assert (result.loc[result["verdict"] == "not checkable", "evidence"] == "").all()
assert result["id"].is_unique
print("All checks passed.")

# %% [markdown]
# ## Plot

# %%
colours = {"consistent": OKABE_ITO["bluish green"], "consistent-if-rounded": OKABE_ITO["sky blue"],
           "bound-only": OKABE_ITO["yellow"], "inconsistent": OKABE_ITO["vermillion"], "not checkable": "#BBBBBB"}
shown = result.iloc[::-1].reset_index(drop=True)
fig, ax = plt.subplots(figsize=(10, 8))
for y, row in shown.iterrows():
    difference = 0.0 if np.isnan(row["relative_difference"]) else 100 * row["relative_difference"]
    marker = "o" if row["verdict"] != "not checkable" else "x"
    ax.plot(difference, y, marker, color=colours[row["verdict"]], markersize=11, markeredgewidth=2,
            markeredgecolor="black" if marker == "o" else colours[row["verdict"]])
    ax.annotate(row["verdict"], (difference, y), xytext=(10, -4), textcoords="offset points", fontsize=8)
ax.axvspan(-tolerance_pct, tolerance_pct, color=OKABE_ITO["bluish green"], alpha=0.2)
ax.set_yticks(range(len(shown)), shown["claim"], fontsize=8)
ax.set_xscale("symlog", linthresh=0.1)
ax.set_xlim(-30, 60)
ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:+g}%" if v else "0"))
ax.axvline(0, color="black", linewidth=0.8)
ax.set_xlabel(f"Claim against evidence, % difference (symmetric log scale; shaded: within ±{tolerance_pct:g}%; x = no evidence)")
ax.set_title("The article's claims against outside evidence")
description = (f"Dot chart of {len(result)} claims by % difference from their evidence, labelled with verdicts: "
               + ", ".join(f"{n} {v}" for v, n in counts.items()) + ".")
save_figure(fig, "10-claims-audit", figures_dir, description)
print(description)

# %% [markdown]
# ## The audit table

# %%
Path(derived_dir).mkdir(parents=True, exist_ok=True)
path = Path(derived_dir) / "10-claims-audit.csv"
result.to_csv(path, index=False, lineterminator="\n")
print(f"Wrote {len(result)} rows to {path.name}.")

# %% [markdown]
# ## Summary
#
# At the default tolerance of 0.1%:
#
# - **Consistent:** the project ratings and expectations that outside sources repeat (40 × 2.5 MW, 350 GWh, 24.9 MW, 79.8 GWh, July 2021, 510 GW, 1.06 trillion yuan).
# - **Consistent if rounded:** 110,000 t of coal against the published 109,500 t; the implied 314 gce/kWh against Chinese plants' 302.5; 1.2 million exports against 1.203 million; the 2022 level implied by +77.6% against 679,000.
# - **Bound only:** "over half" of the world's additions (IRENA: 63%), production that "exceeded" 9 million (9.587 million).
# - **Inconsistent:** 240,000 t against a 250,000 t design capacity; +77.6% against the 77.2% of the published levels; $145.6 billion, whose implied 7.28 yuan per dollar is weaker than any 2023 fixing.
# - **Not checkable:** 5.5 Mt at Atyrau (no source found), "the first" smelter, the April 2022 certificate, "more than 200 countries", the four refineries.
#
# **Next:** `11-units-and-pitfalls`, the reading mistakes these verdicts guard against.
