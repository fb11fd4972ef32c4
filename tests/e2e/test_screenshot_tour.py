"""The screenshot tour of the storefront, the account pages and every customer email, at
1280 and 390 px, with axe-core's check on each, and with `make screens` a picture of each in
test-artifacts/screens/ (see morpheus_testing/screens.py). One live server and one purchase
serve every page."""

import re
from types import SimpleNamespace

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from morpheus.db_context import system_scope
from morpheus_testing.factories import UserFactory
from morpheus_testing.screens import blocking_violations
from morpheus_testing.waiting import CommittedWrites, wait_until
from notifications.emails import compose
from notifications.models import EmailKind
from notifications.tasks import send_order_email
from orders.models import Order
from promotions.models import Bundle
from tests.e2e import steps

pytestmark = [pytest.mark.django_db(transaction=True)]

MAIL_TIMEOUT_S = 20


def emails_with(jobs: CommittedWrites, *subjects: str) -> dict[str, object]:
    """The first email whose subject contains each of `subjects`, once all have been sent."""

    def all_found() -> dict[str, object] | None:
        found = {
            subject: next((m for m in mail.outbox if subject in m.subject), None)
            for subject in subjects
        }
        return found if all(found.values()) else None

    return wait_until(all_found, timeout=MAIL_TIMEOUT_S, what=f"emails {subjects}", changes=jobs)


def link_in(message, pattern: str) -> str:
    return re.search(rf"http://[^/\s]+({pattern})", message.body).group(1)


def bundle_of(comics, price: int) -> Bundle:
    with system_scope():
        bundle = Bundle.objects.create(
            title="The Dreamlands Trilogy",
            slug="dreamlands",
            description="The first three dreams, one price.",
            price_amount=price,
        )
        bundle.comics.set(comics)
    return bundle


def test_every_storefront_page_and_email_passes_axe_at_both_widths(
    shop, new_page, tour, settings, throttle_rates, job_writes
):
    settings.PAYMENT_FAILED_EMAIL_DELAY_SECONDS = 0
    settings.ORDER_RECEIVED_EMAIL_DELAY_SECONDS = 0
    atlas, _ = steps.comic_with_file("The Sleepwalker's Atlas", 499)
    echo, _ = steps.comic_with_file("Echo of Tides", 650)
    third, _ = steps.comic_with_file("Night Ferry", 399)
    free, _ = steps.comic_with_file("Dream Diary: Free Sample", 0)
    bundle = bundle_of([atlas, echo, third], 1299)
    customer = UserFactory(username="alice", email="alice@example.com")
    page = new_page()

    tour.visit(page, "/", "storefront-catalog")
    tour.visit(page, f"/comics/{atlas.slug}/", "storefront-comic")
    tour.visit(page, f"/bundles/{bundle.slug}/", "storefront-bundle")
    steps.add_to_cart(page, atlas)
    tour.capture(page, "storefront-cart-visitor")
    tour.visit(page, "/accounts/signup/", "account-sign-up")
    tour.visit(page, "/accounts/login/", "account-sign-in")

    steps.sign_in(page, customer)
    tour.capture(page, "storefront-signed-in")
    tour.visit(page, f"/bundles/{bundle.slug}/", "storefront-bundle-signed-in")
    steps.add_to_cart(page, echo)
    tour.capture(page, "storefront-cart")
    number = steps.checkout(page)
    tour.capture(page, "storefront-pay")
    tour.visit(page, f"/orders/{number}/", "storefront-order-unpaid")
    page.get_by_text("Cancel this order").click()
    tour.capture(page, "storefront-order-cancel")
    page.goto(f"/orders/{number}/pay/")
    steps.pay_with(page, steps.DECLINED_ON_CHARGE)
    expect(page.get_by_test_id("payment-error")).to_contain_text("declined")
    tour.capture(page, "storefront-pay-declined")
    steps.pay_with(page, steps.VISA)
    steps.expect_fulfilled(page, number)
    tour.capture(page, "storefront-confirmation")
    tour.visit(page, "/downloads/library/", "storefront-library")
    tour.visit(page, "/orders/", "storefront-order-list")
    tour.visit(page, f"/orders/{number}/", "storefront-order")

    tour.visit(page, "/accounts/", "account-page")
    tour.visit(page, "/accounts/password/change/", "account-password-change")
    tour.visit(page, "/accounts/email/", "account-email-change")
    page.get_by_label("New email address").fill("alice.new@example.com")
    page.get_by_label("Your password").fill("correct-horse-battery")
    page.get_by_role("button", name="Send the link").click()
    tour.visit(page, "/account/emails/", "account-email-preferences")
    tour.visit(page, "/api/account/tokens/", "account-api-tokens")
    page.get_by_label("Name").fill("My reading app")
    page.get_by_role("button", name="Create token").click()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy").click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    tour.capture(page, "account-api-token-created")
    page.set_viewport_size({"width": 390, "height": 844})
    revoke = page.get_by_role("button", name="Revoke My reading app").bounding_box()
    assert revoke["x"] + revoke["width"] <= 390  # a phone shows it (an outside probe's catch)
    page.set_viewport_size({"width": 1280, "height": 900})
    copied = page.evaluate("navigator.clipboard.readText()")
    secret = page.get_by_test_id("token-secret").text_content()
    tour.visit(page, "/accounts/privacy/erase/", "account-erase")

    visitor = new_page()
    tour.visit(visitor, "/accounts/password/reset/", "account-password-forgotten")
    visitor.get_by_label("Email").fill(customer.email)
    visitor.get_by_role("button", name="Send me a link").click()
    expect(visitor.get_by_test_id("reset-sent")).to_be_visible()
    tour.capture(visitor, "account-password-reset-sent")
    reset = emails_with(job_writes, "Reset your Morpheus password")["Reset your Morpheus password"]
    tour.visit(visitor, link_in(reset, r"/accounts/password/reset/\S+/"), "account-password-choose")

    guest = new_page()
    steps.add_to_cart(guest, free)
    guest.get_by_label("Your email").fill("guest@example.com")
    guest.get_by_role("button", name="Buy as a guest").click()
    expect(guest.get_by_role("button", name="Get it for free")).to_be_visible()
    tour.capture(guest, "storefront-guest-pay-free")
    guest.get_by_role("button", name="Get it for free").click()
    guest_number = guest.url.rstrip("/").split("/")[-2]
    steps.expect_fulfilled(guest, guest_number)
    ready = f"Your comic from order {guest_number} is ready"
    guest_order = link_in(emails_with(job_writes, ready)[ready], r"/accounts/guest/\S+/")
    other_guest = new_page()
    tour.visit(other_guest, guest_order, "storefront-guest-order")

    throttle_rates("guest_checkout_ip", 0)
    late_guest = new_page()
    steps.add_to_cart(late_guest, free)
    late_guest.get_by_label("Your email").fill("late-guest@example.com")
    late_guest.get_by_role("button", name="Buy as a guest").click()
    expect(late_guest.get_by_test_id("throttled")).to_contain_text("Too many guest checkouts")
    expect(late_guest.get_by_test_id("sign-in-instead")).to_be_visible()
    tour.capture(late_guest, "storefront-guest-checkout-429")

    throttle_rates("signin_ip", 0)
    visitor.goto("/accounts/login/")
    visitor.get_by_label("Username").fill(customer.username)
    visitor.get_by_label("Password").fill("not-my-password")
    visitor.get_by_role("button", name="Sign in").click()
    expect(visitor.get_by_role("heading", name="Too many requests")).to_be_visible()
    tour.capture(visitor, "storefront-429")

    with system_scope():
        order = Order.objects.get(number=number)
    send_order_email(order_id=order.pk, kind=EmailKind.REFUND_ISSUED, event_key="tour", amount=200)
    send_order_email(
        order_id=order.pk,
        kind=EmailKind.LINKS_SUSPENDED,
        event_key="tour",
        reason="The links were used from 5 networks within an hour.",
    )
    sent = emails_with(
        job_writes,
        "We received your order",
        "did not go through",
        f"order {number} are ready",
        "Payment received",
        "Refund for order",
        "are paused",
        "Confirm your email",
        "Reset your Morpheus password",
    )
    for subject, name in [
        ("We received your order", "order-received"),
        ("did not go through", "payment-failed"),
        (f"order {number} are ready", "downloads-ready"),
        ("Payment received", "payment-received"),
        ("Refund for order", "refund-issued"),
        ("are paused", "links-suspended"),
        ("Confirm your email", "verify-email"),
        ("Reset your Morpheus password", "password-reset"),
    ]:
        tour.capture_email(page, sent[subject], f"email-{name}")
    for kind, name, context in unsent_email_contexts(number):
        with system_scope():
            message = compose(kind=kind, order=Order.objects.get(number=number), **context)
        tour.capture_email(page, message, f"email-{name}")

    assert copied == secret
    assert not tour.violations, "\n".join(tour.violations)


def unsent_email_contexts(number: str):
    """Emails the tour's purchase does not cause, composed for its order as their jobs do."""
    library = "http://127.0.0.1:8000/downloads/library/"
    links = [{"title": "The Sleepwalker's Atlas (PDF)", "url": library, "expires_at": None}]
    issued_at = timezone.now()
    credited = SimpleNamespace(
        number="INV-2026-000001", issued_at=issued_at, total_amount=499, currency="EUR"
    )
    document = SimpleNamespace(
        number="CN-2026-000001",
        issued_at=issued_at,
        total_amount=200,
        currency="EUR",
        credited_invoice=credited,
    )
    return [
        (
            EmailKind.FILE_UPDATED,
            "file-updated",
            {
                "links": links,
                "updated_title": "The Sleepwalker's Atlas",
                "version": 2,
                "preferences_url": "http://127.0.0.1:8000/account/emails/",
            },
        ),
        (EmailKind.CREDIT_NOTE, "credit-note", {"document": document}),
        (EmailKind.CHARGE_REFUNDED, "charge-refunded", {"amount": 499}),
        (
            EmailKind.INVOICE_COPY,
            "invoice-copy",
            {"document": credited, "credit_notes": [document], "refunded": 200},
        ),
    ]


def test_the_accessibility_check_reports_serious_violations(browser):
    page = browser.new_page()
    page.set_content('<html><body><img src="cover.png"><input type="text"></body></html>')

    violations = blocking_violations(page)
    page.close()

    rules = {line.split(" ")[0] for line in violations}
    assert rules == {"document-title", "html-has-lang", "image-alt", "label"}
