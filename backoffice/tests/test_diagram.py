import re

import pytest

from backoffice.diagram import CHAR_WIDTH, FONT_SIZE, state_diagram_svg, state_list_html
from orders.transitions import ALLOWED_PAIRS, TRANSITIONS, OrderStatus, Transition


def test_diagram_draws_every_status_and_every_allowed_transition():
    svg = state_diagram_svg(OrderStatus.PAID)
    statuses = set(re.findall(r'data-status="(\w+)"', svg))
    edges = set(re.findall(r'data-from="(\w+)" data-to="(\w+)"', svg))
    assert statuses == {status.value for status in OrderStatus}
    assert edges == set(ALLOWED_PAIRS)


def test_diagram_highlights_the_current_status_and_the_ways_out_of_it():
    svg = state_diagram_svg(OrderStatus.PROCESSING)
    assert re.findall(r'class="node current" data-status="(\w+)"', svg) == ["processing"]
    active = set(re.findall(r'class="edge active" data-from="(\w+)" data-to="(\w+)"', svg))
    assert active == {("processing", "paid"), ("processing", "pending"), ("processing", "canceled")}


def test_diagram_follows_the_transition_table_it_is_given():
    extra = Transition("reopen", (OrderStatus.CANCELED,), OrderStatus.PENDING, "Reopen")
    svg = state_diagram_svg(OrderStatus.CANCELED, (*TRANSITIONS, extra))
    assert 'data-from="canceled" data-to="pending"' in svg
    assert ">Reopen<" in svg


def _boxes(svg: str) -> list[tuple[str, float, float, float, float]]:
    """(text, left, top, right, bottom) of each edge label line and each status box, text
    measured with the layout's own generous character width."""
    boxes = []
    for anchor, spans in re.findall(r'<text text-anchor="(\w+)">(.*?)</text>', svg):
        for x, y, line in re.findall(r'<tspan x="([\d.]+)" y="([\d.]+)">(.*?)</tspan>', spans):
            width = len(line) * CHAR_WIDTH
            left = float(x) - (width / 2 if anchor == "middle" else 0)
            boxes.append((line, left, float(y) - FONT_SIZE + 2, left + width, float(y) + 2))
    for x, y in re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="112"', svg):
        boxes.append(("node", float(x), float(y), float(x) + 112, float(y) + 38))
    return boxes


@pytest.mark.parametrize(
    "transitions",
    [
        TRANSITIONS,
        (
            *TRANSITIONS,
            Transition("reopen", (OrderStatus.CANCELED,), OrderStatus.PENDING, "Reopen"),
        ),
    ],
)
def test_no_label_overlaps_another_label_or_a_status(transitions):
    boxes = _boxes(state_diagram_svg(OrderStatus.PAID, transitions))
    overlapping = [
        (a[0], b[0])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]
    ]
    assert overlapping == []


def test_phones_get_the_machine_as_a_list_with_the_current_status_marked():
    html = state_list_html(OrderStatus.FULFILLED)
    current = re.findall(r'<li class="current" data-status="(\w+)"><strong>', html)
    assert current == ["fulfilled"]
    fulfilled = html.split('data-status="fulfilled"')[1].split("</ul>")[0]
    assert "<li>→ Delivered: First download</li>" in fulfilled
    assert "<li>→ Refunded: Fully refunded</li>" in fulfilled
    assert html.count("<li class=") == len(OrderStatus)
