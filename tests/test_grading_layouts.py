"""Grading works in the layouts a teacher uses: the class list beside or above the submissions, the
gradebook inside the class folder. Folders the sandbox hides may lie inside each other (a notebook was
once marked 'killed from inside' for every student when they did), and a sandbox that cannot start stops
the grader before anything is marked or written."""

import shutil
import tempfile
from pathlib import Path

import nbformat
import pytest
from conftest import NOTEBOOKS, ROOT

from energycoop.data.paths import UnsafePath, exercise_solutions
from energycoop.teaching import grading, sandbox_setup

ONE = exercise_solutions(NOTEBOOKS)[0]


def test_nested_hidden_folders_keep_only_the_outermost(tmp_path):
    (tmp_path / "class" / "subs" / "ana").mkdir(parents=True)
    (tmp_path / "class" / "out").mkdir()
    (tmp_path / "other").mkdir()
    folders = [
        tmp_path / "class" / "subs",
        tmp_path / "class",
        tmp_path / "other",
        tmp_path / "class" / "out",
    ]
    assert sandbox_setup._outermost(folders) == [tmp_path / "class", tmp_path / "other"]
    assert sandbox_setup.preflight(folders) is None


@pytest.fixture
def in_runs():
    """A scratch folder in the checkout's ignored runs/ (a folder under /tmp would not do: the sandbox
    replaces all of /tmp, so nothing there needs hiding), removed afterwards."""
    (ROOT / "runs").mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".test-layouts-", dir=ROOT / "runs"))
    yield folder
    shutil.rmtree(folder)


def test_a_class_folder_holding_the_roster_the_submissions_and_the_gradebook(in_runs):
    if sandbox_setup.bwrap() is None:
        pytest.fail("bubblewrap is missing: run `make test` (it installs it) or `apt-get install bubblewrap`")
    lesson = in_runs / "class"
    (lesson / "subs").mkdir(parents=True)
    nbformat.write(nbformat.read(ONE, as_version=4), lesson / "subs" / "ana.ipynb")
    (lesson / "roster.csv").write_text("student,seed\nana,0\n", encoding="utf-8")
    _, _, rows, _ = grading.grade(
        lesson / "subs",
        lesson / "out" / "gradebook.csv",
        time_limit=12,
        roster=lesson / "roster.csv",
        workers=1,
    )
    marked = [r for r in rows if r["student"] == "ana"]
    assert marked and all(r["result"] in ("right", "to mark") for r in marked), marked


def test_a_sandbox_that_cannot_start_stops_the_grader_and_writes_nothing(tmp_path, monkeypatch):
    if sandbox_setup.bwrap() is None:
        pytest.fail("bubblewrap is missing: run `make test` (it installs it) or `apt-get install bubblewrap`")
    (tmp_path / "subs").mkdir()
    nbformat.write(nbformat.read(ONE, as_version=4), tmp_path / "subs" / "ana.ipynb")
    real = sandbox_setup.bwrap_command
    monkeypatch.setattr(
        sandbox_setup, "bwrap_command", lambda c, h, e: [*real(c, h, e)[: -len(c)], "--bogus-option", *c]
    )
    with pytest.raises(UnsafePath, match=r"sandbox could not start.*not a student's notebook"):
        grading.grade(tmp_path / "subs", tmp_path / "out" / "gradebook.csv", time_limit=12, workers=1)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["subs"]
    assert [p.name for p in (tmp_path / "subs").iterdir()] == ["ana.ipynb"]
    assert not Path(tmp_path / "out").exists()
