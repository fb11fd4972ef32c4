"""The ECB's euro reference rates: recorded by Finance (or loaded from the ECB's CSV file)
and read by the VAT report to declare a quarter's sales in other currencies in euros."""

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from catalog.models import Comic
from invoicing.models import EuroRate, Invoice
from morpheus.db_context import system_scope
from morpheus.money import SUPPORTED_CURRENCIES, exponent
from orders.selectors import and_joined

# The ECB publishes on the days its payment system is open: after a quarter ending on a
# holiday weekend, the next rate comes a few days later, and one much later is not it.
NEXT_PUBLICATION_WITHIN = timedelta(days=7)
# At about 16:00 in Frankfurt, and not on weekends nor on the payment system's closing days:
# 1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December (outside probe GY-5: a
# Saturday's rate was taken).
SATURDAY = 5
ECB_CLOSED_ON = frozenset({(1, 1), (5, 1), (12, 25), (12, 26)})
# Good Friday and Easter Monday, from Easter Sunday.
ECB_CLOSED_AROUND_EASTER = (timedelta(days=-2), timedelta(days=1))
ECB_PUBLISHES_AT = time(16)
ECB_TIME_ZONE = ZoneInfo("Europe/Berlin")
# What a rate may be: the column's digits (14, 6 of them decimals), more than nothing.
RATE_DECIMALS = 6
RATE_BELOW = Decimal(10) ** 8
# The documents a sentence names one by one, before "…".
NAMED_AT_MOST = 5
# How the ECB writes a day: the history file as 2026-12-04, the daily file as 04 December 2026
# (outside probe GY-1: the daily file, the one to load each working day, was refused).
ECB_DAY_FORMATS = ("%Y-%m-%d", "%d %B %Y")
# The currencies the ECB publishes a reference rate of (its daily file, 2026). Of those the
# shop sells in, not the Bahraini and Kuwaiti dinars: their rates are Finance's to record,
# and are not called the ECB's (outside probe GZ-5).
ECB_CURRENCIES = frozenset(
    {
        "AUD",
        "BRL",
        "CAD",
        "CHF",
        "CNY",
        "CZK",
        "DKK",
        "GBP",
        "HKD",
        "HUF",
        "IDR",
        "ILS",
        "INR",
        "ISK",
        "JPY",
        "KRW",
        "MXN",
        "MYR",
        "NOK",
        "NZD",
        "PHP",
        "PLN",
        "RON",
        "SEK",
        "SGD",
        "THB",
        "TRY",
        "USD",
        "ZAR",
    }
)
# What the ECB's file writes on a day it published no rate of a currency.
NOT_PUBLISHED = {"", "N/A"}


class EuroRateRefused(ValueError):
    """A rate file or rate that cannot be recorded, in Finance's words."""


def euro_rate_refusal(*, currency: str, day: date, units_per_euro: Decimal) -> str:
    """Why this rate cannot be recorded ("" when it can): a currency the shop does not sell
    in, a rate that is none, or a day still to come (outside probe GX-4: a rate typed for
    31 December on 7 December was declared as "the ECB rate of 31 December")."""
    if currency == "EUR" or currency not in SUPPORTED_CURRENCIES:
        return f"{currency} is not a currency the shop sells in, other than EUR."
    if not units_per_euro.is_finite() or not 0 < units_per_euro < RATE_BELOW:
        return (
            f"{units_per_euro} is not a rate: one euro buys more than 0 and less than "
            f"100000000 {currency}."
        )
    if units_per_euro.as_tuple().exponent < -RATE_DECIMALS:
        return f"{units_per_euro} has more than {RATE_DECIMALS} decimals, more than the ECB's."
    if currency not in ECB_CURRENCIES:  # the exchange rate Finance declares at
        if day > timezone.now().date():
            return f"{day:%-d %B %Y} is to come: record a rate of a day that has begun."
        return ""
    if timezone.now() < ecb_published_at(day):
        return (
            f"The ECB has published no rate for {day:%-d %B %Y} yet: it publishes a day's "
            "rates at about 16:00, Frankfurt time."
        )
    if ecb_closed(day):
        return (
            f"The ECB publishes no rate on {day:%A %-d %B %Y}: its payment system is closed "
            "(weekends, 1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December)."
        )
    return ""


def ecb_closed(day: date) -> bool:
    """Whether the ECB's payment system (TARGET) is closed on `day`: it publishes no rate."""
    easter = easter_sunday(day.year)
    return (
        day.weekday() >= SATURDAY
        or (day.month, day.day) in ECB_CLOSED_ON
        or any(day == easter + offset for offset in ECB_CLOSED_AROUND_EASTER)
    )


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian `year` (the anonymous Gregorian algorithm, Meeus)."""
    golden = year % 19
    century, of_century = divmod(year, 100)
    epact = (
        19 * golden + century - century // 4 - (century - (century + 8) // 25 + 1) // 3 + 15
    ) % 30
    weekday = (32 + 2 * (century % 4) + 2 * (of_century // 4) - epact - of_century % 4) % 7
    shift = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * shift + 114, 31)
    return date(year, month, day + 1)


def ecb_published_at(day: date) -> datetime:
    """When the ECB publishes the reference rates of `day` (outside probe GY-2: a rate
    typed in the morning of its day was stated on invoices as the ECB's)."""
    return datetime.combine(day, ECB_PUBLISHES_AT, tzinfo=ECB_TIME_ZONE)


def rate_named(currency: str) -> str:
    """What a rate of `currency` is called: the ECB's reference rate, or, of a currency the
    ECB publishes none of, the exchange rate (Finance's: `ecb_publishes_none`)."""
    return "the ECB's reference rate" if currency in ECB_CURRENCIES else "the exchange rate"


def rate_source(currency: str) -> str:
    """Who publishes the rates of `currency` that the CSVs give: "ECB", or "Finance" for a
    currency the ECB publishes none of, whose rates Finance records (outside probe HA-7: a
    dinar's rate stood under `ecb_rate_date` alone, as if the ECB's)."""
    return "ECB" if currency in ECB_CURRENCIES else "Finance"


def ecb_publishes_none(currency: str) -> str:
    """Said beside a rate of a currency the ECB publishes none of ("" for the others)."""
    if currency in ECB_CURRENCIES:
        return ""
    return f"the ECB publishes no reference rate of {currency}"


def currencies_the_ecb_leaves_out() -> list[str]:
    """The currencies comics are priced in that the ECB publishes no rate of: Finance
    records theirs."""
    with system_scope():
        priced = set(Comic.objects.values_list("currency", flat=True).distinct())
    return sorted(priced - ECB_CURRENCIES - {"EUR"})


def ecb_leaves_out_words(currencies: list[str]) -> str:
    return (
        f"The ECB publishes no rate of {and_joined(currencies)}, which comics are priced in: "
        f"record {'its' if len(currencies) == 1 else 'their'} rates by hand (Euro rates, Add)."
    )


def euro_rate_save(*, currency: str, day: date, units_per_euro: Decimal) -> EuroRate:
    """Record the rate of `currency` on `day`, replacing the one recorded for that day."""
    if refusal := euro_rate_refusal(currency=currency, day=day, units_per_euro=units_per_euro):
        raise EuroRateRefused(refusal)
    with system_scope(), transaction.atomic():
        rate, _ = EuroRate.objects.update_or_create(
            currency=currency, day=day, defaults={"units_per_euro": units_per_euro}
        )
    return rate


def documents_stating_other_rates(*, rates: list[EuroRate]) -> list[str]:
    """The numbers of the documents that state another rate for one of these currencies and
    days (frozen when they were numbered, before the rate was corrected): they keep it
    (outside probe GY-4: Finance was not told, and an invoice and its credit note stated
    two rates of one day)."""
    recorded = {(rate.currency, rate.day): rate.units_per_euro for rate in rates}
    with system_scope():
        stating = Invoice.objects.filter(
            currency__in={currency for currency, _ in recorded},
            euro_rate_day__in={day for _, day in recorded},
        ).order_by("series", "year", "sequence")
        return [
            number
            for number, currency, day, units in stating.values_list(
                "number", "currency", "euro_rate_day", "units_per_euro"
            )
            if recorded.get((currency, day), units) != units
        ]


def other_rates_kept_words(numbers: list[str]) -> str:
    """What Finance is told after recording rates that documents state otherwise."""
    if not numbers:
        return ""
    one = len(numbers) == 1
    return (
        f"{len(numbers)} {'document' if one else 'documents'} numbered before "
        f"({numbers_named(numbers)}) {'states' if one else 'state'} another rate of that "
        f"day, recorded then, and {'keeps' if one else 'keep'} it: a numbered document never "
        "changes. The VAT report, and the documents numbered from now on, use the rate "
        "recorded now."
    )


def numbers_named(numbers: list[str]) -> str:
    """Documents' numbers in a sentence: the first few, then "…"."""
    shown = ", ".join(numbers[:NAMED_AT_MOST])
    return f"{shown}, …" if len(numbers) > NAMED_AT_MOST else shown


def euro_rates_load_ecb(*, text: str) -> list[EuroRate]:
    """Record the rates of the ECB's CSV file (eurofxref.csv or eurofxref-hist.csv: a Date
    column, then one column per currency, "N/A" where it published none) for the
    currencies the shop sells in; the rates recorded. All or none: a file holding
    anything else where a rate or a day should be is refused, saying where; written in
    one statement per thousand rates (outside probe GX-5: the whole history, 72,840
    rates, took 115 s, one by one)."""
    rates = _rates_of(text)
    if not rates:
        raise EuroRateRefused("This file holds no rate of a currency the shop sells in.")
    with system_scope(), transaction.atomic():
        EuroRate.objects.bulk_create(
            rates,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["currency", "day"],
            update_fields=["units_per_euro"],
        )
    return rates


def _rates_of(text: str) -> list[EuroRate]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), skipinitialspace=True)
    if not reader.fieldnames or "Date" not in [name.strip() for name in reader.fieldnames]:
        raise EuroRateRefused("This is not the ECB's CSV file of euro reference rates.")
    rates: dict[tuple[str, date], EuroRate] = {}  # a day given twice: its last line's
    for line, row in enumerate(reader, start=2):
        row = {(name or "").strip(): (value or "").strip() for name, value in row.items()}
        day = _day(row.get("Date", ""), line)
        for currency, value in row.items():
            if currency == "EUR" or currency not in SUPPORTED_CURRENCIES:
                continue
            if value in NOT_PUBLISHED:
                continue
            units = _units(value, line, currency)
            if refusal := euro_rate_refusal(currency=currency, day=day, units_per_euro=units):
                raise EuroRateRefused(f"Line {line}, {currency}: {refusal}")
            rates[currency, day] = EuroRate(currency=currency, day=day, units_per_euro=units)
    return list(rates.values())


def _day(text: str, line: int) -> date:
    for day_format in ECB_DAY_FORMATS:
        try:
            return datetime.strptime(text, day_format).date()
        except ValueError:
            continue
    raise EuroRateRefused(
        f"Line {line}: {text!r} is not a day as the ECB writes it (2026-12-31 or 31 December 2026)."
    )


def _units(text: str, line: int, currency: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise EuroRateRefused(f"Line {line}, {currency}: {text!r} is not a rate.") from exc


@dataclass(frozen=True)
class InEuros:
    """A currency's amounts in euros at one rate."""

    rate: EuroRate

    def of(self, amount: int, currency: str) -> int:
        """`amount` (minor units of `currency`) in euro cents, rounded half up."""
        units = Decimal(amount).scaleb(-exponent(currency))
        euros = units / self.rate.units_per_euro
        return int((euros * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def document_rate(document: Invoice) -> InEuros | None:
    """The rate frozen in a document in another currency when it was numbered (invoicing
    0021); None for a euro document or one numbered while no rate was recorded."""
    if document.units_per_euro is None:
        return None
    return InEuros(
        EuroRate(
            currency=document.currency,
            day=document.euro_rate_day,
            units_per_euro=document.units_per_euro,
        )
    )


def euro_rate_declared(*, currency: str, last_day: date) -> InEuros | None:
    """The rate a period ending on `last_day` is declared at: that day's, else the next
    one the ECB published (within a week); None while there is none."""
    with system_scope():
        rate = (
            EuroRate.objects.filter(
                currency=currency,
                day__gte=last_day,
                day__lte=min(last_day + NEXT_PUBLICATION_WITHIN, timezone.now().date()),
            )
            .order_by("day")
            .first()
        )
    return InEuros(rate) if rate else None
