"""Grade a directory of student exercise notebooks into a gradebook.

``grade(directory)`` reads and hashes every submission first, then executes each notebook in a sandbox
of its own (``energycoop.teaching.sandbox``: bubblewrap where it runs, with a read-only system, a private scratch
directory, no network, no view of the other submissions or of the output folder, limits on memory,
processes, time and output; elsewhere the same limits by ``resource``, and a warning row in the
gradebook). It grades each exercise from the answer the student's code left behind, never from what the
notebook printed: the check cells are replaced by cells that hand the value of ``answer`` to the grader
(with a secret of the run), and an answer is accepted only from the grader's own check cell for its own
key. Each answer is judged in a separate process with a time and memory bound
(``sandbox.Verdicts``): an answer that cannot be read costs only its own exercise. A notebook is read,
never written.

The gradebook has one row per notebook and exercise: right, wrong, not answered, to mark (an open
question for the teacher), or not graded, with the feedback and the points, and a row for each problem:
``broken`` (the notebook, or part of it, cannot be graded: a file that is not a notebook, a notebook of
no exercise set, a tampered seed, a deleted check cell, a cell that raised an error or ran past the time
limit), ``skipped`` (an entry that is not graded: a hidden file, a link, a FIFO, a folder too deep),
``flagged`` (graded, for the teacher to look at: code that reaches for the grading internals, an edited
check cell, a deleted variant note, a file that changed while it was graded) and ``interrupted``.

The gradebook is never lost and never written over: it is created exclusively (a second run into the
same file fails at once, before grading), its rows are written as each notebook finishes, and an
interrupted run (Ctrl-C, SIGTERM) leaves it with "interrupted" rows for the notebooks not graded, and
no process behind. Every cell is safe to open in a spreadsheet (a cell beginning with = + - @ is
prefixed with '), the file is UTF-8 with a byte-order mark, and odd bytes in file names are written as
escapes. Beside it: the per-exercise summary (``NAME-summary.csv``), a wide sheet with one row per
student (``NAME-students.csv``) and one feedback file per student (``NAME-feedback/``).

A roster (``--roster``, a CSV of student id and seed) binds each student's variant: the notebook is
graded for the roster's seed whatever its metadata says, and any difference is flagged. Students are
named by the roster ids matched against the file names, or by per-student subfolders (``DIR/ana/...``).
"""

from __future__ import annotations

import ast
import csv
import hashlib
import io
import json
import os
import re
import secrets
import signal
import stat
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from energycoop.data.paths import RUNS, UnsafePath, check_output_dir, claim_output_dir, mark
from energycoop.teaching import exercises

COMMAND = "grade"
MIME = "application/vnd.energycoop.answer+json"
TIME_LIMIT = 60.0  # seconds per notebook
SETUP_LIMIT = 120  # seconds for the grader's own first cell (importing the library), outside the notebook's limit
MAX_BYTES = 50 * 1024**2  # largest submission read
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


# ------------------------------------------------------------------------------------------------
# In the kernel


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
        return {"kind": "text", "text": answer[:20000]}
    if isinstance(answer, pint.Quantity):
        magnitude = answer.magnitude
        if hasattr(magnitude, "item") and getattr(magnitude, "size", 1) == 1:
            magnitude = magnitude.item()
        if isinstance(magnitude, numbers.Real) and not isinstance(magnitude, bool):
            try:
                magnitude = int(magnitude) if isinstance(magnitude, numbers.Integral) else float(magnitude)
            except (OverflowError, ValueError):
                return {"kind": "other", "repr": "a number too large to read"}
            if isinstance(magnitude, int) and abs(magnitude) > 10**300 or \
                    isinstance(magnitude, float) and not math.isfinite(magnitude):
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
    except Exception:  # noqa: BLE001 (a student's object whose repr fails)
        shown = f"an object of type {type(answer).__name__}"
    return {"kind": "other", "repr": shown}


class _Unreadable:
    def __init__(self, text: str):
        self.text = text

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
            if isinstance(magnitude, bool) or not isinstance(magnitude, (int, float)) or not isinstance(units, str):
                raise TypeError("not a number and a unit")
            if isinstance(magnitude, int) and abs(magnitude) > 10**300:
                raise OverflowError("too large")
            unit = parse_unit(units) if units.strip() not in ("", "dimensionless") else "dimensionless"
            return Q_(magnitude, unit)
        except Exception:  # noqa: BLE001 (any failure means the same: it cannot be read)
            return _Unreadable(f"{str(magnitude)[:40]} {str(units)[:60]}")
    if kind == "text":
        return str(payload.get("text", ""))[:20000]
    if kind == "number":
        value = payload.get("value")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or \
                (isinstance(value, int) and abs(value) > 10**300):
            return _Unreadable(str(value)[:60])
        return value
    if kind == "none":
        return None
    return _Unreadable(str(payload.get("repr", "an unreadable value"))[:200])


def answer_text(answer, limit: int = 300) -> str:
    """An answer as the gradebook shows it (short, unless ``limit`` is None)."""
    if answer is None:
        return ""
    text = answer if isinstance(answer, str) else f"{answer:~P}" if hasattr(answer, "units") else repr(answer)
    if limit is None:
        return str(text)
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


# ------------------------------------------------------------------------------------------------
# Safe cells and names


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


def shown_name(name: str) -> str:
    """A file name as a message shows it (odd bytes and control characters escaped)."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace"))


def file_stem(name: str) -> str:
    """A name safe as a file name (for a student's feedback file)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", shown_name(name)).strip("._") or "student"
    if cleaned != name or len(cleaned) > 100:
        # shortened first, then the hash of the whole name added: two long names never end alike
        cleaned = cleaned[:93] + "-" + hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:6]
    return cleaned


# ------------------------------------------------------------------------------------------------
# Reading the submissions (all of them, before any kernel starts)


@dataclass
class Submission:
    path: Path
    student: str
    file: str  # as shown: relative to the graded directory
    data: bytes | None = None
    digest: str = ""
    skip: str | None = None  # why it is not graded (a row "skipped" or "broken")
    result: str = "skipped"
    seed: int | None = None  # from the roster


def _kind(mode: int) -> str:
    return {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a character device",
            stat.S_IFBLK: "a block device", stat.S_IFLNK: "a symbolic link", stat.S_IFDIR: "a folder"}.get(
        stat.S_IFMT(mode), "not a regular file")


def read_file(path: Path) -> tuple[bytes | None, str, str | None]:
    """(content, sha256, problem) of a regular file, opened without following a link and without
    blocking (a FIFO never hangs the grader)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as exc:
        return None, "", f"cannot be read ({exc.strerror or exc})"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, "", f"{_kind(info.st_mode)}, not a regular file: only regular files are graded"
        if info.st_size > MAX_BYTES:
            return None, "", (f"too large to be a submission: {info.st_size / 1024**2:,.0f} MB "
                              f"(at most {MAX_BYTES // 1024**2} MB)")
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > MAX_BYTES:
                return None, "", f"too large to be a submission (more than {MAX_BYTES // 1024**2} MB)"
            chunks.append(chunk)
    except OSError as exc:
        return None, "", f"cannot be read ({exc.strerror or exc})"
    finally:
        os.close(fd)
    data = b"".join(chunks)
    return data, hashlib.sha256(data).hexdigest(), None


def _entries(folder: Path) -> list[os.DirEntry]:
    with os.scandir(folder) as listing:
        return sorted(listing, key=lambda e: os.fsencode(e.name))


def collect(directory: Path) -> list[Submission]:
    """Every entry of ``directory``: notebooks read and hashed, and every entry that is not graded
    with the reason. A folder holds one student's files (its name is the student)."""
    found = []
    for entry in _entries(directory):
        found += _collect_entry(Path(entry.path), entry.name, None)
    return found


def _collect_entry(path: Path, name: str, student: str | None) -> list[Submission]:
    shown = f"{student}/{name}" if student else name
    owner = student or Path(name).stem
    if name.startswith("."):
        return [Submission(path, owner if student else "", shown_name(shown),
                           skip="a hidden entry (its name begins with a dot): not graded")]
    try:
        info = os.lstat(path)
    except OSError as exc:
        return [Submission(path, owner, shown_name(shown), skip=f"cannot be read ({exc.strerror or exc})")]
    if stat.S_ISLNK(info.st_mode):
        return [Submission(path, owner, shown_name(shown), skip="a symbolic link: only regular files are graded, "
                           "copy the notebook itself in")]
    if stat.S_ISDIR(info.st_mode):
        if student:
            return [Submission(path, student, shown_name(shown), skip="a folder inside a student's folder: only "
                               "notebooks directly in DIR or in DIR/STUDENT/ are graded")]
        inside = []
        try:
            for entry in _entries(path):
                inside += _collect_entry(Path(entry.path), entry.name, name)
        except OSError as exc:
            return [Submission(path, name, shown_name(shown), skip=f"a folder that cannot be read ({exc.strerror})")]
        return inside or [Submission(path, name, shown_name(shown), skip="an empty folder: nothing to grade")]
    if not stat.S_ISREG(info.st_mode):
        return [Submission(path, owner, shown_name(shown),
                           skip=f"{_kind(info.st_mode)}, not a regular file: only regular files are graded")]
    if Path(name).suffix.lower() != ".ipynb":
        suffix = Path(name).suffix
        return [Submission(path, owner, shown_name(shown), result="broken",
                           skip=f"not a notebook (a {suffix or 'file without extension'}): only .ipynb files "
                                "are graded")]
    data, digest, problem = read_file(path)
    if problem:
        return [Submission(path, owner, shown_name(shown), result="broken", skip=problem)]
    return [Submission(path, owner, shown_name(shown), data=data, digest=digest)]


def submissions(directory: Path) -> list[Path]:
    """The files that would be graded (notebooks read as regular files), in order."""
    return [s.path for s in collect(Path(directory)) if s.data is not None]


# ------------------------------------------------------------------------------------------------
# A roster


def read_roster(path: Path) -> dict[str, int]:
    """Student id -> seed from a CSV with a header (``student`` or ``id``, and ``seed``); ``UnsafePath``
    naming the file, row and column of a bad value."""
    path = Path(path)
    data, _, problem = read_file(path)
    if problem:
        raise UnsafePath(f"the roster {shown_name(str(path))!r} {'' if problem.startswith('cannot') else 'is '}{problem}")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnsafePath(f"the roster {str(path)!r} is not UTF-8 text (byte {exc.start})") from None
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise UnsafePath(f"the roster {str(path)!r} is not a readable CSV: {exc}") from None
    if not rows:
        raise UnsafePath(f"the roster {str(path)!r} is empty; give a header 'student,seed' and one row per student")
    header = [h.strip().lower() for h in rows[0]]
    who = next((header.index(n) for n in ("student", "student_id", "id") if n in header), None)
    if who is None or "seed" not in header:
        raise UnsafePath(f"the roster {str(path)!r} has the columns {rows[0]}; it needs 'student' (or 'id') and "
                         "'seed'")
    where = header.index("seed")
    roster: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        student = row[who].strip() if who < len(row) else ""
        seed = row[where].strip() if where < len(row) else ""
        if not student:
            raise UnsafePath(f"the roster {str(path)!r}, row {number}, column {rows[0][who]!r} is empty; give the "
                             "student's id")
        if not (seed.isascii() and seed.isdigit()) or not 0 <= int(seed) <= exercises.MAX_SEED:
            raise UnsafePath(f"the roster {str(path)!r}, row {number}, column {rows[0][where]!r} is {seed!r}: give a "
                             f"whole number from 0 to {exercises.MAX_SEED:,}")
        if student in roster:
            raise UnsafePath(f"the roster {str(path)!r}, row {number}: student {student!r} is listed twice")
        roster[student] = int(seed)
    return roster


# ------------------------------------------------------------------------------------------------
# One notebook


@dataclass
class Outcome:
    rows: list[dict]
    problems: list[str]
    seconds: float = 0.0
    confined: bool = True


def _problem_row(who, reason: str, set_name: str = "", seed="", result: str = "broken") -> dict:
    student, file = (who.student, who.file) if isinstance(who, Submission) else (Path(who).stem, Path(who).name)
    return {"student": student, "file": file, "set": set_name, "seed": seed, "exercise": "", "key": "",
            "skill": "", "level": "", "result": result, "points": "", "max_points": "", "answer": "",
            "feedback": reason}


def _first_line(text: str) -> str:
    line = next((s for s in str(text).strip().splitlines() if s.strip()), "")
    return line if len(line) <= 60 else line[:57] + "..."


NOTE_SEED = re.compile(r"seed\s*(\d+)", re.IGNORECASE)


def inspect(nb, path=None, roster_seed: int | None = None) -> tuple[str, int, list[str], list[str]]:
    """The notebook's exercise set and the seed to grade it for, the problems that stop it being graded
    at all, and the flags (graded, but for the teacher to look at). With a roster, the roster's seed is
    the one graded and a notebook that says otherwise is flagged; the note is compared by its number only."""
    block = exercises.exercise_block(nb)
    set_name = block.get("set")
    if set_name not in exercises.SETS:
        return "", 0, [(f"not one of the exercise notebooks: its metadata names no exercise set "
                        f"(energycoop.teaching.exercises.set is {str(set_name)[:60]!r}; the sets are "
                        f"{', '.join(exercises.SETS)})")], []
    problems, flags = [], []
    seed = block.get("seed")
    valid = not isinstance(seed, bool) and isinstance(seed, int) and 0 <= seed <= exercises.MAX_SEED
    tampered = [] if valid else [(f"the metadata seed is {str(seed)[:40]!r}, not a whole number from 0 to "
                                  f"{exercises.MAX_SEED:,}")]
    parameters = [c for c in nb.cells if c.cell_type == "code" and "parameters" in c.metadata.get("tags", [])]
    found = exercises.SEED_LINE.search(nb_source(parameters[0])) if parameters else None
    if not found:
        tampered.append("the parameters cell (with 'seed: int = ...') is missing or changed")
    elif valid and int(found.group(1)) != seed:
        tampered.append(f"the metadata says seed {seed}, the parameters cell says {found.group(1)}")
    notes = [c for c in nb.cells if c.cell_type == "markdown" and "variant" in c.metadata.get("tags", [])]
    numbers = {int(n) for n in NOTE_SEED.findall(nb_source(notes[0]))} if notes else set()
    if not notes or not numbers:
        flags.append("the variant note (\"Variant: seed ...\") was deleted or lost its number: check that this is "
                     "the student's own variant")
    elif valid and numbers != {seed}:
        tampered.append(f"the variant note says seed {', '.join(map(str, sorted(numbers)))}, the metadata says {seed}")
    if roster_seed is not None:
        if tampered or seed != roster_seed:
            flags.append(f"tampered seed: the roster gives seed {roster_seed}"
                         + (f", the notebook says seed {seed}" if valid else "")
                         + ("; " + "; ".join(tampered) if tampered else "")
                         + f": graded for the roster's seed {roster_seed}")
        return set_name, roster_seed, problems, flags
    if tampered:
        problems += [f"tampered seed: {t}" for t in tampered]
    return set_name, seed if valid else 0, problems, flags


def _check_argument(source: str, key: str) -> tuple[str, str | None]:
    """What the check cell of ``key`` hands to the grader (an expression on the kernel's globals) and,
    if the cell was edited, a note saying how."""
    default = 'globals().get("answer", Ellipsis)'
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return default, f"the check cell was edited and is not valid Python ({_first_line(source)!r}): graded `answer`"
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
             and n.func.id == "check" and n.args and isinstance(n.args[0], ast.Constant) and n.args[0].value == key]
    plain = len(tree.body) == 1 and calls and len(calls[0].args) == 2 and isinstance(calls[0].args[1], ast.Name) \
        and calls[0].args[1].id == "answer"
    if plain:
        return default, None
    if not calls or len(calls[0].args) < 2:
        return default, f"the check cell was edited ({_first_line(source)!r}): graded `answer`"
    given = calls[0].args[1]
    if isinstance(given, ast.Constant) and isinstance(given.value, (str, int, float)) and \
            not isinstance(given.value, bool):
        return repr(given.value), (f"the check cell was edited to check {_first_line(repr(given.value))}: that "
                                   "answer was graded; next time write it in the answer cell")
    if isinstance(given, ast.Name):
        return f'globals().get("{given.id}", Ellipsis)', (f"the check cell was edited to check `{given.id}`: that "
                                                          "value was graded")
    return default, f"the check cell was edited ({_first_line(source)!r}): graded `answer`"


SETUP = """\
import sys as _energycoop_sys
class _EnergycoopCapped:
    def __init__(self, stream, limit):
        self.stream, self.left = stream, limit
    def write(self, text):
        if self.left > 0:
            self.left -= len(text)
            if self.left < 0:
                text = text[:len(text) + self.left] + "\\n[printing stopped here: too much printed]\\n"
            return self.stream.write(text)
        return len(text)
    def __getattr__(self, name):
        return getattr(self.stream, name)
_energycoop_sys.stdout = _EnergycoopCapped(_energycoop_sys.stdout, 8388608)
_energycoop_sys.stderr = _EnergycoopCapped(_energycoop_sys.stderr, 8388608)
del _energycoop_sys, _EnergycoopCapped
import energycoop.teaching.exercises  # noqa: F401 (the library's import is not the notebook's time)
"""

# Code that reaches for the grading internals: the expected answers, the verdict, the answer channel.
INTERNALS = re.compile(r"\bexpected\s*\(|\bEXERCISES\b|\.solve\b|\bverdict\s*\(|\bgrading\b|_energycoop|vnd\.energycoop|"
                       r"(?<![.\w])_?values\s*\(|exercises\s*\.\s*_?values|\bsys\.modules\b|__import__|\bimportlib\b|"
                       r"\bread_answer\b|\bdescribe_answer\b|\b_tables\b|\bstudent_version\b|\bwrite_variant\b|"
                       r"\bcapture\s*\(|answer\+json")


def _is_check_call(node) -> bool:
    return isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name) \
        and node.value.func.id == "check"


def typed_in_check_cell(source: str) -> str:
    """The code of a check cell other than its ``check(...)`` calls (an answer typed there), run before the
    grader captures the answer; "" if none (or the cell is not Python)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return ""
    return "\n".join(ast.get_source_segment(source, n) or ast.unparse(n) for n in tree.body if not _is_check_call(n))


def check_keys(cell) -> list[str]:
    """The exercise keys a code cell checks: calls ``check("key", ...)`` in its code (not a mention in a
    comment or a string), never in an answer cell (a comment there quoting the check is an answer)."""
    if cell.cell_type != "code" or "answer" in cell.metadata.get("tags", []):
        return []
    source = nb_source(cell)
    try:
        tree = ast.parse(source)
    except SyntaxError:  # an edited check cell that is not Python: its calls by pattern, comments left out
        code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith("#"))
        return [k for k in dict.fromkeys(exercises.CHECK_CALL.findall(code)) if k in exercises.EXERCISES]
    calls = [n.args[0].value for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
             and n.func.id == "check" and n.args and isinstance(n.args[0], ast.Constant)
             and isinstance(n.args[0].value, str)]
    return [k for k in dict.fromkeys(calls) if k in exercises.EXERCISES]


def graded_copy(nb, seed: int, nonce: str | None = None):
    """The notebook as the grader runs it: the seed forced, check cells replaced by cells that hand the
    checked value to the grader (with ``nonce``, the run's secret), outputs cleared. Returns it, the
    check cells' indices by exercise key and a note for each edited check cell."""
    import nbformat

    nonce = nonce or secrets.token_hex(12)
    copy = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                             "language": "python"}})
    setup = nbformat.v4.new_code_cell(SETUP)
    setup.metadata["tags"] = ["grader"]
    copy.cells.append(setup)
    checks: dict[str, int] = {}
    edited: dict[str, str] = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        source = nb_source(cell)
        new = nbformat.v4.new_code_cell(source)
        new.metadata["tags"] = [t for t in cell.metadata.get("tags", []) if isinstance(t, str)
                                and t not in ("grader", "check")]
        if "parameters" in new.metadata["tags"]:
            new.source = f"strict = False\nseed = {seed}"
        keys = check_keys(cell)
        if keys:
            name = f"_energycoop_capture_{nonce}"
            lines = [f"from energycoop.teaching.grading import capture as {name}"]
            for key in keys:
                expression, note = _check_argument(source, key)
                lines.append(f'{name}("{key}", {expression}, "{nonce}")')
                if note:
                    edited[key] = note
            typed = typed_in_check_cell(source)  # an answer typed into the check cell counts
            new.source = "\n".join([*([typed] if typed else []), *lines, f"del {name}", 'globals().pop("answer", None)'])
            new.metadata["tags"] = ["grader", "check"]
            for key in keys:
                checks.setdefault(key, len(copy.cells))
        copy.cells.append(new)
    copy.metadata["energycoop_nonce"] = nonce
    return copy, checks, edited


def _answers(copy, executed, checks: dict[str, int], nonce: str) -> tuple[dict[str, dict], list[str]]:
    """The payload of each key, taken only from its own check cell with the run's secret; and flags for
    payloads displayed anywhere else (a forged answer)."""
    found: dict[str, dict] = {}
    flags = []
    for index, cell in executed.items():
        for output in cell.get("outputs", []):
            data = output.get("data", {}) if isinstance(output, dict) else {}
            if MIME not in data:
                continue
            payload = data[MIME]
            if isinstance(payload, str):
                try:
                    payload = json.loads(payload)
                except ValueError:
                    payload = {}
            key = payload.get("key") if isinstance(payload, dict) else None
            if isinstance(key, str) and checks.get(key) == index and payload.get("nonce") == nonce \
                    and key not in found:
                found[key] = payload
            else:
                flags.append(f"code cell {index} displayed an answer for the grader"
                             f"{f' (for {str(key)[:40]})' if key else ''} that the grader's own check cell did not "
                             "write: ignored (a forged answer?)")
    return found, flags


def _internals(nb) -> list[str]:
    flags = []
    for index, cell in enumerate([c for c in nb.cells if c.cell_type == "code"], start=1):
        source = nb_source(cell)
        if "parameters" in cell.metadata.get("tags", []):
            continue
        if check_keys(cell):
            source = typed_in_check_cell(source)  # the check call itself is the grader's
        found = INTERNALS.search(source)
        if found:
            line = next((s for s in source.splitlines() if found.group(0) in s), found.group(0))
            flags.append(f"code cell {index} reaches for the grading internals ({_first_line(line)!r}): check the "
                         "answers by hand")
    return flags


def grade_notebook(submission: Submission | Path, time_limit: float = TIME_LIMIT, keep: Path | None = None,
                   hide: list[Path] | None = None, verdicts=None, roster_seed: int | None = None) -> Outcome:
    """Grade one submission (read already): rows for its exercises and problem rows, never an exception."""
    import nbformat

    from energycoop.teaching import sandbox

    start = time.monotonic()
    if not isinstance(submission, Submission):
        path = Path(submission)
        data, digest, problem = read_file(path)
        submission = Submission(path, path.stem, shown_name(path.name), data, digest,
                                skip=problem if path.suffix.lower() == ".ipynb" else
                                f"not a notebook (a {path.suffix or 'file without extension'}): only .ipynb files "
                                "are graded", result="broken")
        if submission.skip is None and data is None:
            submission.skip = "cannot be read"
    if submission.skip:
        return Outcome([_problem_row(submission, submission.skip, result=submission.result)], [submission.skip])
    try:
        nb = nbformat.reads(submission.data.decode("utf-8-sig"), as_version=4)  # a byte-order mark is allowed
        nbformat.validate(nb)
    except Exception as exc:  # noqa: BLE001 (whatever is wrong with the file, it is reported the same way)
        reason = f"not a readable notebook: {type(exc).__name__}: {_first_line(str(exc))}"
        return Outcome([_problem_row(submission, reason)], [reason])
    set_name, seed, problems, flags = inspect(nb, submission.path, roster_seed)
    if problems:
        return Outcome([_problem_row(submission, p, set_name, seed if set_name else "") for p in problems], problems)
    flags += _internals(nb)
    copy, checks, edited = graded_copy(nb, seed)
    nonce = copy.metadata["energycoop_nonce"]
    execution = sandbox.run_notebook(nbformat.writes(copy), time_limit, hide or [])
    executed = {i: c for i, c in execution.cells.items() if i >= 0}
    if keep is not None:
        for index, cell in enumerate(copy.cells):
            cell.outputs = [nbformat.from_dict(o) for o in executed.get(index, {}).get("outputs", [])] \
                if cell.cell_type == "code" else []
        copy.metadata.pop("energycoop_nonce", None)
        try:
            target = keep / f"{file_stem(submission.file.replace('/', '__'))}.ipynb"
            with open(target, "x", encoding="utf-8") as handle:
                nbformat.write(copy, handle)
        except OSError:
            pass
    if execution.interrupted:
        return Outcome([_problem_row(submission, "interrupted: grading stopped before this notebook was graded",
                                     set_name, seed, result="interrupted")], ["interrupted"], confined=execution.confined)
    problems = [execution.failure] if execution.failure else []
    errors: dict[int, str] = {}
    for index, cell in sorted(executed.items()):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                message = f"{output.get('ename', 'Error')}: {_first_line(output.get('evalue', ''))}"
                if output.get("ename") in ("KeyboardInterrupt", "TimeLimit"):
                    message = f"no end within the time limit of {time_limit:g} s (an endless loop?)"
                errors[index] = message
                # the copy holds the grader's first cell, then the notebook's code cells in order
                problems.append(f"code cell {index} ({_first_line(nb_source(copy.cells[index]))!r}): {message}")
    if 0 in errors:
        problems.append("the grader's first cell failed in the sandbox: " + errors[0])
    captured, forged = _answers(copy, executed, checks, nonce)
    flags += forged
    stopped_at = min((i for i, c in executed.items() if c.get("status") in ("deaf", "dead")), default=None)
    rows = []
    for key in exercises.SETS[set_name]:
        exercise = exercises.EXERCISES[key]
        row = {"student": submission.student, "file": submission.file, "set": set_name, "seed": seed,
               "exercise": exercises.number_of(key), "key": key, "skill": exercise.skill, "level": exercise.level,
               "max_points": exercise.points, "answer": ""}
        if key not in checks:
            reason = f"the check cell of exercise {exercises.number_of(key)} ({key}) was deleted"
            problems.append(reason)
            rows.append({**row, "result": "not graded", "points": 0,
                         "feedback": reason + ": copy it back from a fresh notebook"})
            continue
        if key not in captured:
            why = "the notebook stopped before this exercise's check cell ran"
            if stopped_at is not None and stopped_at <= checks[key]:
                why += f" ({execution.failure or 'the kernel stopped'})"
            elif execution.failure:
                why += f" ({execution.failure})"
            rows.append({**row, "result": "not graded", "points": 0, "feedback": why})
            continue
        payload = captured[key]
        judged = verdicts.judge(key, payload, seed) if verdicts is not None else _judge_here(key, payload, seed)
        result, feedback = judged["result"], judged["feedback"]
        if result not in ("right", "wrong", "not answered", "to mark"):
            result, feedback = "wrong", "Cannot read your answer."
        before = [i for i in range(checks[key]) if copy.cells[i].cell_type == "code"
                  and "grader" not in copy.cells[i].metadata.get("tags", [])]
        crashed = errors.get(before[-1]) if before else None
        if crashed and result == "not answered":
            result, feedback = "wrong", f"Your answer cell did not run: {crashed}. Fix it and run it again."
        if key in edited:
            feedback += f" (Note: {edited[key]}.)"
        points = "" if result == "to mark" else (exercise.points if result == "right" else 0)
        answer = judged.get("answer", "")
        if exercise.open and payload.get("kind") == "text":
            answer = str(payload.get("text", ""))  # an open answer in full, for the teacher to mark
        rows.append({**row, "result": result, "points": points, "answer": answer, "feedback": str(feedback)})
    flags += [f"check cell of exercise {exercises.number_of(k)} ({k}): {note}" for k, note in edited.items()]
    rows += [_problem_row(submission, p, set_name, seed) for p in problems]
    rows += [_problem_row(submission, f, set_name, seed, result="flagged") for f in flags]
    return Outcome(rows, problems + flags, time.monotonic() - start, execution.confined)


def _judge_here(key: str, payload: dict, seed: int) -> dict:
    """Judge in this process (used without a ``Verdicts`` process: tests of one notebook)."""
    from energycoop.teaching import sandbox

    judge = sandbox.Verdicts()
    try:
        return judge.judge(key, payload, seed)
    finally:
        judge.close()


def nb_source(cell) -> str:
    return cell.source if isinstance(cell.source, str) else "".join(cell.source)


# ------------------------------------------------------------------------------------------------
# Where the results go


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
    for key, exercise in exercises.EXERCISES.items():
        mine = [r for r in rows if r["key"] == key]
        if not mine:
            continue
        counts = {name: sum(r["result"] == name for r in mine)
                  for name in ("right", "wrong", "not answered", "to mark", "not graded")}
        auto = [r for r in mine if r["result"] in ("right", "wrong", "not answered")]
        table.append({"exercise": exercises.number_of(key), "key": key, "skill": exercise.skill,
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
    keys = [k for k in exercises.EXERCISES if any(r["key"] == k for r in rows)]
    names = {k: f"{exercises.number_of(k)}. {k}" for k in keys}
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


# ------------------------------------------------------------------------------------------------
# A directory


class Interrupted(KeyboardInterrupt):
    """Grading was interrupted (Ctrl-C, SIGTERM); the partial gradebook is at ``gradebook``."""

    def __init__(self, gradebook: Path):
        super().__init__(str(gradebook))
        self.gradebook = gradebook


def _status(outcome: Outcome) -> str:
    scored = [r for r in outcome.rows if r["result"] not in PROBLEMS]
    points = sum(r["points"] for r in scored if isinstance(r["points"], int))
    possible = sum(r["max_points"] for r in scored if r["result"] != "to mark")
    return f"{points}/{possible} points" if scored else "not graded"


def grade(directory: Path, out: Path | None = None, time_limit: float = TIME_LIMIT, workers: int | None = None,
          stream=None, roster: Path | None = None) -> tuple[Path, Path, list[dict], list[dict]]:
    """Grade every submission in ``directory``; write the gradebook (row by row), the per-exercise summary,
    the wide sheet and the feedback files; return the gradebook's and summary's paths, the rows and the
    summary. Raises ``UnsafePath`` (nothing written) for a bad input, ``GradebookExists`` if the gradebook
    exists, ``Interrupted`` (after writing the partial gradebook) on Ctrl-C or SIGTERM."""
    import sys
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    from energycoop.teaching import sandbox

    stream = stream or sys.stdout
    if not (isinstance(time_limit, (int, float)) and not isinstance(time_limit, bool) and 1 <= time_limit <= 3600):
        raise UnsafePath(f"the time limit {time_limit!r} is not allowed: give seconds from 1 to 3600")
    the_roster = read_roster(roster) if roster is not None else None
    destination = check_destination(directory, out)
    found = collect(Path(directory))  # every submission read and hashed before any kernel starts
    hide = [Path(directory).resolve(), destination.gradebook.parent.resolve()]
    if roster is not None:
        hide.append(Path(roster).resolve().parent)
    problem = sandbox.preflight(hide)
    if problem:  # a fault of this machine's set-up, never marked against a student
        raise UnsafePath(f"{problem}: nothing was graded and nothing written; this is the grader's set-up, "
                         "not a student's notebook")
    if destination.executed is not None or not destination.gradebook.parent.exists():
        mark(destination.gradebook.parent, COMMAND)  # a folder grade makes is marked as its own
    book = Gradebook(destination.gradebook)
    if destination.executed is not None:
        destination.executed.mkdir()
    rows: list[dict] = []
    if sandbox.bwrap() is None:
        warning = _problem_row(Submission(Path(""), "", ""), UNCONFINED, result="warning")
        rows.append(warning)
        book.write([warning])
        print(f"warning: {UNCONFINED}", file=stream, flush=True)
    if the_roster is not None:
        for item in found:
            if item.data is None:
                continue
            if item.student in the_roster:
                item.seed = the_roster[item.student]
            else:
                item.skip, item.result = (f"{item.student!r} is not on the roster {shown_name(str(roster))}: not "
                                          "graded (add them, or name the file or folder by their id)"), "broken"
        present = {s.student for s in found}
        missing = [s for s in the_roster if s not in present]
        missed = [{**_problem_row(Submission(Path(""), s, ""), "no submission from this student on the roster",
                                  seed=the_roster[s]), "result": "not graded"} for s in missing]
        rows += missed
        book.write(missed)
    todo = [s for s in found]
    workers = max(1, min(workers or os.cpu_count() or 1, len([s for s in todo if s.skip is None]) or 1))
    print(f"Grading {sum(s.skip is None for s in todo)} notebook(s) from {shown_name(str(directory))}, {workers} at a "
          f"time, {time_limit:g} s each at most", file=stream, flush=True)
    local = threading.local()
    judges: list = []

    def one(item: Submission) -> Outcome:
        if not hasattr(local, "judge"):
            local.judge = sandbox.Verdicts()
            judges.append(local.judge)
        try:
            return grade_notebook(item, time_limit, destination.executed, hide, local.judge, item.seed)
        except Exception as exc:  # noqa: BLE001 (one submission never stops the others)
            reason = f"the grader failed on this file: {type(exc).__name__}: {_first_line(str(exc))}"
            return Outcome([_problem_row(item, reason)], [reason])

    sandbox._Live.stopping.clear()
    previous = None
    if threading.current_thread() is threading.main_thread():
        def on_term(signum, frame):
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGTERM, on_term)
    pending: dict = {}
    finished: set[int] = set()
    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        for index, item in enumerate(todo):
            if item.skip is not None:
                outcome = grade_notebook(item)
                rows += outcome.rows
                book.write(outcome.rows)
                finished.add(index)
                print(f"  {item.file}: {outcome.problems[0]}", file=stream, flush=True)
            else:
                pending[pool.submit(one, item)] = index
        while pending:
            done, _ = wait(list(pending), timeout=0.5, return_when=FIRST_COMPLETED)
            for future in done:
                index = pending.pop(future)
                item = todo[index]
                outcome = future.result()
                changed = _changed(item)
                if changed:
                    outcome.rows.append(_problem_row(item, changed, result="flagged"))
                    outcome.problems.append(changed)
                rows += outcome.rows
                book.write(outcome.rows)
                finished.add(index)
                print(f"  {item.file}: {_status(outcome)}" + "".join(f"\n    problem: {p}" for p in outcome.problems),
                      file=stream, flush=True)
    except KeyboardInterrupt:
        sandbox.stop_all()
        late = [_problem_row(todo[i], "interrupted: grading stopped before this notebook was graded",
                             result="interrupted") for i in range(len(todo)) if i not in finished]
        rows += late
        book.write(late)
        book.close()
        pool.shutdown(wait=True, cancel_futures=True)
        for judge in judges:
            judge.close()
        sandbox.stop_all()
        _finish(destination, rows)
        raise Interrupted(destination.gradebook) from None
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        pool.shutdown(wait=True, cancel_futures=True)
        for judge in judges:
            judge.close()
        book.close()
    table = _finish(destination, rows)
    return destination.gradebook, destination.summary, rows, table


def _changed(item: Submission) -> str | None:
    _, digest, problem = read_file(item.path)
    if problem or digest != item.digest:
        return ("the file changed while it was graded (or was removed): the gradebook grades the version read at "
                f"the start (sha256 {item.digest[:12]}); check the current one")
    return None


def _finish(destination: Destination, rows: list[dict]) -> list[dict]:
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
