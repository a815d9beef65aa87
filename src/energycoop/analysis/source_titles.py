"""Source titles in a finding's text: the short names a source is cited by again, and the text with them
shortened (``shorten_titles``) or masked (``without_titles``)."""

from __future__ import annotations

import re

# A last parenthesis that only describes the copy (its language, a mirror) names no publisher.
_COPY_NOTE = re.compile(
    r"\s*\((?:Chinese|Russian|Kazakh|Icelandic|Japanese|mirror|unverified|CAAM figures(?:, in Icelandic)?)\)\s*$"
)
_LAST_PARENTHESIS = re.compile(r"\(([^()]*)\)\s*$")
# Titles whose last parenthesis is not the publisher's name (a description, a domain, a date range).
_SHORT_NAMES = {
    "China Nonferrous Metal Industry's Foreign Engineering and Construction (NFC), mirror (Chinese)": "NFC",
    "KEGOC press release, 2021 (consumption in the first nine months of 2021)": "KEGOC",
    "Global Times, June 2025, on a mirror (www-globaltimes-cn.hcv7jop4ns5r.cn)": "Global Times",
}


def short_names(title: str) -> list[str]:
    """Names for citing a source again after its first mention, shortest first, the title itself last: the
    publisher its last parenthesis names ('KOREM' for '... (KOREM industry news archive, 10 October 2023)'),
    that parenthesis whole, or, without one, the title's part before its first comma ('Reuters' for
    'Reuters, 6 June 2012')."""
    if title in _SHORT_NAMES:
        return [_SHORT_NAMES[title], title]
    bare = _COPY_NOTE.sub("", title).strip()
    match = _LAST_PARENTHESIS.search(bare)
    if match:
        inner = match.group(1).strip()
        names = [re.split(r"[,;]", inner)[0].strip().removesuffix(" industry news archive"), inner]
    else:
        names = [bare.split(",")[0].strip()]
    return [n for n in dict.fromkeys(names) if n and n != title] + [title]


def shorten_titles(text: str, titles) -> str:
    """``text`` with each source title after its first mention replaced by a short name (``short_names``), one
    no other title in the text could also take, so that no title is repeated within one finding."""
    spans: list[tuple[int, int, str]] = []  # longest titles first, never overlapping
    for title in sorted({t for t in titles if t}, key=len, reverse=True):
        for match in re.finditer(re.escape(title), text):
            if not any(s < match.end() and match.start() < e for s, e, _ in spans):
                spans.append((match.start(), match.end(), title))
    spans.sort()
    present = list(dict.fromkeys(t for _, _, t in spans))
    chosen: dict[str, str] = {}
    for title in present:
        others = [o for o in present if o != title]
        for name in short_names(title):
            if name == title or not any(name in short_names(o) for o in others):
                chosen[title] = name
                break
    seen: set[str] = set()
    out, last = [], 0
    for start, end, title in spans:
        out += [text[last:start], chosen[title] if title in seen else title]
        seen.add(title)
        last = end
    return "".join(out) + text[last:]


def without_titles(text: str, titles) -> str:
    """``text`` with every source title and every short name of one replaced by the same mark: two reasons
    that differ only in how a source is cited (``shorten_titles``) become equal."""
    names = sorted({n for t in titles if t for n in short_names(t)}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(n) for n in names)) if names else None
    return pattern.sub("\u00a7", text) if pattern else text
