# ---
# jupyter:
#   energycoop:
#     reads:
#     - data/article.csv
#     - data/reference.csv
#     writes:
#     - data/derived/08-vehicles-and-trade.csv
#     - figures/08-nev-exports.png
#     - figures/08-nev-exports.svg
#     - figures/08-new-three-exchange-rate.png
#     - figures/08-new-three-exchange-rate.svg
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
# # New-energy vehicles and the "new three": growth rates and exchange rates
#
# **Question.** "NEV exports reached 1.2 million units, a year-on-year increase of 77.6 percent", production "exceeded 9 million units", and the "new three" exports "achieved exports worth 1.06 trillion yuan (\$145.6 billion)". What 2022 level does the growth rate imply, what share of production was exported, and what exchange rate turns 1.06 trillion yuan into \$145.6 billion?
#
# NEV is a new energy vehicle (battery-electric or plug-in hybrid); CAAM, the China Association of Automobile Manufacturers, publishes China's vehicle statistics. The exchange rates compared are the central parity fixings of the China Foreign Exchange Trade System (CFETS), set daily under the People's Bank of China (PBOC).
#
# - **Before this:** `01-article-figures` (why "exceeded" is a bound)

# %% tags=["summary", "nbval-ignore-output"]
# The Summary, right under the question: filled in by the last cell from the values the notebook computes.
# (Its output is checked by tests/test_summaries.py: it equals the last cell's, which nbval compares.)
from energycoop.analysis.markup import SummaryBox

summary_box = SummaryBox()

# %% [markdown]
# ## Parameters

# %% tags=["parameters"]
nev_exports_million: float = 1.2  # NEV exports in 2023, million units (article)
export_growth_pct: float = 77.6  # year-on-year growth of NEV exports, % (article)
nev_production_million: float = 9.0  # NEV production in 2023, million units: a lower bound (article: exceeded 9 million)
new_three_cny_trillion: float = 1.06  # "new three" exports in 2023, trillion yuan (article)
new_three_usd_billion: float = 145.6  # the same exports in US dollars, billion (article)
cny_per_usd: float = 7.0467  # exchange rate to compare with, CNY per USD (reference.csv: 2023 average central parity)
derived_dir: str = "../data/derived"  # where the derived table is written
figures_dir: str = "../figures"  # where the figures are written

# %%
from energycoop.build.step import Step
from energycoop.data.params import growth_rate, positive_number

step = Step("08-vehicles-and-trade", globals()).parameters(
    nev_exports_million=positive_number, export_growth_pct=growth_rate,
    nev_production_million=positive_number, new_three_cny_trillion=positive_number,
    new_three_usd_billion=positive_number, cny_per_usd=positive_number)

# %%
import matplotlib.pyplot as plt

from energycoop.analysis.markup import summary
from energycoop.analysis.plotting import HIGHLIGHT, OKABE_ITO
from energycoop.data.loaders import load_article, load_reference, quantity, rounding_quantities
from energycoop.quantities import trade
from energycoop.quantities.trade import Bounded
from energycoop.quantities.units import Q_, fmt

table = step.table

# %% [markdown]
# ## The article's words

# %%
article = load_article()
reference = load_reference()
ids = ["nev_production_and_sales", "nev_exports", "nev_export_growth", "new_three_exports_cny", "new_three_exports_usd"]
# Text from the data files is shown in a DataFrame, whose HTML display escapes it (pandas' default).
article.loc[ids, ["value_as_printed", "unit_as_printed", "qualifier", "snippet"]]

# %% [markdown]
# ## Back to 2022: [year-on-year growth](11-units-and-pitfalls.ipynb#year-on-year-growth) inverted
#
# $$x_{2022} = \frac{x_{2023}}{1 + g}, \qquad \Delta = x_{2023} - x_{2022}$$
#
# Not $x_{2023} \times (1 - g)$: growth of 77.6% does not undo by taking 77.6% off.

# %%
exports = Q_(nev_exports_million, "million").to("count")
growth = Q_(export_growth_pct, "percent")
exports_2022 = trade.back_calculate(exports, growth)
increase = exports - exports_2022
table.add("nev_exports_printed_million", exports, "NEV exports in 2023 as the article prints them", "nev_exports_million",
          ["nev_exports"], unit="million")
table.add("nev_export_growth_printed_pct", growth, "NEV export growth in 2023 as the article prints it", "export_growth_pct",
          ["nev_export_growth"], unit="percent")
table.add("nev_exports_2022_million", exports_2022, "NEV exports in 2022, back-calculated from 2023 and growth",
          "nev_exports_million / (1 + export_growth_pct / 100)", ["nev_exports", "nev_export_growth"], unit="million")
table.add("nev_export_increase_million", increase, "increase in NEV exports from 2022 to 2023",
          "nev_exports_million - nev_exports_2022_million", ["nev_exports", "nev_exports_2022_million"], unit="million")
wrong = exports * (1 - growth.to("").magnitude)
print(f"{exports.to('million').magnitude:g} million at +{export_growth_pct:g}% means {exports_2022.to('million').magnitude:.4f} million in 2022 "
      f"and an increase of {increase.to('million').magnitude:.4f} million. (Taking {export_growth_pct:g}% off instead gives "
      f"{wrong.to('million').magnitude:.3f} million: wrong.)")

# %% [markdown]
# ## Against the published 2022 figure
#
# CAAM reported 679,000 NEV exports for 2022 (in January 2023) and, a year later, 1.203 million for 2023, up 77.6%. "1.2 million" is rounded: anything from 1.15 to 1.25 million prints as 1.2.

# %%
published_2022 = quantity(reference, "nev_exports_2022")
caam_2023 = quantity(reference, "nev_exports_2023")
caam_growth = quantity(reference, "nev_export_growth_2023_reported")
printed_low, printed_high = rounding_quantities(article, "nev_exports")
half_step = (printed_high - printed_low) / 2  # the rounding of the printed "1.2 million", around the parameter's value
exports_low, exports_high = exports - half_step, exports + half_step
base_low = trade.back_calculate(exports_low, growth)
base_high = trade.back_calculate(exports_high, growth)
table.add("nev_exports_high_million", exports_high, "highest 2023 exports that print as '1.2 million'",
          "nev_exports_million + half the printed rounding step", ["nev_exports"], unit="million")
growth_printed = trade.growth_between(published_2022, exports)
growth_caam = trade.growth_between(published_2022, caam_2023)
base_for_caam = trade.back_calculate(caam_2023, growth)
table.add("nev_export_growth_from_published_pct", growth_caam, "growth from CAAM's 679,000 (2022) to 1.203 million (2023)",
          "1203000 / 679000 - 1", ["nev_exports_2022", "nev_exports_2023"], unit="percent")
table.add("nev_exports_2022_for_caam_2023_million", base_for_caam,
          "the 2022 base that 1.203 million and +77.6% imply", "1.203 / (1 + export_growth_pct / 100)",
          ["nev_exports_2023", "nev_export_growth"], unit="million")
table.add("nev_exports_2022_low_million", base_low, "lowest 2022 level that rounding of '1.2 million' allows",
          "1.15 / (1 + export_growth_pct / 100)", ["nev_exports", "nev_export_growth"], unit="million")
table.add("nev_exports_2022_high_million", base_high, "highest 2022 level that rounding of '1.2 million' allows",
          "1.25 / (1 + export_growth_pct / 100)", ["nev_exports", "nev_export_growth"], unit="million")
table.add("nev_exports_2023_caam_million", caam_2023, "NEV exports in 2023 as CAAM reported them", "reference value",
          ["nev_exports_2023"], unit="million")
table.add("nev_exports_2022_caam_million", published_2022, "NEV exports in 2022 as CAAM first reported them (January 2023)",
          "reference value", ["nev_exports_2022"], unit="million")
table.add("nev_export_growth_caam_reported_pct", caam_growth, "NEV export growth in 2023 as CAAM reported it",
          "reference value", ["nev_export_growth_2023_reported"], unit="percent")
quotes_caam = abs((growth - caam_growth).to("percent").magnitude) < 0.05  # the article's rate is CAAM's, as printed
inside = base_low <= published_2022 <= base_high
# Shown to three significant figures: the inputs ("1.2 million", "+77.6%") carry no more.
print(f"Back-calculated 2022: about {fmt(exports_2022, sig=3)}; published: {fmt(published_2022, sig=3)} "
      f"({fmt((published_2022 / exports_2022 - 1).to('percent'), sig=2)} apart).")
print(f"Rounding of '{fmt(exports, sig=2)}' allows a 2022 level from {fmt(base_low, sig=3)} to {fmt(base_high, sig=3)}: "
      f"the published figure is {'inside' if inside else 'outside'} that range.")
print(f"CAAM reported {fmt(caam_2023, sig=4)} exports up {fmt(caam_growth, sig=3)}: the article "
      f"{'quotes that rate as CAAM reported it' if quotes_caam else 'quotes another rate than CAAM reported'}.")
print(f"CAAM's own 2023 figure over its first-reported 2022 figure ({fmt(published_2022, sig=3)}) gives {fmt(growth_caam, sig=3)}; "
      f"+{fmt(caam_growth, sig=3)} on {fmt(caam_2023, sig=4)} implies a 2022 base of about {fmt(base_for_caam, sig=3)}. "
      "Possibly CAAM revised its 2022 figure between the two releases, though no source found says so: a note about "
      "the source, not an error of the article.")

# %% [markdown]
# ## Exports as a share of production: only an [upper bound](11-units-and-pitfalls.ipynb#upper-bound)
#
# Production "exceeded 9 million", a lower bound on the denominator, so the share is an upper bound. And "1.2 million" is rounded: exports may be up to the top of its rounding interval, so the bound divides that top by the production's lower bound:
#
# $$s = \frac{\text{exports}}{\text{production}} \le \frac{\text{exports}_\text{high}}{\text{production}_\text{low}}$$

# %%
share = trade.ratio(Bounded(exports_high, "upper"), Bounded(Q_(nev_production_million, "million"), "lower"))
at_printed = trade.ratio(Bounded(exports), Bounded(Q_(nev_production_million, "million"), "lower"))
table.add("nev_export_share_pct", share.quantity, "NEV exports over production, at most (rounding of the exports included)",
          "nev_exports_high / nev_production", ["nev_exports", "nev_production_and_sales"], unit="percent", bound=share.bound)
production = quantity(reference, "nev_production_2023")
precise = (caam_2023 / production).to("percent")
table.add("nev_export_share_caam_pct", precise, "NEV exports over production with CAAM's precise figures",
          "1.203 million / 9.587 million", ["nev_exports_2023", "nev_production_2023"], unit="percent")
print(f"Exports were {share.describe()}{fmt(share.quantity, 'percent')} of production ({fmt(exports_high, sig=3)} over "
      f"{fmt(Q_(nev_production_million, 'million'))}); the printed figures alone give {fmt(at_printed.quantity, 'percent')}, "
      f"which rounding could exceed. With CAAM's {fmt(production, sig=4)} produced and {fmt(caam_2023, sig=4)} exported, {fmt(precise)}.")

# %% [markdown]
# ## The [exchange rate](11-units-and-pitfalls.ipynb#exchange-rate) inside "1.06 trillion yuan (\$145.6 billion)"
#
# $$r = \frac{1.06 \times 10^{12}\ \text{CNY}}{145.6 \times 10^{9}\ \text{USD}}$$

# %%
cny = Q_(new_three_cny_trillion, "trillion * CNY").to("CNY")
usd = Q_(new_three_usd_billion, "billion * USD").to("USD")
implied = trade.implied_rate(cny, usd).to("CNY/USD")
# shown to the significant figures of the less precise printed amount (1.06: three), kept unrounded for computing
implied_sig = min(len(f"{v:g}".replace(".", "").strip("0")) for v in (new_three_cny_trillion, new_three_usd_billion))
implied_shown = fmt(implied, sig=implied_sig).split(" ")[0]
average = Q_(cny_per_usd, "CNY/USD")
weakest = quantity(reference, "cny_per_usd_2023_weakest")
at_average = trade.convert_at_rate(cny, average).to("USD")
at_weakest = trade.convert_at_rate(cny, weakest).to("USD")
table.add("new_three_printed_trillion_cny", cny, "\"new three\" exports as the article prints them in yuan",
          "new_three_cny_trillion", ["new_three_exports_cny"], unit="trillion * CNY")
table.add("new_three_printed_billion_usd", usd, "\"new three\" exports as the article prints them in dollars",
          "new_three_usd_billion", ["new_three_exports_usd"], unit="billion * USD")
table.add("fixing_2023_weakest_cny_per_usd", weakest, "the weakest central parity fixing of 2023 (30 June)", "reference value",
          ["cny_per_usd_2023_weakest"], unit="CNY/USD")
table.add("new_three_implied_rate_cny_per_usd", implied, "exchange rate implied by the article's two amounts",
          "new_three_cny / new_three_usd", ["new_three_exports_cny", "new_three_exports_usd"], unit="CNY/USD")
table.add("new_three_at_average_rate_billion_usd", at_average, "the yuan amount in billion USD at cny_per_usd",
          "new_three_cny / cny_per_usd", ["new_three_exports_cny", "cny_per_usd_2023_average"], unit="billion * USD")
table.add("new_three_at_weakest_rate_billion_usd", at_weakest, "the yuan amount in billion USD at 2023's weakest fixing",
          "new_three_cny / 7.2258", ["new_three_exports_cny", "cny_per_usd_2023_weakest"], unit="billion * USD")
print(f"{new_three_cny_trillion:g} trillion yuan = ${new_three_usd_billion:g} billion implies {fmt(implied, sig=implied_sig)}.")
print(f"At the 2023 average of {fmt(average, sig=5)} the yuan amount is ${at_average.to('billion * USD').magnitude:.1f} billion; "
      f"even at the weakest 2023 fixing ({fmt(weakest, sig=5)}) it is ${at_weakest.to('billion * USD').magnitude:.1f} billion.")
weaker_than_2023 = implied > weakest
print(f"The implied rate is {'weaker than every 2023 fixing' if weaker_than_2023 else 'within the range of the 2023 fixings'} "
      f"(the weakest, {fmt(weakest, sig=5)}, is in reference.csv).")

# %% [markdown]
# The official fixing is not the market rate: the onshore spot rate may trade up to 2% either side of it. Market rates of the week before the article (4 July 2024), and a spot rate of September 2023 that AFP called the lowest since December 2007 (not the year's weakest: the yuan fell further the next day, as Nikkei Asia reported), with their sources:

# %%
spot_june = quantity(reference, "cny_per_usd_spot_2024_06_27")  # Reuters, 27 June 2024
spot_july = quantity(reference, "cny_per_usd_spot_2024_07_02")  # Reuters, 2 July 2024
fixing_june = quantity(reference, "cny_per_usd_fixing_2024_06_27")  # Caixin, 27 June 2024
spot_2023 = quantity(reference, "cny_per_usd_spot_2023_09_07")  # AFP, 7 September 2023
intraday_2023 = quantity(reference, "cny_per_usd_2023_09_08_nikkei")  # Nikkei Asia, 8 September 2023
at_spot = trade.convert_at_rate(cny, spot_june).to("USD")
table.add("spot_2024_06_27_cny_per_usd", spot_june, "onshore spot rate of 27 June 2024, a week before the article (Reuters)",
          "reference value", ["cny_per_usd_spot_2024_06_27"], unit="CNY/USD")
table.add("spot_2023_weakest_cny_per_usd", spot_2023, "onshore spot rate of 7 September 2023, the weakest since 2007 (AFP)",
          "reference value", ["cny_per_usd_spot_2023_09_07"], unit="CNY/USD")
usd_vs_average = (usd / at_average - 1).to("percent")
table.add("new_three_at_spot_2024_06_27_billion_usd", at_spot, "the yuan amount at the onshore spot rate of 27 June 2024",
          "new_three_cny / spot_2024_06_27", ["new_three_exports_cny", "cny_per_usd_spot_2024_06_27"], unit="billion * USD")
table.add("new_three_usd_vs_2023_average_pct", usd_vs_average, "the printed dollar figure against the yuan amount at the 2023 average fixing",
          "new_three_usd / (new_three_cny / cny_per_usd) - 1", ["new_three_exports_usd", "new_three_at_average_rate_billion_usd"],
          unit="percent")
# What the printed "1.06 trillion" allows at that rate: its rounding (1.055 to 1.065 trillion) carried through.
cny_printed_low, cny_printed_high = rounding_quantities(article, "new_three_exports_cny")
cny_half_step = ((cny_printed_high - cny_printed_low) / 2).to("CNY")  # around the parameter's value
at_spot_low = trade.convert_at_rate(cny - cny_half_step, spot_june).to("USD")
at_spot_high = trade.convert_at_rate(cny + cny_half_step, spot_june).to("USD")
printed_fits_spot = at_spot_low <= usd <= at_spot_high
table.add("new_three_at_spot_low_billion_usd", at_spot_low, "the lowest yuan total that prints as '1.06 trillion', at the spot rate of 27 June 2024",
          "(new_three_cny - half the printed rounding step) / spot_2024_06_27", ["new_three_exports_cny", "cny_per_usd_spot_2024_06_27"],
          unit="billion * USD")
table.add("new_three_at_spot_high_billion_usd", at_spot_high, "the highest yuan total that prints as '1.06 trillion', at the spot rate of 27 June 2024",
          "(new_three_cny + half the printed rounding step) / spot_2024_06_27", ["new_three_exports_cny", "cny_per_usd_spot_2024_06_27"],
          unit="billion * USD")
print(f"Onshore spot: {fmt(spot_june, sig=5)} on 27 June 2024 and {fmt(spot_july, sig=5)} on 2 July 2024 (Reuters); the "
      f"fixing on 27 June was {fmt(fixing_june, sig=5)} (Caixin). At {fmt(spot_june, sig=5)} the yuan amount is "
      f"{fmt(at_spot, sig=4)}, not the article's {fmt(usd, sig=4)}; the rounding of '{new_three_cny_trillion:g} trillion' "
      f"allows {fmt(at_spot_low, sig=4)} to {fmt(at_spot_high, sig=4)} at that rate, so the printed figure "
      f"{'lies inside' if printed_fits_spot else 'lies outside'} what that rate gives.")
market_2023 = "weaker still" if spot_2023 > spot_june else "stronger"
print(f"The market was {market_2023} in 2023: the onshore spot reached {fmt(spot_2023, sig=5)} on 7 September 2023 (AFP), "
      f"against {fmt(spot_june, sig=5)} a week before the article. So the yuan was weaker in mid-2024 than the 2023 fixings, "
      "not than 2023's market rates.")
assert intraday_2023 > spot_2023, "the next day's low is weaker than AFP's rate, as the sentence above says"
print(f"Not the year's weakest: the next day it traded as weak as {fmt(intraday_2023, sig=5)} (Nikkei Asia, an intraday "
      "low; the report does not say onshore or offshore).")
print(f"Converting the 2023 total at a mid-2024 market rate gives a dollar figure {fmt(-usd_vs_average, sig=2)} below the "
      f"{fmt(at_average, sig=4)} that the 2023 average fixing gives.")

# %% [markdown]
# The same source gives the "new three" growth as +29.9%, so the 2022 level is $1.06 / 1.299$:

# %%
growth_new_three = quantity(reference, "new_three_growth_2023")
new_three_2022 = trade.back_calculate(cny, growth_new_three)
table.add("new_three_2022_trillion_cny", new_three_2022, "\"new three\" exports in 2022, back-calculated",
          "new_three_cny / 1.299", ["new_three_exports_cny", "new_three_growth_2023"], unit="trillion * CNY")
print(f"\"New three\" exports in 2022: {new_three_2022.to('trillion * CNY').magnitude:.3f} trillion yuan.")

# %% [markdown]
# ## Checks

# %%
assert abs(trade.grow(exports_2022, growth).magnitude - exports.magnitude) < 1e-6
assert abs(trade.growth_between(exports_2022, exports).magnitude - export_growth_pct) < 1e-9
assert share.bound == "upper"
assert share.quantity >= at_printed.quantity and precise <= share.quantity  # the bound holds for every value that prints as 1.2
assert abs(trade.convert_at_rate(usd, implied).to("CNY").magnitude - cny.magnitude) < 1e-9 * cny.magnitude
assert base_low < exports_2022 < base_high
print("All checks passed.")

# %% [markdown]
# ## Plots

# %%
fig, ax = plt.subplots(figsize=(8, 3.4))
labels = ["2022, first published (CAAM)", f"2022, back-calculated from {fmt(exports, sig=2)} and +{fmt(growth, sig=3)}",
          "2023, article", "2023, CAAM"]
values = [q.to("million").magnitude for q in (published_2022, exports_2022, exports, caam_2023)]
colours = [OKABE_ITO["sky blue"], HIGHLIGHT, HIGHLIGHT, OKABE_ITO["sky blue"]]
bars = ax.barh(labels, values, color=colours)
ax.errorbar(exports_2022.to('million').magnitude, 1, xerr=[[(exports_2022 - base_low).to('million').magnitude],
            [(base_high - exports_2022).to('million').magnitude]], fmt="none", color="black", capsize=5)
ax.bar_label(bars, labels=[f"{v:.3f} M" for v in values], padding=8)
ax.set_xlim(0, 1.5)
ax.invert_yaxis()
ax.set_xlabel(f"NEV exports (million vehicles); error bar: what rounding of '{fmt(exports, sig=2)}' allows")
ax.set_title("China's NEV exports: the article's growth rate run backwards")
description = (f"Horizontal bars: CAAM's first-published 2022 exports {published_2022.to('million').magnitude:.3f} M against "
               f"{exports_2022.to('million').magnitude:.3f} M back-calculated (rounding allows {base_low.to('million').magnitude:.3f} to "
               f"{base_high.to('million').magnitude:.3f}), and 2023 exports of {exports.to('million').magnitude:.1f} M (article) and "
               f"{caam_2023.to('million').magnitude:.3f} M (CAAM).")
step.save_figure(fig, "08-nev-exports", description)

# %%
fig, ax = plt.subplots(figsize=(8, 2.8))
points = [("2023 average", average.magnitude, OKABE_ITO["blue"], f"{average.magnitude:.4f}"),
          ("2023 weakest fixing", weakest.magnitude, OKABE_ITO["sky blue"], f"{weakest.magnitude:.4f}"),
          ("implied by the article", implied.magnitude, HIGHLIGHT, implied_shown)]
ax.axvspan(average.magnitude, weakest.magnitude, color=OKABE_ITO["sky blue"], alpha=0.15, label="from the 2023 average to the weakest 2023 fixing")
for y, (label, value, colour, shown) in enumerate(points):
    ax.plot(value, 0, "o", color=colour, markersize=10)
    ax.annotate(f"{label}\n{shown}", (value, 0), xytext=(0, 18 if y != 1 else -38), textcoords="offset points",
                ha="center")
ax.set_ylim(-1, 1)
ax.yaxis.set_visible(False)
ax.spines["left"].set_visible(False)
values = [p[1] for p in points]
ax.set_xlim(min(values) - 0.1, max(values) + 0.1)
ax.legend(loc="lower left")
ax.set_xlabel("Yuan per US dollar (higher = weaker yuan)")
ax.set_title(f'"{new_three_cny_trillion:g} trillion yuan (${new_three_usd_billion:g} billion)": the implied exchange rate')
description = (f"Number line: the article's amounts imply {implied_shown} yuan per dollar, against the 2023 "
               f"average of {average.magnitude:.4f} and the weakest 2023 fixing of {weakest.magnitude:.4f}.")
step.save_figure(fig, "08-new-three-exchange-rate", description)

# %% [markdown]
# ## The derived table

# %%
step.write(table)
table.display()

# %% tags=["summary-source"]
summary_box.update(summary([
    (f"+{fmt(growth, sig=3)} to {fmt(exports, sig=2)} means 2022 exports of about {fmt(exports_2022, sig=3)} and an increase of "
     f"about {fmt(increase, sig=3)}; CAAM's first-reported {fmt(published_2022, sig=3)} for 2022 is "
     f"{'inside' if inside else 'outside'} what rounding of the printed figure allows "
     f"({fmt(base_low, sig=3)} to {fmt(base_high, sig=3)})."),
    (f"The article quotes CAAM's rate as CAAM reported it: {fmt(caam_2023, sig=4)} exports, up {fmt(caam_growth, sig=3)}. "
     f"That {fmt(caam_2023, sig=4)} over CAAM's first-reported {fmt(published_2022, sig=3)} is {fmt(growth_caam, sig=3)}: "
     f"possibly CAAM revised its 2022 base (to about {fmt(base_for_caam, sig=3)}), though no source found says so; a note "
     "about the source, not an error of the article."),
    (f"Exports were {share.describe()}{fmt(share.quantity, 'percent')} of production: production \"exceeded\" its printed "
     f"figure, and the exports may be up to {fmt(exports_high, sig=3)} before they print as {fmt(exports, sig=2)}. With CAAM's "
     f"precise figures, {fmt(precise)}."),
    (f"{fmt(cny)} = {fmt(usd, sig=4)} implies {fmt(implied)}, "
     + (f"weaker than every 2023 fixing (the weakest: {fmt(weakest, sig=5)}) but close to the onshore market rate of the "
        f"week before the article ({fmt(spot_june, sig=5)}, Reuters), at which the yuan amount is "
        f"{fmt(at_spot, sig=4)}, and what the rounding of the yuan total allows at it ({fmt(at_spot_low, sig=4)} to "
        f"{fmt(at_spot_high, sig=4)}) {'contains' if printed_fits_spot else 'misses'} the printed figure. "
        if weaker_than_2023 else "within the range of the 2023 fixings. ")
     + f"At the 2023 average fixing it would be {fmt(at_average, sig=4)}: converting a 2023 total at a mid-2024 rate "
       f"puts the dollar figure {fmt(-usd_vs_average, sig=2)} lower. The market was {market_2023} in 2023 (the onshore "
       f"spot reached {fmt(spot_2023, sig=5)} in September 2023)."),
], next_notebook="09-energy-on-one-scale", next_text="puts every energy figure of the article on one axis."))
