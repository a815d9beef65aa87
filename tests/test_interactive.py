"""A notebook used the ordinary way: opened in any Jupyter and run, its reads visible, its edits kept.

- Which copy of an upstream table a notebook read is printed, and scratch copies computed from
  different upstream copies are never mixed silently (``energycoop.data.derived.read_upstream``).
- ``make run`` / ``make sync`` keep an edit made to either file of a notebook's pair, and stop on a
  pair edited on both sides (``energycoop.build.freshness.sync_pairs``).
"""

import json
import shutil

import jupytext
import nbformat
import pytest
from conftest import NOTEBOOKS

from energycoop.build.freshness import PairConflict, _digest, _file, source_digest, sync_pairs
from energycoop.data import derived
from energycoop.data.derived import DerivedTable, provenance_path, read_upstream
from energycoop.data.loaders import DataError
from energycoop.data.paths import DERIVED
from energycoop.quantities.units import Q_


def test_reading_the_committed_copy_says_so(capsys):
    zhanatas = read_upstream(DERIVED, "02-zhanatas-wind")
    assert "zhanatas_capacity_factor_pct" in zhanatas.index or len(zhanatas) > 5
    assert capsys.readouterr().out == (
        "Read 02-zhanatas-wind.csv from data/derived/ (the committed copy, written by `make run`).\n"
    )
    _wind, _hydro = read_upstream(DERIVED, "02-zhanatas-wind", "03-turgusun-hydro")
    assert capsys.readouterr().out == (
        "Read 02-zhanatas-wind.csv and 03-turgusun-hydro.csv from data/derived/ (the "
        "committed copies, written by `make run`).\n"
    )


def _scratch_table(directory, name, value, monkeypatch, reads=()):
    """Write table ``name`` into ``directory`` as a notebook run by hand would, after reading ``reads``."""
    monkeypatch.delenv("ENERGYCOOP_OUTPUT_DIR", raising=False)
    monkeypatch.setattr(derived, "_READ", {})
    for source_dir, upstream in reads:
        read_upstream(source_dir, upstream)
    table = DerivedTable(name)
    table.add("demo_capacity_mw", Q_(value, "MW"), "a capacity", "turbines * turbine_capacity", ["x"])
    return table.write(directory)


def test_scratch_copies_computed_from_another_upstream_are_not_mixed(tmp_path, monkeypatch, capsys):
    scratch = tmp_path / "derived"
    shutil.copy(DERIVED / "02-zhanatas-wind.csv", tmp_path / "committed-02.csv")
    # 03 run by hand against the committed 02, then 02 run by hand with other parameters
    _scratch_table(scratch, "03-turgusun-hydro", 24.9, monkeypatch, reads=[(DERIVED, "02-zhanatas-wind")])
    record = json.loads(provenance_path(scratch / "03-turgusun-hydro.csv").read_text())
    assert record["02-zhanatas-wind"]["copy"] == "the committed copy in data/derived/"
    text = (DERIVED / "02-zhanatas-wind.csv").read_text().replace("100.0,MW", "125.0,MW")
    (scratch / "02-zhanatas-wind.csv").write_text(text)
    capsys.readouterr()
    with pytest.raises(DataError) as caught:
        read_upstream(scratch, "02-zhanatas-wind", "03-turgusun-hydro")
    message = str(caught.value)
    assert (
        "03-turgusun-hydro.csv was computed from the committed copy in data/derived/ of 02-zhanatas-wind.csv"
        in message
    )
    assert "Run notebooks/03-turgusun-hydro.ipynb again" in message
    assert capsys.readouterr().out == ""  # nothing claimed as read
    # with the same 02 as the one 03 was computed from, the scratch copies agree and are read
    shutil.copy(DERIVED / "02-zhanatas-wind.csv", scratch / "02-zhanatas-wind.csv")
    read_upstream(scratch, "02-zhanatas-wind", "03-turgusun-hydro")
    out = capsys.readouterr().out
    assert "scratch copies from notebooks run by hand, not the committed ones" in out


def test_a_missing_scratch_table_never_falls_back_to_the_committed_one(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"02-zhanatas-wind.csv: file not found; .*run notebooks/02"):
        read_upstream(tmp_path, "02-zhanatas-wind")


def test_make_run_writes_no_record_beside_the_committed_tables(tmp_path, monkeypatch):
    monkeypatch.setenv("ENERGYCOOP_OUTPUT_DIR", str(tmp_path))
    monkeypatch.setattr(derived, "_READ", {"02-zhanatas-wind": {"copy": "x", "sha256": "y"}})
    table = DerivedTable("03-turgusun-hydro")
    table.add("demo_capacity_mw", Q_(1, "MW"), "a capacity", "a formula", ["x"])
    path = table.write(tmp_path / "derived")
    assert sorted(p.name for p in path.parent.iterdir()) == ["03-turgusun-hydro.csv"]


# --- edits kept, whichever file of a pair holds them ----------------------------------------------------------


@pytest.fixture
def pair(tmp_path):
    shutil.copy(NOTEBOOKS / "jupytext.toml", tmp_path / "jupytext.toml")
    for suffix in (".ipynb", ".py"):
        shutil.copy(NOTEBOOKS / f"02-zhanatas-wind{suffix}", tmp_path / f"02-zhanatas-wind{suffix}")
    path = tmp_path / "02-zhanatas-wind.ipynb"
    state = {"pairs": {}}
    sync_pairs([path], state)  # the pair as checked last
    return path, state


def _digests(path):
    return {"ipynb": source_digest(path), "py": _digest([_file(path.with_suffix(".py"))])}


def test_an_edit_to_the_text_file_reaches_the_notebook_with_its_outputs_kept(pair, capsys):
    path, state = pair
    text = path.with_suffix(".py")
    text.write_text(text.read_text().replace("turbines: int = 40", "turbines: int = 50"))
    outputs = [c.get("outputs") for c in nbformat.read(path, 4).cells if c.cell_type == "code"]
    assert sync_pairs([path], state) == [path]
    nb = nbformat.read(path, 4)
    assert (
        "turbines: int = 50" in next(c for c in nb.cells if "parameters" in c.metadata.get("tags", [])).source
    )
    assert [c.get("outputs") for c in nb.cells if c.cell_type == "code"] == outputs
    assert (
        "synced 02-zhanatas-wind.ipynb from its edited text file 02-zhanatas-wind.py"
        in capsys.readouterr().out
    )
    assert state["pairs"][next(iter(state["pairs"]))] == _digests(path)


def test_an_edit_saved_in_a_jupyter_without_jupytext_reaches_the_text_file(pair):
    path, state = pair
    nb = nbformat.read(path, 4)
    for cell in nb.cells:
        cell.source = cell.source.replace("turbines: int = 40", "turbines: int = 50")
    nbformat.write(nb, path)
    assert sync_pairs([path], state) == []  # the notebook's source is the edit: nothing to re-read into it
    assert "turbines: int = 50  #" in path.with_suffix(".py").read_text()
    assert jupytext.read(path.with_suffix(".py")).cells[2].source == nb.cells[2].source


def test_a_pair_edited_on_both_sides_is_refused_and_neither_file_changes(pair):
    path, state = pair
    nb = nbformat.read(path, 4)
    for cell in nb.cells:
        cell.source = cell.source.replace("turbines: int = 40", "turbines: int = 45")
    nbformat.write(nb, path)
    text = path.with_suffix(".py")
    text.write_text(text.read_text().replace("turbines: int = 40", "turbines: int = 50"))
    before = {p: p.read_bytes() for p in (path, text)}
    with pytest.raises(PairConflict) as caught:
        sync_pairs([path], state)
    assert "02-zhanatas-wind.ipynb and its text file" in str(caught.value)
    assert "02-zhanatas-wind.py were both edited" in str(caught.value)
    assert {p: p.read_bytes() for p in (path, text)} == before


def test_both_files_saved_together_by_jupytext_are_only_recorded(pair):
    path, state = pair
    nb = nbformat.read(path, 4)
    for cell in nb.cells:
        cell.source = cell.source.replace("turbines: int = 40", "turbines: int = 50")
    nbformat.write(nb, path)
    jupytext.write(
        nb,
        path.with_suffix(".py"),
        fmt="py:percent",
        config=jupytext.config.load_jupytext_config(str(path.parent)),
    )
    before = {p: p.read_bytes() for p in (path, path.with_suffix(".py"))}
    assert sync_pairs([path], state) == []
    assert {p: p.read_bytes() for p in (path, path.with_suffix(".py"))} == before


def test_a_file_put_back_as_committed_is_not_an_edit(clone_copy):
    """After `git checkout -- FILE` (or a pull), the file that equals git's HEAD is not the edit: the other
    file's edit is kept, and no false conflict stops the run."""
    import subprocess
    import sys

    from conftest import clone_env

    clone = clone_copy
    env = clone_env(clone)
    notebook, text = clone / "notebooks/02-zhanatas-wind.ipynb", clone / "notebooks/02-zhanatas-wind.py"

    def sync():
        return subprocess.run(
            [sys.executable, "-m", "energycoop", "sync"],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    def set_turbines(path, n):
        path.write_text(path.read_text().replace("turbines: int = 40", f"turbines: int = {n}"))

    set_turbines(text, 50)
    assert sync().returncode == 0 and "turbines: int = 50" in notebook.read_text()  # recorded at 50
    subprocess.run(["git", "checkout", "--", "notebooks"], cwd=clone, check=True)
    set_turbines(text, 45)
    result = sync()
    assert result.returncode == 0, result.stderr
    assert "turbines: int = 45" in notebook.read_text()
    # a real conflict, then the text file put back as committed: the notebook's edit wins
    set_turbines(notebook, 40)
    nb = notebook.read_text().replace("turbines: int = 45", "turbines: int = 47")
    notebook.write_text(nb)
    text.write_text(text.read_text().replace("turbines: int = 45", "turbines: int = 46"))
    refused = sync()
    assert refused.returncode == 1 and "were both edited" in refused.stderr
    assert notebook.read_text() == nb
    subprocess.run(["git", "checkout", "--", "notebooks/02-zhanatas-wind.py"], cwd=clone, check=True)
    kept = sync()
    assert kept.returncode == 0, kept.stderr
    assert "turbines: int = 47" in notebook.read_text() and "turbines: int = 47  #" in text.read_text()
