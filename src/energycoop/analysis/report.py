"""Showing the findings to a reader: the ordered verdict scale (``VERDICT_SCALE``), the tally, a finding split
into its plain sentence and its details, its sources as links, the Markdown notebook 10 and the site show,
and the README's findings and known-limitations blocks, written from the audit table."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from energycoop.analysis.auditing import findings
from energycoop.analysis.markup import markdown_link, markdown_text


@dataclass(frozen=True)
class VerdictGroup:
    """One step of the reader's scale: the verdicts of ``VERDICTS`` it gathers, how it looks (a colour
    and an icon of its own shape, so that it never rests on colour alone) and what it means, in one line."""

    key: str  # the anchor and filter name on the site
    label: str
    icon: str
    colour: str  # the badge's border and icon (contrast of at least 4.5:1 on white)
    background: str
    definition: str
    verdicts: tuple[str, ...]


OWN_SIDE = "own-side"  # the step whose findings only their own side states

# The ordered scale a reader sees first (index, README, notebook 10): the precise verdict stays its sub-label.
VERDICT_SCALE = (
    VerdictGroup(
        "confirmed",
        "confirmed",
        "\u2714",
        "#1a6b32",
        "#e4f3e8",
        "an independent source gives the figure, or a value its printed rounding or bound allows",
        ("confirmed", "confirmed within rounding", "bound confirmed"),
    ),
    VerdictGroup(
        "consistent",
        "consistent with outside evidence",
        "\u2248",
        "#0b5394",
        "#e6eff9",
        "independent evidence allows the figure or the fact without pinning it down",
        ("compatible",),
    ),
    VerdictGroup(
        OWN_SIDE,
        "stated only by its own side",
        "\u25cb",
        "#6b3fa0",
        "#f3eefa",
        "not independently confirmed: only the figure's own side (developer, owner, financier, state media) "
        "or a plan states it",
        ("matches its source",),
    ),
    VerdictGroup(
        "at-odds",
        "at odds with the evidence",
        "\u2716",
        "#b3261e",
        "#fde7e3",
        "the evidence has no value in common with the printed figure, or contradicts the stated fact, "
        "or shows a conversion at another rate",
        ("inconsistent", "other convention"),
    ),
    VerdictGroup(
        "unchecked",
        "cannot be checked",
        "?",
        "#5a5a5a",
        "#efefef",
        "a number or checkable fact for which the project has no source",
        ("not checkable",),
    ),
    VerdictGroup(
        "not-factual",
        "not a factual claim",
        "\u2013",
        "#4a4a4a",
        "#f4f1ea",
        "a judgement or description with no number or measurable property to check",
        ("not quantitative",),
    ),
)
AT_ODDS = "at-odds"


def verdict_group(verdict: str) -> VerdictGroup:
    """The step of ``VERDICT_SCALE`` a verdict belongs to; a verdict on no step is an error naming it."""
    for group in VERDICT_SCALE:
        if verdict in group.verdicts:
            return group
    raise ValueError(
        f"verdict {verdict!r} is on no step of the reader's scale (energycoop.analysis.audit.VERDICT_SCALE); "
        f"the steps hold {', '.join(v for g in VERDICT_SCALE for v in g.verdicts)}"
    )


def tally(result: pd.DataFrame) -> list[tuple[VerdictGroup, int, dict[str, int]]]:
    """How many findings fall on each step of the scale, in its order, with the count of each precise
    verdict (only those that occur)."""
    counts = findings(result)["verdict"].value_counts()
    for verdict in counts.index:
        verdict_group(verdict)  # every verdict found is on the scale
    return [
        (
            group,
            int(sum(counts.get(v, 0) for v in group.verdicts)),
            {v: int(counts[v]) for v in group.verdicts if counts.get(v, 0)},
        )
        for group in VERDICT_SCALE
    ]


def numbered_findings(result: pd.DataFrame) -> pd.DataFrame:
    """The findings shown one by one (not the statements that are not quantitative), with ``number``:
    the finding's number everywhere (notebook 10, the site's cards and their anchors, the README)."""
    table = findings(result)
    shown = table[table["verdict"] != "not quantitative"].copy()
    shown.insert(0, "number", range(1, len(shown) + 1))
    return shown


def reason_parts(reason: str, convention: str = "") -> dict:
    """A finding's reason split for a reader: ``sentence`` (the first, plain one), ``more`` (the rest of its
    own reasoning, without the convention), and ``derived`` (each derived check, in full)."""
    derived = [piece.strip() for piece in re.split(r"(?= Derived (?:check )?\()", reason)]
    own, derived = derived[0], [d for d in derived[1:] if d]
    if convention:
        own = own.replace(f". Convention: {convention}", "")
    pieces = [own]
    for end in re.finditer(
        r"(?<=[\w%)\]\u201d'])\.\s+(?=[A-Z])", own
    ):  # the first full stop outside a quotation
        before = own[: end.start()]
        if (
            before.count("\u201c") == before.count("\u201d")
            and before.count('"') % 2 == 0
            and before.count("(") == before.count(")")
        ):
            pieces = [before, own[end.end() :]]
            break
    sentence = pieces[0].rstrip(".") + "."
    more = pieces[1].strip() if len(pieces) > 1 else ""
    return {"sentence": sentence, "more": more, "derived": derived}


_SOURCE = re.compile(
    r"(.+?) \((https?://\S+?|no address recorded)\)(?:, (checked \S+|date checked not recorded))?"
    r"(?:; |$)"
)


def source_links(sources: str) -> list[tuple[str, str, str]]:
    """The finding's sources (``Sources.source_text`` joined by '; ') as (title, address, checked) triples;
    the address is '' where none is recorded, ``checked`` what the source row says of its date checked."""
    return [
        (m.group(1), m.group(2) if m.group(2).startswith("http") else "", m.group(3) or "")
        for m in _SOURCE.finditer(sources or "")
    ]


def _badge_markdown(verdict: str) -> str:
    group = verdict_group(verdict)
    return f"{group.icon} **{markdown_text(group.label)}** ({markdown_text(verdict)})"


def tally_markdown(result: pd.DataFrame) -> str:
    """The tally on the reader's scale, as a Markdown table: the step (icon, name), how many findings,
    the precise verdicts behind the number, and the step's definition."""
    lines = ["| | verdict | findings | precise verdicts | what it means |", "|---|---|---|---|---|"]
    for group, count, parts in tally(result):
        detail = ", ".join(f"{n} {markdown_text(v)}" for v, n in parts.items())
        lines.append(
            f"| {group.icon} | **{markdown_text(group.label)}** | {count} | {detail} | "
            f"{markdown_text(group.definition)} |"
        )
    return "\n".join(lines) + "\n"


def _sources_markdown(row) -> str:
    links = [
        (markdown_link(title, address) if address else f"{markdown_text(title)} (no address recorded)")
        + (f", {markdown_text(checked)}" if checked else "")
        for title, address, checked in source_links(row["sources"])
    ]
    if not links:
        return "none found"
    text = "; ".join(links)
    if row["weak_source"]:
        text += f". Weak source: {markdown_text(row['weak_source'])}"
    if row["weak_only"]:
        text += ". **Rests only on weak sources**"
    return text


def _at_odds_sentence(shown: pd.DataFrame) -> str:
    odd = shown[shown["verdict"].map(lambda v: verdict_group(v).key == AT_ODDS)]
    if odd.empty:
        return "No finding is at odds with the evidence."
    named = "; ".join(
        f"finding {row.number}, \u201c{markdown_text(row.words)}\u201d ({markdown_text(row.verdict)})"
        for row in odd.itertuples()
    )
    return f"**At odds with the evidence ({len(odd)}):** {named}."


def finding_markdown(row, sentence: str) -> str:
    """One finding as a card, in Markdown that Jupyter, a code host and the site all render: its anchor
    (``finding-N``), its number and verdict badge, the article's words as a quotation, ``sentence`` (its one
    plain sentence), and the rest (reasoning, convention, derived checks, sources) in a closed disclosure."""
    parts = reason_parts(row.reason, row.convention)
    details = [markdown_text(p) for p in [parts["more"], *parts["derived"]] if p]
    if parts["sentence"].strip() != sentence.strip():
        details.insert(0, markdown_text(parts["sentence"]))
    if row.convention:
        details.append(f"**Convention:** {markdown_text(row.convention)}.")
    details.append(f"**Evidence:** {_sources_markdown(row._asdict()).rstrip('.')}.")
    body = "\n\n".join(details)
    return (
        f'<div class="finding-item" id="finding-{row.number}">\n\n'
        f"**{row.number}.** {_badge_markdown(row.verdict)}\n\n"
        f"> \u201c{markdown_text(row.words)}\u201d\n\n"
        f"{markdown_text(sentence)}\n\n"
        f"<details><summary>Evidence and reasoning for finding {row.number}</summary>\n\n{body}\n\n</details>\n"
        "</div>\n"
    )


def findings_markdown(result: pd.DataFrame, include_not_quantitative: bool = False, sentence=None) -> str:
    """The findings in plain words, as Markdown: the tally on the reader's scale and the line on what rests
    only on its own side, the findings at odds with the evidence named first, then one card per finding
    (``finding_markdown``), its plain sentence ``sentence(row)`` (by default the reason's first sentence).
    Every text from the data is escaped. Without ``include_not_quantitative`` the statements that are not
    factual claims are counted in a last line instead of listed."""
    table = findings(result)
    shown = numbered_findings(result)
    if include_not_quantitative:
        shown = table.copy()
        shown.insert(0, "number", range(1, len(shown) + 1))
    lines = [tally_markdown(result), f"**{own_side_sentence(result)}**", "", _at_odds_sentence(shown), ""]
    for row in shown.itertuples():
        plain = sentence(row) if sentence else reason_parts(row.reason, row.convention)["sentence"]
        lines.append(finding_markdown(row, plain))
    rest = len(table) - len(shown)
    if rest:
        lines.append(
            f"{rest} further statements are not factual claims (judgements or descriptions with no number "
            "or measurable property; precise verdict \u201cnot quantitative\u201d); notebook 10 lists each "
            "with its reason."
        )
    return "\n".join(lines).rstrip("\n") + "\n"


def rows_markdown(result: pd.DataFrame) -> str:
    """Every row of the audit table as a Markdown table, text left-aligned: its id (with the findings a derived
    check is about, where it is one) and verdict first, then its kind, the printed interval against the
    evidence (the evidence alone for a fact), and the evidence's relation to the figure."""
    lines = [
        "| id | verdict | kind | the printed interval, against the evidence | relation |",
        "|:---|:---|:---|:---|:---|",
    ]
    for row in result.itertuples():
        about = f" (derived check on {', '.join(row.derived_from.split())})" if row.derived_from else ""
        cells = [f"`{row.id}`{markdown_text(about)}", f"{verdict_group(row.verdict).icon} {row.verdict}"]
        compared = (
            f"printed {row.claimed}; evidence {row.evidence or 'none'}" if row.claimed else row.evidence
        )
        cells += [row.type, compared, row.relation]
        lines.append("| " + " | ".join([*cells[:2], *(markdown_text(c) for c in cells[2:])]) + " |")
    return "\n".join(lines) + "\n"


README_NOTEBOOK = "notebooks/10-claims-audit.ipynb"
KEY_FINDINGS = 7  # at most: the rule below gives the findings at odds and one of each other step


def key_findings(result: pd.DataFrame, count: int = KEY_FINDINGS) -> pd.DataFrame:
    """The findings a newcomer reads first, by one rule: every finding at odds with the evidence (in article
    order), then one finding of each other step that holds findings (confirmed, consistent with outside
    evidence, stated only by its own side, cannot be checked: the scale's order), the most informative of its
    step: a number before a fact, a figure a source states before the project's calculation, then the one citing
    the most sources, then the first in the article."""
    shown = numbered_findings(result)
    keys = shown["verdict"].map(lambda v: verdict_group(v).key)
    chosen = [shown[keys == AT_ODDS]]
    for group in VERDICT_SCALE:
        rows = shown[keys == group.key]
        if group.key in (AT_ODDS, "not-factual") or rows.empty:
            continue
        rank = rows.assign(
            _fact=(rows["type"] != "number").astype(int),
            _calculated=rows["reason"].map(lambda r: reason_parts(r)["sentence"].startswith("The project's")),
            _sources=-rows["sources"].map(lambda s: len(source_links(s))),
        ).sort_values(["_fact", "_calculated", "_sources", "number"], kind="stable")
        chosen.append(rank.head(1).drop(columns=["_fact", "_calculated", "_sources"]))
    return pd.concat(chosen).head(count)


def own_side_sentence(result: pd.DataFrame) -> str:
    """The line under the tally that keeps a reader from taking "consistent" for "accurate": how many findings
    rest only on their own side, against how many independent evidence confirms or allows."""
    counts = {group.key: count for group, count, _ in tally(result)}
    factual = sum(counts.values()) - counts.get("not-factual", 0)
    own, confirmed, allowed = counts.get(OWN_SIDE, 0), counts.get("confirmed", 0), counts.get("consistent", 0)
    shown = numbered_findings(result)
    odd = shown[shown["verdict"].map(lambda v: verdict_group(v).key) == AT_ODDS]
    # contradicted by the figure's own side's figures
    by_own_side = int((odd["relation"] != "independent").sum())
    against = len(odd) - by_own_side
    more = (
        f"; {by_own_side} more {'is' if by_own_side == 1 else 'are'} contradicted by its own side's figures"
        if by_own_side
        else ""
    )
    return (
        f"{own} of the {factual} findings rest only on their own side: no independent source states them. "
        f"Independent evidence confirms {confirmed}, allows {allowed} and contradicts {against}{more}."
    )


def limitations_markdown(result: pd.DataFrame, reference: pd.DataFrame) -> str:
    """The README's known limitations, counted from the audit table and ``reference.csv``: what rests only on
    the figure's own side, on weak sources, on quotes that could not be re-checked, what stays unchecked, and
    how many assumptions the uncertainty notebooks rest on."""
    shown = numbered_findings(result)
    lines = []
    own = shown[shown["verdict"] == "matches its source"]
    lines.append(
        f"- {len(own)} of the {len(shown)} findings rest only on the figure's own side (its developer, "
        "builder, owner or financier, Chinese state media or government bodies) or on a plan or design "
        "figure: no independent source states them (\u201cmatches its source\u201d)."
    )
    weak = shown[shown["weak_only"]]
    if len(weak):
        lines.append(
            f"- {len(weak)} finding{'s rest' if len(weak) > 1 else ' rests'} only on weak sources, marked "
            "in each: " + "; ".join(f"finding {r.number}" for r in weak.itertuples()) + "."
        )
    partly = shown[~shown["weak_only"] & (shown["weak_source"] != "")]
    if len(partly):
        lines.append(
            f"- {len(partly)} more cite a weak copy (a mirror, a proxy, a reposting site or an aggregator) beside "
            "other sources, marked in each: " + ", ".join(str(r.number) for r in partly.itertuples()) + "."
        )
    from_address = set(reference.loc[reference["status"] == "from address", "source_title"])  # a line below
    unchecked = [
        (r.number, title)
        for r in shown.itertuples()
        for title, _, checked in source_links(r.sources)
        if checked == "date checked not recorded" and title not in from_address
    ]
    if unchecked:
        confirming = {
            n
            for n, _ in unchecked
            if verdict_group(shown.set_index("number").loc[n, "verdict"]).key == "confirmed"
        }
        lines.append(
            f"- {len({t for _, t in unchecked})} source{'s' if len({t for _, t in unchecked}) > 1 else ''} "
            "could not be re-opened with the search tool, so their quotes are as first recorded (\u201cdate checked not recorded\u201d); "
            + (
                "no confirming verdict rests on them."
                if not confirming
                else "confirming findings that cite them: "
                + ", ".join(str(n) for n in sorted(confirming))
                + "."
            )
        )
    for row in reference[reference["status"] == "from address"].itertuples():
        lines.append(
            f"- The {markdown_text(row.quantity)}, {row.date}, is read from the address of "
            f"[{markdown_text(row.source_title)}]({row.source_address}), a page not re-found, so not re-checked; "
            "every \u201cbefore\u201d and \u201cafter the article\u201d rests on it."
        )
    open_ = shown[shown["verdict"] == "not checkable"]
    if len(open_):
        lines.append(
            f"- {len(open_)} finding{'s' if len(open_) > 1 else ''} cannot be checked: "
            + "; ".join(
                f"\u201c{markdown_text(r.words)}\u201d (finding {r.number})" for r in open_.itertuples()
            )
            + (". Each says" if len(open_) > 1 else ". It says")
            + " what was searched and what would settle it."
        )
    assumptions = int((reference["status"] == "assumption").sum())
    lines.append(
        f"- Expected outputs are set against expectations where no measured year was found, and the "
        f"Monte Carlo intervals (notebook 12) rest on {assumptions} assumed ranges of "
        "`data/reference.csv`, named there."
    )
    return "\n".join(lines) + "\n"


FINDINGS_START, FINDINGS_END = "<!-- findings:start -->", "<!-- findings:end -->"
LIMITATIONS_START, LIMITATIONS_END = "<!-- limitations:start -->", "<!-- limitations:end -->"


def _between(text: str, start: str, end: str) -> str:
    if start not in text or end not in text:
        raise ValueError(f"the README has no {start} ... {end} section")
    return text.split(start, 1)[1].split(end, 1)[0].strip("\n") + "\n"


def readme_findings(text: str) -> str:
    """The text between the findings markers of a README."""
    return _between(text, FINDINGS_START, FINDINGS_END)


def readme_limitations(text: str) -> str:
    """The text between the known-limitations markers of a README."""
    return _between(text, LIMITATIONS_START, LIMITATIONS_END)


def _replace(text: str, start: str, end: str, block: str) -> str:
    _between(text, start, end)  # the markers must be there
    head, rest = text.split(start, 1)
    return f"{head}{start}\n{block}{end}{rest.split(end, 1)[1]}"
