"""A figure re-laid out for a phone's column (``phone_layout``): what the site shows on a phone instead of
shrinking a wide figure or scrolling it sideways."""

from __future__ import annotations

import itertools

import matplotlib as mpl

from energycoop.analysis.legibility import legibility_problems

# A phone's column: 362 CSS px at the 100 px an inch the notebooks show figures at (``plotting._show_saved``), where
# 9 pt text is 12.5 px, as on a laptop.
PHONE_WIDTH_IN = 3.62
PHONE_KEY = "energycoop/phone"  # the output metadata that carries the phone layout (a base64 PNG)


def _css_width(png: bytes) -> float:
    import io

    from PIL import Image as PILImage

    dpi = mpl.rcParams["savefig.dpi"]
    with PILImage.open(io.BytesIO(png)) as image:
        return (
            image.size[0] * 100 / (dpi if isinstance(dpi, (int, float)) else image.info.get("dpi", (100,))[0])
        )


def _labels_above(fig, ax) -> int:
    """Move the text labels of a category axis on y (horizontal bars, a dot plot) above their rows, left-aligned
    and wrapped to the phone's width, so that the plot gets the figure's width; return how many lines of text
    the rows need (0: the axis has no such labels)."""
    import textwrap

    from matplotlib.transforms import blended_transform_factory

    ticks = list(ax.get_yticks())
    labels = [t.get_text() for t in ax.get_yticklabels()]
    if not ticks or len(labels) != len(ticks) or not any(any(c.isalpha() for c in t) for t in labels):
        return 0
    size = ax.get_yticklabels()[0].get_fontsize()
    inverted = ax.yaxis_inverted()
    spacing = min((abs(b - a) for a, b in itertools.pairwise(ticks)), default=1.0)
    bars = [
        p
        for p in ax.patches
        if isinstance(p, mpl.patches.Rectangle)
        and p.get_height()
        and any(abs(p.get_y() + p.get_height() / 2 - t) < spacing / 2 for t in ticks)
    ]
    for bar in bars:  # thinner bars leave each row's label its line
        centre, height = bar.get_y() + bar.get_height() / 2, bar.get_height() * 0.6
        bar.set_y(centre - height / 2)
        bar.set_height(height)
    half = max([abs(b.get_height()) / 2 for b in bars], default=spacing * 0.15)
    lift = half + spacing * 0.06  # the label's line clears its bar's edge
    transform = blended_transform_factory(ax.transAxes, ax.transData)
    letters = int(0.9 * PHONE_WIDTH_IN * 72 / (0.6 * size))  # the phone's width, less the layout's margins
    lines = 1
    for tick, label in zip(ticks, labels, strict=False):
        if label.strip():
            wrapped = textwrap.fill(" ".join(label.split()), letters)
            lines = max(lines, wrapped.count("\n") + 1)
            text = ax.text(
                0.01,
                tick - lift if inverted else tick + lift,
                wrapped,
                transform=transform,
                ha="left",
                va="bottom",
                fontsize=size,
                linespacing=1.0,
                zorder=5,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.5, "alpha": 0.85},
            )
            text.set_in_layout(False)  # it stays inside the axes: the layout keeps the width for the plot
    ax.set_yticks(ticks, [""] * len(ticks))
    ax.tick_params(axis="y", length=0)
    low, high = ax.get_ylim()
    if inverted:
        ax.set_ylim(low, high - spacing * 0.6)
    else:
        ax.set_ylim(low, high + spacing * 0.6)
    return len(ticks) * lines


def _pull_in(fig) -> int:
    """Each annotation that runs past the figure's right edge (a value at a bar's end) ends at its plot's right
    edge instead, on the same line; return how many moved."""
    from matplotlib.text import Annotation
    from matplotlib.transforms import blended_transform_factory

    renderer = fig.canvas.get_renderer()
    moved = 0
    for ax in fig.axes:
        for text in ax.texts:
            if isinstance(text, Annotation) and text.get_window_extent(renderer).x1 > fig.bbox.x1:
                text.xy = (1.0, text.xy[1])
                text.xycoords = blended_transform_factory(ax.transAxes, ax.transData)
                text.set_horizontalalignment("right")
                text.set_position((0, text.get_position()[1]))
                moved += 1
    return moved


def _stack(fig) -> int:
    """Charts side by side (one grid, a chart to a cell, no colour bar among them) go one under the other, in
    one column, in reading order; return how many (0: the figure is not such a grid)."""
    axes = [ax for ax in fig.axes if ax.get_subplotspec() is not None]
    if len(axes) < 2 or len(axes) != len(fig.axes):
        return 0
    grids = {id(ax.get_subplotspec().get_gridspec()) for ax in axes}
    _, columns = axes[0].get_subplotspec().get_gridspec().get_geometry()
    single = all(len(ax.get_subplotspec().rowspan) == len(ax.get_subplotspec().colspan) == 1 for ax in axes)
    if len(grids) != 1 or columns < 2 or not single:
        return 0
    column = fig.add_gridspec(len(axes), 1)
    order = sorted(axes, key=lambda a: (a.get_subplotspec().rowspan.start, a.get_subplotspec().colspan.start))
    for row, ax in enumerate(order):
        ax.set_subplotspec(column[row, 0])
    return len(axes)


def _wrap_to_phone(text, bold: bool = False, room: float = 0.95) -> None:
    """``text`` (a matplotlib Text) wrapped to ``room`` of the phone's width at its own size."""
    import textwrap

    if text.get_text():
        letters = int(room * PHONE_WIDTH_IN * 72 / ((0.65 if bold else 0.55) * text.get_fontsize()))
        text.set_text(textwrap.fill(" ".join(text.get_text().split()), letters))


def _colour_bars_below(fig) -> int:
    """Each colour bar beside its plot goes under it, lying flat and as wide as the plot (beside it, it takes a
    third of a phone's width from the plot); return how many. The figure is then laid out by matplotlib's
    constrained layout, which the colour bars are made for."""
    bars = [
        ax._colorbar
        for ax in fig.axes
        if getattr(ax, "_colorbar", None) is not None
        and getattr(ax, "_colorbar_info", {}).get("location") in ("left", "right")
    ]
    if not bars:
        return 0
    kept = [(bar.mappable, bar.ax._colorbar_info["parents"], bar.ax.get_ylabel()) for bar in bars]
    for bar in bars:
        bar.remove()
    fig.set_layout_engine("constrained")
    for mappable, parents, label in kept:
        fig.colorbar(mappable, ax=parents, location="bottom", label=label, aspect=30, pad=0.02)
    return len(kept)


def _thin_ticks(fig) -> int:
    """On each axis whose tick labels run into one another once the figure is narrowed (dates, a log scale's
    powers of ten), every other tick and its label goes, until they stand apart; return how many times. Each
    round draws the figure once and thins every crowded axis of that drawing (a figure of twelve plots is
    drawn once or twice, not twice per axis), up to three rounds."""
    from matplotlib.ticker import FixedLocator

    thinned = 0
    axes = [axis for ax in fig.axes for axis in (ax.xaxis, ax.yaxis) if axis.get_visible()]
    for _ in range(3):
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        crowded = [(axis, shown) for axis in axes if (shown := _crowded(axis, renderer, fig.dpi))]
        for axis, shown in crowded:
            axis.set_major_locator(FixedLocator([loc for loc, _ in shown][::2]))
        thinned += len(crowded)
        axes = [axis for axis, _ in crowded]  # an axis whose labels stood apart stays as it is
        if not axes:
            break
    return thinned


def _crowded(axis, renderer, dpi: float) -> list:
    """The shown ticks of ``axis`` (position, label extent) where two neighbouring labels run into one
    another and there are three or more (two that collide: the plot itself has no room); else []."""
    low, high = sorted(axis.get_view_interval())
    shown = [
        (tick.get_loc(), tick.label1.get_window_extent(renderer))
        for tick in axis.get_major_ticks()
        if low <= tick.get_loc() <= high and tick.label1.get_visible() and tick.label1.get_text()
    ]
    if len(shown) < 3:
        return []
    gap = 0.3 * axis.get_ticklabels()[0].get_fontsize() * dpi / 72
    near = [a.overlaps(b.padded(gap)) for (_, a), (_, b) in itertools.pairwise(shown)]
    return shown if any(near) else []


def _fit_labels(fig) -> int:
    """Each y axis label longer than its plot is tall, once the figure is narrowed, wrapped to the plot's
    height, and each label under a colour bar wider than the bar wrapped to its width; return how many."""
    import textwrap

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    fitted = 0
    for ax in fig.axes:
        flat = getattr(ax, "_colorbar", None) is not None and ax.get_xlabel()
        label, axis = (ax.xaxis.label, ax.xaxis) if flat else (ax.yaxis.label, ax.yaxis)
        if not (axis.get_visible() and label.get_visible() and label.get_text()):
            continue
        room, extent = ax.get_window_extent(renderer), label.get_window_extent(renderer)
        room, length = (room.width, extent.width) if flat else (room.height, extent.height)
        if length > room:
            letters = int(room * 72 / fig.dpi / (0.55 * label.get_fontsize()))
            label.set_text(textwrap.fill(" ".join(label.get_text().split()), letters))
            fitted += 1
    return fitted


def _legends_below(fig) -> int:
    """The plots' legends become one legend under the figure, one entry a line, each wrapped to the phone's
    width (in a narrowed plot a legend covers the points or pushes the plot aside); return how many."""
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    if not legends:
        return 0
    handles, labels = [], []
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        texts = [t.get_text() for t in legend.get_texts()]
        artists, named = (
            ax.get_legend_handles_labels()
        )  # the plotted artists draw their own key (an error bar's)
        for handle, text in (
            zip(artists, named, strict=True)
            if named == texts
            else zip(legend.legend_handles, texts, strict=False)
        ):
            if text not in labels:
                handles.append(handle)
                labels.append(text)
        legend.remove()
    below = fig.legend(handles, labels, loc="outside lower left", ncols=1)
    for text in below.get_texts():
        _wrap_to_phone(text, room=0.8)  # less the handle's width
    return len(legends)


def _save(fig, limit: float) -> bytes:
    """``fig`` as a PNG, the annotations that stick out past its plot pulled in (up to three times)."""
    import io

    for _ in range(3):  # text that sticks out past the plot (a label at a bar's end): narrow it again
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", metadata={"Software": None})
        if _css_width(buffer.getvalue()) <= limit or not _pull_in(fig):
            break
    return buffer.getvalue()


def _compact(png: bytes) -> bytes:
    """``png`` in 256 colours (a chart's flat colours and its text's edges need no more), at the same size and
    resolution: about 40% of the bytes, since a notebook carries each phone layout beside its figure."""
    import io

    from PIL import Image as PILImage

    with PILImage.open(io.BytesIO(png)) as image:
        dpi = image.info.get("dpi")
        flat = PILImage.alpha_composite(PILImage.new("RGBA", image.size, "white"), image.convert("RGBA"))
    fewer = flat.convert("RGB").quantize(
        colors=256, method=PILImage.Quantize.MEDIANCUT, dither=PILImage.Dither.NONE
    )
    buffer = io.BytesIO()
    fewer.save(buffer, format="png", optimize=True, **({"dpi": dpi} if dpi else {}))
    return buffer.getvalue()


def _render(fig, limit: float, engines, locators: dict) -> tuple[bytes, list[str]]:
    """``fig`` laid out by the first of ``engines`` that can (None: the engine it has), annotations that stick
    out pulled in, and once laid out, crowded tick labels thinned (from each axis's own ticks, ``locators``)
    and long labels wrapped (then laid out again); its PNG and what still keeps it from fitting."""
    problems: list[str] = []
    for engine in engines:
        try:
            for axis, locator in locators.items():  # the ticks thinned for another layout come back
                if axis.get_major_locator() is not locator:
                    axis.set_major_locator(locator)
            if engine:
                fig.set_layout_engine(engine)
            png = _save(fig, limit)
            if _thin_ticks(fig) + _fit_labels(fig):  # measured on the layout just saved
                png = _save(fig, limit)
            problems = legibility_problems(fig)
            if _css_width(png) > limit:
                problems.append(f"re-laid out, it is still {_css_width(png):.0f} px wide")
            return png, problems
        except (ValueError, ZeroDivisionError, RuntimeError) as exc:  # a layout matplotlib cannot make
            problems = [f"no phone layout: {type(exc).__name__}: {exc}"]
    return b"", problems


def _title_over_figure(fig) -> int:
    """The title of a figure's one plot becomes the figure's title, wrapped to its width and laid out above
    everything (over the plot, a wrapped title runs into a tick label that stands above the plot); return 1
    if it moved."""
    plots = [ax for ax in fig.axes if ax.get_title() and getattr(ax, "_colorbar", None) is None]
    if len(plots) != 1 or fig._suptitle is not None:
        return 0
    title = plots[0].title
    moved = fig.suptitle(
        " ".join(title.get_text().split()), fontsize=title.get_fontsize(), fontweight=title.get_fontweight()
    )
    _wrap_to_phone(moved, bold=True)
    title.set_text("")
    return 1


def phone_layout(fig) -> tuple[bytes | None, list[str]]:
    """``fig`` re-laid out for a phone's column (``PHONE_WIDTH_IN``): the same content at the same text sizes,
    the figure narrowed, the labels of a category axis moved above their rows, a colour bar under its plot,
    titles wrapped to the width (a y label to its plot's height, a colour bar's to its width), tick labels that would run together thinned, the figure as tall as its rows
    need, the layout redone; where that still leaves text overlapping or sticking out, the legends go under
    the figure and a lone plot's title over it. Returns the PNG and no problems, or None and what keeps it from fitting (text that would
    overlap, or stick out). A figure already as narrow as the column returns (None, []): it needs no other
    layout. Changes ``fig``: call it once the figure is saved."""
    import warnings

    from matplotlib.layout_engine import ConstrainedLayoutEngine

    width, height = fig.get_size_inches()
    if width <= PHONE_WIDTH_IN:
        return None, []
    stacked = _stack(fig)
    if stacked:
        height *= stacked * 0.6
    bars = _colour_bars_below(fig)
    rows = sum(_labels_above(fig, ax) for ax in fig.axes)
    pad = mpl.rcParams["savefig.pad_inches"] if mpl.rcParams["savefig.bbox"] == "tight" else 0
    if bars:  # a map keeps about its shape, the colour bar and the wrapped titles under and over it
        height = height * PHONE_WIDTH_IN / width * 1.6 + 0.6 * bars
    else:
        height = max(height * 1.25, 0.42 * rows + 1.2 * len(fig.axes) + 0.6)
    fig.set_size_inches(PHONE_WIDTH_IN - 2 * pad, height)
    for text in [*(ax.title for ax in fig.axes), *([fig._suptitle] if fig._suptitle else [])]:
        _wrap_to_phone(text, bold=True)
    for ax in fig.axes:
        _wrap_to_phone(ax.xaxis.label)
    limit = PHONE_WIDTH_IN * 100 * 1.03  # (shown at 97% of its size at worst)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a layout that cannot fit shows as a problem below, not as a warning
        # constrained makes room for wrapped titles, the figure's too; a figure whose colour bar refuses
        # another engine keeps its own layout, narrowed
        locators = {axis: axis.get_major_locator() for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)}
        png, problems = _render(
            fig, limit, ("constrained", "tight") if not bars else ("constrained",), locators
        )
        if (
            problems
            and not problems[0].startswith("no phone layout")
            and isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
            and _legends_below(fig) + _title_over_figure(fig)
        ):
            png, problems = _render(fig, limit, (None,), locators)
    return (None if problems else _compact(png)), problems
