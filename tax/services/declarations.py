"""The buyer's declaration (country, VAT number, business) checked before an order is placed."""

from django.conf import settings
from django.utils import timezone

from morpheus.db_context import system_scope
from morpheus.printable import title_refused_character, visible
from orders.buyer import (
    BILLING_ADDRESS_LINES,
    BILLING_ADDRESS_MAX,
    BUSINESS_NAME_MAX,
    BuyerDeclaration,
)
from orders.models import Order
from tax import errors
from tax.countries import ELSEWHERE, EU_MEMBER_STATES, country_in_words
from tax.selectors import countries_charged, declared_country_last, vies_refused
from tax.vat_numbers import vat_number_clean, vat_number_country


def reverse_charge_for(country: str) -> bool:
    """Whether a business buying with a VAT number of `country` pays by reverse charge: one
    of another EU country than the seller's."""
    return country in EU_MEMBER_STATES and country != settings.TAX_SELLER_COUNTRY


def declaration_check(*, declaration: BuyerDeclaration) -> None:
    """What `order_placed_tax_record` would refuse of a declared country and VAT number, asked
    before anything is made for the checkout (a guest's account): UnknownCountry or
    InvalidVatNumber."""
    if settings.TAX_MODE == "none" or declaration.country is None:
        return
    with system_scope():  # the rates are public; only their table is staff's
        declared = country_declared(None, declaration)
    if vat_number_declared(declaration, declared):
        business_declared(declaration)


def country_declared(order: Order | None, declaration: BuyerDeclaration) -> str:
    """The declared country: one of those offered exactly as the list has it (the checkout
    form's empty or malformed value is refused, not cut or defaulted: outside probe BJ-10);
    none declared, the one declared last; "" when that is none offered (the caller takes the
    shop's default)."""
    country = declaration.country
    offered = countries_charged(on=timezone.now().date())
    if country is None:  # one declared last and offered no more is none (outside probe HU-1)
        known = declared_country_last(customer_id=order.customer_id, before=order.pk)
        return known if known in offered else ""
    if country not in offered:
        sent = "No country was chosen"
        if country.strip():
            sent = f"{country} is not one of the countries you can choose"
        unknown = errors.UnknownCountry(
            f"{sent}: pick the country you live in from the list, or Elsewhere."
        )
        unknown.api_message = (
            f"{sent}: send the country you live in, one of {', '.join(offered[:-1])}, or "
            f"{ELSEWHERE} for elsewhere."
        )
        raise unknown
    return country


def vat_number_declared(declaration: BuyerDeclaration, declared: str) -> str:
    text = declaration.vat_number.strip()
    if not text:
        return ""
    number = vat_number_clean(text)
    if vat_number_country(number) != declared:
        issued_in = country_in_words(vat_number_country(number))
        chosen = "" if declared == ELSEWHERE else f", not from {country_in_words(declared)}"
        elsewhere = errors.InvalidVatNumber(
            f"VAT number {number} is from {issued_in}{chosen}: choose {issued_in} as the "
            "country you live in to use it."
        )
        elsewhere.api_message = (
            f"VAT number {number} is from {issued_in}{chosen}: send "
            f"{vat_number_country(number)} as the country you live in to use it."
        )
        raise elsewhere
    with system_scope():  # VIES's answers on every customer's orders
        refused = vies_refused(vat_number=number)
    if refused:
        invalid = errors.InvalidVatNumber(
            f"VIES says VAT number {number} is not valid: check it, or check out without a "
            "VAT number."
        )
        invalid.api_message = (
            f"VIES says VAT number {number} is not valid: check it, or send no vat_number."
        )
        raise invalid
    return number


def business_declared(declaration: BuyerDeclaration) -> tuple[str, str]:
    """The business name and billing address given with a VAT number, which an EU VAT
    invoice must carry (Directive 2006/112/EC, Art. 226(5)), trimmed, the address's empty lines
    dropped: BusinessMissing without them; BusinessRefused for one the invoice could not
    print as given (`_business_refusal`), never cut to fit."""
    name = declaration.business_name.strip()
    address = "\n".join(
        line.strip() for line in declaration.billing_address.strip().splitlines() if line.strip()
    )
    refusal = _business_refusal("business_name", name, BUSINESS_NAME_MAX, 1) or _business_refusal(
        "billing_address", address, BILLING_ADDRESS_MAX, BILLING_ADDRESS_LINES
    )
    if refusal:
        raise refusal
    missing = [
        field
        for field, given in (("business_name", name), ("billing_address", address))
        if not visible(given)
    ]
    if missing:
        refusal = errors.BusinessMissing(
            f"To buy with a VAT number, give your {' and '.join(missing).replace('_', ' ')} "
            "too: your invoice must name the business. Without a VAT number, leave the "
            "business name and billing address empty."
        )
        refusal.attribute = missing[0]
        refusal.api_message = (
            f"To buy with a VAT number, send the {' and '.join(missing)} too: the invoice must "
            "name the business. Without a VAT number, leave vat_number out."
        )
        raise refusal
    return name, address


def _business_refusal(
    field: str, given: str, most: int, lines: int
) -> errors.BusinessRefused | None:
    """Why `given` (trimmed; an address's lines separated by "\n", whichever line breaks
    were sent) cannot go on the invoice: characters it cannot print, more than `most`
    characters, more than `lines` lines; None when it can."""
    label = field.replace("_", " ")
    count = len(given.splitlines())
    # As a title is judged: the joiners a script needs are taken (outside probe GZ-3: a
    # Sinhala "ශ්‍රී" was refused).
    if any(title_refused_character(line) for line in given.split("\n")) or (
        lines == 1 and count > 1
    ):
        said = (
            f"Your {label} holds a character an invoice cannot print (a control character, "
            "an invisible one or one that changes the direction of the text): type it again "
            "without it."
        )
        api = (
            f"{field} holds a control or format character (Unicode category Cc or Cf: an "
            "invisible one or one that changes the direction of the text, but a joiner "
            "between what it joins) or another that prints nothing "
            "(Default_Ignorable_Code_Point, U+2800): send it without."
        )
    elif len(given) > most:
        said = (
            f"Your {label} can be at most {most} characters long (this one has "
            f"{len(given)}): shorten it."
        )
        api = f"{field} can be at most {most} characters long."
    elif count > lines:
        said = (
            f"Your {label} can be at most {lines} lines long (this one has {count}): put "
            "more on each line."
        )
        api = f'{field} can be at most {lines} lines long (lines separated by "\\n").'
    else:
        return None
    refusal = errors.BusinessRefused(said)
    refusal.attribute = field
    refusal.api_message = api
    return refusal


def business_not_declared(vat_number: str, business_name: str) -> errors.BusinessMissing:
    """An order placed without the cart's form by a business whose last declaration names
    no business (one from before checkouts asked for it, tax 0015): reverse charge would
    leave an invoice naming no buyer (outside probe BK-4). The customer checks out from the
    cart once with them."""
    refusal = errors.BusinessMissing(
        f"Your last order was placed with VAT number {vat_number} but without your business "
        "name and billing address, which your invoice must name: check out from the cart once "
        "with them (or without a VAT number)."
    )
    refusal.attribute = "billing_address" if business_name else "business_name"
    refusal.api_message = (
        f"The VAT number {vat_number} declared last came without the business_name and "
        "billing_address the invoice must name: send them with the country and vat_number "
        "(or send a country without a vat_number)."
    )
    return refusal
