"""The quarter's VAT report reconciles with the invoices and credit notes issued in it."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from backoffice.tests.helpers import dispute_closed
from invoicing.models import DocumentKind, Invoice
from invoicing.report import Quarter, document_totals, lost_dispute, vat_rows
from invoicing.services import debit_note_issue
from invoicing.tests.helpers import documents
from invoicing.tests.test_services import paid_order
from invoicing.tests.test_services_untrusted_rows import forged_credit_note
from morpheus.db_context import system_scope
from morpheus_testing.factories import BUSINESS, ComicFactory, PaymentFactory, create_order
from morpheus_testing.jobs import invoices_numbered
from orders import services as order_services
from orders.buyer import BuyerDeclaration
from orders.transitions import OrderStatus
from tax.models import ItemTax, TaxRule
from tax.services import tax_rule_save

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
    invoices_numbered()
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


def _invoice_of_a_refund_that_came_back(settings) -> Invoice:
    """A French order's invoice, credited 2.00 by a refund, then debited 2.00 as it came back."""
    settings.TAX_DEFAULT_COUNTRY = "FR"
    order = paid_order(499, 699, 399)
    with system_scope():
        order_services.order_record_refunded_amount(
            order=order, refunded_total=200, actor="test", reason="refund", refund_reference="re_x"
        )
        debit_note_issue(order_id=order.pk, amount=200, refunded_total=0, refund_reference="re_x")
    invoices_numbered()
    with system_scope():
        return Invoice.objects.get(order=order, kind=DocumentKind.INVOICE)


def test_the_vat_csv_counts_a_refund_that_came_back_as_not_refunded(settings, finance_client):
    """Outside probe BO-3: the credit note of a refund the customer's bank sent back still
    lowered the VAT due; its debit note gives the invoiced figures back."""
    invoice = _invoice_of_a_refund_that_came_back(settings)
    quarter = str(Quarter.parse(None))

    report = finance_client.get(reverse("admin:invoicing_invoice_vat_csv"), {"quarter": quarter})

    rows = list(csv.DictReader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert [
        (r["member_state_of_consumption"], r["taxable_amount"], r["vat_amount"]) for r in rows
    ] == [("FR", f"{invoice.net_amount / 100:.2f}", f"{invoice.tax_amount / 100:.2f}")]


def test_the_dashboards_vat_total_says_it_adds_the_debit_notes(settings, finance_client):
    """Outside probe BP-6: the total was captioned "Invoices less credit notes" though it
    added the debit notes too, which Finance reconciling would not look for."""
    invoice = _invoice_of_a_refund_that_came_back(settings)

    page = finance_client.get(reverse("admin:index")).content.decode()

    assert (
        "Invoices less credit notes, plus debit notes: "
        f"{invoice.net_amount / 100:.2f} net, {invoice.tax_amount / 100:.2f} VAT EUR"
    ) in page


def test_an_invoice_for_zero_adds_no_row_to_the_vat_report(quarter_of_sales, settings):
    """An order with nothing to pay has an invoice for zero (outside probe BJ-11): no sale
    for a price, so no row of zeros for its country on the return."""
    settings.TAX_DEFAULT_COUNTRY = "AT"
    free = create_order(comics=[ComicFactory(price_amount=0)])
    with system_scope():
        order_services.order_complete_free(order=free, actor="customer:test")
    invoices_numbered()
    with system_scope():
        rows = vat_rows(quarter_of_sales)
        assert Invoice.objects.filter(order=free).exists()
    assert "AT" not in {row.country for row in rows}


@pytest.fixture
def sale_the_day_before_the_quarter(settings) -> Quarter:
    """A sale on the last day of the quarter before this one (numbered then: an invoice is
    never dated before the last one issued); that quarter."""
    before = Quarter.parse(None).start - timedelta(days=1)
    settings.TAX_DEFAULT_COUNTRY = "DK"
    with time_machine.travel(before, tick=False):
        paid_order(2000)
    return Quarter.parse(f"{before.year}-Q{(before.month - 1) // 3 + 1}")


def test_documents_outside_the_quarter_are_left_out(
    sale_the_day_before_the_quarter, quarter_of_sales
):
    earlier = sale_the_day_before_the_quarter
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
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
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
        f'<tr><td>{elsewhere}</td><td data-label="Rate">0.00 %</td>'
        '<td data-label="Type">no VAT due (outside the scope of EU VAT)</td>'
        '<td data-label="Taxable amount">10.00 EUR</td><td data-label="VAT">0.00 EUR</td></tr>'
    ) in page
    assert report.content.decode().splitlines()[1:] == [
        f"{quarter},none,ZZ,standard,0.00,10.00,0.00,EUR,,,10.00,0.00,"
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

    assert (
        report["Content-Disposition"]
        == f'attachment; filename="vat-{Quarter.parse("")}-so-far.csv"'
    )


def _csv_rows(client, quarter: str) -> list[str]:
    """The rows as the return's columns give them, in the documents' currencies (the euro
    columns after them are `_in_euros`')."""
    report = client.get(reverse("admin:invoicing_invoice_vat_csv"), {"quarter": quarter})
    return [",".join(row[:8]) for row in csv.reader(report.content.decode().splitlines()[1:])]


def _noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def _placed(day: date, price: int):
    with time_machine.travel(_noon(day), tick=False):
        return create_order(
            comics=[ComicFactory(price_amount=price)], status=OrderStatus.PROCESSING
        )


def _paid(order, day: date):
    PaymentFactory(order=order, stripe_payment_intent_id=f"pi_invoice_{order.pk}")
    with time_machine.travel(_noon(day), tick=False):
        with system_scope():
            order_services.order_transition(order=order, name="mark_paid", actor="test", reason="t")
        invoices_numbered()
    return order


def _paid_on(day: date, price: int):
    return _paid(_placed(day, price), day)


def test_a_sale_before_a_rate_change_in_its_quarter_is_declared_at_the_standard_rate_it_paid(
    finance_client, settings
):
    """Outside probe BA-1: Finland's standard rate rose from 24 % to 25.5 % on 1 Sep 2024 (the
    shipped rules); a 24 % sale of August was typed "reduced", as by 25.5 % on 30 Sep. An
    order placed at 24 % on 31 Aug and paid on 1 Sep is a 24 % standard-rate sale too."""
    settings.TAX_DEFAULT_COUNTRY = "FI"
    _paid_on(date(2024, 8, 15), 1240)
    _paid(_placed(date(2024, 8, 31), 1240), date(2024, 9, 1))
    _paid_on(date(2024, 9, 10), 1255)

    assert _csv_rows(finance_client, "2024-Q3") == [
        "2024-Q3,EU OSS,FI,standard,25.50,10.00,2.55,EUR",
        "2024-Q3,EU OSS,FI,standard,24.00,20.00,4.80,EUR",
    ]


def test_a_rate_change_recorded_later_leaves_the_quarters_return_as_it_was(
    finance_client, settings
):
    """Outside probe BA-1: Finance ending Hungary's 27 % on 20 Dec and adding 28 % turned the
    27 % sale of 4 Dec into a "reduced" one in the return of its quarter."""
    settings.TAX_DEFAULT_COUNTRY = "HU"
    _paid_on(date(2026, 12, 4), 999)
    filed = _csv_rows(finance_client, "2026-Q4")
    change = date(2026, 12, 20)

    with system_scope():
        old = TaxRule.objects.get(country="HU", category="standard")
        old.valid_to = change
        tax_rule_save(rule=old, actor="staff:finance")
        new = TaxRule(country="HU", category="standard", rate="28", valid_from=change)
        tax_rule_save(rule=new, actor="staff:finance")

    assert filed == ["2026-Q4,EU OSS,HU,standard,27.00,7.87,2.12,EUR"]
    assert _csv_rows(finance_client, "2026-Q4") == filed
    page = finance_client.get(reverse("admin:index"), {"quarter": "2026-Q4"}).content.decode()
    assert '<td data-label="Rate">27.00 %</td><td data-label="Type">standard</td>' in page


def test_a_refund_after_a_rate_change_is_credited_at_the_rate_type_of_the_sale(
    finance_client, settings
):
    settings.TAX_DEFAULT_COUNTRY = "FI"
    order = _paid_on(date(2024, 8, 15), 1240)

    with time_machine.travel(_noon(date(2024, 10, 5)), tick=False), system_scope():
        order_services.order_record_refunded_amount(
            order=order, refunded_total=620, actor="test", reason="partial"
        )
    invoices_numbered()  # later: the credit note keeps the refund's date

    assert _csv_rows(finance_client, "2024-Q4") == [
        "2024-Q4,EU OSS,FI,standard,24.00,-5.00,-1.20,EUR"
    ]


def test_a_sale_whose_vat_recorded_no_rate_type_is_typed_by_the_rates_of_its_invoice_day(
    finance_client, settings
):
    """Items whose VAT was recorded before it carried the rate type (or by the previous
    release during a deploy) are typed by the standard rate on the day of supply."""
    settings.TAX_DEFAULT_COUNTRY = "FI"
    order = _placed(date(2024, 8, 15), 1240)
    with system_scope():
        ItemTax.objects.filter(order=order).update(rate_type="")
    _paid(order, date(2024, 8, 15))

    assert _csv_rows(finance_client, "2024-Q3") == [
        "2024-Q3,EU OSS,FI,standard,24.00,10.00,2.40,EUR"
    ]


def test_a_lost_dispute_is_listed_beside_the_quarters_vat_with_the_vat_in_it_not_deducted(
    finance_client, settings
):
    """Outside probe: the VAT of a charged-back sale was declared with nothing beside it."""
    settings.TAX_DEFAULT_COUNTRY = "FR"
    order = paid_order(1055, 999)
    dispute_closed(order, "lost", 1055 + 999)
    quarter = str(Quarter.parse(None))
    with system_scope():
        invoice = Invoice.objects.get(order=order)

    page = finance_client.get(reverse("admin:index")).content.decode()
    report = finance_client.get(reverse("admin:invoicing_invoice_vat_csv"), {"quarter": quarter})

    table = page.split('id="vat-lost-disputes"')[1].split("</table>")[0]
    assert (
        f'<tr><td>{order.number}</td><td data-label="Invoice">{invoice.number}</td>'
        '<td data-label="Country">FR</td><td data-label="Amount">20.54 EUR</td>'
        f'<td data-label="VAT in it">{invoice.tax_amount / 100:.2f} EUR</td></tr>'
    ) in table
    assert "Lost disputes (charged back), " in page
    assert "not deducted above" in page
    assert report.content.decode().splitlines()[1:] == [
        f"{quarter},EU OSS,FR,reduced,5.50,19.47,1.07,EUR,,,19.47,1.07,",
        f"{quarter},EU OSS lost disputes (not deducted),FR,reduced,5.50,19.47,1.07,EUR,"
        ",,19.47,1.07,",
    ]

    dispute_closed(order, "won", 1055 + 999)

    report = finance_client.get(reverse("admin:invoicing_invoice_vat_csv"), {"quarter": quarter})
    assert report.content.decode().splitlines()[1:] == [
        f"{quarter},EU OSS,FR,reduced,5.50,19.47,1.07,EUR,,,19.47,1.07,"
    ]


def test_a_lost_dispute_of_more_than_refunds_left_says_what_of_the_sale_its_vat_is_in(
    finance_client, settings
):
    """Outside probe DW-1: "3.99 EUR, VAT in it 0.16 EUR", the VAT of the 2.99 a refund of
    1.00 had left of the sale: the row did not agree with itself."""
    settings.TAX_DEFAULT_COUNTRY = "FR"
    order = paid_order(1000)
    with system_scope():
        order_services.order_record_refunded_amount(
            order=order, refunded_total=100, actor="test", reason="partial"
        )
    invoices_numbered()
    dispute_closed(order, "lost", 1000)

    page = finance_client.get(reverse("admin:index")).content.decode()

    table = page.split('id="vat-lost-disputes"')[1].split("</table>")[0]
    assert (
        '<td data-label="Amount">10.00 EUR <span class="bo-muted" '
        'data-testid="lost-dispute-sold">(of the sale: 9.00 EUR, what refunds had left of '
        "it)</span></td>"
    ) in table


def test_sales_in_the_sellers_own_country_are_filed_as_domestic_after_the_oss_rows(
    finance_client, settings
):
    """Outside probe BS-1: a sale to a consumer in Ireland, the seller's country, was filed
    under "EU OSS", so the OSS return Finance filed held sales of the Irish VAT return."""
    settings.TAX_SELLER_COUNTRY = "IE"
    for country in ("AT", "IE", "IT"):
        settings.TAX_DEFAULT_COUNTRY = country
        paid_order(1000)
    settings.TAX_DEFAULT_COUNTRY = "IE"
    irish = paid_order(598)
    dispute_closed(irish, "lost", 598)
    quarter = str(Quarter.parse(None))

    assert _csv_rows(finance_client, quarter) == [
        f"{quarter},EU OSS,AT,reduced,10.00,9.09,0.91,EUR",
        f"{quarter},EU OSS,IT,reduced,4.00,9.62,0.38,EUR",
        f"{quarter},Domestic (IE VAT return),IE,zero,0.00,15.98,0.00,EUR",
        f"{quarter},Domestic (IE VAT return) lost disputes (not deducted),"
        "IE,zero,0.00,5.98,0.00,EUR",
    ]


def test_a_uk_sale_at_0_percent_is_filed_zero_rated_and_an_oss_one_at_0_percent_reduced(
    finance_client, settings
):
    """Outside probe GU-5: the UK return's "zero-rated" sale was typed "reduced"; the
    one-stop shop's return types rates as standard or reduced only."""
    for country in ("GB", "CZ"):
        settings.TAX_DEFAULT_COUNTRY = country
        paid_order(1000)
    quarter = str(Quarter.parse(None))

    assert _csv_rows(finance_client, quarter) == [
        f"{quarter},EU OSS,CZ,reduced,0.00,10.00,0.00,EUR",
        f"{quarter},UK VAT,GB,zero,0.00,10.00,0.00,EUR",
    ]


def test_the_dashboard_shows_sales_in_the_sellers_own_country_apart_from_the_oss_rows(
    finance_client, settings
):
    """Outside probe BS-1: the Irish row stood among the one-stop-shop rows, under the link
    to the CSV for the OSS return, with no word of it being domestic."""
    settings.TAX_SELLER_COUNTRY = "IE"
    settings.TAX_DEFAULT_COUNTRY = "FR"
    paid_order(1055)
    settings.TAX_DEFAULT_COUNTRY = "IE"
    paid_order(598)

    page = finance_client.get(reverse("admin:index")).content.decode()

    oss, domestic = page.split('id="vat-domestic-title"')
    assert "<tr><td>FR</td>" in oss
    assert "<td>IE</td>" not in oss.split('id="vat-quarter"')[1]
    assert (
        "Domestic (IE VAT return): sales in the shop's own country, not in the OSS return"
        in domestic
    )
    assert (
        '<tr><td>IE</td><td data-label="Rate">0.00 %</td><td data-label="Type">zero</td>'
        '<td data-label="Taxable amount">5.98 EUR</td><td data-label="VAT">0.00 EUR</td></tr>'
        in domestic.split("</table>")[0]
    )


def test_finance_is_told_of_invoices_waiting_for_their_number_and_sees_none_of_them(
    finance_client,
):
    """Outside probe BU (BU-1, BU-6): the report left waiting invoices out without a word,
    and the invoice list showed a credit note whose invoice it could not open."""
    order = paid_order(499, numbered=False)
    with system_scope():
        order_services.order_record_refunded_amount(
            order=order, refunded_total=200, actor="test", reason="partial"
        )

    dashboard = finance_client.get(reverse("admin:index")).content.decode()
    listed = finance_client.get(reverse("admin:invoicing_invoice_changelist")).content.decode()
    assert "1 invoice and 1 credit note are waiting for their numbers" in dashboard
    assert "CN-" not in listed

    invoices_numbered()
    dashboard = finance_client.get(reverse("admin:index")).content.decode()
    listed = finance_client.get(reverse("admin:invoicing_invoice_changelist")).content.decode()
    assert "waiting for" not in dashboard
    assert "CN-" in listed
    assert "INV-" in listed


def test_finance_is_told_of_a_refunds_credit_note_waiting_for_its_number(finance_client):
    """Outside probe BV (BV-6): numbered by the job like invoices, a refund's credit note is
    left out of the report until then, which the dashboard says."""
    order = paid_order(499)
    with system_scope():
        order_services.order_record_refunded_amount(
            order=order, refunded_total=200, actor="test", reason="partial"
        )

    dashboard = finance_client.get(reverse("admin:index")).content.decode()
    assert "1 credit note is waiting for its number (the oldest since " in dashboard
    assert "until the job worker numbers it (keeping the date paid or refunded;" in dashboard
    assert "and the CSV of a quarter it may fall in is not given until then." in dashboard

    invoices_numbered()
    dashboard = finance_client.get(reverse("admin:index")).content.decode()
    assert "waiting for" not in dashboard


def test_the_vat_csv_is_refused_saying_why_while_a_document_of_its_quarter_waits(
    finance_client,
):
    """Outside probe BV (BV-7): the CSV left the invoices waiting for their number out
    without a word (only the dashboard said so), and Finance filed it."""
    order = paid_order(499, numbered=False)
    quarter = Quarter.parse(None)
    before = Quarter.parse(f"{quarter.year - 1}-Q{quarter.number}")

    refused = finance_client.get(reverse("admin:invoicing_invoice_vat_csv"), {"quarter": quarter})
    assert (refused.status_code, refused["Content-Type"]) == (409, "text/plain; charset=utf-8")
    assert not refused.has_header("Content-Disposition")
    said = refused.content.decode()
    assert said.startswith(f"No CSV for {quarter} yet: 1 invoice is waiting for its number")
    assert "the CSV would leave it out. Try again in a minute;" in said
    earlier = finance_client.get(reverse("admin:invoicing_invoice_vat_csv"), {"quarter": before})
    assert earlier.status_code == 200  # numbering never dates it earlier

    invoices_numbered()
    with system_scope():
        (invoice,) = Invoice.objects.filter(order=order)
    rows = _csv_rows(finance_client, str(quarter))
    assert [row.split(",")[-3] for row in rows] == [f"{invoice.net_amount / 100:.2f}"]


def test_a_row_the_numbering_never_numbers_neither_blocks_the_csv_nor_is_said_to_wait(
    finance_client,
):
    """Outside probe BY (BY-4): a credit note forged in a series of its own, which the
    numbering never numbers (invoicing 0014), had the CSV of its quarter refused for good
    ("Try again in a minute") and the dashboard say it waited for its number."""
    order = paid_order(499)
    forged = forged_credit_note(
        documents(order)[0], series="ZZZ", issued_at=timezone.now(), refunded_total=100
    )
    quarter = Quarter.parse(None)

    given = finance_client.get(reverse("admin:invoicing_invoice_vat_csv"), {"quarter": quarter})
    assert given.status_code == 200
    assert given["Content-Disposition"] == f'attachment; filename="vat-{quarter}-so-far.csv"'
    dashboard = finance_client.get(reverse("admin:index")).content.decode()
    assert "waiting for" not in dashboard
    assert (
        f"1 document the numbering never numbers (id {forged}, credit note of order "
        f"{order.number}: its series, ZZZ, is not its kind&#x27;s (CN): the shop did not write "
        "it): it is left out of the VAT report and its CSV. Look into how it was written."
        in dashboard
    )


def test_a_credit_note_no_refund_backs_is_said_why_it_is_never_numbered(finance_client):
    """Helper LW: such a row written before invoicing 0017, in the credit notes' own series,
    is never numbered too, and the card read "series , not the shop's"."""
    order = paid_order(499)
    forged = forged_credit_note(
        documents(order)[0], series="CN", issued_at=timezone.now(), refunded_total=100
    )
    invoices_numbered()

    dashboard = finance_client.get(reverse("admin:index")).content.decode()

    assert (
        f"(id {forged}, credit note of order {order.number}: no refund of its order backs it "
        "(it would credit more than the order&#x27;s refunded total): the shop did not write "
        "it): it is left out of the VAT report" in dashboard
    )


def test_an_invoice_waiting_still_blocks_the_csv_beside_a_row_never_numbered(finance_client):
    forged_credit_note(
        documents(paid_order(499))[0], series="ZZZ", issued_at=timezone.now(), refunded_total=100
    )
    paid_order(250, numbered=False)
    quarter = Quarter.parse(None)

    refused = finance_client.get(reverse("admin:invoicing_invoice_vat_csv"), {"quarter": quarter})
    assert refused.status_code == 409
    assert refused.content.decode().startswith(
        f"No CSV for {quarter} yet: 1 invoice is waiting for its number (the oldest since "
    )
    dashboard = finance_client.get(reverse("admin:index")).content.decode()
    assert "1 invoice is waiting for its number (the oldest since " in dashboard
    assert "1 document the numbering never numbers" in dashboard

    invoices_numbered()
    given = finance_client.get(reverse("admin:invoicing_invoice_vat_csv"), {"quarter": quarter})
    assert given.status_code == 200


def test_a_dispute_lost_while_the_invoice_waits_names_it_as_being_numbered():
    """Outside probe BV (BV-4): the dashboard said "no invoice" beside that invoice's VAT."""
    order = paid_order(499, numbered=False)
    with system_scope():
        lost = lost_dispute(order_id=order.pk, amount=499, currency="EUR", at=timezone.now())
    assert (lost.invoice_number, lost.amount) == ("being numbered", 499)
    assert sum(line["gross"] for line in lost.lines) == 499


def test_the_vat_csv_of_a_year_before_1000_is_named_as_asked(finance_client):
    """Outside probe CV-2: `quarter=0001-Q1` gave "vat-1-Q1.csv", a name the report does not
    take back."""
    report = finance_client.get(reverse("admin:invoicing_invoice_vat_csv"), {"quarter": "0001-Q1"})

    assert report["Content-Disposition"] == 'attachment; filename="vat-0001-Q1.csv"'


def _business_paid(number: str, country: str, price: int):
    order = create_order(
        comics=[ComicFactory(price_amount=price)],
        declaration=BuyerDeclaration(country=country, vat_number=number, **BUSINESS),
        status=OrderStatus.PROCESSING,
    )
    PaymentFactory(order=order, stripe_payment_intent_id=f"pi_business_{order.pk}")
    with system_scope():
        order_services.order_transition(order=order, name="mark_paid", actor="test", reason="t")
    return order


def _net_left(order) -> str:
    invoice, *notes = documents(order)
    return f"{(invoice.net_amount - sum(note.net_amount for note in notes)) / 100:.2f}"


def test_the_ec_sales_list_gives_each_business_customers_reverse_charge_sales(
    settings, finance_client
):
    """Outside probe GU-2: the README puts reverse-charge sales on the EC sales list, which
    is filed per customer VAT number, and nothing listed them so: Finance added them up from
    the invoices and credit notes."""
    settings.TAX_SELLER_COUNTRY = "IE"
    german = _business_paid("DE136695976", "DE", 1070)
    austrian = _business_paid("ATU13585627", "AT", 2200)
    settings.TAX_DEFAULT_COUNTRY = "FR"
    paid_order(999)  # a consumer's: on the OSS return, not this list
    with system_scope():
        order_services.order_record_refunded_amount(
            order=german, refunded_total=535, actor="test", reason="partial"
        )
    invoices_numbered()
    quarter = str(Quarter.parse(None))

    report = finance_client.get(
        reverse("admin:invoicing_invoice_ec_sales_csv"), {"quarter": quarter}
    )

    rows = list(csv.DictReader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert [
        (r["customer_vat_number"], r["country"], r["business_name"], r["net"], r["currency"])
        for r in rows
    ] == [
        ("ATU13585627", "AT", "Acme GmbH", _net_left(austrian), "EUR"),
        ("DE136695976", "DE", "Acme GmbH", _net_left(german), "EUR"),
    ]
    assert _net_left(german) != f"{documents(german)[0].net_amount / 100:.2f}"  # less its refund
    dashboard = finance_client.get(reverse("admin:index")).text
    assert f"ec-sales.csv?quarter={quarter}" in dashboard


def test_the_documents_csv_lists_each_document_signed_as_it_counts_in_the_quarters_sales(
    quarter_of_sales, finance_client
):
    """Outside probe GU-3: Finance had no register of the invoices and notes to check the
    series for gaps and post to the ledger, only their PDFs one by one."""
    response = finance_client.get(
        reverse("admin:invoicing_invoice_documents_csv"), {"quarter": str(quarter_of_sales)}
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    with system_scope():
        issued = list(Invoice.objects.order_by("series", "sequence"))

    assert [row["number"] for row in rows] == [document.number for document in issued]
    assert [row["kind"] for row in rows] == ["Credit note"] * 2 + ["Invoice"] * 3
    for row, document in zip(rows, issued, strict=True):
        assert row["order"] == document.order.number
        assert row["issued_on"] == f"{document.issued_at:%Y-%m-%d}"
        credited = document.credited_invoice
        assert row["credits_invoice"] == (credited.number if credited else "")
    german_note = next(row for row in rows if row["credits_invoice"] and row["total"] == "-17.98")
    assert german_note["buyer_country"] == "DE"
    totals = document_totals(quarter_of_sales)["EUR"]
    assert sum(round(float(row["net"]) * 100) for row in rows) == totals["net"]
    assert sum(round(float(row["vat"]) * 100) for row in rows) == totals["tax"]


def test_a_quarter_not_over_is_said_to_give_its_figures_so_far(finance_client):
    """Outside probe GU-4: the current quarter's CSV was shaped and named as the one to
    file, with nothing to say the quarter was not over."""
    current, past = Quarter.parse(None), Quarter(2025, 1)

    dashboard = finance_client.get(reverse("admin:index")).content.decode()
    earlier = finance_client.get(reverse("admin:index"), {"quarter": str(past)}).content.decode()
    documents_csv = finance_client.get(
        reverse("admin:invoicing_invoice_documents_csv"), {"quarter": str(past)}
    )

    assert (
        f"{current} is not over until the end of {current.last_day:%-d %B %Y}: these are its "
        "figures so far"
    ) in dashboard
    assert 'data-testid="quarter-open"' not in earlier
    assert documents_csv["Content-Disposition"] == f'attachment; filename="documents-{past}.csv"'
