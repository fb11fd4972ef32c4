"""What the buyer tells the shop at checkout about themselves, for VAT: the country they
live in and, for a business, its VAT number. The VAT app reads it (orders.signals)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class BuyerDeclaration:
    country: str = ""
    vat_number: str = ""
