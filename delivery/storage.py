"""The one module that knows where comic assets live (private local folder or private S3)."""

from django.core.files.storage import Storage, storages


def asset_storage() -> Storage:
    return storages["assets"]
