"""Words for the site's readers: the language of a quotation and the abbreviations the site expands (inline
TeX read as text is ``site_tex``; sentences that end where a reader's sentence ends are
``energycoop.analysis.sentences``).

Nothing here reads a file; ``energycoop.build.site`` and its helpers call these on the text they show.
"""

from __future__ import annotations

import re

# Abbreviations the notebooks and the findings use, with their expansion: the first use on each notebook
# page (and on each finding card of the index) is wrapped in <abbr title="...">. Case-sensitive whole
# words (a plural "s" allowed: NEVs).
ABBREVIATIONS = {
    "IEA": "International Energy Agency",
    "IRENA": "International Renewable Energy Agency",
    "NEA": "National Energy Administration (China)",
    "CAAM": "China Association of Automobile Manufacturers",
    "NEV": "new energy vehicle",
    "SASAC": "State-owned Assets Supervision and Administration Commission of China's State Council",
    "CPIH": "China Power International Holding",
    "SPIC": "State Power Investment Corporation (China)",
    "PBOC": "People's Bank of China",
    "CFETS": "China Foreign Exchange Trade System",
    "SAFE": "State Administration of Foreign Exchange (China)",
    "ECNS": "the English-language site of China News Service",
    "CGTN": "China Global Television Network",
    "CWE": "China International Water & Electric Corporation",
    "NFC": "China Nonferrous Metal Industry's Foreign Engineering and Construction",
    "KOREM": "Kazakhstan's electricity and capacity market operator",
    "HPP": "hydropower plant",
    "tce": "tonne of coal equivalent (29.3076 GJ)",
    "toe": "tonne of oil equivalent (41.868 GJ)",
    "gce": "gram of coal equivalent",
}
ABBREVIATION = re.compile(r"\b(" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)) + r")(?=s?\b)")

# --- Languages -----------------------------------------------------------------------------------

_KAZAKH = set(
    "\u04d9\u0493\u049b\u04a3\u04e9\u04b1\u04af\u04bb\u0456\u04d8\u0492\u049a\u04a2\u04e8\u04b0\u04ae\u04ba\u0406"
)
_ICELANDIC = set("\u00fe\u00f0")  # þ, ð (lower-cased letters are compared)
_ICELANDIC_VOWELS = set("\u00ed\u00fa\u00fd\u00e1")  # í ú ý á, with æ: Icelandic, not Danish


# A source title that names its language: "Xinhua report (Chinese)", "redplanx (in Icelandic)".
NAMED_LANGUAGES = {
    "Chinese": "zh",
    "Russian": "ru",
    "Kazakh": "kk",
    "Icelandic": "is",
    "Japanese": "ja",
    "Korean": "ko",
    "French": "fr",
    "German": "de",
    "Spanish": "es",
}
_NAMED = re.compile(r"\b(" + "|".join(NAMED_LANGUAGES) + r")\b")


def language_of(text: str, source: str = "") -> str | None:
    """The language a quotation is written in: the one its source's title names ("(Chinese)", "in
    Icelandic") where the quotation is not plain English letters, else what its script shows: ``zh``
    (Han characters), ``kk`` (Cyrillic with Kazakh letters), ``ru`` (other Cyrillic), ``is`` (þ or ð),
    ``ja``/``ko`` for kana or hangul; ``None`` for English (the page's language) or too little to tell."""
    letters = [c for c in str(text or "") if c.isalpha()]
    if not letters:
        return None
    han = sum("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" for c in letters)
    kana = sum("\u3040" <= c <= "\u30ff" for c in letters)
    hangul = sum("\uac00" <= c <= "\ud7af" for c in letters)
    cyrillic = sum("\u0400" <= c <= "\u04ff" for c in letters)
    if (
        kana and kana + han > len(letters) / 2
    ):  # kana and hangul are only Japanese and Korean, whatever a title says
        return "ja"
    if hangul > len(letters) / 2:
        return "ko"
    named = _NAMED.search(str(source or ""))
    if named and any(not c.isascii() for c in letters):
        return NAMED_LANGUAGES[named.group(1)]
    if han > len(letters) / 2:
        return "zh"
    if cyrillic > len(letters) / 2:
        return "kk" if _KAZAKH & set(letters) else "ru"
    lower = {c.lower() for c in letters}
    if _ICELANDIC & lower or ("\u00e6" in lower and _ICELANDIC_VOWELS & lower):
        return "is"
    return None


# --- On a page ------------------------------------------------------------------------------------

_NO_MARKUP_INSIDE = {"a", "abbr", "code", "pre", "script", "style", "title", "kbd", "samp", "svg", "math"}


def _text_nodes(areas):
    from bs4 import NavigableString

    for area in areas:
        for node in list(area.find_all(string=True)):
            if type(node) is not NavigableString:
                continue  # comments, CDATA, doctype
            if any(
                parent.name in _NO_MARKUP_INSIDE or "MathJax" in " ".join(parent.get("class", []))
                for parent in node.parents
                if parent is not None and parent.name
            ):
                continue
            yield node


def _replace(soup, node, pieces: list) -> None:
    from bs4 import NavigableString

    for piece in pieces:
        node.insert_before(NavigableString(piece) if isinstance(piece, str) else piece)
    node.extract()


def abbreviate(soup, areas) -> int:
    """Wrap the first use of each abbreviation of ``ABBREVIATIONS`` within ``areas`` in ``<abbr title=...>``
    (never in code, links or formulas); return how many."""
    seen: set[str] = set()
    for node in _text_nodes(areas):
        if len(seen) == len(ABBREVIATIONS):
            break
        text = str(node)
        if "$" in text or "\\" in text:  # TeX for MathJax: leave it whole
            continue
        pieces: list = []
        position = 0
        for match in ABBREVIATION.finditer(text):
            short = match.group(1)
            if short in seen:
                continue
            seen.add(short)
            pieces.append(text[position : match.start()])
            tag = soup.new_tag("abbr", title=ABBREVIATIONS[short])
            tag.string = short
            pieces.append(tag)
            position = match.end()
        if pieces:
            _replace(soup, node, [*pieces, text[position:]])
    return len(seen)


_QUOTED = re.compile(r"\u201c([^\u201c\u201d]+)\u201d|\"([^\"]+)\"|\u00ab([^\u00ab\u00bb]+)\u00bb")
# A run of text in a script other than Latin: it starts and ends with a letter of the script and holds
# its punctuation, digits and spaces in between.
_HAN = "\u3400-\u9fff\u3040-\u30ff\uac00-\ud7af"
_RUNS = re.compile(
    rf"[{_HAN}\u3040-\u30ff](?:[{_HAN}\u3040-\u30ff\u3000-\u303f\uff00-\uffef\u201c\u201d\"0-9.,%\u00b7\s-]*"
    rf"[{_HAN}\u3040-\u30ff\u3000-\u303f\uff00-\uffef])?"  # Han with Japanese kana: one run, Japanese if kana
    r"|[\u0400-\u04ff](?:[\u0400-\u04ff0-9.,;:!?%\u00ab\u00bb\"\s-]*[\u0400-\u04ff])?"
)


def _spans(soup, text: str) -> list:
    """``text`` cut into plain pieces and ``<span lang>`` pieces: each run in another script, and each
    quotation in Latin letters whose language its letters show (Icelandic)."""
    marks = []
    for match in _RUNS.finditer(text):
        language = language_of(match.group(0))
        if language:
            marks.append((match.start(), match.end(), language))
    for match in _QUOTED.finditer(text):
        group = next(i for i, g in enumerate(match.groups(), start=1) if g is not None)
        start, end = match.start(group), match.end(group)
        language = language_of(match.group(group))
        if language and not any(s < end and start < e for s, e, _ in marks):
            marks.append((start, end, language))
    pieces, position = [], 0
    for start, end, language in sorted(marks):
        pieces.append(text[position:start])
        span = soup.new_tag("span", lang=language)
        span.string = text[start:end]
        pieces.append(span)
        position = end
    return [*pieces, text[position:]] if marks else []


def mark_languages(soup, areas) -> int:
    """Give each run of text in another language than English its ``lang`` (``<span lang="zh">``): runs in
    another script (Han, Cyrillic), and quotations whose letters show their language (Icelandic); a table
    cell written wholly in one language gets the ``lang`` itself. Return how many."""
    from bs4 import NavigableString

    count = 0
    for area in areas:
        for cell in area.find_all(["td", "th"]):
            if cell.get_text().isascii():
                continue
            language = language_of(cell.get_text())
            if language and not cell.get("lang") and len(cell.get_text(strip=True)) > 1:
                cell["lang"] = language
                count += 1
        for node in list(area.find_all(string=True)):
            if type(node) is not NavigableString or node.parent is None or str(node).isascii():
                continue  # English (or markup's whitespace): nothing to mark
            if (
                node.find_parent(["script", "style", "title", "svg", "math"]) is not None
                or node.find_parent(class_="jp-InputArea") is not None
            ):
                continue  # markup, formulas and code (a printed result's words are marked like prose)
            labelled = node.find_parent(attrs={"lang": True})
            if labelled is not None and labelled.name != "html":
                continue
            pieces = _spans(soup, str(node))
            if pieces:
                count += sum(1 for p in pieces if not isinstance(p, str))
                _replace(soup, node, pieces)
    return count
