"""GET /healthz: can this deployment take orders? 200 when healthy, 503 otherwise.

Checks the database, that a job worker sent a heartbeat recently, and reports the depth
of the job queue.
"""

from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _worker_state() -> tuple[bool, int]:
    """(a worker's heartbeat is fresh, jobs waiting)."""
    oldest_fresh = timezone.now() - timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM procrastinate_workers WHERE last_heartbeat >= %s), "
            "(SELECT count(*) FROM procrastinate_jobs WHERE status = 'todo')",
            [oldest_fresh],
        )
        fresh, depth = cursor.fetchone()
    return fresh, depth


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    database = _database_ok()
    worker, queue_depth = _worker_state() if database else (False, None)
    healthy = database and worker
    return JsonResponse(
        {
            "status": "ok" if healthy else "unhealthy",
            "checks": {"database": database, "worker": worker},
            "queue_depth": queue_depth,
        },
        status=200 if healthy else 503,
    )
