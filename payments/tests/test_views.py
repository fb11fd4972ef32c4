import datetime
import json
import logging
import re
from html import unescape

import pytest
import time_machine
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.services import email_verification_start, guest_account_create
from catalog.models import Comic
from delivery.models import DownloadLink
from delivery.services import download_link_issue_one, download_links_fulfil
from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    ComicAssetFactory,
    ComicFactory,
    PaymentFactory,
    UserFactory,
    create_order,
    create_order_held_for_its_vat_evidence,
    order_links_suspend,
    order_move,
)
from morpheus_testing.jobs import queued_jobs
from morpheus_testing.stripe_signing import build_event
from orders import services
from orders.buyer import BuyerDeclaration
from orders.guests import guest_order_url
from orders.models import Order, OrderEventType
from orders.transitions import OrderStatus
from payments import services as payment_services
from payments.intents import IntentState, Outcome
from payments.messages import (
    ANOTHER_CARD_UNDER_WAY,
    DECLINED,
    GENERIC,
    REPLACED_BY_ANOTHER_CARD,
    REPLACED_WHILE_ANOTHER_PAYS,
    UNAVAILABLE,
    UNFINISHED,
)
from payments.models import Payment, PaymentStatus
from payments.services import payment_outcome_apply, payment_start, refund_create
from payments.tests.helpers import (
    DECLINED_CARD,
    THREE_D_SECURE_CARD,
    VISA,
    card_payment_method,
    intent_json,
    issue_download_links,
    localstripe_call,
    pass_3d_secure,
    reload,
    run_stripe_jobs,
    started_payment,
)
from payments.tests.test_refunds import UNREACHABLE
from payments.tests.test_views_completion_lapsed import completion_pending
from promotions.bundles import bundle_order_create
from promotions.models import Bundle
from tax.services import evidence_decide

CANCEL_INTENT = "payments.tasks.cancel_payment_intent"


def signed_in(client: Client, user) -> Client:
    client.force_login(user)
    return client


def pay(client: Client, order: Order, payment_method_id: str = "pm_card_visa"):
    """The customer's payment form for `order`, sent with a signed-in `client`."""
    url = reverse("orders:pay_start", args=[order.number])
    return client.post(url, {"payment_method_id": payment_method_id})


def fail_payment(order: Order, reason: str, code: str = "card_declined") -> None:
    """A declined attempt, recorded the way a decline from Stripe is (`reason` is Stripe's
    text)."""
    payment = payment_start(order=order, actor="test", payment_method_id="pm_card_visa")
    declined = IntentState(
        id=f"pi_declined_{payment.attempt}",
        status="requires_payment_method",
        amount=payment.amount,
        currency=payment.currency,
        metadata={"order_number": order.number, "attempt": str(payment.attempt)},
        failure_code=code,
        failure_message=reason,
    )
    payment_outcome_apply(intent=declined, outcome=Outcome.FAILED, actor="stripe:test")
    order.refresh_from_db()


@pytest.mark.django_db
def test_payment_page_loads_stripe_js_from_localstripe_when_the_api_base_is_set(client, settings):
    settings.STRIPE_API_BASE = "http://127.0.0.1:8420"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_abc"
    order = create_order()

    response = signed_in(client, order.customer).get(reverse("orders:pay", args=[order.number]))

    assert '<script src="http://127.0.0.1:8420/js.stripe.com/v3/">' in response.text
    assert 'data-publishable-key="pk_test_abc"' in response.text


@pytest.mark.django_db
def test_payment_page_loads_stripe_js_from_stripe_in_production(client, settings):
    settings.STRIPE_API_BASE = ""
    order = create_order()

    response = signed_in(client, order.customer).get(reverse("orders:pay", args=[order.number]))

    assert '<script src="https://js.stripe.com/v3/">' in response.text


@pytest.mark.django_db
def test_payment_page_of_a_paid_order_leads_to_its_confirmation(client):
    order = create_order(status=OrderStatus.PAID)

    response = signed_in(client, order.customer).get(reverse("orders:pay", args=[order.number]))

    assert response["Location"] == reverse("orders:confirmation", args=[order.number])


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["detail", "confirmation", "status", "pay"])
def test_another_customers_order_is_not_found(client, page):
    order = create_order()

    response = signed_in(client, UserFactory()).get(reverse(f"orders:{page}", args=[order.number]))

    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("status", "get"),
        ("setup_intent", "post"),
        ("pay_start", "post"),
        ("pay_authenticated", "post"),
    ],
)
def test_the_pay_pages_requests_for_another_customers_order_are_a_json_404(client, name, method):
    """Found by an outside probe: they answered the HTML 404 page to a page reading JSON."""
    order = create_order()
    signed_in(client, UserFactory())

    response = getattr(client, method)(reverse(f"orders:{name}", args=[order.number]))

    assert response.status_code == 404
    assert response.json() == {"error": "No such order."}


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["detail", "confirmation", "pay"])
def test_an_order_number_typed_in_lower_case_or_with_misread_letters_opens_the_order(client, page):
    """Found by an outside probe: the number as a customer types it from an email was 404."""
    order = create_order()
    typed = order.number.lower().replace("0", "o").replace("1", "l")

    response = signed_in(client, order.customer).get(reverse(f"orders:{page}", args=[typed]))
    someone_else = signed_in(Client(), UserFactory()).get(reverse(f"orders:{page}", args=[typed]))

    assert response.status_code == 200
    assert order.number in response.text
    assert someone_else.status_code == 404


@pytest.mark.django_db
def test_pages_of_a_customer_with_an_unconfirmed_address_say_links_wait_for_confirmation(client):
    """Found by an outside probe: they said the links had been emailed, and none were: links
    go only to a confirmed address."""
    unconfirmed = UserFactory(email_verified=False)
    email_verification_start(user=unconfirmed, email=unconfirmed.email)  # signed up
    pending = create_order(customer=unconfirmed)
    paid = create_order(customer=unconfirmed, status=OrderStatus.FULFILLED)
    confirmed = create_order(status=OrderStatus.FULFILLED)
    signed_in(client, unconfirmed)

    pay_page = client.get(reverse("orders:pay", args=[pending.number])).text
    pages = [
        client.get(reverse(f"orders:{p}", args=[paid.number])).text
        for p in ("detail", "confirmation")
    ]
    confirmed_page = (
        signed_in(Client(), confirmed.customer)
        .get(reverse("orders:detail", args=[confirmed.number]))
        .text
    )

    assert "download links too once you confirm that address" in pay_page
    # Outside probe IC-1: "your library has the comics" of one comic.
    assert "your library has the comic as soon as you have paid." in pay_page
    for page in pages:
        assert f"We email download links once you confirm {unconfirmed.email}" in page
        # Found by an outside probe: "(your account sends it again)".
        assert f'(your <a href="{reverse("account")}">account page</a> can send it again).' in page
        assert "The links we emailed" not in page
    assert 'data-testid="emailed-links"' in confirmed_page


@pytest.mark.django_db
def test_the_order_page_sends_no_one_to_the_account_page_for_a_link_it_cannot_send(client):
    """Outside probe BC (BC-3): an order whose address no longer waited for confirmation
    said the account page could send its link again; that page offered nothing of the
    kind."""
    customer = UserFactory(email_verified=False)  # no address waiting: nothing to send again
    order = create_order(customer=customer, status=OrderStatus.FULFILLED)
    signed_in(client, customer)

    page = client.get(reverse("orders:detail", args=[order.number])).text

    (words,) = re.findall(r'data-testid="links-wait-for-confirmation">([^<]*)<', page)
    assert words == (
        f"We email download links only to an address you confirmed, and {customer.email} "
        "is not one."
    )
    assert "can send it again" not in page


@pytest.mark.django_db
def test_the_order_page_of_an_order_whose_full_refund_is_under_way_says_downloads_are_closed(
    client,
):
    """Found by an outside probe: while a full refund waited for Stripe, the page sent the
    customer to the library and said the emailed links kept working; both were refused."""
    order = create_order(status=OrderStatus.FULFILLED)
    PaymentFactory(order=order, stripe_payment_intent_id="pi_1", status=PaymentStatus.SUCCEEDED)
    with system_scope():
        refund_create(order=order, amount=order.total_amount - 1, reason="asked", actor="t")
    signed_in(client, order.customer)
    part_pending = client.get(reverse("orders:detail", args=[order.number])).text
    with system_scope():
        refund_create(order=order, amount=1, reason="the rest", actor="t")

    all_pending = client.get(reverse("orders:detail", args=[order.number])).text
    confirmation = client.get(reverse("orders:confirmation", args=[order.number])).text

    assert 'data-testid="emailed-links"' in part_pending
    assert "its downloads and the links we emailed are closed" not in part_pending
    assert "This order is being refunded: its downloads and the links we" in all_pending
    assert "The links we emailed keep working" not in all_pending
    assert 'data-testid="go-to-library"' not in all_pending
    assert '<span class="status status-fulfilled" data-testid="order-status">Being refunded<' in (
        all_pending
    )
    # Found by an outside probe: its confirmation page was headed "Your comics are ready".
    assert "<h1>This order is being refunded</h1>" in confirmation
    assert "Your comics are ready" not in confirmation
    assert "Your comic is ready" not in confirmation
    assert "This order is being refunded: its downloads and the links we" in confirmation


@pytest.mark.django_db
def test_the_pages_of_an_order_whose_links_are_suspended_say_its_downloads_are_paused(client):
    """Found by an outside probe: they said "Ready to download", sent the customer to the
    library (which refused) and promised emailed links."""
    order = create_order(status=OrderStatus.PAID)
    with system_scope():
        download_links_fulfil(order_id=order.pk, actor="test")
    order_links_suspend(order)
    signed_in(client, order.customer)

    detail = client.get(reverse("orders:detail", args=[order.number])).text
    confirmation = client.get(reverse("orders:confirmation", args=[order.number])).text
    order_list = client.get(reverse("orders:list")).text

    for page in (detail, confirmation):
        assert (
            "This order's downloads are paused: its links were used from many places. Reply "
            "to the email we sent you about it and we will send you fresh links." in page
        )
        assert 'data-testid="go-to-library"' not in page
        assert "We email download links" not in page
        assert 'data-testid="order-status">Downloads paused<' in page
    assert "<h1>This order's downloads are paused</h1>" in confirmation
    assert ">Downloads paused</span>" in order_list
    assert "Ready to download" not in order_list


@pytest.mark.django_db
def test_the_pages_following_a_payment_ask_as_often_as_configured(client, settings):
    settings.STATUS_POLL_MS = 800
    order = create_order()
    signed_in(client, order.customer)

    pay_page = client.get(reverse("orders:pay", args=[order.number])).text
    confirmation = client.get(reverse("orders:confirmation", args=[order.number])).text

    assert 'data-poll-ms="400"' in pay_page
    assert 'data-poll-ms="800"' in confirmation


@pytest.mark.django_db
def test_order_page_shows_status_items_totals_and_history(client):
    comic = ComicFactory(title="Paper Moon", price_amount=899)
    order = create_order(comics=[comic], status=OrderStatus.PAID)

    response = signed_in(client, order.customer).get(reverse("orders:detail", args=[order.number]))

    assert "Paper Moon" in response.text
    assert "€8.99" in response.text
    assert ">Payment received<" in response.text
    assert "→" not in response.text


@pytest.mark.django_db
def test_order_page_dates_the_order_and_its_history_in_utc_with_no_dangling_dot(client):
    """Found by an outside probe: "Placed 3 Dec 2026, 09:51 ·", its dot left at the end of
    the line when the status wrapped on a phone, and history times with no time zone."""
    with time_machine.travel(datetime.datetime(2026, 12, 3, 9, 51, tzinfo=datetime.UTC)):
        order = create_order(status=OrderStatus.PAID)

    page = signed_in(client, order.customer).get(reverse("orders:detail", args=[order.number]))

    assert '<p class="order-placed">Placed 3 Dec 2026, 09:51 UTC <span class="status' in page.text
    history = re.findall(r"<time datetime=[^>]*>([^<]*)</time>", page.text)
    assert history
    assert all(
        re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC", when) for when in history
    )


@pytest.mark.django_db
def test_status_endpoint_follows_the_order_and_reports_a_decline(client):
    order = create_order()
    signed_in(client, order.customer)
    url = reverse("orders:status", args=[order.number])
    waiting = client.get(url).json()

    fail_payment(order, "Your card was declined.")
    declined = client.get(url).json()

    assert waiting == {
        "status": "pending",
        "label": "Pending",
        "words": "Awaiting payment",
        "done": False,
        "held": False,
        "payment_error": "",
        "payment": {"status": ""},
        "total": order.total_amount,
    }
    assert declined["payment_error"] == DECLINED
    assert declined["payment"] == {"status": "failed"}


@pytest.mark.django_db
def test_the_customer_never_reads_the_payment_providers_own_text(client):
    order = create_order()
    fail_payment(order, "No such customer: 'cus_Q1w2e3'", code="resource_missing")
    signed_in(client, order.customer)

    status = client.get(reverse("orders:status", args=[order.number])).json()
    pages = [
        client.get(reverse(name, args=[order.number])).text
        for name in ("orders:pay", "orders:detail", "orders:confirmation")
    ]

    assert status["payment_error"] == GENERIC
    for page in pages:
        assert GENERIC in page
        assert "cus_Q1w2e3" not in page


@pytest.mark.django_db
def test_an_order_above_what_a_card_is_charged_at_once_asks_for_no_card(client):
    """Outside probe CJ-2: an order priced above it after it was placed (VAT added back once
    VIES refused the number) showed the card form and "Pay €1,069,999.99", and said why it
    could not be paid only once a card was typed."""
    order = create_order(comics=[ComicFactory(price_amount=60_000_000) for _ in range(2)])
    signed_in(client, order.customer)

    page = client.get(reverse("orders:pay", args=[order.number])).text

    assert (
        f"Order {order.number} comes to €1,200,000.00, more than a card can be charged at once "
        "(€999,999.99), so it cannot be paid: cancel it and buy its comics a few at a time."
    ) in unescape(page)
    assert 'id="payment-form"' not in page
    assert reverse("orders:cancel", args=[order.number]) in page


@pytest.mark.django_db
def test_an_order_above_what_a_card_is_charged_at_once_is_not_offered_to_pay_anywhere(client):
    """Outside probe CK-3: its order page showed "Pay €1,200,000.00" and "Awaiting payment",
    as did "My orders"; only the pay page behind the button said it could not be paid."""
    order = create_order(comics=[ComicFactory(price_amount=60_000_000) for _ in range(2)])
    signed_in(client, order.customer)
    pages = {
        name: unescape(client.get(reverse(name, args=[order.number])).text)
        for name in ("orders:detail", "orders:confirmation")
    }
    listed = client.get(reverse("orders:list")).text

    for page in pages.values():
        assert "more than a card can be charged at once (€999,999.99)" in page
        assert reverse("orders:pay", args=[order.number]) not in page
        assert reverse("orders:cancel", args=[order.number]) in page
        assert "Cannot be paid" in page and "Awaiting payment" not in page
    assert "This order cannot be paid" in pages["orders:confirmation"]
    assert "once your payment is confirmed" not in pages["orders:detail"]
    assert "Cannot be paid" in listed and "Awaiting payment" not in listed


def _one_comic_above_it_alone() -> Order:
    return create_order(
        comics=[ComicFactory(price_amount=100_000_000), ComicFactory(price_amount=499)]
    )


def _a_bundle_priced_above_it_after_it_was_placed() -> Order:
    comics = [ComicFactory(price_amount=60_000_000) for _ in range(2)]
    with system_scope():
        bundle = Bundle.objects.create(title="Gilded", slug="gilded", price_amount=90_000_000)
        bundle.comics.set(comics)
        order = bundle_order_create(bundle=bundle, customer=UserFactory(), actor="t")
        # As VIES refusing a business's number prices it again, with VAT.
        Order.objects.filter(pk=order.pk).update(total_amount=107_000_000)
    return order


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("placed", "total"),
    [
        (_one_comic_above_it_alone, "€1,000,004.99"),
        (_a_bundle_priced_above_it_after_it_was_placed, "€1,070,000.00"),
    ],
    ids=["a-comic-above-it-alone", "a-bundle"],
)
def test_an_order_above_it_whose_comics_cannot_be_bought_apart_is_only_told_to_cancel(
    client, placed, total
):
    """Outside probes CL-2 and CN-4: "buy its comics a few at a time" could not work, one
    comic alone coming to more, or a bundle's comics costing more apart than their shares."""
    order = placed()
    signed_in(client, order.customer)

    page = unescape(client.get(reverse("orders:pay", args=[order.number])).text)

    assert (
        f"Order {order.number} comes to {total}, more than a card can be charged at once "
        "(€999,999.99), so it cannot be paid: cancel it."
    ) in page


@pytest.mark.django_db
def test_an_order_too_small_for_stripe_to_charge_is_not_sent_to_try_another_card(client):
    """Stripe refuses to charge less than its minimum (a code that leaves 0.25 EUR to pay);
    "try another card" would never help."""
    order = create_order()
    fail_payment(order, "Amount must be at least €0.50 eur", code="amount_too_small")
    signed_in(client, order.customer)

    page = client.get(reverse("orders:pay", args=[order.number])).text

    told = re.search(r'data-testid="payment-error" >(.*?)</p>', page).group(1)
    assert told.startswith("This order comes to less than a card can be charged, so it cannot")
    assert "another card" not in told


@pytest.mark.django_db
def test_a_pay_page_reloaded_during_a_newer_cards_check_shows_no_earlier_decline(
    client, stripe_settings
):
    """Found by outside probes: a page reloaded at the 3-D Secure prompt of a new card's
    check said "Your card was declined", the previous card's outcome; then the same page
    opened on another device (another session) still said it."""
    order = create_order()
    fail_payment(order, "Your card was declined.")
    signed_in(client, order.customer)
    other_device = signed_in(Client(), order.customer)
    url = reverse("orders:pay", args=[order.number])
    after_decline = client.get(url).text

    client.post(reverse("orders:setup_intent", args=[order.number]))
    during_check = client.get(url).text
    on_other_device = other_device.get(url).text
    fail_payment(order, "Your card was declined.")
    after_next_decline = client.get(url).text

    def told(page):
        return re.search(r'data-testid="payment-error" (?:hidden)?>(.*?)</p>', page).group(1)

    assert told(after_decline) == DECLINED
    assert 'data-testid="attempt-unfinished"' not in after_decline
    assert told(during_check) == ""
    assert f'data-testid="attempt-unfinished">{UNFINISHED}<' in during_check
    assert told(on_other_device) == ""
    assert f'data-testid="attempt-unfinished">{UNFINISHED}<' in on_other_device
    assert told(after_next_decline) == DECLINED
    assert 'data-testid="attempt-unfinished"' not in after_next_decline


@pytest.mark.django_db
def test_confirmation_of_a_declined_payment_shows_the_reason_and_a_retry(client):
    order = create_order()
    fail_payment(order, "Your card was declined.")

    response = signed_in(client, order.customer).get(
        reverse("orders:confirmation", args=[order.number])
    )

    assert DECLINED in response.text
    assert reverse("orders:pay", args=[order.number]) in response.text
    # An outside probe: "Thank you for your order" sat over the declined card.
    assert "Your payment did not go through</h1>" in response.text
    assert "Thank you for your order" not in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "waits_for_the_bank", "heading"),
    [
        (OrderStatus.PENDING, False, "Your order waits for its payment"),
        (OrderStatus.PROCESSING, True, "Your bank is waiting for you"),
    ],
    ids=["never-paid", "3d-secure-left"],
)
def test_the_confirmation_of_an_unpaid_order_is_headed_by_what_it_waits_for(
    client, status, waits_for_the_bank, heading
):
    order = create_order(status=status)
    if waits_for_the_bank:
        waiting_for_3d_secure(order)

    response = signed_in(client, order.customer).get(
        reverse("orders:confirmation", args=[order.number])
    )

    assert f"{heading}</h1>" in response.text
    assert "Thank you for your order" not in response.text


def waiting_for_3d_secure(order: Order, payment_method_id: str = "pm_first_card") -> Payment:
    """The order's attempt whose 3-D Secure the customer left (a closed or reloaded tab)."""
    return PaymentFactory(
        order=order,
        status=PaymentStatus.REQUIRES_ACTION,
        stripe_payment_intent_id="pi_waiting",
        payment_method_id=payment_method_id,
    )


@pytest.mark.django_db
def test_pay_page_offers_an_interrupted_3d_secure_again_and_another_card(client):
    order = create_order(comics=[ComicFactory(price_amount=1299)], status=OrderStatus.PROCESSING)
    waiting_for_3d_secure(order)

    response = signed_in(client, order.customer).get(reverse("orders:pay", args=[order.number]))

    assert response.status_code == 200
    assert 'data-testid="awaiting-authentication"' in response.text
    assert (
        "Your order is not paid yet: your bank is still waiting for you to confirm the payment of "
        '€12.99. Press "Confirm with your bank", then confirm in the window your bank '
        "opens."
    ) in response.text
    assert "Confirm with your bank" in response.text
    assert 'id="card-element"' in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["confirmation", "detail"])
def test_order_pages_send_an_interrupted_3d_secure_back_to_the_pay_page(client, page):
    """After helper KS's pay page words, the order and confirmation pages still said "Your
    bank is waiting for you to confirm this payment.", not what to press to confirm it."""
    order = create_order(comics=[ComicFactory(price_amount=1299)], status=OrderStatus.PROCESSING)
    waiting_for_3d_secure(order)

    response = signed_in(client, order.customer).get(reverse(f"orders:{page}", args=[order.number]))

    assert 'data-testid="awaiting-authentication"' in response.text
    assert (
        "Your order is not paid yet: your bank is still waiting for you to confirm the payment of "
        '€12.99. Press "Finish paying", then "Confirm with your bank", then confirm in the '
        "window your bank opens."
    ) in response.text
    assert "Your bank is waiting for you to confirm this payment." not in response.text
    assert response.text.count(">Finish paying<") == 1
    assert f'href="{reverse("orders:pay", args=[order.number])}">Finish paying<' in response.text
    assert "Waiting for the payment to be confirmed" not in response.text


@pytest.mark.django_db
def test_the_order_page_of_an_interrupted_3d_secure_offers_to_cancel_it(client):
    """Outside probe AR (AR-3): the cart said "pay for that order, or cancel it to use the code
    on this one", but the page of an order waiting for the customer's bank offered no cancel;
    the code stayed held until the order expired."""
    order = create_order(status=OrderStatus.PROCESSING)
    waiting_for_3d_secure(order)
    signed_in(client, order.customer)

    page = client.get(reverse("orders:detail", args=[order.number])).text
    canceled = client.post(reverse("orders:cancel", args=[order.number]), follow=True)

    assert f'action="{reverse("orders:cancel", args=[order.number])}"' in page
    assert "If the payment you started still goes through, it is refunded to your card" in page
    assert reload(order).status == OrderStatus.CANCELED
    assert f"Order {order.number} is canceled." in canceled.text


@pytest.mark.django_db
def test_my_orders_says_an_interrupted_3d_secure_waits_for_the_customer(client):
    """Found by an outside probe: "My orders" read "Confirming payment", as if the shop were
    at it, while the order's page said the bank was waiting for the customer."""
    waiting = create_order(status=OrderStatus.PROCESSING)
    waiting_for_3d_secure(waiting)
    confirming = create_order(customer=waiting.customer, status=OrderStatus.PROCESSING)
    PaymentFactory(order=confirming, status=PaymentStatus.PROCESSING)
    signed_in(client, waiting.customer)

    listed = client.get(reverse("orders:list")).text
    page = client.get(reverse("orders:detail", args=[waiting.number])).text

    def row(order):
        return listed.split(f">{order.number}</a>")[1].split("</tr>")[0]

    assert ">Waiting for you</span>" in row(waiting)
    assert ">Confirming payment</span>" in row(confirming)
    assert 'data-testid="order-status">Waiting for you<' in page


def waiting_at_localstripe() -> tuple[Order, Payment]:
    """An order whose attempt waits at localstripe for the customer's 3-D Secure."""
    order, waiting = started_payment(payment_method_id=card_payment_method(THREE_D_SECURE_CARD))
    assert waiting.status == PaymentStatus.REQUIRES_ACTION
    return order, waiting


@pytest.mark.django_db
def test_another_card_replaces_an_attempt_waiting_for_3d_secure_in_the_customers_session(
    client, stripe_settings
):
    order, waiting = waiting_at_localstripe()
    signed_in(client, order.customer)

    repeated = pay(client, order, waiting.payment_method_id)
    replaced = pay(client, order, VISA)

    order.refresh_from_db()
    waiting.refresh_from_db()
    assert repeated.json() == {"status": "requires_action"}
    assert replaced.json() == {"status": "creating"}
    assert waiting.status == PaymentStatus.CANCELED
    assert intent_json(waiting)["status"] == "canceled"  # no late 3-D Secure can charge it
    assert order.payments.get(attempt=2).payment_method_id == VISA
    assert order.status == OrderStatus.PROCESSING
    assert order.events.filter(from_status="processing", to_status="pending").get().actor == (
        f"customer:{order.customer_id}"
    )
    assert [json.loads(args) for _, _, args in queued_jobs([CANCEL_INTENT])] == [
        {"payment_intent_id": waiting.stripe_payment_intent_id}
    ]


@pytest.mark.django_db
def test_another_card_sent_before_the_banks_answer_is_refused_and_charged_nothing(
    client, stripe_settings
):
    """Outside probe GC-1: a second tab's card, sent while the first tab's was on its way
    to Stripe, was answered as accepted and never sent; that tab then showed the first
    card's decline as its own."""
    order = create_order(comics=[ComicAssetFactory().comic])
    signed_in(client, order.customer)
    declined, good = card_payment_method(DECLINED_CARD), VISA

    first = pay(client, order, declined)
    second = pay(client, order, good)
    run_stripe_jobs()
    after_the_decline = pay(client, order, good)
    run_stripe_jobs()

    assert first.json() == {"status": "creating"}
    assert (second.status_code, second.json()["error"]) == (409, ANOTHER_CARD_UNDER_WAY)
    assert after_the_decline.json() == {"status": "creating"}
    attempts = order.payments.order_by("attempt")
    assert [(p.payment_method_id, p.status) for p in attempts] == [
        (declined, PaymentStatus.FAILED),
        (good, PaymentStatus.PROCESSING),
    ]
    assert len(localstripe_call("GET", "/v1/payment_intents")["data"]) == 2


@pytest.mark.django_db
def test_a_card_replaces_an_attempt_whose_intent_stripe_no_longer_knows(client, stripe_settings):
    """Found by an outside probe: after localstripe restarted (its intents forgotten), an
    order waiting for 3-D Secure could not be paid again: cancelling the forgotten intent
    failed, and so did the payment. Here the attempt names an intent Stripe never had."""
    order, waiting = waiting_at_localstripe()
    with system_scope():
        Payment.objects.filter(pk=waiting.pk).update(stripe_payment_intent_id="pi_forgotten")

    replaced = pay(signed_in(client, order.customer), order, VISA)

    waiting.refresh_from_db()
    assert replaced.json() == {"status": "creating"}
    assert waiting.status == PaymentStatus.CANCELED
    assert order.payments.get(attempt=2).payment_method_id == VISA
    assert reload(order).status == OrderStatus.PROCESSING


def stripe_requests(caplog) -> list[str]:
    """The requests the app sent to Stripe (localstripe here), as stripe-python logs them."""
    return [r.getMessage() for r in caplog.records if "Request to Stripe api" in r.getMessage()]


@pytest.mark.django_db
def test_following_a_payment_that_waits_for_3d_secure_asks_stripe_nothing(
    client, stripe_settings, caplog
):
    """Found by an outside probe: each poll of the status asked Stripe for the 3-D Secure
    client secret, so 200 polls from one guest made 200 Stripe calls and one customer could
    use up the shop's Stripe rate limit. The secret is asked for once, to confirm."""
    order, waiting = waiting_at_localstripe()
    signed_in(client, order.customer)
    status_url = reverse("orders:status", args=[order.number])

    with caplog.at_level(logging.INFO, logger="stripe"):
        polls = [client.get(status_url).json() for _ in range(20)]

    assert stripe_requests(caplog) == []
    assert {poll["payment"]["status"] for poll in polls} == {"requires_action"}
    assert all("client_secret" not in poll["payment"] for poll in polls)

    with caplog.at_level(logging.INFO, logger="stripe"):  # the customer confirms
        confirming = client.post(reverse("orders:pay_authenticate", args=[order.number]))

    assert confirming.json() == {
        "payment_error": "",
        "status": "requires_action",
        "client_secret": intent_json(waiting)["client_secret"],
        "attempt": waiting.pk,
    }
    assert stripe_requests(caplog) == [
        f"message='Request to Stripe api' method=get "
        f"url={stripe_settings.STRIPE_API_BASE}/v1/payment_intents/{waiting.stripe_payment_intent_id}"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("step", ["orders:pay_authenticate", "orders:pay_authenticated"])
def test_confirming_with_the_bank_when_stripe_forgot_the_intent_offers_the_card_form_again(
    client, stripe_settings, localstripe, step
):
    """Found by an outside probe: after localstripe restarted, "Confirm with your bank"
    polled the status for ever, both buttons disabled, and said nothing. Outside probe
    DQ-2: the outcome asked after the bank's prompt was a 502, the attempt still waiting."""
    order, _waiting = waiting_at_localstripe()
    localstripe.reset()  # a restarted localstripe: the waiting PaymentIntent is forgotten
    signed_in(client, order.customer)

    answer = client.post(reverse(step, args=[order.number]))
    page = client.get(reverse("orders:pay", args=[order.number])).text

    assert answer.status_code == 200
    assert answer.json() == {
        "payment_error": (
            "Confirming this payment with your bank is no longer possible. "
            "Please enter your card again to pay."
        ),
        "status": "failed",
        "total": order.total_amount,
    }
    assert reload(order).status == OrderStatus.PENDING
    assert "Confirm with your bank" not in page
    assert "Confirming this payment with your bank is no longer possible." in page
    assert 'id="card-element"' in page


@pytest.mark.django_db
def test_confirming_with_the_bank_while_stripe_is_out_of_reach_keeps_the_attempt_waiting(
    client, stripe_settings
):
    """Stripe out of reach says so; the attempt still waits and may be confirmed later."""
    order = create_order(status=OrderStatus.PROCESSING)
    waiting = waiting_for_3d_secure(order)
    stripe_settings.STRIPE_API_BASE = UNREACHABLE  # a closed port: the connection is refused
    signed_in(client, order.customer)

    answer = client.post(reverse("orders:pay_authenticate", args=[order.number]))

    waiting.refresh_from_db()
    assert (answer.status_code, answer.json()) == (502, {"error": UNAVAILABLE})
    assert waiting.status == PaymentStatus.REQUIRES_ACTION
    assert reload(order).status == OrderStatus.PROCESSING


@pytest.mark.django_db
def test_another_card_after_a_passed_3d_secure_charges_once_and_the_order_is_paid(
    client, send_event
):
    order, waiting = waiting_at_localstripe()
    pass_3d_secure(waiting.stripe_payment_intent_id, intent_json(waiting)["client_secret"])

    # The customer pays with another card before the `succeeded` webhook is processed.
    answer = pay(signed_in(client, order.customer), order, VISA)
    run_stripe_jobs()

    assert answer.json() == {"status": "succeeded"}
    assert list(order.payments.values_list("attempt", "status")) == [(1, PaymentStatus.SUCCEEDED)]
    intents = localstripe_call("GET", "/v1/payment_intents")["data"]
    assert [intent["status"] for intent in intents] == ["succeeded"]
    assert reload(order).status == OrderStatus.PAID

    send_event(build_event("payment_intent.succeeded", intent_json(waiting)))  # late webhook
    assert reload(order).status == OrderStatus.PAID
    assert not order.events.filter(type=OrderEventType.FLAGGED).exists()


@pytest.mark.django_db
def test_confirmation_of_a_fulfilled_order_says_it_is_ready(client):
    order = create_order(status=OrderStatus.FULFILLED)

    response = signed_in(client, order.customer).get(
        reverse("orders:confirmation", args=[order.number])
    )

    assert 'data-follow="false"' in response.text
    assert "Your comic is ready" in response.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "waiting"),
    [
        (OrderStatus.PROCESSING, "Waiting for the payment to be confirmed"),
        (OrderStatus.PAID, "Payment received: preparing your downloads"),
    ],
)
def test_confirmation_says_what_it_waits_for(client, status, waiting):
    order = create_order(status=status)

    response = signed_in(client, order.customer).get(
        reverse("orders:confirmation", args=[order.number])
    )

    assert re.search(r'data-testid="waiting"[^>]*>.*?</p>', response.text, re.S)[0].endswith(
        f"{waiting}…</p>"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("attempt", [None, PaymentStatus.CANCELED])
def test_confirmation_of_an_order_with_no_payment_under_way_offers_to_pay_and_waits_for_nothing(
    client, attempt
):
    order = create_order()
    if attempt:  # its 3-D Secure abandoned: the order went back to pending
        PaymentFactory(order=order, status=attempt)

    page = confirmation_page(client, order)

    assert "This order is not paid yet." in page
    assert re.search(rf'href="{reverse("orders:pay", args=[order.number])}">Pay now</a>', page)
    assert 'data-testid="waiting"' not in page
    assert 'data-follow="false"' in page


@pytest.mark.django_db
@pytest.mark.parametrize("status", [OrderStatus.CANCELED, OrderStatus.REFUNDED])
def test_confirmation_of_an_ended_order_waits_for_nothing_and_offers_no_payment(client, status):
    order = create_order(status=status)

    page = confirmation_page(client, order)

    assert 'data-testid="waiting"' not in page
    assert 'data-follow="false"' in page
    assert reverse("orders:pay", args=[order.number]) not in page


def confirmation_page(client: Client, order: Order) -> str:
    return (
        signed_in(client, order.customer)
        .get(reverse("orders:confirmation", args=[order.number]))
        .text
    )


@pytest.mark.django_db
@pytest.mark.parametrize("status", [OrderStatus.FULFILLED, OrderStatus.DELIVERED])
def test_confirmation_says_ready_to_download_and_shows_the_receipt(client, status):
    comic = ComicFactory(title="Paper Moon", price_amount=899)
    order = create_order(comics=[comic], status=status)

    response = signed_in(client, order.customer).get(
        reverse("orders:confirmation", args=[order.number])
    )

    assert 'data-testid="order-status">Ready to download<' in response.text
    assert "Paper Moon" in response.text
    assert "Amount paid" in response.text and "€8.99" in response.text
    assert f'data-testid="receipt-email">{order.email}<' in response.text


@pytest.mark.django_db
def test_payment_page_gives_its_script_our_words_for_the_providers_refusals(client):
    order = create_order()

    response = signed_in(client, order.customer).get(reverse("orders:pay", args=[order.number]))

    words = response.context["payment_messages"]
    assert '<script id="payment-messages" type="application/json">' in response.text
    assert (words["card_declined"], words[""]) == (DECLINED, GENERIC)
    assert '<span class="order-number">' + order.number + "</span>" in response.text


@pytest.mark.django_db
def test_paying_opens_an_attempt_and_puts_the_order_in_processing(client):
    order = create_order()

    response = pay(signed_in(client, order.customer), order)

    order.refresh_from_db()
    assert response.json() == {"status": "creating"}
    assert order.status == OrderStatus.PROCESSING
    assert order.payments.get().attempt == 1


@pytest.mark.django_db
def test_paying_with_something_that_is_not_a_payment_method_id_is_refused(client):
    order = create_order()

    response = pay(signed_in(client, order.customer), order, "4242424242424242")

    order.refresh_from_db()
    assert response.status_code == 400
    assert order.status == OrderStatus.PENDING


@pytest.mark.django_db
def test_paying_a_paid_order_again_shows_why_not(client):
    order = create_order(status=OrderStatus.PAID)

    response = pay(signed_in(client, order.customer), order)

    assert response.status_code == 409
    assert "already paid: nothing more to pay" in response.json()["error"]


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ["orders:setup_intent", "orders:pay_start"])
def test_a_pay_page_of_an_order_canceled_in_another_tab_is_sent_to_its_confirmation(
    client, endpoint
):
    """Found by an outside probe: the page said "canceled: nothing to pay" and kept its
    card form and its Pay button."""
    order = create_order(status=OrderStatus.CANCELED)
    signed_in(client, order.customer)

    response = client.post(
        reverse(endpoint, args=[order.number]), {"payment_method_id": "pm_card_visa"}
    )

    assert response.status_code == 409
    assert response.json() == {
        "error": f"Order {order.number} is canceled: nothing to pay.",
        "leave_for": reverse("orders:confirmation", args=[order.number]),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ["orders:setup_intent", "orders:pay_start"])
@pytest.mark.parametrize("status", [OrderStatus.PAID, OrderStatus.DELIVERED])
def test_a_stale_pay_page_of_a_paid_order_is_told_it_is_paid_in_customer_words(
    client, endpoint, status
):
    """Outside probe BQ-2: it answered "Order … is delivered: nothing to pay", a word the
    storefront never shows (it reads "Ready to download")."""
    order = create_order(status=status)
    signed_in(client, order.customer)

    response = client.post(
        reverse(endpoint, args=[order.number]), {"payment_method_id": "pm_card_visa"}
    )

    assert response.status_code == 409
    assert response.json()["error"] == (
        f"Order {order.number} is already paid: nothing more to pay."
    )


@pytest.mark.django_db
def test_a_stale_pay_page_of_a_free_order_already_confirmed_says_so(client):
    order = create_order(comics=[ComicFactory(price_amount=0)], status=OrderStatus.PAID)
    signed_in(client, order.customer)

    response = client.post(reverse("orders:setup_intent", args=[order.number]))

    assert response.status_code == 409
    assert response.json()["error"] == f"Order {order.number} is already confirmed: nothing to pay."


def _owned_since_it_was_placed() -> Order:
    comic = ComicFactory()
    order = create_order(comics=[comic])
    create_order(customer=order.customer, comics=[comic], status=OrderStatus.FULFILLED)
    return order


def _completion_lapsed() -> Order:
    _customer, order, _bought = completion_pending(refunded=True)
    return order


@pytest.mark.django_db
@pytest.mark.parametrize(
    "unpayable",
    [
        _owned_since_it_was_placed,
        _completion_lapsed,
        lambda: create_order(comics=[ComicFactory(price_amount=0)]),
        lambda: create_order(comics=[ComicFactory(price_amount=60_000_000) for _ in range(2)]),
    ],
    ids=["already-owned", "completion-lapsed", "free", "above-the-most-a-card-is-charged"],
)
def test_the_card_check_of_an_order_that_cannot_be_paid_is_refused_as_paying_is(
    client, monkeypatch, unpayable
):
    """Outside probe AJ (AJ-5): a pay page left open saved the card at Stripe (a SetupIntent,
    one of the customer's card checks), to be refused only at pay/start."""

    def asks_stripe(**kwargs):
        pytest.fail("Stripe was asked for a SetupIntent.")

    monkeypatch.setattr(payment_services, "setup_intent_create", asks_stripe)
    order = unpayable()
    signed_in(client, order.customer)

    card_check = client.post(reverse("orders:setup_intent", args=[order.number]))
    paying = pay(client, order)

    assert card_check.status_code == paying.status_code == 409
    assert card_check.json() == paying.json()
    # A price that lapsed while the page was open: drawn again, it says so in place of its
    # card form (outside probe GZ-6); the other refusals keep the page.
    drawn_again = reverse("orders:pay", args=[order.number])
    lapsed = unpayable is _completion_lapsed
    assert card_check.json().get("leave_for") == (drawn_again if lapsed else None)


@pytest.mark.django_db
def test_a_payment_refused_while_the_order_can_still_be_paid_keeps_the_customer_on_the_page(
    client,
):
    order = create_order(comics=[ComicFactory(price_amount=0)])

    response = pay(signed_in(client, order.customer), order)

    assert response.status_code == 409
    assert "leave_for" not in response.json()


@pytest.mark.django_db
def test_order_page_history_gives_the_decline_reason(client):
    order = create_order()
    fail_payment(order, "Your card was declined.")

    response = signed_in(client, order.customer).get(reverse("orders:detail", args=[order.number]))

    assert f"Payment failed: {DECLINED}" in response.text
    assert reverse("orders:pay", args=[order.number]) in response.text


@pytest.mark.django_db
def test_order_page_of_a_paid_order_sends_to_the_library(client):
    asset = ComicAssetFactory(comic__title="Lucid")
    order = create_order(comics=[asset.comic], status=OrderStatus.PAID)
    download_links_fulfil(order_id=order.pk, actor="system")

    response = signed_in(client, order.customer).get(reverse("orders:detail", args=[order.number]))

    assert 'data-testid="go-to-library"' in response.text


@pytest.mark.django_db
def test_unpaid_order_page_offers_no_downloads(client):
    order = create_order()

    response = signed_in(client, order.customer).get(reverse("orders:detail", args=[order.number]))

    assert 'data-testid="go-to-library"' not in response.text


@pytest.mark.django_db
def test_order_page_keeps_staff_notes_to_staff(client):
    order = create_order()
    services.order_note_add(order=order, actor="staff:ann", text="Customer sounded angry")

    response = signed_in(client, order.customer).get(reverse("orders:detail", args=[order.number]))

    assert "Staff note" not in response.text
    assert "angry" not in response.text


@pytest.mark.parametrize("status", list(OrderStatus))
def test_payment_pages_answer_for_an_order_in_any_status(db, client, status):
    """Even a status reached without a payment attempt of ours (processing by hand in the
    database) gets an answer the page can show, never a server error."""
    order = create_order(status=status)
    signed_in(client, order.customer)
    page = client.get(reverse("orders:pay", args=[order.number]))
    started = pay(client, order)
    followed = client.get(reverse("orders:status", args=[order.number]))

    assert page.status_code in (200, 302)
    assert followed.status_code == 200
    if status == OrderStatus.PENDING:
        assert started.status_code == 200
    else:
        assert started.status_code == 409
        assert started.json()["error"]


def refunded_after_fulfilment(order):
    return order_move(order_move(order, to=OrderStatus.FULFILLED), to=OrderStatus.REFUNDED)


@pytest.mark.django_db
def test_an_order_refunded_before_its_fulfilment_says_its_comics_were_not_delivered(client):
    order = create_order(status=OrderStatus.REFUNDED)
    signed_in(client, order.customer)

    page = client.get(reverse("orders:detail", args=[order.number])).text

    assert "This order was refunded: its comic was not delivered and will not be." in page


@pytest.mark.django_db
def test_a_refunded_order_is_called_refunded_not_thanked_for(client):
    customer = UserFactory()
    order = refunded_after_fulfilment(create_order(customer=customer))
    signed_in(client, customer)

    confirmation = client.get(reverse("orders:confirmation", args=[order.number])).text

    assert "This order was refunded</h1>" in confirmation
    assert "Thank you for your order" not in confirmation
    # Found by an outside probe: "it no longer gives its comics".
    assert (
        "Its payment was refunded to your card, and its comic is no longer in your library."
        in confirmation
    )
    # Found by an outside probe: "its comics left your library", of a comic still there
    # through another order.
    assert "left your library" not in confirmation
    # Found by an outside probe too: it said one stayed, of a customer who had none.
    assert "stays in your library" not in (
        client.get(reverse("orders:detail", args=[order.number])).text
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kept_titles", "gone_titles", "words"),
    [
        ([], ["Gone One", "Gone Two"], "its comics are no longer in your library"),
        (
            ["Kept One"],
            ["Gone One"],
            "Gone One is no longer in your library; Kept One stays there through another order",
        ),
        (
            ["Kept One", "Kept Two"],
            ["Gone One", "Gone Two"],
            "Gone One, Gone Two are no longer in your library; Kept One, Kept Two stay there"
            " through another order",
        ),
        (["Kept One"], [], "Kept One stays in your library through another order"),
    ],
)
def test_a_refunded_orders_pages_say_which_comics_left_the_library_and_which_stay(
    client, kept_titles, gone_titles, words
):
    customer = UserFactory()
    kept = [ComicFactory(title=title) for title in kept_titles]
    gone = [ComicFactory(title=title) for title in gone_titles]
    order = refunded_after_fulfilment(create_order(customer=customer, comics=kept + gone))
    if kept:
        create_order(customer=customer, comics=kept, status=OrderStatus.FULFILLED)
    signed_in(client, customer)

    page = client.get(reverse("orders:detail", args=[order.number])).text
    confirmation = client.get(reverse("orders:confirmation", args=[order.number])).text

    assert f"This order was refunded: {words}." in page
    assert f"Its payment was refunded to your card, and {words}." in confirmation


@pytest.mark.django_db
def test_a_canceled_order_is_called_canceled_not_thanked_for_nor_awaited_in_the_library(client):
    customer = UserFactory()
    order = create_order(customer=customer, status=OrderStatus.CANCELED)
    signed_in(client, customer)

    confirmation = client.get(reverse("orders:confirmation", args=[order.number])).text
    page = client.get(reverse("orders:detail", args=[order.number])).text

    assert "This order was canceled</h1>" in confirmation
    assert "Thank you for your order" not in confirmation
    assert "Nothing was charged for it." in confirmation
    assert "This order was canceled: nothing was charged" in page
    assert "once your payment is confirmed" not in page


@pytest.mark.django_db
def test_a_paid_order_held_for_its_vat_evidence_says_so_and_waits_for_nothing(client):
    order = create_order_held_for_its_vat_evidence(
        customer=UserFactory(), comics=[ComicAssetFactory().comic]
    )
    signed_in(client, order.customer)

    confirmation = client.get(reverse("orders:confirmation", args=[order.number])).text
    detail = client.get(reverse("orders:detail", args=[order.number])).text
    state = client.get(reverse("orders:status", args=[order.number])).json()

    for page in (confirmation, detail):
        assert "Your comic waits for our check of the country you live in" in page
        assert 'data-testid="go-to-library"' not in page
    assert 'data-testid="waiting"' not in confirmation and 'data-follow="false"' in confirmation
    assert (state["status"], state["held"]) == ("paid", True)


@pytest.mark.django_db
def test_asking_after_3d_secure_for_an_attempt_already_decided_asks_stripe_nothing(
    client, stripe_settings
):
    order = create_order(status=OrderStatus.PAID)
    PaymentFactory(
        order=order, stripe_payment_intent_id="pi_stripe_forgot_it", status=PaymentStatus.SUCCEEDED
    )
    signed_in(client, order.customer)

    answer = client.post(reverse("orders:pay_authenticated", args=[order.number]))

    assert answer.status_code == 200
    assert answer.json() == {
        "payment_error": "",
        "status": "succeeded",
        "total": order.total_amount,
    }


@pytest.mark.django_db
def test_a_tab_confirming_an_attempt_another_tabs_card_replaced_is_not_told_its_decline(
    client, stripe_settings
):
    """Outside probe FN-1: the tab whose bank prompt was answered showed "Your card was
    declined" under its card, the decline of the card another tab had sent meanwhile."""
    order = create_order()
    replaced = PaymentFactory(
        order=order, stripe_payment_intent_id="pi_replaced", status=PaymentStatus.CANCELED
    )
    declined = PaymentFactory(
        order=order,
        attempt=2,
        stripe_payment_intent_id="pi_declined",
        status=PaymentStatus.FAILED,
        failure_code="card_declined",
    )
    signed_in(client, order.customer)
    url = reverse("orders:pay_authenticated", args=[order.number])

    this_tab = client.post(url, {"attempt": str(replaced.pk)}).json()
    other_tab = client.post(url, {"attempt": str(declined.pk)}).json()

    assert (this_tab["status"], this_tab["payment_error"]) == ("failed", REPLACED_BY_ANOTHER_CARD)
    assert other_tab["payment_error"] == DECLINED


@pytest.mark.django_db
def test_a_tab_confirming_an_attempt_replaced_by_one_still_under_way_says_so(
    client, stripe_settings
):
    """Outside probe FV-2: the tab went on to a confirmation waiting for the other card's
    bank, never saying this card was not charged."""
    order = create_order(status=OrderStatus.PROCESSING)
    replaced = PaymentFactory(
        order=order, stripe_payment_intent_id="pi_replaced", status=PaymentStatus.CANCELED
    )
    PaymentFactory(
        order=order,
        attempt=2,
        stripe_payment_intent_id="pi_waiting",
        status=PaymentStatus.REQUIRES_ACTION,
    )
    signed_in(client, order.customer)
    url = reverse("orders:pay_authenticated", args=[order.number])

    this_tab = client.post(url, {"attempt": str(replaced.pk)}).json()

    assert this_tab["replaced"] is True
    assert this_tab["payment_error"] == REPLACED_WHILE_ANOTHER_PAYS


@pytest.mark.django_db(transaction=True)
def test_the_status_a_page_follows_says_held_with_each_request_in_its_own_transaction(client):
    order = create_order_held_for_its_vat_evidence(
        customer=UserFactory(), comics=[ComicAssetFactory().comic]
    )
    signed_in(client, order.customer)

    state = client.get(reverse("orders:status", args=[order.number])).json()

    assert (state["status"], state["held"]) == ("paid", True)


@pytest.mark.django_db
def test_a_held_order_finance_decided_to_refund_says_it_is_being_refunded(client):
    order = create_order_held_for_its_vat_evidence(
        customer=UserFactory(), comics=[ComicAssetFactory().comic]
    )
    with system_scope():
        evidence_decide(order=order, decision="refund", actor="staff:finance", reason="No proof")
    signed_in(client, order.customer)

    detail = client.get(reverse("orders:detail", args=[order.number])).text
    library = client.get(reverse("delivery:library")).text

    for page in (detail, library):
        assert "so this order is being refunded: its comic will not be delivered" in page
        assert "We email you as soon as they are ready" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("settled", "told"),
    [
        (
            False,
            "its comic will not be delivered. The refund to your card did not go through: we "
            "are looking into it and will write to you.",
        ),
        (
            True,
            "this order&#x27;s comic will not be delivered. Its refund could not be made by "
            "card: we have written to you about it.",
        ),
    ],
    ids=["staff-to-decide", "settled"],
)
def test_a_held_order_whose_refund_stripe_refused_promises_no_refund_email(
    client, stripe_webhook, settled, told
):
    """Outside probe AQ (AQ-2): after Stripe refused the refund Finance decided on, and after
    staff settled it without refunding, the order's page and library still read "We email
    you once the refund is made", while its history said the refund could not be made."""
    order = create_order_held_for_its_vat_evidence(
        customer=UserFactory(), comics=[ComicAssetFactory().comic]
    )
    PaymentFactory(order=order, stripe_payment_intent_id="pi_h", status=PaymentStatus.SUCCEEDED)
    with system_scope():
        evidence_decide(order=order, decision="refund", actor="staff:finance", reason="No proof")
        refund_create(order=order, amount=order.total_amount, reason="VAT", actor="staff:finance")
    run_stripe_jobs()
    if settled:
        with system_scope():
            payment_services.refund_failures_settle(
                order=reload(order), actor="staff:ada", reason="Refund paid by bank transfer."
            )
    signed_in(client, order.customer)

    detail = client.get(reverse("orders:detail", args=[order.number])).text
    library = client.get(reverse("delivery:library")).text

    for page in (detail, library):
        assert told in page
        assert "We email you once the refund is made" not in page


VAT_REFUND_WORDS = (
    "We could not confirm the country you live in for VAT (you declared Germany; your card was "
    "issued in France), so we refunded your payment. To buy this comic, check out again "
    "declaring the country you live in, or pay with a card issued there."
)


@pytest.mark.django_db
@pytest.mark.parametrize("decided", [True, False], ids=["decided", "refunded-undecided"])
def test_a_held_order_refunded_says_why_on_its_page(client, decided):
    """Outside probe BS-3: the page of an order held for its VAT evidence, once refunded as
    Finance decided, read "This order was refunded" with no reason, though it had promised
    an email as soon as the comics were ready. Refunded without a decision, it gives none:
    staff may have refunded it for another reason (EF-4); EE-2: it said its comic was "no
    longer in your library", never having been."""
    order = create_order_held_for_its_vat_evidence(
        customer=UserFactory(), comics=[ComicAssetFactory().comic]
    )
    with system_scope():
        if decided:
            evidence_decide(
                order=order, decision="refund", actor="staff:finance", reason="No proof"
            )
        services.order_record_refunded_amount(
            order=order, refunded_total=order.total_amount, actor="stripe", reason="Refunded"
        )
    signed_in(client, order.customer)

    detail = client.get(reverse("orders:detail", args=[order.number])).text

    assert "This order was refunded: its comic was not delivered and will not be." in detail
    assert (VAT_REFUND_WORDS in detail) == decided


@pytest.mark.django_db
def test_a_held_order_refunded_in_full_says_it_is_being_refunded_not_waiting_for_a_check(client):
    """Found by an outside probe: while its refund waited for Stripe, a held order's page read
    "Being refunded" above "We email you as soon as they are ready"."""
    order = create_order_held_for_its_vat_evidence(
        customer=UserFactory(), comics=[ComicAssetFactory().comic]
    )
    PaymentFactory(order=order, stripe_payment_intent_id="pi_h", status=PaymentStatus.SUCCEEDED)
    with system_scope():
        refund_create(order=order, amount=order.total_amount, reason="asked", actor="t")
    signed_in(client, order.customer)

    detail = client.get(reverse("orders:detail", args=[order.number])).text

    assert "This order is being refunded: its downloads and the links we" in detail
    assert "We email you as soon as they are ready" not in detail


@pytest.mark.django_db
def test_a_free_order_waiting_for_its_downloads_says_confirmed_not_payment_received(client):
    """Found by an outside probe: "Get it for free" led to "Payment received" for an order
    nothing was paid for."""
    free = create_order(comics=[ComicFactory(price_amount=0)])
    signed_in(client, free.customer).post(reverse("orders:complete_free", args=[free.number]))

    page = confirmation_page(client, free)
    state = client.get(reverse("orders:status", args=[free.number])).json()
    history = client.get(reverse("orders:detail", args=[free.number])).text

    assert state["status"] == "paid" and state["words"] == "Confirmed"
    assert 'data-testid="order-status">Confirmed<' in page
    assert "Preparing your downloads…" in page
    assert "Confirmed" in history
    assert "Payment received" not in page + history


@pytest.mark.django_db
@pytest.mark.parametrize("guest", [False, True], ids=["customer", "guest"])
def test_a_free_order_not_completed_yet_asks_for_get_it_for_free_not_a_payment(client, guest):
    """Outside probe AO (AO-2): a free order left at its pay page read "Awaiting payment",
    with a "Pay €0.00" button and "once your payment is confirmed", on the page its email
    links to (for a guest, through their signed order link)."""
    customer = guest_account_create(email="gina@example.com") if guest else UserFactory()
    free = create_order(customer=customer, comics=[ComicAssetFactory(comic__price_amount=0).comic])
    if guest:
        client.get(re.search(r"(/accounts/guest/order/\S+/)", guest_order_url(free)).group(1))
    else:
        signed_in(client, customer)

    detail = client.get(reverse("orders:detail", args=[free.number])).text
    confirmation = client.get(reverse("orders:confirmation", args=[free.number])).text
    listed = client.get(reverse("orders:list")).text

    get_it = f'action="{reverse("orders:complete_free", args=[free.number])}"'
    for page in (detail, confirmation):
        assert 'data-testid="order-status">Waiting for you<' in page
        assert "press Get it for free to get your comics" in page
        assert get_it in page and ">Get it for free</button>" in page
        assert "Pay €0.00" not in page and "Pay now" not in page
        assert "Awaiting payment" not in page and "payment is confirmed" not in page
    assert "Your order waits for you</h1>" in confirmation
    assert ">Waiting for you</span>" in listed

    client.post(reverse("orders:complete_free", args=[free.number]))

    free.refresh_from_db()
    assert free.status in (OrderStatus.PAID, OrderStatus.FULFILLED)


@pytest.mark.django_db
def test_a_free_order_s_receipt_says_confirmed_not_paid_and_shows_no_vat_line(client):
    """Found by an outside probe: a €0 order's page said "Paid <date>" and "Includes VAT
    5.5 % (France) €0.00" while its history said "Confirmed"."""
    free = create_order(
        comics=[ComicFactory(price_amount=0)], declaration=BuyerDeclaration(country="FR")
    )
    signed_in(client, free.customer).post(reverse("orders:complete_free", args=[free.number]))

    detail = client.get(reverse("orders:detail", args=[free.number])).text
    confirmation = confirmation_page(client, free)

    assert 'data-testid="paid-with">Confirmed ' in detail
    assert ">Paid " not in detail
    assert "<dt>Confirmed</dt>" in confirmation and "Amount paid" not in confirmation
    for page in (detail, confirmation):
        assert 'data-testid="order-vat"' not in page
        assert "Includes VAT" not in page


@pytest.mark.django_db
def test_a_paid_order_s_receipt_still_says_paid_with_its_vat_line(client):
    order = create_order(
        comics=[ComicAssetFactory(comic__price_amount=1055).comic],
        declaration=BuyerDeclaration(country="FR"),
        status=OrderStatus.PAID,
    )
    signed_in(client, order.customer)

    detail = client.get(reverse("orders:detail", args=[order.number])).text

    assert 'data-testid="paid-with">Paid ' in detail
    assert "Includes VAT 5.5 % (France)" in detail


@pytest.mark.django_db
def test_a_free_comic_reads_free_on_the_pay_page_and_receipt_as_in_the_catalogue(client):
    """Outside probe AI (AI-11): the catalogue and cart said "Free", these pages "€0.00"."""
    order = create_order(
        comics=[ComicFactory(title="Free One", price_amount=0), ComicFactory(price_amount=499)]
    )
    pay_page = signed_in(client, order.customer).get(reverse("orders:pay", args=[order.number]))
    order_move(order, to=OrderStatus.PAID)
    detail = client.get(reverse("orders:detail", args=[order.number])).text

    for page in (pay_page.text, detail, confirmation_page(client, order)):
        assert re.search(r'Free One</td><td class="num">Free</td>', page)
        assert '<td class="num">€0.00</td>' not in page
        assert '<td class="num total">€4.99</td>' in page  # totals stay amounts


@pytest.mark.django_db
def test_the_order_page_states_the_emailed_links_quota_and_expiry_and_when_it_is_used_up(client):
    """Found by an outside probe: the page said "The links we emailed keep working until they
    expire" after their downloads were used up, and nowhere said how many they give."""
    order = create_order(comics=[ComicAssetFactory().comic], status=OrderStatus.PAID)
    issue_download_links(order)
    with system_scope():
        link = DownloadLink.objects.get(order=order)
    signed_in(client, order.customer)

    working = client.get(reverse("orders:detail", args=[order.number])).text
    with system_scope():
        DownloadLink.objects.filter(pk=link.pk).update(download_count=link.max_downloads)
    used_up = client.get(reverse("orders:detail", args=[order.number])).text

    until = timezone.localtime(link.expires_at, datetime.UTC).strftime("%-d %b %Y, %H:%M")
    assert f"The link we emailed gives up to 5 downloads, until {until} UTC." in working
    assert "The link we emailed has given its 5 downloads." in used_up
    assert "keep working" not in working + used_up
    assert "give up to" not in used_up


@pytest.mark.django_db
def test_the_order_page_speaks_of_one_emailed_link_or_several_in_their_number(client):
    """Outside probe AY (AY-6): one link read "The links we emailed … each"."""
    one = create_order(comics=[ComicAssetFactory().comic], status=OrderStatus.PAID)
    two = create_order(
        customer=one.customer,
        comics=[ComicAssetFactory().comic, ComicAssetFactory().comic],
        status=OrderStatus.PAID,
    )
    for order in (one, two):
        issue_download_links(order)
    signed_in(client, one.customer)

    said = {
        order: re.findall(
            r'data-testid="emailed-links">([^<]*)<',
            client.get(reverse("orders:detail", args=[order.number])).text,
        )[0]
        for order in (one, two)
    }

    assert said[one].startswith("The link we emailed gives up to 5 downloads, until ")
    assert said[two].startswith("The links we emailed give up to 5 downloads each, until ")


def _emailed_links_sentence(client, order) -> str:
    page = client.get(reverse("orders:detail", args=[order.number])).text
    (sentence,) = re.findall(r'data-testid="emailed-links">([^<]*)<', page)
    return sentence


@pytest.mark.django_db
def test_the_order_page_says_how_many_downloads_a_partly_used_emailed_link_has_left(client):
    """Outside probe AY (AY-6): after 3 of its 5 downloads the page still said the link
    gives "up to 5 downloads"."""
    asset = ComicAssetFactory()
    order = create_order(comics=[asset.comic], status=OrderStatus.PAID)
    with system_scope():
        (link,) = download_links_fulfil(order_id=order.pk, actor="test:fulfilment")
    signed_in(client, order.customer)
    said = []
    for _ in range(5):
        assert Client().get(link.path).status_code == 200
        said.append(_emailed_links_sentence(client, order))

    until = timezone.localtime(link.expires_at, datetime.UTC).strftime("%-d %b %Y, %H:%M")
    assert said == [
        f"The link we emailed gives up to 4 more downloads, until {until} UTC.",
        f"The link we emailed gives up to 3 more downloads, until {until} UTC.",
        f"The link we emailed gives up to 2 more downloads, until {until} UTC.",
        f"The link we emailed gives up to 1 more download, until {until} UTC.",
        "The link we emailed has given its 5 downloads.",
    ]


@pytest.mark.django_db
def test_the_order_page_says_what_each_of_several_emailed_links_has_left(client):
    """Outside probe AZ (AZ-3): with one link used up and the other partly, the page said
    "The links we emailed give up to 4 more downloads each", and the used-up link refused."""
    order = create_order(
        comics=[ComicAssetFactory(comic__title="Ghost").comic, ComicAssetFactory().comic],
        status=OrderStatus.PAID,
    )
    issue_download_links(order)
    with system_scope():
        first, second = DownloadLink.objects.filter(order=order).order_by("order_item_id")
        ghost, other = first.order_item.title, second.order_item.title
    signed_in(client, order.customer)
    until = timezone.localtime(first.expires_at, datetime.UTC).strftime("%-d %b %Y, %H:%M")

    def after(downloads: dict) -> str:
        with system_scope():
            for link, count in downloads.items():
                DownloadLink.objects.filter(pk=link.pk).update(download_count=count)
        return _emailed_links_sentence(client, order)

    assert after({first: 5}) == (
        f"The link for {other} gives up to 5 downloads, until {until} UTC. "
        f"The link for {ghost} has given its 5 downloads."
    )
    assert after({second: 1}) == (
        f"The link for {other} gives up to 4 more downloads, until {until} UTC. "
        f"The link for {ghost} has given its 5 downloads."
    )
    assert after({first: 3}) == (
        f"The link for {ghost} gives up to 2 more downloads, until {until} UTC. "
        f"The link for {other} gives up to 4 more downloads, until {until} UTC."
    )
    assert after({first: 1, second: 1}) == (
        f"The links we emailed give up to 4 more downloads each, until {until} UTC."
    )


@pytest.mark.django_db
@pytest.mark.parametrize("asked_from", ["library", "api"])
def test_the_order_page_speaks_of_the_emailed_links_alone_after_a_one_download_link(
    client, asked_from
):
    """Outside probe AX (AX-4): once the emailed links had given their downloads, a link
    asked for from the library (or the API) made the page say "The links we emailed give up
    to 1 downloads each", though the emailed ones gave nothing more."""
    asset = ComicAssetFactory()
    order = create_order(comics=[asset.comic], status=OrderStatus.PAID)
    issue_download_links(order)
    with system_scope():
        DownloadLink.objects.filter(order=order).update(download_count=F("max_downloads"))
        item = order.items.get()
    signed_in(client, order.customer)
    if asked_from == "library":
        client.post(reverse("delivery:library_download", args=[item.pk, asset.pk]))
    else:
        download_link_issue_one(order=order, item_id=item.pk, actor="customer:api")

    page = client.get(reverse("orders:detail", args=[order.number])).text

    (sentence,) = re.findall(r'data-testid="emailed-links">([^<]*)<', page)
    assert sentence == "The link we emailed has given its 5 downloads."


@pytest.mark.django_db
def test_the_order_page_says_a_single_download_in_the_singular(client, settings):
    """Outside probe AX (AX-4): the page read "up to 1 downloads"."""
    settings.DOWNLOAD_LINK_MAX_DOWNLOADS = 1
    order = create_order(comics=[ComicAssetFactory().comic], status=OrderStatus.PAID)
    signed_in(client, order.customer)
    waiting = client.get(reverse("orders:detail", args=[order.number])).text
    issue_download_links(order)

    issued = client.get(reverse("orders:detail", args=[order.number])).text

    assert "We email download links, up to 1 download each, once they are ready." in waiting
    assert "The link we emailed gives up to 1 download, until " in issued
    assert "1 downloads" not in waiting + issued


@pytest.mark.django_db
def test_a_free_orders_pay_page_is_headed_get_it_for_free_not_pay(client):
    """Outside probe HK-1: headed "Pay for order …" with a section "Payment", above "Nothing
    to pay: no card needed"."""
    free = create_order(comics=[ComicFactory(price_amount=0)])
    paid = create_order(customer=free.customer, comics=[ComicFactory(price_amount=499)])
    signed_in(client, free.customer)

    free_page, paid_page = (
        client.get(reverse("orders:pay", args=[order.number])).text for order in (free, paid)
    )

    assert f"<title>Get order {free.number} for free" in free_page
    assert f'<h1>Get order <span class="order-number">{free.number}</span> for free</h1>' in (
        free_page
    )
    assert '<h2 id="payment-heading">Nothing to pay</h2>' in free_page
    assert "Pay for order" not in free_page
    assert f"<title>Pay for order {paid.number}" in paid_page
    assert '<h2 id="payment-heading">Payment</h2>' in paid_page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("page", "status", "latest_payment_reads"),
    [
        ("orders:detail", OrderStatus.PENDING, 1),
        ("orders:pay", OrderStatus.PENDING, 1),
        ("orders:confirmation", OrderStatus.FULFILLED, 0),
    ],
)
def test_an_order_page_reads_its_vat_evidence_once_and_its_latest_payment_at_most_once(
    client, page, status, latest_payment_reads
):
    """A pay page read the order's VAT evidence seven times (its VAT line twice, its buyer,
    why VIES refused its number, what it was placed with, whether its VAT is today's) and
    its latest payment twice: 43 statements, now 36."""
    customer = UserFactory()
    order = create_order(customer=customer, comics=[ComicFactory(), ComicFactory()], status=status)
    client.force_login(customer)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(page, args=[order.number])).status_code == 200

    def reads(table: str, column: str) -> int:
        wanted = f'FROM "{table}" WHERE "{table}"."{column}" = {order.pk}'
        return sum(wanted in query["sql"] for query in queries.captured_queries)

    assert reads("tax_ordertaxevidence", "order_id") == 1
    assert reads("payments_payment", "order_id") == latest_payment_reads


def _canceled(order: Order) -> Order:
    with system_scope():
        services.order_transition(order=order, name="cancel", actor="staff:support", reason="x")
    return order


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["orders:detail", "orders:confirmation"])
def test_a_canceled_order_offers_in_a_new_order_only_its_comics_left_to_buy(client, page):
    """Its pages said "You can still buy its comics in a new order" of a comic its customer
    had bought since and of one staff had taken off sale."""
    customer = UserFactory()
    bought, withdrawn, left = (ComicFactory(title=title) for title in ("Ghost", "Moons", "Tide"))
    order = _canceled(create_order(customer=customer, comics=[bought, withdrawn, left]))
    create_order(customer=customer, comics=[bought], status=OrderStatus.FULFILLED)
    with system_scope():
        Comic.objects.filter(pk=withdrawn.pk).update(is_active=False)
    client.force_login(customer)

    shown = client.get(reverse(page, args=[order.number])).text

    assert (
        "Ghost is in your library. Moons is no longer for sale. You can still buy Tide in a "
        "new order from the"
    ) in shown


@pytest.mark.django_db
def test_a_canceled_order_whose_comics_are_all_in_the_library_offers_none(client):
    customer = UserFactory()
    comics = [ComicFactory(title="Ghost"), ComicFactory(title="Tide")]
    order = _canceled(create_order(customer=customer, comics=comics))
    create_order(customer=customer, comics=comics, status=OrderStatus.FULFILLED)
    client.force_login(customer)

    shown = client.get(reverse("orders:detail", args=[order.number])).text

    assert "Ghost and Tide are in your library." in shown
    assert "You can still buy" not in shown


@pytest.mark.django_db
def test_a_canceled_order_offers_its_free_comic_left_to_get_not_to_buy(client):
    """Outside probe HT-5: its pending pages said "Get Dream Diary in a new order", and
    once canceled, "You can still buy Dream Diary"."""
    customer = UserFactory()
    free, bought = ComicFactory(title="Dream Diary", price_amount=0), ComicFactory(title="Tide")
    order = _canceled(create_order(customer=customer, comics=[free, bought]))
    create_order(customer=customer, comics=[bought], status=OrderStatus.FULFILLED)
    client.force_login(customer)

    shown = client.get(reverse("orders:detail", args=[order.number])).text

    assert "Tide is in your library. You can still get Dream Diary in a new order" in shown
