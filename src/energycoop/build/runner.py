"""Execute the collection's notebooks with papermill, leaving no run metadata behind.

papermill records start and end times in the notebook's and every cell's metadata;
nbclient adds per-cell execution timestamps. Both are stripped, so executing a
notebook twice gives the same file.

``run_all`` (``make run``) never leaves the tree half-updated. Each notebook runs with
``ENERGYCOOP_OUTPUT_DIR`` pointing at a staging directory of its own (under the ignored
``runs/.staging/``, on the same filesystem as the tree), so its derived table and figures
land there, and its executed notebook too (a student exercise notebook is generated there
from its solution). Only when every cell has run are the figures, the table and the
notebook moved into place, together, with Ctrl-C held off for those few renames. A failed
or interrupted run leaves the committed files as they were. Worker processes watch their
parent and exit if it is killed, and kernels watch theirs.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from energycoop.build import catalogue
from energycoop.data.params import OUTPUT_REDIRECT
from energycoop.data.paths import (
    DERIVED,
    EXERCISE_FILE,
    FIGURES,
    NOTEBOOKS,
    ROOT,
    RUNS,
    exercise_solutions,
    mark,
    numbered_notebooks,
    solution_of,
    student_path,
)

STAGING = RUNS / ".staging"
STATE = RUNS / ".state" / "make-run.json"  # what each notebook's last successful run read and wrote
LIBRARY = Path(__file__).resolve().parents[1]  # the whole energycoop package


class NotebookFailed(RuntimeError):
    """A cell raised an error; the message names the notebook, the cell and the error."""


def coalesce_streams(outputs: list) -> list:
    """Merge consecutive stream outputs of the same name (stdout, stderr) into one.

    How a kernel splits printed text into messages depends on timing; merged, the
    stored output is the same on every run.
    """
    merged: list = []
    for output in outputs:
        if (merged and output.get("output_type") == "stream" and merged[-1].get("output_type") == "stream"
                and merged[-1].get("name") == output.get("name")):
            merged[-1]["text"] = merged[-1]["text"] + output["text"]
        else:
            merged.append(output)
    return merged


def strip_run_metadata(nb):
    """Remove papermill's and nbclient's timing metadata from ``nb`` and merge split
    stream outputs (in place); return ``nb``."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    return nb


def failed_cell(nb) -> str:
    """Describe the first cell whose output is an error: its number, first source line and error."""
    code_number = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        code_number += 1
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first_line = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
                return (f"code cell {code_number} ({first_line!r}): "
                        f"{output.get('ename', 'Error')}: {output.get('evalue', '')}")
    return "no cell recorded an error"


@contextlib.contextmanager
def kernel_log(path: Path):
    """Send this process's file descriptor 2, which kernels inherit, to ``path`` while executing.

    Kernels print start-up and shutdown chatter there (an unencrypted-TCP warning on every
    start); cell output does not go there, it travels over the kernel's messages.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    with open(path, "ab") as log:
        os.dup2(log.fileno(), 2)
    try:
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


def execute(notebook: Path, output: Path | None = None, parameters: dict | None = None,
            cwd: Path | None = None):
    """Execute ``notebook`` with papermill and write it to ``output`` (default: in place).

    Raises ``NotebookFailed`` naming the cell and message if a cell fails; the output
    file is then left untouched.
    """
    import nbformat
    import papermill
    from nbclient.exceptions import DeadKernelError

    notebook = Path(notebook)
    output = Path(output) if output else notebook
    cwd = Path(cwd) if cwd else notebook.parent
    os.environ.setdefault("JUPYTER_RUNTIME_DIR", tempfile.gettempdir())
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / notebook.name
        try:
            for attempt in (1, 2):
                try:
                    with kernel_log(Path(tmp) / "kernel.log"):
                        papermill.execute_notebook(
                            str(notebook), str(scratch), parameters=parameters or {}, cwd=str(cwd),
                            kernel_name="python3", progress_bar=False, log_output=False,
                        )
                    break
                except RuntimeError as exc:
                    # A kernel that dies before it answers (two kernels drew the same free port, which
                    # happens under load) ran no cell: start it once more.
                    if attempt == 2 or "Kernel died before replying" not in str(exc):
                        raise
        except DeadKernelError as exc:
            raise NotebookFailed(f"{notebook.name}: its kernel died while running it (stopped from outside, or out "
                                 "of memory); nothing was written") from exc
        except papermill.PapermillExecutionError as exc:
            nb = nbformat.read(scratch, as_version=4)
            raise NotebookFailed(f"{notebook.name}: {failed_cell(nb)}") from exc
        except Exception:
            # Not a cell error (the kernel did not start, died...): show what the kernel said.
            sys.stderr.write((Path(tmp) / "kernel.log").read_text(errors="replace"))
            raise
        nb = strip_run_metadata(nbformat.read(scratch, as_version=4))
    output.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, output)
    return nb


def notebooks_in_order(directory: Path = NOTEBOOKS) -> list[Path]:
    """The collection's notebooks, in reading order (``NN-topic.ipynb``, sorted)."""
    return numbered_notebooks(directory)


def all_notebooks(directory: Path = NOTEBOOKS) -> list[Path]:
    """Everything ``make run`` executes: the numbered notebooks, the exercise solutions, the student versions."""
    solutions = exercise_solutions(directory)
    return notebooks_in_order(directory) + solutions + [student_path(s) for s in solutions]


def entry_of(path: Path) -> catalogue.Entry:
    """The declaration that governs ``path``: its own, or, for a student exercise notebook (generated
    afresh on every run), its solution's."""
    solution = solution_of(path)
    declared = catalogue.declaration(solution or path)
    return catalogue.Entry(Path(path).resolve(), declared.reads, declared.writes)


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

    cells = [[c["cell_type"], "".join(c["source"]) if isinstance(c["source"], list) else c["source"],
              c.get("metadata", {}).get("tags", [])] for c in nb["cells"]]
    return _digest([json.dumps([cells, nb.get("metadata", {}).get(catalogue.KEY)]).encode()])


def library_digest() -> str:
    """The library's code, the exercises file (the exercises as data) and the pinned requirements: a change
    to any reruns everything."""
    files = sorted(LIBRARY.rglob("*.py")) + sorted((LIBRARY / "site_template").rglob("*"))
    return _digest([str(f.relative_to(LIBRARY)).encode() + _file(f) for f in files if f.is_file()]
                   + [_file(EXERCISE_FILE), _file(ROOT / "requirements.txt")])


def input_digest(entry: catalogue.Entry, library: str) -> str:
    """Everything a notebook's run depends on: its source (a student notebook's: its solution's), the
    files it declares it reads, the library and the requirements."""
    source = solution_of(entry.path) or entry.path
    return _digest([source_digest(source).encode(), library.encode()]
                   + [p.encode() + _file(ROOT / p) for p in entry.reads])


def output_digest(entry: catalogue.Entry) -> str:
    """What a notebook's run wrote: the executed notebook and the declared outputs, as they are now."""
    return _digest([_file(entry.path)] + [p.encode() + _file(ROOT / p) for p in entry.writes])


def _key(path: Path) -> str:
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
            blob = subprocess.run(["git", "show", f"HEAD:{Path(path).resolve().relative_to(ROOT).as_posix()}"],
                                  cwd=ROOT, capture_output=True, check=True, timeout=30).stdout
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

    return jupytext.writes(jupytext.read(notebook), fmt="py:percent",
                           config=load_jupytext_config(str(Path(notebook).parent)))


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
        recorded = pairs.get(_key(path))
        if recorded == digests:
            continue
        if text.is_file() and _pair_text(path) == text.read_text(encoding="utf-8"):
            pairs[_key(path)] = digests
            continue
        # A file is the edit if it differs both from the pair as last checked here and from git's HEAD (after
        # `git checkout -- FILE` or a pull, a file that equals HEAD is not an edit).
        committed = _committed_digests(path)
        edited = {kind: digests[kind] != (recorded or {}).get(kind) and digests[kind] != committed[kind]
                  for kind in ("ipynb", "py")}
        if not edited["ipynb"] and not edited["py"]:
            raise PairConflict(
                f"{_key(path)} and its text file {_key(text)} say different things as they are (neither was edited "
                "since git's HEAD or the last check), so neither is changed: edit the one that is wrong to match, "
                "then run this again")
        if edited["ipynb"] == edited["py"]:
            raise PairConflict(
                f"{_key(path)} and its text file {_key(text)} were both edited and now differ, so neither is "
                "changed: keep the edit you want and undo the other (`git checkout -- FILE` puts a file back as "
                "committed), then run this again")
        from jupytext.cli import jupytext as jupytext_cli

        command = ["--update", "--to", "ipynb", str(text)] if edited["py"] else ["--to", "py:percent", str(path)]
        with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
            jupytext_cli(["--quiet", *command])
        after = {"ipynb": source_digest(path), "py": _digest([_file(text)])}
        if after["ipynb"] != digests["ipynb"]:
            changed.append(path)
        source, other = (text, path) if edited["py"] else (path, text)
        print(f"synced {_label(other) if other.suffix == '.ipynb' else other.name} from its edited "
              f"{'text file' if edited['py'] else 'notebook'} {source.name}", file=stream, flush=True)
        pairs[_key(path)] = after
    return changed


def out_of_date(entries: list[catalogue.Entry], state: dict | None = None) -> dict[Path, str]:
    """The notebooks that must run again, each with the reason: never run here, a changed input (its
    source, a file it reads, the library, the requirements), outputs changed since its run, or an
    upstream notebook that runs again."""
    state = read_state() if state is None else state
    library = library_digest()
    reasons: dict[Path, str] = {}
    for entry in entries:
        record = state.get(_key(entry.path))
        if not record:
            reasons[entry.path] = "no earlier run recorded in this checkout"
        elif record.get("inputs") != input_digest(entry, library):
            reasons[entry.path] = "its source, a file it reads, the library or the requirements changed"
        elif record.get("outputs") != output_digest(entry):
            reasons[entry.path] = "its outputs changed since its last run"
    for path in catalogue.downstream_closure(entries, set(reasons)) - set(reasons):
        reasons[path] = "a notebook it reads from runs again"
    return reasons


def _label(path: Path) -> str:
    return str(path.relative_to(path.parents[1])) if "exercises" in path.parts else path.name


MAIN_PID = os.getpid()  # in a worker: the main process (set by _watch_parent), whatever the worker's parent becomes


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (from Linux's /proc; empty where there is none)."""
    found, frontier = set(), [pid]
    while frontier:
        for task in Path(f"/proc/{frontier.pop()}/task").glob("*"):
            try:
                kids = {int(k) for k in (task / "children").read_text().split()}
            except OSError:
                continue
            frontier += list(kids - found)
            found |= kids
    return found


def _kill_tree(workers: list[int], below: set[int] | None = None) -> None:
    """Stop the processes this run started, kernels included. The workers are frozen first (SIGSTOP),
    so that none can start a kernel after the list of their children is read; then every one of them
    and of their descendants is killed. A kernel runs in a session of its own, so Ctrl-C never reaches
    it, and one a worker was still starting would otherwise outlive the run."""
    for pid in workers:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGSTOP)
    family = set(below or set())
    for pid in workers:
        family |= _descendants(pid)
    for pid in [*workers, *family]:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def _watch_parent(parent: int) -> None:
    """In a worker process: exit as soon as the parent process is gone (killed with -9, say)."""
    global MAIN_PID
    MAIN_PID = parent

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        _kill_tree([], _descendants(os.getpid()))  # this worker's kernels go with it
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def execute_staged(target: str, solution: str | None = None) -> tuple[float, str]:
    """Execute the notebook ``target`` (or, for a student notebook, the student version of
    ``solution``) with every committed output sent to a new staging directory.

    Returns the seconds taken and the staging directory, holding ``notebook.ipynb`` and the
    ``derived/`` and ``figures/`` the notebook wrote. On failure the staging directory is
    removed and ``NotebookFailed`` raised: nothing in the tree has changed.
    """
    import nbformat


    start = time.perf_counter()
    target_path = Path(target)
    STAGING.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f"{MAIN_PID}-{target_path.stem}-", dir=STAGING))
    mark(stage, OUTPUT_REDIRECT)  # the kernel may write only into a directory the collection made
    os.environ[OUTPUT_REDIRECT] = str(stage)
    try:
        source = target_path
        if solution:
            source = stage / target_path.name
            from energycoop.teaching.student import student_version  # only for exercises: it loads their data

            nbformat.write(student_version(nbformat.read(solution, as_version=4)), source)
        with recording_opens(stage) as opened:
            execute(source, stage / "notebook.ipynb", cwd=target_path.parent)
        if solution:
            source.unlink()
        check_declaration(entry_of(target_path), opened(), stage)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return time.perf_counter() - start, str(stage)


RECORDER = """\
# Written by energycoop.build.runner: records every file this kernel opens, for the declaration check.
import os as _os, sys as _sys

_energycoop_log = open(_os.environ["ENERGYCOOP_RECORD_OPENS"], "a", encoding="utf-8")


def _energycoop_record(event, args):
    if event != "open" or not isinstance(args[0], (str, _os.PathLike)):
        return
    mode, flags = args[1], args[2] or 0
    writes = any(c in mode for c in "wax+") if isinstance(mode, str) else bool(flags & (_os.O_WRONLY | _os.O_RDWR))
    _energycoop_log.write(("w" if writes else "r") + "\\t" + _os.path.abspath(_os.fspath(args[0])) + "\\n")
    _energycoop_log.flush()


_sys.addaudithook(_energycoop_record)
"""


@contextlib.contextmanager
def recording_opens(stage: Path):
    """While executing, kernels record every file they open (an IPython start-up file installs an
    audit hook); yields a function returning the ``(mode, absolute path)`` pairs recorded."""
    ipython = stage / "ipython"
    startup = ipython / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-energycoop-record-opens.py").write_text(RECORDER, encoding="utf-8")
    log = stage / "opened.tsv"
    log.touch()
    saved = {k: os.environ.get(k) for k in ("IPYTHONDIR", "ENERGYCOOP_RECORD_OPENS")}
    os.environ.update(IPYTHONDIR=str(ipython), ENERGYCOOP_RECORD_OPENS=str(log))
    try:
        yield lambda: [tuple(line.split("\t", 1)) for line in log.read_text(encoding="utf-8").splitlines()]
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def opened_files(opened: list[tuple[str, str]], stage: Path) -> tuple[set[str], set[str]]:
    """The repository files a run read and wrote (writes into the staging directory named as the
    committed paths they stand for). Reads count in ``data/`` and ``figures/``; writes anywhere in
    the repository but its environment, its git directory and a home directory inside it (caches)."""
    reads, writes = set(), set()
    home = Path.home().resolve()
    for mode, text in opened:
        path = Path(text)
        if stage in path.parents:
            relative = path.relative_to(stage)
            if mode == "w" and relative.parts[0] in ("derived", "figures"):
                writes.add(("data/derived/" if relative.parts[0] == "derived" else "figures/")
                           + relative.relative_to(relative.parts[0]).as_posix())
            continue
        if ROOT not in path.parents or home in path.parents or path.parts[len(ROOT.parts)] in (".venv", ".git"):
            continue
        if mode == "w":
            writes.add(path.relative_to(ROOT).as_posix())
        elif path.parts[len(ROOT.parts)] in ("data", "figures"):
            reads.add(path.relative_to(ROOT).as_posix())
    return reads, writes


def check_declaration(entry: catalogue.Entry, opened: list[tuple[str, str]], stage: Path) -> None:
    """Raise ``NotebookFailed`` unless the run read and wrote exactly the files ``entry`` declares."""
    reads, writes = opened_files(opened, stage)
    problems = []
    for label, actual, declared in (("reads", reads, set(entry.reads)), ("writes", writes, set(entry.writes))):
        if actual - declared:
            problems.append(f"{label} {', '.join(sorted(actual - declared))} without declaring it")
        if declared - actual:
            problems.append(f"declares that it {label} {', '.join(sorted(declared - actual))} but did not")
    if problems:
        raise NotebookFailed(f"{entry.path.name}: {'; '.join(problems)} (metadata '{catalogue.KEY}')")


def install(stage: Path, target: Path) -> list[Path]:
    """Move a staged run into the tree (figures, then the derived table, then the notebook), with
    SIGINT and SIGTERM held until every file is in place; remove the staging directory."""
    stage = Path(stage)
    moves = []
    for sub, destination in (("figures", FIGURES), ("derived", DERIVED)):
        staged = stage / sub
        if staged.is_dir():
            moves += [(f, destination / f.relative_to(staged)) for f in sorted(staged.rglob("*")) if f.is_file()]
    moves.append((stage / "notebook.ipynb", Path(target)))
    held = {signal.SIGINT, signal.SIGTERM}
    on_main_thread = threading.current_thread() is threading.main_thread()
    if on_main_thread:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        for source, destination in moves:
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, destination)
    finally:
        if on_main_thread:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
    shutil.rmtree(stage, ignore_errors=True)
    return [destination for _, destination in moves]


def remove_stale_stages() -> None:
    """Remove staging directories left by runs whose main process is gone (killed, say): each is
    named after the process that made it, and only ``execute_staged`` makes them."""
    if not STAGING.is_dir():
        return
    for stage in STAGING.iterdir():
        owner = stage.name.split("-", 1)[0]
        if not owner.isdigit():
            continue
        if int(owner) <= 1:  # left by a worker whose main process had already gone
            shutil.rmtree(stage, ignore_errors=True)
            continue
        try:
            os.kill(int(owner), 0)
        except ProcessLookupError:
            shutil.rmtree(stage, ignore_errors=True)
        except OSError:
            pass


def run_all(paths: list[Path] | None = None, stream=sys.stdout, workers: int | None = None,
            everything: bool = False) -> float:
    """Execute notebooks and move each one's outputs into the tree when, and only when, it succeeded.

    With ``paths`` given, exactly those run. Without, every notebook of the collection that is out
    of date (``out_of_date``: never run in this checkout, a changed input, changed outputs, or an
    upstream notebook that runs again), or all of them with ``everything``; student exercise
    notebooks are generated afresh from their solutions. Notebooks run in parallel, one kernel per
    core (``workers``), each after the notebooks whose outputs it reads (``catalogue``). Progress is
    printed as each finishes, and each success is recorded (``STATE``, outside the committed tree).
    Returns the total seconds; raises ``NotebookFailed`` for the first failure after the notebooks
    already running have finished (their outputs are kept: they succeeded).
    """
    total_start = time.perf_counter()
    remove_stale_stages()
    explicit = paths is not None
    entries = [entry_of(Path(p)) for p in (paths if explicit else all_notebooks())]
    catalogue.in_order(entries)  # refuse notebooks that read each other before anything runs
    state = read_state()
    sync_pairs([e.path for e in entries if solution_of(e.path) is None], state, stream)
    write_state(state)
    if explicit or everything:
        chosen = {e.path for e in entries}
    else:
        reasons = out_of_date(entries, state)
        chosen = set(reasons)
        if not chosen:
            print(f"All {len(entries)} notebooks are up to date: nothing they read has changed since their last "
                  f"run ({time.perf_counter() - total_start:.1f} s). `make run-all` re-executes every one.",
                  file=stream, flush=True)
            return time.perf_counter() - total_start
    entries = [e for e in entries if e.path in chosen]
    ups = catalogue.upstream(entries)

    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    from energycoop.quantities import units  # noqa: F401  (fills pint's definition cache before parallel kernels read it)

    library = library_digest()
    by_path = {e.path: e for e in entries}
    workers = workers or os.cpu_count() or 1
    done: set[Path] = set()
    pending = [e.path for e in entries]
    running = {}
    failure = None
    finished = 0
    skipped = len(all_notebooks()) - len(entries) if not explicit else 0
    print(f"Executing {len(entries)} notebook(s), {workers} at a time"
          + (f" ({skipped} up to date)" if skipped else ""), file=stream, flush=True)
    with ProcessPoolExecutor(max_workers=workers, initializer=_watch_parent, initargs=(os.getpid(),)) as pool:
        try:
            while pending or running:
                if failure is None:
                    for path in [p for p in pending if ups[p] <= done][: max(0, workers - len(running))]:
                        pending.remove(path)
                        solution = solution_of(path)
                        inputs = input_digest(by_path[path], library)  # upstream tables are final by now
                        future = pool.submit(execute_staged, str(path), str(solution) if solution else None)
                        running[future] = (path, inputs)
                if not running:
                    break
                complete, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in complete:
                    path, inputs = running.pop(future)
                    finished += 1
                    try:
                        seconds, stage = future.result()
                    except NotebookFailed as exc:
                        failure = failure or exc
                        state.pop(_key(path), None)
                        write_state(state)
                        print(f"[{finished}/{len(entries)}] {_label(path)} FAILED", file=stream, flush=True)
                        continue
                    install(Path(stage), path)
                    if solution_of(path):  # a student notebook is new each run: its text file follows it
                        sync_pairs([path], state, stream)
                    state[_key(path)] = {"inputs": inputs, "outputs": output_digest(by_path[path])}
                    write_state(state)
                    done.add(path)
                    print(f"[{finished}/{len(entries)}] {_label(path)} {seconds:.1f} s", file=stream, flush=True)
        except BaseException:
            # Interrupted: install nothing more; discard what is staged or still running.
            children = list((getattr(pool, "_processes", None) or {}).values())
            _kill_tree([child.pid for child in children if child.pid])
            pool.shutdown(wait=False, cancel_futures=True)
            for child in children:
                child.join(timeout=5)
            for stage in STAGING.glob(f"{os.getpid()}-*"):  # what this run's workers had staged
                shutil.rmtree(stage, ignore_errors=True)
            raise
    if failure is not None:
        raise failure
    total = time.perf_counter() - total_start
    print(f"{len(entries)} notebook(s) in {total:.1f} s", file=stream, flush=True)
    return total
