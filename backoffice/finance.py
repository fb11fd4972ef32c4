"""The quarter's VAT on the dashboard and as CSV in the shape of a one-stop-shop return,
with the quarter's lost disputes listed beside it (rows of their own in the CSV, whose
scheme says they are not deducted), for Finance to decide on."""

import csv
import io
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from analytics.selectors import chargebacks
from backoffice.csv_files import csv_response
from backoffice.export import as_text
from backoffice.never_numbered import WAITING_TOO_LONG, never_numbered_why
from invoicing.euro_rates import (
    InEuros,
    document_rate,
    ecb_publishes_none,
    euro_rate_declared,
    numbers_named,
    rate_named,
    rate_source,
)
from invoicing.models import Invoice
from invoicing.report import (
    LostDispute,
    Quarter,
    VatRow,
    document_totals,
    documents_of,
    documents_without_euro_rate,
    ec_sales_rows,
    lost_dispute,
    sales_sign,
    scheme,
    vat_rows,
    zero_told_apart,
)
from invoicing.selectors import (
    documents_never_numbered,
    documents_waiting,
    with_not_backed,
)
from morpheus.money import number
from tax.countries import ELSEWHERE, country_code_shown
from tax.models import RateType

VIEW_INVOICES = "invoicing.view_invoice"
# The dashboard's type of a sale to a buyer from Elsewhere; the CSV keeps its rate type for
# the machines that read it.
NO_VAT_DUE = "no VAT due (outside the scope of EU VAT)"
CSV_HEADER = (
    "quarter",
    "scheme",
    "member_state_of_consumption",
    "vat_rate_type",
    "vat_rate",
    "taxable_amount",
    "vat_amount",
    "currency",
    # In euros, as the one-stop shop's return is filed: a row in another currency at the
    # ECB's rate of the quarter's last day (outside probe GU-1).
    "ecb_rate_date",
    "units_per_euro",
    "taxable_amount_eur",
    "vat_amount_eur",
    # Who published the rate: "ECB", or "Finance" for a currency the ECB publishes none of.
    "rate_source",
)


# The scheme column of a lost dispute's row in the CSV: listed beside the return, not in it.
LOST_DISPUTES = "{scheme} lost disputes (not deducted)"


def lost_disputes(quarter: Quarter) -> list[LostDispute]:
    """The quarter's lost disputes (and disputes won after a loss, negative), oldest first."""
    return [
        lost_dispute(
            order_id=event.order_id,
            amount=event.amount,
            currency=event.currency,
            at=event.occurred_at,
        )
        for event in chargebacks(start=quarter.start, end=quarter.end)
    ]


def _lost_dispute_rows(disputes: list[LostDispute]) -> list[VatRow]:
    """The lost disputes' lines summed as the return's rows are: per country, rate, type
    and currency; none where the quarter won back what it lost."""
    rows: dict[tuple, VatRow] = {}
    for dispute in disputes:
        for line in dispute.lines:
            country = line.get("country") or dispute.country
            rate = Decimal(line["rate"])
            rate_type = zero_told_apart(
                country,
                rate,
                line.get("rate_type")
                or (RateType.REVERSE_CHARGE if line.get("reverse_charge") else ""),
            )
            key = (country, rate, rate_type, dispute.currency)
            row = rows.setdefault(key, VatRow(*key))
            row.net += line["net"]
            row.tax += line["tax"]
    kept = [row for row in rows.values() if row.net or row.tax]  # a loss won back in it
    return sorted(kept, key=lambda row: (row.country, row.currency, -row.rate))


def _counted(counts: dict[str, int]) -> str:
    """ "1 invoice and 2 credit notes": each kind counted, in the order given."""
    return _listed([f"{count} {kind}{'s' if count != 1 else ''}" for kind, count in counts.items()])


def documents_waiting_said() -> tuple[str, bool]:
    """The documents waiting for their number, as the invoice list says (it lists issued
    documents only), and whether the oldest has waited too long (`WAITING_TOO_LONG`); empty
    when none waits."""
    waiting, oldest = documents_waiting()
    if not waiting:
        return "", False
    one = sum(waiting.values()) == 1
    said = (
        f"{_counted(waiting)} {'is' if one else 'are'} waiting for "
        f"{'its number' if one else 'their numbers'} (the oldest since {oldest:%Y-%m-%d %H:%M} "
        f"UTC): listed here once the job worker numbers {'it' if one else 'them'}; each order's "
        "page lists its own documents, waiting or not. Still waiting after five minutes: check "
        "that the job worker runs (Jobs)."
    )
    return said, timezone.now() - oldest > WAITING_TOO_LONG


def _never_numbered() -> str:
    """The documents the numbering never numbers, each with why, in Finance's words; empty
    when none."""
    rows = list(with_not_backed(documents_never_numbered()).select_related("order").order_by("pk"))
    if not rows:
        return ""
    one = len(rows) == 1
    each = "; ".join(
        f"id {row.pk}, {row.get_kind_display().lower()} of order {row.order.number}: "
        f"{never_numbered_why(row)}"
        for row in rows
    )
    return (
        f"{len(rows)} document{'' if one else 's'} the numbering never numbers ({each}): "
        f"{'it is' if one else 'they are'} left out of the VAT report and its CSV. Look into "
        f"how {'it was' if one else 'they were'} written."
    )


def _listed(words: list[str]) -> str:
    """ "7, 8 and 9" """
    return " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 2 else words)


def _shown(row: VatRow) -> dict:
    return {
        "country": country_code_shown(row.country) if row.country else "—",
        "rate": row.rate,
        "rate_type": NO_VAT_DUE if row.country == ELSEWHERE else row.rate_type,
        "net": f"{number(row.net, row.currency)} {row.currency}",
        "tax": f"{number(row.tax, row.currency)} {row.currency}",
    }


def _domestic_last(rows: list[VatRow]) -> list[VatRow]:
    """The rows in their order, those of the seller's own country after the others: apart
    from the one-stop-shop rows, for the national VAT return."""
    return sorted(rows, key=lambda row: row.domestic)


def vat_context(request: HttpRequest) -> dict:
    if not request.user.has_perm(VIEW_INVOICES):
        return {}
    typed = request.GET.get("quarter")
    quarter = Quarter.parse(typed)
    rows = vat_rows(quarter)
    waiting, oldest = documents_waiting()
    return {
        "vat_quarter": str(quarter),
        "vat_quarter_open": quarter.open,
        "vat_quarter_last_day": quarter.last_day,
        "vat_waiting": _counted(waiting),
        "vat_waiting_count": sum(waiting.values()),
        "vat_waiting_notes": any(kind != "invoice" for kind in waiting),
        "vat_waiting_since": oldest,
        "vat_never_numbered": _never_numbered(),
        "vat_quarter_refused": typed if typed and Quarter.named(typed) is None else "",
        "vat_rows": [_shown(row) for row in rows if not row.domestic],
        "vat_domestic_rows": [_shown(row) for row in rows if row.domestic],
        "vat_domestic_scheme": scheme(settings.TAX_SELLER_COUNTRY),
        "vat_lost_disputes": [
            {
                "order": dispute.order_number,
                "invoice": dispute.invoice_number or "no invoice",
                "country": country_code_shown(dispute.country) if dispute.country else "—",
                "amount": f"{number(dispute.amount, dispute.currency)} {dispute.currency}",
                "tax": f"{number(dispute.tax, dispute.currency)} {dispute.currency}",
                # Outside probe DW-1: "3.99 EUR, VAT in it 0.16" for 2.99 of the sale left.
                "sold": f"{number(dispute.sold, dispute.currency)} {dispute.currency}"
                if dispute.lines and dispute.sold != dispute.amount
                else "",
                "reversed": dispute.amount < 0,
            }
            for dispute in lost_disputes(quarter)
        ],
        "vat_totals": {
            currency: {key: number(value, currency) for key, value in sums.items()}
            for currency, sums in sorted(document_totals(quarter).items())
        },
        "vat_in_euros": _totals_in_euros(quarter, rows),
        "vat_without_euro_rate": _without_euro_rate(quarter),
    }


def _without_euro_rate(quarter: Quarter) -> str:
    """The quarter's documents in other currencies that state no VAT in euros: numbered
    while no rate of their currency published in the week before their issue was
    recorded."""
    numbers = documents_without_euro_rate(quarter)
    if not numbers:
        return ""
    one = len(numbers) == 1
    return (
        f"{len(numbers)} {'document' if one else 'documents'} in another currency than the "
        f"euro {'states' if one else 'state'} no VAT in euros ({numbers_named(numbers)}): "
        f"{'it was' if one else 'they were'} numbered while no rate of "
        f"{'its' if one else 'their'} currency published in the week before "
        f"{'its' if one else 'their'} issue was recorded. Record the rates every working day "
        "(Euro rates, under Finance) so that the next ones do."
    )


def _totals_in_euros(quarter: Quarter, rows: list[VatRow]) -> list[str]:
    """Per currency other than the euro, its rows in euros added up as the CSV gives them
    (each row converted and rounded on its own), or why it cannot be yet."""
    said = []
    for currency in sorted({row.currency for row in rows} - {"EUR"}):
        rate = euro_rate_declared(currency=currency, last_day=quarter.last_day)
        if rate is None:
            said.append(
                f"{currency}: no rate of {quarter.last_day:%-d %B %Y} (or of the week after) "
                "is recorded yet; the CSV declares these sales in euros once it is (Euro "
                f"rates, under Finance){_and_why(currency)}."
            )
            continue
        of_currency = [row for row in rows if row.currency == currency]
        net, tax = (
            number(sum(rate.of(getattr(row, key), currency) for row in of_currency), "EUR")
            for key in ("net", "tax")
        )
        said.append(
            f"{currency} in euros, at {rate_named(currency)} of {rate.rate.day:%-d %B %Y} "
            f"(1 EUR = {rate.rate.units_per_euro.normalize():f} {currency}"
            f"{_and_why(currency)}): {net} net, {tax} VAT EUR"
        )
    return said


def _and_why(currency: str) -> str:
    return f"; {words}" if (words := ecb_publishes_none(currency)) else ""


def vat_csv_response(quarter: Quarter) -> HttpResponse:
    """The quarter's CSV for the VAT returns."""
    declared = [(row, row.scheme) for row in _domestic_last(vat_rows(quarter))]
    listed = [
        (row, LOST_DISPUTES.format(scheme=row.scheme))
        for row in _domestic_last(_lost_dispute_rows(lost_disputes(quarter)))
    ]
    currencies = {row.currency for row, _ in declared + listed} - {"EUR"}
    rates = {
        currency: euro_rate_declared(currency=currency, last_day=quarter.last_day)
        for currency in sorted(currencies)
    }
    missing = [currency for currency, rate in rates.items() if rate is None]
    if missing and not quarter.open:
        return _no_euro_rate(quarter, missing)
    rows = [
        (
            str(quarter),
            filed_under,
            row.country,
            row.rate_type,
            row.rate,
            _plain(row.net, row.currency),
            _plain(row.tax, row.currency),
            row.currency,
            *_in_euros(row, rates.get(row.currency)),
        )
        for row, filed_under in declared + listed
    ]
    return _quarter_csv(quarter, name="vat", header=CSV_HEADER, rows=rows)


def _in_euros(row: VatRow, rate: InEuros | None) -> tuple[str, str, str, str, str]:
    """The row's ECB rate (or Finance's) and amounts in euros; a euro row's own amounts;
    blank while the rate of a quarter not over is not published."""
    if row.currency == "EUR":
        return "", "", _plain(row.net, "EUR"), _plain(row.tax, "EUR"), ""
    if rate is None:
        return "", "", "", "", ""
    return (
        f"{rate.rate.day:%Y-%m-%d}",
        f"{rate.rate.units_per_euro.normalize():f}",
        _plain(rate.of(row.net, row.currency), "EUR"),
        _plain(rate.of(row.tax, row.currency), "EUR"),
        rate_source(row.currency),
    )


def _no_euro_rate(quarter: Quarter, currencies: list[str]) -> HttpResponse:
    named = " and ".join(currencies)
    return HttpResponse(
        f"No CSV for {quarter} yet: it has sales in {named}, declared in euros at the ECB's "
        f"rate of {quarter.last_day:%-d %B %Y} (or of the next day it published one), and no "
        f"such rate of {named} is recorded. Record it under Finance, Euro rates (or load the "
        "ECB's file: manage.py euro_rates_load), then download the CSV again."
        + "".join(
            f" {ecb_publishes_none(currency)[0].upper()}{ecb_publishes_none(currency)[1:]}: "
            "record the rate you declare at."
            for currency in currencies
            if ecb_publishes_none(currency)
        ),
        status=409,
        content_type="text/plain; charset=utf-8",
    )


EC_SALES_HEADER = ("quarter", "customer_vat_number", "country", "business_name", "net", "currency")


def ec_sales_csv_response(quarter: Quarter) -> HttpResponse:
    """The quarter's EC sales list: the reverse-charge supplies per customer VAT number."""
    rows = [
        (
            str(quarter),
            row.vat_id,
            row.country,
            as_text(row.business_name),
            _plain(row.net, row.currency),
            row.currency,
        )
        for row in ec_sales_rows(quarter)
    ]
    return _quarter_csv(quarter, name="ec-sales", header=EC_SALES_HEADER, rows=rows)


DOCUMENTS_HEADER = (
    "number",
    "kind",
    "issued_on",
    "order",
    "credits_invoice",
    "buyer",
    "buyer_country",
    "buyer_vat_number",
    "net",
    "vat",
    "total",
    "currency",
    # The VAT in euros the document states: a euro document's own, another's at the ECB
    # rate frozen when it was numbered (blank when none was recorded then).
    "vat_eur",
    "ecb_rate_date",
    "units_per_euro",
    "rate_source",
)


def documents_csv_response(quarter: Quarter) -> HttpResponse:
    """The quarter's register of documents: each with its amounts as they count in the
    quarter's sales (a credit note's negative), so that they add up to the VAT CSV's."""
    rows = []
    for document in documents_of(quarter):
        sign, buyer = sales_sign(document), document.buyer
        rows.append(
            (
                document.number,
                document.get_kind_display(),
                f"{document.issued_at:%Y-%m-%d}",
                document.order.number,
                document.credited_invoice.number if document.credited_invoice else "",
                as_text(buyer.get("business_name") or buyer.get("name") or buyer.get("email", "")),
                buyer.get("country", ""),
                buyer.get("vat_id", ""),
                *(
                    _plain(sign * amount, document.currency)
                    for amount in (document.net_amount, document.tax_amount, document.total_amount)
                ),
                document.currency,
                *_vat_in_euros(document, sign),
            )
        )
    return _quarter_csv(quarter, name="documents", header=DOCUMENTS_HEADER, rows=rows)


def _vat_in_euros(document: Invoice, sign: int) -> tuple[str, str, str, str]:
    if document.currency == "EUR":
        return (_plain(sign * document.tax_amount, "EUR"), "", "", "")
    rate = document_rate(document)
    if rate is None:
        return ("", "", "", "")
    return (
        _plain(rate.of(sign * document.tax_amount, document.currency), "EUR"),
        f"{rate.rate.day:%Y-%m-%d}",
        f"{rate.rate.units_per_euro.normalize():f}",
        rate_source(document.currency),
    )


def _quarter_csv(quarter: Quarter, *, name: str, header: tuple, rows: list[tuple]) -> HttpResponse:
    """A quarter's CSV; refused, saying why, while a document that may fall in it waits for
    its number (numbering never dates a document earlier, but may date it later, up to the
    number before it): the file would leave it out without a word."""
    waiting, oldest = documents_waiting(before=quarter.end)
    if waiting:
        return _csv_refused(quarter, waiting, oldest)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    so_far = "-so-far" if quarter.open else ""  # not the quarter's figures yet
    return csv_response(file_name=f"{name}-{quarter}{so_far}.csv", body=buffer.getvalue())


def _plain(amount: int, currency: str) -> str:
    """An amount as a spreadsheet reads a number: its decimals, no thousands separator."""
    return number(amount, currency).replace(",", "")


def _csv_refused(quarter: Quarter, waiting: dict[str, int], oldest: datetime) -> HttpResponse:
    one = sum(waiting.values()) == 1
    return HttpResponse(
        f"No CSV for {quarter} yet: {_counted(waiting)} "
        f"{'is waiting for its number' if one else 'are waiting for their numbers'} "
        f"(the oldest since {oldest:%Y-%m-%d %H:%M} UTC), which the job worker gives a moment "
        f"after each payment or refund, and the CSV would leave {'it' if one else 'them'} "
        "out. Try again in a minute; if the dashboard still says "
        f"{'it waits' if one else 'they wait'}, check that the job worker runs.",
        status=409,
        content_type="text/plain; charset=utf-8",
    )
