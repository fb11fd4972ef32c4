import pytest
from django.db import DatabaseError, connection, transaction

from morpheus.db_context import system_scope
from morpheus_testing.factories import create_order
from orders.models import OrderEvent, OrderEventType


@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE orders_orderevent SET reason = 'rewritten' WHERE order_id = %s",
        "DELETE FROM orders_orderevent WHERE order_id = %s",
    ],
)
def test_history_rows_cannot_be_rewritten_or_deleted(statement):
    order = create_order(status="paid")
    before = list(OrderEvent.objects.filter(order=order).values_list("id", "reason"))

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, [order.pk])

    assert list(OrderEvent.objects.filter(order=order).values_list("id", "reason")) == before


@pytest.mark.django_db(transaction=True)
def test_history_is_append_only_even_for_the_tables_owner(database_urls):
    import psycopg

    order = create_order(status="processing")

    with psycopg.connect(database_urls["owner"]) as owner:
        owner.execute(
            "SELECT set_config('morpheus.context', morpheus_sign_context('system', NULL), true)"
        )
        with pytest.raises(psycopg.DatabaseError, match="append-only"):
            owner.execute("DELETE FROM orders_orderevent WHERE order_id = %s", [order.pk])

    with system_scope():
        changes = OrderEvent.objects.filter(order=order, type=OrderEventType.STATUS_CHANGED)
        assert changes.count() == 1
