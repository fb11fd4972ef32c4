"""A customer's purchase in a real browser: live server, localstripe and its Stripe.js."""

import json
import re

import pytest
from playwright.sync_api import expect

from morpheus.db_context import system_scope
from morpheus_testing.factories import UserFactory, create_order
from orders.models import Order
from orders.services import order_transition
from orders.transitions import OrderStatus
from payments.messages import AUTHENTICATION_FAILED, customer_message
from tests.e2e import steps

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_customer_buys_two_comics_and_downloads_the_exact_files(shop, new_page, screenshot):
    customer = UserFactory()
    first, first_bytes = steps.comic_with_file("Lucid", 499)
    second, _ = steps.comic_with_file("Echo", 650)
    page = new_page()

    steps.sign_in(page, customer)
    screenshot(page, "catalog")
    page.goto(f"/comics/{first.slug}/")
    screenshot(page, "comic")
    steps.add_to_cart(page, first)
    steps.add_to_cart(page, second)
    expect(page.get_by_test_id("cart-total")).to_have_text("€11.49")
    screenshot(page, "cart")
    number = steps.checkout(page)
    screenshot(page, "payment")
    steps.pay_with(page, steps.VISA)
    steps.expect_fulfilled(page, number)
    screenshot(page, "confirmation")
    page.get_by_role("link", name="Go to your library").click()
    screenshot(page, "library")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download Lucid (PDF)").click()
    downloaded = download.value.path().read_bytes()
    page.goto(f"/orders/{number}/")
    screenshot(page, "order")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "order-on-a-phone")

    assert downloaded == first_bytes
    assert steps.order_status(number) == OrderStatus.DELIVERED
    expect(page.get_by_test_id("history")).to_contain_text("Ready to download")


def test_declined_card_shows_why_and_the_same_order_is_paid_on_retry(shop, new_page):
    page, number = steps.at_checkout(new_page, "Nocturne")

    steps.pay_with(page, steps.DECLINED_ON_CHARGE)
    expect(page.get_by_test_id("payment-error")).to_contain_text("declined")
    status_after_decline = steps.order_status(number)
    steps.pay_with(page, steps.VISA)
    steps.expect_fulfilled(page, number)

    assert status_after_decline == OrderStatus.PENDING


def test_the_pay_page_says_the_payment_is_being_sent_while_it_waits_for_it(shop, new_page):
    """Outside probe DY-1: with the job queue busy, the page showed nothing for up to 45 s
    but a greyed-out button, and read nothing out."""
    page, number = steps.at_checkout(new_page, "Lantern")
    held = []  # the page's reads of the attempt's status, answered once it was read out
    page.route(f"**/orders/{number}/status.json", lambda route: held.append(route))

    steps.pay_with(page, steps.VISA)

    expect(page.get_by_role("status")).to_have_text("Sending your payment to your bank…")
    for route in held:
        route.continue_()
    page.unroute(f"**/orders/{number}/status.json")
    steps.expect_fulfilled(page, number)


def test_a_status_read_that_cannot_reach_the_shop_is_not_taken_for_a_failed_payment(shop, new_page):
    """Outside probe EM-1: one read of the attempt's status lost to the network made the
    page say "The payment did not go through" while the card was charged."""
    page, number = steps.at_checkout(new_page, "Lantern")
    lost = []

    def lose_the_first(route):
        if lost:
            route.continue_()
        else:
            lost.append(route.request.url)
            route.abort("connectionrefused")

    page.route(f"**/orders/{number}/status.json", lose_the_first)

    steps.pay_with(page, steps.VISA)

    steps.expect_fulfilled(page, number)
    assert len(lost) == 1


def test_a_payment_whose_answer_is_lost_is_not_said_to_have_failed(shop, new_page):
    """Outside probe ET-1: the Pay request reached the shop, which charged the card, but its
    answer was lost: the page said "The payment did not go through"."""
    page, number = steps.at_checkout(new_page, "Lantern")

    def answer_lost(route):
        route.fetch()  # the shop receives it and starts the payment
        route.abort("connectionreset")

    page.route(f"**/orders/{number}/pay/start/", answer_lost)
    steps.pay_with(page, steps.VISA)

    expect(page.get_by_test_id("payment-error")).to_have_text(customer_message("shop_unreachable"))
    page.unroute(f"**/orders/{number}/pay/start/")
    page.reload()
    steps.expect_fulfilled(page, number)


def test_3d_secure_completed_pays_the_order(shop, new_page, screenshot):
    """Outside probe BQ-1: the bank's second prompt (the payment, after the card's check)
    came with no word on the page, and was taken for the first one still showing."""
    page, number = steps.at_checkout(new_page, "Vigil")

    steps.pay_with(page, steps.THREE_D_SECURE)
    steps.answer_3d_secure(page, complete=True)  # saving the card
    expect(page.get_by_role("status")).to_have_text(
        "Your card was checked. Now your bank asks you to confirm the payment of €4.99 "
        "(a second time, if it already asked you when your card was checked)."
    )
    screenshot(page, "pay-second-bank-confirmation")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "pay-second-bank-confirmation-on-a-phone")
    steps.answer_3d_secure(page, complete=True)  # the payment itself
    steps.expect_fulfilled(page, number)


def test_3d_secure_failed_leaves_the_order_pending_with_a_message(shop, new_page):
    page, number = steps.at_checkout(new_page, "Reverie")

    steps.pay_with(page, steps.THREE_D_SECURE)
    steps.answer_3d_secure(page, complete=True)
    steps.answer_3d_secure(page, complete=False)

    expect(page.get_by_test_id("payment-error")).to_contain_text("authentication")
    expect(page.get_by_test_id("payment-status")).to_be_empty()
    assert steps.order_status(number) == OrderStatus.PENDING


def test_3d_secure_failed_at_the_card_check_says_the_authentication_failed(shop, new_page):
    """Outside probe CO-3: failing the first prompt (the card check, before any payment)
    read "The payment did not go through"."""
    page, number = steps.at_checkout(new_page, "Nocturne")
    # Stripe answers a failed authentication of a SetupIntent with this code; the stand-in
    # answers with words alone.
    failed = {
        "error": {
            "code": "setup_intent_authentication_failure",
            "type": "invalid_request_error",
            "message": "The latest attempt to set up the payment method has failed.",
        }
    }
    page.route(
        "**/v1/setup_intents/*/cancel",
        lambda route: route.fulfill(status=400, body=json.dumps(failed)),
    )
    steps.pay_with(page, steps.THREE_D_SECURE)

    steps.answer_3d_secure(page, complete=False)

    expect(page.get_by_test_id("payment-error")).to_have_text(AUTHENTICATION_FAILED)
    assert steps.order_status(number) == OrderStatus.PENDING


def test_3d_secure_failed_on_an_order_repriced_meanwhile_reloads_with_the_new_total(shop, new_page):
    """Outside probe BM-5: an order repriced while its 3-D Secure was up (VIES refused its
    VAT number) kept the old total on the page, whose next attempt was refused (409)."""
    page, number = steps.at_checkout(new_page, "Requiem")
    steps.pay_with(page, steps.THREE_D_SECURE)
    steps.answer_3d_secure(page, complete=True)
    expect(page.get_by_role("button", name="Fail authentication")).to_be_visible()
    with system_scope():
        Order.objects.filter(number=number).update(total_amount=534)

    steps.answer_3d_secure(page, complete=False)

    expect(page.locator("#payment-form")).to_have_attribute("data-total", "534")
    expect(page.get_by_test_id("payment-error")).to_contain_text("authentication")
    expect(page.get_by_role("button", name=re.compile(r"^Pay "))).to_contain_text("5.34")
    assert steps.order_status(number) == OrderStatus.PENDING


def test_3d_secure_interrupted_by_a_reload_is_offered_again_on_the_pay_page(
    shop, new_page, screenshot
):
    page, number = steps.at_checkout(new_page, "Lullaby")
    steps.pay_with(page, steps.THREE_D_SECURE)
    steps.answer_3d_secure(page, complete=True)  # saving the card

    steps.leave_3d_secure_unanswered(page)
    expect(page.get_by_test_id("awaiting-authentication")).to_contain_text(
        "Your order is not paid yet: your bank is still waiting for you to confirm the payment "
        'of €4.99. Press "Confirm with your bank", then confirm in the window your bank opens.'
    )
    screenshot(page, "pay-bank-still-waiting")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "pay-bank-still-waiting-on-a-phone")
    # The order's other pages say the same, and how to get back to the bank's prompt.
    for name, path in (("confirmation", "confirmation/"), ("order", "")):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"/orders/{number}/{path}")
        expect(page.get_by_test_id("awaiting-authentication")).to_contain_text(
            "Your order is not paid yet: your bank is still waiting for you to confirm the "
            'payment of €4.99. Press "Finish paying", then "Confirm with your bank", then '
            "confirm in the window your bank opens."
        )
        screenshot(page, f"{name}-bank-still-waiting")
        page.set_viewport_size({"width": 390, "height": 844})
        screenshot(page, f"{name}-bank-still-waiting-on-a-phone")
    page.get_by_role("link", name="Finish paying").click()
    expect(page).to_have_url(re.compile(rf"/orders/{number}/pay/$"))
    page.get_by_role("button", name="Confirm with your bank").click()
    steps.answer_3d_secure(page, complete=True)

    steps.expect_fulfilled(page, number)


def test_3d_secure_interrupted_by_a_reload_gives_way_to_another_card(shop, new_page):
    page, number = steps.at_checkout(new_page, "Somnus")
    steps.pay_with(page, steps.THREE_D_SECURE)
    steps.answer_3d_secure(page, complete=True)  # saving the card

    steps.leave_3d_secure_unanswered(page)
    expect(page.get_by_test_id("awaiting-authentication")).to_be_visible()
    steps.pay_with(page, steps.VISA)

    steps.expect_fulfilled(page, number)


def test_3d_secure_the_payment_stand_in_forgot_gives_way_to_the_card_form(
    shop, new_page, localstripe, screenshot
):
    """Found by an outside probe: after localstripe restarted, "Confirm with your bank"
    disabled both buttons and polled the order's status for ever, saying nothing."""
    page, number = steps.at_checkout(new_page, "Insomnia")
    steps.pay_with(page, steps.THREE_D_SECURE)
    steps.answer_3d_secure(page, complete=True)  # saving the card
    steps.leave_3d_secure_unanswered(page)
    localstripe.reset()  # a restarted localstripe has forgotten the waiting PaymentIntent
    polls = []
    page.on("request", lambda request: "status.json" in request.url and polls.append(request))

    page.get_by_role("button", name="Confirm with your bank").click()

    expect(page.get_by_test_id("payment-error")).to_have_text(
        "Confirming this payment with your bank is no longer possible. "
        "Please enter your card again to pay."
    )
    expect(page.get_by_test_id("awaiting-authentication")).to_be_hidden()
    expect(page.get_by_role("button", name=re.compile(r"^Pay "))).to_be_enabled()
    assert len(polls) == 1  # the page follows the attempt no more
    screenshot(page, "pay-bank-confirmation-lost")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "pay-bank-confirmation-lost-on-a-phone")
    steps.pay_with(page, steps.VISA)
    steps.expect_fulfilled(page, number)


def test_another_customer_cannot_open_someone_elses_order(live_server, new_page):
    order = create_order()
    page = new_page()
    steps.sign_in(page, UserFactory())

    response = page.goto(f"/orders/{order.number}/")

    assert response.status == 404
    expect(page.get_by_text(order.number)).to_have_count(0)


def test_after_the_payment_stand_in_restarts_a_returning_customer_still_pays(
    shop, new_page, localstripe
):
    customer = UserFactory()
    first, second = steps.comic_with_file("Before", 499), steps.comic_with_file("After", 650)
    page = new_page()
    steps.sign_in(page, customer)
    steps.add_to_cart(page, first[0])
    number = steps.checkout(page)
    steps.pay_with(page, steps.VISA)
    steps.expect_fulfilled(page, number)
    forgotten = steps.stripe_customer_id(customer)
    localstripe.reset()  # a restarted localstripe has forgotten the customer we stored

    steps.add_to_cart(page, second[0])
    number = steps.checkout(page)
    steps.pay_with(page, steps.VISA)

    steps.expect_fulfilled(page, number)
    assert steps.stripe_customer_id(customer) != forgotten


def test_a_comic_paid_for_in_another_tab_leaves_the_other_order_unpayable_and_it_is_canceled(
    shop, new_page, screenshot
):
    customer = UserFactory()
    comic, _ = steps.comic_with_file("Twin Tabs", 499)
    first_tab = new_page()
    steps.sign_in(first_tab, customer)
    steps.add_to_cart(first_tab, comic)
    first = steps.checkout(first_tab)
    second_tab = new_page()  # another browser session of the same customer
    steps.sign_in(second_tab, customer)
    steps.add_to_cart(second_tab, comic)
    second = steps.checkout(second_tab)

    steps.pay_with(first_tab, steps.VISA)
    steps.expect_fulfilled(first_tab, first)
    second_tab.reload()
    notice = second_tab.get_by_test_id("already-owned")
    expect(notice).to_contain_text("You already own Twin Tabs")
    expect(second_tab.locator("#payment-form")).to_have_count(0)
    expect(notice.get_by_role("link", name=re.compile("other comic"))).to_have_count(0)
    for width, height in ((1280, 900), (390, 844)):
        second_tab.set_viewport_size({"width": width, "height": height})
        screenshot(second_tab, f"unpayable-{width}")
    second_tab.get_by_role("button", name="Cancel this order").click()

    expect(second_tab.get_by_test_id("order-status")).to_have_text("Canceled")
    screenshot(second_tab, "canceled")
    first_tab.goto(f"/comics/{comic.slug}/")
    expect(first_tab.get_by_role("button", name="Add to cart")).to_have_count(0)
    screenshot(first_tab, "comic-owned")
    assert steps.order_status(second) == OrderStatus.CANCELED


def test_a_pay_page_left_open_while_its_order_is_canceled_goes_to_the_canceled_order(
    shop, new_page
):
    """Found by an outside probe: the page said "canceled: nothing to pay" and kept its card
    form and Pay button. Here another tab's cancel is the customer's own, through the service."""
    page, number = steps.at_checkout(new_page, "Closed Elsewhere")
    with system_scope():
        order = Order.objects.get(number=number)
        order_transition(order=order, name="cancel", actor="test", reason="another tab")

    steps.pay_with(page, steps.VISA)

    expect(page).to_have_url(re.compile(rf"/orders/{number}/confirmation/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("This order was canceled")
    assert steps.order_status(number) == OrderStatus.CANCELED


def test_a_pay_page_left_open_while_the_account_is_erased_says_the_order_was_canceled(
    shop, new_page, screenshot
):
    """Outside probe BO-5: erasing the account in another tab at the bank's prompt canceled
    the order and signed the customer out; the prompt answered, the page said "Please try
    again or use another card" under a live Pay button."""
    page, number = steps.at_checkout(new_page, "Paper Moons")
    steps.pay_with(page, steps.THREE_D_SECURE)
    expect(page.get_by_role("button", name="Complete authentication")).to_be_visible()
    other_tab = page.context.new_page()
    other_tab.goto("/accounts/privacy/erase/")
    other_tab.get_by_label("Your password").fill(steps.PASSWORD)
    other_tab.get_by_role("button", name="Erase my account").click()
    expect(other_tab.get_by_role("main")).to_contain_text("Your account is being erased")

    steps.answer_3d_secure(page, complete=True)

    expect(page.get_by_test_id("payment-error")).to_have_text(
        "This order was canceled: you asked for your account to be erased. Nothing was charged."
    )
    expect(page.get_by_role("button", name=re.compile(r"^Pay "))).to_be_hidden()
    expect(page.locator("#card-element")).to_be_hidden()
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"pay-erased-{width}")
    assert steps.order_status(number) == OrderStatus.CANCELED


def test_a_cart_changed_in_another_tab_is_not_checked_out_but_shown_again(
    live_server, new_page, screenshot
):
    """Outside probe AV-1: Checkout on a page listing two comics, one removed meanwhile in
    another tab, ordered the other one without a word."""
    atlas, _ = steps.comic_with_file("The Sleepwalker's Atlas", 499)
    neon, _ = steps.comic_with_file("Neon Tide", 699)
    page = new_page()
    steps.sign_in(page, UserFactory())
    steps.add_to_cart(page, atlas)
    steps.add_to_cart(page, neon)
    other_tab = page.context.new_page()
    other_tab.goto("/cart/")
    other_tab.get_by_role("button", name="Remove Neon Tide").click()

    page.get_by_role("button", name="Checkout").click()

    expect(page).to_have_url(re.compile(r"/cart/(\?country=[A-Z]{2})?$"))
    expect(page.get_by_role("main")).to_contain_text(
        "Your cart or a price in it changed since this page was shown (in another tab or "
        "window, or by the shop): here it is as it is now, check it and press Checkout again."
    )
    expect(page.get_by_test_id("cart-total")).to_have_text("€4.99")
    screenshot(page, "cart-changed")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "cart-changed-on-a-phone")
    number = steps.checkout(page)
    with system_scope():
        order = Order.objects.get(number=number)
        assert [item.title for item in order.items.all()] == ["The Sleepwalker's Atlas"]
