"""The document emails: the invoice with its payment, a copy sent again by staff."""

import pytest
from django.core import mail

from accounts.privacy import account_erase, erasure_request
from invoicing.services import document_resend
from invoicing.tests.helpers import documents
from invoicing.tests.test_services import paid_order
from morpheus.db_context import system_scope
from morpheus_testing.jobs import queued_jobs, run_queued_jobs
from notifications.models import EmailDelivery, EmailKind

pytestmark = pytest.mark.django_db
SEND = ["invoicing.tasks.send_document_email"]


@pytest.mark.parametrize(
    ("copy", "kind"),
    [(False, EmailKind.PAYMENT_RECEIVED), (True, EmailKind.INVOICE_COPY)],
    ids=["with-the-payment", "copy-sent-again"],
)
def test_an_invoice_email_queued_before_the_customer_erased_their_account_is_not_sent(copy, kind):
    """Outside testers FT (FT-3): the job ran after the erasure and sent the invoice to the
    placeholder address (erased-N@erased.invalid)."""
    order = paid_order(499)
    (invoice,) = documents(order)
    if copy:
        run_queued_jobs(names=SEND)
        mail.outbox.clear()
        with system_scope():
            document_resend(invoice=invoice)
    assert len(queued_jobs(SEND)) == 1

    with system_scope():
        account_erase(erasure_id=erasure_request(user=order.customer).pk)
    run_queued_jobs(names=SEND)

    assert mail.outbox == []
    with system_scope():
        delivery = EmailDelivery.objects.get(order=order, kind=kind)
    assert (delivery.recipient, delivery.sent_at) == (
        f"erased-{order.customer_id}@erased.invalid",
        None,
    )
