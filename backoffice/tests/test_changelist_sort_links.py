"""A list's sort address means the same column to every member of staff, whether or not
they may use its list actions (and so see its checkbox column)."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from backoffice.staff_groups import FINANCE, SUPPORT
from morpheus.db_context import system_scope
from morpheus_testing.admin_fixtures import staff_user
from morpheus_testing.factories import create_order
from orders.models import Order

LIST_URL = reverse("admin:orders_order_changelist")
EXPORT_URL = reverse("admin:orders_order_export")


@pytest.fixture
def totals_against_refunds() -> list[str]:
    """Three orders, the largest total refunded the least: by total, descending, they come
    in this order; by refunded amount, in the reverse."""
    orders = [create_order() for _ in range(3)]
    with system_scope():
        for order, (total, refunded) in zip(
            orders, [(3000, 100), (2000, 200), (1000, 300)], strict=True
        ):
            Order.objects.filter(pk=order.pk).update(
                subtotal_amount=total, total_amount=total, refunded_amount=refunded
            )
    return [order.number for order in orders]


def _signed_in(group: str) -> Client:
    browser = Client()
    browser.force_login(staff_user(group))
    return browser


def _listed(browser: Client, params: dict) -> list[str]:
    return [order.number for order in browser.get(LIST_URL, params).context["cl"].result_list]


def _exported(browser: Client, params: dict) -> list[str]:
    response = browser.get(EXPORT_URL, params)
    rows = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    return [row["number"] for row in rows]


def _total_header_link(browser: Client) -> str:
    headers = browser.get(LIST_URL).context["result_headers"]
    return next(header for header in headers if header["text"] == "Total")["url_primary"]


@pytest.mark.django_db
def test_a_sort_link_sorts_by_the_same_column_for_support_and_finance(
    staff_groups, totals_against_refunds
):
    """Found by an outside probe: `?o=-4`, Total descending for Support, sorted Finance's
    list by Refunded, as Finance has no list action and so no checkbox column."""
    support, finance = _signed_in(SUPPORT), _signed_in(FINANCE)
    link = _total_header_link(support)

    assert _total_header_link(finance) == link
    assert _listed(support, {"o": "-4"}) == totals_against_refunds
    assert _listed(finance, {"o": "-4"}) == totals_against_refunds
    assert _listed(finance, {"o": "4"}) == totals_against_refunds[::-1]


@pytest.mark.django_db
def test_a_sorted_lists_export_follows_its_order_for_finance_too(
    staff_groups, totals_against_refunds
):
    finance = _signed_in(FINANCE)

    assert _exported(finance, {"o": "-4"}) == totals_against_refunds
