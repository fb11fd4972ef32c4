from rest_framework.permissions import AllowAny
from rest_framework_json_api.views import ReadOnlyModelViewSet

from api.serializers import ComicSerializer
from catalog import selectors


class ComicViewSet(ReadOnlyModelViewSet):
    """The public catalog: comics that are for sale."""

    serializer_class = ComicSerializer
    lookup_value_regex = "[0-9]+"
    permission_classes = [AllowAny]
    ordering_fields = ["title", "price_amount", "created_at"]

    def get_queryset(self):
        return selectors.comics_for_sale().order_by("title", "pk")
