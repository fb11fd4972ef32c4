"""Paying an order through the API: a payment attempt started by a job, followed by polling."""

import json
import logging
from urllib.error import HTTPError

import pytest

from api.tests.helpers import JSON_API
from morpheus.db_context import system_scope
from morpheus.money import format_money
from morpheus_testing.factories import ComicAssetFactory, PaymentFactory, create_order
from morpheus_testing.jobs import queued_jobs
from orders.buyer import BuyerDeclaration
from orders.transitions import OrderStatus
from payments.models import DuplicatePayment, Payment, PaymentStatus
from payments.tests.helpers import (
    THREE_D_SECURE_CARD,
    VISA,
    card_payment_method,
    intent_json,
    localstripe_call,
    pass_3d_secure,
    reload,
    run_stripe_jobs,
)
from tax.services import pending_orders_rates_refresh
from tax.tests.test_services_rates_refresh import france_rate_from_today

UNREACHABLE = "http://127.0.0.1:9"


@pytest.fixture
def order(customer):
    return create_order(customer=customer, comics=[ComicAssetFactory().comic])


def attempt_url(order, attempt: int = 1, *, host: str = "") -> str:
    """Where the order's attempt is served: under the order, by its resource id."""
    return f"{host}/api/v1/orders/{order.pk}/payments/{order.payments.get(attempt=attempt).pk}"


def pay(client, order, payment_method: str = VISA, **attributes):
    attributes = {"payment_method": payment_method, **attributes}
    document = {"data": {"type": "payments", "attributes": attributes}}
    return client.post(
        f"/api/v1/orders/{order.pk}/payments", json.dumps(document), content_type=JSON_API
    )


@pytest.mark.django_db
def test_starting_a_payment_is_202_with_the_attempt_and_where_to_follow_it(
    client, order, stripe_settings
):
    response = pay(client, order)

    assert response.status_code == 202
    data = response.json()["data"]
    assert data["type"] == "payments"
    assert data["attributes"]["status"] == "creating"
    assert data["attributes"]["attempt"] == 1
    assert data["attributes"]["amount"] == order.total_amount
    assert data["attributes"]["stripe_publishable_key"] == stripe_settings.STRIPE_PUBLISHABLE_KEY
    assert stripe_settings.STRIPE_PUBLISHABLE_KEY.startswith("pk_")
    assert response["Location"] == attempt_url(order, host="http://testserver")
    order.refresh_from_db()
    assert order.status == OrderStatus.PROCESSING


@pytest.mark.django_db
def test_asking_again_while_the_attempt_is_open_returns_the_same_attempt(client, order):
    first = pay(client, order).json()["data"]["id"]
    second = pay(client, order)

    assert second.status_code == 202
    assert second.json()["data"]["id"] == first
    assert Payment.objects.filter(order=order).count() == 1


@pytest.mark.django_db
def test_polling_the_attempt_shows_stripes_answer_once_the_job_ran(client, order, stripe_settings):
    pay(client, order)
    run_stripe_jobs()

    response = client.get(attempt_url(order))

    assert response.status_code == 200
    attributes = response.json()["data"]["attributes"]
    assert attributes["status"] in {"processing", "succeeded"}
    assert attributes["client_secret"] is None


def stripe_requests(caplog) -> list[str]:
    """The requests the app sent to Stripe (localstripe here), as stripe-python logs them."""
    return [r.getMessage() for r in caplog.records if "Request to Stripe api" in r.getMessage()]


def authenticate(client, order, attempt: int = 1):
    return client.post(f"{attempt_url(order, attempt)}/authenticate")


@pytest.mark.django_db
def test_following_an_attempt_that_waits_for_3d_secure_asks_stripe_nothing(
    client, order, stripe_settings, caplog
):
    """Found by an outside probe: each GET of the attempt asked Stripe for its client
    secret, without limit, so one client could use up the shop's Stripe rate limit. The
    secret comes once, from `POST …/authenticate`, counted per customer."""
    pay(client, order, card_payment_method(THREE_D_SECURE_CARD))
    run_stripe_jobs()
    waiting = order.payments.get(attempt=1)

    with caplog.at_level(logging.INFO, logger="stripe"):
        polls = [client.get(attempt_url(order)) for _ in range(10)]

    assert stripe_requests(caplog) == []
    assert {poll.json()["data"]["attributes"]["status"] for poll in polls} == {"requires_action"}
    assert {poll.json()["data"]["attributes"]["client_secret"] for poll in polls} == {None}

    with caplog.at_level(logging.INFO, logger="stripe"):  # the customer confirms
        confirming = authenticate(client, order)

    assert confirming.status_code == 200
    assert confirming["Cache-Control"] == "no-store"
    attributes = confirming.json()["data"]["attributes"]
    assert attributes["status"] == "requires_action"
    assert attributes["client_secret"] == intent_json(waiting)["client_secret"]
    assert attributes["client_secret"].startswith("pi_")
    assert len(stripe_requests(caplog)) == 1


@pytest.mark.django_db
def test_asking_for_the_client_secret_after_a_failed_prompt_says_the_attempt_failed(
    client, order, stripe_settings
):
    """Outside probe DS-3: after the bank's prompt failed (localstripe sends no event of
    it), `authenticate` gave the secret again and the attempt read `requires_action`."""
    pay(client, order, card_payment_method(THREE_D_SECURE_CARD))
    run_stripe_jobs()
    waiting = order.payments.get(attempt=1)
    pass_3d_secure(
        waiting.stripe_payment_intent_id, intent_json(waiting)["client_secret"], passed=False
    )

    attributes = authenticate(client, order).json()["data"]["attributes"]

    assert (attributes["status"], attributes["client_secret"]) == ("failed", None)
    assert reload(order).status == OrderStatus.PENDING


@pytest.mark.django_db
def test_asking_for_the_client_secret_is_limited_per_customer_with_the_pay_page(
    client, order, stripe_settings, throttle_rates
):
    throttle_rates("authentication_account", 2, seconds=3600)
    pay(client, order, card_payment_method(THREE_D_SECURE_CARD))
    run_stripe_jobs()

    answers = [authenticate(client, order) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[2]["Retry-After"]
    (error,) = answers[2].json()["errors"]
    assert error["detail"].startswith("Too many confirmations with your bank.")
    # Reading the attempt asks Stripe nothing and is not counted.
    assert client.get(attempt_url(order)).status_code == 200


@pytest.mark.django_db
def test_asking_for_the_client_secret_of_an_attempt_that_waits_no_longer_gives_its_status(
    client, order, stripe_settings, caplog
):
    pay(client, order)
    run_stripe_jobs()

    with caplog.at_level(logging.INFO, logger="stripe"):
        answer = authenticate(client, order)

    assert answer.status_code == 200
    attributes = answer.json()["data"]["attributes"]
    assert attributes["status"] in {"processing", "succeeded"}
    assert attributes["client_secret"] is None
    assert stripe_requests(caplog) == []
    unknown = f"/api/v1/orders/{order.pk}/payments/{order.payments.get().pk + 1000}"
    assert client.post(f"{unknown}/authenticate").status_code == 404


@pytest.mark.django_db
def test_payment_attempts_count_against_the_web_checkouts_limits(client, order, throttle_rates):
    throttle_rates("payment_order", 0)

    response = pay(client, order)

    assert response.status_code == 429
    assert response["Retry-After"]
    assert not Payment.objects.filter(order=order).exists()


@pytest.mark.django_db
def test_a_paid_order_cannot_be_paid_again(client, customer):
    paid = create_order(customer=customer, status=OrderStatus.PAID)

    response = pay(client, paid)

    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "payment_not_allowed"


@pytest.mark.django_db
def test_a_payment_needs_a_stripe_payment_method_id(client, order):
    response = pay(client, order, "4242424242424242")

    assert response.status_code == 400
    assert response.json()["errors"][0]["source"] == {"pointer": "/data/attributes/payment_method"}


@pytest.mark.django_db
def test_a_total_the_client_got_wrong_is_refused_without_saying_the_order_changed(client, order):
    """Outside probe HL-3: "now costs 8.99 EUR, not 1.00 EUR … Check what changed", of an
    order never priced again."""
    response = pay(client, order, total_amount=100)

    assert response.status_code == 409
    total = format_money(order.total_amount, order.currency)
    assert response.json()["errors"][0]["detail"] == (
        f"Order {order.number} costs {total}, not 1.00 EUR: nothing was charged. Check its "
        "total, then pay again."
    )
    with system_scope():
        assert not order.payments.exists()


@pytest.mark.parametrize("shown", ["399", "399.0", 399.0, True])
@pytest.mark.django_db
def test_a_total_shown_that_is_not_a_json_integer_is_refused_and_nothing_is_charged(
    client, order, shown
):
    """Outside probe DP-2: "1344" and 1344.0 were taken as the integer the schema asks for."""
    response = pay(client, order, total_amount=shown)

    assert response.status_code == 400
    assert response.json()["errors"][0]["source"] == {"pointer": "/data/attributes/total_amount"}
    with system_scope():
        assert not order.payments.exists()


@pytest.mark.django_db
def test_an_unknown_attempt_is_404(client, order):
    pay(client, order)
    unknown = order.payments.get().pk + 1000

    assert client.get(f"/api/v1/orders/{order.pk}/payments/{unknown}").status_code == 404


@pytest.mark.django_db
def test_a_payment_is_served_at_the_id_it_carries_and_links_to_itself(client, customer):
    """Found by an outside probe: a payment's `id` (8) was not the number in its URL (its
    attempt, 1), so a client building the URL from type and id got a 404; and it had no
    `links.self`. Its `attempt` is still the attempt's number within its order."""
    earlier = create_order(customer=customer, comics=[ComicAssetFactory().comic])
    pay(client, earlier)  # the later order's first attempt gets another id than 1
    order = create_order(customer=customer, comics=[ComicAssetFactory().comic])

    started = pay(client, order).json()["data"]
    url = f"/api/v1/orders/{order.pk}/payments/{started['id']}"
    followed = client.get(url)

    assert started["id"] != "1"
    assert started["attributes"]["attempt"] == 1
    assert started["links"] == {"self": f"http://testserver{url}"}
    assert followed.status_code == 200
    assert followed.json()["data"]["id"] == started["id"]
    assert followed.json()["data"]["links"] == {"self": f"http://testserver{url}"}
    assert "url" not in followed.json()["data"]["attributes"]
    # Another order's payment is not found under this order, even by its id.
    other = earlier.payments.get().pk
    assert client.get(f"/api/v1/orders/{order.pk}/payments/{other}").status_code == 404


@pytest.mark.django_db
def test_an_attempt_in_3d_secure_still_answers_while_stripe_is_out_of_reach(
    client, order, stripe_settings
):
    pay(client, order, card_payment_method(THREE_D_SECURE_CARD))
    run_stripe_jobs()
    stripe_settings.STRIPE_API_BASE = "http://127.0.0.1:9"

    response = client.get(attempt_url(order))
    confirming = authenticate(client, order)

    assert response.status_code == 200
    attributes = response.json()["data"]["attributes"]
    assert (attributes["status"], attributes["client_secret"]) == ("requires_action", None)
    assert confirming.status_code == 502
    assert confirming.json()["errors"][0]["code"] == "payment_provider_unreachable"
    assert order.payments.get(attempt=1).status == PaymentStatus.REQUIRES_ACTION


def waiting_for_3d_secure(client, order) -> Payment:
    """The order's first attempt, waiting at localstripe for the customer's 3-D Secure."""
    pay(client, order, card_payment_method(THREE_D_SECURE_CARD))
    run_stripe_jobs()
    waiting = order.payments.get(attempt=1)
    assert waiting.status == PaymentStatus.REQUIRES_ACTION
    return waiting


@pytest.mark.django_db
def test_another_card_sent_before_the_banks_answer_is_refused_in_an_api_clients_words(
    client, order, stripe_settings
):
    """Outside probe HX-2: the 409 told the API client to wait for the answer "there", in
    "another window or tab", and then to "pay with this card here"."""
    first = pay(client, order).json()["data"]["id"]

    second = pay(client, order, card_payment_method("4000000000000077"))

    assert second.status_code == 409
    (error,) = second.json()["errors"]
    assert error["detail"] == (
        f"This payment method was not charged: the order's payment {first}, sent a moment ago "
        f"with another one, is on its way to the bank. Follow it (GET …/payments/{first}) "
        "until it succeeds or fails; if it fails, send this payment method again."
    )


@pytest.mark.django_db
def test_another_card_after_a_passed_3d_secure_answers_with_the_paid_attempt_and_charges_once(
    client, order, stripe_settings
):
    waiting = waiting_for_3d_secure(client, order)
    pass_3d_secure(waiting.stripe_payment_intent_id, intent_json(waiting)["client_secret"])

    # The client sends another card before the `succeeded` webhook is processed.
    response = pay(client, order, VISA)
    run_stripe_jobs()

    assert response.status_code == 202
    attributes = response.json()["data"]["attributes"]
    assert (attributes["attempt"], attributes["status"]) == (1, "succeeded")
    assert response["Location"] == attempt_url(order, host="http://testserver")
    assert list(order.payments.values_list("attempt", "status")) == [(1, PaymentStatus.SUCCEEDED)]
    intents = localstripe_call("GET", "/v1/payment_intents")["data"]
    assert [intent["status"] for intent in intents] == ["succeeded"]
    assert reload(order).status == OrderStatus.PAID


@pytest.mark.django_db
def test_another_card_while_3d_secure_still_waits_cancels_it_at_stripe_before_replacing_it(
    client, order, stripe_settings
):
    waiting = waiting_for_3d_secure(client, order)
    client_secret = intent_json(waiting)["client_secret"]

    response = pay(client, order, VISA)
    # The customer answers the first card's 3-D Secure after all, too late to be charged.
    with pytest.raises(HTTPError):
        pass_3d_secure(waiting.stripe_payment_intent_id, client_secret)

    assert response.status_code == 202
    attributes = response.json()["data"]["attributes"]
    assert (attributes["attempt"], attributes["status"]) == (2, "creating")
    assert response["Location"] == attempt_url(order, 2, host="http://testserver")
    first = localstripe_call("GET", f"/v1/payment_intents/{waiting.stripe_payment_intent_id}")
    assert first["status"] == "canceled"
    waiting.refresh_from_db()
    assert waiting.status == PaymentStatus.CANCELED
    assert order.payments.get(attempt=2).payment_method_id == VISA
    assert reload(order).status == OrderStatus.PROCESSING


@pytest.mark.django_db
def test_another_card_while_stripe_is_out_of_reach_is_502_and_the_waiting_attempt_stays(
    client, order, stripe_settings
):
    waiting_for_3d_secure(client, order)
    stripe_settings.STRIPE_API_BASE = UNREACHABLE

    response = pay(client, order, VISA)

    assert response.status_code == 502
    assert response.json()["errors"][0]["code"] == "payment_provider_unreachable"
    assert list(order.payments.values_list("attempt", "status")) == [
        (1, PaymentStatus.REQUIRES_ACTION)
    ]
    assert reload(order).status == OrderStatus.PROCESSING
    assert not queued_jobs(["payments.tasks.cancel_payment_intent"])


@pytest.mark.django_db
def test_asking_for_the_client_secret_after_stripe_forgot_the_attempt_fails_it(
    client, order, stripe_settings, localstripe
):
    """As on the pay page: an attempt whose PaymentIntent Stripe no longer knows (a
    restarted localstripe) cannot be confirmed by any bank; it fails, and the order can be
    paid with another card."""
    pay(client, order, card_payment_method(THREE_D_SECURE_CARD))
    run_stripe_jobs()
    localstripe.reset()

    answer = authenticate(client, order)

    assert answer.status_code == 200
    attributes = answer.json()["data"]["attributes"]
    assert (attributes["status"], attributes["client_secret"]) == ("failed", None)
    assert reload(order).status == OrderStatus.PENDING


@pytest.mark.django_db
def test_a_charge_the_order_does_not_count_says_how_its_refund_stands(client, customer):
    """Found by an outside probe: a charge that went through after the order was canceled
    read as `succeeded`, nothing saying it was (being) refunded, as the web page says."""
    order = create_order(customer=customer, status=OrderStatus.CANCELED)
    with system_scope():
        late = PaymentFactory(
            order=order, stripe_payment_intent_id="pi_late", status=PaymentStatus.SUCCEEDED
        )
        DuplicatePayment.objects.create(
            payment=late, order=order, amount=order.total_amount, currency=order.currency
        )
    paid = create_order(customer=customer, comics=[ComicAssetFactory().comic])
    pay(client, paid)

    late_read = client.get(f"/api/v1/orders/{order.pk}/payments/{late.pk}").json()["data"]
    counted = client.get(attempt_url(paid)).json()["data"]

    assert late_read["attributes"]["status"] == "succeeded"
    assert late_read["attributes"]["duplicate_refund"] == "to_refund"
    assert counted["attributes"]["duplicate_refund"] is None


@pytest.mark.django_db(transaction=True)
def test_the_attempt_asked_to_authenticate_comes_with_its_order(client, order, stripe_settings):
    """Found by an outside probe (BH-6): it came with `order` null, read as no one."""
    pay(client, order)
    run_stripe_jobs()
    with system_scope():
        url = f"{attempt_url(order)}/authenticate"

    answer = client.post(url)

    assert answer.status_code == 200
    order_linked = {"type": "orders", "id": str(order.pk)}
    assert answer.json()["data"]["relationships"]["order"]["data"] == order_linked


@pytest.mark.django_db
def test_a_payment_after_the_vat_rate_changed_the_total_charges_nothing_and_says_the_new_one(
    client, customer, settings, stripe_settings
):
    """Outside probe CS-1: a client sends no total it was shown, and the card was charged the
    total the new rate made, unasked."""
    settings.TAX_PRICES_INCLUDE_TAX = False
    order = create_order(
        customer=customer,
        comics=[ComicAssetFactory(comic__price_amount=1000).comic],
        declaration=BuyerDeclaration(country="FR"),
    )
    assert order.total_amount == 1055
    france_rate_from_today("10")

    refused = pay(client, order)

    assert refused.status_code == 409
    assert refused.json()["errors"][0]["detail"].startswith(
        f"Order {order.number} costs 11.00 EUR, not 10.55 EUR: nothing was charged."
    )
    with system_scope():
        assert not order.payments.exists()

    paid = pay(client, order)

    assert paid.status_code == 202
    assert paid.json()["data"]["attributes"]["amount"] == 1100


@pytest.mark.django_db
def test_a_payment_naming_the_total_the_client_showed_is_refused_once_the_order_costs_more(
    client, customer, settings, stripe_settings
):
    """Outside probe CU-1: repriced by the job that follows a tax rule before the client paid,
    the order was charged the new total, which the client had not shown."""
    settings.TAX_PRICES_INCLUDE_TAX = False
    order = create_order(
        customer=customer,
        comics=[ComicAssetFactory(comic__price_amount=1000).comic],
        declaration=BuyerDeclaration(country="FR"),
    )
    france_rate_from_today("10")
    pending_orders_rates_refresh(actor="test")

    refused = pay(client, order, total_amount=1055)

    assert refused.status_code == 409
    assert refused.json()["errors"][0]["detail"].startswith(
        f"Order {order.number} costs 11.00 EUR, not 10.55 EUR: nothing was charged."
    )
    with system_scope():
        assert not order.payments.exists()
    assert pay(client, order, total_amount=1100).status_code == 202


@pytest.mark.django_db
def test_a_repeat_naming_an_out_of_date_total_is_refused_not_given_the_open_attempt(
    client, order, stripe_settings
):
    """Outside probe CW-3: sent again with the total shown before a repricing, it was
    answered 202 with the attempt opened at the new total."""
    assert pay(client, order, total_amount=order.total_amount).status_code == 202

    again = pay(client, order, total_amount=order.total_amount - 1)

    assert again.status_code == 409
    assert "nothing was charged" in again.json()["errors"][0]["detail"]
    assert pay(client, order, total_amount=order.total_amount).status_code == 202
    with system_scope():
        assert order.payments.count() == 1


@pytest.mark.django_db
def test_a_relationship_sent_with_a_payment_says_payments_take_none(client, order):
    """Outside probe FH-3: "payments have no order: only none under relationships"."""
    document = {
        "data": {
            "type": "payments",
            "attributes": {"payment_method": VISA},
            "relationships": {"order": {"data": {"type": "orders", "id": str(order.pk)}}},
        }
    }

    response = client.post(
        f"/api/v1/orders/{order.pk}/payments", json.dumps(document), content_type=JSON_API
    )

    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["detail"] == "payments have no order: they take no relationships."
    assert error["source"] == {"pointer": "/data/relationships/order"}
