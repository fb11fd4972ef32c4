"""Catalog writes. Each is atomic and locks the row it changes."""

import hashlib
from dataclasses import dataclass

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from catalog.models import ComicAsset
from catalog.signals import asset_version_published
from morpheus.errors import DomainError
from morpheus.transactions import refuse_inside_transaction

HASH_CHUNK_BYTES = 1024 * 1024


class AssetVersionRefused(DomainError):
    pass


@dataclass(frozen=True)
class StoredFile:
    """A file written to the asset storage that no asset points at yet."""

    name: str
    sha256: str
    size_bytes: int


def asset_file_store(*, asset: ComicAsset, upload: File) -> StoredFile:
    """Write `upload` to the asset storage under a new name, with no database transaction
    open (the storage may be S3: no lock waits for the network). An identical file is
    refused."""
    refuse_inside_transaction("Storing an asset file")
    digest, size = _digest(upload)
    if digest == asset.sha256:
        raise AssetVersionRefused("This file is the current version already.")
    name = asset.file.storage.save(f"comics/{asset.file_name}", upload)
    return StoredFile(name=name, sha256=digest, size_bytes=size)


def asset_version_record(*, asset: ComicAsset, stored: StoredFile, actor: str) -> ComicAsset:
    """Point the asset at a stored file as its next version, in a short transaction: its
    buyers' stamped copies are remade and each entitled order gets one email with fresh
    links (receivers in delivery)."""
    with transaction.atomic():
        locked = ComicAsset.objects.select_for_update().get(pk=asset.pk)
        locked.file.name = stored.name
        locked.size_bytes = stored.size_bytes
        locked.sha256 = stored.sha256
        locked.version += 1
        locked.version_published_at = timezone.now()
        locked.save()
        asset_version_published.send(
            sender=ComicAsset, asset_id=locked.pk, version=locked.version, actor=actor
        )
    return locked


def asset_version_publish(*, asset: ComicAsset, upload: File, actor: str) -> ComicAsset:
    """Store `upload`, then record it as the asset's next version."""
    stored = asset_file_store(asset=asset, upload=upload)
    return asset_version_record(asset=asset, stored=stored, actor=actor)


def _digest(upload: File) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    upload.seek(0)
    for chunk in upload.chunks(HASH_CHUNK_BYTES):
        sha.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return sha.hexdigest(), size
