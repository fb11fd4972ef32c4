"""The pay page of an order whose VAT number VIES refuses while the page loads (outside probe
CA, CA-2): it read the order before the refusal committed and its VAT words after, showing the
reverse-charged total, the refusal and "Pay €3.73" together. It shows one state."""

import threading

import pytest
from django.db import connection

from morpheus_testing.jobs import run_task
from morpheus_testing.waiting import wait_until
from payments import selectors as payment_selectors
from tax import services as tax_services
from tax.tasks import check_vat_number
from tax.tests.test_vat_numbers import vies  # noqa: F401  (the stub VIES)
from tax.tests.test_vat_numbers_vies_refused import PAY_PAGE_SAYS, business_order, pay_page

pytestmark = pytest.mark.django_db(transaction=True)
WAIT = 30


def another_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE NOT granted AND pid <> pg_backend_pid())"
        )
        return cursor.fetchone()[0]


def test_a_refusal_committing_while_the_pay_page_reads_the_order_shows_one_state(
    client,
    vies,  # noqa: F811
    monkeypatch,
):
    order = business_order()
    vies.answer = {"valid": False}
    repriced, page_read_the_order, committed = (threading.Event() for _ in range(3))
    reprice, latest = tax_services._vies_refused_reprice, payment_selectors.payment_latest

    def reprice_then_commit_once_the_page_is_under_way(**kwargs):
        """The refusal's transaction, the order locked and repriced, commits once the page
        has read the order, or waits for this transaction's lock."""
        done = reprice(**kwargs)
        repriced.set()
        wait_until(
            lambda: page_read_the_order.is_set() or another_waits_for_a_lock(),
            timeout=WAIT,
            what="the pay page reading the order",
        )
        return done

    def payment_latest_after_the_commit(**kwargs):
        """The pay page's first read after the order's."""
        page_read_the_order.set()
        assert committed.wait(WAIT)
        return latest(**kwargs)

    monkeypatch.setattr(
        tax_services, "_vies_refused_reprice", reprice_then_commit_once_the_page_is_under_way
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
    page = pay_page(client, order)
    refusal.join(WAIT)

    assert PAY_PAGE_SAYS in page
    assert "reverse charge" not in page
    assert 'data-total="1070"' in page
