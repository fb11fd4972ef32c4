"""A duplicate charge's `charge.refunded` delivered several times at once, under one event
id and under another, through a real HTTP server: the duplicate is refunded once, the
order keeps everything."""

import threading

import pytest

from delivery.services import download_links_fulfil
from morpheus.db_context import system_scope
from morpheus_testing.stripe_signing import build_event
from orders.models import Order, OrderEvent, OrderEventType
from orders.transitions import OrderStatus
from payments.models import DuplicatePayment, DuplicateStatus
from payments.services import duplicate_payment_refund
from payments.tests.helpers import (
    charge_json,
    charged_twice_at_stripe,
    intent_json,
    localstripe_call,
    run_stripe_jobs,
)
from payments.tests.test_webhooks_live_server import post

pytestmark = pytest.mark.django_db(transaction=True)
DELIVERIES = 8


def test_charge_refunded_for_a_duplicate_delivered_at_once_is_applied_once(
    live_server, stripe_webhook, send_event
):
    order, first, second = charged_twice_at_stripe()
    send_event(build_event("payment_intent.succeeded", intent_json(second)))
    with system_scope():
        download_links_fulfil(order_id=order.pk, actor="test:fulfilment")
    send_event(build_event("payment_intent.succeeded", intent_json(first)))
    with system_scope():
        duplicate = duplicate_payment_refund(payment=first, actor="staff:finance", reason="Twice")
    # Stripe refunds it (the job's answer lost): only the events tell us.
    localstripe_call(
        "POST",
        "/v1/refunds",
        {
            "payment_intent": first.stripe_payment_intent_id,
            "metadata": {"duplicate_payment_id": str(first.pk)},
        },
    )
    charge = charge_json(first)
    repeated = stripe_webhook.signed(build_event("charge.refunded", charge))
    deliveries = [
        repeated if n % 2 else stripe_webhook.signed(build_event("charge.refunded", charge))
        for n in range(DELIVERIES)
    ]
    start = threading.Barrier(DELIVERIES)
    codes = []

    def deliver(payload: bytes, signature: str) -> None:
        start.wait()
        codes.append(post(live_server.url + stripe_webhook.path, payload, signature))

    senders = [threading.Thread(target=deliver, args=delivery) for delivery in deliveries]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    run_stripe_jobs()  # the staff request's job, late: Stripe refunded it already

    assert codes == [200] * DELIVERIES
    with system_scope():
        duplicate = DuplicatePayment.objects.get(pk=duplicate.pk)
        order = Order.objects.get(pk=order.pk)
        refunded = OrderEvent.objects.filter(
            order=order, type=OrderEventType.DUPLICATE_PAYMENT, data__action="refunded"
        )
        assert refunded.count() == 1
    assert duplicate.status == DuplicateStatus.REFUNDED
    assert len(charge_json(first)["refunds"]["data"]) == 1
    assert (order.status, order.refunded_amount) == (OrderStatus.FULFILLED, 0)
    assert "refund it" not in order.flagged_reason
