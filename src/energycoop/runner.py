"""Execute the collection's notebooks with papermill, leaving no run metadata behind.

papermill records start and end times in the notebook's and every cell's metadata;
nbclient adds per-cell execution timestamps. Both are stripped, so executing a
notebook twice gives the same file. A notebook is executed into a temporary file
and only replaces the committed one if every cell ran.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import papermill

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"


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


def write_student_notebooks(directory: Path = NOTEBOOKS) -> list[Path]:
    """Regenerate every student exercise notebook from its solution (unexecuted); return their paths."""
    from .exercises import student_version

    written = []
    for solution in exercise_solutions(directory):
        target = student_path(solution)
        nbformat.write(student_version(nbformat.read(solution, as_version=4)), target)
        written.append(target)
    return written


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


def _execute_timed(path: str) -> float:
    start = time.perf_counter()
    execute(Path(path))
    return time.perf_counter() - start


def run_all(paths: list[Path] | None = None, stream=sys.stdout, workers: int | None = None) -> float:
    """Execute ``paths`` (default: every notebook, after regenerating the student exercises) in place.

    Notebooks run in parallel, one kernel per core (``workers``), but a notebook starts only
    after every notebook whose derived table it reads has finished. Progress is printed as
    each finishes. Returns the total seconds; raises ``NotebookFailed`` for the first failure
    after the notebooks already running have finished.
    """
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    from . import units  # noqa: F401  (fills pint's definition cache before parallel kernels read it)

    if paths is None:
        write_student_notebooks()
        paths = all_notebooks()
    paths = [Path(p).resolve() for p in paths]
    stems = {p.stem for p in paths if p.parent.name == "notebooks"}
    waits_for = {p: {s for s in reads(p) if s in stems} for p in paths}
    workers = workers or os.cpu_count() or 1
    total_start = time.perf_counter()
    done: set[str] = set()
    pending = list(paths)
    running = {}
    failure = None
    finished = 0
    print(f"Executing {len(paths)} notebook(s), {workers} at a time", file=stream, flush=True)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        while pending or running:
            if failure is None:
                for path in [p for p in pending if waits_for[p] <= done][: max(0, workers - len(running))]:
                    pending.remove(path)
                    running[pool.submit(_execute_timed, str(path))] = path
            if not running:
                break
            complete, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in complete:
                path = running.pop(future)
                finished += 1
                try:
                    seconds = future.result()
                except NotebookFailed as exc:
                    failure = failure or exc
                    print(f"[{finished}/{len(paths)}] {_label(path)} FAILED", file=stream, flush=True)
                    continue
                done.add(path.stem)
                print(f"[{finished}/{len(paths)}] {_label(path)} {seconds:.1f} s", file=stream, flush=True)
    if failure is not None:
        raise failure
    if pending:
        raise NotebookFailed(f"could not order {', '.join(p.name for p in pending)}: they read each other")
    total = time.perf_counter() - total_start
    print(f"{len(paths)} notebook(s) in {total:.1f} s", file=stream, flush=True)
    return total
