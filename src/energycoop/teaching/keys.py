"""Answer keys: the answer a key writes for an exercise of a variant (``key_answer``), its worked solution
in the variant's numbers (``worked_markdown``) and the key notebook (``key_version``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from energycoop.analysis import audit
from energycoop.quantities.units import Q_, fmt, unit_label, ureg
from energycoop.teaching.catalogue import EXERCISES, number_of
from energycoop.teaching.printed import render, show_answer, shown, shown_value
from energycoop.teaching.student import CHECK_CALL, key_after, student_version
from energycoop.teaching.variants import values

if TYPE_CHECKING:
    import nbformat


def key_answer(key: str, seed: int = 0) -> str:
    """The answer an answer key writes for exercise ``key`` in variant ``seed``, as a student would type it
    (four significant figures; a bound rounded the safe way, with its direction; a verdict's words)."""
    exercise = EXERCISES[key]
    if exercise.open:
        return ("The teacher marks this answer with the rubric in TEACHING.md; the worked solution lists what "
                "earns each point.")
    expected = exercise.expected(seed)
    if exercise.is_choice:
        return expected
    q = expected
    if q.dimensionless and str(exercise.unit) in ("dimensionless", "percent") and exercise.measures and \
            ("share" in exercise.measures or "percent" in exercise.measures or "difference" in exercise.measures
             or "growth" in exercise.measures):
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
    figures = ", ".join(shown(k, v[k]) for k in exercise.inputs()) or "the chart above"
    method = render(exercise.hints[-1], seed)
    lines = [f"**Worked solution (seed {seed}).** Figures: {figures}.", "", f"Method: {method}", ""]
    if exercise.open:
        lines.append(f"Marked with the rubric for exercise {number_of(key)} in TEACHING.md "
                     f"({exercise.rubric_points} points).")
        return "\n".join(lines)
    answer = key_answer(key, seed)
    if exercise.is_choice:
        lines.append(f"Verdict: **{answer}** ({audit.VERDICTS.get(answer, '')}).")
    else:
        expected = exercise.expected(seed)
        lines.append(f"Result: **{answer}** (unrounded {shown_value(expected, 6)}).")
        accept = f"Accept answers that round to it at {exercise.min_sig} or more significant figures"
        if exercise.coarsest < 1:
            accept += f", no rougher than ±{exercise.coarsest:.0%}"
        if exercise.whole:
            accept += ", and the whole numbers either side"
        if exercise.bound:
            accept = "Accept the bound with its direction, rounded the safe way"
        lines += ["", accept + "; the unit must be written (any unit of the same kind)."]
    if exercise.mistakes:
        lines += ["", "Common mistakes: " + "; ".join(
            f"{_mistake_shown(wrong(v), exercise.unit) if exercise.unit else ''} ({why})"
            for why, wrong in exercise.mistakes.items()) + "."]
    return "\n".join(lines)


def _mistake_shown(q, unit: str) -> str:
    """A named mistake's value in the exercise's ``unit`` and, when the slip is in the unit written (kWh/gce
    for gce/kWh, toe for tce), as written too; in its own unit when it is another kind (a time for a share)."""
    wanted = ureg.parse_units(unit)
    if q.dimensionality != wanted.dimensionality:
        return show_answer(q)
    if q.units == wanted or not set(dict(q.units._units)) - {"count", "million", "percent"}:
        return show_answer(q.to(unit))
    return f"{show_answer(q.to(unit))}, written {show_answer(q)}"


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
            cell.source = f"answer = {key_answer(key, seed)!r}\nprint(answer)"
        cells.append(cell)
        if cell.cell_type == "code" and CHECK_CALL.findall(cell.source):
            key = CHECK_CALL.findall(cell.source)[0]
            cells.append(nbformat.v4.new_markdown_cell(worked_markdown(key, seed), metadata={"tags": ["solution"]}))
    nb.cells = cells
    nb.metadata["energycoop"]["exercises"]["key"] = True
    return nb

