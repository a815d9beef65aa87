"""The site's index: what the audit found first (the tally beside the findings at odds with the evidence),
the questions answered, every finding as a card (filterable by verdict group), then the notebooks and the
exercise sets, each card with its own question or description."""

from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup

from energycoop.build.site_cards import (
    AUDIT_PAGE,
    NOT_FACTUAL,
    Evidence,
    at_odds_html,
    finding_cards,
    tally_html,
)
from energycoop.build.site_nav import Page, head, top_nav
from energycoop.build.site_text import abbreviate, mark_languages
from energycoop.build.soup import must_find

# The questions the collection answers, each with the derived value that answers it (computed by its notebook).
ANSWERS = (
    (
        "What capacity factor do 40 turbines of 2.5 MW and \u201cabout 350 million kWh a year\u201d imply?",
        "02-zhanatas-wind",
        "zhanatas_capacity_factor_pct",
        "percent",
        2,
    ),
    (
        "How much coal per kWh does \u201cabout 110,000 t of standard coal saved\u201d assume?",
        "02-zhanatas-wind",
        "zhanatas_coal_rate_gce_per_kwh",
        None,
        2,  # the rounded inputs ("about 110,000 t", "about 350 million kWh") carry two figures, as the README says
    ),
    (
        "At the printed 240,000 t a year, the aluminium smelter uses as much electricity in a year as how many "
        "such wind farms make (a year\u2019s total only: wind alone cannot run a smelter\u2019s steady load)?",
        "06-pavlodar-aluminium",
        "pavlodar_in_zhanatas_farms_count",
        None,
        2,
    ),
    (
        "What exchange rate turns \u201c1.06 trillion yuan\u201d into \u201c$145.6 billion\u201d?",
        "08-vehicles-and-trade",
        "new_three_implied_rate_cny_per_usd",
        None,
        3,
    ),
)


def answers_html() -> str:
    from energycoop.analysis.audit import show_number
    from energycoop.data.derived import read_derived
    from energycoop.data.paths import DATA
    from energycoop.quantities.units import Q_

    items = []
    for question, notebook, key, unit, sig in ANSWERS:
        table = read_derived(DATA / "derived", notebook)
        value = Q_(float(table.loc[key, "value"]), table.loc[key, "unit"])
        shown = show_number(value.to(unit) if unit else value, sig=sig)
        items.append(
            f"<li>{html.escape(question)} <strong>{html.escape(shown)}</strong> "
            f'(<a href="{notebook}.html">notebook {notebook[:2]}</a>)</li>'
        )
    return f'<ul class="answers">{"".join(items)}</ul>'


def figure_description(figure: Path) -> str:
    """The one-sentence description ``save_figure`` stored in the PNG (its alt text everywhere)."""
    from PIL import Image

    with Image.open(figure) as image:
        return str(image.info.get("Description", "")).strip()


def exercise_description(page: Page) -> str | None:
    """An exercise set's own line: how many exercises and what they teach (its learning objectives), or
    None for a page that is not an exercise notebook."""
    if not page.href.startswith("exercises/"):
        return None
    nb = nbformat.read(page.source, as_version=4)
    intro = next(
        (c.source for c in nb.cells if c.cell_type == "markdown" and "Learning objectives" in c.source), ""
    )
    goals = [
        re.sub(r"\s+", " ", line[2:]).strip().rstrip(".;")
        for line in intro.splitlines()
        if line.startswith("- ")
    ]
    count = re.search(r"After these (\d+) exercises", intro)
    size = f"{count.group(1)} exercises" if count else "the exercises"
    if "/solutions/" in page.href:  # its exercises, just before it, say what the set covers
        return f"Worked solutions to the {size} of the set before, each answer with its working."
    return (
        f"{size[:1].upper()}{size[1:]}: " + "; ".join(goals) + "."
        if goals
        else f"{size[:1].upper()}{size[1:]}."
    )


def _notebook_cards(pages: list[Page]) -> tuple[str, str]:
    cards: list[str] = []
    sets: list[str] = []
    for page in pages:
        # the thumbnail is decoration inside a link named by the notebook's title (its figure's description,
        # the alt on the notebook's page, would make every link a paragraph long)
        thumb = f'<img src="_static/thumbs/{page.figure.name}" alt="">' if page.figure else ""
        text = exercise_description(page) or page.question
        card = (
            f'<li class="card"><a href="{page.href}">{thumb}<h3>{html.escape(page.title)}</h3></a>'
            f"<p>{html.escape(text)}</p></li>"
        )
        (sets if page.href.startswith("exercises/") else cards).append(card)
    return "\n".join(cards), "\n".join(sets)


def notebook_strip(pages: list[Page]) -> str:
    """The notebooks and the exercise sets as one short list of links, right after what the audit found, so
    that a reader who wants a notebook finds it in the first screens (the cards follow further down)."""
    items = [
        f'<li><a href="{page.href}">{html.escape(page.title)}</a></li>'
        for page in pages
        if not page.href.startswith("exercises/")
    ]
    return (
        '<section class="notebook-strip" aria-labelledby="notebooks-at-a-glance">'
        '<h2 id="notebooks-at-a-glance">The notebooks at a glance</h2>'
        f'<ul>{"".join(items)}</ul><p><a href="#the-exercises">The exercises</a> and '
        '<a href="#the-notebooks">each notebook\u2019s question</a> follow the findings.</p></section>'
    )


def index_page(pages: list[Page], claim_pages: dict) -> tuple[str, list[dict]]:
    """The index page and its search documents (the opening, and each finding on its own)."""
    from energycoop.analysis.audit import VERDICT_SCALE, tally

    evidence = Evidence()
    cards, sets = _notebook_cards(pages)
    findings, documents = finding_cards(evidence, claim_pages)
    counts = {group.key: count for group, count, _ in tally(evidence.audit)}
    total, statements = sum(counts.values()), counts.get(NOT_FACTUAL, 0)
    filters = [f'<button type="button" data-filter="all" aria-pressed="true">all {total} statements</button>']
    filters += [
        f'<button type="button" data-filter="{g.key}" aria-pressed="false">'
        f'<span aria-hidden="true">{html.escape(g.icon)}</span> {html.escape(g.label)} ({counts[g.key]})</button>'
        for g in VERDICT_SCALE
        if counts.get(g.key, 0)
    ]
    steps = [  # the tally in one sentence, in the scale's order: the first thing a reader meets
        f'<span aria-hidden="true">{html.escape(g.icon)}</span> <strong>{counts[g.key]} {html.escape(g.label)}</strong>'
        for g in VERDICT_SCALE
        if counts.get(g.key, 0) and g.key != NOT_FACTUAL
    ]
    intro = (
        f"The article makes {total} statements. Of its {total - statements} factual claims (a number or a "
        f"checkable fact, each judged against outside evidence): {'; '.join(steps)}. {statements} more are not "
        "factual claims (judgements or descriptions with nothing to measure). The findings at odds come first, "
        "then the scale, with what each step means "
        f'(<a href="{AUDIT_PAGE}#The-verdicts-and-what-they-mean">the precise verdicts and how they are '
        "computed</a>)."
    )
    exercises = (
        f"""<h3 id="the-exercises">The exercises</h3>
<p>Four sets of exercises on the article's figures. Each set is a notebook to work through, whose check cells say
whether an answer is right and why, with a printable worksheet; its worked solutions follow it. Write each answer as
you would on paper, with its unit (\u201cabout 350 GWh\u201d).</p>
<ul class="cards">
{sets}
</ul>"""
        if sets
        else ""
    )
    page = f"""{head("The energy-cooperation notebooks")}<body>
{top_nav()}<main class="index" id="main">
<h1>The energy-cooperation notebooks</h1>
<p class="lede">An audit, in executed notebooks, of every number in one article: \u201cEnergy cooperation goes from
strength to strength\u201d (China Daily, 4 July 2024), on China\u2013Kazakhstan energy projects.
<a class="jump" href="#the-notebooks">Go to the notebooks</a>.</p>
<section aria-labelledby="what-we-found">
<h2 id="what-we-found">What we found</h2>
<div class="found-grid">
<p class="found-intro">{intro}</p>
{at_odds_html(evidence)}
{tally_html(evidence)}
</div>
</section>
{notebook_strip(pages)}
<section aria-labelledby="what-it-answers">
<h2 id="what-it-answers">What the notebooks answer</h2>
{answers_html()}
</section>
<section aria-labelledby="every-finding">
<h2 id="every-finding">Every finding, one card per claim</h2>
<p>In the article's order, numbered as in <a href="{AUDIT_PAGE}">notebook 10, the claims audit</a>.<span
class="screen-only"> Open a card's evidence and reasoning for its sources, conventions and derived checks.</span></p>
<div class="filters" role="group" aria-label="Show the findings of one verdict">{"".join(filters)}</div>
<p class="filter-status visually-hidden" role="status" aria-live="polite"></p>
{findings}
</section>
<section aria-labelledby="the-notebooks">
<h2 id="the-notebooks">The notebooks</h2>
<p>Each notebook asks one question, shows its formulas, checks its results and plots them;
<a href="search.html">search</a> them, the findings, the exercises and the glossary.</p>
<ul class="cards">
{cards}
</ul>
{exercises}
</section>
<p class="reuse">Code under the MIT licence; text, data and figures under CC BY 4.0 (credit "The energy-cooperation
notebooks contributors" and link the licence). The article's words are quotations for review. The
<a class="site-download" href="files/LICENSE">licence</a>, <a class="site-download" href="files/CITATION.cff">how to
cite (CITATION.cff)</a>, <a class="site-download" href="files/CHANGELOG.md">the changelog</a> and
<a class="site-download" href="files/data/datapackage.json">the data package</a>.</p>
</main>
<script src="_static/index.js"></script>
</body></html>
"""
    soup = BeautifulSoup(page, "html.parser")
    mark_languages(soup, soup.select("main"))
    for card in soup.select("li.finding"):
        abbreviate(soup, [card])  # each card on its own: a filtered card still spells its acronyms out
    abbreviate(soup, soup.select(".at-odds-first"))
    abbreviate(soup, soup.select(".answers"))
    abbreviate(soup, soup.select("ul.cards"))
    what = must_find(soup, id="what-we-found").find_parent("section")
    answers = must_find(soup, id="what-it-answers").find_parent("section")
    if what is None or answers is None:
        raise ValueError("the index page lost its opening sections (what we found, what it answers)")
    # every block's words apart (the tally's lines are spans shown as blocks), no space before a comma
    opening = re.sub(
        r"\s+([,;:.!?)])", r"\1", " ".join(f"{what.get_text(' ')} {answers.get_text(' ')}".split())
    )
    documents.insert(
        0,
        {
            "id": "index.html#0",
            "title": "What we found: the tally of the article's claims",
            "page": "The index",
            "href": "index.html#what-we-found",
            "body": opening,
            "text": opening,
        },
    )
    return str(soup), documents
