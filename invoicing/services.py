"""Issuing invoices, credit notes and debit notes, inside the transaction that pays, refunds
or learns that a refund came back, each without its number; numbering them, in the job
worker's own transaction just after."""

import logging
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import OperationalError, connection
from django.db.models import Q
from django.utils import timezone
from psycopg.errors import LockNotAvailable
from psycopg.types.json import Jsonb

from invoicing import lines as document_lines
from invoicing.errors import (
    DocumentCustomerErased,
    DocumentResentRecently,
    NotADocumentNumber,
    NumberingBusy,
)
from invoicing.models import DocumentCounter, DocumentKind, Invoice
from invoicing.tasks import number_invoices, send_document_email
from morpheus.db_context import system_scope
from morpheus.throttles import throttle_hit
from orders.guests import erasing, is_erased
from orders.models import Order
from orders.transitions import ENTITLED_STATUSES, OrderStatus
from tax.countries import ELSEWHERE
from tax.services import ELSEWHERE_NOTE, REVERSE_CHARGE_NOTE

logger = logging.getLogger(__name__)

# An order paid (`mark_paid`, `complete_free`) and after, as `invoicing_write_invoice` reads
# them (invoicing 0016).
PAID_STATUSES = (*ENTITLED_STATUSES, OrderStatus.REFUNDED)


def _seller() -> dict[str, str]:
    return {
        "name": settings.INVOICE_SELLER_NAME,
        "address": settings.INVOICE_SELLER_ADDRESS,
        "vat_id": settings.INVOICE_SELLER_VAT_ID,
    }


def _issue(
    *,
    kind: DocumentKind,
    invoice: Invoice,
    lines: list[dict],
    seller: dict[str, str],
    buyer: dict,
    tax_note: str,
    refunded_total: int,
    payment_reference: str,
    taken_back: int = 0,
    reversed_note: Invoice | None = None,
) -> Invoice:
    """A credit or debit note of `invoice`, written without its number, as an invoice is:
    the numbering job (`invoices_number`, deferred here) numbers it right after the invoices
    waiting, never dated before the invoice it credits. Written in one statement by the
    database function `invoicing_write_note`, the only writer of a note (invoicing 0017),
    which refuses one the order's own rows do not back (its recorded refunded total, the
    invoice's notes in their series) and series other than those the database recorded
    (invoicing 0018): the refund's transaction then fails, saying why. The note it writes is
    marked as checked (`backed_when_written`): the numbering does not judge it again."""
    (note,) = Invoice.objects.raw(
        "SELECT * FROM invoicing_write_note("
        "%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [
            kind.value,
            invoice.pk,
            reversed_note.pk if reversed_note else None,
            timezone.now(),
            Jsonb(lines),
            Jsonb(seller),
            Jsonb(buyer),
            tax_note,
            refunded_total,
            taken_back,
            payment_reference,
            DocumentKind.INVOICE.series,
            DocumentKind.CREDIT_NOTE.series,
            DocumentKind.DEBIT_NOTE.series,
        ],
    )
    number_invoices.defer()
    return note


def invoice_issue(*, order_id: int, email: bool = True) -> int:
    """The paid order's invoice (its id), issued once: a second call issues nothing. Runs in
    the transaction that marks the order paid, in one statement (the database function
    `invoicing_write_invoice`, see invoicing 0003 to 0012 and 0016: the only writer of an
    invoice, it refuses an order not paid), and defers its numbering
    (`number_invoices`): numbered in the payment's transaction, the series' counter would
    stay locked until that transaction's end, and concurrent payments would take turns on
    it. The PDF is rendered later, when asked for. `email`: emailed as "Payment received"
    once numbered; not for an order with nothing to pay, whose order page lists the invoice
    (its emails tell the customer the rest)."""
    with system_scope(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT invoice_id, issued FROM invoicing_write_invoice(%s, %s, %s, %s, %s, %s, %s)",
            [
                order_id,
                DocumentKind.INVOICE.series,
                timezone.now(),
                Jsonb(_seller()),
                REVERSE_CHARGE_NOTE,
                ELSEWHERE,
                ELSEWHERE_NOTE,
            ],
        )
        invoice_id, issued = cursor.fetchone()
        if issued:
            number_invoices.defer()
        if issued and email:
            send_document_email.defer(invoice_id=invoice_id, event_key="issued")
    return invoice_id


def invoices_number() -> int:
    """Numbers every document waiting for its number, the invoices first, then the credit
    and debit notes, each with the next number of its series and year, dated when written
    (now at the latest) unless the number before it (or a note's invoice) is dated later
    (`invoicing_number_invoices`: one numbering at a time, so the numbers are gapless,
    unique and in date order); how many it numbered. As the job worker's role, the only one
    that may run the numbering, which writes the numbers and moves the counters with the
    tables' owner's rights: no role may do either itself (invoicing 0018, outside probe BZ,
    BZ-9); the series passed must be those the database recorded (BZ-7). A row the shop did
    not write as it does (in another series than its kind's) is left waiting, and so are
    its notes (invoicing 0014). Another numbering holding the counters past the lock
    timeout raises NumberingBusy, for the job to number on its next attempt."""
    try:
        with system_scope(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT invoicing_number_invoices(%s, %s, %s, %s)",
                [
                    timezone.now(),
                    DocumentKind.INVOICE.series,
                    DocumentKind.CREDIT_NOTE.series,
                    DocumentKind.DEBIT_NOTE.series,
                ],
            )
            return cursor.fetchone()[0]
    except OperationalError as failure:
        if isinstance(failure.__cause__, LockNotAvailable):
            raise NumberingBusy(
                "Another numbering held the document counters past the lock timeout."
            ) from failure
        raise


def invoices_left_waiting_number() -> int:
    """The five-minute sweep's: numbers what a numbering job that failed for good left
    waiting, and queues again the "issued" email of each document it numbered, each paid
    invoice's ("payment received") and each credit or debit note's: their jobs, which number
    first, failed too (outside probe BX, BX-3). One already sent is not sent twice
    (`email_send_once`). "Payment received" only for a paid order's invoice (outside probe
    BY, BY-1: a row forged before the payment was emailed as one)."""
    with system_scope():
        emailed = list(
            Invoice.objects.filter(number__isnull=True)
            .exclude(
                Q(kind=DocumentKind.INVOICE)
                & (Q(total_amount__lte=0) | ~Q(order__status__in=PAID_STATUSES))
            )
            .values_list("pk", flat=True)
        )
    numbered = invoices_number()
    with system_scope():
        # Not one left waiting (invoicing 0014): it has no number to send.
        for document_id in Invoice.objects.filter(pk__in=emailed, number__isnull=False).values_list(
            "pk", flat=True
        ):
            send_document_email.defer(invoice_id=document_id, event_key="issued")
    return numbered


def credit_note_issue(
    *,
    order_id: int,
    refunded_total: int,
    previous_total: int,
    payment_reference: str = "",
    taken_back: int = 0,
) -> Invoice | None:
    """A credit note for the refund that brought the order's refunded total to
    `refunded_total`, referencing its invoice and, as its payment reference, the refunds
    the caller names (`payment_reference`: the payment provider's ids of the refunds that
    raised the total, empty when unknown); once per total, emailed with its PDF as the
    invoice is. `taken_back`: how many refunds that came back from the customer's bank had
    lowered the total before; a total reached again after one is another refund's, and
    gets a note of its own (the earlier one's was reversed by a debit note). Only the
    documents of their kind's series count, as this refund's note or as credited before: a
    row in another series was written by someone else (outside probe BY, BY-3). None when
    the order has no invoice (paid before invoicing began)."""
    with system_scope():
        order = Order.objects.get(pk=order_id)
        invoice = _invoice_of(order)
        if invoice is None:
            logger.warning("order %s has no invoice to credit", order.number)
            return None
        notes = invoice.credit_notes.in_own_series()
        existing = notes.filter(
            kind=DocumentKind.CREDIT_NOTE, refunded_total=refunded_total, taken_back=taken_back
        ).first()
        if existing:
            return existing
        note = _issue(
            kind=DocumentKind.CREDIT_NOTE,
            invoice=invoice,
            lines=document_lines.credit_lines(
                invoice.lines,
                refunded_total - previous_total,
                credited=[line for note in notes for line in note.lines],
                items_refunded=_items_refunded(order),
                kept_out=_items_being_refunded(order),
            ),
            seller=_seller(),
            # The invoice's buyer, as issued: the order's may have been erased since.
            buyer=invoice.buyer,
            tax_note=invoice.tax_note,
            refunded_total=refunded_total,
            taken_back=taken_back,
            payment_reference=payment_reference,
        )
        send_document_email.defer(invoice_id=note.pk, event_key="issued")
    return note


def debit_note_issue(
    *, order_id: int, amount: int, refunded_total: int, refund_reference: str
) -> Invoice | None:
    """A debit note undoing `amount` of the credit note of the refund the payment provider
    paid and then failed (the customer's bank sent it back; `refund_reference`: the
    provider's id of that refund, the note's payment reference), once per refund, emailed
    with its PDF as the credit note was. It names that credit note (the newest credit note
    with something left to reverse, when none names the refund) and its invoice, has their
    seller, buyer and tax note as issued, and its lines are the credit note's lines, or
    their share of `amount` when it credited other refunds too (net and VAT alike), with
    the opposite sign. `refunded_total`: the order's refunded total after. Only the
    documents of their kind's series count (as `credit_note_issue`). None when the order
    has no invoice, or no credit note to reverse (a refund recorded before invoicing
    began)."""
    with system_scope():
        order = Order.objects.get(pk=order_id)
        invoice = _invoice_of(order)
        if invoice is None:
            logger.warning("order %s has no invoice whose credit note to reverse", order.number)
            return None
        if refund_reference and (
            existing := invoice.credit_notes.in_own_series()
            .filter(kind=DocumentKind.DEBIT_NOTE, payment_reference=refund_reference)
            .first()
        ):
            return existing
        reversed_note = _credit_note_of(invoice, refund_reference)
        if reversed_note is None:
            logger.warning("order %s has no credit note to reverse", order.number)
            return None
        left = _left_to_reverse(reversed_note)
        if amount > left:
            logger.warning(
                "refund %s came back with %s, more than its credit note %s has left (%s)",
                refund_reference,
                amount,
                reversed_note,
                left,
            )
        note = _issue(
            kind=DocumentKind.DEBIT_NOTE,
            invoice=invoice,
            lines=_reversal_lines(invoice, reversed_note, min(amount, left)),
            seller=reversed_note.seller,
            buyer=reversed_note.buyer,
            tax_note=reversed_note.tax_note,
            refunded_total=refunded_total,
            payment_reference=refund_reference,
            reversed_note=reversed_note,
        )
        send_document_email.defer(invoice_id=note.pk, event_key="issued")
    return note


def _invoice_of(order: Order) -> Invoice | None:
    """The order's invoice, as the shop wrote it (in the invoices' series): a note credits
    no other."""
    return Invoice.objects.in_own_series().filter(order=order, kind=DocumentKind.INVOICE).first()


def _credit_note_of(invoice: Invoice, refund_reference: str) -> Invoice | None:
    """The credit note (of its series) a debit note for the refund `refund_reference`
    reverses: the one naming it, else the newest one with something left to reverse."""
    notes = list(
        invoice.credit_notes.in_own_series().filter(kind=DocumentKind.CREDIT_NOTE).order_by("-pk")
    )
    named = [note for note in notes if refund_reference in note.payment_reference.split(", ")]
    return next((note for note in [*named, *notes] if _left_to_reverse(note) > 0), None)


def _reversals(note: Invoice) -> list[dict]:
    """The lines of the debit notes (of their series) issued against `note` so far, as
    lines of `note` (positive) credited."""
    return [
        {**line, "invoice_line": line["credit_line"]}
        | {key: -line[key] for key in document_lines.AMOUNTS}
        for debit_note in note.debit_notes.in_own_series()
        for line in debit_note.lines
    ]


def _left_to_reverse(note: Invoice) -> int:
    return sum(rest["gross"] for rest in document_lines.lines_left(note.lines, _reversals(note)))


def _reversal_lines(invoice: Invoice, note: Invoice, amount: int) -> list[dict]:
    """`amount` of what the credit note's lines have left after its earlier debit notes,
    shared over them as a credit note shares a refund over its invoice's lines, with the
    opposite sign; each line names the invoice line (`invoice_line`) and the credit note's
    line (`credit_line`) it reverses."""
    return [
        {
            **line,
            "credit_line": line["invoice_line"],
            "invoice_line": document_lines.invoice_line_index(
                note.lines[line["invoice_line"]], invoice.lines
            ),
        }
        | {key: -line[key] for key in document_lines.AMOUNTS}
        for line in document_lines.credit_lines(note.lines, amount, credited=_reversals(note))
    ]


def _items_refunded(order: Order) -> dict[int, int]:
    """Per invoice line (the invoice lists the order's items by id, see
    `invoicing_issue_invoice`), what refunds of that item as a whole paid back in all."""
    refunded = order.items.order_by("pk").values_list("refunded_amount", flat=True)
    return {index: amount for index, amount in enumerate(refunded) if amount}


def _items_being_refunded(order: Order) -> set[int]:
    """The invoice lines whose items a refund still waiting for the payment provider takes
    as a whole: what it pays back is what the line has left, so no other refund credits it."""
    pending = order.items.order_by("pk").values_list("refund_pending_amount", flat=True)
    return {index for index, amount in enumerate(pending) if amount}


def document_resend(*, invoice: Invoice) -> None:
    """Staff: email the document to the order's address again, as a copy (see
    `send_document_email`), a new email each time but at most once a minute
    (`THROTTLE_DOCUMENT_RESEND`): the same action sent twice, even at once (the count is one
    row, written in turn), emails it once. Nothing is sent once the customer erased their
    account or asked for its erasure: their address is (or is about to be) a placeholder
    and their order page is gone."""
    if is_erased(invoice.customer):
        raise DocumentCustomerErased(
            f"{invoice.number} was not sent: the customer of order {invoice.order.number} "
            "erased their account."
        )
    if invoice.customer_id in erasing([invoice.customer_id]):
        raise DocumentCustomerErased(
            f"{invoice.number} was not sent: the customer of order {invoice.order.number} "
            "asked for their account's erasure."
        )
    if not throttle_hit(limit="document_resend", value=str(invoice.pk)).allowed:
        raise DocumentResentRecently(
            f"{invoice.number} was emailed again less than a minute ago: not sent again."
        )
    send_document_email.defer(
        invoice_id=invoice.pk, event_key=f"resend-{uuid.uuid4().hex}", copy=True
    )


# A document's number as the numbering writes it: series, year, sequence of 6 digits or more.
DOCUMENT_NUMBER = re.compile(r"(?P<series>.+)-(?P<year>[0-9]{4})-(?P<sequence>[0-9]{6,})")


# The counter's column holds up to this (a PositiveIntegerField); years the shop could have
# numbered a document in (outside probe CF-5: a year 0 and a sequence past the column went
# through, the second as a database error).
LAST_SEQUENCE = 2_147_483_647
FIRST_YEAR = 2000


def _a_number_the_shop_could_issue(parts: re.Match, series: set[str]) -> bool:
    year, sequence = int(parts["year"]), int(parts["sequence"])
    return (
        parts["series"] in series
        and FIRST_YEAR <= year <= timezone.now().year
        and 1 <= sequence <= LAST_SEQUENCE
    )


@dataclass(frozen=True)
class CounterMove:
    series: str
    year: int
    last_before: int
    last_now: int


def invoice_numbers_continue_after(*, numbers: Iterable[str]) -> list[CounterMove]:
    """After a restore, the documents numbered since the backup are gone from the database,
    not from the customers who were emailed them: each series given a number here (the
    highest it issued, from the emails or the accounts) continues after it, so no number
    is issued twice. A series already past it is left as it is. Run as the owner role, the
    one that moves the counters (invoicing 0018), under the numbering's lock."""
    last_of: dict[tuple[str, int], int] = {}
    series = {kind.series for kind in DocumentKind}
    for number in numbers:
        parts = DOCUMENT_NUMBER.fullmatch(number.strip())
        if parts is None or not _a_number_the_shop_could_issue(parts, series):
            raise NotADocumentNumber(
                f"“{number[:40]}” is not a number of the shop's series ({', '.join(sorted(series))}"
                "), written as INV-2026-000123."
            )
        if int(parts["sequence"]) == LAST_SEQUENCE:
            # Outside probe FK-1: taken, the series numbered nothing after it, each
            # numbering job failing ("integer out of range").
            raise NotADocumentNumber(
                f"“{number[:40]}” is the last number its series can hold: none could follow "
                "it. Give the highest number the series issued since the backup."
            )
        key = (parts["series"], int(parts["year"]))
        last_of[key] = max(last_of.get(key, 0), int(parts["sequence"]))
    moves = []
    with system_scope(), connection.cursor() as cursor:
        cursor.execute("LOCK TABLE public.invoicing_documentcounter IN EXCLUSIVE MODE")
        for (name, year), last in sorted(last_of.items()):
            counter = DocumentCounter.objects.filter(series=name, year=year).first()
            before = counter.last_number if counter else 0
            if counter is None:
                DocumentCounter.objects.create(series=name, year=year, last_number=last)
            elif last > before:
                counter.last_number = last
                counter.save(update_fields=["last_number"])
            moves.append(CounterMove(name, year, before, max(before, last)))
    for move in moves:
        logger.warning(
            "Document series %s %s continues after number %s (it was at %s).",
            move.series,
            move.year,
            move.last_now,
            move.last_before,
        )
    return moves
