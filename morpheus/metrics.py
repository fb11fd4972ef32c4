"""Prometheus metrics, served at /metrics to callers holding METRICS_TOKEN."""

import hmac
import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    generate_latest,
    multiprocess,
)

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
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)


def _registry() -> CollectorRegistry:
    """Under gunicorn every worker counts on its own: add them all up (prometheus_client's
    multiprocess mode, on when PROMETHEUS_MULTIPROC_DIR is set)."""
    if not settings.PROMETHEUS_MULTIPROC_DIR:
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


def _webhook_type(request: HttpRequest) -> str:
    try:
        return str(json.loads(request.body).get("type", "unknown"))[:64]
    except (ValueError, AttributeError):
        return "malformed"


def _outcome(status: int) -> str:
    if status < 400:
        return "processed"
    return "rejected" if status < 500 else "failed"


class HttpMetricsMiddleware:
    """Counts webhook deliveries and download requests by outcome."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/stripe/webhook/") and request.method == "POST":
            oversized = response.status_code == 413  # refused unread: left unread
            WEBHOOK_EVENTS.labels(
                type="oversized" if oversized else _webhook_type(request),
                outcome=_outcome(response.status_code),
            ).inc()
        elif request.path.startswith("/downloads/") and request.method == "GET":
            granted = response.status_code in (200, 302)
            DOWNLOADS.labels(outcome="granted" if granted else "refused").inc()
        return response
