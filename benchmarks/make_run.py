"""`make run` against serial `jupyter nbconvert --execute` and against the floor.

The floor is what no runner can beat on this machine: starting one kernel and importing
the notebooks' libraries, times the number of notebooks, divided by the cores.
Run with `make bench` (or `.venv/bin/python benchmarks/make_run.py`). All runs happen in a
throwaway copy of the repository's tracked files (its own code on PYTHONPATH), so nothing
committed is touched: `make run --all` there, then `make run` again with nothing changed
(incremental: it should say "up to date" within 3 s), then after one edit to
`data/reference.csv` (only its readers and their downstream rerun). nbconvert writes its
copies to a temporary directory.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jupyter_client

from energycoop.build.catalogue import all_notebooks
from energycoop.data.paths import ROOT

IMPORTS = """
import matplotlib.pyplot as plt, numpy as np, pandas as pd
from energycoop.quantities import energy
from energycoop.data import params
from energycoop.quantities import trade
from energycoop.data.loaders import load_article, load_reference
from energycoop.data.derived import DerivedTable, read_derived
from energycoop.analysis.plotting import save_figure, use_style
from energycoop.quantities.units import Q_, fmt
"""


def kernel_floor(repeats: int = 3) -> float:
    """Median seconds to start a kernel, import the libraries and shut it down."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        manager, client = jupyter_client.manager.start_new_kernel(kernel_name="python3")
        client.execute_interactive(IMPORTS, timeout=120)
        client.stop_channels()
        manager.shutdown_kernel(now=True)
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def timed(command: list[str], env: dict | None = None, cwd: Path = ROOT) -> tuple[float, str]:
    """Seconds ``command`` takes, and what it printed; never with the tests' output redirection."""
    start = time.perf_counter()
    plain = {k: v for k, v in os.environ.items() if k != "ENERGYCOOP_OUTPUT_DIR"}
    result = subprocess.run(
        command, cwd=cwd, check=True, capture_output=True, text=True, env={**plain, **(env or {})}
    )
    return time.perf_counter() - start, result.stdout


def copy_of_repository(target: Path) -> Path:
    """The repository's tracked files, copied into ``target`` (a directory the benchmark made)."""
    import shutil

    listing = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in listing.decode().split("\0"):
        if name and (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


def median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def main(rounds: int = 3) -> None:
    """``rounds`` interleaved rounds of ``make run-all`` and serial nbconvert (the two see the same load),
    each round in a fresh copy; the medians are reported, with every round's figures."""
    notebooks = all_notebooks()
    cores = os.cpu_count() or 1
    bin_dir = Path(sys.executable).parent
    floor_one = kernel_floor()
    floor = floor_one * len(notebooks) / cores
    python = [str(bin_dir / "python"), "-m", "energycoop", "run"]
    runs, serials, noops, ones = [], [], [], []
    said = ran = ""
    for round_number in range(rounds):
        with tempfile.TemporaryDirectory(prefix="energycoop-bench-") as tmp:
            copy = copy_of_repository(Path(tmp) / "copy")
            env = {"PYTHONPATH": str(copy / "src"), "JUPYTER_RUNTIME_DIR": tmp}
            run, _ = timed([*python, "--all"], env, copy)
            runs.append(run)
            if round_number == 0:  # the incremental runs once: they are not what the rounds compare
                noop, said = timed(python, env, copy)
                noops.append(noop)
                reference = copy / "data" / "reference.csv"
                text = reference.read_text(encoding="utf-8")
                reference.write_text(
                    text.replace("states its year explicitly", "states its year"), encoding="utf-8"
                )
                one, ran = timed(python, env, copy)
                ones.append(one)
            # serial nbconvert on the copy's notebooks, as a user runs them: the defaults go to the copy's
            # ignored runs/interactive/, never to committed files
            serial, _ = timed(
                [
                    str(bin_dir / "jupyter"),
                    "nbconvert",
                    "--execute",
                    "--to",
                    "notebook",
                    "--output-dir",
                    str(Path(tmp) / "nbconvert"),
                    *[str(copy / n.relative_to(ROOT)) for n in notebooks],
                ],
                env,
                copy,
            )
            serials.append(serial)
    rerun = sum(1 for line in ran.splitlines() if line.startswith("["))
    run, serial, noop, one = median(runs), median(serials), median(noops), median(ones)

    def shown(values):
        return ", ".join(f"{v:.1f}" for v in values)

    print(
        f"Median of {rounds} interleaved rounds of make run-all and serial nbconvert (each round's seconds in "
        "brackets); the incremental runs once.\n"
    )
    print("| measurement | seconds |")
    print("|---|---|")
    print(f"| make run-all ({len(notebooks)} notebooks, {cores} at a time) | {run:.1f} ({shown(runs)}) |")
    print(
        f"| make run with nothing changed ({'up to date' if 'up to date' in said else 'NOT up to date'}) | "
        f"{noop:.1f} ({shown(noops)}) |"
    )
    print(
        f"| make run after one edit to data/reference.csv ({rerun} notebooks rerun) | {one:.1f} ({shown(ones)}) |"
    )
    print(f"| (a) serial jupyter nbconvert --execute | {serial:.1f} ({shown(serials)}) |")
    print(
        f"| (b) floor: {floor_one:.2f} s kernel + imports x {len(notebooks)} / {cores} cores | {floor:.1f} |"
    )
    print(
        f"\nmake run-all / (a) = {run / serial:.2f} (target at most 0.6); make run-all / (b) = {run / floor:.2f}; "
        f"no-op {noop:.1f} s (target at most 3 s)"
    )


if __name__ == "__main__":
    main()
