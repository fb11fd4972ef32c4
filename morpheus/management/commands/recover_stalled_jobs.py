from django.core.management.base import BaseCommand

from morpheus.stalled_jobs import stalled_jobs_retry


class Command(BaseCommand):
    help = "Put the jobs of dead workers (no heartbeat) back in the queue, as the periodic job."

    def handle(self, *args, **options) -> None:
        recovery = stalled_jobs_retry()
        for job in recovery.retried:
            self.stdout.write(f"retried job {job.id} {job.task_name}")
        for job in recovery.failed:
            self.stdout.write(f"failed job {job.id} {job.task_name}: attempts used up")
        self.stdout.write(
            f"{len(recovery.retried)} stalled job(s) put back in the queue, "
            f"{len(recovery.failed)} failed"
        )
