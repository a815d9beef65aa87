"""Grade a directory of student exercise notebooks into a gradebook.

``grade(directory)`` reads and hashes every submission first, then executes each notebook in a sandbox
of its own (``energycoop.teaching.sandbox``: bubblewrap where it runs, showing only the system's programs, the
environment and the collection's code read-only, a private scratch directory, no network, no view of the other submissions or of the output folder, limits on memory,
processes, time and output; elsewhere the same limits by ``resource``, and a warning row in the
gradebook). It grades each exercise from the answer the student's code left behind, never from what the
notebook printed: the check cells are replaced by cells that hand the value of ``answer`` to the grader
(with a secret of the run), and an answer is accepted only from the grader's own check cell for its own
key. Each answer is judged in a separate process with a time and memory bound
(``judge.Verdicts``): an answer that cannot be read costs only its own exercise. A notebook is read,
never written.

The gradebook has one row per notebook and exercise: right, wrong, not answered, to mark (an open
question for the teacher), or not graded, with the feedback and the points, and a row for each problem:
``broken`` (the notebook, or part of it, cannot be graded: a file that is not a notebook, a notebook of
no exercise set, a tampered seed, a deleted check cell, a cell that raised an error or ran past the time
limit), ``skipped`` (an entry that is not graded: a hidden file, a link, a FIFO, a folder too deep),
``flagged`` (graded, for the teacher to look at: code that reaches for the grading internals, an edited
check cell, a deleted variant note, a file that changed while it was graded, wrong answers that are another
variant's of the class, ``copy_flags``) and ``interrupted``.

The gradebook is never lost and never written over: it is created exclusively (a second run into the
same file fails at once, before grading), its rows are written as each notebook finishes, and an
interrupted run (Ctrl-C, SIGTERM) leaves it with "interrupted" rows for the notebooks not graded, and
no process behind. Every cell is safe to open in a spreadsheet (a cell beginning with = + - @ is
prefixed with '), the file is UTF-8 with a byte-order mark, and odd bytes in file names are written as
escapes. Beside it: the per-exercise summary (``NAME-summary.csv``), a wide sheet with one row per
student (``NAME-students.csv``) and one feedback file per student (``NAME-feedback/``).

A roster (``--roster`` or ``--class``, the class list of ``exercises --class``) binds each student's variant:
the notebook is graded for the roster's seed whatever its metadata says, and any difference is flagged. A
submission's student is found from its folder or file name (``submissions.student_of``: ``DIR/ana/...``,
``DIR/ana.ipynb``, ``DIR/ana_01-power-and-energy.ipynb``, a learning platform's ``DIR/Ana García_4455_
assignsubmission_file_/...``), matched to the roster's ids; a file that matches no id is a problem row of no
student, and a student with no file gets a row saying so. Cell tags an editor dropped are put back from the
cells' text (``restore_tags``) and flagged for the teacher, never taken for tampering. The gradebook and the
roster are hidden from student code (their folders, or the files themselves where the folder holds the clone).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from energycoop.data.notebook_file import Unreadable, read_notebook
from energycoop.data.paths import UnsafePath, mark
from energycoop.teaching import sandbox
from energycoop.teaching.catalogue import EXERCISES, SETS, number_of
from energycoop.teaching.cell_errors import error_text, one_per_cell
from energycoop.teaching.copied import class_seeds, copy_flags
from energycoop.teaching.gradebook import (
    COMMAND,
    Gradebook,
    check_destination,
    finish,
)
from energycoop.teaching.graded_copy import (
    answers_of,
    first_line,
    graded_copy,
    inspect,
    internals,
    nb_source,
    restore_tags,
)
from energycoop.teaching.hidden import changed as _changed
from energycoop.teaching.hidden import hidden as _hidden
from energycoop.teaching.hidden import untracked_in_clone as _untracked_in_clone
from energycoop.teaching.judge import Verdicts
from energycoop.teaching.marks import Marks
from energycoop.teaching.marks import previous as previous_gradebook
from energycoop.teaching.outputs import ignore_in_clone
from energycoop.teaching.sheets import NO_SUBMISSION, PROBLEMS, provisional
from energycoop.teaching.student import exercise_block
from energycoop.teaching.submissions import (
    Submission,
    collect,
    file_stem,
    for_console,
    no_surrogates,
    one_copy_each,
    read_class_list,
    read_file,
    same_student,
    shown_name,
    student_of,
    too_many_cells,
)

TIME_LIMIT = 60.0  # seconds per notebook
UNCONFINED = (
    "grading ran unconfined: bubblewrap (the bwrap command) could not run here, so student code ran "
    "with resource limits, a scratch home and a minimal environment only, and could read this "
    "computer's files, the answer keys of a handout among them (graded by an ordinary user, it ran as "
    "that user: it could also change that user's files and stop its processes, the grader's among "
    "them; graded as root, each notebook ran as a user of its own, and could read what any user may); "
    "install bubblewrap (apt-get install bubblewrap) to confine it"
)


def seed_zero_warning(files: list[str]) -> str:
    """The gradebook's warning for notebooks graded at seed 0 without a roster: the article's own figures,
    whose worked answers are published, so their answers cannot be told from a copy (review of issue 18, D4)."""
    shown = ", ".join(files[:5]) + (f" and {len(files) - 5} more" if len(files) > 5 else "")
    return (
        f"{len(files)} notebook{'s are' if len(files) > 1 else ' is'} at seed 0 ({shown}): the article's own "
        "figures, whose worked answers are published (notebooks/exercises/solutions/), so a copy of them cannot "
        "be told from a student's own work; hand out variants (`exercises --variant N`) and grade with "
        "`--roster` to bind each student to a seed"
    )


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


def grade_notebook(  # noqa: C901 (to be split: listed in CONTRIBUTING)
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
        path = Path(submission)
        data, digest, problem = read_file(path)
        submission = Submission(
            path,
            path.stem,
            shown_name(path.name),
            data,
            digest,
            skip=problem
            if path.suffix.lower() == ".ipynb"
            else f"not a notebook (a {path.suffix or 'file without extension'}): only .ipynb files "
            "are graded",
            result="broken",
        )
        if submission.skip is None and data is None:
            submission.skip = "cannot be read"
    if submission.skip:
        return Outcome(
            [_problem_row(submission, submission.skip, result=submission.result)], [submission.skip]
        )
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
    copy, checks, edited = graded_copy(nb, seed)
    nonce = copy.metadata["energycoop_nonce"]
    execution = sandbox.run_notebook(nbformat.writes(copy), time_limit, hide or [])
    executed = {i: c for i, c in execution.cells.items() if i >= 0}
    if keep is not None:
        for index, cell in enumerate(copy.cells):
            cell.outputs = (
                [nbformat.from_dict(o) for o in executed.get(index, {}).get("outputs", [])]
                if cell.cell_type == "code"
                else []
            )
        copy.metadata.pop("energycoop_nonce", None)
        try:
            shown = submission.file[:-6] if submission.file.lower().endswith(".ipynb") else submission.file
            target = keep / f"{file_stem(shown.replace('/', '__'))}.ipynb"  # ana.ipynb, not ana.ipynb.ipynb
            with open(
                target, "x", encoding="utf-8", errors="backslashreplace"
            ) as handle:  # a forged lone surrogate
                nbformat.write(copy, handle)
        except (
            OSError,
            ValueError,
        ):  # (a UnicodeError is a ValueError) the copy is a convenience, never a grade
            pass
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
    problems = [execution.failure] if execution.failure else []
    errors: dict[int, str] = {}
    for index, cell in sorted(executed.items()):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                message = error_text(output, time_limit, sandbox.memory_text())
                errors[index] = message
                if execution.failure and cell.get("status") in ("deaf", "dead"):
                    continue  # the cell that stopped the kernel: its cause is the row above (one per cause)
                # the copy holds the grader's first cell, then the notebook's code cells in order
                checked = next((k for k, i in checks.items() if i == index), None)
                if checked is not None:  # the grader's own check cell, run on the student's answer
                    problems.append(
                        f"the check of exercise {number_of(checked)} ({checked}), run on the answer "
                        f"left in `answer`: {message}"
                    )
                else:
                    problems.append(
                        f"code cell {index} ({first_line(nb_source(copy.cells[index]))!r}): {message}"
                    )
    if 0 in errors:
        problems.append("the grader's first cell failed in the sandbox: " + errors[0])
    captured, forged = answers_of(copy, executed, checks, nonce)
    flags += forged
    stopped_at = min((i for i, c in executed.items() if c.get("status") in ("deaf", "dead")), default=None)
    rows = []
    others = tuple(k for k in (classmates or {}) if k != seed)
    matched: dict[int, list[str]] = {}  # another variant -> the exercises whose answer is that variant's
    for key in SETS[set_name]:
        exercise = EXERCISES[key]
        row = {
            "student": submission.student,
            "file": submission.file,
            "set": set_name,
            "seed": seed,
            "exercise": number_of(key),
            "key": key,
            "skill": exercise.skill,
            "level": exercise.level,
            "max_points": exercise.points,
            "answer": "",
        }
        if key not in checks:
            reason = f"the check cell of exercise {number_of(key)} ({key}) was deleted"
            problems.append(reason)
            rows.append(
                {
                    **row,
                    "result": "not graded",
                    "points": 0,
                    "feedback": reason + ": copy it back from a fresh notebook",
                }
            )
            continue
        if key not in captured and checks[key] in errors:  # the check ran, and failed on this answer
            why = f"the grader's check of your answer failed: {errors[checks[key]]}; fix the answer and run it again"
            rows.append({**row, "result": "not graded", "points": 0, "feedback": why})
            continue
        if key not in captured:
            why = "the notebook stopped before this exercise's check cell ran"
            if stopped_at is not None and stopped_at <= checks[key]:
                why += f" ({execution.failure or 'the kernel stopped'})"
            elif execution.failure:
                why += f" ({execution.failure})"
            rows.append({**row, "result": "not graded", "points": 0, "feedback": why})
            continue
        payload = captured[key]
        judged = (
            verdicts.judge(key, payload, seed, others)
            if verdicts is not None
            else _judge_here(key, payload, seed, others)
        )
        result, feedback = judged["result"], judged["feedback"]
        for k in judged.get("matches") or () if result == "wrong" else ():
            matched.setdefault(k, []).append(key)
        if result not in ("right", "wrong", "not answered", "to mark"):
            result, feedback = "wrong", "Cannot read your answer."
        before = [
            i
            for i in range(checks[key])
            if copy.cells[i].cell_type == "code" and "grader" not in copy.cells[i].metadata.get("tags", [])
        ]
        crashed = errors.get(before[-1]) if before else None
        if crashed and result == "not answered":
            result, feedback = "wrong", f"Your answer cell did not run ({crashed}). Fix it and run it again."
        if key in edited:
            feedback += f" (Note: {edited[key]}.)"
        points = "" if result == "to mark" else (exercise.points if result == "right" else 0)
        answer = judged.get("answer", "")
        if exercise.open and payload.get("kind") == "text":
            answer = str(payload.get("text", ""))  # an open answer in full, for the teacher to mark
        rows.append({**row, "result": result, "points": points, "answer": answer, "feedback": str(feedback)})
    flags += [f"check cell of exercise {number_of(k)} ({k}): {note}" for k, note in edited.items()]
    flags += copy_flags(matched, seed, classmates or {}, submission.student)
    rows += [_problem_row(submission, p, set_name, seed) for p in problems]
    rows += [_problem_row(submission, f, set_name, seed, result="flagged") for f in one_per_cell(flags)]
    return Outcome(rows, problems + one_per_cell(flags), time.monotonic() - start, execution.confined)


class _Warming:
    """A ``Verdicts`` whose process starts and loads the class's variants in a thread of its own, while the
    first notebook runs in its sandbox (about 5 s of each grading thread's start, measured for issue 18 M2)."""

    def __init__(self, judge: Verdicts, seed: int, seeds: tuple[int, ...]):
        self.verdicts = judge
        self.thread = threading.Thread(
            target=judge.judge, args=(next(iter(EXERCISES)), {"kind": "none"}, seed, seeds), daemon=True
        )
        self.thread.start()

    def judge(self, *args) -> dict:
        self.thread.join()
        return self.verdicts.judge(*args)

    def close(self) -> None:
        self.thread.join(timeout=30)
        self.verdicts.close()


def _judge_here(key: str, payload: dict, seed: int, others: tuple[int, ...] = ()) -> dict:
    """Judge in a process of its own (used without a ``Verdicts`` process: tests of one notebook)."""

    judge = Verdicts()
    try:
        return judge.judge(key, payload, seed, others)
    finally:
        judge.close()


# ------------------------------------------------------------------------------------------------
# A directory


class Interrupted(KeyboardInterrupt):
    """Grading was interrupted (Ctrl-C, SIGTERM); the partial gradebook is at ``gradebook``."""

    def __init__(self, gradebook: Path):
        super().__init__(str(gradebook))
        self.gradebook = gradebook


def _status(outcome: Outcome) -> str:
    """ "11/14 points (provisional: 1 open answer to mark)": out of the set's points, whatever happened."""
    scored = [r for r in outcome.rows if r["result"] not in PROBLEMS and r["key"]]
    if not scored:
        return "not graded"
    points = sum(r["points"] for r in scored if isinstance(r["points"], int))
    possible = sum(EXERCISES[k].points for k in SETS.get(scored[0]["set"], ()))
    waiting = sum(r["result"] == "to mark" for r in scored)
    return f"{points}/{possible} points" + (f" ({provisional(waiting)})" if waiting else "")


def grade(  # noqa: C901 (to be split: listed in CONTRIBUTING)
    directory: Path,
    out: Path | None = None,
    time_limit: float = TIME_LIMIT,
    workers: int | None = None,
    stream=None,
    roster: Path | None = None,
    marks: Path | None = None,
) -> tuple[Path, Path, list[dict], list[dict]]:
    """Grade every submission in ``directory``; write the gradebook (row by row), the per-exercise summary,
    the wide sheet and the feedback files; return the gradebook's and summary's paths, the rows and the
    summary. Raises ``UnsafePath`` (nothing written) for a bad input, ``GradebookExists`` if the gradebook
    exists, ``Interrupted`` (after writing the partial gradebook) on Ctrl-C or SIGTERM. The teacher's hand marks
    of a previous gradebook (``marks``, or else the newest in the default output folder) are carried over to
    the rows whose answer is unchanged (``marks.Marks``)."""
    import sys
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    stream = stream or sys.stdout

    def say(text: str) -> None:  # a console that cannot show a name (cp1252) or is closed never stops grading
        text = no_surrogates(text)
        try:
            print(text, file=stream, flush=True)
        except UnicodeEncodeError:
            encoding = getattr(stream, "encoding", None) or "ascii"
            with contextlib.suppress(LookupError, UnicodeError, OSError, ValueError):
                print(
                    text.encode(encoding, "backslashreplace").decode(encoding, "replace"),
                    file=stream,
                    flush=True,
                )
        except (OSError, ValueError):
            pass

    if not (
        isinstance(time_limit, (int, float)) and not isinstance(time_limit, bool) and 1 <= time_limit <= 3600
    ):
        raise UnsafePath(f"the time limit {time_limit!r} is not allowed: give seconds from 1 to 3600")
    the_roster = read_class_list(roster) if roster is not None else None
    destination = check_destination(directory, out)
    older: list[Path] = []
    named = marks is not None  # --marks: a file the teacher named must be readable; one found need not be
    if not named and destination.executed is not None:  # the default folder: the previous gradebooks there
        marks, *older = previous_gradebook(destination.gradebook.parent, destination.gradebook) or [None]
    carried = Marks.read(marks, *older, named=named) if marks is not None else Marks()
    found = collect(Path(directory))  # every submission read and hashed before any kernel starts
    hide = _hidden(
        [Path(directory).resolve(), destination.gradebook.parent.resolve()], [destination.gradebook]
    )
    if roster is not None:
        hide += _hidden([Path(roster).resolve().parent], [Path(roster).resolve()])
    hide += [p for p in _untracked_in_clone() if p not in hide]
    problem = sandbox.preflight(hide)
    if problem:  # a fault of this machine's set-up, never marked against a student
        raise UnsafePath(
            f"{problem}: nothing was graded and nothing written; this is the grader's set-up, "
            "not a student's notebook"
        )
    if destination.executed is not None or not destination.gradebook.parent.exists():
        mark(destination.gradebook.parent, COMMAND)  # a folder grade makes is marked as its own
        ignore_in_clone(destination.gradebook.parent)
    book = Gradebook(destination.gradebook)
    if destination.executed is not None:
        destination.executed.mkdir()
    rows: list[dict] = []
    if sandbox.bwrap() is None:
        warning = _problem_row(Submission(Path(""), "", ""), UNCONFINED, result="warning")
        rows.append(warning)
        book.write([warning])
        say(f"warning: {UNCONFINED}")
    per_process = sandbox.memory_per_process_only()
    if per_process:
        warning = _problem_row(Submission(Path(""), "", ""), per_process, result="warning")
        rows.append(warning)
        book.write([warning])
        say(f"warning: {per_process}")
    ids = [s for s, _ in the_roster.students] if the_roster is not None else None
    for item in found:
        if item.file and not item.file.startswith("."):
            student, why = student_of(item.file, ids)
            if student is not None:
                item.student = student
            else:
                item.student = ""  # not a student of the roster: never a row of its own in the wide sheet
            if student is None and item.data is not None:
                item.skip, item.result = (
                    (
                        f"{item.file} is not matched to a student on the roster "
                        f"{shown_name(Path(roster).name)} ({why}): not graded; name the file or "
                        "folder by the student's id, or add the student"
                    ),
                    "broken",
                )
        if the_roster is None and item.student:  # one student however the name was typed or copied
            item.student = same_student(item.student)
        if the_roster is not None and item.student:
            item.seed = the_roster.seeds[item.student]
    one_copy_each(found)
    if the_roster is not None:
        for warning in the_roster.warnings:
            say(f"warning: {warning}")
        present = {s.student for s in found}
        missing = [s for s, _ in the_roster.students if s not in present]
        missed = [
            {
                **_problem_row(Submission(Path(""), s, ""), NO_SUBMISSION, seed=the_roster.seeds[s]),
                "result": "not graded",
            }
            for s in missing
        ]
        rows += missed
        book.write(missed)
    todo = [s for s in found]
    classmates = class_seeds(found, the_roster)
    workers = max(1, min(workers or os.cpu_count() or 1, len([s for s in todo if s.skip is None]) or 1))
    if sandbox.bwrap() is None and os.geteuid() != 0:
        workers = (
            1  # unconfined, every notebook runs as the grader's user: none runs beside another to reach it
        )
    say(
        f"Grading {sum(s.skip is None for s in todo)} notebook(s) from {shown_name(str(directory))}, {workers} at a "
        f"time, {time_limit:g} s each at most"
    )
    local = threading.local()
    judges: list = []

    def one(item: Submission) -> Outcome:
        if not hasattr(
            local, "judge"
        ):  # started and warmed (the class's variants) while the first sandbox runs
            local.judge = _Warming(Verdicts(), item.seed or 0, tuple(classmates))
            judges.append(local.judge)
        try:
            return grade_notebook(
                item, time_limit, destination.executed, hide, local.judge, item.seed, classmates
            )
        except Exception as exc:  # one submission never stops the others
            reason = f"the grader failed on this file: {type(exc).__name__}: {first_line(str(exc))}"
            return Outcome([_problem_row(item, reason)], [reason])

    sandbox.Live.stopping.clear()
    previous = previous_int = previous_hup = None
    if threading.current_thread() is threading.main_thread():

        def on_term(signum, frame):
            raise KeyboardInterrupt

        # SIGTERM, and SIGHUP (the terminal closed, an SSH session dropped), stop grading as Ctrl-C does
        previous = signal.signal(signal.SIGTERM, on_term)
        previous_hup = signal.signal(signal.SIGHUP, on_term)
        previous_int = signal.getsignal(signal.SIGINT)
    pending: dict = {}
    finished: set[int] = set()
    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        for index, item in enumerate(todo):
            if item.skip is not None:
                outcome = grade_notebook(item)
                rows += outcome.rows
                book.write(outcome.rows)
                finished.add(index)
                say(f"  {item.file}: {for_console(outcome.problems[0])}")
            else:
                pending[pool.submit(one, item)] = index
        while pending:
            done, _ = wait(list(pending), timeout=0.5, return_when=FIRST_COMPLETED)
            for future in done:
                index = pending.pop(future)
                item = todo[index]
                outcome = future.result()
                changed = _changed(item)
                if changed:
                    outcome.rows.append(_problem_row(item, changed, result="flagged"))
                    outcome.problems.append(changed)
                carried.carry(outcome.rows)
                rows += outcome.rows
                book.write(outcome.rows)
                finished.add(index)
                say(
                    f"  {item.file}: {_status(outcome)}"
                    + "".join(f"\n    problem: {for_console(p)}" for p in outcome.problems)
                )
        at_zero = sorted({str(r["file"]) for r in rows if r.get("key") and str(r.get("seed")) == "0"})
        if at_zero and the_roster is None:
            warning = _problem_row(Submission(Path(""), "", ""), seed_zero_warning(at_zero), result="warning")
            rows.append(warning)
            book.write([warning])
            say(f"warning: {for_console(warning['feedback'])}")
    except KeyboardInterrupt:
        if threading.current_thread() is threading.main_thread():  # a second Ctrl-C never stops the clean-up
            for stop in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                signal.signal(stop, signal.SIG_IGN)
        sandbox.stop_all()
        late = [
            _problem_row(
                todo[i], "interrupted: grading stopped before this notebook was graded", result="interrupted"
            )
            for i in range(len(todo))
            if i not in finished
        ]
        rows += late
        book.write(late)
        book.close()
        pool.shutdown(wait=True, cancel_futures=True)
        for judge in judges:
            judge.close()
        sandbox.stop_all()
        finish(destination, rows)
        raise Interrupted(destination.gradebook) from None
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        if previous_hup is not None:
            signal.signal(signal.SIGHUP, previous_hup)
        if previous_int is not None:
            signal.signal(signal.SIGINT, previous_int)
        pool.shutdown(wait=True, cancel_futures=True)
        for judge in judges:
            judge.close()
        book.close()
    table = finish(destination, rows)
    if carried.source is not None:
        say(carried.said())
    return destination.gradebook, destination.summary, rows, table
