"""Reading and checking the exercises file (``notebooks/exercises/exercises.toml``): ``load`` and ``parse``.

The file is data a teacher can read and edit (TOML, read with the standard library's ``tomllib``): a
``[[set]]`` table for each exercise notebook (its name, learning objectives and prerequisites), then an
``[[exercise]]`` table for each exercise, with its ``[[exercise.mistake]]`` tables. Its own header says
what each field means; ``notebooks/exercises/TEACHING.md`` says how to add an exercise.

It is read and checked once, on import. A mistake in it stops with ``ExerciseFileError``, naming the file,
the line, the exercise and the field, the value and what is allowed; nothing is written anywhere. The
solvers, choosers, charts and mistakes it names by name are Python (``solvers``, ``charts``,
``mistakes``), registered by name (``registry``). Exercises are numbered across the notebooks in the
order of the sets, and within a set in the order of the file.

Texts may be wrapped over several lines: a single line break and the spaces around it read as one space,
and an empty line as a paragraph break.
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Any

import pint

from energycoop.data.paths import EXERCISE_FILE, NOTEBOOK_NAME
from energycoop.quantities.units import parse_unit
from energycoop.teaching import charts, mistakes, solvers, variants, working  # noqa: F401 (they fill the registries)
from energycoop.teaching.exercise import Exercise, ExerciseSet
from energycoop.teaching.exercise_fields import (
    FIELDS,
    KEY,
    NUMERIC_ONLY,
    OPEN_TEXT,
    PARTS,
    PLACEHOLDER,
    REQUIRED,
    SET_FIELDS,
    BadValue,
    as_text,
    named_in,
    shortened,
)
from energycoop.teaching.exercise_places import Where, display, inside
from energycoop.teaching.registry import mistake
from energycoop.teaching.variants import tables, values


class ExerciseFileError(ValueError):
    """A mistake in the exercises file; the message names the file, line, exercise and field."""


# --------------------------------------------------------------------------------------------------
# Reading the file


def load(path: str | Path = EXERCISE_FILE) -> tuple[dict[str, Exercise], dict[str, ExerciseSet]]:
    """Read and check the exercises file at ``path``: the exercises in order, by key, and the sets, by name
    (``ExerciseFileError`` naming the file, line, exercise and field of a mistake)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ExerciseFileError(
            f"{display(path)}: the exercises file cannot be read as UTF-8 text ({exc})"
        ) from None
    return parse(text, display(path))


def parse(text: str, source: str = "exercises.toml") -> tuple[dict[str, Exercise], dict[str, ExerciseSet]]:
    """The exercises (in order, by key) and the sets (by name) that ``text``, the content of an exercises
    file called ``source`` in messages, describes."""
    where = Where(source, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ExerciseFileError(f"{source}{inside(text, str(exc))}: not valid TOML: {exc}") from None
    extra = sorted(set(data) - {"set", "exercise"})
    if extra:
        raise ExerciseFileError(
            f"{where()}{', '.join(map(repr, extra))} is not allowed at the top: the file holds "
            "[[set]] and [[exercise]] tables only"
        )
    sets = _sets(data.get("set"), where)
    exercises: dict[str, Exercise] = {}
    first_line: dict[str, int] = {}
    raw = data.get("exercise")
    if not isinstance(raw, list) or not raw:
        raise ExerciseFileError(
            f"{where()}no [[exercise]] tables: the file must describe at least one exercise"
        )
    for index, table in enumerate(raw):
        exercise = _exercise(table, index, where, sets)
        if exercise.key in exercises:
            raise ExerciseFileError(
                f"{where('exercise', index, 'key', exercise=exercise.key, field='key')}"
                f"{exercise.key!r} is the key of an exercise already (line "
                f"{first_line[exercise.key]}); each exercise has its own key"
            )
        exercises[exercise.key] = exercise
        first_line[exercise.key] = where.lines.get(("exercise", index, "key"), 0)
    order = list(sets)
    in_order = sorted(exercises.values(), key=lambda e: order.index(e.set))  # stable: file order within a set
    for name, info in sets.items():
        keys = tuple(e.key for e in in_order if e.set == name)
        if not keys:
            raise ExerciseFileError(
                f"{where('set', order.index(name), 'name')}set {name!r} has no exercise; "
                'give it some (set = "' + name + '") or remove it'
            )
        sets[name] = ExerciseSet(info.name, info.objectives, info.prerequisites, keys)
    return {e.key: e for e in in_order}, sets


def _sets(raw, where) -> dict[str, ExerciseSet]:
    if not isinstance(raw, list) or not raw:
        raise ExerciseFileError(f"{where()}no [[set]] tables: name each exercise notebook in a [[set]] table")
    sets: dict[str, ExerciseSet] = {}
    for index, table in enumerate(raw):
        values: dict[str, Any] = {}
        for name, check in SET_FIELDS.items():
            if name not in table:
                raise ExerciseFileError(
                    f"{where('set', index, field=name)}the field {name!r} of a [[set]] is "
                    f"missing; a set has {', '.join(SET_FIELDS)}"
                )
            value = table[name]
            try:
                values[name] = check(value) if check is not str else _notebook_name(value)
            except BadValue as exc:
                raise ExerciseFileError(f"{where('set', index, name, field=name)}{exc}") from None
        for name in sorted(set(table) - set(SET_FIELDS)):
            raise ExerciseFileError(
                f"{where('set', index, name, field=name)}{name!r} is not a field of a [[set]]; "
                f"its fields are {', '.join(SET_FIELDS)}"
            )
        if values["name"] in sets:
            raise ExerciseFileError(
                f"{where('set', index, 'name', field='name')}{values['name']!r} names two sets"
            )
        sets[values["name"]] = ExerciseSet(values["name"], values["objectives"], values["prerequisites"], ())
    return sets


def _notebook_name(value) -> str:
    if not isinstance(value, str) or not NOTEBOOK_NAME.fullmatch(f"{value}.ipynb"):
        raise BadValue(
            f"{shortened(value)} is not allowed: a set is named after its notebook, NN-words-with-hyphens "
            '("01-power-and-energy" for notebooks/exercises/01-power-and-energy.ipynb)'
        )
    return value


def _exercise(table, index: int, where, sets: dict[str, ExerciseSet]) -> Exercise:
    key = table.get("key") if isinstance(table.get("key"), str) else None
    label = key or f"number {index + 1} in the file"

    def fail(field: str | None, message: str, *place) -> ExerciseFileError:
        spot = where("exercise", index, *(place or ((field,) if field else ())), exercise=label, field=field)
        return ExerciseFileError(spot + message)

    kind = _kind(table, fail)
    values = _values(table, fail)
    if table["set"] not in sets:
        raise fail(
            "set",
            f"{shortened(table['set'])} is not one of the sets ({', '.join(sets)}); add a [[set]] "
            "table for a new notebook",
        )
    question = values["question"] + (" " + OPEN_TEXT if kind == "rubric_points" else "")
    return Exercise(
        key=values["key"],
        title=values["title"],
        question=question,
        skill=values["skill"],
        level=values["level"],
        unit=values.get("unit", ""),
        solve=values.get("solver"),
        measures=values.get("measures"),
        tolerance=values.get("tolerance", 0.001),
        min_sig=values.get("min_sig", 2),
        coarsest=values.get("coarsest", 1.0),
        count_words=values.get("count_words", ()),
        mistakes=_mistakes(table.get("mistake", []), fail),
        rubric_points=values.get("rubric_points", 0),
        minutes=values["minutes"],
        hints=values["hints"],
        bound=values.get("bound"),
        choose=values.get("choose"),
        options=solvers.CHOICE_OPTIONS if kind == "choose" else (),
        wrong_choices=_wrong_choices(table.get("wrong_choices", {}), fail),
        chart=values.get("chart"),
        convert=values.get("convert", ()),
        percent_kind=values.get("percent_kind"),
        whole=values.get("whole", False),
        unit_named=values.get("unit_named", False),
        set=table["set"],
        steps=_steps(table.get("step", []), fail, values),
    )


def _kind(table: dict, fail) -> str:
    """Which kind of exercise ``table`` is ('solver', 'choose' or 'rubric_points'), once its fields are
    known, present and fit for that kind."""
    unknown = sorted(set(table) - set(FIELDS))
    if unknown:
        close = difflib.get_close_matches(unknown[0], FIELDS, n=1)
        raise fail(
            unknown[0],
            f"{unknown[0]!r} is not a field of an exercise"
            + (f" (did you mean {close[0]!r}?)" if close else "")
            + f"; the fields are {', '.join(FIELDS)}",
        )
    for name in REQUIRED:
        if name not in table:
            raise fail(name, f"the field {name!r} is missing; every exercise has {', '.join(REQUIRED)}")
    kinds = [k for k in ("solver", "choose", "rubric_points") if k in table]
    if len(kinds) != 1:
        raise fail(
            kinds[1] if kinds[1:] else None,
            "an exercise has exactly one of 'solver' (a numeric answer), 'choose' (a verdict) and "
            f"'rubric_points' (an open question marked by the teacher); it has "
            f"{', '.join(map(repr, kinds)) or 'none'}",
        )
    kind = kinds[0]
    wrong = [f for f in NUMERIC_ONLY if f in table and not (f == "unit" and table[f] == "")]
    if kind != "solver" and wrong:
        raise fail(
            wrong[0],
            f"{wrong[0]!r} is only for a numeric answer (one with 'solver'); this exercise has {kind!r}",
        )
    if kind == "solver" and "unit" not in table:
        raise fail(
            "unit",
            "the field 'unit' is missing; a numeric answer (one with 'solver') is compared in a "
            'unit, such as "GWh" or "dimensionless"',
        )
    if "wrong_choices" in table and kind != "choose":
        raise fail("wrong_choices", "'wrong_choices' is only for a choice (one with 'choose')")
    return kind


def _values(table: dict, fail) -> dict:
    """The plain fields of an exercise, each checked (``FIELDS``), with the inputs its texts name."""
    values = {}
    for name, value in table.items():
        if name in ("mistake", "wrong_choices", "set", "step"):
            continue
        try:
            if FIELDS[name] is KEY:
                if not isinstance(value, str) or not KEY.fullmatch(value):
                    raise BadValue(
                        f"{shortened(value)} is not allowed: a key is 1 to 64 lower-case letters, digits and "
                        "'_', starting with a letter (it names the exercise in check(\"key\", answer))"
                    )
                values[name] = value
            else:
                values[name] = FIELDS[name](value)
        except BadValue as exc:
            raise fail(name, str(exc)) from None
    for name in ("title", "question", "hints"):
        for text in values[name] if isinstance(values[name], tuple) else (values[name],):
            problem = _placeholder_problem(text)
            if problem:
                raise fail(name, problem)
    return values


def _mistakes(raw, fail) -> dict:
    """The named mistakes of an exercise, in order: the sentence a student reads -> the function."""
    if not isinstance(raw, list):
        raise fail(
            "mistake", "write each named mistake as a [[exercise.mistake]] table with 'name' and 'says'"
        )
    found = {}
    for number, entry in enumerate(raw):
        place = ("mistake", number)
        if not isinstance(entry, dict) or set(entry) != {"name", "says"}:
            got = ", ".join(map(repr, entry)) if isinstance(entry, dict) else shortened(entry)
            extra = sorted(set(entry) - {"name", "says"}) if isinstance(entry, dict) else []
            raise fail(
                "mistake",
                f"a [[exercise.mistake]] has the fields 'name' and 'says' (the sentence a "
                f"student reads), nothing else; this one has {got or 'none'}",
                *place,
                *extra[:1],
            )
        try:
            function = named_in(mistake)(entry["name"])
        except BadValue as exc:
            raise fail("mistake", str(exc), *place, "name") from None
        try:
            says = as_text(entry["says"])
        except BadValue as exc:
            raise fail("mistake", str(exc), *place, "says") from None
        if says in found:
            raise fail("mistake", f"two mistakes say {says!r}; each says its own sentence", *place, "says")
        found[says] = function
    return found


def _steps(raw, fail, fields: dict) -> tuple[working.Step, ...]:
    """The worked steps of an exercise, checked, and worked out for seed 0: the last one of a numeric answer
    must give a quantity of the answer's kind."""
    article, reference = tables()
    try:
        steps = working.parse_steps(raw, lambda name: name in article.index or name in reference.index)
        done = working.evaluate(steps, values(0))
    except working.StepError as exc:
        index = getattr(exc, "index", None)
        raise fail("step", str(exc), *(("step", index, exc.field) if index is not None else ())) from None
    except (ArithmeticError, KeyError, ValueError, pint.errors.PintError) as exc:
        raise fail(
            "step", f"the steps cannot be worked out with the article's figures: {exc}", "step"
        ) from None
    unit = fields.get("unit")
    if (
        done
        and unit
        and fields.get("solver")
        and isinstance(done[-1].value, pint.Quantity)
        and done[-1].value.dimensionality != parse_unit(unit).dimensionality
    ):
        raise fail(
            "step",
            f"the last step gives {working.show(done[-1].value)}, not a quantity in {unit} (the "
            "answer's unit): the last step computes the answer",
            "step",
            len(steps) - 1,
            "numbers",
        )
    return steps


def _wrong_choices(raw, fail) -> dict[str, str]:
    """A verdict's wrong options that have their own reason: option -> why it is wrong."""
    if not isinstance(raw, dict):
        raise fail("wrong_choices", 'write [exercise.wrong_choices] with a line "option" = "why it is wrong"')
    choices = {}
    for option, why in raw.items():
        if option not in solvers.CHOICE_OPTIONS:
            raise fail(
                "wrong_choices",
                f"{option!r} is not one of the options ({', '.join(solvers.CHOICE_OPTIONS)})",
                "wrong_choices",
                option,
            )
        try:
            choices[option] = as_text(why)
        except BadValue as exc:
            raise fail("wrong_choices", str(exc), "wrong_choices", option) from None
    return choices


def _placeholder_problem(text: str) -> str | None:
    """Why an ``{id}`` or ``{id:part}`` in ``text`` cannot be filled in (None if every one can)."""
    article, reference = tables()
    for found in PLACEHOLDER.finditer(text):
        name, part = found.group(1), found.group(2)
        if name not in article.index and name not in reference.index:
            return (
                f"{found.group(0)} names no input: an input is an id of data/article.csv or "
                "data/reference.csv"
            )
        if part not in PARTS:
            return (
                f"{found.group(0)}: {part!r} is not a part of an input; write {{{name}}} or {{{name}:PART}} "
                f"with PART one of {', '.join(p for p in PARTS if p)}"
            )
    return None
