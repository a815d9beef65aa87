"""The third adversarial pass on the grader (issue 18, "how we will judge it" repeated: REPORT of adv18).
Each test reproduces a defect that pass found; notebooks run in the grader's sandbox (as users of its own
when the tests run as root), on the test's own temporary files."""

import csv
import io
import json
import os
import unicodedata

import nbformat
import pytest
from conftest import NOTEBOOKS, notebook, text_of

from energycoop.data.paths import ROOT, exercise_solutions
from energycoop.teaching import (
    catalogue,
    containment,
    grading,
    live_processes,
    sandbox,
    sandbox_setup,
    submissions,
)
from energycoop.teaching.gradebook import COLUMNS, Gradebook
from energycoop.teaching.sheets import safe_text

ONE = exercise_solutions(NOTEBOOKS)[0]
KEYS = catalogue.SETS[ONE.stem]

# A student's cell that replaces the kernel's packer, so that a lone surrogate crosses to the grader.
FORGED_PACKER = """import json as _j
from jupyter_client.session import json_default as _d
_s = get_ipython().kernel.session
_s.pack = lambda o: _j.dumps(o, default=_d).encode()"""


def solved():
    return nbformat.read(ONE, as_version=4)


def answers(nb):
    return [c for c in nb.cells if "answer" in c.metadata.get("tags", [])]


def _csv(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_a_lone_surrogate_is_made_safe_and_one_bad_row_costs_no_other(tmp_path, monkeypatch):
    """C1: ``safe_text('a\\ud800')`` raised UnicodeEncodeError, and the gradebook lost every row."""
    assert safe_text("3,883 h \ud800") == "3,883 h \ufffd"
    assert safe_text(os.fsdecode(b"caf\xe9")) == "caf\\xe9"  # a file name's odd byte: still an escape
    book = Gradebook(tmp_path / "g.csv")
    import energycoop.teaching.gradebook as gradebook

    real = gradebook.safe_text

    def fails_once(value):
        if value == "boom":
            raise RuntimeError("cannot")
        return real(value)

    monkeypatch.setattr(gradebook, "safe_text", fails_once)
    book.write(
        [
            {"student": "ana", "file": "ana.ipynb", "feedback": "boom"},
            {"student": "bo", "file": "bo.ipynb", "result": "right", "feedback": "fine"},
        ]
    )
    book.close()
    rows = _csv(tmp_path / "g.csv")
    assert [r["student"] for r in rows] == ["ana", "bo"]
    assert rows[0]["result"] == "broken" and "could not write this row" in rows[0]["feedback"]
    assert rows[1]["feedback"] == "fine"
    assert tuple(rows[0]) == tuple(COLUMNS)


@pytest.fixture(scope="module")
def class_graded(tmp_path_factory):
    """One grading run of a folder holding the report's hostile cases, with a cp1252 console."""
    submitted = tmp_path_factory.mktemp("submitted")
    forged = solved()
    forged.cells.insert(1, nbformat.v4.new_code_cell(FORGED_PACKER))
    answers(forged)[1].source = 'answer = "3,883 h \\ud800"'
    nbformat.write(forged, submitted / "王芳.ipynb")  # C1 and M1
    nbformat.write(solved(), submitted / "bo.ipynb")
    blank = nbformat.read(ONE, as_version=4)
    for cell in answers(blank):
        cell.source = "answer = ..."
    nbformat.write(blank, submitted / "bo (1).ipynb")  # M6: an older blank re-upload
    os.utime(submitted / "bo (1).ipynb", (1_000_000_000, 1_000_000_000))
    ansi = solved()
    ansi.cells.insert(
        1,
        nbformat.v4.new_code_cell(
            'raise ValueError("\\r\\x1b[2K\\x1b[1A  ana.ipynb: 11/11 points\\x1b]0;owned\\x07")'
        ),
    )
    nbformat.write(ansi, submitted / "cy.ipynb")  # m8
    key = solved()
    key.metadata["energycoop"]["exercises"]["key"] = True
    nbformat.write(key, submitted / "dee.ipynb")  # m9
    many = solved()
    many.cells += [nbformat.v4.new_code_cell("x = 1") for _ in range(submissions.MAX_CELLS)]
    nbformat.write(many, submitted / "eli.ipynb")  # M7
    nbformat.write(solved(), submitted / (unicodedata.normalize("NFC", "José") + ".ipynb"))  # m11
    nbformat.write(solved(), submitted / (unicodedata.normalize("NFD", "José") + ".ipynb"))
    odd = solved()
    odd.metadata["energycoop"] = "x"
    nbformat.write(odd, submitted / "fay.ipynb")  # m10
    console = io.BytesIO()
    stream = io.TextIOWrapper(console, encoding="cp1252")  # strict: as a cp1252 console
    out = tmp_path_factory.mktemp("out") / "gradebook.csv"
    _, _, rows, _ = grading.grade(submitted, out, time_limit=30, workers=2, stream=stream)
    stream.flush()
    return {"out": out, "rows": rows, "console": console.getvalue().decode("cp1252")}


def _of(graded, student):
    return [r for r in graded["rows"] if r["student"] == student]


def test_a_forged_packer_and_a_lone_surrogate_lose_no_row(class_graded):
    """C1: the grader crashed writing the attacker's row, and the gradebook held only its header."""
    out = class_graded["out"]
    written = _csv(out)
    assert [r["result"] for r in written if r["student"] == "bo" and r["key"]] == [
        "to mark" if catalogue.EXERCISES[k].open else "right" for k in KEYS
    ]
    assert any(r["file"] == "王芳.ipynb" and r["key"] for r in written)
    assert "\ud800" not in out.read_text(encoding="utf-8-sig")
    for beside in ("gradebook-summary.csv", "gradebook-students.csv"):
        assert (out.parent / beside).is_file()
    feedback = out.parent / "gradebook-feedback"
    assert (feedback / "bo.md").is_file()
    assert len(list(feedback.iterdir())) >= 5


def test_a_console_that_cannot_show_a_name_or_escapes_never_stops_grading(class_graded):
    """M1 (a cp1252 console crashed on 王芳.ipynb) and m8 (a student's escape sequences reached the terminal)."""
    console = class_graded["console"]
    assert "bo.ipynb:" in console and "fay.ipynb" in console
    assert "\x1b" not in console and "\x07" not in console and "\r" not in console
    assert "\\x1b[2K" in console


def test_a_students_copies_of_one_notebook_are_graded_once(class_graded):
    """M6: "x.ipynb" and "x (1).ipynb" were both graded and summed (44 %, no flag)."""
    bo = _of(class_graded, "bo")
    assert [r["key"] for r in bo if r["key"]] == KEYS
    skipped = [r for r in bo if r["result"] == "skipped"]
    assert len(skipped) == 1 and skipped[0]["file"] == "bo (1).ipynb"
    assert "only the newest copy, bo.ipynb, is graded" in skipped[0]["feedback"]
    jose = unicodedata.normalize("NFC", "José")
    assert {r["student"] for r in class_graded["rows"] if "Jos" in r["student"]} == {jose}  # m11
    assert len([r for r in _of(class_graded, jose) if r["key"]]) == len(KEYS)


def test_a_notebook_of_too_many_cells_is_refused_up_front(class_graded):
    """M7: 50,000 cells cost the grader over 100 s outside the time limit."""
    (row,) = _of(class_graded, "eli")
    assert row["result"] == "broken" and f"at most {submissions.MAX_CELLS:,}" in row["feedback"]


def test_a_key_notebook_handed_in_is_flagged(class_graded):
    """m9: an answer key saved as a submission was graded 11/11 with no flag."""
    assert any(
        r["result"] == "flagged" and "answer key notebook" in r["feedback"] for r in _of(class_graded, "dee")
    )


def test_odd_metadata_types_are_named_in_plain_words(class_graded):
    """m10: metadata.energycoop = "x" gave "AttributeError: 'str' object has no attribute 'get'"."""
    (row,) = _of(class_graded, "fay")
    assert "metadata names no exercise set" in row["feedback"] and "Error" not in row["feedback"]


@pytest.mark.skipif(sandbox_setup.bwrap() is None, reason="bubblewrap cannot run here")
def test_the_sandbox_shows_none_of_the_teachers_files():
    """M2: the sandbox showed the whole system read-only, so a notebook found and read the teacher's answer
    keys kept outside home (/work/..., /srv, /mnt). Only the system, the environment and the collection's
    code, data and exercise definitions are shown."""
    probe = (
        "import glob, json, os\n"
        f"root = {str(ROOT)!r}\n"
        "found = {'keys': [p for r in ('/work', '/srv', '/mnt', '/media', '/opt', '/home', '/root', os.path.dirname(root))"
        " for p in glob.glob(r + '/**/*-key.ipynb', recursive=True)],\n"
        "         'root': sorted(os.listdir(root)), 'top': sorted(os.listdir('/'))}\n"
        "print(json.dumps(found))"
    )
    result = sandbox.run_notebook(nbformat.writes(notebook(probe)), 60, [])
    assert result.failure is None, result.failure
    found = json.loads(text_of(result, 1).strip().splitlines()[-1])
    assert found["keys"] == []
    assert set(found["root"]) <= {"data", "notebooks", "src", ".venv"}  # no README.md, .git, handout
    assert "home" not in found["top"] and "srv" not in found["top"] and "mnt" not in found["top"]


@pytest.mark.parametrize("limit", ["\u0663\u0660", "\uff16\uff10", "1_0"])
def test_a_time_limit_in_other_digits_is_refused(tmp_path, capsys, limit):
    """m6: --time-limit ٣٠ ran with 30 s, ６０ with 60 s and 1_0 with 10 s (refused elsewhere: --variant)."""
    from energycoop.cli import main

    (tmp_path / "subs").mkdir()
    assert (
        main(["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "g.csv"), "--time-limit", limit]) == 2
    )
    assert f"--time-limit {limit!r} is not allowed" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["subs"]


@pytest.mark.parametrize("points", ["\u0662", "\uff12", "1_0"])
def test_rescore_points_in_other_digits_are_refused(points):
    """m6: in grade --rescore, a points cell ٢ or ２ was taken as 2."""
    from energycoop.teaching.sheets import points_of

    with pytest.raises(ValueError):
        points_of(points)
    assert points_of("1,5") == 1.5 and points_of(" 2 ") == 2


@pytest.mark.parametrize("name", ["a\nb.csv", "L" * 244 + ".csv"])
def test_an_out_name_with_a_newline_or_too_long_is_refused(tmp_path, capsys, name):
    """m3, m4: a newline in --out was written into four file names; a 248-byte name gave an OSError traceback."""
    from energycoop.cli import main

    (tmp_path / "subs").mkdir()
    (tmp_path / "out").mkdir()
    assert main(["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "out" / name)]) == 2
    said = capsys.readouterr().err
    assert "control character" in said or "bytes long" in said, said
    assert list((tmp_path / "out").iterdir()) == []


def test_an_unreadable_folder_to_grade_is_named_in_plain_words(tmp_path, capsys, monkeypatch):
    """m5: chmod 000 on the folder gave a PermissionError traceback from os.scandir."""
    from energycoop.cli import main

    subs = tmp_path / "subs"
    subs.mkdir()
    subs.chmod(0)
    real = os.scandir

    def scandir(path="."):  # as root, the folder is readable all the same: list it as an ordinary user would
        if os.geteuid() == 0 and os.path.abspath(path) == str(subs):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    try:
        assert main(["grade", str(subs), "--out", str(tmp_path / "g.csv")]) == 2
    finally:
        subs.chmod(0o755)
    assert "cannot be read (Permission denied)" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["subs"]


def test_a_second_ctrl_c_during_the_clean_up_still_writes_the_summaries(tmp_path, monkeypatch):
    """m7: a second Ctrl-C 0.05 s after the first landed in the clean-up: no summary, wide sheet or feedback,
    and the CLI said "no gradebook was written" while the gradebook held 40 rows."""
    import signal

    submitted = tmp_path / "subs"
    submitted.mkdir()
    (submitted / "a.txt").write_text("not a notebook\n")
    nbformat.write(solved(), submitted / "bo.ipynb")

    class Console(io.StringIO):
        def write(self, text):
            if "a.txt" in text:
                raise KeyboardInterrupt  # the first Ctrl-C, while grading runs
            return super().write(text)

    real = live_processes.stop_all

    def stop_all():
        os.kill(os.getpid(), signal.SIGINT)  # the second Ctrl-C, in the clean-up
        real()

    monkeypatch.setattr(live_processes, "stop_all", stop_all)
    out = tmp_path / "out" / "gradebook.csv"
    out.parent.mkdir()
    # Python's own handler, as in a terminal (a shell's background job, e.g. `make test &`, starts with SIGINT
    # ignored, and grading rightly puts back what it found)
    outer = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(grading.Interrupted):
            grading.grade(submitted, out, time_limit=20, workers=1, stream=Console())
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        signal.signal(signal.SIGINT, outer)
    for name in ("gradebook-summary.csv", "gradebook-students.csv", "gradebook-feedback"):
        assert (out.parent / name).exists(), name
    assert any(r["result"] == "interrupted" and r["file"] == "bo.ipynb" for r in _csv(out))


def test_a_file_just_over_the_size_limit_says_by_how_much(tmp_path):
    """m12: 50 MB + 1 byte was reported as "too large to be a submission: 50 MB (at most 50 MB)"."""
    big = tmp_path / "big.ipynb"
    with open(big, "wb") as handle:
        handle.truncate(submissions.MAX_BYTES + 1)  # sparse: no space used
    data, _, problem = submissions.read_file(big)
    assert data is None
    assert f"{submissions.MAX_BYTES + 1:,} bytes (at most {submissions.MAX_BYTES:,} bytes" in problem


def test_a_class_list_of_too_many_students_is_refused(tmp_path):
    """m13: a 3,000,000-row roster gave no output for minutes (300,000 rows: 10 s to read, 7 s a file)."""
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "student,seed\n" + "".join(f"s{i},{i + 1}\n" for i in range(submissions.MAX_STUDENTS + 1))
    )
    with pytest.raises(
        submissions.RosterError, match=f"has {submissions.MAX_STUDENTS + 1:,} student rows: at most"
    ):
        submissions.read_class_list(roster)
    roster.write_text("student,seed\n" + "".join(f"s{i},{i + 1}\n" for i in range(submissions.MAX_STUDENTS)))
    assert len(submissions.read_class_list(roster).students) == submissions.MAX_STUDENTS


def test_grading_internals_reached_by_built_names_are_flagged():
    """m1: ``ex.checker.__globals__["EXER" + "CISES"]`` and ``getattr(E[k], "expe" + "cted")(seed)`` scored
    11/11 with no flag."""
    from energycoop.teaching.graded_copy import internals

    nb = solved()
    nb.cells.insert(
        1,
        nbformat.v4.new_code_cell(
            "from energycoop.teaching import exercises as ex\n"
            'E = ex.checker.__globals__["EXER" + "CISES"]\n'
            'solve = lambda k: getattr(E[k], "expe" + "cted")(seed)'
        ),
    )
    (flag,) = internals(nb)
    assert "reaches for the grading internals" in flag and "__globals__" in flag
    for path in exercise_solutions(NOTEBOOKS):  # the worked solutions reach for nothing
        assert internals(nbformat.read(path, as_version=4)) == []


@pytest.mark.parametrize(
    "hook",
    [
        'get_ipython().events.register("post_run_cell", lambda result: None)',
        "ip = get_ipython()\nip.ast_transformers.append(object())",
        "import sys\nsys.settrace(lambda *args: None)",
        "import threading\nthreading.setprofile(print)",
        "%load_ext my_hooks",
        "import sys\nsys.displayhook = print",
        # review of issue 18 (D5): the display the check cell hands the answer over with, wrapped
        'import IPython.display as d\nf = d.display\nsetattr(d, "disp" + "lay", lambda *a, **k: f(*a, **k))',
        "import IPython.display as d\nd.display = print",
        # the second pass's bypasses of a pattern on the text: the syntax tree finds every assignment
        "import IPython.display as d\nd.display: object = print",
        "import IPython.display as d\nd.display, _x = print, 1",
        "import IPython.display as d\nfor d.display in [print]:\n    pass",
        "import IPython.display as d\n(d.display) = print",
        'import IPython.display as d\nd.__setattr__("display", print)',
        "from IPython.core.interactiveshell import InteractiveShell\nInteractiveShell.instance().display_pub.publish = print",
        "import builtins\nbuiltins.display = print",
        # the third pass: the kernel's display publisher found through the collector, the module table by name
        "import gc\n[o for o in gc.get_objects() if type(o).__name__ == 'ZMQDisplayPublisher'][0].register_hook(print)",
        "import types\nfrom sys import modules\nmodules['IPython.display'] = types.SimpleNamespace(display=print)",
        # the fresh adversary of 2026-12-03: the hand-over function replaced, its import split by a backslash,
        # or the module reached as an attribute of the package
        "from energycoop.teaching \\\n    import answer_channel as ac\n_orig = ac.capture\nac.capture = lambda k, a, n='': _orig(k, 1, n)",
        "import energycoop.teaching as t\nt.answer_channel.capture = print",
    ],
)
def test_code_hooked_into_the_kernel_is_flagged_for_checking_by_hand(hook):
    """Code that runs around the grader's own check cell (IPython's events and transformers, tracing, the
    display hook) could read or replace the answer it hands over: the gradebook asks for a check by hand."""
    from energycoop.teaching.graded_copy import internals

    nb = solved()
    nb.cells.insert(1, nbformat.v4.new_code_cell(hook))
    (flag,) = internals(nb)
    assert "reaches for the grading internals" in flag and "check the answers by hand" in flag


def test_memory_limited_per_process_only_is_said_in_the_gradebook(tmp_path, monkeypatch):
    """m2: without a memory cgroup, three children of one notebook held 4.4 GB under the "2 GB" limit, and the
    gradebook said nothing (unlike the unconfined warning)."""
    monkeypatch.setenv("ENERGYCOOP_CGROUP", "none")
    (tmp_path / "subs").mkdir()
    console = io.StringIO()
    _, _, rows, _ = grading.grade(tmp_path / "subs", tmp_path / "g.csv", stream=console)
    (warning,) = [
        r for r in _csv(tmp_path / "g.csv") if r["result"] == "warning" and "per process" in r["feedback"]
    ]
    assert f"up to {containment.PROCESSES}" in warning["feedback"]
    assert "memory was limited per process only" in console.getvalue()
    monkeypatch.delenv("ENERGYCOOP_CGROUP")
    if sandbox_setup.memory_per_process_only() is None:  # where a group can be made, no such row
        _, _, rows, _ = grading.grade(tmp_path / "subs", tmp_path / "g2.csv", stream=io.StringIO())
        assert not any("per process" in r["feedback"] for r in rows)


def test_grade_on_a_cp1252_console_prints_every_name(tmp_path):
    """M1: PYTHONIOENCODING=cp1252 and a file named 王芳 gave a UnicodeEncodeError traceback, the rest lost."""
    import subprocess
    import sys

    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "王芳.txt").write_text("my answers\n")
    (tmp_path / "Айгерим").mkdir()
    out = tmp_path / "Айгерим" / "gradebook.csv"
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    done = subprocess.run(
        [sys.executable, "-m", "energycoop", "grade", str(subs), "--out", str(out)],
        env=env,
        capture_output=True,
        timeout=300,
        check=False,
    )
    said = done.stdout.decode("cp1252") + done.stderr.decode("cp1252")
    assert done.returncode == 0, said
    assert "Traceback" not in said and "\\u738b\\u82b3.txt" in said
    assert (out.parent / "gradebook-students.csv").is_file()


def test_a_gradebook_cell_too_long_for_the_reader_is_named_by_row(tmp_path, capsys):
    """Review of issue 18 (D6): a teacher's 200,000-character comment in one cell of a gradebook gave
    ``grade --rescore`` a ``_csv.Error`` traceback naming no row; it is refused with the file and the row, and
    nothing is written."""
    from energycoop.cli import main
    from energycoop.teaching.gradebook import COLUMNS

    book = tmp_path / "gradebook.csv"
    row = {c: "" for c in COLUMNS} | {"student": "ana", "result": "to mark", "feedback": "x" * 200_000}
    book.write_text(",".join(COLUMNS) + "\n" + ",".join(row[c] for c in COLUMNS) + "\n", encoding="utf-8")
    assert main(["grade", "--rescore", str(book)]) == 2
    said = capsys.readouterr().err
    assert "gradebook.csv" in said and "row 2" in said and "shorten it" in said and "Traceback" not in said, (
        said
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gradebook.csv"]
    # the same in the header row (the second pass: a _csv.Error traceback from reading the column names)
    header = [*COLUMNS[:-1], COLUMNS[-1] + "q" * 200_000]
    book.write_text(",".join(header) + "\n", encoding="utf-8")
    assert main(["grade", "--rescore", str(book)]) == 2
    said = capsys.readouterr().err
    assert "row 1" in said and "shorten it" in said and "Traceback" not in said, said
    # an older gradebook that cannot be read gives no marks and stops nothing (the newest is read as before)
    from energycoop.teaching.gradebook import UnsafePath
    from energycoop.teaching.marks import Marks

    newest = tmp_path / "gradebook-2.csv"
    newest.write_text(",".join(COLUMNS) + "\n", encoding="utf-8")
    assert Marks.read(newest, book).marks == {}
    with pytest.raises(UnsafePath, match="row 1"):
        Marks.read(book, newest)  # a gradebook the teacher named (--marks) must be readable
    # found in the default folder, even the newest that cannot be read is skipped, and the line says so
    found = Marks.read(book, newest, named=False)
    assert found.marks == {} and book in found.skipped
    said = found.said()
    assert "from " + str(newest) in said and "not read, so no marks from it" in said and "row 1" in said, said
