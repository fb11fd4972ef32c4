"""Read-only views of download links for the order page and the dashboard (no tokens)."""

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, QuerySet
from django.utils import timezone

from catalog.models import AssetFormat, ComicAsset
from delivery.models import (
    DIGEST_PURPOSE,
    AbuseAlertStatus,
    DownloadAbuseAlert,
    DownloadLink,
    LinkOrigin,
)
from morpheus import tokens
from notifications.selectors import orders_downloads_may_be_emailed
from orders.guests import erasing, is_erased
from orders.models import Order, OrderItem
from orders.selectors import (
    order_dispute_lost,
    order_dispute_lost_in_part,
    order_is_entitled,
    order_refund_full_pending,
)
from orders.transitions import ENTITLED_STATUSES
from tax.selectors import orders_held, orders_held_for_staff

# A link gives the first of these the comic comes in, unless it is asked for another.
FORMAT_PREFERENCE = (AssetFormat.PDF, AssetFormat.CBZ, AssetFormat.EPUB)


# What `item_files_served` reads of an item.
_ITEM_FILES_READ = ("comic__assets", "stamped_copies")

# What `morpheus.tokens.new` makes: 32 bytes, URL-safe base64 without padding (43 of its
# characters, none of them beside it).
_TOKEN = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")


def item_files(item: OrderItem) -> list[ComicAsset]:
    """The files the item's comic comes in, the one a link gives by default first."""
    return sorted(item.comic.assets.all(), key=lambda asset: FORMAT_PREFERENCE.index(asset.format))


@dataclass(frozen=True)
class ItemFile:
    asset: ComicAsset
    size_bytes: int


def item_files_served(item: OrderItem) -> list[ItemFile]:
    """`item_files`, each with the size of what a download of it serves the item's buyer:
    their stamped copy's once it is made (its stamp adds to the original), the original's
    until then, and once staff switch the comic's stamping off, as the original is served
    then (outside probe HZ-1: the copy's size was still given)."""
    copies = {
        copy.asset_id: copy.size_bytes
        for copy in item.stamped_copies.all()
        if copy.ready_at is not None and item.comic.stamp_downloads
    }
    return [
        ItemFile(asset=asset, size_bytes=copies.get(asset.pk, asset.size_bytes))
        for asset in item_files(item)
    ]


def items_with_files(items: QuerySet[OrderItem]) -> QuerySet[OrderItem]:
    """`items` with what `item_files_served` reads for each of them, fetched at once."""
    return items.prefetch_related(*_ITEM_FILES_READ)


def orders_with_files(orders: QuerySet[Order]) -> QuerySet[Order]:
    """`orders` with what `item_files_served` reads for each of their items, fetched at once."""
    return orders.prefetch_related(*(f"items__{lookup}" for lookup in _ITEM_FILES_READ))


@dataclass(frozen=True)
class LinkState:
    title: str
    file_name: str
    downloads_left: int
    expires_at: datetime
    usable: bool
    version: int = 1


def download_links_usable(*, order: Order) -> QuerySet[DownloadLink]:
    """The order's links that can still serve a download: not revoked, not expired, with
    downloads left (what a refund closing them takes away)."""
    return DownloadLink.objects.filter(
        order=order,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
        download_count__lt=F("max_downloads"),
    )


def download_links_active(*, order: Order) -> list[LinkState]:
    """The order's current (unrevoked) links as the customer's RLS scope lets them be seen."""
    links = DownloadLink.objects.filter(order=order, revoked_at__isnull=True).select_related(
        "order_item", "asset"
    )
    return [
        LinkState(
            title=link.order_item.title,
            file_name=link.asset.file_name,
            downloads_left=link.downloads_left,
            expires_at=link.expires_at,
            usable=link.usable,
            version=link.asset.version,
        )
        for link in links
    ]


@dataclass(frozen=True)
class EmailedLinks:
    """What the order page says of the links emailed for an order: how many downloads each
    gives and how many are left, until when, while one of them still works; or why none
    does. `titles`: the items whose links these are, by item."""

    max_downloads: int = 0
    downloads_left: int = 0
    expires_at: datetime | None = None
    working: bool = False
    expired: bool = False
    used_up: bool = False
    titles: tuple[str, ...] = ()


def emailed_links(*, order: Order) -> list[EmailedLinks]:
    """The order's current (unrevoked) emailed links, summed up for the order page: those
    still working, one summary per number of downloads they give and have left (in the
    order of their items), then the others in one (whether they expired or gave all their
    downloads). A summary holds the most downloads one gives, the most one has left and the
    latest expiry. The library's and the API's one-download links were never emailed: not
    counted. None emailed yet: none."""
    links = DownloadLink.objects.filter(
        order=order, revoked_at__isnull=True, origin=LinkOrigin.EMAILED
    ).select_related("order_item")
    working: dict[tuple[int, int], list[DownloadLink]] = {}
    others = []
    for link in links.order_by("order_item_id", "pk"):
        if link.usable:
            working.setdefault((link.max_downloads, link.downloads_left), []).append(link)
        else:
            others.append(link)
    summaries = [_working_summed_up(group) for group in working.values()]
    return summaries + ([_others_summed_up(others)] if others else [])


def _titles(links: list[DownloadLink]) -> tuple[str, ...]:
    return tuple({link.order_item_id: link.order_item.title for link in links}.values())


def _working_summed_up(links: list[DownloadLink]) -> EmailedLinks:
    return EmailedLinks(
        max_downloads=max(link.max_downloads for link in links),
        downloads_left=max(link.downloads_left for link in links),
        expires_at=max(link.expires_at for link in links),
        working=True,
        titles=_titles(links),
    )


def _others_summed_up(links: list[DownloadLink]) -> EmailedLinks:
    now = timezone.now()
    return EmailedLinks(
        max_downloads=max(link.max_downloads for link in links),
        expires_at=max(link.expires_at for link in links),
        expired=any(link.expires_at <= now for link in links),
        used_up=any(link.downloads_left <= 0 for link in links),
        titles=_titles(links),
    )


def orders_links_suspended(*, order_ids: Iterable[int]) -> set[int]:
    """Of the orders, those whose links staff suspended for abuse and have not given back."""
    return set(
        DownloadAbuseAlert.objects.filter(
            order_id__in=list(order_ids), status=AbuseAlertStatus.SUSPENDED
        ).values_list("order_id", flat=True)
    )


def downloads_refusal(
    order: Order,
    *,
    staff: bool = False,
    held: dict[int, str] | None = None,
    suspended: set[int] | None = None,
) -> str:
    """Why the order gives no access to its downloads now ("" when it does): it must be
    paid, not disputed, not being refunded, not held for Finance's check of its VAT
    evidence, and not suspended for abuse (`staff`: said to staff, who lift the suspension
    to send fresh links; a hold in their words too). `held`, `suspended`: `orders_held` (or
    `orders_held_for_staff`) and `orders_links_suspended` of a list of orders, read once
    for all of them."""
    if order.status in ENTITLED_STATUSES and order.disputed_at is not None:
        return _disputed_words(order, staff=staff)
    if not order_is_entitled(order):
        return (
            f"Order {order.number} is {order.get_status_display().lower()}: "
            "its downloads are not available."
        )
    if order_refund_full_pending(order):
        return f"Order {order.number} is being refunded: its downloads are not available."
    if held is None:
        held = (orders_held_for_staff if staff else orders_held)(order_ids=[order.pk])
    if order.pk in held:
        return f"Order {order.number} is paid. {held[order.pk]}"
    if suspended is None:
        suspended = orders_links_suspended(order_ids=[order.pk])
    if order.pk not in suspended:
        return ""
    if staff:
        return (
            f"Order {order.number}'s links are suspended for sharing: lift the suspension "
            "(Link abuse alerts) to email the customer fresh links."
        )
    return downloads_paused_words(order)


def orders_downloads_refusals(orders: Collection[Order]) -> dict[int, str]:
    """`downloads_refusal` of each of the orders (its id -> why it gives no downloads now,
    "" when it does), in the customer's words, its holds and suspensions read once for all
    of them."""
    order_ids = [order.pk for order in orders]
    held = orders_held(order_ids=order_ids)
    suspended = orders_links_suspended(order_ids=order_ids)
    return {order.pk: downloads_refusal(order, held=held, suspended=suspended) for order in orders}


def _disputed_words(order: Order, *, staff: bool) -> str:
    """Why a paid order whose payment the customer's bank disputes gives no downloads: for
    now, or for good once the bank gave the customer the payment back (outside probe DS-4:
    both read "is fulfilled and disputed")."""
    if order_dispute_lost(order):
        return dispute_lost_words(order, bank="the customer's bank" if staff else "your bank")
    return (
        f"Order {order.number}'s payment is disputed: its downloads are suspended until the "
        "dispute ends."
    )


def dispute_lost_words(order: Order, *, bank: str = "your bank") -> str:
    """Of the whole payment, or of part of it (outside probe HS-2: a dispute lost for what a
    refund had left was said to have taken the payment back)."""
    whose = f"Order {order.number}'s payment"
    if order_dispute_lost_in_part(order):
        whose = f"Part of order {order.number}'s payment"
    return f"{whose} went back to {bank} after a dispute: its downloads are closed for good."


def downloads_paused_words(order: Order) -> str:
    """What the customer is told of an order whose links staff suspended for sharing."""
    return (
        f"Downloads of order {order.number} are paused: its links were used from "
        "many places. Reply to our email and we will send you fresh links."
    )


def links_resend_refusal(
    order: Order,
    *,
    held: dict[int, str] | None = None,
    suspended: set[int] | None = None,
    emailable: set[int] | None = None,
    erasures: set[int] | None = None,
) -> str:
    """Why staff's re-send emails the order's customer no fresh links ("" when it does), in
    staff's words: the order gives no downloads (`downloads_refusal`), the customer's account
    was erased or is about to be, or their address is not confirmed (links go only to a
    confirmed one). `held`, `suspended`, `emailable`, `erasures`: `orders_held_for_staff`,
    `orders_links_suspended`, `orders_downloads_may_be_emailed` and `orders.guests.erasing`
    of a list of orders, read once for all of them."""
    # Whatever else stops its links: no one to send them to.
    if is_erased(order.customer):
        return f"The customer of order {order.number} erased their account: no one gets links."
    if erasures is None:
        erasures = erasing([order.customer_id])
    if order.customer_id in erasures:
        return (
            f"The customer of order {order.number} asked for their account's erasure: no one "
            "gets links."
        )
    refusal = downloads_refusal(order, staff=True, held=held, suspended=suspended)
    if refusal:
        return refusal
    if emailable is None:
        emailable = orders_downloads_may_be_emailed([order])
    if order.pk not in emailable:
        return (
            f"The customer of order {order.number} has not confirmed {order.email} yet: links "
            "are emailed only to a confirmed address."
        )
    return ""


def link_digests_pasted(text: str) -> list[str]:
    """The digests of the download links a customer pasted (their addresses, or the tokens
    alone, within whatever the email or message put around them: brackets, quotes, a full
    stop), to find them by: the token itself is never kept."""
    return [tokens.digest(token, purpose=DIGEST_PURPOSE) for token in _TOKEN.findall(text)]
