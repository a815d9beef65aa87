import pint
import pytest

from energycoop.quantities.units import Q_, fmt, parse_unit, round_sig, unit_text


def test_tonne_of_coal_equivalent_is_29_3076_gj():
    assert Q_(1, "tce").to("GJ").magnitude == pytest.approx(29.3076)
    assert Q_(1e6, "gce").to("tce").magnitude == pytest.approx(1.0)


def test_toe_comes_from_pint_and_is_41_868_gj():
    assert Q_(1, "toe").to("GJ").magnitude == pytest.approx(41.868)


def test_coal_rate_unit_is_grams_of_coal_per_kwh():
    assert (Q_(110000, "tce") / Q_(350, "GWh")).to("gce/kWh").magnitude == pytest.approx(314.285714, rel=1e-9)


def test_currencies_are_separate_dimensions():
    rate = Q_(1.06e12, "CNY") / Q_(145.6e9, "USD")
    assert rate.to("CNY/USD").magnitude == pytest.approx(7.28022, rel=1e-5)
    with pytest.raises(pint.DimensionalityError):
        Q_(1, "CNY") + Q_(1, "USD")


@pytest.mark.parametrize("text", ["", "   ", "gigawombat", "GWh/", None])
def test_parse_unit_refuses_what_pint_does_not_know(text):
    with pytest.raises(ValueError, match="unit"):
        parse_unit(text)


@pytest.mark.parametrize(
    "quantity",
    [
        Q_(1, "GWh"),
        Q_(1, "gce/kWh"),
        Q_(1, "t/tce"),
        Q_(1, "percent"),
        Q_(1, "dimensionless"),
        Q_(1, "CNY/USD"),
        Q_(1, "month"),
    ],
)
def test_unit_text_reads_back(quantity):
    assert parse_unit(unit_text(quantity)) == quantity.units


def test_fmt_rounds_for_display_only():
    q = Q_(3504.9, "h")
    assert fmt(q) == "3,500 h"
    assert q.magnitude == 3504.9
    assert fmt(Q_(0.39954, "").to("percent")) == "40.0%"
    assert fmt(Q_(7.28022, "CNY/USD"), sig=4) == "7.280 CNY/USD"
    assert fmt(Q_(3.2238, "PJ")) == "3.22 PJ"


def test_round_sig():
    assert round_sig(314.2857, 3) == 314
    assert round_sig(0.0012345, 2) == 0.0012
    assert round_sig(0, 3) == 0


def test_the_oil_barrel_is_not_pints_plain_barrel():
    assert Q_(1, "oil_bbl").to("L").magnitude == pytest.approx(158.987, rel=1e-5)
    assert Q_(1, "bbl").to("L").magnitude == pytest.approx(119.240, rel=1e-5)  # 31.5 US gallons


def test_kilotonne_is_written_out_because_kt_is_the_knot():
    q = Q_(15, "kilotonne/day")
    assert parse_unit(unit_text(q)) == q.units
    assert parse_unit("kt").dimensionality != q.units.dimensionality * Q_(1, "day").units.dimensionality


def test_million_billion_trillion_are_plain_multipliers():
    assert Q_(1.2, "million").to("count").magnitude == pytest.approx(1.2e6)
    assert Q_(145.6, "billion * USD").to("USD").magnitude == pytest.approx(145.6e9)
    assert Q_(1.06, "trillion * CNY").to("CNY").magnitude == pytest.approx(1.06e12)
