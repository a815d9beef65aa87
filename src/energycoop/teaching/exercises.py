"""What an exercise notebook imports: ``checker`` (the check cell's ``check``), ``variant_seed`` (the seed
parameter), ``show_answer`` (an answer as a worked solution prints it) and ``chart`` (the chart a question
is about). Student notebooks already handed out import these names from here, so they stay here.

The rest of the teaching layer (ARCHITECTURE.md):

- the exercises are data, ``notebooks/exercises/exercises.toml``, read and checked by ``exercise_file`` into
  ``Exercise`` objects (``exercise``), held and numbered by ``catalogue``; they name by name the ``solvers``, ``charts`` and ``mistakes``
  (``registry``);
- ``variants`` moves the inputs for a seed, ``printed`` prints them as the questions do;
- ``answers`` (with ``answer_words``) reads what a student typed, ``checker`` judges it;
- ``student``, ``keys`` and ``worksheets`` write the student notebooks, the answer keys and the printable
  worksheets; ``classes`` the variant and class commands;
- ``grading`` grades a directory of notebooks into a gradebook (``gradebook``), each run in a sandbox
  (``sandbox``, ``sandbox_worker``) and each answer judged in a bounded process (``judge``).
"""

from energycoop.teaching.catalogue import chart_of
from energycoop.teaching.checker import checker
from energycoop.teaching.printed import show_answer
from energycoop.teaching.variants import variant_seed

__all__ = ["chart", "checker", "show_answer", "variant_seed"]


def chart(key: str, seed: int = 0):
    """Draw the chart exercise ``key`` asks about, for variant ``seed``, and return the figure. In a notebook it
    is shown as the collection's figures are (``analysis.plotting.save_figure``: a checked, legible figure,
    with a phone layout), its alt text one sentence read from the chart itself (``describe_chart``)."""
    import tempfile

    from energycoop.analysis.figure_words import describe_chart
    from energycoop.analysis.plotting import save_figure

    figure = chart_of(key, seed)
    with tempfile.TemporaryDirectory(prefix="energycoop-chart-") as scratch:
        save_figure(figure, key, scratch, describe_chart(figure))
    return figure
