import json

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from procrastinate.exceptions import AlreadyEnqueued

from morpheus.db_context import system_scope
from morpheus.jobs import deferred_together
from morpheus.tasks import recover_stalled_jobs
from morpheus_testing.factories import ComicFactory, UserFactory, create_order
from morpheus_testing.jobs import queued_jobs
from orders import services
from orders.transitions import OrderStatus


def _job_names() -> list[str]:
    with system_scope():
        return sorted(name for _, name, _ in queued_jobs())


@pytest.mark.django_db(transaction=True)
def test_a_committed_order_change_leaves_exactly_its_jobs():
    customer, comic = UserFactory(), ComicFactory()
    with system_scope():
        services.cart_add_comic(customer=customer, comic=comic)
        order = services.order_create_from_cart(customer=customer, actor="customer:1")

    assert _job_names() == [
        "analytics.tasks.record_business_event",
        "notifications.tasks.send_order_email",
    ]

    with system_scope():
        services.order_transition(
            name="submit_payment", order=order, actor="customer:1", reason="pay"
        )
        services.order_transition(
            name="mark_paid", order=order, actor="stripe:evt_1", reason="paid"
        )

    assert _job_names() == [
        "analytics.tasks.record_business_event",
        "analytics.tasks.record_business_event",
        "analytics.tasks.record_business_event",
        "delivery.tasks.fulfil_order",
        "invoicing.tasks.send_document_email",
        "notifications.tasks.send_order_email",
    ]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_order_change_leaves_no_job():
    customer, comic = UserFactory(), ComicFactory()
    with system_scope():
        services.cart_add_comic(customer=customer, comic=comic)

    with pytest.raises(RuntimeError), system_scope():
        services.order_create_from_cart(customer=customer, actor="customer:1")
        raise RuntimeError("the request failed after the order was created")

    assert _job_names() == []


@pytest.mark.django_db(transaction=True)
def test_jobs_commit_with_the_change_even_when_nested_in_a_larger_transaction():
    customer, comic = UserFactory(), ComicFactory()
    with system_scope(), transaction.atomic():
        services.cart_add_comic(customer=customer, comic=comic)
        services.order_create_from_cart(customer=customer, actor="customer:1")
        assert len(queued_jobs()) == 2

    assert len(_job_names()) == 2


def _paid_order_statements(order) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        services.order_transition(
            name="mark_paid", order=order, actor="stripe:evt_1", reason="paid"
        )
    return [query["sql"] for query in queries.captured_queries]


def _new_job_names(before: list) -> list[str]:
    return sorted(name for job_id, name, _ in queued_jobs() if job_id > before[-1][0])


@pytest.mark.django_db
def test_jobs_deferred_together_are_written_by_one_statement_when_the_block_ends():
    order = create_order(status=OrderStatus.PROCESSING)
    before = queued_jobs()
    with deferred_together():
        statements = _paid_order_statements(order)
        assert queued_jobs() == before
    assert not any("procrastinate_defer_jobs" in sql for sql in statements)
    assert _new_job_names(before) == [
        "analytics.tasks.record_business_event",
        "delivery.tasks.fulfil_order",
        "invoicing.tasks.send_document_email",
    ]


@pytest.mark.django_db
def test_without_a_batch_each_job_is_written_when_deferred():
    order = create_order(status=OrderStatus.PROCESSING)
    statements = _paid_order_statements(order)
    assert sum("procrastinate_defer_jobs" in sql for sql in statements) == 3


@pytest.mark.django_db
def test_jobs_deferred_together_in_a_failing_block_are_not_written():
    order = create_order(status=OrderStatus.PROCESSING)
    before = queued_jobs()
    with pytest.raises(RuntimeError), deferred_together():
        _paid_order_statements(order)
        raise RuntimeError("the change failed")
    assert queued_jobs() == before


JOB_COLUMNS_SQL = (
    "SELECT queue_name, task_name, priority, lock, queueing_lock, args, scheduled_at, status "
    "FROM procrastinate_jobs WHERE id > %s ORDER BY id"
)


def _jobs_after(job_id: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(JOB_COLUMNS_SQL, [job_id])
        return cursor.fetchall()


def _defer_paid_order_jobs(order) -> None:
    with system_scope():
        services.order_transition(
            name="mark_paid", order=order, actor="stripe:evt_1", reason="paid"
        )


@pytest.mark.django_db
def test_jobs_deferred_together_are_the_rows_procrastinate_writes_one_by_one():
    one_by_one, together = (create_order(status=OrderStatus.PROCESSING) for _ in range(2))
    start = queued_jobs()[-1][0]
    _defer_paid_order_jobs(one_by_one)
    middle = queued_jobs()[-1][0]
    with deferred_together():
        _defer_paid_order_jobs(together)

    written_one_by_one, written_together = _jobs_after(start)[:3], _jobs_after(middle)
    assert len(written_together) == 3
    assert [_argument_names(row) for row in written_together] == [
        _argument_names(row) for row in written_one_by_one
    ]
    fulfilment = next(row for row in written_together if row[1] == "delivery.tasks.fulfil_order")
    assert json.loads(fulfilment[5]) == {"order_id": together.pk}


def _argument_names(row: tuple) -> tuple:
    """The row with its arguments' names for their values (which name each order)."""
    return (*row[:5], sorted(json.loads(row[5])), *row[6:])


@pytest.mark.django_db
def test_a_queueing_lock_already_taken_in_a_batch_is_refused_as_procrastinate_refuses_it():
    with pytest.raises(AlreadyEnqueued), transaction.atomic(), deferred_together():
        recover_stalled_jobs.defer(timestamp=1)
        recover_stalled_jobs.defer(timestamp=2)
