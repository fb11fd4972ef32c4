"""Amounts are stored in minor units (cents); staff read and type major units."""

from decimal import ROUND_HALF_UP, Decimal

MINOR_PER_MAJOR = 100


def money(amount: int | None, currency: str) -> str:
    if amount is None:
        return ""
    return f"{Decimal(amount) / MINOR_PER_MAJOR:,.2f} {currency}"


def to_minor(major: Decimal) -> int:
    return int((major * MINOR_PER_MAJOR).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def to_major(minor: int) -> Decimal:
    return (Decimal(minor) / MINOR_PER_MAJOR).quantize(Decimal("0.01"))
