"""The grader against submissions written by an adversary (issue 18): none can hang it, kill it, forge or
lose a row, or touch anything outside its own scratch place. Every case runs in a temporary directory,
and the student code in it runs in the grader's sandbox (as ``nobody`` when the tests run as root): the
paths it attacks are the test's own temporary ones."""

import csv
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from conftest import NOTEBOOKS, ROOT

from energycoop.data.paths import exercise_solutions
from energycoop.teaching import (
    answer_channel,
    catalogue,
    grading,
    notebook_grading,
    sandbox,
    sandbox_setup,
    sandbox_talk,
    sandbox_worker,
    submissions,
    traces,
)
from energycoop.teaching import gradebook as books
from energycoop.teaching.judge import Verdicts
from energycoop.teaching.student import student_version

ONE = exercise_solutions(NOTEBOOKS)[0]  # 01-power-and-energy: 7 exercises, the last one open
KEYS = catalogue.SETS[ONE.stem]
LIMIT = 8


def solved():
    return nbformat.read(ONE, as_version=4)


def answers(nb):
    return [c for c in nb.cells if "answer" in c.metadata.get("tags", [])]


def with_answer(index: int, source: str, nb=None):
    """The solved notebook with answer cell ``index`` replaced by ``source``."""
    nb = nb or solved()
    answers(nb)[index].source = source
    return nb


def token(name: str) -> str:
    return f"energycoop-adversary-{name}-{os.getpid()}"


def alive(marker: str) -> list[int]:
    """Processes whose command line holds ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def read_book(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    base = tmp_path_factory.mktemp("adversary")
    submitted, outdir = base / "class", base / "out"
    submitted.mkdir()
    outdir.mkdir()
    gradebook = outdir / "gradebook.csv"
    (base / "teacher-secret.txt").write_text("secret\n")

    def write(name, nb):
        return nbformat.write(nb, submitted / name)

    write("ana.ipynb", solved())
    write("bob.ipynb", solved())  # a classmate the attackers go after
    # 1 and 15: answers that would compute for ever or overflow, each costing only its own exercise
    nb = with_answer(0, 'answer = "1 W**9**9**9"')
    answers(nb)[1].source = 'answer = "1e999999999 GWh"'
    answers(nb)[2].source = 'answer = "1e-999999999 GWh"'
    answers(nb)[4].source = 'answer = Q_(10**400, "h")'
    write("hang.ipynb", nb)
    # 2: kill or stop the grader
    write(
        "kill.ipynb",
        with_answer(
            1,
            "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n"
            "os.kill(1, signal.SIGKILL)\nanswer = 1",
        ),
    )
    write(
        "stop.ipynb", with_answer(1, "import os, signal\nos.kill(os.getppid(), signal.SIGSTOP)\nanswer = 1")
    )
    # 3: a print loop
    write(
        "printer.ipynb", with_answer(3, 'import sys\nwhile True:\n    sys.stdout.write("x" * 1023 + "\\n")')
    )
    # 4 and 5: a background child that outlives the notebook, and an attack on the classmates and the output
    child = (
        f"import time, os\ntime.sleep(4)\nopen({str(gradebook)!r}, 'a').write('bob,x,,,,,,,right,999\\n')\n"
        f"open({str(base / 'planted.txt')!r}, 'w').write('x')  # {token('child')}"
    )
    attack = (
        f"import os, shutil, subprocess, sys\n"
        f"subprocess.Popen([sys.executable, '-c', {child!r}], start_new_session=True)\n"
        f"for target in ({str(submitted / 'bob.ipynb')!r}, {str(submitted / 'ana.ipynb')!r}):\n"
        "    try:\n        open(target, 'w').write('{}')\n    except OSError:\n        pass\n"
        "    try:\n        os.remove(target)\n    except OSError:\n        pass\n"
        f"for folder in ({str(submitted)!r}, {str(outdir)!r}, {str(base)!r}):\n"
        "    try:\n        open(os.path.join(folder, 'planted.ipynb'), 'w').write('{}')\n    except OSError:\n        pass\n"
        f"try:\n    os.makedirs({str(gradebook)!r})\nexcept OSError:\n    pass\n"
        f"try:\n    secret = open({str(base / 'teacher-secret.txt')!r}).read()\nexcept OSError:\n    secret = ''\n"
        "import socket\ntry:\n    socket.create_connection(('1.1.1.1', 80), timeout=2)\n    net = 'net'\n"
        "except OSError:\n    net = ''\n"
        "answer = '0.37' + secret + net"
    )
    write("mallory.ipynb", with_answer(0, attack))
    # 8: a kernel that ignores Ctrl-C
    write(
        "deaf.ipynb",
        with_answer(5, "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"),
    )
    # 12: forged answers
    expected = {k: catalogue.EXERCISES[k].expected(0) for k in KEYS if not catalogue.EXERCISES[k].open}
    forged = solved()
    for cell, _key in zip(answers(forged), KEYS, strict=True):
        cell.source = "answer = ..."
    answers(forged)[0].source = (
        "from IPython.display import display\n"
        f"display({{{answer_channel.MIME!r}: {{'key': {KEYS[0]!r}, 'kind': 'text', "
        f"'text': {str(expected[KEYS[0]].magnitude) + ' ' + catalogue.EXERCISES[KEYS[0]].unit!r}}}}}, "
        "raw=True)"
    )
    answers(forged)[1].source = (
        "from IPython.display import display\n"
        "def _energycoop_capture(key, answer):\n"
        f"    display({{{answer_channel.MIME!r}: {{'key': key, 'kind': 'text', 'text': 'forged'}}}}, "
        "raw=True)"
    )
    answers(forged)[
        2
    ].source = (
        f"from energycoop.teaching.catalogue import EXERCISES\nanswer = EXERCISES[{KEYS[2]!r}].expected(0)"
    )
    write("forger.ipynb", forged)
    # 14: formula injection, in an answer and a file name
    write(
        "=cmd|' calc'!A0.ipynb",
        with_answer(
            6,
            'answer = "=HYPERLINK(\\"http://example.invalid\\", \\"click\\") '
            'and more words to be long enough for an open answer here"',
        ),
    )
    # 6: a Latin-1 byte in a name (from a zip archive)
    nbformat.write(solved(), os.fsdecode(bytes(submitted) + b"/caf\xe9.ipynb"))
    # 7 and 20: a FIFO, a hidden notebook, upper case, a student's folder, a link to a folder, deeper folders
    os.mkfifo(submitted / "pipe.ipynb")
    write(".hidden.ipynb", solved())
    write("UPPER.IPYNB", solved())
    (submitted / "cho").mkdir()
    write("cho/anything.ipynb", solved())
    (submitted / "cho" / "deeper").mkdir()
    (base / "elsewhere").mkdir()
    (submitted / "linked").symlink_to(base / "elsewhere")
    # 21: 4 GB allocated
    write("hog.ipynb", with_answer(1, "block = bytearray(4 * 1024**3)\nanswer = 1"))
    before = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in submitted.iterdir()
        if p.is_file() and not p.is_symlink() and p.name != "pipe.ipynb"
    }
    start = time.monotonic()
    with open(os.devnull, "w") as quiet:
        book, summary, rows, _ = grading.grade(
            submitted, gradebook, time_limit=LIMIT, workers=2, stream=quiet
        )
    seconds = time.monotonic() - start
    written = read_book(book)
    time.sleep(6)  # the background child would have struck by now
    after = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in submitted.iterdir()
        if p.is_file() and not p.is_symlink() and p.name != "pipe.ipynb"
    }
    return {
        "rows": rows,
        "book": book,
        "written": written,
        "later": read_book(book),
        "before": before,
        "after": after,
        "base": base,
        "submitted": submitted,
        "outdir": outdir,
        "seconds": seconds,
        "summary": summary,
    }


def mine(attacked, student):
    return {
        r["key"] or f"problem{i}": r
        for i, r in enumerate(r for r in attacked["rows"] if r["student"] == student)
    }


def problems(attacked, student, result=None):
    return [
        r["feedback"]
        for r in attacked["rows"]
        if r["student"] == student and not r["key"] and (result is None or r["result"] == result)
    ]


def test_an_answer_that_would_compute_for_ever_or_overflow_costs_only_its_exercise(attacked):
    rows = mine(attacked, "hang")
    for key in (KEYS[0], KEYS[1], KEYS[2], KEYS[4]):
        assert rows[key]["result"] == "wrong" and "Cannot read your answer" in rows[key]["feedback"], rows[
            key
        ]
    assert rows[KEYS[3]]["result"] == "right" and rows[KEYS[5]]["result"] == "right"


def test_a_unit_expression_is_refused_at_once_when_restored():
    start = time.monotonic()
    for units in ("W**9**9**9", "10**10**10*W", "W^9^9^9"):
        restored = answer_channel.restore_answer({"kind": "quantity", "magnitude": 1, "units": units})
        assert isinstance(restored, answer_channel._Unreadable)
    assert time.monotonic() - start < 2


def test_a_verdict_that_does_not_end_is_given_up_and_the_judge_goes_on():
    judge = Verdicts(limit=3)
    try:
        start = time.monotonic()
        slow = judge.judge(KEYS[0], {"kind": "text", "text": "1 W**9**9**9"}, 0)
        assert slow["result"] == "wrong" and "Cannot read your answer" in slow["feedback"]
        assert time.monotonic() - start < 40
        expected = catalogue.EXERCISES[KEYS[0]].expected(0)
        good = judge.judge(
            KEYS[0],
            {
                "kind": "quantity",
                "magnitude": float(expected.magnitude),
                "units": catalogue.EXERCISES[KEYS[0]].unit,
            },
            0,
        )
        assert good["result"] == "right", good
    finally:
        judge.close()


def test_killing_or_stopping_the_grader_costs_only_that_notebook(attacked):
    for student in ("kill", "stop"):
        rows = mine(attacked, student)
        assert rows[KEYS[0]]["result"] == "right", rows  # the cell before the attack was graded
        assert any(
            "stopped" in p or "ended" in p or "time limit" in p for p in problems(attacked, student)
        ), rows
    assert mine(attacked, "ana")[KEYS[0]]["result"] == "right"


def test_a_print_loop_loses_no_answer_before_it(attacked):
    rows = mine(attacked, "printer")
    assert [rows[k]["result"] for k in KEYS[:3]] == ["right"] * 3
    assert rows[KEYS[4]]["result"] == "right"  # after the loop, interrupted at the limit


def test_no_child_outlives_grading_and_nothing_outside_the_sandbox_changes(attacked):
    assert not alive(token("child"))
    assert attacked["later"] == attacked["written"]  # no row appended after grade returned
    assert attacked["before"] == attacked["after"]  # no classmate's file changed, deleted or planted
    assert not (attacked["base"] / "planted.txt").exists()
    assert (
        not (attacked["submitted"] / "planted.ipynb").exists()
        and not (attacked["outdir"] / "planted.ipynb").exists()
    )
    assert not (attacked["base"] / "planted.ipynb").exists()
    assert attacked["book"].is_file()
    assert mine(attacked, "bob")[KEYS[0]]["result"] == "right"
    # the teacher's files outside the sandbox were not readable, and there was no network
    assert "secret" not in mine(attacked, "mallory")[KEYS[0]]["answer"]
    assert "net" not in mine(attacked, "mallory")[KEYS[0]]["answer"]


def test_odd_names_are_written_safely(attacked):
    names = {r["file"] for r in attacked["written"]}
    assert "caf\\xe9.ipynb" in names
    assert any(r["student"] == "caf\\xe9" and r["result"] == "right" for r in attacked["written"])


def test_a_fifo_hidden_files_links_and_folders_each_get_a_row(attacked):
    by_file = {}
    for row in attacked["rows"]:
        by_file.setdefault(row["file"], []).append(row)
    assert (
        "a FIFO" in by_file["pipe.ipynb"][0]["feedback"] and by_file["pipe.ipynb"][0]["result"] == "skipped"
    )
    assert "hidden" in by_file[".hidden.ipynb"][0]["feedback"]
    assert "symbolic link" in by_file["linked"][0]["feedback"]
    assert "folder inside a student's folder" in by_file["cho/deeper"][0]["feedback"]
    assert {r["result"] for r in by_file["cho/anything.ipynb"] if r["key"]} <= {"right", "to mark"}
    assert all(r["student"] == "cho" for r in by_file["cho/anything.ipynb"])
    assert {r["result"] for r in by_file["UPPER.IPYNB"] if r["key"]} <= {"right", "to mark"}


def test_a_kernel_that_ignores_ctrl_c_is_killed_at_the_limit(attacked):
    rows = mine(attacked, "deaf")
    assert [rows[k]["result"] for k in KEYS[:5]] == ["right"] * 5
    assert rows[KEYS[6]]["result"] == "not graded" and "ignored the interrupt" in rows[KEYS[6]]["feedback"]
    assert "check" not in " ".join(
        problems(attacked, "deaf", "broken")
    )  # the loop is blamed, not a check cell
    # every notebook within its limit: 2 at a time, the loops killed (setup, limit and interrupt grace each)
    assert attacked["seconds"] < 25 * 60


def test_forged_answers_are_not_accepted_and_reaching_for_the_key_is_flagged(attacked):
    rows = mine(attacked, "forger")
    assert rows[KEYS[0]]["result"] == "not answered" and rows[KEYS[1]]["result"] == "not answered"
    flags = " ".join(problems(attacked, "forger", "flagged"))
    assert "forged" in flags and "grading internals" in flags and "EXERCISES" in flags


def test_every_cell_is_safe_in_a_spreadsheet(attacked):
    raw = attacked["book"].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    for row in attacked["written"]:
        for value in row.values():
            assert value[:1] not in ("=", "+", "-", "@"), row
    assert any(r["file"] == "'=cmd|' calc'!A0.ipynb" for r in attacked["written"])
    assert any(r["answer"].startswith("'=HYPERLINK") for r in attacked["written"])


def test_a_4_gb_allocation_fails_in_the_notebook(attacked):
    rows = mine(attacked, "hog")
    assert rows[KEYS[1]]["result"] == "wrong" and "MemoryError" in rows[KEYS[1]]["feedback"]
    assert rows[KEYS[2]]["result"] == "right"


def test_the_sandbox_runs_unprivileged_without_network_or_the_graders_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("ENERGYCOOP_TEACHER_SECRET", "s3cret")
    nb = nbformat.v4.new_notebook()
    setup = nbformat.v4.new_code_cell("x = 1")
    setup.metadata["tags"] = ["grader"]
    probe = (
        "import os, json\nprint(json.dumps({'uid': os.getuid(), 'env': sorted(os.environ), "
        f"'tmp': os.listdir('/tmp'), 'secret': os.path.exists({str(tmp_path)!r})}}))"
    )
    nb.cells = [setup, nbformat.v4.new_code_cell(probe)]
    (tmp_path / "mine").mkdir()
    result = sandbox.run_notebook(nbformat.writes(nb), 10, [tmp_path])
    text = "".join(o.get("text", "") for o in result.cells[1]["outputs"])
    seen = json.loads(text)
    assert "ENERGYCOOP_TEACHER_SECRET" not in seen["env"]
    assert result.confined == (sandbox_setup.bwrap() is not None)
    if result.confined:
        assert seen["uid"] != 0  # nobody, or the grader's own unprivileged user
        assert seen["secret"] is False  # the grader's temporary folders are hidden
        assert "mine" not in seen["tmp"]


def test_without_bubblewrap_the_same_limits_hold_and_the_gradebook_warns(tmp_path, monkeypatch):
    monkeypatch.setenv("ENERGYCOOP_SANDBOX", "none")
    monkeypatch.setattr(sandbox_setup, "_BWRAP", [])
    submitted = tmp_path / "class"
    submitted.mkdir()
    nbformat.write(with_answer(1, "block = bytearray(4 * 1024**3)\nanswer = 1"), submitted / "hog.ipynb")
    with open(os.devnull, "w") as quiet:
        book, _, rows, _ = grading.grade(submitted, tmp_path / "book.csv", time_limit=LIMIT, stream=quiet)
    assert rows[0]["result"] == "warning" and "unconfined" in rows[0]["feedback"]
    assert read_book(book)[0]["result"] == "warning"
    hog = {r["key"]: r for r in rows if r["key"]}
    if (
        not sandbox_setup.nobody_can_run_python()
    ):  # as root with a Python nobody cannot reach: refused, never run as root
        assert all(r["result"] == "not graded" for r in hog.values())
        assert any("never runs as root" in r["feedback"] for r in rows)
        return
    assert "MemoryError" in hog[KEYS[1]]["feedback"] and hog[KEYS[2]]["result"] == "right"
    monkeypatch.setattr(sandbox_setup, "_BWRAP", [])


def test_a_second_run_into_the_same_gradebook_fails_and_loses_nothing(tmp_path):
    submitted = tmp_path / "class"
    submitted.mkdir()
    (submitted / "notes.md").write_text("not a notebook\n")
    out = tmp_path / "book.csv"
    first = books.check_destination(submitted, out)
    second = books.check_destination(submitted, out)  # both pass the check: the race of issue 18
    book = books.Gradebook(first.gradebook)
    with pytest.raises(books.GradebookExists, match="already exists"):
        books.Gradebook(second.gradebook)
    book.write([notebook_grading._problem_row(Path("notes.md"), "not a notebook")])
    book.close()
    assert len(read_book(out)) == 1
    done = subprocess.run(
        [sys.executable, "-m", "energycoop", "grade", str(submitted), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2 and "already exists" in done.stderr and "Traceback" not in done.stderr
    assert len(read_book(out)) == 1


def test_a_rerun_with_the_default_output_keeps_the_teachers_marks(tmp_path, monkeypatch):
    submitted = tmp_path / "class"
    submitted.mkdir()
    (submitted / "notes.md").write_text("not a notebook\n")
    monkeypatch.setattr(books, "RUNS", tmp_path / "runs")
    with open(os.devnull, "w") as quiet:
        first, *_ = grading.grade(submitted, time_limit=5, stream=quiet)
        first.write_text(
            first.read_text(encoding="utf-8-sig") + "notes,,,,,,,,to mark,3,,,my hand mark\n",
            encoding="utf-8-sig",
        )
        marked = first.read_bytes()
        second, *_ = grading.grade(submitted, time_limit=5, stream=quiet)
    assert second != first and first.read_bytes() == marked
    assert second.name == "gradebook-2.csv"


# `python -m energycoop` with Ctrl-C as a terminal delivers it: a background job's children start with SIGINT
# ignored, and a suite run as `make test &` would otherwise test nothing.
AS_FROM_A_TERMINAL = (
    "import runpy, signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "runpy.run_module('energycoop', run_name='__main__')"
)


@pytest.mark.parametrize(
    "how", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["ctrl-c", "sigterm", "sighup"]
)  # SIGHUP: the terminal closed or the SSH session dropped (review of issue 18, D3: rows lost, no message)
def test_an_interrupted_run_leaves_a_partial_gradebook_and_no_process(tmp_path, how):
    submitted = tmp_path / "class"
    submitted.mkdir()
    nbformat.write(solved(), submitted / "a-first.ipynb")
    for name in ("b-loop", "c-loop", "d-loop"):
        nbformat.write(
            with_answer(0, f"while True:\n    pass  # {token('loop')}"), submitted / f"{name}.ipynb"
        )
    (submitted / "0-notes.md").write_text("not a notebook\n")
    out = tmp_path / "book.csv"
    limit = {signal.SIGINT: "60", signal.SIGTERM: "61", signal.SIGHUP: "62"}[
        how
    ]  # each run's runners told apart from the others' under xdist
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            AS_FROM_A_TERMINAL,
            "grade",
            str(submitted),
            "--out",
            str(out),
            "--time-limit",
            limit,
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (out.exists() and "0-notes.md" in out.read_text("utf-8-sig")):
        time.sleep(0.5)
    time.sleep(8)  # the loops are running now
    process.send_signal(how)
    _, err = process.communicate(timeout=180)  # it stops three sandboxes: minutes at most on a loaded machine
    assert process.returncode == 130, err
    assert "Traceback" not in err and "partial gradebook" in err
    rows = read_book(out)
    assert {r["result"] for r in rows if r["student"] == "c-loop"} == {"interrupted"}
    assert any(r["result"] == "broken" and r["file"] == "0-notes.md" for r in rows)
    time.sleep(1)
    # this run's runners (by their time limit): another test's sandboxes may run beside it under xdist
    assert not alive(token("loop")) and not alive(
        f"energycoop/teaching/sandbox_worker.py\x00worker\x00{limit}.0"
    )


def test_a_roster_binds_each_students_seed_and_a_typo_in_the_note_is_no_crime(tmp_path):
    submitted = tmp_path / "class"
    submitted.mkdir()
    cheat = student_version(solved(), 1)
    cheat.cells = [c for c in cheat.cells if "variant" not in c.metadata.get("tags", [])]  # the note deleted
    for cell, key in zip(answers(cheat), KEYS, strict=True):
        exercise = catalogue.EXERCISES[key]
        cell.source = (
            "answer = ..."
            if exercise.open or exercise.is_choice
            else f"answer = Q_({float(exercise.expected(1).magnitude)!r}, {exercise.unit!r})"
        )
    nbformat.write(cheat, submitted / "dan.ipynb")
    typo = solved()
    note = next(c for c in typo.cells if "variant" in c.metadata.get("tags", []))
    note.source = note.source.replace("Variant", "Varient")
    nbformat.write(typo, submitted / "eva.ipynb")
    roster = tmp_path / "roster.csv"
    roster.write_text("student,seed\ndan,5\neva,0\nfil,7\n")
    with open(os.devnull, "w") as quiet:
        _, _, rows, _ = grading.grade(
            submitted, tmp_path / "book.csv", time_limit=LIMIT, stream=quiet, roster=roster
        )
    dan = [r for r in rows if r["student"] == "dan"]
    assert {r["seed"] for r in dan} == {5}
    assert any(r["result"] == "flagged" and "roster gives seed 5" in r["feedback"] for r in dan)
    assert not any(r["result"] == "right" for r in dan if r["key"])  # seed 1's answers are not seed 5's
    eva = [r for r in rows if r["student"] == "eva"]
    assert not any(r["result"] == "broken" for r in eva) and any(r["result"] == "right" for r in eva)
    assert any(r["student"] == "fil" and "no submission" in r["feedback"] for r in rows)
    bad = tmp_path / "bad.csv"
    bad.write_text("student,seed\ndan,five\n")
    with pytest.raises(grading.UnsafePath, match=r"row 2, column 'seed' is 'five'"):
        submissions.read_roster(bad)


def test_the_wide_sheet_and_the_feedback_files(tmp_path):
    submitted = tmp_path / "class"
    submitted.mkdir()
    nbformat.write(solved(), submitted / "ana.ipynb")
    nb = with_answer(6, "answer = ...")
    answers(nb)[0].source = 'answer = "3500 h"'
    nb.cells[
        next(i for i, c in enumerate(nb.cells) if f'check("{KEYS[1]}"' in c.source)
    ].source = f'check("{KEYS[1]}", "{catalogue.EXERCISES[KEYS[1]].expected(0).magnitude:.4g} h")'
    answers(nb)[1].source = "answer = ..."
    nbformat.write(nb, submitted / "ben.ipynb")
    out = tmp_path / "book.csv"
    with open(os.devnull, "w") as quiet:
        _, _, rows, _ = grading.grade(submitted, out, time_limit=LIMIT, stream=quiet)
    students = {r["student"]: r for r in read_book(tmp_path / "book-students.csv")}
    assert set(students) == {"ana", "ben"}
    total = sum(catalogue.EXERCISES[k].points for k in KEYS if not catalogue.EXERCISES[k].open)
    out_of = sum(
        catalogue.EXERCISES[k].points for k in KEYS
    )  # one denominator: the open answer counts 0 for now
    assert students["ana"]["total"] == str(total) and students["ana"]["out_of"] == str(out_of)
    assert students["ana"]["percent"] == f"{100 * total / out_of:.1f}"
    assert students["ana"]["status"].startswith("provisional")
    assert students["ana"][f"7. {KEYS[6]}"] == "to mark"
    ben = {r["key"]: r for r in rows if r["student"] == "ben" and r["key"]}
    assert ben[KEYS[1]]["result"] == "right" and "check cell was edited" in ben[KEYS[1]]["feedback"]
    assert any(
        r["result"] == "flagged" and "check cell" in r["feedback"] for r in rows if r["student"] == "ben"
    )
    feedback = (tmp_path / "book-feedback" / "ana.md").read_text()
    assert "Exercise 1" in feedback and (tmp_path / "book-feedback" / "ben.md").is_file()
    open_row = next(r for r in rows if r["student"] == "ana" and r["key"] == KEYS[6])
    assert open_row["answer"] in feedback and len(open_row["answer"]) > 100  # an open answer in full


def _probe_notebook(probe: str):
    nb = nbformat.v4.new_notebook()
    setup = nbformat.v4.new_code_cell("x = 1")
    setup.metadata["tags"] = ["grader"]
    nb.cells = [setup, nbformat.v4.new_code_cell(probe)]
    return nb


ROOT_PROBE = (
    "import os, json\n"
    "def can_read(p):\n"
    "    try:\n"
    "        open(p, 'rb').read(1)\n"
    "        return True\n"
    "    except OSError:\n"
    "        return False\n"
    "maps = open('/proc/self/uid_map').read().split()\n"
    "print(json.dumps({'outside': int(maps[1]) if os.getuid() == int(maps[0]) else -1,"
    " 'shadow': can_read('/etc/shadow'), 'uid': os.getuid()}))"
)


@pytest.mark.skipif(os.geteuid() != 0, reason="the grader runs as root only in CI")
@pytest.mark.parametrize("mode", ["bwrap", "none"])
def test_a_grader_run_as_root_never_runs_student_code_as_root(tmp_path, monkeypatch, mode):
    """Review of issue 18, defect 1: as root, the sandbox's nobody was root outside its user namespace."""
    if mode == "none":
        monkeypatch.setenv("ENERGYCOOP_SANDBOX", "none")
        monkeypatch.setattr(sandbox_setup, "_BWRAP", [])
    elif sandbox_setup.bwrap() is None:
        pytest.skip("bubblewrap cannot run here")
    result = sandbox.run_notebook(nbformat.writes(_probe_notebook(ROOT_PROBE)), 10, [tmp_path])
    if mode == "none" and not sandbox_setup.nobody_can_run_python():
        assert not result.cells and "never runs as root" in result.failure  # refused, with the reason
        return
    assert 1 in result.cells, result.failure
    text = "".join(o.get("text", "") for o in result.cells[1]["outputs"])
    seen = json.loads(text)
    assert seen["uid"] in traces.USERS  # a user of its own, with no account
    assert seen["outside"] in (seen["uid"], -1) or seen["outside"] != 0
    assert seen["shadow"] is False  # root's 640 file stays unreadable


def test_no_student_cell_runs_after_the_time_limit_whatever_the_number_of_cells():
    """Review of issue 18, defect 3: 250 cells of sleep(0.45) with a 5 s limit ran 112 s."""
    nb = _probe_notebook("import time")
    nb.cells += [nbformat.v4.new_code_cell("time.sleep(0.45)") for _ in range(250)]
    result = sandbox.run_notebook(nbformat.writes(nb), 5, [])
    ran = [i for i, c in result.cells.items() if i >= 2 and c.get("status") == "ok"]
    assert len(ran) <= (5 + sandbox_worker.AFTER_BUDGET) / 0.45 + 2
    assert result.seconds < 5 + sandbox_talk.AFTER_LIMIT + 25  # not 0.45 s for each of 250 cells (112 s)
    assert "were not run" in result.failure


def test_a_comment_quoting_the_check_in_an_answer_cell_is_part_of_the_answer(tmp_path):
    """Review of issue 18, defect 6: `# check(...)` in an answer cell took the check cell's place."""
    nb = solved()
    for cell in answers(nb):
        cell.source += f'\n# then run check("{KEYS[0]}", answer) below'
    path = tmp_path / "commented.ipynb"
    nbformat.write(nb, path)
    outcome = notebook_grading.grade_notebook(path, time_limit=LIMIT)
    rows = {r["key"]: r for r in outcome.rows if r["key"]}
    assert all(rows[k]["result"] == "right" for k in KEYS if not catalogue.EXERCISES[k].open), rows
    assert not [r for r in outcome.rows if r["result"] == "flagged"]


def test_long_names_keep_distinct_feedback_files():
    """Review of issue 18, defect 7: the hash was cut off with the end of a long name."""
    stem = (
        "Anna-Maria Longfamilyname-Doublebarrel_1234567_assignsubmission_file_01-power-and-energy-variant-3-"
    )
    names = [stem + f"final-version{c}" for c in "ABC"]
    stems = [submissions.file_stem(n) for n in names]
    assert len(set(stems)) == 3 and all(len(s) <= 100 for s in stems)
    assert submissions.file_stem("ana") == "ana"


def test_a_notebook_saved_with_a_byte_order_mark_is_graded(tmp_path):
    """Review of issue 18, defect 9: a UTF-8 BOM made it "not a readable notebook"."""
    path = tmp_path / "bom.ipynb"
    path.write_bytes(b"\xef\xbb\xbf" + nbformat.writes(solved()).encode("utf-8"))
    outcome = notebook_grading.grade_notebook(path, time_limit=LIMIT)
    rows = {r["key"]: r for r in outcome.rows if r["key"]}
    assert rows[KEYS[0]]["result"] == "right", outcome.rows


def test_a_fifo_roster_is_named_as_one(tmp_path):
    os.mkfifo(tmp_path / "roster.csv")
    with pytest.raises(grading.UnsafePath, match=r"roster\.csv' is a FIFO"):
        submissions.read_roster(tmp_path / "roster.csv")


FAKE_RUNNER = r"""
import hashlib, hmac, json, sys
key = sys.stdin.buffer.readline().strip()
sys.stdin.buffer.read()
def signed(message):
    body = json.dumps(message).encode()
    return hmac.new(key, body, hashlib.sha256).hexdigest().encode() + b" " + body + b"\n"
out = sys.stdout.buffer
out.write(b'{"event": "cell", "index": 3, "status": "ok", "outputs": ["forged"]}\n')  # unsigned
out.write(signed({"event": "ready", "n": 0}))
out.write(signed({"event": "cell", "index": 3, "status": "ok", "outputs": ["first"], "n": 1}))
out.write(signed({"event": "cell", "index": 3, "status": "ok", "outputs": ["again"], "n": 2}))
out.write(signed({"event": "cell", "index": 4, "status": "ok", "outputs": ["replayed"], "n": 1}))
out.write(b"0" * 64 + b' {"event": "cell", "index": 5, "status": "ok", "outputs": ["badsig"], "n": 3}\n')
out.write(signed({"event": "done", "n": 3}))
out.flush()
"""


def test_only_the_runners_signed_messages_count_and_the_first_of_each_cell():
    """Review of issue 18, defect 2: a student wrote a forged cell line into the grader's channel."""
    result = sandbox_talk.Execution()
    with subprocess.Popen(
        [sys.executable, "-c", FAKE_RUNNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    ) as process:  # its pipes closed when it ends
        try:
            sandbox_talk._talk(process, "{}", 5, 20, result, "k" * 64)
        finally:
            process.kill()
    assert result.started
    assert result.cells[3]["outputs"] == ["first"]
    assert 4 not in result.cells and 5 not in result.cells
    assert result.cells[-1] == {"done": True}


def test_a_student_cell_cannot_write_into_the_graders_channel(tmp_path):
    """Review of issue 18, defect 2: /proc/1/fd/1 (bwrap's copy of the channel) took a forged line."""
    forge = (
        "import os, json\nline = json.dumps({'event': 'cell', 'index': 5, 'status': 'ok', 'outputs': "
        "[{'output_type': 'stream', 'name': 'stdout', 'text': 'forged'}]}) + '\\n'\nwrote = 0\n"
        "for pid in [p for p in os.listdir('/proc') if p.isdigit()]:\n"
        "    for fd in range(0, 12):\n"
        "        try:\n"
        "            with open(f'/proc/{pid}/fd/{fd}', 'w') as h:\n"
        "                h.write(line)\n"
        "            wrote += 1\n"
        "        except OSError:\n"
        "            pass\nprint(wrote)"
    )
    nb = _probe_notebook(forge)
    nb.cells += [nbformat.v4.new_code_cell("x = 2") for _ in range(4)]
    result = sandbox.run_notebook(nbformat.writes(nb), 10, [tmp_path])
    assert 1 in result.cells, result.failure
    assert "forged" not in json.dumps(result.cells.get(5, {}))


def test_an_answer_typed_into_the_check_cell_is_graded(tmp_path):
    """Review of issue 18, defect 8: an answer written in the check cell was thrown away."""
    nb = solved()
    typed = answers(nb)[0].source
    answers(nb)[0].source = "answer = ..."
    index = nb.cells.index(answers(nb)[0])
    check_cell = next(c for c in nb.cells[index + 1 :] if c.cell_type == "code")
    check_cell.source = typed + "\n" + check_cell.source
    path = tmp_path / "typed.ipynb"
    nbformat.write(nb, path)
    outcome = notebook_grading.grade_notebook(path, time_limit=LIMIT)
    rows = {r["key"]: r for r in outcome.rows if r["key"]}
    assert rows[KEYS[0]]["result"] == "right", rows[KEYS[0]]
