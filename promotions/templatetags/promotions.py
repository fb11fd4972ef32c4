from collections.abc import Callable

from django import template

from orders.models import Order, OrderItem
from promotions import selectors, session_code
from promotions.bundles import BundleOffer, bundle_offers
from promotions.cart import (
    CartContents,
    CartDiscount,
    bundles_in_cart,
    cart_contents,
    cart_discount,
)

register = template.Library()


@register.simple_tag(takes_context=True)
def cart_summary(context, comics) -> CartContents:
    """The cart page's comics and bundles, each bundle at what the customer would pay."""
    customer = context["request"].user
    return cart_contents(
        customer=customer, comics=list(comics), bundles=bundles_in_cart(customer=customer)
    )


@register.simple_tag(takes_context=True)
def cart_code_discount(
    context, contents: CartContents, vat_on_top: Callable[[int], int] | None = None
) -> CartDiscount | None:
    """The cart page's preview of the code the customer typed (`vat_on_top`: the VAT the
    cart adds on top of a line, with net prices)."""
    request = context["request"]
    code = session_code.get(request.session)
    return cart_discount(
        code=code, contents=contents, customer=request.user, vat_on_top=vat_on_top or None
    )


@register.simple_tag(takes_context=True)
def cart_code_kept(context) -> str:
    """The code the cart keeps ("" when none)."""
    return session_code.get(context["request"].session)


@register.simple_tag(takes_context=True)
def cart_shown_digest(context, contents: CartContents) -> str:
    """For the cart's checkout forms: what the page lists and the code it takes."""
    return contents.digest(session_code.get(context["request"].session))


@register.simple_tag(takes_context=True)
def bundle_offers_for_sale(context) -> list[BundleOffer]:
    """Each bundle for sale at what the signed-in customer would pay for it, with its
    comics: the catalog shows their covers and counts them (a bundle left without any
    sells nothing, and is not listed)."""
    bundles = [
        bundle
        for bundle in selectors.bundles_for_sale().prefetch_related("comics")
        if bundle.comics.all()
    ]
    return bundle_offers(bundles=bundles, customer=context["request"].user)


@register.simple_tag
def order_items_with_bundles(order: Order) -> list[tuple[OrderItem, str]]:
    """The order's items, each with the title of the bundle it was bought in."""
    return selectors.order_items_with_bundles(order=order)
