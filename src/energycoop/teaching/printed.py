"""How the exercises print numbers: an input in a question, and a value in feedback or a key.

Both go through the collection's one formatter (``units.fmt``: rounding to significant figures,
thousands separators, readable unit names). What is the teaching layer's own lives here, once:

- an input is printed to **the variant's printed rounding** (``variants.printed_step``), in the unit and
  words the questions use (``SHOWN``): '79.8 million kWh', '110,000 t of standard coal', '40'. Seed 0 prints
  the article's figures as the article prints them; a variant's figure keeps the digits of that rounding
  ('1.0 million units' where the article says '1.2 million units');
- a value in feedback (``shown_value``) is given to a number of significant figures, very large and very
  small ones as a power of ten ('3.220×10^15 J').
"""

from __future__ import annotations

import math
import re

import pint

from energycoop.quantities.units import Q_, fmt, unit_label, ureg
from energycoop.teaching.variants import printed_interval, printed_step, rounding_step, values

# How an input is written in a question: (unit to show it in, the words after the number).
SHOWN = {
    "turgusun_capacity": ("MW", "MW"),
    "turgusun_annual_generation": ("GWh", "million kWh"),
    "zhanatas_turbines": ("dimensionless", ""),
    "zhanatas_turbine_capacity": ("MW", "MW"),
    "zhanatas_annual_generation": ("GWh", "million kWh"),
    "zhanatas_coal_saved": ("tce", "t of standard coal"),
    "world_renewable_additions": ("GW", "million kW"),
    "china_share_of_world_additions": ("percent", "%"),
    "nev_exports": ("million", "million units"),
    "nev_export_growth": ("percent", "percent"),
    "pavlodar_capacity": ("t", "t"),
    "aluminium_kwh_per_t": ("kWh/t", "kWh per tonne"),
    "new_three_exports_cny": ("trillion * CNY", "trillion yuan"),
    "new_three_exports_usd": ("billion * USD", "billion US dollars"),
    "atyrau_capacity": ("Mt", "million tonnes"),
    "crude_bbl_per_tonne": ("oil_bbl/t", "barrels per tonne"),
    "tce_definition": ("GJ", "GJ"),
    "china_coal_rate_2023": ("gce/kWh", "gce/kWh"),
    "hours_per_year": ("h", "hours"),
    "days_per_year": ("day", "days"),
    "nev_production_and_sales": ("million", "million"),
    "zhanatas_expected_generation_2020": ("GWh", "million kWh"),
    "irena_china_additions_2023": ("GW", "GW"),
    "irena_additions_2023": ("GW", "GW"),
    "irena_capacity_2023": ("GW", "GW"),
    "kazakhstan_generation_2023": ("TWh", "TWh"),
}


def number(key: str, q: pint.Quantity, step: float | None = None, unit: str | None = None) -> str:
    """The number of ``q`` (a value of input ``key``) as a question prints it: in ``unit`` (default the unit
    of ``SHOWN``), with its last digit at the place of ``step`` (in ``q``'s unit; default the variant's
    printed rounding of the input)."""
    unit = unit or SHOWN.get(key, (None, None))[0]
    step = printed_step(key, float(q.magnitude)) if step is None else step
    shown_q = q.to(unit) if unit else q
    magnitude = float(shown_q.magnitude)
    place_of = abs(float(Q_(step, q.units).to(shown_q.units).magnitude))
    if not magnitude or not place_of:
        sig = 6
    else:
        sig = max(1, math.floor(math.log10(abs(magnitude))) - math.floor(math.log10(place_of) + 1e-9) + 1)
    return fmt(Q_(magnitude, ureg.dimensionless), sig=sig)


def shown(key: str, value: pint.Quantity) -> str:
    """An input as a question prints it: '79.8 million kWh', '110,000 t of standard coal', '40'."""
    words = SHOWN.get(key, (None, None))[1]
    if words is None:
        return fmt(value, sig=4)
    text = number(key, value)
    return f"{text}%" if words == "%" else f"{text} {words}".strip()


def render(text: str, seed: int = 0) -> str:
    """A question, title, hint or worked step for variant ``seed``: ``{id}`` is input ``id`` as ``shown``
    prints it; ``{id:low}``, ``{id:high}`` and ``{id:step}`` the ends of the interval its rounding stands
    for and its rounding unit (numbers only); ``{id:fraction}`` a percentage as a fraction ('0.776');
    ``{id:number}`` the number alone."""
    v = values(seed)

    def one(match: re.Match) -> str:
        key, part = match.group(1), match.group(2)
        if part is None:
            return shown(key, v[key])
        if part in ("low", "high"):
            low, high = printed_interval(v, key)
            return number(key, low if part == "low" else high, step=rounding_step(key) / 2)
        if part == "step":
            return number(key, Q_(rounding_step(key), v[key].units), step=rounding_step(key))
        if part == "number":
            return number(key, v[key])
        if part == "fraction":
            return number(key, v[key], unit="dimensionless")
        raise ValueError(f"unknown part {part!r} in {{{key}:{part}}}")

    return re.sub(r"\{(\w+)(?::(\w+))?\}", one, text)


def shown_value(q: pint.Quantity, sig: int = 4) -> str:
    """A value for feedback: readable units, dimensionless ratios as plain numbers, counts of millions in
    millions ('0.6757 million', '36.58%', '3,500 h'), very large and very small ones as a power of ten."""
    long = f"{q.units:D}"
    if (
        q.dimensionless
        and long not in ("percent", "million", "count", "dimensionless")
        and "coal_equivalent" not in long
    ):
        q = q.to("dimensionless")
    magnitude = abs(float(q.magnitude))
    if magnitude and (magnitude >= 1e9 or magnitude < 1e-3) and long != "million":
        mantissa, _, power = f"{float(q.magnitude):.{sig - 1}e}".partition("e")
        label = unit_label(q.units)
        return f"{mantissa}×10^{int(power)}" + (f" {label}" if label and label != "%" else label)
    if long == "million":
        return fmt(q, "million", sig)
    return fmt(q, sig=sig)


def show_answer(answer) -> str:
    """An answer as a worked solution prints it: readable units, never pint's repr ('36.58%', '3,500 h')."""
    if isinstance(answer, str):
        return answer
    if isinstance(answer, pint.Quantity):
        return shown_value(answer, 4)
    return repr(answer)
