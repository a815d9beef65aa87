"""Command line of the energy-cooperation notebooks.

  python -m energycoop run [NOTEBOOK ...]                  execute notebooks in place (all, in parallel)
  python -m energycoop rerun NOTEBOOK -p NAME VALUE ... [--out DIR]
                                                          execute one notebook with other parameters
  python -m energycoop params NOTEBOOK                     list a notebook's parameters
  python -m energycoop exercises                           regenerate the student exercise notebooks
  python -m energycoop site [--out DIR]                    build the static site into site/
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .runner import NotebookFailed, run_all, write_student_notebooks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m energycoop", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="execute notebooks in place, in parallel, each after the notebooks whose tables it reads")
    run.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: all)")
    commands.add_parser("exercises", help="regenerate the student exercise notebooks from the solutions")
    site = commands.add_parser("site", help="build the static site of the executed notebooks into site/")
    site.add_argument("--out", type=Path, help="output directory (default site/)")
    again = commands.add_parser("rerun", help="execute one notebook with other parameters into its own directory")
    again.add_argument("notebook", help="a notebook of the collection (e.g. 02-zhanatas-wind) or a path")
    again.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                       help="a parameter and its value (repeat for more)")
    again.add_argument("--out", type=Path, help="output directory (default runs/<notebook>-<hash>/)")
    listing = commands.add_parser("params", help="list a notebook's parameters with types, defaults and help")
    listing.add_argument("notebook")
    args = parser.parse_args(argv)

    if args.command == "exercises":
        for path in write_student_notebooks():
            print(f"wrote {path}")

    if args.command == "site":
        import time

        from .site import SITE, build

        start = time.perf_counter()
        pages = build(args.out or SITE)
        print(f"Built {len(pages)} pages and an index into {args.out or SITE} in {time.perf_counter() - start:.1f} s; "
              f"open {(args.out or SITE) / 'index.html'}")
        return 0

    if args.command in ("rerun", "params"):
        return _rerun(args)

    if args.command == "run":
        paths = args.notebooks or None
        missing = [str(p) for p in paths or [] if not p.exists()]
        if missing:
            print(f"error: no such notebook: {', '.join(missing)}", file=sys.stderr)
            return 2
        try:
            run_all(paths)
        except NotebookFailed as exc:
            print(f"\nerror: {exc}", file=sys.stderr)
            return 1
    return 0


def _rerun(args) -> int:
    from .rerun import RerunError, describe, find_notebook, parse_parameters, rerun

    try:
        notebook = find_notebook(args.notebook)
        if args.command == "params":
            print(describe(notebook))
            return 0
        parameters = parse_parameters(notebook, [tuple(p) for p in args.parameter])
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
        if path.is_file():
            print(f"  {path.relative_to(out)}")
    if comparison is not None:
        import pandas as pd

        with pd.option_context("display.width", 120, "display.max_rows", 200, "display.float_format", "{:,.6g}".format):
            print("\nDerived values against the committed defaults:")
            print(comparison.to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
