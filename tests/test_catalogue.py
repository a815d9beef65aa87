"""The declared graph: each notebook's reads and writes, the order they give, what they make
out of date, and that each declaration is what the notebook really opens."""

import subprocess
import sys

import nbformat
import pytest
from conftest import NOTEBOOKS, ROOT, clone_env, git_status

from energycoop.build import catalogue, execution, runner
from energycoop.build.catalogue import CatalogueError

ENTRIES = [catalogue.entry_of(p) for p in catalogue.all_notebooks(NOTEBOOKS)]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.name)
def test_every_notebook_declares_files_that_exist(entry):
    for path in entry.reads + entry.writes:
        assert (ROOT / path).is_file(), f"{entry.name} declares {path}, which does not exist"
    assert all(p.startswith(("data/", "figures/")) for p in entry.reads + entry.writes)
    if entry.path.parent == NOTEBOOKS:  # a numbered notebook writes its own table
        assert entry.writes_table() == f"data/derived/{entry.path.stem}.csv"


def test_the_order_puts_every_notebook_after_what_it_reads():
    ordered = [e.path.stem for e in catalogue.in_order(ENTRIES) if e.path.parent == NOTEBOOKS]
    assert (
        ordered.index("02-zhanatas-wind")
        < ordered.index("03-turgusun-hydro")
        < ordered.index("04-comparing-projects")
    )
    ups = catalogue.upstream(ENTRIES)
    assert {p.stem for p in ups[NOTEBOOKS / "04-comparing-projects.ipynb"]} == {
        "02-zhanatas-wind",
        "03-turgusun-hydro",
    }
    assert {p.stem for p in ups[NOTEBOOKS / "10-claims-audit.ipynb"]} >= {
        "02-zhanatas-wind",
        "08-vehicles-and-trade",
    }


def test_notebooks_that_read_each_other_are_refused(tmp_path):
    paths = []
    for name, other in (("98-a", "99-b"), ("99-b", "98-a")):
        nb = nbformat.v4.new_notebook()
        nb.metadata[catalogue.KEY] = {
            "reads": [f"data/derived/{other}.csv"],
            "writes": [f"data/derived/{name}.csv"],
        }
        nbformat.write(nb, tmp_path / f"{name}.ipynb")
        paths.append(tmp_path / f"{name}.ipynb")
    with pytest.raises(CatalogueError, match=r"98-a.ipynb, 99-b.ipynb: they read each other"):
        catalogue.in_order([catalogue.declaration(p) for p in paths])


def test_a_missing_or_bad_declaration_is_named(tmp_path):
    nb = nbformat.v4.new_notebook()
    nbformat.write(nb, tmp_path / "x.ipynb")
    with pytest.raises(CatalogueError, match=r"x.ipynb: its metadata has no 'energycoop' block"):
        catalogue.declaration(tmp_path / "x.ipynb")
    nb.metadata[catalogue.KEY] = {"reads": ["../../etc/passwd"], "writes": []}
    nbformat.write(nb, tmp_path / "x.ipynb")
    with pytest.raises(CatalogueError, match="give paths relative to the repository"):
        catalogue.declaration(tmp_path / "x.ipynb")


def test_the_readme_catalogue_is_the_declarations():
    readme = (ROOT / "CONTRIBUTING.md").read_text(
        encoding="utf-8"
    )  # the catalogue moved there from the README
    for entry in ENTRIES:
        if entry.path.parent != NOTEBOOKS:
            continue
        row = catalogue.readme_row(entry)
        assert row in readme, f"CONTRIBUTING.md's catalogue row for {entry.name} should end with:\n{row}"


def test_what_a_change_makes_out_of_date(clone_copy):
    clone = clone_copy
    code = """
import json, sys
from pathlib import Path
from energycoop.build import catalogue
from energycoop.build import freshness
entries = [catalogue.entry_of(p) for p in catalogue.all_notebooks()]
library = freshness.library_digest()
state = {freshness.state_key(e.path): {"inputs": freshness.input_digest(e, library), "outputs": freshness.output_digest(e)}
         for e in entries}
before = freshness.out_of_date(entries, state)
reference = Path("data/reference.csv")
text = reference.read_text()
assert "hours in one year for capacity factors,8760," in text
reference.write_text(text.replace("hours in one year for capacity factors,8760,", "hours in one year for capacity factors,8784,"))
after = freshness.out_of_date(entries, state)
print(json.dumps({"before": sorted(before), "after": {str(p.relative_to(Path.cwd())): r for p, r in after.items()}}))
"""
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=clone,
        env=clone_env(clone),
        capture_output=True,
        text=True,
        check=True,
    )
    import json

    found = json.loads(result.stdout)
    assert found["before"] == []
    readers = {e.path for e in ENTRIES if "data/reference.csv" in e.reads}
    expected = catalogue.downstream_closure(ENTRIES, readers)
    assert set(found["after"]) == {p.relative_to(ROOT).as_posix() for p in expected}
    assert "notebooks/01-article-figures.ipynb" not in found["after"]  # reads only article.csv
    assert found["after"]["notebooks/04-comparing-projects.ipynb"] == "a notebook it reads from runs again"


def test_each_declaration_is_what_the_notebook_opens(monkeypatch):
    monkeypatch.setenv("ENERGYCOOP_OUTPUT_DIR", "unused")  # execute_staged sets its own; restored after
    _, stage = runner.execute_staged(str(NOTEBOOKS / "03-turgusun-hydro.ipynb"))
    import shutil

    shutil.rmtree(stage)  # the staged outputs are not installed: nothing committed changes


def test_an_undeclared_read_fails_the_notebook(tmp_path, monkeypatch):
    nb = nbformat.read(NOTEBOOKS / "02-zhanatas-wind.ipynb", as_version=4)
    nb.metadata[catalogue.KEY]["reads"] = ["data/article.csv"]  # reference.csv left out
    nb.metadata[catalogue.KEY]["writes"] = [*nb.metadata[catalogue.KEY]["writes"][:1], "figures/never.png"]
    copy = NOTEBOOKS / "zz-declaration-test.ipynb"
    monkeypatch.setenv("ENERGYCOOP_OUTPUT_DIR", "unused")
    try:
        nbformat.write(nb, copy)
        with pytest.raises(execution.NotebookFailed) as caught:
            runner.execute_staged(str(copy))
    finally:
        copy.unlink()
    message = str(caught.value)
    assert "reads data/reference.csv without declaring it" in message
    assert "declares that it writes figures/never.png but did not" in message
    assert (
        "writes figures/02-zhanatas-capacity-factor.png, figures/02-zhanatas-capacity-factor.svg, "
        "figures/02-zhanatas-coal-rate.png, figures/02-zhanatas-coal-rate.svg without declaring it" in message
    )


def test_make_run_reruns_only_what_changed(tiny_copy):
    """On the tiny collection (``tests/tiny.py``, a fresh clone of it, outputs committed): the first
    ``make run`` executes every notebook and reproduces every committed output, the second does nothing,
    and after an edit to a data file only the notebooks downstream of it run."""
    import tiny

    def make_run(timeout):
        done = subprocess.run(
            [sys.executable, "-m", "energycoop", "run"],
            cwd=tiny_copy,
            env=tiny.environment(tiny_copy),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done

    entries = [catalogue.declaration(p) for p in catalogue.notebooks_in_order(tiny_copy / "notebooks")]
    first = make_run(300)
    assert {line.split()[1] for line in first.stdout.splitlines() if line.startswith("[")} == {
        e.path.name for e in entries
    }  # a fresh clone: every notebook runs
    assert git_status(tiny_copy) == ""  # every committed output reproduced
    again = make_run(120)
    assert "notebooks are up to date" in again.stdout, again.stdout + again.stderr
    inputs = tiny_copy / "data" / "inputs.csv"
    text = inputs.read_text(encoding="utf-8")
    assert "base,2" in text
    inputs.write_text(text.replace("base,2", "base,4"), encoding="utf-8")
    third = make_run(300)
    ran = {line.split()[1] for line in third.stdout.splitlines() if line.startswith("[")}
    readers = {e.path for e in entries if "data/inputs.csv" in e.reads}
    expected = {p.name for p in catalogue.downstream_closure(entries, readers)}
    assert ran == expected
    assert readers and set() < expected < {e.path.name for e in entries}  # some notebooks run, not all
