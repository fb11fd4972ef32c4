"""Catalog writes. Each is atomic and locks the row it changes; staff's edits of a comic
are recorded in the settings history (morpheus/setting_changes.py)."""

import hashlib
import logging
import zipfile
import zlib
from dataclasses import dataclass
from datetime import UTC

import pikepdf
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from PIL import Image

from catalog.models import AssetFormat, Comic, ComicAsset
from catalog.signals import asset_version_published
from catalog.storage import asset_storage
from morpheus.errors import DomainError
from morpheus.setting_changes import Terms, fields_terms, setting_change_record, setting_save
from morpheus.transactions import refuse_inside_transaction

HASH_CHUNK_BYTES = 1024 * 1024
logger = logging.getLogger(__name__)


class AssetFileRefused(DomainError):
    """An upload that is not a file of its format: it would reach buyers broken."""


class AssetVersionRefused(AssetFileRefused):
    pass


class AssetChangedMeanwhile(AssetFileRefused):
    """A new version uploaded from a page showing an older one: another was published since
    (outside probe FJ-2: each upload replaced the other's file without a word)."""


CONTENT_TYPES = {
    AssetFormat.PDF: "application/pdf",
    AssetFormat.CBZ: "application/vnd.comicbook+zip",
    AssetFormat.EPUB: "application/epub+zip",
}
PAGE_IMAGES = (".jpg", ".jpeg", ".png", ".webp", ".gif")


@dataclass(frozen=True)
class StoredFile:
    """A file written to the asset storage that no asset points at yet."""

    name: str
    sha256: str
    size_bytes: int


def comic_save(*, comic: Comic, actor: str, version: int | None = None) -> Comic:
    """Save `comic` as staff edited it (a new one too), recording what changed; refused
    when edited on a page of another `version` (`setting_save`)."""
    return setting_save(setting=comic, terms=_comic_terms, actor=actor, version=version)


class ComicKept(DomainError):
    """A comic an order holds stays, for its buyers' orders, files and invoices."""


def comic_delete(*, comic: Comic, actor: str) -> None:
    """Delete a comic nobody ordered (a draft) with its files' records, recording its
    terms in the settings history. The stored files stay in storage, as replaced versions'
    do."""
    with transaction.atomic():
        locked = Comic.objects.select_for_update().get(pk=comic.pk)
        setting_change_record(setting=locked, before=_comic_terms(locked), after={}, actor=actor)
        try:
            with transaction.atomic():
                locked.delete()
        except ProtectedError:
            raise ComicKept(
                f"{locked.title} was ordered: it is kept for its buyers. Take it off sale "
                'instead (untick "Is active").'
            ) from None


def _comic_terms(comic: Comic) -> Terms:
    return fields_terms(comic, money={"price_amount": "currency"})


def asset_file_store(*, asset: ComicAsset, upload: File) -> StoredFile:
    """Write `upload` to the asset storage under a new name, with no database transaction
    open (the storage may be S3: no lock waits for the network). An identical file is
    refused."""
    refuse_inside_transaction("Storing an asset file")
    asset_upload_check(format=asset.format, upload=upload)
    digest, size = _digest(upload)
    if digest == asset.sha256:
        raise AssetVersionRefused("This file is the current version already.")
    name = asset.file.storage.save(f"comics/{asset.file_name}", upload)
    return StoredFile(name=name, sha256=digest, size_bytes=size)


def asset_upload_check(*, format: str, upload: File) -> None:
    """Refuse an upload that is not a file of `format`: empty, a PDF that is not one, a
    CBZ that is no ZIP of page images, an EPUB without its mimetype."""
    label = AssetFormat(format).label
    if not upload.size:
        raise AssetFileRefused(f"The file is empty: it is no {label}.")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if format == AssetFormat.PDF:
        if not head.startswith(b"%PDF-"):
            raise AssetFileRefused(f"{upload.name} is not a PDF (a PDF starts with %PDF-).")
        _pdf_check(upload)
    if format in (AssetFormat.CBZ, AssetFormat.EPUB):
        _zip_check(format=format, upload=upload, label=label)


def _pdf_check(upload: File) -> None:
    """Open it as the stamper will (qpdf), without repairs: a truncated PDF would be
    stamped into blank pages. qpdf reads the upload where it lies, not a copy in memory."""
    try:
        with pikepdf.open(upload, attempt_recovery=False) as pdf:
            pages = len(pdf.pages)
    except pikepdf.PdfError as exc:  # PasswordError too: the stamper has no password
        # qpdf's message starts with where it read: "stream <name> (offset n): ..."
        reason = str(exc).partition(": ")[2] or str(exc)
        raise AssetFileRefused(f"{upload.name} is not a readable PDF: {reason}.") from None
    finally:
        upload.seek(0)
    if not pages:
        raise AssetFileRefused(f"{upload.name} is not a readable PDF: it has no pages.")


def _a(label: str) -> str:
    """A format's name after its article, as it is read aloud: "a PDF", "an EPUB"."""
    return f"{'an' if label[0] in 'AEIOU' else 'a'} {label}"


def _zip_check(*, format: str, upload: File, label: str) -> None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            _entry_names_check(names=names, upload=upload, label=label)
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
            pages = sorted(n for n in names if n.lower().endswith(PAGE_IMAGES))
            if format == AssetFormat.CBZ and pages:
                _page_image_check(archive=archive, name=pages[0], upload=upload)
    except zipfile.BadZipFile:
        raise AssetFileRefused(f"{upload.name} is not {_a(label)} (not a ZIP archive).") from None
    finally:
        upload.seek(0)
    if format == AssetFormat.CBZ and not pages:
        raise AssetFileRefused(f"{upload.name} holds no page images: it is no {label}.")
    if format == AssetFormat.EPUB and mimetype.strip() != b"application/epub+zip":
        raise AssetFileRefused(f"{upload.name} is not {_a(label)} (no EPUB mimetype entry).")


def _entry_names_check(*, names: list[str], upload: File, label: str) -> None:
    """Refuse an archive whose entry a reader's unzip would write outside the folder it
    unpacks into (outside probe HN-4: `../../tmp/x.png` and `/abs/x.png` went to buyers as
    they were): an absolute path, a drive, a `..` step or a backslash (Windows' separator).
    Each is named for what it is (outside probe HQ: `dir\\x.png` was said to be written outside
    its folder)."""
    for name in names:
        if why := _entry_name_unsafe(name):
            raise AssetFileRefused(
                f"{upload.name} holds an entry named {name[:80]}: {why}. It is no {label} to "
                "send to buyers."
            )


def _entry_name_unsafe(name: str) -> str:
    """Why an unzip would not keep the entry `name` inside its folder ("" when it would)."""
    steps = name.split("/")
    if name.startswith("/"):
        return "an absolute path, which an unzip would write outside its folder"
    if ":" in steps[0]:
        return "a drive, which an unzip on Windows would write outside its folder"
    if ".." in steps:
        return "a step up (..), which an unzip would write outside its folder"
    if "\\" in name:
        return "a backslash, which unzips on Windows read as a folder separator"
    if "\0" in name:
        return "a NUL character, which unzips cut the name at"
    return ""


def _page_image_check(*, archive: zipfile.ZipFile, name: str, upload: File) -> None:
    """Decode one page, the first: enough to tell pages from junk named .jpg, without
    decoding every page of a big archive."""
    try:
        with archive.open(name) as entry, Image.open(entry) as image:
            image.load()
    except (OSError, ValueError, zlib.error, Image.DecompressionBombError) as exc:
        raise AssetFileRefused(
            f"{upload.name} is not a readable CBZ: its page {name} is no image ({exc})."
        ) from None


def asset_add(*, comic: Comic, format: str, upload: File, actor: str) -> ComicAsset:
    """A comic's first file of a format: checked and stored with no transaction open, then
    recorded as version 1 in a short one. A format the comic has already gets new
    versions on its own page instead."""
    refuse_inside_transaction("Storing an asset file")
    label = AssetFormat(format).label
    if ComicAsset.objects.filter(comic=comic, format=format).exists():
        raise AssetFileRefused(
            f"{comic.title} has {_a(label)} already: upload a new version there."
        )
    asset_upload_check(format=format, upload=upload)
    digest, size = _digest(upload)
    file_name = f"{comic.slug}.{format}"
    name = asset_storage().save(f"comics/{file_name}", upload)
    try:
        with transaction.atomic():
            Comic.objects.select_for_update().get(pk=comic.pk)
            asset = ComicAsset.objects.create(
                comic=comic,
                format=format,
                file=name,
                file_name=file_name,
                content_type=CONTENT_TYPES[format],
                size_bytes=size,
                sha256=digest,
                version_published_at=timezone.now(),
            )
    except IntegrityError:  # another upload of this format won the race
        raise AssetFileRefused(f"{comic.title} has a {label} already.") from None
    logger.info("comic file added", extra={"asset": asset.pk, "actor": actor})
    return asset


def asset_version_record(
    *, asset: ComicAsset, stored: StoredFile, actor: str, version_shown: int | None = None
) -> ComicAsset:
    """Point the asset at a stored file as its next version, in a short transaction: its
    buyers' stamped copies are remade and each entitled order gets one email with fresh
    links (receivers in delivery). Refused (`AssetChangedMeanwhile`) when the page it was
    uploaded from showed another version than the asset's (`version_shown`)."""
    with transaction.atomic():
        locked = ComicAsset.objects.select_for_update().get(pk=asset.pk)
        asset_version_check(asset=locked, version_shown=version_shown)
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


def asset_version_check(*, asset: ComicAsset, version_shown: int | None) -> None:
    """Refuse a new version from a page that showed another version than `asset`'s."""
    if version_shown is None or version_shown == asset.version:
        return
    published = asset.version_published_at
    at = f" at {published.astimezone(UTC):%Y-%m-%d %H:%M} UTC" if published else ""
    raise AssetChangedMeanwhile(
        f"Version {asset.version} of {asset} was published{at}, since this page showed "
        f"version {version_shown}. Nothing was published: look at it, then upload yours "
        "again if it is still needed."
    )


def _digest(upload: File) -> tuple[str, int]:
    sha, size = hashlib.sha256(), 0
    upload.seek(0)
    for chunk in upload.chunks(HASH_CHUNK_BYTES):
        sha.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return sha.hexdigest(), size
