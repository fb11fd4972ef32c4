"""What the buyer tells the shop at checkout about themselves, for VAT: the country they
live in and, for a business, its VAT number, name and billing address (for its invoice);
and the address the checkout came from (the client IP the app trusts), for the IP's
country. The VAT app reads it (orders.signals)."""

from dataclasses import dataclass, replace

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest

from morpheus.client_ip import client_ip

# The VAT number of a checkout refused back to the cart, shown again while it is corrected.
VAT_NUMBER_TYPED = "checkout_vat_number"
BUSINESS_TYPED = "checkout_business"

# What a business's invoice prints of its name and billing address (the VAT app refuses
# more, counting an address's line breaks as one character each, however sent).
BUSINESS_NAME_MAX = 200
BILLING_ADDRESS_MAX = 500
BILLING_ADDRESS_LINES = 6
# What the cart refused back to shows again of each (a value refused as too long included).
TYPED_KEPT_MAX = 1000


# Longer than any country code: a longer value sent is refused as sent, never cut to a code
# ("FRA" is not FR).
COUNTRY_SENT_MAX = 10


@dataclass(frozen=True)
class BuyerDeclaration:
    """`country` is as sent, the VAT app taking only a code it offers exactly; None when
    none was sent (the VAT app takes the country declared last). `asked` is False for an
    order placed without the checkout form ("Buy the bundle now", the API without a
    country): the buyer declared nothing, so the VAT app takes their last declaration; the
    address is evidence all the same."""

    country: str | None = None
    vat_number: str = ""
    ip_address: str = ""
    asked: bool = True
    # A business's, for its invoice: required with a VAT number, ignored without one.
    business_name: str = ""
    billing_address: str = ""
    # For an order that costs nothing, with no VAT to reverse-charge: the VAT app keeps no
    # VAT number, business name or address, not even the last declaration's when not `asked`
    # (`promotions.checkout.business_left_out_when_free`).
    business_left_out: bool = False

    def without_business(self) -> "BuyerDeclaration":
        """For an order that costs nothing (`business_left_out`)."""
        return replace(
            self, vat_number="", business_name="", billing_address="", business_left_out=True
        )


def country_query(country: str) -> dict[str, str] | None:
    """The cart's query that keeps `country`: two letters, anything else dropped (outside
    probes CZ-4 and DA-2: a hand-made NUL led to a 400 page)."""
    if len(country) == 2 and country.isascii() and country.isalpha():
        return {"country": country}
    return None


def country_kept(declaration: BuyerDeclaration) -> dict[str, str] | None:
    """The cart's query that keeps the declared country, for a checkout sent back to it."""
    return country_query(declaration.country or "")


def vat_number_keep(session: SessionBase, declaration: BuyerDeclaration) -> None:
    """The cart a checkout was refused back to shows the VAT number as typed, to be corrected
    rather than typed again (`vat_number_typed`), and the business name and billing address
    with it (`business_typed`)."""
    session[VAT_NUMBER_TYPED] = declaration.vat_number
    session[BUSINESS_TYPED] = {
        "business_name": declaration.business_name[:TYPED_KEPT_MAX],
        "billing_address": declaration.billing_address[:TYPED_KEPT_MAX],
    }


def vat_number_forget(session: SessionBase) -> None:
    """A checkout sent again forgets the number kept from the last one refused."""
    session.pop(VAT_NUMBER_TYPED, None)
    session.pop(BUSINESS_TYPED, None)


def vat_number_typed(request: HttpRequest) -> str:
    """The VAT number kept by `vat_number_keep`, for the cart pages that carry the country
    chosen: the one the refused checkout goes back to, and those the buyer reloads to
    correct the country ("Update VAT") or to apply a code. A cart page without one (the
    cart opened again from another page) forgets it. The number stays out of the URL."""
    if not request.GET.get("country"):
        vat_number_forget(request.session)
    return request.session.get(VAT_NUMBER_TYPED, "")


def business_typed(request: HttpRequest) -> dict[str, str]:
    """The business name and billing address kept with the VAT number (`vat_number_typed`,
    called first: it forgets them both)."""
    return request.session.get(BUSINESS_TYPED, {})


def declaration_unasked(request: HttpRequest) -> BuyerDeclaration:
    """For an order placed without the checkout form: nothing declared, and the client IP
    the app trusts, as a checkout records it."""
    return BuyerDeclaration(ip_address=client_ip(request) or "", asked=False)


def declaration_sent(
    request: HttpRequest,
    *,
    country: str,
    vat_number: str,
    business_name: str = "",
    billing_address: str = "",
) -> BuyerDeclaration:
    """The country, VAT number, business name and billing address an API client sends with
    the order it places, and the client IP the app trusts: asked, as the checkout form's."""
    return BuyerDeclaration(
        country=country,
        vat_number=vat_number,
        ip_address=client_ip(request) or "",
        business_name=business_name,
        billing_address=billing_address,
    )


def declaration_posted(request: HttpRequest) -> BuyerDeclaration:
    """The checkout form's country, VAT number, business name and billing address, and the
    client IP the app trusts. The country, business name and address as the form sent them,
    empty, malformed or too long included, for the VAT app to refuse (never cut to fit: a
    name cut at 200 characters went on the invoice, outside probe BK-6); a form without the
    country field (a shop charging no VAT has none) declares none."""
    country = request.POST.get("country")
    return BuyerDeclaration(
        country=None if country is None else country[:COUNTRY_SENT_MAX],
        vat_number=request.POST.get("vat_number", "")[:20],
        ip_address=client_ip(request) or "",
        business_name=request.POST.get("business_name", ""),
        billing_address=request.POST.get("billing_address", ""),
    )


# The element ids of the cart's checkout form fields (`templates/orders/cart.html`, the
# guest's in `templates/accounts/_guest_checkout.html`), by the attribute a refusal names.
ACCOUNT_CHECKOUT_FIELDS = {
    "country": "id_country",
    "vat_number": "id_vat_number",
    "business_name": "id-business-name",
    "billing_address": "id-billing-address",
}
GUEST_CHECKOUT_FIELDS = {
    "country": "id_country",
    "email": "guest-email",
    "vat_number": "guest-vat-number",
    "business_name": "guest-business-name",
    "billing_address": "guest-billing-address",
}


VAT_NUMBER_FIELD_IDS = (ACCOUNT_CHECKOUT_FIELDS["vat_number"], GUEST_CHECKOUT_FIELDS["vat_number"])


def checkout_field_id(error: Exception, *, guest: bool) -> str:
    """The checkout form field a refusal is about (its `attribute`: a VAT number, a
    country, a business's name or address); "" for a refusal of the checkout as a whole."""
    fields = GUEST_CHECKOUT_FIELDS if guest else ACCOUNT_CHECKOUT_FIELDS
    return fields.get(getattr(error, "attribute", ""), "")
