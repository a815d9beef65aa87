import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from energycoop.analysis.headlines import (
    HEADLINES,
    INPUT_NAMES,
    assumption_range,
    input_name,
    inputs,
    inputs_of,
    rounding_range,
    unexplained_bases,
)
from energycoop.analysis.scenarios import AXES, Axis, count, evaluate, grid
from energycoop.analysis.uncertainty import Range, draw, interval, monte_carlo, tornado
from energycoop.data.derived import read_derived, unit_suffix
from energycoop.data.loaders import load_article, load_reference
from energycoop.quantities.units import Q_


def test_range_validation():
    assert Range(1, 2, 3, "MW").quantity("high") == Q_(3, "MW")
    for bad in [(3, 2, 1), (1, 0, 3), (1, float("nan"), 3)]:
        with pytest.raises(ValueError):
            Range(*bad, "MW")


def test_draws_are_seeded_uniform_and_within_range():
    r = {"x": Range(10, 15, 20, "GWh"), "fixed": Range(5, 5, 5, "h")}
    a, b = draw(r, 100_000, seed=1), draw(r, 100_000, seed=1)
    assert np.array_equal(a["x"].magnitude, b["x"].magnitude)
    assert a["x"].magnitude.min() >= 10 and a["x"].magnitude.max() <= 20
    assert a["x"].magnitude.mean() == pytest.approx(15, abs=0.05)
    assert np.all(a["fixed"].magnitude == 5)
    assert not np.array_equal(a["x"].magnitude, draw(r, 100_000, seed=2)["x"].magnitude)
    with pytest.raises(ValueError, match="whole number"):
        draw(r, 0, seed=1)


def test_monte_carlo_of_a_ratio_matches_the_analytic_interval():
    values = monte_carlo(
        lambda e, p: (e / p).to("h"),
        {"e": Range(345, 350, 355, "GWh"), "p": Range(100, 100, 100, "MW")},
        200_000,
        seed=3,
        unit="h",
    )
    p = interval(values)
    assert p["p5"] == pytest.approx(3450 + 0.05 * 100, abs=2)  # uniform 3450..3550
    assert p["p50"] == pytest.approx(3500, abs=2)
    assert p["p95"] == pytest.approx(3550 - 0.05 * 100, abs=2)


def test_tornado_ranks_the_input_that_matters_most_first():
    t = tornado(lambda a, b: a * b, {"a": Range(1, 2, 3, ""), "b": Range(9, 10, 11, "")}, "")
    assert list(t["input"]) == ["a", "b"]
    assert t.loc[0, "swing"] == pytest.approx(20) and t.loc[1, "swing"] == pytest.approx(4)
    assert t.loc[0, "base"] == pytest.approx(20)


def test_headline_inputs_come_from_the_data():
    ranges = inputs(load_article(), load_reference())
    assert ranges["zhanatas_coal"].low == 105000 and ranges["zhanatas_coal"].high == 115000
    assert ranges["co2_factor"].low == 2.64 and ranges["co2_factor"].base == 2.77
    assert rounding_range(load_article(), "nev_exports").low == pytest.approx(1.15e6)
    with pytest.raises(ValueError, match="not an assumption"):
        assumption_range(load_reference(), "tce_definition")
    for h in HEADLINES:
        base = h.model(**{name: r.quantity() for name, r in inputs_of(h, ranges).items()})
        assert np.isfinite(base.to(h.unit).magnitude), h.key


def _axes(**steps):
    spec = {
        "capacity_factor": (0.25, 0.45, ""),
        "coal_rate": (280, 340, "gce/kWh"),
        "co2_factor": (2.5, 2.9, "t/tce"),
        "kwh_per_t": (12500, 14500, "kWh/t"),
        "cny_per_usd": (6.8, 7.4, "CNY/USD"),
    }
    return {name: Axis(name, lo, hi, steps.get(name, 3), unit) for name, (lo, hi, unit) in spec.items()}


def test_scenarios_evaluate_every_combination():
    axes = _axes(capacity_factor=5, coal_rate=4)
    assert count(axes) == 5 * 4 * 3 * 3 * 3
    answers = evaluate(grid(axes), Q_(100, "MW"), Q_(8760, "h"), Q_(240000, "t"), Q_(1.06e12, "CNY"))
    co2 = answers["co2_avoided"].to("t").magnitude
    assert co2.shape == (5, 4, 3, 3, 3)
    # one scenario by hand: CF 0.45, 340 g/kWh, 2.9 t/tce
    assert co2[-1, -1, -1, 0, 0] == pytest.approx(
        100e3 * 0.45 * 8760 * 340 / 1e6 * 2.9, rel=1e-9
    )  # kWh x gce/kWh -> tce x t/tce
    assert answers["new_three_usd"].to("billion * USD").magnitude[0, 0, 0, 0, 0] == pytest.approx(1060 / 6.8)
    assert answers["pavlodar_in_zhanatas_farms"].magnitude[0, 0, 0, 0, 0] == pytest.approx(
        240000 * 12500 / (100e3 * 0.25 * 8760)
    )


@pytest.mark.parametrize(
    "bad",
    [
        {"low": 1, "high": 1, "steps": 3},
        {"low": 1, "high": 2, "steps": 1},
        {"low": float("nan"), "high": 2, "steps": 3},
    ],
)
def test_bad_axes_are_refused(bad):
    with pytest.raises(ValueError, match="axis x"):
        Axis("x", unit="", **bad)


def test_a_missing_axis_is_named():
    axes = _axes()
    del axes["co2_factor"]
    with pytest.raises(ValueError, match="missing co2_factor"):
        grid(axes)
    assert set(AXES) == set(_axes())


DERIVED = Path(__file__).resolve().parents[1] / "data" / "derived"


def test_every_headline_base_outside_its_interval_states_why():
    """Notebook 12's committed table: a headline whose value at the base inputs lies outside its own interval
    (Atyrau: 7.32 barrels per tonne is the low end of its range) says why, and no reason outlives its cause."""
    table = read_derived(DERIVED, "12-uncertainty-and-sensitivity")
    for h in HEADLINES:
        for variant in ("base", "interval_low", "interval_high"):
            assert f"{h.key}_{variant}_{unit_suffix(h.unit)}" in table.index, (h.key, variant)
    assert unexplained_bases(table) == []


def test_the_base_check_can_fail():
    h = HEADLINES[0]
    suffix = unit_suffix(h.unit)

    def frame(base, low, high):
        return pd.DataFrame(
            {"value": [base, low, high]},
            index=[f"{h.key}_{v}_{suffix}" for v in ("base", "interval_low", "interval_high")],
        )

    silent = dataclasses.replace(h, base_outside_interval="")
    [problem] = unexplained_bases(frame(10, 11, 12), [silent])
    assert h.key in problem and "no reason" in problem
    assert (
        unexplained_bases(
            frame(10, 11, 12), [dataclasses.replace(h, base_outside_interval="a stated reason")]
        )
        == []
    )
    assert unexplained_bases(frame(11.5, 11, 12), [silent]) == []
    [stale] = unexplained_bases(
        frame(11.5, 11, 12), [dataclasses.replace(h, base_outside_interval="a reason")]
    )
    assert "inside" in stale


def test_every_input_has_a_readable_name():
    ranges = inputs(load_article(), load_reference())
    assert set(INPUT_NAMES) == set(ranges)
    assert input_name("bbl_per_t", ranges) == "barrels per tonne of crude (assumption)"
    assert input_name("zhanatas_coal", ranges) == "coal Zhanatas saves a year (rounding)"
    assert all("_" not in input_name(name, ranges) for name in ranges)
