"""Jobs stranded by a dead worker (SIGKILL, out of memory, lost host).

procrastinate marks a job `doing` when a worker takes it and never looks at it again if that
worker dies. Every worker writes a heartbeat (`WORKER_HEARTBEAT_INTERVAL_SECONDS`); a job
is stalled when it is `doing` and its worker has been silent for longer than
`WORKER_HEARTBEAT_MAX_AGE_SECONDS` (or is gone). Putting it back in the queue is safe
because every job is safe to run twice.
"""

import logging
from dataclasses import dataclass

from asgiref.sync import async_to_sync
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from procrastinate.contrib.django import app
from procrastinate.exceptions import ConnectorException
from procrastinate.jobs import Job

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunningJobs:
    stalled: int
    oldest_running_seconds: float | None


def stalled_jobs() -> list[Job]:
    """Jobs left `doing` by a worker whose heartbeat is older than the allowed age."""
    return list(
        async_to_sync(app.job_manager.get_stalled_jobs)(
            seconds_since_heartbeat=settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS
        )
    )


def running_jobs() -> RunningJobs:
    """How many jobs are stalled, and for how long the oldest `doing` job has run."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT extract(epoch FROM now() - min(started)) FROM ("
            "  SELECT max(event.at) AS started FROM procrastinate_jobs job"
            "  JOIN procrastinate_events event ON event.job_id = job.id"
            "  WHERE job.status = 'doing' AND event.type = 'started' GROUP BY job.id"
            ") AS doing"
        )
        (oldest,) = cursor.fetchone()
    return RunningJobs(
        stalled=len(stalled_jobs()),
        oldest_running_seconds=None if oldest is None else float(oldest),
    )


def stalled_jobs_retry() -> list[Job]:
    """Put every stalled job back in the queue, to run now; returns the jobs put back.

    A job that finished or was put back by someone else since it was listed is skipped.
    """
    retried = []
    for job in stalled_jobs():
        try:
            with transaction.atomic():
                app.job_manager.retry_job_by_id(job_id=job.id, retry_at=timezone.now())
        except ConnectorException:
            continue
        logger.warning(
            "retried stalled job %s %s (attempt %s, worker %s)",
            job.id,
            job.task_name,
            job.attempts + 1,
            job.worker_id,
        )
        retried.append(job)
    return retried
