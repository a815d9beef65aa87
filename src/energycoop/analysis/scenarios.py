"""A vectorised scenario sweep: every combination of a few assumptions, evaluated at once.

Each ``Axis`` is one assumption swept over evenly spaced values. ``evaluate`` broadcasts
the axes against each other (numpy, with pint units), so a grid of half a million
scenarios is one call of the same ``energy`` and ``trade`` functions the notebooks use,
not half a million notebook runs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pint

from energycoop.quantities import energy, trade
from energycoop.quantities.units import Q_


@dataclass(frozen=True)
class Axis:
    """One swept assumption: ``steps`` evenly spaced values from ``low`` to ``high`` in ``unit``."""

    name: str
    low: float
    high: float
    steps: int
    unit: str

    def __post_init__(self):
        if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in (self.low, self.high)):
            raise ValueError(
                f"axis {self.name}: low and high must be finite numbers; got {self.low!r}, {self.high!r}"
            )
        if not self.low < self.high:
            raise ValueError(f"axis {self.name}: low {self.low!r} must be below high {self.high!r}")
        if isinstance(self.steps, bool) or not isinstance(self.steps, int) or self.steps < 2:
            raise ValueError(
                f"axis {self.name}: steps must be a whole number of at least 2; got {self.steps!r}"
            )

    def values(self) -> np.ndarray:
        return np.linspace(self.low, self.high, self.steps)


AXES = ("capacity_factor", "coal_rate", "co2_factor", "kwh_per_t", "cny_per_usd")
MAX_SCENARIOS = 10_000_000  # about 1.5 GB of arrays; the default grid has 567,567


def grid(axes: dict[str, Axis]) -> dict[str, pint.Quantity]:
    """Every combination of the axes' values: one full array per axis, one element per scenario
    (dense, so ``evaluate`` computes every scenario rather than broadcasting a few)."""
    missing = [name for name in AXES if name not in axes]
    if missing:
        raise ValueError(f"the sweep needs axes {', '.join(AXES)}; missing {', '.join(missing)}")
    arrays = np.meshgrid(*(axes[name].values() for name in AXES), indexing="ij")
    return {name: Q_(array, axes[name].unit) for name, array in zip(AXES, arrays, strict=True)}


def evaluate(
    g: dict[str, pint.Quantity],
    capacity: pint.Quantity,
    hours: pint.Quantity,
    smelter: pint.Quantity,
    new_three: pint.Quantity,
) -> dict[str, pint.Quantity]:
    """The sweep's answers for every scenario of grid ``g``:

    - ``zhanatas_gwh``: capacity x capacity factor x hours,
    - ``co2_avoided``: that electricity x coal rate x CO2 factor, in tonnes,
    - ``pavlodar_in_zhanatas_farms``: the smelter's electricity (tonnes x kWh/t) over the farm's,
    - ``new_three_usd``: the yuan amount at the exchange rate, in billion USD.

    Each answer is a full array over the grid (one value per scenario).
    """
    generation = energy.annual_energy(capacity, g["capacity_factor"], hours)
    co2 = energy.co2_from_coal(energy.coal_for_electricity(generation, g["coal_rate"]), g["co2_factor"])
    farms = (energy.electricity_for_output(smelter, g["kwh_per_t"]) / generation).to("dimensionless")
    usd = trade.convert_at_rate(new_three, g["cny_per_usd"]).to("billion * USD")
    return {
        "zhanatas_gwh": generation,
        "co2_avoided": co2.to("t"),
        "pavlodar_in_zhanatas_farms": farms,
        "new_three_usd": usd,
    }


def count(axes: dict[str, Axis]) -> int:
    """The number of scenarios in the grid."""
    return math.prod(axes[name].steps for name in AXES)
