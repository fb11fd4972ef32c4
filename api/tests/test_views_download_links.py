"""A short-lived link to one purchased item, for the order's owner."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from api.tests.helpers import (
    JSON_API,
    error_pointers,
    fulfilled_order,
    fulfilled_order_paid,
)
from catalog.models import AssetFormat
from delivery.models import DownloadLink
from delivery.services import download_links_fulfil
from morpheus.db_context import system_scope
from morpheus_testing.factories import (
    ComicAssetFactory,
    ComicFactory,
    create_order,
    create_order_held_for_its_vat_evidence,
)
from orders.models import Order, OrderEventType
from orders.transitions import OrderStatus
from payments.services.disputes import DisputeEvent
from payments.tests.helpers import dispute_told


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


def order_of_a_comic_in_pdf_and_cbz(customer) -> Order:
    comic = ComicFactory(slug="neon-tide")  # with its PDF
    ComicAssetFactory(
        comic=comic,
        format=AssetFormat.CBZ,
        content_type="application/vnd.comicbook+zip",
        file_name="neon-tide.cbz",
        content=b"PK\x05\x06" + bytes(18),  # an empty zip archive
    )
    order = create_order(customer=customer, comics=[comic], status=OrderStatus.PAID)
    with system_scope():
        download_links_fulfil(order_id=order.pk, actor="test:fulfilment")
    return order


def ask_link_for(client, order: Order, file_format: str):
    document = {"data": {"type": "download-links", "attributes": {"format": file_format}}}
    item_id = order.items.get().pk
    return client.post(
        f"/api/v1/orders/{order.pk}/downloads/{item_id}/links",
        json.dumps(document),
        content_type=JSON_API,
    )


@pytest.mark.django_db
def test_an_item_lists_the_files_its_comic_comes_in_and_a_link_serves_the_one_asked_for(
    client, customer
):
    """Outside probe BF-1: the library offers a comic's PDF and its CBZ, the API only ever
    handed out the PDF, and refused any way of asking for the CBZ."""
    order = order_of_a_comic_in_pdf_and_cbz(customer)

    (item,) = client.get(f"/api/v1/orders/{order.pk}?include=items").json()["included"]
    assert [(file["format"], file["file_name"]) for file in item["attributes"]["files"]] == [
        ("pdf", "neon-tide.pdf"),
        ("cbz", "neon-tide.cbz"),
    ]

    response = ask_link_for(client, order, "cbz")

    assert response.status_code == 201, response.content
    assert response.json()["data"]["attributes"]["file_name"] == "neon-tide.cbz"
    download = client.get(response.json()["data"]["attributes"]["url"])
    assert download.status_code == 200
    assert 'filename="neon-tide.cbz"' in download["Content-Disposition"]
    assert ask_link(client, order).json()["data"]["attributes"]["file_name"] == "neon-tide.pdf"


@pytest.mark.django_db
def test_a_link_to_a_format_the_comic_does_not_come_in_is_refused_pointing_at_it(client, customer):
    order = order_of_a_comic_in_pdf_and_cbz(customer)

    response = ask_link_for(client, order, "epub")

    assert response.status_code == 422
    assert error_pointers(response) == {"/data/attributes/format"}
    assert response.json()["errors"][0]["detail"] == (
        f"{order.items.get().title} comes as PDF and CBZ, not EPUB."
    )


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
    assert "Your comic waits for our check" in detail
    # An order placed through the API has no checkout page where a country was chosen.
    assert "the country you gave at checkout differs from your card's" in detail


@pytest.mark.django_db
def test_an_item_of_another_order_is_404(client, customer):
    order, other = fulfilled_order(customer), fulfilled_order(customer)

    assert ask_link(client, order, other.items.get().pk).status_code == 404


@pytest.mark.django_db
def test_links_count_against_their_limit(client, customer, throttle_rates):
    throttle_rates("api_download_link", 0)

    assert ask_link(client, fulfilled_order(customer)).status_code == 429


@pytest.mark.django_db
def test_refused_links_count_nothing_against_the_limit(client, customer, throttle_rates):
    """Outside probe DS-2: links refused (an order that gives no access, an unknown item)
    used up the hour's links, which the limit counts as issued."""
    throttle_rates("api_download_link", 1, seconds=3600)
    order = fulfilled_order(customer)
    canceled = create_order(
        customer=customer, comics=[ComicAssetFactory().comic], status=OrderStatus.CANCELED
    )

    refused = [ask_link(client, canceled).status_code, ask_link(client, order, 999).status_code]

    assert refused == [409, 404]
    assert ask_link(client, order).status_code == 201


@pytest.mark.django_db
def test_a_link_refused_for_an_order_that_lost_part_of_its_payment_says_part(client, customer):
    """Outside probe HS-2: a dispute lost for what a refund left was said to have taken the
    whole payment back, where the order's page gives the amount."""
    order = fulfilled_order_paid(customer)
    dispute_told(order, "lost", order.total_amount - 100)

    refused = ask_link(client, order).json()["errors"][0]["detail"]

    assert refused == (
        f"Part of order {order.number}'s payment went back to your bank after a dispute: its "
        "downloads are closed for good."
    )


@pytest.mark.django_db
def test_a_link_refused_for_a_disputed_order_says_for_now_or_for_good(client, customer):
    """Outside probe DS-4: both read "is fulfilled and disputed"."""
    order = fulfilled_order_paid(customer)
    dispute_told(order, "needs_response", order.total_amount, event=DisputeEvent.CREATED)
    for_now = ask_link(client, order).json()["errors"][0]["detail"]
    dispute_told(order, "lost", order.total_amount)

    for_good = ask_link(client, order).json()["errors"][0]["detail"]

    assert for_now == (
        f"Order {order.number}'s payment is disputed: its downloads are suspended until the "
        "dispute ends."
    )
    assert for_good == (
        f"Order {order.number}'s payment went back to your bank after a dispute: its "
        "downloads are closed for good."
    )
