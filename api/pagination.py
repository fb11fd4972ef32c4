from django.conf import settings
from rest_framework.exceptions import NotFound
from rest_framework_json_api.pagination import JsonApiPageNumberPagination

from api.exceptions import PageNotFound


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
            raise PageNotFound(self.page_query_param, str(exc.detail)) from exc
