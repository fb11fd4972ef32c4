"""Running background jobs in tests.

`run_queued_jobs` runs, in this thread and on this connection, the jobs deferred so far
(inside a test's transaction a separate worker could not see them), through the checks the
worker makes first (a job without its proof is refused), as the job worker's database role
(`as_worker`: the tests' connection acts as the app role). `run_worker` drains the queue
with procrastinate's real worker, for transactional tests where jobs are committed.
"""

import asyncio
import contextvars
import json
import threading
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from django.db import connection
from django.db.backends.signals import connection_created
from procrastinate import JobContext
from procrastinate.contrib.django import app
from procrastinate.contrib.django.utils import connector_params
from procrastinate.jobs import Job
from procrastinate.middleware import compose
from psycopg.pq import TransactionStatus

from morpheus.job_worker import WorkerConnector
from morpheus.jobs import PROOF, UnprovenJob


def _waiting_jobs(names: Collection[str] | None) -> list[tuple[int, str, str, str]]:
    """(id, task name, queue, JSON arguments as stored) of the jobs waiting."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, task_name, queue_name, args FROM procrastinate_jobs "
            "WHERE status = 'todo' ORDER BY id"
        )
        jobs = list(cursor.fetchall())
    return [job for job in jobs if names is None or job[1] in names]


def queued_jobs(names: Collection[str] | None = None) -> list[tuple[int, str, str]]:
    """(id, task name, JSON arguments without the job's proof) of the jobs waiting (of the
    tasks `names` only, when given), oldest first."""
    return [
        (job_id, task_name, json.dumps(_without_proof(json.loads(args))))
        for job_id, task_name, _, args in _waiting_jobs(names)
    ]


def _without_proof(arguments: dict) -> dict:
    return {name: value for name, value in arguments.items() if name != PROOF}


@contextmanager
def as_worker() -> Iterator[None]:
    """This connection as the job worker's role, the tests' login (`SET ROLE NONE`); then
    the app role again, the session's default (unless a failure aborted the transaction,
    whose rollback ends it)."""
    with connection.cursor() as cursor:
        cursor.execute("SET ROLE NONE")
    try:
        yield
    finally:
        if connection.connection.info.transaction_status != TransactionStatus.INERROR:
            with connection.cursor() as cursor:
                cursor.execute("RESET ROLE")


# Set in a worker's threads: the database sessions its jobs open are the worker role's.
_IN_WORKER = contextvars.ContextVar("in_test_worker", default=False)


def _worker_session(sender, connection, **kwargs) -> None:
    if _IN_WORKER.get():
        with connection.cursor() as cursor:
            cursor.execute("SET ROLE NONE")


connection_created.connect(_worker_session)


def _run_as_the_worker(job: Job) -> str:
    """The job through its task's middlewares, as the worker runs it; its end status."""
    task = app.tasks[job.task_name]
    context = JobContext(app=app, job=job, start_timestamp=time.time(), abort_reason=lambda: None)
    try:
        arguments = [context] if task.pass_context else []
        compose(task.task_middleware, lambda: task(*arguments, **job.task_kwargs), context, None)()
    except UnprovenJob:
        return "aborted"
    return "succeeded"


def jobs_killed_at_their_last_attempt(
    *, task: Any, attempts: int, argument: str | None = None, value: object = None
) -> list[int]:
    """The waiting jobs of `task` (those whose `argument` is `value`) as a SIGKILL leaves them
    during their last attempt (`attempts`): `doing`, on a worker whose heartbeat stopped
    minutes ago, for the stalled-job recovery to find. Their ids."""
    with as_worker(), connection.cursor() as cursor:
        cursor.execute("SELECT worker_id FROM procrastinate_register_worker_v1()")
        (worker_id,) = cursor.fetchone()
        cursor.execute(
            "UPDATE procrastinate_workers SET last_heartbeat = now() - interval '5 minutes' "
            "WHERE id = %s",
            [worker_id],
        )
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s, attempts = %s "
            "WHERE task_name = %s AND (%s::text IS NULL OR args ->> %s = %s) RETURNING id",
            [worker_id, attempts, task.name, argument, argument, str(value)],
        )
        return [job_id for (job_id,) in cursor.fetchall()]


def run_task(task: Any, *, attempts: int = 0, **task_kwargs: Any) -> Any:
    """`task` run now with `task_kwargs`, not through the queue, as the worker's run after
    `attempts` failed ones (what a task that takes its job's context sees)."""
    if not task.pass_context:
        return task(**task_kwargs)
    job = Job(
        id=0,
        queue=task.queue,
        lock=None,
        queueing_lock=None,
        task_name=task.name,
        task_kwargs=task_kwargs,
        attempts=attempts,
    )
    context = JobContext(app=app, job=job, start_timestamp=time.time(), abort_reason=lambda: None)
    return task(context, **task_kwargs)


def run_queued_jobs(*, max_rounds: int = 10, names: Collection[str] | None = None) -> list[str]:
    """Run queued jobs (and the jobs they queue) until none is left; return the names of
    those that ran (a job refused for want of its proof ends `aborted`, unlisted). With
    `names`, only the jobs of those tasks."""
    ran: list[str] = []
    for _ in range(max_rounds):
        jobs = _waiting_jobs(names)
        if not jobs:
            return ran
        for job_id, task_name, queue, args in jobs:
            job = Job(
                id=job_id,
                queue=queue,
                lock=None,
                queueing_lock=None,
                task_name=task_name,
                task_kwargs=json.loads(args),
            )
            with as_worker():
                status = _run_as_the_worker(job)
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT procrastinate_finish_job_v1(%s, %s, false)", [job_id, status]
                    )
            if status == "succeeded":
                ran.append(task_name)
    raise AssertionError(f"Jobs keep queueing more jobs after {max_rounds} rounds: {ran}")


def invoices_numbered() -> None:
    """Runs the invoice numbering jobs the payments so far queued, as a running worker does a
    moment after each payment."""
    run_queued_jobs(names=["invoicing.tasks.number_invoices"])


def _worker_app():
    """The app on its own psycopg connection, as `manage.py procrastinate worker` runs it:
    logged in as the worker's role (the tests' login, without their `SET ROLE` to the app
    role)."""
    params = connector_params()
    params.pop("options", None)
    return app.with_connector(WorkerConnector(kwargs=params))


def run_worker() -> None:
    """procrastinate's worker, until the queue is empty. It runs in a thread of its own: its
    `asyncio.run` cannot start in a thread where an event loop runs already (the browser
    tests' Playwright keeps one running in the main thread for the rest of the session)."""
    failures: list[BaseException] = []

    def drain() -> None:
        _IN_WORKER.set(True)
        try:
            _worker_app().run_worker(wait=False, install_signal_handlers=False, listen_notify=False)
        except BaseException as failure:  # re-raised in the caller's thread
            failures.append(failure)

    thread = threading.Thread(target=drain, name="test-worker")
    thread.start()
    thread.join()
    if failures:
        raise failures[0]


@contextmanager
def background_worker() -> Iterator[None]:
    """procrastinate's worker in a thread, as in production, for live-server tests."""
    loop = asyncio.new_event_loop()

    worker_app = _worker_app()

    async def work() -> None:
        _IN_WORKER.set(True)
        async with worker_app.open_async():
            await worker_app.run_worker_async(
                install_signal_handlers=False,
                listen_notify=False,
                fetch_job_polling_interval=0.1,
                update_heartbeat_interval=1,
            )

    task = loop.create_task(work())

    def run_until_stopped() -> None:
        with suppress(asyncio.CancelledError):
            loop.run_until_complete(task)

    thread = threading.Thread(target=run_until_stopped, daemon=True)
    thread.start()
    try:
        yield
    finally:
        loop.call_soon_threadsafe(task.cancel)
        thread.join(timeout=15)
        loop.close()
