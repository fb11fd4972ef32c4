import re

import pytest
from django.urls import reverse

from orders.status_words import customer_status
from orders.transitions import OrderStatus
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
    assert re.findall(r'<td><span class="status[^"]*">([^<]*)</span></td>', listed) == [words]
    assert re.findall(r'data-testid="order-status">([^<]*)<', page) == [words]
