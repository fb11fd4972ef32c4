"""Background jobs on PostgreSQL (procrastinate). Jobs are deferred through Django's own
connection, so they commit or roll back with the change that causes them; inside
`deferred_together()` all the jobs a change causes are written in one statement. That holds
in the worker too, for the jobs a job's change causes: `procrastinate worker` swaps the
app's connector for a pool of its own (`get_worker_connector`), whose connections are not
the job's transaction, so deferring never goes through the app's connector.

Job bodies run outside any transaction: each does its database work in
`system_scope()` blocks and its side effects (email, HTTP) between them.

The app role can add jobs to procrastinate's queue (plain waiting ones only; the rest of
the queue is the worker role's, `morpheus/migrations/0010_worker_role_runs_the_queue`), so
SQL injected into any request could queue a job that the worker runs in the system scope.
Every job the app defers therefore carries a proof (`job_proof`: an HMAC of its task and
arguments keyed by SECRET_KEY), and the worker refuses a job without a valid one, unless
its task is periodic: the worker defers those itself, and a forged one runs what the
schedule runs anyway.
"""

import functools
import hmac
import json
import logging
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import Exists, OuterRef, Q
from procrastinate import JobContext, RetryStrategy
from procrastinate.contrib.django import app
from procrastinate.contrib.django.django_connector import DjangoConnector
from procrastinate.exceptions import JobAborted
from procrastinate.jobs import Job, JobDeferrer
from procrastinate.manager import JobManager
from procrastinate.types import JSONDict
from psycopg.types.json import Jsonb

from morpheus import metrics, tokens
from morpheus.errors import RetriedLater

logger = logging.getLogger(__name__)

DEFAULT_RETRY = RetryStrategy(max_attempts=8, exponential_wait=2)
# procrastinate's queries on Django's connection of the running thread, in every process.
# Through the worker's pool a job deferred by a job would commit at once, before the change
# that caused it (run, or rolled back, while that transaction is still open), and wait
# there for locks that transaction holds: a deadlock PostgreSQL cannot see.
ON_DJANGO_CONNECTION = JobManager(connector=DjangoConnector())
_BATCH_ATTRIBUTE = "morpheus_deferred_jobs"
PROOF = "job_proof"
# procrastinate's own function, handed its array of jobs as one JSON document: psycopg
# would dump the array of composites in Python, field by field, costing more CPU than
# the rest of the statement.
_DEFER_JSON_SQL = (
    "SELECT unnest(procrastinate_defer_jobs_v1(ARRAY("
    "SELECT job FROM jsonb_populate_recordset(NULL::procrastinate_job_to_defer_v1, %s) AS job)))"
)


class UnprovenJob(JobAborted):
    """A job the app did not defer. procrastinate never retries an aborted job."""


def job_proof(task_name: str, task_kwargs: JSONDict) -> str:
    """Stable for the task and the arguments as they come back from the queue's JSON."""
    arguments = {name: value for name, value in task_kwargs.items() if name != PROOF}
    return tokens.digest(json.dumps([task_name, arguments], sort_keys=True), purpose="job")


def _proven(task_name: str, task_kwargs: Any) -> bool:
    if not isinstance(task_kwargs, dict):
        return False
    if PROOF not in task_kwargs:
        return _is_periodic(task_name)
    given = str(task_kwargs[PROOF]).encode()
    return hmac.compare_digest(given, job_proof(task_name, task_kwargs).encode())


def _is_periodic(task_name: str) -> bool:
    return any(
        periodic.task.name == task_name
        for periodic in app.periodic_registry.periodic_tasks.values()
    )


@dataclass(frozen=True)
class WaitingJobs:
    count: int
    last_due: datetime | None


def jobs_waiting_with_proof() -> WaitingJobs:
    """The jobs the app deferred that wait to run, scheduled ones included: those a new
    SECRET_KEY would make the worker refuse. A job added without the key (SQL run as the
    app role) has no valid proof; the worker refuses it under any key, so it is not counted."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT task_name, args::text, coalesce(scheduled_at, now()) FROM procrastinate_jobs "
            "WHERE status = 'todo' AND jsonb_typeof(args) = 'object' AND args ? %s",
            [PROOF],
        )
        due = [at for task, args, at in cursor.fetchall() if _proven(task, json.loads(args))]
    return WaitingJobs(count=len(due), last_due=max(due, default=None))


def refuse_unproven(call_next: Callable[[], Any], context: JobContext, worker: Any) -> Any:
    """procrastinate's task middleware: the worker runs a job only with its proof."""
    job = context.job
    if not _proven(job.task_name, job.task_kwargs):
        metrics.JOBS_REFUSED.labels(job=job.task_name).inc()
        # The arguments' names only: their values may be personal data.
        names = sorted(job.task_kwargs) if isinstance(job.task_kwargs, dict) else "not named"
        logger.error(
            "refused job %s %s: no valid proof (arguments %s)", job.id, job.task_name, names
        )
        raise UnprovenJob(f"job {job.id} carries no valid proof")
    return call_next()


class _ProvingDeferrer(JobDeferrer):
    """Every path that defers a job (`defer`, `configure(...).defer`, `batch_defer`,
    `deferred_together`) makes it here."""

    def make_new_job(self, **task_kwargs: Any) -> Job:
        job = super().make_new_job(**task_kwargs)
        proof = job_proof(job.task_name, job.task_kwargs)
        return job.evolve(task_kwargs={**job.task_kwargs, PROOF: proof})


def _proving(configure: Callable[..., JobDeferrer]) -> Callable[..., JobDeferrer]:
    def configure_proving(**options: Any) -> JobDeferrer:
        deferrer = configure(**options)
        return _ProvingDeferrer(
            job_manager=ON_DJANGO_CONNECTION, job=deferrer.job, connection=deferrer.connection
        )

    return configure_proving


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
        ON_DJANGO_CONNECTION.batch_defer_jobs(jobs=batch)
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


def _abort_requested(job_id: int | None) -> bool:
    """Whether staff aborted the job while it ran (the job queue list's Abort): procrastinate
    then fails it instead of retrying it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT abort_requested FROM procrastinate_jobs WHERE id = %s", [job_id])
        found = cursor.fetchone()
    return bool(found and found[0])


def log_failure(call_next: Callable[[], Any], context: JobContext, worker: Any) -> Any:
    """procrastinate's task middleware: a failed run is counted and logged, saying whether
    procrastinate will run the job again (not when staff aborted it). An outage the retry
    is there for is a warning without a traceback while the job will be retried; at its
    last attempt, or aborted, an error: the job's work is given up."""
    try:
        return call_next()
    except Exception as failure:
        job = context.job
        metrics.JOB_FAILURES.labels(job=job.task_name).inc()
        if isinstance(failure, JobAborted):
            retried, outcome = False, " at its last attempt, not to be retried"
        elif _abort_requested(job.id):
            retried, outcome = False, ", not to be retried: staff aborted it"
        else:
            retried = context.task.get_retry_exception(failure, job) is not None
            outcome = ", to be retried" if retried else " at its last attempt, not to be retried"
        if not isinstance(failure, RetriedLater):
            logger.exception("job %s failed%s", job.task_name, outcome)
        elif retried:
            logger.warning("job %s failed%s: %s", job.task_name, outcome, failure)
        else:
            logger.error("job %s failed%s: %s", job.task_name, outcome, failure)
        raise


def job(*, queue: str = "default", retry: RetryStrategy = DEFAULT_RETRY, **options: Any):
    """Declare a job; failures are counted and logged (`log_failure`), then retried by
    procrastinate. The worker runs only the jobs the app deferred (see the module's
    docstring)."""

    def decorate(func: Callable[..., Any]):
        name = f"{func.__module__}.{func.__name__}"

        @functools.wraps(func)
        def run(*args: Any, **kwargs: Any) -> Any:
            kwargs.pop(PROOF, None)  # checked by `refuse_unproven` before the call
            return func(*args, **kwargs)

        task = app.task(
            name=name,
            queue=queue,
            retry=retry,
            task_middleware=[refuse_unproven, log_failure],
            **options,
        )(run)
        task.configure = _proving(task.configure)
        task.defer = _batching(task)
        return task

    return decorate


def jobs_waiting_or_running(*, task_name: str, argument: str) -> list[Any]:
    """The `argument` of each job of `task_name` that waits (a retry included) or runs: the
    work no job will do any more is the rest (a job given up, or failed by the stalled-job
    recovery after a worker died in its last attempt)."""
    from procrastinate.contrib.django.models import ProcrastinateJob  # needs the app registry

    return list(
        ProcrastinateJob.objects.filter(
            task_name=task_name, status__in=("todo", "doing")
        ).values_list(f"args__{argument}", flat=True)
    )


def jobs_taken(*, task_name: str, argument: str, among: Collection[Any]) -> list[Any]:
    """The `argument`, `among` these, of each job of `task_name` a worker took at least once
    (running, waiting for a retry, or ended): what it does outside may be done already."""
    from procrastinate.contrib.django.models import ProcrastinateJob  # needs the app registry

    never_run = Q(status__in=("todo", "cancelled"), attempts=0)
    return list(
        ProcrastinateJob.objects.filter(task_name=task_name, **{f"args__{argument}__in": among})
        .exclude(never_run)
        .values_list(f"args__{argument}", flat=True)
    )


def jobs_given_up(*, task_name: str, argument: str) -> list[Any]:
    """The `argument` of each job of `task_name` that ended without doing its work (failed:
    at its last attempt, or by the stalled-job recovery after a worker died in it; aborted;
    or cancelled by staff on the job queue's list) and that no job of the task with the same
    `argument` waits, runs or did."""
    from procrastinate.contrib.django.models import ProcrastinateJob  # needs the app registry

    jobs = ProcrastinateJob.objects.filter(task_name=task_name)
    same = {f"args__{argument}": OuterRef(f"args__{argument}")}
    return list(
        jobs.filter(status__in=("failed", "aborted", "cancelled"))
        .exclude(Exists(jobs.filter(status__in=("todo", "doing", "succeeded"), **same)))
        .values_list(f"args__{argument}", flat=True)
        .distinct()
    )
