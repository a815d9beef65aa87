"""The variant and class commands: a student's variant of the four notebooks, their worksheets and the
answer key (``write_variant``), and one for each student of a class list (``write_class``).

They write only into a new or empty directory, or one they made, and never replace a file they did not
write or one of theirs changed since (``_write_claimed``).
"""

from __future__ import annotations

import re

from energycoop.data.params import ParameterError
from energycoop.teaching.keys import key_version
from energycoop.teaching.student import student_version
from energycoop.teaching.variants import MAX_SEED, variant_seed
from energycoop.teaching.worksheets import worksheet_html

VARIANT_COMMAND = "exercises"
MANIFEST = ".energycoop-exercises.json"  # what this command wrote, with each file's hash
STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def _hash(path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _variant_files(seed: int, graded: bool) -> list[tuple[str, str]]:
    """(file name, text) of one variant: the student notebooks and worksheets, and under ``key/`` the answer
    key notebooks and worksheets."""
    import nbformat

    from energycoop.data.paths import exercise_solutions

    files = []
    for source in exercise_solutions():
        solution = nbformat.read(source, as_version=4)
        student = student_version(solution, seed, graded)
        files.append((source.name, nbformat.writes(student)))
        files.append((f"{source.stem}-worksheet.html", worksheet_html(student)))
        key = key_version(solution, seed)
        files.append((f"key/{source.stem}-key.ipynb", nbformat.writes(key)))
        files.append((f"key/{source.stem}-key.html", worksheet_html(student, answers=True)))
    return files


def _write_claimed(out, files: list[tuple[str, str]]) -> list:
    """Write ``files`` (relative name, text) into ``out``, a new or empty directory or one this command made
    (``energycoop.data.paths.claim_output_dir``). A file is replaced or removed only if this command wrote it and
    it is unchanged since (its hash in ``MANIFEST``): a student's notebook saved over one of them, or any file
    the command did not make, stops the command before anything is written (``UnsafePath`` names it)."""
    import json

    from energycoop.data.paths import UnsafePath, claim_output_dir, is_claimed, mark

    target = claim_output_dir(out, VARIANT_COMMAND, "the exercises' output directory")
    manifest = {}
    if is_claimed(target, VARIANT_COMMAND) and (target / MANIFEST).is_file():
        try:
            manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8")).get("files", {})
        except (OSError, ValueError, AttributeError):
            manifest = {}
    names = {name for name, _ in files}
    for name in sorted(names | set(manifest)):
        path = target / name
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise UnsafePath(f"{path} is not a plain file; nothing was written")
        if path.exists() and (name not in manifest or _hash(path) != manifest[name]):
            raise UnsafePath(f"{path} was not written by `{VARIANT_COMMAND}` or was changed since (a student's "
                             "filled notebook?); it is not replaced: move it away or choose another --out. "
                             "Nothing was written")
    for name in set(manifest) - names:  # files of an earlier run that this run does not write
        if (target / name).is_file():
            (target / name).unlink()
    written = []
    hashes = {}
    for name, text in files:
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        hashes[name] = _hash(path)
        written.append(path)
    mark(target, VARIANT_COMMAND, sorted(names | {MANIFEST}))
    (target / MANIFEST).write_text(json.dumps({"written_by": VARIANT_COMMAND, "files": hashes}, indent=1) + "\n",
                                   encoding="utf-8")
    return written


def write_variant(seed: int, out, graded: bool = False) -> list:
    """Write the student notebooks of variant ``seed``, their printable worksheets, and the answer key (a key
    notebook and a key worksheet per notebook, under ``key/``) into ``out``. With ``graded``, the notebooks'
    checks only record answers. Raises ``UnsafePath`` before anything is written (``_write_claimed``)."""
    variant_seed("seed", seed)
    return _write_claimed(out, _variant_files(seed, graded))


def read_roster(path) -> list[tuple[str, int]]:
    """A class list: a CSV file with a header naming a student column (``student``, ``id``, ``student_id``
    or ``name``) and a ``seed`` column, one row per student. Returns (student id, seed) in order; raises
    ``ParameterError`` naming the file, row, column, value and what is allowed."""
    import csv
    from pathlib import Path

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ParameterError(f"class list {path}: cannot be read as a UTF-8 text file ({exc})") from None
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise ParameterError(f"class list {path}: empty; write a header 'student,seed' and one row per student")
    delimiter = max(",;\t", key=lambda d: lines[0].count(d))
    rows = list(csv.reader(lines, delimiter=delimiter))
    header = [h.strip().lower() for h in rows[0]]
    student_col = next((i for i, h in enumerate(header) if h in ("student", "id", "student_id", "student id", "name")),
                       None)
    seed_col = next((i for i, h in enumerate(header) if h == "seed"), None)
    if student_col is None or seed_col is None:
        raise ParameterError(f"class list {path}, row 1: the header {rows[0]!r} must name a 'student' column and a "
                             "'seed' column")
    result, seen, seeds = [], set(), {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        student = row[student_col].strip() if student_col < len(row) else ""
        seed_text = row[seed_col].strip() if seed_col < len(row) else ""
        if not STUDENT_ID.fullmatch(student):
            raise ParameterError(f"class list {path}, row {number}, column {rows[0][student_col]!r}: {student!r} is not "
                                 "allowed: a student id is 1 to 64 letters, digits, '.', '_' or '-', starting with a "
                                 "letter or digit (it names the student's folder)")
        if student.lower() in seen:
            raise ParameterError(f"class list {path}, row {number}, column {rows[0][student_col]!r}: {student!r} "
                                 "appears twice; each student once")
        if not seed_text.isdigit() or not 1 <= int(seed_text) <= MAX_SEED:
            raise ParameterError(f"class list {path}, row {number}, column {rows[0][seed_col]!r}: {seed_text!r} is not "
                                 f"allowed: a seed is a whole number from 1 to {MAX_SEED:,} (0 is the article's own "
                                 "numbers, the committed notebooks)")
        seen.add(student.lower())
        seeds.setdefault(int(seed_text), []).append(student)
        result.append((student, int(seed_text)))
    if not result:
        raise ParameterError(f"class list {path}: no student rows under the header")
    return result


def write_class(roster, out, graded: bool = False) -> tuple[list, list[str]]:
    """One variant and one answer key per student of a class list (``read_roster``): ``students/ID/`` holds
    the student's notebooks and worksheets (to hand out), ``keys/ID/`` the key notebooks and key worksheets
    (for the teacher), and ``class.csv`` the student, seed and folders. Returns the files written and warnings
    (two students sharing a seed)."""
    import csv
    import io

    students = read_roster(roster)
    files: list[tuple[str, str]] = []
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow(["student", "seed", "notebooks", "key"])
    by_seed: dict[int, list[tuple[str, str]]] = {}
    for student, seed in students:
        if seed not in by_seed:
            by_seed[seed] = _variant_files(seed, graded)
        for name, text in by_seed[seed]:
            folder = "keys" if name.startswith("key/") else "students"
            files.append((f"{folder}/{student}/{name.removeprefix('key/')}", text))
        writer.writerow([student, seed, f"students/{student}/", f"keys/{student}/"])
    files.append(("class.csv", table.getvalue()))
    shared = {}
    for student, seed in students:
        shared.setdefault(seed, []).append(student)
    warnings = [f"students {', '.join(names)} share seed {seed}: their numbers are the same"
                for seed, names in shared.items() if len(names) > 1]
    return _write_claimed(out, files), warnings
