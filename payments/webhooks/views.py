"""A first look at the event's envelope: an envelope dj-stripe could not store (an id,
type or timestamp of the wrong type, say) would fail inside it with a 500 that Stripe
retries for days; it is answered 400 and logged at WARNING instead. So is a body that
PostgreSQL's `jsonb` cannot hold anywhere in it (a NUL character, a lone UTF-16 surrogate,
`NaN` or a number too large for a float): dj-stripe stores the whole event as `jsonb`. The
object inside the envelope is checked by our handlers."""

import json
import math
import re
from collections.abc import Mapping
from typing import Any

# Unix seconds Python's datetime can hold (dj-stripe converts `created` to one): from the
# epoch (Stripe has no event before it) to 9999-12-31T23:59:59Z.
LAST_TIMESTAMP = 253_402_300_799

# An escape that may decode to half of a UTF-16 surrogate pair (a cheap test on the raw
# body; only a body that has one is searched for a half left alone).
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\\ud800-\\udfff]")


class _Unstorable(ValueError):
    """A JSON value PostgreSQL's `jsonb` refuses."""


def _refuse_constant(name: str) -> float:
    raise _Unstorable(f"{name} (no JSON number)")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _Unstorable(f"a number too large for a float ({text:.40})")
    return value


def _has_lone_surrogate(value: Any) -> bool:
    """Whether a string anywhere in `value` (keys included) holds half a surrogate pair:
    JSON's decoder joins the halves of a pair, so any surrogate left is alone."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            pending.extend(item)
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_timestamp(value: Any) -> bool:
    return _is_int(value) and 0 <= value <= LAST_TIMESTAMP


def _is_text(value: Any, max_length: int) -> bool:
    return isinstance(value, str) and 0 < len(value) <= max_length


def envelope_problem(body: bytes) -> str:
    """What keeps dj-stripe from storing this event; "" when nothing does."""
    if b"\\u0000" in body:
        return "a NUL character (PostgreSQL's text cannot hold one)"
    # Stripe sends UTF-8, and the event is read as UTF-8 whatever charset a header names:
    # `json.loads` would take UTF-16 or a byte-order mark from bytes, which that read then
    # failed on with a server error (outside probe GJ-5).
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "the body is not UTF-8"
    if text.startswith("\ufeff"):
        return "the body starts with a byte-order mark"
    try:
        event = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except RecursionError:
        return "the body is nested too deeply"
    except _Unstorable as exc:
        return str(exc)
    except ValueError:
        return "the body is not JSON"
    if _SURROGATE_ESCAPE.search(body) and _has_lone_surrogate(event):
        return "a lone UTF-16 surrogate (PostgreSQL's text cannot hold one)"
    if not isinstance(event, Mapping):
        return "the body is not a JSON object"
    if event.get("data") is None:
        return "missing: data"
    request = event.get("request")
    request_id = request.get("id") if isinstance(request, Mapping) else request
    checks = (
        (_is_text(event.get("id"), 255), "id"),
        (_is_text(event.get("type"), 250), "type"),
        (_is_timestamp(event.get("created")), "created"),
        (isinstance(event.get("livemode"), bool), "livemode"),
        (event.get("api_version") is None or _is_text(event["api_version"], 64), "api_version"),
        (request_id is None or (isinstance(request_id, str) and len(request_id) <= 50), "request"),
    )
    wrong = [name for ok, name in checks if not ok]
    return f"missing, mistyped or out of range: {', '.join(wrong)}" if wrong else ""
