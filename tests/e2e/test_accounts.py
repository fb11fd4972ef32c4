"""Accounts as a customer's browser meets them: a forgotten password, the library."""

import re

import pytest
from django.core import mail
from django.template.loader import render_to_string
from playwright.sync_api import Page, expect

from delivery.tasks import fulfil_order
from morpheus_testing.factories import ComicAssetFactory, UserFactory, create_order
from morpheus_testing.jobs import background_worker
from morpheus_testing.waiting import CommittedWrites, wait_until
from orders.transitions import OrderStatus
from tests.e2e import steps

pytestmark = [pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "a-fresh-unusual-passphrase"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
MAIL_TIMEOUT_S = 20


def both_widths(page: Page, screenshot, name: str) -> None:
    page.set_viewport_size(DESKTOP)
    screenshot(page, name)
    page.set_viewport_size(PHONE)
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)


def emailed_path(subject: str, pattern: str, jobs: CommittedWrites) -> str:
    """The link of the first email with `subject`, once the worker has sent it."""

    def path_in_the_email() -> str | None:
        for message in mail.outbox:
            if subject in message.subject:
                return re.search(rf"http://[^/]+({pattern})", message.body).group(1)
        return None

    return wait_until(
        path_in_the_email, timeout=MAIL_TIMEOUT_S, what=f"email '{subject}'", changes=jobs
    )


def receipt_once_the_card_is_known(page: Page, jobs: CommittedWrites) -> str:
    """The order page's receipt, reloaded until the job has recorded the card that paid."""

    def receipt_naming_the_card() -> str | None:
        receipt = page.get_by_test_id("receipt").inner_text()
        return receipt if "ending in" in receipt else None

    def reloaded_receipt_naming_the_card() -> str | None:
        page.reload()
        return receipt_naming_the_card()

    return receipt_naming_the_card() or wait_until(
        reloaded_receipt_naming_the_card,
        timeout=MAIL_TIMEOUT_S,
        what="the receipt naming the card",
        changes=jobs,
    )


def test_a_forgotten_password_is_replaced_and_the_new_one_signs_in(
    live_server, new_page, screenshot, job_writes
):
    customer = UserFactory(email="dana.reader@morpheus.example")
    page = new_page()
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    both_widths(page, screenshot, "forgot-password")

    with background_worker():
        page.get_by_label("Email").fill(customer.email)
        page.get_by_role("button", name="Send me a link").click()
        expect(page.get_by_test_id("reset-sent")).to_be_visible()
        both_widths(page, screenshot, "reset-sent")
        link = emailed_path(
            "Reset your Morpheus password", r"/accounts/password/reset/\S+/", job_writes
        )
    page.goto(link)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    both_widths(page, screenshot, "choose-new-password")
    page.get_by_role("button", name="Save my new password").click()
    page.locator("main").get_by_role("link", name="Sign in").click()
    page.get_by_label("Username").fill(customer.username)
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_test_id("nav-account")).to_have_text(f"Signed in as {customer.username}")
    page.get_by_test_id("nav-account").click()
    both_widths(page, screenshot, "account")
    page.set_viewport_size(PHONE)
    assert lines_of_text(page.get_by_test_id("account-email")) == 1


def lines_of_text(element) -> int:
    """How many lines the element's first text (an address, say) is laid out on."""
    return element.evaluate(
        """element => {
            const range = document.createRange();
            range.selectNodeContents(element.firstChild);
            return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size;
        }"""
    )


def test_the_library_downloads_a_comic_whose_emailed_link_is_used_up(
    live_server, new_page, screenshot, settings, job_writes
):
    settings.DOWNLOAD_LINK_MAX_DOWNLOADS = 1
    customer = UserFactory()
    content = b"%PDF-1.4 Lucid\n" * 60
    asset = ComicAssetFactory(comic__title="Lucid", content=content)
    order = create_order(customer=customer, comics=[asset.comic], status=OrderStatus.PAID)
    fulfil_order(order_id=order.pk)
    page = new_page()
    emailed = emailed_path("is ready", r"/downloads/[A-Za-z0-9_-]{43}/", job_writes)
    first = page.request.get(emailed)

    used_up = page.request.get(emailed)
    steps.sign_in(page, customer)
    page.get_by_test_id("nav-library").click()
    both_widths(page, screenshot, "library")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download Lucid (PDF)").click()
    page.goto(f"/orders/{order.number}/")
    both_widths(page, screenshot, "order")
    page.goto("/orders/")
    both_widths(page, screenshot, "my-orders")

    assert first.body() == content
    assert used_up.status == 403
    assert download.value.path().read_bytes() == content


def test_a_guest_buys_downloads_and_later_finds_the_order_in_a_new_account(
    shop, new_page, screenshot, job_writes
):
    content = b"%PDF-1.4 Echo\n" * 60
    comic = ComicAssetFactory(comic__title="Echo", content=content).comic
    page = new_page()
    steps.add_to_cart(page, comic)
    both_widths(page, screenshot, "cart-as-a-visitor")
    page.get_by_label("Your email").fill("guest@example.com")
    page.get_by_role("button", name="Buy as a guest").click()
    number = page.url.rstrip("/").split("/")[-2]
    steps.pay_with(page, steps.VISA)
    steps.expect_fulfilled(page, number)
    page.get_by_role("link", name="Go to your library").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download Echo (PDF)").click()
    downloaded = download.value.path().read_bytes()
    linked = new_page()
    linked.goto(emailed_path("Payment received", r"/accounts/guest/order/\S+/", job_writes))
    receipt = receipt_once_the_card_is_known(linked, job_writes)
    both_widths(linked, screenshot, "order-from-the-emailed-link")

    reader = new_page()
    reader.goto("/accounts/signup/")
    reader.get_by_label("Username").fill("echo-reader")
    reader.get_by_label("Email").fill("guest@example.com")
    reader.locator("#id_password1").fill(NEW_PASSWORD)
    reader.locator("#id_password2").fill(NEW_PASSWORD)
    reader.get_by_role("button", name="Sign up").click()
    reader.goto(emailed_path("Confirm your email", r"/accounts/email/verify/\S+/", job_writes))
    reader.get_by_role("button", name="Confirm guest@example.com").click()
    expect(reader.get_by_text("Thank you: guest@example.com is confirmed.")).to_be_visible()
    reader.goto("/orders/")

    assert downloaded == content
    assert number in linked.url and "Visa ending in 4242" in receipt
    expect(reader.get_by_role("link", name=number)).to_be_visible()
    both_widths(reader, screenshot, "orders-after-claim")


def test_a_guest_who_shops_on_after_paying_finds_the_cart_in_the_account_they_sign_up_for(
    shop, new_page, screenshot
):
    """Found by an outside probe (BF-4): the cart was empty after signing up."""
    bought = ComicAssetFactory(comic__title="Paper Moons").comic
    wanted = ComicAssetFactory(comic__title="Ghost in the Margins").comic
    page = new_page()
    steps.add_to_cart(page, bought)
    page.get_by_label("Your email").fill("frank@example.com")
    page.get_by_role("button", name="Buy as a guest").click()
    number = page.url.rstrip("/").split("/")[-2]
    steps.pay_with(page, steps.VISA)
    steps.expect_fulfilled(page, number)
    steps.add_to_cart(page, wanted)

    page.get_by_test_id("nav-account").click()  # "Guest: frank@example.com"
    page.get_by_label("Username").fill("frank")
    page.get_by_label("Email").fill("frank@example.com")
    page.locator("#id_password1").fill(NEW_PASSWORD)
    page.locator("#id_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.get_by_test_id("nav-cart").click()

    expect(page.get_by_test_id("nav-account")).to_have_text("Signed in as frank")
    expect(page.get_by_role("button", name="Remove Ghost in the Margins")).to_be_visible()
    expect(page.get_by_role("button", name="Checkout")).to_be_visible()
    both_widths(page, screenshot, "cart-a-guest-filled-after-sign-up")


def test_a_form_left_open_while_signing_in_elsewhere_says_to_try_again(new_page, screenshot):
    comic = ComicAssetFactory(comic__title="Stale Tab").comic
    customer = UserFactory()
    cart_tab = new_page()
    cart_tab.goto(f"/comics/{comic.slug}/")
    cart_tab.get_by_role("button", name="Add to cart").click()
    other_tab = cart_tab.context.new_page()
    steps.sign_in(other_tab, customer)  # a new session: the cart tab's form is now stale
    expect(other_tab.get_by_test_id("nav-account")).to_be_visible()

    cart_tab.get_by_role("button", name=f"Remove {comic.title}").click()

    expect(cart_tab.get_by_role("heading", name="Please try again")).to_be_visible()
    expect(cart_tab.get_by_test_id("nav-account")).to_have_text(f"Signed in as {customer.username}")
    both_widths(cart_tab, screenshot, "stale-form")


def test_a_long_name_and_address_never_widen_the_customers_pages(new_page):
    """Found by an outside probe: the header's "Signed in as" and the account page's
    notices did not wrap a long name or address, and the pages scrolled sideways (at 390 px
    from 31 letters on; the longest name sign-up takes, 150, widened them at 1280 too)."""
    width = PHONE["width"]
    customer = UserFactory(
        username="k" * 150, email=f"{'w' * 40}@example.com", email_verified=False
    )
    page = new_page(**PHONE)
    steps.sign_in(page, customer)
    page.goto("/accounts/email/")
    page.get_by_label("New email address").fill(f"{'n' * 60}@example.com")
    page.get_by_label("Your password").fill(steps.PASSWORD)
    page.get_by_role("button", name=re.compile("Send")).click()

    for path in ("/", "/accounts/", "/accounts/email/", "/api/account/tokens/"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    # Found by an outside probe: the account emails' "Hello <name>" widened them to 2,450 px.
    for email in ("verify_email", "password_reset", "password_changed"):
        context = {"user": customer, "url": "https://example.com/a-link/", "protocol": "https"}
        page.set_content(render_to_string(f"accounts/email/{email}.html", context))
        assert page.evaluate("document.documentElement.scrollWidth") <= width, email


def test_a_revoked_tokens_date_is_read_whole_on_a_phone(new_page):
    """Outside probe CX-3: at 390 px "Revoked 6 Dec 2026, 03:57 UTC" was cut at the
    screen's edge ("Revoked 6 I…")."""
    customer = UserFactory()
    page = new_page(**PHONE)
    steps.sign_in(page, customer)
    page.goto("/api/account/tokens/")
    page.get_by_label("Name").fill("My reading app")
    page.get_by_role("button", name="Create token").click()
    page.get_by_role("button", name="Revoke My reading app").click()

    revoked = page.locator(".token-state")
    expect(revoked).to_contain_text(re.compile(r"Revoked \d+ \w+ \d{4}, \d\d:\d\d UTC"))
    box = revoked.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate(
        "[...document.querySelectorAll('.token-state')].every(c => c.scrollWidth <= c.clientWidth)"
    )


def test_a_long_token_name_leaves_the_tokens_prefix_on_one_line(new_page):
    """Outside probe CY-4: at 1280 px a 100-letter name left the prefix one letter a line."""
    customer = UserFactory()
    page = new_page()
    steps.sign_in(page, customer)
    page.goto("/api/account/tokens/")
    page.get_by_label("Name").fill("n" * 100)
    page.get_by_role("button", name="Create token").click()

    prefix = page.locator(".token-prefix code")
    expect(prefix).to_be_visible()
    line = float(prefix.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 24"))
    assert prefix.bounding_box()["height"] < 1.5 * line
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


# How many lines an element's text is set on.
LINES_OF_TEXT = (
    "e => { const r = document.createRange(); r.selectNodeContents(e); "
    "return r.getClientRects().length; }"
)


def test_tokens_with_long_and_short_names_fit_the_panel_at_1280_px(new_page):
    """Outside probe DE-2: with a 100-letter name, "twice" was set a letter a line, and the
    table ran past its panel, the Revoke buttons cut off."""
    customer = UserFactory()
    page = new_page()
    steps.sign_in(page, customer)
    for name in ("x" * 100, "my reader app on the tablet in the living room", "twice"):
        page.goto("/api/account/tokens/")
        page.get_by_label("Name").fill(name)
        page.get_by_role("button", name="Create token").click()
        expect(page.get_by_test_id("token-secret")).to_be_visible()
    page.goto("/api/account/tokens/")
    page.get_by_role("button", name=re.compile("Revoke my reader app")).click()
    expect(page.locator("tr.token-revoked")).to_be_visible()

    short = page.locator("td.token-name", has_text=re.compile("^twice$"))
    assert short.evaluate(LINES_OF_TEXT) == 1
    scroller = page.locator(".table-scroll")
    assert scroller.evaluate("e => e.scrollWidth <= e.clientWidth")
    panel = scroller.bounding_box()
    for button in page.get_by_role("button", name=re.compile("^Revoke")).all():
        box = button.bounding_box()
        assert box["x"] + box["width"] <= panel["x"] + panel["width"]
