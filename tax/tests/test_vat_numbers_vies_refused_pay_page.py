"""The pay page and the order page of an order whose VAT number VIES refuses while the page
loads (outside probes CA, CA-2, and CC, CC-2): a page read the order before the refusal
committed and its VAT words after, showing the reverse-charged total, the refusal and "Pay
€3.73" together. Each page shows one state."""

import threading
from html import unescape

import pytest
from django.db import connection
from django.urls import reverse

from morpheus.db_context import system_scope
from morpheus_testing.jobs import run_task
from orders.models import Order
from orders.services import order_transition
from payments import selectors as payment_selectors
from tax.services import vies as tax_vies
from tax.tasks import check_vat_number
from tax.tests.test_vat_numbers import vies  # noqa: F401  (the stub VIES)
from tax.tests.test_vat_numbers_vies_refused import NUMBER, business_order

pytestmark = pytest.mark.django_db(transaction=True)
WAIT = 30
REFUSED = f"without VAT number {NUMBER}, which VIES did not confirm"


@pytest.mark.parametrize("page", ["orders:pay", "orders:detail"])
def test_a_refusal_committing_while_the_page_reads_the_order_shows_one_state(
    client,
    vies,  # noqa: F811
    monkeypatch,
    page,
):
    order = business_order()
    vies.answer = {"valid": False}
    repriced, page_read_the_order, committed = (threading.Event() for _ in range(3))
    reprice, latest = tax_vies._vies_refused_reprice, payment_selectors.payment_latest

    def reprice_then_commit_once_the_page_read_the_order(**kwargs):
        done = reprice(**kwargs)
        repriced.set()
        assert page_read_the_order.wait(WAIT)
        return done

    def payment_latest_after_the_commit(**kwargs):
        """A read of the page's after the order's: the refusal commits first."""
        page_read_the_order.set()
        assert committed.wait(WAIT)
        return latest(**kwargs)

    monkeypatch.setattr(
        tax_vies, "_vies_refused_reprice", reprice_then_commit_once_the_page_read_the_order
    )
    monkeypatch.setattr(payment_selectors, "payment_latest", payment_latest_after_the_commit)

    def refuse():
        try:
            run_task(check_vat_number, order_id=order.pk)
        finally:
            connection.close()
            committed.set()

    refusal = threading.Thread(target=refuse)
    refusal.start()
    assert repriced.wait(WAIT)
    client.force_login(order.customer)
    shown = unescape(client.get(reverse(page, args=[order.number])).content.decode())
    refusal.join(WAIT)

    assert REFUSED in shown
    assert "reverse charge" not in shown
    assert "€10.70" in shown and "€10.00" not in shown


def test_a_pay_page_being_drawn_holds_off_no_change_of_its_order(client, monkeypatch):
    """Outside probe CC (CC-1): a pay page that held its order `FOR SHARE` while drawn, reloaded
    in a loop, kept staff's cancel (and the VIES refusal, a payment's start) waiting."""
    order = business_order()
    started, canceled = threading.Event(), threading.Event()
    latest = payment_selectors.payment_latest

    def cancel():
        try:
            with system_scope():
                order_transition(
                    name="cancel",
                    order=Order.objects.get(pk=order.pk),
                    actor="staff:support",
                    reason="Asked to",
                )
            canceled.set()
        finally:
            connection.close()

    def payment_latest_once_canceled(**kwargs):
        """Midway through the page: a cancel made meanwhile does not wait for it."""
        if not started.is_set():
            started.set()
            canceling = threading.Thread(target=cancel)
            canceling.start()
            canceling.join(WAIT)
        return latest(**kwargs)

    monkeypatch.setattr(payment_selectors, "payment_latest", payment_latest_once_canceled)
    client.force_login(order.customer)
    response = client.get(reverse("orders:pay", args=[order.number]))
    monkeypatch.setattr(payment_selectors, "payment_latest", latest)

    assert canceled.is_set()
    assert response.status_code == 302  # drawn again: canceled, it goes to its confirmation
    assert response["Location"] == reverse("orders:confirmation", args=[order.number])
