from django import template
from django.conf import settings

from morpheus.money import (
    above_maximum_charge,
    below_minimum_charge,
    format_display,
    maximum_charge,
    minimum_charge,
    share_above_maximum_charge,
)
from orders.models import Order
from promotions.cart import CartContents, CartDiscount, cart_line_amounts
from tax import checkout
from tax.countries import country_in_words as in_words
from tax.countries import country_name as name_of
from tax.countries import country_shown as shown
from tax.errors import InvalidVatNumber
from tax.models import OrderTaxEvidence
from tax.models import percent as percent_shown
from tax.selectors import items_paid, order_evidence_shown, order_vat_refund_words
from tax.vat_numbers import vat_number_clean, vat_number_country

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


@register.simple_tag
def cart_business_code_problem(
    vat: checkout.VatShown | None, discount: CartDiscount | None, currency: str
) -> str:
    """Why a business cannot use the code the cart takes off ("" when it can): the cart
    checks it on a consumer's total, and a business's price by reverse charge can fall
    under what a card can be charged (outside probe BL-5: the cart showed a business
    price of €0.44 and the checkout placed the order at €8.64, without the code)."""
    if vat is None or vat.business_to_pay is None or discount is None or not discount.amount:
        return ""
    if not below_minimum_charge(vat.business_to_pay, currency):
        return ""
    return (
        f"With a VAT number, code {discount.code} would bring the total to "
        f"{format_display(vat.business_to_pay, currency)} (no VAT: reverse charge), less than "
        f"a card can be charged ({format_display(minimum_charge(currency), currency)}): a "
        "business cannot use it on this order. Add another comic, or check out without a VAT "
        "number."
    )


@register.simple_tag
def cart_above_maximum_charge(
    cart: CartContents,
    discount: CartDiscount | None,
    vat: checkout.VatShown | None,
    vat_number_typed: str = "",
) -> str:
    """Why the cart cannot be paid as it is ("" when it can): it comes to more than a card is
    charged at once, and the checkout would refuse it (`orders.services.
    order_chargeable_check`). Said before Checkout is pressed, for the price the cart shows:
    a business's once a VAT number is typed (outside probe CO-2)."""
    if not cart.currency:
        return ""
    business = None if vat is None else vat.business_to_pay
    as_business = business is not None and _number_of(vat_number_typed, vat.country)
    if as_business:
        to_pay = business
    elif vat is not None:
        to_pay = vat.to_pay
    else:
        to_pay = discount.to_pay if discount is not None and discount.amount else cart.total
    if not above_maximum_charge(to_pay, cart.currency):
        return ""
    most = format_display(maximum_charge(cart.currency), cart.currency)
    too_much = (
        f"Your cart comes to {format_display(to_pay, cart.currency)}"
        f"{' without VAT (reverse charge)' if as_business else ''}, more than a card can be "
        f"charged at once ({most})"
    )
    if (
        not as_business
        and business is not None
        and not above_maximum_charge(business, cart.currency)
    ):
        # Outside probe CL-1: a business buying it by reverse charge was told to remove some.
        apart = len(_parts(cart)) > 1 and not _above_alone(cart, to_pay)
        return (
            f"{too_much} with VAT. A business with a valid VAT number pays "
            f"{format_display(business, cart.currency)} (reverse charge) and can check it out "
            f"as it is{'; or remove some, and buy them in another order' if apart else ''}."
        )
    return f"{too_much}{_cart_advice(cart, to_pay)}"


def _number_of(typed: str, country: str) -> bool:
    """Whether `typed` is a well-formed VAT number of `country`, which the checkout would
    take for the reverse charge (outside probe CP-2: a refused number, or one of another
    country, had the cart state the business's amount)."""
    try:
        return vat_number_country(vat_number_clean(typed)) == country
    except InvalidVatNumber:
        return False


def _cart_advice(cart: CartContents, to_pay: int) -> str:
    parts, alone = _parts(cart), _above_alone(cart, to_pay)
    if len(parts) > 1 and alone:
        # Outside probe CO-1: "Remove some" did not say that this one can never be paid.
        verb = "comes" if len(alone) == 1 else "come"
        return f": {' and '.join(alone)} alone {verb} to more than that."
    if len(parts) > 1:
        return ". Remove some to check out, and buy them in another order."
    return ": no card can pay it."


def _above_alone(cart: CartContents, to_pay: int) -> list[str]:
    """What the cart sells that alone comes to more than a card is charged at once."""
    parts = _parts(cart)
    whole = sum(price for _, price in parts)
    return [
        title
        for title, price in parts
        if share_above_maximum_charge(price, whole=whole, total=to_pay, currency=cart.currency)
    ]


def _parts(cart: CartContents) -> list[tuple[str, int]]:
    """Each thing the cart sells with its price before VAT and codes: a comic, or a bundle
    (which cannot be bought in part). Each one's share of what the cart comes to is in
    proportion to it."""
    return [(comic.title, comic.price_amount) for comic in cart.singles] + [
        (offer.bundle.title, offer.price) for offer in cart.for_sale
    ]


@register.simple_tag(takes_context=True)
def cart_vat_on_top(context, cart) -> checkout.VatOnTop | None:
    """With net prices, the VAT added on top of a line, for the cart's code preview."""
    return checkout.cart_vat_on_top(request=context["request"], currency=cart.currency)


@register.simple_tag
def prices_before_vat() -> bool:
    """Catalogue prices are net: the cart adds the VAT of the buyer's country."""
    return settings.TAX_MODE == "oss" and not settings.TAX_PRICES_INCLUDE_TAX


@register.simple_tag(takes_context=True)
def bundle_business(context, offer) -> checkout.BusinessBuysNow | None:
    """What a business whose last declaration will be reverse-charged pays for the bundle
    bought now (None for anyone else, and for a bundle at nothing: its order takes no
    business, `promotions.bundles.bundle_order_create`)."""
    user = context["request"].user
    if not user.is_authenticated or not offer.price:
        return None
    return checkout.business_buys_now(
        customer_id=user.pk, amounts=list(offer.shares.values()), currency=offer.bundle.currency
    )


@register.simple_tag
def order_vat(order: Order) -> checkout.VatShown | None:
    return checkout.order_vat(order)


@register.simple_tag
def order_business(order: Order) -> OrderTaxEvidence | None:
    """The VAT evidence of an order bought by a business, whose name and billing address its
    invoice prints; None for a consumer's order."""
    evidence = order_evidence_shown(order=order)
    return evidence if evidence is not None and evidence.business_name else None


@register.simple_tag
def vat_refund_words(order: Order) -> str:
    """Why the order was refunded, when Finance refunded it for its VAT evidence (the refund
    email says it); "" otherwise."""
    return order_vat_refund_words(order_id=order.pk)


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
def country_in_words(code: str) -> str:
    """As a sentence names it: "from the Netherlands" (outside probe DD-2)."""
    return in_words(code)


@register.filter
def country_shown(code: str) -> str:
    return shown(code)


@register.filter
def percent(rate) -> str:
    """A VAT rate as people write it: 7, 5.5, 25.5."""
    return percent_shown(rate)
