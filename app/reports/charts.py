"""Charts as SVG drawn on the server: geometry here, markup in templates/reports/_charts.html.

No JavaScript and no outside request; each chart comes with a title, a sentence that says what
it shows, and the same numbers as a table (for screen readers, printing and copying)."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 640
LABEL_WIDTH = 200
BAR_HEIGHT = 22
GAP = 8
TOP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    second: int  # a part of value drawn darker (completions within enrolments)
    y: int
    width: float
    second_width: float


def bars(
    rows: list[dict], label, value: str = "enrolments", second: str = "completions", limit: int = 15
) -> dict:
    """Horizontal bars of the ``limit`` largest rows (the table below lists them all)."""
    shown = rows[:limit]
    largest = max((row[value] or 0 for row in shown), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 60
    items = [
        Bar(
            label=label(row),
            value=row[value] or 0,
            second=row[second] or 0,
            y=TOP + n * (BAR_HEIGHT + GAP),
            width=round(room * (row[value] or 0) / largest, 1),
            second_width=round(room * (row[second] or 0) / largest, 1),
        )
        for n, row in enumerate(shown)
    ]
    return {
        "bars": items,
        "height": TOP * 2 + len(items) * (BAR_HEIGHT + GAP),
        "width": WIDTH,
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "more": max(0, len(rows) - len(shown)),
    }


@dataclass(frozen=True)
class Column:
    label: str
    value: int
    second: int
    x: float
    height: float
    second_height: float


def columns(rows: list[dict], value: str = "enrolments", second: str = "completions") -> dict:
    """Vertical columns in time order (the monthly trend)."""
    plot_height = 180
    count = max(1, len(rows))
    step = (WIDTH - 40) / count
    largest = max((row[value] or 0 for row in rows), default=0) or 1
    items = [
        Column(
            label=row["key"],
            value=row[value] or 0,
            second=row[second] or 0,
            x=round(30 + n * step, 1),
            height=round(plot_height * (row[value] or 0) / largest, 1),
            second_height=round(plot_height * (row[second] or 0) / largest, 1),
        )
        for n, row in enumerate(rows)
    ]
    return {
        "columns": items,
        "width": WIDTH,
        "height": plot_height + 60,
        "base": plot_height + 10,
        "column_width": round(max(2.0, step * 0.7), 1),
        "label_every": max(1, round(count / 12)),
    }
