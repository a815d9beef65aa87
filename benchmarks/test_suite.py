"""How long `make test`'s test command takes: the median of three runs.

Runs the pytest command of `make test` (`python -m pytest --nbval --nbval-current-env -n auto
--dist loadfile`, in the repository root, with the Makefile's Jupyter settings) three times one
after the other, and prints each run's wall-clock seconds, the CPU seconds it used (user and
system, of pytest, its workers, their kernels and commands), the load average before it (other
work on the machine slows it; a quiet 2-core machine has a load near 0), its result, and the
median. It measures and reports, and never fails on a time: it exits non-zero only if a run's
tests failed.

    .venv/bin/python benchmarks/test_suite.py               # this checkout, 3 runs
    .venv/bin/python benchmarks/test_suite.py --runs 1      # one run
    .venv/bin/python benchmarks/test_suite.py --repo PATH   # another checkout (its own .venv), e.g. an older commit

`ruff check .`, which `make test` runs first, takes under a second and is not timed.
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMAND = [
    "-m",
    "pytest",
    "--nbval",
    "--nbval-current-env",
    "-n",
    "auto",
    "--dist",
    "loadfile",
]  # as in the Makefile


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def one_run(repo: Path) -> tuple[float, float, int, str]:
    """Seconds, CPU seconds, exit status and pytest's last line for one run in ``repo``."""
    env = {
        **os.environ,
        "JUPYTER_RUNTIME_DIR": str(repo / ".venv" / "runtime"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    (repo / ".venv" / "runtime").mkdir(parents=True, exist_ok=True)
    cpu, start = children_cpu(), time.perf_counter()
    done = subprocess.run(
        [str(repo / ".venv" / "bin" / "python"), *COMMAND],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds, used = time.perf_counter() - start, children_cpu() - cpu
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if done.returncode != 0:
        sys.stdout.write(done.stdout[-4000:] + done.stderr[-2000:])
    return seconds, used, done.returncode, lines[-1] if lines else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3, help="how many runs (default 3)")
    parser.add_argument(
        "--repo",
        type=Path,
        default=Path(__file__).resolve().parents[1],
        help="the checkout to time (default: this one)",
    )
    args = parser.parse_args(argv)
    repo = args.repo.resolve()
    # As from a terminal: Ctrl-C reaches the tests' commands (a shell's background job starts with it
    # ignored, and every child would inherit that; the interrupt tests then wait for nothing).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    print(f"`make test`'s pytest command in {repo}, {args.runs} run(s), {os.cpu_count()} cores", flush=True)
    times, failed = [], 0
    for number in range(1, args.runs + 1):
        load = os.getloadavg()[0]
        seconds, cpu, status, last = one_run(repo)
        times.append(seconds)
        failed += status != 0
        print(
            f"run {number}: {seconds:.1f} s  ({cpu:.0f} CPU s; load average {load:.1f} before)  {last}",
            flush=True,
        )
    print(f"median of {len(times)}: {statistics.median(times):.1f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
