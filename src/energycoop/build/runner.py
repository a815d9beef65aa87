"""Run the collection (``make run``): the notebooks that are out of date, in parallel, each staged.

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

from energycoop.build import catalogue, processes
from energycoop.build.catalogue import all_notebooks, entry_of
from energycoop.build.execution import NotebookFailed, execute
from energycoop.build.freshness import (
    input_digest,
    label,
    library_digest,
    out_of_date,
    output_digest,
    read_state,
    state_key,
    sync_pairs,
    write_state,
)
from energycoop.data.params import OUTPUT_REDIRECT
from energycoop.data.paths import (
    DERIVED,
    FIGURES,
    ROOT,
    RUNS,
    mark,
    solution_of,
)

STAGING = RUNS / ".staging"


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
    stage = Path(tempfile.mkdtemp(prefix=f"{processes.main_pid()}-{target_path.stem}-", dir=STAGING))
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
                writes.add(
                    ("data/derived/" if relative.parts[0] == "derived" else "figures/")
                    + relative.relative_to(relative.parts[0]).as_posix()
                )
            continue
        if (
            ROOT not in path.parents
            or home in path.parents
            or path.parts[len(ROOT.parts)] in (".venv", ".git")
        ):
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
    for verb, actual, declared in (("reads", reads, set(entry.reads)), ("writes", writes, set(entry.writes))):
        if actual - declared:
            problems.append(f"{verb} {', '.join(sorted(actual - declared))} without declaring it")
        if declared - actual:
            problems.append(f"declares that it {verb} {', '.join(sorted(declared - actual))} but did not")
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
            moves += [
                (f, destination / f.relative_to(staged)) for f in sorted(staged.rglob("*")) if f.is_file()
            ]
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


def run_all(
    paths: list[Path] | None = None, stream=sys.stdout, workers: int | None = None, everything: bool = False
) -> float:
    """Execute notebooks and move each one's outputs into the tree when, and only when, it succeeded.

    With ``paths`` given, exactly those run. Without, every notebook of the collection that is out
    of date (``out_of_date``: never run in this checkout, a changed input, changed outputs, or an
    upstream notebook that runs again), or all of them with ``everything``; student exercise
    notebooks are generated afresh from their solutions. Notebooks run in parallel, one kernel per
    core (``workers``), each after the notebooks whose outputs it reads (``catalogue``). Progress is
    printed as each finishes, and each success is recorded (``freshness.STATE``, outside the committed tree).
    Returns the total seconds; raises ``NotebookFailed`` for the first failure after the notebooks
    already running have finished (their outputs are kept: they succeeded).
    """
    total_start = time.perf_counter()
    remove_stale_stages()
    explicit = paths is not None
    entries = [entry_of(Path(p)) for p in (paths if paths is not None else all_notebooks())]
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
            print(
                f"All {len(entries)} notebooks are up to date: nothing they read has changed since their last "
                f"run ({time.perf_counter() - total_start:.1f} s). `make run-all` re-executes every one.",
                file=stream,
                flush=True,
            )
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
    running: dict = {}  # future: notebook
    failure = None
    finished = 0
    skipped = len(all_notebooks()) - len(entries) if not explicit else 0
    print(
        f"Executing {len(entries)} notebook(s), {workers} at a time"
        + (f" ({skipped} up to date)" if skipped else ""),
        file=stream,
        flush=True,
    )
    with ProcessPoolExecutor(
        max_workers=workers, initializer=processes.watch_parent, initargs=(os.getpid(),)
    ) as pool:
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
                        state.pop(state_key(path), None)
                        write_state(state)
                        print(f"[{finished}/{len(entries)}] {label(path)} FAILED", file=stream, flush=True)
                        continue
                    install(Path(stage), path)
                    if solution_of(path):  # a student notebook is new each run: its text file follows it
                        sync_pairs([path], state, stream)
                    state[state_key(path)] = {"inputs": inputs, "outputs": output_digest(by_path[path])}
                    write_state(state)
                    done.add(path)
                    print(
                        f"[{finished}/{len(entries)}] {label(path)} {seconds:.1f} s", file=stream, flush=True
                    )
        except BaseException:
            # Interrupted: install nothing more; discard what is staged or still running.
            children = list((getattr(pool, "_processes", None) or {}).values())
            processes.kill_tree([child.pid for child in children if child.pid])
            pool.shutdown(wait=False, cancel_futures=True)
            for child in children:
                child.join(timeout=5)
            for staged in STAGING.glob(f"{os.getpid()}-*"):  # what this run's workers had staged
                shutil.rmtree(staged, ignore_errors=True)
            raise
    if failure is not None:
        raise failure
    total = time.perf_counter() - total_start
    print(f"{len(entries)} notebook(s) in {total:.1f} s", file=stream, flush=True)
    return total
