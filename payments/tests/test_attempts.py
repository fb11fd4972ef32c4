"""Payment attempts against localstripe: create, confirm, decline, 3-D Secure, retry."""

import logging

import pytest
from django.db import connection

from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicAssetFactory, UserFactory, create_order
from morpheus_testing.jobs import as_worker, queued_jobs, run_worker
from morpheus_testing.localstripe_server import TEST_SECRET_KEY
from morpheus_testing.stripe_signing import build_event
from orders import services as order_services
from orders.transitions import OrderStatus
from payments import services, stripe_client
from payments.errors import PaymentNotAllowed
from payments.messages import DECLINED, GENERIC
from payments.models import Payment, PaymentStatus, StripeCustomer
from payments.tests.helpers import (
    DECLINED_CARD,
    STRIPE_JOBS,
    THREE_D_SECURE_CARD,
    VISA,
    card_payment_method,
    intent_json,
    localstripe_call,
    pass_3d_secure,
    reload,
    run_stripe_jobs,
    started_payment,
)

pytestmark = pytest.mark.django_db

SEND_PAYMENT_INTENT = "payments.tasks.send_payment_intent"
ABANDONED_FOR_ANOTHER_CARD = (
    "Payment attempt 1 was waiting for 3-D Secure: the customer pays with another card"
)


def test_start_records_the_attempt_and_defers_the_stripe_call_to_a_job(stripe_settings):
    order = create_order(comics=[ComicAssetFactory().comic])

    payment = services.payment_start(
        order=order, actor="customer:test", payment_method_id="pm_card_visa"
    )

    assert payment.status == PaymentStatus.CREATING
    assert [name for _, name, _ in queued_jobs(STRIPE_JOBS)] == [SEND_PAYMENT_INTENT]
    assert localstripe_call("GET", "/v1/payment_intents")["data"] == []


def test_start_creates_a_confirmed_intent_for_the_order_total(stripe_settings):
    order, payment = started_payment()
    intent = intent_json(payment)
    assert (intent["amount"], intent["currency"], intent["status"]) == (499, "eur", "succeeded")
    assert intent["metadata"] == {"order_number": order.number, "attempt": "1"}
    assert payment.idempotency_key == f"payment-{order.number}-1"
    assert (payment.attempt, payment.amount, payment.currency) == (1, 499, "EUR")
    assert payment.status == PaymentStatus.PROCESSING  # paid only once the webhook says so
    assert order.status == OrderStatus.PROCESSING


def test_double_submit_returns_the_same_attempt_and_creates_one_intent(stripe_settings):
    order, first = started_payment()
    second = services.payment_start(
        order=order, actor="customer:test", payment_method_id="pm_card_visa"
    )
    assert second.pk == first.pk
    assert run_stripe_jobs() == []  # nothing more to send to Stripe
    assert Payment.objects.filter(order=order).count() == 1
    assert len(localstripe_call("GET", "/v1/payment_intents")["data"]) == 1


def test_declined_card_fails_the_attempt_and_a_new_attempt_can_pay(stripe_settings):
    declined = card_payment_method(DECLINED_CARD)
    order, first = started_payment(payment_method_id=declined)
    assert first.status == PaymentStatus.FAILED
    assert first.failure_code == "card_declined"
    assert first.failure_message  # Stripe's words, for staff
    assert first.customer_failure_message == DECLINED
    assert order.status == OrderStatus.PENDING
    assert order.events.filter(type="payment_failed").count() == 1

    order, second = started_payment(order=order)
    assert (second.attempt, second.idempotency_key) == (2, f"payment-{order.number}-2")
    assert second.stripe_payment_intent_id
    assert intent_json(second)["status"] == "succeeded"


def test_three_d_secure_waits_for_the_customer_then_the_webhook_pays(stripe_webhook, send_event):
    card = card_payment_method(THREE_D_SECURE_CARD)
    order, payment = started_payment(payment_method_id=card)
    assert payment.status == PaymentStatus.REQUIRES_ACTION
    client_secret = intent_json(payment)["client_secret"]
    assert client_secret.startswith(payment.stripe_payment_intent_id)

    pass_3d_secure(payment.stripe_payment_intent_id, client_secret)
    intent = intent_json(payment)
    assert intent["status"] == "succeeded"
    send_event(build_event("payment_intent.succeeded", intent))
    assert reload(order).status == OrderStatus.PAID


def test_an_interrupted_3d_secure_is_replaced_by_another_card_and_the_same_card_repeats(
    stripe_settings,
):
    waiting_card = card_payment_method(THREE_D_SECURE_CARD)
    order, waiting = started_payment(payment_method_id=waiting_card)
    assert waiting.status == PaymentStatus.REQUIRES_ACTION

    repeated = services.payment_start(
        order=order, actor="customer:test", payment_method_id=waiting_card
    )
    replacement = services.payment_start(order=order, actor="customer:test", payment_method_id=VISA)
    run_stripe_jobs()

    waiting.refresh_from_db()
    replacement.refresh_from_db()
    assert repeated.pk == waiting.pk
    assert waiting.status == PaymentStatus.CANCELED
    assert intent_json(waiting)["status"] == "canceled"
    assert (replacement.attempt, replacement.status) == (2, PaymentStatus.PROCESSING)
    assert intent_json(replacement)["status"] == "succeeded"
    assert reload(order).status == OrderStatus.PROCESSING
    changes = order.events.filter(type="status_changed").order_by("pk")
    assert list(changes.values_list("from_status", "to_status", "reason"))[-2:] == [
        ("processing", "pending", ABANDONED_FOR_ANOTHER_CARD),
        ("pending", "processing", "Payment attempt 2 submitted"),
    ]


def test_paid_order_cannot_start_another_payment(stripe_settings):
    with pytest.raises(PaymentNotAllowed):
        services.payment_start(order=create_order(status=OrderStatus.PAID), actor="customer:test")


def test_an_order_that_costs_nothing_starts_no_card_payment(stripe_settings):
    order = create_order(comics=[ComicAssetFactory(comic__price_amount=0).comic])
    with pytest.raises(PaymentNotAllowed, match="costs nothing"):
        services.payment_start(order=order, actor="customer:test", payment_method_id=VISA)
    assert not Payment.objects.filter(order=order).exists()
    assert reload(order).status == OrderStatus.PENDING


def test_an_order_above_what_a_card_is_charged_at_once_starts_no_payment(stripe_settings):
    """Outside probe CH-3: an order priced again after it was placed (VAT added back once
    VIES refused the business's number) came to 1,050,000.00 EUR and its payment was asked
    of Stripe, which refuses more than 999,999.99 EUR at once. (The factory places it
    without the checkouts' check.)"""
    comics = [ComicAssetFactory(comic__price_amount=60_000_000).comic for _ in range(2)]
    order = create_order(comics=comics)

    with pytest.raises(PaymentNotAllowed) as refused:
        services.payment_start(order=order, actor="customer:test", payment_method_id=VISA)

    assert str(refused.value) == (
        f"Order {order.number} comes to €1,200,000.00, more than a card can be charged at "
        "once (€999,999.99), so it cannot be paid: cancel it and buy its comics a few at a time."
    )
    assert not Payment.objects.filter(order=order).exists()
    assert reload(order).status == OrderStatus.PENDING


def test_setup_intent_gives_a_client_secret_and_one_stripe_customer_per_user(stripe_settings):
    user = UserFactory()
    first = services.setup_intent_create(customer=user)
    second = services.setup_intent_create(customer=user)
    assert first.startswith("seti_")
    assert first != second
    assert StripeCustomer.objects.filter(user=user).count() == 1


def test_saved_card_flow_charges_through_the_customer(stripe_settings):
    order = create_order(comics=[ComicAssetFactory().comic])
    services.setup_intent_create(customer=order.customer)
    _, payment = started_payment(order=order)
    assert intent_json(payment)["customer"] == order.customer.stripe_customer.stripe_customer_id


def test_no_secret_key_or_client_secret_is_logged(stripe_settings, caplog):
    caplog.set_level(logging.DEBUG)
    _, payment = started_payment()
    client_secret = intent_json(payment)["client_secret"]
    assert TEST_SECRET_KEY not in caplog.text
    assert client_secret not in caplog.text


def test_a_payment_method_stripe_does_not_know_fails_the_attempt_in_our_words(stripe_settings):
    order, payment = started_payment(payment_method_id="pm_unknown_to_stripe")

    assert payment.status == PaymentStatus.FAILED
    assert payment.failure_message == "Not Found"  # Stripe's words, for staff
    assert payment.customer_failure_message == GENERIC
    assert order.status == OrderStatus.PENDING


def test_a_customer_stripe_forgot_is_replaced_and_the_payment_goes_through(
    stripe_settings, localstripe
):
    customer = UserFactory()
    services.setup_intent_create(customer=customer)
    forgotten = StripeCustomer.objects.get(user=customer).stripe_customer_id
    localstripe.reset()  # what a restart does: localstripe forgets every object

    order, payment = started_payment(order=create_order(customer=customer))

    replacement = StripeCustomer.objects.get(user=customer).stripe_customer_id
    assert replacement != forgotten
    assert payment.status == PaymentStatus.PROCESSING
    assert intent_json(payment)["customer"] == replacement
    assert order.status == OrderStatus.PROCESSING


UNREACHABLE = "http://127.0.0.1:9"


def job_row(task_name: str) -> tuple[str, int, bool]:
    """(status, attempts, scheduled in the future) of the task's only job."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, attempts, scheduled_at > now() FROM procrastinate_jobs "
            "WHERE task_name = %s",
            [task_name],
        )
        [row] = cursor.fetchall()
    return row


@pytest.mark.django_db(transaction=True)
def test_unreachable_stripe_leaves_the_attempt_open_and_the_worker_retries_it_later(
    stripe_settings,
):
    order = create_order(comics=[ComicAssetFactory().comic])
    with system_scope():
        payment = services.payment_start(
            order=order, actor="customer:test", payment_method_id="pm_card_visa"
        )
    reachable, stripe_settings.STRIPE_API_BASE = stripe_settings.STRIPE_API_BASE, UNREACHABLE

    run_worker()

    assert job_row(SEND_PAYMENT_INTENT) == ("todo", 1, True)  # retried later, with back-off
    with system_scope():
        assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.CREATING
    stripe_settings.STRIPE_API_BASE = reachable
    with as_worker(), connection.cursor() as cursor:  # the back-off is over
        cursor.execute("UPDATE procrastinate_jobs SET scheduled_at = now()")
    run_worker()

    assert job_row(SEND_PAYMENT_INTENT)[0] == "succeeded"
    with system_scope():
        payment = Payment.objects.get(pk=payment.pk)
    assert payment.status == PaymentStatus.PROCESSING
    assert intent_json(payment)["metadata"] == {"order_number": order.number, "attempt": "1"}


def cancel_by_customer(order) -> None:
    with system_scope():
        order_services.order_transition(
            name="cancel", order=reload(order), actor="customer:test", reason="Changed my mind"
        )


def test_an_order_canceled_before_its_payment_job_runs_is_never_charged(stripe_settings):
    order = create_order(comics=[ComicAssetFactory().comic])
    payment = services.payment_start(
        order=order, actor="customer:test", payment_method_id="pm_card_visa"
    )

    cancel_by_customer(order)
    run_stripe_jobs()

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CANCELED
    assert localstripe_call("GET", "/v1/payment_intents")["data"] == []


def test_canceling_an_order_waiting_for_3d_secure_cancels_its_intent_at_stripe(stripe_settings):
    order, payment = started_payment(payment_method_id=card_payment_method(THREE_D_SECURE_CARD))
    assert payment.status == PaymentStatus.REQUIRES_ACTION

    cancel_by_customer(order)
    run_stripe_jobs()

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CANCELED
    assert intent_json(payment)["status"] == "canceled"
    assert reload(order).status == OrderStatus.CANCELED


def test_an_order_canceled_while_stripe_creates_its_intent_has_that_intent_canceled(
    stripe_settings, monkeypatch
):
    order = create_order(comics=[ComicAssetFactory().comic])
    services.payment_start(
        order=order,
        actor="customer:test",
        payment_method_id=card_payment_method(THREE_D_SECURE_CARD),
    )
    create = stripe_client.payment_intent_create

    # Not a stand-in for Stripe: the intent is localstripe's answer. The wrap only puts the
    # customer's cancel (our database, not Stripe) between that answer and our recording it.
    def create_while_the_customer_cancels(**kwargs):
        intent = create(**kwargs)
        cancel_by_customer(order)
        return intent

    monkeypatch.setattr(stripe_client, "payment_intent_create", create_while_the_customer_cancels)
    run_stripe_jobs()

    payment = Payment.objects.get(order=order)
    assert payment.status == PaymentStatus.CANCELED
    assert intent_json(payment)["status"] == "canceled"
