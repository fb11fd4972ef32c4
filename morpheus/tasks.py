import logging

from django.utils import timezone
from procrastinate.contrib.django import app

from morpheus.jobs import job
from morpheus.stalled_jobs import stalled_jobs_retry
from morpheus.throttles import throttle_purge

logger = logging.getLogger(__name__)


@app.periodic(cron="* * * * *", periodic_id="recover_stalled_jobs")
@job(queue="maintenance", queueing_lock="recover_stalled_jobs")
def recover_stalled_jobs(*, timestamp: int) -> None:
    """Every minute: put the jobs of dead workers back in the queue."""
    stalled_jobs_retry()


@app.periodic(cron="17 * * * *", periodic_id="purge_throttle_buckets")
@job(queue="maintenance", queueing_lock="purge_throttle_buckets")
def purge_throttle_buckets(*, timestamp: int) -> None:
    """Abuse-limit counters whose window has ended count nothing any more."""
    removed = throttle_purge(before=timezone.now())
    logger.info("purged %s ended throttle windows", removed)
