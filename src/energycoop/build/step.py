"""The step object: everything a notebook of the collection asks of its surroundings, in one place.

A notebook's validation cell (the cell after its parameters) makes one and checks its parameters
through it, each named once::

    step = Step("02-zhanatas-wind", globals()).parameters(turbines=positive_int, annual_gwh=positive_number)

and the notebook then reads the tables it declares, and writes its table and figures, through it::

    zhanatas = step.read("02-zhanatas-wind")          # refused unless the notebook declares it reads it
    table = step.table                                 # the notebook's DerivedTable, named after it
    step.save_figure(fig, "03-turgusun-timeline", description)
    step.write(table)

The step knows the notebook's declaration (the ``energycoop`` block of its metadata, which
``energycoop.build.catalogue`` reads; the runner still checks it against the files the kernel
opens) and the collection's root: this checkout (``energycoop.data.paths.ROOT``) unless ``root``
is given, so a test can run a small collection of its own in a temporary directory.

A notebook is told which one it is by its name: papermill, nbval, JupyterLab and VS Code start
kernels that cannot reliably say which file they run.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from energycoop.analysis.plotting import save_figure, use_style
from energycoop.build.catalogue import CatalogueError, Entry, declaration
from energycoop.data import params, paths
from energycoop.data.derived import DerivedTable, read_upstream
from energycoop.data.paths import NOTEBOOK_NAME, mark

# The parameters every notebook may have that say where to read and write: the step checks them itself.
INPUTS = "inputs_dir"
OUTPUTS = ("derived_dir", "figures_dir")
DIRECTORIES = (INPUTS, *OUTPUTS)


class StepError(CatalogueError):
    """A notebook asks its step for something its declaration or its parameters cell does not have;
    the message names the notebook and what is missing."""


def parameter_names(notebook: dict) -> list[str]:
    """The names the parameters cell (the code cell tagged ``parameters``) of ``notebook`` (its JSON) assigns."""
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            names = []
            for node in ast.parse(source).body:
                targets = [node.target] if isinstance(node, ast.AnnAssign) else getattr(node, "targets", [])
                names += [t.id for t in targets if isinstance(t, ast.Name)]
            return names
    return []


class Step:
    """One notebook's parameters, declared reads and writes, and root.

    ``name`` is the notebook's file name without ``.ipynb`` (a path below ``notebooks/`` for one in a
    sub-folder); ``namespace`` is the notebook's ``globals()``, where its parameters cell put its
    parameters and where ``parameters`` puts them back, checked; ``root`` is the collection's root
    (default: this checkout, ``energycoop.data.paths.ROOT``, read when the step is made).
    """

    def __init__(self, name: str, namespace: dict, root: str | Path | None = None):
        if not isinstance(name, str) or not NOTEBOOK_NAME.fullmatch(Path(name).name + ".ipynb"):
            raise StepError(
                f"Step({name!r}): give the notebook's name, its file name without .ipynb "
                "(such as '02-zhanatas-wind')"
            )
        self.name = name
        self._namespace = namespace
        self._given_root = Path(root).resolve() if root is not None else None
        self.root = self._given_root or paths.ROOT
        self.notebook = self.root / "notebooks" / f"{name}.ipynb"
        try:
            self._source = json.loads(self.notebook.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StepError(
                f"Step({name!r}): cannot read the notebook {self.notebook} ({exc}); give the name of a "
                f"notebook in {self.root / 'notebooks'}, or the collection's root as root="
            ) from None
        self.declaration: Entry = declaration(self.notebook)
        self.table = DerivedTable(Path(name).name)
        self._directories: dict[str, str] = {}
        self._unmarked: set[Path] = set()
        use_style()

    def __repr__(self) -> str:
        return f"Step({self.name!r}, root={str(self.root)!r})"

    # --- parameters ---------------------------------------------------------------------------------------

    def parameters(self, *constraints: Callable[[], object], **checks: Callable) -> Step:
        """Check the notebook's parameters and put the checked values back in its namespace; return the step.

        Each keyword names a parameter of the parameters cell and gives its check, a function
        ``check(name, value)`` that returns the value allowed (``energycoop.data.params``: ``positive_number``,
        ``fraction``, ``between(5, 9)``...) or raises ``ParameterError`` naming the parameter, its value and what
        is allowed. Checks run in the order given, so a check may use parameters checked before it.
        ``constraints`` (functions of no argument, ``lambda: params.at_most(...)``) run next, on the checked
        values. The directory parameters (``inputs_dir``, ``derived_dir``, ``figures_dir``) are checked
        last, by the step itself; nothing is written until the notebook writes.
        """
        declared = parameter_names(self._source)
        unknown = [n for n in checks if n not in declared or n in DIRECTORIES]
        if unknown:
            raise StepError(
                f"notebook {self.name}: step.parameters checks {', '.join(unknown)}, which "
                f"{'is' if len(unknown) == 1 else 'are'} not a parameter it checks (the parameters cell "
                f"has {', '.join(declared) or 'none'}; the directories are checked by the step)"
            )
        unchecked = [n for n in declared if n not in checks and n not in DIRECTORIES]
        if unchecked:
            raise StepError(
                f"notebook {self.name}: parameter {', '.join(unchecked)} has no check; give "
                f"step.parameters a check for each, such as {unchecked[0]}=positive_number"
            )
        for name, check in checks.items():
            self._namespace[name] = check(name, self._namespace[name])
        for constraint in constraints:
            constraint()
        root = self._given_root
        if INPUTS in declared:
            self._directories[INPUTS] = params.input_directory(INPUTS, self._namespace[INPUTS], root)
        for name in OUTPUTS:
            if name in declared:
                self._directories[name], claim = params.output_directory(name, self._namespace[name], root)
                if claim is not None:
                    self._unmarked.add(claim)
        self._namespace.update(self._directories)
        return self

    def directory(self, name: str) -> Path:
        """The checked directory parameter ``name`` (``inputs_dir``, ``derived_dir`` or ``figures_dir``)."""
        if not self._directories:
            raise StepError(
                f"notebook {self.name}: its parameters are not checked yet; call step.parameters(...) "
                "in the cell after the parameters"
            )
        if name not in self._directories:
            raise StepError(f"notebook {self.name} has no parameter {name} in its parameters cell")
        return Path(self._directories[name])

    # --- reading ------------------------------------------------------------------------------------------

    def read(self, *names: str) -> pd.DataFrame | tuple[pd.DataFrame, ...]:
        """The derived tables of the upstream notebooks ``names`` (one table, or a tuple), read from
        ``inputs_dir`` (``energycoop.data.derived.read_upstream``, which says which copy it read). A table
        the notebook does not declare that it reads is refused, naming the notebook and the table."""
        declared = self.declaration.reads_tables()
        for name in names:
            if f"data/derived/{name}.csv" not in declared:
                have = ", ".join(Path(p).stem for p in declared) or "none"
                raise StepError(
                    f"notebook {self.name} reads the table {name!r}, which it does not declare: add "
                    f"data/derived/{name}.csv to 'reads' in the 'energycoop' block of its metadata (the "
                    f"header of {Path(self.name).name}.py), or read one it declares ({have})"
                )
        return read_upstream(self.directory(INPUTS), *names, root=self._given_root)

    # --- writing ------------------------------------------------------------------------------------------

    def _declared_output(self, path: str) -> None:
        if path not in self.declaration.writes:
            raise StepError(
                f"notebook {self.name} writes {path}, which it does not declare: add it to 'writes' in "
                f"the 'energycoop' block of its metadata (the header of {Path(self.name).name}.py)"
            )

    def _ready_to_write(self) -> None:
        for claim in sorted(self._unmarked):
            mark(claim, params.OUTPUT_REDIRECT)
        self._unmarked.clear()

    def write(self, table: DerivedTable | pd.DataFrame) -> None:
        """Write the notebook's table (its ``DerivedTable``, or a frame of rows) as ``<derived_dir>/<name>.csv``
        and say so in one line."""
        stem = Path(self.name).name
        self._declared_output(f"data/derived/{stem}.csv")
        directory = self.directory("derived_dir")
        self._ready_to_write()
        if isinstance(table, DerivedTable):
            if table.name != stem:
                raise StepError(
                    f"notebook {self.name} writes the table {table.name!r}; its own is {stem!r} (step.table)"
                )
            path, rows = table.write(directory), len(table.rows)
        else:
            directory.mkdir(parents=True, exist_ok=True)
            path, rows = directory / f"{stem}.csv", len(table)
            table.to_csv(path, index=False, lineterminator="\n")
        print(f"Wrote {rows} rows to {path.name}.")

    def save_figure(self, fig, name: str, description: str) -> None:
        """Save ``fig`` as ``<figures_dir>/<name>.png`` and ``.svg`` (``energycoop.analysis.plotting.save_figure``:
        checked for legibility, ``description`` as its alt text), show it, and print ``description`` under it."""
        for suffix in ("png", "svg"):
            self._declared_output(f"figures/{name}.{suffix}")
        directory = self.directory("figures_dir")
        self._ready_to_write()
        save_figure(fig, name, directory, description)
        print(description)
