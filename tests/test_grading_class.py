"""A class, end to end, as the guide tells a teacher to run it, from the clone's root (review of issue 19,
defects 2, 6 to 10 and 17): the handout and the gradebook are new files in the clone; the class list has real
names and a shared seed; the submissions are a learning platform's export (a folder per student named
"Wen Li_4455_assignsubmission_file_", a flat file "dmitri_01-power-and-energy.ipynb"), a notebook whose cell
tags an editor dropped, a short open answer, a file of no student on the list and a student who handed in
nothing. Student code cannot read the gradebook or the class list beside it."""

import csv
import io
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest
from conftest import BATCH, NOTEBOOKS, clone_env, git_status

from energycoop.data.paths import exercise_solutions
from energycoop.teaching import sandbox_setup
from energycoop.teaching.catalogue import EXERCISES, SETS
from energycoop.teaching.keys import key_version as _key_version
from energycoop.teaching.student import student_version
from energycoop.teaching.submissions import read_class_list


def key_version(nb, seed):
    """A key's answers for ``seed``, handed in as a student's own notebook (without the key's marker, which
    grading flags: ``tests/test_grading_third.py``)."""
    filled = _key_version(nb, seed)
    filled.metadata["energycoop"]["exercises"].pop("key", None)
    return filled


ONE, TWO = exercise_solutions(NOTEBOOKS)[:2]
OPEN = next(k for k in SETS[ONE.stem] if EXERCISES[k].open)


def _probe(clone):
    """A cell a student could add: it fails if the gradebook, the class list beside it or the handout made in
    the clone (its keys) can be read (the sandbox puts an unreadable file, or an empty folder, in their place)."""
    cell = nbformat.v4.new_code_cell(
        "from pathlib import Path\n"
        f"for _p in (Path({str(clone / 'gradebook.csv')!r}), Path({str(clone / 'roster.csv')!r}),\n"
        f"           Path({str(clone / 'handout' / 'class.csv')!r})):\n"
        "    try:\n"
        "        _text = _p.read_text()\n"
        "    except OSError:\n"
        "        _text = ''\n"
        "    assert _text == '', f'{_p} can be read'"
    )
    return cell


def _answer_cells(nb):
    return [c for c in nb.cells if "answer" in c.metadata.get("tags", [])]


@pytest.fixture(scope="module")
def graded_class(pristine_clone):
    """The copy lies in the checkout's ignored runs/, not under /tmp: the sandbox replaces all of /tmp, so a
    clone there could not show its own library to the kernel. Removed afterwards."""
    from conftest import ROOT, copy_clone

    if sandbox_setup.bwrap() is None:
        pytest.fail(
            "bubblewrap is missing: run `make sandbox` (it installs it) or `apt-get install bubblewrap`"
        )
    (ROOT / "runs").mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".test-class-", dir=ROOT / "runs"))
    folder.chmod(0o755)  # the sandbox's user enters the copy's library
    try:
        yield _graded(copy_clone(pristine_clone, folder / "clone"))
    finally:
        shutil.rmtree(folder)


def _graded(clone):
    subs = clone / "subs"
    (subs / "Wen Li_4455_assignsubmission_file_").mkdir(parents=True)
    (subs / "ana garcia").mkdir()
    wen = key_version(nbformat.read(ONE, as_version=4), 5)  # every answer right, for wen's seed
    wen.cells.insert(2, _probe(clone))
    nbformat.write(wen, subs / "Wen Li_4455_assignsubmission_file_" / "01-power-and-energy.ipynb")
    dmitri = key_version(nbformat.read(ONE, as_version=4), 6)
    for cell, key in zip(_answer_cells(dmitri), SETS[ONE.stem], strict=True):
        if key == OPEN:
            cell.source = 'answer = "It is believable."'  # short, but an answer: to mark
    for cell in dmitri.cells:  # an editor that drops cell tags
        cell.metadata.pop("tags", None)
    nbformat.write(dmitri, subs / "dmitri_01-power-and-energy.ipynb")
    nbformat.write(
        key_version(nbformat.read(ONE, as_version=4), 7), subs / "ana garcia" / "01-power-and-energy.ipynb"
    )
    nbformat.write(
        student_version(nbformat.read(TWO, as_version=4), 7),
        subs / "ana garcia" / "02-industry-and-trade.ipynb",
    )
    nbformat.write(nbformat.read(ONE, as_version=4), subs / "zed.ipynb")
    (clone / "roster.csv").write_text(
        "student,seed\nAna García,7\nwen,5\ndmitri,6\ncarmen,5\n", encoding="utf-8"
    )
    (clone / "one.csv").write_text("student,seed\nAna García,7\n", encoding="utf-8")
    # the real home: the sandbox shows the Python it runs from beneath home (pyenv's /root/.pyenv), which
    # a home moved into the copy (``clone_env``) would leave behind a folder the sandbox user cannot enter
    handout, grade = _commands(
        clone,
        [
            ["exercises", "--class", "one.csv", "--out", "handout"],
            ["grade", "subs", "--out", "gradebook.csv", "--class", "roster.csv", "--time-limit", "30"],
        ],
    )
    return {"clone": clone, "handout": handout, "grade": grade}


def _commands(clone, argvs):
    done = subprocess.run(
        [sys.executable, "-c", BATCH, json.dumps(argvs)],
        cwd=clone,
        env={**clone_env(clone), "HOME": str(Path.home())},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def _csv(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_the_handout_is_made_in_a_new_folder_of_the_clone_that_git_ignores(graded_class):
    clone, done = graded_class["clone"], graded_class["handout"]
    assert done["code"] == 0, done["stderr"]
    page = (clone / "handout" / "students" / "Ana García" / "01-power-and-energy-worksheet.html").read_text()
    assert "Student: <strong>Ana García</strong>" in page and "Do not change" not in page
    assert (clone / "handout" / ".gitignore").read_text().splitlines()[-1] == "*"
    listing = clone / "handout" / "class.csv"  # opens in a spreadsheet, and serves as the class list again
    assert listing.read_bytes().startswith(b"\xef\xbb\xbf")
    assert read_class_list(listing, lowest_seed=1).students == [("Ana García", 7)]
    assert "handout" not in git_status(clone)


def test_the_gradebook_beside_the_clone_and_what_it_says(graded_class):
    clone, done = graded_class["clone"], graded_class["grade"]
    assert done["code"] == 0, done["stderr"]
    assert "share seed 5" in done["stdout"] and "--rescore gradebook.csv" in done["stdout"]
    rows = _csv(clone / "gradebook.csv")
    wen = [r for r in rows if r["student"] == "wen"]
    assert wen and not [r["feedback"] for r in wen if r["result"] in ("broken", "flagged")], [
        r["feedback"] for r in wen if r["result"] in ("broken", "flagged")
    ]  # nor the gradebook read
    assert all(r["result"] in ("right", "to mark") for r in wen if r["key"]), wen
    dmitri = [r for r in rows if r["student"] == "dmitri"]
    flags = [r["feedback"] for r in dmitri if r["result"] in ("flagged", "broken")]
    assert len(flags) == 1 and "cell tags were lost" in flags[0], flags
    assert next(r for r in dmitri if r["key"] == OPEN)["result"] == "to mark"
    assert {r["result"] for r in dmitri if r["key"] and r["key"] != OPEN} == {"right"}
    zed = [r for r in rows if r["file"] == "zed.ipynb"]
    assert [(r["student"], r["result"]) for r in zed] == [("", "broken")] and "not matched" in zed[0][
        "feedback"
    ]
    sheet = {r["student"]: r for r in _csv(clone / "gradebook-students.csv")}
    assert set(sheet) == {"Ana García", "wen", "dmitri", "carmen"}
    assert sheet["wen"]["missing"] == TWO.stem and float(sheet["wen"]["percent"]) < 100
    assert sheet["Ana García"]["missing"] == "" and sheet["carmen"]["percent"] == "0.0"
    feedback = clone / "gradebook-feedback"
    assert "No notebook of yours was graded" in (feedback / "carmen.md").read_text()
    first = SETS[ONE.stem][0]
    assert f"## Exercise 1: {EXERCISES[first].title}" in (feedback / "wen.md").read_text()
    assert "tags" not in (feedback / "dmitri.md").read_text()
    assert {line[:2] for line in git_status(clone).splitlines()} == {"??"}  # nothing committed changed
