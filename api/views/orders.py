from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework_json_api.views import ReadOnlyModelViewSet

from api import selectors as api_selectors
from api.exceptions import InvalidQueryParameter
from api.payment import payment_instructions
from api.serializers import (
    DownloadLinkSerializer,
    OrderCreateSerializer,
    OrderSerializer,
    PendingOrderSerializer,
)
from api.throttling import OrderCreateThrottle
from morpheus.middleware import respond_in_request_transaction
from orders import selectors, services
from orders.actors import actor_for
from orders.models import Order
from orders.transitions import OrderStatus

STATUS_FILTER = "filter[status]"


INCLUDE = OpenApiParameter("include", enum=["items"], required=False)
SPARSE_FIELDS = OpenApiParameter("fields[orders]", str, required=False)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(STATUS_FILTER, enum=OrderStatus.values, required=False),
            INCLUDE,
            SPARSE_FIELDS,
        ]
    ),
    retrieve=extend_schema(parameters=[INCLUDE, SPARSE_FIELDS]),
)
class OrderViewSet(ReadOnlyModelViewSet):
    """The caller's orders. Row-level security hides everyone else's, so they are 404s."""

    serializer_class = OrderSerializer
    lookup_value_regex = "[0-9]+"
    ordering_fields = ["created_at", "total_amount"]
    # Creating an order asks Stripe for a SetupIntent: that call waits until the request's
    # transaction has committed (see `dispatch`), so the middleware opens none.
    outside_request_transaction = True
    placed: Order | None = None

    def dispatch(self, request, *args, **kwargs):
        response = respond_in_request_transaction(
            request, lambda: super(OrderViewSet, self).dispatch(request, *args, **kwargs)
        )
        if self.placed is not None and response.status_code == status.HTTP_201_CREATED:
            response.data.serializer.context["payment"] = payment_instructions(
                request=self.request, order=self.placed, customer=self.request.user
            )
        return response

    def get_queryset(self) -> QuerySet[Order]:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return Order.objects.none()
        orders = selectors.orders_for_customer(customer=self.request.user)
        if self.action == "list":
            return orders.filter(**self._status_filter())
        return orders

    def _status_filter(self) -> dict[str, str]:
        wanted = self.request.query_params.get(STATUS_FILTER)
        if wanted is None:
            return {}
        if wanted not in OrderStatus.values:
            raise InvalidQueryParameter(STATUS_FILTER, f"Unknown status {wanted!r}.")
        return {"status": wanted}

    def get_serializer_class(self):
        return {
            "create": OrderCreateSerializer,
            "downloads": DownloadLinkSerializer,
        }.get(self.action, OrderSerializer)

    def get_throttles(self):
        return [OrderCreateThrottle()] if self.action == "create" else []

    @extend_schema(request=OrderCreateSerializer, responses={201: PendingOrderSerializer})
    def create(self, request: Request) -> Response:
        """The order, placed in this request's transaction; `dispatch` adds how to pay it
        once that transaction has committed."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        order = self._place_order(serializer.validated_data)
        self.placed = order
        placed = selectors.orders_for_customer(customer=request.user).get(pk=order.pk)
        output = PendingOrderSerializer(
            placed, context={**self.get_serializer_context(), "payment": None}
        )
        return Response(output.data, status=status.HTTP_201_CREATED)

    def _place_order(self, validated: dict) -> Order:
        actor = actor_for(self.request.user)
        if validated["from_cart"]:
            return services.order_create_from_cart(customer=self.request.user, actor=actor)
        return services.order_create_for_comics(
            customer=self.request.user, comics=validated["comics"], actor=actor
        )

    @extend_schema(request=None, responses={200: OrderSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        order = services.order_transition(
            name="cancel",
            order=self.get_object(),
            actor=actor_for(request.user),
            reason="Canceled by the customer through the API",
        )
        return Response(OrderSerializer(order, context=self.get_serializer_context()).data)

    @extend_schema(responses={200: DownloadLinkSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def downloads(self, request: Request, pk: str) -> Response:
        links = api_selectors.download_links_current(order=self.get_object())
        return Response(self.get_serializer(links, many=True).data)
