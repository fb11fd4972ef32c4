import logging
from datetime import timedelta

from django.conf import settings
from procrastinate.contrib.django import app

from morpheus.jobs import job
from payments.services import payments_reconcile

logger = logging.getLogger(__name__)

STUCK_AFTER = timedelta(minutes=30)


@app.periodic(cron="*/10 * * * *", periodic_id="reconcile_payments")
@job(queue="maintenance", queueing_lock="reconcile_payments")
def reconcile_payments(*, timestamp: int) -> None:
    """Repair attempts whose webhook never came and expire abandoned unpaid orders."""
    report = payments_reconcile(
        older_than=STUCK_AFTER,
        expire_unpaid_after=timedelta(hours=settings.UNPAID_ORDER_MAX_AGE_HOURS),
        actor="system:reconcile_payments",
    )
    logger.info(
        "reconciled payments: checked %s, applied %s, errors %s, expired %s",
        report.checked,
        report.applied,
        report.errors,
        report.expired,
    )
