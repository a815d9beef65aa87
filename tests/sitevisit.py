"""One visit of each page of the built site at each width, shared by tests/test_site.py and
tests/test_site_reader.py (the ``visits`` fixture of conftest.py): what the page shows, its layout, what a
reader's probe finds (cut boxes, tab stops, broken words, figures, foreign text), axe-core's serious and
critical violations, and the requests that failed or left the machine."""

from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
WIDTHS = (LAPTOP["width"], PHONE["width"])
SEARCH = "search.html?q=largest"


def settled(page):
    """Wait until MathJax has typeset the page and site.js has marked its scrolling boxes again (until
    then a formula is a line of TeX source, wider than its box)."""
    page.wait_for_function(
        "() => document.documentElement.dataset.typeset === 'done'"
        " || !document.querySelector('script[src$=\"site.js\"]')",
        timeout=60_000,
    )


def site_pages(out: Path) -> list[str]:
    """Every HTML page of the built site (the index, the search page, each notebook and worksheet)."""
    return sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*.html")
        if not {"_static", "files"} & set(p.relative_to(out).parts)
    )


def outside(urls: list[str]) -> list[str]:
    return [
        u
        for u in urls
        if urlparse(u).scheme not in ("data", "blob", "about", "file")
        and urlparse(u).hostname not in ("127.0.0.1", "localhost")
    ]


# What a reader's visit to a page shows, read once the page has loaded and MathJax has typeset it.
PAGE_FACTS = """() => {
  const main = document.querySelector('main');
  const box = document.querySelector('.site-files');
  const images = [...document.querySelectorAll('main img')];
  return {title: document.title, main: main ? main.innerText : '',
          images: images.map(i => i.complete ? i.naturalWidth : 0), alts: images.map(i => i.alt),
          tables: document.querySelectorAll('table.dataframe').length,
          formulas: document.querySelectorAll('.MathJax_Display, .MathJax').length,
          files: box ? {text: box.innerText, open: box.getAttribute('open')} : null,
          downloads: [...document.querySelectorAll('a.site-download')].map(a => a.href),
          thumbs: [...document.querySelectorAll('li.card img')].map(i => i.alt)};
}"""
# (selectors: false: axe reports each node without working out a CSS selector for it, which the check
# never reads; it finds the same violations, in a third less time)
AXE_RUN = (
    "async () => (await axe.run(document, {resultTypes: ['violations'], selectors: false}))"
    ".violations.filter(v => ['serious', 'critical'].includes(v.impact))"
    ".map(v => [v.id, v.impact, v.nodes.length, v.nodes[0].html.slice(0, 120)])"
)
AXE_AT_390 = ("index.html", "10-claims-audit.html", "search.html?q=largest")
# axe once more with the code shown (the toggle's other state: prompts and highlighted code), at 1280 px
AXE_CODE_SHOWN = (
    "02-zhanatas-wind.html",
    "10-claims-audit.html",
    "exercises/solutions/01-power-and-energy.html",
)
# The accessibility tree's tables and regions: every table keeps its role, each region its own name.
ROLES = """() => ({tables: document.querySelectorAll('main table').length,
  tablesWithRole: [...document.querySelectorAll('main table[role]')].map(t => t.getAttribute('role')),
  regions: [...document.querySelectorAll('[role=region]')].map(r => r.getAttribute('aria-label')
    || (r.getAttribute('aria-labelledby') && document.getElementById(r.getAttribute('aria-labelledby')).textContent)),
  scrollingTables: [...document.querySelectorAll('main .table-box[data-scroller]')].filter(b =>
    b.getAttribute('role') === 'region' && b.tabIndex === 0 && b.querySelector('table')).length})"""

# The page's layout: its sideways scrolling, text cells narrower than 20 characters, figures shrunk below a third.
LAYOUT = """() => {
      const probe = cell => { const s = document.createElement('span'); s.textContent = '0'.repeat(20);
        s.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap'; cell.appendChild(s);
        const w = s.getBoundingClientRect().width; s.remove(); return w; };
      const narrow = [];
      document.querySelectorAll('main td, main th, main .finding p, main .tally li').forEach(cell => {
        if (cell.offsetParent === null || cell.textContent.trim().length <= 20) return;
        const width = cell.clientWidth, need = probe(cell);
        if (width + 1 < need) narrow.push([cell.textContent.trim().slice(0, 40), Math.round(width), Math.round(need)]);
      });
      const shrunk = [...document.querySelectorAll('main .jp-OutputArea-output img')]
        .filter(i => i.offsetParent !== null && i.getAttribute('width'))
        .map(i => { const source = i.parentElement.tagName === 'PICTURE' && i.parentElement.querySelector('source');
          const drawn = source && i.currentSrc === source.getAttribute('srcset') ? +source.getAttribute('width')
            : +i.getAttribute('width');
          return [i.alt.slice(0, 40), i.getBoundingClientRect().width / drawn]; })
        .filter(([, r]) => r < 0.35);
      return {sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
              narrow, shrunk};
    }"""

# What a newcomer's probe finds: boxes cut or scrolling without a cue, unnamed tab stops, words broken
# across lines, result lines touching the edge, the figures (alt, shown width, drawn width, class, the source
# a phone shows), and text in another language without its lang.
PROBE = """() => {
  const visible = e => e.offsetParent !== null || getComputedStyle(e).position === 'fixed';
  const cutOrCued = [];
  for (const e of document.querySelectorAll('main .MathJax_Display, main table, main pre, main img, main .jp-OutputArea-output')) {
    if (!visible(e)) continue;
    let box = e;
    while (box && box !== document.body) {
      const o = getComputedStyle(box).overflowX;
      if (o !== 'visible') break;
      box = box.parentElement;
    }
    if (!box || box === document.body || box.scrollWidth <= box.clientWidth + 1) continue;
    const o = getComputedStyle(box).overflowX;
    const cue = box.previousElementSibling;
    const cued = cue && cue.classList.contains('scroll-cue') && cue.offsetParent !== null;
    if (!((o === 'auto' || o === 'scroll') && cued)) cutOrCued.push([e.tagName + '.' + String(e.className).slice(0, 30),
      box.scrollWidth, box.clientWidth, o, !!cued]);
  }
  const tabStops = [...document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')]
    .filter(e => e.tabIndex >= 0 && visible(e) && !e.disabled)
    .filter(e => e.getAttribute('role') === 'presentation' || e.matches('.jp-Cell-inputWrapper, .MathJax, .MathJax *')
      || !(e.getAttribute('aria-label') || e.textContent.trim() || e.getAttribute('alt') || e.labels?.length))
    .map(e => e.outerHTML.slice(0, 100));
  const broken = [];
  for (const pre of document.querySelectorAll('main .jp-OutputArea-output pre')) {
    if (!visible(pre)) continue;
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode()) && broken.length < 5) {
      const re = /[^\\s\\-\u2013\u2014\\/]+/g; let m;  // a break at a hyphen, a dash or a slash is a break between words
      while ((m = re.exec(node.data)) && broken.length < 5) {
        if (m[0].length > 25 || /[\\u3000-\\u9fff\\uff00-\\uffef]/.test(m[0])) continue;  // too long for a line, or Chinese (which breaks anywhere)
        const range = document.createRange(); range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(m[0]);
      }
    }
  }
  const edge = [...document.querySelectorAll('main .jp-RenderedText pre')].filter(visible).map(pre => {
    const range = document.createRange(); range.selectNodeContents(pre);
    return Math.max(0, ...[...range.getClientRects()].map(r => r.right)); })
    .filter(right => right > document.documentElement.clientWidth - 6);
  const drawn = i => { const source = i.parentElement.tagName === 'PICTURE' && i.parentElement.querySelector('source');
    const phone = !!source && i.currentSrc === source.getAttribute('srcset');
    return [phone, phone ? +source.getAttribute('width') : +(i.getAttribute('width') || 0)]; };
  const images = [...document.querySelectorAll('img')].map(i => [i.getAttribute('alt'), i.getBoundingClientRect().width,
    drawn(i)[1], i.className, drawn(i)[0], !!i.closest('.jp-OutputArea-output')]);
  const foreign = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let n;
  while ((n = walker.nextNode())) {
    const parent = n.parentElement;
    if (!parent || parent.closest('script, style, .MathJax, .MathJax_Display, .MJX_Assistive_MathML, .jp-InputArea')) continue;
    const lang = (parent.closest('[lang]') || document.documentElement).getAttribute('lang');
    const han = /[\\u3040-\\u30ff]/.test(n.data) ? 'ja' : 'zh';  // Han with kana is Japanese
    if (/[\\u4e00-\\u9fff]{2}/.test(n.data) && lang !== han) foreign.push([han, lang, n.data.slice(0, 40)]);
    if (/[\\u0400-\\u04ff]{3}/.test(n.data) && !['ru', 'kk'].includes(lang)) foreign.push(['ru', lang, n.data.slice(0, 40)]);
  }
  return {sideways: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          cutOrCued, tabStops, broken, edge, images, foreign};
}"""


def visit_all(browser, base: str, out: Path, notebook_pages: set[str]) -> dict:
    """Every page at each width, once: loaded, typeset, then its facts (``PAGE_FACTS``), its layout
    (``LAYOUT``), the probe (``PROBE``), its height, axe-core (every page at 1280 px, ``AXE_AT_390`` at
    390 px; the search page with a query), and on a notebook page at 1280 px its rerun box once the downloads
    are unfolded (last: the click changes the layout). {width: {address: facts}}, JSON-ready."""
    script = AXE.read_text(encoding="utf-8")
    pages = site_pages(out)
    found: dict = {}
    for viewport in (LAPTOP, PHONE):
        width = viewport["width"]
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        requests: list[str] = []
        failed: list[str] = []
        page.on("request", lambda r, seen=requests: seen.append(r.url))
        page.on(
            "response", lambda r, seen=failed: seen.append(f"{r.status} {r.url}") if r.status >= 400 else None
        )
        page.on("requestfailed", lambda r, seen=failed: seen.append(f"failed {r.url}"))
        found[width] = {}
        axe_pages = {*pages, SEARCH} if width == LAPTOP["width"] else set(AXE_AT_390)
        for name in [*pages, SEARCH]:
            requests.clear()
            failed.clear()
            page.goto(f"{base}/{name}")
            page.wait_for_load_state("load")
            settled(page)
            page.wait_for_timeout(100)
            facts = {}
            if name in pages:
                facts = {
                    **page.evaluate(PAGE_FACTS),
                    "layout": page.evaluate(LAYOUT),
                    "probe": page.evaluate(PROBE),
                    "height": page.evaluate("() => document.documentElement.scrollHeight"),
                }
            if name in pages:
                facts["roles"] = page.evaluate(ROLES)
            if name in axe_pages and name != "search.html":
                page.add_script_tag(content=script)
                facts["axe"] = page.evaluate(AXE_RUN)
            if width == LAPTOP["width"] and name in AXE_CODE_SHOWN:
                page.locator(".site-code-toggle").first.click()
                page.wait_for_timeout(100)
                facts["axe_code_shown"] = page.evaluate(AXE_RUN)
                page.locator(".site-code-toggle").first.click()  # hidden again: the choice is remembered
            if width == LAPTOP["width"] and name in notebook_pages:
                page.locator(".site-files summary").first.click()
                facts["rerun_command"] = page.locator(".site-rerun-command").first.inner_text()
                facts["parameters"] = page.eval_on_selector_all(
                    ".site-parameters tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.innerText))"
                )
            facts["outside"] = outside(requests)
            facts["failed"] = [f for f in failed if "favicon" not in f and "about:" not in f]
            found[width][name] = facts
        context.close()
    return found
