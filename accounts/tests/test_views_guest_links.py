"""A guest order's emailed link opened by someone already signed in to an account."""

import json
import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts import services
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, UserFactory, create_order
from orders.guests import guest_order_url
from orders.models import CartItem, Order
from orders.transitions import OrderStatus
from promotions.models import Bundle

pytestmark = pytest.mark.django_db


def link_path(order) -> str:
    return re.search(r"(/accounts/guest/order/\S+/)", guest_order_url(order)).group(1)


@pytest.fixture
def guest_order():
    return create_order(customer=services.guest_account_create(email="guest@example.com"))


def test_a_signed_in_customer_is_asked_before_the_link_signs_them_out(client, guest_order):
    customer = UserFactory(username="alice-reader")
    client.force_login(customer)

    asked = client.get(link_path(guest_order))

    assert asked.status_code == 200
    assert "opening it signs you out" in asked.text
    assert int(client.session["_auth_user_id"]) == customer.pk
    assert client.get(reverse("orders:detail", args=[guest_order.number])).status_code == 404


def test_confirming_opens_the_guest_order_in_place_of_the_account(client, guest_order):
    client.force_login(UserFactory())

    opened = client.post(link_path(guest_order))

    assert opened["Location"] == reverse("orders:detail", args=[guest_order.number])
    assert int(client.session["_auth_user_id"]) == guest_order.customer_id
    assert client.get(opened["Location"]).status_code == 200


def test_a_visitor_or_a_guest_goes_straight_to_the_order(client, guest_order):
    straight = client.get(link_path(guest_order))
    again = client.get(link_path(guest_order))

    assert straight["Location"] == again["Location"]
    assert straight["Location"] == reverse("orders:detail", args=[guest_order.number])


def test_an_expired_link_says_how_to_get_the_comics_back_a_forged_one_does_not(client, guest_order):
    """Outside probe FI-2: the guest was promised downloads "whenever you like"; once the
    link expired, its page said only "not valid or has expired"."""
    path = link_path(guest_order)
    forged = client.get(path[:-2] + ("A" if path[-2] != "A" else "B") + "/")
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        expired = client.get(path)

    assert expired.status_code == forged.status_code == 400
    assert (
        "This order link has expired: order links work for 30 days. Your comics are still "
        "yours: sign up with the email address you ordered with"
    ) in expired.text
    assert "This order link is not valid: part of it may have been cut" in forged.text
    assert "expired" not in forged.text


def test_a_cut_link_says_to_open_the_whole_link_and_how_to_keep_the_comics(client, guest_order):
    """Outside probe GQ-5: a link a mail program cut read "not valid or has expired", with
    only "Back to the shop"."""
    cut = client.get(link_path(guest_order)[:-12] + "/")

    assert cut.status_code == 400
    page = cut.text
    assert "Open it again from the email, the whole link." in page
    assert "sign up with the email address you ordered with" in page
    assert f'href="{reverse("signup")}?next={reverse("account")}"' in page


def test_a_guests_order_page_says_how_long_its_link_opens_the_library(client):
    """Outside probe FI-2: "Your library downloads every comic you own, whenever you like"."""
    guest = services.guest_account_create(email="guest@example.com")
    order = create_order(customer=guest, status=OrderStatus.FULFILLED)

    order_page = client.get(link_path(order), follow=True)

    assert "through the order link we emailed you, for 30 days" in order_page.text
    assert "whenever you like" not in order_page.text
    # Outside probe ID-1: "this order's comics" of its one comic.
    assert "Your library downloads this order's comic through" in order_page.text
    # Outside probe HM-1: the owner of an account with the address was told to sign up.
    assert (
        f'if you have an account with that address already, <a href="{reverse("login")}">sign '
        "in</a>: its account page offers to add the order."
    ) in order_page.text


def test_what_only_an_account_may_do_asks_a_guest_link_session_to_sign_in(client, guest_order):
    """Found by an outside probe: buying or carting a bundle from a session the emailed link
    opened answered 500 (the new order was out of the one order the session sees)."""
    with system_scope():
        bundle = Bundle.objects.create(title="Arc", slug="arc", price_amount=900)
        bundle.comics.set([ComicFactory(price_amount=499), ComicFactory(price_amount=499)])
    client.get(link_path(guest_order))

    bought = client.post(reverse("promotions:bundle_buy", args=["arc"]))
    carted = client.post(reverse("promotions:cart_bundle_add", args=["arc"]))

    assert bought.status_code == carted.status_code == 302
    assert bought["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session  # a visitor now
    with system_scope():
        assert list(Order.objects.filter(customer=guest_order.customer)) == [guest_order]


def test_a_guest_link_session_signs_in_to_an_account(client, guest_order):
    """Found by an outside probe: the sign-in page sent such a session away as signed in
    already, and signing in did nothing."""
    alice = UserFactory(username="alice-reader")
    client.get(link_path(guest_order))

    form = client.get(reverse("login"))
    signed_in = client.post(
        reverse("login"), {"username": "alice-reader", "password": "correct-horse-battery"}
    )

    assert form.status_code == 200
    assert signed_in.status_code == 302
    assert int(client.session["_auth_user_id"]) == alice.pk


def _cart_page_titles(client) -> list[str]:
    page = client.get(reverse("orders:cart"))
    return sorted(comic.title for comic in page.context["comics"])


LEFT_THE_ORDER = "You have left the order you opened from its link; that link opens it again."


@pytest.mark.parametrize("leaving", ["cart page", "cart add"])
def test_leaving_a_guest_links_order_for_the_cart_says_so_and_the_link_opens_it_again(
    client, guest_order, leaving
):
    """The cart page opened from a guest link's session ended it without a word."""
    client.get(link_path(guest_order))
    if leaving == "cart add":
        client.post(reverse("orders:cart_add", args=[ComicFactory().pk]))

    cart = client.get(reverse("orders:cart"))
    again = client.get(reverse("orders:cart"))
    reopened = client.get(client.get(link_path(guest_order))["Location"])

    assert LEFT_THE_ORDER in cart.content.decode()
    assert LEFT_THE_ORDER not in again.content.decode()  # said once
    assert reopened.status_code == 200
    assert guest_order.number in reopened.content.decode()


@pytest.mark.parametrize("leaving", ["cart page", "sign out", "cart add"])
def test_a_visitors_cart_outlasts_a_guest_link_opened_in_their_browser(
    client, guest_order, leaving
):
    """Outside probe FP-1: opening a guest order's link emptied the visitor's cart, for good
    (its comics went into the guest's account, out of sight)."""
    carted = [ComicFactory(title="Neon Tide"), ComicFactory(title="Ghost in the Margins")]
    later = ComicFactory(title="Paper Moons")
    for comic in carted:
        client.post(reverse("orders:cart_add", args=[comic.pk]))

    opened = client.get(link_path(guest_order))
    order_page = client.get(opened["Location"])
    if leaving == "sign out":
        client.post(reverse("logout"))
    elif leaving == "cart add":
        client.post(reverse("orders:cart_add", args=[later.pk]))

    assert order_page.status_code == 200
    expected = ["Ghost in the Margins", "Neon Tide"]
    assert _cart_page_titles(client) == expected + (
        ["Paper Moons"] if leaving == "cart add" else []
    )
    assert "_auth_user_id" not in client.session  # shopping goes on as a visitor
    with system_scope():
        assert not CartItem.objects.filter(cart__customer=guest_order.customer).exists()


def test_a_visitors_cart_outlasting_a_guest_link_joins_the_account_they_sign_in_to(
    client, guest_order
):
    alice = UserFactory(username="alice-reader")
    client.post(reverse("orders:cart_add", args=[ComicFactory(title="Neon Tide").pk]))
    client.get(link_path(guest_order))

    client.post(reverse("login"), {"username": "alice-reader", "password": "correct-horse-battery"})

    assert int(client.session["_auth_user_id"]) == alice.pk
    assert _cart_page_titles(client) == ["Neon Tide"]


def test_the_api_does_not_take_a_guest_link_session_for_an_account(client, guest_order):
    client.get(link_path(guest_order))
    document = {
        "data": {
            "type": "orders",
            "relationships": {
                "comics": {"data": [{"type": "comics", "id": str(ComicFactory().pk)}]}
            },
        }
    }

    refused = client.post(
        "/api/v1/orders", json.dumps(document), content_type="application/vnd.api+json"
    )

    assert refused.status_code == 401
    assert refused.json()["errors"][0]["status"] == "401"
    with system_scope():
        assert list(Order.objects.filter(customer=guest_order.customer)) == [guest_order]


def test_a_guest_finds_sign_up_in_the_header_and_the_form_takes_the_address_they_bought_with(
    client, guest_order
):
    """Outside probe GQ-1: the guest's only way to sign up was the "Guest: <email>" pill,
    whose purpose only a tooltip said, and the form left the address empty: a guest who typed
    another got an account without their order."""
    client.get(link_path(guest_order))

    order_page = client.get(reverse("orders:detail", args=[guest_order.number])).text
    sign_up = client.get(reverse("signup")).text

    assert f'<a href="{reverse("signup")}" data-testid="nav-sign-up">Sign up</a>' in order_page
    assert 'name="email" value="guest@example.com"' in sign_up
    assert (
        "You bought as a guest with guest@example.com. Sign up with that address and confirm "
        "it, and those orders join your account"
    ) in sign_up


def test_a_visitors_sign_up_form_starts_empty(client):
    sign_up = client.get(reverse("signup")).text

    assert 'name="email" maxlength="254" required' in sign_up
    assert "You bought as a guest" not in sign_up


def test_a_guest_whose_order_joined_an_account_is_not_told_it_joins_a_new_one(client, guest_order):
    """Outside probe GT-6: the sign-up form still said the guest's orders would join the
    account they sign up for, though they had joined another account."""
    client.get(link_path(guest_order))
    services.guest_orders_claim(user=UserFactory(), email="guest@example.com")

    sign_up = client.get(reverse("signup")).text

    assert "You bought as a guest" not in sign_up
