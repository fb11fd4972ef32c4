"""The database guard's functions cannot be pointed at other tables by the caller."""

import psycopg
import pytest
from django.db import connection

from morpheus_testing.factories import create_order
from morpheus_testing.fixtures import TEST_DATABASE
from orders.sql import FIXED_SEARCH_PATH


@pytest.mark.django_db
def test_every_function_of_ours_has_a_fixed_search_path():
    """procrastinate's own functions are its business; the app role cannot shadow their
    tables either, having no TEMPORARY privilege (morpheus.db_privileges)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.proname, coalesce(array_to_string(p.proconfig, ';'), '') "
            "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = 'public' AND p.proname NOT LIKE 'procrastinate%%' "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e')"
        )
        functions = dict(cursor.fetchall())

    assert {"order_status_guard", "reject_history_rewrite", "morpheus_sees_all"} <= set(functions)
    # The numbering's bounded wait for its lock (invoicing 0015, outside probe BX, BX-2).
    more = {"invoicing_number_invoices": ";lock_timeout=2s"}
    assert {
        name: f"search_path={FIXED_SEARCH_PATH}{more.get(name, '')}" for name in functions
    } == functions


@pytest.mark.django_db(transaction=True)
def test_a_temporary_table_of_the_same_name_does_not_capture_the_history(database_urls):
    """The probe, as a role that may create temporary tables (the app role may not)."""
    order = create_order()
    with psycopg.connect(database_urls["admin"], dbname=TEST_DATABASE) as conn:
        conn.execute("CREATE TEMP TABLE orders_orderevent (LIKE public.orders_orderevent)")
        conn.execute("UPDATE orders_order SET status = 'canceled' WHERE id = %s", [order.pk])
        (captured,) = conn.execute("SELECT count(*) FROM pg_temp.orders_orderevent").fetchone()
        (recorded,) = conn.execute(
            "SELECT count(*) FROM public.orders_orderevent "
            "WHERE order_id = %s AND to_status = 'canceled'",
            [order.pk],
        ).fetchone()
        conn.rollback()

    assert (captured, recorded) == (0, 1)
