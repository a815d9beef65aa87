"""A finding's one-line summary (the README's key findings, notebook 10's and the site's cards) credits a value
only to the sources whose evidence rows give it: the reference rows the claim's evidence interval comes from,
never every source the finding lists (issue 17, ver17 N1)."""

from __future__ import annotations

import re

import pytest

from energycoop.analysis.auditing import read_audit
from energycoop.analysis.claims import load_claims
from energycoop.analysis.plain import key_sentence, short_source
from energycoop.analysis.report import numbered_findings, source_links
from energycoop.analysis.sources import Sources
from energycoop.data.loaders import load_article, load_reference


@pytest.fixture(scope="module")
def audit_parts():
    article, reference = load_article(), load_reference()
    claims = load_claims(article=article, reference=reference).set_index("id", drop=False)
    return numbered_findings(read_audit()), claims, Sources(article, reference, {}), reference


def _mentioned(sentence: str, name: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(name) + r"(?!\w)", sentence) is not None


def test_every_source_a_summary_names_gives_the_value_it_is_credited_with(audit_parts):
    result, claims, sources, reference = audit_parts
    checked = 0
    for row in result.itertuples():
        if row.id not in claims.index:
            continue
        sentence = key_sentence(row, sources, claims)
        evidence = str(claims.loc[row.id, "evidence"])
        behind = sources.references(evidence)
        giving = {short_source(reference.loc[k, "source_title"]) for k in behind}
        listed = {short_source(t) for t, _, _ in source_links(row.sources)}
        rest = sentence
        for name in sorted(giving, key=len, reverse=True):  # a name inside a giving source's name is not it
            rest = rest.replace(name, "")
        for name in sorted(listed - giving):
            # a listed source whose rows are not the evidence's is not named in the sentence at all
            assert not _mentioned(rest, name), (
                f"finding {row.number}: {sentence!r} names {name}, whose rows are not the evidence"
            )
        template = re.match(r"The evidence \((.+?)\) gives ", sentence) or (
            row.type == "number" and re.match(r"(.+?) gives? .+ as .+, not the printed ", sentence)
        )
        if template:
            assert not re.search(r"\b(?:article|derived):|[/*]", evidence), (
                f"finding {row.number}: a calculation is credited to a source: {sentence!r}"
            )
            given = {key: sources.interval("reference:" + key) for key in behind}
            low, high = max(i.low for i in given.values()), min(i.high for i in given.values())
            assert low <= high, (
                f"finding {row.number}: the rows credited in {sentence!r} give different values: {given}"
            )
            if len(behind) == 1:  # the one row credited gives the evidence's value itself
                assert sources.expression(evidence)[0] == next(iter(given.values())), (row.number, sentence)
            checked += 1
        assert "in the sources" not in sentence and "more sources" not in sentence, (row.number, sentence)
    assert checked >= 4  # 21, 26, 31, 32 at least


def test_the_cases_the_review_found(audit_parts):
    result, claims, sources, _ = audit_parts
    by_number = {row.number: key_sentence(row, sources, claims) for row in result.itertuples()}
    assert "Newsgd" not in by_number[32] and "IEA Renewables 2023" in by_number[32]
    assert "Xinhua" not in by_number[31] and "2 more" not in by_number[31] and "Semafor" in by_number[31]
    assert "KazMunayGas" not in by_number[21] and by_number[21].startswith("azh.kz and itek.ru")
    assert "AZ China" in by_number[26] and "in the sources" not in by_number[26]
