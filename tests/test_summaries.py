"""Prose follows the numbers: every notebook's Summary is Markdown built from computed values (a code
cell tagged ``summary``), every number in it is a value of the notebook's derived table at its printed
precision, and a rerun with other parameters changes the Summary with the numbers."""

import html
import re
from pathlib import Path

import nbformat
import pytest
from conftest import DATA, NOTEBOOKS

from energycoop.analysis.markup import summary_fingerprint
from energycoop.build.catalogue import declaration
from energycoop.data.derived import read_derived
from energycoop.data.loaders import load_article, rounding_interval
from energycoop.quantities.units import Q_, fmt

MAIN = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
NUMBER = re.compile(r"(?<![\w.`-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w`-])")
SCALES = (1, 100, 1 / 100, 1000, 1 / 1000, 1e6, 1e-6)  # a ratio as %, a prefix (GWh and TWh, t and Mt, ...)


def test_the_summary_under_the_question_is_the_one_the_last_cell_computes():
    """The Summary is shown right under the question (a display the last cell fills in, by its display id).
    nbval cannot compare that first output (it sees the placeholder while it runs), so the last cell shows the
    Summary's fingerprint instead of a second copy, which nbval compares strictly: here it must be the
    fingerprint of the Summary under the question, which must stand right under the question."""
    for path in MAIN:
        nb = nbformat.read(path, as_version=4)
        top = [c for c in nb.cells if "summary" in c.metadata.get("tags", [])]
        source = [c for c in nb.cells if "summary-source" in c.metadata.get("tags", [])]
        assert len(top) == 1 and len(source) == 1, path.name
        assert nb.cells.index(top[0]) == 1, f"{path.name}: the Summary stands right under the question"
        assert "nbval-ignore-output" in top[0].metadata["tags"]
        shown = [o for o in top[0].outputs if "text/markdown" in o.get("data", {})]
        computed = [o for o in source[0].outputs if "text/markdown" in o.get("data", {})]
        assert len(shown) == len(computed) == 1, path.name
        assert (
            f"(fingerprint `{summary_fingerprint(shown[0].data['text/markdown'])}`)"
            in (computed[0].data["text/markdown"])
        ), f"{path.name}: the Summary under the question is not the one its last cell computes: run make run"
        assert "## Summary" not in computed[0].data["text/markdown"], (
            f"{path.name}: the Summary is shown twice"
        )
        assert shown[0].data["text/markdown"].startswith("## Summary\n")
        plain = shown[0].data["text/plain"]
        assert "IPython" not in plain and plain.startswith("Summary"), f"{path.name}: no readable text/plain"


def summary_text(nb) -> str:
    cells = [c for c in nb.cells if "summary" in c.metadata.get("tags", [])]
    assert len(cells) == 1, "one code cell tagged summary builds the Summary"
    assert cells[0].cell_type == "code"
    [markdown] = [o.data["text/markdown"] for o in cells[0].outputs if "text/markdown" in o.get("data", {})]
    return markdown


def numbers(text: str):
    """The numbers a Summary states, as printed; years, notebook names and link targets left out."""
    text = re.sub(r"`[^`]*`|\([^)]*\.ipynb[^)]*\)", " ", html.unescape(re.sub(r"<[^>]+>", " ", text)))
    for match in NUMBER.finditer(text):
        printed = match.group(0)
        if re.fullmatch(r"(19|20)\d\d", printed):
            continue
        yield printed


def interval(printed: str) -> tuple[float, float]:
    """What a printed number stands for: rounded at its last decimal, or, for a whole number, at its
    third significant figure at least (fmt's precision: "100" is 99.5 to 100.5, "305,000" is 304,500 to
    305,500)."""
    text = printed.replace(",", "")
    if "." in text:
        return rounding_interval(text)
    significant = max(3, len(text.rstrip("0")) or 1)
    half = 0.5 * 10 ** max(0, len(text) - significant)
    return float(text) - half, float(text) + half


def matches(printed: str, values) -> bool:
    low, high = interval(printed)
    return any(low <= abs(v) * scale <= high for v in values for scale in SCALES)


@pytest.mark.parametrize("path", MAIN, ids=lambda p: p.stem)
def test_every_number_in_the_summary_is_in_the_derived_table(path):
    nb = nbformat.read(path, as_version=4)
    text = summary_text(nb)
    if (
        path.stem == "10-claims-audit"
    ):  # its table holds claims, not values: the Summary states counts of them
        from energycoop.analysis.audit import findings, read_audit, tally, verdict_counts

        result = read_audit()
        found, counts = findings(result), verdict_counts(result)
        checked = len(found) - counts["not checkable"] - counts["not quantitative"]
        values = [
            *counts.values,
            len(found),
            len(result) - len(found),
            checked,
            0.1,
        ]  # 0.1: the default tolerance
        values += [count for _, count, _ in tally(result)]  # the tally on the reader's scale
        # each verdict lists its claims in their words, which quote the article's printed figures
        values += [
            float(v.replace(",", ""))
            for v in load_article()["value_as_printed"]
            if re.fullmatch(r"[\d,.]+", v)
        ]
    else:  # its own table, and the tables it reads (a quantity has one row, in its own notebook's table)
        tables = [path.stem, *(Path(t).stem for t in declaration(path).reads_tables())]
        values = [v for table in tables for v in read_derived(DATA / "derived", table)["value"]]
    unmatched = [p for p in numbers(text) if not matches(p, values)]
    assert not unmatched, f"{path.name}: the Summary states {unmatched}, which no derived value gives"


def test_the_check_can_fail():
    assert matches("40", [0.3995]) and matches("314", [314.29]) and matches("305,000", [304700])
    assert not matches("100", [125]) and not matches("13.3", [0.1389])
    assert list(numbers("In 2023, `02-zhanatas-wind` gave 3,500 h and 40%.")) == ["3,500", "40"]


def test_a_rerun_summary_states_the_new_numbers(rerun_02):
    # notebook 02 executed once for the session with 50 turbines and 8,784 h (and 2.64 t CO2/tce; conftest.rerun_02)
    assert rerun_02["returncode"] == 0, rerun_02["stderr"]
    out = rerun_02["out"]
    nb = nbformat.read(rerun_02["notebook"], as_version=4)
    text = summary_text(nb)
    assert "125 MW" in text and "100 MW" not in text
    new_cf = fmt(Q_(350, "GWh") / (Q_(125, "MW") * Q_(8784, "h")), "percent", sig=2)
    assert f"capacity factor of {new_cf}" in text and new_cf != "40%"
    values = list(read_derived(out / "derived", "02-zhanatas-wind")["value"])
    assert all(matches(p, values) for p in numbers(text))
