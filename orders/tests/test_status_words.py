import re

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicFactory, PaymentFactory, UserFactory, create_order
from orders.models import Order
from orders.status_words import customer_status
from orders.transitions import OrderStatus
from payments.models import PaymentStatus
from payments.services import refund_create_for_items
from payments.tests.test_refunds_items import (  # noqa: F401 (fixtures)
    paid_and_free,
    paid_back_keeping_the_free_comic,
)


def test_fulfilled_and_delivered_read_as_one_customer_word():
    assert customer_status("fulfilled") == customer_status("delivered") == "Ready to download"


def test_every_status_has_words_a_customer_understands():
    words = {status: customer_status(status) for status in OrderStatus.values}

    assert all(word and word[0].isupper() for word in words.values())
    assert words["processing"] == "Confirming payment"


@pytest.mark.django_db
def test_an_order_paid_back_in_full_keeping_its_free_comic_reads_refunded_to_its_customer(
    paid_back_keeping_the_free_comic,  # noqa: F811
    client,
):
    """Left from outside probe BF-2: its list and page read "Ready to download", the money
    all paid back."""
    order = paid_back_keeping_the_free_comic
    client.force_login(order.customer)

    listed = client.get(reverse("orders:list")).text
    page = client.get(reverse("orders:detail", args=[order.number])).text

    words = "Refunded, free comic kept"
    status = r'<td class="state"><span class="status[^"]*">([^<]*)</span></td>'
    assert re.findall(status, listed) == [words]
    assert re.findall(r'data-testid="order-status">([^<]*)<', page) == [words]


@pytest.mark.django_db
def test_my_orders_marks_a_refunded_comic_and_says_the_order_was_partly_refunded(client):
    """Outside probe BN-5: the list read "Yen Dreams, Yen Odd · Ready to download", nothing
    saying Yen Odd was refunded and could no longer be downloaded."""
    customer = UserFactory()
    kept, refunded = ComicFactory(title="Yen Dreams"), ComicFactory(title="Yen Odd")
    order = create_order(customer=customer, comics=[kept, refunded], status=OrderStatus.FULFILLED)
    PaymentFactory(order=order, stripe_payment_intent_id="pi_bn5", status=PaymentStatus.SUCCEEDED)
    client.force_login(customer)
    with system_scope():
        item = order.items.get(comic=refunded)
        refund_create_for_items(order=order, item_ids=[item.pk], reason="Wrong comic", actor="t")
    waiting = client.get(reverse("orders:list")).text
    with system_scope():
        order.items.filter(pk=item.pk).update(
            refunded_amount=F("refund_pending_amount"), refund_pending_amount=0
        )
        Order.objects.filter(pk=order.pk).update(
            refunded_amount=F("refund_pending_amount"), refund_pending_amount=0
        )

    listed = client.get(reverse("orders:list")).text
    page = client.get(reverse("orders:detail", args=[order.number])).text

    marked = (
        "<bdi>Yen Dreams</bdi>, <bdi>Yen Odd</bdi> "
        '<span class="hint" data-testid="item-refunded">(refunded)</span>'
    )
    assert marked in listed
    assert re.findall(r'data-testid="order-refund">([^<]*)<', listed) == ["Partly refunded"]
    assert "Ready to download" in listed
    assert re.findall(r'data-testid="order-refund">([^<]*)<', page) == ["Partly refunded"]
    assert "(being refunded)</span>" in waiting
    assert re.findall(r'data-testid="order-refund">([^<]*)<', waiting) == [
        "Partial refund under way"
    ]


@pytest.mark.django_db
def test_my_orders_says_nothing_of_refunds_of_an_order_none_paid_back(client):
    customer = UserFactory()
    create_order(customer=customer, status=OrderStatus.FULFILLED)
    client.force_login(customer)

    listed = client.get(reverse("orders:list")).text

    assert 'data-testid="order-refund"' not in listed
    assert 'data-testid="item-refunded"' not in listed


def _my_orders_statements(client, pending: int) -> int:
    customer = UserFactory()
    for _ in range(pending):
        create_order(customer=customer, comics=[ComicFactory(), ComicFactory()])
    client.force_login(customer)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("orders:list"))
    return len(queries)


@pytest.mark.django_db
def test_my_orders_reads_what_makes_pending_orders_unpayable_once_for_all(client):
    """Read again after outside probe GX-7: each pending order's "Cannot be paid" cost three
    statements of its own (its comics off sale, its bundles), 42 for ten orders."""
    one, ten = _my_orders_statements(client, 1), _my_orders_statements(client, 10)

    assert ten - one <= 9  # one more per pending order: the comics it holds already owned
