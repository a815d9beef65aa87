import os
import tempfile
from pathlib import Path

import pytest

# Notebooks executed by the tests (nbval, reruns) write their derived tables and figures
# below this directory instead of over the committed ones (see energycoop.data.params.directory).
os.environ.setdefault("ENERGYCOOP_OUTPUT_DIR", tempfile.mkdtemp(prefix="energycoop-test-outputs-"))

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"


@pytest.fixture
def article_text() -> str:
    return (DATA / "article.csv").read_text(encoding="utf-8")


@pytest.fixture
def reference_text() -> str:
    return (DATA / "reference.csv").read_text(encoding="utf-8")


def make_clone(target: Path) -> Path:
    """A throwaway copy of the repository's tracked files as they are in the working tree, committed
    as a new git repository, for tests that give commands bad or destructive input: they run the
    copy's own code (``clone_env``) and never pass a path outside it."""
    import shutil
    import subprocess

    listing = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                             capture_output=True, check=True).stdout
    for name in listing.decode().split("\0"):
        if name and (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid"]
    subprocess.run(["git", "init", "-q"], cwd=target, check=True)
    (target / ".git" / "info").mkdir(parents=True, exist_ok=True)
    (target / ".git" / "info" / "exclude").write_text("/home/\n", encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=target, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "throwaway copy"], cwd=target, check=True)
    return target


def clone_env(clone: Path, **extra) -> dict:
    """The environment for running a clone's own code: its ``src`` first on the path, its own home
    directory and Jupyter runtime directory, and no output redirection."""
    env = {k: v for k, v in os.environ.items() if k != "ENERGYCOOP_OUTPUT_DIR"}
    home = clone / "home"
    (home / "runtime").mkdir(parents=True, exist_ok=True)
    env.update(PYTHONPATH=str(clone / "src"), HOME=str(home), JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTER_PLATFORM_DIRS="1", XDG_CACHE_HOME=str(home / "cache"), **extra)
    return env


def git_status(clone: Path) -> str:
    import subprocess

    return subprocess.run(["git", "status", "--porcelain"], cwd=clone, capture_output=True, text=True,
                          check=True).stdout


def rewrite_csv(text: str, row_id: str, column: str, value: str) -> str:
    """``text`` (a CSV with an ``id`` column) with the cell of ``row_id`` in ``column`` set to ``value``."""
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        if row["id"] == row_id:
            row[column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
