"""Where the collection lives, and where a command may write.

One place knows the repository root. Every command that writes or deletes asks this
module first, before a kernel starts or a file is touched:

- ``check_output_dir`` refuses the filesystem root, the home directory, the repository
  root, anything that contains one of those, a tracked path (a file or directory that
  git tracks, or anything inside one), ``.git`` and ``.venv``, a path that is a file,
  and a directory that cannot be written.
- ``claim_output_dir`` also refuses an existing directory that holds files the
  collection did not write: a directory is the collection's only if it carries the
  marker file ``MARKER``, which the collection writes into every directory it creates.
  Only such a directory is ever emptied (``empty_claimed_dir``).
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
from pathlib import Path

ROOT_VARIABLE = "ENERGYCOOP_ROOT"


class RootError(ValueError):
    """``ENERGYCOOP_ROOT`` names no collection; the message names the variable, its value and what is allowed."""


def _injected_root(text: str) -> Path:
    """The collection ``ENERGYCOOP_ROOT`` names: an absolute path to a directory holding ``notebooks/`` and
    ``data/`` (the tests point it at a tiny collection of fast notebooks in a temporary directory)."""
    allowed = "give the absolute path of a directory that holds notebooks/ and data/, or unset it"
    path = Path(text)
    if not text.strip() or any(ord(c) < 32 for c in text) or not path.is_absolute():
        raise RootError(f"{ROOT_VARIABLE}={text!r} is not an absolute path; {allowed}")
    missing = [name + "/" for name in ("notebooks", "data") if not (path / name).is_dir()]
    if missing:
        raise RootError(
            f"{ROOT_VARIABLE}={text!r} is not a collection: it has no {' and no '.join(missing)}; {allowed}"
        )
    return path.resolve()


def _find_root() -> Path:
    """The checkout the collection works on: the directory ``ENERGYCOOP_ROOT`` names if it is set
    (``_injected_root``); else the one this package lies in (``make``, ``pip install -e .``); for a copy
    installed with ``pip install .``, the nearest directory holding ``data/article.csv`` and ``notebooks/``
    at or above the working directory (a notebook's kernel starts in ``notebooks/``)."""
    if os.environ.get(ROOT_VARIABLE) is not None:
        return _injected_root(os.environ[ROOT_VARIABLE])
    here = Path(__file__).resolve().parents[3]
    for candidate in (here, Path.cwd(), *Path.cwd().parents):
        if (candidate / "data" / "article.csv").is_file() and (candidate / "notebooks").is_dir():
            return candidate
    return here


ROOT = _find_root()


def missing_collection(root: Path | None = None) -> str | None:
    """Why the commands have no collection to work on (a copy installed with ``pip install .`` run outside
    any checkout), or None when ``root`` (default ``ROOT``) holds ``notebooks/`` and ``data/``."""
    root = ROOT if root is None else root
    if (root / "notebooks").is_dir() and (root / "data").is_dir():
        return None
    return (
        f"no collection of notebooks here: neither {Path.cwd()} nor a folder above it holds data/article.csv "
        "and notebooks/; run energycoop inside a checkout of the collection, or set "
        f"{ROOT_VARIABLE} to the absolute path of one"
    )


NOTEBOOKS = ROOT / "notebooks"
DATA = ROOT / "data"
DERIVED = DATA / "derived"
FIGURES = ROOT / "figures"
RUNS = ROOT / "runs"
INTERACTIVE = RUNS / "interactive"  # outputs of notebooks run by hand at the default directories
SITE = ROOT / "site"

MARKER = ".energycoop-output"
ALWAYS_PROTECTED = (".git", ".venv")


# A notebook of the collection is named NN-topic.ipynb, the topic in lower-case words joined by hyphens: a
# copy that JupyterLab makes (NN-topic-Copy1.ipynb) or nbconvert writes (NN-topic.nbconvert.ipynb) is not one.
NOTEBOOK_NAME = re.compile(r"[0-9]{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.ipynb")


def numbered_notebooks(directory: Path) -> list[Path]:
    """The collection's notebooks in ``directory`` (``NN-topic.ipynb``), sorted: the one place that finds them."""
    return sorted(p for p in Path(directory).glob("[0-9][0-9]-*.ipynb") if NOTEBOOK_NAME.fullmatch(p.name))


class UnsafePath(ValueError):
    """A path a command may not write to; the message names it and says what is allowed."""


@functools.lru_cache(maxsize=1)
def tracked() -> frozenset[Path]:
    """Every path git tracks in the repository (absolute), or, outside a git checkout,
    every top-level entry but ``runs/`` and ``site/`` (taken as tracked, to be safe)."""
    try:
        listing = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=30
        ).stdout.decode("utf-8", "surrogateescape")
        files = [ROOT / name for name in listing.split("\0") if name]
    except (OSError, subprocess.SubprocessError):
        files = [p for p in ROOT.iterdir() if p.name not in ("runs", "site")]
    return frozenset(files)


@functools.lru_cache(maxsize=1)
def tracked_dirs() -> frozenset[Path]:
    """Every directory below the root that holds a tracked file (at any depth)."""
    dirs = set()
    for path in tracked():
        for parent in path.parents:
            if parent == ROOT:
                break
            dirs.add(parent)
    return frozenset(dirs)


def _display(path: Path) -> str:
    try:
        if path == ROOT:
            return "the repository root"
        return f"{path.relative_to(ROOT).as_posix()}{'/' if path.is_dir() else ''} in the repository"
    except ValueError:
        return str(path)


def resolve_path(path: str | Path, base: Path | None = None) -> Path:
    text = os.path.expanduser(str(path))
    if text.startswith("~"):
        raise UnsafePath(f"{str(path)!r} names a home directory that does not exist here")
    path = Path(text)
    if not path.is_absolute():
        path = (base or Path.cwd()) / path
    try:
        return path.resolve()
    except (OSError, RuntimeError) as exc:
        raise UnsafePath(f"{path}: cannot be resolved ({exc})") from None


def check_output_dir(path: str | Path, what: str = "the output directory", base: Path | None = None) -> Path:
    """Return ``path`` resolved (relative paths against ``base``, default the working directory)
    if a command may write into it; raise ``UnsafePath`` saying why not and what is allowed."""
    text = str(path)
    if not text.strip():
        raise UnsafePath(f"{what} is empty; give a path to a new or empty directory")
    if any(ord(c) < 32 for c in text):
        raise UnsafePath(f"{what} {text!r} contains a control character; give a plain path")
    try:
        return _check_output_dir(text, what, resolve_path(path, base))
    except OSError as exc:  # a name too long for the filesystem, a loop of links...
        raise UnsafePath(f"{what} {text[:80]!r} cannot be used: {exc.strerror or exc}") from None


# Inside the repository, outputs go only into these ignored directories.
WRITABLE_IN_REPOSITORY = ("runs", "site")


def _check_output_dir(text: str, what: str, resolved: Path) -> Path:
    allowed = "use a new or empty directory outside the committed files, such as runs/NAME"
    home = Path.home().resolve()
    if resolved == Path(resolved.anchor):
        raise UnsafePath(f"{what} {text!r} is the filesystem root; {allowed}")
    for precious, name in ((ROOT, "the repository root"), (home, "your home directory")):
        if resolved == precious:
            raise UnsafePath(f"{what} {text!r} is {name}; {allowed}")
        if resolved in precious.parents:
            raise UnsafePath(f"{what} {text!r} contains {name} ({precious}); {allowed}")
    if resolved == ROOT or ROOT in resolved.parents:
        relative = resolved.relative_to(ROOT)
        if relative.parts[0] in ALWAYS_PROTECTED:
            raise UnsafePath(f"{what} {text!r} is inside {relative.parts[0]}/; {allowed}")
        if (
            relative.parts[0] not in WRITABLE_IN_REPOSITORY
            and resolved not in tracked()
            and resolved not in tracked_dirs()
            and not any(p in tracked() | tracked_dirs() for p in resolved.parents)
        ):
            raise UnsafePath(
                f"{what} {text!r} is inside the repository, where outputs go only under "
                f"{' or '.join(d + '/' for d in WRITABLE_IN_REPOSITORY)}; {allowed}"
            )
        for candidate in (resolved, *resolved.parents):
            if candidate == ROOT:
                break
            if candidate in tracked():
                kind = "is" if candidate == resolved else "lies inside"
                raise UnsafePath(f"{what} {text!r} {kind} the tracked file {_display(candidate)}; {allowed}")
            if candidate in tracked_dirs():
                kind = "is" if candidate == resolved else "lies inside"
                raise UnsafePath(
                    f"{what} {text!r} {kind} {_display(candidate)}, which holds committed files; {allowed}"
                )
    if resolved.exists() and not resolved.is_dir():
        raise UnsafePath(f"{what} {text!r} is a file, not a directory; {allowed}")
    check_writable(resolved, what, text, allowed)
    return resolved


def check_writable(resolved: Path, what: str, text: str, allowed: str) -> None:
    """Refuse ``resolved`` (the output ``what``, given as ``text``) unless the nearest folder that exists
    on its way is one this user may write in."""
    existing = resolved
    while not existing.exists():
        existing = existing.parent
    if not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        raise UnsafePath(
            f"{what} {text!r} cannot be written: {existing} is not a writable directory; {allowed}"
        )


def is_claimed(directory: Path, command: str | None = None) -> bool:
    """True if ``directory`` carries the marker the collection writes into directories it made
    (and, if ``command`` is given, if that command made it)."""
    marker = directory / MARKER
    if not marker.is_file():
        return False
    if command is None:
        return True
    try:
        return json.loads(marker.read_text(encoding="utf-8")).get("written_by") == command
    except (OSError, ValueError, AttributeError):
        return False


def claim_output_dir(
    path: str | Path, command: str, what: str = "the output directory", base: Path | None = None
) -> Path:
    """Check ``path`` (``check_output_dir``), then refuse it if it exists, is not empty and carries
    no marker: its files are someone else's. Does not create anything; ``mark`` does."""
    resolved = check_output_dir(path, what, base)
    if resolved.is_dir() and is_claimed(resolved) and not is_claimed(resolved, command):
        raise UnsafePath(
            f"{what} {str(path)!r} was made by another command of the collection, not `{command}`; "
            "choose a new or empty directory"
        )
    if resolved.is_dir() and not is_claimed(resolved):
        try:
            entries = sorted(p.name for p in resolved.iterdir())
        except OSError as exc:
            raise UnsafePath(f"{what} {str(path)!r} cannot be read ({exc})") from None
        if entries:
            shown = ", ".join(entries[:5]) + (", ..." if len(entries) > 5 else "")
            raise UnsafePath(
                f"{what} {str(path)!r} already holds files that `{command}` did not write "
                f"({shown}); it only writes into a new or empty directory, or one it made before"
            )
    return resolved


def mark(directory: Path, command: str, files: list[str] | None = None) -> Path:
    """Create ``directory`` (and parents) and write the marker that proves the collection made it;
    ``files`` (paths relative to it) are the files the command wrote there, the only ones it may
    later delete."""
    directory.mkdir(parents=True, exist_ok=True)
    marker = directory / MARKER
    if not marker.exists() or files is not None:
        marker.write_text(
            json.dumps(
                {
                    "written_by": command,
                    "files": sorted(files or []),
                    "note": "made by the energy-cooperation notebooks; the command may delete "
                    "the files listed here, and only those",
                },
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
    return directory


def written_files(directory: Path) -> list[str]:
    """The files the marker of ``directory`` says the collection wrote there."""
    try:
        listed = json.loads((directory / MARKER).read_text(encoding="utf-8")).get("files", [])
    except (OSError, ValueError, AttributeError):
        return []
    return [f for f in listed if isinstance(f, str)]


def empty_claimed_dir(directory: Path, command: str | None = None) -> None:
    """Delete the files the marker of ``command`` in ``directory`` lists (checked again here), and the
    folders they leave empty; anything else in the directory is not the collection's and stays."""
    directory = directory.resolve()
    check_output_dir(directory)
    if not is_claimed(directory, command):
        raise UnsafePath(
            f"{directory} carries no {MARKER} marker of `{command}`: it was not made by it, "
            "so nothing in it is deleted"
        )
    for name in written_files(directory):
        entry = directory / name
        # only a file the marker lists, lying inside the directory (no "..", no link leading out)
        if (
            ".." in Path(name).parts
            or Path(name).is_absolute()
            or not entry.is_file()
            or entry.is_symlink()
            or directory not in entry.resolve().parents
        ):
            continue
        entry.unlink()
    for folder in sorted(
        (p for p in directory.rglob("*") if p.is_dir() and not p.is_symlink()),
        key=lambda p: len(p.parts),
        reverse=True,
    ):
        if not any(folder.iterdir()):
            folder.rmdir()


EXERCISE_FILE = NOTEBOOKS / "exercises" / "exercises.toml"  # the exercises, as data (``teaching.catalogue``)


def exercise_solutions(directory: Path = NOTEBOOKS) -> list[Path]:
    """The worked-solution notebooks of the exercises (``exercises/solutions/NN-*.ipynb``)."""
    return numbered_notebooks(Path(directory) / "exercises" / "solutions")


def student_path(solution: Path) -> Path:
    """Where the student version of a solution notebook lives (``exercises/NN-*.ipynb``)."""
    return solution.parent.parent / solution.name


def solution_of(student: Path, directory: Path = NOTEBOOKS) -> Path | None:
    """The solution notebook a student exercise notebook is generated from (None for other notebooks)."""
    for solution in exercise_solutions(directory):
        if student_path(solution).resolve() == Path(student).resolve():
            return solution
    return None
