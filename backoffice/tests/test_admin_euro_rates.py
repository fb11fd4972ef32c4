"""Finance keeps the euro rates in the back office: the ECB's file loaded, a rate typed;
Support may not (outside probe GU-1)."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from invoicing.euro_rates import euro_rate_save
from invoicing.models import EuroRate
from invoicing.tests.helpers import documents
from invoicing.tests.test_services import paid_order
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory

pytestmark = pytest.mark.django_db

ECB_FILE = b"Date,USD,JPY,GBP,\n2026-11-30,1.0850,160.50,0.8420,\n"
LOAD = "admin:invoicing_eurorate_load"


def _rates() -> list[tuple[str, date, Decimal]]:
    with system_scope():
        return list(
            EuroRate.objects.order_by("currency").values_list("currency", "day", "units_per_euro")
        )


def test_finance_loads_the_ecb_file_and_sees_the_rates_listed(finance_client):
    upload = SimpleUploadedFile("eurofxref.csv", ECB_FILE, content_type="text/csv")

    answer = finance_client.post(reverse(LOAD), {"file": upload}, follow=True)

    assert "3 rates recorded from the ECB&#x27;s file." in answer.text
    assert [(currency, str(day)) for currency, day, _ in _rates()] == [
        ("GBP", "2026-11-30"),
        ("JPY", "2026-11-30"),
        ("USD", "2026-11-30"),
    ]
    listed = finance_client.get(reverse("admin:invoicing_eurorate_changelist")).text
    assert "1.085000" in listed


def test_a_file_that_is_not_the_ecbs_is_refused_on_the_page_in_words(finance_client):
    upload = SimpleUploadedFile("orders.csv", b"number,total\nMO-1,5.00\n")

    answer = finance_client.post(reverse(LOAD), {"file": upload})

    assert answer.status_code == 200
    assert "This is not the ECB&#x27;s CSV file of euro reference rates." in answer.text
    assert _rates() == []


def test_finance_types_a_rate_and_the_euro_is_not_offered(finance_client):
    form = finance_client.get(reverse("admin:invoicing_eurorate_add")).text
    answer = finance_client.post(
        reverse("admin:invoicing_eurorate_add"),
        {"currency": "USD", "day": "2026-11-30", "units_per_euro": "1.0850"},
    )

    assert answer.status_code == 302
    assert _rates() == [("USD", date(2026, 11, 30), Decimal("1.085"))]
    assert '<option value="USD"' in form
    assert '<option value="EUR"' not in form


def test_support_may_neither_see_nor_load_the_rates(support_client):
    upload = SimpleUploadedFile("eurofxref.csv", ECB_FILE)

    assert support_client.get(reverse("admin:invoicing_eurorate_changelist")).status_code == 403
    assert support_client.post(reverse(LOAD), {"file": upload}).status_code == 403
    assert _rates() == []


@pytest.mark.parametrize(
    ("day", "units", "said"),
    [
        ("2099-12-31", "1.08", "The ECB has published no rate for 31 December 2099 yet"),
        ("2026-11-30", "-1", "-1 is not a rate: one euro buys more than 0"),
        ("2026-11-30", "0.0000001", "has more than 6 decimals"),
    ],
)
def test_a_typed_rate_that_is_none_or_of_a_day_to_come_is_refused_in_words(
    finance_client, day, units, said
):
    """Outside probes GX-3, GX-4: a rate for 2099 was recorded, and -1 was refused as
    "greater than or equal to 1e-06"."""
    answer = finance_client.post(
        reverse("admin:invoicing_eurorate_add"),
        {"currency": "USD", "day": day, "units_per_euro": units},
    )

    assert answer.status_code == 200
    assert said in answer.text
    assert _rates() == []


def test_a_file_with_a_value_that_is_not_a_rate_is_refused_saying_where(finance_client):
    """Outside probe GX-3: NaN answered 500, a file of negative rates "0 rates recorded"."""
    upload = SimpleUploadedFile("eurofxref.csv", b"Date,USD,JPY\n2026-11-30,NaN,160.50\n")

    answer = finance_client.post(reverse(LOAD), {"file": upload})

    assert answer.status_code == 200
    assert "Line 2, USD: NaN is not a rate" in answer.text
    assert _rates() == []


def _usd_file(rate: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("eurofxref.csv", b"Date,USD\n2026-11-30," + rate + b"\n")


def test_correcting_a_rate_documents_state_says_they_keep_theirs(finance_client, settings):
    """Outside probe GY-4: Finance corrected a rate an invoice states, without a word, and
    the invoice and its credit note stated two rates of one day."""
    settings.TAX_DEFAULT_COUNTRY = "PL"
    euro_rate_save(currency="USD", day=date(2026, 11, 30), units_per_euro=Decimal("1.0850"))
    with time_machine.travel(datetime(2026, 12, 1, 9, tzinfo=UTC), tick=False):
        (invoice,) = documents(paid_order(2000, currency="USD"))
    with system_scope():
        rate = EuroRate.objects.get(currency="USD", day=date(2026, 11, 30))

    typed = finance_client.post(
        reverse("admin:invoicing_eurorate_change", args=[rate.pk]),
        {"units_per_euro": "1.2000"},
        follow=True,
    )
    loaded = finance_client.post(reverse(LOAD), {"file": _usd_file(b"1.3000")}, follow=True)
    unchanged = finance_client.post(reverse(LOAD), {"file": _usd_file(b"1.0850")}, follow=True)

    said = f"1 document numbered before ({invoice.number}) states another rate of that day"
    assert said in typed.text
    assert said in loaded.text
    assert "numbered before" not in unchanged.text
    assert documents(invoice.order)[0].units_per_euro == Decimal("1.085")


def test_loading_the_ecbs_file_says_which_currencies_sold_it_has_no_rate_of(finance_client):
    """Outside probe GZ-5: comics priced in BHD and KWD, of which the ECB publishes no rate,
    and the file loaded without a word of them."""
    ComicFactory(currency="BHD", price_amount=1500)
    ComicFactory(currency="USD", price_amount=499)

    answer = finance_client.post(reverse(LOAD), {"file": _usd_file(b"1.0850")}, follow=True)

    assert "The ECB publishes no rate of BHD, which comics are priced in" in answer.text
