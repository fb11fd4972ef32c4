"""Prometheus metrics, served at /metrics to callers holding METRICS_TOKEN."""

import hmac
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from procrastinate.exceptions import ConnectorException
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from morpheus import stalled_jobs
from morpheus.db_context import system_scope

GaugeRead = Callable[[], float]

ORDER_TRANSITIONS = Counter(
    "morpheus_order_transitions_total", "Order status changes.", ["from_status", "to_status"]
)
WEBHOOK_EVENTS = Counter(
    "morpheus_webhook_events_total", "Stripe webhook deliveries by outcome.", ["type", "outcome"]
)
PAYMENT_FAILURES = Counter("morpheus_payment_failures_total", "Declined or failed payments.")
DOWNLOADS = Counter("morpheus_downloads_total", "Download requests by outcome.", ["outcome"])
JOB_FAILURES = Counter("morpheus_job_failures_total", "Failed background job runs.", ["job"])
JOBS_REFUSED = Counter(
    "morpheus_jobs_refused_total",
    "Queued jobs the worker refused to run: the app did not defer them (no valid proof).",
    ["job"],
)
THROTTLED = Counter(
    "morpheus_throttled_requests_total", "Requests refused by an abuse limit.", ["limit"]
)
STRIPE_CALLS_IN_TRANSACTION = Counter(
    "morpheus_stripe_calls_in_transaction_total",
    "Stripe calls made while a database transaction was open (each one is a bug).",
    ["operation"],
)


def metrics_view(request: HttpRequest) -> HttpResponse:
    expected = settings.METRICS_TOKEN
    given = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if not expected or not hmac.compare_digest(given, expected):
        return HttpResponse("Forbidden", status=403, content_type="text/plain")
    body = generate_latest(_registry()) + generate_latest(DatabaseGauges())
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)


def _registry() -> CollectorRegistry:
    """Under gunicorn every worker counts on its own: add them all up (prometheus_client's
    multiprocess mode, on when PROMETHEUS_MULTIPROC_DIR is set)."""
    if not settings.PROMETHEUS_MULTIPROC_DIR:
        return REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


@dataclass(frozen=True)
class DatabaseGauge:
    name: str
    documentation: str
    read: Callable[[], float]


# Gauges the apps add (`database_gauge`), so this project module imports no app.
DATABASE_GAUGES: list[DatabaseGauge] = []


def database_gauge(name: str, documentation: str) -> Callable[[GaugeRead], GaugeRead]:
    """Register a function reading one number from the database at each scrape."""

    def register(read: GaugeRead) -> GaugeRead:
        DATABASE_GAUGES.append(DatabaseGauge(name, documentation, read))
        return read

    return register


class DatabaseGauges:
    """What the database says now, read at each scrape (the same for every process):
    stalled jobs, the oldest running job, and the apps' gauges (paid orders waiting too
    long for their links). Left out when the database does not answer."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            jobs = stalled_jobs.running_jobs()
            with system_scope():
                values = [(gauge, gauge.read()) for gauge in DATABASE_GAUGES]
        except (DatabaseError, ConnectorException):
            return
        yield GaugeMetricFamily(
            "morpheus_jobs_stalled",
            "Jobs left running by a worker without a fresh heartbeat.",
            value=jobs.stalled,
        )
        yield GaugeMetricFamily(
            "morpheus_job_oldest_running_seconds",
            "How long the oldest running job has run (0 when none runs).",
            value=jobs.oldest_running_seconds or 0,
        )
        for gauge, value in values:
            yield GaugeMetricFamily(gauge.name, gauge.documentation, value=value)


def _webhook_type(request: HttpRequest) -> str:
    try:
        return str(json.loads(request.body).get("type", "unknown"))[:64]
    except (ValueError, AttributeError, RecursionError):
        return "malformed"


def _outcome(status: int) -> str:
    if status < 400:
        return "processed"
    return "rejected" if status < 500 else "failed"


def _download_outcome(status: int) -> str:
    if status in (200, 302):
        return "granted"
    if status == 202:  # "Preparing your copy": the download follows once it is made
        return "preparing"
    # 503: the file is missing from the asset storage (an ERROR log names it).
    return "unavailable" if status == 503 else "refused"


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
        elif _is_download(request) and request.method == "GET":
            DOWNLOADS.labels(outcome=_download_outcome(response.status_code)).inc()
        return response


def _is_download(request: HttpRequest) -> bool:
    """A request of a download link: not the library page, nor its way to a fresh link
    (outside probe FK-3: both counted as downloads granted, a visitor's sign-in redirect
    too)."""
    match = request.resolver_match
    return match is not None and match.view_name == "delivery:download"
