"""The exercises file (notebooks/exercises/exercises.toml) and its checks: the committed file loads into the 30
exercises; a mistake in it is named with the file, the line, the exercise and the field; an exercise added to
it needs no Python. Every case edits a copy of the text in memory (``exercise_file.parse``): nothing on disk changes."""

import hashlib
import re

import pytest

from energycoop.data.paths import EXERCISE_FILE
from energycoop.teaching import exercise_file
from energycoop.teaching.catalogue import EXERCISES, SETS
from energycoop.teaching.exercise_file import ExerciseFileError, parse
from energycoop.teaching.registry import chart, chooser, mistake, solver

TEXT = EXERCISE_FILE.read_text(encoding="utf-8")
SOURCE = "notebooks/exercises/exercises.toml"
BEFORE = hashlib.sha256(EXERCISE_FILE.read_bytes()).hexdigest()


def line_of(text: str, fragment: str) -> int:
    """The line number of the first line of ``text`` that holds ``fragment``."""
    return next(n for n, line in enumerate(text.splitlines(), start=1) if fragment in line)


def field_line(text: str, number: int) -> int:
    """The line where the field or table holding line ``number`` begins (a long text spans lines)."""
    lines = text.splitlines()
    while not re.match(r"""(\[|[A-Za-z_"'][^=]* = )""", lines[number - 1]):
        number -= 1
    return number


def edited(old: str, new: str, count: int = 1) -> str:
    assert old in TEXT, old
    return TEXT.replace(old, new, count)


def error_of(text: str) -> str:
    with pytest.raises(ExerciseFileError) as caught:
        parse(text, SOURCE)
    return str(caught.value)


def test_the_committed_file_holds_the_thirty_exercises_in_their_sets():
    assert len(EXERCISES) == 30 and list(SETS) == [
        "01-power-and-energy",
        "02-industry-and-trade",
        "03-reading-claims",
        "04-energy-units-and-charts",
    ]
    assert [len(keys) for keys in SETS.values()] == [7, 6, 9, 8]
    assert [k for keys in SETS.values() for k in keys] == list(EXERCISES)
    exercises, sets = parse(TEXT, SOURCE)
    assert list(exercises) == list(EXERCISES) and list(sets) == list(SETS)


def test_every_registered_function_is_used_by_an_exercise():
    used = {
        "solver": {e.solve for e in EXERCISES.values()},
        "chooser": {e.choose for e in EXERCISES.values()},
        "chart": {e.chart for e in EXERCISES.values()},
        "mistake": {f for e in EXERCISES.values() for f in e.mistakes.values()},
    }
    for registry in (solver, chooser, chart, mistake):
        unused = [name for name, function in registry.items() if function not in used[registry.kind]]
        assert not unused, f"{registry.kind}s no exercise names: {unused}"


@pytest.mark.parametrize(
    ("case", "old", "new", "field", "says"),
    [
        (
            "bad value",
            'skill = "rates in coal equivalent"\nlevel = 2',
            'skill = "rates in coal equivalent"\nlevel = 4',
            "level",
            "4 is not allowed: write a whole number from 1 to 3",
        ),
        (
            "bad type",
            'skill = "capacity factor"\nlevel = 2',
            'skill = "capacity factor"\nlevel = "two"',
            "level",
            "'two' is not allowed: write a whole number from 1 to 3",
        ),
        ("bad unit", 'unit = "h"\n', 'unit = "hourz"\n', "unit", "unit 'hourz' is not a unit pint knows"),
        (
            "unknown field",
            'skill = "capacity factor"\nlevel = 2\nminutes = 5',
            'skill = "capacity factor"\nlevel = 2\nminuts = 5',
            "minuts",
            "'minuts' is not a field of an exercise (did you mean 'minutes'?)",
        ),
        (
            "unknown solver",
            'solver = "new_three_rate"',
            'solver = "new_three_rates"',
            "solver",
            "'new_three_rates' is not a solver of the collection (did you mean 'new_three_rate'?)",
        ),
        (
            "unknown mistake",
            'name = "dollars_over_yuan"',
            'name = "dollars_per_yuan"',
            "mistake",
            "'dollars_per_yuan' is not a mistake of the collection (did you mean 'dollars_over_yuan'?)",
        ),
        (
            "unknown chart",
            'chart = "log_scale"',
            'chart = "logscale"',
            "chart",
            "'logscale' is not a chart of the collection (did you mean 'log_scale'?)",
        ),
        (
            "unknown set",
            'key = "nev_exports_2022"\nset = "02-industry-and-trade"',
            'key = "nev_exports_2022"\nset = "02-trade"',
            "set",
            "'02-trade' is not one of the sets (01-power-and-energy, 02-industry-and-trade",
        ),
        (
            "unknown input",
            "{turgusun_capacity} installed",
            "{turgusun_capasity} installed",
            "question",
            "{turgusun_capasity} names no input: an input is an id of data/article.csv or data/reference.csv",
        ),
        (
            "unknown part",
            "{zhanatas_coal_saved:low} to",
            "{zhanatas_coal_saved:lowest} to",
            "hints",
            "'lowest' is not a part of an input",
        ),
        (
            "one hint",
            '  "First find the capacity of the whole farm, not of one turbine.",\n',
            "",
            "hints",
            "is not allowed: write a list of at least 2 texts in quotes",
        ),
        (
            "two kinds",
            'solver = "turgusun_capacity_factor"',
            'solver = "turgusun_capacity_factor"\nrubric_points = 2',
            "rubric_points",
            "an exercise has exactly one of 'solver' (a numeric answer), 'choose' (a verdict) and 'rubric",
        ),
        (
            "a numeric field on an open question",
            "rubric_points = 3\n",
            "rubric_points = 3\nmin_sig = 3\n",
            "min_sig",
            "'min_sig' is only for a numeric answer (one with 'solver'); this exercise has 'rubric_points'",
        ),
        (
            "an unknown verdict",
            '"bound confirmed" = ',
            '"bound confirmd" = ',
            "wrong_choices",
            "'bound confirmd' is not one of the options (confirmed, confirmed within rounding, bound confirmed",
        ),
        (
            "a step naming no input",
            'numbers = "{turgusun_annual_generation} ÷ ({turgusun_capacity} × {hours_per_year})"',
            'numbers = "{turgusun_annual_generatio} ÷ ({turgusun_capacity} × {hours_per_year})"',
            "step",
            "{turgusun_annual_generatio} names no input",
        ),
        (
            "a step that is not a computation",
            'numbers = "{turgusun_annual_generation} ÷ ({turgusun_capacity} × {hours_per_year})"',
            "numbers = \"__import__('os')\"",
            "step",
            "is not allowed in a computation",
        ),
        (
            "a step adding unlike quantities",
            'numbers = "{turgusun_annual_generation} ÷ ({turgusun_capacity} × {hours_per_year})"',
            'numbers = "{turgusun_annual_generation} + {turgusun_capacity}"',
            "step",
            "cannot be worked out with the figures",
        ),
        (
            "a last step that does not give the answer's kind",
            'numbers = "{=coal} ÷ {=electricity}"',
            'numbers = "{=coal} × {=electricity}"',
            "step",
            "not a quantity in gce/kWh",
        ),
        (
            "a mistake with an extra field",
            'name = "energy_over_capacity"\n',
            'name = "energy_over_capacity"\nwhy = "x"\n',
            "mistake",
            "a [[exercise.mistake]] has the fields 'name' and 'says'",
        ),
    ],
)
def test_a_mistake_in_the_file_is_named_with_its_line_exercise_and_field(case, old, new, field, says):
    text = edited(old, new)
    message = error_of(text)
    changed = (
        next(line for line in new.splitlines() if line and line not in old.splitlines())
        if new.strip()
        else None
    )
    assert message.startswith(f"{SOURCE}, line "), message
    line = int(re.match(rf"{re.escape(SOURCE)}, line (\d+)", message).group(1))
    if changed:
        assert line == field_line(text, line_of(text, changed)), (case, message)
    assert f"field {field!r}: " in message and says in message, message
    key = re.search(r"exercise '(\w+)'", message).group(1)
    assert key in EXERCISES and line > line_of(text, f'key = "{key}"'), message


def test_a_duplicate_key_names_both_lines():
    text = edited('key = "zhanatas_full_load_hours"', 'key = "turgusun_capacity_factor"')
    first, second = [
        n for n, line in enumerate(text.splitlines(), start=1) if line == 'key = "turgusun_capacity_factor"'
    ]
    assert error_of(text) == (
        f"{SOURCE}, line {second}: exercise 'turgusun_capacity_factor', field 'key': "
        f"'turgusun_capacity_factor' is the key of an exercise already (line {first}); each "
        "exercise has its own key"
    )


def test_a_missing_field_is_named_at_its_exercise():
    text = edited('unit = "h"\nsolver = "zhanatas_full_load_hours"', 'solver = "zhanatas_full_load_hours"')
    assert error_of(text).endswith(
        "exercise 'zhanatas_full_load_hours', field 'unit': the field 'unit' is missing; a "
        "numeric answer (one with 'solver') is compared in a unit, such as \"GWh\" or "
        '"dimensionless"'
    )
    header = line_of(text, 'key = "zhanatas_full_load_hours"') - 1
    text = edited(
        'key = "zhanatas_coal_rate"\nset = "01-power-and-energy"\ntitle = "The coal rate behind the coal saved"\n',
        'key = "zhanatas_coal_rate"\nset = "01-power-and-energy"\n',
    )
    header = line_of(text, 'key = "zhanatas_coal_rate"') - 1
    assert error_of(text) == (
        f"{SOURCE}, line {header}: exercise 'zhanatas_coal_rate', field 'title': the field "
        "'title' is missing; every exercise has key, set, title, question, skill, level, "
        "minutes, hints"
    )


def test_a_file_that_is_not_toml_says_where():
    text = edited("level = 2\nminutes = 5\n", "level = 2\nlevel = 3\nminutes = 5\n")
    line = line_of(text, "level = 3")
    assert error_of(text).startswith(
        f"{SOURCE}, line {line} (exercise 'turgusun_capacity_factor'): not valid TOML: "
        "Cannot overwrite a value"
    )


def test_a_file_that_cannot_be_read_is_named(tmp_path):
    missing = tmp_path / "exercises.toml"
    with pytest.raises(ExerciseFileError, match=r"exercises\.toml: the exercises file cannot be read"):
        exercise_file.load(missing)
    missing.write_bytes(b"\xff\xfe[[set]]")
    with pytest.raises(ExerciseFileError, match="cannot be read as UTF-8 text"):
        exercise_file.load(missing)


def test_an_exercise_added_to_the_file_needs_no_python():
    """A new exercise (an existing solver, a new question and set) is read, checked and numbered in its set."""
    new = """
[[exercise]]
key = "turgusun_in_percent"
set = "01-power-and-energy"
title = "Turgusun's capacity factor, in percent"
skill = "capacity factor"
level = 1
minutes = 3
question = \'\'\'
Turgusun has {turgusun_capacity} and generates {turgusun_annual_generation} a year.
What is its capacity factor, in percent?
\'\'\'
hints = ["Energy made over energy at full power all year.", "CF = energy ÷ (capacity × 8,760 h)."]
unit = "percent"
solver = "turgusun_capacity_factor"

[[exercise.mistake]]
name = "energy_over_capacity"
says = "a slip named in the file"
"""
    exercises, sets = parse(TEXT + new, SOURCE)
    assert (
        list(exercises)[7] == "turgusun_in_percent"
        and sets["01-power-and-energy"].keys[-1] == "turgusun_in_percent"
    )
    assert list(exercises)[8] == "nev_exports_2022"  # the next notebook's exercises come after it
    added = exercises["turgusun_in_percent"]
    assert added.prompt(0) == (
        "Turgusun has 24.9 MW and generates 79.8 million kWh a year. What is its capacity factor, in percent?"
    )
    assert added.expected(0) == EXERCISES["turgusun_capacity_factor"].expected(0).to("percent")
    assert list(added.mistakes) == ["a slip named in the file"] and added.points == 1


def test_nothing_on_disk_changed():
    assert hashlib.sha256(EXERCISE_FILE.read_bytes()).hexdigest() == BEFORE


def test_refresh_writes_the_files_text_into_the_worked_solutions_and_nothing_else(tmp_path):
    """An edited question reaches the solution's text file through ``refresh_solutions`` (a copy here); its
    other cells, and a file already in step, are left as they are."""
    from energycoop.data.paths import exercise_solutions
    from energycoop.teaching.student import refresh_solutions

    solution = exercise_solutions()[0]
    committed = solution.with_suffix(".py").read_text(encoding="utf-8")
    copy = tmp_path / solution.name
    stale = committed.replace(
        "What is its capacity factor, over a year of 8,760 hours?", "What is its capacity factor?"
    )
    stale = stale.replace("# <details><summary>Hint 1</summary>", "# <details><summary>Old hint</summary>", 1)
    assert stale.count("\n") == committed.count("\n") and stale != committed
    copy.with_suffix(".py").write_text(stale, encoding="utf-8")
    assert refresh_solutions([copy]) == [copy.with_suffix(".py")]
    assert copy.with_suffix(".py").read_text(encoding="utf-8") == committed
    assert refresh_solutions([copy]) == []
    edited_worked_solution = committed.replace("**Worked solution.**", "**Worked solution (edited).**", 1)
    assert edited_worked_solution != committed
    copy.with_suffix(".py").write_text(edited_worked_solution, encoding="utf-8")
    assert refresh_solutions([copy]) == []  # a hand-written cell is never rewritten
