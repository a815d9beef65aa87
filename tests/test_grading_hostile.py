"""The second adversarial pass on the grader (issue 18, "how we will judge it": the same pass, new cases).
Each test reproduces a defect that pass found; the notebooks run in the grader's sandbox (as ``nobody``
when the tests run as root), on the test's own temporary files."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import pytest
from conftest import NOTEBOOKS, notebook, text_of

from energycoop.data.paths import exercise_solutions
from energycoop.teaching import (
    catalogue,
    grading,
    notebook_grading,
    sandbox,
    sandbox_setup,
    submissions,
    traces,
)

ONE = exercise_solutions(NOTEBOOKS)[0]
KEYS = catalogue.SETS[ONE.stem]
LIMIT = 8


def test_signals_sent_to_the_runner_cost_nothing():
    """A cell sending SIGTERM, SIGINT, SIGHUP and SIGUSR1 to its parent (the runner) ended the runner: every
    later exercise was "not graded". The runner takes no notice of them (the grader stops it by SIGKILL)."""
    sends = "\n".join(
        f"os.kill(os.getppid(), signal.{s.name})"
        for s in (
            signal.SIGTERM,
            signal.SIGINT,
            signal.SIGHUP,
            signal.SIGUSR1,
            signal.SIGUSR2,
            signal.SIGTSTP,
        )
    )
    result = sandbox.run_notebook(
        nbformat.writes(notebook("import os, signal, time\n" + sends + "\ntime.sleep(1)", "print('after')")),
        10,
        [],
    )
    assert result.failure is None, result.failure
    assert "after" in text_of(result, 2)


def test_empty_cells_cost_no_time():
    """10,000 empty cells after the exercises ran past a 10 s limit ("code cell 1271 and the cells after it
    were not run"): an empty cell does nothing, and is not run."""
    nb = notebook("print('start')")
    nb.cells += [nbformat.v4.new_code_cell("") for _ in range(10000)] + [
        nbformat.v4.new_code_cell("print('end')")
    ]
    result = sandbox.run_notebook(nbformat.writes(nb), 5, [])
    assert result.failure is None, result.failure
    assert "end" in text_of(result, len(nb.cells) - 1)


def test_two_names_never_look_alike():
    """A Latin-1 byte (caf\\xe9 from a zip archive) and a name written with a backslash (caf\\\\xe9) were shown
    alike: two students of one name in the gradebook and the wide sheet."""
    latin = os.fsdecode(b"caf\xe9.ipynb")
    literal = "caf\\xe9.ipynb"
    assert submissions.shown_name(latin) == "caf\\xe9.ipynb"
    assert submissions.shown_name(literal) == "caf\\\\xe9.ipynb"
    assert submissions.file_stem(latin) != submissions.file_stem(literal)
    assert submissions.shown_name("\ud800x") == "\\ud800x"  # a lone surrogate: shown, not a traceback
    assert submissions.file_stem("\ud800x")


def test_an_answer_that_hangs_the_check_is_blamed_on_the_answer(tmp_path):
    """An answer whose repr never returns hung the grader's check cell, and the problem row quoted the
    grader's own code ("code cell 5 ('from energycoop.teaching.answer_channel import capture as...')")."""
    nb = nbformat.read(ONE, as_version=4)
    first = next(c for c in nb.cells if "answer" in c.metadata.get("tags", []))
    first.source = (
        "class Evil(float):\n    def __repr__(self):\n        while True:\n            pass\n"
        "    __str__ = __repr__\nanswer = Evil(0.37)"
    )
    path = tmp_path / "evil.ipynb"
    nbformat.write(nb, path)
    outcome = notebook_grading.grade_notebook(path, time_limit=LIMIT)
    problems = [r["feedback"] for r in outcome.rows if not r["key"]]
    assert any(p.startswith(f"the check of exercise 1 ({KEYS[0]}), run on the answer") for p in problems), (
        problems
    )
    assert not any("energycoop.teaching" in p for p in problems), problems
    rows = {r["key"]: r for r in outcome.rows if r["key"]}
    assert rows[KEYS[1]]["result"] == "right"  # the next exercise is graded


@pytest.fixture
def unconfined_as_root(monkeypatch):
    if os.geteuid() != 0:
        pytest.skip("a user of its own per sandbox is for a grader run as root")
    monkeypatch.setenv("ENERGYCOOP_SANDBOX", "none")
    monkeypatch.setattr(sandbox_setup, "_BWRAP", [])
    if not sandbox_setup.nobody_can_run_python():
        pytest.skip(
            "as root, nobody cannot start this Python: the unconfined mode refuses (tested elsewhere)"
        )
    yield
    monkeypatch.setattr(sandbox_setup, "_BWRAP", [])


def test_kill_minus_one_reaches_only_the_notebooks_own_processes(unconfined_as_root):
    """Unconfined, every sandbox ran as nobody: `os.kill(-1, SIGKILL)` killed every nobody process on the
    machine (the other sandboxes, and the grader itself when it ran as nobody). As root, each sandbox is a
    user of its own."""
    tag = f"energycoop-hostile-bystander-{os.getpid()}"
    bystander = subprocess.Popen(
        sandbox_setup._drop([sys.executable, "-c", f"import time; time.sleep(60)  # {tag}"])
    )
    try:
        time.sleep(0.5)
        nb = notebook("import os, signal\nprint(os.getuid())", "os.kill(-1, signal.SIGKILL)")
        result = sandbox.run_notebook(nbformat.writes(nb), 10, [])
        assert bystander.poll() is None, "the sandbox killed another user's process"
        assert int(text_of(result, 1).split()[0]) in traces.USERS
    finally:
        bystander.kill()
        bystander.wait()


def test_what_an_unconfined_notebook_leaves_where_anyone_may_write_is_removed(unconfined_as_root):
    """Unconfined, a notebook's files in /tmp, /var/tmp and /dev/shm stayed after grading (10 MB each in the
    first pass); as a user of its own, they are known to be its own and removed, and nothing else is."""
    tag = f"energycoop-hostile-left-{os.getpid()}"
    theirs = Path("/tmp") / f"{tag}-theirs"
    theirs.write_text("not the notebook's")
    theirs.chmod(0o666)
    places = tuple(
        p
        for p in ("/tmp", "/var/tmp", "/dev/shm", "/run/lock")
        if os.path.isdir(p) and os.stat(p).st_mode & 0o002
    )
    code = (
        f"import ctypes, os\nfor place in {places!r}:\n    os.makedirs(f'{{place}}/{tag}/deeper', exist_ok=True)\n"
        f"    open(f'{{place}}/{tag}/deeper/x', 'w').write('x')\n    open(f'{{place}}/{tag}-file', 'w').write('x')\n"
        f"    os.symlink('/etc/passwd', f'{{place}}/{tag}-link')\n"
        f"open({str(theirs)!r}, 'a').write(' appended')\n"
        "print(os.getuid(), [ctypes.CDLL(None).shmget(0, 1024**2, 0o1000 | 0o600) for _ in range(3)])"
    )
    try:
        result = sandbox.run_notebook(nbformat.writes(notebook(code)), 10, [])
        uid, segments = text_of(result, 1).split(" ", 1)
        assert "-1" not in segments, segments  # three System V segments made
        for place in places:
            assert not [p for p in os.listdir(place) if p.startswith(tag) and not p.endswith("-theirs")], (
                place
            )
        shm = Path("/proc/sysvipc/shm").read_text().splitlines()
        assert not [line for line in shm[1:] if line.split()[7] == uid], shm  # none left of that user
        assert theirs.read_text() == "not the notebook's appended"  # another's file, written to, is kept
        assert Path("/etc/passwd").exists()
    finally:
        theirs.unlink()


def test_an_unreadable_answer_is_named_in_plain_words():
    """`answer = 10 ** 100000` got "Cannot read your answer: a _Unreadable is neither a number with a unit
    ...": the grader's internal class name in a student's feedback."""
    from energycoop.teaching.answer_channel import restore_answer
    from energycoop.teaching.checker import verdict

    for payload in (
        {"kind": "other", "repr": "a number too large to read"},
        {"kind": "number", "value": 10**400},
        {"kind": "quantity", "magnitude": 1, "units": "W**9**9**9"},
    ):
        result, feedback = verdict(KEYS[0], restore_answer(payload), 0)
        assert result == "wrong" and "Cannot read your answer" in feedback
        assert "_Unreadable" not in feedback, feedback


def test_the_scratch_folders_of_a_grader_killed_with_minus_9_are_removed_by_the_next(monkeypatch):
    """Unconfined, a grader killed with -9 left its energycoop-grade-* folders in /tmp for ever."""
    from energycoop.teaching import containment, traces

    gone = subprocess.Popen(["true"])
    gone.wait()
    stale = Path(tempfile.mkdtemp(prefix=f"{containment.PREFIX}{gone.pid}-12345-"))
    (stale / "kernel.json").write_text("{}")
    alive = Path(
        tempfile.mkdtemp(prefix=f"{containment.PREFIX}{os.getpid()}-{containment._start_ticks(os.getpid())}-")
    )
    monkeypatch.setattr(traces, "_SWEPT", [])
    fresh = traces.scratch_folder()
    try:
        assert not stale.exists()
        assert alive.is_dir()  # this grader's own, still running
    finally:
        for folder in (stale, alive, Path(fresh)):
            shutil.rmtree(folder, ignore_errors=True)


def test_every_process_of_a_sandboxs_own_user_is_killed_even_an_undumpable_one():
    if os.geteuid() != 0:
        pytest.skip("users of their own are for a grader run as root")
    from energycoop.teaching import traces

    hidden = (
        "import ctypes, time\nctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0: /proc/PID is root's\n"
        "time.sleep(60)"
    )
    uid = traces.Users.take()
    try:
        process = subprocess.Popen(
            sandbox_setup._drop(["/usr/bin/python3", "-c", hidden], (uid, uid)),
            stderr=subprocess.PIPE,
            cwd="/",
        )

        def hidden_as_the_user() -> bool:
            # Dropped to the user (its real uid, in /proc/PID/status) and undumpable: the files under
            # /proc/PID then belong to root. (Before setpriv drops, everything is root's: not hidden.)
            try:
                real = next(
                    ln
                    for ln in Path(f"/proc/{process.pid}/status").read_text().splitlines()
                    if ln.startswith("Uid:")
                ).split()[1]
                return real == str(uid) and os.stat(f"/proc/{process.pid}/environ").st_uid == 0
            except (OSError, StopIteration):
                return False

        deadline = time.monotonic() + 90  # a loaded machine starts Python slowly
        while process.poll() is None and not hidden_as_the_user() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert process.poll() is None, (  # it must be running, hidden, for the test to mean anything
            f"the hiding child ended before it hid (code {process.returncode}): {process.stderr.read()!r}"
        )
        assert hidden_as_the_user(), "the child did not hide within 90 s"
        assert traces.kill_user(uid) >= 1
        assert process.wait(timeout=10) == -signal.SIGKILL
        process.stderr.close()
    finally:
        traces.Users.give_back(uid)


@pytest.mark.parametrize(
    "data",
    [
        b"null",
        b"[1, 2, 3]",
        b'{"cells": 5, "metadata": [], "nbformat": 4}',
        bytes.fromhex("1f8b0800000000000003") + bytes(range(200)),
    ],
)
def test_json_that_is_not_a_notebook_is_named_in_plain_words(tmp_path, data):
    """`null`, a JSON array and a gzip file named .ipynb got "AttributeError: 'NoneType' object has no
    attribute 'get'" and "UnicodeDecodeError: 'utf-8' codec can't decode byte 0x8b"."""
    path = tmp_path / "odd.ipynb"
    path.write_bytes(data)
    outcome = notebook_grading.grade_notebook(path, time_limit=LIMIT)
    [row] = outcome.rows
    assert row["result"] == "broken" and row["feedback"].startswith("not a readable notebook"), row
    assert "Error" not in row["feedback"] and "object has no attribute" not in row["feedback"], row


def test_an_unconfined_notebook_cannot_read_the_graders_memory(monkeypatch):
    """Unconfined and graded by an ordinary user, the notebook ran as the grader's user: it could read the
    grader's environment and memory (/proc/PID/environ, /proc/PID/mem: ptrace rights over a process of its
    own user). The grader makes itself undumpable first."""
    monkeypatch.setenv("ENERGYCOOP_SANDBOX", "none")
    monkeypatch.setattr(sandbox_setup, "_BWRAP", [])
    if not sandbox_setup.nobody_can_run_python():
        pytest.skip(
            "as root, nobody cannot start this Python: the unconfined mode refuses (tested elsewhere)"
        )
    probe = (
        f"seen = []\nfor what in ('environ', 'mem', 'maps'):\n    try:\n"
        f"        open('/proc/{os.getpid()}/' + what, 'rb').read(64)\n        seen.append(what)\n"
        "    except OSError:\n        pass\nprint('seen', seen)"
    )
    result = sandbox.run_notebook(nbformat.writes(notebook(probe)), 10, [])
    monkeypatch.setattr(sandbox_setup, "_BWRAP", [])
    assert "seen []" in text_of(result, 1), text_of(result, 1)


@pytest.mark.skipif(os.geteuid() == 0, reason="as root each unconfined notebook runs as a user of its own")
def test_unconfined_as_an_ordinary_user_no_notebook_runs_beside_another(tmp_path, monkeypatch):
    """Unconfined, two notebooks graded at once ran as the same user: one could read the other's kernel
    connection file and run code in its kernel. Graded by an ordinary user, they run one at a time."""
    monkeypatch.setenv("ENERGYCOOP_SANDBOX", "none")
    monkeypatch.setattr(sandbox_setup, "_BWRAP", [])
    submitted = tmp_path / "class"
    submitted.mkdir()
    for name in ("ana", "bob"):
        nbformat.write(nbformat.read(ONE, as_version=4), submitted / f"{name}.ipynb")
    log = tmp_path / "log.txt"
    with open(log, "w") as stream:
        grading.grade(submitted, tmp_path / "book.csv", time_limit=LIMIT, workers=2, stream=stream)
    monkeypatch.setattr(sandbox_setup, "_BWRAP", [])
    assert "1 at a time" in log.read_text()


def test_a_home_of_tmp_does_not_hide_the_scratch_place(monkeypatch):
    """With HOME=/tmp (some CI runners, a service user), bubblewrap mounted an empty read-only /tmp over the
    scratch place: every notebook's runner ended at once, "killed from inside?", and no one was graded."""
    if sandbox_setup.bwrap() is None:
        pytest.skip("bubblewrap cannot run here")
    monkeypatch.setenv("HOME", "/tmp")
    result = sandbox.run_notebook(nbformat.writes(notebook("print('ran')")), 10, [])
    assert result.failure is None and "ran" in text_of(result, 1), result


def test_no_user_of_its_own_where_the_user_namespace_does_not_map_one(monkeypatch):
    """In a rootless container (ids 0 to 65535 mapped), setpriv cannot become an id above them: every
    sandbox would fail to start; the sandbox then runs as nobody, as before."""
    from energycoop.teaching import traces

    real = Path.read_text

    def small_map(self, *args, **kwargs):
        if str(self) in ("/proc/self/uid_map", "/proc/self/gid_map"):
            return "         0     100000      65536\n"
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", small_map)
    assert traces.Users.take() is None
    monkeypatch.setattr(Path, "read_text", real)
    if os.path.exists("/proc/self/uid_map") and "4294967295" in Path("/proc/self/uid_map").read_text():
        uid = traces.Users.take()
        assert uid in traces.USERS
        traces.Users.give_back(uid)


def test_a_forged_payload_with_a_huge_int_reads_as_too_large():
    """A payload naming an int of 5,000 digits: ``str`` of it raises (Python's 4,300-digit limit), so the
    gradebook's answer and the feedback say it in words instead of losing the row."""
    from energycoop.teaching.answer_channel import answer_text, restore_answer
    from energycoop.teaching.checker import verdict

    for payload in (
        {"kind": "number", "value": 10**5000},
        {"kind": "quantity", "magnitude": -(10**5000), "units": "h"},
    ):
        answer = restore_answer(payload)
        assert "too large to read" in answer_text(answer), answer_text(answer)
        result, feedback = verdict(KEYS[0], answer, 0)
        assert result == "wrong" and "Cannot read your answer" in feedback, feedback
    assert answer_text(10**5000) == "a number too large to read"


def test_a_long_answer_in_any_script_reaches_the_grader_and_a_larger_one_says_so():
    """Review of issue 18 (D1): a 17,000-character Cyrillic answer, under the 20,000-character cap, was 73 KB of
    JSON (each letter escaped as six bytes) and over the runner's 64 KB bound: it was dropped, and the exercise
    read "the notebook stopped before this exercise's check cell ran", false. The runner's bound is in JSON's
    bytes for the longest answer of any script; a larger payload (a str subclass returning 30 MB) is replaced by
    one that says so, with its key and run secret, so the exercise reads "cannot read"."""
    import importlib.util
    import json

    from energycoop.teaching import answer_channel
    from energycoop.teaching.answer_channel import describe_answer, restore_answer
    from energycoop.teaching.checker import verdict

    spec = importlib.util.spec_from_file_location(
        "worker", Path(sandbox.__file__).with_name("sandbox_worker.py")
    )
    worker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(worker)
    assert worker.ANSWER_CHARACTERS == answer_channel.ANSWER_CHARACTERS  # the two sides of the channel agree
    assert worker.TOO_LARGE == answer_channel.TOO_LARGE
    mime = answer_channel.MIME
    for text in ("Угольная экономия правдоподобна: 314 г у.т./кВт·ч. " * 340, "\U000e0001" * 20000):
        payload = {"key": KEYS[6], "nonce": "n0nce", **describe_answer(text)}
        assert len(json.dumps(payload)) > 65536
        assert worker.kept_display({mime: payload}) == {mime: payload}

    class Huge(str):
        def __getitem__(self, index):
            return "x" * 30_000_000

    payload = {"key": KEYS[6], "nonce": "n0nce", **describe_answer(Huge("a"))}
    kept = worker.kept_display({mime: payload, "text/plain": "y" * 100_000})
    assert list(kept) == [mime] and kept[mime]["key"] == KEYS[6] and kept[mime]["nonce"] == "n0nce"
    # whatever the exercise: a number, an open answer (review: "wants sentences, as text"), a verdict's words
    open_key = next(k for k in KEYS if catalogue.EXERCISES[k].open)
    choice = next(k for k, e in catalogue.EXERCISES.items() if e.is_choice)
    for key in (KEYS[0], open_key, choice):
        result, feedback = verdict(key, restore_answer(kept[mime]), 0)
        assert result == "wrong" and "Cannot read your answer: it is too large" in feedback, (key, feedback)
