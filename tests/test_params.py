import math

import pytest

from energycoop import params
from energycoop.params import ParameterError


def test_good_values_pass_through():
    assert params.positive_number("annual_gwh", 350) == 350.0
    assert params.positive_int("turbines", 50) == 50
    assert params.positive_int("turbines", 50.0) == 50
    assert params.fraction("capacity_factor", 1) == 1.0
    assert params.growth_rate("growth_pct", -99.9) == -99.9
    assert params.number_between("co2_t_per_tce", 2.7, 2.0, 3.0) == 2.7
    assert params.choice("unit", "PJ", ["PJ", "TWh"]) == "PJ"
    assert params.directory("derived_dir", "../data/derived") == "../data/derived"


@pytest.mark.parametrize("check, name, value, allowed", [
    (params.positive_number, "annual_gwh", -350, "greater than 0"),
    (params.positive_number, "annual_gwh", 0, "greater than 0"),
    (params.positive_number, "annual_gwh", math.nan, "finite number"),
    (params.positive_number, "annual_gwh", math.inf, "finite number"),
    (params.positive_number, "annual_gwh", "350", "got a str"),
    (params.positive_number, "annual_gwh", True, "got a bool"),
    (params.positive_number, "annual_gwh", None, "got a NoneType"),
    (params.positive_int, "turbines", 40.5, "whole number"),
    (params.positive_int, "turbines", -3, "whole number"),
    (params.positive_int, "turbines", "forty", "got a str"),
    (params.fraction, "capacity_factor", 1.2, "at most 1"),
    (params.fraction, "capacity_factor", 0, "greater than 0"),
    (params.growth_rate, "growth_pct", -100, "greater than -100"),
    (params.growth_rate, "growth_pct", -150, "greater than -100"),
])
def test_bad_values_name_the_parameter_the_value_and_what_is_allowed(check, name, value, allowed):
    with pytest.raises(ParameterError) as caught:
        check(name, value)
    message = str(caught.value)
    assert f"parameter {name} = {value!r}" in message or f"parameter {name} = {float(value)!r}" in message
    assert allowed in message


def test_range_choice_and_directory_messages():
    with pytest.raises(ParameterError, match=r"co2_t_per_tce = 9 .* from 2 to 3"):
        params.number_between("co2_t_per_tce", 9, 2, 3)
    with pytest.raises(ParameterError, match=r"unit = 'EJ' .* one of 'PJ', 'TWh'"):
        params.choice("unit", "EJ", ["PJ", "TWh"])
    with pytest.raises(ParameterError, match=r"derived_dir = '' .* non-empty path"):
        params.directory("derived_dir", "")


def test_committed_output_directories_are_redirected_when_asked(monkeypatch, tmp_path):
    from energycoop.data import DATA_DIR

    monkeypatch.setenv("ENERGYCOOP_OUTPUT_DIR", str(tmp_path))
    assert params.directory("derived_dir", str(DATA_DIR / "derived")) == str(tmp_path / "derived")
    assert params.directory("figures_dir", str(DATA_DIR.parent / "figures" / "sub")) == str(tmp_path / "figures" / "sub")
    assert params.directory("derived_dir", "/somewhere/else") == "/somewhere/else"
    monkeypatch.delenv("ENERGYCOOP_OUTPUT_DIR")
    assert params.directory("derived_dir", str(DATA_DIR / "derived")) == str(DATA_DIR / "derived")
