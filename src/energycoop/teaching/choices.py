"""Judging a choice among an exercise's options (a verdict's words, ``verdict_on_choice``), as people write
it: in any case, with or without quotes and articles, its words in any order ("the bound is confirmed",
"confirmed (within rounding)"); an answer that says what the verdict is not ("not confirmed") cannot be read.
``checker.verdict`` calls it for a choice exercise.
"""

from __future__ import annotations

import re

from energycoop.analysis import audit
from energycoop.teaching.answers import MAX_LENGTH
from energycoop.teaching.exercise import Exercise


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[\"'“”‘’.!,;:`()\[\]]", " ", text).lower().replace("-", " ").split())


_NEGATIONS = {"not", "no", "never", "isn", "isnt", "neither", "nor"}
_EMPTY_WORDS = {
    "the",
    "a",
    "an",
    "is",
    "it",
    "its",
    "this",
    "that",
    "claim",
    "verdict",
    "answer",
    "my",
    "i",
    "say",
    "think",
    "would",
    "be",
    "was",
    "as",
    "so",
    "s",
}


def _choice_words(text: str) -> frozenset[str]:
    """The words of a verdict that carry its meaning, in any order ('the bound is confirmed': bound, confirmed);
    empty when a word negates it ('not confirmed')."""
    words = re.sub(r"[()\[\]]", " ", text).split()
    if _NEGATIONS & set(words):
        return frozenset()
    return frozenset(w for w in words if w not in _EMPTY_WORDS)


def verdict_on_choice(exercise: Exercise, answer, seed: int) -> tuple[str, str]:
    """A choice among ``exercise.options`` (a verdict's words), right or wrong, and why."""
    options = {_normal(o): o for o in exercise.options}
    listed = "; ".join(f'"{o}"' for o in exercise.options)
    if not isinstance(answer, str):
        return (
            "wrong",
            'Cannot read your answer: write one of the verdicts as text, e.g. answer = "compatible".',
        )
    if len(answer) > MAX_LENGTH:
        return "wrong", f"Cannot read your answer: a verdict is a few words, not {len(answer):,} characters."
    given = _normal(answer)
    given = re.sub(r"^(?:the\s+)?(?:verdict|answer)\s+(?:is\s+)?", "", given)
    given = re.sub(r"^(?:it\s+is|it s)\s+", "", given)
    words = _choice_words(given)
    if words and given not in options:  # "the bound is confirmed", "confirmed (within rounding)"
        same = [o for o in options if _choice_words(o) == words]
        if len(same) == 1:
            given = same[0]
    if given not in options and _NEGATIONS & set(given.split()):
        return "wrong", (
            f"Cannot read your answer: {answer.strip()[:60]!r} says what the verdict is not; write the "
            f"verdict it is, one of {listed}."
        )
    if given not in options:
        found = [o for o in options if re.search(rf"\b{re.escape(o)}\b", given)]
        longest = max(found, key=len) if found else None
        if longest and all(longest == o or o in longest for o in found):
            given = longest
        else:
            return (
                "wrong",
                f"Cannot read your answer: {answer.strip()[:60]!r} is not one of the verdicts ({listed}).",
            )
    expected = exercise.expected_verdict(seed)
    if options[given] == expected:
        return "right", f"Right: {expected} ({audit.VERDICTS.get(expected, '')})."
    why = exercise.wrong_choices.get(
        options[given], "compare your reasoning with each verdict's definition in notebook 10's legend"
    )
    return "wrong", f'Wrong: not "{options[given]}": {why}.'
