"""Prometheus metrics, served at /metrics to callers holding METRICS_TOKEN."""

import hmac

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST, Counter, generate_latest

ORDER_TRANSITIONS = Counter(
    "morpheus_order_transitions_total", "Order status changes.", ["from_status", "to_status"]
)
WEBHOOK_EVENTS = Counter(
    "morpheus_webhook_events_total", "Stripe webhook deliveries by outcome.", ["type", "outcome"]
)
PAYMENT_FAILURES = Counter("morpheus_payment_failures_total", "Declined or failed payments.")
DOWNLOADS = Counter("morpheus_downloads_total", "Download requests by outcome.", ["outcome"])
JOB_FAILURES = Counter("morpheus_job_failures_total", "Failed background job runs.", ["job"])


def metrics_view(request: HttpRequest) -> HttpResponse:
    expected = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not expected or not hmac.compare_digest(given, expected):
        return HttpResponse("Forbidden", status=403, content_type="text/plain")
    return HttpResponse(generate_latest(), content_type=CONTENT_TYPE_LATEST)
