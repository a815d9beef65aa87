"""Bounds, for the check (``checker``, rule 6): how a true bound in the right direction is judged
(``true_bound``) and how the exact bound is shown in feedback (``shown``).

The rule, the same in every bound exercise and every variant: a true bound is right when it is the exact bound
**rounded the safe way at its own last digit** (down for "at least", up for "at most"; the trailing zeros of a
whole number may or may not count: "over 300 GW" is 330 rounded down at the hundreds) and gives away no more
than the exercise's precision can at worst (``reach``: 10 % of the exact bound for two significant figures,
whatever the digits, so a one-figure bound passes where it is that close: "at most 9 %" for 8.5 %), or when it
is within ``precision.ROUNDED_INTERMEDIATES`` of the exact bound (worked with rounded intermediate values). A
safe rounding further away ("over 200 GW" for 275) is refused with the next digit to give ("at least 270 GW"); any
other true bound is "true, but weaker than the figures give", and the feedback gives the safe rounding at the
student's digit. So for 255 GW "at least 255 GW" and "over 250 GW" (255 rounded down at the tens) are right and
"at least 254 GW" is weaker; for 13.125 % "at most 13.13 %", "at most 13.2 %" and "at most 14 %" are right and
"at most 13.3 %" is weaker (at its digit the safe rounding is 13.2 %).

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


def reach(exercise: Exercise) -> float:
    """How far (relative) a true bound may be from the exact one and still be right: as far as the exact bound
    rounded the safe way at the exercise's precision can be at worst (two significant figures: 10 %, as for
    "at most 11 %" where the figures give 10.01 %). The same in every variant, whatever the digits."""
    return 10.0 ** (1 - exercise.min_sig)


def _safe(target: float, step: float, lower: bool) -> float:
    return (math.floor if lower else math.ceil)(round(target / step, 9)) * step


def true_bound(
    exercise: Exercise, reading: Reading, value: float, target: float, text: str, in_their_unit: str
) -> tuple[str, str] | None:
    """The verdict on a true bound in the right direction (``value`` and ``target`` in the exercise's unit),
    or None when it is too far from the exact bound (over 30 %) for either rule to be the telling one."""
    unit = exercise.unit
    lower = exercise.bound == "lower"
    word = "at least" if lower else "at most"
    if abs(value - target) > 0.3 * abs(target):
        return None
    if reading.sig is None or abs(value - target) <= precision.ROUNDED_INTERMEDIATES * abs(target):
        return "right", f"Right: {text} (the answer is {in_their_unit})."
    if reading.is_range:
        return None
    distance = abs(value / target - 1)
    coarsest = 2 * precision.half_width(
        reading, unit
    )  # the student's last digit (trailing zeros not counted)
    steps = [coarsest / 10**extra for extra in range(reading.zeros + 1)]  # ... and counted, one by one
    safe_at = [step for step in steps if abs(value - _safe(target, step, lower)) <= 1e-6 * step]
    label = unit_label(ureg.parse_units(unit)) if unit not in ("", "dimensionless") else ""

    def written(x: float, step: float) -> str:
        decimals = max(0, -math.floor(math.log10(step) + 1e-9))
        return f"{x:,.{decimals}f} {label}".rstrip()

    if safe_at and distance <= reach(exercise) * (1 + 1e-9):
        return "right", (
            f"Right: {text}, a bound rounded the safe way at its last digit (the figures give {word} "
            f"{in_their_unit})."
        )
    way = "down" if lower else "up"
    if safe_at:  # rounded the safe way, but at a digit too coarse for the exercise
        finer = safe_at[-1] / 10
        while abs(_safe(target, finer, lower) / target - 1) > reach(exercise):
            finer /= 10
        return "wrong", (
            f"Wrong: {text} is true, but weaker than the figures give: it is rounded the safe way at its last "
            f"digit, but that digit is too coarse ({100 * distance:.1f}% from the tightest bound; a bound here "
            f"may give away at most {100 * reach(exercise):.0f}%). Give one more digit, rounded {way}: "
            f"{word} {written(_safe(target, finer, lower), finer)}."
        )
    return "wrong", (
        f"Wrong: {text} is true, but weaker than the figures give: "
        f"{precision.percent_text(distance)} from the tightest bound; rounded the safe way at your last digit it "
        f"is {written(_safe(target, coarsest, lower), coarsest)}. Work it out from the figures, and round {way} "
        "at the last digit you give, no further."
    )
