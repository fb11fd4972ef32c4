import re
from datetime import date, timedelta
from functools import partial

import pytest

from backoffice.charts import bar_chart_svg, value_step
from morpheus.money import number

DAYS = [date(2026, 11, 1) + timedelta(days=n) for n in range(30)]


@pytest.mark.parametrize(
    ("peak", "step"), [(0, 1), (1, 1), (3, 1), (7, 2), (9, 5), (40, 10), (5043, 2000)]
)
def test_axis_steps_are_round_and_whole(peak, step):
    assert value_step(peak) == step


def axis_labels(svg: str) -> list[str]:
    wide = svg.split('class="bo-chart narrow"')[0]
    return re.findall(r'<text x="\d+" y="[\d.]+" text-anchor="end">([^<]*)</text>', wide)


def test_a_count_axis_shows_whole_numbers_and_no_max_label():
    svg = bar_chart_svg([(day, 3 if day.day == 29 else 0) for day in DAYS], css="o", title="t")
    assert axis_labels(svg) == ["0", "1", "2", "3"]
    assert "max" not in svg


def test_a_money_axis_shows_major_units():
    points = [(day, 5043 if day.day == 29 else 0) for day in DAYS]
    svg = bar_chart_svg(points, css="r", title="t", label=partial(number, currency="EUR"))
    assert axis_labels(svg) == ["0.00", "20.00", "40.00", "60.00"]
    assert "29 Nov: 50.43</title>" in svg


def test_the_narrow_copy_labels_fewer_days():
    svg = bar_chart_svg([(day, 1) for day in DAYS], css="o", title="t")
    wide, narrow = svg.split('class="bo-chart narrow"')
    assert re.findall(r">(\d\d Nov)</text>", wide) == [
        "01 Nov",
        "06 Nov",
        "11 Nov",
        "16 Nov",
        "21 Nov",
        "26 Nov",
    ]
    assert re.findall(r">(\d\d) Nov</text>", narrow) == ["01", "11", "21"]


def test_the_axis_makes_room_for_its_longest_label():
    points = [(day, 123_400 if day.day == 29 else 0) for day in DAYS]
    svg = bar_chart_svg(points, css="r", title="t", label=lambda v: f"{v / 100:,.2f} EUR")
    wide = svg.split('class="bo-chart narrow"')[0]
    longest = max(len(text) for text in axis_labels(svg))
    [x] = set(re.findall(r'<text x="(\d+)" y="[\d.]+" text-anchor="end">', wide))
    assert int(x) >= longest * 6.6  # the labels end at x and start right of 0
