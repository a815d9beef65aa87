"""Where each table and field of the exercises file is written (``Where``, ``inside``), for the messages
of ``exercise_file``."""

from __future__ import annotations

import re
from pathlib import Path

from energycoop.data.paths import ROOT

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_ASSIGN = re.compile(r"^\s*([A-Za-z0-9_-]+|\"[^\"]*\"|'[^']*')\s*=")


def _lines(text: str) -> dict[tuple, int]:
    """The line of each table (``("exercise", 3)``, ``("exercise", 3, "mistake", 0)``) and of each field in
    it (``("exercise", 3, "level")``), found by reading the file as lines (multi-line texts skipped)."""
    found: dict[tuple, int] = {}
    count = {"set": -1, "exercise": -1}
    seen = {"mistake": -1, "step": -1}  # the [[exercise.mistake]] and [[exercise.step]] tables of an exercise
    table: tuple = ()
    quote = None
    for number, line in enumerate(text.splitlines(), start=1):
        if quote:
            if line.count(quote) % 2:
                quote = None
            continue
        header = _HEADER.match(line)
        if header:
            name = header.group(2).strip()
            if name in count and header.group(1) == "[[":
                count[name] += 1
                seen = dict.fromkeys(seen, -1)
                table = (name, count[name])
            elif name.removeprefix("exercise.") in seen:
                part = name.removeprefix("exercise.")
                seen[part] += 1
                table = ("exercise", count["exercise"], part, seen[part])
            else:
                table = ("exercise", count["exercise"], name.removeprefix("exercise."))
            found.setdefault(table, number)
            continue
        assign = _ASSIGN.match(line)
        if assign and table:
            found.setdefault((*table, assign.group(1).strip("\"'")), number)
        for mark in ('"""', "'''"):
            if line.count(mark) % 2:
                quote = mark
                break
    return found


class Where:
    def __init__(self, source: str, text: str):
        self.source = source
        self.lines = _lines(text)

    def __call__(self, *place, exercise: str | None = None, field: str | None = None) -> str:
        line = None
        for end in range(len(place), 0, -1):
            line = self.lines.get(place[:end])
            if line:
                break
        where = self.source + (f", line {line}" if line else "")
        what = f"exercise {exercise!r}" if exercise else ""
        if field:
            what += (", " if what else "") + f"field {field!r}"
        return f"{where}: {what}: " if what else f"{where}: "


def display(path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def inside(text: str, message: str) -> str:
    """', line N (exercise KEY)' for a TOML error at line N, inside an exercise's table ('' if no line)."""
    found = re.search(r"at line (\d+)", message)
    if not found:
        return ""
    number = int(found.group(1))
    for line in reversed(text.splitlines()[:number]):
        key = re.match(r"\s*key\s*=\s*[\"']([^\"']*)[\"']", line)
        if key:
            return f", line {number} (exercise {key.group(1)!r})"
        if re.match(r"\s*\[\[\s*set\s*\]\]", line):
            break
    return f", line {number}"
