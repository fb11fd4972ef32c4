import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
import requests
from django.db import connection
from django.test import Client

from delivery import redemption, storage
from delivery.models import DownloadEvent, DownloadLink, StampedCopy
from delivery.services import download_links_reissue_by_staff
from delivery.tasks import stamp_copy
from delivery.tests.conftest import fulfilled_order, run_fulfilment_jobs
from demo.files import comic_pdf
from morpheus import tokens
from morpheus.db_context import system_scope
from morpheus_testing.concurrency import at_once
from morpheus_testing.factories import ComicAssetFactory, create_order
from morpheus_testing.jobs import run_queued_jobs
from morpheus_testing.waiting import wait_until
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


def _another_connection_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0] > 0


def test_a_first_download_waits_for_the_order_before_it_takes_its_link(live_link):
    """Outside probe FQ-2: a refund takes the order, then its links (to revoke them); a
    first download took its link (its count), then the order (to deliver it). At once they
    deadlocked, and the refund or the download was a server error. The download now takes
    the order first: while it waits for it, the refund's turn on the links is free."""
    order, url = live_link
    answers: list[int] = []
    download = threading.Thread(
        target=lambda: answers.append(requests.get(url, timeout=30).status_code)
    )
    with system_scope():
        Order.objects.select_for_update().get(pk=order.pk)  # as a refund does first
        download.start()
        wait_until(_another_connection_waits_for_a_lock, timeout=10, what="the download waits")
        with connection.cursor() as cursor:
            # Shorter than PostgreSQL's deadlock check (1 s): the wait fails as itself.
            cursor.execute("SET LOCAL lock_timeout = '200ms'")
        links = list(DownloadLink.objects.select_for_update().filter(order=order))
    download.join()

    assert len(links) == 2 and answers == [200]
    with system_scope():
        assert Order.objects.get(pk=order.pk).status == OrderStatus.DELIVERED


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


def _delivered_with_one_download_left(asset) -> tuple[Order, str]:
    """A delivered order whose link has one download left (a single-use link from the
    library, say): its path."""
    order, (link,) = fulfilled_order(assets=[asset])
    run_queued_jobs(names={stamp_copy.name})
    assert Client().get(link.path).status_code == 200  # delivers the order
    with system_scope():
        assert DownloadLink.objects.filter(order=order).update(max_downloads=2) == 1
    return order, link.path


def _slow_storage(monkeypatch) -> None:
    """Each check that a file is in the storage takes a moment, as a HEAD on S3 does."""

    def asset_present(*, name: str) -> bool:
        time.sleep(0.3)
        return storage.asset_present(name=name)

    monkeypatch.setattr(redemption, "asset_present", asset_present)


@pytest.mark.django_db(transaction=True)
def test_downloads_at_once_of_a_missing_copy_all_say_preparing_none_that_the_link_is_used_up(
    monkeypatch,
):
    """Outside probe AX (AX-6): while one download took back the count of a copy it found
    missing, the others were told "Download limit reached", and the link served afterwards."""
    asset = ComicAssetFactory(comic__stamp_downloads=True, content=comic_pdf("Neon Tide"))
    order, path = _delivered_with_one_download_left(asset)
    with system_scope():
        copy = StampedCopy.objects.get(order=order)
    asset.file.storage.delete(copy.storage_name)
    _slow_storage(monkeypatch)

    statuses = at_once(lambda: Client().get(path).status_code, times=4)

    assert statuses == [202] * 4
    with system_scope():
        assert DownloadLink.objects.get(order=order).download_count == 1
    run_queued_jobs(names={stamp_copy.name})
    assert Client().get(path).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_downloads_at_once_of_a_used_up_link_whose_copy_went_missing_all_say_the_limit_is_reached(
    monkeypatch,
):
    """Outside probe AY (AY-3): a link used up by downloads that were served said "Preparing
    your copy" and had the copy made again; only a count being taken back may say so."""
    asset = ComicAssetFactory(comic__stamp_downloads=True, content=comic_pdf("Neon Tide"))
    order, path = _delivered_with_one_download_left(asset)
    assert Client().get(path).status_code == 200
    with system_scope():
        copy = StampedCopy.objects.get(order=order)
    asset.file.storage.delete(copy.storage_name)
    _slow_storage(monkeypatch)

    statuses = at_once(lambda: Client().get(path).status_code, times=4)

    assert statuses == [403] * 4
    assert run_queued_jobs(names={stamp_copy.name}) == []


@pytest.mark.django_db(transaction=True)
def test_a_used_up_link_whose_file_check_is_stuck_elsewhere_answers_as_its_missing_copy(
    monkeypatch,
):
    """The last download's file check holds a lock the used-up link's answer waits for: a
    check stuck (or its lock left on a pooled connection) is waited for a bounded time, then
    the link answers as its missing copy, as it did before the lock, rather than hanging."""
    asset = ComicAssetFactory(comic__stamp_downloads=True, content=comic_pdf("Neon Tide"))
    order, path = _delivered_with_one_download_left(asset)
    assert Client().get(path).status_code == 200
    with system_scope():
        copy = StampedCopy.objects.get(order=order)
    asset.file.storage.delete(copy.storage_name)
    monkeypatch.setattr(redemption, "FILE_CHECK_WAIT_MS", 200)
    digest = tokens.digest(path.strip("/").rsplit("/", 1)[-1], purpose=redemption.DIGEST_PURPOSE)

    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as stuck:
        stuck.execute("SELECT pg_advisory_lock_shared(%s)", [redemption._file_check_lock(digest)])
        response = Client().get(path)

    assert response.status_code == 202
    assert "Preparing your copy" in response.text


@pytest.mark.django_db(transaction=True)
def test_downloads_at_once_of_a_missing_original_all_say_unavailable_none_that_it_is_used_up(
    monkeypatch,
):
    asset = ComicAssetFactory(content=b"%PDF-1.4 Morpheus dream issue\n" * 100)
    order, path = _delivered_with_one_download_left(asset)
    asset.file.storage.delete(asset.file.name)
    _slow_storage(monkeypatch)

    statuses = at_once(lambda: Client().get(path).status_code, times=4)

    assert statuses == [503] * 4
    with system_scope():
        assert DownloadLink.objects.get(order=order).download_count == 1
