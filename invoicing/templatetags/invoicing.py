from django import template

from invoicing.selectors import documents_of, invoice_waiting
from orders.models import Order

register = template.Library()


@register.simple_tag
def order_documents(order: Order) -> list:
    return list(documents_of(order))


@register.simple_tag
def order_invoice_waiting(order: Order) -> bool:
    return invoice_waiting(order)
