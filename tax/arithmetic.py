"""Prices split into net and VAT in minor units: rounded once per line, so net + tax ==
gross on every line and the order's totals are the sums of its lines."""

from decimal import ROUND_HALF_UP, Decimal


def split_inclusive(gross: int, rate: Decimal, *, step: int = 1) -> tuple[int, int]:
    """(net, tax) of a price including VAT at `rate` percent: the tax rounded half up to
    the minor unit, the net what is left. With a `step` (morpheus.money.charge_step), the tax
    rounded to a multiple of it, so that the net of a chargeable gross is chargeable too
    (what a business pays by reverse charge)."""
    steps = (Decimal(gross) * rate / (100 + rate) / step).quantize(
        Decimal(1), rounding=ROUND_HALF_UP
    )
    tax = int(steps) * step
    return gross - tax, tax


def tax_on_net(net: int, rate: Decimal, *, step: int = 1) -> int:
    """The VAT added to a net price at `rate` percent, rounded half up to the minor unit,
    or to a multiple of `step` (morpheus.money.charge_step: 10 in a three-decimal
    currency, so that net + VAT stays an amount Stripe can charge)."""
    steps = (Decimal(net) * rate / 100 / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(steps) * step
