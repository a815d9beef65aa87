"""Grade one submission (``grade_notebook``): its rows in the gradebook, one per exercise, and a row per problem.

The notebook runs in a sandbox of its own (``energycoop.teaching.sandbox``). Each exercise is graded from
the answer the student's code left behind, never from what the notebook printed: the check cells are
replaced by cells that hand the value of ``answer`` to the grader (with a secret of the run), and an answer is
accepted only from the grader's own check cell for its own key. Each answer is judged in a separate process
with a time and memory bound (``judge.Verdicts``): an answer that cannot be read costs only its own exercise.
A notebook is read, never written.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from energycoop.data.notebook_file import Unreadable, read_notebook
from energycoop.teaching import sandbox
from energycoop.teaching.catalogue import EXERCISES, SETS, number_of
from energycoop.teaching.cell_errors import error_text, one_per_cell
from energycoop.teaching.containment import memory_text
from energycoop.teaching.copied import copy_flags
from energycoop.teaching.graded_copy import (
    answers_of,
    first_line,
    graded_copy,
    inspect,
    internals,
    nb_source,
    restore_tags,
)
from energycoop.teaching.judge import Verdicts
from energycoop.teaching.sandbox_talk import Execution
from energycoop.teaching.student import exercise_block
from energycoop.teaching.submissions import Submission, file_stem, read_file, shown_name, too_many_cells

TIME_LIMIT = 60.0  # seconds per notebook


@dataclass
class Outcome:
    rows: list[dict]
    problems: list[str]
    seconds: float = 0.0
    confined: bool = True


def _problem_row(who, reason: str, set_name: str = "", seed="", result: str = "broken") -> dict:
    student, file = (
        (who.student, who.file) if isinstance(who, Submission) else (Path(who).stem, Path(who).name)
    )
    return {
        "student": student,
        "file": file,
        "set": set_name,
        "seed": seed,
        "exercise": "",
        "key": "",
        "skill": "",
        "level": "",
        "result": result,
        "points": "",
        "max_points": "",
        "answer": "",
        "feedback": reason,
    }


@dataclass
class _Ran:
    """One submission's graded copy after its run in the sandbox: what its exercises' rows are made of.
    ``checks``: each exercise's check cell (its index in the copy); ``edited``: the check cells the student
    edited, and how; ``executed``: each cell's outputs and status; ``errors``: each cell's error;
    ``captured``: each exercise's answer, as handed over by its check cell."""

    submission: Submission
    set_name: str
    seed: int
    copy: Any  # nbformat's notebook
    checks: dict[str, int]
    edited: dict[str, str]
    execution: Execution
    executed: dict[int, dict]
    errors: dict[int, str] = field(default_factory=dict)
    captured: dict[str, dict] = field(default_factory=dict)


def grade_notebook(
    submission: Submission | Path,
    time_limit: float = TIME_LIMIT,
    keep: Path | None = None,
    hide: list[Path] | None = None,
    verdicts=None,
    roster_seed: int | None = None,
    classmates: dict[int, list[str]] | None = None,
) -> Outcome:
    """Grade one submission (read already): rows for its exercises and problem rows, never an exception.
    ``classmates``: the class's seeds and the students holding each; a wrong answer that is another of them's
    (or the article's own figures', seed 0) is flagged for the teacher (``copy_flags``)."""
    import nbformat

    start = time.monotonic()
    if not isinstance(submission, Submission):
        submission = _read_submission(Path(submission))
    read = _gradable(submission, roster_seed)
    if isinstance(read, Outcome):
        return read
    nb, set_name, seed, flags = read
    copy, checks, edited = graded_copy(nb, seed)
    nonce = copy.metadata["energycoop_nonce"]
    execution = sandbox.run_notebook(nbformat.writes(copy), time_limit, hide or [])
    ran = _Ran(
        submission,
        set_name,
        seed,
        copy,
        checks,
        edited,
        execution,
        {i: c for i, c in execution.cells.items() if i >= 0},
    )
    if keep is not None:
        _keep_copy(ran, keep)
    if execution.interrupted:
        return Outcome(
            [
                _problem_row(
                    submission,
                    "interrupted: grading stopped before this notebook was graded",
                    set_name,
                    seed,
                    result="interrupted",
                )
            ],
            ["interrupted"],
            confined=execution.confined,
        )
    problems = _cell_problems(ran, time_limit)
    ran.captured, forged = answers_of(copy, ran.executed, checks, nonce)
    flags += forged
    matched: dict[int, list[str]] = {}  # another variant -> the exercises whose answer is that variant's
    others = tuple(k for k in (classmates or {}) if k != seed)
    rows = [_exercise_row(ran, key, verdicts, others, problems, matched) for key in SETS[set_name]]
    flags += [f"check cell of exercise {number_of(k)} ({k}): {note}" for k, note in edited.items()]
    flags += copy_flags(matched, seed, classmates or {}, submission.student)
    rows += [_problem_row(submission, p, set_name, seed) for p in problems]
    rows += [_problem_row(submission, f, set_name, seed, result="flagged") for f in one_per_cell(flags)]
    return Outcome(rows, problems + one_per_cell(flags), time.monotonic() - start, execution.confined)


def _read_submission(path: Path) -> Submission:
    """A submission given by its path (one notebook graded on its own): read, or why it is not graded."""
    data, digest, problem = read_file(path)
    submission = Submission(
        path,
        path.stem,
        shown_name(path.name),
        data,
        digest,
        skip=problem
        if path.suffix.lower() == ".ipynb"
        else f"not a notebook (a {path.suffix or 'file without extension'}): only .ipynb files are graded",
        result="broken",
    )
    if submission.skip is None and data is None:
        submission.skip = "cannot be read"
    return submission


def _gradable(submission: Submission, roster_seed: int | None) -> Outcome | tuple:
    """The submission's notebook, exercise set, seed and flags so far; or, when it cannot be graded, its
    outcome (a problem row for each reason)."""
    if submission.skip:
        return Outcome(
            [_problem_row(submission, submission.skip, result=submission.result)], [submission.skip]
        )
    assert submission.data is not None  # read before grading: a file that could not be read has its skip
    too_many = too_many_cells(submission.data)
    if too_many:
        return Outcome([_problem_row(submission, too_many)], [too_many])
    try:
        nb, _ = read_notebook(submission.data)  # a byte-order mark is allowed; nbformat's warnings kept back
    except Unreadable as exc:  # whatever is wrong with the file, it is reported the same way
        reason = f"not a readable notebook: {exc}"
        return Outcome([_problem_row(submission, reason)], [reason])
    lost = restore_tags(nb)
    set_name, seed, problems, flags = inspect(nb, submission.path, roster_seed)
    flags = lost + flags
    if problems:
        return Outcome(
            [_problem_row(submission, p, set_name, seed if set_name else "") for p in problems], problems
        )
    flags += internals(nb)
    if exercise_block(nb).get("key") is True:
        flags.append(
            "this is an answer key notebook (metadata energycoop.exercises.key), not a student's own "
            "work: check where it came from"
        )
    return nb, set_name, seed, flags


def _keep_copy(ran: _Ran, keep: Path) -> None:
    """Write the graded copy with its outputs into the folder ``keep`` (a convenience, never a grade)."""
    import nbformat

    copy = ran.copy
    for index, cell in enumerate(copy.cells):
        cell.outputs = (
            [nbformat.from_dict(o) for o in ran.executed.get(index, {}).get("outputs", [])]
            if cell.cell_type == "code"
            else []
        )
    copy.metadata.pop("energycoop_nonce", None)
    file = ran.submission.file
    try:
        shown = file[:-6] if file.lower().endswith(".ipynb") else file
        target = keep / f"{file_stem(shown.replace('/', '__'))}.ipynb"  # ana.ipynb, not ana.ipynb.ipynb
        with open(
            target, "x", encoding="utf-8", errors="backslashreplace"
        ) as handle:  # a forged lone surrogate
            nbformat.write(copy, handle)
    except (OSError, ValueError):  # (a UnicodeError is a ValueError) the copy is a convenience, never a grade
        pass


def _cell_problems(ran: _Ran, time_limit: float) -> list[str]:
    """The problems of the run: why it stopped early, and each cell's error (kept in ``ran.errors``)."""
    execution = ran.execution
    problems = [execution.failure] if execution.failure else []
    for index, cell in sorted(ran.executed.items()):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                message = error_text(output, time_limit, memory_text())
                ran.errors[index] = message
                if execution.failure and cell.get("status") in ("deaf", "dead"):
                    continue  # the cell that stopped the kernel: its cause is the row above (one per cause)
                # the copy holds the grader's first cell, then the notebook's code cells in order
                checked = next((k for k, i in ran.checks.items() if i == index), None)
                if checked is not None:  # the grader's own check cell, run on the student's answer
                    problems.append(
                        f"the check of exercise {number_of(checked)} ({checked}), run on the answer "
                        f"left in `answer`: {message}"
                    )
                else:
                    problems.append(
                        f"code cell {index} ({first_line(nb_source(ran.copy.cells[index]))!r}): {message}"
                    )
    if 0 in ran.errors:
        problems.append("the grader's first cell failed in the sandbox: " + ran.errors[0])
    return problems


def _exercise_row(
    ran: _Ran,
    key: str,
    verdicts,
    others: tuple[int, ...],
    problems: list[str],
    matched: dict[int, list[str]],
) -> dict:
    """The gradebook's row for exercise ``key``: judged, or why it is not graded (a deleted check cell is
    also a problem of the notebook's). A wrong answer that is another variant's is noted in ``matched``."""
    exercise = EXERCISES[key]
    row = {
        "student": ran.submission.student,
        "file": ran.submission.file,
        "set": ran.set_name,
        "seed": ran.seed,
        "exercise": number_of(key),
        "key": key,
        "skill": exercise.skill,
        "level": exercise.level,
        "max_points": exercise.points,
        "answer": "",
    }
    if key not in ran.checks:
        reason = f"the check cell of exercise {number_of(key)} ({key}) was deleted"
        problems.append(reason)
        return {
            **row,
            "result": "not graded",
            "points": 0,
            "feedback": reason + ": copy it back from a fresh notebook",
        }
    if key not in ran.captured:
        return {**row, "result": "not graded", "points": 0, "feedback": _not_captured(ran, key)}
    return {**row, **_judged(ran, key, verdicts, others, matched)}


def _not_captured(ran: _Ran, key: str) -> str:
    """Why exercise ``key`` has no answer to judge: its check failed on the answer, or never ran."""
    checks, execution = ran.checks, ran.execution
    if checks[key] in ran.errors:  # the check ran, and failed on this answer
        return f"the grader's check of your answer failed: {ran.errors[checks[key]]}; fix the answer and run it again"
    stopped_at = min(
        (i for i, c in ran.executed.items() if c.get("status") in ("deaf", "dead")), default=None
    )
    why = "the notebook stopped before this exercise's check cell ran"
    if stopped_at is not None and stopped_at <= checks[key]:
        why += f" ({execution.failure or 'the kernel stopped'})"
    elif execution.failure:
        why += f" ({execution.failure})"
    return why


def _judged(ran: _Ran, key: str, verdicts, others: tuple[int, ...], matched: dict[int, list[str]]) -> dict:
    """The result, points, answer and feedback of exercise ``key``'s captured answer."""
    exercise = EXERCISES[key]
    payload = ran.captured[key]
    judged = (
        verdicts.judge(key, payload, ran.seed, others)
        if verdicts is not None
        else _judge_here(key, payload, ran.seed, others)
    )
    result, feedback = judged["result"], judged["feedback"]
    for k in judged.get("matches") or () if result == "wrong" else ():
        matched.setdefault(k, []).append(key)
    if result not in ("right", "wrong", "not answered", "to mark"):
        result, feedback = "wrong", "Cannot read your answer."
    copy = ran.copy
    before = [
        i
        for i in range(ran.checks[key])
        if copy.cells[i].cell_type == "code" and "grader" not in copy.cells[i].metadata.get("tags", [])
    ]
    crashed = ran.errors.get(before[-1]) if before else None
    if crashed and result == "not answered":
        result, feedback = "wrong", f"Your answer cell did not run ({crashed}). Fix it and run it again."
    if key in ran.edited:
        feedback += f" (Note: {ran.edited[key]}.)"
    points = "" if result == "to mark" else (exercise.points if result == "right" else 0)
    answer = judged.get("answer", "")
    if exercise.open and payload.get("kind") == "text":
        answer = str(payload.get("text", ""))  # an open answer in full, for the teacher to mark
    return {"result": result, "points": points, "answer": answer, "feedback": str(feedback)}


def _judge_here(key: str, payload: dict, seed: int, others: tuple[int, ...] = ()) -> dict:
    """Judge in a process of its own (used without a ``Verdicts`` process: tests of one notebook)."""

    judge = Verdicts()
    try:
        return judge.judge(key, payload, seed, others)
    finally:
        judge.close()
