"""VAT collected per country of consumption and rate for a calendar quarter, read from the
invoices (plus) and credit notes (minus) issued in it, and the debit notes that reverse
credit notes (minus their negative amounts: plus): the figures of a one-stop-shop
return, in each document's currency. Lost disputes are listed beside it, never deducted:
whether a chargeback reduces the VAT due is Finance's decision, country by country."""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import MAXYEAR, MINYEAR, UTC, date, datetime, timedelta
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.utils import timezone

from invoicing.lines import credit_lines, lines_left
from invoicing.models import DocumentKind, Invoice
from orders.models import Order
from tax.countries import EU_MEMBER_STATES
from tax.models import RateType
from tax.selectors import rate_type_for

QUARTER_PATTERN = re.compile(r"(\d{4})-Q([1-4])", re.ASCII | re.IGNORECASE)


def domestic(country: str) -> bool:
    """Whether a sale to a consumer in `country` is one in the seller's own member state,
    declared on its national VAT return and never in the one-stop shop."""
    return country in EU_MEMBER_STATES and country == settings.TAX_SELLER_COUNTRY


def scheme(country: str) -> str:
    """Which return a row belongs on: the seller's national one for its own member state,
    the EU one-stop shop for the others, or the UK's, Norway's (VOEC) or Switzerland's own
    registration."""
    if domestic(country):
        return f"Domestic ({country} VAT return)"
    if country in EU_MEMBER_STATES:
        return "EU OSS"
    return {"GB": "UK VAT", "NO": "NO VOEC", "CH": "CH VAT"}.get(country, "none")


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @classmethod
    def named(cls, text: str) -> "Quarter | None":
        """ "2026-Q4" as a quarter; None for anything else (a year whose quarter a date
        cannot hold, too)."""
        match = QUARTER_PATTERN.fullmatch(text)
        if match and MINYEAR <= int(match[1]) < MAXYEAR:
            return cls(int(match[1]), int(match[2]))
        return None

    @classmethod
    def parse(cls, text: str | None) -> "Quarter":
        """The quarter `text` names; for anything else, the current quarter."""
        if quarter := cls.named(text or ""):
            return quarter
        today = timezone.now().date()
        return cls(today.year, (today.month - 1) // 3 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-Q{self.number}"  # "0001-Q1" named back as typed (CV-2)

    @property
    def start(self) -> datetime:
        return datetime(self.year, 3 * self.number - 2, 1, tzinfo=UTC)

    @property
    def end(self) -> datetime:
        if self.number == 4:
            return datetime(self.year + 1, 1, 1, tzinfo=UTC)
        return datetime(self.year, 3 * self.number + 1, 1, tzinfo=UTC)

    @property
    def last_day(self) -> date:
        return (self.end - timedelta(days=1)).date()

    @property
    def open(self) -> bool:
        """Not over yet (or not begun): its figures are those so far (outside probe GU-4)."""
        return timezone.now() < self.end


@dataclass
class VatRow:
    country: str
    rate: Decimal
    rate_type: str
    currency: str
    net: int = 0
    tax: int = 0

    @property
    def scheme(self) -> str:
        if self.rate_type == RateType.REVERSE_CHARGE:
            return "EU reverse charge"  # on the EC sales list rather than the one-stop shop
        return scheme(self.country)

    @property
    def domestic(self) -> bool:
        return self.rate_type != RateType.REVERSE_CHARGE and domestic(self.country)


def _documents(quarter: Quarter):
    return Invoice.objects.issued().filter(issued_at__gte=quarter.start, issued_at__lt=quarter.end)


def vat_rows(quarter: Quarter) -> list[VatRow]:
    """Each line typed as its item's VAT recorded it, by the rates in force when the sale
    was made, so a rate changing later (in the quarter or after it) types no line anew."""
    rows: dict[tuple, VatRow] = {}
    rate_type_of = cache(_rate_type)  # a rule asked for once per report, not once per line
    documents = _documents(quarter).select_related("credited_invoice")
    for document in documents.only(
        "kind", "currency", "lines", "buyer", "issued_at", "credited_invoice__issued_at"
    ):
        sign = 1 if document.kind == DocumentKind.INVOICE else -1
        supplied_on = (document.credited_invoice or document).issued_at.date()
        for line in document.lines:
            if not line["net"] and not line["tax"]:
                continue  # an invoice for zero's line: nothing was sold for a price
            country = line.get("country") or document.buyer.get("country", "")
            rate = Decimal(line["rate"])
            rate_type = zero_told_apart(
                country,
                rate,
                line.get("rate_type")
                or rate_type_of(country, rate, bool(line.get("reverse_charge")), supplied_on),
            )
            key = (country, rate, rate_type, document.currency)
            if key not in rows:
                rows[key] = VatRow(country, rate, rate_type, document.currency)
            rows[key].net += sign * line["net"]
            rows[key].tax += sign * line["tax"]
    return sorted(
        rows.values(), key=lambda row: (row.country, row.currency, -row.rate, row.rate_type)
    )


@dataclass
class EcSale:
    """A business customer's supplies by reverse charge in a quarter, net, in one currency:
    a line of the EC sales list (recapitulative statement)."""

    vat_id: str
    country: str
    business_name: str
    currency: str
    net: int = 0


def ec_sales_rows(quarter: Quarter) -> list[EcSale]:
    """Per customer VAT number and currency, the net of the reverse-charge lines of the
    invoices (plus), credit notes (minus) and debit notes (their negative amounts: plus)
    issued in the quarter (outside probe GU-2: Finance added them up from the PDFs)."""
    rows: dict[tuple[str, str], EcSale] = {}
    for document in _documents(quarter).only("kind", "currency", "lines", "buyer"):
        sign = 1 if document.kind == DocumentKind.INVOICE else -1
        net = sum(line["net"] for line in document.lines if _reverse_charged(line))
        if not net:
            continue
        buyer = document.buyer
        key = (buyer.get("vat_id", ""), document.currency)
        if key not in rows:
            name = buyer.get("business_name") or buyer.get("name", "")
            rows[key] = EcSale(key[0], buyer.get("country", ""), name, document.currency)
        rows[key].net += sign * net
    return sorted(rows.values(), key=lambda row: (row.country, row.vat_id, row.currency))


# A rate of 0 % below the country's standard rate, as a return outside the one-stop shop
# calls it (outside probe GU-5: the UK's "zero-rated" was typed "reduced"); the one-stop
# shop's return knows only standard and reduced rates.
ZERO_RATED = "zero"


def zero_told_apart(country: str, rate: Decimal, rate_type: str) -> str:
    """The type a return gives a line recorded as `rate_type`: zero for one at 0 % below
    the standard rate, on any return but the one-stop shop's."""
    if rate == 0 and rate_type == RateType.REDUCED and scheme(country) != "EU OSS":
        return ZERO_RATED
    return rate_type


def _reverse_charged(line: dict) -> bool:
    """A line sold by reverse charge, typed so or, issued before lines carried their type,
    marked so."""
    if line.get("rate_type"):
        return line["rate_type"] == RateType.REVERSE_CHARGE
    return bool(line.get("reverse_charge"))


def _rate_type(country: str, rate: Decimal, reverse_charge: bool, supplied_on: date) -> str:
    """The type of a line issued before lines carried it: by the standard rate in force on
    the day of supply, the day its invoice was issued."""
    if reverse_charge:
        return RateType.REVERSE_CHARGE
    return rate_type_for(country=country, rate=rate, on=supplied_on)


def document_totals(quarter: Quarter) -> dict[str, dict[str, int]]:
    """Per currency: the documents' own net and VAT totals (credit notes subtracted), which
    the rows must add up to."""
    totals: dict[str, dict[str, int]] = defaultdict(lambda: {"net": 0, "tax": 0})
    for document in _documents(quarter).only("kind", "currency", "net_amount", "tax_amount"):
        sign = sales_sign(document)
        totals[document.currency]["net"] += sign * document.net_amount
        totals[document.currency]["tax"] += sign * document.tax_amount
    return dict(totals)


def documents_of(quarter: Quarter):
    """The quarter's invoices, credit notes and debit notes, as numbered: the register
    Finance checks for gaps and posts to the ledger (outside probe GU-3), in the order of
    their series and numbers."""
    documents = _documents(quarter).select_related("order", "credited_invoice")
    return documents.order_by("series", "year", "sequence")


def documents_without_euro_rate(quarter: Quarter) -> list[str]:
    """The numbers of the quarter's documents in another currency than the euro numbered
    without an ECB rate (invoicing 0021), in the order of their series and numbers."""
    documents = _documents(quarter).filter(units_per_euro__isnull=True).exclude(currency="EUR")
    return list(documents.order_by("series", "year", "sequence").values_list("number", flat=True))


def sales_sign(document: Invoice) -> int:
    """How the document's amounts count in the quarter's sales: an invoice adds, a credit
    note takes off, a debit note (negative, what it charges again) adds back."""
    return 1 if document.kind == DocumentKind.INVOICE else -1


@dataclass(frozen=True)
class LostDispute:
    """What a lost dispute took back of an order, with the VAT in it: its invoice's lines
    as a credit note of that amount would credit them (none when the order has no invoice).
    Negative amounts for a dispute won after it was lost."""

    order_number: str
    invoice_number: str
    country: str
    amount: int
    currency: str
    lines: tuple[dict, ...]

    @property
    def tax(self) -> int:
        return sum(line["tax"] for line in self.lines)

    @property
    def sold(self) -> int:
        """The part of the sale it takes back, which the VAT is in: at most what the credit
        notes had left of the invoice (a loss of more than that is flagged on the order)."""
        return sum(line["gross"] for line in self.lines)


def lost_dispute(*, order_id: int, amount: int, currency: str, at: datetime) -> LostDispute:
    """`amount` (taken back through the customer's bank at `at`) over the order's invoice
    lines, from what the credit notes issued by then had left of them."""
    invoice = (
        Invoice.objects.in_own_series()
        .filter(order_id=order_id, kind=DocumentKind.INVOICE)
        .select_related("order")
        .first()
    )
    if invoice is None:
        number = Order.objects.values_list("number", flat=True).get(pk=order_id)
        return LostDispute(number, "", "", amount, currency, ())
    notes = invoice.credit_notes.in_own_series().filter(issued_at__lte=at)
    credited = [line for note in notes.order_by("issued_at", "pk") for line in note.lines]
    left = sum(rest["gross"] for rest in lines_left(invoice.lines, credited))
    sign = -1 if amount < 0 else 1
    lines = credit_lines(invoice.lines, min(abs(amount), left), credited=credited)
    return LostDispute(
        invoice.order.number,
        # Its lines are known; its number comes from the job a moment after the payment.
        invoice.number or "being numbered",
        invoice.buyer.get("country", ""),
        amount,
        currency,
        tuple(
            {**line, **{key: sign * line[key] for key in ("gross", "net", "tax")}} for line in lines
        ),
    )
