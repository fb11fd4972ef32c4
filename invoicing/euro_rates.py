"""The ECB's euro reference rates: recorded by Finance (or loaded from the ECB's CSV file)
and read by the VAT report to declare a quarter's sales in other currencies in euros."""

import csv
import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction

from invoicing.models import EuroRate
from morpheus.db_context import system_scope
from morpheus.money import SUPPORTED_CURRENCIES, exponent

# The ECB publishes on the days its payment system is open: after a quarter ending on a
# holiday weekend, the next rate comes a few days later, and one much later is not it.
NEXT_PUBLICATION_WITHIN = timedelta(days=7)


class EuroRateRefused(ValueError):
    """A rate file or rate that cannot be recorded, in Finance's words."""


def euro_rate_save(*, currency: str, day: date, units_per_euro: Decimal) -> EuroRate:
    """Record the rate of `currency` on `day`, replacing the one recorded for that day."""
    if currency == "EUR" or currency not in SUPPORTED_CURRENCIES:
        raise EuroRateRefused(f"{currency} is not a currency the shop sells in, other than EUR.")
    if units_per_euro <= 0:
        raise EuroRateRefused("A rate is more than 0 units per euro.")
    with system_scope(), transaction.atomic():
        rate, _ = EuroRate.objects.update_or_create(
            currency=currency, day=day, defaults={"units_per_euro": units_per_euro}
        )
    return rate


def euro_rates_load_ecb(*, text: str) -> int:
    """Record the rates of the ECB's CSV file (eurofxref.csv or eurofxref-hist.csv: a Date
    column, then one column per currency, "N/A" where it published none) for the
    currencies the shop sells in; how many were recorded. All or none."""
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), skipinitialspace=True))
    if not rows or "Date" not in rows[0]:
        raise EuroRateRefused("This is not the ECB's CSV file of euro reference rates.")
    recorded = 0
    with transaction.atomic():
        for row in rows:
            day = _day(row["Date"])
            for currency, value in row.items():
                currency = (currency or "").strip()
                if currency in SUPPORTED_CURRENCIES and currency != "EUR" and _rate(value):
                    euro_rate_save(currency=currency, day=day, units_per_euro=_rate(value))
                    recorded += 1
    return recorded


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise EuroRateRefused(f"{text!r} is not a date of the form 2026-12-31.") from exc


def _rate(text: str | None) -> Decimal | None:
    try:
        rate = Decimal((text or "").strip())
    except InvalidOperation:
        return None  # "N/A": no rate that day
    return rate if rate > 0 else None


@dataclass(frozen=True)
class InEuros:
    """A currency's amounts in euros at one rate."""

    rate: EuroRate

    def of(self, amount: int, currency: str) -> int:
        """`amount` (minor units of `currency`) in euro cents, rounded half up."""
        units = Decimal(amount).scaleb(-exponent(currency))
        euros = units / self.rate.units_per_euro
        return int((euros * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def euro_rate_declared(*, currency: str, last_day: date) -> InEuros | None:
    """The rate a period ending on `last_day` is declared at: that day's, else the next
    one the ECB published (within a week); None while there is none."""
    with system_scope():
        rate = (
            EuroRate.objects.filter(
                currency=currency,
                day__gte=last_day,
                day__lte=last_day + NEXT_PUBLICATION_WITHIN,
            )
            .order_by("day")
            .first()
        )
    return InEuros(rate) if rate else None
