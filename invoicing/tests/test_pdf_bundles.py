"""Outside probe BR (BR-7): the invoice line of a comic bought in a bundle printed its share
of the bundle price ("Neon Tide 5.32 0.00 5.32", its list price 6.99) without naming the
bundle, as the order page does ("in The Dreamlands Trilogy"), and no invoice named the
discount code that lowered its lines."""

import pytest
from django.test import Client
from django.urls import reverse

from invoicing.pdf import document_pdf
from invoicing.tests.helpers import documents, pdf_text
from invoicing.tests.test_pdf import GERMAN_BUSINESS, GERMAN_CONSUMER, discounted_paid_order
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, PaymentFactory, UserFactory, order_move
from orders import services as order_services
from orders.models import Order
from orders.transitions import OrderStatus
from promotions.bundles import bundle_order_create
from promotions.models import Bundle

pytestmark = pytest.mark.django_db


def paid_bundle_order(declaration, *, renamed_before_payment: str = "") -> Order:
    comics = [
        ComicFactory(title=title, price_amount=price)
        for title, price in (("Atlas", 499), ("Neon Tide", 699), ("Ghost", 399))
    ]
    with system_scope():
        bundle = Bundle.objects.create(
            title="The Dreamlands Trilogy", slug="dreamlands", price_amount=1299
        )
        bundle.comics.set(comics)
        order = bundle_order_create(
            bundle=bundle, customer=UserFactory(), actor="test", declaration=declaration
        )
        if renamed_before_payment:
            Bundle.objects.filter(pk=bundle.pk).update(title=renamed_before_payment)
    order = order_move(order, to=OrderStatus.PROCESSING)
    PaymentFactory(order=order, stripe_payment_intent_id=f"pi_invoice_{order.pk}")
    with system_scope():
        order_services.order_transition(order=order, name="mark_paid", actor="test", reason="t")
    return order


def words(text: str) -> str:
    """The text with each run of spaces and line breaks as one space: a long item wraps in
    its column."""
    return " ".join(text.split())


@pytest.mark.parametrize("declaration", [GERMAN_CONSUMER, GERMAN_BUSINESS])
def test_an_invoice_line_of_a_comic_bought_in_a_bundle_names_the_bundle(declaration):
    order = paid_bundle_order(declaration)
    (invoice,) = documents(order)

    with system_scope():
        text = words(pdf_text(document_pdf(invoice)))

    for title in ("Atlas", "Neon Tide", "Ghost"):
        assert f"{title} (in The Dreamlands Trilogy)" in text
    assert "Discount code" not in text


def test_a_credit_note_of_a_bundle_order_names_the_bundle_on_its_lines():
    order = paid_bundle_order(GERMAN_CONSUMER)
    with system_scope():
        order_services.order_record_refunded_amount(
            order=order, refunded_total=500, actor="test", reason="refund"
        )
    _invoice, note = documents(order)

    with system_scope():
        text = words(pdf_text(document_pdf(note)))

    assert "Neon Tide (in The Dreamlands Trilogy)" in text


def test_an_invoice_names_the_discount_code_that_lowered_its_lines_once():
    order = discounted_paid_order("EUR", (1070, 499), GERMAN_CONSUMER)
    (invoice,) = documents(order)

    with system_scope():
        text = words(pdf_text(document_pdf(invoice)))

    assert text.count("Discount code TENTH applied") == 1
    assert "Discount code TENTH applied: the Discount column shows what it took off each line." in (
        text
    )


def test_an_invoice_issued_before_lines_named_their_bundle_and_code_renders_as_issued():
    order = paid_bundle_order(GERMAN_CONSUMER)
    (invoice,) = documents(order)
    invoice.lines = [
        {key: value for key, value in line.items() if key not in ("bundle", "discount_code")}
        for line in invoice.lines
    ]

    with system_scope():
        text = words(pdf_text(document_pdf(invoice)))

    assert "Neon Tide" in text
    assert "(in " not in text


def test_a_bundle_renamed_after_the_order_is_named_on_its_pages_and_invoice_as_it_was_placed(
    superuser_client,
):
    """Outside probe EC-1: the order's pages read the bundle's title as it is now and its
    invoice as it was when written, so a rename gave one order several names."""
    order = paid_bundle_order(GERMAN_CONSUMER, renamed_before_payment="Collector's Edition")
    (invoice,) = documents(order)

    with system_scope():
        invoice_text = words(pdf_text(document_pdf(invoice)))
    client = Client()
    client.force_login(order.customer)
    order_page = client.get(reverse("orders:pay", args=[order.number]), follow=True)
    order_page = order_page.content.decode()
    staff_page = superuser_client.get(reverse("admin:orders_order_change", args=[order.pk]))

    assert "Neon Tide (in The Dreamlands Trilogy)" in invoice_text
    assert "in The Dreamlands Trilogy" in order_page
    assert "in The Dreamlands Trilogy" in staff_page.content.decode()
    assert "Collector" not in invoice_text + order_page + staff_page.content.decode()
