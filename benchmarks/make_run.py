"""`make run` against serial `jupyter nbconvert --execute` and against the floor.

The floor is what no runner can beat on this machine: starting one kernel and importing
the notebooks' libraries, times the number of notebooks, divided by the cores.
Run with `make bench` (or `.venv/bin/python benchmarks/make_run.py`). Re-executing the
notebooks rewrites the committed outputs with identical bytes; nbconvert writes its
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

from energycoop.paths import ROOT
from energycoop.runner import all_notebooks

IMPORTS = """
import matplotlib.pyplot as plt, numpy as np, pandas as pd
from energycoop import energy, params, trade
from energycoop.data import load_article, load_reference
from energycoop.derived import DerivedTable, read_derived
from energycoop.plotting import save_figure, use_style
from energycoop.units import Q_, fmt
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


def timed(command: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, **(env or {})})
    return time.perf_counter() - start


def main() -> None:
    notebooks = all_notebooks()
    cores = os.cpu_count() or 1
    bin_dir = Path(sys.executable).parent
    floor_one = kernel_floor()
    floor = floor_one * len(notebooks) / cores
    run = timed([str(bin_dir / "python"), "-m", "energycoop", "run"])
    with tempfile.TemporaryDirectory() as tmp:
        serial = timed([str(bin_dir / "jupyter"), "nbconvert", "--execute", "--to", "notebook", "--output-dir", tmp,
                        *map(str, notebooks)], env={"ENERGYCOOP_OUTPUT_DIR": tmp})  # never the committed outputs
    print("| measurement | seconds |")
    print("|---|---|")
    print(f"| make run ({len(notebooks)} notebooks, {cores} at a time) | {run:.1f} |")
    print(f"| (a) serial jupyter nbconvert --execute | {serial:.1f} |")
    print(f"| (b) floor: {floor_one:.2f} s kernel + imports x {len(notebooks)} / {cores} cores | {floor:.1f} |")
    print(f"\nmake run / (a) = {run / serial:.2f} (target at most 0.6); make run / (b) = {run / floor:.2f} "
          f"(target at most 1.5)")


if __name__ == "__main__":
    main()
