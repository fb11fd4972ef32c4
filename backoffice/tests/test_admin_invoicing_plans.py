"""Every branch of the invoice list's search is served by an index under the staff
context, on a table large enough, and analysed, for PostgreSQL to prefer one."""

import psycopg
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backoffice.staff_groups import FINANCE
from backoffice.tests.test_admin_orders_list_plans import CUSTOMERS_SQL, ORDERS_SQL, insert_in_bulk
from invoicing.models import Invoice
from morpheus.db_context import Scope, rls_scope, system_scope
from morpheus_testing.admin_fixtures import staff_user
from morpheus_testing.factories import PaymentFactory
from orders.models import Order
from payments.models import Refund, RefundStatus

LIST_URL = reverse("admin:invoicing_invoice_changelist")

# An invoice for each of the 30,000 orders, and for one in ten a credit note for two refunds.
INVOICES_SQL = """
INSERT INTO invoicing_invoice (kind, series, year, sequence, number, order_id, issued_at,
                               currency, net_amount, tax_amount, total_amount, lines, seller,
                               buyer, payment_reference, tax_note, customer_id)
SELECT 'invoice', 'INV', 2026, o.id, 'INV-2026-' || lpad(o.id::text, 7, '0'), o.id, now(),
       o.currency, o.total_amount, 0, o.total_amount, '[]', '{}', '{}', 'pi_plan_' || o.id,
       '', o.customer_id
FROM orders_order o
"""
CREDIT_NOTES_SQL = """
INSERT INTO invoicing_invoice (kind, series, year, sequence, number, order_id,
                               credited_invoice_id, refunded_total, issued_at, currency,
                               net_amount, tax_amount, total_amount, lines, seller, buyer,
                               payment_reference, tax_note, customer_id)
SELECT 'credit_note', 'CN', 2026, i.id, 'CN-2026-' || lpad(i.id::text, 7, '0'), i.order_id,
       i.id, 100, now(), i.currency, 100, 0, 100, '[]', '{}', '{}',
       're_plan_a' || i.id || ', re_plan_b' || i.id, '', i.customer_id
FROM invoicing_invoice i WHERE i.id % 10 = 0
"""


@pytest.fixture
def large_books(database_urls) -> Invoice:
    insert_in_bulk(database_urls, CUSTOMERS_SQL, ORDERS_SQL, INVOICES_SQL, CREDIT_NOTES_SQL)
    with system_scope():
        note = Invoice.objects.filter(kind="credit_note").order_by("pk").first()
        Order.objects.filter(pk=note.order_id).update(number="MO-7K3Q-M2XD")
        note.order.refresh_from_db()
        payment = PaymentFactory(
            order=note.order, stripe_payment_intent_id=f"pi_plan_{note.order_id}"
        )
        for stripe_refund_id in note.payment_reference.split(", "):
            Refund.objects.create(
                order=note.order,
                payment=payment,
                amount=50,
                currency=note.currency,
                reason="plan",
                status=RefundStatus.SUCCEEDED,
                stripe_refund_id=stripe_refund_id,
                actor="plan",
            )
    with psycopg.connect(database_urls["owner"], autocommit=True) as owner:
        owner.execute(
            "VACUUM ANALYZE invoicing_invoice, orders_order, payments_payment, payments_refund"
        )
    return note


def _plan(statement: str, staff_id: int) -> str:
    with rls_scope(scope=Scope.STAFF, user_id=staff_id), connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {statement}")
        return "\n".join(line for (line,) in cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_every_search_of_the_invoice_list_reads_invoices_through_an_index(
    client, staff_groups, large_books
):
    staff = staff_user(FINANCE)
    client.force_login(staff)
    note = large_books
    _first, second_refund = note.payment_reference.split(", ")
    searches = {
        "number": note.number.lower(),
        "order number": note.order.number,
        "payment intent": f"pi_plan_{note.order_id}",
        "refund": second_refund,
        "both refunds": note.payment_reference,
    }
    scanned = {}
    for name, term in searches.items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(LIST_URL, {"q": term})
        assert response.status_code == 200
        assert response.context["cl"].result_count >= 1, name
        statements = [
            q["sql"] for q in captured.captured_queries if 'FROM "invoicing_invoice"' in q["sql"]
        ]
        # Its count and its page of documents, both searched, and the count of those waiting
        # for their number (the notice above the list): no count of every document, no
        # currency choices read from the table.
        assert len(statements) == 3, (name, statements)
        assert all(" WHERE " in statement for statement in statements), name
        plans = [_plan(statement, staff.pk) for statement in statements]
        if any("Seq Scan on invoicing_invoice" in plan for plan in plans):
            scanned[name] = plans
    assert scanned == {}
