"""Two runs of one email's job at the same time (two workers, a job recovered from a worker
that was only slow, a held fulfilment deferred twice): the customer gets one email."""

import re
import threading
from contextlib import suppress

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend

from delivery.tasks import fulfil_order
from morpheus_testing.concurrency import at_once
from morpheus_testing.factories import ComicAssetFactory, create_order
from notifications.models import EmailKind
from notifications.tasks import send_order_email
from orders.transitions import OrderStatus

pytestmark = pytest.mark.django_db(transaction=True)

# How long a send waits for the other run to reach its own send. The old code let both
# runs through at once; now the second waits for the first to finish, so the first
# stops waiting after this.
OVERLAP_SECONDS = 1


class OverlappingSendsBackend(EmailBackend):
    """locmem, holding each send until another run is sending too (or OVERLAP_SECONDS
    passed): any two runs that can both send, do."""

    sending: threading.Barrier

    def send_messages(self, messages):
        with suppress(threading.BrokenBarrierError):
            OverlappingSendsBackend.sending.wait(timeout=OVERLAP_SECONDS)
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def _overlapping_sends(settings):
    settings.EMAIL_BACKEND = f"{__name__}.OverlappingSendsBackend"
    OverlappingSendsBackend.sending = threading.Barrier(2)


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
