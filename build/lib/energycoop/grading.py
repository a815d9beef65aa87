"""Grade a directory of student exercise notebooks into a gradebook.

``grade(directory)`` executes every notebook in ``directory`` in isolation (its own kernel, started in a
new temporary directory, with a time limit) and grades each exercise from the answer the student's
code left behind, never from what the notebook printed: the check cells are replaced by cells that
hand the value of ``answer`` to the grader, and ``exercises.verdict`` judges it for the notebook's
variant seed (metadata ``energycoop.exercises``). A notebook is read, never written: executed copies
go to the temporary directory (or to ``executed/`` in the default output directory).

The gradebook has one row per notebook and exercise: right, wrong, not answered, to mark (an open
question for the teacher), or not graded, with the feedback and the points. A broken submission gets
its own row (``result`` = ``broken``) with the reason, and the others are graded regardless: a file
that is not a notebook, a notebook of no exercise set, a tampered seed (the metadata, the parameters
cell and the visible note disagree), a deleted check cell, a cell that raised an error (a syntax
error, say) and a cell that ran past the time limit (an endless loop).

Student code runs with the grader's permissions: isolation here protects the submissions and the
repository from the grader, not the machine from a malicious student.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import exercises
from .paths import RUNS, UnsafePath, check_output_dir, claim_output_dir, empty_claimed_dir, is_claimed, mark

COMMAND = "grade"
MIME = "application/vnd.energycoop.answer+json"
TIME_LIMIT = 60.0  # seconds per notebook
SETUP_LIMIT = 120  # seconds for the grader's own first cell (importing the library), outside the notebook's limit
COLUMNS = ("student", "file", "set", "seed", "exercise", "key", "skill", "level", "result", "points", "max_points",
           "answer", "feedback")
SUMMARY_COLUMNS = ("exercise", "key", "skill", "level", "graded", "right", "wrong", "not_answered", "to_mark",
                   "not_graded", "share_right", "mean_points", "max_points")


# ------------------------------------------------------------------------------------------------
# In the kernel


def capture(key: str, answer) -> None:
    """Hand ``answer`` to the grader (run in the student's kernel in place of the check cell)."""
    from IPython.display import display

    display({MIME: {"key": key, **describe_answer(answer)}}, raw=True)


def describe_answer(answer) -> dict:
    """An answer as JSON the grader turns back into the same value (``restore_answer``)."""
    import numbers

    import pint

    if answer is None or answer is Ellipsis:
        return {"kind": "none"}
    if isinstance(answer, str):
        return {"kind": "text", "text": answer[:20000]}
    if isinstance(answer, pint.Quantity):
        magnitude = answer.magnitude
        if hasattr(magnitude, "item") and getattr(magnitude, "size", 1) == 1:
            magnitude = magnitude.item()
        if isinstance(magnitude, numbers.Real) and not isinstance(magnitude, bool):
            magnitude = int(magnitude) if isinstance(magnitude, numbers.Integral) else float(magnitude)
            return {"kind": "quantity", "magnitude": magnitude, "units": f"{answer.units:D}"}
    elif isinstance(answer, numbers.Real) and not isinstance(answer, bool):
        return {"kind": "number", "value": int(answer) if isinstance(answer, numbers.Integral) else float(answer)}
    return {"kind": "other", "repr": repr(answer)[:200]}


class _Unreadable:
    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


def restore_answer(payload: dict):
    from .units import Q_

    kind = payload.get("kind")
    if kind == "quantity":
        try:
            return Q_(payload["magnitude"], payload["units"])
        except Exception:  # noqa: BLE001 (any failure means the same: it cannot be read)
            return _Unreadable(f"{payload.get('magnitude')!r} {payload.get('units')}")
    if kind == "text":
        return str(payload.get("text", ""))
    if kind == "number":
        return payload.get("value")
    if kind == "none":
        return None
    return _Unreadable(str(payload.get("repr", "an unreadable value")))


def answer_text(answer) -> str:
    """An answer as the gradebook shows it (short)."""
    if answer is None:
        return ""
    text = answer if isinstance(answer, str) else f"{answer:~P}" if hasattr(answer, "units") else repr(answer)
    text = " ".join(str(text).split())
    return text if len(text) <= 300 else text[:297] + "..."


# ------------------------------------------------------------------------------------------------
# One notebook


@dataclass
class Outcome:
    rows: list[dict]
    problems: list[str]
    seconds: float = 0.0


def _problem_row(path: Path, reason: str, set_name: str = "", seed="") -> dict:
    return {"student": path.stem, "file": path.name, "set": set_name, "seed": seed, "exercise": "", "key": "",
            "skill": "", "level": "", "result": "broken", "points": "", "max_points": "", "answer": "",
            "feedback": reason}


def _first_line(text: str) -> str:
    line = next((s for s in text.strip().splitlines() if s.strip()), "")
    return line if len(line) <= 60 else line[:57] + "..."


def inspect(nb, path: Path) -> tuple[str, int, list[str]]:
    """The notebook's exercise set and seed, and the problems that stop it being graded at all."""
    block = exercises.exercise_block(nb)
    set_name = block.get("set")
    if set_name not in exercises.SETS:
        return "", 0, [(f"not one of the exercise notebooks: its metadata names no exercise set "
                       f"(energycoop.exercises.set is {set_name!r}; the sets are {', '.join(exercises.SETS)})")]
    seed = block.get("seed")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= exercises.MAX_SEED:
        return set_name, 0, [(f"tampered seed: the metadata seed is {seed!r}, not a whole number from 0 to "
                             f"{exercises.MAX_SEED:,}")]
    problems = []
    parameters = [c for c in nb.cells if c.cell_type == "code" and "parameters" in c.metadata.get("tags", [])]
    found = exercises.SEED_LINE.search(parameters[0].source) if parameters else None
    if not found:
        problems.append("tampered seed: the parameters cell (with 'seed: int = ...') is missing or changed")
    elif int(found.group(1)) != seed:
        problems.append(f"tampered seed: the metadata says seed {seed}, the parameters cell says {found.group(1)}")
    notes = [c for c in nb.cells if c.cell_type == "markdown" and "variant" in c.metadata.get("tags", [])]
    if notes and notes[0].source != exercises.variant_markdown(seed):
        problems.append(f"tampered seed: the variant note does not read 'seed {seed}' as the metadata does")
    return set_name, seed, problems


def graded_copy(nb, seed: int):
    """The notebook as the grader runs it: the seed forced from the metadata, check cells replaced by
    cells that hand ``answer`` to the grader, outputs cleared. Returns it and the check cells' indices
    by exercise key."""
    import nbformat

    copy = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                             "language": "python"}})
    setup = nbformat.v4.new_code_cell("from energycoop.grading import capture as _energycoop_capture")
    setup.metadata["tags"] = ["grader"]
    copy.cells.append(setup)
    checks: dict[str, int] = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        new = nbformat.v4.new_code_cell(cell.source)
        new.metadata["tags"] = list(cell.metadata.get("tags", []))
        if "parameters" in new.metadata["tags"]:
            new.source = f"strict = False\nseed = {seed}"
        keys = exercises.CHECK_CALL.findall(cell.source)
        if keys:
            new.source = "\n".join(f'_energycoop_capture("{k}", globals().get("answer", Ellipsis))' for k in keys) \
                + '\nglobals().pop("answer", None)'
            new.metadata["tags"] = ["grader", "check"]
            for key in keys:
                checks[key] = len(copy.cells)
        copy.cells.append(new)
    return copy, checks


def execute(nb, workdir: Path, time_limit: float) -> str | None:
    """Run ``nb`` in a new kernel started in ``workdir``, each cell within what is left of
    ``time_limit`` (a cell past it is interrupted and recorded as an error); errors do not stop it.
    Returns a problem if the kernel itself failed."""
    from nbclient import NotebookClient

    deadline: list[float] = []  # set when the first student cell starts: importing the library is not theirs

    def timeout(cell) -> int:
        if "grader" in cell.metadata.get("tags", []) and "check" not in cell.metadata.get("tags", []):
            return SETUP_LIMIT
        if not deadline:
            deadline.append(time.monotonic() + time_limit)
        return max(2, int(deadline[0] - time.monotonic()))

    env = dict(os.environ, ENERGYCOOP_OUTPUT_DIR=str(workdir / "outputs"),
               JUPYTER_RUNTIME_DIR=str(workdir / "runtime"), IPYTHONDIR=str(workdir / "ipython"),
               PYDEVD_DISABLE_FILE_VALIDATION="1")
    (workdir / "runtime").mkdir(parents=True, exist_ok=True)
    client = NotebookClient(
        nb, kernel_name="python3", allow_errors=True, record_timing=False, startup_timeout=60,
        timeout_func=timeout, interrupt_on_timeout=True,
        error_on_timeout={"ename": "TimeLimit", "evalue": f"the notebook ran past its time limit of "
                                                          f"{time_limit:g} s (an endless loop?)", "traceback": []},
        resources={"metadata": {"path": str(workdir)}})
    try:
        with open(workdir / "kernel.log", "ab") as log, _stderr_to(log):
            client.execute(env=env)
    except Exception as exc:  # noqa: BLE001 (a dead kernel, a start failure: reported, never fatal)
        return f"the notebook could not be run to the end: {type(exc).__name__}: {_first_line(str(exc))}"
    return None


class _stderr_to:
    """Send file descriptor 2 (which kernels inherit) to ``log`` for a while: kernel chatter is not ours."""

    def __init__(self, log):
        self.log = log

    def __enter__(self):
        import sys

        sys.stderr.flush()
        self.saved = os.dup(2)
        os.dup2(self.log.fileno(), 2)

    def __exit__(self, *exc):
        os.dup2(self.saved, 2)
        os.close(self.saved)


def grade_notebook(path: Path, workdir: Path, time_limit: float = TIME_LIMIT, keep: Path | None = None) -> Outcome:
    """Grade one file: rows for its exercises and problem rows, never an exception."""
    import nbformat

    start = time.monotonic()
    path = Path(path)
    if path.suffix != ".ipynb":
        reason = f"not a notebook (a {path.suffix or 'file without extension'}): only .ipynb files are graded"
        return Outcome([_problem_row(path, reason)], [reason])
    try:
        nb = nbformat.read(path, as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # noqa: BLE001 (whatever is wrong with the file, it is reported the same way)
        reason = f"not a readable notebook: {type(exc).__name__}: {_first_line(str(exc))}"
        return Outcome([_problem_row(path, reason)], [reason])
    set_name, seed, problems = inspect(nb, path)
    if problems:
        return Outcome([_problem_row(path, p, set_name, seed if set_name else "") for p in problems], problems)
    copy, checks = graded_copy(nb, seed)
    failure = execute(copy, workdir, time_limit)
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        nbformat.write(copy, keep / path.name)
    problems = [failure] if failure else []
    errors: dict[int, str] = {}
    captured: dict[str, object] = {}
    for index, cell in enumerate(copy.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                message = f"{output.get('ename', 'Error')}: {_first_line(output.get('evalue', ''))}"
                if output.get("ename") in ("KeyboardInterrupt", "TimeLimit"):
                    message = f"no end within the time limit of {time_limit:g} s (an endless loop?)"
                errors[index] = message
                # the copy holds the grader's first cell, then the notebook's code cells in order
                problems.append(f"code cell {index} ({_first_line(nb_source(cell))!r}): {message}")
            data = output.get("data", {})
            if MIME in data:
                payload = data[MIME] if isinstance(data[MIME], dict) else json.loads(data[MIME])
                captured[payload.get("key")] = restore_answer(payload)
    rows = []
    for key in exercises.SETS[set_name]:
        exercise = exercises.EXERCISES[key]
        row = {"student": path.stem, "file": path.name, "set": set_name, "seed": seed,
               "exercise": exercises.number_of(key), "key": key, "skill": exercise.skill, "level": exercise.level,
               "max_points": exercise.points, "answer": ""}
        if key not in checks:
            reason = f"the check cell of exercise {exercises.number_of(key)} ({key}) was deleted"
            problems.append(reason)
            rows.append({**row, "result": "not graded", "points": 0,
                         "feedback": reason + ": copy it back from a fresh notebook"})
            continue
        if key not in captured:
            rows.append({**row, "result": "not graded", "points": 0,
                         "feedback": "the notebook stopped before this exercise's check cell ran"})
            continue
        answer = captured[key]
        before = [i for i in range(checks[key]) if copy.cells[i].cell_type == "code"
                  and "grader" not in copy.cells[i].metadata.get("tags", [])]
        crashed = errors.get(before[-1]) if before else None
        result, feedback = exercises.verdict(key, answer, seed)
        if crashed and result == "not answered":
            result, feedback = "wrong", f"Your answer cell did not run: {crashed}. Fix it and run it again."
        points = "" if result == "to mark" else (exercise.points if result == "right" else 0)
        rows.append({**row, "result": result, "points": points, "answer": answer_text(answer), "feedback": feedback})
    rows += [_problem_row(path, p, set_name, seed) for p in problems]
    return Outcome(rows, problems, time.monotonic() - start)


def nb_source(cell) -> str:
    return cell.source if isinstance(cell.source, str) else "".join(cell.source)


# ------------------------------------------------------------------------------------------------
# A directory


def submissions(directory: Path) -> list[Path]:
    """The files to grade: everything in ``directory`` (not below it) but hidden files and the marker."""
    return sorted(p for p in Path(directory).iterdir() if not p.name.startswith(".") and not p.is_dir())


def default_output(directory: Path) -> Path:
    """``runs/grade-<name>-<hash of the directory's path>/``."""
    resolved = Path(directory).resolve()
    digest = hashlib.sha256(str(resolved).encode()).hexdigest()[:8]
    return RUNS / f"grade-{resolved.name or 'root'}-{digest}"


def check_destination(directory: Path, out: Path | None) -> tuple[Path, Path, Path | None]:
    """Where the gradebook, the summary and the executed copies go; ``UnsafePath`` for a bad input
    or an unsafe output, before anything runs."""
    directory = Path(directory)
    if not directory.exists():
        raise UnsafePath(f"the directory to grade {str(directory)!r} does not exist")
    if not directory.is_dir():
        raise UnsafePath(f"the directory to grade {str(directory)!r} is a file; give a directory of notebooks")
    submitted = directory.resolve()
    if out is None:
        target = claim_output_dir(default_output(directory), COMMAND, "the gradebook directory")
        return target / "gradebook.csv", target / "summary.csv", target / "executed"
    out = Path(out)
    parent = check_output_dir(out.parent if str(out.parent) else Path("."), f"the directory of --out {str(out)!r}")
    gradebook = parent / out.name
    summary = parent / f"{out.stem}-summary.csv"
    if out.suffix.lower() != ".csv":
        raise UnsafePath(f"--out {str(out)!r} must name a .csv file, such as gradebook.csv")
    if parent == submitted or submitted in parent.parents:
        raise UnsafePath(f"--out {str(out)!r} lies inside the directory being graded; write the gradebook elsewhere")
    for path in (gradebook, summary):
        if path.exists() or path.is_symlink():
            raise UnsafePath(f"{path} already exists; grade writes only new files (it cannot tell whether it wrote "
                             "this one): give another --out or move the file away")
    return gradebook, summary, None


def summarise(rows: list[dict]) -> list[dict]:
    """Per exercise: how many were graded, right, wrong, not answered, to mark, not graded."""
    table = []
    for key, exercise in exercises.EXERCISES.items():
        mine = [r for r in rows if r["key"] == key]
        if not mine:
            continue
        counts = {name: sum(r["result"] == name for r in mine)
                  for name in ("right", "wrong", "not answered", "to mark", "not graded")}
        auto = [r for r in mine if r["result"] in ("right", "wrong", "not answered")]
        table.append({"exercise": exercises.number_of(key), "key": key, "skill": exercise.skill,
                      "level": exercise.level, "graded": len(mine), "right": counts["right"], "wrong": counts["wrong"],
                      "not_answered": counts["not answered"], "to_mark": counts["to mark"],
                      "not_graded": counts["not graded"],
                      "share_right": f"{counts['right'] / len(auto):.2f}" if auto else "",
                      "mean_points": f"{sum(r['points'] for r in auto) / len(auto):.2f}" if auto else "",
                      "max_points": exercise.points})
    return table


def _write_csv(path: Path, columns, rows) -> None:
    scratch = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(scratch, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    os.replace(scratch, path)


def _grade_one(args) -> Outcome:
    path, time_limit, keep = args
    workdir = Path(tempfile.mkdtemp(prefix="energycoop-grade-"))
    try:
        return grade_notebook(Path(path), workdir, time_limit, Path(keep) if keep else None)
    except Exception as exc:  # noqa: BLE001 (one submission never stops the others)
        reason = f"the grader failed on this file: {type(exc).__name__}: {_first_line(str(exc))}"
        return Outcome([_problem_row(Path(path), reason)], [reason])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def grade(directory: Path, out: Path | None = None, time_limit: float = TIME_LIMIT, workers: int | None = None,
          stream=None) -> tuple[Path, Path, list[dict], list[dict]]:
    """Grade every file in ``directory``; write the gradebook and the per-exercise summary; return
    their paths, the rows and the summary. Raises ``UnsafePath`` (nothing written) for a bad input."""
    import sys
    from concurrent.futures import ProcessPoolExecutor

    stream = stream or sys.stdout
    if not (isinstance(time_limit, (int, float)) and not isinstance(time_limit, bool) and 1 <= time_limit <= 3600):
        raise UnsafePath(f"the time limit {time_limit!r} is not allowed: give seconds from 1 to 3600")
    gradebook, summary_path, keep = check_destination(directory, out)
    files = submissions(Path(directory))
    if keep is not None:
        target = keep.parent
        if is_claimed(target, COMMAND):
            empty_claimed_dir(target, COMMAND)
        mark(target, COMMAND)
    workers = max(1, min(workers or os.cpu_count() or 1, len(files) or 1))
    rows: list[dict] = []
    print(f"Grading {len(files)} file(s) from {directory}, {workers} at a time, {time_limit:g} s each at most",
          file=stream, flush=True)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        jobs = [(str(p), time_limit, str(keep) if keep else None) for p in files]
        for path, outcome in zip(files, pool.map(_grade_one, jobs), strict=True):
            rows += outcome.rows
            scored = [r for r in outcome.rows if r["result"] != "broken"]
            points = sum(r["points"] for r in scored if isinstance(r["points"], int))
            possible = sum(r["max_points"] for r in scored if r["result"] != "to mark")
            status = f"{points}/{possible} points" if scored else "not graded"
            print(f"  {path.name}: {status}" + "".join(f"\n    problem: {p}" for p in outcome.problems),
                  file=stream, flush=True)
    table = summarise(rows)
    _write_csv(gradebook, COLUMNS, rows)
    _write_csv(summary_path, SUMMARY_COLUMNS, table)
    return gradebook, summary_path, rows, table
