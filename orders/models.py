from django.conf import settings
from django.db import models
from django.db.models import F, Func, Q
from django.db.models.fields.json import KT
from django.db.models.functions import Lower
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from catalog.models import Comic
from morpheus.models import currency_supported
from orders.transitions import TRANSITIONS_BY_NAME, OrderStatus


class OrderStatusField(FSMField):
    """The status column is the PostgreSQL enum `order_status` (see orders.sql)."""

    def db_type(self, connection) -> str:
        return "order_status"


def _fsm_transition(name: str):
    """A django-fsm transition method built from the shared transition table, named with a
    leading underscore: only `orders.services.order_transition` calls it."""
    spec = TRANSITIONS_BY_NAME[name]

    def method(self) -> None:
        """Moves the in-memory status; services persist it."""

    method.__name__ = f"_{name}"
    return transition(
        field="status", source=[s.value for s in spec.sources], target=spec.target.value
    )(method)


class Order(ConcurrentTransitionMixin, models.Model):
    number = models.CharField(max_length=32, unique=True, editable=False)
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders"
    )
    email = models.EmailField()
    currency = models.CharField(max_length=3)
    subtotal_amount = models.PositiveBigIntegerField()
    total_amount = models.PositiveBigIntegerField()
    refunded_amount = models.PositiveBigIntegerField(default=0)
    # What refunds still waiting for Stripe will pay back (payments records it).
    refund_pending_amount = models.PositiveBigIntegerField(default=0, db_default=0)
    # VAT added on top of net prices (TAX_PRICES_INCLUDE_TAX=false), part of the total.
    tax_added_amount = models.PositiveBigIntegerField(default=0, db_default=0)
    # Prices including VAT sold by reverse charge to a business: the VAT a consumer of its
    # country would pay on them, taken off the total (the business pays the net).
    tax_removed_amount = models.PositiveBigIntegerField(default=0, db_default=0)
    # How its prices were read when it was placed (TAX_PRICES_INCLUDE_TAX then): its VAT is
    # recorded and shown that way whatever the setting says later.
    prices_include_tax = models.BooleanField(default=True, db_default=True)
    status = OrderStatusField(
        choices=OrderStatus.choices, default=OrderStatus.PENDING, protected=True, max_length=16
    )
    # The status as text, kept by PostgreSQL: text equality is leakproof, so under
    # row-level security the staff list's status filter can use an index (enum equality
    # is not, and would wait for the policy on every row). Read-only; filter on it.
    status_text = models.GeneratedField(
        expression=Func(F("status"), function="public.order_status_text"),
        output_field=models.CharField(max_length=16),
        db_persist=True,
    )
    # The address in lower case, kept by PostgreSQL: the staff list's search by an
    # address's start matches it whatever case the buyer typed, by a text range (leakproof,
    # so under row-level security it uses its index; lower() in the query would not).
    email_lower = models.GeneratedField(
        expression=Lower("email"), output_field=models.CharField(max_length=254), db_persist=True
    )
    version = models.PositiveIntegerField(default=1)
    flagged_reason = models.TextField(blank=True, help_text="Why staff must look at this order.")
    disputed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    canceled_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)

    _submit_payment = _fsm_transition("submit_payment")
    _mark_paid = _fsm_transition("mark_paid")
    _complete_free = _fsm_transition("complete_free")
    _fail_payment = _fsm_transition("fail_payment")
    _abandon_payment = _fsm_transition("abandon_payment")
    _cancel = _fsm_transition("cancel")
    _fulfil = _fsm_transition("fulfil")
    _deliver = _fsm_transition("deliver")
    _refund = _fsm_transition("refund")
    _refund_bounce = _fsm_transition("refund_bounce")
    _refund_bounce_unfulfilled = _fsm_transition("refund_bounce_unfulfilled")

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # A customer's orders, newest first; `id` included because the row-level security
            # policy reads customer_id and id: a count under it reads this index only.
            models.Index(
                fields=["customer", "-created_at"],
                include=["id"],
                name="order_customer_newest_first",
            ),
            # The staff list: newest first, with the admin's "-pk" tie-break.
            models.Index(fields=["-created_at", "-id"], name="order_newest_first"),
            # Its status filter; the policy's column included, so counts read the index only.
            models.Index(
                fields=["status_text", "-created_at", "-id"],
                include=["customer"],
                name="order_status_newest_first",
            ),
            models.Index(fields=["paid_at"], name="order_paid_at"),
            # The list sorted by total: by currency, then amount, with the admin's "-pk"
            # tie-break; also its total filter (a range in each currency).
            models.Index(fields=["currency", "total_amount", "-id"], name="order_currency_total"),
            models.Index(fields=["currency"], name="order_currency"),
            # The yes side of the list's yes/no filters: few orders each.
            models.Index(
                fields=["-created_at", "-id"],
                condition=Q(refunded_amount__gt=0),
                name="order_refunded_newest_first",
            ),
            models.Index(
                fields=["-created_at", "-id"],
                condition=Q(disputed_at__isnull=False),
                name="order_disputed_newest_first",
            ),
            models.Index(
                fields=["-created_at", "-id"],
                condition=Q(flagged_reason__gt=""),
                name="order_flagged_newest_first",
            ),
            # Under forced RLS only leakproof operators use an index: plain text
            # comparisons are, upper() and LIKE are not; the admin searches by range.
            models.Index(fields=["email_lower"], name="order_email_lower"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(refunded_amount__lte=F("total_amount")), name="refund_within_total"
            ),
            currency_supported("order_currency_supported"),
        ]

    def __str__(self) -> str:
        return self.number

    def refresh_from_db(self, using=None, fields=None, from_queryset=None) -> None:
        """Reload from the database without django-fsm-2's mixin, which switches the shared
        status field's protection off and on around the reload: another thread assigning
        the status meanwhile would then fail. Writing the instance's own `__dict__` needs no
        switch and touches nothing shared."""
        wanted = None if fields is None else set(fields)
        if from_queryset is None:
            queryset = Order._base_manager.db_manager(using, hints={"instance": self}).all()
        else:
            queryset = from_queryset.using(using) if using else from_queryset
        self.take_state_of(queryset.get(pk=self.pk), fields=wanted)

    def take_state_of(self, fresh: "Order", fields: set[str] | None = None) -> None:
        """This copy becomes `fresh`, a copy of the same row read later (all its fields, or
        those named), as `refresh_from_db` makes it without reading the row again."""
        for field in self._meta.concrete_fields:
            if fields is None or field.attname in fields or field.name in fields:
                self.__dict__[field.attname] = fresh.__dict__[field.attname]
                if field.is_relation and field.is_cached(self):
                    field.delete_cached_value(self)
        if fields is None:
            self.__dict__.pop("_prefetched_objects_cache", None)
        self._state.db = fresh._state.db
        self._update_initial_state()

    @property
    def state_fields(self) -> tuple[models.Field, ...]:
        """The one field django-fsm-2's mixin guards. Its own lookup tests every field of
        the model on each instance loaded (a quarter of a millisecond per staff list)."""
        return (self._meta.get_field("status"),)

    @property
    def refundable_amount(self) -> int:
        return self.total_amount - self.refunded_amount

    @property
    def discount_amount(self) -> int:
        """What a discount code took off (promotions)."""
        return (
            self.subtotal_amount
            + self.tax_added_amount
            - self.tax_removed_amount
            - self.total_amount
        )


class OrderItem(models.Model):
    """A purchased comic, with its title and price frozen at purchase time."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items")
    comic = models.ForeignKey(Comic, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    unit_amount = models.PositiveIntegerField()
    # What refunds confirmed by Stripe paid back for this item (payments' refund lines).
    refunded_amount = models.PositiveBigIntegerField(default=0, db_default=0)
    # What this item's lines in refunds still waiting for Stripe will pay back.
    refund_pending_amount = models.PositiveBigIntegerField(default=0, db_default=0)
    # This item's share of the order's discount (promotions), allocated to the cent.
    discount_amount = models.PositiveIntegerField(default=0, db_default=0)

    class Meta:
        # As the customer bought them, wherever they are listed or named (a page's titles
        # came in whatever order PostgreSQL read the rows).
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "comic"], name="comic_once_per_order"),
            models.CheckConstraint(
                condition=Q(discount_amount__lte=F("unit_amount")), name="discount_within_price"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def paid_amount(self) -> int:
        """What the customer paid for this item."""
        return self.unit_amount - self.discount_amount

    @property
    def refund_closed(self) -> bool:
        """A refund of the item as a whole (pending or confirmed) pays back what was left of
        it (all it cost, less what refunds of amounts already took from it): its downloads
        are closed."""
        return self.refunded_amount + self.refund_pending_amount > 0


class OrderEventType(models.TextChoices):
    CREATED = "created", "Order placed"
    STATUS_CHANGED = "status_changed", "Status changed"
    PAYMENT_FAILED = "payment_failed", "Payment failed"
    FLAGGED = "flagged", "Flagged for staff"
    DISPUTED = "disputed"
    REFUND = "refund"
    NOTE = "note", "Staff note"
    DOWNLOAD_LINKS = "download_links", "Download links"
    COMP = "comp", "Given by staff"
    DISCOUNT = "discount", "Discount code"
    BUNDLE = "bundle"
    CLAIMED = "claimed", "Joined an account"
    VAT = "vat", "VAT evidence"
    # A charge the order does not count (a second payment, or one after a cancel) and its
    # refund: never part of the order's refunded total.
    DUPLICATE_PAYMENT = "duplicate_payment", "Duplicate payment"
    STAMPED_COPY = "stamped_copy", "Stamped copy"
    ADDRESS = "address", "Address changed"


class OrderEvent(models.Model):
    """Append-only history of an order. Status changes are written by the database trigger."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="events")
    type = models.CharField(max_length=32, choices=OrderEventType.choices)
    from_status = models.CharField(max_length=16, blank=True, default="")
    to_status = models.CharField(max_length=16, blank=True, default="")
    actor = models.CharField(max_length=200)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(db_default=models.Func(function="clock_timestamp"))

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["order", "created_at"])]
        constraints = [
            # A staff note's form, sent twice, records one note.
            models.UniqueConstraint(
                "order",
                KT("data__form_key"),
                condition=Q(type="note", data__has_key="form_key"),
                name="order_note_once_per_form",
            )
        ]

    def __str__(self) -> str:
        return f"{self.order_id} {self.type}"


class Cart(models.Model):
    customer = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cart"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Cart of {self.customer}"


class CartItem(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items")
    comic = models.ForeignKey(Comic, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "comic"], name="comic_once_per_cart"),
        ]

    def __str__(self) -> str:
        return f"{self.comic} in {self.cart}"
