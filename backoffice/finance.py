"""The quarter's VAT on the dashboard and as CSV in the shape of a one-stop-shop return."""

import csv
import io

from django.http import HttpRequest, HttpResponse

from invoicing.report import Quarter, document_totals, vat_rows
from morpheus.money import number
from tax.countries import ELSEWHERE, country_code_shown

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
)


def vat_context(request: HttpRequest) -> dict:
    if not request.user.has_perm(VIEW_INVOICES):
        return {}
    typed = request.GET.get("quarter")
    quarter = Quarter.parse(typed)
    rows = vat_rows(quarter)
    return {
        "vat_quarter": str(quarter),
        "vat_quarter_refused": typed if typed and Quarter.named(typed) is None else "",
        "vat_rows": [
            {
                "country": country_code_shown(row.country) if row.country else "—",
                "rate": row.rate,
                "rate_type": NO_VAT_DUE if row.country == ELSEWHERE else row.rate_type,
                "net": f"{number(row.net, row.currency)} {row.currency}",
                "tax": f"{number(row.tax, row.currency)} {row.currency}",
            }
            for row in rows
        ],
        "vat_totals": {
            currency: {key: number(value, currency) for key, value in sums.items()}
            for currency, sums in sorted(document_totals(quarter).items())
        },
    }


def vat_csv_response(quarter: Quarter) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for row in vat_rows(quarter):
        writer.writerow(
            (
                str(quarter),
                row.scheme,
                row.country,
                row.rate_type,
                row.rate,
                number(row.net, row.currency).replace(",", ""),
                number(row.tax, row.currency).replace(",", ""),
                row.currency,
            )
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="vat-{quarter}.csv"'
    return response
