"""Prices including VAT split into net and VAT in minor units: rounded once per line, so
net + tax == gross on every line and the order's totals are the sums of its lines."""

from decimal import ROUND_HALF_UP, Decimal


def split_inclusive(gross: int, rate: Decimal) -> tuple[int, int]:
    """(net, tax) of a price including VAT at `rate` percent: the tax rounded half up to
    the minor unit, the net what is left."""
    tax = int((Decimal(gross) * rate / (100 + rate)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return gross - tax, tax
