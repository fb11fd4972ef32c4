"""Rows dj-stripe needs, written without calling Stripe."""

import json
import urllib.request
from uuid import uuid4

from django.conf import settings
from django.urls import reverse
from djstripe.enums import WebhookEndpointStatus
from djstripe.models import Account, APIKey, WebhookEndpoint

from payments.errors import PaymentError

LOCAL_ACCOUNT_ID = "acct_localstripe"
LOCAL_WEBHOOK_NAME = "morpheus"


def webhook_endpoint_register(*, base_url: str) -> tuple[WebhookEndpoint, str]:
    """Create or update the endpoint row that holds STRIPE_WEBHOOK_SECRET; returns it and
    the full URL to give Stripe. Running it again keeps the same URL."""
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise PaymentError("Set STRIPE_WEBHOOK_SECRET (whsec_...) first.")
    endpoint = (
        WebhookEndpoint.objects.filter(livemode=settings.STRIPE_LIVE_MODE).order_by("pk").first()
    )
    if endpoint is None:
        endpoint = WebhookEndpoint(
            id=f"we_morpheus_{uuid4().hex[:16]}",
            livemode=settings.STRIPE_LIVE_MODE,
            enabled_events=["*"],
            status=WebhookEndpointStatus.enabled,
        )
    path = reverse("djstripe:djstripe_webhook_by_uuid", kwargs={"uuid": endpoint.djstripe_uuid})
    endpoint.url = base_url.rstrip("/") + path
    endpoint.secret = secret
    endpoint.save()
    return endpoint, endpoint.url


def local_account_ensure() -> None:
    """localstripe answers 404 to `GET /v1/account`, which dj-stripe asks once per key:
    give it the rows it would have made from the answer."""
    account, _ = Account.objects.get_or_create(id=LOCAL_ACCOUNT_ID, defaults={"livemode": False})
    APIKey.objects.update_or_create(
        secret=settings.STRIPE_SECRET_KEY,
        defaults={"type": "secret", "livemode": False, "djstripe_owner_account": account},
    )


def local_webhook_register(*, url: str) -> None:
    """Tell localstripe (at STRIPE_API_BASE) where to send its events, signed with our secret."""
    request = urllib.request.Request(  # noqa: S310 (localstripe's config API; a setting)
        f"{settings.STRIPE_API_BASE.rstrip('/')}/_config/webhooks/{LOCAL_WEBHOOK_NAME}",
        data=json.dumps({"url": url, "secret": settings.STRIPE_WEBHOOK_SECRET}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        response.read()
