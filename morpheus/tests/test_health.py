import socket
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from morpheus_testing.jobs import background_worker
from morpheus_testing.waiting import CommittedWrites, committed_writes, wait_until


def _healthz(client):
    response = client.get("/healthz")
    return response.status_code, response.json()


def _wait_for_healthy_and_drained(client, writes: CommittedWrites) -> dict:
    """Healthy, and the worker has run what was queued (periodic jobs it defers as it starts
    count in the queue until it has run them, and as running until they end)."""

    def healthy_and_drained() -> dict | None:
        status, body = _healthz(client)
        drained = body["queue_depth"] == 0 and body["oldest_running_job_seconds"] is None
        return body if status == 200 and drained else None

    return wait_until(
        healthy_and_drained, timeout=20, what="healthy with an empty queue", changes=writes
    )


@pytest.mark.django_db(transaction=True)
def test_healthz_is_ok_while_a_worker_runs_and_unhealthy_when_it_stopped(client, database_urls):
    jobs_and_workers = ("procrastinate_jobs", "procrastinate_workers")
    with committed_writes(database_urls["owner"], *jobs_and_workers) as writes, background_worker():
        body = _wait_for_healthy_and_drained(client, writes)
    assert body == {
        "status": "ok",
        "checks": {"database": True, "worker": True, "jobs": True},
        "queue_depth": 0,
        "stalled_jobs": 0,
        "oldest_running_job_seconds": None,
    }

    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        status, body = _healthz(client)

    assert status == 503
    assert body["checks"] == {"database": True, "worker": False, "jobs": True}


@pytest.mark.django_db
def test_healthz_reports_the_depth_of_the_job_queue(client, settings):
    settings.ORDER_RECEIVED_EMAIL_DELAY_SECONDS = 0  # the order's email is due now
    from morpheus_testing.factories import create_order

    create_order()

    status, body = _healthz(client)

    assert status == 503
    assert body["queue_depth"] == 2


def test_healthz_answers_503_when_the_database_is_unreachable(client, django_db_blocker):
    from django.db import connection

    real_name = connection.settings_dict["NAME"]
    connection.close()
    connection.settings_dict["NAME"] = "morpheus_unreachable"
    try:
        with django_db_blocker.unblock():
            status, body = _healthz(client)
    finally:
        connection.close()
        connection.settings_dict["NAME"] = real_name

    assert status == 503
    assert body == {
        "status": "unhealthy",
        "checks": {"database": False, "worker": False, "jobs": False},
        "queue_depth": None,
        "stalled_jobs": None,
        "oldest_running_job_seconds": None,
    }


@pytest.mark.django_db
def test_a_job_scheduled_for_later_is_not_counted_in_the_queue_depth(client, settings):
    settings.ORDER_RECEIVED_EMAIL_DELAY_SECONDS = 0  # the order's email is due now
    from django.db import connection

    from morpheus_testing.factories import create_order

    create_order()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_jobs (queue_name, task_name, args, scheduled_at) "
            "VALUES ('default', 'anything', '{}', now() + interval '50 years')"
        )

    _, body = _healthz(client)

    assert body["queue_depth"] == 2


@pytest.mark.django_db
def test_healthz_says_unhealthy_when_the_database_does_not_answer(client, monkeypatch):
    """Outside probe FY-1: with PostgreSQL stopped (SIGSTOP), /healthz hung instead of
    answering 503: the check had no time limit. A socket that takes the connection and
    never answers stands for it."""
    from django.db import connection

    with socket.create_server(("127.0.0.1", 0)) as silent:
        monkeypatch.setitem(connection.settings_dict, "HOST", "127.0.0.1")
        monkeypatch.setitem(connection.settings_dict, "PORT", silent.getsockname()[1])

        status, body = _healthz(client)

    assert (status, body["status"], body["checks"]["database"]) == (503, "unhealthy", False)
