"""Per-buyer stamped copies: asking for them and making them. Which file a granted link
serves (the copy once it is ready) is chosen by the grant's one statement."""

import logging
from datetime import datetime

from django.db.models import F, Prefetch
from django.utils import timezone

from catalog.models import AssetFormat, ComicAsset
from delivery import stamping, storage
from delivery.models import StampedCopy
from morpheus.db_context import system_scope
from orders import events
from orders.actors import SYSTEM
from orders.models import OrderItem

logger = logging.getLogger(__name__)

STAMPERS = {AssetFormat.PDF: stamping.stamp_pdf, AssetFormat.CBZ: stamping.stamp_cbz}
# Who the order's history names for a copy asked for again by a download, dropped by its job.
DOWNLOADS_ACTOR = f"{SYSTEM}:downloads"
STAMPING_ACTOR = f"{SYSTEM}:stamping"


def stamped_copies_request(
    *, order_id: int, asset_id: int | None = None, unless_requested_since: datetime | None = None
) -> int:
    """In the caller's transaction: (re)make the order's stamped copies, of every stampable
    asset or of `asset_id` only, each by its own job. A copy asked for at or after
    `unless_requested_since` (a new version's publication) is left as it is: it is made
    from that version already, so a job run again does not send the buyer back to
    "preparing". Returns how many were asked for."""
    from delivery.tasks import stamp_copy

    now = timezone.now()
    requested = 0
    stampable = ComicAsset.objects.filter(format__in=list(STAMPERS)).order_by("pk")
    if asset_id:
        stampable = stampable.filter(pk=asset_id)
    items = (
        OrderItem.objects.filter(order_id=order_id, comic__stamp_downloads=True)
        .select_related("order", "comic")
        .prefetch_related(Prefetch("comic__assets", queryset=stampable, to_attr="stampable"))
        .order_by("pk")
    )
    for item in items:
        for asset in item.comic.stampable:
            copy, created = StampedCopy.objects.select_for_update().get_or_create(
                order_item=item, asset=asset, defaults={"order": item.order, "requested_at": now}
            )
            if not created:
                if unless_requested_since and copy.requested_at >= unless_requested_since:
                    continue
                copy.requested_at, copy.ready_at = now, None
                copy.save(update_fields=["requested_at", "ready_at"])
            stamp_copy.defer(copy_id=copy.pk, requested_at=now.isoformat())
            requested += 1
    return requested


def stale_copies_request(*, order_id: int) -> int:
    """In the caller's transaction: remake the order's stamped copies asked for before their
    file's current version came out, which skipped the order while it had no access
    (disputed, suspended): fresh links serve the current file (outside probe EJ-2: the
    links a won dispute sent served the old file for good). Returns how many."""
    stale = StampedCopy.objects.filter(
        order_id=order_id, requested_at__lt=F("asset__version_published_at")
    ).select_related("asset")
    return sum(
        stamped_copies_request(
            order_id=order_id,
            asset_id=copy.asset_id,
            unless_requested_since=copy.asset.version_published_at,
        )
        for copy in stale
    )


def stamped_copy_make(*, copy_id: int, requested_at: datetime) -> bool:
    """Stamp and store the copy asked for at `requested_at`; False when a later request
    (a new file version) superseded it or it is already made. The file work runs outside
    any transaction; the copy becomes ready only if nobody asked again meanwhile."""
    with system_scope():
        copy = (
            StampedCopy.objects.select_related("order", "order_item", "asset")
            .filter(pk=copy_id, requested_at=requested_at, ready_at__isnull=True)
            .first()
        )
    if copy is None:
        return False
    if not storage.asset_present(name=copy.asset.file.name):
        _copy_request_forget(copy)
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
    with system_scope():
        made = StampedCopy.objects.filter(
            pk=copy_id, requested_at=requested_at, ready_at__isnull=True
        ).update(storage_name=stored, size_bytes=size, ready_at=timezone.now())
    storage.stamped_copy_discard(name=copy.storage_name if made else stored)
    return bool(made)


def _copy_request_forget(copy: StampedCopy) -> None:
    """The original to stamp is missing from the storage: the request is dropped, as if the
    copy had never been asked for, so that a download once the original is back asks for it
    again (until then downloads answer 503, `delivery.redemption`). The order's history
    says so once: a job run again finds the request gone."""
    logger.error(
        "Asset file %s is missing from the asset storage: stamped copy %s of order %s not made",
        copy.asset.file.name,
        copy.pk,
        copy.order.number,
    )
    with system_scope():
        dropped, _ = StampedCopy.objects.filter(
            pk=copy.pk, requested_at=copy.requested_at, ready_at__isnull=True
        ).delete()
        if dropped:
            events.stamped_copy_dropped(
                order=copy.order,
                actor=STAMPING_ACTOR,
                item_id=copy.order_item_id,
                asset_id=copy.asset_id,
                title=copy.order_item.title,
                file=copy.asset.file.name,
            )


def stamped_copies_forget(*, customer_id: int) -> int:
    """In the caller's transaction (an erasure): the rows of the customer's stamped copies,
    each naming them, go; their files go by a job deferred here, so they are deleted only
    once the rows' deletion commits (a rollback leaves both) and a failed deletion is tried
    again. A copy being made meanwhile finds its row gone and discards its file. Returns
    how many copies."""
    from delivery.tasks import discard_stamped_files

    copies = StampedCopy.objects.select_for_update().filter(order__customer_id=customer_id)
    found = list(copies.values_list("pk", "storage_name"))
    StampedCopy.objects.filter(pk__in=[pk for pk, _ in found]).delete()
    names = [name for _, name in found if name]
    if names:
        discard_stamped_files.defer(names=names)
    return len(found)


def stamped_copy_request_late(*, order_id: int, asset_id: int) -> None:
    """A link whose copy was never asked for (an order older than stamping, stamping
    switched on later), or was asked for before its file's current version: ask for it
    now, as the system, unless a concurrent download already did."""
    with system_scope():
        published = ComicAsset.objects.filter(pk=asset_id).values_list(
            "version_published_at", flat=True
        )
        stamped_copies_request(
            order_id=order_id, asset_id=asset_id, unless_requested_since=published.first()
        )


def stamped_copy_remake_missing(*, order_id: int, asset_id: int, storage_name: str) -> None:
    """A ready copy whose file is gone from the storage (a clean-up, a restore from another
    moment) is asked for again, as one never asked for, as the system, and the order's
    history says so; a copy asked for again meanwhile (another download found it gone
    first) is left to its job."""
    with system_scope():
        copy = _ready_copy_locked(order_id=order_id, asset_id=asset_id, storage_name=storage_name)
        if copy is not None:
            stamped_copies_request(order_id=order_id, asset_id=asset_id)
            events.stamped_copy_remade(
                order=copy.order,
                actor=DOWNLOADS_ACTOR,
                item_id=copy.order_item_id,
                asset_id=asset_id,
                title=copy.order_item.title,
                file=copy.asset.file_name,
            )


def stamped_copy_forget_missing(*, order_id: int, asset_id: int, storage_name: str) -> None:
    """A ready copy whose file is gone from the storage with its original cannot be made
    again: its request is dropped, as if the copy had never been asked for, so that the
    first download once the original is back asks for it (until then downloads answer
    503), as the system, and the order's history says so once however many downloads
    found both gone."""
    with system_scope():
        copy = _ready_copy_locked(order_id=order_id, asset_id=asset_id, storage_name=storage_name)
        if copy is not None:
            copy.delete()
            events.stamped_copy_unavailable(
                order=copy.order,
                actor=DOWNLOADS_ACTOR,
                item_id=copy.order_item_id,
                asset_id=asset_id,
                title=copy.order_item.title,
                file=copy.asset.file.name,
            )


def _ready_copy_locked(*, order_id: int, asset_id: int, storage_name: str) -> StampedCopy | None:
    """The ready copy stored as `storage_name`, locked; None once another download has
    asked for it again or dropped it."""
    return (
        StampedCopy.objects.select_for_update(of=("self",))
        .select_related("order", "order_item", "asset")
        .filter(
            order_id=order_id, asset_id=asset_id, storage_name=storage_name, ready_at__isnull=False
        )
        .first()
    )
