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
