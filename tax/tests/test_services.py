import pytest

from invoicing.pdf import document_pdf
from invoicing.tests.helpers import documents, pdf_text
from invoicing.tests.test_services import paid_order
from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    BUSINESS,
    ComicFactory,
    PaymentFactory,
    UserFactory,
    create_order,
)
from morpheus_testing.jobs import invoices_numbered
from orders import services as order_services
from orders.buyer import BuyerDeclaration
from orders.models import Order
from promotions.services import discount_apply
from promotions.tests.factories import make_code
from tax.errors import UnknownCountry
from tax.models import ItemTax, OrderTaxEvidence, TaxRule
from tax.services import order_tax_record

pytestmark = pytest.mark.django_db


def item_taxes(order) -> list[tuple]:
    with system_scope():
        rows = ItemTax.objects.filter(order=order).order_by("item_id")
        return [(r.country, str(r.rate), r.gross, r.net, r.tax) for r in rows]


def test_each_item_records_its_vat_when_the_order_is_placed(settings):
    settings.TAX_DEFAULT_COUNTRY = "DE"
    order = create_order(comics=[ComicFactory(price_amount=499), ComicFactory(price_amount=1000)])
    assert item_taxes(order) == [("DE", "7.00", 499, 466, 33), ("DE", "7.00", 1000, 935, 65)]


@pytest.mark.parametrize("prices_include_tax", [True, False], ids=["VAT included", "net"])
def test_recording_a_business_orders_vat_again_unchanged_leaves_its_version(
    settings, prices_include_tax
):
    """Outside probe BL (BL-2): each record bumped the version, so a copy taken before it
    (a staff comp's) was refused as changed though nothing had."""
    settings.TAX_PRICES_INCLUDE_TAX = prices_include_tax
    order = create_order(
        comics=[ComicFactory(price_amount=1070)],
        declaration=BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS),
    )

    order_tax_record(order_id=order.pk)

    with system_scope():
        now = Order.objects.get(pk=order.pk)
    assert (now.version, now.total_amount) == (order.version, order.total_amount)


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


def test_the_vat_follows_the_country_the_buyer_declares(settings):
    settings.TAX_DEFAULT_COUNTRY = "DE"
    order = create_order(
        comics=[ComicFactory(price_amount=1055)], declaration=BuyerDeclaration(country="FR")
    )
    assert item_taxes(order) == [("FR", "5.50", 1055, 1000, 55)]
    with system_scope():
        assert OrderTaxEvidence.objects.get(order=order).declared_country == "FR"


@pytest.mark.parametrize("country", ["XX", "EL", "UK", "US", "1A"])
def test_a_country_the_checkout_does_not_offer_refuses_the_order(country):
    customer = UserFactory()
    with pytest.raises(UnknownCountry, match=f"{country} is not one of the countries"):
        create_order(customer=customer, declaration=BuyerDeclaration(country=country))
    with system_scope():
        assert not Order.objects.filter(customer=customer).exists()


def test_elsewhere_is_a_country_the_buyer_may_declare():
    order = create_order(
        comics=[ComicFactory(price_amount=1055)], declaration=BuyerDeclaration(country="ZZ")
    )
    assert item_taxes(order) == [("ZZ", "0.00", 1055, 1055, 0)]


def test_without_a_declaration_the_country_declared_last_time_applies(settings):
    settings.TAX_DEFAULT_COUNTRY = "IE"
    first = create_order(declaration=BuyerDeclaration(country="DE"))
    second = create_order(customer=first.customer, comics=[ComicFactory(price_amount=1070)])
    assert item_taxes(second) == [("DE", "7.00", 1070, 1000, 70)]


def test_an_order_placed_by_code_after_a_vat_number_declared_without_the_business_is_a_consumers(
    settings,
):
    """Outside probe BK-4: a VAT number declared before checkouts asked for the business's
    name and address (tax 0015 left them empty) is not reverse-charged again; an order
    placed by code (a staff comp), which nobody can be asked about, takes no number."""
    settings.TAX_SELLER_COUNTRY = "IE"
    first = create_order(
        declaration=BuyerDeclaration(
            country="DE",
            vat_number="DE136695976",
            business_name="Acme GmbH",
            billing_address="Hauptstraße 1",
        )
    )
    with system_scope():
        OrderTaxEvidence.objects.filter(order=first).update(business_name="", billing_address="")

    second = create_order(customer=first.customer, comics=[ComicFactory(price_amount=1070)])

    assert item_taxes(second) == [("DE", "7.00", 1070, 1000, 70)]
    with system_scope():
        evidence = OrderTaxEvidence.objects.get(order=second)
    assert (evidence.vat_number, evidence.reverse_charge) == ("", False)


def test_the_vat_is_on_the_discounted_line_and_the_invoice_shows_the_discount(settings):
    settings.TAX_DEFAULT_COUNTRY = "DE"
    make_code("HALF", percent_off=50)
    order = create_order(comics=[ComicFactory(price_amount=1070), ComicFactory(price_amount=428)])
    with system_scope():
        discount_apply(order=order, code="HALF", customer=order.customer, actor="test")
    assert item_taxes(order) == [("DE", "7.00", 535, 500, 35), ("DE", "7.00", 214, 200, 14)]
    order = pay(order)
    (invoice,) = documents(order)
    assert [
        (line["gross"], line["net"], line["tax"], line["discount"]) for line in invoice.lines
    ] == [
        (535, 500, 35, 535),
        (214, 200, 14, 214),
    ]
    assert invoice.total_amount == order.total_amount == 749
    # Unit price and discount exclusive of VAT, as the net is (10.70 is 10.00 net).
    assert "10.00 5.00 5.00 7.00 % 0.35 5.35" in pdf_text(document_pdf(invoice))


@pytest.mark.parametrize(
    ("prices_include_tax", "bundle_price", "totals"),
    [(True, 535, (1070, 0, 1070)), (False, 500, (1000, 70, 1070))],
    ids=["gross prices", "net prices get their VAT added"],
)
def test_a_bundles_prices_are_taxed_as_charged(settings, prices_include_tax, bundle_price, totals):
    settings.TAX_PRICES_INCLUDE_TAX = prices_include_tax
    settings.TAX_DEFAULT_COUNTRY = "DE"
    order = create_order(comics=[ComicFactory(price_amount=1000), ComicFactory(price_amount=1000)])
    first, second = order.items.order_by("pk")
    with system_scope():
        order_services.order_items_reprice(
            order=order,
            prices={first.pk: bundle_price, second.pk: bundle_price},
            actor="test",
            reason="bundle",
        )
    assert item_taxes(order) == [("DE", "7.00", 535, 500, 35), ("DE", "7.00", 535, 500, 35)]
    assert (order.subtotal_amount, order.tax_added_amount, order.total_amount) == totals


def test_with_net_prices_the_vat_is_added_to_the_total(settings):
    settings.TAX_PRICES_INCLUDE_TAX = False
    settings.TAX_DEFAULT_COUNTRY = "DE"
    make_code("TENOFF", percent_off=10)
    order = create_order(comics=[ComicFactory(price_amount=1000), ComicFactory(price_amount=499)])
    with system_scope():
        discount_apply(order=order, code="TENOFF", customer=order.customer, actor="test")
        order.refresh_from_db()
    # 10 % of 1499 is 150 off (100 + 50): net 900 + 449, VAT 63 + 31 on top.
    assert item_taxes(order) == [("DE", "7.00", 963, 900, 63), ("DE", "7.00", 480, 449, 31)]
    assert (order.subtotal_amount, order.tax_added_amount, order.total_amount) == (1499, 94, 1443)
    assert order.discount_amount == 150
    (invoice,) = documents(pay(order))
    assert (invoice.net_amount, invoice.tax_amount, invoice.total_amount) == (1349, 94, 1443)


def test_a_code_applied_after_the_shop_switches_to_net_prices_adds_no_vat_on_top(settings):
    """An order placed with VAT included keeps its prices read that way (BA-5)."""
    settings.TAX_DEFAULT_COUNTRY = "DE"
    make_code("TENOFF", percent_off=10)
    order = create_order(comics=[ComicFactory(price_amount=1070)])

    settings.TAX_PRICES_INCLUDE_TAX = False
    with system_scope():
        discount_apply(order=order, code="TENOFF", customer=order.customer, actor="test")
        order.refresh_from_db()

    assert item_taxes(order) == [("DE", "7.00", 963, 900, 63)]
    assert (order.tax_added_amount, order.total_amount) == (0, 963)


def test_with_net_dinar_prices_the_vat_added_keeps_the_total_chargeable(settings):
    settings.TAX_PRICES_INCLUDE_TAX = False
    settings.TAX_DEFAULT_COUNTRY = "DE"
    order = create_order(
        comics=[ComicFactory(price_amount=p, currency="KWD") for p in (1250, 2340)]
    )
    # 7 % of 1.250 is 0.0875 and of 2.340 is 0.1638: each rounded to tens of fils.
    assert item_taxes(order) == [("DE", "7.00", 1340, 1250, 90), ("DE", "7.00", 2500, 2340, 160)]
    assert (order.tax_added_amount, order.total_amount) == (250, 3840)


def test_with_tax_mode_none_the_invoice_carries_the_discounted_amounts_at_no_vat(settings):
    settings.TAX_MODE = "none"
    make_code("HALF", percent_off=50)
    order = create_order(comics=[ComicFactory(price_amount=1000)])
    with system_scope():
        discount_apply(order=order, code="HALF", customer=order.customer, actor="test")
        assert not OrderTaxEvidence.objects.filter(order=order).exists()
    (invoice,) = documents(pay(order))
    assert [(line["gross"], line["net"], line["rate"]) for line in invoice.lines] == [
        (500, 500, "0")
    ]
    assert invoice.total_amount == 500


def pay(order):
    with system_scope():
        order_services.order_transition(
            order=order, name="submit_payment", actor="test", reason="t"
        )
        PaymentFactory(order=order, stripe_payment_intent_id=f"pi_vat_{order.pk}")
        order_services.order_transition(order=order, name="mark_paid", actor="test", reason="t")
    invoices_numbered()
    return order
