"""Every loader names the problem: a bad data file or derived table fails with a ``DataError``
that names the file, the row (header = row 1) and the column, and says what is allowed.

Each test writes a bad copy of a data file under pytest's ``tmp_path``; nothing in
``data/`` is ever written.
"""

import csv
import io
import re
import shutil

import pytest
from conftest import DATA, NOTEBOOKS

from energycoop.analysis.audit import load_claims
from energycoop.data.derived import COLUMNS, DerivedTable, read_all_derived, read_derived
from energycoop.data.loaders import (
    QUANTITY_KINDS,
    DataError,
    MissingDataFile,
    load_article,
    load_glossary,
    load_reference,
    read_codebook,
)
from energycoop.quantities.units import Q_


def _text(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def _rewrite(text: str, key: str, column: str, value: str, key_column: str = "id") -> str:
    """``text`` (a CSV) with the cell ``column`` of the row whose ``key_column`` is ``key`` set to ``value``."""
    rows = list(csv.DictReader(io.StringIO(text)))
    assert any(row[key_column] == key for row in rows), key
    for row in rows:
        if row[key_column] == key:
            row[column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _row_of(text: str, key: str, key_column: str = "id") -> int:
    """The spreadsheet row number (header = 1) of ``key``."""
    rows = list(csv.DictReader(io.StringIO(text)))
    return next(i for i, row in enumerate(rows, start=2) if row[key_column] == key)


def _refused(loader, path, *parts):
    """Call ``loader(path)``; it must raise ``DataError`` whose message holds the file and every part."""
    with pytest.raises(DataError) as caught:
        loader(path)
    message = str(caught.value)
    assert str(path) in message, message
    for part in parts:
        assert part in message, f"{part!r} not in {message!r}"
    assert not re.search(r"\[(length|mass|time|currency_\w+)\]", message), f"pint's internals in {message!r}"
    return message


LOADERS = {
    "article.csv": load_article,
    "reference.csv": load_reference,
    "claims.csv": load_claims,
    "glossary.csv": load_glossary,
}


# Encoding


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_a_byte_order_mark_is_accepted(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + (DATA / name).read_bytes())  # what "CSV UTF-8" in a spreadsheet writes
    loaded, committed = LOADERS[name](path), LOADERS[name](DATA / name)
    assert loaded.equals(committed)


def test_a_file_that_is_not_utf8_names_the_row_and_column(tmp_path):
    text = _text("article.csv")
    row = _row_of(text, "zhanatas_turbines")
    path = tmp_path / "article.csv"
    bad = _rewrite(text, "zhanatas_turbines", "snippet", "consists of 40 wind turbines (café)")
    path.write_bytes(bad.encode("cp1252"))  # a spreadsheet's plain "CSV" on Windows
    _refused(
        load_article, path, f"row {row}, column snippet", "is not UTF-8", "must be saved as UTF-8", "0xe9"
    )


def test_a_bad_byte_after_a_byte_order_mark_inside_a_quoted_cell_is_placed_right(tmp_path):
    text = _text("article.csv")
    row = _row_of(text, "zhanatas_coal_saved")
    bad = _rewrite(
        text, "zhanatas_coal_saved", "snippet", "saving about 110,000 metric tons of standard coal (café)"
    )
    path = tmp_path / "article.csv"
    path.write_bytes(b"\xef\xbb\xbf" + bad.encode("latin-1"))
    _refused(load_article, path, f"row {row}, column snippet: byte 0xe9", "is not UTF-8")


def test_a_header_row_that_is_not_utf8_is_row_1(tmp_path):
    path = tmp_path / "glossary.csv"
    path.write_bytes(_text("glossary.csv").replace("term,", "t\u00e9rm,", 1).encode("latin-1"))
    _refused(load_glossary, path, "row 1", "is not UTF-8")


# Header-only and empty files


@pytest.mark.parametrize("name", sorted(LOADERS))
def test_a_header_without_rows_is_refused(tmp_path, name):
    path = tmp_path / name
    path.write_text(_text(name).splitlines()[0] + "\n", encoding="utf-8")
    _refused(LOADERS[name], path, "has a header but no rows")


def test_an_empty_file_is_refused_with_the_columns_expected(tmp_path):
    path = tmp_path / "glossary.csv"
    path.write_text("")
    _refused(load_glossary, path, "the file is empty", "term, slug, phrase, definition, unit, first_notebook")


def test_a_missing_file_is_a_data_error_and_file_not_found(tmp_path):
    with pytest.raises(MissingDataFile, match="file not found") as caught:
        load_glossary(tmp_path / "glossary.csv")
    assert isinstance(caught.value, DataError) and isinstance(caught.value, FileNotFoundError)


# Whole numbers: ASCII digits only


@pytest.mark.parametrize("value", ["²", "٣", "５", "1.0", "-5", " 5"])
def test_a_whole_number_takes_only_the_digits_0_to_9(tmp_path, value):
    text = _text("article.csv")
    path = tmp_path / "article.csv"
    path.write_text(_rewrite(text, "zhanatas_turbines", "paragraph", value), encoding="utf-8")
    _refused(load_article, path, f"row 2, column paragraph: {value!r} is not a whole number", "digits 0-9")


@pytest.mark.parametrize("column, value", [("value", "٣٥٠"), ("low", "２.6")])
def test_a_number_takes_only_ascii_digits(tmp_path, column, value):
    text = _text("reference.csv")
    path = tmp_path / "reference.csv"
    path.write_text(_rewrite(text, "co2_t_per_tce", column, value), encoding="utf-8")
    _refused(
        load_reference,
        path,
        f"row {_row_of(text, 'co2_t_per_tce')}, column {column}: {value!r} is not a number",
    )


def test_a_year_takes_four_digits(tmp_path):
    text = _text("reference.csv")
    path = tmp_path / "reference.csv"
    path.write_text(_rewrite(text, "zhanatas_co2_avoided", "year", "2021²"), encoding="utf-8")
    _refused(load_reference, path, f"row {_row_of(text, 'zhanatas_co2_avoided')}, column year", "four digits")


# Kinds: dimension, sign and range


def test_every_row_declares_a_kind_that_fits_its_unit():
    article, reference = load_article(), load_reference()
    assert set(article["kind"]) | set(reference["kind"]) <= set(QUANTITY_KINDS)
    assert article.loc["zhanatas_turbine_capacity", "kind"] == "power"
    assert article.loc["zhanatas_annual_generation", "kind"] == "energy"
    assert article.loc["atyrau_capacity", "kind"] == "mass"
    assert article.loc["nev_export_growth", "kind"] == "growth_rate"
    assert article.loc["turgusun_certificate", "kind"] == "date"
    assert reference.loc["world_additions_capacity_factor", "kind"] == "share"
    assert reference.loc["cny_per_usd_2023_average", "kind"] == "exchange_rate"
    # every kind the vocabulary defines is used by some row, and date rows are exactly the 'date' rows
    assert set(article["kind"]) | set(reference["kind"]) == set(QUANTITY_KINDS)
    for frame in (article, reference):
        assert ((frame["unit"] == "date") == (frame["kind"] == "date")).all()


def test_the_codebook_lists_every_kind_and_only_those():
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Kinds of quantity", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\|\s*`([a-z_]+)`\s*\|", section, re.MULTILINE)
    assert documented == list(QUANTITY_KINDS)
    assert "kind" in read_codebook()["article.csv"] and "kind" in read_codebook()["reference.csv"]


@pytest.mark.parametrize(
    "name, key, changes, column, parts",
    [
        # a valid unit of the wrong dimension
        (
            "article.csv",
            "zhanatas_coal_saved",
            {"unit": "GWh", "kind": "mass"},
            "unit",
            ["'GWh' is an energy; kind 'mass' takes a mass such as t or Mt"],
        ),
        (
            "article.csv",
            "zhanatas_turbine_capacity",
            {"unit": "GWh"},
            "unit",
            ["'GWh' is an energy; kind 'power' takes a power such as", "MW"],
        ),
        (
            "article.csv",
            "atyrau_capacity",
            {"unit": "kt"},
            "unit",
            ["'kt' is a speed", "the knot", "kilometric_ton", "kind 'mass' takes a mass"],
        ),
        (
            "reference.csv",
            "co2_t_per_tce",
            {"unit": "t/GJ/h"},
            "unit",
            [
                "'t/GJ/h' is a unit of none of the dimensions",
                "kind 'mass_per_energy' takes a mass per energy",
            ],
        ),
        (
            "reference.csv",
            "cny_per_usd_2023_average",
            {"unit": "CNY"},
            "unit",
            ["'CNY' is an amount in yuan; kind 'exchange_rate' takes an exchange rate such as CNY/USD"],
        ),
        (
            "article.csv",
            "nev_exports",
            {"unit": "MW"},
            "unit",
            ["'MW' is a power; kind 'count' takes a count"],
        ),
        # sign and range
        (
            "article.csv",
            "zhanatas_turbine_capacity",
            {"value": "-2.5"},
            "value",
            ["-2.5 MW is not allowed for kind 'power' (a power): it must be greater than 0"],
        ),
        (
            "article.csv",
            "zhanatas_annual_generation",
            {"value": "0"},
            "value",
            ["kind 'energy'", "greater than 0"],
        ),
        ("article.csv", "zhanatas_turbines", {"value": "-40"}, "value", ["kind 'count'", "0 or more"]),
        ("article.csv", "zhanatas_turbines", {"value": "40.5"}, "value", ["kind 'count'", "a whole number"]),
        (
            "article.csv",
            "nev_exports",
            {"value": "1.5", "unit": "count"},
            "value",
            ["kind 'count'", "whole number"],
        ),
        (
            "article.csv",
            "pavlodar_first_plant",
            {"value": "0"},
            "value",
            ["kind 'rank'", "1 (first) or more"],
        ),
        (
            "article.csv",
            "china_share_of_world_additions",
            {"value": "150"},
            "value",
            ["150 percent is not allowed for kind 'share'", "from 0 to 100 percent"],
        ),
        (
            "article.csv",
            "nev_export_growth",
            {"value": "-100"},
            "value",
            ["kind 'growth_rate'", "greater than -100 percent"],
        ),
        (
            "article.csv",
            "new_three_exports_usd",
            {"value": "-145600000000"},
            "value",
            ["kind 'money'", "0 or more"],
        ),
        (
            "reference.csv",
            "world_additions_capacity_factor",
            {"high": "1.5"},
            "high",
            ["1.5 dimensionless (= 150 percent) is not allowed for kind 'share'", "from 0 to 100 percent"],
        ),
        ("reference.csv", "hours_per_year", {"low": "-8760"}, "low", ["kind 'duration'", "greater than 0"]),
        (
            "reference.csv",
            "cny_per_usd_2023_weakest",
            {"value": "0"},
            "value",
            ["kind 'exchange_rate'", "greater than 0"],
        ),
        # the vocabulary and dates
        (
            "article.csv",
            "zhanatas_turbines",
            {"kind": "turbines"},
            "kind",
            ["'turbines' is not one of 'power', 'energy'"],
        ),
        ("article.csv", "zhanatas_turbines", {"kind": ""}, "kind", ["'' is empty"]),
        (
            "article.csv",
            "turgusun_certificate",
            {"kind": "duration"},
            "kind",
            ["'duration' does not fit the row's unit 'date'", "takes kind 'date'"],
        ),
        (
            "article.csv",
            "turgusun_capacity",
            {"kind": "date"},
            "unit",
            ["'MW' is a power; kind 'date' takes the unit 'date'"],
        ),
        (
            "reference.csv",
            "article_publication",
            {"low": "2024"},
            "low",
            ["'2024' is not allowed: a date row (kind 'date') takes no low"],
        ),
    ],
)
def test_a_row_breaking_its_kind_is_refused(tmp_path, name, key, changes, column, parts):
    text = _text(name)
    for changed, value in changes.items():
        text = _rewrite(text, key, changed, value)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    _refused(LOADERS[name], path, f"row {_row_of(text, key)}, column {column}: ", *parts)


def test_an_unknown_unit_still_names_the_row_and_column(tmp_path):
    text = _rewrite(_text("article.csv"), "zhanatas_annual_generation", "unit", "GWhh")
    path = tmp_path / "article.csv"
    path.write_text(text, encoding="utf-8")
    _refused(load_article, path, "row 4, column unit: 'GWhh' is not a unit pint knows")


def test_assumption_messages_name_the_column(tmp_path):
    text = _rewrite(_text("reference.csv"), "co2_t_per_tce", "low", "")
    path = tmp_path / "reference.csv"
    path.write_text(text, encoding="utf-8")
    _refused(
        load_reference,
        path,
        f"row {_row_of(text, 'co2_t_per_tce')}, column low: assumption 'co2_t_per_tce' "
        "needs a low and a high",
    )


def test_duplicate_and_unknown_header_columns_are_refused(tmp_path):
    lines = _text("glossary.csv").splitlines()
    path = tmp_path / "glossary.csv"
    path.write_text(
        "\n".join([lines[0] + ",term"] + [line + ",x" for line in lines[1:]]) + "\n", encoding="utf-8"
    )
    _refused(load_glossary, path, "row 1", "term", "more than once")
    path.write_text(
        "\n".join([lines[0] + ",extra"] + [line + ",x" for line in lines[1:]]) + "\n", encoding="utf-8"
    )
    _refused(load_glossary, path, "row 1", "unknown column(s) extra", "expected columns term, slug")


# The glossary


def test_the_glossary_loads_as_rows_of_text():
    glossary = load_glossary()
    assert list(glossary.columns) == ["term", "slug", "phrase", "definition", "unit", "first_notebook"]
    assert len(glossary) >= 30 and glossary["slug"].is_unique
    assert {f"{n}.ipynb" for n in glossary["first_notebook"]} <= {p.name for p in NOTEBOOKS.glob("*.ipynb")}


@pytest.mark.parametrize(
    "slug, column, value, parts",
    [
        (
            "capacity-factor",
            "slug",
            "Capacity Factor",
            ["'Capacity Factor' is not a slug", "joined by single hyphens"],
        ),
        ("capacity-factor", "slug", "capacity_factor", ["is not a slug"]),
        (
            "capacity-factor",
            "slug",
            "full-load-hours",
            ["'full-load-hours' is a duplicate of row", "must be unique"],
        ),
        ("capacity-factor", "term", "full-load hours", ["'full-load hours' is a duplicate of row"]),
        ("capacity-factor", "definition", "", ["'' is empty"]),
        ("capacity-factor", "term", " ", ["' ' is empty"]),
        ("capacity-factor", "phrase", "", ["'' is empty"]),
        (
            "capacity-factor",
            "first_notebook",
            "99-nowhere",
            ["'99-nowhere' is not a notebook of notebooks/", "'02-zhanatas-wind'"],
        ),
        (
            "capacity-factor",
            "first_notebook",
            "02-zhanatas-wind.ipynb",
            ["is not a notebook", "without .ipynb"],
        ),
    ],
)
def test_bad_glossary_cells_are_refused(tmp_path, slug, column, value, parts):
    text = _text("glossary.csv")
    bad = _rewrite(text, slug, column, value, key_column="slug")
    path = tmp_path / "glossary.csv"
    path.write_text(bad, encoding="utf-8")
    _refused(load_glossary, path, f"row {_row_of(text, slug, 'slug')}, column {column}: ", *parts)


# The claims


@pytest.mark.parametrize(
    "claim, column, value, parts",
    [
        (
            "zhanatas_generation",
            "claimed",
            "artcle:zhanatas_annual_generation",
            ["is not a reference written article:ID or derived:ID"],
        ),
        (
            "zhanatas_generation",
            "claimed",
            "article:no_such_row",
            ["'article:no_such_row' names no row of article.csv"],
        ),
        ("zhanatas_generation", "evidence", "reference:no_such_fact", ["names no row of reference.csv"]),
        (
            "zhanatas_generation",
            "evidence",
            "article:zhanatas_annual_generation",
            ["reference:ID or derived:ID"],
        ),
        ("zhanatas_generation", "rounding", "rounded", ["'printed', two references 'LOW HIGH'"]),
        ("zhanatas_generation", "article_id", "Zhanatas", ["is not an id"]),
    ],
)
def test_bad_claims_are_refused(tmp_path, claim, column, value, parts):
    text = _text("claims.csv")
    path = tmp_path / "claims.csv"
    path.write_text(_rewrite(text, claim, column, value), encoding="utf-8")
    _refused(load_claims, path, f"row {_row_of(text, claim)}, column {column}: ", *parts)


# Derived tables


@pytest.fixture
def derived_dir(tmp_path):
    directory = tmp_path / "derived"
    directory.mkdir()
    shutil.copy(DATA / "derived" / "02-zhanatas-wind.csv", directory)
    return directory


def test_a_derived_table_reads_as_before(derived_dir):
    frame = read_derived(derived_dir, "02-zhanatas-wind")
    assert list(frame.reset_index().columns) == list(COLUMNS)
    assert frame["value"].dtype == float and frame.index.name == "id"
    assert (
        frame.loc["zhanatas_capacity_mw", "value"] == 100.0
        and frame.loc["zhanatas_capacity_mw", "unit"] == "MW"
    )


@pytest.mark.parametrize(
    "column, value, parts",
    [
        ("value", "abc", ["'abc' is not a number"]),
        ("value", "", ["'' is empty"]),
        ("value", "inf", ["'inf' is not a number"]),
        ("unit", "GWhh", ["'GWhh' is not a unit pint knows"]),
        ("unit", "date", ["'date' is not a unit pint knows"]),
        ("bound", "about", ["'about' is not one of 'value', 'lower', 'upper'"]),
        ("description", "", ["'' is empty"]),
        ("id", "Zhanatas Capacity", ["is not an id"]),
    ],
)
def test_a_bad_derived_cell_names_file_row_and_column(derived_dir, column, value, parts):
    path = derived_dir / "02-zhanatas-wind.csv"
    path.write_text(
        _rewrite(path.read_text(encoding="utf-8"), "zhanatas_capacity_mw", column, value), encoding="utf-8"
    )
    _refused(
        lambda p: read_derived(derived_dir, "02-zhanatas-wind"), path, f"row 2, column {column}: ", *parts
    )


def test_an_emptied_derived_table_is_refused(derived_dir):
    path = derived_dir / "02-zhanatas-wind.csv"
    path.write_text(",".join(COLUMNS) + "\n", encoding="utf-8")
    _refused(lambda p: read_derived(derived_dir, "02-zhanatas-wind"), path, "has a header but no rows")
    path.write_text("", encoding="utf-8")
    _refused(lambda p: read_derived(derived_dir, "02-zhanatas-wind"), path, "the file is empty")
    with pytest.raises(DataError, match=r"has a header but no rows|the file is empty"):
        read_all_derived(derived_dir, ["02-zhanatas-wind"])


def test_a_derived_table_with_a_missing_column_or_bad_bytes_is_refused(derived_dir):
    path = derived_dir / "02-zhanatas-wind.csv"
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    path.write_text("\n".join(",".join(f'"{c}"' for c in row[:-1]) for row in rows) + "\n", encoding="utf-8")
    _refused(
        lambda p: read_derived(derived_dir, "02-zhanatas-wind"), path, "row 1", "missing column(s) inputs"
    )
    path.write_bytes(text.replace("installed capacity", "installed capacit\u00e9").encode("latin-1"))
    _refused(
        lambda p: read_derived(derived_dir, "02-zhanatas-wind"),
        path,
        "row 2, column description",
        "is not UTF-8",
    )


def test_a_missing_derived_table_names_the_notebook_that_writes_it(tmp_path):
    with pytest.raises(MissingDataFile) as caught:
        read_derived(tmp_path, "03-turgusun-hydro")
    message = str(caught.value)
    assert (
        str(tmp_path / "03-turgusun-hydro.csv") in message and "notebooks/03-turgusun-hydro.ipynb" in message
    )
    assert isinstance(caught.value, FileNotFoundError) and isinstance(caught.value, DataError)


def test_derived_tables_are_written_only_as_they_can_be_read(tmp_path):
    table = DerivedTable("99-test")
    with pytest.raises(ValueError, match="needs a description"):
        table.add("x", Q_(1, "MW"), "", "a formula", [])
    with pytest.raises(ValueError, match="needs a formula"):
        table.add("x", Q_(1, "MW"), "x", " ", [])
    with pytest.raises(ValueError, match="is not an id"):
        table.add("X value", Q_(1, "MW"), "x", "x", [])
    table.add("x_mw", Q_(1, "MW"), "x", "x", [])
    table.write(tmp_path)
    assert read_derived(tmp_path, "99-test").loc["x_mw", "value"] == 1.0


def test_an_id_in_two_derived_tables_names_both(derived_dir):
    shutil.copy(derived_dir / "02-zhanatas-wind.csv", derived_dir / "99-copy.csv")
    with pytest.raises(DataError) as caught:
        read_all_derived(derived_dir, ["02-zhanatas-wind", "99-copy"])
    message = str(caught.value)
    assert "'zhanatas_capacity_mw'" in message and "column id" in message
    assert f"{derived_dir / '02-zhanatas-wind.csv'}, row 2" in message
    assert f"{derived_dir / '99-copy.csv'}, row 2" in message


@pytest.mark.parametrize(
    "kind, text",
    [
        ("id", "zhanatas_capacity\n"),
        ("int", "12\n"),
        ("slug", "capacity-factor\n"),
        ("id", "Zhanatas"),
        ("int", "١٢"),
    ],
)
def test_a_cell_with_a_final_newline_or_foreign_characters_is_refused(kind, text):
    """An id, a count or a slug is checked whole: a final newline (which ``$`` lets through) is refused."""
    from energycoop.data.schema import Column, check_cell

    with pytest.raises(ValueError):
        check_cell(Column("x", kind), text, None)
    check_cell(
        Column("x", kind), {"id": "zhanatas_capacity", "int": "12", "slug": "capacity-factor"}[kind], None
    )
