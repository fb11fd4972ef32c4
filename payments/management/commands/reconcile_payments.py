from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from payments.services import payments_reconcile
from payments.tasks import STUCK_AFTER

ACTOR = "system:reconcile_payments"


class Command(BaseCommand):
    help = (
        "Apply Stripe's true state to payment attempts open for too long (missed webhooks) "
        "and cancel unpaid orders that are too old (reason: expired). Safe to repeat. By "
        "default it does what the periodic job does: attempts open for 30 minutes, orders "
        "older than UNPAID_ORDER_MAX_AGE_HOURS (what customers are told)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-minutes", type=int, default=int(STUCK_AFTER.total_seconds() // 60)
        )
        parser.add_argument(
            "--expire-unpaid-after-hours",
            type=int,
            default=None,
            help="default: UNPAID_ORDER_MAX_AGE_HOURS",
        )

    def handle(
        self, *args, older_than_minutes: int, expire_unpaid_after_hours: int | None, **options
    ):
        hours = expire_unpaid_after_hours or settings.UNPAID_ORDER_MAX_AGE_HOURS
        report = payments_reconcile(
            older_than=timedelta(minutes=older_than_minutes),
            expire_unpaid_after=timedelta(hours=hours),
            actor=ACTOR,
        )
        self.stdout.write(
            f"checked {report.checked} open attempts, applied {report.applied}, "
            f"{report.errors} Stripe errors, expired {report.expired} unpaid orders"
        )
