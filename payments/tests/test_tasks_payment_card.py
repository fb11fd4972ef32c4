"""The card that paid (brand and last 4) on the customer's receipt: learnt from Stripe by a
job after the payment succeeds, never inside the paying transaction."""

import pytest
from django.core import mail
from django.urls import reverse

from morpheus.db_context import system_scope
from morpheus_testing.factories import PaymentFactory, create_order
from morpheus_testing.jobs import queued_jobs, run_queued_jobs
from morpheus_testing.stripe_signing import build_event
from orders.transitions import OrderStatus
from payments.models import Payment, PaymentStatus
from payments.services import payment_card_record
from payments.tests.helpers import card_payment_method, intent_json, started_payment

pytestmark = pytest.mark.django_db

RECORD_CARD = "payments.tasks.record_payment_card"
RECEIPT_EMAIL = "invoicing.tasks.send_document_email"
MASTERCARD_NUMBER = "5555555555554444"


@pytest.fixture
def paid(send_event):
    """An order paid through localstripe with a card ending in 4444, its webhook received."""
    order, payment = started_payment(payment_method_id=card_payment_method(MASTERCARD_NUMBER))
    answer = send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    assert answer.status_code == 200
    return order, payment


def card_of(payment: Payment) -> tuple[str, str]:
    with system_scope():
        payment.refresh_from_db()
    return payment.card_brand, payment.card_last4


def test_the_paying_transaction_only_defers_the_job_that_asks_stripe_for_the_card(paid):
    _, payment = paid

    assert card_of(payment) == ("", "")
    assert [name for _, name, _ in queued_jobs([RECORD_CARD])] == [RECORD_CARD]


def test_the_job_records_brand_and_last_4_and_the_order_page_shows_them(paid, client):
    order, payment = paid

    run_queued_jobs(names=[RECORD_CARD])

    assert card_of(payment) == ("visa", "4444")  # localstripe calls every card a Visa
    client.force_login(order.customer)
    page = client.get(reverse("orders:detail", args=[order.number])).text
    receipt = page.split('data-testid="receipt"', 1)[1].split("</section>", 1)[0]
    assert "with Visa ending in 4444" in receipt


@pytest.mark.usefixtures("paid")
def test_the_receipt_email_names_the_card_even_when_it_runs_first():
    run_queued_jobs(names=[RECEIPT_EMAIL])

    (receipt,) = [m for m in mail.outbox if "Payment received" in m.subject]
    assert "paid with Visa ending in 4444" in receipt.body
    assert "paid with Visa ending in 4444" in receipt.alternatives[0][0]


def test_a_payment_stripe_cannot_describe_keeps_no_card_and_does_not_fail(stripe_settings):
    order = create_order(status=OrderStatus.PAID)
    payment = PaymentFactory(
        order=order, stripe_payment_intent_id="pi_unknown", status=PaymentStatus.SUCCEEDED
    )

    payment_card_record(payment_id=payment.pk)

    assert card_of(payment) == ("", "")
