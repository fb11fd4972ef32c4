"""A pay page left open while its order is canceled (outside probe BO-5): the customer's
cancel in another tab, staff's, or an erasure there, which also signs the customer out. The
answers the page follows send it to the canceled order, or say why it can pay no more,
instead of "try again or use another card"."""

import pytest
from django.urls import reverse

from accounts.services import guest_account_create, guest_orders_claim
from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    ComicAssetFactory,
    PaymentFactory,
    UserFactory,
    create_order,
)
from morpheus_testing.stripe_signing import build_event
from orders.customer_orders import MOVED
from orders.services import order_transition
from orders.transitions import OrderStatus
from payments.models import PaymentStatus
from payments.tests.helpers import (
    THREE_D_SECURE_CARD,
    card_payment_method,
    intent_json,
    run_stripe_jobs,
    started_payment,
)

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
ERASED = "This order was canceled: you asked for your account to be erased. Nothing was charged."
SIGNED_OUT = (
    "You were signed out, so this page can no longer pay or follow a payment. "
    "Sign in again to see what became of this order."
)
FOLLOWED = [
    ("get", "orders:status"),
    ("post", "orders:pay_authenticate"),
    ("post", "orders:pay_authenticated"),
]
EVERY_ANSWER = [*FOLLOWED, ("post", "orders:setup_intent"), ("post", "orders:pay_start")]


def ask(client, method: str, endpoint: str, number: str):
    url = reverse(endpoint, args=[number])
    if method == "get":
        return client.get(url)
    return client.post(url, {"payment_method_id": "pm_card_visa", "total": "499"})


@pytest.mark.parametrize(("method", "endpoint"), FOLLOWED)
def test_the_answers_a_pay_page_follows_send_it_to_its_order_canceled_meanwhile(
    client, method, endpoint
):
    order = create_order()
    PaymentFactory(order=order, status=PaymentStatus.CANCELED, amount=order.total_amount)
    client.force_login(order.customer)
    order_transition(order=order, name="cancel", actor="staff:1", reason="Asked by phone")

    answer = ask(client, method, endpoint, order.number)

    assert answer.status_code == 200
    assert answer.json()["leave_for"] == reverse("orders:confirmation", args=[order.number])


def test_an_order_still_payable_is_not_left(client):
    order = create_order()
    client.force_login(order.customer)

    for method, endpoint in FOLLOWED:
        assert "leave_for" not in ask(client, method, endpoint, order.number).json()


@pytest.mark.parametrize(("method", "endpoint"), EVERY_ANSWER)
def test_a_pay_page_left_open_while_its_account_was_erased_says_the_order_was_canceled(
    client, method, endpoint
):
    customer = UserFactory()
    order = create_order(customer=customer)
    client.force_login(customer)
    erased = client.post(reverse("privacy_erase"), {"password": PASSWORD})
    assert "Your account is being erased" in erased.text

    answer = ask(client, method, endpoint, order.number)

    assert answer.status_code == 401
    assert answer.json() == {"error": ERASED, "closed": True}


def test_an_erasure_at_the_banks_prompt_does_not_say_nothing_was_charged(client, stripe_settings):
    """The intent's cancel is a job: until it is done a charge may still go through (then
    refunded), as the canceled order's confirmation says."""
    customer = UserFactory()
    order, _payment = started_payment(
        payment_method_id=card_payment_method(THREE_D_SECURE_CARD),
        order=create_order(customer=customer, comics=[ComicAssetFactory().comic]),
    )
    client.force_login(customer)
    client.post(reverse("privacy_erase"), {"password": PASSWORD})

    answer = client.get(reverse("orders:status", args=[order.number]))

    assert answer.json()["error"] == (
        "This order was canceled: you asked for your account to be erased. If the payment "
        "you started goes through after all, it is refunded to your card in full."
    )


@pytest.mark.parametrize(("method", "endpoint"), EVERY_ANSWER)
def test_a_pay_page_whose_session_ended_says_so_and_tells_nothing_of_the_order(
    client, method, endpoint
):
    order = create_order(status=OrderStatus.CANCELED)
    client.force_login(order.customer)
    client.logout()

    answer = ask(client, method, endpoint, order.number)

    assert answer.status_code == 401
    assert answer.json() == {"error": SIGNED_OUT, "closed": True}


def test_an_erasure_tells_nothing_of_another_accounts_canceled_order(client):
    other = create_order(status=OrderStatus.CANCELED)
    client.force_login(UserFactory())
    client.post(reverse("privacy_erase"), {"password": PASSWORD})

    answer = client.get(reverse("orders:status", args=[other.number]))

    assert answer.json() == {"error": SIGNED_OUT, "closed": True}


@pytest.mark.parametrize(("method", "endpoint"), EVERY_ANSWER)
def test_a_guests_pay_page_whose_order_joined_an_account_meanwhile_says_so(
    client, method, endpoint
):
    """Outside probe FP-2: the guest's pay page answered Pay with "No such order." and kept
    its card form, once the order had joined the account made with its address."""
    order = create_order(customer=guest_account_create(email="guest@example.com"))
    client.force_login(order.customer)
    with system_scope():
        guest_orders_claim(user=UserFactory(email="guest@example.com"), email="guest@example.com")

    answer = ask(client, method, endpoint, order.number)

    assert answer.status_code == 404
    assert answer.json() == {"error": MOVED, "closed": True}


def test_a_cancel_at_the_banks_prompt_says_nothing_was_charged_once_stripe_canceled_the_intent(
    client, stripe_settings, stripe_webhook, send_event
):
    """Outside probe GC-2: the order's pages kept saying the payment might still go through
    after Stripe had canceled it; Stripe's webhook for that cancel may come, or not."""
    customer = UserFactory()
    order, payment = started_payment(
        payment_method_id=card_payment_method(THREE_D_SECURE_CARD),
        order=create_order(customer=customer, comics=[ComicAssetFactory().comic]),
    )
    client.force_login(customer)
    client.post(reverse("orders:cancel", args=[order.number]))
    pages = [
        reverse(name, args=[order.number]) for name in ("orders:detail", "orders:confirmation")
    ]
    settling = [client.get(page).text for page in pages]

    run_stripe_jobs()
    settled = [client.get(page).text for page in pages]
    send_event(build_event("payment_intent.canceled", intent_json(payment)))

    assert intent_json(payment)["status"] == "canceled"
    for page in settling:
        assert "If the payment you started goes through after all, it is refunded" in page
    for page in [*settled, *(client.get(page).text for page in pages)]:
        assert "goes through after all" not in page
        assert "othing was charged" in page
