"""An answer written as a sentence or with a remark, turned into the plain form ``answers`` reads
("China added more than 255 GW" is "more than 255 GW", "255+ GW" is "at least 255 GW", "4.09 times longer"
is "4.09 times", "63% (IRENA)" is "63%"). Only wording is removed; the number and its unit are kept as
written. ``answers`` documents what a student may type.
"""

from __future__ import annotations

import re

_NUMBER_AHEAD = r"(?=\s*(?:[-+~≈]?\s*\d|about|approx|around|roughly|nearly|almost|at\s|more|less|over|under|above|below|just))"
_VERBS = r"(?:added|adds|installed|built|grew|grows|rose|rises|increased|increases|went\s+up|gained|fell|dropped|is|was|are|were)"
_SUBS = (
    # a subject and its verb before the number: "China added more than 255 GW", "it grew by 13.9%"
    (rf"^(?:[A-Za-z][\w'’]*\s+){{0,4}}?{_VERBS}(?:\s+by)?\s+{_NUMBER_AHEAD}", ""),
    (
        rf"^(?:an?\s+)?(?:increase|rise|growth|gain)\s+(?:of|by)\s+{_NUMBER_AHEAD}",
        "",
    ),  # "an increase of 9.7%"
    (r"^an?\s+(?=\d)", ""),  # "a 13.9 % increase" (the trailing "increase" is read as its sign)
    (r"\b(?:more|greater)\s+than\s+or\s+equal\s+to\b", "at least"),
    (r"\b(?:less|fewer)\s+than\s+or\s+equal\s+to\b", "at most"),
    (r"^(\d[\d.,' ]*?)\s*\+(?!\s*[\d(.])", r"at least \1 "),  # "255+ GW": a lower bound
    (r"^(.*\S)\s*\+\s*$", r"\1 or more"),  # "255 GW+"
    (r"(\d)\s+(?=10\s*(?:\^|\*\*)\s*[-+]?\d)", r"\1 x "),  # "3.22 10^15 J"
    (r"(\d)\s+[eE]\s?([-+]?\d+)\b", r"\1e\2"),  # "3.22 E15 J"
    # ratio words after "times": "4.09 times longer", "times as long as Turgusun's", "times the length"
    (
        r"\b(times|x)\s+(?:(?:longer|bigger|larger|wider|greater|higher|as\s+(?:long|large|big|wide))(?:\s+than\b.*|"
        r"\s+as\b.*)?|the\s+(?:length|size|width)(?:\s+of\b.*)?)$",
        r"\1",
    ),
    (r"(?<=[A-Za-z%])-(?=[A-Za-z])", " "),  # "percentage-points", "%-points", "per-cent", "US-Dollar"
    (r"^(\d\S*\s+\S.*?)\s+[≈~]\s+\S.*$", r"\1"),  # "3500 h ≈ 40 % of the year": a remark after the answer
    (r"\b(farms?)\s+of\s+[\d.,]+\s*[A-Za-z]+$", r"\1"),  # "5100 farms of 100 MW"
)


_UNIT_CODES = {"USD", "CNY", "RMB", "KWH", "MWH", "GWH", "TWH", "TCE", "GCE", "MTCE", "KTCE", "BBL", "BPD"}
_SOURCE = re.compile(
    r"\s*\(\s*(?:source:?\s*)?(?P<name>[A-Z]{3,}|[A-Z][a-z]{3,}(?:\s+[A-Z][a-z]+){0,2})\s*\)$"
)


def plain_form(text: str) -> str:
    """``text`` with the wording of a sentence or a closing remark removed, as the module docstring says."""
    source = _SOURCE.search(text)  # "63% (IRENA)", "63 % (Ember)": a source named in brackets, not a unit
    if (
        source
        and source.group("name").upper() not in _UNIT_CODES
        and source.group("name") not in ("Mtce", "Ktce")
    ):
        text = text[: source.start()]
    for pattern, replacement in _SUBS[3:] if not text or text[0].isdigit() else _SUBS:
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE).strip()
    return text
