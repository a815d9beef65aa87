"""The step object (energycoop.build.step): a notebook's parameters, declared reads and writes, and root,
on a tiny collection of its own in a temporary directory (the root injected), and on the real notebooks'
validation cells."""

import json

import matplotlib.pyplot as plt
import nbformat
import pytest
from conftest import NOTEBOOKS

from energycoop.build.catalogue import notebooks_in_order
from energycoop.build.step import Step, StepError
from energycoop.data import params
from energycoop.data.derived import DerivedTable, read_derived
from energycoop.data.params import ParameterError, between, positive_int, positive_number
from energycoop.data.paths import MARKER
from energycoop.quantities.units import Q_

PARAMETERS = """\
turbines: int = 40  # number of turbines
share_pct: float = 50.0  # a share, %
inputs_dir: str = "../data/derived"  # where to read 97-upstream.csv from
derived_dir: str = "../data/derived"  # where the derived table is written
figures_dir: str = "../figures"  # where the figures are written
"""


@pytest.fixture
def collection(tmp_path):
    """A collection of one notebook (98-tiny) reading the table of another (97-upstream), under tmp_path/c."""
    root = tmp_path / "c"
    (root / "notebooks").mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    nb.metadata["energycoop"] = {
        "reads": ["data/derived/97-upstream.csv"],
        "writes": ["data/derived/98-tiny.csv", "figures/98-tiny.png", "figures/98-tiny.svg"],
    }
    cell = nbformat.v4.new_code_cell(PARAMETERS)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Tiny"), cell]
    nbformat.write(nb, root / "notebooks" / "98-tiny.ipynb")
    upstream = DerivedTable("97-upstream")
    upstream.add("demo_capacity_mw", Q_(100, "MW"), "a capacity", "turbines * turbine_mw", ["x"])
    upstream.write(root / "data" / "derived")
    (root / "data" / "derived" / "96-other.csv").write_text(
        (root / "data" / "derived" / "97-upstream.csv").read_text()
    )
    return root


def _namespace(**changes):
    namespace = {}
    exec(PARAMETERS, namespace)  # what the parameters cell and papermill leave behind
    namespace.update(changes)
    return namespace


def test_parameters_are_checked_once_each_and_put_back(collection, tmp_path, monkeypatch):
    monkeypatch.setenv("ENERGYCOOP_OUTPUT_DIR", str(tmp_path / "staged"))
    namespace = _namespace(turbines=50.0)
    step = Step("98-tiny", namespace, root=collection).parameters(
        turbines=positive_int, share_pct=between(0, 100)
    )
    assert namespace["turbines"] == 50 and isinstance(namespace["turbines"], int)
    assert namespace["derived_dir"] == str(
        tmp_path / "staged" / "derived"
    )  # the committed default, redirected
    assert namespace["figures_dir"] == str(tmp_path / "staged" / "figures")
    assert namespace["inputs_dir"] == str(collection / "data" / "derived")  # read from, never redirected
    assert step.root == collection and step.notebook == collection / "notebooks" / "98-tiny.ipynb"
    assert step.declaration.writes_table() == "data/derived/98-tiny.csv"
    assert not (tmp_path / "staged").exists(), "nothing is written before the notebook writes"


def test_a_bad_parameter_names_itself_its_value_and_what_is_allowed_and_writes_nothing(
    collection, tmp_path, monkeypatch
):
    monkeypatch.delenv("ENERGYCOOP_OUTPUT_DIR", raising=False)
    with pytest.raises(ParameterError, match=r"parameter share_pct = 150.0 is not allowed: .* from 0 to 100"):
        Step("98-tiny", _namespace(share_pct=150.0), root=collection).parameters(
            turbines=positive_int, share_pct=between(0, 100)
        )
    with pytest.raises(ParameterError, match=r"parameter derived_dir = '' is not allowed"):
        Step("98-tiny", _namespace(derived_dir=""), root=collection).parameters(
            turbines=positive_int, share_pct=positive_number
        )
    assert sorted(p.name for p in collection.iterdir()) == ["data", "notebooks"]  # no runs/interactive/


def test_every_parameter_has_exactly_one_check(collection):
    step = Step("98-tiny", _namespace(), root=collection)
    with pytest.raises(StepError, match=r"notebook 98-tiny: parameter share_pct has no check"):
        step.parameters(turbines=positive_int)
    with pytest.raises(
        StepError,
        match=r"notebook 98-tiny: step.parameters checks turbine_mw, which is not a "
        r"parameter it checks \(the parameters cell has turbines, share_pct, ",
    ):
        step.parameters(turbines=positive_int, share_pct=positive_number, turbine_mw=positive_number)


def test_constraints_run_on_the_checked_values_before_the_directories(collection, tmp_path, monkeypatch):
    monkeypatch.delenv("ENERGYCOOP_OUTPUT_DIR", raising=False)
    namespace = _namespace(turbines=30.0)
    with pytest.raises(ParameterError, match=r"turbines = 30 is not allowed: .* at most 20"):
        Step("98-tiny", namespace, root=collection).parameters(
            lambda: params.at_most("turbines", namespace["turbines"], 20, "the turbines"),
            turbines=positive_int,
            share_pct=positive_number,
        )
    assert isinstance(namespace["turbines"], int)  # checked first
    assert not (collection / "runs").exists()


def test_reads_only_the_tables_it_declares(collection, monkeypatch, capsys):
    monkeypatch.setenv("ENERGYCOOP_OUTPUT_DIR", str(collection.parent / "staged"))
    step = Step("98-tiny", _namespace(), root=collection).parameters(
        turbines=positive_int, share_pct=positive_number
    )
    upstream = step.read("97-upstream")
    assert upstream.loc["demo_capacity_mw", "value"] == 100
    assert capsys.readouterr().out == (
        "Read 97-upstream.csv from data/derived/ (the committed copy, written by `make run`).\n"
    )
    with pytest.raises(
        StepError,
        match=r"notebook 98-tiny reads the table '96-other', which it does not declare: "
        r"add data/derived/96-other.csv to 'reads' .*\(97-upstream\)",
    ):
        step.read("96-other")


def test_nothing_is_read_or_written_before_the_parameters_are_checked(collection):
    step = Step("98-tiny", _namespace(), root=collection)
    with pytest.raises(StepError, match=r"its parameters are not checked yet; call step.parameters"):
        step.read("97-upstream")
    with pytest.raises(StepError, match="its parameters are not checked yet"):
        step.write(step.table)


def test_writes_its_table_and_figures_and_says_so(collection, tmp_path, monkeypatch, capsys):
    staged = tmp_path / "staged"
    monkeypatch.setenv("ENERGYCOOP_OUTPUT_DIR", str(staged))
    step = Step("98-tiny", _namespace(), root=collection).parameters(
        turbines=positive_int, share_pct=positive_number
    )
    step.table.add("tiny_capacity_mw", Q_(40 * 2.5, "MW"), "capacity", "turbines * 2.5 MW", ["turbines"])
    step.write(step.table)
    assert capsys.readouterr().out == "Wrote 1 rows to 98-tiny.csv.\n"
    assert (staged / MARKER).is_file()  # the redirect is marked as the collection's when first written
    assert read_derived(staged / "derived", "98-tiny").loc["tiny_capacity_mw", "value"] == 100
    fig, ax = plt.subplots(figsize=(4, 2))
    ax.plot([0, 1], [0, 1])
    step.save_figure(fig, "98-tiny", "A line from 0 to 1.")
    assert capsys.readouterr().out.endswith("A line from 0 to 1.\n")
    assert sorted(p.name for p in (staged / "figures").iterdir()) == ["98-tiny.png", "98-tiny.svg"]
    fig, ax = plt.subplots(figsize=(4, 2))
    with pytest.raises(
        StepError,
        match=r"notebook 98-tiny writes figures/98-undeclared.png, which it does not "
        r"declare: add it to 'writes'",
    ):
        step.save_figure(fig, "98-undeclared", "never")
    plt.close(fig)
    with pytest.raises(StepError, match=r"writes the table '97-upstream'; its own is '98-tiny'"):
        step.write(DerivedTable("97-upstream"))


def test_a_frame_of_rows_is_written_as_the_notebooks_table(collection, tmp_path, monkeypatch, capsys):
    import pandas as pd

    monkeypatch.setenv("ENERGYCOOP_OUTPUT_DIR", str(tmp_path / "staged"))
    step = Step("98-tiny", _namespace(), root=collection).parameters(
        turbines=positive_int, share_pct=positive_number
    )
    step.write(pd.DataFrame({"id": ["a", "b"], "verdict": ["confirmed", "compatible"]}))
    assert capsys.readouterr().out == "Wrote 2 rows to 98-tiny.csv.\n"
    assert (
        tmp_path / "staged" / "derived" / "98-tiny.csv"
    ).read_text() == "id,verdict\na,confirmed\nb,compatible\n"


def test_outside_make_run_the_defaults_go_to_the_collections_scratch_directory(
    collection, monkeypatch, capsys
):
    monkeypatch.delenv("ENERGYCOOP_OUTPUT_DIR", raising=False)
    monkeypatch.setattr(params, "_announced", set())
    namespace = _namespace(figures_dir="mine/figures")  # relative to the collection's notebooks/
    step = Step("98-tiny", namespace, root=collection).parameters(
        turbines=positive_int, share_pct=positive_number
    )
    assert namespace["derived_dir"] == str(collection / "runs" / "interactive" / "derived")
    assert namespace["figures_dir"] == str(collection / "notebooks" / "mine" / "figures")
    assert capsys.readouterr().out == (
        "This run writes its outputs to runs/interactive/ (scratch); the committed "
        "data/derived/ and figures/ are unchanged (only `make run` writes them).\n"
    )
    assert not (collection / "runs").exists()
    step.write(step.table)
    assert (collection / "runs" / "interactive" / MARKER).is_file()
    assert (
        json.loads((collection / "runs" / "interactive" / MARKER).read_text())["written_by"]
        == "ENERGYCOOP_OUTPUT_DIR"
    )


def test_a_step_names_a_notebook_of_the_collection(collection):
    with pytest.raises(StepError, match=r"Step\('98-tiny.ipynb'\): give the notebook's name"):
        Step("98-tiny.ipynb", {}, root=collection)
    with pytest.raises(StepError, match=r"Step\('99-missing'\): cannot read the notebook .*99-missing.ipynb"):
        Step("99-missing", {}, root=collection)


@pytest.mark.parametrize("path", notebooks_in_order(NOTEBOOKS), ids=lambda p: p.stem)
def test_each_notebooks_validation_cell_checks_every_parameter(path, tmp_path, monkeypatch):
    """The parameters cell and the cell after it, as a kernel runs them (here in-process): every parameter
    gets a check, the defaults pass, and nothing is written."""
    monkeypatch.setenv("ENERGYCOOP_OUTPUT_DIR", str(tmp_path / "staged"))
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    start = next(i for i, c in enumerate(code) if "parameters" in c.metadata.get("tags", []))
    namespace = {}
    exec(code[start].source, namespace)  # a committed notebook cell, as its kernel runs it
    exec(code[start + 1].source, namespace)
    step = namespace["step"]
    assert isinstance(step, Step) and step.name == path.stem and step.table.name == path.stem
    assert namespace["derived_dir"] == str(tmp_path / "staged" / "derived")
    assert not (tmp_path / "staged").exists()
