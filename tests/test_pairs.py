"""Every notebook is paired with a py:percent text file (notebooks/jupytext.toml) that reviewers read; the two
must say the same thing, or the review would be of the wrong text."""

from pathlib import Path

import jupytext
import pytest
from conftest import NOTEBOOKS, ROOT
from jupytext.config import load_jupytext_config

NOTEBOOK_FILES = sorted(NOTEBOOKS.rglob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_each_notebook_and_its_text_file_say_the_same(path: Path):
    text = path.with_suffix(".py")
    sync = f"make sync (or .venv/bin/jupytext --sync {path.relative_to(ROOT)})"
    assert text.exists(), f"{path.relative_to(ROOT)} has no paired text file {text.name}: run {sync}"
    expected = jupytext.writes(
        jupytext.read(path), fmt="py:percent", config=load_jupytext_config(str(NOTEBOOKS))
    )
    assert text.read_text(encoding="utf-8") == expected, (
        f"{text.relative_to(ROOT)} and {path.name} are out of sync: run {sync}"
    )


def test_every_text_file_has_its_notebook():
    for text in NOTEBOOKS.rglob("*.py"):
        assert text.with_suffix(".ipynb").exists(), f"{text.relative_to(ROOT)} has no notebook beside it"


def test_an_edit_to_either_side_is_caught(tmp_path):
    source = NOTEBOOKS / "02-zhanatas-wind.ipynb"
    nb = jupytext.read(source)
    cell = next(c for c in nb.cells if "turbines: int = 40" in c.source)  # the parameters cell
    cell.source = cell.source.replace("turbines: int = 40", "turbines: int = 41")
    edited = jupytext.writes(nb, fmt="py:percent", config=load_jupytext_config(str(NOTEBOOKS)))
    assert edited != source.with_suffix(".py").read_text(encoding="utf-8")
