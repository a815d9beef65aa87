"""Energy arithmetic on pint quantities.

Every function takes and returns pint quantities, checks the dimension of what it is
given, and refuses non-finite, zero or negative inputs with a message naming the
argument. Magnitudes may be numpy arrays: the same functions then evaluate many draws
or scenarios at once. Nothing here rounds: round for display only (``units.fmt``).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pint

from energycoop.quantities.units import Q_, ureg

POWER = ureg.W.dimensionality
ENERGY = ureg.J.dimensionality
TIME = ureg.h.dimensionality
MASS = ureg.kg.dimensionality
VOLUME = ureg.m.dimensionality**3


def _check(name: str, value, dimensionality=None, *, allow_zero: bool = False) -> pint.Quantity:
    """Return ``value`` if it is a finite, positive pint quantity of ``dimensionality``."""
    if not isinstance(value, pint.Quantity):
        raise TypeError(f"{name} must be a pint quantity with units; got {value!r}")
    if dimensionality is not None and value.dimensionality != dimensionality:
        raise pint.DimensionalityError(
            str(value.units),
            "",
            str(value.dimensionality),
            str(dimensionality),
            extra_msg=f" ({name} must be a {dimensionality} quantity)",
        )
    magnitude = np.asarray(value.magnitude, dtype=float)
    if not np.all(np.isfinite(magnitude)):
        raise ValueError(f"{name} must be finite; got {value}")
    if np.any(magnitude < 0) or (not allow_zero and np.any(magnitude == 0)):
        raise ValueError(f"{name} must be greater than zero; got {value}")
    return value


def capacity_from_units(count: int, unit_capacity: pint.Quantity) -> pint.Quantity:
    """Installed capacity of ``count`` identical units: ``count * unit_capacity`` (in MW)."""
    if isinstance(count, bool) or not isinstance(count, int) or count <= 0:
        raise ValueError(f"count must be a whole number greater than zero; got {count!r}")
    _check("unit_capacity", unit_capacity, POWER)
    return (count * unit_capacity).to("MW")


def full_load_hours(energy: pint.Quantity, capacity: pint.Quantity) -> pint.Quantity:
    """Hours at full capacity that would produce ``energy``: ``energy / capacity`` (in h)."""
    _check("energy", energy, ENERGY)
    _check("capacity", capacity, POWER)
    return (energy / capacity).to("h")


def capacity_factor(energy: pint.Quantity, capacity: pint.Quantity, period: pint.Quantity) -> pint.Quantity:
    """Share of the possible output actually produced: ``energy / (capacity * period)``.

    Raises ``ValueError`` if the result exceeds 1: no plant produces more than its
    capacity running every hour of the period.
    """
    _check("energy", energy, ENERGY)
    _check("capacity", capacity, POWER)
    _check("period", period, TIME)
    factor = (energy / (capacity * period)).to("dimensionless")
    if np.any(factor.magnitude > 1):
        raise ValueError(
            f"capacity factor {np.max(factor.magnitude):.3f} exceeds 1: {energy} cannot come from "
            f"{capacity} in {period}"
        )
    return factor


def energy_per_unit(energy: pint.Quantity, count: int) -> pint.Quantity:
    """Energy per unit (turbine, plant, MW...): ``energy / count``."""
    _check("energy", energy, ENERGY)
    if isinstance(count, bool) or not isinstance(count, (int, float)) or not count > 0:
        raise ValueError(f"count must be greater than zero; got {count!r}")
    return energy / count


def coal_rate(coal: pint.Quantity, electricity: pint.Quantity) -> pint.Quantity:
    """Standard coal per kWh: ``coal / electricity``, in grams of coal equivalent per kWh."""
    _check("coal", coal, ENERGY)
    _check("electricity", electricity, ENERGY)
    return (coal / electricity).to("gce/kWh")


def coal_for_electricity(electricity: pint.Quantity, rate: pint.Quantity) -> pint.Quantity:
    """Standard coal a thermal plant burns for ``electricity`` at ``rate`` (gce/kWh), in tce."""
    _check("electricity", electricity, ENERGY)
    _check("rate", rate, ureg.dimensionless.dimensionality)
    return (electricity * rate).to("tce")


def coal_energy(coal: pint.Quantity, unit: str = "PJ") -> pint.Quantity:
    """Energy content of ``coal`` (tonnes of coal equivalent) in ``unit`` (PJ, TWh, toe...)."""
    _check("coal", coal, ENERGY)
    return coal.to(unit)


def implied_efficiency(electricity: pint.Quantity, fuel: pint.Quantity) -> pint.Quantity:
    """Electricity out over fuel energy in: ``electricity / fuel`` (a fraction).

    Raises ``ValueError`` if above 1, which would mean energy created from nothing.
    """
    _check("electricity", electricity, ENERGY)
    _check("fuel", fuel, ENERGY)
    efficiency = (electricity / fuel).to("dimensionless")
    if np.any(efficiency.magnitude > 1):
        raise ValueError(
            f"efficiency {np.max(efficiency.magnitude):.3f} exceeds 1: {electricity} out of {fuel} in"
        )
    return efficiency


def co2_from_coal(coal: pint.Quantity, factor: pint.Quantity) -> pint.Quantity:
    """CO2 emitted by burning ``coal`` (tce) at ``factor`` (t CO2 per tce), in tonnes."""
    _check("coal", coal, ENERGY)
    _check("factor", factor, MASS / ENERGY)
    return (coal * factor).to("t")


def co2_from_electricity(electricity: pint.Quantity, intensity: pint.Quantity) -> pint.Quantity:
    """CO2 of ``electricity`` at a grid ``intensity`` (g CO2 per kWh), in tonnes."""
    _check("electricity", electricity, ENERGY)
    _check("intensity", intensity, MASS / ENERGY)
    return (electricity * intensity).to("t")


def annual_energy(capacity: pint.Quantity, factor, period: pint.Quantity) -> pint.Quantity:
    """Energy produced in ``period`` by ``capacity`` running at capacity factor ``factor``:
    ``capacity * factor * period`` (in GWh). The inverse of ``capacity_factor``."""
    _check("capacity", capacity, POWER)
    _check("period", period, TIME)
    factor = factor if isinstance(factor, pint.Quantity) else Q_(factor, "dimensionless")
    _check("capacity factor", factor, ureg.dimensionless.dimensionality)
    return (capacity * factor * period).to("GWh")


def average_power(energy: pint.Quantity, period: pint.Quantity) -> pint.Quantity:
    """The steady power that delivers ``energy`` over ``period``: ``energy / period`` (in MW)."""
    _check("energy", energy, ENERGY)
    _check("period", period, TIME)
    return (energy / period).to("MW")


def electricity_for_output(output: pint.Quantity, intensity: pint.Quantity) -> pint.Quantity:
    """Electricity to make ``output`` (a mass, such as tonnes of aluminium) at ``intensity``
    (electricity per tonne, kWh/t): ``output * intensity`` (in TWh)."""
    _check("output", output, MASS)
    _check("intensity", intensity, ENERGY / MASS)
    return (output * intensity).to("TWh")


def per_day(annual: pint.Quantity, days_per_year: pint.Quantity) -> pint.Quantity:
    """A yearly amount as a daily rate over ``days_per_year`` of operation."""
    _check("annual", annual)
    _check("days_per_year", days_per_year, TIME)
    return annual / days_per_year.to("day")


def oil_barrels_per_day(
    annual: pint.Quantity, barrels_per_tonne: pint.Quantity, days_per_year: pint.Quantity
) -> pint.Quantity:
    """A yearly mass of crude as barrels a day: ``annual / days_per_year * barrels_per_tonne``.

    The barrel is the 42-gallon oil barrel (``oil_bbl``), not pint's 31.5-gallon ``bbl``."""
    _check("annual", annual, MASS)
    _check("barrels_per_tonne", barrels_per_tonne, VOLUME / MASS)
    return (per_day(annual, days_per_year) * barrels_per_tonne).to("oil_bbl/day")


def annualise(amount: pint.Quantity, covered: pint.Quantity, year: pint.Quantity) -> pint.Quantity:
    """A part-year ``amount`` (over ``covered`` days) scaled to a ``year``: a run rate."""
    _check("amount", amount)
    _check("covered", covered, TIME)
    _check("year", year, TIME)
    return amount * (year / covered).to("dimensionless")


def share(part: pint.Quantity, whole: pint.Quantity) -> pint.Quantity:
    """``part`` as a percentage of ``whole`` (same dimension)."""
    _check("whole", whole)
    _check("part", part, whole.dimensionality, allow_zero=True)
    return (part / whole).to("percent")


def months_between(start: date, end: date) -> int:
    """Whole calendar months from the month of ``start`` to the month of ``end``
    (July 2021 to April 2022 is 9). Raises ``ValueError`` if ``end`` is before ``start``."""
    for name, value in (("start", start), ("end", end)):
        if not isinstance(value, date):
            raise TypeError(f"{name} must be a datetime.date; got {value!r}")
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if months < 0:
        raise ValueError(f"end {end.isoformat()} is before start {start.isoformat()}")
    return months


def hours(value: float) -> pint.Quantity:
    """A period of ``value`` hours (for ``hours_per_year`` parameters)."""
    return Q_(value, "h")
