"""The payment page's endpoints under abuse limits: 429 with a message its script shows."""

import pytest
from django.urls import reverse

from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, UserFactory, create_order
from payments.intents import IntentState, Outcome
from payments.models import Payment
from payments.services import payment_outcome_apply
from payments.tests.helpers import THREE_D_SECURE_CARD, card_payment_method, started_payment

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


def post_setup_intent(client, order, **extra):
    return client.post(reverse("orders:setup_intent", args=[order.number]), **JSON, **extra)


def post_pay_start(client, order):
    return client.post(
        reverse("orders:pay_start", args=[order.number]),
        {"payment_method_id": "pm_card_visa"},
        **JSON,
    )


def test_setup_intents_are_limited_per_account(client, stripe_settings, throttle_rates):
    throttle_rates("setup_intent_account", 2, seconds=3600)
    order = create_order()
    client.force_login(order.customer)

    responses = [post_setup_intent(client, order) for _ in range(3)]

    assert [response.status_code for response in responses] == [200, 200, 429]
    assert responses[0].json()["client_secret"].startswith("seti_")
    assert responses[-1].json() == {
        "error": "Too many card checks. Please try again in 60 minutes."
    }
    assert 3590 <= int(responses[-1]["Retry-After"]) <= 3600


def test_setup_intents_are_limited_per_address_across_accounts(
    client, stripe_settings, throttle_rates
):
    throttle_rates("setup_intent_ip", 2, seconds=3600)
    statuses = []
    for _ in range(3):
        order = create_order(customer=UserFactory())
        client.force_login(order.customer)
        statuses.append(post_setup_intent(client, order, REMOTE_ADDR="192.0.2.7").status_code)

    assert statuses == [200, 200, 429]


def test_a_card_check_refused_because_the_order_cannot_be_paid_counts_for_nothing(
    client, stripe_settings, throttle_rates
):
    """Found by outside testers: refused before Stripe was asked anything, it still used up
    the card checks of the account and of its network."""
    throttle_rates("setup_intent_account", 1, seconds=3600)
    throttle_rates("setup_intent_ip", 1, seconds=3600)
    customer = UserFactory()
    free = create_order(customer=customer, comics=[ComicFactory(price_amount=0)])
    payable = create_order(customer=customer)
    client.force_login(customer)

    refused = [post_setup_intent(client, free) for _ in range(3)]
    checked = post_setup_intent(client, payable)

    assert [response.status_code for response in refused] == [409, 409, 409]
    assert refused[0].json()["error"] == f"Order {free.number} costs nothing: get it for free."
    assert checked.status_code == 200
    assert checked.json()["client_secret"].startswith("seti_")
    assert post_setup_intent(client, payable).status_code == 429


def decline_the_open_attempt(order) -> None:
    """Stripe's decline of the order's open attempt: the order can be paid again."""
    with system_scope():
        payment = Payment.objects.filter(order=order).latest("attempt")
        declined = IntentState(
            id=f"pi_declined_{payment.attempt}",
            status="requires_payment_method",
            amount=payment.amount,
            currency=payment.currency,
            metadata={"order_number": order.number, "attempt": str(payment.attempt)},
            failure_code="card_declined",
            failure_message="Declined.",
        )
        payment_outcome_apply(intent=declined, outcome=Outcome.FAILED, actor="stripe:test")


def test_payment_attempts_are_limited_per_order_and_a_repeat_counts_for_nothing(
    client, throttle_rates
):
    """A submit repeated while its attempt is open gets that attempt and counts for nothing.
    Found by an outside probe: ten submits at once made one attempt and used up the
    order's limit, so the next card after a decline was refused."""
    throttle_rates("payment_order", 2, seconds=3600)
    order = create_order()
    another_order = create_order(customer=order.customer)
    client.force_login(order.customer)

    repeated = [post_pay_start(client, order).status_code for _ in range(3)]
    decline_the_open_attempt(order)
    second = post_pay_start(client, order)
    decline_the_open_attempt(order)
    refused = post_pay_start(client, order)
    other = post_pay_start(client, another_order)

    assert repeated == [200] * 3
    assert second.status_code == 200
    assert refused.status_code == 429
    assert refused.json()["error"].startswith("Too many payment attempts for this order.")
    assert refused["Retry-After"]
    assert other.status_code == 200
    with system_scope():
        assert Payment.objects.filter(order=order).count() == 2


def test_confirmations_with_the_bank_are_limited_per_account(
    client, stripe_settings, throttle_rates
):
    """Each asks Stripe (the 3-D Secure client secret, then the outcome): unlimited, one
    customer could use up the shop's Stripe rate limit. Found by an outside probe."""
    throttle_rates("authentication_account", 3, seconds=3600)
    order, _waiting = started_payment(payment_method_id=card_payment_method(THREE_D_SECURE_CARD))
    client.force_login(order.customer)

    def confirm(name):
        return client.post(reverse(f"orders:{name}", args=[order.number]), **JSON)

    answers = [confirm("pay_authenticate"), confirm("pay_authenticated")]
    answers += [confirm("pay_authenticate"), confirm("pay_authenticated")]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert answers[0].json()["client_secret"].startswith("pi_")
    assert answers[-1].json() == {
        "error": "Too many confirmations with your bank. Please try again in 60 minutes."
    }
