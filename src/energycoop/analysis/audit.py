"""The claims audit: every claim the article makes, each judged as an interval against evidence.

This module gathers the audit's parts under one name (``from energycoop.analysis.audit import ...``); each
rule and name is defined once, in the module that owns it:

- ``intervals``: what a printed figure or a piece of evidence allows (``Interval``), how two intervals stand
  to each other (``relate``), and how they are shown (``show_interval``, ``show_number``);
- ``verdicts``: the vocabulary (``VERDICTS``), the one rule that decides a source's relation to a claim
  (``RELATIONS``, its docstring), and ``judge``, which turns a claim and its evidence into a verdict;
- ``sources``: resolving ``article:``, ``reference:`` and ``derived:`` references, and writing a source's
  value, words and title, a comparison or a calculation for a reader (``Sources``);
- ``claims``: ``data/claims.csv``'s schema and loader (``load_claims``);
- ``auditing``: the audit of every claim (``audit``), the findings and their counts;
- ``report``: the reader's scale, the findings as Markdown, the README's findings and limitations blocks.

Rules the code enforces (each has a test in ``tests/test_audit.py``):

- only independent evidence confirms: ``judge`` refuses "confirmed", "confirmed within rounding" and
  "bound confirmed" for same-side or design evidence, which reaches at most "matches its source"; a fact is
  checked for its evidence's independence before its stance, so same-side evidence that "allows" a fact is
  "matches its source", never "compatible";
- only a figure a source states confirms: evidence that is the project's calculation (``calculated``, an
  ``A / B`` of two rows or a derived value) reaches at most "compatible", and ``judge`` refuses more;
- a source's relation is decided once, by one rule (``RELATIONS``), from what the source is
  (``reference.csv``'s ``relation``); a claim's relation is the weakest of the rows behind its evidence, and
  ``claims.csv`` may not say otherwise;
- a printed figure is read only as its qualifier gives it (a capacity is not "at least"), and a source's
  value keeps the qualifier its own words give it ("nearly 60%");
- values of different scopes (the IEA's count and IRENA's) are never compared in one row;
- one printed figure makes one finding, and no evidence row is listed twice;
- no number is typed into a note: notes name reference rows (``{reference:ID}``), comparisons
  (``{compare:...}``) and calculations (``{calculation:...}``), and the audit writes their values and sources;
- a finding without evidence says what was searched and what would settle it.
"""

from energycoop.analysis.auditing import (
    AUDIT_COLUMNS,
    audit,
    findings,
    read_audit,
    verdict_counts,
)
from energycoop.analysis.claims import CLAIMS_SCHEMA, load_claims
from energycoop.analysis.intervals import (
    CALCULATION_SIG,
    READINGS,
    RELATIONS_OF_INTERVALS,
    SOURCE_SIG,
    Interval,
    relate,
    show_interval,
    show_number,
)
from energycoop.analysis.plain import readme_markdown, write_readme_findings
from energycoop.analysis.report import (
    AT_ODDS,
    FINDINGS_END,
    FINDINGS_START,
    KEY_FINDINGS,
    LIMITATIONS_END,
    LIMITATIONS_START,
    README_NOTEBOOK,
    VERDICT_SCALE,
    VerdictGroup,
    findings_markdown,
    key_findings,
    limitations_markdown,
    numbered_findings,
    readme_findings,
    readme_limitations,
    reason_parts,
    source_links,
    tally,
    tally_markdown,
    verdict_group,
)
from energycoop.analysis.sources import QUALIFIER_WORDS, Sources, stated_qualifier
from energycoop.analysis.verdicts import (
    CLAIM_TYPES,
    CONFIRMING,
    RELATIONS,
    STANCES,
    VERDICTS,
    Verdict,
    judge,
    weakest_relation,
)

__all__ = [
    "AT_ODDS",
    "AUDIT_COLUMNS",
    "CALCULATION_SIG",
    "CLAIMS_SCHEMA",
    "CLAIM_TYPES",
    "CONFIRMING",
    "FINDINGS_END",
    "FINDINGS_START",
    "KEY_FINDINGS",
    "LIMITATIONS_END",
    "LIMITATIONS_START",
    "QUALIFIER_WORDS",
    "READINGS",
    "README_NOTEBOOK",
    "RELATIONS",
    "RELATIONS_OF_INTERVALS",
    "SOURCE_SIG",
    "STANCES",
    "VERDICTS",
    "VERDICT_SCALE",
    "Interval",
    "Sources",
    "Verdict",
    "VerdictGroup",
    "audit",
    "findings",
    "findings_markdown",
    "judge",
    "key_findings",
    "limitations_markdown",
    "load_claims",
    "numbered_findings",
    "read_audit",
    "readme_findings",
    "readme_limitations",
    "readme_markdown",
    "reason_parts",
    "relate",
    "show_interval",
    "show_number",
    "source_links",
    "stated_qualifier",
    "tally",
    "tally_markdown",
    "verdict_counts",
    "verdict_group",
    "weakest_relation",
    "write_readme_findings",
]
