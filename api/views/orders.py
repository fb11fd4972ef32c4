import math
import re
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from api import selectors as api_selectors
from api import services as api_services
from api.exceptions import AttributeRefused, InvalidHeader, LimitReached
from api.parsers import refuse_missing_resource_object
from api.payment import payment_instructions
from api.query import QuerySpec, fields_selectable
from api.schema import (
    IDEMPOTENCY_KEY,
    IDEMPOTENCY_KEY_HEADER,
    IDEMPOTENCY_KEY_PATTERN,
    MEDIA_TYPE,
    order_create_resource,
)
from api.serializers import (
    DownloadLinkFileSerializer,
    DownloadLinkSerializer,
    IssuedLinkSerializer,
    OrderCreateSerializer,
    OrderItemSerializer,
    OrderSerializer,
    PaymentSerializer,
    PaymentStartSerializer,
    PendingOrderSerializer,
)
from api.throttling import OrderCreateThrottle
from api.views.base import JsonApiViewSet
from delivery import errors as delivery_errors
from delivery import services as delivery_services
from delivery.selectors import orders_with_files
from morpheus.errors import DomainError
from morpheus.middleware import request_rls, respond_in_request_transaction
from morpheus.throttles import Decision, throttle_forgive_one, throttle_hit
from orders import errors, selectors, services
from orders.actors import actor_for, customer_actor
from orders.buyer import BuyerDeclaration, declaration_sent, declaration_unasked
from orders.models import Order
from orders.transitions import OrderStatus
from payments import services as payment_services
from payments.errors import PaymentsLimited
from payments.models import Payment
from payments.paying import card_payment_start
from payments.selectors import orders_with_refunds_paid
from promotions.cart import cart_contents
from promotions.checkout import business_left_out_when_free, cart_checkout, cart_declaration
from promotions.errors import PromotionError
from promotions.selectors import cart_line_count, order_parts
from promotions.services import discount_apply
from tax import errors as tax_errors
from tax.selectors import orders_with_vat
from tax.services import declaration_check

FIELDS = {
    "orders": fields_selectable(OrderSerializer),
    "order-items": fields_selectable(OrderItemSerializer),
}


class OrderViewSet(JsonApiViewSet):
    """The caller's orders. Row-level security hides everyone else's, so they are 404s."""

    serializer_class = OrderSerializer
    bodiless_actions = frozenset({"cancel", "complete_free", "payment_authenticate"})
    lookup_value_regex = "[0-9]{1,18}"
    query_specs = {
        "list": QuerySpec(
            sort=("created_at", "total_amount"),
            include=("items",),
            fields=FIELDS,
            filters={"filter[status]": tuple(OrderStatus.values)},
            paginated=True,
        ),
        "retrieve": QuerySpec(include=("items",), fields=FIELDS),
    }
    ordering_fields = query_specs["list"].sort
    # Creating an order asks Stripe for a SetupIntent: that call waits until the request's
    # transaction has committed (see `dispatch`), so the middleware opens none.
    outside_request_transaction = True
    # Paying may ask Stripe before it writes (`payment_start`), and the 3-D Secure client
    # secret comes from Stripe (`payment_authenticate`): these actions open short
    # transactions of their own instead of the request's.
    own_transaction_actions = ("payment_start", "payment_authenticate")
    placed: api_services.PlacedOrder | None = None

    def dispatch(self, request, *args, **kwargs):
        if self._in_own_transactions(request):
            response = super().dispatch(request, *args, **kwargs)
        else:
            response = respond_in_request_transaction(
                request, lambda: super(OrderViewSet, self).dispatch(request, *args, **kwargs)
            )
        if self.placed is not None and response.status_code == status.HTTP_201_CREATED:
            response.data.serializer.context["payment"] = payment_instructions(
                request=self.request,
                order=self.placed.order,
                customer=self.request.user,
                replayed=self.placed.replayed,
            )
        return response

    def _in_own_transactions(self, request) -> bool:
        return self.action_map.get(request.method.lower()) in self.own_transaction_actions

    def initial(self, request: Request, *args, **kwargs) -> None:
        """Outside the request's transaction, a token's owner is still looked up in one
        (its row-level security scope lives in a transaction). The scope opened is the
        session's: asking the DRF request would authenticate before the transaction."""
        if not self._in_own_transactions(request):
            return super().initial(request, *args, **kwargs)
        with request_rls(request._request):
            return super().initial(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Order]:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return Order.objects.none()
        orders = selectors.orders_for_customer(customer=self.request.user)
        if self.action in ("list", "retrieve"):  # what their documents show of each item
            orders = orders_with_refunds_paid(orders_with_files(orders_with_vat(orders)))
        status_filter = self.request.query_params.get("filter[status]")
        if self.action == "list" and status_filter is not None:
            return orders.filter(status=status_filter)
        return orders

    def get_serializer_class(self):
        return {
            "create": OrderCreateSerializer,
            "downloads": DownloadLinkSerializer,
            "payment_start": PaymentStartSerializer,
            "payment": PaymentSerializer,
            "payment_authenticate": PaymentSerializer,
            "link": DownloadLinkFileSerializer,
        }.get(self.action, OrderSerializer)

    def get_throttles(self):
        if self.action != "create":
            return []
        self.order_throttle = OrderCreateThrottle()
        return [self.order_throttle]

    def throttled(self, request: Request, wait: float | None) -> None:
        """Past the order limit: the API's wording for every limit, with `Retry-After`."""
        seconds = max(1, math.ceil(wait or 0))
        raise LimitReached(
            Decision(limit="api_order_create", allowed=False, retry_after_seconds=seconds)
        )

    @extend_schema(
        request={MEDIA_TYPE: order_create_resource()},
        responses={201: PendingOrderSerializer},
        parameters=[IDEMPOTENCY_KEY],
    )
    def create(self, request: Request) -> Response:
        """The order, placed in this request's transaction; `dispatch` adds how to pay it
        once that transaction has committed. With an `Idempotency-Key` it may be the order
        that key placed before, answered again as when it was placed but for its card check:
        a replay asks Stripe for no SetupIntent."""
        try:
            key = _idempotency_key(request)
            if not request.data:
                refuse_missing_resource_object()
            serializer = self.get_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            placed = self._place_order(serializer.validated_data, idempotency_key=key)
        except Exception:
            counted = self.order_throttle.count_refused_replay(request)
            if counted is not None and not counted.allowed:
                raise LimitReached(counted) from None
            raise
        self.placed = placed
        customers_orders = selectors.orders_for_customer(customer=request.user)
        order = orders_with_vat(customers_orders).get(pk=placed.order.pk)
        output = PendingOrderSerializer(
            order, context={**self.get_serializer_context(), "payment": None}
        )
        headers = {
            "Location": request.build_absolute_uri(reverse("api:order-detail", args=[order.pk]))
        }
        if placed.replayed:
            headers["Idempotent-Replayed"] = "true"
        return Response(output.data, status=status.HTTP_201_CREATED, headers=headers)

    def _place_order(
        self, validated: dict, *, idempotency_key: str | None
    ) -> api_services.PlacedOrder:
        customer = self.request.user
        try:
            if idempotency_key is None:
                return api_services.PlacedOrder(order=self._order_new(validated), replayed=False)
            return api_services.order_place_once(
                customer=customer,
                key=idempotency_key,
                document=self.request.data,
                place=lambda: self._order_new(validated),
            )
        except errors.AlreadyOwned as refusal:
            # As the cart page does: comics bought since they were added leave the cart (the
            # 409 commits that), so ordering the cart again orders the rest.
            if validated["from_cart"] and (dropped := services.cart_drop_owned(customer=customer)):
                raise errors.AlreadyOwned(
                    _taken_out_of_the_cart(refusal=refusal, customer=customer, dropped=dropped)
                ) from refusal
            raise

    def _order_new(self, validated: dict) -> Order:
        """The order and its code, or nothing at all: a code that does not apply refuses
        the whole document (the customer decides whether to buy at full price)."""
        customer, actor = self.request.user, actor_for(self.request.user)
        declaration = self._declaration(validated)
        with transaction.atomic():
            try:
                if validated["from_cart"]:
                    order = cart_checkout(customer=customer, actor=actor, declaration=declaration)
                else:
                    order = services.order_create_for_comics(
                        customer=customer,
                        comics=validated["comics"],
                        actor=actor,
                        declaration=declaration,
                    )
            except tax_errors.BusinessRefused as refusal:  # the last declaration's, unsent
                raise AttributeRefused({refusal.attribute: [refusal.api_message]}) from refusal
            except errors.ComicUnavailable as refusal:
                if validated["from_cart"]:
                    raise
                # Refused for what the document names: a 422 pointing at the comics (outside
                # probe HJ-4: a 400 naming "comics 4").
                raise AttributeRefused({"comics": [refusal.api_message]}) from refusal
            code = validated.get("discount_code")
            if code:
                try:
                    order = discount_apply(order=order, code=code, customer=customer, actor=actor)
                except PromotionError as refusal:
                    raise AttributeRefused({"discount_code": [str(refusal)]}) from refusal
            services.order_chargeable_check(order=order, parts=order_parts(order=order))
        return order

    def _declaration(self, validated: dict) -> BuyerDeclaration:
        """The `country` and `vat_number` sent (a business's with its `business_name` and
        `billing_address`), refused as the cart's checkout refuses them before anything is
        placed, or left out of an order that costs nothing; without them, the customer's
        last declaration, its business left out of an order that costs nothing too."""
        if "country" not in validated:
            if validated.get("vat_number", "").strip():
                raise AttributeRefused(
                    {"country": ["Give the country you live in with your VAT number."]}
                )
            return self._business_left_out_when_free(validated, declaration_unasked(self.request))
        declaration = self._business_left_out_when_free(
            validated,
            declaration_sent(
                self.request,
                country=validated["country"],
                vat_number=validated.get("vat_number", ""),
                business_name=validated.get("business_name", ""),
                billing_address=validated.get("billing_address", ""),
            ),
        )
        try:
            declaration_check(declaration=declaration)
        except tax_errors.UnknownCountry as refusal:
            raise AttributeRefused({"country": [refusal.api_message]}) from refusal
        except tax_errors.BusinessRefused as refusal:
            raise AttributeRefused({refusal.attribute: [refusal.api_message]}) from refusal
        except tax_errors.InvalidVatNumber as refusal:
            detail = refusal.api_message or str(refusal)
            raise AttributeRefused({"vat_number": [detail]}) from refusal
        return declaration

    def _business_left_out_when_free(
        self, validated: dict, declaration: BuyerDeclaration
    ) -> BuyerDeclaration:
        """As the cart's checkout: an order its comics or its `discount_code` make free
        leaves out the VAT number, business name and billing address sent with it, neither
        checked nor kept, or those of the last declaration it takes without a `country`
        (placed at full price before the code is taken off, it had a German number refused
        with France, or kept with a reverse charge and a VIES check)."""
        customer, code = self.request.user, validated.get("discount_code", "")
        if validated["from_cart"]:
            return cart_declaration(customer=customer, declaration=declaration, code=code)
        return business_left_out_when_free(
            declaration=declaration,
            contents=cart_contents(customer=customer, comics=validated["comics"], bundles=[]),
            code=code,
            customer=customer,
        )

    @extend_schema(request=None, responses={200: OrderSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        """Cancel the caller's unpaid order. Sent again after the caller's own cancel (a
        retry), the answer is the same: the canceled order (outside probe HY-1: a 409
        "already canceled", as if another had). One staff or expiry canceled is a 409."""
        order = self.get_object()
        try:
            order = services.order_cancel_by_customer(
                order=order,
                actor=customer_actor(request.user.pk),
                reason="Canceled by the customer through the API",
            )
        except errors.CanceledByYouAlready:
            order = self.get_object()
        return Response(OrderSerializer(order, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses={200: OrderSerializer})
    @action(detail=True, methods=["post"], url_path="complete-free")
    def complete_free(self, request: Request, pk: str) -> Response:
        """An order with nothing to pay (a free comic, a 100 % code) becomes paid without a
        card, and is fulfilled like a paid one. Limited per customer, as on the site."""
        order = self.get_object()
        counted = (
            _counted_when_done("free_order_account", str(request.user.pk))
            if services.order_complete_free_turn(order=order)
            else nullcontext()
        )
        with counted:
            order = services.order_complete_free(order=order, actor=actor_for(request.user))
        return Response(OrderSerializer(order, context=self.get_serializer_context()).data)

    @extend_schema(responses={200: DownloadLinkSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def downloads(self, request: Request, pk: str) -> Response:
        links = api_selectors.download_links_current(order=self.get_object())
        return Response(self.get_serializer(links, many=True).data)

    @extend_schema(
        request=PaymentStartSerializer,
        responses={
            202: PaymentSerializer,
            502: OpenApiResponse(
                description="Stripe could not tell whether the attempt waiting "
                "for 3-D Secure has been paid: nothing was replaced, ask again."
            ),
        },
    )
    @action(detail=True, methods=["post"], url_path="payments")
    def payment_start(self, request: Request, pk: str) -> Response:
        """Start paying the order with a payment method from Stripe.js or a mobile SDK. A job
        asks Stripe once this request commits: follow the attempt (its `Location`) until it
        leaves `creating`. While an attempt is open, asking again returns it; another card
        in place of one waiting for 3-D Secure first cancels that one at Stripe; if the
        customer has passed it meanwhile, the answer is that attempt, charging nothing more."""
        # Outside the request's transaction (`own_transaction_actions`), as the pay page:
        # each read or write has its own transaction; the payment limits count in the one
        # that opens an attempt.
        with request_rls(request):
            order = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            payment = card_payment_start(
                request,
                order=order,
                payment_method_id=serializer.validated_data["payment_method"],
                shown_total=serializer.validated_data.get("total_amount"),
            )
        except PaymentsLimited as exc:
            raise LimitReached(exc.decision) from exc
        if payment is None:  # processing without an attempt of ours
            raise errors.TransitionNotAllowed(f"Order {order.number} is being paid already.")
        location = reverse("api:order-payment", args=[order.pk, payment.pk])
        return Response(
            PaymentSerializer(payment, context=self.get_serializer_context()).data,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": request.build_absolute_uri(location)},
        )

    @extend_schema(responses={200: PaymentSerializer})
    @action(detail=True, methods=["get"], url_path="payments/(?P<payment>[0-9]{1,18})")
    def payment(self, request: Request, pk: str, payment: str) -> Response:
        """A payment attempt as its client follows it, as often as it polls: it asks Stripe
        nothing, so its `client_secret` is always null. While the attempt `requires_action`
        (3-D Secure), `POST …/authenticate` gives the client secret. The path names the
        attempt by its resource `id`, as its `links.self` does."""
        return Response(self.get_serializer(self._payment(payment)).data)

    @extend_schema(
        request=None,
        responses={
            200: PaymentSerializer,
            502: OpenApiResponse(
                description="Stripe did not give the attempt's client secret: ask again."
            ),
        },
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="payments/(?P<payment>[0-9]{1,18})/authenticate",
        url_name="payment-authenticate",
    )
    def payment_authenticate(self, request: Request, pk: str, payment: str) -> Response:
        """The attempt with the PaymentIntent's `client_secret` while it waits for 3-D Secure,
        for Stripe.js's `confirmCardPayment` (or a mobile SDK) to put the bank's prompt up:
        ask once when the customer confirms, not while polling. It costs a call to Stripe, so
        it counts on the customer's limit of confirmations with the bank (shared with the pay
        page, THROTTLE_AUTHENTICATION_ACCOUNT). An attempt that waits no longer answers with
        its status and no client secret."""
        with request_rls(request):  # counted at once, whatever Stripe answers
            decision = throttle_hit(limit="authentication_account", value=str(request.user.pk))
            attempt = self._payment(payment) if decision.allowed else None
        if attempt is None:
            raise LimitReached(decision)
        # No transaction is open here. An attempt whose PaymentIntent Stripe no longer knows
        # fails, as on the pay page, and is answered as failed.
        client_secret = payment_services.payment_authentication_resume(
            payment=attempt, actor=actor_for(request.user)
        )
        context = {**self.get_serializer_context(), "client_secret": client_secret or None}
        # Read as the customer: the attempt's order, read as no one, was no order at all.
        with request_rls(request):
            if not client_secret:
                attempt.refresh_from_db()
            document = PaymentSerializer(attempt, context=context).data
        return Response(document, headers={"Cache-Control": "no-store"})

    def _payment(self, payment: str) -> Payment:
        """The order's payment attempt whose resource `id` the path names (its `attempt`,
        1, 2… within the order, is an attribute: `id`s are unique across orders)."""
        attempts = self.get_object().payments.select_related("duplicate")
        attempt = attempts.filter(pk=int(payment)).first()
        if attempt is None:
            raise NotFound("No such payment attempt.")
        return attempt

    @extend_schema(request=DownloadLinkFileSerializer, responses={201: IssuedLinkSerializer})
    @action(detail=True, methods=["post"], url_path="downloads/(?P<item>[0-9]{1,9})/links")
    def link(self, request: Request, pk: str, item: str) -> Response:
        """A fresh link to one item of a paid order, shown once: it serves one download
        within API_DOWNLOAD_LINK_TTL_SECONDS. The order's other links stay as they are. The
        body, optional, names the file by its `format`, one of the item's `files`; without
        it, the link gives the first of them (the one the emailed links give)."""
        order = self.get_object()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        file_format = serializer.validated_data.get("format")
        try:
            with _counted_when_done("api_download_link", str(request.user.pk)):
                issued = delivery_services.download_link_issue_one(
                    order=order,
                    item_id=int(item),
                    actor=actor_for(request.user),
                    file_format=file_format,
                )
        except delivery_errors.AssetMissing as refusal:
            if file_format is None:
                raise
            raise AttributeRefused({"format": [str(refusal)]}) from refusal
        data = IssuedLinkSerializer(issued, context=self.get_serializer_context()).data
        # The new link's address (the one download it serves) is where it is.
        headers = {"Location": data["url"]}
        return Response(data, status=status.HTTP_201_CREATED, headers=headers)


@contextmanager
def _counted_when_done(limit: str, value: str) -> Iterator[None]:
    """Count what the block does against `limit` (429 past it, before the block runs); a
    refusal of it is taken back off: the limit counts what was done, not what was refused
    (outside probe DS-1: four refused free completions used up the hour's free orders)."""
    _throttle(limit, value)
    try:
        yield
    except DomainError:
        throttle_forgive_one(limit=limit, value=value)
        raise


def _idempotency_key(request: Request) -> str | None:
    key = request.headers.get(IDEMPOTENCY_KEY_HEADER)
    if key is not None and not re.fullmatch(IDEMPOTENCY_KEY_PATTERN, key):
        raise InvalidHeader(
            IDEMPOTENCY_KEY_HEADER,
            "An Idempotency-Key is 1 to 255 printable ASCII characters but the comma, "
            "with no space at either end, sent once.",
        )
    return key


def _throttle(limit: str, value: str) -> None:
    """The web checkout's counters (morpheus/throttles.py), shared with it."""
    decision = throttle_hit(limit=limit, value=value)
    if not decision.allowed:
        raise LimitReached(decision)


def _taken_out_of_the_cart(
    *, refusal: errors.AlreadyOwned, customer: AbstractBaseUser, dropped: list[str]
) -> str:
    """The refusal of ordering the cart, then what became of the cart once the comics
    owned left it (outside probe BQ-4: "They were taken out of your cart: order it again."
    for one comic, "it" read as the comic just refused)."""
    it = "It was" if len(dropped) == 1 else "They were"
    if cart_line_count(customer=customer):
        return f"{refusal} {it} taken out of your cart; order the cart again for the rest."
    return f"{refusal} {it} taken out of your cart, which is now empty."
