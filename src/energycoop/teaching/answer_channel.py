"""The channel an answer takes from a student's kernel to the grader: in the kernel, the grader's check cell
hands the value of ``answer`` over as a display of its own type (``capture``, ``MIME``), described as JSON
(``describe_answer``); the grader turns that back into the same value (``restore_answer``), never running
anything of the student's, and shows it in the gradebook (``answer_text``).
"""

from __future__ import annotations

MIME = "application/vnd.energycoop.answer+json"
ANSWER_CHARACTERS = 20000  # the longest answer handed over (the sandbox's runner lets its payload through)
TOO_LARGE = (
    "an answer too large to hand over to the grader"  # what the runner hands over instead of a larger one
)


def capture(key: str, answer, nonce: str = "") -> None:
    """Hand ``answer`` to the grader (run in the student's kernel in place of the check cell)."""
    from IPython.display import display

    display({MIME: {"key": key, "nonce": nonce, **describe_answer(answer)}}, raw=True)


def describe_answer(answer) -> dict:
    """An answer as JSON the grader turns back into the same value (``restore_answer``)."""
    import math
    import numbers

    import pint

    if answer is None or answer is Ellipsis:
        return {"kind": "none"}
    if isinstance(answer, str):
        return {"kind": "text", "text": answer[:ANSWER_CHARACTERS]}
    if isinstance(answer, pint.Quantity):
        magnitude = answer.magnitude
        if hasattr(magnitude, "item") and getattr(magnitude, "size", 1) == 1:
            magnitude = magnitude.item()
        if isinstance(magnitude, numbers.Real) and not isinstance(magnitude, bool):
            try:
                magnitude = int(magnitude) if isinstance(magnitude, numbers.Integral) else float(magnitude)
            except (OverflowError, ValueError):
                return {"kind": "other", "repr": "a number too large to read"}
            if (isinstance(magnitude, int) and abs(magnitude) > 10**300) or (
                isinstance(magnitude, float) and not math.isfinite(magnitude)
            ):
                return {"kind": "other", "repr": "a number too large to read"}
            return {"kind": "quantity", "magnitude": magnitude, "units": f"{answer.units:D}"[:200]}
    elif isinstance(answer, numbers.Real) and not isinstance(answer, bool):
        try:
            value = int(answer) if isinstance(answer, numbers.Integral) else float(answer)
        except (OverflowError, ValueError):
            return {"kind": "other", "repr": "a number too large to read"}
        if isinstance(value, int) and abs(value) > 10**300:
            return {"kind": "other", "repr": "a number too large to read"}
        return {"kind": "number", "value": value}
    try:
        shown = repr(answer)[:200]
    except Exception:  # a student's object whose repr fails
        shown = f"an object of type {type(answer).__name__}"
    return {"kind": "other", "repr": shown}


class _Unreadable:
    def __init__(self, text: str):
        self.text = text
        self.unreadable = (
            "its number is too large to read"
            if text == "a number too large to read"
            else f"{text[:60]} is neither a number with a unit the grader can read nor a string such as "
            '"3.2 PJ"'
        )

    def __repr__(self) -> str:
        return self.text


def restore_answer(payload: dict):
    """The answer a payload describes; a payload that cannot be read is an unreadable answer (never an
    exception), and units go through the guarded ``units.parse_unit`` (no arithmetic that runs for ever)."""
    from energycoop.quantities.units import Q_, parse_unit

    if not isinstance(payload, dict):
        return _Unreadable("an unreadable value")
    kind = payload.get("kind")
    if kind == "quantity":
        magnitude, units = payload.get("magnitude"), payload.get("units")
        try:
            if (
                isinstance(magnitude, bool)
                or not isinstance(magnitude, (int, float))
                or not isinstance(units, str)
            ):
                raise TypeError("not a number and a unit")
            if isinstance(magnitude, int) and abs(magnitude) > 10**300:
                raise OverflowError("too large")
            unit = parse_unit(units) if units.strip() not in ("", "dimensionless") else "dimensionless"
            return Q_(magnitude, unit)
        except Exception:  # any failure means the same: it cannot be read
            return _Unreadable(f"{_short(magnitude, 40)} {_short(units, 60)}")
    if kind == "text":
        return str(payload.get("text", ""))[:ANSWER_CHARACTERS]
    if kind == "number":
        value = payload.get("value")
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or (isinstance(value, int) and abs(value) > 10**300)
        ):
            return _Unreadable(_short(value, 60))
        return value
    if kind == "none":
        return None
    return _Unreadable(str(payload.get("repr", "an unreadable value"))[:200])


def _short(value, limit: int) -> str:
    """``str(value)`` cut to ``limit`` characters; an int too long for ``str`` (over 4,300 digits) in words."""
    if isinstance(value, int) and abs(value) > 10**300:
        return "a number too large to read"
    return str(value)[:limit]


def answer_text(answer, limit: int = 300) -> str:
    """An answer as the gradebook shows it (short, unless ``limit`` is None)."""
    if answer is None:
        return ""
    if isinstance(answer, int) and abs(answer) > 10**300:
        return _short(answer, 0)
    text = answer if isinstance(answer, str) else f"{answer:~P}" if hasattr(answer, "units") else repr(answer)
    if limit is None:
        return str(text)
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
