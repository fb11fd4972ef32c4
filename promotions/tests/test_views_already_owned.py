"""The cart's checkout refuses comics the customer has bought meanwhile (another tab); the
cart page takes them out, and the bundles the customer now owns whole."""

import pytest
from django.urls import reverse

from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    ComicFactory,
    UserFactory,
    create_order_beside_cart,
    order_move,
)
from orders import selectors
from orders.models import Order
from orders.transitions import OrderStatus
from promotions.models import Bundle, CartBundle

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


@pytest.fixture
def dreamlands():
    comics = [ComicFactory(title=title) for title in ("Ulthar", "Kadath", "Celephaïs")]
    with system_scope():
        bundle = Bundle.objects.create(
            title="The Dreamlands Trilogy", slug="the-dreamlands-trilogy", price_amount=1299
        )
        bundle.comics.set(comics)
    return bundle, comics


def test_the_cart_page_takes_out_a_bundle_bought_meanwhile_and_the_cart_checks_out(
    client, dreamlands
):
    bundle, _ = dreamlands
    other = ComicFactory(title="Other Dream")
    customer = UserFactory()
    client.force_login(customer)
    client.post(reverse("promotions:cart_bundle_add", args=[bundle.slug]))
    client.post(reverse("promotions:bundle_buy", args=[bundle.slug]))
    with system_scope():
        order_move(Order.objects.get(customer=customer), to=OrderStatus.PAID)
    client.post(reverse("orders:cart_add", args=[other.pk]))

    page = client.get(reverse("orders:cart"))
    checkout = client.post(reverse("promotions:checkout"))

    assert (
        "Already in your library, so taken out of your cart: The Dreamlands Trilogy." in page.text
    )
    assert 'data-testid="cart-bundle"' not in page.text
    with system_scope():
        assert not CartBundle.objects.filter(cart__customer=customer).exists()
        placed = Order.objects.filter(customer=customer).latest("created_at")
    assert checkout["Location"] == reverse("orders:pay", args=[placed.number])
    assert list(placed.items.values_list("comic_id", flat=True)) == [other.pk]


def test_the_cart_page_keeps_a_bundle_owned_in_part_and_says_why_it_is_refused(client, dreamlands):
    bundle, (owned, *_) = dreamlands
    with system_scope():
        Bundle.objects.filter(pk=bundle.pk).update(allows_completion=False)
    customer = UserFactory()
    client.force_login(customer)
    client.post(reverse("promotions:cart_bundle_add", args=[bundle.slug]))
    create_order_beside_cart(customer=customer, comics=[owned], status=OrderStatus.PAID)

    page = client.get(reverse("orders:cart")).text

    assert "taken out of your cart" not in page
    assert "You already own Ulthar, and The Dreamlands Trilogy is sold whole only" in page
    with system_scope():
        assert CartBundle.objects.filter(cart__customer=customer, bundle=bundle).exists()


def test_a_bundle_owned_whole_shows_its_price_not_a_price_of_nothing(client, dreamlands):
    """Found by an outside probe: "€0.00 for 3 comics" read as free."""
    bundle, comics = dreamlands
    customer = UserFactory()
    create_order_beside_cart(customer=customer, comics=comics, status=OrderStatus.PAID)
    client.force_login(customer)

    page = client.get(reverse("promotions:bundle", args=[bundle.slug])).text

    assert '<strong data-testid="bundle-price">€12.99</strong>' in page
    assert "€0.00" not in page
    assert "You already have every comic of The Dreamlands Trilogy." in page
