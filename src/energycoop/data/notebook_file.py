"""One guarded reader for notebook JSON that may be anyone's (a student's submission, a notebook given to
``params`` or ``rerun``): ``parse_json`` and ``read_notebook`` never raise anything but ``Unreadable``,
whose message says in plain words what is wrong (issue 18, C1: a file of 100,000 nested brackets is valid
JSON, and the decoder's ``RecursionError`` ended a whole class's grading).

- nesting deeper than ``MAX_DEPTH`` (a notebook is about 6 deep) is refused before the decoder runs, so no
  decoder or validator recurses without bound;
- a number of more than Python's digit limit is "a number of N digits, out of range" (the JSON is fine:
  "does not appear to be JSON" was false);
- nbformat's validation runs with its warnings (``MissingIDFieldWarning``) kept back: a caller names the
  file when it reports them, nothing reaches the terminal unnamed;
- a reason is cut at a word, never inside one.
"""

from __future__ import annotations

import json
import re
import threading
import warnings

MAX_DEPTH = 64  # nested arrays and objects; a notebook needs about 6, a cell's data a few more
REASON = 160  # characters of a reason shown


class Unreadable(ValueError):
    """Not a readable notebook; ``str()`` is the reason, without "not a readable notebook"."""


def cut(text: str, limit: int = REASON) -> str:
    """The first line of ``text``, cut at a word (with "...") when longer than ``limit``."""
    line = (str(text).strip().splitlines() or [""])[0].strip()
    if len(line) <= limit:
        return line
    head = line[:limit]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip(" ,;:") + "..."


_TOKENS = re.compile(rb'"(?:[^"\\]+|\\.)*"|[\[\]{}]', re.DOTALL)


def too_deep(data: bytes, limit: int = MAX_DEPTH) -> int | None:
    """The depth where ``data``'s nesting passes ``limit`` (strings skipped), or None."""
    if data.count(b"[") + data.count(b"{") <= limit:
        return None
    depth = 0
    for token in _TOKENS.finditer(data):
        c = token.group()
        if c in (b"[", b"{"):
            depth += 1
            if depth > limit:
                return depth
        elif c in (b"]", b"}"):
            depth -= 1
    return None


def parse_json(data: bytes | str):
    """The JSON value of ``data`` (UTF-8, a byte-order mark allowed); ``Unreadable`` otherwise."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if too_deep(data) is not None:
        raise Unreadable(
            f"its JSON is nested more than {MAX_DEPTH} levels deep (a notebook needs about 6): not a notebook"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Unreadable(
            f"not UTF-8 text (byte {exc.start:,} is {data[exc.start : exc.start + 1]!r}): a compressed or "
            "binary file?"
        ) from None
    try:
        return json.loads(text)
    except RecursionError:  # (bounded above; kept for a decoder that recurses sooner)
        raise Unreadable("its JSON is nested too deeply: not a notebook") from None
    except ValueError as exc:
        digits = re.search(r"limit \((\d+) digits\)", str(exc))
        if digits:
            raise Unreadable(
                f"it holds a number of more than {int(digits.group(1)):,} digits, out of the range of any "
                "value a notebook holds (a seed out of range?)"
            ) from None
        if not text.strip():
            raise Unreadable("the file is empty") from None
        raise Unreadable(f"not JSON ({cut(str(exc))}): truncated, or not a notebook file?") from None


_LOCK = threading.Lock()  # warnings.catch_warnings is process-wide: one validation at a time


def read_notebook(data: bytes | str, validate: bool = True):
    """The notebook (nbformat 4) that ``data`` holds, and the warnings nbformat gave (as text, for the
    caller to report with the file's name); ``Unreadable`` for anything else."""
    import nbformat
    from nbformat import versions
    from nbformat.reader import get_version

    parsed = parse_json(data)
    if (
        not isinstance(parsed, dict)
        or not isinstance(parsed.get("metadata", {}), dict)
        or not isinstance(parsed.get("cells", []), list)
    ):
        raise Unreadable("its JSON is not a notebook (an object with cells, metadata and nbformat)")
    with _LOCK, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            major, minor = get_version(parsed)
            if major not in versions:
                raise Unreadable(
                    f"it says nbformat {cut(str(major), 20)}, which this grader does not read (4 is the "
                    "current version)"
                )
            nb = versions[major].to_notebook_json(parsed, minor=minor)
            nb = nbformat.convert(nb, 4)
            if validate:
                nbformat.validate(nb)
        except Unreadable:
            raise
        except RecursionError:
            raise Unreadable("its JSON is nested too deeply: not a notebook") from None
        except (AttributeError, TypeError, KeyError) as exc:
            if parsed.get("nbformat") == 3 and "worksheets" in str(exc):
                raise Unreadable(
                    'it says nbformat 3, whose cells are kept in "worksheets", and it has none (an old or '
                    "hand-edited file: open it in Jupyter and save it again)"
                ) from None
            raise Unreadable(
                f"its JSON is not a notebook (an object with cells, metadata and nbformat): "
                f"{type(exc).__name__}: {cut(str(exc), 80)}"
            ) from None
        except Exception as exc:  # nbformat's ValidationError and whatever a converter raises
            raise Unreadable(f"{type(exc).__name__}: {cut(str(exc))}") from None
    said = sorted({f"{w.category.__name__}: {cut(str(w.message), 100)}" for w in caught})
    return nb, said
