"""The teacher's hand marks carried over to a new grading of the class (teach19b: a second ``grade``, for a
late submission or a fixed file, brought every open answer back "to mark" with empty points: 90 marks to
type again for a class of 30).

A hand mark is a points value the teacher entered in a gradebook: on a "to mark" row (an open answer), or
one that differs from what the grader gave (partial credit). ``Marks.read(old)`` reads them from the previous
gradebook (``grade`` finds it itself in its default output folder, the newest ``gradebook*.csv`` there, or is
given one with ``--marks OLD.csv``); ``Marks.carry(rows)`` puts each on the new row of the same student and
exercise **whose answer is unchanged** (the same text, spaces aside). A changed answer is to mark again: its
row says so. The old gradebook is only read, never written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from energycoop.teaching.catalogue import EXERCISES
from energycoop.teaching.gradebook import UnsafePath, _unescaped, read_gradebook
from energycoop.teaching.sheets import points_of, safe_text

CHANGED = (
    " (Your teacher's mark of your earlier answer was not carried over: the answer changed, so it is marked "
    "again.)"
)


def _same(text) -> str:
    """An answer as compared: as the gradebook holds it, and with its spaces and line ends made one."""
    return " ".join(_unescaped(safe_text(str(text or ""))).split())


def _automatic(row: dict):
    """The points the grader itself gives a row (None for an open answer)."""
    if row["result"] == "to mark":
        return None
    return points_of(row["max_points"]) if row["result"] == "right" else 0


@dataclass
class Marks:
    source: Path | None = None
    marks: dict[tuple[str, str], tuple[str, float]] = field(default_factory=dict)  # (student, key)
    carried: int = 0
    changed: int = 0
    sources: dict[Path, int] = field(default_factory=dict)  # the gradebooks the marks came from, and how many
    # the gradebooks of the default folder that could not be read, and why
    skipped: dict[Path, str] = field(default_factory=dict)
    readable: list[Path] = field(default_factory=list)  # the gradebooks read, newest first

    @classmethod
    def read(cls, gradebook: Path, *older: Path, named: bool = True) -> Marks:
        """The hand marks of ``gradebook`` (``UnsafePath`` for a file that is not a gradebook, where the teacher
        ``named`` it: ``--marks``); with ``older`` gradebooks (newest first), each student's exercise takes its
        mark from the newest gradebook that graded it: a run that was interrupted, or is still being written,
        graded none of the notebooks it never reached, so it does not wipe the marks the teacher entered in the
        one before. A gradebook found in the default folder that cannot be read gives no marks (``skipped``)
        and never stops grading."""
        found = cls(Path(gradebook))
        decided: set[tuple[str, str]] = set()
        for path in (gradebook, *older):
            try:
                rows = read_gradebook(path)
            except UnsafePath as exc:
                if named and path == gradebook:
                    raise
                found.skipped[Path(path)] = str(exc)
                continue
            found.readable.append(Path(path))
            for row in rows:
                where = (row["student"], row["key"])
                if not row["key"] or not row["student"] or row["key"] not in EXERCISES or where in decided:
                    continue
                if row["result"] in UNGRADED:
                    continue
                decided.add(where)
                points = points_of(row["points"])
                if points is None:
                    continue
                automatic = _automatic(row)
                if automatic is None or points != automatic:
                    found.marks[where] = (_same(row["answer"]), points)
                    found.sources.setdefault(Path(path), 0)
                    found.sources[Path(path)] += 1
        return found

    def carry(self, rows: list[dict]) -> None:
        """Each hand mark onto the new row of the same student, exercise and answer (in place)."""
        for row in rows:
            mark = self.marks.get((row.get("student", ""), row.get("key", "")))
            if mark is None or row["result"] in ("not graded",):
                continue
            answer, points = mark
            if _same(row["answer"]) == answer:
                row["points"] = points
                self.carried += 1
            else:
                self.changed += 1
                if row["result"] == "to mark":
                    row["feedback"] = str(row["feedback"]) + CHANGED

    def said(self) -> str:
        """The line the grader prints: how many marks came over, from where, and how many answers changed."""
        if self.source is None:
            return ""
        # the first gradebook read, then those others that gave marks
        read = list(dict.fromkeys([*self.readable[:1], *self.sources]))
        skipped = "".join(f"; not read, so no marks from it: {why}" for why in self.skipped.values())
        if not read:
            return "No hand marks carried over" + skipped
        text = (
            f"Carried over {self.carried} hand mark{'' if self.carried == 1 else 's'} from {read[0]}"
            + "".join(f" (and {p.name}, for the students {read[0].name} did not grade)" for p in read[1:])
            + " (same student, exercise and answer)"
        )
        if self.changed:
            text += f"; {self.changed} answer{'s' if self.changed > 1 else ''} changed since, to mark again"
        text += f"; {', '.join(p.name for p in read)} {'was' if len(read) == 1 else 'were'} only read"
        return text + skipped


NUMBERED = re.compile(r"gradebook(?:-(\d+))?\.csv")


UNGRADED = ("not graded", "interrupted", "")  # rows that hold no grading of the exercise


def previous(folder: Path, new: Path) -> list[Path]:
    """The gradebooks grade wrote in its default folder before ``new`` (``gradebook.csv``, ``gradebook-2.csv``,
    ...), newest first; [] if none."""
    found = []
    for path in folder.glob("gradebook*.csv"):
        matched = NUMBERED.fullmatch(path.name)
        if matched and path != new and path.is_file() and not path.is_symlink():
            found.append((int(matched.group(1) or 1), path))
    return [path for _, path in sorted(found, reverse=True)]
