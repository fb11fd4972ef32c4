import pytest
from django.db import connection

from morpheus.job_actions import JobAction, jobs_change
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
