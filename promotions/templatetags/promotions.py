from django import template

from promotions import session_code
from promotions.cart import CartDiscount, cart_discount
from promotions.models import Bundle

register = template.Library()


@register.simple_tag(takes_context=True)
def cart_code_discount(context, comics, currency) -> CartDiscount | None:
    """The cart page's preview of the code the customer typed."""
    code = session_code.get(context["request"].session)
    return cart_discount(code=code, comics=list(comics), currency=currency)


@register.simple_tag
def bundles_for_sale() -> list[Bundle]:
    """Each with its comics: the catalog shows their covers and counts them."""
    return list(Bundle.objects.filter(is_active=True).prefetch_related("comics"))
