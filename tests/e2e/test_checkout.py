"""A customer's purchase in a real browser: live server, localstripe and its Stripe.js."""

import re

import pytest
from playwright.sync_api import Page, expect

from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicAssetFactory, ComicFactory, UserFactory, create_order
from orders.models import Order
from orders.transitions import OrderStatus
from payments.models import StripeCustomer

pytestmark = [pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"
VISA = "4242424242424242"
DECLINED_ON_CHARGE = "4000000000000341"
THREE_D_SECURE = "4000002500003155"
FULFILMENT_TIMEOUT_MS = 20_000


def comic_with_file(title: str, price: int) -> tuple:
    content = f"%PDF-1.4 {title}\n".encode() * 50
    asset = ComicAssetFactory(comic=ComicFactory(title=title, price_amount=price), content=content)
    return asset.comic, content


def sign_in(page: Page, user) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def add_to_cart(page: Page, comic) -> None:
    page.goto(f"/comics/{comic.slug}/")
    page.get_by_role("button", name="Add to cart").click()
    expect(page).to_have_url(re.compile(r"/cart/$"))


def checkout(page: Page) -> str:
    page.goto("/cart/")
    page.get_by_role("button", name="Checkout").click()
    expect(page).to_have_url(re.compile(r"/orders/MO-[0-9A-Z-]+/pay/$"))
    return page.url.rstrip("/").split("/")[-2]


def pay_with(page: Page, card_number: str) -> None:
    card = page.locator("#card-element")
    card.get_by_placeholder("number").fill(card_number)
    card.get_by_placeholder("exp_month").fill("12")
    card.get_by_placeholder("exp_year").fill("34")
    card.get_by_placeholder("cvc").fill("123")
    card.get_by_placeholder("postal_code").fill("75001")
    page.get_by_role("button", name=re.compile(r"^Pay ")).click()


def answer_3d_secure(page: Page, *, complete: bool) -> None:
    name = "Complete authentication" if complete else "Fail authentication"
    page.get_by_role("button", name=name).click()


def expect_fulfilled(page: Page, number: str) -> None:
    expect(page).to_have_url(re.compile(rf"/orders/{number}/confirmation/$"))
    expect(page.get_by_test_id("order-status")).to_have_text(
        "Ready to download", timeout=FULFILMENT_TIMEOUT_MS
    )


def at_checkout(new_page, title: str) -> tuple[Page, str]:
    """A new customer's page at the payment step of an order for one new €4.99 comic."""
    comic, _ = comic_with_file(title, 499)
    page = new_page()
    sign_in(page, UserFactory())
    add_to_cart(page, comic)
    return page, checkout(page)


def stripe_customer_id(user) -> str:
    with system_scope():
        return StripeCustomer.objects.get(user=user).stripe_customer_id


def order_status(number: str) -> str:
    with system_scope():
        return Order.objects.get(number=number).status


def test_customer_buys_two_comics_and_downloads_the_exact_files(shop, new_page, screenshot):
    customer = UserFactory()
    (first, first_bytes), (second, _) = comic_with_file("Lucid", 499), comic_with_file("Echo", 650)
    page = new_page()

    sign_in(page, customer)
    screenshot(page, "catalog")
    page.goto(f"/comics/{first.slug}/")
    screenshot(page, "comic")
    add_to_cart(page, first)
    add_to_cart(page, second)
    expect(page.get_by_test_id("cart-total")).to_have_text("€11.49")
    screenshot(page, "cart")
    number = checkout(page)
    screenshot(page, "payment")
    pay_with(page, VISA)
    expect_fulfilled(page, number)
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
    assert order_status(number) == OrderStatus.DELIVERED
    expect(page.get_by_test_id("history")).to_contain_text("Ready to download")


def test_declined_card_shows_why_and_the_same_order_is_paid_on_retry(shop, new_page):
    page, number = at_checkout(new_page, "Nocturne")

    pay_with(page, DECLINED_ON_CHARGE)
    expect(page.get_by_test_id("payment-error")).to_contain_text("declined")
    status_after_decline = order_status(number)
    pay_with(page, VISA)
    expect_fulfilled(page, number)

    assert status_after_decline == OrderStatus.PENDING


def test_3d_secure_completed_pays_the_order(shop, new_page):
    page, number = at_checkout(new_page, "Vigil")

    pay_with(page, THREE_D_SECURE)
    answer_3d_secure(page, complete=True)  # saving the card
    answer_3d_secure(page, complete=True)  # the payment itself
    expect_fulfilled(page, number)


def test_3d_secure_failed_leaves_the_order_pending_with_a_message(shop, new_page):
    page, number = at_checkout(new_page, "Reverie")

    pay_with(page, THREE_D_SECURE)
    answer_3d_secure(page, complete=True)
    answer_3d_secure(page, complete=False)

    expect(page.get_by_test_id("payment-error")).to_contain_text("authentication")
    assert order_status(number) == OrderStatus.PENDING


def test_another_customer_cannot_open_someone_elses_order(live_server, new_page):
    order = create_order()
    page = new_page()
    sign_in(page, UserFactory())

    response = page.goto(f"/orders/{order.number}/")

    assert response.status == 404
    expect(page.get_by_text(order.number)).to_have_count(0)


def test_after_the_payment_stand_in_restarts_a_returning_customer_still_pays(
    shop, new_page, localstripe
):
    customer = UserFactory()
    first, second = comic_with_file("Before", 499), comic_with_file("After", 650)
    page = new_page()
    sign_in(page, customer)
    add_to_cart(page, first[0])
    number = checkout(page)
    pay_with(page, VISA)
    expect_fulfilled(page, number)
    forgotten = stripe_customer_id(customer)
    localstripe.reset()  # a restarted localstripe has forgotten the customer we stored

    add_to_cart(page, second[0])
    number = checkout(page)
    pay_with(page, VISA)

    expect_fulfilled(page, number)
    assert stripe_customer_id(customer) != forgotten
