from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from morpheus.stalled_jobs import stalled_jobs_retry


class Command(BaseCommand):
    help = "Put the jobs of dead workers (no heartbeat) back in the queue, as the periodic job."

    def handle(self, *args, **options) -> None:
        _refuse_unless_the_worker_role()
        recovery = stalled_jobs_retry()
        for job in recovery.retried:
            self.stdout.write(f"retried job {job.id} {job.task_name}")
        for job in recovery.failed:
            self.stdout.write(f"failed job {job.id} {job.task_name}: attempts used up")
        self.stdout.write(
            f"{len(recovery.retried)} stalled job(s) put back in the queue, "
            f"{len(recovery.failed)} failed"
        )


def _refuse_unless_the_worker_role() -> None:
    """Another role does not see the queue's workers: it would find no stalled job and say
    so, while jobs stay stranded."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, NOT EXISTS (SELECT FROM pg_roles WHERE rolname = %s)"
            " OR pg_has_role(current_user, %s, 'MEMBER')",
            [settings.DATABASE_WORKER_ROLE, settings.DATABASE_WORKER_ROLE],
        )
        user, allowed = cursor.fetchone()
    if not allowed:
        raise CommandError(
            f"Run this as the job worker's role ({settings.DATABASE_WORKER_ROLE}, the workers' "
            f"DATABASE_URL), not as {user}: this role cannot see the queue's workers."
        )
