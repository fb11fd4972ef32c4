"""A download cut short and resumed with a `Range` request: the rest of the file, counted
once, only for the address that downloaded it within the hour, and only up to the file's
size in all."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from delivery.models import DownloadEvent, DownloadLink, StampedCopy
from delivery.tasks import stamp_copy
from delivery.tests.conftest import fulfilled_order
from demo.files import comic_pdf
from morpheus.db_context import system_scope
from morpheus_testing.concurrency import at_once
from morpheus_testing.factories import ComicAssetFactory
from morpheus_testing.jobs import run_queued_jobs

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.4 Morpheus dream issue\n" * 100
HOME = "203.0.113.7"
ELSEWHERE = "198.51.100.66"


@pytest.fixture
def one_download_link(settings):
    """A single-use link, as the library gives, to a 3,000-byte file."""
    settings.DOWNLOAD_LINK_MAX_DOWNLOADS = 1
    order, (link,) = fulfilled_order(assets=[ComicAssetFactory(content=CONTENT)])
    return order, link


def _get(client, link, *, address=HOME, **headers):
    return client.get(link.path, REMOTE_ADDR=address, **headers)


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_full_download_says_it_can_be_resumed(client, one_download_link):
    _, link = one_download_link

    response = _get(client, link)

    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"


def test_a_cut_download_resumed_from_the_same_address_gets_the_rest_and_counts_once(
    client, one_download_link
):
    order, link = one_download_link
    _body(_get(client, link))

    resumed = _get(client, link, HTTP_RANGE="bytes=1000-")

    assert resumed.status_code == 206
    assert resumed["Content-Range"] == f"bytes 1000-2999/{len(CONTENT)}"
    assert resumed["Content-Length"] == "2000"
    assert resumed["Content-Disposition"].startswith("attachment;")
    assert _body(resumed) == CONTENT[1000:]
    assert DownloadLink.objects.get(order=order).download_count == 1
    assert DownloadEvent.objects.filter(link__order=order).count() == 1


@pytest.mark.parametrize(
    "header", [f"bytes=1000-{'9' * 29}", "BYTES=1000-", "Bytes= 1000-\t", "bytes=1000-2999 "]
)
def test_a_resume_however_its_range_is_spelled_gets_the_rest_and_counts_once(
    client, one_download_link, header
):
    """Outside probes HF-2 and HG-4: a last byte of more than 18 digits, the unit in
    capitals (RFC 9110: any case) and blanks around the range were not read, and the resume
    was served the whole file as a new download."""
    order, link = one_download_link
    _body(_get(client, link))

    resumed = _get(client, link, HTTP_RANGE=header)

    assert resumed.status_code == 206
    assert resumed["Content-Range"] == f"bytes 1000-2999/{len(CONTENT)}"
    assert _body(resumed) == CONTENT[1000:]
    assert DownloadLink.objects.get(order=order).download_count == 1


def test_a_range_with_an_end_gets_exactly_those_bytes(client, one_download_link):
    _, link = one_download_link
    _get(client, link)

    part = _get(client, link, HTTP_RANGE="bytes=10-19")

    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 10-19/{len(CONTENT)}"
    assert _body(part) == CONTENT[10:20]


def test_a_resume_from_another_address_is_a_new_download_and_refused_when_used_up(
    client, one_download_link
):
    order, link = one_download_link
    _get(client, link)

    elsewhere = _get(client, link, address=ELSEWHERE, HTTP_RANGE="bytes=1000-")

    assert elsewhere.status_code == 403
    assert b"This link was used for its one download." in elsewhere.content
    assert DownloadLink.objects.get(order=order).download_count == 1


def test_a_resume_over_an_hour_after_the_download_is_a_new_download(client, one_download_link):
    _, link = one_download_link
    _get(client, link)

    with time_machine.travel(timezone.now() + timedelta(minutes=61), tick=False):
        late = _get(client, link, HTTP_RANGE="bytes=1000-")

    assert late.status_code == 403


def test_a_range_from_the_first_byte_is_a_download_of_its_own(client, one_download_link):
    _, link = one_download_link
    _get(client, link)

    again = _get(client, link, HTTP_RANGE="bytes=0-")

    assert again.status_code == 403


def test_a_resume_without_a_download_before_it_counts_as_the_download(client, settings):
    settings.DOWNLOAD_LINK_MAX_DOWNLOADS = 2
    order, (link,) = fulfilled_order(assets=[ComicAssetFactory(content=CONTENT)])

    first = _get(client, link, HTTP_RANGE="bytes=1500-")
    second = _get(client, link, HTTP_RANGE="bytes=2000-")

    assert (first.status_code, second.status_code) == (206, 206)
    assert DownloadLink.objects.get(order=order).download_count == 1


def test_a_resume_does_not_outlive_the_link(client, one_download_link, settings):
    order, link = one_download_link
    _get(client, link)
    expiry = DownloadLink.objects.get(order=order).expires_at

    with time_machine.travel(expiry + timedelta(seconds=1), tick=False):
        late = _get(client, link, HTTP_RANGE="bytes=1000-")

    assert late.status_code == 403
    assert b"expired" in late.content


def test_a_range_past_the_end_of_the_file_is_416_with_its_size(client, one_download_link):
    _, link = one_download_link
    _get(client, link)

    past = _get(client, link, HTTP_RANGE=f"bytes={len(CONTENT)}-")

    assert past.status_code == 416
    assert past["Content-Range"] == f"bytes */{len(CONTENT)}"


@pytest.mark.parametrize(
    "past_end",
    [
        f"bytes={len(CONTENT) + 4000}-",
        f"bytes={2**64}-",
        f"bytes={'9' * 29}-{'9' * 30}",
        "bytes=-0",
        f"BYTES={len(CONTENT)}-",
    ],
)
def test_a_range_past_the_end_on_a_link_not_yet_downloaded_is_416_and_counts_nothing(
    client, one_download_link, past_end
):
    """Found by an outside probe: a download manager resuming a file left from an earlier
    link used up a single-use link with a 416 that served nothing. Outside probe HF-2: a
    first byte of more than 18 digits was not read, and the whole file was served, counted."""
    order, link = one_download_link

    past = _get(client, link, HTTP_RANGE=past_end)
    download = _get(client, link)

    assert past.status_code == 416
    assert past["Content-Range"] == f"bytes */{len(CONTENT)}"
    assert download.status_code == 200
    assert _body(download) == CONTENT
    assert DownloadLink.objects.get(order=order).download_count == 1
    assert DownloadEvent.objects.filter(link__order=order).count() == 1


def _used_up(client, link) -> None:
    _get(client, link)


def _expired(client, link) -> None:
    with system_scope():
        DownloadLink.objects.filter(pk=link.link_id).update(expires_at=timezone.now())


def _revoked(client, link) -> None:
    with system_scope():
        DownloadLink.objects.filter(pk=link.link_id).update(revoked_at=timezone.now())


@pytest.mark.parametrize("refused_by", [_used_up, _expired, _revoked])
@pytest.mark.parametrize("past_end", [f"bytes={len(CONTENT)}-", "bytes=999999-1000000"])
def test_a_range_past_the_end_on_a_refused_link_is_refused_as_without_one(
    client, one_download_link, refused_by, past_end
):
    """Found by an outside probe: a used-up link answered 416 with the file's size in its
    Content-Range, where a request without a Range was refused."""
    _, link = one_download_link
    refused_by(client, link)

    plain = _get(client, link, address=ELSEWHERE)
    past = _get(client, link, address=ELSEWHERE, HTTP_RANGE=past_end)

    assert plain.status_code in (403, 410)
    assert past.status_code == plain.status_code
    assert "Content-Range" not in past


@pytest.mark.parametrize("last", [0, 1, 1023])
def test_a_probe_of_the_first_bytes_counts_nothing_and_the_link_still_downloads(
    client, one_download_link, last
):
    order, link = one_download_link

    probes = [_get(client, link, HTTP_RANGE=f"bytes=0-{last}") for _ in range(3)]
    download = _get(client, link)

    assert [probe.status_code for probe in probes] == [206, 206, 206]
    assert probes[0]["Content-Range"] == f"bytes 0-{last}/{len(CONTENT)}"
    assert probes[0].content == CONTENT[: last + 1]
    assert download.status_code == 200
    assert DownloadLink.objects.get(order=order).download_count == 1
    order.refresh_from_db()
    assert order.status == "delivered"


def test_a_probe_is_recorded_as_a_probe_not_a_download_and_does_not_deliver_the_order(
    client, one_download_link
):
    """Found by outside testers: probes were recorded nowhere, so the abuse detection, which
    counts the networks a link was used from, never saw them."""
    order, link = one_download_link

    _get(client, link, HTTP_RANGE="bytes=0-0", HTTP_USER_AGENT="curl/8.5")

    order.refresh_from_db()
    assert order.status == "fulfilled"
    assert DownloadLink.objects.get(order=order).download_count == 0
    assert list(
        DownloadEvent.objects.filter(link__order=order).values_list(
            "ip_address", "user_agent", "probe"
        )
    ) == [(HOME, "curl/8.5", True)]


def test_probes_from_one_address_are_recorded_once_a_minute(client, one_download_link):
    order, link = one_download_link
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        for address in (HOME, HOME, ELSEWHERE, HOME):
            assert _get(client, link, address=address, HTTP_RANGE="bytes=0-0").status_code == 206
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        assert _get(client, link, HTTP_RANGE="bytes=0-0").status_code == 206

    assert list(
        DownloadEvent.objects.filter(link__order=order).values_list("ip_address", flat=True)
    ) == [HOME, ELSEWHERE, HOME]


def test_a_resume_after_a_probe_from_the_same_address_is_a_download(client, one_download_link):
    """A probe's row gives no free resume: only a counted download does."""
    order, link = one_download_link
    _get(client, link, HTTP_RANGE="bytes=0-0")

    resumed = _get(client, link, HTTP_RANGE="bytes=1-")
    again = _get(client, link)

    assert resumed.status_code == 206
    assert again.status_code == 403
    assert DownloadLink.objects.get(order=order).download_count == 1


def test_a_range_from_the_first_byte_past_the_first_kibibyte_is_a_download(
    client, one_download_link
):
    order, link = one_download_link

    part = _get(client, link, HTTP_RANGE="bytes=0-1024")
    again = _get(client, link)

    assert part.status_code == 206
    assert _body(part) == CONTENT[:1025]
    assert again.status_code == 403
    assert DownloadLink.objects.get(order=order).download_count == 1


def test_a_probe_never_gets_the_files_last_byte_uncounted(client, settings):
    settings.DOWNLOAD_LINK_MAX_DOWNLOADS = 1
    order, (link,) = fulfilled_order(assets=[ComicAssetFactory(content=b"%PDF-tiny")])

    whole = _get(client, link, HTTP_RANGE="bytes=0-8")
    again = _get(client, link, HTTP_RANGE="bytes=0-0")

    assert whole.status_code == 206
    assert again.status_code == 403
    assert DownloadLink.objects.get(order=order).download_count == 1


def test_a_probe_of_a_used_up_link_is_refused(client, one_download_link):
    _, link = one_download_link
    _get(client, link)

    probe = _get(client, link, HTTP_RANGE="bytes=0-0")

    assert probe.status_code == 403


@pytest.mark.parametrize(
    "header",
    [
        "bytes=1000-1999,2000-2999",
        "bytes=-500",
        "bytes=20-10",
        "items=1-2",
    ],
)
def test_a_range_it_does_not_serve_gets_the_whole_file_as_a_download(client, settings, header):
    settings.DOWNLOAD_LINK_MAX_DOWNLOADS = 2
    order, (link,) = fulfilled_order(assets=[ComicAssetFactory(content=CONTENT)])

    response = _get(client, link, HTTP_RANGE=header)

    assert response.status_code == 200
    assert _body(response) == CONTENT
    assert DownloadLink.objects.get(order=order).download_count == 1


def test_a_resume_with_if_range_gets_the_whole_file_counted(client, settings):
    settings.DOWNLOAD_LINK_MAX_DOWNLOADS = 2
    order, (link,) = fulfilled_order(assets=[ComicAssetFactory(content=CONTENT)])
    _get(client, link)

    response = _get(client, link, HTTP_RANGE="bytes=1000-", HTTP_IF_RANGE='"an-etag"')

    assert response.status_code == 200
    assert _body(response) == CONTENT
    assert DownloadLink.objects.get(order=order).download_count == 2


def test_a_used_up_link_resumes_from_the_second_byte_once_then_refuses(client, one_download_link):
    """Found by an outside probe: `bytes=1-` got all but the first byte again and again."""
    order, link = one_download_link
    _get(client, link)

    resumed = _get(client, link, HTTP_RANGE="bytes=1-")
    again = _get(client, link, HTTP_RANGE="bytes=1-")

    assert resumed.status_code == 206
    assert _body(resumed) == CONTENT[1:]
    assert again.status_code == 403
    assert b"This link was used for its one download." in again.content
    assert DownloadLink.objects.get(order=order).download_count == 1


def test_each_counted_download_gives_at_most_one_copy_of_free_resumes(client, settings):
    settings.DOWNLOAD_LINK_MAX_DOWNLOADS = 2
    order, (link,) = fulfilled_order(assets=[ComicAssetFactory(content=CONTENT)])
    _get(client, link)
    _get(client, link)

    statuses = [_get(client, link, HTTP_RANGE="bytes=1-").status_code for _ in range(3)]

    assert statuses == [206, 206, 403]
    assert DownloadLink.objects.get(order=order).download_count == 2


def test_a_cut_download_resumed_twice_from_further_on_counts_once(client, one_download_link):
    order, link = one_download_link
    _get(client, link)

    first = _get(client, link, HTTP_RANGE="bytes=1000-")
    second = _get(client, link, HTTP_RANGE="bytes=2500-")

    assert (first.status_code, second.status_code) == (206, 206)
    assert _body(second) == CONTENT[2500:]
    assert DownloadLink.objects.get(order=order).download_count == 1
    assert DownloadEvent.objects.get(link__order=order).resumed_bytes == 2500


def test_a_free_resume_is_the_downloads_one_statement(client, one_download_link):
    _, link = one_download_link
    _get(client, link)

    with CaptureQueriesContext(connection) as queries:
        assert _get(client, link, HTTP_RANGE="bytes=1000-").status_code == 206

    (statement,) = [query["sql"] for query in queries.captured_queries]
    assert "delivery_download_redeem" in statement


def test_a_resume_past_the_files_size_in_all_counts_as_a_download(client, settings):
    settings.DOWNLOAD_LINK_MAX_DOWNLOADS = 2
    order, (link,) = fulfilled_order(assets=[ComicAssetFactory(content=CONTENT)])
    _get(client, link)
    _get(client, link, HTTP_RANGE="bytes=1-")

    over = _get(client, link, HTTP_RANGE="bytes=1000-1999")

    assert over.status_code == 206
    assert _body(over) == CONTENT[1000:2000]
    assert DownloadLink.objects.get(order=order).download_count == 2
    assert list(
        DownloadEvent.objects.filter(link__order=order).values_list("resumed_bytes", flat=True)
    ) == [2999, 0]


def test_a_stamped_copy_resumes_up_to_its_own_size(client, settings):
    settings.DOWNLOAD_LINK_MAX_DOWNLOADS = 1
    asset = ComicAssetFactory(comic__stamp_downloads=True, content=comic_pdf("Neon", pages=2))
    order, (link,) = fulfilled_order(assets=[asset])
    run_queued_jobs(names={stamp_copy.name})
    with system_scope():
        size = StampedCopy.objects.get(order_item__order=order).size_bytes
    assert size > asset.size_bytes
    _get(client, link)

    statuses = [
        _get(client, link, HTTP_RANGE=header).status_code
        for header in ("bytes=1-", f"bytes={size - 1}-", f"bytes={size - 1}-")
    ]

    assert statuses == [206, 206, 403]


@pytest.mark.django_db(transaction=True)
def test_two_resumes_at_once_with_room_for_one_get_one_granted(settings):
    settings.DOWNLOAD_LINK_MAX_DOWNLOADS = 1
    for _ in range(5):
        order, (link,) = fulfilled_order(assets=[ComicAssetFactory(content=CONTENT)])
        _get(Client(), link)

        statuses = at_once(
            lambda link=link: _get(Client(), link, HTTP_RANGE="bytes=1000-").status_code, times=2
        )

        assert sorted(statuses) == [206, 403]
        with system_scope():
            assert DownloadEvent.objects.get(link__order=order).resumed_bytes == 2000
