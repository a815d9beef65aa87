"""The teaching layer as a graded student's kernel sees it: without the answer key (issue 18, M1 of adv18b).

A text pattern over the student's code (``graded_copy.INTERNALS``) is a heuristic: ``operator.attrgetter('EXER'
+ 'CISES')`` or ``inspect.getmodule(ex.chart)`` reached ``EXERCISES[key].expected(seed)`` without a word it
knows. So, by construction, a graded kernel has no module that computes an expected answer: in the sandbox
the package's ``teaching/`` folder is replaced (a read-only bind) by ``folder()``, which holds only what a
graded notebook runs:

- ``exercises``: ``variant_seed`` and ``show_answer`` as at home; ``checker`` whose ``check`` only says the
  answer is recorded (the grader's own check cells hand each answer over, ``answer_channel.capture``, and
  the grader judges it outside the sandbox, ``judge``); ``chart`` a placeholder figure (nobody sees a graded
  run's charts: the student read them at home);
- ``answer_channel`` (the grader's capture), ``variants`` (a variant's inputs: the numbers the questions
  print) and ``printed``.

``solvers``, ``catalogue``, ``checker``, ``charts``, ``mistakes``, ``working``, ``keys``, the grader itself and
the rest do not exist there. At home (practice mode) nothing changes: the student's ``check`` judges at once.
What remains reachable is the collection's formulas (``quantities.energy``) and the audit's rules, with
the variant's inputs: computing the answer with them is doing the exercise.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import threading
from pathlib import Path

TEACHING = Path(__file__).resolve().parent
KEPT = (
    "__init__.py",
    "answer_channel.py",
    "variants.py",
    "printed.py",
    "sandbox_worker.py",
)  # what runs there

EXERCISES = '''"""What an exercise notebook imports, in a graded run: no answer key here (``graded_package``)."""

from energycoop.teaching.printed import show_answer
from energycoop.teaching.variants import variant_seed

__all__ = ["chart", "checker", "show_answer", "variant_seed"]


def checker(seed: int = 0, strict: bool = False, graded: bool = False):
    """``check`` in a graded run: the answer is recorded by the grader's own check cells and judged after
    the notebook ran, outside the sandbox."""
    variant_seed("seed", seed)

    def check_answer(key, answer):
        message = "Recorded: in a graded run your teacher's grader judges your answer after the notebook ran."
        print(message)
        return message

    return check_answer


def chart(key: str, seed: int = 0):
    """A placeholder: a graded run draws no chart (you read it at home)."""
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(4, 1))
    axes.axis("off")
    axes.text(0.5, 0.5, "chart not drawn in a graded run", ha="center", va="center")
    return figure
'''

_MADE: list[Path] = []
_LOCK = threading.Lock()


def folder() -> Path:
    """The graded kernel's ``teaching/`` folder (made once per process, removed at its exit), readable by
    the sandbox's user."""
    with _LOCK:
        if _MADE and _MADE[0].is_dir():
            return _MADE[0]
        top = Path(tempfile.mkdtemp(prefix="energycoop-graded-package-"))
        atexit.register(shutil.rmtree, top, True)
        made = top / "teaching"
        made.mkdir()
        for name in KEPT:
            shutil.copyfile(TEACHING / name, made / name)
        (made / "exercises.py").write_text(EXERCISES, encoding="utf-8")
        for path in (top, made, *made.iterdir()):
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        _MADE[:] = [made]
        return made
