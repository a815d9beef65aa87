"""Exercises drawn from the article: expected answers, the check, and the student version.

Each exercise's expected answer is computed here from the data with the library's own
functions, never typed in. ``check`` compares a student's pint quantity with it and says
right or wrong and why: a wrong dimension, a factor of a thousand (a prefix), a factor of
a hundred (percent against fraction), or a known mistake such as undoing growth by
subtraction.

The student notebooks are generated from the solution notebooks: a code cell tagged
``answer`` keeps only its first line's placeholder, a markdown cell tagged ``solution``
is dropped, and outputs are cleared (then ``make run`` executes the result).
"""

from __future__ import annotations

import copy
import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import nbformat
import pint

from . import energy, trade
from .data import load_article, load_reference, quantity
from .units import Q_, show


@dataclass(frozen=True)
class Exercise:
    key: str
    question: str
    unit: str  # the unit the answer is compared in
    expected: Callable[[], pint.Quantity]
    tolerance: float = 0.005  # relative
    mistakes: dict[str, Callable[[], pint.Quantity]] = field(default_factory=dict)  # explanation -> wrong value


@functools.cache
def _tables():
    return load_article(), load_reference()


def _a(key):
    return quantity(_tables()[0], key)


def _r(key):
    return quantity(_tables()[1], key)


def _zhanatas_capacity():
    return energy.capacity_from_units(int(_a("zhanatas_turbines").magnitude), _a("zhanatas_turbine_capacity"))


EXERCISES = {e.key: e for e in [
    Exercise("turgusun_capacity_factor", "Turgusun's capacity factor", "dimensionless",
             lambda: energy.capacity_factor(_a("turgusun_annual_generation"), _a("turgusun_capacity"), Q_(8760, "h")),
             mistakes={"you divided energy by capacity without the hours of the year":
                       lambda: Q_((_a("turgusun_annual_generation") / _a("turgusun_capacity")).to("GWh/MW").magnitude, "")}),
    Exercise("zhanatas_full_load_hours", "Zhanatas's full-load hours", "h",
             lambda: energy.full_load_hours(_a("zhanatas_annual_generation"), _zhanatas_capacity()),
             mistakes={"you divided by one turbine's 2.5 MW instead of the farm's 100 MW":
                       lambda: energy.full_load_hours(_a("zhanatas_annual_generation"), _a("zhanatas_turbine_capacity"))}),
    Exercise("zhanatas_coal_rate", "the coal rate implied by Zhanatas's coal saving", "gce/kWh",
             lambda: energy.coal_rate(_a("zhanatas_coal_saved"), _a("zhanatas_annual_generation"))),
    Exercise("world_additions_gw", "510 million kW in GW", "GW", lambda: _a("world_renewable_additions")),
    Exercise("zhanatas_coal_energy", "the energy in 110,000 t of standard coal", "PJ",
             lambda: energy.coal_energy(_a("zhanatas_coal_saved"), "PJ"),
             mistakes={"you used the tonne of oil equivalent (41.868 GJ); standard coal is 29.3076 GJ per tonne":
                       lambda: Q_(_a("zhanatas_coal_saved").magnitude, "toe")}),
    Exercise("nev_exports_2022", "China's NEV exports in 2022", "million",
             lambda: trade.back_calculate(_a("nev_exports"), _a("nev_export_growth")),
             mistakes={"you subtracted the growth; undo growth by dividing by (1 + g)":
                       lambda: _a("nev_exports") * (1 - _a("nev_export_growth").to("").magnitude)}),
    Exercise("smelter_in_zhanatas_farms", "the smelter's electricity in Zhanatas wind farms", "dimensionless",
             lambda: (_a("pavlodar_capacity") * _r("aluminium_kwh_per_t") / _a("zhanatas_annual_generation"))
             .to("dimensionless"), tolerance=0.01),
    Exercise("new_three_rate", "the exchange rate implied by 1.06 trillion yuan = $145.6 billion", "CNY/USD",
             lambda: trade.implied_rate(_a("new_three_exports_cny"), _a("new_three_exports_usd")), tolerance=0.001,
             mistakes={"you divided dollars by yuan: the rate is yuan per dollar":
                       lambda: Q_(1 / trade.implied_rate(_a("new_three_exports_cny"),
                                                         _a("new_three_exports_usd")).to("CNY/USD").magnitude, "CNY/USD")}),
    Exercise("atyrau_barrels_per_day", "Atyrau's crude in oil barrels a day", "oil_bbl/day",
             lambda: (_a("atyrau_capacity") / Q_(365, "day") * _r("crude_bbl_per_tonne")).to("oil_bbl/day"),
             mistakes={"you used pint's 31.5-gallon bbl; an oil barrel is oil_bbl, 42 gallons":
                       lambda: Q_((_a("atyrau_capacity") / Q_(365, "day") * _r("crude_bbl_per_tonne"))
                                  .to("oil_bbl/day").magnitude * 42 / 31.5, "oil_bbl/day")}),
]}


def _close(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance * abs(b)


def verdict(key: str, answer) -> tuple[bool, str]:
    """Whether ``answer`` to exercise ``key`` is right, and a sentence saying why."""
    if key not in EXERCISES:
        raise KeyError(f"no exercise {key!r}; exercises are {', '.join(EXERCISES)}")
    exercise = EXERCISES[key]
    expected = exercise.expected().to(exercise.unit)
    if answer is None or answer is Ellipsis:
        return False, "Not answered yet: replace ... with your answer as a pint quantity, e.g. Q_(1.0, \"GWh\")."
    if not isinstance(answer, pint.Quantity):
        return False, (f"Wrong: {answer!r} has no unit. Give a pint quantity, e.g. Q_({answer!r}, \"{exercise.unit}\"), "
                       f"so the unit is checked too.")
    if answer.dimensionality != expected.dimensionality:
        return False, (f"Wrong: your answer is in {answer.units:~P} ({answer.dimensionality}), but {exercise.question} "
                       f"is measured in {exercise.unit} ({expected.dimensionality}).")
    value = float(answer.to(exercise.unit).magnitude)
    if not math.isfinite(value):
        return False, f"Wrong: {answer} is not a finite number."
    target = float(expected.magnitude)
    if _close(value, target, exercise.tolerance):
        return True, f"Right: {show(answer.to(exercise.unit))} (expected {show(expected)})."
    for why, wrong in exercise.mistakes.items():
        if _close(value, float(wrong().to(exercise.unit).magnitude), exercise.tolerance):
            return False, f"Wrong: {show(answer.to(exercise.unit))} — {why}."
    ratio = value / target if target else math.inf
    for factor, why in ((1000, "a factor of 1000: check the prefixes (k, M, G)"),
                        (100, "a factor of 100: a percentage and a fraction differ by 100"),
                        (1e6, "a factor of a million: check 'million' and the prefixes")):
        if _close(ratio, factor, 0.01) or _close(ratio, 1 / factor, 0.01):
            return False, f"Wrong: {show(answer.to(exercise.unit))} is off by {why}."
    return False, (f"Wrong: {show(answer.to(exercise.unit))} is {100 * (ratio - 1):+.1f}% from the answer; "
                   f"the tolerance is ±{100 * exercise.tolerance:g}%.")


class WrongAnswer(AssertionError):
    """Raised by ``check`` in strict mode (for autograding) when an answer is not right."""


def check(key: str, answer, strict: bool = False) -> None:
    """Print whether ``answer`` to exercise ``key`` is right, and why (``verdict`` returns the same
    as a value). With ``strict``, a wrong or missing answer raises ``WrongAnswer``."""
    right, sentence = verdict(key, answer)
    print(sentence)
    if strict and not right:
        raise WrongAnswer(f"exercise {key}: {sentence}")


PLACEHOLDER = "answer = ...  # your answer, as a pint quantity: Q_(value, \"unit\")"


def student_version(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The student notebook for a solution notebook: ``answer`` cells emptied to a placeholder,
    ``solution`` markdown dropped, outputs and execution counts cleared."""
    nb = copy.deepcopy(solution)
    cells = []
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "solution" in tags:
            continue
        if cell.cell_type == "code":
            if "answer" in tags:
                cell.source = PLACEHOLDER
            # The solutions use Q_ in their answers; a student's notebook imports it for theirs.
            cell.source = "\n".join(line + "  # noqa: F401 (for your answers)" if line == "from energycoop.units import Q_"
                                    else line for line in cell.source.split("\n"))
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    nb.cells = cells
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "title" in cell.metadata.get("tags", []):
            cell.source = cell.source.replace("(worked solutions)", "(exercises)")
    return nb
