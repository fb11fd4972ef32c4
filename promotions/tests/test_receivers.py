"""What the promotions app does when an order changes, or is about to."""

import pytest
from django.urls import reverse

from morpheus.db_context import system_scope
from orders.services import order_complete_free
from orders.transitions import OrderStatus
from promotions.bundles import completion_lapsed_words, completions_lapsed
from promotions.errors import CompletionLapsed
from promotions.tests.factories import free_completion

pytestmark = pytest.mark.django_db


def test_a_free_completion_whose_price_no_longer_holds_is_refused_as_its_payment_would_be(
    client,
):
    """Found by outside testers: a 100 % code made the completion free, and completing it
    skipped the check a payment makes once Neon Tide's order was refunded."""
    order = free_completion(refunded=True)
    with system_scope():
        words = completion_lapsed_words(order=order, lapsed=completions_lapsed(order=order))
    client.force_login(order.customer)

    refused = client.post(reverse("orders:complete_free", args=[order.number]), follow=True)

    assert words.startswith(f"Order {order.number} completes Trilogy for ")
    assert words in refused.text
    with system_scope():
        order.refresh_from_db()
    assert order.status == OrderStatus.PENDING
    with pytest.raises(CompletionLapsed, match="that price no longer holds"):
        order_complete_free(order=order, actor="test")


def test_a_free_completion_whose_comics_are_still_owned_completes():
    order = free_completion(refunded=False)

    completed = order_complete_free(order=order, actor="test")

    assert completed.status == OrderStatus.PAID
