"""Abuse limits as a customer's browser meets them."""

import pytest
from playwright.sync_api import expect

from morpheus_testing.factories import UserFactory, create_order
from orders.transitions import OrderStatus
from tests.e2e import steps

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_the_payment_page_shows_why_a_throttled_card_check_was_refused(
    shop, new_page, throttle_rates
):
    throttle_rates("setup_intent_account", 0, seconds=3600)
    customer = UserFactory()
    order = create_order(customer=customer)
    page = new_page()
    steps.sign_in(page, customer)
    page.goto(f"/orders/{order.number}/pay/")

    steps.pay_with(page, steps.VISA)

    expect(page.get_by_test_id("payment-error")).to_have_text(
        "Too many card checks. Please try again in 60 minutes."
    )
    expect(page.get_by_role("button", name="Pay €4.99")).to_be_enabled()
    assert steps.order_status(order.number) == OrderStatus.PENDING


def test_too_many_sign_in_attempts_show_the_sites_refusal_page(live_server, new_page):
    customer = UserFactory()
    page = new_page()
    for _ in range(10):
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(customer.username)
        page.get_by_label("Password").fill("not-my-password")
        page.get_by_role("button", name="Sign in").click()

    steps.sign_in(page, customer)

    expect(page.get_by_role("heading", name="Too many requests")).to_be_visible()
    expect(page.get_by_test_id("throttled")).to_contain_text("Too many password attempts")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
