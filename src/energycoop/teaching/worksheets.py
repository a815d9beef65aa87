"""Printable worksheets: one self-contained HTML page per exercise notebook (``worksheet_html``), with a
print stylesheet, room for the working and the answer, and with ``answers`` the key under each question.
"""

from __future__ import annotations

import functools
import html
import re
from typing import TYPE_CHECKING

from energycoop.teaching.catalogue import EXERCISES, chart_of
from energycoop.teaching.keys import worked_markdown
from energycoop.teaching.student import checked_keys, exercise_block, question_markdown

if TYPE_CHECKING:
    import nbformat


WORKSHEET_CSS = """
body { font-family: Georgia, "Times New Roman", serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.45; color: #111; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
.meta { color: #444; font-size: .95rem; }
.exercise { border: 1px solid #999; border-radius: 4px; padding: .6rem 1rem 1rem; margin: 1rem 0; }
.exercise h2 { font-size: 1.15rem; margin: .2rem 0; }
.skill { font-style: italic; color: #444; font-size: .9rem; margin: 0; }
.working { border-bottom: 1px dotted #888; height: 2rem; }
.blank { display: inline-block; border-bottom: 1px solid #111; min-width: 9rem; }
figure { margin: .5rem 0; } figure svg { max-width: 100%; height: auto; }
.key { background: #eef5ee; padding: .3rem .5rem; margin-top: .5rem; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: .9em; }
@media print {
  @page { size: A4; margin: 18mm 16mm; }
  body { margin: 0; max-width: none; font-size: 11pt; }
  .exercise { page-break-inside: avoid; break-inside: avoid; }
  figure svg { max-height: 7cm; }
  .noprint { display: none; }
  a { color: inherit; text-decoration: none; }
}
"""


def _inline_markdown(text: str) -> str:
    """Questions use only `code`, **bold** and *italic*; escape everything else."""
    out = html.escape(text, quote=False)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"(?<![*\w])\*([^*]+)\*(?!\w)", r"<em>\1</em>", out)


@functools.lru_cache(maxsize=64)
def chart_svg(key: str, seed: int) -> str:
    """The exercise's chart as inline SVG (no script, no external file)."""
    import io

    import matplotlib.pyplot as plt

    from energycoop.analysis.figure_words import describe_chart

    fig = chart_of(key, seed)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    description = describe_chart(fig)
    plt.close(fig)
    text = buffer.getvalue()
    # a screen reader reads the chart as one image with its description (alt text's equal for inline SVG)
    return f'<svg role="img" aria-label="{html.escape(description)}"' + text[text.index("<svg") + 4 :]


NAME_LINE = '<p class="meta">Name: <span class="blank"></span> &nbsp; Class: <span class="blank"></span></p>'


def paper_variant(seed: int) -> str:
    """The variant line of a printed worksheet: which numbers these are (no word of notebook cells or checks,
    which paper has not)."""
    if seed == 0:
        return "**Variant: seed 0**, the article's own numbers."
    return (
        f"**Variant: seed {seed}.** The numbers in these questions are not the article's: they were changed for "
        "you. Answer with the numbers printed here."
    )


def with_student(page: str, student: str) -> str:
    """A worksheet (or key worksheet) personalised: the student's id on its name line, for a class list."""
    filled = (
        f'<p class="meta">Student: <strong>{html.escape(student)}</strong> &nbsp; Name: '
        '<span class="blank"></span> &nbsp; Class: <span class="blank"></span></p>'
    )
    page = page.replace(NAME_LINE, filled, 1)
    return page.replace("</title>", f" \u2013 {html.escape(student)}</title>", 1)


def worksheet_html(notebook: nbformat.NotebookNode, answers: bool = False) -> str:
    """A printable HTML worksheet (one self-contained page, with a print stylesheet) for an exercise
    notebook (a solution or a student notebook, any variant): title, seed, and each exercise's question
    with room for the working and the answer. With ``answers``, a teacher's key under each."""
    block = exercise_block(notebook)
    seed = int(block.get("seed", 0))
    keys = [key for _, key in checked_keys(notebook)]
    if not keys:
        raise ValueError("this notebook has no check cells: it is not one of the exercise notebooks")
    title_cell = next(
        (c for c in notebook.cells if c.cell_type == "markdown" and c.source.startswith("# ")), None
    )
    title = (
        title_cell.source.splitlines()[0][2:].replace("(worked solutions)", "(exercises)")
        if title_cell
        else "Exercises"
    )
    title = title.replace("(exercises)", "(answer key)" if answers else "(worksheet)")
    parts = [
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>',
        f"<style>{WORKSHEET_CSS}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="meta">{_inline_markdown(paper_variant(seed))}</p>',
        NAME_LINE,
        (
            '<p class="meta">Give every answer with its unit, and the precision you trust: "about 37 %" '
            "means 36.5 to 37.5 %.</p>"
        ),
    ]
    for key in keys:
        exercise = EXERCISES[key]
        number_and_title, _, rest = question_markdown(key, seed).partition("\n\n")
        skill, _, question = rest.partition("\n\n")
        question = re.sub(
            r"\s*Write your answer as text: `[^`]*`\.", "", question
        )  # on paper: the lines below
        question = re.sub(r"\s*Answer with the verdict's words(, e\.g\. `[^`]*`)?\.", "", question)
        lines = 8 if exercise.open else 4
        figure = f"<figure>{chart_svg(key, seed)}</figure>" if exercise.chart else ""
        if exercise.open:
            blank = ""
        elif exercise.is_choice:
            blank = (
                "<p>Verdict (circle one): " + " · ".join(html.escape(o) for o in exercise.options) + "</p>"
            )
        else:
            blank = '<p>Answer: <span class="blank"></span> Unit: <span class="blank"></span></p>'
        parts.append(
            f'<section class="exercise" id="{key}"><h2>{html.escape(number_and_title[3:])}</h2>'
            f'<p class="skill">{_inline_markdown(skill.strip("*"))}</p>{figure}'
            f"<p>{_inline_markdown(question)}</p>" + '<div class="working"></div>' * lines + blank
        )
        if answers:
            worked = "<br>".join(
                _inline_markdown(line) for line in worked_markdown(key, seed).split("\n") if line
            )
            parts.append(f'<div class="key">{worked}</div>')
        parts.append("</section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
