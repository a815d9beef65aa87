"""Scenario and Monte Carlo throughput: the vectorised path against one papermill run per scenario.

Run with `make bench` (or `.venv/bin/python benchmarks/throughput.py`). Prints a table; writes
nothing into the repository (the papermill runs go to a temporary directory).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from energycoop.analysis.headlines import HEADLINES, inputs, inputs_of
from energycoop.analysis.scenarios import Axis, count, evaluate, grid
from energycoop.analysis.uncertainty import monte_carlo
from energycoop.build.execution import execute
from energycoop.data.loaders import load_article, load_reference, quantity
from energycoop.data.paths import NOTEBOOKS
from energycoop.quantities import energy


def axes(scale: int = 1) -> dict[str, Axis]:
    """Notebook 13's default grid, or one with ``scale`` times as many values on the first two axes."""
    return {
        "capacity_factor": Axis("capacity_factor", 0.25, 0.45, 21 * scale, "dimensionless"),
        "coal_rate": Axis("coal_rate", 280, 340, 21 * scale, "gce/kWh"),
        "co2_factor": Axis("co2_factor", 2.5, 2.9, 9, "t/tce"),
        "kwh_per_t": Axis("kwh_per_t", 12500, 14500, 11, "kWh/t"),
        "cny_per_usd": Axis("cny_per_usd", 6.8, 7.4, 13, "CNY/USD"),
    }


def article_inputs():
    """Notebook 13's fixed inputs from the data: Zhanatas's capacity, the hours in a year, the smelter's
    output and the "new three" exports in yuan."""
    article, reference = load_article(), load_reference()
    capacity = energy.capacity_from_units(
        int(quantity(article, "zhanatas_turbines").magnitude), quantity(article, "zhanatas_turbine_capacity")
    )
    return (
        capacity,
        quantity(reference, "hours_per_year"),
        quantity(article, "pavlodar_capacity"),
        quantity(article, "new_three_exports_cny"),
    )


def time_vectorised(a: dict[str, Axis], repeats: int) -> tuple[int, list[float]]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        answers = evaluate(grid(a), *article_inputs())
        assert all(q.magnitude.size == count(a) for q in answers.values())
        times.append(time.perf_counter() - start)
    return count(a), times


def time_papermill(runs: int) -> list[float]:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            out = Path(tmp) / f"run-{i}"
            start = time.perf_counter()
            execute(
                NOTEBOOKS / "02-zhanatas-wind.ipynb",
                out / "02.ipynb",
                parameters={"turbines": 40 + i, "derived_dir": str(out), "figures_dir": str(out)},
            )
            times.append(time.perf_counter() - start)
    return times


def time_monte_carlo(draws: int, repeats: int) -> list[float]:
    ranges = inputs(load_article(), load_reference())
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for h in HEADLINES:
            monte_carlo(h.model, inputs_of(h, ranges), draws, 20240704, h.unit)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5, help="timed repeats of each vectorised measurement")
    parser.add_argument("--papermill-runs", type=int, default=3, help="papermill executions of notebook 02")
    args = parser.parse_args()

    rows = []
    for scale in (1, 3):
        n, times = time_vectorised(axes(scale), args.repeats)
        best, median = min(times), statistics.median(times)
        rows.append((f"vectorised sweep, {n:,} scenarios", f"{median:.3f} s (best {best:.3f})", n / median))
    times = time_papermill(args.papermill_runs)
    rows.append(
        (
            f"papermill, notebook 02 once per scenario ({args.papermill_runs} runs)",
            f"{statistics.median(times):.2f} s each",
            1 / statistics.median(times),
        )
    )
    draws = 1_000_000
    times = time_monte_carlo(draws, args.repeats)
    mc_rate = len(HEADLINES) * draws / statistics.median(times)

    print("| measurement | time | scenarios per second |")
    print("|---|---|---|")
    for name, t, rate in rows:
        print(f"| {name} | {t} | {rate:,.0f} |" if rate >= 10 else f"| {name} | {t} | {rate:.3f} |")
    print(f"\nVectorised against papermill: {rows[0][2] / rows[2][2]:,.0f} times the throughput.")
    print(
        f"Monte Carlo: {len(HEADLINES)} headlines x {draws:,} draws in {statistics.median(times):.2f} s "
        f"(median of {args.repeats}): {mc_rate:,.0f} draws per second."
    )


if __name__ == "__main__":
    main()
