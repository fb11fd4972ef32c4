"""`download_link_issue_one`: one short-lived, one-download link to one item (the API's)."""

import pytest
from django.utils import timezone

from delivery import errors
from delivery.models import DownloadLink
from delivery.services import download_link_issue_one
from delivery.tests.conftest import fulfilled_order
from morpheus.db_context import system_scope
from orders.models import Order

pytestmark = pytest.mark.django_db


def test_one_link_to_one_item_for_one_download_within_the_api_lifetime(settings):
    order, _ = fulfilled_order()
    item = order.items.get()

    with system_scope():
        issued = download_link_issue_one(order=order, item_id=item.pk, actor="test")
        link = DownloadLink.objects.get(pk=issued.link_id)

    assert (link.order_item_id, link.max_downloads) == (item.pk, 1)
    lifetime = (link.expires_at - timezone.now()).total_seconds()
    assert (
        settings.API_DOWNLOAD_LINK_TTL_SECONDS - 5
        < lifetime
        <= (settings.API_DOWNLOAD_LINK_TTL_SECONDS)
    )


def test_an_item_of_another_order_is_refused():
    order, _ = fulfilled_order()
    other, _ = fulfilled_order()

    with system_scope(), pytest.raises(errors.ItemUnknown):
        download_link_issue_one(order=order, item_id=other.items.get().pk, actor="test")


def test_a_disputed_order_gets_no_link():
    order, _ = fulfilled_order()
    with system_scope():
        Order.objects.filter(pk=order.pk).update(disputed_at=timezone.now())

        with pytest.raises(errors.NotEntitled):
            download_link_issue_one(order=order, item_id=order.items.get().pk, actor="test")
