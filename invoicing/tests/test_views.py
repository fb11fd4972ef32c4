import pytest
from django.core import mail
from django.urls import reverse

from invoicing.tests.helpers import documents, pdf_text
from invoicing.tests.test_services import paid_order
from morpheus_testing.factories import UserFactory
from morpheus_testing.jobs import run_queued_jobs

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
