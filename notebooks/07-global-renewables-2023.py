# ---
# jupyter:
#   energycoop:
#     reads:
#     - data/article.csv
#     - data/derived/02-zhanatas-wind.csv
#     - data/reference.csv
#     writes:
#     - data/derived/07-global-renewables-2023.csv
#     - figures/07-world-additions-2023.png
#     - figures/07-world-additions-2023.svg
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
# # The world's renewable additions in 2023: whose 510 GW, and how big is "over half"?
#
# **Question.** "According to the International Energy Agency's report, China contributed over half of the global increase in renewable energy capacity in 2023, which totaled 510 million kW." Whose total is 510 million kW, what does "over half" allow us to say about China, whose numbers is it checked against, and where does a 100 MW wind farm stand in a year like that?
#
# Three agencies and a council count 2023's additions, each in its own scope: the International Energy Agency (IEA), which the article names; the International Renewable Energy Agency (IRENA); China's National Energy Administration (NEA) and the China Electricity Council (CEC), which give China's national statistics.
#
# - **Before this:** `02-zhanatas-wind`

# %% tags=["summary", "nbval-ignore-output"]
# The Summary, right under the question: filled in by the last cell from the values the notebook computes.
# (Its output is checked by tests/test_summaries.py: it equals the last cell's, which nbval compares.)
from energycoop.analysis.markup import SummaryBox

summary_box = SummaryBox()

# %% [markdown]
# ## Parameters

# %% tags=["parameters"]
additions_gw: float = 510.0  # world renewable capacity added in 2023, GW (article: 510 million kW)
china_share_lower_pct: float = 50.0  # China's share of the additions, a lower bound, % (article: over half)
turbine_mw: float = 2.5  # turbine size for the turbine-equivalent count, MW (Zhanatas turbines)
inputs_dir: str = "../data/derived"  # where to read 02-zhanatas-wind.csv from
derived_dir: str = "../data/derived"  # where the derived table is written
figures_dir: str = "../figures"  # where the figures are written

# %%
from energycoop.build.step import Step
from energycoop.data.params import between, positive_number

step = Step("07-global-renewables-2023", globals()).parameters(
    additions_gw=positive_number, china_share_lower_pct=between(0.0, 100.0), turbine_mw=positive_number)

# %%
import matplotlib.pyplot as plt
import pandas as pd

from energycoop.analysis.markup import markdown_text, summary
from energycoop.analysis.plotting import HIGHLIGHT, OKABE_ITO
from energycoop.data.derived import derived_quantity
from energycoop.data.loaders import load_article, load_reference, quantity
from energycoop.quantities import energy, trade
from energycoop.quantities.trade import Bounded
from energycoop.quantities.units import Q_, fmt

table = step.table

# %% [markdown]
# ## The article's words

# %%
article = load_article()
reference = load_reference()
zhanatas = step.read("02-zhanatas-wind")
# Text from the data files is shown in a DataFrame, whose HTML display escapes it (pandas' default).
article.loc[["china_share_of_world_additions", "world_renewable_additions"], ["value_as_printed", "unit_as_printed", "qualifier", "snippet"]]

# %% [markdown]
# ## 510 million kW is 510 GW
#
# $$510 \times 10^{6}\ \text{kW} = 510 \times 10^{9}\ \text{W} = 510\ \text{GW}$$

# %%
additions = Q_(additions_gw, "GW")
words = article.loc["world_renewable_additions", ["value_as_printed", "unit_as_printed"]]
printed = quantity(article, "world_renewable_additions")  # "510 million kW", normalised in article.csv
printed_text = markdown_text(f"{words['value_as_printed']} {words['unit_as_printed']}")  # data text, escaped for Markdown
table.add("iea_world_additions_gw", additions, "world renewable capacity added in 2023, as the IEA counts it", "510 million kW in GW",
          ["world_renewable_additions", "iea_additions_2023"], unit="GW")
print(f"{words['value_as_printed']} {words['unit_as_printed']} = {fmt(printed, 'GW')}. The IEA's own words, in January 2024: "
      f"\"{reference.loc['iea_additions_2023_report', 'quote']}\", so {fmt(quantity(reference, 'iea_additions_2023'))} is an upper end. "
      f"In October 2024, after the article, its World Energy Outlook revised 2023 to more than "
      f"{fmt(quantity(reference, 'iea_additions_2023_weo2024'))}.")

# %% [markdown]
# ## Whose 510? Resolving the sentence
#
# "... over half of the global increase ..., which totaled 510 million kW" can be read two ways: the global increase totalled 510 GW, or China's contribution did. If China's contribution were 510 GW and more than half of the world's, the world would have added between 510 and 1,020 GW. Both agencies' world totals sit at or below 510 GW, so only the first reading fits:

# %%
irena = quantity(reference, "irena_additions_2023")
iea = quantity(reference, "iea_additions_2023")
china_reading_world_min = additions  # if China's share were 510 GW, the world added at least this much ...
china_reading_world_max = additions / (china_share_lower_pct / 100)  # ... and less than this
fits_world_reading = max(iea, irena) <= additions * 1.001  # "almost 510": neither world total exceeds it
fits_china_reading = min(iea, irena) > china_reading_world_min  # the world would have to exceed 510 GW
table.add("irena_world_additions_gw", irena, "world renewable capacity added in 2023, as IRENA counts it",
          "reference value", ["irena_additions_2023"], unit="GW")
table.add("world_additions_if_iea_figure_were_chinas_gw", china_reading_world_max,
          "largest world total if the IEA's 510 GW were China's over-half share", "additions_gw / (china_share_lower_pct / 100)",
          ["world_renewable_additions", "china_share_of_world_additions"], unit="GW", bound="upper")
print(f"Reading 1 (world = {fmt(additions)}): IEA {fmt(iea)}, IRENA {fmt(irena)}: fits = {fits_world_reading}.")
print(f"Reading 2 (China = {fmt(additions)}, world {fmt(china_reading_world_min)} to {fmt(china_reading_world_max)}): "
      f"the agencies' world totals would have to exceed {fmt(china_reading_world_min)}: fits = {fits_china_reading}.")

# %% [markdown]
# ## "Over half" is a lower bound
#
# $$C_\text{China} > s_\text{min} \times A_\text{world} = 0.5 \times 510\ \text{GW}$$
#
# Any number computed from "over half" is a bound: China added *at least* 255 GW, not 255 GW.

# %%
share = Bounded(Q_(china_share_lower_pct, "percent"), "lower")
china = trade.scale(share, additions)
table.add("china_additions_gw", china.quantity, "China's 2023 additions: at least this much",
          "china_share_lower_pct * additions_gw", ["china_share_of_world_additions", "iea_world_additions_gw"],
          unit="GW", bound=china.bound)
solar, wind = quantity(reference, "china_solar_additions_2023"), quantity(reference, "china_wind_additions_2023")
cec = solar + wind
table.add("china_solar_wind_additions_gw", cec, "China's 2023 solar plus wind additions (China Electricity Council)",
          "216 GW + 76 GW", ["china_solar_additions_2023", "china_wind_additions_2023"], unit="GW")
print(f"China added {china.describe()}{fmt(china.quantity.to('GW'))} (the share times the IEA's world total). China's own "
      f"council counts {fmt(solar)} of solar and {fmt(wind)} of wind, {fmt(cec)}, in its own scope. The two are not "
      "compared: a bound built on the IEA's world total and a national count are different scopes, and a comparison "
      "across scopes tests nothing. The next sections compare within one scope.")

# %% [markdown]
# ## Two agencies, [two scopes](11-units-and-pitfalls.ipynb#scope)
#
# The IEA counted nearly 510 GW for 2023 (January 2024); IRENA counts 473 GW, of which China 297.6 GW. The two differ in what they count and when, so a share is computed within one agency's numbers only, never IRENA's China over the IEA's world:

# %%
irena_china = quantity(reference, "irena_china_additions_2023")
irena_share = (irena_china / irena).to("percent")
mixed = (irena_china / iea).to("percent")
table.add("irena_china_additions_gw", irena_china, "China's renewable capacity added in 2023, as IRENA counts it",
          "reference value", ["irena_china_additions_2023"], unit="GW")
table.add("irena_china_share_pct", irena_share, "China's share of the 2023 additions within IRENA's figures",
          "297.6 GW / 473 GW", ["irena_china_additions_2023", "irena_additions_2023"], unit="percent")
table.add("iea_to_irena_world_additions_ratio", iea / irena, "the IEA's 2023 additions over IRENA's", "510 GW / 473 GW",
          ["iea_additions_2023", "irena_additions_2023"], unit="dimensionless")
print(f"Within IRENA: China {fmt(irena_china, sig=4)} of {fmt(irena)} = {fmt(irena_share)} (over half, as the article says).")
print(f"Mixed scopes, IRENA's China over the IEA's world: {fmt(mixed)}: a number that belongs to no one, shown only as "
      f"the mistake to avoid. The two world totals differ by {fmt((iea / irena - 1).to('percent'), sig=2)}.")

# %% [markdown]
# ## Whose "over half"? The article's attribution and the evidence's scopes
#
# The article attributes both numbers to the IEA. The 510 GW is the IEA's own world total ("nearly 510", in the report's words). For "over half", the IEA passages found from before the article give no share for China in 2023, only a forecast made in June 2023. The IEA's share of 2023 itself came in its World Energy Outlook of October 2024, three months after the article, over a world total it had revised upwards. IRENA (China's additions over the world's, both IRENA's) and China's NEA (national statistics, as Xinhua reported them) give the rest. Each number below belongs to the scope named beside it:

# %%
nea_share = quantity(reference, "china_share_additions_2023")
ids = ["iea_additions_2023", "iea_china_share_forecast_2023", "iea_additions_2023_weo2024", "iea_china_share_2023_weo2024",
       "irena_additions_2023", "irena_china_additions_2023",
       "china_share_additions_2023", "china_solar_additions_2023", "china_wind_additions_2023"]
scope_of = {"iea_additions_2023": "IEA, world (the agency the article names), January 2024",
            "iea_china_share_forecast_2023": "IEA, a forecast of June 2023, not an outcome",
            "iea_additions_2023_weo2024": "IEA, world, as revised in October 2024 (after the article)",
            "iea_china_share_2023_weo2024": "IEA, China's share of its revised world total (October 2024, after the article)",
            "irena_additions_2023": "IRENA, world", "irena_china_additions_2023": "IRENA, China",
            "china_share_additions_2023": "NEA, China's national statistics (as Xinhua reported them)",
            "china_solar_additions_2023": "CEC, China's national statistics",
            "china_wind_additions_2023": "CEC, China's national statistics"}
# Text from the data files is shown in a DataFrame, whose HTML display escapes it (pandas' default).
scopes = pd.DataFrame([{"figure": reference.loc[key, "quantity"],
                        "value": (f"over {fmt(quantity(reference, key), sig=2)}"
                                  if key in ("china_share_additions_2023", "iea_additions_2023_weo2024")
                                  else fmt(quantity(reference, key), sig=4)),
                        "scope": scope_of[key], "source": reference.loc[key, "source_title"]} for key in ids])
iea_share = quantity(reference, "iea_china_share_2023_weo2024")
weo_total = quantity(reference, "iea_additions_2023_weo2024")
weo_china = (iea_share * weo_total).to("GW")  # a lower bound: 60% of "more than 560 GW"
table.add("iea_revised_world_additions_gw", weo_total,
          "world renewable capacity added in 2023, as the IEA revised it in October 2024 (more than this)",
          "reference value", ["iea_additions_2023_weo2024"], unit="GW", bound="lower")
table.add("iea_china_share_of_revised_additions_pct", iea_share,
          "China's share of the 2023 additions, as the IEA gave it in October 2024", "reference value",
          ["iea_china_share_2023_weo2024"], unit="percent")
table.add("china_additions_by_iea_revision_gw", weo_china,
          "China's 2023 additions within the IEA's October 2024 figures: at least this much",
          "iea_china_share_of_revised_additions_pct * iea_revised_world_additions_gw",
          ["iea_china_share_2023_weo2024", "iea_additions_2023_weo2024"], unit="GW", bound="lower")
print(f"'Over half' is checked against the IEA's own later share ({fmt(iea_share, sig=2)}, October 2024), within IRENA's "
      f"scope ({fmt(irena_share)}) and against the NEA's 'over {fmt(nea_share, sig=2)}'.")
scopes

# %% [markdown]
# ## Zhanatas against a year of [world additions](11-units-and-pitfalls.ipynb#capacity-additions)
#
# $$\text{share} = \frac{P_\text{Zhanatas}}{A_\text{world}}, \qquad n_\text{turbines} = \frac{A_\text{world}}{P_\text{turbine}}$$

# %%
zhanatas_mw = derived_quantity(zhanatas, "zhanatas_capacity_mw")
zhanatas_share = energy.share(zhanatas_mw, additions)
farms = (additions / zhanatas_mw).to("dimensionless")
turbines = (additions / Q_(turbine_mw, "MW")).to("dimensionless")
table.add("zhanatas_share_of_world_additions_pct", zhanatas_share, "Zhanatas's capacity as a share of the world's 2023 additions",
          "zhanatas_capacity_mw / additions_gw", ["zhanatas_capacity_mw", "iea_world_additions_gw"], unit="percent")
table.add("world_additions_in_zhanatas_farms_count", farms, "the 2023 additions in Zhanatas-sized wind farms",
          "additions_gw / zhanatas_capacity_mw", ["iea_world_additions_gw", "zhanatas_capacity_mw"], unit="count")
table.add("world_additions_in_turbines_count", turbines, "the 2023 additions in turbines of turbine_mw",
          "additions_gw / turbine_mw", ["iea_world_additions_gw", "zhanatas_turbine_capacity"], unit="count")
print(f"Zhanatas's {fmt(zhanatas_mw)} is {fmt(zhanatas_share, sig=2)} of the year's {fmt(additions)}: the world added the "
      f"equivalent of {farms.magnitude:,.0f} such farms, or {turbines.magnitude:,.0f} turbines of {turbine_mw:g} MW "
      f"(about {turbines.magnitude / 365:,.0f} a day).")

# %% [markdown]
# ## Checks

# %%
assert abs(printed.to("GW").magnitude - quantity(article, "world_renewable_additions").to("GW").magnitude) < 1e-9
assert china.bound == "lower"
assert abs(china.quantity.to("GW").magnitude - china_share_lower_pct / 100 * additions_gw) < 1e-9 * additions_gw
assert abs(irena_share.to("").magnitude * irena.magnitude - irena_china.magnitude) < 1e-9
assert abs(farms.magnitude * zhanatas_mw.to("GW").magnitude - additions_gw) < 1e-9 * additions_gw
print("All checks passed.")

# %% [markdown]
# ## Plot

# %%
fig, ax = plt.subplots(figsize=(8, 3.6))
rows = [("IEA: world", iea.magnitude, None, OKABE_ITO["blue"]),
        ("IRENA: world", irena.magnitude, None, OKABE_ITO["sky blue"]),
        ("IRENA: China", irena_china.magnitude, None, OKABE_ITO["sky blue"]),
        ("China, solar + wind (CEC)", cec.magnitude, None, OKABE_ITO["bluish green"]),
        ("Article: China, 'over half' of 510", china.quantity.to("GW").magnitude, "lower bound", HIGHLIGHT)]
bars = ax.barh([r[0] for r in rows], [r[1] for r in rows], color=[r[3] for r in rows])
bars[-1].set_hatch("//")
ax.bar_label(bars, labels=[f"{'≥ ' if r[2] else ''}{r[1]:,.0f} GW" for r in rows], padding=4)
ax.set_xlim(0, max(r[1] for r in rows) * 1.2)
ax.invert_yaxis()
ax.set_xlabel("Renewable capacity added in 2023 (GW)")
ax.set_title("2023 renewable additions: two agencies' scopes, and China's bound")
description = (f"Horizontal bars: IEA world {iea.magnitude:g} GW, IRENA world {irena.magnitude:g} GW and China "
               f"{irena_china.magnitude:g} GW, China's solar plus wind {cec.magnitude:g} GW, and the article's bound of at "
               f"least {china.quantity.to('GW').magnitude:g} GW for China (hatched).")
step.save_figure(fig, "07-world-additions-2023", description)

# %% [markdown]
# ## The derived table

# %%
step.write(table)
table.display()

# %% tags=["summary-source"]
summary_box.update(summary([
    (f'"{printed_text}" is {fmt(printed, "GW")}, the world\'s total as the IEA counted it in January 2024, not China\'s: '
     f"reading it as China's would need a world total above {fmt(china_reading_world_min)} (up to "
     f"{fmt(china_reading_world_max)}), "
     f"{'which neither agency reported' if not fits_china_reading else 'which the agencies allowed'} by the article's date "
     f"(IEA {fmt(iea)}, IRENA {fmt(irena)}). The IEA's revision of October 2024 (more than {fmt(weo_total)}, "
     f"China {fmt(iea_share, sig=2)} of it) puts China's additions at {fmt(weo_china, sig=3)} or more, still short of "
     f"{fmt(printed, 'GW')}."),
    f'"Over half" makes China\'s additions a lower bound: {china.describe()}{fmt(china.quantity.to("GW"))}.',
    (f'Whose numbers: the article names the IEA for "over half". The IEA passages found from before the article give only '
     f"a forecast of June 2023; in October 2024 the IEA gave China {fmt(iea_share, sig=2)} of 2023's additions. "
     f"IRENA gives {fmt(irena_china, sig=4)} of {fmt(irena)} ({fmt(irena_share)}, both IRENA's), and China's NEA "
     f"says \"over half\" (national statistics); China's council counts {fmt(cec)} of solar and wind in its own scope, "
     "which is not set against a bound built on the IEA's total."),
    (f"The IEA's world total is {fmt(iea / irena)} times IRENA's: different scopes, so a share uses one agency's numbers on both "
     "sides."),
    (f"Zhanatas's capacity is {fmt(zhanatas_share, sig=1)} of one year's additions: the world added about "
     f"{fmt(farms, sig=2)} such farms in 2023."),
], next_notebook="08-vehicles-and-trade", next_text="growth rates and exchange rates."))
