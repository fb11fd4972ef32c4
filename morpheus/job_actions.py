"""Staff's retry, cancel and abort of jobs, from the back office's job queue list.

The web's role may only add plain waiting jobs to the queue
(`morpheus/migrations/0010_worker_role_runs_the_queue`). Cancel and abort stop the jobs at
once through the staff-only database function `morpheus_stop_jobs` (0014): asked of a
worker, they came after the jobs they were to stop whenever the worker was busy. A retry
makes a failed job run again, so the list defers `morpheus.tasks.change_jobs` and the
worker's role makes it. Each job is changed only from a status that allows it, so asking
twice changes nothing more.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.db import connection, transaction
from django.utils import timezone
from procrastinate.exceptions import UniqueViolation

from morpheus.jobs import ON_DJANGO_CONNECTION

logger = logging.getLogger(__name__)


class JobAction(StrEnum):
    RETRY = "retry"  # a failed job, to run now
    CANCEL = "cancel"  # a waiting job, never to run
    ABORT = "abort"  # a waiting job cancelled; a running one is not retried when it fails

    @property
    def statuses(self) -> tuple[str, ...]:
        """The statuses of the jobs it changes. A running job is never retried: it would
        run twice at once (a dead worker's job is the stalled-job recovery's)."""
        return {
            JobAction.RETRY: ("failed",),
            JobAction.CANCEL: ("todo",),
            JobAction.ABORT: ("todo", "doing"),
        }[self]


@dataclass(frozen=True)
class StoppedJob:
    id: int
    status: str  # after the stop: "cancelled", or the status it had reached first
    abort_requested: bool


def jobs_stop(*, job_ids: Iterable[int], abort: bool) -> list[StoppedJob]:
    """Cancel each waiting job; with `abort`, also ask each running one not to be retried
    if it fails. Every job named, as it is now (one that had started or ended first keeps
    its status). Staff's transactions only (`morpheus_stop_jobs` refuses any other)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT * FROM morpheus_stop_jobs(%s, %s)", [list(job_ids), abort])
        return [StoppedJob(*row) for row in cursor.fetchall()]


def _clear_abort_request(cursor, job_id: int) -> None:
    """A job staff aborted while it ran, then failed, keeps its abort request, which a
    waiting job may not have (procrastinate's `check_not_todo_abort_requested`): staff
    retrying it want it run."""
    cursor.execute("UPDATE procrastinate_jobs SET abort_requested = false WHERE id = %s", [job_id])


def jobs_change(*, action: JobAction, job_ids: Iterable[int]) -> list[int]:
    """`action` on each job, on its own, its row locked; the ids of the jobs it changed (not
    those whose status no longer allows it, nor a failed job whose queueing lock another
    job of its task holds: only one of them may wait, a periodic task's next run, and that
    one runs anyway)."""
    changed = []
    for job_id in job_ids:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "SELECT status FROM procrastinate_jobs WHERE id = %s FOR UPDATE", [job_id]
                )
                found = cursor.fetchone()
                if not found or found[0] not in action.statuses:
                    continue
                if action is JobAction.RETRY:
                    _clear_abort_request(cursor, job_id)
                    ON_DJANGO_CONNECTION.retry_job_by_id(job_id=job_id, retry_at=timezone.now())
                else:
                    ON_DJANGO_CONNECTION.cancel_job_by_id(
                        job_id=job_id, abort=action is JobAction.ABORT
                    )
        except UniqueViolation:
            logger.warning("job %s not retried: a job with its queueing lock waits", job_id)
            continue
        changed.append(job_id)
    return changed
