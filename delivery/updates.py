"""A new file version reaches past buyers: one job per entitled order, deferred in batches
spaced in time, each remaking that order's stamped copies and sending one email with
fresh links (unless the customer opted out)."""

from django.conf import settings
from django.db.models import QuerySet

from catalog.models import ComicAsset
from delivery.errors import NotEntitled
from delivery.models import REPLACED_BY_NEW_VERSION
from delivery.services import download_links_reissue_by_staff
from delivery.watermarks import stamped_copies_request
from morpheus.db_context import system_scope
from notifications.emails import absolute_links
from notifications.models import EmailKind, EmailWithheld
from notifications.selectors import file_update_emails_wanted
from notifications.services import email_send_once
from notifications.stop_links import file_updates_stop_url
from orders.actors import SYSTEM
from orders.models import Order, OrderItem
from orders.transitions import DONE_STATUSES


def orders_to_update(*, asset_id: int) -> QuerySet[Order]:
    """Orders whose links are out, not disputed, holding the asset's comic not refunded, of
    a customer who was not erased (an erased account, and its guest accounts, are inactive:
    erasure withdrew their links and copies, which an update must not give back)."""
    asset = ComicAsset.objects.get(pk=asset_id)
    kept = OrderItem.objects.filter(
        comic_id=asset.comic_id, refunded_amount=0, refund_pending_amount=0
    )
    return Order.objects.filter(
        status__in=DONE_STATUSES,
        disputed_at__isnull=True,
        customer__is_active=True,
        pk__in=kept.values("order_id"),
    ).order_by("pk")


def file_update_announce(*, asset_id: int, version: int) -> int:
    """Defer one job per order, FILE_UPDATE_EMAIL_BATCH at a time, the n-th batch
    n x FILE_UPDATE_EMAIL_BATCH_SECONDS from now, all in one transaction: a run that fails
    part-way defers nothing, so its retry does not queue the first batches twice. Returns
    how many orders."""
    from delivery.tasks import send_file_update

    batch, spacing = settings.FILE_UPDATE_EMAIL_BATCH, settings.FILE_UPDATE_EMAIL_BATCH_SECONDS
    with system_scope():
        order_ids = list(orders_to_update(asset_id=asset_id).values_list("pk", flat=True))
        for start in range(0, len(order_ids), batch):
            job = send_file_update.configure(schedule_in={"seconds": start // batch * spacing})
            for order_id in order_ids[start : start + batch]:
                job.defer(order_id=order_id, asset_id=asset_id, version=version)
    return len(order_ids)


def file_update_send(*, order_id: int, asset_id: int, version: int) -> None:
    """Remake the order's stamped copies of the asset and email fresh links, once per
    version however often it runs. A job for an outdated version does nothing: the newer
    version's job does it all."""
    with system_scope():
        asset = ComicAsset.objects.select_related("comic").get(pk=asset_id)
        if asset.version != version:
            return
        if not orders_to_update(asset_id=asset_id).filter(pk=order_id).exists():
            return  # erased, refunded or disputed since the announcement
        stamped_copies_request(
            order_id=order_id,
            asset_id=asset_id,
            unless_requested_since=asset.version_published_at,
        )

    def links(order: Order) -> dict[str, object] | EmailWithheld | None:
        if not file_update_emails_wanted(user_id=order.customer_id):
            return EmailWithheld.TURNED_OFF
        try:
            # A link issued since the version came out serves it: a download waiting on it
            # for the new copy gets it (outside probe ET-2: it was replaced under the wait).
            fresh = download_links_reissue_by_staff(
                order=order,
                actor=SYSTEM,
                reason=f"New version of {asset.comic.title}",
                kept_since=asset.version_published_at,
                replaced_because=REPLACED_BY_NEW_VERSION,
            )
        except NotEntitled:
            return None
        return {
            "links": absolute_links(fresh, order=order),
            "updated_title": _title_as_sold(order, asset),
            # Which of its files changed (outside probe FX-5: a new PDF and a new CBZ sent
            # two emails that read the same).
            "format": asset.get_format_display(),
            "version": version,
            "preferences_url": file_updates_stop_url(
                user_id=order.customer_id, address=order.email
            ),
        }

    email_send_once(
        order_id=order_id,
        kind=EmailKind.FILE_UPDATED,
        event_key=f"asset-{asset_id}-v{version}",
        context=links,
    )


def _title_as_sold(order: Order, asset: ComicAsset) -> str:
    """The comic as the order sold it, as its links name it, and what staff renamed it
    since (outside probe FJ-3: the email's sentence used the new title, its link the old)."""
    sold = order.items.filter(comic_id=asset.comic_id).values_list("title", flat=True).first()
    if sold is None or sold == asset.comic.title:
        return asset.comic.title
    return f"{sold} (now called {asset.comic.title})"
