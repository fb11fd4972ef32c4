"""Back-office pages name an order by its number, as staff know it, not by its database key
(outside probe AI-10)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from delivery.models import DownloadLink
from delivery.tests.conftest import fulfilled_order
from morpheus.db_context import system_scope
from morpheus_testing.factories import PaymentFactory, UserFactory
from payments.models import PaymentStatus, Refund, RefundStatus

pytestmark = pytest.mark.django_db


def test_payment_refund_and_link_pages_are_headed_with_the_orders_number(superuser_client):
    order, _ = fulfilled_order()
    with system_scope():
        payment = PaymentFactory(
            order=order, status=PaymentStatus.SUCCEEDED, succeeded_at=timezone.now()
        )
        refund = Refund.objects.create(
            order=order,
            payment=payment,
            amount=100,
            currency=order.currency,
            reason="Broken",
            status=RefundStatus.PENDING,
            actor="staff:test",
        )
        link = DownloadLink.objects.get(order=order)
    pages = {
        "payment": reverse("admin:payments_payment_change", args=[payment.pk]),
        "refund": reverse("admin:payments_refund_change", args=[refund.pk]),
        "link": reverse("admin:delivery_downloadlink_change", args=[link.pk]),
    }

    headings = {name: superuser_client.get(url).text for name, url in pages.items()}

    assert f"{order.number} attempt 1" in headings["payment"]
    assert f"Refund {refund.pk} of {order.number}" in headings["refund"]
    assert f"{order.number} attempt 1" in headings["refund"]  # its payment
    assert f"Link {link.pk} of {order.number}" in headings["link"]


def test_an_order_page_address_naming_no_order_sends_to_the_list_saying_how_to_find_one(
    superuser_client,
):
    answer = superuser_client.get(reverse("admin:orders_order_change", args=[99999]), follow=True)

    assert answer.redirect_chain[-1][0] == reverse("admin:orders_order_changelist")
    assert "find the order by its number, MO-…, in the search box" in answer.text
    assert "Perhaps it was deleted" not in answer.text


def test_deleting_a_customer_counts_their_email_addresses_in_plain_english(superuser_client):
    """Outside probe CM-4: the confirmation read "Email addresss: 1"."""
    customer = UserFactory()  # with its address, confirmed

    page = superuser_client.get(reverse("admin:auth_user_delete", args=[customer.pk])).text

    assert "Email addresses: 1" in page
    assert "addresss" not in page
