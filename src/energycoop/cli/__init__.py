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

import os
import sys
from pathlib import Path

from energycoop.build.catalogue import CatalogueError, all_notebooks
from energycoop.build.execution import NotebookFailed
from energycoop.build.freshness import PairConflict
from energycoop.build.runner import run_all
from energycoop.cli.parser import parser
from energycoop.cli.teacher import grade_command, variant_command
from energycoop.data.paths import (
    MARKER,
    ROOT,
    UnsafePath,
    exercise_solutions,
    missing_collection,
    student_path,
)


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
    args = parser(__doc__).parse_args(argv)
    missing = missing_collection()
    if missing:
        print(f"error: {missing}", file=sys.stderr)
        return 2

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
        return grade_command(args)
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
        return variant_command(args)

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
