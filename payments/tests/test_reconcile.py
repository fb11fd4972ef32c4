"""`reconcile_payments`: apply Stripe's true state where webhooks never came; expire orders."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from morpheus_testing.factories import create_order
from morpheus_testing.jobs import as_worker
from morpheus_testing.stripe_signing import build_event
from orders.models import Order
from orders.transitions import OrderStatus
from payments.models import Payment, PaymentStatus, Refund, RefundStatus
from payments.services import payment_start, refund_create
from payments.tests import helpers

pytestmark = pytest.mark.django_db


def cancel_queued_jobs() -> None:
    with as_worker(), connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET status = 'cancelled' WHERE status = 'todo'")


def age(model, pk, *, hours: float) -> None:
    model.objects.filter(pk=pk).update(created_at=timezone.now() - timedelta(hours=hours))


def reconcile(**options):
    """The command, then the Stripe jobs it deferred, as a worker would run them."""
    out = StringIO()
    call_command("reconcile_payments", stdout=out, **options)
    helpers.run_stripe_jobs()
    return out.getvalue()


def test_reconcile_pays_an_order_whose_webhook_was_dropped_and_is_idempotent(stripe_settings):
    order, payment = helpers.started_payment()
    age(Payment, payment.pk, hours=1)
    output = reconcile(older_than_minutes=30)
    assert "applied 1" in output
    order = helpers.reload(order)
    assert order.status == OrderStatus.PAID
    assert order.events.filter(to_status="paid").get().actor == "system:reconcile_payments"
    before = helpers.history(order)
    reconcile(older_than_minutes=30)
    assert helpers.history(order) == before


def test_reconcile_leaves_young_attempts_alone(stripe_settings):
    order, _ = helpers.started_payment()
    reconcile(older_than_minutes=30)
    assert helpers.reload(order).status == OrderStatus.PROCESSING


def test_reconcile_gives_up_an_attempt_stripe_never_answered(stripe_settings):
    order = create_order()
    payment = payment_start(order=order, actor="customer:test", payment_method_id="pm_card_visa")
    cancel_queued_jobs()  # its job never ran
    age(Payment, payment.pk, hours=1)
    reconcile(older_than_minutes=30)
    payment.refresh_from_db()
    assert (payment.status, payment.failure_code) == (PaymentStatus.FAILED, "no_answer")
    assert helpers.reload(order).status == OrderStatus.PENDING


def test_reconcile_gives_up_an_attempt_whose_payment_intent_stripe_does_not_know(
    stripe_settings,
):
    order, payment = helpers.started_payment()
    Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id="pi_unknown_to_stripe")
    age(Payment, payment.pk, hours=1)

    output = reconcile(older_than_minutes=30)

    payment.refresh_from_db()
    assert (payment.status, payment.failure_code) == (PaymentStatus.FAILED, "unknown_to_stripe")
    assert helpers.reload(order).status == OrderStatus.PENDING
    assert "0 Stripe errors" in output


def test_reconcile_ends_an_attempt_left_waiting_for_3d_secure_and_the_customer_pays_again(
    stripe_settings, send_event
):
    card = helpers.card_payment_method(helpers.THREE_D_SECURE_CARD)
    order, payment = helpers.started_payment(payment_method_id=card)
    age(Payment, payment.pk, hours=1)

    output = reconcile(older_than_minutes=30)
    again = reconcile(older_than_minutes=30)
    send_event(build_event("payment_intent.canceled", helpers.intent_json(payment)))

    payment.refresh_from_db()
    order = helpers.reload(order)
    assert "applied 1" in output and "checked 0" in again
    assert payment.status == PaymentStatus.CANCELED
    assert helpers.intent_json(payment)["status"] == "canceled"
    assert order.status == OrderStatus.PENDING
    abandoned = order.events.get(from_status="processing", to_status="pending")
    assert (abandoned.actor, abandoned.reason) == (
        "system:reconcile_payments",
        "Payment attempt 1 was still waiting for 3-D Secure",
    )
    _, retry = helpers.started_payment(order=order)
    assert (retry.attempt, retry.status) == (2, PaymentStatus.PROCESSING)


def test_reconcile_expires_old_unpaid_orders_only(stripe_settings):
    card = helpers.card_payment_method(helpers.THREE_D_SECURE_CARD)
    abandoned, payment = helpers.started_payment(payment_method_id=card)
    old_pending, young_pending = create_order(), create_order()
    paid_long_ago = create_order(status=OrderStatus.PAID)
    for order in (abandoned, old_pending, paid_long_ago):
        age(Order, order.pk, hours=72)

    output = reconcile(expire_unpaid_after_hours=48)
    assert "expired 2" in output
    for order in (abandoned, old_pending):
        order = helpers.reload(order)
        assert order.status == OrderStatus.CANCELED
        assert order.events.get(to_status="canceled").reason == "expired"
    assert helpers.reload(young_pending).status == OrderStatus.PENDING
    assert helpers.reload(paid_long_ago).status == OrderStatus.PAID
    assert helpers.intent_json(payment)["status"] == "canceled"
    assert "expired 0" in reconcile(expire_unpaid_after_hours=48)


def test_reconcile_confirms_a_refund_whose_webhook_never_came(stripe_settings):
    order, payment = helpers.started_payment()
    age(Payment, payment.pk, hours=1)
    reconcile(older_than_minutes=30)  # pays the order
    refund = refund_create(
        order=helpers.reload(order), amount=200, reason="late", actor="staff:ada"
    )
    cancel_queued_jobs()  # sent at Stripe's, then the worker died before applying it
    Refund.objects.filter(pk=refund.pk).update(
        stripe_refund_id=helpers.localstripe_call(
            "POST",
            "/v1/refunds",
            {"payment_intent": payment.stripe_payment_intent_id, "amount": 200},
        )["id"]
    )
    age(Refund, refund.pk, hours=1)

    output = reconcile(older_than_minutes=30)

    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    assert helpers.reload(order).refunded_amount == 200
    assert "applied 1" in output
