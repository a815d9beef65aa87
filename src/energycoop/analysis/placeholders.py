"""The placeholders a note in ``claims.csv`` writes (``{reference:ID}``, ``{calculation:REF op REF}``, ...):
their kinds, the references they name, and what is wrong with one."""

from __future__ import annotations

import re

from energycoop.data.schema import ID

REF = r"(?:article|reference|derived):[a-z][a-z0-9_]*"
PLACEHOLDER_KINDS = (
    "reference",
    "derived",
    "words",
    "source",
    "against",
    "compare",
    "elapsed",
    "calculation",
)
PLACEHOLDER = re.compile(rf"\{{({'|'.join(PLACEHOLDER_KINDS)}):([^{{}}]+)\}}")
EXPRESSION = re.compile(rf"^({REF})(?: ([*/]) ({REF}))?$")
CHAIN = re.compile(rf"^{REF}(?: [*/] {REF}){{1,2}}$")


def placeholder_references(text: str) -> list[str]:
    """The reference.csv ids a note's placeholders name (in order, once each)."""
    found: list[str] = []
    for kind, body in PLACEHOLDER.findall(text or ""):
        if kind in ("reference", "words", "source", "against"):
            keys = [body]
        elif kind in ("compare", "elapsed", "calculation"):
            keys = [ref.partition(":")[2] for ref in re.findall(REF, body) if ref.startswith("reference:")]
        else:
            keys = []
        found += [k for k in keys if k not in found]
    return found


def placeholder_problem(kind: str, body: str) -> str:
    """What is wrong with the placeholder ``{kind:body}``, or ''."""
    if kind in ("reference", "derived", "words", "source", "against"):
        return "" if ID.fullmatch(body) else f"{{{kind}:ID}} takes one id"
    if kind in ("compare", "elapsed"):
        return "" if re.fullmatch(rf"{REF} {REF}", body) else f"{{{kind}:REF REF}} takes two references"
    return (
        ""
        if CHAIN.fullmatch(body)
        else "{calculation:...} takes two or three references joined by ' * ' or ' / '"
    )
