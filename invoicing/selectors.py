from datetime import datetime

from django.db.models import Count, Min, QuerySet

from invoicing import lines as document_lines
from invoicing.models import DocumentKind, Invoice
from orders.models import Order


def documents_of(order: Order) -> QuerySet[Invoice]:
    """The order's invoice, credit notes and debit notes, oldest first (under row-level
    security), once issued (`DocumentQuerySet.issued`)."""
    return (
        Invoice.objects.issued()
        .filter(order=order)
        .select_related("credited_invoice", "reversed_note")
        .order_by("pk")
    )


def invoice_waiting(order: Order) -> bool:
    """Whether the order's invoice is written but still waiting for its number."""
    return Invoice.objects.filter(
        order=order, kind=DocumentKind.INVOICE, sequence__isnull=True
    ).exists()


def invoices_waiting() -> tuple[int, datetime | None]:
    """How many invoices wait for their number, and since when the oldest does (read through
    the partial index of the documents waiting: the dashboard asks on every visit)."""
    waiting = Invoice.objects.filter(kind=DocumentKind.INVOICE, sequence__isnull=True).aggregate(
        count=Count("pk"), oldest=Min("issued_at")
    )
    return waiting["count"], waiting["oldest"]


def items_left_to_credit(*, order: Order) -> dict[int, int]:
    """Per item of the order: what its invoice line has left (gross) after the credit
    notes, the most a refund of that item can still pay back without crediting another
    line. Empty when the order has no invoice (paid before invoicing began)."""
    return {item_id: left["gross"] for item_id, _, left in _item_lines(order)}


def _item_lines(order: Order) -> list[tuple[int, dict, dict]]:
    """(item id, its invoice line, what the credit notes left of that line) per item."""
    invoice = Invoice.objects.filter(order=order, kind=DocumentKind.INVOICE).first()
    if invoice is None:
        return []
    credited = [line for note in invoice.credit_notes.all() for line in note.lines]
    left = document_lines.lines_left(invoice.lines, credited)
    item_ids = order.items.order_by("pk").values_list("pk", flat=True)
    return list(zip(item_ids, invoice.lines, left, strict=False))
