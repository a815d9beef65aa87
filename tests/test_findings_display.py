"""How the findings are shown to a reader: the ordered verdict scale (every verdict on one step, each
step with its icon and definition), the tally, a finding split into its plain sentence and details, its
sources as real links, Markdown outputs with a readable text/plain, and a README that a newcomer reads
in one screen."""

import re

import pytest
from conftest import ROOT

from energycoop.analysis.audit import (
    AT_ODDS,
    VERDICT_SCALE,
    VERDICTS,
    findings,
    findings_markdown,
    key_findings,
    numbered_findings,
    read_audit,
    reason_parts,
    source_links,
    tally,
    verdict_group,
)
from energycoop.analysis.markup import Document, markdown_link, plain_text
from energycoop.data.loaders import load_reference


@pytest.fixture(scope="module")
def result():
    return read_audit()


def test_every_verdict_is_on_exactly_one_step_of_the_scale():
    on_steps = [v for group in VERDICT_SCALE for v in group.verdicts]
    assert sorted(on_steps) == sorted(VERDICTS) and len(on_steps) == len(set(on_steps))
    assert [g.key for g in VERDICT_SCALE] == [
        "confirmed",
        "consistent",
        "own-side",
        "at-odds",
        "unchecked",
        "not-factual",
    ]
    icons = [g.icon for g in VERDICT_SCALE]
    assert len(set(icons)) == len(icons), "each step has a shape of its own, not a colour alone"
    assert all(g.definition and len(g.definition) < 160 for g in VERDICT_SCALE), "one line each"
    colours = [g.colour for g in VERDICT_SCALE]
    assert len(set(colours)) == len(colours), "each step has a colour of its own too"
    # what only the figure's own side states is a step of its own, never counted as consistent with evidence
    assert verdict_group("matches its source").key == "own-side"
    assert verdict_group("compatible").verdicts == ("compatible",)


def test_the_tally_says_how_many_findings_rest_only_on_their_own_side(result):
    from energycoop.analysis.report import own_side_sentence

    own = int((numbered_findings(result)["verdict"] == "matches its source").sum())
    sentence = own_side_sentence(result)
    assert sentence.startswith(
        f"{own} of the {len(numbered_findings(result))} findings rest only on their own side"
    )
    text = findings_markdown(result)
    assert text.index(sentence) < text.index("**At odds with the evidence"), "right under the tally"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert sentence in readme.split("Key findings", 1)[0], "the README says it before the key findings"


def test_key_findings_are_those_at_odds_then_one_of_each_other_step(result):
    keys = key_findings(result)
    groups = [verdict_group(v).key for v in keys["verdict"]]
    odd = int(sum(g == AT_ODDS for g in groups))
    assert groups[:odd] == [AT_ODDS] * odd
    present = [g.key for g, n, _ in tally(result) if n and g.key not in (AT_ODDS, "not-factual")]
    assert groups[odd:] == present, "one of each other step, in the scale's order"
    for row in keys.iloc[odd:].itertuples():  # the most informative of its step: a number first, most sources
        step = numbered_findings(result)
        step = step[step["verdict"].map(lambda v: verdict_group(v).key) == verdict_group(row.verdict).key]
        if row.type != "number":
            assert (step["type"] != "number").all()
        same = step[step["type"] == row.type]
        # a figure a source states before the project's calculation (finding 39, a calculation that lists its
        # derived checks' sources, is not the example of "consistent" while finding 32 states a figure)
        calculated = same["reason"].map(lambda r: reason_parts(r)["sentence"].startswith("The project's"))
        if not calculated.all():
            assert not reason_parts(row.reason)["sentence"].startswith("The project's"), row.number
            same = same[~calculated]
        assert len(source_links(row.sources)) == max(len(source_links(s)) for s in same["sources"])


def test_a_verdict_on_no_step_is_an_error_naming_it():
    with pytest.raises(ValueError, match="'mostly true' is on no step"):
        verdict_group("mostly true")


def test_the_tally_counts_every_finding_once(result):
    steps = tally(result)
    assert sum(count for _, count, _ in steps) == len(findings(result))
    for group, count, parts in steps:
        assert sum(parts.values()) == count and set(parts) <= set(group.verdicts)


def test_a_reason_splits_into_its_plain_sentence_and_the_rest():
    reason = (
        "An independent source gives 1.203 million, inside the 1.15 to 1.25 million the printed rounding "
        "allows (-0.2% at the printed value). Convention: year 2023. A note. Derived check (x): a check. "
        "Derived (y): 3 t, which no source can check."
    )
    parts = reason_parts(reason, "year 2023")
    assert parts["sentence"].startswith("An independent source gives 1.203 million") and parts[
        "sentence"
    ].endswith("(-0.2% at the printed value).")
    assert parts["more"] == "A note." and "Convention" not in parts["more"]
    assert parts["derived"] == ["Derived check (x): a check.", "Derived (y): 3 t, which no source can check."]


def test_sources_become_links_and_only_web_addresses_do():
    assert source_links(
        "A (B) (https://x.org/a_b), checked 2026-12-01; C (no address recorded), date checked not recorded"
    ) == [("A (B)", "https://x.org/a_b", "checked 2026-12-01"), ("C", "", "date checked not recorded")]
    assert source_links("A (https://x.org/a); C (no address recorded)") == [
        ("A", "https://x.org/a", ""),
        ("C", "", ""),
    ]
    assert markdown_link("T", "https://x.org/a_b") == "[T](<https://x.org/a_b>)"
    assert markdown_link("T", "javascript:alert(1)") == "T"
    assert markdown_link("<b>T</b>", "https://x.org/a b") == "&lt;b&gt;T&lt;/b&gt;"


def test_the_findings_open_with_the_tally_and_the_findings_at_odds(result):
    text = findings_markdown(result)
    assert text.startswith("| | verdict | findings |")
    odd = [r for r in numbered_findings(result).itertuples() if verdict_group(r.verdict).key == AT_ODDS]
    first_item = text.index('<div class="finding-item" id="finding-1">')
    named = text.index("**At odds with the evidence")
    assert named < first_item and all(f"finding {r.number}," in text[named:first_item] for r in odd)
    assert "&#58;//" not in text and "](<http" in text, "addresses are real links"


def test_markdown_outputs_carry_a_readable_plain_text():
    doc = Document("## Summary\n\n- **40%** of [it](https://x.org) \\$5 and [a term](11-units.ipynb#cf)")
    assert doc._repr_markdown_().startswith("## Summary")
    assert repr(doc) == "Summary\n\n- 40% of it (https://x.org) $5 and a term"
    assert plain_text("a\\_b `c`") == "a_b c"


def test_the_readme_reads_in_one_screen(result):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) < 100 and len(readme.split()) < 1000, (
        "a newcomer's README, the rest elsewhere"
    )
    # what shows before a click: the folded sections (limitations, licence and citation) and link targets aside
    shown = re.sub(r"\(<?https?://[^)]*\)", "", re.sub(r"<details>.*?</details>", "", readme, flags=re.S))
    assert len(shown.split()) <= 650 and len(shown.splitlines()) <= 60, (len(shown.split()), "words shown")
    # each key finding is one sentence with its source as a real link; finding 9 says why in numbers
    keys_block = readme.split("Key findings", 1)[1].split("\n\n", 2)[1]
    assert all(
        re.search(r"Source: \[[^\]]+\]\(<https?://", line) or "(cannot be checked)" in line
        for line in keys_block.splitlines()
    ), keys_block
    assert not any(  # a source searched for a finding that cannot be checked is not its evidence
        "Source:" in line for line in keys_block.splitlines() if "(cannot be checked)" in line
    )
    akmola = next(line for line in keys_block.splitlines() if "largest wind power project" in line)
    assert "206 MW" in akmola and "100 MW" in akmola and "too is a China\u2013Kazakhstan project" in akmola
    assert "&#58;//" not in readme and "http&#" not in readme, "addresses are links, not escaped text"
    assert "make run" in readme and "make test" in readme
    # the answers are the derived tables' values, as the notebooks compute them
    from energycoop.data.derived import read_derived
    from energycoop.data.paths import DERIVED

    value = {
        key: row["value"]
        for name in ("02-zhanatas-wind", "06-pavlodar-aluminium", "08-vehicles-and-trade")
        for key, row in read_derived(DERIVED, name).iterrows()
    }
    reference = load_reference()
    for done in (
        f"**{value['zhanatas_capacity_factor_pct']:.0f}%.**",
        f"{reference.loc['china_coal_rate_2020_ndrc', 'value']:g} gce/kWh",
        f"**{value['pavlodar_in_zhanatas_farms_count']:.1f}**",
        f"**{value['new_three_implied_rate_cny_per_usd']:.2f} yuan per dollar**",
        f"({value['spot_2024_06_27_cny_per_usd']:.2f})",
        f"({value['spot_2023_weakest_cny_per_usd']:.2f})",
    ):
        assert done in readme, f"the README keeps its questions with their computed answers ({done})"
    # "the market's rate of 7 September 2023 ... weaker": that spot rate is above the implied rate; "weaker than any 2023 fixing",
    # which rested on an aggregator, is no longer claimed
    assert value["spot_2023_weakest_cny_per_usd"] > value["new_three_implied_rate_cny_per_usd"]
    assert "weaker than any 2023 fixing" not in readme
    # the smelter question says the printed capacity is the one the audit finds at odds with the design
    assert "240,000 t" in readme and "250,000 t" in readme
    # the coal rate as the audit states it: no more figures than the rounded inputs carry ("about 110,000 t",
    # "about 350 million kWh": two), the interval their rounding allows, and NDRC's 2020 rate inside it
    from energycoop.analysis.intervals import CALCULATION_SIG, show_interval, show_number
    from energycoop.analysis.sources import Sources
    from energycoop.data.loaders import load_article
    from energycoop.quantities.units import Q_

    article = load_article()
    inputs = ("zhanatas_coal_saved", "zhanatas_annual_generation")
    figures = min(len(str(int(article.loc[k, "value"])).rstrip("0")) for k in inputs)
    allowed, _ = Sources(article, reference, {}).expression(" / ".join(f"article:{k}" for k in inputs))
    rate = value["zhanatas_coal_rate_gce_per_kwh"]
    assert allowed.low <= rate <= allowed.high
    ndrc = reference.loc["china_coal_rate_2020_ndrc", "value"]
    answer = " ".join(readme.split("## What it answers", 1)[1].split("## What we found")[0].split())
    assert f"**About {show_number(Q_(rate, 'gce/kWh'), figures)}**" in answer
    assert (
        f"({show_interval(allowed, CALCULATION_SIG).replace(' gce/kWh', '')} from the rounded figures)"
        in answer
    )
    assert allowed.low <= ndrc <= allowed.high and "in line with the 305.5 gce/kWh" in answer
    assert "a little above" not in answer and f"{rate:.0f} gce/kWh" not in answer
    assert (
        readme.index("## What it answers")
        < readme.index("## What we found")
        < readme.index("## Two commands")
    )
    keys = key_findings(result)
    assert 1 <= len(keys) <= 7 and all(
        f"[finding {n}](notebooks/10-claims-audit.ipynb#finding-{n})" in readme for n in keys["number"]
    ), "each key finding links to its own card in notebook 10"
    assert "`make site`" in readme.split("Key findings", 1)[1], "the README says the site exists"
    odd = [
        r.number for r in numbered_findings(result).itertuples() if verdict_group(r.verdict).key == AT_ODDS
    ]
    assert list(keys["number"][: len(odd)]) == odd, "the findings at odds come first"
    for name in ("CONTRIBUTING.md", "data/README.md"):
        assert f"]({name})" in readme
    assert (ROOT / "CONTRIBUTING.md").is_file()


def test_other_convention_stands_at_odds_with_its_definition_and_its_reason_for_being_there():
    """A conversion at another rate than the one the article names is on the 'at odds' step, whose one-line
    definition names that case; notebook 10's table of verdicts shows it on that step with its own definition,
    and its prose says why it stands there."""
    import nbformat
    from conftest import NOTEBOOKS

    from energycoop.analysis.markup import markdown_text

    group = verdict_group("other convention")
    assert group.key == AT_ODDS and group.verdicts == ("inconsistent", "other convention")
    assert "conversion" in group.definition and "rate" in group.definition
    assert VERDICTS["other convention"].startswith("the figure is a conversion")
    nb = nbformat.read(NOTEBOOKS / "10-claims-audit.ipynb", as_version=4)
    tables = [
        o["data"]["text/markdown"]
        for c in nb.cells
        for o in c.get("outputs", [])
        if "text/markdown" in o.get("data", {}) and "on the reader's scale" in o["data"]["text/markdown"]
    ]
    assert len(tables) == 1
    row = next(line for line in tables[0].splitlines() if line.startswith("| **other convention**"))
    assert (
        f"{group.icon} {markdown_text(group.label)}" in row
        and markdown_text(VERDICTS["other convention"]) in row
    )
    prose = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert re.search(r"\*\*other convention\*\* stands with the findings at odds", prose)


def test_notebook_10_gives_each_reason_once():
    """Each finding's reason is in "What we found" (a derived check's inside its finding's, which notebook 10's
    checks assert), a statement's that is not quantitative in its table: no printed second listing of every
    reason ("id (verdict): reason", once 40,000 characters)."""
    import nbformat
    from conftest import NOTEBOOKS

    from energycoop.analysis.audit import VERDICTS

    nb = nbformat.read(NOTEBOOKS / "10-claims-audit.ipynb", as_version=4)
    printed = "".join(
        o.get("text", "") for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "stream"
    )
    assert len(printed) < 2000, f"notebook 10 prints {len(printed)} characters"
    listing = re.compile(r"^[a-z0-9_]+ \((?:" + "|".join(map(re.escape, VERDICTS)) + r")\): ", re.MULTILINE)
    assert not listing.search(printed)
    assert not any("in full" in c.source for c in nb.cells if c.cell_type == "markdown")


def test_a_code_host_shows_each_summary_once():
    """nbconvert's Markdown export of a stored notebook (what a code host renders) holds its Summary once: the
    last cell fills in the display under the question instead of showing a second copy."""
    import nbformat
    from conftest import NOTEBOOKS
    from nbconvert import MarkdownExporter

    nb = nbformat.read(NOTEBOOKS / "02-zhanatas-wind.ipynb", as_version=4)
    text, _ = MarkdownExporter().from_notebook_node(nb)
    assert text.count("## Summary") == 1, "the Summary appears once"
    assert text.index("## Summary") < text.index("## Parameters"), "right under the question"
    assert "The Summary at the top of this notebook is filled in" in text


def test_notebook_10_shows_each_finding_as_a_card_with_its_evidence_behind_a_disclosure(result):
    """Like the index's card: the anchor, the badge, the article's words on their own line, one plain sentence,
    and the reasoning and sources inside a closed <details>; the every-row table puts the verdict next to the
    id and aligns its text left, with no column that is mostly empty."""
    import nbformat
    from conftest import NOTEBOOKS

    nb = nbformat.read(NOTEBOOKS / "10-claims-audit.ipynb", as_version=4)
    outputs = [
        o["data"]["text/markdown"]
        for c in nb.cells
        for o in c.get("outputs", [])
        if "text/markdown" in o.get("data", {})
    ]
    [cards] = [o for o in outputs if 'id="finding-1"' in o]
    shown = numbered_findings(result)
    for row in shown.itertuples():
        card = cards.split(f'id="finding-{row.number}">', 1)[1].split("</div>", 1)[0]
        head, words, sentence, rest = card.strip().split("\n\n", 3)
        assert head.startswith(f"**{row.number}.** {verdict_group(row.verdict).icon}") and words.startswith(
            "> \u201c"
        )
        assert "<details>" not in sentence and rest.startswith("<details><summary>")
        assert "**Evidence:**" in rest and rest.rstrip().endswith("</details>")
    assert cards.count("<details>") == len(shown)
    [rows] = [o for o in outputs if o.startswith("| id | verdict |")]
    lines = rows.splitlines()
    assert set(lines[1].strip("|").split("|")) == {":---"}, "text aligned left"
    cells = [line.strip("|").split(" | ") for line in lines[2:]]
    assert len(cells) == len(result)
    for column in range(len(cells[0])):
        assert sum(bool(c[column].strip()) for c in cells) > len(cells) / 2, (
            f"column {column} is mostly empty"
        )


def test_a_figure_s_plain_text_is_its_description():
    """A viewer that shows no image (or a screen reader in a plain notebook viewer) reads the figure's computed
    description, not <IPython.core.display.Image object>."""
    import nbformat
    from conftest import NOTEBOOKS

    figures = 0
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            for output in cell.get("outputs", []):
                if "image/png" in output.get("data", {}):
                    alt = output.get("metadata", {}).get("image/png", {}).get("alt")
                    assert alt and output["data"]["text/plain"] == alt, (
                        path.name,
                        output["data"]["text/plain"][:60],
                    )
                    figures += 1
    assert figures >= 13
