"""Catalog writes. Each is atomic and locks the row it changes."""

import hashlib

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from catalog.models import ComicAsset
from catalog.signals import asset_version_published
from morpheus.errors import DomainError

HASH_CHUNK_BYTES = 1024 * 1024


class AssetVersionRefused(DomainError):
    pass


def asset_version_publish(*, asset: ComicAsset, upload: File, actor: str) -> ComicAsset:
    """Store `upload` as the asset's next version: its buyers' stamped copies are remade
    and each entitled order gets one email with fresh links (receivers in delivery). The
    file is stored before the transaction; an identical file is refused."""
    digest, size = _digest(upload)
    if digest == asset.sha256:
        raise AssetVersionRefused("This file is the current version already.")
    stored = asset.file.storage.save(f"comics/{asset.file_name}", upload)
    with transaction.atomic():
        locked = ComicAsset.objects.select_for_update().get(pk=asset.pk)
        locked.file.name = stored
        locked.size_bytes = size
        locked.sha256 = digest
        locked.version += 1
        locked.version_published_at = timezone.now()
        locked.save()
        asset_version_published.send(
            sender=ComicAsset, asset_id=locked.pk, version=locked.version, actor=actor
        )
    return locked


def _digest(upload: File) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    upload.seek(0)
    for chunk in upload.chunks(HASH_CHUNK_BYTES):
        sha.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return sha.hexdigest(), size
