from django.db import models
from django.db.models import F, Q

from catalog.models import ComicAsset
from orders.models import Order, OrderItem

# What a link token's digest is made for (`morpheus.tokens.digest`).
DIGEST_PURPOSE = "download-link"


class DownloadLink(models.Model):
    """Access to one purchased file. Only its token's digest is stored."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="download_links")
    order_item = models.ForeignKey(
        OrderItem, on_delete=models.PROTECT, related_name="download_links"
    )
    asset = models.ForeignKey(ComicAsset, on_delete=models.PROTECT, related_name="+")
    token_digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    max_downloads = models.PositiveIntegerField()
    download_count = models.PositiveIntegerField(default=0)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["order", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(download_count__lte=F("max_downloads")), name="downloads_within_quota"
            ),
            models.CheckConstraint(
                condition=Q(token_digest__regex=r"^[0-9a-f]{64}$"),  # noqa: S106 (a pattern)
                name="token_digest_is_sha256",
            ),
        ]

    def __str__(self) -> str:
        return f"Link {self.pk} of order {self.order_id}"


class DownloadEvent(models.Model):
    """One granted download."""

    link = models.ForeignKey(DownloadLink, on_delete=models.PROTECT, related_name="events")
    downloaded_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=512, blank=True)

    class Meta:
        ordering = ["downloaded_at", "id"]

    def __str__(self) -> str:
        return f"Download via link {self.link_id} at {self.downloaded_at:%Y-%m-%d %H:%M}"
