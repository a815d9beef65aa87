"""Where the test suite's processor time goes: CPU seconds per test file, from one run of `make test`'s pytest
command.

Each test's CPU seconds are those of its xdist worker and of the processes the worker started and waited
for in that test (kernels, commands, sandboxes: `os.times()` before and after the test). The browser that
playwright drives is not waited for by a test, so its time is missing here (about 30 CPU seconds in a
run of 864): the site tests are cheaper in this table than they are. Use it to choose what to make cheaper; it
never fails on a time.

    .venv/bin/python benchmarks/suite_cpu.py              # the whole suite, the 25 costliest files
    .venv/bin/python benchmarks/suite_cpu.py tests/test_answers.py --top 5
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COMMAND = ["-m", "pytest", "--nbval", "--nbval-current-env", "-n", "auto", "--dist", "loadfile", "-q"]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """(as a pytest plugin, in each worker) one line per test: its id, wall and CPU seconds."""
    before, start = os.times(), time.monotonic()
    yield
    after = os.times()
    own = after.user - before.user + after.system - before.system
    children = after.children_user - before.children_user + after.children_system - before.children_system
    with open(os.environ["ENERGYCOOP_SUITE_CPU"], "a", encoding="utf-8") as out:
        out.write(json.dumps([item.nodeid, time.monotonic() - start, own, children]) + "\n")


def table(lines: list[str], top: int) -> str:
    files: dict[str, list[float]] = collections.defaultdict(lambda: [0.0, 0.0, 0])
    for line in lines:
        test, wall, own, children = json.loads(line)
        name = test.split("::")[0]
        name = "notebooks (nbval)" if name.startswith("notebooks/") else name
        files[name][0] += wall
        files[name][1] += own + children
        files[name][2] += 1
    total = sum(cpu for _, cpu, _ in files.values())
    rows = sorted(files.items(), key=lambda item: -item[1][1])[:top]
    shown = [f"{'file':<44} {'tests':>5} {'CPU s':>7} {'share':>6} {'wall s':>7}"]
    shown += [f"{n:<44} {k:>5} {cpu:>7.1f} {cpu / total:>6.1%} {wall:>7.1f}" for n, (wall, cpu, k) in rows]
    return "\n".join([*shown, f"{'all files':<44} {'':>5} {total:>7.1f}"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tests", nargs="*", help="test files (default: the whole suite)")
    parser.add_argument("--top", type=int, default=25, help="how many files to list (default 25)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        record = Path(scratch) / "cpu.jsonl"
        record.touch()
        env = {
            **os.environ,
            "ENERGYCOOP_SUITE_CPU": str(record),
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(ROOT / "benchmarks"), os.environ.get("PYTHONPATH")])
            ),
            "JUPYTER_RUNTIME_DIR": str(ROOT / ".venv" / "runtime"),
            "JUPYTER_PLATFORM_DIRS": "1",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        }
        start = time.monotonic()
        run = subprocess.run(
            [sys.executable, *COMMAND, "-p", "suite_cpu", *args.tests], cwd=ROOT, env=env, check=False
        )
        print(f"\n{time.monotonic() - start:.0f} s wall, exit status {run.returncode}\n")
        print(table(record.read_text(encoding="utf-8").splitlines(), args.top))
    return run.returncode


if __name__ == "__main__":
    raise SystemExit(main())
