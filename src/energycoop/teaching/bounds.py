"""Bounds, for the check (``checker``, rule 6): how a true bound in the right direction is judged
(``true_bound``) and how the exact bound is shown in feedback (``shown``).

The rule, the same in every bound exercise: a true bound is right when it is the exact bound **rounded the safe
way at its own last digit** (down for "at least", up for "at most"), at no less than the exercise's precision
(the trailing zeros of a whole number count as far as that precision needs), or within
``precision.ROUNDED_INTERMEDIATES`` of the exact bound (worked with rounded intermediate values). A true bound
further from the exact one is "true, but weaker than the figures give", and the feedback gives the safe rounding
at the student's digit. So for 255 GW "at least 255 GW" and "over 250 GW" (255 rounded down at the tens) are
right and "at least 254 GW" is weaker; for 13.125 % "at most 13.13 %", "at most 13.2 %" and "at most 14 %" are
right and "at most 13.3 %" is weaker (at its digit the safe rounding is 13.2 %).

Shown in feedback, the exact bound is itself a true bound: rounded the safe way at the digits shown
("13.13%" for at most 13.125 %, never "13.12%"), and without decimals that only repeat zeros ("255 GW", not
"255.0 GW").
"""

from __future__ import annotations

import math
import re

import pint

from energycoop.quantities.units import unit_label, ureg
from energycoop.teaching import precision
from energycoop.teaching.answers import Reading
from energycoop.teaching.exercise import Exercise
from energycoop.teaching.printed import shown_value

_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def shown(q: pint.Quantity, bound: str | None) -> str:
    """``q`` for feedback (``printed.shown_value``); for a bound, rounded the safe way at the digits shown and
    without zeros after the point when the value is exact."""
    text = shown_value(q, 4)
    found = _NUMBER.search(text)
    if not bound or found is None or "×10^" in text:
        return text
    digits = found.group(0)
    displayed = float(digits.replace(",", ""))
    exact = float(q.to("percent").magnitude) if "%" in text else float(q.magnitude)
    decimals = len(digits.partition(".")[2])
    if math.isclose(displayed, exact, rel_tol=1e-9, abs_tol=1e-12):
        new = digits.rstrip("0").rstrip(".") if "." in digits else digits
    else:
        scale = 10**decimals
        safe = (math.floor if bound == "lower" else math.ceil)(round(exact * scale, 6)) / scale
        new = f"{safe:{',' if ',' in digits else ''}.{decimals}f}"
    return text[: found.start()] + new + text[found.end() :]


def true_bound(
    exercise: Exercise, reading: Reading, value: float, target: float, text: str, in_their_unit: str
) -> tuple[str, str] | None:
    """The verdict on a true bound in the right direction (``value`` and ``target`` in the exercise's unit),
    or None when it is too far from the exact bound (over 30 %) for either rule to be the telling one."""
    unit = exercise.unit
    word = "at least" if exercise.bound == "lower" else "at most"
    if abs(value - target) > 0.3 * abs(target):
        return None
    if reading.sig is None or abs(value - target) <= precision.ROUNDED_INTERMEDIATES * abs(target):
        return "right", f"Right: {text} (the answer is {in_their_unit})."
    figures = precision.figures(reading, exercise, target, unit)
    safe = None
    if figures is not None:
        step = 2 * figures[1]
        turn = math.floor if exercise.bound == "lower" else math.ceil
        safe = turn(round(target / step, 9)) * step
        if abs(value - safe) <= 1e-6 * step:
            return "right", (
                f"Right: {text}, a bound rounded the safe way at its last digit (the figures give {word} "
                f"{in_their_unit})."
            )
    at_digit = ""
    if safe is not None:
        decimals = max(0, -math.floor(math.log10(step) + 1e-9))
        label = unit_label(ureg.parse_units(unit)) if unit not in ("", "dimensionless") else ""
        at_digit = f"; rounded the safe way at your last digit it is {safe:,.{decimals}f} {label}".rstrip()
    return "wrong", (
        f"Wrong: {text} is true, but weaker than the figures give: "
        f"{precision.percent_text(abs(value / target - 1))} from the tightest bound{at_digit}. Work it out from "
        f"the figures rather than rounding far, and round {'down' if exercise.bound == 'lower' else 'up'} at "
        "the last digit you give."
    )
