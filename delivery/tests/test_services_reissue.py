import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from delivery import errors
from delivery.models import DownloadLink
from delivery.selectors import download_links_active
from delivery.services import (
    REISSUES_PER_HOUR,
    download_links_reissue,
    download_links_reissue_by_staff,
    download_links_resend,
    download_links_revoke,
)
from delivery.tests.conftest import fulfilled_order
from morpheus.db_context import Scope, rls_scope
from morpheus_testing.factories import UserFactory
from orders import services
from orders.errors import StaleOrder
from orders.models import Order, OrderEvent, OrderEventType

pytestmark = pytest.mark.django_db


def _reissue_url(order):
    return f"/downloads/orders/{order.number}/reissue/"


def _paths_on(page) -> list[str]:
    """The download links a page shows (the site's navigation aside)."""
    html = page.content.decode()
    hrefs = [part.split('"', 1)[0] for part in html.split('href="')[1:]]
    library = reverse("delivery:library")
    return [href for href in hrefs if href.startswith("/downloads/") and href != library]


def test_owner_gets_fresh_links_once_and_the_old_link_stops_working(client, order_and_link):
    order, old = order_and_link
    client.force_login(order.customer)

    page = client.post(_reissue_url(order))

    assert page.status_code == 200
    (fresh_path,) = _paths_on(page)
    assert fresh_path != old.path
    assert client.get(old.path).status_code == 403
    assert client.get(fresh_path).status_code == 200
    assert "no-store" in page["Cache-Control"]


def test_reissue_is_rate_limited_per_order_and_hour(client, order_and_link):
    order, _ = order_and_link
    client.force_login(order.customer)

    statuses = [client.post(_reissue_url(order)).status_code for _ in range(REISSUES_PER_HOUR + 1)]

    assert statuses == [200] * REISSUES_PER_HOUR + [429]


def test_reissue_needs_a_signed_in_customer(client, order_and_link):
    order, _ = order_and_link

    response = client.post(_reissue_url(order))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_reissue_needs_a_csrf_token(order_and_link):
    order, _ = order_and_link
    client = Client(enforce_csrf_checks=True)
    client.force_login(order.customer)

    response = client.post(_reissue_url(order))

    assert response.status_code == 403
    assert DownloadLink.objects.filter(order=order, revoked_at__isnull=True).count() == 1


def test_reissue_is_post_only(client, order_and_link):
    order, _ = order_and_link
    client.force_login(order.customer)

    assert client.get(_reissue_url(order)).status_code == 405


def test_another_customer_cannot_reissue_someone_elses_links(client, order_and_link):
    order, old = order_and_link
    client.force_login(UserFactory())

    response = client.post(_reissue_url(order))

    assert response.status_code == 404
    assert DownloadLink.objects.filter(order=order).count() == 1
    assert client.get(old.path).status_code == 200


def test_a_refunded_order_gets_no_fresh_links(client, order_and_link):
    order, _ = order_and_link
    services.order_transition(name="refund", order=order, actor="test", reason="refund")
    client.force_login(order.customer)

    response = client.post(_reissue_url(order))

    assert response.status_code == 403
    assert DownloadLink.objects.filter(order=order).count() == 1


def test_staff_reissue_ignores_the_customer_rate_limit(order_and_link):
    order, _ = order_and_link
    for _ in range(REISSUES_PER_HOUR):
        download_links_reissue(order=order, actor="customer:reader")

    links = download_links_reissue_by_staff(order=order, actor="staff:ops", reason="lost email")

    assert len(links) == 1
    assert DownloadLink.objects.filter(order=order, revoked_at__isnull=True).count() == 1


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
    download_links_reissue(order=order, actor="customer:reader")

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
