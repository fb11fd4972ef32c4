import logging

from django.utils import timezone
from procrastinate.contrib.django import app

from morpheus.jobs import job
from morpheus.throttles import throttle_purge

logger = logging.getLogger(__name__)


@app.periodic(cron="17 * * * *", periodic_id="purge_throttle_buckets")
@job(queue="maintenance", queueing_lock="purge_throttle_buckets")
def purge_throttle_buckets(*, timestamp: int) -> None:
    """Abuse-limit counters whose window has ended count nothing any more."""
    removed = throttle_purge(before=timezone.now())
    logger.info("purged %s ended throttle windows", removed)
