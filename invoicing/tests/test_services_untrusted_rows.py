"""Outside probe BX (BX-1): the numbering numbered every waiting row it found, and the app
role inserted the documents it numbers, so SQL injected into a web request had documents of
its choosing numbered. Each row below is written as the probe wrote it: as the app role, in
the request's own row-level security scope; since invoicing 0017 the app role inserts no
document, so a row as it could be written before stands for one written then
(`forged_credit_note`)."""

import contextlib
from datetime import UTC, datetime

import psycopg
import pytest
from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from invoicing.models import DocumentCounter, Invoice
from invoicing.services import invoices_number
from invoicing.tests.helpers import documents
from invoicing.tests.test_services import YEAR, paid_order
from morpheus.db_context import Scope, rls_scope, system_scope
from morpheus_testing.embedded_db import Roles
from morpheus_testing.factories import ComicFactory, StaffFactory, create_order
from morpheus_testing.jobs import as_worker, invoices_numbered
from orders import services as order_services
from orders.models import Order
from orders.transitions import OrderStatus

pytestmark = pytest.mark.django_db

# A full credit note of an invoice, as the probe inserted it.
FORGED_CREDIT_NOTE_SQL = """
INSERT INTO invoicing_invoice (kind, series, year, refunded_total, issued_at, currency,
  net_amount, tax_amount, total_amount, lines, seller, buyer, payment_reference, tax_note,
  customer_id, order_id, taken_back, credited_invoice_id)
SELECT 'credit_note', %s, %s, %s, %s, currency, net_amount, tax_amount,
  total_amount, lines, seller, buyer, 're_forged', tax_note, customer_id, order_id, 0, id
FROM invoicing_invoice WHERE id = %s
RETURNING id
"""

# A debit note taking back all of a credit note, naming the refund `%s`.
FORGED_DEBIT_NOTE_SQL = """
INSERT INTO invoicing_invoice (kind, series, year, refunded_total, issued_at, currency,
  net_amount, tax_amount, total_amount, lines, seller, buyer, payment_reference, tax_note,
  customer_id, order_id, taken_back, credited_invoice_id, reversed_note_id)
SELECT 'debit_note', %s, year, 0, issued_at, currency, -net_amount, -tax_amount,
  -total_amount, '[]', seller, buyer, %s, tax_note, customer_id, order_id, 0,
  credited_invoice_id, id
FROM invoicing_invoice WHERE id = %s
RETURNING id
"""

# What the app role could insert before invoicing 0017, and only the tables' owner since: a
# function of the owner's running the statement given, in the test database only.
AS_BEFORE_0017_SQL = """
CREATE OR REPLACE FUNCTION public.invoicing_test_insert_as_before_0017(p_statement text)
RETURNS bigint
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  v_id bigint;
BEGIN
  EXECUTE p_statement INTO v_id;
  RETURN v_id;
END
$$;
REVOKE ALL ON FUNCTION public.invoicing_test_insert_as_before_0017(text) FROM PUBLIC;
"""
_created_in: set[str] = set()


def written_before_0017(statement: str, params: list) -> int:
    """The id of the row `statement` inserts (`RETURNING id`), as the app role inserted it
    before invoicing 0017, in a staff request's scope (the probe's)."""
    database = connection.settings_dict
    if database["NAME"] not in _created_in:
        # By the owner's own connection: the function outlives the test's transaction.
        owner = psycopg.connect(
            host=database["HOST"],
            port=database["PORT"] or None,
            dbname=database["NAME"],
            user=Roles.owner,
            password=Roles.password,
            autocommit=True,
        )
        with owner:
            owner.execute(AS_BEFORE_0017_SQL)
            owner.execute(
                "GRANT EXECUTE ON FUNCTION public.invoicing_test_insert_as_before_0017(text) "
                f"TO {settings.DATABASE_APP_ROLE}"
            )
        _created_in.add(database["NAME"])
    inserted = psycopg.ClientCursor(connection.connection).mogrify(statement, params)
    with rls_scope(scope=Scope.STAFF, user_id=StaffFactory().pk), connection.cursor() as cursor:
        cursor.execute("SELECT invoicing_test_insert_as_before_0017(%s)", [inserted])
        return cursor.fetchone()[0]


def forged_credit_note(
    invoice: Invoice, *, series: str, issued_at: datetime, year=None, refunded_total=899
) -> int:
    """Its id: a full credit note of `invoice`, written as the probe wrote it before
    invoicing 0017. The numbering is left to run as the five-minute sweep runs it."""
    return written_before_0017(
        FORGED_CREDIT_NOTE_SQL,
        [series, year or issued_at.year, refunded_total, issued_at, invoice.pk],
    )


def forged_debit_note(credit_note_id: int, *, series: str, refund_reference: str) -> int:
    """Its id: a debit note taking back all of the credit note `credit_note_id`, written as
    it could be before invoicing 0017."""
    return written_before_0017(FORGED_DEBIT_NOTE_SQL, [series, refund_reference, credit_note_id])


def refunded(order, total: int) -> None:
    with system_scope():
        order_services.order_record_refunded_amount(
            order=order, refunded_total=total, actor="test", reason="refund"
        )


def test_a_customers_session_writes_no_document_even_of_their_own_order():
    """The probe's customer (alice) had an 8.99 credit note of her own order numbered."""
    order = paid_order(899)
    (invoice,) = documents(order)
    with pytest.raises(DatabaseError, match="in a customer's session"):
        with rls_scope(scope=Scope.CUSTOMER, user_id=order.customer_id):
            with connection.cursor() as cursor:
                cursor.execute(
                    FORGED_CREDIT_NOTE_SQL, ["CN", YEAR, 899, timezone.now(), invoice.pk]
                )
    assert documents(order) == [invoice]


def test_a_row_in_another_series_than_its_kinds_stays_waiting_and_the_rest_are_numbered():
    """A credit note inserted in the invoices' series became INV-2026-000006, one in a series
    of its own ZZZ-2031-000001 (the worker made its counter)."""
    order, refunded_later = paid_order(899), paid_order(500)
    (invoice,) = documents(order)
    in_invoices = forged_credit_note(invoice, series="INV", issued_at=timezone.now())
    of_its_own = forged_credit_note(
        invoice, series="ZZZ", issued_at=timezone.now(), year=2031, refunded_total=898
    )
    refunded(refunded_later, 300)
    paid_after = paid_order(250, numbered=False)

    with as_worker():
        invoices_number()
    with system_scope():
        left = Invoice.objects.filter(pk__in=[in_invoices, of_its_own])
        assert list(left.values_list("number", flat=True)) == [None, None]
        assert set(DocumentCounter.objects.values_list("series", flat=True)) == {"INV", "CN"}
    assert documents(paid_after)[0].number == f"INV-{YEAR}-000003"
    assert documents(refunded_later)[-1].number == f"CN-{YEAR}-000001"


def test_a_row_dated_in_the_future_is_numbered_dated_now_and_dates_no_later_document():
    """A credit note dated 31 December dated every later credit note 31 December: never
    before the number before it."""
    order, later = paid_order(899), paid_order(500)
    with system_scope():
        # Backed by the order's refunded total, as the numbering asks since invoicing 0017.
        Order.objects.filter(pk=order.pk).update(refunded_amount=899)
    forged = forged_credit_note(
        documents(order)[0], series="CN", issued_at=datetime(YEAR, 12, 31, 23, 59, 59, tzinfo=UTC)
    )
    with as_worker():
        invoices_number()
    refunded(later, 200)
    invoices_numbered()

    numbered_at = timezone.now()
    with system_scope():
        assert Invoice.objects.get(pk=forged).issued_at <= numbered_at
    note = documents(later)[-1]
    assert note.number == f"CN-{YEAR}-000002"
    assert note.issued_at <= numbered_at


# An invoice of 0.01 EUR dated last year, as the probe inserted it (BY-1).
FORGED_INVOICE_SQL = """
INSERT INTO invoicing_invoice (kind, series, year, issued_at, currency, net_amount,
  tax_amount, total_amount, lines, seller, buyer, payment_reference, tax_note, customer_id,
  order_id)
SELECT 'invoice', 'INV', 2025, '2025-03-15 12:00+00', currency, 1, 0, 1, '[]', '{}', '{}',
  '', '', customer_id, id
FROM orders_order WHERE id = %s
"""


def forge_invoice(order) -> None:
    with rls_scope(scope=Scope.STAFF, user_id=StaffFactory().pk), connection.cursor() as cursor:
        cursor.execute(FORGED_INVOICE_SQL, [order.pk])


def test_an_invoice_row_written_by_the_app_role_is_refused():
    """The probe's 0.01 EUR invoice of a pending order, dated 2025, was numbered
    INV-2025-000001 and emailed as "Payment received" though the order was never paid."""
    order = create_order(comics=[ComicFactory(price_amount=899)])
    with pytest.raises(DatabaseError, match="insert none"):
        forge_invoice(order)
    assert documents(order) == []


def test_a_payment_after_a_forged_invoice_row_still_gets_its_real_invoice():
    """The row forged before the payment was taken for the order's invoice: the real one
    was never written."""
    order = create_order(comics=[ComicFactory(price_amount=899)], status=OrderStatus.PROCESSING)
    with contextlib.suppress(DatabaseError):
        forge_invoice(order)
    with system_scope():
        order_services.order_transition(order=order, name="mark_paid", actor="test", reason="t")
    invoices_numbered()

    (invoice,) = documents(order)
    assert (invoice.number, invoice.total_amount) == (f"INV-{YEAR}-000001", 899)


def test_the_invoice_writer_refuses_an_order_not_paid():
    order = create_order(comics=[ComicFactory(price_amount=899)])
    with pytest.raises(DatabaseError, match="is not paid"):
        with rls_scope(scope=Scope.STAFF, user_id=StaffFactory().pk):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT invoicing_write_invoice(%s, 'INV', now(), '{}', '', 'ZZ', '')",
                    [order.pk],
                )
    assert documents(order) == []
