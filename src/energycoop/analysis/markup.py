"""Text from the data files, made safe to put into Markdown or HTML.

A data file's text (a glossary definition, an article snippet, a source's title) is
data, never markup. Wherever a notebook or the site turns it into Markdown or HTML it
goes through ``markdown_text`` (Markdown) or ``html.escape`` (HTML), so that a cell
holding ``<script>`` or ``[a link](javascript:...)`` is shown as written and adds no tag,
attribute, link or formula to the page.

pandas needs nothing: a DataFrame's table display (``_repr_html_``, ``to_html``) escapes
its cells, index and column labels by default. Only ``to_html(escape=False)`` and a
``Styler`` with ``format(escape=None)`` would not.
"""

from __future__ import annotations

import hashlib
import html
import re

# Markdown's inline punctuation: backslash, code, emphasis, links and images, table cells,
# math (MathJax in notebooks and on the site) and GFM strikethrough.
_INLINE = re.compile(r"([\\`*_\[\]|$~])")
# What makes a line a heading, a quote, a list item or a setext underline when it starts one:
# escaped is the marker itself, or the '.' or ')' after an ordered list's number.
_BLOCK_START = re.compile(r"^(\s*)(?:(?=[#>+=-])|\d+(?=[.)](\s|$)))")


def markdown_text(text) -> str:
    """``text`` as literal inline Markdown, for a table cell or inside a sentence.

    HTML's special characters become entities (``<`` as ``&lt;``, quotes too), so no tag
    opens and no attribute value closes; Markdown's inline punctuation (backslash, backtick,
    ``*``, ``_``, brackets, ``|``, ``$``, ``~``) is backslash-escaped, so no emphasis, code,
    link, formula or extra table cell appears; line breaks become spaces, so a table row
    stays one line. Rendered, the result reads exactly as ``text``. ``None`` gives ``''``.
    """
    if text is None:
        return ""
    text = re.sub(r"\s*[\r\n\u2028\u2029\x0b\x0c\x1c-\x1e\x85]+\s*", " ", str(text))
    text = _INLINE.sub(r"\\\1", text)
    text = _BLOCK_START.sub(lambda m: m.group(0) + "\\", text, count=1)
    # (an apostrophe stays one: no tag can open, so it closes no attribute, and a README read as text keeps it)
    text = html.escape(text, quote=False).replace('"', "&quot;")
    # Renderers drop the backslash before "$" and turn bare addresses into links: use entities instead,
    # and keep MathJax (which reads the decoded text) away from the span.
    text = text.replace("\\$", "&#36;").replace("://", "&#58;//").replace("www.", "www&#46;")
    return f'<span class="tex2jax_ignore">{text}</span>' if "&#36;" in text else text


def summary(points: list[str], next_notebook: str | None = None, next_text: str = "") -> str:
    """A notebook's Summary as Markdown, built in a code cell from computed values so that a rerun with
    other parameters never contradicts it: a heading, one bullet per point, and what to read next.

    Each point is written by the notebook with its numbers formatted from the computation
    (``energycoop.quantities.units.fmt``); data text inside a point must already be escaped (``markdown_text``).
    A test checks every number of every Summary against the notebook's derived table."""
    lines = ["## Summary", ""] + [f"- {point}" for point in points]
    if next_notebook:
        lines += ["", f"**Next:** [`{next_notebook}`]({next_notebook}.ipynb) {next_text}".rstrip()]
    return "\n".join(lines)


def markdown_link(text, address) -> str:
    """A Markdown link to ``address`` with ``text`` (data, escaped) as its words; an address that is not
    a plain ``http``/``https`` one (no spaces, quotes or angle brackets) gives the escaped text alone."""
    words = markdown_text(text)
    if not isinstance(address, str) or not re.fullmatch(r"https?://[^\s<>\"'`\\]+", address):
        return words
    return f"[{words}](<{address}>)"


def plain_text(markdown: str) -> str:
    """Markdown as a reader would see it without a Markdown renderer: links as their words and address,
    emphasis, escapes, entities and HTML tags removed (the ``text/plain`` of a Markdown output)."""
    text = re.sub(
        r"\[([^\]]*)\]\(<?([^)>]*)>?\)",
        lambda m: (
            m.group(1)
            if m.group(2).endswith(".ipynb") or ("#" in m.group(2) and not m.group(2).startswith("http"))
            else f"{m.group(1)} ({m.group(2)})"
        ),
        markdown,
    )
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"\*\*|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w)|`", "", text)
    text = re.sub(r"\\([\\`*_\[\]|$~#>+=.)-])", r"\1", text)
    text = re.sub(r"^#+\s*", "", text, flags=re.MULTILINE)
    return html.unescape(text)


class Document:
    """Markdown for a notebook output, with a readable ``text/plain`` beside it, so that a viewer that
    shows no Markdown output (or a terminal) shows the text, not ``<IPython.core.display.Markdown object>``."""

    def __init__(self, markdown: str):
        self.markdown = markdown

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __repr__(self) -> str:
        return plain_text(self.markdown)


SUMMARY_PENDING = "## Summary\n\n*Computed at the end of the notebook, from its results: run it to the end.*"


def summary_fingerprint(markdown: str) -> str:
    """A short fingerprint of a Summary's Markdown: the last cell shows it in place of a second copy, so
    that nbval, comparing that cell strictly, still fails when the Summary changes."""
    return hashlib.sha256(markdown.encode("utf-8")).hexdigest()[:12]


class SummaryBox:
    """The Summary's place right under a notebook's question: shown at once (as ``SUMMARY_PENDING``) and
    filled in by ``update`` from the last cell, once the values it states are computed (a display that is
    updated in place, by its display id: Jupyter and papermill both rewrite the first output, so the stored
    notebook, on a code host or through nbconvert, shows the Summary once)."""

    def __init__(self):
        from IPython.display import display

        self.handle = display(Document(SUMMARY_PENDING), display_id=True)

    def update(self, markdown: str) -> Document:
        """Show ``markdown`` (the Summary, from ``summary``) at the top; return a one-line note saying so,
        with the Summary's fingerprint (``summary_fingerprint``), to show here instead of a second copy."""
        if self.handle is not None:
            self.handle.update(Document(markdown))
        points = sum(1 for line in markdown.splitlines() if line.startswith("- "))
        return Document(
            f"*The Summary at the top of this notebook is filled in from these results: {points} points "
            f"(fingerprint `{summary_fingerprint(markdown)}`).*"
        )
