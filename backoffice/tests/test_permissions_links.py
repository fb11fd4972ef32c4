"""Every link the back office shows a staff member opens for them: no page of Support's or
Finance's leads to a page that answers 403."""

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from delivery.models import DownloadAbuseAlert
from delivery.services import download_links_fulfil
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicAssetFactory, PaymentFactory, create_order
from morpheus_testing.jobs import invoices_numbered
from orders.actors import SYSTEM
from orders.services import order_transition
from orders.transitions import OrderStatus
from promotions.services import discount_apply
from promotions.tests.factories import make_code

LINK = re.compile(r'href="(/admin/[^"#]*)"')
# Pages of one shape (the same path with other ids or filter values) opened at most this often.
PER_SHAPE = 1


def one_of_everything() -> None:
    """An order as a customer leaves it: a code used, paid with an invoice, links issued
    and downloaded from, an abuse alert raised on it."""
    asset = ComicAssetFactory()
    order = create_order(comics=[asset.comic])
    make_code("LINKS", percent_off=10)
    with system_scope():
        discount_apply(order=order, code="LINKS", customer=order.customer, actor="test")
        order_transition(order=order, name="submit_payment", actor="test", reason="card")
        PaymentFactory(order=order, stripe_payment_intent_id=f"pi_links_{order.pk}")
        order_transition(order=order, name="mark_paid", actor="test", reason="paid")
        download_links_fulfil(order_id=order.pk, actor=SYSTEM)
        now = timezone.now()
        DownloadAbuseAlert.objects.create(
            order=order,
            networks=5,
            downloads=9,
            window_start=now - timedelta(hours=1),
            window_end=now,
            detected_at=now,
        )
        order.refresh_from_db()
    invoices_numbered()
    assert order.status == OrderStatus.FULFILLED


def shape(url: str) -> str:
    return re.sub(r"=[^&]*", "=", re.sub(r"/\d+/", "/N/", url))


def crawl(client) -> tuple[set[str], list[tuple[str, str]]]:
    """Opens every back-office link reachable from the dashboard: the shapes of the pages
    opened, and (link, page it was on) for each that answered 403."""
    queue, found_on, shapes, refused = ["/admin/"], {"/admin/": ""}, Counter(), []
    while queue:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code == 403:
            refused.append((url, found_on[url]))
        if "text/html" not in response.get("Content-Type", ""):
            continue
        for link in LINK.findall(response.content.decode()):
            link = link.replace("&amp;", "&")
            if link in found_on or "/logout/" in link or shapes[shape(link)] >= PER_SHAPE:
                continue
            shapes[shape(link)] += 1
            found_on[link] = url
            queue.append(link)
    return {shape(url) for url in found_on}, refused


# Pages that link to records of models a role may not open (accounts, files) by default.
PAGES_WITH_FOREIGN_LINKS = {
    "/admin/orders/order/N/change/",
    "/admin/invoicing/invoice/N/change/",
    "/admin/delivery/downloadlink/N/change/",
}


@pytest.mark.parametrize(
    ("role_client", "pages"),
    [
        ("support_client", PAGES_WITH_FOREIGN_LINKS),
        ("finance_client", {*PAGES_WITH_FOREIGN_LINKS, "/admin/promotions/discountcode/N/change/"}),
    ],
)
def test_no_back_office_link_leads_a_staff_member_to_a_refusal(role_client, pages, request):
    client = request.getfixturevalue(role_client)
    one_of_everything()

    opened, refused = crawl(client)

    assert refused == []
    assert pages <= opened
