"""The job queue list's actions. The web's role may only add plain waiting jobs to the
queue, so retrying, cancelling or aborting a job answered 500 (outside probe BG-1: staff had
no way to stop a refund's job that Stripe never answered); a worker now makes the change."""

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse

from morpheus.jobs import ON_DJANGO_CONNECTION
from morpheus_testing.factories import create_order
from morpheus_testing.jobs import as_worker, queued_jobs, run_queued_jobs

pytestmark = pytest.mark.django_db

JOBS = reverse("admin:procrastinate_procrastinatejob_changelist")
CHANGE_JOBS = "morpheus.tasks.change_jobs"


def a_job(status: str = "todo") -> int:
    """The job a new order queues, moved to `status` as a worker would."""
    create_order()
    job_id = queued_jobs()[-1][0]
    if status != "todo":
        with as_worker(), connection.cursor() as cursor:
            cursor.execute("UPDATE procrastinate_jobs SET status = 'doing' WHERE id = %s", [job_id])
            if status == "failed":
                cursor.execute("SELECT procrastinate_finish_job_v1(%s, 'failed', false)", [job_id])
    return job_id


def status(job_id: int) -> tuple[str, bool]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, abort_requested FROM procrastinate_jobs WHERE id = %s", [job_id]
        )
        return cursor.fetchone()


def act(client, action: str, *job_ids: int) -> list[str]:
    response = client.post(
        JOBS, {"action": action, "index": "0", "_selected_action": [str(pk) for pk in job_ids]}
    )
    assert response.status_code == 302
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_aborting_a_running_job_asks_a_worker_and_the_job_is_not_retried(superuser_client):
    running = a_job("doing")

    said = act(superuser_client, "abort", running)

    assert said == [
        f"A worker was asked to abort job {running}; the list shows it once done. "
        "A running job is not stopped: if it fails, it is not retried."
    ]
    assert run_queued_jobs(names=[CHANGE_JOBS]) == [CHANGE_JOBS]
    assert status(running) == ("doing", True)
    with as_worker():  # its attempt fails: Stripe never answered
        ON_DJANGO_CONNECTION.retry_job_by_id(job_id=running, retry_at=None)
    assert status(running)[0] == "failed"


def test_cancelling_a_waiting_job_asks_a_worker_who_cancels_it(superuser_client):
    waiting, other = a_job(), a_job()

    said = act(superuser_client, "cancel", waiting, other)

    assert said == [
        f"A worker was asked to cancel jobs {waiting}, {other}; the list shows it once done."
    ]
    assert status(waiting) == ("todo", False)
    run_queued_jobs(names=[CHANGE_JOBS])
    assert [status(waiting)[0], status(other)[0]] == ["cancelled", "cancelled"]


def test_retrying_a_failed_job_asks_a_worker_who_queues_it_again(superuser_client):
    failed = a_job("failed")

    act(superuser_client, "retry", failed)
    run_queued_jobs(names=[CHANGE_JOBS])

    assert status(failed) == ("todo", False)


def test_an_action_no_selected_job_allows_asks_nothing_and_says_why(superuser_client):
    running = a_job("doing")

    said = act(superuser_client, "retry", running)

    assert said == ["None of the selected jobs can be asked to retry: only failed jobs can."]
    assert queued_jobs([CHANGE_JOBS]) == []
