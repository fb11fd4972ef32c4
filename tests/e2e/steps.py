"""The storefront steps the browser tests share: sign in, fill the cart, check out, pay with a
localstripe test card, wait for the downloads."""

import re

from playwright.sync_api import Page, expect

from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicAssetFactory, UserFactory
from orders.models import Order
from payments.models import StripeCustomer

PASSWORD = "correct-horse-battery"
VISA = "4242424242424242"
DECLINED_ON_CHARGE = "4000000000000341"
THREE_D_SECURE = "4000002500003155"
FULFILMENT_TIMEOUT_MS = 20_000


def comic_with_file(title: str, price: int) -> tuple:
    content = f"%PDF-1.4 {title}\n".encode() * 50
    asset = ComicAssetFactory(comic__title=title, comic__price_amount=price, content=content)
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


def leave_3d_secure_unanswered(page: Page) -> None:
    """The bank's prompt for the payment is up, and the customer reloads the page."""
    expect(page.get_by_role("button", name="Complete authentication")).to_be_visible()
    page.reload()


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
