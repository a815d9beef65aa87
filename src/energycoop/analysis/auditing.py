"""The audit itself: one verdict per row of ``data/claims.csv``, with the numbers and the sources behind it.

A derived claim (an implied exchange rate, an implied 2022 level) is evidence about the printed figures it
comes from, named in ``derived_from``: it is judged and shown, but counted with its parents, never as a
finding of its own (``findings``). The rules the audit enforces on the data (a source's relation decided
once, no comparison across scopes, an evidence row counted once) have a test each in ``tests/test_audit.py``.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from energycoop.analysis.intervals import CALCULATION_SIG, SOURCE_SIG, Interval, show_interval
from energycoop.analysis.placeholders import placeholder_references
from energycoop.analysis.source_titles import shorten_titles
from energycoop.analysis.sources import Sources, _joined
from energycoop.analysis.verdicts import VERDICTS, judge, weakest_relation
from energycoop.data.loaders import DATA_DIR, DataError
from energycoop.quantities.units import Q_

AUDIT_COLUMNS = (
    "id",
    "type",
    "derived_from",
    "paragraph",
    "claim",
    "words",
    "claimed",
    "evidence",
    "sources",
    "evidence_read",
    "relation",
    "weak_source",
    "weak_only",
    "convention",
    "relative_difference",
    "verdict",
    "reason",
)


def _is_calculation(text: str) -> bool:
    return " / " in text or " * " in text or "derived:" in text


def _credit_evidence(claim, evidence: Interval, sources: Sources) -> str:
    """The sentence crediting each source behind ``claim``'s evidence with what it states, and calling a
    calculation one."""
    refs, reading = claim["evidence"], claim["evidence_reading"]
    if claim["type"] == "fact":
        parts = []
        for ref in refs.split():
            kind, _, key = ref.partition(":")
            if kind == "reference":
                parts.append(f"{sources.title(key)} writes {sources.words(key)}")
            else:
                description = sources.tables["derived"].loc[key, "description"]
                parts.append(
                    f"The project's calculation from {_joined(sources.calculation_inputs(ref))} gives "
                    f"{sources.value_text(ref)}, the {description}"
                )
        return "; ".join(parts) + "."
    if _is_calculation(refs):
        inputs = sources.calculation_inputs(refs)
        return (
            f"The project's calculation from {_joined(inputs)} gives "
            f"{show_interval(evidence, CALCULATION_SIG)}."
        )
    keys = [r.partition(":")[2] for r in refs.split()]
    if reading:
        parts = [f"{sources.title(k)} writes {sources.words(k)}" for k in keys]
        return "; ".join(parts) + f", read as {show_interval(evidence)}."
    # one source named once, with every value it gives
    values: dict[str, list[str]] = {}
    for k in keys:
        values.setdefault(sources.title(k), []).append(sources.value_text("reference:" + k))
    return "; ".join(f"{title} gives {_joined(given)}" for title, given in values.items()) + "."


def _check_sources(claim, sources: Sources, article_scopes: dict) -> str:
    """The relation of ``claim``'s evidence (the weakest of its reference rows); raises ``DataError`` where
    claims.csv says another, where its rows mix scopes, or where one source's value is listed twice."""
    reference = sources.tables["reference"]
    keys = sources.references(claim["evidence"])
    # evidence that rests on no outside row is the article's own figures: the publisher's side (rule 1)
    computed = weakest_relation(reference.loc[k, "relation"] for k in keys) if keys else "same source"
    where = f"data/claims.csv, claim {claim['id']!r}"
    if claim["evidence"] and claim["relation"] != computed:
        rests = (
            f"{', '.join(keys)}, whose relation (reference.csv) makes it {computed!r}"
            if keys
            else f"the article's own figures alone, which makes it {computed!r}"
        )
        raise DataError(
            f"{where}, column relation: says {claim['relation']!r}, but its evidence rests on {rests}; a "
            "source's relation is decided once, from what the source is"
        )
    scopes = {reference.loc[k, "scope"] for k in keys} | {
        reference.loc[k, "scope"] for k in sources.references(claim["claimed"])
    }
    for ref in re.findall(r"article:([a-z][a-z0-9_]*)", claim["claimed"]):
        scopes |= article_scopes.get(ref, set())
    scopes.discard("")
    if len(scopes) > 1:
        raise DataError(
            f"{where}: compares values of different scopes ({', '.join(sorted(scopes))}); values "
            "counted by different agencies are never compared in one row"
        )
    seen: dict[tuple, str] = {}
    for k in keys:
        signature = (
            reference.loc[k, "source_address"],
            reference.loc[k, "unit"],
            str(reference.loc[k, "value"]),
            reference.loc[k, "date"],
        )
        if signature[0] and signature in seen:
            raise DataError(
                f"{where}, column evidence: {k!r} repeats {seen[signature]!r} (the same source and "
                "value); each evidence row counts once"
            )
        seen[signature] = k
    return computed


def _claimed(claim: pd.Series, sources: Sources) -> tuple[Interval | None, float | None]:
    """What the claim says, as an interval (from its rounding, or the bounds its ``rounding`` names),
    read as ``claim_reading``, and its printed value; ``(None, None)`` for a claim of no number."""
    if not claim["claimed"]:
        return None, None
    rounding = claim["rounding"]
    if rounding and rounding not in ("printed", "exact"):
        low_ref, high_ref = rounding.split()
        low, _ = sources.expression(low_ref, rounding=False)
        high, _ = sources.expression(high_ref, rounding=False)
        _, nominal = sources.expression(claim["claimed"], rounding=False)
        claimed = Interval(low.low, high.high, low.unit)
    else:
        claimed, nominal = sources.expression(claim["claimed"], rounding=rounding != "exact")
    return claimed.read_as(claim["claim_reading"]), nominal


def _evidence(claim: pd.Series, sources: Sources) -> Interval | None:
    """The evidence interval, read as ``evidence_reading``: one source or calculation, the range of two
    published figures, or for a fact a point its stance is judged by; ``None`` without evidence."""
    if not claim["evidence"]:
        return None
    refs = claim["evidence"].split(" ")
    if claim["type"] == "fact":  # a fact's evidence is its rows' statements, judged by its stance
        evidence = Interval.point(1.0)
    elif len(refs) == 2:  # two references: the range of published figures
        low, _ = sources.expression(refs[0], rounding=False)
        high, _ = sources.expression(refs[1], rounding=False)
        low, high = (low, high) if low.low <= high.to(low.unit).low else (high, low)
        evidence = Interval(low.low, high.to(low.unit).high, low.unit)
    else:
        evidence, _ = sources.expression(claim["evidence"])
    return evidence.read_as(claim["evidence_reading"])


def audit(claims: pd.DataFrame, sources: Sources, tolerance: float = 0.0) -> pd.DataFrame:
    """One verdict per row of ``claims`` (``data/claims.csv``), with the numbers behind it.

    The reason is built from the evidence rows and the computed intervals only: each source is
    credited with the value it states, a calculation is called one, and a note's ``{reference:ID}``
    is written out from the row. A derived row's reason is also added to each claim it is derived
    from, so that the parent's reason carries all its evidence; derived rows are never counted as
    findings.
    """
    reference = sources.tables["reference"]
    article_scopes: dict[str, set] = {}
    for _, claim in claims.iterrows():
        match = re.fullmatch(r"article:([a-z][a-z0-9_]*)", claim["claimed"])
        if match and claim["type"] == "number":
            article_scopes.setdefault(match.group(1), set()).update(
                reference.loc[k, "scope"] for k in sources.references(claim["evidence"])
            )
    rows = []
    for _, claim in claims.iterrows():
        kind = claim["type"]
        relation = _check_sources(claim, sources, article_scopes) if claim["evidence"] else ""
        claimed, nominal = _claimed(claim, sources)
        evidence = _evidence(claim, sources)
        bound = (
            claimed is not None
            and claimed.unit != "date"
            and not (
                math.isfinite(claimed.low)
                and math.isfinite(claimed.high)
                and not claimed.low_open
                and not claimed.high_open
            )
        )
        evidence_nominal = None
        if evidence is not None and claimed is not None and kind != "fact":
            evidence = evidence.to(claimed.unit)
            if _is_calculation(claim["evidence"]) and not claim["evidence"].startswith("derived:"):
                unrounded, unrounded_value = sources.expression(claim["evidence"], rounding=False)
                if unrounded_value is not None:
                    evidence_nominal = Q_(unrounded_value, unrounded.unit).to(claimed.unit).magnitude
        said = _credit_evidence(claim, evidence, sources) if evidence is not None else ""
        sig = CALCULATION_SIG if _is_calculation(claim["claimed"]) else SOURCE_SIG
        result = judge(
            claimed,
            evidence,
            nominal=nominal,
            relation=relation or "independent",
            bound=bound,
            conversion=claim["conversion"] == "yes",
            convention=claim["convention"],
            tolerance=tolerance,
            kind={"derived": "number"}.get(kind, kind),
            stance=claim["stance"] or "supports",
            said=said,
            sig=sig,
            evidence_nominal=evidence_nominal,
            calculated=_is_calculation(claim["evidence"]),
            claim_calculated=_is_calculation(claim["claimed"]),
        )
        note = sources.render_note(claim["note"], claimed)
        if result.verdict in ("not checkable", "not quantitative") and note:
            reason = note
        else:
            reason = result.reason.rstrip(".") + "." + (f" {note}" if note else "")
        keys = sources.references(claim["evidence"]) + placeholder_references(claim["note"])
        listed = list(dict.fromkeys(sources.source_text(key) for key in keys))
        weak, weak_only = _weak_marks(claim, keys, sources.references(claim["evidence"]), reference)
        if evidence is not None and claimed is not None:
            evidence = evidence.to(claimed.unit)
        rows.append(
            {
                "id": claim["id"],
                "type": kind,
                "derived_from": claim["derived_from"],
                "paragraph": claim["paragraph"],
                "claim": claim["claim"],
                "words": claim["words"],
                "claimed": show_interval(claimed, sig) if claimed is not None else "",
                "evidence": _evidence_text(evidence, claim["evidence"], kind, sources),
                "sources": "; ".join(listed),
                "evidence_read": claim["evidence_read"],
                "relation": relation,
                "weak_source": weak,
                "weak_only": "yes" if weak_only else "",
                "convention": claim["convention"],
                "relative_difference": result.relative_difference,
                "verdict": result.verdict,
                "reason": reason.rstrip(".") + ".",
            }
        )
    frame = pd.DataFrame(rows, columns=list(AUDIT_COLUMNS))
    # Each derived row is evidence about its parents: its reason joins theirs, and so do its sources and its
    # weak-source marks (a parent that repeats a check lists what the check rests on).
    for _, row in frame[frame["type"] == "derived"].iterrows():
        if row["evidence"]:
            text = f" A derived check, {row['claim']}: {row['reason']}"
        else:
            text = f" A derived value, {row['claim']}: {row['claimed']}, which no source found can check."
        for parent in row["derived_from"].split():
            where = frame["id"] == parent
            frame.loc[where, "reason"] = frame.loc[where, "reason"] + text
            for column in ("sources", "weak_source"):
                frame.loc[where, column] = [
                    "; ".join(dict.fromkeys(p for p in (*_items(own), *_items(row[column])) if p))
                    for own in frame.loc[where, column]
                ]
    # A source's full title once per reason, its short name after: no title repeated within one finding.
    titles = list(reference["source_title"])
    frame["reason"] = [shorten_titles(reason, titles) for reason in frame["reason"]]
    return frame


# a finding's sources (``Sources.source_text`` each, which ends with the date it was checked) or weak marks,
# joined by "; " (a title may hold "; " itself: "(Liter.kz, ...; Russian)")
_ITEM_END = re.compile(r"(?:(?<=\d{4}-\d{2}-\d{2})|(?<=date checked not recorded)); ")


def _items(text: str) -> list[str]:
    text = str(text)
    return _ITEM_END.split(text) if re.search(r"checked", text) else text.split("; ")


def _weak_marks(claim, keys: list, evidence_keys: list, reference: pd.DataFrame) -> tuple[str, bool]:
    """The weak-source marks behind ``claim`` (its own ``weak_source`` and each weak ``reference.csv`` row among
    ``keys``), and whether its evidence rests only on weak sources: its own mark says so, or every reference row
    behind its evidence (``evidence_keys``) is marked weak."""
    marks = [claim["weak_source"]] if claim["weak_source"] else []
    for key in dict.fromkeys(keys):
        mark = reference.loc[key, "weak_source"]
        if mark and mark not in marks:
            marks.append(mark)
    only = bool(claim["weak_source"]) or (
        bool(evidence_keys) and all(reference.loc[k, "weak_source"] for k in evidence_keys)
    )
    return "; ".join(marks), only


def _evidence_text(evidence: Interval | None, refs: str, kind: str, sources: Sources) -> str:
    if evidence is None:
        return ""
    if kind == "fact":
        parts = []
        for ref in refs.split():
            table, _, key = ref.partition(":")
            if table == "reference":
                parts.append(str(sources.tables["reference"].loc[key, "quantity"]))
            else:
                parts.append(
                    f"{sources.tables['derived'].loc[key, 'description']} (the project's calculation)"
                )
        return "; ".join(parts)
    return show_interval(evidence, CALCULATION_SIG if _is_calculation(refs) else SOURCE_SIG)


def findings(result: pd.DataFrame) -> pd.DataFrame:
    """The findings: one row per claim that is not derived (derived rows are evidence about them),
    with ``weak_only`` True where every source behind the finding is marked weak."""
    table = result[result["type"] != "derived"].copy()
    weak_only = []
    for _, row in table.iterrows():
        children = result[
            (result["type"] == "derived")
            & result["derived_from"].str.split().apply(lambda ids, key=row["id"]: key in ids)
            & (result["sources"] != "")
        ]
        # a finding's own evidence decides; derived checks count only where it has none of its own
        evidence_rows = [row] if row["sources"] else [child for _, child in children.iterrows()]
        weak_only.append(bool(evidence_rows) and all(r["weak_only"] in ("yes", True) for r in evidence_rows))
    table["weak_only"] = weak_only
    return table


def verdict_counts(result: pd.DataFrame) -> pd.Series:
    """How many findings (not rows: derived rows are left out) have each verdict, in ``VERDICTS`` order."""
    return findings(result)["verdict"].value_counts().reindex(list(VERDICTS), fill_value=0)


def read_audit(path=None) -> pd.DataFrame:
    """The audit table notebook 10 writes (``data/derived/10-claims-audit.csv``), every cell as text
    except ``relative_difference``."""
    path = path or DATA_DIR / "derived" / "10-claims-audit.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["relative_difference"] = pd.to_numeric(frame["relative_difference"], errors="coerce")
    return frame
