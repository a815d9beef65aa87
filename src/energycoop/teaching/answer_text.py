"""An answer's text before its number: typographic characters made plain (``plain_characters``) and the
leading words taken off, with the direction of a bound they say ("at least": ``strip_lead``)."""

from __future__ import annotations

import re
import unicodedata

from energycoop.teaching.answer_words import AnswerError

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
_SPACES = "\u00a0\u202f\u2009\u2007\u2002\u2003\u2004\u2005\u2006\u200a"


def plain_characters(text: str) -> str:
    """Typographic characters turned into the plain ones the reader knows; other digits refused."""
    text = re.sub(r"10([⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+)", lambda m: "10^" + m.group(1).translate(_SUPERSCRIPTS), text)
    for ch in text:
        if ch not in "0123456789" and (ch.isdigit() or ch.isnumeric()):
            name = unicodedata.name(ch, "a character").lower()
            raise AnswerError(
                f"{ch!r} ({name}) is not one of the digits 0 to 9: write numbers with 0-9, "
                "and a power of ten as 10^6 or 1e6"
            )
    for space in _SPACES:
        text = text.replace(space, " ")
    return (
        text.replace("\u2212", "-")
        .replace("\u2013", "–")
        .replace("\u2014", "–")
        .replace("×", " x ")
        .replace("·", " * ")
        .replace("⋅", " * ")
        .replace("’", "'")
        .replace("‘", "'")
        .replace("“", '"')
        .replace("”", '"')
        .replace("µ", "u")
    )


# --------------------------------------------------------------------------------------------------
# Words around the number


_LEAD = (
    r"(?:the\s+)?answer\s*(?:is|=|:)|it\s*(?:is|'s)|that\s*(?:is|'s)|about|approximately|approx\.?|just|"
    r"around|roughly|nearly|almost|circa|ca\.|c\.|some|close\s+to|just\s+about|[~≈=:]"
)
_DIRECTIONS = (
    (
        (
            r"at\s+least|not\s+less\s+than|no\s+less\s+than|no\s+fewer\s+than|not\s+fewer\s+than|more\s+than|over|"
            r"above|greater\s+than|upwards\s+of|in\s+excess\s+of|a\s+minimum\s+of|minimum(?:\s+of)?|min\.?|>=|≥|>"
        ),
        "lower",
    ),
    (
        (
            r"at\s+most|not\s+more\s+than|no\s+more\s+than|not\s+over|under|less\s+than|fewer\s+than|below|up\s+to|"
            r"a\s+maximum\s+of|maximum(?:\s+of)?|max\.?|<=|≤|<"
        ),
        "upper",
    ),
)
TRAILING_DIRECTIONS = (
    (r"or\s+(?:more|above|over|higher|greater)|at\s+least|minimum|at\s+the\s+least", "lower"),
    (r"or\s+(?:less|fewer|below|under|lower)|at\s+most|maximum|at\s+the\s+most", "upper"),
)


def strip_lead(body: str) -> tuple[str, str | None]:
    direction = None
    for _ in range(6):  # "about", then "at least", then "about" again...
        before = body
        body = re.sub(rf"^(?:{_LEAD})(?![a-z])\s*", "", body, flags=re.IGNORECASE)
        if direction is None:
            for pattern, which in _DIRECTIONS:
                if re.match(rf"^(?:{pattern})(?![a-z])", body, flags=re.IGNORECASE):
                    direction = which
                    body = re.sub(rf"^(?:{pattern})(?![a-z])\s*", "", body, flags=re.IGNORECASE)
                    break
        if body == before:
            break
    return body, direction
