"""Read-only views of download links for the order page and the dashboard (no tokens)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, QuerySet
from django.utils import timezone

from delivery.models import DownloadLink
from orders.models import Order


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
