import math
from datetime import date

import pytest
from conftest import DATA

from energycoop.audit import VERDICTS, Sources, audit, judge, load_claims
from energycoop.data import DataError, load_article, load_reference
from energycoop.derived import read_all_derived
from energycoop.units import Q_

TABLES = ["02-zhanatas-wind", "03-turgusun-hydro", "04-comparing-projects", "05-atyrau-refinery",
          "06-pavlodar-aluminium", "07-global-renewables-2023", "08-vehicles-and-trade"]


def test_verdicts_from_numbers():
    assert judge(Q_(100, "MW"), Q_(100.05, "MW"), tolerance=0.001).verdict == "consistent"
    rounded = judge(Q_(110000, "tce"), Q_(109500, "tce"), tolerance=0.001,
                    rounding=(Q_(105000, "tce"), Q_(115000, "tce")))
    assert rounded.verdict == "consistent-if-rounded"
    assert rounded.relative_difference == pytest.approx(500 / 109500)
    assert judge(Q_(240000, "t"), Q_(250000, "t"), tolerance=0.001,
                 rounding=(Q_(235000, "t"), Q_(245000, "t"))).verdict == "inconsistent"
    assert judge(Q_(50, "percent"), Q_(62.9, "percent"), tolerance=0.001, bound="lower").verdict == "bound-only"
    assert judge(Q_(50, "percent"), Q_(45, "percent"), tolerance=0.001, bound="lower").verdict == "inconsistent"
    assert judge(Q_(13.3, "percent"), Q_(12.5, "percent"), tolerance=0.001, bound="upper").verdict == "bound-only"
    assert judge(Q_(5.5, "Mt"), None, tolerance=0.001).verdict == "not checkable"
    assert math.isnan(judge(Q_(5.5, "Mt"), None, tolerance=0.001).relative_difference)


def test_units_are_converted_before_comparing():
    assert judge(Q_(350, "GWh"), Q_(350e6, "kWh"), tolerance=1e-12).verdict == "consistent"


def test_dates_compare_by_month():
    assert judge(date(2021, 7, 1), date(2021, 7, 20), tolerance=0.001).verdict == "consistent"
    late = judge(date(2021, 7, 1), date(2022, 4, 1), tolerance=0.001)
    assert late.verdict == "inconsistent" and "9 months apart" in late.reason


def test_tolerance_changes_the_verdict():
    args = {"rounding": (Q_(105000, "tce"), Q_(115000, "tce"))}
    assert judge(Q_(110000, "tce"), Q_(109500, "tce"), tolerance=0.001, **args).verdict == "consistent-if-rounded"
    assert judge(Q_(110000, "tce"), Q_(109500, "tce"), tolerance=0.01, **args).verdict == "consistent"
    assert judge(Q_(110000, "tce"), Q_(109500, "tce"), tolerance=0.001).verdict == "inconsistent"  # no rounding given


@pytest.mark.parametrize("tolerance", [-0.1, math.nan, "1%"])
def test_bad_tolerance_is_refused(tolerance):
    with pytest.raises(ValueError, match="tolerance"):
        judge(Q_(1, "MW"), Q_(1, "MW"), tolerance=tolerance)


def test_mismatched_kinds_are_refused():
    with pytest.raises(TypeError):
        judge(Q_(1, "MW"), date(2021, 7, 1), tolerance=0.001)


def _audit(tolerance):
    article = load_article()
    derived = read_all_derived(DATA / "derived", TABLES)
    return audit(load_claims(article=article), Sources(article, load_reference(), derived), tolerance).set_index("id")


def test_the_audit_reaches_the_expected_verdicts_from_the_data():
    result = _audit(0.001)["verdict"]
    assert result["zhanatas_coal_saved"] == "consistent-if-rounded"  # 110,000 against 109,500
    assert result["pavlodar_capacity"] == "inconsistent"  # 240,000 against a 250,000 t design
    assert result["atyrau_capacity"] == "not checkable"  # no source for 5.5 Mt
    assert result["new_three_rate"] == "inconsistent"  # 7.28 weaker than any 2023 fixing
    assert result["new_three_usd"] == "inconsistent"
    assert result["nev_exports_2022"] == "consistent-if-rounded"  # +77.6% against 679,000
    assert result["china_share"] == "bound-only"  # "over half" of 510 GW
    assert result["nev_production"] == "bound-only"
    assert (result != "not checkable").sum() >= 15
    assert set(result) <= set(VERDICTS)


def test_a_wider_tolerance_changes_verdicts():
    narrow, wide = _audit(0.001)["verdict"], _audit(0.01)["verdict"]
    assert narrow["zhanatas_coal_saved"] == "consistent-if-rounded" and wide["zhanatas_coal_saved"] == "consistent"
    assert narrow["new_three_rate"] == "inconsistent" and wide["new_three_rate"] == "consistent"
    assert wide["pavlodar_capacity"] == "inconsistent"  # 4% apart stays inconsistent at 1%


def test_claims_file_errors_name_row_and_column(tmp_path):
    text = (DATA / "claims.csv").read_text()
    bad = tmp_path / "claims.csv"
    bad.write_text(text.replace("zhanatas_turbines,zhanatas_turbines,", "zhanatas_turbines,no_such_figure,", 1))
    with pytest.raises(DataError, match=r"row 2, column article_id: 'no_such_figure' is not an id of article.csv"):
        load_claims(bad)
    lines = text.splitlines()
    bad.write_text("\n".join([*lines, lines[1]]) + "\n")
    with pytest.raises(DataError, match="is a duplicate of row 2"):
        load_claims(bad)
