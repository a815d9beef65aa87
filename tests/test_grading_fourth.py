"""The fourth adversarial pass on the grader (adv18b's REPORT) and the teacher's review (teach19b). Each test
reproduces a defect found there; notebooks run in the grader's sandbox, on the test's own temporary files."""

import csv
import gc
import io
import json
import warnings
from pathlib import Path

import nbformat
import pytest
from conftest import NOTEBOOKS

from energycoop.build import rerun
from energycoop.data.notebook_file import MAX_DEPTH, Unreadable, cut, parse_json, read_notebook
from energycoop.data.paths import exercise_solutions
from energycoop.teaching import catalogue, grading, notebook_grading

ONE = exercise_solutions(NOTEBOOKS)[0]
KEYS = catalogue.SETS[ONE.stem]
DEEP = ("[" * 100000 + "]" * 100000).encode()


def _csv(path):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_reader_refuses_deep_nesting_and_names_a_huge_number():
    """C1, m6: deep nesting is "nested too deep", a 100,000-digit seed "a number ... out of range", both
    ``Unreadable`` (never RecursionError, never "not JSON")."""
    with pytest.raises(Unreadable, match="nested more than"):
        parse_json(DEEP)
    with pytest.raises(Unreadable, match="nested more than"):
        parse_json(b'{"a": ' * 200 + b"1" + b"}" * 200)
    parse_json(b'{"a": "' + b"[" * 1000 + b'"}')  # brackets inside a string are text
    assert parse_json(b"[" * MAX_DEPTH + b"]" * MAX_DEPTH) is not None
    big = b'{"metadata": {"energycoop": {"exercises": {"seed": ' + b"9" * 100000 + b"}}}}"
    with pytest.raises(Unreadable, match="out of the range") as caught:
        parse_json(big)
    assert "JSON" not in str(caught.value)


def test_a_cut_reason_ends_at_a_word():
    """m6: "... missing an expected key: w..." was cut inside a word."""
    text = "The notebook is invalid and is missing an expected key: worksheet_metadata " * 4
    shown = cut(text, 60)
    assert shown.endswith("...") and text.startswith(shown[:-3])
    assert not text[len(shown) - 3].isalnum()  # the next character is no letter: the word was whole


def test_an_nbformat_3_file_without_worksheets_is_named_plainly():
    """m6 (adv18b b3/nbf3.ipynb): "... missing an expected key: w..." was cut inside a word."""
    with pytest.raises(Unreadable) as caught:
        read_notebook(b'{"nbformat": 3, "nbformat_minor": 0, "metadata": {}}')
    assert 'nbformat 3, whose cells are kept in "worksheets", and it has none' in str(caught.value)


def test_a_notebook_without_cell_ids_warns_nobody():
    """m6: nbformat's MissingIDFieldWarning reached the teacher's terminal naming no file."""
    nb = json.loads(ONE.read_text(encoding="utf-8"))
    nb["nbformat_minor"] = 5
    for cell in nb["cells"]:
        cell.pop("id", None)
    gc.collect()  # another test's garbage (a closed-over file) warns when it is collected, not when read
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        read_notebook(json.dumps(nb).encode())
    assert [str(w.message) for w in caught] == []


def test_params_on_a_deeply_nested_notebook_says_it_cannot_be_read(tmp_path):
    """C1, m7: ``params`` and ``rerun`` ended with a RecursionError traceback."""
    path = tmp_path / "deep.ipynb"
    path.write_bytes(DEEP)
    with pytest.raises(rerun.RerunError, match="not a readable notebook: its JSON is nested"):
        rerun.describe(path)
    with pytest.raises(rerun.RerunError, match="not a readable notebook"):
        rerun.parse_parameters(path, [])


def test_a_deeply_nested_file_costs_one_row_without_a_roster(tmp_path):
    """C1: without --roster, the seed scan's RecursionError lost the whole class's grading."""
    submitted = tmp_path / "submitted"
    submitted.mkdir()
    (submitted / "deep.ipynb").write_bytes(DEEP)
    big = json.loads(ONE.read_text(encoding="utf-8"))
    big["metadata"]["energycoop"]["exercises"]["seed"] = 123456789
    (submitted / "bignum.ipynb").write_text(
        json.dumps(big).replace("123456789", "9" * 100000), encoding="utf-8"
    )
    nb = json.loads(ONE.read_text(encoding="utf-8"))
    nb["nbformat_minor"] = 5
    for cell in nb["cells"]:
        cell.pop("id", None)
    (submitted / "ok.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    stream = io.StringIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        book, _, _, _ = grading.grade(submitted, tmp_path / "out" / "g.csv", time_limit=60, stream=stream)
    assert not [w for w in caught if "MissingIDField" in str(w.category.__name__)]
    rows = _csv(book)
    deep = [r for r in rows if r["file"] == "deep.ipynb"]
    assert len(deep) == 1 and deep[0]["result"] == "broken"
    assert deep[0]["feedback"].startswith("not a readable notebook: its JSON is nested")
    bignum = [r for r in rows if r["file"] == "bignum.ipynb"]
    assert len(bignum) == 1 and "a seed out of range" in bignum[0]["feedback"]
    assert "JSON" not in bignum[0]["feedback"]
    ok = [r for r in rows if r["file"] == "ok.ipynb" and r["key"]]
    assert {r["key"] for r in ok} == set(KEYS)
    assert {r["result"] for r in ok} <= {"right", "to mark"}


STEALTH = [
    "import operator, energycoop, energycoop.teaching.exercises\n"
    "E = operator.attrgetter('teaching.cata' + 'logue.EXER' + 'CISES')(energycoop)\n"
    "answer = operator.methodcaller('expec' + 'ted', seed)(E[{key!r}])",
    "import operator, energycoop.teaching.exercises as ex, inspect\n"
    "cat = inspect.getmodule(ex.chart)\n"
    "answer = operator.methodcaller('expec'+'ted', seed)(operator.itemgetter({key!r})(operator.attrgetter("
    "'EXER'+'CISES')(cat)))",
    "import energycoop.teaching.catalogue as c\nanswer = c.EXERCISES[{key!r}].expected(seed)",
]


@pytest.mark.parametrize("way", range(len(STEALTH)))
def test_the_answer_key_is_not_in_a_graded_kernel(tmp_path, way):
    """M1 (adv18b): ``operator.attrgetter``/``methodcaller`` and ``inspect.getmodule`` reached
    ``EXERCISES[key].expected(seed)`` past the text pattern: 11/14 points, no flag. In a graded kernel the
    modules that compute expected answers do not exist, so every such answer fails in its own cell."""
    nb = nbformat.read(ONE, as_version=4)
    for cell in nb.cells:
        if "answer" in cell.metadata.get("tags", []):
            cell.source = STEALTH[way].format(key=KEYS[0])
    path = tmp_path / "s2.ipynb"
    nbformat.write(nb, path)
    outcome = notebook_grading.grade_notebook(path, 60)
    scored = [r for r in outcome.rows if r["key"]]
    assert scored and not [r for r in scored if r["result"] == "right"]
    assert all(r["points"] in (0, "") for r in scored)


def test_a_graded_kernel_still_runs_an_ordinary_notebook_and_practice_is_unchanged(tmp_path):
    """M1: the graded kernel's ``exercises`` has ``variant_seed``, ``checker`` (which only records) and ``chart``
    (a placeholder); at home ``check`` judges at once, from the whole package."""
    nb = nbformat.read(ONE, as_version=4)
    nb.cells.append(
        nbformat.v4.new_code_cell(
            "from energycoop.teaching import exercises as _e\n"
            "print(check('turgusun_capacity_factor', '1 %'))\n"
            "_e.chart('log_bar_length', seed)"
        )
    )
    path = tmp_path / "ana.ipynb"
    nbformat.write(nb, path)
    outcome = notebook_grading.grade_notebook(path, 60)
    assert not [r for r in outcome.rows if r["result"] == "broken"], outcome.problems
    assert {r["result"] for r in outcome.rows if r["key"]} <= {"right", "to mark"}
    from energycoop.teaching.checker import checker

    assert checker(0)("turgusun_capacity_factor", "36.58 %") == "right"


def _with_answers(tmp_path, name, sources: dict[int, str], drop_checks=False):
    nb = nbformat.read(ONE, as_version=4)
    cells = [c for c in nb.cells if "answer" in c.metadata.get("tags", [])]
    for i, source in sources.items():
        cells[i].source = source
    if drop_checks:
        nb.cells = [c for c in nb.cells if not (c.cell_type == "code" and c.source.startswith("check("))]
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def _problems(outcome):
    return [r["feedback"] for r in outcome.rows if r["result"] in ("broken", "flagged")]


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("import os\nos._exit(0)", "the kernel exited by itself during code cell"),
        ("import ctypes\nctypes.string_at(0)", "the kernel crashed during code cell"),
    ],
)
def test_a_dead_kernel_is_reported_as_what_happened(tmp_path, code, said):
    """m2: os._exit and a segfault were "the kernel died (out of memory, or killed)"; m3: the denominator is
    the set's points whatever happened."""
    outcome = notebook_grading.grade_notebook(_with_answers(tmp_path, "x.ipynb", {2: code}), 60)
    problems = _problems(outcome)
    assert len(problems) == 1 and said in problems[0], problems
    assert "out of memory" not in problems[0]
    total = sum(catalogue.EXERCISES[k].points for k in KEYS)
    assert grading._status(outcome).startswith(f"4/{total} points"), grading._status(outcome)


def test_a_check_that_fails_is_not_called_a_stop_and_a_syntax_error_reads_plainly(tmp_path):
    """m2: a SystemExit raised by the answer's own repr in the check was "the notebook stopped before this
    exercise's check cell ran" though later exercises were graded; teach19b: a syntax error showed the kernel's
    temporary file id and a double full stop."""
    path = _with_answers(
        tmp_path,
        "y.ipynb",
        {
            1: "class A:\n    def __repr__(self):\n        raise SystemExit\nanswer = A()",
            3: "answer = '5,100 farms",
        },
    )
    outcome = notebook_grading.grade_notebook(path, 60)
    rows = {r["key"]: r for r in outcome.rows if r["key"]}
    assert (
        "the grader's check of your answer failed: the code asked Python to stop" in rows[KEYS[1]]["feedback"]
    )
    assert "stopped before" not in rows[KEYS[1]]["feedback"]
    assert rows[KEYS[2]]["result"] == "right"
    said = rows[KEYS[3]]["feedback"]
    assert said.startswith("Your answer cell did not run (SyntaxError: unterminated string literal")
    assert ".py" not in said and ".." not in said, said


def test_deleted_check_cells_are_graded_from_the_answer_cells(tmp_path):
    """m5: every check cell deleted, the answer cells right: 0 points and a row per deleted check."""
    outcome = notebook_grading.grade_notebook(_with_answers(tmp_path, "z.ipynb", {}, drop_checks=True), 60)
    rows = [r for r in outcome.rows if r["key"]]
    assert {r["result"] for r in rows} <= {"right", "to mark"}, [r["feedback"] for r in rows]
    assert all("its check cell was deleted" in r["feedback"] for r in rows)
    flags = [r for r in outcome.rows if r["result"] == "flagged"]
    assert len(flags) == len(KEYS) and all("graded from its answer cell" in f["feedback"] for f in flags)


def test_one_cause_is_one_row(tmp_path):
    """m4: a cell that ignores Ctrl-C and loops had two rows; a forging cell four."""
    deaf = "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass"
    outcome = notebook_grading.grade_notebook(_with_answers(tmp_path, "deaf.ipynb", {5: deaf}), 5)
    problems = _problems(outcome)
    assert len(problems) == 1 and "ignored the interrupt" in problems[0], problems
    forge = (
        "from IPython.display import display\n"
        "for k in ('a', 'b', 'c'):\n"
        "    display({'application/vnd.energycoop.answer+json': {'key': k, 'kind': 'none'}}, raw=True)\n"
        "answer = 1"
    )
    outcome = notebook_grading.grade_notebook(_with_answers(tmp_path, "forge.ipynb", {0: forge}), 60)
    problems = _problems(outcome)
    assert len(problems) == 1, problems
    assert "reaches for the grading internals" in problems[0] and "it also displayed answers" in problems[0]


def test_feedback_totals_are_provisional_and_read_well():
    """teach19b: a total before the open answers are marked looked final; "(its points count as 0)" after a
    list; "Liam O'Brien" got ``Liam O_Brien-d73f12.md``."""
    from energycoop.teaching import sheets
    from energycoop.teaching.submissions import file_stem

    assert file_stem("Liam O'Brien") == "Liam O'Brien"
    rows = [
        {
            "student": "ana",
            "file": "a.ipynb",
            "set": ONE.stem,
            "seed": 0,
            "exercise": catalogue.number_of(k),
            "key": k,
            "result": "to mark" if catalogue.EXERCISES[k].open else "right",
            "answer": "x",
            "points": "" if catalogue.EXERCISES[k].open else catalogue.EXERCISES[k].points,
            "max_points": catalogue.EXERCISES[k].points,
            "feedback": "ok",
        }
        for k in KEYS
    ]
    others = [s for s in catalogue.SETS if s != ONE.stem][:2]
    text = sheets.feedback_text("ana", rows, [ONE.stem, *others])
    total = sum(catalogue.EXERCISES[k].points for k in KEYS)
    assert "This total is provisional: 1 open answer is still to be marked" in text
    assert f"of {total + sum(sheets._set_points(s) for s in others)} points" in text
    assert "counted as 0 points: " in text and "its points" not in text
    _, table = sheets.wide(rows)
    assert table[0]["status"].startswith("provisional: 1 open answer")
    assert table[0]["out_of"] == str(total)


def test_hand_marks_survive_a_second_grading(tmp_path):
    """teach19b: a second ``grade`` brought every open answer back "to mark" with empty points. The marks of
    the previous gradebook go over to rows whose answer is unchanged; a changed answer is to mark again; the
    old file is only read; the output says how many came over."""
    from energycoop.teaching.marks import previous

    submitted = tmp_path / "submitted"
    submitted.mkdir()
    nbformat.write(nbformat.read(ONE, as_version=4), submitted / "ana.ipynb")
    nbformat.write(nbformat.read(ONE, as_version=4), submitted / "bo.ipynb")
    first, _, _rows, _ = grading.grade(submitted, tmp_path / "one" / "gradebook.csv", stream=io.StringIO())
    open_key = next(k for k in KEYS if catalogue.EXERCISES[k].open)
    most = catalogue.EXERCISES[open_key].points
    with open(first, encoding="utf-8-sig", newline="") as handle:
        table = list(csv.DictReader(handle))
    for row in table:
        if row["key"] == open_key:
            row["points"] = "1,5" if row["student"] == "ana" else str(most)
    with open(first, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(table[0]), delimiter=";")
        writer.writeheader()
        writer.writerows(table)  # as a spreadsheet saves it: semicolons, a decimal comma
    before = first.read_bytes()
    bo = nbformat.read(submitted / "bo.ipynb", as_version=4)
    [c for c in bo.cells if "answer" in c.metadata.get("tags", [])][
        KEYS.index(open_key)
    ].source = 'answer = """A new answer, written after the first grading."""'
    nbformat.write(bo, submitted / "bo.ipynb")
    stream = io.StringIO()
    second, _, _, _ = grading.grade(submitted, tmp_path / "two" / "gradebook.csv", stream=stream, marks=first)
    assert first.read_bytes() == before
    again = {(r["student"], r["key"]): r for r in _csv(second) if r["key"]}
    assert again[("ana", open_key)]["points"] == "1.5"
    assert again[("bo", open_key)]["points"] == "" and again[("bo", open_key)]["result"] == "to mark"
    assert "marked again" in again[("bo", open_key)]["feedback"]
    said = stream.getvalue()
    assert "Carried over 1 hand mark from" in said and "1 answer changed since, to mark again" in said
    (tmp_path / "default").mkdir()
    for name in ("gradebook.csv", "gradebook-2.csv", "gradebook-10.csv", "notes.csv"):
        (tmp_path / "default" / name).write_text("x", encoding="utf-8")
    new = tmp_path / "default" / "gradebook-11.csv"
    assert previous(tmp_path / "default", new) == [
        tmp_path / "default" / name for name in ("gradebook-10.csv", "gradebook-2.csv", "gradebook.csv")
    ]
    # Review of issue 18 (D2): a regrade interrupted before ana's notebook left gradebook-2.csv with her rows
    # "interrupted"; the next run read only that newest file and dropped the teacher's mark of her open answer.
    # Each exercise's mark now comes from the newest gradebook that graded it; bo's, graded there without a
    # mark, stays unmarked (the teacher's newer choice).
    from energycoop.teaching.marks import Marks

    cut = [
        {**row, "result": "interrupted", "points": ""}
        if row["student"] == "ana"
        else {**row, "points": "" if row["key"] == open_key else row["points"]}
        for row in table
    ]
    interrupted = tmp_path / "gradebook-2.csv"
    with open(interrupted, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(cut)
    marks = Marks.read(interrupted, first)
    assert marks.marks[("ana", open_key)][1] == 1.5 and ("bo", open_key) not in marks.marks
    assert marks.sources == {first: 1}
    empty = tmp_path / "gradebook-3.csv"  # a concurrent run's gradebook, created and not yet written
    empty.write_text(",".join(table[0]) + "\n", encoding="utf-8")
    assert Marks.read(empty, interrupted, first).marks == marks.marks


def test_the_sandbox_init_shows_no_teacher_environment_and_its_pipes_forge_nothing(tmp_path, monkeypatch):
    """m1: bwrap (PID 1 inside) had the teacher's environment (PATH=/root/.cargo/bin:/root/.pyenv/...),
    readable in /proc/1/environ by an unprivileged grader's student; its pipe to the grader can be opened, and
    a line written there must forge nothing (the runner's messages are signed)."""
    from energycoop.teaching import sandbox_setup

    if sandbox_setup.bwrap() is None:
        pytest.skip("no bubblewrap here")
    monkeypatch.setenv("ENERGYCOOP_TEACHER_SECRET", "the teacher's own")
    probe = (
        "import json\n"
        "try:\n    seen = open('/proc/1/environ', 'rb').read().split(b'\\0')\n"
        "except OSError as exc:\n    seen = [type(exc).__name__.encode()]\n"
        "print('ENV', [s.decode() for s in seen if s])\n"
        "try:\n"
        "    with open('/proc/1/fd/1', 'w') as pipe:\n"
        "        pipe.write('0' * 64 + ' ' + json.dumps({'n': 3, 'event': 'done'}) + '\\n')\n"
        "except OSError:\n    pass\n"
        "answer = 1"
    )
    nb = nbformat.read(ONE, as_version=4)
    next(c for c in nb.cells if "answer" in c.metadata.get("tags", [])).source = probe
    path = tmp_path / "pid1.ipynb"
    nbformat.write(nb, path)
    keep = tmp_path / "kept"
    keep.mkdir()
    outcome = notebook_grading.grade_notebook(path, 60, keep=keep)
    printed = json.dumps(nbformat.read(keep / "pid1.ipynb", as_version=4).cells)
    line = next(part for part in printed.split("ENV")[1:])
    assert "TEACHER_SECRET" not in printed and "pyenv" not in line and ".cargo" not in line
    assert "PermissionError" in line or "PATH=/usr/bin:/bin" in line, line
    assert len([r for r in outcome.rows if r["key"]]) == len(KEYS)  # the forged "done" ended nothing early
    assert [r["result"] for r in outcome.rows if r["key"] == KEYS[1]] == ["right"]


def test_bwrap_is_started_with_a_fixed_environment(monkeypatch):
    """m1: whatever the teacher's environment, bwrap's own is PATH and LANG only (the test above cannot read it
    when the grader is root: bwrap then stays root's)."""
    from energycoop.teaching import live_processes, sandbox, sandbox_setup

    if sandbox_setup.bwrap() is None:
        pytest.skip("no bubblewrap here")
    monkeypatch.setenv("ENERGYCOOP_TEACHER_SECRET", "the teacher's own")
    seen = []
    real = live_processes.Live.spawn.__func__

    def spawn(cls, command, **options):
        seen.append(options.get("env"))
        return real(cls, command, **options)

    monkeypatch.setattr(live_processes.Live, "spawn", classmethod(spawn))
    sandbox.run_notebook(nbformat.writes(nbformat.v4.new_notebook()), 5, [])
    assert seen and seen[0] == {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}


def test_the_sandbox_and_the_judge_close_their_pipes(monkeypatch):
    """CI: a pipe of a finished sandbox, left to the garbage collector, warned "unclosed file" inside another
    test; both the sandbox and the verdict process close theirs when they end."""
    from energycoop.teaching import live_processes, sandbox
    from energycoop.teaching.judge import Verdicts

    started = []
    real = live_processes.Live.spawn.__func__

    def spawn(cls, command, **options):
        started.append(real(cls, command, **options))
        return started[-1]

    monkeypatch.setattr(live_processes.Live, "spawn", classmethod(spawn))
    sandbox.run_notebook(nbformat.writes(nbformat.v4.new_notebook()), 5, [])
    judge = Verdicts(limit=5)
    judge.judge(KEYS[0], {"kind": "text", "text": "1 GWh"}, 0)
    judge.close()
    assert len(started) == 2
    assert all(p.stdin.closed and p.stdout.closed for p in started)


def test_a_pasted_copy_of_a_check_cell_costs_no_answer(tmp_path):
    """adv18d: exercise 2's check cell pasted between exercise 3's answer cell and its check cell took exercise 3's
    answer away ("Not answered yet", 0 points) and called the copy a forgery; the copy is now left out, and said."""
    import copy as copying

    nb = nbformat.read(ONE, as_version=4)
    checks = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.startswith("check(")]
    nb.cells.insert(checks[2], copying.deepcopy(nb.cells[checks[1]]))
    path = tmp_path / "pasted.ipynb"
    nbformat.write(nb, path)
    outcome = notebook_grading.grade_notebook(path, 60)
    rows = {r["key"]: r for r in outcome.rows if r["key"] and r["result"] not in ("flagged", "broken")}
    assert {rows[k]["result"] for k in KEYS} <= {"right", "to mark"}, [rows[k]["feedback"] for k in KEYS]
    said = " ".join(r["feedback"] for r in outcome.rows)
    assert "appears twice" in said and "forged" not in said


def test_two_answers_in_one_check_cell_are_sent_to_the_teacher_not_blamed_on_the_genuine_one():
    """adv18d: a pre_run_cell hook read the run's secret from the check cell and displayed its own answer first;
    the flag then called the grader's genuine answer the forgery. Which of two came from the check cell cannot
    be told, so the flag says two came and asks for a check by hand."""
    from energycoop.teaching.answer_channel import MIME
    from energycoop.teaching.graded_copy import answers_of

    payload = {"key": KEYS[0], "nonce": "n0nce", "kind": "none"}
    executed = {3: {"outputs": [{"data": {MIME: payload}}, {"data": {MIME: {**payload, "kind": "x"}}}]}}
    found, flags = answers_of(None, executed, {KEYS[0]: 3}, "n0nce")
    assert found[KEYS[0]]["kind"] == "none"
    assert len(flags) == 1 and "two answers" in flags[0] and "check this exercise by hand" in flags[0]
    assert "did not write: ignored" not in flags[0]


def test_a_virtual_environment_reached_through_a_link_grades(tmp_path):
    """A ``.venv`` that is a link to the environment (made by hand, or a worktree's): bubblewrap stopped with
    "Can't mkdir parents for .../.venv/var/cache/energycoop-pint" and no notebook could be graded."""
    import subprocess
    import sys

    from energycoop.teaching import sandbox_setup

    if sandbox_setup.bwrap() is None:
        pytest.skip(
            "bubblewrap is not installed: the unconfined sandbox follows the link as any program does"
        )
    link = tmp_path / "checkout" / ".venv"
    link.parent.mkdir()
    link.symlink_to(Path(sys.prefix).resolve(), target_is_directory=True)
    code = (
        "import nbformat\nfrom energycoop.teaching import sandbox\n"
        "nb = nbformat.v4.new_notebook()\n"
        "nb.cells = [nbformat.v4.new_code_cell('x = 1'), nbformat.v4.new_code_cell("
        '\'import sys; from energycoop.quantities.units import Q_; print(sys.executable, Q_(1, "GWh").to("MWh"))\')]\n'
        "nb.cells[0].metadata['tags'] = ['grader']\n"
        "r = sandbox.run_notebook(nbformat.writes(nb), 30, [])\n"
        "print(r.failure, r.confined)\n"
        "print(''.join(o.get('text', '') for o in r.cells.get(1, {}).get('outputs', [])))\n"
    )
    ran = subprocess.run(
        [str(link / "bin" / "python"), "-c", code], capture_output=True, text=True, timeout=180, check=False
    )
    assert ran.returncode == 0, ran.stderr[-2000:]
    failure, printed = ran.stdout.split("\n", 1)
    assert failure == "None True", ran.stdout
    assert f"{link}/bin/python 1000.0 MWh" in printed, ran.stdout
