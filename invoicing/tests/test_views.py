import pytest
from django.core import mail
from django.urls import reverse

from invoicing.report import Quarter, vat_rows
from invoicing.services import debit_note_issue
from invoicing.tests.helpers import documents, pdf_text
from invoicing.tests.test_services import paid_order
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, UserFactory, create_order
from morpheus_testing.jobs import invoices_numbered, queued_jobs, run_queued_jobs
from orders import services as order_services
from orders.services import order_comp

pytestmark = pytest.mark.django_db


def test_the_customer_downloads_the_invoice_from_the_order_page(client):
    order = paid_order(499)
    (invoice,) = documents(order)
    client.force_login(order.customer)
    page = client.get(reverse("orders:detail", args=[order.number]))
    url = reverse("orders:document", args=[order.number, invoice.number])
    assert url in page.content.decode()

    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{invoice.number}.pdf"' in response["Content-Disposition"]
    assert f"Invoice {invoice.number}" in pdf_text(response.content)


def test_another_customers_invoice_is_not_found(client):
    order = paid_order(499)
    (invoice,) = documents(order)
    client.force_login(UserFactory())
    response = client.get(reverse("orders:document", args=[order.number, invoice.number]))
    assert response.status_code == 404


def test_the_payment_received_email_carries_the_invoice_pdf_once():
    order = paid_order(499)
    (invoice,) = documents(order)
    run_queued_jobs(names=["invoicing.tasks.send_document_email"])
    run_queued_jobs(names=["invoicing.tasks.send_document_email"])
    (message,) = [m for m in mail.outbox if m.subject.startswith("Payment received")]
    assert message.to == [order.email]
    ((name, content, mimetype),) = message.attachments
    assert (name, mimetype) == (f"{invoice.number}.pdf", "application/pdf")
    assert f"Invoice {invoice.number}" in pdf_text(content)
    assert invoice.number in message.body


@pytest.mark.django_db(transaction=True)
def test_a_free_checkouts_order_page_lists_its_invoice_for_nothing_to_pay(client):
    """Outside probe BJ-11: an order with nothing to pay (a free comic, a 100 % code) had no
    invoice, and the customer no receipt to download. It is not emailed as a payment."""
    customer = UserFactory()
    order = create_order(customer=customer, comics=[ComicFactory(title="Free One", price_amount=0)])
    client.force_login(customer)

    client.post(reverse("orders:complete_free", args=[order.number]))
    invoices_numbered()

    (invoice,) = documents(order)
    url = reverse("orders:document", args=[order.number, invoice.number])
    page = client.get(reverse("orders:detail", args=[order.number])).text
    assert f'<a href="{url}">Invoice {invoice.number}</a>' in page
    assert [(line["title"], line["gross"]) for line in invoice.lines] == [("Free One", 0)]
    assert "Total 0.00 EUR: nothing to pay" in pdf_text(client.get(url).content)
    assert queued_jobs(["invoicing.tasks.send_document_email"]) == []


def test_comics_staff_gave_have_no_invoice_they_were_no_sale(client):
    customer = UserFactory()
    with system_scope():
        order = order_comp(
            customer=customer, comics=[ComicFactory()], reason="Goodwill", actor="staff:sam"
        )
    client.force_login(customer)

    page = client.get(reverse("orders:detail", args=[order.number])).text

    assert documents(order) == []
    assert 'id="invoices"' not in page


def test_the_order_page_lists_the_debit_note_of_a_refund_that_did_not_reach_the_customer(client):
    """Outside probe BO-3: the page listed the credit note of a refund the customer's bank
    sent back, and nothing undoing it."""
    order = paid_order(499)
    with system_scope():
        order_services.order_record_refunded_amount(
            order=order, refunded_total=200, actor="test", reason="refund", refund_reference="re_x"
        )
        debit_note_issue(order_id=order.pk, amount=200, refunded_total=0, refund_reference="re_x")
    client.force_login(order.customer)
    page = client.get(reverse("orders:detail", args=[order.number])).content.decode()
    assert "Your credit note is being prepared" in page
    assert "Your debit note is being prepared" in page

    invoices_numbered()
    _, credit_note, debit_note = documents(order)
    page = client.get(reverse("orders:detail", args=[order.number])).content.decode()
    assert "being prepared" not in page

    assert (
        f"Debit note {debit_note.number}</a> · {debit_note.issued_at:%-d %b %Y} · €2.00 "
        f"(reverses {credit_note.number}: that refund did not reach you)"
    ) in page
    response = client.get(reverse("orders:document", args=[order.number, debit_note.number]))
    assert f"Debit note {debit_note.number}" in pdf_text(response.content)


def test_a_credit_note_of_an_invoice_waiting_for_its_number_waits_with_it(client):
    """Outside probes BU (BU-1, BU-2) and BV (BV-3): a refund recorded before the invoice's
    numbering job ran: its credit note was downloadable ("Credits invoice None"), the VAT
    report subtracted it from a quarter without the invoice, and it was dated before the
    invoice (in an earlier quarter or year at a period's end)."""
    order = paid_order(499, numbered=False)
    with system_scope():
        order_services.order_record_refunded_amount(
            order=order, refunded_total=200, actor="test", reason="partial"
        )
    client.force_login(order.customer)
    page = client.get(reverse("orders:detail", args=[order.number])).text

    assert [document.number for document in documents(order)] == [None, None]
    assert "Your invoice is being prepared" in page
    assert "Credit note" not in page
    with system_scope():
        assert vat_rows(Quarter.parse(None)) == []

    invoices_numbered()
    invoice, note = documents(order)
    assert note.issued_at >= invoice.issued_at
    download = reverse("orders:document", args=[order.number, note.number])
    assert f"Credits invoice {invoice.number}" in pdf_text(client.get(download).content)
    page = client.get(reverse("orders:detail", args=[order.number])).text
    assert "Your invoice is being prepared" not in page
    with system_scope():
        assert [row.net + row.tax for row in vat_rows(Quarter.parse(None))] == [299]
