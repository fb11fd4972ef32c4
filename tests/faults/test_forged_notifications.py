"""A job worker (`manage.py procrastinate worker`, a real process) sent notifications that
are not a job's insert, as SQL injected into a web request could send them: it goes on
working."""

import psycopg
import pytest
from django.db import connection

from morpheus_testing.factories import create_order
from morpheus_testing.processes import process_env, start_worker, stop
from morpheus_testing.waiting import committed_writes, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

DEADLINE_SECONDS = 60
CHANNEL = "procrastinate_any_queue_v1"
FORGED = ["not json", "[]", "{}", '{"type": "abort_job_requested", "job_id": 1}', "null"]


def _worker_listens(admin_url: str, worker_role: str) -> bool:
    """The worker's listening connection to this database has said LISTEN (nothing
    commits to announce it; another role's SQL text is the superuser's to see)."""
    with psycopg.connect(admin_url) as admin:
        (listening,) = admin.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity "
            "WHERE usename = %s AND datname = %s AND query ILIKE 'LISTEN%%')",
            [worker_role, connection.settings_dict["NAME"]],
        ).fetchone()
    return listening


def _jobs_left() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM procrastinate_jobs WHERE status <> 'succeeded'")
        return cursor.fetchone()[0]


def test_a_worker_sent_forged_notifications_keeps_running_its_jobs(database_urls, settings):
    settings.ORDER_RECEIVED_EMAIL_DELAY_SECONDS = 0  # the order's email job runs now
    worker = start_worker(process_env(database_urls["worker"]))
    try:
        wait_until(
            lambda: _worker_listens(database_urls["admin"], settings.DATABASE_WORKER_ROLE),
            timeout=DEADLINE_SECONDS,
            what="the worker listening",
        )
        with connection.cursor() as cursor:  # as the app role
            for payload in FORGED:
                cursor.execute("SELECT pg_notify(%s, %s)", [CHANNEL, payload])

        with committed_writes(database_urls["owner"], "procrastinate_jobs") as jobs:
            create_order()  # its email and analytics jobs
            wait_until(
                lambda: _jobs_left() == 0,
                timeout=DEADLINE_SECONDS,
                what="the order's jobs done",
                changes=jobs,
            )

        assert worker.poll() is None
    finally:
        stop(worker)
