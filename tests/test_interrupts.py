"""make run never leaves the tree half-updated: a failing notebook changes nothing, and Ctrl-C or
kill -9 at any moment leaves ``git status`` clean and no process behind. Each test runs in its
own throwaway copy of the tiny collection (``tests/tiny.py``: the runner's machinery, with notebooks
of a second each), a fresh clone with its outputs committed."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
import tiny
from conftest import git_status

from energycoop.build.processes import descendants


def run(clone, *args, timeout=300):
    return subprocess.run(
        [sys.executable, "-m", "energycoop", *args],
        cwd=clone,
        env=tiny.environment(clone),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


_write_pair = tiny.write_pair  # as an edit made in JupyterLab would write them


def _break_notebook_after_its_figures(clone: Path, name: str) -> None:
    path = clone / "notebooks" / name
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(
        len(nb.cells) - 1, nbformat.v4.new_code_cell("raise RuntimeError('broken after the figures')")
    )
    _write_pair(nb, path)
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qam", "broken"],
        cwd=clone,
        check=True,
    )


def test_a_failing_notebook_changes_nothing_in_the_tree(tiny_copy):
    clone = tiny_copy
    _break_notebook_after_its_figures(clone, "01-first.ipynb")
    # a different parameter default, so that new figures would differ from the committed ones
    nb = nbformat.read(clone / "notebooks" / "01-first.ipynb", as_version=4)
    parameters = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert "factor: float = 2.0" in parameters.source
    parameters.source = parameters.source.replace("factor: float = 2.0", "factor: float = 2.5")
    _write_pair(nb, clone / "notebooks" / "01-first.ipynb")
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qam", "2.5"],
        cwd=clone,
        check=True,
    )
    result = run(clone, "run", "notebooks/01-first.ipynb")
    assert result.returncode == 1
    assert "RuntimeError: broken after the figures" in result.stderr
    assert git_status(clone) == ""  # no new figure beside an old table and an old notebook
    assert not any((clone / "runs" / ".staging").iterdir())


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def _start_make_run(clone: Path):
    # A new session, so that a signal can go to the whole process group as Ctrl-C does; SIGINT
    # restored to its default, which a shell's background jobs would otherwise ignore.
    code = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])"
    return subprocess.Popen(
        [sys.executable, "-c", code, sys.executable, "-m", "energycoop", "run"],
        cwd=clone,
        env=tiny.environment(clone),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


@pytest.mark.parametrize("how, after_lines", [("ctrl-c", 1), ("ctrl-c", 4), ("kill -9", 3)])
def test_an_interrupted_make_run_leaves_the_tree_clean_and_no_process_behind(tiny_copy, how, after_lines):
    clone = tiny_copy
    process = _start_make_run(clone)
    seen = [process.stdout.readline() for _ in range(after_lines)]
    assert seen[0].startswith("Executing")
    family: set[int] = set()
    deadline = time.monotonic() + 30
    while not any("ipykernel" in _cmdline(p) for p in family) and time.monotonic() < deadline:
        time.sleep(0.1)
        family |= descendants(process.pid)
    assert any("ipykernel" in _cmdline(p) for p in family), "the run should have started workers and kernels"
    if how == "ctrl-c":
        os.killpg(process.pid, signal.SIGINT)
    else:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=60)
    deadline = time.monotonic() + 20
    while _alive(family) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(family), f"processes left behind after {how}"
    assert git_status(clone) == ""
    if how == "ctrl-c":  # the run removes what its workers had staged (after kill -9, the next run does)
        assert not list((clone / "runs" / ".staging").glob(f"{process.pid}-*"))


def test_a_kernel_that_dies_is_reported_in_plain_words(tmp_path):
    from energycoop.build.execution import NotebookFailed, execute

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)")]
    nbformat.write(nb, tmp_path / "dies.ipynb")
    with pytest.raises(NotebookFailed, match=r"dies.ipynb: its kernel died while running it"):
        execute(tmp_path / "dies.ipynb", tmp_path / "out.ipynb")
    assert not (tmp_path / "out.ipynb").exists()
