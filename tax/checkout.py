"""The VAT the cart and the order pages show the buyer, read-only."""

from dataclasses import dataclass, replace
from decimal import Decimal

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from morpheus.db_context import system_scope
from morpheus.errors import DomainError
from morpheus.money import above_maximum_charge, charge_step, format_money, maximum_charge
from orders.buyer import BuyerDeclaration
from orders.models import Order
from orders.transitions import OrderStatus
from tax.arithmetic import split_inclusive, tax_on_net
from tax.countries import ELSEWHERE, OUTSIDE_EVERY_SCHEME, country_in_words
from tax.models import ItemTax, OrderTaxEvidence, ViesStatus, percent
from tax.selectors import (
    countries_charged,
    declaration_last_offered,
    declared_country_last,
    order_evidence_shown,
    rate_for,
    vies_refused,
)
from tax.services import (
    COMIC_CATEGORY,
    business_declared,
    business_price,
    declaration_check,
    reverse_charge_for,
)
from tax.vat_numbers import vat_number_clean


@dataclass(frozen=True)
class VatShown:
    country: str
    rate: Decimal
    tax: int
    to_pay: int  # with the VAT, when prices are net
    added: bool  # prices are net: the VAT comes on top
    reverse_charge: bool = False
    countries: tuple[str, ...] = ()
    # In a cart that costs something, when a business of its country pays by reverse charge:
    # what it pays. With prices including VAT, each line less the VAT a consumer pays on it
    # (`business_price`); with VAT on top, the price alone.
    business_to_pay: int | None = None
    # An order sold by reverse charge at prices including VAT: the VAT taken off them.
    removed: int = 0
    # The minor units a card is charged in (10 in a three-decimal currency): the VAT taken
    # off each price is rounded to them, so it can differ from the VAT the prices include by
    # a few fils, which the pages say (outside probe BL-8).
    step: int = 1
    # The country is the shop's default: the buyer neither chose nor ever declared one.
    assumed: bool = False

    @property
    def none_because(self) -> str:
        """Why no VAT is charged, in the buyer's words ("" when VAT is charged, even at 0 %)."""
        if self.reverse_charge:
            return "No VAT: reverse charge"
        if self.country == ELSEWHERE:
            return f"No VAT: {OUTSIDE_EVERY_SCHEME}"
        return ""


@dataclass(frozen=True)
class VatOnTop:
    """With net prices, the VAT the cart adds on top of a line of `net` (as the order will
    record it): the cart's code preview checks that a card can pay what is left with it."""

    rate: Decimal
    step: int
    do_not_call_in_templates = True  # handed from tag to tag on the cart page

    def __call__(self, net: int) -> int:
        return tax_on_net(net, self.rate, step=self.step)


@dataclass(frozen=True)
class CartCountry:
    code: str
    rate: Decimal
    offered: tuple[str, ...]
    assumed: bool  # the shop's default, neither chosen nor declared


def _cart_country(request: HttpRequest) -> CartCountry:
    """The country the buyer picks (`?country=`, a code exactly as the list has it, as the
    checkout takes it: "fr" showed France chosen above the checkout's refusal of it, outside
    probe BK-9), else the one they declared last time, else the shop's default; its rate
    today; the countries offered."""
    today = timezone.now().date()
    known = request.user.is_authenticated and declared_country_last(customer_id=request.user.pk)
    with system_scope():  # the rates are public; only their table is staff's
        countries = tuple(countries_charged(on=today))
        country = request.GET.get("country", "")
        assumed = False
        if country not in countries:
            # A country declared last that is offered no more (Finance ended its rules) is
            # no choice either: the list could not show it, and the checkout took the one it
            # showed (outside probe HT-2: the cart said Luxembourg, the order Austria).
            known = known if known in countries else ""
            country = known or settings.TAX_DEFAULT_COUNTRY
            assumed = not known
        rate = rate_for(country=country, category=COMIC_CATEGORY, on=today)
    return CartCountry(country, rate, countries, assumed)


def cart_vat_on_top(*, request: HttpRequest, currency: str) -> VatOnTop | None:
    """The VAT the cart adds on top of each line (None when prices include it, or none is
    charged), for the country chosen on the page."""
    if settings.TAX_MODE == "none" or settings.TAX_PRICES_INCLUDE_TAX or not currency:
        return None
    return VatOnTop(_cart_country(request).rate, charge_step(currency))


def cart_vat(*, request: HttpRequest, amounts: list[int], currency: str) -> VatShown | None:
    """The cart's VAT for the country the buyer picks (`?country=`), else the one they
    declared last time, else the shop's default: per line, on what each line will cost in
    the order (`amounts`: a bundle's comics one by one, the discount taken off)."""
    if settings.TAX_MODE == "none" or not amounts:
        return None
    chosen = _cart_country(request)
    country, rate, countries = chosen.code, chosen.rate, chosen.offered
    business = None
    if reverse_charge_for(country) and sum(amounts):  # a free cart has no business price
        business = sum(amounts)
        if settings.TAX_PRICES_INCLUDE_TAX:
            business = sum(business_price(amount, rate, currency) for amount in amounts)
    if settings.TAX_PRICES_INCLUDE_TAX:
        tax = sum(split_inclusive(amount, rate)[1] for amount in amounts)
        return VatShown(
            country,
            rate,
            tax,
            sum(amounts),
            False,
            countries=countries,
            business_to_pay=business,
            step=charge_step(currency),
            assumed=chosen.assumed,
        )
    tax = sum(VatOnTop(rate, charge_step(currency))(amount) for amount in amounts)
    return VatShown(
        country,
        rate,
        tax,
        sum(amounts) + tax,
        True,
        countries=countries,
        business_to_pay=business,
        assumed=chosen.assumed,
    )


@dataclass(frozen=True)
class BusinessBuysNow:
    """What a business pays for an order placed without the cart's form ("Buy the bundle
    now"), which takes the country and VAT number it declared last: by reverse charge."""

    country: str
    vat_number: str
    rate: Decimal
    to_pay: int
    added: bool  # prices are net: no VAT is added to them


def business_buys_now(
    *, customer_id: int, amounts: list[int], currency: str
) -> BusinessBuysNow | None:
    """For a page quoting `amounts` to a customer whose last declaration will be
    reverse-charged (a VAT number of another EU country, with its business's name and
    address): what the business pays, the prices less their VAT when they include it; None
    otherwise (outside probe BL-12: the bundle page quoted the consumer's price)."""
    if settings.TAX_MODE == "none" or not amounts:
        return None
    # One offered no more is not what the order would take (outside probe HV-2: the bundle
    # page quoted Austria's reverse charge, and the order took France's VAT).
    country, vat_number, business_name, billing_address = declaration_last_offered(
        customer_id=customer_id, on=timezone.now().date()
    )
    if not (vat_number and business_name and billing_address and reverse_charge_for(country)):
        return None
    with system_scope():  # the rates are public, VIES's answers on every order: staff's
        if vies_refused(vat_number=vat_number):  # the order would not take it
            return None
        rate = rate_for(country=country, category=COMIC_CATEGORY, on=timezone.now().date())
    if not settings.TAX_PRICES_INCLUDE_TAX:
        return BusinessBuysNow(country, vat_number, rate, sum(amounts), True)
    to_pay = sum(business_price(amount, rate, currency) for amount in amounts)
    return BusinessBuysNow(country, vat_number, rate, to_pay, False)


def order_vat(order: Order) -> VatShown | None:
    """The VAT recorded with the order (None when none was)."""
    rows = list(ItemTax.objects.filter(order=order))
    if not rows:
        return None
    evidence = order_evidence_shown(order=order)
    return VatShown(
        country=rows[0].country,
        rate=rows[0].rate,
        tax=sum(row.tax for row in rows),
        to_pay=order.total_amount,
        added=not order.prices_include_tax,
        reverse_charge=bool(evidence and evidence.reverse_charge),
        removed=order.tax_removed_amount,
        step=charge_step(order.currency),
    )


def declared_again_differences(*, order: Order, declaration: BuyerDeclaration) -> str:
    """The checkout that placed `order` sent again (the Back button) with `declaration`:
    "" when its country and VAT number are those the order was placed with (no country:
    the order's, as a checkout without one takes the last declared). Otherwise, for the
    customer, what the checkout would refuse of them (an unlisted country, an invalid VAT
    number), then what the order was placed with and how to change it: it keeps its VAT."""
    evidence = OrderTaxEvidence.objects.filter(order=order).first()
    if settings.TAX_MODE == "none" or evidence is None:
        return ""
    declared = declaration
    if declared.country is None:
        declared = replace(declared, country=evidence.declared_country)
    business, same = "", False
    try:
        declaration_check(declaration=declared)
    except DomainError as exc:
        refusal = f"{exc} "
    else:
        number = vat_number_clean(declared.vat_number) if declared.vat_number.strip() else ""
        business = _business_kept(evidence, declared) if number else ""
        same = (declared.country, number) == (evidence.declared_country, evidence.vat_number)
        if same and not business:
            return ""
        refusal = ""
    changes = "country or VAT number"
    if business:
        changes = "business name or billing address" if same else "country, VAT number or business"
    return (
        f"{refusal}Your order {order.number} was placed with {_placed_with(order, evidence)}."
        f"{business} To check out with another {changes}, cancel this order and check out "
        "again."
    )


def _business_kept(evidence: OrderTaxEvidence, declared: BuyerDeclaration) -> str:
    """The business the order's invoice will name, said when the business name or billing
    address sent again (with a VAT number) differs from those it was placed with, which it
    keeps (outside probe BK-5: nothing said the corrected name was not taken); else ""."""
    if not evidence.business_name:
        return ""
    name, address = business_declared(declared)
    if (name, address) == (evidence.business_name, evidence.billing_address):
        return ""
    kept = ", ".join([evidence.business_name, *evidence.billing_address.splitlines()])
    instead = f"not {name}" if name != evidence.business_name else "not the address you sent"
    return f" Its invoice will name the business it was placed for: {kept} ({instead})."


def declaration_not_asked(*, order: Order) -> str:
    """For the pay page of an order placed without the cart's form (a bundle bought at once,
    the API), which takes the country and VAT number declared last, else the shop's default
    country: what it was placed with and how to change it; "" for an order placed through the
    cart."""
    evidence = order_evidence_shown(order=order)
    if settings.TAX_MODE == "none" or evidence is None or evidence.asked:
        return ""
    last = declared_country_last(customer_id=order.customer_id, before=order.pk)
    if last and last == evidence.declared_country:
        taken = "it takes them from your last order"
    elif last:  # offered no more when it was placed (outside probe HV-1: "from your last order")
        taken = "it takes our default country, as the one of your last order is no longer offered"
    else:
        taken = "it takes our default country, as you have not told us where you live yet"
    return (
        f"Your order {order.number} was placed with {_placed_with(order, evidence)}. Bought "
        f"without the cart, {taken}. To check out with another country or VAT number, cancel "
        "this order and check out again."
    )


def vies_refused_words(*, order: Order) -> str:
    """For the pages of a pending order no longer reverse-charged because VIES refused its
    VAT number (`services.vies._vies_refused_reprice`): why it is priced with VAT and how to buy as
    a business; "" for any other order."""
    if order.status != OrderStatus.PENDING:
        return ""
    evidence = order_evidence_shown(order=order)
    if (
        evidence is None
        or evidence.vies_status != ViesStatus.INVALID
        or evidence.reverse_charge
        or not reverse_charge_for(evidence.declared_country)
    ):
        return ""
    return (
        f"VIES did not confirm VAT number {evidence.vat_number}: this order is priced with "
        "VAT; to buy as a business, cancel it and check out again with a valid number."
    )


def _placed_with(order: Order, evidence: OrderTaxEvidence) -> str:
    country = f"{country_in_words(evidence.declared_country)} as the country you live in"
    if evidence.reverse_charge:
        return f"{country} and VAT number {evidence.vat_number}: no VAT, by reverse charge"
    number = f"VAT number {evidence.vat_number}" if evidence.vat_number else "no VAT number"
    row = ItemTax.objects.filter(order=order).first()
    rate = f": VAT {percent(row.rate)} %" if row is not None else ""
    return f"{country} and {number}{rate}"


def consumers_priced_out(*, price: int, currency: str) -> str:
    """With VAT added on top of net prices, why a consumer of the country whose VAT on comics
    is the highest could not pay `price` by card: more than a card is charged at once (outside
    probe CJ-1: a comic at the maximum, net, passed the back office, and no consumer could
    buy it); "" when every consumer can."""
    if settings.TAX_MODE == "none" or settings.TAX_PRICES_INCLUDE_TAX:
        return ""
    today = timezone.now().date()
    with system_scope():  # the rates are public; only their table is staff's
        rates = {
            country: rate_for(country=country, category=COMIC_CATEGORY, on=today)
            for country in countries_charged(on=today)
            if country != ELSEWHERE
        }
    if not rates:
        return ""
    country = max(rates, key=rates.__getitem__)
    charged = price + tax_on_net(price, rates[country], step=charge_step(currency))
    if not above_maximum_charge(charged, currency):
        return ""
    most = format_money(maximum_charge(currency), currency)
    return (
        f"With VAT added on top, a consumer in {country_in_words(country)} "
        f"({percent(rates[country])} %) would be charged {format_money(charged, currency)}, "
        f"more than a card can be charged at once ({most}), and could not buy it."
    )
