"""The job queue list's actions. The web's role may only add plain waiting jobs to the
queue, so retrying, cancelling or aborting a job answered 500 (outside probe BG-1: staff had
no way to stop a refund's job that Stripe never answered): a worker now retries, and the
staff-only database function `morpheus_stop_jobs` cancels and aborts at once."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.urls import reverse

from morpheus.jobs import ON_DJANGO_CONNECTION
from morpheus_testing.factories import create_order
from morpheus_testing.jobs import as_worker, queued_jobs, run_queued_jobs

pytestmark = pytest.mark.django_db

JOBS = reverse("admin:procrastinate_procrastinatejob_changelist")
CHANGE_JOBS = "morpheus.tasks.change_jobs"


def a_job(status: str = "todo", *, queueing_lock: str | None = None, aborted: bool = False) -> int:
    """The job a new order queues, moved to `status` as a worker would (`aborted`: staff
    aborted it as it ran; `queueing_lock`: a periodic task's)."""
    create_order()
    job_id = queued_jobs()[-1][0]
    with as_worker(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_jobs SET queueing_lock = %s WHERE id = %s",
            [queueing_lock, job_id],
        )
        if status != "todo":
            cursor.execute(
                "UPDATE procrastinate_jobs SET status = 'doing', abort_requested = %s "
                "WHERE id = %s",
                [aborted, job_id],
            )
        if status == "failed" and aborted:  # its attempt failed: procrastinate's retry fails it
            ON_DJANGO_CONNECTION.retry_job_by_id(job_id=job_id, retry_at=None)
        elif status == "failed":
            cursor.execute("SELECT procrastinate_finish_job_v1(%s, 'failed', false)", [job_id])
        if status == "succeeded":
            cursor.execute("SELECT procrastinate_finish_job_v1(%s, 'succeeded', false)", [job_id])
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


def test_aborting_a_running_job_marks_it_at_once_and_it_is_not_retried(superuser_client):
    running = a_job("doing")

    said = act(superuser_client, "abort", running)

    assert said == [
        f"Aborted job {running}: a running job is not stopped, but if it fails it is not retried."
    ]
    assert status(running) == ("doing", True)
    assert queued_jobs([CHANGE_JOBS]) == []
    with as_worker():  # its attempt fails: Stripe never answered
        ON_DJANGO_CONNECTION.retry_job_by_id(job_id=running, retry_at=None)
    assert status(running)[0] == "failed"


def test_cancelling_a_waiting_job_cancels_it_at_once_before_a_busy_worker_takes_it(
    superuser_client,
):
    """Outside probe BH-5: asked of a worker busy with another job, the cancel came after
    the job it was to cancel had run (an order's email went out), the page having said a
    worker was asked."""
    waiting, other = a_job(), a_job()

    said = act(superuser_client, "cancel", waiting, other)

    assert said == [f"Cancelled jobs {waiting}, {other}: never to run."]
    assert [status(waiting)[0], status(other)[0]] == ["cancelled", "cancelled"]
    assert queued_jobs([CHANGE_JOBS]) == []


def test_a_job_that_ran_before_the_cancel_is_named_as_not_cancelled(superuser_client):
    waiting, ran = a_job(), a_job()
    response = superuser_client.get(JOBS)  # the list, both waiting
    assert response.status_code == 200
    with as_worker(), connection.cursor() as cursor:  # a worker takes one meanwhile
        cursor.execute("UPDATE procrastinate_jobs SET status = 'doing' WHERE id = %s", [ran])
        cursor.execute("SELECT procrastinate_finish_job_v1(%s, 'succeeded', false)", [ran])

    said = act(superuser_client, "abort", waiting, ran)

    assert said == [f"Cancelled job {waiting}: never to run."]
    assert status(ran)[0] == "succeeded"


def test_retrying_a_failed_job_asks_a_worker_who_queues_it_again(superuser_client):
    failed = a_job("failed")

    act(superuser_client, "retry", failed)
    run_queued_jobs(names=[CHANGE_JOBS])

    assert status(failed) == ("todo", False)


def test_retrying_a_job_staff_aborted_as_it_ran_queues_it_again(superuser_client):
    """Outside probe BH-13: the worker's retry failed at every attempt on procrastinate's
    `check_not_todo_abort_requested`, and the job stayed failed."""
    aborted = a_job("failed", aborted=True)
    assert status(aborted) == ("failed", True)

    act(superuser_client, "retry", aborted)
    run_queued_jobs(names=[CHANGE_JOBS])

    assert status(aborted) == ("todo", False)


def test_retrying_failed_runs_of_a_periodic_task_queues_one_and_names_the_others(
    superuser_client,
):
    """Outside probe BH-2: only one job of a task with a queueing lock may wait; the
    worker's retry of the second failed on the unique violation, holding back the rest of
    the selection."""
    first, second = a_job("failed", queueing_lock="sweep"), a_job("failed", queueing_lock="sweep")
    other = a_job("failed")

    said = act(superuser_client, "retry", first, second, other)
    run_queued_jobs(names=[CHANGE_JOBS])

    assert said == [
        f"A worker was asked to retry jobs {first}, {other}; the list shows it once done.",
        "Not retried, as only one run of a periodic task may wait: "
        f"job {second} (job {first} of its task waits).",
    ]
    assert [status(first)[0], status(second)[0], status(other)[0]] == ["todo", "failed", "todo"]


def test_an_action_no_selected_job_allows_asks_nothing_and_says_why(superuser_client):
    running = a_job("doing")

    said = act(superuser_client, "retry", running)

    assert said == ["None of the selected jobs can be asked to retry: only failed jobs can."]
    assert queued_jobs([CHANGE_JOBS]) == []


def _with_job_permissions(client, *codenames: str):
    client.user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="procrastinate", codename__in=codenames)
    )
    return client


def test_staff_who_may_only_view_jobs_are_offered_no_action_and_refused_one(support_client):
    """Outside probe BH-8: the view permission was enough to cancel a customer's payment
    or refund job, or retry one."""
    viewer = _with_job_permissions(support_client, "view_procrastinatejob")
    waiting = a_job()

    listed = viewer.get(JOBS)
    for action in ("retry", "cancel", "abort"):
        response = viewer.post(
            JOBS, {"action": action, "index": "0", "_selected_action": [str(waiting)]}
        )
        assert response.status_code == 403
        assert "You lack the permission: Can change procrastinate job." in response.text

    assert listed.status_code == 200
    assert 'name="action"' not in listed.text
    assert status(waiting) == ("todo", False)


def test_staff_who_may_change_jobs_cancel_them(support_client):
    changer = _with_job_permissions(
        support_client, "view_procrastinatejob", "change_procrastinatejob"
    )
    waiting = a_job()

    said = act(changer, "cancel", waiting)

    assert said == [f"Cancelled job {waiting}: never to run."]


@pytest.mark.parametrize("group_client", ["support_client", "finance_client"])
def test_support_and_finance_see_no_job_queue(request, group_client):
    client = request.getfixturevalue(group_client)
    waiting = a_job()

    assert client.get(JOBS).status_code == 403
    assert (
        client.post(
            JOBS, {"action": "cancel", "index": "0", "_selected_action": [str(waiting)]}
        ).status_code
        == 403
    )
    assert status(waiting) == ("todo", False)
