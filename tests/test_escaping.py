"""Text from the data files never becomes live markup.

The end-to-end test copies the repository, appends script and event-handler payloads to
every free-text cell of every data file in the copy, executes there the notebooks that
show data text, builds the site from the copy, and checks that no payload is live in any
page: each may appear only escaped, as the text it is.
"""

import csv
import html
import html.parser
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import clone_env
from nbconvert.filters.markdown import markdown2html

from energycoop.analysis.audit import CLAIMS_SCHEMA
from energycoop.analysis.markup import markdown_text
from energycoop.data.derived import DERIVED_SCHEMA
from energycoop.data.loaders import ARTICLE_SCHEMA, GLOSSARY_SCHEMA, REFERENCE_SCHEMA

PAYLOADS = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>')
PAYLOAD = " ".join(PAYLOADS)


# markdown_text on its own


@pytest.mark.parametrize(
    "text",
    [
        *PAYLOADS,
        "a | b",
        "line one\nline two\r\nthree",
        "`code` and **bold** and _under_ and ~~struck~~",
        "[a link](javascript:alert(1)) and ![image](x)",
        "$x^2$ and $$y$$",
        "back\\slash & ampersand &lt; entity",
        "# not a heading",
        "- not a list",
        "12. not a list either",
        "<a href='x'>quoted</a> \"double\"",
    ],
)
def test_markdown_text_renders_as_the_text_itself(text):
    escaped = markdown_text(text)
    # the one tag markdown_text itself may add: a span that keeps MathJax away from a "$" in the text
    bare = escaped.removeprefix('<span class="tex2jax_ignore">').removesuffix("</span>")
    assert "\n" not in bare and "<" not in bare and ">" not in bare and '"' not in bare
    assert re.search(r"(?<!\\)\|", escaped) is None, "an unescaped | would split a table cell"
    rendered = markdown2html(f"| column |\n|---|\n| {escaped} |")
    cell = re.search(r"<td>(.*)</td>", rendered, re.DOTALL).group(1)
    # The rendered cell holds no tag, link, code or emphasis; unescaped, it reads as the text (line breaks as spaces).
    cell = cell.removeprefix('<span class="tex2jax_ignore">').removesuffix("</span>")
    assert "<" not in cell
    assert html.unescape(cell) == " ".join(re.split(r"\s*\r?\n\s*", text))


def test_addresses_and_dollar_signs_stay_text():
    rendered = markdown2html(f"| column |\n|---|\n| {markdown_text('see https://evil.example/ for $x$')} |")
    assert "<a " not in rendered and 'class="tex2jax_ignore"' in rendered


def test_markdown_text_leaves_plain_words_alone():
    assert markdown_text("about 350 million kWh (2.5 MW)") == "about 350 million kWh (2.5 MW)"
    assert markdown_text("capacity-factor") == "capacity-factor"
    assert markdown_text(None) == ""


# End to end: payloads in every free-text cell, through the notebooks and the site

# Columns whose text is parsed or compared stay valid: ids, units, numbers, dates, choices,
# kinds, references, slugs and notebook names are not free text in the schemas, and
# value_as_printed is read as a number (and must stay inside the snippet); inputs are ids.
NOT_FREE = {"value_as_printed", "inputs"}
FREE_KINDS = {"text", "optional_text"}
SCHEMAS = {
    "article.csv": ARTICLE_SCHEMA,
    "reference.csv": REFERENCE_SCHEMA,
    "claims.csv": CLAIMS_SCHEMA,
    "glossary.csv": GLOSSARY_SCHEMA,
}
AUDIT_TEXT = (
    "claim",
    "words",
    "evidence_label",
    "reason",
)  # derived/10-claims-audit.csv, rewritten by notebook 10
# Notebooks that show text from the data files (tables of the article's words, claims, the glossary).
RENDERING = [
    "01-article-figures",
    "02-zhanatas-wind",
    "03-turgusun-hydro",
    "05-atyrau-refinery",
    "06-pavlodar-aluminium",
    "07-global-renewables-2023",
    "08-vehicles-and-trade",
    "10-claims-audit",
    "11-units-and-pitfalls",
]


def _free_columns(name: str, header: list[str]) -> list[str]:
    if name in SCHEMAS:
        schema = SCHEMAS[name]
    elif name == "10-claims-audit.csv":
        return [c for c in AUDIT_TEXT if c in header]
    else:
        schema = DERIVED_SCHEMA
    columns = [c.name for c in schema if c.kind in FREE_KINDS and c.name not in NOT_FREE]
    assert set(columns) <= set(header), (name, columns, header)
    return columns


def _inject(path: Path) -> int:
    """Append the payloads to every free-text cell of ``path``; return how many cells changed."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    header = rows[0]
    positions = [header.index(c) for c in _free_columns(path.name, header)]
    for row in rows[1:]:
        for i in positions:
            row[i] = f"{row[i]} {PAYLOAD}".strip()
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return len(positions) * (len(rows) - 1)


class _LiveMarkup(html.parser.HTMLParser):
    """Collects every element or attribute a payload would have made live."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on") and "alert" in (value or ""):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.found.append("<img src=x>")
        if tag == "svg" and any(name == "onload" for name, _ in attrs):
            self.found.append("<svg onload>")

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert(1)" in data:
            self.found.append(f"<script>{data[:40]}")


def _run(copy: Path, env: dict, *args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, *args],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, (
        f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    )
    return result


def test_payloads_in_the_data_never_reach_the_site_live(clone_copy):
    copy = clone_copy  # the working tree, uncommitted changes included, as a new repository (conftest.make_clone)
    files = sorted((copy / "data").glob("*.csv")) + sorted((copy / "data" / "derived").glob("*.csv"))
    changed = {p.name: _inject(p) for p in files}
    assert all(changed.values()), f"a data file with no free text to test: {changed}"
    assert {"article.csv", "reference.csv", "claims.csv", "glossary.csv"} <= set(changed)

    env = clone_env(
        copy, PYDEVD_DISABLE_FILE_VALIDATION="1"
    )  # the copy's src first, its own Jupyter runtime dir
    where = _run(
        copy,
        env,
        "-c",
        "import energycoop, energycoop.data.loaders as d; print(energycoop.__file__); print(d.DATA_DIR)",
    )
    package, data_dir = where.stdout.split()
    assert Path(package).resolve().is_relative_to(copy.resolve()), (
        f"the copy imports {package}, not its own package"
    )
    assert Path(data_dir).resolve() == (copy / "data").resolve()

    notebooks = [f"notebooks/{name}.ipynb" for name in RENDERING]
    _run(copy, env, "-m", "energycoop", "run", *notebooks)
    _run(copy, env, "-m", "energycoop", "site", "--out", str(copy / "site"))

    pages = sorted((copy / "site").rglob("*.html"))
    assert len(pages) >= len(RENDERING) + 1
    live = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        raw = [s for s in ("<script>alert", "<img src=x", "<svg onload") if s in text]
        raw += re.findall(r"<[a-zA-Z][^<>]*\bon(?:error|load)\s*=[^<>]*>", text)
        parser = _LiveMarkup()
        parser.feed(text)
        if raw or parser.found:
            live[page.relative_to(copy / "site").as_posix()] = raw + parser.found
    assert not live, f"payloads live in the site: {live}"

    # The payloads did reach the pages, as text: the executed notebooks read the copy's data.
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    for name in RENDERING:
        page = (copy / "site" / f"{name}.html").read_text(encoding="utf-8")
        assert escaped in page, f"{name}.html shows no escaped payload: was the copy's data read?"
    glossary = (copy / "site" / "11-units-and-pitfalls.html").read_text(encoding="utf-8")
    assert '<a id="capacity-factor"></a>' in glossary, "the glossary anchors must survive the escaping"
