"""Structured logs: every line carries the request id and, where known, the order number and
Stripe event id; secrets, client secrets and the tokens of links that are their own
credential (downloads, a guest's order page, password reset, email confirmation) are masked
before output."""

import logging
import re
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

_request_id: ContextVar[str] = ContextVar("request_id", default="-")
_fields: ContextVar[dict[str, str]] = ContextVar("log_fields", default={})  # noqa: B039 - never mutated
_INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def _escapable(path: str) -> str:
    """`path` as a client may write it: Django routes `/down%6Coads%2F<token>/` as a download."""
    return "".join(f"(?:{re.escape(char)}|%(?i:{ord(char):02x}))" for char in path)


# A link's token as a log writes it: its whole path segment, whatever a client put in it
# (escapes such as `%6A` or `%3A`, a NUL written `%00`, `\x00` or `\u0000`, quotes), up to a
# slash or a space; long enough not to take `/downloads/library/` for a token.
_SEGMENT_CHAR = r"[^/\s]"
_SLASH = _escapable("/")

_SECRETS = [
    re.compile(r"\b(?:sk|rk|pk)_(?:test|live)_[A-Za-z0-9]+"),
    re.compile(r"\bwhsec_[A-Za-z0-9_]+"),
    re.compile(r"\b(?:pi|seti|src)_[A-Za-z0-9]+_secret_[A-Za-z0-9]+"),
    # In any case and after any number of slashes: `/Downloads/<token>/` and
    # `/downloads//<token>/` are 404s, but their token downloads (outside probe FY-5).
    re.compile(rf"(?P<keep>{_escapable('/downloads/')}/*){_SEGMENT_CHAR}{{20,}}", re.IGNORECASE),
    # The other links that are their own credential: a guest's order page (signed, 30
    # days), a password reset (Django's token, before it moves to the session) and an
    # email confirmation (signed).
    re.compile(rf"(?P<keep>{_escapable('/guest/order/')}){_SEGMENT_CHAR}{{8,}}"),
    re.compile(
        rf"(?P<keep>{_escapable('/password/reset/')}(?:(?!{_SLASH}){_SEGMENT_CHAR})+{_SLASH})"
        rf"(?!set-password/){_SEGMENT_CHAR}{{8,}}"
    ),
    re.compile(rf"(?P<keep>{_escapable('/email/verify/')}){_SEGMENT_CHAR}{{8,}}"),
    re.compile(r"(?P<keep>(?:Bearer|Token) )[A-Za-z0-9._-]{16,}"),
    # An API token wherever a client put it (`?token=mo_…`: outside probe FL-2), by its
    # prefix (`api.tokens.PREFIX`; this module imports no app).
    re.compile(r"(?P<keep>\bmo_)[A-Za-z0-9_-]{16,}"),
]


def redact(text: str) -> str:
    for pattern in _SECRETS:
        text = pattern.sub(lambda m: (m.groupdict().get("keep") or "") + "[redacted]", text)
    return text


@contextmanager
def log_context(**fields: str) -> Iterator[None]:
    """Add fields (order_number=..., stripe_event_id=...) to every log line in the block."""
    token = _fields.set({**_fields.get(), **{k: str(v) for k, v in fields.items()}})
    try:
        yield
    finally:
        _fields.reset(token)


# Django's development server logs each request once it has answered, outside the request's
# context, on the thread that served it; its record's `request` is the connection's socket.
_answered = threading.local()


def _answered_request_id() -> str:
    request_id = getattr(_answered, "request_id", "-")
    _answered.request_id = "-"  # one line per request: a request after it may not reach us
    return request_id


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "django.server":
            record.request_id = _answered_request_id()
            vars(record).pop("request", None)
        else:
            # Django logs a 4xx answered without an exception (an API's 400) once the
            # middleware, and the request's context with it, has finished: the request knows.
            during = _request_id.get()
            after = getattr(getattr(record, "request", None), "request_id", "-")
            record.request_id = during if during != "-" else after
        for key, value in _fields.get().items():
            setattr(record, key, value)
        return True


_RECORD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", None, None)))
_PLAIN = (int, float, bool, type(None))


class RedactingFilter(logging.Filter):
    """Masks secrets in the message, in extra fields (Django attaches the request, whose
    path may hold a download token) and in tracebacks."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        for key, value in list(vars(record).items()):
            if key not in _RECORD_ATTRIBUTES and not isinstance(value, _PLAIN):
                setattr(record, key, redact(str(value)))
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


class ClientMistakeFilter(logging.Filter):
    """For any log line of a refused request (a staff list's address with a lookup or
    field typed into it, a request for another host or too large, any other 4xx): the
    client's mistake, logged as a warning without a traceback, not as an error anyone
    could flood the error log with. A server error (5xx) keeps its level and traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.levelno = logging.WARNING
            record.levelname = logging.getLevelName(logging.WARNING)
            record.exc_info = record.exc_text = None
        return True


class RequestIdMiddleware:
    """Tags the request's log lines with an id (kept from X-Request-ID when well-formed)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _INCOMING_ID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        request.request_id = request_id
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
            _answered.request_id = request_id
        response["X-Request-ID"] = request_id
        return response
