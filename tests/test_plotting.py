import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from energycoop.plotting import save_figure, use_style


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
