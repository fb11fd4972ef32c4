"""Fixtures for payment tests: a localstripe for the session, settings pointing at it,
dj-stripe's endpoint row, and a sender of signed webhook events."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from morpheus_testing.localstripe_server import TEST_SECRET_KEY, LocalStripe
from morpheus_testing.stripe_signing import build_event, sign_payload

TEST_PUBLISHABLE_KEY = "pk_test_" + "0" * 24
TEST_WEBHOOK_SECRET = "whsec_test_morpheus_0123456789"  # noqa: S105 (test-only)


LOCALSTRIPE_CARD_COUNTRY = "FR"


@pytest.fixture(scope="session")
def localstripe() -> Iterator[LocalStripe]:
    with LocalStripe() as server:
        yield server


@pytest.fixture
def stripe_settings(settings, localstripe: LocalStripe):
    """Point the app at a cleared localstripe."""
    localstripe.reset()
    settings.STRIPE_API_BASE = localstripe.base_url
    settings.STRIPE_API_HOST = localstripe.base_url
    settings.STRIPE_SECRET_KEY = TEST_SECRET_KEY
    settings.STRIPE_PUBLISHABLE_KEY = TEST_PUBLISHABLE_KEY
    settings.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET
    # localstripe issues every card in France: buyers who do not pick a country live there
    # too, so their VAT evidence agrees and paid orders are not held for Finance.
    settings.TAX_DEFAULT_COUNTRY = LOCALSTRIPE_CARD_COUNTRY
    point_djstripe_at_api_host()
    return settings


def point_djstripe_at_api_host() -> None:
    """dj-stripe points stripe-python at STRIPE_API_HOST once, when it is imported (before
    any test's settings): its own fetches, such as the customer an event names when it has
    no row for it yet, must reach localstripe too, not api.stripe.com."""
    from djstripe.settings import djstripe_settings

    djstripe_settings.__init__()


@dataclass(frozen=True)
class WebhookTarget:
    path: str
    secret: str

    def signed(self, event: dict[str, Any], *, timestamp: int | None = None) -> tuple[bytes, str]:
        payload = json.dumps(event).encode()
        return payload, sign_payload(payload, self.secret, timestamp)


@pytest.fixture
def stripe_webhook(stripe_settings, django_db_blocker) -> WebhookTarget:
    """dj-stripe's endpoint row (and the account rows localstripe cannot give it)."""
    from morpheus.db_context import system_scope
    from payments.djstripe_setup import local_account_ensure, webhook_endpoint_register

    with django_db_blocker.unblock(), system_scope():
        local_account_ensure()
        _, url = webhook_endpoint_register(base_url="")
    return WebhookTarget(path=url, secret=TEST_WEBHOOK_SECRET)


@pytest.fixture
def send_event(client, stripe_webhook: WebhookTarget) -> Callable[..., Any]:
    """POST an event to the webhook through Django's test client, signed unless told not."""

    def send(event: dict[str, Any], *, timestamp: int | None = None, signature: str | None = None):
        payload, good_signature = stripe_webhook.signed(event, timestamp=timestamp)
        return client.post(
            stripe_webhook.path,
            data=payload,
            content_type="application/json",
            HTTP_STRIPE_SIGNATURE=good_signature if signature is None else signature,
        )

    return send


def intent_event(
    event_type: str, intent: dict[str, Any], *, event_id: str | None = None
) -> dict[str, Any]:
    return build_event(event_type, intent, event_id=event_id)


@pytest.fixture
def silent_stripe(stripe_settings) -> Iterator[str]:
    """Settings pointing at a Stripe that takes connections and never answers (a hung
    server behind a live socket), each try given up after a fifth of a second."""
    import socket

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)  # the kernel completes the connections; nothing reads or answers
        stripe_settings.STRIPE_API_BASE = f"http://127.0.0.1:{silent.getsockname()[1]}"
        stripe_settings.STRIPE_TIMEOUT_SECONDS = 0.2
        yield stripe_settings.STRIPE_API_BASE
