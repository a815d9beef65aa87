"""The submissions a grade run reads: every entry of the graded directory, each notebook read and hashed
before any kernel starts (``collect``), and every other entry with the reason it is not graded; the
roster of student ids and seeds (``read_roster``); names made safe for messages and file names.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from energycoop.data.params import ParameterError
from energycoop.data.paths import UnsafePath
from energycoop.teaching.variants import MAX_SEED

MAX_BYTES = 50 * 1024**2  # largest submission read


def no_surrogates(text: str) -> str:
    """``text`` encodable as UTF-8: the odd bytes of a file name (U+DC80 to U+DCFF, Python's
    ``surrogateescape``) as escapes, any other lone surrogate (a student's forged text) as U+FFFD."""
    text = str(text)
    if not any("\ud800" <= c <= "\udfff" for c in text):
        return text
    text = "".join(
        "\ufffd" if "\ud800" <= c <= "\udfff" and not "\udc80" <= c <= "\udcff" else c for c in text
    )
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def shown_name(name: str) -> str:
    """A file name as a message shows it: odd bytes (``\\xe9``), control characters and backslashes (``\\\\``)
    escaped, so that two names never look alike."""
    return "".join(
        f"\\x{ord(c) - 0xDC00:02x}"
        if "\udc80" <= c <= "\udcff"
        else "\\\\"
        if c == "\\"
        else c
        if c.isprintable()
        else c.encode("unicode_escape").decode("ascii")
        for c in name
    )


def file_stem(name: str) -> str:
    """A name safe as a file name (for a student's feedback file)."""
    cleaned = re.sub(r"[^\w .'\u2019-]+", "_", shown_name(name)).strip("._ ") or "student"  # O'Brien stays
    if cleaned != name or len(cleaned) > 100:
        # shortened first, then the hash of the whole name added: two long names never end alike
        cleaned = cleaned[:93] + "-" + hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:6]
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
    return {
        stat.S_IFIFO: "a FIFO (named pipe)",
        stat.S_IFSOCK: "a socket",
        stat.S_IFCHR: "a character device",
        stat.S_IFBLK: "a block device",
        stat.S_IFLNK: "a symbolic link",
        stat.S_IFDIR: "a folder",
    }.get(stat.S_IFMT(mode), "not a regular file")


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
            return (
                None,
                "",
                (
                    f"too large to be a submission: {info.st_size:,} bytes "
                    f"(at most {MAX_BYTES:,} bytes, {MAX_BYTES // 1024**2} MB)"
                ),
            )
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
        return [
            Submission(
                path,
                owner if student else "",
                shown_name(shown),
                skip="a hidden entry (its name begins with a dot): not graded",
            )
        ]
    try:
        info = os.lstat(path)
    except OSError as exc:
        return [Submission(path, owner, shown_name(shown), skip=f"cannot be read ({exc.strerror or exc})")]
    if stat.S_ISLNK(info.st_mode):
        return [
            Submission(
                path,
                owner,
                shown_name(shown),
                skip="a symbolic link: only regular files are graded, copy the notebook itself in",
            )
        ]
    if stat.S_ISDIR(info.st_mode):
        if student:
            return [
                Submission(
                    path,
                    student,
                    shown_name(shown),
                    skip="a folder inside a student's folder: only "
                    "notebooks directly in DIR or in DIR/STUDENT/ are graded",
                )
            ]
        inside = []
        try:
            for entry in _entries(path):
                inside += _collect_entry(Path(entry.path), entry.name, name)
        except OSError as exc:
            return [
                Submission(
                    path, name, shown_name(shown), skip=f"a folder that cannot be read ({exc.strerror})"
                )
            ]
        return inside or [Submission(path, name, shown_name(shown), skip="an empty folder: nothing to grade")]
    if not stat.S_ISREG(info.st_mode):
        return [
            Submission(
                path,
                owner,
                shown_name(shown),
                skip=f"{_kind(info.st_mode)}, not a regular file: only regular files are graded",
            )
        ]
    if Path(name).suffix.lower() != ".ipynb":
        suffix = Path(name).suffix
        return [
            Submission(
                path,
                owner,
                shown_name(shown),
                result="broken",
                skip=f"not a notebook (a {suffix or 'file without extension'}): only .ipynb files are graded",
            )
        ]
    data, digest, problem = read_file(path)
    if problem:
        return [Submission(path, owner, shown_name(shown), result="broken", skip=problem)]
    return [Submission(path, owner, shown_name(shown), data=data, digest=digest)]


def submissions(directory: Path) -> list[Path]:
    """The files that would be graded (notebooks read as regular files), in order."""
    return [s.path for s in collect(Path(directory)) if s.data is not None]


# ------------------------------------------------------------------------------------------------
# A roster (one reader for both commands: ``exercises --class`` and ``grade --roster``)


class RosterError(UnsafePath, ParameterError):
    """A class list that cannot be used: the message names the file, row, column, value and what is allowed."""


# A student id: a name as a class list writes it ("ana", "ana.b_2", "Ana García", "O'Neil", "ana@school.org"):
# letters of any alphabet, digits, spaces, '.', '_', '-', '@', '+' and an apostrophe, from a letter or digit, at
# most 64 characters.
STUDENT_ID = re.compile(r"[^\W_](?:[\w .'’@+-]{0,62}[\w.])?")
STUDENT_COLUMNS = ("student", "student_id", "student id", "id", "name")


@dataclass
class Roster:
    path: Path
    students: list[tuple[str, int]]  # (id, seed) in the file's order
    warnings: list[str]

    @property
    def seeds(self) -> dict[str, int]:
        return dict(self.students)


def _rows_of(path: Path) -> list[list[str]]:
    data, _, problem = read_file(path)
    shown = shown_name(str(path))
    if problem:
        raise RosterError(
            f"the class list {shown!r} {'' if problem.startswith('cannot') else 'is '}{problem}"
        )
    assert data is not None  # (``read_file`` gives the content where it names no problem)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RosterError(
            f"the class list {shown!r} is not UTF-8 text (byte {exc.start}); save it as CSV UTF-8"
        ) from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise RosterError(
            f"the class list {shown!r} is empty; write a header 'student,seed' and one row per student"
        )
    delimiter = max(",;\t", key=lines[0].count)
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise RosterError(f"the class list {shown!r} is not a readable CSV: {exc}") from None


MAX_STUDENTS = 5000  # rows of a class list


def read_class_list(path: Path, lowest_seed: int = 0) -> Roster:
    """A class list: a CSV (commas, semicolons or tabs; UTF-8, with or without a byte-order mark) with a
    header naming a student column (``student``, ``id``, ``student_id`` or ``name``) and a ``seed`` column,
    one row per student. Ids are names as people write them (``STUDENT_ID``), each once (letter case and
    accents aside); seeds whole numbers from ``lowest_seed``. Two students sharing a seed is a warning
    (their numbers are the same). ``RosterError`` names the file, row, column, value and what is allowed."""
    path = Path(path)
    shown = shown_name(str(path))
    rows = _rows_of(path)
    header = [h.strip().lower() for h in rows[0]]
    who = next((header.index(n) for n in STUDENT_COLUMNS if n in header), None)
    if who is None or "seed" not in header:
        raise RosterError(
            f"the class list {shown!r}, row 1: the header {rows[0]!r} must name a 'student' column "
            "(or 'id' or 'name') and a 'seed' column"
        )
    where = header.index("seed")
    listed = (
        sum(1 for row in rows[1:] if any(cell.strip() for cell in row)) if len(rows) > MAX_STUDENTS else 0
    )
    if listed > MAX_STUDENTS:  # each submission is matched against every id: 300,000 took seconds a file
        raise RosterError(
            f"the class list {shown!r} has {listed:,} student rows: at most {MAX_STUDENTS:,} are "
            "allowed (one class); split it into classes"
        )
    students: list[tuple[str, int]] = []
    seen: dict[str, str] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        student = unicodedata.normalize("NFC", row[who].strip()) if who < len(row) else ""
        seed = row[where].strip() if where < len(row) else ""
        if not STUDENT_ID.fullmatch(student):
            raise RosterError(
                f"the class list {shown!r}, row {number}, column {rows[0][who]!r} is {student!r}: not "
                "allowed: a student id is 1 to 64 letters, digits, spaces, '.', '_', '-', '@', '+' "
                'or "\'", beginning with a letter or digit (such as ana, ana_b, Ana García or '
                "ana@school.org; it names the student's folder)"
            )
        if fold(student) in seen:
            raise RosterError(
                f"the class list {shown!r}, row {number}, column {rows[0][who]!r}: {student!r} appears "
                f"twice (also as {seen[fold(student)]!r}); list each student once"
            )
        if not (seed.isascii() and seed.isdigit()) or not lowest_seed <= int(seed) <= MAX_SEED:
            extra = " (0 is the article's own numbers, the committed notebooks)" if lowest_seed else ""
            raise RosterError(
                f"the class list {shown!r}, row {number}, column {rows[0][where]!r} is {seed!r}: not "
                f"allowed: a seed is a whole number from {lowest_seed} to {MAX_SEED:,}{extra}"
            )
        seen[fold(student)] = student
        students.append((student, int(seed)))
    if not students:
        raise RosterError(f"the class list {shown!r} has no student rows under its header")
    shared: dict[int, list[str]] = {}
    for student, student_seed in students:
        shared.setdefault(student_seed, []).append(student)
    warnings = [
        f"the class list {shown!r}: students {', '.join(names)} share seed {seed}, so their numbers (and "
        "answers) are the same; give each student a seed of their own"
        for seed, names in shared.items()
        if len(names) > 1
    ]
    return Roster(path, students, warnings)


def read_roster(path: Path) -> dict[str, int]:
    """Student id -> seed of a class list (``read_class_list``, seeds from 0)."""
    return read_class_list(path).seeds


# ------------------------------------------------------------------------------------------------
# Whose file is this? (names as a learning platform exports them)


def fold(name: str) -> str:
    """A name compared as a person reads it: accents, letter case and separators aside ('Ana García',
    'ana_garcia' and 'ANA-GARCIA' fold alike)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.split(r"[\s_.\-'’]+", text)).strip()


# Moodle's export: "Wen Li_4455_assignsubmission_file_" (a folder) or "Wen Li_4455_assignsubmission_file_NAME"
PLATFORM = re.compile(r"^(?P<name>.+?)_(?P<number>\d+)_assignsubmission_[a-z]+_?(?P<rest>.*)$", re.IGNORECASE)
SET_SUFFIX = re.compile(r"^(?P<who>.+?)[\s_.-]+(?P<set>\d\d-[a-z0-9-]+|\d\d)$", re.IGNORECASE)


def _names_in(file: str) -> list[tuple[str, str]]:
    """(how, name) pairs a submission's shown path may name its student by, most specific first."""
    first = file.split("/", 1)[0]
    is_folder = "/" in file
    base = first if is_folder else Path(first).stem
    names = [("name", base)]
    platform = PLATFORM.match(base)
    if platform:
        names += [("platform", platform.group("name")), ("number", platform.group("number"))]
        base = (
            platform.group("name")
            if is_folder
            else platform.group("rest") and Path(platform.group("rest")).stem
        )
    if not is_folder and base:
        suffix = SET_SUFFIX.match(base)
        if suffix:
            names.append(("prefix", suffix.group("who")))
    return names


def student_of(file: str, ids: list[str] | None = None) -> tuple[str | None, str]:
    """The student a submission belongs to, from its path as shown (``folder/name.ipynb`` or ``name.ipynb``)
    and, with a roster, its ids: a folder or file named by the id (letter case, accents and separators aside),
    a learning platform's folder or file ("Wen Li_4455_assignsubmission_file_/" for "Wen Li", "wen li" or
    "4455", or for "wen" if no other student's id fits), a file named ID_NOTEBOOK ("dmitri_02-industry-and-
    trade.ipynb"). Returns (student or None, why none)."""
    names = _names_in(file)
    if ids is None:
        chosen = next((n for how, n in names if how == "platform"), None) or next(
            (n for how, n in names if how == "prefix"), None
        )
        return (chosen or names[0][1]), ""
    folded: dict[str, list[str]] = {}
    for student in ids:
        folded.setdefault(fold(student), []).append(student)
    for how, name in names:
        found = folded.get(fold(name)) if how != "number" else [s for s in ids if s == name]
        if found and len(found) == 1:
            return found[0], ""
    # the first name, or a file beginning with an id: one student only
    words = {w for how, n in names if how in ("name", "platform", "prefix") for w in [fold(n)]}
    fits = [s for s in ids if any(w.startswith(fold(s) + " ") for w in words)]
    longest = max((len(fold(s)) for s in fits), default=0)
    fits = [s for s in fits if len(fold(s)) == longest]
    if len(fits) == 1:
        return fits[0], ""
    if len(fits) > 1:
        return None, f"its name could be any of {', '.join(fits)} on the roster"
    return None, "no student id of the roster is in its name"


# ------------------------------------------------------------------------------------------------
# Before grading: one copy of each notebook, and a bound on what the grader prepares


MAX_CELLS = 1000  # a notebook's cells (the exercise notebooks have under 100): preparing 3,000 took 9.5 s on a busy machine


def too_many_cells(data: bytes) -> str | None:
    """Why a notebook of too many cells is not graded (preparing 50,000 cells took the grader minutes, outside
    the time limit), or None."""
    from energycoop.data.notebook_file import parse_json

    try:
        cells = parse_json(data).get("cells")
    except Exception:
        return None  # reported as not a readable notebook
    if isinstance(cells, list) and len(cells) > MAX_CELLS:
        return (
            f"not graded: it has {len(cells):,} cells, more than a notebook of the exercises can have (at most "
            f"{MAX_CELLS:,}); hand in the exercise notebook itself"
        )
    return None


def same_student(name: str) -> str:
    """A student's name without a copy's mark ("ana (1)", a browser's second download) and in one Unicode
    form (NFC: "José" typed on two machines is one student)."""
    import re
    import unicodedata

    return re.sub(r" \(\d{1,3}\)$", "", unicodedata.normalize("NFC", name)) or name


def _set_of(data: bytes | None) -> str | None:
    from energycoop.data.notebook_file import parse_json

    if data is None:  # (nothing read: no set)
        return None
    try:
        meta = parse_json(data)["metadata"]["energycoop"]["exercises"]["set"]
    except Exception:
        return None
    return meta if isinstance(meta, str) else None


def one_copy_each(found: list[Submission]) -> None:
    """A student's copies of one notebook ("x.ipynb" and "x (1).ipynb", a re-upload) are graded once: the
    newest copy (last modified, then the last name), the others skipped with a row naming the one graded."""
    copies: dict[tuple[str, str], list[Submission]] = {}
    for item in found:
        if item.skip is None and item.student:
            set_name = _set_of(item.data)
            if set_name is not None:
                copies.setdefault((item.student, set_name), []).append(item)
    for (student, set_name), items in copies.items():
        if len(items) < 2:
            continue

        def newest(item: Submission) -> tuple:
            try:
                return (os.stat(item.path, follow_symlinks=False).st_mtime_ns, item.file)
            except OSError:
                return (0, item.file)

        kept = max(items, key=newest)
        for item in items:
            if item is not kept:
                item.skip, item.result = (
                    (
                        f"another copy of {set_name}.ipynb from {student}: only the newest copy, "
                        f"{kept.file}, is graded (move the one to grade into place, or delete "
                        "the others, and grade again)"
                    ),
                    "skipped",
                )


def for_console(text: str) -> str:
    """Student text as the teacher's terminal shows it: control characters (escape sequences that erase or
    forge lines, a carriage return, a bell) as visible escapes."""
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape", "backslashreplace").decode("ascii")
        for c in no_surrogates(str(text))
    )
