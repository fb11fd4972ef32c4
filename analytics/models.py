from django.db import models

from orders.models import Order


class BusinessEventKind(models.TextChoices):
    ORDER_CREATED = "order_created"
    PAYMENT_ATTEMPTED = "payment_attempted"
    PAYMENT_FAILED = "payment_failed"
    PAYMENT_SUCCEEDED = "payment_succeeded"
    FULFILLED = "fulfilled"
    FIRST_DOWNLOAD = "first_download"
    # The rise of the order's refunded total; minus a paid refund's amount when the
    # customer's bank sent it back (`REFUND_TAKEN_BACK_KEY`).
    REFUND = "refund"
    DISPUTE = "dispute"
    # A lost dispute's amount; negative when the dispute is won after all.
    CHARGEBACK = "chargeback"
    ORDER_CANCELED = "order_canceled"


# A paid refund the customer's bank sent back is a refund of minus its amount, its key
# "<order id>:refund_taken_back:<the provider's refund id>".
REFUND_TAKEN_BACK_KEY = "refund_taken_back:"


class BusinessEvent(models.Model):
    """Append-only facts for the dashboard's charts; `event_key` makes recording idempotent."""

    kind = models.CharField(max_length=32, choices=BusinessEventKind.choices)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField(default=0, help_text="Minor units.")
    currency = models.CharField(max_length=3)
    occurred_at = models.DateTimeField()
    event_key = models.CharField(max_length=120, unique=True)

    class Meta:
        indexes = [models.Index(fields=["kind", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.order_id}"
