"""A unit slip the check gives partial credit for (``checker``, rule 2): tonnes written where the question asks
for tonnes of standard coal ("105,875 t", "34.4 million tonnes"). A tonne alone is a mass and tce an amount of
energy (the distinction exercises 3 and 5 teach), so the answer is wrong; but where its number, read in the
question's tce, would be right (named mistakes and precision included), the feedback says "Nearly: the number
is right, but the unit should be tce", the case TEACHING.md's partial-credit policy gives half the points.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pint

from energycoop.quantities.units import Q_, ureg
from energycoop.teaching.answers import Reading
from energycoop.teaching.exercise import Exercise


def tonnes_for_tce(
    exercise: Exercise, reading: Reading, judge: Callable[[Reading], tuple[str, str]]
) -> Reading | None:
    """The answer read in the question's tce, if it is in tonnes (a mass) where tce are asked and that
    reading is right by ``judge``; else None."""
    given: pint.Quantity = reading.quantity
    if "tce" not in exercise.unit or given.dimensionality != ureg.parse_units("t").dimensionality:
        return None
    in_t = float(given.to(exercise.unit.replace("tce", "t")).magnitude)
    scale = in_t / float(given.magnitude) if given.magnitude else 1.0
    as_tce = replace(
        reading,
        quantity=Q_(in_t, exercise.unit),
        low=reading.low * scale,
        high=reading.high * scale,
        worded=True,
    )
    return as_tce if judge(as_tce)[0] == "right" else None
