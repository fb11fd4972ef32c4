import pytest
from django.core import mail
from django.urls import reverse

from invoicing.tests.helpers import documents, pdf_text
from invoicing.tests.test_services import paid_order
from morpheus_testing.jobs import run_queued_jobs

pytestmark = pytest.mark.django_db
SEND = ["invoicing.tasks.send_document_email"]


def test_finance_lists_and_downloads_invoices(finance_client):
    order = paid_order(499)
    (invoice,) = documents(order)
    listing = finance_client.get(reverse("admin:invoicing_invoice_changelist"))
    assert invoice.number in listing.content.decode()
    assert "4.99 EUR" in listing.content.decode()
    pdf = finance_client.get(reverse("admin:invoicing_invoice_pdf", args=[invoice.pk]))
    assert f"Invoice {invoice.number}" in pdf_text(pdf.content)


def test_support_emails_an_invoice_again(support_client):
    order = paid_order(499)
    (invoice,) = documents(order)
    run_queued_jobs(names=SEND)
    support_client.post(
        reverse("admin:invoicing_invoice_changelist"),
        {"action": "resend", "_selected_action": [invoice.pk]},
    )
    run_queued_jobs(names=SEND)
    sent = [m for m in mail.outbox if m.subject.startswith("Payment received")]
    assert len(sent) == 2
    assert sent[1].attachments[0][0] == f"{invoice.number}.pdf"


def test_the_resend_action_sent_twice_emails_each_document_once(support_client):
    """Found by an outside probe: a double click on "Run" emailed every document twice."""
    order = paid_order(499)
    (invoice,) = documents(order)
    run_queued_jobs(names=SEND)
    resend = {"action": "resend", "_selected_action": [invoice.pk]}
    changelist = reverse("admin:invoicing_invoice_changelist")

    support_client.post(changelist, resend)
    again = support_client.post(changelist, resend, follow=True)
    run_queued_jobs(names=SEND)

    sent = [m for m in mail.outbox if m.subject.startswith("Payment received")]
    assert len(sent) == 2  # the first email, and one again
    assert f"{invoice.number} was emailed again less than a minute ago" in again.content.decode()


def test_staff_without_the_group_cannot_see_invoices(plain_staff_client):
    paid_order(499)
    response = plain_staff_client.get(reverse("admin:invoicing_invoice_changelist"))
    assert response.status_code == 403
