"""A finding in one plain sentence, computed from its verdict and its evidence rows (never typed): for a finding
at odds with the evidence, the printed figure against the evidence's; otherwise who gives what and what that
makes of the printed figure or the fact. Shared by the site's cards and the README's key findings."""

from __future__ import annotations

import re

import pandas as pd

from energycoop.analysis.auditing import findings, read_audit
from energycoop.analysis.markup import markdown_link, markdown_text
from energycoop.analysis.report import (
    AT_ODDS,
    FINDINGS_END,
    FINDINGS_START,
    LIMITATIONS_END,
    LIMITATIONS_START,
    README_NOTEBOOK,
    _replace,
    findings_markdown,
    key_findings,
    limitations_markdown,
    numbered_findings,
    own_side_sentence,
    reason_parts,
    source_links,
    tally,
    verdict_group,
)
from energycoop.analysis.sentences import first_sentence
from energycoop.analysis.sources import Sources
from energycoop.data.loaders import DATA_DIR
from energycoop.quantities.units import Q_


def first_reason(reason: str, convention: str = "") -> str:
    """The first sentence of a finding's own reasoning (its convention and derived checks left out), cut where
    a reader's sentence ends."""
    own = reason_parts(reason, convention)
    text = own["sentence"].rstrip(".") + (". " + own["more"] if own["more"] else "")
    return first_sentence(text)[0] if own["more"] or own["sentence"] else ""


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _period(text: str) -> str:
    return " a year" if str(text).strip() == "per year" else ""


def joined(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def number_at_odds(row, claim, sources: Sources) -> str:
    """'AZ China gives the Pavlodar aluminium plant's primary aluminium capacity as 250,000 t a year, not the
    printed “240,000 tons”.' — from the article's row, the audit's evidence value and the sources of the rows
    that value comes from (``evidence_names``), never every source the finding lists."""
    article_ref = claim["claimed"] if str(claim["claimed"]).startswith("article:") else ""
    key = article_ref.partition(":")[2]
    article = sources.tables["article"]
    if key not in article.index:
        return first_reason(row.reason)
    figure = article.loc[key]
    subject, quantity = str(figure["subject"]).strip(), str(figure["quantity"]).strip()
    head = subject.split(" ")[0].lower() if subject else ""
    what = f"the {quantity}" if not subject or head in quantity.lower() else f"the {subject}'s {quantity}"
    printed = sources.value_text(article_ref)
    period = _period(figure["period"])
    if row.verdict == "other convention":
        return (
            f"{_capital(what)} is {row.evidence}{period} at the named convention ({row.convention}), not the "
            f"printed {printed}: the article converted at another rate."
        )
    names = evidence_names(claim, sources)
    if not names:
        return first_reason(row.reason)
    reference = sources.tables["reference"]
    published = str(reference.loc["article_publication", "year"]).split(".")[0]
    years = {  # a figure of another year than the article's says which: "AZ China (2014) gives ..."
        str(reference.loc[k, "year"]).split(".")[0]
        for k in sources.references(str(claim["evidence"]))
        if k in reference.index
    } - {"", "nan", published}
    if len(names) == 1 and len(years) == 1:
        names = [f"{names[0]} ({years.pop()})"]
    verb = "give" if len(names) > 1 else "gives"
    keys = sources.references(str(claim["evidence"]))
    each_counts = all(sources.value_text("reference:" + k) == row.evidence for k in keys)
    if (
        figure["unit"] == "count" and each_counts
    ):  # each source with what it counts, where each gives the count
        what_each = [re.sub(r"\s*\([^)]*\)$", "", str(reference.loc[k, "quantity"])) for k in keys]
        counted = [  # "azh.kz counts 3 oil refineries and itek.ru review 3 large oil refineries"
            f"{short_source(sources.title(k))}{' counts' if i == 0 else ''} {sources.value_text('reference:' + k)} {w}"
            for i, (k, w) in enumerate(zip(keys, what_each, strict=True))
        ]
        return f"{joined(counted)}, not the printed {printed}."
    return f"{joined(names)} {verb} {what} as {row.evidence}{period}, not the printed {printed}."


def fact_at_odds(row, claim, sources: Sources) -> str:
    """'Zhanatas wind farm is 100 MW; Akmola wind power plant (SPIC) is 206 MW (…).' — the evidence rows that
    contradict the fact, with the claim's own subject's figure of the same kind where a reference row gives it."""
    reference = sources.tables["reference"]
    keys = [k for k in sources.references(claim["evidence"]) if k in reference.index]
    numbered = [
        k
        for k in keys
        if str(reference.loc[k, "unit"]) not in ("", "date")
        and re.fullmatch(r"-?[\d.]+(?:e[-+]?\d+)?", str(reference.loc[k, "value"]))
    ]
    if not numbered:
        return first_reason(row.reason)
    parts = []
    kinds = {reference.loc[k, "kind"] for k in numbered}
    first_word = str(claim["claim"]).split(" ")[0]
    own = reference[
        (reference["kind"].isin(kinds))
        & (reference["subject"].astype(str).str.split(" ").str[0] == first_word)
        & ~reference.index.isin(keys)
    ]
    mine = None
    if len(own):
        own = own.assign(rank=(own["relation"] != "independent").astype(int)).sort_values(
            "rank", kind="stable"
        )
        mine = own.index[0]
        parts.append(  # whose figure it is: the evidence's source below may not be the one that gives it
            f"{reference.loc[mine, 'subject']} is {sources.value_text('reference:' + mine)} "
            f"({short_source(reference.loc[mine, 'source_title'])})"
        )
    noted = re.findall(r"\{(?:words|reference|source):(\w+)\}", str(claim.get("note", "")))
    noted += re.findall(r"\{compare:reference:(\w+) ", str(claim.get("note", "")))
    for k in numbered:
        same = [
            n
            for n in noted
            if n in reference.index
            and n not in keys
            and reference.loc[n, "subject"] == reference.loc[k, "subject"]
        ]
        also = [
            n
            for n in same
            if "China-Kazakhstan" in str(reference.loc[n, "quantity"])
            and str(reference.loc[n, "unit"]) == "count"
        ]
        # a total made of parts says so, with its largest part (the size a rival's single farm compares with)
        largest_part = [
            n for n in same if str(reference.loc[n, "quantity"]).startswith("largest sub-project")
        ]
        what = f"{reference.loc[k, 'subject']} is {sources.value_text('reference:' + k)}"
        rows = [k]
        if largest_part:
            part = largest_part[0]
            rows.append(part)
            what += f" in all; its largest sub-project, {sources.value_text('reference:' + part)}, is"
            what += _beside(reference, part, mine)
        relations = {str(reference.loc[r, "relation"]) for r in rows}
        relation = relations.pop() if len(relations) == 1 else ""
        if len(rows) == 1:
            side = {"independent": "an independent figure", "same source": "the claim's own side's figure"}
            label = side.get(relation, "a design or expected figure")
        else:
            # "both Akmola figures": the rival's two, not the claim's own
            whose = str(reference.loc[k, "subject"]).split(" ")[0]
            side = {
                "independent": f"both {whose} figures independent",
                "same source": f"both {whose} figures from the claim's own side",
            }
            label = side.get(relation, "figures of different kinds of source")
        credit = f" ({short_source(reference.loc[k, 'source_title'])}: {label})"
        parts.append(  # a rival that is itself on the claim's list says so; its sources are in the disclosure
            f"{what}{credit}, and it too is a China\u2013Kazakhstan project"
            if also
            else f"{what} ({reference.loc[k, 'quantity']}){credit}"
        )
    return "; ".join(parts) + "."


_NOT_A_NAME = re.compile(r"^(?:Chinese|Russian|English|Kazakh|mirror|in \w+|\d.*)$")


_RELAY = re.compile(r"\b((?:quoted|relayed|summarised) by|via) ([^,()]+)")


def _beside(reference: pd.DataFrame, part: str, mine: str | None) -> str:
    """' the size of Zhanatas wind farm' (or ' larger than', ' smaller than'): a rival's largest part beside the
    claim's own subject, compared in one unit; '' where the claim's own figure is not known."""
    if mine is None:
        return ""
    theirs = Q_(float(reference.loc[part, "value"]), str(reference.loc[part, "unit"]))
    ours = Q_(float(reference.loc[mine, "value"]), str(reference.loc[mine, "unit"])).to(theirs.units)
    word = (
        "the size of"
        if theirs.magnitude == ours.magnitude
        else ("larger than" if theirs.magnitude > ours.magnitude else "smaller than")
    )
    return f" {word} {reference.loc[mine, 'subject']}"


def link_name(title: str) -> str:
    """A link's words: the source as a sentence names it (``short_source``) and, where the page is another
    publisher's relay of it, that publisher ("IEA Renewables 2023, quoted by Science and Technology Daily"),
    so a reader knows whose page the link opens."""
    name = short_source(title)
    relay = _RELAY.search(str(title))
    if relay and relay.group(2).strip() not in name and f"{relay.group(1)} " not in name:
        return f"{name}, {relay.group(1)} {relay.group(2).strip()}"
    return name


def short_source(title: str) -> str:
    """A source as a sentence names it: the publisher a title names in its last parentheses ("… (AidData,
    project 88650)" is AidData, and a title in another script, "Хватит ли ... (itek.ru review, Russian)", is
    itek.ru), else the title's opening words ("Reuters, 6 June 2012" is Reuters); the full title stays in the
    card's disclosure."""
    title = str(title).strip()
    before = re.split(r" \(", title, maxsplit=1)[0]
    inside = [
        piece.split(", ")[0].strip()
        for piece in reversed(re.findall(r"\(([^()]+)\)", title))
        if not _NOT_A_NAME.match(piece.split(", ")[0].strip())
    ]
    opening = re.split(r",| relayed by | quoted by | via ", before)[0].strip()
    latin = not re.search(r"[^\W\d_A-Za-z\u00C0-\u024F]", opening)  # a title in another script: its publisher
    if (latin and len(opening.split()) <= 4) or not inside:
        return opening
    return re.split(r" relayed by | quoted by ", inside[0])[0].strip()


def evidence_names(claim, sources: Sources) -> list[str]:
    """The sources a sentence may credit with the evidence's value: those of the reference rows the claim's
    evidence interval comes from (its ``evidence`` column, derived values followed to their inputs), never the
    other sources a finding lists in its note, which may say something else; [] for a calculation (an
    article figure, a derived value or ``A / B`` in the evidence), whose value no source states."""
    evidence = str(claim["evidence"])
    if re.search(r"\b(?:article|derived):|\s[/*]\s", evidence):
        return []
    names: list[str] = []
    for key in sources.references(evidence):
        name = short_source(sources.title(key))
        if name and name not in names:
            names.append(name)
    return names


def as_given(claim, sources: Sources) -> str:
    """' (as the IEA gave it in October 2024)': when and by whom a lone evidence row's value was given, where its
    quantity says so (a later count or a revision is not the figure the article had); '' otherwise."""
    keys = sources.references(str(claim["evidence"]))
    reference = sources.tables["reference"]
    if len(keys) != 1 or keys[0] not in reference.index:
        return ""
    given = re.search(r", (as (?:the |its )?\S.*\bgave it\b.*)$", str(reference.loc[keys[0], "quantity"]))
    return f" ({given.group(1)})" if given else ""


def each_gives(claim, sources: Sources, printed_text: str) -> str | None:
    """Where the evidence's rows give different values (no value in common), each source with its own value
    and the printed figure allowing them all ("PowerChina gives 109,500 tce and Global Times report 110,000
    tce, both of which the printed figure (105,000 to 115,000 tce) allows"); "" where they share a value (one
    credit for them all says it), None where some value lies outside the printed figure's interval."""
    keys = sources.references(str(claim["evidence"]))
    given = [sources.interval("reference:" + key) for key in keys]
    if len(keys) < 2 or max(i.low for i in given) <= min(i.high for i in given):
        return ""
    printed = sources.interval(str(claim["claimed"]))
    if not all(printed.contains(i.low) and printed.contains(i.high) for i in given):
        return None
    if len({short_source(sources.title(key)) for key in keys}) < len(keys):
        return None  # one source giving two values: the audit's own words say which is which
    parts = [
        f"{short_source(sources.title(key))}{' gives' if n == 0 else ''} {sources.value_text('reference:' + key)}"
        for n, key in enumerate(keys)
    ]
    which = "both of which" if len(keys) == 2 else "all of which"
    return f"{joined(parts)}, {which} the printed figure ({printed_text}) allows"


def from_verdict(row, claim, sources: Sources) -> str:
    """The card's sentence from the verdict and the evidence: who gives what, and what that makes of the
    printed figure or the fact ("Kazinform and Trend fit it without settling it."), naming only the sources
    whose rows give the evidence's value (``evidence_names``); "" where the audit's own first sentence is the
    plain one (a calculation, no source: not checkable, not a factual claim)."""
    names = joined(evidence_names(claim, sources)) if claim is not None else ""
    group = verdict_group(row.verdict).key
    if (
        not names
        or group not in ("confirmed", "consistent", "own-side")
        or (group == "own-side" and row.type != "number")  # a fact's own words say how far its source goes
        or first_reason(row.reason).startswith("The project's")
    ):
        return ""  # a calculation's own sentence says it is one
    design = "design" in str(row.relation)
    own_side = "a design or plan figure" if design else "the figure's own side"
    if row.type == "number" and row.evidence:
        each = each_gives(claim, sources, row.claimed)
        if each is None:
            return (
                ""  # sources that differ, not all inside the printed figure's interval: the audit's own words
            )
        gives = (
            each
            or f"The evidence ({names}) gives {row.evidence}{as_given(claim, sources)}, which the printed figure "
            f"({row.claimed}) allows"
        )
        if group == "confirmed":
            return f"{gives}: an independent confirmation."
        if row.verdict == "matches its source":
            many = each or "," in names or " and " in names
            whose = (
                f"{'they are' if many else 'it is'} a design or plan figure"
                if design
                else f"{'they come' if many else 'it comes'} from the figure's own side"
            )
            return f"{gives}, but {whose}, not an independent source."
        return f"{gives}, without pinning it down."
    if group == "confirmed":
        return f"An independent source ({names}) states it."
    if row.verdict == "matches its source":
        return f"Only {own_side} states it ({names}): not an independent confirmation."
    return f"The evidence ({names}) fits the claim but does not settle it."


def at_odds_sentence(row, claim, sources: Sources) -> str:
    """The sentence of a finding at odds with the evidence: the printed figure against the evidence's."""
    return (number_at_odds if row.type == "number" else fact_at_odds)(row, claim, sources)


def _titles(sources: Sources, refs: str) -> list[str]:
    titles = []
    for key in sources.references(refs):
        title = str(sources.tables["reference"].loc[key, "source_title"])
        if title not in titles:
            titles.append(title)
    return titles


def _calculation(sources: Sources, refs: str) -> str | None:
    """The calculation behind ``refs`` written out with its values ("100 MW ÷ 40"), or None if ``refs``
    is not one (a single reference row)."""
    match = re.fullmatch(
        r"((?:article|reference|derived):\w+) ([*/]) ((?:article|reference|derived):\w+)", refs
    )
    if match:
        first, op, second = match.groups()
        return f"{sources.value_text(first)} {'÷' if op == '/' else '×'} {sources.value_text(second)}"
    match = re.fullmatch(r"derived:(\w+)", refs)
    if match and match.group(1) in sources.tables["derived"].index:
        formula = str(sources.tables["derived"].loc[match.group(1), "formula"])
        if re.fullmatch(
            r"[\d.,]+ ?[\w%/]* [*/] [\d.,]+ ?[\w%/]*", formula
        ):  # numbers only: readable as it is
            return formula.replace(" / ", " ÷ ").replace(" * ", " × ")
    return None


# A finding no source settles: its "Evidence and reasoning" lists the searches (the same words on a card of the
# site, in notebook 10 and for the README's link to it).
UNCHECKED_SENTENCE = (
    "No source the project found states or contradicts it; \u201cEvidence and reasoning\u201d lists what was "
    "searched."
)


def key_sentence(row, sources: Sources, claims: pd.DataFrame) -> str:
    """A finding's one sentence, the same on its card in notebook 10 and on the site and in the README: for a
    finding at odds with the evidence, the printed figure against the evidence's; for a calculation, the
    calculation with its values; otherwise who gives what (``from_verdict``), else the first sentence of the
    audit's reason (cut where a reader's sentence ends, never at an initial such as "N.")."""
    claim = claims.loc[row.id] if row.id in claims.index else None
    group = verdict_group(row.verdict).key
    if claim is not None and group == AT_ODDS:
        return at_odds_sentence(row, claim, sources)
    if group == "unchecked":
        return UNCHECKED_SENTENCE
    if claim is not None and row.type == "number" and row.evidence:
        calculation = _calculation(sources, str(claim["evidence"]))
        if calculation:
            titles = list(dict.fromkeys(short_source(t) for t in _titles(sources, str(claim["evidence"]))))
            by = f", calculated here from figures in {joined(titles)}" if titles else ", calculated here"
            return f"{calculation} = {row.evidence}{by}; the printed figure allows {row.claimed}."
    return from_verdict(row, claim, sources) or first_reason(row.reason, row.convention)


def findings_cards(result: pd.DataFrame, sources: Sources, claims: pd.DataFrame) -> str:
    """Notebook 10's findings, one card each (``findings_markdown``), each with the plain sentence the README's
    key findings use (``key_sentence``), computed from the notebook's own audit table and sources."""
    by_id = claims.set_index("id", drop=False)
    return findings_markdown(result, sentence=lambda row: key_sentence(row, sources, by_id))


def readme_markdown(result: pd.DataFrame) -> str:
    """The README's findings block, for a newcomer: the tally in one line, then the key findings (those at odds
    first), each in one sentence computed from its verdict and evidence rows, linked to notebook 10, with its
    first source as a link."""
    from energycoop.analysis.claims import load_claims
    from energycoop.data.loaders import load_article, load_reference

    article, reference = load_article(), load_reference()
    claims = load_claims(article=article, reference=reference).set_index("id", drop=False)
    sources = Sources(article, reference, {})
    shown = numbered_findings(result)
    steps, rest = [], ""
    for group, count, parts in tally(result):
        detail = ", ".join(f"{n} {markdown_text(v)}" for v, n in parts.items()) if len(parts) > 1 else ""
        step = f"{group.icon} **{count} {markdown_text(group.label)}**" + (f" ({detail})" if detail else "")
        if group.key == "not-factual":
            rest = f" {count} more are not factual claims."
        elif count:
            steps.append(step)
    lines = [
        f"Of the article's {len(findings(result))} statements, {len(shown)} have a number or a checkable fact: "
        + "; ".join(steps)
        + "."
        + rest,
        "",
        f"**{own_side_sentence(result)}**",
        "",
        "Key findings, at odds first:",
        "",
    ]
    for row in key_findings(result).itertuples():
        group = verdict_group(row.verdict)
        first = (  # a finding that cannot be checked has sources searched, not evidence: its card names them
            None
            if group.key == "unchecked"
            else next(((t, a) for t, a, _ in source_links(row.sources) if a), None)
        )
        source = f" Source: {markdown_link(link_name(first[0]), first[1])}." if first else ""
        lines.append(
            f"- {group.icon} [finding {row.number}]({README_NOTEBOOK}#finding-{row.number})"
            + ("" if group.key == AT_ODDS else f" ({markdown_text(group.label)})")
            + f", \u201c{markdown_text(row.words)}\u201d: "
            f"{markdown_text(key_sentence(row, sources, claims))}{source}"
        )
    lines += [
        "",
        f"All {len(shown)} findings with their sources: [notebook 10]({README_NOTEBOOK}) or the site `make site` "
        "builds (`site/index.html`).",
    ]
    return "\n".join(lines) + "\n"


def write_readme_findings(readme=None, audit_table=None, reference=None) -> bool:
    """Rewrite the findings and the known-limitations sections of ``README.md`` (between their markers) from
    the audit table and ``reference.csv``; return whether it changed.
    ``python -c "from energycoop.analysis.audit import write_readme_findings as w; w()"``."""
    from pathlib import Path

    from energycoop.data.loaders import load_reference

    path = Path(readme or DATA_DIR.parent / "README.md")
    text = path.read_text(encoding="utf-8")
    table = read_audit(audit_table)
    reference = load_reference() if reference is None else reference
    new = _replace(text, FINDINGS_START, FINDINGS_END, readme_markdown(table))
    new = _replace(new, LIMITATIONS_START, LIMITATIONS_END, limitations_markdown(table, reference))
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text
