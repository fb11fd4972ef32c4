from django.conf import settings
from rest_framework.exceptions import NotFound
from rest_framework_json_api.pagination import JsonApiPageNumberPagination

from api.exceptions import PageNotFound
from api.query import NO_SUCH_PAGE


class Pagination(JsonApiPageNumberPagination):
    """`page[number]` and `page[size]` (checked in `api.query`) up to API_MAX_PAGE_SIZE; a page
    past the last one is a 404 naming `page[number]`."""

    @property
    def max_page_size(self) -> int:
        return settings.API_MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound as exc:
            # Django REST framework says "Invalid page.": one wording for every page past
            # the last, however far (`api.query` refuses the far ones before any query).
            raise PageNotFound(self.page_query_param, NO_SUCH_PAGE) from exc
