"""The SVG bar charts of core and the numbers they write."""

import pytest

from territoires.core.charts import PLOT_WIDTH, PLOT_X, BarInput, bar_chart, count_scale
from territoires.core.formats import number


@pytest.mark.parametrize(
    ("value", "text"), [(3500, "3\u202f500"), (12.5, "12,5"), (0.25, "0,25"), (7.0, "7")]
)
def test_number_writes_a_value_the_french_way(value, text):
    assert number(value) == text


@pytest.mark.parametrize(("largest", "top"), [(0, 5), (3, 5), (7, 10), (23, 25), (480, 500)])
def test_the_scale_of_counts_has_a_round_top(largest, top):
    assert count_scale(largest) == top


def test_bars_are_drawn_to_scale_with_their_range_and_marker():
    chart = bar_chart(
        [
            BarInput("Axe A", 50.0, median=25.0, first_quartile=10.0, third_quartile=60.0),
            BarInput("Axe B", None),
            BarInput("Axe C", 150.0, value_text="150 sur 100"),
        ]
    )

    first, missing, above = chart.bars
    assert first.bar_width == PLOT_WIDTH / 2
    assert first.median_x == PLOT_X + PLOT_WIDTH / 4
    assert (first.range_x, first.range_width) == (PLOT_X + PLOT_WIDTH / 10, PLOT_WIDTH / 2)
    assert (first.value_text, missing.value_text) == ("50,0", "non calculé")
    assert (missing.bar_width, missing.median_x, missing.range_x) == (0.0, None, None)
    # A value beyond the scale stops at its end; its text says the real value.
    assert (above.bar_width, above.value_text) == (PLOT_WIDTH, "150 sur 100")
    assert [tick.text for tick in chart.ticks] == ["0", "20", "40", "60", "80", "100"]
    assert [tick.x for tick in chart.ticks][::5] == [PLOT_X, PLOT_X + PLOT_WIDTH]
    assert first.y < missing.y < above.y < chart.height
    assert chart.has_peers
    assert not bar_chart([BarInput("Axe A", 50.0)]).has_peers
