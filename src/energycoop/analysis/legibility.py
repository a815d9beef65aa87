"""Whether a figure is readable as drawn (``legibility_problems``): no text below ``MIN_FONT_PT``, no text over text."""

from __future__ import annotations

import matplotlib as mpl

MIN_FONT_PT = 9


def legibility_problems(fig) -> list[str]:
    """What would make ``fig`` hard to read: text smaller than ``MIN_FONT_PT`` points, and text boxes
    that overlap one another (titles, labels, tick labels, annotations, legend entries), as drawn."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    hidden = _not_drawn(fig)
    texts = [
        t
        for t in fig.findobj(mpl.text.Text)
        if t.get_visible() and t.get_text().strip() and t.get_figure() is fig and id(t) not in hidden
    ]
    problems = [
        f"text {t.get_text()!r} is {t.get_fontsize():.1f} pt, below {MIN_FONT_PT} pt"
        for t in texts
        if t.get_fontsize() < MIN_FONT_PT - 1e-9
    ]
    boxes = [(t, t.get_window_extent(renderer)) for t in texts]
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            overlap = box_a.intersection(box_a, box_b)
            if overlap is not None and overlap.width > 1 and overlap.height > 1:
                problems.append(f"text {a.get_text()!r} overlaps {b.get_text()!r}")
    return problems


def _not_drawn(fig) -> set[int]:
    """The texts of ``fig`` that are never drawn although each is visible itself: those of a hidden axes, and the
    tick labels and label of a hidden axis (a timeline's y axis)."""
    hidden: set[int] = set()
    for ax in fig.axes:
        if not ax.get_visible():
            hidden.update(id(t) for t in ax.findobj(mpl.text.Text))
            continue
        for axis in (ax.xaxis, ax.yaxis):
            if not axis.get_visible():
                hidden.update(
                    id(t) for t in [*axis.get_ticklabels(which="both"), axis.label, axis.get_offset_text()]
                )
    return hidden
