"""The storefront's cart with comics the customer owns: refused when added, taken out of the
cart when bought meanwhile (another tab), each time saying so."""

import pytest
from django.db import connection
from django.urls import reverse

from catalog.models import Comic
from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    ComicFactory,
    UserFactory,
    create_order,
    create_order_beside_cart,
)
from orders import selectors
from orders.models import OrderItem
from orders.transitions import OrderStatus

pytestmark = pytest.mark.django_db


def test_adding_an_owned_comic_to_the_cart_is_refused_with_a_message(client):
    comic = ComicFactory(title="Neon Tide")
    order = create_order(comics=[comic], status=OrderStatus.DELIVERED)
    client.force_login(order.customer)

    response = client.post(reverse("orders:cart_add", args=[comic.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("catalog:detail", args=[comic.slug])
    assert "You already own Neon Tide: it is in your library" in response.text
    assert not selectors.cart_items_for(customer=order.customer).exists()


def test_the_cart_page_takes_out_a_comic_bought_in_another_tab_and_says_so(client):
    comic, other = ComicFactory(title="Paper Moons"), ComicFactory(title="Other Dream")
    customer = UserFactory()
    client.force_login(customer)
    for each in (comic, other):
        client.post(reverse("orders:cart_add", args=[each.pk]))
    create_order_beside_cart(customer=customer, comics=[comic], status=OrderStatus.PAID)

    page = client.get(reverse("orders:cart"))

    assert "Already in your library, so taken out of your cart: Paper Moons." in page.text
    assert "Other Dream" in page.text
    assert list(selectors.cart_items_for(customer=customer).values_list("comic_id", flat=True)) == [
        other.pk
    ]


def test_an_orders_comics_are_named_in_the_order_they_were_bought_after_a_row_changed(client):
    """A flaky run listed "Paper Moons, Ghost" of an order of Ghost then Paper Moons: the
    items came in whatever order PostgreSQL read their rows, which an update moves."""
    ghost, paper = ComicFactory(title="Ghost"), ComicFactory(title="Paper Moons")
    order = create_order(comics=[ghost, paper])
    create_order(customer=order.customer, comics=[ghost, paper], status=OrderStatus.PAID)
    with system_scope():  # new row versions, stored after the others
        OrderItem.objects.filter(order=order, comic=ghost).update(title="Ghost")
        Comic.objects.filter(pk=ghost.pk).update(title="Ghost")
    with connection.cursor() as cursor:  # plans PostgreSQL may choose: rows as stored
        cursor.execute("SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off")
    client.force_login(order.customer)

    orders_page = client.get(reverse("orders:list")).text
    refused = client.post(
        reverse("orders:pay_start", args=[order.number]), {"payment_method_id": "pm_card_visa"}
    )

    assert orders_page.count("<bdi>Ghost</bdi>, <bdi>Paper Moons</bdi>") == 2
    assert "You already own Ghost, Paper Moons:" in refused.json()["error"]
