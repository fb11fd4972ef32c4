"""Signed `payment_intent.succeeded` events per second through the real webhook endpoint,
next to the floor of a view that only inserts one row per request; SQL statements per
event; and how long a paid order waits for its fulfilment with a real worker running.

    python -m benchmarks.webhooks [--events 400] [--admin-url postgres://superuser@...]

Starts a throwaway embedded PostgreSQL (or uses --admin-url), migrates a fresh database with
the production role split, opens `--events` orders with a payment in processing, then 4
concurrent senders POST through gunicorn (4 sync workers, same middleware), once both paths
are warm (WARM_EVENTS events of other orders to each), in ROUNDS turns of a slice each:
  distinct:  one event per order;
  floor:     the same signed bodies to `/floor/`, which inserts the body and answers 200.
SQL statements per event are counted in-process (Django's test client) on a sample of
distinct orders, after one event that warms the process's caches.

Fulfilment latency: with the queue emptied and one `manage.py procrastinate worker`
running (its LISTEN/NOTIFY wake-up), LATENCY_EVENTS succeeded events are sent one at a
time, each once the worker has finished the jobs of the one before (fulfilment and its
email, analytics), so the figure is the path's own latency, not a queue's backlog: from
the webhook's 200 to the order's `fulfilled_at`, stamped by `fulfil_order` when the links
are issued and the order fulfilled (the email follows in the same job). Its floor is the
same path for a job that does nothing but stamp when it ran: deferred in the request's
transaction by `/floor-job/`, on the same queue, run by the same worker, one at a time.
"""

import functools
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

import requests

from benchmarks import harness
from benchmarks.harness import ROOT, Row

SENDERS = 4
ROUNDS = 4
# Each gunicorn worker's first events import and compile what a long-running worker has
# ready (handlers' modules, compiled queries, prepared statements): sent before measuring,
# as the floor's first requests are.
WARM_EVENTS = SENDERS * 10
STATEMENT_BUDGET = 12
LATENCY_EVENTS = 100
MEASURED_TASKS = (
    "delivery.tasks.fulfil_order",
    "analytics.tasks.record_business_event",
    "benchmarks.webhooks.bench_noop",
)
JOBS_PENDING_SQL = (
    "SELECT count(*) FROM procrastinate_jobs "
    "WHERE status IN ('todo', 'doing') AND task_name = ANY(%s)"
)
SECRET_KEY = "sk_test_" + "b" * 24
WEBHOOK_SECRET = "whsec_benchmark_only"  # noqa: S105
# Fulfilment does real work (links, history, the transition) after the queue's dispatch:
# its goal is a small multiple of a job that does nothing, dispatched the same way.
FULFILMENT_GOAL_RATIO = 3


def wsgi_app():
    """gunicorn's entry point (`benchmarks.webhooks:wsgi_app()`): the site plus the floor."""
    return harness.wsgi_with_urlconf(__name__)


def floor(request):
    """One INSERT per request, inside the same middleware and its RLS transaction."""
    from django.db import connection
    from django.http import HttpResponse

    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_floor (body) VALUES (%s)", [request.body.decode()])
    return HttpResponse("ok")


@functools.cache
def noop_job():
    """The fulfilment latency's floor: a job on `fulfil_order`'s queue that only stamps
    when it ran (registered in the web processes, which defer it, and in the worker)."""
    from morpheus.jobs import job

    @job(queue="fulfilment")
    def bench_noop(*, key: str) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_job_ran (key, ran_at) VALUES (%s, clock_timestamp())", [key]
            )

    return bench_noop


def floor_job(request):
    """Defers the no-op job in the request's transaction, as a webhook defers fulfilment."""
    from django.http import HttpResponse

    noop_job().defer(key=request.body.decode())
    return HttpResponse("ok")


# The queues of what is measured. The payment's other jobs (the card's brand, the invoice
# email, stamping) would fail here, Stripe being unreachable, and retry in the way.
MEASURED_QUEUES = "fulfilment,analytics"


def worker_main() -> None:
    """The benchmark's worker: `manage.py procrastinate worker` on the measured queues, that
    also knows the no-op job."""
    import django

    django.setup()
    from django.core.management import call_command

    noop_job()
    call_command("procrastinate", "worker", "--queues", MEASURED_QUEUES)


def __getattr__(attribute: str):
    # This module is gunicorn's URLconf too; build it only when Django asks for it.
    if attribute == "urlpatterns":
        from django.urls import include, path
        from django.views.decorators.csrf import csrf_exempt

        return [
            path("floor/", csrf_exempt(floor)),
            path("floor-job/", csrf_exempt(floor_job)),
            path("", include("morpheus.urls")),
        ]
    raise AttributeError(attribute)


def _create_floor_tables(owner_url: str) -> None:
    import psycopg

    with psycopg.connect(owner_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE bench_floor (id bigserial PRIMARY KEY, body text NOT NULL)")
        conn.execute("CREATE TABLE bench_job_ran (key text PRIMARY KEY, ran_at timestamptz)")


def _bench_comic():
    """The comic every benchmark order buys, with a small PDF to deliver."""

    from catalog.models import Comic
    from morpheus.db_context import system_scope

    with system_scope():
        comic, created = Comic.objects.get_or_create(
            slug="bench", defaults={"title": "Bench", "price_amount": 499, "currency": "EUR"}
        )
        if created:
            harness.add_pdf(comic, b"%PDF-1.4 bench\n")
    return comic


def _open_orders(count: int, prefix: str) -> list[dict]:
    """`count` orders in processing, each with a Payment whose PaymentIntent is `pi_<prefix>_n`;
    returns the PaymentIntent objects Stripe would send."""
    from django.contrib.auth import get_user_model

    from morpheus.db_context import system_scope
    from orders import services
    from payments.models import Payment

    intents = []
    comic = _bench_comic()
    for number in range(count):
        with system_scope():
            customer = get_user_model().objects.create_user(f"{prefix}{number}", f"{prefix}@x.test")
            services.cart_add_comic(customer=customer, comic=comic)
            order = services.order_create_from_cart(customer=customer, actor="bench")
            services.order_transition(
                name="submit_payment", order=order, actor="bench", reason="bench"
            )
            payment = Payment.objects.create(
                order=order,
                attempt=1,
                idempotency_key=f"bench-{order.number}",
                stripe_payment_intent_id=f"pi_{prefix}_{number}",
                amount=order.total_amount,
                currency=order.currency,
                status="processing",
            )
        intents.append(
            {
                "id": payment.stripe_payment_intent_id,
                "object": "payment_intent",
                "status": "succeeded",
                "amount": payment.amount,
                "currency": payment.currency.lower(),
                "metadata": {"order_number": order.number, "attempt": "1"},
            }
        )
    return intents


def _webhook_path() -> str:
    from morpheus.db_context import system_scope
    from payments.djstripe_setup import local_account_ensure, webhook_endpoint_register

    with system_scope():
        local_account_ensure()  # dj-stripe asks for the account once per key otherwise
        return webhook_endpoint_register(base_url="")[1]


def _signed_bodies(
    intents: list[dict], repeats: int, *, shuffle: bool = True
) -> list[tuple[bytes, str]]:
    from morpheus_testing.stripe_signing import build_event, sign_payload

    bodies = []
    for intent in intents:
        payload = json.dumps(build_event("payment_intent.succeeded", intent)).encode()
        bodies += [(payload, sign_payload(payload, WEBHOOK_SECRET))] * repeats
    if shuffle:
        random.Random(7).shuffle(bodies)  # noqa: S311 (an order, not a secret)
    return bodies


def _signed_when_sent(intents: list[dict]) -> Iterator[tuple[bytes, str]]:
    """Each event signed as it is sent, as Stripe signs each delivery: sent one at a time
    on a loaded machine, the last would otherwise outlive the signature's 5-minute
    tolerance."""
    for intent in intents:
        yield from _signed_bodies([intent], 1)


def _count_statements(path: str, bodies: list[tuple[bytes, str]]) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    with CaptureQueriesContext(connection) as queries:
        for payload, signature in bodies:
            response = client.post(
                path, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
            )
            if response.status_code != 200:
                raise RuntimeError(f"sample event answered {response.status_code}")
    return len(queries)


def _send(url: str, bodies: list[tuple[bytes, str]]) -> float:
    """POST every body with SENDERS concurrent senders; the seconds it took."""
    latencies: list[float] = []
    cursor = iter(bodies)
    lock = threading.Lock()

    def sender() -> None:
        with requests.Session() as session:
            while True:
                with lock:
                    item = next(cursor, None)
                if item is None:
                    return
                payload, signature = item
                started = time.perf_counter()
                response = session.post(
                    url,
                    data=payload,
                    headers={"Content-Type": "application/json", "Stripe-Signature": signature},
                    timeout=30,
                )
                elapsed = time.perf_counter() - started
                if response.status_code != 200:
                    raise RuntimeError(f"{url} answered {response.status_code}: {response.text}")
                with lock:
                    latencies.append(elapsed)

    threads = [threading.Thread(target=sender) for _ in range(SENDERS)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if len(latencies) != len(bodies):
        raise RuntimeError(f"{len(bodies) - len(latencies)} of {len(bodies)} bodies not answered")
    return time.monotonic() - started


def _rates(url: str, floor_url: str, bodies: list[tuple[bytes, str]]) -> dict[str, float]:
    """Events/s of the webhooks and of the floor, in ROUNDS turns (a slice of the events to
    the webhook, then the same bodies to the floor), so that a busy spell of the machine
    weighs on both alike."""
    seconds = {"distinct": 0.0, "floor": 0.0}
    for turn in range(ROUNDS):
        share = bodies[turn::ROUNDS]
        seconds["distinct"] += _send(url, share)
        seconds["floor"] += _send(floor_url, share)
    return {name: len(bodies) / spent for name, spent in seconds.items()}


def _statements_per_event(path: str, bodies: list[tuple[bytes, str]]) -> float:
    """Mean SQL statements per event over `bodies`, after the first (which warms the
    process's caches: content types, the API key's account)."""
    _count_statements(path, bodies[:1])
    return _count_statements(path, bodies[1:]) / (len(bodies) - 1)


def _one_at_a_time(url: str, bodies: Iterable[tuple[bytes, str]], owner_url: str) -> list[float]:
    """POST each body once the worker has finished every job the previous one caused; the
    wall-clock time of each 200."""
    import psycopg

    answered = []
    with requests.Session() as session, psycopg.connect(owner_url, autocommit=True) as conn:
        for payload, signature in bodies:
            response = session.post(
                url,
                data=payload,
                headers={"Content-Type": "application/json", "Stripe-Signature": signature},
                timeout=30,
            )
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}: {response.text}")
            answered.append(time.time())
            while conn.execute(JOBS_PENDING_SQL, [list(MEASURED_TASKS)]).fetchone()[0]:
                time.sleep(0.005)  # polling another process's progress
    return answered


def _wait_for(owner_url: str, sql: str, params: list, expected: int) -> list:
    """Rows of `sql`, read in the system context, once there are `expected` of them
    (polled: the worker is another process)."""
    import psycopg

    deadline = time.monotonic() + 300
    rows: list = []
    with psycopg.connect(owner_url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            with conn.transaction():
                conn.execute(SYSTEM_CONTEXT_SQL)
                rows = conn.execute(sql, params).fetchall()
            if len(rows) >= expected:
                return rows
            time.sleep(0.2)  # polling another process's progress
    raise TimeoutError(f"only {len(rows)} of {expected} rows after 300 s: {sql}")


def _start_worker(env: dict[str, str], owner_url: str) -> subprocess.Popen:
    """A worker on an empty queue (the throughput runs left jobs nobody needs), once it
    has registered itself."""
    import psycopg

    with psycopg.connect(owner_url, autocommit=True) as conn:
        conn.execute("DELETE FROM procrastinate_jobs WHERE status = 'todo'")
    worker = subprocess.Popen(
        [sys.executable, "-c", "from benchmarks.webhooks import worker_main; worker_main()"],
        cwd=ROOT,
        env=env,
    )
    _wait_for(owner_url, "SELECT id FROM procrastinate_workers", [], 1)
    return worker


def _milliseconds(answered: list[float], done: list[datetime]) -> list[float]:
    return [
        (finished.timestamp() - sent) * 1000 for sent, finished in zip(answered, done, strict=True)
    ]


# The tables force row-level security on their owner too (see the README).
SYSTEM_CONTEXT_SQL = (
    "SELECT set_config('morpheus.context', morpheus_sign_context('system', NULL), true)"
)
JOBS_RAN_SQL = "SELECT key, ran_at FROM bench_job_ran WHERE key LIKE 'noop-%%'"


def _job_latencies(base: str, owner_url: str) -> list[float]:
    keys = [f"noop-{number}" for number in range(LATENCY_EVENTS)]
    bodies = [(key.encode(), "") for key in keys]
    answered = _one_at_a_time(base + "/floor-job/", bodies, owner_url)
    rows = dict(_wait_for(owner_url, JOBS_RAN_SQL, [], len(keys)))
    return _milliseconds(answered, [rows[key] for key in keys])


def _fulfilment_latencies(url: str, owner_url: str, intents: list[dict]) -> list[float]:
    answered = _one_at_a_time(url, _signed_when_sent(intents), owner_url)
    numbers = [intent["metadata"]["order_number"] for intent in intents]
    rows = dict(
        _wait_for(
            owner_url,
            "SELECT number, fulfilled_at FROM orders_order "
            "WHERE number = ANY(%s) AND fulfilled_at IS NOT NULL",
            [numbers],
            len(numbers),
        )
    )
    return _milliseconds(answered, [rows[number] for number in numbers])


def _percentile(values: list[float], percent: int) -> float:
    return statistics.quantiles(values, n=100)[percent - 1]


def measure(admin_url: str | None = None, events: int = 400) -> list[Row]:
    """The webhook benchmark's rows for `make bench`."""
    workdir = Path(tempfile.mkdtemp(prefix="morpheus-bench-"))
    harness.bench_environment(
        workdir,
        STRIPE_SECRET_KEY=SECRET_KEY,
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        STRIPE_API_BASE="http://127.0.0.1:9",  # nothing may reach a real Stripe
    )
    admin_url, embedded = harness.admin_url_or_embedded(admin_url, workdir)
    try:
        urls = harness.prepare_database(admin_url)
        _create_floor_tables(urls["owner"])
        os.environ["DATABASE_URL"] = urls["app"]
        import django

        django.setup()
        path = _webhook_path()
        statements = _statements_per_event(path, _signed_bodies(_open_orders(21, "sample"), 1))
        warm = _signed_bodies(_open_orders(WARM_EVENTS, "warm"), 1)
        distinct = _signed_bodies(_open_orders(events, "distinct"), 1)
        latency_intents = _open_orders(LATENCY_EVENTS, "latency")
        rates, latencies = _run_servers(path, urls, warm, distinct, latency_intents)
    finally:
        if embedded is not None:
            embedded.cleanup()
    job_ms, fulfil_ms = latencies
    label = f"webhooks: {events} succeeded, distinct orders, {SENDERS} senders"
    latency = "fulfilment: webhook 200 -> fulfilled, one at a time"
    return [
        Row(label, rates["distinct"], rates["floor"], "/s", goal_ratio=0.33),
        Row(
            "webhooks: SQL statements per succeeded event",
            statements,
            STATEMENT_BUDGET,
            "",
            goal_ratio=1,
            higher_is_better=False,
        ),
        Row(
            f"{latency} (p50)",
            statistics.median(fulfil_ms),
            statistics.median(job_ms),
            "ms",
            goal_ratio=FULFILMENT_GOAL_RATIO,
            higher_is_better=False,
        ),
        Row(
            f"{latency} (p95)",
            _percentile(fulfil_ms, 95),
            _percentile(job_ms, 95),
            "ms",
            goal_ratio=FULFILMENT_GOAL_RATIO,
            higher_is_better=False,
        ),
    ]


def _run_servers(
    path: str,
    urls: dict[str, str],
    warm: list[tuple[bytes, str]],
    distinct: list[tuple[bytes, str]],
    latency_intents: list[dict],
) -> tuple[dict[str, float], tuple[list[float], list[float]]]:
    """Throughput with gunicorn alone, then latency with a worker (its own role) beside it."""
    owner_url = urls["owner"]
    port = harness.free_port()
    env = dict(os.environ)
    server = harness.start_gunicorn(
        "benchmarks.webhooks:wsgi_app()", workers=SENDERS, port=port, env=env, probe_path="/floor/"
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _send(base + "/floor/", warm)  # warm the workers, on both paths
        _send(base + path, warm)
        rates = _rates(base + path, base + "/floor/", distinct)
        worker = _start_worker({**env, "DATABASE_URL": urls["worker"]}, owner_url)
        try:
            _one_at_a_time(base + "/floor-job/", [(b"warm", "")], owner_url)
            job_ms = _job_latencies(base, owner_url)
            fulfil_ms = _fulfilment_latencies(base + path, owner_url, latency_intents)
        finally:
            worker.terminate()
            worker.wait()
    finally:
        server.terminate()
        server.wait()
    return rates, (job_ms, fulfil_ms)


def main(argv: list[str] | None = None) -> None:
    harness.run_from_command_line(
        argv, doc=__doc__, measure=measure, option="events", kind=int, default=400
    )


if __name__ == "__main__":
    main()
