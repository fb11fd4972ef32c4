import logging

from django.utils import timezone
from procrastinate.contrib.django import app

from morpheus.job_actions import JobAction, jobs_change
from morpheus.jobs import job
from morpheus.sessions import SessionStore
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


@app.periodic(cron="23 4 * * *", periodic_id="clear_expired_sessions")
@job(queue="maintenance", queueing_lock="clear_expired_sessions")
def clear_expired_sessions(*, timestamp: int) -> None:
    """Every night: delete expired sessions (a visitor's page gives them one, see
    `opens_visitor_session`; a browser that never comes back leaves it behind)."""
    SessionStore.clear_expired()


@job(queue="maintenance")
def change_jobs(*, action: str, job_ids: list[int]) -> None:
    """Staff's retry of jobs on the job queue's list, which the web's role may not make (a
    cancel or abort asked before they were made at once, `jobs_stop`, too)."""
    changed = jobs_change(action=JobAction(action), job_ids=job_ids)
    logger.info("%s jobs %s (asked for %s)", JobAction(action), changed, job_ids)
