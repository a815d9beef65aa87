"""What an exercise is (``Exercise``) and what an exercise notebook is (``ExerciseSet``).

The exercises themselves are data, read from the exercises file by ``exercise_file`` (``catalogue`` holds
them). Every exercise has a level (1 to 3; level 3 is multi-step), a time estimate (``minutes``) and at
least two ``hints``, a nudge and then the formula. A **bound** exercise (``Exercise.bound``) wants its direction in words; a **choice**
exercise (``Exercise.choose``) one of its options in words (a verdict of ``audit.VERDICTS``); an **open**
one (no solver; ``rubric_points``) is marked by the teacher.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pint

from energycoop.teaching.printed import render
from energycoop.teaching.variants import values
from energycoop.teaching.working import Step


@dataclass(frozen=True)
class Exercise:
    key: str
    title: str
    question: str  # markdown; {id} stands for an input as ``printed.shown`` prints it
    skill: str
    level: int  # 1: one step; 2: two steps or a conversion to choose; 3: several steps or a judgement
    unit: str  # the unit the answer is compared in ("" for open answers)
    solve: Callable[[dict], pint.Quantity] | None = None  # None: an open answer, marked by the teacher
    measures: str | None = None  # what the answer is, in words, if not the unit's kind ("an energy ratio")
    tolerance: float = 0.001  # relative floor of the tolerance
    min_sig: int = 2  # fewest significant figures a stated answer may have
    coarsest: float = 1.0  # largest half-width of a stated answer's interval, relative to it ("10": ± 50%)
    count_words: tuple[str, ...] = ()  # nouns allowed after a plain number ("farms")
    mistakes: dict[str, Callable[[dict], pint.Quantity]] = field(
        default_factory=dict
    )  # explanation -> wrong value
    rubric_points: int = 0  # an open answer's points, marked with the rubric in TEACHING.md
    minutes: int = 5  # a time estimate for a student working alone
    hints: tuple[str, ...] = ()  # revealed one at a time: a nudge first, then the formula; never the answer
    bound: str | None = (
        None  # "lower" or "upper": the answer is a bound and must say which ("at least 255 GW")
    )
    choose: Callable[[dict], str] | None = (
        None  # a choice among ``options`` (a verdict), computed from the inputs
    )
    options: tuple[str, ...] = ()
    wrong_choices: dict[str, str] = field(default_factory=dict)  # a wrong option -> why it is wrong
    chart: Callable[[dict], object] | None = (
        None  # draws the chart the question is about (a matplotlib figure)
    )
    convert: tuple[str, ...] = ()  # units the question gives its figures in: an answer in them is refused
    percent_kind: str | None = (
        None  # "points" (a gap in percentage points) or "relative" (a relative difference)
    )
    whole: bool = False  # a count of whole things: the whole numbers either side of the value are right
    unit_named: bool = (
        False  # the question names the unit ("how many hours"): a bare number is read in ``unit``
    )
    set: str = ""  # the exercise notebook it is in
    steps: tuple[Step, ...] = ()  # the worked solution's steps, in any variant's numbers (``working``)

    @property
    def open(self) -> bool:
        return self.solve is None and self.choose is None

    @property
    def is_choice(self) -> bool:
        return self.choose is not None

    @property
    def multi_step(self) -> bool:
        """Level 3: several steps, or a judgement built on several results."""
        return self.level == 3

    @property
    def points(self) -> int:
        return self.rubric_points if self.open else self.level

    def inputs(self) -> list[str]:
        return list(dict.fromkeys(re.findall(r"\{(\w+)(?::\w+)?\}", self.question)))

    def prompt(self, seed: int = 0) -> str:
        """The question with the inputs of variant ``seed``."""
        return render(self.question, seed)

    def expected(self, seed: int = 0) -> pint.Quantity | str:
        """The answer of variant ``seed``: a choice's verdict, or a numeric answer in the exercise's unit."""
        if self.choose is not None:
            return self.choose(values(seed))
        if self.solve is None:
            raise ValueError(f"exercise {self.key} is an open question: it has no single expected value")
        return self.solve(values(seed)).to(self.unit)

    def expected_value(self, seed: int = 0) -> pint.Quantity:
        """A numeric exercise's answer of variant ``seed``, in its unit (``expected``, for a numeric one)."""
        expected = self.expected(seed)
        if isinstance(expected, str):
            raise ValueError(f"exercise {self.key} is a choice: its answer is a verdict, not a value")
        return expected

    def expected_verdict(self, seed: int = 0) -> str:
        """A choice's answer of variant ``seed``: the verdict's words (``expected``, for a choice)."""
        expected = self.expected(seed)
        if not isinstance(expected, str):
            raise ValueError(f"exercise {self.key} has a numeric answer, not a verdict")
        return expected

    def hint_texts(self, seed: int = 0) -> list[str]:
        """The hints with the inputs of variant ``seed``."""
        return [render(h, seed) for h in self.hints]


_SOLVED: dict[tuple[int, int], tuple[Exercise, tuple[pint.Quantity, dict[str, pint.Quantity]]]] = {}
MAX_SOLVED = 20_000  # (exercise, variant) pairs kept


def solved(exercise: Exercise, seed: int) -> tuple[pint.Quantity, dict[str, pint.Quantity]]:
    """A numeric exercise's expected answer (in its unit) and the value of each of its named mistakes in variant
    ``seed``, computed once per process: a check judges many answers of one variant, and an answer is tried in
    the variants of a whole class (``checker.matched_variants``)."""
    # keyed by the object's id, and holding the object: an id is reused once its object is gone (an exercise
    # replaced in EXERCISES), and a stale entry then answered for the new exercise
    cached = _SOLVED.get((id(exercise), seed))
    if cached is not None and cached[0] is exercise:
        return cached[1]
    v = values(seed)
    found = exercise.expected_value(seed), {why: wrong(v) for why, wrong in exercise.mistakes.items()}
    if len(_SOLVED) >= MAX_SOLVED:
        _SOLVED.clear()
    _SOLVED[(id(exercise), seed)] = (exercise, found)
    return found


@dataclass(frozen=True)
class ExerciseSet:
    """One exercise notebook: its name (the notebook's stem), what it teaches and what to read first."""

    name: str
    objectives: tuple[str, ...]
    prerequisites: tuple[str, ...]
    keys: tuple[str, ...]  # its exercises, in order
