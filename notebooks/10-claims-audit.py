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
# # The claims audit: every claim the article makes, with a verdict
#
# **Question.** Sentence by sentence, what does the article claim, and does outside evidence confirm it, only repeat it, allow it, or contradict it?
#
# - **Before this:** notebooks 02 to 08 compute the derived values the audit reads.

# %% tags=["summary", "nbval-ignore-output"]
# The Summary, right under the question: filled in by the last cell from the values the notebook computes.
# (Its output is checked by tests/test_summaries.py: it equals the last cell's, which nbval compares.)
from energycoop.analysis.markup import SummaryBox

summary_box = SummaryBox()

# %% [markdown]
# ## How a verdict is reached
#
# Each [verdict](11-units-and-pitfalls.ipynb#verdict) is computed, never typed. A printed figure stands for its [printed interval](11-units-and-pitfalls.ipynb#printed-interval) ("about 350" is 345 to 355; "1.2 million" is 1.15 to 1.25 million; "over half" is more than 50% and at most 100%); the evidence is an interval too, and the verdict comes from how the two intervals relate. Evidence from the figure's own developer, builder, owner, financier or publisher, from Chinese state media and government bodies on China's own achievements, or a relay of any of them, is the [same source](11-units-and-pitfalls.ipynb#same-source), and a plan or a design capacity is a design figure: neither is ever an [independent](11-units-and-pitfalls.ipynb#independent-source) confirmation. Each source's relation is decided once, in its row of `data/reference.csv`, by one rule applied to every source alike; a [weak source](11-units-and-pitfalls.ipynb#weak-source) is marked. Each source is credited with the value it states, and a value the project computes is called a calculation; a calculation from sources' figures (100 MW over 40 turbines) is at most compatible, never a confirmation, since no source states the figure itself. A number computed from printed figures (an implied exchange rate, an implied 2022 level) is evidence about them, counted once with them.

# %% [markdown]
# ## Parameters

# %% tags=["parameters"]
tolerance_pct: float = 0.0  # how far to widen each printed interval before comparing, % (0: the rounding alone)
inputs_dir: str = "../data/derived"  # where to read the derived tables of notebooks 02 to 08 from
derived_dir: str = "../data/derived"  # where the audit table is written
figures_dir: str = "../figures"  # where the figure is written

# %%
from energycoop.build.step import Step
from energycoop.data.params import between

step = Step("10-claims-audit", globals()).parameters(tolerance_pct=between(0.0, 100.0))

# %%
import matplotlib.pyplot as plt

from energycoop.analysis.audit import (
    VERDICTS,
    Sources,
    audit,
    findings,
    load_claims,
    tally,
    verdict_counts,
    verdict_group,
)
from energycoop.analysis.markup import Document, markdown_text, summary
from energycoop.analysis.plain import findings_cards
from energycoop.analysis.report import rows_markdown
from energycoop.analysis.sources import without_titles
from energycoop.data.derived import read_all_derived
from energycoop.data.loaders import STATUSES, load_article, load_reference

# %% [markdown]
# `data/claims.csv` holds every claim: which article figure it rests on, where the claimed number and the evidence come from (`article:`, `reference:`, `derived:`), how the evidence relates to the claim, the convention it uses and why a source is weak. The derived values are read from the tables the other notebooks wrote.

# %%
article = load_article()
reference = load_reference()
claims = load_claims(article=article, reference=reference)
derived = read_all_derived(inputs_dir, ["02-zhanatas-wind", "03-turgusun-hydro", "04-comparing-projects",
                                        "05-atyrau-refinery", "06-pavlodar-aluminium", "07-global-renewables-2023",
                                        "08-vehicles-and-trade"])
result = audit(claims, Sources(article, reference, derived), tolerance=tolerance_pct / 100)
found = findings(result)
counts = verdict_counts(result)
judgements = int((found["verdict"] == "not quantitative").sum())
print(f"{len(claims)} rows of claims.csv: {len(found)} statements of the article ({len(found) - judgements} findings "
      f"with a number or a checkable fact, {judgements} judgements or descriptions) and "
      f"{len(result) - len(found)} derived checks (evidence about the findings they come from).")

# %% [markdown]
# Every "before the article" and "after the article" is measured from the article's date. How that date was obtained:

# %%
published = reference.loc["article_publication"]
print(f"The article's date, {published['date']}: {STATUSES[published['status']]} ({published['source_address']}).")

# %% [markdown]
# ## What we found
#
# First the tally, on a scale a reader can rank (each step gathers some of the precise verdicts defined below, which stay as sub-labels), then the findings at odds with the evidence, named. Then one card per finding: its verdict, the article's words, what the evidence shows in one sentence (computed), and, behind "Evidence and reasoning", the rest of the reasoning and the sources as links with the date they were read. Weak sources are marked, and a finding resting only on weak sources says so. The statements that are not quantitative follow further down.

# %%
Document(findings_cards(result, Sources(article, reference, derived), claims))

# %% [markdown]
# ## The verdicts and what they mean
#
# Each word has one definition, the one in the table below and in the glossary: [confirmed](11-units-and-pitfalls.ipynb#verdict-confirmed), [confirmed within rounding](11-units-and-pitfalls.ipynb#verdict-confirmed-within-rounding), [bound confirmed](11-units-and-pitfalls.ipynb#verdict-bound-confirmed), [compatible](11-units-and-pitfalls.ipynb#verdict-compatible), [matches its source](11-units-and-pitfalls.ipynb#verdict-matches-its-source), [other convention](11-units-and-pitfalls.ipynb#verdict-other-convention), [inconsistent](11-units-and-pitfalls.ipynb#verdict-inconsistent), [not checkable](11-units-and-pitfalls.ipynb#verdict-not-checkable), [not quantitative](11-units-and-pitfalls.ipynb#verdict-not-quantitative). With $C$ the printed interval (widened by the [tolerance](11-units-and-pitfalls.ipynb#tolerance)), $c$ the printed value and $E$ the evidence interval:
#
# $$\begin{aligned} C \cap E = \varnothing &\Rightarrow \text{inconsistent (or other convention, for a conversion)} \\ E \subseteq C &\Rightarrow \text{confirmed if } E = \{c\}\text{, else within rounding, or bound confirmed} \\ C \subsetneq E \text{ or a partial overlap} &\Rightarrow \text{compatible} \end{aligned}$$
#
# Agreement with the same source or a design figure is "matches its source" whatever the intervals: the audit refuses a confirming verdict, or "compatible", without independent evidence. A fact is judged first by its evidence's independence, then by how the evidence stands to it: it supports, allows or contradicts the fact. Ends that touch are shared only when both are closed; "over" opens an end.
#
# On the reader's scale, **other convention** stands with the findings at odds: the printed figure is a conversion that the rate the article names does not give, so it and its stated basis cannot both be right, even though another rate (the reason names it) would give the figure.

# %%
Document("\n".join(["| verdict | on the reader's scale | meaning | findings |", "|---|---|---|---|"]
                    + [f"| **{markdown_text(word)}** | {verdict_group(word).icon} {markdown_text(verdict_group(word).label)} "
                       f"| {markdown_text(meaning)} | {counts[word]} |" for word, meaning in VERDICTS.items()]))

# %% [markdown]
# ## Every row, with its intervals
#
# Each row's verdict, the printed interval and the evidence. A derived check names the findings it is evidence about. Each reason is given once: a finding's under [What we found](#What-we-found) (a derived check's inside the finding it comes from), a statement's that is not a factual claim in the table below.

# %%
Document(rows_markdown(result))

# %% [markdown]
# ## Not a factual claim
#
# The statements with no number or measurable property (precise verdict: not quantitative), each with the reason, so that nothing is skipped silently.

# %%
statements = found[found["verdict"] == "not quantitative"]
Document("\n".join(["| paragraph | the article's words | why it is not checked |", "|---|---|---|"]
                    + [f"| {row.paragraph} | \u201c{markdown_text(row.words)}\u201d | {markdown_text(row.reason)} |"
                       for row in statements.itertuples()]))

# %% [markdown]
# ## Checks

# %%
assert set(result["verdict"]) <= set(VERDICTS)
assert len(found) >= 30, "every sentence with a number or a checkable fact is a claim"
assert counts.sum() == len(found), "the summary counts findings, not rows"
assert (result.loc[result["verdict"] == "not checkable", "evidence"] == "").all()
assert counts["not checkable"] <= 3, "every finding is researched; at most three stay open, each saying what was searched"
assert found.loc[found["verdict"] == "not checkable", "reason"].str.contains("would settle").all()
assert not (result.loc[result["relation"] != "independent", "verdict"].isin(["confirmed", "confirmed within rounding",
                                                                           "bound confirmed", "compatible"])).any()
assert result["id"].is_unique
derived_rows = result[result["type"] == "derived"]
titles = list(reference["source_title"])  # a source is cited by its short name after its first mention in a finding
assert all(without_titles(row.reason, titles)
           in without_titles(" ".join(result.loc[result["id"].isin(row.derived_from.split()), "reason"]), titles)
           for row in derived_rows.itertuples()), "a derived check's reason is shown inside its finding's"
print("All checks passed.")

# %% [markdown]
# ## Plot

# %%
steps = [(group, count) for group, count, _ in tally(result)][::-1]  # the reader's scale, first step on top
fig, ax = plt.subplots(figsize=(9, 5))
ax.barh(range(len(steps)), [n for _, n in steps], color=[g.background for g, _ in steps],
        edgecolor=[g.colour for g, _ in steps], linewidth=1.5)
for y, (_, n) in enumerate(steps):
    ax.annotate(str(n), (n, y), xytext=(4, -4), textcoords="offset points", fontsize=9)
ax.set_yticks(range(len(steps)), [g.label for g, _ in steps])
ax.set_xlabel(f"Statements (derived checks counted with their findings; tolerance {tolerance_pct:g}%)")
ax.set_title(f"The article's {len(found)} statements on the reader's scale")
description = (f"Bar chart of the article's {len(found)} statements on the reader's scale: "
               + ", ".join(f"{n} {g.label}" for g, n in steps[::-1]) + ".")
step.save_figure(fig, "10-claims-audit", description)

# %% [markdown]
# ## The audit table

# %%
step.write(result)

# %% [markdown]
# The Summary is built from the verdicts above, so that it follows them on a rerun.

# %%
def _listed(verdict: str) -> str:
    rows = found[found["verdict"] == verdict]
    return "; ".join(markdown_text(row.claim) for row in rows.itertuples()) or "none"


checked = int(len(found) - counts["not checkable"] - counts["not quantitative"])


# %% tags=["summary-source"]
def _named(rows) -> str:
    return "; ".join(f"\u201c{markdown_text(row.words)}\u201d ({markdown_text(row.verdict)})" for row in rows.itertuples())


def _step_detail(parts: dict) -> str:
    """A step's findings: named when they are few, counted by precise verdict (listed under What we found) when
    many; a precise verdict is not repeated when it is the step's only one."""
    if sum(parts.values()) > 3:
        return (", ".join(f"{n} {markdown_text(verdict)}" for verdict, n in parts.items())
                + ", each with its evidence under What we found")
    if len(parts) == 1:
        return _listed(next(iter(parts)))
    return "; ".join(f"{markdown_text(verdict)} ({n}): {_listed(verdict)}" for verdict, n in parts.items())


steps = tally(result)
at_odds = found[found["verdict"].map(lambda v: verdict_group(v).key == "at-odds")]
summary_box.update(summary([
    (f"The article makes {len(found)} statements ("
     + ("each printed figure read at its rounding alone" if tolerance_pct == 0
        else f"each printed interval widened by {tolerance_pct:g}%, the tolerance")
     + "): "
     + "; ".join(f"{group.icon} {count} {markdown_text(group.label)}" for group, count, _ in steps)
     + f". The {len(result) - len(found)} derived checks (numbers computed from the printed figures, such as an "
       "implied exchange rate) are counted with the findings they come from."),
    (f"**At odds with the evidence** ({len(at_odds)}): {_named(at_odds)}." if len(at_odds)
     else "No finding is at odds with the evidence."),
    *[f"{group.icon} **{markdown_text(group.label)}** ({count}): " + _step_detail(parts) + "."
      for group, count, parts in steps if group.key not in ("at-odds", "not-factual") and count],
], "11-units-and-pitfalls", "shows the reading mistakes these verdicts guard against."))
