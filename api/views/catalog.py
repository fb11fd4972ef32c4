from rest_framework.permissions import AllowAny

from api.query import QuerySpec
from api.serializers import ComicSerializer
from api.views.base import JsonApiViewSet
from catalog import selectors

FIELDS = {"comics": tuple(ComicSerializer.Meta.fields)}


class ComicViewSet(JsonApiViewSet):
    """The public catalog: comics that are for sale."""

    serializer_class = ComicSerializer
    lookup_value_regex = "[0-9]{1,18}"
    permission_classes = [AllowAny]
    query_specs = {
        "list": QuerySpec(
            sort=("title", "price_amount", "created_at"), fields=FIELDS, paginated=True
        ),
        "retrieve": QuerySpec(fields=FIELDS),
    }
    ordering_fields = query_specs["list"].sort

    def get_queryset(self):
        return selectors.comics_for_sale().order_by("title", "pk")
