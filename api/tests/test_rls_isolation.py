"""The seed's acceptance test: each user's token sees only that user's orders, and the
database's row-level security does the isolating, not only the views' querysets."""

import json

import pytest
from django.db import connection

from api.tests.helpers import JSON_API, fulfilled_order, ids
from api.views import orders as order_views
from morpheus_testing.factories import UserFactory, create_order
from orders.models import Order


@pytest.fixture
def alice_and_bob(token_client):
    alice, bob = UserFactory(), UserFactory()
    return {
        "alice": (token_client(alice), {create_order(customer=alice), fulfilled_order(alice)}),
        "bob": (token_client(bob), {create_order(customer=bob), fulfilled_order(bob)}),
    }


@pytest.fixture(params=["alice", "bob"])
def caller(request, alice_and_bob):
    """Each of the two in turn: (their token's client, their orders, the other's orders)."""
    name = request.param
    client, own = alice_and_bob[name]
    _, theirs = alice_and_bob["bob" if name == "alice" else "alice"]
    return client, own, theirs


@pytest.mark.django_db
def test_each_token_lists_only_its_owners_orders(caller):
    client, own, _ = caller

    response = client.get("/api/v1/orders")

    assert response.status_code == 200
    assert ids(response) == {str(order.pk) for order in own}


@pytest.mark.django_db
def test_each_token_retrieves_its_own_orders_and_gets_404_for_the_others(caller):
    client, own, theirs = caller

    for order in own:
        assert client.get(f"/api/v1/orders/{order.pk}").json()["data"]["id"] == str(order.pk)
    for order in theirs:
        response = client.get(f"/api/v1/orders/{order.pk}")
        assert response.status_code == 404
        assert response.json()["errors"][0]["status"] == "404"


@pytest.mark.django_db
def test_each_token_sees_only_its_own_download_links(caller):
    client, own, theirs = caller
    own_fulfilled = next(order for order in own if order.download_links.exists())
    their_fulfilled = next(order for order in theirs if order.download_links.exists())

    mine = client.get(f"/api/v1/orders/{own_fulfilled.pk}/downloads")
    guessed = client.get(f"/api/v1/orders/{their_fulfilled.pk}/downloads")

    expected = {str(pk) for pk in own_fulfilled.download_links.values_list("pk", flat=True)}
    assert ids(mine) == expected
    assert guessed.status_code == 404


@pytest.mark.django_db
def test_cancelling_another_customers_order_is_404_and_changes_nothing(alice_and_bob):
    alice_client, _ = alice_and_bob["alice"]
    _, bobs = alice_and_bob["bob"]
    pending = next(order for order in bobs if order.status == "pending")

    response = alice_client.post(f"/api/v1/orders/{pending.pk}/cancel")

    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == "pending"


@pytest.mark.django_db
def test_listing_without_the_customer_filter_still_shows_only_the_callers_rows(caller, monkeypatch):
    """The view's selector is replaced by one that asks for every order, by the ORM and by
    raw SQL on the request's own connection: row-level security alone narrows both."""
    client, own, _ = caller
    raw_seen: set[str] = set()

    def every_order(*, customer):
        with connection.cursor() as cursor:
            cursor.execute("SELECT id FROM orders_order")
            raw_seen.update(str(row[0]) for row in cursor.fetchall())
        return Order.objects.all()

    monkeypatch.setattr(order_views.selectors, "orders_for_customer", every_order)

    response = client.get("/api/v1/orders")

    own_ids = {str(order.pk) for order in own}
    assert Order.objects.count() == 4  # the test itself runs as the system and sees all
    assert ids(response) == own_ids
    assert raw_seen == own_ids


@pytest.mark.django_db
def test_another_customers_payments_and_links_are_404(caller):
    client, _, theirs = caller

    for order in theirs:
        item = order.items.first()
        document = {"data": {"type": "payments", "attributes": {"payment_method": "pm_card_visa"}}}
        paid = client.post(
            f"/api/v1/orders/{order.pk}/payments", json.dumps(document), content_type=JSON_API
        )
        assert paid.status_code == 404
        assert client.get(f"/api/v1/orders/{order.pk}/payments/1").status_code == 404
        link = client.post(f"/api/v1/orders/{order.pk}/downloads/{item.pk}/links")
        assert link.status_code == 404
