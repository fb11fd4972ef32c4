import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.services import email_change_request
from catalog.models import Comic
from morpheus.db_context import system_scope
from morpheus_testing.concurrency import at_once
from morpheus_testing.factories import ComicFactory, PaymentFactory, UserFactory, create_order
from morpheus_testing.texts import page_words
from orders.services import order_transition
from orders.transitions import OrderStatus
from payments.models import PaymentStatus

pytestmark = pytest.mark.django_db


def signed_in(client: Client, user) -> Client:
    client.force_login(user)
    return client


def test_adding_to_cart_without_csrf_token_is_refused():
    comic = ComicFactory()

    response = Client(enforce_csrf_checks=True).post(reverse("orders:cart_add", args=[comic.pk]))

    assert response.status_code == 403


def test_withdrawn_comic_cannot_be_added_to_cart_and_the_catalog_says_so(client):
    """Outside probe EC-2: pressing "Add to cart" on a page left open while staff withdrew
    the comic gave the "nothing at this address, the link may be mistyped" page."""
    comic = ComicFactory(title="Gone Dream", is_active=False)

    response = client.post(reverse("orders:cart_add", args=[comic.pk]), follow=True)

    assert response.redirect_chain == [(reverse("catalog:list"), 302)]
    assert "This comic is not for sale." in response.text
    assert "Gone Dream" not in response.text
    assert "Your cart is empty" in client.get(reverse("orders:cart")).text


@pytest.mark.parametrize("comic_id", [987654321, 2**63, 10**20])
def test_an_id_that_is_no_comic_answers_as_a_draft_does(client, comic_id):
    """Outside probe EF-3: a draft's id answered otherwise than an unknown one, so anyone
    could find the ids of comics not yet published."""
    draft = ComicFactory(is_active=False, file=False)

    unknown = client.post(reverse("orders:cart_add", args=[comic_id]))
    not_yet = client.post(reverse("orders:cart_add", args=[draft.pk]))

    assert [unknown.status_code, unknown.url] == [not_yet.status_code, not_yet.url]


def test_a_comic_without_a_file_cannot_be_added_to_cart(client):
    comic = ComicFactory(file=False)

    response = client.post(reverse("orders:cart_add", args=[comic.pk]), follow=True)

    assert "This comic is not for sale." in response.text
    assert "Your cart is empty" in client.get(reverse("orders:cart")).text


def test_cart_shows_items_and_total_and_removes_an_item(client):
    customer = UserFactory()
    first = ComicFactory(title="First Dream", price_amount=499)
    second = ComicFactory(title="Second Dream", price_amount=750)
    signed_in(client, customer)
    for comic in (first, second):
        client.post(reverse("orders:cart_add", args=[comic.pk]))

    full = client.get(reverse("orders:cart"))
    client.post(reverse("orders:cart_remove", args=[first.pk]))
    after_removal = client.get(reverse("orders:cart"))

    assert "€12.49" in full.text
    assert f'action="{reverse("promotions:checkout")}"' in full.text
    assert 'aria-label="Remove First Dream"' not in after_removal.text
    assert "€7.50" in after_removal.text
    # Said, as adding is (outside probe CZ-3: a screen reader heard nothing of a removal).
    assert "First Dream is no longer in your cart." in after_removal.text


def test_a_removal_from_a_cart_page_shown_before_signing_out_removes_nothing_and_says_so(
    client,
):
    """Outside probe EX-1: signed out in another tab, Remove said "… is no longer in your
    cart" of a comic that stayed in the account's cart."""
    customer = UserFactory()
    comic = ComicFactory(title="First Dream")
    signed_in(client, customer)
    client.post(reverse("orders:cart_add", args=[comic.pk]))
    page = client.get(reverse("orders:cart")).text
    shown_to = re.search(r'name="account" value="(\d+)"', page).group(1)
    client.logout()

    removed = client.post(
        reverse("orders:cart_remove", args=[comic.pk]), {"account": shown_to}, follow=True
    )

    assert "Nothing was removed: you signed out" in removed.text
    assert "is no longer in your cart" not in removed.text
    assert "First Dream" in signed_in(client, customer).get(reverse("orders:cart")).text


def test_a_visitors_cart_keeps_the_country_chosen_through_removing_and_signing_in(client):
    """Outside probe CZ-2: Remove, and the cart's own sign-in and sign-up links, went back
    to the cart without the country chosen, and an order was placed as France's."""
    first, second = ComicFactory(title="First Dream"), ComicFactory(title="Second Dream")
    for comic in (first, second):
        client.post(reverse("orders:cart_add", args=[comic.pk]))
    cart = reverse("orders:cart")

    removed = client.post(reverse("orders:cart_remove", args=[first.pk]), {"country": "AT"})
    page = client.get(removed.url).text

    assert removed.url == f"{cart}?country=AT"
    assert f'{reverse("login")}?next=/cart/%3Fcountry%3DAT">Sign in to check out' in page
    assert f'{reverse("signup")}?next=/cart/%3Fcountry%3DAT">Or create an account' in page
    remove = re.search(
        rf'action="{reverse("orders:cart_remove", args=[second.pk])}">.*?</form>', page, re.S
    )
    assert 'name="country" value="AT"' in remove.group(0)


def test_my_orders_lists_only_my_orders(client):
    mine, theirs = create_order(), create_order()

    response = signed_in(client, mine.customer).get(reverse("orders:list"))

    assert mine.number in response.text
    assert theirs.number not in response.text


def test_my_orders_isolates_each_title_so_a_right_to_left_one_keeps_the_commas_in_place(client):
    """Outside probe GO-2: beside an Arabic or Hebrew title, the commas joining an order's
    titles jumped to the wrong side."""
    order = create_order(
        comics=[ComicFactory(title="\u05d7\u05dc\u05d5\u05dd"), ComicFactory(title="Dream")]
    )

    page = signed_in(client, order.customer).get(reverse("orders:list")).text

    assert "<bdi>\u05d7\u05dc\u05d5\u05dd</bdi>, <bdi>Dream</bdi>" in page


def test_cart_puts_checkout_right_under_the_total_and_offers_to_continue_shopping(client):
    customer = UserFactory()
    signed_in(client, customer).post(reverse("orders:cart_add", args=[ComicFactory().pk]))

    page = client.get(reverse("orders:cart")).text

    summary = page[page.index('class="cart-summary') :]
    total, checkout = summary.index('data-testid="cart-total"'), summary.index(">Checkout<")
    assert total < checkout < summary.index(">Continue shopping<")
    assert "Discount code" not in summary[total:checkout]


def test_a_customer_cancels_their_unpaid_order_from_its_page(client):
    order = create_order()
    signed_in(client, order.customer)
    page = client.get(reverse("orders:detail", args=[order.number])).text

    response = client.post(reverse("orders:cancel", args=[order.number]), follow=True)

    assert f"Yes, cancel order {order.number}" in page
    assert f"Order {order.number} is canceled. Nothing was charged." in response.text
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELED
    assert order.events.filter(to_status="canceled", actor=f"customer:{order.customer.pk}").exists()
    assert "Cancel this order" not in response.text
    assert "Pay " not in client.get(reverse("orders:detail", args=[order.number])).text


def test_the_cancel_of_an_unpaid_order_names_its_one_comic_or_its_comics(client):
    """Outside probe IA-3: the page of an order of one comic said "You can still buy these
    comics in a new order"."""
    one = create_order()
    two = create_order(customer=one.customer, comics=[ComicFactory(), ComicFactory()])
    signed_in(client, one.customer)

    pages = {
        order: page_words(client.get(reverse("orders:detail", args=[order.number])).text)
        for order in (one, two)
    }

    assert "You can still buy this comic in a new order at any time." in pages[one]
    assert "these comics" not in pages[one]
    assert "You can still buy these comics in a new order at any time." in pages[two]
    # Outside probe IB-2: "Your comics appear in your library" of one comic.
    assert "Your comic appears in your library once your payment is confirmed." in pages[one]
    assert "Your comics appear in your library once your payment is confirmed." in pages[two]


def test_cancelling_an_order_whose_payment_is_under_way_does_not_promise_nothing_was_charged(
    client,
):
    """Found by an outside probe: the banner said so, but the page's downloads section and
    the confirmation page said "nothing was charged" until the late charge was refunded."""
    order = create_order(status=OrderStatus.PROCESSING)
    PaymentFactory(order=order, status=PaymentStatus.PROCESSING, stripe_payment_intent_id="pi_1")
    signed_in(client, order.customer)

    response = client.post(reverse("orders:cancel", args=[order.number]), follow=True)
    confirmation = client.get(reverse("orders:confirmation", args=[order.number]))

    assert "If the payment you started still goes through, it is refunded" in response.text
    for page in (response.text, confirmation.text):
        assert "nothing was charged" not in page.lower()
        assert "If the payment you started goes through after all, it is refunded" in page


def test_a_paid_order_offers_no_cancel_and_refuses_one_posted_anyway(client):
    order = create_order(status=OrderStatus.PAID)
    signed_in(client, order.customer)

    page = client.get(reverse("orders:detail", args=[order.number])).text
    response = client.post(reverse("orders:cancel", args=[order.number]), follow=True)

    assert "Cancel this order" not in page
    assert f"Order {order.number} is paid, so it can no longer be canceled." in response.text
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_a_customer_cannot_cancel_someone_elses_order(client):
    order = create_order()
    signed_in(client, UserFactory())

    response = client.post(reverse("orders:cancel", args=[order.number]))

    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING


@pytest.mark.parametrize(
    ("status", "first_words", "again_words"),
    [
        (OrderStatus.PENDING, "is canceled. Nothing was charged.", ". Nothing was charged."),
        (
            OrderStatus.PROCESSING,
            "is canceled. If the payment you started still goes through, it is refunded to your "
            "card in full.",
            # Outside probe HZ-6: "If the payment … still goes through", above the page
            # saying it had gone through and been refunded.
            ": its page says what became of the payment you had started.",
        ),
    ],
)
def test_cancelling_twice_cancels_once_and_the_second_answer_says_the_customer_did(
    client, status, first_words, again_words
):
    """Outside probe HW-1: a double click's second answer, the page the browser shows, said
    only "is already canceled", as if something else had, and no word of the charge."""
    order = create_order(status=status)
    signed_in(client, order.customer)

    first = client.post(reverse("orders:cancel", args=[order.number]), follow=True)
    again = client.post(reverse("orders:cancel", args=[order.number]), follow=True)

    assert f"Order {order.number} {first_words}" in first.text
    assert f"Order {order.number} was already canceled by you{again_words}" in again.text
    assert order.events.filter(to_status=OrderStatus.CANCELED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_cancel_sent_twice_at_once_answers_both_as_canceled_by_the_customer():
    order = create_order()
    browser = signed_in(Client(), order.customer)

    answers = at_once(
        lambda: browser.post(reverse("orders:cancel", args=[order.number]), follow=True), times=2
    )

    said = sorted(
        re.search(rf"Order {order.number} [^.]+\. Nothing was charged\.", answer.text).group()
        for answer in answers
    )
    assert said == [
        f"Order {order.number} is canceled. Nothing was charged.",
        f"Order {order.number} was already canceled by you. Nothing was charged.",
    ]


def test_cancelling_an_order_staff_canceled_says_it_is_already_canceled(client):
    order = create_order()
    with system_scope():
        order_transition(order=order, name="cancel", actor="staff:support", reason="Asked to")
    signed_in(client, order.customer)

    again = client.post(reverse("orders:cancel", args=[order.number]), follow=True)

    assert f"Order {order.number} is already canceled." in again.text
    assert "by you" not in again.text


def test_a_visitor_whose_session_cookie_names_no_session_keeps_what_they_add(client):
    client.cookies["sessionid"] = "expiredsessionkeyexpiredsession"
    comic = ComicFactory(title="Returning Reader")

    client.post(reverse("orders:cart_add", args=[comic.pk]))

    assert client.cookies["sessionid"].value != "expiredsessionkeyexpiredsession"
    assert "Returning Reader" in client.get(reverse("orders:cart")).text


def _add(tab: Client, comic) -> None:
    tab.post(reverse("orders:cart_add", args=[comic.pk]))


@pytest.mark.django_db(transaction=True)
def test_a_visitors_adds_sent_at_once_from_two_tabs_all_stay_in_the_cart():
    comics = [ComicFactory(title=f"Tab Comic {n}") for n in range(7)]
    first_tab = Client()
    _add(first_tab, comics[0])
    second_tab = Client()
    second_tab.cookies = first_tab.cookies  # the same browser: the same session

    for left, right in zip(comics[1::2], comics[2::2], strict=True):
        sends = [(first_tab, left), (second_tab, right)]
        at_once(lambda sends=sends: _add(*sends.pop()), times=2)

    cart = first_tab.get(reverse("orders:cart")).text
    assert [comic.title for comic in comics if comic.title in cart] == [c.title for c in comics]


def _signed_out(browser: Client, comic) -> None:
    browser.force_login(UserFactory())
    browser.post(reverse("logout"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "came_from",
    [
        lambda browser, comic: browser.get(reverse("catalog:detail", args=[comic.slug])),
        _signed_out,
        lambda browser, comic: browser.get(reverse("login")),
        lambda browser, comic: browser.get(reverse("signup")),
    ],
    ids=["the-comics-page", "signing-out", "the-sign-in-page", "the-sign-up-page"],
)
def test_a_new_visitors_first_adds_sent_at_once_all_stay_in_the_cart(came_from):
    """No session yet: the page the visitor comes from gives them one, which the adds then
    share. Found by outside probes: a comic's page left open in another tab while signing
    out, or opening the sign-in or sign-up page, kept one of the two comics."""
    comics = [ComicFactory(title=f"First Visit {n}") for n in range(6)]
    for left, right in zip(comics[::2], comics[1::2], strict=True):
        first_tab = Client()
        came_from(first_tab, left)
        second_tab = Client()
        second_tab.cookies = first_tab.cookies  # the same browser

        sends = [(first_tab, left), (second_tab, right)]
        at_once(lambda sends=sends: _add(*sends.pop()), times=2)

        cart = first_tab.get(reverse("orders:cart")).text
        assert left.title in cart and right.title in cart


@pytest.mark.parametrize("signed_in_as_customer", [False, True], ids=["visitor", "customer"])
def test_the_cart_takes_out_a_comic_no_longer_for_sale_and_says_so(client, signed_in_as_customer):
    """Found by an outside probe: a withdrawn comic stayed listed and totalled."""
    if signed_in_as_customer:
        signed_in(client, UserFactory())
    withdrawn = ComicFactory(title="Paper Moons", price_amount=399)
    kept = ComicFactory(title="Neon Tide", price_amount=699)
    for comic in (withdrawn, kept):
        client.post(reverse("orders:cart_add", args=[comic.pk]))
    Comic.objects.filter(pk=withdrawn.pk).update(is_active=False)

    page = client.get(reverse("orders:cart")).text
    again = client.get(reverse("orders:cart")).text

    assert "No longer for sale, so taken out of your cart: Paper Moons." in page
    assert "€6.99" in page and "€10.98" not in page
    assert "Paper Moons" not in again


def test_checking_out_a_cart_page_shown_before_a_comic_was_withdrawn_says_it_once(client):
    """An outside probe's re-test: the checkout's refusal and the cart's notice said it
    twice, in words that disagreed."""
    signed_in(client, UserFactory())
    withdrawn, kept = ComicFactory(title="Ghost in the Margins"), ComicFactory(title="Kept")
    for comic in (withdrawn, kept):
        client.post(reverse("orders:cart_add", args=[comic.pk]))
    Comic.objects.filter(pk=withdrawn.pk).update(is_active=False)

    page = client.post(reverse("promotions:checkout"), follow=True).text

    assert "No longer for sale, so taken out of your cart: Ghost in the Margins." in page
    assert "Remove it from your cart" not in page
    assert "Kept" in page


def test_a_cart_costing_more_than_a_card_is_charged_at_once_is_not_checked_out(client):
    signed_in(client, UserFactory())
    for title in ("Gilded Edition", "Platinum Edition"):
        comic = ComicFactory(title=title, price_amount=60_000_000, currency="EUR")
        client.post(reverse("orders:cart_add", args=[comic.pk]))

    page = client.post(reverse("promotions:checkout"), follow=True).text

    assert "more than a card can be charged at once (€999,999.99)" in page
    assert "Gilded Edition" in page and "Platinum Edition" in page
    assert "Gilded Edition" not in client.get(reverse("orders:list")).text


def test_my_orders_reads_in_the_same_number_of_queries_however_many_orders_it_lists(client):
    """Which orders have their downloads paused is read once for the list, not per order."""
    customer = UserFactory()
    signed_in(client, customer)
    create_order(customer=customer, status=OrderStatus.FULFILLED)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("orders:list"))
    for _ in range(3):
        create_order(customer=customer, status=OrderStatus.FULFILLED)

    with CaptureQueriesContext(connection) as four:
        page = client.get(reverse("orders:list")).text

    assert page.count("Ready to download") == 4
    assert len(four.captured_queries) == len(one.captured_queries)


def test_my_orders_reads_orders_holding_comics_off_sale_in_as_many_queries_for_one_or_four(
    client,
):
    """The comics the customer owns are read once for the list, not per pending order: for
    HH-1's refusal of an order holding a comic off sale, and for whether an order holds a
    comic owned already (one query per pending order before)."""
    customer = UserFactory()
    signed_in(client, customer)

    def withdrawn_order():
        comic = ComicFactory()
        create_order(customer=customer, comics=[comic, ComicFactory()])
        with system_scope():
            comic.is_active = False
            comic.save(update_fields=["is_active"])

    withdrawn_order()
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("orders:list"))
    for _ in range(3):
        withdrawn_order()

    with CaptureQueriesContext(connection) as four:
        client.get(reverse("orders:list"))

    assert len(four.captured_queries) == len(one.captured_queries)


def test_my_orders_and_the_library_of_an_unconfirmed_address_say_guest_orders_join_later(
    client,
):
    """Outside probe GQ-1: signed up with the address of a guest purchase, the customer read
    "No orders yet" and an empty library, nothing saying the purchase would come once the
    address is confirmed. Outside probe GR-2: nor that they go to the first account to
    confirm it (they had joined another account, and the page kept promising them)."""
    unconfirmed, confirmed = UserFactory(email_verified=False), UserFactory()
    said = (
        "Those orders join your account once you confirm that address, unless another "
        "account confirmed it first"
    )

    signed_in(client, unconfirmed)
    pages = [client.get(reverse(name)).text for name in ("orders:list", "delivery:library")]
    signed_in(client, confirmed)
    confirmed_pages = [
        client.get(reverse(name)).text for name in ("orders:list", "delivery:library")
    ]

    assert all(said in page and unconfirmed.email in page for page in pages)
    assert not any(said in page for page in confirmed_pages)


def test_my_orders_of_an_account_changing_its_address_say_guest_orders_join_once_confirmed(
    client,
):
    """Outside probe GR-3: a confirmed account changing its address to that of a guest
    purchase read nothing of the orders that would join it."""
    customer = UserFactory()
    email_change_request(user=customer, email="new.address@example.com")
    signed_in(client, customer)

    page = client.get(reverse("orders:list")).text

    assert "Bought as a guest with new.address@example.com? Those orders join" in page


def test_an_unpaid_orders_page_heads_its_items_your_order_and_a_paid_ones_receipt(client):
    """Outside probe GQ-7: an order waiting for its payment headed its items "Receipt"."""
    customer = UserFactory()
    unpaid = create_order(customer=customer)
    paid = create_order(customer=customer, status=OrderStatus.PAID)
    signed_in(client, customer)

    unpaid_page = client.get(reverse("orders:detail", args=[unpaid.number])).text
    paid_page = client.get(reverse("orders:detail", args=[paid.number])).text

    assert "<h2>Your order</h2>" in unpaid_page and "<h2>Receipt</h2>" not in unpaid_page
    assert "<h2>Receipt</h2>" in paid_page
