"""The storefront as people meet it: with the keyboard alone, and when the payment provider
answers with its own words."""

import json

import pytest
from playwright.sync_api import Page, expect

from morpheus_testing.factories import UserFactory
from payments.messages import GENERIC
from tests.e2e.test_checkout import (
    PASSWORD,
    VISA,
    add_to_cart,
    checkout,
    comic_with_file,
    expect_fulfilled,
    pay_with,
    sign_in,
)

pytestmark = [pytest.mark.django_db(transaction=True)]

MAX_TABS = 40
FOCUSED = """() => {
  const e = document.activeElement;
  const label = e.labels && e.labels.length ? e.labels[0].innerText : "";
  const text = e.getAttribute("aria-label") || label || e.placeholder || e.innerText || "";
  return {text: text.trim(), outline: getComputedStyle(e).outlineStyle};
}"""


def tab_to(page: Page, text: str) -> None:
    """Press Tab until the focused element reads `text`; it must show where the focus is."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["text"] == text:
            assert focused["outline"] != "none", f"{text!r} has the focus but shows none"
            return
    raise AssertionError(f"{MAX_TABS} presses of Tab never reached {text!r}.")


def test_a_customer_checks_out_and_pays_with_the_keyboard_alone(shop, new_page):
    customer = UserFactory()
    comic, _ = comic_with_file("Keyboard Dreams", 499)
    page = new_page()

    page.goto("/accounts/login/")
    tab_to(page, "Skip to content")
    tab_to(page, "Username:")
    page.keyboard.type(customer.username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"Welcome back, {customer.username}.")).to_be_visible()
    tab_to(page, "Keyboard Dreams")
    page.keyboard.press("Enter")
    tab_to(page, "Add to cart")
    page.keyboard.press("Enter")
    tab_to(page, "Checkout")
    page.keyboard.press("Enter")
    number = page.url.rstrip("/").split("/")[-2]
    tab_to(page, "number")
    for value in (VISA, "12", "34", "123", "75001"):
        page.keyboard.type(value)
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect_fulfilled(page, number)
    assert comic.title in page.get_by_test_id("receipt").inner_text()


def test_a_refusal_worded_by_the_payment_provider_is_shown_in_ours(shop, new_page):
    customer = UserFactory()
    comic, _ = comic_with_file("Raw Words", 499)
    page = new_page()
    sign_in(page, customer)
    add_to_cart(page, comic)
    checkout(page)
    refusal = {"error": {"message": "Not Found", "type": "invalid_request_error"}}
    page.route(
        "**/v1/setup_intents/*/confirm",
        lambda route: route.fulfill(status=404, body=json.dumps(refusal)),
    )

    pay_with(page, VISA)

    expect(page.get_by_test_id("payment-error")).to_have_text(GENERIC)
    expect(page.get_by_role("button", name="Pay €4.99")).to_be_enabled()
