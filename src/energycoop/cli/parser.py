"""The command line's words: the ``energycoop`` parser, its commands and their options (``parser``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def prog() -> str:
    """How the command is called: ``energycoop`` (the installed command) or ``python -m energycoop``."""
    return "energycoop" if Path(sys.argv[0]).name == "energycoop" else "python -m energycoop"


def parser(description: str | None) -> argparse.ArgumentParser:
    """The parser of every command; ``description`` is the usage text ``--help`` prints."""
    prog_name = prog()
    command_line = argparse.ArgumentParser(
        prog=prog_name, description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = command_line.add_subparsers(dest="command", required=True)
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
    return command_line
