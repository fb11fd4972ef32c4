"""What the buyer tells the shop at checkout about themselves, for VAT: the country they
live in and, for a business, its VAT number; and the address the checkout came from (the
client IP the app trusts), for the IP's country. The VAT app reads it (orders.signals)."""

from dataclasses import dataclass

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest

from morpheus.client_ip import client_ip

# The VAT number of a checkout refused back to the cart, shown again while it is corrected.
VAT_NUMBER_TYPED = "checkout_vat_number"


@dataclass(frozen=True)
class BuyerDeclaration:
    """`asked` is False for an order placed without the checkout form ("Buy the bundle now",
    the API without a country): the buyer declared nothing, so the VAT app takes their last
    declaration; the address is evidence all the same."""

    country: str = ""
    vat_number: str = ""
    ip_address: str = ""
    asked: bool = True


def country_kept(declaration: BuyerDeclaration) -> dict[str, str] | None:
    """The cart's query that keeps the declared country, for a checkout sent back to it."""
    return {"country": declaration.country} if declaration.country else None


def vat_number_keep(session: SessionBase, declaration: BuyerDeclaration) -> None:
    """The cart a checkout was refused back to shows the VAT number as typed, to be corrected
    rather than typed again (`vat_number_typed`)."""
    session[VAT_NUMBER_TYPED] = declaration.vat_number


def vat_number_forget(session: SessionBase) -> None:
    """A checkout sent again forgets the number kept from the last one refused."""
    session.pop(VAT_NUMBER_TYPED, None)


def vat_number_typed(request: HttpRequest) -> str:
    """The VAT number kept by `vat_number_keep`, for the cart pages that carry the country
    chosen: the one the refused checkout goes back to, and those the buyer reloads to
    correct the country ("Update VAT") or to apply a code. A cart page without one (the
    cart opened again from another page) forgets it. The number stays out of the URL."""
    if not request.GET.get("country"):
        vat_number_forget(request.session)
    return request.session.get(VAT_NUMBER_TYPED, "")


def declaration_unasked(request: HttpRequest) -> BuyerDeclaration:
    """For an order placed without the checkout form: nothing declared, and the client IP
    the app trusts, as a checkout records it."""
    return BuyerDeclaration(ip_address=client_ip(request) or "", asked=False)


def declaration_sent(request: HttpRequest, *, country: str, vat_number: str) -> BuyerDeclaration:
    """The country and VAT number an API client sends with the order it places, and the
    client IP the app trusts: asked, as the checkout form's."""
    return BuyerDeclaration(
        country=country, vat_number=vat_number, ip_address=client_ip(request) or ""
    )


def declaration_posted(request: HttpRequest) -> BuyerDeclaration:
    """The checkout form's country and VAT number, and the client IP the app trusts."""
    return BuyerDeclaration(
        country=request.POST.get("country", "")[:2],
        vat_number=request.POST.get("vat_number", "")[:20],
        ip_address=client_ip(request) or "",
    )
