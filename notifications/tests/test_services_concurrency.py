"""Two runs of one email's job at the same time (two workers, a job recovered from a worker
that was only slow, a held fulfilment deferred twice): the customer gets one email."""

import re
import threading
import time

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection

from delivery.tasks import fulfil_order
from morpheus_testing.concurrency import at_once
from morpheus_testing.factories import ComicAssetFactory, create_order
from notifications.models import EmailKind
from notifications.tasks import send_order_email
from orders.transitions import OrderStatus

pytestmark = pytest.mark.django_db(transaction=True)

# A send waits at most this long for the other run: a bound for a broken test, never reached
# when the code works (the other run is then sending too, or waiting for the first).
DEADLINE_SECONDS = 30
POLL_SECONDS = 0.02


class OverlappingSendsBackend(EmailBackend):
    """locmem, holding each send until the other run is sending too, or is waiting for
    the first to finish (blocked on a PostgreSQL lock): any two runs that can both send, do."""

    arrived: threading.Condition
    sends: int

    def send_messages(self, messages):
        cls = OverlappingSendsBackend
        with cls.arrived:
            cls.sends += 1
            cls.arrived.notify_all()
            deadline = time.monotonic() + DEADLINE_SECONDS
            while cls.sends < 2 and not _another_run_waits_for_a_lock():
                if time.monotonic() > deadline:
                    raise AssertionError("The other run neither sent nor waited.")
                cls.arrived.wait(timeout=POLL_SECONDS)
        return super().send_messages(messages)


def _another_run_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_locks WHERE NOT granted)")
        return cursor.fetchone()[0]


@pytest.fixture(autouse=True)
def _overlapping_sends(settings):
    settings.EMAIL_BACKEND = f"{__name__}.OverlappingSendsBackend"
    OverlappingSendsBackend.arrived = threading.Condition()
    OverlappingSendsBackend.sends = 0


def test_two_overlapping_runs_of_one_email_send_it_once():
    order = create_order()
    mail.outbox = []

    at_once(
        lambda: send_order_email(
            order_id=order.pk, kind=EmailKind.ORDER_RECEIVED, event_key="placed"
        ),
        times=2,
    )

    assert [message.subject for message in mail.outbox] == [
        f"We received your order {order.number}"
    ]


def test_two_overlapping_fulfilments_send_one_email_whose_link_downloads(client):
    asset = ComicAssetFactory()
    order = create_order(comics=[asset.comic], status=OrderStatus.PAID)
    mail.outbox = []

    at_once(lambda: fulfil_order(order_id=order.pk), times=2)

    (email,) = mail.outbox
    path = re.search(r"/downloads/[A-Za-z0-9_-]{43}/", email.body).group(0)
    response = client.get(path)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == asset.file.open("rb").read()
