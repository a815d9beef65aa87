"""The answer reader and check (``energycoop.teaching.answers`` and ``checker``): the table of what students may type, right and wrong
(the specification is the module's docstring and TEACHING.md), the reader's safety, the rules that come before
the tolerance, the graded mode, and the variants the checks follow."""

import math
import re
import time

import pytest

from energycoop.quantities.units import Q_
from energycoop.teaching import checker, keys, printed, variants
from energycoop.teaching.answers import read_answer
from energycoop.teaching.catalogue import EXERCISES
from energycoop.teaching.checker import verdict
from energycoop.teaching.variants import values

PINT_INTERNALS = re.compile(
    r"\[(mass|length|time|currency_\w+)\]|dimensionality|dimensionless|<Quantity|"
    r"million \* tce|GWh/h/MW|oil_bbl|gram_of_coal|tonne_of_coal"
)

# (exercise, answer as a student typed it, expected result) for seed 0. "cannot": refused as unreadable.
# Written as a teacher trying the exercises would: every numeric exercise, right answers in the many ways people
# write them, and the wrong answers students give (named mistakes, slipped prefixes, wrong units, false bounds).
TABLE = [
    # turgusun_capacity_factor
    ("turgusun_capacity_factor", "36.6%", "right"),
    ("turgusun_capacity_factor", "36,6 %", "right"),
    ("turgusun_capacity_factor", "0.366", "right"),
    ("turgusun_capacity_factor", "0,366", "right"),
    ("turgusun_capacity_factor", "37%", "right"),
    ("turgusun_capacity_factor", "about 37 %", "right"),
    ("turgusun_capacity_factor", "36.58 %", "right"),
    ("turgusun_capacity_factor", "36.6 percent", "right"),
    ("turgusun_capacity_factor", "36.6 per cent", "right"),
    ("turgusun_capacity_factor", "36.6 pct", "right"),
    ("turgusun_capacity_factor", "CF = 36.6%", "right"),
    ("turgusun_capacity_factor", "≈36.6%", "right"),
    ("turgusun_capacity_factor", "0.3658", "right"),
    ("turgusun_capacity_factor", "36.5846 %", "right"),
    ("turgusun_capacity_factor", "36.6%.", "right"),
    ("turgusun_capacity_factor", "approx. 0.37", "right"),
    ("turgusun_capacity_factor", "36.6 %", "right"),
    ("turgusun_capacity_factor", "37 percent", "right"),
    ("turgusun_capacity_factor", "3.2", "wrong"),
    ("turgusun_capacity_factor", "37", "wrong"),
    ("turgusun_capacity_factor", "40%", "wrong"),
    ("turgusun_capacity_factor", "36%", "wrong"),
    ("turgusun_capacity_factor", "0.36", "wrong"),
    ("turgusun_capacity_factor", "3.66%", "wrong"),
    ("turgusun_capacity_factor", "366%", "wrong"),
    ("turgusun_capacity_factor", "0.37 %", "wrong"),
    ("turgusun_capacity_factor", "38%", "wrong"),
    ("turgusun_capacity_factor", "36.6 h", "wrong"),
    ("turgusun_capacity_factor", "36.6 GWh", "wrong"),
    # zhanatas_full_load_hours
    ("zhanatas_full_load_hours", "3500 h", "right"),
    ("zhanatas_full_load_hours", "3,500 h", "right"),
    ("zhanatas_full_load_hours", "3 500 h", "right"),
    ("zhanatas_full_load_hours", "3500 hours", "right"),
    ("zhanatas_full_load_hours", "3500 hrs", "right"),
    ("zhanatas_full_load_hours", "3500 hours a year", "right"),
    ("zhanatas_full_load_hours", "3500 h/year", "right"),
    ("zhanatas_full_load_hours", "3.5 thousand hours", "right"),
    ("zhanatas_full_load_hours", "3.5k h", "right"),
    ("zhanatas_full_load_hours", "3500 H", "right"),
    ("zhanatas_full_load_hours", "3500h", "right"),
    ("zhanatas_full_load_hours", "3500 hours per year", "right"),
    ("zhanatas_full_load_hours", "about 3,500 hours.", "right"),
    ("zhanatas_full_load_hours", "3.5e3 h", "right"),
    ("zhanatas_full_load_hours", "3.5×10^3 h", "right"),
    ("zhanatas_full_load_hours", "3500 full-load hours", "right"),
    (
        "zhanatas_full_load_hours",
        "3500",
        "right",
    ),  # the question names the unit: a bare number is in it (review 19, finding 11)
    ("zhanatas_full_load_hours", "140000 h", "wrong"),
    ("zhanatas_full_load_hours", "140,000 hours", "wrong"),
    ("zhanatas_full_load_hours", "35 h", "wrong"),
    ("zhanatas_full_load_hours", "3500 GWh", "wrong"),
    ("zhanatas_full_load_hours", "3.5 h", "wrong"),
    ("zhanatas_full_load_hours", "3,600 h", "wrong"),
    ("zhanatas_full_load_hours", "4000 h", "wrong"),
    ("zhanatas_full_load_hours", "146 days", "right"),
    ("zhanatas_full_load_hours", "0.4", "wrong"),
    # zhanatas_coal_rate
    ("zhanatas_coal_rate", "314 gce/kWh", "right"),
    ("zhanatas_coal_rate", "314 gce/kwh", "right"),
    ("zhanatas_coal_rate", "314 GCE/KWH", "right"),
    ("zhanatas_coal_rate", "314 grams of coal equivalent per kWh", "right"),
    ("zhanatas_coal_rate", "314 g of standard coal per kWh", "right"),
    ("zhanatas_coal_rate", "314 gce per kWh", "right"),
    ("zhanatas_coal_rate", "314.3 gce/kWh", "right"),
    ("zhanatas_coal_rate", "0.314 kgce/kWh", "right"),
    ("zhanatas_coal_rate", "314 g coal/kWh", "right"),
    ("zhanatas_coal_rate", "314 gce/kW·h", "right"),
    ("zhanatas_coal_rate", "0.314 tce/MWh", "right"),
    ("zhanatas_coal_rate", "314,3 gce/kWh", "right"),
    ("zhanatas_coal_rate", "314 grams of standard coal per kilowatt hour", "right"),
    ("zhanatas_coal_rate", "about 314 gce/kWh.", "right"),
    ("zhanatas_coal_rate", "314 gce / kWh", "right"),
    ("zhanatas_coal_rate", "314 g/kWh", "wrong"),
    (
        "zhanatas_coal_rate",
        "314",
        "right",
    ),  # the question names the unit: a bare number is in it (review 19, finding 11)
    ("zhanatas_coal_rate", "0.0032 gce/kWh", "wrong"),
    ("zhanatas_coal_rate", "3.14 gce/kWh", "wrong"),
    ("zhanatas_coal_rate", "314 kgce/kWh", "wrong"),
    ("zhanatas_coal_rate", "300 gce/kWh", "wrong"),
    ("zhanatas_coal_rate", "320 gce/kWh", "wrong"),
    ("zhanatas_coal_rate", "314 kWh/gce", "wrong"),
    # world_additions_in_farms
    ("world_additions_in_farms", "5100 farms", "right"),
    ("world_additions_in_farms", "5,100 farms.", "right"),
    ("world_additions_in_farms", "5100", "right"),
    ("world_additions_in_farms", "5 100 wind farms", "right"),
    ("world_additions_in_farms", "5.1 thousand farms", "right"),
    ("world_additions_in_farms", "5.1k farms", "right"),
    ("world_additions_in_farms", "about 5100 Zhanatas farms", "right"),
    ("world_additions_in_farms", "5100 farm", "right"),
    ("world_additions_in_farms", "5,100", "right"),
    ("world_additions_in_farms", "5.1×10^3", "right"),
    ("world_additions_in_farms", "5100 Zhanatas-sized farms", "right"),
    ("world_additions_in_farms", "5.1 farms", "wrong"),
    ("world_additions_in_farms", "5.1", "wrong"),
    ("world_additions_in_farms", "510 farms", "wrong"),
    ("world_additions_in_farms", "5,000 farms", "wrong"),
    ("world_additions_in_farms", "204,000 farms", "wrong"),
    ("world_additions_in_farms", "51 farms", "wrong"),
    ("world_additions_in_farms", "0.51 TW", "wrong"),
    # zhanatas_coal_energy
    ("zhanatas_coal_energy", "3.2 PJ", "right"),
    ("zhanatas_coal_energy", "3.22 PJ", "right"),
    ("zhanatas_coal_energy", "3,22 PJ", "right"),
    ("zhanatas_coal_energy", "3.224 PJ", "right"),
    ("zhanatas_coal_energy", "3.2 pj", "right"),
    ("zhanatas_coal_energy", "3.2 petajoules", "right"),
    ("zhanatas_coal_energy", "3224 TJ", "right"),
    ("zhanatas_coal_energy", "3.2e15 J", "right"),
    ("zhanatas_coal_energy", "3.2×10^15 J", "right"),
    ("zhanatas_coal_energy", "3.2 x 10^15 J", "right"),
    ("zhanatas_coal_energy", "3.22×10¹⁵ J", "right"),
    ("zhanatas_coal_energy", "3,224,000 GJ", "right"),
    ("zhanatas_coal_energy", "3.22 million GJ", "right"),
    ("zhanatas_coal_energy", "3.223 PJ", "right"),
    ("zhanatas_coal_energy", "895 GWh", "right"),
    ("zhanatas_coal_energy", "110,000 tce", "wrong"),
    ("zhanatas_coal_energy", "4.6 PJ", "wrong"),
    (
        "zhanatas_coal_energy",
        "3.2",
        "right",
    ),  # the question names the unit: a bare number is in it (review 19, finding 11)
    ("zhanatas_coal_energy", "3.2 TJ", "wrong"),
    ("zhanatas_coal_energy", "3.2 PW", "wrong"),
    ("zhanatas_coal_energy", "3224 PJ", "wrong"),
    ("zhanatas_coal_energy", "1.26 PJ", "wrong"),
    ("zhanatas_coal_energy", "3.5 PJ", "wrong"),
    # zhanatas_implied_efficiency
    ("zhanatas_implied_efficiency", "39%", "right"),
    ("zhanatas_implied_efficiency", "39.1 %", "right"),
    ("zhanatas_implied_efficiency", "0.39", "right"),
    ("zhanatas_implied_efficiency", "0,391", "right"),
    ("zhanatas_implied_efficiency", "39.08%", "right"),
    ("zhanatas_implied_efficiency", "about 39 percent", "right"),
    ("zhanatas_implied_efficiency", "η = 39 %", "right"),
    ("zhanatas_implied_efficiency", "2.6", "wrong"),
    ("zhanatas_implied_efficiency", "39", "wrong"),
    ("zhanatas_implied_efficiency", "256%", "wrong"),
    ("zhanatas_implied_efficiency", "27%", "wrong"),
    ("zhanatas_implied_efficiency", "0.27", "wrong"),
    ("zhanatas_implied_efficiency", "40%", "wrong"),
    ("zhanatas_implied_efficiency", "3.9%", "wrong"),
    # nev_exports_2022
    ("nev_exports_2022", "0.68 million", "right"),
    ("nev_exports_2022", "0.676 million", "right"),
    ("nev_exports_2022", "676,000", "right"),
    ("nev_exports_2022", "676k", "right"),
    ("nev_exports_2022", "676 thousand", "right"),
    ("nev_exports_2022", "0.68 mn", "right"),
    ("nev_exports_2022", "680,000 vehicles", "right"),
    ("nev_exports_2022", "675,676 vehicles", "right"),
    ("nev_exports_2022", "676 000 cars", "right"),
    ("nev_exports_2022", "0.68", "right"),
    ("nev_exports_2022", "0,68 million", "right"),
    ("nev_exports_2022", "675676", "right"),
    ("nev_exports_2022", "0.676 million units", "right"),
    ("nev_exports_2022", "about 676,000 NEVs", "right"),
    ("nev_exports_2022", "0.68m", "right"),
    ("nev_exports_2022", "680k units", "right"),
    ("nev_exports_2022", "0.27 million", "wrong"),
    ("nev_exports_2022", "269,000", "wrong"),
    ("nev_exports_2022", "0.67 million", "wrong"),
    ("nev_exports_2022", "2.13 million", "wrong"),
    ("nev_exports_2022", "1.2 million", "wrong"),
    ("nev_exports_2022", "676", "wrong"),
    ("nev_exports_2022", "0.5 million", "wrong"),
    ("nev_exports_2022", "675,676 million", "wrong"),
    # china_additions_lower_bound
    ("china_additions_lower_bound", "at least 255 GW", "right"),
    ("china_additions_lower_bound", "over 255 GW", "right"),
    ("china_additions_lower_bound", "more than 255 GW", "right"),
    ("china_additions_lower_bound", "> 255 GW", "right"),
    ("china_additions_lower_bound", "≥ 255 GW", "right"),
    ("china_additions_lower_bound", "255 GW or more", "right"),
    ("china_additions_lower_bound", "at least 255,000 MW", "right"),
    ("china_additions_lower_bound", "at least 255 gw", "right"),
    ("china_additions_lower_bound", "at least 0.255 TW", "right"),
    ("china_additions_lower_bound", "more than 255 million kW", "right"),
    ("china_additions_lower_bound", "at least 250 GW", "right"),
    ("china_additions_lower_bound", "255 GW", "wrong"),
    ("china_additions_lower_bound", "at least 260 GW", "wrong"),
    ("china_additions_lower_bound", "at most 255 GW", "wrong"),
    ("china_additions_lower_bound", "less than 255 GW", "wrong"),
    ("china_additions_lower_bound", "at least 510 GW", "wrong"),
    ("china_additions_lower_bound", "over 300 GW", "wrong"),
    (
        "china_additions_lower_bound",
        "at least 255",
        "right",
    ),  # the question names the unit: a bare number is in it (review 19, finding 11)
    # smelter_in_zhanatas_farms
    ("smelter_in_zhanatas_farms", "9 farms", "right"),
    ("smelter_in_zhanatas_farms", "10 farms", "right"),
    ("smelter_in_zhanatas_farms", "9.3 farms", "right"),
    ("smelter_in_zhanatas_farms", "9.33", "right"),
    ("smelter_in_zhanatas_farms", "9,3 farms", "right"),
    ("smelter_in_zhanatas_farms", "9 or 10 farms", "right"),
    ("smelter_in_zhanatas_farms", "9-10", "right"),
    ("smelter_in_zhanatas_farms", "9–10 farms", "right"),
    ("smelter_in_zhanatas_farms", "between 9 and 10 farms", "right"),
    ("smelter_in_zhanatas_farms", "about 9.3 wind farms", "right"),
    ("smelter_in_zhanatas_farms", "9.3 Zhanatas farms", "right"),
    ("smelter_in_zhanatas_farms", "9.33 farm", "right"),
    ("smelter_in_zhanatas_farms", "9.325", "right"),
    ("smelter_in_zhanatas_farms", "0.11 farms", "wrong"),
    ("smelter_in_zhanatas_farms", "0.107", "wrong"),
    ("smelter_in_zhanatas_farms", "8 farms", "wrong"),
    ("smelter_in_zhanatas_farms", "11 farms", "wrong"),
    ("smelter_in_zhanatas_farms", "93 farms", "wrong"),
    ("smelter_in_zhanatas_farms", "9 potatoes", "cannot"),
    ("smelter_in_zhanatas_farms", "5-15 farms", "wrong"),
    ("smelter_in_zhanatas_farms", "9.5 farms", "wrong"),
    # new_three_rate
    ("new_three_rate", "7.28 CNY/USD", "right"),
    ("new_three_rate", "7.3 yuan per dollar", "right"),
    ("new_three_rate", "7.28 yuan/$", "right"),
    ("new_three_rate", "7.28 RMB/USD", "right"),
    ("new_three_rate", "7,28 CNY/USD", "right"),
    ("new_three_rate", "7.28 cny/usd", "right"),
    ("new_three_rate", "7.28 yuan per US dollar", "right"),
    ("new_three_rate", "7.28 CNY per USD", "right"),
    ("new_three_rate", "7.280 ¥/$", "right"),
    ("new_three_rate", "0.137 USD/CNY", "wrong"),
    ("new_three_rate", "0.14 CNY/USD", "wrong"),
    (
        "new_three_rate",
        "7.28",
        "right",
    ),  # the question names the unit: a bare number is in it (review 19, finding 11)
    ("new_three_rate", "7.28 USD/CNY", "wrong"),
    ("new_three_rate", "7.1 CNY/USD", "wrong"),
    ("new_three_rate", "7.3 CNY", "wrong"),
    # atyrau_barrels_per_day
    ("atyrau_barrels_per_day", "110,000 barrels a day", "right"),
    ("atyrau_barrels_per_day", "110,300 bbl/d", "right"),
    ("atyrau_barrels_per_day", "110 kb/d", "right"),
    ("atyrau_barrels_per_day", "110,301 barrels per day", "right"),
    ("atyrau_barrels_per_day", "110 thousand barrels a day", "right"),
    ("atyrau_barrels_per_day", "0.11 mb/d", "right"),
    ("atyrau_barrels_per_day", "110 000 b/d", "right"),
    ("atyrau_barrels_per_day", "110,300 bpd", "right"),
    ("atyrau_barrels_per_day", "110.3 kbd", "right"),
    ("atyrau_barrels_per_day", "110k barrels/day", "right"),
    ("atyrau_barrels_per_day", "110,300 barrels daily", "right"),
    ("atyrau_barrels_per_day", "40.3 million barrels a year", "right"),
    ("atyrau_barrels_per_day", "110,300 oil barrels per day", "right"),
    ("atyrau_barrels_per_day", "147,000 barrels a day", "wrong"),
    (
        "atyrau_barrels_per_day",
        "110,000",
        "right",
    ),  # the question names the unit: a bare number is in it (review 19, finding 11)
    ("atyrau_barrels_per_day", "40,260,000 barrels", "wrong"),
    ("atyrau_barrels_per_day", "15,000 barrels a day", "wrong"),
    ("atyrau_barrels_per_day", "110 barrels a day", "wrong"),
    ("atyrau_barrels_per_day", "2,060 barrels a day", "wrong"),
    # nev_export_share_bound
    ("nev_export_share_bound", "at most 13.9 %", "right"),
    ("nev_export_share_bound", "at most 14%", "right"),
    ("nev_export_share_bound", "no more than 13.9%", "right"),
    ("nev_export_share_bound", "less than 13.9 %", "right"),
    ("nev_export_share_bound", "≤ 13.9%", "right"),
    ("nev_export_share_bound", "13.9% or less", "right"),
    ("nev_export_share_bound", "at most 0.139", "right"),
    ("nev_export_share_bound", "under 14 %", "right"),
    ("nev_export_share_bound", "at most 13.89 %", "right"),
    ("nev_export_share_bound", "up to 13.9%", "right"),
    ("nev_export_share_bound", "at most 13.3 %", "wrong"),
    ("nev_export_share_bound", "13.9%", "wrong"),
    ("nev_export_share_bound", "at least 13.9 %", "wrong"),
    ("nev_export_share_bound", "at least 14 %", "wrong"),
    ("nev_export_share_bound", "at most 13.8 %", "wrong"),
    ("nev_export_share_bound", "at most 750%", "wrong"),
    ("nev_export_share_bound", "at most 13 %", "wrong"),
    # coal_rate_lowest
    ("coal_rate_lowest", "296 gce/kWh", "right"),
    ("coal_rate_lowest", "295.8 gce/kWh", "right"),
    ("coal_rate_lowest", "296 grams of coal equivalent per kWh", "right"),
    ("coal_rate_lowest", "296 gce/kwh", "right"),
    ("coal_rate_lowest", "about 296 gce/kWh", "right"),
    ("coal_rate_lowest", "295,8 gce/kWh", "right"),
    ("coal_rate_lowest", "314 gce/kWh", "wrong"),
    ("coal_rate_lowest", "333 gce/kWh", "wrong"),
    ("coal_rate_lowest", "304 gce/kWh", "wrong"),
    (
        "coal_rate_lowest",
        "296",
        "right",
    ),  # the question names the unit: a bare number is in it (review 19, finding 11)
    (
        "coal_rate_lowest",
        "300 gce/kWh",
        "wrong",
    ),  # D4: 3 figures needed: 300 cannot tell 295.8 from the low/low mistake, 304.3
    ("coal_rate_lowest", "296 g/kWh", "wrong"),
    # cf_gap_points
    ("cf_gap_points", "3.5 percentage points", "right"),
    ("cf_gap_points", "3.5 pp", "right"),
    ("cf_gap_points", "3.54 pp", "right"),
    ("cf_gap_points", "3.5 points", "right"),
    ("cf_gap_points", "+3.5 pp", "right"),
    ("cf_gap_points", "3.5 % points", "right"),
    ("cf_gap_points", "3.5 p.p.", "right"),
    ("cf_gap_points", "3,5 pp", "right"),
    ("cf_gap_points", "3.5 %", "right"),
    ("cf_gap_points", "9.7 %", "wrong"),
    ("cf_gap_points", "9.7 pp", "wrong"),
    ("cf_gap_points", "-3.5 pp", "wrong"),
    ("cf_gap_points", "0.035 pp", "wrong"),
    ("cf_gap_points", "35 pp", "wrong"),
    ("cf_gap_points", "4 pp", "wrong"),
    # cf_gap_relative
    ("cf_gap_relative", "9.7%", "right"),
    ("cf_gap_relative", "9.7 %", "right"),
    ("cf_gap_relative", "9,7 %", "right"),
    ("cf_gap_relative", "+9.7%", "right"),
    ("cf_gap_relative", "0.097", "right"),
    ("cf_gap_relative", "9.72 percent", "right"),
    ("cf_gap_relative", "about 9.7% higher", "right"),
    ("cf_gap_relative", "3.5 pp", "wrong"),
    ("cf_gap_relative", "3.5 %", "wrong"),
    ("cf_gap_relative", "9.7 pp", "wrong"),
    ("cf_gap_relative", "-9.7%", "wrong"),
    ("cf_gap_relative", "97%", "wrong"),
    ("cf_gap_relative", "10%", "wrong"),
    # china_share_one_scope
    ("china_share_one_scope", "63 %", "right"),
    ("china_share_one_scope", "62.9%", "right"),
    ("china_share_one_scope", "0.63", "right"),
    ("china_share_one_scope", "62,9 %", "right"),
    ("china_share_one_scope", "63 percent", "right"),
    ("china_share_one_scope", "about 63%", "right"),
    ("china_share_one_scope", "58 %", "wrong"),
    ("china_share_one_scope", "50 %", "wrong"),
    ("china_share_one_scope", "over half", "wrong"),  # words: the article's bound, named as the mistake it is
    ("china_share_one_scope", "63", "wrong"),
    ("china_share_one_scope", "0.63 %", "wrong"),
    ("china_share_one_scope", "159%", "wrong"),
    # world_capacity_growth
    ("world_capacity_growth", "13.9 %", "right"),
    ("world_capacity_growth", "14 %", "right"),
    ("world_capacity_growth", "13,9 %", "right"),
    ("world_capacity_growth", "0.139", "right"),
    ("world_capacity_growth", "13.92%", "right"),
    ("world_capacity_growth", "about 14 percent", "right"),
    ("world_capacity_growth", "12.2%", "wrong"),
    ("world_capacity_growth", "15 %", "wrong"),
    ("world_capacity_growth", "13.2 %", "wrong"),
    ("world_capacity_growth", "13.9 pp", "wrong"),
    ("world_capacity_growth", "12%", "wrong"),
    ("world_capacity_growth", "1.139", "wrong"),
    # verdict_coal_rate
    ("verdict_coal_rate", "confirmed within rounding", "right"),
    ("verdict_coal_rate", "Confirmed within rounding.", "right"),
    ("verdict_coal_rate", "confirmed-within-rounding", "right"),
    ("verdict_coal_rate", "The verdict is confirmed within rounding", "right"),
    ("verdict_coal_rate", "confirmed", "wrong"),
    ("verdict_coal_rate", "compatible", "wrong"),
    ("verdict_coal_rate", "inconsistent", "wrong"),
    ("verdict_coal_rate", "true", "cannot"),
    # verdict_over_half
    ("verdict_over_half", "bound confirmed", "right"),
    ("verdict_over_half", "Bound confirmed.", "right"),
    ("verdict_over_half", "BOUND CONFIRMED", "right"),
    ("verdict_over_half", "confirmed", "wrong"),
    ("verdict_over_half", "inconsistent", "wrong"),
    ("verdict_over_half", "compatible", "wrong"),
    ("verdict_over_half", "confirmed within rounding", "wrong"),
    # farm_output_pj
    ("farm_output_pj", "1.26 PJ", "right"),
    ("farm_output_pj", "1.3 PJ", "right"),
    ("farm_output_pj", "1,26 PJ", "right"),
    ("farm_output_pj", "1260 TJ", "right"),
    ("farm_output_pj", "1.26e15 J", "right"),
    ("farm_output_pj", "1.26×10^15 J", "right"),
    ("farm_output_pj", "1.26 petajoules", "right"),
    ("farm_output_pj", "1.26 pj", "right"),
    ("farm_output_pj", "1.26 PJ a year", "right"),
    ("farm_output_pj", "350 GWh", "wrong"),
    ("farm_output_pj", "350 million kWh", "wrong"),
    ("farm_output_pj", "3.2 PJ", "wrong"),
    ("farm_output_pj", "4.5 PJ", "wrong"),
    ("farm_output_pj", "1.26 TJ", "wrong"),
    (
        "farm_output_pj",
        "1.26",
        "right",
    ),  # the question names the unit: a bare number is in it (review 19, finding 11)
    ("farm_output_pj", "350,000 MWh", "wrong"),
    # coal_saved_same_generation
    ("coal_saved_same_generation", "106,000 t of standard coal", "right"),
    ("coal_saved_same_generation", "105,875 tce", "right"),
    ("coal_saved_same_generation", "106,000 tce a year", "right"),
    ("coal_saved_same_generation", "106 thousand tce", "right"),
    ("coal_saved_same_generation", "105 875 tonnes of coal equivalent", "right"),
    ("coal_saved_same_generation", "0.106 Mtce", "right"),
    ("coal_saved_same_generation", "106,000 tonnes of standard coal per year", "right"),
    ("coal_saved_same_generation", "about 106,000 tce", "right"),
    ("coal_saved_same_generation", "105,900 tce", "right"),
    ("coal_saved_same_generation", "106 ktce", "right"),
    ("coal_saved_same_generation", "110,000 tce", "wrong"),
    ("coal_saved_same_generation", "265,000 tce", "wrong"),
    ("coal_saved_same_generation", "106,000 t", "wrong"),
    ("coal_saved_same_generation", "100,000 tce", "wrong"),
    ("coal_saved_same_generation", "0.11 Mtce", "wrong"),
    (
        "coal_saved_same_generation",
        "106,000",
        "right",
    ),  # the question names the unit: a bare number is in it (review 19, finding 11)
    ("coal_saved_same_generation", "350 GWh", "wrong"),
    # smelter_average_power
    ("smelter_average_power", "373 MW", "right"),
    ("smelter_average_power", "372.6 MW", "right"),
    ("smelter_average_power", "373 mw", "right"),
    ("smelter_average_power", "0.37 GW", "right"),
    ("smelter_average_power", "372,575 kW", "right"),
    ("smelter_average_power", "about 370 MW", "right"),
    ("smelter_average_power", "373 megawatts", "right"),
    ("smelter_average_power", "373MW", "right"),
    ("smelter_average_power", "3.26 TWh a year", "right"),
    ("smelter_average_power", "373 MWh", "wrong"),
    ("smelter_average_power", "8,900 MW", "wrong"),
    ("smelter_average_power", "373 kW", "wrong"),
    ("smelter_average_power", "3.26 TWh", "wrong"),
    (
        "smelter_average_power",
        "373",
        "right",
    ),  # the question names the unit: a bare number is in it (review 19, finding 11)
    ("smelter_average_power", "400 MW", "wrong"),
    ("smelter_average_power", "15.5 MW", "wrong"),
    # kazakhstan_in_tce
    ("kazakhstan_in_tce", "34 million tce", "right"),
    ("kazakhstan_in_tce", "34.4 Mtce", "right"),
    ("kazakhstan_in_tce", "34 Mt of standard coal", "right"),
    ("kazakhstan_in_tce", "34.36 million tonnes of standard coal", "right"),
    ("kazakhstan_in_tce", "34,400,000 tce", "right"),
    ("kazakhstan_in_tce", "34.4 million tonnes of coal equivalent", "right"),
    ("kazakhstan_in_tce", "3.44e7 tce", "right"),
    ("kazakhstan_in_tce", "34.4 MTCE", "right"),
    ("kazakhstan_in_tce", "34.4 mtce", "right"),
    ("kazakhstan_in_tce", "34.4 mn tce", "right"),
    ("kazakhstan_in_tce", "34,000 tce", "wrong"),
    ("kazakhstan_in_tce", "34 Mt", "wrong"),
    (
        "kazakhstan_in_tce",
        "34",
        "right",
    ),  # the question names the unit: a bare number is in it (review 19, finding 11)
    ("kazakhstan_in_tce", "34.4 billion tce", "wrong"),
    ("kazakhstan_in_tce", "113.59 TWh", "wrong"),
    ("kazakhstan_in_tce", "40 million tce", "wrong"),
    # log_bar_length
    ("log_bar_length", "4.1 times", "right"),
    ("log_bar_length", "4.1x", "right"),
    ("log_bar_length", "4.1", "right"),
    ("log_bar_length", "4.09 times as long", "right"),
    ("log_bar_length", "×4.1", "right"),
    ("log_bar_length", "4,1", "right"),
    ("log_bar_length", "4.1 ×", "right"),
    ("log_bar_length", "4.1-fold", "right"),
    ("log_bar_length", "about 4.1 times", "right"),
    ("log_bar_length", "20,000", "wrong"),
    ("log_bar_length", "20482", "wrong"),
    ("log_bar_length", "4", "wrong"),
    ("log_bar_length", "5.3 times", "wrong"),
    ("log_bar_length", "0.24", "wrong"),
    # log_midpoint
    ("log_midpoint", "3,600 MW", "right"),
    ("log_midpoint", "3564 MW", "right"),
    ("log_midpoint", "3.56 GW", "right"),
    ("log_midpoint", "3 564 MW", "right"),
    ("log_midpoint", "3.6 GW", "right"),
    ("log_midpoint", "3,560 mw", "right"),
    ("log_midpoint", "3.56e3 MW", "right"),
    ("log_midpoint", "255,000 MW", "wrong"),
    ("log_midpoint", "255 GW", "wrong"),
    (
        "log_midpoint",
        "3564",
        "right",
    ),  # the question names the unit: a bare number is in it (review 19, finding 11)
    ("log_midpoint", "3.56 MW", "wrong"),
    ("log_midpoint", "3564 MWh", "wrong"),
    ("log_midpoint", "4000 MW", "wrong"),
    # symlog_bar_ratio
    ("symlog_bar_ratio", "1.6", "right"),
    ("symlog_bar_ratio", "1.55", "right"),
    ("symlog_bar_ratio", "1.55 times", "right"),
    ("symlog_bar_ratio", "1,55", "right"),
    ("symlog_bar_ratio", "1.6x", "right"),
    ("symlog_bar_ratio", "11", "wrong"),
    ("symlog_bar_ratio", "2.2", "wrong"),
    ("symlog_bar_ratio", "0.64", "wrong"),
    ("symlog_bar_ratio", "1.3", "wrong"),
    ("symlog_bar_ratio", "10.6", "wrong"),
    # tornado_widest_swing
    ("tornado_widest_swing", "1.04 farms", "right"),
    ("tornado_widest_swing", "1.04 farm", "right"),
    ("tornado_widest_swing", "1.0 farms", "right"),
    ("tornado_widest_swing", "1.04", "right"),
    ("tornado_widest_swing", "1,04 farms", "right"),
    ("tornado_widest_swing", "about 1.04 wind farms", "right"),
    ("tornado_widest_swing", "0.39 farms", "wrong"),
    ("tornado_widest_swing", "0.52", "wrong"),
    ("tornado_widest_swing", "2.0 farms", "wrong"),
    ("tornado_widest_swing", "9.33 farms", "wrong"),
    ("tornado_widest_swing", "1 farm", "wrong"),
    # turgusun_capacity_factor
    ("turgusun_capacity_factor", "36.6 % (capacity factor)", "right"),
    ("turgusun_capacity_factor", "around 0.37", "right"),
    ("turgusun_capacity_factor", "36.58%!", "right"),
    ("turgusun_capacity_factor", "~37%", "right"),
    ("turgusun_capacity_factor", "36.6%;", "right"),
    ("turgusun_capacity_factor", "0.366 (36.6%)", "right"),
    ("turgusun_capacity_factor", "0.4", "wrong"),
    ("turgusun_capacity_factor", "35%", "wrong"),
    ("turgusun_capacity_factor", "36.6 %.", "right"),
    ("turgusun_capacity_factor", "about 36.6%", "right"),
    ("turgusun_capacity_factor", "1/3", "cannot"),
    ("turgusun_capacity_factor", "thirty-seven percent", "right"),  # a number in words reads as its digits
    ("turgusun_capacity_factor", "37 pct", "right"),
    # zhanatas_full_load_hours
    ("zhanatas_full_load_hours", "3500 h per year", "right"),
    ("zhanatas_full_load_hours", "3,500h.", "right"),
    ("zhanatas_full_load_hours", "3500 Hours", "right"),
    ("zhanatas_full_load_hours", "3 500 hours/yr", "right"),
    ("zhanatas_full_load_hours", "3.5 x 10^3 h", "right"),
    ("zhanatas_full_load_hours", "3.50e3 hours", "right"),
    ("zhanatas_full_load_hours", "3500 MWh", "wrong"),
    ("zhanatas_full_load_hours", "3500 h/MW", "wrong"),
    ("zhanatas_full_load_hours", "approximately 3500 hours", "right"),
    ("zhanatas_full_load_hours", "1400 h", "wrong"),
    ("zhanatas_full_load_hours", "3500 W", "wrong"),
    ("zhanatas_full_load_hours", "1 h**9**9**9", "cannot"),
    ("zhanatas_full_load_hours", "3500 hh**99", "cannot"),
    # zhanatas_coal_rate
    ("zhanatas_coal_rate", "314 gCE/kWh", "right"),
    ("zhanatas_coal_rate", "314.29 gce/kWh", "right"),
    ("zhanatas_coal_rate", "314 g ce/kWh", "right"),
    ("zhanatas_coal_rate", "314 gce/kilowatt-hour", "right"),
    ("zhanatas_coal_rate", "0.3143 kgce/kWh", "right"),
    ("zhanatas_coal_rate", "3.14e-3 gce/kWh", "wrong"),
    ("zhanatas_coal_rate", "314 g", "wrong"),
    ("zhanatas_coal_rate", "314 gce", "wrong"),
    ("zhanatas_coal_rate", "31.4 gce/kWh", "wrong"),
    ("zhanatas_coal_rate", "314 gsce/kWh", "right"),
    ("zhanatas_coal_rate", "314 tce/kWh", "wrong"),
    # world_additions_in_farms
    ("world_additions_in_farms", "5 100 farms", "right"),
    ("world_additions_in_farms", "5100 wind farms.", "right"),
    ("world_additions_in_farms", "≈5100", "right"),
    ("world_additions_in_farms", "5,100 Zhanatas wind farms", "right"),
    ("world_additions_in_farms", "5.1 thousand MW", "wrong"),
    ("world_additions_in_farms", "51,000 farms", "wrong"),
    ("world_additions_in_farms", "5.10e3 farms", "right"),
    ("world_additions_in_farms", "5100 MW", "wrong"),
    # zhanatas_coal_energy
    ("zhanatas_coal_energy", "3.22 PJ.", "right"),
    ("zhanatas_coal_energy", "3 224 TJ", "right"),
    ("zhanatas_coal_energy", "3.22e+15 J", "right"),
    ("zhanatas_coal_energy", "3.2*10^15 J", "right"),
    ("zhanatas_coal_energy", "3.2 * 10**15 J", "right"),
    ("zhanatas_coal_energy", "3.22 PJ per year", "right"),
    ("zhanatas_coal_energy", "3.22e15", "wrong"),
    ("zhanatas_coal_energy", "110000 t", "wrong"),
    ("zhanatas_coal_energy", "4.61 PJ", "wrong"),
    ("zhanatas_coal_energy", "3.22 GJ", "wrong"),
    ("zhanatas_coal_energy", "3.224x10^15 joules", "right"),
    ("zhanatas_coal_energy", "3.2 PWh", "wrong"),
    # zhanatas_implied_efficiency
    ("zhanatas_implied_efficiency", "39.1%", "right"),
    ("zhanatas_implied_efficiency", "0.391", "right"),
    ("zhanatas_implied_efficiency", "about 39%", "right"),
    ("zhanatas_implied_efficiency", "0.256", "wrong"),
    ("zhanatas_implied_efficiency", "2.56", "wrong"),
    ("zhanatas_implied_efficiency", "25.6%", "wrong"),
    ("zhanatas_implied_efficiency", "39 % efficient", "right"),
    ("zhanatas_implied_efficiency", "39 % higher", "cannot"),
    # nev_exports_2022
    ("nev_exports_2022", "676,000 units", "right"),
    ("nev_exports_2022", "0.676 mln", "right"),
    ("nev_exports_2022", "676 thousand vehicles", "right"),
    ("nev_exports_2022", "0.68 million NEVs", "right"),
    ("nev_exports_2022", "around 680 000", "right"),
    ("nev_exports_2022", "0.27 mn", "wrong"),
    ("nev_exports_2022", "924,000", "wrong"),
    ("nev_exports_2022", "1.2 million / 1.776", "cannot"),
    ("nev_exports_2022", "0.6757 million", "right"),
    ("nev_exports_2022", "676,000 GWh", "wrong"),
    ("nev_exports_2022", "675 676 vehicles exported in 2022", "right"),
    # china_additions_lower_bound
    ("china_additions_lower_bound", "over 255 GW.", "right"),
    ("china_additions_lower_bound", "at least 255GW", "right"),
    ("china_additions_lower_bound", ">255 GW", "right"),
    ("china_additions_lower_bound", "more than 255 GW (half of 510)", "right"),
    ("china_additions_lower_bound", "about 255 GW", "wrong"),
    ("china_additions_lower_bound", "at least 255 GWh", "wrong"),
    ("china_additions_lower_bound", "at least 265 GW", "wrong"),
    ("china_additions_lower_bound", "255 GW at least", "right"),
    ("china_additions_lower_bound", "no more than 255 GW", "wrong"),
    # smelter_in_zhanatas_farms
    ("smelter_in_zhanatas_farms", "about 9 farms", "right"),
    ("smelter_in_zhanatas_farms", "9.3", "right"),
    ("smelter_in_zhanatas_farms", "10 wind farms", "right"),
    ("smelter_in_zhanatas_farms", "9 to 10 farms", "right"),
    ("smelter_in_zhanatas_farms", "9.33 Zhanatas farms", "right"),
    ("smelter_in_zhanatas_farms", "12 farms", "wrong"),
    ("smelter_in_zhanatas_farms", "0.107 farms", "wrong"),
    ("smelter_in_zhanatas_farms", "7-12 farms", "wrong"),
    ("smelter_in_zhanatas_farms", "9,3", "right"),
    ("smelter_in_zhanatas_farms", "3.26 TWh", "wrong"),
    # new_three_rate
    ("new_three_rate", "7.28 yuan per dollar.", "right"),
    ("new_three_rate", "7.3 CNY/USD", "right"),
    ("new_three_rate", "7.28 RMB per USD", "right"),
    ("new_three_rate", "7.28 CNY / USD", "right"),
    ("new_three_rate", "7.28 $/¥", "wrong"),
    ("new_three_rate", "0.137", "wrong"),
    ("new_three_rate", "7.0 CNY/USD", "wrong"),
    ("new_three_rate", "≈7.28 yuan/USD", "right"),
    # atyrau_barrels_per_day
    ("atyrau_barrels_per_day", "110,301 bbl/day", "right"),
    ("atyrau_barrels_per_day", "110 kbpd", "right"),
    ("atyrau_barrels_per_day", "0.11 million barrels per day", "right"),
    ("atyrau_barrels_per_day", "110,000 bbl per day", "right"),
    ("atyrau_barrels_per_day", "110,000 t/day", "wrong"),
    ("atyrau_barrels_per_day", "40 million barrels", "wrong"),
    ("atyrau_barrels_per_day", "15,068 barrels a day", "wrong"),
    ("atyrau_barrels_per_day", "110.3 thousand barrels a day", "right"),
    (
        "atyrau_barrels_per_day",
        "110301",
        "right",
    ),  # the question names the unit: a bare number is in it (review 19, finding 11)
    # nev_export_share_bound
    ("nev_export_share_bound", "at most 13.9%.", "right"),
    ("nev_export_share_bound", "no more than 14 %", "right"),
    ("nev_export_share_bound", "13.9 % or less", "right"),
    ("nev_export_share_bound", "below 14%", "right"),
    ("nev_export_share_bound", "at most 13.33%", "wrong"),
    ("nev_export_share_bound", "about 13.9%", "wrong"),
    ("nev_export_share_bound", "at most 12%", "wrong"),
    ("nev_export_share_bound", "more than 13.9%", "wrong"),
    ("nev_export_share_bound", "at most 0.1389", "right"),
    # coal_rate_lowest
    ("coal_rate_lowest", "295.8 gce/kWh.", "right"),
    ("coal_rate_lowest", "296 g of coal equivalent per kWh", "right"),
    ("coal_rate_lowest", "314.3 gce/kWh", "wrong"),
    ("coal_rate_lowest", "333.3 gce/kWh", "wrong"),
    ("coal_rate_lowest", "304.3 gce/kWh", "wrong"),
    ("coal_rate_lowest", "290 gce/kWh", "wrong"),
    # cf_gap_points
    ("cf_gap_points", "3.54 percentage points", "right"),
    ("cf_gap_points", "+3.5pp", "right"),
    ("cf_gap_points", "3.5 ppts", "right"),
    ("cf_gap_points", "3.5 pts", "right"),
    ("cf_gap_points", "9.72 %", "wrong"),
    ("cf_gap_points", "3.5", "right"),  # the question asks for percentage points: a bare number is in them
    ("cf_gap_points", "0.035", "right"),
    # cf_gap_relative
    ("cf_gap_relative", "9.72%", "right"),
    ("cf_gap_relative", "9.7 percent", "right"),
    ("cf_gap_relative", "0.0972", "right"),
    ("cf_gap_relative", "9.7% more", "right"),
    ("cf_gap_relative", "9.7% lower", "wrong"),
    ("cf_gap_relative", "3.54 %", "wrong"),
    ("cf_gap_relative", "9.7 percentage points", "wrong"),
    # china_share_one_scope
    ("china_share_one_scope", "62.9 %.", "right"),
    ("china_share_one_scope", "0.629", "right"),
    ("china_share_one_scope", "63%", "right"),
    ("china_share_one_scope", "58.4%", "wrong"),
    ("china_share_one_scope", "0.58", "wrong"),
    ("china_share_one_scope", "6.3 %", "wrong"),
    # world_capacity_growth
    ("world_capacity_growth", "13.9%.", "right"),
    ("world_capacity_growth", "0.1392", "right"),
    ("world_capacity_growth", "14%", "right"),
    ("world_capacity_growth", "12.2 %", "wrong"),
    ("world_capacity_growth", "15.2 %", "wrong"),
    ("world_capacity_growth", "13.2%", "wrong"),
    ("world_capacity_growth", "14 pp", "wrong"),
    # verdict_coal_rate
    ("verdict_coal_rate", "confirmed within rounding!", "right"),
    ("verdict_coal_rate", "'confirmed within rounding'", "right"),
    ("verdict_coal_rate", "not checkable", "wrong"),
    ("verdict_coal_rate", "bound confirmed", "wrong"),
    ("verdict_coal_rate", "yes", "cannot"),
    # verdict_over_half
    ("verdict_over_half", "It is bound confirmed.", "right"),
    ("verdict_over_half", "matches its source", "wrong"),
    # farm_output_pj
    ("farm_output_pj", "1.26 PJ.", "right"),
    ("farm_output_pj", "1.26 PJ per year", "right"),
    ("farm_output_pj", "1260 TJ a year", "right"),
    ("farm_output_pj", "1.26x10^15 J", "right"),
    ("farm_output_pj", "350 GWh a year", "wrong"),
    ("farm_output_pj", "350 000 MWh", "wrong"),
    ("farm_output_pj", "3.22 PJ", "wrong"),
    ("farm_output_pj", "4.48 PJ", "wrong"),
    ("farm_output_pj", "1.26 PW", "wrong"),
    ("farm_output_pj", "1.3 petajoules", "right"),
    # coal_saved_same_generation
    ("coal_saved_same_generation", "105,875 t of standard coal", "right"),
    ("coal_saved_same_generation", "106 000 tce", "right"),
    ("coal_saved_same_generation", "about 106,000 tonnes of coal equivalent a year", "right"),
    ("coal_saved_same_generation", "110,000 t of standard coal", "wrong"),
    ("coal_saved_same_generation", "265,000 t of standard coal", "wrong"),
    ("coal_saved_same_generation", "106,000 tonnes", "wrong"),
    ("coal_saved_same_generation", "0.1 Mtce", "wrong"),
    ("coal_saved_same_generation", "105.9 thousand tce", "right"),
    # smelter_average_power
    ("smelter_average_power", "372.6 MW.", "right"),
    ("smelter_average_power", "373 MW on average", "right"),
    ("smelter_average_power", "0.373 GW", "right"),
    ("smelter_average_power", "372,600 kW", "right"),
    ("smelter_average_power", "8,940 MW", "wrong"),
    ("smelter_average_power", "373 MW/h", "wrong"),
    ("smelter_average_power", "373 Mw", "right"),
    # kazakhstan_in_tce
    ("kazakhstan_in_tce", "34.4 million tce.", "right"),
    ("kazakhstan_in_tce", "34 Mtce", "right"),
    ("kazakhstan_in_tce", "34.36 million t of standard coal", "right"),
    ("kazakhstan_in_tce", "34.4 million tonnes of standard coal equivalent", "right"),
    ("kazakhstan_in_tce", "34.4 thousand tce", "wrong"),
    ("kazakhstan_in_tce", "34.4 million t", "wrong"),
    ("kazakhstan_in_tce", "3.4 million tce", "wrong"),
    ("kazakhstan_in_tce", "3.436e7 tce", "right"),
    # log_bar_length
    ("log_bar_length", "4.09", "right"),
    ("log_bar_length", "4.1 times as long", "right"),
    ("log_bar_length", "about 4.1x", "right"),
    ("log_bar_length", "20,000 times", "wrong"),
    ("log_bar_length", "2", "wrong"),
    ("log_bar_length", "3.3", "wrong"),
    # log_midpoint
    ("log_midpoint", "3 600 MW", "right"),
    ("log_midpoint", "about 3,560 MW", "right"),
    ("log_midpoint", "255,012 MW", "wrong"),
    ("log_midpoint", "3564 GW", "wrong"),
    ("log_midpoint", "112 MW", "wrong"),
    # symlog_bar_ratio
    ("symlog_bar_ratio", "1.55x", "right"),
    ("symlog_bar_ratio", "1.553", "right"),
    ("symlog_bar_ratio", "1.6 times", "right"),
    ("symlog_bar_ratio", "10.6 times", "wrong"),
    ("symlog_bar_ratio", "2.2 times", "wrong"),
    ("symlog_bar_ratio", "0.64 times", "wrong"),
    # tornado_widest_swing
    ("tornado_widest_swing", "1.04 farms.", "right"),
    ("tornado_widest_swing", "1.04 wind farms", "right"),
    ("tornado_widest_swing", "1.0 farm", "right"),
    ("tornado_widest_swing", "0.5 farms", "wrong"),
    ("tornado_widest_swing", "0.39", "wrong"),
    ("tornado_widest_swing", "1.9 farms", "wrong"),
    # money: the currency before or after the number, a rate as people write it (answers.py, "money")
    ("new_three_rate", "¥7.28 per $", "right"),
    ("new_three_rate", "¥7.28/$", "right"),
    ("new_three_rate", "CN¥7.28 per US$", "right"),
    ("new_three_rate", "RMB 7.28 per USD", "right"),
    ("new_three_rate", "RMB7.28/USD", "right"),
    ("new_three_rate", "7.28 yuan to the dollar", "right"),
    ("new_three_rate", "7.28 yuan to one US dollar", "right"),
    ("new_three_rate", "7.28 yuan a dollar", "right"),
    ("new_three_rate", "7.28 yuan for each dollar", "right"),
    ("new_three_rate", "7.28 RMB per 1 USD", "right"),
    ("new_three_rate", "$1 = ¥7.28", "right"),
    ("new_three_rate", "1 USD = 7.28 CNY", "right"),
    ("new_three_rate", "US$1 = 7.28 yuan", "right"),
    ("new_three_rate", "one dollar buys 7.28 yuan", "right"),
    ("new_three_rate", "7.28 yuan per U.S. dollar", "right"),
    ("new_three_rate", "about 7.3 renminbi per dollar", "right"),
    ("new_three_rate", "7.28 元/USD", "right"),
    ("new_three_rate", "seven point two eight yuan per dollar", "right"),
    ("new_three_rate", "0.137 $/¥", "wrong"),
    ("new_three_rate", "¥1 = $0.137", "wrong"),
    ("new_three_rate", "0.2 USD per yuan", "wrong"),
    ("new_three_rate", "$7.28", "wrong"),
    ("new_three_rate", "$145.6 billion", "wrong"),
    ("new_three_rate", "1.06 trillion yuan", "wrong"),
    ("new_three_rate", "about seven yuan per dollar", "wrong"),
    ("new_three_rate", "7.28 HK$ per yuan", "cannot"),
    ("new_three_rate", "7.28 yuan per euro", "cannot"),
    ("new_three_rate", "7.28 tenge per dollar", "cannot"),
    ("new_three_rate", "€7.28", "cannot"),
    # numbers in words (number_words.py)
    ("smelter_in_zhanatas_farms", "nine farms", "right"),
    ("smelter_in_zhanatas_farms", "about nine farms", "right"),
    ("smelter_in_zhanatas_farms", "ten farms", "right"),
    ("smelter_in_zhanatas_farms", "Nine or ten farms", "right"),
    ("smelter_in_zhanatas_farms", "between nine and ten farms", "right"),
    ("smelter_in_zhanatas_farms", "nine point three farms", "right"),
    ("smelter_in_zhanatas_farms", "eleven farms", "wrong"),
    ("smelter_in_zhanatas_farms", "a tenth of a farm", "wrong"),
    ("world_additions_in_farms", "five thousand one hundred farms", "right"),
    ("world_additions_in_farms", "fifty-one hundred farms", "right"),
    ("world_additions_in_farms", "five point one thousand farms", "right"),
    ("world_additions_in_farms", "about five thousand farms", "wrong"),
    ("world_additions_in_farms", "five point one farms", "wrong"),
    ("turgusun_capacity_factor", "thirty-six point six percent", "right"),
    ("turgusun_capacity_factor", "about thirty seven per cent", "right"),
    ("turgusun_capacity_factor", "forty percent", "wrong"),
    ("turgusun_capacity_factor", "a third", "wrong"),
    ("turgusun_capacity_factor", "thirty-six percent", "wrong"),
    ("zhanatas_full_load_hours", "three thousand five hundred hours", "right"),
    ("zhanatas_full_load_hours", "three and a half thousand hours", "right"),
    ("zhanatas_full_load_hours", "thirty-five hundred hours", "right"),
    ("zhanatas_full_load_hours", "three point five thousand hours", "right"),
    ("zhanatas_full_load_hours", "three thousand five hundred", "right"),
    ("zhanatas_full_load_hours", "one hundred and forty thousand hours", "wrong"),
    ("log_bar_length", "four point one times", "right"),
    ("log_bar_length", "about four times", "wrong"),
    ("log_bar_length", "twice", "wrong"),
    ("china_share_one_scope", "about sixty-three percent", "right"),
    ("china_share_one_scope", "two thirds", "wrong"),
    ("nev_exports_2022", "zero point six eight million", "right"),
    ("nev_exports_2022", "six hundred and seventy-six thousand", "right"),
    ("nev_exports_2022", "six hundred seventy-six thousand vehicles", "right"),
    ("nev_exports_2022", "two hundred and seventy thousand", "wrong"),
    ("tornado_widest_swing", "one point zero four farms", "right"),
    ("tornado_widest_swing", "about one farm", "wrong"),
    ("cf_gap_points", "three point five percentage points", "right"),
    ("cf_gap_points", "about three and a half points", "right"),
    ("zhanatas_coal_energy", "three point two PJ", "right"),
    ("zhanatas_coal_energy", "about three petajoules", "wrong"),
    ("world_capacity_growth", "almost fourteen percent", "right"),
    ("zhanatas_implied_efficiency", "thirty-nine percent", "right"),
    ("zhanatas_implied_efficiency", "two point six", "wrong"),
    ("atyrau_barrels_per_day", "a hundred and ten thousand barrels a day", "right"),
    ("china_additions_lower_bound", "at least two hundred and fifty-five GW", "right"),
    ("china_additions_lower_bound", "more than two hundred and fifty-five gigawatts", "right"),
    ("china_additions_lower_bound", "two hundred and fifty-five GW", "wrong"),
    ("coal_saved_same_generation", "about one hundred and six thousand tce", "right"),
    ("kazakhstan_in_tce", "thirty-four point four million tce", "right"),
    ("smelter_average_power", "about three hundred and seventy-three MW", "right"),
    ("log_midpoint", "three thousand five hundred and sixty-four MW", "right"),
    ("log_midpoint", "two hundred and fifty-five thousand MW", "wrong"),
    ("new_three_rate", "rate = ¥7.28/$", "right"),
    ("new_three_rate", "rate = RMB 7.28 per USD", "right"),
    ("turgusun_capacity_factor", "CF = thirty-seven percent", "right"),
    ("smelter_in_zhanatas_farms", "farms: nine", "right"),
    ("cf_gap_relative", "minus nine point seven percent", "wrong"),
    ("new_three_rate", "7.28 CNY : 1 USD", "right"),
    ("new_three_rate", "¥7.28 = $1", "right"),
    ("new_three_rate", "7.28 yuan = 1 dollar", "right"),
    ("new_three_rate", "7.28 CNY per US dollar (implied)", "right"),
    ("zhanatas_full_load_hours", "three and a half thousand", "right"),
    ("zhanatas_full_load_hours", "3.5 thousand", "right"),
    ("kazakhstan_in_tce", "34.4 million", "right"),
    ("kazakhstan_in_tce", "34,400,000", "right"),
    ("kazakhstan_in_tce", "34.4 thousand", "wrong"),
    ("tornado_widest_swing", "one point oh four farms", "right"),
    ("coal_saved_same_generation", "106 thousand", "right"),
    # the teacher's review of issue 19 (D2, D3): sentences, remarks and students' abbreviations
    ("china_additions_lower_bound", "China added more than 255 GW", "right"),
    ("china_additions_lower_bound", "255+ GW", "right"),
    ("china_additions_lower_bound", "255 GW+", "right"),
    ("china_additions_lower_bound", "more than or equal to 255 GW", "right"),
    ("china_additions_lower_bound", "less than or equal to 255 GW", "wrong"),
    ("china_share_one_scope", "63% (IRENA)", "right"),
    ("log_bar_length", "4.09 times longer", "right"),
    ("log_bar_length", "4.09 times as long as Turgusun's", "right"),
    ("log_bar_length", "4.09 times the length", "right"),
    ("symlog_bar_ratio", "about 1.55 times longer", "right"),
    ("zhanatas_coal_energy", "3.22 10^15 J", "right"),
    ("zhanatas_coal_energy", "3.22 E15 J", "right"),
    ("cf_gap_points", "3.5 percentage-points", "right"),
    ("cf_gap_points", "3.5 %-points", "right"),
    ("cf_gap_points", "3.5 %pt", "right"),
    ("cf_gap_points", "3.5 pct points", "right"),
    ("world_capacity_growth", "13.9 per-cent", "right"),
    ("world_capacity_growth", "grew by 13.9%", "right"),
    ("world_capacity_growth", "a 13.9 % increase", "right"),
    ("cf_gap_relative", "an increase of 9.7%", "right"),
    ("cf_gap_relative", "increase of 9.7%", "right"),
    ("new_three_rate", "7.28 Yuan/US-Dollar", "right"),
    ("smelter_average_power", "373 MW avg", "right"),
    ("world_additions_in_farms", "5.1 thous. farms", "right"),
    ("world_additions_in_farms", "5100 farms of 100 MW", "right"),
    ("zhanatas_coal_rate", "314 grammes of coal equivalent per kWh", "right"),
    ("zhanatas_full_load_hours", "3500 h ≈ 40 % of the year", "right"),
    ("zhanatas_full_load_hours", "CF ≈ 0.37", "wrong"),
    ("atyrau_barrels_per_day", "110 kb/day", "right"),
    ("atyrau_barrels_per_day", "110 kb per day", "right"),
    ("atyrau_barrels_per_day", "110 kbbl/d", "right"),
    ("atyrau_barrels_per_day", "1.1 lakh barrels a day", "right"),
    ("nev_exports_2022", "676 thou", "right"),
    ("nev_exports_2022", "0.676 mil", "right"),
    ("coal_rate_lowest", "296 gce/kWh", "right"),
]


@pytest.mark.parametrize(
    ("key", "answer", "result"), TABLE, ids=[f"{i}-{row[0]}" for i, row in enumerate(TABLE)]
)
def test_the_table_of_student_answers(key, answer, result):
    got, sentence = verdict(key, answer)
    if result == "cannot":
        assert sentence.startswith("Cannot read"), sentence
    else:
        assert got == result, sentence
        if result == "wrong":
            assert not sentence.startswith("Cannot read"), (
                f"a wrong answer should be explained, not unread: {sentence}"
            )
    assert not PINT_INTERNALS.search(sentence), sentence


def test_the_table_is_large_and_covers_every_numeric_exercise():
    assert len(TABLE) >= 300
    numeric = {k for k, e in EXERCISES.items() if not e.open}
    assert {row[0] for row in TABLE} == numeric
    for key in numeric:
        results = {row[2] for row in TABLE if row[0] == key}
        assert {"right", "wrong"} <= results, key


@pytest.mark.parametrize(
    ("key", "answer", "words"),
    [
        ("farm_output_pj", "350 GWh", "convert it"),
        ("zhanatas_coal_energy", "110,000 tce", "convert it"),
        ("coal_saved_same_generation", "110,000 tce", "the article's own figure"),
        ("china_additions_lower_bound", "at least 260 GW", "false bound"),
        ("nev_export_share_bound", "at most 13.8 %", "false bound"),
        ("china_additions_lower_bound", "at least 200 GW", "weaker"),
        ("cf_gap_relative", "9.7 pp", "percentage points"),
        ("cf_gap_points", "9.7 %", "relative difference"),
        ("turgusun_capacity_factor", "36 %", "one off in the last digit"),
        ("turgusun_capacity_factor", "40 %", "Too rough"),
        ("smelter_in_zhanatas_farms", "5-15 farms", "Too rough"),
        ("zhanatas_coal_rate", "314 g/kWh", "not g (grams, a mass)"),
        ("coal_saved_same_generation", "106,000 t", "not t (tonnes, a mass)"),
        ("new_three_rate", "7.28 USD/CNY", "upside down"),
        ("world_additions_in_farms", "5.1 farms", "factor of 1000"),
        ("nev_exports_2022", "0.27 million", "dividing by (1 + g)"),
    ],
)
def test_rules_before_the_tolerance_give_their_reason(key, answer, words):
    result, sentence = verdict(key, answer)
    assert result == "wrong" and words in sentence, sentence


def test_a_percentage_for_a_gap_in_points_is_right_with_a_warning():
    result, sentence = verdict("cf_gap_points", "3.5 %")
    assert result == "right" and "percentage points" in sentence


def test_feedback_and_solutions_show_readable_values():
    assert "675,676 million" not in verdict("nev_exports_2022", "676,000")[1]
    assert verdict("nev_exports_2022", "676,000")[1] == "Right: 676,000 (the answer is 0.6757 million units)."
    assert "is a mass" not in verdict("turgusun_capacity_factor", "36.6 pct")[1]
    assert "per temperature" not in verdict("nev_exports_2022", "676k")[1]
    assert "a length" not in verdict("cf_gap_points", "3.5 points")[1]
    assert printed.show_answer(Q_(314.285714, "gce/kWh")) == "314.3 gce/kWh"
    assert printed.show_answer(Q_(34.36, "million * tce")) == "34.36 million tce"
    assert printed.show_answer(Q_(3.2238e15, "J")) == "3.224×10^15 J"
    for (
        key
    ) in EXERCISES:  # (exercise 12 names pint's oil_bbl on purpose: it is what a student writes in code)
        assert not PINT_INTERNALS.search(
            keys.worked_markdown(key, 0).replace("`oil_bbl`", "").replace("write oil_bbl", "")
        ), key


@pytest.mark.parametrize(
    "answer",
    [
        "1 W**9**9**9",
        "1 10**10**10",
        "1 W^9^9^9",
        "1e999999999 GWh",
        "1e-999999999 GWh",
        "3500e5000 h",
        "3²",
        "١٢ h",
        "12 h" * 60,
        "9" * 500,
        "1e30000",
        "10^99999 h",
        "1 (" * 40,
        "1 " + "/" * 50,
        "3500 h**-99",
        "3500 ((((((((((h))))))))))**3**3",
        "0x1F h",
        "nan h",
        "inf h",
        "-inf",
        "1_000 h",
        "3500 h; import os",
        "__import__('os')",
        "3500 \x00h",
        "3500 h" + "\u202e",
        "1e308 GWh",
        "3500 " + "k" * 100,
    ],
)
def test_hostile_answers_are_refused_quickly_and_clearly(answer):
    start = time.perf_counter()
    result, sentence = verdict("zhanatas_full_load_hours", answer)
    assert time.perf_counter() - start < 0.5, answer
    assert result == "wrong" and sentence.startswith(("Cannot read", "Wrong")), sentence
    assert not sentence.startswith("Right")


def test_hostile_quantities_are_refused():
    for q in (
        Q_(1e308, "GWh"),
        Q_(float("nan"), "h"),
        Q_(float("inf"), "h"),
        Q_(10**400, "h"),
        Q_([1, 2], "h"),
    ):
        result, sentence = verdict("zhanatas_full_load_hours", q)
        assert result == "wrong" and sentence.startswith("Cannot read"), sentence


def test_non_ascii_digits_are_named():
    sentence = verdict("zhanatas_full_load_hours", "١٢ h")[1]
    assert "not one of the digits 0 to 9" in sentence and "arabic-indic digit one" in sentence


def test_the_reader_reads_numbers_as_written():
    e = EXERCISES["zhanatas_full_load_hours"]
    for text, value, low, high in [
        ("3 500 h", 3500, 3450, 3550),
        ("3,500.5 h", 3500.5, 3500.45, 3500.55),
        ("3.500,5 h", 3500.5, 3500.45, 3500.55),
        ("0,5 h", 0.5, 0.45, 0.55),
        ("36,6 h", 36.6, 36.55, 36.65),
        ("3.5×10^3 h", 3500, 3450, 3550),
        ("3.5e3 h", 3500, 3450, 3550),
        ("3.5k h", 3500, 3450, 3550),
        ("−3.5 h", -3.5, -3.55, -3.45),
        ("3.5 thousand h", 3500, 3450, 3550),
    ]:
        reading = read_answer(text, e)
        assert math.isclose(reading.quantity.magnitude, value) and str(reading.quantity.units) == "h", text
        assert math.isclose(reading.low, low) and math.isclose(reading.high, high), (text, reading)
    reading = read_answer("9 or 10 farms", EXERCISES["smelter_in_zhanatas_farms"])
    assert reading.is_range and (reading.low, reading.high) == (9, 10)
    assert read_answer("at least 255 GW", EXERCISES["china_additions_lower_bound"]).direction == "lower"
    assert read_answer("13.9 % or less", EXERCISES["nev_export_share_bound"]).direction == "upper"
    assert (
        read_answer("106,000 tce a year", EXERCISES["coal_saved_same_generation"]).quantity.units
        == Q_(1, "tce").units
    )
    assert (
        read_answer("40 million barrels a year", EXERCISES["atyrau_barrels_per_day"]).quantity.dimensionality
        == Q_(1, "oil_bbl/day").dimensionality
    )


def test_graded_mode_records_without_right_or_wrong(capsys):
    assert checker.check("zhanatas_full_load_hours", "3500 h", graded=True) == "recorded"
    assert checker.check("zhanatas_full_load_hours", "9 h", graded=True) == "recorded"
    out = capsys.readouterr().out
    assert "Right" not in out and "Wrong" not in out and out.count("Recorded for your teacher") == 2
    assert checker.check("zhanatas_full_load_hours", "hello", graded=True) == "unreadable"
    check = checker.checker(3, graded=True)
    assert check("zhanatas_full_load_hours", "1 h") == "recorded"


@pytest.mark.parametrize("seed", [0, 1, 17, 1234, 99999])
def test_key_answers_are_right_in_their_variant(seed):
    for key, e in EXERCISES.items():
        result = verdict(key, keys.key_answer(key, seed), seed)[0]
        assert result == ("to mark" if e.open else "right"), (key, seed, keys.key_answer(key, seed))


def test_every_numeric_exercise_differs_across_seeds_and_seed_0_answers_score_little():
    numeric = [k for k, e in EXERCISES.items() if not e.open and not e.is_choice]
    seeds = range(1, 60)
    for key in numeric:
        base = float(EXERCISES[key].expected(0).magnitude)
        same = sum(
            math.isclose(float(EXERCISES[key].expected(s).magnitude), base, rel_tol=1e-9) for s in seeds
        )
        assert same <= 1, (key, same)
    scored = total = 0
    for seed in seeds:
        for key, e in EXERCISES.items():
            if e.open:
                continue
            total += e.points
            scored += e.points * (verdict(key, keys.key_answer(key, 0), seed)[0] == "right")
    assert scored / total < 0.08, scored / total


def test_variants_keep_the_article_rounding_unit():
    for seed in range(40):
        low, high = variants.printed_interval(values(seed), "zhanatas_coal_saved")
        assert math.isclose((high - low).magnitude, 10000)
        assert values(seed)["zhanatas_coal_saved"].magnitude % 10000 == 0
        low, high = variants.printed_interval(values(seed), "zhanatas_annual_generation")
        assert math.isclose((high - low).to("GWh").magnitude, 10)
    assert variants.rounding_step("turgusun_capacity") == pytest.approx(0.1)


@pytest.mark.parametrize("seed", [3, 42])
def test_hints_and_worked_solutions_follow_the_variant(seed):
    v0, v = values(0), values(seed)
    for key, e in EXERCISES.items():
        text = " ".join(e.hint_texts(seed)) + keys.worked_markdown(key, seed)
        for input_key in ("zhanatas_coal_saved", "nev_export_growth"):
            if v[input_key] != v0[input_key]:
                seed0 = printed.shown(input_key, v0[input_key]).split(" ")[0].rstrip("%")
                assert seed0 not in text, (key, seed0)
    high = variants.printed_interval(values(5), "zhanatas_coal_saved")[
        1
    ].magnitude  # seed 5's, not the article's
    assert f"{high:,.0f}" in " ".join(EXERCISES["coal_rate_lowest"].hint_texts(5)) and values(5) != values(0)


def _money_exercise(monkeypatch, key: str, unit: str, input_key: str):
    """An exercise whose answer is an amount of money (the article's own trade figure), for the reader's
    currencies: none of the thirty asks for an amount, exercise 11 for a rate."""
    from energycoop.teaching.exercise import Exercise

    exercise = Exercise(
        key=key,
        title="An amount",
        question="How much?",
        skill="money",
        level=1,
        unit=unit,
        solve=lambda v: v[input_key],
        measures="an amount of money",
        unit_named=True,
    )
    monkeypatch.setitem(EXERCISES, key, exercise)
    return key


@pytest.mark.parametrize(
    ("answer", "result", "words"),
    [
        ("$145.6 billion", "right", ""),
        ("US$145.6bn", "right", ""),
        ("USD 145.6 billion", "right", ""),
        ("145.6 billion US dollars", "right", ""),
        ("145.6bn USD", "right", ""),
        ("about $146 billion", "right", ""),
        ("US$ 145.6 bn", "right", ""),
        ("$140 to $150 billion", "right", ""),
        ("a hundred and forty-six billion dollars", "right", ""),
        (
            "¥145.6 billion",
            "wrong",
            "is in yuan; the question asks for US dollars: convert it with the exchange rate",
        ),
        ("145.6 billion yuan", "wrong", "is in yuan; the question asks for US dollars"),
        ("RMB 145.6 billion", "wrong", "is in yuan"),
        ("CN¥145.6bn", "wrong", "is in yuan"),
        ("HK$145.6 billion", "cannot", "'HK$' is not a currency of this question"),
        ("€145.6 billion", "cannot", "not a currency"),
        ("145.6 billion tenge", "cannot", "not a currency"),
    ],
)
def test_an_amount_in_dollars_with_its_currency_before_or_after(monkeypatch, answer, result, words):
    key = _money_exercise(monkeypatch, "dollar_amount", "billion * USD", "new_three_exports_usd")
    got, sentence = verdict(key, answer)
    assert (("cannot" if sentence.startswith("Cannot read") else got), words in sentence) == (result, True), (
        sentence
    )
    assert not PINT_INTERNALS.search(sentence), sentence


@pytest.mark.parametrize(
    ("answer", "result", "words"),
    [
        ("¥1.06 trillion", "right", ""),
        ("CN¥1.06tn", "right", ""),
        ("RMB 1.06 trillion", "right", ""),
        ("1.06 trillion yuan", "right", ""),
        ("1.06 trillion RMB", "right", ""),
        ("RMB1,060 billion", "right", ""),
        ("¥ 1.06 trillion", "right", ""),
        ("1.06 trillion renminbi", "right", ""),
        ("one point zero six trillion yuan", "right", ""),
        ("$1.06 trillion", "wrong", "is in US dollars; the question asks for yuan"),
        ("1.06 trillion dollars", "wrong", "is in US dollars"),
        ("JP¥1.06 trillion", "cannot", "not a currency"),
        ("₸1.06 trillion", "cannot", "not a currency"),
    ],
)
def test_an_amount_in_yuan_with_its_currency_before_or_after(monkeypatch, answer, result, words):
    key = _money_exercise(monkeypatch, "yuan_amount", "trillion * CNY", "new_three_exports_cny")
    got, sentence = verdict(key, answer)
    assert (("cannot" if sentence.startswith("Cannot read") else got), words in sentence) == (result, True), (
        sentence
    )


def test_the_rate_in_the_other_currency_is_named():
    assert verdict("new_three_rate", "0.137 $/¥") == (
        "wrong",
        "Wrong: 0.137 $/¥ is in US dollars per yuan — you divided dollars by yuan: the rate is yuan per dollar.",
    )
    assert "the question asks for yuan per US dollar" in verdict("new_three_rate", "0.2 USD per yuan")[1]


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("nine farms", "9 farms"),
        ("ten", "10"),
        ("forty percent", "40 percent"),
        ("thirty-seven percent", "37 percent"),
        ("twenty one", "21"),
        ("one and a half", "1.5"),
        ("two and a quarter", "2.25"),
        ("three and three quarters", "3.75"),
        ("two thousand", "2 thousand"),
        ("a million", "1 million"),
        ("a hundred", "100"),
        ("eleven hundred", "1100"),
        ("five thousand one hundred farms", "5100 farms"),
        ("one thousand and fifty", "1050"),
        ("one hundred and five thousand eight hundred and seventy-five tce", "105875 tce"),
        ("one million two hundred thousand", "1200000"),
        ("one and a half million", "1.5 million"),
        ("two point five million", "2.5 million"),
        ("nought point seven", "0.7"),
        ("a third", "0.33"),
        ("two thirds", "0.67"),
        ("a quarter", "0.25"),
        ("three quarters", "0.75"),
        ("half", "0.5"),
        ("one half", "0.5"),
        ("twice", "2 times"),
        ("nine or ten farms", "9 or 10 farms"),
        ("nine to ten", "9 to 10"),
        ("a year", "a year"),
        ("one farm", "1 farm"),
        ("3500 h", "3500 h"),
        ("thousand", "thousand"),
        ("and", "and"),
        ("nine ten", "9 ten"),
    ],
)
def test_numbers_in_words_read_as_their_digits(text, digits):
    from energycoop.teaching.number_words import spelled

    assert spelled(text) == digits
    assert spelled("nine and ten", between=True) == "9 and 10" and spelled("nine and ten") == "9 and ten"


def test_the_guide_counts_the_table():
    from energycoop.data.paths import ROOT

    guide = (ROOT / "notebooks/exercises/TEACHING.md").read_text(encoding="utf-8")
    assert f"holds a table of {len(TABLE)} answers" in guide


_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS_WORDS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _in_words(number: str) -> str:
    """A number as digits ('5,357', '36.58', '-1.84') written in words as a student would: 'five thousand three
    hundred and fifty-seven', 'thirty-six point five eight', 'minus one point eight four'."""
    sign, number = ("minus ", number[1:]) if number.startswith(("-", "−")) else ("", number)
    whole, _, decimals = number.replace(",", "").partition(".")

    def below_thousand(n: int) -> str:
        hundreds, rest = divmod(n, 100)
        words = [f"{_ONES[hundreds]} hundred"] if hundreds else []
        if rest:
            small = (
                _ONES[rest]
                if rest < 20
                else _TENS_WORDS[rest // 10] + (f"-{_ONES[rest % 10]}" if rest % 10 else "")
            )
            words.append(("and " if hundreds else "") + small)
        return " ".join(words)

    n = int(whole)
    parts = []
    for size, name in ((10**6, "million"), (10**3, "thousand")):
        if n >= size:
            parts.append(f"{below_thousand(n // size)} {name}")
            n %= size
    if n or not parts:
        parts.append(("and " if parts and n < 100 else "") + (below_thousand(n) if n else "zero"))
    text = " ".join(parts)
    if decimals:
        text += " point " + " ".join(_ONES[int(d)] for d in decimals)
    return sign + text


@pytest.mark.parametrize("seed", [0, 3, 8, 21, 77, 404, 2024])
def test_the_keys_answers_written_in_words_are_right_in_every_variant(seed):
    written = 0
    for key, exercise in EXERCISES.items():
        if exercise.open or exercise.is_choice:
            continue
        answer = keys.key_answer(key, seed)
        found = re.match(r"^(at least |at most )?([-−]?[\d,]+(?:\.\d+)?)(%| .*)?$", answer)
        if not found or "×" in answer:
            continue
        unit = (found.group(3) or "").replace("%", " percent")
        text = f"{found.group(1) or ''}{_in_words(found.group(2))}{unit}"
        result, sentence = verdict(key, text, seed)
        assert result == "right", (key, seed, text, sentence)
        written += 1
    assert written >= 22


@pytest.mark.parametrize("seed", [0, 3, 8, 21, 77, 404, 2024])
def test_the_rate_in_every_way_people_write_money(seed):
    rate = float(EXERCISES["new_three_rate"].expected(seed).magnitude)
    x, inverse = f"{rate:.3g}", f"{1 / rate:.3g}"
    for text in (
        f"¥{x} per $",
        f"¥{x}/US$",
        f"RMB {x} per USD",
        f"CN¥{x} per US dollar",
        f"{x} yuan to the dollar",
        f"{x} yuan a dollar",
        f"$1 = ¥{x}",
        f"1 USD = {x} CNY",
        f"US$1 = {x} yuan",
        f"one dollar buys {x} yuan",
        f"{x} RMB per 1 USD",
        f"{x} yuan/$",
    ):
        assert verdict("new_three_rate", text, seed)[0] == "right", (
            seed,
            text,
            verdict("new_three_rate", text, seed),
        )
    for text in (f"{inverse} $/¥", f"¥1 = ${inverse}", f"{inverse} US dollars per yuan"):
        result, sentence = verdict("new_three_rate", text, seed)
        assert result == "wrong" and "you divided dollars by yuan" in sentence, (seed, text, sentence)
    assert verdict("new_three_rate", f"${x}", seed)[0] == "wrong"


@pytest.mark.parametrize("answer", ["0", "-0", "0%", "-0 %", "0.000", 0, -0.0, "0 GWh"])
def test_a_zero_answer_is_wrong_with_no_slip_named_and_no_traceback(answer):
    """Zero is no slip by a factor of 1000 or a million, nor a unit upside down: "0 barrels/day" was told it
    was "off by a factor of a million", and "0%" or -0.0 raised a math domain error or a division by zero."""
    from energycoop.teaching.catalogue import EXERCISES
    from energycoop.teaching.checker import verdict

    for key in EXERCISES:
        result, feedback = verdict(key, answer, 0)
        assert result in ("wrong", "to mark"), (key, answer, result, feedback)
        assert "factor" not in feedback and "upside down" not in feedback, (key, answer, feedback)
        assert "overflowed" not in feedback, (key, answer, feedback)  # a zero overflows nothing


def test_an_exercise_replaced_never_gets_the_answer_of_the_one_before(monkeypatch):
    """The expected answers were cached by the exercise object's id alone: once an exercise was replaced in
    EXERCISES and the old object was gone, a new one could get its id and be judged against the old answer
    (the yuan amount marked "the question asks for US dollars", seen once in a test run). A cached entry is used
    only for the very object it was computed for."""
    from energycoop.teaching import exercise as module

    dollars = EXERCISES[
        _money_exercise(monkeypatch, "dollar_amount", "billion * USD", "new_three_exports_usd")
    ]
    yuan = EXERCISES[_money_exercise(monkeypatch, "yuan_amount", "trillion * CNY", "new_three_exports_cny")]
    stale = module.solved(dollars, 0)
    monkeypatch.setitem(module._SOLVED, (id(yuan), 0), (dollars, stale))  # as if yuan had dollars' old id
    expected, _ = module.solved(yuan, 0)
    assert str(expected.units) != str(stale[0].units) and verdict("yuan_amount", "CN¥1.06tn")[0] == "right"
