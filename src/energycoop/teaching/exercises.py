"""What an exercise notebook imports: ``checker`` (the check cell's ``check``), ``variant_seed`` (the seed
parameter), ``show_answer`` (an answer as a worked solution prints it) and ``chart`` (the chart a question
is about). Student notebooks already handed out import these names from here, so they stay here.

The rest of the teaching layer (ARCHITECTURE.md):

- the exercises are data, ``notebooks/exercises/exercises.toml``, read and checked by ``catalogue`` into
  ``Exercise`` objects (``exercise``); they name by name the ``solvers``, ``charts`` and ``mistakes``
  (``registry``);
- ``variants`` moves the inputs for a seed, ``printed`` prints them as the questions do;
- ``answers`` (with ``answer_words``) reads what a student typed, ``checker`` judges it;
- ``student``, ``keys`` and ``worksheets`` write the student notebooks, the answer keys and the printable
  worksheets; ``classes`` the variant and class commands;
- ``grading`` grades a directory of notebooks into a gradebook (``gradebook``), each run in a sandbox
  (``sandbox``, ``sandbox_worker``) and each answer judged in a bounded process (``judge``).
"""

from energycoop.teaching.catalogue import chart_of as chart
from energycoop.teaching.checker import checker
from energycoop.teaching.printed import show_answer
from energycoop.teaching.variants import variant_seed

__all__ = ["chart", "checker", "show_answer", "variant_seed"]
