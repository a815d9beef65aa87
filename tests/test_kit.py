"""The teacher's kit without running a notebook: where the commands may write from the clone, the class list
(names as people write them, shared seeds), whose file a learning platform's export is, the wide sheet, the
hand-back files, rescoring after marking, lost cell tags and the printed worksheet. Each test names the
defect of the teacher's review of issue 19 it reproduces."""

import csv
import io
import re
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import nbformat
import pytest
from conftest import NOTEBOOKS, ROOT

from energycoop.cli import main
from energycoop.data.paths import UnsafePath, exercise_solutions
from energycoop.teaching import gradebook as books
from energycoop.teaching import grading, notebook_grading, outputs, sheets, submissions
from energycoop.teaching.catalogue import EXERCISES, SETS
from energycoop.teaching.graded_copy import LOST_TAGS, inspect, restore_tags
from energycoop.teaching.student import student_version
from energycoop.teaching.worksheets import with_student, worksheet_html

SOLUTIONS = exercise_solutions(NOTEBOOKS)
ONE, TWO = SOLUTIONS[0].stem, SOLUTIONS[1].stem


def _cli(*argv):
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, out.getvalue(), err.getvalue()


# ------------------------------------------------------------------------------------------------
# Defect 2: the documented commands, run from the clone


def test_a_new_folder_or_file_in_the_clone_is_allowed_and_committed_files_are_not(tmp_path):
    handout = ROOT / "handout-test-kit-19"
    assert not handout.exists()
    assert outputs.output_dir(handout, "exercises") == handout  # `exercises --class roster.csv --out handout`
    assert not handout.exists()  # checking writes nothing
    submitted = tmp_path / "subs"
    submitted.mkdir()
    here = books.check_destination(
        submitted, ROOT / "gradebook-test-kit-19.csv"
    )  # `grade DIR --out gradebook.csv`
    assert here.gradebook == ROOT / "gradebook-test-kit-19.csv" and not here.gradebook.exists()
    home = books.check_destination(submitted, Path.home() / "gradebook-test-kit-19.csv")  # ~/gradebook.csv
    assert home.gradebook.parent == Path.home().resolve()
    refused = [
        (lambda: outputs.output_dir(ROOT / "data" / "handout", "exercises"), "holds committed files"),
        (lambda: outputs.output_dir(ROOT / ".git" / "handout", "exercises"), "inside .git/"),
        (lambda: outputs.output_dir(ROOT / "README.md", "exercises"), "the tracked file README.md"),
        (lambda: outputs.output_dir(ROOT / "notebooks", "exercises"), "holds committed files"),
        (lambda: outputs.output_dir(ROOT, "exercises"), "is the repository root"),
        (
            lambda: books.check_destination(submitted, ROOT / "data" / "gradebook.csv"),
            "holds committed files",
        ),
        (lambda: books.check_destination(ROOT, tmp_path / "gradebook.csv"), "holds the repository"),
        (lambda: books.check_destination(ROOT.parent, tmp_path / "gradebook.csv"), "holds the repository"),
    ]
    for call, message in refused:
        with pytest.raises(UnsafePath, match=re.escape(message)):
            call()
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    with pytest.raises(UnsafePath, match="already holds files"):
        outputs.output_dir(tmp_path / "mine", "exercises")


def test_the_sandbox_hides_a_gradebook_or_roster_in_the_clone_by_the_file_not_the_clone():
    """Hiding the clone's root (the gradebook's folder) would hide the library the kernel runs."""
    book, roster = ROOT / "gradebook.csv", ROOT / "roster.csv"
    assert grading._hidden([ROOT, book.parent], [book]) == [book]
    assert grading._hidden([ROOT.parent], [ROOT.parent / "roster.csv"]) == [ROOT.parent / "roster.csv"]
    assert grading._hidden([ROOT / "runs" / "class"], [roster]) == [ROOT / "runs" / "class"]


def test_both_commands_take_class_and_roster(tmp_path):
    missing = tmp_path / "missing.csv"
    for argv in (
        ["exercises", "--class", missing],
        ["exercises", "--roster", missing],
        ["grade", tmp_path, "--roster", missing],
        ["grade", tmp_path, "--class", missing],
    ):
        code, _, err = _cli(*argv)
        assert code == 2 and "missing.csv" in err and "cannot be read" in err, (argv, err)


def test_the_guide_says_how_to_run_the_commands_and_what_grade_writes():
    guide = (NOTEBOOKS / "exercises" / "TEACHING.md").read_text(encoding="utf-8")
    for needed in (
        ".venv/bin/energycoop exercises --class roster.csv --out handout",
        ".venv/bin/energycoop grade",
        "--roster roster.csv",
        "gradebook-students.csv",
        "gradebook-feedback/",
        "--rescore gradebook.csv",
        "bubblewrap",
        "make sandbox",
    ):
        assert needed in guide, needed
    assert "python -m energycoop" not in guide.replace(".venv/bin/python -m energycoop", "")


# ------------------------------------------------------------------------------------------------
# Defects 8 and 17: the class list and whose file is whose


def test_a_class_list_takes_names_as_people_write_them_and_warns_of_shared_seeds(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "student,seed\nAna García,5\nO'Neil,6\nben,5\nwen,7\nli.wen@school.org,8\n", encoding="utf-8"
    )
    read = submissions.read_class_list(roster, lowest_seed=1)
    assert read.students == [
        ("Ana García", 5),
        ("O'Neil", 6),
        ("ben", 5),
        ("wen", 7),
        ("li.wen@school.org", 8),
    ]
    assert len(read.warnings) == 1 and "Ana García, ben share seed 5" in read.warnings[0]
    for text, message in (
        ("student,seed\n../x,3\n", "row 2, column 'student' is '../x'"),
        ("student,seed\nAna García,3\nana garcia,4\n", "appears twice"),
        ("student,seed\nana,\n", "row 2, column 'seed' is ''"),
    ):
        roster.write_text(text, encoding="utf-8")
        with pytest.raises(submissions.RosterError, match=re.escape(message)):
            submissions.read_class_list(roster, lowest_seed=1)


STUDENT_OF = [  # (file as shown, roster ids, student or None)
    ("Wen Li_4455_assignsubmission_file_/01-power-and-energy.ipynb", ["wen", "ana"], "wen"),
    ("Wen Li_4455_assignsubmission_file_/01-power-and-energy.ipynb", ["Wen Li", "wen"], "Wen Li"),
    ("Wen Li_4455_assignsubmission_file_/01-power-and-energy.ipynb", ["4455", "ana"], "4455"),
    ("Wen Li_4455_assignsubmission_file_01-power-and-energy.ipynb", ["wen", "ana"], "wen"),
    ("dmitri_02-industry-and-trade.ipynb", ["dmitri", "ana"], "dmitri"),
    ("Dmitri-02.ipynb", ["dmitri", "ana"], "dmitri"),
    ("ana garcia/01-power-and-energy.ipynb", ["Ana García", "ben"], "Ana García"),
    ("Ana_Garcia.ipynb", ["Ana García", "ben"], "Ana García"),
    ("ana.ipynb", ["ana", "ana b"], "ana"),
    ("ana b_01-power-and-energy.ipynb", ["ana", "ana b"], "ana b"),
    ("zed.ipynb", ["ana", "ben"], None),
    ("Li Wen_99_assignsubmission_file_/x.ipynb", ["li", "li wen x"], "li"),
    ("li.wen@school.org.ipynb", ["li.wen@school.org", "li"], "li.wen@school.org"),
    ("anabelle.ipynb", ["ana", "ben"], None),
    ("ana (1).ipynb", ["ana", "ben"], "ana"),
]


@pytest.mark.parametrize(("file", "ids", "student"), STUDENT_OF)
def test_a_learning_platforms_folders_and_files_are_matched_to_the_roster(file, ids, student):
    assert submissions.student_of(file, ids)[0] == student


def test_without_a_roster_a_platforms_folder_and_a_notebook_suffix_name_the_student():
    assert (
        submissions.student_of("Wen Li_4455_assignsubmission_file_/01-power-and-energy.ipynb")[0] == "Wen Li"
    )
    assert submissions.student_of("dmitri_02-industry-and-trade.ipynb")[0] == "dmitri"
    assert submissions.student_of("ana.ipynb")[0] == "ana"


# ------------------------------------------------------------------------------------------------
# Defects 6, 7 and 10: the wide sheet and the files handed back


def _row(student, key, result, points, file="", seed=0, feedback="Right."):
    exercise = EXERCISES[key]
    return {
        "student": student,
        "file": file or f"{student}.ipynb",
        "set": exercise.set,
        "seed": seed,
        "exercise": list(EXERCISES).index(key) + 1,
        "key": key,
        "skill": exercise.skill,
        "level": exercise.level,
        "result": result,
        "points": points,
        "max_points": exercise.points,
        "answer": "3500 h",
        "feedback": feedback,
    }


def _class_rows():
    rows = []
    for key in SETS[ONE] + SETS[TWO]:  # ana hands in both notebooks, all right (open answers to mark)
        rows.append(
            _row(
                "ana",
                key,
                "to mark" if EXERCISES[key].open else "right",
                "" if EXERCISES[key].open else EXERCISES[key].points,
            )
        )
    for key in SETS[ONE]:  # wen hands in the first only
        rows.append(
            _row(
                "wen",
                key,
                "to mark" if EXERCISES[key].open else "right",
                "" if EXERCISES[key].open else EXERCISES[key].points,
            )
        )
    rows.append(
        {
            **notebook_grading._problem_row(
                grading.Submission(Path(""), "wen", "wen.ipynb"), LOST_TAGS, ONE, 0, result="flagged"
            )
        }
    )
    rows.append(
        {
            **notebook_grading._problem_row(
                grading.Submission(Path(""), "wen", "wen.ipynb"),
                "tampered seed: the roster gives seed 3",
                ONE,
                0,
                result="flagged",
            )
        }
    )
    rows.append(
        {
            **notebook_grading._problem_row(
                grading.Submission(Path(""), "", "zed.ipynb"),
                "zed.ipynb is not matched to a student on the roster",
            )
        }
    )
    rows.append(
        {
            **notebook_grading._problem_row(grading.Submission(Path(""), "carmen", ""), sheets.NO_SUBMISSION),
            "result": "not graded",
        }
    )
    return rows


def _auto_points(*sets):
    return sum(EXERCISES[k].points for s in sets for k in SETS[s] if not EXERCISES[k].open)


def _all_points(*sets):  # one denominator per notebook: its open answers count, as 0 until marked
    return sum(EXERCISES[k].points for s in sets for k in SETS[s])


def test_the_wide_sheet_counts_every_notebook_the_class_was_to_hand_in():
    columns, table = sheets.wide(_class_rows())
    by = {r["student"]: r for r in table}
    assert set(by) == {"ana", "wen", "carmen"}  # zed.ipynb matched no student: no row of its own
    ana = by["ana"]
    assert (
        ana["percent"] == f"{100 * float(ana['total']) / _all_points(ONE, TWO):.1f}" and ana["missing"] == ""
    )
    assert by["wen"]["out_of"] == str(_all_points(ONE, TWO)) and by["wen"]["missing"] == TWO
    assert by["wen"]["percent"] == f"{100 * _auto_points(ONE) / _all_points(ONE, TWO):.1f}"  # not 100.0
    assert by["carmen"]["percent"] == "0.0" and by["carmen"]["missing"] == f"{ONE}; {TWO}"
    assert "missing" in columns


def test_a_hand_back_file_shows_titles_and_never_the_teachers_notes():
    rows = _class_rows()
    wen = sheets.feedback_text("wen", [r for r in rows if r["student"] == "wen"], sheets.expected_sets(rows))
    first = SETS[ONE][0]
    assert f"## Exercise 1: {EXERCISES[first].title} (right" in wen and first not in wen.split("\n", 1)[1]
    assert "tampered" not in wen and "tags were lost" not in wen
    assert f"Not handed in (or not graded), so counted as 0 points: {TWO}.ipynb" in wen
    assert "This total is provisional" in wen and "still to be marked" in wen
    numbers = [int(n) for n in re.findall(r"^## Exercise (\d+):", wen, re.MULTILINE)]
    assert numbers == sorted(numbers) == list(range(1, len(SETS[ONE]) + 1))
    shuffled = sheets.feedback_text(
        "wen", [r for r in rows if r["student"] == "wen"][::-1], sheets.expected_sets(rows)
    )
    assert re.findall(r"^## Exercise (\d+):", shuffled, re.MULTILINE) == [str(n) for n in numbers]  # in order
    carmen = sheets.feedback_text(
        "carmen", [r for r in rows if r["student"] == "carmen"], sheets.expected_sets(rows)
    )
    assert "No notebook of yours was graded" in carmen and "Total: 0 of" in carmen


def test_a_short_open_answer_is_to_mark_and_not_counted_until_marked():
    from energycoop.teaching.checker import verdict

    result, sentence = verdict("coal_saving_claim", "It is believable.")
    assert result == "to mark" and "Your teacher marks this one" in sentence
    rows = [
        _row(
            "ana",
            k,
            "to mark" if EXERCISES[k].open else "right",
            "" if EXERCISES[k].open else EXERCISES[k].points,
        )
        for k in SETS[ONE]
    ]
    by = {r["student"]: r for r in sheets.wide(rows)[1]}
    assert by["ana"]["out_of"] == str(_all_points(ONE)) and by["ana"]["to_mark"] == 1
    assert by["ana"]["status"] == "provisional: 1 open answer still to mark"


def _write_book(path, rows):
    book = books.Gradebook(path)
    book.write(rows)
    book.close()


def test_rescore_counts_the_teachers_rubric_points_and_writes_only_new_files(tmp_path):
    path = tmp_path / "gradebook.csv"
    _write_book(path, _class_rows())
    text = path.read_text(encoding="utf-8-sig")
    reader = list(csv.DictReader(io.StringIO(text)))
    open_keys = [k for k in SETS[ONE] if EXERCISES[k].open]
    for row in reader:  # the teacher marks ana's open answer of notebook 1: 2 of 3
        if row["student"] == "ana" and row["key"] in open_keys:
            row["points"], row["answer"] = "2", "It fits:\nthe rate lies in the range."
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=books.COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(reader)
    before = path.read_bytes()
    code, _, err = _cli("grade", "--rescore", path)
    assert code == 0, err
    sheet = (tmp_path / "gradebook-marked-students.csv").read_text(encoding="utf-8-sig")
    marked = {r["student"]: r for r in csv.DictReader(io.StringIO(sheet))}
    ana_out_of = _all_points(ONE, TWO)  # notebook 2's open answer, still to mark, counts as 0 meanwhile
    assert marked["ana"]["total"] == str(_auto_points(ONE, TWO) + 2 * len(open_keys))
    assert (
        marked["ana"]["out_of"] == str(ana_out_of) and marked["ana"]["to_mark"] == "1"
    )  # notebook 2's still
    summary = {
        r["key"]: r
        for r in csv.DictReader(
            io.StringIO((tmp_path / "gradebook-marked-summary.csv").read_text(encoding="utf-8-sig"))
        )
    }
    assert (summary[open_keys[0]]["to_mark"], summary[open_keys[0]]["mean_points"]) == (
        "1",
        "2.00",
    )  # wen's still
    handed = (tmp_path / "gradebook-marked-feedback" / "ana.md").read_text(encoding="utf-8")
    assert (
        "(marked by your teacher, 2/3 points)" in handed and "It fits:\nthe rate lies in the range." in handed
    )
    assert path.read_bytes() == before
    code, _, _ = _cli("grade", "--rescore", path)  # again: new files beside, nothing written over
    assert code == 0 and (tmp_path / "gradebook-marked-2-students.csv").is_file()
    listing = sorted(p.name for p in tmp_path.iterdir())
    bad = text.replace(",to mark,,3,", ",to mark,7,3,", 1)
    assert bad != text
    path.write_text(bad, encoding="utf-8-sig")
    code, _, err = _cli("grade", "--rescore", path)
    assert (
        code == 2
        and "column 'points' is '7'" in err
        and "from 0 to 3" in err
        and "nothing was written" in err
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == listing
    code, _, err = _cli("grade", tmp_path, "--rescore", path)
    assert code == 2 and "goes alone" in err


# ------------------------------------------------------------------------------------------------
# Defect 9: cell tags lost by an editor


def _untagged(seed):
    nb = student_version(nbformat.read(SOLUTIONS[0], as_version=4), seed)
    for cell in nb.cells:
        cell.metadata.pop("tags", None)
    return nb


def test_lost_cell_tags_are_reported_as_such_not_as_tampering():
    for seed, roster_seed in ((36, 36), (36, None), (0, None)):
        nb = _untagged(seed)
        assert restore_tags(nb) == [LOST_TAGS]
        set_name, graded_seed, problems, flags = inspect(nb, None, roster_seed)
        assert (set_name, graded_seed, problems, flags) == (ONE, seed, [], []), (seed, problems, flags)
    assert restore_tags(student_version(nbformat.read(SOLUTIONS[0], as_version=4), 5)) == []
    nb = _untagged(36)
    restore_tags(nb)
    assert (
        inspect(nb, None, 37)[3] and "tampered seed" in inspect(nb, None, 37)[3][0]
    )  # a real difference still is
    gone = student_version(nbformat.read(SOLUTIONS[0], as_version=4), 36)
    gone.cells = [c for c in gone.cells if "parameters" not in c.metadata.get("tags", [])]
    flags = inspect(gone, None, 36)[3]  # never "the roster gives seed 36, the notebook says seed 36"
    assert len(flags) == 1 and flags[0].startswith(
        "the notebook's seed cells were changed (the parameters cell"
    ), flags


# ------------------------------------------------------------------------------------------------
# Defect 18: the printed worksheet


def test_a_class_worksheet_carries_the_students_id_and_never_mentions_cells_or_checks():
    nb = student_version(nbformat.read(SOLUTIONS[0], as_version=4), 12)
    page = worksheet_html(nb)
    assert "Do not change" not in page and "the checks" not in page and "seed 12" in page
    mine = with_student(page, "Ana García")
    assert "Student: <strong>Ana García</strong>" in mine and "Ana García</title>" in mine
    assert mine.count("Ana García") == 2 and len(mine) > len(page)  # the page, with the id added


# ------------------------------------------------------------------------------------------------
# The kit: lesson timings that add up, homework load


def test_the_lesson_plans_add_up_and_each_slot_holds_its_exercises():
    guide = (NOTEBOOKS / "exercises" / "TEACHING.md").read_text(encoding="utf-8")
    plan = guide[guide.index("## Lesson plan") : guide.index("## Misconceptions")]
    minutes = {i + 1: e.minutes for i, e in enumerate(EXERCISES.values())}
    lessons = re.findall(r"### Lesson \d.*?\n\n((?:\|.*\n)+)", plan)
    assert len(lessons) == 2
    for table in lessons:
        slots = re.findall(r"^\| (\d+)–(\d+) \| (.*) \|$", table, re.MULTILINE)
        assert int(slots[0][0]) == 0 and int(slots[-1][1]) == 50
        assert all(
            int(slots[i][1]) == int(slots[i + 1][0]) for i in range(len(slots) - 1)
        )  # no gap, no overlap
        for start, end, what in slots:
            named = re.search(r"Exercises? ([\d, and]+?) (?:in pairs|alone|together)", what)
            if not named:
                continue
            numbers = [int(n) for n in re.findall(r"\d+", named.group(1))]
            work = sum(minutes[n] for n in numbers)
            stated = re.search(r"= (\d+) min|\((\d+) min", what)
            if stated:
                assert int(stated.group(1) or stated.group(2)) == work, what
            assert work <= int(end) - int(start), (what, work)  # the slot holds the exercises' minutes
    loads = []
    for homework in re.findall(
        r"\*\*(?:Homework \d|Revision)[^*]*\(about (\d+) minutes\):\*\* ([^*]+)", plan
    ):
        total, text = int(homework[0]), homework[1]
        if "notebook 2" in text:  # "notebook 2 (exercises 8, 10, 11, 12 and 13)"
            numbers = [
                int(n)
                for n in re.search(r"\(exercises ([^)]*)\)", text).group(1).replace("and", ",").split(",")
            ]
        else:  # "exercises 6 (8 min), 7 (the open question, 10 min), 25 and 26 (5 min each)."
            numbers = [
                int(n) for n in re.findall(r"\d+", re.split(r"[;.]", re.sub(r"\([^)]*\)", "", text))[0])
            ]
        assert sum(minutes[n] for n in numbers) == total, text
        loads.append(total)
    stated = re.search(r"about (\d+) at home\s+\(homework 1 to 3: ([\d +]+)\), (\d+) with the revision", plan)
    assert int(stated.group(1)) == sum(loads[:3]) == sum(int(n) for n in stated.group(2).split("+"))
    assert int(stated.group(3)) == sum(loads), loads


# ------------------------------------------------------------------------------------------------
# Defect 13: a key per variant, complete


def test_each_variants_key_gives_the_rubric_numbers_of_the_open_questions_in_its_own_numbers():
    from energycoop.teaching.keys import key_answer, worked_markdown

    for seed in (0, 5, 77):
        claim = worked_markdown("coal_saving_claim", seed)
        assert f"The rubric's numbers for seed {seed}:" in claim
        assert (
            key_answer("zhanatas_coal_rate", seed) in claim
            and key_answer("zhanatas_implied_efficiency", seed) in claim
        )
        assert ("the claim fits" in claim) != ("does *not* fit" in claim)
        wind = worked_markdown("smelter_on_wind", seed)
        assert (
            key_answer("smelter_average_power", seed) in wind
            and key_answer("smelter_in_zhanatas_farms", seed) in wind
        )
        for key in ("smelter_on_wind", "audit_a_sentence"):
            assert "the chart above" not in worked_markdown(key, seed), key
    assert "296 to 333 gce/kWh" in worked_markdown("coal_saving_claim", 0)  # TEACHING's seed-0 rubric numbers
    assert "the claim fits" in worked_markdown("coal_saving_claim", 0)


def test_every_common_mistake_in_a_key_carries_its_unit():
    from energycoop.teaching.keys import worked_markdown

    for key in EXERCISES:
        text = worked_markdown(key, 5)
        line = next((x for x in text.split("\n") if x.startswith("Common mistakes: ")), None)
        if line is None:
            continue
        values = re.findall(r"(?:^Common mistakes: |\); )([^()]+?) \((a plain number)?", line)
        assert values, line
        for value, plain in values:  # "148,100 h", "63.98%", "0.1241 farms", "3.205 (a plain number, 320.5%)"
            assert re.search(r"[^\d.,\s×^-]", value) or plain, (key, value)
