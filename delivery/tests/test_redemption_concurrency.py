import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from delivery.models import DownloadEvent, DownloadLink
from delivery.services import download_links_reissue_by_staff
from delivery.tests.conftest import run_fulfilment_jobs
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicAssetFactory, create_order
from orders.models import Order
from orders.transitions import OrderStatus

PARALLEL_REQUESTS = 20
QUOTA = 5


@pytest.fixture
def live_link(live_server, settings) -> tuple[Order, str]:
    """A link issued by the real fulfilment job, then handed out afresh by staff (the
    automatic one's token went out by email)."""
    settings.DOWNLOAD_LINK_MAX_DOWNLOADS = QUOTA
    order = create_order(comics=[ComicAssetFactory().comic], status=OrderStatus.PAID)
    run_fulfilment_jobs()
    with system_scope():
        order.refresh_from_db()
        assert order.status == OrderStatus.FULFILLED
        (link,) = download_links_reissue_by_staff(order=order, actor="test", reason="test")
    return order, live_server.url + link.path


def _download_at_once(url: str) -> list[int]:
    """PARALLEL_REQUESTS downloads of `url` released together; their status codes."""
    start_together = threading.Barrier(PARALLEL_REQUESTS)

    def download(_: int) -> int:
        start_together.wait()
        return requests.get(url, timeout=30).status_code

    with ThreadPoolExecutor(PARALLEL_REQUESTS) as pool:
        return list(pool.map(download, range(PARALLEL_REQUESTS)))


def test_twenty_parallel_downloads_with_quota_five_grant_exactly_five(live_link):
    order, url = live_link
    statuses = _download_at_once(url)

    assert statuses.count(200) == QUOTA
    assert statuses.count(403) == PARALLEL_REQUESTS - QUOTA
    with system_scope():
        link = DownloadLink.objects.get(order=order, revoked_at__isnull=True)
        assert link.download_count == QUOTA
        assert DownloadEvent.objects.filter(link=link).count() == QUOTA
        order.refresh_from_db()
        assert order.status == OrderStatus.DELIVERED


def test_on_a_delivered_order_twenty_parallel_downloads_use_exactly_the_quota_left(live_link):
    """Past the first download each request is the one statement, racing on the link's row."""
    order, url = live_link
    assert requests.get(url, timeout=30).status_code == 200
    statuses = _download_at_once(url)

    assert statuses.count(200) == QUOTA - 1
    assert statuses.count(403) == PARALLEL_REQUESTS - (QUOTA - 1)
    with system_scope():
        link = DownloadLink.objects.get(order=order, revoked_at__isnull=True)
        assert link.download_count == QUOTA
        assert DownloadEvent.objects.filter(link=link).count() == QUOTA
