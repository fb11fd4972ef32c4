from django import template

from backoffice.result_list import result_list
from morpheus.money import format_money

register = template.Library()


@register.filter
def money(amount: int | None, currency: str) -> str:
    return format_money(amount, currency)


@register.inclusion_tag("backoffice/order_list_results.html")
def order_result_list(cl):
    """The order list's table, rendered by `backoffice.result_list` (cheap per row)."""
    return result_list(cl)
