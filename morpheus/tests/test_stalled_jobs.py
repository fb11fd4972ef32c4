from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from procrastinate.contrib.django import app

from morpheus.tasks import recover_stalled_jobs
from morpheus_testing.factories import create_order
from morpheus_testing.jobs import as_worker, run_queued_jobs


@pytest.fixture(autouse=True)
def _order_jobs_due_now(settings):
    """`create_order` queues the order's email and analytics jobs, both due at once."""
    settings.ORDER_RECEIVED_EMAIL_DELAY_SECONDS = 0


def _worker(*, silent_for_seconds: int) -> int:
    """A registered worker whose last heartbeat is that old."""
    with as_worker(), connection.cursor() as cursor:
        cursor.execute("SELECT worker_id FROM procrastinate_register_worker_v1()")
        (worker_id,) = cursor.fetchone()
        cursor.execute(
            "UPDATE procrastinate_workers SET last_heartbeat = now() - make_interval(secs => %s) "
            "WHERE id = %s",
            [silent_for_seconds, worker_id],
        )
    return worker_id


def _take_job(worker_id: int) -> int:
    """What a worker does when it starts a job: the next one is `doing`, on that worker."""
    with as_worker(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM procrastinate_fetch_job_v2(NULL, %s) WHERE id IS NOT NULL",
            [worker_id],
        )
        return cursor.fetchone()[0]


def _status(job_id: int) -> tuple[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT status, attempts FROM procrastinate_jobs WHERE id = %s", [job_id])
        return cursor.fetchone()


def test_the_periodic_job_puts_back_only_the_jobs_of_a_silent_worker(db):
    create_order()  # queues two jobs
    dead_workers_job = _take_job(_worker(silent_for_seconds=300))
    live_workers_job = _take_job(_worker(silent_for_seconds=0))

    with as_worker():
        recover_stalled_jobs(timestamp=0)

    assert _status(dead_workers_job) == ("todo", 1)
    assert _status(live_workers_job) == ("doing", 0)


def test_a_job_put_back_in_the_queue_still_runs(db):
    create_order()  # an email and an analytics job, each with the app's proof
    job_id = _take_job(_worker(silent_for_seconds=300))
    with as_worker():
        recover_stalled_jobs(timestamp=0)

    assert sorted(run_queued_jobs()) == [
        "analytics.tasks.record_business_event",
        "notifications.tasks.send_order_email",
    ]
    assert _status(job_id) == ("succeeded", 1)


def test_a_job_whose_worker_was_pruned_is_put_back(db):
    create_order()
    job_id = _take_job(_worker(silent_for_seconds=300))
    with as_worker(), connection.cursor() as cursor:
        cursor.execute("SELECT procrastinate_prune_stalled_workers_v1(60)")

    out = StringIO()
    with as_worker():  # operators run it with the worker's database URL
        call_command("recover_stalled_jobs", stdout=out)

    assert _status(job_id) == ("todo", 1)
    retried, summary = out.getvalue().splitlines()
    assert retried.startswith(f"retried job {job_id} ")
    assert summary == "1 stalled job(s) put back in the queue, 0 failed"


def test_the_recovery_run_as_the_web_apps_role_refuses_instead_of_finding_nothing(db):
    create_order()
    job_id = _take_job(_worker(silent_for_seconds=300))

    with pytest.raises(CommandError, match="Run this as the job worker's role"):
        call_command("recover_stalled_jobs", stdout=StringIO())

    assert _status(job_id) == ("doing", 0)


def test_a_stalled_job_whose_attempts_are_used_up_is_failed_not_retried(db):
    create_order()
    job_id = _take_job(_worker(silent_for_seconds=300))
    with as_worker(), connection.cursor() as cursor:
        cursor.execute("UPDATE procrastinate_jobs SET attempts = 8 WHERE id = %s", [job_id])

    out = StringIO()
    with as_worker():  # operators run it with the worker's database URL
        call_command("recover_stalled_jobs", stdout=out)

    assert _status(job_id) == ("failed", 9)
    assert out.getvalue().splitlines()[-1] == "0 stalled job(s) put back in the queue, 1 failed"


def test_the_recovery_is_a_periodic_job_every_minute():
    tasks = app.periodic_registry.periodic_tasks.values()
    periodic = {task.periodic_id: task.cron for task in tasks}
    assert periodic["recover_stalled_jobs"] == "* * * * *"


def test_healthz_is_unhealthy_while_a_job_is_stalled(client, db):
    create_order()
    job_id = _take_job(_worker(silent_for_seconds=300))
    _take_job(_worker(silent_for_seconds=0))
    with as_worker(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_events SET at = now() - interval '90 seconds' "
            "WHERE job_id = %s AND type = 'started'",
            [job_id],
        )

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["checks"] == {"database": True, "worker": True, "jobs": False}
    assert body["stalled_jobs"] == 1
    assert body["oldest_running_job_seconds"] == 90.0

    with as_worker():
        recover_stalled_jobs(timestamp=0)
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["stalled_jobs"] == 0
    assert response.json()["oldest_running_job_seconds"] == 0.0
