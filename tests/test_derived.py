import math

import pytest

from energycoop.data.derived import COLUMNS, DerivedTable, derived_quantity, read_derived
from energycoop.quantities.units import Q_


def test_table_round_trips_values_and_units(tmp_path):
    table = DerivedTable("99-test")
    table.add("capacity_mw", Q_(100, "MW"), "capacity", "turbines * turbine_mw", ["a", "b"], unit="MW")
    table.add(
        "rate_gce_per_kwh",
        Q_(110000, "tce") / Q_(350, "GWh"),
        "coal rate",
        "coal / energy",
        ["c"],
        unit="gce/kWh",
    )
    table.add("share_pct", Q_(0.004, ""), "share", "x / y", ["d"], unit="percent")
    path = table.write(tmp_path / "new" / "dir")
    assert path.name == "99-test.csv"
    frame = read_derived(tmp_path / "new" / "dir", "99-test")
    assert list(frame.reset_index().columns) == list(COLUMNS)
    assert derived_quantity(frame, "capacity_mw") == Q_(100, "MW")
    assert derived_quantity(frame, "rate_gce_per_kwh").magnitude == pytest.approx(2200 / 7, rel=1e-15)
    assert derived_quantity(frame, "share_pct").to("").magnitude == pytest.approx(0.004)
    assert frame.loc["capacity_mw", "inputs"] == "a b"


def test_writing_twice_gives_identical_bytes(tmp_path):
    table = DerivedTable("99-test")
    table.add("x_gwh", Q_(1 / 3, "GWh"), "third", "1/3", [])
    first = table.write(tmp_path).read_bytes()
    assert table.write(tmp_path).read_bytes() == first


def test_duplicate_and_non_finite_values_are_refused():
    table = DerivedTable("99-test")
    table.add("x_mw", Q_(1, "MW"), "x", "x", [])
    with pytest.raises(ValueError, match="already in table"):
        table.add("x_mw", Q_(2, "MW"), "x", "x", [])
    with pytest.raises(ValueError, match="not finite"):
        table.add("y_mw", Q_(math.inf, "MW"), "y", "y", [])


def test_reading_a_table_that_was_never_written_says_which_notebook_to_run(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"run notebooks/02-zhanatas-wind.ipynb first"):
        read_derived(tmp_path, "02-zhanatas-wind")


def test_unknown_derived_id_lists_the_ids(tmp_path):
    table = DerivedTable("99-test")
    table.add("x_mw", Q_(1, "MW"), "x", "x", [])
    table.write(tmp_path)
    with pytest.raises(KeyError, match="ids are x"):
        derived_quantity(read_derived(tmp_path, "99-test"), "y")
