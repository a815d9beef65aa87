"""How precise an answer is, for the check (``checker``): the values it stands for (``window``, ``inside``), whether a stated answer is rougher than its exercise
allows (``rough``), the figures a whole number's trailing zeros may add (``figures``), the roughest answer an
exercise accepts (``coarsest_half``), a relative difference in words (``percent_text``) and the base names of a
unit (``base_unit_names``, to tell the units a question gives its figures in).
"""

from __future__ import annotations

import math

from energycoop.quantities.units import Q_, ureg
from energycoop.teaching.answers import Reading
from energycoop.teaching.exercise import Exercise

ROUNDED_INTERMEDIATES = (
    0.0025  # an answer this close (relative) to the exact value is right, whatever its digits
)


def rough(exercise: Exercise, sig: int, half: float, value: float, target: float) -> bool:
    """Whether an answer stated to ``sig`` figures (half-width ``half``) is rougher than the exercise allows."""
    return (
        sig < exercise.min_sig
        or half > exercise.coarsest * abs(value)
        or half > coarsest_half(exercise, target) * 1.000001
    )


def figures(reading: Reading, exercise: Exercise, target: float, unit: str) -> tuple[int, float] | None:
    """The figures an answer states and the half-width they give (in ``unit``), counting the trailing zeros
    of a whole number ("100,000") only as far as the exercise's precision needs; None for a computed
    quantity, or when even all its zeros are too rough."""
    if reading.sig is None or reading.is_range:
        return None
    value = float(reading.quantity.to(unit).magnitude)
    half = half_width(reading, unit)
    for extra in range(reading.zeros + 1):
        sig, narrower = reading.sig + extra, half / 10**extra
        if not rough(exercise, sig, narrower, value, target):
            return sig, narrower
    return None


def half_width(reading: Reading, unit: str) -> float:
    """Half the width of the values a stated answer's last digit stands for, in ``unit``."""
    return (
        abs(float(Q_(reading.high - reading.low, reading.quantity.units).to(unit).magnitude)) / 2
        if reading.quantity.units != ureg.dimensionless or unit in ("dimensionless", "")
        else abs(float(Q_(reading.high - reading.low, "dimensionless").to(unit).magnitude)) / 2
    )


def rounds_alike(
    reading: Reading, exercise: Exercise, low: float, high: float, target: float, mistaken: float
) -> bool:
    """Whether a stated answer (``low`` to ``high``: the values its last digit stands for, in the exercise's unit)
    is the right value and a named mistake's alike, rounded at its own precision, and precise enough for the
    exercise: the student gets the benefit of the doubt ("11 %" for 11.48 % where a mistake gives 10.65 %).
    The trailing zeros of a whole number count as far as the exercise's precision needs, as everywhere
    (``figures``): "10 %" where two figures are asked is 9.5 to 10.5 %, so it gets the doubt for 10.31 % where
    a mistake gives 9.75 %. A rounding too rough for the exercise ("110,000 t" where ±2 % is asked) gets none."""
    if reading.sig is None or reading.is_range or reading.direction:
        return False
    value = float(reading.quantity.to(exercise.unit).magnitude) if exercise.unit else (low + high) / 2
    if not rough(exercise, reading.sig, (high - low) / 2, value, target):
        return inside(target, (low, high)) and inside(mistaken, (low, high))
    stated = figures(reading, exercise, target, exercise.unit) if exercise.unit else None
    if stated is None:
        return False
    narrower = (value - stated[1], value + stated[1])
    return inside(target, narrower) and inside(mistaken, narrower)


def percent_text(fraction: float) -> str:
    """A relative difference in words that never reads '0%': '0.45%', '16%'."""
    return f"{100 * fraction:.2g}%" if 100 * fraction < 10 else f"{100 * fraction:.0f}%"


def times_text(ratio: float) -> str:
    """How far an answer is from the right one, in words people read: "+12.3% from the answer" within a factor
    of 2, else "about 360 times the answer" ("10 times", "about 0.35 times"): never computer notation
    ("3.6e+02") and never a factor of ten as "+900.0%"."""
    if 0.5 <= abs(ratio) <= 2:
        return f"{100 * (ratio - 1):+.1f}% from the answer"
    size = abs(ratio)
    if size == 0 or not math.isfinite(size):  # no multiple to give in words
        return "zero times the answer" if size == 0 else "far from the answer"
    digits = 2 - 1 - math.floor(math.log10(size))
    rounded = round(size, digits)
    shown = f"{rounded:,.{max(digits, 0)}f}"
    shown = shown.rstrip("0").rstrip(".") if "." in shown else shown
    about = "" if math.isclose(rounded, size, rel_tol=1e-6) else "about "
    return f"{about}{shown} times the answer{' (and of the other sign)' * (ratio < 0)}"


def coarsest_half(exercise: Exercise, target: float) -> float:
    """Half the width of the roughest answer the exercise accepts near ``target`` (its least precision)."""
    if not target:
        return math.inf
    exponent = math.floor(math.log10(abs(target))) - exercise.min_sig + 1
    return (
        max(0.5 * 10**exponent, 0.0)
        if exercise.coarsest >= 1
        else min(0.5 * 10**exponent, exercise.coarsest * abs(target))
    )


def base_unit_names(units) -> set[str]:
    names = set()
    for name in dict(units._units):
        try:
            _prefix, base, _suffix = ureg.parse_unit_name(name)[0]
        except (IndexError, ValueError):
            base = name
        names.add(base)
    return names - {"million", "billion", "trillion", "thousand", "count"}


def window(
    reading: Reading, low: float, high: float, value: float, exercise: Exercise
) -> tuple[float, float]:
    """The values an answer stands for, in the exercise's unit: its precision, or the tolerance for rounded
    intermediate values, whichever is wider (a computed quantity: ``Exercise.tolerance``)."""
    if reading.sig is None:
        slack = exercise.tolerance * abs(value)
        return value - slack, value + slack
    slack = ROUNDED_INTERMEDIATES * abs(value)
    return min(low, value - slack), max(high, value + slack)


def inside(x: float, window: tuple[float, float]) -> bool:
    return window[0] - 1e-12 * abs(x) <= x <= window[1] + 1e-12 * abs(x)
