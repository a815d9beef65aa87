"""Named functions the exercises file (``notebooks/exercises/exercises.toml``) refers to.

A solver computes an exercise's expected answer, a chooser its verdict, a mistake the value a named slip
gives, a chart the figure a question is about, a worked value a figure a worked step reads that no sum of
the inputs gives (the widest bar of a tornado chart); each takes the variant's inputs (``variants.values``).
They are registered by name with a decorator (``@solver``), the function's own name unless another is
given, and looked up by the name the exercises file writes.
"""

from __future__ import annotations

from collections.abc import Callable


class Registry(dict):
    """Functions of one kind by name; calling it with a function registers that function."""

    def __init__(self, kind: str):
        super().__init__()
        self.kind = kind

    def __call__(self, function: Callable) -> Callable:
        if function.__name__ in self:
            raise ValueError(f"two {self.kind}s are named {function.__name__!r}")
        self[function.__name__] = function
        return function


solver = Registry("solver")  # an expected answer, a pint quantity
chooser = Registry("chooser")  # an expected choice, a verdict's words
mistake = Registry("mistake")  # the value a named slip gives
chart = Registry("chart")  # the matplotlib figure a question is about
worked = Registry("worked value")  # a figure a worked step names as {=name} (a quantity, or words)
