"""The API refuses to sell a customer a comic they own: 409 `already_owned`, as its other
conflicts, when ordering it and when paying for an order that holds it."""

import json

import pytest

from api.tests.helpers import JSON_API, order_count, order_document
from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    ComicAssetFactory,
    ComicFactory,
    create_order,
    create_order_beside_cart,
    order_move,
)
from orders import selectors, services
from orders.transitions import OrderStatus

pytestmark = pytest.mark.django_db


def post(client, path: str, document: dict):
    return client.post(f"/api/v1{path}", json.dumps(document), content_type=JSON_API)


def the_error(response) -> dict:
    (error,) = response.json()["errors"]
    return error


def test_ordering_a_comic_the_customer_owns_is_409_already_owned(client, customer):
    comic = ComicFactory(title="Neon Tide")
    create_order(customer=customer, comics=[comic], status=OrderStatus.FULFILLED)

    response = post(client, "/orders", order_document(comic, ComicFactory()))

    assert response.status_code == 409
    assert response["Content-Type"] == JSON_API
    error = the_error(response)
    assert (error["status"], error["code"]) == ("409", "already_owned")
    assert "You already own Neon Tide" in error["detail"]
    assert "source" not in error
    assert order_count() == 1


def test_ordering_the_cart_after_buying_one_of_its_comics_elsewhere_takes_it_out(client, customer):
    comic, other = ComicFactory(title="Paper Moons"), ComicFactory()
    with system_scope():
        services.cart_add_comic(customer=customer, comic=comic)
        services.cart_add_comic(customer=customer, comic=other)
    create_order_beside_cart(customer=customer, comics=[comic], status=OrderStatus.PAID)
    from_cart = {"data": {"type": "orders", "attributes": {"from_cart": True}}}

    refused = post(client, "/orders", from_cart)
    again = post(client, "/orders", from_cart)

    assert the_error(refused)["code"] == "already_owned"
    # Outside probe BQ-4: "They were taken out of your cart: order it again." for one comic.
    assert the_error(refused)["detail"] == (
        "You already own Paper Moons: it is in your library, no need to buy it again. It was "
        "taken out of your cart; order the cart again for the rest."
    )
    assert again.status_code == 201
    assert len(again.json()["data"]["relationships"]["items"]["data"]) == 1
    assert not selectors.cart_items_for(customer=customer).exists()


def test_ordering_a_cart_of_comics_all_bought_elsewhere_says_the_cart_is_now_empty(
    client, customer
):
    """Outside probe BQ-4: "They … order it again." asked for an order of an empty cart."""
    comics = [ComicFactory(title="Paper Moons"), ComicFactory(title="Quiet Stars")]
    with system_scope():
        for comic in comics:
            services.cart_add_comic(customer=customer, comic=comic)
    create_order_beside_cart(customer=customer, comics=comics, status=OrderStatus.PAID)

    refused = post(
        client, "/orders", {"data": {"type": "orders", "attributes": {"from_cart": True}}}
    )

    detail = the_error(refused)["detail"]
    assert detail.startswith("You already own ") and "Paper Moons" in detail
    assert detail.endswith(
        ": they are in your library, no need to buy them again. They were taken out of your "
        "cart, which is now empty."
    )
    assert not selectors.cart_items_for(customer=customer).exists()


def test_paying_for_an_order_holding_a_comic_bought_since_is_409_already_owned(client, customer):
    comic = ComicAssetFactory(comic__title="Dream Atlas").comic
    first, second = (
        create_order_beside_cart(customer=customer, comics=[comic], status=OrderStatus.PENDING)
        for _ in range(2)
    )
    order_move(first, to=OrderStatus.PAID)
    document = {"data": {"type": "payments", "attributes": {"payment_method": "pm_card_visa"}}}

    response = post(client, f"/orders/{second.pk}/payments", document)

    assert response.status_code == 409
    error = the_error(response)
    assert (error["status"], error["code"]) == ("409", "already_owned")
    assert "You already own Dream Atlas" in error["detail"]


def test_completing_a_free_order_for_a_comic_the_customer_owns_is_409_already_owned(
    client, customer
):
    """Found by an outside probe: two free orders of one comic, the first completed, and the
    second completed too, when paying for it was refused."""
    comic = ComicAssetFactory(comic__title="Dream Diary", comic__price_amount=0).comic
    first, second = (
        create_order_beside_cart(customer=customer, comics=[comic], status=OrderStatus.PENDING)
        for _ in range(2)
    )
    assert client.post(f"/api/v1/orders/{first.pk}/complete-free").status_code == 200

    response = client.post(f"/api/v1/orders/{second.pk}/complete-free")

    assert response.status_code == 409
    error = the_error(response)
    assert (error["status"], error["code"]) == ("409", "already_owned")
    assert error["detail"] == (
        "You already have Dream Diary in your library, so there is nothing to do with free "
        f"order {second.number}: cancel it."
    )
    with system_scope():
        second.refresh_from_db()
    assert second.status == OrderStatus.PENDING
