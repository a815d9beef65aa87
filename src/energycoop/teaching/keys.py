"""Answer keys: the answer a key writes for an exercise of a variant (``key_answer``), its worked solution
in the variant's numbers (``worked_markdown``) and the key notebook (``key_version``).
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING

from energycoop.analysis import audit
from energycoop.quantities.units import Q_, fmt, unit_label, ureg
from energycoop.teaching.catalogue import EXERCISES, number_of
from energycoop.teaching.printed import render, show_answer, shown, shown_value
from energycoop.teaching.student import CHECK_CALL, key_after, student_version
from energycoop.teaching.variants import printed_interval, values
from energycoop.teaching.working import evaluate, line, show

if TYPE_CHECKING:
    import nbformat


def _as_percent(exercise, q) -> bool:
    return bool(
        q.dimensionless
        and str(exercise.unit) in ("dimensionless", "percent")
        and exercise.measures
        and any(w in exercise.measures for w in ("share", "percent", "difference", "growth"))
    )


def typed(key: str, q) -> str:
    """A value of exercise ``key`` (a common mistake's) as a student would type it, always with its unit: a
    share as a percentage, a count with its noun ('0.1241 farms'), a plain ratio named as one."""
    exercise = EXERCISES[key]
    q = q.to(exercise.unit) if exercise.unit else q
    if _as_percent(exercise, q):
        share = float(q.to("dimensionless").magnitude)
        if abs(share) > 1:  # not a share at all: what the student typed was the plain number
            return (
                f"{fmt(Q_(share, 'dimensionless'), sig=4)} (a plain number, {show_answer(q.to('percent'))})"
            )
        return show_answer(q.to("percent"))
    label = unit_label(q.units)
    if q.dimensionless and not label and exercise.count_words:
        return f"{fmt(Q_(float(q.to('dimensionless').magnitude), 'dimensionless'), sig=4)} {exercise.count_words[0]}"
    if q.dimensionless and not label:
        return f"{fmt(Q_(float(q.to('dimensionless').magnitude), 'dimensionless'), sig=4)} (a plain number)"
    return show_answer(q)


# The figures an open question's rubric rests on, in a variant's numbers: (what, the exercise whose answer it is).
RUBRIC_FIGURES = {
    "coal_saving_claim": (
        ("the implied coal rate (exercise 3)", "zhanatas_coal_rate"),
        ("the implied efficiency (exercise 6)", "zhanatas_implied_efficiency"),
        ("the lowest coal rate the rounding allows (exercise 15)", "coal_rate_lowest"),
    ),
    "smelter_on_wind": (
        (
            "the wind farms that make the smelter's yearly electricity (exercise 10)",
            "smelter_in_zhanatas_farms",
        ),
        ("the smelter's steady power, every hour (exercise 25)", "smelter_average_power"),
    ),
}


def _coal_claim_figures(seed: int) -> list[str]:
    """Exercise 7's rubric in the variant's numbers: the range of coal rates the rounding allows, and whether the
    Chinese plants' rate lies in it (the conclusion that follows)."""
    v = values(seed)
    coal_low, coal_high = printed_interval(v, "zhanatas_coal_saved")
    made_low, made_high = printed_interval(v, "zhanatas_annual_generation")
    low, high = (coal_low / made_high).to("gce/kWh"), (coal_high / made_low).to("gce/kWh")
    plants = v["china_coal_rate_2023"].to("gce/kWh")
    fits = low <= plants <= high
    coal = render("{zhanatas_coal_saved:low} to {zhanatas_coal_saved:high}", seed)
    made = render("{zhanatas_annual_generation:low} to {zhanatas_annual_generation:high}", seed)
    verdict = (
        "inside that range: the claim fits"
        if fits
        else "outside that range: the claim does *not* fit (the second point goes to an answer that says so)"
    )
    return [
        (
            f"the range the rounding allows: {fmt(Q_(float(low.magnitude), 'dimensionless'), sig=3)} to "
            f"{shown_value(high, 3)} (coal {coal} t, electricity {made} million kWh)"
        ),
        (
            f"the conclusion that follows: Chinese plants burn about "
            f"{shown('china_coal_rate_2023', v['china_coal_rate_2023'])}, {verdict}"
        ),
    ]


def rubric_figures(key: str, seed: int = 0) -> list[str]:
    """The numbers an open question's rubric (TEACHING.md) expects, for variant ``seed``."""
    lines = [
        f"{what}: {key_answer(other, seed).removeprefix('at least ').removeprefix('at most ')}"
        for what, other in RUBRIC_FIGURES.get(key, ())
    ]
    if key == "coal_saving_claim":
        lines += _coal_claim_figures(seed)
    return lines


def key_answer(key: str, seed: int = 0) -> str:
    """The answer an answer key writes for exercise ``key`` in variant ``seed``, as a student would type it
    (four significant figures; a bound rounded the safe way, with its direction; a verdict's words)."""
    exercise = EXERCISES[key]
    if exercise.open:
        return (
            "The teacher marks this answer with the rubric in TEACHING.md; the worked solution lists what "
            "earns each point."
        )
    if exercise.is_choice:
        return exercise.expected_verdict(seed)
    q = exercise.expected_value(seed)
    if _as_percent(exercise, q):
        q = q.to("percent")
    magnitude = float(q.magnitude)
    if exercise.bound and magnitude:  # a bound is rounded the safe way: a lower one down, an upper one up
        scale = 10.0 ** (4 - 1 - math.floor(math.log10(abs(magnitude))))
        magnitude = (math.floor if exercise.bound == "lower" else math.ceil)(magnitude * scale) / scale
    number = fmt(Q_(magnitude, "dimensionless"), sig=4)
    label = unit_label(q.units)
    words = exercise.count_words[0] if exercise.count_words else ""
    text = f"{number}{label}" if label == "%" else f"{number} {label or words}".strip()
    if exercise.percent_kind == "points":
        text = f"{number} percentage points"
    if exercise.bound:
        text = ("at least " if exercise.bound == "lower" else "at most ") + text
    return text


def worked_markdown(key: str, seed: int = 0) -> str:
    """A worked solution for variant ``seed``: the figures it uses, the method, the result and what to accept,
    with this variant's numbers only."""
    exercise = EXERCISES[key]
    v = values(seed)
    inputs = exercise.inputs() or list(
        dict.fromkeys(k for _, other in RUBRIC_FIGURES.get(key, ()) for k in EXERCISES[other].inputs())
    )
    figures = ", ".join(shown(k, v[k]) for k in inputs) or ("the chart above" if exercise.chart else "")
    lines = [
        f"**Worked solution (seed {seed}).** "
        + (f"Figures: {figures}." if figures else "No figures: the student chooses what to audit."),
        "",
    ]
    lines += worked_steps(key, seed) or [f"Method: {render(exercise.hints[-1], seed)}", ""]
    if exercise.open:
        lines.append(
            f"Marked with the rubric for exercise {number_of(key)} in TEACHING.md "
            f"({exercise.rubric_points} points)."
        )
        numbers = rubric_figures(key, seed)
        if numbers:
            lines += ["", f"The rubric's numbers for seed {seed}: " + "; ".join(numbers) + "."]
        return "\n".join(lines)
    answer = key_answer(key, seed)
    if exercise.is_choice:
        lines.append(f"Verdict: **{answer}** ({audit.VERDICTS.get(answer, '')}).")
    else:
        expected = exercise.expected_value(seed)
        lines.append(f"Result: **{answer}** (unrounded {shown_value(expected, 6)}).")
        accept = f"Accept answers that round to it at {exercise.min_sig} or more significant figures"
        if exercise.coarsest < 1:
            accept += f", no rougher than ±{exercise.coarsest:.0%}"
        if exercise.whole:
            accept += ", and the whole numbers either side"
        if exercise.bound:
            accept = "Accept the bound with its direction, rounded the safe way"
        unit_rule = (
            "as a percentage or a fraction"
            if exercise.unit in ("percent", "dimensionless", "")
            else "the unit must be written (any unit of the same kind)"
        )
        lines += ["", f"{accept}; {unit_rule}."]
    if exercise.mistakes:
        lines += [
            "",
            "Common mistakes: "
            + "; ".join(
                f"{_mistake_shown(key, wrong(v), exercise.unit) if exercise.unit else ''} ({why})"
                for why, wrong in exercise.mistakes.items()
            )
            + ".",
        ]
    return "\n".join(lines)


def worked_steps(key: str, seed: int = 0) -> list[str]:
    """The worked steps of exercise ``key`` in variant ``seed``'s numbers (``Exercise.steps``, worked out by
    ``working.evaluate``): a heading, one numbered line a step, and an empty line; [] if it has none. The
    last step of a numeric answer shows the answer as a student would write it (``typed``)."""
    exercise = EXERCISES[key]
    if not exercise.steps:
        return []
    done = evaluate(exercise.steps, values(seed))
    lines = [f"Worked steps, in the numbers of seed {seed}:", ""]
    for number, work in enumerate(done, start=1):
        last = number == len(done) and not exercise.is_choice and not exercise.open
        result = None
        if last:
            answer = exercise.expected_value(
                seed
            )  # the same value (tests/test_keys.py), rounded as the Result line is
            value = work.value
            assert not isinstance(value, str)  # (a numeric exercise's last step works out its answer)
            if math.isclose(float(value.to(exercise.unit).magnitude), float(answer.magnitude), rel_tol=1e-9):
                value = answer
                work = replace(work, value=answer)  # noqa: PLW2901 (the step shown with the answer's value)
            money = any(d.startswith("[currency") for d in dict(value.dimensionality))
            result = show(value) if money else typed(key, value)  # '7.28 yuan per US dollar'
            if exercise.percent_kind == "points":
                result = result.replace("%", " percentage points")
            result = f"**{result}**"
        lines.append(f"{number}. {line(work, result)}.")
    return [*lines, ""]


def _mistake_shown(key: str, q, unit: str) -> str:
    """A named mistake's value as a student would type it in the exercise's ``unit`` (``typed``) and, when
    the slip is in the unit written (kWh/gce for gce/kWh, toe for tce), as written too; in its own unit when
    it is another kind (a time for a share)."""
    wanted = ureg.parse_units(unit)
    names, wanted_names = dict(q.units._units), dict(wanted._units)
    upside_down = set(names) == set(wanted_names) and names != wanted_names  # kWh/gce for gce/kWh
    if q.dimensionality != wanted.dimensionality or upside_down:
        return show_answer(q)  # (kWh/gce converted to gce/kWh by the energy in a gce means nothing)
    if q.units == wanted or not set(dict(q.units._units)) - {"count", "million", "percent"}:
        return typed(key, q)
    return f"{typed(key, q)}, written {show_answer(q)}"


def key_version(solution: nbformat.NotebookNode, seed: int = 0) -> nbformat.NotebookNode:
    """The answer key notebook of variant ``seed``: the student notebook with every answer cell filled with
    the variant's answer (``key_answer``) and a worked solution for the variant under each check."""
    import nbformat

    nb = student_version(solution, seed)
    cells = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and "title" in cell.metadata.get("tags", []):
            cell.source = cell.source.replace("(exercises)", f"(answer key, seed {seed})")
        if cell.cell_type == "code" and "answer" in cell.metadata.get("tags", []):
            key = key_after(nb, index)
            if key is None:  # (an answer cell with no check after it names no exercise)
                raise KeyError(f"answer cell {index} has no check cell after it")
            cell.source = f"answer = {key_answer(key, seed)!r}\nprint(answer)"
        cells.append(cell)
        if cell.cell_type == "code" and CHECK_CALL.findall(cell.source):
            key = CHECK_CALL.findall(cell.source)[0]
            cells.append(
                nbformat.v4.new_markdown_cell(worked_markdown(key, seed), metadata={"tags": ["solution"]})
            )
    nb.cells = cells
    nb.metadata["energycoop"]["exercises"]["key"] = True
    return nb
