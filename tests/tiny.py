"""A tiny collection of fast notebooks, for the tests of ``make run`` itself (the runner, incremental runs,
interrupts): the same machinery as the real collection (declared reads and writes, outputs redirected to
a staging directory, paired text files, a git checkout), with notebooks that import only
``energycoop.data`` and take a second each instead of the real ones' pandas, pint and matplotlib.

The collection lives in a temporary directory; ``ENERGYCOOP_ROOT`` (``energycoop.data.paths``) points the
commands run in it at it. ``build`` writes its sources and runs it once with the real runner, so that
its committed outputs are what ``make run`` writes; the tests then work on copies of that build.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from energycoop.data.paths import ROOT, ROOT_VARIABLE

# name: (what it reads, its parameter, seconds it waits): each writes data/derived/NAME.csv and one figure.
# 06 waits, so that an interrupt test always finds a kernel still running.
NOTEBOOKS = {
    "01-first": (["data/inputs.csv"], 2.0, 0),
    "02-second": (["data/derived/01-first.csv"], 3.0, 0),
    "03-third": (["data/other.csv"], 5.0, 0),
    "04-fourth": ([], 7.0, 0),
    "05-fifth": (["data/derived/02-second.csv", "data/derived/03-third.csv"], 11.0, 0),
    "06-sixth": (["data/derived/05-fifth.csv", "data/other.csv"], 13.0, 2),
}
DATA = {"inputs.csv": "id,value\nbase,2\n", "other.csv": "id,value\nother,10\n"}

CODE = """\
import csv
import os
import time

from energycoop.data.paths import ROOT

total = factor
for read in {reads!r}:
    with open(ROOT / read, encoding="utf-8", newline="") as handle:
        total += sum(float(row["value"]) for row in csv.DictReader(handle))
time.sleep({pause})
os.makedirs(derived_dir, exist_ok=True)
with open(os.path.join(derived_dir, "{name}.csv"), "w", encoding="utf-8") as handle:
    handle.write(f"id,value\\n{key},{{total}}\\n")
os.makedirs(figures_dir, exist_ok=True)
with open(os.path.join(figures_dir, "{name}.svg"), "w", encoding="utf-8") as handle:
    handle.write(f'<svg xmlns="http://www.w3.org/2000/svg"><text>{{total}}</text></svg>\\n')
"""


def notebook(name: str) -> nbformat.NotebookNode:
    reads, factor, pause = NOTEBOOKS[name]
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    nb.metadata["energycoop"] = {
        "reads": sorted(reads),
        "writes": [f"data/derived/{name}.csv", f"figures/{name}.svg"],
    }
    key = name.split("-")[1]
    cells = [
        nbformat.v4.new_markdown_cell(f"# The {key} notebook of the tiny collection"),
        nbformat.v4.new_code_cell(
            f"factor: float = {factor}  # added to what it reads\n"
            'derived_dir: str = "../data/derived"  # where the derived table is written\n'
            'figures_dir: str = "../figures"  # where the figure is written'
        ),
        nbformat.v4.new_code_cell(
            "from energycoop.data import params\n\n"
            'factor = params.positive_number("factor", factor)\n'
            'derived_dir = params.directory("derived_dir", derived_dir)\n'
            'figures_dir = params.directory("figures_dir", figures_dir)'
        ),
        nbformat.v4.new_code_cell(CODE.format(reads=sorted(reads), pause=pause, name=name, key=key)),
        nbformat.v4.new_code_cell(f'print(f"{key} = {{total}}, written to {name}.csv and {name}.svg")'),
    ]
    cells[1].metadata["tags"] = ["parameters"]
    for number, cell in enumerate(cells):
        cell.id = f"{name[:2]}-{number}"
    nb.cells = cells
    return nb


def write_pair(nb: nbformat.NotebookNode, path: Path) -> None:
    """Write a notebook and its paired text file, as JupyterLab with jupytext saves them."""
    import jupytext
    from jupytext.config import load_jupytext_config

    nbformat.write(nb, path)
    path.with_suffix(".py").write_text(
        jupytext.writes(nb, fmt="py:percent", config=load_jupytext_config(str(path.parent))), encoding="utf-8"
    )


def environment(root: Path, **extra) -> dict:
    """The environment for the collection's commands run on the tiny collection at ``root``: the project's
    code, ``ENERGYCOOP_ROOT`` set, a home and Jupyter runtime directory of its own, no output redirection."""
    import os

    env = {k: v for k, v in os.environ.items() if k != "ENERGYCOOP_OUTPUT_DIR"}
    home = root / "home"
    (home / "runtime").mkdir(parents=True, exist_ok=True)
    env.update(
        {
            ROOT_VARIABLE: str(root),
            "PYTHONPATH": str(ROOT / "src"),
            "HOME": str(home),
            "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
            "JUPYTER_PLATFORM_DIRS": "1",
            "XDG_CACHE_HOME": str(home / "cache"),
            **extra,
        }
    )
    return env


GIT = ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid"]


def build(root: Path) -> Path:
    """Write the tiny collection's sources into ``root``, run it once with ``make run``'s runner and commit
    everything as a new git repository, as a fresh clone of a collection whose outputs are committed."""
    (root / "notebooks").mkdir(parents=True)
    (root / "data" / "derived").mkdir(parents=True)
    (root / "figures").mkdir()
    shutil.copy2(ROOT / "notebooks" / "jupytext.toml", root / "notebooks" / "jupytext.toml")
    # the exercises file the library reads when it loads (the tiny collection has no exercise notebooks)
    (root / "notebooks" / "exercises").mkdir()
    shutil.copy2(
        ROOT / "notebooks" / "exercises" / "exercises.toml",
        root / "notebooks" / "exercises" / "exercises.toml",
    )
    for name, text in DATA.items():
        (root / "data" / name).write_text(text, encoding="utf-8")
    (root / ".gitignore").write_text("/runs/\n/home/\n", encoding="utf-8")
    for name in NOTEBOOKS:
        write_pair(notebook(name), root / "notebooks" / f"{name}.ipynb")
    done = subprocess.run(
        [sys.executable, "-m", "energycoop", "run"],
        cwd=root,
        env=environment(root),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the tiny collection did not run:\n{done.stdout}\n{done.stderr}")
    shutil.rmtree(root / "runs")  # as in a fresh clone: no record of an earlier run
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "the tiny collection"], cwd=root, check=True)
    return root


def copy(built: Path, target: Path) -> Path:
    """A copy of the built tiny collection (with its git history) at ``target``, for one test to change."""
    shutil.copytree(built, target, symlinks=True)
    return target
