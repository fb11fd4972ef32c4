"""Through a real HTTP server: concurrent duplicate deliveries, and localstripe's own webhooks."""

import threading
import urllib.error
import urllib.request
from io import StringIO

import pytest
from django.core.management import call_command
from djstripe.models import Event

from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicAssetFactory, create_order
from morpheus_testing.jobs import background_worker, run_worker
from morpheus_testing.stripe_signing import build_event
from morpheus_testing.waiting import committed_writes, wait_until
from orders.models import Order
from orders.transitions import ENTITLED_STATUSES, OrderStatus
from payments.services import payment_start
from payments.tests.helpers import VISA, intent_json, status_changes

pytestmark = pytest.mark.django_db(transaction=True)
DEADLINE_SECONDS = 20
DISCARD_URL = "http://127.0.0.1:9/"


def post(url: str, payload: bytes, signature: str) -> int:
    request = urllib.request.Request(  # noqa: S310 (the live test server)
        url,
        data=payload,
        headers={"Content-Type": "application/json", "Stripe-Signature": signature},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def wait_for_status(order: Order, statuses, database_url: str) -> Order:
    def in_statuses() -> Order | None:
        with system_scope():
            current = Order.objects.get(pk=order.pk)
        return current if current.status in statuses else None

    with committed_writes(database_url, "orders_order") as writes:
        return wait_until(
            in_statuses, timeout=DEADLINE_SECONDS, what=f"order in {statuses}", changes=writes
        )


@pytest.fixture
def localstripe_webhook_to_live_server(live_server, stripe_webhook, localstripe):
    """localstripe's own webhooks reach the live server; a worker runs the jobs."""
    call_command(
        "register_stripe_webhook", base_url=live_server.url, localstripe=True, stdout=StringIO()
    )
    with background_worker():
        yield
    localstripe.register_webhook("morpheus", DISCARD_URL, "unused")


def test_ten_identical_deliveries_at_once_change_the_order_once(
    live_server, stripe_webhook, database_urls
):
    order = create_order(comics=[ComicAssetFactory().comic])
    with system_scope():
        payment = payment_start(order=order, actor="customer:test", payment_method_id=VISA)
    run_worker()  # its job creates the PaymentIntent
    with system_scope():
        payment.refresh_from_db()
    event = build_event("payment_intent.succeeded", intent_json(payment))
    payload, signature = stripe_webhook.signed(event)
    start = threading.Barrier(10)
    codes = []

    def deliver():
        start.wait()
        codes.append(post(live_server.url + stripe_webhook.path, payload, signature))

    senders = [threading.Thread(target=deliver) for _ in range(10)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()

    assert codes == [200] * 10
    order = wait_for_status(order, ENTITLED_STATUSES, database_urls["owner"])
    assert order.status in ENTITLED_STATUSES
    assert status_changes(order)[:2] == [("pending", "processing"), ("processing", "paid")]
    with system_scope():
        assert order.events.filter(to_status=OrderStatus.PAID).count() == 1
        assert Event.objects.filter(id=event["id"]).count() == 1


def test_localstripe_webhook_pays_the_order(localstripe_webhook_to_live_server, database_urls):
    order = create_order(comics=[ComicAssetFactory().comic])
    with system_scope():
        payment_start(order=order, actor="customer:test", payment_method_id=VISA)
    order = wait_for_status(order, ENTITLED_STATUSES, database_urls["owner"])
    assert status_changes(order)[:2] == [("pending", "processing"), ("processing", "paid")]


def test_demo_purchase_buys_through_the_configured_stripe(localstripe_webhook_to_live_server):
    out = StringIO()
    call_command("demo_purchase", timeout=DEADLINE_SECONDS, fulfilment_timeout=0, stdout=out)
    output = out.getvalue()
    assert "processing -> paid" in output
    assert "by stripe:evt_" in output  # moved by localstripe's webhook
