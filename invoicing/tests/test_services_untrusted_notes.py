"""Outside probe BY (BY-2, BY-3): the app role inserted the credit and debit notes, so SQL
injected into a staff request wrote notes of its choosing; one in the credit notes' series
with no refund behind it took the credit of the order's real refund, one in a made-up series
stood for the real refund's credit note. Each is replayed as the probe wrote it (as the web's
role, in the staff request's scope); a row as it could be written before invoicing 0017
(`forged_credit_note`, `forged_debit_note`) stands for one written then."""

import contextlib
import json

import pytest
from django.db import DatabaseError, connection
from django.utils import timezone
from psycopg.types.json import Jsonb

from invoicing.models import DocumentKind, Invoice
from invoicing.selectors import credit_notes_not_backed, documents_never_numbered
from invoicing.services import debit_note_issue, invoices_left_waiting_number
from invoicing.tests.helpers import documents
from invoicing.tests.test_services import YEAR, paid_order
from invoicing.tests.test_services_untrusted_rows import (
    FORGED_CREDIT_NOTE_SQL,
    FORGED_DEBIT_NOTE_SQL,
    forged_credit_note,
    forged_debit_note,
    refunded,
)
from morpheus.db_context import Scope, rls_scope, system_scope
from morpheus_testing.factories import StaffFactory
from morpheus_testing.jobs import as_worker, invoices_numbered, queued_jobs
from orders import services as order_services

pytestmark = pytest.mark.django_db

EMAILS = ["invoicing.tasks.send_document_email"]


def emailed() -> list[int]:
    """The documents whose emails are queued, in order."""
    return [json.loads(args)["invoice_id"] for _, _, args in queued_jobs(EMAILS)]


def injected(statement: str, params: list) -> None:
    """`statement` run as the web's role in a staff request's scope, as the probe ran it."""
    with rls_scope(scope=Scope.STAFF, user_id=StaffFactory().pk), connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.mark.parametrize("as_the_worker", [False, True], ids=["web", "worker"])
def test_no_role_but_the_tables_owner_inserts_a_credit_or_debit_note(as_the_worker):
    """The probe's credit note in the credit notes' own series, CN, was numbered and emailed
    (BY-2). The job worker's role inserts none either."""
    order = paid_order(899)
    refunded(order, 300)
    invoice, note = documents(order)
    role = as_worker if as_the_worker else contextlib.nullcontext
    forged = (
        (FORGED_CREDIT_NOTE_SQL, ["CN", YEAR, 899, timezone.now(), invoice.pk]),
        (FORGED_DEBIT_NOTE_SQL, ["DN", "re_forged", note.pk]),
    )
    for statement, params in forged:
        with pytest.raises(DatabaseError, match="insert none"), role():
            injected(statement, params)
    assert documents(order) == [invoice, note]


def test_a_refund_after_a_forged_credit_note_gets_its_whole_credit_note_numbered_and_emailed():
    """BY-2: the probe's credit note of 8.99, with no refund behind it, was numbered by the
    five-minute sweep and emailed; the order's real refund of 3.00 then got a credit note of
    0.00, the forged one having credited every line already."""
    order = paid_order(899)
    (invoice,) = documents(order)
    with contextlib.suppress(DatabaseError):
        injected(FORGED_CREDIT_NOTE_SQL, ["CN", YEAR, 899, timezone.now(), invoice.pk])
    with as_worker():
        invoices_left_waiting_number()
    refunded(order, 300)
    invoices_numbered()

    assert documents(order)[0] == invoice
    (note,) = documents(order)[1:]
    assert (note.number, note.total_amount, note.refunded_total) == (f"CN-{YEAR}-000001", 300, 300)
    assert sum(line["gross"] for line in note.lines) == 300
    assert emailed() == [invoice.pk, note.pk]


def test_a_credit_note_in_a_made_up_series_does_not_stand_for_the_refunds_own():
    """BY-3: a credit note in the series ZZZ, for the refunded total the next refund brought
    the order to, was taken for that refund's credit note, which was never written."""
    order = paid_order(899)
    (invoice,) = documents(order)
    forged = forged_credit_note(invoice, series="ZZZ", issued_at=timezone.now(), refunded_total=300)
    refunded(order, 300)
    invoices_numbered()

    note = documents(order)[-1]
    assert note.pk != forged
    assert (note.series, note.number, note.total_amount) == ("CN", f"CN-{YEAR}-000001", 300)
    assert emailed() == [invoice.pk, note.pk]
    with system_scope():
        assert Invoice.objects.get(pk=forged).number is None


def test_a_refund_that_came_back_reverses_the_shops_credit_note_not_one_in_a_made_up_series():
    """The newest credit note with something left, which a debit note reverses when none
    names its refund, was the forged one: the real credit note stayed, the debit note
    waited for good with the forged one."""
    order = paid_order(899)
    refunded(order, 300)
    invoice, real = documents(order)
    forged_credit_note(invoice, series="ZZZ", issued_at=timezone.now(), refunded_total=500)

    with system_scope():
        note = debit_note_issue(
            order_id=order.pk, amount=300, refunded_total=0, refund_reference="re_unnamed"
        )
    invoices_numbered()

    note.refresh_from_db()
    assert (note.reversed_note_id, note.total_amount) == (real.pk, -300)
    assert note.number == f"DN-{YEAR}-000001"


def test_a_debit_note_in_a_made_up_series_does_not_stand_for_the_refunds_own():
    order = paid_order(899)
    with system_scope():
        order_services.order_record_refunded_amount(
            order=order, refunded_total=300, actor="test", reason="t", refund_reference="re_1"
        )
    _, real = documents(order)
    forged = forged_debit_note(real.pk, series="ZZZ", refund_reference="re_1")

    with system_scope():
        note = debit_note_issue(
            order_id=order.pk, amount=300, refunded_total=0, refund_reference="re_1"
        )
    invoices_numbered()

    note.refresh_from_db()
    assert note.pk != forged
    assert (note.series, note.number, note.total_amount) == ("DN", f"DN-{YEAR}-000001", -300)


def test_a_credit_note_written_before_0017_that_no_refund_backs_is_never_numbered_nor_emailed():
    """BY-2 before invoicing 0017: a row in the credit notes' own series is the shop's by its
    series alone; the order's refunded total (0) does not back its 8.99, so it waits."""
    order = paid_order(899)
    forged = forged_credit_note(documents(order)[0], series="CN", issued_at=timezone.now())

    with as_worker():
        assert invoices_left_waiting_number() == 0
    with system_scope():
        assert list(documents_never_numbered().values_list("pk", flat=True)) == [forged]
        assert Invoice.objects.get(pk=forged).number is None
    assert forged not in emailed()


def test_a_refund_a_credit_note_written_before_0017_leaves_no_room_for_is_refused_saying_so():
    """What remains of BY-2: the forged row credits the invoice's every line, so the refund's
    credit note would credit nothing, or more than was refunded. The refund's transaction
    fails, naming the invoice, until Finance reverses that row."""
    order = paid_order(899)
    (invoice,) = documents(order)
    forged_credit_note(invoice, series="CN", issued_at=timezone.now())

    with pytest.raises(DatabaseError, match=f"the notes of invoice {invoice.number} credit 899"):
        refunded(order, 300)
    order.refresh_from_db()
    assert order.refunded_amount == 0


def write_note(
    *,
    invoice_id: int,
    gross: int,
    net: int | None = None,
    refunded_total: int = 300,
    reversed_note_id: int | None = None,
    series: tuple[str, str, str] = ("INV", "CN", "DN"),
) -> int:
    """`invoicing_write_note` called directly, with one line of `gross` (no VAT unless `net`
    says otherwise): a debit note when it reverses a note. `series`: of the invoices, credit
    notes and debit notes, as the caller passes them."""
    kind = DocumentKind.DEBIT_NOTE if reversed_note_id else DocumentKind.CREDIT_NOTE
    line = {"title": "Neon Tide", "gross": gross, "net": gross if net is None else net, "tax": 0}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM invoicing_write_note("
            "%s, %s, %s, now(), %s, '{}', '{}', '', %s, 0, 're_x', %s, %s, %s)",
            [kind.value, invoice_id, reversed_note_id, Jsonb([line]), refunded_total, *series],
        )
        return cursor.fetchone()[0]


@pytest.fixture
def refunded_300():
    """An order of 8.99 refunded 3.00: its invoice and that refund's credit note."""
    order = paid_order(899)
    refunded(order, 300)
    return documents(order)


def test_the_note_writer_writes_nothing_for_a_request_that_is_not_the_shops(refunded_300):
    """Only the shop's refund, in the system's scope, writes a note: SQL injected into a
    staff request cannot call the writer for it."""
    invoice, note = refunded_300
    with pytest.raises(DatabaseError, match="only the shop writes a credit or debit note"):
        with rls_scope(scope=Scope.STAFF, user_id=StaffFactory().pk):
            write_note(invoice_id=invoice.pk, gross=100)
    assert documents(invoice.order) == [invoice, note]


@pytest.mark.parametrize(
    ("note", "refused"),
    [
        ({"gross": 200, "refunded_total": 500}, "has 300 refunded, not 500: no refund backs"),
        ({"gross": 100}, "credit 300 already: a credit note of 100 would credit more than the 300"),
        ({"gross": 0}, "credits nothing"),
        ({"gross": 100, "net": 90}, "do not add up"),
        ({"gross": -400, "reversed_note_id": "note"}, "takes back more than credit note"),
        ({"gross": 0, "reversed_note_id": "note"}, "takes nothing back"),
        ({"gross": -100, "reversed_note_id": "other"}, "is not a credit note the shop wrote"),
        ({"gross": 100, "invoice_id": "note"}, "is not an invoice the shop wrote"),
    ],
    ids=[
        "above-the-refunded-total",
        "more-than-refunded",
        "of-nothing",
        "lines-not-adding-up",
        "reversing-more-than-left",
        "reversing-nothing",
        "reversing-another-orders-note",
        "crediting-a-note",
    ],
)
def test_the_note_writer_writes_no_note_the_orders_own_rows_do_not_back(
    refunded_300, note, refused
):
    invoice, credit_note = refunded_300
    other = paid_order(500)
    refunded(other, 100)
    ids = {"note": credit_note.pk, "other": documents(other)[1].pk}
    arguments = {"invoice_id": invoice.pk} | {
        key: ids.get(value, value) for key, value in note.items()
    }

    with pytest.raises(DatabaseError, match=refused), system_scope():
        write_note(**arguments)
    assert documents(invoice.order) == [invoice, credit_note]


def test_a_real_credit_note_stays_numbered_when_sql_in_a_staff_request_lowers_the_refunded_total():
    """Outside probe BZ (BZ-8): with the numbering held up, the order's second refund (1.00
    more) wrote its credit note; SQL in a staff request then lowered the order's refunded
    total; the numbering judged the real note again against it and left it "never
    numbered ... the shop did not write it" for good. `invoicing_write_note` checked it in
    the refund's own transaction: it is not judged again (invoicing 0018)."""
    order = paid_order(499)
    refunded(order, 100)
    invoices_numbered()
    refunded(order, 200)
    _, first, real = documents(order)
    assert (first.number, real.number) == (f"CN-{YEAR}-000001", None)

    injected("UPDATE orders_order SET refunded_amount = 100 WHERE id = %s", [order.pk])
    with system_scope():
        assert list(documents_never_numbered()) == []
        assert list(credit_notes_not_backed()) == []
    with as_worker():
        assert invoices_left_waiting_number() == 1

    real.refresh_from_db()
    assert real.number == f"CN-{YEAR}-000002"
    assert real.backed_when_written
    assert real.pk in emailed()


def test_a_forged_old_credit_note_dated_before_the_real_one_waits_not_the_real_one():
    """Outside probe BZ (BZ-3): a credit note in the credit notes' series written before
    invoicing 0017, dated before the real refund's credit note waiting beside it, was
    numbered first (the order's refunded total backed it alone), and the real one was left
    "never numbered ... the shop did not write it". The old row is judged with the shop's
    own notes waiting beside it, which are numbered whatever it does."""
    order = paid_order(899)
    refunded(order, 899)
    invoice, real = documents(order)
    forged = forged_credit_note(
        invoice, series="CN", issued_at=invoice.issued_at, refunded_total=500
    )

    with as_worker():
        assert invoices_left_waiting_number() == 1

    real.refresh_from_db()
    assert real.number == f"CN-{YEAR}-000001"
    with system_scope():
        assert Invoice.objects.get(pk=forged).number is None
        assert list(documents_never_numbered().values_list("pk", flat=True)) == [forged]
        assert list(credit_notes_not_backed().values_list("pk", flat=True)) == [forged]
    assert forged not in emailed()
