"""Answers of another variant, across a small class (issue 19, review finding 19): ``grade`` hands the judge the
seeds of every student of the class (from the roster, or else from the submitted notebooks), so that a wrong
answer that is another student's variant's answer, or the article's own (seed 0), is flagged for the teacher as
"matches variant K's answer", naming whose variant it is, and never said in the student's hand-back file."""

import csv

import nbformat
import pytest
from conftest import NOTEBOOKS

from energycoop.data.paths import exercise_solutions
from energycoop.teaching import grading
from energycoop.teaching.catalogue import EXERCISES, SETS, number_of
from energycoop.teaching.checker import matched_variants, verdict
from energycoop.teaching.keys import key_answer
from energycoop.teaching.student import student_version

TWO = exercise_solutions(NOTEBOOKS)[1]
ROSTER = {"ana": 11, "ben": 12, "cho": 13, "dan": 14, "eve": 15}  # dan hands in nothing
ESSAY = (
    "The yearly totals match, but the wind varies from hour to hour while the smelter needs a steady load."
)


def _filled(seed: int, answers_of: int):
    """The student notebook of variant ``seed`` answered with the key's answers of variant ``answers_of``."""
    nb = student_version(nbformat.read(TWO, as_version=4), seed)
    cells = [c for c in nb.cells if "answer" in c.metadata.get("tags", [])]
    for cell, key in zip(cells, SETS[TWO.stem], strict=True):
        answer = ESSAY if EXERCISES[key].open else key_answer(key, answers_of)
        cell.source = f"answer = {answer!r}"
    return nb


def _copied(seed: int, source: int, others) -> list[str]:
    """The exercises whose answer, copied from variant ``source`` into variant ``seed``, is wrong and is
    ``source``'s (worked out with the checker itself, in this process)."""
    return [
        k
        for k in SETS[TWO.stem]
        if not EXERCISES[k].open
        and not EXERCISES[k].is_choice
        and source in matched_variants(k, key_answer(k, source), seed, others)
    ]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    submitted = tmp_path_factory.mktemp("class")
    nbformat.write(_filled(11, 11), submitted / "ana.ipynb")  # her own answers
    nbformat.write(_filled(12, 11), submitted / "ben.ipynb")  # ana's answers in ben's variant
    nbformat.write(
        _filled(13, 0), submitted / "cho.ipynb"
    )  # the article's own answers (the committed notebooks)
    nbformat.write(
        _filled(15, 14), submitted / "eve.ipynb"
    )  # the answers of dan's variant (dan handed nothing in)
    roster = tmp_path_factory.mktemp("roster") / "roster.csv"
    roster.write_text("student,seed\n" + "".join(f"{s},{k}\n" for s, k in ROSTER.items()), encoding="utf-8")
    out = tmp_path_factory.mktemp("out") / "gradebook.csv"
    gradebook, _, rows, _ = grading.grade(submitted, out, time_limit=30, workers=2, roster=roster)
    return {
        "rows": rows,
        "gradebook": gradebook,
        "submitted": submitted,
        "out": tmp_path_factory.mktemp("out2"),
    }


def _flags(rows, student):
    return [r["feedback"] for r in rows if r["student"] == student and r["result"] == "flagged"]


def test_a_copy_of_a_classmates_variant_is_flagged_with_whose_it_is(graded):
    others = (0, *ROSTER.values())
    copied = _copied(12, 11, others)
    assert len(copied) >= 3, copied  # the class's variants differ enough for a copy to show
    flags = [f for f in _flags(graded["rows"], "ben") if f.startswith("matches variant 11's answer")]
    assert len(flags) == 1, _flags(graded["rows"], "ben")
    assert "(ana's variant)" in flags[0] and "not this notebook's variant 12" in flags[0]
    for key in copied:
        assert f"{number_of(key)} ({key})" in flags[0], (key, flags[0])
    ben = {r["key"]: r for r in graded["rows"] if r["student"] == "ben" and r["key"]}
    for key in copied:
        assert ben[key]["result"] == "wrong" and ben[key]["points"] == 0
        assert "variant 11" not in ben[key]["feedback"], ben[key]["feedback"]  # the student's feedback


def test_a_copy_of_the_variant_of_a_student_who_handed_in_nothing_is_flagged(graded):
    flags = [f for f in _flags(graded["rows"], "eve") if f.startswith("matches variant 14's answer")]
    assert len(flags) == 1 and "(dan's variant)" in flags[0], _flags(graded["rows"], "eve")


def test_the_articles_own_answers_are_flagged_as_variant_0(graded):
    flags = [f for f in _flags(graded["rows"], "cho") if f.startswith("matches variant 0's answer")]
    assert len(flags) == 1 and "the article's own figures" in flags[0], _flags(graded["rows"], "cho")
    for key in _copied(13, 0, (0, *ROSTER.values())):
        row = next(r for r in graded["rows"] if r["student"] == "cho" and r["key"] == key)
        assert row["result"] == "wrong"


def test_a_student_with_her_own_answers_is_not_flagged(graded):
    assert not [f for f in _flags(graded["rows"], "ana") if "matches variant" in f]
    ana = [r for r in graded["rows"] if r["student"] == "ana" and r["key"]]
    assert {r["result"] for r in ana} == {"right", "to mark"}


def test_the_flag_is_in_the_gradebook_and_never_in_the_hand_back_files(graded):
    with open(graded["gradebook"], newline="", encoding="utf-8-sig") as handle:
        written = [r["feedback"] for r in csv.DictReader(handle) if r["result"] == "flagged"]
    assert sum(f.startswith("matches variant") for f in written) == 3
    folder = graded["gradebook"].with_name("gradebook-feedback")
    for student in ("ana", "ben", "cho", "eve"):
        text = (folder / f"{student}.md").read_text(encoding="utf-8")
        assert "matches variant" not in text and "variant 11" not in text and "variant 14" not in text, (
            student
        )
    with open(
        graded["gradebook"].with_name("gradebook-students.csv"), newline="", encoding="utf-8-sig"
    ) as handle:
        wide = {r["student"]: r for r in csv.DictReader(handle)}
    assert int(wide["ben"]["problems"]) >= 1 and int(wide["ana"]["problems"]) == 0


def test_without_a_roster_the_seeds_come_from_the_submissions(graded):
    out = graded["out"] / "gradebook.csv"
    _, _, rows, _ = grading.grade(graded["submitted"], out, time_limit=30, workers=2)
    flags = [f for f in _flags(rows, "ben") if f.startswith("matches variant 11's answer")]
    assert len(flags) == 1 and "(ana's variant)" in flags[0], _flags(rows, "ben")
    assert not [f for f in _flags(rows, "eve") if "variant 14" in f]  # dan's seed is on no submission


def test_a_rough_or_chance_match_is_not_taken_for_a_copy():
    key = "smelter_in_zhanatas_farms"
    seeds = tuple(range(1, 40))
    chance = next(s for s in seeds if verdict(key, "9 farms", s)[0] == "right")
    mine = next(
        s
        for s in seeds
        if verdict(key, "9 farms", s)[0] == "wrong" and "farms" in verdict(key, "9 farms", s)[1]
    )
    assert chance != mine and matched_variants(key, "9 farms", mine, seeds) == []  # one figure: chance
    assert (
        matched_variants(key, key_answer(key, chance), mine, seeds)[:1] == [chance]
        or verdict(key, key_answer(key, chance), mine)[0] == "right"
    )
    assert matched_variants(key, key_answer(key, mine), mine, seeds) == []  # right for its own variant
    assert matched_variants("verdict_coal_rate", "compatible", mine, seeds) == []  # a verdict: never
    assert matched_variants(key, "not a number", mine, seeds) == []


def test_the_guide_reports_the_measured_detection():
    """TEACHING.md's figures for copied answers, measured again: seeds 1 to 30, the students of seeds 1 to 10
    each handing in the key's answers of the next seed."""
    from energycoop.data.paths import ROOT

    seeds = list(range(1, 31))
    copies = flagged = own = 0
    for seed in seeds[:10]:
        others = tuple(k for k in [0, *seeds] if k != seed)
        source = seed + 1
        for key, exercise in EXERCISES.items():
            if exercise.open or exercise.is_choice:
                continue
            own += bool(matched_variants(key, key_answer(key, seed), seed, others))
            copied = key_answer(key, source)
            if verdict(key, copied, seed)[0] == "right":
                continue
            copies += 1
            flagged += source in matched_variants(key, copied, seed, others)
    guide = " ".join((ROOT / "notebooks/exercises/TEACHING.md").read_text(encoding="utf-8").split())
    assert own == 0
    assert (
        f"of {copies} copied answers that are wrong for the student, {flagged} are flagged with the variant they "
        f"came from (the other {copies - flagged} have"
    ) in guide
