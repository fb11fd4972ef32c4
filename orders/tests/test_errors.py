import pytest

from morpheus.db_context import system_scope
from morpheus_testing.factories import create_order
from morpheus_testing.texts import clock_hidden
from orders import events
from orders.errors import StaleOrder
from orders.services import order_transition
from orders.transitions import OrderStatus

pytestmark = pytest.mark.django_db


def test_a_stale_page_names_the_customers_payment_not_the_card_country_learnt_with_it():
    """Outside probe GK-1: a cancel loaded before the customer paid read "the last change:
    status changed to fulfilled by the shop, after vat evidence by the customer": the row of
    the card's country, learnt as the payment was sent, hid the payment itself."""
    order = create_order(status=OrderStatus.PENDING)
    customer = f"customer:{order.customer_id}"
    with system_scope():
        order_transition(order=order, name="submit_payment", actor=customer, reason="Attempt 1")
        events.vat_evidence(
            order=order, actor=customer, reason="Card issued in FR", card_country="FR"
        )
        order_transition(order=order, name="mark_paid", actor="stripe:evt_1", reason="Paid")
        order_transition(order=order, name="fulfil", actor="system", reason="Links issued")

        told = clock_hidden(str(StaleOrder.about(order, status_shown=OrderStatus.PENDING)))

    assert (
        "(now fulfilled; the last change: status changed to fulfilled by the shop at HH:MM UTC, "
        "after status changed to processing by the customer at HH:MM UTC)"
    ) in told
