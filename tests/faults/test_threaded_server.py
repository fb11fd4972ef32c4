"""Django's threaded live server (as `runserver` and gunicorn gthread serve) under eight
concurrent clients: webhooks and downloads that change orders in parallel threads."""

import threading
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from delivery.services import download_links_fulfil
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicAssetFactory, PaymentFactory, create_order
from morpheus_testing.stripe_signing import build_event
from orders.models import Order
from orders.transitions import OrderStatus

pytestmark = pytest.mark.django_db(transaction=True)
CLIENTS = 8
ORDERS_PER_KIND = 24


def _request(url: str, *, data: bytes | None = None, headers: dict | None = None) -> int:
    request = urllib.request.Request(url, data=data, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (live server)
            response.read()
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def _processing_order_with_attempt() -> Order:
    order = create_order(status=OrderStatus.PROCESSING)
    PaymentFactory(order=order)
    return order


def _succeeded_event(order: Order) -> dict:
    intent = {
        "id": f"pi_threaded_{order.pk}",
        "object": "payment_intent",
        "status": "succeeded",
        "amount": order.total_amount,
        "currency": order.currency.lower(),
        "metadata": {"order_number": order.number, "attempt": "1"},
        "latest_charge": f"ch_threaded_{order.pk}",
    }
    return build_event("payment_intent.succeeded", intent)


def _fulfilled_order_link() -> tuple[Order, str]:
    order = create_order(comics=[ComicAssetFactory().comic], status=OrderStatus.PAID)
    with system_scope():
        (link,) = download_links_fulfil(order_id=order.pk, actor="test:fulfilment")
    return order, link.path


def test_eight_concurrent_clients_get_no_server_error(live_server, stripe_webhook):
    paying = [_processing_order_with_attempt() for _ in range(ORDERS_PER_KIND)]
    downloading = [_fulfilled_order_link() for _ in range(ORDERS_PER_KIND)]
    requests = []
    for order in paying:
        payload, signature = stripe_webhook.signed(_succeeded_event(order))
        headers = {"Content-Type": "application/json", "Stripe-Signature": signature}
        # Stripe may deliver an event twice at once: both copies go out together.
        requests += [(live_server.url + stripe_webhook.path, payload, headers)] * 2
    for _, path in downloading:
        requests += [(live_server.url + path, None, {})] * 2
    start = threading.Barrier(CLIENTS)

    def send(batch: list) -> list[int]:
        start.wait()
        return [_request(url, data=data, headers=headers) for url, data, headers in batch]

    batches = [requests[i::CLIENTS] for i in range(CLIENTS)]
    with ThreadPoolExecutor(CLIENTS) as pool:
        codes = Counter(code for batch in pool.map(send, batches) for code in batch)

    assert sum(n for code, n in codes.items() if code >= 500) == 0, codes
    assert codes[200] == len(requests)
    with system_scope():
        paid = Order.objects.filter(pk__in=[o.pk for o in paying], status=OrderStatus.PAID)
        delivered = Order.objects.filter(
            pk__in=[o.pk for o, _ in downloading], status=OrderStatus.DELIVERED
        )
        assert (paid.count(), delivered.count()) == (ORDERS_PER_KIND, ORDERS_PER_KIND)
