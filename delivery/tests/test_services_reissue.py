import pytest
from django.conf import settings

from delivery import errors
from delivery.models import DownloadLink
from delivery.selectors import download_links_active
from delivery.services import (
    download_links_reissue_by_staff,
    download_links_resend,
    download_links_revoke,
)
from delivery.tests.conftest import fulfilled_order
from morpheus.db_context import Scope, rls_scope
from morpheus_testing.factories import UserFactory
from morpheus_testing.texts import clock_hidden
from orders import services
from orders.errors import StaleOrder
from orders.models import Order, OrderEvent, OrderEventType

pytestmark = pytest.mark.django_db


def test_nothing_a_customer_can_post_revokes_the_emailed_links(client, order_and_link):
    """The old customer re-issue path is gone: a guest link's holder cannot stop the
    buyer's emailed links (the library gives fresh one-download links instead)."""
    order, emailed = order_and_link
    client.force_login(order.customer)

    response = client.post(f"/downloads/orders/{order.number}/reissue/")

    assert response.status_code == 404
    assert client.head(emailed.path).status_code == 200


def test_staff_reissue_replaces_the_links(order_and_link):
    order, old = order_and_link

    links = download_links_reissue_by_staff(order=order, actor="staff:ops", reason="lost email")

    assert len(links) == 1
    assert DownloadLink.objects.filter(order=order, revoked_at__isnull=True).count() == 1
    assert DownloadLink.objects.get(pk=old.link_id).revoked_at is not None


def test_staff_cannot_reissue_for_a_disputed_order(order_and_link):
    order, _ = order_and_link
    services.order_mark_disputed(order=order, actor="test", reason="chargeback")

    with pytest.raises(errors.NotEntitled):
        download_links_reissue_by_staff(order=order, actor="staff:ops", reason="asked")


def test_revoking_stops_every_active_link_once_and_leaves_an_event():
    assets_order, links = fulfilled_order()

    first = download_links_revoke(order=assets_order, reason="refunded", actor="stripe:evt_1")
    second = download_links_revoke(order=assets_order, reason="refunded", actor="stripe:evt_1")

    assert (first, second) == (len(links), 0)
    link = DownloadLink.objects.get(order=assets_order)
    assert link.revoked_at is not None and link.revoked_reason == "refunded"
    revocations = OrderEvent.objects.filter(
        order=assets_order, type=OrderEventType.DOWNLOAD_LINKS, data__action="revoked"
    )
    assert revocations.count() == 1


def test_the_order_page_state_lists_only_current_links_with_downloads_left(client, order_and_link):
    order, old = order_and_link
    client.get(old.path)
    download_links_reissue_by_staff(order=order, actor="staff:ops", reason="lost email")

    with rls_scope(scope=Scope.CUSTOMER, user_id=order.customer_id):
        (state,) = download_links_active(order=order)

    assert (state.downloads_left, state.usable) == (settings.DOWNLOAD_LINK_MAX_DOWNLOADS, True)


def test_the_order_page_state_shows_another_customer_nothing(order_and_link):
    order, _ = order_and_link

    with rls_scope(scope=Scope.CUSTOMER, user_id=UserFactory().pk):
        assert download_links_active(order=order) == []


def test_staff_resend_refuses_an_outdated_copy_of_the_order(order_and_link):
    """The README's claim: a page's stale copy gets a conflict, in the service itself."""
    order, _ = order_and_link
    stale = Order.objects.get(pk=order.pk)
    services.order_flag(order=order, actor="staff:ada", reason="look at this")

    with pytest.raises(StaleOrder):
        download_links_resend(order=stale, actor="staff:ops", reason="lost email")


def test_a_resend_that_lost_a_race_names_the_colleagues_resend_and_no_status_it_had_all_along(
    order_and_link,
):
    """Found by an outside probe: of two pages sent at once, both checked against the
    fulfilled order, the second was told "(now fulfilled)"; and its last change was the one
    before the colleague's re-send, whose job had not run yet (outside probe DB-1)."""
    order, _ = order_and_link
    loaded = Order.objects.get(pk=order.pk)
    download_links_resend(order=order, actor="staff:ada", reason="lost email")

    with pytest.raises(StaleOrder) as refused:
        download_links_resend(order=loaded, actor="staff:ops", reason="lost email")

    assert clock_hidden(str(refused.value)) == (
        f"Order {order.number} has changed since this page was loaded (the last change: "
        "fresh download links asked for by Staff: ada at HH:MM UTC). Nothing was done: look "
        "at it again and retry."
    )
