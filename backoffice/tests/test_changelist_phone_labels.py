"""Every list page's rows, which a phone shows as cards, label each cell as its column
header reads."""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from backoffice.tests.helpers import list_labels, paid_by_card
from delivery.models import DownloadAbuseAlert
from delivery.services import download_links_fulfil
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory
from promotions.models import Bundle, DiscountCode

pytestmark = pytest.mark.django_db


def test_every_lists_cells_read_on_a_phone_as_their_headers(superuser_client):
    """Found by outside testers: at 390 px, where each row is a card, the comics' cells read
    "Created At" and "Is Active", the invoices' "Issued At", the customers' "Email Address",
    while the headers read "Created at" (the orders' list and the inline rows were fixed
    before)."""
    comics = [ComicFactory(), ComicFactory()]
    order = paid_by_card(comics)
    with system_scope():
        download_links_fulfil(order_id=order.pk, actor="system")
        DiscountCode.objects.create(code="WELCOME10", description="Welcome", percent_off=10)
        bundle = Bundle.objects.create(title="Duo", slug="duo", price_amount=899, currency="EUR")
        bundle.comics.set(comics)
        DownloadAbuseAlert.objects.create(
            order=order,
            networks=5,
            downloads=9,
            window_start=timezone.now(),
            window_end=timezone.now(),
            detected_at=timezone.now(),
        )

    unlike, with_rows = {}, set()
    for model in admin.site._registry:
        opts = model._meta
        page = superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert page.status_code == 200, opts.label
        if 'id="result_list"' not in page.text:
            continue
        with_rows.add(opts.label)
        headers, labels = list_labels(page.text)
        if labels != headers:
            unlike[opts.label] = list(zip(headers, labels, strict=False))

    assert unlike == {}
    assert {
        "orders.Order",
        "payments.Payment",
        "invoicing.Invoice",
        "catalog.Comic",
        "catalog.ComicAsset",
        "promotions.Bundle",
        "promotions.DiscountCode",
        "delivery.DownloadLink",
        "delivery.DownloadAbuseAlert",
        "tax.OrderTaxEvidence",
        "tax.TaxRule",
        "auth.User",
        "auth.Group",
        "procrastinate.ProcrastinateJob",
    } <= with_rows
