"""A business buying by reverse charge at prices including VAT (outside probe BJ, BJ-4: it
paid the consumer's price, all of it net): it pays each price less the VAT a consumer of its
country pays on it, and the PaymentIntent, what each item paid, the invoice, the credit
notes and the refunds agree, in a zero- and a three-decimal currency too."""

import pytest

from invoicing.models import DocumentKind, Invoice
from morpheus.db_context import system_scope
from morpheus_testing.factories import BUSINESS, ComicFactory, create_order
from morpheus_testing.stripe_signing import build_event
from orders.buyer import BuyerDeclaration
from orders.transitions import OrderStatus
from payments.errors import RefundExceedsRemaining
from payments.models import RefundStatus
from payments.services import refund_create, refund_create_for_items
from payments.tests.helpers import (
    charge_json,
    intent_json,
    issue_download_links,
    reload,
    run_stripe_jobs,
    started_payment,
)
from promotions.services import discount_apply
from promotions.tests.factories import make_code
from tax.selectors import items_paid

pytestmark = pytest.mark.django_db
STAFF = "staff:finance"
GERMAN_BUSINESS = BuyerDeclaration(country="DE", vat_number="DE136695976", **BUSINESS)
# Germany's e-book rate, 7 %: the VAT of 10.70 EUR is 0.70, of 4.99 EUR 0.33 (0.3264);
# of 1,000 JPY 65 (65.42), of 777 JPY 51 (50.83), the "Includes VAT ¥116" the cart showed;
# of 1.250 KWD 0.080 (0.0818), of 2.370 KWD 0.160 (0.1550), to 10 fils so Stripe charges it.
PAYS = [
    ("EUR", (1070, 499), [1000, 466]),
    ("JPY", (1000, 777), [935, 726]),
    ("KWD", (1250, 2370), [1170, 2210]),
]


def paid_order(send_event, comics, *, code=""):
    order = create_order(comics=comics, declaration=GERMAN_BUSINESS)
    if code:
        with system_scope():
            discount_apply(order=order, code=code, customer=order.customer, actor="test")
    order, payment = started_payment(order=reload(order))
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))
    issue_download_links(order)
    return reload(order), payment


def documents(order) -> tuple[Invoice, list[Invoice]]:
    with system_scope():
        invoice = Invoice.objects.get(order=order, kind=DocumentKind.INVOICE)
        notes = list(Invoice.objects.filter(order=order, kind=DocumentKind.CREDIT_NOTE))
    return invoice, sorted(notes, key=lambda note: note.pk)


@pytest.mark.parametrize(("currency", "prices", "paid"), PAYS, ids=["EUR", "JPY", "KWD"])
def test_a_reverse_charge_business_pays_the_prices_less_their_vat_on_every_document(
    send_event, currency, prices, paid
):
    comics = [ComicFactory(price_amount=price, currency=currency) for price in prices]

    order, payment = paid_order(send_event, comics)

    total = sum(paid)
    assert order.status == OrderStatus.FULFILLED
    assert (order.total_amount, order.tax_removed_amount) == (total, sum(prices) - total)
    assert order.discount_amount == order.tax_added_amount == 0
    assert intent_json(payment)["amount"] == payment.amount == total
    assert list(items_paid(order=order).values()) == paid
    invoice, _ = documents(order)
    assert (invoice.total_amount, invoice.net_amount, invoice.tax_amount) == (total, total, 0)
    assert [(line["gross"], line["net"], line["tax"]) for line in invoice.lines] == [
        (amount, amount, 0) for amount in paid
    ]
    assert invoice.tax_note.startswith("Reverse charge: VAT to be accounted for")


@pytest.mark.parametrize(("currency", "prices", "paid"), PAYS, ids=["EUR", "JPY", "KWD"])
def test_an_item_refund_then_the_rest_of_a_reverse_charge_order_pay_back_what_was_paid(
    send_event, currency, prices, paid
):
    comics = [ComicFactory(price_amount=price, currency=currency) for price in prices]
    order, payment = paid_order(send_event, comics)
    with system_scope():
        first, _ = order.items.order_by("pk")

    item = refund_create_for_items(order=order, item_ids=[first.pk], reason="Wrong", actor=STAFF)
    run_stripe_jobs()
    order = reload(order)
    rest = refund_create(order=order, amount=order.refundable_amount, reason="All", actor=STAFF)
    run_stripe_jobs()

    item.refresh_from_db()
    rest.refresh_from_db()
    assert [(r.status, r.amount) for r in (item, rest)] == [
        (RefundStatus.SUCCEEDED, paid[0]),
        (RefundStatus.SUCCEEDED, paid[1]),
    ]
    order = reload(order)
    assert (order.status, order.refunded_amount) == (OrderStatus.REFUNDED, sum(paid))
    assert charge_json(payment)["amount_refunded"] == sum(paid)
    _, notes = documents(order)
    assert [[(line["gross"], line["tax"]) for line in note.lines] for note in notes] == [
        [(paid[0], 0)],
        [(paid[1], 0)],
    ]


def test_a_full_refund_of_a_reverse_charge_order_pays_back_its_netted_total(send_event):
    order, payment = paid_order(send_event, [ComicFactory(price_amount=1070)])

    with pytest.raises(RefundExceedsRemaining, match=r"only 10\.00 EUR"):
        refund_create(order=order, amount=1070, reason="All", actor=STAFF)
    refund_create(order=order, amount=order.refundable_amount, reason="All", actor=STAFF)
    run_stripe_jobs()

    order = reload(order)
    assert (order.status, order.refunded_amount) == (OrderStatus.REFUNDED, 1000)
    assert charge_json(payment)["amount_refunded"] == 1000
    _, (note,) = documents(order)
    assert (note.total_amount, note.net_amount, note.tax_amount) == (1000, 1000, 0)


def test_a_code_on_a_reverse_charge_order_is_netted_as_for_a_consumer(send_event):
    """The code's share of each line comes off the consumer price, then the line's VAT."""
    make_code("TENTH", percent_off=10)
    comics = [ComicFactory(price_amount=price) for price in (1070, 499)]

    order, payment = paid_order(send_event, comics, code="TENTH")

    with system_scope():
        items = list(order.items.order_by("pk"))
    # 10.70 - 1.07 = 9.63, VAT 0.63; 4.99 - 0.50 = 4.49, VAT 0.29 (0.2937)
    assert [item.discount_amount for item in items] == [107, 50]
    assert list(items_paid(order=order).values()) == [900, 420]
    assert (order.total_amount, order.discount_amount, order.tax_removed_amount) == (1320, 157, 92)
    assert intent_json(payment)["amount"] == 1320
    invoice, _ = documents(order)
    assert [(line["gross"], line.get("discount")) for line in invoice.lines] == [
        (900, 107),
        (420, 50),
    ]

    item = refund_create_for_items(order=order, item_ids=[items[1].pk], reason="Wrong", actor=STAFF)
    run_stripe_jobs()
    item.refresh_from_db()
    assert (item.status, item.amount) == (RefundStatus.SUCCEEDED, 420)


@pytest.mark.parametrize(
    ("declaration", "prices_include_tax", "total", "tax"),
    [
        (BuyerDeclaration(country="DE"), True, 1569, 103),  # a consumer: VAT included
        (GERMAN_BUSINESS, False, 1569, 0),  # a business, VAT on top: the prices alone
    ],
    ids=["consumer", "business with VAT on top"],
)
def test_a_consumer_and_a_business_buying_at_net_prices_pay_as_before(
    send_event, settings, declaration, prices_include_tax, total, tax
):
    settings.TAX_PRICES_INCLUDE_TAX = prices_include_tax
    comics = [ComicFactory(price_amount=price) for price in (1070, 499)]
    order = create_order(comics=comics, declaration=declaration)
    order, payment = started_payment(order=order)
    send_event(build_event("payment_intent.succeeded", intent_json(payment)))

    order = reload(order)
    assert (order.total_amount, order.tax_removed_amount) == (total, 0)
    assert intent_json(payment)["amount"] == total
    invoice, _ = documents(order)
    assert (invoice.total_amount, invoice.tax_amount) == (total, tax)
