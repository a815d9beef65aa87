"""The derived tables: one CSV a notebook in ``data/derived/``.

Each row is one computed value with its unit, the formula that produced it and the
ids of its inputs, so a reader can redo any number by hand.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from pathlib import Path

import pandas as pd
import pint

from energycoop.data.loaders import Column, DataError, MissingDataFile, read_checked_csv
from energycoop.data.params import OUTPUT_REDIRECT
from energycoop.data.schema import ID
from energycoop.quantities.units import Q_, fmt, parse_unit, unit_text

BOUNDS = ("value", "lower", "upper")

# The schema every derived table is read with (``read_derived``): a bad table fails with its
# file, row and column, like the input files.
DERIVED_SCHEMA = (
    Column("id", "id"),
    Column("description", "text"),
    Column("value", "number"),
    Column("unit", "pint_unit"),
    Column("bound", "choice", BOUNDS),
    Column("formula", "text"),
    Column("inputs", "optional_text"),
)
COLUMNS = tuple(c.name for c in DERIVED_SCHEMA)

# Every derived id ends with the suffix of its unit, and ids are unique across all tables. An id reads
# <subject>_<quantity>[_<variant>]_<unit suffix>, the variant (low, high, interval_low, base, min, max,
# published, wrong, right, ...) always before the unit suffix: zhanatas_coal_rate_low_gce_per_kwh. One
# quantity has one name in every table (PUDL's rule), its bound lives in the bound column, never in the id.
# Each suffix maps to the one way its unit is written in the CSVs: words a reader can read that pint also
# reads back (never pint's internal names such as kilometric_ton or oil_bbl/d).
UNIT_SUFFIXES = {
    "count": "count",
    "pct": "percent",
    "ratio": "dimensionless",
    "million": "million",
    "mw": "MW",
    "gw": "GW",
    "mwh": "MWh",
    "gwh": "GWh",
    "twh": "TWh",
    "pj": "PJ",
    "mtoe": "Mtoe",
    "h": "h",
    "months": "month",
    "t": "t",
    "tce": "tce",
    "mt": "Mt",
    "kt_per_day": "kilotonne/day",
    "bbl_per_day": "oil_barrel/day",
    "m3_per_day": "m³/day",
    "gce_per_kwh": "gce/kWh",
    "g_per_kwh": "g/kWh",
    "t_per_tce": "t/tce",
    "gwh_per_mw": "GWh/MW",
    "kwh_per_t": "kWh/t",
    "cny_per_usd": "CNY/USD",
    "billion_usd": "billion USD",
    "trillion_cny": "trillion CNY",
}


def unit_suffix(unit: str) -> str:
    """The id suffix for a derived value in ``unit`` (``'gce/kWh'`` -> ``'gce_per_kwh'``)."""
    if unit == "count":
        return "count"
    wanted = parse_unit(unit)
    for suffix, text in UNIT_SUFFIXES.items():
        if text != "count" and parse_unit(text) == wanted:
            return suffix
    raise ValueError(
        f"unit {unit!r} has no id suffix; the suffixes are {', '.join(UNIT_SUFFIXES)} "
        "(add one to energycoop.data.derived.UNIT_SUFFIXES)"
    )


class DerivedTable:
    """Collects a notebook's derived values, then writes them as one CSV."""

    def __init__(self, name: str):
        self.name = name
        self.rows: list[dict] = []

    def add(
        self,
        key: str,
        value: pint.Quantity,
        description: str,
        formula: str,
        inputs: list[str] | tuple[str, ...],
        unit: str | None = None,
        bound: str = "value",
    ) -> pint.Quantity:
        """Record ``value`` (converted to ``unit`` if given) under ``key``; return it unchanged.

        ``bound`` says whether the value is a value or only a ``lower`` or ``upper`` bound
        (because an input was printed as "over", "more than" or "exceeded")."""
        if bound not in BOUNDS:
            raise ValueError(f"bound {bound!r} of {key!r} is not one of {', '.join(BOUNDS)}")
        if not isinstance(key, str) or not ID.fullmatch(key):
            raise ValueError(
                f"derived id {key!r} is not an id: lower-case letters, digits and underscores, "
                "starting with a letter"
            )
        for what, text in (("description", description), ("formula", formula)):
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"derived value {key!r} needs a {what}; got {text!r}")
        if any(row["id"] == key for row in self.rows):
            raise ValueError(f"derived id {key!r} is already in table {self.name!r}")
        if not isinstance(value, pint.Quantity):
            value = Q_(value, "dimensionless")
        stored = value.to(unit) if unit else value
        magnitude = float(stored.magnitude)
        if not math.isfinite(magnitude):
            raise ValueError(f"derived value {key!r} is not finite: {stored}")
        suffix = unit_suffix(unit_text(stored))
        if not key.endswith("_" + suffix):
            raise ValueError(f"derived id {key!r} holds {unit_text(stored)}: it must end with _{suffix}")
        self.rows.append(
            {
                "id": key,
                "description": description,
                "value": magnitude,
                "unit": UNIT_SUFFIXES[
                    suffix
                ],  # the one readable spelling of the unit (same unit, same magnitude)
                "bound": bound,
                "formula": formula,
                "inputs": " ".join(inputs),
            }
        )
        return value

    def display(self) -> pd.DataFrame:
        """The table as a reader sees it at the end of a notebook: each value formatted with its
        readable unit (``energycoop.quantities.units.fmt``), its bound where it is one, and its formula."""
        rows = [
            {
                "id": r["id"],
                "value": fmt(Q_(r["value"], r["unit"]), sig=4),
                "bound": {"lower": "at least", "upper": "at most"}.get(r["bound"], ""),
                "formula": r["formula"],
            }
            for r in self.rows
        ]
        frame = pd.DataFrame(rows, columns=["id", "value", "bound", "formula"])
        return frame if frame["bound"].any() else frame.drop(columns="bound")

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=list(COLUMNS))

    def write(self, directory: str | Path) -> Path:
        """Write ``<directory>/<name>.csv`` (creating the directory) and return its path."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / f"{self.name}.csv"
        self.frame().to_csv(path, index=False, lineterminator="\n")
        record = provenance_path(path)
        if _READ and not _staged(
            directory
        ):  # a copy outside make run: record which copies it was computed from
            record.write_text(json.dumps(_READ, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        elif record.is_file() and not _staged(directory):
            record.unlink()  # a notebook that reads no table: an older record would be wrong
        return path


def read_derived(directory: str | Path, name: str) -> pd.DataFrame:
    """Read the derived table ``name`` (e.g. ``'02-zhanatas-wind'``) written by a notebook, indexed by id.

    Every cell is checked against ``DERIVED_SCHEMA``; ``value`` is a float. Raises
    ``MissingDataFile`` (a ``DataError`` and a ``FileNotFoundError``) naming the notebook
    that writes a missing table, and ``DataError`` naming the file, row and column of a bad one.
    """
    path = Path(directory) / f"{name}.csv"
    if not path.is_file():
        raise MissingDataFile(
            f"{path}: file not found; it is written by notebooks/{name}.ipynb: "
            f"run notebooks/{name}.ipynb first"
        )
    return read_checked_csv(path, DERIVED_SCHEMA)


def _as_tuple(frames) -> tuple:
    return frames if isinstance(frames, tuple) else (frames,)


def derived_quantity(frame: pd.DataFrame, key: str) -> pint.Quantity:
    """Row ``key`` of a derived table as a pint quantity."""
    if key not in frame.index:
        raise KeyError(f"no derived value {key!r}; ids are {', '.join(frame.index)}")
    row = frame.loc[key]
    return Q_(float(row["value"]), row["unit"])


# What this kernel read through ``read_upstream``: table name -> the copy and its SHA-256. Written beside a
# table the kernel writes outside ``make run`` (``provenance_path``), so a later reader can tell what it was
# computed from.
_READ: dict[str, dict[str, str]] = {}


def provenance_path(table: Path) -> Path:
    """The record, beside a derived table written outside ``make run``, of the copies it was computed from."""
    return table.with_name(table.stem + ".inputs.json")


def _staged(directory: Path) -> bool:
    """True if ``directory`` lies below ``ENERGYCOOP_OUTPUT_DIR`` (``make run``'s staging, the tests)."""
    redirect = os.environ.get(OUTPUT_REDIRECT)
    if not redirect:
        return False
    base, resolved = Path(redirect).resolve(), Path(directory).resolve()
    return resolved == base or base in resolved.parents


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _where(directory: Path, root: Path | None = None) -> str:
    from energycoop.data.paths import ROOT

    root = Path(root).resolve() if root else ROOT
    resolved = directory.resolve()
    return (resolved.relative_to(root).as_posix() + "/") if root in resolved.parents else f"{directory}/"


def read_upstream(
    directory: str | Path, *names: str, root: Path | None = None
) -> pd.DataFrame | tuple[pd.DataFrame, ...]:
    """Read the derived tables ``names`` of upstream notebooks from ``directory`` (a notebook's
    ``inputs_dir``), print one line saying which copy was read, and return the tables (one, or a tuple).

    ``data/derived/`` holds the committed copies, which ``make run`` keeps consistent with each other.
    Any other directory (``runs/interactive/derived/``, where notebooks run by hand write) holds scratch
    copies; each carries a record of the copies it was computed from (``provenance_path``), and a table
    computed from a different copy of another table read here is refused (``DataError``) rather than
    mixed in silently. A table missing from the directory is an error too: nothing falls back to the
    committed copy. ``root``: the collection's root, if not this checkout's (its ``data/derived/`` holds the
    committed copies).
    """
    from energycoop.data.paths import DERIVED

    directory = Path(directory)
    frames = [read_derived(directory, name) for name in names]
    digests = {name: _digest(directory / f"{name}.csv") for name in names}
    committed = directory.resolve() == (Path(root).resolve() / "data" / "derived" if root else DERIVED)
    if not committed:
        for name in names:
            record = provenance_path(directory / f"{name}.csv")
            try:
                used = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else {}
            except (OSError, ValueError):
                raise DataError(
                    f"{record}: not a readable record of what {name}.csv was computed from; "
                    f"run notebooks/{name}.ipynb again"
                ) from None
            for upstream, copy in used.items():
                if upstream in digests and copy.get("sha256") != digests[upstream]:
                    raise DataError(
                        f"{_where(directory, root)}{name}.csv was computed from {copy.get('copy', 'another copy')} of "
                        f"{upstream}.csv, not from the {upstream}.csv in {_where(directory, root)} that this notebook "
                        f"also reads: the two would mix. Run notebooks/{name}.ipynb again with inputs_dir = "
                        f"{str(directory)!r}, or read the committed copies (inputs_dir = '../data/derived')"
                    )
    for name in names:
        _READ[name] = {
            "copy": f"the {'committed copy' if committed else 'copy'} in {_where(directory, root)}",
            "sha256": digests[name],
        }
    files = " and ".join(", ".join(f"{n}.csv" for n in names).rsplit(", ", 1))
    kind = (
        "the committed " + ("copy" if len(names) == 1 else "copies") + ", written by `make run`"
        if committed
        else "scratch "
        + ("copy" if len(names) == 1 else "copies")
        + " from notebooks run by hand, not the committed "
        + ("one" if len(names) == 1 else "ones")
    )
    print(f"Read {files} from {_where(directory, root)} ({kind}).")
    return frames[0] if len(frames) == 1 else tuple(frames)


def read_all_derived(directory: str | Path, names: list[str]) -> pd.DataFrame:
    """The derived tables ``names`` in one frame indexed by id (read with ``read_upstream``, which says
    which copy it read); ids must be unique across them."""
    frames = [
        frame.assign(table=name)
        for name, frame in zip(names, _as_tuple(read_upstream(directory, *names)), strict=True)
    ]
    combined = pd.concat(frames)
    duplicated = combined.index[combined.index.duplicated()].unique().tolist()
    if duplicated:
        where = []
        for key in duplicated:
            places = [
                f"{Path(directory) / f'{name}.csv'}, row {list(frame.index).index(key) + 2}"
                for name, frame in zip(names, frames, strict=True)
                if key in frame.index
            ]
            where.append(f"{key!r} ({'; '.join(places)})")
        raise DataError(
            f"derived ids appear in more than one table, column id: {', '.join(where)}; "
            "an id must be unique across the tables read together"
        )
    return combined
