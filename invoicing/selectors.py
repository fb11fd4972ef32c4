from datetime import datetime

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet

from invoicing import lines as document_lines
from invoicing.models import DocumentKind, Invoice
from orders.models import Order


def documents_of(order: Order) -> tuple[list[Invoice], list[str]]:
    """The order's invoice, credit notes and debit notes issued, oldest first (under
    row-level security), and the kinds of those still waiting for their number ("Invoice",
    "Credit note", each once), in one read. A note is issued once it and the invoice it
    credits are numbered (as `DocumentQuerySet.issued`)."""
    documents = list(
        Invoice.objects.filter(order=order)
        .select_related("credited_invoice", "reversed_note")
        .order_by("pk")
    )
    waiting = [document for document in documents if document.number is None]
    issued = [
        document
        for document in documents
        if document.number is not None
        and (document.credited_invoice is None or document.credited_invoice.number is not None)
    ]
    return issued, list(dict.fromkeys(document.get_kind_display() for document in waiting))


def documents_never_numbered() -> QuerySet[Invoice]:
    """The waiting documents the numbering never numbers (invoicing 0014): those in another
    series than their kind's, which the shop did not write, and the notes of such a row (of
    the invoice they credit or the note they reverse), which wait with it for good."""
    own_series = Q()
    for kind in DocumentKind:
        own_series |= Q(kind=kind, series=kind.series)
    foreign = Invoice.objects.filter(sequence__isnull=True).exclude(own_series)
    return Invoice.objects.filter(sequence__isnull=True).filter(
        Q(pk__in=foreign)
        | Q(credited_invoice__in=foreign)
        | Q(reversed_note__in=foreign)
        | Q(reversed_note__credited_invoice__in=foreign)
    )


def documents_waiting(*, before: datetime | None = None) -> tuple[dict[str, int], datetime | None]:
    """How many documents of each kind ("invoice", "credit note") wait for their number, and
    since when the oldest does (read through the partial index of the documents waiting:
    the dashboard asks on every visit); with `before`, of those written before then only.
    Those never numbered (`documents_never_numbered`) do not count: they do not wait."""
    waiting = Invoice.objects.filter(sequence__isnull=True).exclude(
        pk__in=documents_never_numbered()
    )
    if before is not None:
        waiting = waiting.filter(issued_at__lt=before)
    waiting = list(
        waiting.values("kind").annotate(count=Count("pk"), oldest=Min("issued_at")).order_by()
    )
    counts = {
        str(DocumentKind(row["kind"]).label).lower(): row["count"]
        for row in sorted(waiting, key=lambda row: list(DocumentKind).index(row["kind"]))
    }
    return counts, min((row["oldest"] for row in waiting), default=None)


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


def documents_of_order(*, order: Order) -> list[Invoice]:
    """Every document of the order, numbered or waiting, oldest first, for staff: each with
    `never_numbered`, whether the numbering never numbers it (`documents_never_numbered`),
    and the invoice it credits and the note it reverses, in one read."""
    return list(
        Invoice.objects.filter(order=order)
        .select_related("credited_invoice", "reversed_note")
        .annotate(never_numbered=Exists(documents_never_numbered().filter(pk=OuterRef("pk"))))
        .order_by("pk")
    )
