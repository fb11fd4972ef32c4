"""Guest checkouts have their own limit per network, worded for a guest (probe 14, §6):
a guest does not know they are signing up, and the form posted again counts once."""

import re
from datetime import timedelta
from html import unescape
from http.cookies import SimpleCookie

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from catalog.models import Comic
from catalog.services import comic_save
from morpheus.db_context import system_scope
from morpheus_testing.clock import YESTERDAY_NOON
from morpheus_testing.factories import BUSINESS, ComicAssetFactory
from orders import session_cart
from orders.models import Order
from promotions.tests.factories import make_code
from tax.models import OrderTaxEvidence

pytestmark = pytest.mark.django_db

START = YESTERDAY_NOON


def check_out_as_guest(client: Client, comic, email: str, **headers):
    client.post(reverse("orders:cart_add", args=[comic.pk]), **headers)
    return client.post(reverse("guest_checkout"), {"email": email}, **headers)


def page_token(client: Client) -> str:
    """The token the cart page renders into its "Buy as a guest" form."""
    page = client.get(reverse("orders:cart")).text
    return re.search(r'name="attempt" value="([^"]+)"', page).group(1)


def sign_up(client: Client, username: str):
    passphrase = "a-long-unusual-passphrase"
    return client.post(
        reverse("signup"),
        {
            "username": username,
            "email": f"{username}@example.com",
            "password1": passphrase,
            "password2": passphrase,
        },
    )


def guest_orders() -> int:
    with system_scope():
        return Order.objects.filter(email__endswith="@guests.example").count()


def test_guest_checkouts_are_limited_per_network_and_the_refusal_offers_signing_in(
    throttle_rates,
):
    throttle_rates("guest_checkout_ip", 2, seconds=3600)
    comic = ComicAssetFactory().comic

    with time_machine.travel(START, tick=False):
        answers = [
            check_out_as_guest(Client(), comic, f"buyer{n}@guests.example") for n in range(3)
        ]
        from_elsewhere = check_out_as_guest(
            Client(), comic, "far@guests.example", REMOTE_ADDR="192.0.2.44"
        )

    refused = answers[-1]
    assert [answer.status_code for answer in answers] == [302, 302, 429]
    assert refused["Retry-After"] == "3600"
    assert (
        "Too many guest checkouts from your network. "
        "Please try again in 60 minutes, or sign in to buy with your account."
    ) in refused.text
    assert "sign-ups" not in refused.text
    sign_in = f'href="{reverse("login")}?next={reverse("orders:cart")}"'
    assert sign_in in refused.text and 'data-testid="sign-in-instead"' in refused.text
    assert from_elsewhere.status_code == 302
    assert guest_orders() == 3


def test_guest_checkouts_and_sign_ups_use_up_separate_limits(throttle_rates):
    throttle_rates("guest_checkout_ip", 1, seconds=3600)
    throttle_rates("signup_ip", 1, seconds=3600)
    comic = ComicAssetFactory().comic

    checkout = check_out_as_guest(Client(), comic, "first@guests.example")
    signed_up = sign_up(Client(), "newreader")
    second_checkout = check_out_as_guest(Client(), comic, "second@guests.example")
    second_sign_up = sign_up(Client(), "otherreader")

    assert [checkout.status_code, signed_up.status_code] == [302, 302]
    assert [second_checkout.status_code, second_sign_up.status_code] == [429, 429]
    assert "Too many sign-ups from your network" in second_sign_up.text
    assert 'data-testid="sign-in-instead"' not in second_sign_up.text


def test_the_form_posted_again_after_it_made_the_order_counts_as_no_checkout(throttle_rates):
    """The browser holds the guest's session by then: it goes to the order's pay page, as
    the first post did. (Posted again at once, before the order is made:
    test_views_concurrency.py.)"""
    throttle_rates("guest_checkout_ip", 2, seconds=3600)
    comic = ComicAssetFactory().comic
    browser = Client()

    first = check_out_as_guest(browser, comic, "twice@guests.example")
    again = [
        browser.post(reverse("guest_checkout"), {"email": "twice@guests.example"}) for _ in range(3)
    ]
    next_buyer = check_out_as_guest(Client(), comic, "next@guests.example")
    one_too_many = check_out_as_guest(Client(), comic, "late@guests.example")

    assert first.status_code == 302
    assert [answer.headers["Location"] for answer in again] == [first.headers["Location"]] * 3
    assert next_buyer.status_code == 302
    assert one_too_many.status_code == 429
    assert guest_orders() == 2


BUSINESS_GUEST = {
    "email": "acme@guests.example",
    "country": "DE",
    "vat_number": "DE136695976",
    **BUSINESS,
}
# What a guest might get wrong before getting it right: each is refused back to the cart.
MISTAKES = [
    {**BUSINESS_GUEST, "billing_address": ""},
    {**BUSINESS_GUEST, "country": "FRA"},
    {**BUSINESS_GUEST, "email": "acme@"},
]


def test_guest_checkouts_the_form_refused_leave_the_network_its_checkouts(throttle_rates):
    """Found by an outside probe (BK-2): each refused try (no billing address, a country
    not of the list, a bad address) counted as a guest checkout, and the corrected one
    was refused with 429. Only checkouts that make the guest count."""
    throttle_rates("guest_checkout_ip", 2, seconds=3600)
    comic = ComicAssetFactory().comic
    visitor = Client()
    visitor.post(reverse("orders:cart_add", args=[comic.pk]))

    mistakes = [visitor.post(reverse("guest_checkout"), posted) for posted in MISTAKES * 2]
    corrected = visitor.post(reverse("guest_checkout"), BUSINESS_GUEST)
    next_buyer = check_out_as_guest(Client(), comic, "next@guests.example")
    one_too_many = check_out_as_guest(Client(), comic, "late@guests.example")

    assert [each.status_code for each in mistakes] == [302] * 6
    assert {each["Location"].split("?")[0] for each in mistakes} == {reverse("orders:cart")}
    with system_scope():
        number = Order.objects.get(email="acme@guests.example").number
    assert corrected["Location"] == reverse("orders:pay", args=[number])
    assert next_buyer.status_code == 302
    assert one_too_many.status_code == 429
    assert "Too many guest checkouts from your network" in one_too_many.text
    assert guest_orders() == 2


def test_a_guest_business_checkout_netted_below_the_card_minimum_makes_no_guest_and_no_count(
    throttle_rates,
):
    """Outside probe BL-3: refused as the order was placed (0.50 EUR less Germany's 7 %
    comes to 0.47 EUR), it still made the guest, signed the visitor in as it, counted a
    guest checkout and dropped what was typed."""
    throttle_rates("guest_checkout_ip", 1, seconds=3600)
    cheap = ComicAssetFactory(comic__price_amount=50).comic
    visitor = Client()
    visitor.post(reverse("orders:cart_add", args=[cheap.pk]))
    users_before = get_user_model().objects.count()

    refused = visitor.post(reverse("guest_checkout"), BUSINESS_GUEST, follow=True)
    consumer = check_out_as_guest(Client(), ComicAssetFactory().comic, "next@guests.example")

    page = unescape(refused.content.decode())
    assert refused.redirect_chain[-1][0] == reverse("orders:cart") + "?country=DE"
    assert "this order would come to 0.47 EUR, less than a card can be charged" in page
    assert "_auth_user_id" not in visitor.session
    assert 'value="acme@guests.example"' in page
    assert 'value="DE136695976"' in page
    assert f">{BUSINESS['billing_address']}</textarea>" in page
    assert session_cart.comic_ids(visitor.session) == [cheap.pk]
    assert get_user_model().objects.count() == users_before + 1  # the consumer's guest
    assert consumer.status_code == 302 and guest_orders() == 1


def test_a_guest_business_checkout_whose_code_brings_it_under_the_card_minimum_makes_no_guest():
    """Outside probe BL-5: the checkout dropped the code and placed the order at full price
    (a consumer pays 0.55 EUR of 10.98 EUR with 95 % off; a business would pay 0.52 in
    Germany, 0.43 in Hungary)."""
    make_code("DEEP", percent_off=95)
    visitor = Client()
    visitor.post(
        reverse("orders:cart_add", args=[ComicAssetFactory(comic__price_amount=1098).comic.pk])
    )
    visitor.post(reverse("promotions:cart_code"), {"code": "DEEP"})
    users_before = get_user_model().objects.count()
    business = {**BUSINESS_GUEST, "country": "HU", "vat_number": "HU12892312"}

    refused = visitor.post(reverse("guest_checkout"), business, follow=True)

    page = unescape(refused.content.decode())
    assert refused.redirect_chain[-1][0] == reverse("orders:cart") + "?country=HU"
    assert "Code DEEP would bring the total to €0.43, less than a card can be charged" in page
    assert "_auth_user_id" not in visitor.session
    assert 'value="HU12892312"' in page
    assert get_user_model().objects.count() == users_before
    assert guest_orders() == 0


def test_guest_checkouts_the_form_refused_have_a_limit_of_their_own_past_which_none_is_read(
    throttle_rates,
):
    """Probing the form stays bounded: past the network's refused tries, even a right form
    is answered 429 (the answer tells nothing of what was typed) until the window ends,
    with a way to sign in; another network checks out."""
    throttle_rates("guest_checkout_refused_ip", 3, seconds=3600)
    comic = ComicAssetFactory().comic
    visitor = Client()
    visitor.post(reverse("orders:cart_add", args=[comic.pk]))

    with time_machine.travel(START, tick=False):
        mistakes = [visitor.post(reverse("guest_checkout"), posted) for posted in MISTAKES * 2]
        corrected = visitor.post(reverse("guest_checkout"), BUSINESS_GUEST)
        from_elsewhere = check_out_as_guest(
            Client(), comic, "far@guests.example", REMOTE_ADDR="192.0.2.44"
        )
    with time_machine.travel(START + timedelta(hours=1), tick=False):
        an_hour_later = visitor.post(reverse("guest_checkout"), BUSINESS_GUEST)

    assert [each.status_code for each in mistakes] == [302] * 3 + [429] * 3
    assert corrected.status_code == 429
    assert (
        "Too many refused guest checkouts from your network. "
        "Please try again in 60 minutes, or sign in to buy with your account."
    ) in corrected.text
    assert 'data-testid="sign-in-instead"' in corrected.text
    assert from_elsewhere.status_code == 302
    assert an_hour_later.status_code == 302
    assert guest_orders() == 2


def test_the_form_sent_again_after_the_checkout_signed_the_guest_in_goes_to_the_order():
    """Found by an outside probe: a slow double click on "Buy as a guest" sent the page's
    form again after the first answer had signed the visitor in as the guest, which gives
    the browser a new CSRF token: the second answer, the one the customer saw, was "Please
    try again" over an order placed. A forged post is still refused."""
    browser = Client(enforce_csrf_checks=True)
    browser.get(reverse("login"))
    token = browser.cookies[settings.CSRF_COOKIE_NAME].value
    comic = ComicAssetFactory().comic
    browser.post(reverse("orders:cart_add", args=[comic.pk]), {"csrfmiddlewaretoken": token})
    form = {"email": "slow@guests.example", "csrfmiddlewaretoken": token}

    first = browser.post(reverse("guest_checkout"), form)
    again = browser.post(reverse("guest_checkout"), form, follow=True)
    made_up = browser.post(reverse("guest_checkout"), {**form, "csrfmiddlewaretoken": "x" * 64})
    forged = browser.post(reverse("guest_checkout"), form, HTTP_ORIGIN="https://evil.example")

    assert first.status_code == 302
    assert again.redirect_chain == [(first.headers["Location"], 302)]
    assert again.status_code == 200
    order_number = first.headers["Location"].rstrip("/").split("/")[-2]
    assert f"Your order {order_number} is placed: pay for it here." in again.text
    assert made_up.headers["Location"] == first.headers["Location"]
    assert forged.status_code == 403 and "Please try again" in forged.text
    assert guest_orders() == 1


def test_an_address_longer_than_an_email_can_be_makes_no_guest_account():
    """Found by an outside probe: 255 to 320 characters gave a server error."""
    too_long = "a" * 243 + "@example.com"

    response = check_out_as_guest(Client(), ComicAssetFactory().comic, too_long)

    assert response.status_code == 302
    assert response.headers["Location"] == reverse("orders:cart")
    with system_scope():
        assert not get_user_model().objects.filter(email=too_long).exists()
    assert guest_orders() == 0


@pytest.mark.parametrize("withdrawn", [False, True], ids=["empty", "comic-withdrawn"])
def test_a_guest_checkout_with_nothing_to_buy_makes_no_account(withdrawn):
    """Found by an outside probe: an empty cart's "Buy as a guest" made and signed in a new,
    empty guest account."""
    browser = Client()
    if withdrawn:
        comic = ComicAssetFactory().comic
        browser.post(reverse("orders:cart_add", args=[comic.pk]))
        with system_scope():
            Comic.objects.filter(pk=comic.pk).update(is_active=False)

    response = browser.post(
        reverse("guest_checkout"), {"email": "nothing@guests.example"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("orders:cart")
    assert not response.wsgi_request.user.is_authenticated
    assert "Your cart is empty" in response.text and "there is nothing to buy" in response.text
    with system_scope():
        assert not get_user_model().objects.filter(email="nothing@guests.example").exists()
    assert guest_orders() == 0


def test_a_guest_checkout_of_a_cart_in_two_currencies_is_refused_and_makes_no_guest():
    """Found by an outside probe: it was refused, but made an empty guest account and signed
    the visitor in as it."""
    browser = Client()
    for comic in (ComicAssetFactory().comic, ComicAssetFactory(comic__currency="KWD").comic):
        browser.post(reverse("orders:cart_add", args=[comic.pk]))
    users_before = get_user_model().objects.count()

    refused = browser.post(
        reverse("guest_checkout"), {"email": "two@guests.example", "country": "DE"}, follow=True
    )

    assert refused.redirect_chain[-1][0] == reverse("orders:cart")
    assert "Comics priced in different currencies: pay separately." in refused.text
    assert "_auth_user_id" not in browser.session
    assert get_user_model().objects.count() == users_before


def test_a_guest_checkout_a_card_cannot_pay_at_once_is_refused_and_a_code_under_it_is_not():
    """Stripe charges at most 999,999.99 EUR at once: two comics at 600,000.00 EUR are
    refused (no guest, no order), and with 50 % off they are ordered (outside probe CH-1:
    the check read the price before the code)."""
    browser = Client()
    for _ in range(2):
        comic = ComicAssetFactory(comic__price_amount=60_000_000, comic__currency="EUR").comic
        browser.post(reverse("orders:cart_add", args=[comic.pk]))
    make_code("HALF", percent_off=50)
    users_before = get_user_model().objects.count()

    refused = browser.post(
        reverse("guest_checkout"), {"email": "rich@guests.example", "country": "DE"}, follow=True
    )
    made_after_refusal = get_user_model().objects.count()
    browser.post(reverse("promotions:cart_code"), {"code": "half"})
    browser.post(reverse("guest_checkout"), {"email": "rich@guests.example", "country": "DE"})

    assert "These comics come to €1,200,000.00, more than a card can be charged" in refused.text
    assert made_after_refusal == users_before
    with system_scope():
        [order] = Order.objects.filter(email="rich@guests.example")
    assert order.total_amount == 60_000_000


def test_a_guest_checkout_refused_for_its_vat_number_keeps_the_country_and_makes_no_guest():
    """Found by an outside probe: the refusal made a guest account and signed the visitor in
    as it (the email could no longer be corrected), and the cart went back to another
    country and its VAT."""
    browser = Client()
    comic = ComicAssetFactory().comic
    browser.post(reverse("orders:cart_add", args=[comic.pk]))
    users_before = get_user_model().objects.count()

    refused = browser.post(
        reverse("guest_checkout"),
        {"email": "vat@guests.example", "country": "DE", "vat_number": "DE123", **BUSINESS},
        follow=True,
    )

    page = refused.content.decode()
    assert refused.redirect_chain[-1][0] == reverse("orders:cart") + "?country=DE"
    assert "DE123 is not a valid EU VAT number." in page
    assert '<input type="hidden" name="country" value="DE">' in page
    assert "_auth_user_id" not in browser.session
    assert get_user_model().objects.count() == users_before
    assert guest_orders() == 0


def test_a_guest_checkout_with_a_vat_number_and_no_business_name_is_refused_and_makes_no_guest():
    """Outside probe BJ-3: a business's invoice named only its email address."""
    browser = Client()
    browser.post(reverse("orders:cart_add", args=[ComicAssetFactory().comic.pk]))
    users_before = get_user_model().objects.count()
    posted = {"email": "acme@guests.example", "country": "FR", "vat_number": "FR40303265045"}

    refused = browser.post(
        reverse("guest_checkout"), {**posted, "billing_address": "1 rue de la Paix"}, follow=True
    )

    page = unescape(refused.content.decode())
    assert refused.redirect_chain[-1][0] == reverse("orders:cart") + "?country=FR"
    assert "To buy with a VAT number, give your business name too" in page
    assert "1 rue de la Paix</textarea>" in page
    assert get_user_model().objects.count() == users_before
    assert guest_orders() == 0

    placed = browser.post(reverse("guest_checkout"), {**posted, **BUSINESS})

    with system_scope():
        evidence = OrderTaxEvidence.objects.get(order__email="acme@guests.example")
    assert placed.status_code == 302 and guest_orders() == 1
    assert (evidence.business_name, evidence.billing_address) == (
        BUSINESS["business_name"],
        BUSINESS["billing_address"],
    )


@pytest.mark.parametrize(
    ("business", "said"),
    [
        # Outside probe BK-1: a 500 (the database refuses a NUL character).
        ({"business_name": "Acme\x00"}, "Your business name holds a character an invoice"),
        # Outside probe BK-6: printed reversed on the invoice; cut at 500 without a word.
        ({"business_name": "\u202eHbmG emca"}, "Your business name holds a character an invoice"),
        # Outside probe BL-4: nothing visible, the invoice would name no business.
        ({"business_name": "\u200b"}, "Your business name holds a character an invoice"),
        ({"billing_address": "\ufeff"}, "Your billing address holds a character an invoice"),
        # Outside probe BM-2: a Hangul filler or a blank Braille pattern passed as given.
        ({"business_name": "\u3164"}, "Your business name holds a character an invoice"),
        ({"billing_address": "\u2800"}, "Your billing address holds a character an invoice"),
        ({"billing_address": "W" * 501}, "Your billing address can be at most 500 characters"),
        ({"billing_address": "1\n2\n3\n4\n5\n6\n7"}, "Your billing address can be at most 6 lines"),
    ],
)
def test_a_guest_business_name_or_address_an_invoice_cannot_print_is_refused_and_makes_no_guest(
    business, said
):
    browser = Client()
    browser.post(reverse("orders:cart_add", args=[ComicAssetFactory().comic.pk]))
    users_before = get_user_model().objects.count()

    refused = browser.post(
        reverse("guest_checkout"),
        {
            "email": "nul@guests.example",
            "country": "DE",
            "vat_number": "DE136695976",
            **BUSINESS,
            **business,
        },
        follow=True,
    )

    assert refused.redirect_chain[-1][0] == reverse("orders:cart") + "?country=DE"
    assert said in unescape(refused.text)
    assert "_auth_user_id" not in browser.session
    assert get_user_model().objects.count() == users_before
    assert guest_orders() == 0


@pytest.mark.parametrize("sent", ["FRA", ""])
def test_a_guest_checkout_with_a_country_not_of_the_list_is_refused_and_makes_no_guest(sent):
    """Outside probe BJ-10: "FRA" was cut to France, an empty country took the default."""
    browser = Client()
    browser.post(reverse("orders:cart_add", args=[ComicAssetFactory().comic.pk]))
    users_before = get_user_model().objects.count()

    refused = browser.post(
        reverse("guest_checkout"), {"email": "fra@guests.example", "country": sent}, follow=True
    )

    assert "pick the country you live in from the list, or Elsewhere." in refused.text
    assert get_user_model().objects.count() == users_before
    assert guest_orders() == 0


def test_a_guest_checkout_sent_again_without_its_vat_number_says_the_order_keeps_it(client):
    """Outside probe AG (F6), for a guest: the form sent again with the VAT number taken out
    opened the order placed by reverse charge without a word."""
    comic = ComicAssetFactory().comic
    client.post(reverse("orders:cart_add", args=[comic.pk]))
    form = {"email": "firm@guests.example", "country": "FR"}
    first = client.post(
        reverse("guest_checkout"), {**form, "vat_number": "FR40303265045", **BUSINESS}
    )

    again = client.post(reverse("guest_checkout"), {**form, "vat_number": ""}, follow=True)

    assert again.redirect_chain == [(first.headers["Location"], 302)]
    assert "VAT number FR40303265045: no VAT, by reverse charge." in again.text
    assert 'data-testid="declared-differently"' in again.text
    assert guest_orders() == 1


@pytest.mark.parametrize("again", [{"country": "DE"}, {"vat_number": "FR40303265045", **BUSINESS}])
def test_a_guest_checkout_sent_again_from_the_visitors_session_says_what_the_order_keeps(again):
    """Outside probe AJ (AJ-1): sent again with another country or VAT number by a browser
    still holding the visitor's session (the first answer's new session had not arrived),
    the order opened as "is placed: pay for it here", with no word of what it keeps."""
    comic = ComicAssetFactory().comic
    browser = Client()
    browser.post(reverse("orders:cart_add", args=[comic.pk]))
    before_checkout = Client()
    before_checkout.cookies = SimpleCookie(browser.cookies)
    form = {"email": "back@guests.example", "country": "FR", "attempt": page_token(browser)}
    first = browser.post(reverse("guest_checkout"), form)

    answer = before_checkout.post(reverse("guest_checkout"), {**form, **again}, follow=True)

    assert answer.redirect_chain == [(first.headers["Location"], 302)]
    assert "was placed with France as the country you live in and no VAT number" in answer.text
    assert 'data-testid="declared-differently"' in answer.text
    assert "is placed: pay for it here" not in answer.text
    assert guest_orders() == 1


def test_the_visitor_session_a_guest_checkout_replaced_signs_no_one_else_in_as_its_guest():
    """Outside probe AT (AT-2): for a minute after "Buy as a guest", any other browser
    holding the visitor's session key (planted in theirs, or read off a shared computer)
    posted the form with any address and was signed in as the guest, with its order and,
    once paid, its downloads. Only the checkout's own page follows it there."""
    comic = ComicAssetFactory().comic
    visitor = Client()
    visitor.post(reverse("orders:cart_add", args=[comic.pk]))
    other = Client()
    other.cookies = SimpleCookie(visitor.cookies)
    others_page = page_token(other)  # the same session's cart, on another page
    form = {"email": "victim@guests.example", "country": "FR", "shown_total": "0"}
    placed = visitor.post(reverse("guest_checkout"), {**form, "attempt": page_token(visitor)})

    answers = [
        other.post(reverse("guest_checkout"), {**form, **posted})
        for posted in (
            {"attempt": others_page},
            {"attempt": others_page, "email": "attacker@evil.example"},
            {},
        )
    ]
    cart = other.get(reverse("orders:cart"))
    orders = other.get(reverse("orders:list"))
    pay = other.get(placed.headers["Location"])

    assert [answer.headers["Location"] for answer in answers] == [reverse("orders:cart")] * 3
    assert "victim@guests.example" not in cart.text
    assert "Your cart is empty" in cart.text
    assert orders.headers["Location"].startswith(reverse("login"))
    assert pay.headers["Location"].startswith(reverse("login"))
    assert guest_orders() == 1


def test_a_guest_checkout_of_a_cart_changed_in_another_tab_makes_no_account_and_no_order():
    """Found by an outside probe (AV-1), for the cart's checkout; "Buy as a guest" shares
    its form: a comic removed in another tab left the other to be bought without a word."""
    visitor = Client()
    comics = [ComicAssetFactory().comic for _ in range(2)]
    for comic in comics:
        visitor.post(reverse("orders:cart_add", args=[comic.pk]))
    page = visitor.get(reverse("orders:cart")).text
    shown = dict(re.findall(r'name="(shown_cart|shown_total|attempt)" value="([^"]*)"', page))
    visitor.post(reverse("orders:cart_remove", args=[comics[1].pk]))
    form = {**shown, "email": "buyer@example.com", "country": "FR"}

    cart = visitor.post(reverse("guest_checkout"), form, follow=True)

    assert cart.redirect_chain == [(f"{reverse('orders:cart')}?country=FR", 302)]
    assert (
        "Your cart or a price in it changed since this page was shown (in another tab or "
        "window, or by the shop): here it is as it is now, check it and press Buy as a guest again."
        in cart.text
    )
    assert guest_orders() == 0
    with system_scope():
        assert not get_user_model().objects.filter(email="buyer@example.com").exists()
    assert not cart.context["user"].is_authenticated


def test_a_guest_checkout_of_a_comic_staff_priced_in_another_currency_makes_no_order():
    """Found by an outside probe (BE-4): a cart showing £3.99 was bought as a guest for
    €3.99, its comic repriced in euros meanwhile, without a word."""
    visitor = Client()
    comic = ComicAssetFactory(comic__price_amount=399, comic__currency="GBP").comic
    visitor.post(reverse("orders:cart_add", args=[comic.pk]))
    page = visitor.get(reverse("orders:cart")).text
    shown = dict(re.findall(r'name="(shown_cart|shown_total|attempt)" value="([^"]*)"', page))
    comic.currency = "EUR"
    comic_save(comic=comic, actor="staff:catalog")

    cart = visitor.post(
        reverse("guest_checkout"), {**shown, "email": "buyer@example.com"}, follow=True
    )

    assert "£3.99" in page
    assert (
        "Your cart or a price in it changed since this page was shown (in another tab or "
        "window, or by the shop): here it is as it is now, check it and press Buy as a guest again."
        in cart.text
    )
    assert 'data-testid="cart-total">€3.99<' in cart.text
    assert guest_orders() == 0
    assert not cart.context["user"].is_authenticated


def test_a_guest_checkout_of_a_cart_that_lost_a_withdrawn_comic_names_it_keeps_the_address():
    """Found by an outside probe (AX-1): it said the cart changed "in another tab or window"
    and never named the comic staff had withdrawn."""
    visitor = Client()
    kept, withdrawn = ComicAssetFactory().comic, ComicAssetFactory(comic__title="Paper Moons").comic
    for comic in (kept, withdrawn):
        visitor.post(reverse("orders:cart_add", args=[comic.pk]))
    page = visitor.get(reverse("orders:cart")).text
    shown = dict(re.findall(r'name="(shown_cart|shown_total|attempt)" value="([^"]*)"', page))
    with system_scope():
        Comic.objects.filter(pk=withdrawn.pk).update(is_active=False)

    cart = visitor.post(
        reverse("guest_checkout"),
        {**shown, "email": "buyer@example.com", "country": "FR"},
        follow=True,
    )

    assert cart.redirect_chain == [(f"{reverse('orders:cart')}?country=FR", 302)]
    assert "No longer for sale, so taken out of your cart: Paper Moons." in cart.text
    assert "another tab" not in cart.text
    # the address typed is there to press "Buy as a guest" again (probe AX-8)
    assert (
        'name="email" id="guest-email" required autocomplete="email" value="buyer@example.com"'
        in cart.text
    )
    assert guest_orders() == 0
    assert not cart.context["user"].is_authenticated


def test_a_guest_checkout_refused_for_its_address_keeps_what_was_typed_and_the_country():
    """Found by an outside probe (AY-4): "jane.doe@gmail" passes the browser's check; the
    refusal emptied the field and put the country back to the default, the cart's VAT with
    it."""
    visitor = Client()
    visitor.post(reverse("orders:cart_add", args=[ComicAssetFactory().comic.pk]))

    cart = visitor.post(
        reverse("guest_checkout"), {"email": "jane.doe@gmail", "country": "DE"}, follow=True
    )

    assert cart.redirect_chain == [(f"{reverse('orders:cart')}?country=DE", 302)]
    assert "Please enter a valid email address." in cart.text
    assert 'id="guest-email" required autocomplete="email" value="jane.doe@gmail"' in cart.text
    assert guest_orders() == 0


def test_a_guest_checkout_refused_for_its_vat_number_shows_the_number_again_once():
    """Found by an outside probe (AY-5): the address came back, the VAT number did not, and a
    business buyer one digit off typed the whole number again. Another browser never sees
    it, and the cart after the one that said why shows the field empty."""
    visitor, other = Client(), Client()
    comic = ComicAssetFactory().comic
    for browser in (visitor, other):
        browser.post(reverse("orders:cart_add", args=[comic.pk]))
    posted = {"email": "x@example.com", "country": "FR", "vat_number": "FR00000000000", **BUSINESS}

    cart = visitor.post(reverse("guest_checkout"), posted, follow=True)

    field = 'id="guest-vat-number" maxlength="20" autocomplete="off" value="{}"'
    assert cart.redirect_chain == [(f"{reverse('orders:cart')}?country=FR", 302)]
    assert "FR00000000000 is not a valid EU VAT number." in cart.text
    assert field.format("FR00000000000") in cart.text
    assert 'autocomplete="email" value="x@example.com"' in cart.text
    assert field.format("") in other.get(reverse("orders:cart")).text
    assert field.format("") in visitor.get(reverse("orders:cart")).text
    assert guest_orders() == 0


def test_a_guest_checkout_refused_by_the_network_limit_keeps_what_was_typed_and_the_country(
    throttle_rates,
):
    """The refusal's page leads back to the cart (or to signing in, then the cart) with
    the country declared, and the cart shows the address and the VAT number typed."""
    throttle_rates("guest_checkout_ip", 0, seconds=3600)
    visitor = Client()
    visitor.post(reverse("orders:cart_add", args=[ComicAssetFactory().comic.pk]))

    refused = visitor.post(
        reverse("guest_checkout"),
        {"email": "buyer@example.com", "country": "DE", "vat_number": "DE136695976", **BUSINESS},
    )
    cart = visitor.get(reverse("orders:cart"), {"country": "DE"})

    kept = f"{reverse('orders:cart')}?country=DE"
    assert refused.status_code == 429
    assert f'href="{kept}" data-testid="back-to-cart"' in refused.text
    assert f'href="{reverse("login")}?next=/cart/%3Fcountry%3DDE"' in refused.text
    assert 'autocomplete="email" value="buyer@example.com"' in cart.text
    assert 'id="guest-vat-number" maxlength="20" autocomplete="off" value="DE136695976"' in (
        cart.text
    )
    assert '<option value="DE" selected>' in cart.text
    assert guest_orders() == 0


def test_a_guest_vat_number_refused_for_its_country_stays_while_the_country_is_corrected():
    """Found by an outside probe (AZ-1): the number refused for being from Germany went as
    soon as Germany was chosen and "Update VAT" pressed, as the message said to. Another
    browser never sees it, and a cart opened from another page forgets it."""
    visitor, other = Client(), Client()
    comic = ComicAssetFactory().comic
    for browser in (visitor, other):
        browser.post(reverse("orders:cart_add", args=[comic.pk]))
    posted = {"email": "x@example.com", "country": "FR", "vat_number": "DE136695976", **BUSINESS}

    refused = visitor.post(reverse("guest_checkout"), posted, follow=True)
    update_vat = visitor.get(reverse("orders:cart"), {"country": "DE"})

    field = 'id="guest-vat-number" maxlength="20" autocomplete="off" value="{}"'
    assert field.format("DE136695976") in refused.text
    assert field.format("DE136695976") in update_vat.text
    assert '<input type="hidden" name="country" value="DE">' in update_vat.text
    assert field.format("") in other.get(reverse("orders:cart"), {"country": "DE"}).text
    visitor.get(reverse("orders:cart"))
    assert field.format("") in visitor.get(reverse("orders:cart"), {"country": "DE"}).text
    assert guest_orders() == 0


def test_a_guest_checkout_of_a_free_comic_keeps_no_vat_number_or_business_sent_with_it(
    settings,
):
    """Outside probe BQ (BQ-3): the guest form asked for a VAT number, a business name and a
    billing address for a free download. It no longer does; sent all the same, they are not
    kept with the order."""
    settings.TAX_SELLER_COUNTRY = "IE"
    browser = Client()
    browser.post(
        reverse("orders:cart_add", args=[ComicAssetFactory(comic__price_amount=0).comic.pk])
    )
    form = browser.get(reverse("orders:cart"), {"country": "DE"}).text

    placed = browser.post(
        reverse("guest_checkout"),
        {"email": "free@guests.example", "country": "DE", "vat_number": "DE136695976", **BUSINESS},
    )

    guest_form = form[form.index('data-testid="guest-checkout"') :]
    assert 'name="vat_number"' not in guest_form and 'name="business_name"' not in guest_form
    with system_scope():
        order = Order.objects.get(email="free@guests.example")
        evidence = OrderTaxEvidence.objects.get(order=order)
    assert placed.url == reverse("orders:pay", args=[order.number])
    assert (order.total_amount, evidence.declared_country) == (0, "DE")
    assert (evidence.vat_number, evidence.business_name, evidence.billing_address) == ("", "", "")


def test_a_guest_checkout_of_a_free_comic_ignores_a_vat_number_it_would_refuse_on_a_paid_cart():
    """Outside probe BR-6: a free cart's guest checkout posted with a German number and
    France (an old page, a hand-made post) was refused "VAT number … is from Germany, not
    from France", a field the page no longer shows; a signed-in checkout ignores it."""
    browser = Client()
    browser.post(
        reverse("orders:cart_add", args=[ComicAssetFactory(comic__price_amount=0).comic.pk])
    )

    placed = browser.post(
        reverse("guest_checkout"),
        {
            "email": "free@guests.example",
            "country": "FR",
            "vat_number": "DE136695976",
            "business_name": "\x00",
        },
    )

    with system_scope():
        order = Order.objects.get(email="free@guests.example")
        evidence = OrderTaxEvidence.objects.get(order=order)
    assert placed.url == reverse("orders:pay", args=[order.number])
    assert (evidence.declared_country, evidence.vat_number, evidence.business_name) == (
        "FR",
        "",
        "",
    )


def test_a_guest_checkout_a_100_percent_code_makes_free_ignores_a_vat_number_sent_with_it():
    """As a free comic's (outside probe BR-6): a cart a 100 % code brings to nothing shows no
    VAT-number box, yet its guest checkout refused a German number sent with France ("… is
    from Germany, not from France"), the order priced in full before the code."""
    make_code("GIFT", percent_off=100)
    browser = Client()
    browser.post(
        reverse("orders:cart_add", args=[ComicAssetFactory(comic__price_amount=1070).comic.pk])
    )
    browser.post(reverse("promotions:cart_code"), {"code": "GIFT"})

    placed = browser.post(
        reverse("guest_checkout"),
        {"email": "gift@guests.example", "country": "FR", "vat_number": "DE136695976", **BUSINESS},
    )

    with system_scope():
        order = Order.objects.get(email="gift@guests.example")
        evidence = OrderTaxEvidence.objects.get(order=order)
    assert placed.url == reverse("orders:pay", args=[order.number])
    assert (order.total_amount, evidence.declared_country) == (0, "FR")
    assert (evidence.vat_number, evidence.business_name, evidence.billing_address) == ("", "", "")


@pytest.mark.parametrize(
    ("sent", "field"),
    [
        ({"email": "alice@gmail"}, "guest-email"),
        (
            {"email": "ok@example.com", "country": "FR", "vat_number": "DE129273398", **BUSINESS},
            "guest-vat-number",
        ),
    ],
    ids=["email", "vat-number"],
)
def test_a_guest_checkout_refused_for_one_field_ties_its_words_to_that_field(client, sent, field):
    """Outside probe FT-1: "Please enter a valid email address." stood only in the banner
    at the top of the cart, the field unmarked, nothing announced, focus nowhere."""
    client.post(reverse("orders:cart_add", args=[ComicAssetFactory().comic.pk]))

    page = client.post(reverse("guest_checkout"), sent, follow=True).content.decode()

    tag = re.search(rf'<input[^>]* id="{field}"[^>]*>', page).group(0)
    assert f'aria-describedby="{field}-problem' in tag
    assert 'aria-invalid="true"' in tag and "autofocus" in tag
    problem = re.search(rf'<p [^>]*id="{field}-problem" role="alert">([^<]*)</p>', page)
    assert problem and page.count(problem.group(1)) == 2
