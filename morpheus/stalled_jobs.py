"""Jobs stranded by a dead worker (SIGKILL, out of memory, lost host).

procrastinate marks a job `doing` when a worker takes it and never looks at it again if that
worker dies. Every worker writes a heartbeat (`WORKER_HEARTBEAT_INTERVAL_SECONDS`); a job
is stalled when it is `doing` and its worker has been silent for longer than
`WORKER_HEARTBEAT_MAX_AGE_SECONDS` (or is gone). Putting it back in the queue is safe
because every job is safe to run twice (at worst an email goes out a second time).
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from procrastinate import sql
from procrastinate.contrib.django import app
from procrastinate.exceptions import ConnectorException
from procrastinate.jobs import Job, Status

from morpheus import jobs, metrics

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunningJobs:
    stalled: int
    oldest_running_seconds: float | None


def _connector():
    """procrastinate's queries on Django's connection (in the worker too, whose app runs on
    a pool of its own). Its job manager offers the stalled jobs and finishing a job as
    coroutines only, which cannot run in a thread that has an event loop; these are the
    same named queries, run synchronously."""
    return jobs.ON_DJANGO_CONNECTION.connector


def stalled_jobs() -> list[Job]:
    """Jobs left `doing` by a worker whose heartbeat is older than the allowed age: what
    `JobManager.get_stalled_jobs` returns."""
    rows = _connector().execute_query_all(
        query=sql.queries["select_stalled_jobs_by_heartbeat"],
        queue=None,
        task_name=None,
        seconds_since_heartbeat=settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS,
    )
    return [Job.from_row(row) for row in rows]


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


@dataclass(frozen=True)
class Recovery:
    retried: list[Job] = field(default_factory=list)
    failed: list[Job] = field(default_factory=list)


def _attempts_left(job: Job) -> bool:
    """Whether the task's retry strategy allows another run (a job that kills its worker
    each time must not be put back for ever)."""
    task = app.tasks.get(job.task_name)
    max_attempts = getattr(task and task.retry_strategy, "max_attempts", None)
    return not max_attempts or job.attempts < max_attempts


def stalled_jobs_retry() -> Recovery:
    """Put every stalled job back in the queue, to run now, or mark it failed when its
    attempts are used up. A job that finished or was recovered by someone else since it
    was listed is skipped.
    """
    recovery = Recovery()
    for job in stalled_jobs():
        retry = _attempts_left(job)
        try:
            with transaction.atomic():
                if retry:
                    jobs.ON_DJANGO_CONNECTION.retry_job_by_id(
                        job_id=job.id, retry_at=timezone.now()
                    )
                else:
                    _connector().execute_query(
                        query=sql.queries["finish_job"],
                        job_id=job.id,
                        status=Status.FAILED.value,
                        delete_job=False,
                    )
        except ConnectorException:
            continue
        if retry:
            logger.warning(
                "retried stalled job %s %s (worker %s)", job.id, job.task_name, job.worker_id
            )
            recovery.retried.append(job)
        else:
            metrics.JOB_FAILURES.labels(job=job.task_name).inc()
            logger.error(
                "stalled job %s %s failed: its %s attempts are used up",
                job.id,
                job.task_name,
                job.attempts,
            )
            recovery.failed.append(job)
    return recovery
