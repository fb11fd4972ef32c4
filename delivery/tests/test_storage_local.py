from pathlib import Path

import pytest
from django.conf import settings

from catalog.storage import asset_storage

pytestmark = pytest.mark.django_db


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(Path(folder).resolve())


def test_the_asset_folder_lies_outside_every_served_folder(asset):
    stored = Path(asset_storage().path(asset.file.name))

    assert _inside(stored, settings.ASSET_ROOT)
    served = [settings.STATIC_ROOT, settings.MEDIA_ROOT, *settings.STATICFILES_DIRS]
    assert not any(_inside(stored, folder) for folder in served)


def test_the_url_local_storage_would_name_serves_nothing(client, asset):
    response = client.get(asset_storage().url(asset.file.name))

    assert response.status_code == 404


def test_no_url_but_a_granted_link_reaches_an_asset(client, order_and_link, asset):
    name = asset.file.name
    guesses = [
        f"/{name}",
        f"/media/{name}",
        f"/static/{name}",
        f"/assets/{name}",
        f"/downloads/{name}",
        f"/downloads/{Path(name).name}/",
        f"/static/../assets/{name}",
    ]
    content = asset.file.open("rb").read()

    for url in guesses:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 404, url
        assert content not in body, url

    _, link = order_and_link
    granted = client.get(link.path)
    assert b"".join(granted.streaming_content) == content


def test_a_stored_file_and_its_folders_are_closed_to_other_users_of_the_machine(asset):
    """Whatever the umask: the web server, in the files' group, may read them
    (DOWNLOADS_SENDFILE_HEADER); nobody else (probe AU-3)."""
    stored = Path(asset_storage().path(asset.file.name))

    assert stored.stat().st_mode & 0o777 == 0o640
    assert stored.parent.stat().st_mode & 0o777 == 0o750
