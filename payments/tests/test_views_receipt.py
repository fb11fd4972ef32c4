"""The order page in the customer's words: a receipt and a history without internal terms."""

import pytest
from django.urls import reverse

from delivery.services import download_links_reissue_by_staff
from delivery.tests.conftest import fulfilled_order
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicAssetFactory, ComicFactory, UserFactory, create_order
from orders.services import order_record_refunded_amount
from orders.transitions import OrderStatus

pytestmark = pytest.mark.django_db


def order_page(client, order) -> str:
    client.force_login(order.customer)
    return client.get(reverse("orders:detail", args=[order.number])).text


def history(page: str) -> str:
    return page.split('data-testid="history"', 1)[1].split("</ol>", 1)[0]


def test_the_history_says_what_happened_in_plain_words(client):
    order, _ = fulfilled_order()

    lines = history(order_page(client, order))

    for words in ("Order placed", "Payment submitted", "Payment received", "Ready to download"):
        assert words in lines
    assert "→" not in lines and "processing" not in lines


def test_link_bookkeeping_stays_out_of_the_customers_history(client):
    order, _ = fulfilled_order()
    with system_scope():
        download_links_reissue_by_staff(order=order, actor="staff:ops", reason="lost email")

    lines = history(order_page(client, order))

    assert "link" not in lines.lower() and "revoked" not in lines and "reissued" not in lines


def test_a_partial_refund_reads_as_the_amount_refunded(client):
    order, _ = fulfilled_order(assets=[ComicAssetFactory(comic__price_amount=900)])
    with system_scope():
        order_record_refunded_amount(
            order=order, refunded_total=300, actor="stripe:evt", reason="refund"
        )

    assert "Refunded €3.00" in history(order_page(client, order))


def test_the_receipt_lists_items_prices_and_total_and_when_it_was_paid(client):
    comic = ComicFactory(title="Paper Moon", price_amount=899)
    order = create_order(comics=[comic], status=OrderStatus.PAID)
    with system_scope():
        order.refresh_from_db()

    page = order_page(client, order)
    receipt = page.split('data-testid="receipt"', 1)[1].split("</section>", 1)[0]

    assert "Paper Moon" in receipt and "€8.99" in receipt
    assert f"Paid {order.paid_at:%-d %b %Y}" in receipt


def test_my_orders_shows_the_titles_bought(client):
    customer = UserFactory()
    create_order(
        customer=customer, comics=[ComicFactory(title="Lucid"), ComicFactory(title="Echo")]
    )
    client.force_login(customer)

    page = client.get(reverse("orders:list")).text

    assert "Lucid" in page and "Echo" in page
