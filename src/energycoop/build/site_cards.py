"""The index's findings: the tally on the reader's scale, the box of findings at odds with the evidence,
and one card per claim, each with one plain sentence computed from the audit's values and evidence rows.

Every sentence is built from the data: the audit table notebook 10 writes
(``data/derived/10-claims-audit.csv``), the claims, the article's figures and the reference rows
(``data/claims.csv``, ``article.csv``, ``reference.csv``) and the derived values notebook 10 reads, through
the audit's public functions (``energycoop.analysis.audit``). Nothing is typed here but the connecting words.
Every text from the data is escaped.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from energycoop.analysis.audit import (
    AT_ODDS,
    Sources,
    findings,
    load_claims,
    numbered_findings,
    read_audit,
    reason_parts,
    source_links,
    tally,
    verdict_group,
)
from energycoop.analysis.plain import key_sentence
from energycoop.analysis.report import own_side_sentence
from energycoop.analysis.sentences import first_sentence
from energycoop.build.catalogue import entry_of
from energycoop.data.derived import read_all_derived
from energycoop.data.loaders import load_article, load_reference
from energycoop.data.paths import DATA, NOTEBOOKS

AUDIT_NOTEBOOK = NOTEBOOKS / "10-claims-audit.ipynb"
AUDIT_PAGE = "10-claims-audit.html"
NOT_FACTUAL = "not-factual"  # the step of the scale whose statements are not factual claims


@dataclass
class Evidence:
    """What the cards are built from: the audit table and the tables behind it, read once."""

    @cached_property
    def audit(self) -> pd.DataFrame:
        return read_audit()

    @cached_property
    def shown(self) -> pd.DataFrame:
        return numbered_findings(self.audit)

    @cached_property
    def statements(self) -> pd.DataFrame:
        """The statements that are not factual claims (verdict "not quantitative"), in the article's order."""
        table = findings(self.audit)
        return table[table["verdict"].map(lambda v: verdict_group(v).key == NOT_FACTUAL)]

    @cached_property
    def claims(self) -> pd.DataFrame:
        return load_claims(
            article=self.sources.tables["article"], reference=self.sources.tables["reference"]
        ).set_index("id", drop=False)

    @cached_property
    def sources(self) -> Sources:
        names = [
            name.removeprefix("data/derived/").removesuffix(".csv")
            for name in entry_of(AUDIT_NOTEBOOK).reads
            if name.startswith("data/derived/")
        ]
        return Sources(load_article(), load_reference(), read_all_derived(DATA / "derived", names))


# --- The plain sentence of a card ----------------------------------------------------------------


def plain_sentence(row, evidence: Evidence) -> str:
    """The card's one sentence: the findings' one sentence (``energycoop.analysis.plain.key_sentence``), the
    same in notebook 10, the README and here."""
    return key_sentence(row, evidence.sources, evidence.claims)


def details_of(row, sentence: str) -> dict:
    """The rest of the reasoning (what the sentence leaves out), the convention and each derived check."""
    own = reason_parts(row.reason, row.convention)
    text = own["sentence"].rstrip(".") + (". " + own["more"] if own["more"] else "")
    head, rest = first_sentence(text)
    more = text if sentence.strip() != head.strip() else rest
    return {"more": more.strip(), "derived": own["derived"]}


# --- Badges, the tally and the cards ---------------------------------------------------------------


def badge(verdict: str) -> str:
    """A verdict as the reader's scale shows it: the step's icon (a shape of its own) and name, and the precise
    verdict as its sub-label where it says more than the name ("confirmed" is not repeated)."""
    group = verdict_group(verdict)
    sub = f' <span class="sub">({html.escape(verdict)})</span>' if verdict != group.label else ""
    return (
        f'<span class="badge badge-{group.key}" style="color:{group.colour};background:{group.background}">'
        f'<span class="icon" aria-hidden="true">{html.escape(group.icon)}</span> {html.escape(group.label)}'
        f"{sub}</span>"
    )


def link(title: str, address: str) -> str:
    if re.fullmatch(r"https?://[^\s<>\"'`\\]+", address or ""):
        return f'<a href="{html.escape(address, quote=True)}">{html.escape(title)}</a>'
    return f"{html.escape(title)} (no address recorded)"


def tally_html(evidence: Evidence) -> str:
    """The tally on the reader's scale: each step with its icon, count, name, definition and precise verdicts."""
    items = []
    for group, count, parts in tally(evidence.audit):
        detail = ", ".join(f"{n} {html.escape(v)}" for v, n in parts.items())
        items.append(
            f'<li style="color:{group.colour}" data-group="{group.key}"><span class="count">{count}</span>'
            f'<span><span class="label"><span aria-hidden="true">{html.escape(group.icon)}</span> '
            f"{html.escape(group.label)}</span>"
            f'<span class="definition">{html.escape(group.definition)}</span>'
            + (f'<span class="parts sub">{detail}</span>' if detail else "")
            + "</span></li>"
        )
    return (
        f'<ul class="tally">{"".join(items)}</ul>'
        f'<p class="tally-note"><strong>{html.escape(own_side_sentence(evidence.audit))}</strong></p>'
    )


def at_odds_html(evidence: Evidence) -> str:
    """The findings at odds with the evidence, each named with its plain sentence and linked to its card."""
    shown = evidence.shown
    odd = shown[shown["verdict"].map(lambda v: verdict_group(v).key == AT_ODDS)]
    if not len(odd):
        return '<div class="at-odds-first"><p>No finding is at odds with the evidence.</p></div>'
    named = "".join(
        f'<li><a href="#finding-{r.number}">Finding {r.number}</a>: \u201c{html.escape(r.words)}\u201d '
        f'<span class="sub">({html.escape(r.verdict)})</span>'
        f'<span class="at-odds-sentence">{html.escape(plain_sentence(r, evidence))}</span></li>'
        for r in odd.itertuples()
    )
    return (
        f'<div class="at-odds-first" role="region" aria-labelledby="at-odds-title"><p id="at-odds-title">'
        f"<strong>At odds with the evidence: {len(odd)} finding{'s' if len(odd) != 1 else ''}</strong></p>"
        f"<ul>{named}</ul></div>"
    )


def _card(row, evidence: Evidence, claim_pages: dict, number: int | None) -> tuple[str, dict]:
    group = verdict_group(row.verdict)
    sentence = plain_sentence(row, evidence)
    extra = details_of(row, sentence)
    anchor = f"finding-{number}" if number else f"statement-{row.id}"
    name = f"finding {number}" if number else "this statement"
    details = []
    if number:
        details.append(
            f'<li><strong>In notebook 10:</strong> <a class="finding-link" href="{AUDIT_PAGE}#{anchor}">'
            f"finding {number}</a></li>"
        )
    if extra["more"]:
        details.append(f"<li>{html.escape(extra['more'])}</li>")
    if row.convention:
        details.append(f"<li><strong>Convention:</strong> {html.escape(row.convention)}</li>")
    details += [
        f"<li><strong>{html.escape(d.split(':', 1)[0])}:</strong>{html.escape(d.split(':', 1)[1])}</li>"
        if ":" in d
        else f"<li>{html.escape(d)}</li>"
        for d in extra["derived"]
    ]
    sources = source_links(row.sources)
    if sources:
        text = "; ".join(
            link(t, a) + (f" ({html.escape(checked)})" if checked else "") for t, a, checked in sources
        )
        if row.weak_source:
            text += f". Weak source: {html.escape(row.weak_source)}"
        if row.weak_only:
            text += ". <strong>Rests only on weak sources.</strong>"
        details.append(f"<li><strong>Evidence:</strong> {text}</li>")
    elif number:
        details.append("<li><strong>Evidence:</strong> none in the project</li>")
    pages = [
        f'<a href="{p.href}">{html.escape(p.title)}</a>'
        for p in claim_pages.get(row.id, [])
        if p.href != AUDIT_PAGE
    ]
    if pages:
        details.append(f"<li><strong>Computed in:</strong> {', '.join(pages)}</li>")
    head = (f'<span class="finding-number">{number}</span> ' if number else "") + badge(row.verdict)
    disclosure = (
        f'<details><summary>Evidence and reasoning<span class="visually-hidden"> for {name}, '
        f"\u201c{html.escape(row.words)}\u201d</span></summary><ul>{''.join(details)}</ul></details>\n"
        if details
        else ""
    )
    # on paper, a closed disclosure stays closed: the card prints its sources and where to read the rest
    where = f"finding {number} of notebook 10 ({AUDIT_PAGE}#{anchor})" if number else "notebook 10"
    printed = (
        '<p class="print-only finding-print">'
        + (f"<strong>Sources:</strong> {'; '.join(link(t, a) for t, a, _ in sources)}. " if sources else "")
        + f"Evidence and reasoning: {html.escape(where)}, or open the card before printing.</p>\n"
    )
    card = (
        f'<li class="finding" id="{anchor}" data-group="{group.key}" style="--step:{group.colour}">\n'
        f'<p class="finding-head">{head}</p>\n'
        f'<p class="finding-words">\u201c{html.escape(row.words)}\u201d</p>\n'
        f'<p class="finding-sentence">{html.escape(sentence)}</p>\n{disclosure}{printed}</li>'
    )
    title = f"Finding {number}" if number else "Not a factual claim"
    document = {
        "id": f"index.html#{anchor}",
        "title": f"{title}: \u201c{row.words}\u201d ({group.label}"
        + (f": {row.verdict})" if row.verdict != group.label else ")"),
        "page": "What we found (the index)",
        "href": f"index.html#{anchor}",
        "body": f"{row.words} {row.claim} {row.reason} {row.sources}",
        "text": f"\u201c{row.words}\u201d {group.label}. {sentence}",
    }
    return card, document


def finding_cards(evidence: Evidence, claim_pages: dict) -> tuple[str, list[dict]]:
    """One card per claim, in notebook 10's order and numbering, then one per statement that is not a factual
    claim (unnumbered, as notebook 10 lists them); and the search documents of each."""
    cards, statements, documents = [], [], []
    for row in evidence.shown.itertuples():
        card, document = _card(row, evidence, claim_pages, int(row.number))
        cards.append(card)
        documents.append(document)
    for row in evidence.statements.itertuples():
        card, document = _card(row, evidence, claim_pages, None)
        statements.append(card)
        documents.append(document)
    body = f'<ol class="findings" id="findings">\n{chr(10).join(cards)}\n</ol>\n'
    if statements:
        body += (
            f'<h3 class="statements-title" id="not-factual-claims">The {len(statements)} statements that are not '
            f'factual claims</h3>\n<p class="statements-note">Judgements or descriptions with no number or '
            f"measurable property to check; notebook 10 lists them under "
            f'<a href="{AUDIT_PAGE}#Not-a-factual-claim">not a factual claim</a> <span class="sub">(precise verdict \u201cnot quantitative\u201d)</span>.</p>\n'
            f'<ul class="findings statements">\n{chr(10).join(statements)}\n</ul>\n'
        )
    return body, documents


def claim_pages(pages: list) -> dict[str, list]:
    """For each claim of ``data/claims.csv``, the pages whose derived tables its numbers come from
    (through its own references and those of the derived claims about it)."""
    import csv

    from energycoop.data.paths import ROOT

    writer: dict = {}  # derived id: the page whose table holds it
    for page in pages:
        for path in page.writes:
            if path.startswith("data/derived/") and (ROOT / path).is_file():
                with open(ROOT / path, encoding="utf-8", newline="") as handle:
                    for row in csv.DictReader(handle):
                        writer.setdefault(row["id"], page)
    with open(DATA / "claims.csv", encoding="utf-8-sig", newline="") as handle:
        claims = list(csv.DictReader(handle))
    refs: dict[str, set[str]] = {}
    for claim in claims:
        found = set(
            re.findall(
                r"derived:([a-z][a-z0-9_]*)", " ".join(claim[c] for c in ("claimed", "evidence", "rounding"))
            )
        )
        for key in [claim["id"], *claim["derived_from"].split()]:
            refs.setdefault(key, set()).update(found)
    result = {}
    for key, ids in refs.items():
        shown = {writer[i].href: writer[i] for i in ids if i in writer}
        result[key] = [shown[h] for h in sorted(shown)]
    return result
