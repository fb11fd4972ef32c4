from django.conf import settings
from django.db import models
from django.db.models import Q
from djstripe.enums import DisputeStatus

from morpheus.models import currency_is_iso, currency_supported
from orders.models import Order, OrderItem
from payments.messages import customer_message


class PaymentStatus(models.TextChoices):
    CREATING = "creating", "Being sent to Stripe"
    REQUIRES_ACTION = "requires_action", "Awaiting customer authentication"
    PROCESSING = "processing", "Processing at Stripe"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    CANCELED = "canceled"


OPEN_PAYMENT_STATUSES = (
    PaymentStatus.CREATING,
    PaymentStatus.REQUIRES_ACTION,
    PaymentStatus.PROCESSING,
)


# Stripe's card brand codes as customers know them.
CARD_BRANDS = {
    "amex": "American Express",
    "cartes_bancaires": "Cartes Bancaires",
    "diners": "Diners Club",
    "discover": "Discover",
    "eftpos_au": "eftpos",
    "jcb": "JCB",
    "mastercard": "Mastercard",
    "unionpay": "UnionPay",
    "visa": "Visa",
}


class Payment(models.Model):
    """One attempt to pay an order: one Stripe PaymentIntent."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="payments")
    attempt = models.PositiveSmallIntegerField()
    idempotency_key = models.CharField(max_length=100, unique=True, editable=False)
    stripe_payment_intent_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    stripe_charge_id = models.CharField(max_length=255, blank=True, default="", db_index=True)
    # The card the customer gave for this attempt: the same one sent again is a repeat of
    # the request, another one may replace an attempt waiting for 3-D Secure.
    payment_method_id = models.CharField(max_length=255, blank=True, default="", db_default="")
    amount = models.PositiveBigIntegerField()
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.CREATING
    )
    failure_code = models.CharField(max_length=100, blank=True)
    failure_message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    succeeded_at = models.DateTimeField(null=True, blank=True)
    # The card that paid, for the customer's receipt (recorded by a job after success).
    card_brand = models.CharField(max_length=20, blank=True, default="", db_default="")
    card_last4 = models.CharField(max_length=4, blank=True, default="", db_default="")
    # A failed attempt after which the pay page began another card's check: until that card
    # makes an attempt of its own, the pay page (on any device) says the last attempt did not
    # finish rather than repeat this one's failure.
    next_card_check_at = models.DateTimeField(
        "another card's check began", null=True, blank=True, editable=False
    )
    # Stripe answered that the attempt's PaymentIntent is canceled (our cancel, or its
    # webhook): nothing of this attempt can be charged any more.
    intent_canceled_at = models.DateTimeField(
        "canceled at Stripe", null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["order", "attempt"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.UniqueConstraint(fields=["order", "attempt"], name="one_payment_per_attempt"),
            currency_supported("payment_currency_supported"),
        ]

    def __str__(self) -> str:
        return f"{self.order.number} attempt {self.attempt}"

    @property
    def card_label(self) -> str:
        """ "Visa ending in 4242", or "" while the card is not known."""
        if not self.card_last4:
            return ""
        brand = CARD_BRANDS.get(self.card_brand, self.card_brand.title() or "Card")
        return f"{brand} ending in {self.card_last4}"

    @property
    def customer_failure_message(self) -> str:
        """Why it failed, in our words for the customer; `failure_message` keeps Stripe's
        own text for staff."""
        if self.status != PaymentStatus.FAILED:
            return ""
        return customer_message(self.failure_code)


class RefundStatus(models.TextChoices):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    # Never sent to Stripe: Stripe had paid back an earlier refund of the order after all.
    NOT_SENT = "not_sent", "Not sent"


# The refunds that paid nothing back and never will.
REFUNDS_ENDED_UNPAID = (RefundStatus.FAILED, RefundStatus.NOT_SENT)


class Refund(models.Model):
    """A staff refund, written before Stripe is asked (its id is Stripe's idempotency key),
    or a refund made at Stripe directly, recorded when Stripe reports it (`external`)."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="refunds")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount = models.PositiveBigIntegerField()
    currency = models.CharField(max_length=3)
    reason = models.TextField()
    status = models.CharField(
        max_length=16, choices=RefundStatus.choices, default=RefundStatus.PENDING
    )
    stripe_refund_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    failure_message = models.TextField(blank=True)
    external = models.BooleanField(default=False)
    actor = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    succeeded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order", "created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_amount_positive"),
            currency_supported("refund_currency_supported"),
        ]

    def __str__(self) -> str:
        return f"Refund {self.pk} of {self.order.number}"

    @property
    def idempotency_key(self) -> str:
        return f"refund-{self.pk}"


class RefundLine(models.Model):
    """The part of a refund that pays back one item: refunding an item closes its links."""

    refund = models.ForeignKey(Refund, on_delete=models.PROTECT, related_name="lines")
    order_item = models.ForeignKey(OrderItem, on_delete=models.PROTECT, related_name="refund_lines")
    amount = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["refund", "order_item"]
        constraints = [
            models.UniqueConstraint(fields=["refund", "order_item"], name="item_once_per_refund"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="refund_line_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.order_item} in refund {self.refund_id}"


class DuplicateStatus(models.TextChoices):
    TO_REFUND = "to_refund", "To refund"
    REFUND_PENDING = "refund_pending", "Refund being sent to Stripe"
    REFUNDED = "refunded", "Refunded"
    REFUND_FAILED = "refund_failed", "Refund failed"


class DuplicatePayment(models.Model):
    """A charge the order does not count: a PaymentIntent of another attempt that succeeded
    for an order already paid (`duplicate_of`, the attempt that paid it: two tabs, a late
    3-D Secure), or for an order canceled before Stripe charged (no `duplicate_of`). It is
    paid back whole, at payment level: the order's refunded total, status, download links
    and invoice never see it. The charge's refund is asked once per staff request
    (`refund_attempt`, Stripe's idempotency key), and confirmed by Stripe's answer or by
    `charge.refunded` for its charge."""

    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="duplicate")
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="duplicate_payments")
    duplicate_of = models.ForeignKey(
        Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="duplicated_by"
    )
    amount = models.PositiveBigIntegerField()
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=20, choices=DuplicateStatus.choices, default=DuplicateStatus.TO_REFUND
    )
    # How many refunds staff asked for (one more after each refusal): the idempotency key's
    # counter, so a job's retries repeat one request and a new request is a new one.
    refund_attempt = models.PositiveSmallIntegerField(default=0)
    stripe_refund_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    refund_reason = models.TextField(blank=True)
    refund_actor = models.CharField(max_length=200, blank=True)
    failure_message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    refund_requested_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order", "created_at"]
        constraints = [currency_is_iso("duplicate_payment_currency_iso")]

    def __str__(self) -> str:
        return f"Duplicate charge {self.pk} of {self.order.number}"

    @property
    def idempotency_key(self) -> str:
        return f"duplicate-refund-{self.payment_id}-{self.refund_attempt}"

    @property
    def is_refundable(self) -> bool:
        """Staff may ask for its refund: none asked yet, or the last one Stripe refused."""
        return self.status in (DuplicateStatus.TO_REFUND, DuplicateStatus.REFUND_FAILED)


class StripeCustomer(models.Model):
    """The Stripe Customer that holds a user's saved cards (SetupIntent flow)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stripe_customer"
    )
    stripe_customer_id = models.CharField(max_length=255, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.stripe_customer_id


# Stripe's dispute statuses, as dj-stripe declares them; `warning_*` ones are inquiries.
CLOSED_DISPUTE_STATUSES = (DisputeStatus.won, DisputeStatus.lost, DisputeStatus.warning_closed)


class Dispute(models.Model):
    """One Stripe dispute (chargeback or inquiry) of one of our payments, as its events
    last described it. A closed dispute never reopens, whatever order the events come in."""

    stripe_dispute_id = models.CharField(max_length=255, unique=True)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="disputes")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="disputes")
    reason = models.CharField(max_length=100, blank=True)
    amount = models.PositiveBigIntegerField()
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=32, choices=DisputeStatus.choices)
    evidence_due_by = models.DateTimeField(null=True, blank=True)
    funds_withdrawn_at = models.DateTimeField(null=True, blank=True)
    funds_reinstated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "created_at"]
        constraints = [currency_is_iso("dispute_currency_iso")]

    def __str__(self) -> str:
        return self.stripe_dispute_id

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_DISPUTE_STATUSES

    @property
    def is_inquiry(self) -> bool:
        """An inquiry (`warning_*`): no funds are taken unless it becomes a dispute."""
        return self.status.startswith("warning_")
