import pytest
from django.db import connection, transaction
from django.db.utils import ProgrammingError

from morpheus.db_context import Scope, rls_scope
from morpheus.job_actions import JobAction, StoppedJob, jobs_change, jobs_stop
from morpheus_testing.factories import create_order
from morpheus_testing.jobs import as_worker, queued_jobs

pytestmark = pytest.mark.django_db


def test_a_job_whose_status_no_longer_allows_the_action_is_left_as_it_is():
    """Staff asked while the job could be retried or cancelled; by the time a worker takes
    the request it runs: retrying it would run it twice at once."""
    create_order()
    job_id = queued_jobs()[-1][0]
    with as_worker():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE procrastinate_jobs SET status = 'doing' WHERE id = %s", [job_id])
        changed = [jobs_change(action=action, job_ids=[job_id]) for action in JobAction]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT status, abort_requested FROM procrastinate_jobs WHERE id = %s", [job_id]
            )
            assert cursor.fetchone() == ("doing", True)

    assert changed == [[], [], [job_id]]


def _failed_job(*, queueing_lock: str | None = None) -> int:
    create_order()
    job_id = queued_jobs()[-1][0]
    with as_worker(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'doing', queueing_lock = %s WHERE id = %s",
            [queueing_lock, job_id],
        )
        cursor.execute("SELECT procrastinate_finish_job_v1(%s, 'failed', false)", [job_id])
    return job_id


def test_a_retry_whose_queueing_lock_another_job_took_meanwhile_leaves_it_and_retries_the_rest():
    """Outside probe BH-2: the unique violation failed the worker's whole request, the jobs
    after it in the selection unchanged."""
    first, second, other = _failed_job(queueing_lock="sweep"), _failed_job(), _failed_job()
    with as_worker(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE procrastinate_jobs SET queueing_lock = 'sweep' WHERE id = %s", [second]
        )

    with as_worker():
        changed = jobs_change(action=JobAction.RETRY, job_ids=[first, second, other])

    assert changed == [first, other]


def test_only_a_staff_transaction_stops_jobs():
    """SQL injected into a customer's request (the app role) may not cancel their payment's
    job; staff's list may."""
    create_order()
    job_id = queued_jobs()[-1][0]

    with pytest.raises(ProgrammingError, match="only staff stop jobs"), transaction.atomic():
        with rls_scope(scope=Scope.CUSTOMER, user_id=1):
            jobs_stop(job_ids=[job_id], abort=False)
    with rls_scope(scope=Scope.STAFF, user_id=1):
        stopped = jobs_stop(job_ids=[job_id], abort=False)

    assert stopped == [StoppedJob(id=job_id, status="cancelled", abort_requested=False)]
