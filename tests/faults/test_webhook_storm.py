"""A burst of signed webhooks through gunicorn while the web processes' database connections
are terminated (`pg_terminate_backend`), a job worker running beside them.

Senders behave like Stripe: every event is delivered one to three times, in shuffled order,
by several senders at once, and a delivery answered 5xx or cut off is sent again.
"""

import random
import threading
from collections import Counter
from dataclasses import dataclass, field

import psycopg
import pytest
import requests
from django.db import connection
from djstripe.models import Event

from delivery.models import DownloadLink
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicAssetFactory, PaymentFactory, UserFactory, create_order
from morpheus_testing.localstripe_server import TEST_SECRET_KEY
from morpheus_testing.processes import gunicorn, process_env, start_worker, stop
from morpheus_testing.stripe_fixtures import TEST_PUBLISHABLE_KEY, TEST_WEBHOOK_SECRET
from morpheus_testing.stripe_signing import build_event
from morpheus_testing.waiting import committed_writes, wait_until
from notifications.models import EmailDelivery, EmailKind
from orders.models import Order
from orders.transitions import OrderStatus
from payments.models import PaymentStatus
from payments.tests.helpers import status_changes

pytestmark = pytest.mark.django_db(transaction=True)

ORDERS = 30
SENDERS = 4
WEB_WORKERS = 2
TERMINATE_EVERY = 8  # deliveries
MAX_ATTEMPTS = 20
DEADLINE_SECONDS = 45
WEB_APPLICATION_NAME = "morpheus-fault-web"
EXPECTED_CHANGES = [("pending", "processing"), ("processing", "paid"), ("paid", "fulfilled")]


@dataclass
class Storm:
    """What the senders did and saw."""

    deliveries: list[tuple[bytes, str]]
    sent: int = 0
    attempts: int = 0
    answers: Counter = field(default_factory=Counter)
    terminated: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_delivery(self) -> tuple[int, tuple[bytes, str]] | None:
        with self.lock:
            if self.sent == len(self.deliveries):
                return None
            self.sent += 1
            return self.sent, self.deliveries[self.sent - 1]

    def count(self, answer: str) -> None:
        with self.lock:
            self.attempts += 1
            self.answers[answer] += 1


def _open_orders(comic) -> list[dict]:
    """Orders in processing, each with its attempt at Stripe; the PaymentIntents Stripe
    would send for them."""
    intents = []
    customer = UserFactory()
    for number in range(ORDERS):
        order = create_order(customer=customer, comics=[comic], status=OrderStatus.PROCESSING)
        payment = PaymentFactory(
            order=order,
            stripe_payment_intent_id=f"pi_storm_{number}",
            status=PaymentStatus.PROCESSING,
        )
        intents.append(
            {
                "id": payment.stripe_payment_intent_id,
                "object": "payment_intent",
                "amount": payment.amount,
                "currency": payment.currency.lower(),
                "metadata": {"order_number": order.number, "attempt": "1"},
            }
        )
    return intents


def _deliveries(intents: list[dict], webhook, rng: random.Random) -> list[tuple[bytes, str]]:
    deliveries = []
    for intent in intents:
        for event_type, status in (
            ("payment_intent.processing", "processing"),
            ("payment_intent.succeeded", "succeeded"),
        ):
            event = build_event(event_type, {**intent, "status": status})
            deliveries += [webhook.signed(event)] * rng.randint(1, 3)
    rng.shuffle(deliveries)
    return deliveries


def _terminate_web_connections(admin_url: str, database: str) -> int:
    with psycopg.connect(admin_url, autocommit=True) as admin:
        (terminated,) = admin.execute(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = %s AND datname = %s",
            [WEB_APPLICATION_NAME, database],
        ).fetchone()
    return terminated


def _send(storm: Storm, url: str, terminate) -> None:
    with requests.Session() as session:
        while item := storm.next_delivery():
            number, (payload, signature) = item
            if number % TERMINATE_EVERY == 0:
                killed = terminate()
                with storm.lock:
                    storm.terminated += killed
            for _ in range(MAX_ATTEMPTS):
                try:
                    response = session.post(
                        url,
                        data=payload,
                        headers={"Content-Type": "application/json", "Stripe-Signature": signature},
                        timeout=30,
                    )
                except requests.ConnectionError:
                    storm.count("connection error")
                    continue
                storm.count(str(response.status_code))
                if response.status_code < 500:
                    break


def _wait_until_fulfilled(order_ids: list[int], database_url: str) -> None:
    def all_fulfilled_and_no_job_left() -> bool:
        with system_scope():
            waiting = Order.objects.filter(pk__in=order_ids).exclude(status=OrderStatus.FULFILLED)
            return not waiting.exists() and not _job_statuses().keys() & {"todo", "doing"}

    with committed_writes(database_url, "orders_order", "procrastinate_jobs") as writes:
        try:
            wait_until(
                all_fulfilled_and_no_job_left,
                timeout=DEADLINE_SECONDS,
                what="every order fulfilled, no job left",
                changes=writes,
            )
        except AssertionError as timeout:
            raise AssertionError(f"not all fulfilled: {_job_statuses()}") from timeout


def _job_statuses() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT status, count(*) FROM procrastinate_jobs GROUP BY status")
        return dict(cursor.fetchall())


def test_a_webhook_storm_with_cut_database_connections_leaves_every_order_right(
    database_urls, stripe_webhook, localstripe, settings
):
    settings.ORDER_RECEIVED_EMAIL_DELAY_SECONDS = 0  # every job the orders queue runs now
    rng = random.Random(11)
    comic = ComicAssetFactory().comic
    intents = _open_orders(comic)
    storm = Storm(deliveries=_deliveries(intents, stripe_webhook, rng))
    env = process_env(
        database_urls["app"],
        STRIPE_SECRET_KEY=TEST_SECRET_KEY,
        STRIPE_PUBLISHABLE_KEY=TEST_PUBLISHABLE_KEY,
        STRIPE_WEBHOOK_SECRET=TEST_WEBHOOK_SECRET,
        STRIPE_API_BASE=localstripe.base_url,
    )
    web_env = {
        **env,
        "DATABASE_URL": f"{database_urls['app']}?application_name={WEB_APPLICATION_NAME}",
        "DATABASE_CONN_MAX_AGE": "60",  # persistent connections: cut ones are reused
    }
    database = connection.settings_dict["NAME"]

    worker = start_worker({**env, "DATABASE_URL": database_urls["worker"]}, "--concurrency", "2")
    try:
        with gunicorn(web_env, workers=WEB_WORKERS) as base_url:
            senders = [
                threading.Thread(
                    target=_send,
                    args=(
                        storm,
                        base_url + stripe_webhook.path,
                        lambda: _terminate_web_connections(database_urls["admin"], database),
                    ),
                )
                for _ in range(SENDERS)
            ]
            for sender in senders:
                sender.start()
            for sender in senders:
                sender.join()
        order_ids = [_order_id(intent) for intent in intents]
        _wait_until_fulfilled(order_ids, database_urls["owner"])
    finally:
        stop(worker)

    print(
        f"\n{ORDERS} orders, {2 * ORDERS} events, {len(storm.deliveries)} deliveries, "
        f"{storm.attempts} requests, {storm.terminated} connections terminated, "
        f"answers {dict(storm.answers)}"
    )
    assert storm.answers["200"] == len(storm.deliveries)  # each delivered in the end
    assert set(storm.answers) <= {"200", "500", "connection error"}
    assert storm.terminated > 0
    assert storm.attempts > len(storm.deliveries)  # the cuts made deliveries fail
    assert set(_job_statuses()) == {"succeeded"}
    with system_scope():
        assert Event.objects.count() == 2 * ORDERS
        for order in Order.objects.filter(pk__in=order_ids):
            assert status_changes(order) == EXPECTED_CHANGES, order.number
            assert order.payments.get().status == PaymentStatus.SUCCEEDED
            assert DownloadLink.objects.filter(order=order, revoked_at__isnull=True).count() == 1
            emails = EmailDelivery.objects.filter(order=order, kind=EmailKind.DOWNLOADS_READY)
            assert [email.sent_at is not None for email in emails] == [True]


def _order_id(intent: dict) -> int:
    with system_scope():
        return Order.objects.get(number=intent["metadata"]["order_number"]).pk
