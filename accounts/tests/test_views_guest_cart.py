"""The cart a guest fills after their guest checkout follows them into an account (outside
probe BF-4, BF-5): the browser is signed in as the guest, whose account keeps that cart."""

import copy

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicAssetFactory, ComicFactory, UserFactory, create_order
from orders import selectors
from orders.models import CartItem
from orders.transitions import OrderStatus
from promotions.models import Bundle

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # the factory's
PASSPHRASE = "a-long-unusual-passphrase"


def guest_after_checkout(bought_title: str = "Paper Moons") -> Client:
    """A browser that bought as a guest and is signed in as that guest."""
    client = Client()
    comic = ComicAssetFactory(comic__title=bought_title).comic
    client.post(reverse("orders:cart_add", args=[comic.pk]))
    client.post(reverse("guest_checkout"), {"email": "frank@example.com"})
    assert client.session["_auth_user_id"]
    return client


def cart_page(client: Client) -> str:
    return client.get(reverse("orders:cart")).text


def titles_in_cart(customer) -> list[str]:
    return [item.comic.title for item in selectors.cart_items_for(customer=customer)]


def test_comics_a_guest_carts_after_checking_out_follow_them_into_the_account_they_sign_up_for():
    client = guest_after_checkout()
    ghost = ComicFactory(title="Ghost in the Margins")
    client.post(reverse("orders:cart_add", args=[ghost.pk]))

    signed_up = client.post(
        reverse("signup"),
        {
            "username": "frank",
            "email": "frank@example.com",
            "password1": PASSPHRASE,
            "password2": PASSPHRASE,
            "next": reverse("orders:cart"),
        },
        follow=True,
    )

    frank = get_user_model().objects.get(username="frank")
    assert int(client.session["_auth_user_id"]) == frank.pk
    assert "Ghost in the Margins" in signed_up.text
    assert "Your cart is empty" not in signed_up.text
    assert titles_in_cart(frank) == ["Ghost in the Margins"]
    with system_scope():  # moved, not copied: the guest's account keeps no cart line
        assert not CartItem.objects.filter(cart__customer__username__startswith="guest:").exists()


def test_a_guest_who_signs_out_keeps_the_cart_and_signing_in_brings_it_into_the_account():
    owned, ghost = ComicFactory(title="Owned Dream"), ComicFactory(title="Ghost in the Margins")
    customer = UserFactory(username="frank")
    create_order(customer=customer, comics=[owned], status=OrderStatus.DELIVERED)
    client = guest_after_checkout()
    for comic in (owned, ghost):
        client.post(reverse("orders:cart_add", args=[comic.pk]))

    client.post(reverse("logout"))
    as_a_visitor = cart_page(client)
    signed_in = client.post(
        reverse("login"), {"username": "frank", "password": PASSWORD, "next": "/cart/"}, follow=True
    )

    assert "_auth_user_id" in client.session
    assert "Owned Dream" in as_a_visitor and "Ghost in the Margins" in as_a_visitor
    assert titles_in_cart(customer) == ["Ghost in the Margins"]
    assert "Already in your library, so left out of your cart: Owned Dream." in signed_in.text


def test_the_sign_in_page_shows_a_guest_checkout_session_the_form_and_signing_in_keeps_the_cart():
    customer = UserFactory(username="frank")
    client = guest_after_checkout()
    ghost = ComicFactory(title="Ghost in the Margins")
    client.post(reverse("orders:cart_add", args=[ghost.pk]))
    guest_id = client.session["_auth_user_id"]

    form = client.get(reverse("login") + "?next=/cart/")
    still_the_guest = client.session["_auth_user_id"]
    client.post(reverse("login"), {"username": "frank", "password": PASSWORD})

    assert form.status_code == 200
    assert 'name="password"' in form.text
    assert still_the_guest == guest_id  # opening the page changes nothing
    assert int(client.session["_auth_user_id"]) == customer.pk
    assert titles_in_cart(customer) == ["Ghost in the Margins"]


def test_the_sign_in_page_opened_twice_at_once_in_a_guest_checkout_session_keeps_its_cart():
    """Outside probe BG (BG-4): each opening of the page (two tabs, a prefetch and the
    click) ended the guest's session; the one answered last, which the browser keeps, had
    a new session with an empty cart, the comics gone from the guest's cart too."""
    customer = UserFactory(username="frank")
    client = guest_after_checkout()
    ghost = ComicFactory(title="Ghost in the Margins")
    client.post(reverse("orders:cart_add", args=[ghost.pk]))
    prefetch = Client()
    prefetch.cookies = copy.deepcopy(client.cookies)

    prefetch.get(reverse("login"))
    client.get(reverse("login"))  # with the cookie from before the prefetch's answer
    in_the_cart = cart_page(client)
    client.post(reverse("login"), {"username": "frank", "password": PASSWORD})

    assert "Ghost in the Margins" in in_the_cart
    assert titles_in_cart(customer) == ["Ghost in the Margins"]


def test_a_bundle_a_guest_carted_is_named_as_left_out_when_the_guest_session_ends():
    with system_scope():
        bundle = Bundle.objects.create(title="Arc", slug="arc", price_amount=900)
        bundle.comics.set([ComicFactory(price_amount=499), ComicFactory(price_amount=499)])
    client = guest_after_checkout()
    client.post(reverse("promotions:cart_bundle_add", args=["arc"]))

    signed_out = client.post(reverse("logout"), follow=True)

    assert (
        "Bundles go in an account&#x27;s cart only, so left out of this one: Arc. "
        "Add them again once signed in."
    ) in signed_out.text
