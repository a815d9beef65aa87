"""The variant and class commands: a student's variant of the four notebooks, their worksheets and the
answer key (``write_variant``), and one for each student of a class list (``write_class``).

They write only into a new or empty directory, or one they made, and never replace a file they did not
write or one of theirs changed since (``_write_claimed``).
"""

from __future__ import annotations

import os

from energycoop.teaching.keys import key_version
from energycoop.teaching.student import student_version
from energycoop.teaching.submissions import read_class_list
from energycoop.teaching.variants import variant_seed
from energycoop.teaching.worksheets import with_student, worksheet_html

VARIANT_COMMAND = "exercises"
MANIFEST = ".energycoop-exercises.json"  # what this command wrote, with each file's hash


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


def _inside_target(target, name) -> None:
    """Refuse (``UnsafePath``, nothing written) a name that leaves ``target`` (``..``, an absolute path) or
    that passes through a folder that is a link or not a folder (a link would write or delete outside)."""
    from pathlib import PurePosixPath

    from energycoop.data.paths import UnsafePath

    parts = PurePosixPath(str(name)).parts
    if (
        not isinstance(name, str)
        or not parts
        or PurePosixPath(name).is_absolute()
        or "\\" in name
        or any(p in ("..", ".") for p in parts)
    ):
        raise UnsafePath(
            f"the name {name!r} in {target / MANIFEST} leaves the output folder {target} (only "
            "names inside it are allowed); nothing was written or removed"
        )
    folder = target
    for part in parts[:-1]:
        folder = folder / part
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            raise UnsafePath(
                f"{folder} is not a plain folder (a link?): `{VARIANT_COMMAND}` never writes "
                "through it; move it away. Nothing was written"
            )


def _write_claimed(out, files: list[tuple[str, str]]) -> list:
    """Write ``files`` (relative name, text) into ``out``, a new or empty directory or one this command made
    (``energycoop.data.paths.claim_output_dir``). A file is replaced or removed only if this command wrote it and
    it is unchanged since (its hash in ``MANIFEST``): a student's notebook saved over one of them, or any file
    the command did not make, stops the command before anything is written (``UnsafePath`` names it)."""
    import json

    from energycoop.data.paths import UnsafePath, is_claimed, mark
    from energycoop.teaching.outputs import ignore_in_clone, output_dir

    target = output_dir(out, VARIANT_COMMAND, "the exercises' output directory")
    manifest = {}
    if is_claimed(target, VARIANT_COMMAND) and (target / MANIFEST).is_file():
        try:
            manifest = json.loads((target / MANIFEST).read_text(encoding="utf-8")).get("files", {})
        except (OSError, ValueError, AttributeError):
            manifest = {}
    if not isinstance(manifest, dict):
        manifest = {}
    names = {name for name, _ in files}
    for name in sorted(names | set(manifest)):
        _inside_target(target, name)
        path = target / name
        if path.is_symlink() or (path.exists() and not path.is_file()):
            raise UnsafePath(f"{path} is not a plain file; nothing was written")
        if path.exists() and (name not in manifest or _hash(path) != manifest[name]):
            raise UnsafePath(
                f"{path} was not written by `{VARIANT_COMMAND}` or was changed since (a student's "
                "filled notebook?); it is not replaced: move it away or choose another --out. "
                "Nothing was written"
            )
    for name in set(manifest) - names:  # files of an earlier run that this run does not write
        if (target / name).is_file():
            (target / name).unlink()
    written = []
    hashes = {}
    for name, text in files:
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        _inside_target(target, name)  # a folder swapped for a link meanwhile is never written through
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o644)
        with open(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        hashes[name] = _hash(path)
        written.append(path)
    mark(target, VARIANT_COMMAND, sorted(names | {MANIFEST}))
    ignore_in_clone(target)
    (target / MANIFEST).write_text(
        json.dumps({"written_by": VARIANT_COMMAND, "files": hashes}, indent=1) + "\n", encoding="utf-8"
    )
    return written


def write_variant(seed: int, out, graded: bool = False) -> list:
    """Write the student notebooks of variant ``seed``, their printable worksheets, and the answer key (a key
    notebook and a key worksheet per notebook, under ``key/``) into ``out``. With ``graded``, the notebooks'
    checks only record answers. Raises ``UnsafePath`` before anything is written (``_write_claimed``)."""
    variant_seed("seed", seed)
    return _write_claimed(out, _variant_files(seed, graded))


def read_roster(path) -> list[tuple[str, int]]:
    """A class list (``submissions.read_class_list``, seeds from 1): (student id, seed) in order."""
    return read_class_list(path, lowest_seed=1).students


def write_class(roster, out, graded: bool = False) -> tuple[list, list[str]]:
    """One variant and one answer key per student of a class list (``read_roster``): ``students/ID/`` holds
    the student's notebooks and worksheets (to hand out), ``keys/ID/`` the key notebooks and key worksheets
    (for the teacher), and ``class.csv`` the student, seed and folders. Returns the files written and warnings
    (two students sharing a seed)."""
    import csv
    import io

    roster = read_class_list(roster, lowest_seed=1)
    students = roster.students
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
            shown = (
                with_student(text, student) if name.endswith(".html") else text
            )  # printed copies carry the id
            files.append((f"{folder}/{student}/{name.removeprefix('key/')}", shown))
        writer.writerow([student, seed, f"students/{student}/", f"keys/{student}/"])
    files.append(
        ("class.csv", "\ufeff" + table.getvalue())
    )  # a byte-order mark: a spreadsheet reads "García" right
    return _write_claimed(out, files), roster.warnings
