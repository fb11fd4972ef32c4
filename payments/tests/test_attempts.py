"""Payment attempts against localstripe: create, confirm, decline, 3-D Secure, retry."""

import logging

import pytest

from morpheus_testing.localstripe_server import TEST_SECRET_KEY
from morpheus_testing.stripe_fixtures import TEST_PUBLISHABLE_KEY
from morpheus_testing.stripe_signing import build_event
from orders.transitions import OrderStatus
from payments import selectors, services
from payments.errors import PaymentNotAllowed
from payments.models import Payment, PaymentStatus, StripeCustomer
from payments.tests.helpers import (
    DECLINED_CARD,
    THREE_D_SECURE_CARD,
    card_payment_method,
    intent_json,
    localstripe_call,
    reload,
    started_payment,
)

pytestmark = pytest.mark.django_db


def test_start_creates_a_confirmed_intent_for_the_order_total(
    stripe_settings, django_capture_on_commit_callbacks
):
    order, payment = started_payment(django_capture_on_commit_callbacks)
    intent = intent_json(payment)
    assert (intent["amount"], intent["currency"], intent["status"]) == (499, "eur", "succeeded")
    assert intent["metadata"] == {"order_number": order.number, "attempt": "1"}
    assert payment.idempotency_key == f"payment-{order.number}-1"
    assert (payment.attempt, payment.amount, payment.currency) == (1, 499, "EUR")
    assert payment.status == PaymentStatus.PROCESSING  # paid only once the webhook says so
    assert order.status == OrderStatus.PROCESSING


def test_double_submit_returns_the_same_attempt_and_creates_one_intent(
    stripe_settings, django_capture_on_commit_callbacks
):
    order, first = started_payment(django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = services.payment_start(
            order=order, actor="customer:test", payment_method_id="pm_card_visa"
        )
    assert second.pk == first.pk
    assert callbacks == []  # nothing sent to Stripe
    assert Payment.objects.filter(order=order).count() == 1
    assert len(localstripe_call("GET", "/v1/payment_intents")["data"]) == 1


def test_declined_card_fails_the_attempt_and_a_new_attempt_can_pay(
    stripe_settings, django_capture_on_commit_callbacks
):
    declined = card_payment_method(DECLINED_CARD)
    order, first = started_payment(django_capture_on_commit_callbacks, payment_method_id=declined)
    assert first.status == PaymentStatus.FAILED
    assert first.failure_code == "card_declined"
    assert first.failure_message
    assert order.status == OrderStatus.PENDING
    assert order.events.filter(type="payment_failed").count() == 1

    order, second = started_payment(django_capture_on_commit_callbacks, order=order)
    assert (second.attempt, second.idempotency_key) == (2, f"payment-{order.number}-2")
    assert second.stripe_payment_intent_id
    assert intent_json(second)["status"] == "succeeded"


def test_three_d_secure_waits_for_the_customer_then_the_webhook_pays(
    stripe_webhook, send_event, django_capture_on_commit_callbacks
):
    card = card_payment_method(THREE_D_SECURE_CARD)
    order, payment = started_payment(django_capture_on_commit_callbacks, payment_method_id=card)
    assert payment.status == PaymentStatus.REQUIRES_ACTION
    client_secret = selectors.payment_client_secret(payment=payment)
    assert client_secret.startswith(payment.stripe_payment_intent_id)

    localstripe_call(
        "POST",
        f"/v1/payment_intents/{payment.stripe_payment_intent_id}/_authenticate",
        {"key": TEST_PUBLISHABLE_KEY, "client_secret": client_secret, "success": "true"},
    )
    intent = intent_json(payment)
    assert intent["status"] == "succeeded"
    send_event(build_event("payment_intent.succeeded", intent))
    assert reload(order).status == OrderStatus.PAID


def test_paid_order_cannot_start_another_payment(stripe_settings):
    from morpheus_testing.factories import create_order

    with pytest.raises(PaymentNotAllowed):
        services.payment_start(order=create_order(status=OrderStatus.PAID), actor="customer:test")


def test_setup_intent_gives_a_client_secret_and_one_stripe_customer_per_user(stripe_settings):
    from morpheus_testing.factories import UserFactory

    user = UserFactory()
    first = services.setup_intent_create(customer=user)
    second = services.setup_intent_create(customer=user)
    assert first.startswith("seti_")
    assert first != second
    assert StripeCustomer.objects.filter(user=user).count() == 1


def test_saved_card_flow_charges_through_the_customer(
    stripe_settings, django_capture_on_commit_callbacks
):
    from morpheus_testing.factories import ComicAssetFactory, create_order

    order = create_order(comics=[ComicAssetFactory().comic])
    services.setup_intent_create(customer=order.customer)
    _, payment = started_payment(django_capture_on_commit_callbacks, order=order)
    assert intent_json(payment)["customer"] == order.customer.stripe_customer.stripe_customer_id


def test_no_secret_key_or_client_secret_is_logged(
    stripe_settings, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.DEBUG)
    _, payment = started_payment(django_capture_on_commit_callbacks)
    client_secret = selectors.payment_client_secret(payment=payment)
    assert TEST_SECRET_KEY not in caplog.text
    assert client_secret not in caplog.text
