"""Command line: ``python -m energycoop run [NOTEBOOK ...]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .runner import NotebookFailed, run_all, write_student_notebooks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m energycoop", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="execute notebooks in place, in reading order")
    run.add_argument("notebooks", nargs="*", type=Path, help="notebooks to run (default: all)")
    commands.add_parser("exercises", help="regenerate the student exercise notebooks from the solutions")
    args = parser.parse_args(argv)

    if args.command == "exercises":
        for path in write_student_notebooks():
            print(f"wrote {path}")

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


if __name__ == "__main__":
    sys.exit(main())
