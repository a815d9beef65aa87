"""The teacher's commands: ``exercises --variant`` and ``--class`` (handouts), ``grade`` and ``grade --rescore``."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from energycoop.cli.parser import prog
from energycoop.data.paths import UnsafePath


def variant_command(args) -> int:
    from energycoop.data.paths import RUNS
    from energycoop.teaching.classes import write_variant

    if args.roster is not None and args.variant is not None:
        print("error: give --variant SEED or --class ROSTER.csv, not both", file=sys.stderr)
        return 2
    if args.roster is not None:
        return class_command(args)
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


def class_command(args) -> int:
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


def grade_command(args) -> int:
    from energycoop.teaching.grading import Interrupted, grade

    for console in (sys.stdout, sys.stderr):  # a console that cannot show a name (cp1252) gets escapes
        with contextlib.suppress(AttributeError, ValueError, OSError):
            # (typeshed's TextIO has no reconfigure; a console without it is left as it is)
            console.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    if args.rescore is not None:
        return rescore_command(args)
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
        + f"\nAfter entering rubric points in the points column: {prog()} grade --rescore "
        + str(gradebook.relative_to(Path.cwd()) if Path.cwd() in gradebook.parents else gradebook)
    )
    return 0


def rescore_command(args) -> int:
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
