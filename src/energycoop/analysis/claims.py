"""``data/claims.csv``, the audit's list of claims: its schema and its loader, which refuses a row that cannot
be judged (a claim without evidence that does not say what was searched, a number typed into a note, a
printed figure read otherwise than its qualifier gives it, one printed figure made two findings)."""

from __future__ import annotations

import re

import pandas as pd

from energycoop.analysis.intervals import READINGS
from energycoop.analysis.placeholders import PLACEHOLDER, REF, placeholder_problem, placeholder_references
from energycoop.analysis.verdicts import CLAIM_TYPES, RELATIONS, STANCES
from energycoop.data.loaders import (
    DATA_DIR,
    Column,
    DataError,
    load_article,
    load_reference,
    read_checked_csv,
)

_REF_ID = r"[a-z][a-z0-9_]*"
_ANY = rf"(article|reference|derived):{_REF_ID}"
_OUTSIDE = rf"(reference|derived):{_REF_ID}"
CLAIMS_SCHEMA = (
    Column("id", "id"),
    Column("type", "choice", tuple(CLAIM_TYPES)),
    Column(
        "derived_from",
        "optional_pattern",
        pattern=rf"{_REF_ID}( {_REF_ID})*",
        allowed="claim ids separated by spaces, nor empty",
    ),
    Column("paragraph", "int"),
    Column("words", "text"),
    Column(
        "article_id",
        "optional_pattern",
        pattern=_REF_ID,
        allowed="an id (lower-case letters, digits and underscores) of article.csv, nor empty",
    ),
    Column("claim", "text"),
    Column(
        "claimed",
        "optional_pattern",
        pattern=rf"(article|derived):{_REF_ID}|{_ANY} [*/] {_ANY}",
        allowed="a reference written article:ID or derived:ID, or two references joined by ' / ' or ' * ', "
        "nor empty",
    ),
    Column(
        "claim_reading",
        "optional_pattern",
        pattern="|".join(READINGS),
        allowed=f"one of {', '.join(repr(r) for r in READINGS)}, nor empty",
    ),
    Column(
        "rounding",
        "optional_pattern",
        pattern=rf"printed|exact|{_ANY} {_ANY}",
        allowed="'printed', two references 'LOW HIGH' (each article:ID, reference:ID or derived:ID), 'exact', "
        "nor empty",
    ),
    Column(
        "evidence",
        "optional_pattern",
        pattern=rf"{_OUTSIDE}( {_OUTSIDE})?|{_ANY} [*/] {_ANY}",
        allowed="one or two references, each reference:ID or derived:ID, or two references joined by ' / ' or "
        "' * ', nor empty",
    ),
    Column(
        "evidence_reading",
        "optional_pattern",
        pattern="|".join(READINGS),
        allowed=f"one of {', '.join(repr(r) for r in READINGS)}, nor empty",
    ),
    Column(
        "relation",
        "optional_pattern",
        pattern="|".join(re.escape(r) for r in RELATIONS),
        allowed=f"one of {', '.join(repr(r) for r in RELATIONS)}, nor empty",
    ),
    Column("weak_source", "optional_text"),
    Column("convention", "optional_text"),
    Column(
        "stance",
        "optional_pattern",
        pattern="|".join(STANCES),
        allowed=f"one of {', '.join(repr(r) for r in STANCES)}, nor empty",
    ),
    Column("conversion", "choice", ("yes", "no")),
    Column(
        "evidence_read",
        "optional_pattern",
        pattern=r"\d{4}-\d{2}-\d{2}|not recorded",
        allowed="a date written YYYY-MM-DD, or 'not recorded'",
    ),
    Column("note", "optional_text"),
)


def load_claims(
    path=None, article: pd.DataFrame | None = None, reference: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The audit's claim list (``data/claims.csv``): cells checked like every data file, every
    ``article:ID`` and ``reference:ID`` a row of its file (``derived:ID`` is resolved when the audit
    runs), and each row complete for its ``type``: a number or derived row names what is claimed, a
    derived row the claims it is evidence about, evidence comes with its relation and the date it
    was read, an assumption of the project is never evidence, and a statement that is not
    quantitative carries its reason in ``note``."""
    path = path or DATA_DIR / "claims.csv"
    frame = read_checked_csv(path, CLAIMS_SCHEMA)
    tables = {
        "article": article if article is not None else load_article(),
        "reference": reference if reference is not None else load_reference(),
    }
    for number, (key, row) in enumerate(frame.iterrows(), start=2):

        def fail(column, message, number=number, key=key):
            raise DataError(f"{path}, row {number}, column {column}: {message} (claim {key!r})")

        _check_references(row, tables, fail)
        _check_complete(row, frame, fail)
        for column in ("note", "convention", "weak_source"):
            _check_prose(row[column], tables, lambda message, column=column: fail(column, message))
    _check_one_finding_per_figure(frame, path)
    return frame.reset_index()


def _check_references(row: pd.Series, tables: dict[str, pd.DataFrame], fail) -> None:
    """Every ``article:ID`` and ``reference:ID`` the row names is a row of its file; no assumption is evidence."""
    if row["article_id"] and row["article_id"] not in tables["article"].index:
        fail("article_id", f"{row['article_id']!r} is not an id of article.csv")
    for column in ("claimed", "evidence", "rounding"):
        for ref in re.findall(REF, row[column]):
            kind, _, ref_id = ref.partition(":")
            if kind in tables and ref_id not in tables[kind].index:
                fail(column, f"{ref!r} names no row of {kind}.csv; it must name an id of {kind}.csv")
            if (
                column == "evidence"
                and kind == "reference"
                and tables["reference"].loc[ref_id, "status"] == "assumption"
            ):
                fail(column, f"{ref!r} is an assumption of the project, not evidence")


def _check_complete(row: pd.Series, frame: pd.DataFrame, fail) -> None:
    """The row holds what its ``type`` needs, and nothing its type excludes."""
    kind = row["type"]
    if kind in ("number", "derived") and not row["claimed"]:
        fail("claimed", f"is empty; a {kind} row needs the number it claims")
    if kind in ("fact", "not quantitative") and (row["claimed"] or row["rounding"]):
        fail("claimed", f"a {kind} row claims no number; leave claimed and rounding empty")
    if kind == "not quantitative" and (row["evidence"] or not row["note"]):
        fail("note", "a statement that is not quantitative takes no evidence and needs its reason in note")
    if (kind == "derived") != bool(row["derived_from"]):
        fail(
            "derived_from", "a derived row names the claims it is evidence about, and only a derived row does"
        )
    for parent in row["derived_from"].split():
        if parent not in frame.index or frame.loc[parent, "type"] == "derived":
            fail("derived_from", f"{parent!r} is not the id of a claim that is not derived")
    if bool(row["evidence"]) != bool(row["relation"]) or bool(row["evidence"]) != bool(row["evidence_read"]):
        fail("relation", "evidence, its relation and the date it was read go together: all three or none")
    if row["conversion"] == "yes" and not row["convention"]:
        fail("convention", "a conversion names the convention its evidence uses")
    if row["claim_reading"] and "article:" in row["claimed"]:
        fail(
            "claim_reading",
            f"{row['claim_reading']!r}: a printed figure is read only as its qualifier "
            "gives it (a capacity is not 'at least'); leave claim_reading empty",
        )
    refs = row["evidence"].replace(" / ", " ").replace(" * ", " ").split()
    if len(refs) != len(set(refs)):
        fail("evidence", "names the same row twice; each evidence row counts once")
    if (kind == "fact") != bool(row["stance"]) and (kind != "fact" or row["evidence"]):
        fail(
            "stance",
            "a fact with evidence says how the evidence stands to it (supports, allows, "
            "contradicts), and only such a fact does",
        )
    if (
        kind in ("number", "fact")
        and not row["evidence"]
        and not ("Searched" in row["note"] and "would settle" in row["note"])
    ):
        fail(
            "note",
            "a claim without evidence says what was searched ('Searched ...') and what would "
            "settle it ('... would settle it')",
        )


def _check_prose(text: str, tables: dict[str, pd.DataFrame], fail) -> None:
    """Prose names its numbers by placeholder (``{reference:ID}``), each naming a row that exists, and
    types none by hand."""
    for placeholder in PLACEHOLDER.finditer(text):
        problem = placeholder_problem(*placeholder.groups())
        if problem:
            fail(f"{placeholder.group(0)!r}: {problem}")
        for ref_id in placeholder_references(placeholder.group(0)):
            if ref_id not in tables["reference"].index:
                fail(f"{placeholder.group(0)!r} names no row of reference.csv ({ref_id!r})")
        for ref in re.findall(REF, placeholder.group(0)):
            kind, _, ref_id = ref.partition(":")
            if kind == "article" and ref_id not in tables["article"].index:
                fail(f"{placeholder.group(0)!r} names no row of article.csv ({ref_id!r})")
    typed = _TYPED_NUMBER.search(PLACEHOLDER.sub("", text))
    if typed:
        fail(
            f"types the number {typed.group(0)!r} by hand; name the reference row that "
            "states it ({reference:ID}) and let the audit write its value"
        )


def _check_one_finding_per_figure(frame: pd.DataFrame, path) -> None:
    """One printed figure makes one finding: no two claims that are not derived rest on the same one."""
    printed = frame[(frame["type"] != "derived") & (frame["article_id"] != "")]
    repeated = printed[printed["article_id"].duplicated(keep=False)]
    if not repeated.empty:
        first = repeated.index[0]
        others = ", ".join(
            repr(k) for k in repeated.index[repeated["article_id"] == repeated.loc[first, "article_id"]]
        )
        raise DataError(
            f"{path}, column article_id: claims {others} rest on the same printed figure "
            f"{repeated.loc[first, 'article_id']!r}; one printed figure makes one finding"
        )


# A number typed into prose: any digit, except a year (1900 to 2099) standing alone, a digit in a name
# ('Turgusun-1', 'CO2') and a function's argument in quoted code ('alert(1)').
_TYPED_NUMBER = re.compile(
    r"(?<![\w.,])(?<![A-Za-z]-)(?<![A-Za-z]\()(?!(?:19|20)\d\d(?![\w%]|[.,]\d))[-+]?\d(?:[\d,.]*\d)?%?"
)
