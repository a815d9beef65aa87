"""Derived ids: unique across every table, each ending with the suffix of its unit; and every headline
of notebook 12 starts from the value the notebooks compute at their defaults."""

import re

import pytest
from conftest import DATA

from energycoop.analysis.headlines import HEADLINES, inputs, inputs_of
from energycoop.data.derived import UNIT_SUFFIXES, DerivedTable, read_all_derived, read_derived, unit_suffix
from energycoop.data.loaders import load_article, load_reference
from energycoop.quantities.units import Q_

DERIVED = DATA / "derived"
TABLES = sorted(
    p.stem for p in DERIVED.glob("*.csv") if p.stem != "10-claims-audit"
)  # 10 holds claims, not values


def test_ids_are_unique_across_all_tables():
    combined = read_all_derived(DERIVED, TABLES)  # refuses an id found in two tables
    assert len(combined) > 150


@pytest.mark.parametrize("table", TABLES)
def test_every_id_ends_with_the_suffix_of_its_unit(table):
    frame = read_derived(DERIVED, table)
    for key, unit in frame["unit"].items():
        suffix = unit_suffix(unit)
        assert key.endswith("_" + suffix), f"{table}: {key} holds {unit}, so its id must end with _{suffix}"


def test_the_suffixes_are_one_per_unit():
    assert len(set(UNIT_SUFFIXES.values())) == len(UNIT_SUFFIXES)
    assert unit_suffix("gce/kWh") == "gce_per_kwh" and unit_suffix("oil_bbl/d") == "bbl_per_day"
    with pytest.raises(ValueError, match="has no id suffix"):
        unit_suffix("furlong/fortnight")


def test_an_id_without_its_unit_suffix_is_refused_when_written():
    table = DerivedTable("99-test")
    with pytest.raises(ValueError, match="'coal_rate' holds gce/kWh: it must end with _gce_per_kwh"):
        table.add("coal_rate", Q_(314, "gce/kWh"), "a rate", "a / b", [])
    table.add("coal_rate_gce_per_kwh", Q_(314, "gce/kWh"), "a rate", "a / b", [])


@pytest.mark.parametrize("headline", HEADLINES, ids=lambda h: h.key)
def test_each_headline_starts_from_what_the_notebooks_compute(headline):
    ranges = inputs(load_article(), load_reference())
    base = headline.model(**{name: r.quantity() for name, r in inputs_of(headline, ranges).items()})
    computed = read_all_derived(DERIVED, TABLES).loc[headline.computed_as]
    notebook_value = Q_(float(computed["value"]), computed["unit"])
    assert base.to(headline.unit).magnitude == pytest.approx(
        notebook_value.to(headline.unit).magnitude, rel=1e-9
    )
    in_12 = read_derived(DERIVED, "12-uncertainty-and-sensitivity").loc[
        f"{headline.key}_base_{unit_suffix(headline.unit)}"
    ]
    assert float(in_12["value"]) == pytest.approx(base.to(headline.unit).magnitude, rel=1e-12)


# --- one name per quantity (PUDL's rule), honest suffixes, no values or bounds in ids, real formulas ---------------

VARIANTS = ("base", "median", "interval_low", "interval_high", "low", "high", "min", "max", "published")


def _rows():
    return [(table, key, row) for table in TABLES for key, row in read_derived(DERIVED, table).iterrows()]


def quantity_name(key: str, unit: str) -> str:
    """The quantity an id names: the id without its unit suffix and a trailing variant."""
    stem = key[: -len(unit_suffix(unit)) - 1]
    for variant in VARIANTS:
        if stem.endswith("_" + variant):
            return stem[: -len(variant) - 1]
    return stem


def test_a_quantity_in_two_tables_has_one_name():
    """Two tables holding the same value in the same unit hold one quantity (or one's Monte Carlo base, or a
    published figure): they name it alike. Notebook 11's worked mistakes are exempt, each "right" result being the
    correct reading of its own mistake."""
    seen: dict[tuple, list[tuple[str, str]]] = {}
    for table, key, row in _rows():
        if table != "11-units-and-pitfalls":
            seen.setdefault((round(float(row["value"]), 9), row["unit"]), []).append((table, key))
    for (value, unit), places in seen.items():
        by_table: dict[str, set[str]] = {}
        for table, key in places:
            by_table.setdefault(table, set()).add(quantity_name(key, unit))
        if len(by_table) > 1:  # (within one table, equal values can be different quantities: 01's counts)
            assert set.intersection(*by_table.values()), f"{value} {unit} has a name per table: {places}"


def test_each_headline_samples_the_quantity_of_the_same_name():
    for headline in HEADLINES:
        stem = headline.computed_as.rsplit("_", 1)[0]
        assert (
            headline.computed_as.startswith(headline.key + "_")
            and headline.computed_as[len(headline.key) + 1 :] in UNIT_SUFFIXES
        ), (
            f"headline {headline.key} samples {headline.computed_as}: name it {headline.key}_<unit suffix> ({stem})"
        )


def test_no_id_holds_a_value_a_bound_or_a_stutter():
    for table, key, row in _rows():
        suffix = unit_suffix(row["unit"]).split("_")
        stem = key.split("_")[: -len(suffix)]
        for n in range(
            1, len(suffix) + 1
        ):  # zhanatas_co2_avoided_per_kwh_g_per_kwh, article_basis_count_count
            assert stem[-n:] != suffix[-n:], f"{table}: {key} says its unit twice"
        tokens = key.split("_")
        for i, token in enumerate(
            tokens
        ):  # a year, or a date after one (2024_06_27), but never a value (510)
            if token.isdigit():
                is_year = len(token) == 4 and token[:2] in ("19", "20")
                in_date = len(token) == 2 and i and (tokens[i - 1].isdigit())
                assert is_year or in_date, f"{table}: {key} holds the number {token}"
        if row["bound"] != "value":
            assert not {"min", "max", "lower", "upper", "least", "most"} & set(tokens), (
                f"{table}: {key} is a {row['bound']} bound: the bound column says so, not the id"
            )


def test_units_are_written_in_words_a_reader_and_pint_both_read():
    readable = set(UNIT_SUFFIXES.values())
    for path in sorted(DERIVED.glob("*.csv")):
        if path.stem == "10-claims-audit":
            continue
        for key, row in read_derived(DERIVED, path.stem).iterrows():
            assert row["unit"] in readable, (
                f"{path.name}: {key} is in {row['unit']!r}; write it as one of {readable}"
            )
            assert not any(internal in row["unit"] for internal in ("oil_bbl", "kilometric", "**", "*"))


def test_every_row_has_a_real_formula_and_its_inputs():
    import json

    from energycoop.build.step import parameter_names

    for table in TABLES:
        parameters = set(
            parameter_names(json.loads((DATA.parent / "notebooks" / f"{table}.ipynb").read_text()))
        )
        for key, row in read_derived(DERIVED, table).iterrows():
            formula, inputs = row["formula"], row["inputs"]
            assert "see notebook" not in formula and formula not in ("over all scenarios", "a grid value"), (
                f"{table}: {key} has no formula ({formula!r})"
            )
            if not inputs:  # a parameter, or a calculation from parameters alone
                names = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", formula))
                assert names and names <= parameters, (
                    f"{table}: {key} has no inputs, so its formula {formula!r} must use only parameters ({parameters})"
                )
