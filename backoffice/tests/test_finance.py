"""The quarter's VAT report reconciles with the invoices and credit notes issued in it."""

import csv
import io
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from invoicing.models import Invoice
from invoicing.report import Quarter, document_totals, vat_rows
from invoicing.tests.test_services import paid_order
from morpheus.db_context import system_scope
from orders import services as order_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def quarter_of_sales(settings) -> Quarter:
    settings.TAX_DEFAULT_COUNTRY = "FR"
    french = paid_order(1055, 999)
    settings.TAX_DEFAULT_COUNTRY = "DE"
    german = paid_order(499, 1299)
    settings.TAX_DEFAULT_COUNTRY = "DK"
    paid_order(1000)
    with system_scope():
        order_services.order_record_refunded_amount(
            order=french, refunded_total=777, actor="test", reason="partial"
        )
        order_services.order_record_refunded_amount(
            order=german, refunded_total=german.total_amount, actor="test", reason="full"
        )
    return Quarter.parse(None)


def test_the_vat_rows_add_up_to_the_invoices_less_the_credit_notes(quarter_of_sales):
    with system_scope():
        rows = vat_rows(quarter_of_sales)
        totals = document_totals(quarter_of_sales)
        documents = list(Invoice.objects.all())
    assert {(row.country, str(row.rate), row.rate_type) for row in rows} == {
        ("FR", "5.50", "reduced"),
        ("DE", "7.00", "reduced"),
        ("DK", "25.00", "standard"),
    }
    assert sum(row.net for row in rows) == totals["EUR"]["net"]
    assert sum(row.tax for row in rows) == totals["EUR"]["tax"]
    signed = [(-1 if d.is_credit_note else 1, d) for d in documents]
    assert totals["EUR"]["tax"] == sum(sign * d.tax_amount for sign, d in signed)
    german = next(row for row in rows if row.country == "DE")
    assert (german.net, german.tax) == (0, 0)  # fully refunded


def test_documents_outside_the_quarter_are_left_out(quarter_of_sales, settings):
    before = quarter_of_sales.start - timedelta(days=1)
    with time_machine.travel(before, tick=False):
        paid_order(2000)
    earlier = Quarter.parse(f"{before.year}-Q{(before.month - 1) // 3 + 1}")
    with system_scope():
        assert [(row.country, row.net + row.tax) for row in vat_rows(earlier)] == [("DK", 2000)]
        assert sum(row.net + row.tax for row in vat_rows(quarter_of_sales)) == (
            1055 + 999 - 777 + 1000
        )


def test_finance_sees_the_quarter_on_the_dashboard_and_downloads_the_csv(
    quarter_of_sales, finance_client
):
    page = finance_client.get(reverse("admin:index"), {"quarter": str(quarter_of_sales)})
    assert f"VAT collected, {quarter_of_sales}" in page.content.decode()
    response = finance_client.get(
        reverse("admin:invoicing_invoice_vat_csv"), {"quarter": str(quarter_of_sales)}
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    with system_scope():
        expected = vat_rows(quarter_of_sales)
    assert [(r["member_state_of_consumption"], r["vat_rate"], r["vat_amount"]) for r in rows] == [
        (row.country, str(row.rate), f"{row.tax / 100:.2f}") for row in expected
    ]
    assert {r["scheme"] for r in rows} == {"EU OSS"}


def test_the_dashboard_names_sales_to_elsewhere_by_where_they_went_and_as_owing_no_vat(
    finance_client, settings
):
    """Outside testers (FT-1): the dashboard typed them "standard" at 0 %; the CSV, which
    machines read, keeps its code and rate type."""
    settings.TAX_DEFAULT_COUNTRY = "ZZ"
    paid_order(1000)
    quarter = str(Quarter.parse(None))

    page = finance_client.get(reverse("admin:index")).content.decode()
    report = finance_client.get(reverse("admin:invoicing_invoice_vat_csv"), {"quarter": quarter})

    elsewhere = "Elsewhere (outside the EU, the UK, Norway and Switzerland)"
    assert (
        f"<tr><td>{elsewhere}</td><td>0.00 %</td>"
        "<td>no VAT due (outside the scope of EU VAT)</td><td>10.00 EUR</td><td>0.00 EUR</td></tr>"
    ) in page
    assert report.content.decode().splitlines()[1:] == [
        f"{quarter},none,ZZ,standard,0.00,10.00,0.00,EUR"
    ]


@pytest.mark.parametrize("typed", ["0000-Q1", "9999-Q4", "2026-Q5", "abc"])
def test_no_real_quarter_shows_the_current_one_on_the_dashboard_saying_so(finance_client, typed):
    """Found by an outside probe: the current quarter was shown with no word of why."""
    current = Quarter.parse("")
    page = finance_client.get(reverse("admin:index"), {"quarter": typed}).content.decode()

    assert f"VAT collected, {current}" in page
    assert f"No such quarter: “{typed}”. Name one as 2026-Q4; this is the current quarter." in page


def test_a_quarter_typed_in_lower_case_is_read(finance_client, quarter_of_sales):
    """Found by an outside probe: "2026-q1" was no quarter."""
    typed = str(quarter_of_sales).lower()

    page = finance_client.get(reverse("admin:index"), {"quarter": typed}).content.decode()
    report = finance_client.get(reverse("admin:invoicing_invoice_vat_csv"), {"quarter": typed})

    assert f"VAT collected, {quarter_of_sales}" in page
    assert "No such quarter" not in page
    assert report.status_code == 200


def test_the_dashboard_without_a_quarter_shows_the_current_one_with_no_refusal(finance_client):
    page = finance_client.get(reverse("admin:index")).content.decode()

    assert f"VAT collected, {Quarter.parse('')}" in page
    assert "No such quarter" not in page


@pytest.mark.parametrize(
    "typed", ["0000-Q1", "9999-Q4", "2026-Q5", "last quarter", "", "١٢٣٤-Q1", "2026-Q4\n"]
)
def test_the_vat_csv_of_no_real_quarter_is_refused_not_swapped_for_another(finance_client, typed):
    report = finance_client.get(reverse("admin:invoicing_invoice_vat_csv"), {"quarter": typed})

    assert report.status_code == 400
    assert report["Content-Type"] == "text/plain; charset=utf-8"  # the typed text read back
    assert f"No such quarter: {typed!r}" in report.content.decode()


def test_the_vat_csv_without_a_quarter_is_the_current_one(finance_client):
    report = finance_client.get(reverse("admin:invoicing_invoice_vat_csv"))

    assert report["Content-Disposition"] == f'attachment; filename="vat-{Quarter.parse("")}.csv"'
