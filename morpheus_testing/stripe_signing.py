"""Build Stripe webhook events and sign them the way Stripe does.

localstripe never emits ``charge.*``, ``refund.*`` and several ``payment_intent.*`` events,
so tests build those themselves. Sign the exact bytes that are sent as the request body.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
import time
from typing import Any

from payments.stripe_client import API_VERSION

_ID_ALPHABET = string.ascii_letters + string.digits


def sign_payload(payload: bytes, secret: str, timestamp: int | None = None) -> str:
    """Return a ``Stripe-Signature`` header value: ``t=<ts>,v1=<hex HMAC-SHA256>``.

    The HMAC key is ``secret`` and the message is ``b"<ts>." + payload``.
    """
    if timestamp is None:
        timestamp = int(time.time())
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def build_event(
    event_type: str,
    data_object: dict[str, Any],
    *,
    event_id: str | None = None,
    created: int | None = None,
    api_version: str | None = None,
) -> dict[str, Any]:
    """Return a Stripe Event as a JSON-ready dict, wrapping ``data_object``.

    ``api_version`` defaults to the version pinned by the installed stripe-python.
    """
    return {
        "id": event_id or "evt_" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(24)),
        "object": "event",
        "api_version": api_version or API_VERSION,
        "created": int(time.time()) if created is None else created,
        "data": {"object": data_object},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
    }
