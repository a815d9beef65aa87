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

import nbformat
import papermill

from .params import OUTPUT_REDIRECT
from .paths import DERIVED, FIGURES, NOTEBOOKS, RUNS

STAGING = RUNS / ".staging"


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


def strip_run_metadata(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove papermill's and nbclient's timing metadata from ``nb`` and merge split
    stream outputs (in place); return ``nb``."""
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    return nb


def failed_cell(nb: nbformat.NotebookNode) -> str:
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
            cwd: Path | None = None) -> nbformat.NotebookNode:
    """Execute ``notebook`` with papermill and write it to ``output`` (default: in place).

    Raises ``NotebookFailed`` naming the cell and message if a cell fails; the output
    file is then left untouched.
    """
    notebook = Path(notebook)
    output = Path(output) if output else notebook
    cwd = Path(cwd) if cwd else notebook.parent
    os.environ.setdefault("JUPYTER_RUNTIME_DIR", tempfile.gettempdir())
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / notebook.name
        try:
            with kernel_log(Path(tmp) / "kernel.log"):
                papermill.execute_notebook(
                    str(notebook), str(scratch), parameters=parameters or {}, cwd=str(cwd),
                    kernel_name="python3", progress_bar=False, log_output=False,
                )
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
    return sorted(p for p in Path(directory).glob("[0-9][0-9]-*.ipynb"))


def exercise_solutions(directory: Path = NOTEBOOKS) -> list[Path]:
    """The worked-solution notebooks of the exercises (``exercises/solutions/NN-*.ipynb``)."""
    return sorted((Path(directory) / "exercises" / "solutions").glob("[0-9][0-9]-*.ipynb"))


def student_path(solution: Path) -> Path:
    """Where the student version of a solution notebook lives (``exercises/NN-*.ipynb``)."""
    return solution.parent.parent / solution.name


def solution_of(student: Path, directory: Path = NOTEBOOKS) -> Path | None:
    """The solution notebook a student exercise notebook is generated from (None for other notebooks)."""
    for solution in exercise_solutions(directory):
        if student_path(solution).resolve() == Path(student).resolve():
            return solution
    return None


def all_notebooks(directory: Path = NOTEBOOKS) -> list[Path]:
    """Everything ``make run`` executes: the numbered notebooks, the exercise solutions, the student versions."""
    solutions = exercise_solutions(directory)
    return notebooks_in_order(directory) + solutions + [student_path(s) for s in solutions]


def reads(notebook: Path) -> set[str]:
    """The other numbered notebooks whose derived tables ``notebook`` reads: every ``"NN-topic"``
    name in its code that is not its own."""
    import re

    nb = nbformat.read(notebook, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    return set(re.findall(r'"(\d\d-[a-z0-9-]+)"', code)) - {notebook.stem}


def _label(path: Path) -> str:
    return str(path.relative_to(path.parents[1])) if "exercises" in path.parts else path.name


def _watch_parent(parent: int) -> None:
    """In a worker process: exit as soon as the parent process is gone (killed with -9, say)."""
    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def execute_staged(target: str, solution: str | None = None) -> tuple[float, str]:
    """Execute the notebook ``target`` (or, for a student notebook, the student version of
    ``solution``) with every committed output sent to a new staging directory.

    Returns the seconds taken and the staging directory, holding ``notebook.ipynb`` and the
    ``derived/`` and ``figures/`` the notebook wrote. On failure the staging directory is
    removed and ``NotebookFailed`` raised: nothing in the tree has changed.
    """
    from .exercises import student_version

    start = time.perf_counter()
    target_path = Path(target)
    STAGING.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f"{os.getppid()}-{target_path.stem}-", dir=STAGING))
    os.environ[OUTPUT_REDIRECT] = str(stage)
    try:
        source = target_path
        if solution:
            source = stage / target_path.name
            nbformat.write(student_version(nbformat.read(solution, as_version=4)), source)
        execute(source, stage / "notebook.ipynb", cwd=target_path.parent)
        if solution:
            source.unlink()
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return time.perf_counter() - start, str(stage)


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
        try:
            os.kill(int(owner), 0)
        except ProcessLookupError:
            shutil.rmtree(stage, ignore_errors=True)
        except OSError:
            pass


def run_all(paths: list[Path] | None = None, stream=sys.stdout, workers: int | None = None) -> float:
    """Execute ``paths`` (default: every notebook, the student exercises generated afresh from their
    solutions) and move each one's outputs into the tree when, and only when, it has succeeded.

    Notebooks run in parallel, one kernel per core (``workers``), but a notebook starts only
    after every notebook whose derived table it reads has finished. Progress is printed as
    each finishes. Returns the total seconds; raises ``NotebookFailed`` for the first failure
    after the notebooks already running have finished (their outputs are kept: they succeeded).
    """
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    from . import units  # noqa: F401  (fills pint's definition cache before parallel kernels read it)

    remove_stale_stages()
    paths = [Path(p).resolve() for p in (paths or all_notebooks())]
    solutions = {p: solution_of(p) for p in paths}
    stems = {p.stem for p in paths if p.parent.name == "notebooks"}
    waits_for = {p: {s for s in reads(solutions[p] or p) if s in stems} for p in paths}
    workers = workers or os.cpu_count() or 1
    total_start = time.perf_counter()
    done: set[str] = set()
    pending = list(paths)
    running = {}
    failure = None
    finished = 0
    print(f"Executing {len(paths)} notebook(s), {workers} at a time", file=stream, flush=True)
    with ProcessPoolExecutor(max_workers=workers, initializer=_watch_parent, initargs=(os.getpid(),)) as pool:
        try:
            while pending or running:
                if failure is None:
                    for path in [p for p in pending if waits_for[p] <= done][: max(0, workers - len(running))]:
                        pending.remove(path)
                        solution = solutions[path]
                        running[pool.submit(execute_staged, str(path), str(solution) if solution else None)] = path
                if not running:
                    break
                complete, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in complete:
                    path = running.pop(future)
                    finished += 1
                    try:
                        seconds, stage = future.result()
                    except NotebookFailed as exc:
                        failure = failure or exc
                        print(f"[{finished}/{len(paths)}] {_label(path)} FAILED", file=stream, flush=True)
                        continue
                    install(Path(stage), path)
                    done.add(path.stem)
                    print(f"[{finished}/{len(paths)}] {_label(path)} {seconds:.1f} s", file=stream, flush=True)
        except BaseException:
            # Interrupted: install nothing more; discard what is staged or still running.
            children = list((getattr(pool, "_processes", None) or {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for child in children:
                child.terminate()
            raise
    if failure is not None:
        raise failure
    if pending:
        raise NotebookFailed(f"could not order {', '.join(p.name for p in pending)}: they read each other")
    total = time.perf_counter() - total_start
    print(f"{len(paths)} notebook(s) in {total:.1f} s", file=stream, flush=True)
    return total
