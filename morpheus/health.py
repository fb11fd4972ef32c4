"""GET /healthz: can this deployment take orders? 200 when healthy, 503 otherwise.

Checks the database, that a job worker sent a heartbeat recently and that no job is stalled
(left running by a dead worker: the periodic recovery puts it back within a minute, so a
stalled job that stays means no worker runs the recovery). Reports the depth of the job
queue (the jobs due to run: one scheduled for later is not a backlog), the stalled jobs and
how long the oldest running job has run.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

import psycopg
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from morpheus.stalled_jobs import running_jobs


@dataclass(frozen=True)
class JobsState:
    worker_fresh: bool = False
    queue_depth: int | None = None
    stalled: int | None = None
    oldest_running_seconds: float | None = None


# The latest heartbeat of a job worker, and the jobs due to run now (one scheduled for later
# is not a backlog).
_WORKERS_AND_DUE_JOBS_SQL = (
    "SELECT (SELECT max(last_heartbeat) FROM procrastinate_workers), "
    "(SELECT count(*) FROM procrastinate_jobs WHERE status = 'todo' "
    "AND (scheduled_at IS NULL OR scheduled_at <= now()))"
)


@dataclass(frozen=True)
class WorkerSilence:
    last_heartbeat: datetime | None  # None: no worker running (one stopping leaves no row)
    jobs_due: int


def _workers_and_due_jobs() -> tuple[bool, datetime | None, int]:
    """Whether a job worker reported recently enough, its latest heartbeat, the jobs due."""
    oldest_fresh = timezone.now() - timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS)
    with connection.cursor() as cursor:
        cursor.execute(_WORKERS_AND_DUE_JOBS_SQL)
        last, due = cursor.fetchone()
    return last is not None and last >= oldest_fresh, last, due


def job_worker_silence() -> WorkerSilence | None:
    """None while a job worker reports (as /healthz judges it); otherwise when one last did
    and how many jobs wait for it."""
    fresh, last, due = _workers_and_due_jobs()
    return None if fresh else WorkerSilence(last_heartbeat=last, jobs_due=due)


# A database that does not answer (stopped, overloaded, a network cut) is unhealthy after
# this long: the check had no limit, and a probe's request hung instead of reading 503
# (outside probe FY-1). libpq's least (1 is read as 2).
DATABASE_ANSWER_SECONDS = 2


def _database_ok() -> bool:
    """On a connection of its own, given a time limit to connect and to answer."""
    params = {**connection.get_connection_params(), "connect_timeout": DATABASE_ANSWER_SECONDS}
    params.pop("cursor_factory", None)
    limit = f"-c statement_timeout={DATABASE_ANSWER_SECONDS * 1000}"
    params["options"] = f"{params.get('options', '')} {limit}".strip()
    try:
        with psycopg.connect(**params) as checked:
            return checked.execute("SELECT 1").fetchone() == (1,)
    except psycopg.Error:
        return False


def _jobs_state() -> JobsState:
    fresh, _, depth = _workers_and_due_jobs()
    running = running_jobs()
    return JobsState(
        worker_fresh=fresh,
        queue_depth=depth,
        stalled=running.stalled,
        oldest_running_seconds=running.oldest_running_seconds,
    )


# Exempt so that a probe's POST is told 405, not the CSRF failure page; it changes nothing.
@csrf_exempt
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    database = _database_ok()
    jobs = _jobs_state() if database else JobsState()
    checks = {"database": database, "worker": jobs.worker_fresh, "jobs": jobs.stalled == 0}
    healthy = all(checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "unhealthy",
            "checks": checks,
            "queue_depth": jobs.queue_depth,
            "stalled_jobs": jobs.stalled,
            "oldest_running_job_seconds": jobs.oldest_running_seconds,
        },
        status=200 if healthy else 503,
    )
