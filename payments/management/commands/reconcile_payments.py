from datetime import timedelta

from django.core.management.base import BaseCommand

from payments.services import payments_reconcile

ACTOR = "system:reconcile_payments"


class Command(BaseCommand):
    help = (
        "Apply Stripe's true state to payment attempts open for too long (missed webhooks) "
        "and cancel unpaid orders that are too old (reason: expired). Safe to repeat."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than-minutes", type=int, default=30)
        parser.add_argument("--expire-unpaid-after-hours", type=int, default=48)

    def handle(self, *args, older_than_minutes: int, expire_unpaid_after_hours: int, **options):
        report = payments_reconcile(
            older_than=timedelta(minutes=older_than_minutes),
            expire_unpaid_after=timedelta(hours=expire_unpaid_after_hours),
            actor=ACTOR,
        )
        self.stdout.write(
            f"checked {report.checked} open attempts, applied {report.applied}, "
            f"{report.errors} Stripe errors, expired {report.expired} unpaid orders"
        )
