from procrastinate.contrib.django import app

from morpheus.jobs import job
from morpheus.stalled_jobs import stalled_jobs_retry


@app.periodic(cron="* * * * *", periodic_id="recover_stalled_jobs")
@job(queue="maintenance", queueing_lock="recover_stalled_jobs")
def recover_stalled_jobs(*, timestamp: int) -> None:
    """Every minute: put the jobs of dead workers back in the queue."""
    stalled_jobs_retry()
