"""Named mistakes in reading energy figures, each as the calculation that makes it.

Notebook 11 sets each beside the right calculation; the exercises name them when a student's
answer lands on one (``teaching/mistakes.py``). Each is written here once.
"""

from __future__ import annotations

import pint

from energycoop.quantities.units import Q_


def coal_read_as_oil(coal: pint.Quantity) -> pint.Quantity:
    """Tonnes of coal equivalent (29.3076 GJ each) read as tonnes of oil equivalent (41.868 GJ)."""
    return Q_(coal.to("tce").magnitude, "toe")


def capacity_factor_without_hours(energy: pint.Quantity, capacity: pint.Quantity) -> pint.Quantity:
    """A year's energy in GWh divided by the capacity in MW, the units dropped and the number read
    as a capacity factor (the hours of the year left out)."""
    return Q_((energy / capacity).to("GWh/MW").magnitude, "")


def fuel_added_to_electricity(electricity: pint.Quantity, fuel: pint.Quantity) -> pint.Quantity:
    """The fuel energy a plant saves added to the electricity it makes, as if both were output."""
    return electricity + fuel.to(electricity.units)


def growth_subtracted(value: pint.Quantity, growth: pint.Quantity) -> pint.Quantity:
    """Last year's value from this year's, by subtracting the growth (``value × (1 − g)``) instead of
    dividing by ``1 + g``."""
    return value * (1 - growth.to("").magnitude)


def oil_barrels_as_pint_bbl(flow: pint.Quantity) -> pint.Quantity:
    """A flow of 42-gallon oil barrels a day written in pint's ``bbl``, the 31.5-gallon US barrel."""
    return Q_(flow.to("oil_bbl/day").magnitude, "bbl/day")
