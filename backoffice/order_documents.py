"""The order page's documents: its invoice, credit notes and debit notes, each with where it
stands (issued, waiting for its number, never numbered), for staff who may see invoices."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from backoffice.never_numbered import never_numbered_why
from invoicing.models import Invoice
from invoicing.selectors import documents_of_order
from orders.models import Order

# The five-minute sweep numbers what a failed numbering job left: waiting longer than that,
# a document says the job worker needs looking at.
WAITING_TOO_LONG = timedelta(minutes=5)


@dataclass(frozen=True)
class DocumentRow:
    document: Invoice
    state: str
    issued: bool
    fault: bool


def order_documents(order: Order) -> list[DocumentRow]:
    now = timezone.now()
    return [_row(document, now) for document in documents_of_order(order=order)]


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
        since = f"Waiting for its number since {document.issued_at:%Y-%m-%d %H:%M} UTC"
        if now - document.issued_at > WAITING_TOO_LONG:
            return DocumentRow(
                document,
                f"{since}: check that the job worker runs (Jobs).",
                issued=False,
                fault=True,
            )
        return DocumentRow(document, f"{since}.", issued=False, fault=False)
    if document.credited_invoice and document.credited_invoice.number is None:
        return DocumentRow(
            document,
            "Waiting for the number of the invoice it credits.",
            issued=False,
            fault=False,
        )
    return DocumentRow(document, "Issued", issued=True, fault=False)
