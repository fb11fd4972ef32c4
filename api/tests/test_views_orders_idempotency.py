"""`Idempotency-Key` on `POST /api/v1/orders`: a client that retries after a timeout gets the
order its first request placed, never a second one (nor a second email)."""

import json
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api.models import IdempotencyKey
from api.payment import REPLAYED
from api.services import order_place_once
from api.tests.helpers import JSON_API, order_count, order_document
from morpheus.db_context import Scope, rls_scope, system_scope
from morpheus_testing.api_fixtures import api_token_secret
from morpheus_testing.concurrency import at_once
from morpheus_testing.factories import ComicFactory, UserFactory, create_order
from morpheus_testing.jobs import queued_jobs
from orders.services import order_create_for_comics
from orders.transitions import OrderStatus
from payments.tests.helpers import localstripe_call
from promotions.tests.factories import make_code

EMAIL = "notifications.tasks.send_order_email"
KEY = "7b0e4a52-3c0d-4d0f-9c0e-6a1f2b3c4d5e"


def post(client, document, *, key: str | None = KEY):
    headers = {} if key is None else {"HTTP_IDEMPOTENCY_KEY": key}
    return client.post("/api/v1/orders", json.dumps(document), content_type=JSON_API, **headers)


def emails_queued() -> int:
    return len(queued_jobs([EMAIL]))


@pytest.mark.django_db
def test_the_same_key_and_document_again_answer_the_first_order_and_place_nothing(client):
    document = order_document(ComicFactory(price_amount=450))

    first = post(client, document)
    again = post(client, document)

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["data"] == first.json()["data"]
    assert again["Location"] == first["Location"]
    assert again["Idempotent-Replayed"] == "true"
    assert not first.has_header("Idempotent-Replayed")
    assert again.json()["meta"]["payment"]["amount"] == 450
    assert order_count() == 1
    assert emails_queued() == 1


@pytest.mark.django_db
def test_a_replay_for_an_order_canceled_since_says_so_and_gives_nowhere_to_pay(client):
    """Outside probe DP-3: a replay for an order canceled (or paid) since told the client to
    pay it at `pay_url`, which then refused."""
    document = order_document(ComicFactory())
    first = post(client, document).json()["data"]
    client.post(f"/api/v1/orders/{first['id']}/cancel")

    payment = post(client, document).json()["meta"]["payment"]

    number = first["attributes"]["number"]
    assert payment["unavailable_reason"] == f"Order {number} is canceled: nothing to pay."
    assert "pay_url" not in payment
    assert "payments_url" not in payment


@pytest.mark.django_db
def test_a_replay_for_an_order_whose_comic_was_bought_since_gives_nowhere_to_pay(client, customer):
    """Outside probe FH-2: its `cannot_be_paid` said so while the payment meta said to pay
    at `pay_url` or `payments_url`, which answered 409."""
    comic = ComicFactory()
    document = order_document(comic)
    post(client, document)
    create_order(customer=customer, comics=[comic], status=OrderStatus.FULFILLED)

    replay = post(client, document).json()

    refusal = replay["data"]["attributes"]["cannot_be_paid"]
    payment = replay["meta"]["payment"]
    assert refusal and payment["unavailable_reason"] == refusal
    assert "pay_url" not in payment
    assert "payments_url" not in payment


@pytest.mark.django_db
def test_a_replay_asks_stripe_for_no_setup_intent_and_uses_up_no_card_check(
    client, customer, stripe_settings, throttle_rates
):
    throttle_rates("setup_intent_account", 2, seconds=3600)
    document = order_document(ComicFactory())
    first = post(client, document).json()

    replays = [post(client, document) for _ in range(3)]

    assert [replay.status_code for replay in replays] == [201, 201, 201]
    assert first["meta"]["payment"]["setup_intent_client_secret"].startswith("seti_")
    assert len(localstripe_call("GET", "/v1/setup_intents")["data"]) == 1
    payment = replays[-1].json()["meta"]["payment"]
    order_id, number = first["data"]["id"], first["data"]["attributes"]["number"]
    assert payment["setup_intent_client_secret"] is None
    assert payment["unavailable_reason"] == REPLAYED
    assert payment["pay_url"] == f"http://testserver/orders/{number}/pay/"
    assert payment["payments_url"] == f"http://testserver/api/v1/orders/{order_id}/payments"
    # The pay page still has the card check the replays did not use.
    web = Client()
    web.force_login(customer)
    card_check = web.post(
        reverse("orders:setup_intent", args=[number]), HTTP_ACCEPT="application/json"
    )
    assert card_check.status_code == 200


@pytest.mark.django_db
def test_the_document_is_compared_as_parsed_not_byte_for_byte(client):
    document = order_document(ComicFactory())
    first = post(client, document)

    spaced = client.post(
        "/api/v1/orders",
        json.dumps(document, indent=4),
        content_type=JSON_API,
        HTTP_IDEMPOTENCY_KEY=KEY,
    )

    assert spaced.status_code == 201
    assert spaced.json()["data"]["id"] == first.json()["data"]["id"]
    assert order_count() == 1


@pytest.mark.django_db
def test_the_same_key_with_another_document_is_422_and_places_nothing(client):
    post(client, order_document(ComicFactory()))

    response = post(client, order_document(ComicFactory()))

    assert response.status_code == 422
    assert response["Content-Type"] == JSON_API
    (error,) = response.json()["errors"]
    assert (error["status"], error["code"]) == ("422", "idempotency_key_reused")
    assert "Idempotency-Key was sent before with another document" in error["detail"]
    assert order_count() == 1
    assert emails_queued() == 1


@pytest.mark.django_db
def test_without_a_key_each_request_places_an_order(client):
    document = order_document(ComicFactory())

    responses = [post(client, document, key=None) for _ in range(2)]

    assert [response.status_code for response in responses] == [201, 201]
    assert not any(response.has_header("Idempotent-Replayed") for response in responses)
    assert order_count() == 2


@pytest.mark.django_db
def test_another_customers_same_key_places_their_own_order(client, token_client):
    document = order_document(ComicFactory())
    mine = post(client, document)

    theirs = post(token_client(UserFactory()), document)

    assert theirs.status_code == 201
    assert not theirs.has_header("Idempotent-Replayed")
    assert theirs.json()["data"]["id"] != mine.json()["data"]["id"]
    assert order_count() == 2


@pytest.mark.django_db
def test_a_refused_first_request_leaves_the_key_free(client, customer):
    owned = ComicFactory()
    create_order(customer=customer, comics=[owned], status=OrderStatus.FULFILLED)

    refused = post(client, order_document(owned))
    retried = post(client, order_document(ComicFactory()))

    assert refused.status_code == 409
    assert retried.status_code == 201
    assert not retried.has_header("Idempotent-Replayed")
    assert order_count() == 2


@pytest.mark.django_db
def test_a_code_that_does_not_apply_leaves_the_key_free_for_the_same_document(client):
    document = order_document(ComicFactory(price_amount=300))
    document["data"]["attributes"] = {"discount_code": "SOON"}

    refused = post(client, document)
    make_code("SOON", percent_off=10)
    retried = post(client, document)

    assert refused.status_code == 422
    assert retried.status_code == 201
    assert retried.json()["data"]["attributes"]["total_amount"] == 270
    assert order_count() == 1


@pytest.mark.django_db
def test_a_key_older_than_a_day_is_a_new_key(client):
    document = order_document(ComicFactory())
    first = post(client, document)
    with system_scope():
        IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(hours=24, seconds=1))

    later = post(client, document)

    assert later.status_code == 201
    assert not later.has_header("Idempotent-Replayed")
    assert later.json()["data"]["id"] != first.json()["data"]["id"]
    assert order_count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "key",
    ["", " leading-space", "trailing-space ", "x" * 256, "clé", "tab\there", "dup-a,dup-b"],
    ids=["empty", "leading space", "trailing space", "too long", "not ascii", "control", "twice"],
)
def test_a_malformed_key_is_400_naming_the_header_and_places_nothing(client, key):
    response = post(client, order_document(ComicFactory()), key=key)

    assert response.status_code == 400
    assert response["Content-Type"] == JSON_API
    (error,) = response.json()["errors"]
    assert error["source"] == {"header": "Idempotency-Key"}
    assert "1 to 255 printable ASCII characters but the comma" in error["detail"]
    assert order_count() == 0


@pytest.mark.django_db
def test_the_longest_key_with_spaces_inside_is_accepted(client):
    response = post(client, order_document(ComicFactory()), key="a b" + "~" * 252)

    assert response.status_code == 201


@pytest.mark.django_db(transaction=True)
def test_the_same_key_sent_twice_at_once_places_one_order(token_client):
    customer = UserFactory()
    secret = api_token_secret(customer)
    document = order_document(ComicFactory())

    responses = at_once(lambda: post(token_client(customer, secret=secret), document), times=2)

    assert [response.status_code for response in responses] == [201, 201]
    assert len({response.json()["data"]["id"] for response in responses}) == 1
    replayed = sorted(response.has_header("Idempotent-Replayed") for response in responses)
    assert replayed == [False, True]
    assert order_count() == 1
    assert emails_queued() == 1


def _until_another_waits_for_a_lock() -> None:
    deadline = time.monotonic() + 30
    while True:
        with connection.cursor() as cursor:
            cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE NOT granted)")
            if cursor.fetchone()[0]:
                return
        assert time.monotonic() < deadline, "The other request did not wait for this one."
        time.sleep(0.02)


@pytest.mark.django_db(transaction=True)
def test_a_key_claimed_at_once_waits_on_the_first_claim_and_gets_its_order():
    """Beneath the view, whose rate limit already queues one customer's requests: the
    second claim waits on the unique index while the first one places the order."""
    customer, comic = UserFactory(), ComicFactory()

    def place():
        _until_another_waits_for_a_lock()
        return order_create_for_comics(customer=customer, comics=[comic], actor="test")

    def claim():
        with rls_scope(scope=Scope.CUSTOMER, user_id=customer.pk):
            return order_place_once(
                customer=customer, key=KEY, document={"comics": [comic.pk]}, place=place
            )

    placed = at_once(claim, times=2)

    assert sorted(each.replayed for each in placed) == [False, True]
    assert len({each.order.pk for each in placed}) == 1
    assert order_count() == 1


@pytest.mark.django_db
def test_replays_use_up_none_of_the_order_limit(client, throttle_rates):
    throttle_rates("api_order_create", 2, seconds=3600)
    document = order_document(ComicFactory())

    replayed = [post(client, document).status_code for _ in range(4)]
    another = post(client, order_document(ComicFactory()), key="another-order")
    over = post(client, order_document(ComicFactory()), key="one-too-many")

    assert (replayed, another.status_code, over.status_code) == ([201] * 4, 201, 429)
    assert order_count() == 2


@pytest.mark.django_db
def test_documents_refused_under_a_key_that_placed_an_order_count_against_the_limit(
    client, throttle_rates
):
    """Outside probe GA-1: taken for replays, they used up none of it, so a client looping
    with one used key was never held back."""
    throttle_rates("api_order_create", 3, seconds=3600)
    placed = post(client, order_document(ComicFactory()))

    refused = [
        post(client, order_document(ComicFactory())).status_code,  # another document
        post(client, {**order_document(ComicFactory()), "metta": {}}).status_code,
        post(client, order_document(ComicFactory())).status_code,
    ]
    later = post(client, order_document(ComicFactory()), key="one-too-many")

    assert placed.status_code == 201
    assert (refused, later.status_code) == ([422, 400, 429], 429)
    assert order_count() == 1


@pytest.mark.django_db(transaction=True)
def test_replays_sent_at_the_same_moment_use_up_none_of_the_order_limit(
    token_client, throttle_rates
):
    throttle_rates("api_order_create", 2, seconds=3600)
    customer = UserFactory()
    secret = api_token_secret(customer)
    document = order_document(ComicFactory())

    at_once(lambda: post(token_client(customer, secret=secret), document), times=4)
    another = post(token_client(customer, secret=secret), order_document(ComicFactory()), key="2")

    assert another.status_code == 201
    assert order_count() == 2
