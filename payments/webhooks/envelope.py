"""The first look at an event whose signature dj-stripe verified (its
`DJSTRIPE_WEBHOOK_EVENT_CALLBACK`): an envelope dj-stripe could not store is logged at
WARNING and answered 200 without processing, instead of failing inside dj-stripe with a
500 that Stripe would retry for days. The object inside is checked by our handlers."""

import logging
from collections.abc import Mapping
from typing import Any

from djstripe.models import WebhookEventTrigger

logger = logging.getLogger(__name__)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_text(value: Any, max_length: int) -> bool:
    return isinstance(value, str) and 0 < len(value) <= max_length


def envelope_problem(body: Any) -> str:
    """What is wrong with the event's envelope for dj-stripe to store it; "" when nothing."""
    if not isinstance(body, Mapping):
        return "the body is not a JSON object"
    data = body.get("data")
    request = body.get("request")
    request_id = request.get("id") if isinstance(request, Mapping) else request
    checks = (
        (_is_text(body.get("id"), 255), "id"),
        (_is_text(body.get("type"), 250), "type"),
        (_is_int(body.get("created")), "created"),
        (isinstance(body.get("livemode"), bool), "livemode"),
        (body.get("api_version") is None or _is_text(body["api_version"], 64), "api_version"),
        (isinstance(data, Mapping) and isinstance(data.get("object"), Mapping), "data.object"),
        (request_id is None or (isinstance(request_id, str) and len(request_id) <= 50), "request"),
    )
    missing = [name for ok, name in checks if not ok]
    return f"missing or mistyped: {', '.join(missing)}" if missing else ""


def process_verified_event(trigger: WebhookEventTrigger, api_key: str) -> None:
    problem = envelope_problem(trigger.json_body)
    if problem:
        logger.warning("Malformed Stripe event ignored (trigger %s): %s", trigger.pk, problem)
        return
    trigger.process(save=False, api_key=api_key)
