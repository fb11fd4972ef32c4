import io
from urllib.parse import parse_qs, urlsplit

import pypdf
import pytest
import requests
from django.test import override_settings

from delivery.models import DownloadLink, StampedCopy
from delivery.storage import PRESIGNED_URL_TTL_SECONDS
from delivery.tasks import stamp_copy
from delivery.tests.conftest import fulfilled_order
from demo.files import comic_pdf
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicAssetFactory
from morpheus_testing.jobs import run_queued_jobs

pytestmark = pytest.mark.django_db

CONTENT = b"%PDF-1.4 stored in a private bucket\n" * 50


@pytest.fixture
def s3_order_and_link(s3_asset_storage):
    asset = ComicAssetFactory(content=CONTENT)
    assert s3_asset_storage.exists(asset.file.name)
    order, (link,) = fulfilled_order(assets=[asset])
    return order, link, asset


def test_s3_download_redirects_to_a_fetchable_presigned_url_valid_for_60_seconds(
    client, s3_order_and_link
):
    order, link, asset = s3_order_and_link

    response = client.get(link.path)

    assert response.status_code == 302
    target = response["Location"]
    query = parse_qs(urlsplit(target).query)
    assert query["X-Amz-Expires"] == [str(PRESIGNED_URL_TTL_SECONDS)] == ["60"]
    assert query["response-content-disposition"] == [f'attachment; filename="{asset.file_name}"']
    fetched = requests.get(target, timeout=10)
    assert fetched.status_code == 200
    assert fetched.content == CONTENT
    assert fetched.headers["Content-Disposition"] == f'attachment; filename="{asset.file_name}"'
    assert fetched.headers["Content-Type"] == asset.content_type
    assert DownloadLink.objects.get(order=order).download_count == 1


def test_an_s3_download_resumed_gets_the_rest_from_the_presigned_url_counted_once(
    client, s3_order_and_link
):
    order, link, _ = s3_order_and_link
    DownloadLink.objects.filter(order=order).update(max_downloads=1)
    client.get(link.path, REMOTE_ADDR="203.0.113.7")

    resumed = client.get(link.path, REMOTE_ADDR="203.0.113.7", HTTP_RANGE="bytes=1000-")

    assert resumed.status_code == 302
    rest = requests.get(resumed["Location"], headers={"Range": "bytes=1000-"}, timeout=10)
    assert rest.status_code == 206
    assert rest.content == CONTENT[1000:]
    assert DownloadLink.objects.get(order=order).download_count == 1


def test_an_s3_probe_gets_its_bytes_from_the_app_not_a_presigned_url(client, s3_order_and_link):
    order, link, _ = s3_order_and_link

    probe = client.get(link.path, HTTP_RANGE="bytes=0-9")

    assert probe.status_code == 206
    assert probe.content == CONTENT[:10]
    assert probe["Content-Range"] == f"bytes 0-9/{len(CONTENT)}"
    assert DownloadLink.objects.get(order=order).download_count == 0


def test_the_bucket_does_not_serve_assets_without_a_presigned_url(s3_order_and_link):
    _, _, asset = s3_order_and_link
    storage = asset.file.storage
    plain = f"{storage.endpoint_url}/{storage.bucket_name}/{asset.file.name}"

    response = requests.get(plain, timeout=10)

    assert response.status_code == 403
    assert CONTENT not in response.content


def test_s3_head_request_gives_no_presigned_url_and_counts_nothing(client, s3_order_and_link):
    order, link, asset = s3_order_and_link

    response = client.head(link.path)

    assert response.status_code == 200
    assert "Location" not in response
    assert response["Content-Length"] == str(asset.size_bytes)
    assert DownloadLink.objects.get(order=order).download_count == 0


def test_with_a_sendfile_header_set_s3_still_redirects_to_a_presigned_url(
    client, s3_order_and_link
):
    _, link, _ = s3_order_and_link

    # Inside the fixture's STORAGES override, so the two unwind in order.
    with override_settings(DOWNLOADS_SENDFILE_HEADER="X-Accel-Redirect"):
        response = client.get(link.path)

    assert response.status_code == 302
    assert "X-Amz-Signature" in response["Location"]
    assert "X-Accel-Redirect" not in response


def test_a_stamped_copy_is_made_from_and_stored_in_the_private_bucket(client, s3_asset_storage):
    asset = ComicAssetFactory(comic__stamp_downloads=True, content=comic_pdf("Bucket", pages=2))
    order, (link,) = fulfilled_order(assets=[asset])
    run_queued_jobs(names={stamp_copy.name})

    response = client.get(link.path)

    assert response.status_code == 302
    with system_scope():
        copy = StampedCopy.objects.get(order=order)
    assert s3_asset_storage.exists(copy.storage_name)
    fetched = requests.get(response["Location"], timeout=10)
    assert order.number in pypdf.PdfReader(io.BytesIO(fetched.content)).pages[1].extract_text()


def test_an_s3_stamped_copy_deleted_from_the_bucket_is_made_again_counting_nothing(
    client, s3_asset_storage
):
    asset = ComicAssetFactory(comic__stamp_downloads=True, content=comic_pdf("Bucket", pages=2))
    order, (link,) = fulfilled_order(assets=[asset])
    run_queued_jobs(names={stamp_copy.name})
    with system_scope():
        copy = StampedCopy.objects.get(order=order)
    s3_asset_storage.delete(copy.storage_name)  # a lifecycle rule on the stamped prefix

    assert client.get(link.path).status_code == 202
    assert client.get(link.path).status_code == 202
    assert DownloadLink.objects.get(order=order).download_count == 0

    run_queued_jobs(names={stamp_copy.name})
    response = client.get(link.path)
    assert response.status_code == 302
    fetched = requests.get(response["Location"], timeout=10)
    assert order.number in pypdf.PdfReader(io.BytesIO(fetched.content)).pages[1].extract_text()
    assert DownloadLink.objects.get(order=order).download_count == 1


def test_an_s3_download_of_an_object_not_in_the_bucket_answers_503_counting_nothing(
    client, s3_order_and_link
):
    order, link, asset = s3_order_and_link
    asset.file.storage.delete(asset.file.name)

    assert client.get(link.path).status_code == 503
    assert client.get(link.path).status_code == 503
    assert DownloadLink.objects.get(order=order).download_count == 0
