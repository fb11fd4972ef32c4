"""A document in another currency than the euro states its VAT in euros, at the ECB's rate
frozen when it was numbered (Article 230 of the VAT directive; outside probe GU-1: a USD
invoice gave its VAT in dollars only)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError

from invoicing.euro_rates import euro_rate_save
from invoicing.pdf import document_pdf
from invoicing.tests.helpers import documents, pdf_text
from invoicing.tests.test_services import paid_order
from invoicing.tests.test_services_untrusted_rows import written_before_0017
from morpheus.db_context import system_scope
from morpheus_testing.jobs import invoices_numbered
from orders import services as order_services

pytestmark = pytest.mark.django_db

# A Monday: the ECB published no rate on the weekend before it.
PAID_AT = datetime(2026, 6, 15, 9, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _vat_due(settings):
    settings.TAX_DEFAULT_COUNTRY = "PL"


@pytest.fixture
def on_paid_day():
    with time_machine.travel(PAID_AT, tick=False):
        yield


def _rate(day: date, units: str, currency: str = "USD") -> None:
    euro_rate_save(currency=currency, day=day, units_per_euro=Decimal(units))


def _text(document) -> str:
    with system_scope():
        return pdf_text(document_pdf(document))


def _words(document) -> str:
    """The document's text with its line breaks as spaces: a sentence may wrap anywhere."""
    return " ".join(_text(document).split())


def test_a_dollar_invoice_states_its_vat_in_euros_at_the_last_rate_of_its_issue_day(on_paid_day):
    _rate(date(2026, 6, 11), "1.0700")
    _rate(date(2026, 6, 12), "1.0850")  # the Friday before: the last one published

    (invoice,) = documents(paid_order(2000, currency="USD"))

    assert (invoice.euro_rate_day, invoice.units_per_euro) == (date(2026, 6, 12), Decimal("1.085"))
    assert invoice.tax_amount == 95  # in 20.00 USD at Poland's 5 % for e-publications
    # 0.95 USD / 1.085 = 0.8756 EUR
    assert (
        "VAT in euros: 0.88 EUR, at the ECB's reference rate of 12 June 2026 (1 EUR = 1.085 USD)."
    ) in _words(invoice)


def test_a_rate_recorded_after_the_numbering_changes_nothing_in_the_document(on_paid_day):
    _rate(date(2026, 6, 12), "1.0850")
    (invoice,) = documents(paid_order(1000, currency="USD"))
    before = _text(invoice)

    with time_machine.travel(datetime(2026, 6, 16, 9, tzinfo=UTC), tick=False):
        _rate(date(2026, 6, 15), "1.2000")
        _rate(date(2026, 6, 12), "1.3000")
    (again,) = documents(invoice.order)

    assert (again.euro_rate_day, again.units_per_euro) == (date(2026, 6, 12), Decimal("1.085"))
    assert _text(again) == before


def test_a_rate_published_after_the_issue_or_older_than_a_week_is_not_the_documents(
    on_paid_day,
):
    """Issued on Monday at 11:00 in Frankfurt, before the ECB publishes Monday's rates: the
    last published is Friday's (outside probe GY-2), here not recorded."""
    _rate(date(2026, 6, 5), "1.0700")  # the Friday of the week before
    (invoice,) = documents(paid_order(1000, currency="USD", numbered=False))
    with time_machine.travel(datetime(2026, 6, 15, 17, tzinfo=UTC), tick=False):
        _rate(date(2026, 6, 15), "1.0900")  # Monday's, published at 16:00 in Frankfurt
        invoices_numbered()

    (numbered,) = documents(invoice.order)

    assert numbered.issued_at == PAID_AT
    assert (numbered.euro_rate_day, numbered.units_per_euro) == (None, None)
    assert "in euros" not in _text(numbered)


def test_a_euro_invoice_states_no_rate(on_paid_day):
    _rate(date(2026, 6, 12), "1.0850")

    (invoice,) = documents(paid_order(1000))

    assert (invoice.euro_rate_day, invoice.units_per_euro) == (None, None)
    assert "in euros" not in _text(invoice)


def test_a_credit_note_in_dollars_states_the_vat_it_credits_in_euros_at_its_own_days_rate():
    with time_machine.travel(PAID_AT, tick=False):
        _rate(date(2026, 6, 12), "1.0850")
        order = paid_order(2000, currency="USD")
    with time_machine.travel(datetime(2026, 6, 20, 9, tzinfo=UTC), tick=False):
        _rate(date(2026, 6, 19), "1.1000")
        with system_scope():
            order_services.order_record_refunded_amount(
                order=order, refunded_total=2000, actor="test", reason="refund"
            )
        invoices_numbered()

    _invoice, note = documents(order)

    assert (note.euro_rate_day, note.units_per_euro) == (date(2026, 6, 19), Decimal("1.1"))
    # 0.95 USD / 1.1 = 0.8636 EUR
    assert (
        "VAT in euros: 0.86 EUR, at the ECB's reference rate of 19 June 2026 (1 EUR = 1.1 USD)."
    ) in _words(note)


def test_a_numbered_documents_rate_never_changes_even_by_the_tables_owner(on_paid_day):
    _rate(date(2026, 6, 12), "1.0850")
    (invoice,) = documents(paid_order(2000, currency="USD"))

    with pytest.raises(IntegrityError, match="numbered already"):
        written_before_0017(
            "UPDATE invoicing_invoice SET units_per_euro = 2 WHERE id = %s RETURNING id",
            [invoice.pk],
        )
    assert documents(invoice.order)[0].units_per_euro == Decimal("1.085")


def test_a_dinar_invoice_states_its_vat_at_the_rate_recorded_not_as_the_ecbs(on_paid_day):
    """Outside probe GZ-5: the ECB publishes no rate of the Bahraini dinar; a rate Finance
    typed was printed as the ECB's reference rate."""
    _rate(date(2026, 6, 12), "0.4100", currency="BHD")

    (invoice,) = documents(paid_order(2000, currency="BHD"))

    # 0.095 BHD / 0.41 = 0.2317 EUR
    assert (
        "VAT in euros: 0.23 EUR, at the exchange rate of 12 June 2026 (1 EUR = 0.41 BHD; the "
        "ECB publishes no reference rate of BHD)."
    ) in _words(invoice)
