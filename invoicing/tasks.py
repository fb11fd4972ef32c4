import logging

from django.conf import settings
from django.db.models import Q
from procrastinate.contrib.django import app

from invoicing.ecb import ecb_rates_file
from invoicing.euro_rates import (
    documents_stating_other_rates,
    euro_rates_load_ecb,
    other_rates_kept_words,
)
from invoicing.models import DocumentKind, Invoice
from invoicing.pdf import document_pdf
from morpheus.db_context import system_scope
from morpheus.jobs import job
from notifications.models import EmailKind
from notifications.services import email_send_once
from payments.models import PaymentStatus
from payments.selectors import payment_card_label
from payments.services import payment_card_record
from tax.selectors import orders_held

logger = logging.getLogger(__name__)

EMAIL_KINDS = {
    DocumentKind.INVOICE: EmailKind.PAYMENT_RECEIVED,
    DocumentKind.CREDIT_NOTE: EmailKind.CREDIT_NOTE,
    DocumentKind.DEBIT_NOTE: EmailKind.DEBIT_NOTE,
}
# Sent again by staff: an invoice as a copy, not as a payment just received.
COPY_KINDS = {**EMAIL_KINDS, DocumentKind.INVOICE: EmailKind.INVOICE_COPY}


@job(queue="default")
def number_invoices() -> None:
    """Deferred by each document issued: numbers it, and any other document waiting."""
    from invoicing.services import invoices_number

    invoices_number()


@app.periodic(cron="*/5 * * * *", periodic_id="number_waiting_invoices")
@job(queue="maintenance", queueing_lock="number_waiting_invoices")
def number_waiting_invoices(*, timestamp: int) -> None:
    """Every five minutes: numbers what a numbering job that failed for good left waiting."""
    from invoicing.services import invoices_left_waiting_number

    invoices_left_waiting_number()


# After the ECB publishes (about 16:00 in Frankfurt: 14:00 or 15:00 UTC) on working days;
# again two hours later, should the first find the day's file not yet out or the ECB down.
@app.periodic(cron="20 15,17 * * 1-5", periodic_id="load_ecb_rates")
@job(queue="maintenance", queueing_lock="load_ecb_rates")
def load_ecb_rates(*, timestamp: int) -> None:
    """The ECB's rates of the day, recorded as Finance would load its file."""
    if not settings.ECB_RATES_URL:
        return
    recorded = euro_rates_load_ecb(text=ecb_rates_file())
    logger.info("recorded %s ECB euro rates", len(recorded))
    if words := other_rates_kept_words(documents_stating_other_rates(rates=recorded)):
        logger.warning("%s", words)


@job(queue="emails")
def send_document_email(*, invoice_id: int, event_key: str, copy: bool = False) -> None:
    """The invoice ("payment received") or credit note, as a PDF attachment, once per key.
    `copy`: staff send it again; an invoice's copy names the credit notes issued since, the
    debit notes reversing those of refunds that did not reach the customer, and the refunds
    still waiting for Stripe, which have no credit note yet. A document still waiting for its
    number (or the invoice it credits, or a note an invoice's copy names) is numbered first:
    this job may run before `number_invoices`."""
    from invoicing.services import invoices_number

    with system_scope():
        document = Invoice.objects.get(pk=invoice_id)
        # The document, the invoice it credits, or a note an invoice's copy names.
        waiting = Invoice.objects.filter(
            Q(pk=document.pk) | Q(pk=document.credited_invoice_id) | Q(credited_invoice=document),
            sequence__isnull=True,
        ).exists()
    if waiting:
        invoices_number()
        with system_scope():
            document = Invoice.objects.get(pk=invoice_id)
        if document.number is None:
            # Left waiting by the numbering (invoicing 0014): the dashboard counts it.
            raise RuntimeError(f"document {invoice_id} is still waiting for its number")
    kind = (COPY_KINDS if copy else EMAIL_KINDS)[DocumentKind(document.kind)]
    paid_with = _paid_with(document) if kind is EmailKind.PAYMENT_RECEIVED else ""
    # A payment received while the order is held for its VAT evidence (the card's country
    # is learnt before the charge) delivers nothing yet: the email says so, as the order's
    # pages do (outside probe GB-1: it read as if the comics were in the library).
    held_words = ""
    if kind is EmailKind.PAYMENT_RECEIVED:
        with system_scope():
            held_words = orders_held(order_ids=[document.order_id]).get(document.order_id, "")

    def context(order) -> dict:
        credit_notes = list(
            document.credit_notes.in_own_series().select_related("reversed_note").order_by("pk")
        )
        return {
            "document": document,
            "paid_with": paid_with,
            "held_words": held_words,
            "credit_notes": credit_notes,
            "debit_notes": any(note.is_debit_note for note in credit_notes),
            # A debit note's negative total takes back the refund whose credit note it reverses.
            "refunded": sum(note.total_amount for note in credit_notes),
            "refund_pending": order.refund_pending_amount,
            "attachments": [(document.file_name, document_pdf(document), "application/pdf")],
        }

    email_send_once(
        order_id=document.order_id,
        kind=kind,
        event_key=f"{document.number}-{event_key}",
        context=context,
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
