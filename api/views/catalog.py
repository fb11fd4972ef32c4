from rest_framework.permissions import AllowAny

from api.exceptions import CallerNeeded
from api.query import QuerySpec, fields_selectable
from api.selectors import comics_listed
from api.serializers import ComicSerializer
from api.views.base import JsonApiViewSet

FIELDS = {"comics": fields_selectable(ComicSerializer)}


class ComicViewSet(JsonApiViewSet):
    """The public catalog: comics that are for sale, and for a caller those they own, for
    sale or not (`for_sale`). `filter[owned]=false` leaves out the comics the caller owns
    already, `true` keeps only those; it needs a caller (outside probe FH-4: a client that
    lost its token was told it owned nothing)."""

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
        owned_filter = self.request.query_params.get("filter[owned]")
        asked = self.action == "list" and owned_filter is not None
        if asked and not self.request.user.is_authenticated:
            raise CallerNeeded(
                "filter[owned]",
                "filter[owned] is about the comics you own: send your API token "
                "(Authorization: Bearer …) or sign in.",
            )
        comics, owned = comics_listed(customer=self.request.user)
        comics = comics.order_by("title", "pk")
        if not asked:
            return comics
        if owned_filter == "true":
            return comics.filter(pk__in=owned)
        return comics.exclude(pk__in=owned)
