from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from catalog.models import ComicAsset
from orders.models import Order, OrderItem

# What a link token's digest is made for (`morpheus.tokens.digest`).
DIGEST_PURPOSE = "download-link"

# Why links are stopped (`DownloadLink.revoked_reason`) where the refusal says more than
# "withdrawn": only a replaced link's comic is still in the customer's library. A link a
# refund stopped ends saying what became of the refund: made, or refused by Stripe and the
# link replaced (the customer, never told of that refund, reads "replaced" alone).
REPLACED_BY_FRESH_LINKS = "Replaced by fresh links"
REPLACED_AFTER_FAILED_REFUND = "Refund failed: replaced by fresh links"
REPLACED_BY_NEW_VERSION = "Replaced by a new version's links"
REPLACED_REASONS = (REPLACED_BY_FRESH_LINKS, REPLACED_AFTER_FAILED_REFUND, REPLACED_BY_NEW_VERSION)
FULL_REFUND_UNDER_WAY = "Full refund under way"
DISPUTED = "disputed"
ORDER_REFUNDED = "Order refunded"
ITEM_REFUNDED = "Item refunded"
ERASED_ACCOUNT = "The customer's account was erased"
# A suspension's reason (`delivery.abuse`), in staff's words, starts so; the networks and
# the window follow. Suspensions recorded earlier (their history rows stay as written) gave
# it in the customer's words, the second start.
SUSPENDED_FOR_SHARING = "Suspended for sharing: "
SUSPENDED_REASONS = (SUSPENDED_FOR_SHARING, "Your links were used from ")


class LinkOrigin(models.TextChoices):
    """Why a link was issued: emailed (fulfilment, staff's re-send, a lifted suspension, a
    new file version) or one download asked for from the library or through the API."""

    EMAILED = "emailed"
    LIBRARY = "library", "Library download"
    API = "api", "API download"


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
    origin = models.CharField(
        max_length=16, choices=LinkOrigin.choices, db_default=LinkOrigin.EMAILED
    )
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
        return f"Link {self.pk} of {self.order.number}"

    @property
    def downloads_left(self) -> int:
        return self.max_downloads - self.download_count

    @property
    def usable(self) -> bool:
        """Unexpired, with downloads left (whether it was revoked is the caller's filter)."""
        return self.expires_at > timezone.now() and self.downloads_left > 0


class DownloadEvent(models.Model):
    """One counted download, or a probe of the file's first bytes (`probe`): counted toward
    nothing, recorded as where the link was used, for the abuse detection."""

    link = models.ForeignKey(DownloadLink, on_delete=models.PROTECT, related_name="events")
    downloaded_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=512, blank=True)
    # The account whose signed-in session made the request, as the history names actors
    # (`customer:42`, `staff:sam`); empty when none was (a link opened anywhere else) or for
    # a download recorded before sessions were.
    signed_in_as = models.CharField(max_length=200, blank=True, db_default="")
    # The bytes of the resumes granted free after this download (at most the file's size).
    resumed_bytes = models.PositiveBigIntegerField(db_default=0)
    probe = models.BooleanField(db_default=False)

    class Meta:
        ordering = ["downloaded_at", "id"]

    def __str__(self) -> str:
        return f"Download via link {self.link_id} at {self.downloaded_at:%Y-%m-%d %H:%M}"


class AbuseAlertStatus(models.TextChoices):
    OPEN = "open"
    SUSPENDED = "suspended", "Links suspended"
    DISMISSED = "dismissed"
    LIFTED = "lifted", "Suspension lifted"


class DownloadAbuseAlert(models.Model):
    """An order whose links were used from too many networks within the window; the
    download events of that window are the evidence."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=16, choices=AbuseAlertStatus.choices, default=AbuseAlertStatus.OPEN
    )
    networks = models.PositiveIntegerField()
    downloads = models.PositiveIntegerField()
    window_start = models.DateTimeField()
    window_end = models.DateTimeField()
    evidence = models.JSONField(default=dict, help_text="Downloads per network and per link.")
    detected_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.CharField(max_length=200, blank=True)

    class Meta:
        # Named as the back office's menu names them: the links are what was shared.
        verbose_name = "link abuse alert"
        ordering = ["-detected_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["order"],
                condition=Q(status="open"),
                name="one_open_abuse_alert_per_order",
            )
        ]

    def __str__(self) -> str:
        return f"Abuse alert on order {self.order.number}"


class StampedCopy(models.Model):
    """One buyer's stamped copy of one asset of one order item, in private storage.
    `ready_at` is empty while a job makes (or remakes) it: the original is never served
    instead, the link page asks the buyer to wait."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="+")
    order_item = models.ForeignKey(
        OrderItem, on_delete=models.PROTECT, related_name="stamped_copies"
    )
    asset = models.ForeignKey(ComicAsset, on_delete=models.PROTECT, related_name="+")
    storage_name = models.CharField(max_length=500, blank=True)
    size_bytes = models.PositiveBigIntegerField(default=0)
    requested_at = models.DateTimeField()
    ready_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["order_item", "asset"], name="one_copy_per_item_asset")
        ]

    def __str__(self) -> str:
        return f"Stamped copy of asset {self.asset_id} for item {self.order_item_id}"
