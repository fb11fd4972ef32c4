"""Background jobs on PostgreSQL (procrastinate). Jobs are deferred through Django's own
connection, so they commit or roll back with the change that causes them; inside
`deferred_together()` all the jobs a change causes are written in one statement.

Job bodies run outside any transaction: each does its database work in
`system_scope()` blocks and its side effects (email, HTTP) between them.
"""

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app
from procrastinate.jobs import Job
from psycopg.types.json import Jsonb

from morpheus import metrics

logger = logging.getLogger(__name__)

DEFAULT_RETRY = RetryStrategy(max_attempts=8, exponential_wait=2)
_BATCH_ATTRIBUTE = "morpheus_deferred_jobs"
# procrastinate's own function, handed its array of jobs as one JSON document: psycopg
# would dump the array of composites in Python, field by field, costing more CPU than
# the rest of the statement.
_DEFER_JSON_SQL = (
    "SELECT unnest(procrastinate_defer_jobs_v1(ARRAY("
    "SELECT job FROM jsonb_populate_recordset(NULL::procrastinate_job_to_defer_v1, %s) AS job)))"
)


@contextmanager
def deferred_together() -> Iterator[None]:
    """Jobs deferred in the block are written in one statement as it ends (inside the
    transaction, which must be open); a block that raises writes none. Inside the block a
    job's `defer()` returns None instead of the job's id. Nested blocks join the outer one."""
    if getattr(connection, _BATCH_ATTRIBUTE, None) is not None:
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("Jobs are deferred together inside a transaction only.")
    batch: list[Job] = []
    setattr(connection, _BATCH_ATTRIBUTE, batch)
    try:
        yield
    finally:
        setattr(connection, _BATCH_ATTRIBUTE, None)
    if batch:
        _write(batch)


def _write(batch: list[Job]) -> None:
    """One statement for the whole batch. A job with a queueing lock goes through
    procrastinate, which turns a lock already taken into `AlreadyEnqueued`."""
    if any(job.queueing_lock for job in batch):
        app.job_manager.batch_defer_jobs(jobs=batch)
        return
    records = [
        {
            "queue_name": job.queue,
            "task_name": job.task_name,
            "priority": job.priority,
            "lock": job.lock,
            "queueing_lock": None,
            "args": job.task_kwargs,
            "scheduled_at": job.scheduled_at.isoformat() if job.scheduled_at else None,
        }
        for job in batch
    ]
    with connection.cursor() as cursor:
        cursor.execute(_DEFER_JSON_SQL, [Jsonb(records)])


def _batching(task: Any) -> Callable[..., int | None]:
    defer_now = task.defer

    def defer(**task_kwargs: Any) -> int | None:
        batch = getattr(connection, _BATCH_ATTRIBUTE, None)
        if batch is None:
            return defer_now(**task_kwargs)
        batch.append(task.configure().make_new_job(**task_kwargs))
        return None

    return defer


def job(*, queue: str = "default", retry: RetryStrategy = DEFAULT_RETRY, **options: Any):
    """Declare a job; failures are counted and logged, then retried by procrastinate."""

    def decorate(func: Callable[..., Any]):
        name = f"{func.__module__}.{func.__name__}"

        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return func(*args, **kwargs)
            except Exception:
                metrics.JOB_FAILURES.labels(job=name).inc()
                logger.exception("job %s failed", name)
                raise

        task = app.task(name=name, queue=queue, retry=retry, **options)(run)
        task.defer = _batching(task)
        return task

    return decorate
