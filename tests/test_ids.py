"""Derived ids: unique across every table, each ending with the suffix of its unit; and every headline
of notebook 12 starts from the value the notebooks compute at their defaults."""

import pytest
from conftest import DATA

from energycoop.analysis.headlines import HEADLINES, inputs, inputs_of
from energycoop.data.derived import UNIT_SUFFIXES, DerivedTable, read_all_derived, read_derived, unit_suffix
from energycoop.data.loaders import load_article, load_reference
from energycoop.quantities.units import Q_

DERIVED = DATA / "derived"
TABLES = sorted(p.stem for p in DERIVED.glob("*.csv") if p.stem != "10-claims-audit")  # 10 holds claims, not values


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
    assert base.to(headline.unit).magnitude == pytest.approx(notebook_value.to(headline.unit).magnitude, rel=1e-9)
    in_12 = read_derived(DERIVED, "12-uncertainty-and-sensitivity").loc[
        f"{headline.key}_base_{unit_suffix(headline.unit)}"]
    assert float(in_12["value"]) == pytest.approx(base.to(headline.unit).magnitude, rel=1e-12)
