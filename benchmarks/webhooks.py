"""Signed `payment_intent.succeeded` events per second through the real webhook endpoint,
next to the floor of a view that only inserts one row per request.

    python -m benchmarks.webhooks [--events 400] [--admin-url postgres://superuser@...]

Starts a throwaway embedded PostgreSQL (or uses --admin-url), migrates a fresh database with
the production role split, opens `--events` orders with a payment in processing, then 4
concurrent senders POST through gunicorn (4 sync workers, same middleware):
  distinct:  one event per order;
  duplicate: a fifth of that many orders, each event sent 5 times (Stripe's retries);
  floor:     the same signed bodies to `/floor/`, which inserts the body and answers 200.
SQL statements per event are counted in-process (Django's test client) on a sample.
"""

import argparse
import json
import os
import random
import statistics
import tempfile
import threading
import time
from pathlib import Path

import requests

from benchmarks.harness import admin_url_or_embedded, free_port, prepare_database, start_gunicorn

SENDERS = 4
DUPLICATES = 5
SECRET_KEY = "sk_test_" + "b" * 24
WEBHOOK_SECRET = "whsec_benchmark_only"  # noqa: S105


def wsgi_app():
    """gunicorn's entry point (`benchmarks.webhooks:wsgi_app()`): the site plus the floor."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application

    settings.ROOT_URLCONF = __name__
    return get_wsgi_application()


def floor(request):
    """One INSERT per request, inside the same middleware and its RLS transaction."""
    from django.db import connection
    from django.http import HttpResponse

    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_floor (body) VALUES (%s)", [request.body.decode()])
    return HttpResponse("ok")


def __getattr__(attribute: str):
    # This module is gunicorn's URLconf too; build it only when Django asks for it.
    if attribute == "urlpatterns":
        from django.urls import include, path
        from django.views.decorators.csrf import csrf_exempt

        return [path("floor/", csrf_exempt(floor)), path("", include("morpheus.urls"))]
    raise AttributeError(attribute)


def _create_floor_table(owner_url: str) -> None:
    import psycopg

    with psycopg.connect(owner_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE bench_floor (id bigserial PRIMARY KEY, body text NOT NULL)")


def _open_orders(count: int, prefix: str) -> list[dict]:
    """`count` orders in processing, each with a Payment whose PaymentIntent is `pi_<prefix>_n`;
    returns the PaymentIntent objects Stripe would send."""
    from django.contrib.auth import get_user_model

    from catalog.models import Comic
    from morpheus.db_context import system_scope
    from orders import services
    from payments.models import Payment

    intents = []
    with system_scope():
        comic, _ = Comic.objects.get_or_create(
            slug="bench", defaults={"title": "Bench", "price_amount": 499, "currency": "EUR"}
        )
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


def _signed_bodies(intents: list[dict], repeats: int) -> list[tuple[bytes, str]]:
    from morpheus_testing.stripe_signing import build_event, sign_payload

    bodies = []
    for intent in intents:
        payload = json.dumps(build_event("payment_intent.succeeded", intent)).encode()
        bodies += [(payload, sign_payload(payload, WEBHOOK_SECRET))] * repeats
    random.Random(7).shuffle(bodies)  # noqa: S311 (an order, not a secret)
    return bodies


def _statements_per_event(path: str, bodies: list[tuple[bytes, str]]) -> float:
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
    return len(queries) / len(bodies)


def _send(url: str, bodies: list[tuple[bytes, str]]) -> tuple[float, list[float]]:
    """POST every body with SENDERS concurrent senders; events/s and each latency (s)."""
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
    return len(latencies) / (time.monotonic() - started), latencies


def _line(label: str, rate: float, latencies: list[float], statements: float | None) -> str:
    p50 = statistics.median(latencies) * 1000
    p99 = statistics.quantiles(latencies, n=100)[98] * 1000
    sql = f"  {statements:5.1f} SQL/event" if statements is not None else ""
    return f"{label:<22}{rate:8.1f} events/s  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms{sql}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=400)
    parser.add_argument("--admin-url", help="a superuser URL; default: an embedded server")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="morpheus-bench-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="morpheus.settings",
        SECRET_KEY=os.environ.get("SECRET_KEY", "benchmark-only-" + "k" * 40),
        MORPHEUS_VAR_DIR=str(workdir / "var"),
        DATABASE_CONN_MAX_AGE="60",
        LOG_LEVEL="WARNING",
        STRIPE_SECRET_KEY=SECRET_KEY,
        STRIPE_WEBHOOK_SECRET=WEBHOOK_SECRET,
        STRIPE_API_BASE="http://127.0.0.1:9",  # nothing may reach a real Stripe
    )
    admin_url, embedded = admin_url_or_embedded(args.admin_url, workdir)
    urls = prepare_database(admin_url)
    _create_floor_table(urls["owner"])
    os.environ["DATABASE_URL"] = urls["app"]
    import django

    django.setup()
    path = _webhook_path()
    sample = _signed_bodies(_open_orders(20, "sample"), 1)
    sample_duplicates = _signed_bodies(_open_orders(4, "sampledup"), DUPLICATES)
    distinct = _signed_bodies(_open_orders(args.events, "distinct"), 1)
    duplicated = _signed_bodies(_open_orders(args.events // DUPLICATES, "dup"), DUPLICATES)
    statements = _statements_per_event(path, sample)
    duplicate_statements = _statements_per_event(path, sample_duplicates)

    port = free_port()
    server = start_gunicorn(
        "benchmarks.webhooks:wsgi_app()",
        workers=SENDERS,
        port=port,
        env=dict(os.environ),
        probe_path="/floor/",
    )
    try:
        base = f"http://127.0.0.1:{port}"
        _send(base + "/floor/", distinct[: SENDERS * 10])  # warm the workers
        distinct_rate, distinct_latencies = _send(base + path, distinct)
        dup_rate, dup_latencies = _send(base + path, duplicated)
        floor_rate, floor_latencies = _send(base + "/floor/", distinct)
    finally:
        server.terminate()
        server.wait()
        if embedded is not None:
            embedded.cleanup()
    print(f"{args.events} events, {SENDERS} concurrent senders, gunicorn {SENDERS} sync workers")
    print(_line("distinct orders", distinct_rate, distinct_latencies, statements))
    print(_line("duplicate-heavy (x5)", dup_rate, dup_latencies, duplicate_statements))
    print(_line("floor (1 INSERT)", floor_rate, floor_latencies, None))
    print(f"ratio distinct/floor: {distinct_rate / floor_rate:.2f}")
    print(f"ratio duplicate/floor: {dup_rate / floor_rate:.2f}")


if __name__ == "__main__":
    main()
