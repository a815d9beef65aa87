"""The student notebooks, generated from the worked solutions (``student_version``).

A code cell tagged ``answer`` keeps only a placeholder, a markdown cell tagged ``solution`` is dropped, a
markdown cell tagged ``question`` (or ``hints``) is the exercise's question (or hints) rendered for the
seed, a cell tagged ``intro`` the notebook's learning objectives, prerequisites and time, one tagged
``variant`` the note saying which numbers these are; the seed is set in the parameters cell and recorded in
the metadata (``energycoop.exercises``), and outputs are cleared (``make run`` then executes the result).
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import TYPE_CHECKING

from energycoop.teaching.catalogue import EXERCISES, SET_INFO, SETS, number_of
from energycoop.teaching.printed import render
from energycoop.teaching.variants import variant_seed

if TYPE_CHECKING:  # nbformat is imported where a notebook is written: a student's kernel need not load it
    import nbformat


def intro_markdown(set_name: str) -> str:
    """A notebook's opening cell: learning objectives, prerequisites and the time it takes."""
    info = SET_INFO[set_name]
    keys = SETS[set_name]
    minutes = sum(EXERCISES[k].minutes for k in keys)
    numbers = f"exercises {number_of(keys[0])} to {number_of(keys[-1])}"
    counts = {n: sum(EXERCISES[k].level == n for k in keys) for n in (1, 2, 3)}
    levels = ", ".join(f"{c} at level {n}" for n, c in counts.items() if c)
    objectives = "\n".join(f"- {o}" for o in info.objectives)
    prerequisites = ", ".join(re.sub(r"^(\S+\.ipynb)", r"`\1`", p) for p in info.prerequisites)
    return (
        f"**Learning objectives.** After these {len(keys)} exercises ({numbers}) you can:\n\n{objectives}\n\n"
        f"**Prerequisites.** Read first: {prerequisites}.\n\n"
        f"**Time.** About {minutes} minutes working alone ({levels}; the time for each is under its title)."
    )


def hints_markdown(key: str, seed: int = 0) -> str:
    """The hints of an exercise, each revealed by a click and the second inside the first (so one at a time)."""
    texts = EXERCISES[key].hint_texts(seed)
    inner = ""
    for number in range(len(texts), 0, -1):
        inner = (
            f"<details><summary>Hint {number}</summary>\n\n{texts[number - 1]}\n\n{inner}</details>"
            if inner
            else f"<details><summary>Hint {number}</summary>\n\n{texts[number - 1]}\n\n</details>"
        )
    return inner


PLACEHOLDER = 'answer = ...  # your answer: Q_(value, "unit") or a string such as "12.5 GWh"'
OPEN_PLACEHOLDER = 'answer = ...  # your answer as text: answer = """..."""'
CHOICE_PLACEHOLDER = (
    'answer = ...  # your answer: a verdict\'s words as text, such as answer = "not checkable"'
)


def placeholder(key: str | None) -> str:
    exercise = EXERCISES.get(key) if key else None
    if exercise and exercise.open:
        return OPEN_PLACEHOLDER
    return CHOICE_PLACEHOLDER if exercise and exercise.is_choice else PLACEHOLDER


CHECK_CALL = re.compile(r"""check\(\s*["'](\w+)["']""")
SEED_LINE = re.compile(r"^seed: int = (\d+)(.*)$", re.MULTILINE)
CHECKER_LINE = re.compile(r"^check = checker\(seed, strict\)$", re.MULTILINE)


def checked_keys(nb: nbformat.NotebookNode) -> list[tuple[int, str]]:
    """(cell index, exercise key) of every check cell of a notebook, in order."""
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            found += [(index, key) for key in CHECK_CALL.findall(cell.source)]
    return found


def exercise_block(nb: nbformat.NotebookNode) -> dict:
    """The notebook's ``energycoop.exercises`` metadata: ``{"set": name, "seed": n}`` ({} if none)."""
    outer = nb.metadata.get("energycoop", {})  # a hand-edited notebook may hold anything here
    block = outer.get("exercises", {}) if isinstance(outer, dict) else {}
    return block if isinstance(block, dict) else {}


def variant_markdown(seed: int) -> str:
    if seed == 0:
        return (
            "**Variant: seed 0**, the article's own numbers. (Your teacher may give you a notebook with "
            "another seed and other numbers.)"
        )
    return (
        f"**Variant: seed {seed}.** The numbers in these questions are not the article's: they were changed "
        f"for you (seed {seed}), and the checks expect answers for these numbers. Do not change `seed` below."
    )


def key_after(nb, index: int) -> str | None:
    for cell in nb.cells[index:]:
        if cell.cell_type == "code":
            found = CHECK_CALL.findall(cell.source)
            if found:
                return found[0]
    return None


def question_markdown(key: str, seed: int = 0) -> str:
    """The markdown of an exercise's question cell: its number, title and question for ``seed``."""
    exercise = EXERCISES[key]
    title = render(exercise.title, seed)
    kind = (
        "open question, marked by your teacher"
        if exercise.open
        else f"{exercise.points} point" + ("s" if exercise.points > 1 else "")
    )
    return (
        f"## {number_of(key)}. {title}\n\n*Skill: {exercise.skill}; level {exercise.level} ({kind}); "
        f"about {exercise.minutes} minutes.*\n\n{exercise.prompt(seed)}"
    )


def generated_text(nb: nbformat.NotebookNode, index: int, seed: int = 0) -> str | None:
    """The text the exercises file writes into markdown cell ``index`` of an exercise notebook for variant
    ``seed`` (a cell tagged ``question``, ``hints``, ``intro`` or ``variant``), or None for any other cell."""
    tags = nb.cells[index].metadata.get("tags", [])
    if "question" in tags or "hints" in tags:
        key = key_after(nb, index)
        if key:
            return question_markdown(key, seed) if "question" in tags else hints_markdown(key, seed)
    if "intro" in tags:
        return intro_markdown(exercise_block(nb).get("set", ""))
    if "variant" in tags:
        return variant_markdown(seed)
    return None


def refresh_solutions(solutions: list[Path] | None = None) -> list[Path]:
    """After an edit of the exercises file: rewrite the cells of the worked solutions that it writes (tagged
    ``question``, ``hints``, ``intro`` and ``variant``, for seed 0) in the solutions' text files
    (``NN-topic.py``), where they differ; every other cell stays as written. Returns the text files changed
    (``make run`` then updates their notebooks and executes them)."""
    import jupytext

    from energycoop.data.paths import exercise_solutions

    changed = []
    for solution in exercise_solutions() if solutions is None else solutions:
        text_file = Path(solution).with_suffix(".py")
        nb = jupytext.read(text_file)
        before = jupytext.writes(nb, fmt="py:percent")
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown":
                cell.source = generated_text(nb, index) or cell.source
        after = jupytext.writes(nb, fmt="py:percent")
        if after != before:
            text_file.write_text(after, encoding="utf-8")
            changed.append(text_file)
    return changed


def student_version(
    solution: nbformat.NotebookNode, seed: int = 0, graded: bool = False
) -> nbformat.NotebookNode:
    """The student notebook for a solution notebook and variant ``seed``: ``answer`` cells emptied to a
    placeholder, ``solution`` markdown dropped, questions and the variant note written for the seed, the
    seed set in the parameters cell and recorded in the metadata, outputs and execution counts cleared."""
    variant_seed("seed", seed)
    nb = copy.deepcopy(solution)
    cells = []
    for index, cell in enumerate(nb.cells):
        tags = cell.metadata.get("tags", [])
        if "solution" in tags:
            continue
        if cell.cell_type == "markdown":
            cell.source = generated_text(nb, index, seed) or cell.source
            if "title" in tags:
                cell.source = cell.source.replace("(worked solutions)", "(exercises)")
        if cell.cell_type == "code":
            if "answer" in tags:
                key = key_after(nb, index)
                cell.source = placeholder(key)
            if "parameters" in tags:
                cell.source = SEED_LINE.sub(lambda m: f"seed: int = {seed}{m.group(2)}", cell.source)
            if graded:  # graded work: the checks record answers and say nothing of right or wrong
                cell.source = CHECKER_LINE.sub(
                    "check = checker(seed, strict, graded=True)  # graded work: answers are only recorded",
                    cell.source,
                )
            # The solutions use Q_ in their answers; a student's notebook imports it for theirs.
            cell.source = "\n".join(
                line + "  # noqa: F401 (for your answers)"
                if line == "from energycoop.quantities.units import Q_"
                else line
                for line in cell.source.split("\n")
            )
            cell.outputs = []
            cell.execution_count = None
        cells.append(cell)
    nb.cells = cells
    block = nb.metadata.setdefault("energycoop", {}).setdefault("exercises", {})
    block["seed"] = seed
    if graded:
        block["graded"] = True
    return nb
