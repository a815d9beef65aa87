"""The fields of the exercises file and the check of each value (``FIELDS``, ``SET_FIELDS``), for
``exercise_file``."""

from __future__ import annotations

import difflib
import re

from energycoop.quantities.units import parse_unit
from energycoop.teaching.registry import Registry, chart, chooser, solver

OPEN_TEXT = 'Write your answer as text: `answer = """..."""`.'  # added to an open question
KEY = re.compile(r"[a-z][a-z0-9_]{0,63}")
PLACEHOLDER = re.compile(r"\{(\w+)(?::(\w+))?\}")
PARTS = (None, "low", "high", "step", "number", "fraction")


class BadValue(ValueError):
    """What is wrong with one value (the loader adds where it is)."""


# --------------------------------------------------------------------------------------------------
# Values


def _fold(text: str) -> str:
    """A text as written in the file, wrapped lines joined: one line break is a space, an empty line a
    paragraph break."""
    return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", text.strip()))


def as_text(value) -> str:
    if not isinstance(value, str) or not value.strip():
        raise BadValue(f"{value!r} is not allowed: write a text in quotes, not empty")
    return _fold(value)


def _texts(least: int = 0):
    def check(value) -> tuple[str, ...]:
        if not isinstance(value, list) or len(value) < least:
            raise BadValue(
                f"{shortened(value)} is not allowed: write a list of {'at least ' + str(least) + ' ' if least else ''}"
                'texts in quotes, ["...", "..."]'
            )
        return tuple(as_text(v) for v in value)

    return check


def _whole(low: int, high: int):
    def check(value) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise BadValue(f"{shortened(value)} is not allowed: write a whole number from {low} to {high}")
        return value

    return check


def _fraction(low_open: float, high: float):
    def check(value) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low_open < value <= high:
            raise BadValue(
                f"{shortened(value)} is not allowed: write a number above {low_open:g} and at most {high:g}"
            )
        return float(value)

    return check


def _one_of(*allowed: str):
    def check(value) -> str:
        if value not in allowed:
            raise BadValue(
                f"{shortened(value)} is not allowed: write one of {', '.join(repr(a) for a in allowed)}"
            )
        return value

    return check


def _yes_no(value) -> bool:
    if not isinstance(value, bool):
        raise BadValue(f"{shortened(value)} is not allowed: write true or false (no quotes)")
    return value


def _unit(value) -> str:
    if not isinstance(value, str):
        raise BadValue(
            f'{shortened(value)} is not allowed: write a unit in quotes, such as "GWh" or "dimensionless"'
        )
    try:
        parse_unit(value)
    except ValueError as exc:
        raise BadValue(str(exc)) from None
    return value


def _units(value) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise BadValue(f'{shortened(value)} is not allowed: write a list of units in quotes, ["Wh"]')
    return tuple(_unit(v) for v in value)


def named_in(registry: Registry):
    def check(value):
        if not isinstance(value, str) or value not in registry:
            close = difflib.get_close_matches(value, registry, n=1) if isinstance(value, str) else []
            raise BadValue(
                f"{shortened(value)} is not a {registry.kind} of the collection"
                + (f" (did you mean {close[0]!r}?)" if close else "")
                + f"; the {registry.kind}s are {', '.join(sorted(registry))} (a new one is a Python function "
                f"with @{registry.kind}, see TEACHING.md)"
            )
        return registry[value]

    return check


def shortened(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


# The fields of an exercise: what each holds and how it is checked. Which kind an exercise is follows
# from the field it has: ``solver`` (a number), ``choose`` (a verdict) or ``rubric_points`` (open).
FIELDS = {
    "key": KEY,
    "set": str,
    "title": as_text,
    "question": as_text,
    "skill": as_text,
    "level": _whole(1, 3),
    "minutes": _whole(1, 60),
    "hints": _texts(2),
    "unit": _unit,
    "solver": named_in(solver),
    "choose": named_in(chooser),
    "rubric_points": _whole(1, 10),
    "measures": as_text,
    "tolerance": _fraction(0, 0.5),
    "min_sig": _whole(1, 6),
    "coarsest": _fraction(0, 1),
    "count_words": _texts(1),
    "bound": _one_of("lower", "upper"),
    "convert": _units,
    "percent_kind": _one_of("points", "relative"),
    "whole": _yes_no,
    "chart": named_in(chart),
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
