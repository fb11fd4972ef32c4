from django import template

from morpheus.money import format_money

register = template.Library()


@register.filter
def money(amount: int | None, currency: str) -> str:
    return format_money(amount, currency)
