import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

from energycoop.analysis.plotting import save_figure, use_style


def _draw():
    fig, ax = plt.subplots()
    ax.bar(["wind", "hydro"], [350, 79.8])
    ax.set_title("test")
    return fig


def test_figures_are_byte_identical_when_saved_twice(tmp_path):
    use_style()
    first = [p.read_bytes() for p in save_figure(_draw(), "f", tmp_path / "a", "two bars")]
    second = [p.read_bytes() for p in save_figure(_draw(), "f", tmp_path / "b", "two bars")]
    plt.close("all")
    assert first == second
    svg = second[1].decode()
    assert "two bars" in svg and "<dc:date>" not in svg


def test_small_or_overlapping_text_is_refused_before_a_figure_is_written(tmp_path):
    import matplotlib.pyplot as plt

    from energycoop.analysis.legibility import legibility_problems
    from energycoop.analysis.plotting import save_figure, use_style

    use_style()
    fig, ax = plt.subplots()
    ax.set_title("a readable title")
    assert legibility_problems(fig) == []
    ax.text(0.5, 0.5, "small", fontsize=7)
    ax.text(0.5, 0.5, "on top")
    problems = legibility_problems(fig)
    assert "text 'small' is 7.0 pt, below 9 pt" in problems and "text 'small' overlaps 'on top'" in problems
    with pytest.raises(ValueError, match=r"figure bad is hard to read: text 'small' is 7.0 pt"):
        save_figure(fig, "bad", tmp_path, "a figure with unreadable text")
    assert list(tmp_path.iterdir()) == []
    plt.close(fig)


def _wide_bars():
    fig, ax = plt.subplots(figsize=(9, 4))
    labels = [
        "First half of 2023, as a yearly run rate",
        "Other 2017 figure, as reported (quote not confirmed)",
        "Article (2024), capacity",
    ]
    bars = ax.barh(range(3), [5.84, 4.3, 5.5])
    ax.set_yticks(range(3), labels)
    for bar in bars:
        ax.annotate(
            f"{bar.get_width():.2f} Mt",
            (bar.get_width(), bar.get_y() + 0.4),
            xytext=(4, -4),
            textcoords="offset points",
            fontsize=10,
        )
    ax.set_xlabel("Crude oil, million tonnes a year")
    ax.set_title("Atyrau refinery: the article's 5.5 Mt against other figures")
    return fig, labels


def test_a_wide_figure_is_re_laid_out_for_a_phone_at_its_own_text_size():
    import io

    from PIL import Image

    from energycoop.analysis.phone import PHONE_WIDTH_IN, phone_layout

    use_style()
    fig, labels = _wide_bars()
    png, problems = phone_layout(fig)
    assert problems == [] and png is not None
    with Image.open(io.BytesIO(png)) as image:
        width = image.size[0] * 100 / 150  # CSS px, as the notebooks show figures (100 px an inch)
    assert PHONE_WIDTH_IN * 100 * 0.8 < width <= PHONE_WIDTH_IN * 100 * 1.03, "the phone's column, not shrunk"
    texts = [t.get_text().replace("\n", " ") for t in fig.axes[0].texts]
    assert all(label in texts for label in labels), "each category's label moved above its bar, whole"
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["", "", ""]
    assert min(t.get_fontsize() for t in fig.axes[0].texts) >= 9, "the same text sizes"
    plt.close(fig)


def test_a_narrow_figure_needs_no_phone_layout_and_one_that_cannot_fit_gets_none():
    from energycoop.analysis.phone import phone_layout

    use_style()
    fig, ax = plt.subplots(figsize=(3.4, 3))
    ax.bar(["wind", "hydro"], [350, 79.8])
    assert phone_layout(fig) == (None, [])
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(9, 3))
    ax.plot([0, 1], [0, 1])
    ax.text(
        0.0,
        0.5,
        "a label far too long to fit on a phone's narrow column, on one unbreakable line",
        transform=ax.transAxes,
        fontsize=12,
    )
    png, problems = phone_layout(fig)
    assert png is None and problems and "px wide" in problems[-1], problems
    plt.close(fig)


def _phone_png(fig):
    import io

    from PIL import Image

    from energycoop.analysis.phone import PHONE_WIDTH_IN, phone_layout

    png, problems = phone_layout(fig)
    assert problems == [] and png is not None, problems
    with Image.open(io.BytesIO(png)) as image:
        width = image.size[0] * 100 / 150  # CSS px, as the notebooks show figures (100 px an inch)
    assert PHONE_WIDTH_IN * 100 * 0.8 < width <= PHONE_WIDTH_IN * 100 * 1.03, (
        f"{width} px: not the phone's column"
    )
    return png


def _boxes(fig, *artists):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [a.get_window_extent(renderer) for a in artists]


def test_a_map_s_colour_bar_goes_under_it_on_a_phone():
    import numpy as np

    use_style()
    fig, ax = plt.subplots(figsize=(8, 5.5))
    x, y = np.linspace(25, 45, 9), np.linspace(12500, 14500, 9)
    filled = ax.contourf(x, y, np.outer(1 / x, y).T, levels=12, cmap="cividis")
    fig.colorbar(filled, ax=ax, label="Zhanatas-sized wind farms to match the smelter's electricity")
    ax.set_ylabel("Smelter electricity per tonne of aluminium (kWh/t)")
    ax.set_xlabel("Zhanatas capacity factor (%)")
    ax.set_title("How many Zhanatas farms the Pavlodar smelter's electricity equals")
    _phone_png(fig)
    bar = next(a for a in fig.axes if a is not ax)
    plot_box, bar_box = _boxes(fig, ax, bar)
    assert bar_box.y1 < plot_box.y0 and bar_box.width > 3 * bar_box.height, "flat, under the plot"
    assert "\n" in ax.get_ylabel() and "\n" in bar.get_xlabel(), "the long labels wrapped"
    plt.close(fig)


def test_a_timeline_s_crowded_dates_are_thinned_and_its_hidden_axis_is_not_read():
    import datetime

    import matplotlib.dates as mdates

    from energycoop.analysis.legibility import legibility_problems

    use_style()
    fig, ax = plt.subplots(figsize=(8, 2.6))
    when = [datetime.date(2021, 6, 1), datetime.date(2021, 7, 1), datetime.date(2022, 4, 1)]
    ax.plot(when, [0, 0, 0], "o")
    ax.set_ylim(-1, 1)
    ax.yaxis.set_visible(False)
    ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=[1, 4, 7, 10]))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    ax.set_xlim(when[0] - datetime.timedelta(days=200), when[-1])
    over = ax.text(0, 0.75, "over the hidden axis's labels", transform=ax.transAxes, ha="right", va="center")
    assert legibility_problems(fig) == [], "the tick labels of a hidden axis are never drawn"
    ax.yaxis.set_visible(True)
    assert "text \"over the hidden axis's labels\" overlaps '0.5'" in legibility_problems(fig), (
        "shown, they are"
    )
    ax.yaxis.set_visible(False)
    over.remove()
    before = len([t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]])
    _phone_png(fig)
    after = len([t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]])
    assert after < before, (before, after)
    plt.close(fig)


def test_a_legend_too_wide_for_a_phone_goes_under_the_figure():
    use_style()
    fig, ax = plt.subplots(figsize=(8, 3.5))
    ax.axvspan(300, 305, alpha=0.15, label="Chinese thermal power, 2023 (assumed range)")
    ax.errorbar(314, 0, xerr=[[18], [19]], fmt="o", capsize=5, label="range allowed by rounding")
    ax.plot(313, 1, "o")
    ax.set_yticks([0, 1], ["Article (about 110,000 t / 350 GWh)", "Published 109,500 t / 350 GWh"])
    ax.set_ylim(-0.7, 1.7)
    ax.invert_yaxis()
    ax.set_xlabel("Standard coal per kWh (gce/kWh)")
    ax.set_title("Zhanatas: coal saved per kWh against Chinese coal plants")
    ax.legend(loc="lower right")
    _phone_png(fig)
    assert ax.get_legend() is None and len(fig.legends) == 1
    legend = fig.legends[0]
    assert [t.get_text().replace("\n", " ") for t in legend.get_texts()] == [
        "Chinese thermal power, 2023 (assumed range)",
        "range allowed by rounding",
    ]
    plot_box, legend_box = _boxes(fig, ax, legend)
    assert legend_box.y1 < plot_box.y0, "under the plot"
    plt.close(fig)


def _figures() -> list[str]:
    from conftest import ROOT

    return sorted(p.stem for p in (ROOT / "figures").glob("*.png"))


@pytest.mark.parametrize("name", _figures())
def test_the_notebooks_carry_a_phone_layout_of_every_figure(name):
    """Every figure of the collection is drawn wider than a phone's column and carries its phone layout in its
    notebook's output (what the site shows on a phone), no wider than the column and no narrower than 80%
    of it (re-laid out, not shrunk)."""
    import base64
    import io

    import nbformat
    from conftest import NOTEBOOKS
    from PIL import Image

    from energycoop.analysis.phone import PHONE_KEY, PHONE_WIDTH_IN
    from energycoop.build.catalogue import entry_of

    notebook = next(
        p for p in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")) if f"figures/{name}.png" in entry_of(p).writes
    )
    with Image.open(NOTEBOOKS.parent / "figures" / f"{name}.png") as image:
        description = image.info["Description"]
    outputs = [
        o
        for c in nbformat.read(notebook, as_version=4).cells
        for o in c.get("outputs", [])
        if o.get("metadata", {}).get("image/png", {}).get("alt") == description
    ]
    assert len(outputs) == 1, f"{notebook.name} shows {name} once"
    phone = outputs[0]["metadata"]["image/png"].get(PHONE_KEY)
    assert phone, f"{name} has no phone layout in {notebook.name}"
    with Image.open(io.BytesIO(base64.b64decode(phone))) as image:
        assert PHONE_WIDTH_IN * 100 * 0.8 < image.size[0] * 100 / 150 <= PHONE_WIDTH_IN * 100 * 1.03


def test_the_figures_checked_above_are_the_collection_s():
    """(the parametrised test above is skipped, not failed, if it finds no figure)"""
    assert len(_figures()) >= 21, _figures()
