"""A short-lived link to one purchased item, for the order's owner."""

from datetime import timedelta

import pytest
from django.utils import timezone

from api.tests.helpers import fulfilled_order
from delivery.models import DownloadLink
from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    ComicAssetFactory,
    create_order,
    create_order_held_for_its_vat_evidence,
)
from orders.models import Order, OrderEventType
from orders.transitions import OrderStatus


def ask_link(client, order: Order, item_id: int | None = None):
    item_id = item_id if item_id is not None else order.items.get().pk
    return client.post(f"/api/v1/orders/{order.pk}/downloads/{item_id}/links")


@pytest.mark.django_db
def test_a_link_for_one_item_serves_one_download_within_minutes(client, customer, settings):
    order = fulfilled_order(customer)

    response = ask_link(client, order)

    assert response.status_code == 201
    data = response.json()["data"]
    assert data["type"] == "download-links"
    expires_at = timezone.datetime.fromisoformat(data["attributes"]["expires_at"])
    lifetime = timedelta(seconds=settings.API_DOWNLOAD_LINK_TTL_SECONDS)
    assert timezone.now() < expires_at <= timezone.now() + lifetime
    assert data["attributes"]["max_downloads"] == 1
    url = data["attributes"]["url"]
    # JSON:API: a 201 says where the new resource is (found missing by an outside probe).
    assert response["Location"] == url
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_a_link_is_recorded_in_the_orders_history_and_leaves_the_other_links(client, customer):
    order = fulfilled_order(customer)
    with system_scope():
        active_before = DownloadLink.objects.filter(order=order, revoked_at=None).count()

    ask_link(client, order)

    with system_scope():
        assert DownloadLink.objects.filter(order=order, revoked_at=None).count() == (
            active_before + 1
        )
        event = order.events.filter(type=OrderEventType.DOWNLOAD_LINKS).latest("pk")
    assert event.data["action"] == "issued_one"
    assert event.data["item"] == order.items.get().pk


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status", [OrderStatus.PENDING, OrderStatus.CANCELED, OrderStatus.REFUNDED]
)
def test_no_link_for_an_order_that_gives_no_access(client, customer, status):
    order = create_order(customer=customer, comics=[ComicAssetFactory().comic], status=status)

    response = ask_link(client, order)

    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "not_entitled"


@pytest.mark.django_db
def test_no_link_while_the_order_is_disputed(client, customer):
    order = fulfilled_order(customer)
    with system_scope():
        Order.objects.filter(pk=order.pk).update(disputed_at=timezone.now())

    assert ask_link(client, order).status_code == 409


@pytest.mark.django_db
def test_no_link_while_the_order_is_held_for_a_check_of_its_vat_evidence(client, customer):
    order = create_order_held_for_its_vat_evidence(
        customer=customer, comics=[ComicAssetFactory().comic]
    )

    response = ask_link(client, order)

    assert response.status_code == 409
    detail = response.json()["errors"][0]["detail"]
    assert "Your comics wait for our check" in detail
    # An order placed through the API has no checkout page where a country was chosen.
    assert "the country this order is charged VAT for differs from your card's" in detail


@pytest.mark.django_db
def test_an_item_of_another_order_is_404(client, customer):
    order, other = fulfilled_order(customer), fulfilled_order(customer)

    assert ask_link(client, order, other.items.get().pk).status_code == 404


@pytest.mark.django_db
def test_links_count_against_their_limit(client, customer, throttle_rates):
    throttle_rates("api_download_link", 0)

    assert ask_link(client, fulfilled_order(customer)).status_code == 429
