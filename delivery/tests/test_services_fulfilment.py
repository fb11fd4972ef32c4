import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from delivery.errors import AssetMissing
from delivery.models import DownloadLink
from delivery.services import download_links_fulfil
from delivery.tests.conftest import fulfilled_order, run_fulfilment_jobs
from morpheus.db_context import system_scope
from morpheus_testing.digests import expected_digest
from morpheus_testing.factories import ComicAssetFactory, ComicFactory, create_order
from orders import services
from orders.actors import SYSTEM
from orders.models import OrderEvent, OrderEventType
from orders.transitions import OrderStatus

pytestmark = pytest.mark.django_db


def _pay(order):
    return services.order_transition(
        name="mark_paid", order=order, actor="test", reason="payment succeeded"
    )


def test_paying_an_order_queues_fulfilment_that_issues_one_link_per_item():
    assets = [ComicAssetFactory(), ComicAssetFactory()]
    order = create_order(comics=[asset.comic for asset in assets], status=OrderStatus.PROCESSING)
    _pay(order)
    assert not DownloadLink.objects.filter(order=order).exists()

    run_fulfilment_jobs()

    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    links = DownloadLink.objects.filter(order=order)
    assert sorted(link.asset_id for link in links) == sorted(asset.pk for asset in assets)
    assert {link.order_item.comic_id for link in links} == {a.comic_id for a in assets}


def test_links_get_the_configured_expiry_and_quota(settings):
    settings.DOWNLOAD_LINK_TTL_SECONDS = 3600
    settings.DOWNLOAD_LINK_MAX_DOWNLOADS = 2
    order, (issued,) = fulfilled_order()

    link = DownloadLink.objects.get(order=order)
    assert (link.expires_at - link.created_at).total_seconds() == pytest.approx(3600, abs=1)
    assert link.max_downloads == issued.max_downloads == 2
    assert link.download_count == 0


def test_a_repeated_payment_announcement_issues_no_second_set_of_links():
    order, first = fulfilled_order()

    again = download_links_fulfil(order_id=order.pk, actor=SYSTEM)

    assert again == []
    assert DownloadLink.objects.filter(order=order).count() == len(first) == 1


def test_issuing_leaves_an_order_event():
    order, _ = fulfilled_order()

    event = OrderEvent.objects.get(order=order, type=OrderEventType.DOWNLOAD_LINKS)
    assert event.data["action"] == "issued"
    assert event.data["links"] == 1


def test_a_comic_without_a_file_fails_fulfilment_and_leaves_the_order_paid():
    comic = ComicFactory()
    order = create_order(comics=[comic], status=OrderStatus.PROCESSING)
    with system_scope():
        comic.assets.all().delete()  # a row from before a comic needed a file to be sold
    _pay(order)

    with pytest.raises(AssetMissing):
        run_fulfilment_jobs()

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert not DownloadLink.objects.filter(order=order).exists()


def test_tokens_carry_256_bits_and_the_database_holds_only_their_keyed_digest():
    order, (issued,) = fulfilled_order()
    token = issued.path.rstrip("/").rsplit("/", 1)[1]

    stored = DownloadLink.objects.filter(order=order).values().get()
    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    assert stored["token_digest"] == expected_digest(token, purpose="download-link")
    assert not any(token in str(value) for value in stored.values())


def test_the_fulfilment_email_carries_a_link_that_downloads_the_comic(client, mailoutbox):
    asset = ComicAssetFactory()
    order = create_order(comics=[asset.comic], status=OrderStatus.PROCESSING)
    _pay(order)

    run_fulfilment_jobs()

    (email,) = [m for m in mailoutbox if "/downloads/" in m.body]
    path = re.search(r"/downloads/[A-Za-z0-9_-]{43}/", email.body).group(0)
    response = client.get(path)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == asset.file.open("rb").read()


def _fulfilment_statements(items: int) -> list[str]:
    assets = [ComicAssetFactory() for _ in range(items)]
    order = create_order(comics=[asset.comic for asset in assets], status=OrderStatus.PAID)
    with system_scope(), CaptureQueriesContext(connection) as captured:
        download_links_fulfil(order_id=order.pk, actor=SYSTEM)
    return [query["sql"] for query in captured.captured_queries]


def test_fulfilling_reads_every_items_file_at_once_and_opens_no_savepoint_of_its_own():
    one, three = _fulfilment_statements(1), _fulfilment_statements(3)

    assert len(three) == len(one) + 2  # the two extra links' inserts
    assert sum("SAVEPOINT" in statement for statement in one) == 2  # the status change's own


def test_fulfilling_reads_the_order_once_and_its_items_once_for_links_and_once_for_copies():
    reads = [sql for sql in _fulfilment_statements(1) if sql.startswith("SELECT")]

    assert sum('FROM "orders_order" ' in sql for sql in reads) == 1  # under its lock
    # The links' items (refunded ones skipped in Python) and the stamped copies' items.
    assert sum('FROM "orders_orderitem"' in sql for sql in reads) == 2
