import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from delivery.models import DownloadAbuseAlert
from delivery.services import download_links_fulfil
from morpheus.db_context import system_scope
from morpheus_testing.factories import ComicAssetFactory, create_order
from orders.actors import SYSTEM
from orders.transitions import OrderStatus


def alert_on_an_order_with_links(links: int) -> DownloadAbuseAlert:
    order = create_order(
        comics=[ComicAssetFactory().comic for _ in range(links or 1)], status=OrderStatus.PAID
    )
    with system_scope():
        if links:
            download_links_fulfil(order_id=order.pk, actor=SYSTEM)
        now = timezone.now()
        return DownloadAbuseAlert.objects.create(
            order=order,
            networks=5,
            downloads=9,
            window_start=now - timedelta(hours=1),
            window_end=now,
            detected_at=now,
        )


@pytest.mark.parametrize(
    ("links", "words"),
    [(0, "no active link to suspend"), (1, "1 link suspended"), (2, "2 links suspended")],
)
def test_suspending_says_how_many_links_in_words(support_client, links, words):
    """Found by an outside probe: "1 link(s) suspended"."""
    alert = alert_on_an_order_with_links(links)

    response = support_client.post(
        reverse("admin:delivery_downloadabusealert_changelist"),
        {"action": "suspend_links", "_selected_action": [alert.pk]},
        follow=True,
    )

    assert [str(message) for message in response.context["messages"]] == [
        f"Order {alert.order.number}: {words}, customer emailed."
    ]


def test_an_alert_is_named_by_its_orders_number_in_its_page_title_and_its_refusals(
    support_client,
):
    """Found by outside testers: the page was titled "Abuse alert 1 on order 4", by keys."""
    alert = alert_on_an_order_with_links(1)
    named = f"Abuse alert on order {alert.order.number}"

    page = support_client.get(reverse("admin:delivery_downloadabusealert_change", args=[alert.pk]))
    for _ in range(2):
        again = support_client.post(
            reverse("admin:delivery_downloadabusealert_changelist"),
            {"action": "suspend_links", "_selected_action": [alert.pk]},
            follow=True,
        )

    assert re.search(rf"<title>\s*{re.escape(named)} \|", page.text)
    breadcrumbs = page.text.split('href="/admin/delivery/"')[1].split("</a >", 2)[1]
    assert breadcrumbs.split(">")[-1].strip() == "Link abuse alerts"  # as the menu names them
    assert [str(message) for message in again.context["messages"]] == [
        f"{named} was already suspended."
    ]
