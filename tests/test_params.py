import math

import pytest

from energycoop.data import params
from energycoop.data.params import ParameterError


def test_good_values_pass_through():
    assert params.positive_number("annual_gwh", 350) == 350.0
    assert params.positive_int("turbines", 50) == 50
    assert params.positive_int("turbines", 50.0) == 50
    assert params.fraction("capacity_factor", 1) == 1.0
    assert params.growth_rate("growth_pct", -99.9) == -99.9
    assert params.number_between("co2_t_per_tce", 2.7, 2.0, 3.0) == 2.7
    assert params.choice("unit", "PJ", ["PJ", "TWh"]) == "PJ"
    from energycoop.data.paths import ROOT

    assert params.directory("derived_dir", "../runs/mine") == str(ROOT / "runs" / "mine")


@pytest.mark.parametrize(
    "check, name, value, allowed",
    [
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
    ],
)
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
    from energycoop.data.paths import DERIVED, FIGURES

    monkeypatch.setenv("ENERGYCOOP_OUTPUT_DIR", str(tmp_path))
    assert params.directory("derived_dir", str(DERIVED)) == str(tmp_path / "derived")
    assert params.directory("figures_dir", str(FIGURES / "sub")) == str(tmp_path / "figures" / "sub")
    assert params.directory("derived_dir", str(tmp_path / "else")) == str(tmp_path / "else")


def test_committed_output_directories_go_to_scratch_without_make_run(monkeypatch, tmp_path, capsys):
    """Run All in any Jupyter (no ENERGYCOOP_OUTPUT_DIR): the defaults go to runs/interactive/, said once."""
    from energycoop.data import paths
    from energycoop.data.paths import DERIVED, FIGURES, ROOT

    monkeypatch.delenv("ENERGYCOOP_OUTPUT_DIR", raising=False)
    monkeypatch.setattr(paths, "INTERACTIVE", tmp_path / "interactive")
    monkeypatch.setattr(params, "_announced", set())
    before = {p: p.stat().st_mtime_ns for p in (DERIVED, FIGURES)}
    for value in ("../data/derived", str(DERIVED)):
        assert params.directory("derived_dir", value) == str(tmp_path / "interactive" / "derived")
    assert params.directory("figures_dir", "../figures") == str(tmp_path / "interactive" / "figures")
    assert params.directory("figures_dir", str(FIGURES / "sub")) == str(
        tmp_path / "interactive" / "figures" / "sub"
    )
    said = capsys.readouterr().out.splitlines()
    assert said == [
        (
            f"This run writes its outputs to {tmp_path / 'interactive'}/ (scratch); the committed "
            "data/derived/ and figures/ are unchanged (only `make run` writes them)."
        )
    ]
    assert (tmp_path / "interactive" / paths.MARKER).is_file()
    assert {p: p.stat().st_mtime_ns for p in (DERIVED, FIGURES)} == before
    assert ROOT not in (tmp_path / "interactive").parents


def test_the_scratch_directory_is_refused_if_it_holds_someone_elses_files(monkeypatch, tmp_path):
    from energycoop.data import paths

    monkeypatch.delenv("ENERGYCOOP_OUTPUT_DIR", raising=False)
    theirs = tmp_path / "interactive"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("MINE")
    monkeypatch.setattr(paths, "INTERACTIVE", theirs)
    with pytest.raises(
        ParameterError,
        match=r"parameter derived_dir: the scratch directory runs/interactive/ .* "
        r"did not write \(notes.txt\)",
    ):
        params.directory("derived_dir", "../data/derived")
    assert (theirs / "notes.txt").read_text() == "MINE" and sorted(p.name for p in theirs.iterdir()) == [
        "notes.txt"
    ]


@pytest.mark.parametrize(
    "value, reason",
    [
        ("/", "is the filesystem root"),
        ("~", "is your home directory"),
        ("../README.md", "is the tracked file README.md in the repository"),
        ("../src/energycoop", "is src/energycoop/ in the repository, which holds committed files"),
        ("../notebooks/myfigs", "lies inside notebooks/ in the repository"),
    ],
)
def test_unsafe_output_directories_are_refused_in_the_notebook(monkeypatch, value, reason):
    from energycoop.data.paths import NOTEBOOKS

    monkeypatch.chdir(NOTEBOOKS)  # where a notebook's kernel runs
    with pytest.raises(ParameterError, match=f"parameter figures_dir .*{reason}"):
        params.directory("figures_dir", value)


def test_sizes_have_a_maximum_and_huge_numbers_name_the_parameter():
    assert params.positive_int("draws", 100_000, maximum=5_000_000) == 100_000
    with pytest.raises(ParameterError, match=r"draws = 5000001 is not allowed: .* at most 5,000,000"):
        params.positive_int("draws", 5_000_001, maximum=5_000_000)
    with pytest.raises(
        ParameterError,
        match=r"turbines = 1{1}0{23}\.\.\. \(400 characters\) "
        r"is not allowed: .*too large",
    ):
        params.positive_int("turbines", 10**399)
    with pytest.raises(
        ParameterError, match=r"scenarios = 12,000,000 is not allowed: the product .* at most"
    ):
        params.at_most("scenarios", 12_000_000, 10_000_000, "the product of the five *_steps parameters")


@pytest.mark.parametrize("cwd", ["root", "notebooks", "elsewhere"])
def test_relative_output_directories_mean_the_same_wherever_the_kernel_starts(cwd, monkeypatch, tmp_path):
    """Relative to notebooks/, like the defaults: papermill run from the repository root (or anywhere) must
    not resolve ../README.md to a path beside the checkout."""
    from energycoop.data import paths
    from energycoop.data.paths import NOTEBOOKS, ROOT

    monkeypatch.chdir({"root": ROOT, "notebooks": NOTEBOOKS, "elsewhere": tmp_path}[cwd])
    monkeypatch.delenv("ENERGYCOOP_OUTPUT_DIR", raising=False)
    monkeypatch.setattr(paths, "INTERACTIVE", tmp_path / "interactive")
    for value, reason in (
        ("../README.md", "is the tracked file README.md"),
        ("../src", "src/ in the repository"),
        ("../notebooks", "notebooks/ in the repository"),
    ):
        with pytest.raises(ParameterError, match=reason):
            params.directory("derived_dir", value)
    assert params.directory("derived_dir", "../data/derived/sub") == str(
        tmp_path / "interactive" / "derived" / "sub"
    )
    assert params.directory("derived_dir", "../data/derived/") == str(tmp_path / "interactive" / "derived")
    assert params.directory("derived_dir", "../runs/mine") == str(ROOT / "runs" / "mine")
    assert params.input_directory("inputs_dir", "../runs/mine") == str(NOTEBOOKS / "../runs/mine")
    assert not (ROOT.parent / "README.md").exists() or (ROOT.parent / "README.md").is_file()


def test_a_home_directory_output_is_expanded_before_anything_is_written(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    assert params.directory("derived_dir", "~/mine") == str(tmp_path / "mine")
