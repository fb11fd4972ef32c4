from collections import defaultdict

from django.db.models import Min, QuerySet

from invoicing import lines as document_lines
from invoicing.models import DocumentKind, Invoice
from orders.models import Order
from payments.models import RefundLine, RefundStatus


def documents_of(order: Order) -> QuerySet[Invoice]:
    """The order's invoice and credit notes, oldest first (row-level security applies)."""
    return (
        Invoice.objects.filter(order=order)
        .select_related("credited_invoice", "reversed_note")
        .order_by("pk")
    )


def items_left_to_credit(*, order: Order) -> dict[int, int]:
    """Per item of the order: what its invoice line has left (gross) after the credit
    notes, the most a refund of that item can still pay back without crediting another
    line. Empty when the order has no invoice (paid before invoicing began)."""
    return {item_id: left["gross"] for item_id, _, left in _item_lines(order)}


def items_credited(*, order: Order, part: str = "gross") -> dict[int, int]:
    """Per item of the order: what the credit notes took from its invoice line (its `part`:
    gross, net or tax), by refunds of the item and its shares of refunds of amounts alike.
    Empty when the order has no invoice."""
    return {item_id: line[part] - left[part] for item_id, line, left in _item_lines(order)}


def items_credited_as_item(*, order: Order) -> dict[int, int]:
    """Per item of the order: what the credit notes issued once a refund of the item as a
    whole was confirmed took from its line: that refund's, and the rest of the line a later
    credit note closed (`promotions.allocation.allocate_refund` credits such a line first,
    and shares no refund of an amount to it). The rest of what `items_credited` gives the
    item is its share of refunds of amounts, so the staff order page splits as the credit
    notes do. Empty when the order has no invoice."""
    invoice = Invoice.objects.filter(order=order, kind=DocumentKind.INVOICE).first()
    if invoice is None:
        return {}
    item_ids = list(order.items.order_by("pk").values_list("pk", flat=True))
    refunded_whole_at = dict(
        RefundLine.objects.filter(refund__order=order, refund__status=RefundStatus.SUCCEEDED)
        .values("order_item_id")
        .annotate(first=Min("refund__succeeded_at"))
        .values_list("order_item_id", "first")
    )
    as_item: dict[int, int] = defaultdict(int)
    for note in invoice.credit_notes.all():
        for line in note.lines:
            item_id = item_ids[document_lines.invoice_line_index(line, invoice.lines)]
            since = refunded_whole_at.get(item_id)
            if since is not None and since <= note.issued_at:
                as_item[item_id] += line["gross"]
    return dict(as_item)


def _item_lines(order: Order) -> list[tuple[int, dict, dict]]:
    """(item id, its invoice line, what the credit notes left of that line) per item."""
    invoice = Invoice.objects.filter(order=order, kind=DocumentKind.INVOICE).first()
    if invoice is None:
        return []
    credited = [line for note in invoice.credit_notes.all() for line in note.lines]
    left = document_lines.lines_left(invoice.lines, credited)
    item_ids = order.items.order_by("pk").values_list("pk", flat=True)
    return list(zip(item_ids, invoice.lines, left, strict=False))
