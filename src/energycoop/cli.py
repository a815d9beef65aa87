"""Command line of the energy-cooperation notebooks.

  python -m energycoop run [--all] [NOTEBOOK ...]          execute the notebooks that are out of date (or all, or
                                                          those named) in place, in parallel
  python -m energycoop rerun NOTEBOOK -p NAME VALUE ... [--out DIR]
                                                          execute one notebook with other parameters
  python -m energycoop params NOTEBOOK                     list a notebook's parameters
  python -m energycoop exercises                           regenerate and execute the student exercise notebooks
  python -m energycoop exercises --refresh                 after editing notebooks/exercises/exercises.toml: write its
                                                          questions, hints and intros into the worked solutions,
                                                          then execute them and the student notebooks
  python -m energycoop exercises --variant SEED [--out DIR] [--graded]
                                                          write student notebooks, worksheets and an answer key
                                                          with the numbers of variant SEED (default
                                                          runs/exercises-variant-SEED/)
  python -m energycoop exercises --class ROSTER.csv [--out DIR] [--graded]   (--roster is the same)
                                                          one variant and one answer key per student of a class
                                                          list (columns student, seed; default runs/exercises-class/)
  python -m energycoop grade DIR [--out gradebook.csv] [--roster ROSTER.csv]
                                                          execute and grade the student notebooks in DIR
  python -m energycoop grade --rescore gradebook.csv      after entering rubric points: totals and feedback again
  python -m energycoop site [--out DIR]                    build the static site into site/

Run from the clone, `.venv/bin/energycoop` is this command without activating the environment. The teacher's
commands (exercises, grade) may create a new folder or file inside the clone where no committed file lies
(`--out handout`, `--out gradebook.csv`); they never write over a file they did not make.

Bad input (a notebook that does not exist, a parameter it does not take, an unsafe output
directory) is refused with a message naming it and what is allowed, and exit status 2;
a notebook that fails exits with status 1. Nothing committed is changed by either.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from energycoop.build.catalogue import CatalogueError, all_notebooks
from energycoop.build.execution import NotebookFailed
from energycoop.build.freshness import PairConflict
from energycoop.build.runner import run_all
from energycoop.data.paths import MARKER, ROOT, UnsafePath, exercise_solutions, student_path


def _sync() -> int:
    from energycoop.build.freshness import read_state, sync_pairs, write_state
    from energycoop.data.paths import solution_of

    state = read_state()
    try:
        sync_pairs([p for p in all_notebooks() if solution_of(p) is None], state)
    except PairConflict as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        write_state(state)
    return 0


def main(argv: list[str] | None = None) -> int:
    prog = (
        "energycoop" if Path(sys.argv[0]).name == "energycoop" else "python -m energycoop"
    )  # the installed command
    parser = argparse.ArgumentParser(
        prog=prog, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser(
        "run", help="execute notebooks in place, in parallel, each after the notebooks whose tables it reads"
    )
    run.add_argument(
        "notebooks",
        nargs="*",
        type=Path,
        help="notebooks to run (default: those whose inputs changed since their last run)",
    )
    run.add_argument("--all", action="store_true", help="re-execute every notebook, changed or not")
    commands.add_parser(
        "sync",
        help="bring each notebook and its text file into step, keeping the edit whichever of "
        "the two holds it (a pair edited on both sides is refused, naming both files)",
    )
    practice = commands.add_parser(
        "exercises",
        help="regenerate the student exercise notebooks from the solutions and "
        "execute them; with --variant, write a student's own variant instead",
    )
    practice.add_argument(
        "--variant",
        metavar="SEED",
        help="write student notebooks (and printable worksheets) whose "
        "numbers are changed reproducibly from SEED, a whole number from 1; the committed "
        "notebooks are not touched",
    )
    practice.add_argument(
        "--class",
        "--roster",
        dest="roster",
        type=Path,
        metavar="ROSTER.csv",
        help="a class list (CSV with columns student and seed): one variant and one answer key "
        "per student, in students/ID/ and keys/ID/",
    )
    practice.add_argument(
        "--graded",
        action="store_true",
        help="with --variant or --class: notebooks for graded "
        "work, whose checks record answers without saying right or wrong",
    )
    practice.add_argument(
        "--out",
        type=Path,
        help="with --variant or --class: output directory (default "
        "runs/exercises-variant-SEED/ or runs/exercises-class/)",
    )
    practice.add_argument(
        "--refresh",
        action="store_true",
        help="after editing notebooks/exercises/exercises.toml: "
        "rewrite the question, hint and intro cells of the worked solutions from it (their .py text "
        "files; no other cell), then execute the solutions and the student notebooks",
    )
    grading = commands.add_parser(
        "grade",
        help="execute every student notebook in a directory, each in its own "
        "kernel with a time limit, and write a gradebook CSV and a per-exercise summary",
    )
    grading.add_argument(
        "directory", type=Path, nargs="?", help="the directory of submitted notebooks (only read)"
    )
    grading.add_argument(
        "--out",
        type=Path,
        help="the gradebook CSV to write, a new file (the summary goes beside it "
        "as NAME-summary.csv; default runs/grade-<directory>-<hash>/gradebook.csv)",
    )
    grading.add_argument(
        "--time-limit", default="60", metavar="SECONDS", help="seconds each notebook may run (default 60)"
    )
    grading.add_argument(
        "--roster",
        "--class",
        dest="roster",
        type=Path,
        metavar="ROSTER.csv",
        help="the class list `exercises --class` took (columns student and seed): each student's "
        "notebook is graded for the roster's seed (any other seed in it is flagged), a student with "
        "no submission gets a line, and a file that matches no student is not graded",
    )
    grading.add_argument(
        "--marks",
        type=Path,
        metavar="OLD.csv",
        help="a previous gradebook with your hand marks: each is carried over to the new row of the same "
        "student and exercise whose answer is unchanged (without --out, the newest gradebook in the default "
        "folder is used); the old file is only read",
    )
    grading.add_argument(
        "--rescore",
        type=Path,
        metavar="GRADEBOOK.csv",
        help="after entering your rubric points (or partial credit) in the points column of a "
        "gradebook: write its summary, wide sheet and feedback files again, as new files beside it "
        "(NAME-marked-...); nothing is graded, nothing written over",
    )
    site = commands.add_parser("site", help="build the static site of the executed notebooks into site/")
    site.add_argument("--out", type=Path, help="output directory (default site/)")
    again = commands.add_parser(
        "rerun", help="execute one notebook with other parameters into its own directory"
    )
    again.add_argument("notebook", help="a notebook of the collection (e.g. 02-zhanatas-wind) or a path")
    again.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="a parameter and its value (repeat for more)",
    )
    again.add_argument("--out", type=Path, help="output directory (default runs/<notebook>-<hash>/)")
    listing = commands.add_parser("params", help="list a notebook's parameters with types, defaults and help")
    listing.add_argument("notebook")
    args = parser.parse_args(argv)

    if args.command == "sync":
        return _sync()
    if args.command == "site":
        import time

        from energycoop.build.site import SITE, build
        from energycoop.data.loaders import DataError

        out = args.out or SITE
        start = time.perf_counter()
        try:
            pages = build(out)
        except UnsafePath as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        except DataError as exc:
            print(
                f"error: {exc}\nThe site was not built; the previous one, if any, is as it was.",
                file=sys.stderr,
            )
            return 2
        print(
            f"Built {len(pages)} pages and an index into {out} in {time.perf_counter() - start:.1f} s; "
            f"open {Path(out) / 'index.html'}"
        )
        return 0

    if args.command in ("rerun", "params"):
        return _rerun(args)
    if args.command == "grade":
        return _grade(args)
    if args.command == "exercises" and (
        args.variant is not None or args.out is not None or args.roster is not None or args.graded
    ):
        if args.refresh:
            print(
                "error: --refresh rewrites the committed worked solutions; it goes alone, without --variant, "
                "--class, --out or --graded",
                file=sys.stderr,
            )
            return 2
        return _variant(args)

    paths: list[Path] | None
    if args.command == "exercises":
        paths = [student_path(s) for s in exercise_solutions()]
        if args.refresh:
            from energycoop.teaching.student import refresh_solutions

            changed = ", ".join(str(p.relative_to(ROOT)) for p in refresh_solutions())
            print(
                f"Rewrote the cells the exercises file writes in {changed}"
                if changed
                else "The worked solutions already say what the exercises file says"
            )
            paths = exercise_solutions() + paths
    else:
        paths = _collection_notebooks(args.notebooks) if args.notebooks else None
        if paths == []:
            return 2
    try:
        run_all(paths, everything=getattr(args, "all", False))
    except (NotebookFailed, CatalogueError, PairConflict) as exc:
        print(f"\nerror: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            "\ninterrupted: notebooks that had not finished were not written; the committed files of the "
            "others are complete",
            file=sys.stderr,
        )
        return 130
    return 0


def _collection_notebooks(given: list[Path]) -> list[Path]:
    """``given`` as notebooks of the collection (``run`` executes in place only those); [] after
    printing an error naming what is not one."""
    known = {p.resolve(): p for p in all_notebooks()}
    chosen: list[Path] = []
    unknown: list[Path] = []
    for path in given:
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):
            resolved = None
        (chosen if resolved in known else unknown).append(resolved if resolved in known else path)
    if unknown:
        shown = ", ".join(repr(str(p)) if len(str(p)) <= 80 else repr(f"{str(p)[:40]}...") for p in unknown)
        print(
            f"error: run executes the collection's own notebooks in place; {shown} is not one of them. "
            "The notebooks are: "
            + ", ".join(
                str(p.relative_to(Path.cwd()) if Path.cwd() in p.parents else p) for p in known.values()
            )
            + ". To run a notebook with other parameters or elsewhere, use `python -m energycoop rerun`.",
            file=sys.stderr,
        )
        return []
    return chosen


def _rerun(args) -> int:
    from energycoop.build.rerun import (
        RerunError,
        describe,
        find_notebook,
        output_paths,
        parse_parameters,
        rerun,
    )

    try:
        notebook = find_notebook(args.notebook)
        if args.command == "params":
            print(describe(notebook))
            return 0
        parameters = parse_parameters(notebook, [tuple(p) for p in args.parameter])
        output_paths(notebook, parameters, args.out)  # refuse an unsafe directory before a kernel starts
    except RerunError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Running {notebook.name} with {parameters or 'its defaults'} ...", flush=True)
    try:
        out, comparison = rerun(notebook, parameters, args.out)
    except NotebookFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Outputs in {out}:")
    for path in sorted(out.rglob("*")):
        if path.is_file() and path.name != MARKER:
            print(f"  {path.relative_to(out)}")
    if comparison is not None:
        import pandas as pd

        with pd.option_context(
            "display.width", 120, "display.max_rows", 200, "display.float_format", "{:,.6g}".format
        ):
            print("\nDerived values against the committed defaults:")
            print(comparison.to_string())
    return 0


def _variant(args) -> int:
    from energycoop.data.paths import RUNS
    from energycoop.teaching.classes import write_variant

    if args.roster is not None and args.variant is not None:
        print("error: give --variant SEED or --class ROSTER.csv, not both", file=sys.stderr)
        return 2
    if args.roster is not None:
        return _class(args)
    if args.variant is None:
        print(
            "error: --out and --graded are for --variant SEED or --class ROSTER.csv; without them, `exercises` "
            "regenerates the committed student notebooks in place",
            file=sys.stderr,
        )
        return 2
    text = str(args.variant).strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 2**31 - 1:
        print(
            f"error: --variant {args.variant!r} is not allowed: give a whole number from 1 to {2**31 - 1:,} "
            "(seed 0 is the article's own numbers, the committed notebooks)",
            file=sys.stderr,
        )
        return 2
    seed = int(text)
    try:
        written = write_variant(seed, args.out or RUNS / f"exercises-variant-{seed}", graded=args.graded)
    except UnsafePath as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Variant {seed}: wrote" if written else f"Variant {seed}: nothing new to write")
    for path in written:
        print(f"  {path}")
    return 0


def _class(args) -> int:
    from energycoop.data.params import ParameterError
    from energycoop.data.paths import RUNS
    from energycoop.teaching.classes import write_class

    try:
        written, warnings = write_class(args.roster, args.out or RUNS / "exercises-class", graded=args.graded)
    except (UnsafePath, ParameterError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    folder = written[0].parents[2] if written else args.out
    students = sum(1 for p in written if p.parent.parent.name == "students" and p.suffix == ".ipynb")
    keys = sum(1 for p in written if p.parent.parent.name == "keys" and p.suffix == ".ipynb")
    print(
        f"Class: wrote {students} student notebooks and {keys} key notebooks (with worksheets) into {folder}\n"
        f"  students/ID/  to hand out;  keys/ID/  for you;  class.csv  the list of students, seeds and folders"
    )
    return 0


def _grade(args) -> int:
    from energycoop.teaching.grading import Interrupted, grade

    for console in (sys.stdout, sys.stderr):  # a console that cannot show a name (cp1252) gets escapes
        with contextlib.suppress(AttributeError, ValueError, OSError):
            console.reconfigure(errors="backslashreplace")
    if args.rescore is not None:
        return _rescore(args)
    if args.directory is None:
        print(
            "error: give the directory of submitted notebooks (grade DIR), or --rescore GRADEBOOK.csv",
            file=sys.stderr,
        )
        return 2

    try:
        text = str(args.time_limit).strip()
        if not text.isascii() or "_" in text:  # float() would take "٣٠", "６０" and "1_0"
            raise ValueError(text)
        time_limit = float(text)
    except ValueError:
        time_limit = None
    if time_limit is None or not 1 <= time_limit <= 3600:
        print(
            f"error: --time-limit {args.time_limit!r} is not allowed: give seconds from 1 to 3600",
            file=sys.stderr,
        )
        return 2
    try:
        gradebook, summary, rows, table = grade(
            args.directory,
            args.out,
            time_limit,
            roster=args.roster,
            **({"marks": args.marks} if args.marks is not None else {}),
        )
    except UnsafePath as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Interrupted as exc:
        print(
            f"\ninterrupted: the partial gradebook is {exc.gradebook} (notebooks not graded have an "
            '"interrupted" row); no grading process is left running',
            file=sys.stderr,
        )
        return 130
    except KeyboardInterrupt:
        print(
            "\ninterrupted: grading stopped; a gradebook begun (at --out, or the newest in runs/grade-*/) keeps "
            "the rows written before the interruption; no grading process is left running",
            file=sys.stderr,
        )
        return 130
    print("\nPer exercise (right / answered, mean points):")
    for row in table:
        answered = row["right"] + row["wrong"]
        extra = f", {row['to_mark']} to mark" if row["to_mark"] else ""
        print(
            f"  {row['exercise']:>2}. {row['key']:<30} {row['right']}/{answered} right{extra}"
            + (f", mean {row['mean_points']} of {row['max_points']}" if row["mean_points"] else "")
        )
    problems = sum(r["result"] in ("broken", "skipped", "flagged", "warning") for r in rows)
    stem = gradebook.with_suffix("")
    print(
        f"\nGradebook:  {gradebook}\nSummary:    {summary}\nWide sheet: {stem}-students.csv (a row per student)\n"
        f"Feedback:   {stem}-feedback/ (a file per student, to hand back)"
        + (f"\n{problems} problem line(s) in the gradebook" if problems else "")
        + f"\nAfter entering rubric points in the points column: {_prog()} grade --rescore "
        + str(gradebook.relative_to(Path.cwd()) if Path.cwd() in gradebook.parents else gradebook)
    )
    return 0


def _rescore(args) -> int:
    from energycoop.teaching.gradebook import rescore

    if args.directory is not None or args.out is not None or args.roster is not None:
        print(
            "error: --rescore GRADEBOOK.csv goes alone: it reads the marked gradebook and writes new totals and "
            "feedback beside it (no DIR, --out or --roster)",
            file=sys.stderr,
        )
        return 2
    try:
        destination = rescore(args.rescore)
    except UnsafePath as exc:
        print(f"error: {exc}; nothing was written", file=sys.stderr)
        return 2
    print(
        f"From the marks in {args.rescore}:\n  wide sheet: {destination.students}\n  summary:    "
        f"{destination.summary}\n  feedback:   {destination.feedback}/"
    )
    return 0


def _prog() -> str:
    return "energycoop" if Path(sys.argv[0]).name == "energycoop" else "python -m energycoop"


def make_rerun(environ=None) -> int:
    """``make rerun NB=... P="name=value ..."``: the Makefile passes NB and P in the environment, untouched
    by a shell; P is split here like a shell would split words (quotes keep spaces), and never run."""
    import os
    import shlex
    import sys

    environ = os.environ if environ is None else environ
    notebook = environ.get("ENERGYCOOP_RERUN_NB", "").strip()
    if not notebook:
        print('error: give the notebook: make rerun NB=02-zhanatas-wind P="turbines=50"', file=sys.stderr)
        return 2
    try:
        words = shlex.split(environ.get("ENERGYCOOP_RERUN_P", ""), comments=False, posix=True)
    except ValueError as exc:
        print(
            f"error: P={environ.get('ENERGYCOOP_RERUN_P', '')!r} cannot be read ({exc}); write "
            "P=\"name=value name2='a value with spaces'\"",
            file=sys.stderr,
        )
        return 2
    argv = ["rerun", notebook]
    for word in words:
        name, equals, value = word.partition("=")
        if not equals or not name:
            print(
                f'error: P holds {word!r}, not name=value; write P="turbines=50 hours_per_year=8784"',
                file=sys.stderr,
            )
            return 2
        argv += ["-p", name, value]
    return main(argv)


def run() -> None:
    """Run the command line and exit with its code (``python -m energycoop``)."""
    try:
        sys.exit(main())
    except BrokenPipeError:  # output piped into a command that stopped reading (| head)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


if __name__ == "__main__":
    run()
