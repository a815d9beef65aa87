"""One plot style for the collection, and reproducible figure files.

Colours are the Okabe-Ito palette, distinguishable with the common forms of colour
blindness. ``save_figure`` writes PNG and SVG with no dates and a fixed SVG hash salt,
so rerunning a notebook leaves the files byte-for-byte unchanged; the figure's one-line
description goes into both files' metadata as alt text. In a notebook the saved PNG is
what is shown, so each figure is drawn twice (PNG, SVG) rather than three times. A figure
drawn wider than a phone's column is drawn once more, re-laid out at that width (``phone.phone_layout``),
for the site to show on a phone instead of shrinking it or scrolling it sideways.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
from cycler import cycler

from energycoop.analysis.legibility import legibility_problems
from energycoop.analysis.phone import PHONE_KEY, PHONE_WIDTH_IN, phone_layout

OKABE_ITO = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
}
WIND = OKABE_ITO["sky blue"]
HYDRO = OKABE_ITO["blue"]
COAL = OKABE_ITO["black"]
HIGHLIGHT = OKABE_ITO["vermillion"]


def use_style() -> None:
    """Apply the collection's matplotlib settings (call once, at the top of a notebook)."""
    mpl.rcParams.update(
        {
            "svg.hashsalt": "energycoop",
            "svg.fonttype": "path",
            "figure.figsize": (8, 4.5),
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "savefig.bbox": "tight",
            "axes.prop_cycle": cycler(color=list(OKABE_ITO.values())),
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titlesize": 12,
            "axes.titleweight": "bold",
            "axes.labelsize": 10,
            "font.size": 10,
            "legend.frameon": False,
        }
    )


def save_figure(fig, name: str, directory: str | Path, description: str) -> list[Path]:
    """Save ``fig`` as ``<directory>/<name>.png`` and ``.svg``; return the two paths.

    ``description`` is one sentence saying what the figure shows; it is stored in the
    files' metadata and should also be printed under the figure in the notebook. A figure with
    text below ``legibility.MIN_FONT_PT`` or overlapping text (``legibility_problems``) is refused before
    anything is written, so every figure the notebooks make passes that check on every run.
    """
    problems = legibility_problems(fig)
    if problems:
        raise ValueError(f"figure {name} is hard to read: " + "; ".join(problems))
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    png = directory / f"{name}.png"
    svg = directory / f"{name}.svg"
    fig.savefig(png, metadata={"Software": None, "Description": description})
    fig.savefig(svg, metadata={"Date": None, "Creator": None, "Description": description})
    _show_saved(fig, png, description)
    return [png, svg]


def _show_saved(fig, png: Path, description: str) -> None:
    """In a notebook, show the saved PNG instead of rendering the figure a third time, and close it; the
    figure's description is the output's alt text (in the notebook, and on the site nbconvert builds)."""
    try:
        from IPython import get_ipython
        from IPython.display import Image, display
    except ImportError:  # pragma: no cover - IPython comes with the notebooks' stack
        return
    if get_ipython() is None:
        return
    import base64

    import matplotlib.pyplot as plt
    from PIL import Image as PILImage

    with PILImage.open(png) as image:
        width = image.size[0]
    phone, _ = (
        phone_layout(fig) if width * 100 / mpl.rcParams["savefig.dpi"] > PHONE_WIDTH_IN * 100 else (None, [])
    )
    plt.close(fig)
    metadata = {PHONE_KEY: base64.b64encode(phone).decode("ascii")} if phone else None

    class DescribedImage(Image):
        """The figure, whose plain-text form (a viewer that shows no image) is its description."""

        def __repr__(self) -> str:
            return description

    display(
        DescribedImage(
            filename=str(png),
            width=round(width * 100 / mpl.rcParams["savefig.dpi"]),
            alt=description,
            metadata=metadata,
        )
    )
