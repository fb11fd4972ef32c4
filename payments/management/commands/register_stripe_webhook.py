from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from morpheus.db_context import system_scope
from payments.djstripe_setup import (
    local_account_ensure,
    local_webhook_register,
    webhook_endpoint_register,
)
from payments.errors import PaymentError


class Command(BaseCommand):
    help = (
        "Store STRIPE_WEBHOOK_SECRET as dj-stripe's webhook endpoint (no call to Stripe) and "
        "print the webhook URL to give Stripe."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            help="Public address of this app, e.g. https://shop.example.com (default: SITE_URL)",
        )
        parser.add_argument(
            "--localstripe",
            action="store_true",
            help="Also register the URL with localstripe at STRIPE_API_BASE (offline dev).",
        )

    def handle(self, *args, base_url: str | None, localstripe: bool, **options):
        base_url = base_url or settings.SITE_URL
        address = urlsplit(base_url)
        if address.scheme not in ("http", "https") or not address.hostname or address.query:
            raise CommandError(
                "--base-url must be the shop's public address, such as "
                f"https://shop.example.com, got {base_url!r}."
            )
        try:
            with system_scope():
                _, url = webhook_endpoint_register(base_url=base_url)
                if localstripe:
                    local_account_ensure()
        except PaymentError as exc:
            raise CommandError(str(exc)) from exc
        if localstripe:
            local_webhook_register(url=url)
        self.stdout.write(url)
