import re

import nbformat
import pytest
from conftest import NOTEBOOKS, make_clone

from energycoop import exercises
from energycoop.exercises import (
    EXERCISES,
    OPEN_PLACEHOLDER,
    PLACEHOLDER,
    SETS,
    question_markdown,
    student_version,
    values,
    verdict,
    worksheet_html,
)
from energycoop.params import ParameterError
from energycoop.runner import NotebookFailed, execute, exercise_solutions, student_path
from energycoop.units import Q_

SOLUTIONS = exercise_solutions(NOTEBOOKS)
NUMERIC = sorted(k for k, e in EXERCISES.items() if not e.open)
PINT_INTERNALS = re.compile(r"\[(mass|length|time|currency_\w+)\]|dimensionality")


def test_every_exercise_is_in_a_notebook_in_order_with_skill_and_level():
    assert len(EXERCISES) >= 12 and sum(e.open for e in EXERCISES.values()) >= 2
    assert [k for keys in SETS.values() for k in keys] == list(EXERCISES)
    for path in SOLUTIONS:
        nb = nbformat.read(path, as_version=4)
        assert [k for _, k in exercises.checked_keys(nb)] == SETS[path.stem], f"{path.name}: check cells"
        assert exercises.exercise_block(nb) == {"set": path.stem, "seed": 0}
    assert {e.level for e in EXERCISES.values()} == {1, 2, 3}
    assert all(e.skill for e in EXERCISES.values())


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_question_cells_are_the_exercise_questions(solution):
    nb = nbformat.read(solution, as_version=4)
    questions = [c.source for c in nb.cells if "question" in c.metadata.get("tags", [])]
    assert questions == [question_markdown(k, 0) for k in SETS[solution.stem]]


@pytest.mark.parametrize("key", NUMERIC)
@pytest.mark.parametrize("seed", [0, 1, 987654])
def test_the_expected_answer_passes_and_ten_percent_off_fails(key, seed):
    expected = EXERCISES[key].expected(seed)
    assert verdict(key, expected, seed)[0] == "right"
    result, sentence = verdict(key, expected * 1.1, seed)
    assert result == "wrong" and sentence.startswith("Wrong")
    assert verdict(key, None, seed)[0] == verdict(key, ..., seed)[0] == "not answered"


@pytest.mark.parametrize("key", sorted(k for k, e in EXERCISES.items() if e.mistakes))
def test_known_mistakes_are_named(key):
    for why, wrong in EXERCISES[key].mistakes.items():
        result, sentence = verdict(key, wrong(values(0)))
        assert result == "wrong" and why in sentence


@pytest.mark.parametrize(("key", "answer", "result", "words"), [
    # the stated precision sets the tolerance; rounding the wrong way is not accepted
    ("turgusun_capacity_factor", "about 37%", "right", "36.58%"),
    ("turgusun_capacity_factor", "37.9 %", "wrong", "from the answer"),
    ("turgusun_capacity_factor", "36 %", "wrong", "one off in the last digit"),
    ("turgusun_capacity_factor", "40 %", "wrong", "Too rough"),
    ("turgusun_capacity_factor", "0.366", "right", "Right"),
    ("turgusun_capacity_factor", "37", "wrong", "factor of 100"),
    ("turgusun_capacity_factor", Q_(37, "percent"), "right", "Right"),
    ("turgusun_capacity_factor", Q_(38, "percent"), "wrong", "Wrong"),
    ("zhanatas_coal_rate", "314 gce/kWh", "right", "Right"),
    ("zhanatas_coal_rate", "314 g/kWh", "wrong", "is a mass per energy; the answer is an energy ratio"),
    ("zhanatas_coal_rate", "314", "wrong", "has no unit"),
    ("nev_exports_2022", "0.68 million", "right", "Right"),
    ("nev_exports_2022", "680,000 vehicles", "right", "Right"),
    ("nev_exports_2022", "0.67 million", "wrong", "Wrong"),
    ("new_three_rate", "7.3 CNY/USD", "right", "Right"),
    ("new_three_rate", "7.3 yuan per dollar", "right", "Right"),
    ("new_three_rate", "7.3 USD/CNY", "wrong", "upside down"),
    ("smelter_in_zhanatas_farms", "9 farms", "right", "Right"),
    ("smelter_in_zhanatas_farms", "10 farms", "wrong", "Too rough"),
    ("smelter_in_zhanatas_farms", "9 potatoes", "wrong", "cannot read 'potatoes' as a unit"),
    ("zhanatas_coal_energy", "3.2 PJ", "right", "Right"),
    ("zhanatas_coal_energy", "3.2 PW", "wrong", "is a power; the answer is an energy in PJ"),
    ("zhanatas_full_load_hours", "3,500 hours a year", "right", "Right"),
    ("zhanatas_full_load_hours", "3500 GWh", "wrong", "is an energy; the answer is a time in h"),
    ("zhanatas_full_load_hours", 3500.0, "wrong", "has no unit"),
    ("atyrau_barrels_per_day", "110,000 barrels a day", "right", "Right"),
    ("atyrau_barrels_per_day", "about 110,300 bbl/d", "right", "Right"),
    ("atyrau_barrels_per_day", Q_(110301, "bbl/day"), "wrong", "31.5 gallons"),
    ("world_additions_gw", "510 MW", "wrong", "factor of 1000"),
    ("world_additions_gw", "0.51 TW", "right", "Right"),
    ("china_additions_lower_bound", "at least 255 GW", "right", "Right"),
    ("zhanatas_full_load_hours", "hello", "wrong", "does not start with a number"),
    ("zhanatas_full_load_hours", [3500], "wrong", "neither a number with a unit nor a string"),
    ("coal_saving_claim", "It fits.", "wrong", "Too short"),
    ("coal_saving_claim", "314 gce/kWh is a little above the 300 to 305 of Chinese plants, so the claim fits.",
     "to mark", "teacher marks"),
    ("smelter_on_wind", "", "not answered", "Not answered"),
])
def test_answers_are_read_and_explained_in_plain_words(key, answer, result, words):
    got, sentence = verdict(key, answer)
    assert (got, words in sentence) == (result, True), sentence
    assert not PINT_INTERNALS.search(sentence), sentence


@pytest.mark.parametrize("key", NUMERIC)
def test_no_wrong_dimension_message_shows_pint_internals(key):
    for unit in ("t", "GWh", "MW", "h", "CNY", "kg/m**2", "m**3/s", "USD*t"):
        sentence = verdict(key, Q_(3, unit))[1]
        assert not PINT_INTERNALS.search(sentence), sentence


def test_variants_are_reproducible_differ_and_keep_definitions():
    assert values(0)["turgusun_capacity"] == Q_(24.9, "MW")
    one, again, other = values(17), values(17), values(18)
    assert one == again and one["turgusun_capacity"] != other["turgusun_capacity"]
    assert one["tce_definition"] == values(0)["tce_definition"]
    assert float(one["zhanatas_turbines"].magnitude).is_integer()
    rate = (one["new_three_exports_cny"] / one["new_three_exports_usd"]).to("CNY/USD").magnitude
    assert 7.0 < rate < 7.6  # the two amounts move together
    for seed in range(1, 60):  # every variant is physically possible
        for key in NUMERIC:
            assert EXERCISES[key].expected(seed).magnitude > 0
    for bad in (-1, 1.5, "3", True, 2**31):
        with pytest.raises(ParameterError, match="seed"):
            values(bad)


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_student_notebooks_are_generated_from_the_solutions(solution):
    student = nbformat.read(student_path(solution), as_version=4)
    generated = student_version(nbformat.read(solution, as_version=4))
    assert [c.source for c in student.cells] == [c.source for c in generated.cells]
    assert not any("solution" in c.metadata.get("tags", []) for c in student.cells)
    placeholders = [c.source for c in student.cells if "answer" in c.metadata.get("tags", [])]
    assert set(placeholders) <= {PLACEHOLDER, OPEN_PLACEHOLDER} and len(placeholders) == len(SETS[solution.stem])
    assert student.metadata["energycoop"]["exercises"] == {"set": solution.stem, "seed": 0}


def test_a_variant_writes_its_numbers_seed_and_expected_answers():
    solution = nbformat.read(SOLUTIONS[0], as_version=4)
    variant = student_version(solution, 4321)
    text = "\n".join(c.source for c in variant.cells)
    assert variant.metadata["energycoop"]["exercises"]["seed"] == 4321
    assert "seed: int = 4321" in text and "**Variant: seed 4321.**" in text
    capacity = exercises.shown("turgusun_capacity", values(4321)["turgusun_capacity"])
    assert capacity in text and capacity != "24.9 MW"
    expected = EXERCISES["turgusun_capacity_factor"].expected(4321)
    assert verdict("turgusun_capacity_factor", expected, 4321)[0] == "right"
    assert verdict("turgusun_capacity_factor", EXERCISES["turgusun_capacity_factor"].expected(0), 4321)[0] == "wrong"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_worksheet_is_printable_html_with_every_question(solution):
    nb = student_version(nbformat.read(solution, as_version=4), 99)
    page = worksheet_html(nb)
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page and "break-inside: avoid" in page
    assert page.count('class="exercise"') == len(SETS[solution.stem])
    assert "seed 99" in page and "<script" not in page
    for key in SETS[solution.stem]:
        assert f'id="{key}"' in page
    assert "Answer: " not in page.split("</h1>")[0]
    keyed = worksheet_html(nb, answers=True)
    numeric = [k for k in SETS[solution.stem] if not EXERCISES[k].open]
    assert keyed.count('class="key"') == len(SETS[solution.stem]) and numeric
    with pytest.raises(ValueError, match="not one of the exercise notebooks"):
        worksheet_html(nbformat.v4.new_notebook())


def _filled(solution, tmp_path, wrong_key=None):
    """The student notebook with every answer cell filled from the solution (one made wrong)."""
    source = nbformat.read(solution, as_version=4)
    student = student_version(source)
    answers = iter(c.source for c in source.cells if "answer" in c.metadata.get("tags", []))
    for index, cell in enumerate(student.cells):
        if "answer" in cell.metadata.get("tags", []):
            cell.source = next(answers)
            if wrong_key and f'check("{wrong_key}"' in student.cells[index + 1].source:
                cell.source += "\nanswer = answer * 1.1"
    path = tmp_path / solution.name
    nbformat.write(student, path)
    return path


def test_a_filled_student_notebook_passes_strict_and_a_wrong_answer_fails_it(tmp_path):
    solution = SOLUTIONS[0]
    execute(_filled(solution, tmp_path), tmp_path / "right.ipynb", parameters={"strict": True})
    with pytest.raises(NotebookFailed, match=r"WrongAnswer: exercise zhanatas_coal_rate: Wrong: 345.7 gce/kWh"):
        execute(_filled(solution, tmp_path, "zhanatas_coal_rate"), tmp_path / "wrong.ipynb", parameters={"strict": True})


def test_an_unanswered_student_notebook_fails_strict(tmp_path):
    with pytest.raises(NotebookFailed, match="Not answered yet"):
        execute(student_path(SOLUTIONS[1]), tmp_path / "empty.ipynb", parameters={"strict": True})


def test_the_variant_command_writes_only_where_it_may(tmp_path):
    import subprocess
    import sys

    from conftest import clone_env, git_status

    clone = make_clone(tmp_path / "clone")
    env = clone_env(clone)

    def run(*args):
        return subprocess.run([sys.executable, "-m", "energycoop", "exercises", *args], cwd=clone, env=env,
                              capture_output=True, text=True, timeout=120, check=False)

    done = run("--variant", "77")
    assert done.returncode == 0, done.stderr
    out = clone / "runs" / "exercises-variant-77"
    written = sorted(p.name for p in out.iterdir())
    assert written == [".energycoop-output", "01-power-and-energy-worksheet.html", "01-power-and-energy.ipynb",
                       "02-industry-and-trade-worksheet.html", "02-industry-and-trade.ipynb"]
    nb = nbformat.read(out / "01-power-and-energy.ipynb", as_version=4)
    assert nb.metadata["energycoop"]["exercises"]["seed"] == 77
    assert run("--variant", "77").returncode == 0  # its own directory: rewritten
    (clone / "mine").mkdir()
    (clone / "mine" / "notes.txt").write_text("keep me")
    for args, message in ((["--variant", "0"], "--variant '0' is not allowed"),
                          (["--variant", "x1"], "is not allowed: give a whole number"),
                          (["--variant", "5", "--out", "notebooks/exercises"], "holds committed files"),
                          (["--variant", "5", "--out", "mine"], "already holds files"),
                          (["--out", "elsewhere"], "--out is for --variant")):
        refused = run(*args)
        assert refused.returncode == 2 and message in refused.stderr and "Traceback" not in refused.stderr, \
            refused.stderr
    assert (clone / "mine" / "notes.txt").read_text() == "keep me"
    assert git_status(clone) == "?? mine/\n"
