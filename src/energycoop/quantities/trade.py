"""Trade and growth arithmetic: year-on-year back-calculation, growth, shares with bounds,
exchange rates.

A figure printed with "over", "more than" or "exceeded" is a lower bound, not a value.
``Bounded`` carries such a figure with its direction, and ``ratio`` works out what the
bound of a ratio is: a lower-bound numerator gives a lower bound, a lower-bound
denominator gives an upper bound, and two lower bounds give no bound at all.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pint

BOUNDS = ("value", "lower", "upper")


def _finite(name: str, x):
    """The magnitude of ``x`` (a float, or an array for vectorised use) if every element is finite."""
    magnitude = x.magnitude if isinstance(x, pint.Quantity) else x
    if isinstance(magnitude, bool) or not isinstance(magnitude, (int, float, np.ndarray)):
        raise ValueError(f"{name} must be a finite number; got {x!r}")  # callers catch ValueError
    if not np.all(np.isfinite(magnitude)):
        raise ValueError(f"{name} must be a finite number; got {x!r}")
    return magnitude if isinstance(magnitude, np.ndarray) else float(magnitude)


def _growth_fraction(growth: pint.Quantity) -> float:
    if not isinstance(growth, pint.Quantity) or growth.dimensionless is False:
        raise TypeError(
            f"growth must be a dimensionless pint quantity such as Q_(77.6, 'percent'); got {growth!r}"
        )
    fraction = _finite("growth", growth.to("dimensionless"))
    if np.any(np.asarray(fraction) <= -1):
        raise ValueError(
            f"growth {growth} is not allowed: a fall of 100% or more leaves nothing to grow from"
        )
    return fraction


def back_calculate(current: pint.Quantity, growth: pint.Quantity) -> pint.Quantity:
    """The previous year's level from this year's and the year-on-year growth:
    ``previous = current / (1 + growth)``."""
    _finite("current", current)
    return current / (1 + _growth_fraction(growth))


def grow(previous: pint.Quantity, growth: pint.Quantity) -> pint.Quantity:
    """This year's level from the previous year's: ``current = previous * (1 + growth)``
    (the inverse of ``back_calculate``)."""
    _finite("previous", previous)
    return previous * (1 + _growth_fraction(growth))


def growth_between(previous: pint.Quantity, current: pint.Quantity) -> pint.Quantity:
    """Growth from ``previous`` to ``current``, in percent: ``current / previous - 1``."""
    if np.any(np.asarray(_finite("previous", previous)) <= 0):
        raise ValueError(f"previous must be greater than zero; got {previous}")
    _finite("current", current)
    return ((current / previous).to("dimensionless") - 1).to("percent")


@dataclass(frozen=True)
class Bounded:
    """A quantity that is a value, a lower bound or an upper bound."""

    quantity: pint.Quantity
    bound: str = "value"

    def __post_init__(self):
        if self.bound not in BOUNDS:
            raise ValueError(f"bound {self.bound!r} is not one of {', '.join(BOUNDS)}")

    @classmethod
    def from_qualifier(cls, quantity: pint.Quantity, qualifier: str) -> Bounded:
        """Read an article qualifier: 'over', 'more than' and 'exceeded' make a lower bound."""
        return cls(quantity, "lower" if qualifier in ("over", "more than", "exceeded") else "value")

    def describe(self) -> str:
        return {"value": "", "lower": "at least ", "upper": "at most "}[self.bound]


_FLIP = {"value": "value", "lower": "upper", "upper": "lower"}


def ratio(numerator: Bounded, denominator: Bounded) -> Bounded:
    """``numerator / denominator`` with its bound.

    Dividing by a lower bound gives an upper bound (a larger denominator can only shrink
    the ratio). When numerator and denominator bound in directions that do not agree,
    nothing can be said and ``ValueError`` is raised.
    """
    if _finite("denominator", denominator.quantity) == 0:
        raise ValueError("denominator is zero")
    flipped = _FLIP[denominator.bound]
    if numerator.bound == "value":
        bound = flipped
    elif flipped == "value" or flipped == numerator.bound:
        bound = numerator.bound
    else:
        raise ValueError(
            f"a {numerator.bound} bound divided by a {denominator.bound} bound has no bound: the ratio could be anything"
        )
    return Bounded(numerator.quantity / denominator.quantity, bound)


def scale(value: Bounded, factor) -> Bounded:
    """``value * factor`` for a positive ``factor``: the bound keeps its direction."""
    if _finite("factor", factor) <= 0:
        raise ValueError(f"factor must be greater than zero to keep the bound's direction; got {factor}")
    return Bounded(value.quantity * factor, value.bound)


def implied_rate(amount: pint.Quantity, other: pint.Quantity) -> pint.Quantity:
    """The exchange rate two amounts of the same thing imply: ``amount / other``
    (1.06 trillion CNY over 145.6 billion USD is 7.28 CNY/USD)."""
    if np.any(np.asarray(_finite("amount", amount)) <= 0) or np.any(np.asarray(_finite("other", other)) <= 0):
        raise ValueError(f"both amounts must be greater than zero; got {amount} and {other}")
    return amount / other


def _is_one_currency(quantity: pint.Quantity) -> bool:
    dims = dict(quantity.dimensionality)
    return len(dims) == 1 and next(iter(dims)).startswith("[currency") and next(iter(dims.values())) == 1


def convert_at_rate(amount: pint.Quantity, rate: pint.Quantity) -> pint.Quantity:
    """``amount`` in the other currency of ``rate``: yuan at CNY/USD give dollars, dollars give yuan."""
    if np.any(np.asarray(_finite("rate", rate)) <= 0):
        raise ValueError(f"exchange rate must be greater than zero; got {rate}")
    for converted in (amount / rate, amount * rate):
        if _is_one_currency(converted) and converted.dimensionality != amount.dimensionality:
            return converted
    raise pint.DimensionalityError(
        amount.units, rate.units, extra_msg=": the rate does not convert this amount"
    )
