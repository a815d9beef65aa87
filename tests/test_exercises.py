import nbformat
import pytest
from conftest import NOTEBOOKS

from energycoop.exercises import EXERCISES, PLACEHOLDER, student_version, verdict
from energycoop.runner import NotebookFailed, execute, exercise_solutions, student_path
from energycoop.units import Q_

SOLUTIONS = exercise_solutions(NOTEBOOKS)


def test_there_are_at_least_eight_exercises_all_in_the_notebooks():
    assert len(EXERCISES) >= 8
    used = "".join(c.source for path in SOLUTIONS for c in nbformat.read(path, as_version=4).cells)
    for key in EXERCISES:
        assert f'check("{key}"' in used, f"exercise {key} has no check cell"


@pytest.mark.parametrize("key", sorted(EXERCISES))
def test_the_right_answer_passes_and_a_wrong_one_fails(key):
    expected = EXERCISES[key].expected().to(EXERCISES[key].unit)
    assert verdict(key, expected)[0]
    right, sentence = verdict(key, expected * 1.1)
    assert not right and sentence.startswith("Wrong")
    assert not verdict(key, None)[0] and not verdict(key, ...)[0]
    assert "has no unit" in verdict(key, float(expected.magnitude))[1] or expected.dimensionless


@pytest.mark.parametrize("key", sorted(k for k, e in EXERCISES.items() if e.mistakes))
def test_known_mistakes_are_named(key):
    for why, wrong in EXERCISES[key].mistakes.items():
        right, sentence = verdict(key, wrong())
        assert not right and why in sentence


def test_wrong_dimension_and_prefix_slips_are_explained():
    assert "measured in h" in verdict("zhanatas_full_load_hours", Q_(3500, "GWh"))[1]
    assert "factor of 1000" in verdict("world_additions_gw", Q_(510, "MW"))[1]
    assert "factor of 100" in verdict("turgusun_capacity_factor", Q_(36.58, "dimensionless"))[1]
    assert verdict("turgusun_capacity_factor", Q_(36.58, "percent"))[0]  # a percentage is fine


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_student_notebooks_are_generated_from_the_solutions(solution):
    student = nbformat.read(student_path(solution), as_version=4)
    generated = student_version(nbformat.read(solution, as_version=4))
    assert [c.source for c in student.cells] == [c.source for c in generated.cells]
    assert not any("solution" in c.metadata.get("tags", []) for c in student.cells)
    assert sum(c.source == PLACEHOLDER for c in student.cells) >= 4


def _filled(solution, tmp_path, wrong_key=None):
    """The student notebook with every answer cell filled from the solution (one made wrong)."""
    source = nbformat.read(solution, as_version=4)
    student = student_version(source)
    answers = iter(c.source for c in source.cells if "answer" in c.metadata.get("tags", []))
    for index, cell in enumerate(student.cells):
        if "answer" in cell.metadata.get("tags", []):
            cell.source = next(answers)
            if wrong_key and f'check("{wrong_key}"' in student.cells[index + 1].source:
                cell.source += " * 1.1\nanswer = answer * 1.1"
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
