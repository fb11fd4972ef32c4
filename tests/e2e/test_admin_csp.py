"""The admin under its Content-Security-Policy in chromium: no violation, no console error."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from backoffice.staff_groups import FINANCE, SUPPORT
from morpheus_testing.admin_fixtures import staff_user
from morpheus_testing.factories import PaymentFactory, create_order
from orders.transitions import OrderStatus
from payments.models import PaymentStatus
from tests.e2e import steps

pytestmark = [pytest.mark.django_db(transaction=True)]

WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""


def watched(page: Page) -> list[str]:
    """Console errors and uncaught exceptions (the browser's own favicon request aside)."""
    errors: list[str] = []

    def console(message) -> None:
        url = message.location.get("url", "")
        if message.type == "error" and not url.endswith("/favicon.ico"):
            errors.append(f"{message.text} ({url})")

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(f"{error} ({page.url})\n{error.stack}"))
    page.add_init_script(WATCH_VIOLATIONS)
    return errors


def test_the_admin_renders_and_works_without_policy_violations(new_page, staff_groups):
    order = create_order(status=OrderStatus.PAID)
    # Paid by card: the refund screen has something to refund.
    PaymentFactory(order=order, status=PaymentStatus.SUCCEEDED, succeeded_at=timezone.now())
    page = new_page(width=1440, height=1000)
    errors = watched(page)

    page.goto("/admin/login/?next=/admin/")
    page.locator("#id_username").fill(staff_user(SUPPORT, FINANCE).username)
    page.locator("#id_password").fill(steps.PASSWORD)
    page.locator("#id_password").press("Enter")
    expect(page.locator("#dashboard")).to_be_visible()
    # Each page is left once loaded, as a reader would: one run in many logged a script
    # error, most likely from a page left while it was still loading.
    page.wait_for_load_state()
    violations = page.evaluate("window.__cspViolations")
    page.goto("/admin/orders/order/")
    expect(page.get_by_role("link", name=order.number)).to_be_visible()
    violations += page.evaluate("window.__cspViolations")
    page.get_by_role("link", name=order.number).click()
    expect(page.locator("#state-diagram .node.current")).to_be_visible()
    page.wait_for_load_state()
    page.locator("#status-actions summary").first.click()
    violations += page.evaluate("window.__cspViolations")
    page.goto(f"/admin/orders/order/{order.pk}/refund/")
    expect(page.locator("#refund-screen")).to_be_visible()
    violations += page.evaluate("window.__cspViolations")

    assert violations == []
    assert errors == []
