"""A download cut short and resumed with a `Range` request: the rest of the file, counted
once, only for the address that downloaded it within the hour."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from delivery.models import DownloadEvent, DownloadLink
from delivery.tests.conftest import fulfilled_order
from morpheus_testing.factories import ComicAssetFactory

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
    "header",
    [
        "bytes=1000-1999,2000-2999",
        "bytes=-500",
        "bytes=20-10",
        "items=1-2",
        "bytes=1" + "0" * 40 + "-",
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
