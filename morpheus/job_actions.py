"""Staff's retry, cancel and abort of jobs, from the back office's job queue list.

The web's role may only add plain waiting jobs to the queue
(`morpheus/migrations/0010_worker_role_runs_the_queue`), so the list defers
`morpheus.tasks.change_jobs` and the worker's role makes the change. Each job is changed
only from a status that allows it, so running the request twice changes nothing more.
"""

from collections.abc import Iterable
from enum import StrEnum

from django.db import connection, transaction
from django.utils import timezone

from morpheus.jobs import ON_DJANGO_CONNECTION


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


def jobs_change(*, action: JobAction, job_ids: Iterable[int]) -> list[int]:
    """`action` on each job, its row locked; the ids of the jobs it changed (not those whose
    status no longer allows it)."""
    changed = []
    for job_id in job_ids:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT status FROM procrastinate_jobs WHERE id = %s FOR UPDATE", [job_id]
            )
            found = cursor.fetchone()
            if not found or found[0] not in action.statuses:
                continue
            if action is JobAction.RETRY:
                ON_DJANGO_CONNECTION.retry_job_by_id(job_id=job_id, retry_at=timezone.now())
            else:
                ON_DJANGO_CONNECTION.cancel_job_by_id(
                    job_id=job_id, abort=action is JobAction.ABORT
                )
        changed.append(job_id)
    return changed
