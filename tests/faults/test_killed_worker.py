"""A worker killed with SIGKILL in the middle of `fulfil_order`, then the stalled-job
recovery and another worker: the customer gets the comics once, by one email.

The first worker is held inside the job at a point the test controls: the links are
issued, the order is fulfilled and the email is claimed, and Django's SMTP backend waits
for the greeting of an SMTP server that the test keeps silent.
"""

import re
from email.message import Message

import pytest

from delivery.models import DownloadLink
from morpheus.db_context import system_scope
from morpheus.stalled_jobs import Recovery, stalled_jobs_retry
from morpheus_testing.digests import expected_digest
from morpheus_testing.factories import ComicAssetFactory, create_order
from morpheus_testing.jobs import as_worker
from morpheus_testing.processes import process_env, start_worker, stop
from morpheus_testing.smtp_server import GatedSmtpServer
from morpheus_testing.waiting import committed_writes, wait_until
from notifications.models import EmailDelivery, EmailKind
from orders.models import Order
from orders.transitions import OrderStatus

pytestmark = pytest.mark.django_db(transaction=True)

FULFIL = "delivery.tasks.fulfil_order"
DEADLINE_SECONDS = 30
# Shortened by configuration: a worker beats every second and is dead after two silent ones.
HEARTBEAT = {"WORKER_HEARTBEAT_INTERVAL_SECONDS": "1", "WORKER_HEARTBEAT_MAX_AGE_SECONDS": "2"}


def _fulfil_job() -> tuple[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT status, attempts FROM procrastinate_jobs WHERE task_name = %s", [FULFIL]
        )
        (row,) = cursor.fetchall()
    return row


def _heartbeat():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT last_heartbeat FROM procrastinate_workers")
        (row,) = cursor.fetchall()
    return row[0]


def _wait_for_a_new_heartbeat(database_url: str) -> None:
    with committed_writes(database_url, "procrastinate_workers") as heartbeats:
        first = _heartbeat()
        wait_until(
            lambda: _heartbeat() != first,
            timeout=DEADLINE_SECONDS,
            what="the worker's next heartbeat",
            changes=heartbeats,
        )


def _as_worker(recovery):
    """What the periodic recovery does in a worker, as the worker's role."""
    with as_worker():
        return recovery()


def _recover_when_stalled() -> list[str]:
    """Run the recovery until the dead worker's heartbeat is old enough for it to act."""
    retried = wait_until(
        lambda: _as_worker(stalled_jobs_retry).retried,
        timeout=DEADLINE_SECONDS,
        what="the killed worker's job found stalled",
    )
    return [job.task_name for job in retried]


def _plain_text(message: Message) -> str:
    part = next(part for part in message.walk() if part.get_content_type() == "text/plain")
    return part.get_payload(decode=True).decode()


def _smtp_env(database_url: str, smtp: GatedSmtpServer) -> dict[str, str]:
    return process_env(
        database_url,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(smtp.port),
        **HEARTBEAT,
    )


def test_a_worker_killed_mid_fulfilment_is_recovered_and_the_order_fulfilled_once(
    database_urls, settings
):
    settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS = 2
    comics = [ComicAssetFactory().comic, ComicAssetFactory().comic]
    order = create_order(comics=comics, status=OrderStatus.PAID)

    with GatedSmtpServer() as smtp:
        env = _smtp_env(database_urls["worker"], smtp)
        first = start_worker(env, "--queues", "fulfilment", "--concurrency", "1")
        try:
            assert smtp.wait_for_connection(timeout=DEADLINE_SECONDS), "the job never sent"
            assert _fulfil_job() == ("doing", 0)
            _wait_for_a_new_heartbeat(database_urls["owner"])
            assert _as_worker(stalled_jobs_retry) == Recovery()  # a live worker's is left alone
            first.kill()
            first.wait()
        finally:
            stop(first)
        assert _fulfil_job() == ("doing", 0)  # procrastinate alone leaves it there for ever

        assert _recover_when_stalled() == [FULFIL]

        smtp.open()
        second = start_worker(env, "--queues", "fulfilment", "--one-shot")
        try:
            assert second.wait(timeout=DEADLINE_SECONDS) == 0
        finally:
            stop(second)
        emails = smtp.parsed()

    assert _fulfil_job() == ("succeeded", 2)
    with system_scope():
        order = Order.objects.get(pk=order.pk)
        assert order.status == OrderStatus.FULFILLED
        assert order.events.filter(to_status=OrderStatus.FULFILLED).count() == 1
        active = DownloadLink.objects.filter(order=order, revoked_at__isnull=True)
        assert sorted(active.values_list("order_item__comic_id", flat=True)) == sorted(
            comic.pk for comic in comics
        )
        deliveries = EmailDelivery.objects.filter(order=order, kind=EmailKind.DOWNLOADS_READY)
        assert [delivery.sent_at is not None for delivery in deliveries] == [True]
        active_digests = set(active.values_list("token_digest", flat=True))
    assert len(emails) == 1
    assert emails[0]["To"] == order.email
    tokens = re.findall(r"/downloads/([A-Za-z0-9_-]{43})/", _plain_text(emails[0]))
    assert {expected_digest(token, purpose="download-link") for token in tokens} == active_digests
