from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from djstripe.models import WebhookEndpoint

pytestmark = pytest.mark.django_db


def register(**options) -> str:
    out = StringIO()
    call_command("register_stripe_webhook", stdout=out, **options)
    return out.getvalue().strip()


def test_register_stripe_webhook_prints_the_url_and_stores_the_secret(stripe_settings):
    url = register(base_url="https://shop.example.com/")
    endpoint = WebhookEndpoint.objects.get()
    assert url == f"https://shop.example.com/stripe/webhook/{endpoint.djstripe_uuid}/"
    assert endpoint.secret == stripe_settings.STRIPE_WEBHOOK_SECRET
    assert endpoint.url == url


def test_register_stripe_webhook_again_keeps_the_url_and_takes_a_new_secret(stripe_settings):
    first = register(base_url="https://shop.example.com")
    stripe_settings.STRIPE_WEBHOOK_SECRET = "whsec_rotated"
    assert register(base_url="https://shop.example.com") == first
    assert WebhookEndpoint.objects.get().secret == "whsec_rotated"


def test_register_stripe_webhook_needs_a_secret(settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    with pytest.raises(CommandError):
        register()
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(
    "base_url",
    [
        "notaurl",
        "ftp://shop.example.com",
        "https://",
        "https://shop.example.com/?a=1",
        "http://127.0.0.1:9604#x",
        "http://exa mple.com",
        "http://127.0.0.1:99999",
        "http://user:pw@127.0.0.1:9604",
    ],
)
def test_register_stripe_webhook_refuses_an_address_stripe_cannot_call(stripe_settings, base_url):
    """Outside probes FY-7, GE-1: `--base-url notaurl` printed `notaurl/stripe/webhook/...`
    as the URL to give Stripe."""
    with pytest.raises(CommandError, match="must be the shop's public address"):
        register(base_url=base_url)
    assert not WebhookEndpoint.objects.exists()


def test_register_stripe_webhook_without_an_address_uses_the_shops(stripe_settings):
    """It printed http://127.0.0.1:8000/... whatever address the shop was on (FY-7)."""
    stripe_settings.SITE_URL = "https://comics.example.org"
    assert register().startswith("https://comics.example.org/stripe/webhook/")
