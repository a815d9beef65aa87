"""Figures on the site's pages: a computed description for a figure its notebook gave none (the exercise
charts, drawn by ``energycoop.teaching.exercises.chart``), and on a phone, the figure re-laid out for a phone's
width where its notebook drew one (``energycoop.analysis.phone.phone_layout``), or else a readable size for
a figure drawn too wide to be shrunk to a phone's width."""

from __future__ import annotations

import re

import nbformat
from bs4 import BeautifulSoup

from energycoop.analysis.phone import PHONE_KEY
from energycoop.quantities.units import round_sig

CHART_CALL = re.compile(r"""exercises\.chart\(\s*["'](\w+)["']\s*,\s*(\w+)\s*\)""")
SEED_LINE = re.compile(r"^seed: int = (\d+)", re.MULTILINE)
PHONE = "(max-width: 600px)"  # the site's phone layout (site.css)
# A figure drawn wider than this (CSS px) is shown on a phone at READABLE of its drawn size, in a box that
# scrolls sideways, instead of shrunk to the screen's width (where its 9 pt labels would be 3 to 4 px).
WIDE = 900
READABLE = 0.7


def _number(value: float) -> str:
    value = float(round_sig(float(value), 3))
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"


def _plain(text: str) -> str:
    return re.sub(r"\$\\mathdefault\{(.*?)\}\$", r"\1", str(text)).strip()


def describe_chart(fig) -> str:
    """One sentence saying what a matplotlib figure shows, read from the figure itself: each axes' title and
    axis label, and each bar's label with its value (or its range, for bars that do not share a baseline)."""
    parts = []
    for ax in fig.axes:
        bars = [p for p in ax.patches if p.get_width() or p.get_height()]
        labels = [_plain(t.get_text()) for t in ax.get_yticklabels() if _plain(t.get_text())]
        title = _plain(ax.get_title())
        horizontal = bool(bars) and len(labels) >= len(bars) and all(p.get_height() < 1 for p in bars)
        if horizontal:
            scale = {"log": "log-scale ", "symlog": "symmetric-log "}.get(ax.get_xscale(), "")
            starts = {round(p.get_x(), 9) for p in bars}
            # top to bottom, as a reader reads the chart
            order = sorted(bars, key=lambda p: p.get_y(), reverse=not ax.yaxis_inverted())
            ticks = sorted(ax.get_yticks())
            named = []
            for bar in order:
                centre = bar.get_y() + bar.get_height() / 2
                at = min(range(len(ticks)), key=lambda i: abs(ticks[i] - centre)) if ticks else 0
                label = labels[at] if at < len(labels) else ""
                low, high = bar.get_x(), bar.get_x() + bar.get_width()
                value = (
                    _number(high)
                    if len(starts) == 1
                    else f"{_number(min(low, high))} to {_number(max(low, high))}"
                )
                named.append(f"{label} {value}" if label else value)
            axis = _plain(ax.get_xlabel())
            parts.append(
                f"{scale}horizontal bar chart"
                + (f", \u201c{title}\u201d" if title else "")
                + (f"; {axis}" if axis else "")
                + ": "
                + "; ".join(named)
            )
        else:
            kind = "bar chart" if bars else ("line chart" if ax.lines else "chart")
            axes = ", ".join(filter(None, [_plain(ax.get_xlabel()), _plain(ax.get_ylabel())]))
            parts.append(kind + (f", \u201c{title}\u201d" if title else "") + (f" ({axes})" if axes else ""))
    text = ". ".join(parts) or "A chart"
    return text[:1].upper() + text[1:] + "."


def exercise_chart_alts(soup: BeautifulSoup, nb: nbformat.NotebookNode) -> int:
    """Give each image drawn by an exercise's chart cell (``figure = exercises.chart("key", seed)``), which
    its notebook shows with no description, the description of that chart computed from the chart itself;
    return how many."""
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    if not CHART_CALL.search(code):
        return 0
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from energycoop.teaching.exercises import chart

    seed_match = SEED_LINE.search(code)
    seed = int(seed_match.group(1)) if seed_match else 0
    count = 0
    for cell in soup.select(".jp-CodeCell"):
        source = cell.select_one(".jp-InputArea-editor")
        match = CHART_CALL.search(source.get_text() if source else "")
        if not match:
            continue
        for image in cell.select(".jp-OutputArea-output img"):
            if not image.has_attr("data-no-description"):
                continue
            figure = chart(match.group(1), seed)
            try:
                image["alt"] = describe_chart(figure)
            finally:
                plt.close(figure)
            del image["data-no-description"]
            count += 1
    return count


def phone_figures(soup: BeautifulSoup, nb: nbformat.NotebookNode) -> int:
    """Show each figure its notebook also drew for a phone's width (the output's ``PHONE_KEY`` metadata) as that
    layout on a phone: a ``<picture>`` whose source for a phone is the phone layout; return how many."""
    import base64
    import io

    from PIL import Image

    phones = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            phone = output.get("metadata", {}).get("image/png", {}).get(PHONE_KEY)
            if phone and "image/png" in output.get("data", {}):
                phones["".join(output["data"]["image/png"].split())] = phone
    count = 0
    for image in soup.select("main .jp-OutputArea-output img"):
        main = image.get("src", "").partition("base64,")[2]
        phone = phones.get("".join(main.split()))
        if not phone:
            continue
        with Image.open(io.BytesIO(base64.b64decode(phone))) as drawn:
            dpi = drawn.info.get("dpi", (150,))[0]  # the notebooks show a figure at 100 px an inch
            width, height = (round(v * 100 / dpi) for v in drawn.size)
        picture = soup.new_tag("picture")
        source = soup.new_tag(
            "source",
            attrs={
                "media": PHONE,
                "srcset": f"data:image/png;base64,{phone}",
                "width": str(width),
                "height": str(height),
            },
        )
        image.wrap(picture)
        image.insert_before(source)
        image["class"] = [*image.get("class", []), "has-phone-layout"]
        count += 1
    return count


def wide_figures(soup: BeautifulSoup) -> int:
    """Mark each figure drawn wider than ``WIDE`` px: on a phone it keeps ``READABLE`` of its drawn size and
    scrolls sideways in its box (with a visible cue) instead of shrinking; return how many."""
    count = 0
    for image in soup.select("main .jp-OutputArea-output img[width]:not(.has-phone-layout)"):
        try:
            width = int(image["width"])
        except ValueError:
            continue
        if width <= WIDE:
            continue
        image["class"] = [*image.get("class", []), "wide-figure"]
        image["style"] = f"--phone-width:{round(width * READABLE)}px"
        box = image.find_parent(class_="jp-OutputArea-output")
        box["class"] = [*box.get("class", []), "wide-figure-box"]
        count += 1
    return count
