"""What a printed, rounded number stands for, and what a ratio of two such numbers can be.

A figure printed as ``110,000`` stands for anything from 105,000 to 115,000 (``rounding_interval``);
the ratio of two rounded figures runs from the smallest numerator over the largest denominator to the
largest over the smallest (``ratio_bounds``). The audit, notebook 02 and the exercises use these two.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any


def rounding_interval(printed: str) -> tuple[float, float]:
    """The interval a printed number stands for if it was rounded at its last significant digit.

    Trailing zeros of a whole number are taken as not significant: ``'350'`` gives
    (345, 355), ``'110,000'`` gives (105,000, 115,000), ``'2.5'`` gives (2.45, 2.55).
    Raises ``ValueError`` for text that is not a number written in digits.
    """
    text = str(printed).replace(",", "").strip()
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        raise ValueError(f"{printed!r} is not a number written in digits")
    if "." in text:
        exponent = -len(text.split(".")[1])
    else:
        significant = text.rstrip("0") or "0"
        exponent = len(text) - len(significant)
    half = Decimal(5) * Decimal(10) ** (exponent - 1)
    value = Decimal(text)
    return float(value - half), float(value + half)


def ratio_bounds(
    numerator: tuple[Any, Any],
    denominator: tuple[Any, Any],
    ratio: Callable[[Any, Any], Any] = operator.truediv,
) -> tuple[Any, Any]:
    """The lowest and highest ``ratio(n, d)`` for ``n`` in ``numerator`` and ``d`` in ``denominator``
    (each ``(low, high)``, positive): ``(ratio(n_low, d_high), ratio(n_high, d_low))``. ``ratio`` is a
    division by default, or a formula that is one (``energy.coal_rate``)."""
    (n_low, n_high), (d_low, d_high) = numerator, denominator
    return ratio(n_low, d_high), ratio(n_high, d_low)
