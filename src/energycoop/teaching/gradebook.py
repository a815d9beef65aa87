"""Where a grade run's results go and what they are: the gradebook, created exclusively and written row by
row (``Gradebook``), the per-exercise summary (``summarise``), a wide sheet with a row per student (``wide``)
and a feedback file per student (``feedback_text``). Every cell is safe to open in a spreadsheet
(``safe_text``); nothing is ever written over.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from energycoop.data.paths import RUNS, UnsafePath, check_output_dir, claim_output_dir
from energycoop.teaching.catalogue import EXERCISES, number_of
from energycoop.teaching.submissions import file_stem, shown_name

COMMAND = "grade"
COLUMNS = ("student", "file", "set", "seed", "exercise", "key", "skill", "level", "result", "points", "max_points",
           "answer", "feedback")
SUMMARY_COLUMNS = ("exercise", "key", "skill", "level", "graded", "right", "wrong", "not_answered", "to_mark",
                   "not_graded", "share_right", "mean_points", "max_points")
PROBLEMS = ("broken", "skipped", "flagged", "interrupted", "warning")
UNCONFINED = ("grading ran unconfined: bubblewrap (the bwrap command) could not run here, so student code ran "
              "with resource limits, a scratch home and a minimal environment only, and could read this "
              "computer's files; install bubblewrap (apt-get install bubblewrap) to confine it")


class GradebookExists(UnsafePath):
    """The gradebook (or a file beside it) exists already: grade never writes over a file."""


def safe_text(text) -> str:
    """A value as a gradebook cell: printable (odd bytes of a file name as escapes) and never read by a
    spreadsheet as a formula (a leading = + - @, tab or carriage return gets a ')."""
    if isinstance(text, bool) or text is None:
        return "" if text is None else str(text)
    if isinstance(text, (int, float)):
        return str(text)
    text = str(text)
    text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    text = "".join(c if c in "\n\t" or c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r", "|", "%"):
        text = "'" + text
    return text



def default_output(directory: Path) -> Path:
    """``runs/grade-<name>-<hash of the directory's path>/``."""
    resolved = Path(directory).resolve()
    digest = hashlib.sha256(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:8]
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", shown_name(resolved.name))[:60] or "root"
    return RUNS / f"grade-{name}-{digest}"


@dataclass
class Destination:
    gradebook: Path
    summary: Path
    students: Path
    feedback: Path
    executed: Path | None = None
    made: list[Path] = field(default_factory=list)


def _outputs_for(gradebook: Path, executed: bool) -> Destination:
    stem = gradebook.stem
    return Destination(gradebook, gradebook.with_name(f"{stem}-summary.csv"),
                       gradebook.with_name(f"{stem}-students.csv"), gradebook.with_name(f"{stem}-feedback"),
                       gradebook.with_name(f"{stem}-executed") if executed else None)


def _taken(destination: Destination) -> Path | None:
    for path in (destination.gradebook, destination.summary, destination.students, destination.feedback,
                 destination.executed):
        if path is not None and (path.exists() or path.is_symlink()):
            return path
    return None


def check_destination(directory: Path, out: Path | None) -> Destination:
    """Where the gradebook and the files beside it go; ``UnsafePath`` for a bad input or an unsafe output,
    before anything runs. Nothing there exists yet: grade never writes over a file. By default, a new
    numbered gradebook in ``runs/grade-.../`` (the previous ones, with the teacher's marks, are kept)."""
    directory = Path(directory)
    if not directory.exists():
        raise UnsafePath(f"the directory to grade {shown_name(str(directory))!r} does not exist")
    if not directory.is_dir():
        raise UnsafePath(f"the directory to grade {shown_name(str(directory))!r} is a file; give a directory of "
                         "notebooks")
    submitted = directory.resolve()
    if out is None:
        target = claim_output_dir(default_output(directory), COMMAND, "the gradebook directory")
        for number in range(1, 10000):
            destination = _outputs_for(target / ("gradebook.csv" if number == 1 else f"gradebook-{number}.csv"), True)
            if _taken(destination) is None:
                return destination
        raise UnsafePath(f"{target} holds 9,999 gradebooks already; move some away")
    out = Path(out)
    parent = check_output_dir(out.parent if str(out.parent) else Path("."), f"the directory of --out {str(out)!r}")
    if out.suffix.lower() != ".csv":
        raise UnsafePath(f"--out {str(out)!r} must name a .csv file, such as gradebook.csv")
    if parent == submitted or submitted in parent.parents:
        raise UnsafePath(f"--out {str(out)!r} lies inside the directory being graded; write the gradebook elsewhere")
    destination = _outputs_for(parent / out.name, False)
    taken = _taken(destination)
    if taken is not None:
        raise GradebookExists(f"{taken} already exists; grade writes only new files (it never writes over a "
                              "gradebook, which may hold your marks): give another --out or move the file away")
    return destination


class Gradebook:
    """The gradebook file, created exclusively (``GradebookExists`` if it appeared meanwhile: another run),
    one row written and flushed as each notebook finishes."""

    def __init__(self, path: Path):
        self.path = path
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        except FileExistsError:
            raise GradebookExists(f"{path} already exists (another grade run writing the same gradebook?); grade "
                                  "never writes over a gradebook: give another --out") from None
        except OSError as exc:
            raise UnsafePath(f"the gradebook {path} cannot be created: {exc.strerror or exc}") from None
        self.handle = open(fd, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 (open while grading runs)
        self.writer = csv.DictWriter(self.handle, fieldnames=COLUMNS, lineterminator="\n", extrasaction="ignore")
        self.writer.writeheader()
        self.lock = threading.Lock()
        self.flush()

    def write(self, rows: list[dict]) -> None:
        with self.lock:
            self.writer.writerows([{k: safe_text(r.get(k, "")) for k in COLUMNS} for r in rows])
            self.flush()

    def flush(self) -> None:
        self.handle.flush()
        os.fsync(self.handle.fileno())

    def close(self) -> None:
        with self.lock:
            if not self.handle.closed:
                self.handle.close()


def _write_new_csv(path: Path, columns, rows) -> None:
    """A CSV created exclusively (never over a file), cells safe for spreadsheets, UTF-8 with BOM."""
    with open(path, "x", newline="", encoding="utf-8-sig") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows([{k: safe_text(r.get(k, "")) for k in columns} for r in rows])


def summarise(rows: list[dict]) -> list[dict]:
    """Per exercise: how many were graded, right, wrong, not answered, to mark, not graded."""
    table = []
    for key, exercise in EXERCISES.items():
        mine = [r for r in rows if r["key"] == key]
        if not mine:
            continue
        counts = {name: sum(r["result"] == name for r in mine)
                  for name in ("right", "wrong", "not answered", "to mark", "not graded")}
        auto = [r for r in mine if r["result"] in ("right", "wrong", "not answered")]
        table.append({"exercise": number_of(key), "key": key, "skill": exercise.skill,
                      "level": exercise.level, "graded": len(mine), "right": counts["right"], "wrong": counts["wrong"],
                      "not_answered": counts["not answered"], "to_mark": counts["to mark"],
                      "not_graded": counts["not graded"],
                      "share_right": f"{counts['right'] / len(auto):.2f}" if auto else "",
                      "mean_points": f"{sum(r['points'] for r in auto) / len(auto):.2f}" if auto else "",
                      "max_points": exercise.points})
    return table


def wide(rows: list[dict]) -> tuple[list[str], list[dict]]:
    """One row per student, a column per exercise (points, or "to mark"), the total, the points possible
    (open answers once marked are the teacher's), the percentage and the number of problem rows."""
    keys = [k for k in EXERCISES if any(r["key"] == k for r in rows)]
    names = {k: f"{number_of(k)}. {k}" for k in keys}
    columns = ["student", "files", *names.values(), "total", "out_of", "percent", "to_mark", "problems"]
    table: dict[str, dict] = {}
    for row in rows:
        entry = table.setdefault(row["student"], {"student": row["student"], "files": [], "total": 0, "out_of": 0,
                                                  "to_mark": 0, "problems": 0})
        if row["file"] and row["file"] not in entry["files"]:
            entry["files"].append(row["file"])
        if row["result"] in PROBLEMS:
            entry["problems"] += 1
            continue
        if not row["key"]:
            continue
        if row["result"] == "to mark":
            entry[names[row["key"]]] = "to mark"
            entry["to_mark"] += 1
            continue
        entry[names[row["key"]]] = row["points"]
        entry["total"] += row["points"] if isinstance(row["points"], int) else 0
        entry["out_of"] += row["max_points"] if isinstance(row["max_points"], int) else 0
    out = []
    for entry in table.values():
        entry["files"] = "; ".join(entry["files"])
        entry["percent"] = f"{100 * entry['total'] / entry['out_of']:.1f}" if entry["out_of"] else ""
        out.append(entry)
    return columns, sorted(out, key=lambda e: e["student"])


def feedback_text(student: str, rows: list[dict]) -> str:
    """A student's feedback: each exercise's result, points, their answer in full and why."""
    lines = [f"# Feedback for {safe_text(student)}", ""]
    for row in rows:
        if row["key"]:
            points = f"{row['points']}/{row['max_points']} points" if row["points"] != "" else \
                f"marked by your teacher (up to {row['max_points']} points)"
            lines += [f"## Exercise {row['exercise']}: {row['key']} ({row['result']}, {points})", "",
                      f"Your answer: {row['answer'] or '(none)'}", "", str(row["feedback"]), ""]
    problems = [r for r in rows if r["result"] in PROBLEMS]
    if problems:
        lines += ["## Problems", ""] + [f"- {r['file']}: {r['feedback']}" for r in problems] + [""]
    return "\n".join(lines)


def _write_feedback(folder: Path, rows: list[dict]) -> None:
    folder.mkdir()  # exclusive: a folder that appeared meanwhile is not written into
    by_student: dict[str, list[dict]] = {}
    for row in rows:
        if row["student"]:
            by_student.setdefault(row["student"], []).append(row)
    for student, mine in by_student.items():
        with open(folder / f"{file_stem(student)}.md", "x", encoding="utf-8") as handle:
            handle.write(feedback_text(student, mine))




def finish(destination: Destination, rows: list[dict]) -> list[dict]:
    """The summary, the wide sheet and the feedback files (each created new; one that appeared meanwhile is
    left alone and named)."""
    table = summarise(rows)
    columns, students = wide(rows)
    for path, action in ((destination.summary, lambda p: _write_new_csv(p, SUMMARY_COLUMNS, table)),
                         (destination.students, lambda p: _write_new_csv(p, columns, students)),
                         (destination.feedback, lambda p: _write_feedback(p, rows))):
        try:
            action(path)
        except FileExistsError:
            print(f"warning: {path} appeared while grading ran; it was not written over", flush=True)
    return table
