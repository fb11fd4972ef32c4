"""The cart's checkout refuses comics the customer has bought meanwhile (another tab)."""

import pytest
from django.urls import reverse

from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, UserFactory, create_order_beside_cart
from orders import selectors
from orders.models import Order
from orders.transitions import OrderStatus

pytestmark = pytest.mark.django_db


def test_checking_out_a_comic_bought_in_another_tab_is_refused_and_leaves_the_cart(client):
    comic, other = ComicFactory(title="Paper Moons"), ComicFactory(title="Other Dream")
    customer = UserFactory()
    client.force_login(customer)
    for each in (comic, other):
        client.post(reverse("orders:cart_add", args=[each.pk]))
    create_order_beside_cart(customer=customer, comics=[comic], status=OrderStatus.PAID)

    response = client.post(reverse("promotions:checkout"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("orders:cart")
    assert "You already own Paper Moons: it is in your library" in response.text
    assert "Already in your library, so taken out of your cart: Paper Moons." in response.text
    with system_scope():
        assert Order.objects.filter(customer=customer).count() == 1
    assert list(selectors.cart_items_for(customer=customer).values_list("comic_id", flat=True)) == [
        other.pk
    ]

    again = client.post(reverse("promotions:checkout"))

    with system_scope():
        placed = Order.objects.filter(customer=customer).latest("created_at")
    assert again["Location"] == reverse("orders:pay", args=[placed.number])
    assert list(placed.items.values_list("comic_id", flat=True)) == [other.pk]
