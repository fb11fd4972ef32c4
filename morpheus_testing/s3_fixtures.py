"""Fixtures that put comic assets in a private bucket on moto's S3 server (over HTTP)."""

import pytest
from django.test import override_settings

from morpheus_testing.s3_server import ACCESS_KEY_ID, REGION, SECRET_ACCESS_KEY, S3Server

ASSET_BUCKET = "morpheus-assets-test"


@pytest.fixture(scope="session")
def s3_server():
    with S3Server() as server:
        yield server


@pytest.fixture
def s3_asset_storage(s3_server, settings, monkeypatch):
    """STORAGES["assets"] points at a fresh private bucket for the test.

    ComicAsset.file resolved its storage when the model was imported, so the field is
    pointed at the new storage too (Django resets its storage caches on STORAGES changes).
    """
    from catalog.models import ComicAsset
    from catalog.storage import asset_storage

    s3_server.reset()
    s3_server.create_bucket(ASSET_BUCKET)
    assets = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": ASSET_BUCKET,
            "endpoint_url": s3_server.endpoint_url,
            "region_name": REGION,
            "access_key": ACCESS_KEY_ID,
            "secret_key": SECRET_ACCESS_KEY,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "signature_version": "s3v4",
        },
    }
    with override_settings(STORAGES={**settings.STORAGES, "assets": assets}):
        storage = asset_storage()
        monkeypatch.setattr(ComicAsset._meta.get_field("file"), "storage", storage)
        yield storage
