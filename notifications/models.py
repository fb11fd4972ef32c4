from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from orders.models import Order


class EmailKind(models.TextChoices):
    ORDER_RECEIVED = "order_received", "Order received"
    PAYMENT_FAILED = "payment_failed", "Payment failed"
    DOWNLOADS_READY = "downloads_ready", "Your downloads are ready"
    REFUND_ISSUED = "refund_issued", "Refund issued"
    FILE_UPDATED = "file_updated", "A comic file was updated"
    LINKS_SUSPENDED = "links_suspended", "Download links suspended"
    PAYMENT_RECEIVED = "payment_received", "Payment received (with the invoice)"
    CREDIT_NOTE = "credit_note", "Credit note"
    CHARGE_REFUNDED = "charge_refunded", "A charge the order does not count, refunded"
    INVOICE_COPY = "invoice_copy", "A copy of the invoice, sent again"
    ORDER_REPRICED = "order_repriced", "Order repriced"
    REFUND_FAILED = "refund_failed", "A refund made did not reach the customer"
    DEBIT_NOTE = "debit_note", "Debit note (a refund that did not reach the customer)"
    ORDER_CANCELED = "order_canceled", "Order canceled (by staff, or unpaid in time)"


class EmailWithheld(models.TextChoices):
    NO_LONGER_DUE = "no_longer_due", "No longer due when its job ran"
    ERASURE = "erasure", "The customer asked for their account's erasure"
    ADDRESS_UNCONFIRMED = "address_unconfirmed", "Until the customer confirms their address"
    TURNED_OFF = "turned_off", "The customer turned these emails off"
    GIFT = "gift", "Staff gave the comics: the downloads email tells the customer"


class EmailDelivery(models.Model):
    """One customer email per (kind, event key): a retried job finds it sent and stops."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="emails")
    kind = models.CharField(max_length=32, choices=EmailKind.choices)
    event_key = models.CharField(max_length=100)
    recipient = models.EmailField()
    sent_at = models.DateTimeField(null=True, blank=True)
    # Why a run of its job sent nothing (staff read it on the order page); a later run that
    # sends it sets `sent_at`, which is what counts.
    withheld = models.CharField(
        max_length=20, choices=EmailWithheld.choices, blank=True, default="", db_default=""
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["order", "kind", "event_key"], name="one_email_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.order_id}"


class EmailPreference(models.Model):
    """What a customer chose to receive beyond the emails about their orders' progress."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preference"
    )
    file_updates = models.BooleanField(
        default=True, help_text="Email me fresh links when a comic I bought gets a new file."
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Email preferences of user {self.user_id}"


class EmailAddress(models.Model):
    """An address a customer gave us; `verified_at` once they followed the link we sent to
    it. Download links are emailed only to a verified address (or a guest's own)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_addresses"
    )
    email = models.EmailField()
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When its last confirmation link was sent: the change form sent again soon after (a
    # double click) sends none, however long ago the address was first asked for.
    link_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "email addresses"  # outside probe CM-4: "Email addresss: 1"
        constraints = [
            models.UniqueConstraint(Lower("email"), "user", name="email_address_once_per_user")
        ]

    def __str__(self) -> str:
        return self.email
