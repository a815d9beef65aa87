"""Grade a directory of student exercise notebooks into a gradebook.

``grade(directory)`` reads and hashes every submission first, then executes each notebook in a sandbox
of its own (``energycoop.teaching.sandbox``: bubblewrap where it runs, showing only the system's programs, the
environment and the collection's code read-only, a private scratch directory, no network, no view of the other submissions or of the output folder, limits on memory,
processes, time and output; elsewhere the same limits by ``resource``, and a warning row in the
gradebook) and grades it (``notebook_grading.grade_notebook``: each exercise from the answer the student's
code left behind, never from what the notebook printed, each answer judged in a separate process with a
time and memory bound). A notebook is read, never written.

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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from energycoop.data.paths import UnsafePath, mark
from energycoop.teaching import live_processes, sandbox_setup
from energycoop.teaching.catalogue import EXERCISES, SETS
from energycoop.teaching.copied import class_seeds
from energycoop.teaching.gradebook import COMMAND, Destination, Gradebook, check_destination, finish
from energycoop.teaching.graded_copy import first_line
from energycoop.teaching.hidden import changed as _changed
from energycoop.teaching.hidden import hidden as _hidden
from energycoop.teaching.hidden import untracked_in_clone as _untracked_in_clone
from energycoop.teaching.judge import Verdicts
from energycoop.teaching.marks import Marks
from energycoop.teaching.marks import previous as previous_gradebook
from energycoop.teaching.notebook_grading import TIME_LIMIT, Outcome, _problem_row, grade_notebook
from energycoop.teaching.outputs import ignore_in_clone
from energycoop.teaching.sheets import NO_SUBMISSION, PROBLEMS, provisional
from energycoop.teaching.submissions import (
    Submission,
    collect,
    for_console,
    no_surrogates,
    one_copy_each,
    read_class_list,
    same_student,
    shown_name,
    student_of,
)

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


def grade(
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

    say = _console(stream or sys.stdout)
    if not (
        isinstance(time_limit, (int, float)) and not isinstance(time_limit, bool) and 1 <= time_limit <= 3600
    ):
        raise UnsafePath(f"the time limit {time_limit!r} is not allowed: give seconds from 1 to 3600")
    the_roster = read_class_list(roster) if roster is not None else None
    destination = check_destination(directory, out)
    carried = _carried_marks(destination, marks)
    found = collect(Path(directory))  # every submission read and hashed before any kernel starts
    hide = _hidden_places(Path(directory), destination, roster)
    problem = sandbox_setup.preflight(hide)
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
    run = _ClassRun(destination, book, say, carried, time_limit, hide)
    for warning in _machine_warnings():
        run.record([warning])
        say(f"warning: {warning['feedback']}")
    _match_students(found, the_roster, roster)
    one_copy_each(found)
    if the_roster is not None:
        for warning in the_roster.warnings:
            say(f"warning: {warning}")
        run.record(_missing(the_roster, found))
    run.todo = list(found)
    run.classmates = class_seeds(found, the_roster)
    workers = _worker_count(workers, run.todo)
    say(
        f"Grading {sum(s.skip is None for s in run.todo)} notebook(s) from {shown_name(str(directory))}, {workers} at a "
        f"time, {time_limit:g} s each at most"
    )
    _grade_all(run, workers, the_roster is None)
    table = finish(destination, run.rows)
    if carried.source is not None:
        say(carried.said())
    return destination.gradebook, destination.summary, run.rows, table


def _console(stream) -> Callable[[str], None]:
    """What grading says on ``stream``: a console that cannot show a name (cp1252) or is closed never stops
    grading."""

    def say(text: str) -> None:
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

    return say


def _carried_marks(destination: Destination, marks: Path | None) -> Marks:
    """The teacher's hand marks to carry over: from ``marks`` (a file named with --marks must be readable),
    or else from the previous gradebooks in the default output folder (one found need not be)."""
    older: list[Path] = []
    named = marks is not None
    if not named and destination.executed is not None:  # the default folder: the previous gradebooks there
        found = previous_gradebook(destination.gradebook.parent, destination.gradebook)
        if not found:
            return Marks()
        marks, *older = found
    return Marks.read(marks, *older, named=named) if marks is not None else Marks()


def _hidden_places(directory: Path, destination: Destination, roster: Path | None) -> list[Path]:
    """What the sandboxes hide: the submissions, the gradebook's folder (or the gradebook), the roster's
    folder (or the roster), and what the clone holds that it does not track."""
    hide = _hidden([directory.resolve(), destination.gradebook.parent.resolve()], [destination.gradebook])
    if roster is not None:
        hide += _hidden([Path(roster).resolve().parent], [Path(roster).resolve()])
    hide += [p for p in _untracked_in_clone() if p not in hide]
    return hide


def _machine_warnings():
    """The gradebook's warning rows about this machine: grading unconfined, memory limited per process."""
    if sandbox_setup.bwrap() is None:
        yield _problem_row(Submission(Path(""), "", ""), UNCONFINED, result="warning")
    per_process = sandbox_setup.memory_per_process_only()
    if per_process:
        yield _problem_row(Submission(Path(""), "", ""), per_process, result="warning")


def _match_students(found: list[Submission], the_roster, roster: Path | None) -> None:
    """Name each submission's student (and, with a roster, its seed); a file the roster does not match is
    not graded."""
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
                        f"{shown_name(roster.name if roster is not None else '')} ({why}): not graded; name the file or "
                        "folder by the student's id, or add the student"
                    ),
                    "broken",
                )
        if the_roster is None and item.student:  # one student however the name was typed or copied
            item.student = same_student(item.student)
        if the_roster is not None and item.student:
            item.seed = the_roster.seeds[item.student]


def _missing(the_roster, found: list[Submission]) -> list[dict]:
    """A row for each student of the roster with no submission."""
    present = {s.student for s in found}
    return [
        {
            **_problem_row(Submission(Path(""), s, ""), NO_SUBMISSION, seed=the_roster.seeds[s]),
            "result": "not graded",
        }
        for s, _ in the_roster.students
        if s not in present
    ]


def _worker_count(workers: int | None, todo: list[Submission]) -> int:
    """How many notebooks are graded at a time: ``workers`` (else one per processor), no more than there are
    to run, and one when unconfined as an ordinary user."""
    workers = max(1, min(workers or os.cpu_count() or 1, len([s for s in todo if s.skip is None]) or 1))
    if sandbox_setup.bwrap() is None and os.geteuid() != 0:
        return 1  # unconfined, every notebook runs as the grader's user: none runs beside another to reach it
    return workers


@dataclass
class _ClassRun:
    """A class's grading in progress: the rows so far (each also written to the gradebook as it comes), the
    submissions to grade (``todo``), which are finished, and each grading thread's ``Verdicts``."""

    destination: Destination
    book: Gradebook
    say: Callable[[str], None]
    carried: Marks
    time_limit: float
    hide: list[Path]
    todo: list[Submission] = field(default_factory=list)
    classmates: dict[int, list[str]] = field(default_factory=dict)
    rows: list[dict] = field(default_factory=list)
    finished: set[int] = field(default_factory=set)
    judges: list = field(default_factory=list)
    local: threading.local = field(default_factory=threading.local)

    def record(self, rows: list[dict]) -> None:
        self.rows += rows
        self.book.write(rows)

    def one(self, item: Submission) -> Outcome:
        """Grade one submission, in a grading thread."""
        if not hasattr(
            self.local, "judge"
        ):  # started and warmed (the class's variants) while the first sandbox runs
            self.local.judge = _Warming(Verdicts(), item.seed or 0, tuple(self.classmates))
            self.judges.append(self.local.judge)
        try:
            return grade_notebook(
                item,
                self.time_limit,
                self.destination.executed,
                self.hide,
                self.local.judge,
                item.seed,
                self.classmates,
            )
        except Exception as exc:  # one submission never stops the others
            reason = f"the grader failed on this file: {type(exc).__name__}: {first_line(str(exc))}"
            return Outcome([_problem_row(item, reason)], [reason])

    def skipped(self, index: int) -> None:
        """Record a submission that is not graded (its problem row)."""
        item = self.todo[index]
        outcome = grade_notebook(item)
        self.record(outcome.rows)
        self.finished.add(index)
        self.say(f"  {item.file}: {for_console(outcome.problems[0])}")

    def graded(self, index: int, outcome: Outcome) -> None:
        """Record a graded submission: flagged if it changed while graded, the teacher's marks carried over."""
        item = self.todo[index]
        changed = _changed(item)
        if changed:
            outcome.rows.append(_problem_row(item, changed, result="flagged"))
            outcome.problems.append(changed)
        self.carried.carry(outcome.rows)
        self.record(outcome.rows)
        self.finished.add(index)
        self.say(
            f"  {item.file}: {_status(outcome)}"
            + "".join(f"\n    problem: {for_console(p)}" for p in outcome.problems)
        )

    def seed_zero(self) -> None:
        """Warn of the notebooks graded at seed 0 (without a roster)."""
        at_zero = sorted({str(r["file"]) for r in self.rows if r.get("key") and str(r.get("seed")) == "0"})
        if at_zero:
            warning = _problem_row(Submission(Path(""), "", ""), seed_zero_warning(at_zero), result="warning")
            self.record([warning])
            self.say(f"warning: {for_console(warning['feedback'])}")

    def interrupted(self, pool) -> None:
        """Stop every sandbox, write an "interrupted" row for each submission not graded and the partial
        gradebook's sheets, then raise ``Interrupted``."""
        if threading.current_thread() is threading.main_thread():  # a second Ctrl-C never stops the clean-up
            for stop in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
                signal.signal(stop, signal.SIG_IGN)
        live_processes.stop_all()
        late = [
            _problem_row(
                self.todo[i],
                "interrupted: grading stopped before this notebook was graded",
                result="interrupted",
            )
            for i in range(len(self.todo))
            if i not in self.finished
        ]
        self.record(late)
        self.book.close()
        pool.shutdown(wait=True, cancel_futures=True)
        for judge in self.judges:
            judge.close()
        live_processes.stop_all()
        finish(self.destination, self.rows)
        raise Interrupted(self.destination.gradebook) from None


def _grade_all(run: _ClassRun, workers: int, no_roster: bool) -> None:
    """Grade ``run.todo``, ``workers`` at a time; SIGTERM and SIGHUP stop grading as Ctrl-C does."""
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    live_processes.Live.stopping.clear()
    handlers = _catch_stops()
    pending: dict = {}
    pool = ThreadPoolExecutor(max_workers=workers)
    try:
        for index, item in enumerate(run.todo):
            if item.skip is not None:
                run.skipped(index)
            else:
                pending[pool.submit(run.one, item)] = index
        while pending:
            done, _ = wait(list(pending), timeout=0.5, return_when=FIRST_COMPLETED)
            for future in done:
                index = pending.pop(future)
                run.graded(index, future.result())
        if no_roster:
            run.seed_zero()
    except KeyboardInterrupt:
        run.interrupted(pool)
    finally:
        _put_back(handlers)
        pool.shutdown(wait=True, cancel_futures=True)
        for judge in run.judges:
            judge.close()
        run.book.close()


def _catch_stops() -> tuple | None:
    """In the main thread: SIGTERM, and SIGHUP (the terminal closed, an SSH session dropped), raise
    KeyboardInterrupt as Ctrl-C does; returns the handlers of SIGTERM, SIGHUP and SIGINT, to put back."""
    if threading.current_thread() is not threading.main_thread():
        return None

    def on_term(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    previous_hup = signal.signal(signal.SIGHUP, on_term)
    return previous, previous_hup, signal.getsignal(signal.SIGINT)


def _put_back(handlers: tuple | None) -> None:
    """Put back the signal handlers ``_catch_stops`` found."""
    if handlers is None:
        return
    for stop, handler in zip((signal.SIGTERM, signal.SIGHUP, signal.SIGINT), handlers, strict=True):
        if handler is not None:
            signal.signal(stop, handler)
