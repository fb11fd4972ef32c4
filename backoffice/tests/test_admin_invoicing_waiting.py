"""The invoice list lists issued documents only, and says how many wait for their number."""

from datetime import timedelta

import time_machine
from django.urls import reverse

from backoffice.tests.test_order_page_documents import refunded
from invoicing.tests.helpers import documents
from invoicing.tests.test_services import paid_order

LIST = reverse("admin:invoicing_invoice_changelist")


def test_the_invoice_list_counts_the_documents_waiting_for_their_numbers(finance_client):
    numbered = paid_order(500)
    waiting = paid_order(1000, numbered=False), paid_order(700, numbered=False)
    refunded(numbered, 200)

    page = finance_client.get(LIST).content.decode()

    assert "2 invoices and 1 credit note are waiting for their numbers" in page
    assert all(order.number not in page for order in waiting)  # listed once numbered


def test_one_document_waiting_is_said_in_the_singular_and_calmly_for_a_moment(support_client):
    paid_order(1000, numbered=False)

    page = support_client.get(LIST).content.decode()

    assert "1 invoice is waiting for its number (the oldest since" in page
    assert '<p class="bo-muted mb-4" role="status" id="documents-waiting">' in page


def test_a_document_waiting_more_than_five_minutes_is_said_as_a_fault(support_client):
    """Outside probe BZ: the notice was red for a document a second old."""
    (invoice,) = documents(paid_order(1000, numbered=False))

    with time_machine.travel(invoice.issued_at + timedelta(minutes=6), tick=False):
        page = support_client.get(LIST).content.decode()

    assert '<p class="bo-errors mb-4" role="status" id="documents-waiting">' in page


def test_the_invoice_list_says_nothing_when_every_document_is_numbered(finance_client):
    paid_order(1000)

    page = finance_client.get(LIST).content.decode()

    assert 'id="documents-waiting"' not in page
