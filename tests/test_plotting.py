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

    from energycoop.analysis.plotting import legibility_problems, save_figure, use_style

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
    labels = ["First half of 2023, as a yearly run rate", "Other 2017 figure, as reported (quote not confirmed)",
              "Article (2024), capacity"]
    bars = ax.barh(range(3), [5.84, 4.3, 5.5])
    ax.set_yticks(range(3), labels)
    for bar in bars:
        ax.annotate(f"{bar.get_width():.2f} Mt", (bar.get_width(), bar.get_y() + 0.4), xytext=(4, -4),
                    textcoords="offset points", fontsize=10)
    ax.set_xlabel("Crude oil, million tonnes a year")
    ax.set_title("Atyrau refinery: the article's 5.5 Mt against other figures")
    return fig, labels


def test_a_wide_figure_is_re_laid_out_for_a_phone_at_its_own_text_size():
    import io

    from PIL import Image

    from energycoop.analysis.plotting import PHONE_WIDTH_IN, phone_layout

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
    from energycoop.analysis.plotting import phone_layout

    use_style()
    fig, ax = plt.subplots(figsize=(3.4, 3))
    ax.bar(["wind", "hydro"], [350, 79.8])
    assert phone_layout(fig) == (None, [])
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(9, 3))
    ax.plot([0, 1], [0, 1])
    ax.text(0.0, 0.5, "a label far too long to fit on a phone's narrow column, on one unbreakable line",
            transform=ax.transAxes, fontsize=12)
    png, problems = phone_layout(fig)
    assert png is None and problems and "px wide" in problems[-1], problems
    plt.close(fig)


@pytest.mark.parametrize("name", ["12-intervals", "12-tornado", "05-atyrau-capacity", "10-claims-audit",
                                  "04-wind-vs-hydro"])
def test_the_notebooks_carry_a_phone_layout_of_their_wide_figures(name):
    """Each figure wider than a phone's column that re-lays out cleanly carries its phone layout in its
    notebook's output (what the site shows on a phone), no wider than the column."""
    import base64
    import io

    import nbformat
    from conftest import NOTEBOOKS
    from PIL import Image

    from energycoop.analysis.plotting import PHONE_KEY, PHONE_WIDTH_IN
    from energycoop.build.catalogue import entry_of

    notebook = next(p for p in sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb")) if f"figures/{name}.png" in
                    entry_of(p).writes)
    with Image.open(NOTEBOOKS.parent / "figures" / f"{name}.png") as image:
        description = image.info["Description"]
    outputs = [o for c in nbformat.read(notebook, as_version=4).cells for o in c.get("outputs", [])
               if o.get("metadata", {}).get("image/png", {}).get("alt") == description]
    assert len(outputs) == 1, f"{notebook.name} shows {name} once"
    phone = outputs[0]["metadata"]["image/png"].get(PHONE_KEY)
    assert phone, f"{name} has no phone layout in {notebook.name}"
    with Image.open(io.BytesIO(base64.b64decode(phone))) as image:
        assert image.size[0] * 100 / 150 <= PHONE_WIDTH_IN * 100 * 1.03
