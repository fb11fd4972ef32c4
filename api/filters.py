"""The list's order: the client's `sort`, then the primary key, so that rows tying on the
sort (orders of the same total) keep one order from page to page. An amount is sorted
within its currency, the currencies from A to Z: minor units of two currencies are not
comparable (outside probe HD-5: 1.000 KWD, 1000 fils, came before €8.99, 899 cents)."""

from rest_framework_json_api.filters import OrderingFilter

TIE_BREAKERS = {"pk", "-pk", "id", "-id"}
AMOUNTS = {"total_amount", "price_amount"}


class StableOrderingFilter(OrderingFilter):
    def filter_queryset(self, request, queryset, view):
        ordered = super().filter_queryset(request, queryset, view)
        given = list(ordered.query.order_by) or list(ordered.model._meta.ordering)
        terms = [term for sorted_by in given for term in _within_currency(sorted_by)]
        if TIE_BREAKERS & set(terms):
            return ordered.order_by(*terms)
        return ordered.order_by(*terms, "pk")


def _within_currency(term) -> tuple:
    if isinstance(term, str) and term.lstrip("-") in AMOUNTS:
        return ("currency", term)
    return (term,)
