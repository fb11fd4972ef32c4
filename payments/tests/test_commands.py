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
