"""The full transition matrix, in the app (django-fsm) and in the database (trigger)."""

import itertools

import pytest
from django.db import DatabaseError, connection, transaction

from morpheus.db_context import Scope, rls_scope
from morpheus_testing.factories import ComicFactory, UserFactory, create_order
from orders import errors, services
from orders.models import Order, OrderEvent, OrderEventType
from orders.transitions import (
    ALLOWED_PAIRS,
    CUSTOMER_PAIRS,
    DONE_STATUSES,
    ENDED_STATUSES,
    ENTITLED_STATUSES,
    FREE_ONLY_PAIRS,
    TRANSITIONS,
    UNPAID_STATUSES,
    OrderStatus,
)

ALL_PAIRS = list(itertools.product([s.value for s in OrderStatus], repeat=2))
ALLOWED = sorted(ALLOWED_PAIRS)
DISALLOWED = sorted(pair for pair in ALL_PAIRS if pair not in ALLOWED_PAIRS and pair[0] != pair[1])
TRANSITION_FOR = {(s.value, t.target.value): t.name for t in TRANSITIONS for s in t.sources}


def status_changes(order):
    return OrderEvent.objects.filter(order=order, type=OrderEventType.STATUS_CHANGED)


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_allowed_transition_succeeds_and_writes_one_history_row(source, target):
    free = (source, target) in FREE_ONLY_PAIRS
    order = create_order(status=source, comics=[ComicFactory(price_amount=0)] if free else None)
    before = status_changes(order).count()

    services.order_transition(
        order=order, name=TRANSITION_FOR[source, target], actor="staff:ada", reason="matrix"
    )

    order.refresh_from_db()
    assert order.status == target
    changes = list(status_changes(order))
    assert len(changes) == before + 1
    last = changes[-1]
    assert (last.from_status, last.to_status) == (source, target)
    assert (last.actor, last.reason) == ("staff:ada", "matrix")


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), DISALLOWED)
def test_disallowed_transition_is_refused_by_the_app(source, target):
    order = create_order(status=source)
    names = {t.name for t in TRANSITIONS if t.target == target}
    before = status_changes(order).count()

    for name in names:
        with pytest.raises(errors.TransitionNotAllowed):
            services.order_transition(order=order, name=name, actor="staff:ada", reason="no")

    order.refresh_from_db()
    assert order.status == source
    assert status_changes(order).count() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), DISALLOWED)
def test_disallowed_transition_forced_with_raw_sql_is_rejected_by_the_database(source, target):
    order = create_order(status=source)

    with (
        pytest.raises(DatabaseError, match="cannot go from"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE orders_order SET status = %s WHERE id = %s", [target, order.pk])

    order.refresh_from_db()
    assert order.status == source


@pytest.mark.django_db
def test_allowed_change_by_raw_sql_is_still_recorded_with_the_database_role():
    order = create_order()

    with connection.cursor() as cursor:
        cursor.execute("UPDATE orders_order SET status = 'processing' WHERE id = %s", [order.pk])

    change = status_changes(order).get()
    assert change.actor == "database:morpheus_app"
    assert (change.from_status, change.to_status) == ("pending", "processing")


@pytest.mark.django_db
def test_orders_cannot_be_inserted_past_pending():
    order = create_order()

    with (
        pytest.raises(DatabaseError, match="must start as pending"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "INSERT INTO orders_order (number, customer_id, email, currency, "
            "subtotal_amount, total_amount, refunded_amount, status, version, "
            "flagged_reason, created_at, updated_at) "
            "VALUES ('MO-X', %s, 'x@example.com', 'EUR', 1, 1, 0, 'paid', 1, '', "
            "now(), now())",
            [order.customer_id],
        )


@pytest.mark.django_db
def test_database_guard_allows_exactly_the_transition_table():
    with connection.cursor() as cursor:
        cursor.execute("SELECT from_status::text, to_status::text FROM order_allowed_transitions()")
        installed = set(cursor.fetchall())

    assert installed == set(ALLOWED_PAIRS)


@pytest.mark.django_db
def test_status_column_is_the_postgres_enum():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT udt_name FROM information_schema.columns "
            "WHERE table_name = 'orders_order' AND column_name = 'status'"
        )
        assert cursor.fetchone() == ("order_status",)
        cursor.execute("SELECT enum_range(NULL::order_status)::text[]")
        assert cursor.fetchone()[0] == [s.value for s in OrderStatus]


@pytest.mark.django_db
def test_status_field_cannot_be_assigned_directly():
    order = create_order()

    with pytest.raises(AttributeError):
        order.status = OrderStatus.PAID


def test_staff_may_only_cancel_by_hand_and_are_told_what_makes_the_rest():
    assert [t.name for t in TRANSITIONS if t.by_hand] == ["cancel"]
    assert all(t.made_by for t in TRANSITIONS if not t.by_hand)


def test_status_groups_split_every_status_once():
    groups = [UNPAID_STATUSES, ENTITLED_STATUSES, ENDED_STATUSES]

    assert sorted(s for group in groups for s in group) == sorted(OrderStatus)
    assert set(DONE_STATUSES) <= set(ENTITLED_STATUSES)


def test_fsm_methods_are_private_to_order_transition():
    """Only `order_transition` moves a status: the generated methods are not public API."""
    assert not any(hasattr(Order, t.name) for t in TRANSITIONS)
    assert all(callable(getattr(Order, f"_{t.name}")) for t in TRANSITIONS)


def forced_in_customer_session(order: Order, target: str) -> None:
    """SQL run in the order's customer's request (an injected query, say)."""
    with (
        transaction.atomic(),
        rls_scope(scope=Scope.CUSTOMER, user_id=order.customer_id),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE orders_order SET status = %s WHERE id = %s", [target, order.pk])


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), sorted(ALLOWED_PAIRS - CUSTOMER_PAIRS))
def test_sql_in_a_customers_session_cannot_make_moves_of_stripe_the_worker_or_staff(source, target):
    order = create_order(status=source)

    with pytest.raises(DatabaseError, match="in a customer's session"):
        forced_in_customer_session(order, target)

    order.refresh_from_db()
    assert order.status == source


@pytest.mark.django_db
@pytest.mark.parametrize(("source", "target"), sorted(CUSTOMER_PAIRS))
def test_a_customers_session_makes_its_own_moves(source, target):
    free = (source, target) in FREE_ONLY_PAIRS
    order = create_order(status=source, comics=[ComicFactory(price_amount=0)] if free else None)

    forced_in_customer_session(order, target)

    order.refresh_from_db()
    assert order.status == target


@pytest.mark.django_db
@pytest.mark.parametrize("scope", [Scope.SYSTEM, Scope.STAFF, Scope.CUSTOMER])
def test_an_order_with_something_to_pay_never_becomes_paid_without_a_payment(scope):
    order = create_order()

    with (
        pytest.raises(DatabaseError, match="has 499 to pay"),
        transaction.atomic(),
        rls_scope(scope=scope, user_id=order.customer_id),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE orders_order SET status = 'paid' WHERE id = %s", [order.pk])

    order.refresh_from_db()
    assert (order.status, order.total_amount) == (OrderStatus.PENDING, 499)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE orders_order SET total_amount = 0, subtotal_amount = 0 WHERE id = %(order)s",
        "UPDATE orders_order SET tax_added_amount = 100 WHERE id = %(order)s",
        "UPDATE orders_order SET tax_removed_amount = 100 WHERE id = %(order)s",
        "UPDATE orders_order SET prices_include_tax = false WHERE id = %(order)s",
        "UPDATE orders_orderitem SET unit_amount = 0 WHERE order_id = %(order)s",
        "UPDATE orders_orderitem SET discount_amount = unit_amount WHERE order_id = %(order)s",
        "INSERT INTO orders_orderitem (order_id, comic_id, title, unit_amount, refunded_amount,"
        " refund_pending_amount, discount_amount) VALUES (%(order)s, %(comic)s, 'x', 0, 0, 0, 0)",
        "DELETE FROM orders_orderitem WHERE order_id = %(order)s",
    ],
    ids=[
        "totals",
        "vat-added",
        "vat-removed",
        "prices-net",
        "item-price",
        "item-discount",
        "new-item",
        "drop-items",
    ],
)
def test_sql_in_a_customers_session_cannot_touch_what_an_order_costs(statement):
    order = create_order(comics=[ComicFactory(price_amount=499)])
    other_comic = ComicFactory(price_amount=999)

    with pytest.raises(DatabaseError, match="in a customer's session"):
        with (
            transaction.atomic(),
            rls_scope(scope=Scope.CUSTOMER, user_id=order.customer_id),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, {"order": order.pk, "comic": other_comic.pk})

    order.refresh_from_db()
    assert (order.total_amount, [i.paid_amount for i in order.items.all()]) == (499, [499])


@pytest.mark.django_db
def test_a_context_switched_in_the_middle_of_a_statement_cannot_zero_an_order():
    """The penetration test's bypass of the guards' first version: a forged "system"
    context for one row, the customer's own (which the policies see) for the other."""
    customer = UserFactory()
    first, second = (create_order(customer=customer) for _ in range(2))

    with pytest.raises(DatabaseError, match="in a customer's session"):
        with (
            transaction.atomic(),
            rls_scope(scope=Scope.CUSTOMER, user_id=customer.pk),
            connection.cursor() as cursor,
        ):
            cursor.execute("SELECT current_setting('morpheus.context')")
            (signed,) = cursor.fetchone()
            cursor.execute(
                "UPDATE orders_order SET total_amount = 0, subtotal_amount = 0"
                " WHERE id IN (%(a)s, %(b)s) AND set_config('morpheus.context',"
                " CASE WHEN id = %(a)s THEN 'system::forged' ELSE %(signed)s END, true)"
                " IS NOT NULL",
                {"a": first.pk, "b": second.pk, "signed": signed},
            )

    assert {Order.objects.get(pk=o.pk).total_amount for o in (first, second)} == {499}
