"""A euro shop's sales in another currency declared in euros at the ECB's rate of the
quarter's last day, on the VAT CSV and the dashboard (outside probe GU-1: USD rows were
left for Finance to convert by hand)."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
import time_machine
from django.urls import reverse

from invoicing.euro_rates import euro_rate_save
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, PaymentFactory, create_order
from morpheus_testing.jobs import invoices_numbered
from orders import services as order_services
from orders.transitions import OrderStatus

pytestmark = pytest.mark.django_db

SOLD_ON = datetime(2026, 5, 14, 12, tzinfo=UTC)  # in 2026-Q2, which is over


def _sold(price: int, currency: str) -> None:
    with time_machine.travel(SOLD_ON, tick=False):
        order = create_order(
            comics=[ComicFactory(price_amount=price, currency=currency)],
            status=OrderStatus.PROCESSING,
        )
        PaymentFactory(order=order, stripe_payment_intent_id=f"pi_invoice_{order.pk}")
        with system_scope():
            order_services.order_transition(order=order, name="mark_paid", actor="t", reason="t")
        invoices_numbered()


def _csv(client, quarter: str):
    return client.get(reverse("admin:invoicing_invoice_vat_csv"), {"quarter": quarter})


def _records(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _in_euros(amount: str, rate: str) -> str:
    euros = (Decimal(amount) / Decimal(rate)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{euros:f}"


@pytest.fixture
def usd_and_eur_sales(settings):
    settings.TAX_DEFAULT_COUNTRY = "PL"
    _sold(500, "USD")
    _sold(499, "EUR")


def test_a_quarter_over_with_sales_in_dollars_waits_for_the_ecb_rate_of_its_last_day(
    usd_and_eur_sales, finance_client
):
    refused = _csv(finance_client, "2026-Q2")
    euro_rate_save(currency="USD", day=date(2026, 6, 30), units_per_euro=Decimal("1.0850"))
    given = _csv(finance_client, "2026-Q2")

    assert refused.status_code == 409
    assert (
        "it has sales in USD, declared in euros at the ECB's rate of 30 June 2026 (or of the "
        "next day it published one), and no such rate of USD is recorded"
    ) in refused.text
    assert given.status_code == 200
    usd, eur = sorted(_records(given), key=lambda row: row["currency"], reverse=True)
    assert (usd["ecb_rate_date"], usd["units_per_euro"]) == ("2026-06-30", "1.085")
    assert usd["taxable_amount_eur"] == _in_euros(usd["taxable_amount"], "1.085")
    assert usd["vat_amount_eur"] == _in_euros(usd["vat_amount"], "1.085")
    assert Decimal(usd["vat_amount"]) > 0
    assert (eur["ecb_rate_date"], eur["units_per_euro"]) == ("", "")
    assert (eur["taxable_amount_eur"], eur["vat_amount_eur"]) == (
        eur["taxable_amount"],
        eur["vat_amount"],
    )


def test_the_dashboard_gives_the_dollar_totals_in_euros_or_says_the_rate_is_missing(
    usd_and_eur_sales, finance_client
):
    def said() -> list[str]:
        page = finance_client.get(reverse("admin:index"), {"quarter": "2026-Q2"}).text
        return [line for line in page.splitlines() if 'data-testid="vat-in-euros"' in line]

    missing = said()
    euro_rate_save(currency="USD", day=date(2026, 7, 1), units_per_euro=Decimal("1.25"))
    given = said()

    assert len(missing) == 1
    assert "USD: no rate of 30 June 2026 (or of the week after) is recorded yet" in missing[0]
    assert len(given) == 1
    assert (
        "USD in euros, at the ECB&#x27;s reference rate of 1 July 2026 (1 EUR = 1.25 USD): "
        in given[0]
    )
    assert " VAT EUR" in given[0]


def test_the_dashboards_euros_add_up_the_csvs_rows_each_rounded_on_its_own(
    settings, finance_client
):
    """Converting the total rounded once, the dashboard gave a cent other than the sum of
    the CSV's rows (found reading the change again)."""
    for country in ("PL", "DE"):
        settings.TAX_DEFAULT_COUNTRY = country
        _sold(500, "USD")
    euro_rate_save(currency="USD", day=date(2026, 6, 30), units_per_euro=Decimal(3))

    rows = _records(_csv(finance_client, "2026-Q2"))
    page = finance_client.get(reverse("admin:index"), {"quarter": "2026-Q2"}).text

    net = sum(Decimal(row["taxable_amount_eur"]) for row in rows)
    tax = sum(Decimal(row["vat_amount_eur"]) for row in rows)
    assert len(rows) == 2
    assert f"(1 EUR = 3 USD): {net} net, {tax} VAT EUR" in page


def test_the_documents_csv_gives_each_documents_vat_in_euros_as_the_document_states_it(
    settings, finance_client
):
    settings.TAX_DEFAULT_COUNTRY = "PL"
    with time_machine.travel(SOLD_ON, tick=False):  # a Thursday: Wednesday's rate
        euro_rate_save(currency="USD", day=date(2026, 5, 13), units_per_euro=Decimal("1.25"))
    _sold(2000, "USD")
    _sold(499, "EUR")

    response = finance_client.get(
        reverse("admin:invoicing_invoice_documents_csv"), {"quarter": "2026-Q2"}
    )
    usd, eur = sorted(_records(response), key=lambda row: row["currency"], reverse=True)

    assert (usd["vat"], usd["vat_eur"]) == ("0.95", "0.76")  # 0.95 / 1.25
    assert (usd["ecb_rate_date"], usd["units_per_euro"]) == ("2026-05-13", "1.25")
    assert (eur["vat_eur"], eur["ecb_rate_date"], eur["units_per_euro"]) == (eur["vat"], "", "")
    dashboard = finance_client.get(reverse("admin:index"), {"quarter": "2026-Q2"}).text
    assert "vat-without-euro-rate" not in dashboard


def test_the_dashboard_names_the_documents_numbered_without_a_euro_rate(
    usd_and_eur_sales, finance_client
):
    """The documents in another currency numbered while no ECB rate published in the week
    before their issue was recorded state no VAT in euros: Finance is told which."""
    _sold(700, "USD")
    page = finance_client.get(reverse("admin:index"), {"quarter": "2026-Q2"}).text
    warned = [line for line in page.splitlines() if 'data-testid="vat-without-euro-rate"' in line]

    assert len(warned) == 1
    assert (
        "2 documents in another currency than the euro state no VAT in euros "
        "(INV-2026-000001, INV-2026-000003): they were numbered while no rate of their "
        "currency published"
    ) in warned[0]


def test_the_vat_csv_waiting_for_a_dinar_rate_says_the_ecb_publishes_none(settings, finance_client):
    """Outside probe GZ-5: Finance was sent to the ECB's file for a rate it never holds."""
    settings.TAX_DEFAULT_COUNTRY = "PL"
    _sold(1500, "BHD")

    refused = _csv(finance_client, "2026-Q2")

    assert refused.status_code == 409
    assert "The ECB publishes no reference rate of BHD: record the rate you declare at." in (
        refused.text
    )


def test_both_csvs_say_who_published_each_rate_the_ecb_or_finance(settings, finance_client):
    """Outside probe HA-7: a dinar's rate, which the ECB does not publish, stood under
    `ecb_rate_date` with nothing to tell it from the ECB's."""
    settings.TAX_DEFAULT_COUNTRY = "PL"
    with time_machine.travel(SOLD_ON, tick=False):
        for currency, units in (("USD", "1.25"), ("KWD", "0.335")):
            euro_rate_save(currency=currency, day=date(2026, 5, 13), units_per_euro=Decimal(units))
    for price, currency in ((2000, "USD"), (1500, "KWD"), (499, "EUR")):
        _sold(price, currency)
    for currency, units in (("USD", "1.25"), ("KWD", "0.335")):
        euro_rate_save(currency=currency, day=date(2026, 6, 30), units_per_euro=Decimal(units))

    vat = _records(_csv(finance_client, "2026-Q2"))
    documents = _records(
        finance_client.get(reverse("admin:invoicing_invoice_documents_csv"), {"quarter": "2026-Q2"})
    )

    for rows in (vat, documents):
        sources = {row["currency"]: row["rate_source"] for row in rows}
        assert sources == {"USD": "ECB", "KWD": "Finance", "EUR": ""}
