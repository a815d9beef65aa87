"""The catalogue of exercises: the exercises and sets the exercises file holds (read by ``exercise_file``),
numbered across the notebooks in the order of the sets, and the rule that keeps each named mistake apart
from its answer in every variant."""

from __future__ import annotations

from energycoop.teaching import variants
from energycoop.teaching.exercise import ExerciseSet
from energycoop.teaching.exercise_file import load
from energycoop.teaching.variants import values

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
