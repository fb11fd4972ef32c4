from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from payments.services import payments_reconcile
from payments.tasks import STUCK_AFTER

ACTOR = "system:reconcile_payments"
TEN_YEARS_HOURS = 3650 * 24


def _within(option: str, value: int, least: int, most: int) -> None:
    if not least <= value <= most:
        raise CommandError(f"{option} takes {least} to {most}, not {value}.")


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
        hours = (
            settings.UNPAID_ORDER_MAX_AGE_HOURS
            if expire_unpaid_after_hours is None
            else expire_unpaid_after_hours
        )
        # An hour at the least: 0 or less would cancel an order its customer is paying for
        # (outside probe CF-1); at most ten years, as the settings' periods.
        _within("--expire-unpaid-after-hours", hours, 1, TEN_YEARS_HOURS)
        _within("--older-than-minutes", older_than_minutes, 0, TEN_YEARS_HOURS * 60)
        report = payments_reconcile(
            older_than=timedelta(minutes=older_than_minutes),
            expire_unpaid_after=timedelta(hours=hours),
            actor=ACTOR,
        )
        self.stdout.write(
            f"checked {report.checked} open attempts, applied {report.applied}, "
            f"{report.errors} Stripe errors, expired {report.expired} unpaid orders"
        )
