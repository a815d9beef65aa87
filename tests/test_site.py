"""The rendered site, opened in headless Chromium as a reader would: every page, figure,
table and formula, the findings, the offline search (also from file://), the downloads, the
rerun box, the code toggle and the abbreviations, and not one request leaving the machine.

Needs Debian's chromium (`make test` installs it with apt where it is missing). Without
it this test fails and says so; it never skips.
"""

import functools
import http.server
import threading
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from conftest import NOTEBOOKS

from energycoop.audit import findings, read_audit
from energycoop.rerun import declared
from energycoop.runner import all_notebooks, entry_of
from energycoop.site import ABBREVIATIONS, build, describe

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    return out, build(out)


@pytest.fixture(scope="module")
def site(site_dir):
    out, pages = site_dir
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    http.server.SimpleHTTPRequestHandler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", pages
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed at /usr/bin/chromium: run `make test` as root "
                    "(it installs it with apt-get) or `apt-get install chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site):
    context = browser.new_context()
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    outside = [u for u in page.requests if urlparse(u).scheme not in ("data", "blob", "about", "file")
               and urlparse(u).hostname not in ("127.0.0.1", "localhost")]
    context.close()
    assert not outside, f"requests left the machine: {outside}"


def test_the_index_lists_every_notebook_with_its_question_and_thumbnail(page, site):
    base, pages = site
    page.goto(f"{base}/index.html")
    cards = page.locator("li.card")
    assert cards.count() == len(all_notebooks(NOTEBOOKS)) == len(pages)
    text = page.inner_text("main")
    for p in pages:
        assert p.title in text
    thumbs = page.locator("li.card img")
    assert thumbs.count() >= 13
    widths = page.eval_on_selector_all("li.card img", "imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)")
    assert all(w > 0 for w in widths), widths


def test_following_a_link_opens_the_page_with_its_navigation(page, site):
    base, _ = site
    page.goto(f"{base}/index.html")
    page.click("text=Zhanatas wind farm: do the article's numbers add up?")
    page.wait_for_load_state("load")
    assert page.url.endswith("/02-zhanatas-wind.html")
    assert page.locator("nav.site-nav a.site-next").first.inner_text().startswith("Turgusun")
    page.locator("nav.site-nav a.site-next").first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/03-turgusun-hydro.html")


@pytest.mark.parametrize("notebook", all_notebooks(NOTEBOOKS), ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_each_page_shows_its_figures_tables_and_formulas(page, site, notebook):
    base, _ = site
    info = describe(notebook)
    page.goto(f"{base}/{info.href}")
    page.wait_for_load_state("load")
    assert info.title in page.title() or info.title in page.inner_text("main")
    images = page.eval_on_selector_all("main img", "imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)")
    assert all(w > 0 for w in images), f"{notebook.name}: an image did not load: {images}"
    source = notebook.read_text()
    if "save_figure(" in source and "/exercises/" not in str(notebook):
        assert images, f"{notebook.name} writes figures but the page shows none"
    if "dataframe" in source:
        assert page.locator("table.dataframe").count() > 0, f"{notebook.name}: no table shown"
    if "$$" in source:
        page.wait_for_function("() => document.querySelectorAll('.MathJax, .MathJax_Display, mjx-container').length > 0",
                               timeout=20000)
        rendered = page.locator(".MathJax_Display, .MathJax").count()
        assert rendered > 0, f"{notebook.name}: no formula was rendered"
        assert "$$" not in page.inner_text("main"), f"{notebook.name}: raw TeX left on the page"


def test_glossary_links_lead_to_their_anchor(page, site):
    base, _ = site
    page.goto(f"{base}/02-zhanatas-wind.html")
    href = page.locator("main .jp-Cell a", has_text="capacity factor").first.get_attribute("href")
    assert href == "11-units-and-pitfalls.html#capacity-factor"
    page.goto(f"{base}/{href}")
    assert page.locator('[id="capacity-factor"]').count() == 1


def _shown_findings():
    table = findings(read_audit())
    return table[table["verdict"] != "not quantitative"]


def test_the_index_opens_with_one_row_per_finding_each_linked_to_notebook_10(page, site):
    base, _ = site
    page.goto(f"{base}/index.html")
    first = page.eval_on_selector("main.index", "m => m.querySelector('h2').textContent")
    assert first == "What we found"
    rows = page.locator("table.findings tbody tr")
    shown = _shown_findings()
    assert rows.count() == len(shown) > 0
    verdicts = page.eval_on_selector_all("table.findings tbody td.verdict", "cells => cells.map(c => c.textContent)")
    assert verdicts == list(shown["verdict"])
    hrefs = page.eval_on_selector_all("table.findings a.finding-link", "links => links.map(a => a.getAttribute('href'))")
    assert hrefs == [f"10-claims-audit.html#finding-{n}" for n in range(1, len(shown) + 1)]
    page.locator("table.findings a.finding-link").nth(4).click()
    page.wait_for_load_state("load")
    assert page.url.endswith("10-claims-audit.html#finding-5")
    row = page.locator('[id="finding-5"]')
    assert row.count() == 1
    assert shown.iloc[4]["words"][:30] in row.inner_text()


def _search(page, url):
    page.goto(url)
    page.wait_for_selector("#search-results li", timeout=20000)
    return page.eval_on_selector_all("#search-results li a", "links => links.map(a => a.getAttribute('href'))")


def test_search_for_capacity_factor_finds_the_pages_and_the_glossary(page, site):
    base, _ = site
    hrefs = _search(page, f"{base}/search.html?q=capacity+factor")
    pages = {h.split("#")[0] for h in hrefs}
    assert {"02-zhanatas-wind.html", "03-turgusun-hydro.html", "04-comparing-projects.html"} <= pages, hrefs
    assert "11-units-and-pitfalls.html#capacity-factor" in hrefs
    assert all("#" in h for h in hrefs[:10]), "results link to sections"
    # a result leads to its section
    section = next(h for h in hrefs if h.startswith("02-zhanatas-wind.html#"))
    page.goto(f"{base}/{section}")
    assert page.locator(f'[id="{unquote(section.split("#", 1)[1])}"]').count() == 1


def test_search_covers_the_exercises_and_works_from_the_nav_box(page, site):
    base, _ = site
    page.goto(f"{base}/02-zhanatas-wind.html")
    box = page.locator("nav.site-nav form.site-search input").first
    box.fill("full-load hours")
    box.press("Enter")
    page.wait_for_selector("#search-results li", timeout=20000)
    assert "search.html" in page.url
    hrefs = _search(page, f"{base}/search.html?q=exercise+answer")
    assert any(h.startswith("exercises/") for h in hrefs), hrefs


def test_search_works_from_file_urls_without_a_server(page, site_dir):
    out, _ = site_dir
    hrefs = _search(page, (out / "search.html").as_uri() + "?q=capacity%20factor")
    assert "11-units-and-pitfalls.html#capacity-factor" in hrefs
    page.goto((out / "index.html").as_uri())
    assert page.locator("table.findings tbody tr").count() == len(_shown_findings())


def test_every_download_link_resolves_to_a_file_inside_the_site(page, site, site_dir):
    base, pages = site
    out, _ = site_dir
    page.goto(f"{base}/index.html")
    for url in page.eval_on_selector_all("a.site-download", "links => links.map(a => a.href)"):
        with urllib.request.urlopen(url) as response:  # licence, citation, changelog, data package
            assert response.status == 200 and response.read(1), url
    for info in pages:
        page.goto(f"{base}/{info.href}")
        links = page.eval_on_selector_all("a.site-download", "links => links.map(a => a.href)")
        names = [u.rsplit("/", 1)[1] for u in links]
        entry = entry_of(info.source)
        expected = {info.source.name, *(Path(p).name for p in entry.reads), *(Path(p).name for p in entry.writes)}
        assert expected <= set(names), f"{info.href}: missing downloads {expected - set(names)}"
        for url in links:
            assert url.startswith(base), url
            local = out / unquote(urlparse(url).path).lstrip("/")
            assert local.is_file() and local.resolve().is_relative_to(out.resolve()), url
            with urllib.request.urlopen(url) as response:
                assert response.status == 200 and response.read(1), url


def test_each_page_has_a_rerun_box_with_its_parameters(page, site):
    base, pages = site
    for info in pages:
        page.goto(f"{base}/{info.href}")
        command = page.locator(".site-rerun-command").first.inner_text()
        assert command == f"python -m energycoop rerun {entry_of(info.source).name}"
        spec = declared(info.source)
        page.locator(".site-rerun summary").first.click()
        rows = page.eval_on_selector_all(".site-parameters tbody tr",
                                         "rows => rows.map(r => [...r.cells].map(c => c.innerText))")
        assert [r[0] for r in rows] == list(spec), info.href
        for name, kind, default, help_text in rows:
            assert (kind, default, help_text) == (spec[name]["type"], spec[name]["default"], spec[name]["help"])


def test_the_code_toggle_hides_and_shows_code_and_is_remembered(page, site):
    base, _ = site
    code = ".jp-CodeCell .jp-Cell-inputWrapper"
    page.goto(f"{base}/02-zhanatas-wind.html")
    assert page.locator(code).first.is_visible(), "code is shown by default"
    page.locator(".site-code-toggle").first.click()
    assert not page.locator(code).first.is_visible()
    assert page.locator(".jp-MarkdownCell").first.is_visible()
    page.locator("nav.site-nav a.site-next").first.click()
    page.wait_for_load_state("load")
    assert not page.locator(code).first.is_visible(), "the choice persists across pages"
    assert page.locator(".site-code-toggle").first.inner_text() == "Show code"
    page.locator(".site-code-toggle").first.click()
    assert page.locator(code).first.is_visible()
    page.reload()
    assert page.locator(code).first.is_visible()


def test_abbreviations_carry_their_expansion_at_first_use(page, site):
    base, _ = site
    page.goto(f"{base}/08-vehicles-and-trade.html")
    abbrs = page.eval_on_selector_all("main abbr[title]", "els => els.map(e => [e.textContent, e.title])")
    shorts = [a for a, _ in abbrs]
    assert "CAAM" in shorts and "NEV" in shorts
    assert len(shorts) == len(set(shorts)), "only the first use on a page is wrapped"
    assert all(title == ABBREVIATIONS[short] for short, title in abbrs)
    first = page.eval_on_selector("main", "m => { const w = document.createTreeWalker(m, NodeFilter.SHOW_TEXT); "
                                          "let n; while ((n = w.nextNode())) { if (/\\bCAAM\\b/.test(n.data) && "
                                          "!n.parentElement.closest('.jp-InputArea-editor, .site-files, nav, pre, code, a')) "
                                          "return n.parentElement.tagName; } return null; }")
    assert first == "ABBR"
