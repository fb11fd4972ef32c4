"""The list's order: the client's `sort`, then the primary key, so that rows tying on the
sort (orders of the same total) keep one order from page to page."""

from rest_framework_json_api.filters import OrderingFilter

TIE_BREAKERS = {"pk", "-pk", "id", "-id"}


class StableOrderingFilter(OrderingFilter):
    def filter_queryset(self, request, queryset, view):
        ordered = super().filter_queryset(request, queryset, view)
        terms = list(ordered.query.order_by) or list(ordered.model._meta.ordering)
        if TIE_BREAKERS & set(terms):
            return ordered
        return ordered.order_by(*terms, "pk")
