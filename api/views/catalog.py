from rest_framework.permissions import AllowAny

from api.exceptions import CallerNeeded
from api.query import QuerySpec
from api.serializers import ComicSerializer
from api.views.base import JsonApiViewSet
from catalog import selectors
from orders.selectors import comics_owned

FIELDS = {"comics": tuple(ComicSerializer.Meta.fields)}


class ComicViewSet(JsonApiViewSet):
    """The public catalog: comics that are for sale. `filter[owned]=false` leaves out the
    comics the caller owns already, `true` keeps only those; it needs a caller (outside
    probe FH-4: a client that lost its token was told it owned nothing)."""

    serializer_class = ComicSerializer
    lookup_value_regex = "[0-9]{1,18}"
    permission_classes = [AllowAny]
    query_specs = {
        "list": QuerySpec(
            sort=("title", "price_amount", "created_at"),
            fields=FIELDS,
            filters={"filter[owned]": ("true", "false")},
            paginated=True,
        ),
        "retrieve": QuerySpec(fields=FIELDS),
    }
    ordering_fields = query_specs["list"].sort

    def get_queryset(self):
        comics = selectors.comics_for_sale().order_by("title", "pk")
        owned_filter = self.request.query_params.get("filter[owned]")
        if self.action != "list" or owned_filter is None:
            return comics
        if not self.request.user.is_authenticated:
            raise CallerNeeded(
                "filter[owned]",
                "filter[owned] is about the comics you own: send your API token "
                "(Authorization: Bearer …) or sign in.",
            )
        owned = comics_owned(customer=self.request.user)
        if owned_filter == "true":
            return comics.filter(pk__in=owned)
        return comics.exclude(pk__in=owned)
