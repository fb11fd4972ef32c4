"""Refunds of a disputed payment, its disputes told by Stripe's signed events: Stripe cannot
refund a charge while it is disputed, and a lost dispute already paid the customer back
through their bank (found by outside probe BA-7: both were refunded, or flagged "refund
again")."""

import html

import pytest
from django.core import mail

from morpheus.db_context import system_scope
from morpheus_testing.jobs import run_queued_jobs
from morpheus_testing.stripe_signing import build_event
from notifications.tasks import send_order_email
from payments.errors import RefundExceedsRemaining, RefundNotAllowed
from payments.models import Payment, Refund
from payments.services import refund_create
from payments.services.refund_failures import refund_fail
from payments.tests.helpers import (
    charge_disputed,
    charge_json,
    reload,
    run_stripe_jobs,
    started_payment,
    stripe_refuses,
)
from payments.tests.test_disputes import dispute_payload
from payments.tests.test_webhooks import intent_payload

pytestmark = pytest.mark.django_db
STAFF = "staff:admin"


@pytest.fixture
def delivered(stripe_webhook, send_event):
    """An order paid through localstripe (4.99 EUR) whose links went out."""
    order, payment = started_payment()
    send_event(build_event("payment_intent.succeeded", intent_payload(payment, "succeeded")))
    run_queued_jobs()
    return reload(order), payment


def dispute(send_event, payment: Payment, event_type: str, state: str, **overrides) -> None:
    response = send_event(build_event(event_type, dispute_payload(payment, state, **overrides)))
    assert response.status_code == 200


def chargeback(send_event, payment: Payment, **overrides) -> None:
    """The customer's bank took the money back: the dispute is lost."""
    dispute(send_event, payment, "charge.dispute.created", "needs_response", **overrides)
    dispute(send_event, payment, "charge.dispute.funds_withdrawn", "needs_response", **overrides)
    dispute(send_event, payment, "charge.dispute.closed", "lost", **overrides)


def refund(order, amount: int, reason: str = "Customer asked") -> Refund:
    row = refund_create(order=order, amount=amount, reason=reason, actor=STAFF)
    run_stripe_jobs()
    row.refresh_from_db()
    return row


def refunds_of(order) -> int:
    with system_scope():
        return Refund.objects.filter(order=order).count()


def test_a_disputed_payment_is_not_refunded_and_staff_are_told_to_accept_or_answer_it(
    delivered, send_event
):
    order, payment = delivered
    dispute(send_event, payment, "charge.dispute.created", "needs_response")

    with pytest.raises(RefundNotAllowed) as refused:
        refund(reload(order), payment.amount)

    assert str(refused.value) == (
        f"Order {order.number}'s payment is disputed (dp_1, needs response): Stripe cannot "
        "refund a disputed payment. Accept the dispute in Stripe to pay the customer back, "
        "or answer it."
    )
    assert refunds_of(order) == 0
    assert charge_json(payment)["amount_refunded"] == 0


def test_a_lost_dispute_counts_as_paid_back_so_the_customer_is_not_refunded_twice(
    delivered, send_event
):
    order, payment = delivered
    chargeback(send_event, payment)

    with pytest.raises(RefundNotAllowed) as refused:
        refund(reload(order), payment.amount)

    assert str(refused.value) == (
        f"Order {order.number} has nothing left to refund: a lost dispute took 4.99 EUR back "
        "through the customer's bank."
    )
    assert refunds_of(order) == 0
    assert charge_json(payment)["amount_refunded"] == 0


def test_a_dispute_lost_for_part_of_the_payment_leaves_only_the_rest_to_refund(
    delivered, send_event
):
    order, payment = delivered
    chargeback(send_event, payment, amount=200)

    with pytest.raises(RefundExceedsRemaining):
        refund(reload(order), 300)
    row = refund(reload(order), 299)

    assert row.status == "succeeded"
    assert charge_json(payment)["amount_refunded"] == 299


def test_the_refund_email_after_a_partly_lost_dispute_says_the_bank_gave_back_the_rest(
    delivered, send_event
):
    """Outside probe IA-2: it said "Refunded so far: €2.99 of €4.99", as if €2.00 were
    still owed, where the lost dispute had given it back through the customer's bank."""
    order, payment = delivered
    chargeback(send_event, payment, amount=200)
    refund(reload(order), 299)

    run_queued_jobs(names={send_order_email.name})

    (message,) = [m for m in mail.outbox if m.subject == f"Refund for order {order.number}"]
    said = (
        "Refunded so far: €2.99 of €4.99. Your bank also gave you back €2.00 when it closed "
        "your dispute of the payment: you have all €4.99 back."
    )
    assert said in message.body
    assert said in html.unescape(message.alternatives[0][0])


def test_nothing_left_after_a_partly_lost_dispute_and_a_refund_names_both(delivered, send_event):
    """Outside probe IB-1: staff were told a lost dispute of 2.00 EUR left nothing to
    refund, the 2.99 EUR refund that paid back the rest unsaid."""
    order, payment = delivered
    chargeback(send_event, payment, amount=200)
    refund(reload(order), 299)

    with pytest.raises(RefundNotAllowed) as refused:
        refund(reload(order), 1)

    assert str(refused.value) == (
        f"Order {order.number} has nothing left to refund: refunds paid back 2.99 EUR, and a "
        "lost dispute took 2.00 EUR back through the customer's bank."
    )


def test_an_inquiry_takes_no_funds_and_leaves_the_payment_refundable(delivered, send_event):
    order, payment = delivered
    dispute(send_event, payment, "charge.dispute.created", "warning_needs_response")

    row = refund(reload(order), 100)

    assert row.status == "succeeded"
    assert charge_json(payment)["amount_refunded"] == 100


def test_a_refund_refused_because_a_dispute_opened_meanwhile_is_not_flagged_to_refund_again(
    delivered, send_event
):
    order, payment = delivered
    row = refund_create(order=order, amount=100, reason="Customer asked", actor=STAFF)
    dispute(send_event, payment, "charge.dispute.created", "needs_response")
    Payment.objects.filter(pk=payment.pk).update(stripe_payment_intent_id="pi_unknown_to_stripe")

    run_stripe_jobs()

    row.refresh_from_db()
    assert row.status == "failed"
    assert reload(order).flagged_reason.splitlines()[-1] == (
        "A refund failed at Stripe: 1.00 EUR (Not Found). Nothing was refunded. Order "
        f"{order.number}'s payment is disputed (dp_1, needs response): Stripe cannot refund a "
        "disputed payment. Accept the dispute in Stripe to pay the customer back, or answer it."
    )


def test_a_refund_the_card_failed_while_a_dispute_was_open_asks_to_refund_again(
    delivered, send_event
):
    """Outside probe FO-1: failed for the card (lost or stolen), it was blamed on the open
    dispute, and once the dispute was won the line still asked staff to accept it."""
    order, payment = delivered
    row = refund_create(order=order, amount=100, reason="Customer asked", actor=STAFF)
    dispute(send_event, payment, "charge.dispute.created", "needs_response")

    with system_scope():
        refund_fail(row, message="Card lost or stolen", code="lost_or_stolen_card")

    assert reload(order).flagged_reason.splitlines()[-1] == (
        "A refund failed at Stripe: 1.00 EUR (Card lost or stolen). Nothing was refunded: "
        "refund again, or tell the customer why not."
    )


def test_stripe_refusing_a_disputed_charge_before_its_dispute_is_reported_says_so(
    delivered, localstripe
):
    order, payment = delivered
    charge_id = charge_json(payment)["id"]
    stripe_refuses(localstripe, charge_disputed(charge_id))
    refund(order, 100)

    assert reload(order).flagged_reason == (
        f"A refund failed at Stripe: 1.00 EUR (Charge {charge_id} has been charged back; cannot "
        "issue a refund.). Nothing was refunded. Stripe says order "
        f"{order.number}'s payment is disputed, and it cannot refund a disputed payment: "
        "accept the dispute in Stripe to pay the customer back, or answer it (it shows under "
        "Disputes once Stripe reports it)."
    )
