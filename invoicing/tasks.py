from invoicing.models import DocumentKind, Invoice
from invoicing.pdf import document_pdf
from morpheus.db_context import system_scope
from morpheus.jobs import job
from notifications.models import EmailKind
from notifications.services import email_send_once
from payments.models import PaymentStatus
from payments.selectors import payment_card_label
from payments.services import payment_card_record

EMAIL_KINDS = {
    DocumentKind.INVOICE: EmailKind.PAYMENT_RECEIVED,
    DocumentKind.CREDIT_NOTE: EmailKind.CREDIT_NOTE,
}


@job(queue="emails")
def send_document_email(*, invoice_id: int, event_key: str) -> None:
    """The invoice ("payment received") or credit note, as a PDF attachment, once per key."""
    with system_scope():
        document = Invoice.objects.get(pk=invoice_id)
    paid_with = _paid_with(document) if document.kind == DocumentKind.INVOICE else ""
    email_send_once(
        order_id=document.order_id,
        kind=EMAIL_KINDS[DocumentKind(document.kind)],
        event_key=f"{document.number}-{event_key}",
        context=lambda order: {
            "document": document,
            "paid_with": paid_with,
            "attachments": [(document.file_name, document_pdf(document), "application/pdf")],
        },
    )


def _paid_with(invoice: Invoice) -> str:
    """The card the receipt names; asked from Stripe here when the job that records it after
    the payment has not run yet (the two jobs run side by side)."""
    with system_scope():
        paid = invoice.order.payments.filter(status=PaymentStatus.SUCCEEDED, card_last4="")
        unknown = list(paid.values_list("pk", flat=True))
    for payment_id in unknown:
        payment_card_record(payment_id=payment_id)
    with system_scope():
        return payment_card_label(order=invoice.order)
