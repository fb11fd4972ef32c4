"""Issuing, re-issuing and revoking download links. Each service is atomic and locks the
rows it changes; the order's status moves only through `orders.services`."""

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from catalog.models import AssetFormat, ComicAsset
from delivery import errors
from delivery.models import (
    DIGEST_PURPOSE,
    ERASED_ACCOUNT,
    FULL_REFUND_UNDER_WAY,
    ORDER_REFUNDED,
    REPLACED_AFTER_FAILED_REFUND,
    REPLACED_BY_FRESH_LINKS,
    DownloadEvent,
    DownloadLink,
    LinkOrigin,
)
from delivery.selectors import downloads_refusal, item_files, links_resend_refusal
from delivery.watermarks import DOWNLOADS_ACTOR, stamped_copies_forget
from morpheus import tokens
from morpheus.db_context import system_scope
from orders import events
from orders.actors import SYSTEM
from orders.models import Order, OrderEventType, OrderItem
from orders.selectors import (
    order_items_refund_closed,
    order_refund_full_pending,
)
from orders.services import order_lock, order_transition, order_version_move
from orders.transitions import OrderStatus
from tax.selectors import order_held


@dataclass(frozen=True)
class IssuedLink:
    """A fresh link as the customer sees it, once: the token exists nowhere else."""

    title: str
    file_name: str
    path: str
    expires_at: datetime
    max_downloads: int
    link_id: int
    order_item_id: int


def download_links_fulfil(*, order_id: int, actor: str) -> list[IssuedLink]:
    """Issue the links of a paid order and mark it fulfilled; does nothing for any other
    status, so a repeated announcement of the payment issues nothing twice, nor while the
    order is disputed (winning the dispute fulfils it), a full refund is under way (a
    failed refund defers fulfilment again) or its VAT evidence is held for Finance
    (accepting it fulfils the order). Inside a transaction it joins it without a savepoint
    (the fulfilment job's scope opens it; two statements fewer before the order is
    fulfilled): a failure rolls the whole of it back."""
    with transaction.atomic(savepoint=False):
        order = Order.objects.select_for_update().get(pk=order_id)
        if (
            order.status != OrderStatus.PAID
            or order.disputed_at is not None
            or order_refund_full_pending(order)
            or order_held(order_id=order.pk)
        ):
            return []
        issued = _issue_links(order=order, actor=actor, reissue=False)
        order_transition(
            name="fulfil", order=order, actor=actor, reason="Download links issued", locked=True
        )
    return issued


def download_links_reissue_by_staff(
    *,
    order: Order,
    actor: str,
    reason: str,
    item_ids: Collection[int] | None = None,
    kept_since: datetime | None = None,
    replaced_because: str = REPLACED_BY_FRESH_LINKS,
) -> list[IssuedLink]:
    """Staff re-issue the links of an entitled order (the old ones stop working, revoked
    `replaced_because`); with `item_ids`, those items' links only, the others' keep
    working; with `kept_since`, the links issued since then keep working too. None for an
    order suspended for abuse: lifting the suspension sends them."""
    with transaction.atomic():
        locked = _lock_entitled(order)
        return _reissue(
            order=locked,
            actor=actor,
            reason=reason,
            item_ids=item_ids,
            kept_since=kept_since,
            replaced_because=replaced_because,
        )


def refuse_refunded_item(*, order: Order, item: OrderItem) -> None:
    """An item refunded in full (pending or paid back) gives no new link, whatever the path."""
    if item.pk in order_items_refund_closed(order):
        raise errors.NotEntitled(f"{item.title} was refunded: its download is closed.")


def download_link_issue_one(
    *, order: Order, item_id: int, actor: str, file_format: AssetFormat | None = None
) -> IssuedLink:
    """One fresh link to one item of an entitled order, for its owner through the API: to
    its file in `file_format`, else to the one its emailed links give (`item_files`). It
    lasts API_DOWNLOAD_LINK_TTL_SECONDS and serves one download; the order's other links stay
    as they are. Recorded in the order's history."""
    with system_scope():  # a customer's session writes no link
        locked = _lock_entitled(order)
        item = locked.items.select_related("comic").filter(pk=item_id).first()
        if item is None:
            raise errors.ItemUnknown(f"Order {locked.number} has no item {item_id}.")
        refuse_refunded_item(order=locked, item=item)
        expires_at = timezone.now() + timedelta(seconds=settings.API_DOWNLOAD_LINK_TTL_SECONDS)
        issued = _issue_link(
            order=locked,
            item=item,
            expires_at=expires_at,
            origin=LinkOrigin.API,
            max_downloads=1,
            asset=_deliverable_asset(item, file_format=file_format),
        )
        events.link_issued_for_item(
            order=locked, actor=actor, item_id=item.pk, title=item.title, expires_at=expires_at
        )
    return issued


def download_links_revoke(
    *, order: Order, reason: str, actor: str, issued_before: datetime | None = None
) -> int:
    """Stop every active link of the order now (refund, dispute, staff), or those issued
    before `issued_before`. Returns how many."""
    with system_scope():  # a customer's session writes no link
        active = DownloadLink.objects.select_for_update().filter(
            order_id=order.pk, revoked_at__isnull=True
        )
        if issued_before is not None:
            active = active.filter(created_at__lt=issued_before)
        link_ids = list(active.values_list("pk", flat=True))
        if not link_ids:
            return 0
        DownloadLink.objects.filter(pk__in=link_ids).update(
            revoked_at=timezone.now(), revoked_reason=reason
        )
        events.links_revoked(order=order, actor=actor, reason=reason, links=len(link_ids))
    return len(link_ids)


def download_links_refunded(*, order: Order, actor: str) -> int:
    """The order was refunded in full: its active links stop, and the ones its refund
    stopped while under way say it was made. Returns how many stopped now."""
    with system_scope():
        DownloadLink.objects.filter(order_id=order.pk, revoked_reason=FULL_REFUND_UNDER_WAY).update(
            revoked_reason=ORDER_REFUNDED
        )
        return download_links_revoke(order=order, reason=ORDER_REFUNDED, actor=actor)


def erased_customer_downloads_close(*, customer_id: int) -> None:
    """In the erasure's transaction: every link of the customer's orders stops (a file
    served through one would be stamped with their address) and their stamped copies are
    deleted."""
    with system_scope():
        orders = Order.objects.filter(customer_id=customer_id).order_by("pk")
        for order in orders:
            download_links_revoke(order=order, reason=ERASED_ACCOUNT, actor=SYSTEM)
        stamped_copies_forget(customer_id=customer_id)


def download_file_missing_record(*, order_id: int, asset_id: int, file: str) -> None:
    """A download of the order's file `file` (an asset served as it is) found it gone from
    the storage: the order's history says so once, until a download of it is served again,
    however many downloads found it gone meanwhile."""
    with system_scope():
        order = Order.objects.select_for_update().get(pk=order_id)
        last_served = (
            DownloadEvent.objects.filter(link__order=order, link__asset_id=asset_id)
            .order_by("-downloaded_at")
            .values_list("downloaded_at", flat=True)
            .first()
        )
        told = order.events.filter(
            type=OrderEventType.DOWNLOAD_LINKS, data__action="file_missing", data__asset=asset_id
        )
        if last_served is not None:
            told = told.filter(created_at__gt=last_served)
        if told.exists():
            return
        item = OrderItem.objects.filter(order=order, comic__assets__pk=asset_id).first()
        if item is None:  # its comic no longer holds the file
            return
        events.download_file_missing(
            order=order,
            actor=DOWNLOADS_ACTOR,
            item_id=item.pk,
            asset_id=asset_id,
            title=item.title,
            file=file,
        )


def download_links_mark_replaced(
    *, order: Order, since: datetime, reasons: tuple[str, ...], besides: Collection[int] = ()
) -> list[int]:
    """The order's links stopped at or after `since` for one of `reasons` are being
    replaced by fresh ones (a refund Stripe refused): their reason now says so; the links
    of the items `besides` stay stopped as they were. The ids of the items they were links
    to."""
    with system_scope():
        stopped = DownloadLink.objects.filter(
            order_id=order.pk, revoked_at__gte=since, revoked_reason__in=reasons
        ).exclude(order_item_id__in=list(besides))
        item_ids = sorted(set(stopped.values_list("order_item_id", flat=True)))
        stopped.update(revoked_reason=REPLACED_AFTER_FAILED_REFUND)
    return item_ids


def download_links_revoke_items(
    *, order: Order, item_ids: list[int], reason: str, actor: str
) -> int:
    """Stop the active links of these items of the order now (an item refunded); the
    order's other links keep working. Returns how many."""
    with system_scope():  # a customer's session writes no link
        active = DownloadLink.objects.select_for_update().filter(
            order_id=order.pk, order_item_id__in=item_ids, revoked_at__isnull=True
        )
        link_ids = list(active.values_list("pk", flat=True))
        if not link_ids:
            return 0
        DownloadLink.objects.filter(pk__in=link_ids).update(
            revoked_at=timezone.now(), revoked_reason=reason
        )
        events.item_links_revoked(
            order=order, actor=actor, reason=reason, links=len(link_ids), items=sorted(item_ids)
        )
    return len(link_ids)


def _lock_entitled(order: Order) -> Order:
    """The order, locked, when it gives access to its downloads (`downloads_refusal`)."""
    locked = Order.objects.select_for_update().get(pk=order.pk)
    refusal = downloads_refusal(locked)
    if refusal:
        raise errors.NotEntitled(refusal)
    return locked


def _reissue(
    *,
    order: Order,
    actor: str,
    reason: str,
    item_ids: Collection[int] | None = None,
    kept_since: datetime | None = None,
    replaced_because: str = REPLACED_BY_FRESH_LINKS,
) -> list[IssuedLink]:
    if item_ids is None:
        download_links_revoke(
            order=order, reason=replaced_because, actor=actor, issued_before=kept_since
        )
    elif DownloadLink.objects.filter(
        order_id=order.pk, order_item_id__in=list(item_ids), revoked_at__isnull=True
    ).exists():
        download_links_revoke_items(
            order=order, item_ids=sorted(item_ids), reason=REPLACED_BY_FRESH_LINKS, actor=actor
        )
    return _issue_links(order=order, actor=actor, reissue=True, reason=reason, item_ids=item_ids)


def _issue_links(
    *,
    order: Order,
    actor: str,
    reissue: bool,
    reason: str = "",
    item_ids: Collection[int] | None = None,
) -> list[IssuedLink]:
    expires_at = timezone.now() + timedelta(seconds=settings.DOWNLOAD_LINK_TTL_SECONDS)
    items = order.items.select_related("comic").prefetch_related("comic__assets").order_by("pk")
    if item_ids is not None:
        items = items.filter(pk__in=list(item_ids))
    issued = [
        _issue_link(order=order, item=item, expires_at=expires_at, origin=LinkOrigin.EMAILED)
        for item in items
        if not item.refund_closed
    ]
    events.links_issued(
        order=order,
        actor=actor,
        reason=reason,
        links=len(issued),
        expires_at=expires_at,
        reissue=reissue,
    )
    return issued


def _issue_link(
    *,
    order: Order,
    item: OrderItem,
    expires_at: datetime,
    origin: LinkOrigin,
    max_downloads: int | None = None,
    asset: ComicAsset | None = None,
) -> IssuedLink:
    asset = asset or _deliverable_asset(item)
    token = tokens.new()
    quota = max_downloads or settings.DOWNLOAD_LINK_MAX_DOWNLOADS
    link = DownloadLink.objects.create(
        order=order,
        order_item=item,
        asset=asset,
        token_digest=tokens.digest(token, purpose=DIGEST_PURPOSE),
        expires_at=expires_at,
        max_downloads=quota,
        origin=origin,
    )
    return IssuedLink(
        title=item.title,
        file_name=asset.file_name,
        path=reverse("delivery:download", kwargs={"token": token}),
        expires_at=expires_at,
        max_downloads=quota,
        link_id=link.pk,
        order_item_id=item.pk,
    )


def _deliverable_asset(item: OrderItem, *, file_format: AssetFormat | None = None) -> ComicAsset:
    files = item_files(item)
    if not files:
        raise errors.AssetMissing(f"{item.title} has no file to deliver yet.")
    if file_format is None:
        return files[0]
    for asset in files:
        if asset.format == file_format:
            return asset
    formats = " and ".join(asset.get_format_display() for asset in files)
    raise errors.AssetMissing(
        f"{item.title} comes as {formats}, not {AssetFormat(file_format).label}."
    )


def download_links_resend(
    *, order: Order, actor: str, reason: str, why: str = "", history_row: bool = True
) -> None:
    """Staff: email the customer fresh links (a job issues them: tokens never wait in the
    queue); `why`, when given, is the email's opening (`send_fresh_links`). Refused at once
    for an order that gives no access (its links suspended for sharing included: lifting
    the suspension sends them) or an outdated copy of it. The order's history says fresh
    links were asked for, unless the caller's own row says why (`history_row` False)."""
    from delivery.tasks import send_fresh_links

    with transaction.atomic():
        locked = order_lock(order)
        refusal = links_resend_refusal(locked)
        if refusal:
            raise errors.NotEntitled(refusal)
        order_version_move(order=locked)
        if history_row:
            events.links_resend_asked(order=locked, actor=actor, reason=reason)
        send_fresh_links.defer(
            order_id=order.pk, actor=actor, reason=reason, request_key=uuid.uuid4().hex, why=why
        )
