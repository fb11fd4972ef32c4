import re

from backoffice.diagram import state_diagram_svg
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
