"""The visitor's cart joins the account's at sign-in, without the comics the account owns."""

import pytest
from django.urls import reverse

from catalog.models import Comic
from morpheus_testing.factories import ComicFactory, UserFactory, create_order
from orders import selectors
from orders.transitions import OrderStatus

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # the factory's


def test_signing_in_leaves_the_comics_the_account_owns_out_of_the_cart_and_says_so(client):
    owned, wanted = ComicFactory(title="Owned Dream"), ComicFactory(title="Night Owl")
    customer = UserFactory()
    create_order(customer=customer, comics=[owned], status=OrderStatus.DELIVERED)
    for comic in (owned, wanted):
        client.post(reverse("orders:cart_add", args=[comic.pk]))

    response = client.post(
        reverse("login") + "?next=/cart/",
        {"username": customer.username, "password": PASSWORD, "next": "/cart/"},
        follow=True,
    )

    assert [item.comic.title for item in selectors.cart_items_for(customer=customer)] == [
        "Night Owl"
    ]
    assert "Already in your library, so left out of your cart: Owned Dream." in response.text


def test_signing_in_names_the_comics_no_longer_for_sale_it_leaves_out_of_the_cart(client):
    """Found by an outside probe: they went without a word."""
    withdrawn, wanted = ComicFactory(title="Paper Moons"), ComicFactory(title="Neon Tide")
    customer = UserFactory()
    for comic in (withdrawn, wanted):
        client.post(reverse("orders:cart_add", args=[comic.pk]))
    Comic.objects.filter(pk=withdrawn.pk).update(is_active=False)

    response = client.post(
        reverse("login"), {"username": customer.username, "password": PASSWORD}, follow=True
    )

    assert [item.comic.title for item in selectors.cart_items_for(customer=customer)] == [
        "Neon Tide"
    ]
    assert "No longer for sale, so left out of your cart: Paper Moons." in response.text
