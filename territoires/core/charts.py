"""Horizontal bar charts drawn on the server as inline SVG (pure, no ORM).

A chart is geometry for ``core/_bar_chart.html``: one row per item with its
label on a line of its own above its bar (so that a long axis name is never clipped, and the
chart stays narrow enough to be read on a phone), a bar for its value, and optionally a
range (a thin band: the interquartile range of a group) and a marker (a tick across the row: its
median), on a scale of round ticks. Every value is also written as text at
the end of its row, and a data table sits beside every chart, so no
information is carried by colour alone.
"""

import dataclasses
import math
from collections.abc import Sequence

from territoires.core.formats import number, score

WIDTH = 440
PLOT_X = 12  # room for the half of the first tick's text
PLOT_WIDTH = 340
ROW_HEIGHT = 50
TOP = 22  # room for the scale


@dataclasses.dataclass(frozen=True)
class BarInput:
    label: str
    value: float | None
    value_text: str = ""
    median: float | None = None
    first_quartile: float | None = None
    third_quartile: float | None = None


@dataclasses.dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    y: float
    bar_width: float
    median_x: float | None
    range_x: float | None
    range_width: float

    @property
    def label_y(self) -> float:
        return self.y + 14

    @property
    def value_y(self) -> float:
        return self.y + 32

    @property
    def bar_y(self) -> float:
        return self.y + 20

    @property
    def range_y(self) -> float:
        return self.y + 38

    @property
    def median_top(self) -> float:
        return self.y + 18

    @property
    def median_bottom(self) -> float:
        return self.y + ROW_HEIGHT - 4


@dataclasses.dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclasses.dataclass(frozen=True)
class BarChart:
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    height: float
    has_peers: bool
    width: int = WIDTH
    plot_x: int = PLOT_X
    value_x: int = PLOT_X + PLOT_WIDTH + 8

    @property
    def plot_bottom(self) -> float:
        return self.height - 4


def count_scale(largest: int) -> int:
    """A round top of the scale of a chart of counts, so that its 5 ticks are whole numbers."""
    step = max(largest, 1) / 5
    magnitude = 10 ** math.floor(math.log10(step)) if step >= 1 else 1
    return 5 * math.ceil(step / magnitude) * magnitude


def _x(value: float, maximum: float) -> float:
    return PLOT_X + PLOT_WIDTH * max(0.0, min(value, maximum)) / maximum


def bar_chart(items: Sequence[BarInput], *, maximum: float = 100.0, ticks=5) -> BarChart:
    """The geometry of a chart of ``items`` on a scale from 0 to ``maximum``."""
    maximum = maximum or 1.0
    bars = []
    for row, item in enumerate(items):
        has_range = item.first_quartile is not None and item.third_quartile is not None
        range_x = _x(item.first_quartile, maximum) if has_range else None
        bars.append(
            Bar(
                label=item.label,
                value_text=item.value_text or score(item.value),
                y=TOP + row * ROW_HEIGHT,
                bar_width=0.0 if item.value is None else _x(item.value, maximum) - PLOT_X,
                median_x=None if item.median is None else _x(item.median, maximum),
                range_x=range_x,
                range_width=_x(item.third_quartile, maximum) - range_x if has_range else 0.0,
            )
        )
    scale = tuple(
        Tick(_x(maximum * step / ticks, maximum), number(round(maximum * step / ticks, 1)))
        for step in range(ticks + 1)
    )
    return BarChart(
        bars=tuple(bars),
        ticks=scale,
        height=TOP + len(bars) * ROW_HEIGHT + 4,
        has_peers=any(bar.median_x is not None for bar in bars),
    )
