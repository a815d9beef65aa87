"""Grading throughput: N ordinary submissions (the worked solutions, one notebook set each in turn) graded
into a temporary folder, with where the time goes (issue 18, M2 of adv18b).

Run with `.venv/bin/python benchmarks/grading.py [N]` (30 by default). Prints the wall time of the whole run
and, per notebook, the sandbox's time (bubblewrap, kernel start, the grader's first cell, the student's cells)
against the time of the whole grading of that notebook (the judge's share is the difference). Writes nothing
into the repository.
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from energycoop.data.paths import exercise_solutions
from energycoop.teaching import grading, sandbox


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=30)
    n = parser.parse_args().n
    solutions = exercise_solutions()
    seconds: list[tuple[float, float]] = []
    real = sandbox.run_notebook

    def timed(*args, **kwargs):
        start = time.monotonic()
        result = real(*args, **kwargs)
        seconds.append((time.monotonic() - start, result.cells.get(0, {}).get("t") or 0.0))
        return result

    sandbox.run_notebook = timed
    with tempfile.TemporaryDirectory() as folder:
        submitted = Path(folder) / "submitted"
        submitted.mkdir()
        for i in range(n):
            shutil.copyfile(solutions[i % len(solutions)], submitted / f"s{i + 1}.ipynb")
        start = time.monotonic()
        grading.grade(submitted, Path(folder) / "out" / "gradebook.csv", stream=io.StringIO())
        wall = time.monotonic() - start
    sandboxes = [s for s, _ in seconds]
    print(f"{n} submissions graded in {wall:.1f} s wall ({wall / n:.2f} s a notebook)")
    print(f"sandbox per notebook: median {statistics.median(sandboxes):.2f} s, max {max(sandboxes):.2f} s")
    print(
        f"  of which the kernel's start and the grader's first cell: median {statistics.median([t for _, t in seconds]):.2f} s"
    )


if __name__ == "__main__":
    main()
