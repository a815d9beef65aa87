"""Where a grade run's results go and what they are: the gradebook, created exclusively and written row by
row (``Gradebook``), the per-exercise summary (``summarise``), and beside them the wide sheet and the
feedback files (``sheets``); the teacher's marks read back (``rescore``). Nothing is ever written over.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from energycoop.data.paths import ROOT, RUNS, UnsafePath, claim_output_dir
from energycoop.teaching.catalogue import EXERCISES, number_of
from energycoop.teaching.outputs import new_file_folder
from energycoop.teaching.sheets import points_of, safe_text, wide, write_feedback
from energycoop.teaching.submissions import shown_name

COMMAND = "grade"
COLUMNS = (
    "student",
    "file",
    "set",
    "seed",
    "exercise",
    "key",
    "skill",
    "level",
    "result",
    "points",
    "max_points",
    "answer",
    "feedback",
)
SUMMARY_COLUMNS = (
    "exercise",
    "key",
    "skill",
    "level",
    "graded",
    "right",
    "wrong",
    "not_answered",
    "to_mark",
    "not_graded",
    "share_right",
    "mean_points",
    "max_points",
)
UNCONFINED = (
    "grading ran unconfined: bubblewrap (the bwrap command) could not run here, so student code ran "
    "with resource limits, a scratch home and a minimal environment only, and could read this "
    "computer's files; install bubblewrap (apt-get install bubblewrap) to confine it"
)


class GradebookExists(UnsafePath):
    """The gradebook (or a file beside it) exists already: grade never writes over a file."""


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
    return Destination(
        gradebook,
        gradebook.with_name(f"{stem}-summary.csv"),
        gradebook.with_name(f"{stem}-students.csv"),
        gradebook.with_name(f"{stem}-feedback"),
        gradebook.with_name(f"{stem}-executed") if executed else None,
    )


def _taken(destination: Destination) -> Path | None:
    for path in (
        destination.gradebook,
        destination.summary,
        destination.students,
        destination.feedback,
        destination.executed,
    ):
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
        raise UnsafePath(
            f"the directory to grade {shown_name(str(directory))!r} is a file; give a directory of notebooks"
        )
    try:
        with os.scandir(directory) as listing:
            next(listing, None)
    except OSError as exc:
        raise UnsafePath(
            f"the directory to grade {shown_name(str(directory))!r} cannot be read ({exc.strerror or exc}): "
            "give a folder this user may list (chmod u+rx), or grade as its owner; nothing was written"
        ) from None
    submitted = directory.resolve()
    if submitted == ROOT or submitted in ROOT.parents or submitted == Path(submitted.anchor):
        raise UnsafePath(
            f"the directory to grade {shown_name(str(directory))!r} holds the repository (or is the "
            "filesystem root); put the submitted notebooks in a folder of their own, such as "
            "submissions/, and grade that"
        )
    if out is None:
        target = claim_output_dir(default_output(directory), COMMAND, "the gradebook directory")
        for number in range(1, 10000):
            destination = _outputs_for(
                target / ("gradebook.csv" if number == 1 else f"gradebook-{number}.csv"), True
            )
            if _taken(destination) is None:
                return destination
        raise UnsafePath(f"{target} holds 9,999 gradebooks already; move some away")
    out = Path(out)
    if not out.name.isprintable():
        raise UnsafePath(
            f"--out {shown_name(str(out))!r}: its file name holds a control character (a newline?); "
            "give a plain name such as gradebook.csv"
        )
    size = len(out.name.encode("utf-8", "surrogatepass"))
    if size > 200:  # room for "-students.csv" and "-feedback" beside it (a file name has at most 255 bytes)
        raise UnsafePath(
            f"--out {shown_name(out.name[:40])!r}...: its file name is {size} bytes "
            "long; give one of at most 200 bytes, such as gradebook.csv"
        )
    parent = new_file_folder(out.parent, f"--out {str(out)!r}: its folder")
    if out.suffix.lower() != ".csv":
        raise UnsafePath(f"--out {str(out)!r} must name a .csv file, such as gradebook.csv")
    if parent == submitted or submitted in parent.parents:
        raise UnsafePath(
            f"--out {str(out)!r} lies inside the directory being graded; write the gradebook elsewhere"
        )
    destination = _outputs_for(parent / out.name, False)
    taken = _taken(destination)
    if taken is not None:
        raise GradebookExists(
            f"{taken} already exists; grade writes only new files (it never writes over a "
            "gradebook, which may hold your marks): give another --out or move the file away"
        )
    return destination


class Gradebook:
    """The gradebook file, created exclusively (``GradebookExists`` if it appeared meanwhile: another run),
    one row written and flushed as each notebook finishes."""

    def __init__(self, path: Path):
        self.path = path
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        except FileExistsError:
            raise GradebookExists(
                f"{path} already exists (another grade run writing the same gradebook?); grade "
                "never writes over a gradebook: give another --out"
            ) from None
        except OSError as exc:
            raise UnsafePath(f"the gradebook {path} cannot be created: {exc.strerror or exc}") from None
        self.handle = open(fd, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 (open while grading runs)
        self.writer = csv.DictWriter(
            self.handle, fieldnames=COLUMNS, lineterminator="\n", extrasaction="ignore"
        )
        self.writer.writeheader()
        self.lock = threading.Lock()
        self.flush()

    def write(self, rows: list[dict]) -> None:
        with self.lock:
            for row in rows:  # a row that cannot be written never costs the others theirs
                try:
                    self.writer.writerow({k: safe_text(row.get(k, "")) for k in COLUMNS})
                except Exception as exc:
                    self.writer.writerow(
                        {
                            **{k: "" for k in COLUMNS},
                            "student": ascii(str(row.get("student", "")))[1:-1],
                            "file": ascii(str(row.get("file", "")))[1:-1],
                            "result": "broken",
                            "feedback": f"the grader could not write this row ({type(exc).__name__}): grade this "
                            "file again or look at it by hand",
                        }
                    )
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
    """Per exercise: how many were graded, right, wrong, not answered, still to mark, not graded, and the mean
    points (of the auto-marked answers, and of the open answers the teacher has marked: ``rescore``)."""
    table = []
    for key, exercise in EXERCISES.items():
        mine = [r for r in rows if r["key"] == key]
        if not mine:
            continue
        marked = [r for r in mine if r["result"] == "to mark" and points_of(r["points"]) is not None]
        counts = {
            name: sum(r["result"] == name for r in mine)
            for name in ("right", "wrong", "not answered", "to mark", "not graded")
        }
        counts["to mark"] -= len(marked)
        auto = [r for r in mine if r["result"] in ("right", "wrong", "not answered")] + marked
        table.append(
            {
                "exercise": number_of(key),
                "key": key,
                "skill": exercise.skill,
                "level": exercise.level,
                "graded": len(mine),
                "right": counts["right"],
                "wrong": counts["wrong"],
                "not_answered": counts["not answered"],
                "to_mark": counts["to mark"],
                "not_graded": counts["not graded"],
                "share_right": f"{counts['right'] / len(auto):.2f}" if auto and not exercise.open else "",
                "mean_points": f"{sum(points_of(r['points']) or 0 for r in auto) / len(auto):.2f}"
                if auto
                else "",
                "max_points": exercise.points,
            }
        )
    return table


def finish(destination: Destination, rows: list[dict]) -> list[dict]:
    """The summary, the wide sheet and the feedback files (each created new; one that appeared meanwhile is
    left alone and named)."""
    table = summarise(rows)
    columns, students = wide(rows)
    for path, action in (
        (destination.summary, lambda p: _write_new_csv(p, SUMMARY_COLUMNS, table)),
        (destination.students, lambda p: _write_new_csv(p, columns, students)),
        (destination.feedback, lambda p: write_feedback(p, rows)),
    ):
        try:
            action(path)
        except FileExistsError:
            print(f"warning: {path} appeared while grading ran; it was not written over", flush=True)
    return table


# ------------------------------------------------------------------------------------------------
# After the teacher has entered rubric points: ``grade --rescore gradebook.csv``

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "|", "%")


def _unescaped(text: str) -> str:
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_START else text


def _rows_of(reader: csv.DictReader, shown: str):
    """The rows of ``reader``; a cell longer than the CSV reader takes (a long comment pasted in) is
    ``UnsafePath`` naming the gradebook and the row, not a traceback."""
    number = 2  # the spreadsheet's row (the header is row 1)
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise UnsafePath(
                f"the gradebook {shown!r}, row {number}, cannot be read ({exc}): a cell there holds more "
                f"than {csv.field_size_limit():,} characters; shorten it"
            ) from None
        number += 1


def read_gradebook(path: Path) -> list[dict]:
    """The rows of a gradebook the teacher has marked (points entered for the open answers, or changed for
    partial credit), as ``grade`` wrote it or as a spreadsheet saved it (commas, semicolons or tabs; a
    decimal comma). ``UnsafePath`` names the file, row, column, value and what is allowed."""
    from energycoop.teaching.submissions import read_file

    shown = shown_name(str(path))
    data, _, problem = read_file(Path(path))
    if problem:
        raise UnsafePath(f"the gradebook {shown!r} {'' if problem.startswith('cannot') else 'is '}{problem}")
    assert data is not None  # (``read_file`` gives the content where it names no problem)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnsafePath(
            f"the gradebook {shown!r} is not UTF-8 text (byte {exc.start}); save it as CSV UTF-8"
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.DictReader(
        io.StringIO(text, newline=""), delimiter=delimiter
    )  # an open answer keeps its lines
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error as exc:  # the header row itself holds a cell too long for the CSV reader
        raise UnsafePath(
            f"the gradebook {shown!r}, row 1, cannot be read ({exc}): a cell there holds more than "
            f"{csv.field_size_limit():,} characters; shorten it"
        ) from None
    missing = [
        c
        for c in ("student", "set", "seed", "exercise", "key", "result", "points", "max_points")
        if c not in fieldnames
    ]
    if missing:
        raise UnsafePath(
            f"the gradebook {shown!r} has no column {', '.join(map(repr, missing))}: give a gradebook "
            "that `grade` wrote (its columns are " + ", ".join(COLUMNS) + ")"
        )
    rows = []
    for number, raw in enumerate(_rows_of(reader, shown), start=2):
        row: dict = {c: _unescaped(str(raw.get(c) or "")) for c in COLUMNS}
        if row["key"]:
            if row["key"] not in EXERCISES:
                raise UnsafePath(
                    f"the gradebook {shown!r}, row {number}, column 'key' is {row['key']!r}: not an "
                    "exercise of the collection"
                )
            most = EXERCISES[row["key"]].points
            try:
                points = points_of(row["points"])
            except ValueError:
                points = -1
            if points is not None and not 0 <= points <= most:
                raise UnsafePath(
                    f"the gradebook {shown!r}, row {number}, column 'points' is {row['points']!r} (exercise "
                    f"{number_of(row['key'])}): give a number from 0 to {most}, or leave it empty while "
                    "the answer is still to mark"
                )
            row["points"], row["max_points"] = ("" if points is None else points), most
        rows.append(row)
    return rows


def rescore(gradebook: Path) -> Destination:
    """The summary, wide sheet and feedback files again, from a gradebook the teacher has marked: written new
    beside it as ``NAME-marked-summary.csv``, ``NAME-marked-students.csv`` and ``NAME-marked-feedback/`` (then
    ``NAME-marked-2-...`` and so on: nothing is written over, the gradebook is only read). ``UnsafePath``
    before anything is written for a bad gradebook or folder."""
    gradebook = Path(gradebook)
    rows = read_gradebook(gradebook)
    folder = new_file_folder(gradebook.parent, f"the folder of the gradebook {str(gradebook)!r}")
    for number in range(1, 10000):
        stem = f"{gradebook.stem}-marked" + ("" if number == 1 else f"-{number}")
        destination = _outputs_for(folder / f"{stem}.csv", False)
        if _taken(destination) is None:
            finish(destination, rows)
            return destination
    raise UnsafePath(f"{folder} holds 9,999 rescored sheets of {gradebook.name} already; move some away")
