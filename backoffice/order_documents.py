"""The order page's documents: its invoice, credit notes and debit notes, each with where it
stands (issued, waiting for its number, never numbered), for staff who may see invoices."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import format_html

from backoffice.never_numbered import WAITING_TOO_LONG, never_numbered_why
from invoicing.models import Invoice
from invoicing.selectors import documents_of_order
from orders.models import Order
from orders.selectors import orders_given_by_staff


@dataclass(frozen=True)
class DocumentRow:
    document: Invoice
    state: str
    issued: bool
    fault: bool


def order_documents(order: Order) -> list[DocumentRow]:
    now = timezone.now()
    return [_row(document, now) for document in documents_of_order(order=order)]


def no_invoice_why(order: Order) -> str:
    """Why an order has no document at all."""
    if orders_given_by_staff(order_ids=[order.pk]):
        return "No invoice: staff gave these comics, and a gift sells nothing."
    if order.paid_at:
        return "No invoice: the order was paid before invoicing began."
    return "No invoice: the order is not paid."


def _row(document: Invoice, now) -> DocumentRow:
    if document.never_numbered:
        return DocumentRow(
            document,
            f"Never numbered: {never_numbered_why(document)}. Left out of the VAT report; "
            "look into how it was written.",
            issued=False,
            fault=True,
        )
    if document.number is None:
        since = format_html(
            'Waiting for its number since <span class="bo-when">{} UTC</span>',
            f"{document.issued_at:%Y-%m-%d %H:%M}",
        )
        if now - document.issued_at > WAITING_TOO_LONG:
            return DocumentRow(
                document,
                format_html("{}: check that the job worker runs (Jobs).", since),
                issued=False,
                fault=True,
            )
        return DocumentRow(document, format_html("{}.", since), issued=False, fault=False)
    if document.credited_invoice and document.credited_invoice.number is None:
        return DocumentRow(
            document,
            "Waiting for the number of the invoice it credits.",
            issued=False,
            fault=False,
        )
    return DocumentRow(document, "Issued", issued=True, fault=False)
