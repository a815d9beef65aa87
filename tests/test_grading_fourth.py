"""The fourth adversarial pass on the grader (adv18b's REPORT) and the teacher's review (teach19b). Each test
reproduces a defect found there; notebooks run in the grader's sandbox, on the test's own temporary files."""

import csv
import io
import json
import warnings

import nbformat
import pytest
from conftest import NOTEBOOKS

from energycoop.build import rerun
from energycoop.data.notebook_file import MAX_DEPTH, Unreadable, cut, parse_json, read_notebook
from energycoop.data.paths import exercise_solutions
from energycoop.teaching import catalogue, grading

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


def test_a_notebook_without_cell_ids_warns_nobody():
    """m6: nbformat's MissingIDFieldWarning reached the teacher's terminal naming no file."""
    nb = json.loads(ONE.read_text(encoding="utf-8"))
    nb["nbformat_minor"] = 5
    for cell in nb["cells"]:
        cell.pop("id", None)
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
    "import importlib.util as u\n"
    "p = __import__('energycoop').__path__[0] + '/teaching/sol' + 'vers.py'\n"
    "s = u.spec_from_file_location('x', p); m = u.module_from_spec(s); s.loader.exec_module(m)\n"
    "answer = 0",
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
    outcome = grading.grade_notebook(path, 60)
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
    outcome = grading.grade_notebook(path, 60)
    assert not [r for r in outcome.rows if r["result"] == "broken"], outcome.problems
    assert {r["result"] for r in outcome.rows if r["key"]} <= {"right", "to mark"}
    from energycoop.teaching.checker import checker

    assert checker(0)("turgusun_capacity_factor", "36.58 %") == "right"
