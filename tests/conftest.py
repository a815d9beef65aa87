import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from energycoop.build.execution import same_arithmetic

# Notebooks executed by the tests (nbval, reruns) write their derived tables and figures
# below this directory instead of over the committed ones (see energycoop.data.params.directory).
# The process that makes it (xdist's workers inherit it) removes it at exit: a run leaves nothing in /tmp.
if "ENERGYCOOP_OUTPUT_DIR" not in os.environ:
    os.environ["ENERGYCOOP_OUTPUT_DIR"] = tempfile.mkdtemp(prefix="energycoop-test-outputs-")
    atexit.register(shutil.rmtree, os.environ["ENERGYCOOP_OUTPUT_DIR"], True)
# nbval's kernels compute as `make run`'s do, whatever the processor (see energycoop.build.execution).
same_arithmetic()

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"


def shared(tmp_path_factory, name: str, make):
    """The directory ``make(directory)`` fills, made once per test session however many xdist workers
    ask for it: the first worker to ask makes it (under a file lock, in the temporary directory all the
    workers share) and the others wait for it and reuse it. A ``make`` that fails is not repeated: every
    test that asks for it fails with the same message. Tests treat the directory as read-only (they
    copy what they change)."""
    import fcntl
    import shutil

    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # pytest-N/, above each worker's popen-gwK/
    target, made, failed = (base / f"shared-{name}{end}" for end in ("", ".made", ".failed"))
    with open(base / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if failed.exists():
            pytest.fail(f"making the shared {name} failed in another worker:\n{failed.read_text()}")
        if not made.exists():
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir()
            try:
                make(target)
            except BaseException as exc:
                failed.write_text(f"{type(exc).__name__}: {exc}")
                raise
            made.touch()
    return target


@pytest.fixture(scope="session")
def pristine_clone(tmp_path_factory) -> Path:
    """One clone (``make_clone``) for the whole session: never changed; ``clone_copy`` copies it."""
    return shared(tmp_path_factory, "clone", make_clone)


def copy_clone(pristine: Path, target: Path) -> Path:
    """A copy of the session's clone, with its git history, for one test (or module) to change."""
    import shutil

    shutil.copytree(pristine, target, symlinks=True, dirs_exist_ok=True)
    return target


@pytest.fixture
def clone_copy(pristine_clone, tmp_path) -> Path:
    return copy_clone(pristine_clone, tmp_path / "clone")


@pytest.fixture(scope="session")
def tiny_built(tmp_path_factory) -> Path:
    """The tiny collection (``tiny.build``), run once per session; tests work on copies (``tiny_copy``)."""
    import tiny

    return shared(tmp_path_factory, "tiny", tiny.build)


@pytest.fixture
def tiny_copy(tiny_built, tmp_path) -> Path:
    import tiny

    return tiny.copy(tiny_built, tmp_path / "tiny")


# The one rerun of notebook 02 with other parameters that the rerun, notebook and summary tests read.
RERUN_02 = [
    "rerun",
    "02-zhanatas-wind",
    "-p",
    "turbines",
    "50",
    "-p",
    "hours_per_year",
    "8784",
    "-p",
    "co2_t_per_tce",
    "2.64",
]


def committed_outputs() -> list[Path]:
    """The committed derived tables and figures, and notebook 02."""
    return (
        sorted((DATA / "derived").glob("*.csv"))
        + sorted((ROOT / "figures").glob("*"))
        + [NOTEBOOKS / "02-zhanatas-wind.ipynb"]
    )


def digests(paths: list[Path]) -> dict[str, str]:
    import hashlib

    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


@pytest.fixture(scope="session")
def rerun_02(tmp_path_factory) -> dict:
    """``python -m energycoop rerun`` of notebook 02 with 50 turbines, a leap year and 2.64 t CO2/tce,
    run once per session (``shared``) into ``out``: its exit status, output, the executed notebook and
    the committed outputs' digests before and after."""
    import json
    import subprocess
    import sys

    def make(directory: Path) -> None:
        before = digests(committed_outputs())
        done = subprocess.run(
            [sys.executable, "-m", "energycoop", *RERUN_02, "--out", str(directory / "run")],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=300,
            check=False,
        )
        (directory / "result.json").write_text(
            json.dumps(
                {
                    "returncode": done.returncode,
                    "stdout": done.stdout,
                    "stderr": done.stderr,
                    "before": before,
                    "after": digests(committed_outputs()),
                }
            ),
            encoding="utf-8",
        )

    directory = shared(tmp_path_factory, "rerun-02", make)
    result = json.loads((directory / "result.json").read_text(encoding="utf-8"))
    return {**result, "out": directory / "run", "notebook": directory / "run" / "02-zhanatas-wind.ipynb"}


# --- the built site, served, a browser, and one visit of each page at each width (tests/test_site.py and
# tests/test_site_reader.py) ------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory):
    """The site built once per session, however many files and xdist workers read it (``shared``): its
    folder and its pages. Tests only read it."""
    from energycoop.build.site import build, site_pages

    directory = shared(tmp_path_factory, "site", lambda target: build(target / "site"))
    return directory / "site", site_pages()


@pytest.fixture(scope="session")
def site(site_dir):
    """The built site served over HTTP on this machine (one server per worker): its address and pages."""
    import functools
    import http.server
    import threading

    out, pages = site_dir
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    http.server.SimpleHTTPRequestHandler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", pages
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium through playwright (one per worker); without it the test fails and says so."""
    from sitevisit import ARGS, CHROMIUM

    if not CHROMIUM.exists():
        pytest.fail(
            "Debian's chromium is not installed at /usr/bin/chromium: run `make test` as root "
            "(it installs it with apt-get) or `apt-get install chromium`"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def visits(tmp_path_factory, request, site_dir) -> dict:
    """Every page of the site visited once at 1280 and at 390 px for the whole session (``sitevisit.visit_all``),
    by the first worker that asks (``shared``): {width: {address: facts}}."""
    import json

    from sitevisit import AXE, visit_all

    if not AXE.is_file():
        pytest.fail(
            f"axe-core is not installed at {AXE}: run `make test` (npm ci installs package.json's pin)"
        )

    def make(target: Path) -> None:
        base, pages = request.getfixturevalue("site")
        out, _ = site_dir
        found = visit_all(request.getfixturevalue("browser"), base, out, {info.href for info in pages})
        (target / "visits.json").write_text(json.dumps(found), encoding="utf-8")

    directory = shared(tmp_path_factory, "site-visits", make)
    found = json.loads((directory / "visits.json").read_text(encoding="utf-8"))
    return {int(width): pages for width, pages in found.items()}


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

    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
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
    env.update(
        PYTHONPATH=str(clone / "src"),
        HOME=str(home),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        JUPYTER_PLATFORM_DIRS="1",
        XDG_CACHE_HOME=str(home / "cache"),
        **extra,
    )
    return env


# Runs commands one after the other in one process inside a copy (one start-up instead of one per command),
# each as `python -m energycoop ARGV...` would (energycoop.cli.main, its exit status): each command's exit
# status, output, any traceback, whether any file outside runs/, site/ and home/ changed, and the files
# under runs/ after it.
BATCH = r"""
import contextlib, hashlib, io, json, sys, traceback
from pathlib import Path
from energycoop.cli import main

def snapshot():
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(Path(".").rglob("*"))
            if p.is_file() and p.parts[0] not in (".git", "runs", "site", "home")}

results = []
for argv in json.loads(sys.argv[1]):
    before, out, err = snapshot(), io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:
            code = exc.code
        except BaseException:
            code, _ = "exception", traceback.print_exc(file=err)
    runs = sorted(p.relative_to("runs").as_posix() for p in Path("runs").rglob("*") if p.is_file()) \
        if Path("runs").is_dir() else []
    results.append({"code": code, "stdout": out.getvalue(), "stderr": err.getvalue(), "changed": snapshot() != before,
                    "runs": runs})
print(json.dumps(results))
"""


def commands_in_one_process(clone: Path, argvs: list[list[str]], timeout: float = 600) -> list[dict]:
    """Run the commands ``argvs`` in ``clone`` with its own code (``BATCH``); what each did."""
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", BATCH, json.dumps(argvs)],
        cwd=clone,
        env=clone_env(clone),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def git_status(clone: Path) -> str:
    import subprocess

    return subprocess.run(
        ["git", "status", "--porcelain"], cwd=clone, capture_output=True, text=True, check=True
    ).stdout


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


# nbval executes every notebook once, its outputs redirected below ENERGYCOOP_OUTPUT_DIR (set above, before
# the workers start, so all of them share it). After a notebook's last cell, one more test compares what that
# run wrote with the committed derived table and figures, byte for byte: the committed outputs are what the
# notebook computes (as `make run` in a fresh clone must reproduce them), for every notebook, from the one
# execution nbval makes anyway.
class CommittedOutputs(pytest.Item):
    def runtest(self):
        from energycoop.build.catalogue import entry_of

        redirect = Path(os.environ["ENERGYCOOP_OUTPUT_DIR"])
        differ = []
        for path in entry_of(self.path).writes:
            written = redirect / path.removeprefix(
                "data/"
            )  # data/derived/X -> derived/X, figures/X -> figures/X
            if not written.is_file():
                differ.append(f"{path} (not written by this run)")
            elif written.read_bytes() != (ROOT / path).read_bytes():
                differ.append(path)
        assert not differ, (
            f"{self.path.name}, executed here at its defaults, writes outputs that differ from the "
            f"committed ones: {', '.join(differ)}; `make run` regenerates them"
        )

    def reportinfo(self):
        return self.path, None, f"{self.path.name}: committed outputs"


def pytest_collection_modifyitems(session, config, items):
    """Put a ``CommittedOutputs`` test after the last nbval cell of each notebook that declares outputs."""
    from energycoop.build.catalogue import entry_of

    last = {}
    for index, item in enumerate(items):
        if type(item).__name__ == "IPyNbCell":
            last[item.parent] = index
    for parent, index in sorted(last.items(), key=lambda pair: -pair[1]):
        if entry_of(parent.path).writes:
            items.insert(index + 1, CommittedOutputs.from_parent(parent, name="committed outputs"))


def notebook(*sources: str):
    """A notebook for the sandbox tests: the grader's setup cell, then one code cell per source."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    setup = nbformat.v4.new_code_cell("x = 1")
    setup.metadata["tags"] = ["grader"]
    nb.cells = [setup, *(nbformat.v4.new_code_cell(s) for s in sources)]
    return nb


def text_of(result, index: int) -> str:
    """The printed text of code cell ``index`` of a sandbox run."""
    return "".join(o.get("text", "") for o in result.cells.get(index, {}).get("outputs", []))
