"""Staff who may only look see every amount as money (15.98 EUR), never as minor units,
and times and empty cells as the shop writes them."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from invoicing.models import Invoice
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, PaymentFactory, create_order
from morpheus_testing.jobs import invoices_numbered
from orders.services import order_transition
from orders.transitions import OrderStatus
from payments.models import Refund

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_and_refunded():
    order = create_order(status=OrderStatus.PROCESSING, comics=[ComicFactory(price_amount=1598)])
    payment = PaymentFactory(order=order, stripe_payment_intent_id=f"pi_money_{order.pk}")
    with system_scope():
        order_transition(order=order, name="mark_paid", actor="test", reason="paid")
        refund = Refund.objects.create(
            order=order, payment=payment, amount=630, currency="EUR", reason="Late", actor="t"
        )
    invoices_numbered()
    with system_scope():
        invoice = Invoice.objects.get(order=order)
    return payment, refund, invoice


def texts(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_payments_refunds_and_invoices_show_money_to_finance(finance_client, paid_and_refunded):
    payment, refund, invoice = paid_and_refunded
    pages = [
        reverse("admin:payments_payment_changelist"),
        reverse("admin:payments_payment_change", args=[payment.pk]),
        reverse("admin:payments_refund_changelist"),
        reverse("admin:payments_refund_change", args=[refund.pk]),
        reverse("admin:invoicing_invoice_change", args=[invoice.pk]),
    ]

    shown = [texts(finance_client.get(page)) for page in pages]

    assert all("15.98 EUR" in text for text in shown[:2] + shown[4:])
    assert all("6.30 EUR" in text for text in shown[2:4])
    assert not any(re.search(r"\b(1598|630)\b", text) for text in shown)


def test_staff_lists_show_times_to_the_minute_and_an_empty_cell_as_a_dash(
    finance_client, paid_and_refunded
):
    _, refund, invoice = paid_and_refunded
    when = timezone.localtime(refund.created_at).strftime("%Y-%m-%d %H:%M")

    refunds = texts(finance_client.get(reverse("admin:payments_refund_changelist")))
    document = texts(
        finance_client.get(reverse("admin:invoicing_invoice_change", args=[invoice.pk]))
    )

    assert when in refunds
    assert not re.search(r"\b(a|p)\.m\.", refunds + document)
    assert "Refunded in all —" in document


def test_a_refund_names_who_asked_for_it_in_words(finance_client, paid_and_refunded):
    _, refund, _ = paid_and_refunded
    Refund.objects.filter(pk=refund.pk).update(actor="staff:fiona")

    shown = [
        texts(finance_client.get(reverse("admin:payments_refund_changelist"))),
        texts(finance_client.get(reverse("admin:payments_refund_change", args=[refund.pk]))),
    ]

    assert all("Staff: fiona" in text and "staff:fiona" not in text for text in shown)


@pytest.mark.parametrize("who", ["finance_client", "superuser_client"])
def test_a_payment_refund_or_invoice_page_lists_each_amount_once(request, who, paid_and_refunded):
    client = request.getfixturevalue(who)
    payment, refund, invoice = paid_and_refunded
    pages = {
        "payment": (reverse("admin:payments_payment_change", args=[payment.pk]), ["Amount"]),
        "refund": (
            reverse("admin:payments_refund_change", args=[refund.pk]),
            ["Amount", "Asked by"],
        ),
        "invoice": (
            reverse("admin:invoicing_invoice_change", args=[invoice.pk]),
            ["Customer", "Net", "VAT", "Total", "Refunded in all"],
        ),
    }

    for page, (url, labels) in pages.items():
        html = client.get(url).content.decode()
        shown = re.findall(r"<label[^>]*>\s*([^<:]+?)\s*:?\s*</label>", html)
        assert {label: shown.count(label) for label in labels} == dict.fromkeys(labels, 1), page
