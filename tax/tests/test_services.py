import pytest

from invoicing.tests.helpers import documents
from invoicing.tests.test_services import paid_order
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, create_order
from tax.models import ItemTax, TaxRule

pytestmark = pytest.mark.django_db


def item_taxes(order) -> list[tuple]:
    with system_scope():
        rows = ItemTax.objects.filter(order=order).order_by("item_id")
        return [(r.country, str(r.rate), r.gross, r.net, r.tax) for r in rows]


def test_each_item_records_its_vat_when_the_order_is_placed(settings):
    settings.TAX_DEFAULT_COUNTRY = "DE"
    order = create_order(comics=[ComicFactory(price_amount=499), ComicFactory(price_amount=1000)])
    assert item_taxes(order) == [("DE", "7.00", 499, 466, 33), ("DE", "7.00", 1000, 935, 65)]


def test_the_recorded_vat_is_never_recomputed_when_the_rules_change(settings):
    settings.TAX_DEFAULT_COUNTRY = "DE"
    order = create_order(comics=[ComicFactory(price_amount=499)])
    with system_scope():
        TaxRule.objects.filter(country="DE").update(rate=10)
    assert item_taxes(order) == [("DE", "7.00", 499, 466, 33)]


def test_with_tax_mode_none_no_vat_is_recorded(settings):
    settings.TAX_MODE = "none"
    order = create_order(comics=[ComicFactory(price_amount=499)])
    assert item_taxes(order) == []


def test_the_invoice_carries_the_items_vat_and_the_buyers_country(settings):
    settings.TAX_DEFAULT_COUNTRY = "FR"
    (invoice,) = documents(paid_order(1055))
    assert [(line["net"], line["rate"], line["tax"]) for line in invoice.lines] == [
        (1000, "5.50", 55)
    ]
    assert (invoice.net_amount, invoice.tax_amount, invoice.buyer["country"]) == (1000, 55, "FR")
