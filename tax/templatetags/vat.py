from django import template
from django.conf import settings

from orders.models import Order
from promotions.cart import cart_line_amounts
from tax import checkout
from tax.countries import country_name as name_of
from tax.countries import country_shown as shown
from tax.models import OrderTaxEvidence
from tax.selectors import items_paid, order_evidence

register = template.Library()


@register.simple_tag(takes_context=True)
def cart_vat(context, cart, discount=None) -> checkout.VatShown | None:
    """The cart's VAT (each comic as the order will charge it) for the country chosen on
    the page."""
    return checkout.cart_vat(
        request=context["request"],
        amounts=cart_line_amounts(contents=cart, discount=discount),
        currency=cart.currency,
    )


@register.simple_tag(takes_context=True)
def cart_vat_on_top(context, cart) -> checkout.VatOnTop | None:
    """With net prices, the VAT added on top of a line, for the cart's code preview."""
    return checkout.cart_vat_on_top(request=context["request"], currency=cart.currency)


@register.simple_tag
def prices_before_vat() -> bool:
    """Catalogue prices are net: the cart adds the VAT of the buyer's country."""
    return settings.TAX_MODE == "oss" and not settings.TAX_PRICES_INCLUDE_TAX


@register.simple_tag
def order_vat(order: Order) -> checkout.VatShown | None:
    return checkout.order_vat(order)


@register.simple_tag
def order_business(order: Order) -> OrderTaxEvidence | None:
    """The VAT evidence of an order bought by a business, whose name and billing address its
    invoice prints; None for a consumer's order."""
    evidence = order_evidence(order_id=order.pk)
    return evidence if evidence is not None and evidence.business_name else None


@register.simple_tag
def order_items_paid(order: Order) -> dict[int, int]:
    """What each of the order's items paid (item pk -> amount), as its invoice line's total."""
    return items_paid(order=order)


@register.filter
def paid_for(paid: dict[int, int] | str, item) -> int:
    """The item's amount in `order_items_paid` (without it: its price less its discount)."""
    return paid.get(item.pk, item.paid_amount) if paid else item.paid_amount


@register.filter
def country_name(code: str) -> str:
    return name_of(code)


@register.filter
def country_shown(code: str) -> str:
    return shown(code)


@register.filter
def percent(rate) -> str:
    """A VAT rate as people write it: 7, 5.5, 25.5."""
    return f"{rate.normalize():f}"
