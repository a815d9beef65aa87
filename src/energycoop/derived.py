"""The derived tables: one CSV a notebook in ``data/derived/``.

Each row is one computed value with its unit, the formula that produced it and the
ids of its inputs, so a reader can redo any number by hand.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pint

from .units import Q_, unit_text

COLUMNS = ("id", "description", "value", "unit", "bound", "formula", "inputs")
BOUNDS = ("value", "lower", "upper")


class DerivedTable:
    """Collects a notebook's derived values, then writes them as one CSV."""

    def __init__(self, name: str):
        self.name = name
        self.rows: list[dict] = []

    def add(self, key: str, value: pint.Quantity, description: str, formula: str,
            inputs: list[str] | tuple[str, ...], unit: str | None = None, bound: str = "value") -> pint.Quantity:
        """Record ``value`` (converted to ``unit`` if given) under ``key``; return it unchanged.

        ``bound`` says whether the value is a value or only a ``lower`` or ``upper`` bound
        (because an input was printed as "over", "more than" or "exceeded")."""
        if bound not in BOUNDS:
            raise ValueError(f"bound {bound!r} of {key!r} is not one of {', '.join(BOUNDS)}")
        if any(row["id"] == key for row in self.rows):
            raise ValueError(f"derived id {key!r} is already in table {self.name!r}")
        if not isinstance(value, pint.Quantity):
            value = Q_(value, "dimensionless")
        stored = value.to(unit) if unit else value
        magnitude = float(stored.magnitude)
        if not math.isfinite(magnitude):
            raise ValueError(f"derived value {key!r} is not finite: {stored}")
        self.rows.append({
            "id": key,
            "description": description,
            "value": magnitude,
            "unit": unit_text(stored),
            "bound": bound,
            "formula": formula,
            "inputs": " ".join(inputs),
        })
        return value

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=list(COLUMNS))

    def write(self, directory: str | Path) -> Path:
        """Write ``<directory>/<name>.csv`` (creating the directory) and return its path."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{self.name}.csv"
        self.frame().to_csv(path, index=False, lineterminator="\n")
        return path


def read_derived(directory: str | Path, name: str) -> pd.DataFrame:
    """Read the derived table ``name`` (e.g. ``'02-zhanatas-wind'``) written by a notebook, indexed by id."""
    path = Path(directory) / f"{name}.csv"
    if not path.exists():
        raise FileNotFoundError(f"{path} not found: run notebooks/{name}.ipynb first")
    frame = pd.read_csv(path, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    return frame.set_index("id")


def derived_quantity(frame: pd.DataFrame, key: str) -> pint.Quantity:
    """Row ``key`` of a derived table as a pint quantity."""
    if key not in frame.index:
        raise KeyError(f"no derived value {key!r}; ids are {', '.join(frame.index)}")
    row = frame.loc[key]
    return Q_(float(row["value"]), row["unit"])


def read_all_derived(directory: str | Path, names: list[str]) -> pd.DataFrame:
    """The derived tables ``names`` in one frame indexed by id; ids must be unique across them."""
    frames = [read_derived(directory, name).assign(table=name) for name in names]
    combined = pd.concat(frames)
    duplicated = combined.index[combined.index.duplicated()].unique().tolist()
    if duplicated:
        raise ValueError(f"derived ids appear in more than one table: {', '.join(duplicated)}")
    return combined
