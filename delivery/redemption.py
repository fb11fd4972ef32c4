"""Redeeming a download link: the checks, the count, the history and the delivery milestone."""

from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from catalog.models import ComicAsset
from delivery import errors
from delivery.models import DIGEST_PURPOSE, DownloadEvent, DownloadLink
from morpheus import tokens
from morpheus.db_context import system_scope
from orders.models import Order
from orders.selectors import order_is_entitled
from orders.services import order_transition
from orders.transitions import OrderStatus

USER_AGENT_MAX = 512
FRESH_LINKS_HINT = "You can download your comics again from your library."


@dataclass(frozen=True)
class Grant:
    """What the endpoint needs to serve the file; plain data, so nothing queries later."""

    storage_name: str
    file_name: str
    content_type: str
    size_bytes: int

    @classmethod
    def of(cls, asset: ComicAsset) -> "Grant":
        return cls(asset.file.name, asset.file_name, asset.content_type, asset.size_bytes)


def download_redeem(*, token: str, ip_address: str | None, user_agent: str, counted: bool) -> Grant:
    """Check the link named by `token` and, when `counted`, use up one download.

    The token is a bearer credential, typically presented by an anonymous browser whose
    request scope sees no rows. This function alone acts as the system, and only on the
    one link whose digest equals the token's (a unique-index lookup) and that link's order;
    it returns plain data, so the rest of the request keeps its own narrow scope.
    """
    with system_scope():
        link = (
            DownloadLink.objects.select_related("order", "asset")
            .filter(token_digest=tokens.digest(token, purpose=DIGEST_PURPOSE))
            .first()
        )
        _refuse_unless_usable(link)
        if counted:
            _use_one_download(link, ip_address=ip_address, user_agent=user_agent)
        return Grant.of(link.asset)


def _refuse_unless_usable(link: DownloadLink | None) -> None:
    if link is None:
        raise errors.LinkUnknown("This download link does not exist. Check the address.")
    order = link.order
    if link.revoked_at is not None:
        raise errors.LinkRevoked(f"This download link was withdrawn. {FRESH_LINKS_HINT}")
    if not order_is_entitled(order):
        raise errors.LinkRevoked(
            f"Order {order.number} is {order.get_status_display().lower()}"
            f"{' and under dispute' if order.disputed_at else ''}: its downloads are closed."
        )
    if link.expires_at <= timezone.now():
        raise errors.LinkExpired(f"This download link has expired. {FRESH_LINKS_HINT}")
    if link.download_count >= link.max_downloads:
        raise errors.QuotaUsed(
            f"This link was used for all its {link.max_downloads} downloads. {FRESH_LINKS_HINT}"
        )


def _use_one_download(link: DownloadLink, *, ip_address: str | None, user_agent: str) -> None:
    now = timezone.now()
    # One conditional UPDATE: concurrent requests queue on the row lock and re-check the
    # condition, so the count can never pass the quota.
    used = DownloadLink.objects.filter(
        pk=link.pk,
        revoked_at__isnull=True,
        expires_at__gt=now,
        download_count__lt=F("max_downloads"),
    ).update(download_count=F("download_count") + 1)
    if not used:
        link.refresh_from_db()
        _refuse_unless_usable(link)
        raise errors.QuotaUsed(f"This link was used for all its downloads. {FRESH_LINKS_HINT}")
    DownloadEvent.objects.create(
        link=link, downloaded_at=now, ip_address=ip_address, user_agent=user_agent[:USER_AGENT_MAX]
    )
    if link.order.status == OrderStatus.FULFILLED:
        _deliver_on_first_download(link.order_id, link_id=link.pk)


def _deliver_on_first_download(order_id: int, *, link_id: int) -> None:
    """Only until the order is delivered: later downloads do not queue on the order's lock."""
    order = Order.objects.select_for_update().get(pk=order_id)
    if order.status == OrderStatus.FULFILLED:
        order_transition(
            name="deliver", order=order, actor=f"download-link:{link_id}", reason="First download"
        )
