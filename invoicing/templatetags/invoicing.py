from django import template

from invoicing.selectors import documents_of
from orders.models import Order

register = template.Library()


@register.simple_tag
def order_documents(order: Order) -> dict:
    issued, waiting = documents_of(order)
    return {"issued": issued, "waiting": waiting}
