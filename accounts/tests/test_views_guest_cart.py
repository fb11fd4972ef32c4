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
from promotions.models import Bundle, CartBundle

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

    signed_up = sign_up_as_frank(client)

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


def guest_with_arc_in_the_cart() -> tuple[Client, Bundle]:
    """A guest, after their checkout, who carted the bundle Arc (the shop took it)."""
    with system_scope():
        arc = Bundle.objects.create(title="Arc", slug="arc", price_amount=900)
        arc.comics.set([ComicFactory(price_amount=499), ComicFactory(price_amount=499)])
    client = guest_after_checkout()
    carted = client.post(reverse("promotions:cart_bundle_add", args=["arc"]), follow=True)
    assert "Arc is in your cart." in carted.text
    return client, arc


def bundles_in_the_cart_of(customer) -> list[str]:
    with system_scope():
        return list(
            CartBundle.objects.filter(cart__customer=customer).values_list(
                "bundle__title", flat=True
            )
        )


def sign_up_as_frank(client: Client):
    return client.post(
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


def test_a_bundle_a_guest_carted_follows_them_into_the_account_they_sign_up_for():
    """Outside probe BG (BG-9): the bundle was left out, "Add them again once signed in"
    said to someone now signed in to an account, whose cart holds bundles."""
    client, _ = guest_with_arc_in_the_cart()

    cart = sign_up_as_frank(client)

    frank = get_user_model().objects.get(username="frank")
    assert 'aria-label="Remove Arc"' in cart.text
    assert "left out" not in cart.text
    assert bundles_in_the_cart_of(frank) == ["Arc"]
    with system_scope():  # moved, not copied: the guest's account keeps no bundle
        assert not CartBundle.objects.filter(cart__customer__username__startswith="guest:").exists()


def test_a_bundle_a_guest_carted_follows_them_into_the_account_they_sign_in_to():
    customer = UserFactory(username="frank")
    client, _ = guest_with_arc_in_the_cart()

    cart = client.post(
        reverse("login"), {"username": "frank", "password": PASSWORD, "next": "/cart/"}, follow=True
    )

    assert int(client.session["_auth_user_id"]) == customer.pk
    assert 'aria-label="Remove Arc"' in cart.text
    assert "left out" not in cart.text
    assert bundles_in_the_cart_of(customer) == ["Arc"]


def test_a_guests_bundle_the_account_signed_in_to_owns_every_comic_of_is_named_as_left_out():
    customer = UserFactory(username="frank")
    client, arc = guest_with_arc_in_the_cart()
    create_order(customer=customer, comics=list(arc.comics.all()), status=OrderStatus.DELIVERED)

    cart = client.post(
        reverse("login"), {"username": "frank", "password": PASSWORD, "next": "/cart/"}, follow=True
    )

    assert "Left out of your cart: You already have every comic of Arc." in cart.text
    assert bundles_in_the_cart_of(customer) == []


def test_a_guests_bundle_no_longer_for_sale_is_named_as_left_out_of_the_account_signed_up_for():
    client, arc = guest_with_arc_in_the_cart()
    with system_scope():
        Bundle.objects.filter(pk=arc.pk).update(is_active=False)

    cart = sign_up_as_frank(client)

    frank = get_user_model().objects.get(username="frank")
    assert "Left out of your cart: Arc is no longer for sale." in cart.text
    assert bundles_in_the_cart_of(frank) == []


def test_a_bundle_a_guest_carted_is_named_as_left_out_when_they_sign_out_to_add_on_sign_in():
    client, _ = guest_with_arc_in_the_cart()

    signed_out = client.post(reverse("logout"), follow=True)

    assert (
        "Signed out, your cart holds no bundles (only an account&#x27;s cart does), so left "
        "out of it: Arc. Sign in to add it again."
    ) in signed_out.text
