"""Monte Carlo intervals and one-at-a-time sensitivity (tornado) data.

An uncertain input is a ``Range``: a low, a base and a high value with a unit. Monte
Carlo draws each input uniformly between its low and high (a rounded figure is equally
likely anywhere in its rounding interval; an assumption anywhere in its stated range),
all inputs independent, from one seeded generator, so results are the same on every
run. A model is any function of keyword quantities that works on numpy arrays, such as
the ``energy`` and ``trade`` functions.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pint

from energycoop.quantities.units import Q_

MAX_DRAWS = 5_000_000  # draws per headline: at most about 350 MB for the 12 headlines (measured)


@dataclass(frozen=True)
class Range:
    """An uncertain input: ``low <= base <= high`` in ``unit``; ``source`` says where the range comes
    from in words, ``ref`` is the id of the data row it comes from."""

    low: float
    base: float
    high: float
    unit: str
    source: str = ""
    ref: str = ""

    def __post_init__(self):
        values = (self.low, self.base, self.high)
        if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in values):
            raise ValueError(f"a range needs three finite numbers; got {values}")
        if not self.low <= self.base <= self.high:
            raise ValueError(f"a range needs low <= base <= high; got {self.low}, {self.base}, {self.high}")

    def quantity(self, which: str = "base") -> pint.Quantity:
        return Q_(getattr(self, which), self.unit)


def draw(inputs: dict[str, Range], n: int, seed: int) -> dict[str, pint.Quantity]:
    """``n`` independent uniform draws of each input (in a fixed order, from one seeded generator)."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a whole number of draws of at least 1; got {n!r}")
    rng = np.random.default_rng(seed)
    return {
        name: Q_(rng.uniform(r.low, r.high, n), r.unit) if r.high > r.low else Q_(np.full(n, r.base), r.unit)
        for name, r in inputs.items()
    }


def monte_carlo(
    model: Callable[..., pint.Quantity], inputs: dict[str, Range], n: int, seed: int, unit: str
) -> np.ndarray:
    """The model's output for ``n`` joint draws of ``inputs``, as a plain array in ``unit``."""
    return np.asarray(model(**draw(inputs, n, seed)).to(unit).magnitude, dtype=float)


def interval(values: np.ndarray, levels=(5, 50, 95)) -> dict[str, float]:
    """Percentiles of ``values`` (by default the 90% interval and the median)."""
    return {f"p{level:g}": float(np.percentile(values, level)) for level in levels}


def tornado(model: Callable[..., pint.Quantity], inputs: dict[str, Range], unit: str) -> pd.DataFrame:
    """One-at-a-time sensitivity: the output with each input at its low and at its high,
    the others at base (inputs known exactly are left out). Rows sorted by swing (largest first):
    the top row matters most."""
    base_inputs = {name: r.quantity("base") for name, r in inputs.items()}
    base = float(model(**base_inputs).to(unit).magnitude)
    rows = []
    for name, r in inputs.items():
        if r.low == r.high:  # known exactly: nothing to swing
            continue
        at = {}
        for which in ("low", "high"):
            at[which] = float(model(**{**base_inputs, name: r.quantity(which)}).to(unit).magnitude)
        rows.append(
            {
                "input": name,
                "output_at_low": at["low"],
                "output_at_high": at["high"],
                "base": base,
                "swing": abs(at["high"] - at["low"]),
            }
        )
    return pd.DataFrame(rows).sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
