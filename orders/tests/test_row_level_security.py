"""Row-level security, checked through the web app's own database role."""

import hashlib
import hmac

import pytest
from django.db import DatabaseError, connection, transaction

from morpheus.db_context import Scope, rls_scope, system_scope
from morpheus_testing.factories import ComicFactory, PaymentFactory, UserFactory, create_order
from orders.models import Order
from payments.models import Payment
from promotions.services import discount_apply
from promotions.tests.factories import make_code

CUSTOMER_TABLES = [
    "orders_order",
    "orders_orderitem",
    "orders_orderevent",
    "orders_cart",
    "orders_cartitem",
]


def raw_order_numbers() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT number FROM orders_order")
        return {row[0] for row in cursor.fetchall()}


def raw_count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
        return cursor.fetchone()[0]


@pytest.fixture
def two_customers_orders():
    alice, bob = UserFactory(), UserFactory()
    alices = {create_order(customer=alice).number, create_order(customer=alice).number}
    bobs = {create_order(customer=bob).number}
    return alice, bob, alices, bobs


@pytest.mark.django_db
def test_the_app_connects_as_a_role_that_cannot_bypass_rls():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, rolsuper, rolbypassrls, "
            "(SELECT tableowner FROM pg_tables WHERE tablename = 'orders_order') "
            "FROM pg_roles WHERE rolname = current_user"
        )
        user, superuser, bypass, owner = cursor.fetchone()

    assert user == "morpheus_app"
    assert not superuser
    assert not bypass
    assert owner != user


@pytest.mark.django_db
def test_a_customer_sees_only_their_own_orders_even_through_raw_sql(two_customers_orders):
    alice, bob, alices, bobs = two_customers_orders

    with rls_scope(scope=Scope.CUSTOMER, user_id=alice.pk):
        assert raw_order_numbers() == alices
        assert set(Order.objects.values_list("number", flat=True)) == alices
    with rls_scope(scope=Scope.CUSTOMER, user_id=bob.pk):
        assert raw_order_numbers() == bobs


@pytest.mark.django_db
def test_child_rows_follow_their_orders_visibility(two_customers_orders):
    alice, _, alices, _ = two_customers_orders

    with rls_scope(scope=Scope.CUSTOMER, user_id=alice.pk):
        assert raw_count("orders_orderitem") == len(alices)
        assert raw_count("orders_orderevent") == len(alices)


@pytest.mark.django_db
def test_without_context_nothing_is_visible(two_customers_orders):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('morpheus.context', '', true)")
        assert raw_order_numbers() == set()
        for table in CUSTOMER_TABLES:
            assert raw_count(table) == 0


@pytest.mark.django_db
def test_anonymous_scope_sees_nothing(two_customers_orders):
    with rls_scope(scope=Scope.ANONYMOUS):
        assert raw_order_numbers() == set()


@pytest.mark.django_db
def test_staff_scope_sees_every_order(two_customers_orders):
    _, _, alices, bobs = two_customers_orders

    with rls_scope(scope=Scope.STAFF, user_id=1):
        assert raw_order_numbers() >= alices | bobs


@pytest.mark.django_db
def test_a_customer_cannot_insert_an_order_for_someone_else(two_customers_orders):
    alice, bob, _, _ = two_customers_orders

    refused_by_row_level_security(
        alice,
        "INSERT INTO orders_order (number, customer_id, email, currency, "
        "subtotal_amount, total_amount, refunded_amount, status, version, "
        "flagged_reason, created_at, updated_at) "
        "VALUES ('MO-FORGED', %s, 'x@example.com', 'EUR', 1, 1, 0, 'pending', 1, '', "
        "now(), now())",
        [bob.pk],
    )


@pytest.mark.django_db
def test_a_customer_cannot_move_their_order_to_someone_else(two_customers_orders):
    alice, bob, alices, _ = two_customers_orders

    refused_by_row_level_security(
        alice,
        "UPDATE orders_order SET customer_id = %s WHERE number = %s",
        [bob.pk, next(iter(alices))],
    )


def refused_by_row_level_security(customer, sql: str, params: list) -> None:
    """Refused by the policy, or before it by the guard on a customer's writes (0020)."""
    with pytest.raises(DatabaseError, match=r"row-level security|in a customer's session"):
        with rls_scope(scope=Scope.CUSTOMER, user_id=customer.pk), connection.cursor() as cursor:
            cursor.execute(sql, params)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("ALTER TABLE orders_order DISABLE ROW LEVEL SECURITY", "must be owner"),
        ("ALTER TABLE orders_order NO FORCE ROW LEVEL SECURITY", "must be owner"),
        ("DROP POLICY orders_order_isolation ON orders_order", "must be owner"),
        ("SET ROLE morpheus_owner", "permission denied"),
        ("TRUNCATE orders_order", "permission denied"),
        ("SELECT * FROM morpheus_rls_context_key", "permission denied"),
        ("SELECT morpheus_sign_context('system', NULL)", "permission denied"),
        ("DELETE FROM morpheus_rls_context_key", "permission denied"),
    ],
)
def test_the_app_role_cannot_switch_off_the_isolation_nor_read_the_key_nor_sign_in_sql(
    statement, message
):
    with pytest.raises(DatabaseError, match=message):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)


def context_setting() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('morpheus.context', true)")
        return cursor.fetchone()[0]


def forged_signature(scope: str) -> str:
    """A well-formed context signed with a key that is not the database's."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_backend_pid(), "
            "(extract(epoch FROM transaction_timestamp()) * 1000000)::bigint"
        )
        pid, started = cursor.fetchone()
    message = f"{scope}::{pid}:{started}".encode()
    return f"{scope}::{hmac.new(b'guessed key', message, hashlib.sha256).hexdigest()}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        "SELECT set_config('morpheus.scope', 'system', true), "
        "set_config('morpheus.user_id', '', true)",
        "SELECT set_config('morpheus.context', 'system::', true)",
        "SELECT set_config('morpheus.context', 'staff:1:' || repeat('0', 64), true)",
    ],
)
def test_a_context_set_by_hand_sees_nothing(two_customers_orders, statement):
    with rls_scope(scope=Scope.ANONYMOUS), connection.cursor() as cursor:
        cursor.execute(statement)
        assert raw_order_numbers() == set()
        for table in CUSTOMER_TABLES:
            assert raw_count(table) == 0


@pytest.mark.django_db
def test_a_context_signed_with_another_key_sees_nothing(two_customers_orders):
    with rls_scope(scope=Scope.ANONYMOUS), connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('morpheus.context', %s, true)", [forged_signature("system")]
        )
        assert raw_order_numbers() == set()


@pytest.mark.django_db(transaction=True)
def test_a_signed_context_replayed_in_a_later_transaction_sees_nothing():
    create_order()
    with system_scope():
        captured = context_setting()
        assert raw_order_numbers()

    with rls_scope(scope=Scope.ANONYMOUS), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('morpheus.context', %s, true)", [captured])
        assert raw_order_numbers() == set()


@pytest.mark.django_db(transaction=True)
def test_a_signed_context_replayed_by_another_backend_sees_nothing(database_urls):
    import psycopg

    create_order()
    with system_scope(), psycopg.connect(database_urls["app"]) as other:
        captured = context_setting()
        other.execute("SELECT set_config('morpheus.context', %s, true)", [captured])
        assert other.execute("SELECT count(*) FROM orders_order").fetchone() == (0,)
        assert raw_order_numbers()


@pytest.mark.django_db
def test_the_policies_check_the_context_once_per_statement_not_per_row():
    with rls_scope(scope=Scope.STAFF, user_id=1), connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT i.id FROM orders_orderitem i JOIN orders_order o ON o.id = i.order_id"
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "InitPlan" in plan
    assert "morpheus_sees_all" not in plan
    assert "morpheus_is_current_customer" not in plan


@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM promotions_discountuse WHERE order_id = %(order)s",
        "UPDATE payments_payment SET status = 'succeeded' WHERE order_id = %(order)s",
        "UPDATE tax_ordertaxevidence SET declared_country = 'US' WHERE order_id = %(order)s",
        "DELETE FROM tax_itemtax WHERE order_id = %(order)s",
    ],
    ids=["code-use", "payment", "vat-evidence", "item-tax"],
)
def test_a_customers_session_writes_none_of_the_shops_rows_about_its_order(statement):
    order = create_order(comics=[ComicFactory(price_amount=1000)])
    make_code("ONCE", percent_off=10)
    discount_apply(order=order, code="ONCE", customer=order.customer, actor="test")
    PaymentFactory(order=order, stripe_payment_intent_id=f"pi_rows_{order.pk}")

    with pytest.raises(DatabaseError, match="in a customer's session"):
        with (
            transaction.atomic(),
            rls_scope(scope=Scope.CUSTOMER, user_id=order.customer_id),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, {"order": order.pk})

    assert Payment.objects.get(order=order).status != "succeeded"
