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
from dataclasses import dataclass
from pathlib import Path

from energycoop.data.paths import UnsafePath
from energycoop.teaching.variants import MAX_SEED

MAX_BYTES = 50 * 1024**2  # largest submission read


def shown_name(name: str) -> str:
    """A file name as a message shows it: odd bytes (``\\xe9``), control characters and backslashes (``\\\\``)
    escaped, so that two names never look alike."""
    return "".join(f"\\x{ord(c) - 0xDC00:02x}" if "\udc80" <= c <= "\udcff" else "\\\\" if c == "\\" else
                   c if c.isprintable() else c.encode("unicode_escape").decode("ascii")
                   for c in name)


def file_stem(name: str) -> str:
    """A name safe as a file name (for a student's feedback file)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", shown_name(name)).strip("._") or "student"
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
        if not (seed.isascii() and seed.isdigit()) or not 0 <= int(seed) <= MAX_SEED:
            raise UnsafePath(f"the roster {str(path)!r}, row {number}, column {rows[0][where]!r} is {seed!r}: give a "
                             f"whole number from 0 to {MAX_SEED:,}")
        if student in roster:
            raise UnsafePath(f"the roster {str(path)!r}, row {number}: student {student!r} is listed twice")
        roster[student] = int(seed)
    return roster


