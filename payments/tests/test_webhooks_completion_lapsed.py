"""A completion of a series whose payment started before the comic its price relied on
was refunded: the payment goes through as started. Only a new payment is refused."""

import pytest

from morpheus_testing.factories import order_move
from morpheus_testing.stripe_signing import build_event
from orders.transitions import OrderStatus
from payments.models import PaymentStatus
from payments.tests.helpers import reload, started_payment
from payments.tests.test_views_completion_lapsed import completion_pending
from payments.tests.test_webhooks import intent_payload

pytestmark = pytest.mark.django_db


def test_a_payment_started_before_the_refund_is_still_recorded_by_its_webhook(
    stripe_webhook, send_event
):
    _customer, order, bought = completion_pending(refunded=False)
    order, payment = started_payment(order=order)
    order_move(bought, to=OrderStatus.REFUNDED)

    response = send_event(
        build_event("payment_intent.succeeded", intent_payload(payment, "succeeded"))
    )

    assert response.status_code == 200
    assert reload(order).status == OrderStatus.PAID
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
