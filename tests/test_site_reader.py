"""The site as a newcomer reads it (issue 20's review), in headless Chromium: the findings at odds say what
is wrong with their numbers and are on the first screen, the counts agree, the cards read as sentences,
formulas and tables are never cut without a cue, result lines wrap at spaces, a phone gets readable
figures, the keyboard meets only named stops, every link and anchor resolves, every figure is described,
the reader's text carries no pint internals, search reads formulas as text, print keeps the sources, the
navigation goes by title, and foreign quotations carry their language.

Needs Debian's chromium (`make test` installs it where it is missing); without it this test fails and
says so. The site is built once for the whole session and each page is visited once at each width
(conftest.py's ``site_dir`` and ``visits``, shared with tests/test_site.py); the checks on every page read
that visit's probe (``sitevisit.PROBE``).
"""

import contextlib
import functools
import io
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import nbformat
import pytest
from bs4 import BeautifulSoup
from conftest import NOTEBOOKS
from sitevisit import LAPTOP, PHONE, PROBE, settled, site_pages

from energycoop.analysis.audit import AT_ODDS, findings, numbered_findings, read_audit, tally, verdict_group
from energycoop.analysis.figure_words import describe_chart
from energycoop.analysis.sentences import first_sentence, sentences
from energycoop.build.site import ABBREVIATIONS, describe
from energycoop.build.site_cards import NOT_FACTUAL, Evidence, plain_sentence
from energycoop.build.site_figures import READABLE
from energycoop.build.site_tex import tex_as_text, tex_text
from energycoop.build.site_text import language_of


@contextlib.contextmanager
def opened(browser, viewport=LAPTOP):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="module")
def index_page(browser, site):
    """The index opened once at 1280 x 800 for the tests that only read it (they click nothing)."""
    base, _ = site
    with opened(browser, LAPTOP) as page:
        page.goto(f"{base}/index.html")
        settled(page)
        yield page


@functools.cache
def _evidence() -> Evidence:
    return Evidence()


def _sentence(row) -> str:
    with contextlib.redirect_stdout(io.StringIO()):
        return plain_sentence(row, _evidence())


def _at_odds():
    shown = numbered_findings(read_audit())
    return shown[shown["verdict"].map(lambda v: verdict_group(v).key == AT_ODDS)]


# --- 1, 2, 3: the findings at odds, first; the counts ---------------------------------------------


def test_each_finding_at_odds_says_what_is_wrong_with_its_numbers(index_page):
    odd = _at_odds()
    assert len(odd) > 0
    sources = _evidence().sources
    page = index_page
    for row in odd.itertuples():
        sentence = _sentence(row)
        card = page.locator(f'[id="finding-{row.number}"] .finding-sentence').inner_text()
        boxed = page.locator(".at-odds-first li", has=page.locator(f'a[href="#finding-{row.number}"]'))
        assert card == sentence and sentence in boxed.inner_text(), (row.number, card, sentence)
        claim = _evidence().claims.loc[row.id]
        if row.type == "number":  # the evidence's value, and the printed figure as printed
            printed = sources.value_text(claim["claimed"])
            assert row.evidence in sentence and printed in sentence, sentence
        else:  # every figure of the evidence rows that contradict it
            for key in sources.references(claim["evidence"]):
                assert sources.value_text(f"reference:{key}") in sentence, sentence
        assert "writes \u201c" not in sentence, f"finding {row.number} quotes instead of naming the numbers"


def test_the_sentence_follows_the_numbers_not_a_typed_text():
    numbers = [row for row in _at_odds().itertuples() if row.type == "number"]
    assert numbers
    for row in numbers:
        assert "1,234,567 t" in _sentence(row._replace(evidence="1,234,567 t"))


def test_the_box_of_findings_at_odds_is_on_the_first_screen(browser, site):
    base, _ = site
    with opened(browser, LAPTOP) as page:
        page.goto(f"{base}/index.html")
        box = page.eval_on_selector(
            ".at-odds-first",
            "b => { const r = b.getBoundingClientRect(); "
            "const f = b.querySelector('li').getBoundingClientRect(); "
            "return [r.top, f.bottom]; }",
        )
        # the box and the first finding it names are on the first screen (the list may run on below)
        assert box[0] > 0 and box[1] <= LAPTOP["height"], (
            f"at 1280 x 800 the box and its first item span {box}"
        )
    with opened(browser, PHONE) as page:
        page.goto(f"{base}/index.html")
        tops = page.evaluate(
            "() => ['.at-odds-first', '.found-intro', 'ul.tally', '#what-we-found']"
            ".map(s => document.querySelector(s).getBoundingClientRect().top)"
        )
        box, intro, tally_top, heading = tops
        # in the page's order (the order a screen reader and the keyboard follow): the tally in one sentence,
        # the box, then the scale with its definitions; the box starts on the first screen
        assert heading < intro < box < tally_top, f"on a phone the page reads in its own order: {tops}"
        assert box < PHONE["height"] * 0.8, f"on a phone the box starts {box} px down"
        intro_text = page.inner_text(".found-intro")
        for group, count, _ in tally(read_audit()):
            if group.key != NOT_FACTUAL and count:
                assert f"{count} {group.label}" in intro_text, (group.label, intro_text)


def test_the_counts_agree_and_the_statements_that_are_not_claims_can_be_seen(browser, site):
    base, _ = site
    result = read_audit()
    total = len(findings(result))
    counts = {g.key: n for g, n, _ in tally(result)}
    statements = counts[NOT_FACTUAL]
    with opened(browser) as page:
        page.goto(f"{base}/index.html")
        intro = page.locator(".found-intro").inner_text()
        assert f"makes {total} statements" in intro and f"Of its {total - statements} factual claims" in intro
        assert f"{statements} more are not factual claims" in intro
        buttons = page.eval_on_selector_all(
            ".filters button", "bs => bs.map(b => [b.dataset.filter, b.innerText])"
        )
        assert buttons[0] == ["all", f"all {total} statements"]
        numbers = [int(re.search(r"\((\d+)\)$", text).group(1)) for key, text in buttons[1:]]
        assert sum(numbers) == total and dict(zip([k for k, _ in buttons[1:]], numbers, strict=False)) == {
            k: n for k, n in counts.items() if n
        }
        visible = (
            "() => [...document.querySelectorAll('.finding')].filter(c => c.offsetParent !== null).length"
        )
        assert page.evaluate(visible) == total
        page.locator(f'.filters button[data-filter="{NOT_FACTUAL}"]').click()
        assert page.evaluate(visible) == statements
        assert page.locator(".statements-title").is_visible()
        assert page.locator(".statements-title").inner_text().startswith(f"The {statements} statements")
        page.locator('.filters button[data-filter="confirmed"]').click()
        assert not page.locator(".statements-title").is_visible()
        # one term on the site: "not a factual claim"; notebook 10's "not quantitative" only as the precise verdict
        words = page.evaluate("""() => { const w = document.createTreeWalker(document.querySelector('main'),
          NodeFilter.SHOW_TEXT); const found = []; let n;
          while ((n = w.nextNode())) { if (/not quantitative/.test(n.data) && !n.parentElement.closest('.sub, a'))
            found.push(n.data); } return found; }""")
        assert not words, words


# --- 7, 8, 9, 10: the cards' sentences and names ----------------------------------------------------


@pytest.mark.parametrize(
    "text, first",
    [
        (
            "A writes \u201cWe have to construct second aluminum smelter: N. Nazarbayev\u201d. Then more.",
            "A writes \u201cWe have to construct second aluminum smelter: N. Nazarbayev\u201d.",
        ),
        (
            "We have to construct second aluminum smelter: N. Nazarbayev. The rest.",
            "We have to construct second aluminum smelter: N. Nazarbayev.",
        ),
        (
            "The U.S. Energy Information Administration gives 3. The rest.",
            "The U.S. Energy Information Administration gives 3.",
        ),
        ("See No. 3 in the list. The rest.", "See No. 3 in the list."),
        (
            "It writes \u201cThe first. The second.\u201d; and so on. Next.",
            "It writes \u201cThe first. The second.\u201d; and so on.",
        ),
        ("Reuters gives 3 (see p. 4). The printed figure allows 4.", "Reuters gives 3 (see p. 4)."),
        ("One sentence without a stop", "One sentence without a stop."),
    ],
)
def test_the_sentence_splitter_ends_where_a_reader_ends(text, first):
    assert first_sentence(text)[0] == first
    assert " ".join(sentences(text)) == " ".join(text.split())


def test_no_card_sentence_is_cut_at_an_initial(index_page):
    shown = numbered_findings(read_audit())
    page = index_page
    cards = page.eval_on_selector_all("ol.findings .finding-sentence", "ps => ps.map(p => p.innerText)")
    assert len(cards) == len(shown)
    for text in cards:
        assert not re.search(r"(?:^|\s)[A-Z]\.$", text), f"a sentence cut at an initial: {text}"
        assert text.count("\u201c") == text.count("\u201d"), f"a sentence cut inside a quotation: {text}"
    # a person named by an initial in the audit's reasons ("N. Nazarbayev") keeps the whole name on the card
    reasons = " ".join(
        page.eval_on_selector_all("ol.findings .finding details", "ds => ds.map(d => d.textContent)")
    )
    named = set(re.findall(r"\b[A-Z]\. [A-Z][a-z]+", " ".join(read_audit()["reason"].astype(str))))
    assert all(name in reasons for name in named), sorted(n for n in named if n not in reasons)


def test_calculations_read_as_calculations(index_page):
    evidence = _evidence()
    rows = [
        r
        for r in numbered_findings(read_audit()).itertuples()
        if re.search(r" [/*] |^derived:", str(evidence.claims.loc[r.id, "evidence"]))
    ]
    assert (
        len(rows) >= 2
    )  # a number computed from sources' figures (the Atyrau barrels) and a fact resting on one
    page = index_page
    for row in rows:
        text = page.locator(f'[id="finding-{row.number}"] .finding-sentence').inner_text()
        if row.type != "number":  # a fact resting on a calculation: the sentence says it is one
            assert "calculation" in text, text
            continue
        assert re.search(r" [\u00f7\u00d7] .* = ", text) and row.evidence in text, text
        assert not re.search(r"\)'s ", text), f"a possessive after a parenthesis: {text}"


def test_badges_say_a_verdict_once_and_each_disclosure_names_its_finding(index_page):
    page = index_page
    badges = page.eval_on_selector_all(".finding .badge", "bs => bs.map(b => b.innerText)")
    assert badges and not [b for b in badges if re.search(r"\b(\w[\w ,]*) \(\1\)", b)], badges[:5]
    names = page.eval_on_selector_all(".finding summary", "ss => ss.map(s => s.textContent.trim())")
    assert len(names) == len(set(names)) == page.locator(".finding details").count() >= len(badges) // 2
    numbered = page.eval_on_selector_all(
        "ol.findings .finding", "cs => cs.map(c => [c.id, c.querySelector('summary').textContent])"
    )
    assert all(f"finding {cid.split('-')[1]}," in name for cid, name in numbered), numbered[:3]


@pytest.mark.parametrize("short", ["tce", "gce", "IEA", "ECNS", "CAAM", "PBOC", "SASAC"])
def test_acronyms_on_the_cards_are_spelled_out(index_page, short):
    """Each card spells out its own acronyms (a filtered card stands alone), and so does the rest of the index."""
    assert short in ABBREVIATIONS
    page = index_page
    areas = page.eval_on_selector_all(
        ".finding, .at-odds-first, .answers",
        "(cs, short) => cs.map(c => [c.id, "
        "new RegExp('\\\\b' + short + 's?\\\\b').test(c.textContent), "
        "[...c.querySelectorAll('abbr')].filter(a => a.textContent === short)"
        ".map(a => a.title)])",
        short,
    )
    using = [(cid, titles) for cid, uses, titles in areas if uses]
    assert using, f"the index never uses {short}"
    assert all(titles == [ABBREVIATIONS[short]] for _, titles in using), using


def test_money_on_the_index_is_plain(index_page):
    page = index_page
    text = page.inner_text("main")
    assert "\\$" not in text and "($145.6 billion)" in text


def test_each_exercise_card_says_what_its_set_covers_and_the_instructions_come_once(index_page, site):
    _, pages = site
    sets = [p for p in pages if p.href.startswith("exercises/")]
    page = index_page
    texts = page.eval_on_selector_all(
        "li.card",
        "cs => cs.map(c => [c.querySelector('a').getAttribute('href'), c.querySelector('p').innerText])",
    )
    main = page.inner_text("main")
    shown = {href: text for href, text in texts if href.startswith("exercises/")}
    assert set(shown) == {p.href for p in sets}
    for href, text in shown.items():
        assert len(text.split()) <= 70 and "pint" not in text and "Q_(" not in text, (href, text)
    own = [text for href, text in shown.items() if "/solutions/" not in href]
    assert len(set(own)) == len(own) == len(shown) // 2, "each set has its own line"
    assert all(t.startswith("Worked solutions") for h, t in shown.items() if "/solutions/" in h)
    assert main.count("with its unit") == 1, "the instructions once"


# --- 13, 14, 15, 17, 19, 25: every page, at both widths --------------------------------------------


@pytest.fixture(scope="module")
def every_page(visits):
    """What the probe (``PROBE``) found on each page at 1280 and at 390 px, with the requests that failed, from
    the session's one visit of each page at each width."""
    names = {LAPTOP["width"]: "laptop", PHONE["width"]: "phone"}
    return {
        (path, names[width]): {**facts["probe"], "failed": facts["failed"]}
        for width, pages in visits.items()
        for path, facts in pages.items()
        if "probe" in facts
    }


def test_no_formula_table_or_output_is_cut_without_a_visible_cue(every_page):
    cut = {k: v["cutOrCued"] for k, v in every_page.items() if v["cutOrCued"] or v["sideways"] > 0}
    assert not cut, f"cut, or scrolling without a visible cue: {cut}"
    cued = [k for k, v in every_page.items() if k[1] == "phone"]
    assert cued


def test_wide_formulas_break_across_lines_or_scroll_with_a_cue(browser, site):
    base, _ = site
    with opened(browser, PHONE) as page:
        page.goto(f"{base}/10-claims-audit.html")
        settled(page)
        rule = page.eval_on_selector_all(
            ".MathJax_Display",
            "ds => ds.map(d => [d.scrollWidth, d.clientWidth, "
            "d.previousElementSibling && d.previousElementSibling.className, "
            "d.getBoundingClientRect().height])",
        )
    assert rule
    widest = max(rule, key=lambda r: r[0])
    assert widest[0] <= widest[1] + 1 or widest[2] == "scroll-cue", widest
    assert widest[3] > 40, "the rule breaks across lines rather than run two thirds off the screen"


def test_result_lines_wrap_at_spaces_with_room_at_the_edge(every_page):
    broken = {k: v["broken"] for k, v in every_page.items() if v["broken"]}
    assert not broken, f"words broken across lines: {broken}"
    touching = {k: v["edge"] for k, v in every_page.items() if v["edge"]}
    assert not touching, f"result lines touching the screen's edge: {touching}"


def test_a_phone_shows_the_interval_chart_at_a_readable_size(every_page):
    images = every_page[("12-uncertainty-and-sensitivity.html", "phone")]["images"]
    chart = next(i for i in images if i[0].startswith("Interval chart"))
    assert chart[2] > 0 and chart[1] / chart[2] >= READABLE - 0.01, chart
    assert every_page[("12-uncertainty-and-sensitivity.html", "phone")]["sideways"] == 0


def _figure_descriptions() -> dict[str, str]:
    """Each figure of the collection (figures/*.png): its computed description (the alt text its pages give
    it) and its name."""
    import matplotlib.pyplot as plt
    from PIL import Image

    from energycoop.teaching.catalogue import EXERCISES, chart_of

    found = {}
    for png in sorted((NOTEBOOKS.parent / "figures").glob("*.png")):
        with Image.open(png) as image:
            found[image.info["Description"]] = png.stem
    for key, exercise in EXERCISES.items():  # the exercise charts, drawn in the exercise notebooks only
        if exercise.chart:
            figure = chart_of(key, 0)
            found[describe_chart(figure)] = f"exercise chart {key}"
            plt.close(figure)
    return found


def test_a_phone_shows_every_figure_laid_out_for_it_at_its_drawn_size(every_page):
    """At 390 px every figure of the collection shows the layout its notebook also drew for a phone's column
    (labels above their rows, charts one under another, a colour bar or a legend under the plot, titles
    wrapped) at its drawn size: not shrunk, not scrolled sideways; at 1280 px, the figure as drawn. A figure
    the site shows on a phone without a phone layout fails the test by name; each is found by its alt text,
    which is its computed description."""
    from energycoop.analysis.phone import PHONE_KEY, PHONE_WIDTH_IN

    descriptions = _figure_descriptions()
    drawn_for_phone = (
        len(  # figures, not outputs: an exercise chart shows in its solutions and its student notebook
            {
                o["metadata"]["image/png"]["alt"]
                for path in sorted(NOTEBOOKS.glob("**/*.ipynb"))
                for c in nbformat.read(path, as_version=4).cells
                for o in c.get("outputs", [])
                if o.get("metadata", {}).get("image/png", {}).get(PHONE_KEY)
            }
        )
    )
    on_phone: dict[str, list] = {}
    for (path, width), facts in every_page.items():
        for alt, on_screen, drawn, kind, phone, in_output in facts["images"]:
            if width == "laptop":
                assert not phone, f"{path}: the phone layout of {alt[:40]!r} shows at 1280 px"
            elif in_output and (alt in descriptions or "has-phone-layout" in (kind or "")):
                on_phone.setdefault(descriptions.get(alt, alt[:40]), []).append(
                    (path, on_screen, drawn, "has-phone-layout" in (kind or "") and phone)
                )
    missing = sorted(set(descriptions.values()) - set(on_phone))
    assert not missing, f"figures no page shows with their computed description as alt text: {missing}"
    unknown = sorted(set(on_phone) - set(descriptions.values()))
    assert not unknown, f"phone layouts of figures that are not the collection's: {unknown}"
    without = sorted({name for name, shown in on_phone.items() for *_, phone in shown if not phone})
    assert not without, f"figures shown on a phone without a phone layout: {without}"
    column = PHONE_WIDTH_IN * 100 * 1.03
    wrong = [
        (name, path, on_screen, drawn)
        for name, shown in on_phone.items()
        for path, on_screen, drawn, _ in shown
        if not (0.97 * drawn <= on_screen <= drawn + 1 and 0.8 * PHONE_WIDTH_IN * 100 < drawn <= column)
    ]
    assert not wrong, f"figures on a phone not shown at the size drawn for a phone's column: {wrong}"
    assert len(on_phone) == len(descriptions) == drawn_for_phone >= 24, (len(on_phone), len(descriptions))
    assert all(v["sideways"] == 0 for (p, w), v in every_page.items() if w == "phone")


def test_the_keyboard_meets_only_named_stops(every_page):
    stops = {k: v["tabStops"] for k, v in every_page.items() if v["tabStops"]}
    assert not stops, f"tab stops on presentation elements, cells or formulas, or without a name: {stops}"


def test_every_figure_on_every_page_has_a_real_description(every_page):
    bad = {
        k: [
            i[0]
            for i in v["images"]
            if (not i[0] or "without a description" in i[0] or "No description" in i[0])
            and not (
                k[0] == "index.html" and i[0] == "" and not i[5]
            )  # a thumbnail in a titled link: decoration
        ]
        for k, v in every_page.items()
    }
    assert not {k: v for k, v in bad.items() if v}, bad


def test_the_exercise_charts_are_described_from_the_charts_themselves(site_dir):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from energycoop.teaching.exercises import chart

    out, _ = site_dir
    checked = 0
    for path in sorted(NOTEBOOKS.glob("exercises/**/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        keys = [
            m.group(1)
            for c in nb.cells
            if c.cell_type == "code"
            for m in re.finditer(r"exercises\.chart\(\"(\w+)\"", c.source)
        ]
        if not keys:
            continue
        soup = BeautifulSoup((out / describe(path).href).read_text(encoding="utf-8"), "html.parser")
        alts = [img["alt"] for img in soup.select("main .jp-OutputArea-output img")]
        expected = []
        for key in keys:
            figure = chart(key, 0)
            expected.append(describe_chart(figure))
            plt.close(figure)
        assert alts == expected, path.name
        assert all(re.search(r"\d", a) for a in alts), "a chart's description names its values"
        checked += 1
    assert checked >= 2


def test_every_request_of_every_page_succeeds(every_page):
    failed = {k: v["failed"] for k, v in every_page.items() if v["failed"]}
    assert not failed, f"requests that failed (MathJax fonts, say): {failed}"


def test_quotations_in_other_languages_carry_their_lang(every_page, browser, site):
    missing = {k: v["foreign"] for k, v in every_page.items() if v["foreign"]}
    assert not missing, f"text in another language without its lang: {missing}"
    base, _ = site
    with opened(browser) as page:
        page.goto(f"{base}/index.html")
        langs = set(page.eval_on_selector_all("main [lang]", "es => es.map(e => e.lang)"))
    assert {"zh", "ru"} <= langs, (
        langs
    )  # the Chinese and Russian quotations of the findings (others as the data has)


@pytest.mark.parametrize(
    "text, lang",
    [
        ("图尔古松水电站", "zh"),
        ("выйдет на свою проектную мощность", "ru"),
        ("Қазақстан электр", "kk"),
        ("Útflutningur nýrra orkubíla náði", "is"),
        ("er í fyrsta sæti í heiminum", "is"),
        ("the plant, with 40 turbines", None),
    ],
)
def test_languages_are_told_by_their_letters(text, lang):
    assert language_of(text) == lang


# --- 16, 18, 20, 23, 24: the toggle, links, words, navigation ---------------------------------------


def test_the_code_toggle_looks_pressed_while_code_is_shown(browser, site):
    base, _ = site
    with opened(browser) as page:
        page.goto(f"{base}/03-turgusun-hydro.html")
        button = page.locator(".site-code-toggle").first
        before = button.evaluate(
            "b => [b.innerText, getComputedStyle(b).backgroundColor, getComputedStyle(b).boxShadow]"
        )
        button.click()
        after = button.evaluate(
            "b => [b.innerText, getComputedStyle(b).backgroundColor, getComputedStyle(b).boxShadow]"
        )
        assert before[0] == "Show code" and after[0] == "Hide code"
        assert before[1] != after[1] and after[2] != "none", (before, after)
        assert page.locator("#Parameters").first.is_visible(), "with code shown, its heading shows"
        button.click()
        assert not page.locator("#Parameters").first.is_visible(), "no heading stands alone over hidden code"


def test_every_internal_link_and_anchor_resolves(site_dir):
    out, _ = site_dir
    ids: dict[Path, set[str]] = {}
    broken = []
    pages = site_pages(out)
    for name in pages:
        path = out / name
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for a in soup.find_all("a", href=True):
            href = a["href"]
            if urlparse(href).scheme or href.startswith(("mailto:", "javascript:")):
                continue
            target_path, _, anchor = href.partition("#")
            target = (path.parent / unquote(target_path)).resolve() if target_path else path.resolve()
            if not target.is_file() or not target.is_relative_to(out.resolve()):
                broken.append(f"{name}: {href} (no such file)")
                continue
            if anchor and target.suffix == ".html":
                if target not in ids:
                    other = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
                    ids[target] = {e["id"] for e in other.find_all(id=True)} | {
                        e["name"] for e in other.find_all("a", attrs={"name": True})
                    }
                if anchor not in ids[target] and unquote(anchor) not in ids[target]:
                    broken.append(f"{name}: {href} (no such anchor)")
    assert len(pages) > 20
    assert not broken, broken


def test_notebooks_are_named_by_their_titles_not_their_file_names(site_dir):
    out, pages = site_dir
    slugs = {Path(p.href).with_suffix("").as_posix() for p in pages} | {Path(p.href).stem for p in pages}
    slugs |= {f"{s}.ipynb" for s in slugs}
    named = {}
    for name in site_pages(out):
        soup = BeautifulSoup((out / name).read_text(encoding="utf-8"), "html.parser")
        found = [
            c.get_text()
            for c in soup.select("main .jp-RenderedHTMLCommon code")
            if c.get_text().strip() in slugs
        ]
        if found:
            named[name] = found
    assert not named, f"file names where a reader expects titles: {named}"


def test_the_readers_text_has_no_pint_internals_nor_code_names(site_dir):
    out, _ = site_dir
    pages = {
        "05-atyrau-refinery.html": ["pint", "oil_bbl", "bbl_per_t", "`bbl`"],
        "12-uncertainty-and-sensitivity.html": ["energycoop.", "base_outside_interval", "pint"],
        "exercises/solutions/02-industry-and-trade.html": ["oil_bbl"],
    }
    for name, words in pages.items():
        soup = BeautifulSoup((out / name).read_text(encoding="utf-8"), "html.parser")
        # the prose and the printed sentences a reader reads (tables of ids and formulas are data, hints teaching's)
        prose = " ".join(
            cell.get_text(" ")
            for cell in soup.select(".jp-MarkdownCell .jp-RenderedMarkdown")
            if not any(h.get_text().startswith("Hint") for h in cell.select("summary"))
        )
        prose += " ".join(
            line
            for o in soup.select(".jp-RenderedText pre")
            for line in o.get_text().splitlines()
            if len(line.split()) >= 5
        )
        for word in words:
            assert word not in prose, f"{name} tells a reader {word!r}"
    refinery = BeautifulSoup(
        (out / "05-atyrau-refinery.html").read_text(encoding="utf-8"), "html.parser"
    ).get_text()
    assert "knot" in refinery and "kilotonnes" in refinery, "the lesson that kt could be misread stays"


def test_reader_pages_leave_out_tool_messages_empty_headers_and_a_second_reading_of_each_figure(site_dir):
    out, pages = site_dir
    described = 0
    for name in sorted(p.href for p in pages):
        soup = BeautifulSoup((out / name).read_text(encoding="utf-8"), "html.parser")
        printed = " ".join(pre.get_text() for pre in soup.select("main .jp-RenderedText pre"))
        assert not re.search(r"Wrote \d[\d,]* rows? to|Read \S+\.csv", printed), f"{name}: a tool's message"
        assert not [th for th in soup.select("main th") if not th.get_text(strip=True)], (
            f"{name}: an empty header"
        )
        assert all(
            t.parent is not None and "table-box" in t.parent.get("class", [])
            for t in soup.select("main table")
        )
        for img in soup.select("main .jp-OutputArea-output img[alt]"):
            after = img.find_parent(class_="jp-OutputArea-child").find_next_sibling(
                class_="jp-OutputArea-child"
            )
            if after is not None and " ".join(after.get_text().split()) == " ".join(img["alt"].split()):
                assert after.get("aria-hidden") == "true", f"{name}: {img['alt'][:40]} is read twice"
                described += 1
    assert described >= 13, "each notebook figure's printed description is hidden from a screen reader"
    index = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert index.select_one('.lede a[href="#the-notebooks"]'), "a link to the notebooks near the top"
    assert index.select_one('.filter-status[aria-live="polite"]'), "filtering is announced"
    answers = index.select_one(".answers").get_text(" ")
    assert "uses as much electricity in a year as" in answers and " need" not in answers


def test_navigation_goes_by_title_in_reading_order(browser, site):
    base, pages = site
    hrefs = [p.href for p in pages]
    for solution in [h for h in hrefs if "/solutions/" in h]:
        student = solution.replace("solutions/", "")
        assert hrefs.index(student) + 1 == hrefs.index(solution), (
            "a set's exercises come right before its solutions"
        )
    titles = {p.href: p.title for p in pages}
    with opened(browser) as page:
        page.goto(f"{base}/02-zhanatas-wind.html")
        top = page.eval_on_selector("nav.site-nav", "n => n.innerText")
        assert top.index("Previous:") < top.index("Next:")
        bottom = page.eval_on_selector_all("nav.site-nav", "ns => ns[ns.length - 1].innerText")
        assert bottom.index("Next:") < bottom.index("Previous:"), "at the end of a page, next comes first"
        before = page.locator(".jp-RenderedMarkdown li", has_text="Before this").first.locator("a")
        assert before.inner_text() == titles["01-article-figures.html"]
        assert before.get_attribute("href") == "01-article-figures.html"
        main = page.inner_text("main")
        assert not re.search(
            r"\b\d\d-[a-z]+(-[a-z]+)+\b(?!\.(csv|ipynb|py|png|svg))",
            main.split("Downloads")[0] if "Downloads" in main else main,
        ), "notebook slugs as labels"
        worksheet = next(h for h in hrefs if h.startswith("exercises/") and "/solutions/" not in h)
        page.goto(f"{base}/{worksheet}")
        sheet = page.locator("a.site-download", has_text="worksheet").first.get_attribute("href")
        page.goto(f"{base}/{Path(worksheet).parent.as_posix()}/{sheet.rsplit('/', 1)[-1]}")
        back = page.eval_on_selector_all("nav a", "as => as.map(a => a.href)")
        assert any(h.endswith("/index.html") for h in back) and any(h.endswith(worksheet) for h in back), back
        page.emulate_media(media="print")
        assert not page.locator("nav").first.is_visible(), "the way back is not printed"


def test_a_linked_finding_in_notebook_10_is_highlighted(browser, site):
    base, _ = site
    number = int(_at_odds()["number"].iloc[0])
    with opened(browser) as page:
        page.goto(f"{base}/10-claims-audit.html#finding-{number}")
        style = "id => getComputedStyle(document.getElementById(id)).outlineStyle"
        assert page.evaluate(style, f"finding-{number}") != "none"
        assert page.evaluate(style, "finding-1" if number != 1 else "finding-2") == "none"


# --- 21: search ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tex, text",
    [
        (r"CF = \frac{E}{P \times h_\text{year}}", "CF = E/(P × h_year)"),
        (r"\text{CO}_2 = E \times r", "CO₂ = E × r"),
        (r"x^{(i)}", "x⁽ⁱ⁾"),
        (r"C \cap E = \varnothing", "C ∩ E = ∅"),
    ],
)
def test_formulas_read_as_text(tex, text):
    assert tex_text(tex) == text
    assert tex_as_text(f"with ${tex}$ here") == f"with {text} here"


def test_the_search_index_reads_as_prose(site_dir):
    out, _ = site_dir
    script = (out / "_static" / "search-index.js").read_text(encoding="utf-8")
    docs = json.loads(script.split("window.SEARCH_DOCS = ", 1)[1].strip().rstrip(";"))
    assert len(docs) > 100
    problems = []
    for key, doc in docs.items():
        text = doc["text"]
        if not text.strip():
            problems.append((key, "no snippet"))
        # inline TeX: $...$ with TeX inside, at most a formula's length (two dollar amounts in one sentence
        # are not a formula)
        if re.search(r"\$(?=\S)[^$\n]{0,60}[\\^_{}][^$\n]{0,60}(?<=\S)\$", text) or re.search(
            r"\\[a-z]+\b", text
        ):
            problems.append((key, "raw TeX", re.search(r".{0,30}[$\\].{0,30}", text).group(0)))
        spaced = re.search(r".{0,20}(?:\w [,;:)]|\w \.(?![.\d])).{0,10}", text)
        if spaced:
            problems.append((key, "a space before punctuation", spaced.group(0)))
        if re.match(r"\s*(Wrote \d+ rows|All checks passed)", text):
            problems.append((key, "a tool's message", text[:60]))
    assert not problems, problems[:15]
    # a snippet cut from a table (the word found only there) reads as the row it comes from, each value
    # named by its column, not as a run of cells ("240,000 t capacity_t 1 pavlodar_electricity_twh 3.264 TWh")
    more = " ".join(doc.get("more", "") for doc in docs.values())
    assert "id: pavlodar_electricity_twh; value: 3.264 TWh; formula: capacity_t * kwh_per_t." in more
    assert "capacity_t 1 pavlodar_electricity_twh" not in more


# --- 22: print --------------------------------------------------------------------------------------


# Words of a table's cells (an id's parts between its underscores) that a line break splits in two.
SPLIT_IN_CELLS = """() => { const split = [];
  for (const cell of document.querySelectorAll('main td, main th')) {
    if (cell.offsetParent === null) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT); let node;
    while ((node = walker.nextNode()) && split.length < 10) {
      const re = /[^\\s_\\-\u2013\u2014\\/]+/g; let m;
      while ((m = re.exec(node.data)) && split.length < 10) {
        if (m[0].length > 18 || /[\\u3000-\\u9fff]/.test(m[0])) continue;
        const range = document.createRange(); range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        if (new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size > 1) split.push(m[0]);
      }
    }
  }
  return split; }"""


def test_print_keeps_the_cards_sources_and_wraps_words_whole(browser, site):
    base, _ = site
    with opened(browser, {"width": 794, "height": 1123}) as page:
        page.goto(f"{base}/index.html")
        page.emulate_media(media="print")
        printed = page.eval_on_selector_all(
            ".findings .finding",
            "cs => cs.map(c => [c.querySelector('details') ? c.querySelector('details').getBoundingClientRect().height : 0,"
            " c.querySelector('.finding-print').getBoundingClientRect().height])",
        )
        assert printed and all(d == 0 and p > 0 for d, p in printed), (
            "a closed card prints its sources and where to read its evidence, not the evidence itself"
        )
        page.emulate_media(media="screen")
        page.locator('[id="finding-5"] summary').click()
        page.emulate_media(media="print")
        opened_card = page.eval_on_selector(
            '[id="finding-5"] details > ul', "u => u.getBoundingClientRect().height"
        )
        assert opened_card > 0, "a card the reader opened prints its evidence and reasoning"
        assert not page.locator(".screen-only").first.is_visible()
        assert "Open a card" not in page.inner_text("main")
        for name in ("10-claims-audit.html", "12-uncertainty-and-sensitivity.html"):
            page.goto(f"{base}/{name}")
            page.emulate_media(media="print")
            settled(page)
            found = page.evaluate(PROBE)
            assert not found["broken"], f"{name}: printed words broken: {found['broken']}"
            split = page.evaluate(SPLIT_IN_CELLS)
            assert not split, f"{name}: printed table words split mid-word: {split[:8]}"
            narrow = page.eval_on_selector_all(
                "main table:not(.dataframe) td",
                "tds => tds.filter(td => td.offsetParent !== null && "
                "td.textContent.trim().length > 20).map(td => { const s = "
                "document.createElement('span'); s.textContent = 'mmmmmmmm'; "
                "s.style.cssText = 'position:absolute;visibility:hidden'; "
                "td.appendChild(s); const w = s.getBoundingClientRect().width; "
                "s.remove(); return [td.textContent.trim().slice(0, 30), "
                "td.clientWidth, w]; }).filter(([, c, w]) => c < w)",
            )
            assert not narrow, (
                f"{name}: a printed Markdown table's column squeezed below eight letters: {narrow[:5]}"
            )
