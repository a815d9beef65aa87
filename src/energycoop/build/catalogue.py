"""What each notebook reads and writes, declared once in the notebook's own metadata.

Every notebook carries, in its metadata under ``energycoop``, the repository-relative paths
of the files it reads (data files and other notebooks' derived tables) and writes (its
derived table and figures)::

    "energycoop": {"reads": ["data/article.csv", "data/derived/02-zhanatas-wind.csv"],
                   "writes": ["data/derived/03-turgusun-hydro.csv", "figures/03-turgusun-timeline.png", ...]}

In the paired text file (``NN-topic.py``) the same block stands in the header. This one
declaration drives the run order (a notebook runs after every notebook whose output it
reads), incremental runs, ``rerun``, the site's "reads / writes" lines, the README catalogue
and the tests; a test checks it against the files a notebook really opens.

Reading it needs only ``json``: ``make run`` decides what is up to date without importing
the notebook stack.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from energycoop.data.paths import (
    NOTEBOOKS,
    ROOT,
    exercise_solutions,
    numbered_notebooks,
    solution_of,
    student_path,
)

KEY = "energycoop"


class CatalogueError(ValueError):
    """A notebook's declaration is missing or wrong; the message names the notebook."""


@dataclass(frozen=True)
class Entry:
    path: Path  # the notebook
    reads: tuple[str, ...]
    writes: tuple[str, ...]

    @property
    def name(self) -> str:
        return (
            self.path.relative_to(NOTEBOOKS).with_suffix("").as_posix()
            if NOTEBOOKS in self.path.parents
            else self.path.stem
        )

    def reads_tables(self) -> tuple[str, ...]:
        """The other notebooks' derived tables it reads."""
        return tuple(p for p in self.reads if p.startswith("data/derived/"))

    def reads_data(self) -> tuple[str, ...]:
        """The data files it reads (not derived tables)."""
        return tuple(p for p in self.reads if not p.startswith("data/derived/"))

    def writes_table(self) -> str | None:
        return next((p for p in self.writes if p.startswith("data/derived/")), None)

    def writes_figures(self) -> tuple[str, ...]:
        return tuple(p for p in self.writes if p.startswith("figures/"))


def declaration(path: str | Path) -> Entry:
    """The declaration of the notebook at ``path``."""
    path = Path(path).resolve()
    try:
        metadata = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError) as exc:
        raise CatalogueError(f"{path}: not readable as a notebook ({exc})") from None
    block = metadata.get(KEY)
    if (
        not isinstance(block, dict)
        or not isinstance(block.get("reads"), list)
        or not isinstance(block.get("writes"), list)
    ):
        raise CatalogueError(f"{path}: its metadata has no '{KEY}' block with 'reads' and 'writes' lists")
    for key in ("reads", "writes"):
        for item in block[key]:
            if not isinstance(item, str) or item.startswith("/") or ".." in Path(item).parts:
                raise CatalogueError(
                    f"{path}: '{KEY}.{key}' holds {item!r}; give paths relative to the repository"
                )
    return Entry(path, tuple(block["reads"]), tuple(block["writes"]))


def upstream(entries: list[Entry]) -> dict[Path, set[Path]]:
    """For each notebook, the notebooks (among ``entries``) that write a file it reads."""
    writer = {output: e.path for e in entries for output in e.writes}
    return {e.path: {writer[r] for r in e.reads if r in writer and writer[r] != e.path} for e in entries}


def downstream_closure(entries: list[Entry], start: set[Path]) -> set[Path]:
    """``start`` and every notebook that reads, directly or not, what one of them writes."""
    ups = upstream(entries)
    result = set(start)
    changed = True
    while changed:
        changed = False
        for path, parents in ups.items():
            if path not in result and parents & result:
                result.add(path)
                changed = True
    return result


def in_order(entries: list[Entry]) -> list[Entry]:
    """``entries`` sorted so that every notebook comes after those it reads from (stable otherwise);
    ``CatalogueError`` if some read each other."""
    ups = upstream(entries)
    done: set[Path] = set()
    ordered: list[Entry] = []
    pending = list(entries)
    while pending:
        ready = [e for e in pending if ups[e.path] <= done]
        if not ready:
            raise CatalogueError(
                f"could not order {', '.join(e.path.name for e in pending)}: they read each other"
            )
        for e in ready:
            ordered.append(e)
            done.add(e.path)
            pending.remove(e)
    return ordered


def files(entry: Entry, which: str) -> list[Path]:
    """The declared ``reads`` or ``writes`` of ``entry`` as absolute paths."""
    return [ROOT / p for p in getattr(entry, which)]


def _cell(paths: tuple[str, ...]) -> str:
    """Paths as a README table cell: each in backticks, a figure's PNG and SVG as one ``.{png,svg}``."""
    shown: list[str] = []
    for path in paths:
        stem, _, suffix = path.rpartition(".")
        if suffix == "svg" and f"{stem}.png" in paths:
            continue
        shown.append(f"`{stem}.{{png,svg}}`" if suffix == "png" and f"{stem}.svg" in paths else f"`{path}`")
    return ", ".join(shown) or "nothing"


def readme_row(entry: Entry) -> str:
    """The end of the notebook's row in the README's catalogue: its reads and writes cells."""
    return f"| {_cell(entry.reads)} | {_cell(entry.writes)} |"


def notebooks_in_order(directory: Path = NOTEBOOKS) -> list[Path]:
    """The collection's notebooks, in reading order (``NN-topic.ipynb``, sorted)."""
    return numbered_notebooks(directory)


def all_notebooks(directory: Path = NOTEBOOKS) -> list[Path]:
    """Everything ``make run`` executes: the numbered notebooks, the exercise solutions, the student versions."""
    solutions = exercise_solutions(directory)
    return notebooks_in_order(directory) + solutions + [student_path(s) for s in solutions]


def entry_of(path: Path) -> Entry:
    """The declaration that governs ``path``: its own, or, for a student exercise notebook (generated
    afresh on every run), its solution's."""
    solution = solution_of(path)
    declared = declaration(solution or path)
    return Entry(Path(path).resolve(), declared.reads, declared.writes)
