"""What SQL injected into a web request (the app role) can do to the job queue: read it and
add plain waiting jobs, nothing else; the job worker's role does the rest
(`morpheus/migrations/0010_worker_role_runs_the_queue`)."""

import importlib
import json

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.db.utils import ProgrammingError
from django.test import override_settings

from morpheus_testing.factories import create_order
from morpheus_testing.jobs import as_worker, queued_jobs, run_queued_jobs

pytestmark = pytest.mark.django_db

migration = importlib.import_module("morpheus.migrations.0010_worker_role_runs_the_queue")

ORDER_JOBS = ["analytics.tasks.record_business_event", "notifications.tasks.send_order_email"]


def _refused(statement: str, params: list | None = None) -> str:
    """The database's refusal of `statement`, run as the app role; its transaction goes on."""
    with pytest.raises(ProgrammingError) as refusal, transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
    return str(refusal.value)


def _queued_job_id() -> int:
    return queued_jobs()[0][0]


def test_the_app_role_cannot_delete_delay_or_finish_a_queued_job():
    create_order()  # queues its email and analytics jobs
    job_id = _queued_job_id()

    assert "permission denied" in _refused("DELETE FROM procrastinate_jobs")
    assert "permission denied" in _refused(
        "UPDATE procrastinate_jobs SET scheduled_at = now() + interval '10 years'"
    )
    assert "permission denied" in _refused(
        "SELECT procrastinate_finish_job_v1(%s, 'succeeded', true)", [job_id]
    )
    assert "permission denied" in _refused("TRUNCATE procrastinate_jobs")

    assert sorted(run_queued_jobs()) == ORDER_JOBS


def test_the_app_role_cannot_fake_a_workers_heartbeat_or_take_a_job():
    create_order()

    assert "permission denied" in _refused("SELECT procrastinate_register_worker_v1()")
    assert "permission denied" in _refused("SELECT id FROM procrastinate_fetch_job_v2(NULL, NULL)")
    assert "permission denied" in _refused(
        "INSERT INTO procrastinate_periodic_defers (task_name, defer_timestamp, periodic_id) "
        "VALUES ('morpheus.tasks.recover_stalled_jobs', 1, 'recover_stalled_jobs')"
    )
    assert sorted(run_queued_jobs()) == ORDER_JOBS


@pytest.mark.parametrize(
    "column, value",
    [
        ("queueing_lock", "'recover_stalled_jobs'"),
        ("lock", "'order-1'"),
        ("status", "'doing'"),
        ("status", "'succeeded'"),
        ("attempts", "3"),
        ("abort_requested", "true"),
        ("args", "'[1, 2]'"),
        ("args", "'null'"),
    ],
)
def test_the_app_role_adds_only_plain_waiting_jobs(column, value):
    refusal = _refused(
        f"INSERT INTO procrastinate_jobs (queue_name, task_name, {column}) "  # noqa: S608
        f"VALUES ('maintenance', 'morpheus.tasks.recover_stalled_jobs', {value})"
    )

    assert "only the job worker adds a job that is not a plain waiting one" in refusal
    assert queued_jobs() == []


def test_a_periodic_tasks_queueing_lock_taken_by_the_app_role_is_refused_and_the_worker_takes_it():
    from morpheus.tasks import recover_stalled_jobs

    _refused(
        "INSERT INTO procrastinate_jobs (queue_name, task_name, args, queueing_lock, "
        "scheduled_at) VALUES ('maintenance', %s, '{}', 'recover_stalled_jobs', "
        "now() + interval '10 years')",
        [recover_stalled_jobs.name],
    )

    with as_worker():
        recover_stalled_jobs.defer(timestamp=1)

    assert [(name, json.loads(args)) for _, name, args in queued_jobs()] == [
        (recover_stalled_jobs.name, {"timestamp": 1})
    ]


def test_no_queue_table_lets_the_app_role_change_or_remove_rows():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, "
            "has_table_privilege(current_user, c.oid, 'UPDATE, DELETE, TRUNCATE'), "
            "has_table_privilege(current_user, c.oid, 'SELECT') "
            "FROM pg_class c WHERE c.relkind IN ('r', 'p') AND c.relname LIKE 'procrastinate%%'"
        )
        tables = {name: (changes, reads) for name, changes, reads in cursor.fetchall()}

    assert len(tables) >= 4
    assert {name: changes for name, (changes, _) in tables.items() if changes} == {}
    assert all(reads for _, reads in tables.values())


def test_the_migration_stops_when_the_workers_role_is_missing_or_not_a_member_of_the_app_role():
    for role in ("morpheus_nobody", "morpheus_owner"):
        with override_settings(DATABASE_WORKER_ROLE=role):
            with pytest.raises(RuntimeError, match="must exist and be a member of morpheus_app"):
                migration._roles(connection.schema_editor())

    assert migration._roles(connection.schema_editor()) == (
        f'"{settings.DATABASE_APP_ROLE}"',
        f'"{settings.DATABASE_WORKER_ROLE}"',
    )


def test_ids_the_app_role_picks_ahead_of_the_queues_sequences_are_replaced_by_theirs():
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_jobs (id, queue_name, task_name, args) "
            "SELECT (SELECT last_value FROM procrastinate_jobs_id_seq) + g, 'tests', 'x', '{}' "
            "FROM generate_series(1, 3) g RETURNING id"
        )
        job_id = cursor.fetchall()[0][0]
        cursor.execute(
            "INSERT INTO procrastinate_events (id, job_id, type, at) "
            "SELECT (SELECT last_value FROM procrastinate_events_id_seq) + g, %s, 'deferred', "
            "now() - interval '1 day' FROM generate_series(1, 3) g",
            [job_id],
        )

    create_order()  # its jobs, and their events, take the next ids

    assert sorted(run_queued_jobs(names=set(ORDER_JOBS))) == ORDER_JOBS


@pytest.mark.parametrize("event", ["started", "succeeded", "failed", "abort_requested"])
def test_the_app_role_writes_no_event_but_a_jobs_deferral(event):
    create_order()

    refusal = _refused(
        "INSERT INTO procrastinate_events (job_id, type) VALUES (%s, %s)",
        [_queued_job_id(), event],
    )

    assert f"only the job worker writes a job's {event} event" in refusal
