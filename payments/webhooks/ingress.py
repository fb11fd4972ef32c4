"""The door in front of dj-stripe's bookkeeping.

dj-stripe's own view stores every request it receives (body and headers, in a
WebhookEventTrigger row) before checking the signature, logs a bad signature with a
traceback, and in debug mode lets an `X-Djstripe-Webhook-Secret` header replace the
endpoint's secret. Here a body over `STRIPE_WEBHOOK_MAX_BYTES` is refused unread (413) and
one whose `Content-Length` is not a number is refused (400, where Django would fail), the
signature is checked with the endpoint's own secret before anything is stored (400 when
wrong: only the body's size and SHA-256 are logged, at WARNING), that header is dropped
from what is stored, and a malformed envelope is refused (400, see `views`). Then
`receive.event_receive` stores the event with dj-stripe's models and runs its handlers.
"""

import functools
import hashlib
import logging
from uuid import UUID

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from djstripe.models import WebhookEndpoint

from morpheus.compiled import CompiledQuery
from morpheus.transactions import prepared_statements
from payments import stripe_client
from payments.webhooks.receive import event_receive
from payments.webhooks.views import envelope_problem

logger = logging.getLogger(__name__)

SECRET_OVERRIDE_HEADER = "HTTP_X_DJSTRIPE_WEBHOOK_SECRET"  # noqa: S105 - a header name


class PayloadTooLarge(HttpResponse):
    status_code = 413


@functools.cache
def _endpoint_by_uuid() -> CompiledQuery:
    """Every event reads its endpoint (for the current secret): compiled once per process."""
    return CompiledQuery(WebhookEndpoint.objects.filter(djstripe_uuid=UUID(int=0)))


def _declared_length(request: HttpRequest) -> int | None:
    """The body's size as its `Content-Length` declares it, None when that is not a number
    (HTTP's ASCII digits and nothing else)."""
    declared = request.META.get("CONTENT_LENGTH") or "0"
    if not (declared.isascii() and declared.isdigit()):
        return None
    try:
        return int(declared)
    except ValueError:  # over Python's 4,300 digits
        return None


def _refuse(reason: str, size: int, sha256: str) -> None:
    logger.warning(
        "Stripe webhook refused: %s", reason, extra={"body_bytes": size, "body_sha256": sha256}
    )


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest, uuid) -> HttpResponse:
    limit = settings.STRIPE_WEBHOOK_MAX_BYTES
    declared = _declared_length(request)
    if declared is None:
        _refuse("Content-Length is not a number", 0, "")
        return HttpResponseBadRequest()
    if declared > limit:
        _refuse(f"body of {declared} bytes is over the {limit}-byte limit", declared, "")
        return PayloadTooLarge()
    with prepared_statements():  # the same dozen statements for every event
        return _checked_and_received(request, uuid)


def _checked_and_received(request: HttpRequest, uuid) -> HttpResponse:
    found = _endpoint_by_uuid().fetch([uuid])
    if not found:
        raise Http404("No such webhook endpoint.")
    endpoint = found[0]
    body = request.body
    if refusal := stripe_client.webhook_signature_refusal(
        payload=body,
        signature=request.headers.get("Stripe-Signature", ""),
        secret=endpoint.secret,
        tolerance=endpoint.djstripe_tolerance,
    ):
        _refuse(refusal, len(body), hashlib.sha256(body).hexdigest())
        return HttpResponseBadRequest()
    problem = envelope_problem(body)
    if problem:
        logger.warning("Malformed Stripe event refused: %s", problem)
        return HttpResponseBadRequest()
    request.META.pop(SECRET_OVERRIDE_HEADER, None)
    request.__dict__.pop("headers", None)  # rebuilt from META without that header
    return event_receive(request=request, endpoint=endpoint)
