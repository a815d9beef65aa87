"""What ``make run`` knows of each notebook's last run: digests of what it read and wrote, kept in
``runs/.state/make-run.json``, and the pairing of each notebook with its py:percent text file
(``sync_pairs``: an edited side is carried to the other before anything runs)."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from energycoop.build import catalogue
from energycoop.data.paths import EXERCISE_FILE, ROOT, RUNS, solution_of

STATE = RUNS / ".state" / "make-run.json"  # what each notebook's last successful run read and wrote
LIBRARY = Path(__file__).resolve().parents[1]  # the whole energycoop package


def _digest(parts: list[bytes]) -> str:
    import hashlib

    total = hashlib.sha256()
    for part in parts:
        total.update(hashlib.sha256(part).digest())
    return total.hexdigest()


def _file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b"<missing>"


def source_digest(path: Path) -> str:
    """A notebook's source: its cells' kinds, text and tags and its declaration, not its outputs."""
    import json

    return _source_digest(json.loads(Path(path).read_text(encoding="utf-8")))


def _source_digest(nb: dict) -> str:
    import json

    cells = [
        [
            c["cell_type"],
            "".join(c["source"]) if isinstance(c["source"], list) else c["source"],
            c.get("metadata", {}).get("tags", []),
        ]
        for c in nb["cells"]
    ]
    return _digest([json.dumps([cells, nb.get("metadata", {}).get(catalogue.KEY)]).encode()])


def library_digest() -> str:
    """The library's code, the exercises file (the exercises as data) and the pinned requirements: a change
    to any reruns everything."""
    files = sorted(LIBRARY.rglob("*.py")) + sorted((LIBRARY / "site_template").rglob("*"))
    return _digest(
        [str(f.relative_to(LIBRARY)).encode() + _file(f) for f in files if f.is_file()]
        + [_file(EXERCISE_FILE), _file(ROOT / "requirements.txt")]
    )


def input_digest(entry: catalogue.Entry, library: str) -> str:
    """Everything a notebook's run depends on: its source (a student notebook's: its solution's), the
    files it declares it reads, the library and the requirements."""
    source = solution_of(entry.path) or entry.path
    return _digest(
        [source_digest(source).encode(), library.encode()]
        + [p.encode() + _file(ROOT / p) for p in entry.reads]
    )


def output_digest(entry: catalogue.Entry) -> str:
    """What a notebook's run wrote: the executed notebook and the declared outputs, as they are now."""
    return _digest([_file(entry.path)] + [p.encode() + _file(ROOT / p) for p in entry.writes])


def state_key(path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(Path(path).resolve())


def read_state() -> dict:
    import json

    try:
        state = json.loads(STATE.read_text(encoding="utf-8"))
        return state if isinstance(state, dict) else {}
    except (OSError, ValueError):
        return {}


def write_state(state: dict) -> None:
    import json

    STATE.parent.mkdir(parents=True, exist_ok=True)
    scratch = STATE.with_suffix(f".{os.getpid()}.tmp")
    scratch.write_text(json.dumps(state, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(scratch, STATE)


def text_file(notebook: Path) -> Path:
    """The jupytext text file paired with ``notebook`` (``NN-topic.py`` beside ``NN-topic.ipynb``)."""
    return Path(notebook).with_suffix(".py")


class PairConflict(RuntimeError):
    """A notebook and its text file were both edited, differently; the message names both files."""


def _committed_digests(notebook: Path) -> dict[str, str | None]:
    """The digests (as in the state's ``pairs`` records) of ``notebook`` and its text file as committed at
    git's HEAD; None for a file git does not have (or outside a git checkout)."""
    import json
    import subprocess

    found: dict[str, str | None] = {}
    for kind, path in (("ipynb", notebook), ("py", text_file(notebook))):
        try:
            blob = subprocess.run(
                ["git", "show", f"HEAD:{Path(path).resolve().relative_to(ROOT).as_posix()}"],
                cwd=ROOT,
                capture_output=True,
                check=True,
                timeout=30,
            ).stdout
        except (OSError, ValueError, subprocess.SubprocessError):
            found[kind] = None
            continue
        if kind == "py":
            found[kind] = _digest([blob])
            continue
        try:
            found[kind] = _source_digest(json.loads(blob))
        except (ValueError, KeyError, TypeError):
            found[kind] = None
    return found


def _pair_text(notebook: Path) -> str:
    """The text file that ``notebook``'s cells make (py:percent, with the collection's jupytext settings)."""
    import jupytext
    from jupytext.config import load_jupytext_config

    return jupytext.writes(
        jupytext.read(notebook), fmt="py:percent", config=load_jupytext_config(str(Path(notebook).parent))
    )


def sync_pairs(paths: list[Path], state: dict, stream=None) -> list[Path]:
    """Bring each notebook and its text file into step, keeping the edit whichever file holds it.

    A pair whose two files are as they were at the last check is skipped without loading jupytext,
    so an unchanged collection costs no time. A pair whose files say the same (JupyterLab with
    jupytext saves both) is only recorded. Otherwise the file that changed since the last check (or,
    since git's HEAD) is the edit: a changed text file updates the notebook's
    cells, keeping its outputs; a changed notebook rewrites its text file. If both changed and they
    differ, ``PairConflict`` names both and neither is touched. Returns the notebooks whose source
    changed."""
    stream = stream or sys.stdout
    pairs = state.setdefault("pairs", {})
    changed = []
    for path in paths:
        text = text_file(path)
        digests = {"ipynb": source_digest(path), "py": _digest([_file(text)])}
        recorded = pairs.get(state_key(path))
        if recorded == digests:
            continue
        if text.is_file() and _pair_text(path) == text.read_text(encoding="utf-8"):
            pairs[state_key(path)] = digests
            continue
        # A file is the edit if it differs both from the pair as last checked here and from git's HEAD (after
        # `git checkout -- FILE` or a pull, a file that equals HEAD is not an edit).
        committed = _committed_digests(path)
        edited = {
            kind: digests[kind] != (recorded or {}).get(kind) and digests[kind] != committed[kind]
            for kind in ("ipynb", "py")
        }
        if not edited["ipynb"] and not edited["py"]:
            raise PairConflict(
                f"{state_key(path)} and its text file {state_key(text)} say different things as they are (neither was edited "
                "since git's HEAD or the last check), so neither is changed: edit the one that is wrong to match, "
                "then run this again"
            )
        if edited["ipynb"] == edited["py"]:
            raise PairConflict(
                f"{state_key(path)} and its text file {state_key(text)} were both edited and now differ, so neither is "
                "changed: keep the edit you want and undo the other (`git checkout -- FILE` puts a file back as "
                "committed), then run this again"
            )
        from jupytext.cli import jupytext as jupytext_cli

        command = (
            ["--update", "--to", "ipynb", str(text)] if edited["py"] else ["--to", "py:percent", str(path)]
        )
        with (
            open(os.devnull, "w") as quiet,
            contextlib.redirect_stdout(quiet),
            contextlib.redirect_stderr(quiet),
        ):
            jupytext_cli(["--quiet", *command])
        after = {"ipynb": source_digest(path), "py": _digest([_file(text)])}
        if after["ipynb"] != digests["ipynb"]:
            changed.append(path)
        source, other = (text, path) if edited["py"] else (path, text)
        print(
            f"synced {label(other) if other.suffix == '.ipynb' else other.name} from its edited "
            f"{'text file' if edited['py'] else 'notebook'} {source.name}",
            file=stream,
            flush=True,
        )
        pairs[state_key(path)] = after
    return changed


def out_of_date(entries: list[catalogue.Entry], state: dict | None = None) -> dict[Path, str]:
    """The notebooks that must run again, each with the reason: never run here, a changed input (its
    source, a file it reads, the library, the requirements), outputs changed since its run, or an
    upstream notebook that runs again."""
    state = read_state() if state is None else state
    library = library_digest()
    reasons: dict[Path, str] = {}
    for entry in entries:
        record = state.get(state_key(entry.path))
        if not record:
            reasons[entry.path] = "no earlier run recorded in this checkout"
        elif record.get("inputs") != input_digest(entry, library):
            reasons[entry.path] = "its source, a file it reads, the library or the requirements changed"
        elif record.get("outputs") != output_digest(entry):
            reasons[entry.path] = "its outputs changed since its last run"
    for path in catalogue.downstream_closure(entries, set(reasons)) - set(reasons):
        reasons[path] = "a notebook it reads from runs again"
    return reasons


def label(path: Path) -> str:
    """How a run names a notebook: its file name, or ``exercises/NAME`` for an exercise notebook."""
    return str(path.relative_to(path.parents[1])) if "exercises" in path.parts else path.name
