"""DOWNLOADS_SENDFILE_HEADER: after the checks, the web server in front sends the file."""

import os
import secrets
import subprocess
from pathlib import Path

import pytest

from delivery.models import DownloadLink
from morpheus_testing.forkserver import run_python


@pytest.mark.django_db
def test_x_accel_redirect_names_the_file_under_the_internal_prefix_after_counting(
    client, order_and_link, asset, settings
):
    settings.DOWNLOADS_SENDFILE_HEADER = "X-Accel-Redirect"
    settings.DOWNLOADS_SENDFILE_PREFIX = "/protected-assets/"
    order, link = order_and_link

    response = client.get(link.path)

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-assets/{asset.file.name}"
    assert response.content == b""
    assert response["Content-Type"] == asset.content_type
    assert response["Content-Disposition"] == f'attachment; filename="{asset.file_name}"'
    assert "no-store" in response["Cache-Control"]
    assert DownloadLink.objects.get(order=order).download_count == 1


@pytest.mark.django_db
def test_a_resumed_download_names_the_whole_file_for_the_web_server_to_cut_counted_once(
    client, order_and_link, asset, settings
):
    """The web server answers the request's Range from the file it is given (nginx does
    for X-Accel-Redirect), so the app names the whole file and counts the resume once."""
    settings.DOWNLOADS_SENDFILE_HEADER = "X-Accel-Redirect"
    settings.DOWNLOADS_SENDFILE_PREFIX = "/protected-assets/"
    order, link = order_and_link
    DownloadLink.objects.filter(order=order).update(max_downloads=1)
    client.get(link.path, REMOTE_ADDR="203.0.113.7")

    resumed = client.get(link.path, REMOTE_ADDR="203.0.113.7", HTTP_RANGE="bytes=100-")

    assert resumed.status_code == 200
    assert resumed["X-Accel-Redirect"] == f"/protected-assets/{asset.file.name}"
    assert "Content-Range" not in resumed
    assert DownloadLink.objects.get(order=order).download_count == 1


@pytest.mark.django_db
def test_x_sendfile_names_the_files_path_in_the_asset_folder(
    client, order_and_link, asset, settings
):
    settings.DOWNLOADS_SENDFILE_HEADER = "X-Sendfile"
    settings.DOWNLOADS_SENDFILE_PREFIX = f"{settings.ASSET_ROOT}/"
    _, link = order_and_link

    response = client.get(link.path)

    assert response.status_code == 200
    assert Path(response["X-Sendfile"]).read_bytes() == asset.file.open("rb").read()


@pytest.mark.django_db
def test_a_refused_link_names_no_file_to_the_web_server(client, order_and_link, settings):
    settings.DOWNLOADS_SENDFILE_HEADER = "X-Accel-Redirect"
    order, link = order_and_link
    DownloadLink.objects.filter(order=order).update(revoked_at="2026-01-01T00:00:00Z")

    response = client.get(link.path)

    assert response.status_code == 403
    assert "X-Accel-Redirect" not in response


def _settings_value(name: str, **env: str) -> subprocess.CompletedProcess:
    return run_python(
        "manage.py",
        "shell",
        "--no-imports",
        "-c",
        f"from django.conf import settings; print(settings.{name})",
        env={**os.environ, "SECRET_KEY": secrets.token_urlsafe(60), **env},
    )


def test_x_sendfiles_prefix_defaults_to_the_asset_folder():
    shown = _settings_value(
        "DOWNLOADS_SENDFILE_PREFIX", DOWNLOADS_SENDFILE_HEADER="X-Sendfile", ASSET_ROOT="/srv/a"
    )

    assert shown.stdout.strip() == "/srv/a/", shown.stderr


def test_an_unknown_sendfile_header_refuses_to_start():
    refused = _settings_value("DOWNLOADS_SENDFILE_HEADER", DOWNLOADS_SENDFILE_HEADER="X-Send")

    assert refused.returncode != 0
    assert "DOWNLOADS_SENDFILE_HEADER must be X-Accel-Redirect, X-Sendfile or empty" in (
        refused.stderr
    )
