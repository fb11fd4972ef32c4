"""JSON:API resources. Types come from the models (`comics`, `orders`, `order-items`,
`download-links`); attribute names stay as in Python."""

import json
from typing import Any

from django.conf import settings
from django.core.validators import RegexValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework.relations import HyperlinkedIdentityField, ManyRelatedField
from rest_framework_json_api import serializers
from rest_framework_json_api.exceptions import Conflict
from rest_framework_json_api.relations import ResourceRelatedField

from api.exceptions import RelatedResourceNotFound, id_shown
from catalog.models import AssetFormat, Comic
from delivery.models import DownloadLink
from delivery.selectors import item_files_served, orders_downloads_refusals
from morpheus.money import MAX_MINOR
from orders.buyer import BILLING_ADDRESS_MAX, BUSINESS_NAME_MAX
from orders.models import Order, OrderItem
from orders.transitions import ENDED_STATUSES, OrderStatus
from payments.forms import STRIPE_ID_PATTERN
from payments.models import Payment
from payments.selectors import items_paid_back, orders_disputes, payment_refusal
from promotions.models import code_typed
from tax.countries import country_name
from tax.selectors import item_vat_recorded, order_vat_recorded

# The serializer context's key for `orders_downloads_refusals` of the orders answered.
DOWNLOADS_REFUSALS = "downloads_refusals"
# The serializer context's key for the disputes of the orders answered (`_read_now`).
DISPUTES = "disputes"
RATE = {"type": "string", "format": "decimal", "example": "27.00", "description": "Percent."}
CANNOT_BE_PAID = {
    "type": "string",
    "nullable": True,
    "description": "Why the pending order cannot be paid (or, costing nothing, completed) as "
    "it is, in the customer's words (null when it can, or is not pending): it holds a comic "
    "the customer owns or is paying for in another order, completes a series at a price that "
    "no longer holds, or comes to more than a card is charged at once (once repriced after it "
    "was placed: VAT added back when VIES refused a business's VAT number); its payment or "
    "completion is refused with the same words.",
}
ORDER_VAT = {
    "type": "object",
    "nullable": True,
    "description": "The VAT recorded with the order (null when the shop charges none): "
    "`added` on top of net prices, so `total_amount` is `subtotal_amount - discount_amount "
    "+ amount`, or included in them (sold to a business by reverse charge, the VAT a "
    "consumer would pay on them is taken off: `total_amount` is `subtotal_amount - "
    "discount_amount - tax_removed_amount`); its `rate` (null when the items' rates differ: each "
    "item gives its own) and the `country` it was charged for (ZZ: outside every VAT "
    "scheme); `reverse_charge` when the buyer's VAT number moved it to them.",
    "required": ["amount", "added", "rate", "country", "country_name", "reverse_charge"],
    "properties": {
        "amount": {"type": "integer", "description": "In minor units, as the other amounts."},
        "added": {"type": "boolean"},
        "rate": {**RATE, "nullable": True},
        "country": {"type": "string", "description": "ISO 3166 code."},
        "country_name": {"type": "string"},
        "reverse_charge": {"type": "boolean"},
    },
}
DISPUTE = {
    "type": "object",
    "nullable": True,
    "description": "The customer's bank disputing the order's payment (null when no dispute is "
    "open or lost): `open` while the bank decides (no download links meanwhile: the items' "
    "`downloadable` is false, their `files` still listed), `lost` once it gave the customer "
    "the payment back (the downloads are closed for good: the items list no `files`). "
    "`lost_amount`: what lost disputes took back, in minor units (less than `total_amount` "
    "when the bank took back part of it).",
    "required": ["state", "lost_amount"],
    "properties": {
        "state": {"type": "string", "enum": ["open", "lost"]},
        "lost_amount": {"type": "integer"},
    },
}
ITEM_VAT = {
    "type": "object",
    "nullable": True,
    "description": "The item's VAT (null when none was recorded), of what it cost less its "
    "discount: added on top or included, as the order's `vat` says.",
    "required": ["amount", "rate"],
    "properties": {"amount": {"type": "integer"}, "rate": RATE},
}


class ComicSerializer(serializers.ModelSerializer):
    for_sale = serializers.BooleanField(
        read_only=True,
        help_text="False for a comic no longer sold: it is listed only to those who own it.",
    )
    url = HyperlinkedIdentityField(view_name="api:comic-detail")  # links.self

    class Meta:
        model = Comic
        fields = ["title", "slug", "description", "price_amount", "currency", "for_sale", "url"]


ITEM_FILES = {
    "type": "array",
    "description": "The files the comic comes in, each a `format` a download link may ask "
    "for (`POST /api/v1/orders/{id}/downloads/{item}/links`); the first is the one a link "
    "gives when none is asked for. Empty once the item's download is closed for good: the "
    "item was refunded (`refunded_amount`, or a refund of it still waiting for Stripe), its "
    "whole order was refunded or canceled, or its order lost a dispute (`dispute`).",
    "items": {
        "type": "object",
        "required": ["format", "file_name", "size_bytes"],
        "properties": {
            "format": {"type": "string", "enum": list(AssetFormat.values)},
            "file_name": {"type": "string"},
            "size_bytes": {
                "type": "integer",
                "description": "What a download of it serves: the buyer's stamped copy once "
                "it is made, the original until then.",
            },
        },
    },
}


def _item_closed(item: OrderItem, context: dict[str, Any]) -> bool:
    """The item's download is closed for good: it was refunded, its order ended, or its order
    lost a dispute."""
    if item.refund_closed or item.order.status in ENDED_STATUSES:
        return True
    dispute = context.get(DISPUTES, {}).get(item.order_id)
    return dispute is not None and dispute.state == "lost"


def _read_now(orders: list[Order], context: dict[str, Any]) -> None:
    """Read in the request's transaction what the orders' `dispute` and their items'
    `downloadable` and `files` need: the included items are drawn by the renderer after it
    closed, where row-level security hides holds, suspensions and disputes."""
    refusals = context.setdefault(DOWNLOADS_REFUSALS, {})
    if unread := [o for o in orders if o.pk not in refusals]:
        refusals.update(orders_downloads_refusals(unread))
    disputes = context.setdefault(DISPUTES, {})
    unread = [order for order in orders if order.pk not in disputes]
    disputes.update(dict.fromkeys(order.pk for order in unread))
    disputes.update(orders_disputes(unread))


class OrderItemSerializer(serializers.ModelSerializer):
    comic = ResourceRelatedField(read_only=True)
    refunded_amount = serializers.SerializerMethodField(
        help_text="What refunds paid back of this item, in minor units: refunds of the item "
        "and its share of refunds of amounts (the order's page and the privacy export give "
        "the same). A refund that did not reach the customer (their bank sent it back) "
        "counts for nothing."
    )
    downloadable = serializers.SerializerMethodField(
        help_text="Whether a link to this item may be asked for now: its order is paid, not "
        "disputed, not being refunded, not held for a check of its VAT evidence and its links "
        "not paused for sharing, and the item was not refunded (the rule a link's 409 "
        "follows, which says why). False for good once the item or its order is refunded, "
        "or the order lost a dispute (its `files` are then empty); false for a while, its "
        "`files` still listed, while the order is held, paused or its dispute is open."
    )
    vat = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()

    class Meta:
        model = OrderItem
        fields = [
            "title",
            "unit_amount",
            "discount_amount",
            "refunded_amount",
            "downloadable",
            "vat",
            "files",
            "comic",
        ]

    def get_refunded_amount(self, item: OrderItem) -> int:
        paid_back = self.context.setdefault("items_paid_back", {})
        if item.order_id not in paid_back:
            paid_back[item.order_id] = items_paid_back(item.order)
        return paid_back[item.order_id].get(item.pk, 0)

    def get_downloadable(self, item: OrderItem) -> bool:
        if item.refund_closed:
            return False
        refusals = self.context.setdefault(DOWNLOADS_REFUSALS, {})
        if item.order_id not in refusals:
            refusals.update(orders_downloads_refusals([item.order]))
        return not refusals[item.order_id]

    @extend_schema_field(ITEM_FILES)
    def get_files(self, item: OrderItem) -> list[dict[str, Any]]:
        if _item_closed(item, self.context):
            return []
        return [
            {
                "format": file.asset.format,
                "file_name": file.asset.file_name,
                "size_bytes": file.size_bytes,
            }
            for file in item_files_served(item)
        ]

    @extend_schema_field(ITEM_VAT)
    def get_vat(self, item: OrderItem) -> dict[str, Any] | None:
        tax = item_vat_recorded(item)
        return None if tax is None else {"amount": tax.tax, "rate": f"{tax.rate:.2f}"}


class OrderListSerializer(serializers.ListSerializer):
    """The orders of a page: why each gives no downloads now, and its dispute, are read once
    for all of them (the included items share this context; one order reads its own,
    `OrderSerializer.to_representation`)."""

    def to_representation(self, data: Any) -> list[dict[str, Any]]:
        orders = list(data)
        _read_now(orders, self.context)
        return super().to_representation(orders)


class OrderSerializer(serializers.ModelSerializer):
    items = ResourceRelatedField(many=True, read_only=True)
    discount_amount = serializers.IntegerField(read_only=True)
    vat = serializers.SerializerMethodField()
    cannot_be_paid = serializers.SerializerMethodField()
    dispute = serializers.SerializerMethodField()
    url = HyperlinkedIdentityField(view_name="api:order-detail")  # links.self
    included_serializers = {"items": OrderItemSerializer}

    class Meta:
        model = Order
        list_serializer_class = OrderListSerializer
        fields = [
            "number",
            "status",
            "currency",
            "subtotal_amount",
            "discount_amount",
            "tax_added_amount",
            "tax_removed_amount",
            "total_amount",
            "refunded_amount",
            "vat",
            "cannot_be_paid",
            "dispute",
            "created_at",
            "paid_at",
            "fulfilled_at",
            "delivered_at",
            "canceled_at",
            "refunded_at",
            "items",
            "url",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Order) -> dict[str, Any]:
        _read_now([instance], self.context)
        return super().to_representation(instance)

    @extend_schema_field(DISPUTE)
    def get_dispute(self, order: Order) -> dict[str, Any] | None:
        dispute = self.context[DISPUTES].get(order.pk)
        return None if dispute is None else dispute._asdict()

    @extend_schema_field(ORDER_VAT)
    def get_vat(self, order: Order) -> dict[str, Any] | None:
        vat = order_vat_recorded(order)
        if vat is None:
            return None
        return {
            "amount": vat.amount,
            "added": vat.added,
            "rate": None if vat.rate is None else f"{vat.rate:.2f}",
            "country": vat.country,
            "country_name": country_name(vat.country),
            "reverse_charge": vat.reverse_charge,
        }

    @extend_schema_field(CANNOT_BE_PAID)
    def get_cannot_be_paid(self, order: Order) -> str | None:
        if order.status != OrderStatus.PENDING:
            return None
        return payment_refusal(order=order)


class PendingOrderSerializer(OrderSerializer):
    """A newly placed order, with what the client needs to pay it in the document's meta."""

    def get_root_meta(self, resource: Any, many: bool) -> dict[str, Any]:
        return {"payment": self.context["payment"]}


# The digits of PostgreSQL's largest bigint: no row has a longer id.
LONGEST_ID = 19


class ComicIdentifierField(ResourceRelatedField):
    """An identifier of another type is a validation error of this field, not a conflict; a
    comic that does not exist is a 404, as JSON:API requires of a related resource."""

    def to_internal_value(self, data: Any) -> Comic:
        identifier = data.get("id") if isinstance(data, dict) else None
        if not (
            isinstance(identifier, str)
            and identifier.isascii()
            and identifier.isdigit()
            and not identifier.startswith("0")
        ):
            # JSON:API ids are strings; a number (4.99, 1e400) must not buy comic 4, nor "04"
            # pass as another comic than "4" (outside probe ID-3: listed beside "4", it was
            # merged unsaid where "4" twice is refused).
            raise serializers.ValidationError(
                'A comic\'s id is a string of digits not starting with 0, such as "4".'
            )
        # One answer, in our words, whatever the length of the id (outside probe GA-4: two
        # codes and Django REST framework's "Invalid pk"); Python refuses to read an int of
        # 4,300 digits, and no row has an id longer than a bigint's.
        missing = RelatedResourceNotFound(
            "/data/relationships/comics",
            f"There is no comic {id_shown(identifier)}.",
        )
        if len(identifier) > LONGEST_ID:
            raise missing
        try:
            return super().to_internal_value(data)
        except Conflict as exc:
            raise serializers.ValidationError(str(exc.detail)) from exc
        except serializers.ValidationError as exc:
            if exc.get_codes() == ["does_not_exist"]:
                raise missing from exc
            raise


class ComicsField(ManyRelatedField):
    """Refuses an oversized list before looking up any of its comics."""

    def to_internal_value(self, data: Any) -> list[Comic]:
        limit = settings.API_MAX_COMICS_PER_ORDER
        if not isinstance(data, list):  # an object's keys would be read as its comics
            raise serializers.ValidationError(
                'A list of comics, such as [{"type": "comics", "id": "4"}].'
            )
        if len(data) > limit:
            raise serializers.ValidationError(f"At most {limit} comics fit in one order.")
        comics = super().to_internal_value(data)  # each identifier's own refusal first (HP-1)
        if (twice := _listed_twice(data)) is not None:
            # The schema's `uniqueItems` (outside probe HO-2: the repeat was merged unsaid).
            # Two identifiers of one comic that differ (one with `meta`) are valid, and merged.
            raise serializers.ValidationError(
                f"Each comic once: comic {twice['id']} is listed twice."
            )
        return comics


def _listed_twice(items: list) -> dict | None:
    """The first identifier that the list holds twice, equal as JSON; None when none is."""
    seen = set()
    for item in items:
        if not isinstance(item, dict):
            continue
        key = json.dumps(item, sort_keys=True)
        if key in seen:
            return item
        seen.add(key)
    return None


class JsonBooleanField(serializers.BooleanField):
    """A JSON `true` or `false`, nothing else: DRF's own also takes "yes", "on", 1..., which
    the schema does not promise and a client's typo should not turn into an order."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class JsonStringField(serializers.CharField):
    """A JSON string, nothing else: DRF's own turns a number (5) into "5", which a code
    field would then refuse as no such code (422) instead of as the wrong type (400)."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class JsonIntegerField(serializers.IntegerField):
    """A JSON integer, nothing else: DRF's own also takes "1344" and 1344.0, which the schema
    does not promise."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class OrderCreateSerializer(serializers.Serializer):
    """Either `comics` (a to-many relationship) or `from_cart: true` (the cart's comics and
    bundles), never both; optionally a `discount_code`, and the buyer's `country` with their
    `vat_number` (and a business's `business_name` and `billing_address`), which the VAT app
    checks as the cart's checkout does, left out of an order that costs nothing (as is the
    business of the last declaration it takes without a `country`: `api.views.orders`)."""

    comics = ComicsField(
        child_relation=ComicIdentifierField(queryset=Comic.objects.all()), required=False
    )
    from_cart = JsonBooleanField(required=False, default=False)
    # Trimmed; a code of spaces alone is no code, as in the checkout's form.
    discount_code = JsonStringField(required=False, allow_blank=True, max_length=40)
    # As typed, not trimmed nor upper-cased: the schema's pattern is the whole contract.
    country = JsonStringField(
        required=False,
        trim_whitespace=False,
        validators=[
            RegexValidator(
                r"\A[A-Z]{2}\Z", 'A country is its ISO 3166-1 alpha-2 code, such as "FR".'
            )
        ],
    )
    # Empty or spaces alone: no number, a consumer's order, as in the cart's form.
    vat_number = JsonStringField(required=False, allow_blank=True, max_length=20)
    # Required with a VAT number (api.views.orders), ignored without one.
    business_name = JsonStringField(required=False, allow_blank=True, max_length=BUSINESS_NAME_MAX)
    billing_address = JsonStringField(
        required=False, allow_blank=True, max_length=BILLING_ADDRESS_MAX
    )

    class Meta:
        resource_name = "orders"

    def validate_discount_code(self, code: str) -> str:
        """As the cart spells it: what prints nothing alone is no code (outside probe
        GT-7: a lone zero-width space answered "No such code.", spaces alone no code), and
        `$$$` is none of the shop's (HR-1: it placed the order at full price)."""
        return code_typed(code)

    def validate_comics(self, comics: list[Comic]) -> list[Comic]:
        if not comics:
            raise serializers.ValidationError("An order needs at least one comic.")
        # A to-many relationship is a set, as JSON:API adds a member already in one no
        # second time: the same comic named twice (with and without `meta`, say) is one.
        return list({comic.pk: comic for comic in comics}.values())

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if ("comics" in attrs) == attrs["from_cart"]:
            raise serializers.ValidationError(
                {"comics": "Give the comics to order, or set from_cart to true (not both)."}
            )
        return attrs


class DownloadLinkSerializer(serializers.ModelSerializer):
    """A current link's terms. Its URL was shown once, when it was issued."""

    title = serializers.CharField(source="order_item.title")
    file_name = serializers.CharField(source="asset.file_name")
    format = serializers.CharField(source="asset.format")
    downloads_left = serializers.IntegerField(read_only=True)
    usable = serializers.BooleanField(read_only=True)

    class Meta:
        model = DownloadLink
        fields = [
            "title",
            "file_name",
            "format",
            "expires_at",
            "max_downloads",
            "downloads_left",
            "usable",
        ]


class PaymentStartSerializer(serializers.Serializer):
    """A payment method from Stripe.js or a mobile SDK (`pm_…`): its id, never card data."""

    payment_method = serializers.RegexField(regex=STRIPE_ID_PATTERN)
    total_amount = JsonIntegerField(
        required=False,
        min_value=0,
        max_value=MAX_MINOR,
        help_text="The order's `total_amount` the client showed: when the order now costs "
        "another amount (repriced since: a VAT rate or a VAT number VIES refused), nothing is "
        "charged and the answer is 409, naming the new total. Without it, the order's total "
        "at the time of the request is charged.",
    )

    class Meta:
        resource_name = "payments"


class PaymentLinkField(HyperlinkedIdentityField):
    """The attempt's own address (`links.self`), under its order, by its resource `id`."""

    def get_url(self, obj: Payment, view_name: str, request: Any, format: Any) -> str:
        return self.reverse(view_name, args=[obj.order_id, obj.pk], request=request)


class PaymentSerializer(serializers.ModelSerializer):
    """A payment attempt as its client follows it. `client_secret` (for Stripe.js's
    `confirmCardPayment`, 3-D Secure) is filled in only in the answer to
    `POST …/payments/{attempt}/authenticate` while the attempt `requires_action`: it comes
    from Stripe, which reads of the attempt never ask."""

    order = ResourceRelatedField(read_only=True)
    url = PaymentLinkField(view_name="api:order-payment")
    failure_message = serializers.CharField(source="customer_failure_message")
    client_secret = serializers.SerializerMethodField()
    stripe_publishable_key = serializers.SerializerMethodField()
    duplicate_refund = serializers.SerializerMethodField(
        help_text="Set when the order does not count this charge, which went through after "
        "the order was canceled or after another attempt paid it: the state of its refund "
        "(to_refund, refund_pending, refunded, refund_failed); null otherwise."
    )

    class Meta:
        model = Payment
        fields = [
            "attempt",
            "status",
            "amount",
            "currency",
            "failure_message",
            "duplicate_refund",
            "client_secret",
            "stripe_publishable_key",
            "order",
            "url",
        ]
        read_only_fields = fields

    def get_duplicate_refund(self, payment: Payment) -> str | None:
        duplicate = getattr(payment, "duplicate", None)
        return duplicate.status if duplicate is not None else None

    def get_client_secret(self, payment: Payment) -> str | None:
        return self.context.get("client_secret")

    def get_stripe_publishable_key(self, payment: Payment) -> str:
        return settings.STRIPE_PUBLISHABLE_KEY


class DownloadLinkFileSerializer(serializers.Serializer):
    """The file a new link gives: one of the item's `files`, by its format. Without a body,
    or without `format`, the first of them."""

    format = serializers.ChoiceField(choices=AssetFormat.choices, required=False)

    class Meta:
        resource_name = "download-links"


class IssuedLinkSerializer(serializers.Serializer):
    """A link just issued: its URL is shown this once and serves one download."""

    id = serializers.IntegerField(source="link_id")
    title = serializers.CharField()
    file_name = serializers.CharField()
    url = serializers.SerializerMethodField()
    expires_at = serializers.DateTimeField()
    max_downloads = serializers.IntegerField()

    class Meta:
        resource_name = "download-links"

    def get_url(self, link: Any) -> str:
        return self.context["request"].build_absolute_uri(link.path)
