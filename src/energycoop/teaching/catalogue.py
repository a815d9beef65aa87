"""The catalogue of exercises, read from the exercises file (``notebooks/exercises/exercises.toml``).

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
import re
import tomllib
from pathlib import Path

import pint

from energycoop.data.paths import EXERCISE_FILE, NOTEBOOK_NAME, ROOT
from energycoop.quantities.units import parse_unit
from energycoop.teaching import charts, mistakes, solvers, variants, working  # noqa: F401 (they fill the registries)
from energycoop.teaching.exercise import Exercise, ExerciseSet
from energycoop.teaching.registry import Registry, chart, chooser, mistake, solver
from energycoop.teaching.variants import tables, values

OPEN_TEXT = 'Write your answer as text: `answer = """..."""`.'  # added to an open question
KEY = re.compile(r"[a-z][a-z0-9_]{0,63}")
PLACEHOLDER = re.compile(r"\{(\w+)(?::(\w+))?\}")
PARTS = (None, "low", "high", "step", "number", "fraction")


class ExerciseFileError(ValueError):
    """A mistake in the exercises file; the message names the file, line, exercise and field."""


class _Bad(ValueError):
    """What is wrong with one value (the loader adds where it is)."""


# --------------------------------------------------------------------------------------------------
# Values


def _fold(text: str) -> str:
    """A text as written in the file, wrapped lines joined: one line break is a space, an empty line a
    paragraph break."""
    return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", text.strip()))


def _text(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Bad(f"{value!r} is not allowed: write a text in quotes, not empty")
    return _fold(value)


def _texts(least: int = 0):
    def check(value) -> tuple[str, ...]:
        if not isinstance(value, list) or len(value) < least:
            raise _Bad(
                f"{_short(value)} is not allowed: write a list of {'at least ' + str(least) + ' ' if least else ''}"
                'texts in quotes, ["...", "..."]'
            )
        return tuple(_text(v) for v in value)

    return check


def _whole(low: int, high: int):
    def check(value) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _Bad(f"{_short(value)} is not allowed: write a whole number from {low} to {high}")
        return value

    return check


def _fraction(low_open: float, high: float):
    def check(value) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low_open < value <= high:
            raise _Bad(
                f"{_short(value)} is not allowed: write a number above {low_open:g} and at most {high:g}"
            )
        return float(value)

    return check


def _one_of(*allowed: str):
    def check(value) -> str:
        if value not in allowed:
            raise _Bad(f"{_short(value)} is not allowed: write one of {', '.join(repr(a) for a in allowed)}")
        return value

    return check


def _yes_no(value) -> bool:
    if not isinstance(value, bool):
        raise _Bad(f"{_short(value)} is not allowed: write true or false (no quotes)")
    return value


def _unit(value) -> str:
    if not isinstance(value, str):
        raise _Bad(
            f'{_short(value)} is not allowed: write a unit in quotes, such as "GWh" or "dimensionless"'
        )
    try:
        parse_unit(value)
    except ValueError as exc:
        raise _Bad(str(exc)) from None
    return value


def _units(value) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise _Bad(f'{_short(value)} is not allowed: write a list of units in quotes, ["Wh"]')
    return tuple(_unit(v) for v in value)


def _named(registry: Registry):
    def check(value):
        if not isinstance(value, str) or value not in registry:
            close = difflib.get_close_matches(value, registry, n=1) if isinstance(value, str) else []
            raise _Bad(
                f"{_short(value)} is not a {registry.kind} of the collection"
                + (f" (did you mean {close[0]!r}?)" if close else "")
                + f"; the {registry.kind}s are {', '.join(sorted(registry))} (a new one is a Python function "
                f"with @{registry.kind}, see TEACHING.md)"
            )
        return registry[value]

    return check


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


# The fields of an exercise: what each holds and how it is checked. Which kind an exercise is follows
# from the field it has: ``solver`` (a number), ``choose`` (a verdict) or ``rubric_points`` (open).
FIELDS = {
    "key": KEY,
    "set": str,
    "title": _text,
    "question": _text,
    "skill": _text,
    "level": _whole(1, 3),
    "minutes": _whole(1, 60),
    "hints": _texts(2),
    "unit": _unit,
    "solver": _named(solver),
    "choose": _named(chooser),
    "rubric_points": _whole(1, 10),
    "measures": _text,
    "tolerance": _fraction(0, 0.5),
    "min_sig": _whole(1, 6),
    "coarsest": _fraction(0, 1),
    "count_words": _texts(1),
    "bound": _one_of("lower", "upper"),
    "convert": _units,
    "percent_kind": _one_of("points", "relative"),
    "whole": _yes_no,
    "chart": _named(chart),
    "unit_named": _yes_no,
    "wrong_choices": dict,
    "mistake": list,
    "step": list,
}
REQUIRED = ("key", "set", "title", "question", "skill", "level", "minutes", "hints")
NUMERIC_ONLY = (
    "unit",
    "measures",
    "tolerance",
    "min_sig",
    "coarsest",
    "count_words",
    "bound",
    "convert",
    "percent_kind",
    "whole",
    "unit_named",
    "mistake",
)
SET_FIELDS = {"name": str, "objectives": _texts(1), "prerequisites": _texts(0)}


# --------------------------------------------------------------------------------------------------
# Where each table and field is written (for messages)


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_ASSIGN = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')\s*=")


def _lines(text: str) -> dict[tuple, int]:
    """The line of each table (``("exercise", 3)``, ``("exercise", 3, "mistake", 0)``) and of each field in
    it (``("exercise", 3, "level")``), found by reading the file as lines (multi-line texts skipped)."""
    found: dict[tuple, int] = {}
    count = {"set": -1, "exercise": -1}
    seen = {"mistake": -1, "step": -1}  # the [[exercise.mistake]] and [[exercise.step]] tables of an exercise
    table: tuple = ()
    quote = None
    for number, line in enumerate(text.splitlines(), start=1):
        if quote:
            if line.count(quote) % 2:
                quote = None
            continue
        header = _HEADER.match(line)
        if header:
            name = header.group(2).strip()
            if name in count and header.group(1) == "[[":
                count[name] += 1
                seen = dict.fromkeys(seen, -1)
                table = (name, count[name])
            elif name.removeprefix("exercise.") in seen:
                part = name.removeprefix("exercise.")
                seen[part] += 1
                table = ("exercise", count["exercise"], part, seen[part])
            else:
                table = ("exercise", count["exercise"], name.removeprefix("exercise."))
            found.setdefault(table, number)
            continue
        assign = _ASSIGN.match(line)
        if assign and table:
            found.setdefault((*table, assign.group(1).strip("\"'")), number)
        for mark in ('"""', "'''"):
            if line.count(mark) % 2:
                quote = mark
                break
    return found


class _Where:
    def __init__(self, source: str, text: str):
        self.source = source
        self.lines = _lines(text)

    def __call__(self, *place, exercise: str | None = None, field: str | None = None) -> str:
        line = None
        for end in range(len(place), 0, -1):
            line = self.lines.get(place[:end])
            if line:
                break
        where = self.source + (f", line {line}" if line else "")
        what = f"exercise {exercise!r}" if exercise else ""
        if field:
            what += (", " if what else "") + f"field {field!r}"
        return f"{where}: {what}: " if what else f"{where}: "


def _display(path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


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
            f"{_display(path)}: the exercises file cannot be read as UTF-8 text ({exc})"
        ) from None
    return parse(text, _display(path))


def parse(text: str, source: str = "exercises.toml") -> tuple[dict[str, Exercise], dict[str, ExerciseSet]]:
    """The exercises (in order, by key) and the sets (by name) that ``text``, the content of an exercises
    file called ``source`` in messages, describes."""
    where = _Where(source, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ExerciseFileError(f"{source}{_inside(text, str(exc))}: not valid TOML: {exc}") from None
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


def _inside(text: str, message: str) -> str:
    """', line N (exercise KEY)' for a TOML error at line N, inside an exercise's table ('' if no line)."""
    found = re.search(r"at line (\d+)", message)
    if not found:
        return ""
    number = int(found.group(1))
    for line in reversed(text.splitlines()[:number]):
        key = re.match(r"\s*key\s*=\s*[\"']([^\"']*)[\"']", line)
        if key:
            return f", line {number} (exercise {key.group(1)!r})"
        if re.match(r"\s*\[\[\s*set\s*\]\]", line):
            break
    return f", line {number}"


def _sets(raw, where) -> dict[str, ExerciseSet]:
    if not isinstance(raw, list) or not raw:
        raise ExerciseFileError(f"{where()}no [[set]] tables: name each exercise notebook in a [[set]] table")
    sets: dict[str, ExerciseSet] = {}
    for index, table in enumerate(raw):
        values = {}
        for name, check in SET_FIELDS.items():
            if name not in table:
                raise ExerciseFileError(
                    f"{where('set', index, field=name)}the field {name!r} of a [[set]] is "
                    f"missing; a set has {', '.join(SET_FIELDS)}"
                )
            value = table[name]
            try:
                values[name] = check(value) if check is not str else _notebook_name(value)
            except _Bad as exc:
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
        raise _Bad(
            f"{_short(value)} is not allowed: a set is named after its notebook, NN-words-with-hyphens "
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
            f"{_short(table['set'])} is not one of the sets ({', '.join(sets)}); add a [[set]] "
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
                    raise _Bad(
                        f"{_short(value)} is not allowed: a key is 1 to 64 lower-case letters, digits and "
                        "'_', starting with a letter (it names the exercise in check(\"key\", answer))"
                    )
                values[name] = value
            else:
                values[name] = FIELDS[name](value)
        except _Bad as exc:
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
            got = ", ".join(map(repr, entry)) if isinstance(entry, dict) else _short(entry)
            extra = sorted(set(entry) - {"name", "says"}) if isinstance(entry, dict) else []
            raise fail(
                "mistake",
                f"a [[exercise.mistake]] has the fields 'name' and 'says' (the sentence a "
                f"student reads), nothing else; this one has {got or 'none'}",
                *place,
                *extra[:1],
            )
        try:
            function = _named(mistake)(entry["name"])
        except _Bad as exc:
            raise fail("mistake", str(exc), *place, "name") from None
        try:
            says = _text(entry["says"])
        except _Bad as exc:
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
            choices[option] = _text(why)
        except _Bad as exc:
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


EXERCISES, _SETS = load()
# The least relative distance between an exercise's answer and each of its named mistakes, in every variant:
# nearer, the right answer written to its precision would read as the mistake, or the mistake as right.
MISTAKE_GAP = 0.02


@variants.rule
def mistakes_apart(v: dict) -> str | None:
    """None if every named mistake of every exercise is at least ``MISTAKE_GAP`` from its answer in the variant
    ``v``, else which one is not."""
    for key, exercise in EXERCISES.items():
        if exercise.solve is None:
            continue
        right = exercise.solve(v).to(exercise.unit)
        for why, wrong in exercise.mistakes.items():
            mistaken = wrong(v)
            if mistaken.dimensionality != right.dimensionality:
                continue
            a, b = float(right.magnitude), float(mistaken.to(exercise.unit).magnitude)
            if abs(a - b) < MISTAKE_GAP * max(abs(a), abs(b)) or a == b:
                return (
                    f"exercise {key}: the answer {a:.4g} is within {MISTAKE_GAP:.0%} of the mistake {why!r}"
                )
    return None


# The exercise notebooks and their exercises, in order (the check cells follow this).
SETS: dict[str, list[str]] = {name: list(s.keys) for name, s in _SETS.items()}
# What each notebook teaches and what to read first (the notebook's intro cell).
SET_INFO: dict[str, ExerciseSet] = _SETS
_NUMBERS = {key: number for number, key in enumerate(EXERCISES, start=1)}


def number_of(key: str) -> int:
    """An exercise's number, counted across all the notebooks."""
    return _NUMBERS[key]


def chart_of(key: str, seed: int = 0):
    """Draw the chart exercise ``key`` asks about, for variant ``seed`` (a matplotlib figure)."""
    exercise = EXERCISES[key]
    if exercise.chart is None:
        raise ValueError(f"exercise {key} has no chart")
    return exercise.chart(values(seed))
