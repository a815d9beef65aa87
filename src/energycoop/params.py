"""Checks for notebook parameters.

Each notebook's second cell passes every parameter through one of these. A bad value
stops the notebook there, before anything is loaded or written, with a message that
names the parameter, repeats the value and says what is allowed.
"""

from __future__ import annotations

import math
import os
from numbers import Real
from pathlib import Path


class ParameterError(ValueError):
    """A notebook parameter is not allowed."""


def _fail(name: str, value, allowed: str):
    raise ParameterError(f"parameter {name} = {value!r} is not allowed: {allowed}")


def _real(name: str, value, allowed: str) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        _fail(name, value, allowed + f" (got a {type(value).__name__})")
    value = float(value)
    if not math.isfinite(value):
        _fail(name, value, allowed)
    return value


def positive_number(name: str, value) -> float:
    """A finite number greater than zero."""
    allowed = "it must be a finite number greater than 0"
    number = _real(name, value, allowed)
    if number <= 0:
        _fail(name, value, allowed)
    return number


def positive_int(name: str, value) -> int:
    """A whole number greater than zero (``50`` or ``50.0``)."""
    allowed = "it must be a whole number greater than 0"
    number = _real(name, value, allowed)
    if number <= 0 or number != int(number):
        _fail(name, value, allowed)
    return int(number)


def number_between(name: str, value, low: float, high: float) -> float:
    """A finite number with ``low <= value <= high``."""
    allowed = f"it must be a number from {low:g} to {high:g}"
    number = _real(name, value, allowed)
    if not low <= number <= high:
        _fail(name, value, allowed)
    return number


def fraction(name: str, value) -> float:
    """A share strictly above 0 and at most 1 (a capacity factor, an efficiency)."""
    allowed = "it must be a fraction greater than 0 and at most 1"
    number = _real(name, value, allowed)
    if not 0 < number <= 1:
        _fail(name, value, allowed)
    return number


def growth_rate(name: str, value) -> float:
    """A year-on-year change in percent: above -100 (a fall of 100% leaves nothing)."""
    allowed = "it must be a percentage greater than -100"
    number = _real(name, value, allowed)
    if number <= -100:
        _fail(name, value, allowed)
    return number


def choice(name: str, value, options) -> str:
    """One of ``options``."""
    options = tuple(options)
    if value not in options:
        _fail(name, value, f"it must be one of {', '.join(repr(o) for o in options)}")
    return value


OUTPUT_REDIRECT = "ENERGYCOOP_OUTPUT_DIR"


def input_directory(name: str, value) -> str:
    """A non-empty path to read other notebooks' derived tables from (never redirected)."""
    if not isinstance(value, str) or not value.strip():
        _fail(name, value, "it must be a non-empty path to a directory")
    return value


def directory(name: str, value) -> str:
    """A non-empty path for outputs (created when the notebook writes to it).

    When the environment variable ``ENERGYCOOP_OUTPUT_DIR`` is set, a path inside the
    committed ``data/derived/`` or ``figures/`` is sent below it instead: the test suite
    sets it, so nbval's re-execution of the notebooks never writes over committed files.
    """
    if not isinstance(value, str) or not value.strip():
        _fail(name, value, "it must be a non-empty path to a directory")
    redirect = os.environ.get(OUTPUT_REDIRECT)
    if redirect:
        root = Path(__file__).resolve().parents[2]
        resolved = Path(value).resolve()
        for committed in (root / "data" / "derived", root / "figures"):
            if resolved == committed or committed in resolved.parents:
                return str(Path(redirect) / committed.name / resolved.relative_to(committed))
    return value
