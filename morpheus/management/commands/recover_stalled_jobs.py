from django.core.management.base import BaseCommand

from morpheus.stalled_jobs import stalled_jobs_retry


class Command(BaseCommand):
    help = "Put the jobs of dead workers (no heartbeat) back in the queue, as the periodic job."

    def handle(self, *args, **options) -> None:
        retried = stalled_jobs_retry()
        for job in retried:
            self.stdout.write(f"retried job {job.id} {job.task_name}")
        self.stdout.write(f"{len(retried)} stalled job(s) put back in the queue")
