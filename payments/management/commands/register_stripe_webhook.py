from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator

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
        if not _callable_by_stripe(base_url):
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


def _callable_by_stripe(base_url: str) -> bool:
    """An http(s) address a webhook URL can be built on: a host, a port that exists, and no
    credentials, query or fragment (outside probes FY-7, GE-1: `notaurl`, `host#x`, a space in
    the host or port 99999 were registered, and Stripe's events went nowhere)."""
    try:
        URLValidator(schemes=["http", "https"])(base_url)
        address = urlsplit(base_url)
        address.port  # noqa: B018 - raises for a port out of range
    except (ValidationError, ValueError):
        return False
    return not (address.username or address.query or address.fragment or "#" in base_url)
