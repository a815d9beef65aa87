"""The rerun and params commands: every refusal happens before a kernel starts; one real rerun."""

import contextlib
import io

import pytest
from conftest import NOTEBOOKS

from energycoop.build.rerun import RerunError, find_notebook, parse_parameters, parse_value, run_directory
from energycoop.cli import main

NB02 = NOTEBOOKS / "02-zhanatas-wind.ipynb"


class Done:
    """What a command run in this process (``energycoop.cli.main``, which ``python -m energycoop`` exits with)
    returned and printed."""

    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def cli(*args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse's refusals
            code = exc.code
    return Done(code, out.getvalue(), err.getvalue())


def test_params_lists_names_types_defaults_and_help():
    result = cli("params", "02-zhanatas-wind")
    assert result.returncode == 0
    assert "turbines: int = 40  # number of wind turbines (article)" in result.stdout
    assert "co2_t_per_tce: float = 2.77" in result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["rerun", "02-zhanatas-wind", "-p", "turbnes", "50"], "has no parameter 'turbnes'"),
        (
            ["rerun", "02-zhanatas-wind", "-p", "turbines", "2.5"],
            "parameter turbines takes an int; '2.5' is not a whole number",
        ),
        (
            ["rerun", "02-zhanatas-wind", "-p", "annual_gwh", "lots"],
            "parameter annual_gwh takes a float; 'lots' is not a number",
        ),
        (["rerun", "02-zhanatas-wind", "-p", "annual_gwh", "nan"], "takes a finite float"),
        (
            ["rerun", "99-no-such-notebook"],
            "no notebook '99-no-such-notebook'; the collection's notebooks are 01-article-figures",
        ),
        (["rerun", "02-zhanatas-wind", "-p", "turbines", "50", "-p", "turbines", "60"], "given twice"),
    ],
)
def test_refusals_happen_before_a_kernel_starts_and_explain(args, message):
    result = cli(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Running" not in result.stdout  # no kernel was started
    if "turbnes" in args:
        assert "turbines: int = 40" in result.stderr  # the names the notebook takes, with types and defaults


def test_parse_value_by_declared_type():
    assert parse_value("x", "50", "int") == 50
    assert parse_value("x", "8784", "float") == 8784.0
    assert parse_value("x", "True", "bool") is True and parse_value("x", "false", "bool") is False
    assert parse_value("x", "PJ", "str") == "PJ"
    with pytest.raises(RerunError, match="not true or false"):
        parse_value("x", "yes", "bool")
    assert parse_parameters(NB02, [("turbines", "50"), ("hours_per_year", "8784")]) == {
        "turbines": 50,
        "hours_per_year": 8784.0,
    }


def test_run_directory_is_stable_and_depends_on_the_parameters():
    a = run_directory(NB02, {"turbines": 50})
    assert a == run_directory(NB02, {"turbines": 50})
    assert a != run_directory(NB02, {"turbines": 60})
    assert a.parent.name == "runs" and a.name.startswith("02-zhanatas-wind-")
    assert find_notebook("02-zhanatas-wind.ipynb") == NB02.resolve()


def test_a_real_rerun_writes_only_into_its_directory_and_compares_with_the_defaults(rerun_02):
    result = rerun_02  # python -m energycoop rerun 02-zhanatas-wind -p turbines 50 ... --out DIR, run once (conftest)
    assert result["returncode"] == 0, result["stderr"]
    assert result["after"] == result["before"]  # the committed tables, figures and notebook
    assert f"Outputs in {result['out']}" in result["stdout"]
    assert (result["out"] / "derived" / "02-zhanatas-wind.csv").exists()
    assert (result["out"] / "figures" / "02-zhanatas-coal-rate.svg").exists()
    line = next(x for x in result["stdout"].splitlines() if x.startswith("zhanatas_capacity_mw"))
    assert line.split()[1:4] == ["100", "125", "MW"]  # default, this run, unit


def test_a_failure_inside_the_notebook_is_reported_with_the_cell_and_exits_non_zero(tmp_path):
    result = cli("rerun", "02-zhanatas-wind", "-p", "turbines", "-3", "--out", str(tmp_path / "run"))
    assert result.returncode == 1
    assert "code cell 4 ('from energycoop.build.step import Step')" in result.stderr
    assert "parameter turbines = -3 is not allowed" in result.stderr
