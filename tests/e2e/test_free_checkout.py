"""A free comic in a real browser: checked out without a card, then downloaded."""

import pytest
from playwright.sync_api import expect

from morpheus_testing.factories import UserFactory
from orders.transitions import OrderStatus
from tests.e2e import steps

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_a_free_comic_is_checked_out_without_a_card_and_downloaded(shop, new_page):
    comic, content = steps.comic_with_file("Free Sample", 0)
    page = new_page()
    steps.sign_in(page, UserFactory())
    steps.add_to_cart(page, comic)
    number = steps.checkout(page)

    expect(page.locator("#card-element")).to_have_count(0)
    page.get_by_role("button", name="Get it for free").click()
    steps.expect_fulfilled(page, number)
    page.get_by_role("link", name="Go to your library").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download Free Sample (PDF)").click()

    assert download.value.path().read_bytes() == content
    assert steps.order_status(number) == OrderStatus.DELIVERED
