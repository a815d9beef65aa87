import pint
import pytest

from energycoop.quantities import trade
from energycoop.quantities.trade import Bounded
from energycoop.quantities.units import Q_


def test_back_calculation_and_its_round_trip():
    previous = trade.back_calculate(Q_(1.2e6, "count"), Q_(77.6, "percent"))
    assert previous.magnitude == pytest.approx(1.2e6 / 1.776)
    assert trade.grow(previous, Q_(77.6, "percent")).magnitude == pytest.approx(1.2e6)
    assert trade.back_calculate(Q_(1.06, "CNY"), Q_(29.9, "percent")).magnitude == pytest.approx(1.06 / 1.299)


def test_growth_between():
    assert trade.growth_between(Q_(679000, "count"), Q_(1203000, "count")).magnitude == pytest.approx(
        77.17231, rel=1e-6
    )
    assert trade.growth_between(Q_(100, "GWh"), Q_(50, "GWh")).magnitude == pytest.approx(-50)


@pytest.mark.parametrize("growth", [Q_(-100, "percent"), Q_(-150, "percent"), Q_(-1.0, "dimensionless")])
def test_growth_of_minus_100_percent_or_below_is_refused(growth):
    with pytest.raises(ValueError, match="a fall of 100% or more"):
        trade.back_calculate(Q_(1.2e6, "count"), growth)


def test_growth_must_be_dimensionless():
    with pytest.raises(TypeError, match="dimensionless"):
        trade.back_calculate(Q_(1.2e6, "count"), Q_(77.6, "GWh"))
    with pytest.raises(TypeError, match="dimensionless"):
        trade.back_calculate(Q_(1.2e6, "count"), 0.776)


def test_ratio_carries_bounds():
    exports, production = Bounded(Q_(1.2e6, "count")), Bounded(Q_(9e6, "count"), "lower")
    share = trade.ratio(exports, production)
    assert share.bound == "upper" and share.quantity.to("").magnitude == pytest.approx(1.2 / 9)
    over_half = Bounded(Q_(50, "percent"), "lower")
    assert trade.ratio(over_half, Bounded(Q_(1, ""))).bound == "lower"
    assert trade.ratio(over_half, Bounded(Q_(2, ""), "upper")).bound == "lower"
    assert trade.ratio(Bounded(Q_(1, "")), Bounded(Q_(2, ""))).bound == "value"
    with pytest.raises(ValueError, match="has no bound"):
        trade.ratio(over_half, production)
    with pytest.raises(ValueError, match="zero"):
        trade.ratio(exports, Bounded(Q_(0, "count")))


def test_bounded_from_qualifier_and_scale():
    assert Bounded.from_qualifier(Q_(9e6, "count"), "exceeded").bound == "lower"
    assert Bounded.from_qualifier(Q_(350, "GWh"), "approximately").bound == "value"
    half = trade.scale(Bounded(Q_(0.5, ""), "lower"), Q_(510, "GW"))
    assert half.bound == "lower" and half.quantity.to("GW").magnitude == pytest.approx(255)
    with pytest.raises(ValueError, match="greater than zero"):
        trade.scale(half, -1)
    with pytest.raises(ValueError, match="not one of"):
        Bounded(Q_(1, ""), "roughly")


def test_implied_rate_and_conversion():
    rate = trade.implied_rate(Q_(1.06e12, "CNY"), Q_(145.6e9, "USD"))
    assert rate.to("CNY/USD").magnitude == pytest.approx(7.2802198, rel=1e-7)
    usd = trade.convert_at_rate(Q_(1.06e12, "CNY"), Q_(7.0467, "CNY/USD"))
    assert usd.to("USD").magnitude == pytest.approx(1.06e12 / 7.0467)
    cny = trade.convert_at_rate(Q_(145.6e9, "USD"), Q_(7.0467, "CNY/USD"))
    assert cny.to("CNY").magnitude == pytest.approx(145.6e9 * 7.0467)


@pytest.mark.parametrize("rate", [Q_(0, "CNY/USD"), Q_(-7, "CNY/USD"), Q_(float("nan"), "CNY/USD")])
def test_zero_negative_or_nan_exchange_rate_is_refused(rate):
    with pytest.raises(ValueError, match=r"exchange rate must be greater than zero|finite"):
        trade.convert_at_rate(Q_(1.06e12, "CNY"), rate)


def test_a_rate_that_does_not_fit_the_amount_is_refused():
    with pytest.raises(pint.DimensionalityError):
        trade.convert_at_rate(Q_(350, "GWh"), Q_(7.0467, "CNY/USD"))
    with pytest.raises(ValueError, match="greater than zero"):
        trade.implied_rate(Q_(0, "CNY"), Q_(145.6e9, "USD"))
