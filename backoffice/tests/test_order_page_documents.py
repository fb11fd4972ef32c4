"""The order page lists the order's invoice and notes, and where each stands."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from backoffice.tests.test_order_page import page_html
from invoicing.tests.helpers import documents
from invoicing.tests.test_services import YEAR, paid_order
from invoicing.tests.test_services_untrusted_rows import forged_credit_note
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, UserFactory, create_order
from morpheus_testing.jobs import invoices_numbered
from orders import services as order_services
from orders.transitions import OrderStatus


def section(html: str) -> str:
    start = html.index('id="documents"')
    return html[start : html.index("</section>", start)]


def refunded(order, total: int) -> None:
    with system_scope():
        order_services.order_record_refunded_amount(
            order=order, refunded_total=total, actor="test", reason="refund"
        )


def test_finance_see_the_invoice_and_its_credit_note_with_their_pdfs(finance_client):
    order = paid_order(1000)
    refunded(order, 250)
    invoices_numbered()
    invoice, note = documents(order)

    shown = section(page_html(finance_client, order))

    assert "Invoice and notes (2)" in shown
    assert f">INV-{YEAR}-000001</a>" in shown and f">CN-{YEAR}-000001</a>" in shown
    assert f"credits INV-{YEAR}-000001" in re.sub(r"<[^>]+>", "", shown)
    assert "10.00 EUR" in shown and "2.50 EUR" in shown
    for document in (invoice, note):
        pdf_url = reverse("admin:invoicing_invoice_pdf", args=[document.pk])
        assert f'href="{pdf_url}"' in shown
        response = finance_client.get(pdf_url)
        assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")


def test_a_document_waiting_for_its_number_says_since_when_and_offers_no_pdf(support_client):
    order = paid_order(1000, numbered=False)

    shown = section(page_html(support_client, order))

    assert "Waiting for its number since" in shown
    assert "check that the job worker runs" not in shown
    assert "invoicing/invoice/" not in shown  # no link to a page or PDF it does not have yet


def test_a_document_waiting_more_than_five_minutes_points_at_the_job_worker(support_client):
    order = paid_order(1000, numbered=False)
    (invoice,) = documents(order)

    with time_machine.travel(invoice.issued_at + timedelta(minutes=6), tick=False):
        shown = section(page_html(support_client, order))

    assert "check that the job worker runs (Jobs)" in shown
    assert 'class="bo-bad"' in shown


def test_a_row_the_shop_did_not_write_is_shown_as_never_numbered(finance_client):
    order = paid_order(1000)
    (invoice,) = documents(order)
    forged_credit_note(invoice, series="ZZZ", issued_at=invoice.issued_at)
    invoices_numbered()

    shown = section(page_html(finance_client, order))

    assert "Invoice and notes (2)" in shown
    assert "Never numbered: its series, ZZZ, is not its kind&#x27;s (CN)" in shown


def test_a_credit_note_no_refund_backs_is_shown_as_never_numbered(finance_client):
    order = paid_order(1000)
    (invoice,) = documents(order)
    forged_credit_note(invoice, series="CN", issued_at=invoice.issued_at)
    invoices_numbered()

    shown = section(page_html(finance_client, order))

    assert "Never numbered: no refund of its order backs it" in shown


@pytest.mark.parametrize("paid", [False, True], ids=["unpaid", "paid-before-invoicing"])
def test_an_order_without_an_invoice_says_why(finance_client, paid):
    order = create_order(status=OrderStatus.PENDING)
    if paid:
        with system_scope():
            type(order).objects.filter(pk=order.pk).update(paid_at=order.created_at)
        order.refresh_from_db()

    shown = section(page_html(finance_client, order))

    expected = "was paid before invoicing began" if paid else "the order is not paid"
    assert expected in shown


def test_staff_who_may_not_see_invoices_see_no_documents(plain_staff_client):
    order = paid_order(1000)

    assert 'id="documents"' not in page_html(plain_staff_client, order)


def test_a_comp_says_a_gift_has_no_invoice(finance_client):
    """Outside probe BZ (BZ-5): it said the order was paid before invoicing began."""
    with system_scope():
        comp = order_services.order_comp(
            customer=UserFactory(), comics=[ComicFactory()], reason="Contest", actor="staff:t"
        )

    shown = section(page_html(finance_client, comp))

    assert "No invoice: staff gave these comics, and a gift sells nothing." in shown
