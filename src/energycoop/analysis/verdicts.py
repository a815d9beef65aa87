"""The verdict vocabulary and the rules that turn a claim and its evidence into one verdict (``judge``).

``relate`` (in ``intervals``) says how two intervals stand to each other; ``judge`` turns that, the
evidence's relation to the claim (``RELATIONS``) and the claim's kind into one word of ``VERDICTS``, with a
reason built from the same numbers. Each rule here has a test in ``tests/test_audit.py``:

- only independent evidence confirms: ``judge`` refuses "confirmed", "confirmed within rounding" and
  "bound confirmed" for same-side or design evidence, which reaches at most "matches its source", and a
  fact's evidence is checked for its independence before its stance (an "allows" on same-side evidence is
  "matches its source", never "compatible");
- only a figure a source states confirms: evidence that is the project's calculation reaches at most
  "compatible", and ``judge`` refuses more;
- only a printed figure can be confirmed: when the claimed side is the project's calculation of a quantity the
  article does not print (a derived check's implied rate), agreeing evidence reaches at most "compatible",
  and ``judge`` refuses more.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from energycoop.analysis.intervals import SOURCE_SIG, Interval, relate, show_interval

# The verdict vocabulary, defined once: notebook 10 prints it as its legend, the glossary repeats it.
VERDICTS = {
    "confirmed": "an independent source gives the figure as printed, or states the fact",
    "confirmed within rounding": "an independent source's figure lies inside the interval the printed rounding "
    "allows, though not at the printed value",
    "bound confirmed": "the claim is a bound ('over', 'more than', 'exceeded'), and independent evidence lies "
    "inside it",
    "compatible": "the evidence allows the figure without pinning it: it is itself a bound or a range "
    "(an 'up to', a 'since') that the printed interval overlaps, or it is the project's calculation "
    "from sources' figures, which no source states (a calculation never confirms)",
    "matches its source": "the only evidence is the figure's own side (the project's developer, builder, owner or "
    "financier, the article's publisher, Chinese state media and government bodies for "
    "China's own achievements, or a relay of their material) or a plan or design figure: it "
    "agrees, but that is not an independent confirmation",
    "other convention": "the figure is a conversion the article made at a rate it does not state; it falls outside "
    "what the named convention gives, so the article used another convention (named in the "
    "reason), not a wrong number",
    "inconsistent": "the printed interval and the evidence interval have no value in common, or the evidence "
    "contradicts the stated fact",
    "not checkable": "a number or checkable fact that no source found settles; the reason says what was searched "
    "and what would settle it",
    "not quantitative": "a judgement or description with no number or measurable property to check",
}


class _Relations(dict):
    """How a piece of evidence relates to the claim it is set against: one rule, applied to every row of
    ``data/reference.csv`` (its ``relation`` column), decided from what the source is and whose figure it
    carries, in this order:

    1. **same source** (the figure's own side), when the statement comes from, or relays, any of:

       - the article's publisher (China Daily, on any site or mirror);
       - for a claim about what China, its state or its enterprises built, made, sold, exported or ranked
         (every claim of this article about China's side): a Chinese state medium (Xinhua, CGTN, CCTV,
         People's Daily, China News Service/ECNS, China Economic Net, China Today, Beijing Review, Global
         Times, People's Tribune, Science and Technology Daily, Xinhua Silk Road/imsilkroad), a Chinese
         government body (NEA, the customs administration GACC, SASAC, NDRC, the State Council, the Chinese
         premier), or a Chinese industry association whose statistic it is (CAAM, the China Electricity
         Council);
       - a project's developer, owner, builder, operator or financier (CPIH and its parent SPIC, PowerChina,
         CWE, NFC, ERG, KazMunayGas; the EBRD, AIIB, ICBC, China's Export-Import Bank, the Development Bank of
         Kazakhstan), and, for a project a state owns in whole or in part or finances through its own bank, that
         state's officials, national or local, its ministries and its state media (Kazakhstan's ministries and
         Kazinform on the refineries, which KazMunayGas holds for the state, and on the Pavlodar smelter of
         ERG, 40% the state's; a Kazakh akim on Turgusun-1, which the state's Development Bank of Kazakhstan
         financed): a state speaking of a project it owns or lent to is the owner's or the financier's side;
       - a relay of any of these: a mirror, a reprinted press release or caption, a page that quotes them
         ("according to", "said in a statement", "Goldwind says") for the figure in question, or a report whose
         account reproduces a party's material (its figures, its release's wording, only its own staff quoted),
         whoever publishes it;
       - the article's own printed figures, and any calculation that rests on them alone (110,000 t over
         350 GWh is the publisher's figure divided by the publisher's figure): the claim cannot be evidence
         for itself;
       - a source whose publisher could not be identified, for the figures it gives without naming who
         measured them: it is never counted as independent.

    2. **design / expectation**, when the speaker is none of those and the figure is a plan, a forecast, an
       expected output, or a nameplate or design capacity stated as such (what a plant is to be built to, is
       designed for or "will" have, whoever rates it), not an outcome. The installed capacity of a plant
       already running, reported by an outside source as built, commissioned or operating ("a 100 MW farm
       completed in 2021", "has been launched"), is an outcome: rule 3 applies to it.

    3. **independent** otherwise: a newswire or newspaper outside the figure's side reporting in its own
       words (Reuters, AFP, AP, Jiji Press, the Telegraph, Trend; Kazakh media on projects the Kazakh state
       does not own), but not for a statistic of the figure's own side it relays (Jiji Press on CAAM's
       count is rule 1); an independent database (AidData, Land
       Matrix, Our World in Data); an international agency for its own figures (IEA, IRENA), whoever relays
       them; a grid operator or regulator speaking of its own system (KEGOC). Market prices and exchange
       rates are facts of record: whoever reports them is independent of a claim that is the article's own
       conversion. A calculation that sets a printed figure against such a row (the yuan total at a market
       rate) takes the row's relation: the printed figure is what is converted, not evidence.

    A claim's relation is the weakest of the rows behind its evidence (``weakest_relation``), and
    ``claims.csv`` may not say otherwise (``tests/test_audit.py`` pins the rule on named rows)."""


RELATIONS = _Relations(
    {
        "independent": "another organisation measured, counted or reported it in its own words, outside the figure's "
        "own side",
        "same source": "the figure's own side: the project's developer, builder, owner or financier (for a project "
        "a state owns or its bank finances, also that state's officials, ministries and state media), the "
        "article's publisher, for China's own achievements Chinese state media and government bodies, or "
        "a relay of their material",
        "design / expectation": "a plan, a forecast, an expected figure or a nameplate or design capacity, not an "
        "outcome",
    }
)

# The verdicts only independent evidence may reach.
CONFIRMING = ("confirmed", "confirmed within rounding", "bound confirmed")

# How the evidence for a fact stands to it (claims.csv's ``stance``).
STANCES = {
    "supports": "the evidence states the fact",
    "allows": "the evidence fits the fact without settling it (a partial or looser statement)",
    "contradicts": "the evidence states something the fact cannot be true with",
}

# What a row of claims.csv is.
CLAIM_TYPES = {
    "number": "a number the article prints, judged as an interval",
    "fact": "a checkable fact without a number (a name, a place, a rank, an attribution)",
    "derived": "a number computed from printed figures: evidence about the claims in derived_from, not a finding",
    "not quantitative": "a judgement or description; listed with the reason it cannot be checked",
}


def weakest_relation(relations) -> str:
    """The relation a claim's evidence has when it rests on rows of these ``relations``: independent only if
    every row is; otherwise 'same source' if any row is, else 'design / expectation'."""
    relations = {r for r in relations if r}
    if not relations or relations == {"independent"}:
        return "independent"
    return "same source" if "same source" in relations else "design / expectation"


@dataclass(frozen=True)
class Verdict:
    verdict: str
    reason: str
    relative_difference: float  # (claimed - evidence) / evidence at the nominal values; NaN when not a point
    relation: str  # one of RELATIONS_OF_INTERVALS, or '' when nothing was compared


def judge(
    claim: Interval | None,
    evidence: Interval | None,
    *,
    nominal: float | None = None,
    relation: str = "independent",
    bound: bool = False,
    conversion: bool = False,
    convention: str = "",
    tolerance: float = 0.0,
    kind: str = "number",
    stance: str = "supports",
    said: str = "",
    sig: int = SOURCE_SIG,
    evidence_nominal: float | None = None,
    calculated: bool = False,
    claim_calculated: bool = False,
) -> Verdict:
    """The verdict on a claim (``claim``, the interval the printed figure allows, around its
    ``nominal`` value) against ``evidence`` (an interval, or None when no source was found).

    ``relation`` is one of ``RELATIONS``: only "independent" evidence can confirm; same-side or design
    evidence that agrees "matches its source". ``bound`` says the claim is a bound (its interval is
    open on one side); ``conversion`` that the figure is a conversion at a rate the article does not
    state, judged under ``convention``; ``tolerance`` (0.001 is 0.1%) widens the claim's interval.
    ``kind`` is the claim's type (``CLAIM_TYPES``): a ``fact`` is judged by its evidence's ``stance``
    (``STANCES``), after its independence; ``not quantitative`` has no verdict but that one. ``said`` is the
    sentence that credits the evidence's sources with what they state; ``sig`` the significant figures the
    intervals are shown to; ``evidence_nominal`` the evidence's value at the nominal values of its inputs, where
    the evidence is a calculation (for the relative difference). ``calculated`` says the evidence is the
    project's calculation from sources' or printed figures, not a figure a source states: it reaches at most
    "compatible", never a confirming verdict. ``claim_calculated`` says the claim's interval is itself the
    project's calculation from printed figures (a derived check's implied rate): the reason then calls it a
    calculation, never "the printed figure", and the verdict reaches at most "compatible": the article does
    not print the quantity, so there is nothing printed to confirm.
    """
    if not (isinstance(tolerance, (int, float)) and math.isfinite(tolerance) and tolerance >= 0):
        raise ValueError(f"tolerance must be a number of at least 0; got {tolerance!r}")
    if relation and relation not in RELATIONS:
        raise ValueError(f"relation {relation!r} is not one of {', '.join(RELATIONS)}")
    if kind == "not quantitative":
        return Verdict("not quantitative", "no number or measurable property", math.nan, "")
    if evidence is None:
        return Verdict("not checkable", "no source found settles it", math.nan, "")
    result = _judge(
        claim,
        evidence,
        nominal=nominal,
        relation=relation,
        bound=bound,
        conversion=conversion,
        convention=convention,
        tolerance=tolerance,
        kind=kind,
        stance=stance,
        said=said,
        sig=sig,
        evidence_nominal=evidence_nominal,
        calculated=calculated,
        claim_calculated=claim_calculated,
    )
    if result.verdict in CONFIRMING and relation != "independent":
        raise ValueError(f"{result.verdict!r} needs independent evidence; this evidence is {relation!r}")
    if result.verdict in CONFIRMING and calculated:
        raise ValueError(f"{result.verdict!r} needs a figure a source states; this evidence is a calculation")
    if result.verdict in CONFIRMING and claim_calculated:
        raise ValueError(
            f"{result.verdict!r} needs a figure the article prints; the claimed side is the project's calculation"
        )
    if result.verdict == "compatible" and relation != "independent":
        raise ValueError(
            f"'compatible' needs independent evidence; this evidence is {relation!r}, which reaches "
            "at most 'matches its source'"
        )
    return result


def _side(relation: str) -> str:
    return (
        "the source is the figure's own side, not an independent confirmation"
        if relation == "same source"
        else "the evidence is a plan, a design or an expected figure, not an outcome"
    )


def _judge_fact(relation, stance, said, calculated):
    if stance not in STANCES:
        raise ValueError(f"stance {stance!r} is not one of {', '.join(STANCES)}")
    said = said or f"{_relation_words(relation)[0].upper()}{_relation_words(relation)[1:]} states it."
    if stance == "contradicts":
        return Verdict("inconsistent", f"{said} That contradicts the claim", math.nan, "")
    fits = "That fits the claim without settling it" if stance == "allows" else "It agrees"
    if relation != "independent":  # independence first: same-side evidence never reaches 'compatible'
        return Verdict("matches its source", f"{said} {fits}, but {_side(relation)}", math.nan, "")
    if calculated:
        return Verdict(
            "compatible", f"{said} {fits}, but it is a calculation: no source states it", math.nan, ""
        )
    if stance == "allows":
        return Verdict("compatible", f"{said} {fits}", math.nan, "")
    return Verdict("confirmed", said.rstrip("."), math.nan, "")


def _judge(
    claim,
    evidence,
    *,
    nominal,
    relation,
    bound,
    conversion,
    convention,
    tolerance,
    kind,
    stance,
    said,
    sig,
    evidence_nominal=None,
    calculated=False,
    claim_calculated=False,
):
    if kind == "fact":
        return _judge_fact(relation, stance, said, calculated)
    if claim is None:
        raise ValueError("a number needs its claimed interval")
    evidence = evidence.to(claim.unit)
    widened = claim.widened(tolerance) if tolerance else claim
    how = relate(widened, evidence)
    rel = math.nan
    if nominal is not None and evidence.is_point and evidence.low != 0 and claim.unit != "date":
        rel = (nominal - evidence.low) / abs(evidence.low)
    elif nominal is not None and evidence_nominal:
        rel = (nominal - evidence_nominal) / abs(evidence_nominal)
    c_text, e_text = show_interval(claim, sig), show_interval(evidence, sig)
    gap = f" ({100 * rel:+.1f}% at the printed value)" if math.isfinite(rel) and rel != 0 else ""
    if claim.unit == "count" and evidence.is_point and nominal is not None and nominal != evidence.low:
        # a count against a count: the two numbers, not a percentage that depends on what is counted
        gap = f" ({nominal:g} printed against {evidence.low:g})"
    said = said or f"{_relation_words(relation)[0].upper()}{_relation_words(relation)[1:]} gives {e_text}."
    # what the claim's interval is: the printed figure's rounding, or the project's calculation from printed figures
    what = "the calculated interval" if claim_calculated else "the printed figure"
    head = (
        f"{said} The project's calculation from the printed figures, with their rounding, gives {c_text}."
        if claim_calculated
        else f"{said} The printed figure allows {c_text}."
    )
    if how == "disjoint":
        if conversion:
            return Verdict(
                "other convention",
                f"{head} No value in common{gap}: the article converted at another "
                f"rate than {convention or 'the named convention'}",
                rel,
                how,
            )
        return Verdict("inconsistent", f"{head} No value in common{gap}", rel, how)
    if relation != "independent":
        return Verdict("matches its source", f"{head} They agree, but {_side(relation)}", rel, how)
    if how in ("wider", "overlap"):
        return Verdict("compatible", f"{head} That allows {what} without pinning it", rel, how)
    if calculated:
        inside = ("the printed bound" if bound else "the printed figure") if not claim_calculated else what
        return Verdict(
            "compatible",
            f"{head} That lies inside {inside}, but it is a calculation: no source states the figure itself",
            rel,
            how,
        )
    if claim_calculated:  # nothing printed to confirm: the article does not print the calculated quantity
        return Verdict(
            "compatible",
            f"{head} That lies inside {what}, but the article does not print this quantity: a calculation "
            "from printed figures can be shown to fit, never confirmed",
            rel,
            how,
        )
    if bound:
        inside = "the printed bound"
        return Verdict("bound confirmed", f"{head} That lies inside {inside}", rel, how)
    if nominal is not None and claim.unit != "date":
        at_value = Interval.point(nominal, claim.unit).widened(tolerance)
        if at_value.low <= evidence.low and evidence.high <= at_value.high:
            return Verdict("confirmed", f"{head} That is the printed value", rel, how)
        inside = "the printed rounding"
        return Verdict("confirmed within rounding", f"{head} That lies inside {inside}{gap}", rel, how)
    return Verdict("confirmed", f"{head} That lies inside it", rel, how)


def _relation_words(relation: str) -> str:
    return {
        "independent": "an independent source",
        "same source": "the figure's own side",
        "design / expectation": "a design or expected figure",
    }.get(relation, "the evidence")
