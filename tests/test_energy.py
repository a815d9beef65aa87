from datetime import date

import pint
import pytest

from energycoop.quantities import energy
from energycoop.quantities.units import Q_

# Hand-worked values: Zhanatas (40 x 2.5 MW, 350 GWh, 110,000 tce) and Turgusun (24.9 MW, 79.8 GWh).


def test_capacity_from_units():
    assert energy.capacity_from_units(40, Q_(2.5, "MW")) == Q_(100, "MW")
    assert energy.capacity_from_units(50, Q_(2500, "kW")).to("MW").magnitude == pytest.approx(125)


def test_full_load_hours():
    assert energy.full_load_hours(Q_(350, "GWh"), Q_(100, "MW")).magnitude == pytest.approx(3500)
    assert energy.full_load_hours(Q_(79.8, "GWh"), Q_(24.9, "MW")).magnitude == pytest.approx(
        3204.819277, rel=1e-9
    )


def test_capacity_factor():
    cf = energy.capacity_factor(Q_(350, "GWh"), Q_(100, "MW"), Q_(8760, "h"))
    assert cf.magnitude == pytest.approx(350 / 876)
    cf_leap = energy.capacity_factor(Q_(350, "GWh"), Q_(100, "MW"), Q_(8784, "h"))
    assert cf_leap.magnitude == pytest.approx(350 / 878.4)


def test_capacity_factor_above_one_is_refused():
    with pytest.raises(ValueError, match="exceeds 1"):
        energy.capacity_factor(Q_(900, "GWh"), Q_(100, "MW"), Q_(8760, "h"))


def test_energy_per_unit():
    assert energy.energy_per_unit(Q_(350, "GWh"), 40).to("GWh").magnitude == pytest.approx(8.75)


def test_coal_rate_and_its_inverse():
    rate = energy.coal_rate(Q_(110000, "tce"), Q_(350, "GWh"))
    assert rate.magnitude == pytest.approx(2200 / 7)  # 110e9 g / 350e6 kWh
    assert energy.coal_for_electricity(Q_(350, "GWh"), rate).to("tce").magnitude == pytest.approx(110000)
    assert energy.coal_for_electricity(Q_(79.8, "GWh"), rate).to("tce").magnitude == pytest.approx(25080)


def test_coal_energy_in_any_unit():
    coal = Q_(110000, "tce")
    assert energy.coal_energy(coal, "PJ").magnitude == pytest.approx(3.223836)
    assert energy.coal_energy(coal, "TWh").magnitude == pytest.approx(3.223836e15 / 3.6e15)
    assert energy.coal_energy(coal, "toe").magnitude == pytest.approx(110000 * 29.3076 / 41.868)


def test_implied_efficiency():
    eff = energy.implied_efficiency(Q_(350, "GWh"), Q_(110000, "tce"))
    assert eff.magnitude == pytest.approx(350e6 * 3.6e6 / (110000 * 29.3076e9))
    with pytest.raises(ValueError, match="exceeds 1"):
        energy.implied_efficiency(Q_(1, "TWh"), Q_(1, "tce"))


def test_co2_from_coal_and_from_electricity():
    assert energy.co2_from_coal(Q_(110000, "tce"), Q_(2.77, "t/tce")).magnitude == pytest.approx(304700)
    assert energy.co2_from_electricity(Q_(79.8, "GWh"), Q_(826.66, "g/kWh")).magnitude == pytest.approx(
        65967.468
    )


def test_months_between():
    assert energy.months_between(date(2021, 7, 1), date(2022, 4, 1)) == 9
    assert energy.months_between(date(2021, 7, 31), date(2021, 7, 1)) == 0
    with pytest.raises(ValueError, match="before start"):
        energy.months_between(date(2022, 4, 1), date(2021, 7, 1))
    with pytest.raises(TypeError):
        energy.months_between("2021-07", date(2022, 4, 1))


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: energy.full_load_hours(350, Q_(100, "MW")), "pint quantity"),
        (lambda: energy.full_load_hours(Q_(-350, "GWh"), Q_(100, "MW")), "greater than zero"),
        (lambda: energy.full_load_hours(Q_(350, "GWh"), Q_(0, "MW")), "greater than zero"),
        (lambda: energy.full_load_hours(Q_(float("nan"), "GWh"), Q_(100, "MW")), "finite"),
        (lambda: energy.capacity_from_units(0, Q_(2.5, "MW")), "whole number"),
        (lambda: energy.capacity_from_units(2.5, Q_(2.5, "MW")), "whole number"),
        (lambda: energy.capacity_from_units(True, Q_(2.5, "MW")), "whole number"),
        (lambda: energy.energy_per_unit(Q_(350, "GWh"), 0), "greater than zero"),
    ],
)
def test_bad_inputs_are_refused_with_the_argument_named(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_wrong_dimension_is_refused():
    with pytest.raises(pint.DimensionalityError):
        energy.full_load_hours(Q_(350, "GW"), Q_(100, "MW"))  # power given where energy is needed
    with pytest.raises(pint.DimensionalityError):
        energy.co2_from_coal(Q_(110000, "tce"), Q_(2.77, "t"))


def test_each_named_pitfall_lands_where_its_mistake_does():
    """The pitfalls notebook 11 shows and the exercises name, computed once (quantities/pitfalls.py)."""
    from energycoop.quantities import pitfalls, trade

    coal = Q_(110_000, "tce")
    assert (pitfalls.coal_read_as_oil(coal) / coal).to("").magnitude == pytest.approx(41.868 / 29.3076)
    assert pitfalls.capacity_factor_without_hours(Q_(350, "GWh"), Q_(100, "MW")).magnitude == pytest.approx(
        3.5
    )
    assert pitfalls.fuel_added_to_electricity(Q_(1.26, "PJ"), Q_(3.22, "PJ")).to(
        "PJ"
    ).magnitude == pytest.approx(4.48)
    exports, growth = Q_(1.2, "million"), Q_(77.6, "percent")
    wrong = pitfalls.growth_subtracted(exports, growth)
    assert wrong.magnitude == pytest.approx(1.2 * (1 - 0.776))
    assert wrong < trade.back_calculate(exports, growth)  # subtracting undoes too much
    bbl = pitfalls.oil_barrels_as_pint_bbl(Q_(100_000, "oil_bbl/day"))
    assert (bbl / Q_(100_000, "oil_bbl/day")).to("").magnitude == pytest.approx(31.5 / 42)
