"""Erasure while a payment is under way (outside probe BN-1): the account's unpaid orders are
canceled when it asks, so nothing is charged for an account nobody can sign in to, and a
charge Stripe still makes is paid back as for any canceled order."""

import pytest
from django.urls import reverse

from accounts.services import guest_account_create
from delivery.models import DownloadLink
from invoicing.models import Invoice
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicAssetFactory, UserFactory, create_order
from morpheus_testing.jobs import run_queued_jobs
from morpheus_testing.stripe_signing import build_event
from orders.models import Order, OrderEventType
from orders.transitions import OrderStatus
from payments.models import DuplicatePayment, DuplicateStatus, Payment, PaymentStatus
from payments.services import payment_start
from payments.tests.helpers import (
    THREE_D_SECURE_CARD,
    VISA,
    card_payment_method,
    charge_json,
    intent_json,
    localstripe_call,
    pass_3d_secure,
    reload,
    started_payment,
)

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
ASKED = "The customer asked for their account's erasure"


def erase(client, customer) -> None:
    client.force_login(customer)
    answer = client.post(reverse("privacy_erase"), {"password": PASSWORD})
    assert "Your account is being erased" in answer.text


def cancel_event(order: Order) -> tuple[str, str]:
    with system_scope():
        event = order.events.filter(
            type=OrderEventType.STATUS_CHANGED, to_status=OrderStatus.CANCELED
        ).get()
    return event.actor, event.reason


def test_an_order_whose_payment_job_still_waits_is_canceled_and_never_charged(
    client, stripe_settings
):
    customer = UserFactory()
    paid = create_order(
        customer=customer, comics=[ComicAssetFactory().comic], status=OrderStatus.PAID
    )
    order = create_order(customer=customer, comics=[ComicAssetFactory().comic])
    payment = payment_start(order=order, actor="customer:test", payment_method_id=VISA)

    erase(client, customer)
    run_queued_jobs()  # the payment job after the erasure's, as a busy worker runs them

    assert reload(order).status == OrderStatus.CANCELED
    assert cancel_event(order) == (f"customer:{customer.pk}", ASKED)
    with system_scope():
        assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.CANCELED
    assert localstripe_call("GET", "/v1/payment_intents")["data"] == []
    assert reload(paid).status == OrderStatus.FULFILLED  # a paid order is the customer's


def test_an_order_waiting_for_3d_secure_is_canceled_with_its_intent_at_stripe(
    client, stripe_settings
):
    customer = UserFactory()
    order, payment = started_payment(
        payment_method_id=card_payment_method(THREE_D_SECURE_CARD),
        order=create_order(customer=customer, comics=[ComicAssetFactory().comic]),
    )
    assert payment.status == PaymentStatus.REQUIRES_ACTION

    erase(client, customer)
    run_queued_jobs()

    assert reload(order).status == OrderStatus.CANCELED
    assert intent_json(payment)["status"] == "canceled"
    with system_scope():
        assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.CANCELED


def test_a_3d_secure_passed_before_the_cancel_reached_stripe_is_paid_back_not_fulfilled(
    client, stripe_settings, send_event
):
    customer = UserFactory()
    order, payment = started_payment(
        payment_method_id=card_payment_method(THREE_D_SECURE_CARD),
        order=create_order(customer=customer, comics=[ComicAssetFactory().comic]),
    )
    erase(client, customer)
    # The customer's bank tab, still open, passes 3-D Secure before the cancel's job runs.
    pass_3d_secure(payment.stripe_payment_intent_id, intent_json(payment)["client_secret"])

    delivered = send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    assert delivered.status_code == 200
    run_queued_jobs()

    with system_scope():
        duplicate = DuplicatePayment.objects.get(payment=payment)
        assert not DownloadLink.objects.filter(order=order).exists()
        assert not Invoice.objects.filter(order=order).exists()
    assert duplicate.status == DuplicateStatus.REFUNDED
    assert charge_json(payment)["amount_refunded"] == payment.amount
    after = reload(order)
    assert (after.status, after.flagged_reason) == (OrderStatus.CANCELED, "")


def test_the_unpaid_orders_of_the_guest_accounts_erased_with_the_account_are_canceled(
    client, stripe_settings
):
    customer = UserFactory()
    guest = guest_account_create(email=customer.email)
    order = create_order(customer=guest, comics=[ComicAssetFactory().comic])
    payment = payment_start(order=order, actor="customer:test", payment_method_id=VISA)
    client.force_login(customer)
    form = client.get(reverse("privacy_erase")).text

    erase(client, customer)
    run_queued_jobs()

    # Outside probe GD-2: the page asking for the erasure said neither.
    assert (
        "Your orders not paid yet are canceled, and the orders placed as a guest with your "
        "confirmed address are erased with your account."
    ) in form
    assert reload(order).status == OrderStatus.CANCELED
    assert cancel_event(order) == (f"customer:{customer.pk}", ASKED)
    with system_scope():
        assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.CANCELED
    assert localstripe_call("GET", "/v1/payment_intents")["data"] == []
