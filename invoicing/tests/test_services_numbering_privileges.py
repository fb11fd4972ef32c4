"""Outside probe BZ (BZ-9, BZ-7): the numbering ran with the job worker's role's own
privileges, so that role held UPDATE of the number columns and of the counters, and SQL
running as it, in a staff or system scope, numbered a waiting document itself and moved a
counter, around every rule the numbering keeps. And the writers and the numbering took the
series they check against as arguments. Since invoicing 0018 the numbering runs with the
tables' owner's rights, executed by the worker's role only, which writes no number and moves
no counter itself; and the series are those the database recorded."""

import pytest
from django.db import DatabaseError, IntegrityError, ProgrammingError, connection, transaction
from django.utils import timezone

from invoicing.models import DocumentCounter, Invoice
from invoicing.services import invoices_number
from invoicing.tests.helpers import documents
from invoicing.tests.test_services import YEAR, paid_order
from invoicing.tests.test_services_untrusted_notes import write_note
from invoicing.tests.test_services_untrusted_rows import refunded, written_before_0017
from morpheus.db_context import Scope, rls_scope, system_scope
from morpheus_testing.factories import StaffFactory
from morpheus_testing.jobs import as_worker

pytestmark = pytest.mark.django_db

# What the probe ran as the worker's role (`%(waiting)s`: a document waiting for its number,
# `%(numbered)s`: one numbered), each refused now.
AS_THE_WORKER = {
    "number-a-waiting-row": "UPDATE invoicing_invoice SET sequence = 14, "
    "number = 'INV-2026-000014', year = 2026 WHERE id = %(waiting)s",
    "date-a-waiting-row": "UPDATE invoicing_invoice SET issued_at = now() + interval '1 day' "
    "WHERE id = %(waiting)s",
    "renumber-a-numbered-row": "UPDATE invoicing_invoice SET sequence = 7, number = 'INV-x' "
    "WHERE id = %(numbered)s",
    "move-a-counter": "UPDATE invoicing_documentcounter SET last_number = last_number + 5",
    "make-a-counter": "INSERT INTO invoicing_documentcounter (series, year, last_number) "
    "VALUES ('INV', 2099, 1)",
    "take-the-numberings-lock": "LOCK TABLE invoicing_documentcounter IN EXCLUSIVE MODE",
}


def scope(name: str):
    return (
        system_scope()
        if name == "system"
        else rls_scope(scope=Scope.STAFF, user_id=StaffFactory().pk)
    )


@pytest.mark.parametrize("scope_name", ["staff", "system"])
@pytest.mark.parametrize("statement", list(AS_THE_WORKER.values()), ids=list(AS_THE_WORKER))
def test_the_workers_role_numbers_no_document_and_moves_no_counter_itself(scope_name, statement):
    """BZ-9: each was accepted (the renumbering refused by the trigger alone); the numbering
    then still numbers gapless."""
    numbered, waiting = paid_order(499), paid_order(250, numbered=False)
    ids = {"waiting": documents(waiting)[0].pk, "numbered": documents(numbered)[0].pk}

    with pytest.raises(ProgrammingError, match="permission denied"), transaction.atomic():
        with as_worker(), scope(scope_name), connection.cursor() as cursor:
            cursor.execute(statement, ids)

    with as_worker():
        assert invoices_number() == 1
    assert documents(waiting)[0].number == f"INV-{YEAR}-000002"
    with system_scope():
        assert list(DocumentCounter.objects.values_list("series", "last_number")) == [("INV", 2)]


def test_the_web_runs_no_numbering():
    """The web never numbers: the numbering job, the "issued" email job and the five-minute
    sweep run in the worker."""
    order = paid_order(250, numbered=False)
    with pytest.raises(ProgrammingError, match="permission denied for function"), system_scope():
        invoices_number()
    assert documents(order)[0].number is None


def test_a_number_once_given_never_changes_even_by_the_tables_owner():
    """The trigger `invoicing_keep_number` stays, under the privileges: a number once given
    never changes, not even by the owner's own functions."""
    invoice = documents(paid_order(499))[0]
    with pytest.raises(IntegrityError, match="numbered already"):
        written_before_0017(
            "UPDATE invoicing_invoice SET sequence = 7, number = 'INV-x' WHERE id = %s "
            "RETURNING id",
            [invoice.pk],
        )
    assert documents(invoice.order)[0].number == f"INV-{YEAR}-000001"


@pytest.mark.parametrize(
    ("kind", "series"),
    [
        ("credit_note", ("INV", "INV", "DN")),
        ("credit_note", ("INV", "ZZ", "DN")),
        ("credit_note", ("ZZ", "CN", "DN")),
        ("debit_note", ("INV", "CN", "CN")),
        ("debit_note", ("INV", "CN", "INV")),
    ],
    ids=[
        "credit-note-in-invoices",
        "credit-note-in-zz",
        "of-an-invoice-in-zz",
        "debit-note-in-cn",
        "debit-note-in-inv",
    ],
)
def test_the_note_writer_writes_in_the_shops_series_only(kind, series):
    """BZ-7: in the system scope, with the series of its choosing, the probe had a credit
    note of 0.50 written in the series INV for an order credited in full already, one in
    ZZ, and debit notes in CN and INV reversing the order's credit note."""
    order = paid_order(499)
    refunded(order, 100)
    invoice, note = documents(order)
    reversed_note_id = note.pk if kind == "debit_note" else None
    gross = -50 if reversed_note_id else 50

    with pytest.raises(DatabaseError, match="series settings are recorded"), system_scope():
        write_note(
            invoice_id=invoice.pk,
            gross=gross,
            refunded_total=100,
            reversed_note_id=reversed_note_id,
            series=series,
        )
    assert documents(order) == [invoice, note]


def test_the_invoice_writer_and_the_numbering_take_the_shops_series_only():
    order = paid_order(499, numbered=False)
    (invoice,) = documents(order)
    with pytest.raises(DatabaseError, match="series settings are recorded"), transaction.atomic():
        with system_scope(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT invoicing_write_invoice(%s, 'ZZ', now(), '{}', '', 'ZZ', '')", [order.pk]
            )
    with pytest.raises(DatabaseError, match="series settings are recorded"), transaction.atomic():
        with as_worker(), system_scope(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT invoicing_number_invoices(%s, 'ZZ', 'CN', 'DN')", [timezone.now()]
            )
    with system_scope():
        assert list(Invoice.objects.filter(order=order)) == [invoice]
        assert Invoice.objects.get(pk=invoice.pk).number is None
