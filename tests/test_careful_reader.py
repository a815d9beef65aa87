"""Errors a careful reader found, each pinned by the committed outputs: a bound that forgot the rounding of its
inputs, a share that mixed two agencies' scopes, prose that stated another number than its output, a share of a
chosen grid read as a probability."""

import re

import nbformat
import pytest
from conftest import DATA, NOTEBOOKS

from energycoop.data.derived import derived_quantity, read_derived
from energycoop.data.loaders import load_article, load_reference, quantity, rounding_quantities
from energycoop.quantities.trade import Bounded, ratio

DERIVED = DATA / "derived"


def notebook_text(name: str) -> str:
    """Everything a reader of notebook ``name`` sees: its Markdown cells and its code cells' text outputs."""
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    parts = [c.source for c in nb.cells if c.cell_type == "markdown"]
    for cell in (c for c in nb.cells if c.cell_type == "code"):
        for output in cell.outputs:
            parts.append(output.get("text", "") + output.get("data", {}).get("text/markdown", ""))
    return "\n".join(parts)


def test_the_export_share_bound_carries_the_rounding_of_its_inputs():
    """'1.2 million' may be up to 1.25 million and production 'exceeded' 9 million: the share is at most 1.25 / 9."""
    article = load_article()
    _, exports_high = rounding_quantities(article, "nev_exports")
    production = Bounded.from_qualifier(
        quantity(article, "nev_production_and_sales"), article.loc["nev_production_and_sales", "qualifier"]
    )
    bound = ratio(Bounded(exports_high, "upper"), production)
    table = read_derived(DERIVED, "08-vehicles-and-trade")
    row = table.loc["nev_export_share_pct"]
    assert row["bound"] == bound.bound == "upper"
    assert row["value"] == pytest.approx(
        bound.quantity.to("percent").magnitude, rel=1e-12
    )  # 13.9%, not 13.3%
    at_printed = (quantity(article, "nev_exports") / production.quantity).to("percent").magnitude
    assert row["value"] > at_printed


def test_the_article_quotes_caams_growth_as_reported():
    """+77.6% is CAAM's own rate; 1.203 / 0.679 = +77.2% is possibly a revision of CAAM's 2022 base (no source says so),
    not the article's error."""
    table = read_derived(DERIVED, "08-vehicles-and-trade")
    assert table.loc["nev_export_growth_printed_pct", "value"] == pytest.approx(
        table.loc["nev_export_growth_caam_reported_pct", "value"]
    )
    text = notebook_text("08-vehicles-and-trade")
    assert "not an error of the article" in text
    assert "mid-2024" in text and "probably used a later rate" not in text
    # the market rate is sourced, and 2023's market was as weak: "weaker than in 2023" held for fixings only
    assert "yuan was weaker than in 2023" not in text and "has no source for that rate" not in text
    assert "7.2686" in text and "7.3284" in text
    assert "as weak in 2023" not in text and "weaker still in 2023" in text  # 7.3284 is weaker than 7.2686
    # a revision no source reports is said to be possible, not stated as fact (the audit says "possibly" too)
    assert "So CAAM revised" not in text and "shows CAAM revised" not in text
    assert "Possibly CAAM revised" in text and "possibly CAAM revised" in text
    # 145.8 is not what the article prints: the printed 145.6 is inside what the yuan total's rounding allows at the rate
    assert "as the article prints" not in text and "not the article's 145.6 billion USD" in text
    # no false precision from a two-figure "1.2 million"
    for precise in ("675,676", "677,365", "647,523", "703,829"):
        assert precise not in text, precise


def test_pitfall_6_compares_within_one_scope():
    """Notebook 11's evidence for 'over half' is IRENA's China over IRENA's world: notebook 07's within-scope share,
    never IRENA's China over the IEA's world."""
    reference = load_reference()
    right = derived_quantity(read_derived(DERIVED, "11-units-and-pitfalls"), "pitfall_bound_right_pct")
    within = derived_quantity(read_derived(DERIVED, "07-global-renewables-2023"), "irena_china_share_pct")
    mixed = (
        quantity(reference, "irena_china_additions_2023") / quantity(reference, "iea_additions_2023")
    ).to("percent")
    assert right.to("percent").magnitude == pytest.approx(within.to("percent").magnitude, rel=1e-12)
    assert right.to("percent").magnitude != pytest.approx(mixed.magnitude, rel=1e-3)


def test_notebook_11_states_the_percentage_point_gap_it_computes():
    gap = read_derived(DERIVED, "11-units-and-pitfalls").loc["pitfall_percentage_points_wrong_pct", "value"]
    stated = re.findall(r"(\d+(?:\.\d+)?) percentage points", notebook_text("11-units-and-pitfalls"))
    assert stated, "notebook 11 states the gap in percentage points"
    assert set(stated) == {f"{gap:.1f}"}, (
        f"notebook 11 states {sorted(set(stated))} percentage points; it computes {gap:.1f}"
    )


def test_07_says_whose_scope_each_number_is():
    text = notebook_text("07-global-renewables-2023")
    assert "National Energy Administration (NEA)" in text
    # the IEA's own share of 2023 is dated after the article, never passed off as the report the article names
    assert (
        "in October 2024 the IEA gave China" in text
        and "The IEA passages found from before the article" in text
    )
    assert "no IEA figure" not in text, "the IEA's World Energy Outlook 2024 gives a share for 2023"
    assert "plausibility check" not in text, (
        "a bound on the IEA's total is never set against a national count"
    )


def test_05_does_not_read_a_run_rate_as_a_nameplate():
    text = notebook_text("05-atyrau-refinery")
    assert "neither confirms nor contradicts" in text and "supports a capacity of at least" not in text
    assert "has no quotation" not in text  # the 4.3 Mt quotation exists; its words are not confirmed


def test_06_says_which_electricity_figures_are_ac():
    text = notebook_text("06-pavlodar-aluminium")
    assert "direct current (DC)" in text and "alternating current (AC)" in text and "do not say which" in text


def test_13_does_not_read_a_share_of_its_grid_as_a_probability():
    text = notebook_text("13-scenarios")
    summary = text[text.index("## Summary") :]
    assert "not a probability" in summary and "ranges chosen" in summary
