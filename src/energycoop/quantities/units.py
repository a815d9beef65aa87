"""One pint unit registry for the whole collection.

pint already knows joules, watt-hours, tonnes, the tonne of oil equivalent (``toe``)
and the barrel. Added here, and nowhere else:

- ``tce``: tonne of coal equivalent, 29.3076 GJ (7000 kcal/kg, UN and Chinese standard).
- ``gce``: gram of coal equivalent, for coal rates in gce/kWh.
- ``CNY`` and ``USD``: two currencies as separate dimensions, so that an exchange
  rate is a real ``CNY / USD`` quantity and a sum of yuan and dollars fails.
- ``million``, ``billion``, ``trillion``: plain multipliers, so that "1.2 million units"
  is ``Q_(1.2, "million")`` and "$145.6 billion" is ``Q_(145.6, "billion * USD")``.
"""

from __future__ import annotations

import functools
import math
import os
import re
import sys
import tokenize
from pathlib import Path

import pint


def _cache_folder() -> Path | None:
    """Where pint keeps its parsed definitions: inside the Python environment itself (the
    project's ``.venv``), never the user's shared cache directory.

    The cache records the absolute path of the environment's ``default_en.txt``; kept in the
    user cache (``":auto:"``), it outlived a deleted checkout and broke every other checkout on
    the machine. Inside the environment it is deleted with it. Where the environment cannot be
    written there is no cache (0.3 s more to build the registry, instead of 0.02 s).
    """
    folder = Path(sys.prefix) / "var" / "cache" / "energycoop-pint"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK) else None


ureg: pint.UnitRegistry = pint.UnitRegistry(cache_folder=_cache_folder())
ureg.define("tonne_of_coal_equivalent = 29.3076 GJ = tce")
ureg.define("gram_of_coal_equivalent = 1e-6 tce = gce")
ureg.define("yuan = [currency_cny] = CNY")
ureg.define("us_dollar = [currency_usd] = USD")
ureg.define("million = 1e6")
ureg.define("billion = 1e9")
ureg.define("trillion = 1e12")
ureg.formatter.default_format = "~P"
pint.set_application_registry(ureg)

# pint parses a unit string such as "gce/kWh" afresh at every `.to("gce/kWh")` (its own cache holds only
# single unit names): the variant sweeps of the exercises spent most of their time there. Every unit is
# defined above, once, so the parse of a string never changes: remember it (the result is immutable).
ureg._parse_units_as_container = functools.lru_cache(maxsize=4096)(ureg._parse_units_as_container)  # type: ignore[method-assign]

Q_ = ureg.Quantity


def parse_unit(text: str) -> pint.Unit:
    """Return the pint unit for ``text``; raise ``ValueError`` naming it if pint does not know it."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"unit {text!r} is empty; write a pint unit such as 'GWh' or 'dimensionless'")
    if len(text) > 60 or not _UNIT_TEXT.fullmatch(text.strip()) or _UNSAFE_POWER.search(text):
        # pint evaluates a unit string as arithmetic: '9**9**9*W' would compute for ever
        raise ValueError(
            f"unit {text[:60]!r} is not a unit written with names, '*', '/', parentheses and small "
            "whole powers (such as 'GWh', 'kWh/t', 'm**3/day')"
        )
    try:
        unit = ureg.parse_units(text.strip())
    except (
        pint.errors.UndefinedUnitError,
        pint.errors.DefinitionSyntaxError,
        AssertionError,
        AttributeError,
        TypeError,
        ValueError,
        ZeroDivisionError,
        ArithmeticError,
        SyntaxError,
        tokenize.TokenError,
    ) as exc:
        raise ValueError(f"unit {text!r} is not a unit pint knows ({exc})") from None
    return unit


# What a unit string may hold: unit names, spaces, *, /, parentheses, ^ or ** with small whole powers.
_UNIT_TEXT = re.compile(r"[A-Za-z_%µ°·³² ()*/^0-9.-]+")
# A number raised to a power, a power of a power, or a power that is not a small whole number.
_UNSAFE_POWER = re.compile(
    r"[0-9.)]\s*(\*\*|\^)\s*\(|(\*\*|\^)\s*-?\d*\s*(\*\*|\^)|(\*\*|\^)\s*-?(\d{2,}|[^\d\s-])|"
    r"(^|[\s*/(])\d+\s*(\*\*|\^)"
)


def unit_text(quantity: pint.Quantity) -> str:
    """The unit of ``quantity`` as a short pint string that ``parse_unit`` reads back (e.g. ``'GWh'``)."""
    text = f"{quantity.units:~C}"
    text = {"": "dimensionless", "%": "percent"}.get(text, text)
    if text != "dimensionless" and ureg.parse_units(text) != quantity.units:
        # A short symbol that reads back as another unit (kilotonne 'kt' is pint's knot): use the full name.
        text = f"{quantity.units:C}"
    return text


def round_sig(x: float, sig: int) -> float:
    """``x`` rounded to ``sig`` significant figures (for display only)."""
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, sig - 1 - math.floor(math.log10(abs(x))))


# How units are named for readers: pint's short symbols, except where they are internal names or
# ambiguous ("oil_bbl", pint's "bbl", "kt", which pint reads as the knot, "d", "a"). In words (the audit's
# sentences) currencies and years are spelled out as well.
UNIT_LABELS = {
    "oil_bbl": "barrels",
    "bbl": "US barrels of 31.5 gallons",
    "kt": "thousand t",
    "d": "day",
    "ktce": "thousand tce",
    "Mtce": "million tce",
    "a": "year",
    "count": "",
    "dimensionless": "",
    "·": " ",
}
UNIT_WORDS = {
    "CNY/USD": "yuan per US dollar",
    "CNY": "yuan",
    "USD": "US dollars",
    "a": "years",
    "yr": "years",
    "month": "months",
}


def unit_label(units, words: bool = False) -> str:
    """The name a reader sees for ``units`` (a pint unit or unit string): ``'barrels/day'`` for
    ``oil_bbl/d``, ``'thousand t/day'`` for ``kt/d``, ``'%'`` for percent, ``''`` for a plain number;
    with ``words``, ``'yuan per US dollar'`` for ``CNY/USD``."""
    if isinstance(units, str):
        units = parse_unit(units) if units not in ("", "dimensionless") else ureg.dimensionless
    labels = {**UNIT_LABELS, **UNIT_WORDS} if words else UNIT_LABELS
    symbol = f"{units:~P}".replace(" / ", "/")
    if symbol in labels:
        return labels[symbol]
    return re.sub(
        r"CNY/USD|oil_bbl|[A-Za-z_]+|·", lambda m: labels.get(m.group(0), m.group(0)), symbol
    ).strip()


def fmt(
    quantity: pint.Quantity, unit: str | None = None, sig: int = 3, trim: bool = False, words: bool = False
) -> str:
    """The one way the collection shows a quantity to a reader: converted to ``unit`` if given (else
    large counts and currency amounts in millions, billions or trillions), rounded to ``sig``
    significant figures (trailing zeros kept: they state the precision; ``trim`` drops them, for a
    figure that states no precision), thousands separators, and a readable unit name (``words``: the
    audit's spelled-out currencies): ``'3,500 h'``, ``'110,000 barrels/day'``, ``'1.06 trillion CNY'``,
    ``'40'``."""
    q = quantity.to(unit) if unit else readable(quantity)
    magnitude = float(q.magnitude)
    label = unit_label(q.units, words)
    if not math.isfinite(magnitude):
        number = str(magnitude)
    elif str(q.units) == "count" and magnitude == int(magnitude) and not trim:
        number = f"{int(magnitude):,}"
    else:
        value = round_sig(magnitude, sig)
        digits = max(0, sig - 1 - math.floor(math.log10(abs(value)))) if value else 0
        number = f"{value:,.{digits}f}"
        if trim and "." in number:
            number = number.rstrip("0").rstrip(".")
    if not label:
        return number
    if label == "%":
        return f"{number}%"
    return f"{number} {label}"


def readable(quantity: pint.Quantity) -> pint.Quantity:
    """``quantity`` with large counts and currency amounts in millions, billions or trillions
    (1,200,000 count as 1.2 million; 1.06e12 CNY as 1.06 trillion CNY); others unchanged."""
    magnitude = abs(float(quantity.magnitude))
    dims = dict(quantity.dimensionality)
    is_currency = (
        len(dims) == 1 and next(iter(dims)).startswith("[currency") and next(iter(dims.values())) == 1
    )
    if quantity.dimensionless and str(quantity.units) in ("count", "million") and magnitude >= 1e6:
        return quantity.to("million")
    if is_currency:
        base = ureg.CNY if "cny" in next(iter(dims)) else ureg.USD
        amount = quantity.to(base)
        for word, size in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
            if abs(amount.magnitude) >= size:
                return amount.to(f"{word} * {base}")
    return quantity
