"""Finance keeps the euro rates in the back office: the ECB's file loaded, a rate typed;
Support may not (outside probe GU-1)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from invoicing.models import EuroRate
from morpheus.db_context import system_scope

pytestmark = pytest.mark.django_db

ECB_FILE = b"Date,USD,JPY,GBP,\n2026-12-31,1.0850,160.50,0.8420,\n"
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
        ("GBP", "2026-12-31"),
        ("JPY", "2026-12-31"),
        ("USD", "2026-12-31"),
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
        {"currency": "USD", "day": "2026-12-31", "units_per_euro": "1.0850"},
    )

    assert answer.status_code == 302
    assert _rates() == [("USD", date(2026, 12, 31), Decimal("1.085"))]
    assert '<option value="USD"' in form
    assert '<option value="EUR"' not in form


def test_support_may_neither_see_nor_load_the_rates(support_client):
    upload = SimpleUploadedFile("eurofxref.csv", ECB_FILE)

    assert support_client.get(reverse("admin:invoicing_eurorate_changelist")).status_code == 403
    assert support_client.post(reverse(LOAD), {"file": upload}).status_code == 403
    assert _rates() == []
