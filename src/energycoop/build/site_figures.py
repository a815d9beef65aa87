"""Figures on the site's pages on a phone: the figure re-laid out for a phone's width where its notebook drew
one (``energycoop.analysis.phone.phone_layout``), or else a readable size for a figure drawn too wide to be
shrunk to a phone's width. (Every figure's alt text is its notebook's: the exercise charts' too, described by
``energycoop.analysis.figure_words``.)"""

from __future__ import annotations

import nbformat
from bs4 import BeautifulSoup

from energycoop.analysis.phone import PHONE_KEY
from energycoop.build.soup import add_class, text_attr

PHONE = "(max-width: 600px)"  # the site's phone layout (site.css)
# A figure drawn wider than this (CSS px) is shown on a phone at READABLE of its drawn size, in a box that
# scrolls sideways, instead of shrunk to the screen's width (where its 9 pt labels would be 3 to 4 px).
WIDE = 900
READABLE = 0.7


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
        main = text_attr(image, "src").partition("base64,")[2]
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
        add_class(image, "has-phone-layout")
        count += 1
    return count


def wide_figures(soup: BeautifulSoup) -> int:
    """Mark each figure drawn wider than ``WIDE`` px: on a phone it keeps ``READABLE`` of its drawn size and
    scrolls sideways in its box (with a visible cue) instead of shrinking; return how many."""
    count = 0
    for image in soup.select("main .jp-OutputArea-output img[width]:not(.has-phone-layout)"):
        try:
            width = int(text_attr(image, "width"))
        except ValueError:
            continue
        if width <= WIDE:
            continue
        add_class(image, "wide-figure")
        image["style"] = f"--phone-width:{round(width * READABLE)}px"
        box = image.find_parent(class_="jp-OutputArea-output")
        if box is not None:
            add_class(box, "wide-figure-box")
        count += 1
    return count
