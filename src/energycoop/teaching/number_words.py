"""Numbers written in words, for the answer reader (``answers.read_answer``): ``spelled`` turns the words of a
number at the start of an answer (and after "or", "to", "and" or a dash, the second number of a range) into
the digits a student would have written, so that "nine farms", "about ten", "forty percent", "one and a half",
"two thousand", "five thousand one hundred" and "a third" read as "9 farms", "10", "40 percent", "1.5",
"2 thousand", "5100" and "0.33".

What the words mean (the reader's specification, ``answers``, lists them with the rest):

- cardinals: zero to nineteen, twenty to ninety, joined by a hyphen or a space ("twenty-one", "twenty one"),
  "hundred", and "thousand", "million", "billion", "trillion" after them or after "a" or "one" ("a hundred",
  "a million"); "and" after a hundred or a thousand ("one hundred and five", "two thousand and fifty");
- a decimal point: "point" and a digit word each ("three point five", "nought point seven", "one point oh
  four");
- fractions: "half", "a half", "one half", "a third", "two thirds", "a quarter", "three quarters", "a fifth",
  "a tenth", and a whole number "and a half" ("one and a half", "two and a quarter");
- "twice", "double" and "triple" (2, 2 and 3 times); "minus" or "negative" before a number;
- a number ending in thousand, million, billion or trillion keeps that word ("two thousand" is "2 thousand",
  "one and a half million" "1.5 million"), as a student writing digits would.

Precision: words state what their digits would: "nine" is 9 (one figure), "forty" is 40 (its zero may count,
as in "40"), "one and a half" is 1.5; a fraction is its decimal to two figures ("a third" is 0.33: 0.325 to
0.335, "a quarter" 0.25, "a half" 0.5). Words are read as a number only at the number's place, never inside a
unit ("a year", "one turbine" after a number stay words).
"""

from __future__ import annotations

import re

_SMALL = {
    w: n
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_SMALL.update({"nought": 0, "naught": 0})
_TENS = {
    w: 10 * n
    for n, w in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], start=2
    )
}
_SCALES = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_ONE_PART = {"half": 2, "third": 3, "quarter": 4, "fourth": 4, "fifth": 5, "tenth": 10}  # "a third"
_PARTS = {"halves": 2, "thirds": 3, "quarters": 4, "fourths": 4, "fifths": 5, "tenths": 10}  # "two thirds"
_TIMES = {"twice": "2 times", "double": "2 times", "triple": "3 times"}
_WORD = re.compile(r"[a-z]+", re.IGNORECASE)
# how a spelled number begins (for the reader, which drops a name before it: "CF = thirty-seven percent")
SPELLED_START = (
    r"(?:"
    + "|".join(sorted([*_SMALL, *_TENS, "half", "twice", "minus"], key=len, reverse=True))
    + r"|an?\s+(?:hundred|thousand|million|billion|half|third|quarter|fifth|tenth))\b"
)
_CONNECTOR = re.compile(r"\s*(?:or|to|-|–)\s*", re.IGNORECASE)
_BETWEEN = re.compile(r"\s*(?:and|-|–)\s*", re.IGNORECASE)  # after "between"


def _decimal(value: float) -> str:
    """A fraction's value as digits: exact to one or two places ('0.5', '0.25', '1.5'), else two ('0.33')."""
    for places in (0, 1, 2):
        if abs(round(value, places) - value) < 1e-12:
            return f"{value:.{places}f}"
    return f"{value:.2f}"


def _words(text: str, at: int) -> list[tuple[str, int]]:
    """The words from position ``at`` on, lower case, each with where it ends (a hyphen or spaces between
    words; anything else ends the list)."""
    found: list[tuple[str, int]] = []
    position = at
    while True:
        gap = _gap(text, position) if found else 0
        word = _WORD.match(text, position + gap)
        if not word:
            break
        found.append((word.group(0).lower(), word.end()))
        position = word.end()
    return found


def _gap(text: str, at: int) -> int:
    """The length of the spaces and the hyphen between two words at position ``at`` (0 for none)."""
    gap = _GAP.match(text, at)  # (it always matches: each of its parts is optional)
    return gap.end() - at if gap else 0


_GAP = re.compile(r"[ \t]*-?[ \t]*")


def _cardinal(words: list[tuple[str, int]], i: int) -> tuple[int, int, str | None] | None:
    """A whole number spelled from word ``i``: its value, the index after its last word and the scale word it
    ends with (None if it ends otherwise); None if no number starts there."""
    total, group, last_scale, previous, start = 0, 0, None, None, i
    if i + 1 < len(words) and words[i][0] in ("a", "an") and words[i + 1][0] in ("hundred", *_SCALES):
        group, previous, i = 1, "a", i + 1
    while i < len(words):
        word = words[i][0]
        tens_only = group % 100 >= 20 and group % 10 == 0
        if word in _SMALL and (
            previous in (None, "hundred", "and", *_SCALES)
            or (tens_only and _SMALL[word] < 10 and previous in _TENS)
        ):
            if previous is None and i != start:
                break
            group += _SMALL[word]
        elif word in _TENS and previous in (None, "hundred", "and", *_SCALES):
            group += _TENS[word]
        elif word == "hundred" and 0 < group < 100 and previous not in ("hundred", *_SCALES):
            group *= 100
        elif (
            word in _SCALES
            and (group or previous == "a")
            and (last_scale is None or _SCALES[word] < _SCALES[last_scale])
        ):
            total += max(group, 1) * 10 ** _SCALES[word]
            group, last_scale = 0, word
        elif (
            word == "and"
            and previous in ("hundred", *_SCALES)
            and i + 1 < len(words)
            and (words[i + 1][0] in _SMALL or words[i + 1][0] in _TENS)
        ):
            pass
        else:
            break
        previous = word
        i += 1
    if previous is None or previous == "a" or previous == "and":
        return None
    return total + group, i, previous if previous in _SCALES else None


def _read(text: str, at: int) -> tuple[str, int] | None:
    """The number spelled at ``at``: its digits and where its words end, or None if none begins there."""
    words = _words(text, at)
    if not words:
        return None
    if words[0][0] in ("minus", "negative") and len(words) > 1:  # "minus one point eight percent"
        after = words[0][1]
        found = _read(text, after + len(text[after:]) - len(text[after:].lstrip()))
        return (f"-{found[0]}", found[1]) if found is not None and not found[0].endswith("times") else None
    first = words[0][0]
    if first in _TIMES:
        return _TIMES[first], words[0][1]
    if first == "half":
        return "0.5", words[0][1]
    if len(words) > 1 and first in ("a", "an", "one") and words[1][0] in _ONE_PART:
        return _decimal(1 / _ONE_PART[words[1][0]]), words[1][1]
    cardinal = _cardinal(words, 0)
    if cardinal is None:
        return None
    value, i, scale = cardinal
    end = words[i - 1][1]
    following = [w for w, _ in words[i : i + 3]]
    if (
        following[:1] == ["point"]
        and len(following) > 1
        and (following[1] in ("oh", "o") or (following[1] in _SMALL and _SMALL[following[1]] < 10))
    ):
        digits, i = "", i + 1
        while i < len(words) and (
            words[i][0] in ("oh", "o") or (words[i][0] in _SMALL and _SMALL[words[i][0]] < 10)
        ):
            digits, end, i = digits + str(_SMALL.get(words[i][0], 0)), words[i][1], i + 1
        text_value = f"{value}.{digits}"
    elif (
        len(following) == 3
        and following[0] == "and"
        and following[1] in ("a", "an", "one")
        and following[2] in _ONE_PART
        and scale is None
    ):
        text_value, end = _decimal(value + 1 / _ONE_PART[following[2]]), words[i + 2][1]
    elif (
        len(following) == 3
        and following[0] == "and"
        and following[1] in _SMALL
        and following[2] in _PARTS
        and scale is None
    ):
        text_value, end = _decimal(value + _SMALL[following[1]] / _PARTS[following[2]]), words[i + 2][1]
    elif following[:1] and following[0] in _PARTS and 0 < value < 20:  # "two thirds", "three quarters"
        return _decimal(value / _PARTS[following[0]]), words[i][1]
    elif scale is not None and value % 10 ** _SCALES[scale] == 0 and value < 1000 * 10 ** _SCALES[scale]:
        # "two thousand", "a hundred and ten thousand": as "2 thousand", "110 thousand"
        return f"{value // 10 ** _SCALES[scale]} {scale}", end
    else:
        return str(value), end
    return text_value, end


def spelled(body: str, between: bool = False) -> str:
    """``body`` with a number spelled in words at its start, and one after a range's "or", "to" or dash (after
    "and" too, ``between``: the answer began "between"), written in digits ('nine or ten farms' is '9 or 10
    farms'); unchanged where no number is spelled."""
    found = _read(body, 0)
    if found is None:
        return body
    digits, end = found
    rest = body[end:]
    scale = re.match(r"\s+(thousand|million|billion|trillion)\b", rest, flags=re.IGNORECASE)
    if re.fullmatch(r"\d+(\.\d+)?", digits) and "." in digits and scale:  # "one and a half million"
        digits, rest = f"{digits} {scale.group(1)}", rest[scale.end() :]
    joined = (_BETWEEN if between else _CONNECTOR).match(rest)
    if joined and joined.group(0).strip():
        second = _read(rest, joined.end())
        if second is not None:
            rest = rest[: joined.end()] + second[0] + rest[second[1] :]
    return digits + rest
