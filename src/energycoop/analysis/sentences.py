"""Sentences that end where a reader's sentence ends: never inside a quotation or brackets, never after an
initial ("N. Nazarbayev") or an abbreviation ("No. 3"). The findings' one sentence (``plain``) and the site's
cards cut the audit's reasons with these.

Nothing here reads a file.
"""

from __future__ import annotations

import re

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
