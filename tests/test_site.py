"""The rendered site, opened in headless Chromium as a reader would: every page, figure,
table and formula, and not one request leaving the machine.

Needs Debian's chromium (`make test` installs it with apt where it is missing). Without
it this test fails and says so; it never skips.
"""

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import NOTEBOOKS

from energycoop.runner import all_notebooks
from energycoop.site import build, describe

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    pages = build(out)
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
    outside = [u for u in page.requests if urlparse(u).scheme not in ("data", "blob", "about")
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
