"""What went wrong in a graded notebook, in plain words, once per cause (issue 18, m2 and m4 of adv18b).

``error_text`` is a cell's error as a student reads it: a ``SyntaxError`` without the kernel's temporary file
name (``(3075412345.py, line 1)``), a time limit or memory limit named as such, a ``SystemExit`` as the code
having asked to stop. ``one_per_cell`` merges the teacher's flags about one cell into one row.
"""

from __future__ import annotations

import re

from energycoop.data.notebook_file import cut

KERNEL_FILE = re.compile(
    r"\s*\((?:[^()]*[/\\])?\d+\.py, line (\d+)\)"
)  # IPython's cell file: "(3075412.py, line 1)"
CELL = re.compile(r"^code cell (\d+) ")


def error_text(output: dict, time_limit: float, memory: str) -> str:
    """A cell's error output in plain words (no trailing full stop)."""
    name = str(output.get("ename", "Error"))
    value = str(output.get("evalue", ""))
    if name in ("KeyboardInterrupt", "TimeLimit"):
        return f"no end within the time limit of {time_limit:g} s (an endless loop?)"
    if name == "MemoryError":
        return f"it ran out of its memory limit of {memory} (MemoryError)"
    if name == "SystemExit":
        return f"the code asked Python to stop (SystemExit{': ' + cut(value, 40) if value.strip() else ''})"
    if name in ("SyntaxError", "IndentationError", "TabError"):
        value = KERNEL_FILE.sub(lambda m: f" (line {m.group(1)})", value)
    text = f"{name}: {cut(value, 80)}" if value.strip() else name
    return text.rstrip(".")


def one_per_cell(flags: list[str]) -> list[str]:
    """The flags with those about one code cell merged into one ("code cell 4 reaches for ...; it also
    displayed an answer ..."), in the order first seen."""
    merged: dict[str, str] = {}
    for flag in flags:
        found = CELL.match(flag)
        key = f"cell {found.group(1)}" if found else flag
        if key in merged and found:
            rest = flag[found.end() :]
            merged[key] += f"; it also {rest}"
        else:
            merged.setdefault(key, flag)
    return list(merged.values())
