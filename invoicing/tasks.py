from invoicing.models import DocumentKind, Invoice
from invoicing.pdf import document_pdf
from morpheus.db_context import system_scope
from morpheus.jobs import job
from notifications.models import EmailKind
from notifications.services import email_send_once

EMAIL_KINDS = {
    DocumentKind.INVOICE: EmailKind.PAYMENT_RECEIVED,
    DocumentKind.CREDIT_NOTE: EmailKind.CREDIT_NOTE,
}


@job(queue="emails")
def send_document_email(*, invoice_id: int, event_key: str) -> None:
    """The invoice ("payment received") or credit note, as a PDF attachment, once per key."""
    with system_scope():
        document = Invoice.objects.get(pk=invoice_id)
    email_send_once(
        order_id=document.order_id,
        kind=EMAIL_KINDS[DocumentKind(document.kind)],
        event_key=f"{document.number}-{event_key}",
        context=lambda order: {
            "document": document,
            "attachments": [(document.file_name, document_pdf(document), "application/pdf")],
        },
    )
