"""A figure in words: one sentence read from a matplotlib figure itself (titles, axis labels, each bar's label
and value), the alt text of a chart that has no description of its own (the exercise charts)."""

from __future__ import annotations

import re

from energycoop.quantities.units import round_sig


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
