"""The notebooks as documents and as programs: structure, defaults, reruns, bad parameters.

nbval (``make test`` runs pytest with ``--nbval``) re-executes every committed notebook
and compares its outputs; these tests cover what nbval does not.
"""

import hashlib
import math
import re

import nbformat
import papermill
import pytest
from conftest import NOTEBOOKS, ROOT

from energycoop.build.catalogue import all_notebooks, notebooks_in_order
from energycoop.build.execution import NotebookFailed, execute
from energycoop.build.step import DIRECTORIES
from energycoop.data.derived import derived_quantity, read_derived
from energycoop.data.loaders import load_article, load_reference, quantity

ALL = notebooks_in_order(NOTEBOOKS)

# Each notebook parameter whose default comes from the data: (table, id, unit of the parameter).
DEFAULTS_FROM_DATA = {
    "02-zhanatas-wind": {
        "turbines": ("article", "zhanatas_turbines", "count"),
        "turbine_mw": ("article", "zhanatas_turbine_capacity", "MW"),
        "annual_gwh": ("article", "zhanatas_annual_generation", "GWh"),
        "coal_saved_tce": ("article", "zhanatas_coal_saved", "tce"),
        "hours_per_year": ("reference", "hours_per_year", "h"),
        "co2_t_per_tce": ("reference", "co2_t_per_tce", "t/tce"),
    },
    "03-turgusun-hydro": {
        "capacity_mw": ("article", "turgusun_capacity", "MW"),
        "annual_gwh": ("article", "turgusun_annual_generation", "GWh"),
        "hours_per_year": ("reference", "hours_per_year", "h"),
        "co2_t_per_tce": ("reference", "co2_t_per_tce", "t/tce"),
    },
    "04-comparing-projects": {
        "kazakhstan_generation_twh": ("reference", "kazakhstan_generation_2023", "TWh"),
    },
    "05-atyrau-refinery": {
        "capacity_mt": ("article", "atyrau_capacity", "Mt"),
        "bbl_per_t": ("reference", "crude_bbl_per_tonne", "oil_bbl/t"),
        "gj_per_t": ("reference", "toe_definition", "GJ"),
    },
    "06-pavlodar-aluminium": {
        "capacity_t": ("article", "pavlodar_capacity", "t"),
        "kwh_per_t": ("reference", "aluminium_kwh_per_t", "kWh/t"),
        "hours_per_year": ("reference", "hours_per_year", "h"),
        "kazakhstan_generation_twh": ("reference", "kazakhstan_generation_2023", "TWh"),
    },
    "07-global-renewables-2023": {
        "additions_gw": ("article", "world_renewable_additions", "GW"),
        "china_share_lower_pct": ("article", "china_share_of_world_additions", "percent"),
        "turbine_mw": ("article", "zhanatas_turbine_capacity", "MW"),
    },
    "08-vehicles-and-trade": {
        "nev_exports_million": ("article", "nev_exports", "million"),
        "export_growth_pct": ("article", "nev_export_growth", "percent"),
        "nev_production_million": ("article", "nev_production_and_sales", "million"),
        "new_three_cny_trillion": ("article", "new_three_exports_cny", "trillion * CNY"),
        "new_three_usd_billion": ("article", "new_three_exports_usd", "billion * USD"),
        "cny_per_usd": ("reference", "cny_per_usd_2023_average", "CNY/USD"),
    },
    "09-energy-on-one-scale": {
        "world_additions_capacity_factor": ("reference", "world_additions_capacity_factor", "dimensionless"),
        "kazakhstan_generation_twh": ("reference", "kazakhstan_generation_2023", "TWh"),
        "kazakhstan_wind_mw": ("reference", "kazakhstan_wind_capacity_2024", "MW"),
        "hours_per_year": ("reference", "hours_per_year", "h"),
    },
}


def test_the_collection_has_its_notebooks():
    names = [p.stem for p in ALL]
    assert names == [
        "01-article-figures",
        "02-zhanatas-wind",
        "03-turgusun-hydro",
        "04-comparing-projects",
        "05-atyrau-refinery",
        "06-pavlodar-aluminium",
        "07-global-renewables-2023",
        "08-vehicles-and-trade",
        "09-energy-on-one-scale",
        "10-claims-audit",
        "11-units-and-pitfalls",
        "12-uncertainty-and-sensitivity",
        "13-scenarios",
    ]


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_notebook_follows_the_skeleton(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")
    assert "**Question.**" in nb.cells[0].source
    assert nb.metadata["energycoop"]["writes"], (
        "what it writes is declared in its metadata (energycoop.build.catalogue)"
    )
    assert "summary" in nb.cells[1].metadata.get("tags", []), (
        "the Summary's place stands right under the question"
    )
    code = [c for c in nb.cells[2:] if c.cell_type == "code"]
    tagged = [i for i, c in enumerate(code) if "parameters" in c.metadata.get("tags", [])]
    assert tagged == [0], "the first code cell after the Summary, and only it, is tagged parameters"
    names = papermill.inspect_notebook(str(path))
    assert {"derived_dir", "figures_dir"} <= set(names)
    # the cell after the parameters makes the notebook's step and checks every parameter through it, each
    # named once (the step refuses a parameter without a check: tests/test_step.py)
    assert f'step = Step("{path.stem}", globals()).parameters(' in code[1].source
    for name, spec in names.items():
        assert spec["help"], f"{path.name}: parameter {name} has no help comment"
        assert spec["inferred_type_name"] != "None", f"{path.name}: parameter {name} has no type hint"
        assert name in DIRECTORIES or re.search(rf"\b{name}=", code[1].source), (
            f"{path.name}: parameter {name} is not checked in the cell after the parameters"
        )
    for cell in code[2:]:
        assert ".parameters(" not in cell.source and "params." not in cell.source


@pytest.mark.parametrize("path", all_notebooks(NOTEBOOKS), ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_committed_notebook_is_executed_and_carries_no_run_metadata(path):
    nb = nbformat.read(path, as_version=4)
    assert "papermill" not in nb.metadata
    for cell in nb.cells:
        assert "papermill" not in cell.metadata and "execution" not in cell.metadata
        assert "injected-parameters" not in cell.metadata.get("tags", [])
        if cell.cell_type == "code" and cell.source.strip():
            assert cell.execution_count is not None, f"{path.name}: a code cell was saved unexecuted"
            assert all(o.output_type != "error" for o in cell.outputs)
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), "executed top to bottom in one run"


@pytest.mark.parametrize("notebook", sorted(DEFAULTS_FROM_DATA))
def test_parameter_defaults_are_the_data_values(notebook):
    tables = {"article": load_article(), "reference": load_reference()}
    declared = papermill.inspect_notebook(str(NOTEBOOKS / f"{notebook}.ipynb"))
    for name, (table, key, unit) in DEFAULTS_FROM_DATA[notebook].items():
        default = float(declared[name]["default"])
        expected = quantity(tables[table], key).to(unit).magnitude
        assert default == pytest.approx(expected, rel=1e-12), (
            f"{notebook}: {name} = {default}, data says {expected}"
        )


def _digest(paths):
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def _committed_outputs():
    return sorted((ROOT / "data" / "derived").glob("*.csv")) + sorted((ROOT / "figures").glob("*"))


def test_rerun_with_new_parameters_changes_every_dependent_number_and_writes_elsewhere(rerun_02):
    # notebook 02 executed once for the session with turbines=50, hours_per_year=8784, co2_t_per_tce=2.64 and
    # derived_dir, figures_dir inside its run directory (conftest.rerun_02)
    assert rerun_02["returncode"] == 0, rerun_02["stderr"]
    assert rerun_02["after"] == rerun_02["before"]  # the committed tables, figures and notebook 02
    out = rerun_02["out"]
    nb = nbformat.read(rerun_02["notebook"], as_version=4)

    derived = read_derived(out / "derived", "02-zhanatas-wind")

    def q(key):
        return derived_quantity(derived, key)

    assert q("zhanatas_capacity_mw").magnitude == pytest.approx(125)
    assert q("zhanatas_full_load_h").magnitude == pytest.approx(350e3 / 125)
    assert q("zhanatas_capacity_factor_pct").to("").magnitude == pytest.approx(350e3 / (125 * 8784))
    assert q("zhanatas_generation_per_turbine_gwh").magnitude == pytest.approx(7.0)
    assert q("zhanatas_co2_avoided_t").magnitude == pytest.approx(110000 * 2.64)
    assert q("zhanatas_coal_rate_gce_per_kwh").magnitude == pytest.approx(2200 / 7)  # independent of turbines
    committed = read_derived(ROOT / "data" / "derived", "02-zhanatas-wind")
    assert derived_quantity(committed, "zhanatas_capacity_mw").magnitude == pytest.approx(100)

    figures = sorted(p.name for p in (out / "figures").iterdir())
    assert figures == [
        "02-zhanatas-capacity-factor.png",
        "02-zhanatas-capacity-factor.svg",
        "02-zhanatas-coal-rate.png",
        "02-zhanatas-coal-rate.svg",
    ]
    svg = (out / "figures" / "02-zhanatas-capacity-factor.svg").read_text()
    assert "a capacity factor of 31.9%" in svg  # the figure's description, stored in its metadata
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "50 turbines of 2.50 MW make 125 MW" in text
    assert "a capacity factor of 31.9% over 8,784 h" in text


@pytest.mark.parametrize(
    "notebook, parameters, message",
    [
        (
            "02-zhanatas-wind",
            {"turbines": -3},
            "parameter turbines = -3 is not allowed: it must be a whole number greater than 0",
        ),
        (
            "02-zhanatas-wind",
            {"annual_gwh": "abc"},
            "parameter annual_gwh = 'abc' is not allowed: it must be a finite number greater than 0 (got a str)",
        ),
        (
            "02-zhanatas-wind",
            {"hours_per_year": math.nan},
            "parameter hours_per_year = nan is not allowed: it must be a finite number greater than 0",
        ),
        (
            "08-vehicles-and-trade",
            {"cny_per_usd": 0},
            "parameter cny_per_usd = 0 is not allowed: it must be a finite number greater than 0",
        ),
        (
            "08-vehicles-and-trade",
            {"export_growth_pct": -150},
            "parameter export_growth_pct = -150 is not allowed: it must be a percentage greater than -100",
        ),
        (
            "09-energy-on-one-scale",
            {"world_additions_capacity_factor": 1.5},
            "parameter world_additions_capacity_factor = 1.5 is not allowed: it must be a fraction greater than 0 and at most 1",
        ),
    ],
)
def test_bad_parameter_stops_in_the_validation_cell_and_writes_nothing(
    tmp_path, notebook, parameters, message
):
    before = _digest(_committed_outputs())
    out = tmp_path / "run"
    parameters = {**parameters, "derived_dir": str(out / "derived"), "figures_dir": str(out / "figures")}
    with pytest.raises(NotebookFailed) as caught:
        execute(NOTEBOOKS / f"{notebook}.ipynb", out / "nb.ipynb", parameters=parameters)
    assert "ParameterError: " + message in str(caught.value)
    assert "code cell 4 ('from energycoop.build.step import Step')" in str(
        caught.value
    )  # summary, injected, defaults
    assert not out.exists()
    assert _digest(_committed_outputs()) == before


def test_a_failing_notebook_is_reported_and_leaves_its_output_untouched(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell("x = 1"),
        nbformat.v4.new_code_cell("raise ValueError('broken on purpose')"),
    ]
    source = tmp_path / "99-broken.ipynb"
    nbformat.write(nb, source)
    original = source.read_bytes()
    with pytest.raises(
        NotebookFailed,
        match=r"99-broken.ipynb: code cell 2 \(.raise ValueError.*ValueError: broken on purpose",
    ):
        execute(source)
    assert source.read_bytes() == original


def test_strip_run_metadata_merges_split_streams():
    from energycoop.build.execution import strip_run_metadata

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print('a'); print('b')")
    cell.metadata["papermill"] = {"duration": 1.0}
    cell.metadata["execution"] = {"iopub.status.busy": "2026-01-01"}
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="a"),
        nbformat.v4.new_output("stream", name="stdout", text="\nb\n"),
        nbformat.v4.new_output("stream", name="stderr", text="w\n"),
    ]
    nb.cells = [cell]
    nb.metadata["papermill"] = {"start_time": "2026-01-01"}
    strip_run_metadata(nb)
    assert "papermill" not in nb.metadata and cell.metadata == {}
    assert [(o.name, o.text) for o in cell.outputs] == [("stdout", "a\nb\n"), ("stderr", "w\n")]


def test_every_notebook_path_in_the_readme_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in re.findall(r"`((?:notebooks|data|figures)/[^`*]+)`", readme):
        stem, _, braces = name.partition("{")
        for suffix in braces.rstrip("}").split(",") if braces else [""]:  # figures/x.{png,svg}
            assert (ROOT / (stem + suffix)).exists(), f"README.md names {stem + suffix}, which does not exist"
    for path in ALL:
        assert f"notebooks/{path.name}" in readme, f"README.md does not list {path.name}"


def test_every_glossary_term_is_linked_where_it_first_appears():
    import csv

    with (ROOT / "data" / "glossary.csv").open(newline="", encoding="utf-8") as handle:
        terms = list(csv.DictReader(handle))
    assert len({t["slug"] for t in terms}) == len(terms), "glossary slugs must be unique"
    for term in terms:
        nb = nbformat.read(NOTEBOOKS / f"{term['first_notebook']}.ipynb", as_version=4)
        markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        target = (
            f"#{term['slug']}"
            if term["first_notebook"] == "11-units-and-pitfalls"
            else f"11-units-and-pitfalls.ipynb#{term['slug']}"
        )
        assert f"[{term['phrase']}]({target})" in markdown, (
            f"{term['term']} is not linked in {term['first_notebook']}"
        )
    glossary_notebook = nbformat.read(NOTEBOOKS / "11-units-and-pitfalls.ipynb", as_version=4)
    rendered = "".join(
        o.get("data", {}).get("text/markdown", "")
        for c in glossary_notebook.cells
        if c.cell_type == "code"
        for o in c.outputs
    )
    for term in terms:
        assert f'<a id="{term["slug"]}"></a>' in rendered, f"{term['term']} has no anchor in the glossary"


def test_kernels_leave_avx512_aside_so_outputs_match_on_every_processor(tmp_path, monkeypatch):
    # The committed figures were drawn by numpy without AVX-512; a kernel that used it drew some antialiased
    # pixels of notebook 09's log-scale chart differently, and `make run` changed a committed file.
    monkeypatch.delenv("NPY_DISABLE_CPU_FEATURES", raising=False)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import os\nfrom numpy._core._multiarray_umath import __cpu_features__ as found\n"
            "print(os.environ.get('NPY_DISABLE_CPU_FEATURES'), found['X86_V4'], found['AVX512_ICL'])"
        )
    ]
    source = tmp_path / "99-features.ipynb"
    nbformat.write(nb, source)
    execute(source)
    printed = nbformat.read(source, as_version=4).cells[0].outputs[0]["text"].split()
    assert printed[-2:] == ["False", "False"]
    assert printed[0] == "X86_V4"
