"""Per-buyer stamped copies: asking for them, making them, and choosing the file a granted
link serves. The grant itself (`delivery.redemption`) knows nothing of stamps."""

import dataclasses
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from catalog.models import AssetFormat
from delivery import stamping, storage
from delivery.models import DIGEST_PURPOSE, DownloadLink, StampedCopy
from delivery.redemption import Grant
from morpheus import tokens
from morpheus.db_context import system_scope
from orders.models import Order

STAMPERS = {AssetFormat.PDF: stamping.stamp_pdf, AssetFormat.CBZ: stamping.stamp_cbz}


@dataclass(frozen=True)
class CopyState:
    """The stamped copy a link must serve: `ready` False means the buyer waits for it."""

    ready: bool
    storage_name: str = ""
    size_bytes: int = 0

    def served_by(self, grant: Grant) -> Grant:
        return dataclasses.replace(
            grant, storage_name=self.storage_name, size_bytes=self.size_bytes
        )


def stamped_copies_request(*, order_id: int, asset_id: int | None = None) -> int:
    """In the caller's transaction: (re)make the order's stamped copies, of every stampable
    asset or of `asset_id` only, each by its own job. Returns how many were asked for."""
    from delivery.tasks import stamp_copy

    order = Order.objects.get(pk=order_id)
    now = timezone.now()
    requested = 0
    for item in order.items.select_related("comic").order_by("pk"):
        if not item.comic.stamp_downloads:
            continue
        assets = item.comic.assets.filter(format__in=list(STAMPERS))
        for asset in assets.filter(pk=asset_id) if asset_id else assets:
            copy, _ = StampedCopy.objects.update_or_create(
                order_item=item,
                asset=asset,
                defaults={"order": order, "requested_at": now, "ready_at": None},
            )
            stamp_copy.defer(copy_id=copy.pk, requested_at=now.isoformat())
            requested += 1
    return requested


def stamped_copy_make(*, copy_id: int, requested_at: datetime) -> bool:
    """Stamp and store the copy asked for at `requested_at`; False when a later request
    (a new file version) superseded it or it is already made. The file work runs outside
    any transaction; the copy becomes ready only if nobody asked again meanwhile."""
    with system_scope():
        copy = (
            StampedCopy.objects.select_related("order", "asset")
            .filter(pk=copy_id, requested_at=requested_at, ready_at__isnull=True)
            .first()
        )
    if copy is None:
        return False
    line = stamping.licence_line(email=copy.order.email, order_number=copy.order.number)
    stamper = STAMPERS[AssetFormat(copy.asset.format)]
    stored, size = storage.stamped_copy_store(
        source_name=copy.asset.file.name,
        target_name=(
            f"stamped/{copy.order.number}/{copy.order_item_id}/"
            f"{copy.asset_id}-{int(requested_at.timestamp() * 1e6)}/{copy.asset.file_name}"
        ),
        stamp=lambda source, target: stamper(source=source, target=target, line=line),
    )
    with system_scope(), transaction.atomic():
        made = StampedCopy.objects.filter(
            pk=copy_id, requested_at=requested_at, ready_at__isnull=True
        ).update(storage_name=stored, size_bytes=size, ready_at=timezone.now())
    storage.stamped_copy_discard(name=copy.storage_name if made else stored)
    return bool(made)


def stamped_copy_for_token(*, token: str) -> CopyState | None:
    """The stamped copy the link named by `token` serves, or None when it serves the
    original (no such link, a format without stamps, stamping off for the comic): one
    query. A copy that was never asked for (an order older than stamping, stamping switched
    on later) is asked for now. Reads as the system, like the grant; returns plain data."""
    copies = StampedCopy.objects.filter(
        order_item_id=OuterRef("order_item_id"), asset_id=OuterRef("asset_id")
    )
    with system_scope():
        link = (
            DownloadLink.objects.filter(token_digest=tokens.digest(token, purpose=DIGEST_PURPOSE))
            .annotate(
                copy_id=Subquery(copies.values("pk")[:1]),
                copy_name=Subquery(copies.values("storage_name")[:1]),
                copy_size=Subquery(copies.values("size_bytes")[:1]),
                copy_ready_at=Subquery(copies.values("ready_at")[:1]),
            )
            .values(
                "order_id",
                "asset_id",
                "asset__format",
                "asset__comic__stamp_downloads",
                "copy_id",
                "copy_name",
                "copy_size",
                "copy_ready_at",
            )
            .first()
        )
        if (
            link is None
            or not link["asset__comic__stamp_downloads"]
            or link["asset__format"] not in STAMPERS
        ):
            return None
        if link["copy_id"] is None:
            with transaction.atomic():
                stamped_copies_request(order_id=link["order_id"], asset_id=link["asset_id"])
            return CopyState(ready=False)
    return CopyState(
        ready=link["copy_ready_at"] is not None,
        storage_name=link["copy_name"],
        size_bytes=link["copy_size"],
    )
