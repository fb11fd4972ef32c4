import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app
from procrastinate.contrib.django.utils import connector_params
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.sync_psycopg_connector import SyncPsycopgConnector
from prometheus_client import REGISTRY

from morpheus.db_context import system_scope
from morpheus.errors import RetriedLater
from morpheus.job_actions import JobAction, jobs_change
from morpheus.jobs import PROOF, deferred_together, job, job_proof, jobs_given_up
from morpheus.tasks import purge_throttle_buckets, recover_stalled_jobs
from morpheus_testing.factories import ComicFactory, UserFactory, create_order
from morpheus_testing.jobs import as_worker, queued_jobs, run_queued_jobs, run_worker
from orders import services
from orders.transitions import OrderStatus

RUNS: list[dict[str, Any]] = []


@job(queue="tests")
def note_run(**arguments: Any) -> None:
    """These tests' job: notes the arguments of each run."""
    RUNS.append(arguments)


@job(queue="tests", queueing_lock="note_run_alone")
def note_run_alone(**arguments: Any) -> None:
    RUNS.append(arguments)


@job(queue="tests", retry=RetryStrategy(max_attempts=2))
def fail_first_run(**arguments: Any) -> None:
    RUNS.append(arguments)
    if len(RUNS) == 1:
        raise RuntimeError("the first run fails")


@job(queue="tests")
def note_database_role(**arguments: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        RUNS.append({"role": cursor.fetchone()[0]})


@pytest.fixture(autouse=True)
def no_runs_yet():
    RUNS.clear()


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
        "invoicing.tasks.number_invoices",
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
    with system_scope():
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
        "invoicing.tasks.number_invoices",
        "invoicing.tasks.send_document_email",
    ]


@pytest.mark.django_db
def test_a_status_change_writes_the_jobs_its_receivers_defer_in_one_statement():
    order = create_order(status=OrderStatus.PROCESSING)
    before = queued_jobs()
    statements = _paid_order_statements(order)
    assert sum("procrastinate_defer_jobs" in sql for sql in statements) == 1
    assert len(_new_job_names(before)) == 4


@pytest.mark.django_db
def test_without_a_batch_each_job_is_written_when_deferred():
    with system_scope():
        note_run.defer(run=1)
        assert [name for _, name, _ in queued_jobs()] == [note_run.name]
        note_run.defer(run=2)
        assert [name for _, name, _ in queued_jobs()] == [note_run.name, note_run.name]


@contextmanager
def the_workers_connector() -> Iterator[None]:
    """The app on a pool of its own, as `manage.py procrastinate worker` runs it
    (`app.replace_connector(get_worker_connector())`), for the jobs' code run in it."""
    params = connector_params()
    params.pop("options", None)
    pool = SyncPsycopgConnector(kwargs=params)
    pool.open()
    try:
        with app.replace_connector(pool):
            yield
    finally:
        pool.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("task", [note_run, note_run_alone], ids=["job", "with-queueing-lock"])
def test_a_job_deferred_by_a_jobs_change_in_the_worker_rolls_back_with_that_change(task):
    """Found in a hung test run: in the worker, the jobs the fulfilment's change deferred
    went through the worker's own pool, committed at once (before that change, or for one
    rolled back), and waited for locks that change held."""
    with the_workers_connector(), as_worker():
        with pytest.raises(RuntimeError), transaction.atomic():
            task.defer(n=1)
            raise RuntimeError("the job's change failed")
        with transaction.atomic(), CaptureQueriesContext(connection) as statements:
            task.defer(n=2)

    assert [json.loads(arguments) for _, _, arguments in queued_jobs()] == [{"n": 2}]
    assert any("procrastinate_defer_jobs" in query["sql"] for query in statements)


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

    written_one_by_one, written_together = _jobs_after(start)[:4], _jobs_after(middle)
    assert len(written_together) == 4
    assert [_argument_names(row) for row in written_together] == [
        _argument_names(row) for row in written_one_by_one
    ]
    fulfilment = next(row for row in written_together if row[1] == "delivery.tasks.fulfil_order")
    assert json.loads(fulfilment[5]) == {
        "order_id": together.pk,
        PROOF: job_proof("delivery.tasks.fulfil_order", {"order_id": together.pk}),
    }


def _argument_names(row: tuple) -> tuple:
    """The row with its arguments' names for their values (which name each order)."""
    return (*row[:5], sorted(json.loads(row[5])), *row[6:])


@pytest.mark.django_db
def test_a_queueing_lock_already_taken_in_a_batch_is_refused_as_procrastinate_refuses_it():
    # Only the worker defers a job with a queueing lock (its periodic tasks).
    with as_worker(), pytest.raises(AlreadyEnqueued), transaction.atomic(), deferred_together():
        recover_stalled_jobs.defer(timestamp=1)
        recover_stalled_jobs.defer(timestamp=2)


@pytest.mark.django_db
def test_a_job_runs_whichever_way_the_app_deferred_it():
    note_run.defer(way="defer")
    note_run.configure(priority=5).defer(way="configure")
    note_run.batch_defer({"way": "batch_defer"})
    with deferred_together():
        note_run.defer(way="together")
    with as_worker(), deferred_together():
        note_run_alone.defer(way="together, with a queueing lock")

    run_queued_jobs(names={note_run.name, note_run_alone.name})

    assert sorted(run["way"] for run in RUNS) == [
        "batch_defer",
        "configure",
        "defer",
        "together",
        "together, with a queueing lock",
    ]


def _insert_job(task_name: str, arguments: dict[str, Any]) -> int:
    """What SQL injected into a request can do: the tests act as the app role."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, args, status) "
            "VALUES ('tests', %s, %s, 'todo') RETURNING id",
            [task_name, json.dumps(arguments)],
        )
        return cursor.fetchone()[0]


def _job_status(job_id: int) -> tuple[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT status, attempts FROM procrastinate_jobs WHERE id = %s", [job_id])
        return cursor.fetchone()


def _waiting(task_name: str) -> list[tuple[int, str, str]]:
    """The jobs as stored, proof included."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, task_name, args FROM procrastinate_jobs WHERE task_name = %s", [task_name]
        )
        return cursor.fetchall()


def _refused(task_name: str) -> float:
    return REGISTRY.get_sample_value("morpheus_jobs_refused_total", {"job": task_name}) or 0.0


@pytest.mark.django_db
def test_a_job_queued_by_sql_without_the_apps_proof_does_not_run(caplog):
    note_run.defer(order_id=1)
    (genuine,) = [json.loads(args) for _, _, args in _waiting(note_run.name)]
    others_proof = job_proof(note_run.name, {"order_id": 2})
    refused_before = _refused(note_run.name)
    forged = [
        _insert_job(note_run.name, {"order_id": 2}),
        _insert_job(note_run.name, {"order_id": 2, PROOF: genuine[PROOF]}),
        _insert_job(note_run.name, {"order_id": 2, PROOF: others_proof.upper()}),
        _insert_job(note_run_alone.name, {"order_id": 2, PROOF: others_proof}),
        _insert_job(note_run.name, {"order_id": 2, PROOF: "é"}),
    ]

    with caplog.at_level(logging.ERROR, logger="morpheus.jobs"):
        ran = run_queued_jobs(names={note_run.name, note_run_alone.name})

    assert ran == [note_run.name]
    assert RUNS == [{"order_id": 1}]
    assert [_job_status(job_id)[0] for job_id in forged] == ["aborted"] * 5
    assert _refused(note_run.name) - refused_before == 4
    assert f"refused job {forged[0]} {note_run.name}: no valid proof" in caplog.text
    assert "['job_proof', 'order_id']" in caplog.text
    assert genuine[PROOF] not in caplog.text


@pytest.mark.django_db(transaction=True)
def test_the_worker_refuses_a_forged_job_once_and_never_retries_it():
    forged = _insert_job(note_run.name, {"order_id": 2})

    run_worker()

    assert RUNS == []
    assert _job_status(forged) == ("aborted", 1)


@pytest.mark.django_db(transaction=True)
def test_a_failed_job_keeps_its_proof_and_runs_again():
    fail_first_run.defer(order_id=1)

    run_worker()

    assert RUNS == [{"order_id": 1}, {"order_id": 1}]
    ((job_id, _, _),) = _waiting(fail_first_run.name)
    assert _job_status(job_id) == ("succeeded", 2)


@pytest.mark.django_db
def test_a_periodic_job_runs_without_a_proof_as_the_worker_defers_it():
    _insert_job(purge_throttle_buckets.name, {"timestamp": 1_700_000_000})

    assert run_queued_jobs(names={purge_throttle_buckets.name}) == [purge_throttle_buckets.name]


def _current_role() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_tests_act_as_the_app_role_and_the_jobs_they_run_as_the_workers():
    note_database_role.defer()

    run_queued_jobs(names={note_database_role.name})

    assert RUNS == [{"role": settings.DATABASE_WORKER_ROLE}]
    assert _current_role() == settings.DATABASE_APP_ROLE


@pytest.mark.django_db(transaction=True)
def test_the_worker_thread_runs_its_jobs_as_the_workers_role():
    note_database_role.defer()

    run_worker()

    assert RUNS == [{"role": settings.DATABASE_WORKER_ROLE}]
    assert _current_role() == settings.DATABASE_APP_ROLE


def _waiting_jobs_command() -> str:
    """`manage.py waiting_jobs`: what it says, as it exits 0 or 1."""
    output = StringIO()
    try:
        call_command("waiting_jobs", stdout=output)
    except CommandError as waiting:
        return f"exit {waiting.returncode}: {waiting}"
    return f"exit 0: {output.getvalue().strip()}"


@pytest.mark.django_db
def test_before_a_key_change_the_jobs_the_app_scheduled_are_waited_for_and_forged_ones_not():
    assert _waiting_jobs_command() == "exit 0: No job the app deferred waits to run."
    later = timezone.now() + timedelta(hours=2)
    note_run.configure(schedule_at=later).defer(order_id=1)
    note_run.defer(order_id=2)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, args, scheduled_at) "
            "VALUES ('tests', %s, %s, now() + interval '50 years')",
            [note_run.name, json.dumps({"order_id": 3, PROOF: "forged"})],
        )
    _insert_job(note_run.name, {"order_id": 4})

    assert _waiting_jobs_command() == (
        f"exit 1: 2 job(s) the app deferred wait to run, the last due at {later.isoformat()}"
    )


class _Outage(RetriedLater):
    pass


@job(queue="tests", retry=RetryStrategy(max_attempts=2))
def meet_an_outage_first(**arguments: Any) -> None:
    RUNS.append(arguments)
    if RUNS.count(arguments) == 1:
        raise _Outage("VIES did not answer")


@job(queue="tests", retry=RetryStrategy(max_attempts=2))
def meet_a_fault_first(**arguments: Any) -> None:
    RUNS.append(arguments)
    if RUNS.count(arguments) == 1:
        raise RuntimeError("a fault")


@pytest.mark.django_db(transaction=True)
def test_an_outage_a_job_retries_is_a_warning_and_a_fault_an_error_with_its_traceback(caplog):
    """Found by an outside probe: VIES being out of reach, which the README calls the normal
    retry path, was logged as an ERROR with a traceback every minute."""
    meet_an_outage_first.defer(order_id=1)
    meet_a_fault_first.defer(order_id=2)

    with caplog.at_level(logging.WARNING, logger="morpheus.jobs"):
        run_worker()

    outage, fault = (
        [r for r in caplog.records if r.name == "morpheus.jobs" and name in r.getMessage()]
        for name in (meet_an_outage_first.name, meet_a_fault_first.name)
    )
    assert [(r.levelname, r.exc_text) for r in outage] == [("WARNING", None)]
    assert "VIES did not answer" in outage[0].getMessage()
    assert [r.levelname for r in fault] == ["ERROR"]
    assert "RuntimeError: a fault" in fault[0].exc_text  # its traceback, masked


@job(queue="tests", retry=RetryStrategy(max_attempts=1))
def meet_an_outage_each_time(**arguments: Any) -> None:
    RUNS.append(arguments)
    raise _Outage("VIES did not answer")


@pytest.mark.django_db(transaction=True)
def test_a_job_failing_at_its_last_attempt_is_logged_as_given_up_not_as_to_be_retried(
    log_output,
):
    """Outside finding HO: the VIES check's last attempt logged "to be retried", and nothing
    ran it again."""
    meet_an_outage_each_time.defer(order_id=1)

    run_worker()

    assert RUNS == [{"order_id": 1}, {"order_id": 1}]
    logged = [
        (record["level"], record["message"])
        for record in map(json.loads, log_output.getvalue().splitlines())
        if record["logger"] == "morpheus.jobs"
    ]
    name = meet_an_outage_each_time.name
    assert logged == [
        ("WARNING", f"job {name} failed, to be retried: VIES did not answer"),
        ("ERROR", f"job {name} failed at its last attempt, not to be retried: VIES did not answer"),
    ]


@job(queue="tests", retry=RetryStrategy(max_attempts=3))
def meet_an_outage_after_staff_aborted_it(**arguments: Any) -> None:
    RUNS.append(arguments)
    with connection.cursor() as cursor:  # staff's Abort on the job queue list, as it runs
        cursor.execute(
            "UPDATE procrastinate_jobs SET abort_requested = true "
            "WHERE status = 'doing' AND task_name = %s",
            [meet_an_outage_after_staff_aborted_it.name],
        )
    raise _Outage("Stripe did not answer")


@pytest.mark.django_db(transaction=True)
def test_a_running_job_staff_aborted_that_fails_is_logged_as_not_retried(log_output):
    """Outside probe BH-10: it was logged "failed, to be retried", and nothing ran it again."""
    meet_an_outage_after_staff_aborted_it.defer(order_id=1)

    run_worker()

    assert RUNS == [{"order_id": 1}]
    logged = [
        (record["level"], record["message"])
        for record in map(json.loads, log_output.getvalue().splitlines())
        if record["logger"] == "morpheus.jobs"
    ]
    name = meet_an_outage_after_staff_aborted_it.name
    assert logged == [
        ("ERROR", f"job {name} failed, not to be retried: staff aborted it: Stripe did not answer")
    ]


@pytest.mark.django_db
def test_the_jobs_given_up_are_those_no_job_of_the_same_argument_waits_runs_or_did():
    for order_id, statuses in {
        1: ["failed"],
        2: ["aborted", "failed"],
        3: ["failed", "todo"],
        4: ["failed", "doing"],
        5: ["failed", "succeeded"],
        6: ["succeeded"],
    }.items():
        for status in statuses:
            job_id = note_run.defer(order_id=order_id)
            with as_worker(), connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE procrastinate_jobs SET status = %s WHERE id = %s", [status, job_id]
                )

    given_up = jobs_given_up(task_name=note_run.name, argument="order_id")

    assert sorted(given_up) == [1, 2]


@pytest.mark.django_db
def test_a_job_staff_cancelled_on_the_job_queue_list_is_given_up():
    """Its work is done by no job: a canceled order's intent would stay open at Stripe,
    unflagged, once staff cancelled the job that cancels it."""
    job_id = note_run.defer(order_id=7)
    with as_worker():
        jobs_change(action=JobAction.CANCEL, job_ids=[job_id])

    assert jobs_given_up(task_name=note_run.name, argument="order_id") == [7]
