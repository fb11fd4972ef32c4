"""Where comic assets are stored: the `assets` entry of settings.STORAGES (a private local
folder or private S3). How a granted file leaves it is `delivery.storage`'s business."""

from django.core.files.storage import Storage, storages


def asset_storage() -> Storage:
    return storages["assets"]
