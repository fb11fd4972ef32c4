"""A first look at the event's envelope: an envelope dj-stripe could not store (an id,
type or timestamp of the wrong type, say) would fail inside it with a 500 that Stripe
retries for days; it is answered 400 and logged at WARNING instead. The object inside the
envelope is checked by our handlers."""

import json
from collections.abc import Mapping
from typing import Any


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_text(value: Any, max_length: int) -> bool:
    return isinstance(value, str) and 0 < len(value) <= max_length


def envelope_problem(body: bytes) -> str:
    """What keeps dj-stripe from storing this event; "" when nothing does."""
    if b"\\u0000" in body:
        return "a NUL character (PostgreSQL's text cannot hold one)"
    try:
        event = json.loads(body)
    except RecursionError:
        return "the body is nested too deeply"
    except ValueError:
        return "the body is not JSON"
    if not isinstance(event, Mapping):
        return "the body is not a JSON object"
    if event.get("data") is None:
        return "missing: data"
    request = event.get("request")
    request_id = request.get("id") if isinstance(request, Mapping) else request
    checks = (
        (_is_text(event.get("id"), 255), "id"),
        (_is_text(event.get("type"), 250), "type"),
        (_is_int(event.get("created")), "created"),
        (isinstance(event.get("livemode"), bool), "livemode"),
        (event.get("api_version") is None or _is_text(event["api_version"], 64), "api_version"),
        (request_id is None or (isinstance(request_id, str) and len(request_id) <= 50), "request"),
    )
    wrong = [name for ok, name in checks if not ok]
    return f"missing or mistyped: {', '.join(wrong)}" if wrong else ""
