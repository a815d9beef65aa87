import csv
import io
import math
from datetime import date

import pytest
from conftest import rewrite_csv

from energycoop.data.loaders import (
    DATA_DIR,
    DataError,
    date_of,
    load_article,
    load_reference,
    quantity,
    read_codebook,
    reading_of,
    rounding_interval,
)
from energycoop.quantities.units import parse_unit


def test_article_loads_with_every_number_typed():
    article = load_article()
    assert len(article) >= 20
    assert article.loc["zhanatas_annual_generation", "value"] == 350
    assert str(quantity(article, "zhanatas_turbine_capacity")) == "2.5 MW"
    assert date_of(article, "turgusun_certificate") == date(2022, 4, 1)
    assert math.isnan(article.loc["turgusun_first_power", "value"])


def test_each_snippet_contains_its_printed_value():
    for key, row in load_article().iterrows():
        assert row["value_as_printed"] in row["snippet"], key


def test_article_covers_every_kind_of_figure():
    article = load_article()
    units = {parse_unit(u).dimensionality for u in article["unit"] if u != "date"}
    assert {"[mass] * [length] ** 2 / [time] ** 3", "[mass] * [length] ** 2 / [time] ** 2"} <= {
        str(u) for u in units
    }
    assert {"design", "expected", "outcome", "date", "count"} <= set(article["basis"])
    assert {"over", "exceeded", "more than", "approximately"} <= set(article["qualifier"])


def test_reference_assumptions_have_ranges_and_sources():
    reference = load_reference()
    assumptions = reference[reference["status"] == "assumption"]
    assert {"co2_t_per_tce", "hours_per_year", "china_coal_rate_2023"} <= set(assumptions.index)
    assert (assumptions["low"] <= assumptions["value"]).all() and (
        assumptions["value"] <= assumptions["high"]
    ).all()
    assert (reference["source_title"].str.len() > 0).all()
    unaddressed = reference[(reference["status"] == "verified") & (reference["source_address"] == "")]
    assert set(unaddressed.index) <= {
        "atyrau_capacity_earlier",
        "atyrau_throughput_h1_2023",
    }, "a verified fact needs its address"


def _documented_files():
    codebook = read_codebook()
    files = {}
    for path in sorted(DATA_DIR.glob("*.csv")):
        files[path.name] = path
    for path in sorted((DATA_DIR / "derived").glob("*.csv")):
        files[path.name] = path
    return codebook, files


def test_codebook_documents_every_file_and_every_column():
    codebook, files = _documented_files()
    for name, path in files.items():
        key = next(k for k in (name, f"derived/{name}", "derived/*.csv") if k in codebook)
        assert key in codebook, f"{name} is not documented in data/README.md"
        with path.open(newline="", encoding="utf-8") as handle:
            header = next(csv.reader(handle))
        assert header == codebook[key], f"{name}: columns {header} against codebook {codebook[key]}"


def test_codebook_documents_nothing_that_does_not_exist():
    codebook, files = _documented_files()
    derived = [n for n in files if files[n].parent.name == "derived"]
    for key in codebook:
        if key.startswith("derived/") and key != "derived/*.csv":
            assert key.removeprefix("derived/") in files, (
                f"data/README.md documents {key}, which does not exist"
            )
        elif key == "derived/*.csv":
            assert derived, "the codebook documents derived tables but none exist"
        else:
            assert key in files, f"data/README.md documents {key}, which does not exist"
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    for name in derived:
        assert f"`derived/{name}" in readme, f"derived/{name} is not listed in data/README.md"


# Bad files: each fails with the file, the row and the column, and nothing is written.

_rewrite = rewrite_csv


@pytest.mark.parametrize(
    "row_id, column, value, expected",
    [
        (
            "zhanatas_annual_generation",
            "value",
            "three hundred",
            r"row 4, column value: 'three hundred' is not a number",
        ),
        (
            "zhanatas_annual_generation",
            "unit",
            "gigawombat",
            r"row 4, column unit: 'gigawombat' is not a unit pint knows",
        ),
        (
            "zhanatas_annual_generation",
            "qualifier",
            "roughly",
            r"row 4, column qualifier: 'roughly' is not one of",
        ),
        ("zhanatas_annual_generation", "value", "nan", r"row 4, column value: 'nan' is not a number"),
        (
            "turgusun_first_power",
            "value",
            "July 2021",
            r"row 8, column value: 'July 2021' is not a date written YYYY-MM",
        ),
        ("zhanatas_turbines", "paragraph", "five", r"row 2, column paragraph: 'five' is not a whole number"),
        (
            "zhanatas_turbines",
            "id",
            "Zhanatas Turbines",
            r"row 2, column id: 'Zhanatas Turbines' is not an id",
        ),
        ("zhanatas_turbines", "snippet", "", r"row 2, column snippet: '' is empty"),
    ],
)
def test_bad_article_cells_are_refused(tmp_path, article_text, row_id, column, value, expected):
    path = tmp_path / "article.csv"
    path.write_text(_rewrite(article_text, row_id, column, value), encoding="utf-8")
    with pytest.raises(DataError, match=expected) as caught:
        load_article(path)
    assert str(path) in str(caught.value)
    assert [p.name for p in tmp_path.iterdir()] == ["article.csv"]


def test_missing_column_is_refused(tmp_path, article_text):
    rows = list(csv.reader(io.StringIO(article_text)))
    drop = rows[0].index("qualifier")
    path = tmp_path / "article.csv"
    path.write_text("\n".join(",".join(f'"{c}"' for i, c in enumerate(r) if i != drop) for r in rows))
    with pytest.raises(DataError, match="missing column\\(s\\) qualifier"):
        load_article(path)


def test_duplicate_id_is_refused(tmp_path, article_text):
    lines = article_text.splitlines()
    path = tmp_path / "article.csv"
    path.write_text("\n".join([*lines, lines[1]]) + "\n")
    with pytest.raises(
        DataError, match=rf"row {len(lines) + 1}, column id: 'zhanatas_turbines' is a duplicate of row 2"
    ):
        load_article(path)


def test_short_row_is_refused(tmp_path, article_text):
    path = tmp_path / "article.csv"
    path.write_text(article_text + "extra_row,Zhanatas\n")
    with pytest.raises(DataError, match=r"row \d+: has 2 cells, the header has 13"):
        load_article(path)


def test_missing_and_empty_files_are_refused(tmp_path):
    with pytest.raises(DataError, match="file not found"):
        load_article(tmp_path / "nowhere.csv")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(DataError, match="empty"):
        load_article(tmp_path / "empty.csv")


def test_assumption_outside_its_range_is_refused(tmp_path, reference_text):
    path = tmp_path / "reference.csv"
    path.write_text(_rewrite(reference_text, "co2_t_per_tce", "value", "3.5"))
    with pytest.raises(DataError, match=r"row 6, column value: 3.5 of 'co2_t_per_tce' is outside its range"):
        load_reference(path)


def test_assumption_without_a_range_is_refused(tmp_path, reference_text):
    path = tmp_path / "reference.csv"
    path.write_text(_rewrite(reference_text, "co2_t_per_tce", "high", ""))
    with pytest.raises(DataError, match="needs a low and a high"):
        load_reference(path)


def test_text_in_reference_number_column_is_refused(tmp_path, reference_text):
    path = tmp_path / "reference.csv"
    path.write_text(_rewrite(reference_text, "co2_t_per_tce", "low", "about 2.6"))
    with pytest.raises(DataError, match=r"row 6, column low: 'about 2.6' is not a number"):
        load_reference(path)


def test_rounding_interval():
    assert rounding_interval("350") == (345, 355)
    assert rounding_interval("110,000") == (105000, 115000)
    assert rounding_interval("2.5") == (2.45, 2.55)
    assert rounding_interval("79.8") == (79.75, 79.85)
    with pytest.raises(ValueError, match="not a number written in digits"):
        rounding_interval("half")


def test_reading_of():
    assert reading_of("over") == "lower bound"
    assert reading_of("approximately") == "rounded"
    assert reading_of("exact") == "as printed"
    with pytest.raises(ValueError, match="not one of"):
        reading_of("roughly")


def test_every_article_figure_is_used_in_a_calculation_or_explained():
    used = set()
    for path in sorted((DATA_DIR / "derived").glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                used |= set(row.get("inputs", "").split())
    unused = [key for key in load_article().index if key not in used]
    assert not unused, f"article figures in no derived table (not even 01's not-calculable list): {unused}"


def test_every_derived_input_id_exists():
    known = set(load_article().index) | set(load_reference().index) | {"article.csv"}
    rows = []
    for path in sorted((DATA_DIR / "derived").glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            rows += [(path.name, row) for row in csv.DictReader(handle) if "inputs" in row]
    known |= {row["id"] for _, row in rows}
    for name, row in rows:
        missing = set(row["inputs"].split()) - known
        assert not missing, f"{name}, {row['id']}: inputs {missing} are no known id"
        assert row["bound"] in ("value", "lower", "upper")
        parse_unit(row["unit"])
