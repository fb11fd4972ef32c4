"""Staff in a real browser: the dashboard, the order list, an order and a partial refund
sent to localstripe after a real purchase."""

import re

import pytest
from playwright.sync_api import Page, expect

from backoffice.staff_groups import FINANCE, SUPPORT
from morpheus.db_context import system_scope
from morpheus_testing.admin_fixtures import staff_user
from morpheus_testing.factories import ComicFactory, UserFactory, create_order
from morpheus_testing.waiting import wait_until
from payments.models import Refund
from promotions.models import Bundle
from tests.e2e import steps

pytestmark = [pytest.mark.django_db(transaction=True)]


def bought_order(page: Page) -> str:
    comic, _ = steps.comic_with_file("Somnia", 1200)
    steps.sign_in(page, UserFactory(username="dreamer", email="dreamer@example.com"))
    steps.add_to_cart(page, comic)
    number = steps.checkout(page)
    steps.pay_with(page, steps.VISA)
    # Paid is enough to refund; fulfilment may still be on its way.
    expect(page.get_by_test_id("order-status")).to_have_text(
        re.compile("Payment received|Ready to download"), timeout=steps.FULFILMENT_TIMEOUT_MS
    )
    return number


def staff_sign_in(page: Page, user) -> None:
    page.goto("/admin/login/?next=/admin/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(steps.PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page.locator("#dashboard")).to_be_visible()


def _sent_to_stripe(number: str) -> Refund | None:
    with system_scope():
        return Refund.objects.filter(order__number=number, stripe_refund_id__isnull=False).first()


def test_the_staff_sign_in_opens_with_the_cursor_in_the_username_field(new_page):
    """Found by an outside probe: the theme hides the page until its script has started, so
    the browser dropped the field's autofocus (the shop's sign-in had it)."""
    page = new_page()

    page.goto("/admin/login/?next=/admin/")

    expect(page.locator("#id_username")).to_be_focused()


def test_a_codes_terms_per_currency_read_on_a_phone_as_their_headers(new_page, staff_groups):
    """Found by an outside probe: at 390 px, the theme's CSS capitals made the row's labels
    "Amount Off" and "Minimum Basket", while the desktop headers read "Amount off"."""
    page = new_page(width=390, height=844)
    staff_sign_in(page, staff_user(FINANCE))

    page.goto("/admin/promotions/discountcode/add/")
    labels = page.locator("#currencies-group td.field-tabular").evaluate_all(
        "cells => cells.map(td => [td.dataset.label,"
        " getComputedStyle(td, '::before').textTransform])"
    )

    assert labels[:3] == [
        ["Currency", "none"],
        ["Amount off", "none"],
        ["Minimum basket", "none"],
    ]


# Whether an element's text is set within its box.
TEXT_INSIDE = (
    "e => { const r = document.createRange(); r.selectNodeContents(e);"
    " const t = r.getBoundingClientRect(), b = e.getBoundingClientRect();"
    " return t.left >= b.left - 1 && t.right <= b.right + 1"
    " && t.top >= b.top - 1 && t.bottom <= b.bottom + 1; }"
)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_customers_long_name_and_address_leave_the_order_lists_columns_in_view(
    new_page, staff_groups, width
):
    """Outside probe DJ-1: a 149-letter username and a 250-character address, as sign-up
    takes them, pushed every row's status and total off the page at 1280 px, and the
    address off the card at 390 px."""
    long_named = UserFactory(username="L" * 149, email=f"{'x' * 200}@{'d' * 40}.example")
    create_order(customer=long_named)
    create_order(customer=UserFactory(username="dreamer"))
    page = new_page(width=width, height=900)
    staff_sign_in(page, staff_user(SUPPORT))

    page.goto("/admin/orders/order/")

    expect(page.locator("#result_list td.field-status_badge").first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    scroller = page.locator("#result_list").locator("xpath=..")
    assert scroller.evaluate("e => e.scrollWidth <= e.clientWidth")
    for cell in page.locator("#result_list td.field-customer_name").all():
        box, row = cell.bounding_box(), cell.locator("xpath=..").bounding_box()
        assert row["x"] <= box["x"] and box["x"] + box["width"] <= row["x"] + row["width"]
        assert cell.evaluate(TEXT_INSIDE)  # nothing cut off, on either side
    for status in page.locator("#result_list td.field-status_badge").all():
        box = status.bounding_box()
        assert box["x"] + box["width"] <= width


def test_a_comics_long_title_leaves_the_order_pages_amounts_in_view(new_page, staff_groups):
    """Outside probe DJ-5: an 80-letter word in a title pushed the Items panel's price and
    total out of the panel at 1280 px."""
    order = create_order(comics=[ComicFactory(title=f"Long {'x' * 80} title")])
    page = new_page(width=1280, height=900)
    staff_sign_in(page, staff_user(SUPPORT))

    page.goto(f"/admin/orders/order/{order.pk}/change/")

    items = page.get_by_role("region", name="Items")
    assert items.evaluate("e => e.scrollWidth <= e.clientWidth")
    assert items.locator("tbody td").first.evaluate(TEXT_INSIDE)


LONG_TITLE = (
    "The Complete Dreamlands Chronicles: Every Volume of the Saga Collected in One Beautiful "
    "Collector Edition for Night Readers"
)


@pytest.mark.parametrize("listed", ["promotions/bundle", "catalog/comic"])
def test_a_long_title_on_a_phone_shows_whole_beside_its_label(new_page, staff_groups, listed):
    """Outside probe HN-3: at 390 px a bundle's title of ordinary words was cut off at the
    top and bottom of its card's row, and its label squeezed to "it" / "l"."""
    ComicFactory(title=LONG_TITLE)
    with system_scope():
        Bundle.objects.create(title=LONG_TITLE, slug="chronicles", price_amount=1200)
    page = new_page(width=390, height=844)
    staff_sign_in(page, staff_user(superuser=True))

    page.goto(f"/admin/{listed}/")

    cell = (
        page.locator("#result_list tbody tr")
        .filter(has_text="Dreamlands")
        .locator("th.field-title, td.field-title")
    )
    assert cell.evaluate(TEXT_INSIDE)
    label = cell.evaluate("e => getComputedStyle(e, '::before').width")
    assert float(label.removesuffix("px")) >= 30  # "Title" on one line
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_staff_find_an_order_and_refund_part_of_it(
    shop, new_page, screenshot, staff_groups, job_writes
):
    number = bought_order(new_page())
    page = new_page(width=1440, height=1000)
    staff_sign_in(page, staff_user(SUPPORT, FINANCE))
    screenshot(page, "dashboard")

    page.goto("/admin/orders/order/?status=paid&status=fulfilled")
    search = page.locator("#searchbar")
    search.fill("dreamer@")
    search.press("Enter")
    expect(page.get_by_role("link", name=number)).to_be_visible()
    screenshot(page, "order-list")
    page.get_by_role("link", name=number).click()
    expect(page.locator("#state-diagram .node.current")).to_be_visible()
    screenshot(page, "order-page")

    page.locator("#refund-link").click()
    page.locator("#id_amount").fill("5.00")
    page.locator("#id_reason").fill("Page 12 was blank")
    page.locator("#preview-refund").click()
    expect(page.locator("#refund-preview")).to_contain_text("Left to refund afterwards: 7.00 EUR")
    screenshot(page, "refund-preview")
    page.locator("#confirm-refund").click()

    expect(page).to_have_url(re.compile(r"/admin/orders/order/\d+/change/$"))
    expect(page.locator("#refunds")).to_contain_text("5.00 EUR")
    screenshot(page, "order-after-refund")
    # The page shows the refund asked for; its job sends it to Stripe after the answer.
    refund = wait_until(
        lambda: _sent_to_stripe(number),
        timeout=steps.FULFILMENT_TIMEOUT_MS / 1000,
        what="the refund sent to Stripe",
        changes=job_writes,
    )
    assert refund.amount == 500
    assert refund.stripe_refund_id.startswith("re_")
