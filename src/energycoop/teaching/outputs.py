"""Where the teacher's commands (``exercises --class``/``--variant`` and ``grade``) may write.

A teacher runs them from the clone, as the guide says: ``exercises --class roster.csv --out handout`` and
``grade DIR --out gradebook.csv``. So, beside what ``energycoop.data.paths.check_output_dir`` allows (outside
the repository, or under ``runs/``), these commands may create a **new** folder, or a new file, anywhere in
the clone that holds no committed file: its root and any untracked folder, never ``.git/``, ``.venv/``, a
folder holding committed files or a tracked path. What they create is new (a file is created exclusively;
a folder is new, empty or one the command made itself, ``claim_output_dir``), so nothing that the command
did not make is ever written over. A folder made inside the clone gets a ``.gitignore`` of ``*``: a class's
notebooks and marks are never committed by mistake.
"""

from __future__ import annotations

from pathlib import Path

from energycoop.data.paths import (
    ALWAYS_PROTECTED,
    ROOT,
    UnsafePath,
    check_output_dir,
    check_writable,
    claim_output_dir,
    is_claimed,
    resolve_path,
    tracked,
    tracked_dirs,
)

ALLOWED = (
    "use a new folder (or a folder of your own outside the committed files), such as handout/ or runs/NAME/"
)


def in_clone(resolved: Path) -> bool:
    """True if ``resolved`` is the repository root or lies inside it."""
    return resolved == ROOT or ROOT in resolved.parents


def _committed_near(resolved: Path, what: str, text: str) -> None:
    """``UnsafePath`` if ``resolved`` (in the clone, not its root) is or lies inside .git/, .venv/, a tracked
    file or a folder holding committed files."""
    relative = resolved.relative_to(ROOT)
    if relative.parts[0] in ALWAYS_PROTECTED:
        raise UnsafePath(f"{what} {text!r} is inside {relative.parts[0]}/; {ALLOWED}")
    for candidate in (resolved, *resolved.parents):
        if candidate == ROOT:
            break
        kind = "is" if candidate == resolved else "lies inside"
        if candidate in tracked():
            raise UnsafePath(
                f"{what} {text!r} {kind} the tracked file {candidate.relative_to(ROOT).as_posix()}; {ALLOWED}"
            )
        if candidate in tracked_dirs():
            raise UnsafePath(
                f"{what} {text!r} {kind} {candidate.relative_to(ROOT).as_posix()}/ in the repository, "
                f"which holds committed files; {ALLOWED}"
            )


def _writable(resolved: Path, what: str, text: str) -> None:
    check_writable(resolved, what, text, ALLOWED)


def output_dir(path, command: str, what: str = "the output directory") -> Path:
    """The folder ``command`` may write its files into (resolved): anything ``claim_output_dir`` allows, and
    in the clone a new or empty folder, or one ``command`` made, where no committed file lies. Raises
    ``UnsafePath`` naming it and what is allowed; writes nothing."""
    text = str(path)
    resolved = resolve_path(path) if text.strip() and not any(ord(c) < 32 for c in text) else None
    if resolved is None or not in_clone(resolved) or resolved == ROOT:
        return claim_output_dir(path, command, what)
    relative = resolved.relative_to(ROOT)
    if relative.parts[0] in ("runs", "site"):
        return claim_output_dir(path, command, what)
    _committed_near(resolved, what, text)
    if resolved.exists() and not resolved.is_dir():
        raise UnsafePath(f"{what} {text!r} is a file, not a directory; {ALLOWED}")
    if resolved.is_dir() and not is_claimed(resolved, command):
        entries = sorted(p.name for p in resolved.iterdir())
        if entries:
            shown = ", ".join(entries[:5]) + (", ..." if len(entries) > 5 else "")
            raise UnsafePath(
                f"{what} {text!r} already holds files that `{command}` did not write ({shown}); it only "
                "writes into a new or empty folder, or one it made before"
            )
    _writable(resolved, what, text)
    return resolved


def new_file_folder(path, what: str) -> Path:
    """The folder a new file (``grade --out``'s gradebook, created exclusively) may go into, resolved: any
    writable folder outside the clone (home included), and in the clone its root or any folder holding no
    committed file; it may not exist yet (it is made). Raises ``UnsafePath``; writes nothing."""
    text = str(path)
    if not text.strip():
        text = "."
    if any(ord(c) < 32 for c in text):
        raise UnsafePath(f"{what} {text!r} contains a control character; give a plain path")
    resolved = resolve_path(text)
    if in_clone(resolved) and resolved != ROOT:
        relative = resolved.relative_to(ROOT)
        if relative.parts[0] in ("runs", "site"):
            return check_output_dir(text, what)
        _committed_near(resolved, what, text)
    if resolved.exists() and not resolved.is_dir():
        raise UnsafePath(f"{what} {text!r} is a file, not a directory; {ALLOWED}")
    _writable(resolved, what, text)
    return resolved


def ignore_in_clone(folder: Path) -> None:
    """A folder a command made inside the clone (outside runs/ and site/, which git ignores) gets a
    ``.gitignore`` of ``*``, so that a class's files are never committed by mistake."""
    resolved = folder.resolve()
    if (
        in_clone(resolved)
        and resolved != ROOT
        and resolved.relative_to(ROOT).parts[0] not in ("runs", "site")
    ):
        ignore = resolved / ".gitignore"
        if not ignore.exists():
            ignore.write_text(
                "# made by the energy-cooperation notebooks: a class's files, never committed\n*\n",
                encoding="utf-8",
            )
