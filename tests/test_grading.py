"""The grader: full marks for a solved notebook, zero for an untouched one, a variant graded against its own
numbers, and every broken submission reported on its own line without stopping the others."""

import csv
import hashlib
import os
import subprocess
import sys

import nbformat
import pytest
from conftest import NOTEBOOKS, ROOT

from energycoop.data.paths import exercise_solutions, student_path
from energycoop.teaching import answer_channel, catalogue, checker, grading
from energycoop.teaching import gradebook as books
from energycoop.teaching.student import student_version

SOLUTIONS = exercise_solutions(NOTEBOOKS)
ONE, TWO = SOLUTIONS[:2]
ESSAY = (
    "The yearly totals match, but the wind varies from hour to hour while the smelter needs a steady load."
)


def _answer_cells(nb):
    return [c for c in nb.cells if "answer" in c.metadata.get("tags", [])]


def _variant_filled(seed):
    """A variant's student notebook answered with strings, as a student would type them."""
    nb = student_version(nbformat.read(TWO, as_version=4), seed)
    for cell, key in zip(_answer_cells(nb), catalogue.SETS[TWO.stem], strict=True):
        exercise = catalogue.EXERCISES[key]
        if exercise.open:
            cell.source = f'answer = """{ESSAY}"""'
        else:
            expected = exercise.expected(seed)
            words = {"lower": "at least", "upper": "at most"}.get(exercise.bound, "about")
            cell.source = f'answer = "{words} {expected.magnitude:.4g} {exercise.unit}"'.replace(
                " dimensionless", ""
            )
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    submitted = tmp_path_factory.mktemp("submitted")
    solved = nbformat.read(ONE, as_version=4)
    nbformat.write(solved, submitted / "ana.ipynb")
    nbformat.write(nbformat.read(student_path(TWO), as_version=4), submitted / "ben.ipynb")
    nbformat.write(_variant_filled(8080), submitted / "cho.ipynb")
    broken = nbformat.read(ONE, as_version=4)
    answers = _answer_cells(broken)
    answers[0].source = 'answer = (Q_(79.8, "GWh") /'  # a syntax error
    answers[1].source = "while True:\n    pass"  # an endless loop
    broken.cells = [
        c for c in broken.cells if 'check("zhanatas_coal_rate"' not in c.source
    ]  # a deleted check cell
    nbformat.write(broken, submitted / "dev.ipynb")
    tampered = nbformat.read(ONE, as_version=4)
    tampered.metadata["energycoop"]["exercises"]["seed"] = 99
    nbformat.write(tampered, submitted / "eve.ipynb")
    (submitted / "fay.txt").write_text("my answers are 37% and 3500 h\n")
    (submitted / "gus.ipynb").write_text("{not json")
    nbformat.write(nbformat.read(SOLUTIONS[2], as_version=4), submitted / "ivy.ipynb")  # bounds and verdicts
    other = nbformat.read(NOTEBOOKS / "02-zhanatas-wind.ipynb", as_version=4)
    nbformat.write(other, submitted / "hal.ipynb")
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in submitted.iterdir()}
    out = tmp_path_factory.mktemp("out") / "gradebook.csv"
    gradebook, summary, rows, table = grading.grade(submitted, out, time_limit=12, workers=2)
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in submitted.iterdir()}
    return {
        "rows": rows,
        "table": table,
        "gradebook": gradebook,
        "summary": summary,
        "before": before,
        "after": after,
    }


def _rows(graded, student):
    return [r for r in graded["rows"] if r["student"] == student]


def test_a_solved_notebook_gets_full_marks(graded):
    rows = _rows(graded, "ana")
    assert [r["key"] for r in rows] == catalogue.SETS[ONE.stem]
    for row in rows:
        assert row["result"] == ("to mark" if catalogue.EXERCISES[row["key"]].open else "right"), row
        assert row["points"] == ("" if row["result"] == "to mark" else row["max_points"])


def test_a_solved_notebook_of_bounds_and_verdicts_gets_full_marks(graded):
    rows = _rows(graded, "ivy")
    assert [r["key"] for r in rows] == catalogue.SETS[SOLUTIONS[2].stem]
    assert all(r["result"] == ("to mark" if catalogue.EXERCISES[r["key"]].open else "right") for r in rows), (
        rows
    )


def test_an_untouched_notebook_gets_zero_and_not_answered_everywhere(graded):
    rows = _rows(graded, "ben")
    assert len(rows) == len(catalogue.SETS[TWO.stem])
    assert {r["result"] for r in rows} == {"not answered"} and {r["points"] for r in rows} == {0}


def test_a_variant_is_graded_against_its_own_numbers(graded):
    rows = _rows(graded, "cho")
    assert {r["seed"] for r in rows} == {8080}
    assert [r["result"] for r in rows] == [
        "to mark" if catalogue.EXERCISES[r["key"]].open else "right" for r in rows
    ]


def test_broken_submissions_are_reported_on_their_own_line_and_the_rest_graded(graded):
    problems = {(r["student"], r["feedback"]) for r in graded["rows"] if r["result"] == "broken"}
    text = "\n".join(f"{s}: {f}" for s, f in sorted(problems))
    assert "dev: code cell 4 ('answer = (Q_(79.8, \"GWh\") /'): SyntaxError" in text
    assert "dev: code cell 6 ('while True:'): no end within the time limit of 12 s" in text
    flagged = [r["feedback"] for r in graded["rows"] if r["student"] == "dev" and r["result"] == "flagged"]
    assert any(  # a deleted check cell: graded from its answer cell, and flagged (adv18b m5)
        "check cell of exercise 3 (zhanatas_coal_rate): its check cell was deleted, so it was graded from its "
        "answer cell" in f
        for f in flagged
    ), flagged
    assert "eve: tampered seed: the metadata says seed 99, the parameters cell says 0" in text
    assert "fay: not a notebook (a .txt)" in text
    assert "gus: not a readable notebook" in text
    assert "hal: not one of the exercise notebooks" in text
    dev = {r["key"]: r for r in _rows(graded, "dev") if r["key"]}
    assert (
        dev["turgusun_capacity_factor"]["result"] == "wrong"
        and "did not run" in dev["turgusun_capacity_factor"]["feedback"]
    )
    assert dev["zhanatas_coal_rate"]["result"] == "right"
    assert "its check cell was deleted" in dev["zhanatas_coal_rate"]["feedback"]
    assert dev["world_additions_in_farms"]["result"] == "right"  # graded despite the loop above it
    assert not [r for r in _rows(graded, "eve") if r["result"] != "broken"]  # a tampered seed is not graded


def test_the_gradebook_and_summary_are_written_and_the_submissions_untouched(graded):
    assert graded["before"] == graded["after"]
    with open(graded["gradebook"], newline="", encoding="utf-8-sig") as handle:
        written = list(csv.DictReader(handle))
    assert list(written[0]) == list(books.COLUMNS) and len(written) == len(graded["rows"])
    with open(graded["summary"], newline="", encoding="utf-8-sig") as handle:
        summary = {r["key"]: r for r in csv.DictReader(handle)}
    assert set(summary) == {k for path in (ONE, TWO, SOLUTIONS[2]) for k in catalogue.SETS[path.stem]}
    first = summary["turgusun_capacity_factor"]  # ana right, dev wrong; eve is not graded
    assert (first["right"], first["wrong"], first["share_right"]) == ("1", "1", "0.50")


def test_answers_survive_the_trip_from_the_kernel():
    from energycoop.quantities.units import Q_

    for answer in (
        Q_(36.58, "percent"),
        Q_(3500, "h"),
        "about 37 %",
        None,
        ...,
        0.37,
        Q_(110301, "oil_bbl/day"),
    ):
        restored = answer_channel.restore_answer(answer_channel.describe_answer(answer))
        assert checker.verdict("turgusun_capacity_factor", restored) == checker.verdict(
            "turgusun_capacity_factor", None if answer is ... else answer
        )
    assert (
        "neither"
        in checker.verdict(
            "turgusun_capacity_factor",
            answer_channel.restore_answer(answer_channel.describe_answer(object())),
        )[1]
    )


def _cli(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "energycoop", "grade", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_bad_input_is_refused_before_anything_runs(tmp_path):
    submitted = tmp_path / "submitted"
    submitted.mkdir()
    (tmp_path / "taken.csv").write_text("a teacher's own file\n")
    cases = [
        ((tmp_path / "nowhere",), "does not exist"),
        ((tmp_path / "taken.csv",), "is a file; give a directory"),
        ((submitted, "--out", tmp_path / "taken.csv"), "already exists; grade writes only new files"),
        ((submitted, "--out", submitted / "gradebook.csv"), "inside the directory being graded"),
        ((submitted, "--out", ROOT / "data" / "gradebook.csv"), "holds committed files"),
        ((submitted, "--out", tmp_path / "gradebook.txt"), "must name a .csv file"),
        ((submitted, "--time-limit", "0"), "--time-limit '0' is not allowed"),
    ]
    for args, message in cases:
        done = _cli(*args)
        assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr, (
            args,
            done.stderr,
        )
    assert (tmp_path / "taken.csv").read_text() == "a teacher's own file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["submitted", "taken.csv"]
    assert (
        not (ROOT / "data" / "gradebook.csv").exists()
        and not (ROOT / "data" / "gradebook-summary.csv").exists()
    )


def test_the_default_output_is_a_marked_run_directory_that_only_grade_rewrites(tmp_path, monkeypatch):
    submitted = tmp_path / "class"
    submitted.mkdir()
    (submitted / "notes.md").write_text("not a notebook\n")
    runs = tmp_path / "runs"
    monkeypatch.setattr(books, "RUNS", runs)
    for _ in range(2):  # the second run rewrites its own directory
        with open(os.devnull, "w") as quiet:
            gradebook, _, rows, _ = grading.grade(submitted, time_limit=5, stream=quiet)
        assert gradebook.parent.parent == runs and (gradebook.parent / ".energycoop-output").is_file()
        assert [r["result"] for r in rows] == ["broken"]
    foreign = books.default_output(tmp_path / "other")
    foreign.mkdir(parents=True)
    (foreign / "keep.txt").write_text("mine")
    (tmp_path / "other").mkdir()
    with pytest.raises(grading.UnsafePath, match="already holds files"):
        grading.grade(tmp_path / "other", time_limit=5)
    assert (foreign / "keep.txt").read_text() == "mine"


def test_notebooks_at_seed_0_without_a_roster_are_named_in_a_warning(graded):
    """Review of issue 18 (D4): the published worked solutions (seed 0, the article's own figures) copied as a
    submission got full marks with no word, without a roster. The gradebook warns, naming the notebooks at seed
    0, once; the variant at seed 8080 is not among them (with a roster, seed 0 is refused outright)."""
    warnings = [r for r in graded["rows"] if r["result"] == "warning" and "at seed 0" in r["feedback"]]
    assert len(warnings) == 1, warnings
    said = warnings[0]["feedback"]
    assert "ana.ipynb" in said and "ivy.ipynb" in said and "cho.ipynb" not in said, said
    assert "published" in said and "--roster" in said
    with open(graded["gradebook"], newline="", encoding="utf-8-sig") as handle:
        assert any(r["result"] == "warning" and "at seed 0" in r["feedback"] for r in csv.DictReader(handle))
