"""The customer's library: every comic they own, each download a fresh single-use link.

Nothing here revokes a link: emailed links keep their lifetime and quota whatever the
customer does on the site."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.utils import timezone

from catalog.models import ComicAsset
from delivery import errors
from delivery.models import LinkOrigin
from delivery.selectors import (
    ItemFile,
    dispute_lost_words,
    downloads_paused_words,
    item_files_served,
    items_with_files,
    orders_links_suspended,
)
from delivery.services import (
    IssuedLink,
    _issue_link,
    _lock_entitled,
    refuse_refunded_item,
)
from morpheus.db_context import system_scope
from orders import events
from orders.models import OrderItem
from orders.selectors import order_refund_full_pending, orders_dispute_lost, orders_given_by_staff
from orders.transitions import ENTITLED_STATUSES
from tax.selectors import orders_held


@dataclass(frozen=True)
class LibraryFile:
    asset_id: int
    format: str
    size_bytes: int
    version: int
    updated: bool  # a new version came out after the order was paid: not the one bought


@dataclass(frozen=True)
class LibraryEntry:
    item_id: int
    comic_slug: str
    title: str
    order_number: str
    bought_at: object
    given: bool  # staff gave it (`order_comp`): the customer bought nothing
    files: tuple[LibraryFile, ...]
    withheld: str  # why the order gives no downloads for now (disputed, held); "" when it does
    refunded: bool  # refunded on its own while the rest of the order stays
    refund_pending: bool  # that refund waits for Stripe's confirmation
    stamped: bool  # its downloads are stamped with the buyer's address and order

    @property
    def downloadable(self) -> bool:
        return not self.withheld and not self.refunded


def library_for(*, customer: AbstractBaseUser) -> list[LibraryEntry]:
    """One entry per comic owned (bought in a paid order not refunded), newest purchase
    first; a comic bought twice appears once, from an order that still gives access. An item
    refunded on its own stays listed, marked refunded."""
    items = items_with_files(
        _library_items(customer)
        .select_related("order", "comic")
        .order_by("-order__created_at", "pk")
    )
    held = orders_held(order_ids={item.order_id for item in items})
    lost = orders_dispute_lost(
        order_ids={item.order_id for item in items if item.order.disputed_at is not None}
    )
    given = orders_given_by_staff(order_ids={item.order_id for item in items})
    paused = orders_links_suspended(order_ids={item.order_id for item in items})
    entries: dict[int, LibraryEntry] = {}
    for item in items:
        entry = _entry(
            item,
            given=item.order_id in given,
            refunded=item.refund_closed,
            withheld=_withheld(item, held, lost, paused),
        )
        known = entries.get(item.comic_id)
        if known is None or (entry.downloadable and not known.downloadable):
            entries[item.comic_id] = entry
    return list(entries.values())


def library_lists(*, customer: AbstractBaseUser, comic_id: int) -> bool:
    """Whether the customer's library lists the comic (`library_for`), on sale or not."""
    return _library_items(customer).filter(comic_id=comic_id).exists()


def _library_items(customer: AbstractBaseUser) -> QuerySet[OrderItem]:
    return OrderItem.objects.filter(order__customer=customer, order__status__in=ENTITLED_STATUSES)


def _withheld(item: OrderItem, held: dict[int, str], lost: set[int], paused: set[int]) -> str:
    if item.order_id in lost:
        return dispute_lost_words(item.order)
    if item.order.disputed_at is not None:
        return "Downloads are suspended while the payment is disputed."
    if order_refund_full_pending(item.order):
        return f"Order {item.order.number} is being refunded: its downloads are closed."
    if item.order_id in paused:
        return downloads_paused_words(item.order)
    return held.get(item.order_id, "")


def _entry(
    item: OrderItem,
    *,
    given: bool,
    refunded: bool,
    withheld: str,
) -> LibraryEntry:
    """Each file's size is what a download serves (`item_files_served`). A file is
    "updated" when its version was published after the order was paid (what the order
    first delivered is the version current then)."""
    bought_at = item.order.paid_at or item.order.created_at
    return LibraryEntry(
        item_id=item.pk,
        comic_slug=item.comic.slug,
        title=item.title,
        order_number=item.order.number,
        bought_at=bought_at,
        given=given,
        files=tuple(_library_file(file, bought_at=bought_at) for file in item_files_served(item)),
        withheld=withheld,
        refunded=refunded,
        refund_pending=refunded and not item.refunded_amount,
        stamped=item.comic.stamp_downloads,
    )


def _library_file(file: ItemFile, *, bought_at: datetime) -> LibraryFile:
    asset = file.asset
    return LibraryFile(
        asset.pk,
        asset.get_format_display(),
        file.size_bytes,
        asset.version,
        updated=asset.version > 1
        and (asset.version_published_at is None or asset.version_published_at > bought_at),
    )


def library_download_link(
    *, customer: AbstractBaseUser, item_id: int, asset_id: int, actor: str
) -> IssuedLink:
    """A link that serves one download of one file the customer owns, for the next
    API_DOWNLOAD_LINK_TTL_SECONDS; refused for an order that gives no access (refunded,
    being refunded, disputed)."""
    item = (
        OrderItem.objects.filter(pk=item_id, order__customer=customer)
        .select_related("order")
        .first()
    )
    if item is None:
        raise errors.ItemUnknown("This comic is not in your library.")
    asset = ComicAsset.objects.filter(pk=asset_id, comic_id=item.comic_id).first()
    if asset is None:
        raise errors.ItemUnknown(f"{item.title} has no such file.")
    with system_scope():  # a customer's session writes no link
        order = _lock_entitled(item.order)
        refuse_refunded_item(order=order, item=item)
        expires_at = timezone.now() + timedelta(seconds=settings.API_DOWNLOAD_LINK_TTL_SECONDS)
        issued = _issue_link(
            order=order,
            item=item,
            expires_at=expires_at,
            origin=LinkOrigin.LIBRARY,
            max_downloads=1,
            asset=asset,
        )
        events.link_issued_from_library(
            order=order, actor=actor, item_id=item.pk, title=item.title, expires_at=expires_at
        )
    return issued
