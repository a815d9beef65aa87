"""Worked steps: an exercise's solution worked in a variant's own numbers (``Exercise.steps``, the
``[[exercise.step]]`` tables of the exercises file).

A step says what it computes (``what``), how in words (``formula``, optional) and the computation itself
(``numbers``), written with the inputs' placeholders, so that it prints and computes with the numbers of
whichever variant is asked for; a step may be named (``name``) for later steps to use, and say the unit its
result is shown in (``unit``). The last step of a numeric exercise gives its answer (the tests check that it
equals the solver's in many variants). In ``numbers`` (and in ``what`` and ``formula``, where they are only
printed):

- ``{id}`` is an input (an id of ``data/article.csv`` or ``data/reference.csv``) with its unit, as the
  questions print it ("350 million kWh"); ``{id:low}`` and ``{id:high}`` the ends of what its printed
  rounding allows ("345 million kWh"); ``{id:UNIT}`` its number alone in that unit ("510,000" for
  ``{world_renewable_additions:MW}``), a plain number;
- ``{=name}`` is the result of an earlier step called ``name``, in its unit, or a worked value of the
  collection (``registry.worked``: the widest bar of the tornado chart); ``{=name:UNIT}`` its number alone;
- the operators are ``+``, ``−`` (or ``-``), ``×``, ``÷``, ``^``, brackets, ``log₁₀( )``, ``√( )`` and
  ``| |`` (the size of a number); numbers are plain digits ("1", "0.5").

Nothing is ``eval``-ed: the computation is read into a Python syntax tree of those operators only and
worked out with pint quantities (``evaluate``).
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import pint

from energycoop.quantities.units import Q_, fmt, parse_unit, unit_label
from energycoop.teaching.printed import SHOWN, number, shown, shown_value
from energycoop.teaching.registry import worked
from energycoop.teaching.variants import printed_interval, rounding_step

SLOT = re.compile(r"\{(=?)(\w+)(?::([^{}]+))?\}")
STEP_FIELDS = ("what", "numbers", "formula", "name", "unit")
_OPERATORS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a ** _plain(b),
}
_FUNCTIONS: dict[str, Callable] = {
    "log10": lambda q: Q_(math.log10(_plain(q)), ""),
    "sqrt": lambda q: q**0.5,
    "abs": abs,
}


class StepError(ValueError):
    """What is wrong with one step of the exercises file (``field``: its field, or None)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field
        self.index: int | None = None  # the step's index, once known


@dataclass(frozen=True)
class Step:
    what: str  # what the step computes, in words: "the farm's capacity"
    numbers: str  # the computation, with placeholders: "{zhanatas_turbines} × {zhanatas_turbine_capacity}"
    formula: str = ""  # the formula in words: "turbines × one turbine's capacity"
    name: str = ""  # later steps write {=name} for its result
    unit: str = ""  # the unit its result is shown in ("" : as it comes)


@dataclass(frozen=True)
class Worked:
    """A step worked out in one variant: its texts as printed and its result."""

    step: Step
    what: str
    formula: str
    numbers: str
    value: pint.Quantity | str


def _plain(q) -> float:
    """A plain number (a pure number, a quantity without unit, or a share) as a float."""
    if isinstance(q, pint.Quantity):
        return float(q.to("dimensionless").magnitude)
    return float(q)


def show(q) -> str:
    """A step's value for a reader: readable units, currencies in words ('7.28 yuan per US dollar'),
    never pint's internal names."""
    if isinstance(q, str):
        return q
    if not isinstance(q, pint.Quantity):
        q = Q_(float(q), "")
    text = shown_value(q, 4)
    if (
        any(d.startswith("[currency") for d in dict(q.dimensionality))
        and 0.001 <= abs(float(q.magnitude)) < 1e9
    ):
        text = f"{fmt(Q_(float(q.magnitude), ''), sig=4)} {unit_label(q.units, words=True)}"
    # a calculation's result, without trailing zeros ("100 MW", not "100.0 MW")
    text = re.sub(r"(\d)\.(?!\d)", r"\1", re.sub(r"(\d\.\d*?)0+(?!\d)", r"\1", text))
    return text.replace("-", "−", 1) if float(q.magnitude) < 0 else text


def _input_text(key: str, q: pint.Quantity, step: float) -> str:
    words = SHOWN.get(key, (None, None))[1]
    if words is None:
        return shown_value(q, 4)
    text = number(key, q, step=step)
    return f"{text}%" if words == "%" else f"{text} {words}".strip()


def _slot(match: re.Match, v: dict, results: dict) -> tuple[str, object]:
    """One placeholder: how it prints and what it is worth, in the variant ``v`` with the ``results`` of the
    earlier steps."""
    earlier, name, part = match.group(1), match.group(2), match.group(3)
    if earlier:
        value = results[name] if name in results else worked[name](v)
        if part is None or isinstance(value, str):
            return show(value), value
        plain = float(value.to(part).magnitude)
        return show(Q_(plain, "")), Q_(plain, "")
    q = v[name]
    if part is None:
        return shown(name, q), q
    if part in ("low", "high"):
        low, high = printed_interval(v, name)
        end = low if part == "low" else high
        return _input_text(name, end, rounding_step(name) / 2), end
    plain = float(q.to(part).magnitude)
    return number(name, q, unit=part), Q_(plain, "")


def _text(template: str, v: dict, results: dict) -> str:
    return SLOT.sub(lambda m: _slot(m, v, results)[0], template)


def _expression(numbers: str) -> tuple[str, list[re.Match]]:
    """The computation as Python syntax, each placeholder replaced by a name ``_0``, ``_1``..."""
    slots = list(SLOT.finditer(numbers))
    text, at, parts = "", 0, []
    for index, found in enumerate(slots):
        parts.append(numbers[at : found.start()] + f"_{index}")
        at = found.end()
    text = "".join(parts) + numbers[at:]
    text = re.sub(r"\|([^|]*)\|", r"abs(\1)", text)
    for symbol, plain in (("×", "*"), ("÷", "/"), ("−", "-"), ("^", "**"), ("log₁₀", "log10"), ("√", "sqrt")):
        text = text.replace(symbol, plain)
    return text, slots


def _tree(numbers: str) -> tuple[ast.Expression, list[re.Match]]:
    text, slots = _expression(numbers)
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        raise StepError(
            f"{numbers!r} is not a computation the steps can read: write the inputs as {{id}}, earlier "
            "results as {=name}, with + − × ÷ ^, brackets, log₁₀( ), √( ) and | |",
            "numbers",
        ) from None
    for node in ast.walk(tree):
        allowed = (
            isinstance(
                node, (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Load, ast.USub, ast.UAdd, *_OPERATORS)
            )
            or (isinstance(node, ast.Constant) and type(node.value) in (int, float))
            or (isinstance(node, ast.Name) and (re.fullmatch(r"_\d+", node.id) or node.id in _FUNCTIONS))
            or (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in _FUNCTIONS
                and len(node.args) == 1
                and not node.keywords
            )
        )
        if not allowed:
            raise StepError(
                f"{numbers!r}: {ast.unparse(node) if isinstance(node, ast.expr) else type(node).__name__!r}"
                " is not allowed in a computation: write the inputs as {id}, earlier results as "
                "{=name}, with + − × ÷ ^, brackets, log₁₀( ), √( ) and | |",
                "numbers",
            )
    return tree, slots


def _work(node, names: dict):
    if isinstance(node, ast.Expression):
        return _work(node.body, names)
    if isinstance(node, ast.Constant):
        return Q_(node.value, "")
    if isinstance(node, ast.Name):
        return names[node.id]
    if isinstance(node, ast.UnaryOp):
        value = _work(node.operand, names)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):  # (``_tree`` allows no other call)
        return _FUNCTIONS[node.func.id](_work(node.args[0], names))
    return _OPERATORS[type(node.op)](_work(node.left, names), _work(node.right, names))


def evaluate(steps: tuple[Step, ...], v: dict) -> list[Worked]:
    """Every step worked out with the inputs ``v`` of a variant (``variants.values``), in order."""
    results: dict[str, object] = {}
    done = []
    for index, step in enumerate(steps):
        try:
            value = _worked_out(step, v, results)
        except StepError as exc:
            exc.index = index
            raise
        except pint.errors.DimensionalityError:
            error = StepError(
                f"{step.numbers!r} cannot be worked out with the figures: it adds or subtracts "
                "quantities of different kinds, or takes a logarithm or a power of a quantity with a "
                "unit",
                "numbers",
            )
            error.index = index
            raise error from None
        except (ArithmeticError, KeyError, TypeError, ValueError, pint.errors.PintError) as exc:
            error = StepError(
                f"{step.numbers!r} cannot be worked out with the figures: "
                f"{' '.join(str(exc).split()) or type(exc).__name__}",
                "numbers",
            )
            error.index = index
            raise error from None
        if step.name:
            results[step.name] = value
        done.append(
            Worked(
                step,
                _text(step.what, v, results),
                _text(step.formula, v, results),
                _text(step.numbers, v, results),
                value,
            )
        )
    return done


def _worked_out(step: Step, v: dict, results: dict):
    tree, slots = _tree(step.numbers)
    names = {f"_{i}": _slot(found, v, results)[1] for i, found in enumerate(slots)}
    if len(slots) == 1 and SLOT.fullmatch(step.numbers.strip()) and isinstance(names["_0"], str):
        return names["_0"]  # words (the name of a chart's bar): shown, never computed with
    value = _work(tree, names)
    if step.unit and value.dimensionality != parse_unit(step.unit).dimensionality:
        raise StepError(
            f"{step.numbers!r} gives {show(value)}, not a quantity in {unit_label(step.unit)} (the step's "
            "unit)",
            "numbers",
        )
    if step.unit:
        return value.to(step.unit)
    return value.to("dimensionless") if isinstance(value, pint.Quantity) and value.dimensionless else value


def line(work: Worked, result: str | None = None) -> str:
    """A worked step as one line: 'The farm's capacity = turbines × one turbine's capacity = 40 × 2.5 MW =
    100 MW' (``result``: how its result is shown, if not as it comes)."""
    what = work.what[:1].upper() + work.what[1:]
    if isinstance(work.value, str):
        return f"{what}: {work.value}"
    parts = [what] + ([work.formula] if work.formula else [])
    shown_result = result or show(work.value)
    if work.numbers != shown_result:
        parts.append(work.numbers)
    return " = ".join([*parts, shown_result])


def parse_steps(raw, is_input: Callable[[str], bool]) -> tuple[Step, ...]:
    """The ``[[exercise.step]]`` tables of one exercise, checked; ``StepError`` naming the step's index
    (``.index``) and field for the first mistake."""
    if not isinstance(raw, list):
        raise StepError("write each worked step as an [[exercise.step]] table with 'what' and 'numbers'")
    steps: list[Step] = []
    for index, entry in enumerate(raw):
        try:
            steps.append(_one_step(entry, is_input, {s.name for s in steps if s.name}))
        except StepError as exc:
            exc.index = index
            raise
    return tuple(steps)


def _one_step(entry, is_input: Callable[[str], bool], earlier: set[str]) -> Step:
    if not isinstance(entry, dict) or not {"what", "numbers"} <= set(entry) or set(entry) - set(STEP_FIELDS):
        extra = sorted(set(entry) - set(STEP_FIELDS)) if isinstance(entry, dict) else []
        raise StepError(
            f"an [[exercise.step]] has the fields 'what' and 'numbers', and may have 'formula', 'name' "
            f"and 'unit'; this one has {', '.join(map(repr, entry)) if isinstance(entry, dict) else entry!r}",
            extra[0] if extra else None,
        )
    for field in STEP_FIELDS:
        if field in entry and (not isinstance(entry[field], str) or not entry[field].strip()):
            raise StepError(f"{entry[field]!r} is not allowed: write a text in quotes, not empty", field)
    fields = {k: " ".join(str(entry[k]).split()) for k in entry}
    if "name" in fields and not re.fullmatch(r"[a-z][a-z0-9_]*", fields["name"]):
        raise StepError(
            f"{fields['name']!r} is not allowed: a step's name is lower-case letters, digits and '_'", "name"
        )
    if "unit" in fields:
        try:
            parse_unit(fields["unit"])
        except ValueError as exc:
            raise StepError(str(exc), "unit") from None
    for field in ("what", "formula", "numbers"):
        for found in SLOT.finditer(fields.get(field, "")):
            problem = _slot_problem(found, is_input, earlier)
            if problem:
                raise StepError(problem, field)
    _tree(fields["numbers"])
    return Step(**fields)


def _slot_problem(found: re.Match, is_input: Callable[[str], bool], earlier: set[str]) -> str | None:
    earlier_result, name, part = found.group(1), found.group(2), found.group(3)
    if earlier_result:
        if name not in earlier and name not in worked:
            return (
                f"{found.group(0)} names no earlier step (steps named so far: {', '.join(sorted(earlier)) or 'none'}) "
                f"and no worked value ({', '.join(sorted(worked))})"
            )
    elif not is_input(name):
        return f"{found.group(0)} names no input: an input is an id of data/article.csv or data/reference.csv"
    if part is not None and not (part in ("low", "high") and not earlier_result):
        try:
            parse_unit(part)
        except ValueError:
            return (
                f"{found.group(0)}: {part!r} is neither low, high nor a unit; write {{{name}}}, "
                f"{{{name}:low}}, {{{name}:high}} or {{{name}:UNIT}} (the number alone in UNIT)"
            )
    return None
