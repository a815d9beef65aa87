"""What the sandbox hides of the teacher's files while a class is graded, and whether a submission changed
meanwhile (split from ``grading``)."""

from __future__ import annotations

from pathlib import Path

from energycoop.data.paths import ROOT
from energycoop.teaching.sandbox_setup import SOURCE_ROOT
from energycoop.teaching.submissions import Submission, read_file


def shown_folders() -> list[Path]:
    import sys

    return [
        p.resolve()
        for p in (
            ROOT,
            SOURCE_ROOT,
            Path(sys.prefix),
            Path(sys.base_prefix),
            Path(sys.executable).resolve().parent,
        )
    ]


def hidden(folders: list[Path], files: list[Path]) -> list[Path]:
    """What the sandbox hides for these folders: each folder, but where a folder is one the sandbox must show
    (the clone, which holds the library and its environment, or a folder above it: a gradebook or roster in
    the clone's root), the files instead."""
    needed = shown_folders()
    if any(n == f or f in n.parents for f in folders for n in needed):
        return [f for f in folders if not any(n == f or f in n.parents for n in needed)] + [
            f.resolve() if f.exists() else f.parent.resolve() / f.name for f in files
        ]
    return folders


def untracked_in_clone() -> list[Path]:
    """The clone's own entries that git does not track (a handout with its keys, gradebooks, class lists, a
    folder of submissions made inside the clone): hidden from student code, folders and files alike; the
    environment (``.venv/``) and the git folder stay."""
    from energycoop.data.paths import tracked, tracked_dirs

    needed = shown_folders()
    known = tracked() | tracked_dirs()
    found = []
    for entry in sorted(ROOT.iterdir()):
        if entry.name in (".git", ".venv") or entry in known or entry.is_symlink():
            continue
        if any(n == entry or entry in n.parents for n in needed):
            continue
        found.append(entry)
    return found


def changed(item: Submission) -> str | None:
    _, digest, problem = read_file(item.path)
    if problem or digest != item.digest:
        return (
            "the file changed while it was graded (or was removed): the gradebook grades the version read at "
            f"the start (sha256 {item.digest[:12]}); check the current one"
        )
    return None
