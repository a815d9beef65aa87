"""Words for the site's readers: sentences that end where a reader's sentence ends, inline TeX read
as text (for search snippets), the language of a quotation, and the abbreviations the site expands.

Nothing here reads a file; ``energycoop.build.site`` and its helpers call these on the text they show.
"""

from __future__ import annotations

import re
import unicodedata

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

# --- Sentences -----------------------------------------------------------------------------------

# Words after which a full stop does not end the sentence.
NOT_AN_END = {
    "no",
    "nos",
    "st",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "vs",
    "etc",
    "e.g",
    "i.e",
    "cf",
    "approx",
    "inc",
    "ltd",
    "co",
    "corp",
    "jr",
    "sr",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "fig",
    "p",
    "pp",
    "vol",
}
_OPENING = {
    "\u201c": "\u201d",
    "\u2018": "\u2019",
    "(": ")",
    "[": "]",
    "\u00ab": "\u00bb",
    "\u300c": "\u300d",
}
_CLOSING = {v: k for k, v in _OPENING.items()}


def _ends_sentence(text: str, at: int) -> bool:
    """Whether the stop at ``text[at]`` ends a sentence: it is followed by a space and a capital (or an
    opening quotation mark), and what stands before it is not an initial ("N.") nor an abbreviation."""
    rest = text[at + 1 :]
    if not re.match(r"\s+[\"\u201c\u2018(]?[A-Z0-9\u0400-\u04ff]", rest):
        return False
    if text[at] != ".":
        return True
    word = re.search(r"([\w.]+)$", text[:at])
    if word is None:
        return bool(re.search(r"[)\]\u201d\u2019'%\"]$", text[:at]))
    token = word.group(1)
    if re.fullmatch(r"[A-Z]", token) or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token):
        return False  # an initial (N. Nazarbayev) or a dotted abbreviation (U.S.)
    return token.lower() not in NOT_AN_END


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences, never inside a quotation or brackets, never after an initial or an
    abbreviation: "… smelter: N. Nazarbayev." is one sentence."""
    text = " ".join(str(text or "").split())
    found, start, depth, straight = [], 0, [], False
    for at, char in enumerate(text):
        if char == '"':
            straight = not straight
        elif char in _OPENING:
            depth.append(_OPENING[char])
        elif char in _CLOSING and depth and depth[-1] == char:
            depth.pop()
        elif char in ".!?" and not depth and not straight and _ends_sentence(text, at):
            found.append(text[start : at + 1].strip())
            start = at + 1
    tail = text[start:].strip()
    if tail:
        found.append(tail)
    return found


def first_sentence(text: str) -> tuple[str, str]:
    """The first sentence of ``text`` (with its full stop) and the rest."""
    pieces = sentences(text)
    if not pieces:
        return "", ""
    head = pieces[0] if pieces[0].endswith((".", "!", "?")) else pieces[0] + "."
    return head, " ".join(pieces[1:])


# --- Inline TeX as text --------------------------------------------------------------------------

_SYMBOLS = {
    "times": "\u00d7",
    "cdot": "\u00b7",
    "div": "\u00f7",
    "pm": "\u00b1",
    "approx": "\u2248",
    "sim": "~",
    "le": "\u2264",
    "leq": "\u2264",
    "ge": "\u2265",
    "geq": "\u2265",
    "ne": "\u2260",
    "neq": "\u2260",
    "cap": "\u2229",
    "cup": "\u222a",
    "varnothing": "\u2205",
    "emptyset": "\u2205",
    "subseteq": "\u2286",
    "subsetneq": "\u228a",
    "subset": "\u2282",
    "in": "\u2208",
    "Rightarrow": "\u21d2",
    "rightarrow": "\u2192",
    "to": "\u2192",
    "infty": "\u221e",
    "dots": "\u2026",
    "ldots": "\u2026",
    "cdots": "\u2026",
    "mid": "|",
    "sum": "\u03a3",
    "prod": "\u03a0",
    "partial": "\u2202",
    "propto": "\u221d",
    "lvert": "|",
    "rvert": "|",
    "alpha": "\u03b1",
    "beta": "\u03b2",
    "gamma": "\u03b3",
    "delta": "\u03b4",
    "Delta": "\u0394",
    "epsilon": "\u03b5",
    "eta": "\u03b7",
    "theta": "\u03b8",
    "lambda": "\u03bb",
    "mu": "\u03bc",
    "pi": "\u03c0",
    "rho": "\u03c1",
    "sigma": "\u03c3",
    "Sigma": "\u03a3",
    "tau": "\u03c4",
    "phi": "\u03c6",
    "omega": "\u03c9",
    "quad": "  ",
    "qquad": "  ",
    "%": "%",
    "$": "$",
    "{": "{",
    "}": "}",
    "&": "&",
    "#": "#",
    "_": "_",
}
_SPACES = {",": "", ";": " ", ":": " ", "!": "", " ": " "}
_SUPERSCRIPT = dict(
    zip(
        "0123456789+-=()nik",
        "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
        "\u207a\u207b\u207c\u207d\u207e\u207f\u2071\u1d4f",
        strict=False,
    )
)
_SUBSCRIPT = dict(
    zip(
        "0123456789+-=()aehijklmnoprstuvx",
        "\u2080\u2081\u2082\u2083\u2084\u2085\u2086\u2087\u2088"
        "\u2089\u208a\u208b\u208c\u208d\u208e\u2090\u2091\u2095"
        "\u1d62\u2c7c\u2096\u2097\u2098\u2099\u2092\u209a\u1d63"
        "\u209b\u209c\u1d64\u1d65\u2093",
        strict=False,
    )
)


def _group(tex: str, at: int) -> tuple[str, int]:
    """The argument at ``tex[at]``: a braced group (without its braces) or one character (or a command)."""
    while at < len(tex) and tex[at] == " ":
        at += 1
    if at >= len(tex):
        return "", at
    if tex[at] == "{":
        depth = 0
        for end in range(at, len(tex)):
            depth += {"{": 1, "}": -1}.get(tex[end], 0)
            if depth == 0:
                return tex[at + 1 : end], end + 1
        return tex[at + 1 :], len(tex)
    if tex[at] == "\\":
        match = re.match(r"\\([A-Za-z]+|.)", tex[at:])
        assert match is not None  # a backslash is followed by a command name or one character
        return match.group(0), at + len(match.group(0))
    return tex[at], at + 1


def _script(text: str, table: dict, mark: str) -> str:
    if text and all(c in table for c in text):
        return "".join(table[c] for c in text)
    return f"{mark}({text})" if len(text) > 1 else f"{mark}{text}"


def tex_text(tex: str) -> str:
    """A TeX formula as a reader reads it in plain text: ``\\frac{E}{P \\times h_\\text{year}}`` becomes
    "E/(P × h_year)"; commands the site's formulas use become their symbols, sub- and superscripts their
    Unicode forms where those exist."""
    out, at = [], 0
    while at < len(tex):
        char = tex[at]
        if char == "\\":
            match = re.match(r"\\([A-Za-z]+|.)", tex[at:])
            assert match is not None  # a backslash is followed by a command name or one character
            name, at = match.group(1), at + len(match.group(0))
            if name in ("text", "mathrm", "textrm", "mathit", "mathbf", "operatorname", "mbox", "mathcal"):
                body, at = _group(tex, at)
                out.append(tex_text(body) if name == "mathcal" else body)
            elif name in ("frac", "tfrac", "dfrac"):
                top, at = _group(tex, at)
                bottom, at = _group(tex, at)
                top, bottom = tex_text(top), tex_text(bottom)

                def wrap(s):
                    return f"({s})" if re.search(r"[\s+\-\u00d7]", s) else s

                out.append(f"{wrap(top)}/{wrap(bottom)}")
            elif name in ("dot", "bar", "hat", "tilde", "vec"):
                body, at = _group(tex, at)
                out.append(
                    tex_text(body)
                    + {"dot": "\u0307", "bar": "\u0304", "hat": "\u0302", "tilde": "\u0303", "vec": "\u20d7"}[
                        name
                    ]
                )
            elif name in ("left", "right", "big", "Big", "bigl", "bigr", "displaystyle"):
                continue
            elif name in ("begin", "end"):  # an environment (aligned): its lines read one after the other
                _, at = _group(tex, at)
            elif name == "\\":
                out.append("; ")
            elif name in _SPACES:
                out.append(_SPACES[name])
            elif name in _SYMBOLS:
                out.append(
                    f" {_SYMBOLS[name]} "
                    if name
                    in (
                        "times",
                        "div",
                        "cap",
                        "cup",
                        "subseteq",
                        "subsetneq",
                        "Rightarrow",
                        "le",
                        "ge",
                        "ne",
                        "approx",
                        "sim",
                        "pm",
                        "to",
                        "rightarrow",
                    )
                    else _SYMBOLS[name]
                )
            else:
                out.append(name)
        elif char in "^_":
            body, at = _group(tex, at + 1)
            body = tex_text(body).strip()
            out.append(
                _script(body, _SUPERSCRIPT if char == "^" else _SUBSCRIPT, "^" if char == "^" else "_")
            )
        elif char in "{}&":
            at += 1
        elif char == "~":
            out.append(" ")
            at += 1
        else:
            out.append(char)
            at += 1
    text = "".join(out)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,;.)])", r"\1", text)
    return unicodedata.normalize("NFC", text.strip())


_MATH = re.compile(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|(?<![\\$])\$([^$\n]+?)\$", re.DOTALL)


def tex_as_text(text: str) -> str:
    """``text`` with each formula (``$...$``, ``$$...$$``, ``\\(...\\)``, ``\\[...\\]``) read as text."""
    return _MATH.sub(lambda m: tex_text(next(g for g in m.groups() if g is not None)), text)


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
