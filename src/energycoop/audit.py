"""The claims audit: a verdict for each checkable claim, computed from numbers and tolerances.

A claim is a number the article states or implies; the evidence is an outside fact or
a derived value. The verdict is one of ``VERDICTS`` and comes with a reason built from
the same numbers, so changing a tolerance or an input changes both.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd
import pint

from .data import (
    DATA_DIR,
    Column,
    DataError,
    date_of,
    load_article,
    load_reference,
    quantity,
    read_checked_csv,
    rounding_quantities,
)
from .derived import derived_quantity
from .units import Q_, show

VERDICTS = {
    "consistent": "the claim and the evidence agree within the tolerance",
    "consistent-if-rounded": "they differ by more than the tolerance, but the claim's rounding covers the evidence",
    "bound-only": "the claim is only a bound ('over', 'exceeded'), and the evidence satisfies it",
    "inconsistent": "they differ by more than the tolerance and the claim's rounding allows",
    "not checkable": "no outside evidence for this number",
}


@dataclass(frozen=True)
class Verdict:
    verdict: str
    reason: str
    relative_difference: float  # (claimed - evidence) / evidence; NaN when not checkable


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def judge(claimed, evidence, *, tolerance: float, rounding: tuple | None = None, bound: str = "value") -> Verdict:
    """The verdict on ``claimed`` against ``evidence``.

    ``claimed`` and ``evidence`` are pint quantities of one dimension, or both dates
    (compared by calendar month, where the tolerance does not apply), or ``evidence`` is
    None. ``tolerance`` is the largest relative difference still called consistent
    (0.001 is 0.1%). ``rounding`` is the (low, high) interval the claim stands for as
    printed. ``bound`` is ``'lower'`` when the claim says "at least", ``'upper'`` for
    "at most".
    """
    if not (isinstance(tolerance, (int, float)) and math.isfinite(tolerance) and tolerance >= 0):
        raise ValueError(f"tolerance must be a number of at least 0; got {tolerance!r}")
    if evidence is None:
        return Verdict("not checkable", "no outside evidence was found for this number", math.nan)
    if isinstance(claimed, date) and isinstance(evidence, date):
        months = _month_index(claimed) - _month_index(evidence)
        if months == 0:
            return Verdict("consistent", f"same month ({claimed:%B %Y})", 0.0)
        return Verdict("inconsistent", f"{claimed:%B %Y} against {evidence:%B %Y}: {abs(months)} months apart", math.nan)
    if not isinstance(claimed, pint.Quantity) or not isinstance(evidence, pint.Quantity):
        raise TypeError(f"claimed and evidence must both be pint quantities or both dates; got {claimed!r}, {evidence!r}")
    evidence = evidence.to(claimed.units)
    c, e = float(claimed.magnitude), float(evidence.magnitude)
    if e == 0:
        raise ValueError("evidence is zero: a relative difference is undefined")
    rel = (c - e) / abs(e)
    text = f"{show(claimed)} against {show(evidence)}: {100 * rel:+.2f}%"
    if bound == "lower":
        if e >= c * (1 - tolerance):
            return Verdict("bound-only", f"'at least {show(claimed)}' holds: the evidence is {show(evidence)}", rel)
        return Verdict("inconsistent", f"'at least {show(claimed)}' fails: the evidence is {show(evidence)}", rel)
    if bound == "upper":
        if e <= c * (1 + tolerance):
            return Verdict("bound-only", f"'at most {show(claimed)}' holds: the evidence is {show(evidence)}", rel)
        return Verdict("inconsistent", f"'at most {show(claimed)}' fails: the evidence is {show(evidence)}", rel)
    if bound != "value":
        raise ValueError(f"bound {bound!r} is not one of 'value', 'lower', 'upper'")
    if abs(rel) <= tolerance:
        return Verdict("consistent", f"{text}, within the {100 * tolerance:g}% tolerance", rel)
    if rounding is not None:
        low_q, high_q = (q.to(claimed.units) if isinstance(q, pint.Quantity) else Q_(float(q), claimed.units)
                         for q in rounding)
        allowed = f"{show(low_q, 6)} to {show(high_q, 6)}"
        if low_q.magnitude <= e <= high_q.magnitude:
            return Verdict("consistent-if-rounded", f"{text}; the claim's rounding allows {allowed}, which covers the evidence",
                           rel)
        return Verdict("inconsistent", f"{text}; outside the claim's rounding ({allowed})", rel)
    return Verdict("inconsistent", f"{text}, beyond the {100 * tolerance:g}% tolerance", rel)


class Sources:
    """Resolves ``article:ID``, ``reference:ID`` and ``derived:ID`` references to quantities or dates."""

    def __init__(self, article: pd.DataFrame, reference: pd.DataFrame, derived: pd.DataFrame):
        self.tables = {"article": article, "reference": reference, "derived": derived}

    def get(self, ref: str):
        kind, _, key = ref.partition(":")
        if kind not in self.tables or not key:
            raise ValueError(f"reference {ref!r} must be article:ID, reference:ID or derived:ID")
        table = self.tables[kind]
        if key not in table.index:
            raise KeyError(f"{ref!r}: no id {key!r} in the {kind} table")
        if kind == "derived":
            return derived_quantity(table, key)
        if table.loc[key, "unit"] == "date":
            return date_of(table, key)
        return quantity(table, key)


def _display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return f"{value:%B %Y}"
    return show(value)


def audit(claims: pd.DataFrame, sources: Sources, tolerance: float) -> pd.DataFrame:
    """One verdict per row of ``claims`` (``data/claims.csv``), with the numbers behind it.

    ``rounding`` is ``printed`` (the rounding of the article figure ``article_id``),
    ``LOWREF HIGHREF`` (two references), or empty. The bound comes from the article
    figure's qualifier: "over", "more than" and "exceeded" make a lower bound.
    """
    article = sources.tables["article"]
    rows = []
    for _, claim in claims.iterrows():
        claimed = sources.get(claim["claimed"])
        evidence = sources.get(claim["evidence"]) if claim["evidence"] else None
        rounding = None
        if claim["rounding"] == "printed":
            rounding = rounding_quantities(article, claim["article_id"])
        elif claim["rounding"]:
            rounding = tuple(sources.get(ref) for ref in claim["rounding"].split())
        qualifier = article.loc[claim["article_id"], "qualifier"]
        bound = "lower" if qualifier in ("over", "more than", "exceeded") and claim["claimed"].startswith("article:") \
            else "value"
        result = judge(claimed, evidence, tolerance=tolerance, rounding=rounding, bound=bound)
        rows.append({
            "id": claim["id"],
            "claim": claim["claim"],
            "words": article.loc[claim["article_id"], "snippet"],
            "claimed": _display(claimed),
            "evidence": _display(evidence),
            "evidence_label": claim["evidence_label"],
            "relative_difference": result.relative_difference,
            "verdict": result.verdict,
            "reason": result.reason + (f". {claim['note']}" if claim["note"] else ""),
        })
    return pd.DataFrame(rows)


_REF_ID = r"[a-z][a-z0-9_]*"
CLAIMS_SCHEMA = (
    Column("id", "id"),
    Column("article_id", "id"),
    Column("claim", "text"),
    Column("claimed", "pattern", pattern=rf"(article|derived):{_REF_ID}",
           allowed="a reference written article:ID or derived:ID"),
    Column("evidence", "optional_pattern", pattern=rf"(reference|derived):{_REF_ID}",
           allowed="a reference written reference:ID or derived:ID, nor empty"),
    Column("evidence_label", "optional_text"),
    Column("rounding", "optional_pattern", pattern=rf"printed|(article|reference|derived):{_REF_ID} "
                                                   rf"(article|reference|derived):{_REF_ID}",
           allowed="'printed', two references 'LOW HIGH' (each article:ID, reference:ID or derived:ID), nor empty"),
    Column("note", "optional_text"),
)


def load_claims(path=None, article: pd.DataFrame | None = None, reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """The audit's claim list (``data/claims.csv``): cells checked like every data file,
    every ``article_id`` must be a row of ``article.csv``, and every ``article:ID`` and
    ``reference:ID`` a row of its file (``derived:ID`` is resolved when the audit runs)."""
    path = path or DATA_DIR / "claims.csv"
    frame = read_checked_csv(path, CLAIMS_SCHEMA)
    tables = {"article": article if article is not None else load_article(),
              "reference": reference if reference is not None else load_reference()}
    for number, (key, row) in enumerate(frame.iterrows(), start=2):
        if row["article_id"] not in tables["article"].index:
            raise DataError(f"{path}, row {number}, column article_id: {row['article_id']!r} is not an id of article.csv")
        for column in ("claimed", "evidence", "rounding"):
            for ref in row[column].split():
                kind, _, ref_id = ref.partition(":")
                if kind in tables and ref_id not in tables[kind].index:
                    raise DataError(f"{path}, row {number}, column {column}: {ref!r} names no row of {kind}.csv "
                                    f"(claim {key!r}); it must name an id of {kind}.csv")
    return frame.reset_index()
